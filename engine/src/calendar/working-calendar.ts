// Working-time arithmetic for deadlines (DESIGN "Semantics that must hold"): working days,
// working hours and Civil Code calendar days, in Vietnam local time whatever the server's TZ.

import {
  holidaysForYear,
  type HolidayDay,
  type MakeUpDay,
  type ScheduleEntry,
} from './holidays.ts';
import {
  MINUTE_MS,
  dayNumberOf,
  dayOfInstant,
  formatDay,
  formatDayShort,
  formatLocal,
  isoDate,
  startOfDay,
  weekdayOf,
  ymdOf,
  type DayNumber,
  type EpochMs,
} from './local-time.ts';
import { ANNOUNCED_SCHEDULES } from './schedules.ts';

/** [start, end) in minutes since local midnight. */
export type Interval = readonly [start: number, end: number];
export type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';
export type WeekHours = Readonly<Record<Weekday, readonly Interval[]>>;

const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** 07:30–11:30 and 13:00–17:00, the usual hours of state agencies. */
export const OFFICE_HOURS: readonly Interval[] = [
  [7 * 60 + 30, 11 * 60 + 30],
  [13 * 60, 17 * 60],
];
/** 07:30–11:30, for one-stop centres that also receive on Saturday morning. */
export const SATURDAY_MORNING: readonly Interval[] = [[7 * 60 + 30, 11 * 60 + 30]];

export const STANDARD_WEEK: WeekHours = {
  sun: [],
  mon: OFFICE_HOURS,
  tue: OFFICE_HOURS,
  wed: OFFICE_HOURS,
  thu: OFFICE_HOURS,
  fri: OFFICE_HOURS,
  sat: [],
};

export interface WorkingCalendarOptions {
  /** Merged over STANDARD_WEEK: `{ sat: SATURDAY_MORNING }` adds Saturday mornings; `[]` closes a day. */
  week?: Partial<Record<Weekday, readonly Interval[]>>;
  /** Applied after the built-in announcements; for the same year and occasion the later entry wins. */
  schedules?: readonly ScheduleEntry[];
  /** false drops the built-in 2024–2026 announcements and keeps only the law's rules and `schedules`. */
  builtInSchedules?: boolean;
}

export interface DayInfo {
  date: string;
  working: boolean;
  /** Working intervals of the day after holidays and make-up days are applied. */
  intervals: readonly Interval[];
  holiday?: HolidayDay;
  makeUp?: MakeUpDay;
}

export type DeadlineUnit = 'working_days' | 'working_hours' | 'days';

export interface SkippedRange {
  /** ISO dates, inclusive. */
  from: string;
  to: string;
  name: string;
  nameEn: string;
}

export interface Explanation {
  due: EpochMs;
  text: { vi: string; en: string };
  skipped: SkippedRange[];
}

// Far beyond any real closure (Tết is 9 days); only a week with no hours at all could reach it.
const MAX_SCAN_DAYS = 3700;
/**
 * The longest period the calendar computes: a century. A longer one is a mistake (a deadline of
 * 9_007_199_254_740_991 working days, typed in the studio), and walking it day by day held the
 * process for minutes, then overflowed the day cache so that every later computation failed.
 */
const MAX_SPAN_DAYS = 36_525;

function assertSpan(n: number, perDay: number, what: string): void {
  if (n > MAX_SPAN_DAYS * perDay) throw new RangeError(`${what} vượt quá một thế kỷ (${MAX_SPAN_DAYS} ngày): ${n}`);
}

function validateIntervals(day: Weekday, intervals: readonly Interval[]): void {
  let prevEnd = -1;
  for (const [s, e] of intervals) {
    if (!(Number.isFinite(s) && Number.isFinite(e) && s >= 0 && e <= 24 * 60 && s < e && s >= prevEnd)) {
      throw new RangeError(`Giờ làm việc ${day} không hợp lệ: khoảng phải tăng dần, không chồng nhau, trong 0–1440 phút`);
    }
    prevEnd = e;
  }
}

