// The engine's English where the procedure gives English: views carry the English labels beside
// the Vietnamese ones, refusals name steps, states, actions and documents in English in `en`,
// events, notifications and results carry the English beside the Vietnamese — and a procedure
// without English reads exactly as before.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProcedureIR } from '@motcua/dsl';
import { beforeAll, describe, expect, it } from 'vitest';
import { localDateTime } from '../calendar/index.ts';
import { SampleRegistry } from '../sources/sample-registry.ts';
import { BlobStore } from '../storage/blob-store.ts';
import { decodeJson } from '../storage/json-text.ts';
import { openDatabase } from '../storage/open-database.ts';
import { compileLibrary } from '../testing/compile.ts';
import { withEnglish, withoutEnglish } from '@motcua/dsl/testing';
import { DossierEngine } from './engine.ts';
import type { EngineError } from './errors.ts';
import type { Actor, DossierView } from './types.ts';
import { refusalOf } from '../testing/refusal.ts';

const TENANT = '001190006789';
const HOST = '001085004321';
const PDF = new TextEncoder().encode('%PDF-1.4\n%test\n');
const reception: Actor = { id: 'tiep-nhan-1', role: 'reception', agency: 'cong_an_xa' };
const specialist: Actor = { id: 'chuyen-vien-1', role: 'specialist', agency: 'cong_an_xa' };
const leader: Actor = { id: 'truong-cax', role: 'leader', agency: 'cong_an_xa' };
const citizen: Actor = { id: TENANT, role: 'citizen' };

const EN: Record<string, string> = {
  'Đăng ký thường trú': 'Permanent residence registration',
  'Soạn hồ sơ': 'Drafting',
  'Chờ tiếp nhận': 'Awaiting reception',
  'Thẩm định hồ sơ': 'Appraisal',
  'Trưởng Công an xã phê duyệt': "Police chief's approval",
  'Nộp hồ sơ': 'Submit',
  'Từ chối tiếp nhận': 'Refuse',
  'Phê duyệt, cập nhật Cơ sở dữ liệu về cư trú': 'Approve',
  'Tiếp nhận, cấp phiếu hẹn': 'Accept and give the receipt',
  'Tờ khai thay đổi thông tin cư trú (mẫu CT01)': 'Residence information form (CT01)',
  'Văn bản cho thuê, cho mượn, cho ở nhờ chỗ ở hợp pháp': 'Lease or loan of the home',
  'Hồ sơ đã được tiếp nhận.': 'Your dossier has been received.',
  'Thông báo về việc đã cập nhật thông tin đăng ký thường trú': 'Notice that the permanent residence was registered',
};

/**
 * The permanent residence registration, its clock started on entering the appraisal (a step the
 * due-time explanation names) and the leader told, with no message of its own, when a proposal
 * reaches them (the notification then says the step's label).
 */
function procedure(english: boolean): ProcedureIR {
  const ir = withoutEnglish(compileLibrary('dang_ky_thuong_tru'));
  ir.deadline = { ...ir.deadline!, from: 'processing' };
  const propose = ir.workflow.states.find((s) => s.id === 'processing')!.transitions.find((t) => t.id === 'propose')!;
  propose.effects = [...propose.effects, { type: 'notify', role: 'leader' }];
  return english ? withEnglish(ir, EN) : ir;
}

