// Kysely's SQLite dialect with transactions that take the write lock up front. Other processes
// may open the same file (a CLI next to the server, several test workers); with a plain BEGIN two
// readers that both decide to write deadlock and one fails with SQLITE_BUSY at once, ignoring
// busy_timeout. BEGIN IMMEDIATE makes the second writer wait its turn at the start instead.

import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type DialectAdapter } from 'kysely';

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
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
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];

  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
