// The server through HTTP: health, catalog, problem+json, and one dossier's whole life.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './testing/harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());

const OWNER = '001099012345';
const PDF = new TextEncoder().encode('%PDF-1.4\n%x\n');

describe('the server', () => {
  it('is healthy with every library procedure compiled and published', async () => {
    const r = await s.request('GET', '/healthz');
    expect(r.status).toBe(200);
    const body = (await r.json()) as { procedures: number; skipped: string[] };
    expect(body.skipped).toEqual([]);
    expect(body.procedures).toBeGreaterThanOrEqual(15);
  });

  it('searches the catalog without accents', async () => {
    const r = await s.request('GET', '/api/procedures?q=dang ky thuong tru');
    expect(((await r.json()) as Array<{ id: string }>).map((p) => p.id)).toContain('dang_ky_thuong_tru');
  });

  it('answers unknown things with problem+json in Vietnamese, English on request', async () => {
    const r = await s.request('GET', '/api/procedures/khong_co');
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(((await r.json()) as { title: string }).title).toContain('Không có thủ tục');
    const en = await s.request('GET', '/api/procedures/khong_co?lang=en');
    expect(((await en.json()) as { title: string }).title).toContain('No procedure');
  });

  it('describes every route in OpenAPI', async () => {
    const doc = (await (await s.request('GET', '/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/dossiers', '/api/dossiers/{id}/actions/{action}', '/api/queue', '/api/stats', '/api/verify/{code}']));
    expect((await s.request('GET', '/api/docs')).status).toBe(200);
  });

  it('carries a dossier from draft to a verified result over HTTP', async () => {
    s.setTime(2025, 1, 24, 9);
    const citizen = await s.login(OWNER);
    const created = await s.request('POST', '/api/dossiers', { token: citizen, json: { procedureId: 'dang_ky_thuong_tru', channel: 'online' } });
    expect(created.status).toBe(201);
    const d = (await created.json()) as { id: string; form: { applicant: { full_name: string } } };
    expect(d.form.applicant.full_name).toBeTruthy();
    const patched = await s.request('PATCH', `/api/dossiers/${d.id}/form`, { token: citizen, json: { values: { address: 'Số 5 Lê Lợi, phường Hồng Gai', housing: 'owner' } } });
    expect(patched.status).toBe(200);
    const assessment = (await (await s.request('GET', `/api/dossiers/${d.id}/assessment`, { token: citizen })).json()) as { fees: { total: number }; missing: unknown[] };
    expect(assessment.fees.total).toBe(10_000);
    expect(assessment.missing).toEqual([]);
    const pay = (await (await s.request('POST', `/api/dossiers/${d.id}/payments`, { token: citizen })).json()) as { url: string; reference: string; amount: number };
    expect(pay.amount).toBe(10_000);
    const paid = await s.request('POST', pay.url.split('?')[0]!, { body: new URLSearchParams({ dossier: d.id, amount: String(pay.amount) }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(paid.status).toBe(303);
    s.setTime(2025, 1, 24, 10);
    expect((await s.request('POST', `/api/dossiers/${d.id}/actions/submit`, { token: citizen, json: {} })).status).toBe(200);
    const reception = await s.login('reception.cong_an_xa');
    const queue = (await (await s.request('GET', '/api/queue', { token: reception })).json()) as { items: Array<{ id: string }> };
    expect(queue.items.map((i) => i.id)).toContain(d.id);
    const accepted = (await (await s.request('POST', `/api/dossiers/${d.id}/actions/accept`, { token: reception, json: {} })).json()) as { code: string; dueAt: number };
    expect(accepted.code).toMatch(/-250124-\d{4}$/);
    const due = (await (await s.request('GET', `/api/dossiers/${d.id}/due`, { token: citizen })).json()) as { dueAtLocal: string; text: { vi: string } };
    expect(due.dueAtLocal).toBe('11/02/2025 10:00');
    s.setTime(2025, 2, 5, 9);
    const specialist = await s.login('specialist.cong_an_xa');
    expect((await s.request('POST', `/api/dossiers/${d.id}/actions/propose`, { token: specialist, json: {} })).status).toBe(200);
    const leader = await s.login('leader.cong_an_xa');
    const done = (await (await s.request('POST', `/api/dossiers/${d.id}/actions/approve`, { token: leader, json: {} })).json()) as { state: { id: string }; outcome: string };
    expect(done).toMatchObject({ state: { id: 'done' }, outcome: 'early' });
    const verify = (await (await s.request('GET', `/api/verify/${encodeURIComponent(accepted.code)}`)).json()) as { valid: boolean; results: Array<{ data: Record<string, unknown> }> };
    expect(verify.valid).toBe(true);
    // Sessions last 8 hours on the server's clock: twelve days later the citizen signs in again.
    const citizenAgain = await s.login(OWNER);
    expect((await s.request('GET', `/api/dossiers/${d.id}/result`, { token: citizen })).status).toBe(401);
    const result = (await (await s.request('GET', `/api/dossiers/${d.id}/result`, { token: citizenAgain })).json()) as Array<{ data: Record<string, unknown>; signature: string }>;
    const forged = { ...result[0]!.data, citizen: '001000000001' };
    expect(((await (await s.request('POST', '/api/verify', { json: { data: result[0]!.data, signature: result[0]!.signature } })).json()) as { valid: boolean }).valid).toBe(true);
    expect(((await (await s.request('POST', '/api/verify', { json: { data: forged, signature: result[0]!.signature } })).json()) as { valid: boolean }).valid).toBe(false);
    void PDF;
  });

  it('never shows a citizen another citizen\'s dossier', async () => {
    const a = await s.login(OWNER);
    const b = await s.login('001190006789');
    const d = (await (await s.request('POST', '/api/dossiers', { token: a, json: { procedureId: 'dang_ky_thuong_tru', channel: 'online' } })).json()) as { id: string };
    expect((await s.request('GET', `/api/dossiers/${d.id}`, { token: b })).status).toBe(404);
    expect((await s.request('PATCH', `/api/dossiers/${d.id}/form`, { token: b, json: { values: { housing: 'owner' } } })).status).toBe(404);
  });
});
