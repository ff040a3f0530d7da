// Server-rendered pages. The catalog and cards, sign-in (a form posting to /login, which sets the
// session cookie), the embedded payment gateway's confirmation page; then the citizen portal,
// the officer console, the manager's dashboard and the public verification page.
import type { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { SESSION_COOKIE, signIn } from '../auth/sign-in.ts';
import { SAMPLE_PASSWORD } from '../auth/identity.ts';
import type { ServerContext } from '../context.ts';
import type { AppEnv } from '../http/route.ts';
import { consolePages } from './console.ts';
import { dashboardPages } from './dashboard.ts';
import { html } from './html.ts';
import { roleName } from './i18n.ts';
import { esc, layout, renderCardPage, renderCatalogPage } from './layout.ts';
import { portalPages } from './portal.ts';
import { alertBox, pageContext, renderPage } from './shell.ts';
import { verifyPages } from './verify.ts';

export function pageRoutes(app: Hono<AppEnv>, ctx: ServerContext): void {
  const catalog = ctx.runtime.catalog;
  const byId = new Map(catalog.map((e) => [e.id, e]));

  app.get('/', (c) => c.html(renderCatalogPage(catalog)));
  app.get('/procedures/:id', (c) => {
    const e = byId.get(c.req.param('id'));
    return e ? c.html(renderCardPage(e)) : c.html(layout('Không tìm thấy', '<h1>Không tìm thấy thủ tục</h1>'), 404);
  });

  app.get('/login', (c) => {
    const pc = pageContext(c);
    const { t } = pc;
    const users = ctx.sampleUsers?.list() ?? [];
    const officers = users.filter((u) => u.role !== 'citizen');
    const citizens = users.filter((u) => u.role === 'citizen').slice(0, 12);
    const error = c.req.query('error');
    const row = (u: { id: string; name: string; role: string }) =>
      html`<tr><td><button type="button" class="secondary sample" data-user="${u.id}">${u.id}</button></td><td>${u.name}</td><td>${roleName(u.role, t)}</td></tr>`;
    const body = html`<h1>${t('Đăng nhập', 'Sign in')}</h1>
${error ? alertBox('error', error === 'throttled' ? t('Đăng nhập sai quá nhiều lần; hãy thử lại sau.', 'Too many failed sign-ins; try again later.') : t('Sai tên đăng nhập hoặc mật khẩu.', 'Wrong username or password.')) : ''}
<form method="post" action="/login" class="card">
<div class="field"><label for="username">${t('Tên đăng nhập (số định danh cá nhân hoặc tài khoản cán bộ)', 'Username (personal id or officer account)')}</label><input id="username" name="username" required autocomplete="username" autocapitalize="none"></div>
<div class="field"><label for="password">${t('Mật khẩu', 'Password')}</label><input id="password" name="password" type="password" required autocomplete="current-password"></div>
<input type="hidden" name="next" value="${c.req.query('next') ?? '/'}">
<button type="submit" class="full">${t('Đăng nhập', 'Sign in')}</button></form>
${
  users.length
    ? html`<details class="card"><summary>${t('Tài khoản mẫu của bản cài đặt mặc định', 'Sample accounts of the default set-up')}</summary>
<p>${t('Mật khẩu của mọi tài khoản mẫu', 'The password of every sample account')}: <code>${SAMPLE_PASSWORD}</code>. ${t('Bấm vào tên đăng nhập để điền.', 'Tap a username to fill it in.')}</p>
<div class="scroll"><table><thead><tr><th>${t('Tên đăng nhập', 'Username')}</th><th>${t('Người dùng', 'User')}</th><th>${t('Vai trò', 'Role')}</th></tr></thead><tbody>${citizens.map(row)}${officers.map(row)}</tbody></table></div></details>`
    : ''
}`;
    return renderPage(pc, t('Đăng nhập', 'Sign in'), body, {
      script: `document.querySelectorAll('button.sample').forEach(function(b){b.addEventListener('click',function(){document.getElementById('username').value=b.getAttribute('data-user');document.getElementById('password').value=${JSON.stringify(SAMPLE_PASSWORD)};document.getElementById('password').focus();});});`,
    });
  });

  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const username = String(form['username'] ?? '');
    const next = String(form['next'] ?? '/');
    const r = await signIn(ctx, c, username, String(form['password'] ?? ''));
    if (!r.ok) return c.redirect(r.retryAfterMs > 0 ? '/login?error=throttled' : `/login?error=1&next=${encodeURIComponent(next)}`, 303);
    const safeNext = next.startsWith('/') && !next.startsWith('//') ? next : '/';
    return c.redirect(safeNext, 303);
  });

  app.post('/logout', (c) => {
    setCookie(c, SESSION_COOKIE, '', { path: '/', maxAge: 0 });
    return c.redirect('/', 303);
  });

  // The embedded payment gateway: shows the amount, and on confirmation sends the signed callback.
  app.get('/pay/:reference', (c) => {
    const amount = Number(c.req.query('amount') ?? 0);
    const dossier = c.req.query('dossier') ?? '';
    return c.html(
      layout(
        'Thanh toán',
        `<h1>Cổng thanh toán (mô phỏng)</h1><div class="card"><p>Mã giao dịch <code>${esc(c.req.param('reference'))}</code></p>
<p>Số tiền: <strong>${amount.toLocaleString('vi-VN')} ₫</strong></p>
<form method="post"><input type="hidden" name="dossier" value="${esc(dossier)}"><input type="hidden" name="amount" value="${amount}">
<button type="submit" style="padding:8px 16px">Xác nhận thanh toán</button></form></div>`,
      ),
    );
  });
  app.post('/pay/:reference', async (c) => {
    if (!ctx.gateway.callbackFor) return c.text('not available', 404);
    const form = await c.req.parseBody();
    const dossierId = String(form['dossier'] ?? '');
    const amount = Number(form['amount'] ?? NaN);
    if (!Number.isInteger(amount) || amount < 0 || !dossierId) return c.html(layout('Thanh toán', '<h1>Giao dịch không hợp lệ</h1>'), 400);
    const callback = ctx.gateway.callbackFor({ reference: c.req.param('reference'), dossierId, amount, status: 'paid' });
    if (ctx.gateway.verify(callback)) await ctx.runtime.engine.recordPayment(dossierId, { provider: ctx.gateway.name, reference: callback.reference, amount });
    return c.redirect(`/portal/dossiers/${encodeURIComponent(dossierId)}?paid=1`, 303);
  });

  portalPages(app, ctx);
  consolePages(app, ctx);
  dashboardPages(app, ctx);
  verifyPages(app, ctx);
}
