import { describe, expect, it } from 'vitest';
import { holidaysForYear, nationalDayAdjacent, type ScheduleEntry } from './holidays.ts';
import { isoDate } from './local-time.ts';
import { ANNOUNCED_SCHEDULES } from './schedules.ts';
import { WorkingCalendar } from './working-calendar.ts';

const cal = new WorkingCalendar();
const lawOnly = new WorkingCalendar({ builtInSchedules: false });
const ymd = (iso: string): [number, number, number] => iso.split('-').map(Number) as [number, number, number];
const off = (c: WorkingCalendar, iso: string): boolean => !c.isWorkingDay(...ymd(iso));
const range = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};

describe('announced schedules are data with their legal source', () => {
  it('every entry names its source and says whether it is confirmed', () => {
    for (const e of ANNOUNCED_SCHEDULES) {
      expect(e.source.length).toBeGreaterThan(10);
      expect(typeof e.confirmed).toBe('boolean');
    }
  });

  it('the only unconfirmed entry is Quốc khánh 2026, which follows the derived rule', () => {
    const unconfirmed = ANNOUNCED_SCHEDULES.filter((e) => !e.confirmed);
    expect(unconfirmed.map((e) => `${e.year}:${e.occasion}`)).toEqual(['2026:national_day']);
    expect(unconfirmed[0]?.off).toEqual({ from: '2026-09-01', to: '2026-09-02' });
  });
});

describe('2024 as announced', () => {
  it('1/1 off', () => expect(cal.holidayName(2024, 1, 1)).toBe('Tết Dương lịch'));
  it('Tết 8/2–14/2 off, 15/2 back to work', () => {
    for (const d of range('2024-02-08', '2024-02-14')) expect(off(cal, d)).toBe(true);
    expect(off(cal, '2024-02-07')).toBe(false);
    expect(off(cal, '2024-02-15')).toBe(false);
    expect(cal.holidayName(2024, 2, 14)).toBe('Nghỉ bù Tết Nguyên đán');
  });
  it('Hùng Kings 18/4', () => expect(cal.holidayName(2024, 4, 18)).toBe('Giỗ Tổ Hùng Vương'));
  it('27/4–1/5 off, Monday 29/4 swapped, Saturday 4/5 worked', () => {
    for (const d of range('2024-04-27', '2024-05-01')) expect(off(cal, d)).toBe(true);
    expect(cal.holidayName(2024, 4, 29)).toBe('Nghỉ hoán đổi');
    expect(cal.isWorkingDay(2024, 5, 4)).toBe(true);
    expect(cal.dayInfo(2024, 5, 4).makeUp?.swappedFor).toBe('2024-04-29');
  });
  it('31/8–3/9 off', () => {
    for (const d of range('2024-08-31', '2024-09-03')) expect(off(cal, d)).toBe(true);
    expect(off(cal, '2024-09-04')).toBe(false);
  });
});

describe('2025 as announced', () => {
  it('1/1 off', () => expect(off(cal, '2025-01-01')).toBe(true));
  it('Tết 25/1–2/2, nine days, no make-up day', () => {
    for (const d of range('2025-01-25', '2025-02-02')) {
      expect(off(cal, d)).toBe(true);
      expect(cal.holidayName(...ymd(d))).toBe('Tết Nguyên đán');
    }
    expect(off(cal, '2025-01-24')).toBe(false);
    expect(off(cal, '2025-02-03')).toBe(false);
    expect(holidaysForYear(2025).makeUpDays.map((m) => m.date)).toEqual(['2025-04-26']);
  });
  it('Hùng Kings 7/4', () => expect(cal.holidayName(2025, 4, 7)).toBe('Giỗ Tổ Hùng Vương'));
  it('30/4–4/5 off; 2/5 is not a working day; Saturday 26/4 is', () => {
    for (const d of range('2025-04-30', '2025-05-04')) expect(off(cal, d)).toBe(true);
    expect(cal.holidayName(2025, 4, 30)).toBe('Ngày Giải phóng miền Nam');
    expect(cal.holidayName(2025, 5, 1)).toBe('Quốc tế Lao động');
    expect(cal.isWorkingDay(2025, 5, 2)).toBe(false);
    expect(cal.isWorkingDay(2025, 4, 26)).toBe(true);
    expect(cal.holidayName(2025, 4, 26)).toBeNull();
  });
  it('30/8–2/9 off', () => {
    for (const d of range('2025-08-30', '2025-09-02')) expect(off(cal, d)).toBe(true);
    expect(cal.holidayName(2025, 9, 2)).toBe('Quốc khánh');
    expect(off(cal, '2025-09-03')).toBe(false);
  });
});

