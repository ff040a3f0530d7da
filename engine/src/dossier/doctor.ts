// `motcua doctor`: every dossier's snapshot must agree with its event log. The log is the
// history; the row is the current state — they are written in one transaction, so any
// difference means something outside the engine touched the database. Likewise the statistics
// counters (`stats_daily`, storage/stats-counters.ts) must equal a recount of the dossiers, each
// dossier's `paid_online` flag must agree with its payments, and its `event_seq` (migration 0006:
// where its next event is numbered from) must be the seq of its last event, and its pending timers
// (same migration) must be readable, with next_timer_at their soonest, an overdue mark for a
// running clock and an SLA timer for a state with an SLA.
import type { Kysely } from 'kysely';
import type { Database, DossierRow } from '../storage/schema.ts';
import { pendingTimers, timerColumns, type PendingTimer } from '../storage/timers.ts';
import { contribution, finalStatesByDefinition, STATS_COUNTERS, type StatsRow } from '../storage/stats-counters.ts';

export interface DoctorFinding {
  readonly dossier: string;
  readonly problem:
    | 'state_mismatch'
    | 'seq_gap'
    | 'event_seq_mismatch'
    | 'missing_code'
    | 'missing_result'
    | 'no_events'
    | 'outcome_without_result'
    | 'paid_online_mismatch'
    | 'stats_mismatch'
    | 'timers_unreadable'
    | 'next_timer_mismatch'
    | 'overdue_timer_missing'
    | 'sla_timer_missing';
  readonly detail: string;
}

