// A procedure seen as a set of facts keyed by stable ids ("fee registration, amount when
// channel == online" → "10_000 VND"). Layout, comments, the spelling of literals and the order
// of elements whose order means nothing never reach a fact, so they never show up as changes.
// The one order that does mean something — amount lines of a fee, where the last matching line
// applies — is a fact of its own.
import type * as A from '../ast.ts';
import type { Localized } from '../diagnostics.ts';
import { printExpr } from '../print-expr.ts';

export type ElementKind =
  | 'meta' | 'use' | 'field' | 'group' | 'document' | 'fee' | 'deadline' | 'workflow' | 'state' | 'transition' | 'result' | 'scenario';

export const elementKinds: readonly ElementKind[] = [
  'meta', 'use', 'field', 'group', 'document', 'fee', 'deadline', 'workflow', 'state', 'transition', 'result', 'scenario',
];

export interface Fact {
  /** Stable key: element key + property, e.g. `fee:registration/amount[channel == online]/value`. */
  readonly key: string;
  /** The element the fact belongs to, e.g. `fee:registration/amount[channel == online]`. */
  readonly element: string;
  /** `value` for the element's own value (an amount line's amount), else the property. */
  readonly prop: string;
  readonly kind: ElementKind;
  /** The enclosing element as written in the file, for hunk headers: `fee registration`. */
  readonly path: string;
  /** The element in the designer's words: "Lệ phí `registration` (Lệ phí đăng ký) — số tiền khi channel == online". */
  readonly name: Localized;
  /** The property in words, undefined for `value`. */
  readonly propName?: Localized;
  readonly value: string;
  /** Where the property is written (the element's name when it is implicit). */
  readonly span: A.Span;
  /** The whole element, for an added or removed element. */
  readonly elementSpan: A.Span;
  /** False for labels, help texts, legal-basis citations and scenarios: a dossier runs the same. */
  readonly behavioural: boolean;
  /** The property has its default value (omitted when a whole element is summarised). */
  readonly quiet?: boolean;
  /** For ordered facts, the ordered items: only a change of their relative order counts. */
  readonly order?: readonly string[];
  /** For lists whose change reads best as items added and removed (a scenario's steps). */
  readonly items?: readonly string[];
}

// ---------------------------------------------------------------------------- canonical text

const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '_');

/** Literals by value, not as written: `20000 VND` and `20_000 VND` are the same amount. */
function canonical(e: A.Expr): A.Expr {
  switch (e.kind) {
    case 'Literal': {
      const l = e.literal;
      const raw =
        l.type === 'money' ? `${grouped(l.value)} VND`
        : l.type === 'number' ? String(l.value)
        : l.type === 'percent' ? `${l.value}%`
        : e.raw;
      return { ...e, raw };
    }
    case 'Call':
      return { ...e, args: e.args.map(canonical) };
    case 'Unary':
      return { ...e, operand: canonical(e.operand) };
    case 'Binary':
      return { ...e, left: canonical(e.left), right: canonical(e.right) };
    case 'In':
      return { ...e, value: canonical(e.value), list: canonical(e.list) };
    case 'List':
      return { ...e, items: e.items.map(canonical) };
    case 'Path':
      return e;
  }
}

export const exprText = (e: A.Expr) => printExpr(canonical(e));

const dur = (d: A.Duration) =>
  `${d.amount} ${d.unit === 'working_days' ? 'working day' : d.unit === 'working_hours' ? 'working hour' : 'day'}${d.amount === 1 ? '' : 's'}`;

/** A rule's effective period (`2025-01-01 until 2025-12-31`): it decides when the rule applies. */
const effectiveText = (m: A.RuleMeta | undefined) =>
  m?.effective ? `${m.effective.from.value}${m.effective.until ? ` until ${m.effective.until.value}` : ''}` : undefined;

const basisText = (m: A.RuleMeta | undefined) =>
  m?.basis.length ? m.basis.map((b) => JSON.stringify(b.value)).sort().join(', ') : undefined;

// ---------------------------------------------------------------------------- words

