// Test support: drive a dossier through HTTP as its people would — the citizen fills the form
// with a scenario's `given` values, uploads what the assessment asks for, pays through the
// embedded gateway and submits; officers of the state's role and agency take, in every state, a
// transition that leads towards a final state reached with a result. Generic over the IR, so
// every procedure of the library runs through the same code.
import type { IRDocument, IRExpr, IRScenario, IRState, IRTransition, ProcedureIR } from '@motcua/dsl';
import { localDateTime, localParts } from '@motcua/engine';
import type { TestServer } from './harness.ts';

export interface Problem {
  status: number;
  code: string;
  title: string;
  errors?: Array<{ path: string; code: string; message: string }>;
  [key: string]: unknown;
}

/** Minimal files whose bytes match their extension (the engine checks the magic numbers). */
export const SAMPLE_FILES: Record<string, { bytes: Uint8Array; mime: string }> = {
  pdf: { bytes: new TextEncoder().encode('%PDF-1.4\n% Motcua test document\n%%EOF\n'), mime: 'application/pdf' },
  jpg: { bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]), mime: 'image/jpeg' },
  jpeg: { bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]), mime: 'image/jpeg' },
  png: { bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), mime: 'image/png' },
};

/** The value of a scenario literal (`150_000_000 VND`, `2025-04-02`, `[a, b]`, `owner`). */
export function literal(e: IRExpr): unknown {
  if (e.kind === 'lit') return e.type === 'percent' ? (e.value as number) / 100 : e.value;
  if (e.kind === 'list') return e.items.map(literal);
  if (e.kind === 'unary' && e.op === '-' && e.operand.kind === 'lit') return -(e.operand.value as number);
  if (e.kind === 'ref') return e.path.join('.');
  return undefined;
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

/** Transitions that issue a result. */
export const issuesResult = (t: IRTransition) => t.effects.some((e) => e.type === 'issue' && e.what === 'result');

/**
 * Steps to a final state reached by a transition that issues a result ("done"-like), for every
 * state from which one is reachable; self-loops (postpone) never count.
 */
export function stepsToResult(ir: ProcedureIR): Map<string, number> {
  const goals = new Set<string>();
  for (const s of ir.workflow.states) for (const t of s.transitions) if (issuesResult(t) && ir.workflow.states.find((x) => x.id === t.target)?.final) goals.add(t.target);
  const dist = new Map<string, number>([...goals].map((g) => [g, 0]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of ir.workflow.states) {
      for (const t of s.transitions) {
        if (t.target === s.id) continue;
        const d = dist.get(t.target);
        if (d !== undefined && (dist.get(s.id) ?? Infinity) > d + 1) {
          dist.set(s.id, d + 1);
          changed = true;
        }
      }
    }
  }
  return dist;
}

/** The transitions of a state that move towards the result, nearest first. */
export function towardsResult(ir: ProcedureIR, state: IRState): IRTransition[] {
  const dist = stepsToResult(ir);
  const here = dist.get(state.id) ?? Infinity;
  return state.transitions
    .filter((t) => t.target !== state.id && (dist.get(t.target) ?? Infinity) < here)
    .sort((a, b) => dist.get(a.target)! - dist.get(b.target)!);
}

/** A supplement request of this state: the officer asks, the citizen's state waits. */
export function supplementOf(ir: ProcedureIR, state: IRState): IRTransition | undefined {
  if (state.role === 'citizen') return undefined;
  return state.transitions.find((t) => t.inputs.includes('missing') && ir.workflow.states.find((x) => x.id === t.target)?.role === 'citizen');
}

/**
 * The first scenario whose `do` steps reach a result, acting while the procedure is in effect (a
 * citizen cannot open a dossier before): its given values are known to satisfy the guards.
 */
export function scenarioWithResult(ir: ProcedureIR): IRScenario | undefined {
  const resultIds = new Set(ir.workflow.states.flatMap((s) => s.transitions.filter(issuesResult).map((t) => t.id)));
  const inEffect = (at: string) => (!ir.effective || ir.effective.from <= at.slice(0, 10)) && (!ir.effective?.until || at.slice(0, 10) <= ir.effective.until);
  return ir.scenarios.find((sc) => {
    const first = sc.steps.find((st) => st.kind === 'do');
    return first?.kind === 'do' && inEffect(first.at) && sc.steps.some((st) => st.kind === 'do' && st.actions.some((a) => resultIds.has(a)));
  });
}

export interface ScenarioInputs {
  readonly channel: string;
  readonly citizen: string;
  readonly form: Record<string, unknown>;
  /** The first `do` time, "YYYY-MM-DDTHH:mm". */
  readonly at: string;
  /** The total fee the scenario expects before or at its first action, if it says so. */
  readonly expectedFee?: number;
}

export function scenarioInputs(ir: ProcedureIR, sc: IRScenario): ScenarioInputs {
  let channel = ir.channels[0]!;
  let citizen = '001000000000';
  const form: Record<string, unknown> = {};
  let at: string | undefined;
  let expectedFee: number | undefined;
  let doSteps = 0;
  for (const st of sc.steps) {
    if (st.kind === 'given') {
      for (const item of st.items) {
        const v = literal(item.value);
        if (item.key === 'channel') channel = v as typeof channel;
        else if (item.key === 'citizen') citizen = String(v);
        else if (item.key === 'missing' || item.key === 'paid') continue;
        else form[item.key] = v;
      }
    } else if (st.kind === 'do') {
      at ??= st.at;
      doSteps++;
    } else if (st.kind === 'expect' && st.what === 'fee' && !st.subject && expectedFee === undefined && doSteps <= 1) {
      expectedFee = Number(literal(st.value));
    }
  }
  return { channel, citizen, form, at: at ?? `${ir.effective?.from ?? '2025-03-03'}T09:00`, ...(expectedFee !== undefined ? { expectedFee } : {}) };
}

const DATE_VALUE = /^(\d{4}-\d{2}-\d{2})([ T]\d{2}:\d{2})?$/;

/**
 * The scenario's inputs moved to `today` ("YYYY-MM-DD"): every date in the form is shifted by as
 * many days as separate the scenario's first action from today, so that it keeps its meaning
 * ("stay until 484 days after applying") when the scenario is lived on the real clock (the load
 * bench) rather than on its own virtual one. `at` becomes today at the scenario's hour.
 */
export function rebaseInputs(inputs: ScenarioInputs, today: string): ScenarioInputs {
  const shift = Date.parse(`${today}T00:00Z`) - Date.parse(`${inputs.at.slice(0, 10)}T00:00Z`);
  const moved = (day: string) => new Date(Date.parse(`${day}T00:00Z`) + shift).toISOString().slice(0, 10);
  const form = Object.fromEntries(
    Object.entries(inputs.form).map(([k, v]) => {
      const m = typeof v === 'string' ? DATE_VALUE.exec(v) : null;
      return [k, m ? moved(m[1]!) + (m[2] ?? '') : v];
    }),
  );
  return { ...inputs, form, at: `${today}${inputs.at.slice(10)}` };
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
