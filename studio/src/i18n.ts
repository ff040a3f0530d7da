// The studio's words: Vietnamese first, English available through the toggle in the top bar.
// The choice is remembered in the browser; listeners re-render when it changes.
import { inLang, labelIn } from '@motcua/dsl';

export type Lang = 'vi' | 'en';

const words = {
  appTitle: ['Motcua Studio — Thiết kế thủ tục hành chính', 'Motcua Studio — Procedure design'],
  files: ['Tệp thủ tục', 'Procedure files'],
  outline: ['Cấu trúc', 'Outline'],
  problems: ['Lỗi và cảnh báo', 'Problems'],
  noProblems: ['Không có lỗi.', 'No problems.'],
  save: ['Lưu', 'Save'],
  publish: ['Xuất bản', 'Publish'],
  runScenarios: ['Chạy kịch bản', 'Run scenarios'],
  format: ['Định dạng', 'Format'],
  compare: ['So sánh với bản đã lưu', 'Compare with saved'],
  close: ['Đóng', 'Close'],
  saved: ['Đã lưu', 'Saved'],
  unsaved: ['Chưa lưu', 'Unsaved'],
  loading: ['Đang tải…', 'Loading…'],
  offline: ['Chưa có máy chủ: thư viện mẫu, chỉ đọc.', 'No server: sample library, read-only.'],
  serverError: ['Máy chủ báo lỗi', 'Server error'],
  error: ['lỗi', 'error'],
  errors: ['lỗi', 'errors'],
  warning: ['cảnh báo', 'warning'],
  warnings: ['cảnh báo', 'warnings'],
  tabForm: ['Tờ khai', 'Form'],
  tabWorkflow: ['Quy trình', 'Workflow'],
  tabDue: ['Thời hạn', 'Due dates'],
  tabDocsFees: ['Hồ sơ và lệ phí', 'Documents & fees'],
  tabChanges: ['Thay đổi', 'Changes'],
  tabScenarios: ['Kịch bản', 'Scenarios'],
  noProcedure: ['Tệp này không khai báo thủ tục nào (khối dùng chung, nguồn dữ liệu hoặc cơ quan).', 'This file declares no procedure (a shared fragment, sources or agencies).'],
  staleNotice: ['Thủ tục đang có lỗi: bản xem trước là của lần gần nhất không có lỗi.', 'The procedure has errors: the preview is from the last version without errors.'],
  noPreviewYet: ['Sửa hết lỗi để xem trước.', 'Fix the errors to see a preview.'],
  required: ['bắt buộc', 'required'],
  requiredWhen: ['bắt buộc khi', 'required when'],
  optional: ['không bắt buộc', 'optional'],
  visibleWhen: ['chỉ hiện khi', 'shown only when'],
  prefilledFrom: ['Điền sẵn từ', 'Prefilled from'],
  locked: ['khóa, không sửa được', 'locked'],
  editable: ['được sửa', 'editable'],
  computed: ['Tự tính', 'Computed'],
  defaultValue: ['Mặc định', 'Default'],
  repeated: ['Lặp lại nhiều dòng', 'Repeated rows'],
  addRow: ['Thêm dòng', 'Add row'],
  atLeast: ['tối thiểu', 'at least'],
  atMost: ['tối đa', 'at most'],
  fragmentFrom: ['Khối dùng chung', 'Shared fragment'],
  chooseOne: ['— Chọn —', '— Choose —'],
  formNote: ['Xem trước tờ khai như công dân sẽ thấy. Gõ thử để kiểm tra dữ liệu.', 'The form as the citizen will see it. Type to try the checks.'],
  docsTitle: ['Thành phần hồ sơ', 'Documents'],
  feesTitle: ['Phí, lệ phí', 'Fees'],
  noDocs: ['Không yêu cầu giấy tờ.', 'No documents required.'],
  noFees: ['Không thu phí, lệ phí.', 'No fees.'],
  generated: ['tạo tự động từ tờ khai', 'generated from the form'],
  waivedWhen: ['Miễn nộp khi', 'Waived when'],
  proves: ['Chứng minh dữ liệu', 'Proves'],
  copies: ['Số bản', 'Copies'],
  formats: ['Định dạng tệp', 'File formats'],
  maxSize: ['Dung lượng tối đa', 'Max size'],
  signed: ['ký số', 'digitally signed'],
  basis: ['Căn cứ', 'Basis'],
  amount: ['Mức thu', 'Amount'],
  per: ['nhân với', 'times'],
  tieredBy: ['Theo bậc của', 'Tiered by'],
  upTo: ['đến', 'up to'],
  above: ['trên mức đó', 'above'],
  when: ['khi', 'when'],
  discount: ['Giảm', 'Discount'],
  exempt: ['Miễn', 'Exempt'],
  cap: ['Mức trần', 'Cap'],
  dueOnSubmit: ['Nộp khi nộp hồ sơ', 'Payable on submission'],
  dueOnResult: ['Nộp khi nhận kết quả', 'Payable with the result'],
  dueBefore: ['Nộp trước bước', 'Payable before'],
  effective: ['Hiệu lực', 'In force'],
  liveRulesPending: ['Tính phí và giấy tờ theo dữ liệu đã nhập: sẽ có khi nối với bộ tính của engine.', 'Live fee and document evaluation: coming with the engine rules hook.'],
  channel: ['Kênh nộp', 'Channel'],
  totalFee: ['Tổng phí', 'Total fee'],
  stillRequired: ['Giấy tờ còn phải nộp', 'Documents still required'],
  dueTitle: ['Mô phỏng thời hạn giải quyết', 'Due date simulator'],
  startAt: ['Thời điểm bắt đầu tính thời hạn', 'Clock starts at'],
  deadline: ['Thời hạn giải quyết', 'Processing deadline'],
  noDeadline: ['Thủ tục không khai báo thời hạn (`deadline`).', 'The procedure declares no deadline.'],
  dueAt: ['Hạn trả kết quả', 'Due'],
  warnBefore: ['Cảnh báo trước hạn', 'Warning before due'],
  extension: ['Gia hạn (một lần, kèm thư xin lỗi)', 'Extension (once, with an apology letter)'],
  extensionDefault: ['theo luật, không giới hạn thêm', 'by law, no further limit'],
  stepsTitle: ['Thời hạn từng bước (mỗi bước dùng hết thời hạn của mình)', 'Each step’s SLA (every step using all its time)'],
  state: ['Bước', 'Step'],
  role: ['Vai trò', 'Role'],
  sla: ['Thời hạn', 'SLA'],
  enter: ['Bắt đầu', 'Starts'],
  end: ['Hết hạn', 'Ends'],
  noSla: ['không quy định', 'none'],
  offPath: ['Ngoài luồng chính: tính như bắt đầu cùng lúc với thời hạn giải quyết.', 'Off the main path: as if entered when the deadline starts.'],
  slasExceed: ['Tổng thời hạn các bước trên luồng chính vượt thời hạn giải quyết.', 'The SLAs of the main path add up to more than the deadline.'],
  slasFit: ['Các bước trên luồng chính nằm trong thời hạn giải quyết.', 'The main path fits within the deadline.'],
  daysInSpan: ['Ngày nghỉ lễ, Tết và ngày làm bù trong khoảng này', 'Holidays and make-up days in this span'],
  noDaysInSpan: ['Không có ngày nghỉ lễ nào trong khoảng này.', 'No public holiday in this span.'],
  pausesClock: ['dừng đồng hồ', 'clock paused'],
  initialState: ['bắt đầu', 'start'],
  finalState: ['kết thúc', 'final'],
  unreachable: ['không tới được', 'unreachable'],
  legendForward: ['chuyển tiếp', 'forward'],
  legendBack: ['quay lại', 'back'],
  noChanges: ['Không có thay đổi so với bản đã lưu.', 'No changes since saved.'],
  onlyLayout: ['Chỉ thay đổi cách trình bày (không thay đổi nội dung).', 'Only layout changed (no change in meaning).'],
  changesTitle: ['Thay đổi so với bản đã lưu (như người duyệt sẽ đọc)', 'Changes since saved (as the reviewer will read them)'],
  scenariosTitle: ['Kịch bản kiểm thử', 'Scenarios'],
  scenariosHint: ['Bấm “Chạy kịch bản” để chạy trên máy chủ với nội dung đang soạn.', 'Press “Run scenarios” to run them on the server with the text being edited.'],
  runFailed: ['Chưa chạy được kịch bản', 'The scenarios could not run'],
  noScenarios: ['Thủ tục chưa có kịch bản kiểm thử (khối scenario).', 'The procedure has no scenarios yet.'],
  passed: ['đạt', 'passed'],
  failed: ['không đạt', 'failed'],
  procedure: ['Thủ tục', 'Procedure'],
  version: ['phiên bản', 'version'],
  publishConfirm: ['Xuất bản thủ tục này? Hồ sơ mới sẽ theo phiên bản này.', 'Publish this procedure? New dossiers will follow this version.'],
  published: ['Đã xuất bản', 'Published'],
  savedOk: ['Đã lưu tệp', 'File saved'],
  fixErrorsFirst: ['Còn lỗi: sửa trước khi xuất bản.', 'There are errors: fix them before publishing.'],
  saveFirst: ['Còn tệp chưa lưu: máy chủ xuất bản bản đã lưu, hãy lưu trước khi xuất bản.', 'Some files are not saved: the server publishes what is saved, so save before publishing.'],
  formatRefused: ['Chưa định dạng được: tệp còn lỗi cú pháp, sửa lỗi rồi định dạng lại.', 'Cannot format: the file has syntax errors; fix them and format again.'],
  signIn: ['Đăng nhập', 'Sign in'],
  newFile: ['Tệp mới', 'New file'],
  newFilePrompt: ['Đường dẫn tệp thủ tục mới (lĩnh vực/tên_thủ_tục.proc, chữ không dấu):', 'Path of the new procedure file (field/procedure_name.proc, unaccented letters):'],
  language: ['English', 'Tiếng Việt'],
  selectProcedure: ['Thủ tục trong tệp', 'Procedure in file'],
} as const satisfies Record<string, readonly [string, string]>;

