// Bad input, endpoint by endpoint: for EVERY declared route (`api.routes`), requests broken in one
// way each — malformed JSON, wrong types, unknown fields, missing fields, values out of range,
// oversized bodies, wrong content types, missing/invalid/expired/forged tokens, bad path
// parameters, ids of nothing or of someone else — plus each route's own domain refusals. Every
// answer must be the expected 4xx as problem+json with a `code` (and `errors[].path` for
// validation), never a 500, and the database must be exactly as before: row counts and a hash of
// every table. The access log is left out of that comparison on purpose: reading a dossier's
// assessment legitimately records which registry data was read, even when the request then fails.
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDateTime } from '@motcua/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueToken } from '../auth/tokens.ts';
import { EmbeddedGateway } from '../payments/gateway.ts';
import { MAX_UPLOAD_BYTES } from '../routes/dossiers.ts';
import { REPO_ROOT } from '../runtime/runtime.ts';
import { fileForm, SAMPLE_FILES, Tokens } from '../testing/flows.ts';
import { databaseSnapshot, type DatabaseSnapshot } from '../testing/db-snapshot.ts';
import { startTestServer, type TestServer } from '../testing/harness.ts';
import { AGENCY, makeDossier, OTHER_AGENCY, OTHER_CITIZEN, OWNER, routeKey, signedCallback, urlOf, validCalls, type DossierFixture, type RouteKey, type ValidCall } from '../testing/route-inputs.ts';

const JSON_LIMIT = 1024 * 1024;
/** The tables whose content must not change; the comparison covers every table but the access log. */
const MUST_COVER = ['dossiers', 'events', 'documents', 'payments', 'results', 'outbox']; // timers: in the dossier rows
const NOT_COMPARED = new Set(['access_log']);

// A copy of the library for the studio routes (nothing may be written into the repository).
const lib = mkdtempSync(join(tmpdir(), 'motcua-bad-input-lib-'));
cpSync(join(REPO_ROOT, 'procedures'), lib, { recursive: true, filter: (p) => !p.includes('registries') });
const serverErrors: string[] = [];
const s: TestServer = await startTestServer({ app: { log: (m) => serverErrors.push(m), proceduresDir: lib } });
const ROUTES = s.api.routes.map((r) => ({ ...r, key: routeKey(r) }));

// ------------------------------------------------------------------------------ the database

type Snapshot = DatabaseSnapshot;
const snapshot = (): Promise<Snapshot> => databaseSnapshot(s.runtime.storage.db, NOT_COMPARED);

// ------------------------------------------------------------------------------ cases

interface Sent {
  token?: string | null;
  method: string;
  url: string;
  body?: BodyInit;
  headers?: Record<string, string>;
}

interface Expected {
  status: number | readonly number[];
  code?: string;
  /** For 422: some error's path starts with this. */
  path?: string;
  check?: (body: Record<string, unknown>) => void;
}

interface Case {
  name: string;
  send: (x: Ctx) => Sent | Promise<Sent>;
  expect: Expected | ((x: Ctx) => Expected);
}

interface Ctx {
  fx: DossierFixture & { empty: string };
  valid: ValidCall;
  /** A token of a role the route admits (undefined on public routes). */
  token: string | undefined;
  tok: (user: string) => string;
}

let fx: Ctx['fx'];
let baseline: Snapshot;
const tokens = new Tokens(s);
const tokenCache = new Map<string, string>();
const USERS = [OWNER, OTHER_CITIZEN, 'quanly', 'thietke', 'quantri', ...['reception', 'specialist', 'leader'].flatMap((r) => [`${r}.${AGENCY}`, `${r}.${OTHER_AGENCY}`])];

const ROLE_USER: Record<string, string> = {
  citizen: OWNER,
  reception: `reception.${AGENCY}`,
  specialist: `specialist.${AGENCY}`,
  leader: `leader.${AGENCY}`,
  manager: 'quanly',
  designer: 'thietke',
  admin: 'quantri',
};

type JS = {
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  items?: JS;
  properties?: Record<string, JS>;
  required?: string[];
  propertyNames?: JS;
};
const jsonSchema = (schema: z.ZodType): JS => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JS;

/** A value of the wrong JSON type for a property. */
function wrongType(p: JS): unknown {
  switch (p.type) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return 'mười';
    case 'boolean':
      return 'có';
    case 'array':
      return 'không phải danh sách';
    case 'object':
      return 'không phải đối tượng';
    default:
      return undefined;
  }
}

/** Values of the right type that break a bound, a pattern or a list of options. */
function outOfRange(p: JS): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  if (p.type === 'string') {
    if (p.enum) out.push(['not an option', 'khong_co_trong_danh_sach']);
    if (p.maxLength !== undefined) out.push([`longer than ${p.maxLength}`, 'x'.repeat(p.maxLength + 1)]);
    if (p.minLength) out.push(['empty', '']);
    if (p.pattern && !new RegExp(p.pattern).test('sai định dạng!')) out.push(['not matching its pattern', 'sai định dạng!']);
    if (p.format === 'date') out.push(['an impossible date', '2025-02-30']);
  }
  if (p.type === 'integer' || p.type === 'number') {
    if (p.type === 'integer') out.push(['not whole', 1.5]);
    if (p.minimum !== undefined) out.push([`below ${p.minimum}`, p.minimum - 1]);
    if (p.maximum !== undefined && p.maximum < 1e15) out.push([`above ${p.maximum}`, p.maximum + 1]);
  }
  if (p.type === 'array') {
    if (p.maxItems !== undefined) out.push([`more than ${p.maxItems} items`, Array.from({ length: p.maxItems + 1 }, (_, i) => `m${i}`)]);
    if (p.items) for (const [what, v] of [[`of the wrong type`, wrongType(p.items)] as const, ...outOfRange(p.items)]) if (v !== undefined) out.push([`an item ${what}`, [v]]);
  }
  if (p.type === 'object' && p.propertyNames?.maxLength !== undefined) out.push([`a key longer than ${p.propertyNames.maxLength}`, { ['k'.repeat(p.propertyNames.maxLength + 1)]: 1 }]);
  return out;
}

