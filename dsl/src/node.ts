// Node-only helpers: read a directory of `.proc` files into a Workspace. Kept out of the
// main entry so the language itself runs in the browser (studio worker).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { Workspace } from './workspace.ts';

export function findProcFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const visit = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (name === 'node_modules' || name.startsWith('.')) continue;
        visit(join(p, name));
      }
    } else if (p.endsWith('.proc')) out.push(p);
  };
  for (const p of paths) visit(p);
  return out;
}

/**
 * The workspace root is the nearest `procedures/` directory above the given paths (imports
 * are relative to it), or the first path itself.
 */
export function workspaceRoot(path: string): string {
  const abs = resolve(path);
  const idx = abs.lastIndexOf(`${sep}procedures`);
  if (idx >= 0) {
    const end = idx + `${sep}procedures`.length;
    if (abs.length === end || abs[end] === sep) return abs.slice(0, end);
  }
  return statSync(abs).isDirectory() ? abs : resolve(abs, '..');
}

/** Load every `.proc` file under `root` (so imports and sources resolve), keyed relative to it. */
export function loadWorkspace(root: string): Workspace {
  const files = findProcFiles([root]).map((f) => [relative(root, f).split(sep).join('/'), readFileSync(f, 'utf8')] as const);
  return Workspace.fromFiles(files);
}
