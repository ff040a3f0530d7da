// The two list queries officers and workers run over all dossiers: an agency's queue (soonest
// due first) and the dossiers coming due. Both read in index order and stop after the page, so
// their cost depends on the page, not on how many dossiers the database holds
// (bench/queue-million.bench.ts measures them over 1,000,000 rows). A queue filtered by procedure
// also reads, on the way, the other procedures' dossiers in the same states (`procedureId`).
//
// Ordering by `due_at` with the dossiers that have no due time LAST, on both dialects:
// - PostgreSQL's B-tree keeps NULLs last in ascending order, so the index order is the answer.
// - SQLite keeps NULLs first; for `ORDER BY due_at NULLS LAST` it still reads the index, in two
//   passes (the non-NULL range, then the NULLs), as long as nothing else is in the way. What
//   would be in the way: sorting by an expression (`due_at IS NULL, due_at` makes SQLite sort
//   every matching row in a temporary B-tree), a tie-break the index does not hold (`id` after a
//   3-column index sorts each group of equal due times, and all the NULLs are one group), or
//   `state IN (…)`, which reads several index ranges whose union is not in order.
// Hence the index dossiers_queue_idx (agency, state, due_at, id) of migration 0003, and one
// UNION ALL arm per state: each arm is one index range already in (due_at NULLS LAST, id) order,
// and both databases merge the arms (SQLite: MERGE (UNION ALL); PostgreSQL: Merge Append),
// reading only as many entries of each as the page needs. The due-soon scan reads
// dossiers_due_idx (due_at, id) WHERE due_at IS NOT NULL from `now` on.
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../storage/open-database.ts';
import type { Database, EpochMs } from '../storage/schema.ts';

/** What a list shows of a dossier (the form, snapshot and clock stay out: they are the heavy columns). */
export const QUEUE_COLUMNS = [
  'id',
  'code',
  'procedure_id',
  'definition_version',
  'agency',
  'citizen_id',
  'state',
  'channel',
  'revision',
  'due_at',
  'state_due_at',
  'submitted_at',
  'received_at',
  'created_at',
  'updated_at',
] as const;

export interface QueueItem {
  readonly id: string;
  readonly code: string | null;
  readonly procedure_id: string;
  readonly definition_version: number;
  readonly agency: string;
  readonly citizen_id: string;
  readonly state: string;
  readonly channel: string;
  readonly revision: number;
  readonly due_at: EpochMs | null;
  readonly state_due_at: EpochMs | null;
  readonly submitted_at: EpochMs | null;
  readonly received_at: EpochMs | null;
  readonly created_at: EpochMs;
  readonly updated_at: EpochMs;
}

export interface OfficerQueueOptions {
  readonly agency: string;
  /** The states of the officer's role; all the agency's states when left out. */
  readonly states?: readonly string[];
  /**
   * Only this procedure's dossiers. Not in the index: a residual test on each entry's row, so a
   * filtered page reads index entries (and their rows) until it has its dossiers — few for a
   * procedure common in the states, all of the states' for one with no dossier there.
   */
  readonly procedureId?: string;
  /** Page size (default 50). */
  readonly limit?: number;
  /** Rows to skip (default 0). Deep pages cost in proportion to the offset. */
  readonly offset?: number;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, not ${value}`);
  return value;
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number ≥ 0, not ${value}`);
  return value;
}

/**
 * The query of one queue page, for explaining it (EXPLAIN QUERY PLAN) or running it: the
 * agency's dossiers in `states` (at least one), soonest due first, those without a due time
 * last, ties by id so pages neither overlap nor skip.
 *
 * The page's keys come from the index alone (`id`, `due_at`: a covering read, no table row
 * touched), then the page's 50 rows by primary key. Skipping `offset` rows therefore walks index
 * entries only: an offset of 10,000 costs a few milliseconds instead of 10,000 row reads. With
 * `procedureId`, each entry read also reads its row, for the procedure.
 */
