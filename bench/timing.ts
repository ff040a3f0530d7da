// Timing for the benchmarks. The machine is noisy (2 shared cores), so every figure is a
// median over many runs and is printed beside a reference measured in the same run.
import { spawnSync } from 'node:child_process';

export interface Stats {
  readonly median: number;
  readonly p95: number;
  readonly min: number;
  readonly n: number;
}

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: readonly number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function stats(samples: readonly number[]): Stats {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, p95: percentile(sorted, 95), min: sorted[0]!, n: sorted.length };
}

export interface WarmOptions {
  /** Calls before measuring, so the JIT has compiled the hot paths. */
  readonly warmup?: number;
  readonly minIterations?: number;
  readonly maxIterations?: number;
  /** Stop after this long (once minIterations are done). */
  readonly budgetMs?: number;
}

/** Median and p95 of a warm function: warm-up calls first, then timed calls one by one. */
export async function measureWarm(fn: () => unknown, options: WarmOptions = {}): Promise<Stats> {
  const { warmup = 15, minIterations = 25, maxIterations = 2000, budgetMs = 2000 } = options;
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < maxIterations && (samples.length < minIterations || performance.now() - start < budgetMs)) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

export interface ProcessRun {
  readonly ms: number;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Wall time of one child process, from spawn to exit. */
export function timeProcess(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): ProcessRun {
  const t0 = performance.now();
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 256 << 20, env: { ...process.env, FORCE_COLOR: '0', ...env } });
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  return { ms, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Run `node <nodeArgs…>` in fresh processes; the script prints one JSON object of figures on
 * its last stdout line. Returns the median of each figure over the runs.
 */
export function measureCold(nodeArgs: readonly string[], runs: number, cwd: string): Record<string, Stats> {
  const figures: Record<string, number[]> = {};
  for (let i = 0; i < runs; i++) {
    const r = timeProcess(process.execPath, nodeArgs, cwd);
    const last = r.stdout.trim().split('\n').at(-1) ?? '';
    if (r.status !== 0 || !last.startsWith('{')) throw new Error(`node ${nodeArgs.join(' ')} failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
    for (const [k, v] of Object.entries(JSON.parse(last) as Record<string, number>)) (figures[k] ??= []).push(v);
  }
  return Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, stats(v)]));
}

export const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)) + ' ms';

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** `label: median (p95) | reference: median | ratio r (target ≤ t) ✓/✗` */
export function ratioLine(label: string, ours: Stats, refLabel: string, ref: Stats, target?: number): string {
  const ratio = ours.median / ref.median;
  const verdict = target === undefined ? '' : ` (target ≤ ${target.toFixed(2)}) ${ratio <= target ? 'met' : 'NOT MET'}`;
  return `${label}: ${ms(ours.median)} (p95 ${ms(ours.p95)}, n=${ours.n})  | ${refLabel}: ${ms(ref.median)} (p95 ${ms(ref.p95)}, n=${ref.n})  | ratio ${ratio.toFixed(2)}${verdict}`;
}
