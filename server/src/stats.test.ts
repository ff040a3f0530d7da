// Statistics are read from counters the engine keeps with every change (stats_daily), never by
// loading every dossier. They must say exactly what a count over each dossier says: received,
// online, with a fee, paid online, early / on time / late, pending — and exactly what the scan
// of every dossier (computeStatsByScan) says, after any step of any dossier's life.
import { random as seededRandom } from '@motcua/dsl/testing';
import type { IRExpr, ProcedureIR } from '@motcua/dsl';
import { checkDossiers, EngineError, localDateTime, localIsoDate, type Actor } from '@motcua/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './testing/harness.ts';
import { seedQueue } from './pages/fixtures.ts';
import { computeStats, computeStatsByScan, localDayBound, type StatsQuery } from './stats.ts';

/** The plain definition: every non-draft dossier looked at one by one. */
async function countOneByOne(s: TestServer, query: StatsQuery) {
  const { storage, catalog } = s.runtime;
  const from = query.from ? localDayBound(query.from, false) : 0;
  const to = query.to ? localDayBound(query.to, true) : Number.MAX_SAFE_INTEGER;
  const rows = (await storage.db.selectFrom('dossiers').selectAll().where('state', '!=', 'draft').execute()).filter(
    (r) => (!query.agency || r.agency === query.agency) && (!query.procedure || r.procedure_id === query.procedure),
  );
  const paid = await storage.db.selectFrom('payments').selectAll().where('status', '=', 'paid').execute();
  const paidOnline = new Set(paid.filter((p) => p.provider !== 'counter').map((p) => p.dossier_id));
  const finals = new Map(catalog.map((e) => [e.id, new Set(e.ir.workflow.states.filter((st) => st.final).map((st) => st.id))]));
  const groups = new Map<string, Record<string, number | string>>();
  const within = (t: unknown) => t !== null && Number(t) >= from && Number(t) <= to;
  for (const r of rows) {
    const key = query.by === 'agency' ? r.agency : r.procedure_id;
    const g = groups.get(key) ?? { key, received: 0, early: 0, on_time: 0, late: 0, pending: 0, online: 0, withFee: 0, paidOnline: 0 };
    const inc = (k: string) => (g[k] = (g[k] as number) + 1);
    if (within(r.received_at)) {
      inc('received');
      if (r.channel === 'online') inc('online');
      if (r.fee_total !== null && Number(r.fee_total) > 0) {
        inc('withFee');
        if (paidOnline.has(r.id)) inc('paidOnline');
      }
    }
    if (within(r.result_at) && r.outcome) inc(r.outcome);
    if (r.received_at !== null && !finals.get(r.procedure_id)?.has(r.state)) inc('pending');
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => String(a['key']).localeCompare(String(b['key'])));
}

const DATABASES = [
  { name: 'SQLite', url: undefined as string | undefined, skip: false },
  { name: 'PostgreSQL', url: process.env['MOTCUA_TEST_DATABASE_URL'], skip: !process.env['MOTCUA_TEST_DATABASE_URL'] },
];

for (const db of DATABASES) {
  describe.skipIf(db.skip)(`statistics on ${db.name}`, () => {
    let s: TestServer;
    beforeAll(async () => {
      s = await startTestServer(db.url ? { databaseUrl: db.url, databaseSchema: `t_stats_${process.pid}_${Date.now().toString(36)}` } : {});
      await seedQueue(s); // received, early, late, overdue, due soon, waiting: every outcome and pending
    }, 120_000);
    afterAll(async () => {
      if (db.url && s) await s.runtime.storage.db.schema.dropSchema(s.runtime.storage.location).ifExists().cascade().execute();
      await s?.close();
    });

    const queries: StatsQuery[] = [
      { by: 'procedure' },
      { by: 'agency' },
      { by: 'procedure', from: '2025-02-01', to: '2025-02-13' },
      { by: 'agency', from: '2025-02-14', to: '2025-03-31', agency: 'cong_an_xa' },
      { by: 'procedure', procedure: 'dang_ky_thuong_tru' },
    ];
    it.each(queries)('agrees with a count of every dossier: %o', async (query) => {
      const counted = await countOneByOne(s, query);
      const stats = await computeStats({ runtime: s.runtime } as never, query);
      const strip = ({ onlineShare: _a, paymentShare: _b, onTimeShare: _c, ...rest }: Record<string, unknown>) => rest;
      expect(stats.items.map((i) => strip(i as never)).sort((a, b) => String(a['key']).localeCompare(String(b['key'])))).toEqual(counted);
      expect(counted.length).toBeGreaterThan(0);
    });

    it('sees every outcome in the seeded data, so the comparison above covers them', async () => {
      const all = await countOneByOne(s, { by: 'agency' });
      const sum = (k: string) => all.reduce((n, g) => n + (g[k] as number), 0);
      for (const k of ['received', 'early', 'late', 'pending', 'online', 'withFee', 'paidOnline']) expect(sum(k), k).toBeGreaterThan(0);
    });
  });
}

