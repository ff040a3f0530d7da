// Sample registries for the default set-up: a synthetic population grouped into households, with
// their land, businesses, civil-status records, residence results, driving licences and health
// certificates, plus the fixed records scenarios rely on (fixed/*.json, merged over the synthetic
// data verbatim). Deterministic — seeded PRNG, a fixed "as of" date — so the checked-in
// sample-data.json is exactly what `pnpm registries` writes.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findProcFiles, loadWorkspace } from '../../dsl/src/node.ts';
import { parse } from '../../dsl/src/syntax/parse.ts';
import { parseSampleData, type SampleData } from '../../engine/src/sources/sample-registry.ts';
import { Random } from '../generator/random.ts';
import { vocabularyOf, type VocabSource } from '../generator/vocabulary.ts';
import { byCodeUnit, declaredProblems, inDeclaredOrder } from './declared.ts';
import { familyNames, givenNames, middleNames } from './names.ts';
import { birthProvinceCodes, personalIdPrefix, personalIdProblems, type Gender } from './personal-id.ts';
import { provinces, shortName, streets, taxPrefixes, type Province } from './places.ts';

/** The day the sample describes: ages, licence and certificate validity are as of this date. */
export const AS_OF = '2026-01-01';
export const SEED = 20250612; // 12/6/2025, the day the 34-province map took effect
/** Synthetic citizens to generate at least (fixed ones come on top). */
export const CITIZENS = 240;

export const registriesDir = import.meta.dirname;
export const fixedDir = join(registriesDir, 'fixed');
export const sampleDataPath = join(registriesDir, 'sample-data.json');
const proceduresRoot = join(registriesDir, '..');

type Value = string | number | boolean;
type Rec = Record<string, Value>;
type Data = Record<string, Record<string, Rec>>;

// ------------------------------------------------------------------------------------ dates

const DAY = 86_400_000;
const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;
const isoOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

/** The same day `n` years later (29 February → 28 February). */
function addYears(iso: string, n: number): string {
  const y = Number(iso.slice(0, 4)) + n;
  const md = iso.slice(5) === '02-29' ? '02-28' : iso.slice(5);
  return `${y}-${md}`;
}

function ageOn(birth: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birth.slice(0, 4));
  return day.slice(5) < birth.slice(5) ? years - 1 : years;
}

// ------------------------------------------------------------------------------- the people

interface Person {
  readonly id: string;
  readonly full_name: string;
  readonly family: string;
  readonly birth_date: string;
  readonly gender: Gender;
  readonly household: Household;
  fatherId?: string;
  motherId?: string;
  spouseId?: string;
  /** The marriage is in the electronic civil-status database. */
  marriageRecorded?: boolean;
  phone?: string;
  current_address?: string;
  policy: string;
}

interface Household {
  readonly id: string;
  readonly address: string;
  readonly province: Province;
  /** The ward or commune, for birth places. */
  readonly place: string;
  readonly urban: boolean;
  readonly members: Person[];
}

class Synthesis {
  readonly rnd: Random;
  readonly people: Person[] = [];
  readonly households: Household[] = [];
  readonly data: Data = { population: {}, land: {}, business: {}, civil_status: {}, residence: {}, driving: {}, health: {} };
  private readonly allCodes = Object.keys(birthProvinceCodes);
  private readonly homes = provinces.filter((p) => p.weight > 0);

  /** `taken`: every string the fixed records use, so no synthetic id or address collides with one. */
  constructor(seed: number, private readonly taken: Set<string>) {
    this.rnd = new Random(seed);
  }

  run(citizens: number): Data {
    while (this.people.length < citizens) this.household();
    for (const h of this.households) this.publishHousehold(h);
    this.extraParcels(16);
    this.businesses(28);
    for (const p of this.people) this.licence(p);
    return this.data;
  }

  // ---------------------------------------------------------------------------- primitives

