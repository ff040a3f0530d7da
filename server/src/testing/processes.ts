// Test support: the real server as a child process (`node --import tsx server/src/main.ts`, as
// `pnpm start` runs it) on a port of its own, an HTTP client that records what the server
// acknowledged, and a driver that carries sample dossiers of `dang_ky_thuong_tru` through their
// life — draft, form, upload, payment, submission, supplement, acceptance, proposal, approval —
// deciding each step from what the server says, so it can pick a dossier up again after a crash.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SAMPLE_PASSWORD } from '../auth/identity.ts';
import { REPO_ROOT } from '../runtime/runtime.ts';

export interface ServerProcess {
  readonly base: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Resolves with the exit code (null when ended by a signal). */
  readonly exited: Promise<number | null>;
  /** Sends the signal (SIGKILL by default) and waits for the process to end. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Starts `server/src/main.ts` with these environment variables (PORT=0: a free port) and waits until it listens. */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 90_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'server', 'src', 'main.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const ready = () => {
      const m = /http:\/\/localhost:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', ready);
    child.stderr!.on('data', ready);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server ended (exit ${code}) before it listened:\n${out}`));
    });
  });
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    child,
    output: () => out,
    exited,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Ends every server process this module started that is still running (for afterAll). */
export async function killAllServerProcesses(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

export interface Reply {
  readonly status: number;
  readonly body: any;
}

/** Thrown when the request got no answer (the connection failed or was cut). */
export class NoAnswer extends Error {}

export async function call(
  base: string,
  method: string,
  path: string,
  o: { token?: string; json?: unknown; form?: FormData | URLSearchParams } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (o.token) headers['authorization'] = `Bearer ${o.token}`;
  let body: BodyInit | undefined;
  if (o.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(o.json);
  } else if (o.form) body = o.form;
  let r: Response;
  let text: string;
  try {
    r = await fetch(base + path, { method, headers, redirect: 'manual', ...(body !== undefined ? { body } : {}) });
    text = await r.text();
  } catch (e) {
    throw new NoAnswer(`${method} ${path}: ${e instanceof Error ? `${e.message} ${String((e as { cause?: unknown }).cause ?? '')}` : String(e)}`);
  }
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // pages and redirects answer in HTML
  }
  return { status: r.status, body: parsed };
}

export async function login(base: string, username: string): Promise<string> {
  const r = await call(base, 'POST', '/api/auth/login', { json: { username, password: SAMPLE_PASSWORD } });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token as string;
}

// ------------------------------------------------------------------------------ the dossier driver

export const PROCEDURE = 'dang_ky_thuong_tru';
export const AGENCY = 'cong_an_xa';
/** Citizens of the sample registries: one pays the fee, one is exempt (poor household), one more. */
export const CITIZENS = ['001099012345', '001190006789', '001075001122'] as const;
export const OFFICERS = { reception: `reception.${AGENCY}`, specialist: `specialist.${AGENCY}`, leader: `leader.${AGENCY}` } as const;

/**
 * One request that changes a dossier, as the client saw it: `acked` when the server answered 2xx
 * (or 303 from the payment page), otherwise sent but unanswered — it may or may not have happened.
 */
export interface Op {
  readonly kind: 'create' | 'form' | 'upload' | 'pay' | 'action';
  /** form: the fields; upload: the sha256; pay: the reference; action: the transition. */
  readonly detail: string;
  readonly acked: boolean;
  /** The revision the answer showed (create, form and actions answer with the dossier). */
  readonly revision?: number;
  readonly state?: string;
}

export interface Tracked {
  id: string;
  citizen: string;
  token: string;
  ops: Op[];
  /** This dossier gets one supplement request at reception. */
  wantsSupplement: boolean;
  supplemented: boolean;
  /** What the server last said: state, form, documents attached, paid. */
  state: string;
  form: Record<string, unknown>;
  proofs: number;
  paid: boolean;
  code: string | null;
  /** Resynchronise with the server before the next step (after a crash). */
  stale: boolean;
}

export type Tokens = Record<string, string>;

/** A unique, valid PDF (the engine checks the magic bytes) so every upload is its own blob. */
function pdf(): Uint8Array {
  return new TextEncoder().encode(`%PDF-1.4\n% ${randomBytes(12).toString('hex')}\n%%EOF\n`);
}

export class Driver {
  /** Non-2xx answers that should not have happened (anything but "nothing to pay"). */
  readonly anomalies: string[] = [];
  /** Creations sent but not answered: each may have left a draft nobody tracks. */
  unansweredCreates = 0;
  constructor(
    public base: string,
    public tokens: Tokens,
  ) {}

  private async send(d: Tracked | undefined, op: Omit<Op, 'acked' | 'revision' | 'state'>, request: () => Promise<Reply>, ok: (r: Reply) => boolean): Promise<Reply | undefined> {
    let r: Reply;
    try {
      r = await request();
    } catch (e) {
      if (d) {
        d.ops.push({ ...op, acked: false });
        d.stale = true;
      }
      throw e;
    }
    if (!ok(r)) {
      this.anomalies.push(`${d?.id ?? 'new'} ${op.kind} ${op.detail}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      return undefined;
    }
    if (d) {
      const v = r.body && typeof r.body === 'object' && 'revision' in r.body ? (r.body as { revision: number; state: { id: string } }) : undefined;
      d.ops.push({ ...op, acked: true, ...(v ? { revision: v.revision, state: v.state.id } : {}) });
    }
    return r;
  }

  private absorb(d: Tracked, view: { state: { id: string }; form: Record<string, unknown>; code: string | null }): void {
    d.state = view.state.id;
    d.form = view.form;
    d.code = view.code;
    if (d.state === 'supplementing') d.supplemented = true;
  }

  /** Creates a draft; throws NoAnswer when the server is gone. */
  async create(citizen: string, wantsSupplement: boolean): Promise<Tracked | undefined> {
    const token = this.tokens[citizen]!;
    let r: Reply;
    try {
      r = await call(this.base, 'POST', '/api/dossiers', { token, json: { procedureId: PROCEDURE, channel: 'online' } });
    } catch (e) {
      // Unanswered: a draft may exist that the client never heard of.
      this.unansweredCreates++;
      throw e;
    }
    if (r.status !== 201) {
      this.anomalies.push(`create: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      return undefined;
    }
    const d: Tracked = {
      id: r.body.id,
      citizen,
      token,
      ops: [{ kind: 'create', detail: '', acked: true, revision: r.body.revision, state: r.body.state.id }],
      wantsSupplement,
      supplemented: false,
      state: r.body.state.id,
      form: r.body.form,
      proofs: 0,
      paid: false,
      code: null,
      stale: false,
    };
    return d;
  }

  /** Reads back what the server holds for the dossier (after a restart). */
  async resync(d: Tracked): Promise<void> {
    const v = await call(this.base, 'GET', `/api/dossiers/${d.id}`, { token: d.token });
    if (v.status !== 200) throw new Error(`resync ${d.id}: ${v.status} ${JSON.stringify(v.body)}`);
    this.absorb(d, v.body);
    const docs = await call(this.base, 'GET', `/api/dossiers/${d.id}/documents`, { token: d.token });
    d.proofs = (docs.body as Array<{ doc_id: string }>).filter((x) => x.doc_id === 'residence_proof').length;
    if (d.proofs >= 2) d.supplemented = true;
    d.stale = false;
  }

  /** Takes the dossier's next step; returns false once it is finished. Throws NoAnswer when the server is gone. */
  async step(d: Tracked): Promise<boolean> {
    if (d.stale) await this.resync(d);
    const path = `/api/dossiers/${d.id}`;
    const act = async (action: string, who: string, inputs: Record<string, unknown> = {}) => {
      const r = await this.send(d, { kind: 'action', detail: action }, () => call(this.base, 'POST', `${path}/actions/${action}`, { token: this.tokens[who]!, json: { inputs } }), (x) => x.status === 200);
      if (r) this.absorb(d, r.body);
      return r !== undefined;
    };
    switch (d.state) {
      case 'draft': {
        if (d.form['housing'] === undefined) {
          const values = { address: 'Số 5 Lê Lợi, phường Hồng Gai', housing: 'owner' };
          const r = await this.send(d, { kind: 'form', detail: 'address,housing' }, () => call(this.base, 'PATCH', `${path}/form`, { token: d.token, json: { values } }), (x) => x.status === 200);
          if (r) this.absorb(d, r.body);
          return r !== undefined;
        }
        if ((d.form['applicant'] as Record<string, unknown> | undefined)?.['email'] === undefined) {
          const values = { 'applicant.email': `hs${randomBytes(3).toString('hex')}@example.vn` };
          const r = await this.send(d, { kind: 'form', detail: 'applicant.email' }, () => call(this.base, 'PATCH', `${path}/form`, { token: d.token, json: { values } }), (x) => x.status === 200);
          if (r) this.absorb(d, r.body);
          return r !== undefined;
        }
        if (d.proofs === 0) return this.upload(d);
        if (!d.paid) {
          const started = await call(this.base, 'POST', `${path}/payments`, { token: d.token });
          if (started.status === 409 && started.body?.code === 'nothing_to_pay') {
            d.paid = true;
            return true;
          }
          if (started.status !== 201) {
            this.anomalies.push(`${d.id} start payment: ${started.status} ${JSON.stringify(started.body).slice(0, 300)}`);
            return false;
          }
          const { url, reference } = started.body as { url: string; reference: string };
          const [pagePath, query] = url.split('?') as [string, string];
          const q = new URLSearchParams(query);
          const form = new URLSearchParams({ dossier: q.get('dossier') ?? '', amount: q.get('amount') ?? '' });
          const r = await this.send(d, { kind: 'pay', detail: reference }, () => call(this.base, 'POST', pagePath, { form }), (x) => x.status === 303);
          if (r) d.paid = true;
          return r !== undefined;
        }
        return act('submit', d.citizen);
      }
      case 'submitted':
        if (d.wantsSupplement && !d.supplemented) {
          const ok = await act('ask_supplement', 'reception', { missing: ['residence_proof'] });
          if (ok) d.supplemented = true;
          return ok;
        }
        return act('accept', 'reception');
      case 'supplementing':
        if (d.proofs < 2) return this.upload(d);
        return act('resubmit', d.citizen);
      case 'processing':
        return act('propose', 'specialist');
      case 'approval':
        return act('approve', 'leader');
      default:
        return false; // done, refused
    }
  }

  private async upload(d: Tracked): Promise<boolean> {
    const bytes = pdf();
    const sha = createHash('sha256').update(bytes).digest('hex');
    const form = new FormData();
    form.append('file', new File([bytes as Uint8Array<ArrayBuffer>], 'residence_proof.pdf', { type: 'application/pdf' }));
    const r = await this.send(d, { kind: 'upload', detail: sha }, () => call(this.base, 'POST', `/api/dossiers/${d.id}/documents/residence_proof`, { token: d.token, form }), (x) => x.status === 201);
    if (r) d.proofs++;
    return r !== undefined;
  }
}

/** Signs in the sample citizens and the agency's officers; keys are the user names and the roles. */
export async function signInAll(base: string): Promise<Tokens> {
  const tokens: Tokens = {};
  for (const c of CITIZENS) tokens[c] = await login(base, c);
  for (const [role, user] of Object.entries(OFFICERS)) tokens[role] = tokens[user] = await login(base, user);
  return tokens;
}
