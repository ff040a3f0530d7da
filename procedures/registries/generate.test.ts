import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SampleRegistry } from '../../engine/src/sources/sample-registry.ts';
import { declaredProblems } from './declared.ts';
import {
  AS_OF,
  buildSampleData,
  declaredSources,
  fixedDir,
  mergeFixed,
  readFixed,
  sampleDataPath,
  scenarioCitizens,
  type ScenarioCitizen,
} from './generate.ts';
import { birthProvinceCodes } from './personal-id.ts';
import { provinces } from './places.ts';

const sources = declaredSources();
const built = buildSampleData({ sources });
const data = built.data;
const population = data['population']!;
const civil = data['civil_status']!;
const fixed = readFixed();
const fixedPeople = new Set(fixed.flatMap((f) => Object.keys(f.data['population'] ?? {})));
const syntheticIds = Object.keys(population).filter((id) => !fixedPeople.has(id));

type Rec = Record<string, string | number | boolean>;
const person = (id: string): Rec => population[id]!;
const str = (r: Rec | undefined, f: string): string => String(r?.[f]);

function ageOn(birth: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birth.slice(0, 4));
  return day.slice(5) < birth.slice(5) ? years - 1 : years;
}

/** A scratch fixed/ folder holding core.json and the given extra files. */
function fixedFolder(extra: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-fixed-'));
  copyFileSync(join(fixedDir, 'core.json'), join(dir, 'core.json'));
  for (const [name, content] of Object.entries(extra)) writeFileSync(join(dir, name), JSON.stringify(content));
  return dir;
}

describe('the generated sample registries', () => {
  it('are the same every time they are generated', () => {
    expect(buildSampleData({ sources }).text).toBe(built.text);
  });

  it('come from the seed (another seed, other people)', () => {
    const other = buildSampleData({ sources, seed: 7 }).data['population']!;
    expect(Object.keys(other).filter((id) => !fixedPeople.has(id))).not.toEqual(syntheticIds);
  });

  it('are checked in exactly as generated — run `pnpm registries`, never edit sample-data.json by hand', () => {
    expect(readFileSync(sampleDataPath, 'utf8')).toBe(built.text);
  });

  it('hold at least 200 synthetic citizens besides the fixed ones', () => {
    expect(syntheticIds.length).toBeGreaterThanOrEqual(200);
  });

  it('keep to the sources the library declares: field ids, choice options, value types', () => {
    expect(declaredProblems(data, sources)).toEqual([]);
  });

  it('would be caught using an option or a field the sources do not declare', () => {
    const bad = { population: { '001099012345': { ...person('001099012345'), policy: 'poor', religion: 'không' } } };
    const problems = declaredProblems(bad, sources);
    expect(problems.some((p) => p.includes('.policy'))).toBe(true);
    expect(problems.some((p) => p.includes('.religion'))).toBe(true);
  });
});

describe('personal ids (Circular 59/2021/TT-BCA)', () => {
  it('lists the 63 birth-registration province codes, each in exactly one of the 34 provinces of 2025', () => {
    const codes = Object.keys(birthProvinceCodes);
    expect(codes).toHaveLength(63);
    expect(provinces).toHaveLength(34);
    expect(provinces.flatMap((p) => p.oldCodes).sort()).toEqual([...codes].sort());
  });

  it('are 12 digits: a real province code, the gender and century, the year of birth', () => {
    const wrong: string[] = [];
    for (const [id, p] of Object.entries(population)) {
      const year = Number(str(p, 'birth_date').slice(0, 4));
      const digit = (year >= 2000 ? 2 : 0) + (p['gender'] === 'nu' ? 1 : 0);
      const ok =
        /^\d{12}$/.test(id) &&
        id.slice(0, 3) in birthProvinceCodes &&
        year >= 1900 &&
        year < 2100 &&
        id[3] === String(digit) &&
        id.slice(4, 6) === String(year % 100).padStart(2, '0');
      if (!ok) wrong.push(`${id} ${str(p, 'birth_date')} ${str(p, 'gender')}`);
    }
    expect(wrong).toEqual([]);
  });

  it('include people of both centuries and both genders', () => {
    const digits = new Set(syntheticIds.map((id) => id[3]));
    expect([...digits].sort()).toEqual(['0', '1', '2', '3']);
  });
});

