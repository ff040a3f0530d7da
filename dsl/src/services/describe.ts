// What a name means, in words a procedure designer reads: label, type, where a prefilled value
// comes from and whether it is locked, legal basis, conditions. Markdown, in Vietnamese or in
// English. Used by hover (the whole text) and completion (the first line as detail).
import type * as A from '../ast.ts';
import { sourceInfo, typeLabel } from '../check/index.ts';
import { typeFromRef, UNKNOWN } from '../check/types.ts';
import { durationUnitWords } from '../compile/vocabulary.ts';
import { printExpr } from '../print-expr.ts';
import type { Workspace } from '../workspace.ts';
import type { SymbolInfo, Target } from './symbols.ts';
import type { Lang } from './types.ts';
import { describeWord, keywordDoc, wordMeaning } from './vocabulary.ts';

const code = (s: string) => `\`${s}\``;
const quoted = (s: string | undefined) => (s ? ` — ${s}` : '');
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** English units, singular and plural. */
const durationUnitWordsEn: Readonly<Record<string, readonly [string, string]>> = {
  working_days: ['working day', 'working days'],
  working_hours: ['working hour', 'working hours'],
  days: ['day', 'days'],
};

/** The words of one language: `w('Vietnamese', 'English')`. */
type Words = (vi: string, en: string) => string;
const wordsOf = (lang: Lang): Words => (vi, en) => (lang === 'en' ? en : vi);

/** What describing needs: the workspace, the language and its words. */
interface Cx {
  readonly ws: Workspace;
  readonly lang: Lang;
  readonly w: Words;
}

const basisLine = (cx: Cx, basis: readonly A.StringLit[]) => (basis.length ? `${cx.w('Căn cứ', 'Legal basis')}: ${basis.map((b) => b.value).join('; ')}` : undefined);
const basisParen = (cx: Cx, basis: readonly A.StringLit[]) => ` (${cx.w('căn cứ', 'legal basis')}: ${basis.map((b) => b.value).join('; ')})`;

function effectiveLine(cx: Cx, meta: A.RuleMeta | undefined): string | undefined {
  const e = meta?.effective;
  if (!e) return undefined;
  return cx.w(`Hiệu lực từ ${e.from.value}${e.until ? ` đến ${e.until.value}` : ''}`, `In force from ${e.from.value}${e.until ? ` until ${e.until.value}` : ''}`);
}

function duration(cx: Cx, d: A.Duration): string {
  const en = durationUnitWordsEn[d.unit];
  const unit = cx.lang === 'en' ? en?.[d.amount === 1 ? 0 : 1] : durationUnitWords[d.unit];
  return `${d.amount} ${unit ?? d.unit}`;
}

function typeText(cx: Cx, ref: A.TypeRef): string {
  const t = typeFromRef(ref) ?? UNKNOWN;
  if (ref.name.text === 'choice') return `${cx.w('lựa chọn', 'choice')}: ${ref.options.map((o) => `${code(o.name.text)}${o.label ? ` (${o.label.value})` : ''}`).join(', ')}`;
  return `${code(ref.name.text)} — ${cx.lang === 'en' ? typeLabel(t).en : typeLabel(t).vi.replace(/ \([a-z_]+\)$/, '')}`;
}

/** A help text as a quote, and its English companion when written. */
function helpLines(cx: Cx, help: { readonly text: A.StringLit; readonly textEn?: A.StringLit | undefined }): string[] {
  return help.textEn ? [`> ${help.text.value}`, `> ${cx.w('Tiếng Anh', 'English')}: ${help.textEn.value}`] : [`> ${help.text.value}`];
}

/** The English companion of the symbol's own label (the procedure's title), when written. */
function englishOf(t: Target): A.StringLit | undefined {
  switch (t.kind) {
    case 'procedure':
      return t.decl.items.find((i): i is A.MetaItem => i.kind === 'Meta' && i.key === 'title')?.titleEn;
    case 'option':
      return t.option.labelEn;
    case 'transition':
      return t.decls[0]?.transition.labelEn;
    case 'source':
      return t.info.decl.labelEn;
    case 'sourceField':
      return t.field.decl.kind === 'SourceField' ? t.field.decl.labelEn : undefined;
    case 'word':
    case 'local':
      return undefined;
    default:
      return t.decl.labelEn;
  }
}

