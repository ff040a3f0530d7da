import { describe, expect, it } from 'vitest';
import { keywordList } from '../syntax/tokens.ts';
import { hover } from './hover.ts';
import { describeWord, keywordDoc, wordsOf } from './vocabulary.ts';
import { at, BIRTH, library, marked, procedure } from './test-support.ts';

const ws = library();
const hoverAt = (snippet: string) => hover(ws, BIRTH, at(ws, BIRTH, snippet));

describe('hover on names', () => {
  it("shows a field's label, type, where its value is prefilled from, and that it is locked", () => {
    const field = hoverAt('field permanent_address| "Nơi cư trú"')!;
    expect(field.markdown).toContain('**Trường** `mother.permanent_address` — Nơi cư trú');
    expect(field.markdown).toContain('Kiểu: `address` — địa chỉ');
    expect(field.markdown).toContain('bắt buộc');
    expect(field.markdown).toContain('Điền sẵn từ `population(mother.personal_id).permanent_address` — Cơ sở dữ liệu quốc gia về dân cư (nguồn có giá trị pháp lý)');
    expect(field.markdown).toContain('Khóa: người nộp không sửa được');
  });

  it('covers exactly the name under the cursor', () => {
    const offset = at(ws, BIRTH, 'requires not inter|connect');
    const h = hover(ws, BIRTH, offset)!;
    expect(ws.file(BIRTH)!.text.slice(h.start, h.end)).toBe('interconnect');
    expect(h.markdown).toContain('Đồng thời đăng ký thường trú và cấp thẻ BHYT cho trẻ (liên thông)');
    expect(h.markdown).toContain('> Nghị định 63/2024/NĐ-CP');
  });

  it("shows where an imported fragment's field is declared, with its condition-free clauses", () => {
    const fx = marked(procedure({ form: 'form {\n    field note "Ghi chú": text visible when applicant.|policy == ho_ngheo\n  }' }));
    const h = hover(fx.ws, fx.path, fx.offset)!;
    expect(h.markdown).toContain('**Trường** `applicant.policy` — Đối tượng chính sách');
    expect(h.markdown).toContain('lựa chọn: `nguoi_co_cong` (Người có công)');
    expect(h.markdown).toContain('Khai báo tại `common/applicant.proc`');
  });

  it("shows a document's conditions, form, formats and legal basis, and its waiver", () => {
    const h = hoverAt('doc marriage_certificate| "Giấy chứng nhận kết hôn của cha, mẹ"')!;
    expect(h.markdown).toContain('bắt buộc khi `father_known and parents_married` · bản sao · định dạng pdf, jpg · tối đa 5 MB');
    expect(h.markdown).toContain('Căn cứ: Nghị định 123/2015/NĐ-CP');
    expect(h.markdown).toContain('Miễn nộp khi `civil_status(mother.personal_id).spouse_id == father.personal_id` (căn cứ: Nghị quyết 66.7/2025/NQ-CP; Nghị định 87/2020/NĐ-CP)');
  });

  it("shows a fee's lines with their conditions and legal basis", () => {
    const h = hoverAt('fee registration| "Lệ phí đăng ký khai sinh"')!;
    expect(h.markdown).toContain('- Mức thu `0 VND` (căn cứ: Luật Hộ tịch 2014, Điều 11;');
    expect(h.markdown).toContain('- Miễn «Người thuộc gia đình có công, hộ nghèo, người khuyết tật» khi `population(mother.personal_id).policy in [nguoi_co_cong, ho_ngheo, khuyet_tat]` (căn cứ: Luật Hộ tịch 2014, Điều 11 khoản 1 điểm a)');
    expect(h.markdown).toContain('- Nộp khi nộp hồ sơ');
  });

  it('shows the source a field of a lookup belongs to, and whether the source is authoritative', () => {
    const h = hoverAt('waived when civil_status(mother.personal_id).spouse|_id')!;
    expect(h.markdown).toContain('**Trường của nguồn** `civil_status.spouse_id`');
    expect(h.markdown).toContain('Nguồn: `civil_status` — Kho kết quả đăng ký hộ tịch (Cơ sở dữ liệu hộ tịch điện tử) (nguồn có giá trị pháp lý)');
    expect(h.markdown).toContain('Căn cứ: Luật Hộ tịch 60/2014/QH13; Nghị định 87/2020/NĐ-CP');
    expect(h.markdown).toContain('Khai báo tại `common/sources.proc`');
  });

  it('shows how a source is read: by the applicant when keyed by personal id, by an explicit key otherwise', () => {
    expect(hoverAt('prefill from popu|lation(mother.personal_id).full_name')!.markdown).toContain('đọc theo người nộp, không cần nêu khóa');
    const fx = marked(procedure({ form: 'form {\n    field address "Địa chỉ": address\n    field owner "Chủ": boolean = la|nd(address).owner_id == citizen\n  }' }));
    expect(hover(fx.ws, fx.path, fx.offset)!.markdown).toContain('tra cứu bằng `land(address).…`');
  });

  it('shows the role, agency, SLA and transitions of a state', () => {
    const h = hoverAt('state submitted| "Chờ tiếp nhận"')!;
    expect(h.markdown).toContain('Vai trò: `reception` — Bộ phận tiếp nhận và trả kết quả');
    expect(h.markdown).toContain('Tại: `ubnd_xa` (Ủy ban nhân dân cấp xã)');
    expect(h.markdown).toContain('Thời hạn bước: 1 giờ làm việc');
    expect(h.markdown).toContain('`accept` → `processing`');
    expect(hoverAt('state supplementing| "Chờ bổ sung"')!.markdown).toContain('Dừng đồng hồ');
  });

  it('shows every state a transition name leaves from', () => {
    const h = hoverAt('at 2025-01-24 10:30 do ask_|supplement')!;
    expect(h.markdown).toContain('`submitted` → `supplementing`');
    expect(h.markdown).toContain('`processing` → `supplementing`');
    expect(h.markdown).toContain('Tính lại thời hạn từ đầu');
  });

  it('shows a choice option with its label and the field it belongs to', () => {
    const h = hoverAt('required when birth_proof == wit|ness\n      as original')!;
    expect(h.markdown).toContain('**Phương án** `witness` — Văn bản của người làm chứng xác nhận việc sinh');
    expect(h.markdown).toContain('Của trường `birth_proof` (Giấy tờ chứng minh việc sinh)');
  });

  it("shows an agency's unit code, level, calendar and parent", () => {
    const h = hoverAt('handover to bhxh|_huyen')!;
    expect(h.markdown).toContain('Mã đơn vị: `000.03.41.H40`');
    expect(h.markdown).toContain('Lịch: làm việc cả sáng thứ Bảy');
    expect(h.markdown).toContain('Khai báo tại `common/agencies.proc`');
  });
});

