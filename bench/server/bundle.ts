// The server as `pnpm start` runs it: server/dist/server/main.mjs, built by server/build-server.mjs
// (esbuild; better-sqlite3 stays in node_modules) and started through server/bin/start.mjs, which
// rebuilds it when a source file changed. The bench builds it once first, from the working tree,
// so that no start-up it times includes a rebuild.
import { join } from 'node:path';
import { buildServer } from '../../server/build-server.mjs';
import { ROOT } from './processes.ts';

/** The launcher `pnpm start` runs. */
export const LAUNCHER = join(ROOT, 'server', 'bin', 'start.mjs');

export async function bundleServer(): Promise<{ file: string; ms: number }> {
  const t0 = performance.now();
  const r = await buildServer();
  return { file: r.out, ms: performance.now() - t0 };
}
