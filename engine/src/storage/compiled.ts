// Hot statements compiled once instead of built on every call.
//
// Building a kysely query allocates a tree of frozen nodes and compiling walks it into SQL: a few
// microseconds per statement, paid by every statement of every action although the SQL text of a
// given statement shape never changes. A `Statement` builds its query once per dialect with
// placeholder values (`Slot`s), keeps the compiled SQL, and on each call only puts the call's
// values where the placeholders were. The query goes through the same driver (and its
// prepared-statement cache) as any other, in the caller's transaction: inside `inTransaction`
// straight to the transaction's connection; outside transactions on SQLite straight to the
// connection when nobody holds it; elsewhere through kysely's executor.
//
// A statement's SQL must depend only on its shape, never on its values: a list whose length
// varies (an `in (…)`, several rows inserted at once) is a different shape, named by the caller.

import { PostgresAdapter, type CompiledQuery, type DatabaseConnection, type Compilable, type Kysely, type QueryResult } from 'kysely';
import type { Dialect } from './migrations.ts';
import type { Database } from './schema.ts';

/**
 * The connection of each transaction `inTransaction` is running, while it runs. A statement on
 * such a transaction goes to the connection at once, past kysely's layers for a transaction
 * (an executor and a connection provider made per statement, each a few promises deep); on any
 * other handle, or once the transaction has ended, it goes through kysely as any query does.
 */
const transactionConnections = new WeakMap<Kysely<Database>, DatabaseConnection>();

/** A SQLite connection that runs a statement at once when nobody holds it (sqlite-dialect.ts). */
interface RunsWhenFree {
  executeIfFree<R>(compiledQuery: CompiledQuery<R>): Promise<QueryResult<R>> | undefined;
}

/**
 * The connection of each database handle outside transactions, if it can run a statement at once
 * when free (SQLite); null when it cannot (PostgreSQL) or while it is being found out.
 */
const freeConnections = new WeakMap<Kysely<Database>, RunsWhenFree | null>();

function learnConnection(db: Kysely<Database>): void {
  freeConnections.set(db, null);
  db.getExecutor()
    .provideConnection(async (c) => c)
    .then(
      (c) => freeConnections.set(db, typeof (c as Partial<RunsWhenFree>).executeIfFree === 'function' ? (c as unknown as RunsWhenFree) : null),
      () => undefined,
    );
}

/** While `trx` runs: its statements go straight to `connection`, the one it runs on. */
export function bindTransaction(trx: Kysely<Database>, connection: DatabaseConnection): void {
  transactionConnections.set(trx, connection);
}

/** Once `trx` has ended: its statements go through kysely, which refuses them. */
export function unbindTransaction(trx: Kysely<Database>): void {
  transactionConnections.delete(trx);
}

/** Stands for a value in a statement built once; replaced by the call's value of that name. */
class Slot {
  constructor(readonly name: string) {}
}

/** Placeholders typed as the values they stand for, so the query builder type-checks as usual. */
export type Slots<P> = { readonly [K in keyof P]-?: P[K] };

function slotsFor<P>(): Slots<P> {
  return new Proxy({} as Slots<P>, { get: (_target, name) => new Slot(String(name)) });
}

export interface Statement<P, R> {
  /** Runs the statement with `params` on `db` (a transaction or the database). */
  execute(db: Kysely<Database>, params: P, shape?: string | number): Promise<QueryResult<R>>;
}

interface Compiled<R> {
  readonly query: CompiledQuery<R>['query'];
  readonly sql: string;
  readonly queryId: CompiledQuery<R>['queryId'];
  /** The compiled parameters, each `Slot` still in place: copied, then filled, per call. */
  readonly template: readonly unknown[];
  /** Where in `template` each slot stands, and the name of the value that fills it. */
  readonly positions: readonly number[];
  readonly names: readonly string[];
}

