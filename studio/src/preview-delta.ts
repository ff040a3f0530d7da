// Previews travel from the worker to the page as changes. A keystroke in a 2,000-line procedure
// changes one field or the title, but the whole preview (the form's ~800 fields, and the IR the
// fee rules run on) is ~450 KB: copying it through postMessage and comparing it again on the
// page cost more than the analysis itself. So the worker keeps the JSON of what it last sent for
// each file and sends only the parts that differ; the page rebuilds the preview from the one
// before, sharing every unchanged part (the same objects), which also lets it tell at a glance
// which panels and form fields need drawing again. Plain data only: runs under vitest.

/**
 * Where the preview is cut into parts. An object shape lists the keys to look into (any other
 * key is one part); `list` compares a list item by item (an item moved or kept is sent as its
 * index in the previous list); `value` is one part, sent whole when it changed.
 */
export type Shape = 'value' | 'list' | { readonly [key: string]: Shape };

export type Delta =
  /** A new value, whole (`undefined`: the key is absent). */
  | { readonly v: unknown }
  /** An object: its keys in order, and the changes of those that changed (the others are as before). */
  | { readonly k: readonly string[]; readonly s: { readonly [key: string]: Delta } }
  /** A list: for each item, its index in the previous list, or -1 for the next item of `n`. */
  | { readonly l: readonly number[]; readonly n: readonly unknown[] };

/** A value the encoder leaves as it was last sent (the page keeps its copy); see `DeltaEncoder.encode`. */
export const KEEP: unique symbol = Symbol('keep');

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What was sent at one place of the preview: an object's keys, a list's items, or a value. */
type Sent =
  | { readonly kind: 'object'; readonly keys: readonly string[] }
  | { readonly kind: 'list'; readonly items: readonly unknown[] }
  | { readonly kind: 'value'; readonly value: unknown };

/**
 * The worker's side, one per file: what was last sent, by place in the preview. Parts are
 * compared by value, without turning them into JSON (twice as fast on a large form); the
 * worker never changes a preview it has built, so what was sent is kept by reference.
 */
export class DeltaEncoder {
  /** Place (`.procedure.form`) → what was sent there. */
  private readonly sent = new Map<string, Sent>();

  /** Nothing was sent yet (or everything was forgotten): the next delta carries every part. */
  get empty(): boolean {
    return this.sent.size === 0;
  }

  forget(): void {
    this.sent.clear();
  }

  /**
   * The changes from what was last sent to `value`, or `undefined` when nothing changed. Any
   * `KEEP` found in `value` stands for what was sent last at that place (it must have been sent).
   */
  encode(value: unknown, shape: Shape): Delta | undefined {
    return this.at(value, shape, '');
  }

  private at(value: unknown, shape: Shape, place: string): Delta | undefined {
    const before = this.sent.get(place);
    if (typeof shape === 'object' && isObject(value)) {
      const keys = Object.keys(value).filter((k) => value[k] !== undefined);
      const sameKeys = before?.kind === 'object' && sameList(before.keys, keys);
      if (!sameKeys) {
        if (before?.kind !== 'object') this.forgetUnder(place);
        else
          // A part that is gone must be sent whole when it comes back: the page no longer has it.
          for (const gone of before.keys)
            if (!keys.includes(gone)) {
              this.sent.delete(`${place}.${gone}`);
              this.forgetUnder(`${place}.${gone}`);
            }
        this.sent.set(place, { kind: 'object', keys });
      }
      const s: Record<string, Delta> = {};
      let changed = !sameKeys;
      for (const k of keys) {
        const v = value[k];
        if (v === KEEP) continue;
        const d = this.at(v, shape[k] ?? 'value', `${place}.${k}`);
        if (d) {
          s[k] = d;
          changed = true;
        }
      }
      return changed ? { k: keys, s } : undefined;
    }
    if (shape === 'list' && Array.isArray(value)) {
      this.sent.set(place, { kind: 'list', items: value });
      if (before?.kind !== 'list') {
        this.forgetUnder(place);
        return { l: value.map(() => -1), n: value };
      }
      const was = before.items;
      // Most edits leave every item where it was: compare in place, and look items up only if not.
      if (was.length === value.length && value.every((v, i) => same(v, was[i]))) return undefined;
      let where: Map<string, number> | undefined;
      const l: number[] = [];
      const n: unknown[] = [];
      value.forEach((v, i) => {
        let from = i < was.length && same(v, was[i]) ? i : -1;
        if (from < 0) {
          if (!where) {
            where = new Map();
            for (let j = 0; j < was.length; j++) {
              const json = JSON.stringify(was[j]) ?? 'null';
              if (!where.has(json)) where.set(json, j);
            }
          }
          from = where.get(JSON.stringify(v) ?? 'null') ?? -1;
        }
        l.push(from);
        if (from < 0) n.push(v);
      });
      return { l, n };
    }
    if (before?.kind === 'value' && same(before.value, value)) return undefined;
    if (before && before.kind !== 'value') this.forgetUnder(place);
    this.sent.set(place, { kind: 'value', value });
    return { v: value };
  }

  private forgetUnder(place: string): void {
    const prefix = `${place}.`;
    for (const k of this.sent.keys()) if (k.startsWith(prefix)) this.sent.delete(k);
  }
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Equal as JSON data: same keys in the same order, same values (when true, the JSON texts are equal too). */
export function sameData(a: unknown, b: unknown): boolean {
  return same(a, b);
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!;
    if (k !== kb[i] || !same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** The page's side: `previous` with `delta` applied; every part the delta does not mention is the same object as before. */
export function applyDelta<T>(previous: T | undefined, delta: Delta | undefined): T {
  return apply(previous, delta) as T;
}

function apply(previous: unknown, delta: Delta | undefined): unknown {
  if (delta === undefined) return previous;
  if ('v' in delta) return delta.v;
  if ('k' in delta) {
    const before = isObject(previous) ? previous : {};
    const out: Record<string, unknown> = {};
    for (const k of delta.k) {
      const v = k in delta.s ? apply(before[k], delta.s[k]) : before[k];
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  const before = Array.isArray(previous) ? previous : [];
  let next = 0;
  return delta.l.map((i) => (i >= 0 ? before[i] : delta.n[next++]));
}

// ---------------------------------------------------------------------------- keys on the page

const keys = new WeakMap<object, string>();

/**
 * A string that changes when `value` does, for deciding what to draw again: JSON, computed once
 * per object. The parts of a preview that did not change are the same objects from one message
 * to the next, so only the changed ones are turned into JSON again. `depth` levels of objects and
 * lists are keyed part by part (each part cached), deeper ones as a whole.
 */
export function keyOf(value: unknown, depth = 0): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? '';
  let key = keys.get(value);
  if (key === undefined) {
    if (depth <= 0) key = JSON.stringify(value);
    else if (Array.isArray(value)) key = `[${value.map((v) => keyOf(v, depth - 1) || 'null').join(',')}]`;
    else
      key = `{${Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${JSON.stringify(k)}:${keyOf(v, depth - 1)}`)
        .join(',')}}`;
    keys.set(value, key);
  }
  return key;
}