function declaredAt(cx: Cx, symbol: SymbolInfo, fromPath: string): string | undefined {
  const def = symbol.def;
  if (!def || def.path === cx.ws.file(fromPath)?.path) return undefined;
  const line = cx.ws.file(def.path)?.lines.position(def.span.start).line;
  return `${cx.w('Khai báo tại', 'Declared in')} ${code(def.path)}${line ? cx.w(`, dòng ${line}`, `, line ${line}`) : ''}`;
}

const authoritative = (cx: Cx) => cx.w(' (nguồn có giá trị pháp lý)', ' (a source with legal value)');

/** The source a prefill reads from: `population.full_name`, `population(x).full_name`. */
function prefillSource(cx: Cx, e: A.Expr): string | undefined {
  const head = e.kind === 'Path' ? e.segments[0]?.text : e.kind === 'Call' ? e.callee.text : undefined;
  const info = head ? sourceInfo(cx.ws, head) : undefined;
  if (info) return `${info.decl.label?.value ?? info.decl.name.text}${info.authoritative ? authoritative(cx) : ''}`;
  if (head === 'citizen') return cx.w('tài khoản định danh điện tử của người nộp', "the applicant's electronic identity account");
  return undefined;
}

function fieldLines(cx: Cx, f: A.FieldDecl): string[] {
  const { w } = cx;
  const lines = [`${w('Kiểu', 'Type')}: ${typeText(cx, f.type)}`];
  const flags: string[] = [];
  for (const c of f.clauses) {
    switch (c.kind) {
      case 'Required':
        flags.push(c.when ? `${w('bắt buộc khi', 'required when')} ${code(printExpr(c.when))}` : w('bắt buộc', 'required'));
        break;
      case 'Optional':
        flags.push(w('không bắt buộc', 'optional'));
        break;
      case 'Visible':
        flags.push(`${w('chỉ hiện khi', 'shown only when')} ${code(printExpr(c.when))}`);
        break;
      case 'Min':
        flags.push(`${w('tối thiểu', 'at least')} ${code(printExpr(c.value))}`);
        break;
      case 'Max':
        flags.push(`${w('tối đa', 'at most')} ${code(printExpr(c.value))}`);
        break;
      case 'Pattern':
        flags.push(`${w('khớp mẫu', 'matches')} ${code(c.pattern.value)}`);
        break;
      case 'Computed':
        flags.push(`${w('tính bằng', 'computed as')} ${code(printExpr(c.value))}`);
        break;
      case 'Default':
        flags.push(`${w('mặc định', 'default')} ${code(printExpr(c.value))}`);
        break;
      default:
        break;
    }
  }
  if (flags.length) lines.push(flags.join(' · '));
  const prefill = f.clauses.find((c) => c.kind === 'Prefill');
  if (prefill) {
    const from = prefillSource(cx, prefill.from);
    lines.push(`${w('Điền sẵn từ', 'Prefilled from')} ${code(printExpr(prefill.from))}${from ? ` — ${from}` : ''}`);
  }
  if (f.clauses.some((c) => c.kind === 'Locked')) lines.push(w('Khóa: người nộp không sửa được giá trị này', 'Locked: the applicant cannot change this value'));
  const help = f.clauses.find((c) => c.kind === 'Help');
  if (help) lines.push(...helpLines(cx, help));
  return lines;
}

