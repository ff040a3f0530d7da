import { describe, expect, it } from 'vitest';
import { lunarToSolar, solarToLunar, tetDate } from './lunar.ts';

const iso = (d: { year: number; month: number; day: number }): string =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

describe('Tết (1/1 lunar) is computed for Vietnam, UTC+7', () => {
  const VIETNAM_TET: Record<number, string> = {
    2020: '2020-01-25',
    2021: '2021-02-12',
    2022: '2022-02-01',
    2023: '2023-01-22',
    2024: '2024-02-10',
    2025: '2025-01-29',
    2026: '2026-02-17',
    2027: '2027-02-06',
    2028: '2028-01-26',
    2029: '2029-02-13',
    // The new moon falls at 23:08 in Hanoi on 2/2 but 00:08 on 3/2 in Beijing: Vietnam celebrates a day earlier.
    2030: '2030-02-02',
  };
  for (const [year, date] of Object.entries(VIETNAM_TET)) {
    it(`Tết ${year} is ${date}`, () => {
      expect(iso(tetDate(Number(year)))).toBe(date);
      const [y, m, d] = date.split('-').map(Number) as [number, number, number];
      expect(solarToLunar(y, m, d)).toEqual({ day: 1, month: 1, year: Number(year), leap: false });
    });
  }

  it('1985 differs from China: Vietnam 21/1, China 20/2', () => {
    expect(iso(tetDate(1985))).toBe('1985-01-21');
    expect(iso(tetDate(1985, 8))).toBe('1985-02-20');
  });

  it('2030 differs from China by one day: Vietnam 2/2, China 3/2', () => {
    expect(iso(tetDate(2030, 8))).toBe('2030-02-03');
  });

  it('2007 differs from China by one day: Vietnam 17/2, China 18/2', () => {
    expect(iso(tetDate(2007))).toBe('2007-02-17');
    expect(iso(tetDate(2007, 8))).toBe('2007-02-18');
  });
});

describe('Hùng Kings day (10/3 lunar)', () => {
  it.each([
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])('%i → %s', (year, date) => {
    expect(iso(lunarToSolar(10, 3, year))).toBe(date);
  });
});

describe('leap months', () => {
  it('2023 has a leap 2nd month starting 22/3/2023', () => {
    expect(iso(lunarToSolar(1, 2, 2023, true))).toBe('2023-03-22');
    expect(solarToLunar(2023, 3, 22)).toEqual({ day: 1, month: 2, year: 2023, leap: true });
    expect(solarToLunar(2023, 2, 20)).toEqual({ day: 1, month: 2, year: 2023, leap: false });
  });

  it('2025 has a leap 6th month starting 25/7/2025', () => {
    expect(iso(lunarToSolar(1, 6, 2025, true))).toBe('2025-07-25');
    expect(solarToLunar(2025, 7, 25).leap).toBe(true);
  });

  it('a leap month the year does not have is an error, not a silent shift', () => {
    expect(() => lunarToSolar(1, 3, 2023, true)).toThrow(RangeError);
    expect(() => lunarToSolar(1, 1, 2024, true)).toThrow(RangeError);
  });

  it('day 30 of a 29-day month is an error', () => {
    // Tháng Chạp Giáp Thìn had 29 days: 28/1/2025 was 29 Chạp, 29/1/2025 Tết.
    expect(solarToLunar(2025, 1, 28)).toEqual({ day: 29, month: 12, year: 2024, leap: false });
    expect(() => lunarToSolar(30, 12, 2024)).toThrow(RangeError);
    // Tháng Chạp Quý Mão had 30 days: 9/2/2024 was 30 Chạp.
    expect(iso(lunarToSolar(30, 12, 2023))).toBe('2024-02-09');
  });
});

describe('round trip', () => {
  it('solar → lunar → solar is the identity for every day 1990–2040', () => {
    const start = Date.UTC(1990, 0, 1);
    const end = Date.UTC(2040, 11, 31);
    for (let t = start; t <= end; t += 86_400_000) {
      const d = new Date(t);
      const solar = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
      const l = solarToLunar(solar.year, solar.month, solar.day);
      const back = lunarToSolar(l.day, l.month, l.year, l.leap);
      if (back.year !== solar.year || back.month !== solar.month || back.day !== solar.day) {
        expect({ solar, lunar: l, back }).toBeNull();
      }
    }
  });
});
