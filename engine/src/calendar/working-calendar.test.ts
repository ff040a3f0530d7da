import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLocal, localDateTime as at } from './local-time.ts';
import { SATURDAY_MORNING, WorkingCalendar, nationalCalendar } from './working-calendar.ts';

const cal = nationalCalendar();
const saturdayAgency = new WorkingCalendar({ week: { sat: SATURDAY_MORNING } });
const fmt = formatLocal;

describe('the DESIGN example', () => {
  it('received Friday 24/01/2025 10:00, 7 working days → Tuesday 11/02/2025 10:00 (Tết 25/1–2/2 off)', () => {
    expect(fmt(cal.addWorkingDays(at(2025, 1, 24, 10, 0), 7))).toBe('11/02/2025 10:00');
  });

  it('is explained in Vietnamese and English, listing the Tết break it skipped', () => {
    const e = cal.explain(at(2025, 1, 24, 10, 0), 7, 'working_days');
    expect(e.due).toBe(at(2025, 2, 11, 10, 0));
    expect(e.text.vi).toBe('7 ngày làm việc kể từ 24/01/2025 10:00; 25/01–02/02 nghỉ Tết Nguyên đán → hạn 11/02/2025 10:00');
    expect(e.text.en).toBe(
      '7 working days from 24/01/2025 10:00; 25/01–02/02 off for Lunar New Year (Tết) → due 11/02/2025 10:00',
    );
    expect(e.skipped).toEqual([
      { from: '2025-01-25', to: '2025-02-02', name: 'Tết Nguyên đán', nameEn: 'Lunar New Year (Tết)' },
    ]);
  });
});

