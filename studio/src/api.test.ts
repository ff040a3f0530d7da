import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorMessage, listFiles, saveFile, StudioApiError } from './api.ts';

/** A problem as the Motcua server sends it (server/src/http/problem.ts), `title` in the browser's language. */
const problem = (status: number, code: string, title: string, vi: string, en: string) =>
  new Response(JSON.stringify({ type: `https://motcua.vn/problems/${code}`, title, status, code, messages: { vi, en } }), {
    status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
  });

describe('the studio API client', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('words a server error in the studio’s language, whatever language the browser asked the server for', async () => {
    // An English browser: the server's title is English, the studio is in Vietnamese.
    vi.stubGlobal('fetch', async () => problem(401, 'unauthorized', 'Sign-in required', 'Cần đăng nhập', 'Sign-in required'));
    const err = await listFiles().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StudioApiError);
    expect(errorMessage(err, 'vi')).toBe('Cần đăng nhập');
    expect(errorMessage(err, 'en')).toBe('Sign-in required');
    // A Vietnamese browser and a studio switched to English.
    vi.stubGlobal('fetch', async () => problem(403, 'forbidden', 'Bạn không có quyền thực hiện việc này', 'Bạn không có quyền thực hiện việc này', 'You may not do this'));
    const forbidden = await saveFile('cu_tru/x.proc', 'x').catch((e: unknown) => e);
    expect(errorMessage(forbidden, 'en')).toBe('You may not do this');
    expect(errorMessage(forbidden, 'vi')).toBe('Bạn không có quyền thực hiện việc này');
  });

  it('falls back to the title, then the status, and words other errors by their message', () => {
    expect(errorMessage(new StudioApiError(500, { title: 'Lỗi máy chủ' }), 'en')).toBe('Lỗi máy chủ');
    expect(errorMessage(new StudioApiError(502, {}), 'vi')).toBe('HTTP 502');
    expect(errorMessage(new Error('boom'), 'vi')).toBe('boom');
  });
});
