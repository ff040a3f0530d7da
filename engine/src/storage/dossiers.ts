// Dossier rows and their event history. A dossier changes only through a revision check, and
// every change appends its events in the same transaction, so history and state never disagree.

import type { Kysely, Transaction } from 'kysely';
import { ConcurrencyConflict, DossierNotFound } from './errors.ts';
import type { JsonText } from './json-text.ts';
import type { Database, DossierRow, DossierUpdate, EpochMs, EventRow, NewDossier } from './schema.ts';

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
}

export interface DossierChangeResult {
  revision: number;
  /** The dossier row as the change left it. */
  row: DossierRow;
  events: EventRow[];
}

/** Inserts a new dossier at revision 0 with its first events (seq 1, 2, …). */
export async function createDossier(
  trx: Transaction<Database>,
  dossier: Omit<NewDossier, 'revision'>,
  events: readonly NewDossierEvent[] = [],
): Promise<DossierRow> {
  const row = await trx
    .insertInto('dossiers')
    .values({ ...dossier, revision: 0 })
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendEvents(trx, dossier.id, 1, events, dossier.created_at);
  return row;
}

export async function getDossier(db: Kysely<Database>, id: string): Promise<DossierRow | undefined> {
  return db.selectFrom('dossiers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getDossierByCode(db: Kysely<Database>, code: string): Promise<DossierRow | undefined> {
  return db.selectFrom('dossiers').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function listEvents(db: Kysely<Database>, dossierId: string): Promise<EventRow[]> {
  return db.selectFrom('events').selectAll().where('dossier_id', '=', dossierId).orderBy('seq').execute();
}

/**
 * Applies `change` if the dossier is still at `expectedRevision`, bumps the revision and appends
 * the events after the last one. Throws ConcurrencyConflict when another action moved the dossier
 * first (and DossierNotFound when there is none); the caller's transaction then rolls back whole.
 */
export async function updateDossierIfRevision(
  trx: Transaction<Database>,
  id: string,
  expectedRevision: number,
  change: DossierChange,
): Promise<DossierChangeResult> {
  const revision = expectedRevision + 1;
  // The conditional UPDATE is the arbiter: on PostgreSQL the loser waits on the row lock and then
  // finds the revision moved; on SQLite the transactions are serialised by BEGIN IMMEDIATE.
  const row = await trx
    .updateTable('dossiers')
    .set({ ...change.set, revision, updated_at: change.at })
    .where('id', '=', id)
    .where('revision', '=', expectedRevision)
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    const current = await trx.selectFrom('dossiers').select('revision').where('id', '=', id).executeTakeFirst();
    if (!current) throw new DossierNotFound(id);
    throw new ConcurrencyConflict(id, expectedRevision, current.revision);
  }
  // Holding the dossier row (or the SQLite write lock) makes this max() stable until commit.
  const { last } = await trx
    .selectFrom('events')
    .select((eb) => eb.fn.max('seq').as('last'))
    .where('dossier_id', '=', id)
    .executeTakeFirstOrThrow();
  const events = await appendEvents(trx, id, (last ?? 0) + 1, change.events ?? [], change.at);
  return { revision, row, events };
}

async function appendEvents(
  trx: Transaction<Database>,
  dossierId: string,
  firstSeq: number,
  events: readonly NewDossierEvent[],
  at: EpochMs,
): Promise<EventRow[]> {
  if (events.length === 0) return [];
  return trx
    .insertInto('events')
    .values(
      events.map((e, i) => ({
        dossier_id: dossierId,
        seq: firstSeq + i,
        type: e.type,
        actor: e.actor,
        payload: e.payload,
        at: e.at ?? at,
      })),
    )
    .returningAll()
    .execute();
}
