import { describe, expect, it } from 'vitest';
import { compileLibrary, compileText, procedure } from '../testing/compile.ts';
import { evaluate, type Lookup } from './evaluate.ts';
import { ProcedureRules, type DossierFacts } from './procedure-rules.ts';
import { ReadCache, withReads } from './reads.ts';

const OWNER = '001099012345';
const registry: Record<string, Record<string, Record<string, unknown>>> = {
  population: {
    [OWNER]: { full_name: 'Nguyễn Văn An', birth_date: '1999-03-02', gender: 'nam', policy: 'none', permanent_address: 'Số 5 Lê Lợi' },
    '001215000777': { full_name: 'Trần Bé', birth_date: '2015-06-01', gender: 'nu', policy: 'tre_em' },
  },
  land: { 'Số 5 Lê Lợi, phường Hồng Gai': { owner_id: OWNER, parcel_id: '12', area: 80 } },
};
const lookup: Lookup = (s, k) => registry[s]?.[k];

const thuongTru = compileLibrary('dang_ky_thuong_tru');
const rules = new ProcedureRules(thuongTru);

function facts(over: Partial<DossierFacts> & { form?: DossierFacts['form'] }): DossierFacts {
  const citizen = over.citizen ?? OWNER;
  const base = { channel: 'online' as const, citizen, today: '2025-03-03', lookup };
  const { form } = rules.prefill(base);
  return { ...base, attached: new Set(), ...over, form: { ...form, ...(over.form ?? {}) } };
}

describe('fees (Thông tư 75/2022/TT-BTC)', () => {
  it('charges 10.000 ₫ online and 20.000 ₫ in person', () => {
    expect(rules.assess(facts({ form: { housing: 'owner' } })).fees.total).toBe(10_000);
    expect(rules.assess(facts({ channel: 'in_person', form: { housing: 'owner' } })).fees.total).toBe(20_000);
  });

  it('exempts a poor household and says why, with the legal basis', () => {
    const f = facts({ form: { housing: 'owner' } });
    const q = rules.assess({ ...f, form: { ...f.form, applicant: { ...(f.form['applicant'] as object), policy: 'ho_ngheo' } } }).fees;
    expect(q.total).toBe(0);
    const exemption = q.fees[0]!.steps.find((s) => s.kind === 'exemption')!;
    expect(exemption.reason.vi).toContain('hộ nghèo');
    expect(exemption.basis).toContain('Thông tư 75/2022/TT-BTC, Điều 5');
  });

  it('exempts a child under 16 from the birth date in the population data', () => {
    expect(rules.assess(facts({ citizen: '001215000777', form: { housing: 'owner' } })).fees.total).toBe(0);
  });

  it('applies the last matching line, the largest discount, rounding half up, the cap', () => {
    const ir = compileText(
      procedure(`
  form { field pages "Số trang": number required }
  fee copy "Phí" {
    amount 2_000 VND per pages
    amount 3_001 VND per pages when channel == in_person
    discount 10% when channel == online basis "Quy định A"
    discount 25% when pages > 10 basis "Quy định B"
    cap 30_000 VND basis "Quy định C"
  }
  workflow { state draft by citizen { submit -> done } final done }`),
    );
    const r = new ProcedureRules(ir);
    const q = (channel: 'online' | 'in_person', pages: number) =>
      r.assess({ form: { pages }, channel, today: '2025-01-01', lookup, attached: new Set() }).fees.total;
    expect(q('online', 3)).toBe(5_400); // 6.000 − 10%
    expect(q('online', 12)).toBe(18_000); // 24.000 − 25% (largest only; no stacking)
    expect(q('in_person', 3)).toBe(9_003);
    expect(q('in_person', 5)).toBe(15_005);
    expect(q('in_person', 20)).toBe(30_000); // 60.020 − 25% = 45.015 → cap
    expect(q('online', 1)).toBe(1_800);
  });

  it('rounds half up to whole đồng', () => {
    const ir = compileText(
      procedure(`
  fee f "Phí" {
    amount 1_005 VND
    discount 50% basis "Quy định"
  }
  workflow { state draft by citizen { submit -> done } final done }`),
    );
    expect(new ProcedureRules(ir).assess({ form: {}, channel: 'online', today: '2025-01-01', lookup, attached: new Set() }).fees.total).toBe(503);
  });
});

