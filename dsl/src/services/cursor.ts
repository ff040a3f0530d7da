// Where the cursor is, syntactically, in text that is being typed and so rarely parses: the
// blocks open around it (from the braces before it) and what the grammar accepts next. The
// grammar's own content assist (chevrotain's computeContentAssist) answers the second
// question from the tokens of the innermost block only, with nested blocks that are already
// closed collapsed to `{ }`: a mistake elsewhere in the file, or inside a finished block, does
// not blind it, and the work stays proportional to one block.
import { createTokenInstance, tokenMatcher, type ISyntacticContentAssistPath, type IToken, type TokenType } from 'chevrotain';
import { parserInstance } from '../syntax/parser.ts';
import { And, False, Identifier, In, keywords as K, LBrace, Name, Not, Or, RBrace, StringLiteral, True, UnterminatedString } from '../syntax/tokens.ts';
import type { ParsedFile } from '../workspace.ts';
import { inComment, lastTokenBefore, lexed, tokenEnd } from './tokens.ts';

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

export interface CursorContext {
  readonly tokens: readonly IToken[];
  /** Tokens before the cursor, without the word being typed. */
  readonly before: number;
  /** Open blocks, outermost (the file) first. */
  readonly blocks: readonly Block[];
  /** What the grammar accepts at the cursor. */
  readonly paths: readonly ISyntacticContentAssistPath[];
}

const hardWords = new Set<TokenType>([And, Or, Not, In, True, False]);
export const isWord = (t: IToken) => tokenMatcher(t, Name) || hardWords.has(t.tokenType);

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

function openBlocks(tokens: readonly IToken[], end: number): { blocks: Block[]; openOf: Map<number, number> } {
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
function blockBody(tokens: readonly IToken[], block: Block, end: number, openOf: ReadonlyMap<number, number>): IToken[] {
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

function assist(kind: BlockKind, body: readonly IToken[]): ISyntacticContentAssistPath[] {
  const r = blockRules[kind];
  if (!r) return [];
  const parser = parserInstance();
  const header = r.header.map(synthetic);
  const whole = parser.computeContentAssist(r.rule, [...header, ...body]);
  if (whole.length) return whole;
  // A mistake earlier in the block: start from the latest item that still reads.
  const first = firstOfItems(kind);
  let tries = 0;
  for (let s = body.length - 1; s > 0 && tries < 40; s--) {
    const t = body[s]!;
    if (![...first].some((f) => tokenMatcher(t, f))) continue;
    tries++;
    const paths = parser.computeContentAssist(r.rule, [...header, ...body.slice(s)]);
    if (paths.length) return paths;
  }
  return [];
}

/** The syntactic context at `offset`, or undefined where nothing can be completed (strings, comments, numbers). */
export function cursorContext(file: ParsedFile, offset: number): CursorContext | undefined {
  const { tokens, comments } = lexed(file);
  if (inComment(comments, offset)) return undefined;
  let before = lastTokenBefore(tokens, offset) + 1;
  const t = tokens[before - 1];
  if (t && offset <= tokenEnd(t)) {
    const inside = offset < tokenEnd(t);
    if (tokenMatcher(t, StringLiteral)) {
      if (inside || t.tokenType === UnterminatedString) return undefined;
    } else if (isWord(t)) before--; // the word being typed: complete what may stand in its place
    else if (inside) return undefined;
  }
  const { blocks, openOf } = openBlocks(tokens, before);
  const block = blocks[blocks.length - 1]!;
  if (block.kind === 'choice' || block.kind === 'unknown') return { tokens, before, blocks, paths: [] };
  const paths = assist(block.kind, blockBody(tokens, block, before, openOf));
  return { tokens, before, blocks, paths };
}
