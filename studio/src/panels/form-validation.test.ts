import { PERSONAL_ID_PATTERN, PHONE_PATTERN } from '@motcua/dsl';
import { describe, expect, it } from 'vitest';
import type { FieldView } from '../preview-model.ts';
import { validateValue } from './form-validation.ts';

const field = (over: Partial<FieldView>): FieldView => ({ kind: 'field', id: 'x', path: 'x', label: 'X', type: 'text', required: 'never', locked: false, ...over });

describe('form preview checks', () => {
  it('asks for a field that is always required, not for one required only under a condition', () => {
    expect(validateValue(field({ required: 'always' }), '  ')?.vi).toBe('Trường này bắt buộc.');
    expect(validateValue(field({ required: { vi: 'Căn cứ là “Thuê”', src: 'housing == tenant' } }), '')).toBeUndefined();
    expect(validateValue(field({ required: 'always', computed: { vi: 'x', src: 'x' } }), '')).toBeUndefined();
  });

  it('wants a personal id of exactly 12 digits', () => {
    const id = field({ type: 'personal_id', pattern: PERSONAL_ID_PATTERN });
    expect(validateValue(id, '001099012345')).toBeUndefined();
    expect(validateValue(id, '00109901234')?.vi).toMatch(/12 chữ số/);
    expect(validateValue(id, '00109901234a')?.vi).toMatch(/12 chữ số/);
  });

  it('accepts Vietnamese phone numbers with 0 or +84', () => {
    const phone = field({ type: 'phone', pattern: PHONE_PATTERN });
    expect(validateValue(phone, '0912345678')).toBeUndefined();
    expect(validateValue(phone, '+84912345678')).toBeUndefined();
    expect(validateValue(phone, '12345')?.en).toMatch(/phone/);
  });

  it('checks literal bounds: the value of numbers and amounts, the length of text, dates', () => {
    const area = field({ type: 'number', min: 8 });
    expect(validateValue(area, '7.5')?.vi).toBe('Không được nhỏ hơn 8.');
    expect(validateValue(area, '8')).toBeUndefined();
    expect(validateValue(area, 'tám')?.vi).toBe('Phải là một số.');
    const fee = field({ type: 'money', max: 1_000_000 });
    expect(validateValue(fee, '1000001')?.vi).toBe('Không được lớn hơn 1.000.000 đồng.');
    expect(validateValue(fee, '10.5')?.vi).toMatch(/đồng/);
    expect(validateValue(field({ max: 5 }), 'Hồng Gai')?.vi).toBe('Tối đa 5 ký tự.');
    expect(validateValue(field({ max: 8 }), 'Hồng Gai')).toBeUndefined(); // counted in letters, not bytes
    expect(validateValue(field({ type: 'date', min: '2025-01-01' }), '2024-12-31')?.vi).toBe('Không được trước ngày 01/01/2025.');
  });

  it('applies a designer’s pattern', () => {
    const sheet = field({ pattern: '^[0-9]{1,4}$' });
    expect(validateValue(sheet, '123')).toBeUndefined();
    expect(validateValue(sheet, '12345')?.vi).toBe('Không đúng mẫu ^[0-9]{1,4}$.');
  });
});
