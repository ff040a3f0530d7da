// Cold run of our pipeline in a fresh process: load the module, read and parse the shared
// files, then parse + check + compile one procedure file once. Prints the figures as JSON.
// Usage: node [--import tsx] bench/cold/pipeline-once.mjs <module> <procedures dir> <file.proc>
//   <module>: the esbuild bundle, or bench/pipeline-entry.ts (then run with --import tsx)
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [module, root, file] = process.argv.slice(2);
const t0 = performance.now();
const dsl = await import(pathToFileURL(module).href);
const pipeline = dsl.makePipeline(dsl);
const t1 = performance.now();
const base = dsl.Workspace.fromFiles(dsl.commonFiles(root));
pipeline.run(base, 'bench/input.proc', readFileSync(file, 'utf8'));
const t2 = performance.now();
console.log(JSON.stringify({ load: t1 - t0, first: t2 - t1, total: t2 - t0 }));
