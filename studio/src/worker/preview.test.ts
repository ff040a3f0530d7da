import { resolve } from 'node:path';
import { checkFile } from '@motcua/dsl';
import { loadWorkspace } from '@motcua/dsl/node';
import { describe, expect, it } from 'vitest';
import { newProcedureText } from '../new-file.ts';
import type { FieldView, GroupView } from '../preview-model.ts';
import { withoutEnglish } from '@motcua/dsl/testing';
import { residenceInEnglish } from '../testing/english.ts';
import { buildPreview, procedureView } from './preview.ts';

const ws = loadWorkspace(resolve(import.meta.dirname, '../../../procedures'));
const PATH = 'cu_tru/dang_ky_thuong_tru.proc';
const text = ws.file(PATH)!.text;

const fields = (items: readonly (FieldView | GroupView)[]): FieldView[] => items.flatMap((i) => (i.kind === 'field' ? [i] : fields(i.items)));

describe('preview of a procedure', () => {
  const preview = buildPreview(ws, PATH, checkFile(ws, PATH), text);
  const p = preview.procedure!;

  it('shows the applicant block as a group prefilled from the population database, locked', () => {
    const applicant = p.form.find((i): i is GroupView => i.kind === 'group' && i.id === 'applicant')!;
    expect(applicant.fragment).toBe('common/applicant.proc');
    const fullName = fields(applicant.items).find((f) => f.id === 'full_name')!;
    expect(fullName.locked).toBe(true);
    expect(fullName.prefill?.source).toBe('population');
    expect(fullName.prefill?.sourceLabel).toMatch(/dân cư/);
    const phone = fields(applicant.items).find((f) => f.id === 'phone')!;
    expect(phone.locked).toBe(false); // the citizen may correct a changed number
  });

  it('words conditions with the designer’s labels, and keeps checkable bounds as numbers', () => {
    const hostId = fields(p.form).find((f) => f.path === 'host_id')!;
    expect(hostId.required).not.toBe('always');
    expect(typeof hostId.required === 'object' && hostId.required.src).toBe('housing != owner');
    expect(typeof hostId.required === 'object' && hostId.required.vi).toMatch(/không phải “Chỗ ở hợp pháp thuộc quyền sở hữu của mình”/);
    expect(hostId.pattern).toBe('^[0-9]{12}$');
    expect(fields(p.form).find((f) => f.path === 'floor_area')!.min).toBe(8);
  });

  it('lists documents with their waivers and fees with their exemptions', () => {
    const proof = p.documents.find((d) => d.id === 'residence_proof')!;
    expect(proof.waivers).toHaveLength(1);
    expect(proof.waivers[0]!.basis).toContain('Nghị quyết 66.7/2025/NQ-CP');
    expect(p.documents.find((d) => d.id === 'ct01')!.generated).toBe(true);
    const fee = p.fees.find((f) => f.id === 'registration')!;
    expect(fee.lines.map((l) => l.amount.vi)).toEqual(['20.000 đồng', '10.000 đồng']);
    expect(fee.lines[1]!.when?.src).toBe('channel == online');
    expect(fee.due).toMatchObject({ on: 'before', transition: 'accept', transitionLabel: 'Tiếp nhận, cấp phiếu hẹn' });
    expect(p.timing.deadline).toMatchObject({ amount: 7, unit: 'working_days', from: 'complete' });
  });

  it('has nothing to report as changed when the text is the saved one', () => {
    expect(preview.changes.changed).toBe(false);
    expect(preview.errors).toBe(0);
  });

  it('reports a fee change since saved as the reviewer will read it', () => {
    const edited = text.replace('amount 10_000 VND when channel == online', 'amount 5_000 VND when channel == online');
    const ws2 = ws.withFile(PATH, edited);
    const changed = buildPreview(ws2, PATH, checkFile(ws2, PATH), text);
    expect(changed.changes.changed).toBe(true);
    expect(changed.changes.vi).toMatch(/Lệ phí.*10[._]000.*→ 5[._]000/);
    expect(changed.changes.en).toMatch(/pay less/);
  });

  it('gives no procedure view while the file has errors, but still names its procedures', () => {
    const broken = text.replace('-> submitted requires', '-> submited requires');
    const ws2 = ws.withFile(PATH, broken);
    const diags = checkFile(ws2, PATH);
    const b = buildPreview(ws2, PATH, diags, text);
    expect(b.errors).toBeGreaterThan(0);
    expect(b.procedure).toBeUndefined();
    expect(b.procedures).toMatchObject([{ id: 'dang_ky_thuong_tru', title: 'Đăng ký thường trú' }]);
  });

  it('shows a shared file without a procedure as such', () => {
    const shared = buildPreview(ws, 'common/applicant.proc', [], undefined);
    expect(shared.procedures).toEqual([]);
    expect(shared.selected).toBeUndefined();
  });
});