function docLines(cx: Cx, d: A.DocDecl): string[] {
  const { w } = cx;
  const flags: string[] = [];
  const lines: string[] = [];
  for (const c of d.clauses) {
    switch (c.kind) {
      case 'Required':
        flags.push(c.when ? `${w('bắt buộc khi', 'required when')} ${code(printExpr(c.when))}` : w('bắt buộc', 'required'));
        break;
      case 'Optional':
        flags.push(w('không bắt buộc', 'optional'));
        break;
      case 'As':
        flags.push((wordMeaning('docForm', c.form.text, cx.lang) ?? c.form.text).toLowerCase());
        break;
      case 'Copies':
        flags.push(w(`${c.count} bản`, c.count === 1 ? '1 copy' : `${c.count} copies`));
        break;
      case 'Format':
        flags.push(`${w('định dạng', 'format')} ${c.formats.map((x) => x.text).join(', ')}`);
        break;
      case 'MaxSize':
        flags.push(`${w('tối đa', 'at most')} ${c.megabytes} MB`);
        break;
      case 'Signed':
        flags.push(w('ký số', 'digitally signed'));
        break;
      case 'Generated':
        flags.push(w('tạo từ tờ khai', 'generated from the form'));
        break;
      case 'Proves':
        lines.push(`${w('Chứng minh', 'Proves')}: ${c.paths.map((p) => code(printExpr(p))).join(', ')}`);
        break;
      case 'Basis': {
        const b = basisLine(cx, c.meta.basis);
        if (b) lines.push(b);
        const e = effectiveLine(cx, c.meta);
        if (e) lines.push(e);
        break;
      }
      case 'Waived': {
        const b = c.meta.basis.length ? basisParen(cx, c.meta.basis) : '';
        lines.push(`${w('Miễn nộp khi', 'Waived when')} ${code(printExpr(c.when))}${b}`);
        break;
      }
      case 'Help':
        lines.push(...helpLines(cx, c));
        break;
    }
  }
  return [...(flags.length ? [flags.join(' · ')] : []), ...lines];
}

function feeLines(cx: Cx, fee: A.FeeDecl): string[] {
  const { w } = cx;
  const lines: string[] = [];
  const suffix = (meta: A.RuleMeta, when?: A.Expr) => {
    const parts = [when ? ` ${w('khi', 'when')} ${code(printExpr(when))}` : ''];
    if (meta.basis.length) parts.push(basisParen(cx, meta.basis));
    const e = effectiveLine(cx, meta);
    if (e) parts.push(` — ${cx.lang === 'en' ? `in force${e.slice('In force'.length)}` : e.toLowerCase()}`);
    return parts.join('');
  };
  for (const it of fee.items) {
    switch (it.kind) {
      case 'Amount': {
        const a = it.amount;
        const what =
          a.kind === 'Tiered'
            ? `${w('theo bậc của', 'in tiers of')} ${code(printExpr(a.by))}`
            : a.kind === 'PerUnit'
              ? `${code(printExpr(a.value))} × ${code(printExpr(a.per))}`
              : code(printExpr(a.value));
        lines.push(`- ${w('Mức thu', 'Amount')} ${what}${suffix(it.meta, it.when)}`);
        break;
      }
      case 'Discount':
        lines.push(`- ${w('Giảm', 'Discount')} ${code(printExpr(it.percent))}${suffix(it.meta, it.when)}`);
        break;
      case 'Exempt':
        lines.push(`- ${w('Miễn', 'Exempt')}${it.label ? ` «${it.label.value}»` : ''}${suffix(it.meta, it.when)}`);
        break;
      case 'Cap':
        lines.push(`- ${w('Mức trần', 'Cap')} ${code(printExpr(it.value))}${suffix(it.meta)}`);
        break;
      case 'Due': {
        const t = code(it.transition?.text ?? '');
        lines.push(
          `- ${
            it.on === 'before'
              ? w(`Nộp trước bước chuyển ${t}`, `Paid before the transition ${t}`)
              : it.on === 'result'
                ? w('Nộp khi nhận kết quả', 'Paid when the result is received')
                : w('Nộp khi nộp hồ sơ', 'Paid when the dossier is submitted')
          }`,
        );
        break;
      }
    }
  }
  return lines;
}

function agencyName(cx: Cx, name: string): string {
  const label = cx.ws.agencies.get(name)?.decl.label?.value;
  return label ? `${code(name)} (${label})` : code(name);
}

function stateLines(cx: Cx, s: A.StateDecl): string[] {
  const { w } = cx;
  const lines: string[] = [];
  if (s.final) lines.push(w('Bước kết thúc', 'Final step'));
  for (const c of s.clauses) {
    if (c.kind === 'By') {
      const role = wordMeaning('role', c.role.text, cx.lang);
      lines.push(`${w('Vai trò', 'Role')}: ${code(c.role.text)}${role ? ` — ${role}` : ''}`);
    }
    if (c.kind === 'At') lines.push(`${w('Tại', 'At')}: ${agencyName(cx, c.agency.text)}`);
    if (c.kind === 'Sla') lines.push(`${w('Thời hạn bước', 'Step time limit')}: ${duration(cx, c.duration)}`);
    if (c.kind === 'Pauses') lines.push(w('Dừng đồng hồ: thời gian ở bước này không tính vào thời hạn giải quyết', 'Clock paused: time in this step does not count towards the deadline'));
  }
  if (s.transitions.length) lines.push(`${w('Bước chuyển', 'Transitions')}: ${s.transitions.map((t) => `${code(t.name.text)} → ${code(t.target.text)}`).join(', ')}`);
  return lines;
}

