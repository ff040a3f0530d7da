// `motcua check` of 2,000 generated procedure files, cold (a fresh process each run).
// Target: under 3 s. Same-run reference: a bare `node` process that finds and reads the same
// files, so the ratio is our overhead over doing nothing but I/O.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Workspace } from '../dsl/src/workspace.ts';
import { generateCatalog } from '../procedures/generator/generate.ts';
import { vocabularyOf } from '../procedures/generator/vocabulary.ts';
import { buildBundles } from './build.ts';
import { commonFiles, repo } from './pipeline.ts';
import { kb, ms, stats, timeProcess, type ProcessRun, type Stats } from './timing.ts';

const FILES = 2000;
const SEED = 2025;
const TARGET_MS = 3000;

/** The last line the command wrote to stderr: the CLI's "N errors, M warnings in K files". */
const summary = (r: ProcessRun) => r.stderr.trim().split('\n').at(-1) ?? '';

function timeRuns(runs: number, command: string, args: readonly string[]): { s: Stats; last: ProcessRun } {
  const times: number[] = [];
  let last: ProcessRun | undefined;
  for (let i = 0; i < runs; i++) {
    last = timeProcess(command, args, repo);
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

    const bundles = await buildBundles();
    // As users run it today: pnpm → tsx → TypeScript source.
    try {
      console.log(line('pnpm motcua check <dir> (tsx, as shipped)', timeRuns(2, 'pnpm', ['-s', 'motcua', 'check', root])));
    } catch (e) {
      console.log(`pnpm motcua check: could not run (${(e as Error).message.split('\n')[0]}); timing the stand-in below instead`);
      console.log(line('node --import tsx bench/cold/check-dir.mjs (loadWorkspace + checkWorkspace, stand-in for the CLI)', timeRuns(2, process.execPath, ['--import', 'tsx', join(repo, 'bench', 'cold', 'check-dir.mjs'), join(repo, 'bench', 'pipeline-entry.ts'), root])));
    }
    // The same command from a build (esbuild bundle of server/src/cli/main.ts, plain node).
    if (bundles.cli) console.log(line('node motcua.mjs check <dir> (bundled CLI)', timeRuns(3, process.execPath, [bundles.cli, 'check', root])));
    else console.log(line('node bench/cold/check-dir.mjs (bundled loadWorkspace + checkWorkspace; the CLI did not bundle)', timeRuns(3, process.execPath, [join(repo, 'bench', 'cold', 'check-dir.mjs'), bundles.pipeline, root])));
  } finally {
    rmSync(dirname(root), { recursive: true, force: true });
  }
}
