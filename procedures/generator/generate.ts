// Synthetic procedures for benchmarks and load tests, built deterministically from the
// library's patterns: large forms (every field type, repeated groups, prefill from the shared
// sources, conditions), documents with once-only waivers, fees with tiers, discounts and
// exemptions, a long workflow with supplement loops and hand-overs, results and scenarios.
// Every file refers only to what the vocabulary (procedures/common/) declares.
import { format } from '../../dsl/src/format/index.ts';
import { keywordList } from '../../dsl/src/syntax/tokens.ts';
import { Workspace } from '../../dsl/src/workspace.ts';
import { Random } from './random.ts';
import { minimalCommon, vocabularyOf, type VocabField, type VocabSource, type Vocabulary } from './vocabulary.ts';

export interface GenerateOptions {
  /** Approximate length of the file in lines (the form grows or shrinks to meet it). */
  readonly targetLines: number;
  /** What the file may refer to; by default the stand-in set `minimalCommon`. */
  readonly vocabulary?: Vocabulary;
  /** Procedure identifier; by default derived from the seed. */
  readonly name?: string;
  /** TTHC code; by default derived from the seed. */
  readonly code?: string;
  /** Lay the file out as `motcua fmt` does (default); `false` is faster and keeps the raw layout. */
  readonly canonical?: boolean;
}

let defaultVocabulary: Vocabulary | undefined;
function standIn(): Vocabulary {
  return (defaultVocabulary ??= vocabularyOf(Workspace.fromFiles(minimalCommon)));
}

// ---------------------------------------------------------------------------- word lists

type Stem = readonly [name: string, label: string];

const stems: Record<string, readonly Stem[]> = {
  text: [
    ['purpose', 'Mục đích đề nghị'],
    ['reason', 'Lý do đề nghị'],
    ['previous_name', 'Tên gọi trước đây'],
    ['occupation', 'Nghề nghiệp'],
    ['workplace', 'Nơi làm việc'],
    ['document_no', 'Số giấy tờ kèm theo'],
    ['issuing_place', 'Nơi cấp'],
    ['remarks', 'Ghi chú của người nộp'],
    ['facility_name', 'Tên cơ sở'],
    ['representative', 'Người đại diện'],
  ],
  number: [
    ['floor_count', 'Số tầng'],
    ['household_size', 'Số nhân khẩu'],
    ['worker_count', 'Số lao động'],
    ['build_year', 'Năm xây dựng'],
    ['vehicle_count', 'Số phương tiện'],
    ['room_count', 'Số phòng'],
  ],
  money: [
    ['charter_capital', 'Vốn điều lệ'],
    ['monthly_income', 'Thu nhập bình quân tháng'],
    ['contract_value', 'Giá trị hợp đồng'],
    ['investment', 'Tổng vốn đầu tư'],
  ],
  date: [
    ['issue_date', 'Ngày cấp'],
    ['start_date', 'Ngày bắt đầu'],
    ['event_date', 'Ngày xảy ra sự kiện'],
    ['move_in_date', 'Ngày chuyển đến'],
    ['contract_date', 'Ngày ký hợp đồng'],
  ],
  boolean: [
    ['first_time', 'Đề nghị cấp lần đầu'],
    ['has_vehicle', 'Có phương tiện'],
    ['foreign_element', 'Có yếu tố nước ngoài'],
    ['urgent', 'Đề nghị giải quyết sớm'],
    ['agree_terms', 'Cam đoan thông tin khai là đúng sự thật'],
  ],
  choice: [
    ['relation', 'Quan hệ với chủ hộ'],
    ['housing_basis', 'Căn cứ chỗ ở hợp pháp'],
    ['purpose_kind', 'Loại đề nghị'],
    ['ownership', 'Hình thức sở hữu'],
  ],
  personal_id: [
    ['owner_person_id', 'Số định danh cá nhân của chủ sở hữu'],
    ['head_id', 'Số định danh cá nhân của chủ hộ'],
    ['witness_id', 'Số định danh cá nhân của người làm chứng'],
  ],
  phone: [
    ['contact_phone', 'Số điện thoại liên hệ'],
    ['proxy_phone', 'Số điện thoại người được ủy quyền'],
  ],
  email: [['contact_email', 'Thư điện tử nhận thông báo']],
  address: [
    ['contact_address', 'Địa chỉ liên hệ'],
    ['property_address', 'Địa chỉ tài sản'],
    ['new_address', 'Địa chỉ nơi ở mới'],
    ['business_address', 'Địa chỉ địa điểm kinh doanh'],
  ],
};

const choiceOptions: readonly (readonly Stem[])[] = [
  [['self_owner', 'Chủ hộ'], ['spouse', 'Vợ, chồng'], ['child', 'Con'], ['father_mother', 'Cha, mẹ'], ['other_relation', 'Khác']],
  [['owned', 'Chủ sở hữu'], ['lodging', 'Ở nhờ người thân'], ['rented', 'Thuê, mượn']],
  [['new_issue', 'Cấp mới'], ['reissue', 'Cấp lại'], ['change', 'Cấp đổi'], ['adjust', 'Điều chỉnh']],
  [['private', 'Sở hữu riêng'], ['joint', 'Sở hữu chung'], ['collective', 'Sở hữu tập thể']],
];

const helpTexts = [
  'Ghi đúng như trên giấy tờ gốc.',
  'Bỏ trống nếu không có.',
  'Thông tin này dùng để liên hệ khi cần bổ sung hồ sơ.',
  'Ghi rõ số nhà, ngõ, đường, thôn, xã, tỉnh.',
  'Theo giấy chứng nhận đã được cấp.',
];

