// Opens the engine's database from a DATABASE_URL-style string: `postgres://…` selects
// PostgreSQL (several server processes may share it); anything else is a SQLite file path.

import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresAdapter, PostgresDialect, sql, type DatabaseConnection, type Transaction } from 'kysely';
import pg from 'pg';
import { BACKSTOP_AUTOCHECKPOINT_PAGES, startCheckpointer } from './checkpointer.ts';
import { bindTransaction, unbindTransaction } from './compiled.ts';
import { migrateToLatest, type Dialect } from './migrations.ts';
import type { Database } from './schema.ts';
import { ImmediateSqliteDialect } from './sqlite-dialect.ts';

export type { Dialect } from './migrations.ts';

export const DEFAULT_SQLITE_PATH = '.data/motcua.sqlite';

export interface OpenDatabaseOptions {
  /** `postgres://…` / `postgresql://…`, or a SQLite path (optionally `sqlite:` / `file:` prefixed). */
  url?: string;
  /**
   * PostgreSQL only: work inside this schema (created if missing) by setting `search_path` on
   * every pooled connection — how each test run gets a database of its own.
   */
  schema?: string;
  /** Apply pending migrations on open (default true: the embedded default needs no set-up). */
  migrate?: boolean;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /** How long a SQLite writer waits for another process's write lock (default 5 s). */
  busyTimeoutMs?: number;
  /**
   * PostgreSQL: an idle pooled connection failed (server restart, network). pg drops the client
   * and the next query reconnects; without a listener the error would end the process.
   */
  onPoolError?: (error: Error) => void;
  /**
   * SQLite file: run WAL checkpoints in a worker thread instead of inside commits (default true;
   * see checkpointer.ts). Off, SQLite checkpoints every 1,000 pages in the committing call.
   */
  backgroundCheckpoints?: boolean;
}

export interface Storage {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** The SQLite file, or the PostgreSQL schema in use. */
  readonly location: string;
  close(): Promise<void>;
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Storage> {
  const url = options.url ?? DEFAULT_SQLITE_PATH;
  const storage = /^postgres(ql)?:\/\//i.test(url) ? await openPostgres(url, options) : openSqlite(url, options);
  if (options.migrate ?? true) {
    try {
      await migrateToLatest(storage.db, storage.dialect, { schema: storage.location });
    } catch (error) {
      await storage.close();
      throw error;
    }
  }
  return storage;
}

function openSqlite(url: string, options: OpenDatabaseOptions): Storage {
  if (options.schema) throw new Error('openDatabase: `schema` applies to PostgreSQL only');
  const path = url.replace(/^(sqlite|file):(\/\/)?/i, '');
  const inMemory = path === ':memory:';
  const file = inMemory ? path : resolve(path);
  if (!inMemory) mkdirSync(dirname(file), { recursive: true });
  const database = new SqliteDatabase(file);
  // busy_timeout first: switching to WAL itself needs the lock another process may hold.
  database.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
  database.pragma('journal_mode = WAL');
  // NORMAL under WAL loses at most the last commits on power loss, never consistency.
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database }) });
  if (inMemory || options.backgroundCheckpoints === false) return { db, dialect: 'sqlite', location: file, close: () => db.destroy() };
  // Checkpoints in a worker thread (checkpointer.ts); the commit path checkpoints only past the backstop.
  database.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
  const checkpointer = startCheckpointer(file);
  return {
    db,
    dialect: 'sqlite',
    location: file,
    close: async () => {
      await checkpointer.stop();
      await db.destroy();
    },
  };
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<Storage> {
  const schema = options.schema;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`openDatabase: schema "${schema}" must be a lower-case SQL identifier`);
  }
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types: pgTypes });
  pool.on('error', options.onPoolError ?? ((error) => console.warn(`motcua storage: idle PostgreSQL connection lost: ${error.message}`)));
  const searchPath = schema ? CompiledQuery.raw(`set search_path to "${schema}"`) : undefined;
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool,
      onCreateConnection: async (connection) => {
        if (searchPath) await connection.executeQuery(searchPath);
      },
    }),
  });
  const close = (): Promise<void> => db.destroy();
  try {
    if (schema) await createSchema(db, schema);
    const current = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    const location = current.rows[0]?.schema;
    if (!location) throw new Error('openDatabase: the PostgreSQL search_path names no existing schema');
    return { db, dialect: 'postgres', location, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function createSchema(db: Kysely<Database>, schema: string): Promise<void> {
  try {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  } catch (error) {
    // Two processes creating the same schema at once: IF NOT EXISTS still races on the catalog.
    if ((error as { code?: string }).code !== '23505') throw error;
  }
}

const { builtins } = pg.types;

/**
 * Rows read the same on both dialects: epoch-ms BIGINTs come back as numbers (pg returns
 * strings, fearing values past 2^53 — epoch ms and đồng amounts stay far below), and JSON
 * columns come back as text for `decodeJson`, as SQLite returns them.
 */
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === builtins.INT8) return (value: string) => Number(value);
    if (oid === builtins.JSON || oid === builtins.JSONB) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** Which database a handle (or a transaction of it) talks to. */
export function dialectOf(db: Kysely<Database>): Dialect {
  // getExecutor() is how kysely's own Migrator reaches the adapter; a Transaction shares it.
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * Runs `work` in one transaction, committed if it returns and rolled back if it throws. On
 * SQLite it begins IMMEDIATE (see sqlite-dialect.ts), so the work holds the write lock from its
 * first read and read-then-write sequences cannot interleave with another process.
 */
export function inTransaction<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    // The statements compiled once (compiled.ts) run on the transaction's connection directly.
    let connection = sqliteConnections.get(db);
    if (connection === undefined) {
      connection = await trx.getExecutor().provideConnection(async (c) => c);
      if (dialectOf(db) === 'sqlite') sqliteConnections.set(db, connection);
    }
    bindTransaction(trx, connection);
    try {
      return await work(trx);
    } finally {
      unbindTransaction(trx);
    }
  });
}

/**
 * The connection of a SQLite handle, learnt by its first transaction: the driver has one
 * (sqlite-dialect.ts), which each transaction holds while it runs. PostgreSQL transactions each
 * take a connection of the pool, asked for every time.
 */
const sqliteConnections = new WeakMap<Kysely<Database>, DatabaseConnection>();
