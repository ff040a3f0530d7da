import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffText, noSemanticChange, renderDiff } from './index.ts';

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
  });

  it('ignores reordering of elements whose order carries no meaning (fields, documents, fees)', () => {
    const reordered = edit(
      '    field address "Địa chỉ đăng ký thường trú": address required\n    field basis',
      '    field basis',
    ).replace('required when basis != owner\n', 'required when basis != owner\n    field address "Địa chỉ đăng ký thường trú": address required\n');
    expect(noSemanticChange(only(base, reordered))).toBe(true);
  });

  it('says the online fee went from 10.000 to 5.000 đồng, and who pays less', () => {
    const d = only(base, edit('amount 10_000 VND when channel == online', 'amount 5_000 VND when channel == online'));
    const line = d.changes.map((c) => c.text.vi);
    expect(line).toEqual(['~ Lệ phí `registration` (Lệ phí đăng ký cư trú) — số tiền khi channel == online: 10_000 VND basis "Thông tư 75/2022/TT-BTC" → 5_000 VND basis "Thông tư 75/2022/TT-BTC"']);
    expect(d.impact.map((i) => i.vi)).toContain('người nộp khi channel == online trả ít hơn (10000 → 5000 đồng)');
  });

  it('reports a deadline change and a new waiver of a document, with source locations', () => {
    const after = edit('deadline 7 working days', 'deadline 5 working days', edit('waived when land(address).owner_id == applicant.personal_id', 'waived when land(address).owner_id == applicant.personal_id\n      waived when basis == relative'));
    const d = only(base, after);
    const texts = d.changes.map((c) => c.text.en);
    expect(texts).toContain('~ Processing deadline: 7 working days from complete → 5 working days from complete');
    expect(texts).toContain('+ Document `residence_proof` — waived when basis == relative: yes');
    const deadline = d.changes.find((c) => c.key === 'deadline')!;
    expect(after.slice(deadline.span.start, deadline.span.start + 8)).toBe('deadline');
  });

  it('is an error to change behaviour without bumping the version (MC9001)', () => {
    const d = only(base, edit('sla 5 working days', 'sla 4 working days'));
    expect(d.checks.map((c) => c.code)).toEqual(['MC9001']);
  });

  it('is an error to bump the version without a new effective date (MC9002)', () => {
    const d = only(base, edit('sla 5 working days', 'sla 4 working days', edit('version 3', 'version 4')));
    expect(d.checks.map((c) => c.code)).toEqual(['MC9002']);
    const ok = only(base, edit('effective 2024-01-01', 'effective 2026-01-01', edit('sla 5 working days', 'sla 4 working days', edit('version 3', 'version 4'))));
    expect(ok.checks).toEqual([]);
    expect(ok.impact.map((i) => i.en)).toContain('Dossiers in progress keep version 3; version 4 applies to dossiers submitted from 2026-01-01.');
  });

  it('a label-only change needs no version bump', () => {
    const d = only(base, edit('"Chủ sở hữu đồng ý"', '"Chủ sở hữu đồng ý cho đăng ký"'));
    expect(d.changes).toHaveLength(1);
    expect(d.checks).toEqual([]);
  });
});
