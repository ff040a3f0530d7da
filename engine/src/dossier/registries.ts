// The registry the engine reads through: the configured registries (national data, land,
// business… — the embedded samples by default) with the digital results store laid over them,
// so data a result published (a birth registration) is found by later procedures.
import { sql, type Kysely } from 'kysely';
import type { Registry, SourceRecord } from '../sources/registry.ts';
import { decodeJson, type JsonText } from '../storage/json-text.ts';
import type { Database } from '../storage/schema.ts';

export class ResultsStoreRegistry implements Registry {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly base: Registry,
  ) {}

  async read(source: string, key: string): Promise<SourceRecord | undefined> {
    const [base, rows] = await Promise.all([this.base.read(source, key), latestPublished(this.db, source, key)]);
    if (rows.length === 0) return base;
    const record: Record<string, unknown> = { ...(base ?? {}) };
    for (const r of rows) record[r.field] = decodeJson(r.value);
    return record;
  }
}

/**
 * The latest value of each field published about a subject (the last published; of two at the
 * same moment, the one stored last). Read field by field from results_store_lookup_idx
 * (subject_id, source, field, published_at): the next field name by a seek, then that field's
 * latest row — a few index seeks per field, not a read of the subject's whole history, which
 * grows with every result published about them.
 */
async function latestPublished(db: Kysely<Database>, source: string, subject: string): Promise<Array<{ field: string; value: JsonText }>> {
  const { rows } = await sql<{ field: string; value: JsonText }>`
    with recursive f(field) as (
      select min(field) from results_store where subject_id = ${subject} and source = ${source}
      union all
      select (select min(n.field) from results_store n where n.subject_id = ${subject} and n.source = ${source} and n.field > f.field)
      from f where f.field is not null
    )
    select f.field as field,
      (select r.value from results_store r where r.subject_id = ${subject} and r.source = ${source} and r.field = f.field
       order by r.published_at desc, r.id desc limit 1) as value
    from f where f.field is not null`.execute(db);
  return rows;
}

/** A registry over plain data `{ source: { key: record } }` (tests, scenarios without samples). */
export class MemoryRegistry implements Registry {
  constructor(private readonly data: Readonly<Record<string, Readonly<Record<string, SourceRecord>>>> = {}) {}
  async read(source: string, key: string): Promise<SourceRecord | undefined> {
    return this.data[source]?.[key.normalize('NFC').trim()];
  }
}
