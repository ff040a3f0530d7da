import { describe, expect, it } from 'vitest';
import { procedureLexer } from '../syntax/tokens.ts';
import { Workspace } from '../workspace.ts';
import { fixtures, fixtureWorkspace, commonFiles, minimalProcedure } from './__fixtures__/workspace.ts';
import { toCard } from './card.ts';
import { compileProcedure } from './ir-compiler.ts';
import { InvalidIRError, parseIR, type IRExpr, type ProcedureIR } from './ir.ts';
import { toJsonSchema } from './json-schema.ts';
import { sha256Hex } from './sha256.ts';
import { toXStateConfig } from './xstate.ts';

function compiled(name: string, ws = fixtureWorkspace()): ProcedureIR {
  const { ir, diagnostics } = compileProcedure(ws, name);
  if (!ir) throw new Error(`no IR: ${JSON.stringify(diagnostics.map((d) => d.message.en))}`);
  return ir;
}

const illustrative = () => compiled('dang_ky_thuong_tru');
const everything = () => compiled('cap_phep_xay_dung');
const field = (ir: ProcedureIR, path: string) => ir.form.fields.find((f) => f.path === path)!;
const ref = (scope: string, ...path: string[]): IRExpr => ({ kind: 'ref', scope, path }) as IRExpr;
const name = (value: string): IRExpr => ({ kind: 'lit', type: 'name', value });

const minimal = minimalProcedure;
const MINIMAL_WORKFLOW = `  workflow {
    state draft by citizen { submit -> submitted requires form.valid requires documents.complete }
    state submitted by reception { accept -> done issue receipt }
    final done
  }`;

/** The same file with different whitespace: every token and comment kept, the gaps changed. */
function reformat(text: string): string {
  const lexed = procedureLexer.tokenize(text);
  const pieces = [...lexed.tokens, ...(lexed.groups['comments'] ?? [])].sort((a, b) => a.startOffset - b.startOffset);
  let out = '';
  let prevEnd = 0;
  for (const t of pieces) {
    const gap = text.slice(prevEnd, t.startOffset);
    out += prevEnd === 0 ? '' : gap.includes('\n') ? '\n\n\t\t' : '   ';
    out += t.image;
    prevEnd = t.startOffset + t.image.length;
  }
  return `${out}\n\n`;
}

describe('compileProcedure: the form', () => {
  it('imports a fragment as a group of the form, prefilled from the population database', () => {
    const ir = illustrative();
    expect(ir.form.groups[0]).toEqual({ id: 'applicant', path: 'applicant', label: 'Người nộp hồ sơ', fragment: 'common/applicant.proc' });
    expect(field(ir, 'applicant.full_name')).toMatchObject({
      group: 'applicant',
      label: 'Họ, chữ đệm và tên',
      required: true,
      prefill: { source: 'population', field: 'full_name' },
      locked: true,
    });
    expect(field(ir, 'applicant.personal_id').prefill).toEqual({ expr: ref('builtin', 'citizen') });
  });

  it('keeps the fields in the order written: the imported group where `use` stands, then the form', () => {
    expect(illustrative().form.fields.map((f) => f.path)).toEqual([
      'applicant.personal_id',
      'applicant.full_name',
      'applicant.birth_date',
      'applicant.phone',
      'applicant.email',
      'applicant.policy',
      'address',
      'basis',
      'owner_consent',
    ]);
  });

  it('reads a bare word compared with a choice field as one of its options', () => {
    expect(field(illustrative(), 'owner_consent').required).toEqual({ kind: 'binary', op: '!=', left: ref('form', 'basis'), right: name('owner') });
  });

  it('reads a bare field name inside a repeated group as the current row of that group', () => {
    expect(field(everything(), 'co_owners.relation_note').required).toEqual({
      kind: 'binary',
      op: '==',
      left: ref('row', 'co_owners', 'relation'),
      right: name('other'),
    });
  });

  it('turns a keyed registry read into a prefill with its key', () => {
    expect(field(everything(), 'land_owner').prefill).toEqual({ source: 'land', field: 'owner_id', key: ref('form', 'address') });
  });

  it('makes a field optional unless it says `required`', () => {
    const ir = everything();
    expect(field(ir, 'estimated_cost').required).toBe(false);
    expect(field(ir, 'address').required).toBe(true);
  });

  it('keeps bounds, patterns, defaults, computed values and repetition limits', () => {
    const ir = everything();
    expect(field(ir, 'floor_area')).toMatchObject({ min: { kind: 'lit', type: 'number', value: 10 }, max: { kind: 'lit', type: 'number', value: 5000 } });
    expect(field(ir, 'parcel_no').pattern).toBe('^[0-9]{1,6}$');
    expect(field(ir, 'heritage_zone').default).toEqual({ kind: 'lit', type: 'boolean', value: false });
    expect(field(ir, 'applicant_is_owner').computed?.kind).toBe('binary');
    expect(ir.form.groups.find((g) => g.id === 'co_owners')?.repeated).toEqual({ min: 0, max: 5 });
    expect(ir.form.groups.find((g) => g.id === 'contractor')?.visible).toEqual({
      kind: 'binary',
      op: '>=',
      left: ref('form', 'floors'),
      right: { kind: 'lit', type: 'number', value: 3 },
    });
  });
});

