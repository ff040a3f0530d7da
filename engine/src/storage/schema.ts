// Row types of every table, as kysely sees them. Instants are epoch milliseconds (numbers) on
// both dialects; legal dates (effective_from/until) are ISO "YYYY-MM-DD" text; money is whole đồng.

import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { JsonText } from './json-text.ts';

export type EpochMs = number;

/** A published, immutable version of a compiled procedure; dossiers pin one of them. */
export interface DefinitionsTable {
  procedure_id: string;
  version: number;
  /** sha256 (hex) of the procedure source the IR was compiled from. */
  source_hash: string;
  ir: JsonText;
  /** First local day in effect, YYYY-MM-DD; NULL: from publication. */
  effective_from: string | null;
  /** Last local day in effect (inclusive), YYYY-MM-DD; NULL: open-ended. */
  effective_until: string | null;
  published_at: EpochMs;
}

export interface DossiersTable {
  id: string;
  /** Circular 01/2018 Art 19 code, given at receipt; NULL while the dossier is a draft or submitted. */
  code: string | null;
  procedure_id: string;
  definition_version: number;
  agency: string;
  citizen_id: string;
  state: string;
  /** The persisted xstate snapshot. */
  snapshot: JsonText;
  form: JsonText;
  channel: string;
  /** Bumped by every update; an update names the revision it read (optimistic concurrency). */
  revision: number;
  due_at: EpochMs | null;
  clock: JsonText;
  created_at: EpochMs;
  updated_at: EpochMs;
  /** early | on_time | late once a result exists. */
  outcome: string | null;
  /** When the current state's SLA runs out (per-state target), if it has one. */
  state_due_at: EpochMs | null;
  /** Which fields were prefilled from which source, and whether they are locked. */
  prefilled: JsonText | null;
  submitted_at: EpochMs | null;
  /** When the receipt was issued (the complete dossier received). */
  received_at: EpochMs | null;
  result_at: EpochMs | null;
  /** The fee quoted at submission, whole đồng. */
  fee_total: number | null;
  /**
   * 1 once a payment other than at the counter is recorded as paid (migration 0005): what the
   * statistics call "paid online", kept on the row so that a dossier's share of the statistics
   * counters is a function of its row alone (storage/stats-counters.ts).
   */
  paid_online: Generated<number>;
  /**
   * The pending deadline timers (migration 0006; storage/timers.ts): a JSON array of
   * `{ kind, fireAt, dueAt, state? }`, soonest first; NULL when none. Written with the change that
   * plans them, in the same revision-checked UPDATE; a timer that fires leaves the array.
   */
  timers: JsonText | null;
  /** The soonest `fireAt` of `timers` (NULL when none): what the scheduler's index is ordered by. */
  next_timer_at: EpochMs | null;
  /** The seq of the dossier's last event (0: none yet): the next event is numbered from it (migration 0006). */
  event_seq: Generated<number>;
}

/** Append-only history of a dossier; seq runs 1, 2, 3 … per dossier without gaps. */
export interface EventsTable {
  dossier_id: string;
  seq: number;
  type: string;
  actor: string;
  payload: JsonText;
  at: EpochMs;
}

export interface DocumentsTable {
  id: Generated<number>;
  dossier_id: string;
  /** The document's identifier in the procedure definition (e.g. "residence_proof"). */
  doc_id: string;
  /** Key of the bytes in the BlobStore. */
  sha256: string;
  name: string;
  mime: string;
  size: number;
  uploaded_at: EpochMs;
}

export interface PaymentsTable {
  id: Generated<number>;
  dossier_id: string;
  provider: string;
  /** The provider's transaction reference; unique so a replayed callback cannot pay twice. */
  reference: string;
  /** Whole đồng. */
  amount: number;
  status: string;
  paid_at: EpochMs | null;
}

export interface ResultsTable {
  dossier_id: string;
  result_id: string;
  subject_id: string;
  data: JsonText;
  signature: string | null;
  issued_at: EpochMs;
}

/** The digital results store: data published by results, reused to prefill later dossiers. */
export interface ResultsStoreTable {
  id: Generated<number>;
  source: string;
  subject_id: string;
  field: string;
  value: JsonText;
  dossier_id: string | null;
  published_at: EpochMs;
}

/** Messages to send (notifications, hand-overs) written in the same transaction as their cause. */
export interface OutboxTable {
  id: Generated<number>;
  kind: string;
  recipient: string;
  payload: JsonText;
  created_at: EpochMs;
  sent_at: EpochMs | null;
}

/** Who read a citizen's data from which source, so the citizen can see it. */
export interface AccessLogTable {
  id: Generated<number>;
  citizen_id: string;
  dossier_id: string | null;
  source: string;
  fields: JsonText;
  actor: string;
  at: EpochMs;
}

export interface DailySequencesTable {
  unit_code: string;
  /** Local (Vietnam) receipt day, YYMMDD. */
  day: string;
  last: number;
}

/**
 * Statistics counters (migration 0005, storage/stats-counters.ts), kept in the transaction of
 * each change they count. One row per procedure, agency (the dossier's current one) and `day`: a
 * local day (Asia/Ho_Chi_Minh, YYYY-MM-DD), a month (YYYY-MM) or `*` (all time). received,
 * online, with_fee and paid_online count by receipt day; early, on_time and late by result day;
 * each also in the month's row and the all-time row. Only the all-time row has `dossiers`
 * (non-draft dossiers, which make a group appear) and `pending` (received, not in a final state).
 */
export interface StatsDailyTable {
  day: string;
  procedure_id: string;
  agency: string;
  dossiers: number;
  pending: number;
  received: number;
  online: number;
  with_fee: number;
  paid_online: number;
  early: number;
  on_time: number;
  late: number;
}

export interface Database {
  definitions: DefinitionsTable;
  dossiers: DossiersTable;
  events: EventsTable;
  documents: DocumentsTable;
  payments: PaymentsTable;
  results: ResultsTable;
  results_store: ResultsStoreTable;
  outbox: OutboxTable;
  access_log: AccessLogTable;
  daily_sequences: DailySequencesTable;
  stats_daily: StatsDailyTable;
}

export type DefinitionRow = Selectable<DefinitionsTable>;
export type NewDefinition = Insertable<DefinitionsTable>;
export type DossierRow = Selectable<DossiersTable>;
export type NewDossier = Insertable<DossiersTable>;
/** What a change may set: the revision and updated_at move with every change, event_seq with its events (storage/dossiers.ts). */
export type DossierUpdate = Omit<Updateable<DossiersTable>, 'id' | 'revision' | 'created_at' | 'updated_at' | 'event_seq'>;
export type EventRow = Selectable<EventsTable>;
