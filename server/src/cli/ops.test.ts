// Operations: an online backup taken while the server writes restores to a database that the
// doctor finds consistent; the doctor reports a dossier whose row disagrees with its log.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { checkDossiers, openDatabase } from '@motcua/engine';
import { startTestServer } from '../testing/harness.ts';
import { backup, doctor, restore } from './ops.ts';

const dir = mkdtempSync(join(tmpdir(), 'motcua-ops-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const args = (...positional: string[]) => ({ positional, flags: {}, lang: 'en' as const });

describe('backup, restore and doctor', () => {
  it('backs up online while dossiers are being written, and the restored copy checks clean', async () => {
    const s = await startTestServer();
    const db = s.runtime.storage.location;
    const citizen = await s.login('001099012345');
    const create = () => s.request('POST', '/api/dossiers', { token: citizen, json: { procedureId: 'dang_ky_thuong_tru', channel: 'online' } });
    for (let i = 0; i < 5; i++) await create();
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      // Writes continue during the backup.
      const [code] = await Promise.all([backup.run(args(join(dir, 'backup.sqlite'), db)), Promise.all([create(), create(), create()])]);
      expect(code).toBe(0);
      expect(await restore.run(args(join(dir, 'backup.sqlite'), join(dir, 'restored.sqlite')))).toBe(0);
      expect(await doctor.run(args(join(dir, 'restored.sqlite')))).toBe(0);
    } finally {
      out.mockRestore();
    }
    const restored = await openDatabase({ url: join(dir, 'restored.sqlite'), migrate: false });
    const n = await restored.db.selectFrom('dossiers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBeGreaterThanOrEqual(5);
    await restored.close();
    await s.close();
  });

  it('refuses to restore a file that is not a Motcua database', async () => {
    const junk = join(dir, 'junk.sqlite');
    const other = await openDatabase({ url: junk, migrate: false });
    await other.close();
    await expect(restore.run(args(junk, join(dir, 'x.sqlite')))).rejects.toThrow(/Motcua/);
    expect(existsSync(join(dir, 'x.sqlite'))).toBe(false);
  });

  it('reports a dossier whose state disagrees with its event log', async () => {
    const s = await startTestServer();
    const citizen = await s.login('001099012345');
    const d = (await (await s.request('POST', '/api/dossiers', { token: citizen, json: { procedureId: 'dang_ky_thuong_tru', channel: 'online' } })).json()) as { id: string };
    expect((await checkDossiers(s.runtime.storage.db)).findings).toEqual([]);
    await s.runtime.storage.db.updateTable('dossiers').set({ state: 'done' }).where('id', '=', d.id).execute();
    const { findings } = await checkDossiers(s.runtime.storage.db);
    expect(findings).toEqual([expect.objectContaining({ dossier: d.id, problem: 'state_mismatch' })]);
    await s.close();
  });
});
