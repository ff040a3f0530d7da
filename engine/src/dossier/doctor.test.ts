// `motcua doctor` on the deadline timers a state's SLA needs: a dossier in a state with an SLA must
// have that state's SLA timer pending, or its breach in the log — else the step's time limit would
// pass unflagged and nobody would know.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateTime } from '../calendar/index.ts';
import { SampleRegistry } from '../sources/sample-registry.ts';
import { BlobStore } from '../storage/blob-store.ts';
import { openDatabase, type Storage } from '../storage/open-database.ts';
import { pendingTimers, timerColumns } from '../storage/timers.ts';
import { compileLibrary } from '../testing/compile.ts';
import { checkDossiers } from './doctor.ts';
import { DossierEngine } from './engine.ts';
import type { Actor } from './types.ts';

const OWNER = '001099012345'; // owns Số 5 Lê Lợi (procedures/registries/README.md): no document to attach
const citizen: Actor = { id: OWNER, role: 'citizen' };
const reception: Actor = { id: 'tiep-nhan-1', role: 'reception', agency: 'cong_an_xa' };
const at = (y: number, mo: number, d: number, h = 0, mi = 0) => localDateTime(y, mo, d, h, mi);

describe('motcua doctor: SLA timers', () => {
  let dir: string;
  let storage: Storage;
  let engine: DossierEngine;
  let now = at(2025, 3, 4, 9);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'motcua-doctor-'));
    storage = await openDatabase({ url: join(dir, 'doctor.sqlite') });
    engine = new DossierEngine({ storage, registry: await SampleRegistry.load(), blobs: new BlobStore(join(dir, 'blobs')), now: () => now });
    await engine.publish(compileLibrary('dang_ky_thuong_tru'));
  });
  afterAll(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function acceptedDossier(): Promise<string> {
    const d = await engine.createDraft({ procedureId: 'dang_ky_thuong_tru', channel: 'online', actor: citizen });
    await engine.updateForm(d.id, { address: 'Số 5 Lê Lợi, phường Hồng Gai', housing: 'owner' }, citizen);
    await engine.recordPayment(d.id, { provider: 'test', reference: `pay-${d.id}`, amount: 10_000 });
    await engine.act(d.id, 'submit', { actor: citizen });
    await engine.act(d.id, 'accept', { actor: reception }); // processing: SLA 5 working days
    return d.id;
  }
  const row = (id: string) => storage.db.selectFrom('dossiers').select(['timers', 'next_timer_at', 'state', 'state_due_at']).where('id', '=', id).executeTakeFirstOrThrow();

  it('finds a state whose SLA timer is gone, and nothing once it is back', async () => {
    const id = await acceptedDossier();
    const before = await row(id);
    expect(before.state).toBe('processing');
    expect(before.state_due_at).not.toBeNull();
    expect((await checkDossiers(storage.db)).findings).toEqual([]);
    const withoutSla = timerColumns(pendingTimers(before.timers).filter((t) => t.kind !== 'sla'));
    await storage.db.updateTable('dossiers').set(withoutSla).where('id', '=', id).execute();
    expect((await checkDossiers(storage.db)).findings).toEqual([expect.objectContaining({ dossier: id, problem: 'sla_timer_missing' })]);
    await storage.db.updateTable('dossiers').set({ timers: before.timers, next_timer_at: before.next_timer_at }).where('id', '=', id).execute();
    expect((await checkDossiers(storage.db)).findings).toEqual([]);
  });

  it('finds an SLA timer that watches another state or another due time', async () => {
    const id = await acceptedDossier();
    const before = await row(id);
    const pending = pendingTimers(before.timers);
    for (const wrong of [
      pending.map((t) => (t.kind === 'sla' ? { ...t, state: 'approval' } : t)),
      pending.map((t) => (t.kind === 'sla' ? { ...t, dueAt: t.dueAt! + 60_000, fireAt: t.fireAt + 60_000 } : t)),
    ]) {
      await storage.db.updateTable('dossiers').set(timerColumns(wrong)).where('id', '=', id).execute();
      expect((await checkDossiers(storage.db)).findings).toEqual([expect.objectContaining({ dossier: id, problem: 'sla_timer_missing' })]);
    }
    await storage.db.updateTable('dossiers').set({ timers: before.timers, next_timer_at: before.next_timer_at }).where('id', '=', id).execute();
    expect((await checkDossiers(storage.db)).findings).toEqual([]);
  });

  it('accepts a fired SLA timer: its breach is in the log instead', async () => {
    const id = await acceptedDossier();
    now = at(2025, 3, 20, 9); // past the processing step's 5 working days
    await engine.runTimers('doctor-test', 1000);
    expect((await row(id)).state).toBe('processing');
    expect(pendingTimers((await row(id)).timers).some((t) => t.kind === 'sla')).toBe(false);
    expect((await engine.timeline(id)).some((e) => e.type === 'sla_breached')).toBe(true);
    expect((await checkDossiers(storage.db)).findings).toEqual([]);
  });
});
