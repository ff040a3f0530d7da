// Deadline timers live in the database (xstate's delayed events do not survive a restart).
// Workers lease due timers, act, and mark each fired exactly once in the transaction that acts.

import type { Kysely, Transaction } from 'kysely';
import { insertRows, statement } from './compiled.ts';
import type { JsonText } from './json-text.ts';
import { dialectOf } from './open-database.ts';
import type { Database, EpochMs, TimerKind, TimerRow } from './schema.ts';

export interface NewTimer {
  dossier_id: string;
  kind: TimerKind;
  fire_at: EpochMs;
  payload?: JsonText | null;
}

export const DEFAULT_TIMER_LEASE_MS = 60_000;

export async function scheduleTimer(trx: Kysely<Database>, timer: NewTimer): Promise<TimerRow> {
  return trx
    .insertInto('timers')
    .values({ ...timer, payload: timer.payload ?? null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Schedules several timers in one statement. */
export async function scheduleTimers(trx: Kysely<Database>, timers: readonly NewTimer[]): Promise<void> {
  await insertTimers.execute(trx, timers.map((t) => ({ ...t, payload: t.payload ?? null })));
}

const insertTimers = insertRows('timers', ['dossier_id', 'kind', 'fire_at', 'payload']);

/**
 * Moves the dossier's pending SLA timer to a new time and payload (the new state), dropping any
 * lease on it so that a worker that claimed the old timer cannot fire the moved one; returns
 * whether there was one to move. One statement instead of a delete and an insert.
 */
export async function moveSlaTimer(trx: Kysely<Database>, dossierId: string, fireAt: EpochMs, payload: JsonText): Promise<boolean> {
  const { numAffectedRows } = await updateSlaTimer.execute(trx, { dossierId, fireAt, payload });
  return Number(numAffectedRows ?? 0n) > 0;
}

const updateSlaTimer = statement<{ dossierId: string; fireAt: EpochMs; payload: JsonText }>((db, p) =>
  db
    .updateTable('timers')
    .set({ fire_at: p.fireAt, payload: p.payload, claimed_by: null, claimed_until: null })
    .where('dossier_id', '=', p.dossierId)
    .where('kind', '=', 'sla')
    .where('fired_at', 'is', null),
);

/** Drops the dossier's timers that have not fired (e.g. the clock restarted); returns how many. */
export async function cancelTimers(
  trx: Kysely<Database>,
  dossierId: string,
  kinds?: readonly TimerKind[],
): Promise<number> {
  const params: Record<string, unknown> = { dossierId };
  kinds?.forEach((k, i) => (params[`kind${i}`] = k));
  const { numAffectedRows } = await deleteTimers.execute(trx, params, kinds ? kinds.length : 'all');
  return Number(numAffectedRows);
}

/** The dossier's pending timers, of the given kinds (the shape: how many kinds) or of all ('all'). */
const deleteTimers = statement<Record<string, unknown>>((db, p, kinds) => {
  const query = db.deleteFrom('timers').where('dossier_id', '=', p['dossierId'] as string).where('fired_at', 'is', null);
  return kinds === 'all' ? query : query.where('kind', 'in', Array.from({ length: Number(kinds) }, (_, i) => p[`kind${i}`] as TimerKind));
});

/**
 * Leases up to `limit` due timers to `workerId` until `now + leaseMs`, soonest first. Each timer
 * goes to one worker: on PostgreSQL the candidates are locked FOR UPDATE SKIP LOCKED, so
 * concurrent workers take disjoint sets instead of queueing on each other's rows; on SQLite the
 * statement runs under the database write lock. A lease that runs out (the worker died) makes
 * the timer claimable again. Claiming does not fire: see `fireTimer`.
 */
export async function claimDueTimers(
  db: Kysely<Database>,
  now: EpochMs,
  workerId: string,
  limit: number,
  leaseMs: number = DEFAULT_TIMER_LEASE_MS,
): Promise<TimerRow[]> {
  let candidates = db
    .selectFrom('timers')
    .select('id')
    .where('fired_at', 'is', null)
    .where('fire_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
    .orderBy('fire_at')
    .orderBy('id')
    .limit(limit);
  if (dialectOf(db) === 'postgres') candidates = candidates.forUpdate().skipLocked();
  const claimed = await db
    .updateTable('timers')
    .set({ claimed_by: workerId, claimed_until: now + leaseMs })
    .where('id', 'in', candidates)
    // Repeated so PostgreSQL re-checks them on a row another worker changed meanwhile.
    .where('fired_at', 'is', null)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
    .returningAll()
    .execute();
  return claimed.sort((a, b) => a.fire_at - b.fire_at || a.id - b.id);
}

/**
 * Marks a claimed timer fired. Call it first in the transaction that acts on the timer and act
 * only if it returns true: false means the timer already fired or the lease passed to another
 * worker, and this worker must leave it alone. Because the mark commits with the action, a timer
 * is acted on exactly once even when a worker dies between claim and action.
 */
export async function fireTimer(
  trx: Transaction<Database>,
  timerId: number,
  workerId: string,
  at: EpochMs,
): Promise<boolean> {
  const { numUpdatedRows } = await trx
    .updateTable('timers')
    .set({ fired_at: at })
    .where('id', '=', timerId)
    .where('claimed_by', '=', workerId)
    .where('fired_at', 'is', null)
    .executeTakeFirst();
  return numUpdatedRows === 1n;
}
