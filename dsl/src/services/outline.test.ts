import { describe, expect, it } from 'vitest';
import { outline } from './outline.ts';
import { BIRTH, library, marked, vietnameseOnly } from './test-support.ts';
import type { OutlineItem } from './types.ts';

/** `kind name «label»` per item, indented by depth. */
function tree(items: readonly OutlineItem[], depth = 0): string[] {
  return items.flatMap((i) => [`${'  '.repeat(depth)}${i.kind} ${i.name}${i.label ? ` «${i.label}»` : ''}`, ...tree(i.children, depth + 1)]);
}

describe('outline', () => {
  const ws = library();

  it("lists a procedure's parts in the order written: form (with groups), documents, fee, deadline, workflow (with transitions), result, scenarios", () => {
    const lines = tree(outline(ws, BIRTH));
    expect(lines[0]).toBe('procedure dang_ky_khai_sinh «Đăng ký khai sinh»');
    expect(lines.filter((l) => /^ {2}\S/.test(l)).map((l) => l.trim().split(' ').slice(0, 2).join(' '))).toEqual([
      'use applicant',
      'form form',
      'documents documents',
      'fee registration',
      'deadline deadline',
      'workflow workflow',
      'result birth_certificate',
      'scenario online_before_holiday',
      'scenario single_mother_commitment',
      'scenario marriage_not_in_database',
      'scenario supplement_over_tet',
    ]);
    expect(lines).toContain('    group child «Thông tin người được khai sinh»');
    expect(lines).toContain('      field birth_date «Ngày, tháng, năm sinh»');
    expect(lines).toContain('    state submitted «Chờ tiếp nhận»');
    expect(lines).toContain('      transition accept «Tiếp nhận hồ sơ»');
    expect(lines).toContain('    final done «Đã cấp Giấy khai sinh»');
  });

  it('spans each item over the whole construct', () => {
    const text = ws.file(BIRTH)!.text;
    const wf = outline(ws, BIRTH)[0]!.children.find((c) => c.kind === 'workflow')!;
    expect(vietnameseOnly(text.slice(wf.start, wf.end))).toMatch(/^workflow \{[\s\S]*final refused "Từ chối"\n {2}\}$/);
    const draft = wf.children[0]!;
    expect(vietnameseOnly(text.slice(draft.start, draft.end))).toBe(
      'state draft "Soạn hồ sơ" by citizen {\n      submit "Nộp hồ sơ" -> submitted requires form.valid and documents.complete\n    }',
    );
  });

  it('lists sources with their key and fields, and agencies', () => {
    const sources = tree(outline(ws, 'common/sources.proc'));
    expect(sources).toContain('source population «Cơ sở dữ liệu quốc gia về dân cư»');
    expect(sources).toContain('  key personal_id');
    expect(sources).toContain('  sourceField full_name «Họ, chữ đệm và tên»');
    expect(tree(outline(ws, 'common/agencies.proc'))).toContain('agency ubnd_xa «Ủy ban nhân dân cấp xã»');
  });

  it('outlines what can be read of a file being typed', () => {
    const fx = marked('fragment f "Khối" {\n  field a "A": text\n  field b "B": te|\n');
    expect(tree(outline(fx.ws, fx.path))).toEqual(['fragment f «Khối»', '  field a «A»', '  field b «B»']);
  });
});
