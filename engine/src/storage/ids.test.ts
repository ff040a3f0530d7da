// Dossier ids sort in the order the dossiers were made: the officer queue breaks ties (all the
// dossiers waiting for reception have no due time yet) by id, so the oldest comes first.
import { describe, expect, it } from 'vitest';
import { timeOrderedId } from './ids.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedId (UUID version 7, RFC 9562)', () => {
  it('is a version-7 UUID carrying the instant it was made at', () => {
    const t = Date.UTC(2026, 10, 22, 1, 15);
    const id = timeOrderedId(t);
    expect(id).toMatch(UUID_V7);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(t);
  });

  it('sorts by the time it was made, and within one millisecond in the order made', () => {
    const t = Date.UTC(2026, 10, 22, 1, 15);
    const ids = [...Array.from({ length: 5000 }, () => timeOrderedId(t)), timeOrderedId(t + 1), timeOrderedId(t + 60_000)];
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('is not guessable from its neighbours', () => {
    const t = Date.UTC(2026, 10, 22, 1, 16);
    const [a, b] = [timeOrderedId(t), timeOrderedId(t)];
    expect(a.slice(19)).not.toBe(b.slice(19)); // 62 random bits each
  });
});