const words: Record<string, Localized> = {
  label: { vi: 'nhãn', en: 'label' },
  label_en: { vi: 'nhãn tiếng Anh', en: 'English label' },
  title_en: { vi: 'tên tiếng Anh', en: 'English title' },
  type: { vi: 'kiểu', en: 'type' },
  required: { vi: 'bắt buộc', en: 'required' },
  visible: { vi: 'hiển thị khi', en: 'visible when' },
  min: { vi: 'tối thiểu', en: 'minimum' },
  max: { vi: 'tối đa', en: 'maximum' },
  pattern: { vi: 'mẫu', en: 'pattern' },
  help: { vi: 'hướng dẫn', en: 'help' },
  help_en: { vi: 'hướng dẫn tiếng Anh', en: 'English help' },
  prefill: { vi: 'điền sẵn từ', en: 'prefilled from' },
  locked: { vi: 'khóa (không sửa được)', en: 'locked' },
  computed: { vi: 'công thức', en: 'computed as' },
  default: { vi: 'giá trị mặc định', en: 'default' },
  options: { vi: 'các lựa chọn', en: 'options' },
  option_labels: { vi: 'nhãn các lựa chọn', en: 'option labels' },
  option_labels_en: { vi: 'nhãn tiếng Anh các lựa chọn', en: 'English option labels' },
  repeated: { vi: 'lặp lại', en: 'repeated' },
  as: { vi: 'loại bản', en: 'original/copy' },
  copies: { vi: 'số bản', en: 'copies' },
  format: { vi: 'định dạng', en: 'formats' },
  max_size: { vi: 'dung lượng tối đa', en: 'maximum size' },
  signed: { vi: 'ký số', en: 'digitally signed' },
  generated: { vi: 'tạo từ tờ khai', en: 'generated from the form' },
  proves: { vi: 'chứng minh dữ liệu', en: 'proves data' },
  basis: { vi: 'căn cứ pháp lý', en: 'legal basis' },
  effective: { vi: 'hiệu lực', en: 'effective' },
  due: { vi: 'thời điểm nộp phí', en: 'payable' },
  order: { vi: 'thứ tự các dòng số tiền (dòng đúng cuối cùng được áp dụng)', en: 'order of the amount lines (the last matching line applies)' },
  role: { vi: 'người xử lý', en: 'responsible role' },
  agency: { vi: 'cơ quan', en: 'agency' },
  sla: { vi: 'thời hạn bước', en: 'step SLA' },
  pauses: { vi: 'tạm dừng đồng hồ', en: 'pauses the clock' },
  final: { vi: 'trạng thái kết thúc', en: 'final state' },
  target: { vi: 'chuyển đến', en: 'target' },
  requires: { vi: 'điều kiện', en: 'guard' },
  with: { vi: 'cần nhập', en: 'inputs' },
  issue: { vi: 'phát hành', en: 'issues' },
  notify: { vi: 'thông báo cho', en: 'notifies' },
  notify_text: { vi: 'nội dung thông báo', en: 'notification text' },
  notify_text_en: { vi: 'nội dung thông báo tiếng Anh', en: 'English notification text' },
  handover: { vi: 'chuyển cơ quan', en: 'hands over to' },
  clock: { vi: 'đồng hồ xử lý', en: 'processing clock' },
  steps: { vi: 'các bước', en: 'steps' },
  path: { vi: 'tệp', en: 'file' },
};

const propWord = (p: string): Localized => words[p] ?? { vi: p, en: p };

/** The English companions of texts (`"Nhãn" en "Label"`): facts only where English is written. */
const ENGLISH_PROPS = ['label_en', 'title_en', 'help_en', 'option_labels_en', 'notify_text_en'] as const;

/** Properties that never change how a dossier runs. */
const presentational = new Set(['label', 'help', 'basis', 'option_labels', 'notify_text', 'steps', ...ENGLISH_PROPS]);

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

/** Metadata that changes what happens to a dossier (who resolves it, how it may be submitted). */
const behaviouralMeta = new Set<A.MetaKey>(['agency', 'level', 'channels']);

const named = (vi: string, en: string, name: string, label?: A.StringLit): Localized => ({
  vi: `${vi} \`${name}\`${label?.value ? ` (${label.value})` : ''}`,
  en: `${en} \`${name}\`${label?.value ? ` (${label.value})` : ''}`,
});

const sub = (el: Localized, vi: string, en: string): Localized => ({ vi: `${el.vi} — ${vi}`, en: `${el.en} — ${en}` });

// ---------------------------------------------------------------------------- facts