/** One dossier from draft to result; what the engine said and wrote on the way. */
async function walk(ir: ProcedureIR) {
  const storage = await openDatabase({ url: ':memory:' });
  const blobDir = mkdtempSync(join(tmpdir(), 'motcua-english-'));
  let now = localDateTime(2025, 3, 3, 9, 0);
  const engine = new DossierEngine({ storage, registry: await SampleRegistry.load(), blobs: new BlobStore(blobDir), now: () => now });
  try {
    await engine.publish(ir);
    const views: Record<string, DossierView> = {};
    const said: Record<string, EngineError> = {};
    const draft = await engine.createDraft({ procedureId: ir.id, channel: 'online', actor: citizen });
    const id = draft.id;
    views['draft'] = draft;
    await engine.updateForm(id, { address: 'Số 12 Trần Hưng Đạo, phường Hồng Gai', housing: 'tenant', host_id: HOST, owner_consent: true, floor_area: 15 }, citizen);
    said['guard'] = await refusalOf(engine.act(id, 'submit', { actor: citizen }));
    said['generated'] = await refusalOf(engine.attachDocument(id, 'ct01', { name: 'ct01.pdf', mime: 'application/pdf', bytes: PDF }, citizen));
    said['format'] = await refusalOf(engine.attachDocument(id, 'lease', { name: 'x.exe', mime: 'application/octet-stream', bytes: PDF }, citizen));
    await engine.attachDocument(id, 'lease', { name: 'thue.pdf', mime: 'application/pdf', bytes: PDF }, citizen);
    await engine.attachDocument(id, 'floor_area_proof', { name: 'dien-tich.pdf', mime: 'application/pdf', bytes: PDF }, citizen);
    views['submitted'] = await engine.act(id, 'submit', { actor: citizen });
    said['role'] = await refusalOf(engine.act(id, 'accept', { actor: specialist }));
    said['agencyStep'] = await refusalOf(engine.act(id, 'accept', { actor: citizen }));
    said['elsewhere'] = await refusalOf(engine.act(id, 'approve', { actor: reception }));
    said['noReason'] = await refusalOf(engine.act(id, 'refuse', { actor: reception }));
    const due = await engine.explainDue(id);
    await engine.recordPayment(id, { provider: 'test', reference: `pay-${id}`, amount: 10_000 });
    now = localDateTime(2025, 3, 4, 9, 0);
    views['processing'] = await engine.act(id, 'accept', { actor: reception });
    await engine.act(id, 'ask_supplement', { actor: specialist, inputs: { missing: ['lease', 'floor_area_proof'], note: 'Thiếu' } });
    await engine.act(id, 'resubmit', { actor: citizen });
    await engine.act(id, 'accept', { actor: reception });
    await engine.act(id, 'propose', { actor: specialist });
    views['done'] = await engine.act(id, 'approve', { actor: leader });
    const events = (await engine.timeline(id)).map((e) => ({ type: e.type, payload: decodeJson(e.payload) as Record<string, unknown> }));
    const outbox = (await storage.db.selectFrom('outbox').selectAll().orderBy('id').execute()).map((o) => ({ kind: o.kind, recipient: o.recipient, payload: decodeJson(o.payload) as Record<string, unknown> }));
    const results = (await storage.db.selectFrom('results').selectAll().where('dossier_id', '=', id).execute()).map((r) => decodeJson(r.data) as Record<string, unknown>);
    return { views, said, due, events, outbox, results };
  } finally {
    await storage.close();
    rmSync(blobDir, { recursive: true, force: true });
  }
}

