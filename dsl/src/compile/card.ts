// The public procedure card in Markdown, with the sections the national public-service portal
// publishes for every procedure, in its order and in Vietnamese. Conditions read as words
// (`channel == online` → "nộp trực tuyến") through expr-text.
import { exprText, formatDateVi, formatMoney, LabelIndex } from './expr-text.ts';
import type { IRDocument, IRDuration, IRExpr, IRFee, IRFeeLine, IRState, ProcedureIR } from './ir.ts';
import {
  agencyLevelLabels,
  channelLabels,
  documentFormLabels,
  durationUnitWords,
  inputLabels,
  issueLabels,
  procedureLevelLabels,
  roleLabels,
} from './vocabulary.ts';

const pad2 = (n: number) => (Number.isInteger(n) && n >= 0 && n < 10 ? `0${n}` : String(n));

/** `7 working_days` → `07 ngày làm việc` (the portal's spelling). */
export function durationText(d: IRDuration): string {
  return `${pad2(d.amount)} ${durationUnitWords[d.unit] ?? d.unit}`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const quoted = (s: string) => `“${s}”`;
const basisNote = (basis: readonly string[]) => (basis.length ? ` (${basis.join('; ')})` : '');

export function toCard(ir: ProcedureIR): string {
  return new CardWriter(ir).write();
}

class CardWriter {
  private readonly ix: LabelIndex;
  private readonly states: ReadonlyMap<string, IRState>;

  constructor(private readonly ir: ProcedureIR) {
    this.ix = new LabelIndex(ir);
    this.states = new Map(ir.workflow.states.map((s) => [s.id, s]));
  }

  private text(e: IRExpr): string {
    return exprText(e, this.ix);
  }

  private agencyLabel(id: string): string {
    return this.ir.agencies.find((a) => a.id === id)?.label ?? id;
  }

  write(): string {
    const sections: [string, string[]][] = [
      ['Trình tự thực hiện', this.steps()],
      ['Cách thức thực hiện', this.channels()],
      ['Thành phần hồ sơ', this.documents()],
      ['Thời hạn giải quyết', this.deadline()],
      ['Đối tượng thực hiện', this.audience()],
      ['Cơ quan thực hiện', this.agencies()],
      ['Kết quả thực hiện', this.results()],
      ['Lệ phí', this.fees()],
      ['Căn cứ pháp lý', this.basis()],
    ];
    const out = [...this.header()];
    for (const [title, body] of sections) out.push('', `## ${title}`, '', ...body);
    return `${out.join('\n')}\n`;
  }

  // ------------------------------------------------------------------------- header

  private header(): string[] {
    const ir = this.ir;
    const main = ir.agencies.find((a) => a.id === ir.agency);
    const lines = [`# ${ir.title}`, ''];
    if (ir.code) lines.push(`- **Mã thủ tục:** ${ir.code}`);
    lines.push(`- **Phiên bản:** ${ir.version}`);
    lines.push(`- **Cơ quan thực hiện:** ${this.agencyLabel(ir.agency)}`);
    if (main?.level) lines.push(`- **Cấp thực hiện:** ${agencyLevelLabels[main.level] ?? main.level}`);
    if (ir.level) lines.push(`- **Mức độ dịch vụ công trực tuyến:** ${procedureLevelLabels[ir.level] ?? ir.level}`);
    if (ir.effective)
      lines.push(`- **Hiệu lực:** từ ngày ${formatDateVi(ir.effective.from)}${ir.effective.until ? ` đến hết ngày ${formatDateVi(ir.effective.until)}` : ''}`);
    return lines;
  }

  // ------------------------------------------------------------------------- steps

  private steps(): string[] {
    const lines: string[] = [];
    const active = this.ir.workflow.states.filter((s) => !s.final);
    active.forEach((s, i) => {
      const who = [s.role ? (roleLabels[s.role] ?? s.role) : undefined, s.role !== 'citizen' && s.agency ? this.agencyLabel(s.agency) : undefined]
        .filter(Boolean)
        .join(', ');
      const notes = [
        s.sla ? `thời hạn ${durationText(s.sla)}` : undefined,
        s.pausesClock ? 'thời gian ở bước này không tính vào thời hạn giải quyết' : undefined,
      ].filter(Boolean);
      lines.push(`${i + 1}. **${s.label}**${who ? ` — ${who}` : ''}${notes.length ? `; ${notes.join('; ')}` : ''}.`);
      for (const t of s.transitions) {
        const parts = [`${t.label}: chuyển sang bước ${quoted(this.states.get(t.target)?.label ?? t.target)}`];
        if (t.guard) parts[0] += `, khi ${this.text(t.guard)}`;
        if (t.inputs.length) parts.push(`ghi rõ ${t.inputs.map((x) => inputLabels[x] ?? x).join(', ')}`);
        for (const e of t.effects) parts.push(this.effect(e));
        lines.push(`   - ${sentence(parts.join('; '))}`);
      }
    });
    const finals = this.ir.workflow.states.filter((s) => s.final);
    if (finals.length) lines.push('', `Hồ sơ kết thúc ở một trong các bước: ${finals.map((s) => quoted(s.label)).join(', ')}.`);
    return lines;
  }

  private effect(e: ProcedureIR['workflow']['states'][number]['transitions'][number]['effects'][number]): string {
    switch (e.type) {
      case 'issue':
        if (e.what === 'result') return `trả kết quả ${quoted(this.ir.results.find((r) => r.id === e.result)?.label ?? e.result ?? '')}`;
        return issueLabels[e.what] ?? `cấp ${e.what}`;
      case 'notify':
        return `thông báo cho ${(roleLabels[e.role] ?? e.role).toLowerCase()}${e.message ? `: ${quoted(e.message)}` : ''}`;
      case 'handover':
        return `chuyển hồ sơ đến ${this.agencyLabel(e.agency)}`;
      case 'clock':
        return e.action === 'restart' ? 'thời hạn giải quyết được tính lại từ đầu khi nhận đủ hồ sơ' : 'dừng tính thời hạn giải quyết';
    }
  }

  // ------------------------------------------------------------------------- channels

  private deadlineWords(): string {
    const d = this.ir.deadline;
    if (!d) return 'Không quy định';
    const from =
      d.from === 'complete'
        ? 'kể từ ngày nhận đủ hồ sơ hợp lệ'
        : d.from === 'submission'
          ? 'kể từ ngày nộp hồ sơ'
          : `kể từ khi hồ sơ chuyển sang bước ${quoted(this.states.get(d.from)?.label ?? d.from)}`;
    return `${durationText(d)} ${from}`;
  }

  private channels(): string[] {
    const lines = ['| Hình thức nộp | Thời hạn giải quyết | Phí, lệ phí |', '| --- | --- | --- |'];
    for (const ch of this.ir.channels) {
      const fees = this.ir.fees.length ? this.ir.fees.map((f) => `${f.label}: ${this.feeForChannel(f, ch)}`).join('; ') : 'Không thu phí, lệ phí';
      lines.push(`| ${channelLabels[ch] ?? ch} | ${cell(this.deadlineWords())} | ${cell(fees)} |`);
    }
    return lines;
  }

  /** The fee a citizen using `channel` pays, deciding what depends only on the channel. */
  private feeForChannel(fee: IRFee, channel: string): string {
    let chosen: IRFeeLine | undefined;
    let alternatives: IRFeeLine[] = [];
    for (const line of fee.lines) {
      const holds = line.condition ? onChannel(line.condition, channel) : true;
      if (holds === true) {
        chosen = line;
        alternatives = [];
      } else if (holds === undefined) alternatives.push(line);
    }
    const percents = fee.discounts
      .filter((d) => (d.condition ? onChannel(d.condition, channel) : true) === true)
      .map((d) => (d.percent.kind === 'lit' ? Number(d.percent.value) : NaN))
      .filter((p) => !Number.isNaN(p));
    const discount = percents.length ? Math.max(...percents) : 0;
    const parts = [chosen ? this.amountWithDiscount(chosen, discount, fee) : 'không thu'];
    for (const alt of alternatives) parts.push(`${this.amountWithDiscount(alt, discount, fee)} khi ${this.text(alt.condition!)}`);
    let text = parts.join('; ');
    if (fee.exemptions.some((x) => onChannel(x.condition, channel) !== false)) text += ' (có trường hợp được miễn, xem mục Lệ phí)';
    return text;
  }

  private amountWithDiscount(line: IRFeeLine, discount: number, fee: IRFee): string {
    const cap = fee.cap?.amount.kind === 'lit' ? Number(fee.cap.amount.value) : undefined;
    if (line.kind === 'fixed' && line.amount.kind === 'lit') {
      let amount = Number(line.amount.value);
      // Half up to whole đồng; toFixed trims binary noise of fractional percents first.
      if (discount) amount = Math.round(Number(((amount * (100 - discount)) / 100).toFixed(6)));
      if (cap !== undefined) amount = Math.min(amount, cap);
      return `${formatMoney(amount)}${discount ? ` (đã giảm ${discount}%)` : ''}`;
    }
    // Tier tables are too long for a table cell: the Lệ phí section lists them.
    const base = line.kind === 'tiered' ? `theo ${this.text(line.by)} (xem mục Lệ phí)` : this.amountText(line);
    const extra = [discount ? `giảm ${discount}%` : undefined, fee.cap ? `tối đa ${this.text(fee.cap.amount)}` : undefined].filter(Boolean);
    return extra.length ? `${base}, ${extra.join(', ')}` : base;
  }

  private amountText(line: IRFeeLine): string {
    switch (line.kind) {
      case 'fixed':
        return this.text(line.amount);
      case 'per_unit':
        return `${this.text(line.amount)} × ${this.text(line.per)}`;
      case 'tiered': {
        const tiers = line.tiers.map((t) => `${t.upTo ? `đến ${this.text(t.upTo)}` : 'trên mức đó'}: ${this.text(t.amount)}`);
        return `theo ${this.text(line.by)} (${tiers.join('; ')})`;
      }
    }
  }

  // ------------------------------------------------------------------------- documents

  private documents(): string[] {
    if (!this.ir.documents.length) return ['Không yêu cầu giấy tờ.'];
    const lines = ['| Tên giấy tờ | Hình thức | Số lượng | Yêu cầu | Được miễn khi |', '| --- | --- | --- | --- | --- |'];
    for (const d of this.ir.documents) {
      const form = d.generated ? 'Tạo tự động từ tờ khai' : d.form ? (documentFormLabels[d.form] ?? d.form) : '—';
      const required = d.required === true ? 'Bắt buộc' : d.required === false ? 'Không bắt buộc' : `Khi ${this.text(d.required)}`;
      const waived = d.waivers.length ? d.waivers.map((w) => `${this.text(w.condition)}${basisNote(w.basis)}`).join('; hoặc ') : '—';
      lines.push(`| ${cell(this.documentName(d))} | ${cell(form)} | ${pad2(d.copies)} bản | ${cell(required)} | ${cell(waived)} |`);
    }
    return lines;
  }

  private documentName(d: IRDocument): string {
    const details = [
      d.formats.length ? `tệp ${d.formats.join(', ')}` : undefined,
      d.maxSizeMB !== undefined ? `tối đa ${String(d.maxSizeMB).replace('.', ',')} MB` : undefined,
      d.signed ? 'có chữ ký số' : undefined,
    ].filter(Boolean);
    return `${d.label}${details.length ? ` (${details.join('; ')})` : ''}`;
  }

  // ------------------------------------------------------------------------- deadline, audience, agencies

  private deadline(): string[] {
    const d = this.ir.deadline;
    if (!d) return ['Không quy định.'];
    let line = `${this.deadlineWords()}${basisNote(d.basis)}.`;
    if (d.unit === 'days')
      line += ' Thời hạn tính theo ngày dương lịch; nếu ngày cuối cùng là ngày nghỉ thì thời hạn kết thúc vào cuối ngày làm việc tiếp theo.';
    const lines = [line];
    const ext = this.ir.extension;
    if (ext.declared)
      lines.push(
        '',
        `Trường hợp không thể trả kết quả đúng hạn, cơ quan giải quyết được gia hạn một lần${ext.max ? `, tối đa ${durationText(ext.max)}` : ''}, ` +
          `và phải gửi văn bản xin lỗi nêu rõ lý do và thời hạn trả kết quả mới${basisNote(ext.basis)}.`,
      );
    return lines;
  }

  private audience(): string[] {
    return this.ir.audience.length ? this.ir.audience.map((a) => `- ${a}`) : ['- Tổ chức, cá nhân có yêu cầu'];
  }

  private agencies(): string[] {
    return this.ir.agencies.map((a, i) => {
      const role = i === 0 ? 'Cơ quan thực hiện' : 'Cơ quan phối hợp';
      return `- ${role}: ${a.label}${a.unit ? ` (mã đơn vị ${a.unit})` : ''}`;
    });
  }

  // ------------------------------------------------------------------------- results, fees, basis

  private results(): string[] {
    if (!this.ir.results.length) return ['Không quy định.'];
    const lines: string[] = [];
    for (const r of this.ir.results) {
      lines.push(`- ${r.label}${r.help ? ` — ${r.help}` : ''}`);
      for (const p of r.publishes) {
        const target = this.ix.sourceField(p.source, p.field);
        const what = target?.field ? quoted(target.field.label) : `\`${p.source}.${p.field}\``;
        const where = target?.source ?? p.source;
        lines.push(`  - Cập nhật ${what} vào ${where}${p.subject ? ` cho người có ${this.text(p.subject)}` : ''}.`);
      }
    }
    return lines;
  }

  private fees(): string[] {
    if (!this.ir.fees.length) return ['Không thu phí, lệ phí.'];
    const lines: string[] = [];
    for (const f of this.ir.fees) {
      if (lines.length) lines.push('');
      lines.push(`**${f.label}**`, '');
      for (const l of f.lines) {
        const when = l.condition ? ` khi ${this.text(l.condition)}` : '';
        lines.push(`- ${capitalize(this.amountText(l))}${when}${effectiveNote(l.effective)}${basisNote(l.basis)}.`);
      }
      for (const d of f.discounts)
        lines.push(`- Giảm ${this.text(d.percent)}${d.condition ? ` khi ${this.text(d.condition)}` : ''}${effectiveNote(d.effective)}${basisNote(d.basis)}.`);
      if (f.discounts.length > 1) lines.push('- Các mức giảm không cộng dồn; áp dụng mức giảm cao nhất.');
      if (f.cap) lines.push(`- Tối đa ${this.text(f.cap.amount)}${effectiveNote(f.cap.effective)}${basisNote(f.cap.basis)}.`);
      for (const x of f.exemptions)
        lines.push(`- Miễn${x.label ? ` cho ${x.label}` : ''} khi ${this.text(x.condition)}${effectiveNote(x.effective)}${basisNote(x.basis)}.`);
      lines.push(`- Thời điểm nộp: ${this.dueText(f)}.`);
    }
    return lines;
  }

  private dueText(f: IRFee): string {
    if (f.due.on === 'result') return 'khi nhận kết quả';
    if (f.due.on === 'before') {
      const t = this.ir.workflow.states.flatMap((s) => s.transitions).find((x) => x.id === f.due.transition);
      return `trước bước ${quoted(t?.label ?? f.due.transition ?? '')}`;
    }
    return 'khi nộp hồ sơ';
  }

  private basis(): string[] {
    const all = [...this.ir.basis];
    const add = (xs: readonly string[]) => xs.forEach((b) => all.includes(b) || all.push(b));
    for (const d of this.ir.documents) {
      add(d.basis);
      d.waivers.forEach((w) => add(w.basis));
    }
    for (const f of this.ir.fees) {
      f.lines.forEach((l) => add(l.basis));
      f.discounts.forEach((d) => add(d.basis));
      f.exemptions.forEach((x) => add(x.basis));
      if (f.cap) add(f.cap.basis);
    }
    if (this.ir.deadline) add(this.ir.deadline.basis);
    add(this.ir.extension.basis);
    return all.length ? all.map((b) => `- ${b}`) : ['Không nêu.'];
  }
}

/** Ends a sentence with a full stop unless a quoted message already ends it (`“… tiếp nhận.”`). */
const sentence = (s: string) => (/[.!?]”?$/.test(s) ? s : `${s}.`);

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function effectiveNote(e: { from: string; until?: string | undefined } | undefined): string {
  if (!e) return '';
  return ` (áp dụng từ ngày ${formatDateVi(e.from)}${e.until ? ` đến hết ngày ${formatDateVi(e.until)}` : ''})`;
}

/** Whether a condition holds for a channel: true/false when only the channel decides, else undefined. */
export function onChannel(e: IRExpr, channel: string): boolean | undefined {
  const isChannel = (x: IRExpr) => x.kind === 'ref' && x.scope === 'builtin' && x.path.length === 1 && x.path[0] === 'channel';
  const name = (x: IRExpr) => (x.kind === 'lit' && x.type === 'name' ? String(x.value) : undefined);
  switch (e.kind) {
    case 'lit':
      return e.type === 'boolean' ? Boolean(e.value) : undefined;
    case 'unary': {
      if (e.op !== 'not') return undefined;
      const v = onChannel(e.operand, channel);
      return v === undefined ? undefined : !v;
    }
    case 'binary': {
      if (e.op === 'and' || e.op === 'or') {
        const l = onChannel(e.left, channel);
        const r = onChannel(e.right, channel);
        if (e.op === 'and') return l === false || r === false ? false : l === true && r === true ? true : undefined;
        return l === true || r === true ? true : l === false && r === false ? false : undefined;
      }
      if (e.op !== '==' && e.op !== '!=') return undefined;
      const other = isChannel(e.left) ? name(e.right) : isChannel(e.right) ? name(e.left) : undefined;
      if (other === undefined) return undefined;
      return (other === channel) === (e.op === '==');
    }
    case 'in': {
      if (!isChannel(e.value) || e.list.kind !== 'list') return undefined;
      const names = e.list.items.map(name);
      if (names.some((n) => n === undefined)) return undefined;
      return names.includes(channel) !== e.negated;
    }
    default:
      return undefined;
  }
}
