// What the citizen's and the officer's dossier pages share: loading a dossier the user may read,
// and its sections — documents checklist, fee with its breakdown, payments, due date in words,
// timeline in words, the result with its QR code, the action forms, engine errors as alerts —
// and the download of an attached file.
import type { Context } from 'hono';
import { inLang, labelIn, type ProcedureIR } from '@motcua/dsl';
import { EngineError, type Assessment, type DossierView, type DueExplanation, type EventRow } from '@motcua/engine';
import type { Claims } from '../auth/tokens.ts';
import type { ServerContext } from '../context.ts';
import { documentWithEnglish } from '../english.ts';
import { fromEngineError } from '../http/problem.ts';
import type { AppEnv } from '../http/route.ts';
import { actorOf, canRead } from '../routes/dossiers.ts';
import { html, raw, type Child, type Html } from './html.ts';
import { channelName, dueWhen, money, outcomeName, when, type Lang, type T } from './i18n.ts';
import { qrSvg } from './qr.ts';
import { alertBox, type PageContext } from './shell.ts';

export interface StoredDocument {
  readonly id: number;
  readonly doc_id: string;
  readonly name: string;
  readonly mime: string;
  readonly size: number;
  readonly uploaded_at: number;
}

export interface IssuedResult {
  readonly resultId: string;
  readonly data: Record<string, unknown>;
  readonly signature: string | null;
  readonly issuedAt: number;
}

