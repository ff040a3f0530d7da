// The server over HTTP (issue 4), every process on loopback, each figure beside a reference
// measured in the same run:
//
// 1. Officer actions at 50 connections. The real server as `pnpm start` runs it (`node
//    server/bin/start.mjs`: the esbuild build server/dist/server/main.mjs, see
//    server/build-server.mjs; SQLite in a temp MOTCUA_DATA_DIR) gets one POST /api/dossiers/<id>/actions/accept per
//    dossier (body `{}`, a reception.cong_an_xa token), from autocannon in a second process
//    (bench/server/autocannon-runner.ts). The dossiers of dang_ky_thuong_tru are put in
//    «submitted» beforehand by the engine itself on the same SQLite file (bench/server/seed.ts),
//    before the server starts. Reference: a bare Hono app on @hono/node-server doing one
//    better-sqlite3 INSERT of the same body into a WAL table (bench/server/reference-app.mjs),
//    same autocannon settings, run before and after the servers. Target: the server's
//    throughput at least half of the reference's. For comparison, the same requests go to the
//    TypeScript source under tsx (`node --import tsx server/src/main.ts`, MOTCUA_SERVER=source).
// 2. Time from `pnpm start` to the first 200 of /healthz (polled every 20 ms), from a fresh data
//    directory and from an existing one; for comparison the build without pnpm and the launcher,
//    `node --import tsx server/src/main.ts`, and what `pnpm start` ran before it ran the build
//    (two pnpm processes, then `tsx src/main.ts`). Reference: a bare `node -e`
//    @hono/node-server hello-world, same polling.
//
// MOTCUA_BENCH_ACCEPTS=n changes the number of measured accepts; MOTCUA_BENCH_CPU_PROF=<dir>
// runs the tsx server under --cpu-prof (its profile names each source file, the build's only
// one) and prints where its CPU went during the measured run.
// MOTCUA_BENCH_SQL_PROFILE=<file> appends the built server's statements, timed by SQL text, to <file> once a
// second (bench/load/sql-probe.mjs).
import { randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { RunnerConfig, RunnerResult } from './server/autocannon-runner.ts';
import { bundleServer, LAUNCHER } from './server/bundle.ts';
import { summarizeProfile } from './server/cpu-profile.ts';
import { freePort, ROOT, start, waitHealthy, type Started } from './server/processes.ts';
import { PROCEDURE, seedSubmitted } from './server/seed.ts';
import { stats } from './timing.ts';

const CONNECTIONS = 50;
const ACCEPTS = Number(process.env['MOTCUA_BENCH_ACCEPTS'] ?? 4000); // measured; ~10–20 s on this machine
const WARMUP = 400; // accepts before measuring, on both servers (JIT, statement caches)
const TARGET = 0.5; // server throughput ≥ half the reference's
const STARTS = 3; // `pnpm start` runs per kind
const OFFICER = 'reception.cong_an_xa';
const PASSWORD = 'motcua';

// Functions whose inclusive time the profile summary prints: "<name> <file>".
const PROFILED = [
  'dispatch compose.js', // Hono's middleware chain: the whole request once parsed by node:http
  'verifyToken tokens.ts',
  'safeParse schemas.js',
  'view engine.ts',
  'act engine.ts',
  'assess procedure-rules.ts',
  'replanTimers timers.ts',
  'nextDossierCode dossier-code.ts',
  'compileQuery default-query-compiler.js',
  'executeQuery sqlite-driver.js',
  'prepare wrappers.js',
  'transition xstate.cjs.js',
  'json context.js',
];

const fmtMs = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)) + ' ms';
const rps = (x: number): string => Math.round(x).toLocaleString('en');

/** A /proc `stat` file: the task's name and the CPU time (user + system) it has used so far, ms. */
function readStat(path: string): { name: string; ms: number } {
  const stat = readFileSync(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime, in clock ticks (USER_HZ 100)
  return { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ms: ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 };
}

/** CPU time a process has used so far, ms; undefined off Linux. */
function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    return readStat(`/proc/${pid}/stat`).ms;
  } catch {
    return undefined;
  }
}

/**
 * CPU time of a process's threads so far, ms, summed by thread name (/proc/<pid>/task/*); the
 * main thread is "main". Under Node 20 the checkpointer, V8's GC and compiler threads and libuv's
 * pool are all named "node" (seen in this bench), so that is "every other thread". Undefined off Linux.
 */
