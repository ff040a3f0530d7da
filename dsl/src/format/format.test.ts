import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from '../syntax/parse.ts';
import { procedureLexer } from '../syntax/tokens.ts';
import { format, formatFile } from './index.ts';

const goldenDir = join(import.meta.dirname, '__golden__');
const update = process.env['UPDATE_GOLDEN'] === '1';
const illustrative = readFileSync(join(import.meta.dirname, '..', '__fixtures__', 'illustrative.proc'), 'utf8');

/** Formats text that must be free of syntax errors. */
const fmt = (text: string): string => {
  const result = format(text);
  expect(result.diagnostics).toEqual([]);
  return result.text;
};

describe('format (golden)', () => {
  const inputs = readdirSync(goldenDir).filter((f) => f.endsWith('.proc') && !f.endsWith('.formatted.proc'));

  for (const name of inputs) {
    it(`lays out ${name} canonically`, () => {
      const actual = fmt(readFileSync(join(goldenDir, name), 'utf8'));
      const goldenPath = join(goldenDir, name.replace(/\.proc$/, '.formatted.proc'));
      if (update || !existsSync(goldenPath)) writeFileSync(goldenPath, actual);
      expect(actual).toBe(readFileSync(goldenPath, 'utf8'));
    });
  }
});

describe('format', () => {
  it('returns a file with syntax errors unchanged, with its diagnostics', () => {
    const broken = 'procedure p {\n  form {   field a: text required\n  fee f { amount }\n';
    const result = format(broken);
    expect(result.text).toBe(broken);
    expect(result.changed).toBe(false);
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics.every((d) => d.code.startsWith('MC1'))).toBe(true);
  });

  it('still formats a whole tree whose only mistake is a date not in the calendar', () => {
    const result = format('procedure p {   effective 2025-02-30 }');
    expect(result.diagnostics.map((d) => d.code)).toEqual(['MC1006']);
    expect(result.text).toBe('procedure p {\n  effective 2025-02-30\n}\n');
  });

  it('says whether anything changed', () => {
    const tidy = fmt(illustrative);
    expect(format(illustrative).changed).toBe(true); // its one-line choice and states open up
    expect(format(tidy)).toMatchObject({ text: tidy, changed: false });
  });

  it('keeps every token as written: number literals, string escapes, units, `=` for computed', () => {
    const text = [
      'procedure p { form { field a "Nhãn \\"x\\" \\\\ y": number = 20_000 + 20000 + 1.50',
      'field b: money default 10_000 ₫ } deadline 1 working day from complete',
      'documents { doc d: generated } }',
    ].join('\n');
    expect(fmt(text)).toBe(
      [
        'procedure p {',
        '  form {',
        '    field a "Nhãn \\"x\\" \\\\ y": number = 20_000 + 20000 + 1.50',
        '    field b: money default 10_000 ₫',
        '  }',
        '  deadline 1 working day from complete',
        '  documents {',
        '    doc d: generated',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('puts every element on its own line and keeps the clauses of a short element on its line', () => {
    const text = 'procedure p { code "1" version 2 form { field a: number required\n    when b > 1\n    min 0 } }';
    expect(fmt(text)).toBe(
      'procedure p {\n  code "1"\n  version 2\n  form {\n    field a: number required when b > 1 min 0\n  }\n}\n',
    );
  });

  it('puts the clauses of an element too long for one line on continuation lines, the first staying', () => {
    const text = [
      'procedure p { documents {',
      'doc proof "Giấy tờ chứng minh chỗ ở hợp pháp": required when housing == owner as copy format pdf, jpg max_size 5 MB',
      'doc short "Ngắn": required as copy',
      '} }',
    ].join('\n');
    expect(fmt(text)).toBe(
      [
        'procedure p {',
        '  documents {',
        '    doc proof "Giấy tờ chứng minh chỗ ở hợp pháp": required when housing == owner',
        '      as copy',
        '      format pdf, jpg',
        '      max_size 5 MB',
        '    doc short "Ngắn": required as copy',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('breaks long transitions and fee lines before each clause, and keeps `locked` with its `prefill`', () => {
    const text = [
      'procedure p {',
      'form { field full_name "Họ, chữ đệm và tên của người đi khai sinh": text required prefill from population.full_name locked }',
      'fee f { amount 115_000 VND when channel == online basis "Thông tư 63/2023/TT-BTC" effective 2023-12-01 until 2025-12-31 }',
      'workflow { state s by reception { accept "Tiếp nhận hồ sơ" -> processing issue receipt notify citizen "Hồ sơ đổi giấy phép lái xe đã được tiếp nhận." } }',
      '}',
    ].join('\n');
    const out = fmt(text);
    expect(out).toContain(
      '    field full_name "Họ, chữ đệm và tên của người đi khai sinh": text required\n      prefill from population.full_name locked\n',
    );
    expect(out).toContain(
      '    amount 115_000 VND when channel == online\n      basis "Thông tư 63/2023/TT-BTC"\n      effective 2023-12-01 until 2025-12-31\n',
    );
    expect(out).toContain(
      '      accept "Tiếp nhận hồ sơ" -> processing issue receipt\n        notify citizen "Hồ sơ đổi giấy phép lái xe đã được tiếp nhận."\n',
    );
  });

  it('breaks a waiver before its own legal basis, one level deeper, only when the waiver alone is too long', () => {
    const text = [
      'procedure p { documents { doc health "Giấy khám sức khỏe của người lái xe": required as original',
      'waived when health.driver_fit and health.driver_cert_valid_until >= today basis "Nghị quyết 66.7/2025/NQ-CP" } }',
    ].join('\n');
    expect(fmt(text)).toContain(
      [
        '    doc health "Giấy khám sức khỏe của người lái xe": required',
        '      as original',
        '      waived when health.driver_fit and health.driver_cert_valid_until >= today',
        '        basis "Nghị quyết 66.7/2025/NQ-CP"',
        '',
      ].join('\n'),
    );
  });

  it('never moves deadline metadata to a continuation line, however long (it belongs to its line)', () => {
    const line = '  deadline 5 working days from complete basis "Nghị định 61/2018/NĐ-CP", "Nghị định 118/2025/NĐ-CP", "Thông tư 01/2018/TT-VPCP"';
    expect(fmt(`procedure p {\n${line}\n}\n`)).toBe(`procedure p {\n${line}\n}\n`);
  });

  it('keeps an extension step on one line with its reason, however long, and leaves it as it is', () => {
    const step = '    at 2025-01-27 09:00 extend to 2025-02-07 09:00 "Chờ kết quả xác minh nơi cư trú của Công an cấp tỉnh và ý kiến của chủ sở hữu"';
    const text = `procedure p {\n  scenario s {\n${step}\n  }\n}\n`;
    expect(fmt('procedure p { scenario s { at 2025-01-27 09:00\n extend\n   to 2025-02-07 09:00\n"Chờ kết quả xác minh nơi cư trú của Công an cấp tỉnh và ý kiến của chủ sở hữu" } }')).toBe(text);
    expect(fmt(text)).toBe(text);
  });

  it('does not count a trailing comment towards the width of its line', () => {
    const text = 'procedure p {\n  form {\n    field a "A": text required help "Gợi ý" # một chú thích dài, rất dài, dài hơn cả dòng mã ở bên trái nó\n  }\n}\n';
    expect(fmt(text)).toBe(text);
  });

  it('puts each choice option on its own line, the field continuing after the closing brace', () => {
    const text = 'procedure p { form { field k: choice { a "A" b "B" } required } }';
    expect(fmt(text)).toContain('    field k: choice {\n      a "A"\n      b "B"\n    } required\n');
  });

  it('writes a state without transitions as `{}` and a final state bare', () => {
    const text = 'procedure p { workflow { state a by citizen {\n\n} final done } }';
    expect(fmt(text)).toContain('    state a by citizen {}\n    final done\n');
  });

  it('never aligns columns: a longer name does not re-indent its neighbours', () => {
    const short = 'procedure p {\n  form {\n    field a: text\n    field b: text\n  }\n}\n';
    const long = short.replace('field a:', 'field a_much_longer_name_than_before:');
    expect(fmt(short)).toBe(short);
    const changedLines = fmt(long)
      .split('\n')
      .filter((line, i) => line !== short.split('\n')[i]);
    expect(changedLines).toEqual(['    field a_much_longer_name_than_before: text']);
  });

  it('keeps at most one blank line between elements, none after `{` or before `}`', () => {
    const text = 'procedure p {\n\n\n  code "1"\n\n\n\n  version 2\n  title "t"\n\n}\n';
    expect(fmt(text)).toBe('procedure p {\n  code "1"\n\n  version 2\n  title "t"\n}\n');
  });

  it('keeps a trailing comment at the end of its line and an own-line comment before what follows it', () => {
    const text = 'procedure p { code "1" # mã\n# phiên bản\nversion 2 }';
    expect(fmt(text)).toBe('procedure p {\n  code "1" # mã\n  # phiên bản\n  version 2\n}\n');
  });

  it('keeps a comment at the end of a block before its closing brace', () => {
    const text = 'procedure p { form { field a: text\n# còn thiếu trường b\n} }';
    expect(fmt(text)).toBe('procedure p {\n  form {\n    field a: text\n    # còn thiếu trường b\n  }\n}\n');
  });

  it('continues an element on the next line, indented, after a comment between its clauses', () => {
    const text = 'procedure p { form { field a: number required # bắt buộc\n min 1 } }';
    expect(fmt(text)).toBe('procedure p {\n  form {\n    field a: number required # bắt buộc\n      min 1\n  }\n}\n');
  });

  it('moves a `{` written after a comment up to its element, the comment following it', () => {
    const text = 'procedure p # thủ tục\n{ code "1" }';
    expect(fmt(text)).toBe('procedure p { # thủ tục\n  code "1"\n}\n');
  });

  it('trims trailing blanks of comments', () => {
    expect(fmt('# tiêu đề   \nprocedure p {}')).toBe('# tiêu đề\nprocedure p {}\n');
  });

  it('does not pull deadline metadata written on the next line into the deadline', () => {
    // On the next line, `basis` is the procedure's own legal basis, not the deadline's.
    const text = 'procedure p { deadline 7 working days from complete\n basis "Luật A" }';
    const out = fmt(text);
    expect(out).toBe('procedure p {\n  deadline 7 working days from complete\n  basis "Luật A"\n}\n');
    const proc = parse(out).file.declarations[0];
    expect(proc?.kind === 'Procedure' && proc.items.map((i) => i.kind)).toEqual(['Deadline', 'Meta']);
  });

  it('drops parentheses precedence does not need and keeps the ones it needs', () => {
    const text = 'procedure p { form { field a: number = ((b + 1)) * (c) - (d - e) + (-f) } }';
    expect(fmt(text)).toContain('field a: number = (b + 1) * c - (d - e) + -f\n');
  });

  it('keeps parentheses the designer wrote to make `not` and mixed `and`/`or` unambiguous', () => {
    const text = 'procedure p { form { field a: boolean visible when (b and c) or not (d == 1) or not (e) } }';
    expect(fmt(text)).toContain('field a: boolean visible when (b and c) or not (d == 1) or not e\n');
  });

  it('spaces expressions canonically: operators, lists, calls, members, percent and unary minus', () => {
    const text = 'procedure p { fee f { amount 1 VND when x in[a ,b]and land ( y ) . owner==z discount 10 % when - 1<q } }';
    expect(fmt(text)).toContain('amount 1 VND when x in [a, b] and land(y).owner == z\n    discount 10% when -1 < q\n');
  });

  it('formats an empty file to an empty file and a file of comments to its comments', () => {
    expect(fmt('  \n\n')).toBe('');
    expect(fmt('\n  # một\n\n\n# hai')).toBe('# một\n\n# hai\n');
  });

  it('lays out even a tree recovered from syntax errors without losing a token (formatFile)', () => {
    // Tokens and comments in order; parentheses aside (precedence may make some redundant).
    const pieces = (text: string) => {
      const { tokens, groups } = procedureLexer.tokenize(text);
      return [...tokens, ...(groups['comments'] ?? [])]
        .sort((a, b) => a.startOffset - b.startOffset)
        .map((t) => t.image.trimEnd())
        .filter((image) => image !== '(' && image !== ')');
    };
    for (let cut = 0; cut <= illustrative.length; cut += 37) {
      const broken = illustrative.slice(0, cut);
      const out = formatFile(parse(broken).file, broken);
      expect(pieces(out)).toEqual(pieces(broken));
    }
  });

  it('prints an already-parsed tree with formatFile', () => {
    const { file } = parse(illustrative);
    expect(formatFile(file, illustrative)).toBe(fmt(illustrative));
  });
});

describe('format speed', () => {
  /**
   * A procedure of about `lines` lines: fields, documents, states. About 11 tokens a line,
   * three times as dense as the procedures of the library, so the bound holds with room.
   */
  function bigProcedure(lines: number): string {
    const out = ['# Thủ tục lớn', 'procedure big {', '  code "1.000001"', '  form {'];
    const per = Math.ceil(lines / 9);
    for (let i = 0; i < per * 4; i++) {
      out.push(`    field f${i} "Trường ${i}": number required when f${Math.max(0, i - 1)} > 3 min 1 max 100 # ghi chú ${i}`);
    }
    out.push('  }', '  documents {');
    for (let i = 0; i < per; i++) {
      out.push(`    doc d${i} "Giấy ${i}": required when f${i} in [a, b]`);
      out.push(`      waived when land(address).owner_id == applicant.personal_id basis "Nghị quyết 66.7/2025/NQ-CP"`);
    }
    out.push('  }', '  workflow {');
    for (let i = 0; i < per; i++) {
      out.push(`    state s${i} "Bước ${i}" by specialist sla 4 working hours {`);
      out.push(`      next -> s${i + 1} requires form.valid and (documents.complete or f${i} > 2) issue receipt`);
      out.push('    }');
    }
    out.push(`    final s${per}`, '  }', '}');
    return `${out.join('\n')}\n`;
  }

  it('lays out a parsed 2,000-line procedure in well under 50 ms', () => {
    const text = bigProcedure(2_000);
    expect(text.split('\n').length).toBeGreaterThan(2_000);
    const { file, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    for (let i = 0; i < 10; i++) formatFile(file, text); // warm up the JIT
    // CPU time of this process, not wall time: other processes on a busy machine do not count.
    const runs = 20;
    const before = process.cpuUsage();
    for (let i = 0; i < runs; i++) formatFile(file, text);
    const used = process.cpuUsage(before);
    const milliseconds = (used.user + used.system) / 1000 / runs;
    // A guard against pathological (e.g. quadratic) layout, not a benchmark: `pnpm bench` measures.
    expect(milliseconds).toBeLessThan(150); // typically 12–17 ms
  });
});
