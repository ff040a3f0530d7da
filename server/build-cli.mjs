// Builds the `motcua` command line into server/dist/cli/motcua.mjs (and the thread entry of a
// parallel `check`, check-worker.mjs, and the chunks both load, beside it), so `pnpm motcua`
// starts in plain node instead of compiling TypeScript through tsx on every run (7 s against
// under 3 s for `check` of 2,000 files). Run by the root `prepare` script (so by `pnpm install`)
// and by hand after changing the code: `node server/build-cli.mjs`. server/bin/motcua.mjs runs
// the build only while it is newer than every source file it was built from, else the source.
//
// The bundle sits three directories below the repository, like the sources it comes from
// (<package>/src/<dir>/*.ts): paths the code computes from its own location (the repository
// root, procedures/registries/sample-data.json) then come out the same.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundle } from './build-bundle.mjs';

const server = fileURLToPath(new URL('.', import.meta.url));
const outDir = join(server, 'dist', 'cli');
const out = join(outDir, 'motcua.mjs');

/** `quiet`: say nothing on a failed build (the launcher then runs the source, which will say why). */
export async function buildCli({ quiet = false } = {}) {
  const previous = needed(['motcua.mjs', 'check-worker.mjs']);
  // esbuild, the atomic write and inputs.json (what server/bin/launch.mjs compares against): build-bundle.mjs.
  const r = await buildBundle({
    outDir,
    entryPoints: { motcua: join(server, 'src', 'cli', 'main.ts'), 'check-worker': join(server, 'src', 'cli', 'check-worker.ts') },
    quiet,
    // Each command's modules in chunks of their own (main.ts imports the command run, only):
    // `check` loads neither the engine nor the SQLite driver. Chunks sit beside the entries.
    options: { splitting: true, chunkNames: '[name]-[hash]' },
  });
  removeStale(new Set([...r.files, ...previous]));
  return { out, inputs: r.inputs, ms: r.ms };
}

/** The files of the build that `entries` load, themselves included (chunks import chunks). */
function needed(entries) {
  const found = new Set();
  const visit = (file) => {
    if (found.has(file) || !existsSync(join(outDir, file))) return;
    found.add(file);
    for (const [, chunk] of readFileSync(join(outDir, file), 'utf8').matchAll(/(?:from|import)\s*\(?\s*"\.\/([\w.-]+\.mjs)"/g)) visit(chunk);
  };
  for (const e of entries) visit(e);
  return found;
}

/**
 * Each build writes chunks of new names beside the old ones. Those of the build before this one
 * stay (a command started just before may still load them), so do those written in the last ten
 * minutes (another build running at the same time); older ones go.
 */
function removeStale(keep) {
  for (const file of readdirSync(outDir)) {
    if (!file.endsWith('.mjs') || keep.has(file)) continue;
    const path = join(outDir, file);
    try {
      if (Date.now() - statSync(path).mtimeMs > 10 * 60_000) rmSync(path, { force: true });
    } catch {
      // removed meanwhile by another build
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await buildCli();
  process.stdout.write(`motcua CLI → ${relative(process.cwd(), r.out)} (${r.inputs} source files, ${r.ms} ms)\n`);
}
