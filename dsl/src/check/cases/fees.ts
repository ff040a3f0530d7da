// MC7xxx fees and MC8xxx scenarios.
import { procedure, type RuleCase } from '../test-support.ts';

const fee = (...lines: string[]) => `fee le_phi "Lệ phí" {\n    ${lines.join('\n    ')}\n  }`;
const scenario = (...steps: string[]) => `scenario truc_tuyen "Nộp trực tuyến" {\n    ${steps.join('\n    ')}\n  }`;
const docs = 'documents {\n    doc don "Đơn đề nghị": required\n  }';

export const feeCases: readonly RuleCase[] = [
  {
    code: 'MC7001',
    rule: 'a fee line whose condition can never hold is reported',
    fires: procedure({ fees: fee('amount 20_000 VND', 'amount 10_000 VND when channel == online and channel == postal') }),
    nearMiss: procedure({ fees: fee('amount 20_000 VND', 'amount 10_000 VND when channel == online or channel == postal') }),
  },
  {
    code: 'MC7002',
    rule: 'an amount line followed by an unconditional one never applies',
    fires: procedure({ fees: fee('amount 10_000 VND when channel == online', 'amount 20_000 VND') }),
    nearMiss: procedure({ fees: fee('amount 20_000 VND', 'amount 10_000 VND when channel == online') }),
  },
  {
    code: 'MC7003',
    rule: 'an exemption cites its legal basis',
    fires: procedure({ fees: fee('amount 20_000 VND', 'exempt "Hộ nghèo" when applicant.policy == ho_ngheo') }),
    nearMiss: procedure({ fees: fee('amount 20_000 VND', 'exempt "Hộ nghèo" when applicant.policy == ho_ngheo basis "Thông tư 75/2022/TT-BTC"') }),
  },
  {
    code: 'MC7004',
    rule: 'a fee has at least one amount',
    fires: procedure({ fees: fee('due on submit') }),
    nearMiss: procedure({ fees: fee('amount 20_000 VND', 'due on submit') }),
  },
  {
    code: 'MC7005',
    rule: 'tiers increase, with `above` last',
    fires: procedure({
      form: 'form {\n    field area "Diện tích": number required\n  }',
      fees: fee('amount tiered by area {\n      up to 500: 1_000_000 VND\n      up to 100: 500_000 VND\n      above: 2_000_000 VND\n    }'),
    }),
    nearMiss: procedure({
      form: 'form {\n    field area "Diện tích": number required\n  }',
      fees: fee('amount tiered by area {\n      up to 100: 500_000 VND\n      up to 500: 1_000_000 VND\n      above: 2_000_000 VND\n    }'),
    }),
  },
  {
    code: 'MC7006',
    rule: 'a fee is due before a transition, not a state',
    fires: procedure({ fees: fee('amount 20_000 VND', 'due before processing') }),
    nearMiss: procedure({ fees: fee('amount 20_000 VND', 'due before accept') }),
  },
];

export const scenarioCases: readonly RuleCase[] = [
  {
    code: 'MC8001',
    rule: 'a scenario gives only channel, citizen, missing, paid or form fields',
    fires: procedure({ scenarios: scenario('given chanel online') }),
    nearMiss: procedure({ scenarios: scenario('given channel online, citizen "001099012345", paid true') }),
  },
  {
    code: 'MC8002',
    rule: 'a scenario input has the right type',
    fires: procedure({ scenarios: scenario('given channel onlin') }),
    nearMiss: procedure({ scenarios: scenario('given channel in_person') }),
  },
  {
    code: 'MC8003',
    rule: 'a scenario performs transitions of the workflow',
    fires: procedure({ scenarios: scenario('at 2025-01-24 10:00 do submit, acept') }),
    nearMiss: procedure({ scenarios: scenario('at 2025-01-24 10:00 do submit, accept') }),
  },
  {
    code: 'MC8004',
    rule: 'a scenario names documents of the procedure',
    fires: procedure({ documents: docs, scenarios: scenario('given missing [do]', 'expect documents [don]') }),
    nearMiss: procedure({ documents: docs, scenarios: scenario('given missing [don]', 'expect documents [don]') }),
  },
  {
    code: 'MC8005',
    rule: 'a scenario checks fees of the procedure',
    fires: procedure({ fees: fee('amount 20_000 VND'), scenarios: scenario('expect fee le_phii = 20_000 VND') }),
    nearMiss: procedure({ fees: fee('amount 20_000 VND'), scenarios: scenario('expect fee le_phi = 20_000 VND') }),
  },
  {
    code: 'MC8006',
    rule: 'a scenario expects a state of the workflow',
    fires: procedure({ scenarios: scenario('at 2025-01-24 10:00 do submit, accept, approve', 'expect state don') }),
    nearMiss: procedure({ scenarios: scenario('at 2025-01-24 10:00 do submit, accept, approve', 'expect state done') }),
  },
  {
    code: 'MC8007',
    rule: 'an outcome is early, on_time or late',
    fires: procedure({ scenarios: scenario('expect outcome ontime') }),
    nearMiss: procedure({ scenarios: scenario('expect outcome on_time') }),
  },
  {
    code: 'MC8008',
    rule: 'a scenario expects a fee, documents, a due date, a state, an outcome or a field',
    fires: procedure({ scenarios: scenario('expect fees 0 VND') }),
    nearMiss: procedure({ scenarios: scenario('expect fee 0 VND') }),
  },
  {
    code: 'MC8009',
    rule: 'an expected due date is a date and time',
    fires: procedure({ scenarios: scenario('expect due "2025-02-11"') }),
    nearMiss: procedure({ scenarios: scenario('expect due 2025-02-11 10:00') }),
  },
  {
    code: 'MC8010',
    rule: 'an extension step sets a new date after the time the apology letter is sent',
    fires: procedure({ scenarios: scenario('at 2025-01-24 10:00 do submit, accept', 'at 2025-01-27 09:00 extend to 2025-01-27 08:00 "Chờ xác minh"') }),
    nearMiss: procedure({ scenarios: scenario('at 2025-01-24 10:00 do submit, accept', 'at 2025-01-27 09:00 extend to 2025-02-07 09:00 "Chờ xác minh"') }),
  },
  {
    code: 'MC8011',
    rule: 'an extension step gives the reason of its apology letter',
    fires: procedure({ scenarios: scenario('at 2025-01-24 10:00 do submit, accept', 'at 2025-01-27 09:00 extend to 2025-02-07 09:00 " "') }),
    nearMiss: procedure({ scenarios: scenario('at 2025-01-24 10:00 do submit, accept', 'at 2025-01-27 09:00 extend to 2025-02-07 09:00 "Chờ xác minh"') }),
  },
];
