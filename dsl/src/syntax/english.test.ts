// English companions: `"Vietnamese" en "English"` after every label, help, title and notify
// message. `en` is a soft keyword: it is the companion only right after a Vietnamese text, and a
// name anywhere else.
import { describe, expect, it } from 'vitest';
import type * as A from '../ast.ts';
import { parse } from './parse.ts';

/** The one declaration of `text`, which must parse without diagnostics. */
function only<K extends A.Declaration['kind']>(text: string, kind: K): Extract<A.Declaration, { kind: K }> {
  const { file, diagnostics } = parse(text);
  expect(diagnostics.map((d) => `${d.code} ${d.message.en}`)).toEqual([]);
  const d = file.declarations[0]!;
  expect(d.kind).toBe(kind);
  return d as Extract<A.Declaration, { kind: K }>;
}

const items = <K extends A.ProcedureItem['kind']>(p: A.ProcedureDecl, kind: K) =>
  p.items.filter((i): i is Extract<A.ProcedureItem, { kind: K }> => i.kind === kind);

/** The text a span covers. */
const at = (text: string, s: A.Span | undefined) => (s ? text.slice(s.start, s.end) : undefined);

const PROCEDURE = `procedure dang_ky {
  code "1.000001"
  title "Đăng ký thường trú" en "Permanent residence registration"
  form {
    field address "Địa chỉ" en "Address": address required
      help "Ghi số nhà, đường" en "House number, street"
    field basis "Căn cứ" en "Basis": choice { owner "Chủ sở hữu" en "Owner" tenant "Thuê, mượn" en "Tenant or borrower" other "Khác" } required
    group members "Thành viên" en "Members" repeated { field name "Họ tên" en "Full name": text }
  }
  documents {
    doc ct01 "Tờ khai (CT01)" en "Declaration (CT01)": generated from form help "Tự tạo" en "Generated"
  }
  fee registration "Lệ phí" en "Fee" {
    amount 20_000 VND
    exempt "Người có công" en "People with meritorious services" when applicant.policy == nguoi_co_cong
  }
  workflow {
    state submitted "Đã nộp" en "Submitted" by reception {
      accept "Tiếp nhận" en "Accept" -> done notify citizen "Đã tiếp nhận" en "Accepted" issue receipt
    }
    final done "Xong" en "Done"
  }
  result confirmation "Thông báo" en "Notice" { help "Bản điện tử" en "Electronic copy" }
  scenario online "Trực tuyến" en "Online" { given channel online }
}`;

