// The citizen portal: the catalog with search and each procedure's card; "Nộp hồ sơ" creates a
// draft; the dossier page walks the citizen through the form (prefilled from national data), the
// documents, the fee and submission, then tracks the dossier to its result; "who read my data".
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { labelIn } from '@motcua/dsl';
import { EngineError, type FieldError } from '@motcua/engine';
import type { ServerContext } from '../context.ts';
import type { AppEnv } from '../http/route.ts';
import { actorOf, MAX_UPLOAD_BYTES } from '../routes/dossiers.ts';
import { searchCatalog, type CatalogEntry } from '../runtime/catalog.ts';
import {
  actionForms,
  actionInputsFromPost,
  actorName,
  agencyLabel,
  documentsSection,
  dueSection,
  engineAlert,
  engineStatus,
  feeSection,
  fileRoute,
  loadDossier,
  procedureTitle,
  refusalSection,
  sourceNames,
  remainingFee,
  resultSection,
  stateBadge,
  stateLabel,
  supplementRequest,
  timelineList,
  timelineSection,
  transitionLabel,
  WRAP,
  type DossierPage,
} from './dossier.ts';
import { FORM_SCRIPT, LOCK, patchFromPost, renderEditableForm, renderReadonlyForm } from './form.ts';
import { html, raw, type Html } from './html.ts';
import { channelName, dueWhen, levelName, money, when } from './i18n.ts';
import { markdownToHtml } from './layout.ts';
import { alertBox, pageContext, renderPage, requireRole, type PageContext } from './shell.ts';

type Posted = Record<string, string | string[]>;

/** The text fields of a posted form (files left out). */
async function postedFields(c: { req: { parseBody(o: { all: true }): Promise<Record<string, string | File | (string | File)[]>> } }): Promise<Posted> {
  const body = await c.req.parseBody({ all: true });
  const out: Posted = {};
  for (const [k, v] of Object.entries(body)) {
    if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
    else if (typeof v === 'string') out[k] = v;
  }
  return out;
}

interface CitizenPageState {
  readonly alert?: Html;
  readonly status?: number;
  /** Field errors to show beside the fields. */
  readonly errors?: readonly FieldError[];
  /** Raw values of a refused save, shown again. */
  readonly submitted?: Record<string, string>;
  readonly documentsAlert?: Html;
}

