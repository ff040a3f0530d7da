// Generated malformed input for EVERY declared route (`api.routes`), beside the hand-written
// matrix of bad-input.test.ts: bodies of the wrong shape and near misses derived from each
// route's zod schema (required fields dropped, wrong types, extra fields, huge strings,
// NaN-like strings, extreme numbers, deep nesting, invalid UTF-8, lone surrogates, NFD text),
// content types, path parameters (foreign and random ids, traversal, very long, broken
// percent-encoding), query strings, headers, authorization values, multipart uploads, and
// mutated procedure text for the studio. Each request carries a token of a role the route
// admits, so it reaches validation. Never a 500; every refusal is problem+json with a code; the
// database is exactly as before (row counts and a hash of every table but the access log).
//
// The schema is the oracle: a generated body that the route's own schema accepts is not sent to
// a route that changes state (it would be a valid request). Runs per property:
// MOTCUA_FUZZ_RUNS (default 8); the seed: MOTCUA_FUZZ_SEED.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileProcedure } from '@motcua/dsl';
import { loadWorkspace } from '@motcua/dsl/node';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { REPO_ROOT } from '../runtime/runtime.ts';
import { fileForm, SAMPLE_FILES, Tokens } from '../testing/flows.ts';
import { databaseSnapshot, type DatabaseSnapshot } from '../testing/db-snapshot.ts';
import { startTestServer, type TestServer } from '../testing/harness.ts';
import { AGENCY, makeDossier, OTHER_AGENCY, OTHER_CITIZEN, OWNER, routeKey, urlOf, validCalls, type RouteKey, type ValidCall } from '../testing/route-inputs.ts';

const RUNS = Number(process.env['MOTCUA_FUZZ_RUNS'] ?? 8);
const SEED = Number(process.env['MOTCUA_FUZZ_SEED'] ?? 20251121);
const NOT_COMPARED = new Set(['access_log']);
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i; // what the server reads as JSON (route.ts)
/** Header values arrive trimmed (fetch normalises them): ` application/json` is JSON. */
const isJsonType = (type: string) => JSON_TYPE.test(type.trim());

// A copy of the library for the studio routes (nothing may be written into the repository).
const lib = mkdtempSync(join(tmpdir(), 'motcua-fuzz-lib-'));
cpSync(join(REPO_ROOT, 'procedures'), lib, { recursive: true, filter: (p) => !p.includes('registries') });
const serverErrors: string[] = [];
const s: TestServer = await startTestServer({ app: { log: (m) => serverErrors.push(m), proceduresDir: lib } });
type Route = (typeof s.api.routes)[number] & { key: RouteKey };
const ROUTES: Route[] = s.api.routes.map((r) => ({ ...r, key: routeKey(r) }));

/** Routes that change nothing even when the request is valid: a schema-valid body may be sent. */
const READ_ONLY = new Set<RouteKey>(['POST /api/auth/login', 'POST /api/verify', 'POST /api/studio/scenarios']);
const changesState = (r: Route) => r.method !== 'get' && !READ_ONLY.has(r.key);

const ROLE_USER: Record<string, string> = {
  citizen: OWNER,
  reception: `reception.${AGENCY}`,
  specialist: `specialist.${AGENCY}`,
  leader: `leader.${AGENCY}`,
  manager: 'quanly',
  designer: 'thietke',
  admin: 'quantri',
};
const OTHER_USER: Record<string, string> = {
  citizen: OTHER_CITIZEN,
  reception: `reception.${OTHER_AGENCY}`,
  specialist: `specialist.${OTHER_AGENCY}`,
  leader: `leader.${OTHER_AGENCY}`,
};

// ------------------------------------------------------------------------------ the database

type Snapshot = DatabaseSnapshot;
const snapshot = (): Promise<Snapshot> => databaseSnapshot(s.runtime.storage.db, NOT_COMPARED);

// ------------------------------------------------------------------------------ fixtures

interface Fixture {
  draft: string;
  processing: string;
  done: string;
  doneCode: string;
  /** A draft of another citizen. */
  foreign: string;
  /** Document ids and transition ids of the fixtures' procedure (never sent as a "bad" value). */
  docs: Set<string>;
  actions: Set<string>;
  /** Field paths of its form. */
  fields: Set<string>;
  tokens: Map<string, string>;
}
let fx: Fixture;
let baseline: Snapshot;
let valid: Record<RouteKey, ValidCall>;
const tokens = new Tokens(s);

