// The frame of every signed-in page: a header with the user's name and role, the links of their
// role, sign-out and the language switch; mobile-first CSS inline (no external asset); a
// content-security policy that allows only our own inline script, by nonce.
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import type { Claims } from '../auth/tokens.ts';
import type { AppEnv } from '../http/route.ts';
import { html, raw, type Child, type Html } from './html.ts';
import { pageLang, roleName, translator, type Lang, type T } from './i18n.ts';
import { CARD_TABLE_CSS, WRAP_CSS } from './layout.ts';

export interface PageContext {
  readonly c: Context<AppEnv>;
  readonly user: Claims | undefined;
  readonly lang: Lang;
  readonly t: T;
  /** Nonce of this response's inline scripts. */
  readonly nonce: string;
}

export function pageContext(c: Context<AppEnv>): PageContext {
  const lang = pageLang(c);
  return { c, user: c.get('user'), lang, t: translator(lang), nonce: randomBytes(12).toString('base64') };
}

/** The current path and query, for `next=` and the language switch. */
function here(c: Context, change?: Record<string, string>): string {
  const url = new URL(c.req.url);
  for (const [k, v] of Object.entries(change ?? {})) url.searchParams.set(k, v);
  return url.pathname + url.search;
}

/** Signed-in user with one of the roles, or the response to send instead (login redirect, 403 page). */
export function requireRole(pc: PageContext, roles: readonly string[]): Response | undefined {
  if (!pc.user) {
    // After signing in, a form post cannot be replayed: come back to the page it was posted from.
    const back = pc.c.req.method === 'GET' ? here(pc.c) : new URL(pc.c.req.url).pathname.replace(/\/(form|pay|extension|actions\/[^/]+|documents\/[^/]+)$/, '');
    return pc.c.redirect(`/login?next=${encodeURIComponent(back)}`, 302);
  }
  if (!roles.includes(pc.user.role)) {
    return renderPage(
      pc,
      pc.t('Không có quyền', 'Not allowed'),
      html`<div class="card"><h1>${pc.t('Trang này không dành cho vai trò của bạn', 'This page is not for your role')}</h1>
<p>${pc.t('Bạn đang đăng nhập với vai trò', 'You are signed in as')} <strong>${roleName(pc.user.role, pc.t)}</strong>.</p>
<p><a href="${homeOf(pc.user.role)}">${pc.t('Về trang của bạn', 'Go to your page')}</a></p></div>`,
      { status: 403 },
    );
  }
  return undefined;
}

export function homeOf(role: string): string {
  if (role === 'citizen') return '/portal';
  if (role === 'reception' || role === 'specialist' || role === 'leader') return '/console';
  if (role === 'manager' || role === 'admin') return '/dashboard';
  return '/';
}

function navLinks(pc: PageContext): Array<[string, string]> {
  const { t, user } = pc;
  const links: Array<[string, string]> = [['/portal', t('Thủ tục', 'Procedures')]];
  if (!user) return links;
  if (user.role === 'citizen') {
    links.push(['/portal/dossiers', t('Hồ sơ của tôi', 'My dossiers')], ['/portal/me/access-log', t('Dữ liệu của tôi', 'My data')]);
  }
  if (user.role === 'reception' || user.role === 'specialist' || user.role === 'leader') links.push(['/console', t('Hồ sơ cần xử lý', 'Queue')]);
  if (user.role === 'leader' || user.role === 'manager' || user.role === 'admin') links.push(['/dashboard', t('Thống kê', 'Statistics')]);
  if (user.role !== 'citizen') links.push(['/verify', t('Tra cứu kết quả', 'Verify a result')]);
  return links;
}

/**
 * `bare`: the brand and the language switch only, without the account and the navigation — for
 * the simulated payment provider's page, which stands for another site than the portal.
 */