describe('the engine in English where the procedure gives English', () => {
  let english: Awaited<ReturnType<typeof walk>>;
  let plain: Awaited<ReturnType<typeof walk>>;
  beforeAll(async () => {
    english = await walk(procedure(true));
    plain = await walk(procedure(false));
  });

  it('gives views the English title, state and action labels beside the Vietnamese', () => {
    const draft = english.views['draft']!;
    expect(draft.title).toBe('Đăng ký thường trú');
    expect(draft.titleEn).toBe('Permanent residence registration');
    expect(draft.state).toMatchObject({ id: 'draft', label: 'Soạn hồ sơ', labelEn: 'Drafting' });
    expect(draft.actions).toEqual([{ id: 'submit', label: 'Nộp hồ sơ', labelEn: 'Submit', target: 'submitted', inputs: [] }]);
    const submitted = english.views['submitted']!;
    expect(submitted.state).toMatchObject({ label: 'Chờ tiếp nhận', labelEn: 'Awaiting reception' });
    // An action without English has no labelEn.
    const actions = Object.fromEntries(submitted.actions.map((a) => [a.id, a]));
    expect(actions['accept']).toMatchObject({ label: 'Tiếp nhận, cấp phiếu hẹn', labelEn: 'Accept and give the receipt' });
    expect(actions['ask_supplement']).not.toHaveProperty('labelEn');
    expect(english.views['done']!.state).not.toHaveProperty('labelEn'); // "Đã đăng ký thường trú" has no English here
  });

  it('gives views no English label when the procedure gives none', () => {
    for (const v of Object.values(plain.views)) {
      expect(v).not.toHaveProperty('titleEn');
      expect(v.state).not.toHaveProperty('labelEn');
      for (const a of v.actions) expect(a).not.toHaveProperty('labelEn');
    }
  });

  it('names steps, states, actions and documents in English in the English of its refusals', () => {
    const text = Object.fromEntries(Object.entries(english.said).map(([k, e]) => [k, e.text]));
    expect(text['guard']).toEqual({ vi: 'Chưa đủ điều kiện để «Nộp hồ sơ»: hồ sơ đủ thành phần', en: '«Submit» is not possible yet: documents are missing' });
    expect(text['generated']).toEqual({
      vi: '«Tờ khai thay đổi thông tin cư trú (mẫu CT01)» do hệ thống tự tạo từ tờ khai, không cần tải lên',
      en: '«Residence information form (CT01)» is generated from the form',
    });
    expect(text['format']).toEqual({ vi: '«Văn bản cho thuê, cho mượn, cho ở nhờ chỗ ở hợp pháp» chỉ nhận tệp pdf, jpg', en: '«Lease or loan of the home» accepts only pdf, jpg' });
    expect(text['role']).toEqual({ vi: 'Bước «Chờ tiếp nhận» do Cán bộ tiếp nhận thực hiện', en: 'The step «Awaiting reception» is for the reception officer' });
    expect(text['agencyStep']).toEqual({ vi: 'Bước «Chờ tiếp nhận» do cơ quan thực hiện', en: 'The step «Awaiting reception» is for the agency' });
    expect(text['elsewhere']).toEqual({
      vi: 'Không thực hiện được «Phê duyệt, cập nhật Cơ sở dữ liệu về cư trú»: hồ sơ đang ở bước «Chờ tiếp nhận»',
      en: '«Approve» is not possible: the dossier is at the step «Awaiting reception»',
    });
    expect(text['noReason']).toEqual({ vi: 'Chưa đủ thông tin để «Từ chối tiếp nhận»', en: '«Refuse» needs more input' });
  });

  it('lists the missing documents of a refusal with their English labels where they have one', () => {
    expect(english.said['guard']!.details['missing']).toEqual([
      { id: 'lease', label: 'Văn bản cho thuê, cho mượn, cho ở nhờ chỗ ở hợp pháp', labelEn: 'Lease or loan of the home' },
      { id: 'floor_area_proof', label: 'Giấy tờ, tài liệu chứng minh đủ diện tích nhà ở tối thiểu' },
    ]);
  });

  it('names the step the clock starts at in English in the due-time explanation', () => {
    expect(english.due.text).toEqual({
      vi: 'Thời hạn 7 ngày làm việc bắt đầu tính khi hồ sơ chuyển sang bước «Thẩm định hồ sơ»',
      en: 'The time limit of 7 working days starts when the dossier reaches the step «Appraisal»',
    });
  });

  it('writes the English labels beside the Vietnamese into the supplement request, the notifications and the result', () => {
    const request = english.events.find((e) => e.type === 'supplement_requested')!.payload;
    expect(request['missing']).toEqual([
      { id: 'lease', label: 'Văn bản cho thuê, cho mượn, cho ở nhờ chỗ ở hợp pháp', labelEn: 'Lease or loan of the home' },
      { id: 'floor_area_proof', label: 'Giấy tờ, tài liệu chứng minh đủ diện tích nhà ở tối thiểu' },
    ]);
    const notes = english.outbox.filter((o) => o.kind === 'notification').map((o) => o.payload);
    expect(notes).toContainEqual(expect.objectContaining({ message: 'Hồ sơ đã được tiếp nhận.', messageEn: 'Your dossier has been received.', transition: 'accept' }));
    // A message without English: the Vietnamese alone.
    const asked = notes.find((n) => n['transition'] === 'ask_supplement')!;
    expect(asked['message']).toBe('Hồ sơ cần bổ sung; thời hạn giải quyết tính lại từ khi nhận đủ hồ sơ.');
    expect(asked).not.toHaveProperty('messageEn');
    // No message of its own: the step reached, in both languages.
    expect(notes.find((n) => n['transition'] === 'propose')).toMatchObject({ message: 'Trưởng Công an xã phê duyệt', messageEn: "Police chief's approval" });
    const result = { label: 'Thông báo về việc đã cập nhật thông tin đăng ký thường trú', labelEn: 'Notice that the permanent residence was registered' };
    expect(english.results).toEqual([expect.objectContaining({ result: 'confirmation', ...result })]);
    expect(english.events.find((e) => e.type === 'result_issued')!.payload['data']).toMatchObject(result);
  });

  it('says and writes everything in Vietnamese exactly as without English, and without English no English companion anywhere', () => {
    const vi = (w: Awaited<ReturnType<typeof walk>>) => ({
      said: Object.fromEntries(Object.entries(w.said).map(([k, e]) => [k, e.text.vi])),
      due: w.due.text.vi,
      labels: Object.values(w.views).map((v) => [v.title, v.state.label, ...v.actions.map((a) => a.label)]),
    });
    expect(vi(english)).toEqual(vi(plain));
    const written = JSON.stringify([plain.said.guard!.details, plain.events, plain.outbox, plain.results]);
    expect(written).not.toMatch(/labelEn|messageEn|titleEn/);
    expect(plain.events.find((e) => e.type === 'supplement_requested')!.payload['missing']).toEqual([
      { id: 'lease', label: 'Văn bản cho thuê, cho mượn, cho ở nhờ chỗ ở hợp pháp' },
      { id: 'floor_area_proof', label: 'Giấy tờ, tài liệu chứng minh đủ diện tích nhà ở tối thiểu' },
    ]);
    expect(plain.due.text.en).toBe('The time limit of 7 working days starts when the dossier reaches the step «Thẩm định hồ sơ»');
  });
});
