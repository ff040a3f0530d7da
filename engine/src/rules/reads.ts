// Registry reads for synchronous rules. Rules call `lookup(source, key)`; a `ReadCache` answers
// from what it has loaded and remembers what it was asked for but did not have. The engine
// runs the rules, loads the misses, and runs them again until nothing new is asked for: one
// mechanism for prefill keys that depend on the form, waivers that depend on a lookup, etc.
import type { Lookup } from './evaluate.ts';

type SourceRecord = Readonly<Record<string, unknown>>;

export interface RegistryRead {
  readonly source: string;
  readonly key: string;
}

export class ReadCache {
  private readonly loaded = new Map<string, SourceRecord | undefined>();
  private readonly misses = new Map<string, RegistryRead>();

  static keyOf(source: string, key: string): string {
    return `${source}\u0000${key.normalize('NFC').trim()}`;
  }

  readonly lookup: Lookup = (source, key) => {
    const k = ReadCache.keyOf(source, key);
    if (this.loaded.has(k)) return this.loaded.get(k);
    this.misses.set(k, { source, key: key.normalize('NFC').trim() });
    return undefined;
  };

  set(source: string, key: string, record: SourceRecord | undefined): void {
    this.loaded.set(ReadCache.keyOf(source, key), record);
  }

  /** The reads asked for since the last call, and forgets them. */
  takeMisses(): RegistryRead[] {
    const out = [...this.misses.values()];
    this.misses.clear();
    return out;
  }

  /** Every read that found a record. */
  records(): Array<RegistryRead & { record: SourceRecord }> {
    const out: Array<RegistryRead & { record: SourceRecord }> = [];
    for (const [k, record] of this.loaded) {
      if (!record) continue;
      const [source, key] = k.split('\u0000') as [string, string];
      out.push({ source, key, record });
    }
    return out;
  }
}

/**
 * Runs `compute` with a lookup that can see every record it needs: after each run the missing
 * reads are fetched with `fetch` and the computation repeats (at most `maxRounds` times, since
 * a lookup key can itself come from a lookup). Returns the last result.
 */
export async function withReads<T>(
  cache: ReadCache,
  fetch: (reads: RegistryRead[]) => Promise<void>,
  compute: (lookup: Lookup) => T,
  maxRounds = 5,
): Promise<T> {
  let result = compute(cache.lookup);
  for (let round = 0; round < maxRounds; round++) {
    const misses = cache.takeMisses();
    if (misses.length === 0) return result;
    await fetch(misses);
    result = compute(cache.lookup);
  }
  cache.takeMisses();
  return result;
}
