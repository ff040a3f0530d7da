// "The database is unchanged": every table's row count and a hash of its rows (in a stable
// order), so a test can compare before and after a request that must change nothing.
import { createHash } from 'node:crypto';
import type { Storage } from '@motcua/engine';

export type DatabaseSnapshot = Record<string, { rows: number; hash: string }>;

/** Every table except `except` (e.g. the access log, which refusals may legitimately write). */
export async function databaseSnapshot(db: Storage['db'], except: ReadonlySet<string> = new Set()): Promise<DatabaseSnapshot> {
  const tables = (await db.introspection.getTables()).map((t) => t.name).filter((n) => !except.has(n)).sort();
  const out: DatabaseSnapshot = {};
  for (const t of tables) {
    const rows = await db.selectFrom(t as 'dossiers').selectAll().execute();
    const lines = rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).sort();
    out[t] = { rows: rows.length, hash: createHash('sha256').update(lines.join('\n')).digest('hex') };
  }
  return out;
}
