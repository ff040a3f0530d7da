// Who may do what: every role against every declared route (valid inputs), on a dossier of
// Đăng ký thường trú that belongs to one citizen and sits with Công an xã (cong_an_xa). The
// expected table below IS the policy:
//   - a route admits the roles it declares (`auth`); anyone else is 401 (anonymous) or 403;
//   - reading a dossier: the citizen their own, officers their agency's, the manager and the
//     admin all — anyone else gets 404, so a dossier's existence is never disclosed;
//   - acting on a dossier: only the role of its current state, and only in the dossier's agency
//     (the engine's rule), a citizen only on their own dossier in the citizen's states;
//   - the one-time extension: any officer of the agency handling the dossier.
// Each cell that changes a dossier gets a fresh one, so every cell is judged on its own.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tokens } from '../testing/flows.ts';
import { startTestServer, type TestServer } from '../testing/harness.ts';
import { AGENCY, makeDossier, OTHER_AGENCY, OTHER_CITIZEN, OWNER, routeKey, urlOf, validCalls, type DossierFixture, type RouteKey, type ValidCall } from '../testing/route-inputs.ts';

const WHO = ['anonymous', 'owner', 'other_citizen', 'reception', 'specialist', 'leader', 'reception_other', 'specialist_other', 'leader_other', 'manager', 'designer', 'admin'] as const;
type Who = (typeof WHO)[number];

const USER: Record<Who, string | undefined> = {
  anonymous: undefined,
  owner: OWNER,
  other_citizen: OTHER_CITIZEN,
  reception: `reception.${AGENCY}`,
  specialist: `specialist.${AGENCY}`,
  leader: `leader.${AGENCY}`,
  reception_other: `reception.${OTHER_AGENCY}`,
  specialist_other: `specialist.${OTHER_AGENCY}`,
  leader_other: `leader.${OTHER_AGENCY}`,
  manager: 'quanly',
  designer: 'thietke',
  admin: 'quantri',
};
const ROLE: Record<Who, string | undefined> = {
  anonymous: undefined,
  owner: 'citizen',
  other_citizen: 'citizen',
  reception: 'reception',
  specialist: 'specialist',
  leader: 'leader',
  reception_other: 'reception',
  specialist_other: 'specialist',
  leader_other: 'leader',
  manager: 'manager',
  designer: 'designer',
  admin: 'admin',
};

// ok = 2xx; 401 sign in first; 403 refused; 404 not found (not yours, existence not disclosed).
// `[state: action]` names the workflow state the dossier is in and the action tried.
// prettier-ignore
const POLICY: ReadonlyArray<readonly [string, string]> = [
  //                                                           anon own  oth  rec  spe  lea  rec' spe' lea' man  des  adm
  ['POST /api/auth/login',                                    'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok'],
  ['GET /api/me',                                             '401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok'],
  ['GET /api/procedures',                                     'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok'],
  ['GET /api/procedures/:id',                                 'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok'],
  ['GET /api/procedures/:id/form-schema',                     'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok'],
  ['GET /api/procedures/:id/card.md',                         'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok'],
  ['GET /api/procedures/:id/documents',                       'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok'],
  ['POST /api/dossiers',                                      '401  ok   ok   403  403  403  403  403  403  403  403  403'],
  ['GET /api/dossiers',                                       '401  ok   ok   403  403  403  403  403  403  403  403  403'],
  ['GET /api/dossiers/:id',                                   '401  ok   404  ok   ok   ok   404  404  404  ok   403  ok'],
  ['PATCH /api/dossiers/:id/form',                            '401  ok   404  403  403  403  403  403  403  403  403  403'],
  ['POST /api/dossiers/:id/documents/:docId',                 '401  ok   404  403  403  403  403  403  403  403  403  403'],
  ['GET /api/dossiers/:id/documents',                         '401  ok   404  ok   ok   ok   404  404  404  ok   403  ok'],
  ['GET /api/dossiers/:id/assessment',                        '401  ok   404  ok   ok   ok   404  404  404  ok   403  ok'],
  ['POST /api/dossiers/:id/payments',                         '401  ok   404  403  403  403  403  403  403  403  403  403'],
  ['POST /api/dossiers/:id/actions/:action [draft: submit]',  '401  ok   404  403  403  403  404  404  404  403  403  403'],
  ['POST /api/dossiers/:id/actions/:action [submitted: accept]', '401  403  404  ok   403  403  404  404  404  403  403  403'],
  ['POST /api/dossiers/:id/actions/:action [processing: propose]', '401  403  404  403  ok   403  404  404  404  403  403  403'],
  ['POST /api/dossiers/:id/actions/:action [approval: approve]', '401  403  404  403  403  ok   404  404  404  403  403  403'],
  ['POST /api/dossiers/:id/extension [processing]',           '401  403  403  ok   ok   ok   404  404  404  403  403  403'],
  ['GET /api/dossiers/:id/timeline',                          '401  ok   404  ok   ok   ok   404  404  404  ok   403  ok'],
  ['GET /api/dossiers/:id/due',                               '401  ok   404  ok   ok   ok   404  404  404  ok   403  ok'],
  ['GET /api/dossiers/:id/result',                            '401  ok   404  ok   ok   ok   404  404  404  ok   403  ok'],
  ['GET /api/me/access-log',                                  '401  ok   ok   403  403  403  403  403  403  403  403  403'],
  ['GET /api/queue',                                          '401  403  403  ok   ok   ok   ok   ok   ok   403  403  403'],
  ['POST /api/payments/callback',                             'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok'],
  ['GET /api/verify/:code',                                   'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok'],
  ['POST /api/verify',                                        'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok'],
  ['GET /api/results/public-key',                             'ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok'],
  ['GET /api/stats',                                          '401  403  403  403  403  ok   403  403  ok   ok   403  ok'],
  ['GET /api/studio/files',                                   '401  403  403  403  403  403  403  403  403  403  ok   ok'],
  ['POST /api/studio/scenarios',                              '401  403  403  403  403  403  403  403  403  403  ok   ok'],
  ['POST /api/studio/publish',                                '401  403  403  403  403  403  403  403  403  403  ok   ok'],
];