describe('English companions: where they are written', () => {
  const p = only(PROCEDURE, 'Procedure');

  it('the procedure title', () => {
    const title = items(p, 'Meta').find((m) => m.key === 'title')!;
    expect(title.strings.map((s) => s.value)).toEqual(['Đăng ký thường trú']);
    expect(title.titleEn?.value).toBe('Permanent residence registration');
    expect(at(PROCEDURE, title.titleEn?.span)).toBe('"Permanent residence registration"');
    expect(at(PROCEDURE, title.span)).toBe('title "Đăng ký thường trú" en "Permanent residence registration"');
    expect(items(p, 'Meta').find((m) => m.key === 'code')!.titleEn).toBeUndefined();
  });

  it('fields, field help, choice options and groups', () => {
    const [address, basis, members] = items(p, 'Form')[0]!.items as [A.FieldDecl, A.FieldDecl, A.GroupDecl];
    expect([address.label?.value, address.labelEn?.value]).toEqual(['Địa chỉ', 'Address']);
    expect(at(PROCEDURE, address.labelEn?.span)).toBe('"Address"');
    const help = address.clauses.find((c) => c.kind === 'Help');
    expect(help).toMatchObject({ text: { value: 'Ghi số nhà, đường' }, textEn: { value: 'House number, street' } });
    expect(at(PROCEDURE, help?.span)).toBe('help "Ghi số nhà, đường" en "House number, street"');
    expect(basis.labelEn?.value).toBe('Basis');
    expect(basis.type.options.map((o) => [o.name.text, o.label?.value, o.labelEn?.value])).toEqual([
      ['owner', 'Chủ sở hữu', 'Owner'],
      ['tenant', 'Thuê, mượn', 'Tenant or borrower'],
      ['other', 'Khác', undefined],
    ]);
    expect(at(PROCEDURE, basis.type.options[0]!.span)).toBe('owner "Chủ sở hữu" en "Owner"');
    expect([members.labelEn?.value, members.fields[0]!.labelEn?.value]).toEqual(['Members', 'Full name']);
  });

  it('documents and their help, fees and exemptions', () => {
    const doc = items(p, 'Documents')[0]!.docs[0]!;
    expect(doc.labelEn?.value).toBe('Declaration (CT01)');
    expect(doc.clauses.find((c) => c.kind === 'Help')).toMatchObject({ text: { value: 'Tự tạo' }, textEn: { value: 'Generated' } });
    const fee = items(p, 'Fee')[0]!;
    expect(fee.labelEn?.value).toBe('Fee');
    expect(fee.items.find((i) => i.kind === 'Exempt')).toMatchObject({ label: { value: 'Người có công' }, labelEn: { value: 'People with meritorious services' } });
  });

  it('states, transitions and notify messages', () => {
    const [submitted, done] = items(p, 'Workflow')[0]!.states;
    expect(submitted!.labelEn?.value).toBe('Submitted');
    expect(done!.labelEn?.value).toBe('Done');
    const accept = submitted!.transitions[0]!;
    expect(accept.labelEn?.value).toBe('Accept');
    const notify = accept.clauses.find((c) => c.kind === 'Notify');
    expect(notify).toMatchObject({ message: { value: 'Đã tiếp nhận' }, messageEn: { value: 'Accepted' } });
    expect(at(PROCEDURE, notify?.span)).toBe('notify citizen "Đã tiếp nhận" en "Accepted"');
    expect(accept.clauses.map((c) => c.kind)).toEqual(['Notify', 'Issue']);
  });

  it('results and their help, scenarios', () => {
    const result = items(p, 'Result')[0]!;
    expect(result.labelEn?.value).toBe('Notice');
    expect(result.items[0]).toMatchObject({ kind: 'Help', text: { value: 'Bản điện tử' }, textEn: { value: 'Electronic copy' } });
    expect(items(p, 'Scenario')[0]!.labelEn?.value).toBe('Online');
  });

  it('fragments, sources with their fields, agencies', () => {
    const fragment = only('fragment applicant "Người nộp" en "Applicant" { field phone "Điện thoại" en "Phone": phone }', 'Fragment');
    expect([fragment.labelEn?.value, (fragment.fields[0] as A.FieldDecl).labelEn?.value]).toEqual(['Applicant', 'Phone']);
    const source = only('source population "Dân cư" en "Population" { kind national key personal_id: personal_id field full_name "Họ tên" en "Full name": text }', 'Source');
    expect(source.labelEn?.value).toBe('Population');
    expect(source.items.find((i) => i.kind === 'SourceField')).toMatchObject({ label: { value: 'Họ tên' }, labelEn: { value: 'Full name' } });
    expect(only('agency ubnd_xa "Ủy ban nhân dân xã" en "Commune People\'s Committee" { level commune }', 'Agency').labelEn?.value).toBe("Commune People's Committee");
  });

  it('leaves every English companion out of the tree when none is written', () => {
    const plain = PROCEDURE.replace(/ en "[^"]*"/g, '');
    const json = JSON.stringify(parse(plain).file);
    expect(parse(plain).diagnostics).toEqual([]);
    expect(json).not.toMatch(/labelEn|textEn|titleEn|messageEn/);
    expect(json).toContain('"Ghi số nhà, đường"');
  });

  it('reads the companion across a line break', () => {
    const text = 'procedure p { form { field a "Địa chỉ"\n    en "Address": address } }';
    const field = items(only(text, 'Procedure'), 'Form')[0]!.items[0] as A.FieldDecl;
    expect(field.labelEn?.value).toBe('Address');
  });
});

