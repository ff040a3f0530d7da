// What a name means, in words a procedure designer reads: label, type, where a prefilled value
// comes from and whether it is locked, legal basis, conditions. Markdown, Vietnamese. Used by
// hover (the whole text) and completion (the first line as detail).
import type * as A from '../ast.ts';
import { sourceInfo, typeLabel } from '../check/index.ts';
import { typeFromRef, UNKNOWN } from '../check/types.ts';
import { documentFormLabels, durationUnitWords, issueLabels, roleLabels } from '../compile/vocabulary.ts';
import { printExpr } from '../print-expr.ts';
import type { Workspace } from '../workspace.ts';
import type { SymbolInfo, Target } from './symbols.ts';
import { describeWord, keywordDocs } from './vocabulary.ts';

const code = (s: string) => `\`${s}\``;
const quoted = (s: string | undefined) => (s ? ` — ${s}` : '');
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const basisLine = (basis: readonly A.StringLit[]) => (basis.length ? `Căn cứ: ${basis.map((b) => b.value).join('; ')}` : undefined);

function effectiveLine(meta: A.RuleMeta | undefined): string | undefined {
  const e = meta?.effective;
  if (!e) return undefined;
  return `Hiệu lực từ ${e.from.value}${e.until ? ` đến ${e.until.value}` : ''}`;
}

function duration(d: A.Duration): string {
  return `${d.amount} ${durationUnitWords[d.unit] ?? d.unit}`;
}

function typeText(ref: A.TypeRef): string {
  const t = typeFromRef(ref) ?? UNKNOWN;
  if (ref.name.text === 'choice') return `lựa chọn: ${ref.options.map((o) => `${code(o.name.text)}${o.label ? ` (${o.label.value})` : ''}`).join(', ')}`;
  return `${code(ref.name.text)} — ${typeLabel(t).vi.replace(/ \([a-z_]+\)$/, '')}`;
}

function declaredAt(ws: Workspace, symbol: SymbolInfo, fromPath: string): string | undefined {
  const def = symbol.def;
  if (!def || def.path === ws.file(fromPath)?.path) return undefined;
  const line = ws.file(def.path)?.lines.position(def.span.start).line;
  return `Khai báo tại ${code(def.path)}${line ? `, dòng ${line}` : ''}`;
}

/** The source a prefill reads from: `population.full_name`, `population(x).full_name`. */
function prefillSource(ws: Workspace, e: A.Expr): string | undefined {
  const head = e.kind === 'Path' ? e.segments[0]?.text : e.kind === 'Call' ? e.callee.text : undefined;
  const info = head ? sourceInfo(ws, head) : undefined;
  if (info) return `${info.decl.label?.value ?? info.decl.name.text}${info.authoritative ? ' (nguồn có giá trị pháp lý)' : ''}`;
  if (head === 'citizen') return 'tài khoản định danh điện tử của người nộp';
  return undefined;
}

function fieldLines(ws: Workspace, f: A.FieldDecl): string[] {
  const lines = [`Kiểu: ${typeText(f.type)}`];
  const flags: string[] = [];
  for (const c of f.clauses) {
    switch (c.kind) {
      case 'Required':
        flags.push(c.when ? `bắt buộc khi ${code(printExpr(c.when))}` : 'bắt buộc');
        break;
      case 'Optional':
        flags.push('không bắt buộc');
        break;
      case 'Visible':
        flags.push(`chỉ hiện khi ${code(printExpr(c.when))}`);
        break;
      case 'Min':
        flags.push(`tối thiểu ${code(printExpr(c.value))}`);
        break;
      case 'Max':
        flags.push(`tối đa ${code(printExpr(c.value))}`);
        break;
      case 'Pattern':
        flags.push(`khớp mẫu ${code(c.pattern.value)}`);
        break;
      case 'Computed':
        flags.push(`tính bằng ${code(printExpr(c.value))}`);
        break;
      case 'Default':
        flags.push(`mặc định ${code(printExpr(c.value))}`);
        break;
      default:
        break;
    }
  }
  if (flags.length) lines.push(flags.join(' · '));
  const prefill = f.clauses.find((c) => c.kind === 'Prefill');
  if (prefill) {
    const from = prefillSource(ws, prefill.from);
    lines.push(`Điền sẵn từ ${code(printExpr(prefill.from))}${from ? ` — ${from}` : ''}`);
  }
  if (f.clauses.some((c) => c.kind === 'Locked')) lines.push('Khóa: người nộp không sửa được giá trị này');
  const help = f.clauses.find((c) => c.kind === 'Help');
  if (help) lines.push(`> ${help.text.value}`);
  return lines;
}

