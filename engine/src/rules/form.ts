// The dossier's form: prefill from registries (Circular 22/2019 Art 6), defaults and computed
// values, and validation of what the citizen typed — per field, in Vietnamese, from the field
// declarations (type, required/visible conditions, bounds, pattern, repeated groups).
import { z } from 'zod';
import { formatDateVi, labelIn, PERSONAL_ID_PATTERN, PHONE_PATTERN, type IRField, type IRGroup, type ProcedureIR } from '@motcua/dsl';
import { evaluate, holds, readPath, type EvalEnv, type FormRow, type FormValues, type Value } from './evaluate.ts';
import { formatDong, formatNumber, labelWords, type Bilingual } from './text.ts';

export interface FieldError {
  /** Dotted path with row indexes: `applicant.phone`, `members.1.personal_id`. */
  readonly path: string;
  readonly code: 'required' | 'type' | 'min' | 'max' | 'pattern' | 'option' | 'rows' | 'unknown' | 'locked';
  readonly message: Bilingual;
}

export interface PrefilledField {
  readonly path: string;
  /** `population.full_name`, or the expression's source (`citizen`). */
  readonly source: string;
  readonly locked: boolean;
}

const isEmpty = (v: Value): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** Sets a dotted path in a copy of `root`, creating groups on the way. */
export function writePath(root: FormRow, path: readonly string[], value: Value): FormRow {
  const [head, ...rest] = path;
  if (head === undefined) return root;
  const child = root[head];
  const next = rest.length === 0 ? value : writePath(child && typeof child === 'object' && !Array.isArray(child) ? (child as FormRow) : {}, rest, value);
  const out: Record<string, Value> = { ...root };
  if (next === undefined) delete out[head];
  else out[head] = next;
  return out;
}

export class FormModel {
  readonly fields: ReadonlyMap<string, IRField>;
  readonly groups: ReadonlyMap<string, IRGroup>;
  constructor(readonly ir: ProcedureIR) {
    this.fields = new Map(ir.form.fields.map((f) => [f.path, f]));
    this.groups = new Map(ir.form.groups.map((g) => [g.path, g]));
  }

  /** The repeated group a path lies in, if any (its path). */
  repeatedGroupOf(path: string): IRGroup | undefined {
    let g = this.fields.get(path)?.group ?? this.groups.get(path)?.parent;
    while (g) {
      const group = this.groups.get(g);
      if (group?.repeated) return group;
      g = group?.parent;
    }
    return undefined;
  }

  /** Top-level fields (outside repeated groups). */
  plainFields(): IRField[] {
    return this.ir.form.fields.filter((f) => !this.repeatedGroupOf(f.path));
  }
}

/**
 * Prefilled values for a new dossier (registry reads through `env.lookup`), then defaults and
 * computed values. Fields in repeated groups are never prefilled (there are no rows yet).
 */
export function prefillForm(model: FormModel, env: EvalEnv): { form: FormValues; prefilled: PrefilledField[] } {
  let form: FormValues = {};
  const prefilled: PrefilledField[] = [];
  for (const f of model.plainFields()) {
    if (!f.prefill) continue;
    let value: Value;
    let source: string;
    if ('source' in f.prefill) {
      const key = f.prefill.key ? evaluate(f.prefill.key, { ...env, form }) : env.citizen;
      const record = typeof key === 'string' && key !== '' ? env.lookup(f.prefill.source, key) : undefined;
      value = record ? (record[f.prefill.field] as Value) : undefined;
      source = `${f.prefill.source}.${f.prefill.field}`;
    } else {
      value = evaluate(f.prefill.expr, { ...env, form });
      source = f.prefill.expr.kind === 'ref' ? f.prefill.expr.path.join('.') : 'expr';
    }
    if (value === undefined || value === null) continue;
    form = writePath(form, f.path.split('.'), value);
    prefilled.push({ path: f.path, source, locked: f.locked });
  }
  return { form: completeForm(model, form, env), prefilled };
}

/**
 * Prefills keyed by the form itself (`prefill from population(mother.personal_id).full_name`)
 * follow their key: once the citizen types the mother's id, her name comes from the registry.
 * A locked field always shows the registry's value; an unlocked one is filled only when empty.
 */