beforeAll(async () => {
  s.setTime(2025, 3, 3, 9, 0);
  const users = [...Object.values(ROLE_USER), ...Object.values(OTHER_USER)];
  const tokenOf = new Map<string, string>();
  for (const u of users) tokenOf.set(u, await tokens.of(u));
  const login = (u: string) => tokens.of(u);
  const [draft, processing, done] = [await makeDossier(s, login, 'draft'), await makeDossier(s, login, 'processing'), await makeDossier(s, login, 'done')];
  const foreign = await s.request('POST', '/api/dossiers', { token: tokenOf.get(OTHER_CITIZEN)!, json: { procedureId: 'dang_ky_thuong_tru' } });
  const ir = compileProcedure(loadWorkspace(lib), 'dang_ky_thuong_tru').ir!;
  fx = {
    draft: draft.id,
    processing: processing.id,
    done: done.id,
    doneCode: done.code!,
    foreign: ((await foreign.json()) as { id: string }).id,
    docs: new Set(ir.documents.map((d) => d.id)),
    actions: new Set(ir.workflow.states.flatMap((st) => st.transitions.map((t) => t.id))),
    fields: new Set(ir.form.fields.map((f) => f.path)),
    tokens: tokenOf,
  };
  valid = validCalls(s, fx);
  baseline = await snapshot();
}, 120_000);

afterAll(async () => {
  await s.close();
  rmSync(lib, { recursive: true, force: true });
});

// ------------------------------------------------------------------------------ values

type JS = {
  type?: string;
  enum?: unknown[];
  pattern?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JS>;
  required?: string[];
};
const jsonSchema = (schema: z.ZodType): JS => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JS;

/** Strings that break parsers, validators and encoders. */
const TRICKY = [
  '', ' ', '\t\n', 'NaN', 'Infinity', '-Infinity', '1e309', '-0', '0x10', '1_000', '٣', '１２３', 'null', 'true', '[]', '{}', 'undefined',
  '\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\ud83d', '\ufeff', '\u202eabc', '\u200b', '\u2028', 'Nguyễn Văn Đức'.normalize('NFD'),
  'đăng_ký', '👩‍👩‍👧‍👦', '🇻🇳', '../../etc/passwd', '..%2F..%2Fetc%2Fpasswd', '%00', '%E0%A4%A', '<script>alert(1)</script>',
  "' OR 1=1 --", '${7*7}', '{{7*7}}', '__proto__', 'constructor', 'prototype', '2025-02-30', '2025-13-01T25:61', '9999-12-31T23:59',
  '0000-00-00', 'a'.repeat(101), 'é'.repeat(2001), '9'.repeat(400),
];
const NUMBERS = [-1, -0, 0.5, 1.5, 1e21, -1e21, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 1e308, -1e308, Number.MIN_VALUE];

const trickyString = fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }));
const number = fc.oneof(fc.constantFrom(...NUMBERS), fc.integer(), fc.double({ noNaN: false }));
const deep = fc.tuple(fc.integer({ min: 50, max: 50_000 }), fc.constantFrom('[', '{"a":')).map(([n, open]) => ({ raw: open.repeat(n) + '1' + (open === '[' ? ']' : '}').repeat(n) }));
const scalar: fc.Arbitrary<unknown> = fc.oneof(trickyString, number, fc.boolean(), fc.constant(null));
const anyValue: fc.Arbitrary<unknown> = fc.oneof({ weight: 3, arbitrary: scalar }, fc.jsonValue({ maxDepth: 3 }), fc.array(scalar, { maxLength: 5 }), fc.dictionary(trickyString, scalar, { maxKeys: 4 }));
const hugeString = fc.integer({ min: 1_000, max: 1_200_000 }).map((n) => 'x'.repeat(n));

/** A body as raw text (or bytes): JSON or not, valid UTF-8 or not. */
type Raw = { text?: string; bytes?: Uint8Array };

