// The parser: chevrotain embedded actions build the immutable AST directly (no CST), which
// halves the work per token. Error recovery is on, so one pass reports every mistake; rules
// that fail return `undefined` and their callers drop them.
import { EmbeddedActionsParser, EOF, tokenMatcher, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
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
  return Number(image.replace(/_/g, ''));
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
  private readonly depths = new WeakMap<A.Expr, number>();

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

  /** `node`, or when it would make the tree deeper than MAX_EXPR_DEPTH a placeholder (reported by parse()). */
  private nest(node: A.Expr, children: ReadonlyArray<A.Expr | undefined>): A.Expr {
    if (this.RECORDING_PHASE) return node;
    let depth = 0;
    for (const c of children) if (c) depth = Math.max(depth, this.depths.get(c) ?? 0);
    if (depth >= MAX_EXPR_DEPTH) {
      this.tooDeep.push(node.span);
      return { kind: 'Path', span: node.span, segments: [] };
    }
    this.depths.set(node, depth + 1);
    return node;
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

  private optLabel(): A.StringLit | undefined {
    return this.SUBRULE8(this.label);
  }

  private label = this.RULE('label', (): A.StringLit | undefined => this.OPTION(() => this.str(this.CONSUME(StringLiteral))));

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

  private declaration = this.RULE('declaration', (): A.Declaration | undefined =>
    this.OR([
      { ALT: () => this.SUBRULE(this.procedure) },
      { ALT: () => this.SUBRULE(this.fragment) },
      { ALT: () => this.SUBRULE(this.source) },
      { ALT: () => this.SUBRULE(this.agency) },
    ]),
  );

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

  private procedureItem = this.RULE('procedureItem', (): A.ProcedureItem | undefined =>
    this.OR([
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
    ]),
  );

  private meta = this.RULE('meta', (): A.MetaItem => {
    const start = this.here();
    const strings: A.StringLit[] = [];
    const names: A.Ident[] = [];
    let number: A.MetaItem['number'];
    let dates: A.DateRange | undefined;
    const keyTok = this.OR([
      { ALT: () => { const t = this.kw('code'); strings.push(this.str(this.CONSUME3(StringLiteral))); return t; } },
      { ALT: () => { const t = this.kw('title'); strings.push(this.str(this.CONSUME4(StringLiteral))); return t; } },
      { ALT: () => { const t = this.kw('audience'); strings.push(this.str(this.CONSUME5(StringLiteral))); return t; } },
      { ALT: () => { const t = this.kw('basis'); strings.push(...list(this.SUBRULE(this.stringList))); return t; } },
      {
        ALT: () => {
          const t = this.kw('version');
          const n = this.CONSUME(NumberLiteral);
          number = { value: this.RECORDING_PHASE ? 0 : parseNumber(n.image), span: this.tokSpan(n) };
          return t;
        },
      },
      { ALT: () => { const t = this.kw('agency'); names.push(...list(this.SUBRULE(this.nameList))); return t; } },
      { ALT: () => { const t = this.kw('channels'); names.push(...list(this.SUBRULE2(this.nameList))); return t; } },
      { ALT: () => { const t = this.kw('level'); names.push(this.ident(this.CONSUME3(Name))); return t; } },
      { ALT: () => { const t = this.kw('effective'); dates = this.SUBRULE(this.dateRangeTail); return t; } },
    ]);
    const key = (this.RECORDING_PHASE ? 'code' : keyTok.image) as A.MetaKey;
    return {
      kind: 'Meta',
      span: this.from(start),
      key,
      keySpan: this.tokSpan(keyTok),
      strings,
      names,
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

  /** `basis "…", "…"` and `effective … [until …]` after any rule. */
  private ruleMeta = this.RULE('ruleMeta', (sameLineOnly: boolean = false): A.RuleMeta => {
    const basis: A.StringLit[] = [];
    let effective: A.DateRange | undefined;
    this.MANY({
      GATE: () => !sameLineOnly || this.sameLine(),
      DEF: () =>
        this.OR([
          {
            ALT: () => {
              this.kw('basis');
              basis.push(this.str(this.CONSUME(StringLiteral)));
              this.MANY2(() => {
                this.CONSUME(Comma);
                basis.push(this.str(this.CONSUME2(StringLiteral)));
              });
            },
          },
          {
            ALT: () => {
              this.kw('effective');
              effective = this.SUBRULE(this.dateRangeTail);
            },
          },
        ]),
    });
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

  private formItem = this.RULE('formItem', (): A.FormItem | undefined =>
    this.OR([{ ALT: () => this.SUBRULE(this.field) }, { ALT: () => this.SUBRULE(this.group) }]),
  );

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
    return { kind: 'Field', span: this.from(start), name, ...(label ? { label } : {}), type, clauses };
  });

  private typeRef = this.RULE('typeRef', (): A.TypeRef => {
    const start = this.here();
    return this.OR([
      {
        ALT: () => {
          const t = this.kw('choice');
          const options = this.block(() => {
            const os = this.here();
            const n = this.ident(this.CONSUME(Name));
            const label = this.optLabel();
            return { name: n, ...(label ? { label } : {}), span: this.from(os) };
          });
          return { span: this.from(start), name: this.ident(t), options };
        },
      },
      { ALT: () => ({ span: this.from(start), name: this.ident(this.CONSUME2(Name)), options: [] }) },
    ]);
  }, recovery.typeRef);

  private fieldClause = this.RULE('fieldClause', (): A.FieldClause => {
    const start = this.here();
    return this.OR([
      {
        ALT: (): A.FieldClause => {
          this.kw('required');
          const when = this.OPTION(() => {
            this.kw('when');
            return this.SUBRULE(this.expr);
          });
          return { kind: 'Required', span: this.from(start), ...(when ? { when } : {}) };
        },
      },
      { ALT: (): A.FieldClause => { this.kw('optional'); return { kind: 'Optional', span: this.from(start) }; } },
      {
        ALT: (): A.FieldClause => {
          this.kw('visible');
          this.kw('when', 1);
          return { kind: 'Visible', span: this.from(start), when: this.SUBRULE2(this.expr) };
        },
      },
      { ALT: (): A.FieldClause => { this.kw('min'); return { kind: 'Min', span: this.from(start), value: this.SUBRULE3(this.expr) }; } },
      { ALT: (): A.FieldClause => { this.kw('max'); return { kind: 'Max', span: this.from(start), value: this.SUBRULE4(this.expr) }; } },
      {
        ALT: (): A.FieldClause => {
          this.kw('pattern');
          return { kind: 'Pattern', span: this.from(start), pattern: this.str(this.CONSUME(StringLiteral)) };
        },
      },
      {
        ALT: (): A.FieldClause => {
          this.kw('help');
          return { kind: 'Help', span: this.from(start), text: this.str(this.CONSUME2(StringLiteral)) };
        },
      },
      {
        ALT: (): A.FieldClause => {
          this.kw('prefill');
          this.kw('from');
          return { kind: 'Prefill', span: this.from(start), from: this.SUBRULE5(this.expr) };
        },
      },
      { ALT: (): A.FieldClause => { this.kw('locked'); return { kind: 'Locked', span: this.from(start) }; } },
      {
        ALT: (): A.FieldClause => {
          this.OR2([{ ALT: () => this.kw('computed') }, { ALT: () => this.CONSUME(Equals) }]);
          return { kind: 'Computed', span: this.from(start), value: this.SUBRULE6(this.expr) };
        },
      },
      {
        ALT: (): A.FieldClause => {
          this.kw('default');
          return { kind: 'Default', span: this.from(start), value: this.SUBRULE7(this.expr) };
        },
      },
    ]);
  });

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
      ...(label ? { label } : {}),
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
    return { kind: 'Doc', span: this.from(start), name, ...(label ? { label } : {}), clauses };
  });

  private docClause = this.RULE('docClause', (): A.DocClause => {
    const start = this.here();
    return this.OR([
      {
        ALT: (): A.DocClause => {
          this.kw('required');
          const when = this.OPTION(() => {
            this.kw('when');
            return this.SUBRULE(this.expr);
          });
          return { kind: 'Required', span: this.from(start), ...(when ? { when } : {}) };
        },
      },
      { ALT: (): A.DocClause => { this.kw('optional'); return { kind: 'Optional', span: this.from(start) }; } },
      {
        ALT: (): A.DocClause => {
          this.kw('as');
          return { kind: 'As', span: this.from(start), form: this.ident(this.CONSUME(Name)) };
        },
      },
      {
        ALT: (): A.DocClause => {
          this.kw('copies');
          const n = this.CONSUME(NumberLiteral);
          return { kind: 'Copies', span: this.from(start), count: this.RECORDING_PHASE ? 0 : parseNumber(n.image) };
        },
      },
      {
        ALT: (): A.DocClause => {
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
          this.kw('max_size');
          const n = this.CONSUME2(NumberLiteral);
          this.CONSUME4(Name); // MB
          return { kind: 'MaxSize', span: this.from(start), megabytes: this.RECORDING_PHASE ? 0 : parseNumber(n.image) };
        },
      },
      { ALT: (): A.DocClause => { this.kw('signed'); return { kind: 'Signed', span: this.from(start) }; } },
      {
        ALT: (): A.DocClause => {
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
          this.kw('waived');
          this.kw('when', 1);
          const when = this.SUBRULE2(this.expr);
          const meta = this.SUBRULE(this.ruleMeta);
          return { kind: 'Waived', span: this.from(start), when, meta };
        },
      },
      {
        ALT: (): A.DocClause => {
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
          this.kw('help');
          return { kind: 'Help', span: this.from(start), text: this.str(this.CONSUME(StringLiteral)) };
        },
      },
      {
        ALT: (): A.DocClause => {
          const meta = this.SUBRULE2(this.ruleMetaRequired);
          return { kind: 'Basis', span: this.from(start), meta };
        },
      },
    ]);
  });

  /** At least one of `basis`/`effective`, for places where metadata is a clause of its own. */
  private ruleMetaRequired = this.RULE('ruleMetaRequired', (): A.RuleMeta => {
    const basis: A.StringLit[] = [];
    let effective: A.DateRange | undefined;
    this.AT_LEAST_ONE(() =>
      this.OR([
        {
          ALT: () => {
            this.kw('basis');
            basis.push(this.str(this.CONSUME(StringLiteral)));
            this.MANY(() => {
              this.CONSUME(Comma);
              basis.push(this.str(this.CONSUME2(StringLiteral)));
            });
          },
        },
        {
          ALT: () => {
            this.kw('effective');
            effective = this.SUBRULE(this.dateRangeTail);
          },
        },
      ]),
    );
    return effective ? { basis, effective } : { basis };
  }, recovery.meta);

  // ------------------------------------------------------------------------- fees

  private fee = this.RULE('fee', (): A.FeeDecl => {
    const start = this.here();
    this.kw('fee');
    const name = this.ident(this.CONSUME(Name));
    const label = this.optLabel();
    const items = this.block(() => this.SUBRULE(this.feeItem));
    return { kind: 'Fee', span: this.from(start), name, ...(label ? { label } : {}), items };
  });


  private feeItem = this.RULE('feeItem', (): A.FeeItem => {
    const start = this.here();
    return this.OR([
      {
        ALT: (): A.FeeItem => {
          this.kw('amount');
          const amount = this.SUBRULE(this.feeAmount);
          const when = this.SUBRULE(this.whenOpt);
          const meta = this.SUBRULE(this.ruleMeta);
          return { kind: 'Amount', span: this.from(start), amount, ...(when ? { when } : {}), meta };
        },
      },
      {
        ALT: (): A.FeeItem => {
          this.kw('discount');
          const percent = this.SUBRULE(this.expr);
          const when = this.SUBRULE2(this.whenOpt);
          const meta = this.SUBRULE2(this.ruleMeta);
          return { kind: 'Discount', span: this.from(start), percent, ...(when ? { when } : {}), meta };
        },
      },
      {
        ALT: (): A.FeeItem => {
          this.kw('exempt');
          const label = this.optLabel();
          this.kw('when');
          const when = this.SUBRULE2(this.expr);
          const meta = this.SUBRULE3(this.ruleMeta);
          return { kind: 'Exempt', span: this.from(start), ...(label ? { label } : {}), when, meta };
        },
      },
      {
        ALT: (): A.FeeItem => {
          this.kw('cap');
          const value = this.SUBRULE3(this.expr);
          const meta = this.SUBRULE4(this.ruleMeta);
          return { kind: 'Cap', span: this.from(start), value, meta };
        },
      },
      {
        ALT: (): A.FeeItem => {
          this.kw('due');
          return this.OR2([
            {
              ALT: (): A.FeeItem => {
                this.kw('on');
                const what = this.CONSUME(Name);
                const on = what.image === 'result' ? 'result' : 'submit';
                return { kind: 'Due', span: this.from(start), on, transition: this.ident(what) };
              },
            },
            {
              ALT: (): A.FeeItem => {
                this.kw('before');
                return { kind: 'Due', span: this.from(start), on: 'before', transition: this.ident(this.CONSUME2(Name)) };
              },
            },
          ]);
        },
      },
    ]);
  });

  private feeAmount = this.RULE('feeAmount', (): A.FeeAmount => {
    const start = this.here();
    return this.OR([
      {
        ALT: (): A.FeeAmount => {
          this.kw('tiered');
          this.kw('by');
          const by = this.SUBRULE(this.expr);
          const tiers = this.block(() => this.SUBRULE(this.tier));
          return { kind: 'Tiered', span: this.from(start), by, tiers };
        },
      },
      {
        ALT: (): A.FeeAmount => {
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
    ]);
  }, recovery.feeAmount);

  private tier = this.RULE('tier', (): A.Tier => {
    const start = this.here();
    const upTo = this.OR([
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
    ]);
    this.CONSUME(Colon);
    const amount = this.SUBRULE2(this.expr);
    return { span: this.from(start), ...(upTo ? { upTo } : {}), amount };
  });

  // ------------------------------------------------------------------------- deadlines

  private duration = this.RULE('duration', (): A.Duration => {
    const start = this.here();
    const n = this.CONSUME(NumberLiteral);
    const unit = this.OR([
      {
        ALT: (): A.DurationUnit => {
          this.kw('working');
          return this.OR2([
            { ALT: (): A.DurationUnit => { this.kw('day'); return 'working_days'; } },
            { ALT: (): A.DurationUnit => { this.kw('days'); return 'working_days'; } },
            { ALT: (): A.DurationUnit => { this.kw('hour'); return 'working_hours'; } },
            { ALT: (): A.DurationUnit => { this.kw('hours'); return 'working_hours'; } },
          ]);
        },
      },
      { ALT: (): A.DurationUnit => { this.kw('day', 1); return 'days'; } },
      { ALT: (): A.DurationUnit => { this.kw('days', 1); return 'days'; } },
    ]);
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

  private state = this.RULE('state', (): A.StateDecl => {
    const start = this.here();
    const final = this.OR([
      { ALT: () => { this.kw('state'); return false; } },
      { ALT: () => { this.kw('final'); return true; } },
    ]);
    const name = this.ident(this.CONSUME(Name));
    const label = this.optLabel();
    const clauses: A.StateClause[] = [];
    this.MANY(() => {
      const cs = this.here();
      const c = this.OR2([
        { ALT: (): A.StateClause => { this.kw('by'); return { kind: 'By', span: this.from(cs), role: this.ident(this.CONSUME2(Name)) }; } },
        { ALT: (): A.StateClause => { this.kw('at'); return { kind: 'At', span: this.from(cs), agency: this.ident(this.CONSUME3(Name)) }; } },
        { ALT: (): A.StateClause => { this.kw('sla'); return { kind: 'Sla', span: this.from(cs), duration: this.SUBRULE(this.duration) }; } },
        { ALT: (): A.StateClause => { this.kw('pauses'); this.kw('clock'); return { kind: 'Pauses', span: this.from(cs) }; } },
      ]);
      clauses.push(c);
    });
    const transitions = this.OPTION(() => this.block(() => this.SUBRULE(this.transition))) ?? [];
    return { kind: 'State', span: this.from(start), final, name, ...(label ? { label } : {}), clauses, transitions };
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
    return { kind: 'Transition', span: this.from(start), name, ...(label ? { label } : {}), target, clauses };
  });

  private transitionClause = this.RULE('transitionClause', (): A.TransitionClause => {
    const start = this.here();
    return this.OR([
      {
        ALT: (): A.TransitionClause => {
          this.kw('requires');
          return { kind: 'Requires', span: this.from(start), guard: this.SUBRULE(this.expr) };
        },
      },
      {
        ALT: (): A.TransitionClause => {
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
          this.kw('issue');
          return this.OR2({
            IGNORE_AMBIGUITIES: true,
            DEF: [
              {
                ALT: (): A.TransitionClause => {
                  const what = this.ident(this.kw('result'));
                  return { kind: 'Issue', span: this.from(start), what, result: this.ident(this.CONSUME3(Name)) };
                },
              },
              { ALT: (): A.TransitionClause => ({ kind: 'Issue', span: this.from(start), what: this.ident(this.CONSUME4(Name)) }) },
            ],
          });
        },
      },
      {
        ALT: (): A.TransitionClause => {
          this.kw('notify');
          const role = this.ident(this.CONSUME5(Name));
          const message = this.optLabel();
          return { kind: 'Notify', span: this.from(start), role, ...(message ? { message } : {}) };
        },
      },
      {
        ALT: (): A.TransitionClause => {
          this.kw('handover');
          this.kw('to');
          return { kind: 'Handover', span: this.from(start), agency: this.ident(this.CONSUME6(Name)) };
        },
      },
      {
        ALT: (): A.TransitionClause => {
          const action = this.OR3([
            { ALT: () => { this.kw('restarts'); return 'restarts' as const; } },
            { ALT: () => { this.kw('stops'); return 'stops' as const; } },
          ]);
          this.kw('clock');
          return { kind: 'Clock', span: this.from(start), action };
        },
      },
    ]);
  });

  // ------------------------------------------------------------------------- results

  private result = this.RULE('result', (): A.ResultDecl => {
    const start = this.here();
    this.kw('result');
    const name = this.ident(this.CONSUME(Name));
    const label = this.optLabel();
    const items = this.block(() =>
      this.OR([
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
            return { kind: 'Help' as const, span: this.from(hs), text: this.str(this.CONSUME(StringLiteral)) };
          },
        },
      ]),
    );
    return { kind: 'Result', span: this.from(start), name, ...(label ? { label } : {}), items };
  });

  // ------------------------------------------------------------------------- scenarios

  private scenario = this.RULE('scenario', (): A.ScenarioDecl => {
    const start = this.here();
    this.kw('scenario');
    const name = this.ident(this.CONSUME(Name));
    const label = this.optLabel();
    const steps = this.block(() => this.SUBRULE(this.scenarioStep));
    return { kind: 'Scenario', span: this.from(start), name, ...(label ? { label } : {}), steps };
  });

  private scenarioStep = this.RULE('scenarioStep', (): A.ScenarioStep => {
    const start = this.here();
    return this.OR([
      {
        ALT: (): A.ScenarioStep => {
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
          this.kw('at');
          const at = this.dateTime(this.CONSUME(DateTime));
          return this.OR2([
            {
              ALT: (): A.ScenarioStep => {
                this.kw('do');
                const actions = [this.ident(this.CONSUME(Name))];
                this.MANY2(() => {
                  this.CONSUME2(Comma);
                  actions.push(this.ident(this.CONSUME2(Name)));
                });
                return { kind: 'Do', span: this.from(start), at, actions };
              },
            },
            {
              ALT: (): A.ScenarioStep => {
                this.kw('extend');
                this.kw('to');
                const to = this.dateTime(this.CONSUME2(DateTime));
                const reason = this.str(this.CONSUME(StringLiteral));
                return { kind: 'Extend', span: this.from(start), at, to, reason };
              },
            },
          ]);
        },
      },
      {
        ALT: (): A.ScenarioStep => {
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
    ]);
  });

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
    return { kind: 'Fragment', span: this.from(start), name, ...(label ? { label } : {}), fields };
  });

  private source = this.RULE('source', (): A.SourceDecl => {
    const start = this.here();
    this.kw('source');
    const name = this.ident(this.CONSUME(Name));
    const label = this.optLabel();
    const items = this.block(() => this.SUBRULE(this.sourceItem));
    return { kind: 'Source', span: this.from(start), name, ...(label ? { label } : {}), items };
  });

  private sourceItem = this.RULE('sourceItem', (): A.SourceItem => {
    const start = this.here();
    return this.OR([
      { ALT: (): A.SourceItem => { this.kw('kind'); return { kind: 'SourceKind', span: this.from(start), value: this.ident(this.CONSUME(Name)) }; } },
      {
        ALT: (): A.SourceItem => {
          this.kw('key');
          const name = this.ident(this.CONSUME2(Name));
          this.CONSUME(Colon);
          const type = this.SUBRULE(this.typeRef);
          return { kind: 'Key', span: this.from(start), name, type };
        },
      },
      { ALT: (): A.SourceItem => { this.kw('authoritative'); return { kind: 'Authoritative', span: this.from(start) }; } },
      { ALT: (): A.SourceItem => ({ kind: 'Basis', span: this.from(start), meta: this.SUBRULE(this.ruleMetaRequired) }) },
      {
        ALT: (): A.SourceItem => {
          this.kw('field');
          const name = this.ident(this.CONSUME3(Name));
          const label = this.optLabel();
          this.CONSUME2(Colon);
          const type = this.SUBRULE2(this.typeRef);
          return { kind: 'SourceField', span: this.from(start), name, ...(label ? { label } : {}), type };
        },
      },
    ]);
  });

  private agency = this.RULE('agency', (): A.AgencyDecl => {
    const start = this.here();
    this.kw('agency');
    const name = this.ident(this.CONSUME(Name));
    const label = this.optLabel();
    const items = this.block(() => {
      const is = this.here();
      return this.OR([
        { ALT: (): A.AgencyItem => { this.kw('unit'); return { kind: 'Unit', span: this.from(is), code: this.str(this.CONSUME(StringLiteral)) }; } },
        { ALT: (): A.AgencyItem => { this.kw('level'); return { kind: 'AgencyLevel', span: this.from(is), level: this.ident(this.CONSUME2(Name)) }; } },
        { ALT: (): A.AgencyItem => { this.kw('calendar'); return { kind: 'Calendar', span: this.from(is), calendar: this.ident(this.CONSUME3(Name)) }; } },
        { ALT: (): A.AgencyItem => { this.kw('parent'); return { kind: 'Parent', span: this.from(is), parent: this.ident(this.CONSUME4(Name)) }; } },
      ]);
    });
    return { kind: 'Agency', span: this.from(start), name, ...(label ? { label } : {}), items };
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

  private notExpr = this.RULE('notExpr', (): A.Expr => {
    const start = this.here();
    return this.OR([
      {
        ALT: (): A.Expr => {
          this.CONSUME(Not);
          const operand = this.SUBRULE(this.notExpr);
          return this.nest({ kind: 'Unary', span: this.from(start), op: 'not', operand }, [operand]);
        },
      },
      { ALT: () => this.SUBRULE(this.comparison) },
    ]);
  }, recovery.expr);

  private comparison = this.RULE('comparison', (): A.Expr => {
    const start = this.here();
    const left = this.SUBRULE(this.additive);
    const rest = this.OPTION(() =>
      this.OR([
        {
          ALT: (): A.Expr => {
            const opTok = this.OR2([
              { ALT: () => this.CONSUME(EqEq) },
              { ALT: () => this.CONSUME(NotEq) },
              { ALT: () => this.CONSUME(LtEq) },
              { ALT: () => this.CONSUME(GtEq) },
              { ALT: () => this.CONSUME(Lt) },
              { ALT: () => this.CONSUME(Gt) },
            ]);
            const right = this.SUBRULE2(this.additive);
            return this.binary(start, opTok.image as A.BinaryOp, left, right);
          },
        },
        {
          ALT: (): A.Expr => {
            const negated = this.OPTION2(() => this.CONSUME(Not)) !== undefined;
            this.CONSUME(In);
            const list = this.SUBRULE3(this.additive);
            return this.nest({ kind: 'In', span: this.from(start), negated, value: left, list }, [left, list]);
          },
        },
      ]),
    );
    return rest ?? left;
  }, recovery.expr);

  private additive = this.RULE('additive', (): A.Expr => {
    const start = this.here();
    let left = this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(Plus) }, { ALT: () => this.CONSUME(Minus) }]);
      const right = this.SUBRULE2(this.multiplicative);
      left = this.binary(start, op.image as A.BinaryOp, left, right);
    });
    return left;
  }, recovery.expr);

  private multiplicative = this.RULE('multiplicative', (): A.Expr => {
    const start = this.here();
    let left = this.SUBRULE(this.unary);
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(Star) }, { ALT: () => this.CONSUME(Slash) }]);
      const right = this.SUBRULE2(this.unary);
      left = this.binary(start, op.image as A.BinaryOp, left, right);
    });
    return left;
  }, recovery.expr);

  private unary = this.RULE('unary', (): A.Expr => {
    const start = this.here();
    return this.OR([
      {
        ALT: (): A.Expr => {
          this.CONSUME(Minus);
          const operand = this.SUBRULE(this.unary);
          return this.nest({ kind: 'Unary', span: this.from(start), op: '-', operand }, [operand]);
        },
      },
      { ALT: () => this.SUBRULE(this.primary) },
    ]);
  }, recovery.expr);

  private primary = this.RULE('primary', (): A.Expr => {
    const start = this.here();
    return this.OR([
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
    ]);
  }, recovery.expr);

  private keywordIsName(): boolean {
    const t = this.LA(1);
    if (t.tokenType === Identifier || !tokenMatcher(t, Name)) return true;
    // An expression is required here, so a keyword can only be starting the next clause when its
    // value is missing: a keyword that takes an operand, followed by a name or a literal (`min`
    // then `field age …`) — decline it, so the missing value is reported at that keyword.
    // Followed by anything else it is a value: another keyword (`per copies when …`), `{`
    // (`tiered by copies {`), an operator or the end of the block.
    if (bareKeywords.has(t.tokenType)) return true;
    return !operandStarts.has(this.LA(2).tokenType);
  }

  private numberLike = this.RULE('numberLike', (): A.Expr => {
    const start = this.here();
    const n = this.CONSUME(NumberLiteral);
    const value = this.RECORDING_PHASE ? 0 : parseNumber(n.image);
    return this.OR([
      {
        ALT: (): A.Expr => {
          const c = this.CONSUME(Currency);
          return { kind: 'Literal', span: this.from(start), literal: { type: 'money', value }, raw: `${n.image} ${c.image}` };
        },
      },
      {
        ALT: (): A.Expr => {
          this.CONSUME(Percent);
          return { kind: 'Literal', span: this.from(start), literal: { type: 'percent', value }, raw: `${n.image}%` };
        },
      },
      { ALT: (): A.Expr => ({ kind: 'Literal', span: this.from(start), literal: { type: 'number', value }, raw: n.image }) },
    ]);
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
