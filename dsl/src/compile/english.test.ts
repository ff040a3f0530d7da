// The English companions written in a procedure (`"Nhãn" en "Label"`) reach the IR as
// `labelEn`, `helpEn`, `titleEn` and `messageEn` beside the Vietnamese text, in the schema's key
// order; a procedure without English compiles exactly as before (no key at all).
import { describe, expect, it } from 'vitest';
import { fixtureWorkspace, fixtures } from './__fixtures__/workspace.ts';
import { compileProcedure } from './ir-compiler.ts';
import { ProcedureIR, type ProcedureIR as IR } from './ir.ts';
import { toJsonSchema } from './json-schema.ts';
import { conventionalStateLabelsEn, conventionalTransitionLabelsEn } from './vocabulary.ts';
import { toXStateConfig } from './xstate.ts';

const SHARED = `
fragment household "Thông tin hộ" en "Household" {
  field head "Chủ hộ" en "Head of household": text
    help "Họ tên chủ hộ" en "Full name of the head of household"
}

source translations "Kho kết quả: bản dịch" en "Results store: translations" {
  kind results
  key personal_id: personal_id
  field language "Ngôn ngữ" en "Language": choice { vi "Tiếng Việt" en "Vietnamese" eng "Tiếng Anh" en "English" }
}

agency so_ngoai_vu "Sở Ngoại vụ" en "Department of Foreign Affairs" {
  level province
}
`;

const PROCEDURE = `procedure dich_thuat {
  code "9.000100"
  version 1
  title "Chứng thực bản dịch" en "Certification of translations"
  agency so_ngoai_vu
  use household from "english/shared.proc"
  form {
    field language "Ngôn ngữ" en "Language": choice { vi "Tiếng Việt" en "Vietnamese" eng "Tiếng Anh" } required
      help "Ngôn ngữ của bản dịch" en "Language of the translation"
    group pages "Các trang" en "Pages" repeated { field count "Số trang" en "Number of pages": number }
  }
  documents {
    doc original "Bản chính" en "Original": required help "Xuất trình để đối chiếu" en "Shown for comparison"
  }
  fee certification "Lệ phí chứng thực" en "Certification fee" {
    amount 10_000 VND
    exempt "Người có công" en "People with meritorious services" when language == vi basis "Nghị quyết mẫu"
  }
  deadline 1 working day from complete
  workflow {
    state draft "Soạn hồ sơ" en "Draft" by citizen { submit "Nộp" en "Submit" -> submitted }
    state submitted "Đã nộp" en "Submitted" by reception {
      accept "Tiếp nhận" en "Accept" -> done issue receipt issue result certified
        notify citizen "Đã có kết quả" en "Your result is ready"
    }
    final done "Hoàn thành" en "Done"
  }
  result certified "Bản dịch đã chứng thực" en "Certified translation" {
    help "Nhận tại bộ phận một cửa" en "Collect it at the one-stop desk"
    publish translations.language = language
  }
  scenario online "Nộp trực tuyến" en "Submitted online" { given channel online }
}
`;

function compile(files: Record<string, string>, name: string): IR {
  const { ir, diagnostics } = compileProcedure(fixtureWorkspace(files), name);
  if (!ir) throw new Error(`no IR: ${JSON.stringify(diagnostics.map((d) => d.message.en))}`);
  return ir;
}

