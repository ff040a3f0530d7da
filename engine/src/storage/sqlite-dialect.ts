// Kysely's SQLite dialect, with two changes that matter for a server:
//
// - Transactions take the write lock up front. Other processes may open the same file (a CLI next
//   to the server, several test workers); with a plain BEGIN two readers that both decide to write
//   deadlock and one fails with SQLITE_BUSY at once, ignoring busy_timeout. BEGIN IMMEDIATE makes
//   the second writer wait its turn at the start instead.
// - Prepared statements are kept. Kysely's stock driver prepares every statement anew on every
//   call, so SQLite parses and plans the same SQL again each time (measured: about a third of an
//   officer action). Kysely's SQL text is stable per query shape, so a small bounded cache of
//   statements per connection keyed by the SQL text serves nearly every call; SQLite re-prepares
//   a cached statement by itself if the schema changes under it.

import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteAdapter,
  SqliteDialect,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type QueryResult,
  type SqliteDialectConfig,
  type TransactionSettings,
} from 'kysely';

/** How many distinct statements a connection keeps prepared (the engine uses fewer than 100). */
export const STATEMENT_CACHE_SIZE = 500;

interface Prepared {
  readonly stmt: Statement;
  /** Used since eviction last passed over it (second chance). */
  used: boolean;
}

class CachingSqliteConnection implements DatabaseConnection {
  readonly #db: SqliteDatabase;
  // Bounded, with second-chance eviction (CLOCK): a hit only marks the entry, where a strict LRU
  // would delete and re-insert it in the Map on every call. When full, the oldest entry goes
  // unless it was used since eviction last passed it; used ones move to the back, unmarked.
  readonly #statements = new Map<string, Prepared>();

  constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  #prepare(sql: string): Prepared {
    const cached = this.#statements.get(sql);
    if (cached !== undefined) {
      cached.used = true;
      return cached;
    }
    const stmt = this.#db.prepare(sql);
    const prepared: Prepared = { stmt, used: false };
    if (this.#statements.size >= STATEMENT_CACHE_SIZE) this.#evictOne();
    this.#statements.set(sql, prepared);
    return prepared;
  }

  #evictOne(): void {
    // Ends: each entry passed over loses its mark, so a second pass finds an unmarked one.
    for (const [sql, entry] of this.#statements) {
      this.#statements.delete(sql);
      if (!entry.used) return;
      entry.used = false;
      this.#statements.set(sql, entry);
    }
  }

  /** Someone holds the connection (acquired from the driver, not yet released): set by the driver. */
  held = false;

  /**
   * Runs `compiledQuery` at once if nobody holds the connection, else answers undefined (then
   * acquire it as usual). For a statement outside any transaction: better-sqlite3 runs it to the
   * end synchronously, so no transaction can begin, or be in progress, around it — what the
   * driver's queue would otherwise make sure of, at the cost of a few promises.
   */
  executeIfFree<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> | undefined {
    return this.held ? undefined : this.executeQuery<R>(compiledQuery);
  }

  /** How many statements are kept prepared (tests). */
  get cachedStatements(): number {
    return this.#statements.size;
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    // Errors (a constraint, SQLITE_BUSY) as a rejected promise, never thrown at the caller.
    try {
      const stmt = this.#prepare(compiledQuery.sql).stmt;
      const parameters = compiledQuery.parameters as unknown[];
      if (stmt.reader) return Promise.resolve({ rows: stmt.all(parameters) as R[] });
      const { changes, lastInsertRowid } = stmt.run(parameters);
      return Promise.resolve({ numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const { sql, parameters, query } = compiledQuery;
    if (!SelectQueryNode.is(query)) throw new Error('SQLite streams only select queries');
    // A statement being iterated cannot run again until the iteration ends: never the cached one.
    for (const row of this.#db.prepare(sql).iterate(parameters as unknown[])) yield { rows: [row as R] };
  }
}

const BEGIN_IMMEDIATE = CompiledQuery.raw('begin immediate');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');

/** One connection, handed to one user at a time (SQLite has a single writer anyway). */
class CachingSqliteDriver implements Driver {
  readonly #config: SqliteDialectConfig;
  #connection: CachingSqliteConnection | undefined;
  #db: SqliteDatabase | undefined;
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  constructor(config: SqliteDialectConfig) {
    this.#config = config;
  }

  async init(): Promise<void> {
    const db = typeof this.#config.database === 'function' ? await this.#config.database() : this.#config.database;
    this.#db = db as unknown as SqliteDatabase;
    this.#connection = new CachingSqliteConnection(this.#db);
    if (this.#config.onCreateConnection) await this.#config.onCreateConnection(this.#connection);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#release = release;
    this.#connection!.held = true;
    return this.#connection!;
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    this.#connection!.held = false;
    release?.();
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    await connection.executeQuery(BEGIN_IMMEDIATE);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(COMMIT);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(ROLLBACK);
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint "${name.replaceAll('"', '""')}"`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to "${name.replaceAll('"', '""')}"`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release "${name.replaceAll('"', '""')}"`));
  }

  async destroy(): Promise<void> {
    this.#db?.close();
  }
}

/**
 * SQLite does roll back DDL; kysely's adapter says otherwise only to stay clear of PRAGMAs that
 * are no-ops inside a transaction, and our migrations use none. Claiming it lets the Migrator run
 * all pending migrations in one BEGIN IMMEDIATE transaction — the cross-process lock that the
 * stock SQLite adapter leaves out (its migration lock only guards the single in-process connection).
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new CachingSqliteDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
