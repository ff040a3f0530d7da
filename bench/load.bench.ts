// The server under a sustained mixed load (issue 8), every process on loopback:
//
// - the server: `node --import tsx server/src/main.ts` (the source of what `pnpm start` runs as a
//   build; tsx lets the heap probe be preloaded), SQLite in a fresh temporary MOTCUA_DATA_DIR, with bench/load/heap-probe.mjs
//   preloaded so that SIGUSR2 makes it print process.memoryUsage();
// - the load: bench/load/worker.ts in a second process, MOTCUA_LOAD_USERS virtual users (default
//   16: one manager, 65% of the others citizens, the rest officers) living dossiers of every library scenario
//   that reaches a result — drafts, form updates, uploads, payments on the embedded gateway,
//   submissions, officers' queue reads and actions, statistics, citizens' tracking — back to
//   back for MOTCUA_LOAD_SECONDS (default 600) after MOTCUA_LOAD_WARMUP seconds (default 15);
// - the reference, in the same run: GET /healthz back to back from the same worker, with the
//   same number of users, for 5 s before and 5 s after the mix;
// - every 5 s: the server's RSS (VmRSS of /proc/<pid>/status), its CPU time (/proc/<pid>/stat)
//   and, through SIGUSR2, its V8 heap;
// - afterwards: the server is stopped (SIGTERM, clean exit expected), everything it printed
//   besides its start line is shown (it logs only errors), and `motcua doctor` checks every
//   dossier's row against its event log.
// Printed: operations per kind (count, ops/s, p50, p90, p99, max, errors), overall throughput
// and its ratio to /healthz, the series per bucket (ops/s, p50, p99, errors, RSS, heap), memory
// in the first vs the last minute of the measured run, error samples.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { WorkerConfig, WorkerResult } from './load/worker.ts';
import { freePort, ROOT, start, waitHealthy, type Started } from './server/processes.ts';

const SECONDS = Number(process.env['MOTCUA_LOAD_SECONDS'] ?? 600);
const USERS = Math.max(3, Number(process.env['MOTCUA_LOAD_USERS'] ?? 16));
const WARMUP = Number(process.env['MOTCUA_LOAD_WARMUP'] ?? 15);
const REFERENCE_SECONDS = 5;
const SAMPLE_MS = 5000;
const MANAGER_PAUSE_MS = 1000;

interface Sample {
  readonly at: number;
  readonly rssKb: number;
  readonly cpuMs: number;
}
interface HeapSample {
  /** Taken right after a forced full GC (once a minute). */
  readonly gc?: boolean;
  readonly at: number;
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
}

function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return '?';
  }
}

