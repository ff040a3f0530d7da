// A procedure seen as a set of facts keyed by stable ids ("fee registration, amount when
// channel == online" → "10_000 VND"). Layout, comments and the order of elements whose order
// means nothing never reach a fact, so they never show up as changes.
import type * as A from '../ast.ts';
import type { Localized } from '../diagnostics.ts';
import { printExpr } from '../print-expr.ts';

export type ElementKind =
  | 'meta' | 'use' | 'field' | 'group' | 'document' | 'fee' | 'deadline' | 'workflow' | 'state' | 'transition' | 'result' | 'scenario';

export interface Fact {
  /** Stable key: element path + property, e.g. `fee:registration/amount[channel == online]`. */
  readonly key: string;
  readonly kind: ElementKind;
  /** The element in the designer's words, e.g. "Lệ phí `registration` — số tiền khi channel == online". */
  readonly element: Localized;
  readonly value: string;
  readonly span: A.Span;
}

const dur = (d: A.Duration) =>
  `${d.amount} ${d.unit === 'working_days' ? 'working days' : d.unit === 'working_hours' ? 'working hours' : 'days'}`;

const meta = (m: A.RuleMeta | undefined) => {
  if (!m) return '';
  const parts: string[] = [];
  if (m.basis.length) parts.push(`basis ${m.basis.map((b) => JSON.stringify(b.value)).join(', ')}`);
  if (m.effective) parts.push(`effective ${m.effective.from.value}${m.effective.until ? ` until ${m.effective.until.value}` : ''}`);
  return parts.join(' ');
};

const words: Record<string, Localized> = {
  label: { vi: 'nhãn', en: 'label' },
  type: { vi: 'kiểu', en: 'type' },
  required: { vi: 'bắt buộc', en: 'required' },
  visible: { vi: 'hiển thị khi', en: 'visible when' },
  min: { vi: 'tối thiểu', en: 'minimum' },
  max: { vi: 'tối đa', en: 'maximum' },
  pattern: { vi: 'mẫu', en: 'pattern' },
  help: { vi: 'hướng dẫn', en: 'help' },
  prefill: { vi: 'điền sẵn từ', en: 'prefilled from' },
  locked: { vi: 'khóa (không sửa được)', en: 'locked' },
  computed: { vi: 'công thức', en: 'computed as' },
  default: { vi: 'giá trị mặc định', en: 'default' },
  options: { vi: 'các lựa chọn', en: 'options' },
  repeated: { vi: 'lặp lại', en: 'repeated' },
  as: { vi: 'loại bản', en: 'original/copy' },
  copies: { vi: 'số bản', en: 'copies' },
  format: { vi: 'định dạng', en: 'formats' },
  max_size: { vi: 'dung lượng tối đa', en: 'maximum size' },
  signed: { vi: 'ký số', en: 'digitally signed' },
  generated: { vi: 'tạo từ tờ khai', en: 'generated from the form' },
  waived: { vi: 'được miễn khi', en: 'waived when' },
  proves: { vi: 'chứng minh dữ liệu', en: 'proves data' },
  basis: { vi: 'căn cứ pháp lý', en: 'legal basis' },
  cap: { vi: 'mức trần', en: 'cap' },
  due: { vi: 'thời điểm nộp phí', en: 'payable' },
  role: { vi: 'người xử lý', en: 'responsible role' },
  agency: { vi: 'cơ quan', en: 'agency' },
  sla: { vi: 'thời hạn bước', en: 'step SLA' },
  pauses: { vi: 'tạm dừng đồng hồ', en: 'pauses the clock' },
  final: { vi: 'trạng thái kết thúc', en: 'final state' },
  target: { vi: 'chuyển đến', en: 'target' },
  requires: { vi: 'điều kiện', en: 'guard' },
  with: { vi: 'cần nhập', en: 'inputs' },
  issue: { vi: 'phát hành', en: 'issues' },
  notify: { vi: 'thông báo', en: 'notifies' },
  handover: { vi: 'chuyển cơ quan', en: 'hands over to' },
  clock: { vi: 'đồng hồ xử lý', en: 'processing clock' },
  publish: { vi: 'công bố dữ liệu', en: 'publishes' },
  steps: { vi: 'các bước', en: 'steps' },
  path: { vi: 'tệp', en: 'file' },
};

const propWord = (p: string): Localized => words[p] ?? { vi: p, en: p };

