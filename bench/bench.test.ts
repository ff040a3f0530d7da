// The benchmarks themselves are not tests; these check that what they compare is what they say.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import { parse } from '../dsl/src/syntax/parse.ts';
import { bpmnOfSize, procedureToBpmn } from './bpmn.ts';
import type { FixtureInfo } from './make-fixtures.ts';
import { stats } from './timing.ts';

const fixtures = join(import.meta.dirname, 'fixtures');
const read = (f: string) => readFileSync(join(fixtures, f), 'utf8');
const manifest = JSON.parse(read('fixtures.json')) as Record<string, FixtureInfo>;

const count = (xml: string, tag: string) => xml.split(`<bpmn:${tag} `).length - 1;

describe('stats', () => {
  it('takes the middle sample as the median and the nearest-rank 95th percentile', () => {
    expect(stats([5, 1, 3])).toEqual({ median: 3, p95: 5, min: 1, n: 3 });
    expect(stats([4, 1, 3, 2]).median).toBe(2.5);
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(stats(hundred).p95).toBe(95);
  });
});

describe('BPMN reference for the 2,000-line procedure', () => {
  const xml = read('generated-2000.bpmn');

  it('is a workflow of about 30 tasks with exclusive gateways, boundary timers and lanes', () => {
    expect(count(xml, 'userTask')).toBeGreaterThanOrEqual(25);
    expect(count(xml, 'serviceTask')).toBeGreaterThanOrEqual(3);
    expect(count(xml, 'exclusiveGateway')).toBeGreaterThanOrEqual(5);
    expect(count(xml, 'boundaryEvent')).toBeGreaterThanOrEqual(10);
    expect(count(xml, 'lane')).toBe(4);
    expect(xml).toContain('<mc:field ');
    expect(xml).toContain('<mc:fee ');
  });

  it('is within 2% of the size of the procedure it stands beside', () => {
    const proc = Buffer.byteLength(read('generated-2000.proc'));
    expect(Math.abs(Buffer.byteLength(xml) - proc) / proc).toBeLessThan(0.02);
    expect(manifest['generated-2000.bpmn']?.procBytes).toBe(proc);
  });

  it('is read by bpmn-moddle without warnings', async () => {
    const { warnings, rootElement } = await new BpmnModdle().fromXML(xml);
    expect(warnings).toEqual([]);
    expect(rootElement).toBeTruthy();
  });
});

describe('procedureToBpmn', () => {
  const proc = parse(read('generated-2000.proc')).file.declarations[0];
  if (proc?.kind !== 'Procedure') throw new Error('fixture has no procedure');

  it('gives every non-final state a user task, every final state an end event and every SLA a timer', () => {
    const workflow = proc.items.find((i) => i.kind === 'Workflow');
    if (workflow?.kind !== 'Workflow') throw new Error('no workflow');
    const xml = procedureToBpmn(proc, 0, false);
    expect(count(xml, 'userTask')).toBe(workflow.states.filter((s) => !s.final).length);
    expect(count(xml, 'endEvent')).toBe(workflow.states.filter((s) => s.final).length + 1); // + the warning path's end
    expect(count(xml, 'boundaryEvent')).toBe(workflow.states.filter((s) => s.clauses.some((c) => c.kind === 'Sla')).length);
  });

  it('cuts the extension items, never the workflow, to meet a size', () => {
    const small = bpmnOfSize(proc, 100_000);
    expect(Buffer.byteLength(small.xml)).toBeLessThanOrEqual(100_000);
    expect(small.items).toBeLessThan(small.totalItems);
    expect(count(small.xml, 'userTask')).toBe(count(procedureToBpmn(proc), 'userTask'));
  });
});
