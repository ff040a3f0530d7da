// How a program of the server package is built into plain JavaScript, once for all of them:
// build-cli.mjs (the `motcua` command line → server/dist/cli) and build-server.mjs (`pnpm start`
// → server/dist/server) both call `buildBundle`, and server/bin/launch.mjs runs what it built
// while it is current. Each build directory holds, beside its files, inputs.json: when the build
// started and every source file it was made from (not node_modules, which `pnpm install` changes
// only together with a rebuild through the root `prepare` script).
//
// A build directory sits three levels below the repository (server/dist/<name>/), like the
// sources (<package>/src/<dir>/*.ts): paths the code computes from its own location (the
// repository root, procedures/, procedures/registries/sample-data.json, studio/dist) come out
// the same from the build as from the source.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const server = dirname(fileURLToPath(import.meta.url));
const repo = join(server, '..');

/**
 * Builds `entryPoints` (name → source file; `<name>.mjs` each) into `outDir`, with inputs.json.
 * `quiet`: say nothing on a failed build (the launcher then runs the source, which will say why).
 * `options`: more esbuild options (e.g. `splitting`). Throws when the build fails.
 */
export async function buildBundle({ outDir, entryPoints, quiet = false, options = {} }) {
  const startedAt = Date.now();
  mkdirSync(outDir, { recursive: true });
  // Written beside, then renamed: a program starting meanwhile sees the old or the new files.
  const tmp = join(outDir, `.build-${process.pid}`);
  try {
    const result = await build({
      entryPoints,
      outdir: tmp,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: quiet ? 'silent' : 'error',
      legalComments: 'none',
      // Native code stays in node_modules (found from the repository root); pg-native is pg's
      // optional native driver, never installed here.
      external: ['better-sqlite3', 'pg-native'],
      // Bundled CommonJS packages (pg, kysely's helpers) call require() for Node's modules.
      banner: { js: "import { createRequire as __motcuaRequire } from 'node:module'; const require = __motcuaRequire(import.meta.url);" },
      ...options,
      metafile: true,
    });
    const inputs = Object.keys(result.metafile.inputs)
      .map((p) => relative(repo, join(process.cwd(), p)).split('\\').join('/'))
      .filter((p) => !p.split('/').includes('node_modules'))
      .sort();
    // Chunks first, the named entry points last, inputs.json at the very end. (esbuild also marks
    // chunks loaded by import() as entry points, so the names decide, not its flag.)
    const named = new Set(Object.keys(entryPoints).map((name) => `${name}.mjs`));
    const outputs = Object.keys(result.metafile.outputs)
      .map((p) => relative(tmp, join(process.cwd(), p)))
      .sort((a, b) => Number(named.has(a)) - Number(named.has(b)));
    for (const p of outputs) {
      mkdirSync(dirname(join(outDir, p)), { recursive: true });
      renameSync(join(tmp, p), join(outDir, p));
    }
    writeFileSync(join(tmp, 'inputs.json'), `${JSON.stringify({ builtAt: startedAt, inputs }, null, 1)}\n`);
    renameSync(join(tmp, 'inputs.json'), join(outDir, 'inputs.json'));
    return { outDir, files: outputs, inputs: inputs.length, ms: Date.now() - startedAt };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