describe('working days', () => {
  it('the day itself and a holiday are classified', () => {
    expect(cal.isWorkingDay(2025, 1, 24)).toBe(true);
    expect(cal.isWorkingDay(2025, 1, 25)).toBe(false);
    expect(cal.isWorkingDay(2025, 3, 15)).toBe(false); // plain Saturday
    expect(cal.holidayName(2025, 3, 15)).toBeNull();
  });

  it('Friday + 1 working day is Monday at the same time', () => {
    expect(fmt(cal.addWorkingDays(at(2025, 3, 14, 10, 0), 1))).toBe('17/03/2025 10:00');
  });

  it('0 working days is the next working instant', () => {
    expect(cal.addWorkingDays(at(2025, 3, 12, 10, 0), 0)).toBe(at(2025, 3, 12, 10, 0));
    expect(fmt(cal.addWorkingDays(at(2025, 3, 16, 10, 0), 0))).toBe('17/03/2025 07:30');
  });

  it('an instant at lunch first moves to 13:00', () => {
    expect(fmt(cal.addWorkingDays(at(2025, 3, 12, 12, 0), 1))).toBe('13/03/2025 13:00');
  });

  it('an instant at 18:00 first moves to 07:30 the next working day', () => {
    expect(fmt(cal.addWorkingDays(at(2025, 3, 12, 18, 0), 1))).toBe('14/03/2025 07:30');
    expect(fmt(cal.addWorkingDays(at(2025, 3, 14, 18, 0), 1))).toBe('18/03/2025 07:30');
  });

  it('an instant on a Sunday first moves to Monday 07:30', () => {
    expect(fmt(cal.addWorkingDays(at(2025, 3, 16, 10, 0), 1))).toBe('18/03/2025 07:30');
  });

  it('skips a Sunday holiday and its compensatory Monday (Hùng Kings 2026)', () => {
    expect(fmt(cal.addWorkingDays(at(2026, 4, 24, 9, 0), 1))).toBe('28/04/2026 09:00');
  });

  it('counts the make-up Saturday 26/4/2025 with weekday hours, and skips 30/4–4/5', () => {
    expect(fmt(cal.addWorkingDays(at(2025, 4, 25, 15, 0), 1))).toBe('26/04/2025 15:00');
    expect(fmt(cal.addWorkingDays(at(2025, 4, 25, 9, 0), 2))).toBe('28/04/2025 09:00');
    expect(fmt(cal.addWorkingDays(at(2025, 4, 29, 14, 0), 1))).toBe('05/05/2025 14:00');
  });

  it('counts the make-up Saturdays 4/5/2024 and 10/1/2026', () => {
    expect(fmt(cal.addWorkingDays(at(2024, 5, 3, 10, 0), 1))).toBe('04/05/2024 10:00');
    expect(fmt(cal.addWorkingDays(at(2026, 1, 9, 10, 0), 1))).toBe('10/01/2026 10:00');
    expect(fmt(cal.addWorkingDays(at(2025, 12, 31, 10, 0), 1))).toBe('05/01/2026 10:00');
  });

  it('skips the 2024 Tết break including its compensatory days', () => {
    expect(fmt(cal.addWorkingDays(at(2024, 2, 7, 10, 0), 1))).toBe('15/02/2024 10:00');
  });

  it('rejects negative or fractional counts', () => {
    expect(() => cal.addWorkingDays(at(2025, 3, 12, 10, 0), -1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays(at(2025, 3, 12, 10, 0), 1.5)).toThrow(RangeError);
  });
});

describe('next working instant', () => {
  it.each([
    ['inside hours it is t itself', at(2025, 3, 12, 10, 0), '12/03/2025 10:00'],
    ['before opening → 07:30', at(2025, 3, 12, 6, 0), '12/03/2025 07:30'],
    ['lunch → 13:00', at(2025, 3, 12, 12, 0), '12/03/2025 13:00'],
    ['exactly 11:30 is already lunch', at(2025, 3, 12, 11, 30), '12/03/2025 13:00'],
    ['18:00 → next morning', at(2025, 3, 12, 18, 0), '13/03/2025 07:30'],
    ['Friday 17:00 → Monday', at(2025, 3, 14, 17, 0), '17/03/2025 07:30'],
    ['Sunday → Monday', at(2025, 3, 16, 10, 0), '17/03/2025 07:30'],
    ['eve of Tết → after Tết', at(2025, 1, 24, 17, 30), '03/02/2025 07:30'],
  ])('%s', (_name, t, expected) => {
    expect(fmt(cal.nextWorkingInstant(t))).toBe(expected);
  });
});

describe('working hours', () => {
  it('4 working hours from Friday 15:00 → Monday 09:30', () => {
    expect(fmt(cal.addWorkingHours(at(2025, 3, 14, 15, 0), 4))).toBe('17/03/2025 09:30');
  });

  it('a result exactly at the end of an interval is that end, not the next start', () => {
    expect(fmt(cal.addWorkingHours(at(2025, 3, 12, 9, 30), 2))).toBe('12/03/2025 11:30');
    expect(fmt(cal.addWorkingHours(at(2025, 3, 12, 7, 30), 8))).toBe('12/03/2025 17:00');
  });

  it('lunch is not consumed', () => {
    expect(fmt(cal.addWorkingHours(at(2025, 3, 12, 10, 30), 2))).toBe('12/03/2025 14:00');
    expect(fmt(cal.addWorkingHours(at(2025, 3, 12, 12, 0), 1))).toBe('12/03/2025 14:00');
  });

  it('Tết is not consumed', () => {
    expect(fmt(cal.addWorkingHours(at(2025, 1, 24, 16, 0), 2))).toBe('03/02/2025 08:30');
  });

  it('a compensatory day is not consumed; a make-up Saturday is', () => {
    expect(fmt(cal.addWorkingHours(at(2026, 4, 24, 16, 0), 2))).toBe('28/04/2026 08:30');
    expect(fmt(cal.addWorkingHours(at(2025, 4, 25, 16, 0), 2))).toBe('26/04/2025 08:30');
  });

  it('fractions of an hour and minutes', () => {
    expect(fmt(cal.addWorkingHours(at(2025, 3, 12, 11, 0), 1.5))).toBe('12/03/2025 14:00');
    expect(fmt(cal.addWorkingMinutes(at(2025, 3, 12, 11, 0), 45))).toBe('12/03/2025 13:15');
    expect(fmt(cal.addWorkingMinutes(at(2025, 3, 16, 10, 0), 0))).toBe('17/03/2025 07:30');
  });
});

describe('calendar days (Civil Code 2015 Art 147–148)', () => {
  it('the first day is not counted; the period ends at 24:00 of the n-th day', () => {
    const end = cal.addCalendarDays(at(2025, 3, 10, 15, 0), 3);
    expect(end).toBe(at(2025, 3, 14, 0, 0));
    expect(cal.describeEnd(end).vi).toBe('hết ngày 13/03/2025');
  });

  it('landing on a Sunday moves to the end of Monday', () => {
    const end = cal.addCalendarDays(at(2025, 3, 5, 10, 0), 4);
    expect(end).toBe(at(2025, 3, 11, 0, 0));
    expect(cal.describeEnd(end)).toEqual({ vi: 'hết ngày 10/03/2025', en: 'end of 10/03/2025' });
  });

  it('landing on a holiday moves past the whole break (30/4–4/5/2025 → end of 5/5)', () => {
    expect(cal.describeEnd(cal.addCalendarDays(at(2025, 4, 25, 9, 0), 5)).vi).toBe('hết ngày 05/05/2025');
  });

  it('a make-up Saturday is a working day, so the period can end on it', () => {
    expect(cal.describeEnd(cal.addCalendarDays(at(2025, 4, 21, 9, 0), 5)).vi).toBe('hết ngày 26/04/2025');
  });

  it('explains the shift and prints "hết ngày"', () => {
    const e = cal.explain(at(2025, 1, 31, 10, 0), 10, 'days');
    expect(e.text.vi).toBe(
      '10 ngày kể từ 31/01/2025 10:00 (không tính ngày đầu); 31/01–02/02 nghỉ Tết Nguyên đán → hạn hết ngày 10/02/2025',
    );
    const sunday = cal.explain(at(2025, 3, 5, 10, 0), 4, 'days');
    expect(sunday.text.vi).toBe(
      '4 ngày kể từ 05/03/2025 10:00 (không tính ngày đầu); ngày 09/03/2025 là ngày nghỉ → kết thúc vào ngày làm việc tiếp theo → hạn hết ngày 10/03/2025',
    );
    expect(sunday.text.en).toBe(
      '4 calendar days from 05/03/2025 10:00 (first day not counted); 09/03/2025 is not a working day → ends on the next working day → due end of 10/03/2025',
    );
    expect(sunday.skipped).toEqual([]);
  });
});

describe('an agency that also works Saturday morning', () => {
  it('Saturday morning is working time; Saturday afternoon is not', () => {
    expect(saturdayAgency.isWorkingDay(2025, 3, 15)).toBe(true);
    expect(fmt(saturdayAgency.nextWorkingInstant(at(2025, 3, 15, 12, 0)))).toBe('17/03/2025 07:30');
  });

  it('4 working hours from Friday 15:00 end Saturday 09:30', () => {
    expect(fmt(saturdayAgency.addWorkingHours(at(2025, 3, 14, 15, 0), 4))).toBe('15/03/2025 09:30');
  });

  it('a working day landing on Saturday keeps the time if open, else takes the close (11:30)', () => {
    expect(fmt(saturdayAgency.addWorkingDays(at(2025, 3, 14, 10, 0), 1))).toBe('15/03/2025 10:00');
    expect(fmt(saturdayAgency.addWorkingDays(at(2025, 3, 14, 14, 0), 1))).toBe('15/03/2025 11:30');
    expect(fmt(saturdayAgency.addWorkingDays(at(2025, 3, 15, 10, 0), 1))).toBe('17/03/2025 10:00');
  });

  it('holidays still close Saturday; a make-up Saturday is worked all day', () => {
    expect(saturdayAgency.isWorkingDay(2025, 1, 25)).toBe(false);
    expect(fmt(saturdayAgency.addWorkingDays(at(2025, 4, 25, 15, 0), 1))).toBe('26/04/2025 15:00');
  });

  it('the DESIGN example: Tết Saturdays are off for the agency too, Saturday 8/2 counts', () => {
    expect(fmt(saturdayAgency.addWorkingDays(at(2025, 1, 24, 10, 0), 7))).toBe('10/02/2025 10:00');
    expect(fmt(saturdayAgency.addWorkingDays(at(2025, 1, 24, 10, 0), 6))).toBe('08/02/2025 10:00');
  });

  it('a calendar-day period may end on its Saturday', () => {
    expect(saturdayAgency.describeEnd(saturdayAgency.addCalendarDays(at(2025, 3, 10, 10, 0), 5)).vi).toBe(
      'hết ngày 15/03/2025',
    );
  });

  it('rejects overlapping or out-of-range hours', () => {
    expect(() => new WorkingCalendar({ week: { mon: [[600, 700], [650, 800]] } })).toThrow(RangeError);
    expect(() => new WorkingCalendar({ week: { mon: [[600, 1500]] } })).toThrow(RangeError);
  });
});

describe('measuring spans', () => {
  it('working minutes between two instants skip lunch, nights, weekends and holidays', () => {
    expect(cal.workingMinutesBetween(at(2025, 3, 10, 7, 30), at(2025, 3, 10, 17, 0))).toBe(480);
    expect(cal.workingMinutesBetween(at(2025, 3, 14, 15, 0), at(2025, 3, 17, 9, 30))).toBe(240);
    expect(cal.workingMinutesBetween(at(2025, 1, 24, 16, 0), at(2025, 2, 3, 8, 0))).toBe(90);
    expect(cal.workingMinutesBetween(at(2025, 3, 17, 9, 30), at(2025, 3, 14, 15, 0))).toBe(-240);
  });

  it('a paused clock gets the paused working time back', () => {
    const start = at(2025, 1, 20, 9, 0);
    const pausedFrom = at(2025, 1, 21, 10, 0);
    const resumedAt = at(2025, 2, 4, 10, 0);
    const paused = cal.workingMinutesBetween(pausedFrom, resumedAt);
    const due = cal.addWorkingMinutes(cal.addWorkingDays(start, 3), paused);
    // 3 working days → 23/1 09:00; paused 21/1 10:00 → 4/2 10:00 spans Tết and is 5 working days.
    expect(paused).toBe(5 * 480);
    expect(fmt(due)).toBe('06/02/2025 09:00');
  });

  it('working days between: the DESIGN example is 7', () => {
    expect(cal.workingDaysBetween(at(2025, 1, 24, 10, 0), at(2025, 2, 11, 10, 0))).toBe(7);
    expect(cal.workingDaysBetween(at(2025, 2, 11, 10, 0), at(2025, 1, 24, 10, 0))).toBe(-7);
    expect(cal.workingDaysBetween(at(2025, 3, 14, 18, 0), at(2025, 3, 17, 8, 0))).toBe(0);
  });

  const instants = fc.integer({ min: at(2023, 12, 1, 0, 0), max: at(2026, 11, 30, 0, 0) });

  it('property: workingDaysBetween(t, addWorkingDays(t, n)) === n', () => {
    for (const c of [cal, saturdayAgency]) {
      fc.assert(
        fc.property(instants, fc.integer({ min: 0, max: 40 }), (t, n) => c.workingDaysBetween(t, c.addWorkingDays(t, n)) === n),
        { numRuns: 400 },
      );
    }
  });

  it('property: workingMinutesBetween(t, addWorkingMinutes(t, m)) === m', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 0, max: 20_000 }), (t, m) => {
        const tm = Math.floor(t / 60_000) * 60_000;
        return cal.workingMinutesBetween(tm, cal.addWorkingMinutes(tm, m)) === m;
      }),
      { numRuns: 400 },
    );
  });

  it('property: results of working-time arithmetic are working instants or interval ends', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 0, max: 30 }), (t, n) => {
        const due = cal.addWorkingDays(t, n);
        return cal.isWorkingInstant(due) || cal.isWorkingInstant(due - 1);
      }),
      { numRuns: 400 },
    );
  });
});

