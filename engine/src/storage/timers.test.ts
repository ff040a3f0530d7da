// The deadline timers a dossier keeps in its row, as the clock and the state change: planned by a
// pure function of the timers pending, the clock before and after, the state entered and now.
import { describe, expect, it } from 'vitest';
import { localDateTime, nationalCalendar } from '../calendar/index.ts';
import { addDuration, extendClock, NOT_STARTED, pauseClock, restartClock, resumeClock, startClock, stopClock, subtractDuration, type ClockState, type Duration } from '../clock/processing-clock.ts';
import { dueTimers, pendingTimers, replanTimers, timerColumns, type PendingTimer, type TimerChange } from './timers.ts';

const cal = nationalCalendar();
const DEADLINE: Duration = { amount: 7, unit: 'working_days' };
const WARN: Duration = { amount: 1, unit: 'working_days' };
const SLA: Duration = { amount: 5, unit: 'working_days' };
const warnAt = (dueAt: number) => subtractDuration(cal, dueAt, WARN);
const at = (d: number, h = 9, mi = 0) => localDateTime(2025, 3, d, h, mi); // March 2025, Hà Nội

/** One change of a dossier: its clock from `before` to `after`, maybe a new state with an SLA. */
function change(pending: readonly PendingTimer[], before: ClockState, after: ClockState, now: number, sla?: TimerChange['sla']) {
  return replanTimers(pending, { before, after, now, warnAt, ...(sla ? { sla } : {}) });
}
const kinds = (list: readonly PendingTimer[]) => list.map((t) => t.kind);

describe('deadline timers kept in the dossier row', () => {
  const received = at(4); // Tuesday 04/03/2025 09:00: the complete dossier received, the clock starts
  const running = startClock(NOT_STARTED, received, DEADLINE, cal);
  const due = running.dueAt!;
  const slaDue = addDuration(cal, received, SLA);
  const accepted = change([], NOT_STARTED, running, received, { state: 'processing', dueAt: slaDue });

  it('plan a due-soon warning, the overdue mark and the state’s SLA when the clock starts, soonest first', () => {
    expect(due).toBe(at(13));
    expect(accepted).toEqual([
      { kind: 'due_soon', fireAt: at(12), dueAt: due },
      { kind: 'sla', fireAt: slaDue, dueAt: slaDue, state: 'processing' },
      { kind: 'overdue', fireAt: due, dueAt: due },
    ].sort((a, b) => a.fireAt - b.fireAt));
    expect(slaDue).toBe(at(11));
    expect(timerColumns(accepted).next_timer_at).toBe(slaDue);
  });

  it('warn now, not in the past, when the warning time has already gone by', () => {
    const late = at(12, 15);
    const planned = change([], NOT_STARTED, running, late);
    expect(planned).toEqual([
      { kind: 'due_soon', fireAt: late, dueAt: due },
      { kind: 'overdue', fireAt: due, dueAt: due },
    ]);
  });

  it('plan no warning for a procedure without `warn`', () => {
    expect(kinds(replanTimers([], { before: NOT_STARTED, after: running, now: received }))).toEqual(['overdue']);
  });

  it('drop the warning and the overdue mark while the clock is paused for a supplement, and plan them again from the new due time on resumption', () => {
    const asked = at(6);
    const paused = pauseClock(running, asked, cal);
    // Back with the citizen: a state without SLA.
    const waiting = change(accepted, running, paused, asked, { state: 'supplementing', dueAt: null });
    expect(waiting).toEqual([]);
    expect(timerColumns(waiting)).toEqual({ timers: null, next_timer_at: null });
    const back = at(10);
    const resumed = resumeClock(paused, back, cal);
    expect(resumed.dueAt).toBeGreaterThan(due);
    const planned = change(waiting, paused, resumed, back, { state: 'processing', dueAt: addDuration(cal, back, SLA) });
    expect(planned.filter((t) => t.kind !== 'sla')).toEqual([
      { kind: 'due_soon', fireAt: warnAt(resumed.dueAt!), dueAt: resumed.dueAt },
      { kind: 'overdue', fireAt: resumed.dueAt, dueAt: resumed.dueAt },
    ]);
  });

  it('plan again from the new due time when the clock restarts from zero', () => {
    const restarted = restartClock(running);
    expect(change(accepted, running, restarted, at(5), { state: 'submitted', dueAt: null })).toEqual([]);
    const again = startClock(restarted, at(7), DEADLINE, cal);
    const planned = change([], restarted, again, at(7));
    expect(planned.map((t) => [t.kind, t.dueAt])).toEqual([
      ['due_soon', again.dueAt],
      ['overdue', again.dueAt],
    ]);
    expect(again.dueAt).toBeGreaterThan(due);
  });

  it('move the warning and the overdue mark to the date the extension sets, the SLA staying', () => {
    const extended = extendClock(running, { at: at(10), newDueAt: at(18), reason: 'Chờ xác minh', by: 'chuyen-vien-1' }, cal);
    const planned = change(accepted, running, extended, at(10));
    expect(planned).toEqual([
      { kind: 'sla', fireAt: slaDue, dueAt: slaDue, state: 'processing' },
      { kind: 'due_soon', fireAt: at(17), dueAt: at(18) },
      { kind: 'overdue', fireAt: at(18), dueAt: at(18) },
    ]);
  });

  it('replace the SLA timer on a change of state, leaving the clock’s timers as they are', () => {
    const approvalDue = addDuration(cal, at(7), { amount: 1, unit: 'working_days' });
    const planned = change(accepted, running, running, at(7), { state: 'approval', dueAt: approvalDue });
    expect(planned.filter((t) => t.kind === 'sla')).toEqual([{ kind: 'sla', fireAt: approvalDue, dueAt: approvalDue, state: 'approval' }]);
    expect(planned.filter((t) => t.kind !== 'sla')).toEqual(accepted.filter((t) => t.kind !== 'sla'));
    // A state without SLA: none.
    expect(kinds(change(accepted, running, running, at(7), { state: 'no_sla', dueAt: null }))).toEqual(['due_soon', 'overdue']);
  });

  it('leave the timers untouched — the same list, nothing to write — when neither the due time nor the state changes', () => {
    expect(change(accepted, running, { ...running }, at(5))).toBe(accepted);
  });

  it('clear every timer in a final state', () => {
    const done = change(accepted, running, stopClock(running), at(7), { state: 'done', dueAt: null });
    expect(done).toEqual([]);
    expect(timerColumns(done)).toEqual({ timers: null, next_timer_at: null });
  });

  it('read back as written, and split into the due and the rest', () => {
    const { timers, next_timer_at } = timerColumns(accepted);
    expect(pendingTimers(timers)).toEqual(accepted);
    expect(pendingTimers(null)).toEqual([]);
    expect(next_timer_at).toBe(Math.min(...accepted.map((t) => t.fireAt)));
    const { due: firing, rest } = dueTimers(accepted, at(12));
    expect(kinds(firing)).toEqual(['sla', 'due_soon']);
    expect(kinds(rest)).toEqual(['overdue']);
    expect(timerColumns(rest).next_timer_at).toBe(due);
  });
});
