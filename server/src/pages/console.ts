// The officer console: the agency's queue soonest due first, with traffic lights (red overdue or
// step late, amber due soon, green on track, grey paused), filters; the dossier as the officer
// sees it (form read-only, files, checklist, fee, payments, timeline, due date explained) with a
// form per action of the current step and the one-time extension (apology letter).
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { labelIn, type ProcedureIR } from '@motcua/dsl';
import { addDuration, agencyStates, EngineError, extensionDeadline, formatLocalIso, nationalCalendar, officerQueue, parseLocalDateTime, type DossierEngine, type WorkingCalendar } from '@motcua/engine';
import type { ServerContext } from '../context.ts';
import type { AppEnv } from '../http/route.ts';
import { actorOf, canRead } from '../routes/dossiers.ts';
import { flagsOf, listedStates, procedureStates, queueStates, type Flag } from '../routes/officers.ts';
import {
  actionForms,
  actionInputsFromPost,
  agencyLabel,
  dueSection,
  documentsSection,
  engineAlert,
  engineStatus,
  feeSection,
  fileRoute,
  loadDossier,
  procedureTitle,
  resultSection,
  stateBadge,
  supplementRequest,
  timelineSection,
  transitionLabel,
  type DossierPage,
} from './dossier.ts';
import { renderReadonlyForm } from './form.ts';
import { html, raw, type Child, type Html } from './html.ts';
import { channelName, relative, roleName, when, type T } from './i18n.ts';
import { alertBox, pageContext, renderPage, requireRole, type PageContext } from './shell.ts';

const OFFICERS = ['reception', 'specialist', 'leader'] as const;
const READERS = [...OFFICERS, 'manager', 'admin'] as const;

export type Light = 'red' | 'amber' | 'green' | 'grey';

/**
 * One light per dossier: late beats due soon beats paused beats on track. A dossier waiting for
 * the citizen is grey even when its clock is not merely paused but will restart from zero.
 */
export function lightOf(flags: readonly Flag[], waitingForCitizen = false): Light {
  if (flags.includes('overdue') || flags.includes('sla_breached')) return 'red';
  if (flags.includes('due_soon')) return 'amber';
  if (flags.includes('paused') || waitingForCitizen) return 'grey';
  return 'green';
}

export function lightWords(light: Light, flags: readonly Flag[], t: T): string {
  switch (light) {
    case 'red':
      return flags.includes('overdue') ? t('Quá hạn', 'Overdue') : t('Quá hạn xử lý bước', 'Step late');
    case 'amber':
      return t('Sắp đến hạn', 'Due soon');
    case 'grey':
      return t('Chờ công dân', 'Waiting for the citizen');
    case 'green':
      return t('Trong hạn', 'On track');
  }
}

/**
 * A dossier without a code yet, named in a list: the end of its id. Ids begin with the time they
 * were made (storage/ids.ts), so their first characters are the same for a minute's dossiers.
 */
export const shortId = (id: string): string => id.slice(-8);

/** The calendar a procedure's deadlines are counted in (its agency's, or the state's agency's); the national one for a procedure no longer in the catalog. */
export function calendarFor(engine: DossierEngine, ir: ProcedureIR | undefined, agency?: string): WorkingCalendar {
  return ir ? engine.calendarOf(ir, agency) : nationalCalendar();
}

/**
 * Page-local CSS: on a phone the queue and the statistics tables become one card per row (each
 * cell on its own line, named by its `data-label`), instead of columns squeezed to a word wide
 * behind a horizontal scroll.
 */
export const CARD_TABLES_CSS = raw(`<style>
@media (max-width:719px){
table.cards thead{display:none}
table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:auto}
table.cards tr{border-bottom:1px solid #e1e4e8;padding:8px 4px 8px 12px}
table.cards td{border:0;padding:2px 0;text-align:left}
table.cards td.num{text-align:left;white-space:normal}
table.cards td[data-label]::before{content:attr(data-label) ": ";color:#555;font-size:13px}
table.cards td>div.small{display:inline;margin-left:6px}
table.cards td>svg+div.small{display:block;margin-left:0}
table.cards tr td:first-child{box-shadow:none}
table.cards tr.light-red{box-shadow:inset 4px 0 #d62828}table.cards tr.light-amber{box-shadow:inset 4px 0 #f4a300}
table.cards tr.light-green{box-shadow:inset 4px 0 #2a9d3f}table.cards tr.light-grey{box-shadow:inset 4px 0 #9aa1ab}
}
</style>`);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The inputs an action or the apology letter still needs, one line each, as the engine words them. */
function inputErrors(pc: PageContext, e: EngineError): Html | undefined {
  const errors = e.code === 'invalid_input' ? ((e.details as { errors?: Array<{ message: { vi: string; en: string } }> }).errors ?? []) : [];
  if (errors.length === 0) return undefined;
  return html`<ul>${errors.map((x) => html`<li>${x.message[pc.lang]}</li>`)}</ul>`;
}

