// An address that leads nowhere: a browser gets a page in the site's frame (Vietnamese first,
// English with ?lang=en) with the way to the portal and home; the API and every client that does
// not prefer HTML keep the problem+json answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness.ts';
import { prefersHtml } from './shell.ts';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
let s: TestServer;

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

const get = (path: string, accept?: string, token?: string) => s.request('GET', path, { ...(token ? { token } : {}), headers: accept === undefined ? {} : { accept } });

describe('unknown pages', () => {
  it('answer a browser with a Vietnamese page in the site layout, linking to the portal and home', async () => {
    for (const path of ['/portal/khong-co', '/console/x', '/khong-co', '/dashboard/x/y']) {
      const r = await get(path, BROWSER);
      expect(r.status, path).toBe(404);
      expect(r.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(r.headers.get('vary')).toMatch(/accept/i);
      const page = await r.text();
      expect(page).toContain('<html lang="vi">');
      expect(page).toContain('<header class="top">'); // the frame of every page (shell.ts)
      expect(page).toContain('<h1>Không tìm thấy trang</h1>');
      expect(page).toContain(`<code>${path}</code>`);
      expect(page).toContain('href="/portal"');
      expect(page).toContain('<a href="/">Trang chủ</a>');
      expect(page).toContain('hreflang="en"');
    }
  });

  it('in English with ?lang=en', async () => {
    const r = await get('/portal/khong-co?lang=en', BROWSER);
    expect(r.status).toBe(404);
    const page = await r.text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<h1>Page not found</h1>');
    expect(page).toContain('<a href="/">Home</a>');
    expect(page).not.toContain('Không tìm thấy trang</h1>');
  });

  it("escape what was typed in the address and offer a signed-in officer their own page", async () => {
    const officer = await s.login('reception.cong_an_xa');
    const page = await (await get('/console/%3Cb%3Ex%22', BROWSER, officer)).text();
    expect(page).not.toContain('<b>x');
    expect(page).toContain('<a href="/console">');
  });

  it('stay problem+json under /api/ and for clients that do not prefer HTML', async () => {
    for (const [path, accept] of [
      ['/api/khong-co', BROWSER],
      ['/api', BROWSER],
      ['/api/dossiers/x/y/z', 'text/html'],
      ['/portal/khong-co', undefined],
      ['/portal/khong-co', '*/*'],
      ['/portal/khong-co', 'application/json'],
      ['/portal/khong-co', 'application/problem+json, text/html;q=0.5'],
    ] as const) {
      const r = await get(path, accept);
      expect(r.status, `${path} ${accept}`).toBe(404);
      expect(r.headers.get('content-type'), `${path} ${accept}`).toMatch(/^application\/problem\+json/);
      expect(((await r.json()) as { code: string }).code).toBe('not_found');
    }
  });
});

describe('prefersHtml', () => {
  it('weighs the ranges of the Accept header by specificity and quality', () => {
    expect(prefersHtml(BROWSER)).toBe(true);
    expect(prefersHtml('text/html')).toBe(true);
    expect(prefersHtml('text/*, application/json;q=0.5')).toBe(true);
    expect(prefersHtml(undefined)).toBe(false);
    expect(prefersHtml('')).toBe(false);
    expect(prefersHtml('*/*')).toBe(false);
    expect(prefersHtml('application/json, text/html')).toBe(false);
    expect(prefersHtml('text/html;q=0, */*')).toBe(false);
    expect(prefersHtml('application/json;q=0.9, text/html')).toBe(true);
  });
});