function docLines(d: A.DocDecl): string[] {
  const flags: string[] = [];
  const lines: string[] = [];
  for (const c of d.clauses) {
    switch (c.kind) {
      case 'Required':
        flags.push(c.when ? `bắt buộc khi ${code(printExpr(c.when))}` : 'bắt buộc');
        break;
      case 'Optional':
        flags.push('không bắt buộc');
        break;
      case 'As':
        flags.push((documentFormLabels[c.form.text] ?? c.form.text).toLowerCase());
        break;
      case 'Copies':
        flags.push(`${c.count} bản`);
        break;
      case 'Format':
        flags.push(`định dạng ${c.formats.map((x) => x.text).join(', ')}`);
        break;
      case 'MaxSize':
        flags.push(`tối đa ${c.megabytes} MB`);
        break;
      case 'Signed':
        flags.push('ký số');
        break;
      case 'Generated':
        flags.push('tạo từ tờ khai');
        break;
      case 'Proves':
        lines.push(`Chứng minh: ${c.paths.map((p) => code(printExpr(p))).join(', ')}`);
        break;
      case 'Basis': {
        const b = basisLine(c.meta.basis);
        if (b) lines.push(b);
        const e = effectiveLine(c.meta);
        if (e) lines.push(e);
        break;
      }
      case 'Waived': {
        const b = c.meta.basis.length ? ` (căn cứ: ${c.meta.basis.map((x) => x.value).join('; ')})` : '';
        lines.push(`Miễn nộp khi ${code(printExpr(c.when))}${b}`);
        break;
      }
      case 'Help':
        lines.push(`> ${c.text.value}`);
        break;
    }
  }
  return [...(flags.length ? [flags.join(' · ')] : []), ...lines];
}

function feeLines(fee: A.FeeDecl): string[] {
  const lines: string[] = [];
  const suffix = (meta: A.RuleMeta, when?: A.Expr) => {
    const parts = [when ? ` khi ${code(printExpr(when))}` : ''];
    if (meta.basis.length) parts.push(` (căn cứ: ${meta.basis.map((b) => b.value).join('; ')})`);
    const e = effectiveLine(meta);
    if (e) parts.push(` — ${e.toLowerCase()}`);
    return parts.join('');
  };
  for (const it of fee.items) {
    switch (it.kind) {
      case 'Amount': {
        const a = it.amount;
        const what = a.kind === 'Tiered' ? `theo bậc của ${code(printExpr(a.by))}` : a.kind === 'PerUnit' ? `${code(printExpr(a.value))} × ${code(printExpr(a.per))}` : code(printExpr(a.value));
        lines.push(`- Mức thu ${what}${suffix(it.meta, it.when)}`);
        break;
      }
      case 'Discount':
        lines.push(`- Giảm ${code(printExpr(it.percent))}${suffix(it.meta, it.when)}`);
        break;
      case 'Exempt':
        lines.push(`- Miễn${it.label ? ` «${it.label.value}»` : ''}${suffix(it.meta, it.when)}`);
        break;
      case 'Cap':
        lines.push(`- Mức trần ${code(printExpr(it.value))}${suffix(it.meta)}`);
        break;
      case 'Due':
        lines.push(`- Nộp ${it.on === 'before' ? `trước bước chuyển ${code(it.transition?.text ?? '')}` : it.on === 'result' ? 'khi nhận kết quả' : 'khi nộp hồ sơ'}`);
        break;
    }
  }
  return lines;
}

function agencyName(ws: Workspace, name: string): string {
  const label = ws.agencies.get(name)?.decl.label?.value;
  return label ? `${code(name)} (${label})` : code(name);
}

function stateLines(ws: Workspace, s: A.StateDecl): string[] {
  const lines: string[] = [];
  if (s.final) lines.push('Bước kết thúc');
  for (const c of s.clauses) {
    if (c.kind === 'By') lines.push(`Vai trò: ${code(c.role.text)}${roleLabels[c.role.text] ? ` — ${roleLabels[c.role.text]}` : ''}`);
    if (c.kind === 'At') lines.push(`Tại: ${agencyName(ws, c.agency.text)}`);
    if (c.kind === 'Sla') lines.push(`Thời hạn bước: ${duration(c.duration)}`);
    if (c.kind === 'Pauses') lines.push('Dừng đồng hồ: thời gian ở bước này không tính vào thời hạn giải quyết');
  }
  if (s.transitions.length) lines.push(`Bước chuyển: ${s.transitions.map((t) => `${code(t.name.text)} → ${code(t.target.text)}`).join(', ')}`);
  return lines;
}

