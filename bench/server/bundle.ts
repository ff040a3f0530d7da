// server/src/main.ts bundled with esbuild, as a production build would run it (no tsx: no
// transpiling at start, no `__name` wrapper around every function). The server finds the
// library and the sample registries three folders above its own file (REPO_ROOT in
// server/src/runtime/runtime.ts, the sample-data path in engine/src/sources/sample-registry.ts),
// so the bundle goes to <dir>/x/y/z/main.mjs (as deep as server/src/runtime/) beside links to the repository's procedures/ and
// node_modules/ (better-sqlite3 is native and stays outside the bundle).
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './processes.ts';

export async function bundleServer(dir: string): Promise<{ file: string; ms: number }> {
  const t0 = performance.now();
  mkdirSync(join(dir, 'x', 'y', 'z'), { recursive: true });
  symlinkSync(join(ROOT, 'procedures'), join(dir, 'procedures'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const file = join(dir, 'x', 'y', 'z', 'main.mjs');
  await build({
    entryPoints: [join(ROOT, 'server', 'src', 'main.ts')],
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
    external: ['better-sqlite3', 'pg-native'],
    // CommonJS dependencies inside an ES module bundle still call require().
    banner: { js: "import { createRequire as __motcuaCreateRequire } from 'node:module'; const require = __motcuaCreateRequire(import.meta.url);" },
  });
  return { file, ms: performance.now() - t0 };
}
