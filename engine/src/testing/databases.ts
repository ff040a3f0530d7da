// Test support: databases for suites that run on every dialect — SQLite on temporary files always,
// PostgreSQL when MOTCUA_TEST_DATABASE_URL is set (each database a schema t_<random>, dropped after).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Dialect, OpenDatabaseOptions } from '../storage/index.ts';

export const PG_URL = process.env.MOTCUA_TEST_DATABASE_URL;

/** Opens databases for one suite run and removes every trace of them afterwards. */
export interface Harness {
  /** Options that reach a brand-new, empty database (a new file, or a new schema). */
  freshOptions(): OpenDatabaseOptions;
  cleanup(): Promise<void>;
}

export function sqliteHarness(): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-db-'));
  let n = 0;
  return {
    freshOptions: () => ({ url: join(dir, `db-${++n}.sqlite`) }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function postgresHarness(url: string): Harness {
  const schemas: string[] = [];
  return {
    freshOptions: () => {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      schemas.push(schema);
      return { url, schema };
    },
    cleanup: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

/** The dialects to run a suite on, with `skip` telling vitest to report PostgreSQL as skipped when absent. */
export const DIALECTS: ReadonlyArray<{ dialect: Dialect; skip: boolean; harness: () => Harness }> = [
  { dialect: 'sqlite', skip: false, harness: sqliteHarness },
  { dialect: 'postgres', skip: !PG_URL, harness: () => postgresHarness(PG_URL!) },
];
