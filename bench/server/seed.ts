// Dossiers waiting for reception, written straight into a server's data directory before the
// server starts: the same runtime the server builds (createRuntime on the same dataDir), then
// the engine as a citizen would drive it — draft, form, payment, submit. Procedure:
// procedures/cu_tru/dang_ky_thuong_tru.proc; citizen 001099012345 owns Số 5 Lê Lợi
// (procedures/registries/README.md), so no document is needed and the fee is 10,000 đồng.
import { createRuntime } from '../../server/src/runtime/runtime.ts';

export const PROCEDURE = 'dang_ky_thuong_tru';
const OWNER = '001099012345';
const citizen = { id: OWNER, role: 'citizen' } as const;

export interface Seeded {
  readonly ids: string[];
  readonly ms: number;
  readonly procedures: number;
}

export async function seedSubmitted(dataDir: string, count: number, progress?: (done: number) => void): Promise<Seeded> {
  const t0 = performance.now();
  const runtime = await createRuntime({ dataDir });
  try {
    const { engine } = runtime;
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const d = await engine.createDraft({ procedureId: PROCEDURE, channel: 'online', actor: citizen });
      await engine.updateForm(d.id, { address: 'Số 5 Lê Lợi, phường Hồng Gai', housing: 'owner' }, citizen);
      await engine.recordPayment(d.id, { provider: 'bench', reference: `pay-${d.id}`, amount: 10_000 });
      const v = await engine.act(d.id, 'submit', { actor: citizen });
      if (v.state.id !== 'submitted') throw new Error(`seeded dossier ${d.id} is in ${v.state.id}, not submitted`);
      ids.push(d.id);
      if (progress && (i + 1) % 1000 === 0) progress(i + 1);
    }
    return { ids, ms: performance.now() - t0, procedures: runtime.catalog.length };
  } finally {
    await runtime.close();
  }
}
