// Test support: a whole server (runtime + app) on a temporary SQLite file — or a fresh
// PostgreSQL schema — with a virtual clock, and small helpers to call it as a client would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDateTime } from '@motcua/engine';
import { createApp, type AppOptions } from '../app.ts';
import { SAMPLE_PASSWORD } from '../auth/identity.ts';
import { createRuntime, type Runtime } from '../runtime/runtime.ts';

export interface TestServer {
  readonly runtime: Runtime;
  readonly app: ReturnType<typeof createApp>['app'];
  /** Every declared route (its RouteSpec: method, path, auth, schemas). */
  readonly api: ReturnType<typeof createApp>['api'];
  /** Sets the virtual clock (Vietnam local time). */
  setTime(year: number, month: number, day: number, hour?: number, minute?: number): void;
  login(username: string): Promise<string>;
  request(method: string, path: string, options?: { token?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestServer(options: { databaseUrl?: string; databaseSchema?: string; app?: AppOptions } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-server-'));
  let now = localDateTime(2025, 3, 3, 8, 0);
  const runtime = await createRuntime({
    dataDir,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    ...(options.databaseSchema ? { databaseSchema: options.databaseSchema } : {}),
    now: () => now,
  });
  const { app, api } = createApp(runtime, { log: () => {}, ...options.app });
  const request: TestServer['request'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token) headers['authorization'] = `Bearer ${o.token}`;
    let body = o.body;
    if (o.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(o.json);
    }
    return app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
  };
  return {
    runtime,
    app,
    api,
    setTime: (y, mo, d, h = 0, mi = 0) => {
      now = localDateTime(y, mo, d, h, mi);
    },
    login: async (username) => {
      const r = await request('POST', '/api/auth/login', { json: { username, password: SAMPLE_PASSWORD } });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
      return ((await r.json()) as { token: string }).token;
    },
    request,
    close: async () => {
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
