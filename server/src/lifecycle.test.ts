// The whole life of EVERY library procedure through HTTP, driven from its IR: a draft prefilled
// from national data, the form filled with the values of the procedure's first scenario that
// reaches a result (its citizen too), the documents the assessment asks for, the fee quote, the
// payment on the embedded gateway, submission, one supplement request and resubmission where the
// workflow has one, then in every state a transition towards the result taken by an officer of
// the state's role and agency, up to the signed result and its public verification. And one
// dossier that is late after the apology letter (the one-time extension).
// Runs on SQLite always and on PostgreSQL when MOTCUA_TEST_DATABASE_URL is set (own schema, dropped).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { loadWorkspace } from '@motcua/dsl/node';
import { formatLocal } from '@motcua/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog, type CatalogEntry } from './runtime/catalog.ts';
import { REPO_ROOT } from './runtime/runtime.ts';
import {
  expectStatus,
  inputsFor,
  issuesResult,
  json,
  parseLocal,
  payThroughGateway,
  scenarioInputs,
  scenarioWithResult,
  setEpoch,
  setLocal,
  stepsToResult,
  supplementOf,
  Tokens,
  towardsResult,
  uploadDocument,
  type AssessmentJson,
  type DossierJson,
  type Problem,
} from './testing/flows.ts';
import { startTestServer, type TestServer } from './testing/harness.ts';

const PG_URL = process.env['MOTCUA_TEST_DATABASE_URL'];
// The library, compiled once at collection so that every procedure gets its own test.
const LIBRARY = buildCatalog(loadWorkspace(join(REPO_ROOT, 'procedures')));

const DIALECTS = [
  { name: 'SQLite', skip: false, schema: undefined as string | undefined },
  { name: 'PostgreSQL', skip: !PG_URL, schema: `t_${randomBytes(6).toString('hex')}` },
];

interface TimelineEvent {
  seq: number;
  type: string;
  actor: string;
  payload: Record<string, unknown>;
}

