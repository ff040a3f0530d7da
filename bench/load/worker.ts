// Load generator for bench/load.bench.ts, in its own process (never in the server's event loop):
//   node --import tsx bench/load/worker.ts <config.json>
// Two modes:
//  - `healthz`: every virtual user sends GET /healthz back to back for `seconds` (the same-run
//    reference: the bare HTTP round trip through the same client, on the same connections);
//  - `mix`: virtual users living dossiers through the public API, back to back (no think time,
//    except the managers'):
//      citizens sign in, create a draft, fill the form in two PATCHes, read the assessment,
//        upload what it asks for (multipart, a few KB of valid PDF/JPEG/PNG bytes), pay through
//        the embedded gateway (start, its page, its confirmation), submit, then read the dossier
//        and its timeline; one time in five they come back instead to track a dossier (their
//        list, the dossier, the due date in words, the signed result and its public
//        verification, a catalog search); when an officer asked for a supplement they sign in,
//        read the timeline, upload what was asked and resubmit;
//      officers (reception, specialist, leader — of the dossier's agency, each signed in as
//        `<role>.<agency>`) read their queue (`/api/queue?mine=true`), take the first dossier of
//        the page that waits for them, read it and take the step towards the result (one
//        dossier in ten gets a supplement request at the first state that has one); leaders
//        read their agency's statistics every tenth action;
//      managers (`quanly`) read the statistics by procedure and by agency, one read per second.
//    Procedures and their form values come from the library itself: every scenario that
//    reaches a result (its citizen, channel and `given` values), as server/src/lifecycle.test.ts
//    drives them. Before the warm-up each scenario is lived once, alone (the probe): a scenario
//    that cannot be lived today on the real clock is left out and named in the result.
// Any answer with another status than the one expected is an error (a guard refusing one of two
// alternatives — 422 guard_failed — is expected: the client tries the next, as the console
// does). Prints progress on stderr, and one JSON line (WorkerResult) on stdout at the end.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IRDocument, IRScenario, IRState, IRTransition, ProcedureIR } from '../../dsl/src/index.ts';
import { inputsFor, issuesResult, rebaseInputs, scenarioInputs, supplementOf, towardsResult, type ScenarioInputs } from '../../server/src/testing/flows.ts';

export interface WorkerConfig {
  readonly base: string;
  readonly mode: 'healthz' | 'mix';
  /** Measured seconds. */
  readonly seconds: number;
  /** Mix only: seconds of load before measuring. */
  readonly warmupSeconds: number;
  readonly citizens: number;
  readonly officers: number;
  readonly managers: number;
  /** A manager's pause between two statistics reads. */
  readonly managerPauseMs: number;
  /** Width of the series' buckets. */
  readonly bucketSeconds: number;
  readonly seed: number;
}

export interface KindResult {
  readonly count: number;
  readonly errors: number;
  readonly rps: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export interface Bucket {
  /** Seconds since the start of the measured run. */
  readonly from: number;
  readonly ops: number;
  readonly errors: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
}

export interface ErrorSample {
  readonly phase: string;
  readonly kind: string;
  readonly request: string;
  readonly status: number;
  readonly body: string;
  /** Seconds since the worker started. */
  readonly at: number;
}

export interface WorkerResult {
  readonly mode: 'healthz' | 'mix';
  readonly users: number;
  /** Epoch ms of the measured window (the parent lines its memory samples up with it). */
  readonly from: number;
  readonly to: number;
  readonly seconds: number;
  readonly ops: number;
  readonly errors: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly kinds: Record<string, KindResult>;
  readonly buckets: Bucket[];
  /** Errors of the probe and the warm-up (not in the figures) and of the measured run. */
  readonly errorCounts: Record<string, number>;
  readonly errorSamples: ErrorSample[];
  readonly flow?: {
    readonly scenarios: string[];
    readonly excluded: string[];
    readonly started: number;
    readonly submitted: number;
    readonly finished: number;
    readonly supplements: number;
    readonly abandoned: number;
    readonly guardAlternatives: number;
    readonly queueMisses: number;
    readonly waitingAtEnd: number;
    readonly uploadedBytes: number;
  };
  /** CPU the worker used in the measured window, ms. */
  readonly clientCpuMs: number;
}

// ---------------------------------------------------------------------------------------------
// Recording

const STOP = Symbol('stop');
type Phase = 'probe' | 'warmup' | 'measured';

class Recorder {
  phase: Phase = 'probe';
  from = 0;
  to = Infinity;
  readonly latencies = new Map<string, number[]>();
  readonly kindErrors = new Map<string, number>();
  readonly buckets: Array<{ ops: number; errors: number; lat: number[] }> = [];
  readonly errorCounts = new Map<string, number>();
  readonly samples: ErrorSample[] = [];
  private readonly sampled = new Set<string>();
  private readonly t0 = performance.now();
  constructor(private readonly bucketMs: number) {}

