// A procedure's own English texts on the English pages and in the API: the permanent residence
// registration published again without any English (version 2), then with English companions of
// its texts set by the test (version 3, testing/english-ir.ts), which the catalog serves beside
// the other procedures stripped of any English their files give. The English pages show them — titles, form labels,
// help, options, groups, sources, documents, fees, steps, actions, results, agencies — the
// Vietnamese pages do not; a text the procedure leaves without English, and a procedure (or a
// version) with none, shows in Vietnamese on the English pages, never blank. The API carries
// `titleEn`/`labelEn` beside `title`/`label` when the procedure gives one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcedureIR } from '@motcua/dsl';
import { createApp } from '../app.ts';
import type { CatalogEntry } from '../runtime/catalog.ts';
import { withoutEnglish } from '@motcua/dsl/testing';
import { residenceInEnglish, RESIDENCE_EN as E } from '../testing/english-ir.ts';
import { startTestServer, type TestServer } from '../testing/harness.ts';
import { CITIZEN, decide, OWNER, OWNER_ADDRESS, RECEPTION, SPECIALIST } from './fixtures.ts';

type Page = { status: number; location: string | null; html: string };
type App = ReturnType<typeof createApp>['app'];

describe('a procedure’s English texts', () => {
  let s: TestServer;
  let app: App;
  /** The catalog's procedures without English, and an app serving them. */
  let stripped: CatalogEntry[];
  let strippedApp: App;
  /** The procedure published without English. */
  let plain: ProcedureIR;
  /** The next version, with English: the catalog's and the one new dossiers are made with. */
  let ir: ProcedureIR;

  const page = async (who: string | undefined, method: string, path: string, options: { lang?: 'en'; form?: Record<string, string | string[]>; on?: App } = {}): Promise<Page> => {
    // Signed in afresh each time: tokens expire with the virtual clock, which the tests move on.
    const token = who ? await s.login(who) : undefined;
    const cookies = [token ? `motcua_session=${token}` : '', `motcua_lang=${options.lang ?? 'vi'}`].filter(Boolean).join('; ');
    const headers: Record<string, string> = { cookie: cookies };
    let body: URLSearchParams | undefined;
    if (options.form) {
      body = new URLSearchParams();
      for (const [k, v] of Object.entries(options.form)) for (const x of [v].flat()) body.append(k, x);
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const r = await (options.on ?? app).request(path, { method, headers, ...(body ? { body } : {}) });
    return { status: r.status, location: r.headers.get('location'), html: await r.text() };
  };
  const api = async <T>(who: string, method: string, path: string, json?: unknown): Promise<T> => {
    const token = await s.login(who);
    const r = await app.request(path, { method, headers: { authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}) }, ...(json ? { body: JSON.stringify(json) } : {}) });
    expect(r.status, `${method} ${path}`).toBeLessThan(300);
    return (await r.json()) as T;
  };

  /** The label of a form field as the page shows it. */
  const fieldLabel = (html: string, path: string) => new RegExp(`data-path="${path.replace(/\./g, '\\.')}"[^>]*>\\s*<label[^>]*>([^<]*)`).exec(html)?.[1]?.trim();
  /** The name of a document in the checklist. */
  const docLabel = (html: string, id: string) => new RegExp(`<li id="doc-${id}"><div class="spread"><strong>([^<]*)</strong>`).exec(html)?.[1];
  const section = (html: string, id: string) => {
    const start = html.indexOf(`id="${id}"`);
    expect(start, id).toBeGreaterThan(-1);
    return html.slice(start, html.indexOf('</section>', start));
  };
  const label = (ofIr: ProcedureIR, kind: 'document' | 'field', id: string) =>
    kind === 'document' ? ofIr.documents.find((d) => d.id === id)!.label : ofIr.form.fields.find((f) => f.path === id)!.label;

  /** A dossier of version 2 filled, paid, submitted and accepted: at the specialist's review. */
  const received = async (): Promise<string> => {
    const { engine } = s.runtime;
    const v = await engine.createDraft({ procedureId: 'dang_ky_thuong_tru', channel: 'online', actor: CITIZEN });
    expect(v.version).toBe(ir.version);
    await engine.updateForm(v.id, { address: OWNER_ADDRESS, housing: 'owner' }, CITIZEN);
    await engine.recordPayment(v.id, { provider: 'embedded', reference: `EN-${v.id}`, amount: 10_000 });
    await engine.act(v.id, 'submit', { actor: CITIZEN });
    await engine.act(v.id, 'accept', { actor: RECEPTION });
    return v.id;
  };

  beforeAll(async () => {
    s = await startTestServer();
    s.setTime(2025, 3, 3, 8, 30);
    stripped = s.runtime.catalog.map((e) => ({ ...e, ir: withoutEnglish(e.ir) }));
    const entry = stripped.find((e) => e.id === 'dang_ky_thuong_tru')!;
    plain = { ...entry.ir, version: entry.version + 1 };
    ir = residenceInEnglish(plain, entry.version + 2);
    await s.runtime.engine.publish(plain);
    await s.runtime.engine.publish(ir);
    const catalog = stripped.map((e) => (e.id === ir.id ? { ...e, version: ir.version, ir } : e));
    app = createApp({ ...s.runtime, catalog }, { log: () => {} }).app;
    strippedApp = createApp({ ...s.runtime, catalog: stripped }, { log: () => {} }).app;
  }, 60_000);
  afterAll(async () => s?.close());

  it('names the procedures of the catalog in English when they give it, else in Vietnamese', async () => {
    const other = stripped.find((e) => e.id === 'dang_ky_tam_tru')!;
    expect(other.ir.titleEn).toBeUndefined();
    const en = (await page(undefined, 'GET', '/portal', { lang: 'en' })).html;
    expect(en).toContain(`<a href="/portal/procedures/dang_ky_thuong_tru"><strong>${E.title}</strong></a>`);
    expect(en).not.toContain(`<strong>${plain.title}</strong>`);
    expect(en).toContain(`<a href="/portal/procedures/dang_ky_tam_tru"><strong>${other.title}</strong></a>`);
    // The agency as this procedure names it in English (another procedure of the agency gives none).
    expect(en).toMatch(new RegExp(`dang_ky_thuong_tru"><strong>[^<]*</strong></a>\\n<div class="meta">Code ${plain.code.replace(/\./g, '\\.')} · ${E.agencies['cong_an_xa']}`));
    const vi = (await page(undefined, 'GET', '/portal')).html;
    expect(vi).toContain(`<strong>${plain.title}</strong>`);
    expect(vi).not.toContain(E.title);
    expect(vi).not.toContain(E.agencies['cong_an_xa']);
    // Found by its English title too.
    expect((await page(undefined, 'GET', '/portal?q=permanent%20residence', { lang: 'en' })).html).toContain('href="/portal/procedures/dang_ky_thuong_tru"');
  });

  it('shows the procedure’s page in English around the national card, which stays Vietnamese', async () => {
    const en = (await page(undefined, 'GET', '/portal/procedures/dang_ky_thuong_tru', { lang: 'en' })).html;
    expect(en).toContain(`<title>${E.title} — One-stop</title>`);
    const overview = section(en, 'in-english');
    expect(overview).toContain(`<h1>${E.title}</h1>`);
    expect(overview).toContain(E.documents['residence_proof']);
    expect(overview).toContain(label(plain, 'document', 'floor_area_proof')); // no English: in Vietnamese
    expect(overview).toContain(E.fees['registration']);
    expect(overview).toContain(E.states['processing']);
    expect(overview).toContain(E.agencies['cong_an_xa']);
    // The public card itself: Vietnamese, as the national portal publishes it.
    expect(en).toContain(`<div class="card procedure-card"><h1>${plain.title}</h1>`);
    const vi = (await page(undefined, 'GET', '/portal/procedures/dang_ky_thuong_tru')).html;
    expect(vi).toContain(`<title>${plain.title} — Một cửa</title>`);
    expect(vi).not.toContain('id="in-english"');
    for (const text of [E.title, E.documents['residence_proof']!, E.fees['registration']!]) expect(vi).not.toContain(text);
  });

  it('shows the form, the documents, the fee and the steps in the procedure’s English; what it leaves untranslated in Vietnamese', async () => {
    const created = await page(OWNER, 'POST', '/portal/dossiers', { lang: 'en', form: { procedureId: 'dang_ky_thuong_tru', channel: 'online' } });
    expect(created.status).toBe(303);
    const path = created.location!.replace(/\?.*$/, '');
    const en = (await page(OWNER, 'GET', path, { lang: 'en' })).html;
    expect(en).toContain(`<title>${E.title} — One-stop</title>`);
    expect(en).toContain(`<h1>${E.title}</h1>`);
    expect(en).toMatch(new RegExp(`<span class="badge state"[^>]*>${E.states['draft']}</span>`));
    // The form: labels, help, options, the group, the source of a prefilled value.
    const form = section(en, 'form');
    expect(fieldLabel(form, 'applicant.full_name')).toBe(E.fields['applicant.full_name']);
    expect(fieldLabel(form, 'housing')).toBe(E.fields['housing']);
    expect(fieldLabel(form, 'applicant.email')).toBe(label(plain, 'field', 'applicant.email'));
    expect(form).toContain(`<div class="help" id="f-housing-help">${E.help['housing']}</div>`);
    expect(form).toContain(`<option value="owner">${E.options['housing']!['owner']}</option>`);
    expect(form).toContain(`<legend>${E.groups['applicant']}</legend>`);
    expect(form).toMatch(new RegExp(`data-path="applicant\\.full_name"[^]*?From ${E.sources['population']}</span>`));
    // The choice of a locked, prefilled field in words: its English option.
    expect(form).toMatch(new RegExp(`data-path="applicant\\.gender"[^]*?class="readonly"[^>]*>(${E.options['applicant.gender']!['nam']}|${E.options['applicant.gender']!['nu']})</div>`));
    // The documents, the fee, the step.
    const docs = section(en, 'documents');
    expect(docLabel(docs, 'ct01')).toBe(E.documents['ct01']);
    expect(docLabel(docs, 'residence_proof')).toBe(E.documents['residence_proof']);
    expect(docLabel(docs, 'floor_area_proof')).toBe(label(plain, 'document', 'floor_area_proof'));
    expect(section(en, 'fees')).toContain(`<strong>${E.fees['registration']}</strong>`);
    expect(section(en, 'submit')).toMatch(new RegExp(`<button type="submit" class="full">${E.transitions['submit']}</button>`));

    const vi = (await page(OWNER, 'GET', path)).html;
    expect(vi).toContain(`<h1>${plain.title}</h1>`);
    expect(fieldLabel(vi, 'applicant.full_name')).toBe(label(plain, 'field', 'applicant.full_name'));
    expect(docLabel(vi, 'residence_proof')).toBe(label(plain, 'document', 'residence_proof'));
    for (const text of [E.title, E.fields['applicant.full_name']!, E.help['housing']!, E.options['housing']!['owner']!, E.groups['applicant']!, E.sources['population']!, E.documents['ct01']!, E.fees['registration']!, E.transitions['submit']!, E.states['draft']!]) {
      expect(vi).not.toContain(text);
    }
  });

  it('shows the payment page with the English title', async () => {
    const created = await page(OWNER, 'POST', '/portal/dossiers', { lang: 'en', form: { procedureId: 'dang_ky_thuong_tru', channel: 'online' } });
    const path = created.location!.replace(/\?.*$/, '');
    const pay = await page(OWNER, 'POST', `${path}/pay`, { lang: 'en', form: { revision: '0' } });
    expect(pay.status).toBe(303);
    const gateway = new URL(pay.location!, 'http://x');
    const en = (await page(OWNER, 'GET', gateway.pathname, { lang: 'en' })).html;
    expect(en).toContain(`<dt>Procedure</dt><dd>${E.title}</dd>`);
    expect(en).toContain(`<dd>${E.agencies['cong_an_xa']}</dd>`);
    expect((await page(OWNER, 'GET', gateway.pathname)).html).toContain(`<dt>Thủ tục</dt><dd>${plain.title}</dd>`);
  });

  it('tracks the dossier in English: the supplement asked for, the timeline’s steps, states and documents', async () => {
    const id = await received();
    s.setTime(2025, 3, 3, 9);
    await s.runtime.engine.act(id, 'ask_supplement', { actor: SPECIALIST, inputs: { missing: ['residence_proof', 'floor_area_proof'], note: 'Bổ sung' } });
    const en = (await page(OWNER, 'GET', `/portal/dossiers/${id}`, { lang: 'en' })).html;
    expect(en).toMatch(new RegExp(`<span class="badge state"[^>]*>${E.states['supplementing']}</span>`));
    expect(en).toContain(`<ul><li>${E.documents['residence_proof']}</li><li>${label(plain, 'document', 'floor_area_proof')}</li></ul>`);
    expect(en).toContain(`The agency is waiting for: ${E.documents['residence_proof']}; ${label(plain, 'document', 'floor_area_proof')}`);
    const timeline = section(en.replace('<details class="card" id="timeline">', '<section id="timeline">'), 'timeline');
    expect(timeline).toContain(`<strong>${E.transitions['submit']}</strong>: ${E.states['draft']} → ${E.states['submitted']}`);
    expect(timeline).toContain(`<strong>${E.transitions['ask_supplement']}</strong>: ${E.states['processing']} → ${E.states['supplementing']}`);
    expect(timeline).toContain(`Supplement requested: ${E.documents['residence_proof']}; ${label(plain, 'document', 'floor_area_proof')}`);
    // The step just taken, said back.
    const done = (await page(OWNER, 'GET', `/portal/dossiers/${id}?done=resubmit`, { lang: 'en' })).html;
    expect(done).toContain(`Done: «${E.transitions['resubmit']}».`);
    expect(done).toContain(`The dossier is now at «${E.states['supplementing']}».`);
    const vi = (await page(OWNER, 'GET', `/portal/dossiers/${id}`)).html;
    expect(vi).toContain(`<ul><li>${label(plain, 'document', 'residence_proof')}</li>`);
    for (const text of [E.states['supplementing']!, E.documents['residence_proof']!, E.transitions['submit']!]) expect(vi).not.toContain(text);
    // My dossiers: the title and the state.
    const mine = (await page(OWNER, 'GET', '/portal/dossiers', { lang: 'en' })).html;
    expect(mine).toContain(`<a href="/portal/dossiers/${id}"><strong>${E.title}</strong></a><span class="badge state"${' style="white-space:normal"'}>${E.states['supplementing']}</span>`);
  });

  it('names the sources read and their data in English on “who read my data”', async () => {
    const id = await received();
    const en = (await page(OWNER, 'GET', '/portal/me/access-log', { lang: 'en' })).html;
    expect(en).toContain(`read <strong>${E.sources['population']}</strong>`);
    expect(en).toMatch(new RegExp(`Data: [^<]*${E.sourceFields['population.full_name']}`));
    expect(en).toContain(`<a href="/portal/dossiers/${id}">${E.title}`);
    const vi = (await page(OWNER, 'GET', '/portal/me/access-log')).html;
    const population = plain.sources.find((x) => x.id === 'population')!.label;
    expect(vi).toContain(`<strong>${population}</strong>`);
    for (const text of [E.sources['population']!, E.title]) expect(vi).not.toContain(text);
  });

  it('shows the result, its published data and the verification page in English', async () => {
    const id = await received();
    await decide(s, id, [2025, 3, 4, 9]);
    const en = (await page(OWNER, 'GET', `/portal/dossiers/${id}`, { lang: 'en' })).html;
    const result = section(en, 'result');
    expect(result).toContain(`<h3>${E.results['confirmation']}</h3>`);
    expect(result).toContain(`<dt>${E.sourceFields['residence.permanent_address']}</dt>`);
    expect(result).toContain(`(recorded in ${E.sources['residence']})`);
    expect(en).toMatch(new RegExp(`<span class="badge done"[^>]*>${E.states['done']}</span>`));
    expect(section(en, 'timeline')).toContain(`Result issued «${E.results['confirmation']}»`);
    const code = (await s.runtime.engine.view(id)).code!;
    const verify = (await page(undefined, 'GET', `/verify/${encodeURIComponent(code)}`, { lang: 'en' })).html;
    expect(verify).toContain(`<h2>${E.results['confirmation']}</h2>`);
    expect(verify).toContain(`<dt>Procedure</dt><dd>${E.title} `);
    expect(verify).toContain(`<dt>Agency</dt><dd>${E.agencies['cong_an_xa']}</dd>`);
    expect(verify).toContain(`<dt>${E.sourceFields['residence.permanent_address']}</dt>`);
    const vi = (await page(undefined, 'GET', `/verify/${encodeURIComponent(code)}`)).html;
    expect(vi).toContain(`<h2>${plain.results[0]!.label}</h2>`);
    expect(vi).not.toContain(E.results['confirmation']);
  });

  it('shows the console’s queue and filters with the procedure’s English titles and steps', async () => {
    const id = await received();
    const en = (await page('specialist.cong_an_xa', 'GET', '/console?procedure=dang_ky_thuong_tru', { lang: 'en' })).html;
    const row = new RegExp(`href="/console/dossiers/${id}"[^]*?</tr>`).exec(en)![0];
    expect(row).toContain(`<td>${E.title}<div class="small muted">`);
    expect(row).toContain(`<td data-label="Step">${E.states['processing']}<div`);
    const options = (name: string, html: string) => new Map([...new RegExp(`<select id="f-${name}"[^]*?</select>`).exec(html)![0].matchAll(/<option value="([^"]*)"[^>]*>([^<]*)</g)].map((m) => [m[1]!, m[2]!]));
    expect(options('state', en).get('processing')).toBe(E.states['processing']);
    expect(options('procedure', en).get('dang_ky_thuong_tru')).toBe(E.title);
    // Another procedure of the agency, without English: in Vietnamese.
    const other = stripped.find((e) => e.id === 'dang_ky_tam_tru')!;
    expect(options('procedure', en).get('dang_ky_tam_tru')).toBe(other.title);
    const vi = (await page('specialist.cong_an_xa', 'GET', '/console?procedure=dang_ky_thuong_tru')).html;
    expect(options('state', vi).get('processing')).toBe(plain.workflow.states.find((st) => st.id === 'processing')!.label);
    expect(vi).not.toContain(E.title);
  });

  it('shows the console’s dossier, its actions and the supplement checklist in English', async () => {
    const id = await received();
    const en = (await page('specialist.cong_an_xa', 'GET', `/console/dossiers/${id}?done=accept`, { lang: 'en' })).html;
    expect(en).toContain(`<h1>${E.title}</h1>`);
    expect(en).toMatch(new RegExp(`<span class="badge state"[^>]*>${E.states['processing']}</span>`));
    expect(en).toContain(`Done: «${E.transitions['accept']}».`);
    const actions = section(en, 'actions');
    expect(actions).toContain(`<h3>${E.transitions['propose']}</h3><p class="meta">Moves to: ${E.states['approval']}</p>`);
    expect(actions).toContain(`<button type="submit" class="">${E.transitions['propose']}</button>`);
    const ask = /<form[^>]*data-action="ask_supplement"[^]*?<\/form>/.exec(actions)![0];
    expect(ask).toMatch(new RegExp(`value="residence_proof"( checked)?>${E.documents['residence_proof']}</label>`));
    expect(ask).toMatch(new RegExp(`value="floor_area_proof"( checked)?>${label(plain, 'document', 'floor_area_proof')}</label>`));
    expect(section(en, 'timeline')).toContain(`<strong>${E.transitions['accept']}</strong>: ${E.states['submitted']} → ${E.states['processing']}`);
    expect(section(en, 'form')).toContain(`<dt>${E.fields['housing']}</dt><dd>${E.options['housing']!['owner']}</dd>`);
    expect(docLabel(section(en, 'documents'), 'residence_proof')).toBe(E.documents['residence_proof']);
    expect(section(en, 'fees')).toContain(`<strong>${E.fees['registration']}</strong>`);
    const vi = (await page('specialist.cong_an_xa', 'GET', `/console/dossiers/${id}`)).html;
    expect(vi).toContain(`<h1>${plain.title}</h1>`);
    for (const text of [E.title, E.transitions['propose']!, E.states['approval']!, E.documents['residence_proof']!, E.fields['housing']!]) expect(vi).not.toContain(text);
  });

  it('names procedures and agencies in English on the dashboard', async () => {
    const id = await received();
    await decide(s, id, [2025, 3, 4, 10]);
    const en = (await page('quanly', 'GET', '/dashboard?from=2025-01-01&to=2025-12-31', { lang: 'en' })).html;
    expect(section(en, 'by-procedure')).toContain(`<tr data-key="dang_ky_thuong_tru"><td><strong>${E.title}</strong></td>`);
    expect(section(en, 'by-agency')).toContain(`<tr data-key="cong_an_xa"><td><strong>${E.agencies['cong_an_xa']}</strong></td>`);
    expect(en).toContain(`<option value="cong_an_xa">${E.agencies['cong_an_xa']}</option>`);
    const vi = (await page('quanly', 'GET', '/dashboard?from=2025-01-01&to=2025-12-31')).html;
    expect(section(vi, 'by-procedure')).toContain(`<tr data-key="dang_ky_thuong_tru"><td><strong>${plain.title}</strong></td>`);
    expect(vi).not.toContain(E.agencies['cong_an_xa']);
  });

  it('carries titleEn and labelEn beside the title and labels in the API, only when the procedure gives them', async () => {
    const catalog = await api<Array<{ id: string; title: string; titleEn?: string }>>(OWNER, 'GET', '/api/procedures');
    expect(catalog.find((e) => e.id === 'dang_ky_thuong_tru')).toMatchObject({ title: plain.title, titleEn: E.title });
    expect(catalog.find((e) => e.id === 'dang_ky_tam_tru')).not.toHaveProperty('titleEn');
    const docs = await api<Array<{ id: string; label: string; labelEn?: string }>>(OWNER, 'GET', '/api/procedures/dang_ky_thuong_tru/documents');
    expect(docs.find((d) => d.id === 'residence_proof')).toMatchObject({ label: label(plain, 'document', 'residence_proof'), labelEn: E.documents['residence_proof'] });
    expect(docs.find((d) => d.id === 'floor_area_proof')).not.toHaveProperty('labelEn');
    expect((await api<ProcedureIR>(OWNER, 'GET', '/api/procedures/dang_ky_thuong_tru')).titleEn).toBe(E.title);

    type View = { id: string; title: string; titleEn?: string; state: { label: string; labelEn?: string }; actions: Array<{ id: string; label: string; labelEn?: string }> };
    const created = await api<View>(OWNER, 'POST', '/api/dossiers', { procedureId: 'dang_ky_thuong_tru' });
    expect(created).toMatchObject({ titleEn: E.title, state: { labelEn: E.states['draft'] } });
    expect(created.actions).toEqual([expect.objectContaining({ id: 'submit', labelEn: E.transitions['submit'] })]);
    const view = await api<View>(OWNER, 'GET', `/api/dossiers/${created.id}`);
    expect(view).toMatchObject({ title: plain.title, titleEn: E.title, state: { labelEn: E.states['draft'] } });
    const patched = await api<View>(OWNER, 'PATCH', `/api/dossiers/${created.id}/form`, { values: { address: OWNER_ADDRESS } });
    expect(patched.titleEn).toBe(E.title);
    const assessment = await api<{ fees: { fees: Array<{ id: string; labelEn?: string }> }; documents: Array<{ id: string; labelEn?: string }>; missing: Array<{ id: string; labelEn?: string }> }>(OWNER, 'GET', `/api/dossiers/${created.id}/assessment`);
    expect(assessment.fees.fees).toEqual([expect.objectContaining({ id: 'registration', labelEn: E.fees['registration'] })]);
    expect(assessment.documents.find((d) => d.id === 'ct01')).toMatchObject({ labelEn: E.documents['ct01'] });
    expect(assessment.documents.find((d) => d.id === 'floor_area_proof')).not.toHaveProperty('labelEn');
    const mine = await api<Array<{ id: string; title: string; titleEn?: string }>>(OWNER, 'GET', '/api/dossiers');
    expect(mine.find((d) => d.id === created.id)).toMatchObject({ title: plain.title, titleEn: E.title });

    const id = await received();
    const queue = await api<{ items: Array<{ id: string; title: string; titleEn?: string; stateLabel: string; stateLabelEn?: string }> }>('specialist.cong_an_xa', 'GET', '/api/queue?procedure=dang_ky_thuong_tru');
    expect(queue.items.find((i) => i.id === id)).toMatchObject({ titleEn: E.title, stateLabelEn: E.states['processing'] });
    const acted = await api<View>('specialist.cong_an_xa', 'POST', `/api/dossiers/${id}/actions/propose`, {});
    expect(acted.state.labelEn).toBe(E.states['approval']);
    expect(acted.actions.find((a) => a.id === 'approve')?.labelEn).toBe(E.transitions['approve']);
  });

  it('falls back to Vietnamese on the English pages and in the API for a version without English', async () => {
    const v = await s.runtime.engine.createDraft({ procedureId: 'dang_ky_thuong_tru', version: plain.version, channel: 'online', actor: CITIZEN });
    const en = (await page(OWNER, 'GET', `/portal/dossiers/${v.id}`, { lang: 'en' })).html;
    expect(en).toContain(`<h1>${plain.title}</h1>`);
    expect(en).toMatch(new RegExp(`<span class="badge state"[^>]*>${plain.workflow.states[0]!.label}</span>`));
    expect(fieldLabel(en, 'applicant.full_name')).toBe(label(plain, 'field', 'applicant.full_name'));
    expect(docLabel(en, 'ct01')).toBe(label(plain, 'document', 'ct01'));
    expect(en).toContain(`<button type="submit" class="full">${plain.workflow.states[0]!.transitions[0]!.label}</button>`);
    expect(en).not.toContain(E.fields['applicant.full_name']);
    const view = await api<Record<string, unknown>>(OWNER, 'GET', `/api/dossiers/${v.id}`);
    expect(view).not.toHaveProperty('titleEn');
    expect(view['state']).not.toHaveProperty('labelEn');
    // The catalog of a library without English, in English: Vietnamese titles.
    expect((await page(undefined, 'GET', '/portal', { lang: 'en', on: strippedApp })).html).toContain(`<strong>${plain.title}</strong>`);
  });
});
