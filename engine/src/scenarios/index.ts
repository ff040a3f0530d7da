// Scenarios (`scenario` blocks) executed against the engine: `pnpm motcua test`, the studio, reviews.
import { compileProcedure, type Workspace } from '@motcua/dsl';
import { SampleRegistry } from '../sources/sample-registry.ts';
import type { Registry } from '../sources/registry.ts';
import { runProcedureScenarios } from './run-scenario.ts';

export { runScenario, runProcedureScenarios, type ScenarioResult, type ScenarioFailure, type RunOptions } from './run-scenario.ts';

/**
 * The scenarios of one procedure of a workspace, each with pass/fail and the first failure in
 * one line — the shape reviews and the studio show. A procedure that does not compile fails whole.
 */
export async function runScenarios(
  ws: Workspace,
  procedureId: string,
  registry?: Registry,
): Promise<Array<{ id: string; label: string; labelEn?: string; passed: boolean; failure?: string; line?: number }>> {
  const compiled = compileProcedure(ws, procedureId);
  if (!compiled.ir) {
    const first = compiled.diagnostics.find((d) => d.severity === 'error');
    return [{ id: procedureId, label: procedureId, passed: false, failure: `Thủ tục có lỗi, không chạy được kịch bản: ${first?.code ?? ''} ${first?.message.vi ?? ''}` }];
  }
  const results = await runProcedureScenarios([compiled.ir], { registry: registry ?? (await SampleRegistry.load()) });
  return results.map((r) => ({
    id: r.id,
    label: r.label,
    ...(r.labelEn ? { labelEn: r.labelEn } : {}),
    passed: r.passed,
    ...(r.failure ? { failure: `${r.failure.line ? `dòng ${r.failure.line}: ` : ''}${r.failure.message.vi}` } : {}),
    ...(r.failure?.line ? { line: r.failure.line } : {}),
  }));
}
