// The statistics counters (stats_daily): a dossier's share of them, the migration that creates and
// back-fills them from existing rows (and its down), an action that counts nothing writing
// nothing to them, and `motcua doctor` reporting counters that differ from a recount. On SQLite,
// and on PostgreSQL when MOTCUA_TEST_DATABASE_URL is set.
import { random as seededRandom } from '@motcua/dsl/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcedureIR } from '@motcua/dsl';
import { localDateTime } from '../calendar/index.ts';
import { checkDossiers } from '../dossier/doctor.ts';
import { DossierEngine } from '../dossier/engine.ts';
import type { Actor } from '../dossier/types.ts';
import { SampleRegistry } from '../sources/sample-registry.ts';
import { compileLibrary } from '../testing/compile.ts';
import { DIALECTS, type Harness } from '../testing/databases.ts';
import { BlobStore } from './blob-store.ts';
import { publishDefinition, sourceHash } from './definitions.ts';
import { encodeJson } from './json-text.ts';
import { migrateToLatest, storageMigrations } from './migrations.ts';
import { openDatabase, type Storage } from './open-database.ts';
import type { NewDossier } from './schema.ts';
import { ALL_TIME, contribution, difference, finalStatesOf, localDay, sameShare, STATS_COUNTERS, type StatsRow } from './stats-counters.ts';

const OWNER = '001099012345'; // owns Số 5 Lê Lợi, phường Hồng Gai (procedures/registries/README.md)
const citizen: Actor = { id: OWNER, role: 'citizen' };
const reception: Actor = { id: 'tiep-nhan-1', role: 'reception', agency: 'cong_an_xa' };
const specialist: Actor = { id: 'chuyen-vien-1', role: 'specialist', agency: 'cong_an_xa' };
const leader: Actor = { id: 'truong-cax', role: 'leader', agency: 'cong_an_xa' };
const BEFORE_COUNTERS = '0004_fewer_pages_per_action';

