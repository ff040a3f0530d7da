// Where one accept request goes, in process and sequentially (no sockets, no queueing): the
// route through Hono's app.request() (with a Content-Length, as on the wire) beside its two engine calls, engine.view() (the route's
// readable() check) and engine.act(); the SQL statements one request prepares; and the same
// route with better-sqlite3 statements reused by SQL text (a prototype patch here, to size
// the proposal — the engine does not do it). Indication for BENCHMARKS.md; not run by
// `pnpm bench`:
//   npx tsx bench/server/split.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createApp } from '../../server/src/app.ts';
import { createRuntime } from '../../server/src/runtime/runtime.ts';
import { stats } from '../timing.ts';
import { seedSubmitted } from './seed.ts';

const ROUNDS = 6; // alternating: statements prepared each time / reused
const PER_ROUND = 60;
const N = 200; // engine.view / engine.act pairs
const WARM = 100;

// Count prepares; when `reuse` is on, hand back a statement already prepared for that SQL text.
const proto = Database.prototype as unknown as { prepare(this: Database.Database, sql: string): Database.Statement };
const originalPrepare = proto.prepare;
const counter = { prepares: 0, reuse: false };
const caches = new WeakMap<object, Map<string, Database.Statement>>();
proto.prepare = function (this: Database.Database, sql: string) {
  counter.prepares++;
  if (!counter.reuse) return originalPrepare.call(this, sql);
  let cache = caches.get(this);
  if (!cache) caches.set(this, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = originalPrepare.call(this, sql)));
  return stmt;
};

const dir = mkdtempSync(join(tmpdir(), 'motcua-split-'));
try {
  const seeded = await seedSubmitted(dir, WARM + ROUNDS * PER_ROUND + 2 * N);
  const rt = await createRuntime({ dataDir: dir });
  const { app } = createApp(rt, { log: () => {} });
  const lr = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'reception.cong_an_xa', password: 'motcua' }) });
  const token = ((await lr.json()) as { token: string }).token;
  const actor = { id: 'reception.cong_an_xa', role: 'reception', agency: 'cong_an_xa' } as const;
  const ids = [...seeded.ids];
  const route = async (id: string) => {
    const r = await app.request(`/api/dossiers/${id}/actions/accept`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '2', authorization: `Bearer ${token}` }, body: '{}' });
    if (r.status !== 200) throw new Error(`${r.status} ${await r.text()}`);
    await r.text();
  };
  for (const id of ids.splice(0, WARM)) await route(id);

  const prepared: number[] = [];
  const reused: number[] = [];
  let preparesPerRequest = 0;
  for (let r = 0; r < ROUNDS; r++) {
    counter.reuse = r % 2 === 1;
    const before = counter.prepares;
    for (const id of ids.splice(0, PER_ROUND)) {
      const s = performance.now();
      await route(id);
      (counter.reuse ? reused : prepared).push(performance.now() - s);
    }
    preparesPerRequest = (counter.prepares - before) / PER_ROUND;
  }
  counter.reuse = false;

  const view: number[] = [];
  const act: number[] = [];
  for (const id of ids.splice(0, N)) {
    let s = performance.now();
    await rt.engine.view(id);
    view.push(performance.now() - s);
    s = performance.now();
    await rt.engine.act(id, 'accept', { actor });
    act.push(performance.now() - s);
  }
  const f = (xs: number[]) => {
    const s = stats(xs);
    return `median ${s.median.toFixed(2)} ms (p95 ${s.p95.toFixed(2)}, n=${s.n})`;
  };
  console.log(`POST …/actions/accept via app.request(), statements prepared each time: ${f(prepared)}; ${preparesPerRequest.toFixed(1)} statements per request`);
  console.log(`the same, statements reused by SQL text:                                 ${f(reused)}`);
  console.log(`  engine.view() (the route's readable() check): ${f(view)}`);
  console.log(`  engine.act(id, 'accept'):                     ${f(act)}`);
  await rt.close();
} finally {
  proto.prepare = originalPrepare;
  rmSync(dir, { recursive: true, force: true });
}
