import { describe, expect, it } from 'vitest';
import { complete } from './complete.ts';
import type { CompletionItem } from './types.ts';
import { at, BIRTH, labels, library, marked, procedure, typing } from './test-support.ts';

const completeAt = (fx: { ws: Parameters<typeof complete>[0]; path: string; offset: number }) => complete(fx.ws, fx.path, fx.offset);

/**
 * The order Monaco's suggest widget shows equally good matches in: by sortText when both have
 * one, else by label, then by kind (Keyword 17 before Snippet 27, and other kinds between).
 */
function inEditorOrder(items: readonly CompletionItem[]): CompletionItem[] {
  const kindRank = (i: CompletionItem) => (i.kind === 'keyword' ? 17 : i.kind === 'snippet' ? 27 : 20);
  return [...items].sort((a, b) => {
    if (a.sortText && b.sortText && a.sortText !== b.sortText) return a.sortText.toLowerCase() < b.sortText.toLowerCase() ? -1 : 1;
    if (a.label !== b.label) return a.label < b.label ? -1 : 1;
    return kindRank(a) - kindRank(b);
  });
}

describe('keywords valid at the cursor', () => {
  it('offers the items of a form at the start of a line, with snippets', () => {
    const items = completeAt(marked(procedure({ form: 'form {\n    |\n  }' })));
    expect(labels(items, 'keyword').sort()).toEqual(['field', 'group']);
    expect(labels(items, 'snippet').sort()).toEqual(['field …', 'group …']);
    expect(items.find((i) => i.kind === 'snippet' && i.label === 'field …')?.insertText).toContain('${1:ten}');
  });

  it('puts the `procedure` snippet before the bare keyword at the top of a file, with its own label and detail', () => {
    const items = completeAt(marked('|'));
    const snippet = items.find((i) => i.kind === 'snippet')!;
    const keyword = items.find((i) => i.kind === 'keyword' && i.label === 'procedure')!;
    expect(snippet).toMatchObject({ label: 'procedure …', detail: 'Mẫu: thủ tục mới' });
    expect(snippet.insertText).toMatch(/^procedure \$\{1:ten_thu_tuc\} \{\n/);
    expect(keyword.detail).toMatch(/^Từ khóa — Thủ tục hành chính/);
    expect(keyword.label).not.toBe(snippet.label);
    // Typing `proc` matches both equally well: the editor then sorts by sortText (else the label),
    // then by kind, keywords before snippets. Enter takes the first: the snippet.
    expect(inEditorOrder(items.filter((i) => i.label.startsWith('proc'))).map((i) => [i.kind, i.label])).toEqual([
      ['snippet', 'procedure …'],
      ['keyword', 'procedure'],
    ]);
    for (const block of ['procedure p {\n  |\n}', procedure({ form: 'form {\n    |\n  }' })]) {
      const all = completeAt(marked(block));
      for (const s of all.filter((i) => i.kind === 'snippet')) {
        const word = s.label.replace(' …', '');
        expect(inEditorOrder(all.filter((i) => i.label.startsWith(word)))[0], word).toBe(s);
      }
    }
  });

  it('words keyword and snippet details in English when asked', () => {
    const items = complete(marked('|').ws, marked('|').path, 0, { lang: 'en' });
    expect(items.find((i) => i.kind === 'snippet')?.detail).toBe('Template: a new procedure');
    expect(items.find((i) => i.label === 'procedure')?.detail).toMatch(/^Keyword — An administrative procedure/);
    expect(items.find((i) => i.label === 'source')?.detail).toBe('A data source: a national database, a sector registry, a results store.');
  });

  it('offers the clauses a field may still take after its type, and the next item', () => {
    const items = labels(completeAt(marked(procedure({ form: 'form {\n    field note "Ghi chú": text required |\n  }' }))), 'keyword');
    expect(items).toEqual(expect.arrayContaining(['when', 'optional', 'visible', 'min', 'max', 'prefill', 'locked', 'help', 'default', 'field', 'group']));
    expect(items).not.toContain('doc');
    expect(items).not.toContain('amount');
  });

  it("offers a procedure's metadata and blocks inside the procedure, not a block's items", () => {
    const items = labels(completeAt(marked('procedure p {\n  |\n}')), 'keyword');
    expect(items).toEqual(expect.arrayContaining(['code', 'title', 'version', 'agency', 'use', 'form', 'documents', 'fee', 'deadline', 'workflow', 'result', 'scenario']));
    expect(items).not.toContain('field');
    expect(items).not.toContain('procedure');
  });

  it('offers the four declarations at the top of a file', () => {
    expect(labels(completeAt(marked('|')), 'keyword').sort()).toEqual(['agency', 'fragment', 'procedure', 'source']);
  });

  it('offers the clauses of a state before its transitions, and the transition clauses after a target', () => {
    const wf = (body: string) => procedure({ workflow: `workflow {\n    ${body}\n    final done\n  }`, deadline: '' });
    expect(labels(completeAt(marked(wf('state draft by citizen | { submit -> done }'))), 'keyword')).toEqual(expect.arrayContaining(['at', 'sla', 'pauses']));
    const after = labels(completeAt(marked(wf('state draft by citizen { submit -> done | }'))), 'keyword');
    expect(after).toEqual(expect.arrayContaining(['requires', 'with', 'issue', 'notify', 'handover', 'restarts', 'stops']));
    expect(after).not.toContain('sla');
  });

  it('completes the keyword being typed: the word under the cursor is replaced, not continued', () => {
    const items = labels(completeAt(marked(procedure({ form: 'form {\n    field note "Ghi chú": text requ|\n  }' }))), 'keyword');
    expect(items).toContain('required');
  });
});

describe('English companions', () => {
  it('offers `en` right after a Vietnamese text the grammar lets take one, and nowhere else', () => {
    const keywordsAt = (text: string) => labels(completeAt(marked(text)), 'keyword');
    const form = (line: string) => procedure({ form: `form {\n    ${line}\n  }` });
    expect(keywordsAt(form('field note "Ghi chú" |'))).toEqual(['en']);
    expect(keywordsAt(form('field note "Ghi chú": text help "Ghi rõ" |'))).toContain('en');
    expect(keywordsAt('procedure p {\n  title "Thủ tục" |\n}')).toContain('en');
    const wf = (body: string) => procedure({ workflow: `workflow {\n    ${body}\n    final done\n  }`, deadline: '' });
    expect(keywordsAt(wf('state draft by citizen { submit "Nộp" | -> done }'))).toEqual(['en']);
    expect(keywordsAt(wf('state draft by citizen { submit -> done notify citizen "Đã nộp" | }'))).toContain('en');
    // Not before the Vietnamese text, not after English already given, not after other strings.
    expect(keywordsAt(form('field note |'))).not.toContain('en');
    expect(keywordsAt(form('field note "Ghi chú" en "Note" |'))).not.toContain('en');
    expect(keywordsAt(form('field note "Ghi chú": text pattern "^[0-9]+$" |'))).not.toContain('en');
    expect(keywordsAt('procedure p {\n  code "1.000001" |\n}')).not.toContain('en');
  });

  it('explains `en` in the language asked for', () => {
    const fx = marked(procedure({ form: 'form {\n    field note "Ghi chú" |\n  }' }));
    expect(complete(fx.ws, fx.path, fx.offset).find((i) => i.label === 'en')?.detail).toMatch(/^Bản tiếng Anh của văn bản tiếng Việt ngay trước/);
    expect(complete(fx.ws, fx.path, fx.offset, { lang: 'en' }).find((i) => i.label === 'en')?.detail).toMatch(/^The English text of the Vietnamese text just before it/);
  });

  it('shows the English label of a name in English, the Vietnamese one otherwise', () => {
    const text = procedure({
      form: 'form {\n    field basis "Căn cứ" en "Basis": choice { owner "Chủ sở hữu" en "Owner" tenant "Thuê" }\n    field note "Ghi chú": text visible when basis == |\n  }',
    });
    const fx = marked(text);
    const detail = (lang: 'vi' | 'en', label: string) => complete(fx.ws, fx.path, fx.offset, { lang }).find((i) => i.label === label)?.detail;
    expect([detail('vi', 'owner'), detail('en', 'owner'), detail('en', 'tenant')]).toEqual(['Chủ sở hữu', 'Owner', 'Thuê']);
    expect(detail('vi', 'basis')).toMatch(/^Căn cứ · /);
    expect(detail('en', 'basis')).toMatch(/^Basis · /);
  });
});

describe('names in scope', () => {
  it('completes the fields of a source after `population.`', () => {
    const ws = library();
    const items = complete(ws, BIRTH, at(ws, BIRTH, 'prefill from population(mother.personal_id).|full_name locked'));
    expect(labels(items, 'sourceField')).toEqual(expect.arrayContaining(['full_name', 'birth_date', 'permanent_address', 'policy']));
    expect(labels(items, 'sourceField')).not.toContain('personal_id'); // the key is given in the call
    expect(items.find((i) => i.label === 'full_name')?.detail).toContain('Họ, chữ đệm và tên');
  });

  it('completes the fields of the applicant\'s record after a bare source name being typed', () => {
    const fx = marked(procedure({ form: 'form {\n    field name "Tên": text prefill from population.|\n  }' }));
    expect(labels(completeAt(fx), 'sourceField')).toEqual(expect.arrayContaining(['full_name', 'birth_date', 'permanent_address']));
  });

  it("completes a group's fields after `child.` on a line being typed", () => {
    const fx = typing(library(), BIRTH, '    field father_known', '    field x "X": text required when child.|\n    field father_known');
    expect(labels(completeAt(fx), 'field').sort()).toEqual(['birth_date', 'birth_place', 'ethnicity', 'full_name', 'gender', 'nationality', 'personal_id']);
  });

  it("completes an imported fragment's fields after `applicant.`", () => {
    const fx = marked(procedure({ form: 'form {\n    field note "Ghi chú": text visible when applicant.|\n  }' }));
    expect(labels(completeAt(fx), 'field')).toEqual(expect.arrayContaining(['personal_id', 'full_name', 'birth_date', 'policy']));
  });

  it('offers fields, groups, sources and built-ins at the start of an expression', () => {
    const items = completeAt(marked(procedure({ form: 'form {\n    field note "Ghi chú": text\n    field other "Khác": text visible when |\n  }' })));
    expect(labels(items, 'field')).toContain('note');
    expect(labels(items, 'group')).toContain('applicant');
    expect(labels(items, 'source')).toEqual(expect.arrayContaining(['population', 'land']));
    expect(labels(items, 'builtin')).toEqual(expect.arrayContaining(['channel', 'citizen', 'today', 'form', 'documents', 'count', 'age']));
    expect(labels(items, 'keyword')).toEqual(expect.arrayContaining(['not', 'true', 'false']));
  });

  it("offers a group's own fields by their bare names inside the group", () => {
    const fx = typing(library(), BIRTH, 'field ethnicity "Dân tộc": text required', 'field ethnicity "Dân tộc": text required visible when gen|');
    const fields = labels(completeAt(fx), 'field');
    expect(fields).toEqual(expect.arrayContaining(['gender', 'birth_place', 'relation']));
  });

  it('offers `value` inside a fee tier, and not outside it', () => {
    const tiers = (cursorIn: 'tier' | 'when') =>
      procedure({
        form: 'form {\n    field pages "Số trang": number required\n  }',
        fees: `fee copy "Phí" {\n    amount tiered by pages {\n      up to 2: 2_000 VND\n      above: 1_000 VND * ${cursorIn === 'tier' ? '|' : 'value'}\n    } when ${cursorIn === 'when' ? '|' : 'pages > 0'}\n  }`,
      });
    expect(labels(completeAt(marked(tiers('tier'))), 'builtin')).toContain('value');
    expect(labels(completeAt(marked(tiers('when'))), 'builtin')).not.toContain('value');
  });
});

describe('choice options', () => {
  it('offers the options of a choice field after `==`, before other names', () => {
    const fx = typing(library(), BIRTH, '    field father_known', '    field x "X": text required when relation == |\n    field father_known');
    const items = completeAt(fx);
    expect(labels(items, 'option')).toEqual(['mother', 'father', 'grandparent', 'relative', 'carer']);
    expect(items[0]!.kind).toBe('option');
    expect(items.find((i) => i.label === 'mother' && i.kind === 'option')?.detail).toBe('Mẹ');
  });

  it('offers the options of the compared value inside `in [ … ]`, also for a keyed source lookup', () => {
    const ws = library();
    const items = complete(ws, BIRTH, at(ws, BIRTH, '.policy in [nguoi_co_cong, |ho_ngheo, khuyet_tat]'));
    expect(labels(items, 'option')).toEqual(['nguoi_co_cong', 'ho_ngheo', 'khuyet_tat', 'tre_em', 'none']);
  });

  it('offers the channels after `channel ==`', () => {
    const fx = marked(procedure({ fees: 'fee f "Phí" {\n    amount 10_000 VND when channel != |\n  }' }));
    expect(labels(completeAt(fx), 'option')).toEqual(['online', 'in_person', 'postal']);
  });

  it('offers no options after `==` on a field that is not a choice', () => {
    const fx = marked(procedure({ form: 'form {\n    field note "Ghi chú": text\n    field other "Khác": text visible when note == |\n  }' }));
    expect(labels(completeAt(fx), 'option')).toEqual([]);
  });
});

describe('names of the workflow and the procedure', () => {
  const ws = library();
  it("offers the workflow's states after `->`", () => {
    const items = complete(ws, BIRTH, at(ws, BIRTH, 'submit "Nộp hồ sơ" -> |submitted'));
    expect(labels(items, 'state')).toEqual(['draft', 'submitted', 'supplementing', 'processing', 'approval', 'approval_refusal', 'done', 'refused']);
    expect(labels(items).filter((l) => l !== 'submitted' && !labels(items, 'state').includes(l))).toEqual([]);
  });

  it('offers transitions after `due before` and in a scenario after `do`', () => {
    const fx = marked(procedure({ fees: 'fee f "Phí" {\n    amount 10_000 VND\n    due before |\n  }' }));
    expect(labels(completeAt(fx), 'transition').sort()).toEqual(['accept', 'approve', 'refuse', 'submit']);
    const items = complete(ws, BIRTH, at(ws, BIRTH, 'at 2025-04-29 10:00 do submit, |accept'));
    expect(labels(items, 'transition')).toEqual(expect.arrayContaining(['submit', 'accept', 'ask_supplement', 'record', 'sign', 'sign_interconnected']));
  });

  it('offers roles after `by` and `notify`', () => {
    expect(labels(complete(ws, BIRTH, at(ws, BIRTH, 'by |reception at ubnd_xa')), 'role')).toEqual(['citizen', 'reception', 'specialist', 'leader']);
    expect(labels(complete(ws, BIRTH, at(ws, BIRTH, 'notify |citizen "Hồ sơ khai sinh đã được tiếp nhận."')), 'role')).toContain('citizen');
  });

  it('offers the declared agencies after `agency`, `at` and `handover to`', () => {
    for (const snippet of ['agency |ubnd_xa\n  level', 'at |ubnd_xa sla', 'handover to |cong_an_xa']) {
      const items = complete(ws, BIRTH, at(ws, BIRTH, snippet));
      expect(labels(items, 'agency'), snippet).toEqual(expect.arrayContaining(['ubnd_xa', 'cong_an_xa', 'bhxh_huyen', 'ubnd_tinh']));
      expect(items.find((i) => i.label === 'ubnd_xa')?.detail).toBe('Ủy ban nhân dân cấp xã');
    }
  });

  it('offers the results after `issue result`, and the kinds of paper after `issue`', () => {
    expect(labels(complete(ws, BIRTH, at(ws, BIRTH, '-> done requires not interconnect\n        issue result |birth_certificate')), 'result')).toEqual(['birth_certificate']);
    const kinds = complete(ws, BIRTH, at(ws, BIRTH, '-> processing issue |receipt'));
    expect(labels(kinds, 'builtin')).toEqual(expect.arrayContaining(['receipt', 'supplement_request', 'refusal']));
    expect(labels(kinds, 'keyword')).toContain('result');
  });

  it('offers the inputs an officer can be asked for after `with`', () => {
    expect(labels(complete(ws, BIRTH, at(ws, BIRTH, 'refuse "Từ chối tiếp nhận" -> refused with |reason')), 'builtin')).toEqual(['reason', 'note', 'missing', 'new_date']);
  });

  it('offers the starting points of a deadline: complete, submission and the states', () => {
    const items = complete(ws, BIRTH, at(ws, BIRTH, 'deadline 1 working day from |complete'));
    expect(labels(items, 'builtin')).toEqual(['complete', 'submission']);
    expect(labels(items, 'state')).toContain('processing');
  });

  it('offers the fragments of the workspace after `use`, with their file', () => {
    const items = complete(ws, BIRTH, at(ws, BIRTH, 'use |applicant from'));
    const applicant = items.find((i) => i.label === 'applicant');
    expect(applicant?.insertText).toBe('applicant from "common/applicant.proc"');
  });

  it('offers the sources read for the applicant after `proves`, and only results stores after `publish`', () => {
    const proves = marked(procedure({ documents: 'documents {\n    doc d "D": required proves |\n  }' }));
    expect(labels(completeAt(proves), 'source')).toEqual(['population', 'residence']); // not `land`, keyed by address
    const publish = marked(procedure({ results: 'result r "R" {\n    publish |\n  }' }));
    expect(labels(completeAt(publish), 'source')).toEqual(['residence']);
    const member = marked(procedure({ results: 'result r "R" {\n    publish residence.|\n  }' }));
    expect(labels(completeAt(member), 'sourceField')).toEqual(['permanent_address']);
  });

  it('offers the fixed words of metadata, documents, sources and agencies', () => {
    const cases: Array<[string | Record<string, string>, string[]]> = [
      [procedure({ head: 'code "1"\n  level |' }), ['full_online', 'partial', 'information']],
      [procedure({ head: 'code "1"\n  channels online, |' }), ['online', 'in_person', 'postal']],
      [procedure({ documents: 'documents {\n    doc d "D": required as |\n  }' }), ['original', 'copy', 'certified_copy', 'electronic']],
      [procedure({ documents: 'documents {\n    doc d "D": required format pdf, |\n  }' }), ['pdf', 'jpg', 'png']],
      [{ 'common/x.proc': 'source x "X" {\n  kind |\n}' }, ['national', 'registry', 'results', 'dossiers']],
      [{ 'common/x.proc': 'agency a "A" {\n  level |\n}' }, ['commune', 'district', 'province', 'ministry']],
      [{ 'common/x.proc': 'agency a "A" {\n  calendar |\n}' }, ['national', 'saturday_morning']],
      [{ 'common/x.proc': 'agency a "A" {\n  parent |\n}' }, ['cong_an_xa', 'ubnd_tinh']],
    ];
    for (const [files, expected] of cases) {
      const fx = marked(files);
      expect(labels(completeAt(fx)), JSON.stringify(files)).toEqual(expect.arrayContaining(expected));
    }
  });

  it('offers the field types after the colon', () => {
    const fx = marked(procedure({ form: 'form {\n    field note "Ghi chú": |\n  }' }));
    const items = completeAt(fx);
    expect(labels(items, 'builtin')).toEqual(['text', 'number', 'money', 'date', 'boolean', 'personal_id', 'phone', 'email', 'address']);
    expect(labels(items, 'keyword')).toEqual(['choice']);
  });
});

describe('scenarios', () => {
  const ws = library();
  it('offers the documents in `expect documents [` and `missing [`', () => {
    const items = complete(ws, BIRTH, at(ws, BIRTH, 'expect documents [to_khai, |birth_commitment]'));
    expect(labels(items, 'document')).toEqual(['to_khai', 'giay_chung_sinh', 'witness_statement', 'birth_commitment', 'marriage_certificate']);
    expect(labels(items, 'field')).toEqual([]);
    const fx = typing(ws, BIRTH, 'given parents_married true, birth_proof birth_certificate\n    expect fee', 'given parents_married true, missing [|\n    expect fee');
    expect(labels(completeAt(fx), 'document')).toContain('marriage_certificate');
  });

  it('offers the states after `expect state` and the outcomes after `expect outcome`', () => {
    const fx = typing(ws, BIRTH, '    expect state supplementing', '    expect state |');
    expect(labels(completeAt(fx), 'state')).toContain('supplementing');
    expect(labels(completeAt(fx), 'field')).toEqual([]);
    expect(labels(completeAt(fx), 'keyword')).toEqual([]); // not `not`, `true`, `false`: a state is a name
    const outcome = typing(ws, BIRTH, '    expect outcome early\n  }\n\n  scenario single', '    expect outcome |\n  }\n\n  scenario single');
    expect(labels(completeAt(outcome))).toEqual(expect.arrayContaining(['early', 'on_time', 'late']));
  });

  it('offers the inputs of a scenario after `given`: the built-in keys and the form', () => {
    const items = complete(ws, BIRTH, at(ws, BIRTH, 'given |channel online, citizen "001190006789", relation mother\n    given child.full_name "Trần Minh Khang"'));
    expect(labels(items, 'builtin')).toEqual(['channel', 'citizen', 'missing', 'paid']);
    expect(labels(items)).toEqual(expect.arrayContaining(['relation', 'child', 'mother', 'applicant']));
    expect(labels(items, 'source')).toEqual([]);
  });

  it("offers a group's fields after `given child.`", () => {
    const fx = typing(ws, BIRTH, 'given child.full_name "Trần Minh Khang"', 'given child.|');
    expect(labels(completeAt(fx), 'field')).toEqual(expect.arrayContaining(['full_name', 'birth_date', 'gender']));
    expect(labels(completeAt(fx), 'sourceField')).toEqual([]);
  });

  it('offers `do` and `extend` after the time of a step, and `to` after `extend`', () => {
    const step = (text: string) => marked(procedure({ scenarios: `scenario s "S" {\n    at 2025-01-24 10:00 do submit, accept\n    ${text}\n  }` }));
    expect(labels(completeAt(step('at 2025-01-27 09:00 |')), 'keyword').sort()).toEqual(['do', 'extend']);
    expect(labels(completeAt(step('at 2025-01-27 09:00 extend |')), 'keyword')).toEqual(['to']);
  });

  it('offers the options of a choice input as its value', () => {
    const items = complete(ws, BIRTH, at(ws, BIRTH, 'given channel online, citizen "001190006789", relation |mother\n    given child.full_name "Trần Minh Khang"'));
    expect(labels(items, 'option')).toEqual(['mother', 'father', 'grandparent', 'relative', 'carer']);
    expect(labels(items, 'group')).toEqual([]);
  });
});

describe('text being typed', () => {
  it('offers nothing inside a string or a comment', () => {
    expect(completeAt(marked(procedure({ head: 'code "1.0|00001"\n  version 1\n  title "T"\n  agency cong_an_xa' })))).toEqual([]);
    expect(completeAt(marked('# chú thích |\nprocedure p {}'))).toEqual([]);
  });

  it('completes in a file whose blocks are not closed yet', () => {
    const items = completeAt(marked('procedure p {\n  workflow {\n    state draft by citizen {\n      submit -> |'));
    expect(labels(items, 'state')).toEqual(['draft']);
  });

  it('keeps completing after a mistake earlier in the same block', () => {
    const fx = marked(procedure({ form: 'form {\n    field a "A": text requird\n    field b "B": choice { x "X" y "Y" }\n    field c "C": text visible when b == |\n  }' }));
    expect(labels(completeAt(fx), 'option')).toEqual(['x', 'y']);
  });

  it('completes inside an unclosed parenthesis', () => {
    const fx = marked(procedure({ form: 'form {\n    field kind_of "Loại": choice { a "A" b "B" }\n    field d "D": text visible when (kind_of == |\n  }' }));
    expect(labels(completeAt(fx), 'option')).toEqual(['a', 'b']);
  });

  it('still knows the procedure when the line being typed makes the parser lose it', () => {
    // A declaration keyword typed inside a procedure ends it for the parser; the names come
    // from a parse without the line being typed.
    const fx = marked(procedure({ form: 'form {\n    field kind_of "Loại": choice { a "A" b "B" }\n    field d "D": text visible when kind_of == | procedure x\n  }' }));
    expect(labels(completeAt(fx), 'option')).toEqual(['a', 'b']);
  });
});

describe('never fails', () => {
  it('answers, without throwing, anywhere in the birth registration cut short at any point', () => {
    const ws = library();
    const text = ws.file(BIRTH)!.text;
    let answered = 0;
    for (let cut = 300; cut < text.length; cut += 997) {
      const cutWs = ws.withFile(BIRTH, text.slice(0, cut));
      for (let offset = cut - 300; offset <= cut; offset += 29) {
        expect(() => complete(cutWs, BIRTH, offset)).not.toThrow();
        if (complete(cutWs, BIRTH, offset).length) answered++;
      }
    }
    expect(answered).toBeGreaterThan(50); // and mostly with something to offer
  });
});

describe('speed', () => {
  it('answers twenty completions on the birth registration within a keystroke\'s budget', () => {
    const ws = library();
    const offsets = [
      at(ws, BIRTH, 'submit "Nộp hồ sơ" -> |submitted'),
      at(ws, BIRTH, 'prefill from population(mother.personal_id).|full_name locked'),
      at(ws, BIRTH, '.policy in [nguoi_co_cong, |ho_ngheo, khuyet_tat]'),
      at(ws, BIRTH, 'at 2025-04-29 10:00 do submit, |accept'),
      at(ws, BIRTH, 'use applicant from "common/applicant.proc"\n|'),
    ];
    complete(ws, BIRTH, offsets[0]!); // the first call builds the grammar's caches
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) complete(ws, BIRTH, offsets[i % offsets.length]!);
    // A guard against pathological slowdowns (a whole-file content assist, say), not a
    // benchmark: the parse of each keystroke's text comes on top and is the parser's budget.
    expect(performance.now() - t0).toBeLessThan(200);
  });
});
