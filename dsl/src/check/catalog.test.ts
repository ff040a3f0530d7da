import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allCodes } from '../diagnostics.ts';
import { feeCases, scenarioCases } from './cases/fees.ts';
import { nameCases } from './cases/names.ts';
import { typeCases } from './cases/types.ts';
import { deadlineCases, onceOnlyCases, workflowCases } from './cases/workflow.ts';
import { checkCodes } from './index.ts';

const cases = [...nameCases, ...typeCases, ...workflowCases, ...deadlineCases, ...onceOnlyCases, ...feeCases, ...scenarioCases];

describe('the diagnostic catalog', () => {
  // MC9xxx belong to the review pass (semantic diff), which tests its own codes.
  const catalog = allCodes().filter((c) => /^MC[1-8]/.test(c.code));

  it('has a rule test (fires, and stays silent on a near miss) for every checker code', () => {
    const tested = new Set(cases.map((c) => c.code));
    const checker = catalog.map((c) => c.code).filter((c) => !c.startsWith('MC1'));
    expect(checker).toEqual([...checkCodes].sort());
    expect(checker.filter((c) => !tested.has(c))).toEqual([]);
    expect([...tested].filter((c) => !checker.includes(c))).toEqual([]);
    expect(cases.length).toBe(tested.size); // one case per code
  });

  it('has a rule test for every syntax code in syntax/codes.test.ts', () => {
    const syntaxTests = readFileSync(join(import.meta.dirname, '..', 'syntax', 'codes.test.ts'), 'utf8');
    const missing = catalog.filter((c) => c.code.startsWith('MC1') && !syntaxTests.includes(`code: '${c.code}'`));
    expect(missing.map((c) => c.code)).toEqual([]);
  });

  it('documents every code in one line, in Vietnamese and in English', () => {
    for (const c of catalog) {
      expect(c.doc.vi, c.code).toMatch(/^\S.*[.)]$/);
      expect(c.doc.en, c.code).toMatch(/^\S.*[.)]$/);
      expect(c.doc.vi + c.doc.en, c.code).not.toContain('\n');
    }
  });

  it('keeps each area in its range, with fees and deadline checks as warnings where the rule is advice', () => {
    const severity = new Map(catalog.map((c) => [c.code, c.severity]));
    for (const code of ['MC5001', 'MC5002', 'MC5003', 'MC6001', 'MC6002', 'MC7001', 'MC7002', 'MC7003', 'MC7004', 'MC7005']) {
      expect(severity.get(code), code).toBe('warning');
    }
    expect(severity.get('MC5004')).toBe('error');
    expect(severity.get('MC2013')).toBe('error');
  });
});
