import { describe, expect, it } from 'vitest';
import { formatLocal, localDateTime, nationalCalendar } from '../calendar/index.ts';
import {
  ClockError,
  extendClock,
  extensionDeadline,
  NOT_STARTED,
  outcomeOf,
  pauseClock,
  restartClock,
  resumeClock,
  startClock,
  subtractDuration,
  addDuration,
  durationWords,
  deadlineStartWords,
} from './processing-clock.ts';

const cal = nationalCalendar();
const at = (y: number, mo: number, d: number, h = 0, mi = 0) => localDateTime(y, mo, d, h, mi);
const SEVEN = { amount: 7, unit: 'working_days' } as const;

describe('the processing clock', () => {
  it('starts on receipt: 7 working days from Fri 24/01/2025 10:00 is Tue 11/02/2025 10:00 (Tết)', () => {
    const c = startClock(NOT_STARTED, at(2025, 1, 24, 10), SEVEN, cal);
    expect(formatLocal(c.dueAt!)).toBe(formatLocal(at(2025, 2, 11, 10)));
  });

  it('pauses while waiting for the citizen and gives the remaining working time back on resumption', () => {
    // Received Mon 03/03/2025 09:00 → due Wed 12/03 09:00. Paused Wed 05/03 09:00 with 5 working days left;
    // resumed Mon 10/03 09:00 → due Mon 17/03 09:00.
    let c = startClock(NOT_STARTED, at(2025, 3, 3, 9), SEVEN, cal);
    expect(c.dueAt).toBe(at(2025, 3, 12, 9));
    c = pauseClock(c, at(2025, 3, 5, 9), cal);
    expect(c.status).toBe('paused');
    expect(c.remainingMinutes).toBe(5 * 8 * 60);
    c = resumeClock(c, at(2025, 3, 10, 9), cal);
    expect(c.status).toBe('running');
    expect(c.dueAt).toBe(at(2025, 3, 17, 9));
  });

  it('restarts from zero: the deadline counts again in full from the next receipt', () => {
    let c = startClock(NOT_STARTED, at(2025, 4, 21, 9), SEVEN, cal);
    expect(c.dueAt).toBe(at(2025, 4, 29, 9));
    c = restartClock(c);
    expect(c.status).toBe('not_started');
    expect(c.dueAt).toBeUndefined();
    // complete dossier Fri 25/04 14:00; Sat 26/04 is a make-up working day; 30/04–04/05 off
    c = startClock(c, at(2025, 4, 25, 14), SEVEN, cal);
    expect(c.dueAt).toBe(at(2025, 5, 8, 14));
    expect(c.restarts).toBe(1);
  });

  it('allows the extension once, only until 1 working day before the due time', () => {
    const c = startClock(NOT_STARTED, at(2025, 3, 3, 9), SEVEN, cal); // due Wed 12/03 09:00
    expect(extensionDeadline(c, cal)).toBe(at(2025, 3, 11, 9));
    const late = () => extendClock(c, { at: at(2025, 3, 11, 9, 1), newDueAt: at(2025, 3, 14, 9), reason: 'x', by: 'u' }, cal);
    expect(late).toThrowError(ClockError);
    expect(late).toThrow(/01 ngày làm việc trước hạn/);
    const e = extendClock(c, { at: at(2025, 3, 11, 9), newDueAt: at(2025, 3, 14, 9), reason: 'Chờ xác minh', by: 'u' }, cal);
    expect(e.dueAt).toBe(at(2025, 3, 14, 9));
    expect(e.extension).toMatchObject({ reason: 'Chờ xác minh', previousDueAt: at(2025, 3, 12, 9) });
    expect(() => extendClock(e, { at: at(2025, 3, 11, 10), newDueAt: at(2025, 3, 20, 9), reason: 'again', by: 'u' }, cal)).toThrow(/một lần/);
  });

  it('refuses an extension to an earlier date or beyond the declared maximum', () => {
    const c = startClock(NOT_STARTED, at(2025, 3, 3, 9), SEVEN, cal);
    const req = (d: number) => ({ at: at(2025, 3, 4, 9), newDueAt: at(2025, 3, d, 9), reason: 'r', by: 'u' });
    expect(() => extendClock(c, req(11), cal)).toThrow(/sau hạn hiện tại/);
    expect(() => extendClock(c, req(20), cal, { amount: 3, unit: 'working_days' })).toThrow(/tối đa/);
    expect(extendClock(c, req(17), cal, { amount: 3, unit: 'working_days' }).dueAt).toBe(at(2025, 3, 17, 9));
  });

  it('classes the outcome early / on time / late by the due time (before any extension)', () => {
    const c = startClock(NOT_STARTED, at(2025, 3, 3, 9), SEVEN, cal); // due 12/03 09:00
    expect(outcomeOf(c, at(2025, 3, 11, 16))).toBe('early');
    expect(outcomeOf(c, at(2025, 3, 12, 8))).toBe('on_time');
    expect(outcomeOf(c, at(2025, 3, 12, 9))).toBe('on_time');
    expect(outcomeOf(c, at(2025, 3, 12, 9, 1))).toBe('late');
    const e = extendClock(c, { at: at(2025, 3, 5, 9), newDueAt: at(2025, 3, 14, 9), reason: 'r', by: 'u' }, cal);
    expect(outcomeOf(e, at(2025, 3, 13, 9))).toBe('late');
  });

  it('subtracts working time: the warning 1 working day before a Monday due time is the Friday', () => {
    const due = at(2025, 3, 17, 9);
    expect(subtractDuration(cal, due, { amount: 1, unit: 'working_days' })).toBe(at(2025, 3, 14, 9));
    expect(subtractDuration(cal, due, { amount: 4, unit: 'working_hours' })).toBe(at(2025, 3, 14, 14, 30));
    for (const t of [at(2025, 1, 23, 15), at(2025, 4, 25, 14)]) {
      const d = addDuration(cal, t, SEVEN);
      expect(addDuration(cal, subtractDuration(cal, d, SEVEN), SEVEN)).toBe(d);
    }
  });
});