function threadCpuMs(pid: number | undefined): Map<string, number> | undefined {
  if (pid === undefined) return undefined;
  try {
    const byName = new Map<string, number>();
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const t = readStat(`/proc/${pid}/task/${tid}/stat`);
      const name = tid === String(pid) ? 'main' : t.name;
      byName.set(name, (byName.get(name) ?? 0) + t.ms);
    }
    return byName;
  } catch {
    return undefined;
  }
}

function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return '?';
  }
}

interface Load extends RunnerResult {
  /** CPU the measured server used during the run, ms per request. */
  readonly serverCpuPerRequest?: number;
  /** The same, by thread name (threadCpuMs), largest first. Threads that ended during the run are missing. */
  readonly serverCpuByThread?: Array<[string, number]>;
  /** The window of the run in the monotonic clock, µs. */
  readonly windowUs: [number, number];
}

/** One autocannon run from its own process against `serverPid`'s server. */
async function load(work: string, url: string, token: string, action: string, ids: readonly string[], serverPid: number | undefined): Promise<Load> {
  const config: RunnerConfig = { url, token, action, ids, connections: CONNECTIONS, timeoutSeconds: 30 };
  const file = join(work, `load-${randomUUID()}.json`);
  writeFileSync(file, JSON.stringify(config));
  const cpu0 = cpuMs(serverPid);
  const threads0 = threadCpuMs(serverPid);
  const from = Number(process.hrtime.bigint() / 1000n);
  const runner = start(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/server/autocannon-runner.ts'), file]);
  const code = await new Promise<number | null>((resolve) => runner.child.once('exit', (c) => resolve(c)));
  const to = Number(process.hrtime.bigint() / 1000n);
  const cpu1 = cpuMs(serverPid);
  const threads1 = threadCpuMs(serverPid);
  const last = runner.output().trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !last.startsWith('{')) throw new Error(`autocannon runner failed (exit ${code}):\n${runner.output()}`);
  const r = JSON.parse(last) as RunnerResult;
  const perRequest = (ms: number) => ms / Math.max(1, r.requests);
  const byThread =
    threads0 && threads1
      ? [...threads1].map(([name, ms]): [string, number] => [name, perRequest(ms - (threads0.get(name) ?? 0))]).filter(([, ms]) => ms > 0).sort((a, b) => b[1] - a[1])
      : undefined;
  return {
    ...r,
    windowUs: [from, to],
    ...(cpu0 !== undefined && cpu1 !== undefined ? { serverCpuPerRequest: perRequest(cpu1 - cpu0) } : {}),
    ...(byThread ? { serverCpuByThread: byThread } : {}),
  };
}

function describeLoad(label: string, l: Load): string {
  const bad = l.non2xx + l.errors + l.timeouts;
  const codes = Object.entries(l.statusCodes)
    .map(([k, v]) => `${k}×${v}`)
    .join(' ');
  return (
    `  ${label}: ${rps(l.rps)} req/s (${l.requests} in ${l.seconds.toFixed(2)} s) | latency p50 ${l.p50} ms, p90 ${l.p90} ms, p99 ${l.p99} ms, max ${l.max} ms` +
    ` | ${l.ok2xx} 2xx, ${bad === 0 ? 'no errors' : `ERRORS: ${l.non2xx} non-2xx, ${l.errors} socket errors, ${l.timeouts} timeouts`} [${codes}]` +
    (l.serverCpuPerRequest !== undefined ? ` | server CPU ${fmtMs(l.serverCpuPerRequest)}/req` : '') +
    (l.serverCpuByThread ? ` (${l.serverCpuByThread.map(([name, ms]) => `${name} ${fmtMs(ms)}`).join(', ')})` : '') +
    (l.distinctIds !== l.requests ? ` | only ${l.distinctIds} distinct ids` : '')
  );
}