export function refreshKeyedPrefill(model: FormModel, form: FormValues, env: EvalEnv): { form: FormValues; prefilled: PrefilledField[] } {
  let out = form;
  const prefilled: PrefilledField[] = [];
  for (const f of model.plainFields()) {
    if (!f.prefill || !('source' in f.prefill) || !f.prefill.key) continue;
    const key = evaluate(f.prefill.key, { ...env, form: out });
    const record = typeof key === 'string' && key.trim() !== '' ? env.lookup(f.prefill.source, key) : undefined;
    const value = record ? (record[f.prefill.field] as Value) : undefined;
    const path = f.path.split('.');
    if (f.locked) out = writePath(out, path, value ?? undefined);
    else if (value !== undefined && isEmpty(readPath(out, path))) out = writePath(out, path, value);
    if (value !== undefined) prefilled.push({ path: f.path, source: `${f.prefill.source}.${f.prefill.field}`, locked: f.locked });
  }
  return { form: out, prefilled };
}

/** Applies defaults to empty fields and recomputes computed fields (top level and in every row). */
export function completeForm(model: FormModel, form: FormValues, env: EvalEnv): FormValues {
  let out = form;
  for (const f of model.ir.form.fields) {
    if (!f.default && !f.computed) continue;
    const rg = model.repeatedGroupOf(f.path);
    if (rg) {
      const rows = readPath(out, rg.path.split('.'));
      if (!Array.isArray(rows)) continue;
      const rel = f.path.slice(rg.path.length + 1).split('.');
      const next = (rows as FormRow[]).map((row) => {
        const cur = readPath(row, rel);
        const e = { ...env, form: out, row: { group: rg.path, values: row } };
        if (f.computed) return writePath(row, rel, evaluate(f.computed, e));
        if (isEmpty(cur) && f.default) return writePath(row, rel, evaluate(f.default, e));
        return row;
      });
      out = writePath(out, rg.path.split('.'), next);
      continue;
    }
    const path = f.path.split('.');
    if (f.computed) out = writePath(out, path, evaluate(f.computed, { ...env, form: out }));
    else if (f.default && isEmpty(readPath(out, path))) out = writePath(out, path, evaluate(f.default, { ...env, form: out }));
  }
  return out;
}

// ---------------------------------------------------------------------------- validation

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
function validDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const schemas = new WeakMap<IRField, z.ZodType>();

/** The zod schema of one field's value (type only; required/bounds are checked beside it), built once per field. */
export function valueSchema(f: IRField): z.ZodType {
  let schema = schemas.get(f);
  if (!schema) schemas.set(f, (schema = buildValueSchema(f)));
  return schema;
}

function buildValueSchema(f: IRField): z.ZodType {
  const msg = (vi: string, en: string) => ({ error: `${vi} | ${en}` });
  switch (f.type) {
    case 'text':
    case 'address':
      return z.string(msg('phải là văn bản', 'must be text'));
    case 'number':
      return z.number(msg('phải là số', 'must be a number')).refine(Number.isFinite, msg('phải là số', 'must be a number'));
    case 'money':
      return z.number(msg('phải là số tiền', 'must be an amount')).int(msg('số tiền phải là số đồng nguyên', 'money is whole đồng')).nonnegative(msg('số tiền không được âm', 'money cannot be negative'));
    case 'date':
      return z.string(msg('phải là ngày dạng YYYY-MM-DD', 'must be a date YYYY-MM-DD')).refine(validDate, msg('ngày không hợp lệ (YYYY-MM-DD)', 'invalid date (YYYY-MM-DD)'));
    case 'boolean':
      return z.boolean(msg('phải là có/không', 'must be true or false'));
    case 'choice': {
      const ids = (f.options ?? []).map((o) => o.id);
      const labels = (lang: 'vi' | 'en') => (f.options ?? []).map((o) => `“${labelIn(lang, o)}”`).join(', ');
      return z.string(msg('phải chọn một phương án', 'must be one of the options')).refine((v) => ids.includes(v), msg(`phải là một trong: ${labels('vi')}`, `must be one of: ${labels('en')}`));
    }
    case 'personal_id':
      return z.string(msg('phải là số định danh', 'must be a personal id')).regex(new RegExp(PERSONAL_ID_PATTERN), msg('số định danh cá nhân gồm đúng 12 chữ số', 'a personal id is exactly 12 digits'));
    case 'phone':
      return z.string(msg('phải là số điện thoại', 'must be a phone number')).regex(new RegExp(PHONE_PATTERN), msg('số điện thoại không hợp lệ (ví dụ 0912345678)', 'invalid phone number (e.g. 0912345678)'));
    case 'email':
      return z.string(msg('phải là thư điện tử', 'must be an email')).regex(EMAIL, msg('địa chỉ thư điện tử không hợp lệ', 'invalid email address'));
  }
}