export type WordKey = keyof typeof words;

const STORAGE_KEY = 'motcua.studio.lang';
let current: Lang = 'vi';
const listeners = new Set<() => void>();

try {
  if (typeof localStorage !== 'undefined' && localStorage.getItem(STORAGE_KEY) === 'en') current = 'en';
} catch {
  // storage blocked: stay in Vietnamese
}

export function lang(): Lang {
  return current;
}

export function t(key: WordKey): string {
  return words[key][current === 'vi' ? 0 : 1];
}

/** Pick the current language's text of a bilingual value. */
export function loc(text: { readonly vi: string; readonly en: string }): string {
  return text[current];
}

/**
 * The procedure's own words (a label, a title, a help text) in the studio's language: the
 * English companion the file gives (`en "…"`) when the studio is in English, else the
 * Vietnamese. Every panel picks a procedure's text through these two.
 */
export function ownLabel(x: { readonly label: string; readonly labelEn?: string | undefined }): string {
  return labelIn(current, x);
}

/** `ownLabel` for a text and its companion held apart (`title`/`titleEn`, `help`/`helpEn`). */
export function ownText(vi: string, en: string | undefined): string;
export function ownText(vi: string | undefined, en: string | undefined): string | undefined;
export function ownText(vi: string | undefined, en: string | undefined): string | undefined {
  return inLang(current, vi, en);
}

