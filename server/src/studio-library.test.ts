// The studio edits the library the server runs on: with MOTCUA_PROCEDURES pointing elsewhere,
// a save lands there (where the runtime loads and publishes from), never in the repository's
// procedures/. Once in process (createApp without proceduresDir) and once through `pnpm start`'s
// main.ts as a child process.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { SAMPLE_PASSWORD } from './auth/identity.ts';
import { createRuntime, REPO_ROOT, type Runtime } from './runtime/runtime.ts';
import { killAllServerProcesses, startServerProcess } from './testing/processes.ts';

let dir: string;
let lib: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'motcua-studio-library-'));
  lib = join(dir, 'procedures');
  cpSync(join(REPO_ROOT, 'procedures'), lib, { recursive: true });
});
afterAll(async () => {
  await killAllServerProcesses();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A new file's path, unique to this run, and the repository path it must never reach. Its text is
 * a comment only: should it land in the repository after all (the defect), it declares nothing
 * that could trouble anyone else loading the library until it is removed.
 */
function newFile(tag: string): { path: string; text: string; inRepo: string } {
  const path = `thu_nghiem_${tag}_${process.pid}_${Date.now()}.proc`;
  return { path, text: `// Tệp thử của studio-library.test.ts (${tag})\n`, inRepo: join(REPO_ROOT, 'procedures', path) };
}

describe("the studio's library is the runtime's", () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await createRuntime({ dataDir: join(dir, 'data-in-process'), proceduresDir: lib });
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('createApp without proceduresDir lists, reads and saves the library the runtime loaded', async () => {
    const { app } = createApp(runtime, { log: () => {} });
    const login = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'thietke', password: SAMPLE_PASSWORD }) });
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    const f = newFile('in_process');
    try {
      const saved = await app.request(`/api/studio/files/${f.path}`, { method: 'PUT', headers: { ...auth, 'content-type': 'text/plain; charset=utf-8' }, body: f.text });
      expect(saved.status).toBe(204);
      expect(readFileSync(join(lib, f.path), 'utf8')).toBe(f.text);
      expect(existsSync(f.inRepo)).toBe(false);
      const files = (await (await app.request('/api/studio/files', { headers: auth })).json()) as { files: Array<{ path: string }> };
      expect(files.files.map((x) => x.path)).toContain(f.path);
      expect(runtime.proceduresDir).toBe(lib);
    } finally {
      rmSync(f.inRepo, { force: true });
    }
  });
});

describe('pnpm start with MOTCUA_PROCEDURES', () => {
  it('saves what the studio sends into MOTCUA_PROCEDURES, not into the repository', async () => {
    const server = await startServerProcess({ MOTCUA_DATA_DIR: join(dir, 'data-process'), MOTCUA_PROCEDURES: lib, MOTCUA_SAMPLE_DOSSIERS: '0' });
    const f = newFile('main');
    try {
      const login = await fetch(`${server.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'thietke', password: SAMPLE_PASSWORD }) });
      const { token } = (await login.json()) as { token: string };
      const saved = await fetch(`${server.base}/api/studio/files/${f.path}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain; charset=utf-8' }, body: f.text });
      expect(saved.status).toBe(204);
      expect(readFileSync(join(lib, f.path), 'utf8')).toBe(f.text);
      expect(existsSync(f.inRepo)).toBe(false);
    } finally {
      rmSync(f.inRepo, { force: true });
      await server.kill('SIGTERM');
    }
  }, 120_000);
});
