// The officer console and the dashboard as officers use them: the queue of one procedure over all
// its published versions, the step filter named as the agency names its steps, refusals in words
// an officer acts on, forms that keep what was typed, a hand-over that does not end on "not
// found", the page a centre manager goes back to, the phone layout, and the dashboard's figures
// in either language and for any period typed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeJson, localDateTime, type NewDossier } from '@motcua/engine';
import type { ProcedureIR } from '@motcua/dsl';
import { createApp } from '../app.ts';
import { SAMPLE_PASSWORD } from '../auth/identity.ts';
import type { ServerContext } from '../context.ts';
import { procedureStates } from '../routes/officers.ts';
import { createRuntime, REPO_ROOT, type Runtime } from '../runtime/runtime.ts';
import { startTestServer, type TestServer } from '../testing/harness.ts';
import { CITIZEN, OWNER, OWNER_ADDRESS, receivedDossier, seedQueue } from './fixtures.ts';

type Page = { status: number; location: string | null; html: string };

/** A page request as the browser sends it: the session cookie (and the language), a form body. */
async function pageOf(app: { request: (path: string, init: RequestInit) => Response | Promise<Response> }, token: string, method: string, path: string, form?: Record<string, string | string[]>, lang?: 'en'): Promise<Page> {
  const headers: Record<string, string> = { cookie: `motcua_session=${token}${lang ? `; motcua_lang=${lang}` : ''}` };
  let body: URLSearchParams | undefined;
  if (form) {
    body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) body.append(k, x);
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const r = await app.request(path, { method, headers, ...(body ? { body } : {}) });
  return { status: r.status, location: r.headers.get('location'), html: await r.text() };
}

const rowIds = (html: string) => [...html.matchAll(/href="\/console\/dossiers\/([0-9a-f-]+)"/g)].map((m) => m[1]);
const alerts = (html: string) => [...html.matchAll(/<div class="alert alert-(\w+)"[^>]*>([^]*?)<\/div>(?=\s*<(?!li|ul|\/ul|a ))/g)].map((m) => `${m[1]}: ${m[2]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()}`);