export function procedureFacts(proc: A.ProcedureDecl): Fact[] {
  const facts: Fact[] = [];
  const add = (kind: ElementKind, key: string, element: Localized, value: string, span: A.Span) =>
    facts.push({ key, kind, element, value, span });
  const prop = (kind: ElementKind, base: string, el: Localized, p: string, value: string | undefined, span: A.Span) => {
    if (value === undefined) return;
    const w = propWord(p);
    add(kind, `${base}/${p}`, { vi: `${el.vi} — ${w.vi}`, en: `${el.en} — ${w.en}` }, value, span);
  };

  const fieldFacts = (f: A.FieldDecl, prefix: string) => {
    const base = `field:${prefix}${f.name.text}`;
    const el = { vi: `Trường \`${prefix}${f.name.text}\``, en: `Field \`${prefix}${f.name.text}\`` };
    prop('field', base, el, 'label', f.label?.value ?? '', f.name.span);
    prop('field', base, el, 'type', f.type.name.text, f.type.span);
    if (f.type.options.length)
      prop('field', base, el, 'options', f.type.options.map((o) => `${o.name.text}${o.label ? ` "${o.label.value}"` : ''}`).sort().join(', '), f.type.span);
    let required = 'false';
    for (const c of f.clauses) {
      if (c.kind === 'Required') required = c.when ? `when ${printExpr(c.when)}` : 'true';
      else if (c.kind === 'Visible') prop('field', base, el, 'visible', printExpr(c.when), c.span);
      else if (c.kind === 'Min' || c.kind === 'Max' || c.kind === 'Computed' || c.kind === 'Default')
        prop('field', base, el, c.kind.toLowerCase(), printExpr(c.value), c.span);
      else if (c.kind === 'Pattern') prop('field', base, el, 'pattern', c.pattern.value, c.span);
      else if (c.kind === 'Help') prop('field', base, el, 'help', c.text.value, c.span);
      else if (c.kind === 'Prefill') prop('field', base, el, 'prefill', printExpr(c.from), c.span);
      else if (c.kind === 'Locked') prop('field', base, el, 'locked', 'true', c.span);
    }
    prop('field', base, el, 'required', required, f.name.span);
  };

  for (const item of proc.items) {
    switch (item.kind) {
      case 'Meta': {
        const value =
          item.key === 'version' ? String(item.number?.value ?? '')
          : item.key === 'effective' ? `${item.dates?.from.value ?? ''}${item.dates?.until ? ` until ${item.dates.until.value}` : ''}`
          : [...item.strings.map((s) => s.value), ...item.names.map((n) => n.text)].join(', ');
        add('meta', `meta/${item.key}`, metaWord(item.key), value, item.span);
        break;
      }
      case 'Use':
        add('use', `use:${item.name.text}/path`, { vi: `Nhóm dùng chung \`${item.name.text}\``, en: `Shared fragment \`${item.name.text}\`` }, item.path.value, item.span);
        break;
      case 'Form':
        for (const f of item.items) {
          if (f.kind === 'Field') fieldFacts(f, '');
          else {
            const base = `group:${f.name.text}`;
            const el = { vi: `Nhóm \`${f.name.text}\``, en: `Group \`${f.name.text}\`` };
            prop('group', base, el, 'label', f.label?.value ?? '', f.name.span);
            prop('group', base, el, 'repeated', f.repeated ? `min ${f.repeated.min ?? 0} max ${f.repeated.max ?? '∞'}` : 'no', f.name.span);
            if (f.visibleWhen) prop('group', base, el, 'visible', printExpr(f.visibleWhen), f.visibleWhen.span);
            f.fields.forEach((g) => fieldFacts(g, `${f.name.text}.`));
          }
        }
        break;
      case 'Documents':
        for (const d of item.docs) {
          const base = `doc:${d.name.text}`;
          const el = { vi: `Giấy tờ \`${d.name.text}\`${d.label ? ` (${d.label.value})` : ''}`, en: `Document \`${d.name.text}\`` };
          prop('document', base, el, 'label', d.label?.value ?? '', d.name.span);
          let required = 'true';
          const waivers: string[] = [];
          for (const c of d.clauses) {
            if (c.kind === 'Required') required = c.when ? `when ${printExpr(c.when)}` : 'true';
            else if (c.kind === 'Optional') required = 'false';
            else if (c.kind === 'As') prop('document', base, el, 'as', c.form.text, c.span);
            else if (c.kind === 'Copies') prop('document', base, el, 'copies', String(c.count), c.span);
            else if (c.kind === 'Format') prop('document', base, el, 'format', c.formats.map((x) => x.text).sort().join(', '), c.span);
            else if (c.kind === 'MaxSize') prop('document', base, el, 'max_size', `${c.megabytes} MB`, c.span);
            else if (c.kind === 'Signed' || c.kind === 'Generated') prop('document', base, el, c.kind.toLowerCase(), 'true', c.span);
            else if (c.kind === 'Waived') {
              waivers.push(printExpr(c.when));
              add('document', `${base}/waived[${printExpr(c.when)}]`, { vi: `${el.vi} — được miễn khi ${printExpr(c.when)}`, en: `${el.en} — waived when ${printExpr(c.when)}` }, meta(c.meta) || 'yes', c.span);
            } else if (c.kind === 'Proves') prop('document', base, el, 'proves', c.paths.map(printExpr).sort().join(', '), c.span);
            else if (c.kind === 'Help') prop('document', base, el, 'help', c.text.value, c.span);
            else if (c.kind === 'Basis') prop('document', base, el, 'basis', meta(c.meta), c.span);
          }
          prop('document', base, el, 'required', required, d.name.span);
        }
        break;
      case 'Fee': {
        const base = `fee:${item.name.text}`;
        const el = { vi: `Lệ phí \`${item.name.text}\`${item.label ? ` (${item.label.value})` : ''}`, en: `Fee \`${item.name.text}\`` };
        prop('fee', base, el, 'label', item.label?.value ?? '', item.name.span);
        for (const f of item.items) {
          const when = 'when' in f && f.when ? printExpr(f.when) : '';
          const cond = (vi: string, en: string) => ({
            vi: `${el.vi} — ${vi}${when ? ` khi ${when}` : ''}`,
            en: `${el.en} — ${en}${when ? ` when ${when}` : ''}`,
          });
          if (f.kind === 'Amount') add('fee', `${base}/amount[${when}]`, cond('số tiền', 'amount'), `${amountText(f.amount)}${meta(f.meta) ? ` ${meta(f.meta)}` : ''}`, f.span);
          else if (f.kind === 'Discount') add('fee', `${base}/discount[${when}]`, cond('giảm', 'discount'), `${printExpr(f.percent)}${meta(f.meta) ? ` ${meta(f.meta)}` : ''}`, f.span);
          else if (f.kind === 'Exempt') add('fee', `${base}/exempt[${when}]`, cond('miễn phí', 'exemption'), `${f.label?.value ?? 'yes'}${meta(f.meta) ? ` ${meta(f.meta)}` : ''}`, f.span);
          else if (f.kind === 'Cap') prop('fee', base, el, 'cap', `${printExpr(f.value)}${meta(f.meta) ? ` ${meta(f.meta)}` : ''}`, f.span);
          else if (f.kind === 'Due') prop('fee', base, el, 'due', f.on === 'before' ? `before ${f.transition?.text ?? ''}` : `on ${f.transition?.text ?? f.on}`, f.span);
        }
        break;
      }
      case 'Deadline':
        add('deadline', 'deadline', { vi: 'Thời hạn giải quyết', en: 'Processing deadline' }, `${dur(item.duration)} from ${item.from.text}${meta(item.meta) ? ` ${meta(item.meta)}` : ''}`, item.span);
        break;
      case 'Warn':
        add('deadline', 'warn', { vi: 'Cảnh báo trước hạn', en: 'Warning before due' }, dur(item.duration), item.span);
        break;
      case 'Extension':
        add('deadline', 'extension', { vi: 'Gia hạn (một lần, có thư xin lỗi)', en: 'One-time extension' }, `${item.max ? `max ${dur(item.max)}` : 'allowed'}${meta(item.meta) ? ` ${meta(item.meta)}` : ''}`, item.span);
        break;
      case 'Workflow':
        item.states.forEach((s, i) => {
          const base = `state:${s.name.text}`;
          const el = { vi: `Bước \`${s.name.text}\``, en: `State \`${s.name.text}\`` };
          if (i === 0) add('workflow', 'workflow/initial', { vi: 'Bước đầu tiên', en: 'Initial state' }, s.name.text, s.name.span);
          prop('state', base, el, 'label', s.label?.value ?? '', s.name.span);
          prop('state', base, el, 'final', String(s.final), s.name.span);
          for (const c of s.clauses) {
            if (c.kind === 'By') prop('state', base, el, 'role', c.role.text, c.span);
            if (c.kind === 'At') prop('state', base, el, 'agency', c.agency.text, c.span);
            if (c.kind === 'Sla') prop('state', base, el, 'sla', dur(c.duration), c.span);
            if (c.kind === 'Pauses') prop('state', base, el, 'pauses', 'true', c.span);
          }
          for (const t of s.transitions) {
            const tb = `${base}/transition:${t.name.text}`;
            const tel = { vi: `Thao tác \`${t.name.text}\` ở bước \`${s.name.text}\``, en: `Transition \`${t.name.text}\` in \`${s.name.text}\`` };
            prop('transition', tb, tel, 'label', t.label?.value ?? '', t.name.span);
            prop('transition', tb, tel, 'target', t.target.text, t.target.span);
            const effects: Record<string, string[]> = {};
            for (const c of t.clauses) {
              const push = (k: string, v: string) => (effects[k] ??= []).push(v);
              if (c.kind === 'Requires') push('requires', printExpr(c.guard));
              if (c.kind === 'With') c.inputs.forEach((x) => push('with', x.text));
              if (c.kind === 'Issue') push('issue', c.result ? `${c.what.text} ${c.result.text}` : c.what.text);
              if (c.kind === 'Notify') push('notify', `${c.role.text}${c.message ? ` "${c.message.value}"` : ''}`);
              if (c.kind === 'Handover') push('handover', c.agency.text);
              if (c.kind === 'Clock') push('clock', c.action);
            }
            for (const [k, v] of Object.entries(effects)) prop('transition', tb, tel, k, v.join(k === 'requires' ? ' and ' : ', '), t.span);
          }
        });
        break;
      case 'Result': {
        const base = `result:${item.name.text}`;
        const el = { vi: `Kết quả \`${item.name.text}\``, en: `Result \`${item.name.text}\`` };
        prop('result', base, el, 'label', item.label?.value ?? '', item.name.span);
        for (const r of item.items) {
          if (r.kind === 'Publish')
            add('result', `${base}/publish[${printExpr(r.target)}]`, { vi: `${el.vi} — công bố ${printExpr(r.target)}`, en: `${el.en} — publishes ${printExpr(r.target)}` }, `${printExpr(r.value)}${r.subject ? ` for ${printExpr(r.subject)}` : ''}`, r.span);
          else prop('result', base, el, 'help', r.text.value, r.span);
        }
        break;
      }
      case 'Scenario':
        add('scenario', `scenario:${item.name.text}`, { vi: `Kịch bản \`${item.name.text}\``, en: `Scenario \`${item.name.text}\`` }, item.steps.map(stepText).join('; '), item.span);
        break;
    }
  }
  return facts;
}