describe('English companions in the IR', () => {
  const ir = compile({ 'english/shared.proc': SHARED, 'english/dich_thuat.proc': PROCEDURE }, 'dich_thuat');
  const field = (path: string) => ir.form.fields.find((f) => f.path === path)!;

  it('the title, fields, their help and choice options, groups and imported fragments', () => {
    expect([ir.title, ir.titleEn]).toEqual(['Chứng thực bản dịch', 'Certification of translations']);
    expect(field('language')).toMatchObject({ label: 'Ngôn ngữ', labelEn: 'Language', help: 'Ngôn ngữ của bản dịch', helpEn: 'Language of the translation' });
    expect(field('language').options).toEqual([
      { id: 'vi', label: 'Tiếng Việt', labelEn: 'Vietnamese' },
      { id: 'eng', label: 'Tiếng Anh' },
    ]);
    expect(ir.form.groups.map((g) => [g.id, g.label, g.labelEn])).toEqual([
      ['household', 'Thông tin hộ', 'Household'],
      ['pages', 'Các trang', 'Pages'],
    ]);
    expect(field('household.head')).toMatchObject({ labelEn: 'Head of household', helpEn: 'Full name of the head of household' });
    expect(field('pages.count').labelEn).toBe('Number of pages');
  });

  it('documents, fees and exemptions', () => {
    expect(ir.documents[0]).toMatchObject({ label: 'Bản chính', labelEn: 'Original', help: 'Xuất trình để đối chiếu', helpEn: 'Shown for comparison' });
    expect(ir.fees[0]).toMatchObject({ label: 'Lệ phí chứng thực', labelEn: 'Certification fee' });
    expect(ir.fees[0]!.exemptions[0]).toMatchObject({ label: 'Người có công', labelEn: 'People with meritorious services' });
  });

  it('states, transitions and notify messages', () => {
    const states = ir.workflow.states;
    expect(states.map((s) => [s.id, s.labelEn])).toEqual([
      ['draft', 'Draft'],
      ['submitted', 'Submitted'],
      ['done', 'Done'],
    ]);
    const accept = states[1]!.transitions[0]!;
    expect([accept.label, accept.labelEn]).toEqual(['Tiếp nhận', 'Accept']);
    expect(accept.effects.find((e) => e.type === 'notify')).toEqual({ type: 'notify', role: 'citizen', message: 'Đã có kết quả', messageEn: 'Your result is ready' });
  });

  it('results and their help, scenarios, sources and their fields, agencies', () => {
    expect(ir.results[0]).toMatchObject({ label: 'Bản dịch đã chứng thực', labelEn: 'Certified translation', help: 'Nhận tại bộ phận một cửa', helpEn: 'Collect it at the one-stop desk' });
    expect(ir.scenarios[0]!.labelEn).toBe('Submitted online');
    const source = ir.sources.find((s) => s.id === 'translations')!;
    expect(source.labelEn).toBe('Results store: translations');
    expect(source.fields[0]).toMatchObject({ id: 'language', labelEn: 'Language', options: [{ id: 'vi', label: 'Tiếng Việt', labelEn: 'Vietnamese' }, { id: 'eng', label: 'Tiếng Anh', labelEn: 'English' }] });
    expect(ir.agencies[0]).toMatchObject({ id: 'so_ngoai_vu', label: 'Sở Ngoại vụ', labelEn: 'Department of Foreign Affairs' });
  });

  it('writes each English key right after its Vietnamese one, as the schema orders them', () => {
    const parsed = ProcedureIR.parse(ir);
    expect(JSON.stringify(ir, null, 2)).toBe(JSON.stringify(parsed, null, 2));
  });

  it('adds no key for a text without English: the same procedure without `en` compiles as it always did', () => {
    const plain = compile(
      { 'english/shared.proc': SHARED.replace(/ en "[^"]*"/g, ''), 'english/dich_thuat.proc': PROCEDURE.replace(/ en "[^"]*"/g, '') },
      'dich_thuat',
    );
    expect(JSON.stringify(plain)).not.toMatch(/labelEn|helpEn|titleEn|messageEn/);
    // Only the English keys (and the source hash) differ.
    const strip = (v: IR) => JSON.stringify({ ...v, sourceHash: '' }, (k, x) => (/^(labelEn|helpEn|titleEn|messageEn)$/.test(k) ? undefined : x));
    expect(strip(plain)).toBe(strip(ir));
  });

  it('carries the English into the xstate machine (state and transition meta, notify params)', () => {
    const machine = toXStateConfig(ir);
    expect(machine.states['submitted']!.meta).toMatchObject({ label: 'Đã nộp', labelEn: 'Submitted' });
    const accept = machine.states['submitted']!.on!['accept'] as { meta: unknown; actions: readonly { type: string; params?: unknown }[] };
    expect(accept.meta).toEqual({ label: 'Tiếp nhận', labelEn: 'Accept', inputs: [] });
    expect(accept.actions.find((a) => a.type === 'notify')!.params).toEqual({ role: 'citizen', message: 'Đã có kết quả', messageEn: 'Your result is ready' });
  });

  it('annotates the JSON Schema with the English titles and help texts', () => {
    const schema = toJsonSchema(ir) as Record<string, any>;
    expect(schema['x-motcua-title-en']).toBe('Certification of translations');
    const language = schema['properties']['language'];
    expect(language).toMatchObject({ title: 'Ngôn ngữ', 'x-motcua-title-en': 'Language', description: 'Ngôn ngữ của bản dịch', 'x-motcua-description-en': 'Language of the translation' });
    expect(language['oneOf']).toEqual([
      { const: 'vi', title: 'Tiếng Việt', 'x-motcua-title-en': 'Vietnamese' },
      { const: 'eng', title: 'Tiếng Anh' },
    ]);
    expect(schema['properties']['pages']).toMatchObject({ title: 'Các trang', 'x-motcua-title-en': 'Pages', type: 'array' });
    expect(schema['properties']['household']).toMatchObject({ title: 'Thông tin hộ', 'x-motcua-title-en': 'Household', type: 'object' });
  });

  it('leaves the fixtures, which write no English, without English keys but the conventional step names', () => {
    for (const f of fixtures) {
      const { ir: fixture } = compileProcedure(fixtureWorkspace(), f.name);
      // A state or transition without a label of its own reads by its conventional name, in both languages.
      const steps = fixture!.workflow.states.flatMap((s) => [s, ...s.transitions]);
      const conventional = new Set<string>([...Object.keys(conventionalStateLabelsEn), ...Object.keys(conventionalTransitionLabelsEn)]);
      for (const x of steps) if (x.labelEn !== undefined) expect(conventional.has(x.id), `${f.name}: ${x.id}`).toBe(true);
      const rest = { ...fixture!, workflow: undefined };
      expect(JSON.stringify(rest), f.name).not.toMatch(/labelEn|helpEn|titleEn|messageEn/);
      expect(JSON.stringify(toJsonSchema(fixture!)), f.name).not.toMatch(/-en"/);
    }
  });

  it('names a step without a label of its own by its conventional name in English too, and a labelled one only by its written English', () => {
    const ir = compile({ 'english/shared.proc': SHARED, 'english/buoc.proc': `procedure buoc {
  code "9.000101"
  version 1
  title "Thủ tục thử"
  agency so_ngoai_vu
  form { field ly_do "Lý do": text }
  workflow {
    state draft by citizen { submit -> processing }
    state processing by specialist { approve "Trình ký" -> done }
    final done "Đã xong"
  }
}
` }, 'buoc');
    const state = (id: string) => ir.workflow.states.find((s) => s.id === id)!;
    expect(state('draft')).toMatchObject({ label: 'Soạn hồ sơ', labelEn: 'Preparing the dossier' });
    expect(state('draft').transitions[0]).toMatchObject({ label: 'Nộp hồ sơ', labelEn: 'Submit the dossier' });
    expect(state('processing')).toMatchObject({ label: 'Xử lý hồ sơ', labelEn: 'Processing' });
    // Written in Vietnamese only: the designer's label, with no English put beside it.
    expect(state('processing').transitions[0]).not.toHaveProperty('labelEn');
    expect(state('done')).not.toHaveProperty('labelEn');
  });
});
