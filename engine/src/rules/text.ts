// User-visible text of the rules: Vietnamese first, English beside it. Conditions are said in
// words with the procedure's own labels (field, option, group and source labels — the English
// text with their English companions where the procedure gives them, else as written in
// Vietnamese): "vì Căn cứ đăng ký thường trú là “Thuê, mượn, ở nhờ chỗ ở hợp pháp”" / "because
// Grounds for registration is “Renting a lawful home”". Never the rule's source (`==`, `and`,
// ids): where a name has no label, its id is read out as words. The Vietnamese is the public
// card's (dsl `exprText`), word for word.
import { formatDateVi, LabelIndex, labelIn, type IRExpr, type ProcedureIR } from '@motcua/dsl';

export interface Bilingual {
  readonly vi: string;
  readonly en: string;
}

export type Lang = keyof Bilingual;

// ---------------------------------------------------------------------------- numbers, money, dates

// Built once: constructing an Intl.NumberFormat costs more than pricing a whole fee.
const NUMBER: Record<Lang, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }),
};
// And formatting a number costs more than the rest of a fee's text: the same few amounts recur.
const formatted: Record<Lang, Map<number, string>> = { vi: new Map(), en: new Map() };

/** `1234567.5` → "1.234.567,5" (vi), "1,234,567.5" (en); at most two decimals. */
export function formatNumber(n: number, lang: Lang): string {
  if (Object.is(n, -0)) return NUMBER[lang].format(n); // a Map does not tell -0 from 0
  const cache = formatted[lang];
  let text = cache.get(n);
  if (text === undefined) {
    if (cache.size >= 1000) cache.clear();
    cache.set(n, (text = NUMBER[lang].format(n)));
  }
  return text;
}

/**
 * Whole đồng as the pages write it in either language ("10.000 ₫", server/src/pages/i18n.ts
 * `money`): an English page shows "10.000 ₫" beside the engine's reasons, so they say it alike.
 */
export function formatDong(n: number): string {
  return `${formatNumber(n, 'vi')} ₫`;
}

/** Both languages of an amount of đồng (the same figure). */
export function dongWords(n: number): Bilingual {
  const said = formatDong(n);
  return { vi: said, en: said };
}


// ---------------------------------------------------------------------------- the procedure's texts

/** Anything the procedure labels: a field, an option, a document, a step, a state, a fee… */
export interface Labelled {
  readonly label: string;
  readonly labelEn?: string | undefined;
}

/**
 * A label of the procedure in both languages: the Vietnamese in `vi`, its English companion in
 * `en` when the procedure gives one, else the Vietnamese again (as pages in English show it).
 */
export function labelWords(x: Labelled): Bilingual {
  return { vi: x.label, en: labelIn('en', x) };
}

/**
 * The English label for a view, beside the Vietnamese one: `{ labelEn }` when the procedure gives
 * one, else nothing — spread into the view (`{ label: x.label, ...englishLabel(x) }`).
 */
export function englishLabel(x: Labelled): { labelEn?: string } {
  return x.labelEn ? { labelEn: x.labelEn } : {};
}

/**
 * The labels conditions are said with, in each language: the dsl's LabelIndex over the
 * procedure's labels (`vi`) and over their English companions, Vietnamese where a name has none
 * (`en`; the same index when the procedure gives no English label a condition could name).
 */
export class ProcedureLabels {
  readonly vi: LabelIndex;
  readonly en: LabelIndex;

  constructor(ir: Pick<ProcedureIR, 'form' | 'sources'>) {
    this.vi = new LabelIndex(ir);
    this.en = namesEnglish(ir) ? new LabelIndex(ir, 'en') : this.vi;
  }
}

/** Where conditions find their labels; a LabelIndex alone says them with its labels in both languages. */
export type Labels = LabelIndex | ProcedureLabels;

function indexIn(labels: Labels, lang: Lang): LabelIndex {
  return labels instanceof ProcedureLabels ? labels[lang] : labels;
}

type Options = readonly Labelled[] | undefined;
const anyEnglish = (xs: Options): boolean => xs?.some((x) => x.labelEn) ?? false;

