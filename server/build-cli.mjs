// Builds the `motcua` command line into one file, server/dist/cli/motcua.mjs (and the thread
// entry of a parallel `check`, check-worker.mjs, beside it), so `pnpm motcua`
// starts in plain node instead of compiling TypeScript through tsx on every run (7 s against
// under 3 s for `check` of 2,000 files). Run by the root `prepare` script (so by `pnpm install`)
// and by hand after changing the code: `node server/build-cli.mjs`. server/bin/motcua.mjs runs
// the build only while it is newer than every source file it was built from, else the source.
//
// The bundle sits three directories below the repository, like the sources it comes from
// (<package>/src/<dir>/*.ts): paths the code computes from its own location (the repository
// root, procedures/registries/sample-data.json) then come out the same.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const server = dirname(fileURLToPath(import.meta.url));
const repo = join(server, '..');
const outDir = join(server, 'dist', 'cli');
const out = join(outDir, 'motcua.mjs');

/** `quiet`: say nothing on a failed build (the launcher then runs the source, which will say why). */
export async function buildCli({ quiet = false } = {}) {
  const startedAt = Date.now();
  mkdirSync(outDir, { recursive: true });
  // Written beside, then renamed: a `pnpm motcua` running meanwhile sees the old or the new files.
  const tmp = join(outDir, `.build-${process.pid}`);
  try {
    return await buildInto(tmp, startedAt, quiet);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function buildInto(tmp, startedAt, quiet) {
  const result = await build({
    entryPoints: { motcua: join(server, 'src', 'cli', 'main.ts'), 'check-worker': join(server, 'src', 'cli', 'check-worker.ts') },
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: quiet ? 'silent' : 'error',
    metafile: true,
    legalComments: 'none',
    // Native code stays in node_modules (found from the repository root); pg-native is pg's
    // optional native driver, never installed here.
    external: ['better-sqlite3', 'pg-native'],
    // Bundled CommonJS packages (pg, kysely's helpers) call require() for Node's modules.
    banner: { js: "import { createRequire as __motcuaRequire } from 'node:module'; const require = __motcuaRequire(import.meta.url);" },
  });
  // What server/bin/motcua.mjs compares against: every source file bundled (not node_modules,
  // which `pnpm install` changes only together with a rebuild through `prepare`).
  const inputs = Object.keys(result.metafile.inputs)
    .map((p) => relative(repo, join(process.cwd(), p)).split('\\').join('/'))
    .filter((p) => !p.split('/').includes('node_modules'))
    .sort();
  renameSync(join(tmp, 'check-worker.mjs'), join(outDir, 'check-worker.mjs'));
  renameSync(join(tmp, 'motcua.mjs'), out);
  writeFileSync(join(tmp, 'inputs.json'), `${JSON.stringify({ builtAt: startedAt, inputs }, null, 1)}\n`);
  renameSync(join(tmp, 'inputs.json'), join(outDir, 'inputs.json'));
  return { out, inputs: inputs.length, ms: Date.now() - startedAt };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await buildCli();
  process.stdout.write(`motcua CLI → ${relative(process.cwd(), r.out)} (${r.inputs} source files, ${r.ms} ms)\n`);
}
