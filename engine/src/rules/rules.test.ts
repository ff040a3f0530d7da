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
