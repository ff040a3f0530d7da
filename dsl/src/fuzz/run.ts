// The long fuzzing run: `npx tsx dsl/src/fuzz/run.ts --count 100000 --seed 1` (or `pnpm fuzz …`).
// Mutates the seeds (see corpus.ts) and runs each mutant through parse, check, format and
// compile (pipeline.ts). Prints progress, then the slowest inputs per step; every failure is
// reduced and written to dsl/src/fuzz/seeds/found-<hash>.proc, which fuzz.test.ts then runs
// on every test run. Replay one mutant with `--seed N --only I --print`.
//
// Options: --count N (10000) · --seed N (1) · --only I · --print · --minutes M (stop early) ·
// --limit MS (1000: CPU milliseconds per step; see Outcome.cpu) · --no-write (report failures
// without writing seed files) · --reduce-seconds S (60).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The checker catches its own bugs and logs them so the studio keeps running; under test (and
// here) it rethrows them so they count as failures. It reads this once, when it is loaded.
process.env['VITEST'] ??= 'fuzz';

const { loadCorpus, pickMutant, SEEDS_DIR } = await import('./corpus.ts');
const { runWithLimit, STEPS } = await import('./pipeline.ts');
const { reduce } = await import('./reduce.ts');
type Step = (typeof STEPS)[number];

function args(): Map<string, string | true> {
  const out = new Map<string, string | true>();
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) out.set(a.slice(2), argv[++i]!);
    else out.set(a.slice(2), true);
  }
  return out;
}

const opts = args();
const num = (name: string, dflt: number) => {
  const v = opts.get(name);
  const n = typeof v === 'string' ? Number(v.replace(/_/g, '')) : dflt;
  if (Number.isNaN(n)) throw new Error(`--${name} must be a number`);
  return n;
};
const count = num('count', 10_000);
const seed = num('seed', 1);
const limitMs = num('limit', 1000);
const minutes = num('minutes', Infinity);
const reduceSeconds = num('reduce-seconds', 60);
const only = opts.has('only') ? num('only', 0) : undefined;
const write = !opts.has('no-write');

const corpus = loadCorpus();
const donors = corpus.seeds.map((s) => s.text);
const mutant = (i: number) => pickMutant(corpus, seed, i, { donors });

if (only !== undefined) {
  const m = mutant(only);
  const outcome = runWithLimit(m.target, m.text, limitMs);
  if (opts.has('print')) process.stdout.write(m.text);
  console.error(`#${only} of seed ${seed}: ${m.seed.name} at ${m.target.path}, ${m.ops.join(' + ')} (${m.text.length} chars)`);
  console.error(STEPS.map((s) => `${s} ${outcome.cpu[s].toFixed(1)} ms CPU (${outcome.times[s].toFixed(1)} wall)`).join(' · '));
  for (const f of outcome.failures) console.error(`FAIL ${f.signature}\n  ${f.message}`);
  process.exit(outcome.failures.length > 0 ? 1 : 0);
}

interface Slow {
  /** CPU milliseconds. */
  readonly ms: number;
  readonly wall: number;
  readonly i: number;
  readonly what: string;
}
const slowest: Record<Step, Slow[]> = { parse: [], check: [], format: [], reformat: [], compile: [] };
const totals: Record<Step, number> = { parse: 0, check: 0, format: 0, reformat: 0, compile: 0 };
/** How many mutants each step ran on (format only on a whole tree, compile only on a clean file). */
const reached: Record<Step, number> = { parse: 0, check: 0, format: 0, reformat: 0, compile: 0 };
const wallTotals: Record<Step, number> = { parse: 0, check: 0, format: 0, reformat: 0, compile: 0 };
const slowestWall: Record<Step, Slow> = Object.fromEntries(STEPS.map((s) => [s, { ms: 0, wall: 0, i: -1, what: '' }])) as Record<Step, Slow>;
const bySignature = new Map<string, { first: number; count: number; message: string; file?: string }>();
let failing = 0;
let done = 0;
const started = performance.now();
let lastReport = started;
const opCounts = new Map<string, number>();