describe('hover on the language itself', () => {
  it('explains keywords', () => {
    expect(hoverAt('by citizen pauses| clock')!.markdown).toContain('thời gian ở bước này không tính vào thời hạn');
  });

  it('explains built-in values and fixed words', () => {
    const fx = marked(procedure({ fees: 'fee f "Phí" {\n    amount 10_000 VND when chan|nel == online\n  }' }));
    expect(hover(fx.ws, fx.path, fx.offset)!.markdown).toContain('`channel` — Giá trị có sẵn — hình thức nộp');
    expect(hoverAt('by |reception at ubnd_xa')!.markdown).toBe('`reception` — Vai trò — Bộ phận tiếp nhận và trả kết quả');
  });

  it('explains in English when asked, names and keywords alike', () => {
    const en = (snippet: string) => hover(ws, BIRTH, at(ws, BIRTH, snippet), { lang: 'en' })!.markdown;
    expect(en('by citizen pauses| clock')).toBe('`pauses` — `pauses clock`: time spent in this step does not count towards the deadline (waiting for the applicant).');
    expect(en('by |reception at ubnd_xa')).toBe('`reception` — Role — Reception and results desk (one-stop desk)');
    const state = en('state submitted| "Chờ tiếp nhận"');
    expect(state).toContain('**Step** `submitted` — Chờ tiếp nhận');
    expect(state).toContain('Role: `reception` — Reception and results desk');
    expect(state).toContain('Step time limit: 1 working hour');
    const field = en('field permanent_address| "Nơi cư trú"');
    expect(field).toContain('**Field** `mother.permanent_address` — Nơi cư trú');
    expect(field).toContain('Type: `address` — an address');
    expect(field).toContain('Locked: the applicant cannot change this value');
    const fee = en('fee registration| "Lệ phí đăng ký khai sinh"');
    expect(fee).toContain('- Amount `0 VND` (legal basis: Luật Hộ tịch 2014, Điều 11;');
    expect(fee).toContain('- Paid when the dossier is submitted');
    // Nothing Vietnamese but what the designer wrote (labels, legal basis, help).
    expect(hover(ws, BIRTH, at(ws, BIRTH, 'by |reception at ubnd_xa'), { lang: 'vi' })!.markdown).toBe('`reception` — Vai trò — Bộ phận tiếp nhận và trả kết quả');
  });

  it('has an English line for every keyword and fixed word that has a Vietnamese one', () => {
    for (const word of keywordList) expect(!!keywordDoc(word, 'en'), word).toBe(!!keywordDoc(word, 'vi'));
    const categories = ['role', 'channel', 'level', 'agencyLevel', 'calendar', 'docForm', 'input', 'issue', 'type', 'sourceKind', 'givenKey', 'expectKind', 'outcome', 'deadlineStart', 'dueOn', 'value', 'group', 'function'] as const;
    for (const c of categories) for (const word of wordsOf(c)) expect(!!describeWord(c, word, 'en'), `${c} ${word}`).toBe(!!describeWord(c, word, 'vi'));
  });

  it('shows the English companions of a label, a help text and a notify message', () => {
    const text = procedure({
      head: 'code "1.000001"\n  version 1\n  title "Thủ tục mẫu" en "Sample procedure"\n  agency cong_an_xa',
      form: 'form {\n    field note "Ghi chú" en "Note": text optional help "Ghi ngắn" en "Keep it short"\n    field other "Khác": text visible when no|te == "x"\n  }',
      workflow: 'workflow {\n    state draft "Soạn" en "Draft" by citizen { submit "Nộp" en "Submit" -> done notify citizen "Đã nộp" en "Submitted" }\n    final done\n  }',
    });
    const fx = marked(text);
    const vi = hover(fx.ws, fx.path, fx.offset)!.markdown;
    expect(vi.split('\n\n').slice(0, 2)).toEqual(['**Trường** `note` — Ghi chú', 'Tiếng Anh: Note']);
    expect(vi).toContain('> Ghi ngắn\n\n> Tiếng Anh: Keep it short');
    expect(hover(fx.ws, fx.path, fx.offset, { lang: 'en' })!.markdown).toContain('English: Note');
    const clean = text.replace('no|te', 'note');
    const on = (snippet: string, lang: 'vi' | 'en' = 'vi') => hover(fx.ws, fx.path, clean.indexOf(snippet) + 1, { lang })!.markdown;
    expect(on('submit "Nộp"')).toContain('Tiếng Anh: Submit');
    expect(on('submit "Nộp"')).toContain('Thông báo `citizen`: «Đã nộp» — tiếng Anh: «Submitted»');
    expect(on('submit "Nộp"', 'en')).toContain('Notifies `citizen`: «Đã nộp» — in English: «Submitted»');
    expect(on('draft "Soạn"')).toContain('Tiếng Anh: Draft');
    expect(on('thu_tuc_mau {')).toContain('Tiếng Anh: Sample procedure');
    // No English line where none is written.
    expect(on('other "Khác"')).not.toContain('Tiếng Anh');
  });

  it('has nothing to say about strings, comments and blanks', () => {
    expect(hoverAt('title "Đăng ký |khai sinh"')).toBeUndefined();
    expect(hoverAt('# Mã TTHC cấp xã |theo trí nhớ')).toBeUndefined();
  });
});
