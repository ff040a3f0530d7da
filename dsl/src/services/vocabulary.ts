// What the language's fixed words mean, in one line each, in Vietnamese and in English: shown
// by completion (detail) and hover. Wording follows docs/language.md §4.
import { FIELD_TYPES } from '../check/types.ts';
import {
  agencyLevelLabels,
  builtinPhrases,
  channelLabels,
  documentFormLabels,
  inputLabels,
  issueLabels,
  procedureLevelLabels,
  roleLabels,
} from '../compile/vocabulary.ts';
import type { Lang } from './types.ts';

export const keywordDocs: Readonly<Record<string, string>> = {
  procedure: 'Thủ tục hành chính: thông tin chung, tờ khai, hồ sơ, phí, thời hạn, quy trình, kết quả, kịch bản.',
  fragment: 'Khối trường dùng chung (ví dụ khối người nộp hồ sơ), nhập vào thủ tục bằng `use`.',
  source: 'Nguồn dữ liệu: cơ sở dữ liệu quốc gia, chuyên ngành, kho kết quả.',
  agency: 'Cơ quan giải quyết thủ tục (khai báo dùng chung, hoặc tên cơ quan trong thông tin chung).',
  use: 'Nhập khối trường dùng chung: `use applicant from "common/applicant.proc"`.',
  from: '`from`: nguồn của giá trị, tệp của khối dùng chung hoặc mốc tính thời hạn.',
  form: 'Tờ khai: các trường người nộp điền.',
  field: 'Trường: `field ten "Nhãn": kiểu mệnh đề…`.',
  group: 'Nhóm trường; `repeated` là bảng nhiều dòng.',
  documents: 'Thành phần hồ sơ.',
  doc: 'Một giấy tờ trong thành phần hồ sơ.',
  fee: 'Phí, lệ phí: mức thu, giảm, miễn, mức trần, thời điểm nộp.',
  deadline: 'Thời hạn giải quyết: `deadline 7 working days from complete`.',
  warn: 'Cảnh báo trước hạn: `warn 1 working day before due`.',
  extension: 'Gia hạn một lần kèm thư xin lỗi, hẹn lại ngày trả kết quả.',
  workflow: 'Quy trình xử lý: các bước (state) và bước chuyển.',
  state: 'Một bước của quy trình: vai trò (`by`), cơ quan (`at`), thời hạn bước (`sla`).',
  final: 'Bước kết thúc hồ sơ (không có bước chuyển).',
  result: 'Kết quả giải quyết; `issue result TÊN` cấp kết quả, `publish` công bố dữ liệu.',
  scenario: 'Kịch bản kiểm thử: cho trước dữ liệu, thời điểm; kiểm tra phí, giấy tờ, hạn, trạng thái.',
  code: 'Mã thủ tục hành chính trên Cơ sở dữ liệu quốc gia về TTHC.',
  version: 'Phiên bản (số nguyên); hồ sơ giữ phiên bản lúc nộp.',
  title: 'Tên thủ tục.',
  level: 'Mức độ dịch vụ công (`full_online`, `partial`) hoặc cấp cơ quan.',
  effective: 'Thời gian áp dụng: `effective 2025-01-01 until 2025-12-31`.',
  until: 'Ngày hết hiệu lực.',
  basis: 'Căn cứ pháp lý.',
  audience: 'Đối tượng thực hiện.',
  channels: 'Cách thức nộp được nhận: `online`, `in_person`, `postal`.',
  required: 'Bắt buộc (có thể kèm `when` điều kiện).',
  optional: 'Không bắt buộc.',
  visible: 'Chỉ hiện khi điều kiện đúng: `visible when …`.',
  when: 'Điều kiện.',
  min: 'Giới hạn dưới (giá trị, độ dài văn bản, số dòng).',
  max: 'Giới hạn trên (giá trị, độ dài văn bản, số dòng, thời gian gia hạn).',
  pattern: 'Biểu thức chính quy mà văn bản phải khớp.',
  help: 'Hướng dẫn hiển thị cho người nộp.',
  prefill: 'Điền sẵn từ nguồn dữ liệu: `prefill from population.full_name`.',
  locked: 'Khóa: người nộp không sửa được giá trị (dùng với nguồn có thẩm quyền).',
  computed: 'Giá trị tính từ các trường khác.',
  default: 'Giá trị ban đầu khi không có dữ liệu điền sẵn.',
  repeated: 'Nhóm lặp lại: người nộp điền nhiều dòng.',
  choice: 'Kiểu lựa chọn: `choice { phuong_an "Nhãn" … }`.',
  as: 'Hình thức giấy tờ: `original`, `copy`, `certified_copy`, `electronic`.',
  format: 'Định dạng tệp được nhận: `format pdf, jpg`.',
  max_size: 'Dung lượng tệp tối đa: `max_size 5 MB`.',
  signed: 'Phải ký số.',
  generated: 'Tạo từ tờ khai; người nộp không phải đính kèm.',
  copies: 'Số lượng bản.',
  waived: 'Miễn nộp khi điều kiện đúng (thường do Nhà nước đã có dữ liệu).',
  proves: 'Dữ liệu của nguồn mà giấy tờ chứng minh.',
  amount: 'Mức thu: cố định, theo đơn vị (`per`) hoặc theo bậc (`tiered by`).',
  discount: 'Giảm phí theo tỉ lệ; các mức giảm không cộng dồn.',
  exempt: 'Miễn phí khi điều kiện đúng.',
  cap: 'Mức trần.',
  per: 'Theo đơn vị: mức thu nhân với số lượng.',
  tiered: 'Theo bậc: `amount tiered by GIÁ_TRỊ { up to …: … above: … }`.',
  by: 'Vai trò phụ trách bước, hoặc giá trị tính bậc.',
  up: '`up to`: bậc đến mức này (kể cả).',
  to: '`up to` (bậc), `handover to` (chuyển cơ quan) hoặc `extend to` (ngày hẹn mới trong kịch bản).',
  above: 'Bậc cao nhất.',
  due: 'Thời điểm nộp phí (`due on submit`, `due before accept`, `due on result`) hoặc hạn giải quyết (`before due`).',
  before: 'Trước.',
  on: 'Vào lúc.',
  working: 'Thời gian làm việc (theo lịch nghỉ lễ, Tết).',
  day: 'Ngày.',
  days: 'Ngày.',
  hour: 'Giờ.',
  hours: 'Giờ.',
  sla: 'Thời hạn của riêng bước này (không đổi hạn giải quyết).',
  pauses: '`pauses clock`: thời gian ở bước này không tính vào thời hạn (chờ công dân bổ sung).',
  clock: 'Đồng hồ tính thời hạn giải quyết.',
  restarts: '`restarts clock`: tính lại thời hạn từ đầu khi nhận đủ hồ sơ.',
  stops: '`stops clock`: dừng hẳn đồng hồ (hồ sơ dừng xử lý, rút).',
  requires: 'Điều kiện để thực hiện bước chuyển.',
  with: 'Thông tin người xử lý phải nhập: `reason`, `note`, `missing`, `new_date`.',
  issue: 'Cấp giấy: `receipt`, `supplement_request`, `refusal`, `result TÊN`.',
  notify: 'Thông báo cho một vai trò.',
  handover: 'Chuyển hồ sơ sang cơ quan khác (liên thông).',
  publish: 'Công bố dữ liệu vào kho kết quả: `publish nguon.truong = GIÁ_TRỊ`.',
  for: 'Chủ thể của dữ liệu công bố (số định danh).',
  valid: '`form.valid`: tờ khai hợp lệ.',
  given: 'Dữ liệu cho trước của kịch bản.',
  expect: 'Điều kiểm tra: `fee`, `documents`, `due`, `state`, `outcome`, `field`.',
  at: 'Cơ quan xử lý bước (`at cơ_quan`), hoặc thời điểm trong kịch bản (`at 2025-01-24 10:00 do …`).',
  do: 'Các bước chuyển thực hiện tại thời điểm đó.',
  extend: 'Trong kịch bản: gia hạn một lần, gửi thư xin lỗi — `at T extend to NGÀY_GIỜ_MỚI "lý do"`.',
  kind: 'Loại nguồn: `national`, `registry`, `results`, `dossiers`.',
  key: 'Khóa tra cứu của nguồn.',
  authoritative: 'Nguồn có giá trị pháp lý: trường điền sẵn nên khóa, giấy tờ chứng minh phải được miễn.',
  unit: 'Mã định danh đơn vị (dùng trong mã hồ sơ).',
  calendar: 'Lịch làm việc: `national` hoặc `saturday_morning`.',
  parent: 'Cơ quan cấp trên.',
  en: 'Bản tiếng Anh của văn bản tiếng Việt ngay trước: `"Địa chỉ" en "Address"` (nhãn, `help`, `title`, nội dung `notify`).',
  and: 'và',
  or: 'hoặc',
  not: 'không',
  in: 'thuộc danh sách',
  true: 'đúng',
  false: 'sai',
};