type Verdict = 'ok' | '401' | '403' | '404';
interface Row {
  readonly label: string;
  readonly route: RouteKey;
  /** The dossier's state and the action, for workflow actions. */
  readonly state?: 'draft' | 'submitted' | 'processing' | 'approval';
  readonly action?: string;
  readonly verdicts: Record<Who, Verdict>;
}

const ROWS: Row[] = POLICY.map(([label, cells]) => {
  const m = /^(\S+ \S+)(?: \[(\w+)(?:: (\w+))?\])?$/.exec(label);
  if (!m) throw new Error(`bad policy row ${label}`);
  const verdicts = cells.trim().split(/\s+/);
  if (verdicts.length !== WHO.length) throw new Error(`${label}: ${verdicts.length} verdicts for ${WHO.length} callers`);
  return {
    label,
    route: m[1] as RouteKey,
    ...(m[2] ? { state: m[2] as Row['state'] } : {}),
    ...(m[3] ? { action: m[3] } : {}),
    verdicts: Object.fromEntries(WHO.map((w, i) => [w, verdicts[i] as Verdict])) as Record<Who, Verdict>,
  };
});

/** Rows whose success changes the dossier: each of their cells gets a fresh one. */
const FRESH = new Set<RouteKey>(['POST /api/dossiers/:id/actions/:action', 'POST /api/dossiers/:id/extension']);
const PROBLEM_CODE: Record<Exclude<Verdict, 'ok'>, string[]> = { '401': ['unauthorized'], '403': ['forbidden'], '404': ['not_found'] };

let s: TestServer;
let tokens: Tokens;
let fx: DossierFixture;
const serverErrors: string[] = [];
const login = (u: string) => tokens.of(u);

beforeAll(async () => {
  s = await startTestServer({ app: { log: (m) => serverErrors.push(m) } });
  tokens = new Tokens(s);
  s.setTime(2025, 3, 3, 9, 0);
  const [draft, processing, done] = [await makeDossier(s, login, 'draft'), await makeDossier(s, login, 'processing'), await makeDossier(s, login, 'done')];
  fx = { draft: draft.id, processing: processing.id, done: done.id, doneCode: done.code! };
}, 60_000);
afterAll(async () => s?.close());

async function call(row: Row, who: Who): Promise<Response> {
  let dossiers = fx;
  if (FRESH.has(row.route)) {
    const fresh = await makeDossier(s, login, row.state ?? 'processing');
    dossiers = { ...fx, draft: fresh.id, processing: fresh.id };
  }
  let valid: ValidCall | undefined = validCalls(s, dossiers)[row.route];
  if (!valid) throw new Error(`no valid call of ${row.route}`);
  if (row.action) valid = { ...valid, params: { ...valid.params, action: row.action }, json: { inputs: {} } };
  const [method, path] = row.route.split(' ') as [string, string];
  const headers: Record<string, string> = {};
  const user = USER[who];
  if (user) headers['authorization'] = `Bearer ${await tokens.of(user)}`;
  let body: BodyInit | undefined;
  if (valid.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(valid.json);
  } else if (valid.multipart) body = valid.multipart();
  return s.app.request(urlOf(path, valid.params, valid.query), { method, headers, ...(body !== undefined ? { body } : {}) });
}

