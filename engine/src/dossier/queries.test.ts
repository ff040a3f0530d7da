// The officer's queue and the due-soon scan, on SQLite and (when available) PostgreSQL: which
// dossiers they return, in which order, page by page — checked against the same rules applied
// in plain code to a few hundred dossiers with ties and missing due times.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { random } from '@motcua/dsl/testing';
import { encodeJson } from '../storage/json-text.ts';
import { openDatabase, type Storage } from '../storage/open-database.ts';
import type { NewDossier } from '../storage/schema.ts';
import { DIALECTS, type Harness } from '../testing/databases.ts';
import { agencyStates, dueSoon, dueSoonQuery, officerQueue, officerQueueQuery, type QueueItem } from './queries.ts';

const HOUR = 3_600_000;
const NOW = Date.UTC(2025, 2, 4, 2); // 09:00 in Hà Nội
const AGENCIES = ['cong_an_xa', 'ubnd_xa', 'so_tu_phap'];
const STATES = ['submitted', 'processing', 'approval', 'supplementing', 'done'];


interface Seed {
  readonly id: string;
  readonly agency: string;
  readonly state: string;
  readonly due_at: number | null;
  /** dang_ky_thuong_tru when left out. */
  readonly procedure_id?: string;
}

function dossier(s: Seed): NewDossier {
  return {
    ...s,
    code: null,
    procedure_id: s.procedure_id ?? 'dang_ky_thuong_tru',
    definition_version: 1,
    citizen_id: '001099012345',
    snapshot: encodeJson({ status: 'active', value: s.state, context: {} }),
    form: encodeJson({}),
    channel: 'online',
    revision: 0,
    clock: encodeJson({ status: s.due_at === null ? 'not_started' : 'running' }),
    created_at: NOW - 48 * HOUR,
    updated_at: NOW - 48 * HOUR,
    outcome: null,
    state_due_at: null,
    prefilled: null,
    submitted_at: null,
    received_at: null,
    result_at: null,
    fee_total: null,
  };
}

/** 300 dossiers: ids in random order, 30% without a due time, due times on a coarse grid so many tie. */
function randomDossiers(): Seed[] {
  const r = random(2025).next; // the same dossiers on every run and dialect
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  return Array.from({ length: 300 }, () => ({
    id: `${hex(8)}-${hex(4)}-${hex(4)}`,
    agency: AGENCIES[Math.floor(r() * AGENCIES.length)]!,
    state: STATES[Math.floor(r() * STATES.length)]!,
    due_at: r() < 0.3 ? null : NOW - 24 * HOUR + Math.floor(r() * 20) * 6 * HOUR,
  }));
}

/**
 * One agency's crowd, for the procedure filter: 1,300 dossiers of dang_ky_tam_tru in processing
 * and approval — 1,100 due before any dang_ky_khai_sinh dossier (overdue by days), 200 without a
 * due time — and 60 of dang_ky_khai_sinh: 5 due among the crowd, 40 due days ahead on a coarse
 * grid (ties), 15 without a due time, whose ids fall among the crowd's.
 */
function crowdedAgency(): Seed[] {
  const r = random(2026).next;
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  const id = () => `${hex(8)}-${hex(4)}-${hex(4)}`;
  const state = () => (r() < 0.6 ? 'processing' : 'approval');
  const seed = (procedure_id: string, due_at: number | null): Seed => ({ id: id(), agency: 'so_noi_vu', state: state(), due_at, procedure_id });
  return [
    ...Array.from({ length: 1100 }, (_, i) => seed('dang_ky_tam_tru', NOW - 30 * 24 * HOUR + i * 60_000)),
    ...Array.from({ length: 200 }, () => seed('dang_ky_tam_tru', null)),
    ...Array.from({ length: 5 }, (_, i) => seed('dang_ky_khai_sinh', NOW - 30 * 24 * HOUR + i * 200 * 60_000 + 30_000)),
    ...Array.from({ length: 40 }, () => seed('dang_ky_khai_sinh', NOW + 72 * HOUR + Math.floor(r() * 10) * 6 * HOUR)),
    ...Array.from({ length: 15 }, () => seed('dang_ky_khai_sinh', null)),
  ];
}

