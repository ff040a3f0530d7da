import { describe, expect, it } from 'vitest';
import { rebaseInputs, type ScenarioInputs } from './flows.ts';

describe('rebaseInputs: a scenario lived on the real clock keeps the meaning of its dates', () => {
  const inputs: ScenarioInputs = {
    channel: 'online',
    citizen: '001099012345',
    form: { purpose: 'work', until_date: '2026-06-30', moved_in: '2025-02-28 08:30', count: 2, note: '2025-03-03 is not a date field' },
    at: '2025-03-03T09:15',
  };

  it('shifts every date by the days between the first action and today, across month and year ends', () => {
    const r = rebaseInputs(inputs, '2026-11-21');
    // 2025-03-03 → 2026-11-21 is 628 days: 2026-06-30 + 628 days = 2028-03-19 (2028 is a leap year).
    expect(r.form['until_date']).toBe('2028-03-19');
    expect(r.form['moved_in']).toBe('2026-11-18 08:30');
    expect(r.at).toBe('2026-11-21T09:15');
  });

  it('leaves other values alone and the scenario as it was when today is its own day', () => {
    const r = rebaseInputs(inputs, '2026-11-21');
    expect(r.form['count']).toBe(2);
    expect(r.form['note']).toBe('2025-03-03 is not a date field');
    expect(r.form['purpose']).toBe('work');
    expect(rebaseInputs(inputs, '2025-03-03')).toEqual(inputs);
  });
});
