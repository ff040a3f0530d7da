// Test support: drive a dossier through HTTP as its people would — the citizen fills the form
// with a scenario's `given` values, uploads what the assessment asks for, pays through the
// embedded gateway and submits; officers of the state's role and agency take, in every state, a
// transition that leads towards a final state reached with a result. Generic over the IR, so
// every procedure of the library runs through the same code.
import type { IRDocument, IRTransition } from '@motcua/dsl';
import { localDateTime, localParts } from '@motcua/engine';
import { SAMPLE_FILES } from '../runtime/scenario-lives.ts';
import type { TestServer } from './harness.ts';

// The IR walking helpers live with the runtime (the default set-up's sample dossiers use them).
export {
  issuesResult,
  literal,
  rebaseInputs,
  SAMPLE_FILES,
  scenarioInputs,
  scenarioWithResult,
  stepsToResult,
  supplementOf,
  towardsResult,
  type ScenarioInputs,
} from '../runtime/scenario-lives.ts';

export interface Problem {
  status: number;
  code: string;
  title: string;
  errors?: Array<{ path: string; code: string; message: string }>;
  [key: string]: unknown;
}

/** "YYYY-MM-DDTHH:mm" (Vietnam time) → epoch ms. */
export function parseLocal(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(s);
  if (!m) throw new Error(`bad local time ${s}`);
  return localDateTime(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
}

/** Sets the harness's virtual clock from "YYYY-MM-DDTHH:mm". */
export function setLocal(s: TestServer, at: string): void {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(at);
  if (!m) throw new Error(`bad local time ${at}`);
  s.setTime(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
}

/** Sets the harness's virtual clock to an instant. */
export function setEpoch(s: TestServer, t: number): void {
  const p = localParts(t);
  s.setTime(p.year, p.month, p.day, p.hour, p.minute);
}

export async function json<T>(r: Response): Promise<T> {
  const text = await r.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`not JSON (${r.status}): ${text.slice(0, 300)}`);
  }
}

/** Fails with the problem's text when the status is not the expected one. */
export async function expectStatus<T = unknown>(r: Response, status: number, what: string): Promise<T> {
  const body = await r.text();
  if (r.status !== status) throw new Error(`${what}: expected ${status}, got ${r.status}: ${body.slice(0, 600)}`);
  return (body ? JSON.parse(body) : undefined) as T;
}

/** A multipart body with one `file`. */
export function fileForm(name: string, bytes: Uint8Array, mime: string): FormData {
  const form = new FormData();
  form.append('file', new File([bytes as Uint8Array<ArrayBuffer>], name, { type: mime }));
  return form;
}

/** Uploads a sample file in the document's first accepted format. */
export function uploadDocument(s: TestServer, token: string, dossierId: string, doc: IRDocument): Promise<Response> {
  const ext = doc.formats.find((f) => SAMPLE_FILES[f]) ?? 'pdf';
  const file = SAMPLE_FILES[ext]!;
  return s.request('POST', `/api/dossiers/${dossierId}/documents/${doc.id}`, { token, body: fileForm(`${doc.id}.${ext}`, file.bytes, file.mime) });
}

/** Starts a payment and confirms it on the embedded gateway's page, as the citizen's browser does. */
export async function payThroughGateway(s: TestServer, token: string, dossierId: string): Promise<{ amount: number; reference: string; confirm: Response }> {
  const started = await expectStatus<{ url: string; reference: string; amount: number }>(await s.request('POST', `/api/dossiers/${dossierId}/payments`, { token }), 201, 'start payment');
  const [path, query] = started.url.split('?') as [string, string];
  const params = new URLSearchParams(query);
  const confirm = await s.request('POST', path, {
    body: new URLSearchParams({ dossier: params.get('dossier') ?? '', amount: params.get('amount') ?? '' }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  return { amount: started.amount, reference: started.reference, confirm };
}

export interface DossierJson {
  id: string;
  code: string | null;
  agency: string;
  citizenId: string;
  state: { id: string; role?: string; final: boolean; pausesClock: boolean };
  revision: number;
  form: Record<string, unknown>;
  prefilled: Array<{ path: string; source: string; locked: boolean }>;
  clock: { status: string; dueAt?: number };
  dueAt: number | null;
  outcome: 'early' | 'on_time' | 'late' | null;
  feeTotal: number | null;
  resultAt: number | null;
  receivedAt: number | null;
  actions: Array<{ id: string; target: string; inputs: string[] }>;
}

export interface AssessmentJson {
  fees: { total: number; fees: Array<{ id: string; amount: number }> };
  documents: Array<{ id: string; need: string; generated: boolean; attached: boolean }>;
  missing: Array<{ id: string; label: string }>;
  formErrors: Array<{ path: string; code: string }>;
  formValid: boolean;
  documentsComplete: boolean;
}

/** Officers' tokens by user name, signed in once per server. */
export class Tokens {
  /** Tokens by user, with the server-clock time they were issued: sessions expire on that clock. */
  private readonly cache = new Map<string, { token: string; at: number }>();
  constructor(private readonly s: TestServer) {}
  async of(username: string): Promise<string> {
    const now = this.s.runtime.engine.now();
    const cached = this.cache.get(username);
    // Sign in again once the virtual clock has moved past an hour of the session (8 hours).
    if (cached && now >= cached.at && now - cached.at < 3_600_000) return cached.token;
    const token = await this.s.login(username);
    this.cache.set(username, { token, at: now });
    return token;
  }
}

/** Inputs an officer gives with a transition (a reason, a note, the missing documents). */
export function inputsFor(t: IRTransition, missing: readonly string[] = []): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const i of t.inputs) {
    if (i === 'missing') inputs['missing'] = [...missing];
    else if (i === 'reason') inputs['reason'] = `Lý do cho «${t.label}» (kiểm thử)`;
    else if (i === 'note') inputs['note'] = `Ghi chú cho «${t.label}» (kiểm thử)`;
    else if (i === 'new_date') inputs['new_date'] = '2030-01-02';
  }
  return inputs;
}