describe('2026 as announced', () => {
  it('1/1–4/1 off, Friday 2/1 swapped, Saturday 10/1 worked', () => {
    for (const d of range('2026-01-01', '2026-01-04')) expect(off(cal, d)).toBe(true);
    expect(cal.holidayName(2026, 1, 2)).toBe('Nghỉ hoán đổi');
    expect(cal.isWorkingDay(2026, 1, 10)).toBe(true);
    expect(off(cal, '2026-01-05')).toBe(false);
  });
  it('Tết 14/2–22/2, nine days', () => {
    for (const d of range('2026-02-14', '2026-02-22')) expect(off(cal, d)).toBe(true);
    expect(off(cal, '2026-02-13')).toBe(false);
    expect(off(cal, '2026-02-23')).toBe(false);
  });
  it('Hùng Kings on Sunday 26/4, compensatory Monday 27/4', () => {
    expect(cal.holidayName(2026, 4, 26)).toBe('Giỗ Tổ Hùng Vương');
    expect(cal.holidayName(2026, 4, 27)).toBe('Nghỉ bù Giỗ Tổ Hùng Vương');
    expect(cal.isWorkingDay(2026, 4, 28)).toBe(true);
  });
  it('30/4 and 1/5 (Thursday, Friday) off', () => {
    expect(off(cal, '2026-04-30')).toBe(true);
    expect(off(cal, '2026-05-01')).toBe(true);
    expect(off(cal, '2026-05-04')).toBe(false);
  });
  it('Quốc khánh 1/9–2/9 (unconfirmed, derived)', () => {
    expect(off(cal, '2026-09-01')).toBe(true);
    expect(off(cal, '2026-09-02')).toBe(true);
    expect(off(cal, '2026-09-03')).toBe(false);
  });
});

describe('derived rules (Labour Code 2019 Art 112) when nothing is announced', () => {
  it('Tết is the last day of the lunar year and the first four days, plus compensatory days', () => {
    // 2027: Tết Saturday 6/2; 5/2 is 30 Chạp. Sat 6 and Sun 7 earn Wed 10 and Thu 11.
    const tet = holidaysForYear(2027).daysOff.filter((h) => h.occasion === 'tet');
    expect(tet.map((h) => h.date)).toEqual(range('2027-02-05', '2027-02-11'));
    expect(tet.filter((h) => h.compensatory).map((h) => h.date)).toEqual(['2027-02-10', '2027-02-11']);
  });

  it('the derived 2026 Tết matches the announced five weekdays', () => {
    const derived = holidaysForYear(2026, []).daysOff.filter((h) => h.occasion === 'tet').map((h) => h.date);
    expect(derived).toEqual(range('2026-02-16', '2026-02-20'));
  });

  it('a holiday on a weekend gives the next weekday off (1/5/2027 is a Saturday → Monday 3/5)', () => {
    expect(off(cal, '2027-05-03')).toBe(true);
    expect(cal.holidayName(2027, 5, 3)).toBe('Nghỉ bù Quốc tế Lao động');
  });

  it('without announcements, 2025 Tết is 28/1–1/2 with Monday 3/2 compensatory', () => {
    for (const d of range('2025-01-28', '2025-02-01')) expect(lawOnly.holidayName(...ymd(d))).toBe('Tết Nguyên đán');
    expect(lawOnly.holidayName(2025, 2, 3)).toBe('Nghỉ bù Tết Nguyên đán');
    expect(lawOnly.isWorkingDay(2025, 1, 27)).toBe(true);
    expect(lawOnly.isWorkingDay(2025, 4, 26)).toBe(false);
  });

  it.each([
    [2024, '2024-09-03'], // Monday → Tuesday 3/9
    [2025, '2025-09-01'], // Tuesday → Monday 1/9
    [2026, '2026-09-01'], // Wednesday → 1/9
    [2021, '2021-09-03'], // Thursday → Friday 3/9
    [2022, '2022-09-01'], // Friday → Thursday 1/9
    [2023, '2023-09-01'], // Saturday → Friday 1/9
    [2018, '2018-09-03'], // Sunday → Monday 3/9 (and the Sunday itself earns Tuesday 4/9)
  ])('Quốc khánh %i: the adjacent day is %s', (year, date) => {
    expect(isoDate(nationalDayAdjacent(year))).toBe(date);
  });

  it('2/9 on a Sunday (2018): Monday 3/9 and compensatory Tuesday 4/9', () => {
    const qk = holidaysForYear(2018, []).daysOff.filter((h) => h.occasion === 'national_day').map((h) => h.date);
    expect(qk).toEqual(['2018-09-02', '2018-09-03', '2018-09-04']);
  });

  it('2/9 on a Saturday (2023): Friday 1/9 and compensatory Monday 4/9', () => {
    const qk = holidaysForYear(2023, []).daysOff.filter((h) => h.occasion === 'national_day').map((h) => h.date);
    expect(qk).toEqual(['2023-09-01', '2023-09-02', '2023-09-04']);
  });
});

