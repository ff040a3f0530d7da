// The centre manager's dashboard: for a period, by procedure and by agency — dossiers received,
// results early / on time / late, pending, the online share and the share of fees paid online —
// drawn as inline SVG bars; and the dossiers near or past their due time.
import type { Hono } from 'hono';
import { localIsoDate } from '@motcua/engine';
import type { ServerContext } from '../context.ts';
import type { AppEnv } from '../http/route.ts';
import { flagsOf } from '../routes/officers.ts';
import { computeStats, type StatsGroup } from '../stats.ts';
import { calendarFor, CARD_TABLES_CSS, lightOf, lightWords, shortId } from './console.ts';
import { agencyLabel, agencyNames, procedureTitle } from './dossier.ts';
import { html, raw, type Html } from './html.ts';
import { relative, when, type Lang, type T } from './i18n.ts';
import { alertBox, pageContext, renderPage, requireRole } from './shell.ts';

// The shares (online, paid online) in a colour of their own: not the blue of "on time".
const COLORS = { early: '#2a9d3f', on_time: '#0b57a4', late: '#d62828', share: '#6a3d9a', rest: '#e5e7eb' };
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day written YYYY-MM-DD that exists (not 2025-02-30 or 2025-13-01). */
export function isIsoDay(s: string | undefined): s is string {
  if (!s || !ISO_DAY.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** A stacked horizontal bar (SVG) of counts, scaled to `max`. */
function stackedBar(parts: ReadonlyArray<{ value: number; color: string; label: string }>, max: number): Html {
  let x = 0;
  const rects = parts
    .filter((p) => p.value > 0)
    .map((p) => {
      const w = max === 0 ? 0 : (p.value / max) * 100;
      const r = `<rect x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="10" fill="${p.color}"><title>${p.label.replace(/[&<>"]/g, '')}: ${p.value}</title></rect>`;
      x += w;
      return r;
    });
  return raw(`<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" width="100%" height="16" role="img"><rect width="100" height="10" fill="${COLORS.rest}"/>${rects.join('')}</svg>`);
}

function shareBar(share: number | null, label: string): Html {
  const w = share ?? 0;
  return raw(`<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" width="100%" height="16" role="img"><title>${label.replace(/[&<>"]/g, '')}</title><rect width="100" height="10" fill="${COLORS.rest}"/><rect width="${w}" height="10" fill="${COLORS.share}"/></svg>`);
}

/** A percentage as the language writes it: "78,3 %" in Vietnamese (a no-break space: never "78,3" and "%" on two lines), "78.3%" in English. */
export const pct = (x: number | null, lang: Lang = 'vi'): string => (x === null ? '—' : lang === 'en' ? `${x}%` : `${String(x).replace('.', ',')}\u00a0%`);

function statsTable(items: readonly StatsGroup[], labelOf: (key: string) => string, t: T, lang: Lang): Html {
  if (items.length === 0) return html`<p class="muted">${t('Không có hồ sơ trong kỳ.', 'No dossiers in the period.')}</p>`;
  const max = Math.max(1, ...items.map((g) => g.early + g.on_time + g.late));
  const [received, pending, results, online, paid] = [
    t('Tiếp nhận', 'Received'),
    t('Đang giải quyết', 'Pending'),
    t('Kết quả: trước hạn / đúng hạn / trễ hạn', 'Results: early / on time / late'),
    t('Nộp trực tuyến', 'Online'),
    t('Thanh toán trực tuyến', 'Paid online'),
  ];
  // On a phone the two counts share a line, named by the page's CSS (their cells stay bare numbers).
  const css = (n: number, label: string) => `table.stats.cards td:nth-child(${n})::before{content:"${label.replace(/["\\]/g, '')}: ";color:#555;font-size:13px}`;
  return html`${raw(`<style>@media (max-width:719px){${css(2, received)}${css(3, pending)}table.stats.cards td:nth-child(2),table.stats.cards td:nth-child(3){display:inline-block;margin-right:16px}}</style>`)}<div class="scroll"><table class="stats cards"><thead><tr><th>${t('Tên', 'Name')}</th><th class="num">${received}</th><th class="num">${pending}</th>
<th style="min-width:160px">${results}</th><th style="min-width:110px">${online}</th><th style="min-width:110px">${paid}</th></tr></thead><tbody>
${items.map(
  (g) => html`<tr data-key="${g.key}"><td><strong>${labelOf(g.key)}</strong></td><td class="num">${g.received}</td><td class="num">${g.pending}</td>
<td data-label="${results}">${stackedBar(
    [
      { value: g.early, color: COLORS.early, label: t('Trước hạn', 'Early') },
      { value: g.on_time, color: COLORS.on_time, label: t('Đúng hạn', 'On time') },
      { value: g.late, color: COLORS.late, label: t('Trễ hạn', 'Late') },
    ],
    max,
  )}<div class="small">${g.early} / ${g.on_time} / ${g.late}${g.onTimeShare !== null ? html` · ${t('trước và đúng hạn', 'early or on time')} ${pct(g.onTimeShare, lang)}` : ''}</div></td>
<td data-label="${online}">${shareBar(g.onlineShare, t('Tỷ lệ nộp trực tuyến', 'Online share'))}<div class="small">${pct(g.onlineShare, lang)} (${g.online}/${g.received})</div></td>
<td data-label="${paid}">${shareBar(g.paymentShare, t('Tỷ lệ thanh toán trực tuyến', 'Paid online share'))}<div class="small">${pct(g.paymentShare, lang)} (${g.paidOnline}/${g.withFee})</div></td></tr>`,
)}</tbody></table></div>`;
}

export function dashboardPages(app: Hono<AppEnv>, ctx: ServerContext): void {
  const { engine, storage } = ctx.runtime;
  const irs = new Map(ctx.runtime.catalog.map((e) => [e.id, e.ir]));
  const agencies = agencyNames(ctx);
  /** A procedure named in the page's language (its id, for one no longer in the catalog). */
  const titleOf = (id: string, lang: Lang) => {
    const ir = irs.get(id);
    return ir ? procedureTitle(ir, lang) : id;
  };

  app.get('/dashboard', async (c) => {
    const pc = pageContext(c);
    const denied = requireRole(pc, ['manager', 'admin', 'leader']);
    if (denied) return denied;
    const { t, user, lang } = pc;
    const today = localIsoDate(engine.now());
    // A day that is no date is said, not silently replaced; a period given backwards is turned round.
    const notices: Html[] = [];
    const day = (name: 'from' | 'to', fallback: string): string => {
      const asked = c.req.query(name);
      if (asked === undefined || asked === '' || isIsoDay(asked)) return asked || fallback;
      notices.push(alertBox('warn', t(`«${asked}» không phải một ngày hợp lệ; dùng ${fallback.split('-').reverse().join('/')}.`, `«${asked}» is not a valid date; showing ${fallback} instead.`)));
      return fallback;
    };
    let from = day('from', `${today.slice(0, 4)}-01-01`);
    let to = day('to', today);
    if (from > to) {
      [from, to] = [to, from];
      notices.push(alertBox('info', t('Ngày bắt đầu sau ngày kết thúc: đã đổi chỗ hai ngày.', 'The start came after the end: the two dates were swapped.')));
    }
    // A leader sees their own agency only.
    const requested = c.req.query('agency');
    const agency = user!.role === 'leader' ? user!.agency : requested && agencies.has(requested) ? requested : undefined;
    const [byProcedure, byAgency] = await Promise.all([
      computeStats(ctx, { from, to, by: 'procedure', agency }),
      computeStats(ctx, { from, to, by: 'agency', agency }),
    ]);
    const totals = byProcedure.items.reduce(
      (s, g) => ({ received: s.received + g.received, early: s.early + g.early, on_time: s.on_time + g.on_time, late: s.late + g.late, pending: s.pending + g.pending }),
      { received: 0, early: 0, on_time: 0, late: 0, pending: 0 },
    );
    const decided = totals.early + totals.on_time + totals.late;

    // Near the deadline: running dossiers, soonest due first, amber or red.
    const now = engine.now();
    let q = storage.db.selectFrom('dossiers').selectAll().where('state', '!=', 'draft').where('due_at', 'is not', null);
    if (agency) q = q.where('agency', '=', agency);
    const running = await q.orderBy('due_at').limit(300).execute();
    const near = running
      .map((r) => ({ r, flags: flagsOf(ctx, r, now) }))
      .filter(({ flags }) => flags.includes('overdue') || flags.includes('due_soon') || flags.includes('sla_breached'))
      .slice(0, 50);

    const body = html`${CARD_TABLES_CSS}<h1>${t('Thống kê giải quyết hồ sơ', 'Dossier statistics')}</h1>
${notices}
<form method="get" action="/dashboard" class="card filters">
<div><label for="d-from">${t('Từ ngày', 'From')}</label><input id="d-from" type="date" name="from" value="${from}"></div>
<div><label for="d-to">${t('Đến ngày', 'To')}</label><input id="d-to" type="date" name="to" value="${to}"></div>
${
  user!.role === 'leader'
    ? html`<div><span class="meta">${agencyLabel(ctx, user!.agency ?? '', lang)}</span></div>`
    : html`<div><label for="d-agency">${t('Cơ quan', 'Agency')}</label><select id="d-agency" name="agency"><option value="">${t('Tất cả cơ quan', 'All agencies')}</option>${[...agencies.keys()].map(
        (id) => html`<option value="${id}"${id === agency ? html` selected` : ''}>${agencyLabel(ctx, id, lang)}</option>`,
      )}</select></div>`
}
<div></div><div><button type="submit">${t('Xem', 'Show')}</button></div></form>
<section class="card"><div class="row" style="gap:24px">
<div><div class="meta">${t('Tiếp nhận trong kỳ', 'Received')}</div><div class="fee-total">${totals.received}</div></div>
<div><div class="meta">${t('Đang giải quyết (hiện tại)', 'Pending (now)')}</div><div class="fee-total">${totals.pending}</div></div>
<div><div class="meta">${t('Đã có kết quả trong kỳ', 'Decided in the period')}</div><div class="fee-total">${decided}</div></div>
<div><div class="meta">${t('Trước hạn và đúng hạn', 'Early or on time')}</div><div class="fee-total">${decided ? pct(Math.round(((totals.early + totals.on_time) / decided) * 1000) / 10, lang) : '—'}</div></div></div>
<div class="legend" style="margin-top:8px"><span><i style="background:${COLORS.early}"></i>${t('Trước hạn', 'Early')}</span><span><i style="background:${COLORS.on_time}"></i>${t('Đúng hạn', 'On time')}</span><span><i style="background:${COLORS.late}"></i>${t('Trễ hạn', 'Late')}</span><span><i style="background:${COLORS.share}"></i>${t('Tỷ lệ nộp, thanh toán trực tuyến', 'Share online (submitted, paid)')}</span></div>
<p class="small muted" style="margin:6px 0 0">${t(
      'Tiếp nhận, kết quả và các tỷ lệ tính trong kỳ đã chọn (theo ngày tiếp nhận, ngày có kết quả); số đang giải quyết là số hiện tại. Theo cơ quan: cơ quan đang giữ hồ sơ.',
      'Received, results and shares count within the period (by the day of receipt, of the result); pending is as of now. By agency: the agency holding the dossier now.',
    )}</p></section>
<section class="card" id="by-procedure"><h2>${t('Theo thủ tục', 'By procedure')}</h2>${statsTable(byProcedure.items, (k) => titleOf(k, lang), t, lang)}</section>
<section class="card" id="by-agency"><h2>${t('Theo cơ quan', 'By agency')}</h2>${statsTable(byAgency.items, (k) => agencyLabel(ctx, k, lang), t, lang)}</section>
<section class="card" id="near-deadline"><h2>${t('Hồ sơ sắp đến hạn, quá hạn', 'Near or past the deadline')}</h2>
${
  near.length
    ? html`<div class="scroll"><table class="cards"><thead><tr><th>${t('Tình trạng', 'Status')}</th><th>${t('Mã hồ sơ', 'Code')}</th><th>${t('Thủ tục', 'Procedure')}</th><th>${t('Cơ quan', 'Agency')}</th><th class="num">${t('Hạn', 'Due')}</th></tr></thead><tbody>${near.map(({ r, flags }) => {
        const light = lightOf(flags);
        return html`<tr class="light-${light}"><td><span class="light light-${light}"></span> <span class="small">${lightWords(light, flags, t)}</span></td><td><a href="/console/dossiers/${r.id}">${r.code ?? shortId(r.id)}</a></td><td>${titleOf(r.procedure_id, lang)}</td><td data-label="${t('Cơ quan', 'Agency')}">${agencyLabel(ctx, r.agency, lang)}</td><td class="num" data-label="${t('Hạn', 'Due')}">${when(Number(r.due_at))}<div class="small">${relative(Number(r.due_at), now, t, calendarFor(engine, irs.get(r.procedure_id)))}</div></td></tr>`;
      })}</tbody></table></div>`
    : html`<p class="muted">${t('Không có hồ sơ nào sắp đến hạn.', 'Nothing is near its deadline.')}</p>`
}</section>`;
    return renderPage(pc, t('Thống kê', 'Statistics'), body, { wide: true });
  });
}
