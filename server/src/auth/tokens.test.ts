// The server checks the token of every request through a TokenVerifier, which remembers the
// tokens it found valid. It must answer exactly as verifyToken does: expiry checked on every
// call, forged and altered tokens refused and never remembered, memory bounded.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { issueToken, TokenVerifier, verifyToken } from './tokens.ts';

const secret = randomBytes(32);
const claims = { sub: 'reception.cong_an_xa', role: 'reception' as const, agency: 'cong_an_xa', name: 'Cán bộ' };
const now = Date.UTC(2025, 2, 3, 1, 0);

describe('TokenVerifier', () => {
  it('gives the claims of a valid token, the same on every call, as verifyToken does', () => {
    const v = new TokenVerifier(secret);
    const token = issueToken(secret, claims, 3600, now);
    const first = v.verify(token, now);
    expect(first).toEqual(verifyToken(secret, token, now));
    expect(first).toMatchObject(claims);
    expect(v.size).toBe(1);
    expect(v.verify(token, now + 1000)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('checks the expiry of a remembered token on every call', () => {
    const v = new TokenVerifier(secret);
    const token = issueToken(secret, claims, 60, now);
    expect(v.verify(token, now)).toBeDefined();
    expect(v.verify(token, now + 59_999)).toBeDefined();
    expect(v.verify(token, now + 60_000)).toBeUndefined();
    expect(verifyToken(secret, token, now + 60_000)).toBeUndefined();
    expect(v.size).toBe(0);
    // A clock set back (the tests' virtual clock): valid again, as verifyToken says.
    expect(v.verify(token, now)).toBeDefined();
  });

  it('refuses and never remembers forged, altered, foreign and garbage tokens', () => {
    const v = new TokenVerifier(secret);
    const token = issueToken(secret, claims, 3600, now);
    const [body, mac] = token.split('.') as [string, string];
    const admin = Buffer.from(JSON.stringify({ ...claims, role: 'admin', exp: Math.floor(now / 1000) + 3600 })).toString('base64url');
    const bad = [
      `${admin}.${mac}`,
      `${body}.${mac.slice(0, -2)}AA`,
      issueToken(randomBytes(32), claims, 3600, now),
      `${token}.x`,
      'garbage',
      '',
    ];
    for (const t of bad) {
      expect(v.verify(t, now), t).toBeUndefined();
      expect(v.verify(t, now), t).toBeUndefined();
    }
    expect(v.size).toBe(0);
    // The valid token still works after the forgeries, and a remembered one does not vouch for its variants.
    expect(v.verify(token, now)).toBeDefined();
    expect(v.verify(`${admin}.${mac}`, now)).toBeUndefined();
  });

  it('remembers at most `max` tokens, forgetting the oldest, and still verifies the forgotten', () => {
    const v = new TokenVerifier(secret, 3);
    const tokens = Array.from({ length: 5 }, (_, i) => issueToken(secret, { ...claims, sub: `u${i}` }, 3600, now));
    for (const t of tokens) expect(v.verify(t, now)).toBeDefined();
    expect(v.size).toBe(3);
    expect(v.verify(tokens[0]!, now)?.sub).toBe('u0');
    expect(v.size).toBe(3);
  });

  it('remembers nothing when told 0, and still verifies every token', () => {
    const v = new TokenVerifier(secret, 0);
    const token = issueToken(secret, claims, 3600, now);
    expect(v.verify(token, now)).toMatchObject(claims);
    expect(v.verify(token, now)).toMatchObject(claims);
    expect(v.size).toBe(0);
  });

  it('remembers a token by its text, not by the header string it was sliced from', () => {
    const v = new TokenVerifier(secret);
    let header: string | undefined = `Bearer ${issueToken(secret, claims, 3600, now)}`;
    const first = v.verify(header.slice(7), now);
    expect(first).toBeDefined();
    header = undefined;
    // A later request's equal token (another string) finds the remembered claims: the key is the token's text.
    expect(v.verify(`${issueToken(secret, claims, 3600, now)}`, now)).toBe(first);
    expect(v.size).toBe(1);
  });
});