describe('English companions: `en` is still a name', () => {
  it('names a field, a group, a state, a transition, a choice option, a fee, a document', () => {
    const text = `procedure en {
  form {
    field en "Tiếng Anh" en "English": boolean
    group g { field en: text }
    field lang "Ngôn ngữ": choice { en "Tiếng Anh" vi "Tiếng Việt" } visible when en
  }
  documents { doc en "Bản dịch" }
  fee en "Phí dịch" { amount 1 VND }
  workflow {
    state en "Dịch" by specialist { en -> done requires en en "Dịch" en "Translate" -> done }
    final done
  }
}`;
    const p = only(text, 'Procedure');
    expect(p.name.text).toBe('en');
    const [field, group, lang] = items(p, 'Form')[0]!.items as [A.FieldDecl, A.GroupDecl, A.FieldDecl];
    expect([field.name.text, field.label?.value, field.labelEn?.value]).toEqual(['en', 'Tiếng Anh', 'English']);
    expect(group.fields[0]!.name.text).toBe('en');
    expect(lang.type.options.map((o) => [o.name.text, o.label?.value, o.labelEn?.value])).toEqual([
      ['en', 'Tiếng Anh', undefined],
      ['vi', 'Tiếng Việt', undefined],
    ]);
    expect(lang.clauses[0]).toMatchObject({ kind: 'Visible', when: { kind: 'Path', segments: [{ text: 'en' }] } });
    expect(items(p, 'Documents')[0]!.docs[0]!.name.text).toBe('en');
    expect(items(p, 'Fee')[0]!.name.text).toBe('en');
    const state = items(p, 'Workflow')[0]!.states[0]!;
    expect(state.name.text).toBe('en');
    // `requires en` then the next transition, itself called `en`: the guard's name is `en`.
    expect(state.transitions.map((t) => [t.name.text, t.label?.value, t.labelEn?.value, t.target.text])).toEqual([
      ['en', undefined, undefined, 'done'],
      ['en', 'Dịch', 'Translate', 'done'],
    ]);
    expect(state.transitions[0]!.clauses[0]).toMatchObject({ kind: 'Requires', guard: { kind: 'Path', segments: [{ text: 'en' }] } });
  });

  it('after a choice option or a notify message, `en` not followed by a string is the next option or transition', () => {
    const text = `procedure p {
  form { field lang "Ngôn ngữ": choice { vi "Tiếng Việt" en } }
  workflow {
    state a by citizen { go -> b notify citizen "Đã nộp" en -> b }
    final b
  }
}`;
    const p = only(text, 'Procedure');
    const lang = items(p, 'Form')[0]!.items[0] as A.FieldDecl;
    expect(lang.type.options.map((o) => [o.name.text, o.label?.value, o.labelEn?.value])).toEqual([
      ['vi', 'Tiếng Việt', undefined],
      ['en', undefined, undefined],
    ]);
    const transitions = items(p, 'Workflow')[0]!.states[0]!.transitions;
    expect(transitions.map((t) => t.name.text)).toEqual(['go', 'en']);
    expect(transitions[0]!.clauses[0]).toMatchObject({ kind: 'Notify', message: { value: 'Đã nộp' } });
    expect(transitions[0]!.clauses[0]).not.toHaveProperty('messageEn');
  });
});

describe('English companions: mistakes (MC1009)', () => {
  const diagnostics = (text: string) => parse(text).diagnostics.map((d) => ({ code: d.code, at: text.slice(d.span.start, d.span.end), vi: d.message.vi, en: d.message.en }));

  it('`en` without the English text after it: reported at `en`, in Vietnamese and English, and the rest still parses', () => {
    const text = 'procedure p { form { field a "Địa chỉ" en: address required\n field b "B": text } }';
    const d = diagnostics(text);
    expect(d).toEqual([
      {
        code: 'MC1009',
        at: 'en',
        vi: 'Sau `en` cần văn bản tiếng Anh trong dấu ngoặc kép, ví dụ `"Địa chỉ" en "Address"`.',
        en: '`en` must be followed by the English text in double quotes, e.g. `"Địa chỉ" en "Address"`.',
      },
    ]);
    const form = items(parse(text).file.declarations[0] as A.ProcedureDecl, 'Form')[0]!;
    expect(form.items.map((f) => f.name.text)).toEqual(['a', 'b']);
    expect((form.items[0] as A.FieldDecl).type.name.text).toBe('address');
  });

  it('`en` without a string after a help, a title, a document label or at the end of a block', () => {
    for (const text of [
      'procedure p { title "Tên" en\n version 1 }',
      'procedure p { form { field a "A": text help "Ghi" en } }',
      'procedure p { documents { doc d "Giấy" en\n doc e "E" } }',
      'procedure p { workflow { state s "Bước" en by citizen {} } }',
    ]) {
      expect(diagnostics(text).map((d) => [d.code, d.at]), text).toEqual([['MC1009', 'en']]);
    }
  });

  it('English with no Vietnamese text before it', () => {
    const text = 'procedure p { form { field a en "Address": address } }';
    expect(diagnostics(text)).toEqual([
      {
        code: 'MC1009',
        at: 'en',
        vi: '`en "…"` là bản tiếng Anh của một văn bản tiếng Việt: viết văn bản tiếng Việt trước, ví dụ `"Địa chỉ" en "Address"`.',
        en: '`en "…"` is the English companion of a Vietnamese text: write the Vietnamese text first, e.g. `"Địa chỉ" en "Address"`.',
      },
    ]);
  });

  it('a second English text is a mistake, not a second companion', () => {
    const codes = parse('procedure p { form { field a "A" en "B" en "C": text } }').diagnostics.map((d) => d.code);
    expect(codes.length).toBeGreaterThan(0);
    expect(codes).not.toContain('MC1009');
  });
});
