// Sign-in over the API: username + password → a signed session token (also set as a cookie).
import { z } from 'zod';
import { signIn } from '../auth/sign-in.ts';
import type { ServerContext } from '../context.ts';
import { ApiError } from '../http/problem.ts';
import type { Api } from '../http/route.ts';

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
      const r = await signIn(ctx, c, body.username, body.password);
      if (!r.ok && r.retryAfterMs > 0) {
        throw new ApiError(429, 'too_many_attempts', { vi: 'Đăng nhập sai quá nhiều lần; hãy thử lại sau', en: 'Too many failed sign-ins; try again later' }, {}, { 'retry-after': String(Math.ceil(r.retryAfterMs / 1000)) });
      }
      if (!r.ok) throw new ApiError(401, 'invalid_credentials', { vi: 'Sai tên đăng nhập hoặc mật khẩu', en: 'Wrong username or password' });
      const { token, user } = r;
      return c.json({ token, user, expiresIn: ctx.tokenTtl });
    },
  );

  api.route({ method: 'get', path: '/api/me', summary: 'Người dùng hiện tại / current user', tag: 'auth', auth: ['citizen', 'reception', 'specialist', 'leader', 'manager', 'designer', 'admin'] }, ({ c, user }) =>
    c.json({ id: user!.sub, role: user!.role, name: user!.name, ...(user!.agency ? { agency: user!.agency } : {}) }),
  );
}
