// Turns AST expressions into IR expressions with every name resolved, so the engine never
// repeats the language's scoping rules: a path becomes a form, source, built-in or tier-value
// reference, and a bare word that names nothing (or a choice option where one is expected)
// becomes a `name` literal.
import type * as A from '../ast.ts';
import type { SourceDecl } from '../ast.ts';
import type { IRExpr } from './ir.ts';
import { CHANNELS } from './vocabulary.ts';

const BUILTIN_ROOTS = new Set(['channel', 'form', 'documents', 'citizen', 'today']);

/** Field names visible without their group prefix: inside a fragment or a group. */
export interface LocalNames {
  readonly prefix: readonly string[];
  readonly names: ReadonlySet<string>;
  /** A repeated group: its bare names read the current row. */
  readonly row?: boolean;
}

export interface ExprContext {
  /** Innermost first. */
  readonly locals: readonly LocalNames[];
  /** Inside a tier amount of a tiered fee: `value` is the value tiered by. */
  readonly tierValue?: boolean;
  /** Scenario mode: a one-word path is always a name (a document, state or fee id). */
  readonly names?: boolean;
}

export interface FieldShape {
  readonly type: string;
  readonly options: readonly string[];
}

/** What names mean in one procedure: its form (fields by dotted path) and the workspace's sources. */
export class ExprResolver {
  /** Source ids referenced by any converted expression (for `ProcedureIR.sources`). */
  readonly sourcesUsed = new Set<string>();

  constructor(
    private readonly fields: ReadonlyMap<string, FieldShape>,
    private readonly topNames: ReadonlySet<string>,
    private readonly sources: ReadonlyMap<string, SourceDecl>,
  ) {}

  isSource(name: string): boolean {
    return this.sources.has(name);
  }

  convert(e: A.Expr, ctx: ExprContext, hint?: ReadonlySet<string>): IRExpr {
    switch (e.kind) {
      case 'Literal':
        return { kind: 'lit', type: e.literal.type, value: e.literal.value };
      case 'Path':
        return this.path(
          e.segments.map((s) => s.text),
          ctx,
          hint,
        );
      case 'Call':
        if (this.sources.has(e.callee.text)) this.sourcesUsed.add(e.callee.text);
        return {
          kind: 'call',
          fn: e.callee.text,
          args: e.args.map((a) => this.convert(a, ctx)),
          member: e.member.map((m) => m.text),
        };
      case 'Unary':
        return { kind: 'unary', op: e.op, operand: this.convert(e.operand, ctx) };
      case 'List':
        // A list takes the options of what it is compared with: `policy in [ho_ngheo, …]`.
        return { kind: 'list', items: e.items.map((i) => this.convert(i, ctx, hint)) };
      case 'In': {
        const value = this.convert(e.value, ctx);
        const options = this.optionsOf(value);
        return { kind: 'in', negated: e.negated, value, list: this.convert(e.list, ctx, options) };
      }
      case 'Binary': {
        let left = this.convert(e.left, ctx);
        let right = this.convert(e.right, ctx);
        if (e.op === '==' || e.op === '!=') {
          // `basis != owner`: a bare word compared with a choice is one of its options.
          const lo = this.optionsOf(left);
          const ro = this.optionsOf(right);
          if (ro) left = this.convert(e.left, ctx, ro);
          if (lo) right = this.convert(e.right, ctx, lo);
        }
        return { kind: 'binary', op: e.op, left, right };
      }
    }
  }

  /** The options of a choice-valued expression, if it is one. */
  optionsOf(e: IRExpr): ReadonlySet<string> | undefined {
    if (e.kind === 'ref') {
      if (e.scope === 'form' || e.scope === 'row') {
        const f = this.fields.get(e.path.join('.'));
        return f?.type === 'choice' ? new Set(f.options) : undefined;
      }
      if (e.scope === 'builtin' && e.path.length === 1 && e.path[0] === 'channel') return new Set(CHANNELS);
      if (e.scope === 'source' && e.path.length === 2) return this.sourceFieldOptions(e.path[0]!, e.path[1]!);
    }
    if (e.kind === 'call' && e.member.length === 1) return this.sourceFieldOptions(e.fn, e.member[0]!);
    return undefined;
  }

  /** Options of a form field, for its own `default` and scenario values. */
  fieldOptions(path: string): ReadonlySet<string> | undefined {
    const f = this.fields.get(path);
    return f?.type === 'choice' ? new Set(f.options) : undefined;
  }

  private sourceFieldOptions(source: string, field: string): ReadonlySet<string> | undefined {
    const decl = this.sources.get(source);
    if (!decl) return undefined;
    for (const it of decl.items)
      if (it.kind === 'SourceField' && it.name.text === field && it.type.name.text === 'choice')
        return new Set(it.type.options.map((o) => o.name.text));
    return undefined;
  }

  private path(segments: string[], ctx: ExprContext, hint: ReadonlySet<string> | undefined): IRExpr {
    const [head] = segments;
    if (head === undefined) return { kind: 'lit', type: 'name', value: '' }; // recovered MISSING_EXPR
    const single = segments.length === 1;
    if (single && (ctx.names || hint?.has(head))) return { kind: 'lit', type: 'name', value: head };
    if (single && ctx.tierValue && head === 'value') return { kind: 'ref', scope: 'value', path: segments };
    for (const local of ctx.locals)
      if (local.names.has(head)) return { kind: 'ref', scope: local.row ? 'row' : 'form', path: [...local.prefix, ...segments] };
    if (this.topNames.has(head)) return { kind: 'ref', scope: 'form', path: segments };
    if (this.sources.has(head)) {
      this.sourcesUsed.add(head);
      return { kind: 'ref', scope: 'source', path: segments };
    }
    if (BUILTIN_ROOTS.has(head)) return { kind: 'ref', scope: 'builtin', path: segments };
    // A bare word that names nothing: a choice option (`channel == online`). The checker has
    // already rejected words that are neither.
    if (single) return { kind: 'lit', type: 'name', value: head };
    return { kind: 'ref', scope: 'form', path: segments };
  }
}

/** `a and b and c` from a list of guards (left-associative, like the parser builds it). */
export function allOf(exprs: readonly IRExpr[]): IRExpr | undefined {
  return exprs.reduce<IRExpr | undefined>((acc, e) => (acc ? { kind: 'binary', op: 'and', left: acc, right: e } : e), undefined);
}
