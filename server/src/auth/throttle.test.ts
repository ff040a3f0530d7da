// The login throttle: five failures in fifteen minutes lock a username (or an address) out for
// the rest of the window; its memory stays bounded whatever names an attacker tries.
import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './identity.ts';

const MIN = 60_000;

describe('the login throttle', () => {
  it('locks a name after five failures until the first of them leaves the window', () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 4; i++) t.fail(['user:a'], i * MIN);
    expect(t.retryAfter(['user:a'], 4 * MIN)).toBe(0);
    t.fail(['user:a'], 4 * MIN);
    expect(t.retryAfter(['user:a'], 5 * MIN)).toBe(10 * MIN);
    expect(t.retryAfter(['user:b'], 5 * MIN)).toBe(0);
    expect(t.retryAfter(['user:a'], 15 * MIN)).toBe(0); // the failure at 0 has left the window
  });

  it('forgets a name after a successful login', () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 5; i++) t.fail(['user:a'], 0);
    t.succeed(['user:a']);
    expect(t.retryAfter(['user:a'], 1)).toBe(0);
    expect(t.size).toBe(0);
  });

  it('remembers nothing for names that were only checked, and at most maxKeys names', () => {
    const t = new LoginThrottle(5, 15 * MIN, 100);
    for (let i = 0; i < 1_000; i++) t.retryAfter([`user:probe-${i}`, 'addr:10.0.0.1'], i);
    expect(t.size).toBe(0);
    for (let i = 0; i < 1_000; i++) t.fail([`user:spray-${i}`], i);
    expect(t.size).toBeLessThanOrEqual(100);
    // The most recent names are the ones kept: the last one still counts its failure.
    for (let i = 0; i < 4; i++) t.fail(['user:spray-999'], 1_000 + i);
    expect(t.retryAfter(['user:spray-999'], 2_000)).toBeGreaterThan(0);
  });
});