/** Bodies that are wrong for a route's schema, derived from its valid body. */
function badBodies(route: Route, base: Record<string, unknown>): fc.Arbitrary<Raw> {
  const js = route.body && route.body !== 'multipart' ? jsonSchema(route.body) : {};
  const keys = Object.keys(js.properties ?? {});
  const required = js.required ?? [];
  const nestedKeys = keys.filter((k) => js.properties![k]!.type === 'object');
  const asJson = (v: unknown): Raw => ({ text: JSON.stringify(v) ?? 'undefined' });
  const options: Array<fc.Arbitrary<Raw>> = [
    anyValue.map(asJson), // any JSON at all
    fc.jsonValue({ maxDepth: 6 }).map(asJson),
    keys.length ? fc.tuple(fc.constantFrom(...keys), anyValue).map(([k, v]) => asJson({ ...base, [k]: v })) : anyValue.map(asJson), // a field of the wrong type
    fc.tuple(trickyString, anyValue).map(([k, v]) => asJson({ ...base, [k || 'x']: v })), // an extra field
    keys.length ? fc.tuple(fc.constantFrom(...keys), hugeString).map(([k, v]) => asJson({ ...base, [k]: v })) : hugeString.map(asJson), // a huge string
    keys.length ? fc.tuple(fc.constantFrom(...keys), number).map(([k, v]) => asJson({ ...base, [k]: v })) : number.map(asJson), // an extreme number
    deep.map(({ raw }) => ({ text: keys.length ? `{"${keys[0]}":${raw}}` : raw })), // deep nesting
    fc.uint8Array({ minLength: 1, maxLength: 200 }).map((b) => ({ bytes: Uint8Array.from([...new TextEncoder().encode(JSON.stringify(base).slice(0, -1)), 0x2c, 0x22, 0xff, 0xfe, 0x22, 0x3a, ...b]) })), // invalid UTF-8
    fc.nat({ max: 200 }).map((n) => ({ text: JSON.stringify(base).slice(0, n % Math.max(1, JSON.stringify(base).length)) })), // truncated
    fc.constantFrom('{"a":1,"a":2}', '{"__proto__":{"x":1}}', '\ufeff{}', '{"a":1e999}', '[1,2', '{,}', 'NaN', "{'a':1}", '{"a":"\\ud800"}', '\u0000').map((text) => ({ text })),
  ];
  if (required.length) options.push(fc.constantFrom(...required).map((k) => asJson(Object.fromEntries(Object.entries(base).filter(([key]) => key !== k))))); // a required field dropped
  if (nestedKeys.length) {
    options.push(fc.tuple(fc.constantFrom(...nestedKeys), fc.dictionary(trickyString, anyValue, { maxKeys: 6 })).map(([k, v]) => asJson({ ...base, [k]: v })));
    options.push(fc.tuple(fc.constantFrom(...nestedKeys), deep).map(([k, d]) => ({ text: `{"${k}":{"a":${d.raw}}}` })));
  }
  return fc.oneof(...options);
}

