// Test and benchmark support: the studio's production build (studio/dist, served at /studio/),
// built again when it is missing or older than anything it is built from.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../runtime/runtime.ts';

/** The newest modification time under a path (files only). */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((n) => newest(join(path, n))));
}

/** Runs `pnpm --filter @motcua/studio build` unless studio/dist is newer than the studio's and the dsl's sources. */
export function ensureStudioBuilt(): void {
  const studio = join(REPO_ROOT, 'studio');
  const index = join(studio, 'dist', 'index.html');
  const sources = Math.max(
    ...['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => newest(join(studio, p))),
    ...['dsl/src', 'engine/src/calendar', 'procedures'].map((p) => newest(join(REPO_ROOT, p))),
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync('pnpm', ['--filter', '@motcua/studio', 'build'], { cwd: REPO_ROOT, stdio: 'pipe' });
}
