import { describe, expect, it } from 'vitest';
import { typeCases } from './cases/types.ts';
import { diagnostics, expectCodes, procedure, ruleTests } from './test-support.ts';

const form = (...fields: string[]) => `form {\n    ${fields.join('\n    ')}\n  }`;
const BASIS = 'field basis "Căn cứ": choice { owner "Chủ sở hữu" relative "Người thân" tenant "Thuê" } required';

describe('types (MC3xxx)', () => {
  ruleTests(typeCases);

  it('reads a bare name compared with a choice as one of its options, on either side', () => {
    expectCodes(procedure({ form: form(BASIS, 'field a "A": boolean required when basis != owner', 'field b "B": boolean required when tenant == basis') }), []);
  });

  it('suggests the option a designer probably meant, in a list too', () => {
    const text = procedure({ form: form('field a "A": boolean required when applicant.policy in [nguoi_co_cong, ho_nghe]') });
    const [d] = diagnostics(text);
    expect(d!.code).toBe('MC3007');
    expect(d!.message.vi).toContain('`applicant.policy` không có phương án `ho_nghe`');
    expect(d!.fixes?.[0]?.replacement).toBe('ho_ngheo');
  });

  it('lets a default of a choice field be one of its options', () => {
    expectCodes(procedure({ form: form(`${BASIS} default owner`) }), []);
    expectCodes(procedure({ form: form(`${BASIS} default ownr`) }), ['MC3007']);
  });

  it('types a tier amount that uses the tiered `value` (a percentage of money is money)', () => {
    const fee = (field: string) =>
      procedure({
        form: form(field),
        fees: `fee le_phi "Lệ phí" {
    amount tiered by gia_tri {
      up to 1_000_000_000 VND: 1_000_000 VND
      above: 1_000_000 VND + 0.06% * (value - 1_000_000_000)
    }
  }`,
      });
    expectCodes(fee('field gia_tri "Giá trị tài sản": money required'), []);
    // Tiered by a number, the bound is not money and the amount adds money to a number.
    expectCodes(fee('field gia_tri "Giá trị tài sản": number required'), ['MC3003', 'MC3006']);
  });

  it('looks a keyed source up with a key of its key type', () => {
    const doc = (key: string) =>
      procedure({
        form: form('field dia_chi "Địa chỉ": address required'),
        documents: `documents {\n    doc so_do "Sổ đỏ": required waived when land(${key}).owner_id == applicant.personal_id basis "Luật Đất đai"\n  }`,
      });
    expectCodes(doc('dia_chi'), []);
    expectCodes(doc('applicant.birth_date'), ['MC3014']);
    expectCodes(doc('dia_chi, dia_chi'), ['MC3014']);
  });

  it('bounds a text field by its length and a date by a date; a boolean has no bounds', () => {
    expectCodes(procedure({ form: form('field ten "Tên": text optional min 2 max 100', 'field ngay "Ngày": date optional min 2020-01-01 max today') }), []);
    expectCodes(procedure({ form: form('field ngay "Ngày": date optional min 5') }), ['MC3011']);
    expectCodes(procedure({ form: form('field co "Có": boolean optional max 1') }), ['MC3011']);
  });

  it('counts the rows of a repeated group, and reads a group field from outside as a list', () => {
    const members = 'group members "Thành viên" repeated min 1 max 9 {\n      field ho_ten "Họ tên": text required\n      field quan_he "Quan hệ": choice { con "Con" vo "Vợ" } required\n    }';
    expectCodes(procedure({ form: form(members, 'field a "A": boolean required when count(members) > 2 and con in members.quan_he') }), []);
    expectCodes(procedure({ form: form(members, 'field a "A": boolean required when members.ho_ten == "A"') }), ['MC3006']);
    expectCodes(procedure({ form: form(members, 'field a "A": boolean required when members == "A"') }), ['MC3013']);
  });

  it('lets a field of a group refer to its siblings by their bare names', () => {
    const group = 'group con "Con" {\n      field co_giay "Có giấy khai sinh": boolean optional\n      field so_giay "Số giấy": text required when co_giay\n    }';
    expectCodes(procedure({ form: form(group) }), []);
  });

  it('compares a money field with a bare number, and a date with today', () => {
    expectCodes(procedure({ form: form('field gia "Giá": money optional', 'field han "Hạn": date optional', 'field a "A": boolean required when gia > 1_000_000 and han < today') }), []);
  });

  it('publishes a bare option of the target results-store field, and suggests the option meant', () => {
    const store = 'source civil_status "Kho hộ tịch" {\n  kind results\n  key personal_id: personal_id\n  field marital_status "Tình trạng hôn nhân": choice { single "Độc thân" married "Đã kết hôn" }\n}\n';
    const publishing = (value: string) => ({
      'common/civil.proc': store,
      'thu_tuc/mau.proc': procedure({ results: `result giay "Giấy chứng nhận" {\n    publish civil_status.marital_status = ${value}\n  }` }),
    });
    expectCodes(publishing('married'), []);
    const found = diagnostics(publishing('maried'));
    expect(found.map((d) => d.code)).toEqual(['MC3007']);
    expect(found[0]!.fixes?.[0]?.replacement).toBe('married');
  });

  it('joins conditions with and/or only', () => {
    expectCodes(procedure({ form: form('field a "A": boolean required when form.valid and 5') }), ['MC3006']);
  });
});