export interface DossierPage {
  /** The engine's view, with the procedure's English texts (english.ts). */
  readonly view: DossierView;
  /** The definition version the dossier is pinned to. */
  readonly ir: ProcedureIR;
  /** The engine's assessment, with the procedure's English texts (english.ts). */
  readonly assessment: Assessment;
  readonly documents: readonly StoredDocument[];
  readonly payments: ReadonlyArray<{ provider: string; reference: string; amount: number; paid_at: number | null }>;
  readonly paid: number;
  readonly events: readonly EventRow[];
  readonly due: DueExplanation;
  readonly results: readonly IssuedResult[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The dossier with everything its page shows, or undefined when it does not exist or the user may not read it. */
export async function loadDossier(ctx: ServerContext, id: string, user: Claims): Promise<DossierPage | undefined> {
  const { engine, storage } = ctx.runtime;
  if (!UUID.test(id)) return undefined;
  let view: DossierView;
  try {
    view = await engine.view(id);
  } catch {
    return undefined;
  }
  // Someone else's dossier is "not found": its existence is not disclosed.
  if (!canRead(user, view)) return undefined;
  const [{ ir }, assessment, documents, payments, events, due, results] = await Promise.all([
    engine.definition(view.procedureId, view.version),
    engine.assess(id, actorOf(user)),
    storage.db.selectFrom('documents').select(['id', 'doc_id', 'name', 'mime', 'size', 'uploaded_at']).where('dossier_id', '=', id).orderBy('id').execute(),
    storage.db.selectFrom('payments').select(['provider', 'reference', 'amount', 'paid_at', 'status']).where('dossier_id', '=', id).orderBy('id').execute(),
    engine.timeline(id),
    engine.explainDue(id),
    storage.db.selectFrom('results').selectAll().where('dossier_id', '=', id).execute(),
  ]);
  const paidRows = payments.filter((p) => p.status === 'paid').map((p) => ({ provider: p.provider, reference: p.reference, amount: Number(p.amount), paid_at: p.paid_at === null ? null : Number(p.paid_at) }));
  return {
    view,
    ir,
    assessment,
    documents: documents.map((d) => ({ ...d, id: Number(d.id), size: Number(d.size), uploaded_at: Number(d.uploaded_at) })),
    payments: paidRows,
    paid: paidRows.reduce((s, p) => s + p.amount, 0),
    events,
    due,
    results: results.map((r) => ({ resultId: r.result_id, data: JSON.parse(r.data) as Record<string, unknown>, signature: r.signature, issuedAt: Number(r.issued_at) })),
  };
}

/** The fee still to pay (total of the current quote minus what was paid). */
export const remainingFee = (d: DossierPage): number => Math.max(0, d.assessment.fees.total - d.paid);

// ------------------------------------------------------------------ names

const names = new WeakMap<ServerContext, Map<string, string>>();

/** Display name of an actor id (sample users by name; else the id). */
export function actorName(ctx: ServerContext, id: string, d: DossierPage | undefined, t: T): string {
  if (id === 'system') return t('Hệ thống', 'System');
  if (d && id === d.view.citizenId) return t('Người nộp hồ sơ', 'Applicant');
  let map = names.get(ctx);
  if (!map) {
    map = new Map((ctx.sampleUsers?.list() ?? []).filter((u) => u.role !== 'citizen').map((u) => [u.id, u.name]));
    names.set(ctx, map);
  }
  return map.get(id) ?? id;
}

/** A name as the catalog's procedures give it: Vietnamese, and English when one of them gives it. */
export interface CatalogName {
  readonly label: string;
  readonly labelEn?: string;
}

/** `known` (the first procedure's name), or `x`'s, taking the English from the first that gives one. */
function mergedName(known: CatalogName | undefined, x: { readonly label: string; readonly labelEn?: string | undefined }): CatalogName {
  if (!known) return { label: x.label, ...(x.labelEn ? { labelEn: x.labelEn } : {}) };
  return known.labelEn || !x.labelEn ? known : { ...known, labelEn: x.labelEn };
}

interface CatalogNames {
  readonly agencies: ReadonlyMap<string, CatalogName>;
  readonly sources: ReadonlyMap<string, CatalogName & { readonly fields: ReadonlyMap<string, CatalogName> }>;
}

const namesOf = new WeakMap<object, CatalogNames>();

/**
 * The agencies and data sources as the catalog's procedures name them: the first procedure's
 * label, and the first English label any of them gives (procedures share agencies and sources,
 * not all of them in English). Made once per catalog.
 */
function catalogNames(ctx: ServerContext): CatalogNames {
  const catalog = ctx.runtime.catalog;
  let names = namesOf.get(catalog);
  if (!names) {
    const agencies = new Map<string, CatalogName>();
    const sources = new Map<string, CatalogName & { fields: Map<string, CatalogName> }>();
    for (const e of catalog) {
      for (const a of e.ir.agencies) agencies.set(a.id, mergedName(agencies.get(a.id), a));
      for (const src of e.ir.sources) {
        const known = sources.get(src.id);
        const fields = known?.fields ?? new Map<string, CatalogName>();
        for (const f of src.fields) fields.set(f.id, mergedName(fields.get(f.id), f));
        sources.set(src.id, { ...mergedName(known, src), fields });
      }
    }
    names = { agencies, sources };
    namesOf.set(catalog, names);
  }
  return names;
}

export function agencyNames(ctx: ServerContext): ReadonlyMap<string, CatalogName> {
  return catalogNames(ctx).agencies;
}

export function sourceNames(ctx: ServerContext): CatalogNames['sources'] {
  return catalogNames(ctx).sources;
}

export function agencyLabel(ctx: ServerContext, id: string, lang: Lang): string {
  const a = agencyNames(ctx).get(id);
  return a ? labelIn(lang, a) : id;
}

/** A procedure's title in the page's language. */
export function procedureTitle(x: { readonly title: string; readonly titleEn?: string | undefined }, lang: Lang): string {
  return inLang(lang, x.title, x.titleEn);
}

export function stateLabel(ir: ProcedureIR, id: string, lang: Lang): string {
  const s = ir.workflow.states.find((x) => x.id === id);
  return s ? labelIn(lang, s) : id;
}

export function transitionLabel(ir: ProcedureIR, id: string, lang: Lang): string {
  for (const s of ir.workflow.states) {
    const tr = s.transitions.find((x) => x.id === id);
    if (tr) return labelIn(lang, tr);
  }
  return id;
}

export function documentLabel(ir: ProcedureIR, id: string, lang: Lang): string {
  const d = ir.documents.find((x) => x.id === id);
  return d ? labelIn(lang, d) : id;
}

/** A result's name: as it was issued (the label in its signed data), in English when the procedure gives it. */
export function resultLabel(ir: ProcedureIR | undefined, id: string, issued: unknown, lang: Lang): string {
  const r = ir?.results.find((x) => x.id === id);
  return labelIn(lang, { label: typeof issued === 'string' && issued !== '' ? issued : (r?.label ?? id), labelEn: r?.labelEn });
}

/** Long state names ("Công an tỉnh tra cứu, xác minh thông tin án tích") wrap rather than widen a phone's page. */
export const WRAP = raw(' style="white-space:normal"');

/** The dossier's step: blue while it moves, green when it ended with its result, red when it ended without one (refused, stopped, withdrawn). */
export function stateBadge(v: DossierView, lang: Lang): Html {
  const kind = !v.state.final ? 'state' : v.resultAt !== null ? 'done' : 'ended';
  return html`<span class="badge ${kind}"${WRAP}>${labelIn(lang, v.state)}</span>`;
}

// ------------------------------------------------------------------ errors

/**
 * An engine error in words: the message, and each failed condition, field error and missing
 * document (named in English from `ir`, the dossier's procedure, when the engine gave no English).
 */
export function engineAlert(pc: PageContext, e: EngineError, ir: ProcedureIR | undefined): Html {
  const { t, lang } = pc;
  const details = e.details as {
    failed?: Array<{ condition: string; text: { vi: string; en: string } }>;
    errors?: Array<{ path: string; message: { vi: string; en: string } }>;
    missing?: Array<{ id: string; label: string; labelEn?: string }>;
  };
  const items: Child[] = [];
  for (const f of details.failed ?? []) {
    if (f.condition === 'form.valid' || f.condition === 'documents.complete') continue; // said below, in detail
    items.push(html`<li>${t('Chưa đạt điều kiện:', 'Condition not met:')} ${f.text[lang]}</li>`);
  }
  if (details.errors?.length) items.push(html`<li>${t('Tờ khai còn lỗi:', 'The form has errors:')}<ul>${details.errors.map((x) => html`<li>${x.message[lang]}</li>`)}</ul></li>`);
  if (details.missing?.length) items.push(html`<li>${t('Còn thiếu giấy tờ:', 'Documents missing:')} ${details.missing.map((m) => labelIn(lang, documentWithEnglish(m, ir))).join('; ')}</li>`);
  const title = e.text[lang];
  return alertBox('error', title, items.length ? html`<ul>${items}</ul>` : undefined);
}

export const engineStatus = (e: EngineError): number => fromEngineError(e).status;

// ------------------------------------------------------------------ sections

const NEED: Record<string, [string, string]> = {
  required: ['Bắt buộc', 'Required'],
  waived: ['Được miễn nộp', 'Waived'],
  not_required: ['Không yêu cầu', 'Not required'],
  optional: ['Không bắt buộc', 'Optional'],
};

const FORM_OF: Record<string, [string, string]> = {
  original: ['bản chính', 'original'],
  copy: ['bản sao', 'copy'],
  certified_copy: ['bản sao chứng thực', 'certified copy'],
  electronic: ['bản điện tử', 'electronic'],
};

/**
 * The documents checklist. `upload` gives each uploadable document a file form posting to
 * `${base}/documents/<doc>`; `download` links attached files to `${base}/files/<n>`.
 */
export function documentsSection(pc: PageContext, d: DossierPage, options: { base: string; upload: boolean; alert?: Html | undefined; requested?: ReadonlySet<string>; requestedAt?: number }): Html {
  const { t, lang } = pc;
  const items = d.assessment.documents.map((doc) => {
    const files = d.documents.filter((f) => f.doc_id === doc.id);
    const need = NEED[doc.need] ?? [doc.need, doc.need];
    const ir = doc.document;
    const facts = [
      ir.form ? FORM_OF[ir.form]?.[lang === 'en' ? 1 : 0] : '',
      ir.formats.length ? `${t('tệp', 'files')} ${ir.formats.map((f) => f.toUpperCase()).join(', ')}` : '',
      ir.maxSizeMB !== undefined ? t(`tối đa ${ir.maxSizeMB} MB`, `at most ${ir.maxSizeMB} MB`) : '',
      ir.signed ? t('có chữ ký số', 'digitally signed') : '',
    ].filter(Boolean);
    // What the agency asked for in a supplement request may be uploaded whatever the rules say.
    const requested = options.requested?.has(doc.id) === true;
    // A file sent before the request is what the agency found wanting: only a newer one answers it.
    const answered = requested && files.some((f) => f.uploaded_at >= (options.requestedAt ?? 0));
    const canUpload = options.upload && !doc.generated && (requested || (doc.need !== 'waived' && doc.need !== 'not_required'));
    const status = doc.generated
      ? html`<span class="badge ok">${t('Hệ thống tự tạo từ tờ khai', 'Generated from the form')}</span>`
      : files.length
        ? html`<span class="badge ok">✓ ${t('Đã nộp', 'Attached')}</span>`
        : doc.need === 'required'
          ? html`<span class="badge need-required">${t('Chưa nộp', 'Missing')}</span>`
          : '';
    const name = labelIn(lang, doc);
    return html`<li id="doc-${doc.id}"><div class="spread"><strong>${name}</strong><span class="badge need-${doc.need}">${need[lang === 'en' ? 1 : 0]}</span></div>
${
  // "bắt buộc" says nothing the badge does not; conditions, waivers and exemptions say why.
  doc.need === 'waived' || doc.need === 'not_required'
    ? html`<div class="meta">${doc.reason[lang]}</div>`
    : ir.required === true && doc.need === 'required'
    ? facts.length
      ? html`<div class="meta">${facts.join(', ')}</div>`
      : ''
    : html`<div class="meta">${doc.reason[lang]}${facts.length ? html` · ${facts.join(', ')}` : ''}</div>`
}
${doc.basis.length ? html`<div class="small muted">${t('Căn cứ', 'Basis')}: ${doc.basis.join('; ')}</div>` : ''}
<div class="row" style="margin-top:4px">${requested ? '' : status}${
  requested
    ? answered
      ? html`<span class="badge ok">✓ ${t('Đã nộp bổ sung', 'Supplement sent')}</span>`
      : html`<span class="badge need-required">${t('Cơ quan yêu cầu bổ sung', 'Asked for by the agency')}</span>`
    : ''
}</div>
${files.length ? html`<ul class="small">${files.map((f) => html`<li><a href="${options.base}/files/${f.id}">${f.name}</a> <span class="muted">(${Math.max(1, Math.round(f.size / 1024))} KB, ${when(f.uploaded_at)})</span></li>`)}</ul>` : ''}
${
  canUpload
    ? html`<form method="post" enctype="multipart/form-data" action="${options.base}/documents/${doc.id}" class="row" style="margin-top:6px">
<input type="file" name="file" required${ir.formats.length ? html` accept="${ir.formats.map((f) => `.${f}`).join(',')}"` : ''} aria-label="${t('Chọn tệp', 'Choose a file')}: ${name}">
<button type="submit" class="secondary">${files.length ? t('Nộp thêm tệp', 'Add a file') : t('Tải lên', 'Upload')}</button></form>`
    : ''
}</li>`;
  });
  const docs = d.assessment.documents;
  const folds = (i: number) => docs[i]!.need === 'not_required' && options.requested?.has(docs[i]!.id) !== true;
  const shown = items.filter((_, i) => !folds(i));
  const folded = items.filter((_, i) => folds(i));
  return html`<section class="card" id="documents"><h2>${t('Thành phần hồ sơ', 'Documents')}</h2>${options.alert ?? ''}
${docs.length ? html`<ul class="checklist">${shown}</ul>` : html`<p class="muted">${t('Thủ tục không yêu cầu giấy tờ.', 'No documents are needed.')}</p>`}
${folded.length ? html`<details><summary>${t(`Giấy tờ không yêu cầu trong trường hợp này (${folded.length})`, `Documents not needed in this case (${folded.length})`)}</summary><ul class="checklist">${folded}</ul></details>` : ''}</section>`;
}

export function feeSection(pc: PageContext, d: DossierPage, options: { pay?: string | undefined } = {}): Html {
  const { t, lang } = pc;
  const fees = d.assessment.fees;
  const remaining = remainingFee(d);
  const dueWords = (f: (typeof fees.fees)[number]) =>
    f.due.on === 'result'
      ? t('nộp khi nhận kết quả', 'paid with the result')
      : f.due.on === 'before' && f.due.transition
        ? t(`nộp trước bước «${transitionLabel(d.ir, f.due.transition, lang)}»`, `due before «${transitionLabel(d.ir, f.due.transition, lang)}»`)
        : t('nộp khi nộp hồ sơ', 'due on submission');
  return html`<section class="card" id="fees"><h2>${t('Phí, lệ phí', 'Fees')}</h2>
${
  fees.fees.length === 0
    ? html`<p class="muted">${t('Thủ tục không thu phí, lệ phí.', 'No fees.')}</p>`
    : fees.fees.map(
        (f) => html`<div class="spread"><strong>${labelIn(lang, f)}</strong><span>${f.exempt ? html`<span class="badge ok">${t('Miễn', 'Exempt')}</span> ` : ''}${money(f.amount)}</span></div>
<ol class="small steps-list">${f.steps.map((s) => html`<li><div class="spread"><span>${s.reason[lang]}</span><strong>${money(s.amount)}</strong></div>${s.basis.length ? html`<div class="muted">${t('Căn cứ', 'Basis')}: ${s.basis.join('; ')}</div>` : ''}</li>`)}</ol>
<div class="meta">${dueWords(f)}</div>`,
      )
}
<div class="spread" style="margin-top:8px"><span>${t('Tổng cộng', 'Total')}</span><span class="fee-total">${money(fees.total)}</span></div>
${d.payments.length ? html`<h3>${t('Đã thanh toán', 'Payments')}</h3><ul class="small">${d.payments.map((p) => html`<li>${money(p.amount)} — ${when(p.paid_at)} · ${t('mã giao dịch', 'reference')} <code>${p.reference}</code> (${p.provider})</li>`)}</ul>` : ''}
${fees.total > 0 ? html`<p>${remaining > 0 ? html`${t('Còn phải nộp', 'Left to pay')}: <strong>${money(remaining)}</strong>` : html`<span class="badge ok">✓ ${t('Đã nộp đủ phí, lệ phí', 'Fees paid in full')}</span>`}</p>` : ''}
${options.pay && remaining > 0 ? html`<form method="post" action="${options.pay}"><button type="submit" class="full">${t('Thanh toán trực tuyến', 'Pay online')} ${money(remaining)}</button></form>` : ''}</section>`;
}

export function dueSection(pc: PageContext, d: DossierPage): Html {
  const { t, lang } = pc;
  const v = d.view;
  return html`<section class="card" id="due"><h2>${t('Thời hạn giải quyết', 'Time limit')}</h2>
<dl class="kv"><dt>${t('Trạng thái', 'State')}</dt><dd>${stateBadge(v, lang)}${v.outcome ? html` <span class="badge outcome-${v.outcome}">${outcomeName(v.outcome, t)}</span>` : ''}</dd>
<dt>${t('Hạn trả kết quả', 'Due')}</dt><dd>${dueWhen(d.due.dueAt, t)}${d.due.status === 'paused' ? html` <span class="badge">${t('tạm dừng', 'paused')}</span>` : ''}</dd>
${v.stateDueAt !== null && !v.state.final ? html`<dt>${t('Hạn xử lý bước này', 'This step due')}</dt><dd>${dueWhen(v.stateDueAt, t)}</dd>` : ''}
${v.resultAt !== null ? html`<dt>${t('Có kết quả lúc', 'Result at')}</dt><dd>${when(v.resultAt)}</dd>` : ''}</dl>
<p class="meta">${d.due.text[lang]}</p></section>`;
}

type Payload = Record<string, unknown>;

const payloadOf = (e: EventRow): Payload => {
  try {
    return JSON.parse(e.payload) as Payload;
  } catch {
    return {};
  }
};

/**
 * The refusal that brought the dossier to the state it is in: the decision (its transition), the
 * step it was taken at, the desk that took it (the step's role and agency — not the officer, whose
 * name stays in the timeline), when, and the reason as the officer typed it. Undefined when the
 * dossier was not refused, or has moved on since.
 */
export function refusalOf(d: DossierPage): { transition: string; from: string; role: string | undefined; agency: string | undefined; at: number; reason: string | null } | undefined {
  const events = d.events;
  let i = events.length - 1;
  while (i >= 0 && events[i]!.type !== 'refused') i--;
  if (i < 0) return undefined;
  // The engine records the transition first, then what it issued (the refusal), in one commit.
  let j = i - 1;
  while (j >= 0 && events[j]!.type !== 'transition') j--;
  if (j < 0) return undefined;
  const move = payloadOf(events[j]!);
  // A later step (an appeal, a reopening) took the dossier on from where the refusal left it.
  if (events.slice(i + 1).some((e) => e.type === 'transition') || move['to'] !== d.view.state.id) return undefined;
  const from = d.ir.workflow.states.find((s) => s.id === move['from']);
  const reason = payloadOf(events[i]!)['reason'];
  return {
    transition: String(move['transition'] ?? ''),
    from: String(move['from'] ?? ''),
    role: from?.role,
    agency: from?.agency ?? d.ir.agency,
    at: Number(events[i]!.at),
    reason: typeof reason === 'string' && reason.trim() !== '' ? reason : null,
  };
}

/** Who decides at a step, as a desk: "Bộ phận tiếp nhận", not a person. */
function deskName(role: string, t: T): string {
  switch (role) {
    case 'reception': return t('Bộ phận tiếp nhận', 'Reception desk');
    case 'specialist': return t('Chuyên viên xử lý', 'Processing specialist');
    case 'leader': return t('Lãnh đạo cơ quan', 'Leader of the agency');
    default: return role;
  }
}

/** At the top of a refused dossier's page: that it was refused, by which decision, at which step, by which desk, when and why. */
export function refusalSection(ctx: ServerContext, pc: PageContext, d: DossierPage): Html {
  const r = refusalOf(d);
  if (!r) return html``;
  const { t, lang } = pc;
  const desk = [r.role ? deskName(r.role, t) : '', r.agency ? agencyLabel(ctx, r.agency, lang) : ''].filter(Boolean).join(' — ');
  return html`<section class="alert alert-error refusal" id="refusal" aria-labelledby="refusal-title"><h2 id="refusal-title">${t('Hồ sơ đã bị từ chối', 'The dossier was refused')}</h2>
<dl class="kv"><dt>${t('Quyết định', 'Decision')}</dt><dd>${transitionLabel(d.ir, r.transition, lang)}</dd>
<dt>${t('Tại bước', 'At the step')}</dt><dd>${stateLabel(d.ir, r.from, lang)}</dd>
${desk ? html`<dt>${t('Cơ quan, bộ phận', 'Decided by')}</dt><dd>${desk}</dd>` : ''}
<dt>${t('Thời điểm', 'When')}</dt><dd>${when(r.at)}</dd></dl>
<p class="reason"><strong>${t('Lý do', 'Reason')}:</strong> ${r.reason ?? t('không ghi lý do.', 'none was given.')}</p></section>`;
}

/** One event of the timeline in words. */
export function eventWords(ctx: ServerContext, pc: PageContext, d: DossierPage, e: EventRow): Html {
  const { t, lang } = pc;
  let p: Payload = {};
  try {
    p = JSON.parse(e.payload) as Payload;
  } catch {
    /* an unreadable payload still shows its type */
  }
  const str = (x: unknown) => (typeof x === 'string' ? x : '');
  const num = (x: unknown) => (typeof x === 'number' ? x : null);
  switch (e.type) {
    case 'created': {
      const n = Array.isArray(p['prefilled']) ? p['prefilled'].length : 0;
      return html`${t('Tạo hồ sơ', 'Dossier created')} (${channelName(str(p['channel']), t)})${n ? t(`, điền sẵn ${n} trường từ cơ sở dữ liệu`, `, ${n} fields prefilled from registries`) : ''}`;
    }
    case 'form_updated': {
      const n = Array.isArray(p['fields']) ? p['fields'].length : 0;
      return html`${t(`Cập nhật tờ khai (${n} trường)`, `Form updated (${n} fields)`)}`;
    }
    case 'document_attached': {
      return html`${t('Nộp giấy tờ', 'Document attached')} «${documentLabel(d.ir, str(p['doc']), lang)}»: ${str(p['name'])}`;
    }
    case 'payment_received':
      return html`${t('Đã thanh toán', 'Payment received')} ${money(num(p['amount']) ?? 0)} (${t('mã giao dịch', 'reference')} ${str(p['reference'])})`;
    case 'transition': {
      const inputs = (p['inputs'] ?? {}) as Payload;
      return html`<strong>${transitionLabel(d.ir, str(p['transition']), lang)}</strong>: ${stateLabel(d.ir, str(p['from']), lang)} → ${stateLabel(d.ir, str(p['to']), lang)}${
        str(inputs['reason']) ? html`<div>${t('Lý do', 'Reason')}: ${str(inputs['reason'])}</div>` : ''
      }${str(inputs['note']) ? html`<div>${t('Ghi chú', 'Note')}: ${str(inputs['note'])}</div>` : ''}`;
    }
    case 'receipt_issued':
      return html`${t('Cấp phiếu tiếp nhận, mã hồ sơ', 'Receipt issued, dossier code')} <strong>${str(p['code'])}</strong>${num(p['dueAt']) !== null ? html`; ${t('hẹn trả kết quả', 'result due')} ${dueWhen(num(p['dueAt']), t)}` : ''}`;
    case 'supplement_requested': {
      const missing = Array.isArray(p['missing'])
        ? (p['missing'] as Array<{ id?: string; label?: string; labelEn?: string }>).map((m) => labelIn(lang, documentWithEnglish({ ...m, id: m.id ?? '', label: m.label ?? '' }, d.ir)))
        : [];
      return html`${t('Yêu cầu bổ sung hồ sơ', 'Supplement requested')}${missing.length ? html`: ${missing.join('; ')}` : ''}${str(p['note']) ? html`<div>${t('Ghi chú', 'Note')}: ${str(p['note'])}</div>` : ''}`;
    }
    case 'refused':
      return html`${t('Từ chối', 'Refused')}${str(p['reason']) ? html`: ${str(p['reason'])}` : ''}`;
    case 'result_issued': {
      const data = (p['data'] ?? {}) as Payload;
      return html`${t('Ban hành kết quả', 'Result issued')} «${resultLabel(d.ir, str(p['result']), data['label'], lang)}»${p['outcome'] ? html` — ${outcomeName(str(p['outcome']), t)}` : ''}`;
    }
    case 'handed_over':
      return html`${t('Chuyển hồ sơ', 'Handed over')}: ${agencyLabel(ctx, str(p['from']), lang)} → ${agencyLabel(ctx, str(p['to']), lang)}`;
    case 'clock_restarted':
      return html`${t('Thời hạn giải quyết sẽ được tính lại từ đầu khi nhận đủ hồ sơ', 'The time limit restarts from zero when the complete dossier arrives')}`;
    case 'clock_stopped':
      return html`${t('Dừng tính thời hạn giải quyết', 'The processing clock stopped')}`;
    case 'extended':
      return html`${t('Thư xin lỗi, hẹn lại ngày trả kết quả', 'Apology letter, new date')}: ${dueWhen(num(p['newDueAt']), t)} (${t('hạn cũ', 'was')} ${dueWhen(num(p['previousDueAt']), t)}). ${t('Lý do', 'Reason')}: ${str(p['reason'])}`;
    case 'due_soon':
      return html`${t('Cảnh báo: sắp đến hạn giải quyết', 'Warning: due soon')} (${dueWhen(num(p['dueAt']), t)})`;
    case 'overdue':
      return html`${t('Hồ sơ đã quá hạn giải quyết', 'The dossier is overdue')} (${dueWhen(num(p['dueAt']), t)})`;
    case 'sla_breached':
      return html`${t('Bước', 'Step')} «${stateLabel(d.ir, str(p['state']), lang)}» ${t('đã quá thời hạn xử lý', 'exceeded its time limit')}`;
    case 'issued':
      return html`${t('Ban hành', 'Issued')} ${str(p['what'])}`;
    default:
      return html`${e.type}`;
  }
}

/** The events, newest first, in words. */
export function timelineList(ctx: ServerContext, pc: PageContext, d: DossierPage, options: { hideFormEdits?: boolean } = {}): Html {
  const events = [...d.events].filter((e) => !(options.hideFormEdits && e.type === 'form_updated')).reverse();
  return html`<ol class="timeline">${events.map(
    (e) => html`<li><div class="at">${when(Number(e.at))} · ${actorName(ctx, e.actor, d, pc.t)}</div><div>${eventWords(ctx, pc, d, e)}</div></li>`,
  )}</ol>`;
}

export function timelineSection(ctx: ServerContext, pc: PageContext, d: DossierPage, options: { hideFormEdits?: boolean } = {}): Html {
  return html`<section class="card" id="timeline"><h2>${pc.t('Quá trình xử lý', 'Timeline')}</h2>${timelineList(ctx, pc, d, options)}</section>`;
}

/** The latest supplement request (what the agency asked for, with the documents' English labels), if the dossier waits for one. */
export function supplementRequest(d: DossierPage): { missing: Array<{ id: string; label: string; labelEn?: string }>; note: string | null; at: number } | undefined {
  const e = [...d.events].reverse().find((x) => x.type === 'supplement_requested');
  if (!e) return undefined;
  const p = JSON.parse(e.payload) as { missing?: Array<{ id: string; label: string; labelEn?: string }>; note?: string | null };
  return { missing: (p.missing ?? []).map((m) => documentWithEnglish(m, d.ir)), note: p.note ?? null, at: Number(e.at) };
}

/** Where the QR code of a result points: the public verification page. */
export function verifyUrl(c: Context, code: string): string {
  const base = process.env['MOTCUA_PUBLIC_URL'] ?? new URL(c.req.url).origin;
  return `${base.replace(/\/$/, '')}/verify/${encodeURIComponent(code)}`;
}

export function resultSection(ctx: ServerContext, pc: PageContext, d: DossierPage): Html {
  const { t, lang } = pc;
  if (d.results.length === 0) return html``;
  const code = d.view.code;
  const url = code ? verifyUrl(pc.c, code) : undefined;
  return html`<section class="card" id="result"><h2>${t('Kết quả giải quyết', 'Result')}</h2>
${d.results.map(
  (r) => html`<h3>${resultLabel(d.ir, r.resultId, r.data['label'], lang)}</h3>
<dl class="kv"><dt>${t('Ngày ban hành', 'Issued')}</dt><dd>${when(r.issuedAt)}</dd><dt>${t('Mã hồ sơ', 'Dossier code')}</dt><dd>${code ?? '—'}</dd>
${publishedWords(ctx, d.ir, r.data, t, lang)}</dl>
<p class="small muted">${r.signature ? t('Kết quả có chữ ký số Ed25519 của cơ quan giải quyết.', 'The result is signed (Ed25519) by the agency.') : t('Kết quả chưa được ký số.', 'The result is not signed.')}</p>`,
)}
${url ? html`<div class="row"><a href="${url}" aria-label="${t('Mở trang xác thực kết quả', 'Open the verification page')}">${raw(qrSvg(url, { title: t('Mã QR xác thực kết quả', 'Verification QR code'), pixels: 180 }))}</a>
<div class="small">${t('Quét mã QR hoặc mở', 'Scan the QR code or open')}<br><a href="${url}">${url}</a><br>${t('để kiểm tra kết quả là thật.', 'to check the result is genuine.')}</div></div>` : ''}</section>`;
}

/**
 * The data a result published, in words: "Nơi thường trú (Cơ sở dữ liệu về cư trú): …". Dates as
 * 24/01/2025; `mask` hides personal ids (the public verification page shows only their ends).
 */
export function publishedWords(_ctx: ServerContext, ir: ProcedureIR | undefined, data: Record<string, unknown>, t: T, lang: Lang, options: { mask?: (id: string) => string } = {}): Html {
  const published = Array.isArray(data['published']) ? (data['published'] as Array<{ source: string; field: string; value: unknown; subject?: string }>) : [];
  return html`${published.map((p) => {
    const source = ir?.sources.find((s) => s.id === p.source);
    const field = source?.fields.find((f) => f.id === p.field);
    const text = typeof p.value === 'string' || typeof p.value === 'number' ? String(p.value) : JSON.stringify(p.value);
    const isId = field ? field.type === 'personal_id' : /^\d{12}$/.test(text);
    const option = field?.options?.find((o) => o.id === p.value);
    const value =
      (option ? labelIn(lang, option) : undefined) ??
      (field?.type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(text)
        ? text.split('-').reverse().join('/')
        : field?.type === 'money' && typeof p.value === 'number'
          ? money(p.value)
          : isId && options.mask
            ? options.mask(text)
            : typeof p.value === 'boolean'
              ? t(p.value ? 'Có' : 'Không', p.value ? 'Yes' : 'No')
              : text);
    return html`<dt>${field ? labelIn(lang, field) : p.field}</dt><dd>${value} <span class="small muted">(${t('đã cập nhật vào', 'recorded in')} ${source ? labelIn(lang, source) : p.source})</span></dd>`;
  })}`;
}

/**
 * A form per transition of the current state, with the inputs it needs: reason and note as text
 * areas, the documents missing as checkboxes (pre-ticked with those missing now), a new date.
 */
export function actionForms(pc: PageContext, d: DossierPage, base: string, options: { values?: Readonly<Record<string, unknown>> | undefined; compact?: boolean } = {}): Html {
  const { t, lang } = pc;
  const missingNow = new Set(d.assessment.missing.map((m) => m.id));
  const posted = options.values;
  const uploadable = d.ir.documents.filter((x) => !x.generated);
  return html`${d.view.actions.map((a, i) => {
    const target = stateLabel(d.ir, a.target, lang);
    const label = labelIn(lang, a);
    const finalTarget = d.ir.workflow.states.find((s) => s.id === a.target)?.final === true;
    const danger = a.inputs.includes('reason') && finalTarget;
    const field = (name: string): Child => {
      const id = `a-${a.id}-${name}`;
      const prev = posted?.['action'] === a.id ? posted[name] : undefined;
      switch (name) {
        case 'reason':
          return html`<div class="field"><label for="${id}">${t('Lý do', 'Reason')} <span class="req">*</span></label><textarea id="${id}" name="reason">${typeof prev === 'string' ? prev : ''}</textarea></div>`;
        case 'note':
          return html`<div class="field"><label for="${id}">${t('Ghi chú', 'Note')} <span class="req">*</span></label><textarea id="${id}" name="note">${typeof prev === 'string' ? prev : ''}</textarea></div>`;
        case 'missing':
          return html`<fieldset><legend>${t('Giấy tờ cần bổ sung', 'Documents to supplement')} <span class="req">*</span></legend>${uploadable.map(
            (doc) =>
              html`<label class="choice"><input type="checkbox" name="missing" value="${doc.id}"${(Array.isArray(prev) ? prev.includes(doc.id) : missingNow.has(doc.id)) ? html` checked` : ''}>${labelIn(lang, doc)}</label>`,
          )}<div class="field"><label for="${id}-note">${t('Hướng dẫn thêm cho người nộp', 'Further guidance for the applicant')}</label><textarea id="${id}-note" name="note">${
            typeof posted?.['note'] === 'string' && posted['action'] === a.id ? posted['note'] : ''
          }</textarea></div></fieldset>`;
        case 'new_date':
          return html`<div class="field"><label for="${id}">${t('Ngày hẹn mới', 'New date')} <span class="req">*</span></label><input id="${id}" type="datetime-local" name="new_date"></div>`;
        default:
          return html`<div class="field"><label for="${id}">${name}</label><input id="${id}" type="text" name="${name}"></div>`;
      }
    };
    const inputs = a.inputs.includes('missing') ? a.inputs.filter((n) => n !== 'note') : a.inputs;
    const hidden = html`<input type="hidden" name="revision" value="${d.view.revision}"><input type="hidden" name="action" value="${a.id}">`;
    if (options.compact) {
      // The citizen's step: the button says it all.
      return html`<form method="post" action="${base}/actions/${a.id}" class="action plain" data-action="${a.id}">${hidden}${inputs.map(field)}<button type="submit" class="full${danger ? ' danger' : i === 0 ? '' : ' secondary'}">${label}</button></form>`;
    }
    return html`<form method="post" action="${base}/actions/${a.id}" class="card action" data-action="${a.id}">${hidden}
<h3>${label}</h3><p class="meta">${t('Chuyển sang', 'Moves to')}: ${target}</p>
${inputs.map(field)}
<button type="submit" class="${danger ? 'danger' : i === 0 ? '' : 'secondary'}">${label}</button></form>`;
  })}`;
}

/** Action inputs from a posted form (reason, note, missing[], new_date) and the revision seen. */
export function actionInputsFromPost(body: Readonly<Record<string, string | string[] | File | (string | File)[]>>): { inputs: { reason?: string; note?: string; missing?: string[]; new_date?: string }; revision?: number } {
  const str = (k: string) => {
    const v = body[k];
    const s = Array.isArray(v) ? v[0] : v;
    return typeof s === 'string' && s.trim() !== '' ? s.slice(0, 2000) : undefined;
  };
  const missingRaw = body['missing'];
  const missing = (Array.isArray(missingRaw) ? missingRaw : missingRaw === undefined ? [] : [missingRaw]).filter((x): x is string => typeof x === 'string').slice(0, 100);
  const revision = Number(str('revision'));
  const inputs: { reason?: string; note?: string; missing?: string[]; new_date?: string } = {};
  const reason = str('reason');
  const note = str('note');
  const newDate = str('new_date');
  if (reason !== undefined) inputs.reason = reason;
  if (note !== undefined) inputs.note = note;
  if (missing.length) inputs.missing = missing;
  if (newDate !== undefined) inputs.new_date = newDate;
  return { inputs, ...(Number.isInteger(revision) && revision >= 0 ? { revision } : {}) };
}

// ------------------------------------------------------------------ files

const SAFE_INLINE = new Set(['application/pdf', 'image/jpeg', 'image/png']);

/** Streams an attached file to a user who may read the dossier; always as a download. */
export function fileRoute(ctx: ServerContext) {
  return async (c: Context<AppEnv>): Promise<Response> => {
    const user = c.get('user');
    if (!user) return c.redirect(`/login?next=${encodeURIComponent(new URL(c.req.url).pathname)}`, 302);
    const id = c.req.param('id') ?? '';
    const n = Number(c.req.param('n'));
    let view: DossierView;
    try {
      if (!UUID.test(id) || !Number.isInteger(n)) throw new Error('bad id');
      view = await ctx.runtime.engine.view(id);
    } catch {
      return c.text('Không tìm thấy / not found', 404);
    }
    if (!canRead(user, view)) return c.text('Không tìm thấy / not found', 404);
    const row = await ctx.runtime.storage.db.selectFrom('documents').select(['sha256', 'name', 'mime']).where('dossier_id', '=', id).where('id', '=', n).executeTakeFirst();
    const bytes = row ? await ctx.runtime.engine.blobs.get(row.sha256) : undefined;
    if (!row || !bytes) return c.text('Không tìm thấy / not found', 404);
    return new Response(bytes as Uint8Array<ArrayBuffer>, {
      headers: {
        'content-type': SAFE_INLINE.has(row.mime) ? row.mime : 'application/octet-stream',
        'content-disposition': `attachment; filename="${row.name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(row.name)}`,
        'content-length': String(bytes.byteLength),
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
      },
    });
  };
}