const groupKinds: readonly { stem: Stem; fields: readonly (readonly [string, string, string, string])[] }[] = [
  {
    stem: ['members', 'Thành viên hộ gia đình'],
    fields: [
      ['full_name', 'Họ, chữ đệm và tên', 'text', 'required max 100'],
      ['personal_id', 'Số định danh cá nhân', 'personal_id', 'required'],
      ['birth_date', 'Ngày sinh', 'date', 'required max today'],
      ['relation', 'Quan hệ với chủ hộ', 'choice { spouse "Vợ, chồng" child "Con" father_mother "Cha, mẹ" sibling "Anh, chị, em" }', 'required'],
      ['occupation', 'Nghề nghiệp', 'text', 'optional'],
    ],
  },
  {
    stem: ['vehicles', 'Phương tiện'],
    fields: [
      ['plate', 'Biển số', 'text', 'required pattern "^[0-9]{2}[A-Z]{1,2}-[0-9]{4,5}$"'],
      ['brand', 'Nhãn hiệu', 'text', 'required max 50'],
      ['model_year', 'Năm sản xuất', 'number', 'required min 1950 max 2030'],
      ['value', 'Giá trị còn lại', 'money', 'optional min 0 VND'],
    ],
  },
  {
    stem: ['co_owners', 'Đồng sở hữu'],
    fields: [
      ['full_name', 'Họ, chữ đệm và tên', 'text', 'required'],
      ['personal_id', 'Số định danh cá nhân', 'personal_id', 'required'],
      ['share', 'Tỷ lệ sở hữu (%)', 'number', 'required min 1 max 100'],
      ['phone', 'Số điện thoại', 'phone', 'optional'],
    ],
  },
  {
    stem: ['employees', 'Người lao động'],
    fields: [
      ['full_name', 'Họ, chữ đệm và tên', 'text', 'required'],
      ['personal_id', 'Số định danh cá nhân', 'personal_id', 'required'],
      ['start_date', 'Ngày vào làm', 'date', 'required'],
      ['salary', 'Mức lương', 'money', 'required min 0 VND'],
      ['email', 'Thư điện tử', 'email', 'optional'],
      ['address', 'Nơi ở', 'address', 'optional'],
    ],
  },
];

const docStems: readonly Stem[] = [
  ['application', 'Tờ khai đề nghị'],
  ['id_copy', 'Bản sao giấy tờ tùy thân'],
  ['authorization', 'Văn bản ủy quyền'],
  ['ownership_proof', 'Giấy tờ chứng minh quyền sở hữu'],
  ['contract', 'Hợp đồng'],
  ['photo', 'Ảnh chân dung 4x6'],
  ['health_cert', 'Giấy khám sức khỏe'],
  ['consent', 'Văn bản đồng ý của chủ sở hữu'],
  ['site_plan', 'Sơ đồ vị trí'],
  ['old_certificate', 'Giấy chứng nhận đã được cấp'],
  ['tax_receipt', 'Chứng từ nộp thuế'],
  ['commitment', 'Bản cam kết'],
];

const legalBases = [
  'Nghị định 61/2018/NĐ-CP',
  'Nghị định 107/2021/NĐ-CP',
  'Nghị định 118/2025/NĐ-CP',
  'Thông tư 01/2018/TT-VPCP',
  'Nghị quyết 66.7/2025/NQ-CP',
  'Thông tư 85/2019/TT-BTC',
  'Luật Cư trú 68/2020/QH14',
  'Luật Hộ tịch 60/2014/QH13',
];

const stepLabels = [
  'Thẩm định hồ sơ',
  'Kiểm tra thực địa',
  'Lấy ý kiến cơ quan liên quan',
  'Tổng hợp, đề xuất',
  'Xác minh thông tin',
  'Trình lãnh đạo phòng',
  'Thẩm tra',
  'Dự thảo kết quả',
  'Kiểm soát chất lượng',
  'Phối hợp liên thông',
];

// ---------------------------------------------------------------------------- values

const sampleText = ['"Nguyễn Văn An"', '"Đề nghị cấp theo quy định"', '"Công ty TNHH Minh Phát"', '"Kỹ sư"'];
const sampleAddress = ['"Số 5 Lê Lợi, phường Hồng Gai"', '"Thôn 3, xã Tân Lập"', '"12 Trần Phú, phường Ba Đình"'];

/** A literal of the given type, as written in a scenario `given`. */
function literal(r: Random, f: VocabField): string {
  switch (f.type) {
    case 'text':
      return r.pick(sampleText);
    case 'number':
      return String(r.int(1, 9));
    case 'money':
      return `${r.int(1, 90)}_000_000 VND`;
    case 'date':
      return `20${r.int(10, 24)}-0${r.int(1, 9)}-1${r.int(0, 9)}`;
    case 'boolean':
      return r.chance(0.5) ? 'true' : 'false';
    case 'choice':
      return r.pick(f.options);
    case 'personal_id':
      return `"0010${r.int(10, 99)}0${r.int(10000, 99999)}"`;
    case 'phone':
      return `"09${r.int(10000000, 99999999)}"`;
    case 'email':
      return '"nguoi.nop@example.vn"';
    default:
      return r.pick(sampleAddress);
  }
}

const money = (n: number): string => {
  const s = String(n);
  return `${s.replace(/\B(?=(\d{3})+(?!\d))/g, '_')} VND`;
};

// ---------------------------------------------------------------------------- the model

interface Field extends VocabField {
  readonly label: string;
  readonly lines: readonly string[];
  /** Required unconditionally: scenarios draw their `given` answers from these. */
  readonly required: boolean;
}

/** Things a condition may test, in the order they appear in the form. */
interface Conditionable {
  readonly path: string;
  readonly type: string;
  readonly options: readonly string[];
}

/**
 * A soft keyword used as a name at the end of a condition (`relation == parent`) reads as the
 * start of the next clause when more follows on the line; parentheses keep it a name.
 */
const keywordsSet = new Set(keywordList);
function condition(r: Random, c: Conditionable): string {
  const text = conditionText(r, c);
  const last = /([A-Za-z_][A-Za-z0-9_]*)\]?$/.exec(text)?.[1];
  return last && keywordsSet.has(last) ? `(${text})` : text;
}