export function renderPage(pc: PageContext, title: string, body: Html, options: { status?: number; wide?: boolean; script?: string; bare?: boolean } = {}): Response {
  const { t, user, c, lang } = pc;
  const path = new URL(c.req.url).pathname;
  const nav = navLinks(pc).map(([href, label]) => html`<a href="${href}"${raw(path === href || (href !== '/portal' && path.startsWith(`${href}/`)) ? ' aria-current="page"' : '')}>${label}</a>`);
  const other = lang === 'en' ? { code: 'vi', label: 'Tiếng Việt' } : { code: 'en', label: 'English' };
  const account: Child = user
    ? html`<div class="who"><span class="who-name">${user.name}</span> <span class="who-role">${roleName(user.role, t)}</span>
<form method="post" action="/logout" class="inline"><button type="submit" class="link">${t('Đăng xuất', 'Sign out')}</button></form></div>`
    : html`<div class="who"><a href="/login?next=${encodeURIComponent(here(c))}">${t('Đăng nhập', 'Sign in')}</a></div>`;
  const doc = html`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>${title} — ${t('Một cửa', 'One-stop')}</title><style>${raw(CSS)}</style></head><body>
<header class="top${options.bare ? ' bare' : ''}"><div class="bar"><a class="brand" href="${user ? homeOf(user.role) : '/portal'}">${t('Một cửa · Dịch vụ công', 'One-stop · Public services')}</a>
<a class="lang" href="${here(c, { lang: other.code })}" hreflang="${other.code}">${other.label}</a></div>
${options.bare ? '' : html`${account}<nav>${nav}</nav>`}</header>
<main class="${options.wide ? 'wide' : ''}">${body}</main>
${options.script ? html`<script nonce="${pc.nonce}">${raw(options.script)}</script>` : ''}</body></html>`;
  return c.html(doc.text, (options.status ?? 200) as 200, {
    'content-security-policy': `default-src 'self'; script-src 'nonce-${pc.nonce}'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'cache-control': 'no-store',
  });
}

/**
 * Whether the request's Accept header prefers an HTML page to JSON (a browser's navigation:
 * `text/html,…,*\/*;q=0.8`), by the quality each gets from its most specific matching range. No
 * header, `*\/*` or a tie: JSON, the API's answer.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = accept.split(',').map((part) => {
    const [type = '', ...params] = part.split(';').map((x) => x.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    return { type, q: Number.isFinite(quality) ? Math.min(Math.max(quality, 0), 1) : 0 };
  });
  const qualityOf = (type: string): number => {
    const [major] = type.split('/');
    let best: { specificity: number; q: number } | undefined;
    for (const r of ranges) {
      const specificity = r.type === type ? 3 : r.type === `${major}/*` ? 2 : r.type === '*/*' ? 1 : 0;
      if (specificity > 0 && (!best || specificity > best.specificity)) best = { specificity, q: r.q };
    }
    return best?.q ?? 0;
  };
  const htmlQ = Math.max(qualityOf('text/html'), qualityOf('application/xhtml+xml'));
  return htmlQ > 0 && htmlQ > Math.max(qualityOf('application/json'), qualityOf('application/problem+json'));
}

/** The page of an address that leads nowhere (404), with the way back to the portal and home. */
export function renderNotFound(pc: PageContext): Response {
  const { t, user } = pc;
  const path = new URL(pc.c.req.url).pathname;
  const mine = user ? homeOf(user.role) : undefined;
  const body = html`<div class="card"><h1>${t('Không tìm thấy trang', 'Page not found')}</h1>
<p>${t('Không có trang nào ở địa chỉ', 'There is no page at')} <code>${path}</code>. ${t('Có thể địa chỉ đã gõ sai hoặc trang đã được chuyển đi.', 'The address may be mistyped, or the page has moved.')}</p>
<ul class="plain">
<li><a href="/portal">${t('Cổng dịch vụ công: tìm thủ tục, nộp hồ sơ', 'Public services portal: find a procedure, apply')}</a></li>
${mine && mine !== '/portal' && mine !== '/' ? html`<li><a href="${mine}">${t('Về trang của bạn', 'Go to your page')}</a></li>` : ''}
<li><a href="/">${t('Trang chủ', 'Home')}</a></li>
</ul></div>`;
  const res = renderPage(pc, t('Không tìm thấy trang', 'Page not found'), body, { status: 404 });
  res.headers.set('vary', 'Accept');
  return res;
}

/** An alert box (role=alert for errors, status for confirmations). */
export function alertBox(kind: 'error' | 'ok' | 'info' | 'warn', title: Child, detail?: Child): Html {
  return html`<div class="alert alert-${kind}" role="${kind === 'error' ? 'alert' : 'status'}"><strong>${title}</strong>${detail ? html`<div>${detail}</div>` : ''}</div>`;
}

