import { describe, expect, it } from 'vitest';
import { definition } from './navigate.ts';
import { at, BIRTH, library, marked, procedure, vietnameseOnly } from './test-support.ts';
import type { Location } from './types.ts';
import type { Workspace } from '../workspace.ts';

const ws = library();
/** The declaration a location points at, as `path: text from the name to the end of its line` (English companions left out). */
function shown(w: Workspace, loc: Location | undefined): string | undefined {
  if (!loc) return undefined;
  const text = w.file(loc.path)!.text;
  const eol = text.indexOf('\n', loc.start);
  return `${loc.path}: ${text.slice(loc.start, loc.end)}${vietnameseOnly(text.slice(loc.end, eol < 0 ? undefined : eol))}`;
}
const defOf = (snippet: string) => shown(ws, definition(ws, BIRTH, at(ws, BIRTH, snippet)));

describe('go to definition', () => {
  it('goes from a transition target to the state', () => {
    expect(defOf('-> |approval_refusal with reason')).toBe(`${BIRTH}: approval_refusal "Lãnh đạo UBND xã xét đề xuất từ chối" by leader sla 2 working hours {`);
  });

  it("goes from an imported fragment's field to its declaration in the fragment's file", () => {
    const fx = marked(procedure({ form: 'form {\n    field note "Ghi chú": text visible when applicant.po|licy == ho_ngheo\n  }' }));
    expect(shown(fx.ws, definition(fx.ws, fx.path, fx.offset))).toBe('common/applicant.proc: policy "Đối tượng chính sách": choice {');
  });

  it('goes from a `use` and from its path to the fragment', () => {
    expect(defOf('use appl|icant from')).toBe('common/applicant.proc: applicant "Thông tin người nộp hồ sơ" {');
    expect(defOf('use applicant from "common/appl|icant.proc"')).toBe('common/applicant.proc: applicant "Thông tin người nộp hồ sơ" {');
  });

  it('goes from a source lookup to the source, and from its field to the source field, in common/sources.proc', () => {
    expect(defOf('prefill from popu|lation(mother.personal_id).full_name')).toBe('common/sources.proc: population "Cơ sở dữ liệu quốc gia về dân cư" {');
    expect(defOf('waived when civil_status(mother.personal_id).spouse|_id')).toMatch(/^common\/sources\.proc: spouse_id "/);
  });

  it('goes from an agency name to its declaration in agencies.proc', () => {
    expect(defOf('handover to bhxh|_huyen')).toBe('common/agencies.proc: bhxh_huyen "Bảo hiểm xã hội cơ sở (trước đây BHXH cấp huyện)" {');
  });

  it('goes from a choice option in a condition to the option', () => {
    expect(defOf('required when birth_proof == wit|ness\n      as original')).toBe(`${BIRTH}: witness "Văn bản của người làm chứng xác nhận việc sinh"`);
  });

  it("goes from a group's field to that field, not to a same-named field of another group", () => {
    expect(defOf('publish civil_status.mother_id = mother.personal|_id')).toBe(`${BIRTH}: personal_id "Số định danh cá nhân của mẹ": personal_id required`);
    expect(defOf('publish civil_status.father_id = father.personal|_id')).toBe(`${BIRTH}: personal_id "Số định danh cá nhân của cha": personal_id required`);
  });

  it("goes from a scenario's steps to the transition, state, document and fee they name", () => {
    expect(defOf('at 2025-04-29 11:00 do rec|ord, sign')).toBe(`${BIRTH}: record "Ghi sổ, cập nhật cơ sở dữ liệu" -> approval`);
    expect(defOf('expect state supplementing|')).toMatch(/: supplementing "Chờ bổ sung" by citizen pauses clock \{$/);
    expect(defOf('expect documents [to_khai, birth_comm|itment]')).toBe(`${BIRTH}: birth_commitment "Giấy cam đoan về việc sinh": required when birth_proof == commitment`);
  });

  it('goes from `issue result` to the result', () => {
    expect(defOf('-> done requires not interconnect\n        issue result birth_cert|ificate')).toBe(`${BIRTH}: birth_certificate "Giấy khai sinh (bản chính và bản điện tử)" {`);
  });

  it('has no definition for built-ins, keywords and roles', () => {
    expect(defOf('requires form|.valid and documents.complete\n    }\n    state submitted')).toBeUndefined();
    expect(defOf('by |reception at ubnd_xa')).toBeUndefined();
    expect(defOf('state submitted "Chờ tiếp nhận" by reception at ubnd_xa s|la')).toBeUndefined();
  });
});
