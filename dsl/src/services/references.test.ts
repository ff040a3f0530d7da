import { describe, expect, it } from 'vitest';
import { references } from './navigate.ts';
import { at, BIRTH, library, marked, procedure } from './test-support.ts';
import type { Workspace } from '../workspace.ts';
import type { Location } from './types.ts';

/** Each reference as `path:line: the line's text`, with the name in brackets. */
function shown(ws: Workspace, locs: readonly Location[]): string[] {
  return locs.map((l) => {
    const f = ws.file(l.path)!;
    const lineStart = f.text.lastIndexOf('\n', l.start - 1) + 1;
    const nl = f.text.indexOf('\n', l.end);
    const line = `${f.text.slice(lineStart, l.start)}[${f.text.slice(l.start, l.end)}]${f.text.slice(l.end, nl < 0 ? undefined : nl)}`;
    return `${l.path}:${f.lines.position(l.start).line}: ${line.trim()}`;
  });
}

describe('find references', () => {
  const ws = library();
  const refsOf = (snippet: string) => shown(ws, references(ws, BIRTH, at(ws, BIRTH, snippet)));

  it('finds a state in its declaration, the transitions into it and the scenarios', () => {
    const refs = refsOf('state supplementing| "Chờ bổ sung"');
    expect(refs).toHaveLength(4);
    expect(refs.filter((r) => r.includes('[supplementing]'))).toHaveLength(4);
    expect(refs.some((r) => r.includes('state [supplementing] "Chờ bổ sung"'))).toBe(true);
    expect(refs.filter((r) => r.includes('-> [supplementing] with missing'))).toHaveLength(2);
    expect(refs.filter((r) => r.includes('expect state [supplementing]'))).toHaveLength(1);
  });

  it('treats same-named transitions of different states as one name, as scenarios and fees do', () => {
    const refs = refsOf('at 2025-01-24 10:30 do ask_|supplement');
    expect(refs.filter((r) => r.includes('[ask_supplement] "'))).toHaveLength(2);
    expect(refs.filter((r) => r.includes('do [ask_supplement]'))).toHaveLength(1);
    expect(refs).toHaveLength(3);
  });

  it('keeps an option apart from a group of the same name (`mother`)', () => {
    const option = refsOf('mother| "Mẹ"');
    expect(option.every((r) => /relation (\[mother\])/.test(r) || r.includes('[mother] "Mẹ"'))).toBe(true);
    expect(option).toHaveLength(5); // the declaration and four scenario inputs
    const group = refsOf('group mother| "Thông tin người mẹ"');
    expect(group.some((r) => r.includes('relation [mother]'))).toBe(false);
    expect(group.some((r) => r.includes('population([mother].personal_id)'))).toBe(true);
  });

  it("keeps a group's field apart from a same-named field of another group", () => {
    const refs = refsOf('field full_name| "Họ, chữ đệm và tên": text required max 100');
    expect(refs.every((r) => !r.includes('mother.full_name') && !r.includes('father.'))).toBe(true);
    expect(refs.some((r) => r.includes('= child.[full_name] for child.personal_id'))).toBe(true);
    expect(refs.some((r) => r.includes('given child.[full_name] "Trần Minh Khang"'))).toBe(true);
  });

  it('finds an agency in every file that names it', () => {
    const refs = shown(ws, references(ws, BIRTH, at(ws, BIRTH, 'handover to bhxh|_huyen')));
    expect(refs[0]).toMatch(/^common\/agencies\.proc:\d+: agency \[bhxh_huyen\]/);
    expect(refs.some((r) => r.startsWith(`${BIRTH}:`))).toBe(true);
  });
});

describe('references across files', () => {
  const one = procedure({ form: 'form {\n    field note "Ghi chú": text visible when applicant.|full_name != ""\n  }' });
  const two = procedure({
    form: 'form {\n    field same "Trùng tên": boolean = applicant.full_name == population.full_name\n  }',
    scenarios: 'scenario s "S" {\n    expect field applicant.full_name = "A"\n  }',
  }).replace('thu_tuc_mau', 'thu_tuc_hai');

  it("finds a fragment's field in the fragment and in every procedure that imports it", () => {
    const fx = marked({ 'a/one.proc': one, 'b/two.proc': two });
    const refs = shown(fx.ws, references(fx.ws, fx.path, fx.offset));
    expect(refs.map((r) => r.slice(0, r.indexOf(':')))).toEqual(['a/one.proc', 'b/two.proc', 'b/two.proc', 'common/applicant.proc']);
    expect(refs[3]).toContain('field [full_name] "Họ và tên"');
    // `population.full_name` is the source's field: another name.
    expect(refs.some((r) => r.includes('population.[full_name]'))).toBe(false);
  });

  it("finds a source's field in the source, in prefills of fragments and in procedures", () => {
    const fx = marked({ 'a/one.proc': one.replace('|', ''), 'b/two.proc': two.replace('population.full_name', 'population.full|_name') });
    const refs = shown(fx.ws, references(fx.ws, fx.path, fx.offset));
    expect(refs).toEqual([
      'b/two.proc:8: field same "Trùng tên": boolean = applicant.full_name == population.[full_name]',
      'common/applicant.proc:4: field full_name "Họ và tên": text required prefill from population.[full_name] locked',
      'common/sources.proc:6: field [full_name] "Họ và tên": text',
    ]);
  });

  it('finds nothing where there is no name', () => {
    const fx = marked(procedure({ head: 'code "1.0|00001"\n  version 1\n  title "T"\n  agency cong_an_xa' }));
    expect(references(fx.ws, fx.path, fx.offset)).toEqual([]);
  });
});
