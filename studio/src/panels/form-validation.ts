// Live checks of a value typed into the form preview: the simple rules the page can apply
// without the engine — unconditional requiredness, the type, literal bounds, the pattern.
// Conditional rules (`required when …`) are described in the preview, not evaluated here.
import type { Localized } from '@motcua/dsl';
import type { FieldView } from '../preview-model.ts';

const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
const dateVi = (iso: string) => iso.split('-').reverse().join('/');

/** The problem with `raw` for this field, or undefined when it is acceptable. */
export function validateValue(field: FieldView, raw: string | boolean): Localized | undefined {
  // A checkbox always has an answer (ticked or not): nothing to check.
  if (typeof raw === 'boolean') return undefined;
  const value = raw.trim();
  if (value === '') return field.required === 'always' && !field.computed ? REQUIRED : undefined;

  switch (field.type) {
    case 'number':
    case 'money': {
      const n = Number(value.replace(/_/g, ''));
      if (!Number.isFinite(n)) return { vi: 'Phải là một số.', en: 'Must be a number.' };
      if (field.type === 'money' && !Number.isInteger(n))
        return { vi: 'Số tiền tính bằng đồng, không có phần lẻ.', en: 'Amounts are whole đồng.' };
      const unit = field.type === 'money' ? ' đồng' : '';
      if (typeof field.min === 'number' && n < field.min)
        return { vi: `Không được nhỏ hơn ${grouped(field.min)}${unit}.`, en: `Must be at least ${field.min}${unit}.` };
      if (typeof field.max === 'number' && n > field.max)
        return { vi: `Không được lớn hơn ${grouped(field.max)}${unit}.`, en: `Must be at most ${field.max}${unit}.` };
      return undefined;
    }
    case 'date': {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
        return { vi: 'Ngày không hợp lệ.', en: 'Invalid date.' };
      if (typeof field.min === 'string' && value < field.min)
        return { vi: `Không được trước ngày ${dateVi(field.min)}.`, en: `Must not be before ${field.min}.` };
      if (typeof field.max === 'string' && value > field.max)
        return { vi: `Không được sau ngày ${dateVi(field.max)}.`, en: `Must not be after ${field.max}.` };
      return undefined;
    }
    case 'choice':
      return field.options && !field.options.some((o) => o.id === value)
        ? { vi: 'Hãy chọn một trong các phương án.', en: 'Pick one of the options.' }
        : undefined;
    default:
      break;
  }
  // Text-like types: length bounds, then the pattern.
  const length = [...value].length;
  if (typeof field.min === 'number' && length < field.min)
    return { vi: `Cần ít nhất ${field.min} ký tự.`, en: `At least ${field.min} characters.` };
  if (typeof field.max === 'number' && length > field.max)
    return { vi: `Tối đa ${field.max} ký tự.`, en: `At most ${field.max} characters.` };
  if (field.pattern && !matches(field.pattern, value)) return patternMessage(field);
  return undefined;
}

const REQUIRED: Localized = { vi: 'Trường này bắt buộc.', en: 'This field is required.' };

function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    try {
      return new RegExp(pattern).test(value);
    } catch {
      return true; // the checker reports a bad pattern; the preview does not block on it
    }
  }
}

function patternMessage(field: FieldView): Localized {
  switch (field.type) {
    case 'personal_id':
      return { vi: 'Số định danh cá nhân gồm đúng 12 chữ số.', en: 'A personal id is exactly 12 digits.' };
    case 'phone':
      return { vi: 'Số điện thoại không hợp lệ (ví dụ 0912345678 hoặc +84912345678).', en: 'Invalid phone number (e.g. 0912345678 or +84912345678).' };
    case 'email':
      return { vi: 'Địa chỉ thư điện tử không hợp lệ.', en: 'Invalid e-mail address.' };
    default:
      return { vi: `Không đúng mẫu ${field.pattern}.`, en: `Does not match ${field.pattern}.` };
  }
}