  private digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.rnd.int(0, 9));
    return s;
  }

  /** A fresh value from `make`, never one already used here or in the fixed records. */
  private unique(make: () => string): string {
    for (;;) {
      const v = make();
      if (!this.taken.has(v)) {
        this.taken.add(v);
        return v;
      }
    }
  }

  private weighted<T>(items: readonly T[], weight: (t: T) => number): T {
    const total = items.reduce((s, t) => s + weight(t), 0);
    let r = this.rnd.next() * total;
    for (const t of items) {
      r -= weight(t);
      if (r < 0) return t;
    }
    return items[items.length - 1]!;
  }

  private dateIn(from: string, to: string): string {
    return isoOf(this.rnd.int(dayOf(from), dayOf(to)));
  }

  /** A birth date in `year`, not after the sample's date. */
  private birthDate(year: number): string {
    const last = isoOf(dayOf(AS_OF) - 1);
    const to = `${year}-12-31` < last ? `${year}-12-31` : last;
    return this.dateIn(`${year}-01-01`, to);
  }

  private phone(): string {
    const prefixes = ['032', '033', '034', '035', '036', '037', '038', '039', '056', '058', '070', '076', '077', '078', '079', '081', '083', '084', '085', '086', '088', '089', '090', '091', '093', '094', '096', '097', '098'];
    return this.unique(() => this.rnd.pick(prefixes) + this.digits(7));
  }

  private urbanAddress(province: Province, ward: string): string {
    return this.unique(() => {
      const street = this.rnd.pick(streets);
      const no = this.rnd.int(1, 240);
      const lane = this.rnd.chance(0.15) ? ` ngõ ${this.rnd.int(2, 120)}` : '';
      return `Số ${no}${lane} ${street}, ${ward}, ${province.name}`;
    });
  }

  private ruralAddress(province: Province, commune: string): string {
    return this.unique(() => `Số ${this.rnd.int(1, 150)}, thôn ${this.rnd.int(1, 12)}, ${commune}, ${province.name}`);
  }

  // ---------------------------------------------------------------------------- households

  private person(h: Household, gender: Gender, year: number, family: string, parents: { father?: Person; mother?: Person } = {}): Person {
    const birth_date = this.birthDate(year);
    // Births are mostly registered where the family lives; people move, so not always.
    const code = this.rnd.chance(parents.father || parents.mother ? 0.9 : 0.75) ? this.rnd.pick(h.province.oldCodes) : this.rnd.pick(this.allCodes);
    const id = this.unique(() => personalIdPrefix(code, gender, year) + this.digits(6));
    const siblings = new Set(h.members.map((m) => m.full_name));
    let full_name: string;
    do full_name = `${family} ${this.rnd.pick(middleNames[gender])} ${this.rnd.pick(givenNames[gender])}`;
    while (siblings.has(full_name));
    const p: Person = { id, full_name, family, birth_date, gender, household: h, policy: 'none' };
    if (parents.father) p.fatherId = parents.father.id;
    if (parents.mother) p.motherId = parents.mother.id;
    h.members.push(p);
    this.people.push(p);
    return p;
  }

  private family(): string {
    return this.weighted(familyNames, ([, w]) => w)[0];
  }

  private couple(h: Household, fromYear: number, toYear: number): { husband: Person; wife: Person } {
    const hy = this.rnd.int(fromYear, toYear);
    const wy = Math.min(hy + this.rnd.int(-2, 6), 2004);
    // The head of household is listed first; usually the husband.
    const wifeFirst = this.rnd.chance(0.15);
    let husband: Person;
    let wife: Person;
    if (wifeFirst) {
      wife = this.person(h, 'nu', wy, this.family());
      husband = this.person(h, 'nam', hy, this.family());
    } else {
      husband = this.person(h, 'nam', hy, this.family());
      wife = this.person(h, 'nu', wy, this.family());
    }
    husband.spouseId = wife.id;
    wife.spouseId = husband.id;
    const recorded = this.rnd.chance(0.85);
    husband.marriageRecorded = recorded;
    wife.marriageRecorded = recorded;
    return { husband, wife };
  }

  private children(h: Household, father: Person | undefined, mother: Person | undefined, count: number): Person[] {
    const parent = (mother ?? father)!;
    const parentYear = Number(parent.birth_date.slice(0, 4));
    const family = (father ?? mother)!.family;
    const out: Person[] = [];
    let year = parentYear + this.rnd.int(mother ? 21 : 24, 32);
    for (let i = 0; i < count && year <= 2025; i++) {
      out.push(this.person(h, this.rnd.chance(0.5) ? 'nam' : 'nu', year, family, { ...(father ? { father } : {}), ...(mother ? { mother } : {}) }));
      year += this.rnd.int(2, 6);
    }
    return out;
  }

  private household(): void {
    const province = this.weighted(this.homes, (p) => p.weight);
    const urban = province.communes.length === 0 || this.rnd.chance(0.7);
    const place = this.rnd.pick(urban ? province.wards : province.communes);
    const address = urban ? this.urbanAddress(province, place) : this.ruralAddress(province, place);
    const id = this.unique(() => `HGD-2${this.digits(7)}`);
    const h: Household = { id, address, province, place, urban, members: [] };
    this.households.push(h);

    const roll = this.rnd.next();
    if (roll < 0.12) {
      this.person(h, this.rnd.chance(0.5) ? 'nam' : 'nu', this.rnd.int(1948, 2004), this.family());
    } else if (roll < 0.22) {
      // A parent bringing up children alone: the other parent is not in this household.
      const gender: Gender = this.rnd.chance(0.75) ? 'nu' : 'nam';
      const parent = this.person(h, gender, this.rnd.int(1970, 1998), this.family());
      this.children(h, gender === 'nam' ? parent : undefined, gender === 'nu' ? parent : undefined, this.rnd.int(1, 2));
    } else if (roll < 0.34) {
      // Three generations: grandparents, their son and his wife, grandchildren.
      const { husband, wife } = this.couple(h, 1944, 1962);
      const [son] = this.childrenOfGender(h, husband, wife, 'nam');
      if (son) {
        const daughterInLaw = this.person(h, 'nu', Math.min(Number(son.birth_date.slice(0, 4)) + this.rnd.int(-1, 4), 2002), this.family());
        son.spouseId = daughterInLaw.id;
        daughterInLaw.spouseId = son.id;
        son.marriageRecorded = daughterInLaw.marriageRecorded = this.rnd.chance(0.9);
        this.children(h, son, daughterInLaw, this.rnd.int(1, 2));
      }
    } else if (roll < 0.42) {
      if (this.rnd.chance(0.5)) this.couple(h, 1993, 2001);
      else this.couple(h, 1944, 1962);
    } else {
      const { husband, wife } = this.couple(h, 1965, 1998);
      this.children(h, husband, wife, this.rnd.int(1, 3));
    }
  }

  private childrenOfGender(h: Household, father: Person, mother: Person, gender: Gender): Person[] {
    const year = Number(mother.birth_date.slice(0, 4)) + this.rnd.int(21, 30);
    return [this.person(h, gender, Math.min(year, 1999), father.family, { father, mother })];
  }

  /** Policy groups, phones, current addresses, land, residence and civil-status records of a household. */
  private publishHousehold(h: Household): void {
    const poor = this.rnd.chance(h.urban ? 0.05 : 0.16);
    const veterans = this.rnd.chance(0.35);
    const adults = h.members.filter((m) => ageOn(m.birth_date, AS_OF) >= 18);
    for (const m of h.members) {
      const age = ageOn(m.birth_date, AS_OF);
      if (age < 16) m.policy = 'tre_em';
      else if (poor) m.policy = 'ho_ngheo';
      else if (veterans && Number(m.birth_date.slice(0, 4)) <= 1962) m.policy = 'nguoi_co_cong';
      else if (this.rnd.chance(0.03)) m.policy = 'khuyet_tat';
      // Children under 14 are reached through a parent's phone.
      if (age >= 14) m.phone = this.phone();
      if (age >= 18 && this.rnd.chance(0.12)) {
        const elsewhere = this.weighted(this.homes, (p) => p.weight);
        m.current_address = this.urbanAddress(elsewhere, this.rnd.pick(elsewhere.wards));
      }
    }
    for (const m of h.members) {
      m.phone ??= h.members.find((x) => x.id === m.motherId)?.phone ?? h.members.find((x) => x.id === m.fatherId)?.phone ?? adults[0]?.phone ?? this.phone();
      const rec: Rec = {
        full_name: m.full_name,
        birth_date: m.birth_date,
        gender: m.gender,
        nationality: 'Việt Nam',
        permanent_address: h.address,
        current_address: m.current_address ?? h.address,
        household_id: h.id,
        phone: m.phone,
        policy: m.policy,
      };
      this.data['population']![m.id] = rec;
    }

    if (adults.length > 0 && this.rnd.chance(0.75)) {
      const owner = adults.length > 1 && this.rnd.chance(0.25) ? adults[1]! : adults[0]!;
      this.data['land']![h.address] = this.parcel(owner.id, h.urban);
    }
    if (this.rnd.chance(0.35)) for (const m of h.members) this.data['residence']![m.id] = { permanent_address: h.address };

    for (const m of h.members) {
      const hasParents = m.fatherId !== undefined || m.motherId !== undefined;
      const married = m.spouseId !== undefined && m.marriageRecorded === true;
      if (!hasParents && !married) continue;
      const rec: Rec = {};
      if (hasParents) rec['birth_certificate_no'] = `${this.rnd.int(1, 640)}/${m.birth_date.slice(0, 4)}`;
      rec['full_name'] = m.full_name;
      rec['birth_date'] = m.birth_date;
      rec['gender'] = m.gender;
      if (hasParents) {
        rec['birth_place'] = h.urban
          ? `${this.rnd.pick(['Bệnh viện Đa khoa', 'Bệnh viện Phụ sản', 'Trung tâm Y tế'])} ${shortName(h.province)}`
          : `Trạm y tế ${h.place}, ${h.province.name}`;
        if (m.fatherId) rec['father_id'] = m.fatherId;
        if (m.motherId) rec['mother_id'] = m.motherId;
      }
      if (married) rec['spouse_id'] = m.spouseId!;
      this.data['civil_status']![m.id] = rec;
    }
  }

  private parcel(ownerId: string, urban: boolean): Rec {
    const area = urban ? this.rnd.int(350, 1800) / 10 : this.rnd.int(120, 900);
    return { owner_id: ownerId, parcel_id: `Thửa ${this.rnd.int(1, 480)}, tờ bản đồ ${this.rnd.int(1, 60)}`, area };
  }

  private adult(minAge: number, maxAge: number): Person {
    for (;;) {
      const p = this.rnd.pick(this.people);
      const age = ageOn(p.birth_date, AS_OF);
      if (age >= minAge && age <= maxAge) return p;
    }
  }

  /** Land owned away from home (a second house, a plot in the home village). */
  private extraParcels(count: number): void {
    for (let i = 0; i < count; i++) {
      const owner = this.adult(25, 90);
      const province = this.weighted(this.homes, (p) => p.weight);
      const urban = province.communes.length === 0 || this.rnd.chance(0.5);
      const address = urban ? this.urbanAddress(province, this.rnd.pick(province.wards)) : this.ruralAddress(province, this.rnd.pick(province.communes));
      this.data['land']![address] = this.parcel(owner.id, urban);
    }
  }

  // ---------------------------------------------------------------------------- businesses

  /**
   * Enterprise codes: 2-digit tax-office prefix, 7 digits, and the check digit
   * 10 − (Σ dᵢ·wᵢ mod 11), weights 31 29 23 19 17 13 7 5 3 (a sum ≡ 0 has no check digit).
   */
  private taxCode(prefix: string): string {
    const weights = [31, 29, 23, 19, 17, 13, 7, 5, 3];
    return this.unique(() => {
      for (;;) {
        const body = prefix + this.digits(7);
        const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
        const check = 10 - (sum % 11);
        if (check < 10) return body + String(check);
      }
    });
  }

  private businesses(count: number): void {
    const forms = ['Công ty TNHH', 'Công ty TNHH Một thành viên', 'Công ty Cổ phần'];
    const trades = ['Thương mại', 'Xây dựng', 'Dịch vụ', 'Vận tải', 'Thực phẩm', 'Công nghệ', 'Du lịch', 'Nội thất', 'Cơ khí', 'Nông sản', 'May mặc', 'Dược phẩm'];
    const brands = ['Hoàng Minh', 'An Phát', 'Thành Công', 'Việt Hưng', 'Minh Long', 'Phú Thịnh', 'Đại Dương', 'Sao Mai', 'Hải Nam', 'Tân Tiến', 'Bình An', 'Trường Sơn', 'Hồng Phúc', 'Kim Ngân', 'Thiên Long', 'Nam Việt'];
    const cities = provinces.filter((p) => p.name in taxPrefixes);
    const names = new Set<string>();
    for (let i = 0; i < count; i++) {
      const city = this.weighted(cities, (p) => p.weight);
      let name: string;
      do name = `${this.rnd.pick(forms)} ${this.rnd.pick(trades)} ${this.rnd.pick(brands)}`;
      while (names.has(name));
      names.add(name);
      const roll = this.rnd.next();
      this.data['business']![this.taxCode(taxPrefixes[city.name]!)] = {
        name,
        legal_rep_id: this.adult(25, 70).id,
        head_office: this.urbanAddress(city, this.rnd.pick(city.wards)),
        status: roll < 0.8 ? 'active' : roll < 0.92 ? 'suspended' : 'dissolved',
      };
    }
  }

  // ----------------------------------------------------------------- driving and health

  private licence(p: Person): void {
    const age = ageOn(p.birth_date, AS_OF);
    if (age < 18 || !this.rnd.chance(0.7)) return;
    // Classes of the 2024 road traffic law, plus old ones still on licences issued before 2025.
    // `from`/`to`: when a licence of that class could have been issued; `years`: validity.
    const classes: ReadonlyArray<{ c: string; w: number; minAge: number; from: string; to: string; years?: number }> = [
      { c: 'a1', w: 45, minAge: 18, from: '1995-01-01', to: '2025-12-31' },
      { c: 'a2', w: 3, minAge: 18, from: '1995-01-01', to: '2024-12-31' },
      { c: 'a', w: 4, minAge: 18, from: '2025-01-01', to: '2025-12-31' },
      { c: 'b2', w: 16, minAge: 18, from: '1995-01-01', to: '2024-12-31', years: 10 },
      { c: 'b', w: 8, minAge: 18, from: '2025-01-01', to: '2025-12-31', years: 10 },
      { c: 'c1', w: 3, minAge: 18, from: '2025-01-01', to: '2025-12-31', years: 10 },
      { c: 'c', w: 7, minAge: 21, from: '1995-01-01', to: '2025-12-31', years: 5 },
      { c: 'd', w: 2, minAge: 27, from: '1995-01-01', to: '2025-12-31', years: 5 },
      { c: 'ce', w: 1, minAge: 24, from: '2025-01-01', to: '2025-12-31', years: 5 },
    ];
    const possible = classes.filter((k) => {
      const earliest = addYears(p.birth_date, k.minAge);
      return age >= k.minAge && (earliest > k.from ? earliest : k.from) <= k.to;
    });
    if (possible.length === 0) return;
    const k = this.weighted(possible, (x) => x.w);
    const earliest = addYears(p.birth_date, k.minAge);
    let issued = this.dateIn(earliest > k.from ? earliest : k.from, k.to);
    let licenceClass = k.c;
    let expiry = k.years ? addYears(issued, k.years) : undefined;
    // A licence long expired would have been exchanged: follow it to its latest issue. An old
    // B2 exchanged from 2025 on becomes a B.
    while (expiry && dayOf(expiry) < dayOf(AS_OF) - 150) {
      issued = isoOf(dayOf(expiry) - this.rnd.int(0, 60));
      if (licenceClass === 'b2' && issued >= '2025-01-01') licenceClass = 'b';
      expiry = addYears(issued, k.years!);
    }
    const code = this.rnd.pick(p.household.province.oldCodes).slice(1);
    const rec: Rec = { licence_no: this.unique(() => code + this.digits(10)), licence_class: licenceClass, licence_issued: issued };
    if (expiry) rec['licence_expiry'] = expiry;
    this.data['driving']![p.id] = rec;

    // Drivers of cars and trucks need a health certificate (12 months); the clinic files it.
    if (['a1', 'a', 'a2', 'a3', 'b1'].includes(licenceClass) || !this.rnd.chance(0.6)) return;
    const date = this.dateIn(isoOf(dayOf(AS_OF) - 400), isoOf(dayOf(AS_OF) - 5));
    this.data['health']![p.id] = {
      driver_cert_no: this.unique(() => `KSK${date.slice(0, 4)}${this.digits(6)}`),
      driver_cert_date: date,
      driver_cert_valid_until: addYears(date, 1),
      driver_fit: this.rnd.chance(0.95),
    };
  }
}

