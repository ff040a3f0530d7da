// Statistics counters: what the centre manager's statistics report (server/src/stats.ts), kept in
// the table `stats_daily` by the transaction of each change it counts, so that reading them costs
// the same however many dossiers there are. Rows by procedure and agency (the dossier's current
// ones) and by local day `YYYY-MM-DD`, month `YYYY-MM` or all time `*`: a period reads its whole
// months and the days at its ends, an unbounded one only the all-time rows.
//
// One mechanism for every action: a dossier's share of the counters (`contribution`) is a pure
// function of its row, and wherever a dossier row is written — `createDossier` and
// `updateDossierIfRevision`, the only two places (storage/dossiers.ts) — the counters get
// contribution(after) − contribution(before), as one upsert of the rows that differ. An action
// that changes nothing counted (a proposal, a form update, an extension, a timer) computes an
// empty difference and writes nothing. A hand-over moves the dossier's counts to its new agency
// (the statistics group by the current agency); a result counts on its day and takes the dossier
// out of "pending" when the state is final.
//
// "Paid online" (a `payments` row paid through a provider other than the counter) is kept on the
// dossier row as `paid_online`, set by the action that records such a payment, rather than looked
// up: the contribution stays a function of the row alone, no action reads `payments` for it, and
// the payment action updates the dossier row (its revision) anyway, so the flag costs no extra
// statement. `motcua doctor` checks the flag against `payments` (dossier/doctor.ts).
//
// Which states are final comes from the dossier's own definition version (the engine passes it;
// other callers have it read from `definitions`), so a dossier that reached a final state of its
// version stays out of "pending" even if a later version renamed its final states.

import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import { localIsoDate } from '../calendar/local-time.ts';
import { statement } from './compiled.ts';
import type { Database, DossierRow, StatsDailyTable } from './schema.ts';

/** The `day` of the rows that count over all time. */
export const ALL_TIME = '*';

export const STATS_COUNTERS = ['dossiers', 'pending', 'received', 'online', 'with_fee', 'paid_online', 'early', 'on_time', 'late'] as const;
export type StatsCounter = (typeof STATS_COUNTERS)[number];
export type StatsRow = StatsDailyTable;

/** What a dossier's share of the counters depends on: these columns of its row. */
export type CountedDossier = Pick<DossierRow, 'state' | 'procedure_id' | 'agency' | 'channel' | 'received_at' | 'result_at' | 'outcome' | 'fee_total'>;

/** The dossier columns whose change may change the counters; a change of none of them is skipped at once. */
export const COUNTED_COLUMNS: ReadonlySet<string> = new Set(['state', 'procedure_id', 'agency', 'channel', 'received_at', 'result_at', 'outcome', 'fee_total', 'paid_online']);

const OUTCOMES: ReadonlySet<string> = new Set(['early', 'on_time', 'late']);
const NO_FINALS: ReadonlySet<string> = new Set();

/**
 * The local day (Asia/Ho_Chi_Minh) of an instant, YYYY-MM-DD — as stats.ts bounds its periods.
 * PostgreSQL hands bigint columns over as text, hence Number().
 */
export function localDay(t: number | string): string {
  return localIsoDate(Number(t));
}

const zero = (day: string, procedure_id: string, agency: string): StatsRow => ({
  day,
  procedure_id,
  agency,
  dossiers: 0,
  pending: 0,
  received: 0,
  online: 0,
  with_fee: 0,
  paid_online: 0,
  early: 0,
  on_time: 0,
  late: 0,
});

/**
 * A dossier's share of the counters, by row of `stats_daily`. Drafts count for nothing. The
 * dossier counts in its all-time row (`*`: dossiers, pending, and every count below); what
 * happened on a day — received, online, with_fee, paid_online on the receipt day; early, on_time
 * or late on the result day — also counts in that day's row and its month's row (`YYYY-MM`), so
 * a period of many days reads whole months and only the days at its ends. At most five rows.
 * `paidOnline`: a payment other than at the counter was recorded paid; `finalStates`: the final
 * states of the dossier's definition.
 */
