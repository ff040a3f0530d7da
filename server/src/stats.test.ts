// Statistics are counted by the database (one row per procedure, agency and state), never by
// loading every dossier. They must say exactly what a count over each dossier says: received,
// online, with a fee, paid online, early / on time / late, pending.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './testing/harness.ts';
import { seedQueue } from './pages/fixtures.ts';
import { computeStats, localDayBound, type StatsQuery } from './stats.ts';

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
