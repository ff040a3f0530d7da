// MC4xxx workflow, MC5xxx deadlines, MC6xxx once-only.
import { procedure, type RuleCase } from '../test-support.ts';

/** The default workflow with `processing` (and extra states) replaced. */
const wf = (processing: string, extra = '', submitted = 'accept -> processing issue receipt') => `workflow {
    state draft by citizen { submit -> submitted }
    state submitted by reception sla 4 working hours {
      ${submitted}
      refuse -> refused with reason issue refusal
    }
    ${processing}
    ${extra}
    final done
    final refused
  }`;

const form = (...fields: string[]) => `form {\n    ${fields.join('\n    ')}\n  }`;

export const workflowCases: readonly RuleCase[] = [
  {
    code: 'MC4001',
    rule: 'a procedure has a workflow',
    fires: procedure({ workflow: '' }),
    nearMiss: procedure(),
  },
  {
    code: 'MC4002',
    rule: 'a workflow has a final state',
    fires: procedure({
      workflow: `workflow {
    state draft by citizen { submit -> submitted }
    state submitted by reception { accept -> processing issue receipt }
    state processing by specialist { approve -> submitted }
  }`,
    }),
    nearMiss: procedure({
      workflow: `workflow {
    state draft by citizen { submit -> submitted }
    state submitted by reception { accept -> processing issue receipt }
    state processing by specialist { approve -> done }
    final done
  }`,
    }),
  },
  {
    code: 'MC4003',
    rule: 'every state can be reached from the first',
    fires: procedure({ workflow: wf('state processing by specialist { approve -> done }', 'state orphan by leader { sign -> done }') }),
    nearMiss: procedure({ workflow: wf('state processing by specialist { approve -> orphan }', 'state orphan by leader { sign -> done }') }),
  },
  {
    code: 'MC4004',
    rule: 'every state can reach a final state',
    fires: procedure({
      workflow: wf('state processing by specialist { approve -> done\n hold -> limbo }', 'state limbo by specialist { wait -> limbo }'),
    }),
    nearMiss: procedure({
      workflow: wf('state processing by specialist { approve -> done\n hold -> limbo }', 'state limbo by specialist { wait -> limbo\n resume -> processing }'),
    }),
  },
  {
    code: 'MC4005',
    rule: 'a final state has no outgoing transitions',
    fires: procedure({
      workflow: `workflow {
    state draft by citizen { submit -> submitted }
    state submitted by reception { accept -> done issue receipt }
    final done { reopen -> submitted }
  }`,
    }),
    nearMiss: procedure({
      workflow: `workflow {
    state draft by citizen { submit -> submitted }
    state submitted by reception { accept -> done issue receipt }
    final done
  }`,
    }),
  },
  {
    code: 'MC4006',
    rule: 'every state that is not final names the role responsible for it',
    fires: procedure({ workflow: wf('state processing sla 3 working days { approve -> done }') }),
    nearMiss: procedure({ workflow: wf('state processing by specialist sla 3 working days { approve -> done }') }),
  },
  {
    code: 'MC4007',
    rule: 'a transition goes to a declared state',
    fires: procedure({ workflow: wf('state processing by specialist { approve -> done\n archive -> archved }') }),
    nearMiss: procedure({ workflow: wf('state processing by specialist { approve -> done\n archive -> refused }') }),
  },
  {
    code: 'MC4008',
    rule: 'officers enter only a reason, a note, the missing documents or a new date',
    fires: procedure({ workflow: wf('state processing by specialist { approve -> done with reasn }') }),
    nearMiss: procedure({ workflow: wf('state processing by specialist { approve -> done with note }') }),
  },
  {
    code: 'MC4009',
    rule: 'a transition issues a receipt, a result, a supplement request or a refusal',
    fires: procedure({ workflow: wf('state processing by specialist { approve -> done\n reject -> refused issue refusl }') }),
    nearMiss: procedure({ workflow: wf('state processing by specialist { approve -> done\n reject -> refused issue refusal }') }),
  },
  {
    code: 'MC4010',
    rule: 'only waiting for the citizen pauses the clock',
    fires: procedure({
      workflow: wf('state processing by specialist { approve -> done\n ask -> waiting issue supplement_request }', 'state waiting by specialist pauses clock { resume -> processing }'),
    }),
    nearMiss: procedure({
      workflow: wf('state processing by specialist { approve -> done\n ask -> waiting issue supplement_request }', 'state waiting by citizen pauses clock { resume -> processing }'),
    }),
  },
  {
    code: 'MC4011',
    rule: 'a dossier that may issue another result after one also issues it before it ends',
    fires: procedure({
      workflow: wf(
        'state processing by specialist { approve -> returned issue result confirmation }',
        'state returned by reception { hand_out -> done issue result confirmation\n close -> done }',
      ),
      results: 'result confirmation "Xác nhận" { help "Giấy xác nhận" }',
    }),
    nearMiss: procedure({
      workflow: wf(
        'state processing by specialist { approve -> returned issue result confirmation }',
        'state returned by reception { hand_out -> done issue result confirmation }',
      ),
      results: 'result confirmation "Xác nhận" { help "Giấy xác nhận" }',
    }),
  },
];

