// Tokens, payment secrets and personal ids never in the logs (issue 8). A dossier's whole life
// over HTTP and its error paths — a failed sign-in with a personal id as the username, forged
// and tampered tokens, a payment callback with a bad signature, two internal errors whose
// messages carry every secret there is, a scheduler failure — with the app's log captured and
// console.* and stderr spied; no captured line may hold a token issued, the server's secret, a
// payment signature, a password or any citizen's personal id. Each forced error is checked to
// have really carried those values to the logger, so without the redaction the test fails.
// And a crash: its stack is printed through the logger, redacted, and the process exits 1.
import { spawnSync } from 'node:child_process';
import { formatWithOptions } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SampleIdentityProvider, SAMPLE_PASSWORD, type IdentityProvider } from './auth/identity.ts';
import { EmbeddedGateway } from './payments/gateway.ts';
import { createLogger, redact } from './log.ts';
import { REPO_ROOT, type Runtime } from './runtime/runtime.ts';
import { startScheduler } from './runtime/scheduler.ts';
import { expectStatus, json, payThroughGateway, uploadDocument, type AssessmentJson, type DossierJson } from './testing/flows.ts';
import { startTestServer, type TestServer } from './testing/harness.ts';

// A password of its own: the sample one, "motcua", is also the product's name in every line.
const PASSWORD = 'Kín-Đáo#2026_pw';
const WRONG_PASSWORD = 'Sai-Mật-Khẩu!42';
const CITIZEN = '001190006789'; // Nguyễn Thị Lan, rents Số 12 Trần Hưng Đạo: two uploads, a fee
const HOST = '001085004321';
const OLD_ID = '123456789'; // a 9-digit CMND typed as a username