describe('documents (waivers by data reuse)', () => {
  it('waives the proof of residence when the land registry shows the applicant owns the address', () => {
    const a = rules.assess(facts({ form: { housing: 'owner', address: 'Số 5 Lê Lợi, phường Hồng Gai' } }));
    const proof = a.documents.find((d) => d.id === 'residence_proof')!;
    expect(proof.need).toBe('waived');
    expect(proof.reason.vi).toContain('miễn');
    expect(proof.basis).toContain('Nghị quyết 66.7/2025/NQ-CP');
    expect(a.documents.filter((d) => d.need === 'required').map((d) => d.id)).toEqual(['ct01']);
  });

  it('requires it for another address, and lists the tenant documents only for tenants', () => {
    const owner = rules.assess(facts({ form: { housing: 'owner', address: 'Số 9 Hạ Long' } }));
    expect(owner.missing.map((d) => d.id)).toEqual(['residence_proof']);
    const tenant = rules.assess(facts({ form: { housing: 'tenant', address: 'Số 9 Hạ Long' } }));
    expect(tenant.missing.map((d) => d.id)).toEqual(['lease', 'floor_area_proof']);
    expect(tenant.documents.find((d) => d.id === 'residence_proof')!.need).toBe('not_required');
  });

  it('counts the documents complete once every required upload is attached', () => {
    const a = rules.assess(facts({ form: { housing: 'tenant', address: 'Số 9' }, attached: new Set(['lease', 'floor_area_proof']) }));
    expect(a.documentsComplete).toBe(true);
  });
});

describe('form', () => {
  it('prefills the applicant from the population data and marks the locked fields', () => {
    const { form, prefilled } = rules.prefill({ channel: 'online', citizen: OWNER, today: '2025-03-03', lookup });
    expect(form['applicant']).toMatchObject({ personal_id: OWNER, full_name: 'Nguyễn Văn An', birth_date: '1999-03-02' });
    expect(prefilled).toContainEqual({ path: 'applicant.full_name', source: 'population.full_name', locked: true });
    expect(form['exemption_claim']).toBe('none'); // default
  });

  it('reports each invalid field with a Vietnamese message', () => {
    const f = facts({ form: { housing: 'tenant', floor_area: 5, address: 'Số 9' } });
    const errors = rules.assess({ ...f, form: { ...f.form, applicant: { ...(f.form['applicant'] as object), phone: '12ab' } } }).formErrors;
    const byPath = Object.fromEntries(errors.map((e) => [e.path, e]));
    expect(byPath['applicant.phone']!.code).toBe('type');
    expect(byPath['floor_area']!.code).toBe('min');
    expect(byPath['floor_area']!.message.vi).toContain('không được nhỏ hơn 8');
    expect(byPath['host_id']!.message.vi).toBe('Chưa nhập «Số định danh cá nhân của chủ hộ / chủ sở hữu chỗ ở»');
    expect(byPath['relation']).toBeUndefined(); // only required for relatives
  });
});

describe('registry reads', () => {
  it('loads keys that depend on earlier lookups, round by round', async () => {
    const ir = thuongTru;
    const e = ir.documents.find((d) => d.id === 'residence_proof')!.waivers[0]!.condition;
    const cache = new ReadCache();
    const fetched: string[] = [];
    const result = await withReads(
      cache,
      async (reads) => {
        for (const r of reads) {
          fetched.push(`${r.source}:${r.key}`);
          cache.set(r.source, r.key, registry[r.source]?.[r.key]);
        }
      },
      (lk) => evaluate(e, { ...rules.env({ form: { address: 'Số 5 Lê Lợi, phường Hồng Gai', applicant: { personal_id: OWNER } }, channel: 'online', citizen: OWNER, today: '2025-01-01', lookup: lk }) }),
    );
    expect(result).toBe(true);
    expect(fetched).toEqual(['land:Số 5 Lê Lợi, phường Hồng Gai']);
  });
});

describe('unanswered fields in conditions', () => {
  it('makes every comparison with a missing value false, `!=` included, so nothing is exempted or waived by omission', () => {
    const ir = compileText(
      procedure(`
  form { field claim "Trường hợp miễn": choice { none "Không" poor "Hộ nghèo" } }
  fee f "Phí" {
    amount 50_000 VND
    exempt "Khai miễn" when claim != none basis "Quy định"
  }
  workflow { state draft by citizen { submit -> done } final done }`),
    );
    const r = new ProcedureRules(ir);
    const fee = (form: Record<string, string>) => r.assess({ form, channel: 'online', today: '2025-01-01', lookup, attached: new Set() }).fees.total;
    expect(fee({})).toBe(50_000);
    expect(fee({ claim: 'none' })).toBe(50_000);
    expect(fee({ claim: 'poor' })).toBe(0);
  });
});

