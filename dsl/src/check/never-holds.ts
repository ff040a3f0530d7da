// Conditions that can never hold: `false`, or a conjunction that constrains one value in
// contradictory ways (`channel == online and channel == postal`, `x > 10 and x < 5`). The
// condition is put in disjunctive normal form (bounded: big conditions are given the benefit
// of the doubt) and every conjunction is checked for a contradiction on each compared value.
import type * as A from '../ast.ts';
import type { Localized } from '../diagnostics.ts';
import { quote } from './expr.ts';
import { resolvePath, type Scope } from './scope.ts';

type Value = number | string | boolean;
type CmpOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

interface Atom {
  readonly key: string;
  readonly op: CmpOp | 'in' | 'not in';
  readonly values: readonly Value[];
  readonly span: A.Span;
}

/** An atom we cannot reason about: it may hold or not. */
const OPAQUE = null;
type Conj = readonly (Atom | typeof OPAQUE)[];

const MAX_CONJUNCTIONS = 64;

const NEGATE: Record<CmpOp, CmpOp> = { '==': '!=', '!=': '==', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };
const FLIP: Record<CmpOp, CmpOp> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function pathKey(e: A.Expr): string | undefined {
  if (e.kind === 'Path' && e.segments.length && e.segments.every((s) => s.text)) return e.segments.map((s) => s.text).join('.');
  return undefined;
}

/** A constant: a literal, a negative number, or a bare name that is not a field (a choice option). */
function constant(e: A.Expr, scope: Scope): Value | undefined {
  if (e.kind === 'Literal') return e.literal.value;
  if (e.kind === 'Unary' && e.op === '-' && e.operand.kind === 'Literal' && typeof e.operand.literal.value === 'number') {
    return -e.operand.literal.value;
  }
  if (e.kind === 'Path' && e.segments.length === 1 && e.segments[0]!.text && resolvePath(e.segments, scope).kind === 'error') {
    return `option:${e.segments[0]!.text}`;
  }
  return undefined;
}

function and(a: Conj[] | undefined, b: Conj[] | undefined): Conj[] | undefined {
  if (!a || !b || a.length * b.length > MAX_CONJUNCTIONS) return undefined;
  return a.flatMap((x) => b.map((y) => [...x, ...y]));
}

function or(a: Conj[] | undefined, b: Conj[] | undefined): Conj[] | undefined {
  if (!a || !b || a.length + b.length > MAX_CONJUNCTIONS) return undefined;
  return [...a, ...b];
}

/** Disjunctive normal form of `e` (or of `not e`); `undefined` when too large. */
function dnf(e: A.Expr, negated: boolean, scope: Scope): Conj[] | undefined {
  switch (e.kind) {
    case 'Literal':
      if (e.literal.type === 'boolean') return e.literal.value !== negated ? [[]] : [];
      return [[OPAQUE]];
    case 'Unary':
      return e.op === 'not' ? dnf(e.operand, !negated, scope) : [[OPAQUE]];
    case 'Binary': {
      if (e.op === 'and' || e.op === 'or') {
        const l = dnf(e.left, negated, scope);
        const r = dnf(e.right, negated, scope);
        return (e.op === 'and') !== negated ? and(l, r) : or(l, r);
      }
      if (e.op === '+' || e.op === '-' || e.op === '*' || e.op === '/') return [[OPAQUE]];
      let key = pathKey(e.left);
      let value = constant(e.right, scope);
      let op: CmpOp = e.op;
      if (key === undefined || value === undefined) {
        key = pathKey(e.right);
        value = constant(e.left, scope);
        op = FLIP[e.op];
      }
      if (key === undefined || value === undefined) return [[OPAQUE]];
      return [[{ key, op: negated ? NEGATE[op] : op, values: [value], span: e.span }]];
    }
    case 'In': {
      const key = pathKey(e.value);
      if (key === undefined || e.list.kind !== 'List') return [[OPAQUE]];
      const values = e.list.items.map((i) => constant(i, scope));
      if (values.some((v) => v === undefined)) return [[OPAQUE]];
      return [[{ key, op: e.negated !== negated ? 'not in' : 'in', values: values as Value[], span: e.span }]];
    }
    case 'Path': {
      // A bare boolean: `form.valid` is `form.valid == true`.
      const key = pathKey(e);
      if (key === undefined) return [[OPAQUE]];
      return [[{ key, op: '==', values: [!negated], span: e.span }]];
    }
    default:
      return [[OPAQUE]];
  }
}

const ordered = (a: Value, b: Value) => typeof a === typeof b && typeof a !== 'boolean';

/** The two atoms of a conjunction that contradict each other, if any. */
function contradiction(conj: Conj): [Atom, Atom] | undefined {
  const byKey = new Map<string, Atom[]>();
  for (const a of conj) if (a) byKey.set(a.key, [...(byKey.get(a.key) ?? []), a]);
  for (const atoms of byKey.values()) {
    for (let i = 0; i < atoms.length; i++) {
      for (let j = i + 1; j < atoms.length; j++) {
        if (!compatible(atoms[i]!, atoms[j]!)) return [atoms[i]!, atoms[j]!];
      }
    }
  }
  return undefined;
}

/** Can some single value satisfy both atoms? Checked pairwise: enough for the mistakes designers make. */
function compatible(a: Atom, b: Atom): boolean {
  const candidates = (x: Atom): Value[] | undefined => (x.op === '==' || x.op === 'in' ? [...x.values] : undefined);
  const ca = candidates(a);
  const cb = candidates(b);
  if (ca) return ca.some((v) => satisfies(v, b));
  if (cb) return cb.some((v) => satisfies(v, a));
  // Two range bounds: lo must not exceed hi.
  const lower = (x: Atom) => x.op === '>' || x.op === '>=';
  const upper = (x: Atom) => x.op === '<' || x.op === '<=';
  const lo = lower(a) ? a : lower(b) ? b : undefined;
  const hi = upper(a) ? a : upper(b) ? b : undefined;
  if (!lo || !hi || lo === hi) return true;
  const l = lo.values[0]!;
  const h = hi.values[0]!;
  if (!ordered(l, h)) return true;
  if (l < h) return true;
  return l === h && lo.op === '>=' && hi.op === '<=';
}

function satisfies(v: Value, x: Atom): boolean {
  const w = x.values[0]!;
  switch (x.op) {
    case '==':
      return v === w;
    case '!=':
      return v !== w;
    case 'in':
      return x.values.includes(v);
    case 'not in':
      return !x.values.includes(v);
    default:
      if (!ordered(v, w)) return true;
      if (x.op === '<') return v < w;
      if (x.op === '<=') return v <= w;
      if (x.op === '>') return v > w;
      return v >= w;
  }
}

/** Why `e` can never hold, or `undefined` if it may. */
export function neverHolds(e: A.Expr, scope: Scope, text: string): Localized | undefined {
  const forms = dnf(e, false, scope);
  if (!forms) return undefined;
  if (!forms.length) return { vi: 'luôn sai', en: 'always false' };
  let first: [Atom, Atom] | undefined;
  for (const conj of forms) {
    const c = contradiction(conj);
    if (!c) return undefined;
    first ??= c;
  }
  const [a, b] = first!;
  const qa = quote(text, a.span);
  const qb = quote(text, b.span);
  return { vi: `\`${qa}\` và \`${qb}\` không thể cùng đúng`, en: `\`${qa}\` and \`${qb}\` cannot both be true` };
}