const keywordDocsEn: Readonly<Record<string, string>> = {
  procedure: 'An administrative procedure: general information, form, documents, fees, deadline, workflow, results, scenarios.',
  fragment: 'A shared block of fields (e.g. the applicant block), brought into a procedure with `use`.',
  source: 'A data source: a national database, a sector registry, a results store.',
  agency: 'An agency handling procedures (a shared declaration, or the agency names in the general information).',
  use: 'Brings in a shared block of fields: `use applicant from "common/applicant.proc"`.',
  from: '`from`: where a value comes from, the file of a shared block, or the start of a deadline.',
  form: 'The form: the fields the applicant fills in.',
  field: 'A field: `field name "Label": type clauses…`.',
  group: 'A group of fields; `repeated` makes it a table of rows.',
  documents: 'The documents of the dossier.',
  doc: 'One document of the dossier.',
  fee: 'A fee or charge: amount, discounts, exemptions, cap, when it is paid.',
  deadline: 'The time to settle the dossier: `deadline 7 working days from complete`.',
  warn: 'A warning before the due time: `warn 1 working day before due`.',
  extension: 'One extension with a letter of apology, setting a new date for the result.',
  workflow: 'The processing workflow: its steps (state) and transitions.',
  state: 'A step of the workflow: its role (`by`), agency (`at`), step time limit (`sla`).',
  final: 'A step that ends the dossier (no transitions).',
  result: 'A result of the procedure; `issue result NAME` issues it, `publish` records data.',
  scenario: 'A test scenario: given data and times; checks fees, documents, due dates, states.',
  code: 'The procedure code in the National Database on Administrative Procedures.',
  version: 'The version (a whole number); a dossier keeps the version it was submitted under.',
  title: 'The name of the procedure.',
  level: 'The online service level (`full_online`, `partial`) or the level of an agency.',
  effective: 'When it applies: `effective 2025-01-01 until 2025-12-31`.',
  until: 'The date it stops applying.',
  basis: 'The legal basis.',
  audience: 'Who the procedure is for.',
  channels: 'The ways a dossier may be submitted: `online`, `in_person`, `postal`.',
  required: 'Required (optionally `when` a condition holds).',
  optional: 'Not required.',
  visible: 'Shown only when a condition holds: `visible when …`.',
  when: 'A condition.',
  min: 'A lower bound (value, text length, number of rows).',
  max: 'An upper bound (value, text length, number of rows, extension time).',
  pattern: 'A regular expression the text must match.',
  help: 'Guidance shown to the applicant.',
  prefill: 'Prefilled from a data source: `prefill from population.full_name`.',
  locked: 'Locked: the applicant cannot change the value (used with an authoritative source).',
  computed: 'A value computed from other fields.',
  default: 'The initial value when no prefilled data is available.',
  repeated: 'A repeated group: the applicant fills in several rows.',
  choice: 'A choice type: `choice { option "Label" … }`.',
  as: 'The form of the document: `original`, `copy`, `certified_copy`, `electronic`.',
  format: 'The file formats accepted: `format pdf, jpg`.',
  max_size: 'The largest file size: `max_size 5 MB`.',
  signed: 'Must be digitally signed.',
  generated: 'Generated from the form; the applicant does not attach it.',
  copies: 'The number of copies.',
  waived: 'Not required when a condition holds (usually because the State already holds the data).',
  proves: 'The source data the document proves.',
  amount: 'The amount: fixed, per unit (`per`) or in tiers (`tiered by`).',
  discount: 'A percentage discount; discounts do not add up.',
  exempt: 'No fee when a condition holds.',
  cap: 'The most that is charged.',
  per: 'Per unit: the amount times a quantity.',
  tiered: 'In tiers: `amount tiered by VALUE { up to …: … above: … }`.',
  by: 'The role in charge of a step, or the value tiers are counted on.',
  up: '`up to`: the tier up to this value (inclusive).',
  to: '`up to` (a tier), `handover to` (another agency) or `extend to` (the new date in a scenario).',
  above: 'The top tier.',
  due: 'When a fee is paid (`due on submit`, `due before accept`, `due on result`) or the due time of the dossier (`before due`).',
  before: 'Before.',
  on: 'At the time of.',
  working: 'Working time (following the calendar of public holidays).',
  day: 'Day.',
  days: 'Days.',
  hour: 'Hour.',
  hours: 'Hours.',
  sla: 'The time limit of this step alone (the deadline does not change).',
  pauses: '`pauses clock`: time spent in this step does not count towards the deadline (waiting for the applicant).',
  clock: 'The clock the deadline is counted on.',
  restarts: '`restarts clock`: count the deadline again from the start once the dossier is complete.',
  stops: '`stops clock`: stop the clock for good (the dossier is stopped or withdrawn).',
  requires: 'The condition for taking the transition.',
  with: 'What the officer must enter: `reason`, `note`, `missing`, `new_date`.',
  issue: 'Issues a paper: `receipt`, `supplement_request`, `refusal`, `result NAME`.',
  notify: 'Notifies a role.',
  handover: 'Hands the dossier over to another agency (interconnected procedures).',
  publish: 'Records data in a results store: `publish source.field = VALUE`.',
  for: 'Whom the published data is about (a personal id).',
  valid: '`form.valid`: the form is valid.',
  given: 'The data a scenario starts from.',
  expect: 'A check: `fee`, `documents`, `due`, `state`, `outcome`, `field`.',
  at: 'The agency handling a step (`at agency`), or a time in a scenario (`at 2025-01-24 10:00 do …`).',
  do: 'The transitions taken at that time.',
  extend: 'In a scenario: the one extension, with its letter of apology — `at T extend to NEW_DATE_TIME "reason"`.',
  kind: 'The kind of source: `national`, `registry`, `results`, `dossiers`.',
  key: 'The key a source is looked up by.',
  authoritative: 'A source with legal value: fields prefilled from it should be locked, documents proving it waived.',
  unit: 'The unit code of the agency (used in dossier numbers).',
  calendar: 'The working calendar: `national` or `saturday_morning`.',
  parent: 'The agency above this one.',
  en: 'The English text of the Vietnamese text just before it: `"Địa chỉ" en "Address"` (labels, `help`, `title`, `notify` messages).',
  and: 'and',
  or: 'or',
  not: 'not',
  in: 'is one of a list',
  true: 'true',
  false: 'false',
};

