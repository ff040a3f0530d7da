import { describe, expect, it } from 'vitest';
import { fixtureWorkspace } from './__fixtures__/workspace.ts';
import { compileProcedure } from './ir-compiler.ts';
import type { ProcedureIR } from './ir.ts';
import { JSON_SCHEMA_DIALECT, PERSONAL_ID_PATTERN, PHONE_PATTERN, toJsonSchema, type JsonSchema } from './json-schema.ts';

function schemaOf(name: string, extra: Record<string, string> = {}): JsonSchema {
  const { ir, diagnostics } = compileProcedure(fixtureWorkspace(extra), name);
  if (!ir) throw new Error(JSON.stringify(diagnostics.map((d) => d.message.en)));
  return toJsonSchema(ir as ProcedureIR);
}

const props = (s: JsonSchema) => s['properties'] as Record<string, JsonSchema>;

describe('toJsonSchema', () => {
  const residence = schemaOf('dang_ky_thuong_tru');
  const permit = schemaOf('cap_phep_xay_dung');

  it('is a draft 2020-12 object schema titled in Vietnamese that accepts no unknown fields', () => {
    expect(residence).toMatchObject({ $schema: JSON_SCHEMA_DIALECT, title: 'Đăng ký thường trú', type: 'object', additionalProperties: false });
    expect(props(residence)['address']).toMatchObject({ title: 'Địa chỉ đăng ký thường trú', type: 'string' });
  });

  it('checks a personal id as exactly 12 digits, a phone as a Vietnamese number, an e-mail by format', () => {
    const applicant = props(props(residence)['applicant']!);
    expect(applicant['personal_id']).toMatchObject({ type: 'string', pattern: PERSONAL_ID_PATTERN });
    const id = new RegExp(PERSONAL_ID_PATTERN);
    expect(['001099012345', '00109901234', '0010990123456', '00109901234a'].map((s) => id.test(s))).toEqual([true, false, false, false]);
    const phone = new RegExp(PHONE_PATTERN);
    expect(['0912345678', '+84912345678', '02438251234', '912345678'].map((s) => phone.test(s))).toEqual([true, true, true, false]);
    expect(applicant['email']).toMatchObject({ type: 'string', format: 'email' });
  });

  it('lists choices as an enum, with each label as a oneOf const/title', () => {
    expect(props(residence)['basis']).toMatchObject({
      type: 'string',
      enum: ['owner', 'relative', 'tenant'],
      oneOf: [
        { const: 'owner', title: 'Chủ sở hữu' },
        { const: 'relative', title: 'Ở nhờ người thân' },
        { const: 'tenant', title: 'Thuê, mượn' },
      ],
    });
  });

  it('requires unconditionally required fields, and the imported group that holds some', () => {
    expect(residence['required']).toEqual(['applicant', 'address', 'basis']);
    expect(props(residence)['applicant']!['required']).toEqual(['personal_id', 'full_name', 'phone']);
  });

  it('requires a field with `if/then` when its condition is a simple test of a choice', () => {
    expect(residence['allOf']).toEqual([
      {
        if: { properties: { basis: { not: { const: 'owner' } } }, required: ['basis'] },
        then: { required: ['owner_consent'] },
      },
    ]);
  });

  it('treats `required` on a field with `visible when` as required when visible', () => {
    expect(permit['allOf']).toEqual([
      { if: { properties: { heritage_zone: { const: true } }, required: ['heritage_zone'] }, then: { required: ['heritage_opinion'] } },
    ]);
  });

  it('annotates other conditions with their expression for the engine to enforce', () => {
    expect(props(permit)['design_unit']!['x-motcua-required-when']).toBe('build_kind == new_build and floor_area > 250');
    expect(props(permit)['heritage_opinion']!['x-motcua-visible-when']).toBe('heritage_zone');
  });

  it('makes a repeated group an array with its bounds, checking each row on its own', () => {
    const coOwners = props(permit)['co_owners']!;
    expect(coOwners).toMatchObject({ title: 'Đồng sử dụng đất', type: 'array', minItems: 0, maxItems: 5 });
    const row = coOwners['items'] as JsonSchema;
    expect(row['required']).toEqual(['personal_id', 'full_name', 'relation']);
    expect(row['allOf']).toEqual([{ if: { properties: { relation: { const: 'other' } }, required: ['relation'] }, then: { required: ['relation_note'] } }]);
  });

  it('marks prefilled locked and computed fields read-only, saying where the value comes from', () => {
    expect(props(props(residence)['applicant']!)['full_name']).toMatchObject({ readOnly: true, 'x-motcua-prefill': 'population.full_name' });
    expect(props(permit)['land_owner']).toMatchObject({ readOnly: true, 'x-motcua-prefill': 'land(address).owner_id' });
    expect(props(permit)['applicant_is_owner']).toMatchObject({ readOnly: true, 'x-motcua-computed': 'land(address).owner_id == applicant.personal_id' });
    expect(props(props(residence)['applicant']!)['phone']!['readOnly']).toBeUndefined();
  });

  it('types money as whole đồng, never negative, and dates by format with their bounds', () => {
    expect(props(permit)['estimated_cost']).toMatchObject({ type: 'integer', minimum: 0 });
    expect(props(permit)['start_date']).toMatchObject({ type: 'string', format: 'date', formatMinimum: '2025-07-01' });
    expect(props(permit)['floor_area']).toMatchObject({ type: 'number', minimum: 10, maximum: 5000 });
    expect(props(props(permit)['contractor']!)['name']).toMatchObject({ maxLength: 200 });
    expect(props(permit)['floors']!['default']).toBe(1);
  });

  it('keeps a group shown only in some cases optional, with its condition', () => {
    expect(permit['required']).not.toContain('contractor');
    expect(props(permit)['contractor']).toMatchObject({ type: 'object', required: ['name'], 'x-motcua-visible-when': 'floors >= 3' });
  });

  it('annotates bounds that are not constants instead of dropping them', () => {
    const text = `procedure minimal {
  code "0.000001"
  version 1
  title "Thủ tục tối thiểu"
  agency cong_an_xa
  form {
    field wedding "Ngày đăng ký kết hôn": date required max today
  }
  workflow {
    state draft by citizen { submit -> done }
    final done
  }
}
`;
    const s = schemaOf('minimal', { 'test/minimal.proc': text });
    expect(props(s)['wedding']).toMatchObject({ format: 'date', 'x-motcua-maximum': 'today' });
    expect(props(s)['wedding']!['formatMaximum']).toBeUndefined();
  });
});