// Texts a citizen reads: conditions in words with the procedure's labels in both languages, never
// the rule's source (`==`, `and`, ids); money and dates as people write them.
const SOURCE_MARKS = /==|!=|&&|\|\||\b[a-z]+_[a-z_]+\b|\b[a-z]+\.[a-z_]+\b|`/;

// The library's procedure gives English labels: the English says them, the Vietnamese its own.
describe('reasons in words (Vietnamese and English)', () => {
  it('says why a document is required, not required or waived with the labels, in both languages', () => {
    const tenant = rules.assess(facts({ form: { housing: 'tenant', address: 'Số 9 Hạ Long' } }));
    const lease = tenant.documents.find((d) => d.id === 'lease')!;
    expect(lease.reason).toEqual({
      vi: 'bắt buộc vì Căn cứ đăng ký thường trú là “Thuê, mượn, ở nhờ chỗ ở hợp pháp”',
      en: 'required because Grounds for permanent residence registration is “Renting, borrowing or staying in a lawful residence”',
    });
    expect(tenant.documents.find((d) => d.id === 'residence_proof')!.reason).toEqual({
      vi: 'chỉ yêu cầu khi Căn cứ đăng ký thường trú là “Chỗ ở hợp pháp thuộc quyền sở hữu của mình”',
      en: 'required only when Grounds for permanent residence registration is “Own lawful residence”',
    });
    const owner = rules.assess(facts({ form: { housing: 'owner', address: 'Số 5 Lê Lợi, phường Hồng Gai' } }));
    expect(owner.documents.find((d) => d.id === 'residence_proof')!.reason).toEqual({
      vi: 'được miễn nộp vì Số định danh cá nhân của người sử dụng đất, chủ sở hữu nhà ở trong Cơ sở dữ liệu đất đai (tra theo Địa chỉ đăng ký thường trú) trùng với Số định danh cá nhân (Thông tin người nộp hồ sơ) (cơ quan tự khai thác dữ liệu)',
      en: 'waived because Personal identification number of the land user or home owner in Land Database (looked up by Permanent residence address) is the same as Personal identification number (Applicant information) (the agency reads the data itself)',
    });
    for (const d of [...tenant.documents, ...owner.documents]) {
      expect(d.reason.vi).not.toMatch(SOURCE_MARKS);
      expect(d.reason.en).not.toMatch(SOURCE_MARKS);
    }
  });

  it('says a fee line, an exemption, a discount and a cap in words, with money as the pages write it (10.000 ₫) in both languages', () => {
    const online = rules.assess(facts({ form: { housing: 'owner' } })).fees.fees[0]!;
    expect(online.steps[0]!.reason).toEqual({
      vi: '10.000 ₫: mức thu cố định, vì nộp trực tuyến',
      en: '10.000 ₫: fixed amount, because the dossier is submitted online',
    });
    const inPerson = rules.assess(facts({ channel: 'in_person', form: { housing: 'owner' } })).fees.fees[0]!;
    expect(inPerson.steps[0]!.reason).toEqual({ vi: '20.000 ₫: mức thu cố định', en: '20.000 ₫: fixed amount' });
    const f = facts({ form: { housing: 'owner' } });
    const elderly = rules.assess({ ...f, form: { ...f.form, applicant: { ...(f.form['applicant'] as object), birth_date: '1950-01-01' } } }).fees.fees[0]!;
    expect(elderly.steps.find((s) => s.kind === 'exemption')!.reason).toEqual({
      vi: 'miễn: Người cao tuổi (từ đủ 60 tuổi) (số tuổi tính theo Ngày, tháng, năm sinh (Thông tin người nộp hồ sơ) từ 60 trở lên)',
      en: 'exempt: Elderly person (aged 60 or over) (the age from Date of birth (Applicant information) is at least 60)',
    });

    const ir = compileText(
      procedure(`
  form { field pages "Số trang": number required }
  fee copy "Phí" {
    amount 2_000 VND per pages
    discount 25% when pages > 10 basis "Quy định B"
    cap 200_000 VND basis "Quy định C"
  }
  workflow { state draft by citizen { submit -> done } final done }`),
    );
    const steps = new ProcedureRules(ir).assess({ form: { pages: 150 }, channel: 'online', today: '2025-01-01', lookup, attached: new Set() }).fees.fees[0]!.steps;
    expect(steps.map((s) => s.reason)).toEqual([
      { vi: '300.000 ₫: 2.000 × 150 (Số trang)', en: '300.000 ₫: 2.000 × 150 (Số trang)' },
      { vi: 'giảm 25% khi Số trang lớn hơn 10', en: '25% off when Số trang is more than 10' },
      { vi: 'mức thu tối đa 200.000 ₫', en: 'capped at 200.000 ₫' },
    ]);
  });

  it('words every condition of the library in both languages, the Vietnamese as the public card says it', async () => {
    const { readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { exprText, LabelIndex } = await import('@motcua/dsl');
    const { exprWords } = await import('./text.ts');
    const { PROCEDURES_DIR } = await import('../testing/compile.ts');
    const names = readdirSync(PROCEDURES_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !['common', 'registries', 'generator'].includes(d.name))
      .flatMap((d) => readdirSync(join(PROCEDURES_DIR, d.name)).filter((f) => f.endsWith('.proc')).map((f) => f.slice(0, -'.proc'.length)));
    let seen = 0;
    for (const name of names) {
      const ir = compileLibrary(name);
      const ix = new LabelIndex(ir);
      const conditions = [
        ...ir.documents.flatMap((d) => [...(typeof d.required === 'object' ? [d.required] : []), ...d.waivers.map((w) => w.condition)]),
        ...ir.fees.flatMap((f) => [...f.lines.flatMap((l) => (l.condition ? [l.condition] : [])), ...f.discounts.flatMap((d) => (d.condition ? [d.condition] : [])), ...f.exemptions.map((x) => x.condition)]),
        ...ir.workflow.states.flatMap((s) => s.transitions.flatMap((t) => (t.guard ? [t.guard] : []))),
      ];
      for (const c of conditions) {
        const words = exprWords(c, ix);
        expect(words.en, name).not.toMatch(SOURCE_MARKS);
        expect(words.vi, name).not.toMatch(SOURCE_MARKS);
        expect(words.vi, name).toBe(exprText(c, ix));
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(50);
  });
});

describe('form messages', () => {
  it('says date and money bounds as people write them, in both languages', () => {
    const ir = compileText(
      procedure(`
  form {
    field until_date "Tạm trú đến ngày": date required min 2025-03-03 max 2026-11-22
    field deposit "Số tiền đặt cọc": money min 1_000 VND max 200_000 VND
    field area "Diện tích": number min 1_000
  }
  workflow { state draft by citizen { submit -> done } final done }`),
    );
    const r = new ProcedureRules(ir);
    const errors = (form: Record<string, unknown>) =>
      Object.fromEntries(r.assess({ form: form as never, channel: 'online', today: '2025-01-01', lookup, attached: new Set() }).formErrors.map((e) => [e.path, e.message]));
    const late = errors({ until_date: '2026-12-01', deposit: 500_000, area: 5 });
    expect(late['until_date']).toEqual({ vi: '«Tạm trú đến ngày» không được sau ngày 22/11/2026', en: '«Tạm trú đến ngày» must be on or before 22/11/2026' });
    expect(late['deposit']).toEqual({ vi: '«Số tiền đặt cọc» không được lớn hơn 200.000 ₫', en: '«Số tiền đặt cọc» must be at most 200.000 ₫' });
    expect(late['area']).toEqual({ vi: '«Diện tích» không được nhỏ hơn 1.000', en: '«Diện tích» must be at least 1,000' });
    const early = errors({ until_date: '2025-01-31', deposit: 10 });
    expect(early['until_date']).toEqual({ vi: '«Tạm trú đến ngày» không được trước ngày 03/03/2025', en: '«Tạm trú đến ngày» must be on or after 03/03/2025' });
    expect(early['deposit']).toEqual({ vi: '«Số tiền đặt cọc» không được nhỏ hơn 1.000 ₫', en: '«Số tiền đặt cọc» must be at least 1.000 ₫' });
  });
});

describe('conditions that do not hold', () => {
  it('says in English what is wrong, and in Vietnamese the condition still to be met', async () => {
    const { LabelIndex } = await import('@motcua/dsl');
    const { unmetWords } = await import('./text.ts');
    const ir = compileText(
      procedure(`
  form {
    field pages "Số trang": number
    field agree "Cam kết": boolean
    field kind "Loại": choice { a "Loại A" b "Loại B" c "Loại C" }
  }
  workflow {
    state draft by citizen {
      one -> done requires pages > 10
      two -> done requires not agree
      three -> done requires kind in [a, b]
      four -> done requires channel == online or agree
      five -> done requires today <= 2025-12-31
    }
    final done
  }`),
    );
    const ix = new LabelIndex(ir);
    const guard = (id: string) => ir.workflow.states[0]!.transitions.find((t) => t.id === id)!.guard!;
    expect(unmetWords(guard('one'), ix)).toEqual({ vi: 'Số trang lớn hơn 10', en: 'Số trang is at most 10' });
    expect(unmetWords(guard('two'), ix)).toEqual({ vi: 'không phải Cam kết', en: 'Cam kết is “yes”' });
    expect(unmetWords(guard('three'), ix)).toEqual({ vi: 'Loại là “Loại A” hoặc “Loại B”', en: 'Loại is neither “Loại A” nor “Loại B”' });
    expect(unmetWords(guard('four'), ix)).toEqual({ vi: 'nộp trực tuyến hoặc Cam kết', en: 'the dossier is not submitted online and Cam kết is “no”' });
    expect(unmetWords(guard('five'), ix)).toEqual({ vi: 'ngày hiện tại không quá 31/12/2025', en: 'today is after 31/12/2025' });
  });
});