describe('the synthetic population', () => {
  it('has Vietnamese names, written with their accents in NFC', () => {
    for (const id of Object.keys(population)) {
      const name = str(person(id), 'full_name');
      expect(name.normalize('NFC')).toBe(name);
      expect(name).toMatch(/^\p{Lu}\p{Ll}*( \p{Lu}\p{Ll}*)+$/u);
    }
    expect(syntheticIds.filter((id) => /[^\x00-\x7f]/.test(str(person(id), 'full_name'))).length).toBeGreaterThan(syntheticIds.length / 2);
  });

  it('lives at addresses in the provinces of 2025', () => {
    const names = provinces.map((p) => p.name);
    for (const id of syntheticIds) {
      const address = str(person(id), 'permanent_address');
      expect(names.some((n) => address.endsWith(`, ${n}`)), address).toBe(true);
    }
  });

  it('is grouped into households of several people, each with an adult', () => {
    const households = new Map<string, string[]>();
    for (const id of syntheticIds) households.set(str(person(id), 'household_id'), [...(households.get(str(person(id), 'household_id')) ?? []), id]);
    expect(households.size).toBeGreaterThan(40);
    expect([...households.values()].filter((m) => m.length >= 3).length).toBeGreaterThan(households.size / 3);
    for (const members of households.values()) {
      expect(members.some((id) => ageOn(str(person(id), 'birth_date'), AS_OF) >= 18)).toBe(true);
      // One household, one address.
      expect(new Set(members.map((id) => str(person(id), 'permanent_address'))).size).toBe(1);
    }
  });

  it('records children with their parents: both in the population, a father and a mother, older, in the same household', () => {
    let children = 0;
    for (const [id, rec] of Object.entries(civil)) {
      for (const [field, gender] of [['father_id', 'nam'], ['mother_id', 'nu']] as const) {
        const parentId = rec[field];
        if (typeof parentId !== 'string') continue;
        const parent = population[parentId];
        expect(parent, `${id}.${field}`).toBeDefined();
        expect(parent!['gender']).toBe(gender);
        expect(ageOn(str(parent, 'birth_date'), str(person(id), 'birth_date'))).toBeGreaterThanOrEqual(16);
        if (!fixedPeople.has(id)) expect(parent!['household_id']).toBe(person(id)['household_id']);
      }
      if (rec['father_id'] || rec['mother_id']) children++;
    }
    expect(children).toBeGreaterThan(50);
  });

  it('records marriages both ways, between a man and a woman', () => {
    let marriages = 0;
    for (const [id, rec] of Object.entries(civil)) {
      const spouse = rec['spouse_id'];
      if (typeof spouse !== 'string') continue;
      marriages++;
      expect(civil[spouse]?.['spouse_id'], `${id} ↔ ${spouse}`).toBe(id);
      expect(person(spouse)['gender']).not.toBe(person(id)['gender']);
    }
    expect(marriages).toBeGreaterThan(40);
  });

  it('gives children under 16 the tre_em policy and most adults none, with some poor, disabled and người có công', () => {
    const adults: Record<string, number> = {};
    for (const id of syntheticIds) {
      const p = person(id);
      const age = ageOn(str(p, 'birth_date'), AS_OF);
      if (age < 16) expect(p['policy']).toBe('tre_em');
      else adults[str(p, 'policy')] = (adults[str(p, 'policy')] ?? 0) + 1;
    }
    const total = Object.values(adults).reduce((a, b) => a + b, 0);
    expect(adults['none']!).toBeGreaterThan(total * 0.7);
    for (const group of ['ho_ngheo', 'khuyet_tat', 'nguoi_co_cong']) expect(adults[group] ?? 0, group).toBeGreaterThan(0);
    expect(adults['tre_em']).toBeUndefined();
  });

  it('has residence results that agree with the population data', () => {
    const residence = data['residence']!;
    expect(Object.keys(residence).length).toBeGreaterThan(30);
    for (const [id, r] of Object.entries(residence)) expect(r['permanent_address'], id).toBe(person(id)['permanent_address']);
  });
});

describe('land, businesses, licences', () => {
  it('land belongs to people of the population, and many homes are on record', () => {
    const land = data['land']!;
    for (const [address, parcel] of Object.entries(land)) expect(population[str(parcel, 'owner_id')], address).toBeDefined();
    const homes = new Set(syntheticIds.map((id) => str(person(id), 'permanent_address')));
    expect([...homes].filter((a) => a in land).length).toBeGreaterThan(homes.size / 2);
  });

  it('businesses have 10-digit enterprise codes with a valid check digit and an adult legal representative', () => {
    const weights = [31, 29, 23, 19, 17, 13, 7, 5, 3];
    const business = Object.entries(data['business']!);
    expect(business.length).toBeGreaterThanOrEqual(20);
    for (const [code, b] of business) {
      expect(code).toMatch(/^\d{10}$/);
      const sum = weights.reduce((s, w, i) => s + w * Number(code[i]), 0);
      expect(Number(code[9]), code).toBe(10 - (sum % 11));
      expect(ageOn(str(person(str(b, 'legal_rep_id')), 'birth_date'), AS_OF)).toBeGreaterThanOrEqual(18);
    }
  });

  it('driving licences go to people who were adults when it was issued; health certificates to drivers', () => {
    const driving = data['driving']!;
    expect(Object.keys(driving).length).toBeGreaterThan(80);
    for (const [id, l] of Object.entries(driving)) {
      expect(ageOn(str(person(id), 'birth_date'), str(l, 'licence_issued')), id).toBeGreaterThanOrEqual(18);
      if (l['licence_expiry'] !== undefined) expect(str(l, 'licence_expiry') > str(l, 'licence_issued')).toBe(true);
    }
    for (const [id, h] of Object.entries(data['health']!)) {
      expect(driving[id], id).toBeDefined();
      expect(str(h, 'driver_cert_valid_until') > str(h, 'driver_cert_date')).toBe(true);
    }
  });
});

