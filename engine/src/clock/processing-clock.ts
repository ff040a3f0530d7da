// The processing clock of a dossier (DESIGN.md "Semantics that must hold"; Decree 61/2018 and
// 118/2025): it starts where the definition says, pauses while the dossier waits for the
// citizen (the remaining working time is kept and given back on resumption), restarts from
// zero when a transition says so, stops for good, and can be extended ONCE, by an apology
// letter sent at least 1 working day before the due time. Pure: state in, state out.
import { formatLocal, type EpochMs, type WorkingCalendar } from '../calendar/index.ts';
import type { Bilingual } from '../rules/text.ts';

export interface Duration {
  readonly amount: number;
  readonly unit: 'working_days' | 'working_hours' | 'days';
}

export interface Extension {
  readonly reason: string;
  readonly at: EpochMs;
  readonly previousDueAt: EpochMs;
  readonly newDueAt: EpochMs;
  readonly by: string;
}

export interface ClockState {
  readonly status: 'not_started' | 'running' | 'paused' | 'stopped';
  /** When the clock last (re)started. */
  readonly startedAt?: EpochMs;
  /** The current due time (moved by pauses and by the extension). */
  readonly dueAt?: EpochMs;
  /** While paused: working minutes that were left (negative when already overdue). */
  readonly remainingMinutes?: number;
  readonly pausedAt?: EpochMs;
  readonly extension?: Extension;
  readonly restarts: number;
}

export const NOT_STARTED: ClockState = { status: 'not_started', restarts: 0 };

const UNIT_WORDS: Readonly<Record<Duration['unit'], { readonly vi: string; readonly en: readonly [string, string] }>> = {
  working_days: { vi: 'ngày làm việc', en: ['working day', 'working days'] },
  working_hours: { vi: 'giờ làm việc', en: ['working hour', 'working hours'] },
  days: { vi: 'ngày', en: ['day', 'days'] },
};

/** A duration in words: "7 ngày làm việc" / "7 working days", "1 working day". */
export function durationWords(d: Duration): Bilingual {
  const words = UNIT_WORDS[d.unit];
  return { vi: `${d.amount} ${words.vi}`, en: `${d.amount} ${words.en[d.amount === 1 ? 0 : 1]}` };
}

/**
 * When a clock that has not started yet will start (the procedure's `deadline … from`): on the
 * complete dossier's receipt, on submission, or on entering a step — named by its label, in both
 * languages (`labelWords` of the state) or the same in both.
 */
export function deadlineStartWords(deadline: Duration & { readonly from: string }, stepLabel?: string | Bilingual): Bilingual {
  const d = durationWords(deadline);
  const step = typeof stepLabel === 'object' ? stepLabel : { vi: stepLabel ?? deadline.from, en: stepLabel ?? deadline.from };
  const when =
    deadline.from === 'complete'
      ? { vi: 'hồ sơ được tiếp nhận đầy đủ', en: 'the complete dossier is received' }
      : deadline.from === 'submission'
        ? { vi: 'nộp hồ sơ', en: 'the dossier is submitted' }
        : { vi: `hồ sơ chuyển sang bước «${step.vi}»`, en: `the dossier reaches the step «${step.en}»` };
  return { vi: `Thời hạn ${d.vi} bắt đầu tính khi ${when.vi}`, en: `The time limit of ${d.en} starts when ${when.en}` };
}

export function addDuration(cal: WorkingCalendar, t: EpochMs, d: Duration): EpochMs {
  return cal.add(t, d.amount, d.unit);
}

const MINUTE = 60_000;

/**
 * The latest instant w with addDuration(w, d) <= t: "N working days before t" (warnings, the
 * extension limit). addDuration is monotone in its start, so a binary search to the minute works
 * for every unit and calendar without a second, backwards arithmetic to keep in step.
 */
