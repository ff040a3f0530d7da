import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, fixtureWorkspace } from './__fixtures__/workspace.ts';
import { toCard } from './card.ts';
import { compileProcedure } from './ir-compiler.ts';
import { toJsonSchema } from './json-schema.ts';
import { toXStateConfig } from './xstate.ts';

// Golden files are reviewed like code: a change in compiler output shows up as a diff.
// Regenerate with UPDATE_GOLDEN=1 after checking the change is intended.
const goldenDir = join(import.meta.dirname, '__golden__');
const update = process.env['UPDATE_GOLDEN'] === '1';
const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

describe('compiler output (golden)', () => {
  for (const f of fixtures) {
    const { ir, diagnostics } = compileProcedure(fixtureWorkspace(), f.name);

    it(`compiles ${f.name} without errors`, () => {
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(ir).toBeDefined();
    });
    if (!ir) continue;

    const outputs: [string, string][] = [
      ['ir.json', json(ir)],
      ['xstate.json', json(toXStateConfig(ir))],
      ['schema.json', json(toJsonSchema(ir))],
      ['card.md', toCard(ir)],
    ];
    for (const [suffix, actual] of outputs) {
      it(`matches ${f.name}.${suffix}`, () => {
        const path = join(goldenDir, `${f.name}.${suffix}`);
        if (update || !existsSync(path)) writeFileSync(path, actual);
        expect(actual).toBe(readFileSync(path, 'utf8'));
      });
    }
  }
});