describe('compileProcedure: documents and fees', () => {
  it('requires a document unless it is optional or conditional', () => {
    const docs = new Map(everything().documents.map((d) => [d.id, d]));
    expect(docs.get('drawings')?.required).toBe(true);
    expect(docs.get('identity')?.required).toBe(false);
    expect(docs.get('heritage_approval')?.required).toEqual({ kind: 'binary', op: '==', left: ref('form', 'heritage_zone'), right: { kind: 'lit', type: 'boolean', value: true } });
  });

  it('keeps what waives a document, its legal basis and the data it proves', () => {
    const docs = new Map(everything().documents.map((d) => [d.id, d]));
    expect(docs.get('land_certificate')).toMatchObject({
      form: 'certified_copy',
      copies: 1,
      formats: ['pdf', 'jpg'],
      maxSizeMB: 10,
      waivers: [{ basis: ['Nghị quyết 66.7/2025/NQ-CP'] }],
    });
    expect(docs.get('identity')?.proves).toEqual(['population.full_name', 'population.birth_date']);
    expect(docs.get('co_owner_consent')).toMatchObject({ basis: ['Luật Đất đai 31/2024/QH15'], effective: { from: '2024-08-01' } });
  });

  it('keeps fee lines in order with their conditions, and binds `value` in tiers to the value tiered by', () => {
    const permit = everything().fees.find((f) => f.id === 'permit')!;
    expect(permit.lines.map((l) => l.kind)).toEqual(['fixed', 'tiered']);
    const tiered = permit.lines[1]!;
    if (tiered.kind !== 'tiered') throw new Error('expected a tiered line');
    expect(tiered.condition).toEqual({ kind: 'binary', op: '==', left: ref('form', 'build_kind'), right: name('new_build') });
    expect(tiered.tiers.map((t) => t.upTo === undefined)).toEqual([false, false, true]);
    expect(JSON.stringify(tiered.tiers[2]!.amount)).toContain(JSON.stringify(ref('value', 'value')));
    expect(permit.discounts.map((d) => d.percent)).toEqual([
      { kind: 'lit', type: 'percent', value: 40 },
      { kind: 'lit', type: 'percent', value: 20 },
    ]);
    expect(permit.exemptions.map((x) => x.label)).toEqual(['Hộ nghèo', 'Người có công với cách mạng']);
    expect(permit.cap?.amount).toEqual({ kind: 'lit', type: 'money', value: 500_000 });
    expect(permit.due).toEqual({ on: 'before', transition: 'approve' });
  });

  it('multiplies per-unit fees by a field and says when each fee is due', () => {
    const fees = new Map(everything().fees.map((f) => [f.id, f]));
    expect(fees.get('copies')?.lines[0]).toMatchObject({ kind: 'per_unit', per: ref('form', 'permit_copies') });
    expect(fees.get('copies')?.due).toEqual({ on: 'result' });
    expect(fees.get('appraisal')?.due).toEqual({ on: 'submit' });
  });
});

