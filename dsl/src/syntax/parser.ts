// The parser: chevrotain embedded actions build the immutable AST directly (no CST), which
// halves the work per token. Error recovery is on, so one pass reports every mistake; rules
// that fail return `undefined` and their callers drop them.
import { EmbeddedActionsParser, EOF, tokenMatcher, type IOrAlt, type IRecognitionException, type OrMethodOpts, type IToken, type TokenType } from 'chevrotain';
import type * as A from '../ast.ts';
import {
  allTokens,
  And,
  Arrow,
  Colon,
  Comma,
  Currency,
  DateLiteral,
  DateTime,
  Dot,
  Equals,
  EqEq,
  False,
  Gt,
  GtEq,
  Identifier,
  In,
  keywords as K,
  LBrace,
  LBracket,
  LParen,
  Lt,
  LtEq,
  Minus,
  Name,
  Not,
  NotEq,
  NumberLiteral,
  Or,
  Percent,
  Plus,
  RBrace,
  RBracket,
  RParen,
  Slash,
  Star,
  StringLiteral,
  True,
} from './tokens.ts';
import { errorMessageProvider } from './parse-errors.ts';

const NO_SPAN: A.Span = { start: 0, end: 0 };

interface ChevrotainInternals {
  SAVE_ERROR(error: IRecognitionException): IRecognitionException;
  /** The token types recovery may resync on here: what may follow every open rule (EOF included). */
  flattenFollowSet(): TokenType[];
  tokVector: IToken[];
  currIdx: number;
  /** Makes LA(1) the end of the input: every open rule then closes. */
  moveToTerminatedState(): void;
}
/** What may follow a keyword that begins a clause: a name or a literal (`field age`, `copies 2`, `help "…"`). */
const operandStarts = new Set<TokenType>([Identifier, StringLiteral, NumberLiteral, DateLiteral, DateTime]);
/**
 * Soft keywords never followed by a name or a literal: flags (`signed`, `locked`), words followed
 * by another keyword (`visible when`, `tiered by`, `extend to`) or by `{` (`choice {`). Where an
 * expression starts, such a word is always a name (a guard `requires signed` before the next
 * transition `refuse -> …`).
 */
const bareKeywords = new Set<TokenType>(
  ([
    'required', 'optional', 'visible', 'prefill', 'locked', 'repeated', 'choice', 'signed', 'generated',
    'waived', 'tiered', 'up', 'above', 'due', 'working', 'day', 'days', 'hour', 'hours', 'pauses',
    'clock', 'restarts', 'stops', 'handover', 'valid', 'authoritative', 'extension', 'form',
    'documents', 'workflow', 'extend',
  ] as const).map((w) => K[w]),
);

/** Sub-rule results are placeholders while recording the grammar and may be missing after recovery. */
const list = <T>(x: T[] | undefined): T[] => (Array.isArray(x) ? x : []);

/*
 * Every list of alternatives given to OR is built once, in a field (`…Alts`), not at each call.
 * An ALT may use `this` but no local of its rule: a rule's `start` is read again, with
 * `this.here()`, as the first statement of the ALT (the lookahead has consumed nothing), and an
 * ALT hands its parts back to the rule, which builds the node. Built at each call, the lists cost
 * an array, an object and a closure per alternative; under tsx (the server, the fuzzer) each
 * `{ ALT: () => … }` also became `__name(fn, "ALT")` (esbuild's keepNames): one
 * Object.defineProperty per alternative per call, which made the parser three to four times
 * slower than bundled (a 600 KB file took more than a second). A function expression in any
 * other naming position inside a rule (`GATE: () => …`, `const f = () => …`) costs the same:
 * pass it as an argument (`gated`) or make it a field. large-input.test.ts guards this.
 */
/** MANY/OPTION options with a gate, without naming the closures (see above). */
const gated = <T>(GATE: () => boolean, DEF: () => T) => ({ GATE, DEF });
const always = (): boolean => true;

/** The parts of a meta line (`code "…"`, `agency a, b`, `effective …`), which `meta` makes a node of. */
interface MetaParts {
  readonly keyTok: IToken;
  readonly strings?: A.StringLit[];
  readonly titleEn?: A.StringLit | undefined;
  readonly names?: A.Ident[];
  readonly number?: A.MetaItem['number'];
  readonly dates?: A.DateRange;
}
/** After the left operand of a comparison: `== right` or `[not] in list`. */
type ComparisonTail =
  | { readonly op: A.BinaryOp; readonly right: A.Expr }
  | { readonly op: 'in'; readonly negated: boolean; readonly list: A.Expr };
/** What follows `at <time>` in a scenario. */
type AtStep = { readonly kind: 'Do'; readonly actions: A.Ident[] } | { readonly kind: 'Extend'; readonly to: A.DateTimeLit; readonly reason: A.StringLit };
/** One `basis "…", "…"` or `effective …` of rule metadata. */
type MetaClause = { readonly basis: A.StringLit[] } | { readonly effective: A.DateRange };
/** A label as written: the Vietnamese text and its English companion (`"Vi" en "En"`). */
interface Texts {
  readonly vi?: A.StringLit;
  readonly en?: A.StringLit;
}
/** `en` written without the text it needs (parse() reports MC1009): the English after it, or the Vietnamese before it. */
export interface EnglishMistake {
  readonly span: A.Span;
  readonly missing: 'en' | 'vi';
}

/** A node's `label` and `labelEn`, each only when written (`t` is a placeholder while recording). */
function labelled(t: Texts | undefined): { label?: A.StringLit; labelEn?: A.StringLit } {
  const vi = t?.vi;
  const en = t?.en;
  return vi ? (en ? { label: vi, labelEn: en } : { label: vi }) : en ? { labelEn: en } : {};
}

/** What a rule yields when recovery abandons it: an empty, well-typed node (passes skip empty names). */
const missingIdent: A.Ident = { text: '', span: NO_SPAN };
export const MISSING_EXPR: A.Expr = { kind: 'Path', span: NO_SPAN, segments: [] };

/**
 * Expression trees deeper than this are cut (parse() reports MC1008): every pass over an
 * expression recurses, and a chain of thousands of `+` would overflow the stack.
 */
export const MAX_EXPR_DEPTH = 256;
const recovery = {
  expr: { recoveryValueFunc: () => MISSING_EXPR },
  path: { recoveryValueFunc: (): A.PathExpr => ({ kind: 'Path', span: NO_SPAN, segments: [] }) },
  typeRef: { recoveryValueFunc: (): A.TypeRef => ({ span: NO_SPAN, name: missingIdent, options: [] }) },
  duration: { recoveryValueFunc: (): A.Duration => ({ span: NO_SPAN, amount: 0, unit: 'working_days' }) },
  list: { recoveryValueFunc: () => [] },
  meta: { recoveryValueFunc: (): A.RuleMeta => ({ basis: [] }) },
  dates: { recoveryValueFunc: (): A.DateRange => ({ from: { value: '', span: NO_SPAN }, span: NO_SPAN }) },
  feeAmount: { recoveryValueFunc: (): A.FeeAmount => ({ kind: 'Fixed', span: NO_SPAN, value: MISSING_EXPR }) },
  given: { recoveryValueFunc: (): A.GivenItem => ({ span: NO_SPAN, key: { kind: 'Path', span: NO_SPAN, segments: [] }, value: MISSING_EXPR }) },
};