/** Whether any label a condition can name (field, option, group, source, source field) has English. */
function namesEnglish(ir: Pick<ProcedureIR, 'form' | 'sources'>): boolean {
  return (
    anyEnglish(ir.form.groups) ||
    ir.form.fields.some((f) => f.labelEn || anyEnglish(f.options)) ||
    ir.sources.some((s) => s.labelEn || s.fields.some((f) => f.labelEn || anyEnglish(f.options)))
  );
}

// ---------------------------------------------------------------------------- expressions

const texts = new WeakMap<IRExpr, { labels: Labels; text: Bilingual }>();

/**
 * A condition in words, with the procedure's labels, in both languages. It depends only on the
 * expression and the labels, immutable once compiled: put into words once, not on every assessment.
 */
export function exprWords(e: IRExpr, labels: Labels): Bilingual {
  return cachedWords(e, labels, (en) => en.condition(e));
}

/** A value (a fee's `per`, a tier's `by`) in words: "Số trang", never "Số trang is “yes”". */
export function valueWords(e: IRExpr, labels: Labels): Bilingual {
  return cachedWords(e, labels, (en) => en.text(e));
}

/**
 * A condition that does not hold, for a refusal: Vietnamese names the condition still to be met
 * ("Chưa đủ điều kiện để «Nộp hồ sơ»: tờ khai hợp lệ"), English says what is wrong ("the form is
 * not valid").
 */
export function unmetWords(e: IRExpr, labels: Labels): Bilingual {
  return { vi: exprWords(e, labels).vi, en: new Words(indexIn(labels, 'en'), 'en').condition(e, false) };
}

function cachedWords(e: IRExpr, labels: Labels, english: (w: Words) => string): Bilingual {
  const known = texts.get(e);
  if (known?.labels === labels) return known.text;
  const text = { vi: new Words(indexIn(labels, 'vi'), 'vi').text(e), en: english(new Words(indexIn(labels, 'en'), 'en')) };
  texts.set(e, { labels, text });
  return text;
}

/** An id read out when nothing labels it: `legalisation_exempt` → "legalisation exempt". */
function idWords(id: string): string {
  return id.replace(/[_.]+/g, ' ').trim();
}

const quoted = (s: string) => `“${s}”`;

/** Operator precedence as in the language (dsl print-expr): or < and < not < comparisons < + − < × ÷. */
const PRECEDENCE: Record<string, number> = { or: 1, and: 2, not: 3, '==': 4, '!=': 4, '<': 4, '<=': 4, '>': 4, '>=': 4, in: 4, '+': 5, '-': 5, '*': 6, '/': 6 };

function prec(e: IRExpr): number {
  if (e.kind === 'binary') return PRECEDENCE[e.op]!;
  if (e.kind === 'in') return PRECEDENCE['in']!;
  if (e.kind === 'unary') return e.op === 'not' ? PRECEDENCE['not']! : 7;
  return 8;
}

/** How each channel reads in a condition ("nộp trực tuyến" / "submitted online"). */
const CHANNEL: Record<string, Bilingual> = {
  online: { vi: 'nộp trực tuyến', en: 'online' },
  in_person: { vi: 'nộp trực tiếp', en: 'in person' },
  postal: { vi: 'nộp qua dịch vụ bưu chính', en: 'by post' },
};

/** The built-in values as they read in a condition (Vietnamese: dsl vocabulary `builtinPhrases`). */
const BUILTIN: Record<string, Bilingual & { readonly enNot?: string }> = {
  channel: { vi: 'hình thức nộp', en: 'the way the dossier is submitted' },
  'form.valid': { vi: 'tờ khai hợp lệ', en: 'the form is valid', enNot: 'the form is not valid' },
  'documents.complete': { vi: 'hồ sơ đủ thành phần', en: 'the documents are complete', enNot: 'documents are missing' },
  citizen: { vi: 'số định danh của người nộp', en: "the applicant's personal id" },
  today: { vi: 'ngày hiện tại', en: 'today' },
};

const COMPARISON: Record<string, { vi: string; en: string; enDate: string; negation: string }> = {
  '<': { vi: 'nhỏ hơn', en: 'is less than', enDate: 'is before', negation: '>=' },
  '<=': { vi: 'không quá', en: 'is at most', enDate: 'is on or before', negation: '>' },
  '>': { vi: 'lớn hơn', en: 'is more than', enDate: 'is after', negation: '<=' },
  '>=': { vi: 'từ', en: 'is at least', enDate: 'is on or after', negation: '<' },
};

