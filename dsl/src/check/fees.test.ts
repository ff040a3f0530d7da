import { describe, expect, it } from 'vitest';
import { feeCases, scenarioCases } from './cases/fees.ts';
import { diagnostics, expectCodes, procedure, ruleTests } from './test-support.ts';

const fee = (...lines: string[]) => `fee le_phi "Lệ phí" {\n    ${lines.join('\n    ')}\n  }`;
const area = 'form {\n    field area "Diện tích": number required\n  }';

describe('fees (MC7xxx)', () => {
  ruleTests(feeCases);

  it.each([
    ['area > 10 and area < 5', true],
    ['area >= 5 and area <= 5', false],
    ['area > 5 and area < 10', false],
    ['area == 3 and area > 4', true],
    ['applicant.policy == ho_ngheo and applicant.policy == tre_em', true],
    ['applicant.policy in [ho_ngheo, tre_em] and applicant.policy == tre_em', false],
    ['channel in [online] and channel not in [online, postal]', true],
    ['not (channel == online or channel != online)', true],
    ['(channel == online or channel == postal) and channel == in_person', true],
    ['(channel == online or area > 3) and channel == in_person', false],
    ['false', true],
    ['form.valid and not form.valid', true],
  ])('finds that `%s` never holds: %s', (condition, never) => {
    expectCodes(procedure({ form: area, fees: fee('amount 20_000 VND', `amount 10_000 VND when ${condition}`) }), never ? ['MC7001'] : []);
  });

  it('explains which comparisons contradict each other', () => {
    const [d] = diagnostics(procedure({ fees: fee('amount 20_000 VND', 'amount 10_000 VND when channel == online and channel == postal') }));
    expect(d!.message.vi).toContain('`channel == online` và `channel == postal` không thể cùng đúng');
  });

  it('does not treat a line in force only from a date as overriding the lines before it', () => {
    expectCodes(procedure({ fees: fee('amount 10_000 VND when channel == online', 'amount 30_000 VND effective 2026-01-01') }), []);
  });

  it('accepts `due on submit` and `due on result` only', () => {
    expectCodes(procedure({ fees: fee('amount 20_000 VND', 'due on result') }), []);
    expectCodes(procedure({ fees: fee('amount 20_000 VND', 'due on resul') }), ['MC2015']);
  });

  it('suggests the transition into a state named by `due before`', () => {
    const [d] = diagnostics(procedure({ fees: fee('amount 20_000 VND', 'due before processing') }));
    expect(d!.message.en).toContain('`processing` is a state, not a transition');
    expect(d!.fixes?.[0]?.replacement).toBe('accept');
  });

  it('keeps a discount between 0% and 100%, capped and per-unit fees in money', () => {
    expectCodes(procedure({ fees: fee('amount 20_000 VND', 'discount 140% basis "Nghị quyết"') }), ['MC3004']);
    expectCodes(procedure({ form: area, fees: fee('amount 1_000 VND per area', 'cap 500_000 VND') }), []);
    expectCodes(procedure({ form: area, fees: fee('amount 1_000 VND per area', 'cap 500_000') }), ['MC3002']);
  });
});

describe('scenarios (MC8xxx)', () => {
  ruleTests(scenarioCases);

  const scenario = (...steps: string[]) => `scenario s "S" {\n    ${steps.join('\n    ')}\n  }`;

  it('gives form fields values of their type, and choices one of their options', () => {
    const form = 'form {\n    field dia_chi "Địa chỉ": address required\n    field so_ban "Số bản": number optional\n  }';
    expectCodes(procedure({ form, scenarios: scenario('given dia_chi "Số 5 Lê Lợi", so_ban 2, applicant.policy ho_ngheo') }), []);
    expectCodes(procedure({ form, scenarios: scenario('given dia_chi 5') }), ['MC8002']);
    const [d] = diagnostics(procedure({ form, scenarios: scenario('given applicant.policy ho_nghe') }));
    expect(d!.code).toBe('MC8002');
    expect(d!.fixes?.[0]?.replacement).toBe('ho_ngheo');
  });

  it('gives a citizen as a 12-digit personal id', () => {
    expectCodes(procedure({ scenarios: scenario('given citizen "00109901234"') }), ['MC8002']);
  });

  it('expects fields of the form, with values of their type', () => {
    expectCodes(procedure({ scenarios: scenario('expect field applicant.full_name = "Nguyễn Văn A"') }), []);
    expectCodes(procedure({ scenarios: scenario('expect field applicant.ful_name = "Nguyễn Văn A"') }), ['MC8001']);
    expectCodes(procedure({ scenarios: scenario('expect field applicant.birth_date = "hôm qua"') }), ['MC8009']);
  });
});