  /** A response (or a failure) of `kind` that ended at `end` (performance.now()). */
  record(kind: string, ms: number, end: number, error?: Omit<ErrorSample, 'phase' | 'kind' | 'at'>): void {
    if (error) {
      const key = `${this.phase} · ${kind} · ${error.status}`;
      this.errorCounts.set(key, (this.errorCounts.get(key) ?? 0) + 1);
      // The first of each (phase, kind, status), then every one up to 30 in all.
      if (!this.sampled.has(key) || this.samples.length < 30) {
        this.sampled.add(key);
        if (this.samples.length < 60) this.samples.push({ phase: this.phase, kind, ...error, at: (end - this.t0) / 1000 });
      }
    }
    if (this.phase !== 'measured' || end < this.from || end > this.to) return;
    let l = this.latencies.get(kind);
    if (!l) this.latencies.set(kind, (l = []));
    l.push(ms);
    if (error) this.kindErrors.set(kind, (this.kindErrors.get(kind) ?? 0) + 1);
    const b = Math.floor((end - this.from) / this.bucketMs);
    const bucket = (this.buckets[b] ??= { ops: 0, errors: 0, lat: [] });
    bucket.ops++;
    bucket.lat.push(ms);
    if (error) bucket.errors++;
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const round = (x: number) => Math.round(x * 100) / 100;

// ---------------------------------------------------------------------------------------------
// HTTP

class CallError extends Error {}

interface Answer {
  readonly status: number;
  readonly text: string;
  json<T>(): T;
}

interface CallOptions {
  readonly token?: string;
  readonly json?: unknown;
  readonly body?: BodyInit;
  readonly headers?: Record<string, string>;
  /** Expected statuses (default 200), or a predicate. */
  readonly expect?: number | readonly number[] | ((status: number, text: string) => boolean);
}

let stopping = false;
const config = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as WorkerConfig;
const recorder = new Recorder(config.bucketSeconds * 1000);

/** Generic path for error reports: ids and references replaced. */
const shape = (path: string) =>
  path
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id')
    .replace(/\/pay\/[^?]+/, '/pay/:reference')
    .replace(/\/verify\/[^?]+/, '/verify/:code');

async function call(kind: string, method: string, path: string, o: CallOptions = {}): Promise<Answer> {
  if (stopping) throw STOP;
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.token) headers['authorization'] = `Bearer ${o.token}`;
  let body = o.body;
  if (o.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(o.json);
  }
  const t = performance.now();
  let status = 0;
  let text = '';
  try {
    const r = await fetch(config.base + path, { method, headers, redirect: 'manual', ...(body !== undefined ? { body } : {}) });
    status = r.status;
    text = await r.text();
  } catch (e) {
    text = `network error: ${e instanceof Error ? `${e.message}${e.cause ? ` (${String((e.cause as Error).message ?? e.cause)})` : ''}` : String(e)}`;
  }
  const end = performance.now();
  const expect = o.expect ?? 200;
  const ok = typeof expect === 'function' ? expect(status, text) : typeof expect === 'number' ? status === expect : expect.includes(status);
  recorder.record(kind, end - t, end, ok ? undefined : { request: `${method} ${shape(path)}`, status, body: text.slice(0, 400) });
  if (!ok) throw new CallError(`${kind}: ${method} ${shape(path)} → ${status} ${text.slice(0, 200)}`);
  return { status, text, json: <T>() => JSON.parse(text) as T };
}

/** A problem's code from a 4xx body. */
const codeOf = (text: string): string | undefined => {
  try {
    return (JSON.parse(text) as { code?: string }).code;
  } catch {
    return undefined;
  }
};

// ---------------------------------------------------------------------------------------------
// The library as the client sees it

interface Scenario {
  readonly label: string;
  readonly ir: ProcedureIR;
  readonly given: ScenarioInputs;
  /** Form paths the server refused for this citizen (locked by the registries), left out. */
  dropped: string[];
}

interface DossierView {
  id: string;
  code: string | null;
  agency: string;
  state: { id: string; role?: string; final: boolean };
}

interface Assessment {
  fees: { total: number };
  documents: Array<{ id: string; need: string; generated: boolean }>;
  missing: Array<{ id: string }>;
  formErrors: Array<{ path: string; code: string }>;
  formValid: boolean;
  documentsComplete: boolean;
}

interface Dossier {
  readonly id: string;
  readonly sc: Scenario;
  state: string;
  agency: string;
  code: string | null;
  supplemented: boolean;
  missing: string[];
}

const stateOf = (ir: ProcedureIR, id: string): IRState => {
  const s = ir.workflow.states.find((x) => x.id === id);
  if (!s) throw new CallError(`${ir.id}: no state ${id}`);
  return s;
};

// Deterministic choices (mulberry32).
let seed = config.seed >>> 0 || 1;
function rand(): number {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A file of a few KB whose first bytes match its extension, different every time. */
function sampleFile(doc: IRDocument): { name: string; bytes: Uint8Array; mime: string } {
  const ext = doc.formats.find((f) => ['pdf', 'jpg', 'jpeg', 'png'].includes(f)) ?? 'pdf';
  const size = 4096 + Math.floor(rand() * 28_672); // 4–32 KB
  let bytes: Buffer;
  if (ext === 'pdf') {
    const head = Buffer.from('%PDF-1.4\n% Motcua load test\n');
    const tail = Buffer.from('\n%%EOF\n');
    const filler = Buffer.from(randomBytes(Math.ceil((size * 3) / 4)).toString('base64').slice(0, size).replace(/(.{76})/g, '% $1\n'));
    bytes = Buffer.concat([head, filler, tail]);
  } else if (ext === 'png') {
    bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(size)]);
  } else {
    bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]), randomBytes(size), Buffer.from([0xff, 0xd9])]);
  }
  const mime = ext === 'pdf' ? 'application/pdf' : ext === 'png' ? 'image/png' : 'image/jpeg';
  return { name: `${doc.id}.${ext}`, bytes, mime };
}