function transitionLines(ws: Workspace, t: A.TransitionDecl, from: A.StateDecl): string[] {
  const lines = [`${code(from.name.text)} → ${code(t.target.text)}`];
  for (const c of t.clauses) {
    switch (c.kind) {
      case 'Requires':
        lines.push(`Điều kiện: ${code(printExpr(c.guard))}`);
        break;
      case 'With':
        lines.push(`Nhập: ${c.inputs.map((i) => code(i.text)).join(', ')}`);
        break;
      case 'Issue':
        lines.push(c.result ? `Cấp kết quả ${code(c.result.text)}` : capitalize(issueLabels[c.what.text] ?? `cấp ${code(c.what.text)}`));
        break;
      case 'Notify':
        lines.push(`Thông báo ${code(c.role.text)}${c.message ? `: «${c.message.value}»` : ''}`);
        break;
      case 'Handover':
        lines.push(`Chuyển hồ sơ sang ${agencyName(ws, c.agency.text)}`);
        break;
      case 'Clock':
        lines.push(c.action === 'restarts' ? 'Tính lại thời hạn từ đầu' : 'Dừng hẳn đồng hồ');
        break;
    }
  }
  return lines;
}

function body(ws: Workspace, t: Target): { title: string; lines: string[] } {
  switch (t.kind) {
    case 'procedure': {
      const meta = (key: A.MetaKey) => t.decl.items.find((i): i is A.MetaItem => i.kind === 'Meta' && i.key === key);
      const title = meta('title')?.strings[0]?.value;
      const lines: string[] = [];
      const c = meta('code')?.strings[0]?.value;
      if (c) lines.push(`Mã TTHC: ${c}`);
      const agency = meta('agency')?.names.map((n) => agencyName(ws, n.text)).join(', ');
      if (agency) lines.push(`Cơ quan: ${agency}`);
      const b = basisLine(meta('basis')?.strings ?? []);
      if (b) lines.push(b);
      return { title: `**Thủ tục** ${code(t.decl.name.text)}${quoted(title)}`, lines };
    }
    case 'fragment':
      return {
        title: `**Khối dùng chung** ${code(t.decl.name.text)}${quoted(t.decl.label?.value)}`,
        lines: [`Trường: ${t.decl.fields.map((f) => code(f.name.text)).join(', ')}`],
      };
    case 'field': {
      const path = t.container ? `${t.container}.${t.decl.name.text}` : t.decl.name.text;
      return { title: `**Trường** ${code(path)}${quoted(t.decl.label?.value)}`, lines: fieldLines(ws, t.decl) };
    }
    case 'group': {
      const lines: string[] = [];
      const r = t.decl.repeated;
      if (r) lines.push(`Lặp lại${r.min !== undefined ? `, tối thiểu ${r.min}` : ''}${r.max !== undefined ? `, tối đa ${r.max}` : ''} dòng; ${code(`count(${t.decl.name.text})`)} là số dòng`);
      if (t.decl.visibleWhen) lines.push(`Chỉ hiện khi ${code(printExpr(t.decl.visibleWhen))}`);
      lines.push(`Trường: ${t.decl.fields.map((f) => code(f.name.text)).join(', ')}`);
      return { title: `**Nhóm** ${code(t.decl.name.text)}${quoted(t.decl.label?.value)}`, lines };
    }
    case 'option':
      return {
        title: `**Phương án** ${code(t.option.name.text)}${quoted(t.option.label?.value)}`,
        lines: [`Của trường ${code(t.owner)}${t.ownerLabel ? ` (${t.ownerLabel})` : ''}`],
      };
    case 'doc':
      return { title: `**Giấy tờ** ${code(t.decl.name.text)}${quoted(t.decl.label?.value)}`, lines: docLines(t.decl) };
    case 'fee':
      return { title: `**Phí, lệ phí** ${code(t.decl.name.text)}${quoted(t.decl.label?.value)}`, lines: feeLines(t.decl) };
    case 'result': {
      const lines = t.decl.items.map((i) =>
        i.kind === 'Publish' ? `- Công bố ${code(printExpr(i.target))} = ${code(printExpr(i.value))}${i.subject ? ` cho ${code(printExpr(i.subject))}` : ''}` : `> ${i.text.value}`,
      );
      return { title: `**Kết quả** ${code(t.decl.name.text)}${quoted(t.decl.label?.value)}`, lines };
    }
    case 'state':
      return { title: `**Bước** ${code(t.decl.name.text)}${quoted(t.decl.label?.value)}`, lines: stateLines(ws, t.decl) };
    case 'transition': {
      const first = t.decls[0]!;
      const lines = t.decls.flatMap((d, i) => [...(i > 0 ? [`**Từ bước ${code(d.from.name.text)}**${quoted(d.transition.label?.value)}`] : []), ...transitionLines(ws, d.transition, d.from)]);
      return { title: `**Bước chuyển** ${code(first.transition.name.text)}${quoted(first.transition.label?.value)}`, lines };
    }
    case 'scenario':
      return { title: `**Kịch bản** ${code(t.decl.name.text)}${quoted(t.decl.label?.value)}`, lines: [`${t.decl.steps.length} bước`] };
    case 'source': {
      const i = t.info;
      const lines = [
        `Loại: ${code(i.kind ?? '?')}${i.kind ? ` — ${describeWord('sourceKind', i.kind)?.split(' — ')[1] ?? ''}` : ''}${i.authoritative ? ' · có giá trị pháp lý' : ''}`,
      ];
      if (i.keyName) lines.push(`Khóa tra cứu: ${code(i.keyName)}${i.keyType?.kind === 'personal_id' ? ' — đọc theo người nộp, không cần nêu khóa' : ` — tra cứu bằng ${code(`${i.decl.name.text}(${i.keyName}).…`)}`}`);
      const basis = i.decl.items.flatMap((x) => (x.kind === 'Basis' ? x.meta.basis : []));
      const b = basisLine(basis);
      if (b) lines.push(b);
      return { title: `**Nguồn dữ liệu** ${code(i.decl.name.text)}${quoted(i.decl.label?.value)}`, lines };
    }
    case 'sourceField': {
      const { source, field } = t;
      const label = field.decl.kind === 'SourceField' ? field.decl.label?.value : undefined;
      const lines = [`Kiểu: ${typeText(field.decl.type)}`];
      if (field.key) lines.push('Khóa tra cứu của nguồn');
      lines.push(`Nguồn: ${code(source.decl.name.text)}${quoted(source.decl.label?.value)}${source.authoritative ? ' (nguồn có giá trị pháp lý)' : ''}`);
      const b = basisLine(source.decl.items.flatMap((x) => (x.kind === 'Basis' ? x.meta.basis : [])));
      if (b) lines.push(b);
      return { title: `**Trường của nguồn** ${code(`${source.decl.name.text}.${field.name}`)}${quoted(label)}`, lines };
    }
    case 'agency': {
      const lines: string[] = [];
      for (const it of t.decl.items) {
        if (it.kind === 'Unit') lines.push(`Mã đơn vị: ${code(it.code.value)}`);
        if (it.kind === 'AgencyLevel') lines.push(`Cấp: ${describeWord('agencyLevel', it.level.text)?.split(' — ')[1] ?? it.level.text}`);
        if (it.kind === 'Calendar') lines.push(`Lịch: ${describeWord('calendar', it.calendar.text)?.split(' — ')[1] ?? it.calendar.text}`);
        if (it.kind === 'Parent') lines.push(`Cơ quan cấp trên: ${agencyName(ws, it.parent.text)}`);
      }
      return { title: `**Cơ quan** ${code(t.decl.name.text)}${quoted(t.decl.label?.value)}`, lines };
    }
    case 'word':
      return { title: `${code(t.word)}${describeWord(t.category, t.word) ? ` — ${describeWord(t.category, t.word)}` : ''}`, lines: [] };
    case 'local':
      return {
        title: `${code(t.name)} — giá trị tính bậc${t.by ? ` (${code(printExpr(t.by))})` : ''}`,
        lines: [`Kiểu: ${typeLabel(t.type).vi}`],
      };
  }
}

