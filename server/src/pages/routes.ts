// Server-rendered pages. The catalog and cards, sign-in (a form posting to /login, which sets the
// session cookie), the embedded payment gateway's confirmation page; then the citizen portal,
// the officer console, the manager's dashboard and the public verification page.
import type { Hono } from 'hono';
import { EngineError, type DossierView } from '@motcua/engine';
import { setCookie } from 'hono/cookie';
import { SESSION_COOKIE, signIn } from '../auth/sign-in.ts';
import { SAMPLE_PASSWORD } from '../auth/identity.ts';
import type { ServerContext } from '../context.ts';
import type { StartedPayment } from '../payments/gateway.ts';
import type { AppEnv } from '../http/route.ts';
import { consolePages } from './console.ts';
import { dashboardPages } from './dashboard.ts';
import { agencyLabel, procedureTitle } from './dossier.ts';
import { html } from './html.ts';
import { roleName } from './i18n.ts';
import { layout, renderCardPage, renderCatalogPage } from './layout.ts';
import { portalPages } from './portal.ts';
import { alertBox, pageContext, renderPage, type PageContext } from './shell.ts';
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

  // The embedded payment gateway's page: what is paid (procedure, dossier, amount in đồng) as
  // bound to the reference when the payment was started (payments/gateway.ts) — never from the
  // query string or the form — and, on confirmation, the signed callback for that record.
  const dossierLink = (pc: PageContext, dossierId: string) =>
    html`<a href="/portal/dossiers/${encodeURIComponent(dossierId)}">${pc.t('Quay lại hồ sơ', 'Back to the dossier')}</a>`;
  const payProblem = (pc: PageContext, status: 400 | 404, title: string, detail: string, dossierId?: string) =>
    renderPage(
      pc,
      pc.t('Thanh toán', 'Payment'),
      html`<h1>${pc.t('Cổng thanh toán (mô phỏng)', 'Payment gateway (simulated)')}</h1>${alertBox('error', title, detail)}
<p>${dossierId ? dossierLink(pc, dossierId) : html`<a href="/portal/dossiers">${pc.t('Hồ sơ của tôi', 'My dossiers')}</a>`}</p>`,
      { status, bare: true },
    );
  const unknownPayment = (pc: PageContext) =>
    payProblem(
      pc,
      404,
      pc.t('Không có giao dịch thanh toán này', 'No such payment'),
      pc.t('Liên kết thanh toán không đúng hoặc đã bị sửa. Hãy quay lại hồ sơ và bấm thanh toán lại.', 'The payment link is wrong or was altered. Go back to the dossier and start the payment again.'),
    );
  /** The started payment of the path's reference and its dossier, or the page saying there is none. */
  const startedPayment = async (pc: PageContext): Promise<{ payment: StartedPayment; dossier: DossierView } | Response> => {
    const payment = ctx.gateway.started?.(pc.c.req.param('reference') ?? '', pc.c.req.param('dossier') ?? '');
    if (!payment) return unknownPayment(pc);
    try {
      return { payment, dossier: await ctx.runtime.engine.view(payment.dossierId) };
    } catch (err) {
      if (err instanceof EngineError && err.code === 'not_found') return unknownPayment(pc);
      throw err;
    }
  };
  const dong = (amount: number) => `${new Intl.NumberFormat('vi-VN').format(amount)} đồng`;

  app.get('/pay/:dossier/:reference', async (c) => {
    const pc = pageContext(c);
    const { t, lang } = pc;
    const found = await startedPayment(pc);
    if (found instanceof Response) return found;
    const { payment, dossier } = found;
    const paid = await ctx.runtime.storage.db.selectFrom('payments').select('amount').where('reference', '=', payment.reference).executeTakeFirst();
    const body = html`<h1>${t('Cổng thanh toán (mô phỏng)', 'Payment gateway (simulated)')}</h1>
${paid ? alertBox('ok', t('Giao dịch này đã được thanh toán.', 'This payment has been made.')) : ''}
<div class="card"><h2>${t('Nộp phí, lệ phí hồ sơ', 'Fees of a dossier')}</h2>
<dl class="kv">
<dt>${t('Thủ tục', 'Procedure')}</dt><dd>${procedureTitle(dossier, lang)}</dd>
<dt>${t('Hồ sơ', 'Dossier')}</dt><dd>${dossier.code ?? t('chưa có mã (hồ sơ chưa được tiếp nhận)', 'no code yet (not received yet)')}</dd>
<dt>${t('Cơ quan thu', 'Collected by')}</dt><dd>${agencyLabel(ctx, dossier.agency, lang)}</dd>
<dt>${t('Số tiền', 'Amount')}</dt><dd><strong class="fee-total">${dong(payment.amount)}</strong></dd>
<dt>${t('Mã giao dịch', 'Transaction reference')}</dt><dd><code class="small">${payment.reference}</code></dd>
</dl>
${
  paid
    ? ''
    : html`<form method="post" action="/pay/${encodeURIComponent(payment.dossierId)}/${encodeURIComponent(payment.reference)}" class="plain"><button type="submit" class="full">${t(`Xác nhận thanh toán ${dong(payment.amount)}`, `Confirm the payment of ${dong(payment.amount)}`)}</button></form>
<p class="meta">${t('Đây là cổng thanh toán mô phỏng của bản cài đặt mặc định: không có khoản tiền thật nào được chuyển.', 'This is the simulated gateway of the default set-up: no real money is moved.')}</p>`
}</div>
<p>${dossierLink(pc, dossier.id)}${paid ? '' : html` <span class="meta">(${t('chưa thanh toán', 'without paying')})</span>`}</p>`;
    return renderPage(pc, t('Thanh toán', 'Payment'), body, { bare: true });
  });
  app.post('/pay/:dossier/:reference', async (c) => {
    const pc = pageContext(c);
    if (!ctx.gateway.callbackFor || !ctx.gateway.started) return unknownPayment(pc);
    const found = await startedPayment(pc);
    if (found instanceof Response) return found;
    const { payment } = found;
    // The page posts nothing but the reference; a dossier or amount sent along (an older page, a
    // hand-made request) must be the started one — anything else is refused, nothing recorded.
    const form = await c.req.parseBody();
    const sentDossier = typeof form['dossier'] === 'string' ? form['dossier'] : '';
    const sentAmount = typeof form['amount'] === 'string' ? form['amount'].trim() : '';
    if ((sentDossier !== '' && sentDossier !== payment.dossierId) || (sentAmount !== '' && Number(sentAmount) !== payment.amount)) {
      return payProblem(
        pc,
        400,
        pc.t('Thông tin thanh toán bị thay đổi, không ghi nhận', 'The payment details were altered: nothing recorded'),
        pc.t(`Giao dịch này là ${dong(payment.amount)} cho hồ sơ đã chọn khi bắt đầu thanh toán.`, `This payment is ${dong(payment.amount)} for the dossier chosen when it was started.`),
        payment.dossierId,
      );
    }
    const callback = ctx.gateway.callbackFor({ reference: payment.reference, dossierId: payment.dossierId, status: 'paid' });
    if (!ctx.gateway.verify(callback)) return unknownPayment(pc);
    await ctx.runtime.engine.recordPayment(callback.dossierId, { provider: ctx.gateway.name, reference: callback.reference, amount: callback.amount });
    return c.redirect(`/portal/dossiers/${encodeURIComponent(callback.dossierId)}?paid=1`, 303);
  });
  // A link of the earlier form (/pay/<reference>?dossier=…&amount=…) names no started payment.
  app.on(['GET', 'POST'], '/pay/:reference', (c) => unknownPayment(pageContext(c)));

  portalPages(app, ctx);
  consolePages(app, ctx);
  dashboardPages(app, ctx);
  verifyPages(app, ctx);
}