/** What a keyword does, in one line, in the language asked for. */
export function keywordDoc(word: string, lang: Lang = 'vi'): string | undefined {
  return (lang === 'en' ? keywordDocsEn : keywordDocs)[word];
}

/** Vietnamese and English of each entry of a table. */
type Table = Readonly<Record<string, string>>;
type Tables = { readonly vi: Table; readonly en: Table };

const typeDocs: Tables = {
  vi: {
    text: 'văn bản',
    number: 'số',
    money: 'số tiền (đồng)',
    date: 'ngày',
    boolean: 'đúng/sai (ô đánh dấu)',
    choice: 'lựa chọn một trong các phương án',
    personal_id: 'số định danh cá nhân (12 chữ số)',
    phone: 'số điện thoại',
    email: 'thư điện tử',
    address: 'địa chỉ',
  },
  en: {
    text: 'text',
    number: 'a number',
    money: 'an amount of money (đồng)',
    date: 'a date',
    boolean: 'true/false (a checkbox)',
    choice: 'one of a list of options',
    personal_id: 'a personal id number (12 digits)',
    phone: 'a phone number',
    email: 'an email address',
    address: 'an address',
  },
};

export type WordCategory =
  | 'role'
  | 'channel'
  | 'level'
  | 'agencyLevel'
  | 'calendar'
  | 'docForm'
  | 'input'
  | 'issue'
  | 'type'
  | 'sourceKind'
  | 'givenKey'
  | 'expectKind'
  | 'outcome'
  | 'deadlineStart'
  | 'dueOn'
  | 'value'
  | 'group'
  | 'function';