console.log(`fuzz: ${count} mutants of ${corpus.seeds.length} seeds, run seed ${seed}, limit ${limitMs} ms of CPU per step`);
for (let i = 0; i < count; i++) {
  if ((performance.now() - started) / 60_000 > minutes) {
    console.log(`stopping after ${minutes} min`);
    break;
  }
  const m = mutant(i);
  for (const op of m.ops) opCounts.set(op, (opCounts.get(op) ?? 0) + 1);
  const outcome = runWithLimit(m.target, m.text, limitMs);
  done++;
  for (const s of STEPS) {
    const ms = outcome.cpu[s];
    const wall = outcome.times[s];
    totals[s] += ms;
    wallTotals[s] += wall;
    if (wall > 0) reached[s]++;
    const what = () => `${m.seed.name} ${m.ops.join('+')} (${m.text.length} chars)`;
    if (wall > slowestWall[s].wall) slowestWall[s] = { ms, wall, i, what: what() };
    const list = slowest[s];
    if (list.length < 5 || ms > list[list.length - 1]!.ms) {
      list.push({ ms, wall, i, what: what() });
      list.sort((a, b) => b.ms - a.ms);
      list.length = Math.min(list.length, 5);
    }
  }
  if (outcome.failures.length > 0) {
    failing++;
    for (const f of outcome.failures) {
      const known = bySignature.get(f.signature);
      if (known) {
        known.count++;
        continue;
      }
      const entry: { first: number; count: number; message: string; file?: string } = { first: i, count: 1, message: f.message };
      bySignature.set(f.signature, entry);
      console.log(`\nFAIL #${i} ${f.signature}\n  ${f.message.split('\n')[0]}\n  ${m.seed.name} at ${m.target.path}: ${m.ops.join(' + ')}`);
      if (write) entry.file = keep(m.text, m.target, f.signature);
    }
  }
  const now = performance.now();
  if (now - lastReport > 15_000 || i === count - 1) {
    lastReport = now;
    const secs = (now - started) / 1000;
    console.log(
      `${done}/${count} · ${failing} failing · ${bySignature.size} distinct · ${(done / secs).toFixed(1)}/s · ${secs.toFixed(0)} s`,
    );
  }
}

/** Reduce a failing input and write it as a seed; returns the file's path. */
function keep(text: string, target: { ws: typeof corpus.ws; path: string; dependent?: string }, signature: string): string {
  const hash = createHash('sha256').update(signature).digest('hex').slice(0, 10);
  const file = join(SEEDS_DIR, `found-${hash}.proc`);
  if (existsSync(file)) return file;
  const header = `# fuzz-target: ${target.path}\n`;
  // A seed is run without a dependent: reduce under the same conditions.
  const bare = { ws: target.ws, path: target.path };
  const fails = (candidate: string) =>
    runWithLimit(bare, header + candidate, limitMs).failures.some((f) => f.signature === signature);
  const body = fails(text) ? reduce(text, fails, reduceSeconds * 1000) : text;
  mkdirSync(SEEDS_DIR, { recursive: true });
  writeFileSync(file, header + body);
  console.log(`  reduced ${text.length} → ${body.length} chars: ${file}`);
  return file;
}

const secs = (performance.now() - started) / 1000;
console.log(`\n${done} mutants in ${secs.toFixed(0)} s (${(done / secs).toFixed(1)}/s); ${failing} failing, ${bySignature.size} distinct failures`);
console.log('mutations applied:', [...opCounts].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', '));
for (const s of STEPS) {
  const mean = (t: number) => (t / Math.max(1, done)).toFixed(2);
  console.log(`\n${s}: ran on ${reached[s]} mutants; mean ${mean(totals[s])} ms CPU (${mean(wallTotals[s])} ms wall) per mutant; slowest by CPU:`);
  for (const x of slowest[s]) console.log(`  ${x.ms.toFixed(0).padStart(6)} ms CPU ${`(${x.wall.toFixed(0)} wall)`.padStart(12)}  #${x.i}  ${x.what}`);
  const w = slowestWall[s];
  console.log(`  slowest by wall clock: ${w.wall.toFixed(0)} ms (${w.ms.toFixed(0)} ms CPU)  #${w.i}  ${w.what}`);
}
if (bySignature.size > 0) {
  console.log('\nfailures:');
  for (const [sig, e] of bySignature) console.log(`  ${e.count}× ${sig} (first #${e.first})${e.file ? ` → ${e.file}` : ''}`);
}
process.exit(bySignature.size > 0 ? 1 : 0);