/**
 * An engine refusal on the officer's page, in words an officer acts on: the inputs an action or
 * the apology letter still needs (not "the form has errors": the citizen's form is not what is
 * wrong), a step that belongs to another role with the officer's own role beside it, an action the
 * dossier's step no longer has with a hint that someone moved it on; anything else as the shared
 * alert. The engine words the refusals themselves (labels, not ids).
 * Without `action`, a refusal of the extension, with a link down to its form.
 */
export function consoleAlert(pc: PageContext, d: DossierPage, e: EngineError, action?: string): Html {
  const { t, lang, user } = pc;
  const v = d.view;
  if (!action) return alertBox('error', e.text[lang], html`${inputErrors(pc, e) ?? ''}<a href="#extension">${t('Đến mục gia hạn', 'Go to the extension form')}</a>`);
  if (e.code === 'invalid_input') return alertBox('error', e.text[lang], inputErrors(pc, e));
  if (e.code === 'forbidden' && v.state.role && v.state.role !== user?.role && user?.agency === v.agency) {
    return alertBox(
      'error',
      t(`Bước «${labelIn(lang, v.state)}» do ${roleName(v.state.role, t)} thực hiện`, `«${labelIn(lang, v.state)}» is the ${roleName(v.state.role, t)}’s step`),
      t(`Vai trò của bạn (${roleName(user.role, t)}) không thực hiện được thao tác này.`, `Your role (${roleName(user.role, t)}) cannot take this action.`),
    );
  }
  if (e.code === 'transition_unavailable') {
    const known = d.ir.workflow.states.some((st) => st.transitions.some((x) => x.id === action));
    return alertBox('error', e.text[lang], known ? t('Có thể hồ sơ vừa được người khác xử lý; các thao tác của bước hiện tại ở dưới.', 'Someone may have just moved it on; the current step’s actions are below.') : undefined);
  }
  return engineAlert(pc, e, d.ir);
}