describe('the policy table', () => {
  it('has a row for every declared route, and no row for a route that does not exist', () => {
    const declared = s.api.routes.map(routeKey);
    expect(declared.filter((k) => !ROWS.some((r) => r.route === k))).toEqual([]);
    expect(ROWS.map((r) => r.route).filter((k) => !declared.includes(k))).toEqual([]);
  });

  it("agrees with each route's declared roles: a role the route does not admit is never let in", () => {
    const disagreements: string[] = [];
    for (const row of ROWS) {
      const route = s.api.routes.find((r) => routeKey(r) === row.route)!;
      for (const who of WHO) {
        const v = row.verdicts[who];
        if (route.auth === 'public') {
          if (v !== 'ok') disagreements.push(`${row.label} is public, but ${who} → ${v}`);
          continue;
        }
        const admitted = ROLE[who] !== undefined && (route.auth as readonly string[]).includes(ROLE[who]!);
        const expected = who === 'anonymous' ? '401' : admitted ? undefined : '403';
        if (expected && v !== expected) disagreements.push(`${row.label}: ${who} is not admitted (${route.auth.join(', ')}), expected ${expected}, table says ${v}`);
        // An admitted role is refused only by the engine's rule on workflow actions (the state's role and agency).
        if (!expected && (v === '401' || (v === '403' && !row.state))) disagreements.push(`${row.label}: ${who} is admitted, table says ${v}`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});

describe.each(ROWS.map((r) => [r.label, r] as const))('%s', (_label, row) => {
  it.each(WHO.map((w) => [w, row.verdicts[w]] as const))('%s → %s', async (who, verdict) => {
    const r = await call(row, who);
    const text = await r.text();
    const where = `${row.label} as ${who} → ${r.status} ${text.slice(0, 300)}`;
    expect(r.status, `never a 500: ${where}`).toBeLessThan(500);
    if (verdict === 'ok') {
      expect(r.status >= 200 && r.status < 300, where).toBe(true);
    } else {
      expect(r.status, where).toBe(Number(verdict));
      expect(r.headers.get('content-type'), where).toContain('application/problem+json');
      expect(PROBLEM_CODE[verdict], where).toContain((JSON.parse(text) as { code: string }).code);
    }
  });
});

describe('what an allowed reader sees stays theirs', () => {
  it("another citizen's list, another agency's queue and another leader's statistics show nothing of the dossier", async () => {
    const ids = [fx.draft, fx.processing, fx.done];
    const list = async (who: Who) => ((await (await s.request('GET', '/api/dossiers', { token: await tokens.of(USER[who]!) })).json()) as Array<{ id: string }>).map((d) => d.id);
    expect(await list('owner')).toEqual(expect.arrayContaining(ids));
    expect((await list('other_citizen')).filter((id) => ids.includes(id))).toEqual([]);

    const queue = async (who: Who) => ((await (await s.request('GET', '/api/queue?limit=200', { token: await tokens.of(USER[who]!) })).json()) as { items: Array<{ id: string }> }).items.map((i) => i.id);
    expect(await queue('reception')).toContain(fx.processing);
    for (const who of ['reception_other', 'specialist_other', 'leader_other'] as const) expect((await queue(who)).filter((id) => ids.includes(id)), who).toEqual([]);

    const stats = async (who: Who, query = '') =>
      ((await (await s.request('GET', `/api/stats${query}`, { token: await tokens.of(USER[who]!) })).json()) as { items: Array<{ key: string; received: number }> }).items;
    expect((await stats('leader')).find((i) => i.key === 'dang_ky_thuong_tru')?.received).toBeGreaterThan(0);
    expect((await stats('leader_other')).find((i) => i.key === 'dang_ky_thuong_tru')).toBeUndefined();
    // A leader cannot widen their view by naming another agency.
    expect((await stats('leader_other', `?agency=${AGENCY}`)).find((i) => i.key === 'dang_ky_thuong_tru')).toBeUndefined();
    expect((await stats('manager', `?agency=${AGENCY}`)).find((i) => i.key === 'dang_ky_thuong_tru')?.received).toBeGreaterThan(0);

    const accessLog = (await (await s.request('GET', '/api/me/access-log?limit=500', { token: await tokens.of(OTHER_CITIZEN) })).json()) as Array<{ dossierId: string }>;
    expect(accessLog.filter((e) => ids.includes(e.dossierId))).toEqual([]);
  });

  it("answers a foreign dossier exactly as a dossier that does not exist (nothing disclosed)", async () => {
    const other = await tokens.of(OTHER_CITIZEN);
    const officer = await tokens.of(`specialist.${OTHER_AGENCY}`);
    for (const path of ['', '/timeline', '/documents', '/assessment', '/due', '/result']) {
      for (const token of [other, officer]) {
        const foreign = await s.request('GET', `/api/dossiers/${fx.done}${path}`, { token });
        const missing = await s.request('GET', `/api/dossiers/${randomUUID()}${path}`, { token });
        expect(foreign.status).toBe(404);
        expect(await foreign.text()).toBe(await missing.text());
      }
    }
  });

  it('logged no internal error', () => {
    expect(serverErrors).toEqual([]);
  });
});