// ---------------------------------------------------------------------------------------------
// Shared state of the virtual users (one event loop: no locks needed)

const officerWork = new Map<string, Dossier[]>(); // "<role>.<agency>" → dossiers waiting, oldest first
const citizenWork: Dossier[] = []; // waiting for a supplement from their citizen
const finished: Dossier[] = []; // the latest results, for citizens' tracking
const byCitizen = new Map<string, Dossier[]>(); // each citizen's latest dossiers
const officerTokens = new Map<string, string>();
const flow = { started: 0, submitted: 0, finished: 0, supplements: 0, abandoned: 0, guardAlternatives: 0, queueMisses: 0, uploadedBytes: 0 };

/** Files the dossier where its next actor will find it. */
function route(d: Dossier, v: DossierView): 'officer' | 'citizen' | 'final' {
  d.state = v.state.id;
  d.agency = v.agency;
  d.code = v.code;
  if (v.state.final) {
    flow.finished++;
    finished.push(d);
    if (finished.length > 500) finished.shift();
    return 'final';
  }
  const role = stateOf(d.sc.ir, d.state).role;
  if (role === 'citizen') {
    citizenWork.push(d);
    return 'citizen';
  }
  const key = `${role}.${d.agency}`;
  let list = officerWork.get(key);
  if (!list) officerWork.set(key, (list = []));
  list.push(d);
  return 'officer';
}

async function login(username: string): Promise<string> {
  const r = await call('login', 'POST', '/api/auth/login', { json: { username, password: 'motcua' } });
  return r.json<{ token: string }>().token;
}

async function officerToken(key: string): Promise<string> {
  let t = officerTokens.get(key);
  if (!t) officerTokens.set(key, (t = await login(key)));
  return t;
}

async function upload(token: string, d: Dossier, docId: string): Promise<void> {
  const doc = d.sc.ir.documents.find((x) => x.id === docId);
  if (!doc) throw new CallError(`${d.sc.ir.id}: no document ${docId}`);
  const f = sampleFile(doc);
  const form = new FormData();
  form.append('file', new File([f.bytes as Uint8Array<ArrayBuffer>], f.name, { type: f.mime }));
  await call('upload document', 'POST', `/api/dossiers/${d.id}/documents/${doc.id}`, { token, body: form, expect: 201 });
  flow.uploadedBytes += f.bytes.byteLength;
}