export function portalPages(app: Hono<AppEnv>, ctx: ServerContext): void {
  const catalog = ctx.runtime.catalog;
  const byId = new Map(catalog.map((e) => [e.id, e]));
  const { engine } = ctx.runtime;

  // ---------------------------------------------------------------- catalog

  app.get('/portal', (c) => {
    const pc = pageContext(c);
    const { t } = pc;
    const q = (c.req.query('q') ?? '').slice(0, 200);
    const found = searchCatalog(catalog, q);
    return renderPage(
      pc,
      t('Thủ tục hành chính', 'Procedures'),
      html`<h1>${t('Dịch vụ công trực tuyến', 'Online public services')}</h1>
<form method="get" action="/portal" class="card" role="search"><label for="q">${t('Tìm thủ tục (gõ có dấu hoặc không dấu)', 'Search procedures (with or without accents)')}</label>
<div class="row"><input id="q" type="search" name="q" value="${q}" placeholder="${t('ví dụ: thuong tru, khai sinh, 1.004222', 'e.g. thuong tru, khai sinh, 1.004222')}" style="flex:1;min-width:0"><button type="submit">${t('Tìm', 'Search')}</button></div></form>
<p class="meta">${q ? t(`${found.length} thủ tục phù hợp với «${q}»`, `${found.length} procedures match «${q}»`) : t(`${found.length} thủ tục`, `${found.length} procedures`)}</p>
${found.map((e) => procedureCard(pc, e))}`,
    );
  });

  const procedureCard = (pc: PageContext, e: CatalogEntry) => {
    const { t, lang } = pc;
    const level = levelName(e.level, t);
    return html`<div class="card"><a href="/portal/procedures/${e.id}"><strong>${procedureTitle(e.ir, lang)}</strong></a>
<div class="meta">${t('Mã thủ tục', 'Code')} ${e.code} · ${agencyLabel(ctx, e.agency, lang)}${level ? html` · ${level}` : ''}</div></div>`;
  };

  /**
   * The procedure in English, above its public card — which stays Vietnamese, in the national
   * portal's format: the title, the steps, the documents and the fees as the procedure names them
   * in English (in Vietnamese where it gives no English).
   */
  const inEnglish = (pc: PageContext, e: CatalogEntry): Html => {
    const { lang, t } = pc;
    const { ir } = e;
    const level = levelName(e.level, t);
    const steps = ir.workflow.states.filter((st) => !st.final);
    const ends = ir.workflow.states.filter((st) => st.final);
    const need = (d: (typeof ir.documents)[number]) => (d.generated ? ' (made from the form)' : d.required === true ? '' : d.required === false ? ' (optional)' : ' (in some cases)');
    return html`<section class="card" id="in-english"><h1>${procedureTitle(ir, lang)}</h1>
<p class="meta">Code ${e.code} · ${agencyLabel(ctx, e.agency, lang)}${level ? html` · ${level}` : ''}</p>
<h2>Steps</h2><ol>${steps.map((st) => html`<li>${labelIn(lang, st)}</li>`)}</ol>${ends.length ? html`<p>Ends with: ${ends.map((st) => labelIn(lang, st)).join('; ')}.</p>` : ''}
<h2>Documents</h2>${ir.documents.length ? html`<ul>${ir.documents.map((d) => html`<li>${labelIn(lang, d)}${need(d)}</li>`)}</ul>` : html`<p>No documents are needed.</p>`}
<h2>Fees</h2>${ir.fees.length ? html`<ul>${ir.fees.map((f) => html`<li>${labelIn(lang, f)}</li>`)}</ul>` : html`<p>No fees.</p>`}
<p class="meta">The card below is the procedure’s official description, in Vietnamese as the national public service portal publishes it (amounts, conditions, legal basis).</p></section>`;
  };

  app.get('/portal/procedures/:id', (c) => {
    const pc = pageContext(c);
    const { t, lang } = pc;
    const e = byId.get(c.req.param('id'));
    if (!e) return renderPage(pc, t('Không tìm thấy', 'Not found'), html`<div class="card"><h1>${t('Không tìm thấy thủ tục', 'No such procedure')}</h1></div>`, { status: 404 });
    const channels = e.ir.channels;
    const start =
      pc.user && pc.user.role !== 'citizen'
        ? html`<p class="meta">${t('Chỉ công dân, tổ chức nộp hồ sơ.', 'Only citizens submit dossiers.')}</p>`
        : html`<form method="post" action="/portal/dossiers"><input type="hidden" name="procedureId" value="${e.id}">
${channels.length > 1 ? html`<div class="field"><label for="channel">${t('Hình thức nộp', 'Channel')}</label><select id="channel" name="channel">${channels.map((ch) => html`<option value="${ch}"${ch === 'online' ? html` selected` : ''}>${channelName(ch, t)}</option>`)}</select></div>` : html`<input type="hidden" name="channel" value="${channels[0]!}">`}
<button type="submit" class="full">${t('Nộp hồ sơ', 'Start a dossier')}</button>
${pc.user ? '' : html`<p class="meta">${t('Bạn sẽ được yêu cầu đăng nhập bằng tài khoản định danh điện tử.', 'You will be asked to sign in with your electronic identity.')}</p>`}</form>`;
    return renderPage(pc, procedureTitle(e.ir, lang), html`${lang === 'en' ? inEnglish(pc, e) : ''}<div class="card">${start}</div><div class="card procedure-card">${raw(markdownToHtml(e.card))}</div>`);
  });

  // ---------------------------------------------------------------- dossiers

  app.post('/portal/dossiers', bodyLimit({ maxSize: 64 * 1024 }), async (c) => {
    const pc = pageContext(c);
    const body = await postedFields(c);
    const procedureId = typeof body['procedureId'] === 'string' ? body['procedureId'] : '';
    if (!pc.user) return c.redirect(`/login?next=${encodeURIComponent(`/portal/procedures/${procedureId}`)}`, 303);
    const denied = requireRole(pc, ['citizen']);
    if (denied) return denied;
    const e = byId.get(procedureId);
    if (!e) return renderPage(pc, pc.t('Không tìm thấy', 'Not found'), html`<div class="card"><h1>${pc.t('Không tìm thấy thủ tục', 'No such procedure')}</h1></div>`, { status: 404 });
    const channel = body['channel'] === 'in_person' || body['channel'] === 'postal' ? body['channel'] : 'online';
    try {
      const v = await engine.createDraft({ procedureId: e.id, channel, actor: actorOf(pc.user!) });
      return c.redirect(`/portal/dossiers/${v.id}?created=1`, 303);
    } catch (err) {
      if (err instanceof EngineError) return renderPage(pc, procedureTitle(e.ir, pc.lang), engineAlert(pc, err, e.ir), { status: engineStatus(err) });
      throw err;
    }
  });

  app.get('/portal/dossiers', async (c) => {
    const pc = pageContext(c);
    const denied = requireRole(pc, ['citizen']);
    if (denied) return denied;
    const { t, lang } = pc;
    const rows = await ctx.runtime.storage.db
      .selectFrom('dossiers')
      .select(['id', 'code', 'procedure_id', 'definition_version', 'state', 'due_at', 'outcome', 'updated_at'])
      .where('citizen_id', '=', pc.user!.sub)
      .orderBy('updated_at', 'desc')
      .limit(100)
      .execute();
    const items = await Promise.all(
      rows.map(async (r) => {
        const { ir } = await engine.definition(r.procedure_id, r.definition_version);
        return html`<div class="card"><div class="spread"><a href="/portal/dossiers/${r.id}"><strong>${procedureTitle(ir, lang)}</strong></a><span class="badge ${ir.workflow.states.find((s) => s.id === r.state)?.final ? 'done' : 'state'}"${WRAP}>${stateLabel(ir, r.state, lang)}</span></div>
<div class="meta">${r.code ?? t('Chưa có mã (chưa tiếp nhận)', 'No code yet (not received)')} · ${t('cập nhật', 'updated')} ${when(Number(r.updated_at))}${r.due_at !== null ? html` · ${t('hạn', 'due')} ${dueWhen(Number(r.due_at), t)}` : ''}</div></div>`;
      }),
    );
    return renderPage(
      pc,
      t('Hồ sơ của tôi', 'My dossiers'),
      html`<h1>${t('Hồ sơ của tôi', 'My dossiers')}</h1>${items.length ? items : html`<div class="card"><p>${t('Bạn chưa có hồ sơ nào.', 'You have no dossiers yet.')}</p><a class="button" href="/portal">${t('Chọn thủ tục', 'Choose a procedure')}</a></div>`}`,
    );
  });

  /** Loads the citizen's own dossier, or the response to send (login, 403, 404). */
  const ownDossier = async (pc: PageContext, id: string): Promise<DossierPage | Response> => {
    // Officers reading a dossier belong in the console.
    if (pc.user && pc.user.role !== 'citizen' && pc.c.req.method === 'GET') return pc.c.redirect(`/console/dossiers/${encodeURIComponent(id)}`, 302);
    const denied = requireRole(pc, ['citizen']);
    if (denied) return denied;
    const d = await loadDossier(ctx, id, pc.user!);
    if (!d) return renderPage(pc, pc.t('Không tìm thấy', 'Not found'), html`<div class="card"><h1>${pc.t('Không tìm thấy hồ sơ', 'Dossier not found')}</h1><p><a href="/portal/dossiers">${pc.t('Hồ sơ của tôi', 'My dossiers')}</a></p></div>`, { status: 404 });
    return d;
  };

  const renderDossier = (pc: PageContext, d: DossierPage, state: CitizenPageState = {}): Response => {
    const { t, lang, c } = pc;
    const v = d.view;
    const base = `/portal/dossiers/${v.id}`;
    const editable = v.state.role === 'citizen';
    const q = (k: string) => c.req.query(k) !== undefined;
    const flash = [
      q('created') ? alertBox('ok', t('Đã tạo hồ sơ; thông tin của bạn được điền sẵn từ cơ sở dữ liệu.', 'Dossier created; your details are prefilled from national data.')) : '',
      q('saved') ? alertBox('ok', t('Đã lưu tờ khai.', 'Form saved.')) : '',
      q('uploaded') ? alertBox('ok', t('Đã tải lên giấy tờ.', 'Document uploaded.')) : '',
      q('paid') ? alertBox('ok', t('Đã ghi nhận thanh toán.', 'Payment recorded.')) : '',
      q('done') ? alertBox('ok', `${t('Đã thực hiện', 'Done')}: «${transitionLabel(d.ir, c.req.query('done') ?? '', lang)}».`, t(`Hồ sơ đang ở bước «${labelIn(lang, v.state)}».`, `The dossier is now at «${labelIn(lang, v.state)}».`)) : '',
    ];
    const errors = state.errors ?? (q('saved') ? d.assessment.formErrors : []);
    const title = procedureTitle(v, lang);
    const header = html`<h1>${title}</h1>
<p class="row">${stateBadge(v, lang)} <span class="meta">${v.code ? html`${t('Mã hồ sơ', 'Code')} <strong>${v.code}</strong>` : t('Chưa có mã hồ sơ (cấp khi tiếp nhận)', 'No code yet (given on receipt)')} · ${channelName(v.channel, t)}</span></p>`;

    if (editable) {
      const request = v.state.id !== d.ir.workflow.initial ? supplementRequest(d) : undefined;
      const a = d.assessment;
      const remaining = remainingFee(d);
      const mark = (ok: boolean, info = false) => html`<span class="mark ${ok ? 'ok' : info ? 'info' : 'warn'}" aria-hidden="true">${ok ? '✓' : info ? 'i' : '!'}</span>`;
      // Asked for in the supplement request and not sent since (a file from before does not answer it).
      const unanswered = (request?.missing ?? []).filter((m) => !d.ir.documents.find((x) => x.id === m.id)?.generated && !d.documents.some((f) => f.doc_id === m.id && f.uploaded_at >= request!.at));
      const readiness = html`<ul class="checklist ready">
${unanswered.length ? html`<li>${mark(false)}<span>${t(`Cơ quan chờ bạn nộp bổ sung: ${unanswered.map((m) => labelIn(lang, m)).join('; ')}`, `The agency is waiting for: ${unanswered.map((m) => labelIn(lang, m)).join('; ')}`)}</span></li>` : ''}
<li>${mark(a.formValid)}<span>${a.formValid ? t('Tờ khai đã đầy đủ', 'The form is complete') : t(`Tờ khai còn ${a.formErrors.length} mục chưa đúng hoặc chưa nhập`, `The form has ${a.formErrors.length} fields to fix`)}</span></li>
<li>${mark(a.documentsComplete)}<span>${a.documentsComplete ? t('Đã đủ giấy tờ', 'All documents attached') : t(`Còn thiếu: ${a.missing.map((m) => labelIn(lang, m)).join('; ')}`, `Missing: ${a.missing.map((m) => labelIn(lang, m)).join('; ')}`)}</span></li>
${a.fees.total > 0 ? html`<li>${mark(remaining === 0, true)}<span>${remaining === 0 ? t('Đã nộp đủ phí, lệ phí', 'Fees paid') : t(`Phí, lệ phí còn phải nộp: ${money(remaining)}`, `Fees left to pay: ${money(remaining)}`)}</span></li>` : ''}</ul>`;
      const body = html`${header}${flash}${state.alert ?? ''}
${request ? alertBox('warn', t('Cơ quan yêu cầu bổ sung hồ sơ', 'The agency asks for more documents'), html`${request.missing.length ? html`<ul>${request.missing.map((m) => html`<li>${labelIn(lang, m)}</li>`)}</ul>` : ''}${request.note ? html`<p>${request.note}</p>` : ''}<div class="small">${when(request.at)}</div>`) : ''}
<div class="steps">
<section class="card" id="form"><h2>${t('Tờ khai', 'Form')}</h2>
<p class="meta">${t('Thông tin có dấu', 'Fields marked')} ${LOCK}${t('lấy từ cơ sở dữ liệu quốc gia, không cần nhập lại và không sửa được. Mục có dấu', 'come from national databases and cannot be changed. Fields marked')} <span class="req">*</span> ${t('là bắt buộc.', 'are required.')}</p>
<form method="post" action="${base}/form" data-dossier-form novalidate${state.submitted ? html` data-unsaved` : ''}><input type="hidden" name="revision" value="${v.revision}">
${renderEditableForm({ ir: d.ir, values: v.form, prefilled: v.prefilled, errors, ...(state.submitted ? { submitted: state.submitted } : {}), env: d.assessment.env, lang, t })}
<button type="submit" class="full">${t('Lưu tờ khai', 'Save the form')}</button></form></section>
${documentsSection(pc, d, { base, upload: true, alert: state.documentsAlert, ...(request ? { requested: new Set(request.missing.map((m) => m.id)), requestedAt: request.at } : {}) })}
${feeSection(pc, d, { pay: `${base}/pay` })}
<section class="card" id="submit"><h2>${v.state.id === d.ir.workflow.initial ? t('Nộp hồ sơ', 'Submit') : t('Gửi lại hồ sơ', 'Send it back')}</h2>${readiness}
${actionForms(pc, d, base, { compact: true })}</section></div>
${d.events.length > 1 ? html`<details class="card" id="timeline"><summary>${t('Quá trình xử lý', 'Timeline')}</summary>${timelineList(ctx, pc, d, { hideFormEdits: true })}</details>` : ''}`;
      return renderPage(pc, title, body, { status: state.status ?? 200, script: FORM_SCRIPT });
    }

    const body = html`${header}${flash}${state.alert ?? ''}
${refusalSection(ctx, pc, d)}
${resultSection(ctx, pc, d)}
${dueSection(pc, d)}
${v.state.final ? '' : html`<p class="meta card">${t('Hồ sơ đang được', 'The dossier is with')} ${v.state.role ? roleWords(pc, v.state.role) : ''} — ${agencyLabel(ctx, v.agency, lang)}${t(' xử lý. Bạn sẽ nhận thông báo khi có kết quả hoặc khi cần bổ sung.', '. You will be notified of the result or of any request.')}</p>`}
${timelineSection(ctx, pc, d, { hideFormEdits: true })}
<details class="card"><summary>${t('Tờ khai đã nộp', 'Submitted form')}</summary>${renderReadonlyForm({ ir: d.ir, values: v.form, prefilled: v.prefilled, errors: [], env: d.assessment.env, lang, t })}</details>
${documentsSection(pc, d, { base, upload: false })}
${feeSection(pc, d, { pay: v.state.final ? undefined : `${base}/pay` })}`;
    return renderPage(pc, title, body, { status: state.status ?? 200 });
  };

  const roleWords = (pc: PageContext, role: string) =>
    role === 'reception' ? pc.t('bộ phận tiếp nhận', 'the reception desk') : role === 'specialist' ? pc.t('chuyên viên', 'a specialist') : role === 'leader' ? pc.t('lãnh đạo', 'the leader') : role;

  app.get('/portal/dossiers/:id', async (c) => {
    const pc = pageContext(c);
    const d = await ownDossier(pc, c.req.param('id'));
    return d instanceof Response ? d : renderDossier(pc, d);
  });

  /**
   * Saves a posted form: undefined when saved, else the page again with each refused field marked
   * and every value as typed (a stale revision shows what is stored now instead).
   */
  const saveForm = async (pc: PageContext, d: DossierPage, body: Posted, state: CitizenPageState = {}): Promise<Response | undefined> => {
    const patch = patchFromPost(d.ir, d.view.prefilled, body);
    const revision = Number(body['revision']);
    try {
      await engine.updateForm(d.view.id, patch, actorOf(pc.user!), Number.isInteger(revision) ? revision : undefined);
      return undefined;
    } catch (err) {
      if (!(err instanceof EngineError)) throw err;
      const submitted = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? '') : v]));
      const errors = (err.details as { errors?: FieldError[] }).errors ?? [];
      const fresh = (await loadDossier(ctx, d.view.id, pc.user!)) ?? d;
      return renderDossier(pc, fresh, {
        ...state,
        alert: alertBox('error', err.text[pc.lang], errors.length ? pc.t('Chưa lưu: hãy sửa các mục được đánh dấu bên dưới.', 'Not saved: fix the fields marked below.') : undefined),
        status: engineStatus(err),
        errors,
        // A stale revision: show what is stored now, not what was posted.
        ...(err.code === 'conflict' ? {} : { submitted }),
      });
    }
  };

  /**
   * The form fields the page's script sent along with an upload, the payment or a step because the
   * citizen had typed them without saving (`__form.<name>`): saved first, so nothing typed is lost.
   * Returns the dossier as it is then, or the refused save's page.
   */
  const saveCarriedForm = async (pc: PageContext, d: DossierPage, posted: Readonly<Record<string, unknown>>, state: CitizenPageState = {}): Promise<DossierPage | Response> => {
    const carried: Posted = {};
    for (const [k, v] of Object.entries(posted)) {
      if (!k.startsWith('__form.')) continue;
      const text = [v].flat().filter((x): x is string => typeof x === 'string');
      if (text.length) carried[k.slice('__form.'.length)] = text.length === 1 ? text[0]! : text;
    }
    if (Object.keys(carried).length === 0 || d.view.state.role !== 'citizen') return d;
    const refused = await saveForm(pc, d, carried, state);
    return refused ?? (await loadDossier(ctx, d.view.id, pc.user!)) ?? d;
  };

  app.post('/portal/dossiers/:id/form', bodyLimit({ maxSize: 1024 * 1024 }), async (c) => {
    const pc = pageContext(c);
    const d = await ownDossier(pc, c.req.param('id'));
    if (d instanceof Response) return d;
    return (await saveForm(pc, d, await postedFields(c))) ?? c.redirect(`/portal/dossiers/${d.view.id}?saved=1#form`, 303);
  });

  // The page shown after a refused post keeps the post's address: the language switch and a reload
  // ask for it again with GET. Both belong on the dossier's page.
  for (const path of ['/portal/dossiers/:id/form', '/portal/dossiers/:id/pay', '/portal/dossiers/:id/documents/:docId', '/portal/dossiers/:id/actions/:action']) {
    app.get(path, (c) => {
      pageContext(c); // remembers a ?lang= choice
      return c.redirect(`/portal/dossiers/${encodeURIComponent(c.req.param('id') ?? '')}`, 303);
    });
  }

  const uploadTooLarge = async (c: Context) => {
    const pc = pageContext(c as Context<AppEnv>);
    const d = await ownDossier(pc, c.req.param('id') ?? '');
    if (d instanceof Response) return d;
    const mb = MAX_UPLOAD_BYTES / 1024 / 1024;
    return renderDossier(pc, d, { status: 413, documentsAlert: alertBox('error', pc.t(`Tệp quá lớn: không được lớn hơn ${mb} MB.`, `The file is too large: at most ${mb} MB.`)) });
  };

  app.post('/portal/dossiers/:id/documents/:docId', bodyLimit({ maxSize: MAX_UPLOAD_BYTES + 64 * 1024, onError: uploadTooLarge }), async (c) => {
    const pc = pageContext(c);
    const d = await ownDossier(pc, c.req.param('id'));
    if (d instanceof Response) return d;
    const { t } = pc;
    let posted: Record<string, unknown>;
    try {
      posted = await c.req.parseBody({ all: true });
    } catch {
      return renderDossier(pc, d, { status: 400, documentsAlert: alertBox('error', t('Không đọc được tệp gửi lên.', 'The upload could not be read.')) });
    }
    const notUploaded = alertBox('error', t('Chưa tải tệp lên vì tờ khai chưa lưu được: hãy sửa tờ khai rồi chọn lại tệp.', 'The file was not uploaded because the form could not be saved: fix the form, then choose the file again.'));
    const saved = await saveCarriedForm(pc, d, posted, { documentsAlert: notUploaded });
    if (saved instanceof Response) return saved;
    const fail = (status: number, title: string) => renderDossier(pc, saved, { status, documentsAlert: alertBox('error', title) });
    const file = [posted['file']].flat()[0];
    if (!(file instanceof File) || file.size === 0) return fail(422, t('Chưa chọn tệp.', 'No file chosen.'));
    const docId = c.req.param('docId');
    try {
      await engine.attachDocument(d.view.id, docId, { name: file.name, mime: file.type || 'application/octet-stream', bytes: new Uint8Array(await file.arrayBuffer()) }, actorOf(pc.user!));
      return c.redirect(`/portal/dossiers/${d.view.id}?uploaded=1#doc-${encodeURIComponent(docId)}`, 303);
    } catch (err) {
      if (!(err instanceof EngineError)) throw err;
      return fail(engineStatus(err), err.text[pc.lang]);
    }
  });

  app.post('/portal/dossiers/:id/pay', async (c) => {
    const pc = pageContext(c);
    const own = await ownDossier(pc, c.req.param('id'));
    if (own instanceof Response) return own;
    // What was typed may change the fee (an exemption claimed): it is saved before the amount is taken.
    const d = await saveCarriedForm(pc, own, await postedFields(c));
    if (d instanceof Response) return d;
    const due = remainingFee(d);
    if (due <= 0 || d.view.state.final) return renderDossier(pc, d, { status: 409, alert: alertBox('info', pc.t('Hồ sơ không còn khoản phí nào phải nộp.', 'Nothing left to pay.')) });
    const started = ctx.gateway.start({ dossierId: d.view.id, amount: due });
    return c.redirect(started.url, 303);
  });

  app.post('/portal/dossiers/:id/actions/:action', bodyLimit({ maxSize: 64 * 1024 }), async (c) => {
    const pc = pageContext(c);
    const own = await ownDossier(pc, c.req.param('id'));
    if (own instanceof Response) return own;
    const posted = await c.req.parseBody({ all: true });
    const d = await saveCarriedForm(pc, own, posted);
    if (d instanceof Response) return d;
    const seen = actionInputsFromPost(posted);
    const { inputs } = seen;
    // Saved just now from this page: the step follows that save.
    const revision = d === own ? seen.revision : d.view.revision;
    const action = c.req.param('action');
    try {
      await engine.act(d.view.id, action, { actor: actorOf(pc.user!), inputs, ...(revision !== undefined ? { expectedRevision: revision } : {}) });
      return c.redirect(`/portal/dossiers/${d.view.id}?done=${encodeURIComponent(action)}`, 303);
    } catch (err) {
      if (!(err instanceof EngineError)) throw err;
      const fresh = (await loadDossier(ctx, d.view.id, pc.user!)) ?? d;
      const errors = (err.details as { errors?: FieldError[] }).errors;
      return renderDossier(pc, fresh, { alert: engineAlert(pc, err, fresh.ir), status: engineStatus(err), ...(errors ? { errors } : {}) });
    }
  });

  app.get('/portal/dossiers/:id/files/:n', fileRoute(ctx));

  // ---------------------------------------------------------------- who read my data

  app.get('/portal/me/access-log', async (c) => {
    const pc = pageContext(c);
    const denied = requireRole(pc, ['citizen']);
    if (denied) return denied;
    const { t, lang } = pc;
    const me = pc.user!.sub;
    const rows = await ctx.runtime.storage.db.selectFrom('access_log').selectAll().where('citizen_id', '=', me).orderBy('at', 'desc').limit(200).execute();
    const dossierIds = [...new Set(rows.map((r) => r.dossier_id).filter((x): x is string => x !== null))];
    const dossiers = dossierIds.length
      ? await ctx.runtime.storage.db.selectFrom('dossiers').select(['id', 'code', 'procedure_id', 'citizen_id']).where('id', 'in', dossierIds).execute()
      : [];
    const dossierById = new Map(dossiers.map((x) => [x.id, x]));
    const declared = sourceNames(ctx);
    const sources = new Map([...declared].map(([id, src]) => [id, { label: labelIn(lang, src), fields: new Map([...src.fields].map(([f, x]) => [f, labelIn(lang, x)])) }]));
    const list = rows.map((r) => {
      const source = sources.get(r.source);
      const fields = (JSON.parse(r.fields) as string[]).map((f) => source?.fields.get(f) ?? f);
      const dossier = r.dossier_id ? dossierById.get(r.dossier_id) : undefined;
      const entry = dossier ? byId.get(dossier.procedure_id) : undefined;
      const title = entry ? procedureTitle(entry.ir, lang) : (dossier?.procedure_id ?? '');
      const who = r.actor === me ? t('Bạn (khi mở hoặc điền hồ sơ)', 'You (opening or filling in a dossier)') : actorName(ctx, r.actor, undefined, t);
      return html`<li><div class="at">${when(Number(r.at))}</div><div><strong>${who}</strong> ${t('đã đọc', 'read')} <strong>${source?.label ?? r.source}</strong></div>
<div class="small">${t('Thông tin', 'Data')}: ${fields.join(', ')}</div>
${dossier ? html`<div class="small">${t('Cho hồ sơ', 'For the dossier')}: ${dossier.citizen_id === me ? html`<a href="/portal/dossiers/${dossier.id}">${title}${dossier.code ? ` (${dossier.code})` : ''}</a>` : html`${title} ${t('của người khác (bạn được nêu trong hồ sơ)', 'of someone else (you are named in it)')}`}</div>` : ''}</li>`;
    });
    return renderPage(
      pc,
      t('Ai đã xem dữ liệu của tôi', 'Who read my data'),
      html`<h1>${t('Ai đã xem dữ liệu của tôi', 'Who read my data')}</h1>
<p class="meta">${t('Mỗi lần hệ thống hoặc cán bộ đọc dữ liệu về bạn từ cơ sở dữ liệu quốc gia hay kho kết quả đều được ghi lại ở đây.', 'Every time the system or an officer reads data about you from a national database or the results store, it is recorded here.')}</p>
<section class="card">${list.length ? html`<ol class="timeline">${list}</ol>` : html`<p>${t('Chưa có lượt đọc nào.', 'No reads yet.')}</p>`}</section>`,
    );
  });
}