function conditionText(r: Random, c: Conditionable): string {
  switch (c.type) {
    case 'boolean':
      return r.pick([c.path, `${c.path} == true`, `not ${c.path}`]);
    case 'choice': {
      const [a, b] = r.sample(c.options, 2);
      return r.pick([`${c.path} == ${a}`, `${c.path} != ${a}`, `${c.path} in [${a}, ${b ?? a}]`]);
    }
    case 'number':
      return `${c.path} > ${r.int(1, 5)}`;
    case 'money':
      return `${c.path} >= ${money(r.int(1, 9) * 100_000_000)}`;
    default:
      return r.pick(['channel == in_person', 'channel == online', 'channel != postal']);
  }
}

interface Context {
  readonly vocab: Vocabulary;
  /** Personal-id sources keyed by the citizen: a bare path reads the applicant's record. */
  readonly own: readonly VocabSource[];
  /** Sources keyed by something else, with the form field that holds the key. */
  readonly keyed: readonly { source: VocabSource; keyField: string }[];
  readonly fragment?: Vocabulary['fragment'];
  readonly policy?: { path: string; options: readonly string[] };
}

function contextOf(vocab: Vocabulary): Context {
  const own = vocab.sources.filter((s) => !s.key || s.key.type === 'personal_id');
  const keyed = vocab.sources
    .filter((s) => s.key && s.key.type !== 'personal_id')
    .map((source) => ({ source, keyField: `${source.name}_${source.key!.name}` }));
  const fragment = vocab.fragment;
  const pol = fragment?.fields.find((f) => f.type === 'choice' && f.options.length >= 3);
  return {
    vocab,
    own,
    keyed,
    ...(fragment ? { fragment } : {}),
    ...(fragment && pol ? { policy: { path: `${fragment.name}.${pol.name}`, options: pol.options } } : {}),
  };
}

// ---------------------------------------------------------------------------- form

const baseTypes = ['text', 'number', 'money', 'date', 'boolean', 'choice', 'personal_id', 'phone', 'email', 'address'];

/** Fields every generated procedure has: fees, conditions and lookups refer to them. */
function anchorFields(ctx: Context): Field[] {
  const out: Field[] = [];
  const add = (name: string, label: string, type: string, clauses: string, options: readonly Stem[] = []) => {
    const t = type === 'choice' ? `choice { ${options.map(([n, l]) => `${n} "${l}"`).join(' ')} }` : type;
    out.push({
      name,
      label,
      type,
      options: options.map(([n]) => n),
      required: clauses.startsWith('required') && !clauses.startsWith('required when'),
      lines: [`field ${name} "${label}": ${t} ${clauses}`],
    });
  };
  add('delivery', 'Hình thức nhận kết quả', 'choice', 'required', [
    ['at_counter', 'Tại bộ phận một cửa'],
    ['by_post', 'Qua dịch vụ bưu chính'],
    ['electronic', 'Bản điện tử'],
  ]);
  add('by_proxy', 'Nộp thay theo ủy quyền', 'boolean', 'required');
  add('copy_count', 'Số bản sao đề nghị cấp', 'number', 'required min 1 max 20 default 1');
  add('usable_area', 'Diện tích sử dụng (m²)', 'number', 'required min 0 max 1000000');
  add('asset_value', 'Giá trị tài sản', 'money', 'required min 0 VND max 1_000_000_000_000 VND');
  if (!ctx.policy) {
    add('policy_group', 'Diện chính sách', 'choice', 'required', [
      ['nguoi_co_cong', 'Người có công'],
      ['ho_ngheo', 'Hộ nghèo'],
      ['khuyet_tat', 'Người khuyết tật'],
      ['none', 'Không thuộc diện chính sách'],
    ]);
  }
  for (const { source, keyField } of ctx.keyed) {
    const label = `Khóa tra cứu ${source.name}: ${source.key!.name}`;
    add(keyField, label, source.key!.type, 'required');
  }
  return out;
}

function ownField(r: Random, i: number, before: readonly Conditionable[]): Field {
  const type = r.chance(0.7) ? baseTypes[i % baseTypes.length]! : r.pick(baseTypes);
  const [stem, label] = r.pick(stems[type]!);
  const name = `${stem}_${i}`;
  let options: readonly string[] = [];
  let typeText = type;
  if (type === 'choice') {
    const opts = r.pick(choiceOptions);
    options = opts.map(([n]) => n);
    typeText = `choice { ${opts.map(([n, l]) => `${n} "${l}"`).join(' ')} }`;
  }
  const clauses: string[] = [];
  const conditional = r.chance(0.2) && before.length > 0;
  const required = !conditional && r.chance(0.6);
  if (conditional) clauses.push(`required when ${condition(r, r.pick(before))}`);
  else clauses.push(required ? 'required' : 'optional');
  if (type === 'text' && r.chance(0.4)) clauses.push(`max ${r.pick([50, 100, 200, 500])}`);
  if (type === 'text' && stem === 'document_no') clauses.push('pattern "^[A-Z0-9]{6,12}$"');
  if (type === 'number') clauses.push(`min 0 max ${r.pick([100, 1000, 10000])}`);
  if (type === 'money' && r.chance(0.5)) clauses.push('min 0 VND');
  if (type === 'date') clauses.push(r.pick(['max today', 'min 1900-01-01', 'min 2000-01-01 max today']));
  if (!conditional && r.chance(0.15) && before.length > 0) clauses.push(`visible when ${condition(r, r.pick(before))}`);
  const lines = [`field ${name} "${label}": ${typeText} ${clauses.join(' ')}`];
  if (r.chance(0.25)) lines.push(`  help "${r.pick(helpTexts)}"`);
  return { name, label, type, options, required, lines };
}