// ------------------------------------------------------------------------ fixed records

export interface FixedFile {
  /** File name inside fixed/, e.g. "core.json". */
  readonly name: string;
  readonly data: SampleData;
}

/** Every fixed/*.json, in name order, each parsed with the sample-data schema. */
export function readFixed(dir: string = fixedDir): FixedFile[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort(byCodeUnit);
  } catch {
    return [];
  }
  return names.map((name) => {
    const path = join(dir, name);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new Error(`${path}: không phải JSON hợp lệ (not valid JSON): ${(e as Error).message}`);
    }
    return { name, data: parseSampleData(json, path) };
  });
}

/**
 * The fixed records over the synthetic ones: a fixed record replaces the synthetic record with
 * the same key whole. Two fixed files may repeat a record only word for word.
 */
export function mergeFixed(synthetic: SampleData, fixed: readonly FixedFile[]): SampleData {
  const out: Data = {};
  for (const [s, records] of Object.entries(synthetic)) out[s] = { ...records };
  const owner = new Map<string, string>();
  for (const f of fixed) {
    for (const [s, records] of Object.entries(f.data)) {
      const target = (out[s] ??= {});
      for (const [key, record] of Object.entries(records)) {
        const where = `${s}[${JSON.stringify(key)}]`;
        const first = owner.get(where);
        if (first !== undefined && JSON.stringify(target[key]) !== JSON.stringify(record))
          throw new Error(`fixed/${f.name} và fixed/${first} ghi khác nhau cho ${where} (two fixed files disagree on ${where})`);
        owner.set(where, first ?? f.name);
        target[key] = record;
      }
    }
  }
  return out;
}

