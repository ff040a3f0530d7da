// Sign-in: username + password → a signed session token (also set as an HttpOnly cookie for pages).
import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import { z } from 'zod';
import { issueToken } from '../auth/tokens.ts';
import type { ServerContext } from '../context.ts';
import { ApiError } from '../http/problem.ts';
import type { Api } from '../http/route.ts';

export const SESSION_COOKIE = 'motcua_session';

/**
 * The caller's network address for the login throttle: the socket's, never a client-sent
 * X-Forwarded-For (rotating it would dodge the limit). Behind a trusted proxy, set
 * MOTCUA_TRUST_PROXY=1 to use the first X-Forwarded-For address instead.
 */
export function clientAddress(c: Context): string {
  if (process.env['MOTCUA_TRUST_PROXY'] === '1') return c.req.header('x-forwarded-for')?.split(',')[0]?.trim() || 'unknown';
  try {
    return getConnInfo(c).remote.address ?? 'local';
  } catch {
    return 'local'; // in-process requests (tests) have no socket
  }
}

export function authRoutes(api: Api, ctx: ServerContext): void {
  api.route(
    {
      method: 'post',
      path: '/api/auth/login',
      summary: 'Đăng nhập / sign in',
      tag: 'auth',
      auth: 'public',
      body: z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }),
      responses: { 401: 'Sai tên đăng nhập hoặc mật khẩu', 429: 'Thử quá nhiều lần' },
    },
    async ({ c, body }) => {
      const client = clientAddress(c);
      const keys = [`user:${body.username.toLowerCase()}`, `client:${client}`];
      const wait = ctx.throttle.retryAfter(keys);
      if (wait > 0) {
        throw new ApiError(429, 'too_many_attempts', { vi: 'Đăng nhập sai quá nhiều lần; hãy thử lại sau', en: 'Too many failed sign-ins; try again later' }, {}, { 'retry-after': String(Math.ceil(wait / 1000)) });
      }
      const user = await ctx.identity.authenticate(body.username, body.password);
      if (!user) {
        ctx.throttle.fail(keys);
        throw new ApiError(401, 'invalid_credentials', { vi: 'Sai tên đăng nhập hoặc mật khẩu', en: 'Wrong username or password' });
      }
      ctx.throttle.succeed([keys[0]!]);
      const token = issueToken(ctx.runtime.secret, { sub: user.id, role: user.role, name: user.name, ...(user.agency ? { agency: user.agency } : {}) }, ctx.tokenTtl, ctx.runtime.engine.now());
      setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: ctx.tokenTtl });
      return c.json({ token, user, expiresIn: ctx.tokenTtl });
    },
  );

  api.route({ method: 'get', path: '/api/me', summary: 'Người dùng hiện tại / current user', tag: 'auth', auth: ['citizen', 'reception', 'specialist', 'leader', 'manager', 'designer', 'admin'] }, ({ c, user }) =>
    c.json({ id: user!.sub, role: user!.role, name: user!.name, ...(user!.agency ? { agency: user!.agency } : {}) }),
  );
}