/** Strip quotes and resolve `\"`, `\\`, `\n`, `\t` in a string token. */
export function unquote(image: string): string {
  // Closed when the last `"` is not itself escaped: `"\\"` is closed, `"\"` is not.
  let slashes = 0;
  for (let i = image.length - 2; i > 0 && image[i] === '\\'; i--) slashes++;
  const closed = image.length >= 2 && image.endsWith('"') && slashes % 2 === 0;
  const body = closed ? image.slice(1, -1) : image.slice(1);
  if (!body.includes('\\')) return body;
  return body.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

export function parseNumber(image: string): number {
  return Number(image.includes('_') ? image.replace(/_/g, '') : image);
}

/**
 * Offset just past a token. The lexer tracks offsets only, so its tokens have no `endOffset`;
 * the virtual `}` that close open blocks at the end of the file carry one (they are empty).
 */
const tokenEnd = (t: IToken): number => (t.endOffset === undefined ? t.startOffset + t.image.length : t.endOffset + 1);

class ProcedureParser extends EmbeddedActionsParser {
  /** Length of the text being parsed, to give EOF a position. */
  textLength = 0;
  /** The text being parsed, to see line breaks between tokens (see sameLine). */
  text = '';
  /** Spans of expressions cut at MAX_EXPR_DEPTH; parse() resets and reports them. */
  tooDeep: A.Span[] = [];
  /**
   * Errors still recorded before the rest of the input is skipped; parse() sets it. Recovery
   * walks the grammar for every error (~0.1 ms each), so pasted garbage would take seconds.
   */
  errorBudget = Infinity;
  /**
   * How deep composite expressions are (leaves are 0), for nest(): the last one built, and the
   * others not yet nested in another (there are few: a chain `1 + 1 + …` only ever nests the
   * last one). It used to be a WeakMap of every node, which cost as much as the rest of the
   * parse on long chains (each set, and each garbage collection, walks its entries).
   */
  private readonly depths = new Map<A.Expr, number>();
  private last: A.Expr | undefined;
  private lastDepth = 0;
  /**
   * Where the clause whose nested alternatives are running starts: set just before an inner OR
   * whose ALTs need it, read by them as their first statement (`due on …`, `issue …`).
   */
  private clauseStart = 0;
  /** Misplaced `en`s of the input; parse() resets and reports them (MC1009). */
  englishMistakes: EnglishMistake[] = [];
  /** Whether a name may follow the label being parsed (set by `label` for its alternatives). */
  private labelNameMayFollow = false;

  /**
   * `validate`: run chevrotain's grammar validations (ambiguities, left recursion, unreachable
   * alternatives). They take half of the construction, which every cold start pays, and find
   * nothing in a grammar that passed them once: grammar.test.ts runs them, production skips them.
   */
  constructor(options: { readonly validate?: boolean } = {}) {
    super(allTokens, { recoveryEnabled: true, maxLookahead: 3, errorMessageProvider, skipValidations: !options.validate });
    this.performSelfAnalysis();
  }

  // chevrotain records every recognition error through SAVE_ERROR (absent from its typings).
  SAVE_ERROR(error: IRecognitionException): IRecognitionException {
    if (--this.errorBudget === 0) (this as unknown as ChevrotainInternals).moveToTerminatedState();
    return (EmbeddedActionsParser.prototype as unknown as ChevrotainInternals).SAVE_ERROR.call(this, error);
  }

  /**
   * Chevrotain's own version walks forward from LA(1) testing every token against the whole follow
   * set, on every recovery: with the next resync point far away (an unclosed block before a huge
   * expression) each error costs a scan of the rest of the file, so a 400 KB mutant took 1.6 s.
   * Same answer — the first follow-set type that matches the nearest token any of them matches —
   * from an index of where each token type occurs, built once per input.
   */
  findReSyncTokenType(): TokenType {
    const self = this as unknown as ChevrotainInternals;
    const follow = self.flattenFollowSet();
    const tokens = self.tokVector;
    if (this.resyncIndexOf !== tokens) {
      this.resyncIndex = new Map();
      for (let i = 0; i < tokens.length; i++) {
        const idx = tokens[i]!.tokenType.tokenTypeIdx!;
        const at = this.resyncIndex.get(idx);
        if (at) at.push(i);
        else this.resyncIndex.set(idx, [i]);
      }
      this.resyncIndexOf = tokens;
    }
    const from = self.currIdx + 1;
    let nearest = tokens.length;
    for (const type of follow) {
      const kinds = type.isParent ? [type.tokenTypeIdx!, ...(type.categoryMatches ?? [])] : [type.tokenTypeIdx!];
      for (const kind of kinds) {
        const at = this.resyncIndex.get(kind);
        if (!at) continue;
        let lo = 0;
        let hi = at.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (at[mid]! < from) lo = mid + 1;
          else hi = mid;
        }
        if (lo < at.length && at[lo]! < nearest) nearest = at[lo]!;
      }
    }
    const token = nearest < tokens.length ? tokens[nearest]! : this.LA(tokens.length - self.currIdx + 1);
    return follow.find((type) => tokenMatcher(token, type)) ?? EOF;
  }
  private resyncIndex = new Map<number, number[]>();
  private resyncIndexOf: IToken[] | undefined;

  /** `node`, or when it would make the tree deeper than MAX_EXPR_DEPTH a placeholder (reported by parse()). */
  private nest(node: A.Expr, children: ReadonlyArray<A.Expr | undefined>): A.Expr {
    if (this.RECORDING_PHASE) return node;
    let depth = 0;
    let nestsLast = false;
    for (const c of children) {
      if (!c) continue;
      if (c === this.last) nestsLast = true;
      depth = Math.max(depth, c === this.last ? this.lastDepth : (this.depths.get(c) ?? 0));
    }
    // A node is nested at most once: the last one, unless nested here, may be nested later.
    if (this.last && !nestsLast) this.depths.set(this.last, this.lastDepth);
    if (depth >= MAX_EXPR_DEPTH) {
      this.last = undefined;
      this.tooDeep.push(node.span);
      return { kind: 'Path', span: node.span, segments: [] };
    }
    this.last = node;
    this.lastDepth = depth + 1;
    return node;
  }

  /** Forget the depths of the last input (parse() calls it before and after). */
  resetDepths(): void {
    this.depths.clear();
    this.last = undefined;
    this.lastDepth = 0;
  }

  // ------------------------------------------------------------------------- span helpers

  private tokSpan(t: IToken): A.Span {
    if (this.RECORDING_PHASE || Number.isNaN(t.startOffset)) return NO_SPAN;
    return { start: t.startOffset, end: tokenEnd(t) };
  }

  private here(): number {
    if (this.RECORDING_PHASE) return 0;
    const t = this.LA(1);
    return Number.isNaN(t.startOffset) ? this.textLength : t.startOffset;
  }

  /** Span from `start` to the end of the last consumed token. */
  private from(start: number): A.Span {
    if (this.RECORDING_PHASE) return NO_SPAN;
    const last = this.LA(0);
    const end = last.tokenType === EOF || Number.isNaN(last.startOffset) ? start : tokenEnd(last);
    return { start, end: Math.max(start, end) };
  }

  private ident(t: IToken): A.Ident {
    return { text: t.image, span: this.tokSpan(t) };
  }

  /** A scenario time, kept as `YYYY-MM-DDTHH:mm` whether written with a space or a `T`. */
  private dateTime(t: IToken): A.DateTimeLit {
    return { value: this.RECORDING_PHASE ? '' : t.image.replace(' ', 'T'), span: this.tokSpan(t) };
  }

  private str(t: IToken): A.StringLit {
    return { value: this.RECORDING_PHASE ? '' : unquote(t.image), span: this.tokSpan(t) };
  }

  /** Whether the next token is on the line of the last one (no line break between them; tokens never span lines). */
  private sameLine(): boolean {
    const prev = this.LA(0);
    const next = this.LA(1);
    const text = this.text;
    // EOF, tokens inserted by recovery (no offset) and the virtual `}` at the end are on no line.
    if (!(prev.startOffset < text.length && next.startOffset < text.length)) return false;
    for (let i = tokenEnd(prev); i < next.startOffset; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) return false;
    }
    return true;
  }

  /**
   * An optional label and its English companion. `nameMayFollow`: a name may come next (the
   * next choice option, the next transition after a notify message); `en` is then the English
   * companion only when a string follows it, else it is that name.
   */
  private optLabel(nameMayFollow = false): Texts | undefined {
    return this.SUBRULE8(this.label, nameMayFollow ? this.nameMayFollowArgs : undefined);
  }

  private readonly nameMayFollowArgs = { ARGS: [true] as [boolean] };

  private readonly labelAlts: IOrAlt<Texts | undefined>[] = [
    {
      ALT: (): Texts => {
        const vi = this.str(this.CONSUME(StringLiteral));
        const en = this.SUBRULE(this.english, this.labelNameMayFollow ? this.nameMayFollowArgs : undefined);
        return en ? { vi, en } : { vi };
      },
    },
    {
      // `en "…"` with no Vietnamese text before it: kept, and reported where a name cannot follow.
      GATE: () => !this.labelNameMayFollow,
      ALT: (): Texts => {
        const kw = this.kw('en');
        const en = this.str(this.CONSUME2(StringLiteral));
        if (!this.RECORDING_PHASE) this.englishMistakes.push({ span: this.tokSpan(kw), missing: 'vi' });
        return { en };
      },
    },
    { ALT: () => undefined },
  ];

  private label = this.RULE('label', (nameMayFollow: boolean = false): Texts | undefined => {
    this.labelNameMayFollow = nameMayFollow;
    return this.OR(this.labelAlts);
  });

  /** Is the token after `en` a string (`en "…"`)? */
  private readonly stringAfterEn = (): boolean => tokenMatcher(this.LA(2), StringLiteral);

  /** After a Vietnamese text: `en "English text"`, its English companion. */
  private english = this.RULE('english', (nameMayFollow: boolean = false): A.StringLit | undefined =>
    this.OPTION(
      gated(nameMayFollow ? this.stringAfterEn : always, () => {
        const kw = this.kw('en');
        const text = this.OPTION2(() => this.str(this.CONSUME(StringLiteral)));
        if (!text && !this.RECORDING_PHASE) this.englishMistakes.push({ span: this.tokSpan(kw), missing: 'en' });
        return text;
      }),
    ),
  );

  private stringList = this.RULE('stringList', (): A.StringLit[] => {
    const strings = [this.str(this.CONSUME(StringLiteral))];
    this.MANY(() => {
      this.CONSUME(Comma);
      strings.push(this.str(this.CONSUME2(StringLiteral)));
    });
    return strings;
  }, recovery.list);

  private nameList = this.RULE('nameList', (): A.Ident[] => {
    const names = [this.ident(this.CONSUME(Name))];
    this.MANY(() => {
      this.CONSUME(Comma);
      names.push(this.ident(this.CONSUME2(Name)));
    });
    return names;
  }, recovery.list);

  private whenOpt = this.RULE('whenOpt', (): A.Expr | undefined =>
    this.OPTION(() => {
      this.kw('when');
      return this.SUBRULE(this.expr);
    }),
  );

  private kw(word: keyof typeof K, idx = 0): IToken {
    return this.consume(idx, K[word]);
  }

  // ------------------------------------------------------------------------- file

  public file = this.RULE('file', (): A.SourceFile => {
    const declarations: A.Declaration[] = [];
    this.MANY(() => {
      const d = this.SUBRULE(this.declaration);
      if (d) declarations.push(d);
    });
    return { kind: 'File', span: { start: 0, end: this.textLength }, declarations, comments: [] };
  });

  private readonly declarationAlts: IOrAlt<A.Declaration>[] = [
    { ALT: () => this.SUBRULE(this.procedure) },
    { ALT: () => this.SUBRULE(this.fragment) },
    { ALT: () => this.SUBRULE(this.source) },
    { ALT: () => this.SUBRULE(this.agency) },
  ];

  private declaration = this.RULE('declaration', (): A.Declaration | undefined => this.OR(this.declarationAlts));

  private block<T>(item: () => T | undefined): T[] {
    // Fixed occurrence index 7: no rule uses a block twice, nor index 7 elsewhere.
    const items: T[] = [];
    this.CONSUME7(LBrace);
    this.MANY7(() => {
      const it = item();
      if (it) items.push(it);
    });
    this.CONSUME7(RBrace);
    return items;
  }

  // ------------------------------------------------------------------------- procedure

  private procedure = this.RULE('procedure', (): A.ProcedureDecl => {
    const start = this.here();
    this.kw('procedure');
    const name = this.ident(this.CONSUME(Name));
    const items = this.block(() => this.SUBRULE(this.procedureItem));
    return { kind: 'Procedure', span: this.from(start), name, items };
  });

  private readonly procedureItemAlts: IOrAlt<A.ProcedureItem>[] = [
    { ALT: () => this.SUBRULE(this.meta) },
    { ALT: () => this.SUBRULE(this.use) },
    { ALT: () => this.SUBRULE(this.form) },
    { ALT: () => this.SUBRULE(this.documents) },
    { ALT: () => this.SUBRULE(this.fee) },
    { ALT: () => this.SUBRULE(this.deadline) },
    { ALT: () => this.SUBRULE(this.warn) },
    { ALT: () => this.SUBRULE(this.extension) },
    { ALT: () => this.SUBRULE(this.workflow) },
    { ALT: () => this.SUBRULE(this.result) },
    { ALT: () => this.SUBRULE(this.scenario) },
  ];

  private procedureItem = this.RULE('procedureItem', (): A.ProcedureItem | undefined => this.OR(this.procedureItemAlts));

  /** What a meta line says: its keyword and its value (a placeholder while recording). */
  private readonly metaAlts: IOrAlt<MetaParts>[] = [
    { ALT: () => ({ keyTok: this.kw('code'), strings: [this.str(this.CONSUME3(StringLiteral))] }) },
    { ALT: () => ({ keyTok: this.kw('title'), strings: [this.str(this.CONSUME4(StringLiteral))], titleEn: this.SUBRULE(this.english) }) },
    { ALT: () => ({ keyTok: this.kw('audience'), strings: [this.str(this.CONSUME5(StringLiteral))] }) },
    { ALT: () => ({ keyTok: this.kw('basis'), strings: list(this.SUBRULE(this.stringList)) }) },
    {
      ALT: () => {
        const keyTok = this.kw('version');
        const n = this.CONSUME(NumberLiteral);
        return { keyTok, number: { value: this.RECORDING_PHASE ? 0 : parseNumber(n.image), span: this.tokSpan(n) } };
      },
    },
    { ALT: () => ({ keyTok: this.kw('agency'), names: list(this.SUBRULE(this.nameList)) }) },
    { ALT: () => ({ keyTok: this.kw('channels'), names: list(this.SUBRULE2(this.nameList)) }) },
    { ALT: () => ({ keyTok: this.kw('level'), names: [this.ident(this.CONSUME3(Name))] }) },
    { ALT: () => ({ keyTok: this.kw('effective'), dates: this.SUBRULE(this.dateRangeTail) }) },
  ];

  private meta = this.RULE('meta', (): A.MetaItem => {
    const start = this.here();
    const { keyTok, strings, titleEn, names, number, dates } = this.OR(this.metaAlts);
    const key = (this.RECORDING_PHASE ? 'code' : keyTok.image) as A.MetaKey;
    return {
      kind: 'Meta',
      span: this.from(start),
      key,
      keySpan: this.tokSpan(keyTok),
      strings: strings ?? [],
      ...(titleEn ? { titleEn } : {}),
      names: names ?? [],
      ...(number ? { number } : {}),
      ...(dates ? { dates } : {}),
    };
  });

  /** After `effective`: `2024-01-01 [until 2025-12-31]`. */
  private dateRangeTail = this.RULE('dateRangeTail', (): A.DateRange => {
    const start = this.here();
    const f = this.CONSUME(DateLiteral);
    const until = this.OPTION(() => {
      this.kw('until');
      const u = this.CONSUME2(DateLiteral);
      return { value: u.image, span: this.tokSpan(u) };
    });
    return { from: { value: f.image, span: this.tokSpan(f) }, ...(until ? { until } : {}), span: this.from(start) };
  }, recovery.dates);

  private readonly ruleMetaAlts: IOrAlt<MetaClause>[] = [
    {
      ALT: () => {
        this.kw('basis');
        const basis = [this.str(this.CONSUME(StringLiteral))];
        this.MANY2(() => {
          this.CONSUME(Comma);
          basis.push(this.str(this.CONSUME2(StringLiteral)));
        });
        return { basis };
      },
    },
    {
      ALT: () => {
        this.kw('effective');
        return { effective: this.SUBRULE(this.dateRangeTail) };
      },
    },
  ];

  private readonly onSameLine = (): boolean => this.sameLine();

  /** `basis "…", "…"` and `effective … [until …]` after any rule. */
  private ruleMeta = this.RULE('ruleMeta', (sameLineOnly: boolean = false): A.RuleMeta => {
    const basis: A.StringLit[] = [];
    let effective: A.DateRange | undefined;
    this.MANY(
      gated(sameLineOnly ? this.onSameLine : always, () => {
        const clause = this.OR(this.ruleMetaAlts);
        if (this.RECORDING_PHASE) return;
        if ('basis' in clause) for (const b of clause.basis) basis.push(b);
        else effective = clause.effective;
      }),
    );
    return effective ? { basis, effective } : { basis };
  }, recovery.meta);

  private use = this.RULE('use', (): A.UseDecl => {
    const start = this.here();
    this.kw('use');
    const name = this.ident(this.CONSUME(Name));
    this.kw('from');
    const path = this.str(this.CONSUME(StringLiteral));
    return { kind: 'Use', span: this.from(start), name, path };
  });

  // ------------------------------------------------------------------------- form

  private form = this.RULE('form', (): A.FormDecl => {
    const start = this.here();
    this.kw('form');
    const items = this.block(() => this.SUBRULE(this.formItem));
    return { kind: 'Form', span: this.from(start), items };
  });

  private readonly formItemAlts: IOrAlt<A.FormItem>[] = [{ ALT: () => this.SUBRULE(this.field) }, { ALT: () => this.SUBRULE(this.group) }];

  private formItem = this.RULE('formItem', (): A.FormItem | undefined => this.OR(this.formItemAlts));

  private field = this.RULE('field', (): A.FieldDecl => {
    const start = this.here();
    this.kw('field');
    const name = this.ident(this.CONSUME(Name));
    const label = this.optLabel();
    this.CONSUME(Colon);
    const type = this.SUBRULE(this.typeRef);
    const clauses: A.FieldClause[] = [];
    this.MANY(() => {
      const c = this.SUBRULE(this.fieldClause);
      if (c) clauses.push(c);
    });
    return { kind: 'Field', span: this.from(start), name, ...labelled(label), type, clauses };
  });

  private readonly typeRefAlts: IOrAlt<A.TypeRef>[] = [
    {
      ALT: () => {
        const start = this.here();
        const t = this.kw('choice');
        const options = this.block(() => {
          const os = this.here();
          const n = this.ident(this.CONSUME(Name));
          const label = this.optLabel(true);
          return { name: n, ...labelled(label), span: this.from(os) };
        });
        return { span: this.from(start), name: this.ident(t), options };
      },
    },
    {
      ALT: () => {
        const start = this.here();
        return { span: this.from(start), name: this.ident(this.CONSUME2(Name)), options: [] };
      },
    },
  ];

  private typeRef = this.RULE('typeRef', (): A.TypeRef => this.OR(this.typeRefAlts), recovery.typeRef);

  // `required [when …]` and `optional`: the same two clauses for a field and for a document.
  private readonly requiredAlt: IOrAlt<Extract<A.FieldClause, { kind: 'Required' }>> = {
    ALT: () => {
      const start = this.here();
      this.kw('required');
      const when = this.OPTION(() => {
        this.kw('when');
        return this.SUBRULE(this.expr);
      });
      return { kind: 'Required', span: this.from(start), ...(when ? { when } : {}) };
    },
  };
  private readonly optionalAlt: IOrAlt<Extract<A.FieldClause, { kind: 'Optional' }>> = {
    ALT: () => {
      const start = this.here();
      this.kw('optional');
      return { kind: 'Optional', span: this.from(start) };
    },
  };

  private readonly fieldClauseAlts: IOrAlt<A.FieldClause>[] = [
    this.requiredAlt,
    this.optionalAlt,
    {
      ALT: (): A.FieldClause => {
        const start = this.here();
        this.kw('visible');
        this.kw('when', 1);
        return { kind: 'Visible', span: this.from(start), when: this.SUBRULE2(this.expr) };
      },
    },
    { ALT: (): A.FieldClause => { const start = this.here(); this.kw('min'); return { kind: 'Min', span: this.from(start), value: this.SUBRULE3(this.expr) }; } },
    { ALT: (): A.FieldClause => { const start = this.here(); this.kw('max'); return { kind: 'Max', span: this.from(start), value: this.SUBRULE4(this.expr) }; } },
    {
      ALT: (): A.FieldClause => {
        const start = this.here();
        this.kw('pattern');
        return { kind: 'Pattern', span: this.from(start), pattern: this.str(this.CONSUME(StringLiteral)) };
      },
    },
    {
      ALT: (): A.FieldClause => {
        const start = this.here();
        this.kw('help');
        const text = this.str(this.CONSUME2(StringLiteral));
        const textEn = this.SUBRULE(this.english);
        return { kind: 'Help', span: this.from(start), text, ...(textEn ? { textEn } : {}) };
      },
    },
    {
      ALT: (): A.FieldClause => {
        const start = this.here();
        this.kw('prefill');
        this.kw('from');
        return { kind: 'Prefill', span: this.from(start), from: this.SUBRULE5(this.expr) };
      },
    },
    { ALT: (): A.FieldClause => { const start = this.here(); this.kw('locked'); return { kind: 'Locked', span: this.from(start) }; } },
    {
      ALT: (): A.FieldClause => {
        const start = this.here();
        this.OR2(this.computedAlts);
        return { kind: 'Computed', span: this.from(start), value: this.SUBRULE6(this.expr) };
      },
    },
    {
      ALT: (): A.FieldClause => {
        const start = this.here();
        this.kw('default');
        return { kind: 'Default', span: this.from(start), value: this.SUBRULE7(this.expr) };
      },
    },
  ];

  private readonly computedAlts: IOrAlt<IToken>[] = [{ ALT: () => this.kw('computed') }, { ALT: () => this.CONSUME(Equals) }];

  private fieldClause = this.RULE('fieldClause', (): A.FieldClause => this.OR(this.fieldClauseAlts));

  private group = this.RULE('group', (): A.GroupDecl => {
    const start = this.here();
    this.kw('group');
    const name = this.ident(this.CONSUME(Name));
    const label = this.optLabel();
    const repeated = this.OPTION(() => {
      const rs = this.here();
      this.kw('repeated');
      const min = this.OPTION2(() => {
        this.kw('min');
        return this.CONSUME(NumberLiteral);
      });
      const max = this.OPTION3(() => {
        this.kw('max');
        return this.CONSUME2(NumberLiteral);
      });
      return {
        span: this.from(rs),
        ...(min && !this.RECORDING_PHASE ? { min: parseNumber(min.image) } : {}),
        ...(max && !this.RECORDING_PHASE ? { max: parseNumber(max.image) } : {}),
      };
    });
    const visibleWhen = this.OPTION4(() => {
      this.kw('visible');
      this.kw('when');
      return this.SUBRULE(this.expr);
    });
    const fields = this.block(() => this.SUBRULE(this.field));
    return {
      kind: 'Group',
      span: this.from(start),
      name,
      ...labelled(label),
      ...(repeated ? { repeated } : {}),
      ...(visibleWhen ? { visibleWhen } : {}),
      fields,
    };
  });

  // ------------------------------------------------------------------------- documents

  private documents = this.RULE('documents', (): A.DocumentsDecl => {
    const start = this.here();
    this.kw('documents');
    const docs = this.block(() => this.SUBRULE(this.doc));
    return { kind: 'Documents', span: this.from(start), docs };
  });

  private doc = this.RULE('doc', (): A.DocDecl => {
    const start = this.here();
    this.kw('doc');
    const name = this.ident(this.CONSUME(Name));
    const label = this.optLabel();
    this.OPTION(() => this.CONSUME(Colon));
    const clauses: A.DocClause[] = [];
    this.MANY(() => {
      const c = this.SUBRULE(this.docClause);
      if (c) clauses.push(c);
    });
    return { kind: 'Doc', span: this.from(start), name, ...labelled(label), clauses };
  });

  private readonly docClauseAlts: IOrAlt<A.DocClause>[] = [
    this.requiredAlt,
    this.optionalAlt,
    {
      ALT: (): A.DocClause => {
        const start = this.here();
        this.kw('as');
        return { kind: 'As', span: this.from(start), form: this.ident(this.CONSUME(Name)) };
      },
    },
    {
      ALT: (): A.DocClause => {
        const start = this.here();
        this.kw('copies');
        const n = this.CONSUME(NumberLiteral);
        return { kind: 'Copies', span: this.from(start), count: this.RECORDING_PHASE ? 0 : parseNumber(n.image) };
      },
    },
    {
      ALT: (): A.DocClause => {
        const start = this.here();
        this.kw('format');
        const formats = [this.ident(this.CONSUME2(Name))];
        this.MANY(() => {
          this.CONSUME(Comma);
          formats.push(this.ident(this.CONSUME3(Name)));
        });
        return { kind: 'Format', span: this.from(start), formats };
      },
    },
    {
      ALT: (): A.DocClause => {
        const start = this.here();
        this.kw('max_size');
        const n = this.CONSUME2(NumberLiteral);
        this.CONSUME4(Name); // MB
        return { kind: 'MaxSize', span: this.from(start), megabytes: this.RECORDING_PHASE ? 0 : parseNumber(n.image) };
      },
    },
    { ALT: (): A.DocClause => { const start = this.here(); this.kw('signed'); return { kind: 'Signed', span: this.from(start) }; } },
    {
      ALT: (): A.DocClause => {
        const start = this.here();
        this.kw('generated');
        this.OPTION2(() => {
          this.kw('from');
          this.kw('form');
        });
        return { kind: 'Generated', span: this.from(start) };
      },
    },
    {
      ALT: (): A.DocClause => {
        const start = this.here();
        this.kw('waived');
        this.kw('when', 1);
        const when = this.SUBRULE2(this.expr);
        const meta = this.SUBRULE(this.ruleMeta);
        return { kind: 'Waived', span: this.from(start), when, meta };
      },
    },
    {
      ALT: (): A.DocClause => {
        const start = this.here();
        this.kw('proves');
        const paths = [this.SUBRULE(this.path)];
        this.MANY2(() => {
          this.CONSUME2(Comma);
          paths.push(this.SUBRULE2(this.path));
        });
        return { kind: 'Proves', span: this.from(start), paths };
      },
    },
    {
      ALT: (): A.DocClause => {
        const start = this.here();
        this.kw('help');
        const text = this.str(this.CONSUME(StringLiteral));
        const textEn = this.SUBRULE(this.english);
        return { kind: 'Help', span: this.from(start), text, ...(textEn ? { textEn } : {}) };
      },
    },
    {
      ALT: (): A.DocClause => {
        const start = this.here();
        const meta = this.SUBRULE2(this.ruleMetaRequired);
        return { kind: 'Basis', span: this.from(start), meta };
      },
    },
  ];

  private docClause = this.RULE('docClause', (): A.DocClause => this.OR(this.docClauseAlts));

  private readonly ruleMetaRequiredAlts: IOrAlt<MetaClause>[] = [
    {
      ALT: () => {
        this.kw('basis');
        const basis = [this.str(this.CONSUME(StringLiteral))];
        this.MANY(() => {
          this.CONSUME(Comma);
          basis.push(this.str(this.CONSUME2(StringLiteral)));
        });
        return { basis };
      },
    },
    {
      ALT: () => {
        this.kw('effective');
        return { effective: this.SUBRULE(this.dateRangeTail) };
      },
    },
  ];

  /** At least one of `basis`/`effective`, for places where metadata is a clause of its own. */
  private ruleMetaRequired = this.RULE('ruleMetaRequired', (): A.RuleMeta => {
    const basis: A.StringLit[] = [];
    let effective: A.DateRange | undefined;
    this.AT_LEAST_ONE(() => {
      const clause = this.OR(this.ruleMetaRequiredAlts);
      if (this.RECORDING_PHASE) return;
      if ('basis' in clause) for (const b of clause.basis) basis.push(b);
      else effective = clause.effective;
    });
    return effective ? { basis, effective } : { basis };
  }, recovery.meta);

  // ------------------------------------------------------------------------- fees

  private fee = this.RULE('fee', (): A.FeeDecl => {
    const start = this.here();
    this.kw('fee');
    const name = this.ident(this.CONSUME(Name));
    const label = this.optLabel();
    const items = this.block(() => this.SUBRULE(this.feeItem));
    return { kind: 'Fee', span: this.from(start), name, ...labelled(label), items };
  });


  private readonly feeItemAlts: IOrAlt<A.FeeItem>[] = [
    {
      ALT: (): A.FeeItem => {
        const start = this.here();
        this.kw('amount');
        const amount = this.SUBRULE(this.feeAmount);
        const when = this.SUBRULE(this.whenOpt);
        const meta = this.SUBRULE(this.ruleMeta);
        return { kind: 'Amount', span: this.from(start), amount, ...(when ? { when } : {}), meta };
      },
    },
    {
      ALT: (): A.FeeItem => {
        const start = this.here();
        this.kw('discount');
        const percent = this.SUBRULE(this.expr);
        const when = this.SUBRULE2(this.whenOpt);
        const meta = this.SUBRULE2(this.ruleMeta);
        return { kind: 'Discount', span: this.from(start), percent, ...(when ? { when } : {}), meta };
      },
    },
    {
      ALT: (): A.FeeItem => {
        const start = this.here();
        this.kw('exempt');
        const label = this.optLabel();
        this.kw('when');
        const when = this.SUBRULE2(this.expr);
        const meta = this.SUBRULE3(this.ruleMeta);
        return { kind: 'Exempt', span: this.from(start), ...labelled(label), when, meta };
      },
    },
    {
      ALT: (): A.FeeItem => {
        const start = this.here();
        this.kw('cap');
        const value = this.SUBRULE3(this.expr);
        const meta = this.SUBRULE4(this.ruleMeta);
        return { kind: 'Cap', span: this.from(start), value, meta };
      },
    },
    {
      ALT: (): A.FeeItem => {
        this.clauseStart = this.here();
        this.kw('due');
        return this.OR2(this.feeDueAlts);
      },
    },
  ];

  /** After `due`, which starts the clause (clauseStart). */
  private readonly feeDueAlts: IOrAlt<A.FeeItem>[] = [
    {
      ALT: (): A.FeeItem => {
        const start = this.clauseStart;
        this.kw('on');
        const what = this.CONSUME(Name);
        const on = what.image === 'result' ? 'result' : 'submit';
        return { kind: 'Due', span: this.from(start), on, transition: this.ident(what) };
      },
    },
    {
      ALT: (): A.FeeItem => {
        const start = this.clauseStart;
        this.kw('before');
        return { kind: 'Due', span: this.from(start), on: 'before', transition: this.ident(this.CONSUME2(Name)) };
      },
    },
  ];

  private feeItem = this.RULE('feeItem', (): A.FeeItem => this.OR(this.feeItemAlts));

  private readonly feeAmountAlts: IOrAlt<A.FeeAmount>[] = [
    {
      ALT: (): A.FeeAmount => {
        const start = this.here();
        this.kw('tiered');
        this.kw('by');
        const by = this.SUBRULE(this.expr);
        const tiers = this.block(() => this.SUBRULE(this.tier));
        return { kind: 'Tiered', span: this.from(start), by, tiers };
      },
    },
    {
      ALT: (): A.FeeAmount => {
        const start = this.here();
        const value = this.SUBRULE2(this.expr);
        const per = this.OPTION(() => {
          this.kw('per');
          return this.SUBRULE3(this.expr);
        });
        return per
          ? { kind: 'PerUnit', span: this.from(start), value, per }
          : { kind: 'Fixed', span: this.from(start), value };
      },
    },
  ];

  private feeAmount = this.RULE('feeAmount', (): A.FeeAmount => this.OR(this.feeAmountAlts), recovery.feeAmount);

  private readonly tierAlts: IOrAlt<A.Expr | undefined>[] = [
    {
      ALT: () => {
        this.kw('up');
        this.kw('to');
        return this.SUBRULE(this.expr);
      },
    },
    {
      ALT: () => {
        this.kw('above');
        return undefined;
      },
    },
  ];

  private tier = this.RULE('tier', (): A.Tier => {
    const start = this.here();
    const upTo = this.OR(this.tierAlts);
    this.CONSUME(Colon);
    const amount = this.SUBRULE2(this.expr);
    return { span: this.from(start), ...(upTo ? { upTo } : {}), amount };
  });

  // ------------------------------------------------------------------------- deadlines

  private readonly durationUnitAlts: IOrAlt<A.DurationUnit>[] = [
    {
      ALT: (): A.DurationUnit => {
        this.kw('working');
        return this.OR2(this.workingUnitAlts);
      },
    },
    { ALT: (): A.DurationUnit => { this.kw('day', 1); return 'days'; } },
    { ALT: (): A.DurationUnit => { this.kw('days', 1); return 'days'; } },
  ];

  private readonly workingUnitAlts: IOrAlt<A.DurationUnit>[] = [
    { ALT: (): A.DurationUnit => { this.kw('day'); return 'working_days'; } },
    { ALT: (): A.DurationUnit => { this.kw('days'); return 'working_days'; } },
    { ALT: (): A.DurationUnit => { this.kw('hour'); return 'working_hours'; } },
    { ALT: (): A.DurationUnit => { this.kw('hours'); return 'working_hours'; } },
  ];

  private duration = this.RULE('duration', (): A.Duration => {
    const start = this.here();
    const n = this.CONSUME(NumberLiteral);
    const unit = this.OR(this.durationUnitAlts);
    return { span: this.from(start), amount: this.RECORDING_PHASE ? 0 : parseNumber(n.image), unit };
  }, recovery.duration);

  private deadline = this.RULE('deadline', (): A.DeadlineDecl => {
    const start = this.here();
    this.kw('deadline');
    const duration = this.SUBRULE(this.duration);
    this.kw('from');
    const fromName = this.ident(this.CONSUME(Name));
    const meta = this.SUBRULE(this.ruleMeta, { ARGS: [true] });
    return { kind: 'Deadline', span: this.from(start), duration, from: fromName, meta };
  });

  private warn = this.RULE('warn', (): A.WarnDecl => {
    const start = this.here();
    this.kw('warn');
    const duration = this.SUBRULE(this.duration);
    this.kw('before');
    this.kw('due');
    return { kind: 'Warn', span: this.from(start), duration };
  });

  private extension = this.RULE('extension', (): A.ExtensionDecl => {
    const start = this.here();
    this.kw('extension');
    const max = this.OPTION(() => {
      this.kw('max');
      return this.SUBRULE(this.duration);
    });
    const meta = this.SUBRULE(this.ruleMeta, { ARGS: [true] });
    return { kind: 'Extension', span: this.from(start), ...(max ? { max } : {}), meta };
  });

  // ------------------------------------------------------------------------- workflow

  private workflow = this.RULE('workflow', (): A.WorkflowDecl => {
    const start = this.here();
    this.kw('workflow');
    const states = this.block(() => this.SUBRULE(this.state));
    return { kind: 'Workflow', span: this.from(start), states };
  });

  private readonly stateKindAlts: IOrAlt<boolean>[] = [
    { ALT: () => { this.kw('state'); return false; } },
    { ALT: () => { this.kw('final'); return true; } },
  ];

  private readonly stateClauseAlts: IOrAlt<A.StateClause>[] = [
    { ALT: (): A.StateClause => { const cs = this.here(); this.kw('by'); return { kind: 'By', span: this.from(cs), role: this.ident(this.CONSUME2(Name)) }; } },
    { ALT: (): A.StateClause => { const cs = this.here(); this.kw('at'); return { kind: 'At', span: this.from(cs), agency: this.ident(this.CONSUME3(Name)) }; } },
    { ALT: (): A.StateClause => { const cs = this.here(); this.kw('sla'); return { kind: 'Sla', span: this.from(cs), duration: this.SUBRULE(this.duration) }; } },
    { ALT: (): A.StateClause => { const cs = this.here(); this.kw('pauses'); this.kw('clock'); return { kind: 'Pauses', span: this.from(cs) }; } },
  ];

  private state = this.RULE('state', (): A.StateDecl => {
    const start = this.here();
    const final = this.OR(this.stateKindAlts);
    const name = this.ident(this.CONSUME(Name));
    const label = this.optLabel();
    const clauses: A.StateClause[] = [];
    this.MANY(() => {
      const c = this.OR2(this.stateClauseAlts);
      clauses.push(c);
    });
    const transitions = this.OPTION(() => this.block(() => this.SUBRULE(this.transition))) ?? [];
    return { kind: 'State', span: this.from(start), final, name, ...labelled(label), clauses, transitions };
  });

  private transition = this.RULE('transition', (): A.TransitionDecl => {
    const start = this.here();
    const name = this.ident(this.CONSUME(Name));
    const label = this.optLabel();
    this.CONSUME(Arrow);
    const target = this.ident(this.CONSUME2(Name));
    const clauses: A.TransitionClause[] = [];
    this.MANY(() => {
      const c = this.SUBRULE(this.transitionClause);
      if (c) clauses.push(c);
    });
    return { kind: 'Transition', span: this.from(start), name, ...labelled(label), target, clauses };
  });

  private readonly transitionClauseAlts: IOrAlt<A.TransitionClause>[] = [
    {
      ALT: (): A.TransitionClause => {
        const start = this.here();
        this.kw('requires');
        return { kind: 'Requires', span: this.from(start), guard: this.SUBRULE(this.expr) };
      },
    },
    {
      ALT: (): A.TransitionClause => {
        const start = this.here();
        this.kw('with');
        const inputs = [this.ident(this.CONSUME(Name))];
        this.MANY(() => {
          this.CONSUME(Comma);
          inputs.push(this.ident(this.CONSUME2(Name)));
        });
        return { kind: 'With', span: this.from(start), inputs };
      },
    },
    {
      ALT: (): A.TransitionClause => {
        this.clauseStart = this.here();
        this.kw('issue');
        return this.OR2(this.issueAlts);
      },
    },
    {
      ALT: (): A.TransitionClause => {
        const start = this.here();
        this.kw('notify');
        const role = this.ident(this.CONSUME5(Name));
        const texts = this.optLabel(true);
        return {
          kind: 'Notify',
          span: this.from(start),
          role,
          ...(texts?.vi ? { message: texts.vi } : {}),
          ...(texts?.en ? { messageEn: texts.en } : {}),
        };
      },
    },
    {
      ALT: (): A.TransitionClause => {
        const start = this.here();
        this.kw('handover');
        this.kw('to');
        return { kind: 'Handover', span: this.from(start), agency: this.ident(this.CONSUME6(Name)) };
      },
    },
    {
      ALT: (): A.TransitionClause => {
        const start = this.here();
        const action = this.OR3(this.clockAlts);
        this.kw('clock');
        return { kind: 'Clock', span: this.from(start), action };
      },
    },
  ];

  /** After `issue`, which starts the clause (clauseStart). */
  private readonly issueAlts: OrMethodOpts<A.TransitionClause> = {
    IGNORE_AMBIGUITIES: true,
    DEF: [
      {
        ALT: (): A.TransitionClause => {
          const start = this.clauseStart;
          const what = this.ident(this.kw('result'));
          return { kind: 'Issue', span: this.from(start), what, result: this.ident(this.CONSUME3(Name)) };
        },
      },
      {
        ALT: (): A.TransitionClause => {
          const start = this.clauseStart;
          return { kind: 'Issue', span: this.from(start), what: this.ident(this.CONSUME4(Name)) };
        },
      },
    ],
  };

  private readonly clockAlts: IOrAlt<'restarts' | 'stops'>[] = [
    { ALT: () => { this.kw('restarts'); return 'restarts' as const; } },
    { ALT: () => { this.kw('stops'); return 'stops' as const; } },
  ];

  private transitionClause = this.RULE('transitionClause', (): A.TransitionClause => this.OR(this.transitionClauseAlts));

  // ------------------------------------------------------------------------- results

  private readonly resultItemAlts: IOrAlt<A.ResultDecl['items'][number]>[] = [
    {
      ALT: (): A.PublishDecl => {
        const ps = this.here();
        this.kw('publish');
        const target = this.SUBRULE(this.path);
        this.CONSUME(Equals);
        const value = this.SUBRULE(this.expr);
        const subject = this.OPTION(() => {
          this.kw('for');
          return this.SUBRULE2(this.expr);
        });
        return { kind: 'Publish', span: this.from(ps), target, value, ...(subject ? { subject } : {}) };
      },
    },
    {
      ALT: () => {
        const hs = this.here();
        this.kw('help');
        const text = this.str(this.CONSUME(StringLiteral));
        const textEn = this.SUBRULE(this.english);
        return { kind: 'Help' as const, span: this.from(hs), text, ...(textEn ? { textEn } : {}) };
      },
    },
  ];

  private result = this.RULE('result', (): A.ResultDecl => {
    const start = this.here();
    this.kw('result');
    const name = this.ident(this.CONSUME(Name));
    const label = this.optLabel();
    const items = this.block(() => this.OR(this.resultItemAlts));
    return { kind: 'Result', span: this.from(start), name, ...labelled(label), items };
  });

  // ------------------------------------------------------------------------- scenarios

  private scenario = this.RULE('scenario', (): A.ScenarioDecl => {
    const start = this.here();
    this.kw('scenario');
    const name = this.ident(this.CONSUME(Name));
    const label = this.optLabel();
    const steps = this.block(() => this.SUBRULE(this.scenarioStep));
    return { kind: 'Scenario', span: this.from(start), name, ...labelled(label), steps };
  });

  private readonly scenarioStepAlts: IOrAlt<A.ScenarioStep>[] = [
    {
      ALT: (): A.ScenarioStep => {
        const start = this.here();
        this.kw('given');
        const items = [this.SUBRULE(this.givenItem)];
        this.MANY(() => {
          this.CONSUME(Comma);
          items.push(this.SUBRULE2(this.givenItem));
        });
        return { kind: 'Given', span: this.from(start), items };
      },
    },
    {
      ALT: (): A.ScenarioStep => {
        const start = this.here();
        this.kw('at');
        const at = this.dateTime(this.CONSUME(DateTime));
        const step = this.OR2(this.atStepAlts);
        return step.kind === 'Do'
          ? { kind: 'Do', span: this.from(start), at, actions: step.actions }
          : { kind: 'Extend', span: this.from(start), at, to: step.to, reason: step.reason };
      },
    },
    {
      ALT: (): A.ScenarioStep => {
        const start = this.here();
        this.kw('expect');
        const what = this.ident(this.CONSUME3(Name));
        const first = this.SUBRULE(this.expr);
        const second = this.OPTION(() => {
          this.CONSUME(Equals);
          return this.SUBRULE2(this.expr);
        });
        return second
          ? { kind: 'Expect', span: this.from(start), what, subject: first, value: second }
          : { kind: 'Expect', span: this.from(start), what, value: first };
      },
    },
  ];

  /** After `at <time>`: what happens then (scenarioStep makes the step). */
  private readonly atStepAlts: IOrAlt<AtStep>[] = [
    {
      ALT: (): AtStep => {
        this.kw('do');
        const actions = [this.ident(this.CONSUME(Name))];
        this.MANY2(() => {
          this.CONSUME2(Comma);
          actions.push(this.ident(this.CONSUME2(Name)));
        });
        return { kind: 'Do', actions };
      },
    },
    {
      ALT: (): AtStep => {
        this.kw('extend');
        this.kw('to');
        const to = this.dateTime(this.CONSUME2(DateTime));
        const reason = this.str(this.CONSUME(StringLiteral));
        return { kind: 'Extend', to, reason };
      },
    },
  ];

  private scenarioStep = this.RULE('scenarioStep', (): A.ScenarioStep => this.OR(this.scenarioStepAlts));

  private givenItem = this.RULE('givenItem', (): A.GivenItem => {
    const start = this.here();
    const key = this.SUBRULE(this.path);
    const value = this.SUBRULE(this.expr);
    return { span: this.from(start), key, value };
  }, recovery.given);

  // ------------------------------------------------------------------------- shared declarations

  private fragment = this.RULE('fragment', (): A.FragmentDecl => {
    const start = this.here();
    this.kw('fragment');
    const name = this.ident(this.CONSUME(Name));
    const label = this.optLabel();
    const fields = this.block(() => this.SUBRULE(this.formItem));
    return { kind: 'Fragment', span: this.from(start), name, ...labelled(label), fields };
  });

  private source = this.RULE('source', (): A.SourceDecl => {
    const start = this.here();
    this.kw('source');
    const name = this.ident(this.CONSUME(Name));
    const label = this.optLabel();
    const items = this.block(() => this.SUBRULE(this.sourceItem));
    return { kind: 'Source', span: this.from(start), name, ...labelled(label), items };
  });

  private readonly sourceItemAlts: IOrAlt<A.SourceItem>[] = [
    { ALT: (): A.SourceItem => { const start = this.here(); this.kw('kind'); return { kind: 'SourceKind', span: this.from(start), value: this.ident(this.CONSUME(Name)) }; } },
    {
      ALT: (): A.SourceItem => {
        const start = this.here();
        this.kw('key');
        const name = this.ident(this.CONSUME2(Name));
        this.CONSUME(Colon);
        const type = this.SUBRULE(this.typeRef);
        return { kind: 'Key', span: this.from(start), name, type };
      },
    },
    { ALT: (): A.SourceItem => { const start = this.here(); this.kw('authoritative'); return { kind: 'Authoritative', span: this.from(start) }; } },
    { ALT: (): A.SourceItem => { const start = this.here(); return { kind: 'Basis', span: this.from(start), meta: this.SUBRULE(this.ruleMetaRequired) }; } },
    {
      ALT: (): A.SourceItem => {
        const start = this.here();
        this.kw('field');
        const name = this.ident(this.CONSUME3(Name));
        const label = this.optLabel();
        this.CONSUME2(Colon);
        const type = this.SUBRULE2(this.typeRef);
        return { kind: 'SourceField', span: this.from(start), name, ...labelled(label), type };
      },
    },
  ];

  private sourceItem = this.RULE('sourceItem', (): A.SourceItem => this.OR(this.sourceItemAlts));

  private readonly agencyItemAlts: IOrAlt<A.AgencyItem>[] = [
    { ALT: (): A.AgencyItem => { const is = this.here(); this.kw('unit'); return { kind: 'Unit', span: this.from(is), code: this.str(this.CONSUME(StringLiteral)) }; } },
    { ALT: (): A.AgencyItem => { const is = this.here(); this.kw('level'); return { kind: 'AgencyLevel', span: this.from(is), level: this.ident(this.CONSUME2(Name)) }; } },
    { ALT: (): A.AgencyItem => { const is = this.here(); this.kw('calendar'); return { kind: 'Calendar', span: this.from(is), calendar: this.ident(this.CONSUME3(Name)) }; } },
    { ALT: (): A.AgencyItem => { const is = this.here(); this.kw('parent'); return { kind: 'Parent', span: this.from(is), parent: this.ident(this.CONSUME4(Name)) }; } },
  ];

  private agency = this.RULE('agency', (): A.AgencyDecl => {
    const start = this.here();
    this.kw('agency');
    const name = this.ident(this.CONSUME(Name));
    const label = this.optLabel();
    const items = this.block(() => this.OR(this.agencyItemAlts));
    return { kind: 'Agency', span: this.from(start), name, ...labelled(label), items };
  });

  // ------------------------------------------------------------------------- expressions

  private binary(start: number, op: A.BinaryOp, left: A.Expr, right: A.Expr): A.Expr {
    return this.nest({ kind: 'Binary', span: this.from(start), op, left, right }, [left, right]);
  }

  public expr = this.RULE('expr', (): A.Expr => {
    const start = this.here();
    let left = this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(Or);
      const right = this.SUBRULE2(this.andExpr);
      left = this.binary(start, 'or', left, right);
    });
    return left;
  }, recovery.expr);

  private andExpr = this.RULE('andExpr', (): A.Expr => {
    const start = this.here();
    let left = this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(And);
      const right = this.SUBRULE2(this.notExpr);
      left = this.binary(start, 'and', left, right);
    });
    return left;
  }, recovery.expr);

  private readonly notExprAlts: IOrAlt<A.Expr>[] = [
    {
      ALT: (): A.Expr => {
        const start = this.here();
        this.CONSUME(Not);
        const operand = this.SUBRULE(this.notExpr);
        return this.nest({ kind: 'Unary', span: this.from(start), op: 'not', operand }, [operand]);
      },
    },
    { ALT: () => this.SUBRULE(this.comparison) },
  ];

  private notExpr = this.RULE('notExpr', (): A.Expr => this.OR(this.notExprAlts), recovery.expr);

  /** What may follow the left operand of a comparison; `comparison` makes the node. */
  private readonly comparisonTailAlts: IOrAlt<ComparisonTail>[] = [
    {
      ALT: (): ComparisonTail => {
        const opTok = this.OR2(this.comparisonOpAlts);
        const right = this.SUBRULE2(this.additive);
        return { op: opTok.image as A.BinaryOp, right };
      },
    },
    {
      ALT: (): ComparisonTail => {
        const negated = this.OPTION2(() => this.CONSUME(Not)) !== undefined;
        this.CONSUME(In);
        const list = this.SUBRULE3(this.additive);
        return { op: 'in', negated, list };
      },
    },
  ];

  private readonly comparisonOpAlts: IOrAlt<IToken>[] = [
    { ALT: () => this.CONSUME(EqEq) },
    { ALT: () => this.CONSUME(NotEq) },
    { ALT: () => this.CONSUME(LtEq) },
    { ALT: () => this.CONSUME(GtEq) },
    { ALT: () => this.CONSUME(Lt) },
    { ALT: () => this.CONSUME(Gt) },
  ];

  private readonly comparisonTail = (): ComparisonTail => this.OR(this.comparisonTailAlts);

  private comparison = this.RULE('comparison', (): A.Expr => {
    const start = this.here();
    const left = this.SUBRULE(this.additive);
    const tail = this.OPTION(this.comparisonTail);
    if (tail === undefined || this.RECORDING_PHASE) return left;
    return tail.op === 'in'
      ? this.nest({ kind: 'In', span: this.from(start), negated: tail.negated, value: left, list: tail.list }, [left, tail.list])
      : this.binary(start, tail.op, left, tail.right);
  }, recovery.expr);

  private readonly additiveOpAlts: IOrAlt<IToken>[] = [{ ALT: () => this.CONSUME(Plus) }, { ALT: () => this.CONSUME(Minus) }];
  private readonly multiplicativeOpAlts: IOrAlt<IToken>[] = [{ ALT: () => this.CONSUME(Star) }, { ALT: () => this.CONSUME(Slash) }];

  private additive = this.RULE('additive', (): A.Expr => {
    const start = this.here();
    let left = this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      const op = this.OR(this.additiveOpAlts);
      const right = this.SUBRULE2(this.multiplicative);
      left = this.binary(start, op.image as A.BinaryOp, left, right);
    });
    return left;
  }, recovery.expr);

  private multiplicative = this.RULE('multiplicative', (): A.Expr => {
    const start = this.here();
    let left = this.SUBRULE(this.unary);
    this.MANY(() => {
      const op = this.OR(this.multiplicativeOpAlts);
      const right = this.SUBRULE2(this.unary);
      left = this.binary(start, op.image as A.BinaryOp, left, right);
    });
    return left;
  }, recovery.expr);

  private readonly unaryAlts: IOrAlt<A.Expr>[] = [
    {
      ALT: (): A.Expr => {
        const start = this.here();
        this.CONSUME(Minus);
        const operand = this.SUBRULE(this.unary);
        return this.nest({ kind: 'Unary', span: this.from(start), op: '-', operand }, [operand]);
      },
    },
    { ALT: () => this.SUBRULE(this.primary) },
  ];

  private unary = this.RULE('unary', (): A.Expr => this.OR(this.unaryAlts), recovery.expr);

  private readonly primaryAlts: IOrAlt<A.Expr>[] = [
    { ALT: () => this.SUBRULE(this.numberLike) },
    {
      ALT: (): A.Expr => {
        const t = this.CONSUME(StringLiteral);
        return { kind: 'Literal', span: this.tokSpan(t), literal: { type: 'text', value: this.RECORDING_PHASE ? '' : unquote(t.image) }, raw: t.image };
      },
    },
    {
      ALT: (): A.Expr => {
        const t = this.CONSUME(DateTime);
        return { kind: 'Literal', span: this.tokSpan(t), literal: { type: 'datetime', value: this.RECORDING_PHASE ? '' : t.image.replace(' ', 'T') }, raw: t.image };
      },
    },
    {
      ALT: (): A.Expr => {
        const t = this.CONSUME(DateLiteral);
        return { kind: 'Literal', span: this.tokSpan(t), literal: { type: 'date', value: t.image }, raw: t.image };
      },
    },
    {
      ALT: (): A.Expr => {
        const t = this.CONSUME(True);
        return { kind: 'Literal', span: this.tokSpan(t), literal: { type: 'boolean', value: true }, raw: 'true' };
      },
    },
    {
      ALT: (): A.Expr => {
        const t = this.CONSUME(False);
        return { kind: 'Literal', span: this.tokSpan(t), literal: { type: 'boolean', value: false }, raw: 'false' };
      },
    },
    {
      ALT: (): A.Expr => {
        this.CONSUME(LParen);
        const e = this.SUBRULE(this.expr);
        this.CONSUME(RParen);
        return e;
      },
    },
    {
      ALT: (): A.Expr => {
        const start = this.here();
        this.CONSUME(LBracket);
        const items: A.Expr[] = [];
        this.OPTION(() => {
          items.push(this.SUBRULE2(this.expr));
          this.MANY(() => {
            this.CONSUME(Comma);
            items.push(this.SUBRULE3(this.expr));
          });
        });
        this.CONSUME(RBracket);
        return this.nest({ kind: 'List', span: this.from(start), items }, items);
      },
    },
    // A soft keyword is a name in an expression (`when basis != owner`) unless what follows
    // shows it starts the next clause (`min` with no value, then `field age …`).
    { GATE: () => this.keywordIsName(), ALT: () => this.SUBRULE(this.pathOrCall) },
  ];

  private primary = this.RULE('primary', (): A.Expr => this.OR(this.primaryAlts), recovery.expr);

  private keywordIsName(): boolean {
    const t = this.LA(1);
    if (t.tokenType === Identifier || !tokenMatcher(t, Name)) return true;
    // `en` starts no clause: an English text only ever follows a string, never an expression.
    if (t.tokenType === K.en) return true;
    // An expression is required here, so a keyword can only be starting the next clause when its
    // value is missing: a keyword that takes an operand, followed by a name or a literal (`min`
    // then `field age …`) — decline it, so the missing value is reported at that keyword.
    // Followed by anything else it is a value: another keyword (`per copies when …`), `{`
    // (`tiered by copies {`), an operator or the end of the block.
    if (bareKeywords.has(t.tokenType)) return true;
    return !operandStarts.has(this.LA(2).tokenType);
  }

  /** What follows a number: a currency (its token), `%`, or nothing. */
  private readonly numberSuffixAlts: IOrAlt<IToken | '%' | undefined>[] = [
    { ALT: () => this.CONSUME(Currency) },
    { ALT: () => { this.CONSUME(Percent); return '%' as const; } },
    { ALT: () => undefined },
  ];

  private numberLike = this.RULE('numberLike', (): A.Expr => {
    const start = this.here();
    const n = this.CONSUME(NumberLiteral);
    const value = this.RECORDING_PHASE ? 0 : parseNumber(n.image);
    const suffix = this.OR(this.numberSuffixAlts);
    if (suffix === undefined || this.RECORDING_PHASE) return { kind: 'Literal', span: this.from(start), literal: { type: 'number', value }, raw: n.image };
    if (suffix === '%') return { kind: 'Literal', span: this.from(start), literal: { type: 'percent', value }, raw: `${n.image}%` };
    return { kind: 'Literal', span: this.from(start), literal: { type: 'money', value }, raw: `${n.image} ${suffix.image}` };
  }, recovery.expr);

  private pathOrCall = this.RULE('pathOrCall', (): A.Expr => {
    const start = this.here();
    const head = this.ident(this.CONSUME(Name));
    const call = this.OPTION(() => {
      this.CONSUME(LParen);
      const args: A.Expr[] = [];
      this.OPTION2(() => {
        args.push(this.SUBRULE(this.expr));
        this.MANY(() => {
          this.CONSUME(Comma);
          args.push(this.SUBRULE2(this.expr));
        });
      });
      this.CONSUME(RParen);
      return args;
    });
    const member: A.Ident[] = [];
    this.MANY2(() => {
      this.CONSUME(Dot);
      member.push(this.ident(this.CONSUME2(Name)));
    });
    return call
      ? this.nest({ kind: 'Call', span: this.from(start), callee: head, args: call, member }, call)
      : { kind: 'Path', span: this.from(start), segments: [head, ...member] };
  }, recovery.expr);

  public path = this.RULE('path', (): A.PathExpr => {
    const start = this.here();
    const segments = [this.ident(this.CONSUME(Name))];
    this.MANY(() => {
      this.CONSUME(Dot);
      segments.push(this.ident(this.CONSUME2(Name)));
    });
    return { kind: 'Path', span: this.from(start), segments };
  }, recovery.path);
}

// Chevrotain parsers are expensive to construct (grammar analysis): build one, reuse it.
let instance: ProcedureParser | undefined;
export function parserInstance(): ProcedureParser {
  return (instance ??= new ProcedureParser());
}

/** Builds a parser with chevrotain's grammar validations on; throws on any grammar definition error (tests). */
export function validateGrammar(): void {
  new ProcedureParser({ validate: true });
}

export type { ProcedureParser };
export const tokenTypesForDocs: readonly TokenType[] = allTokens;