describe('preview of a procedure edited keystroke after keystroke', () => {
  const fresh = (w: typeof ws) => {
    // Another procedure first: nothing of this one's previous views can be reused.
    buildPreview(ws, 'cu_tru/dang_ky_tam_tru.proc', checkFile(ws, 'cu_tru/dang_ky_tam_tru.proc'), undefined);
    return JSON.parse(JSON.stringify(buildPreview(w, PATH, checkFile(w, PATH), text)));
  };
  const after = (w: typeof ws) => {
    buildPreview(ws, PATH, checkFile(ws, PATH), text); // the views of the text before the edit
    return buildPreview(w, PATH, checkFile(w, PATH), text);
  };

  it('keeps the views of unchanged fields, and words conditions with a label just changed', () => {
    const edits = [
      text.replace('title "Đăng ký thường trú"', 'title "Đăng ký thường trú mới"'),
      text.replace('owner "Chỗ ở hợp pháp thuộc quyền sở hữu của mình"', 'owner "Nhà của mình"'), // an option other fields' conditions name
      text.replace('"Căn cứ đăng ký thường trú"', '"Căn cứ"'), // a field label
      text.replace('housing != owner', 'housing == owner'), // one field's condition
    ];
    for (const edited of edits) {
      expect(edited).not.toBe(text);
      const w = ws.withFile(PATH, edited);
      expect(JSON.parse(JSON.stringify(after(w)))).toEqual(fresh(w));
    }
    const w = ws.withFile(PATH, edits[1]!);
    const hostId = fields(after(w).procedure!.form).find((f) => f.path === 'host_id')!;
    expect(typeof hostId.required === 'object' && hostId.required.vi).toMatch(/không phải “Nhà của mình”/);
    // A field that did not change is the very same view object.
    const before = buildPreview(ws, PATH, checkFile(ws, PATH), text).procedure!.form;
    const w0 = ws.withFile(PATH, edits[0]!);
    const next = buildPreview(w0, PATH, checkFile(w0, PATH), text).procedure!.form;
    expect(fields(next).find((f) => f.path === 'host_id')).toBe(fields(before).find((f) => f.path === 'host_id'));
  });
});

describe('the English companions of the procedure’s texts, in the preview', () => {
  const ir = residenceInEnglish();
  const p = procedureView(ir);
  const all = fields(p.form);

  it('carries each English text beside its Vietnamese one, for the page to pick by language', () => {
    expect(p).toMatchObject({ title: 'Đăng ký thường trú', titleEn: 'Permanent residence registration', agencyLabelEn: 'Commune police' });
    const applicant = p.form.find((i): i is GroupView => i.kind === 'group' && i.id === 'applicant')!;
    expect(applicant.labelEn).toBe('Applicant');
    const housing = all.find((f) => f.path === 'housing')!;
    expect(housing).toMatchObject({ label: 'Căn cứ đăng ký thường trú', labelEn: 'Grounds for the registration', helpEn: 'Residence Law 2020, Article 20(1), (2), (3).' });
    expect(housing.options?.find((o) => o.id === 'owner')).toMatchObject({ label: 'Chỗ ở hợp pháp thuộc quyền sở hữu của mình', labelEn: 'A lawful home I own' });
    expect(all.find((f) => f.path === 'applicant.full_name')!.prefill).toMatchObject({ sourceLabel: 'Cơ sở dữ liệu quốc gia về dân cư', sourceLabelEn: 'National population database' });
    expect(p.documents.find((d) => d.id === 'ct01')!.labelEn).toBe('Residence information change form (CT01)');
    const fee = p.fees.find((f) => f.id === 'registration')!;
    expect(fee.labelEn).toBe('Permanent residence registration fee');
    expect(fee.exemptions.find((x) => x.label === 'Công dân thuộc hộ nghèo')!.labelEn).toBe('Citizens of poor households');
    expect(fee.due).toMatchObject({ transitionLabel: 'Tiếp nhận, cấp phiếu hẹn', transitionLabelEn: 'Accept and give the appointment slip' });
    expect(p.agencies.find((a) => a.id === 'cong_an_xa')!.labelEn).toBe('Commune police');
    expect(p.scenarios.find((s) => s.id === 'in_person_tenant')!.labelEn).toBe('In person, renting');
  });

  it('gives none where the procedure gives none', () => {
    expect('labelEn' in all.find((f) => f.path === 'relation')!).toBe(false);
    expect('labelEn' in p.documents.find((d) => d.id === 'lease')!).toBe(false);
    expect(JSON.stringify(procedureView(withoutEnglish(ir)))).not.toMatch(/(label|help|title|Label)En"/);
  });

  it('names the state the deadline runs from in each language', () => {
    const fromState = procedureView({ ...ir, deadline: { ...ir.deadline!, from: 'processing' } });
    expect(fromState.timing.deadline!.fromLabel).toEqual({ vi: 'khi hồ sơ vào bước “Thẩm định hồ sơ”', en: 'when the dossier enters “Review of the dossier”' });
  });

  it('does not keep a field’s view once the English name of the source it is prefilled from has changed', () => {
    // The birth date field itself has no English, and is the same in both: only its source's name changed.
    const birthDate = (v: ReturnType<typeof procedureView>) => fields(v.form).find((f) => f.path === 'applicant.birth_date')!;
    expect(birthDate(procedureView(withoutEnglish(ir))).prefill!.sourceLabelEn).toBeUndefined();
    expect(birthDate(procedureView(ir)).prefill!.sourceLabelEn).toBe('National population database');
  });
});

describe('the English companions written in a file', () => {
  it('reach the preview from the text: the procedure picker’s title, the form, the workflow', () => {
    const path = 'thu_nghiem/thu_tuc_moi.proc';
    const w = ws.withFile(path, newProcedureText(path, '2026-11-22'));
    const preview = buildPreview(w, path, checkFile(w, path), undefined);
    expect(preview.procedures).toEqual([{ id: 'thu_tuc_moi', title: 'Tên thủ tục', titleEn: 'Procedure name' }]);
    expect(preview.procedure).toMatchObject({ title: 'Tên thủ tục', titleEn: 'Procedure name' });
    expect(fields(preview.procedure!.form).map((f) => [f.label, f.labelEn])).toEqual([['Lý do', 'Reason']]);
    expect(preview.procedure!.workflow.states.find((s) => s.id === 'done')).toMatchObject({ label: 'Hoàn thành', labelEn: 'Done' });
  });
});
