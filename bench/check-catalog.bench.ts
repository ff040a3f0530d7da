// `motcua check` of 2,000 generated procedure files, cold (a fresh process each run).
// Target: under 3 s. Same-run reference: a bare `node` process that finds and reads the same
// files, so the ratio is our overhead over doing nothing but I/O.
//
// `pnpm motcua` runs server/bin/motcua.mjs, which runs the build server/dist/cli/motcua.mjs
// (server/build-cli.mjs; rebuilt first if a source file changed). `check` of many files runs
// on every idle core (worker threads; server/src/cli/check-shards.ts): one thread per core
// not already busy by the load average. The bench times the command as shipped, then the
// build without pnpm on one thread and on two (MOTCUA_WORKERS), and for information the
// TypeScript source under tsx (MOTCUA_CLI=source), which is what `pnpm motcua` ran before.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Workspace } from '../dsl/src/workspace.ts';
import { generateCatalog } from '../procedures/generator/generate.ts';
import { vocabularyOf } from '../procedures/generator/vocabulary.ts';
import { buildCli } from '../server/build-cli.mjs';
import { threadsFor } from '../server/src/cli/check-shards.ts';
import { commonFiles, repo } from './pipeline.ts';
import { kb, ms, stats, timeProcess, type ProcessRun, type Stats } from './timing.ts';

const FILES = 2000;
const SEED = 2025;
const TARGET_MS = 3000;

/** The last line the command wrote to stderr: the CLI's "N errors, M warnings in K files". */
const summary = (r: ProcessRun) => r.stderr.trim().split('\n').at(-1) ?? '';

function timeRuns(runs: number, command: string, args: readonly string[], env: Record<string, string> = {}): { s: Stats; last: ProcessRun } {
  const times: number[] = [];
  let last: ProcessRun | undefined;
  for (let i = 0; i < runs; i++) {
    last = timeProcess(command, args, repo, env);
    // 0 = no errors, 1 = errors found; anything else means the command itself failed.
    if (last.status !== 0 && last.status !== 1) throw new Error(`${command} ${args.join(' ')} failed (exit ${last.status}):\n${last.stderr.slice(-2000)}`);
    times.push(last.ms);
  }
  return { s: stats(times), last: last! };
}

export async function run(): Promise<void> {
  const t0 = performance.now();
  const common = commonFiles();
  const files = generateCatalog(FILES, SEED, { vocabulary: vocabularyOf(Workspace.fromFiles(common)) });
  const root = join(mkdtempSync(join(tmpdir(), 'motcua-catalog-')), 'procedures');
  try {
    let bytes = 0;
    let lines = 0;
    for (const [path, text] of files) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
      bytes += Buffer.byteLength(text);
      lines += text.split('\n').length - 1;
    }
    cpSync(join(repo, 'procedures', 'common'), join(root, 'common'), { recursive: true });
    console.log(
      `${FILES} generated procedures (seed ${SEED}, ${lines.toLocaleString('en')} lines, ${kb(bytes)}, ${Math.round(lines / FILES)} lines each on average) + procedures/common, in ${root}; generated in ${ms(performance.now() - t0)}`,
    );

    const reference = timeRuns(3, process.execPath, [join(repo, 'bench', 'cold', 'read-files.mjs'), root]);
    const refLine = `node start + find and read the same files: ${ms(reference.s.median)} (n=${reference.s.n})`;
    const line = (label: string, r: { s: Stats; last: ProcessRun }) =>
      `${label}: ${ms(r.s.median)} (min ${ms(r.s.min)}, n=${r.s.n}) → ${summary(r.last)}  | target ${ms(TARGET_MS)}: ${r.s.median <= TARGET_MS ? 'met' : 'NOT MET'}  | ${refLine}: ratio ${(r.s.median / reference.s.median).toFixed(1)}`;

    // The build `pnpm motcua` runs, made current first so that no run below includes a rebuild.
    const built = await buildCli();
    const threads = threadsFor(FILES);
    console.log(
      `build: ${built.out}; at this load average (${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores) \`check\` would use ${threads} thread${threads > 1 ? 's' : ''} (each run decides at its start)`,
    );
    // As shipped: pnpm → server/bin/motcua.mjs → the build. The launcher rebuilds first when a
    // source file changed since the build (someone editing during the bench): say so if it did.
    const builtAt = () => (JSON.parse(readFileSync(join(repo, 'server', 'dist', 'cli', 'inputs.json'), 'utf8')) as { builtAt: number }).builtAt;
    const before = builtAt();
    console.log(line('pnpm -s motcua check <dir> (as shipped: the build)', timeRuns(3, 'pnpm', ['-s', 'motcua', 'check', root])));
    if (builtAt() !== before) console.log('   note: the launcher rebuilt the CLI during these runs (a source file changed meanwhile), so one of them includes a build');
    // The build without pnpm, on one thread and on two.
    console.log(line('node server/dist/cli/motcua.mjs check <dir>, 1 thread', timeRuns(3, process.execPath, [built.out, 'check', root], { MOTCUA_WORKERS: '1' })));
    console.log(line('node server/dist/cli/motcua.mjs check <dir>, 2 threads', timeRuns(3, process.execPath, [built.out, 'check', root], { MOTCUA_WORKERS: '2' })));
    // For information: the TypeScript source under tsx (what `pnpm motcua` ran before it had a build).
    console.log(line('pnpm -s motcua check <dir> with MOTCUA_CLI=source (tsx, for information)', timeRuns(1, 'pnpm', ['-s', 'motcua', 'check', root], { MOTCUA_CLI: 'source', MOTCUA_WORKERS: '1' })));
  } finally {
    rmSync(dirname(root), { recursive: true, force: true });
  }
}
