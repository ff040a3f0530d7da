// MC3xxx: expressions have the types their places need.
import { procedure, type RuleCase } from '../test-support.ts';

const form = (...fields: string[]) => `form {\n    ${fields.join('\n    ')}\n  }`;
const fee = (...lines: string[]) => `fee le_phi "Lệ phí" {\n    ${lines.join('\n    ')}\n  }`;
const result = (line: string) => `result xac_nhan "Xác nhận" {\n    ${line}\n  }`;

export const typeCases: readonly RuleCase[] = [
  {
    code: 'MC3001',
    rule: 'a `required when` condition is true/false',
    fires: procedure({ form: form('field note "Ghi chú": text optional', 'field dong_y "Đồng ý": boolean required when note') }),
    nearMiss: procedure({ form: form('field note "Ghi chú": text optional', 'field dong_y "Đồng ý": boolean required when note == "x"') }),
  },
  {
    code: 'MC3002',
    rule: 'a fee amount is money, written with VND',
    fires: procedure({ fees: fee('amount 20_000') }),
    nearMiss: procedure({ fees: fee('amount 20_000 VND') }),
  },
  {
    code: 'MC3003',
    rule: 'tier bounds have the type of the value the fee is tiered by',
    fires: procedure({
      form: form('field area "Diện tích": number required'),
      fees: fee('amount tiered by area {\n      up to 100 VND: 500_000 VND\n      above: 1_000_000 VND\n    }'),
    }),
    nearMiss: procedure({
      form: form('field area "Diện tích": number required'),
      fees: fee('amount tiered by area {\n      up to 100: 500_000 VND\n      above: 1_000_000 VND\n    }'),
    }),
  },
  {
    code: 'MC3004',
    rule: 'a discount is a percentage',
    fires: procedure({ fees: fee('amount 20_000 VND', 'discount 40 when channel == online basis "Nghị quyết HĐND"') }),
    nearMiss: procedure({ fees: fee('amount 20_000 VND', 'discount 40% when channel == online basis "Nghị quyết HĐND"') }),
  },
  {
    code: 'MC3005',
    rule: 'a per-unit fee multiplies by a number',
    fires: procedure({ form: form('field so_ban "Số bản": text required'), fees: fee('amount 5_000 VND per so_ban') }),
    nearMiss: procedure({ form: form('field so_ban "Số bản": number required min 1'), fees: fee('amount 5_000 VND per so_ban') }),
  },
  {
    code: 'MC3006',
    rule: 'a comparison relates values of compatible types',
    fires: procedure({ form: form('field note "Ghi chú": text optional', 'field x "X": boolean required when note > 5') }),
    nearMiss: procedure({ form: form('field note "Ghi chú": text optional', 'field x "X": boolean required when note == "5"') }),
  },
  {
    code: 'MC3007',
    rule: 'a choice is compared only with one of its options',
    fires: procedure({ form: form('field x "X": boolean required when channel == onlin') }),
    nearMiss: procedure({ form: form('field x "X": boolean required when channel == online') }),
  },
  {
    code: 'MC3008',
    rule: 'a computed value has the field’s type',
    fires: procedure({ form: form('field note "Ghi chú": text optional', 'field tong "Tổng": money computed note') }),
    nearMiss: procedure({ form: form('field so_ban "Số bản": number optional', 'field tong "Tổng": money computed 5_000 VND * so_ban') }),
  },
  {
    code: 'MC3009',
    rule: 'a field is prefilled only from data of its type',
    fires: procedure({ form: form('field ngay "Ngày sinh": text optional prefill from population.birth_date') }),
    nearMiss: procedure({ form: form('field ngay "Ngày sinh": date optional prefill from population.birth_date') }),
  },
  {
    code: 'MC3010',
    rule: 'a published value has the type of the results-store field',
    fires: procedure({ form: form('field note "Ghi chú": text optional'), results: result('publish residence.permanent_address = note') }),
    nearMiss: procedure({ form: form('field noi_o "Nơi ở": address optional'), results: result('publish residence.permanent_address = noi_o') }),
  },
  {
    code: 'MC3011',
    rule: 'min/max bound a number by a number (and a text by its length)',
    fires: procedure({ form: form('field tuoi "Tuổi": number optional min "0"') }),
    nearMiss: procedure({ form: form('field tuoi "Tuổi": number optional min 0 max 150') }),
  },
  {
    code: 'MC3012',
    rule: 'a pattern is a valid regular expression',
    fires: procedure({ form: form('field ma "Mã": text optional pattern "[0-9"') }),
    nearMiss: procedure({ form: form('field ma "Mã": text optional pattern "[0-9]+"') }),
  },
  {
    code: 'MC3013',
    rule: 'a source keyed by address is read with its key',
    fires: procedure({
      form: form('field dia_chi "Địa chỉ": address required'),
      documents: 'documents {\n    doc so_do "Sổ đỏ": required waived when land.owner_id == applicant.personal_id basis "Luật Đất đai"\n  }',
    }),
    nearMiss: procedure({
      form: form('field dia_chi "Địa chỉ": address required'),
      documents: 'documents {\n    doc so_do "Sổ đỏ": required waived when land(dia_chi).owner_id == applicant.personal_id basis "Luật Đất đai"\n  }',
    }),
  },
  {
    code: 'MC3014',
    rule: '`age` takes a date',
    fires: procedure({ form: form('field note "Ghi chú": text optional', 'field x "X": boolean required when age(note) >= 18') }),
    nearMiss: procedure({ form: form('field x "X": boolean required when age(applicant.birth_date) >= 18') }),
  },
  {
    code: 'MC3015',
    rule: 'results are published into a results store, not a national database',
    fires: procedure({ results: result('publish population.full_name = applicant.full_name') }),
    nearMiss: procedure({ form: form('field noi_o "Nơi ở": address optional'), results: result('publish residence.permanent_address = noi_o') }),
  },
  {
    code: 'MC3016',
    rule: 'a result is published for a person named by personal id',
    fires: procedure({
      form: form('field noi_o "Nơi ở": address optional'),
      results: result('publish residence.permanent_address = noi_o for applicant.full_name'),
    }),
    nearMiss: procedure({
      form: form('field noi_o "Nơi ở": address optional'),
      results: result('publish residence.permanent_address = noi_o for applicant.personal_id'),
    }),
  },
];
