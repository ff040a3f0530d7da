// Test support: what the engine says when it refuses.
import { EngineError } from '../dossier/errors.ts';

/** The EngineError `p` rejects with; fails the test if `p` succeeds or rejects with anything else. */
export async function refusalOf(p: Promise<unknown>): Promise<EngineError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw e;
  }
  throw new Error('expected the engine to refuse');
}
