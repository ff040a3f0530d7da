// Cold run of bpmn-moddle in a fresh process: load the module, then `fromXML` once.
// Usage: node bench/cold/bpmn-once.mjs <file.bpmn>
import { readFileSync } from 'node:fs';

const t0 = performance.now();
const { BpmnModdle } = await import('bpmn-moddle');
const t1 = performance.now();
const xml = readFileSync(process.argv[2], 'utf8');
const { warnings } = await new BpmnModdle().fromXML(xml);
const t2 = performance.now();
if (warnings.length) throw new Error(`bpmn-moddle warnings: ${warnings.length}`);
console.log(JSON.stringify({ load: t1 - t0, first: t2 - t1, total: t2 - t0 }));
