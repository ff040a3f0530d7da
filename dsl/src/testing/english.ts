// Test support: procedure texts with English companions (labelEn, helpEn, titleEn, messageEn)
// set as the compiler fills them from `en "…"` — on a copy, from a dictionary Vietnamese → English
// — so a test states exactly which texts have English, whatever the library's files give.

/** Each procedure text and its English companion. */
const COMPANIONS = [
  ['label', 'labelEn'],
  ['help', 'helpEn'],
  ['message', 'messageEn'],
  ['title', 'titleEn'],
] as const;

function relabel(value: unknown, en: Readonly<Record<string, string>>): unknown {
  if (Array.isArray(value)) return value.map((x) => relabel(x, en));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  const companions = new Set<string>(COMPANIONS.map(([, c]) => c));
  for (const [k, v] of Object.entries(value)) if (!companions.has(k)) out[k] = relabel(v, en);
  for (const [text, companion] of COMPANIONS) {
    const vi = (value as Record<string, unknown>)[text];
    const english: unknown = typeof vi === 'string' ? en[vi] : undefined;
    if (typeof english === 'string') out[companion] = english;
  }
  return out;
}

/**
 * A copy of `value` (an IR, or anything built from one) in which every label, help text,
 * notification message and title found in `en` has that English companion, and every other text
 * none. `value` is not changed.
 */
export function withEnglish<T>(value: T, en: Readonly<Record<string, string>>): T {
  return relabel(value, en) as T;
}

/** A copy of `value` without any English companion: the procedure as written in Vietnamese only. */
export function withoutEnglish<T>(value: T): T {
  return withEnglish(value, {});
}
