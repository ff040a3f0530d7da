// The procedure's rules evaluated for one dossier: expressions, form prefill and validation,
// required documents, fees. Pure and synchronous — the studio runs them in the browser.
export { evaluate, holds, readPath, ageAt, equal, EvaluationError, type EvalEnv, type Value, type FormValues, type FormRow, type Channel, type Lookup } from './evaluate.ts';
export { ReadCache, withReads, type RegistryRead } from './reads.ts';
export { quoteFees, evaluateFee, type FeeQuote, type FeeResult, type FeeStep } from './fees.ts';
export { documentChecklist, missingDocuments, type DocumentStatus, type DocumentNeed } from './documents.ts';
export { FormModel, prefillForm, completeForm, refreshKeyedPrefill, validateForm, checkUpdatePaths, valueSchema, writePath, type FieldError, type PrefilledField } from './form.ts';
export { ProcedureRules, type DossierFacts, type Assessment } from './procedure-rules.ts';
export { ProcedureLabels, type Bilingual, type Labels } from './text.ts';
