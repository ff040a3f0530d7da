// Routes declared once: method, path, who may call it, the zod schemas of params, query and
// body. Declaring a route registers the Hono handler AND its OpenAPI description, so every input
// is parsed by zod and the reference at /openapi.json cannot drift from the code.
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Claims, Role } from '../auth/tokens.ts';
import { readText } from './body.ts';
import { ApiError, problems, type FieldProblem } from './problem.ts';

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  readonly method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** Hono path syntax (`/api/dossiers/:id`). */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  /** Roles allowed; 'public' for no sign-in. */
  readonly auth: readonly Role[] | 'public';
  readonly params?: P;
  readonly query?: Q;
  /** JSON body schema; 'multipart' for file uploads (parsed by the handler). */
  readonly body?: B | 'multipart';
  readonly responses?: Readonly<Record<number, string>>;
}

export interface Handled<P, Q, B> {
  readonly c: Context;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** The signed-in user (undefined only on public routes). */
  readonly user: Claims | undefined;
}

export type AppEnv = { Variables: { user: Claims | undefined } };

/** The API of one app instance: its Hono app and the specs of its routes. */
export class Api {
  readonly routes: Array<RouteSpec<z.ZodType, z.ZodType, z.ZodType>> = [];
  constructor(readonly app: Hono<AppEnv>) {}

  route<P extends z.ZodType = z.ZodObject, Q extends z.ZodType = z.ZodObject, B extends z.ZodType = z.ZodUndefined>(
    spec: RouteSpec<P, Q, B>,
    handler: (h: Handled<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<Response> | Response,
  ): void {
    this.routes.push(spec as unknown as RouteSpec<z.ZodType, z.ZodType, z.ZodType>);
    register(this.app, spec, handler);
  }

  openApi(info: { title: string; version: string; description: string }): unknown {
    return openApiDocument(this.routes, info);
  }
}

export function zodProblems(error: z.ZodError, prefix = ''): FieldProblem[] {
  return error.issues.map((i) => {
    const path = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
    const vi =
      i.code === 'unrecognized_keys'
        ? `Trường không được phép: ${(i as { keys: string[] }).keys.join(', ')}`
        : i.code === 'invalid_type'
          ? `Sai kiểu dữ liệu (cần ${(i as { expected: string }).expected})`
          : i.code === 'too_big'
            ? 'Giá trị quá lớn hoặc quá dài'
            : i.code === 'too_small'
              ? 'Giá trị quá nhỏ hoặc quá ngắn'
              : 'Giá trị không hợp lệ';
    return { path: path || '(body)', code: i.code, message: { vi, en: i.message } };
  });
}

async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw problems.unsupportedType('Nội dung phải là JSON (Content-Type: application/json)', 'The body must be JSON (Content-Type: application/json)');
  }
  const text = await readText(c);
  let value: unknown;
  try {
    value = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw problems.badRequest('JSON không đúng cú pháp', 'Malformed JSON');
  }
  if (nestedDeeperThan(value, MAX_JSON_DEPTH)) {
    throw problems.badRequest(`JSON lồng quá sâu (tối đa ${MAX_JSON_DEPTH} mức)`, `JSON nested too deeply (at most ${MAX_JSON_DEPTH} levels)`);
  }
  return value;
}

/**
 * No request needs deeper JSON; the engine walks inputs recursively (NFC normalisation,
 * canonical JSON), and 5,000 levels — 10 kB of brackets — overflowed the stack (a 500).
 */
const MAX_JSON_DEPTH = 64;

function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<readonly [unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

function register<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  app: Hono<AppEnv>,
  spec: RouteSpec<P, Q, B>,
  handler: (h: Handled<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<Response> | Response,
): void {
  app.on(spec.method.toUpperCase(), spec.path, async (c) => {
    const user = c.get('user');
    if (spec.auth !== 'public') {
      if (!user) throw problems.unauthorized();
      if (!spec.auth.includes(user.role)) throw problems.forbidden();
    }
    const parse = <T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> => {
      if (!schema) return value as z.infer<T>;
      const r = schema.safeParse(value);
      if (!r.success) throw problems.validation(zodProblems(r.error, where));
      return r.data;
    };
    const params = parse(spec.params, c.req.param(), 'params');
    // `lang` (the language of the answer, read by langOf) is accepted on every route, declared or not.
    const { lang: _lang, ...rest } = c.req.query();
    const query = parse(spec.query, spec.query instanceof z.ZodObject && 'lang' in spec.query.shape ? c.req.query() : rest, 'query');
    let body: unknown = undefined;
    if (spec.body && spec.body !== 'multipart') body = parse(spec.body, await readJson(c), '');
    return handler({ c, params, query, body: body as z.infer<B>, user });
  });
}

/** The OpenAPI 3.1 document of every declared route. */
function openApiDocument(registry: ReadonlyArray<RouteSpec<z.ZodType, z.ZodType, z.ZodType>>, info: { title: string; version: string; description: string }): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  const schema = (s: z.ZodType) => z.toJSONSchema(s, { unrepresentable: 'any', io: 'input' });
  for (const r of registry) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, s] of [['path', r.params], ['query', r.query]] as const) {
      if (!s) continue;
      const js = schema(s) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, p] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: p });
      }
    }
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: [r.tag],
      ...(parameters.length ? { parameters } : {}),
      ...(r.auth === 'public' ? { security: [] } : { 'x-roles': r.auth }),
      responses: Object.fromEntries(
        Object.entries({ 200: 'OK', ...(r.responses ?? {}) }).map(([code, description]) => [
          code,
          { description, ...(Number(code) >= 400 ? { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } } : {}) },
        ]),
      ),
    };
    if (r.body === 'multipart') {
      op['requestBody'] = { required: true, content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } } } };
    } else if (r.body) {
      op['requestBody'] = { required: true, content: { 'application/json': { schema: schema(r.body) } } };
    }
    (paths[path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Problem: {
          type: 'object',
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            code: { type: 'string' },
            messages: { type: 'object', properties: { vi: { type: 'string' }, en: { type: 'string' } } },
            errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
      },
    },
    security: [{ bearer: [] }],
    paths,
  };
}

export { ApiError };