export async function checkDossiers(db: Kysely<Database>, onProgress?: (checked: number) => void): Promise<{ checked: number; findings: DoctorFinding[] }> {
  const findings: DoctorFinding[] = [];
  let checked = 0;
  let after = '';
  // A database from before migration 0005 has no counters to check.
  const recount = (await hasStatsCounters(db)) ? new StatsRecount(await finalStatesByDefinition(db)) : undefined;
  // Nor one from before 0006 an event counter on its rows.
  const eventSeq = await hasColumn(db, 'event_seq');
  // Nor its pending timers (also 0006).
  const timers = await hasColumn(db, 'timers');
  for (;;) {
    const batch = await db
      .selectFrom('dossiers')
      .select(['id', 'state', 'code', 'outcome', 'procedure_id', 'definition_version', 'agency', 'channel', 'received_at', 'result_at', 'fee_total'])
      .$if(recount !== undefined, (q) => q.select('paid_online'))
      .$if(eventSeq, (q) => q.select('event_seq'))
      .$if(timers, (q) => q.select(['timers', 'next_timer_at', 'due_at', 'state_due_at']))
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    if (batch.length === 0) break;
    const ids = batch.map((b) => b.id);
    const events = await db.selectFrom('events').select(['dossier_id', 'seq', 'type', 'payload']).where('dossier_id', 'in', ids).orderBy('dossier_id').orderBy('seq').execute();
    const results = new Set((await db.selectFrom('results').select('dossier_id').where('dossier_id', 'in', ids).execute()).map((r) => r.dossier_id));
    const paidOnline = recount
      ? new Set((await db.selectFrom('payments').select('dossier_id').where('dossier_id', 'in', ids).where('status', '=', 'paid').where('provider', '<>', 'counter').execute()).map((p) => p.dossier_id))
      : undefined;
    const byDossier = new Map<string, typeof events>();
    for (const e of events) byDossier.set(e.dossier_id, [...(byDossier.get(e.dossier_id) ?? []), e]);
    for (const d of batch) {
      const log = byDossier.get(d.id) ?? [];
      if (recount && paidOnline) {
        const flag = Number(d.paid_online ?? 0) > 0;
        if (flag !== paidOnline.has(d.id)) {
          findings.push({ dossier: d.id, problem: 'paid_online_mismatch', detail: flag ? 'đánh dấu đã thanh toán trực tuyến nhưng không có khoản thanh toán trực tuyến / flagged paid online, no online payment' : 'có khoản thanh toán trực tuyến nhưng chưa đánh dấu / an online payment, not flagged' });
        }
      }
      // Counted as paid online by its payments, which the flag followed when the counters moved.
      const paid = paidOnline?.has(d.id) ?? false;
      const lastSeq = log.at(-1)?.seq ?? 0;
      if (eventSeq && Number(d.event_seq) !== lastSeq) {
        findings.push({ dossier: d.id, problem: 'event_seq_mismatch', detail: `bộ đếm sự kiện ${d.event_seq}, sự kiện cuối có seq ${lastSeq} / event counter ${d.event_seq}, last event seq ${lastSeq}` });
      }
      if (timers) findings.push(...timerFindings(d as unknown as TimedRow, log));
      if (log.length === 0) {
        recount?.add(d, d.state, paid);
        findings.push({ dossier: d.id, problem: 'no_events', detail: 'hồ sơ không có sự kiện nào / no events' });
        continue;
      }
      log.forEach((e, i) => {
        if (e.seq !== i + 1) findings.push({ dossier: d.id, problem: 'seq_gap', detail: `sự kiện thứ ${i + 1} có seq ${e.seq}` });
      });
      const transitions = log.filter((e) => e.type === 'transition').map((e) => JSON.parse(e.payload) as { to: string });
      const first = (JSON.parse(log[0]!.payload) as { state?: string }).state;
      const expected = transitions.length ? transitions[transitions.length - 1]!.to : first;
      // Counted in the state its log gives: a row whose state was changed behind the engine's back
      // is reported once, as state_mismatch, not again as a difference in the counters.
      recount?.add(d, expected ?? d.state, paid);
      if (expected !== undefined && expected !== d.state) {
        findings.push({ dossier: d.id, problem: 'state_mismatch', detail: `bước trong hồ sơ ${d.state}, theo nhật ký ${expected} / row ${d.state}, log ${expected}` });
      }
      if (log.some((e) => e.type === 'receipt_issued') && !d.code) findings.push({ dossier: d.id, problem: 'missing_code', detail: 'đã cấp phiếu tiếp nhận nhưng không có mã hồ sơ' });
      if (log.some((e) => e.type === 'result_issued') && !results.has(d.id)) findings.push({ dossier: d.id, problem: 'missing_result', detail: 'nhật ký có kết quả nhưng kho kết quả không có' });
      if (d.outcome && !results.has(d.id)) findings.push({ dossier: d.id, problem: 'outcome_without_result', detail: `đánh giá ${d.outcome} nhưng không có kết quả` });
      checked++;
    }
    after = batch[batch.length - 1]!.id;
    onProgress?.(checked);
  }
  if (recount) findings.push(...(await recount.compare(db)));
  return { checked, findings };
}

async function hasStatsCounters(db: Kysely<Database>): Promise<boolean> {
  try {
    await db.selectFrom('stats_daily').select('day').limit(1).execute();
    return true;
  } catch {
    return false;
  }
}

type TimedRow = Pick<DossierRow, 'id' | 'state' | 'timers' | 'next_timer_at' | 'due_at' | 'state_due_at'>;

/**
 * The row's pending timers (migration 0006) must be readable, `next_timer_at` must be the soonest
 * of them, a running clock must have its overdue mark still pending or already fired for that
 * due time, and a state with an SLA its SLA timer for that state and time, pending or fired —
 * else the deadline, or the step's time limit, would pass unflagged.
 */
