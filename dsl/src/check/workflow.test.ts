import { describe, expect, it } from 'vitest';
import { deadlineCases, onceOnlyCases, workflowCases } from './cases/workflow.ts';
import { diagnostics, expectCodes, procedure, ruleTests } from './test-support.ts';

const wf = (processing: string, extra = '') => `workflow {
    state draft by citizen { submit -> submitted }
    state submitted by reception sla 4 working hours {
      accept -> processing issue receipt
      refuse -> refused with reason issue refusal
    }
    ${processing}
    ${extra}
    final done
    final refused
  }`;

describe('workflow (MC4xxx)', () => {
  ruleTests(workflowCases);

  it('names the first state in an unreachable-state warning', () => {
    const [d] = diagnostics(procedure({ workflow: wf('state processing by specialist { approve -> done }', 'state orphan by leader { sign -> done }') }));
    expect(d).toMatchObject({ code: 'MC4003', severity: 'warning' });
    expect(d!.message.vi).toBe('Không có đường nào từ bước đầu `draft` tới bước `orphan`; không hồ sơ nào vào bước này.');
  });

  it('refuses an empty workflow, which has no final state and no first state to compile (found by fuzzing)', () => {
    expectCodes(procedure({ workflow: 'workflow {}', deadline: 'deadline 10 days from submission' }), ['MC4002']);
  });
});

describe('deadlines (MC5xxx)', () => {
  ruleTests(deadlineCases);

  it('explains the path and the unit conversion when SLAs exceed the deadline', () => {
    const text = procedure({
      deadline: 'deadline 7 days from complete',
      workflow: wf('state processing by specialist sla 3 working days { approve -> approval }', 'state approval by leader sla 3 working days { sign -> done }'),
    });
    const [d] = diagnostics(text);
    expect(d!.code).toBe('MC5001');
    expect(text.slice(d!.span.start, d!.span.end)).toBe('7 days');
    expect(d!.message.en).toBe(
      'States `processing` → `approval` add up to 6 working days, more than the deadline of `7 days` (40 working hours) (conversion: 1 working day = 8 working hours; 1 calendar day ≈ 5/7 working day).',
    );
  });

  it('does not count time in a state that pauses the clock, nor after a transition that restarts it', () => {
    const text = procedure({
      workflow: wf(
        'state processing by specialist sla 4 working days { approve -> done\n ask -> waiting issue supplement_request\n recheck -> review restarts clock }',
        'state waiting by citizen sla 30 working days pauses clock { resume -> processing }\n    state review by specialist sla 10 working days { ok -> done }',
      ),
    });
    expectCodes(text, []);
  });

  it('counts a deadline from submission from the states the first transition enters', () => {
    const text = procedure({ deadline: 'deadline 2 working days from submission', workflow: wf('state processing by specialist sla 1 working day { approve -> done }') });
    // submitted (4 working hours) + processing (1 working day) = 12 working hours ≤ 16.
    expectCodes(text, []);
    expectCodes(text.replace('deadline 2 working days', 'deadline 10 working hours'), ['MC5001']);
  });
});

describe('once-only (MC6xxx)', () => {
  ruleTests(onceOnlyCases);

  it('cites Resolution 66.7/2025/NQ-CP and offers to prefill the field from the source, locked', () => {
    const text = procedure({ form: 'form {\n    field birth_date "Ngày sinh": date required\n  }' });
    const [d] = diagnostics(text);
    expect(d!.message.vi).toContain('Nghị quyết 66.7/2025/NQ-CP');
    expect(d!.message.en).toContain('Nghị quyết 66.7/2025/NQ-CP');
    const fix = d!.fixes![0]!;
    const fixed = text.slice(0, fix.span.start) + fix.replacement + text.slice(fix.span.end);
    expect(fixed).toContain('field birth_date "Ngày sinh": date required prefill from population.birth_date locked\n');
    expectCodes(fixed, []);
  });

  it('leaves alone fields of another type, of a non-authoritative source, and of groups about someone else', () => {
    const form = `form {
    field birth_date "Ngày sinh": text required
    field area "Diện tích": number required
    group child "Con" {
      field full_name "Họ tên": text required
    }
  }`;
    expectCodes(procedure({ form }), []);
  });

  it('knows a document proves state-held data when it proves a field prefilled from a source', () => {
    const docs = 'documents {\n    doc khai_sinh "Giấy khai sinh": required proves applicant.birth_date\n  }';
    expectCodes(procedure({ documents: docs }), ['MC6002']);
    expectCodes(procedure({ documents: docs.replace('applicant.birth_date', 'applicant.policy') }), []);
  });
});
