// Public verification of a result (where the QR code on a result points): the Ed25519 signature
// of every result of the dossier is checked as GET /api/verify/:code does, and the page says
// "Hợp lệ" in green or "Không hợp lệ" in red, with the result's data in words.
import type { Hono } from 'hono';
import type { ServerContext } from '../context.ts';
import type { AppEnv } from '../http/route.ts';
import { verifyResult } from '../verification.ts';
import { agencyLabel, procedureTitle, publishedWords, resultLabel } from './dossier.ts';
import { html } from './html.ts';
import { when } from './i18n.ts';
import { pageContext, renderPage } from './shell.ts';

/** A personal id shown on a public page: the first 3 and last 3 digits only. */
export const maskId = (id: unknown): string => (typeof id === 'string' && id.length > 6 ? `${id.slice(0, 3)}${'•'.repeat(id.length - 6)}${id.slice(-3)}` : '—');

export function verifyPages(app: Hono<AppEnv>, ctx: ServerContext): void {
  const byId = new Map(ctx.runtime.catalog.map((e) => [e.id, e]));

  app.get('/verify', (c) => {
    const pc = pageContext(c);
    const { t } = pc;
    const code = (c.req.query('code') ?? '').trim();
    if (code) return c.redirect(`/verify/${encodeURIComponent(code.slice(0, 100))}`, 303);
    return renderPage(
      pc,
      t('Tra cứu kết quả', 'Verify a result'),
      html`<h1>${t('Xác thực kết quả giải quyết thủ tục hành chính', 'Verify an administrative result')}</h1>
<form method="get" action="/verify" class="card"><label for="code">${t('Mã hồ sơ (in trên kết quả)', 'Dossier code (printed on the result)')}</label>
<div class="row"><input id="code" name="code" placeholder="000.00.12.H40-250124-0007" style="flex:1;min-width:0"><button type="submit">${t('Kiểm tra', 'Check')}</button></div></form>`,
    );
  });

  app.get('/verify/:code', async (c) => {
    const pc = pageContext(c);
    const { t, lang } = pc;
    const code = c.req.param('code').slice(0, 100);
    const v = await verifyResult(ctx, code);
    const verdict = v.valid
      ? html`<div class="verdict valid" role="status">✓ ${t('Hợp lệ', 'Valid')}</div>`
      : html`<div class="verdict invalid" role="alert">✗ ${t('Không hợp lệ', 'Not valid')}</div>`;
    if (!('results' in v)) {
      return renderPage(
        pc,
        t('Không hợp lệ', 'Not valid'),
        html`${verdict}<div class="card"><p><strong>${v.reason[lang]}</strong></p><p class="meta">${t('Mã đã tra', 'Code checked')}: <code>${code}</code></p><p><a href="/verify">${t('Tra cứu mã khác', 'Check another code')}</a></p></div>`,
        { status: 404 },
      );
    }
    const entry = byId.get(v.procedure);
    const items = v.results.map((r) => {
      const d = r.data;
      return html`<section class="card"><div class="spread"><h2>${resultLabel(entry?.ir, r.result, d['label'], lang)}</h2>${r.valid ? html`<span class="badge ok">✓ ${t('Chữ ký số hợp lệ', 'Signature valid')}</span>` : html`<span class="badge need-required">✗ ${t('Chữ ký số không khớp', 'Signature does not match')}</span>`}</div>
<dl class="kv"><dt>${t('Thủ tục', 'Procedure')}</dt><dd>${entry ? procedureTitle(entry.ir, lang) : v.procedure}${entry ? html` <span class="small muted">(${t('mã', 'code')} ${entry.code})</span>` : ''}</dd>
<dt>${t('Cơ quan giải quyết', 'Agency')}</dt><dd>${entry ? agencyLabel(ctx, entry.agency, lang) : '—'}</dd>
<dt>${t('Mã hồ sơ', 'Dossier code')}</dt><dd>${v.code ?? '—'}</dd>
<dt>${t('Người được cấp', 'Issued to')}</dt><dd>${t('Số định danh', 'Personal id')} ${maskId(d['citizen'])}</dd>
<dt>${t('Ngày ban hành', 'Issued on')}</dt><dd>${when(typeof d['issuedAt'] === 'number' ? d['issuedAt'] : r.issuedAt)}</dd>
${publishedWords(ctx, entry?.ir, d, t, lang, { mask: maskId })}</dl></section>`;
    });
    return renderPage(
      pc,
      v.valid ? t('Hợp lệ', 'Valid') : t('Không hợp lệ', 'Not valid'),
      html`${verdict}
<p class="meta">${
        v.valid
          ? t('Kết quả dưới đây do cơ quan nhà nước ban hành; chữ ký số Ed25519 khớp với nội dung.', 'The result below was issued by the agency; its Ed25519 signature matches its content.')
          : t('Chữ ký số không khớp với nội dung: kết quả có thể đã bị sửa hoặc giả mạo.', 'The signature does not match the content: the result may have been altered or forged.')
      } <a href="/api/results/public-key">${t('Khóa công khai', 'Public key')}</a></p>
${items}`,
    );
  });
}