const sourceKindDocs: Tables = {
  vi: {
    national: 'cơ sở dữ liệu quốc gia',
    registry: 'cơ sở dữ liệu chuyên ngành',
    results: 'kho kết quả giải quyết thủ tục (nơi `publish` ghi vào)',
    dossiers: 'hồ sơ đã nộp trước đây của người nộp',
  },
  en: {
    national: 'a national database',
    registry: 'a sector database',
    results: 'a store of procedure results (what `publish` writes to)',
    dossiers: "the applicant's earlier dossiers",
  },
};

const calendarDocs: Tables = {
  vi: {
    national: 'lịch làm việc chung (thứ Hai – thứ Sáu)',
    saturday_morning: 'làm việc cả sáng thứ Bảy',
  },
  en: {
    national: 'the common working calendar (Monday to Friday)',
    saturday_morning: 'also open on Saturday mornings',
  },
};

const givenKeyDocs: Tables = {
  vi: {
    channel: 'hình thức nộp: `online`, `in_person`, `postal`',
    citizen: 'số định danh của người nộp (dữ liệu mẫu điền sẵn theo người này)',
    missing: 'các giấy tờ không đính kèm: `missing [ma_giay_to]`',
    paid: 'đã nộp phí: `true`/`false`',
  },
  en: {
    channel: 'how the dossier is submitted: `online`, `in_person`, `postal`',
    citizen: "the applicant's personal id (sample data is prefilled for this person)",
    missing: 'the documents not attached: `missing [document_name]`',
    paid: 'whether the fee is paid: `true`/`false`',
  },
};

