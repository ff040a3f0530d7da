// Statistics for the centre manager (GET /api/stats and the /dashboard page): per procedure or
// agency, dossiers received in a period, results early / on time / late, those still pending,
// the share submitted online and the share of fees paid online.
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
  let q = storage.db.selectFrom('dossiers').select(['procedure_id', 'agency', 'channel', 'received_at', 'result_at', 'outcome', 'state', 'fee_total', 'id']).where('state', '!=', 'draft');
  if (query.agency) q = q.where('agency', '=', query.agency);
  if (query.procedure) q = q.where('procedure_id', '=', query.procedure);
  const rows = await q.execute();
  const paidOnline = new Set(
    (await storage.db.selectFrom('payments').select('dossier_id').where('status', '=', 'paid').where('provider', '!=', 'counter').execute()).map((p) => p.dossier_id),
  );
  const finals = new Map(ctx.runtime.catalog.map((e) => [e.id, new Set(e.ir.workflow.states.filter((s) => s.final).map((s) => s.id))]));
  type Counts = Omit<StatsGroup, 'onlineShare' | 'paymentShare' | 'onTimeShare'>;
  const groups = new Map<string, { -readonly [K in keyof Counts]: Counts[K] }>();
  for (const r of rows) {
    const key = query.by === 'agency' ? r.agency : r.procedure_id;
    const g = groups.get(key) ?? { key, received: 0, early: 0, on_time: 0, late: 0, pending: 0, online: 0, withFee: 0, paidOnline: 0 };
    const received = r.received_at !== null && Number(r.received_at) >= from && Number(r.received_at) <= to;
    if (received) {
      g.received++;
      if (r.channel === 'online') g.online++;
      if (r.fee_total !== null && Number(r.fee_total) > 0) {
        g.withFee++;
        if (paidOnline.has(r.id)) g.paidOnline++;
      }
    }
    if (r.result_at !== null && Number(r.result_at) >= from && Number(r.result_at) <= to && r.outcome) g[r.outcome as 'early' | 'on_time' | 'late']++;
    if (r.received_at !== null && !finals.get(r.procedure_id)?.has(r.state)) g.pending++;
    groups.set(key, g);
  }
  const share = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 10);
  const items = [...groups.values()]
    .map((g) => ({ ...g, onlineShare: share(g.online, g.received), paymentShare: share(g.paidOnline, g.withFee), onTimeShare: share(g.early + g.on_time, g.early + g.on_time + g.late) }))
    .sort((a, b) => b.received - a.received || a.key.localeCompare(b.key));
  return { from: query.from ?? null, to: query.to ?? null, by: query.by, items };
}
