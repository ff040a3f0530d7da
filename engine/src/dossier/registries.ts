// The registry the engine reads through: the configured registries (national data, land,
// business… — the embedded samples by default) with the digital results store laid over them,
// so data a result published (a birth registration) is found by later procedures.
import type { Kysely } from 'kysely';
import type { Registry, SourceRecord } from '../sources/registry.ts';
import { decodeJson } from '../storage/json-text.ts';
import type { Database } from '../storage/schema.ts';

export class ResultsStoreRegistry implements Registry {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly base: Registry,
  ) {}

  async read(source: string, key: string): Promise<SourceRecord | undefined> {
    const [base, rows] = await Promise.all([
      this.base.read(source, key),
      this.db
        .selectFrom('results_store')
        .select(['field', 'value'])
        .where('source', '=', source)
        .where('subject_id', '=', key)
        .orderBy('published_at')
        .orderBy('id')
        .execute(),
    ]);
    if (rows.length === 0) return base;
    const record: Record<string, unknown> = { ...(base ?? {}) };
    for (const r of rows) record[r.field] = decodeJson(r.value);
    return record;
  }
}

/** A registry over plain data `{ source: { key: record } }` (tests, scenarios without samples). */
export class MemoryRegistry implements Registry {
  constructor(private readonly data: Readonly<Record<string, Readonly<Record<string, SourceRecord>>>> = {}) {}
  async read(source: string, key: string): Promise<SourceRecord | undefined> {
    return this.data[source]?.[key.normalize('NFC').trim()];
  }
}
