import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allCodes } from '../diagnostics.ts';
import { diffText, hunks, noSemanticChange, renderDiff } from './index.ts';

const base = readFileSync(join(import.meta.dirname, '..', '__fixtures__', 'illustrative.proc'), 'utf8');
const edit = (from: string, to: string, text = base) => {
  expect(text).toContain(from);
  return text.replace(from, to);
};
const only = (oldText: string, newText: string) => {
  const d = diffText(oldText, newText);
  expect(d).toHaveLength(1);
  return d[0]!;
};

describe('semantic diff', () => {
  it('reports no semantic change when only layout and comments change', () => {
    const relaid = base.replace(/\n {2}/g, '\n    ').replace('# Đăng ký thường trú', '# Thủ tục: đăng ký thường trú').replace('amount 20_000 VND', 'amount   20_000 VND  # mức chung');
    const d = only(base, relaid);
    expect(noSemanticChange(d)).toBe(true);
    expect(renderDiff([d], 'vi')).toContain('không có thay đổi về nội dung');
    expect(renderDiff([d], 'en')).toContain('no semantic change');
  });

  it('reads amounts by value: 20000 VND and 20_000 VND are the same fee', () => {
    expect(noSemanticChange(only(base, edit('amount 20_000 VND', 'amount 20000 VND')))).toBe(true);
  });

  it('ignores reordering of elements whose order carries no meaning (fields, documents, states after the first)', () => {
    const fields = edit('    field address "Địa chỉ đăng ký thường trú": address required\n    field basis', '    field basis').replace(
      'required when basis != owner\n',
      'required when basis != owner\n    field address "Địa chỉ đăng ký thường trú": address required\n',
    );
    expect(noSemanticChange(only(base, fields))).toBe(true);
    const finals = edit('    final done\n    final refused\n', '    final refused\n    final done\n');
    expect(noSemanticChange(only(base, finals))).toBe(true);
  });

  it('reports swapped amount lines, because the last matching line applies', () => {
    const swapped = edit(
      '    amount 20_000 VND\n    amount 10_000 VND when channel == online basis "Thông tư 75/2022/TT-BTC"\n',
      '    amount 10_000 VND when channel == online basis "Thông tư 75/2022/TT-BTC"\n    amount 20_000 VND\n',
    );
    const d = only(base, swapped);
    expect(d.changes.map((c) => c.prop)).toEqual(['order']);
    expect(d.checks.map((c) => c.code)).toEqual(['MC9001']);
  });

  it('reports a new first state, because every dossier starts there', () => {
    const d = only(base, edit('    state draft by citizen', '    state intake by reception { forward -> draft }\n    state draft by citizen'));
    expect(d.changes.map((c) => c.text.en)).toEqual([
      '~ Initial state of the workflow: draft → intake',
      '+ State `intake`: responsible role: reception',
      '+ Transition `forward` in `intake`: target: draft',
    ]);
  });

  it('says the online fee went from 10.000 to 5.000 đồng, and who pays less', () => {
    const d = only(base, edit('amount 10_000 VND when channel == online', 'amount 5_000 VND when channel == online'));
    expect(d.changes.map((c) => c.text.vi)).toEqual(['~ Lệ phí `registration` (Lệ phí đăng ký cư trú) — số tiền khi channel == online: 10.000 ₫ → 5.000 ₫']);
    expect(d.impact.map((i) => i.vi)).toContain('Người nộp khi channel == online trả ít hơn (10.000 ₫ → 5.000 ₫)');
    expect(d.changes[0]!.path).toBe('fee registration');
  });

  it('keeps two amount lines with the same condition apart (different effective periods)', () => {
    const two = edit('    amount 20_000 VND\n', '    amount 20_000 VND effective 2024-01-01 until 2024-12-31\n    amount 15_000 VND effective 2025-01-01\n');
    const d = only(two, edit('amount 15_000 VND', 'amount 12_000 VND', two));
    expect(d.changes.map((c) => c.text.en)).toEqual(['~ Fee `registration` (Lệ phí đăng ký cư trú) — amount (#2): 15,000 ₫ → 12,000 ₫']);
  });

  it('reports a deadline change and a new waiver of a document, with source locations', () => {
    const after = edit(
      'deadline 7 working days',
      'deadline 5 working days',
      edit('waived when land(address).owner_id == applicant.personal_id', 'waived when land(address).owner_id == applicant.personal_id\n      waived when basis == relative'),
    );
    const d = only(base, after);
    const texts = d.changes.map((c) => c.text.en);
    expect(texts).toContain('~ Processing deadline: 7 working days from receipt of the complete dossier → 5 working days from receipt of the complete dossier');
    expect(texts).toContain('+ Document `residence_proof` (Giấy tờ chứng minh chỗ ở hợp pháp) — waived when basis == relative: yes');
    const deadline = d.changes.find((c) => c.element === 'deadline')!;
    expect(after.slice(deadline.span.start, deadline.span.start + 8)).toBe('deadline');
    const waiver = d.changes.find((c) => c.element.includes('waived[basis == relative]'))!;
    const written = 'waived when basis == relative';
    expect(after.slice(waiver.span.start, waiver.span.start + written.length)).toBe(written);
  });

  it('shows a whole new document as one line, not one per property', () => {
    const d = only(base, edit('  documents {\n', '  documents {\n    doc photo "Ảnh 4x6": required as electronic format jpg max_size 2 MB\n'));
    expect(d.changes.map((c) => c.text.vi)).toEqual(['+ Giấy tờ `photo` (Ảnh 4x6): loại bản: bản điện tử; định dạng: jpg; dung lượng tối đa: 2 MB; bắt buộc: có']);
    expect(d.impact.map((i) => i.vi)).toContain('Người nộp phải nộp thêm giấy tờ `photo`');
  });

  it('names the enclosing element of each change in a hunk header', () => {
    const d = only(base, edit('accept -> processing issue receipt', 'accept -> processing issue receipt notify citizen "Đã tiếp nhận."', edit('sla 4 working hours', 'sla 8 working hours')));
    expect(hunks(d.changes).map((h) => h.path)).toEqual(['state submitted', 'state submitted › transition accept']);
    const text = renderDiff([d], 'vi');
    expect(text).toContain('  @@ state submitted @@\n    ~ Bước `submitted` — thời hạn bước: 4 giờ làm việc → 8 giờ làm việc\n');
    expect(text).toContain('  @@ state submitted › transition accept @@\n    + Thao tác `accept` ở bước `submitted` — thông báo cho: người nộp\n');
  });

  it('is an error to change behaviour without bumping the version (MC9001)', () => {
    const d = only(base, edit('sla 5 working days', 'sla 4 working days'));
    expect(d.checks.map((c) => c.code)).toEqual(['MC9001']);
    expect(d.impact.map((i) => i.en)).toContain('The specialist in `processing`: step SLA 5 working days → 4 working days');
  });

  it('is an error to bump the version without a new, later effective date (MC9002)', () => {
    const bumped = edit('sla 5 working days', 'sla 4 working days', edit('version 3', 'version 4'));
    expect(only(base, bumped).checks.map((c) => c.code)).toEqual(['MC9002']);
    expect(only(base, edit('effective 2024-01-01', 'effective 2023-06-01', bumped)).checks.map((c) => c.code)).toEqual(['MC9002']);
    const ok = only(base, edit('effective 2024-01-01', 'effective 2026-01-01', bumped));
    expect(ok.checks).toEqual([]);
    expect(ok.impact.map((i) => i.en)).toContain('Dossiers in progress keep version 3; version 4 applies to dossiers submitted from 2026-01-01.');
  });

  it('a label, help or legal-basis change needs no version bump', () => {
    const d = only(base, edit('"Chủ sở hữu đồng ý"', '"Chủ sở hữu đồng ý cho đăng ký"', edit('basis "Thông tư 75/2022/TT-BTC"\n    exempt', 'basis "Thông tư 75/2022/TT-BTC, Điều 4"\n    exempt')));
    expect(d.changes).toHaveLength(2);
    expect(d.checks).toEqual([]);
  });

  it('reports a change of an English text like one of its Vietnamese text, with no version bump needed', () => {
    const english = edit('field address "Địa chỉ đăng ký thường trú"', 'field address "Địa chỉ đăng ký thường trú" en "Address"', edit('title "Đăng ký thường trú"', 'title "Đăng ký thường trú" en "Registration"'));
    const changed = only(english, edit('en "Address"', 'en "Permanent residence address"', english));
    expect(changed.changes.map((c) => [c.type, c.prop, c.old, c.new, c.behavioural])).toEqual([['changed', 'label_en', 'Address', 'Permanent residence address', false]]);
    expect(changed.changes[0]!.text).toEqual({
      vi: '~ Trường `address` (Địa chỉ đăng ký thường trú) — nhãn tiếng Anh: Address → Permanent residence address',
      en: '~ Field `address` (Địa chỉ đăng ký thường trú) — English label: Address → Permanent residence address',
    });
    expect(changed.checks).toEqual([]);
    const removed = only(english, edit(' en "Registration"', '', english));
    expect(removed.changes.map((c) => [c.type, c.prop, c.text.en])).toEqual([['removed', 'title_en', '- Title — English title: removed (was Registration)']]);
    expect(removed.checks).toEqual([]);
    // The Vietnamese text and its English companion are two facts: changing one leaves the other.
    const vi = only(english, edit('"Địa chỉ đăng ký thường trú" en', '"Địa chỉ thường trú" en', english));
    expect(vi.changes.map((c) => c.prop)).toEqual(['label']);
  });

  it('lists the review checks in the one catalog of codes', () => {
    const codes = allCodes().filter((c) => c.code.startsWith('MC9'));
    expect(codes.map((c) => [c.code, c.severity])).toEqual([
      ['MC9001', 'error'],
      ['MC9002', 'error'],
    ]);
  });
});
