// Public API of the engine's storage: kysely over SQLite (embedded default) or PostgreSQL,
// migrations, the transactional primitives the engine builds on, and the blob store.

export {
  openDatabase,
  inTransaction,
  dialectOf,
  DEFAULT_SQLITE_PATH,
  type OpenDatabaseOptions,
  type Storage,
  type Dialect,
} from './open-database.ts';
export { migrateToLatest, storageMigrations } from './migrations.ts';
export { ALL_TIME, STATS_COUNTERS, localDay } from './stats-counters.ts';
export type {
  Database,
  DefinitionsTable,
  DossiersTable,
  EventsTable,
  DocumentsTable,
  PaymentsTable,
  ResultsTable,
  ResultsStoreTable,
  OutboxTable,
  AccessLogTable,
  DailySequencesTable,
  DefinitionRow,
  NewDefinition,
  DossierRow,
  NewDossier,
  DossierUpdate,
  EventRow,
} from './schema.ts';
export { encodeJson, decodeJson, jsonColumnType, type JsonText } from './json-text.ts';
export { StorageError, ConcurrencyConflict, DossierNotFound, type StorageErrorCode } from './errors.ts';
export { nextDossierCode, receiptDay } from './dossier-code.ts';
export {
  createDossier,
  getDossier,
  getDossierByCode,
  listEvents,
  updateDossierIfRevision,
  type DossierChange,
  type DossierChangeResult,
  type NewDossierEvent,
} from './dossiers.ts';
export { replanTimers, dueTimers, pendingTimers, timerColumns, type PendingTimer, type TimerKind, type TimerChange } from './timers.ts';
export { publishDefinition, getDefinition, definitionInEffect, sourceHash } from './definitions.ts';
export { BlobStore, DEFAULT_BLOB_DIR } from './blob-store.ts';
export { backupSqlite, backupProblem } from './backup.ts';
/** Kysely's SQL template tag, for callers that aggregate over the engine's tables (server statistics). */
export { sql } from 'kysely';