export function setLang(next: Lang): void {
  if (next === current) return;
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // not remembered; fine
  }
  if (typeof document !== 'undefined') document.documentElement.lang = next;
  for (const l of listeners) l();
}

export function onLangChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// ---------------------------------------------------------------------------- domain vocabulary

const roles: Record<string, readonly [string, string]> = {
  citizen: ['Công dân, tổ chức', 'Citizen'],
  reception: ['Bộ phận Một cửa', 'Reception (one-stop desk)'],
  specialist: ['Công chức chuyên môn', 'Specialist'],
  leader: ['Lãnh đạo', 'Leader'],
};

export function roleLabel(role: string | undefined): string {
  if (!role) return '';
  const r = roles[role];
  return r ? r[current === 'vi' ? 0 : 1] : role;
}

const units: Record<string, readonly [string, string, string]> = {
  working_days: ['ngày làm việc', 'working day', 'working days'],
  working_hours: ['giờ làm việc', 'working hour', 'working hours'],
  days: ['ngày', 'day', 'days'],
};

export function durationLabel(d: { readonly amount: number; readonly unit: string }): string {
  const u = units[d.unit];
  if (!u) return `${d.amount} ${d.unit}`;
  return current === 'vi' ? `${d.amount} ${u[0]}` : `${d.amount} ${d.amount === 1 ? u[1] : u[2]}`;
}

const documentForms: Record<string, readonly [string, string]> = {
  original: ['Bản chính', 'Original'],
  copy: ['Bản sao', 'Copy'],
  certified_copy: ['Bản sao có chứng thực', 'Certified copy'],
  electronic: ['Bản điện tử', 'Electronic'],
};

export function documentFormLabel(form: string): string {
  const f = documentForms[form];
  return f ? f[current === 'vi' ? 0 : 1] : form;
}

const channels: Record<string, readonly [string, string]> = {
  online: ['Trực tuyến', 'Online'],
  in_person: ['Trực tiếp', 'In person'],
  postal: ['Bưu chính', 'Postal'],
};

export function channelLabel(channel: string): string {
  const c = channels[channel];
  return c ? c[current === 'vi' ? 0 : 1] : channel;
}

const fieldTypes: Record<string, readonly [string, string]> = {
  text: ['văn bản', 'text'],
  number: ['số', 'number'],
  money: ['số tiền (đồng)', 'amount (đồng)'],
  date: ['ngày', 'date'],
  boolean: ['có/không', 'yes/no'],
  choice: ['lựa chọn', 'choice'],
  personal_id: ['số định danh cá nhân', 'personal id'],
  phone: ['số điện thoại', 'phone'],
  email: ['thư điện tử', 'e-mail'],
  address: ['địa chỉ', 'address'],
};

export function fieldTypeLabel(type: string): string {
  const f = fieldTypes[type];
  return f ? f[current === 'vi' ? 0 : 1] : type;
}
