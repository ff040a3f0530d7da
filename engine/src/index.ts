// @motcua/engine — the runtime core: working-time calendar and storage (dossier lifecycle next).
export * from './calendar/index.ts';
export * from './storage/index.ts';
