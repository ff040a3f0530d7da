// Wall-clock time in Vietnam (Asia/Ho_Chi_Minh) from epoch milliseconds, independent of the
// process TZ: every conversion adds the fixed offset and reads UTC fields, never local ones.

/**
 * Vietnam has kept UTC+7 with no daylight saving since 1975 (the South moved from UTC+8 on
 * 13 June 1975), so a constant is exact for every date the engine handles and needs no tz database.
 */
export const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;
export const MINUTE_MS = 60 * 1000;

/** Instants are epoch milliseconds throughout the calendar; Date objects are never taken or returned. */
export type EpochMs = number;

/** A local calendar date as a day count since 1970-01-01 (Vietnam dates); cheap Map key and easy to step. */
export type DayNumber = number;

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday, as in Date#getUTCDay. */
  weekday: number;
}

export function dayNumberOf(year: number, month: number, day: number): DayNumber {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function dayOfInstant(t: EpochMs): DayNumber {
  return Math.floor((t + VIETNAM_OFFSET_MS) / DAY_MS);
}

/** The instant of local midnight opening the given day. */
export function startOfDay(day: DayNumber): EpochMs {
  return day * DAY_MS - VIETNAM_OFFSET_MS;
}

export function weekdayOf(day: DayNumber): number {
  // 1970-01-01 was a Thursday.
  return (((day + 4) % 7) + 7) % 7;
}

export function ymdOf(day: DayNumber): { year: number; month: number; day: number } {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** "YYYY-MM-DD", the form schedule data and `skipped` ranges use. */
export function isoDate(day: DayNumber): string {
  const { year, month, day: d } = ymdOf(day);
  return `${pad(year, 4)}-${pad(month)}-${pad(d)}`;
}

export function parseIsoDate(iso: string): DayNumber {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`Ngày không đúng dạng YYYY-MM-DD: "${iso}"`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const n = dayNumberOf(year, month, day);
  const back = ymdOf(n);
  if (back.month !== month || back.day !== day) throw new RangeError(`Ngày không tồn tại: "${iso}"`);
  return n;
}

/** Epoch ms of a Vietnam wall-clock time. */
export function localDateTime(year: number, month: number, day: number, hour = 0, minute = 0): EpochMs {
  return Date.UTC(year, month - 1, day, hour, minute) - VIETNAM_OFFSET_MS;
}

/**
 * The instant of a Vietnam wall-clock time written `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm` (scenario
 * steps, datetime-local inputs, API fields); undefined when it is not a real date and time
 * (31/02, 25:00) rather than rolled over into another day.
 */
export function parseLocalDateTime(s: string): EpochMs | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(s.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0)];
  const t = localDateTime(y, mo, d, h, mi);
  const p = localParts(t);
  return p.year === y && p.month === mo && p.day === d && p.hour === h && p.minute === mi ? t : undefined;
}

/** `YYYY-MM-DDTHH:mm` in Vietnam time (the form `parseLocalDateTime` reads). */
export function formatLocalIso(t: EpochMs): string {
  const p = localParts(t);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** The local (Vietnam) date of an instant, `YYYY-MM-DD`. */
export function localIsoDate(t: EpochMs): string {
  return isoDate(dayOfInstant(t));
}

export function localParts(t: EpochMs): LocalParts {
  const d = new Date(t + VIETNAM_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

/** "24/01/2025 10:00" — the day-first form Vietnamese receipts and appointment slips use. */
export function formatLocal(t: EpochMs): string {
  const p = localParts(t);
  return `${pad(p.day)}/${pad(p.month)}/${p.year} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** "24/01/2025". */
export function formatLocalDate(t: EpochMs): string {
  return formatDay(dayOfInstant(t));
}

export function formatDay(day: DayNumber): string {
  const { year, month, day: d } = ymdOf(day);
  return `${pad(d)}/${pad(month)}/${year}`;
}

/** "25/01", for ranges inside an explanation where the year is evident. */
export function formatDayShort(day: DayNumber): string {
  const { month, day: d } = ymdOf(day);
  return `${pad(d)}/${pad(month)}`;
}