describe('compileProcedure: deadlines and workflow', () => {
  it('keeps the deadline, the warning and the declared extension', () => {
    const ir = everything();
    expect(ir.deadline).toEqual({ amount: 15, unit: 'days', from: 'submission', basis: ['Luật Xây dựng 50/2014/QH13, Điều 102'] });
    expect(ir.warn).toEqual({ amount: 2, unit: 'working_days' });
    expect(ir.extension).toEqual({ declared: true, max: { amount: 10, unit: 'working_days' }, basis: ['Nghị định 118/2025/NĐ-CP'] });
  });

  it("still allows the law's one extension when none is declared", () => {
    expect(illustrative().extension).toEqual({ declared: false, basis: [] });
  });

  it('starts in the first state and resolves each state to its role, agency, SLA and clock', () => {
    const ir = everything();
    expect(ir.workflow.initial).toBe('draft');
    const states = new Map(ir.workflow.states.map((s) => [s.id, s]));
    expect(states.get('consultation')).toMatchObject({ role: 'specialist', agency: 'phong_kinh_te', sla: { amount: 3, unit: 'working_days' } });
    expect(states.get('draft')?.agency).toBe('ubnd_xa');
    expect(states.get('supplementing')?.pausesClock).toBe(true);
    expect(states.get('done')).toEqual({ id: 'done', label: 'Đã cấp giấy phép', final: true, pausesClock: false, transitions: [] });
  });

  it('keeps the effects of a transition in the order written', () => {
    const accept = everything().workflow.states.find((s) => s.id === 'reception')!.transitions.find((t) => t.id === 'accept')!;
    expect(accept.effects).toEqual([
      { type: 'issue', what: 'receipt' },
      { type: 'notify', role: 'citizen', message: 'Hồ sơ đã được tiếp nhận' },
    ]);
    const states = everything().workflow.states;
    const consult = states.find((s) => s.id === 'appraisal')!.transitions.find((t) => t.id === 'consult')!;
    expect(consult.effects).toEqual([{ type: 'handover', agency: 'phong_kinh_te' }]);
    const ask = states.find((s) => s.id === 'appraisal')!.transitions.find((t) => t.id === 'ask_supplement')!;
    expect(ask).toMatchObject({ inputs: ['missing'], effects: [{ type: 'issue', what: 'supplement_request' }, { type: 'clock', action: 'restart' }] });
  });

  it('joins the `requires` of a transition with `and`', () => {
    const ir = compiled('minimal', fixtureWorkspace({ 'test/minimal.proc': minimal(MINIMAL_WORKFLOW) }));
    expect(ir.workflow.states[0]!.transitions[0]!.guard).toEqual({
      kind: 'binary',
      op: 'and',
      left: ref('builtin', 'form', 'valid'),
      right: ref('builtin', 'documents', 'complete'),
    });
  });

  it('labels conventional states and transitions in Vietnamese unless the designer wrote a label', () => {
    const ir = illustrative();
    const states = new Map(ir.workflow.states.map((s) => [s.id, s]));
    expect(states.get('supplementing')?.label).toBe('Chờ bổ sung hồ sơ');
    expect(states.get('draft')?.transitions[0]?.label).toBe('Nộp hồ sơ');
    expect(everything().workflow.states.find((s) => s.id === 'reception')?.transitions[0]?.label).toBe('Tiếp nhận');
  });

  it('lists the main agency first, then every agency named by `at` or `handover to`, with labels', () => {
    expect(everything().agencies).toEqual([
      { id: 'ubnd_xa', label: 'Ủy ban nhân dân xã', unit: '000.00.31.H40', level: 'commune', calendar: 'saturday_morning' },
      { id: 'phong_kinh_te', label: 'Phòng Kinh tế, Hạ tầng và Đô thị', unit: '000.20.10.H40', level: 'district', calendar: 'national', parent: 'ubnd_huyen' },
    ]);
  });
});

