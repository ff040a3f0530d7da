// Test support: one valid request for every declared API route, so that suites iterating
// `api.routes` (bad input, authorization) start from something the server accepts and change one
// thing at a time. A route without an entry here fails those suites: a new route must say what a
// valid call looks like.
import type { TestServer } from './harness.ts';
import { EmbeddedGateway } from '../payments/gateway.ts';
import { fileForm, SAMPLE_FILES } from './flows.ts';

export type RouteKey = `${'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'} ${string}`;

export const routeKey = (r: { method: string; path: string }): RouteKey => `${r.method.toUpperCase()} ${r.path}` as RouteKey;

/** The dossiers a valid call may name. */
export interface DossierFixture {
  /** A citizen's draft (form filled, fee unpaid): the citizen's own routes. */
  readonly draft: string;
  /** Received and being processed (the clock runs): officers' routes, the extension. */
  readonly processing: string;
  /** Finished with a signed result. */
  readonly done: string;
  /** The receipt code of `done`. */
  readonly doneCode: string;
}

export interface ValidCall {
  readonly params?: Record<string, string>;
  readonly query?: Record<string, string>;
  /** A JSON body, or a multipart form (uploads). */
  readonly json?: unknown;
  readonly multipart?: () => FormData;
}

/** What the embedded gateway sends for a payment it started (a reference it issued, signed). */
export function signedCallback(gateway: EmbeddedGateway, dossierId: string, amount: number, status: 'paid' | 'failed') {
  const { reference } = gateway.start({ dossierId, amount });
  return gateway.callbackFor({ reference, dossierId, amount, status });
}

/** A valid call of every route (any role the route admits may make it). */
export function validCalls(s: TestServer, fx: DossierFixture): Record<RouteKey, ValidCall> {
  const gateway = new EmbeddedGateway(s.runtime.secret);
  const pdf = SAMPLE_FILES['pdf']!;
  return {
    'POST /api/auth/login': { json: { username: 'quanly', password: 'motcua' } },
    'GET /api/me': {},
    'GET /api/procedures': { query: { q: 'thuong tru' } },
    'GET /api/procedures/:id': { params: { id: 'dang_ky_thuong_tru' } },
    'GET /api/procedures/:id/form-schema': { params: { id: 'dang_ky_thuong_tru' } },
    'GET /api/procedures/:id/card.md': { params: { id: 'dang_ky_thuong_tru' } },
    'GET /api/procedures/:id/documents': { params: { id: 'dang_ky_thuong_tru' } },
    'POST /api/dossiers': { json: { procedureId: 'dang_ky_thuong_tru', channel: 'online' } },
    'GET /api/dossiers': { query: { limit: '10' } },
    'GET /api/dossiers/:id': { params: { id: fx.draft } },
    'PATCH /api/dossiers/:id/form': { params: { id: fx.draft }, json: { values: { address: 'Số 5 Lê Lợi, phường Hồng Gai' } } },
    'POST /api/dossiers/:id/documents/:docId': { params: { id: fx.draft, docId: 'residence_proof' }, multipart: () => fileForm('so_do.pdf', pdf.bytes, pdf.mime) },
    'GET /api/dossiers/:id/documents': { params: { id: fx.draft } },
    'GET /api/dossiers/:id/assessment': { params: { id: fx.draft } },
    'POST /api/dossiers/:id/payments': { params: { id: fx.draft } },
    'POST /api/dossiers/:id/actions/:action': { params: { id: fx.draft, action: 'submit' }, json: { inputs: {} } },
    'POST /api/dossiers/:id/extension': { params: { id: fx.processing }, json: { reason: 'Cần xác minh thêm tại địa phương khác', newDueAt: '2025-03-17T09:00' } },
    'GET /api/dossiers/:id/timeline': { params: { id: fx.draft } },
    'GET /api/dossiers/:id/due': { params: { id: fx.processing } },
    'GET /api/dossiers/:id/result': { params: { id: fx.done } },
    'GET /api/me/access-log': { query: { limit: '10' } },
    'GET /api/queue': { query: { limit: '10' } },
    'POST /api/payments/callback': { json: signedCallback(gateway, fx.draft, 1, 'paid') },
    'GET /api/verify/:code': { params: { code: fx.doneCode } },
    'POST /api/verify': { json: { data: { result: 'x' }, signature: 'AAAA' } },
    'GET /api/results/public-key': {},
    'GET /api/stats': { query: { by: 'agency' } },
    'GET /api/studio/files': {},
    'POST /api/studio/scenarios': { json: { path: 'cu_tru/dang_ky_tam_tru.proc' } },
    'POST /api/studio/publish': { json: { procedureId: 'dang_ky_tam_tru' } },
  };
}

/** The URL of a call: path parameters substituted (encoded unless `raw`), the query appended. */
export function urlOf(path: string, params: Record<string, string> = {}, query: Record<string, string> = {}, raw = false): string {
  const p = path.replace(/:(\w+)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`no value for :${name} of ${path}`);
    return raw ? v : encodeURIComponent(v);
  });
  const q = new URLSearchParams(query).toString();
  return q ? `${p}?${q}` : p;
}

export const OWNER = '001099012345';
export const OTHER_CITIZEN = '001190006789';
export const AGENCY = 'cong_an_xa';
export const OTHER_AGENCY = 'ubnd_xa';
const FORM = { address: 'Số 5 Lê Lợi, phường Hồng Gai', housing: 'owner' };

/**
 * Dossiers of Đăng ký thường trú of the sample owner (agency cong_an_xa), made through HTTP:
 * `upTo` 'draft' (form filled, fee unpaid), 'submitted', 'processing' (received, clock running),
 * 'approval' or 'done' (signed result).
 */
export async function makeDossier(s: TestServer, login: (user: string) => Promise<string>, upTo: 'draft' | 'submitted' | 'processing' | 'approval' | 'done'): Promise<{ id: string; code: string | null }> {
  const owner = await login(OWNER);
  const ok = async (r: Response, what: string) => {
    if (r.status >= 300) throw new Error(`fixture ${what}: ${r.status} ${await r.text()}`);
    return (await r.json()) as { id: string; code: string | null; url?: string; amount?: number };
  };
  const d = await ok(await s.request('POST', '/api/dossiers', { token: owner, json: { procedureId: 'dang_ky_thuong_tru', channel: 'online' } }), 'create');
  await ok(await s.request('PATCH', `/api/dossiers/${d.id}/form`, { token: owner, json: { values: FORM } }), 'form');
  if (upTo === 'draft') return { id: d.id, code: null };
  const pay = await ok(await s.request('POST', `/api/dossiers/${d.id}/payments`, { token: owner }), 'payment');
  const confirm = await s.request('POST', pay.url!.split('?')[0]!, { body: new URLSearchParams({ dossier: d.id, amount: String(pay.amount) }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  if (confirm.status !== 303) throw new Error(`fixture pay: ${confirm.status}`);
  let v = await ok(await s.request('POST', `/api/dossiers/${d.id}/actions/submit`, { token: owner, json: {} }), 'submit');
  const steps: Array<[string, string, 'submitted' | 'processing' | 'approval' | 'done']> = [
    ['reception', 'accept', 'submitted'],
    ['specialist', 'propose', 'processing'],
    ['leader', 'approve', 'approval'],
  ];
  for (const [role, action, from] of steps) {
    if (upTo === from) break;
    v = await ok(await s.request('POST', `/api/dossiers/${d.id}/actions/${action}`, { token: await login(`${role}.${AGENCY}`), json: {} }), action);
  }
  return { id: d.id, code: v.code };
}