/** Every string the fixed records contain, keys and values. */
function stringsOf(fixed: readonly FixedFile[]): Set<string> {
  const out = new Set<string>();
  for (const f of fixed)
    for (const records of Object.values(f.data))
      for (const [key, record] of Object.entries(records)) {
        out.add(key);
        for (const v of Object.values(record)) if (typeof v === 'string') out.add(v);
      }
  return out;
}

// ------------------------------------------------------------------------------ checks

/**
 * Rules the data must keep whatever the files say: personal ids valid and consistent with the
 * person; every personal id a record names (owner, legal representative, parents, spouse) is a
 * person of the population.
 */
export function integrityProblems(data: SampleData, sources: readonly VocabSource[]): string[] {
  const problems: string[] = [];
  const population = data['population'] ?? {};
  for (const [id, person] of Object.entries(population)) problems.push(...personalIdProblems(id, person));
  for (const source of sources) {
    const refs = source.fields.filter((f) => f.type === 'personal_id').map((f) => f.name);
    for (const [key, record] of Object.entries(data[source.name] ?? {}))
      for (const f of refs) {
        const v = record[f];
        if (typeof v === 'string' && !(v in population))
          problems.push(`${source.name}[${JSON.stringify(key)}].${f}: ${v} không có trong population (no such person)`);
      }
  }
  return problems;
}

