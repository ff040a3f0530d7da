// The compilers: procedure → IR (the engine's only input), and IR → xstate machine config,
// JSON Schema of the form, and the public procedure card.
export { compileProcedure, type CompileResult } from './ir-compiler.ts';
export {
  parseIR,
  InvalidIRError,
  inLang,
  labelIn,
  ProcedureIR,
  Expr as IRExprSchema,
  type IRAgency,
  type IRBinaryOp,
  type IRChoiceOption,
  type IRDeadline,
  type IRDocument,
  type IRDuration,
  type IREffect,
  type IREffective,
  type IRExpr,
  type IRExtension,
  type IRFee,
  type IRFeeLine,
  type IRField,
  type IRFieldType,
  type IRForm,
  type IRGroup,
  type IRLiteralType,
  type IRPrefill,
  type IRPublish,
  type IRRefScope,
  type IRResult,
  type IRScenario,
  type IRScenarioStep,
  type IRSource,
  type IRState,
  type IRTier,
  type IRTransition,
  type IRWaiver,
  type IRWorkflow,
} from './ir.ts';
export {
  toXStateConfig,
  GUARD_EXPR,
  ACTION_TYPES,
  type XStateAction,
  type XStateMachineConfig,
  type XStateStateNode,
  type XStateTransition,
} from './xstate.ts';
export { toJsonSchema, JSON_SCHEMA_DIALECT, PERSONAL_ID_PATTERN, PHONE_PATTERN, type JsonSchema } from './json-schema.ts';
export { toCard, durationText, onChannel } from './card.ts';
export { exprSource, exprText, formatDateVi, formatMoney, formatNumberVi, LabelIndex } from './expr-text.ts';
export { sha256Hex } from './sha256.ts';
