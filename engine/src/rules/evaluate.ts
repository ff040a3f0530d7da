// Evaluates the IR's expressions against one dossier: its form, channel, applicant, the date,
// and registry records. Synchronous and pure, so the same code prices a fee in the studio's
// browser preview and in the engine; registry reads go through `lookup`, which the engine fills
// ahead of time (see `reads.ts`).
//
// Values: text/address/personal ids and choice options are strings, dates "YYYY-MM-DD",
// datetimes "YYYY-MM-DDTHH:mm", numbers and money (whole đồng) numbers, percents FRACTIONS
// (40% → 0.4, so `amount * 40%` is plain multiplication), booleans, lists. A missing value is
// `undefined`: every comparison with it is false — `!=` too, so an exemption `when claim != none`
// does not hold while the claim is unanswered — arithmetic with it is missing, and a condition
// that is missing does not hold.
import type { IRExpr, IRSource } from '@motcua/dsl';

export type Value = string | number | boolean | undefined | readonly Value[] | FormRow;
export interface FormRow {
  readonly [key: string]: Value;
}
export type FormValues = FormRow;

export type Channel = 'online' | 'in_person' | 'postal';

/** A registry record lookup; returns undefined when the record does not exist (or is not loaded yet). */
export type Lookup = (source: string, key: string) => Readonly<Record<string, unknown>> | undefined;

export interface EvalEnv {
  readonly form: FormValues;
  readonly channel: Channel;
  /** The applicant's personal id (whose records `population.x` reads). */
  readonly citizen?: string;
  /** Local date (Asia/Ho_Chi_Minh) the rules are evaluated at, "YYYY-MM-DD". */
  readonly today: string;
  readonly lookup: Lookup;
  /** Sources by id, to know which are keyed by the applicant's personal id. */
  readonly sources: ReadonlyMap<string, IRSource>;
  /** `form.valid` and `documents.complete`, computed lazily by the caller. */
  readonly formValid?: () => boolean;
  readonly documentsComplete?: () => boolean;
  /** The current row of a repeated group (scope `row`), and the tiered value (scope `value`). */
  readonly row?: { readonly group: string; readonly values: FormRow };
  readonly value?: Value;
}

export class EvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluationError';
  }
}

/** Reads a dotted path from form values; a path through a repeated group yields the rows' values. */
export function readPath(root: Value, path: readonly string[]): Value {
  let cur: Value = root;
  for (let i = 0; i < path.length; i++) {
    if (cur === undefined || cur === null) return undefined;
    if (Array.isArray(cur)) {
      const rest = path.slice(i);
      return (cur as readonly Value[]).map((row) => readPath(row, rest));
    }
    if (typeof cur !== 'object') return undefined;
    cur = (cur as FormRow)[path[i]!];
  }
  return cur;
}

export function evaluate(e: IRExpr, env: EvalEnv): Value {
  switch (e.kind) {
    case 'lit':
      return e.type === 'percent' ? (e.value as number) / 100 : e.value;
    case 'list':
      return e.items.map((i) => evaluate(i, env));
    case 'ref':
      return ref(e.scope, e.path, env);
    case 'call':
      return call(e.fn, e.args, e.member, env);
    case 'unary': {
      const v = evaluate(e.operand, env);
      if (e.op === 'not') return v === undefined ? undefined : !truthy(v);
      return typeof v === 'number' ? -v : undefined;
    }
    case 'in': {
      const v = evaluate(e.value, env);
      const list = evaluate(e.list, env);
      if (v === undefined || !Array.isArray(list)) return false;
      const found = (list as readonly Value[]).some((x) => equal(x, v));
      return e.negated ? !found : found;
    }
    case 'binary':
      return binary(e.op, e.left, e.right, env);
  }
}

/** A rule applies on a day ("YYYY-MM-DD") inside its `effective` period (always, without one). */
export function inEffect(rule: { readonly effective?: { readonly from: string; readonly until?: string } | undefined }, day: string): boolean {
  const e = rule.effective;
  return !e || (e.from <= day && (e.until === undefined || day <= e.until));
}

/** A condition holds only when it evaluates to `true` (a missing value does not hold). */
export function holds(e: IRExpr | undefined, env: EvalEnv): boolean {
  return e === undefined ? true : evaluate(e, env) === true;
}

export function truthy(v: Value): boolean {
  return v === true;
}

