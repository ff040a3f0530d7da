// One call of runTimers fires every timer due by its instant, however many dossiers and timers
// that is against its batch size, and ends when some dossier cannot be fired — on SQLite and
// (when available) PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { localDateTime } from '../calendar/index.ts';
import { SampleRegistry } from '../sources/sample-registry.ts';
import { BlobStore } from '../storage/blob-store.ts';
import { openDatabase, type Storage } from '../storage/open-database.ts';
import { pendingTimers } from '../storage/timers.ts';
import { compileLibrary } from '../testing/compile.ts';
import { DIALECTS, type Harness } from '../testing/databases.ts';
import { DossierEngine } from './engine.ts';
import type { Actor } from './types.ts';

const OWNER = '001099012345'; // owns Số 5 Lê Lợi, phường Hồng Gai (procedures/registries/README.md)
const at = (y: number, mo: number, d: number, h = 0, mi = 0) => localDateTime(y, mo, d, h, mi);
const reception: Actor = { id: 'tiep-nhan-1', role: 'reception', agency: 'cong_an_xa' };
const citizen = (id: string): Actor => ({ id, role: 'citizen' });
const TIMER_EVENTS = ['due_soon', 'overdue', 'sla_breached'];
/** The batch size of every call here: fewer than the dossiers due. */
const LIMIT = 2;

for (const { dialect, skip, harness: makeHarness } of DIALECTS) {
  describe.skipIf(skip)(`runTimers on ${dialect}`, () => {
    let harness: Harness;
    let storage: Storage;
    let engine: DossierEngine;
    let now: number;
    let blobDir: string;
    const thuongTru = compileLibrary('dang_ky_thuong_tru');

    beforeAll(() => {
      harness = makeHarness();
      blobDir = mkdtempSync(join(tmpdir(), 'motcua-blobs-'));
    });
    afterAll(async () => {
      await harness?.cleanup();
      rmSync(blobDir, { recursive: true, force: true });
    });
    // A database of its own for each test: nothing another test left due.
    beforeEach(async () => {
      now = at(2025, 3, 4, 9);
      storage = await openDatabase(harness.freshOptions());
      engine = new DossierEngine({ storage, registry: await SampleRegistry.load(), blobs: new BlobStore(blobDir), now: () => now });
      await engine.publish(thuongTru);
    });
    afterEach(async () => {
      await storage?.close();
    });

    /** An online owner's dossier, submitted (one timer: the SLA of «submitted»), accepted if asked (three: SLA, warning, overdue). */
    async function dossier(accepted: boolean): Promise<string> {
      const d = await engine.createDraft({ procedureId: 'dang_ky_thuong_tru', channel: 'online', actor: citizen(OWNER) });
      await engine.updateForm(d.id, { address: 'Số 5 Lê Lợi, phường Hồng Gai', housing: 'owner' }, citizen(OWNER));
      await engine.recordPayment(d.id, { provider: 'test', reference: `pay-${d.id}`, amount: 10_000 });
      await engine.act(d.id, 'submit', { actor: citizen(OWNER) });
      if (accepted) await engine.act(d.id, 'accept', { actor: reception });
      return d.id;
    }
    const pendingOf = async (id: string) =>
      pendingTimers((await storage.db.selectFrom('dossiers').select('timers').where('id', '=', id).executeTakeFirstOrThrow()).timers);
    const timerEventsOf = async (id: string) => (await engine.timeline(id)).filter((e) => TIMER_EVENTS.includes(e.type)).map((e) => e.type);

    it('fires the timers of more due dossiers than its batch size in one call', async () => {
      // Five dossiers submitted at the same instant: their SLA timers fall due together (one next_timer_at).
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await dossier(false));
      const planned = (await Promise.all(ids.map(pendingOf))).reduce((n, p) => n + p.length, 0);
      expect(planned).toBe(ids.length);
      now = at(2025, 5, 5, 9); // past every timer planned
      expect(await engine.runTimers('w', LIMIT)).toBe(planned);
      for (const id of ids) {
        expect(await timerEventsOf(id), id).toEqual(['sla_breached']);
        expect(await pendingOf(id), id).toEqual([]);
      }
      expect(await engine.runTimers('w', LIMIT)).toBe(0);
    });

    it('fires them all in one call when the dossiers of a batch have several timers due each', async () => {
      // Three timers each: a batch of two dossiers fires six, more than the batch size.
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        now = at(2025, 3, 4, 9, 10 * i);
        ids.push(await dossier(true));
      }
      const planned = (await Promise.all(ids.map(pendingOf))).reduce((n, p) => n + p.length, 0);
      expect(planned).toBe(ids.length * 3);
      now = at(2025, 5, 5, 9);
      expect(await engine.runTimers('w', LIMIT)).toBe(planned);
      for (const id of ids) {
        expect((await timerEventsOf(id)).sort(), id).toEqual([...TIMER_EVENTS].sort());
        expect(await pendingOf(id), id).toEqual([]);
      }
      expect(await engine.runTimers('w', LIMIT)).toBe(0);
    });

    it('tries a dossier that cannot be fired once per call, fires the others, and ends', async () => {
      // More broken dossiers than a batch holds, due first (and due together with the first healthy one).
      const broken: string[] = [];
      for (let i = 0; i < 3; i++) broken.push(await dossier(false));
      const healthy: string[] = [await dossier(false)];
      for (let i = 1; i < 3; i++) {
        now = at(2025, 3, 4, 9, i);
        healthy.push(await dossier(false));
      }
      // Their timers columns damaged (next_timer_at left as it was): the engine cannot act on them.
      for (const id of broken) await storage.db.updateTable('dossiers').set({ timers: '[{"kind":"overdue"}]' as never }).where('id', '=', id).execute();
      now = at(2025, 5, 5, 9);
      const heard: string[] = [];
      expect(await engine.runTimers('w', LIMIT, (id) => heard.push(id))).toBe(healthy.length);
      expect([...heard].sort()).toEqual([...broken].sort());
      for (const id of healthy) expect(await timerEventsOf(id), id).toEqual(['sla_breached']);
      for (const id of broken) expect(await timerEventsOf(id), id).toEqual([]);
      // Still due: tried again on the next call, once each, and nothing else fires.
      heard.length = 0;
      expect(await engine.runTimers('w', LIMIT, (id) => heard.push(id))).toBe(0);
      expect([...heard].sort()).toEqual([...broken].sort());
      // Nobody listening: thrown, once all were tried.
      const another = await dossier(false);
      now = at(2025, 7, 7, 9);
      await expect(engine.runTimers('w', LIMIT)).rejects.toThrow(AggregateError);
      expect(await timerEventsOf(another)).toEqual(['sla_breached']);
    });
  });
}