function splitMsg(s: string): Bilingual {
  const [vi, en] = s.split(' | ');
  return { vi: vi ?? s, en: en ?? s };
}

function groupVisible(model: FormModel, groupPath: string | undefined, env: EvalEnv): boolean {
  let g = groupPath;
  while (g) {
    const group = model.groups.get(g);
    if (group?.visible && !holds(group.visible, env)) return false;
    g = group?.parent;
  }
  return true;
}

/**
 * A value outside its field's bounds, with the bound as people write it: a date as 22/11/2026
 * ("không được sau ngày 22/11/2026"), money as đồng, a number grouped, a text's length in characters.
 */
function boundMessage(f: IRField, code: 'min' | 'max', bound: Value): Bilingual {
  const said = labelWords(f);
  const label = `«${said.vi}»`;
  const labelEn = `«${said.en}»`;
  const min = code === 'min';
  if (f.type === 'text' || f.type === 'address') {
    const n = Number(bound);
    return min
      ? { vi: `${label} phải có ít nhất ${formatNumber(n, 'vi')} ký tự`, en: `${labelEn} must be at least ${formatNumber(n, 'en')} ${n === 1 ? 'character' : 'characters'}` }
      : { vi: `${label} không được dài quá ${formatNumber(n, 'vi')} ký tự`, en: `${labelEn} must be at most ${formatNumber(n, 'en')} ${n === 1 ? 'character' : 'characters'}` };
  }
  if (f.type === 'date' && typeof bound === 'string') {
    const day = formatDateVi(bound); // "22/11/2026" in both languages, as dates are written in Vietnam
    return min ? { vi: `${label} không được trước ngày ${day}`, en: `${labelEn} must be on or after ${day}` } : { vi: `${label} không được sau ngày ${day}`, en: `${labelEn} must be on or before ${day}` };
  }
  const say = (lang: 'vi' | 'en') => (typeof bound !== 'number' ? String(bound) : f.type === 'money' ? formatDong(bound) : formatNumber(bound, lang));
  return min ? { vi: `${label} không được nhỏ hơn ${say('vi')}`, en: `${labelEn} must be at least ${say('en')}` } : { vi: `${label} không được lớn hơn ${say('vi')}`, en: `${labelEn} must be at most ${say('en')}` };
}

function checkField(f: IRField, value: Value, path: string, env: EvalEnv, out: FieldError[]): void {
  if (f.visible && !holds(f.visible, env)) return;
  const required = f.required === true || (f.required !== false && holds(f.required, env));
  if (isEmpty(value)) {
    if (required && !f.computed) {
      const label = labelWords(f);
      out.push({ path, code: 'required', message: { vi: `Chưa nhập «${label.vi}»`, en: `«${label.en}» is required` } });
    }
    return;
  }
  const r = valueSchema(f).safeParse(value);
  if (!r.success) {
    const m = splitMsg(r.error.issues[0]?.message ?? '');
    const label = labelWords(f);
    out.push({ path, code: f.type === 'choice' ? 'option' : 'type', message: { vi: `«${label.vi}» ${m.vi}`, en: `«${label.en}» ${m.en}` } });
    return;
  }
  const measure = (v: Value): number | string | undefined =>
    f.type === 'text' || f.type === 'address' ? (typeof v === 'string' ? [...v].length : undefined) : (v as number | string);
  for (const [bound, code] of [[f.min, 'min'], [f.max, 'max']] as const) {
    if (!bound) continue;
    const b = evaluate(bound, env);
    const v = measure(value);
    if (b === undefined || v === undefined) continue;
    const bad = code === 'min' ? v < (b as number | string) : v > (b as number | string);
    if (!bad) continue;
    out.push({ path, code, message: boundMessage(f, code, b) });
  }
  if (f.pattern && typeof value === 'string') {
    let re: RegExp | undefined;
    try {
      re = new RegExp(`^(?:${f.pattern})$`, 'u');
    } catch {
      re = undefined;
    }
    if (re && !re.test(value)) {
      const label = labelWords(f);
      out.push({ path, code: 'pattern', message: { vi: `«${label.vi}» không đúng định dạng`, en: `«${label.en}» has the wrong format` } });
    }
  }
}