function procSample(pid: number): Sample | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, USER_HZ 100
    return { at: Date.now(), rssKb, cpuMs };
  } catch {
    return undefined;
  }
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const f1 = (x: number) => x.toFixed(1);
const fms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
/** Least-squares slope of y over x. */
function slope(points: ReadonlyArray<[number, number]>): number {
  const mx = mean(points.map((p) => p[0]));
  const my = mean(points.map((p) => p[1]));
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

async function runWorker(work: string, config: WorkerConfig): Promise<WorkerResult> {
  const file = join(work, `worker-${config.mode}-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(config));
  const w = start(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/load/worker.ts'), file]);
  // Progress lines, as they come.
  let pending = '';
  w.child.stderr?.on('data', (b: Buffer) => {
    pending += b.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const l of lines) if (l.trim()) console.log(`    ${l}`);
  });
  const code = await new Promise<number | null>((resolve) => w.child.once('exit', (c) => resolve(c)));
  const last = w.output().trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !last.startsWith('{')) throw new Error(`load worker failed (exit ${code}):\n${w.output().slice(-4000)}`);
  return JSON.parse(last) as WorkerResult;
}

function kindsTable(r: WorkerResult): string[] {
  const rows = Object.entries(r.kinds);
  const width = Math.max(...rows.map(([k]) => k.length), 10);
  const out = [`    ${'operation'.padEnd(width)}  ${'count'.padStart(7)}  ${'share'.padStart(6)}  ${'ops/s'.padStart(7)}  ${'p50 ms'.padStart(7)}  ${'p90 ms'.padStart(7)}  ${'p99 ms'.padStart(7)}  ${'max ms'.padStart(7)}  errors`];
  for (const [k, v] of rows) {
    out.push(
      `    ${k.padEnd(width)}  ${String(v.count).padStart(7)}  ${((100 * v.count) / r.ops).toFixed(1).padStart(5)}%  ${f1(v.rps).padStart(7)}  ${fms(v.p50).padStart(7)}  ${fms(v.p90).padStart(7)}  ${fms(v.p99).padStart(7)}  ${fms(v.max).padStart(7)}  ${v.errors}`,
    );
  }
  out.push(`    ${'all'.padEnd(width)}  ${String(r.ops).padStart(7)}  ${'100.0'.padStart(5)}%  ${f1(r.rps).padStart(7)}  ${fms(r.p50).padStart(7)}  ${''.padStart(7)}  ${fms(r.p99).padStart(7)}  ${''.padStart(7)}  ${r.errors}`);
  return out;
}

function describeReference(label: string, r: WorkerResult): string {
  const k = r.kinds['GET /healthz'];
  return `  ${label}: ${f1(r.rps)} req/s with ${r.users} users for ${r.seconds.toFixed(1)} s | p50 ${fms(k?.p50 ?? 0)} ms, p99 ${fms(k?.p99 ?? 0)} ms | ${r.errors === 0 && Object.keys(r.errorCounts).length === 0 ? 'no errors' : `ERRORS ${JSON.stringify(r.errorCounts)}`}`;
}

export async function run(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'motcua-load-'));
  const dataDir = join(work, 'data');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // Citizens make the work; officers (about a third) keep up with it; one manager.
  const managers = 1;
  const citizens = Math.round((USERS - managers) * 0.65);
  const officers = USERS - citizens - managers;
  const load0 = loadAverage();
  console.log(`## Mixed load over HTTP: ${USERS} virtual users (${citizens} citizens, ${officers} officers, ${managers} manager), ${SECONDS} s measured after ${WARMUP} s of warm-up (load average ${load0})`);

  // MOTCUA_LOAD_CPU_PROF=<dir>: the server runs under --cpu-prof and writes its profile there when it stops.
  const profileDir = process.env['MOTCUA_LOAD_CPU_PROF'];
  const args = [
    '--expose-gc',
    ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    '--import',
    'tsx',
    '--import',
    join(ROOT, 'bench/load/heap-probe.mjs'),
    // MOTCUA_LOAD_SQL_PROFILE=<file>: the server's statements timed by SQL text, a line a minute (bench/load/sql-probe.mjs).
    ...(process.env['MOTCUA_LOAD_SQL_PROFILE'] ? ['--import', join(ROOT, 'bench/load/sql-probe.mjs')] : []),
    'server/src/main.ts',
  ];
  const t0 = performance.now();
  const server: Started = start(process.execPath, args, { env: { PORT: String(port), MOTCUA_DATA_DIR: dataDir, MOTCUA_SAMPLE_DOSSIERS: '0' } });
  const pid = server.child.pid!;
  const samples: Sample[] = [];
  let sampler: NodeJS.Timeout | undefined;
  try {
    const ready = await waitHealthy(`${base}/healthz`, server, t0);
    console.log(`  server: node ${args.join(' ')} (pid ${pid}), data in ${dataDir}, /healthz after ${fms(ready)} ms`);
    const sample = () => {
      const s = procSample(pid);
      if (s) samples.push(s);
      try {
        process.kill(pid, 'SIGUSR2');
      } catch {
        /* gone */
      }
    };
    sample();
    sampler = setInterval(sample, SAMPLE_MS);

    const common = { base, warmupSeconds: WARMUP, citizens, officers, managers, managerPauseMs: MANAGER_PAUSE_MS, seed: 8 };
    const refBefore = await runWorker(work, { ...common, mode: 'healthz', seconds: REFERENCE_SECONDS, bucketSeconds: REFERENCE_SECONDS });
    const bucketSeconds = SECONDS >= 300 ? 60 : Math.max(5, Math.round(SECONDS / 6));
    const mix = await runWorker(work, { ...common, mode: 'mix', seconds: SECONDS, bucketSeconds });
    const refAfter = await runWorker(work, { ...common, mode: 'healthz', seconds: REFERENCE_SECONDS, bucketSeconds: REFERENCE_SECONDS });
    clearInterval(sampler);
    sample();
    await new Promise((r) => setTimeout(r, 300)); // the last heap line

    // --- Stop the server: it must shut down cleanly.
    const stop0 = performance.now();
    await server.stop(15_000);
    const stopMs = performance.now() - stop0;
    const exit = server.child.exitCode ?? server.child.signalCode;
    const output = server.output();
    const heap: HeapSample[] = output
      .split('\n')
      .filter((l) => l.startsWith('@@mem '))
      .map((l) => JSON.parse(l.slice(6)) as HeapSample);
    const logged = output.split('\n').filter((l) => l.trim() && !l.startsWith('@@mem ') && !l.startsWith('Một cửa: http://'));

    // --- Figures.
    const refRps = (refBefore.rps + refAfter.rps) / 2;
    console.log('\n  measured:');
    for (const l of kindsTable(mix)) console.log(l);
    console.log(`\n  throughput: ${f1(mix.rps)} operations/s over ${mix.seconds.toFixed(1)} s (${mix.ops} operations), p50 ${fms(mix.p50)} ms, p99 ${fms(mix.p99)} ms`);
    console.log(describeReference('reference before: GET /healthz', refBefore));
    console.log(describeReference('reference after:  GET /healthz', refAfter));
    console.log(`  ratio mix / reference (mean of before and after, ${f1(refRps)} req/s): ${(mix.rps / refRps).toFixed(3)}`);
    const f = mix.flow!;
    console.log(
      `  dossiers: ${f.started} drafts started, ${f.submitted} submitted, ${f.finished} brought to their result, ${f.supplements} supplement requests (answered and resubmitted), ${f.abandoned} abandoned after an error, ${f.waitingAtEnd} waiting at the end; ` +
        `${f.guardAlternatives} guard alternatives (422 guard_failed, then the other transition), ${f.queueMisses} queue pages without a waiting dossier, ${mb(f.uploadedBytes)} MB uploaded`,
    );
    console.log(`  scenarios lived (${f.scenarios.length}): ${f.scenarios.join(', ')}`);
    if (f.excluded.length) console.log(`  left out after the probe (${f.excluded.length}):\n${f.excluded.map((x) => `    ${x}`).join('\n')}`);

    // Errors: any status other than the expected one, in any phase.
    const counts = Object.entries(mix.errorCounts);
    const measuredErrors = counts.filter(([k]) => k.startsWith('measured')).reduce((s, [, n]) => s + n, 0);
    console.log(`\n  errors: ${measuredErrors} in the measured run, ${counts.filter(([k]) => k.startsWith('warmup')).reduce((s, [, n]) => s + n, 0)} in the warm-up, ${counts.filter(([k]) => k.startsWith('probe')).reduce((s, [, n]) => s + n, 0)} in the probe (scenarios left out)`);
    for (const [k, n] of counts) console.log(`    ${n} × ${k}`);
    for (const e of mix.errorSamples.filter((x) => x.phase !== 'probe').slice(0, 12)) console.log(`    sample (${e.phase}, ${e.at.toFixed(1)} s): ${e.kind}: ${e.request} → ${e.status} ${e.body.replace(/\s+/g, ' ').slice(0, 300)}`);

    // Server CPU over the measured window.
    const inWindow = samples.filter((s) => s.at >= mix.from - SAMPLE_MS / 2 && s.at <= mix.to + SAMPLE_MS / 2);
    if (inWindow.length >= 2) {
      const a = inWindow[0]!;
      const b = inWindow.at(-1)!;
      const busy = (b.cpuMs - a.cpuMs) / (b.at - a.at);
      console.log(`  server CPU: ${(100 * busy).toFixed(0)}% of one core over the measured run, ${fms((busy * 1000) / mix.rps)} ms per operation; load generator CPU ${((100 * mix.clientCpuMs) / (mix.seconds * 1000)).toFixed(0)}% of one core`);
    }

    // Series per bucket, with memory.
    console.log(`\n  series (buckets of ${bucketSeconds} s):`);
    console.log(`    ${'from s'.padStart(6)}  ${'ops/s'.padStart(7)}  ${'p50 ms'.padStart(7)}  ${'p99 ms'.padStart(7)}  errors  ${'RSS MB (mean, max)'.padEnd(19)}  heap used MB (min–max)`);
    for (const b of mix.buckets) {
      const lo = mix.from + b.from * 1000;
      const hi = lo + bucketSeconds * 1000;
      const rss = samples.filter((s) => s.at >= lo && s.at < hi).map((s) => s.rssKb * 1024);
      const hu = heap.filter((h) => h.at >= lo && h.at < hi).map((h) => h.heapUsed);
      console.log(
        `    ${String(b.from).padStart(6)}  ${f1(b.rps).padStart(7)}  ${fms(b.p50).padStart(7)}  ${fms(b.p99).padStart(7)}  ${String(b.errors).padStart(6)}  ${(rss.length ? `${mb(mean(rss))}, ${mb(Math.max(...rss))}` : '–').padEnd(19)}  ${hu.length ? `${mb(Math.min(...hu))}–${mb(Math.max(...hu))}` : '–'}`,
      );
    }

    // Memory: the first minute of the measured run against its last minute.
    const span = Math.min(60_000, (mix.to - mix.from) / 3);
    const first = <T extends { at: number }>(xs: readonly T[]) => xs.filter((x) => x.at >= mix.from && x.at < mix.from + span);
    const lastOf = <T extends { at: number }>(xs: readonly T[]) => xs.filter((x) => x.at > mix.to - span && x.at <= mix.to);
    const rssOf = (xs: readonly Sample[]) => xs.map((s) => s.rssKb * 1024);
    const line = (label: string, xs: readonly number[]) => `${label} mean ${mb(mean(xs))} MB [${mb(Math.min(...xs))}–${mb(Math.max(...xs))}], n=${xs.length}`;
    const measuredSamples = samples.filter((s) => s.at >= mix.from && s.at <= mix.to);
    const measuredHeap = heap.filter((h) => h.at >= mix.from && h.at <= mix.to);
    console.log(`\n  memory, first ${(span / 1000).toFixed(0)} s of the measured run vs the last ${(span / 1000).toFixed(0)} s (samples every ${SAMPLE_MS / 1000} s):`);
    console.log(`    RSS:       ${line('first', rssOf(first(samples)))} | ${line('last', rssOf(lastOf(samples)))}`);
    console.log(`    heap used: ${line('first', first(heap).map((h) => h.heapUsed))} | ${line('last', lastOf(heap).map((h) => h.heapUsed))}`);
    console.log(`    heap total: first mean ${mb(mean(first(heap).map((h) => h.heapTotal)))} MB | last mean ${mb(mean(lastOf(heap).map((h) => h.heapTotal)))} MB; external first ${mb(mean(first(heap).map((h) => h.external)))} MB, last ${mb(mean(lastOf(heap).map((h) => h.external)))} MB`);
    const afterGc = measuredHeap.filter((h) => h.gc);
    if (afterGc.length) {
      console.log(`    heap used right after a forced full GC, once a minute: ${afterGc.map((h) => mb(h.heapUsed)).join(', ')} MB; trend ${f1(slope(afterGc.map((h) => [(h.at - mix.from) / 60_000, h.heapUsed / 2 ** 20])))} MB/min`);
    }
    console.log(
      `    trend over the measured run (least squares): RSS ${f1(slope(measuredSamples.map((s) => [(s.at - mix.from) / 60_000, (s.rssKb * 1024) / 2 ** 20])))} MB/min, heap used ${f1(slope(measuredHeap.map((h) => [(h.at - mix.from) / 60_000, h.heapUsed / 2 ** 20])))} MB/min; RSS at start-up ${mb((samples[0]?.rssKb ?? 0) * 1024)} MB, at the end ${mb((samples.at(-1)?.rssKb ?? 0) * 1024)} MB`,
    );

    // --- The server's own account.
    console.log(`\n  server stopped in ${fms(stopMs)} ms (SIGTERM), exit ${exit}; it printed ${logged.length} line(s) besides its start line${logged.length ? ':' : ''}`);
    for (const l of logged.slice(0, 20)) console.log(`    | ${l.slice(0, 400)}`);
    const db = new Database(join(dataDir, 'motcua.sqlite'), { readonly: true });
    const states = db.prepare('select state, count(*) as n from dossiers group by state order by n desc').all() as Array<{ state: string; n: number }>;
    const events = (db.prepare('select count(*) as n from events').get() as { n: number }).n;
    db.close();
    console.log(`  database afterwards: ${states.reduce((s, x) => s + x.n, 0)} dossiers (${states.map((x) => `${x.n} ${x.state}`).join(', ')}), ${events} events`);
    const doctor = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/cli/main.ts', 'doctor', join(dataDir, 'motcua.sqlite')], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, MOTCUA_LANG: 'en' } });
    console.log(`  motcua doctor: exit ${doctor.status}, ${(doctor.stdout.trim().split('\n').at(-1) ?? '').trim()}${doctor.stderr.trim() ? ` | ${doctor.stderr.trim().slice(0, 300)}` : ''}`);
    console.log(`  load average at the end ${loadAverage()} (at the start ${load0})`);
  } finally {
    if (sampler) clearInterval(sampler);
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