function assertInstant(t: EpochMs): void {
  if (typeof t !== 'number' || !Number.isFinite(t)) throw new TypeError(`Thời điểm không hợp lệ: ${String(t)}`);
}

function assertCount(n: number, what: string): void {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`${what} phải là số không âm: ${n}`);
}

export class WorkingCalendar {
  readonly week: WeekHours;
  private readonly schedules: readonly ScheduleEntry[];
  /** Make-up days are worked with ordinary weekday hours, not the (possibly short) Saturday hours. */
  private readonly makeUpHours: readonly Interval[];
  private readonly days = new Map<DayNumber, DayInfo>();
  private readonly holidayIndex = new Map<DayNumber, HolidayDay>();
  private readonly makeUpIndex = new Map<DayNumber, MakeUpDay>();
  private readonly notOffIndex = new Set<DayNumber>();
  private readonly yearsBuilt = new Set<number>();

  constructor(options: WorkingCalendarOptions = {}) {
    const week: Record<Weekday, readonly Interval[]> = { ...STANDARD_WEEK };
    for (const d of WEEKDAYS) {
      const own = options.week?.[d];
      if (own !== undefined) week[d] = own.map(([s, e]) => [s, e] as const);
      validateIntervals(d, week[d]);
    }
    if (WEEKDAYS.every((d) => week[d].length === 0)) throw new RangeError('Lịch làm việc không có giờ làm việc nào');
    this.week = week;
    this.makeUpHours = [week.mon, week.tue, week.wed, week.thu, week.fri].find((h) => h.length > 0) ?? OFFICE_HOURS;
    this.schedules = [...(options.builtInSchedules === false ? [] : ANNOUNCED_SCHEDULES), ...(options.schedules ?? [])];
  }

  // ---- days ----

  dayInfo(year: number, month: number, day: number): DayInfo {
    return this.classify(dayNumberOf(year, month, day));
  }

  isWorkingDay(year: number, month: number, day: number): boolean {
    return this.classify(dayNumberOf(year, month, day)).working;
  }

  /** Vietnamese name of the holiday on that date, or null (ordinary weekends have none). */
  holidayName(year: number, month: number, day: number): string | null {
    return this.classify(dayNumberOf(year, month, day)).holiday?.name ?? null;
  }

  /** Days off and make-up days of a year as this calendar applies them, for previews and audits. */
  holidays(year: number): { daysOff: HolidayDay[]; makeUpDays: MakeUpDay[] } {
    const first = dayNumberOf(year, 1, 1);
    const last = dayNumberOf(year, 12, 31);
    const daysOff: HolidayDay[] = [];
    const makeUpDays: MakeUpDay[] = [];
    for (let d = first; d <= last; d++) {
      const info = this.classify(d);
      if (info.holiday) daysOff.push(info.holiday);
      if (info.makeUp) makeUpDays.push(info.makeUp);
    }
    return { daysOff, makeUpDays };
  }

  // ---- instants ----

  isWorkingInstant(t: EpochMs): boolean {
    assertInstant(t);
    const day = dayOfInstant(t);
    const offset = t - startOfDay(day);
    return this.classify(day).intervals.some(([s, e]) => offset >= s * MINUTE_MS && offset < e * MINUTE_MS);
  }

  /** t itself inside working hours; otherwise the start of the next working interval. Ends are exclusive. */
  nextWorkingInstant(t: EpochMs): EpochMs {
    assertInstant(t);
    let day = dayOfInstant(t);
    for (let i = 0; i < MAX_SCAN_DAYS; i++, day++) {
      const start = startOfDay(day);
      for (const [s, e] of this.classify(day).intervals) {
        const end = start + e * MINUTE_MS;
        if (t < end) return Math.max(t, start + s * MINUTE_MS);
      }
    }
    throw new RangeError('Không tìm thấy thời điểm làm việc tiếp theo');
  }

