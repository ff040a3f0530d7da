// Sample data checked against the sources the library declares (procedures/**/*.proc): every
// source, field id, choice option and value type must be one the language knows, so what a
// procedure reads from the sample registry is what its `source` declaration promises.
import { PERSONAL_ID_PATTERN, PHONE_PATTERN } from '../../dsl/src/index.ts';
import type { VocabField, VocabSource } from '../generator/vocabulary.ts';
import type { SampleData } from '../../engine/src/sources/sample-registry.ts';

const personalId = new RegExp(PERSONAL_ID_PATTERN);
const phone = new RegExp(PHONE_PATTERN);

/** A real calendar day written "YYYY-MM-DD". */
export function isIsoDate(v: unknown): v is string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** Why a value does not fit a declared field type, or undefined when it does. */
export function valueProblem(field: Pick<VocabField, 'type' | 'options'>, v: unknown): string | undefined {
  switch (field.type) {
    case 'text':
    case 'address':
      return typeof v === 'string' && v.trim() !== '' ? undefined : 'cần một chuỗi không rỗng';
    case 'date':
      return isIsoDate(v) ? undefined : 'cần một ngày dạng YYYY-MM-DD';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? undefined : 'cần một số';
    case 'money':
      return Number.isInteger(v) ? undefined : 'cần số tiền nguyên (đồng)';
    case 'boolean':
      return typeof v === 'boolean' ? undefined : 'cần true hoặc false';
    case 'choice':
      return typeof v === 'string' && field.options.includes(v) ? undefined : `cần một trong ${field.options.join(', ')}`;
    case 'personal_id':
      return typeof v === 'string' && personalId.test(v) ? undefined : 'cần số định danh 12 chữ số';
    case 'phone':
      return typeof v === 'string' && phone.test(v) ? undefined : 'cần số điện thoại';
    case 'email':
      return typeof v === 'string' && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v) ? undefined : 'cần thư điện tử';
    default:
      return `kiểu ${field.type} chưa được hỗ trợ`;
  }
}

/** Every way `data` departs from the declared sources, as `source["key"].field: problem` lines. */
export function declaredProblems(data: SampleData, sources: readonly VocabSource[]): string[] {
  const byName = new Map(sources.map((s) => [s.name, s]));
  const problems: string[] = [];
  for (const [sourceId, records] of Object.entries(data)) {
    const source = byName.get(sourceId);
    if (!source) {
      problems.push(`${sourceId}: nguồn không được khai báo (no such source is declared)`);
      continue;
    }
    const fields = new Map(source.fields.map((f) => [f.name, f]));
    for (const [key, record] of Object.entries(records)) {
      const at = `${sourceId}[${JSON.stringify(key)}]`;
      if (source.key) {
        const p = valueProblem(source.key, key);
        if (p) problems.push(`${at}: khóa ${source.key.name}: ${p}`);
      }
      for (const [fieldId, value] of Object.entries(record)) {
        const field = fields.get(fieldId);
        if (!field) {
          problems.push(`${at}.${fieldId}: nguồn ${sourceId} không có trường này (undeclared field)`);
          continue;
        }
        const p = valueProblem(field, value);
        if (p) problems.push(`${at}.${fieldId}: ${p} (có ${JSON.stringify(value)})`);
      }
    }
  }
  return problems;
}

/**
 * The same data in a stable order, so the checked-in file diffs well: sources and fields in
 * declaration order, keys sorted by code unit (not locale, which differs between machines).
 */
export function inDeclaredOrder(data: SampleData, sources: readonly VocabSource[]): SampleData {
  const out: Record<string, Record<string, Record<string, string | number | boolean>>> = {};
  const sourceOrder = [...sources.map((s) => s.name).filter((n) => n in data), ...Object.keys(data).filter((n) => !sources.some((s) => s.name === n)).sort()];
  for (const sourceId of sourceOrder) {
    const records = data[sourceId]!;
    const fieldOrder = sources.find((s) => s.name === sourceId)?.fields.map((f) => f.name) ?? [];
    const rank = (f: string) => {
      const i = fieldOrder.indexOf(f);
      return i < 0 ? fieldOrder.length : i;
    };
    const ordered: Record<string, Record<string, string | number | boolean>> = {};
    for (const key of Object.keys(records).sort(byCodeUnit)) {
      const record = records[key]!;
      const fieldsSorted = Object.keys(record).sort((a, b) => rank(a) - rank(b) || byCodeUnit(a, b));
      ordered[key] = Object.fromEntries(fieldsSorted.map((f) => [f, record[f]!]));
    }
    out[sourceId] = ordered;
  }
  return out;
}

export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