/** The order the queue promises: soonest due first, no due time last, then by id. */
function queueOrder(a: Seed, b: Seed): number {
  if (a.due_at !== b.due_at) {
    if (a.due_at === null) return 1;
    if (b.due_at === null) return -1;
    return a.due_at - b.due_at;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const ids = (rows: readonly QueueItem[]) => rows.map((r) => r.id);

for (const { dialect, skip, harness: makeHarness } of DIALECTS) {
  describe.skipIf(skip)(`dossier list queries on ${dialect}`, () => {
    let harness: Harness;
    let storage: Storage;
    const seeds = randomDossiers();
    // Fixed ones at the edges of the due-soon window, in their own agency.
    const edges: Seed[] = [
      { id: 'edge-before', agency: 'so_xay_dung', state: 'processing', due_at: NOW - 1 },
      { id: 'edge-now', agency: 'so_xay_dung', state: 'processing', due_at: NOW },
      { id: 'edge-end', agency: 'so_xay_dung', state: 'approval', due_at: NOW + 24 * HOUR },
      { id: 'edge-after', agency: 'so_xay_dung', state: 'approval', due_at: NOW + 24 * HOUR + 1 },
      { id: 'edge-none', agency: 'so_xay_dung', state: 'processing', due_at: null },
    ];
    const crowd = crowdedAgency();
    const all = [...seeds, ...edges, ...crowd];

    beforeAll(async () => {
      harness = makeHarness();
      storage = await openDatabase(harness.freshOptions());
      await storage.db
        .insertInto('definitions')
        .values(['dang_ky_thuong_tru', 'dang_ky_tam_tru', 'dang_ky_khai_sinh'].map((procedure_id) => ({ procedure_id, version: 1, source_hash: '0'.repeat(64), ir: encodeJson({}), effective_from: null, effective_until: null, published_at: NOW })))
        .execute();
      for (let i = 0; i < all.length; i += 200) await storage.db.insertInto('dossiers').values(all.slice(i, i + 200).map(dossier)).execute();
    });
    afterAll(async () => {
      await storage?.close();
      await harness?.cleanup();
    });

    it('lists one agency’s dossiers in the given states, soonest due first and those without a due time last', async () => {
      const rows = await officerQueue(storage.db, { agency: 'so_xay_dung', states: ['processing', 'approval'], limit: 50 });
      expect(ids(rows)).toEqual(['edge-before', 'edge-now', 'edge-end', 'edge-after', 'edge-none']);
      expect(rows[1]).toMatchObject({ agency: 'so_xay_dung', state: 'processing', due_at: NOW, procedure_id: 'dang_ky_thuong_tru', revision: 0 });
      expect(ids(await officerQueue(storage.db, { agency: 'so_xay_dung', states: ['approval'] }))).toEqual(['edge-end', 'edge-after']);
    });

    it('matches the rule on every agency and set of states, ties broken by id', async () => {
      for (const agency of AGENCIES) {
        for (const states of [['processing'], ['submitted'], ['approval', 'processing'], ['done', 'submitted', 'supplementing'], STATES]) {
          const expected = all.filter((s) => s.agency === agency && states.includes(s.state)).sort(queueOrder);
          expect(expected.some((s) => s.due_at === null)).toBe(true);
          const rows = await officerQueue(storage.db, { agency, states, limit: 500 });
          expect(ids(rows), `${agency} ${states.join(',')}`).toEqual(expected.map((s) => s.id));
        }
      }
    });

    it('pages without overlap or gap, past the dossiers without a due time, and returns nothing past the end', async () => {
      const states = ['processing', 'approval', 'submitted'];
      const expected = all.filter((s) => s.agency === 'cong_an_xa' && states.includes(s.state)).sort(queueOrder).map((s) => s.id);
      const seen: string[] = [];
      for (let offset = 0; ; offset += 7) {
        const page = await officerQueue(storage.db, { agency: 'cong_an_xa', states, limit: 7, offset });
        expect(page.length).toBeLessThanOrEqual(7);
        if (page.length === 0) break;
        seen.push(...ids(page));
      }
      expect(seen).toEqual(expected);
      expect(await officerQueue(storage.db, { agency: 'cong_an_xa', states, offset: expected.length })).toEqual([]);
      expect(await officerQueue(storage.db, { agency: 'khong_co', states })).toEqual([]);
    });

    it('without states, takes every state the agency’s dossiers are in', async () => {
      expect(await agencyStates(storage.db, 'so_xay_dung')).toEqual(['approval', 'processing']);
      expect(await agencyStates(storage.db, 'khong_co')).toEqual([]);
      const expected = all.filter((s) => s.agency === 'ubnd_xa').sort(queueOrder).map((s) => s.id);
      expect(ids(await officerQueue(storage.db, { agency: 'ubnd_xa', limit: 1000 }))).toEqual(expected);
      expect(ids(await officerQueue(storage.db, { agency: 'ubnd_xa', limit: 10, offset: 20 }))).toEqual(expected.slice(20, 30));
      expect(await officerQueue(storage.db, { agency: 'khong_co' })).toEqual([]);
    });

    it('filtered by procedure, lists every dossier of it in due order, however many of other procedures come first', async () => {
      const inQueue = (states: readonly string[]) => crowd.filter((s) => s.procedure_id === 'dang_ky_khai_sinh' && states.includes(s.state)).sort(queueOrder).map((s) => s.id);
      // The crowd comes first in the unfiltered queue: the first 1,000 hold none of them past the 5 among it.
      const unfiltered = await officerQueue(storage.db, { agency: 'so_noi_vu', states: ['processing', 'approval'], limit: 1000 });
      expect(unfiltered.filter((r) => r.procedure_id === 'dang_ky_khai_sinh').length).toBeLessThanOrEqual(5);
      for (const states of [['processing'], ['approval'], ['approval', 'processing']]) {
        const expected = inQueue(states);
        expect(expected.length).toBeGreaterThan(10);
        const rows = await officerQueue(storage.db, { agency: 'so_noi_vu', states, procedureId: 'dang_ky_khai_sinh', limit: 200 });
        expect(ids(rows), states.join(',')).toEqual(expected);
        expect(rows.every((r) => r.procedure_id === 'dang_ky_khai_sinh' && r.agency === 'so_noi_vu')).toBe(true);
      }
      // Without states: every state the agency's dossiers are in.
      expect(ids(await officerQueue(storage.db, { agency: 'so_noi_vu', procedureId: 'dang_ky_khai_sinh', limit: 200 }))).toEqual(inQueue(['processing', 'approval']));
      // The other procedure, and one the agency has no dossier of.
      const tamTru = crowd.filter((s) => s.procedure_id === 'dang_ky_tam_tru').sort(queueOrder).map((s) => s.id);
      expect(ids(await officerQueue(storage.db, { agency: 'so_noi_vu', procedureId: 'dang_ky_tam_tru', limit: 200, offset: 1050 }))).toEqual(tamTru.slice(1050, 1250));
      expect(await officerQueue(storage.db, { agency: 'so_noi_vu', states: ['processing', 'approval'], procedureId: 'dang_ky_thuong_tru' })).toEqual([]);
      expect(await officerQueue(storage.db, { agency: 'cong_an_xa', states: ['processing'], procedureId: 'dang_ky_khai_sinh' })).toEqual([]);
    });

    it('pages through the dossiers of one procedure without overlap or gap, past those without a due time', async () => {
      const states = ['processing', 'approval'];
      const expected = crowd.filter((s) => s.procedure_id === 'dang_ky_khai_sinh').sort(queueOrder).map((s) => s.id);
      const seen: string[] = [];
      for (let offset = 0; ; offset += 7) {
        const page = await officerQueue(storage.db, { agency: 'so_noi_vu', states, procedureId: 'dang_ky_khai_sinh', limit: 7, offset });
        expect(page.length).toBeLessThanOrEqual(7);
        if (page.length === 0) break;
        seen.push(...ids(page));
      }
      expect(seen).toEqual(expected);
      expect(ids(await officerQueue(storage.db, { agency: 'so_noi_vu', states, procedureId: 'dang_ky_khai_sinh', limit: 20, offset: 30 }))).toEqual(expected.slice(30, 50));
      expect(await officerQueue(storage.db, { agency: 'so_noi_vu', states, procedureId: 'dang_ky_khai_sinh', offset: expected.length })).toEqual([]);
    });

    it('refuses a page size or offset that is not a whole number', () => {
      expect(() => officerQueueQuery(storage.db, { agency: 'x', states: ['a'], limit: 0 })).toThrow(RangeError);
      expect(() => officerQueueQuery(storage.db, { agency: 'x', states: ['a'], offset: -1 })).toThrow(RangeError);
      expect(() => officerQueueQuery(storage.db, { agency: 'x', states: [] })).toThrow(RangeError);
      expect(() => dueSoonQuery(storage.db, { now: NOW, within: -1 })).toThrow(RangeError);
    });

    it('finds the running dossiers due from now to the end of the window, both ends included, soonest first', async () => {
      const rows = await dueSoon(storage.db, { now: NOW, within: 24 * HOUR, limit: 1000 });
      const expected = all.filter((s) => s.due_at !== null && s.due_at >= NOW && s.due_at <= NOW + 24 * HOUR).sort(queueOrder);
      expect(expected.length).toBeGreaterThan(20);
      expect(ids(rows)).toEqual(expected.map((s) => s.id));
      expect(ids(rows)).toContain('edge-now');
      expect(ids(rows)).toContain('edge-end');
      expect(ids(rows)).not.toContain('edge-before'); // already overdue
      expect(ids(rows)).not.toContain('edge-after');
      expect(ids(await dueSoon(storage.db, { now: NOW, within: 24 * HOUR, limit: 3 }))).toEqual(expected.slice(0, 3).map((s) => s.id));
      expect(await dueSoon(storage.db, { now: NOW + 1000 * HOUR, within: HOUR })).toEqual([]);
    });

    it('continues a due-soon scan after the last dossier of the previous batch, through ties', async () => {
      const expected = all.filter((s) => s.due_at !== null && s.due_at >= NOW && s.due_at <= NOW + 48 * HOUR).sort(queueOrder).map((s) => s.id);
      const seen: string[] = [];
      let after: { dueAt: number; id: string } | undefined;
      for (;;) {
        const batch = await dueSoon(storage.db, { now: NOW, within: 48 * HOUR, limit: 4, ...(after ? { after } : {}) });
        if (batch.length === 0) break;
        seen.push(...ids(batch));
        const last = batch.at(-1)!;
        after = { dueAt: last.due_at!, id: last.id };
      }
      expect(seen).toEqual(expected);
    });

    it.skipIf(dialect !== 'sqlite')('reads both in index order, with no sort step (SQLite query plan)', async () => {
      const plan = async (query: { compile(): { sql: string; parameters: readonly unknown[] } }) => {
        const c = query.compile();
        const { rows } = await storage.db.executeQuery<{ detail: string }>({ ...c, sql: `explain query plan ${c.sql}` } as never);
        return rows.map((r) => r.detail).join('\n');
      };
      const queue = await plan(officerQueueQuery(storage.db, { agency: 'cong_an_xa', states: ['processing', 'approval'] }));
      expect(queue).toContain('MERGE (UNION ALL)');
      expect(queue).toMatch(/USING COVERING INDEX dossiers_queue_idx \(agency=\? AND state=\?\)/);
      expect(queue).not.toContain('TEMP B-TREE');
      expect(officerQueueQuery(storage.db, { agency: 'cong_an_xa', states: ['processing', 'approval'] }).compile().sql).not.toContain('"procedure_id" =');
      // Filtered by procedure: each arm still reads its range of dossiers_queue_idx in order (the
      // procedure a residual test on each entry's row), and the arms are merged, not sorted.
      const filtered = await plan(officerQueueQuery(storage.db, { agency: 'so_noi_vu', states: ['processing', 'approval'], procedureId: 'dang_ky_khai_sinh' }));
      expect(filtered).toContain('MERGE (UNION ALL)');
      expect(filtered.match(/USING INDEX dossiers_queue_idx \(agency=\? AND state=\?\)/g)).toHaveLength(2);
      expect(filtered).not.toContain('TEMP B-TREE');
      const due = await plan(dueSoonQuery(storage.db, { now: NOW, within: HOUR }));
      expect(due).toMatch(/USING INDEX dossiers_due_idx \(due_at>\? AND due_at<\?\)/);
      expect(due).not.toContain('TEMP B-TREE');
    });
  });
}
