// Stand-in for `motcua check <dir>` while the CLI cannot run: load the workspace and check it.
// Usage: node --import tsx bench/cold/check-dir.ts <dir>
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadWorkspace } from '../../dsl/src/node.ts';

const ws = loadWorkspace(process.argv[2]!);
const checker = join(import.meta.dirname, '..', '..', 'dsl', 'src', 'check', 'index.ts');
let errors = 0;
let warnings = 0;
for (const f of ws.files.values()) errors += f.syntax.filter((d) => d.severity === 'error').length;
if (existsSync(checker)) {
  const { checkWorkspace } = await import(pathToFileURL(checker).href);
  for (const d of checkWorkspace(ws)) d.severity === 'error' ? errors++ : warnings++;
}
process.stderr.write(`${errors} errors, ${warnings} warnings in ${ws.files.size} files\n`);
process.exitCode = errors > 0 ? 1 : 0;
