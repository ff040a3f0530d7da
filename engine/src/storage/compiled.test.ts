// Statements compiled once: the same rows as the query built per call, on every dialect; built
// once per dialect and shape; the call's values, never the first call's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, type Harness } from '../testing/databases.ts';
import type { KyselyPlugin, Transaction } from 'kysely';
import { statement } from './compiled.ts';
import { inTransaction, openDatabase, type Storage } from './open-database.ts';
import type { Database } from './schema.ts';

for (const { dialect, skip, harness: makeHarness } of DIALECTS) {
  describe.skipIf(skip)(`statements compiled once on ${dialect}`, () => {
    let harness: Harness;
    let storage: Storage;

    beforeAll(async () => {
      harness = makeHarness();
      storage = await openDatabase(harness.freshOptions());
      await storage.db
        .insertInto('daily_sequences')
        .values([
          { unit_code: 'A', day: '250101', last: 1 },
          { unit_code: 'A', day: '250102', last: 2 },
          { unit_code: 'B', day: '250101', last: 3 },
        ])
        .execute();
    });
    afterAll(async () => {
      await storage?.close();
      await harness?.cleanup();
    });

    it('builds the query once and runs it with each call’s values', async () => {
      let builds = 0;
      const ofUnit = statement<{ unit: string; above: number }, { last: number }>((db, p) => {
        builds++;
        return db.selectFrom('daily_sequences').select('last').where('unit_code', '=', p.unit).where('last', '>', p.above).orderBy('last');
      });
      const lasts = async (unit: string, above: number) => (await ofUnit.execute(storage.db, { unit, above })).rows.map((r) => Number(r.last));
      expect(await lasts('A', 0)).toEqual([1, 2]);
      expect(await lasts('A', 1)).toEqual([2]);
      expect(await lasts('B', 0)).toEqual([3]);
      expect(await lasts('C', 0)).toEqual([]);
      expect(builds).toBe(1);
      // The same rows as the query kysely builds per call.
      const built = await storage.db.selectFrom('daily_sequences').select('last').where('unit_code', '=', 'A').where('last', '>', 1).orderBy('last').execute();
      expect(built.map((r) => Number(r.last))).toEqual(await lasts('A', 1));
    });

    it('keeps one compiled query per shape the caller names', async () => {
      let builds = 0;
      const ofDays = statement<Record<string, unknown>, { last: number }>((db, p, n) => {
        builds++;
        const days = Array.from({ length: Number(n) }, (_, i) => p[`day${i}`] as string);
        return db.selectFrom('daily_sequences').select('last').where('day', 'in', days).orderBy('last');
      });
      const lasts = async (...days: string[]) =>
        (await ofDays.execute(storage.db, Object.fromEntries(days.map((x, i) => [`day${i}`, x])), days.length)).rows.map((r) => Number(r.last));
      expect(await lasts('250101')).toEqual([1, 3]);
      expect(await lasts('250102', '250101')).toEqual([1, 2, 3]);
      expect(await lasts('250103')).toEqual([]);
      expect(builds).toBe(2);
    });

    it('writes in the caller’s transaction, rolled back with it', async () => {
      const insert = statement<{ unit: string }>((db, p) => db.insertInto('daily_sequences').values({ unit_code: p.unit, day: '250101', last: 9 }));
      await expect(
        storage.db.transaction().execute(async (trx) => {
          await insert.execute(trx, { unit: 'ROLLED' });
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      await storage.db.transaction().execute((trx) => insert.execute(trx, { unit: 'KEPT' }));
      const units = await storage.db.selectFrom('daily_sequences').select('unit_code').where('unit_code', 'in', ['ROLLED', 'KEPT']).execute();
      expect(units.map((r) => r.unit_code)).toEqual(['KEPT']);
    });

    it('runs in inTransaction’s transaction, on its connection, rolled back with it', async () => {
      const insert = statement<{ unit: string }>((db, p) => db.insertInto('daily_sequences').values({ unit_code: p.unit, day: '250102', last: 9 }));
      const units = async (db: typeof storage.db) =>
        (await db.selectFrom('daily_sequences').select('unit_code').where('unit_code', 'in', ['TX-ROLLED', 'TX-KEPT']).execute()).map((r) => r.unit_code);
      await expect(
        inTransaction(storage.db, async (trx) => {
          await insert.execute(trx, { unit: 'TX-ROLLED' });
          expect(await units(trx)).toEqual(['TX-ROLLED']);
          // PostgreSQL: another connection does not see it before commit (SQLite has one connection).
          if (dialect === 'postgres') expect(await units(storage.db)).toEqual([]);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      await inTransaction(storage.db, (trx) => insert.execute(trx, { unit: 'TX-KEPT' }));
      expect(await units(storage.db)).toEqual(['TX-KEPT']);
    });

    it('reports a statement the database refuses as a rejected promise, in a transaction too', async () => {
      const insert = statement<{ unit: string }>((db, p) => db.insertInto('daily_sequences').values({ unit_code: p.unit, day: '250101', last: 1 }));
      const outside = insert.execute(storage.db, { unit: 'A' }); // (A, 250101) exists
      expect(outside).toBeInstanceOf(Promise);
      await expect(outside).rejects.toThrow(/unique|duplicate/i);
      await expect(
        inTransaction(storage.db, async (trx) => {
          const inside = insert.execute(trx, { unit: 'A' });
          expect(inside).toBeInstanceOf(Promise);
          await inside;
        }),
      ).rejects.toThrow(/unique|duplicate/i);
    });

    it('runs a statement outside transactions after the transaction in progress, never inside it', async () => {
      const insert = statement<{ unit: string }>((db, p) => db.insertInto('daily_sequences').values({ unit_code: p.unit, day: '250103', last: 1 }));
      const units = async () =>
        (await storage.db.selectFrom('daily_sequences').select('unit_code').where('day', '=', '250103').orderBy('unit_code').execute()).map((r) => r.unit_code);
      await insert.execute(storage.db, { unit: 'FIRST' });
      await new Promise((r) => setTimeout(r, 10)); // whatever the handle learns on its first call, it has learnt
      let outside: Promise<unknown> | undefined;
      await expect(
        inTransaction(storage.db, async (trx) => {
          await insert.execute(trx, { unit: 'INSIDE' });
          outside = insert.execute(storage.db, { unit: 'OUTSIDE' });
          await new Promise((r) => setTimeout(r, 20));
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      await outside;
      expect(await units()).toEqual(['FIRST', 'OUTSIDE']);
    });

    it('refuses a transaction that has ended, as kysely does', async () => {
      const ofUnit = statement<{ unit: string }>((db, p) => db.selectFrom('daily_sequences').select('last').where('unit_code', '=', p.unit));
      let leaked: Transaction<Database> | undefined;
      await inTransaction(storage.db, async (trx) => {
        leaked = trx;
        expect((await ofUnit.execute(trx, { unit: 'B' })).rows.map((r) => Number((r as { last: number }).last))).toEqual([3]);
      });
      await expect(ofUnit.execute(leaked!, { unit: 'B' })).rejects.toThrow(/already committed/);
    });

    it('sends a handle with plugins through them, also once the statement is compiled', async () => {
      const seen: string[] = [];
      const plugin: KyselyPlugin = {
        transformQuery: ({ node }) => {
          seen.push(node.kind);
          return node;
        },
        transformResult: async ({ result }) => result,
      };
      const ofUnit = statement<{ unit: string }, { last: number }>((db, p) => db.selectFrom('daily_sequences').select('last').where('unit_code', '=', p.unit));
      expect((await ofUnit.execute(storage.db, { unit: 'B' })).rows.map((r) => Number(r.last))).toEqual([3]);
      expect((await ofUnit.execute(storage.db.withPlugin(plugin), { unit: 'B' })).rows.map((r) => Number(r.last))).toEqual([3]);
      expect(seen).toEqual(['SelectQueryNode']);
    });

    it('refuses a call that leaves a value out instead of sending a placeholder', async () => {
      const ofUnit = statement<{ unit: string }>((db, p) => db.selectFrom('daily_sequences').selectAll().where('unit_code', '=', p.unit));
      await expect(ofUnit.execute(storage.db, {} as { unit: string })).rejects.toThrow('no value for «unit»');
    });
  });
}