describe('the queue of a procedure over all its published versions', () => {
  // The workspace's permanent residence procedure published as version 2 (the catalog's), and a
  // version 1 before it with a step the current one no longer has ("field_check"), where a dossier
  // made under version 1 still sits.
  const NOW = localDateTime(2025, 3, 3, 8, 0);
  let dir: string;
  let runtime: Runtime;
  let app: ReturnType<typeof createApp>['app'];
  let ctx: ServerContext;
  let token: string;
  let old: NewDossier;
  let current: NewDossier;
  let tamTru: NewDossier;

  const oldVersion = (ir: ProcedureIR, version: number, extra: string, label: string): ProcedureIR => ({
    ...ir,
    version,
    workflow: {
      ...ir.workflow,
      states: [...ir.workflow.states, { id: extra, label, final: false, role: 'specialist', agency: 'cong_an_xa', pausesClock: false, transitions: [] }],
    },
  });
  const row = (procedure_id: string, version: number, state: string, due_at: number): NewDossier => ({
    id: randomUUID(),
    code: null,
    procedure_id,
    definition_version: version,
    agency: 'cong_an_xa',
    citizen_id: OWNER,
    state,
    snapshot: encodeJson({ status: 'active', value: state, context: {} }),
    form: encodeJson({}),
    channel: 'online',
    revision: 0,
    due_at,
    clock: encodeJson({ status: 'running' }),
    created_at: NOW - 86_400_000,
    updated_at: NOW - 86_400_000,
    outcome: null,
    state_due_at: null,
    prefilled: null,
    submitted_at: null,
    received_at: null,
    result_at: null,
    fee_total: null,
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'motcua-versions-'));
    cpSync(join(REPO_ROOT, 'procedures'), join(dir, 'procedures'), { recursive: true, filter: (src) => !src.includes('node_modules') });
    const file = join(dir, 'procedures', 'cu_tru', 'dang_ky_thuong_tru.proc');
    const source = readFileSync(file, 'utf8');
    expect(source).toContain('\n  version 1\n');
    writeFileSync(file, source.replace('\n  version 1\n', '\n  version 2\n'));
    runtime = await createRuntime({ dataDir: join(dir, 'data'), proceduresDir: join(dir, 'procedures'), now: () => NOW });
    app = createApp(runtime, { log: () => {} }).app;
    ctx = { runtime } as ServerContext;
    const entry = runtime.catalog.find((e) => e.id === 'dang_ky_thuong_tru')!;
    expect(entry.version).toBe(2);
    await runtime.engine.publish(oldVersion(entry.ir, 1, 'field_check', 'Xác minh thực địa (phiên bản 1)'));
    const tamTruVersion = runtime.catalog.find((e) => e.id === 'dang_ky_tam_tru')!.version;
    old = row('dang_ky_thuong_tru', 1, 'field_check', NOW + 3 * 3_600_000);
    current = row('dang_ky_thuong_tru', 2, 'processing', NOW + 2 * 3_600_000);
    tamTru = row('dang_ky_tam_tru', tamTruVersion, 'processing', NOW + 3_600_000);
    await runtime.storage.db.insertInto('dossiers').values([old, current, tamTru]).execute();
    const r = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'specialist.cong_an_xa', password: SAMPLE_PASSWORD }) });
    token = ((await r.json()) as { token: string }).token;
  }, 60_000);
  afterAll(async () => {
    await runtime?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GET /api/queue?procedure= lists a dossier of an old version in a step only that version has, named by that version', async () => {
    const queue = async (q: string) => {
      const r = await app.request(`/api/queue?${q}`, { headers: { authorization: `Bearer ${token}` } });
      expect(r.status).toBe(200);
      return ((await r.json()) as { items: Array<{ id: string; stateLabel: string; role: string | null }> }).items;
    };
    const items = await queue('procedure=dang_ky_thuong_tru');
    expect(items.map((i) => i.id)).toEqual([current.id, old.id]);
    expect(items[1]).toMatchObject({ stateLabel: 'Xác minh thực địa (phiên bản 1)', role: 'specialist' });
    expect((await queue('procedure=dang_ky_thuong_tru&state=field_check')).map((i) => i.id)).toEqual([old.id]);
    expect((await queue('procedure=dang_ky_tam_tru')).map((i) => i.id)).toEqual([tamTru.id]);
    expect(await queue('procedure=khong_co_thu_tuc_nay')).toEqual([]);
  });

  it('the console’s procedure filter lists it too, with its step’s label', async () => {
    const page = await pageOf(app, token, 'GET', '/console?procedure=dang_ky_thuong_tru');
    expect(page.status).toBe(200);
    expect(rowIds(page.html)).toEqual([current.id, old.id]);
    expect(page.html).toContain('Xác minh thực địa (phiên bản 1)');
    expect(rowIds((await pageOf(app, token, 'GET', '/console')).html)).toEqual([tamTru.id, current.id, old.id]);
  });

  it('works the union out once per publication: the same answer until another version is published', async () => {
    const first = await procedureStates(ctx, 'dang_ky_thuong_tru');
    expect(first.ids.has('field_check')).toBe(true);
    expect(first.ids.has('processing')).toBe(true);
    expect(first.initial).toEqual(new Set(['draft']));
    expect(await procedureStates(ctx, 'dang_ky_thuong_tru')).toBe(first);
    const entry = runtime.catalog.find((e) => e.id === 'dang_ky_thuong_tru')!;
    await runtime.engine.publish(oldVersion(entry.ir, 3, 'hearing', 'Tiếp công dân (phiên bản 3)'));
    const after = await procedureStates(ctx, 'dang_ky_thuong_tru');
    expect(after).not.toBe(first);
    expect([...after.ids]).toEqual(expect.arrayContaining(['field_check', 'hearing', 'processing']));
    expect(after.byVersion.get(1)?.get('field_check')?.label).toBe('Xác minh thực địa (phiên bản 1)');
  });
});

