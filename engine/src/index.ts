// @motcua/engine — the runtime core: working-time calendar, the rules of a procedure (form,
// documents, fees), the processing clock, the dossier lifecycle, data sources, storage, scenarios.
export * from './calendar/index.ts';
export * from './storage/index.ts';
export * from './rules/index.ts';
export * from './clock/index.ts';
export * from './dossier/index.ts';
export * from './scenarios/index.ts';
export type { Registry, SourceRecord } from './sources/registry.ts';
export { SampleRegistry } from './sources/sample-registry.ts';
