// Test fixtures for the page tests: permanent residence dossiers of the sample owner (Số 5 Lê
// Lợi, whose ownership the land registry knows), moved through the workflow by the engine at
// chosen (virtual) times.
import type { Actor } from '@motcua/engine';
import type { TestServer } from '../testing/harness.ts';

export const OWNER = '001099012345';
export const OWNER_ADDRESS = 'Số 5 Lê Lợi, phường Hồng Gai';
export const CITIZEN: Actor = { id: OWNER, role: 'citizen' };
export const RECEPTION: Actor = { id: 'reception.cong_an_xa', role: 'reception', agency: 'cong_an_xa' };
export const SPECIALIST: Actor = { id: 'specialist.cong_an_xa', role: 'specialist', agency: 'cong_an_xa' };
export const LEADER: Actor = { id: 'leader.cong_an_xa', role: 'leader', agency: 'cong_an_xa' };

type When = readonly [year: number, month: number, day: number, hour: number];

/** A dossier filled, paid, submitted and accepted at `at`; returns its id. */
export async function receivedDossier(s: TestServer, at: When): Promise<string> {
  const { engine } = s.runtime;
  s.setTime(...at);
  const v = await engine.createDraft({ procedureId: 'dang_ky_thuong_tru', channel: 'online', actor: CITIZEN });
  await engine.updateForm(v.id, { address: OWNER_ADDRESS, housing: 'owner' }, CITIZEN);
  await engine.recordPayment(v.id, { provider: 'embedded', reference: `SEED-${v.id}`, amount: 10_000 });
  await engine.act(v.id, 'submit', { actor: CITIZEN });
  await engine.act(v.id, 'accept', { actor: RECEPTION });
  return v.id;
}

/** Proposed by the specialist and approved by the leader at `at`. */
export async function decide(s: TestServer, id: string, at: When): Promise<void> {
  s.setTime(...at);
  await s.runtime.engine.act(id, 'propose', { actor: SPECIALIST });
  await s.runtime.engine.act(id, 'approve', { actor: LEADER });
}

/**
 * The queue of Monday 03/03/2025 08:30 with every light: overdue (received 17/02, due 26/02),
 * due soon (received 20/02, due 03/03 10:00, at the leader's step), waiting for the citizen
 * (a supplement asked for), and — left to the caller — a fresh one. Plus one result early and
 * one late, for the statistics.
 */
export async function seedQueue(s: TestServer): Promise<{ overdue: string; dueSoon: string; waiting: string; early: string; late: string }> {
  const late = await receivedDossier(s, [2025, 2, 3, 9]);
  await decide(s, late, [2025, 2, 14, 9]);
  const early = await receivedDossier(s, [2025, 2, 10, 9]);
  await decide(s, early, [2025, 2, 12, 9]);
  const overdue = await receivedDossier(s, [2025, 2, 17, 9]);
  const dueSoon = await receivedDossier(s, [2025, 2, 20, 10]);
  const waiting = await receivedDossier(s, [2025, 2, 25, 9]);
  s.setTime(2025, 2, 26, 9);
  await s.runtime.engine.act(waiting, 'ask_supplement', { actor: SPECIALIST, inputs: { missing: ['residence_proof'], note: 'Bổ sung bản sao sổ đỏ' } });
  s.setTime(2025, 3, 3, 8);
  await s.runtime.engine.act(dueSoon, 'propose', { actor: SPECIALIST });
  return { overdue, dueSoon, waiting, early, late };
}
