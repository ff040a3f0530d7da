// The blocks open at a point of a token stream, and what the grammar accepts there. The
// grammar's own content assist (chevrotain's computeContentAssist) answers from the tokens of
// the innermost block only, with nested blocks that are already closed collapsed to `{ }`: a
// mistake elsewhere in the file, or inside a finished block, does not blind it, and the work
// stays proportional to one block. Used by the editor services (what to complete at the cursor)
// and by the parser's diagnostics (which keyword a misspelt word was meant to be).
import { createTokenInstance, tokenMatcher, type ISyntacticContentAssistPath, type IToken, type TokenType } from 'chevrotain';
import { parserInstance } from './parser.ts';
import { Identifier, keywords as K, LBrace, Name, RBrace } from './tokens.ts';

export type BlockKind =
  | 'file'
  | 'procedure'
  | 'fragment'
  | 'source'
  | 'agency'
  | 'form'
  | 'group'
  | 'documents'
  | 'fee'
  | 'tiers'
  | 'workflow'
  | 'state'
  | 'result'
  | 'scenario'
  | 'choice'
  | 'unknown';

export interface Block {
  readonly kind: BlockKind;
  /** Index of the `{` (-1 for the file). */
  readonly open: number;
  /** Index of the keyword that starts the construct owning the block. */
  readonly header: number;
  /** The construct's name (`group child {` → `child`). */
  readonly name?: string;
}

// The rule whose block each kind is, and the smallest header that opens it.
const blockRules: Partial<Record<BlockKind, { rule: string; header: TokenType[] }>> = {
  file: { rule: 'file', header: [] },
  procedure: { rule: 'procedure', header: [K.procedure, Identifier, LBrace] },
  fragment: { rule: 'fragment', header: [K.fragment, Identifier, LBrace] },
  source: { rule: 'source', header: [K.source, Identifier, LBrace] },
  agency: { rule: 'agency', header: [K.agency, Identifier, LBrace] },
  form: { rule: 'form', header: [K.form, LBrace] },
  group: { rule: 'group', header: [K.group, Identifier, LBrace] },
  documents: { rule: 'documents', header: [K.documents, LBrace] },
  fee: { rule: 'fee', header: [K.fee, Identifier, LBrace] },
  tiers: { rule: 'feeAmount', header: [K.tiered, K.by, Identifier, LBrace] },
  workflow: { rule: 'workflow', header: [K.workflow, LBrace] },
  state: { rule: 'state', header: [K.state, Identifier, LBrace] },
  result: { rule: 'result', header: [K.result, Identifier, LBrace] },
  scenario: { rule: 'scenario', header: [K.scenario, Identifier, LBrace] },
};

/** Constructs with a block, by the block they are items of; `named`: the keyword is followed by a name. */
const childBlocks: Partial<Record<BlockKind, ReadonlyArray<{ word: TokenType; kind: BlockKind; named: boolean }>>> = {
  file: [
    { word: K.procedure, kind: 'procedure', named: true },
    { word: K.fragment, kind: 'fragment', named: true },
    { word: K.source, kind: 'source', named: true },
    { word: K.agency, kind: 'agency', named: true },
  ],
  procedure: [
    { word: K.form, kind: 'form', named: false },
    { word: K.documents, kind: 'documents', named: false },
    { word: K.workflow, kind: 'workflow', named: false },
    { word: K.fee, kind: 'fee', named: true },
    { word: K.result, kind: 'result', named: true },
    { word: K.scenario, kind: 'scenario', named: true },
  ],
  form: [{ word: K.group, kind: 'group', named: true }],
  fragment: [{ word: K.group, kind: 'group', named: true }],
  fee: [{ word: K.tiered, kind: 'tiers', named: false }],
  workflow: [
    { word: K.state, kind: 'state', named: true },
    { word: K.final, kind: 'state', named: true },
  ],
};

function synthetic(type: TokenType): IToken {
  const image = type === Identifier ? 'x' : type === LBrace ? '{' : type.name.replace(/^Kw_/, '');
  return createTokenInstance(type, image, NaN, NaN, NaN, NaN, NaN, NaN);
}

/** The kind of the block a `{` at `k` opens, from the tokens before it in its parent block. */
function blockOpenedAt(tokens: readonly IToken[], k: number, parent: Block, openOf: ReadonlyMap<number, number>): Block {
  if (tokens[k - 1]?.tokenType === K.choice) return { kind: 'choice', open: k, header: k - 1 };
  const children = childBlocks[parent.kind] ?? [];
  for (let i = k - 1; i > parent.open; i--) {
    const t = tokens[i]!;
    if (t.tokenType === RBrace) {
      i = openOf.get(i) ?? i; // skip a closed nested block
      continue;
    }
    const child = children.find((c) => c.word === t.tokenType);
    if (!child) continue;
    const next = tokens[i + 1];
    if (child.named) {
      if (i + 1 < k && next && tokenMatcher(next, Name)) return { kind: child.kind, open: k, header: i, name: next.image };
    } else if (child.kind === 'tiers' || i + 1 === k) {
      return { kind: child.kind, open: k, header: i };
    }
  }
  return { kind: 'unknown', open: k, header: k };
}

