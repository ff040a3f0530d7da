// The engine's one error type: a code the server maps to an HTTP status, a message in
// Vietnamese and English, and details (field errors, failed conditions) for the caller.
import type { Bilingual } from '../rules/text.ts';

export type EngineErrorCode =
  | 'not_found'
  | 'forbidden'
  | 'invalid_input'
  | 'transition_unavailable'
  | 'guard_failed'
  | 'conflict'
  | 'fee_unpaid'
  | 'clock'
  | 'not_published';

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    readonly text: Bilingual,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(text.vi);
    this.name = 'EngineError';
  }
}

/** The dossier asked for does not exist, or the caller may not see it (the same answer). */
export class DossierNotVisible extends EngineError {
  constructor(id: string) {
    super('not_found', { vi: `Không tìm thấy hồ sơ ${id}`, en: `Dossier ${id} not found` });
  }
}
