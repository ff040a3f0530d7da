// The citizen portal on a phone: a refused dossier says at the top of its page that it was refused,
// at which step, by which desk and when, and why (in Vietnamese and in English); long payment
// references and codes wrap instead of widening a 360 px page; the procedure card's tables read
// on a phone (no sideways scrolling of the page, no columns a few letters wide). The Chromium part
// is skipped when /usr/bin/chromium is absent; its screenshots go to test-results/screenshots/.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@motcua/engine';
import { REPO_ROOT } from '../runtime/runtime.ts';
import { startTestServer, type TestServer } from '../testing/harness.ts';
import { CITIZEN, OWNER, OWNER_ADDRESS, receivedDossier, SPECIALIST } from './fixtures.ts';
import { HAS_CHROMIUM, launchChromium, serveOnLoopback, signIn } from '../testing/chromium.ts';

/** An officer who is not a sample user: the timeline shows their id, the refusal box names the desk. */
const RECEPTIONIST: Actor = { id: 'nguyen.thi.hoa', role: 'reception', agency: 'cong_an_xa' };
const HEAD: Actor = { id: 'tran.van.binh', role: 'leader', agency: 'cong_an_xa' };
/** Officer-typed text, with markup that must show as text. */
const REASON = 'Ảnh <b>sổ hộ khẩu</b> bị mờ & không đọc được số nhà';

/** A permanent residence dossier filled, paid (with `reference`) and submitted at 03/03/2025 `hour`:00. */
async function submitted(s: TestServer, hour: number, reference = `SEED-${randomBytes(4).toString('hex')}`): Promise<string> {
  const { engine } = s.runtime;
  s.setTime(2025, 3, 3, hour);
  const v = await engine.createDraft({ procedureId: 'dang_ky_thuong_tru', channel: 'online', actor: CITIZEN });
  await engine.updateForm(v.id, { address: OWNER_ADDRESS, housing: 'owner' }, CITIZEN);
  await engine.recordPayment(v.id, { provider: 'embedded', reference, amount: 10_000 });
  await engine.act(v.id, 'submit', { actor: CITIZEN });
  return v.id;
}

/** Refused at reception at 03/03/2025 09:00. */
async function refusedAtReception(s: TestServer): Promise<string> {
  const id = await submitted(s, 8);
  s.setTime(2025, 3, 3, 9);
  await s.runtime.engine.act(id, 'refuse', { actor: RECEPTIONIST, inputs: { reason: REASON } });
  return id;
}

/**
 * An embedded-gateway reference as the gateway makes them, EMB-<nonce>.<MAC>~<amount> (base64url),
 * drawn without '-' (where a browser may break a line): one unbroken word of 40 characters.
 */
const embReference = (amount: number) => {
  const b64 = (bytes: number, length: number) => randomBytes(bytes).toString('base64url').replaceAll('-', 'x').slice(0, length);
  return `EMB-${b64(6, 8)}.${b64(16, 22)}~${amount}`;
};

