// The server-rendered pages through HTTP: who may open what, the form generated from the
// definition (prefilled, locked, errors in words), escaping, uploads, payment, submission, the
// officer's queue and actions, the dashboard and the public verification page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { labelIn } from '@motcua/dsl';
import { encodeJson, localDateTime, type NewDossier } from '@motcua/engine';
import { startTestServer, type TestServer } from '../testing/harness.ts';
import type { Actor } from '@motcua/engine';
import { CITIZEN, OWNER, OWNER_ADDRESS, RECEPTION, receivedDossier, seedQueue, SPECIALIST } from './fixtures.ts';

let s: TestServer;
const PDF = new TextEncoder().encode('%PDF-1.4\n%âãÏÓ\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());

/** A page request as the browser sends it: the session cookie, a form body. */
async function page(method: string, path: string, options: { as?: string; form?: Record<string, string | string[]>; body?: FormData } = {}): Promise<{ status: number; location: string | null; html: string; headers: Headers }> {
  const headers: Record<string, string> = {};
  // A fresh session each time: sessions expire by the (virtual) clock the tests move.
  if (options.as) headers['cookie'] = `motcua_session=${await s.login(options.as)}`;
  let body: BodyInit | undefined = options.body;
  if (options.form) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(options.form)) for (const x of [v].flat()) p.append(k, x);
    body = p;
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const r = await s.app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
  return { status: r.status, location: r.headers.get('location'), html: await r.text(), headers: r.headers };
}

/** The markup of one form field (from its data-path to the next field). */
function fieldHtml(html: string, path: string): string {
  const start = html.indexOf(`data-path="${path}"`);
  if (start < 0) return '';
  const next = html.indexOf('data-path="', start + 10);
  return html.slice(start, next < 0 ? undefined : next);
}

async function newDraft(as = OWNER, procedureId = 'dang_ky_thuong_tru'): Promise<string> {
  const r = await page('POST', '/portal/dossiers', { as, form: { procedureId, channel: 'online' } });
  expect(r.status).toBe(303);
  return /\/portal\/dossiers\/([0-9a-f-]{36})/.exec(r.location ?? '')![1]!;
}

/** A criminal record request (Sở Tư pháp; 10 calendar days) paid, submitted and received at the current time. */
async function receivedCriminalRecordRequest(srv: TestServer): Promise<string> {
  const { engine } = srv.runtime;
  const citizen: Actor = { id: '001090700041', role: 'citizen' };
  const v = await engine.createDraft({ procedureId: 'cap_phieu_ly_lich_tu_phap', channel: 'online', actor: citizen });
  await engine.updateForm(v.id, { card: 'so_1', purpose: 'Thi tuyển công chức', quantity: 1 }, citizen);
  await engine.recordPayment(v.id, { provider: 'embedded', reference: `LLTP-${v.id}`, amount: 200_000 });
  await engine.act(v.id, 'submit', { actor: citizen });
  await engine.act(v.id, 'accept', { actor: { id: 'reception.so_tu_phap', role: 'reception', agency: 'so_tu_phap' } });
  return v.id;
}

