// The panels in the studio's two languages: a procedure's own texts (labels, help, title, the
// names of states, actions, documents, fees, scenarios) are shown in English when the studio is
// in English and the procedure gives them, in Vietnamese otherwise — and again in Vietnamese
// when the designer switches back. Rendered in Node on a small fake DOM (../testing/fake-dom.ts).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ownLabel, ownText, setLang } from '../i18n.ts';
import type { ProcedurePreview } from '../preview-model.ts';
import { elementsOf, installFakeDom, textOf } from '../testing/fake-dom.ts';
import { residenceInEnglish } from '../testing/english.ts';
import { procedureView } from '../worker/preview.ts';
import { renderDocsFees, setLiveRulesEvaluator } from './docs-fees-view.ts';
import { renderDue } from './due-view.ts';
import { renderForm, type FormValues } from './form-view.ts';
import { renderScenarios } from './scenarios-view.ts';
import { renderWorkflow } from './workflow-view.ts';

let p: ProcedurePreview;
beforeAll(() => {
  installFakeDom();
  p = procedureView(residenceInEnglish());
});
afterEach(() => {
  setLang('vi');
  setLiveRulesEvaluator(undefined);
});

const noop = () => undefined;

describe('a procedure’s own text in the studio’s language', () => {
  it('is the English companion in English, the Vietnamese otherwise or when there is none', () => {
    const owner = { label: 'Chủ sở hữu', labelEn: 'Owner' };
    expect([ownLabel(owner), ownText('Đăng ký', 'Registration'), ownLabel({ label: 'Thuê nhà' })]).toEqual(['Chủ sở hữu', 'Đăng ký', 'Thuê nhà']);
    setLang('en');
    expect([ownLabel(owner), ownText('Đăng ký', 'Registration'), ownLabel({ label: 'Thuê nhà' }), ownLabel({ label: 'Thuê nhà', labelEn: '' })]).toEqual([
      'Owner',
      'Registration',
      'Thuê nhà',
      'Thuê nhà',
    ]);
    expect(ownText(undefined, undefined)).toBeUndefined();
  });
});

describe('the form preview', () => {
  it('shows the English labels, options, help and title in English, and the Vietnamese again after switching back', () => {
    const values: FormValues = new Map();
    const vi = renderForm(p, values, noop);
    expect(textOf(vi)).toContain('Địa chỉ đăng ký thường trú');
    expect(textOf(vi)).toContain('ĐĂNG KÝ THƯỜNG TRÚ');
    expect(textOf(vi)).not.toContain('Address to register');

    setLang('en');
    const en = renderForm(p, values, noop, vi);
    expect(en).toBe(vi); // updated in place
    const text = textOf(en);
    for (const shown of [
      'PERMANENT RESIDENCE REGISTRATION',
      'Address to register',
      'Grounds for the registration',
      'Residence Law 2020, Article 20(1), (2), (3).',
      'Applicant', // the group's legend
      'Full name',
      'National population database', // where a field is prefilled from
      'The head of household or owner agrees', // a yes/no field, labelled beside its box
    ])
      expect(text).toContain(shown);
    const housing = elementsOf(en, 'select').find((s) => s.getAttribute('id') === 'field-housing')!;
    expect(elementsOf(housing, 'option').map(textOf)).toEqual([
      '— Choose —',
      'A lawful home I own',
      'Về ở với người thân (vợ, chồng, cha, mẹ, con…) với sự đồng ý của chủ hộ', // no English: the Vietnamese
      'Renting, borrowing or staying in a lawful home',
    ]);
    expect(text).toContain('Quan hệ với chủ hộ'); // a field without English
    for (const gone of ['Địa chỉ đăng ký thường trú', 'Căn cứ đăng ký thường trú', 'Họ, chữ đệm và tên', 'ĐĂNG KÝ THƯỜNG TRÚ']) expect(text).not.toContain(gone);

    setLang('vi');
    const back = textOf(renderForm(p, values, noop, en));
    expect(back).toContain('Địa chỉ đăng ký thường trú');
    expect(back).not.toContain('Address to register');
  });
});

describe('the documents and fees', () => {
  it('names documents, fees, exemptions and the action a fee is due before in English', async () => {
    setLiveRulesEvaluator(() => ({ fees: [{ id: 'registration', amount: 10_000 }], total: 10_000, documents: [{ id: 'ct01', required: true }, { id: 'lease', required: true }] }));
    setLang('en');
    const el = renderDocsFees(p, { channel: 'online' }, new Map(), '2025-03-03T09:00', noop);
    await Promise.resolve(); // the live evaluation
    const text = textOf(el);
    for (const shown of [
      'Residence information change form (CT01)',
      'Proof of a lawful home',
      'Permanent residence registration fee',
      'Citizens of poor households',
      'Payable before “Accept and give the appointment slip”',
      'Permanent residence registration fee: 10.000 đồng', // the live evaluation's lines
      'Documents still required: Residence information change form (CT01); Văn bản cho thuê, cho mượn, cho ở nhờ chỗ ở hợp pháp',
    ])
      expect(text).toContain(shown);
    expect(text).not.toContain('Lệ phí đăng ký thường trú');
    expect(text).not.toContain('Tiếp nhận, cấp phiếu hẹn');
  });
});

describe('the workflow diagram', () => {
  const named = (el: Element) => elementsOf(el, 'title').map(textOf);

  it('names states and actions in English, each without English in Vietnamese', () => {
    setLang('en');
    const el = renderWorkflow(p.workflow, (id) => ownLabel(p.agencies.find((a) => a.id === id)!));
    const titles = named(el);
    // A state's tooltip: its name, then its role, agency and SLA; an action's: its name.
    const state = (id: string) => titles.find((t) => t.startsWith(`${id}: `));
    expect(state('processing')).toMatch(/^processing: Review of the dossier Specialist/);
    expect(state('submitted')).toMatch(/^submitted: Awaiting reception Reception .* Commune police/);
    expect(state('refused')).toBe('refused: Từ chối'); // no English: the Vietnamese
    expect(titles).toContain('accept: Accept and give the appointment slip');
    expect(titles).toContain('submit: Nộp hồ sơ');
    expect(titles.join(' ')).not.toContain('Thẩm định hồ sơ');
    setLang('vi');
    expect(named(renderWorkflow(p.workflow, (id) => id))).toContain('accept: Tiếp nhận, cấp phiếu hẹn');
  });
});

describe('the due-date simulator', () => {
  it('names the steps in English', () => {
    setLang('en');
    const text = textOf(renderDue(p, { start: '2025-03-03T09:00' }, noop));
    expect(text).toContain('Awaiting reception');
    expect(text).toContain('Review of the dossier');
    expect(text).not.toContain('Thẩm định hồ sơ');
  });
});

describe('the scenarios', () => {
  it('names a scenario in English when it has English, in Vietnamese otherwise', () => {
    setLang('en');
    const text = textOf(renderScenarios(p, undefined, '', noop));
    expect(text).toContain('In person, renting');
    expect(text).not.toContain('Nộp trực tiếp, thuê nhà');
    expect(text).toContain('Công dân thuộc hộ nghèo được miễn lệ phí');
  });
});