/** A field prefilled from a source keyed by the citizen (locked when the source is authoritative). */
function prefilledField(r: Random, i: number, ctx: Context): Field | undefined {
  const sources = ctx.own.filter((s) => s.fields.length > 0);
  if (sources.length === 0) return undefined;
  const s = r.pick(sources);
  const f = r.pick(s.fields);
  const name = `${s.name}_${f.name}_${i}`;
  const typeText = f.type === 'choice' ? `choice { ${f.options.map((o) => `${o} "${o}"`).join(' ')} }` : f.type;
  const lines = [`field ${name} "${f.label ?? f.name}": ${typeText} optional`, `  prefill from ${s.name}.${f.name}${s.authoritative ? ' locked' : ''}`];
  return { ...f, name, label: f.name, required: false, lines };
}

function groupItem(r: Random, i: number, before: readonly Conditionable[]): { lines: string[]; name: string } {
  const g = r.pick(groupKinds);
  const name = `${g.stem[0]}_${i}`;
  const min = r.pick([0, 1]);
  const visible = before.length > 0 && r.chance(0.4) ? ` visible when ${condition(r, r.pick(before))}` : '';
  const lines = [`group ${name} "${g.stem[1]}" repeated${min ? ` min ${min}` : ''} max ${r.pick([5, 10, 20])}${visible} {`];
  for (const [fname, flabel, ftype, fclauses] of g.fields) lines.push(`  field ${fname} "${flabel}": ${ftype} ${fclauses}`);
  lines.push('}');
  return { lines, name };
}

interface Form {
  readonly lines: string[];
  readonly fields: Field[];
  readonly conditionable: Conditionable[];
  readonly byType: Map<string, Field[]>;
}

function buildForm(seed: number, count: number, ctx: Context): Form {
  const anchors = anchorFields(ctx);
  const fields: Field[] = [...anchors];
  const lines: string[] = anchors.flatMap((f) => f.lines);
  const conditionable: Conditionable[] = [];
  const note = (f: Field) => {
    if (['boolean', 'choice', 'number', 'money'].includes(f.type)) conditionable.push({ path: f.name, type: f.type, options: f.options });
  };
  anchors.forEach(note);
  if (ctx.policy) conditionable.push({ path: ctx.policy.path, type: 'choice', options: ctx.policy.options });
  const groups: string[] = [];
  for (let i = 1; i <= count; i++) {
    // Each item draws from its own stream, so a longer form keeps the shorter one as its prefix.
    const r = new Random(seed, 1, i);
    const roll = r.next();
    if (roll < 0.07) {
      const g = groupItem(r, i, conditionable);
      groups.push(g.name);
      lines.push(...g.lines);
    } else if (roll < 0.17) {
      const f = prefilledField(r, i, ctx);
      if (f) {
        fields.push(f);
        lines.push(...f.lines);
      }
    } else if (roll < 0.2 && groups.length > 0) {
      const name = `count_${i}`;
      lines.push(`field ${name} "Số người kê khai": number = count(${r.pick(groups)})`);
    } else {
      const f = ownField(r, i, conditionable);
      fields.push(f);
      note(f);
      lines.push(...f.lines);
    }
  }
  const byType = new Map<string, Field[]>();
  for (const f of fields) byType.set(f.type, [...(byType.get(f.type) ?? []), f]);
  return { lines, fields, conditionable, byType };
}

// ---------------------------------------------------------------------------- documents

/**
 * `waived when …` showing the state already holds the data the document proves. A keyed
 * lookup (`land(address).owner_id`) has no `proves` path, so those waivers stand alone.
 */
function waiver(r: Random, ctx: Context): { when: string; proves?: string } | undefined {
  const options: { when: string; proves?: string }[] = [];
  const citizenId = ctx.fragment?.fields.find((f) => f.type === 'personal_id');
  const idExpr = citizenId ? `${ctx.fragment!.name}.${citizenId.name}` : 'citizen';
  for (const s of ctx.own) {
    for (const f of s.fields) {
      const p = `${s.name}.${f.name}`;
      if (f.type === 'personal_id') options.push({ when: `${p} == ${idExpr}`, proves: p });
      else if (f.type === 'text') options.push({ when: `${p} != ""`, proves: p });
      else if (f.type === 'boolean') options.push({ when: p, proves: p });
      else if (f.type === 'date') options.push({ when: `${p} >= today`, proves: p });
      else if (f.type === 'choice' && f.options.length > 0) options.push({ when: `${p} in [${f.options.slice(0, 2).join(', ')}]`, proves: p });
    }
  }
  for (const { source, keyField } of ctx.keyed) {
    for (const f of source.fields) {
      const p = `${source.name}(${keyField}).${f.name}`;
      if (f.type === 'personal_id') options.push({ when: `${p} == ${idExpr}` });
      else if (f.type === 'text') options.push({ when: `${p} != ""` });
    }
  }
  return options.length ? r.pick(options) : undefined;
}

function buildDocuments(seed: number, count: number, ctx: Context, form: Form): { lines: string[]; ids: string[] } {
  const lines: string[] = ['documents {'];
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) {
    const r = new Random(seed, 2, i);
    const [stem, label] = i === 1 ? docStems[0]! : r.pick(docStems);
    const id = `${stem}_${i}`;
    ids.push(id);
    if (i === 1) {
      lines.push(`  doc ${id} "${label}": generated from form`, '    signed');
      continue;
    }
    const roll = r.next();
    const head = `  doc ${id} "${label} (${i})":`;
    if (roll < 0.35) {
      const w = waiver(r, ctx);
      lines.push(`${head} required as ${r.pick(['copy', 'certified_copy', 'electronic'])}`);
      if (w) {
        if (w.proves) lines.push(`    proves ${w.proves}`);
        lines.push(`    waived when ${w.when} basis "Nghị quyết 66.7/2025/NQ-CP"`);
      }
      lines.push(`    format pdf, jpg max_size ${r.pick([2, 5, 10])} MB`);
    } else if (roll < 0.6) {
      lines.push(`${head} required when ${condition(r, r.pick(form.conditionable))}`);
      lines.push(`    as ${r.pick(['original', 'copy'])} copies ${r.int(1, 3)}`);
      if (r.chance(0.5)) lines.push(`    help "${r.pick(helpTexts)}"`);
    } else if (roll < 0.8) {
      lines.push(`${head} optional format pdf`);
      if (r.chance(0.5)) lines.push(`    basis "${r.pick(legalBases)}" effective 2024-01-01`);
    } else {
      lines.push(`${head} required as electronic signed format pdf max_size 5 MB`);
    }
  }
  lines.push('}');
  return { lines, ids };
}

