// Cold run of our pipeline in a fresh process: load the modules, read and parse the shared
// files, then parse + check + compile one procedure file once. Prints the figures as JSON.
// Usage: node --import tsx bench/cold/pipeline-once.ts <file.proc>
import { readFileSync } from 'node:fs';

const t0 = performance.now();
const { Workspace } = await import('../../dsl/src/workspace.ts');
const { commonFiles, loadPipeline } = await import('../pipeline.ts');
const pipeline = await loadPipeline();
const t1 = performance.now();
const file = process.argv[2]!;
const text = readFileSync(file, 'utf8');
const base = Workspace.fromFiles(commonFiles());
pipeline.run(base, 'bench/input.proc', text);
const t2 = performance.now();
console.log(JSON.stringify({ load: t1 - t0, first: t2 - t1, total: t2 - t0 }));
