// Public holidays of a year: the Labour Code 2019 Art 112 rules computed from the calendar,
// then replaced occasion by occasion by the schedules the government actually announced.

import { dayNumberOf, isoDate, parseIsoDate, weekdayOf, type DayNumber } from './local-time.ts';
import { lunarToSolar, tetDate } from './lunar.ts';
import { ANNOUNCED_SCHEDULES } from './schedules.ts';

/** The holiday breaks of Art 112(1); an announcement replaces a whole occasion of one year. */
export type Occasion = 'new_year' | 'tet' | 'hung_kings' | 'reunification_labour' | 'national_day' | 'other';

export const LABOUR_CODE_SOURCE = 'Bộ luật Lao động 2019, Điều 112';

/**
 * One announced change to a year's holidays. Built-in entries live in schedules.ts; an agency or
 * a later announcement adds more through `new WorkingCalendar({ schedules })`.
 */
export interface ScheduleEntry {
  year: number;
  /**
   * The occasion of `year` whose derived days this entry replaces (with their compensatory days).
   * For each year and occasion the last entry wins; 'other' replaces nothing and only adds.
   */
  occasion: Occasion;
  /** Name of the whole break, shown in explanations: "nghỉ Tết Nguyên đán". */
  label?: string;
  labelEn?: string;
  /** The whole break, inclusive ISO dates; weekends inside count as part of it, as notices word it. */
  off?: { from: string; to: string };
  /** Names of single days inside `off` that differ from the label (a swapped day, a compensatory day). */
  dayNames?: Readonly<Record<string, string>>;
  /** Days that stay working although the law or an earlier entry makes them days off. */
  notOff?: readonly string[];
  /** Weekend days worked to make up for a swapped weekday (ngày làm bù). */
  makeUp?: ReadonlyArray<{ date: string; swappedFor?: string }>;
  /** The legal text the days come from, e.g. "Thông báo 5015/TB-LĐTBXH ngày 22/11/2023". */
  source: string;
  /** false when the days could not be checked against the announcement and follow the derived rule. */
  confirmed: boolean;
  note?: string;
}

export interface HolidayDay {
  date: string;
  day: DayNumber;
  /** Name of this day, e.g. "Quốc tế Lao động", "Nghỉ bù Giỗ Tổ Hùng Vương". */
  name: string;
  nameEn: string;
  occasion: Occasion;
  /** Name of the break it belongs to; explanations merge adjacent days with the same label. */
  label: string;
  labelEn: string;
  compensatory: boolean;
  source: string;
  confirmed: boolean;
}

export interface MakeUpDay {
  date: string;
  day: DayNumber;
  swappedFor?: string;
  source: string;
  confirmed: boolean;
}

export interface YearHolidays {
  year: number;
  daysOff: HolidayDay[];
  makeUpDays: MakeUpDay[];
  /** Days an entry put back to work (`notOff`), applied after all days off. */
  notOff: DayNumber[];
}

const NAMES_EN: Readonly<Record<string, string>> = {
  'Tết Dương lịch': "New Year's Day",
  'Tết Nguyên đán': 'Lunar New Year (Tết)',
  'Giỗ Tổ Hùng Vương': "Hùng Kings' Commemoration Day",
  'Ngày Giải phóng miền Nam': 'Reunification Day',
  'Quốc tế Lao động': 'International Labour Day',
  'Ngày Giải phóng miền Nam và Quốc tế Lao động': 'Reunification Day and Labour Day',
  'Quốc khánh': 'National Day',
  'Nghỉ hoán đổi': 'swapped day off',
  'Nghỉ bù': 'compensatory day off',
};

/** English for a Vietnamese holiday name; unknown names (local holidays added by an agency) pass through. */
export function holidayNameEn(name: string): string {
  const known = NAMES_EN[name];
  if (known) return known;
  const comp = /^Nghỉ bù (.+)$/.exec(name);
  if (comp?.[1]) return `compensatory day off for ${holidayNameEn(comp[1])}`;
  return name;
}

const LABELS: Readonly<Record<Exclude<Occasion, 'other'>, string>> = {
  new_year: 'Tết Dương lịch',
  tet: 'Tết Nguyên đán',
  hung_kings: 'Giỗ Tổ Hùng Vương',
  reunification_labour: 'Ngày Giải phóng miền Nam và Quốc tế Lao động',
  national_day: 'Quốc khánh',
};

interface StatutoryDay {
  day: DayNumber;
  name: string;
  occasion: Exclude<Occasion, 'other'>;
}

const isWeekend = (day: DayNumber): boolean => {
  const w = weekdayOf(day);
  return w === 0 || w === 6;
};

/**
 * The day joined to 2 September (Art 112(1)(đ) lets the Government pick the day before or after).
 * Rule, matching 2021–2025 practice: prefer the weekday that joins the break to a weekend
 * (1/9 on a Monday, 3/9 on a Friday); otherwise any weekday; otherwise 1/9. So 2/9 on Mon → 3/9
 * (2024), Tue → 1/9 (2025), Wed → 1/9, Thu → 3/9 (2021), Fri → 1/9 (2022), Sat → 1/9 (2023),
 * Sun → 3/9.
 */
export function nationalDayAdjacent(year: number): DayNumber {
  const before = dayNumberOf(year, 9, 1);
  const after = dayNumberOf(year, 9, 3);
  const score = (day: DayNumber, joinsWeekendOn: number): number =>
    isWeekend(day) ? 0 : weekdayOf(day) === joinsWeekendOn ? 3 : 2;
  return score(after, 5) > score(before, 1) ? after : before;
}

