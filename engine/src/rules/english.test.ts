// The rules' texts in English where the procedure gives English: form errors, document reasons
// and waivers, fee reasons and exemptions, conditions in words — the English labels in `en`, the
// Vietnamese ones in `vi`; without English, every text as before.
import { describe, expect, it } from 'vitest';
import { compileLibrary, compileText, procedure } from '../testing/compile.ts';
import { withEnglish, withoutEnglish } from '@motcua/dsl/testing';
import type { Lookup } from './evaluate.ts';
import { checkUpdatePaths } from './form.ts';
import { ProcedureRules, type DossierFacts } from './procedure-rules.ts';
import { ProcedureLabels, exprWords, unmetWords, valueWords } from './text.ts';

const OWNER = '001099012345';
const ADDRESS = 'Số 5 Lê Lợi, phường Hồng Gai';
const registry: Record<string, Record<string, Record<string, unknown>>> = {
  population: { [OWNER]: { full_name: 'Nguyễn Văn An', birth_date: '1999-03-02', gender: 'nam', policy: 'ho_ngheo', permanent_address: 'Số 5 Lê Lợi' } },
  land: { [ADDRESS]: { owner_id: OWNER, parcel_id: '12', area: 80 } },
};
const lookup: Lookup = (s, k) => registry[s]?.[k];

/** English for some of the permanent residence registration's texts (the rest stay Vietnamese only). */
const EN: Record<string, string> = {
  'Đăng ký thường trú': 'Permanent residence registration',
  'Căn cứ đăng ký thường trú': 'Grounds for registration',
  'Chỗ ở hợp pháp thuộc quyền sở hữu của mình': 'A lawful home the applicant owns',
  'Thuê, mượn, ở nhờ chỗ ở hợp pháp': 'Renting or borrowing a lawful home',
  'Địa chỉ đăng ký thường trú': 'Address to register',
  'Diện tích nhà ở bình quân (m² sàn/người)': 'Floor area per person (m²)',
  'Số điện thoại': 'Phone number',
  'Họ, chữ đệm và tên': 'Full name',
  'Thông tin người nộp hồ sơ': 'Applicant',
  'Số định danh cá nhân': 'Personal id',
  'Diện chính sách': 'Policy group',
  'Hộ nghèo': 'Poor household',
  'Cơ sở dữ liệu đất đai': 'Land database',
  'Số định danh cá nhân của người sử dụng đất, chủ sở hữu nhà ở': "Land user's or home owner's personal id",
  'Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp': 'Proof of lawful residence',
  'Văn bản cho thuê, cho mượn, cho ở nhờ chỗ ở hợp pháp': 'Lease or loan of the home',
  'Lệ phí đăng ký thường trú': 'Permanent residence registration fee',
  'Công dân thuộc hộ nghèo': 'Members of poor households',
};

const original = withoutEnglish(compileLibrary('dang_ky_thuong_tru'));
const english = withEnglish(original, EN);

function assess(ir: typeof original, form: Record<string, unknown>, over: Partial<DossierFacts> = {}) {
  const rules = new ProcedureRules(ir);
  const base = { channel: 'online' as const, citizen: OWNER, today: '2025-03-03', lookup };
  const prefilled = rules.prefill(base).form;
  return rules.assess({ ...base, attached: new Set(), ...over, form: { ...prefilled, ...form } as DossierFacts['form'] });
}

/** Every text of an assessment: form errors, document reasons, fee reasons. */
function texts(a: ReturnType<typeof assess>) {
  return [...a.formErrors.map((e) => e.message), ...a.documents.map((d) => d.reason), ...a.fees.fees.flatMap((f) => f.steps.map((s) => s.reason))];
}

