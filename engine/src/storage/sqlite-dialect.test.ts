// The SQLite driver's statement cache: bounded, keeps the statements in use when others flood it,
// and a cached statement still runs after the schema under it changed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from './open-database.ts';
import type { Database as Schema } from './schema.ts';
import { STATEMENT_CACHE_SIZE } from './sqlite-dialect.ts';

const dir = mkdtempSync(join(tmpdir(), 'motcua-sqlite-dialect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** How many statements the (single) connection keeps prepared. */
async function cached(db: Kysely<Schema>): Promise<number> {
  return db.getExecutor().provideConnection(async (c) => (c as unknown as { cachedStatements: number }).cachedStatements);
}

describe('the SQLite statement cache', () => {
  it('stays bounded and keeps the statements in use while others flood it', async () => {
    const storage = await openDatabase({ url: join(dir, 'bounded.sqlite') });
    const prepare = vi.spyOn(Database.prototype, 'prepare');
    try {
      const hot = () => sql<{ n: number }>`select ${1} as n`.execute(storage.db);
      await hot();
      for (let i = 0; i < STATEMENT_CACHE_SIZE * 3; i++) {
        expect((await sql.raw<{ n: number }>(`select ${i} as n`).execute(storage.db)).rows).toEqual([{ n: i }]);
        await hot();
        expect(await cached(storage.db)).toBeLessThanOrEqual(STATEMENT_CACHE_SIZE);
      }
      expect(await cached(storage.db)).toBe(STATEMENT_CACHE_SIZE);
      const texts = prepare.mock.calls.map((c) => String(c[0]));
      expect(texts.filter((t) => t === 'select ? as n')).toHaveLength(1);
      // The flood itself went through: the oldest of it was evicted and is prepared anew.
      await sql.raw('select 0 as n').execute(storage.db);
      expect(prepare.mock.calls.map((c) => String(c[0])).filter((t) => t === 'select 0 as n')).toHaveLength(2);
    } finally {
      prepare.mockRestore();
      await storage.close();
    }
  });

  it('runs a cached statement again after the schema under it changed', async () => {
    const storage = await openDatabase({ url: join(dir, 'schema.sqlite'), migrate: false });
    try {
      const db = storage.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      await sql`create table t (a integer)`.execute(db);
      await sql`insert into t (a) values (1)`.execute(db);
      const all = async () => (await db.selectFrom('t').selectAll().execute()) as unknown[];
      expect(await all()).toEqual([{ a: 1 }]);
      await sql`alter table t add column b text default 'x'`.execute(db);
      expect(await all()).toEqual([{ a: 1, b: 'x' }]);
      await sql`drop table t`.execute(db);
      await sql`create table t (c text)`.execute(db);
      await sql`insert into t (c) values ('y')`.execute(db);
      expect(await all()).toEqual([{ c: 'y' }]);
    } finally {
      await storage.close();
    }
  });
});
