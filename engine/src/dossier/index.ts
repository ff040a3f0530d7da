export { DossierEngine, normaliseInput, canonicalJson, stateOf, type DossierEngineOptions, type ResultSigner, type UploadedFile, type ActionInputs } from './engine.ts';
export { DossierNotVisible, EngineError, type EngineErrorCode } from './errors.ts';
export { ResultsStoreRegistry, MemoryRegistry } from './registries.ts';
export { SYSTEM, type Actor, type AvailableAction, type DossierView, type DueExplanation, type Visibility } from './types.ts';
export { checkDossiers, type DoctorFinding } from './doctor.ts';
export { officerQueue, dueSoon, agencyStates, type QueueItem, type OfficerQueueOptions, type DueSoonOptions } from './queries.ts';