interface Element {
  readonly key: string;
  readonly kind: ElementKind;
  readonly path: string;
  readonly name: Localized;
  readonly span: A.Span;
}

export function procedureFacts(proc: A.ProcedureDecl): Fact[] {
  const facts: Fact[] = [];
  const seen = new Map<string, number>();
  /** Two lines with the same condition (e.g. different effective periods) stay two elements. */
  const element = (key: string, kind: ElementKind, path: string, name: Localized, span: A.Span): Element => {
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? { key, kind, path, name, span } : { key: `${key}#${n}`, kind, path, name: { vi: `${name.vi} (#${n})`, en: `${name.en} (#${n})` }, span };
  };
  const prop = (el: Element, p: string, value: string | undefined, span: A.Span, opts: { quiet?: boolean; behavioural?: boolean; order?: readonly string[]; items?: readonly string[] } = {}) => {
    if (value === undefined) return;
    facts.push({
      key: `${el.key}/${p}`,
      element: el.key,
      prop: p,
      kind: el.kind,
      path: el.path,
      name: el.name,
      ...(p === 'value' ? {} : { propName: propWord(p) }),
      value,
      span,
      elementSpan: el.span,
      behavioural: opts.behavioural ?? (el.kind !== 'scenario' && !presentational.has(p)),
      ...(opts.quiet ? { quiet: true } : {}),
      ...(opts.order ? { order: opts.order } : {}),
      ...(opts.items ? { items: opts.items } : {}),
    });
  };
  /** A rule line: its value, its effective period (which decides when it applies) and its legal basis. */
  const rule = (el: Element, value: string, meta: A.RuleMeta | undefined, span: A.Span) => {
    prop(el, 'value', value, span);
    prop(el, 'effective', effectiveText(meta), span);
    prop(el, 'basis', basisText(meta), span);
  };

  const fieldFacts = (f: A.FieldDecl, group?: A.GroupDecl) => {
    const id = group ? `${group.name.text}.${f.name.text}` : f.name.text;
    const el = element(`field:${id}`, 'field', group ? `group ${group.name.text} › field ${f.name.text}` : `field ${f.name.text}`, named('Trường', 'Field', id, f.label), f.span);
    prop(el, 'label', f.label?.value ?? '', f.name.span);
    prop(el, 'label_en', f.labelEn?.value, f.labelEn?.span ?? f.name.span);
    prop(el, 'type', f.type.name.text, f.type.span);
    if (f.type.options.length) {
      const options = [...f.type.options].sort((a, b) => a.name.text.localeCompare(b.name.text));
      prop(el, 'options', f.type.options.map((o) => o.name.text).sort().join(', '), f.type.span);
      prop(el, 'option_labels', options.map((o) => `${o.name.text} "${o.label?.value ?? ''}"`).join(', '), f.type.span);
      if (options.some((o) => o.labelEn)) prop(el, 'option_labels_en', options.map((o) => `${o.name.text} "${o.labelEn?.value ?? ''}"`).join(', '), f.type.span);
    }
    let required = { value: 'false', span: f.name.span };
    let locked = { value: 'false', span: f.name.span };
    for (const c of f.clauses) {
      if (c.kind === 'Required') required = { value: c.when ? `when ${exprText(c.when)}` : 'true', span: c.span };
      else if (c.kind === 'Optional') required = { value: 'false', span: c.span };
      else if (c.kind === 'Visible') prop(el, 'visible', exprText(c.when), c.span);
      else if (c.kind === 'Min' || c.kind === 'Max' || c.kind === 'Computed' || c.kind === 'Default') prop(el, c.kind.toLowerCase(), exprText(c.value), c.span);
      else if (c.kind === 'Pattern') prop(el, 'pattern', c.pattern.value, c.span);
      else if (c.kind === 'Help') {
        prop(el, 'help', c.text.value, c.span);
        prop(el, 'help_en', c.textEn?.value, c.span);
      } else if (c.kind === 'Prefill') prop(el, 'prefill', exprText(c.from), c.span);
      else if (c.kind === 'Locked') locked = { value: 'true', span: c.span };
    }
    prop(el, 'required', required.value, required.span);
    prop(el, 'locked', locked.value, locked.span, { quiet: locked.value === 'false' });
  };

  const procPath = `procedure ${proc.name.text}`;
  for (const item of proc.items) {
    switch (item.kind) {
      case 'Meta': {
        const strings = item.strings.map((s) => s.value);
        const names = item.names.map((n) => n.text);
        const value =
          item.key === 'version' ? String(item.number?.value ?? '')
          : item.key === 'effective' ? `${item.dates?.from.value ?? ''}${item.dates?.until ? ` until ${item.dates.until.value}` : ''}`
          : item.key === 'basis' ? strings.map((s) => JSON.stringify(s)).sort().join(', ')
          : item.key === 'channels' ? names.sort().join(', ')
          : [...strings, ...names].join(', ');
        const el = element(`meta:${item.key}`, 'meta', procPath, metaWord(item.key), item.span);
        prop(el, 'value', value, item.span, { behavioural: behaviouralMeta.has(item.key) });
        prop(el, 'title_en', item.titleEn?.value, item.titleEn?.span ?? item.span);
        break;
      }
      case 'Use': {
        const el = element(`use:${item.name.text}`, 'use', `use ${item.name.text}`, named('Nhóm dùng chung', 'Shared fragment', item.name.text), item.span);
        prop(el, 'path', item.path.value, item.path.span);
        break;
      }
      case 'Form':
        for (const f of item.items) {
          if (f.kind === 'Field') {
            fieldFacts(f);
            continue;
          }
          const el = element(`group:${f.name.text}`, 'group', `group ${f.name.text}`, named('Nhóm', 'Group', f.name.text, f.label), f.span);
          prop(el, 'label', f.label?.value ?? '', f.name.span);
          prop(el, 'label_en', f.labelEn?.value, f.labelEn?.span ?? f.name.span);
          prop(el, 'repeated', f.repeated ? `min ${f.repeated.min ?? 0} max ${f.repeated.max ?? '∞'}` : 'false', f.repeated?.span ?? f.name.span, { quiet: !f.repeated });
          if (f.visibleWhen) prop(el, 'visible', exprText(f.visibleWhen), f.visibleWhen.span);
          for (const g of f.fields) fieldFacts(g, f);
        }
        break;
      case 'Documents':
        for (const d of item.docs) {
          const path = `doc ${d.name.text}`;
          const el = element(`doc:${d.name.text}`, 'document', path, named('Giấy tờ', 'Document', d.name.text, d.label), d.span);
          prop(el, 'label', d.label?.value ?? '', d.name.span);
          prop(el, 'label_en', d.labelEn?.value, d.labelEn?.span ?? d.name.span);
          let required = { value: 'true', span: d.name.span };
          for (const c of d.clauses) {
            if (c.kind === 'Required') required = { value: c.when ? `when ${exprText(c.when)}` : 'true', span: c.span };
            else if (c.kind === 'Optional') required = { value: 'false', span: c.span };
            else if (c.kind === 'As') prop(el, 'as', c.form.text, c.span);
            else if (c.kind === 'Copies') prop(el, 'copies', String(c.count), c.span);
            else if (c.kind === 'Format') prop(el, 'format', c.formats.map((x) => x.text).sort().join(', '), c.span);
            else if (c.kind === 'MaxSize') prop(el, 'max_size', `${c.megabytes} MB`, c.span);
            else if (c.kind === 'Signed' || c.kind === 'Generated') prop(el, c.kind.toLowerCase(), 'true', c.span);
            else if (c.kind === 'Proves') prop(el, 'proves', c.paths.map(exprText).sort().join(', '), c.span);
            else if (c.kind === 'Help') {
              prop(el, 'help', c.text.value, c.span);
              prop(el, 'help_en', c.textEn?.value, c.span);
            } else if (c.kind === 'Basis') {
              prop(el, 'basis', basisText(c.meta), c.span);
              prop(el, 'effective', effectiveText(c.meta), c.span);
            } else if (c.kind === 'Waived') {
              const when = exprText(c.when);
              const w = element(`doc:${d.name.text}/waived[${when}]`, 'document', path, sub(el.name, `được miễn khi ${when}`, `waived when ${when}`), c.span);
              rule(w, 'true', c.meta, c.span);
            }
          }
          prop(el, 'required', required.value, required.span);
        }
        break;
      case 'Fee': {
        const path = `fee ${item.name.text}`;
        const el = element(`fee:${item.name.text}`, 'fee', path, named('Lệ phí', 'Fee', item.name.text, item.label), item.span);
        prop(el, 'label', item.label?.value ?? '', item.name.span);
        prop(el, 'label_en', item.labelEn?.value, item.labelEn?.span ?? item.name.span);
        const amounts: string[] = [];
        let due: { value: string; span: A.Span } = { value: 'on submit', span: item.name.span };
        for (const f of item.items) {
          const when = 'when' in f && f.when ? exprText(f.when) : '';
          const line = (key: string, vi: string, en: string) =>
            element(`${el.key}/${key}[${when}]`, 'fee', path, sub(el.name, `${vi}${when ? ` khi ${when}` : ''}`, `${en}${when ? ` when ${when}` : ''}`), f.span);
          if (f.kind === 'Amount') {
            const a = line('amount', 'số tiền', 'amount');
            amounts.push(a.key);
            rule(a, amountText(f.amount), f.meta, f.span);
          } else if (f.kind === 'Discount') rule(line('discount', 'giảm', 'discount'), exprText(f.percent), f.meta, f.span);
          else if (f.kind === 'Exempt') {
            const x = line('exempt', 'miễn phí', 'exemption');
            rule(x, 'true', f.meta, f.span);
            prop(x, 'label', f.label?.value, f.span);
            prop(x, 'label_en', f.labelEn?.value, f.span);
          } else if (f.kind === 'Cap') rule(element(`${el.key}/cap`, 'fee', path, sub(el.name, 'mức trần', 'cap'), f.span), exprText(f.value), f.meta, f.span);
          else if (f.kind === 'Due') due = { value: f.on === 'before' ? `before ${f.transition?.text ?? ''}` : `on ${f.on}`, span: f.span };
        }
        prop(el, 'due', due.value, due.span, { quiet: due.value === 'on submit' });
        if (amounts.length > 1) {
          const text = amounts.map((k) => k.slice(el.key.length + 1).replace(/^amount\[\]/, 'amount').replace(/^amount\[(.*)\]/, 'amount when $1')).join('; ');
          prop(el, 'order', text, item.span, { order: amounts, quiet: true });
        }
        break;
      }
      case 'Deadline':
        rule(element('deadline', 'deadline', 'deadline', { vi: 'Thời hạn giải quyết', en: 'Processing deadline' }, item.span), `${dur(item.duration)} from ${item.from.text}`, item.meta, item.span);
        break;
      case 'Warn':
        prop(element('warn', 'deadline', 'warn', { vi: 'Cảnh báo trước hạn', en: 'Warning before due' }, item.span), 'value', `${dur(item.duration)} before due`, item.span);
        break;
      case 'Extension':
        rule(element('extension', 'deadline', 'extension', { vi: 'Gia hạn (một lần, có thư xin lỗi)', en: 'One-time extension' }, item.span), item.max ? `max ${dur(item.max)}` : 'allowed', item.meta, item.span);
        break;
      case 'Workflow':
        item.states.forEach((s, i) => {
          if (i === 0) prop(element('workflow', 'workflow', 'workflow', { vi: 'Bước đầu tiên của quy trình', en: 'Initial state of the workflow' }, item.span), 'value', s.name.text, s.name.span);
          const el = element(`state:${s.name.text}`, 'state', `state ${s.name.text}`, named('Bước', 'State', s.name.text, s.label), s.span);
          prop(el, 'label', s.label?.value ?? '', s.name.span);
          prop(el, 'label_en', s.labelEn?.value, s.labelEn?.span ?? s.name.span);
          prop(el, 'final', String(s.final), s.name.span, { quiet: !s.final });
          let pauses = false;
          for (const c of s.clauses) {
            if (c.kind === 'By') prop(el, 'role', c.role.text, c.span);
            else if (c.kind === 'At') prop(el, 'agency', c.agency.text, c.span);
            else if (c.kind === 'Sla') prop(el, 'sla', dur(c.duration), c.span);
            else if (c.kind === 'Pauses') {
              pauses = true;
              prop(el, 'pauses', 'true', c.span);
            }
          }
          if (!pauses) prop(el, 'pauses', 'false', s.name.span, { quiet: true });
          for (const t of s.transitions) {
            const tel = element(`${el.key}/transition:${t.name.text}`, 'transition', `state ${s.name.text} › transition ${t.name.text}`, {
              vi: `Thao tác \`${t.name.text}\`${t.label ? ` (${t.label.value})` : ''} ở bước \`${s.name.text}\``,
              en: `Transition \`${t.name.text}\`${t.label ? ` (${t.label.value})` : ''} in \`${s.name.text}\``,
            }, t.span);
            prop(tel, 'label', t.label?.value ?? '', t.name.span);
            prop(tel, 'label_en', t.labelEn?.value, t.labelEn?.span ?? t.name.span);
            prop(tel, 'target', t.target.text, t.target.span);
            const effects = new Map<string, { values: string[]; span: A.Span }>();
            const push = (k: string, v: string, span: A.Span) => {
              const e = effects.get(k) ?? { values: [], span };
              e.values.push(v);
              effects.set(k, e);
            };
            for (const c of t.clauses) {
              if (c.kind === 'Requires') push('requires', exprText(c.guard), c.span);
              else if (c.kind === 'With') c.inputs.forEach((x) => push('with', x.text, c.span));
              else if (c.kind === 'Issue') push('issue', c.result ? `${c.what.text} ${c.result.text}` : c.what.text, c.span);
              else if (c.kind === 'Notify') {
                push('notify', c.role.text, c.span);
                if (c.message) push('notify_text', `${c.role.text}: "${c.message.value}"`, c.span);
                if (c.messageEn) push('notify_text_en', `${c.role.text}: "${c.messageEn.value}"`, c.span);
              } else if (c.kind === 'Handover') push('handover', c.agency.text, c.span);
              else if (c.kind === 'Clock') push('clock', c.action, c.span);
            }
            // Guards are and-ed in the order written; every other effect list is a set.
            for (const [k, e] of effects) prop(tel, k, k === 'requires' ? e.values.join(' and ') : [...new Set(e.values)].sort().join(', '), e.span);
          }
        });
        break;
      case 'Result': {
        const path = `result ${item.name.text}`;
        const el = element(`result:${item.name.text}`, 'result', path, named('Kết quả', 'Result', item.name.text, item.label), item.span);
        prop(el, 'label', item.label?.value ?? '', item.name.span);
        prop(el, 'label_en', item.labelEn?.value, item.labelEn?.span ?? item.name.span);
        for (const r of item.items) {
          if (r.kind === 'Help') {
            prop(el, 'help', r.text.value, r.span);
            prop(el, 'help_en', r.textEn?.value, r.span);
          } else {
            const target = exprText(r.target);
            const p = element(`${el.key}/publish[${target}]`, 'result', path, sub(el.name, `công bố ${target}`, `publishes ${target}`), r.span);
            prop(p, 'value', `${exprText(r.value)}${r.subject ? ` for ${exprText(r.subject)}` : ''}`, r.span);
          }
        }
        break;
      }
      case 'Scenario': {
        const el = element(`scenario:${item.name.text}`, 'scenario', `scenario ${item.name.text}`, named('Kịch bản', 'Scenario', item.name.text, item.label), item.span);
        prop(el, 'label', item.label?.value ?? '', item.name.span);
        prop(el, 'label_en', item.labelEn?.value, item.labelEn?.span ?? item.name.span);
        const steps = item.steps.map(stepText);
        prop(el, 'steps', steps.join('; '), item.span, { items: steps });
        break;
      }
    }
  }
  return facts;
}

function amountText(a: A.FeeAmount): string {
  if (a.kind === 'Fixed') return exprText(a.value);
  if (a.kind === 'PerUnit') return `${exprText(a.value)} per ${exprText(a.per)}`;
  return `tiered by ${exprText(a.by)} { ${a.tiers.map((t) => `${t.upTo ? `up to ${exprText(t.upTo)}` : 'above'}: ${exprText(t.amount)}`).join('; ')} }`;
}

function stepText(s: A.ScenarioStep): string {
  if (s.kind === 'Given') return `given ${s.items.map((g) => `${exprText(g.key)} ${exprText(g.value)}`).join(', ')}`;
  if (s.kind === 'Do') return `at ${s.at.value.replace('T', ' ')} do ${s.actions.map((a) => a.text).join(', ')}`;
  if (s.kind === 'Extend') return `at ${s.at.value.replace('T', ' ')} extend to ${s.to.value.replace('T', ' ')} ${JSON.stringify(s.reason.value)}`;
  return `expect ${s.what.text} ${s.subject ? `${exprText(s.subject)} = ` : ''}${exprText(s.value)}`;
}