function ref(scope: string, path: readonly string[], env: EvalEnv): Value {
  switch (scope) {
    case 'form':
      return readPath(env.form, path);
    case 'row': {
      if (!env.row) return readPath(env.form, path);
      const prefix = env.row.group.split('.');
      const rest = path.slice(prefix.length);
      return readPath(env.row.values, rest);
    }
    case 'value':
      return env.value;
    case 'source': {
      const [source, ...fields] = path;
      if (!env.citizen || source === undefined) return undefined;
      return fromRecord(env.lookup(source, env.citizen), fields);
    }
    case 'builtin':
      return builtin(path, env);
    default:
      throw new EvaluationError(`phạm vi tham chiếu không hỗ trợ: ${scope}`);
  }
}

function builtin(path: readonly string[], env: EvalEnv): Value {
  const name = path.join('.');
  switch (name) {
    case 'channel':
      return env.channel;
    case 'citizen':
      return env.citizen;
    case 'today':
      return env.today;
    case 'form.valid':
      return env.formValid ? env.formValid() : undefined;
    case 'documents.complete':
      return env.documentsComplete ? env.documentsComplete() : undefined;
    default:
      throw new EvaluationError(`giá trị dựng sẵn không tồn tại: ${name}`);
  }
}

function fromRecord(record: Readonly<Record<string, unknown>> | undefined, fields: readonly string[]): Value {
  if (!record) return undefined;
  let cur: unknown = record;
  for (const f of fields) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[f];
  }
  return cur === null ? undefined : (cur as Value);
}

function call(fn: string, args: readonly IRExpr[], member: readonly string[], env: EvalEnv): Value {
  if (fn === 'count') {
    const v = args[0] ? evaluate(args[0], env) : undefined;
    return Array.isArray(v) ? v.length : 0;
  }
  if (fn === 'age') {
    const v = args[0] ? evaluate(args[0], env) : undefined;
    return typeof v === 'string' ? ageAt(v, env.today) : undefined;
  }
  if (env.sources.has(fn)) {
    const key = args[0] ? evaluate(args[0], env) : undefined;
    if (typeof key !== 'string' || key.trim() === '') return undefined;
    return fromRecord(env.lookup(fn, key), member);
  }
  throw new EvaluationError(`hàm không tồn tại: ${fn}`);
}

/** Full years from a birth date to a day (both "YYYY-MM-DD"): the birthday counts as reached. */
export function ageAt(birth: string, day: string): number | undefined {
  const b = /^(\d{4})-(\d{2})-(\d{2})/.exec(birth);
  const d = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!b || !d) return undefined;
  let years = Number(d[1]) - Number(b[1]);
  if (d[2]! + d[3]! < b[2]! + b[3]!) years -= 1;
  return years;
}

function binary(op: string, le: IRExpr, re: IRExpr, env: EvalEnv): Value {
  if (op === 'and') {
    // Short-circuit: `housing == relative and civil_status(...)` reads no registry when it needn't.
    if (!truthy(evaluate(le, env))) return false;
    return truthy(evaluate(re, env));
  }
  if (op === 'or') {
    if (truthy(evaluate(le, env))) return true;
    return truthy(evaluate(re, env));
  }
  const l = evaluate(le, env);
  const r = evaluate(re, env);
  switch (op) {
    case '==':
      return l !== undefined && r !== undefined && equal(l, r);
    case '!=':
      return l !== undefined && r !== undefined && !equal(l, r);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(op, l, r);
  }
  if (typeof l !== 'number' || typeof r !== 'number') return undefined;
  switch (op) {
    case '+':
      return l + r;
    case '-':
      return l - r;
    case '*':
      return l * r;
    case '/':
      return r === 0 ? undefined : l / r;
  }
  throw new EvaluationError(`phép toán không hỗ trợ: ${op}`);
}

function normalise(v: Value): Value {
  return typeof v === 'string' ? v.normalize('NFC').trim() : v;
}

export function equal(a: Value, b: Value): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => equal(x, (b as readonly Value[])[i]));
  }
  return normalise(a) === normalise(b);
}

function compare(op: '<' | '<=' | '>' | '>=', l: Value, r: Value): boolean {
  let a: string | number;
  let b: string | number;
  if (typeof l === 'number' && typeof r === 'number') [a, b] = [l, r];
  else if (typeof l === 'string' && typeof r === 'string') {
    // Dates and datetimes compare as text once both have a time part.
    [a, b] = [l.length === 10 ? `${l}T00:00` : l, r.length === 10 ? `${r}T00:00` : r];
  } else return false;
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}
