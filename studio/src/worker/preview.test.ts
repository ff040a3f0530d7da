import { resolve } from 'node:path';
import { checkFile } from '@motcua/dsl';
import { loadWorkspace } from '@motcua/dsl/node';
import { describe, expect, it } from 'vitest';
import type { FieldView, GroupView } from '../preview-model.ts';
import { buildPreview } from './preview.ts';

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
    expect(b.procedures).toEqual([{ id: 'dang_ky_thuong_tru', title: 'Đăng ký thường trú' }]);
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
