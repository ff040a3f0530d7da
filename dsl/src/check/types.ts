// The value types of the procedure language and the rules that relate them: which types a
// comparison accepts, which values a field can take, how a type is named to a designer.
import type { Expr, LiteralValue, TypeRef } from '../ast.ts';
import type { Localized } from '../diagnostics.ts';

export type ScalarKind =
  | 'text'
  | 'number'
  | 'money'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'boolean'
  | 'personal_id'
  | 'phone'
  | 'email'
  | 'address';

export type Type =
  | { readonly kind: ScalarKind }
  | { readonly kind: 'choice'; readonly options: readonly string[] }
  | { readonly kind: 'list'; readonly of: Type }
  /** Not known: a name that did not resolve (already reported) or an empty recovered node. */
  | { readonly kind: 'unknown' };

const scalars = new Map<ScalarKind, Type>();
export function scalar(kind: ScalarKind): Type {
  let t = scalars.get(kind);
  if (!t) scalars.set(kind, (t = { kind }));
  return t;
}
export const UNKNOWN: Type = { kind: 'unknown' };
export const BOOLEAN = scalar('boolean');
export const NUMBER = scalar('number');
export const MONEY = scalar('money');
export const PERCENT = scalar('percent');
export const listOf = (of: Type): Type => ({ kind: 'list', of });
export const choice = (options: readonly string[]): Type => ({ kind: 'choice', options });

/** Types a form or source field may be declared with (`choice` takes its options in braces). */
export const FIELD_TYPES = ['text', 'number', 'money', 'date', 'boolean', 'choice', 'personal_id', 'phone', 'email', 'address'] as const;
const fieldTypeSet = new Set<string>(FIELD_TYPES);

/** The type a declaration names; `undefined` when the name is not a type (reported by the caller). */
export function typeFromRef(ref: TypeRef): Type | undefined {
  const name = ref.name.text;
  if (!name) return UNKNOWN;
  if (!fieldTypeSet.has(name)) return undefined;
  if (name === 'choice') return choice(ref.options.map((o) => o.name.text).filter((n) => n));
  return scalar(name as ScalarKind);
}

export function literalType(l: LiteralValue): Type {
  return scalar(l.type);
}

export const isUnknown = (t: Type) => t.kind === 'unknown';

/** Kinds that are text underneath: a text literal can stand for them, a text field can hold them. */
const TEXTUAL = new Set(['text', 'personal_id', 'phone', 'email', 'address']);
const ORDERED = new Set(['number', 'money', 'percent', 'date', 'datetime']);
const NUMERIC = new Set(['number', 'money', 'percent']);

export const isTextual = (t: Type) => TEXTUAL.has(t.kind);
export const isOrdered = (t: Type) => ORDERED.has(t.kind);
export const isNumeric = (t: Type) => NUMERIC.has(t.kind);

/** `5`, `-5`: a bare number, which may stand for an amount of money (`value - 1_000_000_000`). */
export function isNumberLiteral(e: Expr): boolean {
  if (e.kind === 'Literal') return e.literal.type === 'number';
  return e.kind === 'Unary' && e.op === '-' && isNumberLiteral(e.operand);
}

export function isTextLiteral(e: Expr): boolean {
  return e.kind === 'Literal' && e.literal.type === 'text';
}

/** Can `==`, `!=` (and, for ordered types, `<`…) relate values of these two types? */
export function comparable(a: Type, b: Type): boolean {
  if (a.kind === 'unknown' || b.kind === 'unknown') return true;
  if (a.kind === b.kind) {
    if (a.kind === 'list' && b.kind === 'list') return comparable(a.of, b.of);
    return true;
  }
  if ((a.kind === 'text' && isTextual(b)) || (b.kind === 'text' && isTextual(a))) return true;
  return (a.kind === 'date' && b.kind === 'datetime') || (a.kind === 'datetime' && b.kind === 'date');
}

/**
 * Can a value of type `from` be stored in a field of type `to`? A text field holds any textual
 * value; a choice holds a choice whose options it has. `literal` widens for written constants:
 * a text literal fits an address or phone field, a bare number fits money.
 */
export function assignable(from: Type, to: Type, literal: { text?: boolean; number?: boolean } = {}): boolean {
  if (from.kind === 'unknown' || to.kind === 'unknown') return true;
  if (to.kind === 'choice') {
    if (from.kind !== 'choice') return false;
    const opts = new Set(to.options);
    return from.options.every((o) => opts.has(o));
  }
  if (to.kind === 'list') return from.kind === 'list' && assignable(from.of, to.of, literal);
  if (from.kind === to.kind) return true;
  if (to.kind === 'text' && isTextual(from)) return true;
  if (literal.text && from.kind === 'text' && isTextual(to)) return true;
  if (literal.number && from.kind === 'number' && to.kind === 'money') return true;
  return false;
}

/** Same type for once-only matching: a choice matches a choice with the same options. */
export function sameType(a: Type, b: Type): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'choice' && b.kind === 'choice') {
    return a.options.length === b.options.length && a.options.every((o) => b.options.includes(o));
  }
  if (a.kind === 'list' && b.kind === 'list') return sameType(a.of, b.of);
  return true;
}

const glosses: Record<ScalarKind, string> = {
  text: 'văn bản',
  number: 'số',
  money: 'số tiền',
  percent: 'tỉ lệ phần trăm',
  date: 'ngày',
  datetime: 'thời điểm',
  boolean: 'đúng/sai',
  personal_id: 'số định danh cá nhân',
  phone: 'số điện thoại',
  email: 'thư điện tử',
  address: 'địa chỉ',
};

const enGlosses: Record<ScalarKind, string> = {
  text: 'text',
  number: 'a number',
  money: 'money',
  percent: 'a percentage',
  date: 'a date',
  datetime: 'a date and time',
  boolean: 'true/false',
  personal_id: 'a personal id',
  phone: 'a phone number',
  email: 'an email address',
  address: 'an address',
};

/** A type as a designer reads it: Vietnamese gloss with the language's own word. */
export function typeLabel(t: Type): Localized {
  switch (t.kind) {
    case 'unknown':
      return { vi: 'chưa rõ kiểu', en: 'of unknown type' };
    case 'choice': {
      const opts = t.options.length > 6 ? [...t.options.slice(0, 6), '…'] : t.options;
      return { vi: `lựa chọn (choice {${opts.join(' ')}})`, en: `a choice {${opts.join(' ')}}` };
    }
    case 'list': {
      const inner = typeLabel(t.of);
      return { vi: `danh sách ${inner.vi}`, en: `a list of ${inner.en}` };
    }
    default:
      return { vi: `${glosses[t.kind]} (${t.kind})`, en: enGlosses[t.kind] };
  }
}
