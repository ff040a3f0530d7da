// A guard that reads a registry nothing else reads still sees the record (it is fetched before
// the action decides), and a failing guard says which condition failed, in Vietnamese.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BlobStore } from '../storage/blob-store.ts';
import { openDatabase } from '../storage/open-database.ts';
import { compileText, procedure } from '../testing/compile.ts';
import { DossierEngine } from './engine.ts';
import { EngineError } from './errors.ts';
import { MemoryRegistry } from './registries.ts';

const ir = compileText(
  procedure(`
  form { field tax_code "Mã số doanh nghiệp": text required }
  workflow {
    state draft by citizen { submit -> done requires business(tax_code).status == active }
    final done
  }`),
);

describe('guards reading registries', () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-guards-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fetches the record a guard reads, and explains a failing guard', async () => {
    const storage = await openDatabase({ url: ':memory:' });
    const registry = new MemoryRegistry({ business: { '0100000001': { status: 'active' }, '0100000002': { status: 'dissolved' } } });
    const engine = new DossierEngine({ storage, registry, blobs: new BlobStore(dir), now: () => Date.UTC(2025, 2, 3, 2) });
    await engine.publish(ir);
    const citizen = { id: '001099012345', role: 'citizen' };
    const ok = await engine.createDraft({ procedureId: 't', channel: 'online', actor: citizen });
    await engine.updateForm(ok.id, { tax_code: '0100000001' }, { id: 'system', role: 'system' });
    expect((await engine.act(ok.id, 'submit', { actor: citizen })).state.id).toBe('done');

    const dissolved = await engine.createDraft({ procedureId: 't', channel: 'online', actor: citizen });
    await engine.updateForm(dissolved.id, { tax_code: '0100000002' }, { id: 'system', role: 'system' });
    const e = await engine.act(dissolved.id, 'submit', { actor: citizen }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EngineError);
    expect((e as EngineError).code).toBe('guard_failed');
    expect((e as EngineError).details['failed']).toEqual([expect.objectContaining({ condition: 'business(tax_code).status == active' })]);
    await storage.close();
  });
});