// ---------------------------------------------------------------------------- fees

/** The inputs a fee depends on, and how to compute it (for scenario expectations). */
interface Fee {
  readonly id: string;
  readonly lines: string[];
  readonly amount: (input: FeeInput) => number;
}

interface FeeInput {
  readonly online: boolean;
  readonly policy: string;
  readonly copies: number;
  readonly area: number;
  readonly assetValue: number;
  readonly byProxy: boolean;
}

const days = (n: number) => `${n} working ${n === 1 ? 'day' : 'days'}`;

const halfUp = (x: number) => Math.floor(x + 0.5);

function buildFees(seed: number, count: number, ctx: Context, acceptName: string): Fee[] {
  const policy = ctx.policy?.path ?? 'policy_group';
  const policyOptions = ctx.policy?.options ?? ['nguoi_co_cong', 'ho_ngheo', 'khuyet_tat', 'none'];
  const exemptOpts = policyOptions.filter((o) => o !== 'none').slice(0, 2);
  const fees: Fee[] = [];
  for (let i = 1; i <= count; i++) {
    const r = new Random(seed, 3, i);
    const kind = (i - 1) % 4;
    const basis = r.pick(legalBases);
    if (kind === 0) {
      const full = r.pick([20_000, 30_000, 50_000, 100_000]);
      const online = full / 2;
      fees.push({
        id: `fee_${i}`,
        lines: [
          `fee fee_${i} "Lệ phí giải quyết thủ tục (${i})" {`,
          `  amount ${money(full)}`,
          `  amount ${money(online)} when channel == online basis "${basis}"`,
          `  exempt "Đối tượng chính sách" when ${policy} in [${exemptOpts.join(', ')}] basis "${basis}"`,
          `  due before ${acceptName}`,
          '}',
        ],
        amount: (x) => (exemptOpts.includes(x.policy) ? 0 : x.online ? online : full),
      });
    } else if (kind === 1) {
      const per = r.pick([2_000, 5_000, 10_000]);
      const cap = per * 15;
      fees.push({
        id: `fee_${i}`,
        lines: [
          `fee fee_${i} "Phí cấp bản sao (${i})" {`,
          `  amount ${money(per)} per copy_count basis "${basis}"`,
          `  discount 50% when channel == online basis "Nghị quyết của Hội đồng nhân dân tỉnh"`,
          `  cap ${money(cap)}`,
          '  due on submit',
          '}',
        ],
        amount: (x) => Math.min(cap, halfUp(per * x.copies * (x.online ? 0.5 : 1))),
      });
    } else if (kind === 2) {
      const t = [r.pick([100_000, 200_000]), r.pick([500_000, 700_000]), r.pick([1_000_000, 1_500_000])] as const;
      fees.push({
        id: `fee_${i}`,
        lines: [
          `fee fee_${i} "Phí thẩm định theo diện tích (${i})" {`,
          '  amount tiered by usable_area {',
          `    up to 100: ${money(t[0])}`,
          `    up to 500: ${money(t[1])}`,
          `    above: ${money(t[2])}`,
          `  } basis "${basis}" effective 2024-01-01`,
          `  discount 40% when channel == online basis "Nghị quyết của Hội đồng nhân dân tỉnh"`,
          `  discount 20% when by_proxy == false basis "${basis}"`,
          `  exempt "Đối tượng được miễn phí" when ${policy} == ${exemptOpts[0]} basis "${basis}"`,
          '  due on submit',
          '}',
        ],
        amount: (x) => {
          if (x.policy === exemptOpts[0]) return 0;
          const base = x.area <= 100 ? t[0] : x.area <= 500 ? t[1] : t[2];
          const pct = Math.max(x.online ? 40 : 0, x.byProxy ? 0 : 20);
          return halfUp(base * (1 - pct / 100));
        },
      });
    } else {
      const cap = r.pick([5_000_000, 10_000_000]);
      fees.push({
        id: `fee_${i}`,
        lines: [
          `fee fee_${i} "Lệ phí trước bạ theo giá trị (${i})" {`,
          '  amount tiered by asset_value {',
          '    up to 500_000_000 VND: 500_000 VND',
          '    up to 1_000_000_000 VND: 1_000_000 VND',
          '    above: 1_000_000 VND + 0.06% * (asset_value - 1_000_000_000 VND)',
          `  } basis "${basis}"`,
          `  cap ${money(cap)}`,
          `  exempt "Đối tượng được miễn lệ phí" when ${policy} == ${exemptOpts[0]} basis "${basis}"`,
          '  due on result',
          '}',
        ],
        amount: (x) => {
          if (x.policy === exemptOpts[0]) return 0;
          const v = x.assetValue;
          const base = v <= 500_000_000 ? 500_000 : v <= 1_000_000_000 ? 1_000_000 : halfUp(1_000_000 + 0.0006 * (v - 1_000_000_000));
          return Math.min(cap, base);
        },
      });
    }
  }
  return fees;
}

// ---------------------------------------------------------------------------- workflow

interface Transition {
  readonly name: string;
  readonly label: string;
  readonly target: string;
  readonly clauses: readonly string[];
}

interface State {
  readonly name: string;
  readonly label: string;
  readonly clauses: string;
  readonly transitions: readonly Transition[];
  readonly final?: boolean;
}

