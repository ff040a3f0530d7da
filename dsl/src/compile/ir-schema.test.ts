// compileProcedure does not run its IR through the zod schema (that took a third of the compile
// time): the compiler writes every object's keys in the schema's order and only values the
// schema accepts. These tests hold it to that, on every procedure we have: the fixtures, the
// library, the benchmark's 2,000-line procedure and a generated catalog.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorkspace } from '../node.ts';
import { Workspace } from '../workspace.ts';
import { generateCatalog } from '../../../procedures/generator/generate.ts';
import { vocabularyOf } from '../../../procedures/generator/vocabulary.ts';
import { fixtureWorkspace } from './__fixtures__/workspace.ts';
import { ProcedureIR } from './ir.ts';
import { compileProcedure } from './ir-compiler.ts';

const repo = join(import.meta.dirname, '..', '..', '..');
const json = (v: unknown) => JSON.stringify(v, null, 2);

/** Compiles every procedure of `ws`; the IR must be exactly what the schema makes of it. */
function expectSchemaShaped(ws: Workspace): number {
  let compiled = 0;
  for (const { decl } of ws.procedures()) {
    const { ir, diagnostics } = compileProcedure(ws, decl.name.text);
    if (!ir) {
      expect(diagnostics.some((d) => d.severity === 'error'), `${decl.name.text} compiles or says why`).toBe(true);
      continue;
    }
    const parsed = ProcedureIR.safeParse(ir);
    expect(parsed.success ? [] : parsed.error.issues, `${decl.name.text}: IR the schema rejects`).toEqual([]);
    // Same keys, same order, same values.
    expect(json(ir), `${decl.name.text}: keys not in the schema's order`).toBe(json(parsed.data));
    compiled++;
  }
  return compiled;
}

describe('the compiler writes IR in the schema’s shape and order', () => {
  it('for the compiler fixtures', () => {
    expect(expectSchemaShaped(fixtureWorkspace())).toBeGreaterThan(0);
  });

  it('for every procedure of the library', () => {
    expect(expectSchemaShaped(loadWorkspace(join(repo, 'procedures')))).toBeGreaterThan(10);
  });

  it('for the 2,000-line benchmark procedure and 60 generated ones', () => {
    const common = loadWorkspace(join(repo, 'procedures', 'common'));
    const commonFiles = [...common.files.values()].map((f) => [`common/${f.path}`, f.text] as const);
    const big = readFileSync(join(repo, 'bench', 'fixtures', 'generated-2000.proc'), 'utf8');
    const catalog = generateCatalog(60, 7, { vocabulary: vocabularyOf(Workspace.fromFiles(commonFiles)) });
    const ws = Workspace.fromFiles([...commonFiles, ['bench/generated-2000.proc', big], ...catalog]);
    expect(expectSchemaShaped(ws)).toBeGreaterThanOrEqual(60);
  });
});