const expectDocs: Tables = {
  vi: {
    fee: 'tổng phí, hoặc một khoản: `expect fee ten = 10_000 VND`',
    documents: 'các giấy tờ còn phải nộp',
    due: 'hạn giải quyết hiện tại',
    state: 'bước hiện tại của hồ sơ',
    outcome: 'kết quả đúng hạn: `early`, `on_time`, `late`',
    field: 'giá trị một trường: `expect field duong.dan = GIÁ_TRỊ`',
  },
  en: {
    fee: 'the total fee, or one fee: `expect fee name = 10_000 VND`',
    documents: 'the documents still to be submitted',
    due: 'the current due time',
    state: 'the current step of the dossier',
    outcome: 'whether the result came in time: `early`, `on_time`, `late`',
    field: 'the value of a field: `expect field path.to = VALUE`',
  },
};

const outcomeDocs: Tables = {
  vi: {
    early: 'trả kết quả trước hạn',
    on_time: 'trả kết quả đúng hạn',
    late: 'trả kết quả quá hạn',
  },
  en: {
    early: 'result returned before the due time',
    on_time: 'result returned on time',
    late: 'result returned late',
  },
};

const deadlineStartDocs: Tables = {
  vi: {
    complete: 'khi nhận đủ hồ sơ (bước chuyển `issue receipt`)',
    submission: 'khi nộp hồ sơ',
  },
  en: {
    complete: 'when the dossier is complete (the transition that does `issue receipt`)',
    submission: 'when the dossier is submitted',
  },
};

const dueOnDocs: Tables = {
  vi: {
    submit: 'nộp khi nộp hồ sơ',
    result: 'nộp khi nhận kết quả',
  },
  en: {
    submit: 'paid when the dossier is submitted',
    result: 'paid when the result is received',
  },
};

const functionDocs: Tables = {
  vi: {
    count: '`count(nhom)`: số dòng của nhóm lặp lại (số)',
    age: '`age(ngay)`: số năm tròn tính đến hôm nay (số)',
  },
  en: {
    count: '`count(group)`: the number of rows of a repeated group (a number)',
    age: '`age(date)`: whole years from that date to today (a number)',
  },
};

const valueDocs: Tables = {
  vi: {
    ...builtinPhrases,
    channel: 'hình thức nộp: `online`, `in_person`, `postal`',
    citizen: 'số định danh cá nhân của người nộp',
    today: 'ngày hôm nay (giờ Việt Nam)',
  },
  en: {
    'form.valid': 'the form is valid',
    'documents.complete': 'the dossier has every required document',
    channel: 'how the dossier is submitted: `online`, `in_person`, `postal`',
    citizen: "the applicant's personal id",
    today: "today's date (Vietnam time)",
  },
};

const groupDocs: Tables = {
  vi: {
    form: '`form.valid`: tờ khai hợp lệ',
    documents: '`documents.complete`: đã đủ thành phần hồ sơ',
  },
  en: {
    form: '`form.valid`: the form is valid',
    documents: '`documents.complete`: the dossier has every required document',
  },
};

