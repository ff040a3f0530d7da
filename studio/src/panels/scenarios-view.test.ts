import { describe, expect, it } from 'vitest';
import type { ScenarioOutcome } from '../api.ts';
import { scenarioOutcomes } from './scenarios-view.ts';

const outcome = (procedure: string, scenario: string, passed: boolean, vi = ''): ScenarioOutcome => ({
  procedure,
  scenario,
  passed,
  failures: passed ? [] : [{ message: { vi, en: vi } }],
});

describe('the outcomes of a scenario run, for the panel', () => {
  const p = { id: 'dang_ky_thuong_tru', scenarios: [{ id: 'online_owner', label: 'Trực tuyến' }, { id: 'tenant', label: 'Thuê nhà' }] };

  it('puts each outcome with its scenario, and keeps another procedure’s apart', () => {
    const { byScenario, others } = scenarioOutcomes(p, {
      results: [outcome('dang_ky_thuong_tru', 'online_owner', true), outcome('dang_ky_thuong_tru', 'tenant', false, 'Phí: cần 20000, được 25000'), outcome('khac', 'x', false)],
    });
    expect([...byScenario.keys()]).toEqual(['online_owner', 'tenant']);
    expect(others).toEqual([]);
  });

  it('keeps the failures that belong to no listed scenario: the procedure that did not compile, a scenario since removed', () => {
    const broken = outcome('dang_ky_thuong_tru', '', false, 'Thủ tục có lỗi: Không mong đợi `requird` ở đây');
    const removed = outcome('dang_ky_thuong_tru', 'old_one', false, 'Hạn: cần 2025-02-11');
    const { byScenario, others } = scenarioOutcomes(p, { results: [broken, removed, outcome('dang_ky_thuong_tru', 'passed_old', true)] });
    expect(byScenario.size).toBe(0);
    expect(others).toEqual([broken, removed]);
  });

  it('has nothing before a run', () => {
    expect(scenarioOutcomes(p, undefined)).toEqual({ byScenario: new Map(), others: [] });
  });
});