describe('sign-in and roles', () => {
  it.each(['/portal/dossiers', '/portal/me/access-log', '/portal/dossiers/00000000-0000-4000-8000-000000000000', '/console', '/console/dossiers/00000000-0000-4000-8000-000000000000', '/dashboard'])(
    'sends an anonymous visitor of %s to the login page and back',
    async (path) => {
      const r = await page('GET', path);
      expect([302, 303]).toContain(r.status);
      expect(r.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    },
  );

  it('opens each area for its roles and refuses the others', async () => {
    expect((await page('GET', '/portal')).status).toBe(200);
    expect((await page('GET', '/portal/dossiers', { as: OWNER })).status).toBe(200);
    expect((await page('GET', '/portal/me/access-log', { as: OWNER })).status).toBe(200);
    expect((await page('GET', '/console', { as: 'reception.cong_an_xa' })).status).toBe(200);
    expect((await page('GET', '/dashboard', { as: 'quanly' })).status).toBe(200);
    expect((await page('GET', '/dashboard', { as: 'leader.cong_an_xa' })).status).toBe(200);
    expect((await page('GET', '/verify')).status).toBe(200);
    const citizenInConsole = await page('GET', '/console', { as: OWNER });
    expect(citizenInConsole.status).toBe(403);
    expect(citizenInConsole.html).toContain('không dành cho vai trò của bạn');
    expect((await page('GET', '/dashboard', { as: 'reception.cong_an_xa' })).status).toBe(403);
    expect((await page('GET', '/portal/dossiers', { as: 'reception.cong_an_xa' })).status).toBe(403);
  });

  it('shows the user and the links of their role in the header', async () => {
    const citizen = (await page('GET', '/portal/dossiers', { as: OWNER })).html;
    expect(citizen).toContain('Lê Hoàng Nam');
    expect(citizen).toContain('href="/portal/me/access-log"');
    expect(citizen).not.toContain('href="/console"');
    expect(citizen).toContain('action="/logout"');
    const leader = (await page('GET', '/console', { as: 'leader.cong_an_xa' })).html;
    expect(leader).toContain('href="/dashboard"');
    expect(leader).toContain('Lãnh đạo');
  });

  it('speaks English on request and remembers it', async () => {
    const r = await page('GET', '/portal?lang=en');
    expect(r.html).toContain('<html lang="en">');
    expect(r.html).toContain('Online public services');
    expect(r.headers.get('set-cookie')).toContain('motcua_lang=en');
    expect((await page('GET', '/portal')).html).toContain('Dịch vụ công trực tuyến');
  });

  it('finds procedures without accents and offers to start a dossier', async () => {
    const r = await page('GET', '/portal?q=dang%20ky%20thuong%20tru');
    expect(r.html).toContain('href="/portal/procedures/dang_ky_thuong_tru"');
    const card = await page('GET', '/portal/procedures/dang_ky_thuong_tru');
    expect(card.html).toContain('action="/portal/dossiers"');
    expect(card.html).toContain('1.004222');
  });

  it("numbers the card's steps on across the actions listed under each", async () => {
    const card = (await page('GET', '/portal/procedures/dang_ky_thuong_tru')).html;
    const steps = card.slice(card.indexOf('Trình tự thực hiện'), card.indexOf('Cách thức thực hiện'));
    // One numbered list, each step's actions a bullet list inside its item (not a new list "1." per step).
    expect(steps.match(/<ol>/g)).toHaveLength(1);
    expect(steps).toMatch(/<li><strong>Soạn hồ sơ<\/strong>[^<]*\n<ul>\n<li>Nộp hồ sơ[^<]*\n<\/li><\/ul>\n<\/li>\n<li><strong>Chờ tiếp nhận<\/strong>/);
  });

  it('leads from the home page and the plain card pages to the portal, where a dossier is started', async () => {
    const home = await page('GET', '/');
    expect(home.html).toContain('href="/portal/procedures/dang_ky_thuong_tru"');
    expect(home.html).toContain('href="/portal"');
    const card = await page('GET', '/procedures/dang_ky_thuong_tru');
    expect(card.html).toContain('href="/portal/procedures/dang_ky_thuong_tru"');
    expect((await page('GET', '/portal/procedures/dang_ky_thuong_tru')).html).toContain('action="/portal/dossiers"');
  });
});

describe('the citizen portal', () => {
  it('generates the form from the definition, with national data prefilled, locked and named by source', async () => {
    s.setTime(2025, 3, 3, 9);
    const id = await newDraft();
    const r = await page('GET', `/portal/dossiers/${id}`, { as: OWNER });
    expect(r.status).toBe(200);
    const name = fieldHtml(r.html, 'applicant.full_name');
    expect(name).toContain('Lê Hoàng Nam');
    expect(name).toContain('aria-readonly="true"');
    expect(name).toMatch(/class="source locked"[^]*Từ Cơ sở dữ liệu quốc gia về dân cư/);
    expect(name).not.toContain('name="applicant.full_name"'); // never posted back
    const phone = fieldHtml(r.html, 'applicant.phone');
    expect(phone).toContain('name="applicant.phone"');
    expect(phone).toContain('value="0912345678"');
    expect(phone).toMatch(/class="source"[^]*Từ Cơ sở dữ liệu quốc gia về dân cư/);
    // Types become inputs; choices become selects; required fields are marked.
    expect(fieldHtml(r.html, 'housing')).toMatch(/<select[^>]*name="housing"/);
    expect(fieldHtml(r.html, 'housing')).toContain('Chỗ ở hợp pháp thuộc quyền sở hữu của mình');
    expect(fieldHtml(r.html, 'address')).toContain('class="req"');
    expect(fieldHtml(r.html, 'floor_area')).toContain('type="number"');
    expect(fieldHtml(r.html, 'host_id')).toContain('inputmode="numeric"');
    // Conditional fields hidden until their condition holds.
    expect(fieldHtml(r.html, 'floor_area')).toMatch(/data-visible="[^"]+" hidden/);
  });

  it('saves the form and shows refused values beside their fields, in Vietnamese', async () => {
    s.setTime(2025, 3, 3, 9);
    const id = await newDraft();
    const refused = await page('POST', `/portal/dossiers/${id}/form`, { as: OWNER, form: { address: OWNER_ADDRESS, housing: 'tenant', floor_area: '3', 'applicant.email': 'khong-phai-email' } });
    expect(refused.status).toBe(422);
    expect(fieldHtml(refused.html, 'floor_area')).toContain('không được nhỏ hơn 8');
    expect(fieldHtml(refused.html, 'applicant.email')).toContain('không hợp lệ');
    expect(fieldHtml(refused.html, 'address')).toContain(`value="${OWNER_ADDRESS}"`); // what was typed stays
    expect(refused.html).toContain('Chưa lưu');
    const saved = await page('POST', `/portal/dossiers/${id}/form`, { as: OWNER, form: { address: OWNER_ADDRESS, housing: 'owner', floor_area: '', 'applicant.email': '' } });
    expect(saved.status).toBe(303);
    expect(saved.location).toContain('saved=1');
    const after = await page('GET', saved.location!, { as: OWNER });
    expect(fieldHtml(after.html, 'address')).toContain(`value="${OWNER_ADDRESS}"`);
    // The land registry knows the citizen owns it: the proof of residence is waived, with the reason.
    expect(after.html).toMatch(/id="doc-residence_proof"[^]*Được miễn nộp[^]*Nghị quyết 66.7\/2025\/NQ-CP/);
  });

  it('escapes what citizens type, wherever it is shown', async () => {
    s.setTime(2025, 3, 3, 9);
    const id = await newDraft();
    const evil = '<script>alert("x")</script>';
    await s.runtime.engine.updateForm(id, { address: evil, housing: 'owner' }, CITIZEN);
    const r = await page('GET', `/portal/dossiers/${id}`, { as: OWNER });
    expect(r.html).not.toContain(evil);
    expect(r.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    // Without the land record the proof of residence is needed: upload it, pay, submit, and the officer sees it escaped too.
    const body = new FormData();
    body.append('file', new File([PDF], 'so-do.pdf', { type: 'application/pdf' }));
    expect((await page('POST', `/portal/dossiers/${id}/documents/residence_proof`, { as: OWNER, body })).status).toBe(303);
    expect((await page('POST', `/portal/dossiers/${id}/actions/submit`, { as: OWNER, form: {} })).status).toBe(303);
    const officer = await page('GET', `/console/dossiers/${id}`, { as: 'reception.cong_an_xa' });
    expect(officer.status).toBe(200);
    expect(officer.html).not.toContain(evil);
    expect(officer.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(officer.headers.get('content-security-policy')).toMatch(/script-src 'nonce-/);
  });

  it('refuses a file of the wrong type or too large, saying why', async () => {
    s.setTime(2025, 3, 3, 9);
    const id = await newDraft();
    await s.runtime.engine.updateForm(id, { address: 'Số 99 Đường Không Có, phường Hồng Gai', housing: 'owner' }, CITIZEN);
    const text = new FormData();
    text.append('file', new File(['xin chào'], 'ghi-chu.txt', { type: 'text/plain' }));
    const wrong = await page('POST', `/portal/dossiers/${id}/documents/residence_proof`, { as: OWNER, body: text });
    expect(wrong.status).toBe(415);
    expect(wrong.html).toContain('chỉ nhận tệp pdf, jpg');
    const big = new FormData();
    const bytes = new Uint8Array(5 * 1024 * 1024 + 10);
    bytes.set(PDF);
    big.append('file', new File([bytes], 'lon.pdf', { type: 'application/pdf' }));
    const tooBig = await page('POST', `/portal/dossiers/${id}/documents/residence_proof`, { as: OWNER, body: big });
    expect(tooBig.status).toBe(413);
    expect(tooBig.html).toContain('không được lớn hơn 5 MB');
  });

  it('says in words why a dossier cannot be submitted yet', async () => {
    s.setTime(2025, 3, 3, 9);
    const id = await newDraft();
    const r = await page('POST', `/portal/dossiers/${id}/actions/submit`, { as: OWNER, form: {} });
    expect(r.status).toBe(422);
    expect(r.html).toContain('role="alert"');
    expect(r.html).toContain('Chưa đủ điều kiện để «Nộp hồ sơ»');
    expect(r.html).toContain('Chưa nhập «Địa chỉ đăng ký thường trú»');
    // The same error sits beside the field.
    expect(fieldHtml(r.html, 'address')).toContain('Chưa nhập «Địa chỉ đăng ký thường trú»');
  });

  it('shows the fee with its legal basis and sends the citizen to the payment gateway', async () => {
    s.setTime(2025, 3, 3, 9);
    const id = await newDraft();
    const r = await page('GET', `/portal/dossiers/${id}`, { as: OWNER });
    expect(r.html).toMatch(/id="fees"[^]*10\.000 ₫[^]*Thông tư 75\/2022\/TT-BTC, Điều 4/);
    const pay = await page('POST', `/portal/dossiers/${id}/pay`, { as: OWNER });
    expect(pay.status).toBe(303);
    const url = new URL(pay.location!, 'http://x');
    expect(url.pathname).toMatch(/^\/pay\//);
    // What is paid is bound to the reference, not carried in the query string (payments/gateway.ts).
    expect(url.search).toBe('');
    expect((await page('GET', url.pathname)).html).toContain('10.000 đồng');
    const done = await page('POST', url.pathname, { form: { dossier: id, amount: '10000' } });
    expect(done.location).toBe(`/portal/dossiers/${id}?paid=1`);
    expect((await page('GET', done.location!, { as: OWNER })).html).toContain('Đã nộp đủ phí, lệ phí');
  });

  it("never shows a citizen another citizen's dossier", async () => {
    s.setTime(2025, 3, 3, 9);
    const id = await newDraft();
    const other = '001190006789';
    expect((await page('GET', `/portal/dossiers/${id}`, { as: other })).status).toBe(404);
    expect((await page('POST', `/portal/dossiers/${id}/form`, { as: other, form: { housing: 'tenant' } })).status).toBe(404);
    expect((await page('POST', `/portal/dossiers/${id}/actions/submit`, { as: other, form: {} })).status).toBe(404);
    expect((await page('GET', `/portal/dossiers/${id}/files/1`, { as: other })).status).toBe(404);
    // An officer of another agency cannot read it either.
    expect((await page('GET', `/console/dossiers/${id}`, { as: 'reception.so_tu_phap' })).status).toBe(404);
  });

  it('lists who read the citizen\'s data', async () => {
    const r = await page('GET', '/portal/me/access-log', { as: OWNER });
    expect(r.html).toContain('Cơ sở dữ liệu quốc gia về dân cư');
    expect(r.html).toContain('Họ, chữ đệm và tên');
    // Opening one's own dossier reads the registries again: not only while filling it in.
    expect(r.html).toContain('Bạn (khi mở hoặc điền hồ sơ)');
  });

  it('sends the language switch and a reload of a refused post back to the dossier page', async () => {
    s.setTime(2025, 3, 3, 9);
    const id = await newDraft();
    const refused = await page('POST', `/portal/dossiers/${id}/form`, { as: OWNER, form: { 'applicant.email': 'khong-phai-email' } });
    expect(refused.status).toBe(422);
    // The page has the post's address, and so has its language switch.
    const english = /<a class="lang" href="([^"]+)"/.exec(refused.html)![1]!;
    expect(english).toBe(`/portal/dossiers/${id}/form?lang=en`);
    const switched = await page('GET', english, { as: OWNER });
    expect(switched.status).toBe(303);
    expect(switched.location).toBe(`/portal/dossiers/${id}`);
    expect(switched.headers.get('set-cookie')).toContain('motcua_lang=en');
    for (const path of [`/portal/dossiers/${id}/documents/residence_proof`, `/portal/dossiers/${id}/actions/submit`, `/portal/dossiers/${id}/pay`]) {
      const r = await page('GET', path, { as: OWNER });
      expect([r.status, r.location]).toEqual([303, `/portal/dossiers/${id}`]);
    }
  });

  it('saves what was typed but not saved when the citizen uploads, pays or submits from the page', async () => {
    s.setTime(2025, 3, 3, 9);
    const { engine } = s.runtime;
    const id = await newDraft();
    const address = 'Số 99 Đường Không Có, phường Hồng Gai';
    // The page's script sends the unsaved fields along as __form.<name>.
    const upload = (email: string, revision: number) => {
      const body = new FormData();
      body.append('file', new File([PDF], 'so-do.pdf', { type: 'application/pdf' }));
      for (const [k, v] of Object.entries({ revision: String(revision), address, housing: 'owner', 'applicant.email': email })) body.append(`__form.${k}`, v);
      return page('POST', `/portal/dossiers/${id}/documents/residence_proof`, { as: OWNER, body });
    };
    const refused = await upload('khong-phai-email', (await engine.view(id)).revision);
    expect(refused.status).toBe(422);
    expect(fieldHtml(refused.html, 'applicant.email')).toContain('không hợp lệ');
    expect(fieldHtml(refused.html, 'applicant.email')).toContain('value="khong-phai-email"');
    expect(fieldHtml(refused.html, 'address')).toContain(`value="${address}"`);
    expect(refused.html).toContain('data-unsaved'); // still not saved: the next post carries it again
    expect(refused.html).toContain('Chưa tải tệp lên vì tờ khai chưa lưu được');
    expect(await s.runtime.storage.db.selectFrom('documents').select('id').where('dossier_id', '=', id).execute()).toHaveLength(0);
    const uploaded = await upload('', (await engine.view(id)).revision);
    expect(uploaded.status).toBe(303);
    expect((await engine.view(id)).form).toMatchObject({ address, housing: 'owner' });
    expect(await s.runtime.storage.db.selectFrom('documents').select('id').where('dossier_id', '=', id).execute()).toHaveLength(1);

    const carried = (revision: number, extra: Record<string, string>) =>
      Object.fromEntries(Object.entries({ revision: String(revision), address, housing: 'owner', ...extra }).map(([k, v]) => [`__form.${k}`, v]));
    const pay = await page('POST', `/portal/dossiers/${id}/pay`, { as: OWNER, form: carried((await engine.view(id)).revision, { 'applicant.phone': '0988888888' }) });
    expect(pay.status).toBe(303);
    expect(pay.location).toMatch(/^\/pay\//);
    expect((await engine.view(id)).form).toMatchObject({ applicant: { phone: '0988888888' } });

    const seen = (await engine.view(id)).revision;
    const submitted = await page('POST', `/portal/dossiers/${id}/actions/submit`, { as: OWNER, form: { revision: String(seen), action: 'submit', ...carried(seen, { 'applicant.email': 'nam@example.vn' }) } });
    expect(submitted.status).toBe(303);
    expect(submitted.location).toContain('done=submit');
    const after = await engine.view(id);
    expect(after.state.id).toBe('submitted');
    expect(after.form).toMatchObject({ applicant: { email: 'nam@example.vn' } });
  });

  it('says a date bound as a day, in Vietnamese and in English', async () => {
    s.setTime(2025, 3, 3, 9);
    const id = await newDraft(OWNER, 'dang_ky_tam_tru');
    const vi = await page('POST', `/portal/dossiers/${id}/form`, { as: OWNER, form: { until_date: '2020-01-31' } });
    expect(vi.status).toBe(422);
    const err = (html: string) => /<div class="err"[^>]*><div>([^<]*)<\/div>/.exec(fieldHtml(html, 'until_date'))![1]!;
    expect(err(vi.html)).toBe('«Tạm trú đến ngày» không được trước ngày 03/03/2025');
    expect(fieldHtml(vi.html, 'until_date')).toContain('value="2020-01-31"');
    const en = await page('POST', `/portal/dossiers/${id}/form?lang=en`, { as: OWNER, form: { until_date: '2020-01-31' } });
    // The field as the procedure names it in English (in Vietnamese if it gives no English).
    const field = s.runtime.catalog.find((e) => e.id === 'dang_ky_tam_tru')!.ir.form.fields.find((f) => f.path === 'until_date')!;
    expect(err(en.html)).toBe(`«${labelIn('en', field)}» must be on or after 03/03/2025`);
    // The rows' bounds start a sentence.
    expect(vi.html).toContain('Nhiều nhất 10 dòng. Dòng để trống sẽ được bỏ qua.');
  });

  it('says a due date counted in calendar days as the day it ends, not as midnight after it', async () => {
    s.setTime(2025, 3, 3, 9);
    // 10 days from Monday 03/03 (the first day not counted): to the end of Thursday 13/03.
    const id = await receivedCriminalRecordRequest(s);
    const as = '001090700041';
    const r = await page('GET', `/portal/dossiers/${id}`, { as });
    expect(r.html).toContain('Hạn trả kết quả</dt><dd>hết ngày 13/03/2025');
    expect(r.html).toContain('hẹn trả kết quả hết ngày 13/03/2025');
    expect(r.html).not.toContain('14/03/2025 00:00');
    expect((await page('GET', '/portal/dossiers', { as })).html).toContain('hạn hết ngày 13/03/2025');
    const en = await page('GET', `/portal/dossiers/${id}?lang=en`, { as });
    expect(en.html).toContain('Due</dt><dd>end of 13/03/2025');
    // And the sentence about who has it reads as one.
    const agency = s.runtime.catalog.find((e) => e.id === 'cap_phieu_ly_lich_tu_phap')!.ir.agencies.find((a) => a.id === 'so_tu_phap')!;
    expect(en.html).toContain(`The dossier is with a specialist — ${labelIn('en', agency)}. You will be notified`);
    expect(r.html).toContain('chuyên viên — Sở Tư pháp xử lý. Bạn sẽ nhận thông báo');
  });

  it('asks again for a document the agency wants supplemented, until a new file is sent', async () => {
    const { engine } = s.runtime;
    s.setTime(2025, 3, 4, 9);
    const v = await engine.createDraft({ procedureId: 'dang_ky_thuong_tru', channel: 'online', actor: CITIZEN });
    await engine.updateForm(v.id, { address: 'Số 99 Đường Không Có, phường Hồng Gai', housing: 'owner' }, CITIZEN);
    await engine.attachDocument(v.id, 'residence_proof', { name: 'so-do-mo.pdf', mime: 'application/pdf', bytes: PDF }, CITIZEN);
    await engine.recordPayment(v.id, { provider: 'embedded', reference: `SUPP-${v.id}`, amount: 10_000 });
    await engine.act(v.id, 'submit', { actor: CITIZEN });
    await engine.act(v.id, 'accept', { actor: RECEPTION });
    s.setTime(2025, 3, 5, 9);
    await engine.act(v.id, 'ask_supplement', { actor: SPECIALIST, inputs: { missing: ['residence_proof'], note: 'Bản chụp sổ đỏ bị mờ' } });
    const docOf = (html: string) => html.slice(html.indexOf('id="doc-residence_proof"'), html.indexOf('id="fees"'));
    const asked = await page('GET', `/portal/dossiers/${v.id}`, { as: OWNER });
    // The file sent before is what the agency found wanting: not "attached", not "all documents attached".
    expect(asked.html).toContain('Cơ quan chờ bạn nộp bổ sung: Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp');
    expect(docOf(asked.html)).not.toContain('✓ Đã nộp');
    expect(docOf(asked.html)).toContain('Cơ quan yêu cầu bổ sung');
    s.setTime(2025, 3, 5, 10);
    const body = new FormData();
    body.append('file', new File([PDF], 'so-do-ro.pdf', { type: 'application/pdf' }));
    expect((await page('POST', `/portal/dossiers/${v.id}/documents/residence_proof`, { as: OWNER, body })).status).toBe(303);
    const sent = await page('GET', `/portal/dossiers/${v.id}`, { as: OWNER });
    expect(sent.html).not.toContain('Cơ quan chờ bạn nộp bổ sung');
    expect(docOf(sent.html)).toContain('✓ Đã nộp bổ sung');
  });
});

describe('the officer console', () => {
  let ids: Awaited<ReturnType<typeof seedQueue>>;
  let fresh: string;
  let s2: TestServer;
  const as = async (who: string, method: string, path: string, form?: Record<string, string | string[]>) => {
    const token = await s2.login(who);
    const headers: Record<string, string> = { cookie: `motcua_session=${token}` };
    let body: URLSearchParams | undefined;
    if (form) {
      body = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) body.append(k, x);
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const r = await s2.app.request(path, { method, headers, ...(body ? { body } : {}) });
    return { status: r.status, location: r.headers.get('location'), html: await r.text(), headers: r.headers };
  };

  beforeAll(async () => {
    s2 = await startTestServer();
    ids = await seedQueue(s2);
    s2.setTime(2025, 3, 3, 8, 30);
    const v = await s2.runtime.engine.createDraft({ procedureId: 'dang_ky_thuong_tru', channel: 'online', actor: CITIZEN });
    await s2.runtime.engine.updateForm(v.id, { address: OWNER_ADDRESS, housing: 'owner' }, CITIZEN);
    await s2.runtime.engine.act(v.id, 'submit', { actor: CITIZEN });
    fresh = v.id;
  }, 60_000);
  afterAll(async () => s2?.close());

  it('lists the agency\'s dossiers soonest due first, with their traffic lights', async () => {
    const r = await as('reception.cong_an_xa', 'GET', '/console');
    const rows = [...r.html.matchAll(/<tr class="(light-[a-z]+)" data-flags="([^"]*)"><td>[^]*?href="\/console\/dossiers\/([0-9a-f-]+)"/g)].map((m) => [m[3], m[1], m[2]]);
    expect(rows).toEqual([
      [ids.overdue, 'light-red', 'overdue sla_breached'],
      [ids.dueSoon, 'light-amber', 'due_soon'],
      [fresh, 'light-green', 'on_track'],
      [ids.waiting, 'light-grey', 'paused'], // waiting for the citizen's supplement
    ]);
    // Closed ones are left out by default, and shown on request.
    expect(r.html).not.toContain(ids.early);
    expect((await as('reception.cong_an_xa', 'GET', '/console?show=closed')).html).toContain(ids.early);
    // Filters: by state, by "my role's turn".
    const submitted = await as('reception.cong_an_xa', 'GET', '/console?state=submitted');
    expect(submitted.html).toContain(fresh);
    expect(submitted.html).not.toContain(ids.overdue);
    const leaderTurn = await as('leader.cong_an_xa', 'GET', '/console?mine=1');
    expect(leaderTurn.html).toContain(ids.dueSoon);
    expect(leaderTurn.html).not.toContain(fresh);
    // Another agency's queue does not have them.
    expect((await as('reception.so_tu_phap', 'GET', '/console')).html).not.toContain(fresh);
  });

  it('lists the dossiers waiting for reception (no due time yet) oldest first, as GET /api/queue does', async () => {
    const made: string[] = [fresh];
    for (const minute of [40, 45, 50]) {
      s2.setTime(2025, 3, 3, 8, minute);
      const v = await s2.runtime.engine.createDraft({ procedureId: 'dang_ky_thuong_tru', channel: 'online', actor: CITIZEN });
      await s2.runtime.engine.updateForm(v.id, { address: OWNER_ADDRESS, housing: 'owner' }, CITIZEN);
      await s2.runtime.engine.act(v.id, 'submit', { actor: CITIZEN });
      made.push(v.id);
    }
    const rowIds = (html: string) => [...html.matchAll(/href="\/console\/dossiers\/([0-9a-f-]+)"/g)].map((m) => m[1]);
    const waitingPage = (await as('reception.cong_an_xa', 'GET', '/console?state=submitted')).html;
    expect(rowIds(waitingPage)).toEqual(made);
    // Without a code yet, each is told apart by the end of its id (ids made in one minute share their start).
    const shown = [...waitingPage.matchAll(/<div class="small muted">([0-9a-f]{8})<\/div>/g)].map((m) => m[1]);
    expect(shown).toEqual(made.map((id) => id.slice(-8)));
    expect(new Set(shown).size).toBe(made.length);
    const token = await s2.login('reception.cong_an_xa');
    const api = (await (await s2.app.request('/api/queue?state=submitted', { headers: { authorization: `Bearer ${token}` } })).json()) as { items: Array<{ id: string }> };
    expect(api.items.map((i) => i.id)).toEqual(made);
    // The whole open queue: the due ones first, then these, in the same order.
    expect(rowIds((await as('reception.cong_an_xa', 'GET', '/console')).html).slice(-5)).toEqual([...made, ids.waiting].slice(-5));
    // Pages of 50 across the officers' work and the citizens' turn: every dossier once, in order.
    for (let i = 0; i < 52; i++) {
      s2.setTime(2025, 3, 3, 9, i);
      const v = await s2.runtime.engine.createDraft({ procedureId: 'dang_ky_thuong_tru', channel: 'online', actor: CITIZEN });
      await s2.runtime.engine.updateForm(v.id, { address: OWNER_ADDRESS, housing: 'owner' }, CITIZEN);
      await s2.runtime.engine.act(v.id, 'submit', { actor: CITIZEN });
      made.push(v.id);
    }
    const pages = await Promise.all([0, 50, 100].map(async (offset) => rowIds((await as('reception.cong_an_xa', 'GET', `/console?offset=${offset}`)).html)));
    expect(pages[0]).toHaveLength(50);
    const all = pages.flat();
    expect(all.length).toBeGreaterThan(made.length); // the due ones, these, the one waiting for the citizen
    expect(new Set(all).size).toBe(all.length);
    expect(all.slice(-made.length - 1)).toEqual([...made, ids.waiting]);
    expect(rowIds((await as('reception.cong_an_xa', 'GET', '/console?offset=200')).html)).toEqual([]);
    s2.setTime(2025, 3, 3, 8, 30);
  });

  it('offers the current step\'s actions with the inputs they need', async () => {
    const r = await as('reception.cong_an_xa', 'GET', `/console/dossiers/${fresh}`);
    expect(r.html).toContain(`action="/console/dossiers/${fresh}/actions/accept"`);
    const ask = /data-action="ask_supplement">[^]*?<\/form>/.exec(r.html)![0];
    expect(ask).toContain('name="missing" value="residence_proof"');
    expect(ask).not.toContain('value="ct01"'); // generated from the form: never missing
    const refuse = /data-action="refuse">[^]*?<\/form>/.exec(r.html)![0];
    expect(refuse).toContain('<textarea id="a-refuse-reason" name="reason">');
    // Not the specialist's step.
    expect((await as('specialist.cong_an_xa', 'GET', `/console/dossiers/${fresh}`)).html).not.toContain('/actions/accept');
  });

  it('shows engine refusals as Vietnamese alerts: fee unpaid, missing reason, stale revision', async () => {
    const unpaid = await as('reception.cong_an_xa', 'POST', `/console/dossiers/${fresh}/actions/accept`, {});
    expect(unpaid.status).toBe(422);
    expect(unpaid.html).toMatch(/role="alert"><strong>Chưa nộp đủ phí, lệ phí: cần 10\.000 ₫, đã nộp 0 ₫/);
    const noReason = await as('reception.cong_an_xa', 'POST', `/console/dossiers/${fresh}/actions/refuse`, { reason: '  ' });
    expect(noReason.status).toBe(422);
    expect(noReason.html).toContain('Chưa nhập lý do');
    const stale = await as('reception.cong_an_xa', 'POST', `/console/dossiers/${fresh}/actions/accept`, { revision: '0' });
    expect(stale.status).toBe(409);
    expect(stale.html).toContain('vừa được người khác cập nhật');
  });

  it('accepts a paid dossier, then offers the one-time extension until it is used', async () => {
    await s2.runtime.engine.recordPayment(fresh, { provider: 'embedded', reference: `PAID-${fresh}`, amount: 10_000 });
    const ok = await as('reception.cong_an_xa', 'POST', `/console/dossiers/${fresh}/actions/accept`, {});
    expect(ok.status).toBe(303);
    const after = await as('reception.cong_an_xa', 'GET', ok.location!);
    expect(after.html).toMatch(/Mã hồ sơ <strong>[^<]+-250303-\d{4}<\/strong>/);
    expect(after.html).toContain('12/03/2025 08:30'); // 7 working days
    expect(after.html).toContain(`action="/console/dossiers/${fresh}/extension"`);
    const bad = await as('reception.cong_an_xa', 'POST', `/console/dossiers/${fresh}/extension`, { reason: 'Chờ xác minh', newDueAt: 'ngày mai' });
    expect(bad.status).toBe(422);
    const extended = await as('reception.cong_an_xa', 'POST', `/console/dossiers/${fresh}/extension`, { reason: 'Chờ xác minh thực địa', newDueAt: '2025-03-14T16:00' });
    expect(extended.status).toBe(303);
    const page2 = await as('reception.cong_an_xa', 'GET', extended.location!);
    expect(page2.html).not.toContain(`action="/console/dossiers/${fresh}/extension"`);
    expect(page2.html).toContain('Đã hẹn lại ngày trả kết quả một lần');
    expect(page2.html).toContain('14/03/2025 16:00');
  });

  it('lets the officer download the attached file, and nobody else', async () => {
    s2.setTime(2025, 3, 3, 9);
    const v = await s2.runtime.engine.createDraft({ procedureId: 'dang_ky_thuong_tru', channel: 'online', actor: CITIZEN });
    await s2.runtime.engine.updateForm(v.id, { address: 'Số 99 Đường Không Có, phường Hồng Gai', housing: 'owner' }, CITIZEN);
    await s2.runtime.engine.attachDocument(v.id, 'residence_proof', { name: 'sổ đỏ.pdf', mime: 'application/pdf', bytes: PDF }, CITIZEN);
    await s2.runtime.engine.act(v.id, 'submit', { actor: CITIZEN });
    const view = await as('reception.cong_an_xa', 'GET', `/console/dossiers/${v.id}`);
    const href = /href="(\/console\/dossiers\/[^"]+\/files\/\d+)"/.exec(view.html)![1]!;
    const file = await as('reception.cong_an_xa', 'GET', href);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;.*filename\*=UTF-8''s%E1%BB%95%20%C4%91%E1%BB%8F\.pdf/);
    expect(file.html.startsWith('%PDF-1.4')).toBe(true);
    expect((await as('001190006789', 'GET', href.replace('/console/', '/portal/'))).status).toBe(404);
    expect((await as('reception.so_tu_phap', 'GET', href)).status).toBe(404);
  });

  it('shows the citizen what the agency asked for and lets them send it back', async () => {
    const r = await as(OWNER, 'GET', `/portal/dossiers/${ids.waiting}`);
    expect(r.html).toMatch(/Cơ quan yêu cầu bổ sung hồ sơ[^]*Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp[^]*Bổ sung bản sao sổ đỏ/);
    expect(r.html).toContain(`action="/portal/dossiers/${ids.waiting}/actions/resubmit"`);
    // The rules waive the document (the land registry knows the owner), but it was asked for: it can be sent.
    expect(r.html).toContain(`action="/portal/dossiers/${ids.waiting}/documents/residence_proof"`);
  });

  it('gives the dashboard to managers and leaders, agreeing with the statistics API', async () => {
    const r = await as('quanly', 'GET', '/dashboard?from=2025-02-01&to=2025-03-31');
    const row = /<tr data-key="dang_ky_thuong_tru">([^]*?)<\/tr>/.exec(r.html)![1]!;
    const token = await s2.login('quanly');
    const api = (await (await s2.app.request('/api/stats?from=2025-02-01&to=2025-03-31', { headers: { authorization: `Bearer ${token}` } })).json()) as { items: Array<{ key: string; received: number; early: number; on_time: number; late: number }> };
    const stats = api.items.find((i) => i.key === 'dang_ky_thuong_tru')!;
    expect(stats).toMatchObject({ early: 1, on_time: 0, late: 1 });
    expect(row).toContain(`<td class="num">${stats.received}</td>`);
    expect(row).toContain(`${stats.early} / ${stats.on_time} / ${stats.late}`);
    expect(row).toMatch(/<svg class="bar"[^]*fill="#2a9d3f"/); // the early share, drawn
    expect(r.html).toMatch(/id="near-deadline"[^]*light-red[^]*light-amber/);
  });
});

describe('the queue filtered by procedure', () => {
  // The commune police's queue with 1,100 overdue residence (tạm trú) dossiers and 100 waiting for
  // the citizen: every permanent residence (thường trú) dossier sorts after the first 1,000 of
  // its states, by due time or by id. Rows written straight into the table (made by the engine,
  // 1,200 dossiers would take minutes).
  const NOW = localDateTime(2025, 3, 3, 8, 0);
  const HOUR = 3_600_000;
  let s3: TestServer;
  const mk = (procedure_id: string, state: string, due_at: number | null, version: number): NewDossier => ({
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
    clock: encodeJson({ status: due_at === null ? (state === 'supplementing' ? 'paused' : 'not_started') : 'running' }),
    created_at: NOW - 30 * 24 * HOUR,
    updated_at: NOW - 30 * 24 * HOUR,
    outcome: null,
    state_due_at: null,
    prefilled: null,
    submitted_at: null,
    received_at: null,
    result_at: null,
    fee_total: null,
  });
  const byId = (a: NewDossier, b: NewDossier) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const byDue = (a: NewDossier, b: NewDossier) => (a.due_at === b.due_at ? byId(a, b) : a.due_at === null ? 1 : b.due_at === null ? -1 : a.due_at! - b.due_at!);
  let processing: NewDossier[];
  let submitted: NewDossier[];
  let supplementing: NewDossier[];
  let crowd: NewDossier[];

  beforeAll(async () => {
    s3 = await startTestServer();
    const db = s3.runtime.storage.db;
    const version = async (p: string) => (await db.selectFrom('definitions').select((eb) => eb.fn.max('version').as('v')).where('procedure_id', '=', p).executeTakeFirstOrThrow()).v as number;
    const tamTru = await version('dang_ky_tam_tru');
    const thuongTru = await version('dang_ky_thuong_tru');
    crowd = [
      ...Array.from({ length: 1100 }, (_, i) => mk('dang_ky_tam_tru', 'processing', NOW - 20 * 24 * HOUR + i * 60_000, tamTru)),
      ...Array.from({ length: 100 }, () => mk('dang_ky_tam_tru', 'supplementing', null, tamTru)),
    ];
    processing = Array.from({ length: 45 }, (_, i) => mk('dang_ky_thuong_tru', 'processing', NOW + 24 * HOUR + (i % 15) * HOUR, thuongTru)).sort(byDue);
    submitted = Array.from({ length: 15 }, () => mk('dang_ky_thuong_tru', 'submitted', null, thuongTru)).sort(byId);
    supplementing = Array.from({ length: 10 }, () => mk('dang_ky_thuong_tru', 'supplementing', null, thuongTru)).sort(byId);
    const rows = [...crowd, ...processing, ...submitted, ...supplementing];
    for (let i = 0; i < rows.length; i += 200) await db.insertInto('dossiers').values(rows.slice(i, i + 200)).execute();
  }, 60_000);
  afterAll(async () => s3?.close());

  it('GET /api/queue?procedure= lists every dossier of the procedure, soonest due first, page by page', async () => {
    const token = await s3.login('reception.cong_an_xa');
    const queue = async (q: string) => {
      const r = await s3.request('GET', `/api/queue?${q}`, { token });
      expect(r.status).toBe(200);
      return ((await r.json()) as { items: Array<{ id: string; procedure: string }> }).items;
    };
    const expected = [...processing, ...submitted, ...supplementing].sort(byDue).map((d) => d.id);
    const all = await queue('procedure=dang_ky_thuong_tru&limit=200');
    expect(all.map((i) => i.id)).toEqual(expected);
    expect(new Set(all.map((i) => i.procedure))).toEqual(new Set(['dang_ky_thuong_tru']));
    const pages: string[] = [];
    for (let offset = 0; offset <= expected.length; offset += 20) {
      const page = await queue(`procedure=dang_ky_thuong_tru&limit=20&offset=${offset}`);
      expect(page.length).toBe(Math.min(20, expected.length - offset));
      pages.push(...page.map((i) => i.id));
    }
    expect(pages).toEqual(expected);
    expect((await queue('procedure=dang_ky_thuong_tru&state=processing&limit=10&offset=40')).map((i) => i.id)).toEqual(processing.slice(40).map((d) => d.id));
    // The other procedure's, past its first 1,000.
    expect((await queue('procedure=dang_ky_tam_tru&limit=200&offset=1050')).map((i) => i.id)).toEqual([...crowd].sort(byDue).slice(1050, 1250).map((d) => d.id));
    expect(await queue('procedure=dang_ky_khai_sinh')).toEqual([]);
  });

  it('the console’s procedure filter lists every dossier of the procedure, the officers’ work first, in pages of 50', async () => {
    const cookie = `motcua_session=${await s3.login('reception.cong_an_xa')}`;
    const get = async (path: string) => {
      const r = await s3.app.request(path, { headers: { cookie } });
      expect(r.status).toBe(200);
      return r.text();
    };
    const rowIds = (html: string) => [...html.matchAll(/href="\/console\/dossiers\/([0-9a-f-]+)"/g)].map((m) => m[1]);
    // The officers' work (due ones, then those waiting for reception), then those waiting for the citizen.
    const expected = [...processing, ...submitted, ...supplementing].map((d) => d.id);
    const first = await get('/console?procedure=dang_ky_thuong_tru');
    expect(rowIds(first)).toEqual(expected.slice(0, 50));
    expect(first).toContain('offset=50');
    const second = await get('/console?procedure=dang_ky_thuong_tru&offset=50');
    expect(rowIds(second)).toEqual(expected.slice(50));
    expect(second).not.toContain('Trang sau');
    // An offset past the end of the officers' work: the rest of the citizens' turn.
    expect(rowIds(await get('/console?procedure=dang_ky_thuong_tru&offset=65'))).toEqual(expected.slice(65));
    expect(rowIds(await get('/console?procedure=dang_ky_thuong_tru&offset=100'))).toEqual([]);
    expect(rowIds(await get('/console?procedure=dang_ky_thuong_tru&state=submitted'))).toEqual(submitted.map((d) => d.id));
  });
});

describe('public verification', () => {
  it('says "Hợp lệ" for a signed result, and "Không hợp lệ" when it was altered or never issued', async () => {
    const id = await receivedDossier(s, [2025, 3, 4, 9]);
    s.setTime(2025, 3, 5, 9);
    await s.runtime.engine.act(id, 'propose', { actor: { id: 'specialist.cong_an_xa', role: 'specialist', agency: 'cong_an_xa' } });
    await s.runtime.engine.act(id, 'approve', { actor: { id: 'leader.cong_an_xa', role: 'leader', agency: 'cong_an_xa' } });
    const code = (await s.runtime.engine.view(id)).code!;
    const citizenPage = await page('GET', `/portal/dossiers/${id}`, { as: OWNER });
    expect(citizenPage.html).toMatch(/<svg[^>]*class="qr"/);
    expect(citizenPage.html).toContain(`/verify/${encodeURIComponent(code)}`);
    const ok = await page('GET', `/verify/${encodeURIComponent(code)}`);
    expect(ok.status).toBe(200);
    expect(ok.html).toMatch(/class="verdict valid"[^>]*>✓ Hợp lệ/);
    expect(ok.html).toContain(OWNER_ADDRESS);
    expect(ok.html).not.toContain(OWNER); // the personal id is masked on a public page
    // Someone edits the stored result (drops what it published): the signature no longer matches.
    const stored = await s.runtime.storage.db.selectFrom('results').select('data').where('dossier_id', '=', id).executeTakeFirstOrThrow();
    await s.runtime.storage.db.updateTable('results').set({ data: encodeJson({ ...(JSON.parse(stored.data) as object), published: [] }) }).where('dossier_id', '=', id).execute();
    const forged = await page('GET', `/verify/${encodeURIComponent(code)}`);
    expect(forged.html).toMatch(/class="verdict invalid"[^>]*>✗ Không hợp lệ/);
    // The verification page says the published data in words, but only the ends of personal ids.
    const ubnd = (role: 'reception' | 'specialist' | 'leader'): Actor => ({ id: `${role}.ubnd_xa`, role, agency: 'ubnd_xa' });
    s.setTime(2025, 9, 8, 9);
    const groom: Actor = { id: '001095700011', role: 'citizen' };
    const marriage = await s.runtime.engine.createDraft({ procedureId: 'dang_ky_ket_hon', channel: 'online', actor: groom });
    await s.runtime.engine.updateForm(marriage.id, { 'partner.personal_id': '001197700012', venue: 'applicant_home', voluntary: true }, groom);
    for (const [step, actor] of [['submit', groom], ['accept', ubnd('reception')], ['record', ubnd('specialist')], ['sign', ubnd('leader')]] as const) await s.runtime.engine.act(marriage.id, step, { actor });
    const married = await page('GET', `/verify/${encodeURIComponent((await s.runtime.engine.view(marriage.id)).code!)}`);
    expect(married.html).toMatch(/class="verdict valid"/);
    expect(married.html).toContain('Số định danh cá nhân của vợ/chồng');
    expect(married.html).toContain('001••••••012');
    expect(married.html).not.toContain('001197700012');
    const son: Actor = { id: '001178700025', role: 'citizen' };
    const death = await s.runtime.engine.createDraft({ procedureId: 'dang_ky_khai_tu', channel: 'online', actor: son });
    await s.runtime.engine.updateForm(death.id, { relation: 'child', 'deceased.personal_id': '001050700024', 'deceased.death_date': '2025-09-01', 'deceased.death_place': 'Trạm y tế phường', death_proof: 'medical' }, son);
    await s.runtime.engine.attachDocument(death.id, 'death_notice', { name: 'giay-bao-tu.pdf', mime: 'application/pdf', bytes: PDF }, son);
    for (const [step, actor] of [['submit', son], ['accept', ubnd('reception')], ['record', ubnd('specialist')], ['sign', ubnd('leader')]] as const) await s.runtime.engine.act(death.id, step, { actor });
    const deathCode = encodeURIComponent((await s.runtime.engine.view(death.id)).code!);
    const died = await page('GET', `/verify/${deathCode}`);
    expect(died.html).toMatch(/<dd>01\/09\/2025 <span class="small muted">/);
    expect(died.html).not.toContain('2025-09-01');
    expect((await page('GET', `/portal/dossiers/${death.id}`, { as: son.id })).html).toMatch(/<dd>01\/09\/2025 <span class="small muted">/);
    const unknown = await page('GET', '/verify/000.00.00.H00-990101-0001');
    expect(unknown.status).toBe(404);
    expect(unknown.html).toContain('Không có hồ sơ với mã này');
  });
});
