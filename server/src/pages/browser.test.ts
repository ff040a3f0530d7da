// The pages in a real browser (Chromium): a citizen on a phone signs in, files a permanent
// residence registration, pays through the embedded gateway and submits; the reception officer
// accepts it in the console on a desktop screen; the citizen then sees the due date, and after
// approval the result with its QR code, which opens the verification page. Screenshots go to
// test-results/screenshots/ (git-ignored) for a person to look at.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../runtime/runtime.ts';
import { startTestServer, type TestServer } from '../testing/harness.ts';
import { LEADER, OWNER, seedQueue, SPECIALIST } from './fixtures.ts';
import { HAS_CHROMIUM, launchChromium, serveOnLoopback, signIn } from '../testing/chromium.ts';

const SHOTS = join(REPO_ROOT, 'test-results', 'screenshots');
describe.skipIf(!HAS_CHROMIUM)('the pages in Chromium', () => {
  let s: TestServer;
  let server: Awaited<ReturnType<typeof serveOnLoopback>> | undefined;
  let base: string;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    s = await startTestServer();
    await seedQueue(s); // earlier dossiers: the queue shows every light, the dashboard has figures
    s.setTime(2025, 3, 3, 8, 30); // Monday morning
    server = await serveOnLoopback(s);
    base = server.base;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await s?.close();
  });

  const watch = (page: Page) => {
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
  };
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  let dossierId = '';

  it('lets a citizen on a phone file, pay and submit a permanent residence registration', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN' });
    const page = await ctx.newPage();
    watch(page);
    await page.goto(`${base}/portal?q=thuong tru`);
    await shot(page, '01-portal-search');
    await page.click('a[href="/portal/procedures/dang_ky_thuong_tru"]');
    await page.click('form[action="/portal/dossiers"] button[type=submit]');
    await signIn(page, OWNER);
    // Back on the procedure after signing in: start the dossier.
    await expect.poll(() => new URL(page.url()).pathname).toBe('/portal/procedures/dang_ky_thuong_tru');
    await Promise.all([page.waitForURL(/\/portal\/dossiers\/[0-9a-f-]+/), page.click('form[action="/portal/dossiers"] button[type=submit]')]);
    dossierId = /\/portal\/dossiers\/([0-9a-f-]+)/.exec(page.url())![1]!;
    // Prefilled from the national population database, locked.
    const name = page.locator('[data-path="applicant.full_name"]');
    await expect.poll(() => name.locator('.readonly').innerText()).toBe('Lê Hoàng Nam');
    expect(await name.locator('input').count()).toBe(0);
    expect(await name.locator('.source').innerText()).toContain('Cơ sở dữ liệu quốc gia về dân cư');
    await shot(page, '02-portal-draft');

    // Choosing "tenant" shows the tenant's fields at once (inline script), "owner" hides them.
    await page.selectOption('select[name=housing]', 'tenant');
    expect(await page.locator('[data-path="floor_area"]').isVisible()).toBe(true);
    await page.selectOption('select[name=housing]', 'owner');
    expect(await page.locator('[data-path="floor_area"]').isVisible()).toBe(false);
    await page.fill('input[name=address]', 'Số 5 Lê Lợi, phường Hồng Gai');
    await Promise.all([page.waitForURL(/saved=1/), page.click('form[data-dossier-form] button[type=submit]')]);
    // The land registry shows the citizen owns the address: no proof of residence is asked for.
    expect(await page.locator('#doc-residence_proof').innerText()).toContain('Được miễn nộp');
    expect(await page.locator('#fees .fee-total').innerText()).toContain('10.000');
    await shot(page, '03-portal-saved');

    await Promise.all([page.waitForURL(/\/pay\//), page.click('form[action$="/pay"] button')]);
    expect(await page.locator('body').innerText()).toContain('10.000');
    await shot(page, '04-gateway');
    await Promise.all([page.waitForURL(/paid=1/), page.click('button[type=submit]')]);
    expect(await page.locator('#fees').innerText()).toContain('Đã nộp đủ phí');
    await Promise.all([page.waitForURL(/done=submit/), page.click('form[data-action="submit"] button')]);
    expect(await page.locator('.badge.state').first().innerText()).toBe('Chờ tiếp nhận');
    await shot(page, '05-portal-submitted');
    await ctx.close();
  }, 60_000);

  it('lets the reception officer accept it from the console queue', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
    const page = await ctx.newPage();
    watch(page);
    await page.goto(`${base}/console`);
    await signIn(page, 'reception.cong_an_xa');
    const row = page.locator(`a[href="/console/dossiers/${dossierId}"]`);
    await expect.poll(() => row.count()).toBe(1);
    // Soonest due first, each with its light.
    const lights = await page.locator('table.queue tbody tr').evaluateAll((rows) => rows.map((r) => r.className));
    expect(lights).toEqual(['light-red', 'light-amber', 'light-green', 'light-grey']);
    await shot(page, '06-console-queue');
    await row.click();
    await page.waitForURL(new RegExp(`/console/dossiers/${dossierId}$`));
    await shot(page, '07-console-dossier');
    await Promise.all([page.waitForURL(/done=accept/), page.click('form[data-action="accept"] button')]);
    expect(await page.locator('.badge.state').first().innerText()).toBe('Thẩm định hồ sơ');
    expect(await page.locator('body').innerText()).toMatch(/Mã hồ sơ \S+-250303-\d{4}/);
    await shot(page, '08-console-accepted');
    await ctx.close();
  }, 60_000);

  it('shows the centre manager the figures of the period', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
    const page = await ctx.newPage();
    watch(page);
    await page.goto(`${base}/dashboard?from=2025-01-01&to=2025-03-31`);
    await signIn(page, 'quanly');
    const row = page.locator('#by-procedure tr[data-key="dang_ky_thuong_tru"]');
    // Received: the five seeded and today's; decided: one early, one late.
    expect(await row.locator('td').nth(1).innerText()).toBe('6');
    expect(await row.locator('td').nth(3).innerText()).toContain('1 / 0 / 1');
    expect(await page.locator('#near-deadline tbody tr').count()).toBe(2);
    await shot(page, '12-dashboard');
    await ctx.close();
  }, 60_000);

  it('shows the citizen the due date, then the result with a QR code that verifies', async () => {
    const { engine } = s.runtime;
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN' });
    const page = await ctx.newPage();
    watch(page);
    await page.goto(`${base}/portal/dossiers/${dossierId}`);
    await signIn(page, OWNER);
    // Received Monday 03/03/2025 08:30, 7 working days → Wednesday 12/03/2025 08:30.
    expect(await page.locator('#due').innerText()).toContain('12/03/2025 08:30');
    await shot(page, '09-portal-tracking');
    s.setTime(2025, 3, 6, 10);
    await engine.act(dossierId, 'propose', { actor: SPECIALIST });
    await engine.act(dossierId, 'approve', { actor: LEADER });
    await page.reload();
    await signIn(page, OWNER); // three days later the session has expired
    expect(await page.locator('#result svg.qr').count()).toBe(1);
    await shot(page, '10-portal-result');
    await Promise.all([page.waitForURL(/\/verify\//), page.click('#result a[href*="/verify/"] >> nth=0')]);
    expect(await page.locator('.verdict').innerText()).toContain('Hợp lệ');
    await shot(page, '11-verify');
    await ctx.close();
    expect(errors).toEqual([]);
  }, 60_000);

  const phone = () => browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN' });

  it('keeps what the citizen typed when they submit without saving the form first', async () => {
    s.setTime(2025, 3, 7, 9);
    const ctx = await phone();
    const page = await ctx.newPage();
    watch(page);
    await page.goto(`${base}/portal/procedures/dang_ky_thuong_tru`);
    await page.click('form[action="/portal/dossiers"] button[type=submit]');
    await signIn(page, OWNER);
    await Promise.all([page.waitForURL(/\/portal\/dossiers\/[0-9a-f-]+/), page.click('form[action="/portal/dossiers"] button[type=submit]')]);
    const id = /\/portal\/dossiers\/([0-9a-f-]+)/.exec(page.url())![1]!;
    await page.selectOption('select[name=housing]', 'owner');
    await page.fill('input[name=address]', 'Số 5 Lê Lợi, phường Hồng Gai');
    // Straight to "Nộp hồ sơ", past "Lưu tờ khai": the form goes along and is saved first.
    await Promise.all([page.waitForURL(/done=submit/), page.click('form[data-action="submit"] button')]);
    expect(await page.locator('.badge.state').first().innerText()).toBe('Chờ tiếp nhận');
    expect((await s.runtime.engine.view(id)).form).toMatchObject({ address: 'Số 5 Lê Lợi, phường Hồng Gai', housing: 'owner' });
    await shot(page, '13-portal-submitted-unsaved');
    await ctx.close();
    expect(errors).toEqual([]);
  }, 60_000);

  it('fits a long step name on a phone without scrolling sideways', async () => {
    const { engine } = s.runtime;
    s.setTime(2025, 3, 7, 9);
    const citizen = { id: '001090700041', role: 'citizen' } as const;
    const v = await engine.createDraft({ procedureId: 'cap_phieu_ly_lich_tu_phap', channel: 'online', actor: citizen });
    await engine.updateForm(v.id, { card: 'so_1', purpose: 'Thi tuyển công chức', quantity: 1 }, citizen);
    await engine.recordPayment(v.id, { provider: 'embedded', reference: `LLTP-${v.id}`, amount: 200_000 });
    await engine.act(v.id, 'submit', { actor: citizen });
    await engine.act(v.id, 'accept', { actor: { id: 'reception.so_tu_phap', role: 'reception', agency: 'so_tu_phap' } });
    await engine.act(v.id, 'request_verification', { actor: { id: 'specialist.so_tu_phap', role: 'specialist', agency: 'so_tu_phap' } });
    const ctx = await phone();
    const page = await ctx.newPage();
    watch(page);
    await page.goto(`${base}/portal/dossiers/${v.id}`);
    await signIn(page, citizen.id);
    expect(await page.locator('#due .badge.state').innerText()).toContain('Công an tỉnh tra cứu, xác minh thông tin án tích');
    const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await sideways()).toBe(0);
    await shot(page, '14-portal-long-step');
    await page.goto(`${base}/portal/dossiers`);
    expect(await sideways()).toBe(0);
    await ctx.close();
    expect(errors).toEqual([]);
  }, 60_000);
});
