// Helpers for the checker's tests: an in-memory workspace with the shared files every
// procedure relies on (sources, agencies, the applicant fragment) and a clean minimal
// procedure to vary.
import { expect, it } from 'vitest';
import type { Diagnostic } from '../diagnostics.ts';
import { Workspace } from '../workspace.ts';
import { checkWorkspace } from './index.ts';

export const SOURCES = `
source population "Cơ sở dữ liệu quốc gia về dân cư" {
  kind national
  key personal_id: personal_id
  authoritative
  field full_name "Họ và tên": text
  field birth_date "Ngày sinh": date
  field permanent_address "Nơi thường trú": address
}

source land "Cơ sở dữ liệu đất đai" {
  kind registry
  key address: address
  field owner_id "Số định danh chủ sử dụng": personal_id
  field area "Diện tích (m²)": number
}

source residence "Kho kết quả cư trú" {
  kind results
  key personal_id: personal_id
  field permanent_address "Nơi thường trú": address
}
`;

export const AGENCIES = `
agency cong_an_xa "Công an xã" {
  unit "000.00.12.H40"
  level commune
  calendar national
  parent ubnd_tinh
}

agency ubnd_tinh "Ủy ban nhân dân tỉnh" {
  level province
}
`;

export const APPLICANT = `
fragment applicant "Người nộp hồ sơ" {
  field personal_id "Số định danh cá nhân": personal_id required prefill from citizen locked
  field full_name "Họ và tên": text required prefill from population.full_name locked
  field birth_date "Ngày sinh": date required prefill from population.birth_date locked
  field policy "Đối tượng chính sách": choice {
    nguoi_co_cong "Người có công"
    ho_ngheo "Hộ nghèo"
    khuyet_tat "Người khuyết tật"
    tre_em "Trẻ em"
  } optional
}
`;

export const COMMON: Readonly<Record<string, string>> = {
  'common/sources.proc': SOURCES,
  'common/agencies.proc': AGENCIES,
  'common/applicant.proc': APPLICANT,
};

export interface Parts {
  head?: string;
  uses?: string;
  form?: string;
  documents?: string;
  fees?: string;
  deadline?: string;
  workflow?: string;
  results?: string;
  scenarios?: string;
}

const DEFAULT_WORKFLOW = `workflow {
    state draft by citizen { submit -> submitted }
    state submitted by reception {
      accept -> processing issue receipt
      refuse -> refused with reason issue refusal
    }
    state processing by specialist { approve -> done }
    final done
    final refused
  }`;

/**
 * A procedure that checks clean, with parts replaced. Each part is the text of that block;
 * pass `''` to leave a part out.
 */
export function procedure(parts: Parts = {}): string {
  const p = {
    head: `code "1.000001"
  version 1
  title "Thủ tục mẫu"
  agency cong_an_xa`,
    uses: 'use applicant from "common/applicant.proc"',
    form: `form {
    field note "Ghi chú": text optional
  }`,
    documents: '',
    fees: '',
    deadline: 'deadline 5 working days from complete',
    workflow: DEFAULT_WORKFLOW,
    results: '',
    scenarios: '',
    ...parts,
  };
  return `procedure thu_tuc_mau {
  ${p.head}
  ${p.uses}
  ${p.form}
  ${p.documents}
  ${p.fees}
  ${p.deadline}
  ${p.workflow}
  ${p.results}
  ${p.scenarios}
}
`;
}

export type Files = string | Readonly<Record<string, string>>;

/** The workspace of the common files plus `files` (a string is `thu_tuc/mau.proc`). */
export function workspace(files: Files): Workspace {
  const own = typeof files === 'string' ? { 'thu_tuc/mau.proc': files } : files;
  return Workspace.fromFiles(Object.entries({ ...COMMON, ...own }));
}

export function diagnostics(files: Files): Diagnostic[] {
  return checkWorkspace(workspace(files));
}

/** Codes of every diagnostic of the workspace, in report order. */
export function codesOf(files: Files): string[] {
  return diagnostics(files).map((d) => d.code);
}

/** The workspace reports exactly these codes (in any order). */
export function expectCodes(files: Files, codes: readonly string[]): void {
  const found = diagnostics(files);
  const summary = found.map((d) => `${d.code} ${d.file}@${d.span.start}: ${d.message.en}`);
  expect(found.map((d) => d.code).sort(), summary.join('\n')).toEqual([...codes].sort());
}

/** One rule of the checker: the code fires on a minimal example and not on a near miss. */
export interface RuleCase {
  readonly code: string;
  readonly rule: string;
  readonly fires: Files;
  readonly nearMiss: Files;
  /** Other codes the minimal example also (legitimately) reports. */
  readonly also?: readonly string[];
}

/** One test per case: the rule fires on its example and stays silent on the near miss. */
export function ruleTests(cases: readonly RuleCase[]): void {
  for (const c of cases) {
    it(`${c.code}: ${c.rule}`, () => {
      expectCodes(c.fires, [c.code, ...(c.also ?? [])]);
      expectCodes(c.nearMiss, []);
    });
  }
}