const ARITHMETIC: Record<string, string> = { '+': '+', '-': '−', '*': '×', '/': '÷' };

type Lit = Extract<IRExpr, { kind: 'lit' }>;
type Wrap = (child: IRExpr, min: number) => string;

const isChannel = (e: IRExpr): boolean => e.kind === 'ref' && e.scope === 'builtin' && e.path.length === 1 && e.path[0] === 'channel';
const isDateLike = (e: IRExpr): boolean =>
  (e.kind === 'lit' && (e.type === 'date' || e.type === 'datetime')) || (e.kind === 'ref' && e.scope === 'builtin' && e.path.join('.') === 'today');

/**
 * One language's rendering. Vietnamese follows the public card's phrasing exactly; English says
 * the same in English, and reads a condition as a statement ("… is “yes”", "the dossier is
 * submitted online") rather than as a bare name.
 */
class Words {
  constructor(
    private readonly ix: LabelIndex,
    private readonly lang: Lang,
  ) {}

  private w(vi: string, en: string): string {
    return this.lang === 'vi' ? vi : en;
  }

  /** A value or a condition as a noun phrase or clause. */
  text(e: IRExpr): string {
    const wrap: Wrap = (child, min) => (prec(child) < min ? `(${this.text(child)})` : this.text(child));
    switch (e.kind) {
      case 'lit':
        return this.literal(e);
      case 'ref':
        return this.ref(e);
      case 'call':
        return this.call(e);
      case 'list':
        return e.items.map((i) => this.text(i)).join(', ');
      case 'unary':
        if (e.op === '-') return `−${wrap(e.operand, 7)}`;
        return this.lang === 'vi' ? `không phải ${wrap(e.operand, PRECEDENCE['not']! + 1)}` : this.condition(e);
      case 'in':
        return this.membership(e, e.negated);
      case 'binary':
        return this.binary(e, wrap);
    }
  }

  /**
   * A condition as a statement (English): a yes/no value is "X is “yes”" / "X is “no”", a
   * negation is said with the opposite comparison where there is one. Vietnamese: as `text`.
   */
  condition(e: IRExpr, positive = true): string {
    if (this.lang === 'vi') return positive ? this.text(e) : `không phải ${this.text(e)}`;
    const clause = (c: IRExpr, min: number) => (prec(c) < min ? `(${this.condition(c)})` : this.condition(c));
    switch (e.kind) {
      case 'unary':
        if (e.op === 'not') return this.condition(e.operand, !positive);
        break;
      case 'binary':
        if (e.op === 'and' || e.op === 'or') {
          const p = PRECEDENCE[e.op]!;
          if (positive) return `${clause(e.left, p)} ${e.op} ${clause(e.right, p + 1)}`;
          // De Morgan: "not (A or B)" is "A does not hold and B does not hold".
          const op = e.op === 'and' ? 'or' : 'and';
          const q = PRECEDENCE[op]!;
          const negated = (c: IRExpr, min: number) => (prec(c) < min || (c.kind === 'binary' && (c.op === 'and' || c.op === 'or')) ? `(${this.condition(c, false)})` : this.condition(c, false));
          return `${negated(e.left, q)} ${op} ${negated(e.right, q + 1)}`;
        }
        if (e.op === '==' || e.op === '!=') {
          const [subject, value] = e.left.kind === 'lit' && e.right.kind !== 'lit' ? [e.right, e.left] : [e.left, e.right];
          if (value.kind === 'lit' && value.type === 'boolean') return this.condition(subject, positive === (e.op === '==') === value.value);
          return this.equality(e, positive === (e.op === '=='));
        }
        if (COMPARISON[e.op]) return this.comparison(e.left, positive ? e.op : COMPARISON[e.op]!.negation, e.right);
        break;
      case 'in':
        return this.membership(e, positive === e.negated);
      case 'ref': {
        const b = e.scope === 'builtin' ? BUILTIN[e.path.join('.')] : undefined;
        if (b?.enNot) return positive ? b.en : b.enNot;
        return `${this.text(e)} is ${quoted(positive ? 'yes' : 'no')}`;
      }
      case 'call':
        return `${this.text(e)} is ${quoted(positive ? 'yes' : 'no')}`;
      default:
        break;
    }
    return positive ? this.text(e) : `not (${this.text(e)})`;
  }

