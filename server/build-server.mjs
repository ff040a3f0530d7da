// Builds the server (`pnpm start`, src/main.ts) into one file, server/dist/server/main.mjs, so
// that it starts in plain node instead of compiling TypeScript through tsx on every start (0.6 s
// against 2.8 s to the first /healthz). Run by the root `prepare` script (so by `pnpm install`)
// and by hand after changing the code: `node server/build-server.mjs`; server/bin/start.mjs
// rebuilds it by itself when a source file is newer (build-bundle.mjs, bin/launch.mjs).
//
// Nothing is read from beside the build but what the source reads from beside itself: the
// library, the sample registries and the studio are found from the repository root, three
// levels up; SQLite's native driver is loaded from node_modules; the checkpoint thread
// (engine/src/storage/checkpointer.ts) is evaluated from a string, not a file.
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundle } from './build-bundle.mjs';

const server = fileURLToPath(new URL('.', import.meta.url));

/** `quiet`: say nothing on a failed build. */
export async function buildServer({ quiet = false } = {}) {
  const r = await buildBundle({ outDir: join(server, 'dist', 'server'), entryPoints: { main: join(server, 'src', 'main.ts') }, quiet });
  return { out: join(r.outDir, 'main.mjs'), inputs: r.inputs, ms: r.ms };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await buildServer();
  process.stdout.write(`motcua server → ${relative(process.cwd(), r.out)} (${r.inputs} source files, ${r.ms} ms)\n`);
}