/** Every error of the form, per field; empty when the form is valid. */
export function validateForm(model: FormModel, env: EvalEnv): FieldError[] {
  const out: FieldError[] = [];
  const form = env.form;
  for (const f of model.plainFields()) {
    if (!groupVisible(model, f.group, env)) continue;
    checkField(f, readPath(form, f.path.split('.')), f.path, env, out);
  }
  for (const g of model.ir.form.groups) {
    if (!g.repeated || !groupVisible(model, g.path, env)) continue;
    const group = labelWords(g);
    const rows = readPath(form, g.path.split('.'));
    const list = Array.isArray(rows) ? (rows as FormRow[]) : [];
    if (rows !== undefined && !Array.isArray(rows)) {
      out.push({ path: g.path, code: 'type', message: { vi: `«${group.vi}» phải là danh sách`, en: `«${group.en}» must be a list` } });
      continue;
    }
    const { min, max } = g.repeated;
    if (min !== undefined && list.length < min) out.push({ path: g.path, code: 'rows', message: { vi: `«${group.vi}» cần ít nhất ${min} dòng`, en: `«${group.en}» needs at least ${min} rows` } });
    if (max !== undefined && list.length > max) out.push({ path: g.path, code: 'rows', message: { vi: `«${group.vi}» có nhiều nhất ${max} dòng`, en: `«${group.en}» allows at most ${max} rows` } });
    const members = model.ir.form.fields.filter((f) => model.repeatedGroupOf(f.path)?.path === g.path);
    list.forEach((row, i) => {
      const rowEnv = { ...env, row: { group: g.path, values: row } };
      for (const f of members) {
        const rel = f.path.slice(g.path.length + 1);
        checkField(f, readPath(row, rel.split('.')), `${g.path}.${i}.${rel}`, rowEnv, out);
      }
    });
  }
  return out;
}

/**
 * Checks an update from the citizen before it is merged: every path must name a field (or a
 * repeated group, given as a list of rows) and must not change a locked prefilled value.
 */
export function checkUpdatePaths(
  model: FormModel,
  patch: Readonly<Record<string, unknown>>,
  current: FormValues,
  prefilled: readonly PrefilledField[],
): FieldError[] {
  const out: FieldError[] = [];
  const locked = new Set(prefilled.filter((p) => p.locked).map((p) => p.path));
  for (const [path, value] of Object.entries(patch)) {
    const f = model.fields.get(path);
    const g = model.groups.get(path);
    if (g?.repeated) continue;
    if (!f || model.repeatedGroupOf(path)) {
      out.push({ path, code: 'unknown', message: { vi: `Tờ khai không có trường «${path}»`, en: `The form has no field «${path}»` } });
      continue;
    }
    const label = labelWords(f);
    if (f.computed) {
      out.push({ path, code: 'locked', message: { vi: `«${label.vi}» được tính tự động`, en: `«${label.en}» is computed` } });
      continue;
    }
    if (locked.has(path) && JSON.stringify(readPath(current, path.split('.'))) !== JSON.stringify(value)) {
      out.push({
        path,
        code: 'locked',
        message: { vi: `«${label.vi}» lấy từ cơ sở dữ liệu, không sửa được trong hồ sơ`, en: `«${label.en}» comes from a registry and cannot be changed here` },
      });
    }
  }
  return out;
}
