// Deadline timers live in their dossier's row (migration 0006): `dossiers.timers` holds the
// pending ones as JSON and `dossiers.next_timer_at` the soonest of them, which the scheduler finds
// through a partial index. xstate's delayed events do not survive a restart; these do, and they
// change in the same revision-checked UPDATE as the action that plans them — no statement or
// table of their own to write. This module is pure: what is pending after a change of the clock
// or of the state, what is due, and the two columns that hold them.

import { decodeJson, encodeJson, type JsonText } from './json-text.ts';
import type { EpochMs } from './schema.ts';

export type TimerKind = 'due_soon' | 'overdue' | 'sla';

/** A pending timer: when it fires and the due time it watches (with the state, for an SLA). */
export interface PendingTimer {
  readonly kind: TimerKind;
  readonly fireAt: EpochMs;
  /**
   * The clock's due time (due_soon, overdue) or the state's SLA due time (sla). Null only in a
   * timer carried over from the `timers` table without one (migration 0006), which watches nothing
   * and so never acts.
   */
  readonly dueAt: EpochMs | null;
  /** sla: the state whose SLA it watches. */
  readonly state?: string;
}

/** What planning needs of a processing clock: whether it runs, and its due time. */
export interface ClockDue {
  readonly status: string;
  readonly dueAt?: EpochMs;
}

export interface TimerChange {
  /** The clock before and after the change. */
  readonly before: ClockDue;
  readonly after: ClockDue;
  /** A change of state: the state entered and when its SLA runs out (null: it has none). */
  readonly sla?: { readonly state: string; readonly dueAt: EpochMs | null };
  /** When to warn that `dueAt` is near (the procedure's `warn` before it); absent: no warning. */
  readonly warnAt?: (dueAt: EpochMs) => EpochMs;
  /** The instant of the change: a warning already late fires now, not in the past. */
  readonly now: EpochMs;
}

const runningDue = (c: ClockDue): EpochMs | undefined => (c.status === 'running' ? c.dueAt : undefined);

/**
 * The pending timers after a change. While the clock runs: an `overdue` timer at its due time and
 * a `due_soon` at the warning time (not before now); a change of the due time (start, pause,
 * resumption, restart, extension, stop) replaces both. A change of state replaces the `sla` timer
 * with one for the new state's SLA, if it has one. Returns `pending` itself when nothing changes,
 * so the caller writes neither column.
 */
export function replanTimers(pending: readonly PendingTimer[], change: TimerChange): readonly PendingTimer[] {
  const dueBefore = runningDue(change.before);
  const dueAfter = runningDue(change.after);
  const clockMoved = dueBefore !== dueAfter;
  if (!clockMoved && !change.sla) return pending;
  const replaced = (t: PendingTimer) => (t.kind === 'sla' ? change.sla !== undefined : clockMoved);
  const next = pending.filter((t) => !replaced(t));
  if (clockMoved && dueAfter !== undefined) {
    next.push({ kind: 'overdue', fireAt: dueAfter, dueAt: dueAfter });
    if (change.warnAt) next.push({ kind: 'due_soon', fireAt: Math.max(change.warnAt(dueAfter), change.now), dueAt: dueAfter });
  }
  if (change.sla && change.sla.dueAt !== null) next.push({ kind: 'sla', fireAt: change.sla.dueAt, dueAt: change.sla.dueAt, state: change.sla.state });
  // Soonest first (a stable sort: timers due at the same instant keep the order they were planned in).
  return next.sort((a, b) => a.fireAt - b.fireAt);
}

/** The timers due by `now` (soonest first), and the rest. */
export function dueTimers(pending: readonly PendingTimer[], now: EpochMs): { due: PendingTimer[]; rest: PendingTimer[] } {
  const due: PendingTimer[] = [];
  const rest: PendingTimer[] = [];
  for (const t of pending) (t.fireAt <= now ? due : rest).push(t);
  return { due, rest };
}

const KINDS: ReadonlySet<unknown> = new Set<TimerKind>(['due_soon', 'overdue', 'sla']);

/**
 * The pending timers as the row holds them (none when the column is NULL). Checked by hand rather
 * than by a zod schema, which showed in the profile of an officer's propose: every action that
 * changes a due time or a state reads them. Only the engine writes the column, so a malformed
 * entry means a database edited by hand and fails loudly — except a missing `dueAt` (a timer
 * carried over without one: see PendingTimer).
 */
export function pendingTimers(column: JsonText | null): PendingTimer[] {
  if (column === null) return [];
  const list: unknown = decodeJson(column);
  if (!Array.isArray(list)) throw new TypeError(`dossiers.timers: not a list: ${column}`);
  // The objects just parsed are this call's own: checked, and completed, in place.
  for (const x of list as Array<{ kind?: unknown; fireAt?: unknown; dueAt?: unknown; state?: unknown }>) {
    if (!KINDS.has(x?.kind) || typeof x.fireAt !== 'number' || (x.state !== undefined && typeof x.state !== 'string')) {
      throw new TypeError(`dossiers.timers: not a timer: ${JSON.stringify(x)}`);
    }
    if (typeof x.dueAt !== 'number') x.dueAt = null;
  }
  return list as PendingTimer[];
}

/** The row's columns for these pending timers: the JSON (NULL when none) and the soonest instant. */
export function timerColumns(pending: readonly PendingTimer[]): { timers: JsonText | null; next_timer_at: EpochMs | null } {
  if (pending.length === 0) return { timers: null, next_timer_at: null };
  let next = pending[0]!.fireAt;
  for (const t of pending) if (t.fireAt < next) next = t.fireAt;
  return { timers: encodeJson(pending), next_timer_at: next };
}