function timerFindings(d: TimedRow, log: ReadonlyArray<{ type: string; payload: string }>): DoctorFinding[] {
  let pending: PendingTimer[];
  try {
    pending = pendingTimers(d.timers);
  } catch (e) {
    return [{ dossier: d.id, problem: 'timers_unreadable', detail: `không đọc được hẹn giờ / unreadable timers: ${e instanceof Error ? e.message : String(e)}` }];
  }
  const findings: DoctorFinding[] = [];
  const soonest = timerColumns(pending).next_timer_at;
  const next = d.next_timer_at === null ? null : Number(d.next_timer_at);
  if (next !== soonest) findings.push({ dossier: d.id, problem: 'next_timer_mismatch', detail: `next_timer_at ${next}, hẹn giờ sớm nhất / soonest timer ${soonest}` });
  const due = d.due_at === null ? null : Number(d.due_at);
  if (
    due !== null &&
    !pending.some((t) => t.kind === 'overdue' && t.dueAt === due) &&
    !log.some((e) => e.type === 'overdue' && (JSON.parse(e.payload) as { dueAt?: number }).dueAt === due)
  ) {
    findings.push({ dossier: d.id, problem: 'overdue_timer_missing', detail: `hạn ${due} không có hẹn giờ quá hạn / no overdue timer for due time ${due}` });
  }
  const stateDue = d.state_due_at === null ? null : Number(d.state_due_at);
  if (
    stateDue !== null &&
    !pending.some((t) => t.kind === 'sla' && t.state === d.state && t.dueAt === stateDue) &&
    !log.some((e) => {
      if (e.type !== 'sla_breached') return false;
      const p = JSON.parse(e.payload) as { dueAt?: number; state?: string };
      return p.dueAt === stateDue && p.state === d.state;
    })
  ) {
    findings.push({
      dossier: d.id,
      problem: 'sla_timer_missing',
      detail: `bước ${d.state} hết hạn lúc ${stateDue} nhưng không có hẹn giờ theo dõi / step ${d.state} is due at ${stateDue}, no SLA timer watches it`,
    });
  }
  return findings;
}

async function hasColumn(db: Kysely<Database>, column: 'event_seq' | 'timers'): Promise<boolean> {
  try {
    await db.selectFrom('dossiers').select(column).limit(1).execute();
    return true;
  } catch {
    return false;
  }
}

type CountedRow = Parameters<typeof contribution>[0] & { readonly definition_version: number };

/** The statistics counters recounted dossier by dossier (contribution() of each), then compared with the table. */
class StatsRecount {
  private readonly rows = new Map<string, StatsRow>();
  constructor(private readonly finals: Map<string, ReadonlySet<string>>) {}

  add(d: CountedRow, state: string, paidOnline: boolean): void {
    const finalStates = this.finals.get(`${d.procedure_id}@${Number(d.definition_version)}`) ?? new Set<string>();
    for (const r of contribution({ ...d, state }, { paidOnline, finalStates })) {
      const key = keyOf(r);
      const sum = this.rows.get(key);
      if (!sum) this.rows.set(key, { ...r });
      else for (const c of STATS_COUNTERS) sum[c] += r[c];
    }
  }

  async compare(db: Kysely<Database>): Promise<DoctorFinding[]> {
    const findings: DoctorFinding[] = [];
    const table = new Map((await db.selectFrom('stats_daily').selectAll().execute()).map((r) => [keyOf(r), r] as const));
    const keys = [...new Set([...table.keys(), ...this.rows.keys()])].sort();
    for (const key of keys) {
      const kept = table.get(key);
      const counted = this.rows.get(key);
      const differ = STATS_COUNTERS.filter((c) => Number(kept?.[c] ?? 0) !== (counted?.[c] ?? 0));
      if (differ.length === 0) continue;
      const r = (kept ?? counted)!;
      findings.push({
        dossier: `stats_daily[${r.day} ${r.procedure_id} ${r.agency}]`,
        problem: 'stats_mismatch',
        detail: differ.map((c) => `${c}: bảng thống kê ${Number(kept?.[c] ?? 0)}, đếm lại ${counted?.[c] ?? 0} / counters ${Number(kept?.[c] ?? 0)}, recount ${counted?.[c] ?? 0}`).join('; '),
      });
    }
    return findings;
  }
}

const keyOf = (r: Pick<StatsRow, 'day' | 'procedure_id' | 'agency'>) => `${r.day}\u0000${r.procedure_id}\u0000${r.agency}`;
