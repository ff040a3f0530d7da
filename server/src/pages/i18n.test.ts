// How far a deadline is, in the working time the law counts it in (not calendar hours).
import { describe, expect, it } from 'vitest';
import { localDateTime, nationalCalendar, SATURDAY_MORNING, WorkingCalendar } from '@motcua/engine';
import { relative, type T } from './i18n.ts';

const vi: T = (v) => v;
const en: T = (_v, e) => e;
const at = (y: number, mo: number, d: number, h = 0, mi = 0) => localDateTime(y, mo, d, h, mi);
const national = nationalCalendar();

describe('relative: a due time in words, in working time', () => {
  it('counts only working hours: from Saturday evening, Monday 11:30 is 4 working hours away, not 40 hours', () => {
    // Sat 21/11/2026 19:00 → Mon 23/11/2026 11:30: 07:30–11:30 on Monday (the national calendar closes on Saturdays).
    expect(relative(at(2026, 11, 23, 11, 30), at(2026, 11, 21, 19), vi, national)).toBe('còn 4 giờ làm việc');
    expect(relative(at(2026, 11, 23, 11, 30), at(2026, 11, 21, 19), en, national)).toBe('4 working hours left');
  });

  it('speaks in working days from a full day on, skipping weekends and holidays', () => {
    // Fri 13/02/2026 09:00 → Tue 24/02/2026 09:00 over Tết 2026 (14–22/02 off): the rest of the 13th
    // (6.5 h), the 23rd (8 h) and the 24th until 09:00 (1.5 h): 16 working hours, 2 working days.
    expect(relative(at(2026, 2, 24, 9), at(2026, 2, 13, 9), vi, national)).toBe('còn 2 ngày làm việc');
  });

  it('says how far past the due time a dossier is, in working time too', () => {
    // Due Thu 19/11/2026 10:00, now Mon 23/11/2026 10:00: Thu 10:00–17:00, Fri, Mon 07:30–10:00 → 16 working hours.
    expect(relative(at(2026, 11, 19, 10), at(2026, 11, 23, 10), vi, national)).toBe('quá hạn 2 ngày làm việc');
    expect(relative(at(2026, 11, 23, 9, 30), at(2026, 11, 23, 10), en, national)).toBe('30 working minutes overdue');
  });

  it('follows the agency’s own hours (Saturday mornings)', () => {
    const saturdays = new WorkingCalendar({ week: { sat: SATURDAY_MORNING } });
    // From Sat 21/11/2026 09:00: 09:00–11:30 that morning, then 07:30–11:30 on Monday.
    expect(relative(at(2026, 11, 23, 11, 30), at(2026, 11, 21, 9), vi, saturdays)).toBe('còn 6 giờ làm việc');
    expect(relative(at(2026, 11, 23, 11, 30), at(2026, 11, 21, 9), vi, national)).toBe('còn 4 giờ làm việc');
  });

  it('names a due time at the next opening when no working time is left before it', () => {
    expect(relative(at(2026, 11, 23, 7, 30), at(2026, 11, 21, 19), vi, national)).toBe('đến hạn đầu giờ làm việc tới');
    expect(relative(at(2026, 11, 23, 7, 30), at(2026, 11, 21, 19), en, national)).toBe('due when work resumes');
    expect(relative(at(2026, 11, 23, 8), at(2026, 11, 21, 19), vi, national)).toBe('còn 30 phút làm việc');
  });
});