interface Workflow {
  readonly states: State[];
  /** The happy path, transition names in order from the initial state to `done`. */
  readonly happyPath: string[];
  readonly afterAccept: string;
  /** Working hours the SLAs add up to from receipt to the result (the deadline must cover them). */
  readonly slaHours: number;
}

function buildWorkflow(seed: number, stateCount: number, ctx: Context, procedureAgency: string, resultId: string): Workflow {
  const r = new Random(seed, 4);
  // states = draft, submitted, supplementing, steps…, step supplements…, approval, returning, 3 finals
  const loops = Math.max(0, Math.floor((stateCount - 8) / 3));
  const steps = Math.max(1, stateCount - 8 - loops);
  const loopAt = new Set(r.sample(Array.from({ length: steps }, (_, i) => i + 1), loops));
  const agencies = ctx.vocab.agencies.map((a) => a.name);
  const states: State[] = [];
  const stepName = (i: number) => (i > steps ? 'approval' : `step_${i}`);
  const stepAgency: string[] = [procedureAgency];
  for (let i = 1; i <= steps; i++) stepAgency.push(i > 1 && r.chance(0.25) && agencies.length > 1 ? r.pick(agencies) : stepAgency[i - 1]!);

  states.push({
    name: 'draft',
    label: 'Soạn hồ sơ',
    clauses: 'by citizen',
    transitions: [{ name: 'submit', label: 'Nộp hồ sơ', target: 'submitted', clauses: ['requires form.valid and documents.complete'] }],
  });
  states.push({
    name: 'submitted',
    label: 'Tiếp nhận hồ sơ',
    clauses: `by reception at ${procedureAgency} sla 4 working hours`,
    transitions: [
      { name: 'accept', label: 'Tiếp nhận', target: 'step_1', clauses: ['issue receipt', 'notify citizen "Hồ sơ đã được tiếp nhận"'] },
      { name: 'ask_supplement', label: 'Yêu cầu bổ sung', target: 'supplementing', clauses: ['with missing', 'issue supplement_request'] },
      { name: 'refuse', label: 'Từ chối tiếp nhận', target: 'refused', clauses: ['with reason', 'issue refusal'] },
    ],
  });
  states.push({
    name: 'supplementing',
    label: 'Chờ bổ sung hồ sơ',
    clauses: 'by citizen pauses clock',
    transitions: [
      { name: 'resubmit', label: 'Nộp bổ sung', target: 'submitted', clauses: [] },
      { name: 'withdraw', label: 'Rút hồ sơ', target: 'stopped', clauses: ['with reason', 'stops clock'] },
    ],
  });
  const happy = ['submit', 'accept'];
  const loopStates: State[] = [];
  let slaHours = 8; // approval
  for (let i = 1; i <= steps; i++) {
    const role = i % 4 === 0 ? 'leader' : 'specialist';
    const next = stepName(i + 1);
    const nextAgency = i + 1 <= steps ? stepAgency[i + 1]! : stepAgency[i]!;
    const forward: string[] = [`notify ${i + 1 <= steps ? (role === 'leader' ? 'specialist' : 'leader') : 'leader'} "Có hồ sơ cần xử lý"`];
    if (nextAgency !== stepAgency[i]) forward.unshift(`handover to ${nextAgency}`);
    const transitions: Transition[] = [{ name: `forward_${i}`, label: i + 1 <= steps ? 'Chuyển bước tiếp theo' : 'Trình ký', target: next, clauses: forward }];
    happy.push(`forward_${i}`);
    if (loopAt.has(i)) {
      const restart = r.chance(0.5);
      transitions.push({
        name: 'ask_supplement',
        label: 'Yêu cầu bổ sung, hoàn thiện',
        target: `supplement_${i}`,
        clauses: ['with missing, note', 'issue supplement_request', ...(restart ? ['restarts clock'] : []), 'notify citizen "Hồ sơ cần bổ sung"'],
      });
      loopStates.push({
        name: `supplement_${i}`,
        label: `Chờ bổ sung (bước ${i})`,
        clauses: 'by citizen pauses clock',
        transitions: [{ name: 'resubmit', label: 'Nộp bổ sung', target: restart ? 'submitted' : `step_${i}`, clauses: [] }],
      });
    }
    if (i > 1 && r.chance(0.3)) transitions.push({ name: 'send_back', label: 'Trả lại bước trước', target: stepName(i - 1), clauses: ['with note'] });
    if (r.chance(0.3)) transitions.push({ name: 'refuse', label: 'Từ chối giải quyết', target: 'refused', clauses: ['with reason', 'issue refusal', 'notify citizen "Hồ sơ bị từ chối"'] });
    if (r.chance(0.15)) transitions.push({ name: 'stop', label: 'Dừng xử lý', target: 'stopped', clauses: ['with reason', 'stops clock'] });
    const hours = r.pick([2, 4, 4, 8, 8, 16]);
    slaHours += hours;
    states.push({
      name: `step_${i}`,
      label: `${r.pick(stepLabels)} (bước ${i})`,
      clauses: `by ${role} at ${stepAgency[i]} sla ${hours % 8 === 0 ? days(hours / 8) : `${hours} working hours`}`,
      transitions,
    });
  }
  states.push(...loopStates);
  states.push({
    name: 'approval',
    label: 'Phê duyệt, ký kết quả',
    clauses: 'by leader sla 1 working day',
    transitions: [
      { name: 'sign', label: 'Ký duyệt', target: 'returning', clauses: [`issue result ${resultId}`] },
      { name: 'reject', label: 'Không phê duyệt', target: 'refused', clauses: ['with reason', 'issue refusal'] },
    ],
  });
  states.push({
    name: 'returning',
    label: 'Trả kết quả',
    clauses: `by reception at ${procedureAgency}`,
    transitions: [{ name: 'deliver', label: 'Trả kết quả', target: 'done', clauses: ['notify citizen "Đã có kết quả"'] }],
  });
  happy.push('sign', 'deliver');
  states.push({ name: 'done', label: 'Hoàn thành', clauses: '', transitions: [], final: true });
  states.push({ name: 'refused', label: 'Từ chối', clauses: '', transitions: [], final: true });
  states.push({ name: 'stopped', label: 'Dừng xử lý', clauses: '', transitions: [], final: true });
  return { states, happyPath: happy, afterAccept: 'step_1', slaHours };
}