export function consolePages(app: Hono<AppEnv>, ctx: ServerContext): void {
  const { engine, storage } = ctx.runtime;
  const catalog = ctx.runtime.catalog;
  const byId = new Map(catalog.map((e) => [e.id, e]));

  /**
   * After an action that handed the dossier to another agency (or closed it there), the officer
   * may no longer open it: the queue says what was done and where the dossier went — only to the
   * officer who took that last step.
   */
  const movedAlert = async (pc: PageContext, id: string | undefined): Promise<Html | undefined> => {
    const { t, user, lang } = pc;
    if (!id || !UUID.test(id) || !user) return undefined;
    try {
      const view = await engine.view(id);
      if (canRead(user, view)) return undefined;
      const last = [...(await engine.timeline(id))].reverse().find((e) => e.type === 'transition');
      if (!last || last.actor !== user.sub) return undefined;
      const { transition } = JSON.parse(last.payload) as { transition?: string };
      const { ir } = await engine.definition(view.procedureId, view.version);
      const code = view.code ?? shortId(view.id);
      const to = agencyLabel(ctx, view.agency, lang);
      return alertBox(
        'ok',
        `${t('Đã thực hiện', 'Done')}: «${transitionLabel(ir, transition ?? '', lang)}».`,
        t(`Hồ sơ ${code} đã chuyển đến ${to}, không còn trong hàng đợi của cơ quan bạn.`, `Dossier ${code} went to ${to} and has left your agency’s queue.`),
      );
    } catch {
      return undefined;
    }
  };

  // ---------------------------------------------------------------- the queue

  app.get('/console', async (c) => {
    const pc = pageContext(c);
    const denied = requireRole(pc, OFFICERS);
    if (denied) return denied;
    const { t, user, lang } = pc;
    const agency = user!.agency ?? '';
    const mine = catalog.filter((e) => e.ir.agencies.some((a) => a.id === agency));
    const q = {
      state: c.req.query('state') ?? '',
      procedure: c.req.query('procedure') ?? '',
      show: c.req.query('show') === 'closed' || c.req.query('show') === 'all' ? c.req.query('show')! : 'open',
      mine: c.req.query('mine') === '1',
      offset: Math.max(0, Math.min(100_000, Number(c.req.query('offset') ?? 0) || 0)),
    };
    const limit = 50;
    const procedure = q.procedure && byId.has(q.procedure) ? byId.get(q.procedure)! : undefined;
    const finalIds = new Set<string>();
    const openIds = new Set<string>();
    for (const e of mine) for (const s of e.ir.workflow.states) if (s.id !== e.ir.workflow.initial) (s.final ? finalIds : openIds).add(s.id);
    // The steps to filter by: the chosen procedure's, or those of the agency's procedures — only
    // the states a dossier the agency holds can be in (an open state of another agency is never
    // its: the engine hands the dossier to the agency of each open state it enters). One option per
    // state id (the filter is by id), named by the labels the procedures give it.
    const labels = new Map<string, string[]>();
    for (const e of procedure ? [procedure] : mine) {
      for (const s of e.ir.workflow.states) {
        if (s.id === e.ir.workflow.initial || (!s.final && s.agency !== undefined && s.agency !== agency)) continue;
        const l = labels.get(s.id) ?? [];
        const label = labelIn(lang, s);
        if (!l.includes(label)) l.push(label);
        labels.set(s.id, l);
      }
    }
    const alwaysFinal = new Set([...finalIds].filter((s) => !openIds.has(s)));
    // The steps in the work first, then the ends.
    const stateOptions = [...labels]
      .sort(([a], [b]) => Number(alwaysFinal.has(a)) - Number(alwaysFinal.has(b)))
      .map(([id, l]): [string, string] => [id, l.length <= 2 ? l.join(' / ') : `${l.slice(0, 2).join(' / ')} / …`]);
    // One index-served page of the agency's queue (engine/src/dossier/queries.ts, as GET /api/queue
    // reads it): the states to list are worked out here — the one asked for, or those the "show"
    // choice keeps of the states the agency's dossiers are in, only the role's own with "mine", only
    // the procedure's (over all its published versions) with a procedure, whose dossiers alone the
    // page then holds — so that the database never sorts the agency's dossiers. Soonest due first;
    // those without a due time (waiting for reception) after, oldest first (ids are made in time order).
    const { initial, citizensTurn, ofRole } = queueStates(catalog);
    const roleStates = ofRole(user!.role);
    const ofProcedure = procedure ? await procedureStates(ctx, procedure.id) : undefined;
    const states = (q.state && labels.has(q.state) ? [q.state] : await agencyStates(storage.db, agency)).filter(
      (st) =>
        !initial.has(st) &&
        (q.show === 'all' || (q.show === 'closed') === alwaysFinal.has(st)) &&
        (!q.mine || roleStates.has(st)) &&
        (!ofProcedure || (ofProcedure.ids.has(st) && !ofProcedure.initial.has(st))),
    );
    // The officers' work first, then the dossiers waiting for the citizen (a supplement): those
    // have no due time while the clock is paused, and would otherwise sit among the new arrivals.
    const groups = [states.filter((st) => !citizensTurn.has(st)), states.filter((st) => citizensTurn.has(st))].filter((g) => g.length > 0);
    const page = (group: string[], offset: number, n: number) => officerQueue(storage.db, { agency, states: group, limit: n, offset, ...(procedure ? { procedureId: procedure.id } : {}) });
    const count = async (group: string[]) => {
      let query = storage.db.selectFrom('dossiers').select((eb) => eb.fn.countAll().as('n')).where('agency', '=', agency).where('state', 'in', group);
      if (procedure) query = query.where('procedure_id', '=', procedure.id);
      return Number((await query.executeTakeFirstOrThrow()).n);
    };
    // One page across the two groups: the second starts where the first ends, which is known
    // from the first's page unless the offset is past its end (then counted).
    const rows: Awaited<ReturnType<typeof officerQueue>> = [];
    let skip = q.offset;
    for (const g of groups) {
      const got = await page(g, skip, limit + 1 - rows.length);
      rows.push(...got);
      if (rows.length > limit) break;
      // The group ended on this page (or before it): how many it holds, to skip in the next.
      const total = got.length > 0 || skip === 0 ? skip + got.length : await count(g);
      skip = Math.max(0, skip - total);
    }
    const now = engine.now();
    const shown = rows.slice(0, limit);
    // Each row named by the version its dossier is pinned to (a state an old version alone has included).
    const pinned = await listedStates(ctx, shown);
    const items = shown.flatMap((r, i) => {
      const { state: st, ir } = pinned[i]!;
      if (q.mine && st?.role !== user!.role) return [];
      const flags = flagsOf(ctx, r, now, ir);
      const final = st?.final ?? false;
      const light = lightOf(flags, st?.role === 'citizen');
      const due = r.due_at === null ? null : Number(r.due_at);
      const stateDue = r.state_due_at === null ? null : Number(r.state_due_at);
      return [
        html`<tr class="${final ? 'closed' : `light-${light}`}" data-flags="${flags.join(' ')}"><td>${final ? html`<span class="badge done">${t('Đã xong', 'Closed')}</span>` : html`<span class="light light-${light}" aria-hidden="true"></span> <span class="small">${lightWords(light, flags, t)}</span>`}</td>
<td><a href="/console/dossiers/${r.id}"><strong>${r.code ?? t('Chưa có mã', 'No code yet')}</strong></a>${r.code ? '' : html`<div class="small muted">${shortId(r.id)}</div>`}</td>
<td>${ir ? procedureTitle(ir, lang) : r.procedure_id}<div class="small muted">${channelName(r.channel, t)}</div></td>
<td data-label="${t('Bước', 'Step')}">${st ? labelIn(lang, st) : r.state}${st?.role ? html`<div class="small muted">${roleName(st.role, t)}</div>` : ''}</td>
<td data-label="${t('Người nộp', 'Applicant')}">${r.citizen_id}</td>
<td class="num" data-label="${t('Hạn giải quyết', 'Due')}">${due === null ? (light === 'grey' ? t('dừng tính', 'clock stopped') : '—') : html`${when(due)}<div class="small ${due < now ? 'err' : 'muted'}">${relative(due, now, t, calendarFor(engine, ir))}</div>`}</td>
<td class="num" data-label="${t('Hạn của bước', 'Step due')}">${stateDue === null || final ? '—' : html`${when(stateDue)}<div class="small ${stateDue < now ? 'err' : 'muted'}">${relative(stateDue, now, t, calendarFor(engine, ir, st?.agency))}</div>`}</td></tr>`,
      ];
    });
    const sel = (name: string, value: string, options: Array<[string, string]>, label: string) =>
      html`<div><label for="f-${name}">${label}</label><select id="f-${name}" name="${name}">${options.map(([v, l]) => html`<option value="${v}"${v === value ? html` selected` : ''}>${l}</option>`)}</select></div>`;
    const pageLink = (offset: number) => {
      const u = new URL(c.req.url);
      u.searchParams.set('offset', String(offset));
      u.searchParams.delete('moved');
      return u.pathname + u.search;
    };
    const body = html`${CARD_TABLES_CSS}<div class="spread"><h1>${t('Hồ sơ cần xử lý', 'Queue')}</h1><span class="meta">${user!.name}</span></div>
${(await movedAlert(pc, c.req.query('moved'))) ?? ''}
<form method="get" action="/console" class="card filters">
${sel('show', q.show, [['open', t('Đang giải quyết', 'Open')], ['closed', t('Đã kết thúc', 'Closed')], ['all', t('Tất cả', 'All')]], t('Hiển thị', 'Show'))}
${sel('state', q.state, [['', t('Mọi bước', 'Any step')], ...stateOptions], t('Bước xử lý', 'Step'))}
${sel('procedure', q.procedure, [['', t('Mọi thủ tục', 'Any procedure')], ...mine.map((e): [string, string] => [e.id, procedureTitle(e.ir, lang)])], t('Thủ tục', 'Procedure'))}
<div><label class="choice"><input type="checkbox" name="mine" value="1"${q.mine ? html` checked` : ''}>${t('Chỉ hồ sơ đến lượt vai trò của tôi', 'Only my role’s turn')}</label></div>
<div><button type="submit">${t('Lọc', 'Filter')}</button></div></form>
<div class="legend card"><span><span class="light light-red"></span> ${t('Quá hạn / quá hạn bước', 'Overdue / step late')}</span><span><span class="light light-amber"></span> ${t('Sắp đến hạn', 'Due soon')}</span><span><span class="light light-green"></span> ${t('Trong hạn', 'On track')}</span><span><span class="light light-grey"></span> ${t('Chờ công dân (dừng tính hạn)', 'Waiting for the citizen (clock stopped)')}</span></div>
<div class="card scroll"><table class="queue cards"><thead><tr><th>${t('Tình trạng', 'Status')}</th><th>${t('Mã hồ sơ', 'Code')}</th><th>${t('Thủ tục', 'Procedure')}</th><th>${t('Bước', 'Step')}</th><th>${t('Người nộp', 'Applicant')}</th><th class="num">${t('Hạn giải quyết', 'Due')}</th><th class="num">${t('Hạn của bước', 'Step due')}</th></tr></thead>
<tbody>${items.length ? items : html`<tr><td colspan="7" class="muted">${t('Không có hồ sơ nào.', 'No dossiers.')}</td></tr>`}</tbody></table>
<div class="row" style="margin-top:8px">${q.offset > 0 ? html`<a class="button secondary" href="${pageLink(Math.max(0, q.offset - limit))}">${t('← Trang trước', '← Previous')}</a>` : ''}${rows.length > limit ? html`<a class="button secondary" href="${pageLink(q.offset + limit)}">${t('Trang sau →', 'Next →')}</a>` : ''}</div></div>`;
    return renderPage(pc, t('Hồ sơ cần xử lý', 'Queue'), body, { wide: true });
  });

  // ---------------------------------------------------------------- one dossier

  const officerDossier = async (pc: PageContext, id: string): Promise<DossierPage | Response> => {
    const denied = requireRole(pc, READERS);
    if (denied) return denied;
    const d = await loadDossier(ctx, id, pc.user!);
    if (!d) return renderPage(pc, pc.t('Không tìm thấy', 'Not found'), html`<div class="card"><h1>${pc.t('Không tìm thấy hồ sơ', 'Dossier not found')}</h1><p>${backLink(pc)}</p></div>`, { status: 404 });
    return d;
  };

  /** Back to where the reader came from: the queue for an officer, the statistics for the centre (who have no queue). */
  const backLink = (pc: PageContext): Html =>
    (OFFICERS as readonly string[]).includes(pc.user?.role ?? '')
      ? html`<a href="/console">← ${pc.t('Hàng đợi', 'Queue')}</a>`
      : html`<a href="/dashboard">← ${pc.t('Thống kê', 'Statistics')}</a>`;

  /** The extension form; `posted`: what was sent and refused, shown again (the form open). */
  const extensionForm = (pc: PageContext, d: DossierPage, posted?: { reason: string; newDueAt: string }): Html => {
    const { t, user } = pc;
    const v = d.view;
    const clock = v.clock;
    if (v.state.final || !user || !(OFFICERS as readonly string[]).includes(user.role) || user.agency !== v.agency) return html``;
    if (clock.extension) {
      return html`<section class="card"><h3>${t('Gia hạn (thư xin lỗi)', 'Extension (apology letter)')}</h3><p>${t('Đã hẹn lại ngày trả kết quả một lần', 'The date was already reset once')}: <strong>${when(clock.extension.newDueAt)}</strong> — ${clock.extension.reason}</p></section>`;
    }
    if ((clock.status !== 'running' && clock.status !== 'paused') || clock.dueAt === undefined) return html``;
    const calendar = engine.calendarOf(d.ir, d.ir.agency);
    const limit = extensionDeadline(clock, calendar)!;
    if (engine.now() > limit) {
      return html`<section class="card"><h3>${t('Gia hạn (thư xin lỗi)', 'Extension (apology letter)')}</h3><p class="meta">${t(`Không còn gia hạn được: thư xin lỗi phải gửi chậm nhất 01 ngày làm việc trước hạn (trước ${when(limit)}).`, `Too late to extend: the apology letter had to be sent by ${when(limit)}, 1 working day before the due time.`)}</p></section>`;
    }
    const latest = d.ir.extension.max ? addDuration(calendar, clock.dueAt, d.ir.extension.max) : undefined;
    return html`<details class="card" id="extension"${posted ? html` open` : ''}><summary>${t('Gia hạn một lần (thư xin lỗi, hẹn lại ngày trả kết quả)', 'One-time extension (apology letter with a new date)')}</summary>
<form method="post" action="/console/dossiers/${v.id}/extension"><input type="hidden" name="revision" value="${v.revision}">
<p class="meta">${t(
      `Hạn hiện tại ${when(clock.dueAt)}. Chỉ được hẹn lại một lần; thư xin lỗi phải gửi chậm nhất ${when(limit)} (01 ngày làm việc trước hạn)${latest ? `; ngày hẹn mới không quá ${when(latest)}` : ''}.`,
      `Due ${when(clock.dueAt)}. One extension only; the apology letter must be sent by ${when(limit)} (1 working day before the due time)${latest ? `; the new date no later than ${when(latest)}` : ''}.`,
    )}</p>
<div class="field"><label for="ext-reason">${t('Lý do chậm', 'Reason for the delay')} <span class="req">*</span></label><textarea id="ext-reason" name="reason">${posted?.reason ?? ''}</textarea></div>
<div class="field"><label for="ext-date">${t('Ngày, giờ hẹn trả kết quả mới (giờ Việt Nam)', 'New date and time (Vietnam time)')} <span class="req">*</span></label><input id="ext-date" type="datetime-local" name="newDueAt" min="${formatLocalIso(clock.dueAt)}"${latest ? html` max="${formatLocalIso(latest)}"` : ''}${posted?.newDueAt ? html` value="${posted.newDueAt}"` : ''}></div>
<button type="submit" class="secondary">${t('Gửi thư xin lỗi và hẹn lại', 'Send the apology and the new date')}</button></form></details>`;
  };

  const renderOfficerDossier = (
    pc: PageContext,
    d: DossierPage,
    state: { alert?: Child; status?: number; posted?: Record<string, unknown>; extension?: { reason: string; newDueAt: string } } = {},
  ): Response => {
    const { t, user, lang, c } = pc;
    const v = d.view;
    const base = `/console/dossiers/${v.id}`;
    const myTurn = !v.state.final && v.state.role === user!.role && user!.agency === v.agency;
    const done = c.req.query('done');
    const turn = v.state.final
      ? html`<p class="meta">${t('Hồ sơ đã kết thúc.', 'The dossier is closed.')}</p>`
      : myTurn
        ? actionForms(pc, d, base, { values: state.posted })
        : html`<p class="meta">${t('Bước', 'Step')} «${labelIn(lang, v.state)}» ${t('do', 'is for the')} ${v.state.role ? roleName(v.state.role, t) : '—'} ${t('thực hiện.', 'role.')}</p>`;
    // While the dossier waits for the citizen, the documents the agency asked for are marked.
    const asked = v.state.role === 'citizen' ? supplementRequest(d) : undefined;
    const title = procedureTitle(v, lang);
    const body = html`<p>${backLink(pc)}</p>
<h1>${title}</h1>
<p class="row">${stateBadge(v, lang)} <span class="meta">${v.code ? html`${t('Mã hồ sơ', 'Code')} <strong>${v.code}</strong>` : t('Chưa có mã hồ sơ', 'No code yet')} · ${t('Người nộp', 'Applicant')} ${v.citizenId} · ${channelName(v.channel, t)}${v.submittedAt ? html` · ${t('nộp lúc', 'submitted')} ${when(v.submittedAt)}` : ''}</span></p>
${done ? alertBox('ok', `${t('Đã thực hiện', 'Done')}: «${transitionLabel(d.ir, done, lang)}».`, t(`Hồ sơ đang ở bước «${labelIn(lang, v.state)}».`, `The dossier is now at «${labelIn(lang, v.state)}».`)) : ''}
${c.req.query('extended') ? alertBox('ok', t('Đã gửi thư xin lỗi và hẹn lại ngày trả kết quả.', 'Apology letter sent with the new date.')) : ''}
${state.alert ?? ''}
<div class="grid2"><div>
<section class="card" id="actions"><h2>${t('Xử lý', 'Actions')}</h2>${turn}</section>
${extensionForm(pc, d, state.extension)}
${dueSection(pc, d)}
${resultSection(ctx, pc, d)}
${timelineSection(ctx, pc, d)}
</div><div>
<section class="card" id="form"><h2>${t('Tờ khai', 'Form')}</h2>${renderReadonlyForm({ ir: d.ir, values: v.form, prefilled: v.prefilled, errors: [], env: d.assessment.env, lang, t })}
${d.assessment.formValid ? '' : alertBox('warn', t('Tờ khai còn lỗi', 'The form has errors'), html`<ul>${d.assessment.formErrors.map((e) => html`<li>${e.message[lang]}</li>`)}</ul>`)}</section>
${documentsSection(pc, d, { base, upload: false, ...(asked ? { requested: new Set(asked.missing.map((m) => m.id)), requestedAt: asked.at } : {}) })}
${feeSection(pc, d)}
</div></div>`;
    return renderPage(pc, v.code ?? title, body, { wide: true, status: state.status ?? 200 });
  };

  app.get('/console/dossiers/:id', async (c) => {
    const pc = pageContext(c);
    const d = await officerDossier(pc, c.req.param('id'));
    return d instanceof Response ? d : renderOfficerDossier(pc, d);
  });

  app.post('/console/dossiers/:id/actions/:action', bodyLimit({ maxSize: 64 * 1024 }), async (c) => {
    const pc = pageContext(c);
    const denied = requireRole(pc, OFFICERS);
    if (denied) return denied;
    const d = await officerDossier(pc, c.req.param('id'));
    if (d instanceof Response) return d;
    const posted = await c.req.parseBody({ all: true });
    const { inputs, revision } = actionInputsFromPost(posted);
    const action = c.req.param('action');
    try {
      const after = await engine.act(d.view.id, action, { actor: actorOf(pc.user!), inputs, ...(revision !== undefined ? { expectedRevision: revision } : {}) });
      // Handed over (or closed at another agency): the officer can no longer open it.
      if (!canRead(pc.user!, after)) return c.redirect(`/console?moved=${d.view.id}`, 303);
      return c.redirect(`/console/dossiers/${d.view.id}?done=${encodeURIComponent(action)}`, 303);
    } catch (err) {
      if (!(err instanceof EngineError)) throw err;
      const fresh = (await loadDossier(ctx, d.view.id, pc.user!)) ?? d;
      return renderOfficerDossier(pc, fresh, { alert: consoleAlert(pc, fresh, err, action), status: engineStatus(err), posted: { ...posted, action } });
    }
  });

  app.post('/console/dossiers/:id/extension', bodyLimit({ maxSize: 64 * 1024 }), async (c) => {
    const pc = pageContext(c);
    const denied = requireRole(pc, OFFICERS);
    if (denied) return denied;
    const d = await officerDossier(pc, c.req.param('id'));
    if (d instanceof Response) return d;
    const body = await c.req.parseBody();
    const reason = typeof body['reason'] === 'string' ? body['reason'].slice(0, 2000) : '';
    const typed = typeof body['newDueAt'] === 'string' ? body['newDueAt'].slice(0, 40) : '';
    const newDueAt = typed ? parseLocalDateTime(typed) : undefined;
    const revision = Number(body['revision']);
    const extension = { reason, newDueAt: typed };
    if (newDueAt === undefined) {
      return renderOfficerDossier(pc, d, {
        status: 422,
        alert: alertBox('error', pc.t('Chưa nhập ngày, giờ hẹn mới hợp lệ.', 'Enter a valid new date and time.'), html`<a href="#extension">${pc.t('Đến mục gia hạn', 'Go to the extension form')}</a>`),
        extension,
      });
    }
    try {
      await engine.extend(d.view.id, { actor: actorOf(pc.user!), reason, newDueAt, ...(Number.isInteger(revision) ? { expectedRevision: revision } : {}) });
      return c.redirect(`/console/dossiers/${d.view.id}?extended=1`, 303);
    } catch (err) {
      if (!(err instanceof EngineError)) throw err;
      const fresh = (await loadDossier(ctx, d.view.id, pc.user!)) ?? d;
      return renderOfficerDossier(pc, fresh, { alert: consoleAlert(pc, fresh, err), status: engineStatus(err), extension });
    }
  });

  app.get('/console/dossiers/:id/files/:n', fileRoute(ctx));
}
