// The pull-request review of procedure changes: gather (buildReview) and render as Markdown
// (renderReview). Git and the scenario runner are supplied by the caller (the CLI).
export { buildReview } from './review.ts';
export type { Review, ReviewInput, ProcedureReview, SharedChange, Finding, ScenarioResult, ScenarioRunner, ScenarioRun, ScenarioRow } from './review.ts';
export { renderReview } from './render.ts';