function transitionLines(cx: Cx, t: A.TransitionDecl, from: A.StateDecl): string[] {
  const { w } = cx;
  const lines = [`${code(from.name.text)} → ${code(t.target.text)}`];
  for (const c of t.clauses) {
    switch (c.kind) {
      case 'Requires':
        lines.push(`${w('Điều kiện', 'Condition')}: ${code(printExpr(c.guard))}`);
        break;
      case 'With':
        lines.push(`${w('Nhập', 'Enter')}: ${c.inputs.map((i) => code(i.text)).join(', ')}`);
        break;
      case 'Issue':
        lines.push(
          c.result
            ? `${w('Cấp kết quả', 'Issues the result')} ${code(c.result.text)}`
            : capitalize(wordMeaning('issue', c.what.text, cx.lang) ?? `${w('cấp', 'issues')} ${code(c.what.text)}`),
        );
        break;
      case 'Notify':
        lines.push(
          `${w('Thông báo', 'Notifies')} ${code(c.role.text)}${c.message ? `: «${c.message.value}»` : ''}${c.messageEn ? ` — ${w('tiếng Anh', 'in English')}: «${c.messageEn.value}»` : ''}`,
        );
        break;
      case 'Handover':
        lines.push(`${w('Chuyển hồ sơ sang', 'Hands the dossier over to')} ${agencyName(cx, c.agency.text)}`);
        break;
      case 'Clock':
        lines.push(c.action === 'restarts' ? w('Tính lại thời hạn từ đầu', 'Counts the deadline again from the start') : w('Dừng hẳn đồng hồ', 'Stops the clock for good'));
        break;
    }
  }
  return lines;
}

