// Hot statements compiled once instead of built on every call.
//
// Building a kysely query allocates a tree of frozen nodes and compiling walks it into SQL: a few
// microseconds per statement, paid by every statement of every action although the SQL text of a
// given statement shape never changes. A `Statement` builds its query once per dialect with
// placeholder values (`Slot`s), keeps the compiled SQL, and on each call only puts the call's
// values where the placeholders were. The query goes through kysely's executor as any other, in
// the same transaction and through the same driver (and its prepared-statement cache).
//
// A statement's SQL must depend only on its shape, never on its values: a list whose length
// varies (an `in (…)`, several rows inserted at once) is a different shape, named by the caller.

import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';
import { dialectOf } from './open-database.ts';
import type { Database } from './schema.ts';

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

/**
 * A statement built by `build` with placeholder values the first time it runs on a dialect (and
 * for each `shape` the caller names). `build` receives the shape, so it can lay out, say, as many
 * rows as the shape says, each with its own placeholders (`slots[\`kind${i}\`]`).
 */
export function statement<P extends Record<string, unknown>, R = unknown>(
  build: (db: Kysely<Database>, slots: Slots<P>, shape: string | number | undefined) => Compilable<R>,
): Statement<P, R> {
  const compiled = new Map<string, { sql: string; parameters: readonly unknown[]; query: CompiledQuery<R>['query'] }>();
  return {
    async execute(db, params, shape) {
      const key = `${dialectOf(db)}\u0000${shape ?? ''}`;
      let entry = compiled.get(key);
      if (!entry) {
        // Plugins rewrite queries per call (e.g. withSchema): such handles get no shortcut.
        if (db.getExecutor().plugins.length > 0) return db.executeQuery(build(db, params as Slots<P>, shape));
        const query = build(db, slotsFor<P>(), shape).compile();
        entry = { sql: query.sql, parameters: query.parameters, query: query.query };
        compiled.set(key, entry);
      }
      const parameters = entry.parameters.map((v) => {
        if (!(v instanceof Slot)) return v;
        const value = params[v.name];
        if (value === undefined) throw new TypeError(`statement: no value for «${v.name}»`);
        return value;
      });
      return db.executeQuery<R>({ ...CompiledQuery.raw(entry.sql, parameters), query: entry.query } as CompiledQuery<R>);
    },
  };
}

/**
 * `insert into <table> (<columns>) values (…), (…)`, compiled once per number of rows. Each row
 * gives a value (null, not undefined) for every column named.
 */
export function insertRows<T extends keyof Database & string>(table: T, columns: readonly string[]) {
  const insert = statement<Record<string, unknown>>((db, p, rows) =>
    db.insertInto(table).values(Array.from({ length: Number(rows) }, (_, i) => Object.fromEntries(columns.map((c) => [c, p[`${c}${i}`]]))) as never),
  );
  return {
    async execute(db: Kysely<Database>, rows: ReadonlyArray<Readonly<Record<string, unknown>>>): Promise<void> {
      if (rows.length === 0) return;
      const params: Record<string, unknown> = {};
      rows.forEach((row, i) => {
        for (const c of columns) params[`${c}${i}`] = row[c];
      });
      await insert.execute(db, params, rows.length);
    },
  };
}
