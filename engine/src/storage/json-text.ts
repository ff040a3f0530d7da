// JSON columns: TEXT in SQLite, JSONB in PostgreSQL. Both dialects exchange them as JSON text
// (the pg pool is told not to parse jsonb), so rows look the same whichever database is behind.

import type { ZodType } from 'zod';

declare const jsonText: unique symbol;

/** JSON-encoded text as stored in a JSON column; only `encodeJson` makes one. */
export type JsonText = string & { readonly [jsonText]: true };

/** Column type for the schema builder: the same text on both dialects, JSONB where it exists. */
export function jsonColumnType(dialect: 'sqlite' | 'postgres'): 'text' | 'jsonb' {
  return dialect === 'postgres' ? 'jsonb' : 'text';
}

export function encodeJson(value: unknown): JsonText {
  const text = JSON.stringify(value);
  // JSON.stringify(undefined) is undefined: refuse it here rather than store NULL by surprise.
  if (text === undefined) throw new TypeError('encodeJson: value has no JSON form (undefined or a function)');
  return text as JsonText;
}

/**
 * Reads a JSON column. Storage does not know the shapes the engine keeps there, so the caller
 * passes its zod schema to parse the value once at this boundary; without one the value is `unknown`.
 */
export function decodeJson<T>(text: JsonText, schema: ZodType<T>): T;
export function decodeJson(text: JsonText): unknown;
export function decodeJson<T>(text: JsonText, schema?: ZodType<T>): unknown {
  const value: unknown = JSON.parse(text);
  return schema ? schema.parse(value) : value;
}