// ------------------------------------------------------------------------------ random lifecycles

const SYSTEM_ACTOR: Actor = { id: 'thu-nghiem', role: 'system' };
const FILES: Record<string, { bytes: Uint8Array; mime: string }> = {
  pdf: { bytes: new TextEncoder().encode('%PDF-1.4\n% test\n'), mime: 'application/pdf' },
  jpg: { bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), mime: 'image/jpeg' },
  jpeg: { bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), mime: 'image/jpeg' },
  png: { bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), mime: 'image/png' },
};

/** What a procedure's scenario gives before its first step: the channel, the citizen, the form. */
interface Template {
  readonly ir: ProcedureIR;
  readonly channel: string;
  readonly citizen: string;
  readonly form: Record<string, unknown>;
}

function literal(e: IRExpr): unknown {
  if (e.kind === 'lit') return e.type === 'percent' ? (e.value as number) / 100 : e.value;
  if (e.kind === 'list') return e.items.map(literal);
  if (e.kind === 'unary' && e.op === '-' && e.operand.kind === 'lit') return -(e.operand.value as number);
  if (e.kind === 'ref') return e.path.join('.');
  return undefined;
}

function templates(catalog: ReadonlyArray<{ ir: ProcedureIR }>): Template[] {
  const out: Template[] = [];
  for (const { ir } of catalog) {
    for (const sc of ir.scenarios) {
      const first = sc.steps.findIndex((x) => x.kind === 'do');
      if (first < 0) continue;
      let channel: string = ir.channels[0]!;
      let citizen = '001000000000';
      const form: Record<string, unknown> = {};
      for (const step of sc.steps.slice(0, first)) {
        if (step.kind !== 'given') continue;
        for (const item of step.items) {
          const v = literal(item.value);
          if (item.key === 'channel') channel = String(v);
          else if (item.key === 'citizen') citizen = String(v);
          else if (item.key !== 'missing' && item.key !== 'paid') form[item.key] = v;
        }
      }
      out.push({ ir, channel, citizen, form });
    }
  }
  return out;
}