  /**
   * The same local time of day on the n-th working day after the working day t falls in (t is
   * first moved to the next working instant). If that day's hours do not cover the time of day —
   * 14:00 landing on a Saturday-morning day — the deadline is the end of the last interval before
   * it (11:30), or the day's close if the time is before its opening: never later in the day than
   * asked, never on another day. n = 0 returns the next working instant.
   */
  addWorkingDays(t: EpochMs, n: number): EpochMs {
    assertCount(n, 'Số ngày làm việc');
    assertSpan(n, 1, 'Số ngày làm việc');
    if (!Number.isInteger(n)) throw new RangeError(`Số ngày làm việc phải là số nguyên: ${n}`);
    const start = this.nextWorkingInstant(t);
    let day = dayOfInstant(start);
    const timeOfDay = start - startOfDay(day);
    for (let counted = 0, scanned = 0; counted < n; ) {
      day++;
      if (++scanned > MAX_SCAN_DAYS * (n + 1)) throw new RangeError('Không đủ ngày làm việc');
      if (this.classify(day).working) counted++;
    }
    return startOfDay(day) + this.timeOnDay(this.classify(day).intervals, timeOfDay);
  }

  addWorkingHours(t: EpochMs, hours: number): EpochMs {
    return this.addWorkingMinutes(t, hours * 60);
  }

  /** Consumes only working minutes; a result exactly at an interval's end is that end, not the next start. */
  addWorkingMinutes(t: EpochMs, minutes: number): EpochMs {
    assertInstant(t);
    assertCount(minutes, 'Số phút làm việc');
    assertSpan(minutes, 24 * 60, 'Số phút làm việc');
    let remaining = minutes * MINUTE_MS;
    let day = dayOfInstant(t);
    for (let i = 0; i < MAX_SCAN_DAYS + remaining / MINUTE_MS; i++, day++) {
      const dayStart = startOfDay(day);
      for (const [s, e] of this.classify(day).intervals) {
        const end = dayStart + e * MINUTE_MS;
        if (end <= t) continue;
        const from = Math.max(t, dayStart + s * MINUTE_MS);
        if (remaining <= end - from) return from + remaining;
        remaining -= end - from;
      }
    }
    throw new RangeError('Không đủ giờ làm việc');
  }

  /**
   * Civil Code 2015 Art 147–148: the day of t is not counted; the period ends at 24:00 of the n-th
   * day after it, or, when that day is not a working day of this calendar, at 24:00 of the next
   * working day. Returns that instant, i.e. 00:00 of the following local day; use describeEnd to
   * show it as "hết ngày …".
   */
  addCalendarDays(t: EpochMs, n: number): EpochMs {
    assertInstant(t);
    assertCount(n, 'Số ngày');
    assertSpan(n, 1, 'Số ngày');
    if (!Number.isInteger(n)) throw new RangeError(`Số ngày phải là số nguyên: ${n}`);
    return startOfDay(this.calendarEndDay(t, n) + 1);
  }

  /** Working minutes in [a, b); negative when b is before a. Time spent paused is given back with this. */
  workingMinutesBetween(a: EpochMs, b: EpochMs): number {
    assertInstant(a);
    assertInstant(b);
    if (b < a) return -this.workingMinutesBetween(b, a);
    assertSpan(dayOfInstant(b) - dayOfInstant(a), 1, 'Khoảng thời gian');
    let total = 0;
    const lastDay = dayOfInstant(b);
    for (let day = dayOfInstant(a); day <= lastDay; day++) {
      const dayStart = startOfDay(day);
      for (const [s, e] of this.classify(day).intervals) {
        const from = Math.max(a, dayStart + s * MINUTE_MS);
        const to = Math.min(b, dayStart + e * MINUTE_MS);
        if (to > from) total += to - from;
      }
    }
    return total / MINUTE_MS;
  }