describe('a dossier’s share of the counters', () => {
  const row = {
    state: 'processing',
    procedure_id: 'p',
    agency: 'a',
    channel: 'online',
    received_at: localDateTime(2025, 3, 3, 23, 30),
    result_at: null,
    outcome: null,
    fee_total: 10_000,
  };
  const finalStates = new Set(['done', 'refused']);

  it('counts nothing for a draft', () => {
    expect(contribution({ ...row, state: 'draft' }, { paidOnline: true, finalStates })).toEqual([]);
  });

  it('counts a received dossier on its local receipt day, its month and all time, pending while not final', () => {
    const rows = contribution(row, { paidOnline: true, finalStates });
    const received = { received: 1, online: 1, with_fee: 1, paid_online: 1, early: 0, on_time: 0, late: 0 };
    expect(rows).toEqual([
      { day: ALL_TIME, procedure_id: 'p', agency: 'a', dossiers: 1, pending: 1, ...received },
      { day: '2025-03-03', procedure_id: 'p', agency: 'a', dossiers: 0, pending: 0, ...received },
      { day: '2025-03', procedure_id: 'p', agency: 'a', dossiers: 0, pending: 0, ...received },
    ]);
    expect(localDay(localDateTime(2025, 3, 3, 23, 59) + 59_999)).toBe('2025-03-03');
    expect(localDay(localDateTime(2025, 3, 4, 0, 0))).toBe('2025-03-04');
  });

  it('counts the outcome on the result day, in the receipt day’s row when it is the same, and leaves pending when final', () => {
    const done = { ...row, state: 'done', result_at: localDateTime(2025, 3, 3, 23, 45), outcome: 'early', channel: 'in_person', fee_total: 0 };
    expect(contribution(done, { paidOnline: true, finalStates })).toEqual([
      expect.objectContaining({ day: ALL_TIME, dossiers: 1, pending: 0, received: 1, early: 1 }),
      expect.objectContaining({ day: '2025-03-03', received: 1, online: 0, with_fee: 0, paid_online: 0, early: 1 }),
      expect.objectContaining({ day: '2025-03', received: 1, early: 1 }),
    ]);
    const later = { ...done, result_at: localDateTime(2025, 4, 10, 9, 0), outcome: 'late' };
    expect(contribution(later, { paidOnline: false, finalStates }).map((r) => [r.day, r.received, r.late])).toEqual([
      ['*', 1, 1],
      ['2025-03-03', 1, 0],
      ['2025-03', 1, 0],
      ['2025-04-10', 0, 1],
      ['2025-04', 0, 1],
    ]);
  });

  it('gives the difference of two rows, nothing when nothing counted changed', () => {
    const share = (r: typeof row) => contribution(r, { paidOnline: false, finalStates });
    expect(difference(share(row), share({ ...row, state: 'approval' }))).toEqual([]);
    const moved = difference(share(row), share({ ...row, agency: 'b' }));
    expect(moved.map((r) => [r.day, r.agency, r.dossiers, r.received])).toEqual([
      ['*', 'a', -1, -1],
      ['*', 'b', 1, 1],
      ['2025-03', 'a', 0, -1],
      ['2025-03', 'b', 0, 1],
      ['2025-03-03', 'a', 0, -1],
      ['2025-03-03', 'b', 0, 1],
    ]);
  });

  it('skips the counting of a change that moves nothing counted, and only such a change', () => {
    // sameShare is the shortcut countDossierChange takes before building both shares: it may
    // answer "not the same" for rows whose shares happen to agree, never "the same" for rows
    // whose shares differ. Rows from a small domain, every pair compared with the full difference.
    const { pick, chance } = seededRandom(66);
    const day = localDateTime(2025, 3, 3, 9, 0);
    const domain = {
      state: ['draft', 'submitted', 'processing', 'approval', 'done', 'refused'],
      procedure_id: ['p', 'q'],
      agency: ['a', 'b'],
      channel: ['online', 'counter'],
      received_at: [null, day, day + 3_600_000, day + 86_400_000, String(day)],
      result_at: [null, day + 86_400_000],
      outcome: [null, 'early', 'late'],
      fee_total: [null, 0, 10_000, '10000'],
      paid_online: [null, 0, 1],
      definition_version: [1],
    } as const;
    type Row = { -readonly [K in keyof typeof domain]: (typeof domain)[K][number] };
    const make = (): Row => Object.fromEntries(Object.entries(domain).map(([k, xs]) => [k, pick(xs)])) as Row;
    // The other row: this one with one column changed, else one drawn afresh.
    const other = (a: Row): Row => {
      if (chance(0.2)) return make();
      const column = pick(Object.keys(domain)) as keyof Row;
      return { ...a, [column]: pick(domain[column]) };
    };
    const share = (r: Row) => contribution(r as never, { paidOnline: Number(r.paid_online ?? 0) > 0, finalStates });
    let same = 0;
    for (let i = 0; i < 4000; i++) {
      const a = make();
      const b = other(a);
      const d = difference(share(a), share(b));
      if (sameShare(a as never, b as never, finalStates)) {
        same++;
        expect(d, JSON.stringify([a, b])).toEqual([]);
      }
    }
    // A proposal (processing → approval) and the text a PostgreSQL row has for a bigint are "the same".
    expect(sameShare(row as never, { ...row, state: 'approval' } as never, finalStates)).toBe(true);
    expect(sameShare(row as never, { ...row, received_at: String(row.received_at), fee_total: '10000' } as never, finalStates)).toBe(true);
    expect(sameShare(row as never, { ...row, state: 'done' } as never, finalStates)).toBe(false);
    expect(same).toBeGreaterThan(400);
  });
});

