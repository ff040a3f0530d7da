// Type inference for expressions, with name resolution. One walk both infers and reports, so
// a name is resolved once and an unknown name does not cascade into type errors: whatever
// cannot be typed is `unknown`, and `unknown` is compatible with everything.
import type * as A from '../ast.ts';
import { closest } from '../diagnostics.ts';
import { renameFix, report, type Sink } from './catalog.ts';
import { FUNCTIONS, resolvePath, sourceInfo, topLevelNames, type Resolution, type Scope } from './scope.ts';
import {
  BOOLEAN,
  comparable,
  isNumberLiteral,
  isNumeric,
  isOrdered,
  listOf,
  literalType,
  MONEY,
  NUMBER,
  PERCENT,
  typeLabel,
  UNKNOWN,
  type Type,
} from './types.ts';

interface Cx {
  readonly scope: Scope;
  readonly out: Sink | undefined;
  readonly text: string;
}

/** The designer's words for a span, on one line and not too long, to quote in a message. */
export function quote(text: string, span: A.Span, max = 60): string {
  const s = text.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The type of an expression, without reporting anything (completion, hover, other passes). */
export function typeOf(expr: A.Expr, scope: Scope): Type {
  return infer(expr, { scope, out: undefined, text: '' });
}

/** The type of an expression; problems (unknown names, incompatible operands) go to `out`. */
export function checkExpr(expr: A.Expr, scope: Scope, out: Sink): Type {
  return infer(expr, { scope, out, text: scope.text });
}

/** A single bare name (`owner`, `online`): may be a choice option rather than a field. */
function bareName(e: A.Expr): A.Ident | undefined {
  return e.kind === 'Path' && e.segments.length === 1 && e.segments[0]!.text ? e.segments[0] : undefined;
}

function infer(e: A.Expr, cx: Cx): Type {
  switch (e.kind) {
    case 'Literal':
      return literalType(e.literal);
    case 'Path':
      return pathType(e, cx);
    case 'Call':
      return callType(e, cx);
    case 'List':
      return listType(e, cx);
    case 'Unary':
      return unaryType(e, cx);
    case 'In':
      return inType(e, cx);
    case 'Binary':
      return binaryType(e, cx);
  }
}

// ------------------------------------------------------------------------------ names

function reportUnresolved(r: Extract<Resolution, { kind: 'error' }>, segs: readonly A.Ident[], cx: Cx): void {
  const seg = segs[r.index]!;
  const suggestion = closest(seg.text, r.candidates);
  const fixes = renameFix(seg.span, suggestion);
  if (r.error === 'name') report(cx.out, 'MC2001', seg.span, { name: seg.text, suggestion }, fixes);
  else if (r.error === 'sourceField') report(cx.out, 'MC2003', seg.span, { source: r.container ?? '', name: seg.text, suggestion }, fixes);
  else report(cx.out, 'MC2002', seg.span, { group: r.container ?? '', name: seg.text, suggestion }, fixes);
}

/** An example field to show when a group or source is used where a value is needed. */
function exampleMember(r: Resolution): string | undefined {
  if (r.kind === 'group') {
    const first = r.entry.members?.values().next().value;
    return first ? first.path : undefined;
  }
  if (r.kind === 'source') {
    for (const f of r.source.fields.values()) if (!f.key) return `${r.source.decl.name.text}.${f.name}`;
  }
  return undefined;
}

/** Resolve a path as a value (not a group/source); reports and returns `unknown` otherwise. */
export function resolveValue(path: A.PathExpr, scope: Scope, out: Sink | undefined, text: string): { type: Type; resolution: Resolution } {
  const r = resolvePath(path.segments, scope);
  switch (r.kind) {
    case 'error':
      reportUnresolved(r, path.segments, { scope, out, text });
      break;
    case 'opaque':
      break;
    case 'group':
      report(out, 'MC3013', path.span, { text: quote(text, path.span), what: 'group', example: exampleMember(r) ?? `${r.entry.path}.…` });
      break;
    case 'builtinGroup':
      report(out, 'MC3013', path.span, { text: r.name, what: 'group', example: r.name === 'form' ? 'form.valid' : 'documents.complete' });
      break;
    case 'source':
      report(out, 'MC3013', path.span, { text: quote(text, path.span), what: 'source', example: exampleMember(r) ?? `${r.source.decl.name.text}.…` });
      break;
    case 'sourceField': {
      const src = r.source;
      if (src.keyType && src.keyType.kind !== 'personal_id' && src.keyType.kind !== 'unknown') {
        const name = src.decl.name.text;
        report(out, 'MC3013', path.segments[0]!.span, { text: name, what: 'keyed', example: `${name}(${src.keyName ?? 'key'}).${r.field.name}` });
        break;
      }
      return { type: r.type, resolution: r };
    }
    default:
      return { type: r.type, resolution: r };
  }
  return { type: UNKNOWN, resolution: r };
}

function pathType(e: A.PathExpr, cx: Cx): Type {
  if (!e.segments.length) return UNKNOWN; // recovered after a syntax error
  return resolveValue(e, cx.scope, cx.out, cx.text).type;
}

function callType(e: A.CallExpr, cx: Cx): Type {
  const name = e.callee.text;
  if (!name) return UNKNOWN;
  if (name === 'count' || name === 'age') {
    const arg = e.args[0];
    const expected =
      name === 'count'
        ? { vi: 'đúng một nhóm lặp lại, ví dụ `count(members)`', en: 'exactly one repeated group, e.g. `count(members)`' }
        : { vi: 'đúng một ngày, ví dụ `age(applicant.birth_date)`', en: 'exactly one date, e.g. `age(applicant.birth_date)`' };
    if (e.args.length !== 1 || !arg || e.member.length) {
      e.args.forEach((a) => infer(a, cx));
      report(cx.out, 'MC3014', e.span, { callee: name, text: quote(cx.text, e.span), expected });
      return NUMBER;
    }
    if (name === 'count') {
      if (arg.kind === 'Path' && arg.segments.length) {
        const r = resolvePath(arg.segments, cx.scope);
        if (r.kind === 'group' || r.kind === 'opaque') return NUMBER;
        if (r.kind === 'error') {
          reportUnresolved(r, arg.segments, cx);
          return NUMBER;
        }
      }
      const t = infer(arg, cx);
      if (t.kind !== 'list' && t.kind !== 'unknown') report(cx.out, 'MC3014', e.span, { callee: name, text: quote(cx.text, e.span), expected });
      return NUMBER;
    }
    const t = infer(arg, cx);
    if (t.kind !== 'date' && t.kind !== 'unknown') report(cx.out, 'MC3014', e.span, { callee: name, text: quote(cx.text, e.span), expected });
    return NUMBER;
  }
  const src = sourceInfo(cx.scope.ws, name);
  if (!src) {
    e.args.forEach((a) => infer(a, cx));
    const suggestion = closest(name, [...cx.scope.ws.sources.keys(), ...FUNCTIONS]);
    report(cx.out, 'MC2001', e.callee.span, { name, suggestion }, renameFix(e.callee.span, suggestion));
    return UNKNOWN;
  }
  const keyLabel = src.keyType ? typeLabel(src.keyType) : { vi: 'khóa', en: 'key' };
  const example = `${name}(${src.keyName ?? 'key'}).${[...src.fields.values()].find((f) => !f.key)?.name ?? '…'}`;
  const expected = {
    vi: `đúng một khóa tra cứu là ${keyLabel.vi} và một trường, ví dụ \`${example}\``,
    en: `exactly one lookup key, ${keyLabel.en}, and a field, e.g. \`${example}\``,
  };
  const argTypes = e.args.map((a) => infer(a, cx));
  const keyOk = argTypes.length === 1 && comparable(argTypes[0]!, src.keyType ?? UNKNOWN) && argTypes[0]!.kind !== 'list';
  const member = e.member[0];
  if (!keyOk || !member) {
    report(cx.out, 'MC3014', e.span, { callee: name, text: quote(cx.text, e.span), expected });
    if (!member) return UNKNOWN;
  }
  if (!member.text) return UNKNOWN;
  const field = src.fields.get(member.text);
  if (!field) {
    const suggestion = closest(member.text, src.fields.keys());
    report(cx.out, 'MC2003', member.span, { source: name, name: member.text, suggestion }, renameFix(member.span, suggestion));
    return UNKNOWN;
  }
  const extra = e.member[1];
  if (extra?.text) {
    report(cx.out, 'MC2002', extra.span, { group: `${name}(…).${field.name}`, name: extra.text });
    return UNKNOWN;
  }
  return field.type;
}

// ------------------------------------------------------------------------------ operators

/**
 * Type a bare name compared with (or listed against) a value of type `other`: when `other` is a
 * choice, the name is one of its options (`basis != owner`). Otherwise it is an ordinary name.
 * `other` is named in messages by `otherAt`: its words in the source, or a given name.
 */
function operandAgainst(e: A.Expr, other: Type, otherAt: A.Span | string, cx: Cx): Type {
  const name = bareName(e);
  const opts = other.kind === 'choice' ? other : other.kind === 'list' && other.of.kind === 'choice' ? other.of : undefined;
  if (!name || !opts) {
    // Next to something already unknown (reported there), an unknown bare name is not news.
    if (name && other.kind === 'unknown' && resolvePath([name], cx.scope).kind === 'error') return UNKNOWN;
    return infer(e, cx);
  }
  if (opts.options.includes(name.text)) return opts;
  const r = resolvePath([name], cx.scope);
  if (r.kind !== 'error') return infer(e, cx);
  const suggestion = closest(name.text, opts.options);
  const field = typeof otherAt === 'string' ? otherAt : quote(cx.text, otherAt);
  report(cx.out, 'MC3007', name.span, { field, name: name.text, options: opts.options, suggestion }, renameFix(name.span, suggestion));
  return opts;
}

/**
 * Check a value written for a slot of type `target` (a default, a scenario input): a bare name
 * is an option when the slot is a choice. Returns the value's type.
 */
export function checkValueFor(expr: A.Expr, target: Type, targetText: string, scope: Scope, out: Sink | undefined): Type {
  return operandAgainst(expr, target, targetText, { scope, out, text: scope.text });
}

function mismatch(cx: Cx, op: string, e: A.Expr, left: Type, right?: Type): void {
  report(cx.out, 'MC3006', e.span, { op, text: quote(cx.text, e.span), left: typeLabel(left), right: right ? typeLabel(right) : undefined });
}

function unaryType(e: A.UnaryExpr, cx: Cx): Type {
  const t = infer(e.operand, cx);
  if (e.op === 'not') {
    if (t.kind !== 'boolean' && t.kind !== 'unknown') mismatch(cx, 'not', e, t);
    return BOOLEAN;
  }
  if (t.kind === 'unknown') return t;
  if (!isNumeric(t)) {
    mismatch(cx, '-', e, t);
    return UNKNOWN;
  }
  return t;
}

function listType(e: A.ListExpr, cx: Cx): Type {
  let item: Type = UNKNOWN;
  for (const it of e.items) {
    const t = item.kind === 'unknown' ? infer(it, cx) : operandAgainst(it, item, e.items[0]!.span, cx);
    if (item.kind === 'unknown') item = t;
  }
  return listOf(item);
}

function inType(e: A.InExpr, cx: Cx): Type {
  const op = e.negated ? 'not in' : 'in';
  if (e.list.kind === 'List') {
    const v = infer(e.value, cx);
    for (const item of e.list.items) {
      const t = operandAgainst(item, v, e.value.span, cx);
      if (!comparable(v, t)) mismatch(cx, op, e, v, t);
    }
    return BOOLEAN;
  }
  const listT = infer(e.list, cx);
  if (listT.kind === 'unknown') {
    infer(e.value, cx);
    return BOOLEAN;
  }
  if (listT.kind !== 'list') {
    mismatch(cx, op, e, infer(e.value, cx), listT);
    return BOOLEAN;
  }
  const v = operandAgainst(e.value, listT, e.list.span, cx);
  if (!comparable(v, listT.of)) mismatch(cx, op, e, v, listT);
  return BOOLEAN;
}

function arithmetic(op: A.BinaryOp, l: Type, r: Type, le: A.Expr, re: A.Expr): Type | undefined {
  const k = (t: Type) => t.kind;
  const num = (t: Type, x: A.Expr) => t.kind === 'number' || isNumberLiteral(x);
  if (op === '+' || op === '-') {
    if (k(l) === 'number' && k(r) === 'number') return NUMBER;
    if (k(l) === 'money' && k(r) === 'money') return MONEY;
    if (k(l) === 'money' && isNumberLiteral(re)) return MONEY;
    if (k(r) === 'money' && isNumberLiteral(le)) return MONEY;
    if (k(l) === 'percent' && k(r) === 'percent') return PERCENT;
    return undefined;
  }
  if (op === '*') {
    const pair = (a: string, b: string) => (k(l) === a && k(r) === b) || (k(l) === b && k(r) === a);
    if (k(l) === 'number' && k(r) === 'number') return NUMBER;
    if (pair('money', 'number') || pair('money', 'percent')) return MONEY;
    if (pair('percent', 'number')) return NUMBER;
    return undefined;
  }
  // '/'
  if (k(l) === 'number' && k(r) === 'number') return NUMBER;
  if (k(l) === 'money' && num(r, re)) return MONEY;
  if (k(l) === 'money' && k(r) === 'money') return NUMBER;
  return undefined;
}

function unresolvedBare(x: A.Expr, scope: Scope): boolean {
  const n = bareName(x);
  return !!n && resolvePath([n], scope).kind === 'error';
}

function binaryType(e: A.BinaryExpr, cx: Cx): Type {
  const { op } = e;
  if (op === 'and' || op === 'or') {
    for (const side of [e.left, e.right]) {
      const t = infer(side, cx);
      if (t.kind !== 'boolean' && t.kind !== 'unknown') {
        report(cx.out, 'MC3006', side.span, { op, text: quote(cx.text, side.span), left: typeLabel(t) });
      }
    }
    return BOOLEAN;
  }
  if (op === '==' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=') {
    // Type the side that is not an option first, so `owner == basis` reads like `basis == owner`.
    const lErr = unresolvedBare(e.left, cx.scope);
    let l: Type;
    let r: Type;
    if (lErr && unresolvedBare(e.right, cx.scope)) {
      // Two unknown bare names (`chanel == online`): one is probably a misspelt field and the
      // other an option of it. Report the one that looks like a typo of a name in scope.
      const names = topLevelNames(cx.scope);
      const rightIsTypo = !closest(bareName(e.left)!.text, names) && !!closest(bareName(e.right)!.text, names);
      infer(rightIsTypo ? e.right : e.left, cx);
      return BOOLEAN;
    } else if (lErr) {
      r = infer(e.right, cx);
      l = operandAgainst(e.left, r, e.right.span, cx);
    } else {
      l = infer(e.left, cx);
      r = operandAgainst(e.right, l, e.left.span, cx);
    }
    const literalMoney =
      (l.kind === 'money' && isNumberLiteral(e.right)) || (r.kind === 'money' && isNumberLiteral(e.left));
    if (!literalMoney && !comparable(l, r)) mismatch(cx, op, e, l, r);
    else if (op !== '==' && op !== '!=' && l.kind !== 'unknown' && r.kind !== 'unknown' && (!isOrdered(l) || !isOrdered(r))) {
      mismatch(cx, op, e, l, r);
    }
    return BOOLEAN;
  }
  const l = infer(e.left, cx);
  const r = infer(e.right, cx);
  if (l.kind === 'unknown' || r.kind === 'unknown') return UNKNOWN;
  const t = arithmetic(op, l, r, e.left, e.right);
  if (!t) {
    mismatch(cx, op, e, l, r);
    return UNKNOWN;
  }
  return t;
}

// ------------------------------------------------------------------------------ helpers for passes

/** Check a condition: it must be true/false. */
export function checkCondition(expr: A.Expr | undefined, clause: string, scope: Scope, out: Sink): void {
  if (!expr) return;
  const t = checkExpr(expr, scope, out);
  if (t.kind !== 'boolean' && t.kind !== 'unknown') {
    report(out, 'MC3001', expr.span, { clause, found: typeLabel(t), text: quote(scope.text, expr.span) });
  }
}