  /**
   * Working days after a's working day up to and including b's, so that
   * workingDaysBetween(t, addWorkingDays(t, n)) === n. a is a start: outside hours it belongs to the
   * next working day, as in addWorkingDays. b is an end: an instant exactly at a close (a due time
   * of 11:30 on a Saturday-morning day) still belongs to that day. Negative when b is earlier.
   */
  workingDaysBetween(a: EpochMs, b: EpochMs): number {
    const da = dayOfInstant(this.nextWorkingInstant(a));
    const db = dayOfInstant(this.isWorkingInstant(b - 1) && !this.isWorkingInstant(b) ? b - 1 : this.nextWorkingInstant(b));
    const [lo, hi, sign] = da <= db ? [da, db, 1] : [db, da, -1];
    assertSpan(hi - lo, 1, 'Khoảng thời gian');
    let count = 0;
    for (let d = lo + 1; d <= hi; d++) if (this.classify(d).working) count++;
    return sign * count;
  }

  /** "hết ngày 10/02/2025" for an end-of-day instant (local midnight), else the plain local time. */
  describeEnd(t: EpochMs): { vi: string; en: string } {
    assertInstant(t);
    const day = dayOfInstant(t);
    if (t === startOfDay(day)) {
      const date = formatDay(day - 1);
      return { vi: `hết ngày ${date}`, en: `end of ${date}` };
    }
    return { vi: formatLocal(t), en: formatLocal(t) };
  }

  /** `amount` of `unit` after `t`: the one place a deadline's unit picks its arithmetic. */
  add(t: EpochMs, amount: number, unit: DeadlineUnit): EpochMs {
    switch (unit) {
      case 'working_days':
        return this.addWorkingDays(t, amount);
      case 'working_hours':
        return this.addWorkingHours(t, amount);
      case 'days':
        return this.addCalendarDays(t, amount);
    }
  }

  /** The due instant with a bilingual account of how it was reached and which holidays it skipped. */
  explain(t: EpochMs, amount: number, unit: DeadlineUnit): Explanation {
    assertInstant(t);
    const vi: string[] = [];
    const en: string[] = [];
    let lastDay: DayNumber;
    const due = this.add(t, amount, unit);
    if (unit === 'days') {
      lastDay = dayOfInstant(due) - 1;
      vi.push(`${amount} ngày kể từ ${formatLocal(t)} (không tính ngày đầu)`);
      en.push(`${amount} calendar ${amount === 1 ? 'day' : 'days'} from ${formatLocal(t)} (first day not counted)`);
    } else {
      lastDay = dayOfInstant(due);
      const [viUnit, enUnit] =
        unit === 'working_days' ? ['ngày làm việc', 'working day'] : ['giờ làm việc', 'working hour'];
      vi.push(`${amount} ${viUnit} kể từ ${formatLocal(t)}`);
      en.push(`${amount} ${enUnit}${amount === 1 ? '' : 's'} from ${formatLocal(t)}`);
      const start = this.nextWorkingInstant(t);
      if (start !== t) {
        vi[0] += ` (tính từ ${formatLocal(start)})`;
        en[0] += ` (counted from ${formatLocal(start)})`;
      }
    }

    const { skipped, notes } = this.spanNotes(dayOfInstant(t), lastDay);
    for (const n of notes) {
      vi.push(n.vi);
      en.push(n.en);
    }
    if (unit === 'days') {
      const nominal = dayOfInstant(t) + amount;
      if (nominal !== lastDay) {
        vi.push(`ngày ${formatDay(nominal)} là ngày nghỉ → kết thúc vào ngày làm việc tiếp theo`);
        en.push(`${formatDay(nominal)} is not a working day → ends on the next working day`);
      }
    }
    const end = this.describeEnd(due);
    return {
      due,
      text: { vi: `${vi.join('; ')} → hạn ${end.vi}`, en: `${en.join('; ')} → due ${end.en}` },
      skipped,
    };
  }

  // ---- internals ----

  private calendarEndDay(t: EpochMs, n: number): DayNumber {
    let day = dayOfInstant(t) + n;
    for (let i = 0; !this.classify(day).working; i++, day++) {
      if (i > MAX_SCAN_DAYS) throw new RangeError('Không tìm thấy ngày làm việc');
    }
    return day;
  }

