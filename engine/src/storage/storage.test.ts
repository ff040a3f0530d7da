// One suite, run against every dialect: SQLite on a temporary file always, PostgreSQL when
// MOTCUA_TEST_DATABASE_URL is set (each run in its own schema t_<random>, dropped afterwards).

import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Migrator, NO_MIGRATIONS, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConcurrencyConflict,
  createDossier,
  decodeJson,
  definitionInEffect,
  DossierNotFound,
  encodeJson,
  getDossier,
  inTransaction,
  listEvents,
  migrateToLatest,
  storageMigrations,
  nextDossierCode,
  openDatabase,
  publishDefinition,
  receiptDay,
  sourceHash,
  StorageError,
  updateDossierIfRevision,
  type Dialect,
  type OpenDatabaseOptions,
  type Storage,
} from './index.ts';
import type { NewDossier } from './schema.ts';
import { pendingTimers } from './timers.ts';
import { enqueueOutbox } from './outbox.ts';

import { barrierProcess } from '../testing/barrier-process.ts';
import { PG_URL, postgresHarness, sqliteHarness, type Harness } from '../testing/databases.ts';
const FIXTURE = fileURLToPath(new URL('./concurrent-receipts.fixture.ts', import.meta.url));

/** A separate Node process running concurrent-receipts.fixture.ts, held at a start barrier; its result is the codes it got. */
const receiptProcess = (args: object) => barrierProcess<string[]>(FIXTURE, args);

const T0 = Date.UTC(2025, 0, 24, 3, 0); // Friday 2025-01-24 10:00 in Hà Nội