// The compiler's Vietnamese words (../compile/vocabulary.ts), with their English here.
const tables: Record<WordCategory, Tables> = {
  role: {
    vi: roleLabels,
    en: { citizen: 'Organisation or individual (the applicant)', reception: 'Reception and results desk (one-stop desk)', specialist: 'Specialist officer', leader: 'Head of the agency' },
  },
  channel: { vi: channelLabels, en: { online: 'Online', in_person: 'In person', postal: 'By post' } },
  level: {
    vi: { ...procedureLevelLabels, information: 'Cung cấp thông tin' },
    en: { full_online: 'Fully online', partial: 'Partly online', information: 'Information only' },
  },
  agencyLevel: { vi: agencyLevelLabels, en: { commune: 'Commune level', district: 'District level', province: 'Province level', ministry: 'Ministry level' } },
  calendar: calendarDocs,
  docForm: { vi: documentFormLabels, en: { original: 'Original', copy: 'Copy', certified_copy: 'Certified copy', electronic: 'Electronic copy' } },
  input: { vi: inputLabels, en: { reason: 'reason', note: 'note', missing: 'the documents to be supplemented', new_date: 'the new date for the result' } },
  issue: {
    vi: issueLabels,
    en: {
      receipt: 'issue the receipt with the date of the result',
      supplement_request: 'send the request to supplement the dossier',
      refusal: 'send the refusal to accept or settle the dossier',
    },
  },
  type: typeDocs,
  sourceKind: sourceKindDocs,
  givenKey: givenKeyDocs,
  expectKind: expectDocs,
  outcome: outcomeDocs,
  deadlineStart: deadlineStartDocs,
  dueOn: dueOnDocs,
  value: valueDocs,
  group: groupDocs,
  function: functionDocs,
};

const categoryNames: Tables = {
  vi: {
    role: 'Vai trò',
    channel: 'Hình thức nộp',
    level: 'Mức độ dịch vụ công',
    agencyLevel: 'Cấp cơ quan',
    calendar: 'Lịch làm việc',
    docForm: 'Hình thức giấy tờ',
    input: 'Thông tin người xử lý nhập',
    issue: 'Giấy tờ cấp khi chuyển bước',
    type: 'Kiểu dữ liệu',
    sourceKind: 'Loại nguồn dữ liệu',
    givenKey: 'Dữ liệu cho trước',
    expectKind: 'Điều kiểm tra',
    outcome: 'Kết quả về thời hạn',
    deadlineStart: 'Mốc tính thời hạn',
    dueOn: 'Thời điểm nộp phí',
    value: 'Giá trị có sẵn',
    group: 'Nhóm có sẵn',
    function: 'Hàm có sẵn',
  },
  en: {
    role: 'Role',
    channel: 'Submission channel',
    level: 'Online service level',
    agencyLevel: 'Agency level',
    calendar: 'Working calendar',
    docForm: 'Form of document',
    input: 'What the officer enters',
    issue: 'Paper issued by a transition',
    type: 'Data type',
    sourceKind: 'Kind of data source',
    givenKey: 'Given data',
    expectKind: 'Check',
    outcome: 'Timeliness of the result',
    deadlineStart: 'Start of the deadline',
    dueOn: 'When the fee is paid',
    value: 'Built-in value',
    group: 'Built-in group',
    function: 'Built-in function',
  },
};

/** One line on a fixed word: `Vai trò — Bộ phận tiếp nhận và trả kết quả` (`Role — Reception…`). */
export function describeWord(category: WordCategory, word: string, lang: Lang = 'vi'): string | undefined {
  const meaning = tables[category][lang][word];
  return meaning ? `${categoryNames[lang][category]} — ${meaning}` : undefined;
}

/** The meaning of a fixed word alone, without its category. */
export function wordMeaning(category: WordCategory, word: string, lang: Lang = 'vi'): string | undefined {
  return tables[category][lang][word];
}

export function wordsOf(category: WordCategory): readonly string[] {
  if (category === 'type') return FIELD_TYPES.filter((t) => t !== 'choice');
  return Object.keys(tables[category].vi);
}

/** Common file formats for `format`; the language accepts any name. */
export const FILE_FORMATS = ['pdf', 'jpg', 'jpeg', 'png', 'doc', 'docx', 'xls', 'xlsx', 'xml'] as const;
