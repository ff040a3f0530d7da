// The embedded gateway's page and its confirmation. What is paid (dossier and amount) is bound to
// the reference when the payment starts: the page shows it from there — never from the query
// string — and the confirmation records it from there; a changed amount or dossier is refused and
// changes nothing. The page says what is paid (procedure, dossier, amount in đồng), in Vietnamese
// first and English with ?lang=en, and leads back to the dossier.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness.ts';
import { EmbeddedGateway } from './gateway.ts';

const OWNER = '001099012345';
const FEE = 10_000;
let s: TestServer;
let citizen: string;

beforeAll(async () => {
  s = await startTestServer();
  s.setTime(2025, 1, 24, 9);
  citizen = await s.login(OWNER);
});
afterAll(async () => s?.close());

/** A draft of dang_ky_thuong_tru whose fee is 10,000 đồng. */
async function dossierWithFee(): Promise<string> {
  const created = await s.request('POST', '/api/dossiers', { token: citizen, json: { procedureId: 'dang_ky_thuong_tru', channel: 'online' } });
  const { id } = (await created.json()) as { id: string };
  const patched = await s.request('PATCH', `/api/dossiers/${id}/form`, { token: citizen, json: { values: { address: 'Số 5 Lê Lợi, phường Hồng Gai', housing: 'owner' } } });
  expect(patched.status).toBe(200);
  return id;
}

async function start(id: string): Promise<{ url: string; reference: string; amount: number; path: string }> {
  const r = await s.request('POST', `/api/dossiers/${id}/payments`, { token: citizen });
  expect(r.status).toBe(201);
  const started = (await r.json()) as { url: string; reference: string; amount: number };
  expect(started.amount).toBe(FEE);
  return { ...started, path: new URL(started.url, 'http://x').pathname };
}

const confirm = (path: string, form: Record<string, string> = {}) =>
  s.request('POST', path, { body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });

async function payments(id: string): Promise<Array<{ reference: string; amount: number }>> {
  const rows = await s.runtime.storage.db.selectFrom('payments').select(['reference', 'amount']).where('dossier_id', '=', id).execute();
  return rows.map((r) => ({ reference: r.reference, amount: Number(r.amount) }));
}
const paidTotal = async (id: string) => (await payments(id)).reduce((sum, p) => sum + p.amount, 0);

