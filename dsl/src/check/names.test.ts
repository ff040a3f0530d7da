import { describe, expect, it } from 'vitest';
import { nameCases } from './cases/names.ts';
import { AGENCIES, diagnostics, expectCodes, procedure, ruleTests, SOURCES } from './test-support.ts';

const formWith = (...fields: string[]) => `form {\n    ${fields.join('\n    ')}\n  }`;

describe('names (MC2xxx)', () => {
  ruleTests(nameCases);

  it('offers the closest name as a quick fix that replaces exactly the misspelt word', () => {
    const text = procedure({ form: formWith('field x "X": boolean required when chanel == online') });
    const [d] = diagnostics(text);
    expect(text.slice(d!.span.start, d!.span.end)).toBe('chanel');
    expect(d!.message.vi).toContain('`chanel`');
    expect(d!.message.vi).toContain('Có phải ý bạn là `channel`?');
    expect(d!.fixes).toEqual([{ title: { vi: 'Đổi thành `channel`', en: 'Change to `channel`' }, span: d!.span, replacement: 'channel' }]);
  });

  it('blames the misspelt field, not the option it is compared with', () => {
    const text = procedure({ form: formWith('field basis "Căn cứ": choice { owner "Chủ" tenant "Thuê" } required', 'field y "Y": boolean required when owner == basiss') });
    const found = diagnostics(text);
    expect(found.map((d) => [d.code, text.slice(d.span.start, d.span.end)])).toEqual([['MC2001', 'basiss']]);
  });

  it('treats an imported group as a name of the form: a field may not reuse it', () => {
    expectCodes(procedure({ form: formWith('field applicant "Người nộp": text optional') }), ['MC2008']);
  });

  it('allows the same transition name in two states, but not twice in one', () => {
    const wf = (processing: string) => `workflow {
    state draft by citizen { submit -> submitted }
    state submitted by reception {
      accept -> processing issue receipt
      ask_supplement -> draft
    }
    state processing by specialist { ${processing} }
    final done
  }`;
    expectCodes(procedure({ workflow: wf('approve -> done\n ask_supplement -> draft') }), []);
    expectCodes(procedure({ workflow: wf('approve -> done\n approve -> draft') }), ['MC2008']);
  });

  it('reports a data source declared in two files at both places', () => {
    const found = diagnostics({ 'a.proc': procedure(), 'common/more.proc': 'source land "Đất" {\n  kind registry\n}\n' });
    expect(found.map((d) => [d.code, d.file])).toEqual([
      ['MC2009', 'common/more.proc'],
      ['MC2009', 'common/sources.proc'],
    ]);
    expect(found[0]!.message.vi).toContain('common/sources.proc:');
  });

  it('says where a fragment is declared when `use` points at the wrong file', () => {
    const found = diagnostics(procedure({ uses: 'use applicant from "common/agencies.proc"' }));
    expect(found.map((d) => d.code)).toEqual(['MC2011']);
    expect(found[0]!.message.en).toContain('It is declared in `common/applicant.proc`');
  });

  it('does not cascade: references into a fragment that failed to import are not reported again', () => {
    const text = procedure({
      uses: 'use applicant from "common/nowhere.proc"',
      form: formWith('field x "X": boolean required when applicant.policy == ho_ngheo and applicant.whatever == 1'),
    });
    expectCodes(text, ['MC2010']);
  });

  it('checks agencies named by `at`, `handover to` and `parent`', () => {
    const wf = `workflow {
    state draft by citizen { submit -> submitted }
    state submitted by reception at ubnd_tinhh { accept -> processing issue receipt handover to cong_an_xaa }
    state processing by specialist { approve -> done }
    final done
  }`;
    const found = diagnostics({ 'p.proc': procedure({ workflow: wf }), 'common/agencies.proc': AGENCIES.replace('parent ubnd_tinh', 'parent ubnd_tnh') });
    expect(found.map((d) => [d.code, d.file])).toEqual([
      ['MC2004', 'common/agencies.proc'],
      ['MC2004', 'p.proc'],
      ['MC2004', 'p.proc'],
    ]);
  });

  it('reports each missing required metadata line', () => {
    expectCodes(procedure({ head: '' }), ['MC2013', 'MC2013', 'MC2013', 'MC2013']);
  });

  it('checks the types and kinds of data sources', () => {
    const found = diagnostics({ 'common/sources.proc': SOURCES.replace('kind registry', 'kind registri').replace('area "Diện tích (m²)": number', 'area "Diện tích (m²)": numbr') });
    expect(found.map((d) => d.code)).toEqual(['MC2015', 'MC2014']);
    expect(found[1]!.fixes?.[0]?.replacement).toBe('number');
  });
});
