// A small seeded generator (mulberry32) for property tests, fuzzing and generated test data:
// the same seed gives the same sequence on every run, machine and dialect, so a failure found
// with a seed replays from it. Not for anything secret.

export interface Random {
  /** In [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function random(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (n: number) => Math.floor(next() * Math.max(1, n));
  return { next, int, pick: <T>(items: readonly T[]) => items[int(items.length)]!, chance: (p: number) => next() < p };
}
