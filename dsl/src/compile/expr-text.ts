// IR expressions back to words: `exprSource` gives the canonical language text (for
// machine-facing annotations), `exprText` a Vietnamese phrase with the designer's labels
// ("nộp trực tuyến", "Diện chính sách là “Hộ nghèo”") for the public card. Where a name has no
// label the phrase falls back to the source text of that part.
import { operatorPrecedence } from '../print-expr.ts';
import { labelIn, type IRBinaryOp, type IRExpr, type ProcedureIR } from './ir.ts';
import { builtinPhrases, channelPhrases } from './vocabulary.ts';

// ---------------------------------------------------------------------------- numbers and dates

/** `1234567.5` → `1.234.567,5` (Vietnamese grouping and decimal comma). */
export function formatNumberVi(n: number): string {
  const [int, frac] = String(Math.abs(n)).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${n < 0 ? '−' : ''}${grouped}${frac ? `,${frac}` : ''}`;
}

/** `20000` → `20.000 đồng`. */
export function formatMoney(n: number): string {
  return `${formatNumberVi(n)} đồng`;
}

/** `2024-01-01` → `01/01/2024`. */
export function formatDateVi(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

function sourceNumber(n: number): string {
  if (!Number.isInteger(n) || Math.abs(n) < 10_000) return String(n);
  return `${n < 0 ? '-' : ''}${String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '_')}`;
}

// ---------------------------------------------------------------------------- canonical source

const precedence = operatorPrecedence;

function prec(e: IRExpr): number {
  if (e.kind === 'binary') return precedence[e.op];
  if (e.kind === 'in') return precedence.in;
  if (e.kind === 'unary') return e.op === 'not' ? precedence.not : 7;
  return 8;
}

function quoteText(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}

/** The expression as the designer would write it, canonically spaced and parenthesised. */
export function exprSource(e: IRExpr): string {
  const wrap = (child: IRExpr, min: number) => (prec(child) < min ? `(${exprSource(child)})` : exprSource(child));
  switch (e.kind) {
    case 'lit':
      switch (e.type) {
        case 'text':
          return quoteText(String(e.value));
        case 'money':
          return `${sourceNumber(Number(e.value))} VND`;
        case 'percent':
          return `${e.value}%`;
        case 'number':
          return sourceNumber(Number(e.value));
        case 'datetime':
          return String(e.value).replace('T', ' ');
        default:
          return String(e.value);
      }
    case 'ref':
      // A row reference is written with the field's bare name inside its group.
      return e.scope === 'row' ? e.path[e.path.length - 1]! : e.path.join('.');
    case 'call':
      return `${e.fn}(${e.args.map(exprSource).join(', ')})${e.member.map((m) => `.${m}`).join('')}`;
    case 'list':
      return `[${e.items.map(exprSource).join(', ')}]`;
    case 'unary':
      return e.op === 'not' ? `not ${wrap(e.operand, precedence.not)}` : `-${wrap(e.operand, 7)}`;
    case 'in':
      return `${wrap(e.value, precedence.in + 1)} ${e.negated ? 'not in' : 'in'} ${wrap(e.list, precedence.in + 1)}`;
    case 'binary': {
      const p = precedence[e.op];
      return `${wrap(e.left, p === 4 ? p + 1 : p)} ${e.op} ${wrap(e.right, p + 1)}`;
    }
  }
}

// ---------------------------------------------------------------------------- labels

interface Labelled {
  readonly label: string;
  readonly options: ReadonlyMap<string, string>;
}

/**
 * The labels an expression may mention, gathered once per procedure: the Vietnamese ones, or with
 * `lang` 'en' their English companions where the procedure gives them (Vietnamese where not).
 */
export class LabelIndex {
  private readonly fields = new Map<string, Labelled & { readonly group?: string }>();
  private readonly groups = new Map<string, string>();
  private readonly sources = new Map<string, { readonly label: string; readonly fields: ReadonlyMap<string, Labelled> }>();

  constructor(ir: Pick<ProcedureIR, 'form' | 'sources'>, lang: 'vi' | 'en' = 'vi') {
    const label = (x: { readonly label: string; readonly labelEn?: string | undefined }) => labelIn(lang, x);
    const options = (xs: ReadonlyArray<{ readonly id: string; readonly label: string; readonly labelEn?: string | undefined }> | undefined) =>
      new Map((xs ?? []).map((o) => [o.id, label(o)] as const));
    for (const g of ir.form.groups) this.groups.set(g.path, label(g));
    for (const f of ir.form.fields) {
      this.fields.set(f.path, { label: label(f), options: options(f.options), ...(f.group ? { group: this.groups.get(f.group) ?? f.group } : {}) });
    }
    for (const s of ir.sources) {
      const fields = new Map(s.fields.map((f) => [f.id, { label: label(f), options: options(f.options) }] as const));
      this.sources.set(s.id, { label: label(s), fields });
    }
  }

  field(path: string) {
    return this.fields.get(path);
  }

  group(path: string): string | undefined {
    return this.groups.get(path);
  }

  sourceField(source: string, field: string): { source: string; field?: Labelled } | undefined {
    const s = this.sources.get(source);
    if (!s) return undefined;
    const f = s.fields.get(field);
    return f ? { source: s.label, field: f } : { source: s.label };
  }
}

// ---------------------------------------------------------------------------- Vietnamese text

const code = (s: string) => `\`${s}\``;
const quoted = (s: string) => `“${s}”`;

function isChannel(e: IRExpr): boolean {
  return e.kind === 'ref' && e.scope === 'builtin' && e.path.length === 1 && e.path[0] === 'channel';
}

/** A readable Vietnamese phrase for a condition or an amount. */
export function exprText(e: IRExpr, ix: LabelIndex): string {
  return new TextRenderer(ix).text(e);
}