async function login(base: string): Promise<string> {
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: OFFICER, password: PASSWORD }) });
  if (r.status !== 200) throw new Error(`login ${OFFICER}: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

/** The main thread's profile of `pid` (CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; tsx's loader thread writes its own). */
function mainThreadProfile(dir: string, pid: number | undefined): string | undefined {
  const f = readdirSync(dir).find((name) => name.endsWith('.cpuprofile') && name.includes(`.${pid}.0.`));
  return f ? join(dir, f) : undefined;
}

interface ServerVariant {
  readonly label: string;
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
}

/** Starts one server on its own copy of the seeded data, warms it, measures, stops, checks. */
async function measureServer(work: string, variant: ServerVariant, template: string, warmIds: readonly string[], measuredIds: readonly string[]) {
  const dataDir = join(work, `data-${randomUUID()}`);
  cpSync(template, dataDir, { recursive: true });
  const port = await freePort();
  const t0 = performance.now();
  const server = start(process.execPath, variant.args, { env: { ...variant.env, PORT: String(port), MOTCUA_DATA_DIR: dataDir, MOTCUA_SAMPLE_DOSSIERS: '0' } });
  try {
    const base = `http://127.0.0.1:${port}`;
    const ready = await waitHealthy(`${base}/healthz`, server, t0);
    const token = await login(base);
    const warm = await load(work, base, token, 'accept', warmIds, server.child.pid);
    const measured = await load(work, base, token, 'accept', measuredIds, server.child.pid);
    const pid = server.child.pid;
    await server.stop(15_000);
    // Every dossier must have been accepted exactly once.
    const db = new Database(join(dataDir, 'motcua.sqlite'), { readonly: true });
    const states = db.prepare('select state, count(*) as n from dossiers group by state order by state').all() as Array<{ state: string; n: number }>;
    const coded = (db.prepare('select count(*) as n from dossiers where code is not null').get() as { n: number }).n;
    db.close();
    console.log(`  ${variant.label}: node ${variant.args.join(' ')} (pid ${pid}), /healthz after ${fmtMs(ready)}, signed in as ${OFFICER}`);
    console.log(describeLoad('  warm-up', warm));
    console.log(`    afterwards its data dir holds ${states.map((x) => `${x.n} ${x.state}`).join(', ')}; ${coded} with a receipt code`);
    return { measured, pid };
  } finally {
    await server.stop();
  }
}