describe('fixed records', () => {
  it('are in the data word for word (fixed wins)', () => {
    expect(fixed.map((f) => f.name)).toContain('core.json');
    for (const f of fixed)
      for (const [source, records] of Object.entries(f.data))
        for (const [key, record] of Object.entries(records)) expect(data[source]?.[key], `${f.name}: ${source}[${key}]`).toEqual(record);
  });

  it('picks up whatever fixed files are there when generated', () => {
    const newcomer = { full_name: 'Hồ Văn Tư', birth_date: '1968-04-30', gender: 'nam', policy: 'nguoi_co_cong' };
    const dir = fixedFolder({ 'zz_test.json': { population: { '040068700099': newcomer } } });
    const out = buildSampleData({ sources, fixedDir: dir }).data;
    expect(out['population']!['040068700099']).toEqual(newcomer);
    expect(out['land']!['Số 5 Lê Lợi, phường Hồng Gai']).toEqual(data['land']!['Số 5 Lê Lợi, phường Hồng Gai']);
  });

  it('replace a synthetic record whole, not field by field', () => {
    const synthetic = { population: { '001099012345': { full_name: 'Ai Đó', birth_date: '1999-01-01', gender: 'nam', phone: '0900000000' } } };
    const merged = mergeFixed(synthetic, [{ name: 'core.json', data: { population: { '001099012345': { full_name: 'Lê Hoàng Nam', birth_date: '1999-08-14' } } } }]);
    expect(merged['population']!['001099012345']).toEqual({ full_name: 'Lê Hoàng Nam', birth_date: '1999-08-14' });
  });

  it('keep the synthetic people clear of the ids, addresses and phones they use', () => {
    const used = new Set<string>();
    for (const f of fixed) for (const records of Object.values(f.data)) for (const r of Object.values(records)) for (const v of Object.values(r)) if (typeof v === 'string') used.add(v);
    for (const id of syntheticIds) {
      expect(used.has(id), id).toBe(false);
      expect(used.has(str(person(id), 'phone')), `${id} ${str(person(id), 'phone')}`).toBe(false);
    }
  });

  it('refuses two fixed files that disagree on a record', () => {
    const a = { full_name: 'Hồ Văn Tư', birth_date: '1968-04-30', gender: 'nam' };
    const dir = fixedFolder({ 'a.json': { population: { '040068700099': a } }, 'b.json': { population: { '040068700099': { ...a, gender: 'nu' } } } });
    expect(() => buildSampleData({ sources, fixedDir: dir })).toThrow(/b\.json.*a\.json.*population\["040068700099"\]/);
  });

  it('names the file and the place of a malformed fixed record', () => {
    const dir = fixedFolder({ 'bad.json': { population: { '040068700099': { full_name: 'Hồ Văn Tư', birth_date: '30/04/1968' } } } });
    expect(() => buildSampleData({ sources, fixedDir: dir })).toThrow(/bad\.json.*population\["040068700099"\]\.birth_date/);
  });

  it('refuses a fixed record naming a person who is not in the population, or an id that contradicts the person', () => {
    const orphanLand = fixedFolder({ 'x.json': { land: { 'Số 1 Hàm Nghi, phường Sài Gòn': { owner_id: '079199700098' } } } });
    expect(() => buildSampleData({ sources, fixedDir: orphanLand })).toThrow(/079199700098/);
    const wrongGender = fixedFolder({ 'y.json': { population: { '040068700099': { full_name: 'Hồ Thị Tư', birth_date: '1968-04-30', gender: 'nu' } } } });
    expect(() => buildSampleData({ sources, fixedDir: wrongGender })).toThrow(/040068700099/);
  });
});

