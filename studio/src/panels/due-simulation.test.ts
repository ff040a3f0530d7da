import { formatLocal, localDateTime } from '@motcua/engine/calendar';
import type { IRState, IRWorkflow } from '@motcua/dsl';
import { describe, expect, it } from 'vitest';
import type { TimingView } from '../preview-model.ts';
import { clockStartState, mainPath, parseLocalInput, simulateDueDates } from './due-simulation.ts';

const st = (id: string, transitions: [string, string, boolean?][], extra: Partial<IRState> = {}): IRState => ({
  id,
  label: id,
  final: transitions.length === 0,
  pausesClock: false,
  transitions: transitions.map(([tid, target, receipt]) => ({
    id: tid,
    label: tid,
    target,
    inputs: [],
    effects: receipt ? [{ type: 'issue' as const, what: 'receipt' }] : [],
  })),
  ...extra,
});

const workflow: IRWorkflow = {
  initial: 'draft',
  states: [
    st('draft', [['submit', 'submitted']], { role: 'citizen' }),
    st('submitted', [['accept', 'processing', true], ['ask_supplement', 'supplementing'], ['refuse', 'refused']], { role: 'reception', sla: { amount: 4, unit: 'working_hours' } }),
    st('supplementing', [['resubmit', 'submitted']], { role: 'citizen', pausesClock: true }),
    st('processing', [['ask_supplement', 'supplementing'], ['propose', 'approval']], { role: 'specialist', sla: { amount: 5, unit: 'working_days' } }),
    st('approval', [['approve', 'done'], ['send_back', 'processing']], { role: 'leader', sla: { amount: 1, unit: 'working_days' } }),
    st('done', []),
    st('refused', []),
  ],
};

const timing = (amount: number): TimingView => ({
  deadline: { amount, unit: 'working_days', from: 'complete', fromLabel: { vi: '', en: '' }, basis: [] },
  extension: { declared: false },
});

const agencies = [{ id: 'cong_an_xa', calendar: 'national' as const }];

describe('due-date simulator', () => {
  it('reads the picker value as Vietnam local time', () => {
    expect(parseLocalInput('2025-01-24T10:00')).toBe(localDateTime(2025, 1, 24, 10, 0));
    expect(parseLocalInput('')).toBeUndefined();
  });

  it('starts the clock in the state the receipt leads to, and follows the path forward to the result', () => {
    expect(clockStartState(workflow, 'complete')).toBe('processing');
    expect(clockStartState(workflow, 'submission')).toBe('submitted');
    expect(clockStartState(workflow, 'approval')).toBe('approval');
    // The supplement loop pauses the clock: it is not the main path.
    expect(mainPath(workflow, 'processing')).toEqual(['processing', 'approval', 'done']);
  });

  it('carries the deadline over Tết: received Friday 24/01/2025 10:00, 7 working days → Tuesday 11/02/2025 10:00', () => {
    const sim = simulateDueDates(timing(7), workflow, agencies, 'cong_an_xa', localDateTime(2025, 1, 24, 10, 0));
    expect(formatLocal(sim.deadline!.due)).toBe('11/02/2025 10:00');
    expect(sim.days.some((d) => d.date === '2025-01-29' && /Tết/.test(d.name.vi))).toBe(true);
    expect(sim.days.every((d) => d.date >= '2025-01-24' && d.date <= '2025-02-11')).toBe(true);
  });

  it('chains the SLAs along the main path, each step using its whole time', () => {
    const sim = simulateDueDates(timing(7), workflow, agencies, 'cong_an_xa', localDateTime(2025, 1, 24, 10, 0));
    const byState = new Map(sim.steps.map((s) => [s.state, s]));
    // Processing: 5 working days after Friday 24/01 skip the Tết break → Friday 07/02 10:00.
    expect(formatLocal(byState.get('processing')!.end!)).toBe('07/02/2025 10:00');
    expect(byState.get('approval')!.enter).toBe(byState.get('processing')!.end);
    expect(formatLocal(byState.get('approval')!.end!)).toBe('10/02/2025 10:00');
    expect(sim.slasExceedDeadline).toBe(false);
    // Reception is before the clock starts: shown off the main path, as if entered at the start.
    expect(byState.get('submitted')).toMatchObject({ onMainPath: false });
    expect(formatLocal(byState.get('submitted')!.end!)).toBe('24/01/2025 15:30'); // 1.5 h morning + 2.5 h afternoon
  });

  it('warns when the steps cannot fit in the deadline', () => {
    const sim = simulateDueDates(timing(5), workflow, agencies, 'cong_an_xa', localDateTime(2025, 3, 3, 9, 0));
    expect(sim.slasExceedDeadline).toBe(true); // 5 + 1 working days of SLAs against 5 working days
  });

  it('lists the worked Saturday among the days of the span', () => {
    // 2 May 2025 was given off in exchange for working Saturday 26 April.
    const sim = simulateDueDates(timing(7), workflow, agencies, 'cong_an_xa', localDateTime(2025, 4, 25, 14, 0));
    expect(sim.days.find((d) => d.date === '2025-04-26')?.makeUp).toBe(true);
    expect(sim.days.some((d) => d.date === '2025-04-30' && !d.makeUp)).toBe(true);
    expect(formatLocal(sim.deadline!.due)).toBe('08/05/2025 14:00');
  });
});