export async function officerActions(work: string, bundle: { file: string; ms: number }): Promise<void> {
  const template = join(work, 'seeded');
  console.log(`## Officer actions over HTTP: ${CONNECTIONS} connections, ${ACCEPTS} measured accepts after ${WARMUP} warm-up (load average ${loadAverage()})`);
  const seeded = await seedSubmitted(template, WARMUP + ACCEPTS, (n) => process.stdout.write(`  seeding… ${n}\r`));
  console.log(`  seeded ${seeded.ids.length} dossiers of ${PROCEDURE} in «submitted» through the engine (draft, form, payment, submit) in ${(seeded.ms / 1000).toFixed(1)} s, ${seeded.procedures} procedures published; each server runs on its own copy`);
  const warmIds = seeded.ids.slice(0, WARMUP);
  const measuredIds = seeded.ids.slice(WARMUP);

  const profDir = process.env['MOTCUA_BENCH_CPU_PROF'];
  if (profDir) mkdirSync(profDir, { recursive: true });
  // MOTCUA_SERVER=built: the launcher must run the build made above, never fall back to the source.
  // MOTCUA_BENCH_SQL_PROFILE=<file>: the built server's statements timed by SQL text, a line a second (bench/load/sql-probe.mjs).
  const sqlProfile = process.env['MOTCUA_BENCH_SQL_PROFILE'];
  const shipped: ServerVariant = {
    label: `server as \`pnpm start\` runs it (the build, ${fmtMs(bundle.ms)} to build)`,
    args: [...(sqlProfile ? ['--import', join(ROOT, 'bench/load/sql-probe.mjs')] : []), LAUNCHER],
    env: { MOTCUA_SERVER: 'built', ...(sqlProfile ? { MOTCUA_LOAD_SQL_PROFILE: sqlProfile, MOTCUA_LOAD_SQL_PROFILE_EVERY_MS: '1000' } : {}) },
  };
  const source: ServerVariant = { label: 'for comparison, the TypeScript source under tsx', args: [...(profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []), '--import', 'tsx', 'server/src/main.ts'] };

  const refPort = await freePort();
  const r0 = performance.now();
  const reference = start(process.execPath, [join(ROOT, 'bench/server/reference-app.mjs')], { env: { PORT: String(refPort), REF_DB: join(work, 'reference.sqlite') } });
  try {
    const refBase = `http://127.0.0.1:${refPort}`;
    await waitHealthy(`${refBase}/healthz`, reference, r0);
    const refIds = () => Array.from({ length: ACCEPTS }, () => randomUUID());
    // The reference ignores the Authorization header; it gets one of a token's size.
    const token = 'x'.repeat(200);
    const refLoad = () => load(work, refBase, token, 'accept', refIds(), reference.child.pid);

    // reference · server (build) · server (tsx) · reference, so drift in the machine's load shows.
    // The reference is warmed with as many requests as it is measured with: at its rate, WARMUP
    // requests are over in a tenth of a second, before the JIT is done with it.
    await refLoad();
    const refBefore = await refLoad();
    const bun = await measureServer(work, shipped, template, warmIds, measuredIds);
    const tsx = await measureServer(work, source, template, warmIds, measuredIds);
    const refAfter = await refLoad();
    const refRps = (refBefore.rps + refAfter.rps) / 2;

    console.log('  measured:');
    console.log(describeLoad('motcua server (pnpm start), POST …/actions/accept', bun.measured));
    console.log(describeLoad('motcua server (tsx), same requests             ', tsx.measured));
    console.log(describeLoad('reference before (bare Hono + 1 INSERT)  ', refBefore));
    console.log(describeLoad('reference after  (bare Hono + 1 INSERT)  ', refAfter));
    for (const [label, m] of [['server (pnpm start)', bun.measured], ['server (tsx)', tsx.measured]] as const) {
      const ratio = m.rps / refRps;
      console.log(
        `  throughput ratio ${label} / reference ${ratio.toFixed(3)} (reference mean ${rps(refRps)} req/s; against before ${(m.rps / refBefore.rps).toFixed(3)}, after ${(m.rps / refAfter.rps).toFixed(3)}) — target ≥ ${TARGET}: ${ratio >= TARGET ? 'met' : 'NOT MET'}` +
          ` | p99 ${m.p99} ms vs ${Math.max(refBefore.p99, refAfter.p99)} ms`,
      );
    }

    if (profDir) {
      const file = mainThreadProfile(profDir, tsx.pid);
      if (file) {
        const p = summarizeProfile(file, tsx.measured.windowUs, 30, PROFILED);
        const busy = p.totalMs - p.idleMs;
        console.log(
          `\n  server (tsx) CPU profile (${file}), measured run only (${(p.window.from / 1000).toFixed(1)}–${(p.window.to / 1000).toFixed(1)} s of ${(p.window.profileMs / 1000).toFixed(1)} s): ${fmtMs(p.totalMs)} sampled, ${fmtMs(busy)} busy (${((100 * busy) / p.totalMs).toFixed(0)}%), ${fmtMs(busy / tsx.measured.requests)} busy per request`,
        );
        console.log('  self time by origin:');
        for (const o of p.byOrigin.slice(0, 18)) console.log(`    ${((100 * o.ms) / busy).toFixed(1).padStart(5)}%  ${o.origin}`);
        console.log('  with these on the stack (synchronous parts only):');
        for (const f of p.inclusive) console.log(`    ${((100 * f.ms) / busy).toFixed(1).padStart(5)}%  ${f.fn}`);
        console.log('  self time by function:');
        for (const f of p.byFunction) console.log(`    ${((100 * f.ms) / busy).toFixed(1).padStart(5)}%  ${f.fn}  [${f.origin}]`);
      }
    }
  } finally {
    await reference.stop();
  }
}

/** Spawn, poll /healthz every 20 ms, stop: ms from spawn to the first 200. */
async function timeToHealthy(command: string, args: readonly string[], options: { cwd?: string; env: Record<string, string> }, port: number): Promise<{ ms: number; reported?: number }> {
  const t0 = performance.now();
  const p = start(command, args, { ...(options.cwd ? { cwd: options.cwd } : {}), env: { ...options.env, PORT: String(port) } });
  try {
    const ms = await waitHealthy(`http://127.0.0.1:${port}/healthz`, p, t0, 20);
    await new Promise((r) => setTimeout(r, 50)); // let the "sẵn sàng sau … ms" line arrive
    const reported = /sẵn sàng sau (\d+) ms/.exec(p.output())?.[1];
    return { ms, ...(reported ? { reported: Number(reported) } : {}) };
  } finally {
    await p.stop(15_000);
  }
}

const HELLO = "import { serve } from '@hono/node-server'; import { Hono } from 'hono'; const app = new Hono(); app.get('/healthz', (c) => c.text('ok')); serve({ fetch: app.fetch, port: Number(process.env.PORT) });";