for (const { dialect, skip, harness: makeHarness } of DIALECTS) {
  describe.skipIf(skip)(`statistics counters on ${dialect}`, () => {
    let harness: Harness;
    let blobDir: string;
    const opened: Storage[] = [];
    const thuongTru = compileLibrary('dang_ky_thuong_tru');
    const tamTru = compileLibrary('dang_ky_tam_tru');

    beforeAll(() => {
      harness = makeHarness();
      blobDir = mkdtempSync(join(tmpdir(), 'motcua-stats-blobs-'));
    });
    afterAll(async () => {
      for (const s of opened) await s.close();
      await harness?.cleanup();
      rmSync(blobDir, { recursive: true, force: true });
    });

    async function open(migrate = true): Promise<Storage> {
      const s = await openDatabase({ ...harness.freshOptions(), migrate });
      opened.push(s);
      return s;
    }
    const migrator = (s: Storage) =>
      new Migrator({ db: s.db, provider: { getMigrations: async () => storageMigrations(s.dialect) }, ...(s.dialect === 'postgres' ? { migrationTableSchema: s.location } : {}) });
    const order = (a: StatsRow, b: StatsRow) => (a.day !== b.day ? (a.day < b.day ? -1 : 1) : a.procedure_id !== b.procedure_id ? (a.procedure_id < b.procedure_id ? -1 : 1) : a.agency < b.agency ? -1 : 1);
    /** The counters that are not all zero, in key order (rows a change brought back to zero stay in the table). */
    const counters = async (s: Storage): Promise<StatsRow[]> =>
      (await s.db.selectFrom('stats_daily').selectAll().execute())
        .map((r) => ({ ...r, ...Object.fromEntries(STATS_COUNTERS.map((c) => [c, Number(r[c])])) }) as StatsRow)
        .filter((r) => STATS_COUNTERS.some((c) => r[c] !== 0))
        .sort(order);
    const columnsOf = async (s: Storage, table: string): Promise<string[] | undefined> =>
      (await s.db.introspection.getTables()).find((t) => t.name === table && (s.dialect === 'sqlite' || t.schema === s.location))?.columns.map((c) => c.name);

    async function engineOn(storage: Storage, clock: { now: number }): Promise<DossierEngine> {
      const engine = new DossierEngine({ storage, registry: await SampleRegistry.load(), blobs: new BlobStore(blobDir), now: () => clock.now });
      await engine.publish(thuongTru);
      return engine;
    }
    /** An owner's permanent-residence dossier, paid as told, submitted and (unless told) accepted. */
    async function dossier(engine: DossierEngine, o: { provider?: string; channel?: 'online' | 'in_person'; accept?: boolean } = {}): Promise<string> {
      const d = await engine.createDraft({ procedureId: 'dang_ky_thuong_tru', channel: o.channel ?? 'online', actor: citizen });
      await engine.updateForm(d.id, { address: 'Số 5 Lê Lợi, phường Hồng Gai', housing: 'owner' }, citizen);
      if (o.provider) await engine.recordPayment(d.id, { provider: o.provider, reference: `pay-${d.id}`, amount: 20_000 }); // online 10,000 ₫, in person 20,000 ₫
      await engine.act(d.id, 'submit', { actor: citizen });
      if (o.accept ?? true) await engine.act(d.id, 'accept', { actor: reception });
      return d.id;
    }

    it('are back-filled by the migration from the existing dossiers and payments, and removed by its down', async () => {
      const s = await open(false);
      expect((await migrator(s).migrateTo(BEFORE_COUNTERS)).error).toBeUndefined();
      const irs: ProcedureIR[] = [thuongTru, tamTru];
      for (const ir of irs) {
        await publishDefinition(s.db, {
          procedure_id: ir.id,
          version: ir.version,
          source_hash: sourceHash(ir.id),
          ir: encodeJson(ir),
          effective_from: null,
          effective_until: null,
          published_at: 0,
        });
      }
      // Rows written straight into the tables, as a database made before the counters holds them.
      const rand = seededRandom(7); // a failure replays from its seed
      const random = rand.next;
      const pick = rand.pick;
      const T0 = localDateTime(2025, 1, 2, 0, 0);
      const dossiers: NewDossier[] = [];
      const payments: Array<{ dossier_id: string; provider: string; reference: string; amount: number; status: string; paid_at: number | null }> = [];
      for (let i = 0; i < 400; i++) {
        const ir = pick(irs);
        const received = random() < 0.8 ? T0 + Math.floor(random() * 120 * 86_400_000) : null;
        const result = received !== null && random() < 0.5 ? received + Math.floor(random() * 10 * 86_400_000) : null;
        const id = `d${String(i).padStart(4, '0')}`;
        dossiers.push({
          id,
          code: received ? `C-${i}` : null,
          procedure_id: ir.id,
          definition_version: ir.version,
          agency: pick(['cong_an_xa', 'ubnd_xa', 'bhxh_huyen']),
          citizen_id: OWNER,
          state: pick(ir.workflow.states).id,
          snapshot: encodeJson({}),
          form: encodeJson({}),
          channel: pick(['online', 'in_person', 'postal']),
          revision: 0,
          due_at: null,
          clock: encodeJson({}),
          created_at: T0,
          updated_at: T0,
          outcome: result !== null ? pick(['early', 'on_time', 'late', 'unknown']) : pick([null, null, 'late']),
          state_due_at: null,
          prefilled: null,
          submitted_at: received,
          received_at: received,
          result_at: result,
          fee_total: pick([null, 0, 10_000, 25_000]),
        });
        for (let p = Math.floor(random() * 3); p > 0; p--) {
          payments.push({ dossier_id: id, provider: pick(['counter', 'embedded', 'vnpay']), reference: `${id}-${p}`, amount: 10_000, status: pick(['paid', 'paid', 'failed']), paid_at: T0 });
        }
      }
      for (let i = 0; i < dossiers.length; i += 100) await s.db.insertInto('dossiers').values(dossiers.slice(i, i + 100)).execute();
      await s.db.insertInto('payments').values(payments).execute();

      const results = await migrateToLatest(s.db, s.dialect, { schema: s.location });
      expect(results.map((r) => r.migrationName)).toEqual(['0005_statistics_counters', '0006_timers_in_dossiers']);
      // The flag, from payments.
      const paid = new Set(payments.filter((p) => p.status === 'paid' && p.provider !== 'counter').map((p) => p.dossier_id));
      const flags = await s.db.selectFrom('dossiers').select(['id', 'paid_online']).orderBy('id').execute();
      expect(flags.filter((f) => Number(f.paid_online) === 1).map((f) => f.id)).toEqual([...paid].sort());
      // The counters, as the contributions of every row add up.
      const expected = new Map<string, StatsRow>();
      for (const d of dossiers) {
        const finalStates = finalStatesOf(irs.find((ir) => ir.id === d.procedure_id)!);
        for (const r of contribution(d as Parameters<typeof contribution>[0], { paidOnline: paid.has(d.id), finalStates })) {
          const key = `${r.day}|${r.procedure_id}|${r.agency}`;
          const sum = expected.get(key);
          if (sum) for (const c of STATS_COUNTERS) sum[c] += r[c];
          else expected.set(key, r);
        }
      }
      const backFilled = await counters(s);
      expect(backFilled).toEqual([...expected.values()].sort(order));
      const sum = (c: (typeof STATS_COUNTERS)[number]) => backFilled.reduce((n, r) => n + r[c], 0);
      for (const c of STATS_COUNTERS) expect(sum(c), c).toBeGreaterThan(0);

      // Down: the table and the column go, the dossiers stay; up again: the same counters.
      expect((await migrator(s).migrateTo(BEFORE_COUNTERS)).error).toBeUndefined();
      expect(await columnsOf(s, 'stats_daily')).toBeUndefined();
      expect(await columnsOf(s, 'dossiers')).not.toContain('paid_online');
      expect(Number((await s.db.selectFrom('dossiers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(400);
      await migrateToLatest(s.db, s.dialect, { schema: s.location });
      expect(await counters(s)).toEqual(backFilled);
    });

    it('kept action by action equal what the migration counts from the same dossiers', async () => {
      const s = await open();
      const clock = { now: localDateTime(2025, 3, 3, 9) };
      const engine = await engineOn(s, clock);
      const ids: string[] = [];
      for (const [i, provider] of ['embedded', 'counter', 'counter', 'embedded'].entries()) {
        clock.now = localDateTime(2025, 3, 3 + i, 9);
        ids.push(await dossier(engine, { provider, channel: i % 2 ? 'in_person' : 'online' }));
      }
      await dossier(engine, { accept: false });
      clock.now = localDateTime(2025, 3, 7, 9);
      await engine.act(ids[0]!, 'propose', { actor: specialist });
      await engine.act(ids[0]!, 'approve', { actor: leader }); // early
      clock.now = localDateTime(2025, 3, 28, 9);
      await engine.act(ids[1]!, 'propose', { actor: specialist });
      await engine.act(ids[1]!, 'approve', { actor: leader }); // late
      await engine.act(ids[2]!, 'propose_refusal', { actor: specialist, inputs: { reason: 'x' } });
      await engine.act(ids[2]!, 'confirm_refusal', { actor: leader, inputs: { reason: 'x' } });
      const kept = await counters(s);
      expect(kept.length).toBeGreaterThan(3);
      expect((await migrator(s).migrateTo(BEFORE_COUNTERS)).error).toBeUndefined();
      await migrateToLatest(s.db, s.dialect, { schema: s.location });
      expect(await counters(s)).toEqual(kept);
    });

    it('are not written by an action that changes nothing they count', async () => {
      const s = await open();
      // Every row written to stats_daily, counted by triggers.
      await sql`create table stats_writes (n integer not null)`.execute(s.db);
      await sql`insert into stats_writes (n) values (0)`.execute(s.db);
      if (s.dialect === 'postgres') {
        await sql`create function count_stats_write() returns trigger language plpgsql as $$ begin update stats_writes set n = n + 1; return null; end $$`.execute(s.db);
        await sql`create trigger stats_writes_t after insert or update on stats_daily for each row execute function count_stats_write()`.execute(s.db);
      } else {
        await sql`create trigger stats_writes_i after insert on stats_daily begin update stats_writes set n = n + 1; end`.execute(s.db);
        await sql`create trigger stats_writes_u after update on stats_daily begin update stats_writes set n = n + 1; end`.execute(s.db);
      }
      const writes = async () => Number((await sql<{ n: number }>`select n from stats_writes`.execute(s.db)).rows[0]!.n);
      const clock = { now: localDateTime(2025, 3, 3, 9) };
      const engine = await engineOn(s, clock);
      const d = await engine.createDraft({ procedureId: 'dang_ky_thuong_tru', channel: 'online', actor: citizen });
      await engine.updateForm(d.id, { address: 'Số 5 Lê Lợi, phường Hồng Gai', housing: 'owner' }, citizen);
      expect(await writes(), 'a draft and its form').toBe(0);
      await engine.recordPayment(d.id, { provider: 'embedded', reference: `pay-${d.id}`, amount: 10_000 });
      expect(await writes(), 'a payment of a draft').toBe(0);
      await engine.act(d.id, 'submit', { actor: citizen });
      expect(await writes(), 'submit: the dossier now counts').toBe(1);
      await engine.act(d.id, 'accept', { actor: reception });
      expect(await writes(), 'accept: pending and received in all time, received in the month and on the day').toBe(4);
      const n = await writes();
      await engine.act(d.id, 'propose', { actor: specialist });
      await engine.recordPayment(d.id, { provider: 'counter', reference: `counter-${d.id}`, amount: 1 });
      await engine.recordPayment(d.id, { provider: 'embedded', reference: `again-${d.id}`, amount: 1 }); // already paid online
      await engine.extend(d.id, { actor: specialist, reason: 'Cần xác minh thêm', newDueAt: localDateTime(2025, 3, 20, 9) });
      clock.now = localDateTime(2025, 3, 25, 9);
      expect(await engine.runTimers('w')).toBeGreaterThan(0);
      await engine.act(d.id, 'send_back', { actor: leader, inputs: { note: 'Xem lại' } });
      expect(await writes(), 'propose, payments that change nothing counted, extension, timers, send back').toBe(n);
      await engine.act(d.id, 'propose', { actor: specialist });
      await engine.act(d.id, 'approve', { actor: leader });
      expect(await writes(), 'approve: out of pending, a late result (all time, month, day)').toBe(n + 3);
    });

    it('differ from a recount, and doctor says where', async () => {
      const s = await open();
      const clock = { now: localDateTime(2025, 3, 3, 9) };
      const engine = await engineOn(s, clock);
      const a = await dossier(engine, { provider: 'embedded' });
      await dossier(engine, { provider: 'counter', channel: 'in_person' });
      const draft = await engine.createDraft({ procedureId: 'dang_ky_thuong_tru', channel: 'online', actor: citizen });
      expect((await checkDossiers(s.db)).findings).toEqual([]);

      await s.db.updateTable('stats_daily').set({ received: sql`received + 1` }).where('day', '=', '2025-03-03').execute();
      expect((await checkDossiers(s.db)).findings).toEqual([
        { dossier: 'stats_daily[2025-03-03 dang_ky_thuong_tru cong_an_xa]', problem: 'stats_mismatch', detail: expect.stringContaining('counters 3, recount 2') },
      ]);
      await s.db.updateTable('stats_daily').set({ received: sql`received - 1` }).where('day', '=', '2025-03-03').execute();
      await s.db.updateTable('stats_daily').set({ received: sql`received - 1`, pending: sql`pending + 5` }).where('day', '=', ALL_TIME).execute();
      expect((await checkDossiers(s.db)).findings).toEqual([expect.objectContaining({ dossier: 'stats_daily[* dang_ky_thuong_tru cong_an_xa]', problem: 'stats_mismatch', detail: expect.stringMatching(/^pending: .*counters 7, recount 2; received: .*counters 1, recount 2$/) })]);
      await s.db.updateTable('stats_daily').set({ received: sql`received + 1`, pending: sql`pending - 5` }).where('day', '=', ALL_TIME).execute();
      expect((await checkDossiers(s.db)).findings).toEqual([]);

      // The flag that counts a payment online, against the payments.
      await s.db.updateTable('dossiers').set({ paid_online: 0 }).where('id', '=', a).execute();
      expect((await checkDossiers(s.db)).findings).toEqual([expect.objectContaining({ dossier: a, problem: 'paid_online_mismatch' })]);
      await s.db.updateTable('dossiers').set({ paid_online: 1 }).where('id', '=', a).execute();
      // A row changed behind the engine's back is reported once, by what it contradicts.
      await s.db.updateTable('dossiers').set({ state: 'done' }).where('id', '=', draft.id).execute();
      expect((await checkDossiers(s.db)).findings).toEqual([expect.objectContaining({ dossier: draft.id, problem: 'state_mismatch' })]);
    });
  });
}
