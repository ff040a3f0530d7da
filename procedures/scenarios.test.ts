// Every scenario of the library passes against the engine (what `pnpm motcua test procedures` runs).
import { describe, expect, it } from 'vitest';
import { compileProcedure } from '../dsl/src/index.ts';
import { loadWorkspace } from '../dsl/src/node.ts';
import { runScenario, SampleRegistry } from '../engine/src/index.ts';

const ws = loadWorkspace(import.meta.dirname);
const registry = await SampleRegistry.load();

for (const { decl, file } of ws.procedures()) {
  const compiled = compileProcedure(ws, decl.name.text);
  describe(`${file} (${decl.name.text})`, () => {
    it('compiles', () => {
      expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    });
    it('has at least three scenarios', () => {
      expect(compiled.ir?.scenarios.length ?? 0).toBeGreaterThanOrEqual(3);
    });
    for (const sc of compiled.ir?.scenarios ?? []) {
      it(`scenario ${sc.id}: ${sc.label}`, async () => {
        const r = await runScenario(compiled.ir!, sc, { registry });
        expect(r.failure ? `${file}:${r.failure.line}: ${r.failure.message.vi}` : 'passed').toBe('passed');
      });
    }
  });
}