describe('a refused dossier, at the top of its page', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => s?.close());

  const get = async (path: string) => {
    const r = await s.app.request(path, { headers: { cookie: `motcua_session=${await s.login(OWNER)}` } });
    expect(r.status).toBe(200);
    return r.text();
  };
  /** The refusal box, or undefined; and where it stands among the page's sections. */
  const refusalBox = (html: string) => {
    const start = html.indexOf('id="refusal"');
    if (start < 0) return undefined;
    const at = html.lastIndexOf('<section', start);
    return { html: html.slice(at, html.indexOf('</section>', start)), at };
  };

  it('says it was refused, at which step, by which desk, when and why — in Vietnamese', async () => {
    const id = await refusedAtReception(s);
    const html = await get(`/portal/dossiers/${id}`);
    const box = refusalBox(html);
    expect(box).toBeDefined();
    // At the top: under the title and the state badge, above the time limit and the timeline.
    expect(box!.at).toBeGreaterThan(html.indexOf('<h1>'));
    expect(box!.at).toBeLessThan(html.indexOf('id="due"'));
    expect(box!.at).toBeLessThan(html.indexOf('id="timeline"'));
    expect(box!.html).toContain('Hồ sơ đã bị từ chối');
    expect(box!.html).toContain('Từ chối tiếp nhận'); // the decision (transition)
    expect(box!.html).toContain('Chờ tiếp nhận'); // the step
    expect(box!.html).toContain('Bộ phận tiếp nhận'); // the desk
    expect(box!.html).toContain('03/03/2025 09:00');
    // The reason as typed, escaped.
    expect(box!.html).toContain('Ảnh &lt;b&gt;sổ hộ khẩu&lt;/b&gt; bị mờ &amp; không đọc được số nhà');
    expect(html).not.toContain('<b>sổ hộ khẩu</b>');
    // The desk, not the person: the officer's id is in the timeline only.
    expect(html).toContain(RECEPTIONIST.id);
    expect(box!.html).not.toContain(RECEPTIONIST.id);
    // The step's badge: ended without a result, in red — not the green of a dossier done.
    expect(html).toMatch(/<span class="badge ended"[^>]*>Từ chối<\/span>/);
    expect(html).not.toContain('class="badge done"');
  });

  it('says the same in English', async () => {
    const id = await refusedAtReception(s);
    const box = refusalBox(await get(`/portal/dossiers/${id}?lang=en`));
    expect(box).toBeDefined();
    expect(box!.html).toContain('The dossier was refused');
    expect(box!.html).toContain('Refuse to accept');
    expect(box!.html).toContain('Awaiting reception');
    expect(box!.html).toContain('Reception desk');
    expect(box!.html).toContain('03/03/2025 09:00');
    expect(box!.html).toContain('Ảnh &lt;b&gt;sổ hộ khẩu&lt;/b&gt; bị mờ &amp; không đọc được số nhà');
    expect(box!.html).not.toContain('Hồ sơ đã bị từ chối');
  });

  it("names the step and the desk that decided: the leader's refusal after appraisal", async () => {
    const id = await receivedDossier(s, [2025, 3, 3, 10]);
    s.setTime(2025, 3, 4, 14);
    await s.runtime.engine.act(id, 'propose_refusal', { actor: SPECIALIST, inputs: { reason: 'Địa chỉ không có trong bản đồ địa chính' } });
    s.setTime(2025, 3, 5, 15, 30);
    await s.runtime.engine.act(id, 'confirm_refusal', { actor: HEAD, inputs: { reason: 'Nhà ở không đủ điều kiện đăng ký thường trú' } });
    const vi = refusalBox(await get(`/portal/dossiers/${id}`));
    expect(vi!.html).toContain('Từ chối đăng ký (văn bản nêu rõ lý do)');
    expect(vi!.html).toContain('Trưởng Công an xã xét đề xuất từ chối');
    expect(vi!.html).toContain('Lãnh đạo');
    expect(vi!.html).toContain('05/03/2025 15:30');
    expect(vi!.html).toContain('Nhà ở không đủ điều kiện đăng ký thường trú'); // the decision's reason, not the proposal's
    expect(vi!.html).not.toContain('Địa chỉ không có trong bản đồ địa chính');
    expect(vi!.html).not.toContain(HEAD.id);
    const en = refusalBox(await get(`/portal/dossiers/${id}?lang=en`));
    expect(en!.html).toContain('Head of the Commune Police reviews the proposed refusal');
    expect(en!.html).toContain('Leader');
  });

  it('shows no such box on a dossier that was not refused', async () => {
    const received = await receivedDossier(s, [2025, 3, 3, 11]);
    expect(refusalBox(await get(`/portal/dossiers/${received}`))).toBeUndefined();
    expect(refusalBox(await get(`/portal/dossiers/${received}?lang=en`))).toBeUndefined();
    s.setTime(2025, 3, 4, 9);
    await s.runtime.engine.act(received, 'propose', { actor: SPECIALIST });
    await s.runtime.engine.act(received, 'approve', { actor: HEAD });
    const done = await get(`/portal/dossiers/${received}`);
    expect(refusalBox(done)).toBeUndefined();
    expect(done).toMatch(/<span class="badge done"/);
    expect(done).not.toContain('class="badge ended"');
  });
});

