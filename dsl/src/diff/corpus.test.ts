import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile } from '../check/index.ts';
import { LineMap } from '../diagnostics.ts';
import { Workspace } from '../workspace.ts';
import { diffText, elementKinds, noSemanticChange, renderDiff, reviewCodes, type ProcedureDiff } from './index.ts';

// Golden semantic diffs: each folder of __corpus__ holds a before.proc/after.proc pair that
// changes one kind of element (or exercises one review check), and expected.txt, the diff a
// reviewer reads, in Vietnamese and English. A change in the output shows up as a diff of
// expected.txt; regenerate with UPDATE_GOLDEN=1 after checking the change is intended.
const corpus = join(import.meta.dirname, '__corpus__');
const update = process.env['UPDATE_GOLDEN'] === '1';
const cases = readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

const rendered = new Map<string, { diffs: ProcedureDiff[]; text: string }>();
function render(name: string): { diffs: ProcedureDiff[]; text: string } {
  const done = rendered.get(name);
  if (done) return done;
  const before = readFileSync(join(corpus, name, 'before.proc'), 'utf8');
  const after = readFileSync(join(corpus, name, 'after.proc'), 'utf8');
  const lines = { old: new LineMap(before), new: new LineMap(after) };
  const where = (_: ProcedureDiff, side: 'old' | 'new', offset: number) => `${side === 'old' ? 'before' : 'after'}.proc:${lines[side].position(offset).line}`;
  const diffs = diffText(before, after);
  const result = { diffs, text: `--- vi ---\n${renderDiff(diffs, 'vi', where)}--- en ---\n${renderDiff(diffs, 'en', where)}` };
  rendered.set(name, result);
  return result;
}

describe('semantic diff corpus (golden)', () => {
  for (const name of cases) {
    it(`renders ${name}`, () => {
      const { text } = render(name);
      const path = join(corpus, name, 'expected.txt');
      if (update || !existsSync(path)) writeFileSync(path, text);
      expect(text).toBe(readFileSync(path, 'utf8'));
    });
  }

  it('has a case for every kind of element and every review check', () => {
    const all = cases.flatMap((c) => render(c).diffs);
    const kinds = new Set(all.flatMap((d) => d.changes.map((c) => c.kind)));
    expect(elementKinds.filter((k) => !kinds.has(k))).toEqual([]);
    const codes = new Set(all.flatMap((d) => d.checks.map((c) => c.code)));
    expect(Object.keys(reviewCodes).filter((c) => !codes.has(c))).toEqual([]);
  });

  it('reports "no semantic change" exactly for the no-change cases', () => {
    for (const name of cases) {
      const { diffs } = render(name);
      expect(diffs.length, name).toBeGreaterThan(0);
      expect(diffs.every(noSemanticChange), name).toBe(name.startsWith('no-change-'));
    }
  });

  it('raises the check a check-… case is named after, and no other', () => {
    for (const name of cases.filter((c) => c.startsWith('check-'))) {
      const code = name.split('-')[1]!.toUpperCase();
      expect(render(name).diffs.flatMap((d) => d.checks.map((c) => c.code)), name).toEqual([code]);
    }
  });

  it('starts every pair from a procedure that checks clean against the library', () => {
    const root = join(import.meta.dirname, '..', '..', '..', 'procedures', 'common');
    const common = readdirSync(root).map((f) => [`common/${f}`, readFileSync(join(root, f), 'utf8')] as const);
    const base = readFileSync(join(corpus, 'fee-amount-channel', 'before.proc'), 'utf8');
    const ws = Workspace.fromFiles([...common, ['x/base.proc', base]]);
    expect(checkFile(ws, 'x/base.proc').map((d) => `${d.code} ${d.message.en}`)).toEqual([]);
    for (const name of cases.filter((c) => !c.startsWith('check-mc9002-new') && !c.startsWith('procedure-added')))
      expect(readFileSync(join(corpus, name, 'before.proc'), 'utf8'), name).toBe(base);
  });
});