function body(cx: Cx, t: Target): { title: string; lines: string[] } {
  const { ws, w } = cx;
  switch (t.kind) {
    case 'procedure': {
      const meta = (key: A.MetaKey) => t.decl.items.find((i): i is A.MetaItem => i.kind === 'Meta' && i.key === key);
      const title = meta('title')?.strings[0]?.value;
      const lines: string[] = [];
      const c = meta('code')?.strings[0]?.value;
      if (c) lines.push(`${w('Mã TTHC', 'Procedure code')}: ${c}`);
      const agency = meta('agency')?.names.map((n) => agencyName(cx, n.text)).join(', ');
      if (agency) lines.push(`${w('Cơ quan', 'Agency')}: ${agency}`);
      const b = basisLine(cx, meta('basis')?.strings ?? []);
      if (b) lines.push(b);
      return { title: `**${w('Thủ tục', 'Procedure')}** ${code(t.decl.name.text)}${quoted(title)}`, lines };
    }
    case 'fragment':
      return {
        title: `**${w('Khối dùng chung', 'Shared fragment')}** ${code(t.decl.name.text)}${quoted(t.decl.label?.value)}`,
        lines: [`${w('Trường', 'Fields')}: ${t.decl.fields.map((f) => code(f.name.text)).join(', ')}`],
      };
    case 'field': {
      const path = t.container ? `${t.container}.${t.decl.name.text}` : t.decl.name.text;
      return { title: `**${w('Trường', 'Field')}** ${code(path)}${quoted(t.decl.label?.value)}`, lines: fieldLines(cx, t.decl) };
    }
    case 'group': {
      const lines: string[] = [];
      const r = t.decl.repeated;
      const count = code(`count(${t.decl.name.text})`);
      if (r) {
        lines.push(
          w(
            `Lặp lại${r.min !== undefined ? `, tối thiểu ${r.min}` : ''}${r.max !== undefined ? `, tối đa ${r.max}` : ''} dòng; ${count} là số dòng`,
            `Repeated rows${r.min !== undefined ? `, at least ${r.min}` : ''}${r.max !== undefined ? `, at most ${r.max}` : ''}; ${count} is the number of rows`,
          ),
        );
      }
      if (t.decl.visibleWhen) lines.push(`${w('Chỉ hiện khi', 'Shown only when')} ${code(printExpr(t.decl.visibleWhen))}`);
      lines.push(`${w('Trường', 'Fields')}: ${t.decl.fields.map((f) => code(f.name.text)).join(', ')}`);
      return { title: `**${w('Nhóm', 'Group')}** ${code(t.decl.name.text)}${quoted(t.decl.label?.value)}`, lines };
    }
    case 'option':
      return {
        title: `**${w('Phương án', 'Option')}** ${code(t.option.name.text)}${quoted(t.option.label?.value)}`,
        lines: [`${w('Của trường', 'Of the field')} ${code(t.owner)}${t.ownerLabel ? ` (${t.ownerLabel})` : ''}`],
      };
    case 'doc':
      return { title: `**${w('Giấy tờ', 'Document')}** ${code(t.decl.name.text)}${quoted(t.decl.label?.value)}`, lines: docLines(cx, t.decl) };
    case 'fee':
      return { title: `**${w('Phí, lệ phí', 'Fee')}** ${code(t.decl.name.text)}${quoted(t.decl.label?.value)}`, lines: feeLines(cx, t.decl) };
    case 'result': {
      const lines = t.decl.items.flatMap((i) =>
        i.kind === 'Publish'
          ? [`- ${w('Công bố', 'Publishes')} ${code(printExpr(i.target))} = ${code(printExpr(i.value))}${i.subject ? ` ${w('cho', 'for')} ${code(printExpr(i.subject))}` : ''}`]
          : helpLines(cx, i),
      );
      return { title: `**${w('Kết quả', 'Result')}** ${code(t.decl.name.text)}${quoted(t.decl.label?.value)}`, lines };
    }
    case 'state':
      return { title: `**${w('Bước', 'Step')}** ${code(t.decl.name.text)}${quoted(t.decl.label?.value)}`, lines: stateLines(cx, t.decl) };
    case 'transition': {
      const first = t.decls[0]!;
      const lines = t.decls.flatMap((d, i) => [
        ...(i > 0 ? [`**${w('Từ bước', 'From step')} ${code(d.from.name.text)}**${quoted(d.transition.label?.value)}`] : []),
        ...transitionLines(cx, d.transition, d.from),
      ]);
      return { title: `**${w('Bước chuyển', 'Transition')}** ${code(first.transition.name.text)}${quoted(first.transition.label?.value)}`, lines };
    }
    case 'scenario': {
      const n = t.decl.steps.length;
      return { title: `**${w('Kịch bản', 'Scenario')}** ${code(t.decl.name.text)}${quoted(t.decl.label?.value)}`, lines: [w(`${n} bước`, n === 1 ? '1 step' : `${n} steps`)] };
    }
    case 'source': {
      const i = t.info;
      const kind = i.kind ? wordMeaning('sourceKind', i.kind, cx.lang) : undefined;
      const lines = [`${w('Loại', 'Kind')}: ${code(i.kind ?? '?')}${i.kind ? ` — ${kind ?? ''}` : ''}${i.authoritative ? w(' · có giá trị pháp lý', ' · has legal value') : ''}`];
      if (i.keyName) {
        const how =
          i.keyType?.kind === 'personal_id'
            ? w('đọc theo người nộp, không cần nêu khóa', 'read for the applicant, no key needed')
            : `${w('tra cứu bằng', 'looked up with')} ${code(`${i.decl.name.text}(${i.keyName}).…`)}`;
        lines.push(`${w('Khóa tra cứu', 'Lookup key')}: ${code(i.keyName)} — ${how}`);
      }
      const basis = i.decl.items.flatMap((x) => (x.kind === 'Basis' ? x.meta.basis : []));
      const b = basisLine(cx, basis);
      if (b) lines.push(b);
      return { title: `**${w('Nguồn dữ liệu', 'Data source')}** ${code(i.decl.name.text)}${quoted(i.decl.label?.value)}`, lines };
    }
    case 'sourceField': {
      const { source, field } = t;
      const label = field.decl.kind === 'SourceField' ? field.decl.label?.value : undefined;
      const lines = [`${w('Kiểu', 'Type')}: ${typeText(cx, field.decl.type)}`];
      if (field.key) lines.push(w('Khóa tra cứu của nguồn', "The source's lookup key"));
      lines.push(`${w('Nguồn', 'Source')}: ${code(source.decl.name.text)}${quoted(source.decl.label?.value)}${source.authoritative ? authoritative(cx) : ''}`);
      const b = basisLine(cx, source.decl.items.flatMap((x) => (x.kind === 'Basis' ? x.meta.basis : [])));
      if (b) lines.push(b);
      return { title: `**${w('Trường của nguồn', 'Source field')}** ${code(`${source.decl.name.text}.${field.name}`)}${quoted(label)}`, lines };
    }
    case 'agency': {
      const lines: string[] = [];
      for (const it of t.decl.items) {
        if (it.kind === 'Unit') lines.push(`${w('Mã đơn vị', 'Unit code')}: ${code(it.code.value)}`);
        if (it.kind === 'AgencyLevel') lines.push(`${w('Cấp', 'Level')}: ${wordMeaning('agencyLevel', it.level.text, cx.lang) ?? it.level.text}`);
        if (it.kind === 'Calendar') lines.push(`${w('Lịch', 'Calendar')}: ${wordMeaning('calendar', it.calendar.text, cx.lang) ?? it.calendar.text}`);
        if (it.kind === 'Parent') lines.push(`${w('Cơ quan cấp trên', 'Parent agency')}: ${agencyName(cx, it.parent.text)}`);
      }
      return { title: `**${w('Cơ quan', 'Agency')}** ${code(t.decl.name.text)}${quoted(t.decl.label?.value)}`, lines };
    }
    case 'word': {
      const d = describeWord(t.category, t.word, cx.lang);
      return { title: `${code(t.word)}${d ? ` — ${d}` : ''}`, lines: [] };
    }
    case 'local':
      return {
        title: `${code(t.name)} — ${w('giá trị tính bậc', 'the value tiers are counted on')}${t.by ? ` (${code(printExpr(t.by))})` : ''}`,
        lines: [`${w('Kiểu', 'Type')}: ${typeLabel(t.type)[cx.lang]}`],
      };
  }
}

