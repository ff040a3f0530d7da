// Statistics for the centre manager (GET /api/stats and the /dashboard page): per procedure or
// agency, dossiers received in a period, results early / on time / late, those still pending,
// the share submitted online and the share of fees paid online.
import { sql } from '@motcua/engine';
import type { ServerContext } from './context.ts';

export interface StatsQuery {
  /** Local days, YYYY-MM-DD (inclusive); absent = unbounded. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly by: 'procedure' | 'agency';
  readonly agency?: string | undefined;
  readonly procedure?: string | undefined;
}

export interface StatsGroup {
  readonly key: string;
  readonly received: number;
  readonly early: number;
  readonly on_time: number;
  readonly late: number;
  readonly pending: number;
  readonly online: number;
  readonly withFee: number;
  readonly paidOnline: number;
  /** Percentages with one decimal; null when there is nothing to divide by. */
  readonly onlineShare: number | null;
  readonly paymentShare: number | null;
  readonly onTimeShare: number | null;
}

export interface Stats {
  readonly from: string | null;
  readonly to: string | null;
  readonly by: 'procedure' | 'agency';
  readonly items: StatsGroup[];
}

/** Start (or end) of a local day in Asia/Ho_Chi_Minh, as epoch ms. */
export function localDayBound(day: string, end: boolean): number {
  return Date.parse(`${day}T${end ? '23:59:59.999' : '00:00:00'}+07:00`);
}

/**
 * Aggregates the dossiers (drafts excluded). Received, online and payment counts use the
 * receipt time; early/on time/late use the result time; pending counts every received dossier
 * not yet in a final state, whatever the period.
 */
export async function computeStats(ctx: ServerContext, query: StatsQuery): Promise<Stats> {
  const { storage } = ctx.runtime;
  const from = query.from ? localDayBound(query.from, false) : 0;
  const to = query.to ? localDayBound(query.to, true) : Number.MAX_SAFE_INTEGER;
  // Counted by the database, one row per (procedure, agency, state) — never one per dossier, so
  // the cost in memory stays flat however many dossiers there are. Which states are final is
  // known per procedure here, so "pending" is folded in below.
  const inPeriod = (col: 'received_at' | 'result_at') => sql<boolean>`${sql.ref(col)} is not null and ${sql.ref(col)} >= ${from} and ${sql.ref(col)} <= ${to}`;
  const count = (cond: ReturnType<typeof sql>) => sql<number>`sum(case when ${cond} then 1 else 0 end)`;
  const received = inPeriod('received_at');
  const withFee = sql`${received} and fee_total is not null and fee_total > 0`;
  const paidOnline = sql`exists (select 1 from payments p where p.dossier_id = dossiers.id and p.status = 'paid' and p.provider <> 'counter')`;
  let q = storage.db
    .selectFrom('dossiers')
    .select([
      'procedure_id',
      'agency',
      'state',
      count(received).as('received'),
      count(sql`${received} and channel = 'online'`).as('online'),
      count(withFee).as('with_fee'),
      count(sql`${withFee} and ${paidOnline}`).as('paid_online'),
      count(sql`${inPeriod('result_at')} and outcome = 'early'`).as('early'),
      count(sql`${inPeriod('result_at')} and outcome = 'on_time'`).as('on_time'),
      count(sql`${inPeriod('result_at')} and outcome = 'late'`).as('late'),
      count(sql`received_at is not null`).as('received_ever'),
    ])
    .where('state', '!=', 'draft')
    .groupBy(['procedure_id', 'agency', 'state']);
  if (query.agency) q = q.where('agency', '=', query.agency);
  if (query.procedure) q = q.where('procedure_id', '=', query.procedure);
  const rows = await q.execute();
  const finals = new Map(ctx.runtime.catalog.map((e) => [e.id, new Set(e.ir.workflow.states.filter((st) => st.final).map((st) => st.id))]));
  type Counts = Omit<StatsGroup, 'onlineShare' | 'paymentShare' | 'onTimeShare'>;
  const groups = new Map<string, { -readonly [K in keyof Counts]: Counts[K] }>();
  for (const r of rows) {
    const key = query.by === 'agency' ? r.agency : r.procedure_id;
    const g = groups.get(key) ?? { key, received: 0, early: 0, on_time: 0, late: 0, pending: 0, online: 0, withFee: 0, paidOnline: 0 };
    g.received += Number(r.received);
    g.online += Number(r.online);
    g.withFee += Number(r.with_fee);
    g.paidOnline += Number(r.paid_online);
    g.early += Number(r.early);
    g.on_time += Number(r.on_time);
    g.late += Number(r.late);
    if (!finals.get(r.procedure_id)?.has(r.state)) g.pending += Number(r.received_ever);
    groups.set(key, g);
  }
  const share = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 10);
  const items = [...groups.values()]
    .map((g) => ({ ...g, onlineShare: share(g.online, g.received), paymentShare: share(g.paidOnline, g.withFee), onTimeShare: share(g.early + g.on_time, g.early + g.on_time + g.late) }))
    .sort((a, b) => b.received - a.received || a.key.localeCompare(b.key));
  return { from: query.from ?? null, to: query.to ?? null, by: query.by, items };
}