function amountText(a: A.FeeAmount): string {
  if (a.kind === 'Fixed') return printExpr(a.value);
  if (a.kind === 'PerUnit') return `${printExpr(a.value)} per ${printExpr(a.per)}`;
  return `tiered by ${printExpr(a.by)} { ${a.tiers.map((t) => `${t.upTo ? `up to ${printExpr(t.upTo)}` : 'above'}: ${printExpr(t.amount)}`).join('; ')} }`;
}

function stepText(s: A.ScenarioStep): string {
  if (s.kind === 'Given') return `given ${s.items.map((g) => `${printExpr(g.key)} ${printExpr(g.value)}`).join(', ')}`;
  if (s.kind === 'Do') return `at ${s.at.value} do ${s.actions.map((a) => a.text).join(', ')}`;
  return `expect ${s.what.text} ${s.subject ? `${printExpr(s.subject)} = ` : ''}${printExpr(s.value)}`;
}

function metaWord(key: A.MetaKey): Localized {
  const m: Record<A.MetaKey, Localized> = {
    code: { vi: 'Mã thủ tục', en: 'Procedure code' },
    version: { vi: 'Phiên bản', en: 'Version' },
    title: { vi: 'Tên thủ tục', en: 'Title' },
    agency: { vi: 'Cơ quan thực hiện', en: 'Agency' },
    level: { vi: 'Mức độ dịch vụ công', en: 'Service level' },
    effective: { vi: 'Ngày hiệu lực', en: 'Effective dates' },
    basis: { vi: 'Căn cứ pháp lý', en: 'Legal basis' },
    audience: { vi: 'Đối tượng thực hiện', en: 'Audience' },
    channels: { vi: 'Cách thức thực hiện', en: 'Channels' },
  };
  return m[key];
}