export async function startUp(work: string, bundleFile: string): Promise<void> {
  console.log(`\n## Time from \`pnpm start\` to the first 200 of /healthz (polled every 20 ms), ${STARTS} runs each, alternating (load average ${loadAverage()})`);
  const fresh: number[] = [];
  const freshReported: number[] = [];
  const existing: number[] = [];
  const existingReported: number[] = [];
  const builtFresh: number[] = [];
  const built: number[] = [];
  const direct: number[] = [];
  const before: number[] = [];
  const hello: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const dir = join(work, `start-${i}`); // does not exist yet: a fresh data dir
    // MOTCUA_SERVER=built: a failed build would be an error, not a silent start from the source.
    const f = await timeToHealthy('pnpm', ['start'], { env: { MOTCUA_DATA_DIR: dir, MOTCUA_SERVER: 'built' } }, await freePort());
    fresh.push(f.ms);
    if (f.reported !== undefined) freshReported.push(f.reported);
    const e = await timeToHealthy('pnpm', ['start'], { env: { MOTCUA_DATA_DIR: dir, MOTCUA_SERVER: 'built' } }, await freePort());
    existing.push(e.ms);
    if (e.reported !== undefined) existingReported.push(e.reported);
    // The same build without pnpm and the launcher.
    builtFresh.push((await timeToHealthy(process.execPath, [bundleFile], { env: { MOTCUA_DATA_DIR: `${dir}-built` } }, await freePort())).ms);
    built.push((await timeToHealthy(process.execPath, [bundleFile], { env: { MOTCUA_DATA_DIR: dir } }, await freePort())).ms);
    // The TypeScript source, on a data dir of its own: the library is published as compiled by
    // the code the process runs, which others may be changing while the bench runs.
    direct.push((await timeToHealthy(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { env: { MOTCUA_DATA_DIR: `${dir}-source` } }, await freePort())).ms);
    // What `pnpm start` ran before it ran the build (pnpm start → pnpm --filter @motcua/server
    // start → tsx src/main.ts): two pnpm processes, tsx's CLI (a second node), the source.
    before.push((await timeToHealthy('pnpm', ['exec', 'pnpm', '--filter', '@motcua/server', 'exec', 'tsx', 'src/main.ts'], { env: { MOTCUA_DATA_DIR: `${dir}-source` } }, await freePort())).ms);
    // `node -e` resolves bare imports from its cwd: server/ has hono and @hono/node-server.
    const h = await timeToHealthy(process.execPath, ['--input-type=module', '-e', HELLO], { cwd: join(ROOT, 'server'), env: {} }, await freePort());
    hello.push(h.ms);
  }
  const ref = stats(hello);
  const line = (label: string, xs: number[], reported: number[]) => {
    const s = stats(xs);
    const inside = reported.length ? `; of which main.ts from its first line to listening ${fmtMs(stats(reported).median)} (as it prints)` : '';
    return `  ${label}: median ${fmtMs(s.median)} [${fmtMs(s.min)}–${fmtMs(Math.max(...xs))}], n=${s.n}${inside} | reference median ${fmtMs(ref.median)} | ratio ${(s.median / ref.median).toFixed(1)}`;
  };
  console.log(line('pnpm start (the build), fresh data dir   ', fresh, freshReported));
  console.log(line('pnpm start (the build), existing data dir', existing, existingReported));
  console.log(line('for comparison: node server/dist/server/main.mjs (no pnpm, no launcher), fresh data dir', builtFresh, []));
  console.log(line('for comparison: node server/dist/server/main.mjs (no pnpm, no launcher), existing data dir', built, []));
  console.log(line('for comparison: node --import tsx server/src/main.ts, existing data dir', direct, []));
  console.log(line('for comparison: pnpm start as it was (pnpm → pnpm --filter @motcua/server → tsx src/main.ts), existing data dir', before, []));
  console.log(`  reference: node --input-type=module -e <@hono/node-server hello-world>: median ${fmtMs(ref.median)} [${fmtMs(ref.min)}–${fmtMs(Math.max(...hello))}], n=${ref.n}`);
}

export async function run(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'motcua-server-bench-'));
  try {
    const bundle = await bundleServer();
    await officerActions(work, bundle);
    await startUp(work, bundle.file);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
