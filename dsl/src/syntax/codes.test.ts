// One rule per syntax code: it fires on a minimal example and stays silent on the near-miss.
import { describe, expect, it } from 'vitest';
import { parse } from './parse.ts';

const codes = (text: string) => parse(text).diagnostics.map((d) => d.code);

const cases: Array<{ code: string; rule: string; fires: string; nearMiss: string }> = [
  {
    code: 'MC1001',
    rule: 'a character that belongs to no token is reported',
    fires: 'procedure p { version 1 @ }',
    nearMiss: 'procedure p { version 1 }',
  },
  {
    code: 'MC1002',
    rule: 'a string must close on its line',
    fires: 'procedure p {\n  title "Đăng ký\n}',
    nearMiss: 'procedure p {\n  title "Đăng ký"\n}',
  },
  {
    code: 'MC1003',
    rule: 'a token the grammar cannot use here is reported with what was expected',
    fires: 'procedure p { form { field a "A": text required when } }',
    nearMiss: 'procedure p { form { field a "A": text required when channel == online } }',
  },
  {
    code: 'MC1004',
    rule: 'a misspelt keyword gets a "did you mean"',
    fires: 'procedure p { workflow { stat draft by citizen {} } }',
    nearMiss: 'procedure p { workflow { state draft by citizen {} } }',
  },
  {
    code: 'MC1005',
    rule: 'a block left open at the end of the file is reported once, at its brace',
    fires: 'procedure p {\n  form {\n    field a "A": text\n',
    nearMiss: 'procedure p {\n  form {\n    field a "A": text\n  }\n}\n',
  },
  {
    code: 'MC1006',
    rule: 'dates must exist and money is whole đồng',
    fires: 'procedure p { effective 2025-02-29 }',
    nearMiss: 'procedure p { effective 2024-02-29 }',
  },
  {
    code: 'MC1007',
    rule: 'names are unaccented (họ_tên → ho_ten)',
    fires: 'procedure p { form { field họ_tên "Họ tên": text } }',
    nearMiss: 'procedure p { form { field ho_ten "Họ tên": text } }',
  },
  {
    code: 'MC1008',
    rule: 'nesting is bounded (brackets, blocks and expressions: every pass recurses)',
    fires: `procedure p { form { field a "A": number min ${'('.repeat(101)}1${')'.repeat(101)} } }`,
    nearMiss: `procedure p { form { field a "A": number min ${'('.repeat(90)}1${')'.repeat(90)} } }`,
  },
  {
    code: 'MC1009',
    rule: '`en` follows a Vietnamese text and is followed by its English text',
    fires: 'procedure p { form { field a "Địa chỉ" en: address } }',
    nearMiss: 'procedure p { form { field a "Địa chỉ" en "Address": address } }',
  },
];

describe('syntax codes', () => {
  for (const c of cases) {
    it(`${c.code}: ${c.rule}`, () => {
      expect(codes(c.fires)).toContain(c.code);
      expect(codes(c.nearMiss)).not.toContain(c.code);
    });
  }

  it('MC1003 names the kind of token it expected in the language of the message', () => {
    const message = (text: string) => parse(text).diagnostics.map((d) => [d.code, d.message.vi, d.message.en]);
    expect(message('procedure p { form { field 1 "A": text } }')).toEqual([['MC1003', 'Không mong đợi `1` ở đây; cần `tên`.', 'Unexpected `1` here; expected a name.']]);
    expect(message('procedure p { title 3 }')).toEqual([['MC1003', 'Không mong đợi `3` ở đây; cần `chuỗi "…"`.', 'Unexpected `3` here; expected a string "…".']]);
    expect(message('procedure p { effective x }')).toEqual([['MC1003', 'Không mong đợi `x` ở đây; cần `ngày YYYY-MM-DD`.', 'Unexpected `x` here; expected a date YYYY-MM-DD.']]);
  });

  it('MC1006 refuses `20.000 VND`, which would silently mean 20 đồng', () => {
    const d = parse('procedure p { fee f { amount 20.000 VND } }').diagnostics;
    expect(d.map((x) => x.code)).toEqual(['MC1006']);
    expect(d[0]!.message.vi).toContain('`20_000 VND`');
  });

  it('MC1006 also rejects numbers past 2^53 and counts that are not whole (version, copies, repeats, size)', () => {
    expect(codes('procedure p { version 9007199254740993 }')).toEqual(['MC1006']);
    expect(codes('procedure p { version 0 }')).toEqual(['MC1006']);
    expect(codes('procedure p { version 1.5 }')).toEqual(['MC1006']);
    expect(codes('procedure p { documents { doc a "A": copies 0 } }')).toEqual(['MC1006']);
    expect(codes('procedure p { documents { doc a "A": max_size 0 MB } }')).toEqual(['MC1006']);
    expect(codes('procedure p { form { group g "G" repeated min 1.5 max 0 { field a "A": text } } }')).toEqual(['MC1006', 'MC1006']);
    expect(codes('procedure p { version 2 documents { doc a "A": copies 2 max_size 0.5 MB } form { group g "G" repeated min 0 max 3 { field a "A": text } } }')).toEqual([]);
  });

  it('MC1006 also rejects a fraction of a đồng and an impossible time', () => {
    expect(codes('procedure p { fee f { amount 10.5 VND } }')).toEqual(['MC1006']);
    expect(codes('procedure p { scenario s { at 2025-01-24 25:00 do submit } }')).toEqual(['MC1006']);
    expect(codes('procedure p { scenario s { at 2025-01-24 23:59 do submit } }')).toEqual([]);
  });

  it('reports every mistake of a file with several, not just the first', () => {
    const text = 'procedure p {\n  titel "A"\n  form { feild a "A": text }\n  deadline 7 workin days from complete\n}';
    expect(codes(text)).toEqual(['MC1004', 'MC1004', 'MC1004']);
  });

  it('keeps parsing the declarations after a stray line at the top level', () => {
    const { file, diagnostics } = parse('junk here\nprocedure p { title "A" }\n');
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(file.declarations.map((d) => d.name.text)).toEqual(['p']);
  });
});
