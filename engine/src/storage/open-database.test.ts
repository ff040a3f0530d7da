import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { encodeJson } from './json-text.ts';
import { dialectOf, inTransaction, openDatabase } from './open-database.ts';

const dir = mkdtempSync(join(tmpdir(), 'motcua-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('opening the embedded SQLite database', () => {
  it('creates the file with its directory, migrated, in WAL mode with foreign keys enforced', async () => {
    const path = join(dir, 'nested', 'data', 'motcua.sqlite');
    const storage = await openDatabase({ url: `sqlite:${path}` });
    try {
      expect(storage).toMatchObject({ dialect: 'sqlite', location: path });
      const pragma = async (name: string): Promise<unknown> =>
        Object.values((await sql.raw(`pragma ${name}`).execute(storage.db)).rows[0] as object)[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('synchronous')).toBe(1); // NORMAL
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('busy_timeout')).toBe(5000);
      expect(dialectOf(storage.db)).toBe('sqlite');
      await inTransaction(storage.db, async (trx) => expect(dialectOf(trx)).toBe('sqlite'));
      expect(await storage.db.selectFrom('dossiers').select('id').execute()).toEqual([]);
    } finally {
      await storage.close();
    }
  });

  it('prepares each statement once and reuses it, also inside transactions and after a failed one', async () => {
    const storage = await openDatabase({ url: join(dir, 'statements.sqlite') });
    const prepare = vi.spyOn(Database.prototype, 'prepare');
    try {
      const byId = (id: string) => storage.db.selectFrom('dossiers').select('id').where('id', '=', id).execute();
      await byId('a');
      const afterFirst = prepare.mock.calls.length;
      expect(afterFirst).toBe(1);
      for (let i = 0; i < 20; i++) await byId(`x${i}`);
      await inTransaction(storage.db, async (trx) => {
        await trx.selectFrom('dossiers').select('id').where('id', '=', 'y').execute();
      });
      await expect(
        inTransaction(storage.db, async (trx) => {
          await trx.selectFrom('dossiers').select('id').where('id', '=', 'z').execute();
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await byId('still-works')).toEqual([]);
      // 23 selects, two transactions: no SQL text prepared twice (begin and commit were already
      // prepared by the migrations when the database opened).
      const texts = prepare.mock.calls.map((c) => String(c[0]));
      expect(texts.filter((t) => t.startsWith('select'))).toHaveLength(1);
      expect(new Set(texts).size).toBe(texts.length);
      expect(texts.length).toBeLessThanOrEqual(4);
    } finally {
      prepare.mockRestore();
      await storage.close();
    }
  });

  it('copies committed pages into the database file in the background, not inside the commits', async () => {
    // 200 small transactions: a few hundred WAL pages, below the 1,000 at which SQLite's own
    // commit-time checkpoint would start. Only a checkpoint writes into the database file itself.
    const grows = async (backgroundCheckpoints: boolean): Promise<number> => {
      const path = join(dir, `checkpoints-${backgroundCheckpoints}.sqlite`);
      const storage = await openDatabase({ url: path, backgroundCheckpoints });
      try {
        const before = statSync(path).size;
        const note = 'x'.repeat(2000);
        for (let i = 0; i < 200; i++) {
          await inTransaction(storage.db, (trx) => trx.insertInto('outbox').values({ kind: 'k', recipient: 'r', payload: encodeJson({ note }), created_at: i, sent_at: null }).execute());
        }
        const deadline = Date.now() + 3_000;
        while (Date.now() < deadline && statSync(path).size - before < 300_000) await new Promise((r) => setTimeout(r, 100));
        return statSync(path).size - before;
      } finally {
        await storage.close();
      }
    };
    expect(await grows(true)).toBeGreaterThanOrEqual(300_000);
    expect(await grows(false)).toBe(0); // the control: without the worker, nothing was checkpointed yet
  });

  it('refuses a PostgreSQL schema for a SQLite file', async () => {
    await expect(openDatabase({ url: join(dir, 'x.sqlite'), schema: 't_x' })).rejects.toThrow(/PostgreSQL only/);
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(openDatabase({ url: 'postgres://127.0.0.1:1/none', schema: 'x"; drop' })).rejects.toThrow(/identifier/);
  });
});