/** Art 112(1) holidays of a year before compensatory days; Tết is the last day of the lunar year + 4 days. */
function statutoryDays(year: number): StatutoryDay[] {
  const days: StatutoryDay[] = [];
  days.push({ day: dayNumberOf(year, 1, 1), name: 'Tết Dương lịch', occasion: 'new_year' });
  const tet = tetDate(year);
  const tetDay = dayNumberOf(tet.year, tet.month, tet.day);
  for (let i = -1; i <= 3; i++) days.push({ day: tetDay + i, name: 'Tết Nguyên đán', occasion: 'tet' });
  const hung = lunarToSolar(10, 3, year);
  days.push({ day: dayNumberOf(hung.year, hung.month, hung.day), name: 'Giỗ Tổ Hùng Vương', occasion: 'hung_kings' });
  days.push({ day: dayNumberOf(year, 4, 30), name: 'Ngày Giải phóng miền Nam', occasion: 'reunification_labour' });
  days.push({ day: dayNumberOf(year, 5, 1), name: 'Quốc tế Lao động', occasion: 'reunification_labour' });
  days.push({ day: dayNumberOf(year, 9, 2), name: 'Quốc khánh', occasion: 'national_day' });
  days.push({ day: nationalDayAdjacent(year), name: 'Quốc khánh', occasion: 'national_day' });
  return days.sort((a, b) => a.day - b.day);
}

/** Keeps, for each year and occasion, only the last entry: a later announcement supersedes an earlier one. */
export function effectiveEntries(entries: readonly ScheduleEntry[]): ScheduleEntry[] {
  const lastIndex = new Map<string, number>();
  entries.forEach((e, i) => {
    if (e.occasion !== 'other') lastIndex.set(`${e.year}:${e.occasion}`, i);
  });
  return entries.filter((e, i) => e.occasion === 'other' || lastIndex.get(`${e.year}:${e.occasion}`) === i);
}

/**
 * Days off and make-up working days of `year`: announced entries first, then the law's rules for
 * every occasion no entry of that year replaces. A statutory day on Saturday/Sunday, or on a day
 * already off for another holiday, earns a compensatory day on the next Monday–Friday that is not
 * itself off (Art 112(3)). Saturday/Sunday here is the national weekly rest of state agencies,
 * whatever an agency's own week: the announcements are made for that week.
 */
export function holidaysForYear(year: number, schedules: readonly ScheduleEntry[] = ANNOUNCED_SCHEDULES): YearHolidays {
  const entries = effectiveEntries(schedules).filter((e) => e.year === year);
  const replaced = new Set(entries.map((e) => e.occasion));
  const off = new Map<DayNumber, HolidayDay>();
  const makeUpDays: MakeUpDay[] = [];
  const notOff: DayNumber[] = [];

  for (const e of entries) {
    const label = e.label ?? (e.occasion === 'other' ? 'Ngày nghỉ' : LABELS[e.occasion]);
    const labelEn = e.labelEn ?? holidayNameEn(label);
    if (e.off) {
      const from = parseIsoDate(e.off.from);
      const to = parseIsoDate(e.off.to);
      if (to < from) throw new RangeError(`Khoảng nghỉ ngược: ${e.off.from} → ${e.off.to} (${e.source})`);
      for (let d = from; d <= to; d++) {
        const name = e.dayNames?.[isoDate(d)] ?? label;
        off.set(d, {
          date: isoDate(d),
          day: d,
          name,
          nameEn: holidayNameEn(name),
          occasion: e.occasion,
          label,
          labelEn,
          compensatory: name.startsWith('Nghỉ bù'),
          source: e.source,
          confirmed: e.confirmed,
        });
      }
    }
    for (const m of e.makeUp ?? []) {
      makeUpDays.push({
        date: m.date,
        day: parseIsoDate(m.date),
        ...(m.swappedFor === undefined ? {} : { swappedFor: m.swappedFor }),
        source: e.source,
        confirmed: e.confirmed,
      });
    }
    for (const d of e.notOff ?? []) notOff.push(parseIsoDate(d));
  }

  const pending: StatutoryDay[] = [];
  for (const s of statutoryDays(year)) {
    if (replaced.has(s.occasion)) continue;
    if (isWeekend(s.day) || off.has(s.day)) pending.push(s);
    if (!off.has(s.day)) off.set(s.day, derivedDay(s.day, s.name, s.occasion, false));
  }
  for (const s of pending) {
    let c = s.day + 1;
    while (isWeekend(c) || off.has(c)) c++;
    off.set(c, derivedDay(c, `Nghỉ bù ${s.name}`, s.occasion, true));
  }

  return {
    year,
    daysOff: [...off.values()].sort((a, b) => a.day - b.day),
    makeUpDays: makeUpDays.sort((a, b) => a.day - b.day),
    notOff,
  };
}

function derivedDay(day: DayNumber, name: string, occasion: Exclude<Occasion, 'other'>, compensatory: boolean): HolidayDay {
  const label = LABELS[occasion];
  return {
    date: isoDate(day),
    day,
    name,
    nameEn: holidayNameEn(name),
    occasion,
    label,
    labelEn: holidayNameEn(label),
    compensatory,
    source: `${LABOUR_CODE_SOURCE}${compensatory ? ' khoản 3' : ''}`,
    // Derived days are the law's default; the Government may still announce swaps for the year.
    confirmed: false,
  };
}