describe('the schedule is overridable per calendar', () => {
  it('adds a day off', () => {
    const local: ScheduleEntry = {
      year: 2025,
      occasion: 'other',
      label: 'Nghỉ lễ địa phương',
      off: { from: '2025-03-12', to: '2025-03-12' },
      source: 'Quyết định của UBND tỉnh (ví dụ)',
      confirmed: true,
    };
    const c = new WorkingCalendar({ schedules: [local] });
    expect(c.isWorkingDay(2025, 3, 12)).toBe(false);
    expect(c.holidayName(2025, 3, 12)).toBe('Nghỉ lễ địa phương');
    expect(cal.isWorkingDay(2025, 3, 12)).toBe(true);
  });

  it('removes a day off', () => {
    const c = new WorkingCalendar({
      schedules: [{ year: 2025, occasion: 'other', notOff: ['2025-09-01'], source: 'ví dụ', confirmed: true }],
    });
    expect(c.isWorkingDay(2025, 9, 1)).toBe(true);
    expect(c.isWorkingDay(2025, 9, 2)).toBe(false);
  });

  it('adds a make-up working Saturday', () => {
    const c = new WorkingCalendar({
      schedules: [{ year: 2025, occasion: 'other', makeUp: [{ date: '2025-03-15' }], source: 'ví dụ', confirmed: true }],
    });
    expect(c.isWorkingDay(2025, 3, 15)).toBe(true);
    expect(c.dayInfo(2025, 3, 15).intervals).toEqual(c.week.mon);
  });

  it('a later announcement replaces the built-in one for its occasion, with nothing left over', () => {
    const c = new WorkingCalendar({
      schedules: [
        {
          year: 2026,
          occasion: 'national_day',
          off: { from: '2026-08-29', to: '2026-09-02' },
          dayNames: { '2026-08-31': 'Nghỉ hoán đổi' },
          makeUp: [{ date: '2026-08-22', swappedFor: '2026-08-31' }],
          source: 'giả định cho kiểm thử',
          confirmed: true,
        },
      ],
    });
    expect(c.isWorkingDay(2026, 8, 31)).toBe(false);
    expect(c.isWorkingDay(2026, 8, 22)).toBe(true);
    expect(c.isWorkingDay(2026, 9, 3)).toBe(true);
    expect(c.holidays(2026).daysOff.filter((h) => h.occasion === 'national_day').map((h) => h.date)).toEqual(
      range('2026-08-29', '2026-09-02'),
    );
  });
});