/** The same query value rules, as strings. */
function badQueryValues(p: JS): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (p.type === 'integer' || p.type === 'number') out.push(['not a number', 'abc']);
  for (const [what, v] of outOfRange(p)) if (typeof v === 'string' || typeof v === 'number') out.push([what, String(v)]);
  if (p.format === 'date') out.push(['not a date', '03/03/2025']);
  return out;
}

function badParamValues(p: JS): Array<[string, string, number]> {
  const out: Array<[string, string, number]> = [];
  if (p.format === 'uuid') out.push(['not a UUID', 'khong-phai-uuid', 422]);
  else if (p.pattern && !new RegExp(p.pattern).test('sai-dinh-dang')) out.push(['not matching its pattern', 'sai-dinh-dang', 422]);
  if (p.maxLength !== undefined && p.format !== 'uuid') out.push([`longer than ${p.maxLength}`, 'a'.repeat(p.maxLength + 1), 422]);
  if (p.minLength) out.push(['empty (no such route)', '', 404]);
  return out;
}

const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const isPublic = (r: (typeof ROUTES)[number]) => r.auth === 'public';

/** A token made by hand: claims + HMAC of the given secret. */
function forgedToken(secret: Buffer, claims: Record<string, unknown>, now = Date.now()): string {
  return issueToken(secret, claims as Parameters<typeof issueToken>[1], 3600, now);
}