describe("the embedded gateway's confirmation", () => {
  it('never records a tampered amount: refused, the paid total unchanged; the started amount is what gets recorded', async () => {
    const id = await dossierWithFee();
    const other = await dossierWithFee();
    const started = await start(id);
    const tamperings: Array<Record<string, string>> = [{ dossier: id, amount: '1' }, { amount: '999999' }, { dossier: id, amount: String(FEE + 1) }, { dossier: other, amount: String(FEE) }];
    for (const form of tamperings) {
      const r = await confirm(started.path, form);
      const recorded = await payments(id);
      // Refused (4xx) — or, were it accepted, recorded with the started amount only.
      if (r.status >= 400 && r.status < 500) expect(recorded, JSON.stringify(form)).toEqual([]);
      else expect(recorded, `${JSON.stringify(form)} answered ${r.status}`).toEqual([{ reference: started.reference, amount: FEE }]);
      expect(await paidTotal(other)).toBe(0);
    }
    expect(await paidTotal(id)).toBeLessThanOrEqual(FEE);

    const tampered = await confirm(started.path, { dossier: id, amount: '1' });
    expect(tampered.status).toBe(400);
    expect(await tampered.text()).toContain('10.000 đồng');

    // The page's own form posts nothing but the reference: the started amount is recorded, once.
    const ok = await confirm(started.path);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/portal/dossiers/${id}?paid=1`);
    expect(await payments(id)).toEqual([{ reference: started.reference, amount: FEE }]);
    expect((await confirm(started.path)).status).toBe(303); // idempotent
    expect((await confirm(started.path, { dossier: id, amount: '1' })).status).toBe(400);
    expect(await paidTotal(id)).toBe(FEE);
  });

  it('refuses a reference that was not started or was altered, recording nothing', async () => {
    const id = await dossierWithFee();
    const started = await start(id);
    const other = await dossierWithFee();
    const m = /^(EMB-[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+~)(\d+)$/.exec(started.reference);
    expect(m, started.reference).not.toBeNull();
    for (const path of [
      `/pay/${id}/${m![1]}1`, // the amount inside the reference changed
      `/pay/${other}/${started.reference}`, // another dossier
      `/pay/${id}/EMB-bia-dat`, // invented
      `/pay/${id}/${started.reference}x`,
      `/pay/${encodeURIComponent(started.reference)}`, // the earlier form of link
    ]) {
      const r = await confirm(path, { dossier: id, amount: '1' });
      expect(r.status, path).toBe(404);
      expect((await s.request('GET', `${path}?dossier=${id}&amount=${FEE}`)).status, path).toBe(404);
    }
    expect(await payments(id)).toEqual([]);
    expect(await payments(other)).toEqual([]);
  });

  it('the signed callback carries the amount bound at start; another amount gets no signature', async () => {
    const id = await dossierWithFee();
    const started = await start(id);
    const gateway = new EmbeddedGateway(s.runtime.secret);
    expect(gateway.started(started.reference, id)).toEqual({ reference: started.reference, dossierId: id, amount: FEE });
    expect(gateway.started(started.reference, await dossierWithFee())).toBeUndefined();
    const signed = gateway.callbackFor({ reference: started.reference, dossierId: id, status: 'paid' });
    expect(signed).toMatchObject({ dossierId: id, amount: FEE });
    expect(gateway.verify(signed)).toBe(true);
    expect(gateway.callbackFor({ reference: started.reference, dossierId: id, amount: 1, status: 'paid' }).signature).toBe('');
    const changed = await s.request('POST', '/api/payments/callback', { json: { ...signed, amount: 1 } });
    expect(changed.status).toBe(401);
    // Nor can a valid signature be had for an amount other than the reference's.
    expect(gateway.verify({ ...signed, amount: 1, signature: gateway.callbackFor({ reference: started.reference, dossierId: id, status: 'paid', amount: 1 }).signature || 'x' })).toBe(false);
    expect(await payments(id)).toEqual([]);
    const r = await s.request('POST', '/api/payments/callback', { json: signed });
    expect(r.status).toBe(200);
    expect((await s.request('POST', '/api/payments/callback', { json: signed })).status).toBe(200);
    expect(await payments(id)).toEqual([{ reference: started.reference, amount: FEE }]);
  });
});

describe("the embedded gateway's page", () => {
  it('shows what is paid from the started payment, not from the query string, in Vietnamese with a way back to the dossier', async () => {
    const id = await dossierWithFee();
    const started = await start(id);
    expect(started.url).toBe(`/pay/${id}/${started.reference}`); // no query string to alter
    // Short enough for the dossier page to show on a phone without a long unbreakable run.
    expect(started.reference.length).toBeLessThanOrEqual(50);
    const title = s.runtime.catalog.find((e) => e.id === 'dang_ky_thuong_tru')!.title;
    const r = await s.request('GET', `${started.path}?dossier=khac&amount=1`, { token: citizen });
    expect(r.status).toBe(200);
    const page = await r.text();
    expect(page).toContain('<html lang="vi">');
    expect(page).toContain('Cổng thanh toán (mô phỏng)');
    expect(page).toContain(title);
    expect(page).toContain('10.000 đồng');
    expect(page).not.toMatch(/>1 (₫|đồng)/);
    expect(page).toContain(`href="/portal/dossiers/${id}"`);
    expect(page).toContain('Quay lại hồ sơ');
    expect(page).toContain('hreflang="en"');
    // The form sends nothing that could name another amount or dossier.
    const form = /<form method="post"[^>]*>([\s\S]*?)<\/form>/.exec(page);
    expect(form).not.toBeNull();
    expect(form![1]).not.toMatch(/name="(amount|dossier)"/);
    // The provider's page, not the portal's: no account bar, so its only button is the confirmation.
    expect(page.match(/<button[^>]*>[^<]*/g)).toEqual([expect.stringContaining('Xác nhận thanh toán 10.000 đồng')]);
  });

  it('in English with ?lang=en, and says when the payment is already made', async () => {
    const id = await dossierWithFee();
    const started = await start(id);
    const en = await (await s.request('GET', `${started.path}?lang=en`)).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Payment gateway (simulated)');
    expect(en).toContain('Confirm the payment of 10.000 đồng');
    expect(en).toContain('Back to the dossier');
    expect(en).not.toContain('Xác nhận thanh toán');
    expect((await confirm(started.path)).status).toBe(303);
    const after = await (await s.request('GET', started.path)).text();
    expect(after).toContain('Giao dịch này đã được thanh toán.');
    expect(after).not.toContain('<form method="post" action="/pay/');
  });
});