/** The blocks open before token `end` (outermost, the file, first), and the `{` of each `}` closed before it. */
export function openBlocks(tokens: readonly IToken[], end: number): { blocks: Block[]; openOf: Map<number, number> } {
  const blocks: Block[] = [{ kind: 'file', open: -1, header: -1 }];
  const openOf = new Map<number, number>();
  for (let k = 0; k < end; k++) {
    const t = tokens[k]!;
    if (t.tokenType === LBrace) blocks.push(blockOpenedAt(tokens, k, blocks[blocks.length - 1]!, openOf));
    else if (t.tokenType === RBrace && blocks.length > 1) openOf.set(k, blocks.pop()!.open);
  }
  return { blocks, openOf };
}

/** The tokens of a block up to `end`, with nested closed blocks emptied (`form { }`). */
export function blockBody(tokens: readonly IToken[], block: Block, end: number, openOf: ReadonlyMap<number, number>): IToken[] {
  const closeOf = new Map<number, number>();
  for (const [close, open] of openOf) closeOf.set(open, close);
  const out: IToken[] = [];
  for (let k = block.open + 1; k < end; k++) {
    out.push(tokens[k]!);
    const close = closeOf.get(k);
    if (close !== undefined && close < end) {
      out.push(tokens[close]!);
      k = close;
    }
  }
  return out;
}

const firstSets = new Map<BlockKind, Set<TokenType>>();

/** The tokens that may start an item of a block of this kind. */
function firstOfItems(kind: BlockKind): Set<TokenType> {
  let set = firstSets.get(kind);
  if (!set) {
    const r = blockRules[kind]!;
    const paths = parserInstance().computeContentAssist(r.rule, r.header.map(synthetic));
    set = new Set(paths.map((p) => p.nextTokenType).filter((t) => t !== RBrace));
    firstSets.set(kind, set);
  }
  return set;
}

/** Whether every item of a block of this kind starts with a keyword (a transition starts with its name). */
const keywordItems = (kind: BlockKind) => [...firstOfItems(kind)].every((t) => t.name.startsWith('Kw_'));

const startsItem = (t: IToken, first: ReadonlySet<TokenType>) => [...first].some((f) => tokenMatcher(t, f));

/** How many tokens content assist may still read (about 20 µs each): what the parser's diagnostics spend per file. */
export interface AssistBudget {
  tokens: number;
}

/** Past this many tokens, a block (or an item) is not read for the parser's diagnostics. */
const MAX_ASSIST_TOKENS = 400;

/**
 * What the grammar accepts after `body`, the tokens of a block of this kind so far: read from
 * the start of the block, or where an earlier mistake stops that, from the latest item that
 * still reads. With a `budget` (the parser's diagnostics, which must stay fast on a form of a
 * thousand fields with an error in each): the latest item is read first where every item
 * starts with a keyword (`field`, `doc`: the items before it cannot change what follows); a
 * block or item longer than MAX_ASSIST_TOKENS is not read, nor more than a few items, nor more
 * tokens than the budget has left.
 */
export function assist(kind: BlockKind, body: readonly IToken[], budget?: AssistBudget): ISyntacticContentAssistPath[] {
  const r = blockRules[kind];
  if (!r) return [];
  const parser = parserInstance();
  const header = r.header.map(synthetic);
  const first = firstOfItems(kind);
  const affords = (n: number) => !budget || (n <= MAX_ASSIST_TOKENS && n <= budget.tokens);
  const read = (tokens: readonly IToken[]) => {
    if (budget) budget.tokens -= tokens.length;
    return parser.computeContentAssist(r.rule, [...header, ...tokens]);
  };
  if (budget && keywordItems(kind)) {
    let s = body.length - 1;
    while (s > 0 && !startsItem(body[s]!, first)) s--;
    if (s > 0 && affords(body.length - s)) {
      const paths = read(body.slice(s));
      if (paths.length) return paths;
    }
  }
  if (affords(body.length)) {
    const whole = read(body);
    if (whole.length) return whole;
  }
  // A mistake earlier in the block: start from the latest item that still reads.
  const maxTries = budget ? 3 : 40;
  let tries = 0;
  for (let s = body.length - 1; s > 0 && tries < maxTries; s--) {
    if (!startsItem(body[s]!, first)) continue;
    if (!affords(body.length - s)) break;
    tries++;
    const paths = read(body.slice(s));
    if (paths.length) return paths;
  }
  return [];
}

/**
 * The keywords the grammar accepts in place of token `index` (the words that could stand where
 * it is), within `budget`. Empty inside a `choice { … }`, in blocks it cannot place, and past the budget.
 */
export function keywordsAcceptedAt(tokens: readonly IToken[], index: number, budget: AssistBudget): string[] {
  if (budget.tokens <= 0) return [];
  const { blocks, openOf } = openBlocks(tokens, index);
  const block = blocks[blocks.length - 1]!;
  if (block.kind === 'choice' || block.kind === 'unknown') return [];
  const paths = assist(block.kind, blockBody(tokens, block, index, openOf), budget);
  const out = new Set<string>();
  for (const p of paths) if (p.nextTokenType.name.startsWith('Kw_')) out.add(p.nextTokenType.name.slice(3));
  return [...out];
}