/** A dossier row for the storage tests: a submitted online dossier of `dang_ky_thuong_tru`, unless told otherwise. */
function dossierRow(id: string, overrides: Partial<NewDossier> = {}): NewDossier {
  return {
    id,
    code: null,
    procedure_id: 'dang_ky_thuong_tru',
    definition_version: 3,
    agency: 'cong_an_xa_hong_gai',
    citizen_id: '001099012345',
    state: 'submitted',
    snapshot: encodeJson({}),
    form: encodeJson({}),
    channel: 'online',
    due_at: null,
    clock: encodeJson({}),
    created_at: T0,
    updated_at: T0,
    outcome: null,
    ...overrides,
  } as NewDossier;
}
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function storageSuite(dialect: Dialect, makeHarness: () => Harness): void {
  let harness: Harness;
  let storage: Storage;
  const opened: Storage[] = [];
  const open = async (options: OpenDatabaseOptions): Promise<Storage> => {
    const s = await openDatabase(options);
    opened.push(s);
    return s;
  };

  beforeAll(async () => {
    harness = makeHarness();
    storage = await open(harness.freshOptions());
    await publishDefinition(storage.db, {
      procedure_id: 'dang_ky_thuong_tru',
      version: 3,
      source_hash: sourceHash('procedure dang_ky_thuong_tru { version 3 }'),
      ir: encodeJson({ id: 'dang_ky_thuong_tru', version: 3 }),
      effective_from: '2024-01-01',
      effective_until: null,
      published_at: T0,
    });
  });

  afterAll(async () => {
    for (const s of opened) await s.close();
    await harness?.cleanup();
  });

  /** A submitted dossier at revision 0 with one event, ready to be changed. */
  async function submittedDossier(): Promise<string> {
    const id = randomUUID();
    await inTransaction(storage.db, (trx) =>
      createDossier(
        trx,
        dossierRow(id, { snapshot: encodeJson({ value: 'submitted' }), form: encodeJson({ address: 'Số 5 Lê Lợi, phường Hồng Gai' }), clock: encodeJson({ running: false }) }),
        [{ type: 'submit', actor: 'citizen:001099012345', payload: encodeJson({}) }],
      ),
    );
    return id;
  }

  const uniqueUnit = (): string => `000.00.${randomBytes(2).readUInt16BE() % 100}.H${randomBytes(2).readUInt16BE()}`;

  describe('migrations', () => {
    it('build every table on an empty database', async () => {
      const empty = await open({ ...harness.freshOptions(), migrate: false });
      const results = await migrateToLatest(empty.db, empty.dialect, { schema: empty.location });
      expect(results.map((r) => [r.migrationName, r.status])).toEqual([
        ['0001_initial', 'Success'],
        ['0002_dossier_lifecycle', 'Success'],
        ['0003_queue_order', 'Success'],
        ['0004_fewer_pages_per_action', 'Success'],
        ['0005_statistics_counters', 'Success'],
        ['0006_timers_in_dossiers', 'Success'],
      ]);
      const tables = (await empty.db.introspection.getTables())
        .filter((t) => dialect === 'sqlite' || t.schema === empty.location)
        .map((t) => t.name)
        .sort();
      expect(tables).toEqual([
        'access_log',
        'daily_sequences',
        'definitions',
        'documents',
        'dossiers',
        'events',
        'outbox',
        'payments',
        'results',
        'results_store',
        'stats_daily',
      ]);
    });

    it('change nothing when run again, and reopening an up-to-date database applies none', async () => {
      const options = harness.freshOptions();
      const first = await open(options);
      expect(await migrateToLatest(first.db, first.dialect, { schema: first.location })).toEqual([]);
      const again = await open(options);
      expect(await migrateToLatest(again.db, again.dialect, { schema: again.location })).toEqual([]);
    });

    it('roll back to an empty database', async () => {
      const options = harness.freshOptions();
      const target = await open(options);
      const migrator = new Migrator({
        db: target.db,
        provider: { getMigrations: async () => storageMigrations(target.dialect) },
        ...(target.dialect === 'postgres' ? { migrationTableSchema: target.location } : {}),
      });
      const { error, results } = await migrator.migrateTo(NO_MIGRATIONS);
      expect(error).toBeUndefined();
      expect(results?.map((r) => [r.migrationName, r.direction, r.status])).toEqual([
        ['0006_timers_in_dossiers', 'Down', 'Success'],
        ['0005_statistics_counters', 'Down', 'Success'],
        ['0004_fewer_pages_per_action', 'Down', 'Success'],
        ['0003_queue_order', 'Down', 'Success'],
        ['0002_dossier_lifecycle', 'Down', 'Success'],
        ['0001_initial', 'Down', 'Success'],
      ]);
      const left = (await target.db.introspection.getTables())
        .filter((t) => dialect === 'sqlite' || t.schema === target.location)
        .map((t) => t.name);
      expect(left).toEqual([]);
    });
  });

  /** A migrator that knows the migrations up to `upTo` (all of them when absent). */
  const migratorOf = (s: Storage, upTo?: string) =>
    new Migrator({
      db: s.db,
      provider: { getMigrations: async () => Object.fromEntries(Object.entries(storageMigrations(s.dialect)).filter(([name]) => !upTo || name <= upTo)) },
      ...(s.dialect === 'postgres' ? { migrationTableSchema: s.location } : {}),
    });
  const dossierIndexes = async (s: Storage): Promise<string[]> => {
    const { rows } =
      s.dialect === 'sqlite'
        ? await sql<{ name: string }>`select name from sqlite_schema where type = 'index' and tbl_name = 'dossiers' and sql is not null`.execute(s.db)
        : await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = ${s.location} and tablename = 'dossiers'`.execute(s.db);
    return rows.map((r) => r.name).sort();
  };
  /** The database as an older schema has it: rows written as they were then, without today's helpers. */
  const asOld = (s: Storage) => s.db as unknown as Kysely<any>;
  /** A draft of procedure `p` with its events (seq 1, 2, …), written as migrations before 0006 have dossiers. */
  const oldDossier = async (s: Storage, id: string, events: readonly string[], overrides: Partial<NewDossier> = {}) => {
    await asOld(s)
      .insertInto('dossiers')
      .values({ ...dossierRow(id, { procedure_id: 'p', definition_version: 1, agency: 'a', citizen_id: 'c', state: 'draft', ...overrides }), revision: Math.max(events.length - 1, 0) })
      .execute();
    if (events.length) {
      await asOld(s)
        .insertInto('events')
        .values(events.map((type, i) => ({ dossier_id: id, seq: i + 1, type, actor: 'c', payload: encodeJson({ n: i + 1 }), at: T0 + i })))
        .execute();
    }
  };
  /** A row of the `timers` table (before 0006); its id. */
  const oldTimer = async (s: Storage, timer: { dossier_id: string; kind: string; fire_at: number; payload?: string | null; fired_at?: number; claimed_by?: string }) =>
    Number((await asOld(s).insertInto('timers').values({ payload: null, ...timer }).returning('id').executeTakeFirstOrThrow()).id);
  const publishP = (s: Storage) =>
    publishDefinition(s.db, { procedure_id: 'p', version: 1, source_hash: sourceHash('p'), ir: encodeJson({}), effective_from: null, effective_until: null, published_at: T0 });

  describe('migration 0004 (fewer pages per action)', () => {
    /** SQLite: the tables declared AUTOINCREMENT, and the counters sqlite_sequence keeps. */
    const autoIncrement = async (s: Storage) => ({
      tables: (await sql<{ name: string }>`select name from sqlite_schema where type = 'table' and sql like '%autoincrement%' order by name`.execute(s.db)).rows.map((r) => r.name),
      counters: (await sql<{ name: string; seq: number }>`select name, seq from sqlite_sequence order by name`.execute(s.db)).rows,
    });
    const contents = async (s: Storage) => ({
      events: await s.db.selectFrom('events').selectAll().orderBy('dossier_id').orderBy('seq').execute(),
      timers: await asOld(s).selectFrom('timers').selectAll().orderBy('id').execute(),
      outbox: await s.db.selectFrom('outbox').selectAll().orderBy('id').execute(),
      sequences: await s.db.selectFrom('daily_sequences').selectAll().orderBy('unit_code').execute(),
    });

    it('upgrades a database made by 0001–0003 with its events, timers, outbox and sequences intact, and rolls back', async () => {
      const old = await open({ ...harness.freshOptions(), migrate: false });
      expect((await migratorOf(old, '0003_queue_order').migrateToLatest()).error).toBeUndefined();
      expect(await dossierIndexes(old)).toContain('dossiers_state_due_idx');
      await publishP(old);
      const [d1, d2] = [randomUUID(), randomUUID()];
      await oldDossier(old, d1, ['created', 'submitted', 'accepted'], { due_at: T0 + 2 });
      await oldDossier(old, d2, ['created']);
      await inTransaction(old.db, async (trx) => {
        await nextDossierCode(trx, 'U1', '250124');
        await nextDossierCode(trx, 'U1', '250124');
      });
      const timers: number[] = [];
      for (const [i, kind] of (['due_soon', 'overdue', 'sla', 'sla'] as const).entries()) {
        timers.push(await oldTimer(old, { dossier_id: i % 2 ? d2 : d1, kind, fire_at: T0 + i, payload: encodeJson({ i }) }));
      }
      await asOld(old).updateTable('timers').set({ claimed_by: 'w', claimed_until: T0 + 60_010, fired_at: T0 + 10 }).where('id', '=', timers[0]!).execute();
      await asOld(old).deleteFrom('timers').where('id', '=', timers[3]!).execute(); // the largest id
      await enqueueOutbox(old.db, [
        { kind: 'notification', recipient: 'citizen:c', payload: encodeJson({ m: 1 }) },
        { kind: 'handover', recipient: 'b:reception', payload: encodeJson({ m: 2 }) },
      ], T0);
      await old.db.updateTable('outbox').set({ sent_at: T0 + 5 }).where('kind', '=', 'notification').execute();
      const before = await contents(old);
      expect(before.timers).toHaveLength(3);
      if (dialect === 'sqlite') {
        expect(await autoIncrement(old)).toMatchObject({ tables: expect.arrayContaining(['outbox', 'timers']) });
        expect((await autoIncrement(old)).counters).toEqual(expect.arrayContaining([{ name: 'timers', seq: timers[3]! }]));
      }

      // Up to 0005: 0006 moves the timers out of their table (see its own test below).
      const { error, results } = await migratorOf(old, '0005_statistics_counters').migrateToLatest();
      expect(error).toBeUndefined();
      expect(results?.map((r) => [r.migrationName, r.status])).toEqual([
        ['0004_fewer_pages_per_action', 'Success'],
        ['0005_statistics_counters', 'Success'],
      ]);
      expect(await contents(old)).toEqual(before);
      expect(await dossierIndexes(old)).not.toContain('dossiers_state_due_idx');
      expect(await dossierIndexes(old)).toContain('dossiers_queue_idx');
      if (dialect === 'sqlite') {
        const after = await autoIncrement(old);
        expect(after.tables).not.toContain('timers');
        expect(after.tables).not.toContain('outbox');
        expect(after.counters.map((c) => c.name)).not.toContain('timers');
        expect(after.counters.map((c) => c.name)).not.toContain('outbox');
        const indexes = (await sql<{ name: string }>`select name from sqlite_schema where type = 'index' and tbl_name in ('timers', 'outbox') order by name`.execute(old.db)).rows;
        expect(indexes.map((r) => r.name)).toEqual(['outbox_pending_idx', 'timers_dossier_idx', 'timers_due_idx']);
      }
      // Still append-only; ids and sequence numbers go on from where they were.
      await expect(old.db.updateTable('events').set({ actor: 'x' }).where('dossier_id', '=', d1).execute()).rejects.toThrow(/append-only/);
      await expect(old.db.deleteFrom('events').where('dossier_id', '=', d1).execute()).rejects.toThrow(/append-only/);
      const next = await oldTimer(old, { dossier_id: d2, kind: 'sla', fire_at: T0 });
      expect(next).toBeGreaterThan(timers[2]!);
      expect(await inTransaction(old.db, (trx) => nextDossierCode(trx, 'U1', '250124'))).toBe('U1-250124-0003');

      // And back: the index and AUTOINCREMENT return, the rows stay.
      const upgraded = await contents(old);
      expect((await migratorOf(old).migrateTo('0003_queue_order')).error).toBeUndefined();
      expect(await contents(old)).toEqual(upgraded);
      expect(await dossierIndexes(old)).toContain('dossiers_state_due_idx');
      if (dialect === 'sqlite') {
        const back = await autoIncrement(old);
        expect(back.tables).toEqual(expect.arrayContaining(['outbox', 'timers']));
        expect(back.counters).toEqual(expect.arrayContaining([{ name: 'timers', seq: next }]));
      }
    });
  });

  describe('migration 0006 (timers in the dossier row)', () => {
    const H = 3_600_000;
    const pendingRows = async (s: Storage) =>
      (await asOld(s).selectFrom('timers').select(['dossier_id', 'kind', 'fire_at', 'payload', 'fired_at', 'claimed_by', 'claimed_until']).orderBy('fire_at').execute()).map((t) => ({
        ...t,
        fire_at: Number(t.fire_at),
        payload: t.payload === null ? null : decodeJson(t.payload),
      }));
    const rowsOf = async (s: Storage, ids: readonly string[]) =>
      (await s.db.selectFrom('dossiers').select(['id', 'timers', 'next_timer_at', 'event_seq']).where('id', 'in', ids).execute())
        .sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id))
        .map((r) => ({ timers: pendingTimers(r.timers), next: r.next_timer_at, eventSeq: r.event_seq }));
    const dossierColumns = async (s: Storage) => (await s.db.introspection.getTables()).find((t) => t.name === 'dossiers' && (s.dialect === 'sqlite' || t.schema === s.location))!.columns.map((c) => c.name);

    it('moves the pending timers into their dossiers’ rows, numbers events on from the last one, and goes back', async () => {
      const s = await open({ ...harness.freshOptions(), migrate: false });
      expect((await migratorOf(s, '0005_statistics_counters').migrateToLatest()).error).toBeUndefined();
      await publishP(s);
      const [d1, d2, d3] = [randomUUID(), randomUUID(), randomUUID()];
      await oldDossier(s, d1, ['created', 'transition', 'receipt_issued', 'due_soon'], { state: 'processing', due_at: T0 + 9 * H, state_due_at: T0 + 8 * H } as Partial<NewDossier>);
      await oldDossier(s, d2, ['created', 'transition'], { state: 'submitted' });
      await oldDossier(s, d3, []);
      // d1: its SLA, warning and overdue mark pending, an earlier warning fired; d2: an SLA timer
      // pending and one without payload (the engine never wrote one, the schema allowed it); d3: only fired ones.
      await oldTimer(s, { dossier_id: d1, kind: 'overdue', fire_at: T0 + 9 * H, payload: encodeJson({ dueAt: T0 + 9 * H }) });
      await oldTimer(s, { dossier_id: d1, kind: 'due_soon', fire_at: T0 + 7 * H, payload: encodeJson({ dueAt: T0 + 9 * H }) });
      await oldTimer(s, { dossier_id: d1, kind: 'sla', fire_at: T0 + 8 * H, payload: encodeJson({ state: 'processing', dueAt: T0 + 8 * H }) });
      await oldTimer(s, { dossier_id: d1, kind: 'due_soon', fire_at: T0 + H, payload: encodeJson({ dueAt: T0 + 2 * H }), fired_at: T0 + H, claimed_by: 'w' });
      await oldTimer(s, { dossier_id: d2, kind: 'sla', fire_at: T0 + 5 * H, payload: encodeJson({ state: 'submitted', dueAt: T0 + 5 * H }) });
      await oldTimer(s, { dossier_id: d2, kind: 'overdue', fire_at: T0 + 6 * H });
      await oldTimer(s, { dossier_id: d3, kind: 'sla', fire_at: T0, payload: encodeJson({ state: 'draft', dueAt: T0 }), fired_at: T0 + 1, claimed_by: 'w' });
      const pendingBefore = (await pendingRows(s)).filter((t) => t.fired_at === null);

      const results = await migrateToLatest(s.db, s.dialect, { schema: s.location });
      expect(results.map((r) => [r.migrationName, r.status])).toEqual([['0006_timers_in_dossiers', 'Success']]);
      expect(await rowsOf(s, [d1, d2, d3])).toEqual([
        {
          timers: [
            { kind: 'due_soon', fireAt: T0 + 7 * H, dueAt: T0 + 9 * H },
            { kind: 'sla', fireAt: T0 + 8 * H, dueAt: T0 + 8 * H, state: 'processing' },
            { kind: 'overdue', fireAt: T0 + 9 * H, dueAt: T0 + 9 * H },
          ],
          next: T0 + 7 * H,
          eventSeq: 4,
        },
        {
          timers: [
            { kind: 'sla', fireAt: T0 + 5 * H, dueAt: T0 + 5 * H, state: 'submitted' },
            { kind: 'overdue', fireAt: T0 + 6 * H, dueAt: null },
          ],
          next: T0 + 5 * H,
          eventSeq: 2,
        },
        { timers: [], next: null, eventSeq: 0 },
      ]);
      expect((await s.db.selectFrom('dossiers').select('timers').where('id', '=', d3).executeTakeFirstOrThrow()).timers).toBeNull();
      expect((await s.db.introspection.getTables()).filter((t) => s.dialect === 'sqlite' || t.schema === s.location).map((t) => t.name)).not.toContain('timers');
      expect(await dossierIndexes(s)).toContain('dossiers_timer_idx');
      // The events go on from the last one, and a new dossier counts its own.
      const { events } = await inTransaction(s.db, (trx) => updateDossierIfRevision(trx, d1, 3, { at: T0 + 10 * H, events: [{ type: 'more', actor: 'o', payload: encodeJson({}) }] }));
      expect(events.map((e) => e.seq)).toEqual([5]);
      const d4 = randomUUID();
      await inTransaction(s.db, (trx) => createDossier(trx, dossierRow(d4, { procedure_id: 'p', definition_version: 1, agency: 'a', citizen_id: 'c', state: 'draft' }), [
        { type: 'created', actor: 'c', payload: encodeJson({}) },
        { type: 'more', actor: 'c', payload: encodeJson({}) },
      ]));
      expect((await rowsOf(s, [d1, d4])).map((r) => r.eventSeq)).toEqual([5, 2]);

      // Down: the table as 0004 left it, with the pending timers (the fired ones are in the events).
      expect((await migratorOf(s).migrateTo('0005_statistics_counters')).error).toBeUndefined();
      expect(await pendingRows(s)).toEqual(pendingBefore);
      expect((await dossierColumns(s)).filter((c) => ['timers', 'next_timer_at', 'event_seq'].includes(c))).toEqual([]);
      expect(await dossierIndexes(s)).not.toContain('dossiers_timer_idx');
      // And up again: the same timers in the rows.
      await migrateToLatest(s.db, s.dialect, { schema: s.location });
      expect((await rowsOf(s, [d1, d2, d3])).map((r) => r.timers)).toEqual([
        [
          { kind: 'due_soon', fireAt: T0 + 7 * H, dueAt: T0 + 9 * H },
          { kind: 'sla', fireAt: T0 + 8 * H, dueAt: T0 + 8 * H, state: 'processing' },
          { kind: 'overdue', fireAt: T0 + 9 * H, dueAt: T0 + 9 * H },
        ],
        [
          { kind: 'sla', fireAt: T0 + 5 * H, dueAt: T0 + 5 * H, state: 'submitted' },
          { kind: 'overdue', fireAt: T0 + 6 * H, dueAt: null },
        ],
        [],
      ]);
    });
  });

  describe('dossier codes (Circular 01/2018 Art 19)', () => {
    const code = (unit: string, day: string): Promise<string> =>
      inTransaction(storage.db, (trx) => nextDossierCode(trx, unit, day));

    it('number a unit’s receipts from 0001 each day, separately for each unit', async () => {
      const unit = uniqueUnit();
      const other = uniqueUnit();
      expect(await code(unit, '250124')).toBe(`${unit}-250124-0001`);
      expect(await code(unit, '250124')).toBe(`${unit}-250124-0002`);
      expect(await code(other, '250124')).toBe(`${other}-250124-0001`);
      expect(await code(unit, '250203')).toBe(`${unit}-250203-0001`);
      expect(await code(unit, '250124')).toBe(`${unit}-250124-0003`);
    });

    it('take the receipt day in Vietnam time, not the server’s', () => {
      // 23:30 on the 24th in Hà Nội is 16:30 UTC; 00:30 on the 25th there is still the 24th in UTC.
      expect(receiptDay(Date.UTC(2025, 0, 24, 16, 30))).toBe('250124');
      expect(receiptDay(Date.UTC(2025, 0, 24, 17, 30))).toBe('250125');
    });

    it('refuse a malformed day or unit code', async () => {
      await expect(code('000.00.12.H40', '2501245')).rejects.toBeInstanceOf(StorageError);
      await expect(code('000.00.12.H40', '251324')).rejects.toBeInstanceOf(StorageError);
      await expect(code('000.00.12.H40-x', '250124')).rejects.toBeInstanceOf(StorageError);
    });

    it('give 50 concurrent receipts of one unit and day 50 distinct consecutive codes', async () => {
      const unit = uniqueUnit();
      const codes = await Promise.all(Array.from({ length: 50 }, () => code(unit, '250124')));
      const expected = Array.from({ length: 50 }, (_, i) => `${unit}-250124-${String(i + 1).padStart(4, '0')}`);
      expect([...codes].sort()).toEqual(expected);
    });

    it('give receipts from several processes on one database distinct consecutive codes', async () => {
      const unit = uniqueUnit();
      const target = dialect === 'sqlite' ? { url: storage.location } : { url: PG_URL, schema: storage.location };
      const children = Array.from({ length: 4 }, () =>
        receiptProcess({ ...target, unit, day: '250124', count: 12 }),
      );
      await Promise.all(children.map((c) => c.ready));
      for (const c of children) c.go();
      const codes = (await Promise.all(children.map((c) => c.result))).flat();
      const expected = Array.from({ length: 48 }, (_, i) => `${unit}-250124-${String(i + 1).padStart(4, '0')}`);
      expect(codes.sort()).toEqual(expected);
    });

    it('do not use up a number when the receipt rolls back', async () => {
      const unit = uniqueUnit();
      await expect(
        inTransaction(storage.db, async (trx) => {
          await nextDossierCode(trx, unit, '250124');
          throw new Error('receipt failed');
        }),
      ).rejects.toThrow('receipt failed');
      expect(await code(unit, '250124')).toBe(`${unit}-250124-0001`);
    });
  });

  describe('optimistic concurrency on dossiers', () => {
    const accept = (id: string, revision: number, officer: string, delayMs = 0) =>
      inTransaction(storage.db, async (trx) => {
        const result = await updateDossierIfRevision(trx, id, revision, {
          at: T0 + 60_000,
          set: { state: 'processing', due_at: Date.UTC(2025, 1, 11, 3, 0) },
          events: [
            { type: 'accept', actor: officer, payload: encodeJson({ officer }) },
            { type: 'issue_receipt', actor: officer, payload: encodeJson({}) },
          ],
        });
        // Hold the transaction open so the other one runs into it rather than after it.
        if (delayMs) await sleep(delayMs);
        return result;
      });

    it('let exactly one of two updates from the same revision win; the other gets ConcurrencyConflict', async () => {
      const id = await submittedDossier();
      const read = await getDossier(storage.db, id);
      expect(read?.revision).toBe(0);

      const first = accept(id, 0, 'officer:a', 150);
      await sleep(30);
      const second = accept(id, 0, 'officer:b');
      const [a, b] = await Promise.allSettled([first, second]);

      expect(a.status).toBe('fulfilled');
      expect(b.status).toBe('rejected');
      const conflict = (b as PromiseRejectedResult).reason as unknown;
      expect(conflict).toBeInstanceOf(ConcurrencyConflict);
      expect(conflict).toMatchObject({ dossierId: id, expectedRevision: 0, actualRevision: 1 });

      const events = await listEvents(storage.db, id);
      expect(events.map((e) => [e.seq, e.type, e.actor])).toEqual([
        [1, 'submit', 'citizen:001099012345'],
        [2, 'accept', 'officer:a'],
        [3, 'issue_receipt', 'officer:a'],
      ]);
      expect(await getDossier(storage.db, id)).toMatchObject({ revision: 1, state: 'processing', updated_at: T0 + 60_000 });
    });

    it('keep history gapless when many officers race on one dossier', async () => {
      const id = await submittedDossier();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => accept(id, 0, `officer:${i}`)),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(ConcurrencyConflict);
      const seqs = (await listEvents(storage.db, id)).map((e) => e.seq);
      expect(seqs).toEqual([1, 2, 3]);
    });

    it('append events after the last one across successive updates', async () => {
      const id = await submittedDossier();
      const r1 = await accept(id, 0, 'officer:a');
      expect(r1.revision).toBe(1);
      expect(r1.events.map((e) => e.seq)).toEqual([2, 3]);
      const r2 = await inTransaction(storage.db, (trx) =>
        updateDossierIfRevision(trx, id, 1, {
          at: T0 + 120_000,
          set: { state: 'approval' },
          events: [{ type: 'approve', actor: 'officer:s', payload: encodeJson({}), at: T0 + 90_000 }],
        }),
      );
      expect(r2).toMatchObject({ revision: 2, events: [{ seq: 4, type: 'approve', at: T0 + 90_000 }] });
    });

    it('return the row as the database holds it when given the row read before (no read-back on SQLite)', async () => {
      const id = await submittedDossier();
      const loaded = (await getDossier(storage.db, id))!;
      const change = { at: T0 + 60_000, set: { state: 'processing', due_at: Date.UTC(2025, 1, 11, 3, 0), code: 'U-250124-0001', fee_total: 0 }, loaded };
      const { row } = await inTransaction(storage.db, (trx) => updateDossierIfRevision(trx, id, 0, change));
      expect(row).toEqual(await getDossier(storage.db, id));
      expect(Object.keys(row)).toEqual(Object.keys(loaded));
      expect(row).toMatchObject({ revision: 1, state: 'processing', code: 'U-250124-0001', fee_total: 0, updated_at: T0 + 60_000, form: loaded.form });
      // A stale row (another revision) is not trusted: the row is read back.
      const again = await inTransaction(storage.db, (trx) => updateDossierIfRevision(trx, id, 1, { at: T0 + 70_000, set: { state: 'approval' }, loaded }));
      expect(again.row).toEqual(await getDossier(storage.db, id));
      expect(again.row).toMatchObject({ revision: 2, state: 'approval', code: 'U-250124-0001' });
      // And the revision check still refuses a change from a revision that has moved on.
      await expect(
        inTransaction(storage.db, (trx) => updateDossierIfRevision(trx, id, 1, { at: T0, set: { state: 'x' }, loaded: again.row })),
      ).rejects.toBeInstanceOf(ConcurrencyConflict);
      await expect(
        inTransaction(storage.db, (trx) => updateDossierIfRevision(trx, id, 1, { at: T0, set: { state: 'x' }, loaded: { ...again.row, revision: 1 } })),
      ).rejects.toMatchObject({ expectedRevision: 1, actualRevision: 2 });
    });

    it('apply the same columns named in either order, and an update without events leaves the history as it was', async () => {
      const id = await submittedDossier();
      const before = await listEvents(storage.db, id);
      const loaded = (await getDossier(storage.db, id))!;
      const one = await inTransaction(storage.db, (trx) =>
        updateDossierIfRevision(trx, id, 0, { at: T0 + 1_000, set: { state: 'processing', fee_total: 5, code: undefined }, loaded }),
      );
      expect(one.events).toEqual([]);
      expect(one.row).toEqual(await getDossier(storage.db, id));
      expect(one.row).toMatchObject({ revision: 1, state: 'processing', fee_total: 5, code: loaded.code, updated_at: T0 + 1_000 });
      const two = await inTransaction(storage.db, (trx) =>
        updateDossierIfRevision(trx, id, 1, { at: T0 + 2_000, set: { fee_total: 7, state: 'approval' }, loaded: one.row, events: [{ type: 'x', actor: 'o', payload: encodeJson({}) }] }),
      );
      expect(two.row).toEqual(await getDossier(storage.db, id));
      expect(two.row).toMatchObject({ revision: 2, state: 'approval', fee_total: 7, updated_at: T0 + 2_000 });
      expect(two.events.map((e) => e.seq)).toEqual([before.length + 1]);
      expect((await listEvents(storage.db, id)).map((e) => e.seq)).toEqual([...before.map((e) => e.seq), before.length + 1]);
    });

    it('report a dossier that does not exist as DossierNotFound', async () => {
      await expect(accept('no-such-dossier', 0, 'officer:a')).rejects.toBeInstanceOf(DossierNotFound);
    });

    it('refuse to rewrite or delete recorded events', async () => {
      const id = await submittedDossier();
      await expect(
        storage.db.updateTable('events').set({ actor: 'someone else' }).where('dossier_id', '=', id).execute(),
      ).rejects.toThrow(/append-only/);
      await expect(storage.db.deleteFrom('events').where('dossier_id', '=', id).execute()).rejects.toThrow(/append-only/);
      expect(await listEvents(storage.db, id)).toHaveLength(1);
    });
  });

  describe('transactions', () => {
    it('leave nothing half-written when the work throws', async () => {
      const unit = uniqueUnit();
      const id = randomUUID();
      await expect(
        inTransaction(storage.db, async (trx) => {
          const code = await nextDossierCode(trx, unit, '250124');
          await createDossier(
            trx,
            dossierRow(id, { code, state: 'processing', due_at: T0 }),
            [{ type: 'accept', actor: 'officer:a', payload: encodeJson({}) }],
          );
          await enqueueOutbox(trx, [{ kind: 'notification', recipient: `citizen:${id}`, payload: encodeJson({ dossier: id }) }], T0);
          throw new Error('the receipt slip could not be issued');
        }),
      ).rejects.toThrow('the receipt slip could not be issued');

      expect(await getDossier(storage.db, id)).toBeUndefined();
      expect(await listEvents(storage.db, id)).toEqual([]);
      expect(await storage.db.selectFrom('outbox').select('id').where('recipient', '=', `citizen:${id}`).execute()).toEqual([]);
      expect(await storage.db.selectFrom('daily_sequences').selectAll().where('unit_code', '=', unit).execute()).toEqual([]);
    });

    it('refuse a dossier pinned to a definition version that was never published', async () => {
      const id = randomUUID();
      await expect(
        inTransaction(storage.db, (trx) =>
          createDossier(trx, dossierRow(id, { definition_version: 99, agency: 'x', citizen_id: 'y', state: 'draft' })),
        ),
      ).rejects.toThrow();
      expect(await getDossier(storage.db, id)).toBeUndefined();
    });
  });

  describe('values', () => {
    it('read JSON columns back as written, Vietnamese text and nesting included', async () => {
      const value = { 'họ_tên': 'Nguyễn Thị Ánh', list: [1, 'hai', null, { ba: true }], fee: 10_000, nested: { a: [] } };
      const recipient = `citizen:${randomUUID()}`;
      await enqueueOutbox(storage.db, [{ kind: 'notification', recipient, payload: encodeJson(value) }], 4_102_444_800_000); // 2100-01-01: past 2^31, must stay a number
      const row = await storage.db.selectFrom('outbox').selectAll().where('recipient', '=', recipient).executeTakeFirstOrThrow();
      expect(row.created_at).toBe(4_102_444_800_000);
      expect(typeof row.payload).toBe('string');
      expect(decodeJson(row.payload!)).toEqual(value);
      expect(() => decodeJson(row.payload!, z.object({ fee: z.string() }))).toThrow();
      expect(decodeJson(row.payload!, z.object({ fee: z.number() }))).toEqual({ fee: 10_000 });
    });

    it('find the definition version in effect on a day', async () => {
      await publishDefinition(storage.db, {
        procedure_id: 'cap_ban_sao',
        version: 1,
        source_hash: sourceHash('v1'),
        ir: encodeJson({}),
        effective_from: '2024-01-01',
        effective_until: '2025-06-30',
        published_at: T0,
      });
      await publishDefinition(storage.db, {
        procedure_id: 'cap_ban_sao',
        version: 2,
        source_hash: sourceHash('v2'),
        ir: encodeJson({}),
        effective_from: '2025-07-01',
        effective_until: null,
        published_at: T0,
      });
      expect((await definitionInEffect(storage.db, 'cap_ban_sao', '2025-06-30'))?.version).toBe(1);
      expect((await definitionInEffect(storage.db, 'cap_ban_sao', '2025-07-01'))?.version).toBe(2);
      expect(await definitionInEffect(storage.db, 'cap_ban_sao', '2023-12-31')).toBeUndefined();
      await expect(
        publishDefinition(storage.db, {
          procedure_id: 'cap_ban_sao',
          version: 2,
          source_hash: sourceHash('v2 again'),
          ir: encodeJson({}),
          effective_from: null,
          effective_until: null,
          published_at: T0,
        }),
      ).rejects.toThrow();
    });
  });
}

describe('storage on SQLite', () => {
  storageSuite('sqlite', sqliteHarness);
});

describe.skipIf(!PG_URL)('storage on PostgreSQL (MOTCUA_TEST_DATABASE_URL)', () => {
  storageSuite('postgres', () => postgresHarness(PG_URL!));
});