/** Takes the first transition towards the result whose guard holds. */
async function stepTowardsResult(kind: string, token: string, d: Dossier, state: IRState): Promise<DossierView> {
  const candidates = towardsResult(d.sc.ir, state);
  if (candidates.length === 0) throw new CallError(`${d.sc.ir.id}: no way on from ${state.id}`);
  for (const [i, t] of candidates.entries()) {
    const last = i === candidates.length - 1;
    const r = await call(kind, 'POST', `/api/dossiers/${d.id}/actions/${t.id}`, {
      token,
      json: { inputs: inputsFor(t) },
      expect: (status, text) => status === 200 || (!last && status === 422 && codeOf(text) === 'guard_failed'),
    });
    if (r.status === 200) return r.json<DossierView>();
    flow.guardAlternatives++;
  }
  throw new CallError('unreachable');
}

/** A citizen's new dossier, from the draft to its submission. */
async function newDossier(sc: Scenario, probe = false): Promise<Dossier> {
  const token = await login(sc.given.citizen);
  const created = await call('create draft', 'POST', '/api/dossiers', { token, json: { procedureId: sc.ir.id, channel: sc.given.channel }, expect: 201 });
  const v = created.json<DossierView>();
  const d: Dossier = { id: v.id, sc, state: v.state.id, agency: v.agency, code: null, supplemented: false, missing: [] };
  flow.started++;

  // The form, in two goes (what a person types first, then the rest).
  const values = Object.entries(sc.given.form).filter(([k]) => !sc.dropped.includes(k));
  const half = Math.ceil(values.length / 2);
  for (const part of [values.slice(0, half), values.slice(half)]) {
    if (part.length === 0) continue;
    let body = Object.fromEntries(part);
    for (let attempt = 0; ; attempt++) {
      // The probe learns which `given` values the server refuses for this citizen (fields locked
      // by the registries, facts that are not form fields) and leaves them out from then on.
      const r = await call('update form', 'PATCH', `/api/dossiers/${d.id}/form`, { token, json: { values: body }, expect: (s) => s === 200 || (probe && s === 422 && attempt < 2) });
      if (r.status === 200) break;
      const refused = (r.json<{ errors?: Array<{ path: string }> }>().errors ?? []).map((e) => e.path);
      if (refused.length === 0) throw new CallError(`${sc.label}: form refused: ${r.text.slice(0, 300)}`);
      sc.dropped.push(...refused);
      body = Object.fromEntries(Object.entries(body).filter(([k]) => !refused.includes(k)));
      if (Object.keys(body).length === 0) break;
    }
  }

  const before = (await call('read assessment', 'GET', `/api/dossiers/${d.id}/assessment`, { token })).json<Assessment>();
  for (const m of before.missing) await upload(token, d, m.id);
  const a = (await call('read assessment', 'GET', `/api/dossiers/${d.id}/assessment`, { token })).json<Assessment>();
  if (!a.formValid || !a.documentsComplete) {
    throw new CallError(`${sc.label}: not ready to submit: form errors ${JSON.stringify(a.formErrors)}, missing ${JSON.stringify(a.missing)}`);
  }
  if (a.fees.total > 0) {
    const started = (await call('start payment', 'POST', `/api/dossiers/${d.id}/payments`, { token, expect: 201 })).json<{ url: string; amount: number }>();
    await call('gateway page', 'GET', started.url);
    const [path, query] = started.url.split('?') as [string, string];
    const params = new URLSearchParams(query);
    await call('gateway confirm', 'POST', path, {
      body: new URLSearchParams({ dossier: params.get('dossier') ?? '', amount: params.get('amount') ?? '' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      expect: 303,
    });
  }
  const submitted = await stepTowardsResult('citizen action', token, d, stateOf(sc.ir, d.state));
  flow.submitted++;
  await call('read dossier', 'GET', `/api/dossiers/${d.id}`, { token });
  await call('read timeline', 'GET', `/api/dossiers/${d.id}/timeline`, { token });
  let mine = byCitizen.get(sc.given.citizen);
  if (!mine) byCitizen.set(sc.given.citizen, (mine = []));
  mine.push(d);
  if (mine.length > 20) mine.shift();
  route(d, submitted);
  return d;
}

/** An officer's step on a dossier of their queue. */
async function officerStep(d: Dossier, token: string, supplementRate: number): Promise<void> {
  const state = stateOf(d.sc.ir, d.state);
  await call('read dossier', 'GET', `/api/dossiers/${d.id}`, { token });
  const ask = supplementOf(d.sc.ir, state);
  let next: DossierView;
  if (ask && !d.supplemented && rand() < supplementRate) {
    const a = (await call('read assessment', 'GET', `/api/dossiers/${d.id}/assessment`, { token })).json<Assessment>();
    let missing = a.documents.filter((x) => x.need === 'required' && !x.generated).map((x) => x.id);
    if (missing.length === 0) missing = [d.sc.ir.documents.find((x) => !x.generated)!.id];
    next = (await call('officer action', 'POST', `/api/dossiers/${d.id}/actions/${ask.id}`, { token, json: { inputs: inputsFor(ask, missing) } })).json<DossierView>();
    d.supplemented = true;
    d.missing = missing;
    flow.supplements++;
  } else {
    next = await stepTowardsResult('officer action', token, d, state);
  }
  route(d, next);
}

/** The citizen brings what an officer asked for and resubmits. */
async function supplementStep(d: Dossier): Promise<void> {
  const token = await login(d.sc.given.citizen);
  const timeline = (await call('read timeline', 'GET', `/api/dossiers/${d.id}/timeline`, { token })).json<Array<{ type: string; payload: { missing?: Array<{ id: string }> } }>>();
  const asked = timeline.filter((e) => e.type === 'supplement_requested').at(-1)?.payload.missing?.map((m) => m.id) ?? d.missing;
  for (const id of asked) await upload(token, d, id);
  route(d, await stepTowardsResult('citizen action', token, d, stateOf(d.sc.ir, d.state)));
}

/** A citizen comes back to look at a dossier. */
async function tracking(): Promise<void> {
  const citizens = [...byCitizen.keys()];
  if (citizens.length === 0) return;
  const who = pick(citizens);
  const token = await login(who);
  await call('list my dossiers', 'GET', '/api/dossiers?limit=20', { token });
  const mine = byCitizen.get(who)!;
  const done = finished.filter((x) => x.sc.given.citizen === who);
  const d = done.length && rand() < 0.5 ? pick(done) : pick(mine);
  await call('read dossier', 'GET', `/api/dossiers/${d.id}`, { token });
  await call('read due date', 'GET', `/api/dossiers/${d.id}/due`, { token });
  if (finished.includes(d) && d.code) {
    await call('read result', 'GET', `/api/dossiers/${d.id}/result`, { token });
    await call('verify result (public)', 'GET', `/api/verify/${encodeURIComponent(d.code)}`);
  }
  if (rand() < 0.3) await call('catalog search', 'GET', `/api/procedures?q=${encodeURIComponent(pick(['đăng ký', 'khai sinh', 'thuong tru', 'giấy phép', 'hộ tịch']))}`);
}

// ---------------------------------------------------------------------------------------------
// Virtual users

function abandon(d: Dossier | undefined, e: unknown): void {
  if (e === STOP) throw e;
  if (d) flow.abandoned++;
  if (!(e instanceof CallError)) console.error(`worker: unexpected ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
}

async function citizen(scenarios: readonly Scenario[]): Promise<void> {
  while (!stopping) {
    const waiting = citizenWork.shift();
    try {
      if (waiting) await supplementStep(waiting);
      else if (byCitizen.size > 0 && rand() < 0.2) await tracking();
      else await newDossier(pick(scenarios));
    } catch (e) {
      if (e === STOP) return;
      abandon(waiting, e);
    }
  }
}

let leaderActions = 0;
async function officer(): Promise<void> {
  while (!stopping) {
    // An officer with dossiers waiting (drawn in proportion to how many) signs in (once) and
    // works through their queue.
    const total = [...officerWork.values()].reduce((n, l) => n + l.length, 0);
    let key: string | undefined;
    for (let r = rand() * total, it = officerWork.entries(), e = it.next(); !e.done && total > 0; e = it.next()) {
      r -= e.value[1].length;
      if (r < 0) {
        key = e.value[0];
        break;
      }
    }
    let d: Dossier | undefined;
    try {
      if (!key) {
        const anyone = [...officerTokens.keys()];
        if (anyone.length) await call('read queue', 'GET', '/api/queue?mine=true&limit=50', { token: await officerToken(pick(anyone)) });
        await sleep(200);
        continue;
      }
      const list = officerWork.get(key)!;
      const token = await officerToken(key);
      const page = (await call('read queue', 'GET', '/api/queue?mine=true&limit=50', { token })).json<{ items: Array<{ id: string }> }>();
      const waiting = new Map(list.map((x) => [x.id, x]));
      d = page.items.map((i) => waiting.get(i.id)).find((x) => x !== undefined);
      if (!d) {
        if (list.length === 0) continue; // another officer took the last one meanwhile
        flow.queueMisses++; // none on the first page of the queue: take the oldest
        d = list[0]!;
      }
      list.splice(list.indexOf(d), 1);
      await officerStep(d, token, 0.1);
      if (key.startsWith('leader.') && ++leaderActions % 10 === 0) await call('read statistics', 'GET', '/api/stats', { token });
    } catch (e) {
      if (e === STOP) return;
      abandon(d, e);
    }
  }
}

async function manager(): Promise<void> {
  let token: string | undefined;
  while (!stopping) {
    try {
      token ??= await login('quanly');
      await call('read statistics', 'GET', '/api/stats', { token });
      await sleep(config.managerPauseMs);
      await call('read statistics', 'GET', '/api/stats?by=agency', { token });
      await sleep(config.managerPauseMs);
    } catch (e) {
      if (e === STOP) return;
      abandon(undefined, e);
      await sleep(config.managerPauseMs);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Set-up: every scenario that reaches a result, lived once alone

async function scenarios(): Promise<{ ok: Scenario[]; excluded: string[] }> {
  const list = (await call('catalog', 'GET', '/api/procedures')).json<Array<{ id: string }>>();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  const ok: Scenario[] = [];
  const excluded: string[] = [];
  for (const { id } of list) {
    const ir = (await call('catalog', 'GET', `/api/procedures/${id}`)).json<ProcedureIR>();
    if ((ir.effective && ir.effective.from > today) || (ir.effective?.until && ir.effective.until < today)) {
      excluded.push(`${id}: not in effect on ${today}`);
      continue;
    }
    const resultIds = new Set(ir.workflow.states.flatMap((s) => s.transitions.filter((t: IRTransition) => issuesResult(t)).map((t) => t.id)));
    const candidates = ir.scenarios.filter((sc: IRScenario) => sc.steps.some((st) => st.kind === 'do' && st.actions.some((a) => resultIds.has(a))));
    for (const sc of candidates) {
      const s: Scenario = { label: `${id}/${sc.id}`, ir, given: rebaseInputs(scenarioInputs(ir, sc), today), dropped: [] };
      try {
        const d = await newDossier(s, true);
        for (let guard = 0; !stateOf(ir, d.state).final; guard++) {
          if (guard > 40) throw new CallError(`${s.label}: no end`);
          const state = stateOf(ir, d.state);
          if (state.role === 'citizen') {
            // The citizen's turn in the middle of the workflow (e.g. paying the tax the tax office assessed).
            citizenWork.splice(citizenWork.indexOf(d), 1);
            await supplementStep(d);
            continue;
          }
          const key = `${state.role}.${d.agency}`;
          officerWork.get(key)?.splice(officerWork.get(key)!.indexOf(d), 1);
          await officerStep(d, await officerToken(key), 0);
        }
        ok.push(s);
      } catch (e) {
        if (!(e instanceof CallError)) throw e;
        excluded.push(`${s.label}: ${e.message}`);
      }
    }
  }
  return { ok, excluded };
}

// ---------------------------------------------------------------------------------------------

function summarize(users: number, extra: Pick<WorkerResult, 'flow'>, cpu0: NodeJS.CpuUsage): WorkerResult {
  const cpu = process.cpuUsage(cpu0);
  const seconds = (recorder.to - recorder.from) / 1000;
  const all: number[] = [];
  const kinds: Record<string, KindResult> = {};
  let errors = 0;
  for (const [kind, lat] of [...recorder.latencies].sort((a, b) => b[1].length - a[1].length)) {
    const sorted = [...lat].sort((a, b) => a - b);
    for (const x of lat) all.push(x); // not push(...lat): a kind can have more latencies than the stack has room for arguments
    const e = recorder.kindErrors.get(kind) ?? 0;
    errors += e;
    kinds[kind] = { count: lat.length, errors: e, rps: round(lat.length / seconds), p50: round(percentile(sorted, 50)), p90: round(percentile(sorted, 90)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? 0) };
  }
  all.sort((a, b) => a - b);
  const bucketSeconds = config.bucketSeconds;
  const buckets = recorder.buckets.map((b, i) => {
    const sorted = [...(b?.lat ?? [])].sort((x, y) => x - y);
    const width = Math.min(bucketSeconds, seconds - i * bucketSeconds);
    return { from: i * bucketSeconds, ops: b?.ops ?? 0, errors: b?.errors ?? 0, rps: round((b?.ops ?? 0) / width), p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)) };
  });
  return {
    mode: config.mode,
    users,
    from: Date.now() - (performance.now() - recorder.from),
    to: Date.now() - (performance.now() - recorder.to),
    seconds,
    ops: all.length,
    errors,
    rps: round(all.length / seconds),
    p50: round(percentile(all, 50)),
    p99: round(percentile(all, 99)),
    kinds,
    buckets,
    errorCounts: Object.fromEntries(recorder.errorCounts),
    errorSamples: recorder.samples,
    ...extra,
    clientCpuMs: Math.round((cpu.user + cpu.system) / 1000),
  };
}

async function measure(users: number, run: () => Promise<void>[], warmupSeconds: number, progress: () => string): Promise<NodeJS.CpuUsage> {
  let cpu0 = process.cpuUsage();
  recorder.phase = warmupSeconds > 0 ? 'warmup' : 'measured';
  const t = performance.now();
  recorder.from = t + warmupSeconds * 1000;
  recorder.to = recorder.from + config.seconds * 1000;
  const timers = [
    setTimeout(() => {
      recorder.phase = 'measured';
      cpu0 = process.cpuUsage();
      console.error(`worker: warm-up over (${warmupSeconds} s), measuring ${config.seconds} s with ${users} virtual users`);
    }, warmupSeconds * 1000),
    setTimeout(() => (stopping = true), recorder.to - t),
    setInterval(() => console.error(`worker: ${((performance.now() - recorder.from) / 1000).toFixed(0)} s ${progress()}`), 30_000),
  ];
  await Promise.all(run());
  for (const x of timers) clearTimeout(x);
  return cpu0;
}

if (config.mode === 'healthz') {
  const users = config.citizens + config.officers + config.managers;
  const loop = async () => {
    while (!stopping) {
      try {
        await call('GET /healthz', 'GET', '/healthz');
      } catch (e) {
        if (e === STOP) return;
      }
    }
  };
  const cpu0 = await measure(users, () => Array.from({ length: users }, loop), 1, () => '');
  console.log(JSON.stringify(summarize(users, {}, cpu0)));
} else {
  const found = await scenarios();
  // What the probe left behind is not the mix's: its dossiers waiting anywhere, its counts.
  officerWork.clear();
  citizenWork.length = 0;
  for (const k of Object.keys(flow) as Array<keyof typeof flow>) flow[k] = 0;
  console.error(`worker: probe: ${found.ok.length} scenarios lived once each (${found.ok.map((s) => s.label).join(', ')}); left out ${found.excluded.length}`);
  for (const x of found.excluded) console.error(`worker:   left out ${x}`);
  if (found.ok.length === 0) throw new Error('no scenario can be lived');
  const users = config.citizens + config.officers + config.managers;
  const cpu0 = await measure(
    users,
    () => [
      ...Array.from({ length: config.citizens }, () => citizen(found.ok)),
      ...Array.from({ length: config.officers }, () => officer()),
      ...Array.from({ length: config.managers }, () => manager()),
    ],
    config.warmupSeconds,
    () => {
      const ops = [...recorder.latencies.values()].reduce((s, l) => s + l.length, 0);
      const errs = [...recorder.errorCounts.values()].reduce((s, n) => s + n, 0);
      const waiting = [...officerWork.values()].reduce((s, l) => s + l.length, 0);
      return `${ops} ops measured, ${errs} errors (all phases), ${flow.submitted} submitted, ${flow.finished} finished, ${waiting} waiting for officers`;
    },
  );
  const waitingAtEnd = [...officerWork.values()].reduce((s, l) => s + l.length, 0) + citizenWork.length;
  console.log(JSON.stringify(summarize(users, { flow: { scenarios: found.ok.map((s) => s.label + (s.dropped.length ? ` (without ${s.dropped.join(', ')})` : '')), excluded: found.excluded, ...flow, waitingAtEnd } }, cpu0)));
}