describe('deadlines in words', () => {
  it('words the units in both languages, singular and plural, never as ids', () => {
    expect(durationWords({ amount: 1, unit: 'working_days' })).toEqual({ vi: '1 ngày làm việc', en: '1 working day' });
    expect(durationWords(SEVEN)).toEqual({ vi: '7 ngày làm việc', en: '7 working days' });
    expect(durationWords({ amount: 1, unit: 'working_hours' })).toEqual({ vi: '1 giờ làm việc', en: '1 working hour' });
    expect(durationWords({ amount: 4, unit: 'working_hours' })).toEqual({ vi: '4 giờ làm việc', en: '4 working hours' });
    expect(durationWords({ amount: 1, unit: 'days' })).toEqual({ vi: '1 ngày', en: '1 day' });
    expect(durationWords({ amount: 30, unit: 'days' })).toEqual({ vi: '30 ngày', en: '30 days' });
  });

  it('says when a clock that has not started will start, with the step by its label', () => {
    expect(deadlineStartWords({ ...SEVEN, from: 'complete' })).toEqual({
      vi: 'Thời hạn 7 ngày làm việc bắt đầu tính khi hồ sơ được tiếp nhận đầy đủ',
      en: 'The time limit of 7 working days starts when the complete dossier is received',
    });
    expect(deadlineStartWords({ amount: 1, unit: 'working_days', from: 'submission' })).toEqual({
      vi: 'Thời hạn 1 ngày làm việc bắt đầu tính khi nộp hồ sơ',
      en: 'The time limit of 1 working day starts when the dossier is submitted',
    });
    expect(deadlineStartWords({ amount: 5, unit: 'working_days', from: 'appraisal' }, 'Thẩm định hồ sơ')).toEqual({
      vi: 'Thời hạn 5 ngày làm việc bắt đầu tính khi hồ sơ chuyển sang bước «Thẩm định hồ sơ»',
      en: 'The time limit of 5 working days starts when the dossier reaches the step «Thẩm định hồ sơ»',
    });
  });
});