/** Carries one procedure's dossier from draft to a verified result; returns what happened. */
async function lifecycle(s: TestServer, tokens: Tokens, entry: CatalogEntry) {
  const ir = entry.ir;
  const sc = scenarioWithResult(ir);
  if (!sc) throw new Error(`${ir.id}: no scenario reaches a result, nothing to take the form values from`);
  const given = scenarioInputs(ir, sc);
  let now = parseLocal(given.at);
  setEpoch(s, now);
  const tick = (minutes = 10) => setEpoch(s, (now += minutes * 60_000));
  const citizen = await tokens.of(given.citizen);

  // Draft, prefilled from the registries.
  const created = await expectStatus<DossierJson>(await s.request('POST', '/api/dossiers', { token: citizen, json: { procedureId: ir.id, channel: given.channel } }), 201, `${ir.id}: create`);
  const id = created.id;
  expect(created.state.id).toBe(ir.workflow.initial);
  expect(created.citizenId).toBe(given.citizen);
  expect(created.prefilled.length, `${ir.id}: something is prefilled from national data`).toBeGreaterThan(0);

  // The form: the scenario's values. A value the registry locked is kept as the registry says
  // (the scenario runner sets facts as the system; a citizen may not), so such paths are left out.
  let values = { ...given.form };
  let patched = await s.request('PATCH', `/api/dossiers/${id}/form`, { token: citizen, json: { values } });
  const dropped: string[] = [];
  if (patched.status === 422) {
    const p = await json<Problem>(patched);
    const locked = (p.errors ?? []).filter((e) => e.code === 'locked').map((e) => e.path);
    if (locked.length === 0 || locked.length !== (p.errors ?? []).length) throw new Error(`${ir.id}: form refused: ${JSON.stringify(p)}`);
    dropped.push(...locked);
    values = Object.fromEntries(Object.entries(values).filter(([k]) => !locked.includes(k)));
    patched = await s.request('PATCH', `/api/dossiers/${id}/form`, { token: citizen, json: { values } });
  }
  await expectStatus(patched, 200, `${ir.id}: form`);

  // Documents: exactly what the assessment asks for (generated ones never).
  const before = await expectStatus<AssessmentJson>(await s.request('GET', `/api/dossiers/${id}/assessment`, { token: citizen }), 200, `${ir.id}: assessment`);
  const uploaded: string[] = [];
  for (const m of before.missing) {
    const doc = ir.documents.find((d) => d.id === m.id)!;
    expect(doc.generated, `${ir.id}: ${m.id} is generated, never asked for`).toBe(false);
    await expectStatus(await uploadDocument(s, citizen, id, doc), 201, `${ir.id}: upload ${m.id}`);
    uploaded.push(m.id);
  }
  const assessment = await expectStatus<AssessmentJson>(await s.request('GET', `/api/dossiers/${id}/assessment`, { token: citizen }), 200, `${ir.id}: assessment`);
  expect(assessment.formErrors, `${ir.id}: the scenario's values make a valid form`).toEqual([]);
  expect(assessment.formValid).toBe(true);
  expect(assessment.missing).toEqual([]);
  expect(assessment.documentsComplete).toBe(true);

  // Fee quote (as the scenario expects it, when the citizen could give every value) and payment.
  const total = assessment.fees.total;
  expect(Number.isInteger(total) && total >= 0).toBe(true);
  expect(total).toBe(assessment.fees.fees.reduce((a, f) => a + f.amount, 0));
  if (given.expectedFee !== undefined && dropped.length === 0) expect(total, `${ir.id}: fee of scenario ${sc.id}`).toBe(given.expectedFee);
  if (total > 0) {
    const paid = await payThroughGateway(s, citizen, id);
    expect(paid.amount).toBe(total);
    expect(paid.confirm.status).toBe(303);
    const row = await s.runtime.storage.db.selectFrom('payments').selectAll().where('dossier_id', '=', id).executeTakeFirstOrThrow();
    expect({ amount: Number(row.amount), status: row.status, reference: row.reference }).toEqual({ amount: total, status: 'paid', reference: paid.reference });
  }
  const again = await s.request('POST', `/api/dossiers/${id}/payments`, { token: citizen });
  expect(again.status, `${ir.id}: nothing left to pay`).toBe(409);
  expect((await json<Problem>(again)).code).toBe('nothing_to_pay');

  // Submission, then every state towards the result.
  const dist = stepsToResult(ir);
  let supplemented: string[] | undefined;
  let pendingUploads: string[] = [];
  let results = 0;
  const path: string[] = [];
  let view = created;
  for (let guard = 0; !view.state.final; guard++) {
    if (guard > 40) throw new Error(`${ir.id}: no end after ${path.join(' → ')}`);
    const state = ir.workflow.states.find((x) => x.id === view.state.id)!;
    expect(dist.has(state.id), `${ir.id}: a result is reachable from ${state.id}`).toBe(true);
    let token: string;
    if (state.role === 'citizen') {
      token = citizen;
      for (const docId of pendingUploads) {
        await expectStatus(await uploadDocument(s, citizen, id, ir.documents.find((d) => d.id === docId)!), 201, `${ir.id}: supplement ${docId}`);
      }
      pendingUploads = [];
    } else {
      if (state.agency) expect(view.agency, `${ir.id}: the dossier sits with the agency of ${state.id}`).toBe(state.agency);
      token = await tokens.of(`${state.role}.${view.agency}`);
      const ask = supplementOf(ir, state);
      if (ask && !supplemented) {
        // Ask once for a supplement: every required upload (the citizen brings them again).
        const a = await expectStatus<AssessmentJson>(await s.request('GET', `/api/dossiers/${id}/assessment`, { token }), 200, `${ir.id}: officer's assessment`);
        let missing = a.documents.filter((d) => d.need === 'required' && !d.generated).map((d) => d.id);
        if (missing.length === 0) missing = [ir.documents.find((d) => !d.generated)!.id];
        const asked = await expectStatus<DossierJson>(
          await s.request('POST', `/api/dossiers/${id}/actions/${ask.id}`, { token, json: { inputs: inputsFor(ask, missing) } }),
          200,
          `${ir.id}: ${ask.id}`,
        );
        expect(asked.state.role).toBe('citizen');
        if (asked.state.pausesClock && asked.clock.status !== 'not_started') expect(asked.clock.status).toBe('paused');
        const timeline = await expectStatus<TimelineEvent[]>(await s.request('GET', `/api/dossiers/${id}/timeline`, { token: citizen }), 200, 'timeline');
        const request = timeline.filter((e) => e.type === 'supplement_requested').at(-1);
        expect((request?.payload['missing'] as Array<{ id: string }>).map((m) => m.id)).toEqual(missing);
        path.push(`${state.id}:${ask.id}`);
        supplemented = missing;
        pendingUploads = missing;
        view = asked;
        tick();
        continue;
      }
    }
    const candidates = towardsResult(ir, state);
    expect(candidates.length, `${ir.id}: a way on from ${state.id}`).toBeGreaterThan(0);
    let next: DossierJson | undefined;
    const refusals: string[] = [];
    for (const t of candidates) {
      const r = await s.request('POST', `/api/dossiers/${id}/actions/${t.id}`, { token, json: { inputs: inputsFor(t) } });
      if (r.status === 200) {
        next = await json<DossierJson>(r);
        path.push(`${state.id}:${t.id}`);
        if (issuesResult(t)) results++;
        break;
      }
      const p = await json<Problem>(r);
      // Alternatives with guards (sign / sign_interconnected): the one whose guard holds goes on.
      if (r.status === 422 && p.code === 'guard_failed') {
        refusals.push(`${t.id}: ${p.title}`);
        continue;
      }
      throw new Error(`${ir.id}: ${t.id} in ${state.id} → ${r.status} ${JSON.stringify(p)}`);
    }
    if (!next) throw new Error(`${ir.id}: every way on from ${state.id} refused: ${refusals.join('; ')}`);
    if (state.id === ir.workflow.initial) expect(next.feeTotal).toBe(total);
    view = next;
    tick();
  }

  // The end: a final state reached with a result, in time, signed and publicly verifiable.
  expect(dist.get(view.state.id), `${ir.id}: ended in a result state, not ${view.state.id}`).toBe(0);
  expect(view.code).toMatch(/^.+-\d{6}-\d{4}$/);
  expect(view.resultAt).not.toBeNull();
  if (ir.deadline) expect(['early', 'on_time']).toContain(view.outcome);
  const issued = await expectStatus<Array<{ result: string; signature: string; data: Record<string, unknown>; verifyUrl: string }>>(
    await s.request('GET', `/api/dossiers/${id}/result`, { token: citizen }),
    200,
    `${ir.id}: result`,
  );
  expect(issued.length).toBe(results);
  for (const r of issued) {
    expect(r.signature).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(r.data).toMatchObject({ dossier: id, code: view.code, procedure: ir.id, citizen: given.citizen });
  }
  const verified = await expectStatus<{ valid: boolean; code: string; results: Array<{ valid: boolean }> }>(
    await s.request('GET', `/api/verify/${encodeURIComponent(view.code!)}`),
    200,
    `${ir.id}: verify`,
  );
  expect(verified.valid).toBe(true);
  expect(verified.results.length).toBe(results);
  expect(verified.results.every((r) => r.valid)).toBe(true);

  // Every step is on the timeline.
  const timeline = await expectStatus<TimelineEvent[]>(await s.request('GET', `/api/dossiers/${id}/timeline`, { token: citizen }), 200, 'timeline');
  const types = timeline.map((e) => e.type);
  expect(types[0]).toBe('created');
  expect(types).toContain('form_updated');
  if (uploaded.length) expect(types).toContain('document_attached');
  if (total > 0) expect(types).toContain('payment_received');
  expect(types).toContain('receipt_issued');
  expect(types.filter((t) => t === 'result_issued').length).toBe(results);
  expect(timeline.filter((e) => e.type === 'transition').map((e) => `${String(e.payload['from'])}:${String(e.payload['transition'])}`)).toEqual(path);
  return { path, supplemented, total, outcome: view.outcome, dropped };
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip)(`every library procedure over HTTP (${dialect.name})`, () => {
    let s: TestServer;
    let tokens: Tokens;
    const errors: string[] = [];
    beforeAll(async () => {
      s = await startTestServer({ ...(dialect.name === 'PostgreSQL' ? { databaseUrl: PG_URL!, databaseSchema: dialect.schema! } : {}), app: { log: (m) => errors.push(m) } });
      tokens = new Tokens(s);
    }, 120_000);
    afterAll(async () => {
      if (!s) return;
      if (dialect.schema && dialect.name === 'PostgreSQL') await s.runtime.storage.db.schema.dropSchema(dialect.schema).ifExists().cascade().execute();
      await s.close();
    });

    it('serves all the library procedures, none skipped', () => {
      expect(LIBRARY.failed).toEqual([]);
      expect(s.runtime.catalogFailures).toEqual([]);
      expect(s.runtime.catalog.map((e) => e.id).sort()).toEqual(LIBRARY.entries.map((e) => e.id).sort());
      expect(LIBRARY.entries.length).toBeGreaterThanOrEqual(15);
    });

    it.each(LIBRARY.entries.map((e) => [e.id]))('%s: draft → prefill → documents → fee → pay → submit → supplement → … → signed result → verified', async (procedureId) => {
      const entry = s.runtime.catalog.find((e) => e.id === procedureId)!;
      const run = await lifecycle(s, tokens, entry);
      const hasSupplement = entry.ir.workflow.states.some((st) => supplementOf(entry.ir, st));
      expect(run.supplemented !== undefined).toBe(hasSupplement);
      expect(errors).toEqual([]);
    });

    it('is late after the apology letter: extension once, only until 1 working day before due', async () => {
      const citizenId = '001099012345';
      const citizen = await tokens.of(citizenId);
      const reception = await tokens.of('reception.cong_an_xa');
      const specialist = await tokens.of('specialist.cong_an_xa');
      const leader = await tokens.of('leader.cong_an_xa');
      // Two dossiers received on Monday 3 March 2025 at 09:00: 7 working days → Wednesday 12 March 09:00.
      setLocal(s, '2025-03-03T08:30');
      const received: DossierJson[] = [];
      for (let i = 0; i < 2; i++) {
        const d = await expectStatus<DossierJson>(await s.request('POST', '/api/dossiers', { token: citizen, json: { procedureId: 'dang_ky_thuong_tru', channel: 'online' } }), 201, 'create');
        await expectStatus(await s.request('PATCH', `/api/dossiers/${d.id}/form`, { token: citizen, json: { values: { address: 'Số 5 Lê Lợi, phường Hồng Gai', housing: 'owner' } } }), 200, 'form');
        expect((await payThroughGateway(s, citizen, d.id)).confirm.status).toBe(303);
        await expectStatus(await s.request('POST', `/api/dossiers/${d.id}/actions/submit`, { token: citizen, json: {} }), 200, 'submit');
        setLocal(s, '2025-03-03T09:00');
        received.push(await expectStatus<DossierJson>(await s.request('POST', `/api/dossiers/${d.id}/actions/accept`, { token: reception, json: {} }), 200, 'accept'));
      }
      const [a, b] = received as [DossierJson, DossierJson];
      expect(formatLocal(a.dueAt!)).toBe('12/03/2025 09:00');

      // A citizen cannot send an apology letter; a bad date is refused.
      expect((await s.request('POST', `/api/dossiers/${a.id}/extension`, { token: citizen, json: { reason: 'x', newDueAt: '2025-03-17T09:00' } })).status).toBe(403);
      const notLater = await s.request('POST', `/api/dossiers/${a.id}/extension`, { token: specialist, json: { reason: 'Chờ xác minh', newDueAt: '2025-03-11T09:00' } });
      expect(notLater.status).toBe(422);
      expect((await json<Problem>(notLater)).reason).toBe('extension_not_later');

      // Monday 10 March: the specialist apologises for A and sets Monday 17 March.
      setLocal(s, '2025-03-10T10:00');
      const reason = 'Cần xác minh thêm thông tin nơi cư trú với Công an phường khác';
      const extended = await expectStatus<DossierJson>(
        await s.request('POST', `/api/dossiers/${a.id}/extension`, { token: specialist, json: { reason, newDueAt: '2025-03-17T09:00' } }),
        200,
        'extension',
      );
      expect(formatLocal(extended.dueAt!)).toBe('17/03/2025 09:00');
      const twice = await s.request('POST', `/api/dossiers/${a.id}/extension`, { token: specialist, json: { reason, newDueAt: '2025-03-18T09:00' } });
      expect(twice.status).toBe(422);
      expect((await json<Problem>(twice)).reason).toBe('extension_used');

      // Tuesday 11 March 09:01 is less than 1 working day before B's due time: too late to apologise.
      setLocal(s, '2025-03-11T09:01');
      const late = await s.request('POST', `/api/dossiers/${b.id}/extension`, { token: specialist, json: { reason, newDueAt: '2025-03-17T09:00' } });
      expect(late.status).toBe(422);
      expect((await json<Problem>(late)).reason).toBe('extension_too_late');
      expect((await json<DossierJson>(await s.request('GET', `/api/dossiers/${b.id}`, { token: citizen }))).dueAt).toBe(b.dueAt);

      // Thursday 13 March, after the original due time, A gets its result: late, though within the new date.
      setLocal(s, '2025-03-13T10:00');
      await expectStatus(await s.request('POST', `/api/dossiers/${a.id}/actions/propose`, { token: specialist, json: {} }), 200, 'propose');
      const done = await expectStatus<DossierJson>(await s.request('POST', `/api/dossiers/${a.id}/actions/approve`, { token: leader, json: {} }), 200, 'approve');
      expect(done.state.id).toBe('done');
      expect(done.outcome).toBe('late');

      // The apology letter: in the outbox for the citizen, and on the timeline.
      const letters = await s.runtime.storage.db.selectFrom('outbox').selectAll().where('kind', '=', 'apology_letter').execute();
      const letter = letters.map((l) => ({ recipient: l.recipient, payload: JSON.parse(l.payload) as Record<string, unknown> })).filter((l) => l.payload['dossier'] === a.id);
      expect(letter).toHaveLength(1);
      expect(letter[0]!.recipient).toBe(`citizen:${citizenId}`);
      expect(letter[0]!.payload).toMatchObject({ reason, code: a.code, previousDueAt: a.dueAt, newDueAt: parseLocal('2025-03-17T09:00') });
      expect(String(letter[0]!.payload['text'])).toContain('12/03/2025 09:00');
      expect(letters.filter((l) => (JSON.parse(l.payload) as { dossier: string }).dossier === b.id)).toEqual([]);
      const timeline = await expectStatus<TimelineEvent[]>(await s.request('GET', `/api/dossiers/${a.id}/timeline`, { token: citizen }), 200, 'timeline');
      const ext = timeline.filter((e) => e.type === 'extended');
      expect(ext).toHaveLength(1);
      expect(ext[0]!.actor).toBe('specialist.cong_an_xa');
      expect(ext[0]!.payload).toMatchObject({ reason, newDueAt: parseLocal('2025-03-17T09:00') });
      const due = await expectStatus<{ text: { vi: string } }>(await s.request('GET', `/api/dossiers/${a.id}/due`, { token: citizen }), 200, 'due');
      expect(due.text.vi).toContain('thư xin lỗi');
      const verified = await json<{ valid: boolean }>(await s.request('GET', `/api/verify/${encodeURIComponent(a.code!)}`));
      expect(verified.valid).toBe(true);
      expect(errors).toEqual([]);
    });
  });
}