/** Markdown describing a symbol; `fromPath` is the file it is shown in. */
export function describe(ws: Workspace, symbol: SymbolInfo, fromPath: string): string {
  const { title, lines } = body(ws, symbol.target);
  const where = declaredAt(ws, symbol, fromPath);
  return [title, ...lines, ...(where ? [where] : [])].join('\n\n');
}

/** One line for completion lists: the label and, for values, the type. */
export function detailOf(symbol: SymbolInfo): string | undefined {
  const t = symbol.target;
  switch (t.kind) {
    case 'field':
      return [t.decl.label?.value, typeFromRef(t.decl.type) ? typeLabel(typeFromRef(t.decl.type)!).vi : undefined].filter(Boolean).join(' · ');
    case 'sourceField': {
      const label = t.field.decl.kind === 'SourceField' ? t.field.decl.label?.value : 'khóa tra cứu';
      return [label, typeLabel(t.field.type).vi].filter(Boolean).join(' · ');
    }
    case 'source':
      return t.info.decl.label?.value;
    case 'fragment':
    case 'group':
    case 'doc':
    case 'fee':
    case 'result':
    case 'state':
    case 'scenario':
    case 'agency':
      return t.decl.label?.value;
    case 'option':
      return t.option.label?.value;
    case 'transition':
      return t.decls[0]?.transition.label?.value;
    case 'word':
      return describeWord(t.category, t.word);
    default:
      return undefined;
  }
}

export function keywordHover(word: string): string | undefined {
  const doc = keywordDocs[word];
  return doc ? `${code(word)} — ${doc}` : undefined;
}
