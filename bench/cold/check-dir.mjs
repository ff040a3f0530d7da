// Stand-in for `motcua check <dir>` when the CLI cannot run: load the workspace and check it.
// Usage: node [--import tsx] bench/cold/check-dir.mjs <module> <procedures dir>
import { pathToFileURL } from 'node:url';

const [module, dir] = process.argv.slice(2);
const dsl = await import(pathToFileURL(module).href);
const ws = dsl.loadWorkspace(dir);
let errors = 0;
let warnings = 0;
for (const d of dsl.checkWorkspace(ws)) d.severity === 'error' ? errors++ : warnings++;
process.stderr.write(`${errors} errors, ${warnings} warnings in ${ws.files.size} files\n`);
process.exitCode = errors > 0 ? 1 : 0;
