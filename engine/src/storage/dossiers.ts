// Dossier rows and their event history. A dossier changes only through a revision check, and
// every change appends its events in the same transaction, so history and state never disagree.

import { expressionBuilder, type Kysely, type Transaction } from 'kysely';
import { insertRows, statement } from './compiled.ts';
import { ConcurrencyConflict, DossierNotFound } from './errors.ts';
import { dialectOf } from './open-database.ts';
import type { JsonText } from './json-text.ts';
import type { Database, DossierRow, DossierUpdate, EpochMs, EventRow, NewDossier } from './schema.ts';
import { COUNTED_COLUMNS, countDossierChange } from './stats-counters.ts';

export interface NewDossierEvent {
  type: string;
  actor: string;
  payload: JsonText;
  /** Defaults to the time of the change that records it. */
  at?: EpochMs;
}

export interface DossierChange {
  /** The instant of the change (the engine's clock, never the database's): becomes updated_at. */
  at: EpochMs;
  set?: DossierUpdate;
  events?: readonly NewDossierEvent[];
  /**
   * The row as the caller read it at the expected revision. On SQLite the row after the change is
   * then this row with the change applied, instead of the row read back (UPDATE … RETURNING *
   * costs SQLite a temporary table and a copy of the whole row). SQLite hands back exactly the
   * text and numbers it was given, and the revision check makes sure nobody changed the row since
   * it was read. PostgreSQL always reads the row back: its JSONB columns do not keep the text.
   */
  loaded?: DossierRow;
  /**
   * The final states of the dossier's definition, for the statistics counters (stats-counters.ts);
   * read from `definitions` when absent and needed.
   */
  finalStates?: ReadonlySet<string>;
}

export interface DossierChangeResult {
  revision: number;
  /** The dossier row as the change left it. */
  row: DossierRow;
  events: EventRow[];
}

/** Inserts a new dossier at revision 0 with its first events (seq 1, 2, …), and counts it in the statistics. */
export async function createDossier(
  trx: Transaction<Database>,
  dossier: Omit<NewDossier, 'revision' | 'event_seq'>,
  events: readonly NewDossierEvent[] = [],
): Promise<DossierRow> {
  const row = await trx
    .insertInto('dossiers')
    .values({ ...dossier, revision: 0, event_seq: events.length })
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendEvents(trx, dossier.id, 1, events, dossier.created_at);
  await countDossierChange(trx, undefined, row);
  return row;
}

const selectDossier = statement<{ id: string }, DossierRow>((db, p) => db.selectFrom('dossiers').selectAll().where('id', '=', p.id));

export async function getDossier(db: Kysely<Database>, id: string): Promise<DossierRow | undefined> {
  return (await selectDossier.execute(db, { id })).rows[0];
}

const selectParties = statement<{ id: string }, { citizen_id: string; agency: string }>((db, p) =>
  db.selectFrom('dossiers').select(['citizen_id', 'agency']).where('id', '=', p.id),
);

/** Whose dossier it is: the citizen and the agency holding it (one indexed read, no JSON). */
export async function dossierParties(db: Kysely<Database>, id: string): Promise<{ citizenId: string; agency: string } | undefined> {
  const row = (await selectParties.execute(db, { id })).rows[0];
  return row ? { citizenId: row.citizen_id, agency: row.agency } : undefined;
}

const selectAttached = statement<{ id: string }, { doc_id: string }>((db, p) => db.selectFrom('documents').select('doc_id').where('dossier_id', '=', p.id));
const selectPaid = statement<{ id: string }, { amount: number }>((db, p) =>
  db.selectFrom('payments').select('amount').where('dossier_id', '=', p.id).where('status', '=', 'paid'),
);

/** What the rules read besides the form: the documents attached and the amount paid (whole đồng). */
export async function dossierFacts(db: Kysely<Database>, id: string): Promise<{ attached: Set<string>; paid: number }> {
  const [docs, payments] = await Promise.all([selectAttached.execute(db, { id }), selectPaid.execute(db, { id })]);
  return { attached: new Set(docs.rows.map((x) => x.doc_id)), paid: payments.rows.reduce((s, p) => s + Number(p.amount), 0) };
}

