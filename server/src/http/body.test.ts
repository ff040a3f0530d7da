// Request bodies over a real socket (@hono/node-server, as `pnpm start` serves them), where
// http/body.ts reads the size from Content-Length and the JSON from Node's IncomingMessage
// instead of a WHATWG Request. Every body, sent with a declared length and chunked, must get
// the same answer as the same body through app.request() (the standard path, which the
// bad-input tests cover route by route): same status, same problem+json.
import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness.ts';

const JSON_LIMIT = 1024 * 1024;
const errors: string[] = [];
let s: TestServer;
let server: ReturnType<typeof serve>;
let port: number;
let token: string;

beforeAll(async () => {
  s = await startTestServer({ app: { log: (m) => errors.push(m) } });
  token = await s.login('reception.cong_an_xa');
  server = serve({ fetch: s.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await s.close();
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders | Record<string, string>;
  text: string;
}

/** Over the socket; `chunked`: no Content-Length, the body in pieces. */
function overSocket(method: string, path: string, headers: Record<string, string>, body: Buffer | undefined, chunked: boolean): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { ...headers, ...(body && !chunked ? { 'content-length': String(body.length) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (b: Buffer) => chunks.push(b));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body && chunked) {
      for (let i = 0; i < body.length; i += 7000) req.write(body.subarray(i, i + 7000));
    } else if (body) req.write(body);
    req.end();
  });
}

async function inProcess(method: string, path: string, headers: Record<string, string>, body: Buffer | undefined): Promise<Answer> {
  const r = await s.app.request(path, { method, headers, ...(body ? { body: new Uint8Array(body) } : {}) });
  return { status: r.status, headers: { 'content-type': r.headers.get('content-type') ?? '' }, text: await r.text() };
}

const json = (a: Answer): unknown => JSON.parse(a.text);

interface Case {
  readonly name: string;
  readonly body?: Buffer;
  readonly type?: string;
  readonly path?: string;
  /** The status both paths must give. */
  readonly status: number;
}

const action = () => `/api/dossiers/${randomUUID()}/actions/accept`;
const deep = (n: number) => Buffer.from(`${'['.repeat(n)}${']'.repeat(n)}`);

const CASES: Case[] = [
  // A well-formed body passes validation; the dossier does not exist.
  { name: 'an empty object', body: Buffer.from('{}'), status: 404 },
  { name: 'inputs in Vietnamese', body: Buffer.from(JSON.stringify({ inputs: { note: 'Hồ sơ đủ, tiếp nhận — Số 5 Lê Lợi' } })), status: 404 },
  { name: 'a leading byte-order mark', body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')]), status: 404 },
  { name: 'no body at all', status: 422 },
  { name: 'an empty body', body: Buffer.alloc(0), status: 422 },
  { name: 'malformed JSON', body: Buffer.from('{"inputs":'), status: 400 },
  { name: 'invalid UTF-8 inside a string', body: Buffer.from([0x7b, 0x22, 0x69, 0x6e, 0x70, 0x75, 0x74, 0x73, 0x22, 0x3a, 0x7b, 0x22, 0x6e, 0x6f, 0x74, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x7d]), status: 404 },
  { name: 'an unknown field', body: Buffer.from('{"extra":1}'), status: 422 },
  { name: 'JSON nested too deeply', body: deep(100), status: 400 },
  { name: 'JSON nested just deep enough', body: deep(64), status: 422 },
  { name: 'the wrong content type', body: Buffer.from('{}'), type: 'text/plain', status: 415 },
  { name: 'a body over the limit', body: Buffer.from(JSON.stringify({ pad: 'x'.repeat(JSON_LIMIT) })), status: 413 },
  { name: 'a body just under the limit', body: Buffer.from(JSON.stringify({ pad: 'x'.repeat(JSON_LIMIT - 20) })), status: 422 },
  // Sign-in: a body that reaches the handler and answers 200 with a token.
  { name: 'a sign-in', path: '/api/auth/login', body: Buffer.from(JSON.stringify({ username: 'leader.cong_an_xa', password: 'motcua' })), status: 200 },
];

describe('JSON bodies over a socket, with a declared length and chunked', () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.status}, as through app.request()`, async () => {
      const path = c.path ?? action();
      const headers = { 'content-type': c.type ?? 'application/json', authorization: `Bearer ${token}` };
      const expected = await inProcess('POST', path, headers, c.body);
      expect(expected.status, expected.text).toBe(c.status);
      for (const chunked of [false, true]) {
        const got = await overSocket('POST', path, headers, c.body, chunked);
        expect({ status: got.status, body: json(got), type: got.headers['content-type'] }, `chunked: ${chunked}`).toEqual({
          status: expected.status,
          body: json(expected),
          type: expected.headers['content-type'],
        });
      }
    });
  }

  it('answers 413 to a declared length over the limit without waiting for the body', async () => {
    const answer = await new Promise<Answer>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, method: 'POST', path: action(), headers: { 'content-type': 'application/json', 'content-length': String(50 * JSON_LIMIT), authorization: `Bearer ${token}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (b: Buffer) => chunks.push(b));
          res.on('end', () => {
            req.destroy();
            resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
          });
        },
      );
      req.on('error', (e) => (e.message.includes('socket hang up') || (e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
      req.write('{"pad":"'); // and nothing more
    });
    expect(answer.status).toBe(413);
    expect(json(answer)).toMatchObject({ code: 'payload_too_large' });
  });

  it('survives a client that leaves in the middle of a body, and keeps serving', async () => {
    await new Promise<void>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: action(), headers: { 'content-type': 'application/json', 'content-length': '1000', authorization: `Bearer ${token}` } });
      req.on('error', () => resolve());
      req.write('{"inputs":{"note":"');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 100);
    });
    await new Promise((r) => setTimeout(r, 100));
    const after = await overSocket('POST', action(), { 'content-type': 'application/json', authorization: `Bearer ${token}` }, Buffer.from('{}'), false);
    expect(after.status).toBe(404);
    expect(errors).toEqual([]);
  });
});
