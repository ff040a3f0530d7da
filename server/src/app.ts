// The HTTP application: the JSON API (every route declared with its zod schemas, described at
// /openapi.json), sign-in, and the server-rendered pages. Errors of every kind leave as
// problem+json; bad input never reaches the engine unparsed and never yields a 500.
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { EngineError, StorageError } from '@motcua/engine';
import { LoginThrottle, SampleIdentityProvider, type IdentityProvider } from './auth/identity.ts';
import { TokenVerifier } from './auth/tokens.ts';
import type { ServerContext } from './context.ts';
import { limitBody } from './http/body.ts';
import { ApiError, fromEngineError, langOf, problems } from './http/problem.ts';
import { createLogger, type Level } from './log.ts';
import { Api, type AppEnv } from './http/route.ts';
import { renderApiReference } from './http/reference.ts';
import { EmbeddedGateway, type PaymentGateway } from './payments/gateway.ts';
import { SESSION_COOKIE } from './auth/sign-in.ts';
import { authRoutes } from './routes/auth.ts';
import { dossierRoutes, MAX_UPLOAD_BYTES } from './routes/dossiers.ts';
import { officerRoutes } from './routes/officers.ts';
import { procedureRoutes } from './routes/procedures.ts';
import { studioRoutes } from './routes/studio.ts';
import { pageRoutes } from './pages/routes.ts';
import { pageContext, prefersHtml, renderNotFound } from './pages/shell.ts';
import type { Runtime } from './runtime/runtime.ts';

export interface AppOptions {
  readonly identity?: IdentityProvider;
  readonly gateway?: PaymentGateway;
  /** Session length in seconds (default 8 hours). */
  readonly tokenTtl?: number;
  /** How many valid tokens are remembered so that they are not verified again (default 10,000; 0 for none). */
  readonly tokenCacheSize?: number;
  /** The library the studio edits (default: the one the runtime loaded and publishes, `runtime.proceduresDir`). */
  readonly proceduresDir?: string;
  /** Receives each log line (unexpected errors), already redacted by log.ts; default stderr. */
  readonly log?: (message: string) => void;
}

const JSON_LIMIT = 1024 * 1024;

export function createApp(runtime: Runtime, options: AppOptions = {}): { app: Hono<AppEnv>; ctx: ServerContext; api: Api } {
  const app = new Hono<AppEnv>();
  const sample =
    options.identity === undefined && 'citizens' in runtime.registry
      ? new SampleIdentityProvider(
          (runtime.registry as { citizens(): Array<{ personal_id: string; full_name: string }> }).citizens(),
          dedupeAgencies(runtime.catalog.flatMap((e) => e.ir.agencies)),
        )
      : undefined;
  const gateway = options.gateway ?? new EmbeddedGateway(runtime.secret);
  const ctx: ServerContext = {
    runtime,
    identity: options.identity ?? sample ?? { authenticate: async () => undefined },
    ...(sample ? { sampleUsers: sample } : {}),
    throttle: new LoginThrottle(),
    gateway,
    tokenTtl: options.tokenTtl ?? 8 * 3600,
  };
  // Redacted before it leaves: no token, secret, signature, password or personal id (log.ts).
  const logger = createLogger({ secrets: [runtime.secret], ...(options.log ? { sink: (_level: Level, line: string) => options.log!(line) } : {}) });

  app.onError((err, c) => {
    const lang = langOf(c.req);
    if (err instanceof ApiError) return err.toResponse(lang);
    if (err instanceof EngineError) return fromEngineError(err).toResponse(lang);
    if (err instanceof StorageError) return new ApiError(409, err.code, { vi: err.message, en: err.message }).toResponse(lang);
    if (err instanceof HTTPException) {
      if (err.status === 413) return problems.tooLarge().toResponse(lang);
      return new ApiError(err.status, 'http_error', { vi: err.message || 'Yêu cầu không hợp lệ', en: err.message || 'Bad request' }).toResponse(lang);
    }
    logger.error(`motcua: lỗi nội bộ ${c.req.method} ${new URL(c.req.url).pathname}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return new ApiError(500, 'internal_error', { vi: 'Lỗi hệ thống, xin thử lại sau', en: 'Internal error, please try again later' }).toResponse(lang);
  });

  // Body size: uploads up to the upload limit, everything else 1 MB — a declared length is checked
  // before reading; a chunked body is read only up to the limit (hono's bodyLimit), never whole
  // (http/body.ts: without building a WHATWG Request when the length is declared).
  const tooLarge = (): never => {
    throw problems.tooLarge();
  };
  const uploadLimit = limitBody(MAX_UPLOAD_BYTES + 64 * 1024, tooLarge);
  const jsonLimit = limitBody(JSON_LIMIT, tooLarge);
  app.use('/api/*', (c, next) => (/\/documents\/[^/]+$/.test(c.req.path) ? uploadLimit : jsonLimit)(c, next));

  // Who is calling: a Bearer token, or the session cookie set by the login page.
  const tokens = new TokenVerifier(runtime.secret, options.tokenCacheSize);
  app.use('*', async (c, next) => {
    const header = c.req.header('authorization');
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : getCookie(c, SESSION_COOKIE);
    const user = token ? tokens.verify(token, runtime.engine.now()) : undefined;
    if (header?.startsWith('Bearer ') && !user) throw new ApiError(401, 'invalid_token', { vi: 'Phiên đăng nhập không hợp lệ hoặc đã hết hạn', en: 'Invalid or expired token' });
    c.set('user', user);
    await next();
  });

  app.get('/healthz', (c) => c.json({ status: 'ok', procedures: runtime.catalog.length, skipped: runtime.catalogFailures }));

  const api = new Api(app);
  authRoutes(api, ctx);
  procedureRoutes(api, ctx);
  dossierRoutes(api, ctx);
  officerRoutes(api, ctx);
  studioRoutes(api, app, ctx, options.proceduresDir ?? runtime.proceduresDir);

  const info = {
    title: 'Motcua API',
    version: '1',
    description:
      'Hồ sơ thủ tục hành chính trực tuyến — API (tiếng Việt trước, English with ?lang=en). Tên, nhãn của thủ tục kèm bản tiếng Anh khi thủ tục có: titleEn, labelEn, stateLabelEn bên cạnh title, label, stateLabel / a procedure’s texts come with their English companion when the procedure gives one.',
  };
  app.get('/openapi.json', (c) => c.json(api.openApi(info)));
  app.get('/api/docs', (c) => c.html(renderApiReference(api.openApi(info))));

  pageRoutes(app, ctx);

  // An address that leads nowhere: a page for a browser, problem+json for everyone else and always under /api/.
  app.notFound((c) => {
    if (!/^\/api(\/|$)/.test(c.req.path) && prefersHtml(c.req.header('accept'))) return renderNotFound(pageContext(c));
    const res = problems.notFound('Không tìm thấy trang hoặc địa chỉ API', 'No such page or endpoint').toResponse(langOf(c.req));
    res.headers.set('vary', 'Accept');
    return res;
  });
  return { app, ctx, api };
}

function dedupeAgencies<T extends { id: string }>(list: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const a of list) if (!seen.has(a.id)) seen.set(a.id, a);
  return [...seen.values()];
}
