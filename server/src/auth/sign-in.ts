// Signing in, the one way the API and the login page both use: the throttle (per username and
// per network address), the identity provider, a token on the server's clock, the session cookie.
import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { ServerContext } from '../context.ts';
import type { User } from './identity.ts';
import { issueToken } from './tokens.ts';

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

export type SignIn = { readonly ok: true; readonly user: User; readonly token: string } | { readonly ok: false; readonly retryAfterMs: number };

/** Checks the credentials; on success issues the token and sets the session cookie. `retryAfterMs` > 0 when throttled. */
export async function signIn(ctx: ServerContext, c: Context, username: string, password: string): Promise<SignIn> {
  const keys = [`user:${username.toLowerCase()}`, `client:${clientAddress(c)}`];
  const wait = ctx.throttle.retryAfter(keys);
  if (wait > 0) return { ok: false, retryAfterMs: wait };
  const user = await ctx.identity.authenticate(username, password);
  if (!user) {
    ctx.throttle.fail(keys);
    return { ok: false, retryAfterMs: 0 };
  }
  ctx.throttle.succeed([keys[0]!]);
  // On the engine's clock: sessions are checked against it (a virtual one in tests and scenarios).
  const token = issueToken(ctx.runtime.secret, { sub: user.id, role: user.role, name: user.name, ...(user.agency ? { agency: user.agency } : {}) }, ctx.tokenTtl, ctx.runtime.engine.now());
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: ctx.tokenTtl });
  return { ok: true, user, token };
}
