// Errors the storage layer raises on purpose; anything else is a database failure.

export type StorageErrorCode = 'concurrency_conflict' | 'dossier_not_found' | 'invalid_argument';

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The dossier changed since the caller read it: another action (an officer in another tab,
 * a timer) won. The caller reloads and decides again; nothing of its change was written.
 */
export class ConcurrencyConflict extends StorageError {
  constructor(
    readonly dossierId: string,
    readonly expectedRevision: number,
    readonly actualRevision: number,
  ) {
    super(
      'concurrency_conflict',
      `Hồ sơ ${dossierId} vừa được thay đổi bởi thao tác khác (phiên bản ${actualRevision}, không phải ${expectedRevision}) / ` +
        `dossier ${dossierId} was changed by another action (revision ${actualRevision}, expected ${expectedRevision})`,
    );
  }
}

export class DossierNotFound extends StorageError {
  constructor(readonly dossierId: string) {
    super('dossier_not_found', `Không tìm thấy hồ sơ ${dossierId} / dossier ${dossierId} not found`);
  }
}
