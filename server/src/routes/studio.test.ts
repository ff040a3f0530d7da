// The studio's endpoints: files of the library, scenarios of unsaved text, publishing gated by
// errors and scenarios, and nothing outside the library reachable.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../runtime/runtime.ts';
import { startTestServer, type TestServer } from '../testing/harness.ts';

const FILE = 'cu_tru/dang_ky_thuong_tru.proc';
let s: TestServer;
let lib: string;
let designer: string;

beforeAll(async () => {
  lib = mkdtempSync(join(tmpdir(), 'motcua-studio-lib-'));
  cpSync(join(REPO_ROOT, 'procedures'), lib, { recursive: true, filter: (p) => !p.includes('registries') });
  s = await startTestServer({ app: { proceduresDir: lib } });
  designer = await s.login('thietke');
});
afterAll(async () => {
  await s?.close();
  rmSync(lib, { recursive: true, force: true });
});

describe('studio endpoints', () => {
  it('lists and reads the library files for designers only', async () => {
    const files = (await (await s.request('GET', '/api/studio/files', { token: designer })).json()) as { files: Array<{ path: string }> };
    expect(files.files.map((f) => f.path)).toContain(FILE);
    const text = await (await s.request('GET', `/api/studio/files/${FILE}`, { token: designer })).text();
    expect(text).toContain('procedure dang_ky_thuong_tru');
    const citizen = await s.login('001099012345');
    expect((await s.request('GET', '/api/studio/files', { token: citizen })).status).toBe(403);
    expect((await s.request('GET', `/api/studio/files/${FILE}`)).status).toBe(401);
  });

  it('refuses paths outside the library', async () => {
    for (const bad of ['..%2F..%2Fpackage.json', '..%2Fetc%2Fpasswd.proc', 'common%2Fsources.txt']) {
      const r = await s.request('GET', `/api/studio/files/${bad}`, { token: designer });
      expect(r.status).toBe(400);
    }
  });

  it('runs the scenarios of the text being edited, pointing a failure at its line', async () => {
    const text = readFileSync(join(lib, FILE), 'utf8').replace('expect fee 10_000 VND', 'expect fee 12_000 VND');
    const r = (await (await s.request('POST', '/api/studio/scenarios', { token: designer, json: { path: FILE, text } })).json()) as {
      results: Array<{ scenario: string; passed: boolean; failures: Array<{ message: { vi: string }; start?: number }> }>;
    };
    const failed = r.results.filter((x) => !x.passed);
    expect(failed.map((f) => f.scenario)).toEqual(['online_owner_tet']);
    expect(failed[0]!.failures[0]!.message.vi).toContain('mong đợi 12.000 ₫');
    expect(text.slice(failed[0]!.failures[0]!.start!)).toMatch(/^\s*expect fee 12_000 VND/);
  });

  it('points at the editor’s own text when it arrives decomposed (NFD, as some Vietnamese keyboards type)', async () => {
    // An error placed after plenty of accented text: its offset differs between NFC and NFD.
    const text = readFileSync(join(lib, FILE), 'utf8').replace('expect fee 10_000 VND', 'expect fee 10_000 VND\n    expect state khong_co').normalize('NFD');
    expect(text).not.toBe(text.normalize('NFC'));
    const r = (await (await s.request('POST', '/api/studio/scenarios', { token: designer, json: { path: FILE, text } })).json()) as {
      results: Array<{ passed: boolean; failures: Array<{ start?: number; end?: number }> }>;
    };
    const failure = r.results.find((x) => !x.passed)?.failures[0];
    expect(failure?.start).toBeDefined();
    expect(text.slice(failure!.start!, failure!.end!)).toContain('khong_co');
  });

  it('saves a file and publishes only a version without errors whose scenarios pass', async () => {
    const original = readFileSync(join(lib, FILE), 'utf8');
    const broken = original.replace('expect fee 10_000 VND', 'expect fee 12_000 VND').replace('version 1', 'version 2').replace('effective 2025-01-10', 'effective 2026-01-01');
    expect((await s.request('PUT', `/api/studio/files/${FILE}`, { token: designer, body: broken, headers: { 'content-type': 'text/plain; charset=utf-8' } })).status).toBe(204);
    const refused = await s.request('POST', '/api/studio/publish', { token: designer, json: { procedureId: 'dang_ky_thuong_tru' } });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { code: string }).code).toBe('scenarios_failed');
    // Scenarios run on their own dates, so the new version keeps an effective date they fall in.
    const fixed = original.replace('version 1', 'version 2');
    await s.request('PUT', `/api/studio/files/${FILE}`, { token: designer, body: fixed, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    const ok = await s.request('POST', '/api/studio/publish', { token: designer, json: { procedureId: 'dang_ky_thuong_tru' } });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ procedureId: 'dang_ky_thuong_tru', version: 2, created: true });
  });
});