describe('log redaction', () => {
  let s: TestServer;
  const appLog: string[] = [];
  const printed: string[] = []; // console.* and process.stdout/stderr
  const issued: string[] = []; // every token the server gave out
  const secretsSeen: string[] = []; // signatures and MACs the test learnt
  const raw: string[] = []; // what the forced errors carried to the logger
  let inner: SampleIdentityProvider | undefined;
  let boomExtra = '';
  // The sample users, with PASSWORD as their password.
  const identity: IdentityProvider = { authenticate: async (u, p) => (p === PASSWORD ? inner?.authenticate(u, SAMPLE_PASSWORD) : undefined) };

  const login = async (username: string, password = PASSWORD): Promise<Response> =>
    s.request('POST', '/api/auth/login', { json: { username, password } });
  const tokenOf = async (username: string): Promise<string> => {
    const { token } = await expectStatus<{ token: string }>(await login(username), 200, `login ${username}`);
    issued.push(token);
    return token;
  };

  beforeAll(async () => {
    for (const m of ['log', 'info', 'debug', 'warn', 'error', 'trace'] as const) {
      vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void printed.push(formatWithOptions({ colors: false }, ...a)));
    }
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
        printed.push(String(chunk));
        return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write);
    }
    s = await startTestServer({ app: { log: (m) => appLog.push(m), identity } });
    // A route that fails with everything it was given (routes are added before the first request).
    s.app.post('/api/test/boom/:who', async (c) => {
      const body = await c.req.text();
      const secret = s.runtime.secret;
      const e = new Error(
        `cannot handle ${body} from ${c.req.header('authorization')} cookie ${c.req.header('cookie')} for ${c.req.param('who')}; ` +
          `key ${secret.toString('utf8')} / ${secret.toString('hex')} / ${secret.toString('base64')}; ${boomExtra}; url postgres://motcua:${PASSWORD}@db/motcua`,
      );
      raw.push(e.stack!);
      throw e;
    });
    const registry = s.runtime.registry as unknown as { citizens(): Array<{ personal_id: string; full_name: string }> };
    inner = new SampleIdentityProvider(registry.citizens(), s.runtime.catalog.flatMap((e) => e.ir.agencies));
  }, 60_000);
  afterAll(async () => {
    vi.restoreAllMocks();
    await s?.close();
  });

  it('a dossier from draft to signed result, then its error paths, leave nothing secret or personal in the log', async () => {
    s.setTime(2025, 3, 3, 9, 0);
    // The life: draft, form, two uploads, fee paid on the embedded gateway, submitted, accepted, proposed, approved.
    const citizen = await tokenOf(CITIZEN);
    const d = await expectStatus<DossierJson>(await s.request('POST', '/api/dossiers', { token: citizen, json: { procedureId: 'dang_ky_thuong_tru', channel: 'online' } }), 201, 'create');
    await expectStatus(
      await s.request('PATCH', `/api/dossiers/${d.id}/form`, { token: citizen, json: { values: { address: 'Số 12 Trần Hưng Đạo, phường Hồng Gai', housing: 'tenant', host_id: HOST, owner_consent: true, floor_area: 15 } } }),
      200,
      'form',
    );
    const before = await expectStatus<AssessmentJson>(await s.request('GET', `/api/dossiers/${d.id}/assessment`, { token: citizen }), 200, 'assessment');
    expect(before.missing.map((m) => m.id).sort()).toEqual(['floor_area_proof', 'lease']);
    const ir = s.runtime.catalog.find((e) => e.id === 'dang_ky_thuong_tru')!.ir;
    for (const m of before.missing) await expectStatus(await uploadDocument(s, citizen, d.id, ir.documents.find((x) => x.id === m.id)!), 201, `upload ${m.id}`);
    const paid = await payThroughGateway(s, citizen, d.id);
    expect(paid.confirm.status).toBe(303);
    const gateway = new EmbeddedGateway(s.runtime.secret);
    const signature = gateway.callbackFor({ reference: paid.reference, dossierId: d.id, amount: paid.amount, status: 'paid' }).signature;
    expect(signature.length).toBeGreaterThan(20); // the real signature of that payment
    secretsSeen.push(signature, paid.reference.split('.')[1]!);
    await expectStatus(await s.request('POST', `/api/dossiers/${d.id}/actions/submit`, { token: citizen, json: {} }), 200, 'submit');
    for (const [who, action] of [['reception', 'accept'], ['specialist', 'propose'], ['leader', 'approve']] as const) {
      await expectStatus(await s.request('POST', `/api/dossiers/${d.id}/actions/${action}`, { token: await tokenOf(`${who}.cong_an_xa`), json: {} }), 200, action);
    }
    const done = await expectStatus<DossierJson>(await s.request('GET', `/api/dossiers/${d.id}`, { token: citizen }), 200, 'read');
    expect(done.state.id).toBe('done');
    await expectStatus(await s.request('GET', `/api/dossiers/${d.id}/result`, { token: citizen }), 200, 'result');
    await expectStatus(await s.request('GET', `/api/verify/${encodeURIComponent(done.code!)}`), 200, 'verify');
    await expectStatus(await s.request('GET', '/api/stats', { token: await tokenOf('quanly') }), 200, 'stats');
    expect(appLog).toEqual([]); // a life without error logs nothing

    // A tampered token, a forged one, a bad session cookie: refused, nothing of them logged.
    const tampered = `${citizen.slice(0, -4)}${citizen.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    issued.push(tampered);
    expect((await s.request('GET', `/api/dossiers/${d.id}`, { token: tampered })).status).toBe(401);
    expect((await s.request('GET', '/api/me', { headers: { authorization: `Bearer ${tampered}.x` } })).status).toBe(401);
    expect((await s.request('GET', '/api/me', { headers: { cookie: `motcua_session=${tampered}` } })).status).toBe(401);

    // A payment callback with a bad signature (and the real one for another amount).
    const forged = { reference: paid.reference, dossierId: d.id, amount: paid.amount + 1, status: 'paid', signature };
    expect((await s.request('POST', '/api/payments/callback', { json: forged })).status).toBe(401);

    // Internal errors on a real route: the timeline's storage fails with a message that names the
    // citizen and echoes the request (as a driver or a careless library might).
    const timeline = s.runtime.engine.timeline.bind(s.runtime.engine);
    s.runtime.engine.timeline = async () => {
      const e = new Error(`event 7 of citizen ${CITIZEN} (host ${HOST}) unreadable; request authorization: Bearer ${citizen}; gateway ${paid.reference} signature=${signature}`);
      raw.push(e.stack!);
      throw e;
    };
    expect((await s.request('GET', `/api/dossiers/${d.id}/timeline`, { token: citizen })).status).toBe(500);
    s.runtime.engine.timeline = timeline;

    // And the test route that throws whatever it got (see beforeAll): the body (with the
    // password), the headers, the secret in every form, a personal id in the path.
    const secret = s.runtime.secret;
    boomExtra = `callback ${JSON.stringify(forged)}`;
    const boom = await s.request('POST', `/api/test/boom/${CITIZEN}`, {
      json: { username: CITIZEN, password: PASSWORD, cmnd: OLD_ID },
      headers: { authorization: `Bearer ${citizen}`, cookie: `motcua_session=${citizen}; theme=dark` },
    });
    expect(boom.status).toBe(500);
    expect((await json<{ code: string }>(boom)).code).toBe('internal_error');

    // Failed sign-ins with personal ids as usernames, up to the throttle.
    for (let i = 0; i < 5; i++) expect((await login(i % 2 ? OLD_ID : CITIZEN, WRONG_PASSWORD)).status).toBe(401);
    expect((await login(CITIZEN, WRONG_PASSWORD)).status).toBe(429);

    // The scheduler fails with the same kind of message; its line goes to stderr (spied).
    const failing = {
      secret,
      engine: {
        runTimers: async () => {
          const e = new Error(`timer of dossier ${d.id} for citizen ${CITIZEN}: token ${citizen} password=${PASSWORD}`);
          raw.push(e.message);
          throw e;
        },
      },
    } as unknown as Pick<Runtime, 'engine' | 'secret'>;
    const scheduler = startScheduler(failing, 'test', 3_600_000);
    scheduler.stop();
    await new Promise((r) => setTimeout(r, 20));

    // What was logged: the two internal errors (app log) and the scheduler's line (stderr).
    expect(appLog).toHaveLength(2);
    expect(appLog[0]).toMatch(new RegExp(`^motcua: lỗi nội bộ GET /api/dossiers/${d.id}/timeline: Error: event 7 of citizen \\[personal-id\\]`));
    expect(appLog[1]).toMatch(/^motcua: lỗi nội bộ POST \/api\/test\/boom\/\[personal-id\]: Error: cannot handle \{"username":"\[personal-id\]","password":"\[redacted\]","cmnd":"\[personal-id\]"\}/);
    for (const marker of ['Bearer [token]', '[secret]', ':[password]@', 'EMB-']) expect(appLog.join('\n')).toContain(marker);
    const schedulerLines = printed.filter((l) => l.includes('bộ hẹn giờ lỗi'));
    expect(schedulerLines).toHaveLength(1);
    expect(schedulerLines[0]).toContain(`timer of dossier ${d.id} for citizen [personal-id]`); // dossier ids stay readable

    // The values that must never appear, and proof that the forced errors carried them.
    const personalIds = (s.runtime.registry as unknown as { citizens(): Array<{ personal_id: string }> }).citizens().map((c) => c.personal_id);
    expect(personalIds.length).toBeGreaterThan(200);
    const forbidden: Array<[string, string]> = [
      ...issued.map((t) => ['token', t] as [string, string]),
      ...[secret.toString('utf8'), secret.toString('hex'), secret.toString('base64'), secret.toString('base64url')].map((x) => ['secret', x] as [string, string]),
      ...secretsSeen.map((x) => ['payment signature', x] as [string, string]),
      ['password', PASSWORD],
      ['password', WRONG_PASSWORD],
      ['personal id', OLD_ID],
      ...personalIds.map((p) => ['personal id', p] as [string, string]),
    ];
    const carried = raw.join('\n');
    for (const [what, value] of [['token', citizen], ['secret', secret.toString('hex')], ['payment signature', signature], ['password', PASSWORD], ['personal id', CITIZEN], ['personal id', HOST], ['personal id', OLD_ID]]) {
      expect(carried, `the forced errors carried the ${what}, so the test would catch a leak`).toContain(value);
    }
    const captured = [...appLog, ...printed];
    expect(captured.length).toBeGreaterThanOrEqual(3);
    const leaks = forbidden.filter(([, value]) => captured.some((line) => line.includes(value))).map(([what, value]) => `${what} ${value.slice(0, 16)}…`);
    expect(leaks).toEqual([]);
  });

  it('redacts token, cookie, signature, secret, password, URL credential and personal id formats; keeps dossier ids, times and amounts', () => {
    const token = 'eyJzdWIiOiIwMDEwOTkwMTIzNDUiLCJyb2xlIjoiY2l0aXplbiJ9.q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c';
    const cases: Array<[string, string]> = [
      [`Authorization: Bearer ${token}`, 'Authorization: [redacted] [token]'],
      [`{ authorization: 'Basic dXNlcjpwYXNz' }`, `{ authorization: '[redacted]' }`],
      [`token ${token}`, 'token [token]'],
      [`cut short: ${token.slice(0, 30)}`, 'cut short: [token]'],
      ['cookie: motcua_session=abc.def; theme=dark', 'cookie: [redacted]; theme=dark'],
      ['{"password":"có dấu cách và \\"ngoặc\\""}', '{"password":"[redacted]"}'],
      ['username=001099012345&password=x%20y&next=/', 'username=[personal-id]&password=[redacted]&next=/'],
      [`JSON: "{\\"password\\":\\"p w\\"}"`, `JSON: "{\\"password\\":\\"[redacted]\\"}"`],
      ['postgres://motcua:s3cret@db:5432/x', 'postgres://motcua:[password]@db:5432/x'],
      ['/pay/EMB-AbCdEf123456.q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6?dossier=1', '/pay/EMB-AbCdEf123456.[signature]?dossier=1'],
      ['signature=q1w2e3 ok', 'signature=[redacted] ok'],
      ['key 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.', 'key [redacted].'],
      ['CCCD 001099012345, CMND 123456789; user:022158000456', 'CCCD [personal-id], CMND [personal-id]; user:[personal-id]'],
      ['dossier 3f2b1c4d-1234-4abc-8def-123456789012 at 1763735000000 (13 digits), fee 135000, 1.004222', 'dossier 3f2b1c4d-1234-4abc-8def-123456789012 at 1763735000000 (13 digits), fee 135000, 1.004222'],
      ['    at view (file:///work/main/engine/src/dossier/engine.ts:412:11)', '    at view (file:///work/main/engine/src/dossier/engine.ts:412:11)'],
    ];
    for (const [input, output] of cases) expect(redact(input), input).toBe(output);
    expect(redact('MOTCUA_SECRET was hunter2-but-longer', ['hunter2-but-longer'])).toBe('MOTCUA_SECRET was [secret]');

    const lines: string[] = [];
    const logger = createLogger({ sink: (level, line) => lines.push(`${level} ${line}`), secrets: [Buffer.from('s3cr3t-value-of-the-server')] });
    logger.error('x', new Error(`for ${CITIZEN}`), { password: 'a b', nested: { token: 'abc' } }, Buffer.from('s3cr3t-value-of-the-server').toString('base64'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error x Error: for \[personal-id\]\n {4}at /);
    expect(lines[0]).toContain(`{ password: '[redacted]', nested: { token: '[redacted]' } } [secret]`);
  });

  it('a crash prints its stack through the logger, redacted, and exits 1; console.* of dependencies too', () => {
    const script = `
      const { createLogger, installCrashHandlers, routeConsole } = await import('./server/src/log.ts');
      const logger = createLogger({ secrets: ['the-secret-of-this-process'] });
      routeConsole(logger);
      installCrashHandlers(logger);
      console.info('started for ${CITIZEN}');
      console.error(new Error('stream failed for Bearer abc.def'));
      Promise.reject(new Error('crash for ${CITIZEN} with password=${PASSWORD} and the-secret-of-this-process'));
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('started for [personal-id]');
    expect(r.stderr).toContain('Error: stream failed for Bearer [token]');
    expect(r.stderr).toMatch(/motcua: lỗi nghiêm trọng, dừng máy chủ \(fatal unhandledRejection\): Error: crash for \[personal-id\] with password=\[redacted\] and \[secret\]\n {4}at /);
    for (const value of [CITIZEN, PASSWORD, 'the-secret-of-this-process', 'abc.def']) expect(r.stdout + r.stderr).not.toContain(value);
  });
});