/** Every bad request of a route. */
function casesOf(route: (typeof ROUTES)[number]): Case[] {
  const cases: Case[] = [];
  const base = (x: Ctx, over: Partial<Sent> & { params?: Record<string, string>; query?: Record<string, string>; raw?: boolean } = {}): Sent => {
    const { params, query, raw, ...rest } = over;
    return {
      token: x.token,
      method: route.method.toUpperCase(),
      url: urlOf(route.path, { ...x.valid.params, ...params }, { ...x.valid.query, ...query }, raw),
      ...(x.valid.json !== undefined ? { body: JSON.stringify(x.valid.json), headers: { 'content-type': 'application/json' } } : {}),
      ...(x.valid.multipart ? { body: x.valid.multipart() } : {}),
      ...rest,
    };
  };

  // Who is calling.
  if (!isPublic(route)) cases.push({ name: 'no token', send: (x) => base(x, { token: null }), expect: { status: 401, code: 'unauthorized' } });
  cases.push({ name: 'a garbage bearer token', send: (x) => ({ ...base(x), token: 'rác.rác' }), expect: { status: 401, code: 'invalid_token' } });
  cases.push({
    name: 'an expired token',
    send: (x) => ({ ...base(x), token: forgedToken(s.runtime.secret, { sub: OWNER, role: 'citizen', name: 'x' }, localDateTime(2025, 1, 1)) }),
    expect: { status: 401, code: 'invalid_token' },
  });
  cases.push({
    name: 'a token signed with another secret',
    send: (x) => ({ ...base(x), token: forgedToken(Buffer.from('không phải bí mật của máy chủ'), { sub: 'quantri', role: 'admin', name: 'x' }) }),
    expect: { status: 401, code: 'invalid_token' },
  });
  cases.push({
    name: 'a token whose claims were altered (role → admin)',
    send: (x) => {
      const [body, mac] = x.tok(OWNER).split('.') as [string, string];
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
      return { ...base(x), token: `${Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url')}.${mac}` };
    },
    expect: { status: 401, code: 'invalid_token' },
  });

  // Path parameters.
  if (route.params) {
    const props = jsonSchema(route.params).properties ?? {};
    for (const [name, p] of Object.entries(props)) {
      for (const [what, value, status] of badParamValues(p)) {
        cases.push({ name: `:${name} ${what}`, send: (x) => base(x, { params: { [name]: value } }), expect: status === 422 ? { status, code: 'validation_failed', path: `params.${name}` } : { status, code: 'not_found' } });
      }
      // A free-text parameter (a dossier code to verify) may answer 200 "no such code".
      const odd = p.pattern || p.format ? [400, 404, 422] : [200, 400, 404, 422];
      cases.push({ name: `:${name} with broken percent-encoding`, send: (x) => base(x, { params: { [name]: '%E0%A4%A' }, raw: true }), expect: { status: odd } });
      cases.push({ name: `:${name} climbing out of the path`, send: (x) => base(x, { params: { [name]: '..%2F..%2Fetc%2Fpasswd' }, raw: true }), expect: { status: odd } });
    }
    if (props['id']?.format === 'uuid') {
      cases.push({ name: 'the id of no dossier', send: (x) => base(x, { params: { id: randomUUID() } }), expect: { status: 404, code: 'not_found' } });
      if (route.auth !== 'public' && route.auth.includes('citizen')) {
        cases.push({ name: "another citizen's dossier", send: (x) => ({ ...base(x), token: x.tok(OTHER_CITIZEN) }), expect: { status: 404, code: 'not_found' } });
      }
      const officer = route.auth !== 'public' ? route.auth.find((r) => r === 'reception' || r === 'specialist' || r === 'leader') : undefined;
      if (officer) cases.push({ name: `another agency's dossier (${officer}.${OTHER_AGENCY})`, send: (x) => ({ ...base(x), token: x.tok(`${officer}.${OTHER_AGENCY}`) }), expect: { status: 404, code: 'not_found' } });
    }
  }

  // The query.
  if (route.query) {
    cases.push({ name: 'an unknown query parameter', send: (x) => base(x, { query: { khong_co: '1' } }), expect: { status: 422, code: 'validation_failed', path: 'query' } });
    for (const [name, p] of Object.entries(jsonSchema(route.query).properties ?? {})) {
      for (const [what, value] of badQueryValues(p)) cases.push({ name: `?${name} ${what}`, send: (x) => base(x, { query: { [name]: value } }), expect: { status: 422, code: 'validation_failed', path: `query.${name}` } });
    }
  }

  // A JSON body.
  if (route.body && route.body !== 'multipart') {
    const js = jsonSchema(route.body);
    const withBody = (x: Ctx, body: BodyInit, type?: string): Sent => ({ ...base(x), body, headers: type ? { 'content-type': type } : {} });
    const jsonBody = (x: Ctx, value: unknown): Sent => withBody(x, JSON.stringify(value), 'application/json');
    const validObject = (x: Ctx) => x.valid.json as Record<string, unknown>;
    const sized = (x: Ctx, value: unknown): Expected =>
      JSON.stringify(value).length > JSON_LIMIT ? { status: 413, code: 'payload_too_large' } : { status: 422, code: 'validation_failed' };
    cases.push({ name: 'malformed JSON', send: (x) => withBody(x, '{"procedureId": "dang_ky', 'application/json'), expect: { status: 400, code: 'bad_request' } });
    cases.push({ name: 'JSON sent as text/plain', send: (x) => withBody(x, JSON.stringify(x.valid.json), 'text/plain'), expect: { status: 415, code: 'unsupported_media_type' } });
    cases.push({ name: 'JSON without a content type', send: (x) => withBody(x, encode(x.valid.json)), expect: { status: 415, code: 'unsupported_media_type' } });
    cases.push({ name: 'a form instead of JSON', send: (x) => withBody(x, new URLSearchParams({ a: '1' }).toString(), 'application/x-www-form-urlencoded'), expect: { status: 415, code: 'unsupported_media_type' } });
    cases.push({ name: 'XML', send: (x) => withBody(x, '<a/>', 'application/xml'), expect: { status: 415, code: 'unsupported_media_type' } });
    cases.push({ name: 'an empty body', send: (x) => withBody(x, '', 'application/json'), expect: { status: 422, code: 'validation_failed', path: '(body)' } });
    cases.push({ name: 'a JSON array', send: (x) => jsonBody(x, [validObject(x)]), expect: { status: 422, code: 'validation_failed', path: '(body)' } });
    cases.push({ name: 'JSON null', send: (x) => jsonBody(x, null), expect: { status: 422, code: 'validation_failed', path: '(body)' } });
    cases.push({ name: 'a JSON string', send: (x) => jsonBody(x, 'xin chào'), expect: { status: 422, code: 'validation_failed', path: '(body)' } });
    cases.push({
      name: 'an unknown field',
      send: (x) => jsonBody(x, { ...validObject(x), truong_la: 1 }),
      expect: { status: 422, code: 'validation_failed', check: (b) => expect((b['errors'] as Array<{ code: string }>).map((e) => e.code)).toContain('unrecognized_keys') },
    });
    cases.push({
      name: 'a __proto__ key',
      send: (x) => withBody(x, `{"__proto__":{"role":"admin"},${JSON.stringify(validObject(x)).slice(1)}`, 'application/json'),
      expect: { status: 422, code: 'validation_failed' },
    });
    cases.push({ name: `a body over ${JSON_LIMIT} bytes`, send: (x) => jsonBody(x, { ...validObject(x), pad: 'x'.repeat(JSON_LIMIT + 10) }), expect: { status: 413, code: 'payload_too_large' } });
    for (const name of js.required ?? []) {
      cases.push({
        name: `without "${name}"`,
        send: (x) => jsonBody(x, Object.fromEntries(Object.entries(validObject(x)).filter(([k]) => k !== name))),
        expect: { status: 422, code: 'validation_failed', path: name },
      });
    }
    const props = (schema: JS, prefix: string): void => {
      for (const [name, p] of Object.entries(schema.properties ?? {})) {
        const path = prefix ? `${prefix}.${name}` : name;
        const set = (x: Ctx, value: unknown): Record<string, unknown> => {
          const body = structuredClone(validObject(x));
          if (!prefix) return { ...body, [name]: value };
          return { ...body, [prefix]: { ...((body[prefix] as Record<string, unknown>) ?? {}), [name]: value } };
        };
        const wrong = wrongType(p);
        if (wrong !== undefined) cases.push({ name: `"${path}" of the wrong type`, send: (x) => jsonBody(x, set(x, wrong)), expect: { status: 422, code: 'validation_failed', path } });
        cases.push({ name: `"${path}" null`, send: (x) => jsonBody(x, set(x, null)), expect: { status: 422, code: 'validation_failed', path } });
        for (const [what, value] of outOfRange(p)) {
          cases.push({ name: `"${path}" ${what}`, send: (x) => jsonBody(x, set(x, value)), expect: (x) => ({ ...sized(x, set(x, value)), ...(JSON.stringify(set(x, value)).length > JSON_LIMIT ? {} : { path }) }) });
        }
        if (!prefix && p.type === 'object' && p.properties) {
          props(p, name);
          cases.push({ name: `"${path}" with an unknown field`, send: (x) => jsonBody(x, set(x, { truong_la: 1 })), expect: { status: 422, code: 'validation_failed', path } });
        }
      }
    };
    props(js, '');
  } else if (route.method !== 'get') {
    cases.push({
      name: `a body over the limit`,
      send: (x) => ({ ...base(x), body: 'x'.repeat((route.body === 'multipart' ? MAX_UPLOAD_BYTES + 64 * 1024 : JSON_LIMIT) + 10), headers: { 'content-type': 'application/json' } }),
      expect: { status: 413, code: 'payload_too_large' },
    });
  }

  // An upload.
  if (route.body === 'multipart') {
    const pdf = SAMPLE_FILES['pdf']!;
    const upload = (x: Ctx, form: FormData | BodyInit, headers?: Record<string, string>, params?: Record<string, string>): Sent => ({ ...base(x, params ? { params } : {}), body: form, ...(headers ? { headers } : {}) });
    cases.push({ name: 'JSON instead of multipart', send: (x) => upload(x, '{"file":"x"}', { 'content-type': 'application/json' }), expect: { status: 415, code: 'unsupported_media_type' } });
    cases.push({ name: 'multipart without a boundary', send: (x) => upload(x, 'rác', { 'content-type': 'multipart/form-data' }), expect: { status: 400, code: 'bad_request' } });
    cases.push({
      name: 'multipart with a broken body',
      send: (x) => upload(x, '--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF', { 'content-type': 'multipart/form-data; boundary=b' }),
      expect: { status: [400, 422] },
    });
    cases.push({
      name: 'multipart without the file field',
      send: (x) => {
        const f = new FormData();
        f.append('note', 'không có tệp');
        return upload(x, f);
      },
      expect: { status: 422, code: 'validation_failed', path: 'file' },
    });
    cases.push({ name: 'a file of a format the document does not take (.exe)', send: (x) => upload(x, fileForm('virus.exe', pdf.bytes, 'application/octet-stream')), expect: { status: 415, code: 'unsupported_media_type' } });
    cases.push({ name: 'a .pdf whose content is not PDF', send: (x) => upload(x, fileForm('gia.pdf', new TextEncoder().encode('MZ không phải PDF'), 'application/pdf')), expect: { status: 415, code: 'unsupported_media_type' } });
    cases.push({ name: 'a .pdf declared as image/png', send: (x) => upload(x, fileForm('a.pdf', pdf.bytes, 'image/png')), expect: { status: 415, code: 'unsupported_media_type' } });
    cases.push({
      name: "a file over the document's 5 MB",
      send: (x) => {
        const big = new Uint8Array(5 * 1024 * 1024 + 1024);
        big.set(pdf.bytes);
        return upload(x, fileForm('lon.pdf', big, 'application/pdf'));
      },
      expect: { status: 413, code: 'payload_too_large' },
    });
    cases.push({
      name: `an upload over the ${MAX_UPLOAD_BYTES / 1024 / 1024} MB limit`,
      send: (x) => {
        const big = new Uint8Array(MAX_UPLOAD_BYTES + 128 * 1024);
        big.set(pdf.bytes);
        return upload(x, fileForm('qua_lon.pdf', big, 'application/pdf'));
      },
      expect: { status: 413, code: 'payload_too_large' },
    });
    cases.push({ name: 'a document the procedure does not have', send: (x) => upload(x, x.valid.multipart!(), undefined, { docId: 'khong_co' }), expect: { status: 404, code: 'not_found' } });
    cases.push({ name: 'a generated document (ct01)', send: (x) => upload(x, x.valid.multipart!(), undefined, { docId: 'ct01' }), expect: { status: 422, code: 'invalid_input', path: 'params.docId' } });
  }

  for (const c of DOMAIN[route.key] ?? []) cases.push(c);
  return cases;
}

