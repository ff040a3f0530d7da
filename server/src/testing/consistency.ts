// Test support: what a database must look like whatever happened to the processes writing it —
// the doctor's check (every row agrees with its event log) and more: every change is whole
// (documents, payments, results, notifications, timers and the dossier code agree with the events
// that recorded them), dossier codes run 0001, 0002… per unit and day without gap or repeat,
// uploaded blobs are on disk intact, and the client's acknowledged requests are all in the log.
import { parseIR, type ProcedureIR } from '@motcua/dsl';
import { BlobStore, checkDossiers, decodeJson, pendingTimers, type Storage } from '@motcua/engine';
import type { Op, Tracked } from './processes.ts';

/** Event types that open a change of the dossier (one per revision); the others accompany them. */
const CHANGE_STARTS = new Set(['created', 'form_updated', 'document_attached', 'payment_received', 'transition', 'extended', 'due_soon', 'overdue', 'sla_breached']);
const TIMER_EVENTS: Record<string, string> = { due_soon: 'due_soon', overdue: 'overdue', sla: 'sla_breached' };
/** Changes that plan the timers again (a new due time, a new state); nothing else does. */
const REPLANS = new Set(['transition', 'extended']);

interface Ev {
  seq: number;
  type: string;
  payload: Record<string, any>;
}