describe('compileProcedure: results, scenarios, sources', () => {
  it('publishes into the results store, for the applicant unless `for` names someone else', () => {
    const [permit] = everything().results;
    expect(permit!.publishes).toEqual([
      { source: 'permits', field: 'address', value: ref('form', 'address') },
      {
        source: 'permits',
        field: 'floor_area',
        value: ref('form', 'floor_area'),
        subject: { kind: 'call', fn: 'land', args: [ref('form', 'address')], member: ['owner_id'] },
      },
    ]);
  });

  it('publishes a bare option of the target choice field as that option', () => {
    const ws = fixtureWorkspace({
      'common/civil.proc': 'source civil_status "Kho hộ tịch" {\n  kind results\n  key personal_id: personal_id\n  field marital_status "Tình trạng": choice { single "Độc thân" married "Đã kết hôn" }\n}\n',
      'x/minimal.proc': minimal(`  result giay "Giấy" {\n    publish civil_status.marital_status = married\n  }\n${MINIMAL_WORKFLOW.replace('issue receipt', 'issue result giay')}`),
    });
    expect(compiled('minimal', ws).results[0]!.publishes).toEqual([{ source: 'civil_status', field: 'marital_status', value: name('married') }]);
  });

  it('reads scenario words as ids and option names', () => {
    const [scenario] = illustrative().scenarios;
    expect(scenario!.steps[0]).toEqual({
      kind: 'given',
      line: expect.any(Number),
      items: [
        { key: 'channel', value: name('online') },
        { key: 'citizen', value: { kind: 'lit', type: 'text', value: '001099012345' } },
        { key: 'address', value: { kind: 'lit', type: 'text', value: 'Số 5 Lê Lợi, phường Hồng Gai' } },
      ],
    });
    expect(scenario!.steps[2]).toEqual({ kind: 'expect', what: 'documents', value: { kind: 'list', items: [name('ct01')] }, line: expect.any(Number) });
    expect(scenario!.steps[3]).toEqual({ kind: 'do', at: '2025-01-24T10:00', actions: ['submit', 'accept'], line: expect.any(Number) });
    const steps = everything().scenarios[0]!.steps;
    expect(steps).toContainEqual({ kind: 'expect', what: 'fee', subject: name('permit'), value: { kind: 'lit', type: 'money', value: 0 }, line: expect.any(Number) });
  });

  it('compiles an extension step to its local times, its reason and its line', () => {
    const text = minimal(`  deadline 5 working days from complete\n${MINIMAL_WORKFLOW}\n  scenario late \"Trễ hạn, có gia hạn\" {\n    at 2025-01-24 10:00 do submit, accept\n    at 2025-01-27 09:00 extend to 2025-02-07T16:00 \"Chờ xác minh\"\n  }\n`);
    const ir = compiled('minimal', fixtureWorkspace({ 'x/minimal.proc': text }));
    const line = text.split('\n').findIndex((l) => l.includes('extend to')) + 1;
    expect(ir.scenarios[0]!.steps[1]).toEqual({ kind: 'extend', at: '2025-01-27T09:00', to: '2025-02-07T16:00', reason: 'Chờ xác minh', line });
  });

  it('carries exactly the sources the procedure reads or publishes to, sorted, with their fields', () => {
    const ir = illustrative();
    expect(ir.sources.map((s) => s.id)).toEqual(['land', 'population', 'residence']);
    expect(ir.sources[0]).toEqual({
      id: 'land',
      label: 'Cơ sở dữ liệu quốc gia về đất đai',
      kind: 'registry',
      key: { name: 'address', type: 'address' },
      authoritative: false,
      fields: [{ id: 'owner_id', label: 'Số định danh của chủ sử dụng đất', type: 'personal_id' }],
    });
    expect(everything().sources.map((s) => s.id)).toEqual(['land', 'permits', 'population']);
  });

  it('hashes the procedure file text as compiled', () => {
    expect(illustrative().sourceHash).toBe(sha256Hex(fixtures[0]!.text));
  });
});

describe('compileProcedure: defaults of a minimal procedure', () => {
  const ir = () => compiled('minimal', fixtureWorkspace({ 'test/minimal.proc': minimal(`  documents { doc paper "Giấy tờ" }\n  fee f "Phí" { amount 1_000 VND }\n${MINIMAL_WORKFLOW}`) }));

  it('offers every channel, requires each document once, and takes fees on submission', () => {
    const r = ir();
    expect(r.channels).toEqual(['online', 'in_person', 'postal']);
    expect(r.documents[0]).toMatchObject({ required: true, copies: 1, formats: [], signed: false, generated: false, waivers: [], proves: [] });
    expect(r.fees[0]!.due).toEqual({ on: 'submit' });
    expect(r.deadline).toBeUndefined();
    expect(r.audience).toEqual([]);
  });
});