// ------------------------------------------------------------------------------ each route's own refusals

const json = (x: Ctx, method: string, url: string, body: unknown, token = x.token): Sent => ({ token, method, url, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

const DOMAIN: Partial<Record<RouteKey, Case[]>> = {
  'POST /api/auth/login': [
    // A different client address per case, so that failed sign-ins do not lock the suite out.
    {
      name: 'a wrong password',
      send: () => ({ method: 'POST', url: '/api/auth/login', body: JSON.stringify({ username: 'quanly', password: 'sai' }), headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7' } }),
      expect: { status: 401, code: 'invalid_credentials' },
    },
    {
      name: 'an unknown user',
      send: () => ({ method: 'POST', url: '/api/auth/login', body: JSON.stringify({ username: 'khong_ton_tai', password: 'motcua' }), headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.8' } }),
      expect: { status: 401, code: 'invalid_credentials' },
    },
  ],
  'POST /api/dossiers': [
    { name: 'a procedure that does not exist', send: (x) => json(x, 'POST', '/api/dossiers', { procedureId: 'khong_co' }), expect: { status: 404, code: 'not_found' } },
    { name: 'a channel the procedure does not take', send: (x) => json(x, 'POST', '/api/dossiers', { procedureId: 'chung_thuc_ban_sao', channel: 'online' }), expect: { status: [404, 422] } },
    { name: 'a procedure not yet in force (chứng thực from 1/7/2025)', send: (x) => json(x, 'POST', '/api/dossiers', { procedureId: 'chung_thuc_ban_sao', channel: 'in_person' }), expect: { status: 404, code: 'not_published' } },
  ],
  'PATCH /api/dossiers/:id/form': [
    { name: 'a field the form does not have', send: (x) => json(x, 'PATCH', `/api/dossiers/${x.fx.draft}/form`, { values: { khong_co: 1 } }), expect: { status: 422, code: 'invalid_input', path: 'khong_co' } },
    { name: 'a choice that is not an option', send: (x) => json(x, 'PATCH', `/api/dossiers/${x.fx.draft}/form`, { values: { housing: 'lau_dai' } }), expect: { status: 422, code: 'invalid_input', path: 'housing' } },
    { name: 'a number for an address', send: (x) => json(x, 'PATCH', `/api/dossiers/${x.fx.draft}/form`, { values: { address: 12345 } }), expect: { status: 422, code: 'invalid_input', path: 'address' } },
    { name: 'an object for an address', send: (x) => json(x, 'PATCH', `/api/dossiers/${x.fx.draft}/form`, { values: { address: { a: 1 } } }), expect: { status: 422, code: 'invalid_input', path: 'address' } },
    { name: 'a locked registry value changed', send: (x) => json(x, 'PATCH', `/api/dossiers/${x.fx.draft}/form`, { values: { 'applicant.full_name': 'Người Khác' } }), expect: { status: 422, code: 'invalid_input', path: 'applicant.full_name' } },
    { name: 'a __proto__ path', send: (x) => json(x, 'PATCH', `/api/dossiers/${x.fx.draft}/form`, { values: { '__proto__.polluted': 'x' } }), expect: { status: 422, code: 'invalid_input' } },
    { name: 'a constructor path', send: (x) => json(x, 'PATCH', `/api/dossiers/${x.fx.draft}/form`, { values: { 'constructor.prototype.x': 'x' } }), expect: { status: 422, code: 'invalid_input' } },
    { name: 'an empty path segment', send: (x) => json(x, 'PATCH', `/api/dossiers/${x.fx.draft}/form`, { values: { 'applicant..full_name': 'x' } }), expect: { status: 422, code: 'invalid_input' } },
    { name: 'more than 200 fields', send: (x) => json(x, 'PATCH', `/api/dossiers/${x.fx.draft}/form`, { values: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`f${i}`, 1])) }), expect: { status: 422, code: 'validation_failed', path: 'values' } },
    { name: 'a stale revision', send: (x) => json(x, 'PATCH', `/api/dossiers/${x.fx.draft}/form`, { values: { address: 'Số 6' }, revision: 0 }), expect: { status: 409, code: 'conflict' } },
    // The engine answers "the agency's step" (403) before "cannot change the form now" (409).
    { name: 'a dossier already submitted', send: (x) => json(x, 'PATCH', `/api/dossiers/${x.fx.processing}/form`, { values: { address: 'Số 6' } }), expect: { status: [403, 409] } },
  ],
  'POST /api/dossiers/:id/documents/:docId': [
    { name: 'a dossier already submitted', send: (x) => ({ token: x.token, method: 'POST', url: `/api/dossiers/${x.fx.processing}/documents/residence_proof`, body: x.valid.multipart!() }), expect: { status: [403, 409] } },
  ],
  'POST /api/dossiers/:id/payments': [{ name: 'a dossier with nothing left to pay', send: (x) => ({ token: x.token, method: 'POST', url: `/api/dossiers/${x.fx.done}/payments` }), expect: { status: 409, code: 'nothing_to_pay' } }],
  'POST /api/dossiers/:id/actions/:action': [
    { name: 'an action the workflow does not have', send: (x) => json(x, 'POST', `/api/dossiers/${x.fx.draft}/actions/bay_len`, {}), expect: { status: 409, code: 'transition_unavailable' } },
    { name: "another state's action (accept a draft)", send: (x) => json(x, 'POST', `/api/dossiers/${x.fx.draft}/actions/accept`, {}), expect: { status: 409, code: 'transition_unavailable' } },
    { name: 'submit with the form and documents incomplete', send: (x) => json(x, 'POST', `/api/dossiers/${x.fx.empty}/actions/submit`, {}), expect: { status: 422, code: 'guard_failed' } },
    { name: 'submit with a stale revision', send: (x) => json(x, 'POST', `/api/dossiers/${x.fx.draft}/actions/submit`, { revision: 0 }), expect: { status: 409, code: 'conflict' } },
    { name: 'a supplement request that lists nothing', send: (x) => json(x, 'POST', `/api/dossiers/${x.fx.processing}/actions/ask_supplement`, { inputs: {} }, x.tok(`specialist.${AGENCY}`)), expect: { status: 422, code: 'invalid_input', path: 'missing' } },
    { name: 'a supplement request with an empty list', send: (x) => json(x, 'POST', `/api/dossiers/${x.fx.processing}/actions/ask_supplement`, { inputs: { missing: [] } }, x.tok(`specialist.${AGENCY}`)), expect: { status: 422, code: 'invalid_input', path: 'missing' } },
    { name: 'a supplement request for a document the procedure does not have', send: (x) => json(x, 'POST', `/api/dossiers/${x.fx.processing}/actions/ask_supplement`, { inputs: { missing: ['khong_co'] } }, x.tok(`specialist.${AGENCY}`)), expect: { status: 422, code: 'invalid_input', path: 'missing' } },
    { name: 'a refusal proposal without a reason', send: (x) => json(x, 'POST', `/api/dossiers/${x.fx.processing}/actions/propose_refusal`, { inputs: { reason: '   ' } }, x.tok(`specialist.${AGENCY}`)), expect: { status: 422, code: 'invalid_input', path: 'reason' } },
    { name: 'an action on a finished dossier', send: (x) => json(x, 'POST', `/api/dossiers/${x.fx.done}/actions/approve`, {}, x.tok(`leader.${AGENCY}`)), expect: { status: [403, 409] } },
  ],
  'POST /api/dossiers/:id/extension': [
    { name: 'an impossible day (32 March)', send: (x) => json(x, 'POST', `/api/dossiers/${x.fx.processing}/extension`, { reason: 'Xác minh', newDueAt: '2025-03-32T09:00' }), expect: { status: 422, path: 'newDueAt' } },
    { name: 'an impossible hour (25:00)', send: (x) => json(x, 'POST', `/api/dossiers/${x.fx.processing}/extension`, { reason: 'Xác minh', newDueAt: '2025-03-17T25:00' }), expect: { status: 422, path: 'newDueAt' } },
    { name: 'an impossible month (13)', send: (x) => json(x, 'POST', `/api/dossiers/${x.fx.processing}/extension`, { reason: 'Xác minh', newDueAt: '2025-13-01T09:00' }), expect: { status: 422, path: 'newDueAt' } },
    { name: 'a date with a space, not T', send: (x) => json(x, 'POST', `/api/dossiers/${x.fx.processing}/extension`, { reason: 'Xác minh', newDueAt: '2025-03-17 09:00' }), expect: { status: 422, path: 'newDueAt' } },
    { name: 'a blank reason', send: (x) => json(x, 'POST', `/api/dossiers/${x.fx.processing}/extension`, { reason: '   ', newDueAt: '2025-03-17T09:00' }), expect: { status: 422, path: 'reason' } },
    {
      name: 'a new date before the due date',
      send: (x) => json(x, 'POST', `/api/dossiers/${x.fx.processing}/extension`, { reason: 'Xác minh', newDueAt: '2025-03-05T09:00' }),
      expect: { status: 422, code: 'clock', check: (b) => expect(b['reason']).toBe('extension_not_later') },
    },
    { name: 'a draft (no clock running)', send: (x) => json(x, 'POST', `/api/dossiers/${x.fx.draft}/extension`, { reason: 'Xác minh', newDueAt: '2025-03-17T09:00' }, x.tok(`specialist.${AGENCY}`)), expect: { status: [404, 422] } },
    { name: 'a finished dossier', send: (x) => json(x, 'POST', `/api/dossiers/${x.fx.done}/extension`, { reason: 'Xác minh', newDueAt: '2025-03-17T09:00' }), expect: { status: 409, code: 'conflict' } },
    { name: 'a stale revision', send: (x) => json(x, 'POST', `/api/dossiers/${x.fx.processing}/extension`, { reason: 'Xác minh', newDueAt: '2025-03-17T09:00', revision: 0 }), expect: { status: 409, code: 'conflict' } },
  ],
  'POST /api/payments/callback': [
    { name: 'a forged signature', send: (x) => json(x, 'POST', '/api/payments/callback', { ...(x.valid.json as object), signature: 'gia_mao' }), expect: { status: 401, code: 'bad_signature' } },
    { name: 'a signed callback whose amount was changed', send: (x) => json(x, 'POST', '/api/payments/callback', { ...(x.valid.json as object), amount: 999_999 }), expect: { status: 401, code: 'bad_signature' } },
    {
      name: 'a signed callback for no dossier',
      send: (x) => json(x, 'POST', '/api/payments/callback', signedCallback(new EmbeddedGateway(s.runtime.secret), randomUUID(), 1, 'paid')),
      expect: { status: 404, code: 'not_found' },
    },
    {
      name: 'a signed "failed" callback (recorded as nothing)',
      send: (x) => json(x, 'POST', '/api/payments/callback', signedCallback(new EmbeddedGateway(s.runtime.secret), x.fx.draft, 10_000, 'failed')),
      expect: { status: 200, check: (b) => expect(b['recorded']).toBe(false) },
    },
  ],
  'GET /api/verify/:code': [{ name: 'a code of no dossier', send: () => ({ method: 'GET', url: '/api/verify/000.00.00.H00-250303-9999' }), expect: { status: 200, check: (b) => expect(b['valid']).toBe(false) } }],
  'POST /api/verify': [
    { name: 'a forged result', send: (x) => json(x, 'POST', '/api/verify', { data: { result: 'confirmation', citizen: OWNER }, signature: 'gia_mao' }), expect: { status: 200, check: (b) => expect(b['valid']).toBe(false) } },
  ],
  'POST /api/studio/scenarios': [
    { name: 'a path out of the library', send: (x) => json(x, 'POST', '/api/studio/scenarios', { path: '../../package.json' }), expect: { status: 400, code: 'bad_path' } },
    { name: 'a file that is not .proc', send: (x) => json(x, 'POST', '/api/studio/scenarios', { path: 'common/README.md' }), expect: { status: 400, code: 'bad_path' } },
  ],
  'POST /api/studio/publish': [{ name: 'a procedure that does not exist', send: (x) => json(x, 'POST', '/api/studio/publish', { procedureId: 'khong_co' }), expect: { status: 404, code: 'not_found' } }],
};

// ------------------------------------------------------------------------------ running a case

async function send(r: Sent): Promise<Response> {
  const headers: Record<string, string> = { ...(r.headers ?? {}) };
  if (r.token) headers['authorization'] = `Bearer ${r.token}`;
  return s.app.request(r.url, { method: r.method, headers, ...(r.body !== undefined ? { body: r.body } : {}) });
}

async function runCase(c: Case, x: Ctx): Promise<void> {
  const sent = await c.send(x);
  const exp = typeof c.expect === 'function' ? c.expect(x) : c.expect;
  const res = await send(sent);
  const text = await res.text();
  const where = `${sent.method} ${sent.url.slice(0, 120)} → ${res.status} ${text.slice(0, 400)}`;
  expect(res.status, `never a 500: ${where}`).toBeLessThan(500);
  const statuses = typeof exp.status === 'number' ? [exp.status] : exp.status;
  expect(statuses, where).toContain(res.status);
  const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  if (res.status >= 400) {
    expect(res.headers.get('content-type'), where).toContain('application/problem+json');
    expect(typeof body['code'], where).toBe('string');
    expect(body['status'], where).toBe(res.status);
    expect(typeof body['title'], where).toBe('string');
    if (exp.code) expect(body['code'], where).toBe(exp.code);
    if (res.status === 422 && ['validation_failed', 'invalid_input'].includes(String(body['code']))) {
      const errors = body['errors'] as Array<{ path: unknown; code: unknown }> | undefined;
      expect(Array.isArray(errors) && errors.length > 0, `errors[] of ${where}`).toBe(true);
      for (const e of errors!) expect(typeof e.path, where).toBe('string');
      if (exp.path) expect(errors!.map((e) => e.path).some((p) => String(p).startsWith(exp.path!)), `an error at ${exp.path}: ${where}`).toBe(true);
    }
  }
  exp.check?.(body);
  const after = await snapshot();
  const changed = Object.keys(after).filter((t) => JSON.stringify(after[t]) !== JSON.stringify(baseline[t]));
  baseline = after; // one change is reported once, not by every later case
  expect(changed, `tables changed by ${where}`).toEqual([]);
}

// ------------------------------------------------------------------------------ the suite

beforeAll(async () => {
  s.setTime(2025, 3, 3, 9, 0);
  for (const u of USERS) tokenCache.set(u, await tokens.of(u));
  const login = (u: string) => tokens.of(u);
  const [draft, processing, done] = [await makeDossier(s, login, 'draft'), await makeDossier(s, login, 'processing'), await makeDossier(s, login, 'done')];
  const empty = await s.request('POST', '/api/dossiers', { token: tokenCache.get(OWNER)!, json: { procedureId: 'dang_ky_thuong_tru' } });
  fx = { draft: draft.id, processing: processing.id, done: done.id, doneCode: done.code!, empty: ((await empty.json()) as { id: string }).id };
  baseline = await snapshot();
}, 60_000);

afterAll(async () => {
  await s.close();
  rmSync(lib, { recursive: true, force: true });
});

describe('the comparison', () => {
  it('covers every table but the access log, which reads write legitimately', () => {
    expect(Object.keys(baseline)).toEqual(expect.arrayContaining(MUST_COVER));
    expect(Object.keys(baseline)).not.toContain('access_log');
    expect(baseline['dossiers']!.rows).toBe(4);
  });
  it('has a valid call for every declared route (a new route must say what a valid call is)', () => {
    const valid = validCalls(s, fx);
    expect(ROUTES.map((r) => r.key).filter((k) => !(k in valid))).toEqual([]);
    expect(Object.keys(valid).filter((k) => !ROUTES.some((r) => r.key === k))).toEqual([]);
  });
});

describe.each(ROUTES.map((r) => [r.key, r] as const))('%s', (_key, route) => {
  const cases = casesOf(route);
  it.each(cases.map((c) => [c.name, c] as const))('refuses %s', async (_name, c) => {
    const valid = validCalls(s, fx)[route.key];
    expect(valid, `a valid call of ${route.key}`).toBeDefined();
    const user = route.auth === 'public' ? undefined : ROLE_USER[route.auth[0]!];
    await runCase(c, { fx, valid: valid!, token: user ? tokenCache.get(user) : undefined, tok: (u) => tokenCache.get(u)! });
  });
});

describe('routes outside the declared API', () => {
  it('the studio file routes refuse paths out of the library, other content types and strangers, writing nothing', async () => {
    const designer = tokenCache.get('thietke')!;
    const outside = join(lib, '..', 'ngoai_thu_vien.proc');
    for (const [method, url, token, headers, body, status] of [
      ['PUT', '/api/studio/files/..%2Fngoai_thu_vien.proc', designer, { 'content-type': 'text/plain' }, 'procedure x {}', 400],
      ['PUT', '/api/studio/files/cu_tru%2Fdang_ky_thuong_tru.proc', designer, { 'content-type': 'application/json' }, '{}', 415],
      ['PUT', '/api/studio/files/cu_tru%2Fdang_ky_thuong_tru.proc', tokenCache.get(OWNER)!, { 'content-type': 'text/plain' }, 'x', 403],
      ['PUT', '/api/studio/files/cu_tru%2Fdang_ky_thuong_tru.proc', undefined, { 'content-type': 'text/plain' }, 'x', 401],
      ['GET', '/api/studio/files/..%2F..%2Fpackage.json', designer, {}, undefined, 400],
      ['GET', '/api/studio/files/khong_co.proc', designer, {}, undefined, 404],
    ] as const) {
      const r = await send({ method, url, ...(token ? { token } : {}), headers: { ...headers }, ...(body !== undefined ? { body } : {}) });
      expect(r.status, `${method} ${url}`).toBe(status);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(existsSync(outside)).toBe(false);
    const now = await snapshot();
    expect(Object.keys(now).filter((t) => JSON.stringify(now[t]) !== JSON.stringify(baseline[t]))).toEqual([]);
  });

  it('stops reading a chunked body without a length once it passes the limit', async () => {
    // A client streaming far more than any limit: the server must answer 413 having read little more than the limit.
    for (const [url, limit, token] of [
      [`/api/dossiers/${fx.draft}/form`, JSON_LIMIT, tokenCache.get(OWNER)!],
      [`/api/dossiers/${fx.draft}/documents/residence_proof`, MAX_UPLOAD_BYTES + 64 * 1024, tokenCache.get(OWNER)!],
    ] as const) {
      let pulled = 0;
      const chunk = new Uint8Array(64 * 1024).fill(0x61);
      const total = limit * 4;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (pulled >= total) return controller.close();
          pulled += chunk.byteLength;
          controller.enqueue(chunk);
        },
      });
      const r = await s.app.request(url, {
        method: url.endsWith('/form') ? 'PATCH' : 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': url.endsWith('/form') ? 'application/json' : 'multipart/form-data; boundary=x' },
        body,
        duplex: 'half',
      } as RequestInit);
      expect(r.status, url).toBe(413);
      expect(((await r.json()) as { code: string }).code).toBe('payload_too_large');
      expect(pulled, `bytes read from a ${total}-byte stream with a ${limit}-byte limit`).toBeLessThanOrEqual(limit + 4 * chunk.byteLength);
    }
    const now = await snapshot();
    expect(Object.keys(now).filter((t) => JSON.stringify(now[t]) !== JSON.stringify(baseline[t]))).toEqual([]);
  });

  it('takes ?lang=en on every route: reading routes answer, problems come in English, lang is never "unknown"', async () => {
    const valid = validCalls(s, fx);
    for (const route of ROUTES) {
      const v = valid[route.key]!;
      const user = route.auth === 'public' ? undefined : ROLE_USER[route.auth[0]!];
      const token = user ? tokenCache.get(user)! : null;
      if (route.method === 'get') {
        const r = await send({ token, method: 'GET', url: urlOf(route.path, v.params, { ...v.query, lang: 'en' }) });
        expect(r.status, `${route.key}?lang=en`).toBeLessThan(300);
      }
      if (route.query) {
        const r = await send({ token, method: route.method.toUpperCase(), url: urlOf(route.path, v.params, { ...v.query, lang: 'en', khong_co: '1' }) });
        const p = (await r.json()) as { title: string; errors: Array<{ path: string; message: string }> };
        expect(r.status, route.key).toBe(422);
        expect(p.title).toBe('The request is not valid');
        expect(p.errors.map((e) => e.message).join(' '), route.key).not.toContain('lang');
      }
    }
    const now = await snapshot(); // reading routes write the access log only, which is not compared
    expect(Object.keys(now).filter((t) => JSON.stringify(now[t]) !== JSON.stringify(baseline[t]))).toEqual([]);
  });

  it("the embedded gateway's page records only a payment it started, for that dossier and amount", async () => {
    const owner = tokenCache.get(OWNER)!;
    const started = (await (await send({ token: owner, method: 'POST', url: `/api/dossiers/${fx.draft}/payments` })).json()) as { reference: string; amount: number };
    const confirm = (reference: string, dossier: string, amount: number) =>
      send({ method: 'POST', url: `/pay/${encodeURIComponent(reference)}`, body: new URLSearchParams({ dossier, amount: String(amount) }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    for (const [reference, dossier, amount] of [
      ['EMB-bia-dat', fx.draft, 999_999], // an invented reference
      [started.reference, fx.draft, 1], // a started payment confirmed for another amount
      [started.reference, fx.processing, started.amount], // … or for another dossier
    ] as const) {
      const r = await confirm(reference, dossier, amount);
      expect(r.status, `${reference} ${amount}`).toBeLessThan(500);
    }
    const now = await snapshot();
    expect(Object.keys(now).filter((t) => JSON.stringify(now[t]) !== JSON.stringify(baseline[t]))).toEqual([]);
  });

  it('an unknown /api address is a problem+json 404', async () => {
    const r = await send({ method: 'GET', url: '/api/khong-co' });
    expect(r.status).toBe(404);
    expect(((await r.json()) as { code: string }).code).toBe('not_found');
  });

  it('logged no internal error during the whole matrix', () => {
    expect(serverErrors).toEqual([]);
  });
});
