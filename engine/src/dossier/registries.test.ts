// The results store laid over the registries: a later procedure reads, for each field a result
// published about a subject, the latest value (the last published; of two published at the same
// moment, the one stored last) — however long that subject's history grows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeJson } from '../storage/json-text.ts';
import { openDatabase, type Storage } from '../storage/open-database.ts';
import { MemoryRegistry, ResultsStoreRegistry } from './registries.ts';
import { DIALECTS, type Harness } from '../testing/databases.ts';

for (const { dialect, skip, harness: makeHarness } of DIALECTS) {
  describe.skipIf(skip)(`the results store over the registries on ${dialect}`, () => {
    let harness: Harness;
    let storage: Storage;
    beforeAll(async () => {
      harness = makeHarness();
      storage = await openDatabase(harness.freshOptions());
    });
    afterAll(async () => {
      await storage?.close();
      await harness?.cleanup();
    });

    const publish = (source: string, subject: string, field: string, value: unknown, at: number) =>
      storage.db.insertInto('results_store').values({ source, subject_id: subject, field, value: encodeJson(value), dossier_id: null, published_at: at }).execute();

    it('gives the latest value of each field, over the base registry, ties going to the one stored last', async () => {
      const base = new MemoryRegistry({ civil: { '001': { name: 'Base', born: '2000-01-01', kept: 'from the registry' } } });
      const registry = new ResultsStoreRegistry(storage.db, base);
      await publish('civil', '001', 'name', 'First', 1_000);
      await publish('civil', '001', 'born', '2001-02-03', 1_000);
      await publish('civil', '001', 'name', 'Second', 3_000);
      await publish('civil', '001', 'name', 'Too early', 2_000); // stored later, published earlier
      await publish('civil', '001', 'spouse', 'A', 5_000);
      await publish('civil', '001', 'spouse', 'B', 5_000); // same moment: stored last wins
      await publish('civil', '002', 'name', 'Someone else', 9_000);
      await publish('land', '001', 'name', 'Another source', 9_000);
      expect(await registry.read('civil', '001')).toEqual({ name: 'Second', born: '2001-02-03', kept: 'from the registry', spouse: 'B' });
      expect(await registry.read('civil', '002')).toEqual({ name: 'Someone else' });
      expect(await registry.read('civil', '003')).toBeUndefined();
      expect(await registry.read('land', '001')).toEqual({ name: 'Another source' });
    });

    it('answers as the whole history would, for a subject with many results', async () => {
      const registry = new ResultsStoreRegistry(storage.db, new MemoryRegistry());
      const expected: Record<string, unknown> = {};
      for (let i = 0; i < 300; i++) {
        const field = `f${i % 7}`;
        const at = 10_000 + ((i * 37) % 101); // out of order, with ties
        await publish('household', 'h1', field, i, at);
        const best = (expected[`${field}@`] as [number, number] | undefined) ?? [-1, -1];
        if (at >= best[0]) {
          expected[`${field}@`] = [at, i];
          expected[field] = i;
        }
      }
      for (const k of Object.keys(expected)) if (k.endsWith('@')) delete expected[k];
      expect(await registry.read('household', 'h1')).toEqual(expected);
    });
  });
}