const CSS = `
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0;color:#1b1b1b;background:#f3f4f6}
a{color:#0b57a4}
header.top{background:#a4161a;color:#fff;padding:8px 12px 0}
header.top a{color:#fff}
header.top.bare{padding-bottom:8px}
.bar{display:flex;justify-content:space-between;align-items:center;gap:8px}
.brand{font-weight:700;text-decoration:none;font-size:17px}
.lang{font-size:14px;border:1px solid rgba(255,255,255,.6);border-radius:4px;padding:2px 8px;text-decoration:none}
.who{font-size:14px;margin-top:4px;display:flex;flex-wrap:wrap;gap:4px 8px;align-items:center}
.who-name{font-weight:600}
.who-role{background:rgba(255,255,255,.18);border-radius:10px;padding:0 8px}
header nav{display:flex;gap:2px;overflow-x:auto;margin-top:6px;white-space:nowrap}
header nav a{padding:8px 9px;text-decoration:none;font-size:15px;border-radius:6px 6px 0 0}
header nav a[aria-current]{background:#f3f4f6;color:#a4161a;font-weight:600}
form.inline{display:inline;margin:0}
button.link{background:none;border:0;color:#fff;text-decoration:underline;font:inherit;padding:0;cursor:pointer;min-height:0}
main{max-width:880px;margin:0 auto;padding:12px}
main.wide{max-width:1280px}
h1{font-size:22px;margin:8px 0 12px;line-height:1.3}
h2{font-size:18px;margin:0 0 8px}
h3{font-size:16px;margin:12px 0 6px}
.card{background:#fff;border-radius:8px;padding:12px 14px;margin:0 0 12px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.meta{color:#555;font-size:14px}
.muted{color:#666}
.small{font-size:13px}
.row{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
.spread{display:flex;flex-wrap:wrap;justify-content:space-between;gap:8px;align-items:baseline}
label{display:block;font-weight:600;margin:0 0 4px}
.field{margin:0 0 14px}
.field .help{font-size:13px;color:#555;margin-top:2px}
input[type=text],input[type=email],input[type=tel],input[type=number],input[type=date],input[type=datetime-local],input[type=search],input[type=password],input:not([type]),select,textarea{width:100%;font:inherit;font-size:16px;padding:9px 10px;border:1px solid #9aa1ab;border-radius:6px;background:#fff;color:#1b1b1b}
textarea{min-height:80px}
input[readonly],.readonly{background:#eef0f3;border:1px solid #cfd4da;border-radius:6px;color:#333;padding:9px 10px;min-height:44px;overflow-wrap:anywhere}
input[type=file]{font-size:15px;max-width:100%}
input[type=checkbox],input[type=radio]{width:20px;height:20px;vertical-align:middle;margin:0 6px 0 0}
.choice{font-weight:400;display:flex;align-items:center;margin:6px 0}
button,.button{display:inline-block;font:inherit;font-weight:600;min-height:44px;padding:10px 18px;border-radius:6px;border:1px solid #0b57a4;background:#0b57a4;color:#fff;cursor:pointer;text-decoration:none;text-align:center}
button.secondary,.button.secondary{background:#fff;color:#0b57a4}
button.danger{background:#a4161a;border-color:#a4161a}
button.full{width:100%}
.req{color:#a4161a;font-weight:700}
.err{color:#a4161a;font-size:14px;margin-top:4px}
.invalid input,.invalid select,.invalid textarea{border-color:#a4161a;background:#fff6f6}
.source{display:inline-block;font-size:12px;font-weight:500;background:#e7f1e8;color:#1e5b26;border-radius:10px;padding:1px 8px;margin-left:4px}
.source.locked{background:#e6eef8;color:#0b3d73}
.icon{vertical-align:-1px;margin-right:3px}
.mark{display:inline-block;width:22px;height:22px;line-height:22px;border-radius:50%;text-align:center;font-weight:700;font-size:14px;color:#fff;margin-right:6px;flex:none}
.mark.ok{background:#2a9d3f}.mark.warn{background:#f4a300}.mark.info{background:#0b57a4}
.ready li{display:flex;align-items:flex-start}
.card .card{box-shadow:none;border:1px solid #e1e4e8}
.plain{margin:8px 0 0}
.steps-list{padding-left:20px;margin:6px 0}.steps-list li{margin-bottom:4px}
.alert{border-radius:8px;padding:10px 14px;margin:0 0 12px;border:1px solid}
.alert-error{background:#fdecec;border-color:#e3a1a1;color:#7a1014}
.alert-ok{background:#e8f5e9;border-color:#9fd0a4;color:#1e5b26}
.alert-info{background:#e8f0fb;border-color:#a8c2e6;color:#0b3d73}
.alert-warn{background:#fff6dd;border-color:#e9cf7c;color:#6b4e00}
.alert ul{margin:6px 0 0;padding-left:20px}
.refusal h2{margin:0 0 8px}.refusal .reason{margin:10px 0 0;white-space:pre-line}
.badge{display:inline-block;font-size:13px;font-weight:600;border-radius:12px;padding:1px 10px;background:#e5e7eb;color:#333;white-space:nowrap}
.badge.state{background:#0b57a4;color:#fff}
.badge.done{background:#1e7b34;color:#fff}
.badge.ended{background:#b42318;color:#fff}
.badge.need-required{background:#fdecec;color:#7a1014}
.badge.need-waived{background:#e8f5e9;color:#1e5b26}
.badge.need-optional,.badge.need-not_required{background:#eef0f3;color:#555}
.badge.ok{background:#e8f5e9;color:#1e5b26}
.badge.outcome-early{background:#1e7b34;color:#fff}.badge.outcome-on_time{background:#0b57a4;color:#fff}.badge.outcome-late{background:#a4161a;color:#fff}
.light{display:inline-block;width:14px;height:14px;border-radius:50%;vertical-align:middle;border:1px solid rgba(0,0,0,.2)}
.light.light-red{background:#d62828}.light.light-amber{background:#f4a300}.light.light-green{background:#2a9d3f}.light.light-grey{background:#9aa1ab}
tr.light-red td:first-child{box-shadow:inset 4px 0 #d62828}tr.light-amber td:first-child{box-shadow:inset 4px 0 #f4a300}
tr.light-green td:first-child{box-shadow:inset 4px 0 #2a9d3f}tr.light-grey td:first-child{box-shadow:inset 4px 0 #9aa1ab}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid #e1e4e8;padding:8px 6px;text-align:left;vertical-align:top}
th{background:#f7f8fa;font-weight:600}
td.num,th.num{text-align:right;white-space:nowrap}
.checklist{list-style:none;margin:0;padding:0}
.checklist>li{border-top:1px solid #e1e4e8;padding:10px 0}
.checklist>li:first-child{border-top:0}
.timeline{list-style:none;margin:0;padding:0 0 0 14px;border-left:3px solid #d5d9df}
.timeline li{margin:0 0 12px;position:relative}
.timeline li::before{content:"";position:absolute;left:-21px;top:6px;width:11px;height:11px;border-radius:50%;background:#0b57a4}
.timeline .at{font-size:13px;color:#555}
fieldset{border:1px solid #d5d9df;border-radius:8px;margin:0 0 14px;padding:10px 12px}
legend{font-weight:700;padding:0 6px}
.steps{counter-reset:step}
.steps>.card>h2::before{counter-increment:step;content:counter(step);display:inline-block;width:26px;height:26px;line-height:26px;text-align:center;border-radius:50%;background:#a4161a;color:#fff;font-size:14px;margin-right:8px}
.fee-total{font-size:20px;font-weight:700}
.verdict{border-radius:10px;padding:18px;text-align:center;font-size:26px;font-weight:800;color:#fff;margin:0 0 12px}
.verdict.valid{background:#1e7b34}.verdict.invalid{background:#a4161a}
.qr{max-width:100%;height:auto;background:#fff}
.kv{display:grid;grid-template-columns:minmax(120px,40%) 1fr;gap:4px 12px;margin:0}
.kv dt{color:#555}.kv dd{margin:0;font-weight:500;overflow-wrap:anywhere}
details>summary{cursor:pointer;font-weight:600;min-height:32px}
.filters{display:grid;grid-template-columns:1fr;gap:8px;align-items:end}
.legend{display:flex;flex-wrap:wrap;gap:12px;font-size:13px}
.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}
${WRAP_CSS}${CARD_TABLE_CSS}
@media (min-width:720px){
  main{padding:16px}
  .grid2{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:14px;align-items:start}
  .filters{grid-template-columns:repeat(4,minmax(0,1fr)) auto}
  header.top{padding:8px 16px 0}
  .bar .brand{font-size:18px}
}
`;