  private literal(e: Lit, options?: ReadonlyMap<string, string>): string {
    const v = e.value;
    switch (e.type) {
      case 'money':
        return formatDong(Number(v));
      case 'number':
        return this.number(Number(v));
      case 'percent':
        return `${this.number(Number(v))}%`;
      case 'date':
        return formatDateVi(String(v));
      case 'datetime': {
        const [d, t] = String(v).split('T');
        return this.w(`${t} ngày ${formatDateVi(d!)}`, `${t} on ${formatDateVi(d!)}`);
      }
      case 'text':
        return quoted(String(v));
      case 'boolean':
        return v ? this.w('có', 'yes') : this.w('không', 'no');
      case 'name': {
        const label = options?.get(String(v));
        return quoted(label ?? idWords(String(v)));
      }
    }
  }

  /** Numbers as the card writes them: Vietnamese keeps every digit ("1.234,5"). */
  private number(n: number): string {
    if (this.lang === 'en') return formatNumber(n, 'en');
    const [int, frac] = String(Math.abs(n)).split('.');
    return `${n < 0 ? '−' : ''}${int!.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}${frac ? `,${frac}` : ''}`;
  }

  /** Labels of the options a choice-valued expression can take. */
  private optionsOf(e: IRExpr): ReadonlyMap<string, string> | undefined {
    if (isChannel(e)) return new Map(Object.entries(CHANNEL).map(([id, p]) => [id, p[this.lang]] as const));
    if (e.kind === 'ref' && (e.scope === 'form' || e.scope === 'row')) return this.ix.field(e.path.join('.'))?.options;
    if (e.kind === 'ref' && e.scope === 'source' && e.path.length === 2) return this.ix.sourceField(e.path[0]!, e.path[1]!)?.field?.options;
    if (e.kind === 'call' && e.member.length === 1) return this.ix.sourceField(e.fn, e.member[0]!)?.field?.options;
    return undefined;
  }

  private ref(e: Extract<IRExpr, { kind: 'ref' }>): string {
    const path = e.path.join('.');
    switch (e.scope) {
      case 'form':
      case 'row': {
        const f = this.ix.field(path);
        if (f) return f.group ? `${f.label} (${f.group})` : f.label;
        return this.ix.group(path) ?? idWords(e.path[e.path.length - 1]!);
      }
      case 'source': {
        const s = e.path.length === 2 ? this.ix.sourceField(e.path[0]!, e.path[1]!) : undefined;
        if (s?.field) return `${s.field.label} ${this.w('trong', 'in')} ${s.source}`;
        const source = this.ix.sourceField(e.path[0]!, '')?.source ?? idWords(e.path[0]!);
        return e.path.length === 1 ? source : `${idWords(e.path.slice(1).join(' '))} ${this.w('trong', 'in')} ${source}`;
      }
      case 'builtin': {
        const b = BUILTIN[path];
        return b ? b[this.lang] : idWords(path);
      }
      case 'value':
        return this.w('giá trị tính phí', 'the value the fee is counted by');
    }
  }

  private call(e: Extract<IRExpr, { kind: 'call' }>): string {
    const [arg] = e.args;
    if (e.fn === 'count' && e.args.length === 1 && e.member.length === 0 && arg?.kind === 'ref') {
      const g = this.ix.group(arg.path.join('.'));
      return this.w(`số mục ${quoted(g ?? this.text(arg))}`, `the number of ${quoted(g ?? this.text(arg))}`);
    }
    if (e.fn === 'age' && e.args.length === 1 && e.member.length === 0) return this.w(`số tuổi tính theo ${this.text(arg!)}`, `the age from ${this.text(arg!)}`);
    const args = e.args.map((a) => this.text(a)).join(', ');
    const by = args ? ` (${this.w('tra theo', 'looked up by')} ${args})` : '';
    if (e.member.length === 1 && e.args.length === 1) {
      const s = this.ix.sourceField(e.fn, e.member[0]!);
      if (s?.field) return `${s.field.label} ${this.w('trong', 'in')} ${s.source}${by}`;
    }
    // No label for this lookup: its names read out as words, never the source text.
    const source = this.ix.sourceField(e.fn, '')?.source ?? idWords(e.fn);
    return e.member.length ? `${idWords(e.member.join(' '))} ${this.w('trong', 'in')} ${source}${by}` : `${source}${by}`;
  }

