import { describe, expect, it } from 'vitest';
import { checkFile } from '../check/index.ts';
import { codeActions } from './code-actions.ts';
import { applyEdits, marked, procedure } from './test-support.ts';

/** Quick fixes at the marker, and the file after applying the first one. */
function fixesAt(text: string) {
  const fx = marked(text);
  const actions = codeActions(fx.ws, fx.path, fx.offset, fx.offset);
  const first = actions[0];
  const fixed = first ? applyEdits(fx.ws, first.edits)[fx.path]! : undefined;
  return { fx, actions, fixed };
}

describe('quick fixes from "did you mean"', () => {
  it('fixes a misspelt keyword (MC1004)', () => {
    const { actions: misspelt, fixed: fixedItem } = fixesAt(procedure({ form: 'form {\n    field note "Ghi chú": text\n  }', documents: 'documets| {\n  }' }));
    expect(misspelt.map((a) => [a.diagnosticCode, a.title])).toEqual([['MC1004', 'Sửa thành «documents»']]);
    expect(fixedItem).toContain('  documents {');
  });

  it('fixes a misspelt clause after a field, which the parser reports as misspelt (MC1004) from what the grammar accepts there', () => {
    const { actions, fixed } = fixesAt(procedure({ form: 'form {\n    field note "Ghi chú": text requ|ird\n  }' }));
    expect(actions.map((a) => [a.diagnosticCode, a.title])).toEqual([['MC1004', 'Sửa thành «required»']]);
    expect(fixed).toContain('field note "Ghi chú": text required\n');
  });

  it('fixes a misspelt clause the parser only reports as unexpected (MC1003: an item too long for its search)', () => {
    const long = Array.from({ length: 300 }, () => '1').join(' + ');
    const { actions, fixed } = fixesAt(procedure({ form: `form {\n    field n "N": number computed ${long} requ|ird\n  }` }));
    expect(actions.map((a) => [a.diagnosticCode, a.title])).toEqual([['MC1003', 'Sửa thành «required»']]);
    expect(fixed).toContain(' + 1 required\n');
  });

  it('fixes an unknown name to the closest name in scope (MC2001), and the fix checks clean', () => {
    const { fx, actions, fixed } = fixesAt(procedure({ form: 'form {\n    field note "Ghi chú": text\n    field other "Khác": text visible when not|e_ == ""\n  }' }));
    expect(actions.map((a) => [a.diagnosticCode, a.title])).toEqual([['MC2001', 'Sửa thành «note»']]);
    expect(checkFile(fx.ws.withFile(fx.path, fixed!), fx.path)).toEqual([]);
  });

  it('fixes a name written with accents (MC1007)', () => {
    const { actions, fixed } = fixesAt(procedure({ form: 'form {\n    field ghi_ch|ú "Ghi chú": text\n  }' }));
    expect(actions.map((a) => [a.diagnosticCode, a.title])).toEqual([['MC1007', 'Sửa thành «ghi_chu»']]);
    expect(fixed).toContain('field ghi_chu "Ghi chú": text');
  });

  it('fixes an unknown transition target, an unknown option and an undeclared agency', () => {
    const wf = 'workflow {\n    state draft by citizen { submit -> submited }\n    state submitted by reception at cong_an_x { accept -> done issue receipt }\n    final done\n  }';
    const fx = marked(procedure({ workflow: wf.replace('submited', 'submit|ed') }));
    expect(codeActions(fx.ws, fx.path, fx.offset, fx.offset).map((a) => a.title)).toEqual(['Sửa thành «submitted»']);
    const agency = marked(procedure({ workflow: wf.replace('cong_an_x ', 'cong_an_x| ') }));
    expect(codeActions(agency.ws, agency.path, agency.offset, agency.offset).map((a) => [a.diagnosticCode, a.title])).toEqual([['MC2004', 'Sửa thành «cong_an_xa»']]);
    const option = fixesAt(procedure({ form: 'form {\n    field k "Loại": choice { owner "Chủ" tenant "Thuê" }\n    field n "Ghi chú": text visible when k == tenent|\n  }' }));
    expect(option.actions.map((a) => [a.diagnosticCode, a.title])).toEqual([['MC3007', 'Sửa thành «tenant»']]);
  });

  it('titles the fix in Vietnamese by default and in English when asked', () => {
    const fx = marked(procedure({ form: 'form {\n    field note "Ghi chú": text requ|ird\n  }' }));
    expect(codeActions(fx.ws, fx.path, fx.offset, fx.offset).map((a) => a.title)).toEqual(['Sửa thành «required»']);
    expect(codeActions(fx.ws, fx.path, fx.offset, fx.offset, { lang: 'vi' }).map((a) => a.title)).toEqual(['Sửa thành «required»']);
    expect(codeActions(fx.ws, fx.path, fx.offset, fx.offset, { lang: 'en' }).map((a) => a.title)).toEqual(['Change to «required»']);
  });

  it('offers every fix in a selected range, and none outside a diagnostic or without a suggestion', () => {
    const text = procedure({ form: 'form {\n    field note "Ghi chú": text requird\n    field other "Khác": text visible when note_ == ""\n    field x "X": text visible when zzzzzz\n  }' }).replace('form {', '|form {');
    const fx = marked(text);
    const all = codeActions(fx.ws, fx.path, fx.offset, fx.ws.file(fx.path)!.text.length);
    expect(all.map((a) => a.diagnosticCode)).toEqual(['MC1004', 'MC2001']); // `zzzzzz` is reported, with nothing to suggest
    expect(codeActions(fx.ws, fx.path, fx.offset, fx.offset)).toEqual([]);
  });
});
