// The sample dossiers of the default set-up: on a fresh database, dossiers in every kind of state
// the console, the dashboard and the portal show — waiting for reception, in processing, due soon,
// overdue, waiting for a supplement, refused, done early / on time / late (one after the apology
// letter) — made through the engine on a virtual clock that walks up to now, so that the doctor
// finds nothing to say; never twice, never when turned off, and the same set from the same now.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDossiers, localDateTime, receiptDay, subtractDuration, type SampleRegistry } from '@motcua/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from './runtime.ts';
import { sampleDossiersWanted, seedSampleDossiers, type SampleDossiersReport } from './sample-dossiers.ts';

const PG_URL = process.env['MOTCUA_TEST_DATABASE_URL'];
/** Monday 23/11/2026 10:00, Vietnam time. */
const NOW = localDateTime(2026, 11, 23, 10, 0);

const opened: Array<{ runtime: Runtime; dir: string }> = [];

async function freshRuntime(now: number, db: { databaseUrl?: string; databaseSchema?: string } = {}): Promise<Runtime> {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-sample-'));
  const runtime = await createRuntime({ dataDir: dir, now: () => now, ...db });
  opened.push({ runtime, dir });
  return runtime;
}

afterAll(async () => {
  for (const { runtime, dir } of opened) {
    await runtime.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
});

type Row = Awaited<ReturnType<typeof dossiersOf>>[number];

async function dossiersOf(runtime: Runtime) {
  return runtime.storage.db.selectFrom('dossiers').selectAll().orderBy('created_at').orderBy('id').execute();
}

async function eventsOf(runtime: Runtime, id: string) {
  return runtime.storage.db.selectFrom('events').selectAll().where('dossier_id', '=', id).orderBy('seq').execute();
}

function stateOf(runtime: Runtime, d: Row) {
  const ir = runtime.catalog.find((e) => e.id === d.procedure_id)!.ir;
  return { ir, state: ir.workflow.states.find((s) => s.id === d.state)! };
}

/** The console's light of a dossier at `now` (routes/officers.ts flagsOf, pages/console.ts lightOf). */
function light(runtime: Runtime, d: Row, now: number): 'red' | 'amber' | 'green' | 'none' {
  const slaBreached = d.state_due_at !== null && Number(d.state_due_at) < now;
  if (d.due_at === null) return slaBreached ? 'red' : 'none';
  const due = Number(d.due_at);
  if (due < now || slaBreached) return 'red';
  const { ir } = stateOf(runtime, d);
  if (ir.warn && now >= subtractDuration(runtime.engine.calendarOf(ir, ir.agency), due, ir.warn)) return 'amber';
  return 'green';
}

/** The kinds of dossier the seed promises, counted from what the database holds. */
async function kinds(runtime: Runtime, now: number) {
  const rows = await dossiersOf(runtime);
  const k = { redByStepOnly: 0, waitingReception: 0, inProcessing: 0, dueSoon: 0, overdue: 0, supplement: 0, refusedWithReason: 0, early: 0, onTime: 0, late: 0, lateExtended: 0 };
  for (const d of rows) {
    const { ir, state } = stateOf(runtime, d);
    const events = await eventsOf(runtime, d.id);
    if (state.role === 'reception' && d.code === null) k.waitingReception++;
    if (!state.final && state.role !== 'citizen' && state.role !== 'reception' && light(runtime, d, now) === 'green') k.inProcessing++;
    if (!state.final && light(runtime, d, now) === 'amber') k.dueSoon++;
    if (!state.final && d.due_at !== null && Number(d.due_at) < now) k.overdue++;
    // Red only when overdue by its processing clock, or when a submission waits too long for
    // reception: no dossier red merely because it sat at a step longer than the step allows.
    if (!state.final && light(runtime, d, now) === 'red' && !(d.due_at !== null && Number(d.due_at) < now) && d.code !== null) k.redByStepOnly++;
    if (state.role === 'citizen' && state.id !== ir.workflow.initial && state.pausesClock && events.some((e) => e.type === 'supplement_requested')) k.supplement++;
    const refusal = events.find((e) => e.type === 'refused');
    if (state.final && d.outcome === null && refusal && (JSON.parse(refusal.payload) as { reason?: string }).reason) k.refusedWithReason++;
    if (d.outcome === 'early') k.early++;
    if (d.outcome === 'on_time') k.onTime++;
    if (d.outcome === 'late') k.late++;
    if (d.outcome === 'late' && events.some((e) => e.type === 'extended')) k.lateExtended++;
  }
  return k;
}

describe('sample dossiers on a fresh SQLite runtime', () => {
  let runtime: Runtime;
  let report: SampleDossiersReport;

  beforeAll(async () => {
    runtime = await freshRuntime(NOW);
    report = await seedSampleDossiers(runtime, { now: NOW });
  }, 120_000);

  it('makes 30–60 dossiers over several procedures and agencies, the commune police among them, with no failure', async () => {
    expect(report.failures).toEqual([]);
    const rows = await dossiersOf(runtime);
    expect(report.created).toBe(rows.length);
    expect(rows.length).toBeGreaterThanOrEqual(30);
    expect(rows.length).toBeLessThanOrEqual(60);
    expect(new Set(rows.map((d) => d.procedure_id)).size).toBeGreaterThanOrEqual(6);
    const byAgency = new Map<string, number>();
    for (const d of rows) byAgency.set(d.agency, (byAgency.get(d.agency) ?? 0) + 1);
    expect(byAgency.size).toBeGreaterThanOrEqual(4);
    expect(byAgency.get('cong_an_xa') ?? 0).toBeGreaterThanOrEqual(10);
    expect(Object.values(report.byState).reduce((a, b) => a + b, 0)).toBe(rows.length);
  });

  it('has every promised kind of state: waiting for reception, in processing, due soon, overdue, supplement, refused, early, on time, late after the apology letter', async () => {
    const k = await kinds(runtime, NOW);
    expect(k.redByStepOnly).toBe(0);
    expect(k.waitingReception).toBeGreaterThanOrEqual(2);
    expect(k.inProcessing).toBeGreaterThanOrEqual(3);
    expect(k.dueSoon).toBeGreaterThanOrEqual(2);
    expect(k.overdue).toBeGreaterThanOrEqual(2);
    expect(k.supplement).toBeGreaterThanOrEqual(2);
    expect(k.refusedWithReason).toBeGreaterThanOrEqual(2);
    expect(k.early).toBeGreaterThanOrEqual(3);
    expect(k.onTime).toBeGreaterThanOrEqual(3);
    expect(k.late).toBeGreaterThanOrEqual(2);
    expect(k.lateExtended).toBeGreaterThanOrEqual(1);
    // The apology letter went to the citizen's outbox.
    const letters = await runtime.storage.db.selectFrom('outbox').select(['recipient', 'payload']).where('kind', '=', 'apology_letter').execute();
    expect(letters.length).toBeGreaterThanOrEqual(1);
  });

  it('belongs to sample citizens of the registry; the README sample citizen 001099012345 has dossiers to track', async () => {
    const citizens = new Set((runtime.registry as SampleRegistry).citizens().map((c) => c.personal_id));
    const rows = await dossiersOf(runtime);
    for (const d of rows) expect(citizens.has(d.citizen_id), d.citizen_id).toBe(true);
    expect(rows.filter((d) => d.citizen_id === '001099012345').length).toBeGreaterThanOrEqual(2);
    expect(new Set(rows.map((d) => d.citizen_id)).size).toBeGreaterThanOrEqual(15);
  });

  it('lives in the past: submissions over the last 20–30 working days, every event at or before now and in order, codes of the receipt day', async () => {
    const rows = await dossiersOf(runtime);
    const cal = runtime.engine.calendarOf(runtime.catalog[0]!.ir, undefined);
    const oldest = Math.min(...rows.map((d) => Number(d.created_at)));
    const span = cal.workingDaysBetween(oldest, NOW);
    expect(span).toBeGreaterThanOrEqual(18);
    expect(span).toBeLessThanOrEqual(32);
    for (const d of rows) {
      const events = await eventsOf(runtime, d.id);
      const times = events.map((e) => Number(e.at));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(Math.max(...times)).toBeLessThanOrEqual(NOW);
      if (d.code !== null) expect(d.code).toMatch(new RegExp(`-${receiptDay(Number(d.received_at))}-\\d{4}$`));
      if (d.result_at !== null) expect(Number(d.result_at)).toBeLessThanOrEqual(NOW);
    }
  });

  it('agrees with the doctor: snapshots and logs, statistics counters, paid-online flags', async () => {
    const { checked, findings } = await checkDossiers(runtime.storage.db);
    expect(findings).toEqual([]);
    expect(checked).toBe(report.created);
  });

  it('leaves the timers due by now to the scheduler, which marks the overdue dossiers', async () => {
    // The scheduler's tick (scheduler.ts), on the runtime's own engine and clock.
    await runtime.engine.runTimers('test-scheduler', 100);
    const rows = await dossiersOf(runtime);
    const overdue = rows.filter((d) => d.due_at !== null && Number(d.due_at) < NOW);
    expect(overdue.length).toBeGreaterThanOrEqual(2);
    for (const d of overdue) expect((await eventsOf(runtime, d.id)).some((e) => e.type === 'overdue'), d.id).toBe(true);
    // Nothing left due by now.
    expect(await runtime.engine.runTimers('test-scheduler-2', 100)).toBe(0);
  });

  it('never seeds a database that has dossiers: a second call creates nothing', async () => {
    const before = (await dossiersOf(runtime)).length;
    const again = await seedSampleDossiers(runtime, { now: NOW });
    expect(again.created).toBe(0);
    expect(again.skipped).toBe('not_empty');
    expect((await dossiersOf(runtime)).length).toBe(before);
  });
});

describe('sample dossiers: when, and the same set every time', () => {
  it('MOTCUA_SAMPLE_DOSSIERS: 0 turns them off; by default only on SQLite (one process), on PostgreSQL when set to 1', () => {
    expect(sampleDossiersWanted(undefined, 'sqlite')).toBe(true);
    expect(sampleDossiersWanted('', 'sqlite')).toBe(true);
    expect(sampleDossiersWanted('0', 'sqlite')).toBe(false);
    expect(sampleDossiersWanted('0', 'postgres')).toBe(false);
    expect(sampleDossiersWanted(undefined, 'postgres')).toBe(false);
    expect(sampleDossiersWanted('1', 'postgres')).toBe(true);
    expect(sampleDossiersWanted('1', 'sqlite')).toBe(true);
  });

  it('the option turns them off too', async () => {
    const runtime = await freshRuntime(NOW);
    const r = await seedSampleDossiers(runtime, { now: NOW, enabled: false });
    expect(r.created).toBe(0);
    expect(r.skipped).toBe('disabled');
    expect((await dossiersOf(runtime)).length).toBe(0);
  });

  it('two seeds at once on one database: one makes the dossiers, the other nothing', async () => {
    const runtime = await freshRuntime(NOW);
    const [a, b] = await Promise.all([seedSampleDossiers(runtime, { now: NOW }), seedSampleDossiers(runtime, { now: NOW })]);
    expect([a.created > 0, b.created > 0].sort()).toEqual([false, true]);
    expect((await dossiersOf(runtime)).length).toBe(Math.max(a.created, b.created));
  }, 120_000);

  it('is deterministic: two fresh seeds at the same now give the same dossiers (procedure, owner, state, outcome, code, due time)', async () => {
    const shape = async (runtime: Runtime) =>
      (await dossiersOf(runtime)).map((d) => [d.procedure_id, d.citizen_id, d.state, d.outcome, d.code, d.due_at === null ? null : Number(d.due_at) - NOW, Number(d.created_at) - NOW]
        .join('|'))
        .sort();
    const one = await freshRuntime(NOW);
    const two = await freshRuntime(NOW);
    await seedSampleDossiers(one, { now: NOW });
    await seedSampleDossiers(two, { now: NOW });
    const a = await shape(one);
    expect(a.length).toBeGreaterThanOrEqual(30);
    expect(await shape(two)).toEqual(a);
  }, 120_000);

  // Other moments of the week and of the year: a Sunday morning, a Friday after office hours,
  // the first working day after Tết 2026, a Saturday in early January.
  it.each([
    ['Sunday 22/11/2026 06:51', localDateTime(2026, 11, 22, 6, 51)],
    ['Friday 20/11/2026 17:40', localDateTime(2026, 11, 20, 17, 40)],
    ['Monday 23/02/2026 08:05, after Tết', localDateTime(2026, 2, 23, 8, 5)],
    ['Saturday 09/01/2027 14:00', localDateTime(2027, 1, 9, 14, 0)],
  ])('every kind of state, whatever now is: %s', async (_label, now) => {
    const runtime = await freshRuntime(now);
    const r = await seedSampleDossiers(runtime, { now });
    expect(r.failures).toEqual([]);
    const { redByStepOnly, ...k } = await kinds(runtime, now);
    for (const [kind, n] of Object.entries(k)) expect(n, kind).toBeGreaterThanOrEqual(1);
    expect(redByStepOnly).toBe(0);
    expect((await checkDossiers(runtime.storage.db)).findings).toEqual([]);
  }, 120_000);
});

describe.skipIf(!PG_URL)('sample dossiers on PostgreSQL', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  afterAll(async () => {
    const r = opened.find((o) => o.runtime.storage.dialect === 'postgres');
    if (r) await r.runtime.storage.db.schema.dropSchema(schema).ifExists().cascade().execute();
  });

  it('two processes starting at once on one database: one seeds, the other waits for it and makes none (advisory lock)', async () => {
    const a = await freshRuntime(NOW, { databaseUrl: PG_URL!, databaseSchema: schema });
    const b = await freshRuntime(NOW, { databaseUrl: PG_URL!, databaseSchema: schema });
    const [ra, rb] = await Promise.all([seedSampleDossiers(a, { now: NOW }), seedSampleDossiers(b, { now: NOW })]);
    expect([ra.created > 0, rb.created > 0].sort()).toEqual([false, true]);
    // The one that made none returned only once the other was done (its scheduler starts then).
    expect([ra.skipped, rb.skipped].filter(Boolean)).toEqual(['not_empty']);
    expect(ra.failures).toEqual([]);
    expect(rb.failures).toEqual([]);
    const count = (await dossiersOf(a)).length;
    expect(count).toBe(Math.max(ra.created, rb.created));
    expect((await checkDossiers(a.storage.db)).findings).toEqual([]);
  }, 180_000);
});
