// `pnpm start` runs server/bin/start.mjs, which runs the esbuild build of the server
// (server/build-server.mjs → server/dist/server/main.mjs), rebuilt first when a source file is
// newer (server/bin/launch.mjs). The other server tests run the TypeScript source; these run the
// build through the launcher, which must find what the source finds: the library, the sample
// registries, the studio's build, the native SQLite driver and the checkpoint thread.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './runtime/runtime.ts';
import { ensureStudioBuilt } from './testing/studio-build.ts';

const launcher = join(REPO_ROOT, 'server', 'bin', 'start.mjs');
const inputsFile = join(REPO_ROOT, 'server', 'dist', 'server', 'inputs.json');
const dir = mkdtempSync(join(tmpdir(), 'motcua-built-server-'));
const children = new Set<ChildProcess>();

interface Started {
  readonly base: string;
  readonly child: ChildProcess;
  output(): string;
}

/** `node server/bin/start.mjs` with MOTCUA_SERVER=`mode`, on a free port; resolves once it listens. */
async function startServer(mode: 'built' | 'source', dataDir: string): Promise<Started> {
  const child = spawn(process.execPath, [launcher], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', MOTCUA_DATA_DIR: dataDir, MOTCUA_SERVER: mode },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line in 90 s:\n${out}`)), 90_000);
    const seen = (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/localhost:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server ended (exit ${code}) before it listened:\n${out}`));
    });
  });
  return { base: `http://127.0.0.1:${port}`, child, output: () => out };
}

async function stop(s: Started): Promise<number | null> {
  if (s.child.exitCode !== null) return s.child.exitCode;
  const exited = new Promise<number | null>((resolve) => s.child.once('exit', (code) => resolve(code)));
  s.child.kill('SIGTERM');
  return exited;
}

const readInputs = () => JSON.parse(readFileSync(inputsFile, 'utf8')) as { builtAt: number; inputs: string[] };

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('the built server (pnpm start)', () => {
  let server: Started;
  let since: number;

  beforeAll(async () => {
    ensureStudioBuilt();
    since = Date.now();
    // A build older than its sources (as after an edit): the launcher must rebuild it, then run it.
    try {
      writeFileSync(inputsFile, JSON.stringify({ ...readInputs(), builtAt: 0 }));
    } catch {
      /* not built yet: the launcher builds it */
    }
    server = await startServer('built', join(dir, 'built'));
  }, 180_000);

  afterAll(async () => {
    if (server) expect(await stop(server)).toBe(0);
  });

  it('was rebuilt from the current sources before it started', () => {
    const { builtAt, inputs } = readInputs();
    expect(builtAt).toBeGreaterThanOrEqual(since - 1000);
    expect(inputs).toContain('server/src/main.ts');
    expect(inputs).toContain('engine/src/storage/checkpointer.ts');
    expect(inputs.some((p) => p.includes('node_modules'))).toBe(false);
  });

  it('answers /healthz with the whole library compiled and published', async () => {
    const r = await fetch(`${server.base}/healthz`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { status: string; procedures: number; skipped: string[] };
    expect(body).toMatchObject({ status: 'ok', skipped: [] });
    expect(body.procedures).toBeGreaterThanOrEqual(10);
    expect(server.output()).toMatch(/sẵn sàng sau \d+ ms/);
  });

  it('serves the pages and the studio', async () => {
    const home = await fetch(`${server.base}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Đăng ký thường trú');
    const card = await fetch(`${server.base}/procedures/dang_ky_thuong_tru`);
    expect(card.status).toBe(200);
    expect(await card.text()).toContain('1.004222');
    const studio = await fetch(`${server.base}/studio/`);
    expect(studio.status).toBe(200);
    expect(await studio.text()).toMatch(/<script[^>]+src="\/studio\/assets\//);
  });

  it('signs in, writes to SQLite and reads the sample registries', async () => {
    const login = await fetch(`${server.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: '001099012345', password: 'motcua' }) });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const draft = await fetch(`${server.base}/api/dossiers`, { method: 'POST', headers: auth, body: JSON.stringify({ procedureId: 'dang_ky_thuong_tru' }) });
    expect(draft.status).toBe(201);
    const { id, form } = (await draft.json()) as { id: string; form: Record<string, unknown> };
    // Prefilled from the sample population registry (procedures/registries/sample-data.json).
    expect(JSON.stringify(form)).toContain('001099012345');
    const patch = await fetch(`${server.base}/api/dossiers/${id}/form`, { method: 'PATCH', headers: auth, body: JSON.stringify({ values: { address: 'Số 5 Lê Lợi, phường Hồng Gai', housing: 'owner' } }) });
    expect(patch.status).toBe(200);
    // The land registry says the citizen owns the address: the proof of residence is waived.
    const assessment = (await (await fetch(`${server.base}/api/dossiers/${id}/assessment`, { headers: auth })).json()) as { documents: Array<{ id: string; need: string }> };
    expect(assessment.documents.find((d) => d.id === 'residence_proof')).toMatchObject({ need: 'waived' });
  });

  it('checkpoints the WAL in its worker thread', async () => {
    // In WAL mode the database file itself changes only at a checkpoint; the connection that
    // commits would checkpoint only after 10,000 pages, so a change within a second of a write
    // is the worker's (engine/src/storage/checkpointer.ts).
    const db = join(dir, 'built', 'motcua.sqlite');
    await new Promise((r) => setTimeout(r, 1000));
    const before = statSync(db).mtimeMs;
    const login = await fetch(`${server.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: '001099012345', password: 'motcua' }) });
    const { token } = (await login.json()) as { token: string };
    const draft = await fetch(`${server.base}/api/dossiers`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ procedureId: 'dang_ky_thuong_tru' }) });
    expect(draft.status).toBe(201);
    const deadline = Date.now() + 5000;
    while (statSync(db).mtimeMs === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(statSync(db).mtimeMs).toBeGreaterThan(before);
  });
});

describe('MOTCUA_SERVER=source', () => {
  it('runs the TypeScript source under tsx, without building', async () => {
    // A stale build that must be neither used nor rebuilt.
    const stale = { ...readInputs(), builtAt: 0 };
    writeFileSync(inputsFile, JSON.stringify(stale));
    try {
      const s = await startServer('source', join(dir, 'source'));
      const r = await fetch(`${s.base}/healthz`);
      expect(r.status).toBe(200);
      expect(await stop(s)).toBe(0);
      expect(readInputs().builtAt).toBe(0);
    } finally {
      // Leave a build that is current again for whoever runs next.
      const { buildServer } = await import('../build-server.mjs');
      await buildServer();
    }
  }, 180_000);
});