export function subtractDuration(cal: WorkingCalendar, t: EpochMs, d: Duration): EpochMs {
  const span = (d.unit === 'working_hours' ? Math.ceil(d.amount / 8) : d.amount) * 3 + 30;
  let lo = Math.floor((t - span * 86_400_000) / MINUTE);
  let hi = Math.floor(t / MINUTE);
  if (addDuration(cal, lo * MINUTE, d) > t) return lo * MINUTE;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (addDuration(cal, mid * MINUTE, d) <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo * MINUTE;
}

export function startClock(clock: ClockState, at: EpochMs, deadline: Duration, cal: WorkingCalendar): ClockState {
  const { remainingMinutes: _r, pausedAt: _p, ...rest } = clock;
  return { ...rest, status: 'running', startedAt: at, dueAt: addDuration(cal, at, deadline) };
}

export function pauseClock(clock: ClockState, at: EpochMs, cal: WorkingCalendar): ClockState {
  if (clock.status !== 'running' || clock.dueAt === undefined) return clock;
  return { ...clock, status: 'paused', pausedAt: at, remainingMinutes: cal.workingMinutesBetween(at, clock.dueAt) };
}

export function resumeClock(clock: ClockState, at: EpochMs, cal: WorkingCalendar): ClockState {
  if (clock.status !== 'paused' || clock.remainingMinutes === undefined) return clock;
  const { remainingMinutes, pausedAt: _p, ...rest } = clock;
  // Overdue when paused: the due time stays in the past; the pause does not make it on time again.
  const dueAt = remainingMinutes > 0 ? cal.addWorkingMinutes(cal.nextWorkingInstant(at), remainingMinutes) : clock.dueAt;
  return { ...rest, status: 'running', ...(dueAt !== undefined ? { dueAt } : {}) };
}

/** Back to zero: the clock starts again at the next start point (the complete dossier's receipt). */
export function restartClock(clock: ClockState): ClockState {
  return { status: 'not_started', restarts: clock.restarts + 1, ...(clock.extension ? { extension: clock.extension } : {}) };
}

export function stopClock(clock: ClockState): ClockState {
  return { ...clock, status: 'stopped' };
}

export class ClockError extends Error {
  constructor(
    readonly code: 'extension_used' | 'extension_too_late' | 'extension_not_later' | 'extension_too_long' | 'clock_not_running',
    readonly text: Bilingual,
  ) {
    super(text.vi);
    this.name = 'ClockError';
  }
}

/** The last instant the apology letter may be sent: 1 working day before the due time. */
export function extensionDeadline(clock: ClockState, cal: WorkingCalendar): EpochMs | undefined {
  return clock.dueAt === undefined ? undefined : subtractDuration(cal, clock.dueAt, { amount: 1, unit: 'working_days' });
}

export function extendClock(
  clock: ClockState,
  request: { at: EpochMs; newDueAt: EpochMs; reason: string; by: string },
  cal: WorkingCalendar,
  max?: Duration,
): ClockState {
  if ((clock.status !== 'running' && clock.status !== 'paused') || clock.dueAt === undefined) {
    throw new ClockError('clock_not_running', { vi: 'Hồ sơ chưa được tính thời hạn giải quyết, không thể gia hạn', en: 'The processing clock is not running; nothing to extend' });
  }
  if (clock.extension) {
    throw new ClockError('extension_used', {
      vi: `Hồ sơ đã được hẹn lại ngày trả kết quả một lần (${formatLocal(clock.extension.newDueAt)}); chỉ được hẹn lại một lần`,
      en: `The return date was already reset once (${formatLocal(clock.extension.newDueAt)}); it may be reset only once`,
    });
  }
  const limit = extensionDeadline(clock, cal)!;
  if (request.at > limit) {
    throw new ClockError('extension_too_late', {
      vi: `Thư xin lỗi và hẹn lại ngày trả kết quả phải gửi chậm nhất 01 ngày làm việc trước hạn (trước ${formatLocal(limit)}; hạn ${formatLocal(clock.dueAt)})`,
      en: `The apology letter must be sent at least 1 working day before the due time (by ${formatLocal(limit)}; due ${formatLocal(clock.dueAt)})`,
    });
  }
  if (request.newDueAt <= clock.dueAt) {
    throw new ClockError('extension_not_later', { vi: 'Ngày hẹn mới phải sau hạn hiện tại', en: 'The new date must be after the current due time' });
  }
  if (max && request.newDueAt > addDuration(cal, clock.dueAt, max)) {
    throw new ClockError('extension_too_long', {
      vi: `Ngày hẹn mới vượt quá thời gian gia hạn tối đa (${formatLocal(addDuration(cal, clock.dueAt, max))})`,
      en: `The new date exceeds the longest extension allowed (${formatLocal(addDuration(cal, clock.dueAt, max))})`,
    });
  }
  const extension: Extension = { reason: request.reason, at: request.at, previousDueAt: clock.dueAt, newDueAt: request.newDueAt, by: request.by };
  if (clock.status === 'paused') {
    // The extension moves the due time; while paused the remaining time grows by the same amount.
    const added = cal.workingMinutesBetween(clock.dueAt, request.newDueAt);
    return { ...clock, extension, dueAt: request.newDueAt, remainingMinutes: (clock.remainingMinutes ?? 0) + added };
  }
  return { ...clock, extension, dueAt: request.newDueAt };
}

export type Outcome = 'early' | 'on_time' | 'late';

/**
 * Early: the result is issued on a day before the due day; on time: by the due time; late: after
 * it. With an extension the comparison is with the due time BEFORE the extension: the apology
 * letter admits the dossier is late (Decree 61/2018); the new date is kept beside it.
 */
export function outcomeOf(clock: ClockState, resultAt: EpochMs): Outcome | undefined {
  const due = clock.extension ? clock.extension.previousDueAt : clock.dueAt;
  if (due === undefined) return undefined;
  const dayStart = (t: EpochMs) => Math.floor((t + 7 * 3_600_000) / 86_400_000);
  if (dayStart(resultAt) < dayStart(due - 1)) return 'early';
  return resultAt <= due ? 'on_time' : 'late';
}