describe('compileProcedure: refusing to compile', () => {
  it('gives no IR when the procedure file has an error, with the diagnostic pointing at the file', () => {
    const broken = fixtures[0]!.text.replace('version 3', 'version 3\n  field oops');
    const { ir, diagnostics } = compileProcedure(fixtureWorkspace({ [fixtures[0]!.path]: broken }), 'dang_ky_thuong_tru');
    expect(ir).toBeUndefined();
    expect(diagnostics.some((d) => d.severity === 'error' && d.file === fixtures[0]!.path)).toBe(true);
  });

  it('gives no IR when an imported fragment has an error', () => {
    const applicant = commonFiles.find(([p]) => p === 'common/applicant.proc')![1];
    const { ir, diagnostics } = compileProcedure(
      fixtureWorkspace({ 'common/applicant.proc': applicant.replace('field email "Thư điện tử": email', 'field email "Thư điện tử": emial') }),
      'dang_ky_thuong_tru',
    );
    expect(ir).toBeUndefined();
    expect(diagnostics.some((d) => d.severity === 'error' && d.file === 'common/applicant.proc')).toBe(true);
  });

  it('gives no IR when a source or agency it names is declared wrongly', () => {
    const sources = commonFiles.find(([p]) => p === 'common/sources.proc')![1];
    const { ir, diagnostics } = compileProcedure(fixtureWorkspace({ 'common/sources.proc': sources.replace('kind registry', 'kind registri') }), 'dang_ky_thuong_tru');
    expect(ir).toBeUndefined();
    expect(diagnostics.some((d) => d.severity === 'error' && d.file === 'common/sources.proc')).toBe(true);
    const agencies = commonFiles.find(([p]) => p === 'common/agencies.proc')![1];
    const broken = compileProcedure(fixtureWorkspace({ 'common/agencies.proc': agencies.replace('level commune\n}', 'level comune\n}') }), 'dang_ky_thuong_tru');
    expect(broken.ir).toBeUndefined();
  });

  it('compiles despite warnings, and returns them', () => {
    const { ir, diagnostics } = compileProcedure(fixtureWorkspace(), 'dang_ky_thuong_tru');
    expect(ir).toBeDefined();
    expect(diagnostics.every((d) => d.severity === 'warning')).toBe(true);
  });

  it('throws when the workspace has no procedure of that name', () => {
    expect(() => compileProcedure(fixtureWorkspace(), 'khong_co')).toThrow(/khong_co/);
  });
});

describe('determinism', () => {
  const outputs = (ir: ProcedureIR) => ({
    ir: JSON.stringify(ir, null, 2),
    xstate: JSON.stringify(toXStateConfig(ir), null, 2),
    schema: JSON.stringify(toJsonSchema(ir), null, 2),
    card: toCard(ir),
  });

  for (const f of fixtures) {
    it(`compiles ${f.name} to byte-identical output twice`, () => {
      expect(outputs(compiled(f.name, fixtureWorkspace()))).toEqual(outputs(compiled(f.name, fixtureWorkspace())));
    });

    it(`compiles ${f.name} to the same output after its whitespace is reformatted (only the text hash changes)`, () => {
      const text = reformat(f.text);
      expect(text).not.toBe(f.text);
      const before = compiled(f.name, fixtureWorkspace());
      const after = compiled(f.name, fixtureWorkspace({ [f.path]: text }));
      expect(after.sourceHash).toBe(sha256Hex(text));
      expect(after.sourceHash).not.toBe(before.sourceHash);
      // Like the hash, scenario step lines name positions in the text, not meaning.
      expect(outputs(withoutLines({ ...after, sourceHash: before.sourceHash }))).toEqual(outputs(withoutLines(before)));
    });

    it(`says on which line of ${f.name} each scenario step is written`, () => {
      const lines = f.text.split('\n');
      for (const sc of compiled(f.name, fixtureWorkspace()).scenarios) {
        expect(lines[sc.line! - 1]).toContain(`scenario ${sc.id}`);
        for (const st of sc.steps) expect(lines[st.line! - 1]).toMatch(st.kind === 'do' ? /\bat\b.*\bdo\b/ : new RegExp(`\\b${st.kind}\\b`));
      }
    });

    it(`compiles ${f.name} the same whatever order the workspace files come in`, () => {
      const files = [...commonFiles, ...fixtures.map((x) => [x.path, x.text] as const)];
      const reversed = Workspace.fromFiles([...files].reverse());
      expect(outputs(compiled(f.name, reversed))).toEqual(outputs(compiled(f.name, Workspace.fromFiles(files))));
    });
  }
});

function withoutLines(ir: ProcedureIR): ProcedureIR {
  return {
    ...ir,
    scenarios: ir.scenarios.map(({ line: _l, steps, ...sc }) => ({ ...sc, steps: steps.map(({ line: _s, ...st }) => st as typeof st & { line?: number }) })),
  };
}

describe('parseIR', () => {
  for (const f of fixtures) {
    it(`reads back ${f.name} from JSON unchanged`, () => {
      const ir = compiled(f.name);
      expect(parseIR(JSON.parse(JSON.stringify(ir)))).toEqual(ir);
    });
  }

  it('rejects a malformed IR with the path of every problem', () => {
    const json = JSON.parse(JSON.stringify(illustrative()));
    json.irVersion = 2;
    json.workflow.states[0].transitions[0].guard = { kind: 'lookup', name: 'x' };
    let error: unknown;
    try {
      parseIR(json);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidIRError);
    const message = (error as Error).message;
    expect(message).toContain('irVersion');
    expect(message).toContain('workflow.states[0].transitions[0].guard');
    expect((error as InvalidIRError).issues.length).toBeGreaterThanOrEqual(2);
  });
});
