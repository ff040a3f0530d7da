// MC2xxx: every name refers to something declared, and is declared once.
import { procedure, type RuleCase } from '../test-support.ts';

const head = (extra: string, agency = 'cong_an_xa') => `code "1.000001"
  version 1
  title "Thủ tục mẫu"
  agency ${agency}
  ${extra}`;

const formWith = (field: string) => `form {\n    ${field}\n  }`;

export const nameCases: readonly RuleCase[] = [
  {
    code: 'MC2001',
    rule: 'a condition names only fields, groups, sources and built-ins that exist',
    fires: procedure({ form: formWith('field dong_y "Đồng ý": boolean required when chanel == online') }),
    nearMiss: procedure({ form: formWith('field dong_y "Đồng ý": boolean required when channel == online') }),
  },
  {
    code: 'MC2002',
    rule: 'a path into an imported fragment names one of its fields',
    fires: procedure({ form: formWith('field ghi_chu "Ghi chú": text required when applicant.ful_name == "A"') }),
    nearMiss: procedure({ form: formWith('field ghi_chu "Ghi chú": text required when applicant.full_name == "A"') }),
  },
  {
    code: 'MC2003',
    rule: 'a prefill names a field the data source declares',
    fires: procedure({ form: formWith('field ngay_sinh "Ngày sinh": date optional prefill from population.birth_dat') }),
    nearMiss: procedure({ form: formWith('field ngay_sinh "Ngày sinh": date optional prefill from population.birth_date') }),
  },
  {
    code: 'MC2004',
    rule: 'the responsible agency is declared in the workspace',
    fires: procedure({ head: head('', 'cong_an_xaa') }),
    nearMiss: procedure({ head: head('', 'cong_an_xa') }),
  },
  {
    code: 'MC2005',
    rule: 'a state is handled by one of the four roles',
    fires: procedure({
      workflow: `workflow {
    state draft by citizen { submit -> submitted }
    state submitted by reception { accept -> processing issue receipt }
    state processing by specialst { approve -> done }
    final done
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
    code: 'MC2006',
    rule: 'the deadline counts from complete, submission or a state',
    fires: procedure({ deadline: 'deadline 5 working days from compete' }),
    nearMiss: procedure({ deadline: 'deadline 5 working days from processing' }),
  },
  {
    code: 'MC2007',
    rule: 'a transition issues a result the procedure declares',
    fires: procedure({
      workflow: `workflow {
    state draft by citizen { submit -> submitted }
    state submitted by reception { accept -> processing issue receipt }
    state processing by specialist { approve -> done issue result confirmaton }
    final done
  }`,
      results: 'result confirmation "Xác nhận" { help "Giấy xác nhận" }',
    }),
    nearMiss: procedure({
      workflow: `workflow {
    state draft by citizen { submit -> submitted }
    state submitted by reception { accept -> processing issue receipt }
    state processing by specialist { approve -> done issue result confirmation }
    final done
  }`,
      results: 'result confirmation "Xác nhận" { help "Giấy xác nhận" }',
    }),
  },
  {
    code: 'MC2008',
    rule: 'a document id is used once in a procedure',
    fires: procedure({ documents: 'documents {\n    doc don "Đơn": optional\n    doc don "Đơn khác": optional\n  }' }),
    nearMiss: procedure({ documents: 'documents {\n    doc don "Đơn": optional\n    doc don_khac "Đơn khác": optional\n  }' }),
  },
  {
    code: 'MC2009',
    rule: 'a procedure name is unique across the workspace',
    fires: { 'a/mau.proc': procedure(), 'b/mau.proc': procedure() },
    also: ['MC2009'],
    nearMiss: { 'a/mau.proc': procedure(), 'b/mau.proc': procedure().replace('thu_tuc_mau', 'thu_tuc_khac') },
  },
  {
    code: 'MC2010',
    rule: '`use` names a file of the workspace',
    fires: procedure({ uses: 'use applicant from "common/aplicant.proc"' }),
    nearMiss: procedure({ uses: 'use applicant from "common/applicant.proc"' }),
  },
  {
    code: 'MC2011',
    rule: '`use` names a fragment the file declares',
    fires: procedure({ uses: 'use applicnt from "common/applicant.proc"' }),
    nearMiss: procedure({ uses: 'use applicant from "common/applicant.proc"' }),
  },
  {
    code: 'MC2012',
    rule: 'the service level is full_online, partial or information (Decree 42/2022)',
    fires: procedure({ head: head('level full_onlin\n  channels online, in_person') }),
    nearMiss: procedure({ head: head('level full_online\n  channels online, in_person') }),
  },
  {
    code: 'MC2013',
    rule: 'a procedure states its code, title, version and agency',
    fires: procedure({ head: 'code "1.000001"\n  title "Thủ tục mẫu"\n  agency cong_an_xa' }),
    nearMiss: procedure({ head: 'code "1.000001"\n  title "Thủ tục mẫu"\n  version 2\n  agency cong_an_xa' }),
  },
  {
    code: 'MC2014',
    rule: 'a field type is one of the language’s types',
    fires: procedure({ form: formWith('field dia_chi "Địa chỉ": adress optional') }),
    nearMiss: procedure({ form: formWith('field dia_chi "Địa chỉ": address optional') }),
  },
  {
    code: 'MC2015',
    rule: 'a document is asked as original, copy, certified_copy or electronic',
    fires: procedure({ documents: 'documents {\n    doc don "Đơn": optional as orignal\n  }' }),
    nearMiss: procedure({ documents: 'documents {\n    doc don "Đơn": optional as original\n  }' }),
  },
  {
    code: 'MC2016',
    rule: 'once a file gives English texts, every text of it has one',
    fires: procedure({ head: head('').replace('title "Thủ tục mẫu"', 'title "Thủ tục mẫu" en "Sample procedure"') }),
    nearMiss: procedure({
      head: head('').replace('title "Thủ tục mẫu"', 'title "Thủ tục mẫu" en "Sample procedure"'),
      form: formWith('field note "Ghi chú" en "Note": text optional'),
    }),
  },
  {
    code: 'MC2017',
    rule: 'an English text is not empty',
    fires: procedure({ form: formWith('field note "Ghi chú" en "  ": text optional') }),
    nearMiss: procedure({ form: formWith('field note "Ghi chú" en "Note": text optional') }).replace('title "Thủ tục mẫu"', 'title "Thủ tục mẫu" en "Sample procedure"'),
  },
];
