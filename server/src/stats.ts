// Statistics for the centre manager (GET /api/stats and the /dashboard page): per procedure or
// agency, dossiers received in a period, results early / on time / late, those still pending,
// the share submitted online and the share of fees paid online.
//
// They are read from counters (table `stats_daily`, engine/src/storage/stats-counters.ts) that the
// engine keeps in the transaction of every change they count: rows per procedure and agency for
// each local day, each month and all time. A call reads the all-time rows and, for a period, its
// whole months and the days at its ends — never the dossiers — so it costs the same with a
// thousand dossiers or a million (on SQLite, where queries are synchronous and every other request
// waits, a scan of every dossier took 1.9 s at 1,000,000; the counters 1.5 ms). `computeStatsByScan`,
// the count over every dossier, stays as the definition the counters are tested against.
import { ALL_TIME, localDay, sql, STATS_COUNTERS } from '@motcua/engine';
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
 * not yet in a final state, whatever the period. Groups by the dossier's current procedure and
 * agency; a group shows when it has a dossier past the draft, even with nothing in the period.
 *
 * Read from the counters: the all-time rows (day `*`) for the groups, pending — and everything
 * when the period is unbounded; for a period, the rows of its whole months and of the days at
 * its two ends (at most 12 a year and 62 per group, however long the history).
 */
export async function computeStats(ctx: ServerContext, query: StatsQuery): Promise<Stats> {
  const { db } = ctx.runtime.storage;
  const from = query.from ? localDayBound(query.from, false) : 0;
  const to = query.to ? localDayBound(query.to, true) : Number.MAX_SAFE_INTEGER;
  const ALL_TIME_ONLY = new Set<string>(['dossiers', 'pending']);
  let q = db.selectFrom('stats_daily').select(['procedure_id', 'agency']).groupBy(['procedure_id', 'agency']);
  if (query.agency) q = q.where('agency', '=', query.agency);
  if (query.procedure) q = q.where('procedure_id', '=', query.procedure);
  let rows;
  if (!query.from && !query.to) {
    // Unbounded: the all-time rows say everything.
    rows = await q.select(STATS_COUNTERS.map((c) => sql<number>`sum(${sql.ref(c)})`.as(c))).where('day', '=', ALL_TIME).execute();
  } else {
    const keys = await periodKeys(ctx, from, to, Boolean(query.from), Boolean(query.to));
    // The all-time rows give the groups and pending; the period's rows the rest.
    const pick = (c: string) =>
      ALL_TIME_ONLY.has(c) ? sql<number>`sum(case when day = ${ALL_TIME} then ${sql.ref(c)} else 0 end)` : sql<number>`sum(case when day = ${ALL_TIME} then 0 else ${sql.ref(c)} end)`;
    rows = await q
      .select(STATS_COUNTERS.map((c) => pick(c).as(c)))
      .where((eb) =>
        eb.or([
          eb('day', '=', ALL_TIME),
          ...(keys.months.length ? [eb('day', 'in', keys.months)] : []),
          ...keys.days.map(([first, last]) => eb.and([eb('day', '>=', first), eb('day', '<=', last)])),
        ]),
      )
      .execute();
  }
  return fold(
    query,
    rows.filter((r) => Number(r.dossiers) > 0),
  );
}

/**
 * The counter rows that make up the local days from `from` to `to` (instants as localDayBound
 * gives them): whole months by their month row (YYYY-MM), the days of a month begun or ended
 * within the period as a range of day rows — a range inside one month, which its month row
 * (sorting before the month's first day) never falls in. An open end stops at the first or last
 * day counted; a bound that is no date (NaN) takes in no day, as it takes in no instant.
 */
async function periodKeys(ctx: ServerContext, from: number, to: number, hasFrom: boolean, hasTo: boolean): Promise<{ months: string[]; days: Array<[string, string]> }> {
  const none = { months: [], days: [] };
  if (Number.isNaN(from) || Number.isNaN(to)) return none;
  const { db } = ctx.runtime.storage;
  // The ends of what is counted: the earliest row after `*` is a month row, the latest a day row.
  const edge = async (order: 'asc' | 'desc') =>
    (await db.selectFrom('stats_daily').select('day').where('day', '>', ALL_TIME).orderBy('day', order).limit(1).executeTakeFirst())?.day;
  const [earliest, latest] = await Promise.all([edge('asc'), edge('desc')]);
  if (earliest === undefined || latest === undefined) return none;
  // Within what is counted (nothing outside it to read); instants before 1970 were never in a period.
  let first = `${earliest.slice(0, 7)}-01`;
  if (first < '1970-01-01') first = '1970-01-01';
  if (hasFrom && localDay(from) > first) first = localDay(from);
  let last = latest.length === 7 ? `${latest}-31` : latest;
  if (hasTo && localDay(to) < last) last = localDay(to);
  if (first > last) return none;
  const months: string[] = [];
  const days: Array<[string, string]> = [];
  const lastDayOf = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
  const nextMonth = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1)).toISOString().slice(0, 7);
  for (let month = first.slice(0, 7); month <= last.slice(0, 7); month = nextMonth(month)) {
    const start = month === first.slice(0, 7) ? first : `${month}-01`;
    const end = month === last.slice(0, 7) ? last : lastDayOf(month);
    if (start === `${month}-01` && end >= lastDayOf(month)) months.push(month);
    else days.push([start, end]);
  }
  return { months, days };
}

/**
 * The same statistics counted over every dossier (one pass over the table, with a look at
 * `payments` for each): the definition the counters must agree with — tests compare the two —
 * and never used to serve a request.
 */
export async function computeStatsByScan(ctx: ServerContext, query: StatsQuery): Promise<Stats> {
  const { storage } = ctx.runtime;
  const from = query.from ? localDayBound(query.from, false) : 0;
  const to = query.to ? localDayBound(query.to, true) : Number.MAX_SAFE_INTEGER;
  // Counted by the database, one row per (procedure, agency, state). Which states are final is
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
  return fold(
    query,
    rows.map((r) => ({ ...r, pending: finals.get(r.procedure_id)?.has(r.state) ? 0 : r.received_ever })),
  );
}

interface GroupRow {
  readonly procedure_id: string;
  readonly agency: string;
  readonly received: unknown;
  readonly online: unknown;
  readonly with_fee: unknown;
  readonly paid_online: unknown;
  readonly early: unknown;
  readonly on_time: unknown;
  readonly late: unknown;
  readonly pending: unknown;
}

/** Rows per procedure and agency (or finer) → groups by procedure or agency, with shares, most received first. */
function fold(query: StatsQuery, rows: readonly GroupRow[]): Stats {
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
    g.pending += Number(r.pending);
    groups.set(key, g);
  }
  const share = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 10);
  const items = [...groups.values()]
    .map((g) => ({ ...g, onlineShare: share(g.online, g.received), paymentShare: share(g.paidOnline, g.withFee), onTimeShare: share(g.early + g.on_time, g.early + g.on_time + g.late) }))
    .sort((a, b) => b.received - a.received || a.key.localeCompare(b.key));
  return { from: query.from ?? null, to: query.to ?? null, by: query.by, items };
}