describe('the rules in English where the procedure gives English', () => {
  it('names fields and lists options in English in form errors, in Vietnamese in the Vietnamese', () => {
    const errors = Object.fromEntries(assess(english, { housing: 'castle' }).formErrors.map((e) => [e.path, e.message]));
    expect(errors['address']).toEqual({ vi: 'Chưa nhập «Địa chỉ đăng ký thường trú»', en: '«Address to register» is required' });
    expect(errors['applicant.phone']).toEqual({ vi: 'Chưa nhập «Số điện thoại»', en: '«Phone number» is required' });
    // An option without English is listed by its Vietnamese label in the English list.
    expect(errors['housing']).toEqual({
      vi: '«Căn cứ đăng ký thường trú» phải là một trong: “Chỗ ở hợp pháp thuộc quyền sở hữu của mình”, “Về ở với người thân (vợ, chồng, cha, mẹ, con…) với sự đồng ý của chủ hộ”, “Thuê, mượn, ở nhờ chỗ ở hợp pháp”',
      en: '«Grounds for registration» must be one of: “A lawful home the applicant owns”, “Về ở với người thân (vợ, chồng, cha, mẹ, con…) với sự đồng ý của chủ hộ”, “Renting or borrowing a lawful home”',
    });
    const small = Object.fromEntries(assess(english, { housing: 'tenant', floor_area: 2 }).formErrors.map((e) => [e.path, e.message]));
    expect(small['floor_area']).toEqual({ vi: '«Diện tích nhà ở bình quân (m² sàn/người)» không được nhỏ hơn 8', en: '«Floor area per person (m²)» must be at least 8' });
    // A field without English keeps its Vietnamese label in the English text.
    expect(small['host_id']?.en).toBe('«Số định danh cá nhân của chủ hộ / chủ sở hữu chỗ ở» is required');
  });

  it('names repeated groups, computed and locked fields in English', () => {
    const ir = compileText(
      procedure(`
  form {
    field total "Tổng số": number computed 1 + 1
    group members "Thành viên hộ gia đình" repeated min 1 max 2 {
      field name "Họ tên": text required
    }
  }
  workflow { state draft by citizen { submit -> done } final done }`),
    );
    const en = withEnglish(ir, { 'Thành viên hộ gia đình': 'Household members', 'Họ tên': 'Full name', 'Tổng số': 'Total' });
    const rules = new ProcedureRules(en);
    const facts = { channel: 'online' as const, today: '2025-03-03', lookup, attached: new Set<string>() };
    const errors = (form: Record<string, unknown>) => rules.assess({ ...facts, form: form as DossierFacts['form'] }).formErrors.map((e) => e.message);
    expect(errors({ members: [] })).toContainEqual({ vi: '«Thành viên hộ gia đình» cần ít nhất 1 dòng', en: '«Household members» needs at least 1 rows' });
    expect(errors({ members: [{}, {}, {}] })).toContainEqual({ vi: '«Thành viên hộ gia đình» có nhiều nhất 2 dòng', en: '«Household members» allows at most 2 rows' });
    expect(errors({ members: 'x' })).toContainEqual({ vi: '«Thành viên hộ gia đình» phải là danh sách', en: '«Household members» must be a list' });
    expect(errors({ members: [{}] })).toContainEqual({ vi: 'Chưa nhập «Họ tên»', en: '«Full name» is required' });
    expect(checkUpdatePaths(rules.model, { total: 3 }, {}, []).map((e) => e.message)).toEqual([{ vi: '«Tổng số» được tính tự động', en: '«Total» is computed' }]);
    const locked = checkUpdatePaths(new ProcedureRules(english).model, { 'applicant.full_name': 'Tên khác' }, {}, [{ path: 'applicant.full_name', source: 'population.full_name', locked: true }]);
    expect(locked.map((e) => e.message)).toEqual([
      { vi: '«Họ, chữ đệm và tên» lấy từ cơ sở dữ liệu, không sửa được trong hồ sơ', en: '«Full name» comes from a registry and cannot be changed here' },
    ]);
  });

  it('says why a document is required, not required or waived with the English labels of fields, options, groups and sources', () => {
    const docs = Object.fromEntries(assess(english, { housing: 'owner', address: ADDRESS }).documents.map((d) => [d.id, d]));
    expect(docs['residence_proof']!.reason).toEqual({
      vi: 'được miễn nộp vì Số định danh cá nhân của người sử dụng đất, chủ sở hữu nhà ở trong Cơ sở dữ liệu đất đai (tra theo Địa chỉ đăng ký thường trú) trùng với Số định danh cá nhân (Thông tin người nộp hồ sơ) (cơ quan tự khai thác dữ liệu)',
      en: "waived because Land user's or home owner's personal id in Land database (looked up by Address to register) is the same as Personal id (Applicant) (the agency reads the data itself)",
    });
    expect(docs['lease']!.reason).toEqual({
      vi: 'chỉ yêu cầu khi Căn cứ đăng ký thường trú là “Thuê, mượn, ở nhờ chỗ ở hợp pháp”',
      en: 'required only when Grounds for registration is “Renting or borrowing a lawful home”',
    });
    const tenant = Object.fromEntries(assess(english, { housing: 'tenant' }).documents.map((d) => [d.id, d]));
    expect(tenant['lease']!.reason).toEqual({
      vi: 'bắt buộc vì Căn cứ đăng ký thường trú là “Thuê, mượn, ở nhờ chỗ ở hợp pháp”',
      en: 'required because Grounds for registration is “Renting or borrowing a lawful home”',
    });
  });

  it('gives documents and fees their English label beside the Vietnamese, and none where the procedure gives none', () => {
    const a = assess(english, { housing: 'owner', address: ADDRESS });
    const docs = Object.fromEntries(a.documents.map((d) => [d.id, d]));
    expect(docs['lease']).toMatchObject({ label: 'Văn bản cho thuê, cho mượn, cho ở nhờ chỗ ở hợp pháp', labelEn: 'Lease or loan of the home' });
    expect(docs['ct01']).not.toHaveProperty('labelEn');
    expect(a.fees.fees[0]).toMatchObject({ label: 'Lệ phí đăng ký thường trú', labelEn: 'Permanent residence registration fee' });
    const plain = assess(original, { housing: 'owner', address: ADDRESS });
    for (const d of plain.documents) expect(d).not.toHaveProperty('labelEn');
    for (const f of plain.fees.fees) expect(f).not.toHaveProperty('labelEn');
  });

  it('says fee reasons and exemptions with the English labels', () => {
    const fee = assess(english, { housing: 'owner', address: ADDRESS }).fees.fees[0]!;
    expect(fee.steps.find((s) => s.kind === 'exemption')!.reason).toEqual({
      vi: 'miễn: Công dân thuộc hộ nghèo (Diện chính sách (Thông tin người nộp hồ sơ) là “Hộ nghèo”)',
      en: 'exempt: Members of poor households (Policy group (Applicant) is “Poor household”)',
    });
    const ir = compileText(
      procedure(`
  form { field pages "Số trang": number required }
  fee copy "Phí sao y" {
    amount 2_000 VND per pages
    exempt when pages > 100
  }
  workflow { state draft by citizen { submit -> done } final done }`),
    );
    const rules = new ProcedureRules(withEnglish(ir, { 'Số trang': 'Pages', 'Phí sao y': 'Copying fee' }));
    const quote = (pages: number) => rules.assess({ form: { pages }, channel: 'online', today: '2025-03-03', lookup, attached: new Set() }).fees.fees[0]!;
    expect(quote(3).steps[0]!.reason).toEqual({ vi: '6.000 ₫: 2.000 × 3 (Số trang)', en: '6.000 ₫: 2.000 × 3 (Pages)' });
    expect(quote(101).steps.at(-1)!.reason).toEqual({ vi: 'miễn: Số trang lớn hơn 100', en: 'exempt: Pages is more than 100' });
  });

  it('says conditions with the English labels through ProcedureLabels, and with the Vietnamese through a LabelIndex alone', async () => {
    const { LabelIndex } = await import('@motcua/dsl');
    const housing = english.documents.find((d) => d.id === 'lease')!.required;
    if (typeof housing === 'boolean') throw new Error('lease is required on a condition');
    const labels = new ProcedureLabels(english);
    expect(exprWords(housing, labels)).toEqual({ vi: 'Căn cứ đăng ký thường trú là “Thuê, mượn, ở nhờ chỗ ở hợp pháp”', en: 'Grounds for registration is “Renting or borrowing a lawful home”' });
    expect(exprWords(housing, new LabelIndex(english))).toEqual({
      vi: 'Căn cứ đăng ký thường trú là “Thuê, mượn, ở nhờ chỗ ở hợp pháp”',
      en: 'Căn cứ đăng ký thường trú is “Thuê, mượn, ở nhờ chỗ ở hợp pháp”',
    });
    const ir = withEnglish(
      compileText(
        procedure(`
  form { field pages "Số trang": number }
  workflow { state draft by citizen { submit -> done requires pages > 10 } final done }`),
      ),
      { 'Số trang': 'Pages' },
    );
    const guard = ir.workflow.states[0]!.transitions[0]!.guard!;
    expect(unmetWords(guard, new ProcedureLabels(ir))).toEqual({ vi: 'Số trang lớn hơn 10', en: 'Pages is at most 10' });
    expect(unmetWords(guard, new LabelIndex(ir))).toEqual({ vi: 'Số trang lớn hơn 10', en: 'Số trang is at most 10' });
    const ref = { kind: 'ref', scope: 'form', path: ['floor_area'] } as const;
    expect(valueWords(ref, labels)).toEqual({ vi: 'Diện tích nhà ở bình quân (m² sàn/người)', en: 'Floor area per person (m²)' });
  });

  it('says every text exactly as before when the procedure gives no English, and the Vietnamese as before when it does', () => {
    const waived = assess(original, { housing: 'owner', address: ADDRESS }).documents.find((d) => d.id === 'residence_proof')!;
    expect(waived.reason.en).toBe(
      'waived because Số định danh cá nhân của người sử dụng đất, chủ sở hữu nhà ở in Cơ sở dữ liệu đất đai (looked up by Địa chỉ đăng ký thường trú) is the same as Số định danh cá nhân (Thông tin người nộp hồ sơ) (the agency reads the data itself)',
    );
    const housing = assess(original, { housing: 'castle' }).formErrors.find((e) => e.path === 'housing')!;
    expect(housing.message.en).toBe(
      '«Căn cứ đăng ký thường trú» must be one of: “Chỗ ở hợp pháp thuộc quyền sở hữu của mình”, “Về ở với người thân (vợ, chồng, cha, mẹ, con…) với sự đồng ý của chủ hộ”, “Thuê, mượn, ở nhờ chỗ ở hợp pháp”',
    );
    const cases: Array<[Record<string, unknown>, Partial<DossierFacts>]> = [
      [{ housing: 'castle' }, {}],
      [{ housing: 'tenant', floor_area: 2 }, { channel: 'in_person' }],
      [{ housing: 'owner', address: ADDRESS }, {}],
      [{ housing: 'relative', relation: 'parent' }, { citizen: '001215000777' }],
    ];
    for (const [form, over] of cases) {
      const before = texts(assess(original, form, over));
      expect(texts(assess(english, form, over)).map((t) => t.vi)).toEqual(before.map((t) => t.vi));
    }
  });
});