for (const db of DATABASES) {
  describe.skipIf(db.skip)(`statistics counters through random lifecycles on ${db.name}`, () => {
    let s: TestServer;
    beforeAll(async () => {
      s = await startTestServer(db.url ? { databaseUrl: db.url, databaseSchema: `t_stats_life_${process.pid}_${Date.now().toString(36)}` } : {});
    }, 120_000);
    afterAll(async () => {
      if (db.url && s) await s.runtime.storage.db.schema.dropSchema(s.runtime.storage.location).ifExists().cascade().execute();
      await s?.close();
    });

    it('agree with the scan of every dossier after every step: receipts, payments online and at the counter, hand-overs, results, refusals, withdrawals', async () => {
      const { engine } = s.runtime;
      const rand = seededRandom(20_260_212); // a failure replays from its seed
      const random = rand.next;
      const pick = rand.pick;
      let now = localDateTime(2026, 2, 12, 8, 0);
      const setTime = (t: number) => {
        now = t;
        const d = new Date(t + 7 * 3_600_000);
        s.setTime(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes());
      };
      setTime(now);
      const pool = templates(s.runtime.catalog);
      expect(pool.length).toBeGreaterThan(20);
      const live: Array<{ id: string; ir: ProcedureIR; refused: number }> = [];
      const seen = { handovers: 0, finals: new Set<string>(), payments: { online: 0, counter: 0 }, actions: 0 };
      let reference = 0;

      const attach = async (id: string, ir: ProcedureIR, docIds: readonly string[]) => {
        for (const docId of docIds) {
          const doc = ir.documents.find((x) => x.id === docId);
          if (!doc || doc.generated) continue;
          const ext = doc.formats.find((f) => FILES[f]) ?? 'pdf';
          await engine.attachDocument(id, docId, { name: `${docId}.${ext}`, mime: FILES[ext]!.mime, bytes: FILES[ext]!.bytes }, SYSTEM_ACTOR);
        }
      };
      const pay = async (id: string, amount: number) => {
        const provider = pick(['counter', 'embedded', 'vnpay']);
        await engine.recordPayment(id, { provider, reference: `R${++reference}`, amount });
        seen.payments[provider === 'counter' ? 'counter' : 'online']++;
      };
      // Each procedure alike, those with a withdrawal or a hand-over (rarer paths) three times as often.
      const rare = (ir: ProcedureIR) => ir.workflow.states.some((st) => st.transitions.some((t) => t.id === 'withdraw' || t.effects.some((e) => e.type === 'handover')));
      const procedures = [...new Map(pool.map((t) => [t.ir.id, t.ir])).values()].flatMap((ir) => (rare(ir) ? [ir.id, ir.id, ir.id] : [ir.id]));
      const create = async () => {
        const id = pick(procedures);
        const t = pick(pool.filter((x) => x.ir.id === id));
        try {
          const d = await engine.createDraft({ procedureId: t.ir.id, channel: t.channel as 'online', actor: { id: t.citizen, role: 'citizen' } });
          if (Object.keys(t.form).length) await engine.updateForm(d.id, t.form, SYSTEM_ACTOR);
          await attach(d.id, t.ir, t.ir.documents.map((x) => x.id));
          live.push({ id: d.id, ir: t.ir, refused: 0 });
        } catch (e) {
          if (!(e instanceof EngineError)) throw e; // a scenario for another day or version: another one next time
        }
      };
      /** One step of one dossier: a payment now and then, else one of the actions of its state. */
      const step = async (d: (typeof live)[number]) => {
        let view = await engine.view(d.id);
        // Now and then on the morning of its due day, so that some results come on time.
        if (view.dueAt !== null && view.dueAt - 3_600_000 > now && random() < 0.15) {
          setTime(view.dueAt - 3_600_000);
          view = await engine.view(d.id);
        }
        if (random() < 0.1) return pay(d.id, pick([0, 1_000, 10_000]));
        if (view.state.role === 'citizen' && view.state.id !== d.ir.workflow.initial) {
          await attach(d.id, d.ir, (await engine.assess(d.id)).missing.map((m) => m.id)); // back with what was missing
        }
        // Mostly forward: refusals, withdrawals, supplements and sending back now and then.
        const detour = (a: (typeof view.actions)[number]) => /refus|withdraw|supplement|send_back|decline/.test(a.id);
        const forward = view.actions.filter((a) => !detour(a));
        const detours = view.actions.filter(detour);
        const action = detours.length && (!forward.length || random() < (detours.some((a) => a.id === 'withdraw') ? 0.5 : 0.3)) ? pick(detours) : pick(forward);
        if (!action) return;
        const inputs = { reason: 'Lý do thử nghiệm', note: 'Ghi chú', missing: [d.ir.documents[0]!.id] };
        for (let attempt = 0; attempt < 2; attempt++) {
          try {
            const after = await engine.act(d.id, action.id, { actor: SYSTEM_ACTOR, inputs });
            seen.actions++;
            if (after.agency !== view.agency) seen.handovers++;
            if (after.state.final) {
              seen.finals.add(after.state.id);
              live.splice(live.indexOf(d), 1);
            }
            return;
          } catch (e) {
            if (!(e instanceof EngineError)) throw e;
            if (e.code !== 'fee_unpaid') {
              // A guard not met: another action another time; a dossier refused again and again is left.
              if (++d.refused > 4) live.splice(live.indexOf(d), 1);
              return;
            }
            await pay(d.id, Number(e.details['due']) - Number(e.details['paid']));
          }
        }
      };

      const day = (t: number) => localIsoDate(t);
      const compare = async (label: string) => {
        const agencies = [...new Set((await s.runtime.storage.db.selectFrom('dossiers').select('agency').execute()).map((r) => r.agency))];
        const queries: StatsQuery[] = [
          { by: 'procedure' },
          { by: 'agency' },
          { by: 'procedure', from: day(now - 3 * 86_400_000), to: day(now) },
          { by: 'agency', from: day(now - 1 * 86_400_000), to: day(now + 86_400_000) },
          { by: pick(['procedure', 'agency'] as const), from: day(now - Math.floor(random() * 20) * 86_400_000), agency: pick(agencies) },
          { by: 'agency', to: day(now - Math.floor(random() * 10) * 86_400_000), procedure: pick(live)?.ir.id },
          // Whole months and the days at both ends; a period ending before it begins.
          { by: 'procedure', from: `${day(now - Math.floor(random() * 60) * 86_400_000).slice(0, 7)}-01`, to: day(now - Math.floor(random() * 5) * 86_400_000) },
          { by: 'agency', from: day(now - Math.floor(random() * 90) * 86_400_000), to: day(now - Math.floor(random() * 30) * 86_400_000) },
          { by: 'procedure', from: '2026-01-01', to: '2026-12-31' },
          // What Date.parse makes of a day that does not exist: 30 February is 2 March.
          { by: 'agency', from: '2026-02-30', to: '2026-03-31' },
        ];
        for (const query of queries) {
          const [counted, scanned] = await Promise.all([computeStats({ runtime: s.runtime } as never, query), computeStatsByScan({ runtime: s.runtime } as never, query)]);
          expect(counted, `${label}: ${JSON.stringify(query)}`).toEqual(scanned);
        }
      };

      const covered = async () => {
        const all = (await computeStats({ runtime: s.runtime } as never, { by: 'agency' })).items;
        const sum = (k: keyof (typeof all)[number]) => all.reduce((n, g) => n + Number(g[k]), 0);
        return (
          (['received', 'early', 'on_time', 'late', 'pending', 'online', 'withFee', 'paidOnline'] as const).every((k) => sum(k) > 0) &&
          seen.handovers > 0 &&
          ['done', 'refused', 'withdrawn'].every((f) => seen.finals.has(f)) &&
          seen.payments.online > 0 &&
          seen.payments.counter > 0
        );
      };
      // At least STEPS steps, and on until every case below has been seen (the walk is seeded: the same each run).
      const STEPS = 400;
      for (let i = 0; i < STEPS || (i < 4 * STEPS && !(await covered())); i++) {
        const r = random();
        // Mostly minutes to an hour, a day now and then: the scenarios' forms (dates) stay valid for months.
        setTime(now + (r < 0.9 ? Math.floor(random() * 1.5 * 3_600_000) : r < 0.99 ? 86_400_000 : 3 * 86_400_000));
        if (live.length < 8 || random() < 0.1) await create();
        else await step(pick(live));
        if (random() < 0.1) await engine.runTimers('thu-nghiem');
        await compare(`step ${i}`);
      }

      // It saw what it is meant to cover, the doctor agrees, and so does a count of every dossier one by one.
      const totals = await countOneByOne(s, { by: 'agency' });
      const sum = (k: string) => totals.reduce((n, g) => n + (g[k] as number), 0);
      for (const k of ['received', 'early', 'on_time', 'late', 'pending', 'online', 'withFee', 'paidOnline']) expect(sum(k), k).toBeGreaterThan(0);
      expect(seen.handovers, 'hand-overs').toBeGreaterThan(0);
      expect([...seen.finals].sort(), 'final states reached').toEqual(expect.arrayContaining(['done', 'refused', 'withdrawn']));
      expect(seen.payments.online).toBeGreaterThan(0);
      expect(seen.payments.counter).toBeGreaterThan(0);
      const strip = ({ onlineShare: _a, paymentShare: _b, onTimeShare: _c, ...rest }: Record<string, unknown>) => rest;
      const all = await computeStats({ runtime: s.runtime } as never, { by: 'agency' });
      expect(all.items.map((i) => strip(i as never)).sort((a, b) => String(a['key']).localeCompare(String(b['key'])))).toEqual(totals);
      expect((await checkDossiers(s.runtime.storage.db)).findings).toEqual([]);
    }, 300_000);
  });
}
