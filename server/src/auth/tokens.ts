// Signed, expiring session tokens: base64url(JSON claims) + "." + base64url(HMAC-SHA256). No
// library: the format is small, and verification compares in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const ROLES = ['citizen', 'reception', 'specialist', 'leader', 'manager', 'designer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const Claims = z.object({
  sub: z.string().min(1),
  role: z.enum(ROLES),
  agency: z.string().optional(),
  name: z.string(),
  exp: z.number().int(),
});
export type Claims = z.infer<typeof Claims>;

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export function issueToken(secret: Buffer, claims: Omit<Claims, 'exp'>, ttlSeconds: number, now = Date.now()): string {
  const body = b64(JSON.stringify({ ...claims, exp: Math.floor(now / 1000) + ttlSeconds }));
  const mac = createHmac('sha256', secret).update(body).digest();
  return `${body}.${b64(mac)}`;
}

/** The claims of a valid, unexpired token; undefined for anything else (forged, altered, expired, garbage). */
export function verifyToken(secret: Buffer, token: string, now = Date.now()): Claims | undefined {
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) return undefined;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const claims = Claims.safeParse(json);
  if (!claims.success || claims.data.exp * 1000 <= now) return undefined;
  return claims.data;
}
