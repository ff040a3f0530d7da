// The studio in a real browser (Chromium), served from its production build (studio/dist) by the
// real server, on a temporary copy of the procedure library: the designer, not yet signed in, is
// led to sign in and back, opens the permanent residence registration, misspells a field name
// and sees the Vietnamese marker, accepts the "did you mean" quick fix, is told why a file with a
// syntax error cannot be formatted nor its scenarios run, changes a field label and a fee and
// sees the previews follow (publishing waits for the save), runs the scenarios (one fails
// because of the new fee, then passes once its expectation is updated), saves (the file on disk
// changes) and publishes: refused while a scenario fails, accepted as version 2 once they all
// pass; then starts a new procedure file and saves it. Screenshots go to
// test-results/screenshots/studio-*.png.
//
// It lives with the server because it needs the server harness and @hono/node-server. The
// studio build is redone first when studio/dist is missing or older than the studio's sources.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../runtime/runtime.ts';
import { startTestServer, type TestServer } from '../testing/harness.ts';
import { ensureStudioBuilt } from '../testing/studio-build.ts';
import { HAS_CHROMIUM, launchChromium, serveOnLoopback } from '../testing/chromium.ts';

const SHOTS = join(REPO_ROOT, 'test-results', 'screenshots');
const FILE = 'cu_tru/dang_ky_thuong_tru.proc';
/** The line (1-based) of the library file that the misspelling test edits, wherever the library puts it. */
const VISIBLE_LINE = readFileSync(join(REPO_ROOT, 'procedures', FILE), 'utf8').split('\n').findIndex((l) => l.includes('visible when housing != owner')) + 1;

/** What the page exposes for tests (studio/src/main.ts, `window.__motcua`): the part used here. */
interface Range {
  startLineNumber: number;
}
interface Model {
  uri: { path: string };
  getVersionId(): number;
  getLineContent(line: number): string;
  findMatches(search: string, editableOnly: boolean, isRegex: boolean, matchCase: boolean, separators: null, capture: boolean): { range: Range }[];
}
interface Probe {
  monaco: { editor: { getModelMarkers(filter: { resource: Model['uri']; owner: string }): (Range & { code?: unknown; message: string; severity: number })[] } };
  editor: {
    getModel(): Model | null;
    setSelection(range: Range): void;
    revealRangeInCenter(range: Range): void;
    focus(): void;
    getAction(id: string): { run(): Promise<void> } | null;
    getPosition(): { lineNumber: number } | null;
  };
  events: { kind: 'diagnostics' | 'preview' | 'timing'; path: string; version: number }[];
}
declare const window: { __motcua?: Probe; dispatchEvent(event: Event): boolean };

