import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineMap } from '../diagnostics.ts';
import { parse } from './parse.ts';

const goldenDir = join(import.meta.dirname, '__golden__');
const update = process.env['UPDATE_GOLDEN'] === '1';

/** `line:col-line:col CODE message` — the stable, reviewable form of a diagnostic list. */
function render(text: string): string {
  const lines = new LineMap(text);
  return parse(text)
    .diagnostics.map((d) => {
      const a = lines.position(d.span.start);
      const b = lines.position(d.span.end);
      const fixes = d.fixes?.map((f) => ` [fix: ${f.replacement}]`).join('') ?? '';
      return `${a.line}:${a.column}-${b.line}:${b.column} ${d.severity} ${d.code} ${d.message.vi} | ${d.message.en}${fixes}`;
    })
    .join('\n');
}

describe('parser diagnostics (golden)', () => {
  for (const name of readdirSync(goldenDir).filter((f) => f.endsWith('.proc'))) {
    it(`reports every mistake in ${name}`, () => {
      const text = readFileSync(join(goldenDir, name), 'utf8');
      const actual = render(text) + '\n';
      const goldenPath = join(goldenDir, name.replace(/\.proc$/, '.diagnostics.txt'));
      if (update || !existsSync(goldenPath)) writeFileSync(goldenPath, actual);
      expect(actual).toBe(readFileSync(goldenPath, 'utf8'));
    });
  }
});