describe('explanations', () => {
  it('mention a make-up Saturday in the span and merge the 30/4–4/5 break', () => {
    const e = cal.explain(at(2025, 4, 24, 10, 0), 5, 'working_days');
    expect(e.text.vi).toBe(
      '5 ngày làm việc kể từ 24/04/2025 10:00; 26/04 là ngày làm bù; 30/04–04/05 nghỉ Ngày Giải phóng miền Nam và Quốc tế Lao động → hạn 05/05/2025 10:00',
    );
    expect(e.text.en).toBe(
      '5 working days from 24/04/2025 10:00; 26/04 is a make-up working day; 30/04–04/05 off for Reunification Day and Labour Day → due 05/05/2025 10:00',
    );
  });

  it('do not list ordinary weekends, and say when counting starts later', () => {
    const e = cal.explain(at(2025, 3, 14, 18, 0), 4, 'working_hours');
    expect(e.skipped).toEqual([]);
    expect(e.text.vi).toBe('4 giờ làm việc kể từ 14/03/2025 18:00 (tính từ 17/03/2025 07:30) → hạn 17/03/2025 11:30');
    expect(e.text.en).toBe(
      '4 working hours from 14/03/2025 18:00 (counted from 17/03/2025 07:30) → due 17/03/2025 11:30',
    );
  });

  it('bridge a plain weekend between two days of the same holiday (Hùng Kings 2026 Sun + Mon)', () => {
    const e = cal.explain(at(2026, 4, 24, 9, 0), 1, 'working_days');
    expect(e.skipped).toEqual([
      { from: '2026-04-26', to: '2026-04-27', name: 'Giỗ Tổ Hùng Vương', nameEn: "Hùng Kings' Commemoration Day" },
    ]);
    const derived = new WorkingCalendar({ builtInSchedules: false }).explain(at(2023, 8, 31, 9, 0), 2, 'working_days');
    // 2023 derived: Fri 1/9, Sat 2/9, (plain Sun 3/9), compensatory Mon 4/9 — one range.
    expect(derived.skipped.map((s) => [s.from, s.to, s.name])).toEqual([['2023-09-01', '2023-09-04', 'Quốc khánh']]);
  });
});