  /** Offset within the day for a time of day, per addWorkingDays' rule for days with other hours. */
  private timeOnDay(intervals: readonly Interval[], timeOfDay: number): number {
    let before = -1;
    for (const [s, e] of intervals) {
      if (timeOfDay >= s * MINUTE_MS && timeOfDay < e * MINUTE_MS) return timeOfDay;
      if (e * MINUTE_MS <= timeOfDay) before = e * MINUTE_MS;
    }
    if (before >= 0) return before;
    const last = intervals[intervals.length - 1];
    if (!last) throw new Error('unreachable: a working day without hours');
    return last[1] * MINUTE_MS;
  }

  /**
   * Holiday ranges and make-up days between two days, in date order. Days with the same break label
   * merge, across plain weekends between them but never across a working day.
   */
  private spanNotes(
    firstDay: DayNumber,
    lastDay: DayNumber,
  ): { skipped: SkippedRange[]; notes: Array<{ vi: string; en: string }> } {
    const skipped: SkippedRange[] = [];
    const notes: Array<{ vi: string; en: string }> = [];
    let open: { from: DayNumber; to: DayNumber; label: string; labelEn: string } | null = null;
    const close = (): void => {
      if (!open) return;
      const range = open.from === open.to ? formatDayShort(open.from) : `${formatDayShort(open.from)}–${formatDayShort(open.to)}`;
      skipped.push({ from: isoDate(open.from), to: isoDate(open.to), name: open.label, nameEn: open.labelEn });
      notes.push({ vi: `${range} nghỉ ${open.label}`, en: `${range} off for ${open.labelEn}` });
      open = null;
    };
    for (let d = firstDay; d <= lastDay; d++) {
      const info = this.classify(d);
      if (info.holiday) {
        if (open && open.label === info.holiday.label) open.to = d;
        else {
          close();
          open = { from: d, to: d, label: info.holiday.label, labelEn: info.holiday.labelEn };
        }
      } else if (info.working) {
        close();
        if (info.makeUp) {
          notes.push({ vi: `${formatDayShort(d)} là ngày làm bù`, en: `${formatDayShort(d)} is a make-up working day` });
        }
      }
    }
    close();
    return { skipped, notes };
  }

  private classify(day: DayNumber): DayInfo {
    const cached = this.days.get(day);
    if (cached) return cached;
    if (this.days.size >= 1 << 22) this.days.clear(); // a cache: never let it reach a Map's limit
    const { year } = ymdOf(day);
    // Entries of one year may reach into the next (a break around 1 January), so neighbours are built too.
    for (const y of [year - 1, year, year + 1]) this.buildYear(y);
    const holiday = this.notOffIndex.has(day) ? undefined : this.holidayIndex.get(day);
    const makeUp = this.makeUpIndex.get(day);
    const weekday = WEEKDAYS[weekdayOf(day)] as Weekday;
    let intervals: readonly Interval[];
    if (makeUp) {
      const own = this.week[weekday];
      intervals = weekday === 'sat' || weekday === 'sun' || own.length === 0 ? this.makeUpHours : own;
    } else if (holiday) intervals = [];
    else intervals = this.week[weekday];
    const info: DayInfo = {
      date: isoDate(day),
      working: intervals.length > 0,
      intervals,
      ...(holiday && !makeUp ? { holiday } : {}),
      ...(makeUp ? { makeUp } : {}),
    };
    this.days.set(day, info);
    return info;
  }

  private buildYear(year: number): void {
    if (this.yearsBuilt.has(year)) return;
    this.yearsBuilt.add(year);
    const built = holidaysForYear(year, this.schedules);
    for (const h of built.daysOff) this.holidayIndex.set(h.day, h);
    for (const m of built.makeUpDays) this.makeUpIndex.set(m.day, m);
    for (const d of built.notOff) this.notOffIndex.add(d);
  }
}

let national: WorkingCalendar | undefined;

/** The national calendar: Monday–Friday office hours, Labour Code holidays and the announced schedules. */
export function nationalCalendar(): WorkingCalendar {
  national ??= new WorkingCalendar();
  return national;
}