// ------------------------------------------------------------------------------ the file

export interface BuildOptions {
  readonly seed?: number;
  readonly citizens?: number;
  /** Where the fixed/*.json files are (default: beside this file). */
  readonly fixedDir?: string;
  /** The declared sources (default: those of procedures/**\/*.proc). */
  readonly sources?: readonly VocabSource[];
}

export interface Built {
  readonly data: SampleData;
  /** sample-data.json as it is checked in. */
  readonly text: string;
  readonly fixed: readonly FixedFile[];
}

export function declaredSources(): readonly VocabSource[] {
  return vocabularyOf(loadWorkspace(proceduresRoot)).sources;
}

export function buildSampleData(options: BuildOptions = {}): Built {
  const sources = options.sources ?? declaredSources();
  const fixed = readFixed(options.fixedDir ?? fixedDir);
  const synthetic = new Synthesis(options.seed ?? SEED, stringsOf(fixed)).run(options.citizens ?? CITIZENS);
  const data = parseSampleData(mergeFixed(synthetic, fixed), 'sample-data.json');
  const problems = [...declaredProblems(data, sources), ...integrityProblems(data, sources)];
  if (problems.length > 0) throw new Error(`Dữ liệu mẫu không hợp lệ (invalid sample data):\n  ${problems.slice(0, 20).join('\n  ')}`);
  const ordered = inDeclaredOrder(data, sources);
  return { data: ordered, text: `${JSON.stringify(ordered, null, 2)}\n`, fixed };
}