describe('the officer console, as officers use it', () => {
  let s: TestServer;
  let ids: Awaited<ReturnType<typeof seedQueue>>;
  const as = async (who: string, method: string, path: string, form?: Record<string, string | string[]>, lang?: 'en') => pageOf(s.app, await s.login(who), method, path, form, lang);

  beforeAll(async () => {
    s = await startTestServer();
    ids = await seedQueue(s);
    s.setTime(2025, 3, 3, 8, 30);
  }, 60_000);
  afterAll(async () => s?.close());

  it('names each step of the filter as the agency’s own procedures name it, the ends last', async () => {
    const options = (html: string) => [.../<select id="f-state"[^]*?<\/select>/.exec(html)![0].matchAll(/<option value="([^"]*)"[^>]*>([^<]*)</g)].map((m): [string, string] => [m[1]!, m[2]!]);
    const police = new Map(options((await as('leader.cong_an_xa', 'GET', '/console')).html));
    // The commune police's approval step, not the commune chairman's (a birth registration
    // sharing the step's id, whose steps the police never hold).
    expect(police.get('approval')).toBe('Trưởng Công an xã phê duyệt');
    expect(police.has('civil_approval')).toBe(false);
    expect(police.get('residence_registration')).toBe('Công an xã đăng ký thường trú cho trẻ');
    const order = [...police.keys()];
    expect(order.indexOf('submitted')).toBeLessThan(order.indexOf('done'));
    // One procedure chosen: its own names.
    const birth = new Map(options((await as('leader.ubnd_xa', 'GET', '/console?procedure=dang_ky_khai_sinh')).html));
    expect(birth.get('approval')).toBe('Chủ tịch UBND xã ký Giấy khai sinh');
    expect(birth.get('done')).toBe('Đã cấp Giấy khai sinh');
  });

  it('says what an action still needs, in the action’s words and the page’s language, and keeps what was typed', async () => {
    s.setTime(2025, 3, 3, 9);
    const v = await s.runtime.engine.createDraft({ procedureId: 'dang_ky_thuong_tru', channel: 'online', actor: CITIZEN });
    await s.runtime.engine.updateForm(v.id, { address: OWNER_ADDRESS, housing: 'owner' }, CITIZEN);
    await s.runtime.engine.act(v.id, 'submit', { actor: CITIZEN });
    const ask = await as('reception.cong_an_xa', 'POST', `/console/dossiers/${v.id}/actions/ask_supplement`, { note: 'Mang sổ đỏ bản chính' });
    expect(ask.status).toBe(422);
    expect(alerts(ask.html)).toEqual(['error: Chưa đủ thông tin để «Hướng dẫn bổ sung hồ sơ» Chưa chọn giấy tờ cần bổ sung']);
    expect(ask.html).not.toContain('Tờ khai còn lỗi'); // the citizen's form is not what is wrong
    expect(ask.html).toContain('>Mang sổ đỏ bản chính</textarea>');
    const refuse = await as('reception.cong_an_xa', 'POST', `/console/dossiers/${v.id}/actions/refuse`, { reason: ' ' }, 'en');
    expect(alerts(refuse.html)[0]).toMatch(/needs more input Enter the reason$/);
    expect(refuse.html).not.toContain('reason is required');
  });

  it('refuses another role’s step, or a step the dossier has left, by name — never a bare role or action id', async () => {
    const leader = await as('leader.cong_an_xa', 'POST', `/console/dossiers/${ids.overdue}/actions/propose`, {});
    expect(leader.status).toBe(403);
    expect(alerts(leader.html)).toEqual(['error: Bước «Thẩm định hồ sơ» do Chuyên viên xử lý thực hiện Vai trò của bạn (Lãnh đạo) không thực hiện được thao tác này.']);
    expect(leader.html).not.toMatch(/vai trò specialist/);
    const stale = await as('specialist.cong_an_xa', 'POST', `/console/dossiers/${ids.overdue}/actions/approve`, {});
    expect(stale.status).toBe(409);
    expect(alerts(stale.html)[0]).toContain('Không thực hiện được «Phê duyệt');
    expect(stale.html).not.toContain('Không thể «approve»');
    const unknown = await as('specialist.cong_an_xa', 'POST', `/console/dossiers/${ids.overdue}/actions/khong_co`, {});
    expect(alerts(unknown.html)).toEqual(['error: Thủ tục không có thao tác này']);
  });

  it('keeps the apology letter’s reason and date when the extension is refused, the form open and linked', async () => {
    const id = await receivedDossier(s, [2025, 3, 3, 9]);
    const noDate = await as('specialist.cong_an_xa', 'POST', `/console/dossiers/${id}/extension`, { reason: 'Chờ xác minh thực địa', newDueAt: '' });
    expect(noDate.status).toBe(422);
    expect(noDate.html).toContain('<details class="card" id="extension" open>');
    expect(noDate.html).toContain('>Chờ xác minh thực địa</textarea>');
    expect(noDate.html).toContain('href="#extension"');
    const noReason = await as('specialist.cong_an_xa', 'POST', `/console/dossiers/${id}/extension`, { reason: '', newDueAt: '2025-03-20T10:00' });
    expect(noReason.status).toBe(422);
    expect(alerts(noReason.html)[0]).toBe('error: Thư xin lỗi phải nêu lý do Chưa nhập lý do Đến mục gia hạn');
    expect(noReason.html).toMatch(/<input id="ext-date" type="datetime-local" name="newDueAt" min="[^"]+" value="2025-03-20T10:00">/);
    // The letter is due 1 working day before the due time, said as such.
    expect(noReason.html).toContain('thư xin lỗi phải gửi chậm nhất 11/03/2025 09:00 (01 ngày làm việc trước hạn)');
    // An action refused on the same page does not open the extension form.
    const action = await as('specialist.cong_an_xa', 'POST', `/console/dossiers/${id}/actions/propose_refusal`, { reason: '' });
    expect(action.status).toBe(422);
    expect(action.html).toContain('<details class="card" id="extension">');
  });

  it('after handing a dossier to another agency, says where it went instead of “not found”', async () => {
    s.setTime(2025, 3, 3, 9);
    const { engine } = s.runtime;
    const citizen = { id: '001090700041', role: 'citizen' } as const;
    const v = await engine.createDraft({ procedureId: 'cap_phieu_ly_lich_tu_phap', channel: 'online', actor: citizen });
    await engine.updateForm(v.id, { card: 'so_2', purpose: 'Để biết nội dung lý lịch tư pháp của mình', quantity: 1 }, citizen);
    const fee = (await engine.assess(v.id, citizen)).fees.total;
    if (fee > 0) await engine.recordPayment(v.id, { provider: 'embedded', reference: `LLTP-${v.id}`, amount: fee });
    await engine.act(v.id, 'submit', { actor: citizen });
    await engine.act(v.id, 'accept', { actor: { id: 'reception.so_tu_phap', role: 'reception', agency: 'so_tu_phap' } });
    const moved = await as('specialist.so_tu_phap', 'POST', `/console/dossiers/${v.id}/actions/request_verification`, {});
    expect(moved.status).toBe(303);
    expect(moved.location).toBe(`/console?moved=${v.id}`);
    const queue = await as('specialist.so_tu_phap', 'GET', moved.location!);
    expect(queue.status).toBe(200);
    const code = (await engine.view(v.id)).code!;
    expect(alerts(queue.html)[0]).toMatch(new RegExp(`^ok: Đã thực hiện: «[^»]+»\\. Hồ sơ ${code.replace(/\./g, '\\.')} đã chuyển đến Công an tỉnh`));
    // Nobody else learns anything from the link.
    expect(alerts((await as('reception.so_tu_phap', 'GET', moved.location!)).html)).toEqual([]);
    expect(alerts((await as('specialist.cong_an_tinh', 'GET', moved.location!)).html)).toEqual([]);
    // The agency it went to has it, to reply.
    expect((await as('specialist.cong_an_tinh', 'GET', `/console/dossiers/${v.id}`)).html).toContain(`/console/dossiers/${v.id}/actions/reply`);
  });

  it('sends the centre manager back to the statistics, not to a queue they may not open', async () => {
    const page = await as('quanly', 'GET', `/console/dossiers/${ids.overdue}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<a href="/dashboard">← Thống kê</a>');
    expect(page.html).not.toContain('href="/console"');
    expect((await as('quanly', 'GET', '/console/dossiers/00000000-0000-4000-8000-000000000000')).html).toContain('href="/dashboard"');
    expect((await as('reception.cong_an_xa', 'GET', `/console/dossiers/${ids.overdue}`)).html).toContain('<a href="/console">← Hàng đợi</a>');
  });

  it('marks the documents the agency asked for while the dossier waits for the citizen', async () => {
    const page = await as('specialist.cong_an_xa', 'GET', `/console/dossiers/${ids.waiting}`);
    expect(page.html).toMatch(/id="doc-residence_proof"[^]*?Cơ quan yêu cầu bổ sung/);
  });

  it('lays the queue out as one card per dossier on a phone, each value named', async () => {
    const page = await as('reception.cong_an_xa', 'GET', '/console');
    expect(page.html).toContain('<table class="queue cards">');
    expect(page.html).toMatch(/@media \(max-width:719px\)\{\s*table\.cards thead\{display:none\}/);
    expect(page.html).toContain('data-label="Hạn giải quyết"');
    expect(page.html).toContain('data-label="Người nộp"');
  });
});

describe('the dashboard, as the centre manager reads it', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
    await seedQueue(s);
    s.setTime(2025, 3, 3, 8, 30);
  }, 60_000);
  afterAll(async () => s?.close());
  const as = async (who: string, path: string, lang?: 'en') => pageOf(s.app, await s.login(who), 'GET', path, undefined, lang);
  const row = (html: string, key: string) => /<tr data-key="([^"]+)">([^]*?)<\/tr>/g.exec(html.slice(html.indexOf(`<tr data-key="${key}">`)))![2]!;

  it('writes percentages as each language does', async () => {
    const vi = row((await as('quanly', '/dashboard?from=2025-02-01&to=2025-03-31')).html, 'dang_ky_thuong_tru');
    expect(vi).toContain('trước và đúng hạn 50\u00a0%');
    const en = await as('quanly', '/dashboard?from=2025-02-01&to=2025-03-31', 'en');
    expect(row(en.html, 'dang_ky_thuong_tru')).toContain('early or on time 50%');
    expect(en.html).not.toMatch(/\d,\d %|\d %/);
  });

  it('says when a date typed is no date, and turns a period given backwards round', async () => {
    const bad = await as('quanly', '/dashboard?from=2025-02-30&to=2025-03-31');
    expect(alerts(bad.html)[0]).toBe('warn: «2025-02-30» không phải một ngày hợp lệ; dùng 01/01/2025.');
    expect(bad.html).toContain('name="from" value="2025-01-01"');
    const ordered = await as('quanly', '/dashboard?from=2025-02-01&to=2025-03-31');
    const backwards = await as('quanly', '/dashboard?from=2025-03-31&to=2025-02-01');
    expect(alerts(backwards.html)[0]).toContain('đã đổi chỗ hai ngày');
    expect(row(backwards.html, 'dang_ky_thuong_tru')).toBe(row(ordered.html, 'dang_ky_thuong_tru'));
    expect(row(backwards.html, 'dang_ky_thuong_tru')).toContain('<td class="num">5</td>');
  });

  it('draws the online shares in a colour of their own, says what counts in the period, and fits a phone', async () => {
    const page = await as('quanly', '/dashboard');
    const onTime = /<i style="background:(#[0-9a-f]{6})"><\/i>Đúng hạn/.exec(page.html)![1];
    const share = /<i style="background:(#[0-9a-f]{6})"><\/i>Tỷ lệ/.exec(page.html)![1];
    expect(share).not.toBe(onTime);
    expect(page.html).toContain('Đang giải quyết (hiện tại)');
    expect(page.html).toContain('<table class="stats cards">');
    expect(page.html).toContain('table.stats.cards td:nth-child(2)::before{content:"Tiếp nhận: "');
  });

  it('counts as pending exactly the received dossiers the agency’s open queue lists', async () => {
    const dashboard = await as('leader.cong_an_xa', '/dashboard');
    const pending = Number(/Đang giải quyết \(hiện tại\)<\/div><div class="fee-total">(\d+)</.exec(dashboard.html)![1]);
    const queue = (await as('leader.cong_an_xa', '/console')).html;
    const withCode = [...queue.matchAll(/href="\/console\/dossiers\/[0-9a-f-]+"><strong>([^<]+)<\/strong>/g)].filter((m) => m[1] !== 'Chưa có mã');
    expect(pending).toBe(withCode.length);
    expect(pending).toBe(3); // overdue, due soon, waiting for the citizen
  });
});