function workflowLines(w: Workflow): string[] {
  const lines = ['workflow {'];
  for (const s of w.states) {
    if (s.final) {
      lines.push(`  final ${s.name} "${s.label}"`);
      continue;
    }
    lines.push(`  state ${s.name} "${s.label}" ${s.clauses} {`);
    for (const t of s.transitions) {
      const head = `    ${t.name} "${t.label}" -> ${t.target}`;
      // Long transitions break their clauses over lines, as designers write them.
      if (t.clauses.length > 2) lines.push(head, ...t.clauses.map((c) => `      ${c}`));
      else lines.push([head, ...t.clauses].join(' '));
    }
    lines.push('  }');
  }
  lines.push('}');
  return lines;
}

// ---------------------------------------------------------------------------- scenarios

/** N working days after a Monday–Friday instant, for dates in March 2025 (no holidays). */
function addWorkingDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return d.toISOString().slice(0, 10);
}

function buildScenarios(seed: number, count: number, ctx: Context, form: Form, fees: Fee[], w: Workflow, deadlineDays: number, nationalCalendar: boolean): string[] {
  const lines: string[] = [];
  const requiredGiven = form.fields.filter((f) => f.required && !['copy_count', 'usable_area', 'asset_value', 'by_proxy'].includes(f.name) && f.name !== 'policy_group');
  for (let i = 1; i <= count; i++) {
    const r = new Random(seed, 5, i);
    const online = i % 2 === 1;
    const input: FeeInput = {
      online,
      policy: r.chance(0.3) ? r.pick(ctx.policy?.options ?? ['nguoi_co_cong', 'ho_ngheo', 'khuyet_tat', 'none']) : 'none',
      copies: r.int(1, 20),
      area: r.pick([50, 100, 250, 800]),
      assetValue: r.pick([300_000_000, 1_000_000_000, 2_500_000_000, 20_000_000_000]),
      byProxy: r.chance(0.5),
    };
    const kind = i % 3;
    const label = kind === 0 ? 'Hồ sơ đi hết quy trình' : kind === 1 ? 'Tiếp nhận hồ sơ' : 'Bổ sung hồ sơ rồi tiếp nhận';
    lines.push(`scenario case_${i} "${label} (${online ? 'trực tuyến' : 'trực tiếp'})" {`);
    const given = [
      `channel ${online ? 'online' : 'in_person'}`,
      `citizen "0010990${String(12345 + i).padStart(5, '0')}"`,
      `${ctx.policy?.path ?? 'policy_group'} ${input.policy}`,
      `copy_count ${input.copies}`,
      `usable_area ${input.area}`,
      `asset_value ${money(input.assetValue)}`,
      `by_proxy ${input.byProxy}`,
      'paid true',
      // A few of the form's other answers; the rest are left to the scenario runner's defaults.
      ...r.sample(requiredGiven, 6).map((f) => `${f.name} ${literal(r, f)}`),
    ];
    for (let k = 0; k < given.length; k += 4) {
      const chunk = given.slice(k, k + 4).join(', ');
      lines.push(k === 0 ? `  given ${chunk}${k + 4 < given.length ? ',' : ''}` : `    ${chunk}${k + 4 < given.length ? ',' : ''}`);
    }
    const total = fees.reduce((s, f) => s + f.amount(input), 0);
    lines.push(`  expect fee ${money(total)}`);
    if (fees.length > 1) {
      const f = r.pick(fees);
      lines.push(`  expect fee ${f.id} = ${money(f.amount(input))}`);
    }
    const day = kind === 2 ? '2025-03-05' : '2025-03-03';
    if (kind === 2) {
      lines.push('  at 2025-03-03 09:00 do submit, ask_supplement');
      lines.push('  expect state supplementing');
      lines.push(`  at ${day} 09:00 do resubmit, accept`);
    } else {
      lines.push(`  at ${day} 09:00 do submit, accept`);
    }
    if (nationalCalendar) lines.push(`  expect due ${addWorkingDays(day, deadlineDays)} 09:00`);
    if (kind === 0) {
      lines.push(`  at ${day} 10:00 do ${w.happyPath.slice(2).join(', ')}`);
      lines.push('  expect state done');
      lines.push('  expect outcome early');
    } else {
      lines.push(`  expect state ${w.afterAccept}`);
    }
    lines.push('}');
  }
  return lines;
}

// ---------------------------------------------------------------------------- assembly

const indent = (lines: readonly string[]) => lines.map((l) => (l ? `  ${l}` : l));

