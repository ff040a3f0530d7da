// @motcua/engine — the runtime core: working-time calendar (more to come: dossiers, storage).
export * from './calendar/index.ts';
