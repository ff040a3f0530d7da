// Server-rendered pages. The catalog and cards, sign-in (a form posting to /login, which sets the
// session cookie), and the embedded payment gateway's confirmation page.
import type { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { issueToken } from '../auth/tokens.ts';
import { SAMPLE_PASSWORD } from '../auth/identity.ts';
import type { ServerContext } from '../context.ts';
import type { AppEnv } from '../http/route.ts';
import { SESSION_COOKIE } from '../routes/auth.ts';
import { esc, layout, renderCardPage, renderCatalogPage } from './layout.ts';

export function pageRoutes(app: Hono<AppEnv>, ctx: ServerContext): void {
  const catalog = ctx.runtime.catalog;
  const byId = new Map(catalog.map((e) => [e.id, e]));

  app.get('/', (c) => c.html(renderCatalogPage(catalog)));
  app.get('/procedures/:id', (c) => {
    const e = byId.get(c.req.param('id'));
    return e ? c.html(renderCardPage(e)) : c.html(layout('Không tìm thấy', '<h1>Không tìm thấy thủ tục</h1>'), 404);
  });

  app.get('/login', (c) => {
    const users = ctx.sampleUsers?.list() ?? [];
    const officers = users.filter((u) => u.role !== 'citizen');
    const citizens = users.filter((u) => u.role === 'citizen').slice(0, 12);
    const row = (u: { id: string; name: string; role: string }) => `<tr><td><code>${esc(u.id)}</code></td><td>${esc(u.name)}</td><td>${esc(u.role)}</td></tr>`;
    const error = c.req.query('error') ? '<p role="alert" style="color:#a4161a">Sai tên đăng nhập hoặc mật khẩu.</p>' : '';
    return c.html(
      layout(
        'Đăng nhập',
        `<h1>Đăng nhập</h1>${error}<form method="post" action="/login" class="card">
<p><label>Tên đăng nhập (số định danh hoặc tài khoản cán bộ)<br><input name="username" required autocomplete="username" style="width:100%;padding:8px"></label></p>
<p><label>Mật khẩu<br><input name="password" type="password" required autocomplete="current-password" style="width:100%;padding:8px"></label></p>
<input type="hidden" name="next" value="${esc(c.req.query('next') ?? '/')}">
<p><button type="submit" style="padding:8px 16px">Đăng nhập</button></p></form>
${users.length ? `<div class="card"><h2>Tài khoản mẫu (bản cài đặt mặc định)</h2><p>Mật khẩu của mọi tài khoản mẫu: <code>${SAMPLE_PASSWORD}</code></p>
<table><tr><th>Tên đăng nhập</th><th>Người dùng</th><th>Vai trò</th></tr>${officers.map(row).join('')}${citizens.map(row).join('')}</table></div>` : ''}`,
      ),
    );
  });

  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const username = String(form['username'] ?? '');
    const next = String(form['next'] ?? '/');
    const keys = [`user:${username.toLowerCase()}`, `client:${c.req.header('x-forwarded-for') ?? 'local'}`];
    if (ctx.throttle.retryAfter(keys) > 0) return c.redirect('/login?error=throttled', 303);
    const user = await ctx.identity.authenticate(username, String(form['password'] ?? ''));
    if (!user) {
      ctx.throttle.fail(keys);
      return c.redirect(`/login?error=1&next=${encodeURIComponent(next)}`, 303);
    }
    ctx.throttle.succeed([keys[0]!]);
    const token = issueToken(ctx.runtime.secret, { sub: user.id, role: user.role, name: user.name, ...(user.agency ? { agency: user.agency } : {}) }, ctx.tokenTtl);
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: ctx.tokenTtl });
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
}
