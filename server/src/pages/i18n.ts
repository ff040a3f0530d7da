// The pages' language: Vietnamese by default, English with ?lang=en (remembered in a cookie so a
// form post or a redirect keeps it). Fixed UI strings are written in place as t('…vi', '…en');
// the words for roles, channels, outcomes and money are here, once. A procedure's own texts
// (titles, labels, help) are picked with `inLang`/`labelIn` of @motcua/dsl: its English companion
// on an English page when it gives one, else the Vietnamese text.
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { formatLocal, type WorkingCalendar } from '@motcua/engine';

export type Lang = 'vi' | 'en';
export type T = (vi: string, en: string) => string;

export const LANG_COOKIE = 'motcua_lang';

/** The page language; a `?lang=` choice is stored for the next pages. */
export function pageLang(c: Context): Lang {
  const q = c.req.query('lang');
  if (q === 'vi' || q === 'en') {
    setCookie(c, LANG_COOKIE, q, { path: '/', sameSite: 'Lax', maxAge: 365 * 86400 });
    return q;
  }
  return getCookie(c, LANG_COOKIE) === 'en' ? 'en' : 'vi';
}

export const translator =
  (lang: Lang): T =>
  (vi, en) =>
    lang === 'en' ? en : vi;

export function roleName(role: string, t: T): string {
  switch (role) {
    case 'citizen': return t('Công dân', 'Citizen');
    case 'reception': return t('Cán bộ tiếp nhận', 'Reception officer');
    case 'specialist': return t('Chuyên viên xử lý', 'Specialist');
    case 'leader': return t('Lãnh đạo', 'Leader');
    case 'manager': return t('Quản lý Trung tâm', 'Centre manager');
    case 'designer': return t('Người thiết kế thủ tục', 'Procedure designer');
    case 'admin': return t('Quản trị hệ thống', 'Administrator');
    case 'system': return t('Hệ thống', 'System');
    default: return role;
  }
}

export function channelName(channel: string, t: T): string {
  switch (channel) {
    case 'online': return t('Trực tuyến', 'Online');
    case 'in_person': return t('Trực tiếp', 'In person');
    case 'postal': return t('Qua bưu chính', 'By post');
    default: return channel;
  }
}

export function levelName(level: string | undefined, t: T): string | undefined {
  switch (level) {
    case undefined: return undefined;
    case 'full_online': return t('Dịch vụ công trực tuyến toàn trình', 'Full online service');
    case 'partial': return t('Dịch vụ công trực tuyến một phần', 'Partly online service');
    case 'commune': return t('Thủ tục cấp xã', 'Commune level');
    case 'district': return t('Thủ tục cấp huyện', 'District level');
    case 'province': return t('Thủ tục cấp tỉnh', 'Province level');
    default: return level;
  }
}

export function outcomeName(outcome: string | null | undefined, t: T): string {
  switch (outcome) {
    case 'early': return t('Trước hạn', 'Early');
    case 'on_time': return t('Đúng hạn', 'On time');
    case 'late': return t('Trễ hạn', 'Late');
    default: return '';
  }
}

/** Whole đồng: "10.000 ₫". */
export const money = (n: number): string => `${new Intl.NumberFormat('vi-VN').format(n)} ₫`;

/** "24/01/2025 10:00" (Vietnam time), or a dash. */
export const when = (t: number | null | undefined): string => (t === null || t === undefined ? '—' : formatLocal(t));

/** A working day, for counting working time in days: 07:30–11:30 and 13:00–17:00. */
const WORKING_DAY_MINUTES = 8 * 60;

/**
 * How far a due time is, in words, in the working time deadlines are counted in (the agency's
 * calendar: weekends, holidays, its hours): "còn 2 ngày làm việc", "còn 4 giờ làm việc", "quá hạn
 * 30 phút làm việc". Whole units, rounded down; a day is 8 working hours. On a Saturday evening a
 * Monday-noon deadline is 4 working hours away, not 40 hours.
 */
export function relative(due: number, now: number, t: T, calendar: Pick<WorkingCalendar, 'workingMinutesBetween'>): string {
  const minutes = Math.trunc(calendar.workingMinutesBetween(now, due));
  if (minutes === 0) return due >= now ? t('đến hạn đầu giờ làm việc tới', 'due when work resumes') : t('vừa quá hạn', 'just overdue');
  const abs = Math.abs(minutes);
  const [n, vi, en] = abs >= WORKING_DAY_MINUTES ? [Math.floor(abs / WORKING_DAY_MINUTES), 'ngày', 'day'] : abs >= 60 ? [Math.floor(abs / 60), 'giờ', 'hour'] : [abs, 'phút', 'minute'];
  const amount = t(`${n} ${vi} làm việc`, `${n} working ${en}${n === 1 ? '' : 's'}`);
  return minutes > 0 ? t(`còn ${amount}`, `${amount} left`) : t(`quá hạn ${amount}`, `${amount} overdue`);
}

/**
 * A due time: as `when`, except one at midnight — a deadline counted in calendar days ends with
 * its last day ("hết ngày 30/11/2026", as the engine words it), not at "01/12/2026 00:00".
 */
export function dueWhen(at: number | null | undefined, t: T): string {
  if (at === null || at === undefined) return '—';
  const s = formatLocal(at);
  if (!s.endsWith(' 00:00')) return s;
  const day = formatLocal(at - 60_000).slice(0, 10);
  return t(`hết ngày ${day}`, `end of ${day}`);
}
