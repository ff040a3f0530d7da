// `motcua doctor`: every dossier's snapshot must agree with its event log. The log is the
// history; the row is the current state — they are written in one transaction, so any
// difference means something outside the engine touched the database.
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';

export interface DoctorFinding {
  readonly dossier: string;
  readonly problem: 'state_mismatch' | 'seq_gap' | 'missing_code' | 'missing_result' | 'no_events' | 'outcome_without_result';
  readonly detail: string;
}

export async function checkDossiers(db: Kysely<Database>, onProgress?: (checked: number) => void): Promise<{ checked: number; findings: DoctorFinding[] }> {
  const findings: DoctorFinding[] = [];
  let checked = 0;
  let after = '';
  for (;;) {
    const batch = await db.selectFrom('dossiers').select(['id', 'state', 'code', 'outcome']).where('id', '>', after).orderBy('id').limit(500).execute();
    if (batch.length === 0) break;
    const ids = batch.map((b) => b.id);
    const events = await db.selectFrom('events').select(['dossier_id', 'seq', 'type', 'payload']).where('dossier_id', 'in', ids).orderBy('dossier_id').orderBy('seq').execute();
    const results = new Set((await db.selectFrom('results').select('dossier_id').where('dossier_id', 'in', ids).execute()).map((r) => r.dossier_id));
    const byDossier = new Map<string, typeof events>();
    for (const e of events) byDossier.set(e.dossier_id, [...(byDossier.get(e.dossier_id) ?? []), e]);
    for (const d of batch) {
      const log = byDossier.get(d.id) ?? [];
      if (log.length === 0) {
        findings.push({ dossier: d.id, problem: 'no_events', detail: 'hồ sơ không có sự kiện nào / no events' });
        continue;
      }
      log.forEach((e, i) => {
        if (e.seq !== i + 1) findings.push({ dossier: d.id, problem: 'seq_gap', detail: `sự kiện thứ ${i + 1} có seq ${e.seq}` });
      });
      const transitions = log.filter((e) => e.type === 'transition').map((e) => JSON.parse(e.payload) as { to: string });
      const first = (JSON.parse(log[0]!.payload) as { state?: string }).state;
      const expected = transitions.length ? transitions[transitions.length - 1]!.to : first;
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
  return { checked, findings };
}