const SHOTS = join(REPO_ROOT, 'test-results', 'screenshots');
const PHONE_WIDTH = 360;

describe.skipIf(!HAS_CHROMIUM)('the portal on a 360 px phone, in Chromium', () => {
  let s: TestServer;
  let server: Awaited<ReturnType<typeof serveOnLoopback>> | undefined;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    s = await startTestServer();
    server = await serveOnLoopback(s);
    base = server.base;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await s?.close();
  });

  const phone = (): Promise<BrowserContext> => browser.newContext({ viewport: { width: PHONE_WIDTH, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN' });
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  /**
   * How far the page reaches past the phone's 360 px (0: it does not scroll sideways). Not past
   * window.innerWidth: a mobile browser zooms out to show a page wider than the screen, and its
   * innerWidth grows with the page.
   */
  const overflow = (page: Page, width = PHONE_WIDTH) => page.evaluate((w) => Math.max(0, document.documentElement.scrollWidth - w), width);
  /** The elements reaching past the phone's right edge, for the failure message. */
  const widest = (page: Page) =>
    page.evaluate(
      (width) =>
        Array.from(document.querySelectorAll('main *'))
          .filter((e) => e.getBoundingClientRect().right > width + 0.5)
          .slice(0, 5)
          .map((e) => `${e.tagName.toLowerCase()}${e.className ? `.${String(e.className)}` : ''} ${Math.round(e.getBoundingClientRect().right)}px: ${(e.textContent ?? '').slice(0, 60)}`),
      PHONE_WIDTH,
    );

  it('wraps long payment references and codes on the dossier page instead of widening it', async () => {
    const reference = embReference(10_000);
    const id = await submitted(s, 8, reference);
    s.setTime(2025, 3, 3, 9);
    await s.runtime.engine.act(id, 'refuse', { actor: RECEPTIONIST, inputs: { reason: REASON } });
    const ctx = await phone();
    const page = await ctx.newPage();
    await page.goto(`${base}/portal/dossiers/${id}`);
    await signIn(page, OWNER);
    expect(await page.locator('#fees code').first().innerText()).toBe(reference);
    expect(await overflow(page), (await widest(page)).join('\n')).toBe(0);
    // The reference wraps inside the fee card: it reads whole, on more than one line.
    const lines = await page.locator('#fees code').first().evaluate((e) => e.getClientRects().length);
    expect(lines).toBeGreaterThan(1);
    await shot(page, 'polish-refused-vi-360');
    expect(await page.locator('#refusal').isVisible()).toBe(true);
    await page.goto(`${base}/portal/dossiers/${id}?lang=en`);
    expect(await overflow(page), (await widest(page)).join('\n')).toBe(0);
    expect(await page.locator('#refusal').innerText()).toContain('The dossier was refused');
    await shot(page, 'polish-refused-en-360');
    await ctx.close();
  }, 60_000);

  it('keeps the reference on one line on a desktop screen', async () => {
    const reference = embReference(10_000);
    const id = await submitted(s, 10, reference);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
    const page = await ctx.newPage();
    await page.goto(`${base}/portal/dossiers/${id}`);
    await signIn(page, OWNER);
    expect(await page.locator('#fees code').first().evaluate((e) => e.getClientRects().length)).toBe(1);
    expect(await overflow(page, 1280)).toBe(0);
    await ctx.close();
  }, 60_000);

  it.each(['vi', 'en'])("reads the procedure card's tables on a phone (%s)", async (lang) => {
    const ctx = await phone();
    const page = await ctx.newPage();
    await page.goto(`${base}/portal/procedures/dang_ky_thuong_tru?lang=${lang}`);
    expect(await page.locator('main table').count()).toBeGreaterThan(1);
    await shot(page, `polish-procedure-${lang}-360`);
    expect(await overflow(page), (await widest(page)).join('\n')).toBe(0);
    // Every cell of every table is wide enough to read words whole, not a few letters a line.
    const narrowest = await page.locator('main table td').evaluateAll((cells) => Math.min(...cells.map((c) => c.getBoundingClientRect().width)));
    expect(narrowest).toBeGreaterThanOrEqual(80);
    await ctx.close();
  }, 60_000);
});