export function officerQueueQuery(db: Kysely<Database>, options: OfficerQueueOptions & { readonly states: readonly string[] }) {
  const limit = positiveInteger('limit', options.limit ?? 50);
  const offset = nonNegativeInteger('offset', options.offset ?? 0);
  const states = [...new Set(options.states)].sort();
  if (states.length === 0) throw new RangeError('officerQueueQuery: at least one state');
  const { agency, procedureId } = options;
  // With a procedure, each arm still reads its index range in order; the procedure is tested on
  // the row of each entry (no longer a covering read), so the arms stay merged, not sorted.
  const plainArm = (state: string) => {
    const arm = db.selectFrom('dossiers').select(['id', 'due_at']).where('agency', '=', agency).where('state', '=', state);
    return procedureId === undefined ? arm : arm.where('procedure_id', '=', procedureId);
  };
  // PostgreSQL merges the arms only when each is its own ordered, limited subquery (it does not
  // see through a bare arm's `state = …` to the index order); SQLite merges bare arms, and a
  // limit inside an arm would make it sort that arm (offset + limit rows) instead.
  const arm =
    dialectOf(db) === 'postgres'
      ? (state: string, i: number) =>
          db
            .selectFrom(
              plainArm(state)
                .orderBy('due_at', (ob) => ob.asc().nullsLast())
                .orderBy('id')
                .limit(offset + limit)
                .as(`s${i}`),
            )
            .select([`s${i}.id` as 'id', `s${i}.due_at` as 'due_at']) as unknown as ReturnType<typeof plainArm>
      : plainArm;
  let arms = arm(states[0]!, 0);
  for (const [i, state] of states.slice(1).entries()) arms = arms.unionAll(arm(state, i + 1));
  const page = db
    .selectFrom(arms.as('u'))
    .select(['u.id', 'u.due_at'])
    .orderBy('u.due_at', (ob) => ob.asc().nullsLast())
    .orderBy('u.id')
    .limit(limit)
    .offset(offset);
  return db
    .selectFrom(page.as('p'))
    .innerJoin('dossiers as d', 'd.id', 'p.id')
    .select(QUEUE_COLUMNS.map((c) => `d.${c}` as const))
    .orderBy('p.due_at', (ob) => ob.asc().nullsLast())
    .orderBy('p.id');
}

/**
 * The states an agency's dossiers are in, read from the queue index by skipping from one state
 * to the next (one index seek per state, however many dossiers each holds).
 */
export function agencyStatesQuery(agency: string) {
  return sql<{ state: string }>`
    with recursive s(state) as (
      select min(state) from dossiers where agency = ${agency}
      union all
      select (select min(d.state) from dossiers d where d.agency = ${agency} and d.state > s.state) from s where s.state is not null
    )
    select state from s where state is not null`;
}

export async function agencyStates(db: Kysely<Database>, agency: string): Promise<string[]> {
  const { rows } = await agencyStatesQuery(agency).execute(db);
  return rows.map((r) => r.state);
}

/** One page of an officer's queue: see `officerQueueQuery`. */
export async function officerQueue(db: Kysely<Database>, options: OfficerQueueOptions): Promise<QueueItem[]> {
  const states = options.states ?? (await agencyStates(db, options.agency));
  if (states.length === 0) return [];
  return (await officerQueueQuery(db, { ...options, states }).execute()) as QueueItem[];
}

export interface DueSoonOptions {
  readonly now: EpochMs;
  /** The window, in milliseconds: dossiers due from `now` to `now + within`, both included. */
  readonly within: number;
  /** At most this many (default 50). */
  readonly limit?: number;
  /** Continue a scan after the last dossier of the previous batch. */
  readonly after?: { readonly dueAt: EpochMs; readonly id: string };
}

/**
 * Running dossiers (the only ones with a due time: the engine clears `due_at` when the clock
 * pauses or stops) due within the window, soonest first, ties by id. Read from dossiers_due_idx.
 */
export function dueSoonQuery(db: Kysely<Database>, options: DueSoonOptions) {
  const limit = positiveInteger('limit', options.limit ?? 50);
  nonNegativeInteger('within', options.within);
  const after = options.after;
  // A continued scan seeks straight to the last due time it saw; the row-value comparison then
  // only skips the dossiers of that same due time it has already returned.
  const from = after ? Math.max(options.now, after.dueAt) : options.now;
  let query = db
    .selectFrom('dossiers')
    .select(QUEUE_COLUMNS)
    .where('due_at', 'is not', null)
    .where('due_at', '>=', from)
    .where('due_at', '<=', options.now + options.within);
  if (after) query = query.where((eb) => eb(eb.refTuple('due_at', 'id'), '>', eb.tuple(after.dueAt, after.id)));
  return query.orderBy('due_at').orderBy('id').limit(limit);
}

export async function dueSoon(db: Kysely<Database>, options: DueSoonOptions): Promise<QueueItem[]> {
  return (await dueSoonQuery(db, options).execute()) as QueueItem[];
}