  private membership(e: Extract<IRExpr, { kind: 'in' }>, negated: boolean): string {
    const options = this.optionsOf(e.value);
    if (e.list.kind === 'list' && options) {
      const names = e.list.items.map((i) => (i.kind === 'lit' && i.type === 'name' ? String(i.value) : undefined));
      if (names.every((n) => n !== undefined && options.has(n))) {
        const phrases = names.map((n) => options.get(n!)!);
        if (isChannel(e.value)) {
          return this.w(negated ? `không ${phrases.join(', không ')}` : phrases.join(' hoặc '), `the dossier is ${negated ? 'not ' : ''}submitted ${phrases.join(' or ')}`);
        }
        const labels = phrases.map(quoted);
        const subject = this.text(e.value);
        if (this.lang === 'vi') return `${subject} ${negated ? `không phải ${labels.join(' hay ')}` : `là ${labels.join(' hoặc ')}`}`;
        if (!negated) return `${subject} is ${labels.join(' or ')}`;
        return labels.length === 1 ? `${subject} is not ${labels[0]}` : `${subject} is neither ${labels.slice(0, -1).join(', ')} nor ${labels[labels.length - 1]}`;
      }
    }
    return `${this.text(e.value)} ${negated ? this.w('không thuộc', 'is none of') : this.w('thuộc', 'is one of')} ${this.text(e.list)}`;
  }

  /** `a == b` / `a != b` (positive: they are equal). */
  private equality(e: Extract<IRExpr, { kind: 'binary' }>, equal: boolean): string {
    const wrap: Wrap = (child, min) => (prec(child) < min ? `(${this.text(child)})` : this.text(child));
    // Put the named option on the right: `owner == basis` reads like `basis == owner`.
    const [subject, value] = e.left.kind === 'lit' && e.right.kind !== 'lit' ? [e.right, e.left] : [e.left, e.right];
    const options = this.optionsOf(subject);
    if (value.kind === 'lit' && value.type === 'name' && options?.has(String(value.value))) {
      const label = options.get(String(value.value))!;
      if (isChannel(subject)) return this.w(`${equal ? '' : 'không '}${label}`, `the dossier is ${equal ? '' : 'not '}submitted ${label}`);
      return `${wrap(subject, 5)} ${equal ? this.w('là', 'is') : this.w('không phải', 'is not')} ${quoted(label)}`;
    }
    if (value.kind === 'lit' && value.type === 'boolean') {
      if (this.lang === 'en') return this.condition(subject, equal === value.value);
      return equal === value.value ? wrap(subject, 5) : `không phải ${wrap(subject, 5)}`;
    }
    const lit = value.kind === 'lit';
    const rel = equal ? (lit ? this.w('bằng', 'is') : this.w('trùng với', 'is the same as')) : lit ? this.w('khác', 'is not') : this.w('khác', 'differs from');
    return `${wrap(subject, 5)} ${rel} ${wrap(value, 5)}`;
  }

  private comparison(left: IRExpr, op: string, right: IRExpr): string {
    const wrap: Wrap = (child, min) => (prec(child) < min ? `(${this.text(child)})` : this.text(child));
    const words = COMPARISON[op]!;
    const s = `${wrap(left, 5)} ${this.lang === 'vi' ? words.vi : isDateLike(left) || isDateLike(right) ? words.enDate : words.en} ${wrap(right, 5)}`;
    return this.lang === 'vi' && op === '>=' ? `${s} trở lên` : s;
  }

  private binary(e: Extract<IRExpr, { kind: 'binary' }>, wrap: Wrap): string {
    const p = PRECEDENCE[e.op]!;
    if (e.op === 'and' || e.op === 'or') {
      if (this.lang === 'en') return this.condition(e);
      return `${wrap(e.left, p)} ${e.op === 'and' ? 'và' : 'hoặc'} ${wrap(e.right, p + 1)}`;
    }
    if (e.op === '==' || e.op === '!=') return this.equality(e, e.op === '==');
    if (COMPARISON[e.op]) return this.comparison(e.left, e.op, e.right);
    return `${wrap(e.left, p)} ${ARITHMETIC[e.op]} ${wrap(e.right, p + 1)}`;
  }
}