export function contribution(row: CountedDossier, facts: { readonly paidOnline: boolean; readonly finalStates: ReadonlySet<string> }): StatsRow[] {
  if (row.state === 'draft') return [];
  const rows = new Map<string, StatsRow>();
  const at = (day: string): StatsRow => {
    let r = rows.get(day);
    if (!r) rows.set(day, (r = zero(day, row.procedure_id, row.agency)));
    return r;
  };
  const received = row.received_at !== null && row.received_at !== undefined;
  const all = at(ALL_TIME);
  all.dossiers = 1;
  if (received && !facts.finalStates.has(row.state)) all.pending = 1;
  // Counts on one day: that day's row, its month's and the all-time row.
  const countOn = (t: number, counters: ReadonlyArray<'received' | 'online' | 'with_fee' | 'paid_online' | 'early' | 'on_time' | 'late'>) => {
    const day = localDay(t);
    const dayRow = at(day);
    const monthRow = at(monthOf(day));
    for (const counter of counters) {
      dayRow[counter] += 1;
      monthRow[counter] += 1;
      all[counter] += 1;
    }
  };
  if (received) {
    const withFee = row.fee_total !== null && row.fee_total !== undefined && Number(row.fee_total) > 0;
    const counters: Array<'received' | 'online' | 'with_fee' | 'paid_online'> = ['received'];
    if (row.channel === 'online') counters.push('online');
    if (withFee) counters.push('with_fee');
    if (withFee && facts.paidOnline) counters.push('paid_online');
    countOn(row.received_at!, counters);
  }
  if (row.result_at !== null && row.result_at !== undefined && row.outcome !== null && OUTCOMES.has(row.outcome)) {
    countOn(row.result_at, [row.outcome as 'early' | 'on_time' | 'late']);
  }
  return [...rows.values()];
}

/** The key of a day's month row: YYYY-MM (it sorts just before the month's first day). */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

const keyOf = (r: Pick<StatsRow, 'day' | 'procedure_id' | 'agency'>) => `${r.day}\u0000${r.procedure_id}\u0000${r.agency}`;

/** after − before, row by row; rows whose counters all cancel out are left out. Sorted by key (one lock order on PostgreSQL). */
export function difference(before: readonly StatsRow[], after: readonly StatsRow[]): StatsRow[] {
  const rows = new Map<string, StatsRow>();
  const add = (r: StatsRow, sign: 1 | -1) => {
    const key = keyOf(r);
    let d = rows.get(key);
    if (!d) rows.set(key, (d = zero(r.day, r.procedure_id, r.agency)));
    for (const c of STATS_COUNTERS) d[c] += sign * r[c];
  };
  for (const r of before) add(r, -1);
  for (const r of after) add(r, 1);
  return [...rows.entries()]
    .filter(([, d]) => STATS_COUNTERS.some((c) => d[c] !== 0))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, d]) => d);
}

/** Adds the counters of each row to `stats_daily` (a row is created at its first count): one statement. */
const upsert = statement<Record<string, unknown>>((db, p, rows) =>
  db
    .insertInto('stats_daily')
    .values(
      Array.from({ length: Number(rows) }, (_, i) => ({
        day: p[`day${i}`],
        procedure_id: p[`procedure_id${i}`],
        agency: p[`agency${i}`],
        ...Object.fromEntries(STATS_COUNTERS.map((c) => [c, p[`${c}${i}`]])),
      })) as never,
    )
    .onConflict((oc) =>
      oc.columns(['day', 'procedure_id', 'agency']).doUpdateSet(Object.fromEntries(STATS_COUNTERS.map((c) => [c, sql`${sql.ref(`stats_daily.${c}`)} + ${sql.ref(`excluded.${c}`)}`])) as never),
    ),
);

const STATS_COLUMNS = ['day', 'procedure_id', 'agency', ...STATS_COUNTERS] as const;
// The value names of row i (`${column}${i}`), made once per row index rather than on every call.
const namesOfRow: string[][] = [];
const rowNames = (i: number): string[] => (namesOfRow[i] ??= STATS_COLUMNS.map((c) => `${c}${i}`));

export async function addToStats(db: Kysely<Database>, rows: readonly StatsRow[]): Promise<void> {
  if (rows.length === 0) return;
  const params: Record<string, unknown> = {};
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const names = rowNames(i);
    for (let j = 0; j < STATS_COLUMNS.length; j++) params[names[j]!] = r[STATS_COLUMNS[j]!];
  }
  await upsert.execute(db, params, rows.length);
}