export async function getDossierByCode(db: Kysely<Database>, code: string): Promise<DossierRow | undefined> {
  return db.selectFrom('dossiers').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function listEvents(db: Kysely<Database>, dossierId: string): Promise<EventRow[]> {
  return db.selectFrom('events').selectAll().where('dossier_id', '=', dossierId).orderBy('seq').execute();
}

/**
 * Applies `change` if the dossier is still at `expectedRevision`, bumps the revision and appends
 * the events after the last one — numbered from the row's `event_seq`, which the same UPDATE
 * advances, so the revision check that guards the row guards the numbering too (no max(seq) to
 * look up). Throws ConcurrencyConflict when another action moved the dossier first (and
 * DossierNotFound when there is none); the caller's transaction then rolls back whole.
 * When the change sets a column the statistics count, the counters get the difference it makes
 * (stats-counters.ts), in the same transaction.
 */
export async function updateDossierIfRevision(
  trx: Transaction<Database>,
  id: string,
  expectedRevision: number,
  change: DossierChange,
): Promise<DossierChangeResult> {
  const revision = expectedRevision + 1;
  // The columns set, in the order the caller named them, and the shape that names the UPDATE:
  // one compiled statement per list of columns (a caller that names them in another order gets
  // one more, still the same few).
  const params: Record<string, unknown> = { id, expected: expectedRevision };
  const columns: string[] = [];
  const set = change.set as Record<string, unknown> | undefined;
  for (const c in set) {
    const v = set[c];
    if (v === undefined || c === 'revision' || c === 'updated_at' || c === 'event_seq' || c === 'id' || c === 'expected') continue;
    params[c] = v;
    columns.push(c);
  }
  params.revision = revision;
  params.updated_at = change.at;
  columns.push('revision', 'updated_at');
  const newEvents = change.events ?? [];
  // `event_seq = event_seq + n`: the events' numbers come from the row the UPDATE holds.
  if (newEvents.length) {
    params.event_seq = newEvents.length;
    columns.push('event_seq');
  }
  const shape = columns.join(',');
  const loaded = change.loaded;
  const loadedCurrent = loaded !== undefined && loaded.id === id && loaded.revision === expectedRevision;
  // The row before the change, when the change may move statistics counters: the row the caller
  // read at this revision, else read now (a revision that moved in between fails the UPDATE).
  let before: DossierRow | undefined;
  if (columns.some((c) => COUNTED_COLUMNS.has(c))) {
    before = loadedCurrent ? loaded : (await selectDossier.execute(trx, { id })).rows[0];
    if (!before) throw new DossierNotFound(id);
    if (before.revision !== expectedRevision) throw new ConcurrencyConflict(id, expectedRevision, before.revision);
  }
  // The conditional UPDATE is the arbiter: on PostgreSQL the loser waits on the row lock and then
  // finds the revision moved; on SQLite the transactions are serialised by BEGIN IMMEDIATE.
  let row: DossierRow | undefined;
  if (loadedCurrent && dialectOf(trx) === 'sqlite') {
    const { numAffectedRows } = await updateIfRevisionQuietly.execute(trx, params as UpdateParams, shape);
    if (numAffectedRows === 1n) {
      const after: Record<string, unknown> = { ...loaded };
      for (const c of columns) after[c] = params[c];
      after.event_seq = loaded.event_seq + newEvents.length;
      row = after as unknown as DossierRow;
    }
  } else {
    row = (await updateIfRevision.execute(trx, params as UpdateParams, shape)).rows[0];
  }
  if (!row) {
    const current = await trx.selectFrom('dossiers').select('revision').where('id', '=', id).executeTakeFirst();
    if (!current) throw new DossierNotFound(id);
    throw new ConcurrencyConflict(id, expectedRevision, current.revision);
  }
  const events = await appendEvents(trx, id, row.event_seq - newEvents.length + 1, newEvents, change.at);
  // Last, so that on PostgreSQL the counter rows (shared by many dossiers) stay locked the least.
  if (before) await countDossierChange(trx, before, row, change.finalStates);
  return { revision, row, events };
}

type UpdateParams = Record<string, unknown> & { id: string; expected: number };

/** The SET of a change: each column its value, except `event_seq`, advanced by the number of events. */
function setOf(p: UpdateParams, columns: string | number | undefined): Record<string, unknown> {
  const eb = expressionBuilder<Database, 'dossiers'>();
  return Object.fromEntries(String(columns).split(',').map((c) => [c, c === 'event_seq' ? eb('event_seq', '+', p[c] as number) : p[c]]));
}

/** `update dossiers set <columns> where id = ? and revision = ? returning *`; the shape names the columns. */
const updateIfRevision = statement<UpdateParams, DossierRow>((db, p, columns) =>
  db
    .updateTable('dossiers')
    .set(setOf(p, columns) as DossierUpdate)
    .where('id', '=', p.id)
    .where('revision', '=', p.expected)
    .returningAll(),
);

/** The same without RETURNING (SQLite, when the caller has the row: see DossierChange.loaded). */
const updateIfRevisionQuietly = statement<UpdateParams>((db, p, columns) =>
  db
    .updateTable('dossiers')
    .set(setOf(p, columns) as DossierUpdate)
    .where('id', '=', p.id)
    .where('revision', '=', p.expected),
);

// ------------------------------------------------------------------------------ timers

type TimersDue = Pick<DossierRow, 'id' | 'procedure_id' | 'definition_version'> & { next_timer_at: EpochMs };

/** Where a run of the timers is in the due order: past the dossier `id`, due at `at`. */
export interface TimersCursor {
  at: EpochMs;
  id: string;
}

/**
 * Up to `limit` dossiers with a timer due by `now`, soonest first and by id among those due at
 * the same instant, with their definition; only those after `after` in that order when given
 * (the last one of the previous batch). Through dossiers_timer_idx: a range of next_timer_at from
 * the cursor's instant to `now`.
 */
export async function dossiersWithTimersDue(db: Kysely<Database>, now: EpochMs, limit: number, after?: TimersCursor): Promise<TimersDue[]> {
  // Before any dossier: no instant is earlier than the first one's, and no id sorts before ''.
  const cursor = after ?? { at: Number.MIN_SAFE_INTEGER, id: '' };
  return (await selectTimersDue.execute(db, { now, limit, after_at: cursor.at, after_id: cursor.id })).rows;
}

const selectTimersDue = statement<{ now: EpochMs; limit: number; after_at: EpochMs; after_id: string }, TimersDue>((db, p) =>
  db
    .selectFrom('dossiers')
    .select(['id', 'procedure_id', 'definition_version', 'next_timer_at'])
    .where('next_timer_at', '>=', p.after_at)
    .where('next_timer_at', '<=', p.now)
    .where((eb) => eb.or([eb('next_timer_at', '>', p.after_at), eb('id', '>', p.after_id)]))
    .orderBy('next_timer_at')
    .orderBy('id')
    .limit(p.limit)
    .$narrowType<{ next_timer_at: EpochMs }>(),
);

/**
 * The dossier's row, for a worker firing its timers: on PostgreSQL locked FOR UPDATE SKIP LOCKED
 * until the transaction ends — undefined when another transaction (another worker, or an action)
 * holds it, so workers pass by each other's dossiers instead of queueing on them; on SQLite the
 * transaction already holds the database's write lock (BEGIN IMMEDIATE).
 */
export async function lockDossierUnlessBusy(trx: Transaction<Database>, id: string): Promise<DossierRow | undefined> {
  return (await (dialectOf(trx) === 'postgres' ? selectDossierSkipLocked : selectDossier).execute(trx, { id })).rows[0];
}

const selectDossierSkipLocked = statement<{ id: string }, DossierRow>((db, p) => db.selectFrom('dossiers').selectAll().where('id', '=', p.id).forUpdate().skipLocked());

/**
 * Writes the pending timers alone, if the dossier is still at `revision`, leaving the revision as
 * it is: for timers dropped without acting (their dossier moved on), which change nothing anyone
 * sees — every revision stays a change with its events. Returns whether the row was written.
 */
export async function setPendingTimersIfRevision(
  trx: Transaction<Database>,
  id: string,
  revision: number,
  columns: Pick<DossierRow, 'timers' | 'next_timer_at'>,
): Promise<boolean> {
  const { numAffectedRows } = await updateTimersIfRevision.execute(trx, { id, revision, ...columns });
  return numAffectedRows === 1n;
}

const updateTimersIfRevision = statement<{ id: string; revision: number; timers: JsonText | null; next_timer_at: EpochMs | null }>((db, p) =>
  db.updateTable('dossiers').set({ timers: p.timers, next_timer_at: p.next_timer_at }).where('id', '=', p.id).where('revision', '=', p.revision),
);

const insertEvents = insertRows('events', ['dossier_id', 'seq', 'type', 'actor', 'payload', 'at']);

async function appendEvents(
  trx: Transaction<Database>,
  dossierId: string,
  firstSeq: number,
  events: readonly NewDossierEvent[],
  at: EpochMs,
): Promise<EventRow[]> {
  if (events.length === 0) return [];
  const rows: EventRow[] = events.map((e, i) => ({ dossier_id: dossierId, seq: firstSeq + i, type: e.type, actor: e.actor, payload: e.payload, at: e.at ?? at }));
  await insertEvents.execute(trx, rows);
  return rows;
}