describe('performance', () => {
  it('addWorkingDays over 30 days costs microseconds once days are cached', () => {
    const t0 = at(2025, 1, 2, 9, 0);
    for (let i = 0; i < 1000; i++) cal.addWorkingDays(t0 + i * 3_600_000, 30);
    const n = 20_000;
    const started = performance.now();
    for (let i = 0; i < n; i++) cal.addWorkingDays(t0 + (i % 1000) * 3_600_000, 30);
    const perCallUs = ((performance.now() - started) * 1000) / n;
    expect(perCallUs).toBeLessThan(50);
  });
});

describe('add: a deadline of any unit', () => {
  it('counts each unit by its own rule from Friday 24/01/2025 10:00, just before Tết', () => {
    const t = at(2025, 1, 24, 10, 0);
    // 25/01–02/02 are Tết holidays and weekends: 3 working days are 03, 04 and 05/02.
    expect(formatLocal(cal.add(t, 3, 'working_days'))).toBe(formatLocal(cal.addWorkingDays(t, 3)));
    expect(formatLocal(cal.add(t, 3, 'working_days'))).toBe('05/02/2025 10:00');
    // 8 working hours from Friday 10:00: the rest of Friday, then Monday 03/02 after Tết.
    expect(formatLocal(cal.add(t, 8, 'working_hours'))).toBe(formatLocal(cal.addWorkingHours(t, 8)));
    expect(cal.add(t, 8, 'working_hours')).toBeGreaterThan(at(2025, 2, 3, 0, 0));
    expect(cal.add(t, 3, 'days')).toBe(cal.addCalendarDays(t, 3));
    // Calendar days count the weekend: from Friday 07/03, 3 days end before 3 working days do.
    const friday = at(2025, 3, 7, 10, 0);
    expect(cal.add(friday, 3, 'days')).toBeLessThan(cal.add(friday, 3, 'working_days'));
  });
  it('gives the due time explain() explains, for every unit', () => {
    const t = at(2025, 4, 25, 15, 30); // before Hùng Kings day (7/4) and 30/4–1/5
    for (const unit of ['working_days', 'working_hours', 'days'] as const) {
      expect(cal.explain(t, 5, unit).due).toBe(cal.add(t, 5, unit));
    }
  });
});