/** Every inconsistency found, in words (empty when the database is sound). */
export async function consistencyProblems(db: Storage['db'], blobs: BlobStore): Promise<string[]> {
  const problems: string[] = [];
  const doctor = await checkDossiers(db);
  for (const f of doctor.findings) problems.push(`doctor: ${f.dossier}: ${f.problem} — ${f.detail}`);

  const irs = new Map<string, ProcedureIR>();
  for (const r of await db.selectFrom('definitions').select(['procedure_id', 'version', 'ir']).execute()) irs.set(`${r.procedure_id}@${r.version}`, parseIR(decodeJson(r.ir)));
  const rows = await db.selectFrom('dossiers').selectAll().execute();
  const events = groupBy(
    (await db.selectFrom('events').select(['dossier_id', 'seq', 'type', 'payload']).orderBy('dossier_id').orderBy('seq').execute()).map((e) => ({
      dossier_id: e.dossier_id,
      seq: e.seq,
      type: e.type,
      payload: JSON.parse(e.payload) as Record<string, any>,
    })),
    (e) => e.dossier_id,
  );
  const documents = groupBy(await db.selectFrom('documents').select(['dossier_id', 'sha256']).execute(), (d) => d.dossier_id);
  const payments = groupBy(await db.selectFrom('payments').select(['dossier_id', 'reference', 'status']).execute(), (p) => p.dossier_id);
  const results = groupBy(await db.selectFrom('results').select(['dossier_id', 'result_id']).execute(), (r) => r.dossier_id);
  const outbox = groupBy(
    (await db.selectFrom('outbox').select(['kind', 'payload']).execute()).map((o) => ({ kind: o.kind, dossier: (JSON.parse(o.payload) as { dossier?: string }).dossier ?? '' })),
    (o) => o.dossier,
  );

  for (const row of rows) {
    const id = row.id;
    const say = (what: string) => problems.push(`${id} (${row.state}, rev ${row.revision}): ${what}`);
    const ir = irs.get(`${row.procedure_id}@${row.definition_version}`);
    if (!ir) {
      say('no definition');
      continue;
    }
    const log = events.get(id) ?? [];
    const changes = log.filter((e) => CHANGE_STARTS.has(e.type));
    if (row.revision !== changes.length - 1) say(`revision ${row.revision} but ${changes.length} changes in the log`);
    const count = (type: string) => log.filter((e) => e.type === type).length;

    const attached = log.filter((e) => e.type === 'document_attached').map((e) => String(e.payload['sha256'])).sort();
    const docRows = (documents.get(id) ?? []).map((d) => d.sha256).sort();
    if (JSON.stringify(attached) !== JSON.stringify(docRows)) say(`documents ${docRows.length} rows, ${attached.length} events`);
    for (const sha of docRows) {
      try {
        if (!(await blobs.get(sha))) say(`blob ${sha} missing`);
      } catch (e) {
        say(`blob ${sha}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const paid = log.filter((e) => e.type === 'payment_received').map((e) => String(e.payload['reference'])).sort();
    const payRows = (payments.get(id) ?? []).map((p) => p.reference).sort();
    if (JSON.stringify(paid) !== JSON.stringify(payRows)) say(`payments ${payRows.length} rows, ${paid.length} events`);
    if ((results.get(id) ?? []).length !== count('result_issued')) say(`results ${(results.get(id) ?? []).length} rows, ${count('result_issued')} events`);

    // Notifications: one per `notify` of every transition taken, one per timer that acted.
    let notifications = 0;
    for (const e of log.filter((x) => x.type === 'transition')) {
      const t = ir.workflow.states.find((s) => s.id === e.payload['from'])?.transitions.find((x) => x.id === e.payload['transition']);
      notifications += t?.effects.filter((x) => x.type === 'notify').length ?? 0;
    }
    const mail = outbox.get(id) ?? [];
    if (mail.filter((o) => o.kind === 'notification').length !== notifications) say(`${mail.filter((o) => o.kind === 'notification').length} notifications, expected ${notifications}`);
    for (const kind of ['due_soon', 'overdue', 'sla_breached']) {
      if (mail.filter((o) => o.kind === kind).length !== count(kind)) say(`${mail.filter((o) => o.kind === kind).length} ${kind} messages, ${count(kind)} ${kind} events`);
    }

    // The code: issued with the receipt, never without one.
    const receipts = log.filter((e) => e.type === 'receipt_issued');
    if (receipts.length && receipts.some((e) => e.payload['code'] !== row.code)) say(`code ${row.code} differs from the receipt's ${receipts.map((e) => e.payload['code']).join(', ')}`);
    if (!receipts.length && row.code !== null) say(`code ${row.code} without a receipt`);

    // The clock and its timers: pending timers (in the row) are exactly those the current due
    // times call for, each pending — or already fired for that due time (its event is the record).
    const clock = decodeJson(row.clock) as { status: string; dueAt?: number };
    const dueAt = row.due_at === null ? null : Number(row.due_at);
    if ((clock.status === 'running') !== (dueAt !== null)) say(`clock ${clock.status} but due_at ${dueAt}`);
    // (Readable, and next_timer_at their soonest: the doctor's findings above.)
    const pending = pendingTimers(row.timers);
    const state = ir.workflow.states.find((s) => s.id === row.state);
    const stateDue = row.state_due_at === null ? null : Number(row.state_due_at);
    type Watched = { dueAt?: number | null; state?: string };
    const expectTimer = (kind: string, wanted: boolean, current: (p: Watched) => boolean) => {
      const mine = pending.filter((t) => t.kind === kind);
      const firedForNow = log.filter((e) => e.type === TIMER_EVENTS[kind] && current(e.payload as Watched));
      if (mine.length + Math.min(firedForNow.length, 1) !== (wanted ? 1 : 0) || mine.some((t) => !current(t))) {
        say(`${mine.length} pending and ${firedForNow.length} fired ${kind} timers (due_at ${dueAt}, state_due_at ${stateDue})`);
      }
    };
    expectTimer('overdue', dueAt !== null, (p) => p.dueAt === dueAt);
    expectTimer('due_soon', dueAt !== null && ir.warn !== undefined, (p) => p.dueAt === dueAt);
    expectTimer('sla', state?.sla !== undefined && !state.final, (p) => p.state === row.state && p.dueAt === stateDue);
    // A timer acts at most once: the same event for the same due time (and state) again only
    // after a change that planned the timers anew.
    const fired = new Set<string>();
    for (const e of log) {
      if (REPLANS.has(e.type)) fired.clear();
      if (!Object.values(TIMER_EVENTS).includes(e.type)) continue;
      const key = `${e.type} ${e.payload['dueAt']} ${e.payload['state']}`;
      if (fired.has(key)) say(`${e.type} fired twice for ${e.payload['dueAt']} (${e.payload['state']})`);
      fired.add(key);
    }
  }

  // Dossier codes: per unit and day 0001…N, no gap, no repeat, and the day's counter at N.
  const codes = groupBy(
    rows.filter((r) => r.code).map((r) => /^(.+)-(\d{6})-(\d{4,})$/.exec(r.code!)!),
    (m) => `${m[1]}|${m[2]}`,
  );
  const sequences = new Map((await db.selectFrom('daily_sequences').selectAll().execute()).map((s) => [`${s.unit_code}|${s.day}`, Number(s.last)]));
  for (const [key, list] of codes) {
    const numbers = list.map((m) => Number(m[3])).sort((a, b) => a - b);
    if (numbers.some((n, i) => n !== i + 1)) problems.push(`codes of ${key}: ${numbers.join(', ')} are not 1…${numbers.length}`);
    if (sequences.get(key) !== numbers.length) problems.push(`codes of ${key}: counter at ${sequences.get(key)}, ${numbers.length} codes`);
  }
  for (const [key, last] of sequences) if (!codes.has(key) && last > 0) problems.push(`codes of ${key}: counter at ${last}, no dossier holds one`);
  return problems;
}

/**
 * The client's requests against each dossier's log: every acknowledged request is there, in the
 * order it was answered, at the revision the answer showed; an unanswered one is there at most
 * once; nothing else changed the dossier. Unanswered creations may have left untracked drafts.
 */
export async function acknowledgedProblems(db: Storage['db'], tracked: readonly Tracked[], unansweredCreates: number): Promise<string[]> {
  const problems: string[] = [];
  const ids = new Set(tracked.map((d) => d.id));
  const rows = await db.selectFrom('dossiers').select(['id', 'state', 'revision']).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const extra = rows.filter((r) => !ids.has(r.id));
  if (extra.length > unansweredCreates) problems.push(`${extra.length} dossiers nobody created (${unansweredCreates} creations unanswered)`);
  for (const r of extra) if (r.state !== 'draft' || r.revision !== 0) problems.push(`untracked dossier ${r.id} moved on (${r.state}, rev ${r.revision})`);
  const events = groupBy(
    (await db.selectFrom('events').select(['dossier_id', 'seq', 'type', 'payload']).orderBy('dossier_id').orderBy('seq').execute()).map((e) => ({
      dossier_id: e.dossier_id,
      seq: e.seq,
      type: e.type,
      payload: JSON.parse(e.payload) as Record<string, any>,
    })),
    (e) => e.dossier_id,
  );
  for (const d of tracked) {
    const row = byId.get(d.id);
    if (!row) {
      problems.push(`${d.id}: acknowledged creation lost`);
      continue;
    }
    const changes: Ev[] = (events.get(d.id) ?? []).filter((e) => CHANGE_STARTS.has(e.type));
    if (!explains(d.ops, changes)) {
      problems.push(
        `${d.id}: log does not match the acknowledged requests\n  requests: ${d.ops.map((o) => `${o.kind}:${o.detail.slice(0, 12)}${o.acked ? `@${o.revision ?? '?'}` : '(no answer)'}`).join(' ')}\n  log: ${changes.map((e) => `${e.type}:${String(e.payload['transition'] ?? e.payload['reference'] ?? e.payload['sha256'] ?? '').slice(0, 12)}`).join(' ')}`,
      );
    }
  }
  return problems;
}

function matches(op: Op, e: Ev): boolean {
  switch (op.kind) {
    case 'create':
      return e.type === 'created';
    case 'form':
      return e.type === 'form_updated' && (e.payload['fields'] as string[]).join(',') === op.detail;
    case 'upload':
      return e.type === 'document_attached' && e.payload['sha256'] === op.detail;
    case 'pay':
      return e.type === 'payment_received' && e.payload['reference'] === op.detail;
    case 'action':
      return e.type === 'transition' && e.payload['transition'] === op.detail && (op.state === undefined || e.payload['to'] === op.state);
  }
}

/** Whether the changes are exactly the acknowledged requests (each at its revision) plus some of the unanswered ones, in order. */
function explains(ops: readonly Op[], changes: readonly Ev[]): boolean {
  const memo = new Map<string, boolean>();
  const go = (i: number, j: number): boolean => {
    if (i === ops.length) return j === changes.length;
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const op = ops[i]!;
    const here = j < changes.length && matches(op, changes[j]!) && (!op.acked || op.revision === undefined || op.revision === j) && go(i + 1, j + 1);
    const result = here || (!op.acked && go(i + 1, j));
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

function groupBy<T>(list: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of list) {
    const k = key(x);
    const l = out.get(k);
    if (l) l.push(x);
    else out.set(k, [x]);
  }
  return out;
}