// The scenarios of the three library procedures and of docs/language.md run against these records.
describe('core fixed records: what the existing scenarios rely on', () => {
  const registry = SampleRegistry.fromData(data);
  const read = async (source: string, key: string) => (await registry.read(source, key)) as Rec | undefined;
  const root = join(import.meta.dirname, '..', '..');
  const coreFiles = ['procedures/cu_tru/dang_ky_thuong_tru.proc', 'procedures/ho_tich/dang_ky_khai_sinh.proc', 'procedures/giao_thong/cap_doi_giay_phep_lai_xe.proc'];
  const applicants: ScenarioCitizen[] = [
    ...coreFiles.flatMap((f) => scenarioCitizens(readFileSync(join(root, f), 'utf8'), f)),
    ...[...readFileSync(join(root, 'docs/language.md'), 'utf8').matchAll(/```proc\n([\s\S]*?)```/g)].flatMap((m) => scenarioCitizens(m[1]!, 'docs/language.md')),
  ];
  /** Not exempt from the residence fee by age (children under 16, people from 60). */
  const adultUnder60 = (p: Rec | undefined, day: string) => ageOn(str(p, 'birth_date'), day) >= 16 && ageOn(str(p, 'birth_date'), day) < 60;

  it('every applicant is in the population with what the applicant block needs (name, birth date, gender, addresses, phone)', async () => {
    expect(new Set(applicants.map((a) => a.citizen))).toEqual(new Set(['001099012345', '001190006789', '001075001122', '001215000777', '001085004321']));
    for (const a of applicants) {
      const p = await read('population', a.citizen);
      for (const f of ['full_name', 'birth_date', 'gender', 'permanent_address', 'current_address', 'phone']) expect(p?.[f], `${a.scenario}: ${a.citizen}.${f}`).toBeTruthy();
    }
  });

  it('online_owner_tet: 001099012345 owns Số 5 Lê Lợi (proof of residence waived) and pays the online fee', async () => {
    expect((await read('land', 'Số 5 Lê Lợi, phường Hồng Gai'))?.['owner_id']).toBe('001099012345');
    const p = await read('population', '001099012345');
    expect(p?.['policy']).toBe('none');
    expect(adultUnder60(p, '2025-01-24')).toBe(true);
  });

  it('in_person_tenant, supplement_restarts: 001190006789 pays the full fee (no policy group, 16–59)', async () => {
    const p = await read('population', '001190006789');
    expect(p?.['policy']).toBe('none');
    expect(adultUnder60(p, '2025-03-03') && adultUnder60(p, '2025-04-21')).toBe(true);
  });

  it('poor_household_exempt: 001075001122 is a poor household and the land data does not show him owning Thôn 3', async () => {
    expect((await read('population', '001075001122'))?.['policy']).toBe('ho_ngheo');
    expect((await read('land', 'Thôn 3, xã Quảng Phong'))?.['owner_id']).not.toBe('001075001122');
  });

  it('child_exempt: 001215000777 is under 16 and the birth record names the host 001085004321 as father', async () => {
    expect(ageOn(str(await read('population', '001215000777'), 'birth_date'), AS_OF)).toBeLessThan(16);
    const birth = await read('civil_status', '001215000777');
    expect(birth?.['father_id']).toBe('001085004321');
    expect(birth?.['mother_id']).toBe('001190006789');
  });

  it('khai sinh: the marriage of 001190006789 to 001085004321 is on record, not one to 001099012345', async () => {
    expect((await read('civil_status', '001190006789'))?.['spouse_id']).toBe('001085004321');
    expect((await read('civil_status', '001085004321'))?.['spouse_id']).toBe('001190006789');
    for (const id of ['001085004321', '001099012345']) expect((await read('population', id))?.['full_name']).toBeTruthy();
  });

  it('GPLX: 001085004321 has a valid health certificate on file; 001075001122 only an expired one', async () => {
    const fit = await read('health', '001085004321');
    expect(fit?.['driver_fit']).toBe(true);
    for (const day of ['2025-04-25', '2026-01-05']) expect(str(fit, 'driver_cert_valid_until') >= day).toBe(true);
    expect(str(await read('health', '001075001122'), 'driver_cert_valid_until') < '2025-03-10').toBe(true);
  });

  it('GPLX: each applicant holds a licence of the class the scenario gives (B2 is the old B)', async () => {
    const classes = { '001085004321': ['b', 'b2'], '001075001122': ['c'], '001190006789': ['a1'] };
    for (const [id, allowed] of Object.entries(classes)) {
      const l = await read('driving', id);
      expect(l?.['licence_no'], id).toMatch(/^\d{12}$/);
      expect(allowed).toContain(l?.['licence_class']);
      if (l?.['licence_expiry'] !== undefined) expect(str(l, 'licence_expiry') >= '2025-06-02').toBe(true);
    }
  });
});