describe.skipIf(!HAS_CHROMIUM)('the studio in Chromium', () => {
  let s: TestServer;
  let server: Awaited<ReturnType<typeof serveOnLoopback>> | undefined;
  let base: string;
  let browser: Browser;
  let library: string;
  let page: Page;
  const errors: string[] = [];
  /** Before signing in, the studio's first call is refused (401) on purpose. */
  let signedIn = false;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ensureStudioBuilt();
    library = mkdtempSync(join(tmpdir(), 'motcua-studio-library-'));
    cpSync(join(REPO_ROOT, 'procedures'), library, { recursive: true });
    s = await startTestServer({ app: { proceduresDir: library } });
    server = await serveOnLoopback(s);
    base = server.base;
    browser = await launchChromium();
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'vi-VN' });
    page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // The refusals the test provokes on purpose: publishing while a scenario fails (422), and
      // the studio opened before signing in (401, reported by the page as it boots).
      const refusal = m.text().includes('status of 422') && m.location().url.endsWith('/api/studio/publish');
      const notSignedIn = !signedIn && (m.text().includes('status of 401') || m.text().includes('StudioApiError'));
      if (m.type() === 'error' && !refusal && !notSignedIn) errors.push(`console: ${m.text()} ${m.location().url}`);
    });
    page.on('response', (r) => {
      const refusal = r.status() === 422 && r.url().endsWith('/api/studio/publish');
      const notSignedIn = !signedIn && r.status() === 401 && r.url().endsWith('/api/studio/files');
      if (r.status() >= 400 && !refusal && !notSignedIn) errors.push(`${r.status()} ${r.url()}`);
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await s?.close();
    if (library) rmSync(library, { recursive: true, force: true });
  });

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `studio-${name}.png`) });
  const onDisk = () => readFileSync(join(library, FILE), 'utf8');

  /** Selects the `nth` occurrence of `needle` in the editor (as a double-click or a search would). */
  const select = (needle: string, nth = 0) =>
    page.evaluate(
      ([needle, nth]) => {
        const { editor } = window.__motcua!;
        const match = editor.getModel()!.findMatches(needle, false, false, true, null, false)[nth];
        if (!match) throw new Error(`not in the editor: ${needle}`);
        editor.setSelection(match.range);
        editor.revealRangeInCenter(match.range);
        editor.focus();
      },
      [needle, nth] as const,
    );
  /**
   * Types over the selection, key by key, and closes any suggestion list that opened. Text with
   * Vietnamese letters arrives in one piece, as from an input method (Unikey, the OS's Telex).
   */
  const typeOver = async (needle: string, text: string, nth = 0) => {
    await select(needle, nth);
    if (/^[\x20-\x7e]*$/.test(text)) await page.keyboard.type(text);
    else await page.keyboard.insertText(text);
    await page.keyboard.press('Escape');
  };
  /** Waits until the markers and the preview panels shown are those of the editor's current text. */
  const settled = () =>
    page.waitForFunction(() => {
      const { editor, events } = window.__motcua!;
      const model = editor.getModel()!;
      const path = model.uri.path.slice(1);
      const v = model.getVersionId();
      return ['diagnostics', 'preview'].every((k) => events.some((e) => e.kind === k && e.path === path && e.version === v));
    });
  const markers = () =>
    page.evaluate(() => {
      const { monaco, editor } = window.__motcua!;
      return monaco.editor.getModelMarkers({ resource: editor.getModel()!.uri, owner: 'motcua' }).map((m) => ({ line: m.startLineNumber, code: m.code, message: m.message, severity: m.severity }));
    });
  const line = (n: number) => page.evaluate((n) => window.__motcua!.editor.getModel()!.getLineContent(n), n);
  const tab = (label: string) => page.locator('#tabs button', { hasText: label }).click();
  const button = (label: string) => page.locator('#topbar button', { hasText: new RegExp(`^[▶ ]*${label}$`) });
  const focusEditor = () => page.evaluate(() => window.__motcua!.editor.focus());

  it('opens a procedure of the library after the designer signs in', async () => {
    // Not signed in yet: the studio says so, and its link leads back to the file once signed in.
    await page.goto(`${base}/studio/#${FILE}`);
    await expect.poll(() => page.locator('#panel-body .warning').innerText()).toContain('Cần đăng nhập');
    await shot('00-sign-in');
    await page.locator('#panel-body a.sign-in', { hasText: 'Đăng nhập' }).click();
    await page.waitForURL(/\/login\?/);
    signedIn = true;
    await page.fill('input[name=username]', 'thietke');
    await page.fill('input[name=password]', 'motcua');
    await Promise.all([page.waitForURL(/\/studio\//), page.click('form[action="/login"] button[type=submit]')]);
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#${FILE}`);
    await page.waitForFunction(() => window.__motcua !== undefined);
    await settled();
    expect(await page.locator('#topbar .file').innerText()).toBe(FILE);
    expect(await page.locator('#topbar .status').innerText()).toContain('Không có lỗi');
    expect(await page.locator('#file-list a.active').innerText()).toContain('dang_ky_thuong_tru.proc');
    expect(await page.locator('#panel-body .proc-head .title').innerText()).toBe('Đăng ký thường trú');
    expect(await page.locator('#panel-body [data-path="address"] .field-label').innerText()).toContain('Địa chỉ đăng ký thường trú');
    expect(await line(1)).toContain('Đăng ký thường trú');
    expect(await markers()).toEqual([]);
    await shot('01-open');
    // Vietnamese prose in labels is not flagged as "could be confused with an ASCII character"
    // (Monaco's default, for the dash of "kinh tế – xã hội").
    await select('kinh tế – xã hội');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1_000); // Monaco finds such characters in its editor worker, after a moment
    expect(await page.locator('.monaco-editor .view-line', { hasText: 'kinh tế – xã hội' }).count()).toBe(1);
    expect(await page.locator('.monaco-editor .unicode-highlight').count()).toBe(0);
  });

  it('marks a misspelt field name in Vietnamese, and offers no publishing while it is there', async () => {
    // `visible when housing != owner` → `housng`
    await select('visible when housing != owner');
    await page.keyboard.press('Home');
    await page.keyboard.press('End');
    for (let i = 0; i < ' != owner'.length + 3; i++) await page.keyboard.press('ArrowLeft'); // after "hous"
    await page.keyboard.press('Delete');
    expect(VISIBLE_LINE).toBeGreaterThan(0);
    expect(await line(VISIBLE_LINE)).toContain('visible when housng != owner');
    await settled();
    const found = await markers();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ line: VISIBLE_LINE, code: 'MC2001', severity: 8 /* Error */ });
    expect(found[0]!.message).toMatch(/Không có trường.*`housng`.*Có phải ý bạn là `housing`\?/);
    expect(await page.locator('#problems h2').innerText()).toMatch(/\(1\)/);
    expect(await page.locator('#problems .problem.sev-error').innerText()).toContain('Có phải ý bạn là `housing`?');
    expect(await page.locator('#topbar .status').innerText()).toContain('1 lỗi');
    expect(await page.locator('#panel-body .stale').count()).toBe(1); // the preview is the last one without errors
    await expect.poll(() => page.locator('.monaco-editor .squiggly-error').count()).toBeGreaterThan(0);
    expect(await button('Xuất bản').isDisabled()).toBe(true);
    // The marker's message on hover, as the designer would read it.
    await page.evaluate(() => window.__motcua!.editor.getAction('editor.action.showHover')!.run());
    await expect.poll(() => page.locator('.monaco-hover').first().innerText()).toContain('Có phải ý bạn là `housing`?');
    await shot('02-marker');
    await page.keyboard.press('Escape');
  });

  it('fixes it with the quick fix (Ctrl+.)', async () => {
    await page.keyboard.press('Control+Period');
    const fix = page.locator('.action-widget .monaco-list-row.action', { hasText: 'Sửa thành «housing»' });
    await fix.waitFor();
    // The whole title is shown, not cut short (Monaco measures the row narrower than it draws it).
    expect(await fix.locator('.title').evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    await shot('03-quick-fix');
    await page.keyboard.press('Enter');
    expect(await line(VISIBLE_LINE)).toContain('visible when housing != owner');
    await settled();
    expect(await markers()).toEqual([]);
    expect(await page.locator('#problems .problem.sev-error').count()).toBe(0);
    expect(await page.locator('#topbar .status').innerText()).toContain('Không có lỗi');
    expect(await page.locator('#panel-body .stale').count()).toBe(0);
    await shot('04-fixed');
  });

  it('says why a file with a syntax error is neither formatted nor run', async () => {
    await typeOver('address required', 'address requird');
    await settled();
    // A misspelt keyword: the parser names the keyword it expected there.
    expect((await markers()).map((m) => m.code)).toEqual(['MC1004']);
    expect((await markers())[0]?.message).toContain('Có phải ý bạn là `required`?');
    // Formatting leaves the file as it is, and says why instead of doing nothing.
    const before = await page.evaluate(() => window.__motcua!.editor.getModel()!.getVersionId());
    await button('Định dạng').click();
    await expect.poll(() => page.locator('#toast.error').innerText()).toContain('Chưa định dạng được: tệp còn lỗi cú pháp');
    expect(await page.evaluate(() => window.__motcua!.editor.getModel()!.getVersionId())).toBe(before);
    // The scenarios cannot run on it: the server's reason is shown, not only "0/1".
    await button('Chạy kịch bản').click();
    const problem = page.locator('#panel-body .scenarios .run-problem');
    await expect.poll(() => problem.count(), { timeout: 20_000 }).toBe(1);
    expect(await problem.innerText()).toContain('Thủ tục có lỗi: Không hiểu `requird` ở đây');
    expect(await page.locator('#panel-body .scenarios .hint').innerText()).toBe('Chưa chạy được kịch bản'); // not "0/1 đạt"
    await shot('04b-scenarios-not-run');
    // That outcome is this file's: another file's scenarios have not run.
    const cursor = () => page.evaluate(() => window.__motcua!.editor.getPosition()?.lineNumber);
    const at = await cursor();
    expect(at).toBe(19);
    await page.locator('#file-list a', { hasText: 'dang_ky_tam_tru.proc' }).click();
    await expect.poll(() => page.locator('#panel-body .proc-head .title').innerText()).toBe('Đăng ký tạm trú');
    expect(await page.locator('#panel-body .scenarios .hint').innerText()).toContain('Bấm “Chạy kịch bản”');
    expect(await page.locator('#panel-body .run-problem').count()).toBe(0);
    await page.locator('#file-list a', { hasText: 'dang_ky_thuong_tru.proc' }).click();
    await expect.poll(() => page.locator('#panel-body .run-problem').count()).toBe(1);
    expect(await cursor()).toBe(at); // back where the designer left the file, not at its top
    await typeOver('address requird', 'address required');
    await settled();
    expect(await markers()).toEqual([]);
    expect(await page.locator('#topbar .dirty').count()).toBe(0);
    await tab('Tờ khai');
  });

  it('follows a new field label in the form preview and a new fee in the fees panel', async () => {
    // The form is updated in place: a field that did not change stays the same element.
    await page.locator('#panel-body [data-path="housing"]').evaluate((el) => el.setAttribute('data-test-kept', ''));
    await typeOver('Địa chỉ đăng ký thường trú', 'Địa chỉ nơi đăng ký thường trú');
    await typeOver('amount 20_000 VND', 'amount 25_000 VND');
    await typeOver('version 1', 'version 2'); // a changed procedure is published as a new version
    await settled();
    expect(await markers()).toEqual([]);
    await tab('Tờ khai');
    expect(await page.locator('#panel-body [data-path="address"] .field-label').innerText()).toContain('Địa chỉ nơi đăng ký thường trú');
    expect(await page.locator('#panel-body .proc-head .meta').innerText()).toContain('phiên bản 2');
    expect(await page.locator('#panel-body [data-path="housing"][data-test-kept]').count()).toBe(1);
    expect(await page.locator('#topbar .dirty').count()).toBe(1);
    // The server publishes the saved file: not before the text on screen is saved. Leaving the
    // page would lose it: the browser asks first.
    expect(await button('Xuất bản').isDisabled()).toBe(true);
    expect(await button('Xuất bản').getAttribute('title')).toContain('hãy lưu trước khi xuất bản');
    expect(await page.evaluate(() => !window.dispatchEvent(new Event('beforeunload', { cancelable: true })))).toBe(true);
    await page.locator('#panel-body [data-path="address"]').scrollIntoViewIfNeeded();
    await shot('05-form-label');

    await tab('Hồ sơ và lệ phí');
    const fee = page.locator('#panel-body .fee', { hasText: 'registration' });
    expect(await fee.locator('.fee-lines > li').first().innerText()).toContain('25.000');
    expect(await fee.innerText()).not.toContain('20.000');
    // The live rules: in person, the full fee applies.
    await page.locator('#panel-body .chip', { hasText: 'Trực tiếp' }).click();
    await expect.poll(() => page.locator('#panel-body .live-rules').innerText()).toContain('25.000 đồng');
    await shot('06-fees-live');
    await fee.scrollIntoViewIfNeeded();
    await shot('06-fees');
  });

  it('runs the scenarios and shows which pass and which fail', async () => {
    await button('Chạy kịch bản').click();
    const list = page.locator('#panel-body .scenario-list');
    await expect.poll(() => list.locator('li.passed, li.failed').count(), { timeout: 20_000 }).toBe(6);
    expect(await list.locator('> li.failed').count()).toBe(1);
    const failed = list.locator('> li.failed');
    expect(await failed.innerText()).toContain('in_person_tenant');
    expect(await failed.locator('.warning').first().innerText()).toMatch(/25[.\s_]?000/);
    expect(await list.locator('> li.passed').count()).toBe(5);
    expect(await page.locator('#panel-body .scenarios .hint').innerText()).toContain('5/6 đạt');
    await shot('07-scenarios-fail');
  });

  it('saves to the library, and publishing is refused while a scenario fails', async () => {
    expect(onDisk()).toContain('amount 20_000 VND');
    await focusEditor();
    await page.keyboard.press('Control+S');
    await expect.poll(onDisk).toContain('amount 25_000 VND');
    const saved = onDisk();
    expect(saved).toContain('field address "Địa chỉ nơi đăng ký thường trú"');
    expect(saved).toContain('version 2');
    expect(saved).toContain('visible when housing != owner');
    await expect.poll(() => page.locator('#topbar .dirty').count()).toBe(0);
    expect(await page.locator('#toast').innerText()).toContain(`Đã lưu tệp: ${FILE}`);
    expect(await page.evaluate(() => !window.dispatchEvent(new Event('beforeunload', { cancelable: true })))).toBe(false);

    page.once('dialog', (d) => void d.accept());
    const [refused] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/studio/publish')), button('Xuất bản').click()]);
    expect(refused.status()).toBe(422);
    expect(((await refused.json()) as { code: string }).code).toBe('scenarios_failed');
    await expect.poll(() => page.locator('#toast.error').innerText()).toContain('1 kịch bản chưa đạt');
    await shot('08-publish-refused');
  });

  it('publishes a new version once every scenario passes', async () => {
    await typeOver('expect fee 20_000 VND', 'expect fee 25_000 VND');
    await typeOver('expect fee registration = 20_000 VND', 'expect fee registration = 25_000 VND');
    await settled();
    expect(await markers()).toEqual([]);
    await button('Chạy kịch bản').click();
    const list = page.locator('#panel-body .scenario-list');
    await expect.poll(() => page.locator('#panel-body .scenarios .hint').innerText(), { timeout: 20_000 }).toContain('6/6 đạt');
    expect(await list.locator('> li.passed').count()).toBe(6);
    await shot('09-scenarios-pass');

    await button('Lưu').click();
    await expect.poll(onDisk).toContain('expect fee registration = 25_000 VND');
    page.once('dialog', (d) => void d.accept());
    const [published] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/studio/publish')), button('Xuất bản').click()]);
    expect(published.status()).toBe(201);
    const body = (await published.json()) as { procedureId: string; version: number };
    expect(body).toMatchObject({ procedureId: 'dang_ky_thuong_tru', version: 2 });
    await expect.poll(() => page.locator('#toast').innerText()).toContain('Đã xuất bản: dang_ky_thuong_tru — phiên bản 2');
    await shot('10-published');
    // In English, the outcome of the run is worded in English too.
    await button('EN').click();
    await expect.poll(() => page.locator('#panel-body .scenarios .hint').innerText()).toBe('6/6 passed');
    expect(await list.locator('> li.passed').first().innerText()).toContain('— passed');
    await button('VI').click();
    await expect.poll(() => page.locator('#panel-body .scenarios .hint').innerText()).toBe('6/6 đạt');
    // The repository's own file is untouched.
    expect(readFileSync(join(REPO_ROOT, 'procedures', FILE), 'utf8')).toContain('amount 20_000 VND');
    expect(errors).toEqual([]);
  });

  it('starts a new procedure file, previews it and saves it with Ctrl+S from the preview', async () => {
    const path = 'thu_nghiem/thu_tuc_moi.proc';
    page.once('dialog', (d) => void d.accept('thu_nghiem/thu_tuc_moi'));
    await page.locator('#files-title button', { hasText: 'Tệp mới' }).click();
    await expect.poll(() => page.locator('#topbar .file').innerText()).toContain(path);
    await settled();
    expect(await markers()).toEqual([]);
    expect(await line(1)).toBe('procedure thu_tuc_moi {');
    expect(await page.locator('#file-list a.active').innerText()).toContain('thu_tuc_moi.proc');
    expect(await page.locator('#file-list a.active .dirty').count()).toBe(1);
    // Its entry is brought into view in the file list (it sorts near the end).
    const entryShown = () =>
      page.locator('#file-list a.active').evaluate((a) => {
        const list = a.closest('section')!.getBoundingClientRect();
        const entry = a.getBoundingClientRect();
        return entry.top >= list.top && entry.bottom <= list.bottom;
      });
    expect(await entryShown()).toBe(true);
    await tab('Tờ khai');
    await expect.poll(() => page.locator('#panel-body [data-path="ly_do"] .field-label').innerText()).toContain('Lý do');
    await tab('Thay đổi');
    await expect.poll(() => page.locator('#panel-body .semantic-diff').innerText()).toContain('thu_tuc_moi');
    await shot('11-new-file');
    await tab('Kịch bản');
    expect(await page.locator('#panel-body .scenarios').innerText()).toContain('Thủ tục chưa có kịch bản kiểm thử');
    // The focus is on the tab, not in the editor: Ctrl+S saves the file all the same.
    expect(existsSync(join(library, path))).toBe(false);
    await page.keyboard.press('Control+S');
    await expect.poll(() => existsSync(join(library, path))).toBe(true);
    expect(readFileSync(join(library, path), 'utf8')).toContain('procedure thu_tuc_moi {');
    await expect.poll(() => page.locator('#topbar .dirty').count()).toBe(0);
    expect(await button('Xuất bản').isDisabled()).toBe(false);
    expect(existsSync(join(REPO_ROOT, 'procedures', path))).toBe(false);
    expect(errors).toEqual([]);
  });
});