// ------------------------------------------------------------------ scenario citizens

export interface ScenarioCitizen {
  readonly file: string;
  readonly procedure: string;
  readonly scenario: string;
  readonly citizen: string;
}

/** The applicants (`given citizen "…"`) of the scenarios in one `.proc` text. */
export function scenarioCitizens(text: string, file: string): ScenarioCitizen[] {
  const out: ScenarioCitizen[] = [];
  for (const d of parse(text).file.declarations) {
    if (d.kind !== 'Procedure') continue;
    for (const item of d.items) {
      if (item.kind !== 'Scenario') continue;
      for (const step of item.steps) {
        if (step.kind !== 'Given') continue;
        for (const g of step.items) {
          const key = g.key.segments.map((s) => s.text).join('.');
          if (key === 'citizen' && g.value.kind === 'Literal' && g.value.literal.type === 'text')
            out.push({ file, procedure: d.name.text, scenario: item.name.text, citizen: g.value.literal.value });
        }
      }
    }
  }
  return out;
}

/** The scenario applicants of the whole library (procedures/**\/*.proc). */
export function libraryScenarioCitizens(): ScenarioCitizen[] {
  return findProcFiles([proceduresRoot]).flatMap((f) => scenarioCitizens(readFileSync(f, 'utf8'), relative(proceduresRoot, f)));
}

function main(): void {
  const { data, text, fixed } = buildSampleData();
  writeFileSync(sampleDataPath, text);
  const counts = Object.entries(data)
    .map(([s, r]) => `${s} ${Object.keys(r).length}`)
    .join(', ');
  console.log(`Đã ghi ${relative(process.cwd(), sampleDataPath)}: ${counts}`);
  console.log(`Bản ghi cố định (fixed records): ${fixed.map((f) => f.name).join(', ') || '—'}`);
  // A scenario whose applicant is not in the sample runs with an empty applicant block.
  const population = data['population'] ?? {};
  for (const c of libraryScenarioCitizens())
    if (!(c.citizen in population))
      console.warn(`Cảnh báo: ${c.file}, kịch bản ${c.scenario}: công dân ${c.citizen} không có trong population — thêm vào fixed/<tên>.json`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
