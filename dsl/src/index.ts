// @motcua/dsl — the procedure language: parse, check, format, diff and compile.
export type * from './ast.ts';
export { parse, type ParseResult } from './syntax/parse.ts';
export { keywordList } from './syntax/tokens.ts';
export { Workspace, parseFile, normalizePath, type ParsedFile, type Located } from './workspace.ts';
export { allCodes, closest, LineMap, type Diagnostic, type Fix, type Localized, type Severity } from './diagnostics.ts';
export { walkExpr, walkExprs } from './walk.ts';
export { diffText, diffProcedures, renderDiff, noSemanticChange, procedureFacts } from './diff/index.ts';
export type { ProcedureDiff, SemanticChange, ReviewFinding } from './diff/index.ts';
export { buildReview, renderReview } from './review/index.ts';
export type { Review, ReviewInput, ScenarioResult, ScenarioRunner } from './review/index.ts';
export { printExpr } from './print-expr.ts';
export * from './compile/index.ts';
export { checkWorkspace, checkFile, typeOf, procedureScope, resolvePath, workingHours, type Scope, type Type } from './check/index.ts';
export { format, formatFile, type FormatResult } from './format/index.ts';
export * from './services/index.ts';