describe('parser', () => {
  const illustrative = readFileSync(join(import.meta.dirname, '..', '__fixtures__', 'illustrative.proc'), 'utf8');

  it('parses the illustrative procedure of the design brief without diagnostics', () => {
    const { file, diagnostics } = parse(illustrative);
    expect(diagnostics).toEqual([]);
    const proc = file.declarations[0]!;
    expect(proc.kind).toBe('Procedure');
    expect(proc.name.text).toBe('dang_ky_thuong_tru');
  });

  it('keeps comments with their ranges for the formatter', () => {
    const { file } = parse(illustrative);
    expect(file.comments[0]?.text).toBe('# Đăng ký thường trú (mã TTHC 1.004222)');
    for (const c of file.comments) expect(illustrative.slice(c.span.start, c.span.end)).toBe(c.text);
  });

  it('gives every node a span that covers its source text', () => {
    const { file } = parse(illustrative);
    const proc = file.declarations[0]!;
    expect(illustrative.slice(proc.name.span.start, proc.name.span.end)).toBe('dang_ky_thuong_tru');
    expect(illustrative.slice(proc.span.start, proc.span.start + 9)).toBe('procedure');
    expect(illustrative[proc.span.end - 1]).toBe('}');
  });

  it('lets a designer use a soft keyword as a name (a field called `basis`)', () => {
    const { file, diagnostics } = parse('procedure p { form { field basis "Căn cứ": text required when basis != owner } }');
    expect(diagnostics).toEqual([]);
    const form = (file.declarations[0] as any).items[0] as { items: { name: { text: string } }[] };
    expect(form.items[0]!.name.text).toBe('basis');
  });

  it('reads a soft keyword as a value when another keyword follows it', () => {
    for (const src of [
      'procedure p { fee f { amount 5_000 VND per copies when channel == online } }',
      'procedure p { form { field a "A": number min copies required } }',
      'procedure p { result r { publish a.b = copies publish a.c = x } }',
    ])
      expect(parse(src).diagnostics).toEqual([]);
  });

  it('reads any soft keyword as a field name where an expression must start', async () => {
    const { keywordList } = await import('./tokens.ts');
    const soft = keywordList.filter((k) => !['and', 'or', 'not', 'in', 'true', 'false'].includes(k));
    const failures: string[] = [];
    for (const w of soft) {
      for (const src of [
        // A tiered fee by a field called `copies` (documents' `copies N` is a keyword).
        `procedure p { fee f { amount tiered by ${w} {\n up to 1: 1_000 VND\n above: 2_000 VND\n } } }`,
        `procedure p { form { field a "A": boolean required when ${w} == 1 } }`,
        `procedure p { fee f { amount 5_000 VND per ${w} } }`,
        `procedure p { result r { publish a.b = ${w} } }`,
      ]) {
        const codes = parse(src).diagnostics.map((d) => d.code);
        if (codes.length) failures.push(`${w}: ${codes.join(',')} in ${src}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('reads a flag word (`signed`, `locked`) as a name at the end of a guard, before the next transition', () => {
    const src = 'procedure p { workflow { state s by specialist {\n approve -> done requires signed\n refuse -> done\n } final done } }';
    expect(parse(src).diagnostics).toEqual([]);
  });

  it('still reports a missing value at the keyword of the next clause, not after it', () => {
    const { diagnostics } = parse('procedure p { form {\n field a "A": number min\n field age "Tuổi": number\n } }');
    expect(diagnostics.map((d) => d.code)).toEqual(['MC1003']);
    expect(diagnostics[0]!.span.start).toBe('procedure p { form {\n field a "A": number min\n '.length);
  });

  it('reads an extension step: when the letter is sent, the new date and the reason', () => {
    const src = 'procedure p { scenario s {\n at 2025-01-27 09:00 extend to 2025-02-07T16:00 "Chờ xác minh"\n expect due 2025-02-07 16:00\n } }';
    const { file, diagnostics } = parse(src);
    expect(diagnostics).toEqual([]);
    const step = (file.declarations[0] as any).items[0].steps[0];
    expect(step).toMatchObject({ kind: 'Extend', at: { value: '2025-01-27T09:00' }, to: { value: '2025-02-07T16:00' }, reason: { value: 'Chờ xác minh' } });
    expect(src.slice(step.span.start, step.span.end)).toBe('at 2025-01-27 09:00 extend to 2025-02-07T16:00 "Chờ xác minh"');
    expect(src.slice(step.to.span.start, step.to.span.end)).toBe('2025-02-07T16:00');
  });

  it('keeps `extend` and `to` usable as names: a field, a transition, a scenario action', () => {
    const src = [
      'procedure p {',
      '  form { field extend "Gia hạn": boolean optional field to "Đến": date required when extend }',
      '  workflow { state s by specialist { extend -> s requires to > 2025-01-01 } }',
      '  scenario x { at 2025-01-27 09:00 do extend, extend }',
      '}',
    ].join('\n');
    expect(parse(src).diagnostics).toEqual([]);
  });

  it('reports an extension step without its reason or its `to` once, and parses the steps after it', () => {
    for (const bad of ['at 2025-01-27 09:00 extend to 2025-02-07 09:00', 'at 2025-01-27 09:00 extend 2025-02-07 09:00 "Lý do"']) {
      const { file, diagnostics } = parse(`procedure p { scenario s {\n ${bad}\n expect state done\n } }`);
      expect(diagnostics.map((d) => d.code)).toEqual(['MC1003']);
      const steps = (file.declarations[0] as any).items[0].steps;
      expect(steps.at(-1)).toMatchObject({ kind: 'Expect', what: { text: 'state' } });
    }
  });

  it('reads money as whole đồng and keeps the literal as written', () => {
    const { file } = parse('procedure p { fee f { amount 20_000 VND } }');
    const fee = (file.declarations[0] as any).items[0];
    expect(fee.items[0].amount.value.literal).toEqual({ type: 'money', value: 20000 });
    expect(fee.items[0].amount.value.raw).toBe('20_000 VND');
  });

  it('attaches legal basis to the deadline only when written on the same line', () => {
    const src = 'procedure p {\n  deadline 7 working days from complete basis "Luật Cư trú"\n  deadline 3 days from submission\n  basis "Nghị định 62/2021"\n}';
    const { file, diagnostics } = parse(src);
    expect(diagnostics).toEqual([]);
    const items = (file.declarations[0] as any).items;
    expect(items[0].meta.basis.map((b: { value: string }) => b.value)).toEqual(['Luật Cư trú']);
    expect(items[1].meta.basis).toEqual([]);
    expect(items[2]).toMatchObject({ kind: 'Meta', key: 'basis' });
  });

  it('suggests the keyword a designer probably meant', () => {
    const { diagnostics } = parse('procedure p { form { feild a "A": text } }');
    expect(diagnostics[0]).toMatchObject({ code: 'MC1004' });
    expect(diagnostics[0]!.message.vi).toContain('`field`');
    expect(diagnostics[0]!.fixes?.[0]?.replacement).toBe('field');
  });
});
