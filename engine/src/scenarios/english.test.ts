// Scenarios of a procedure with English: the same outcomes and Vietnamese reports as without,
// and each result carries the scenario's English label beside the Vietnamese one.
import { describe, expect, it } from 'vitest';
import { SampleRegistry } from '../sources/sample-registry.ts';
import { compileLibrary } from '../testing/compile.ts';
import { withEnglish, withoutEnglish } from '@motcua/dsl/testing';
import { runProcedureScenarios, type ScenarioResult } from './run-scenario.ts';

/** English for every text of the procedure: "[en] " and the Vietnamese. */
const EVERYTHING = new Proxy({} as Record<string, string>, { get: (_, vi) => `[en] ${String(vi)}` });

describe('scenarios of a procedure with English', () => {
  it('pass and fail as without English, reporting in Vietnamese as before, with the English label beside', async () => {
    const registry = await SampleRegistry.load();
    const plain = withoutEnglish(compileLibrary('dang_ky_thuong_tru'));
    const english = withEnglish(plain, EVERYTHING);
    // One scenario expects what does not happen, so a failure's report is compared too.
    for (const ir of [plain, english]) ir.scenarios.push({ ...ir.scenarios[0]!, id: 'wrong', steps: [...ir.scenarios[0]!.steps, { kind: 'expect', what: 'state', value: { kind: 'lit', type: 'name', value: 'refused' } }] });
    const [before, after] = [await runProcedureScenarios([plain], { registry }), await runProcedureScenarios([english], { registry })];
    const strip = ({ labelEn: _, ...r }: ScenarioResult) => r;
    expect(after.map(strip)).toEqual(before);
    expect(before.find((r) => r.id === 'wrong')!.passed).toBe(false);
    expect(before.every((r) => !('labelEn' in r))).toBe(true);
    expect(after.map((r) => r.labelEn)).toEqual(after.map((r) => `[en] ${r.label}`));
  });
});
