// What the language's fixed words mean, in one line of Vietnamese each: shown by completion
// (detail) and hover. Wording follows docs/language.md §4.
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
  and: 'và',
  or: 'hoặc',
  not: 'không',
  in: 'thuộc danh sách',
  true: 'đúng',
  false: 'sai',
};

const typeDocs: Readonly<Record<string, string>> = {
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

const sourceKindDocs: Readonly<Record<string, string>> = {
  national: 'cơ sở dữ liệu quốc gia',
  registry: 'cơ sở dữ liệu chuyên ngành',
  results: 'kho kết quả giải quyết thủ tục (nơi `publish` ghi vào)',
  dossiers: 'hồ sơ đã nộp trước đây của người nộp',
};

const calendarDocs: Readonly<Record<string, string>> = {
  national: 'lịch làm việc chung (thứ Hai – thứ Sáu)',
  saturday_morning: 'làm việc cả sáng thứ Bảy',
};

const givenKeyDocs: Readonly<Record<string, string>> = {
  channel: 'hình thức nộp: `online`, `in_person`, `postal`',
  citizen: 'số định danh của người nộp (dữ liệu mẫu điền sẵn theo người này)',
  missing: 'các giấy tờ không đính kèm: `missing [ma_giay_to]`',
  paid: 'đã nộp phí: `true`/`false`',
};

const expectDocs: Readonly<Record<string, string>> = {
  fee: 'tổng phí, hoặc một khoản: `expect fee ten = 10_000 VND`',
  documents: 'các giấy tờ còn phải nộp',
  due: 'hạn giải quyết hiện tại',
  state: 'bước hiện tại của hồ sơ',
  outcome: 'kết quả đúng hạn: `early`, `on_time`, `late`',
  field: 'giá trị một trường: `expect field duong.dan = GIÁ_TRỊ`',
};

const outcomeDocs: Readonly<Record<string, string>> = {
  early: 'trả kết quả trước hạn',
  on_time: 'trả kết quả đúng hạn',
  late: 'trả kết quả quá hạn',
};

const deadlineStartDocs: Readonly<Record<string, string>> = {
  complete: 'khi nhận đủ hồ sơ (bước chuyển `issue receipt`)',
  submission: 'khi nộp hồ sơ',
};

const dueOnDocs: Readonly<Record<string, string>> = {
  submit: 'nộp khi nộp hồ sơ',
  result: 'nộp khi nhận kết quả',
};

const functionDocs: Readonly<Record<string, string>> = {
  count: '`count(nhom)`: số dòng của nhóm lặp lại (số)',
  age: '`age(ngay)`: số năm tròn tính đến hôm nay (số)',
};

const valueDocs: Readonly<Record<string, string>> = {
  ...builtinPhrases,
  channel: 'hình thức nộp: `online`, `in_person`, `postal`',
  citizen: 'số định danh cá nhân của người nộp',
  today: 'ngày hôm nay (giờ Việt Nam)',
};

const groupDocs: Readonly<Record<string, string>> = {
  form: '`form.valid`: tờ khai hợp lệ',
  documents: '`documents.complete`: đã đủ thành phần hồ sơ',
};

const tables: Record<WordCategory, Readonly<Record<string, string>>> = {
  role: roleLabels,
  channel: channelLabels,
  level: { ...procedureLevelLabels, information: 'Cung cấp thông tin' },
  agencyLevel: agencyLevelLabels,
  calendar: calendarDocs,
  docForm: documentFormLabels,
  input: inputLabels,
  issue: issueLabels,
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

const categoryNames: Record<WordCategory, string> = {
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
};

/** One line on a fixed word: `Vai trò — Bộ phận tiếp nhận và trả kết quả`. */
export function describeWord(category: WordCategory, word: string): string | undefined {
  const meaning = tables[category][word];
  return meaning ? `${categoryNames[category]} — ${meaning}` : undefined;
}

export function wordsOf(category: WordCategory): readonly string[] {
  if (category === 'type') return FIELD_TYPES.filter((t) => t !== 'choice');
  return Object.keys(tables[category]);
}

/** Common file formats for `format`; the language accepts any name. */
export const FILE_FORMATS = ['pdf', 'jpg', 'jpeg', 'png', 'doc', 'docx', 'xls', 'xlsx', 'xml'] as const;