class TextRenderer {
  constructor(private readonly ix: LabelIndex) {}

  text(e: IRExpr): string {
    const wrap = (child: IRExpr, min: number) => (prec(child) < min ? `(${this.text(child)})` : this.text(child));
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
        return e.op === 'not' ? `không phải ${wrap(e.operand, precedence.not + 1)}` : `−${wrap(e.operand, 7)}`;
      case 'in':
        return this.membership(e);
      case 'binary':
        return this.binary(e, wrap);
    }
  }

  private literal(e: Extract<IRExpr, { kind: 'lit' }>, options?: ReadonlyMap<string, string>): string {
    const v = e.value;
    switch (e.type) {
      case 'money':
        return formatMoney(Number(v));
      case 'number':
        return formatNumberVi(Number(v));
      case 'percent':
        return `${formatNumberVi(Number(v))}%`;
      case 'date':
        return formatDateVi(String(v));
      case 'datetime': {
        const [d, t] = String(v).split('T');
        return `${t} ngày ${formatDateVi(d!)}`;
      }
      case 'text':
        return quoted(String(v));
      case 'boolean':
        return v ? 'có' : 'không';
      case 'name': {
        const label = options?.get(String(v));
        return label ? quoted(label) : code(String(v));
      }
    }
  }

  /** Labels of the options a choice-valued expression can take. */
  private optionsOf(e: IRExpr): ReadonlyMap<string, string> | undefined {
    if (isChannel(e)) return new Map(Object.entries(channelPhrases));
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
        const g = this.ix.group(path);
        return g ?? code(path);
      }
      case 'source': {
        const s = e.path.length === 2 ? this.ix.sourceField(e.path[0]!, e.path[1]!) : undefined;
        return s?.field ? `${s.field.label} trong ${s.source}` : code(path);
      }
      case 'builtin':
        return builtinPhrases[path] ?? code(path);
      case 'value':
        return 'giá trị tính phí';
    }
  }

  private call(e: Extract<IRExpr, { kind: 'call' }>): string {
    const [arg] = e.args;
    if (e.fn === 'count' && e.args.length === 1 && e.member.length === 0 && arg?.kind === 'ref') {
      const g = this.ix.group(arg.path.join('.'));
      if (g) return `số mục ${quoted(g)}`;
    }
    if (e.fn === 'age' && e.args.length === 1 && e.member.length === 0) return `số tuổi tính theo ${this.text(arg!)}`;
    if (e.member.length === 1 && e.args.length === 1) {
      const s = this.ix.sourceField(e.fn, e.member[0]!);
      if (s?.field) return `${s.field.label} trong ${s.source} (tra theo ${this.text(arg!)})`;
    }
    return code(exprSource(e));
  }

  private membership(e: Extract<IRExpr, { kind: 'in' }>): string {
    const options = this.optionsOf(e.value);
    if (e.list.kind === 'list' && options) {
      const names = e.list.items.map((i) => (i.kind === 'lit' && i.type === 'name' ? String(i.value) : undefined));
      if (names.every((n) => n !== undefined && options.has(n))) {
        if (isChannel(e.value)) {
          const phrases = names.map((n) => channelPhrases[n!]!);
          return e.negated ? `không ${phrases.join(', không ')}` : phrases.join(' hoặc ');
        }
        const labels = names.map((n) => quoted(options.get(n!)!));
        return `${this.text(e.value)} ${e.negated ? `không phải ${labels.join(' hay ')}` : `là ${labels.join(' hoặc ')}`}`;
      }
    }
    return `${this.text(e.value)} ${e.negated ? 'không thuộc' : 'thuộc'} ${this.text(e.list)}`;
  }

  private binary(e: Extract<IRExpr, { kind: 'binary' }>, wrap: (child: IRExpr, min: number) => string): string {
    const p = precedence[e.op];
    if (e.op === 'and' || e.op === 'or') return `${wrap(e.left, p)} ${e.op === 'and' ? 'và' : 'hoặc'} ${wrap(e.right, p + 1)}`;
    if (e.op === '==' || e.op === '!=') {
      const eq = e.op === '==';
      // Put the named option on the right: `owner == basis` reads like `basis == owner`.
      const [subject, value] = e.left.kind === 'lit' && e.right.kind !== 'lit' ? [e.right, e.left] : [e.left, e.right];
      const options = this.optionsOf(subject);
      if (value.kind === 'lit' && value.type === 'name' && options?.has(String(value.value))) {
        if (isChannel(subject)) return `${eq ? '' : 'không '}${channelPhrases[String(value.value)]}`;
        return `${wrap(subject, 5)} ${eq ? 'là' : 'không phải'} ${quoted(options.get(String(value.value))!)}`;
      }
      if (value.kind === 'lit' && value.type === 'boolean') {
        const positive = eq === value.value;
        return positive ? wrap(subject, 5) : `không phải ${wrap(subject, 5)}`;
      }
      const rel = eq ? (value.kind === 'lit' ? 'bằng' : 'trùng với') : 'khác';
      return `${wrap(subject, 5)} ${rel} ${wrap(value, 5)}`;
    }
    const words: Record<string, string> = {
      '<': 'nhỏ hơn',
      '<=': 'không quá',
      '>': 'lớn hơn',
      '>=': 'từ',
      '+': '+',
      '-': '−',
      '*': '×',
      '/': '÷',
    };
    if (p === 4) {
      const s = `${wrap(e.left, 5)} ${words[e.op]} ${wrap(e.right, 5)}`;
      return e.op === '>=' ? `${s} trở lên` : s;
    }
    return `${wrap(e.left, p)} ${words[e.op]} ${wrap(e.right, p + 1)}`;
  }
}