/** What the server will make of a raw body: the value its schema sees, or undefined when it is not JSON. */
function decoded(raw: Raw): { ok: true; value: unknown } | { ok: false } {
  // As the server reads it: UTF-8 with replacement characters, a leading BOM dropped.
  const text = new TextDecoder().decode(raw.bytes ?? new TextEncoder().encode(raw.text));
  try {
    return { ok: true, value: text === '' ? undefined : JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** True when the route's own schema (and, for the form, the form's fields) would accept the body. */
function accepted(route: Route, raw: Raw): boolean {
  if (!route.body || route.body === 'multipart') return false;
  const d = decoded(raw);
  if (!d.ok) return false;
  const parsed = route.body.safeParse(d.value);
  if (!parsed.success) return false;
  if (route.key === 'PATCH /api/dossiers/:id/form') {
    // Schema-valid values are refused by the form unless every path is a field of it.
    const values = (parsed.data as { values: Record<string, unknown> }).values;
    return Object.keys(values).every((k) => fx.fields.has(k));
  }
  return true;
}

const CONTENT_TYPES = [
  'application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/problem+json', 'application/merge-patch+json',
  'application/json; charset=utf-16', 'text/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/xml',
  'application/jsonx', 'application/octet-stream', '', '*/*', 'application/json, text/plain', ' application/json',
];
const contentType = fc.oneof(fc.constantFrom(...CONTENT_TYPES), fc.stringMatching(/^[a-z]{1,8}\/[a-z+.-]{1,12}(; ?[a-z]+=[a-z0-9-]+)?$/));

/** Percent-encoding that also encodes lone surrogates (as the invalid UTF-8 a client could send). */
const encode = (v: string): string => {
  try {
    return encodeURIComponent(v);
  } catch {
    return v.split(/([\ud800-\udfff])/).map((part) => (/^[\ud800-\udfff]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part))).join('');
  }
};
/** What a header can carry at all (fetch refuses the rest before it is sent): Latin-1 without NUL, CR, LF. */
const latin1 = (v: string) => v.replace(/[^\t\x20-\x7e\x80-\xff]/g, '');

/** Header values a client may send. */
const headerValue = fc.oneof(fc.constantFrom('', 'vi', 'en', 'fr', 'vi-VN,vi;q=0.9', '*', '127.0.0.1', '::1', '1.2.3.4, 5.6.7.8', 'x'.repeat(8000)), fc.string({ unit: 'binary-ascii', maxLength: 30 })).map(latin1);
const extraHeaders = fc.option(fc.dictionary(fc.constantFrom('accept-language', 'accept', 'x-forwarded-for', 'x-request-id', 'cookie', 'origin', 'if-none-match', 'range'), headerValue, { maxKeys: 3 }), { nil: undefined });

const uuidLike = fc.oneof(fc.uuid(), fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'), fc.uuid().map((u) => u.toUpperCase()));
/** A path parameter that is wrong: random, foreign, traversal, very long, broken encoding. */
const badSegment = fc.oneof(
  uuidLike.map((v) => ({ v, raw: false })),
  trickyString.filter((t) => t.length > 0).map((v) => ({ v, raw: false })),
  fc.constantFrom('..%2F..%2Fetc%2Fpasswd', '%2e%2e', '%E0%A4%A', '%', '%zz', 'a%00b', '..', '.', '%2F', 'a/b', '%C0%AE%C0%AE').map((v) => ({ v, raw: true })),
  fc.integer({ min: 200, max: 20_000 }).map((n) => ({ v: 'a'.repeat(n), raw: false })),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).map((v) => ({ v: v.normalize('NFD'), raw: false })),
);

// ------------------------------------------------------------------------------ one request

interface Sent {
  method: string;
  url: string;
  token?: string | undefined;
  authorization?: string;
  body?: BodyInit;
  headers?: Record<string, string>;
  /** The route changes state and the request is malformed: it must be refused. */
  mustRefuse: boolean;
}

const tokenFor = (route: Route, other = false) =>
  route.auth === 'public' ? undefined : fx.tokens.get((other ? OTHER_USER[route.auth[0]!] : undefined) ?? ROLE_USER[route.auth[0]!]!);

function pathOf(route: Route, params: Record<string, { v: string; raw: boolean }>, query: Record<string, string> = {}): string {
  const p = route.path.replace(/:(\w+)/g, (_, name: string) => {
    const x = params[name]!;
    return x.raw ? x.v : encode(x.v);
  });
  const q = new URLSearchParams(query).toString();
  return q ? `${p}?${q}` : p;
}
const validParams = (route: Route) => Object.fromEntries(Object.entries(valid[route.key]!.params ?? {}).map(([k, v]) => [k, { v, raw: false }]));

async function send(r: Sent): Promise<{ status: number; text: string; type: string | null }> {
  const headers: Record<string, string> = { ...(r.headers ?? {}) };
  if (r.authorization !== undefined) headers['authorization'] = r.authorization;
  else if (r.token) headers['authorization'] = `Bearer ${r.token}`;
  const res = await s.app.request(r.url, { method: r.method, headers, ...(r.body !== undefined ? { body: r.body } : {}) });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}

async function check(r: Sent): Promise<void> {
  const res = await send(r);
  const where = `${r.method} ${r.url.slice(0, 160)} → ${res.status} ${res.text.slice(0, 300)}`;
  const after = await snapshot();
  const changed = Object.keys(after).filter((t) => JSON.stringify(after[t]) !== JSON.stringify(baseline[t]));
  baseline = after; // one change is reported once, not by every later request
  expect(res.status, `never a 500: ${where}`).toBeLessThan(500);
  if (r.mustRefuse) expect(res.status, `a malformed request to a route that changes state is refused: ${where}`).toBeGreaterThanOrEqual(400);
  if (res.status >= 400) {
    expect(res.type, where).toContain('application/problem+json');
    const body = JSON.parse(res.text) as Record<string, unknown>;
    expect(typeof body['code'], where).toBe('string');
    expect(body['status'], where).toBe(res.status);
  }
  expect(changed, `tables changed by ${where}`).toEqual([]);
}

const run = (arb: fc.Arbitrary<Sent>, runs = RUNS) =>
  fc.assert(
    fc.asyncProperty(arb, (r) => check(r)),
    { numRuns: runs, seed: SEED, endOnFailure: true },
  );

const bodyOf = (raw: Raw): BodyInit => raw.text ?? (raw.bytes as Uint8Array<ArrayBuffer>);

// ------------------------------------------------------------------------------ the properties

describe('the routes', () => {
  it('are all covered: every declared route has a valid call to start from', () => {
    expect(ROUTES.length).toBeGreaterThanOrEqual(25);
    expect(ROUTES.map((r) => r.key).filter((k) => !(k in valid))).toEqual([]);
  });
});

describe.each(ROUTES.map((r) => [r.key, r] as const))('%s', (_key, route) => {
  const hasJsonBody = route.body !== undefined && route.body !== 'multipart';

  if (hasJsonBody) {
    it('refuses generated bodies of the wrong shape (never a 500, nothing written)', async () => {
      const base = valid[route.key]!.json as Record<string, unknown>;
      const arb = fc
        .record({ raw: badBodies(route, base), type: fc.oneof({ weight: 4, arbitrary: fc.constant('application/json') }, contentType), headers: extraHeaders })
        .filter(({ raw }) => !changesState(route) || !accepted(route, raw))
        .map(({ raw, type, headers }): Sent => ({
          method: route.method.toUpperCase(),
          url: pathOf(route, validParams(route), valid[route.key]!.query),
          token: tokenFor(route),
          body: bodyOf(raw),
          headers: { ...headers, ...(type ? { 'content-type': type } : {}) },
          mustRefuse: changesState(route),
        }));
      await run(arb);
    }, 120_000);

    it('refuses a valid body under a content type that is not JSON', async () => {
      const arb = fc
        .tuple(contentType, extraHeaders)
        .filter(([type]) => !isJsonType(type))
        .map(([type, headers]): Sent => ({
          method: route.method.toUpperCase(),
          url: pathOf(route, validParams(route), valid[route.key]!.query),
          token: tokenFor(route),
          body: JSON.stringify(valid[route.key]!.json),
          headers: { ...headers, ...(type ? { 'content-type': type } : {}) },
          mustRefuse: true,
        }));
      await run(arb);
    }, 120_000);
  }

  if (route.params) {
    it('refuses generated path parameters: random and foreign ids, traversal, very long, broken encoding', async () => {
      const names = Object.keys(jsonSchema(route.params!).properties ?? {});
      const good = validParams(route);
      const officer = route.auth !== 'public' && route.auth[0] !== 'citizen' && OTHER_USER[route.auth[0]!] !== undefined;
      const arb = fc
        .record({
          name: fc.constantFrom(...names),
          bad: fc.oneof(badSegment, fc.constantFrom({ v: fx.foreign, raw: false })),
          // Another agency's officer (or another citizen) naming a fixture that is not theirs.
          stranger: fc.boolean(),
          headers: extraHeaders,
        })
        .filter(({ name, bad }) => !(name === 'docId' && fx.docs.has(bad.v)) && !(name === 'action' && fx.actions.has(bad.v)))
        .map(({ name, bad, stranger, headers }): Sent => {
          const foreignCaller = stranger && officer;
          const params = foreignCaller ? good : { ...good, [name]: bad };
          const v = valid[route.key]!;
          return {
            method: route.method.toUpperCase(),
            url: pathOf(route, params, v.query),
            token: tokenFor(route, foreignCaller),
            ...(v.json !== undefined ? { body: JSON.stringify(v.json), headers: { ...headers, 'content-type': 'application/json' } } : { headers: { ...headers } }),
            ...(v.multipart ? { body: v.multipart() } : {}),
            // A public reading route (verify a code, a procedure by id) may answer 200 "none".
            mustRefuse: changesState(route),
          };
        });
      await run(arb);
    }, 120_000);
  }

  if (route.method === 'get') {
    it('answers generated query strings and headers without a 500', async () => {
      const known = Object.keys(route.query ? (jsonSchema(route.query).properties ?? {}) : {});
      const key = fc.oneof(fc.constantFrom(...known, 'lang', 'limit', 'offset', '__proto__', 'q[]', 'a.b'), trickyString);
      const arb = fc
        .record({ pairs: fc.array(fc.tuple(key, fc.oneof(trickyString, number.map(String))), { minLength: 1, maxLength: 5 }), broken: fc.option(fc.constantFrom('%', '%zz', '%E0%A4%A', '&&&', '=', '==a', '+%2B+'), { nil: undefined }), headers: extraHeaders })
        .map(({ pairs, broken, headers }): Sent => {
          const query = pairs.map(([k, val]) => `${encode(k)}=${encode(val)}`).join('&') + (broken ? `&${broken}` : '');
          return { method: 'GET', url: `${pathOf(route, validParams(route))}?${query}`, token: tokenFor(route), headers: { ...headers }, mustRefuse: false };
        });
      await run(arb);
    }, 120_000);
  }

  if (route.auth !== 'public') {
    it('refuses generated authorization headers', async () => {
      const v = valid[route.key]!;
      const authorization = fc.oneof(
        trickyString.map((t) => `Bearer ${t}`),
        fc.constantFrom('Bearer', 'Bearer ', 'bearer x.y', 'Basic cXVhbnRyaTptb3RjdWE=', 'Token abc', `Bearer ${'a'.repeat(10_000)}.${'b'.repeat(100)}`, 'Bearer ..', 'Bearer a.b.c'),
        fc.tuple(fc.base64String({ maxLength: 200 }), fc.base64String({ maxLength: 60 })).map(([a, b]) => `Bearer ${a}.${b}`),
        headerValue,
      ).map(latin1);
      const arb = authorization.map((a): Sent => ({
        method: route.method.toUpperCase(),
        url: pathOf(route, validParams(route), v.query),
        authorization: a,
        ...(v.json !== undefined ? { body: JSON.stringify(v.json), headers: { 'content-type': 'application/json' } } : {}),
        ...(v.multipart ? { body: v.multipart() } : {}),
        mustRefuse: true,
      }));
      await run(arb);
    }, 120_000);
  }

  if (route.body === 'multipart') {
    it('refuses generated uploads: broken multipart, strange files, names and fields', async () => {
      const pdf = SAMPLE_FILES['pdf']!;
      // Bytes that are no accepted format: they start with "MZ" (a Windows executable).
      const junk = fc.uint8Array({ maxLength: 3000 }).map((b) => Uint8Array.from([0x4d, 0x5a, ...b]));
      const filename = fc.oneof(fc.constantFrom('a.pdf', 'a.PDF', 'a.pdf.exe', '../../a.pdf', 'a\u0000.pdf', '.pdf', '', 'con.pdf', `${'a'.repeat(5000)}.pdf`, 'Ảnh chụp.png'.normalize('NFD'), '👩‍👩‍👧.jpg'), trickyString);
      const mime = fc.oneof(fc.constantFrom('application/pdf', 'image/png', 'image/jpeg', 'application/octet-stream', '', 'text/html'), contentType);
      const arb = fc.oneof(
        // A form whose file is not an accepted format, under any name and type.
        fc.record({ bytes: junk, name: filename, type: mime, field: fc.constantFrom('file', 'file', 'files', 'File', '', 'file[]') }).map(({ bytes, name, type, field }) => {
          const form = new FormData();
          form.append(field, new Blob([bytes], { type }), name || 'x');
          return { body: form as BodyInit, headers: {} as Record<string, string> };
        }),
        // A real PDF in a form without a `file` field.
        fc.constantFrom('note', 'document', 'upload').map((field) => {
          const form = new FormData();
          form.append(field, new Blob([pdf.bytes as Uint8Array<ArrayBuffer>], { type: pdf.mime }), 'a.pdf');
          return { body: form as BodyInit, headers: {} as Record<string, string> };
        }),
        // Raw bytes under a multipart type, with or without a boundary.
        fc.record({ bytes: fc.uint8Array({ maxLength: 2000 }), boundary: fc.option(fc.stringMatching(/^[A-Za-z0-9'()+_,./:=?-]{1,70}$/), { nil: undefined }) }).map(({ bytes, boundary }) => ({
          body: bytes as BodyInit,
          headers: { 'content-type': `multipart/form-data${boundary === undefined ? '' : `; boundary=${boundary}`}` },
        })),
        // A part whose headers are broken.
        fc.record({ boundary: fc.constantFrom('b', 'x'.repeat(70)), disposition: fc.oneof(trickyString, fc.constantFrom('form-data; name="file"; filename="a.pdf"; filename*=UTF-8\'\'%E0%A4%A', 'form-data; name="file"; filename="', 'form-data')) }).map(({ boundary, disposition }) => ({
          body: `--${boundary}\r\nContent-Disposition: ${disposition.replace(/[\r\n]/g, '')}\r\nContent-Type: application/pdf\r\n\r\nMZ\r\n--${boundary}--\r\n` as BodyInit,
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        })),
      ).map(({ body, headers }): Sent => ({
        method: 'POST',
        url: pathOf(route, validParams(route)),
        token: tokenFor(route),
        body,
        headers,
        mustRefuse: true,
      }));
      await run(arb, RUNS * 2);
    }, 120_000);
  }
});

describe('the studio, given mutated procedure text', () => {
  it('runs the scenarios of any text without a 500 and writes nothing', async () => {
    const path = 'cu_tru/dang_ky_tam_tru.proc';
    const text = readFileSync(join(lib, path), 'utf8');
    const edit = fc.oneof(
      fc.tuple(fc.nat(), fc.nat({ max: 200 })).map(([at, n]) => (t: string) => t.slice(0, at % t.length) + t.slice((at % t.length) + n)),
      fc.tuple(fc.nat(), fc.oneof(trickyString, fc.constantFrom('{', '}', '(', ')', '"', '#', ' -> ', ' when ', ' 99999999999999999999 ', ' 9007199254740991 working days ', `${'('.repeat(500)}1${')'.repeat(500)}`, Array(3000).fill('1').join(' + ')))).map(
        ([at, s]) => (t: string) => t.slice(0, at % t.length) + s + t.slice(at % t.length),
      ),
      fc.constant((t: string) => t.normalize('NFD')),
      fc.constant((t: string) => t.replace(/\n/g, '\r')),
    );
    const arb = fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits): Sent => ({
      method: 'POST',
      url: '/api/studio/scenarios',
      token: fx.tokens.get('thietke'),
      body: JSON.stringify({ path, text: edits.reduce((t, e) => e(t), text) }),
      headers: { 'content-type': 'application/json' },
      mustRefuse: false,
    }));
    await run(arb, RUNS * 2);
  }, 300_000);
});

describe('found by fuzzing', () => {
  it('JSON nested 5,000 deep is a 400, not a stack overflow in the engine (form values, verified data)', async () => {
    const deepValue = `${'['.repeat(5000)}1${']'.repeat(5000)}`;
    for (const [method, url, token, body] of [
      ['PATCH', `/api/dossiers/${fx.draft}/form`, fx.tokens.get(OWNER), `{"values":{"address":${deepValue}}}`],
      ['POST', `/api/dossiers/${fx.draft}/actions/submit`, fx.tokens.get(OWNER), `{"inputs":{"note":${deepValue}}}`],
      ['POST', '/api/verify', undefined, `{"data":{"a":${deepValue}},"signature":"AAAA"}`],
    ] as const) {
      await check({ method, url, token, body, headers: { 'content-type': 'application/json' }, mustRefuse: true });
    }
  });

  it('a deadline of 9_007_199_254_740_991 working days fails its scenario at once and leaves the calendar working', async () => {
    const path = 'cu_tru/dang_ky_tam_tru.proc';
    const text = readFileSync(join(lib, path), 'utf8');
    const scenarios = async (t: string) => {
      const r = await s.request('POST', '/api/studio/scenarios', { token: fx.tokens.get('thietke')!, json: { path, text: t } });
      expect(r.status).toBe(200);
      return ((await r.json()) as { results: Array<{ passed: boolean }> }).results;
    };
    const started = performance.now();
    const huge = await scenarios(text.replace(/deadline \d+ working days/, 'deadline 9007199254740991 working days'));
    // It walked the calendar day by day for minutes, then filled its day cache past a Map's limit.
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(huge.some((r) => !r.passed)).toBe(true);
    expect((await scenarios(text)).every((r) => r.passed)).toBe(true);
  }, 60_000);
});

describe('afterwards', () => {
  it('no fixture was touched and no internal error was logged', async () => {
    const now = await snapshot();
    expect(Object.keys(now).filter((t) => JSON.stringify(now[t]) !== JSON.stringify(baseline[t]))).toEqual([]);
    expect(now['dossiers']!.rows).toBe(4);
    expect(serverErrors).toEqual([]);
  });
});