type StatefulIR = { readonly workflow: { readonly states: ReadonlyArray<{ readonly id: string; readonly final?: boolean }> } };
const finalsByIR = new WeakMap<object, ReadonlySet<string>>();

/** The final states of a procedure definition (its IR), computed once per IR object. */
export function finalStatesOf(ir: StatefulIR): ReadonlySet<string> {
  let finals = finalsByIR.get(ir);
  if (!finals) finalsByIR.set(ir, (finals = finalStatesOfIR(ir)));
  return finals;
}

function finalStatesOfIR(ir: unknown): ReadonlySet<string> {
  const states = (ir as Partial<StatefulIR> | null)?.workflow?.states;
  return new Set(Array.isArray(states) ? states.filter((s) => s.final === true).map((s) => s.id) : []);
}

/** Final states by `procedure_id@version`, for every published definition (a few rows; the IR is parsed here). */
export async function finalStatesByDefinition(db: Kysely<any>): Promise<Map<string, ReadonlySet<string>>> {
  const rows = (await db.selectFrom('definitions').select(['procedure_id', 'version', 'ir']).execute()) as Array<{ procedure_id: string; version: number; ir: unknown }>;
  return new Map(rows.map((r) => [`${r.procedure_id}@${Number(r.version)}`, finalStatesOfIR(typeof r.ir === 'string' ? JSON.parse(r.ir) : r.ir)]));
}

const selectIR = statement<{ procedure_id: string; version: number }, { ir: string }>((db, p) =>
  db.selectFrom('definitions').select('ir').where('procedure_id', '=', p.procedure_id).where('version', '=', p.version),
);

/** The dossier's row as the counters read it, with the column `paid_online` (a row from before migration 0005 has none). */
type Counted = CountedDossier & Pick<DossierRow, 'definition_version'> & { readonly paid_online?: number | null };

/**
 * Applies a change of one dossier row to the counters: contribution(after) − contribution(before),
 * nothing when they are the same. `before` undefined: the row is new. `finalStates`: the final
 * states of the dossier's definition if the caller has them (the engine does); read otherwise,
 * and only when the dossier has been received (the only case they matter).
 */
export async function countDossierChange(trx: Transaction<Database>, before: Counted | undefined, after: Counted, finalStates?: ReadonlySet<string>): Promise<void> {
  let finals = finalStates ?? NO_FINALS;
  if (!finalStates && (after.received_at != null || before?.received_at != null)) {
    const row = (await selectIR.execute(trx, { procedure_id: after.procedure_id, version: Number(after.definition_version) })).rows[0];
    finals = row ? finalStatesOfIR(JSON.parse(row.ir)) : NO_FINALS;
  }
  if (before && sameShare(before, after, finals)) return;
  const share = (r: Counted) => contribution(r, { paidOnline: Number(r.paid_online ?? 0) > 0, finalStates: finals });
  const diff = difference(before ? share(before) : [], share(after));
  if (diff.length) await addToStats(trx, diff);
}

const instant = (t: number | string | null | undefined): number | null => (t === null || t === undefined ? null : Number(t));

/**
 * Whether two rows of one dossier have the same share of the counters, read from the inputs of
 * `contribution` without building it: most changes (a proposal, a form update, a timer) move
 * nothing counted but the state, and a state counts only as draft or not, final or not.
 */
export function sameShare(a: Counted, b: Counted, finals: ReadonlySet<string>): boolean {
  const draft = a.state === 'draft';
  if (draft !== (b.state === 'draft')) return false;
  if (draft) return true;
  return (
    a.procedure_id === b.procedure_id &&
    a.agency === b.agency &&
    a.channel === b.channel &&
    instant(a.received_at) === instant(b.received_at) &&
    instant(a.result_at) === instant(b.result_at) &&
    a.outcome === b.outcome &&
    (instant(a.fee_total) ?? 0) > 0 === (instant(b.fee_total) ?? 0) > 0 &&
    Number(a.paid_online ?? 0) > 0 === Number(b.paid_online ?? 0) > 0 &&
    finals.has(a.state) === finals.has(b.state)
  );
}
