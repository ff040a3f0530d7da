// Where a server process spends its CPU, from a V8 .cpuprofile (node --cpu-prof): self time
// per function and per origin (our packages, each dependency, Node internals, GC), optionally
// only for the samples inside a time window. V8's profile clock and process.hrtime() are both
// the monotonic clock, so a window measured in another process on the same machine lines up.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileSummary {
  /** Sampled time in the window, ms (idle included). */
  readonly totalMs: number;
  readonly idleMs: number;
  readonly byOrigin: Array<{ origin: string; ms: number }>;
  readonly byFunction: Array<{ fn: string; origin: string; ms: number }>;
  /**
   * Busy time with a frame of that name on the stack (counted once per sample), for the names
   * asked. Async functions count only while running: time in what they await is not theirs.
   */
  readonly inclusive: Array<{ fn: string; ms: number }>;
  /** The window actually covered, relative to the profile start, ms. */
  readonly window: { from: number; to: number; profileMs: number };
}

/** "engine/src/dossier", "kysely", "node:internal", "(garbage collector)"… */
export function originOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  if (url.startsWith('node:')) return 'node:internal';
  const pkg = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url) ?? /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const ours = /\/(dsl|engine|server)\/src\/([^/]+)/.exec(url);
  if (ours) return `${ours[1]}/src/${ours[2]}`;
  return url.replace(/^file:\/\//, '');
}

/** windowUs: [from, to] in the monotonic clock, µs (process.hrtime.bigint() / 1000n). */
export function summarizeProfile(path: string, windowUs?: readonly [number, number], top = 25, inclusiveOf: readonly string[] = []): ProfileSummary {
  const p = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  let t = p.startTime;
  const [from, to] = windowUs ?? [p.startTime, p.endTime];
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i] ?? 0;
    if (t < from || t > to) continue;
    // Attribute the interval up to the next sample to this one.
    const dt = p.timeDeltas[i + 1] ?? 0;
    self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + dt);
  }
  const origins = new Map<string, number>();
  const fns = new Map<string, { fn: string; origin: string; ms: number }>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const { functionName, url, lineNumber } = n.callFrame;
    total += us;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    const origin = originOf(url, functionName);
    origins.set(origin, (origins.get(origin) ?? 0) + us);
    const key = `${functionName || '(anonymous)'} ${url}:${lineNumber + 1}`;
    const f = fns.get(key) ?? { fn: `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`, origin, ms: 0 };
    f.ms += us;
    fns.set(key, f);
  }
  // "name file" keys, e.g. "assess procedure-rules.ts", "prepare wrappers.js".
  const wanted = new Set(inclusiveOf);
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url } = byId.get(at)!.callFrame;
      const key = `${functionName} ${url.split('/').at(-1)}`;
      if (wanted.has(key) && !seen.has(key)) {
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + us);
      }
    }
  }
  return {
    totalMs: total / 1000,
    idleMs: idle / 1000,
    byOrigin: [...origins].map(([origin, us]) => ({ origin, ms: us / 1000 })).sort((a, b) => b.ms - a.ms),
    byFunction: [...fns.values()].map((f) => ({ ...f, ms: f.ms / 1000 })).sort((a, b) => b.ms - a.ms).slice(0, top),
    inclusive: inclusiveOf.map((fn) => ({ fn, ms: (inclusive.get(fn) ?? 0) / 1000 })),
    window: { from: (Math.max(from, p.startTime) - p.startTime) / 1000, to: (Math.min(to, p.endTime) - p.startTime) / 1000, profileMs: (p.endTime - p.startTime) / 1000 },
  };
}