/** Markdown describing a symbol; `fromPath` is the file it is shown in. */
export function describe(ws: Workspace, symbol: SymbolInfo, fromPath: string, lang: Lang = 'vi'): string {
  const cx: Cx = { ws, lang, w: wordsOf(lang) };
  const { title, lines } = body(cx, symbol.target);
  const en = englishOf(symbol.target);
  const english = en ? [`${cx.w('Tiếng Anh', 'English')}: ${en.value}`] : [];
  const where = declaredAt(cx, symbol, fromPath);
  return [title, ...english, ...lines, ...(where ? [where] : [])].join('\n\n');
}

/** One line for completion lists: the label (its English text in English, when written) and, for values, the type. */
export function detailOf(symbol: SymbolInfo, lang: Lang = 'vi'): string | undefined {
  const t = symbol.target;
  const label = (x: { readonly label?: A.StringLit | undefined; readonly labelEn?: A.StringLit | undefined } | undefined) =>
    (lang === 'en' && x?.labelEn ? x.labelEn : x?.label)?.value;
  switch (t.kind) {
    case 'field': {
      const type = typeFromRef(t.decl.type);
      return [label(t.decl), type ? typeLabel(type)[lang] : undefined].filter(Boolean).join(' · ');
    }
    case 'sourceField': {
      const text = t.field.decl.kind === 'SourceField' ? label(t.field.decl) : wordsOf(lang)('khóa tra cứu', 'lookup key');
      return [text, typeLabel(t.field.type)[lang]].filter(Boolean).join(' · ');
    }
    case 'source':
      return label(t.info.decl);
    case 'fragment':
    case 'group':
    case 'doc':
    case 'fee':
    case 'result':
    case 'state':
    case 'scenario':
    case 'agency':
      return label(t.decl);
    case 'option':
      return label(t.option);
    case 'transition':
      return label(t.decls[0]?.transition);
    case 'word':
      return describeWord(t.category, t.word, lang);
    default:
      return undefined;
  }
}

export function keywordHover(word: string, lang: Lang = 'vi'): string | undefined {
  const doc = keywordDoc(word, lang);
  return doc ? `${code(word)} — ${doc}` : undefined;
}