function render(seed: number, fieldCount: number, options: GenerateOptions, ctx: Context): string {
  const r = new Random(seed, 0);
  const t = options.targetLines;
  const name = options.name ?? `generated_${seed >>> 0}`;
  const code = options.code ?? `9.${String(seed >>> 0).padStart(6, '0').slice(-6)}`;
  const agencies = ctx.vocab.agencies;
  const commune = agencies.filter((a) => a.level === 'commune');
  const chosen = commune.length ? r.pick(commune) : r.pick(agencies);
  const agency = chosen.name;
  const form = buildForm(seed, fieldCount, ctx);
  const docs = buildDocuments(seed, Math.max(2, Math.min(40, Math.round(t / 45))), ctx, form);
  const fees = buildFees(seed, Math.max(1, Math.min(8, Math.round(t / 250))), ctx, 'accept');
  const workflow = buildWorkflow(seed, Math.max(8, Math.min(30, Math.round(t / 65))), ctx, agency, 'decision');
  const deadlineDays = Math.max(r.int(3, 15), Math.ceil(workflow.slaHours / 8));
  // `expect due` is computed Monday–Friday in March 2025 (no holiday before 7 April); agencies
  // that also work Saturday mornings, and deadlines reaching April, are left out.
  const national = (chosen.calendar ?? 'national') === 'national' && deadlineDays <= 22;

  const resultLines = [`result decision "Kết quả giải quyết thủ tục" {`];
  const resultsStores = ctx.vocab.sources.filter((s) => s.kind === 'results' && (!s.key || s.key.type === 'personal_id'));
  let published = 0;
  for (const s of resultsStores) {
    for (const f of s.fields) {
      if (published >= 3) break;
      const value = form.byType.get(f.type)?.find((x) => f.type !== 'choice' || x.options.join() === f.options.join());
      if (!value) continue;
      resultLines.push(`  publish ${s.name}.${f.name} = ${value.name}`);
      published++;
    }
  }
  resultLines.push('  help "Kết quả được gửi vào kho kết quả điện tử để dùng lại."', '}');

  const scenarioCount = Math.max(1, Math.min(9, Math.round(t / 220)));
  const lines = [
    `# ${name}: thủ tục sinh tự động để đo hiệu năng (seed ${seed >>> 0})`,
    `procedure ${name} {`,
    ...indent([
      `code "${code}"`,
      `version ${r.int(1, 5)}`,
      `title "Thủ tục mẫu số ${seed >>> 0}"`,
      `agency ${agency}`,
      'level full_online',
      `effective 202${r.int(3, 5)}-0${r.int(1, 9)}-01`,
      `basis ${r.sample(legalBases, 3).map((b) => `"${b}"`).join(', ')}`,
      '',
      ...(ctx.fragment ? [`use ${ctx.fragment.name} from "${ctx.fragment.path}"`, ''] : []),
      'form {',
      ...indent(form.lines),
      '}',
      '',
      ...docs.lines,
      '',
      ...fees.flatMap((f) => [...f.lines, '']),
      `deadline ${deadlineDays} working days from complete basis "${r.pick(legalBases)}"`,
      'warn 1 working day before due',
      'extension max 5 working days',
      '',
      ...workflowLines(workflow),
      '',
      ...resultLines,
      '',
      ...buildScenarios(seed, scenarioCount, ctx, form, fees, workflow, deadlineDays, national),
    ]),
    '}',
    '',
  ];
  return lines.join('\n');
}

const lineCount = (text: string) => text.split('\n').length - 1;

/** The raw rendering with the smallest form that reaches `lines` lines. */
function fitRaw(seed: number, lines: number, options: GenerateOptions, ctx: Context): string {
  let lo = 0;
  let hi = Math.max(8, lines);
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lineCount(render(seed, mid, options, ctx)) < lines) lo = mid + 1;
    else hi = mid;
  }
  return render(seed, lo, options, ctx);
}

/** Canonical layout, as the library's files are kept (falls back to the raw text if the formatter refuses). */
function canonical(text: string): string {
  const r = format(text);
  return r.diagnostics.some((d) => d.severity === 'error') ? text : r.text;
}

/** How many canonical lines a raw line becomes, on average (choices and clauses get their own lines). */
const EXPANSION = 1.25;

function generate(seed: number, options: GenerateOptions, passes: number): string {
  const ctx = contextOf(options.vocabulary ?? standIn());
  const target = options.targetLines;
  if (options.canonical === false) return fitRaw(seed, target, options, ctx);
  // The formatter's layout is not the generator's: fit the raw text, see how much formatting
  // stretches it, and fit again.
  let goal = target / EXPANSION;
  let text = canonical(fitRaw(seed, Math.round(goal), options, ctx));
  for (let i = 1; i < passes && Math.abs(lineCount(text) - target) > target * 0.01; i++) {
    goal *= target / lineCount(text);
    text = canonical(fitRaw(seed, Math.round(goal), options, ctx));
  }
  return text;
}

/**
 * A valid procedure file of about `targetLines` lines (within 2%) in canonical layout, the same
 * for the same seed and vocabulary. The form grows or shrinks to meet the target.
 */
export function generateProcedure(seed: number, options: GenerateOptions): string {
  return generate(seed, options, 4);
}

export interface CatalogOptions {
  readonly vocabulary?: Vocabulary;
  /** Lines per file: each file draws its size from this range (log-uniform). */
  readonly minLines?: number;
  readonly maxLines?: number;
}

/** Domains of the one-stop shop, used as folders, as the library is organised. */
const domains = ['cu_tru', 'ho_tich', 'giao_thong', 'dat_dai', 'xay_dung', 'kinh_doanh', 'lao_dong', 'giao_duc', 'y_te', 'tu_phap'];

/**
 * `n` procedure files as [workspace-relative path, text], e.g. `generated/ho_tich/p_0042.proc`.
 * They refer only to the vocabulary; add the shared files (procedures/common/) beside them.
 */
export function generateCatalog(n: number, seed: number, options: CatalogOptions = {}): [string, string][] {
  // The library's procedures run 170–240 canonical lines; by default the catalog draws from
  // 120–330, which averages about 200.
  const min = options.minLines ?? 120;
  const max = options.maxLines ?? 330;
  const out: [string, string][] = [];
  for (let i = 1; i <= n; i++) {
    const r = new Random(seed, 9, i);
    const lines = Math.round(Math.exp(Math.log(min) + r.next() * (Math.log(max) - Math.log(min))));
    const id = String(i).padStart(4, '0');
    const domain = domains[i % domains.length]!;
    // One formatting pass: the size is drawn at random anyway, so closeness is not worth a second.
    const text = generate(seed * 100_003 + i, {
      targetLines: lines,
      name: `${domain}_p${id}`,
      code: `9.${String(seed % 1000).padStart(3, '0')}${id}`,
      ...(options.vocabulary ? { vocabulary: options.vocabulary } : {}),
    }, 1);
    out.push([`generated/${domain}/p_${id}.proc`, text]);
  }
  return out;
}
