// Published procedure definitions: immutable once published, looked up by (procedure, version).

import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, DefinitionRow, NewDefinition } from './schema.ts';

/** The hash stored with a definition, so a reviewer can tie it to the reviewed source. */
export function sourceHash(source: string): string {
  return createHash('sha256').update(source, 'utf8').digest('hex');
}

/** Publishes a version; a second publish of the same (procedure, version) fails on the key. */
export async function publishDefinition(db: Kysely<Database>, definition: NewDefinition): Promise<DefinitionRow> {
  return db.insertInto('definitions').values(definition).returningAll().executeTakeFirstOrThrow();
}

export async function getDefinition(
  db: Kysely<Database>,
  procedureId: string,
  version: number,
): Promise<DefinitionRow | undefined> {
  return db
    .selectFrom('definitions')
    .selectAll()
    .where('procedure_id', '=', procedureId)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** The version in effect on a local date (YYYY-MM-DD): the highest one whose window holds it. */
export async function definitionInEffect(
  db: Kysely<Database>,
  procedureId: string,
  isoDay: string,
): Promise<DefinitionRow | undefined> {
  return db
    .selectFrom('definitions')
    .selectAll()
    .where('procedure_id', '=', procedureId)
    .where((eb) => eb.or([eb('effective_from', 'is', null), eb('effective_from', '<=', isoDay)]))
    .where((eb) => eb.or([eb('effective_until', 'is', null), eb('effective_until', '>=', isoDay)]))
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}