/**
 * A statement built by `build` with placeholder values the first time it runs on a dialect (and
 * for each `shape` the caller names). `build` receives the shape, so it can lay out, say, as many
 * rows as the shape says, each with its own placeholders (`slots[\`kind${i}\`]`).
 */
export function statement<P extends Record<string, unknown>, R = unknown>(
  build: (db: Kysely<Database>, slots: Slots<P>, shape: string | number | undefined) => Compilable<R>,
): Statement<P, R> {
  // One map per dialect, keyed by the shape as the caller gives it (no key string built per call).
  const byDialect: Record<Dialect, Map<string | number | undefined, Compiled<R>>> = { sqlite: new Map(), postgres: new Map() };
  return {
    execute(db, params, shape) {
      // A promise always, rejected rather than thrown (kysely throws at once on an ended transaction).
      try {
        return run(db, params, shape);
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };

  function run(db: Kysely<Database>, params: P, shape: string | number | undefined): Promise<QueryResult<R>> {
    const executor = db.getExecutor();
    // Plugins rewrite queries per call (e.g. withSchema): such handles get no shortcut.
    if (executor.plugins.length > 0) return db.executeQuery(build(db, params as Slots<P>, shape));
    const compiled = byDialect[executor.adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'];
    let entry = compiled.get(shape);
    if (entry === undefined) {
      entry = compile(build(db, slotsFor<P>(), shape));
      compiled.set(shape, entry);
    }
    const parameters = entry.template.slice();
    const { positions, names } = entry;
    for (let i = 0; i < positions.length; i++) {
      const value = params[names[i]!];
      if (value === undefined) throw new TypeError(`statement: no value for «${names[i]}»`);
      parameters[positions[i]!] = value;
    }
    // The compiled query kysely would hand its driver (no plugins here, so the query id is never
    // looked at: the one compiled with the statement serves every call).
    const compiledQuery: CompiledQuery<R> = { query: entry.query, sql: entry.sql, parameters, queryId: entry.queryId };
    const connection = transactionConnections.get(db);
    if (connection !== undefined) return connection.executeQuery<R>(compiledQuery);
    if (!db.isTransaction) {
      const free = freeConnections.get(db);
      if (free === undefined) learnConnection(db);
      else if (free !== null) {
        const result = free.executeIfFree<R>(compiledQuery);
        if (result !== undefined) return result;
      }
    }
    return db.executeQuery<R>(compiledQuery);
  }
}

function compile<R>(built: Compilable<R>): Compiled<R> {
  const query = built.compile();
  const positions: number[] = [];
  const names: string[] = [];
  query.parameters.forEach((v, i) => {
    if (v instanceof Slot) {
      positions.push(i);
      names.push(v.name);
    }
  });
  return { query: query.query, sql: query.sql, queryId: query.queryId, template: query.parameters, positions, names };
}

/**
 * `insert into <table> (<columns>) values (…), (…)`, compiled once per number of rows. Each row
 * gives a value (null, not undefined) for every column named.
 */
export function insertRows<T extends keyof Database & string>(table: T, columns: readonly string[]) {
  // The value names of row i (`${column}${i}`), made once per row index rather than on every call.
  const names: string[][] = [];
  const namesOf = (i: number): string[] => (names[i] ??= columns.map((c) => `${c}${i}`));
  const insert = statement<Record<string, unknown>>((db, p, rows) =>
    db.insertInto(table).values(Array.from({ length: Number(rows) }, (_, i) => Object.fromEntries(namesOf(i).map((n, j) => [columns[j], p[n]]))) as never),
  );
  return {
    async execute(db: Kysely<Database>, rows: ReadonlyArray<Readonly<Record<string, unknown>>>): Promise<void> {
      if (rows.length === 0) return;
      const params: Record<string, unknown> = {};
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        const rowNames = namesOf(i);
        for (let j = 0; j < columns.length; j++) params[rowNames[j]!] = row[columns[j]!];
      }
      await insert.execute(db, params, rows.length);
    },
  };
}