export const deadlineCases: readonly RuleCase[] = [
  {
    code: 'MC5001',
    rule: 'the SLAs after the clock starts fit within the total deadline',
    fires: procedure({
      workflow: wf('state processing by specialist sla 3 working days { approve -> approval }', 'state approval by leader sla 20 working hours { sign -> done }'),
    }),
    nearMiss: procedure({
      workflow: wf('state processing by specialist sla 3 working days { approve -> approval }', 'state approval by leader sla 2 working days { sign -> done }'),
    }),
  },
  {
    code: 'MC5002',
    rule: 'the warning comes before the deadline, not at its start',
    fires: procedure({ deadline: 'deadline 5 working days from complete\n  warn 5 working days before due' }),
    nearMiss: procedure({ deadline: 'deadline 5 working days from complete\n  warn 1 working day before due' }),
  },
  {
    code: 'MC5003',
    rule: 'a procedure has a deadline',
    fires: procedure({ deadline: '' }),
    nearMiss: procedure({ deadline: 'deadline 10 days from submission' }),
  },
  {
    code: 'MC5004',
    rule: 'a deadline from `complete` needs a transition that issues the receipt',
    fires: procedure({ workflow: wf('state processing by specialist { approve -> done }', '', 'accept -> processing') }),
    nearMiss: procedure({ workflow: wf('state processing by specialist { approve -> done }', '', 'accept -> processing issue receipt') }),
  },
  {
    code: 'MC5005',
    rule: 'a period in days is a whole number of days',
    fires: procedure({ deadline: 'deadline 1.5 working days from complete' }),
    nearMiss: procedure({ deadline: 'deadline 12 working hours from complete' }),
  },
];

export const onceOnlyCases: readonly RuleCase[] = [
  {
    code: 'MC6001',
    rule: 'a required field the population database holds is prefilled, not asked again',
    fires: procedure({ form: form('field birth_date "Ngày sinh": date required') }),
    nearMiss: procedure({ form: form('field birth_date "Ngày sinh": date required prefill from population.birth_date locked') }),
  },
  {
    code: 'MC6002',
    rule: 'a document proving data a source holds is waived',
    fires: procedure({ documents: 'documents {\n    doc khai_sinh "Giấy khai sinh": required proves population.birth_date\n  }' }),
    nearMiss: procedure({
      documents:
        'documents {\n    doc khai_sinh "Giấy khai sinh": required proves population.birth_date\n      waived when population.birth_date == applicant.birth_date basis "Nghị quyết 66.7/2025/NQ-CP"\n  }',
    }),
  },
];
