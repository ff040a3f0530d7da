// The compiled procedure (IR): the one contract between the language and the engine. Every
// name is resolved, every default applied, every expression a small JSON tree; the engine
// reads nothing else, and reads it only through `parseIR` (parse, don't validate).
import { z } from 'zod';

// ---------------------------------------------------------------------------- expressions

export type IRLiteralType = 'text' | 'number' | 'money' | 'percent' | 'date' | 'datetime' | 'boolean' | 'name';

/**
 * Where a reference reads from: `form` (a field or group of the dossier's form, path from the
 * form root, e.g. ['applicant', 'policy']; a path through a repeated group is the list of its
 * rows' values), `row` (a field of the current row of a repeated group, from an expression of
 * that group's own fields; path still from the form root: ['co_owners', 'relation']),
 * `source` (a registry record keyed by the citizen's personal id: ['population', 'full_name']),
 * `builtin` (channel, form.valid, documents.complete, citizen, today), `value` (the value a
 * tiered fee is tiered by).
 */
export type IRRefScope = 'form' | 'row' | 'source' | 'builtin' | 'value';

export type IRExpr =
  /** `name` literals are bare words: a choice option (`owner`), or in scenarios a document/state/fee id. */
  | { readonly kind: 'lit'; readonly type: IRLiteralType; readonly value: string | number | boolean }
  | { readonly kind: 'ref'; readonly scope: IRRefScope; readonly path: readonly string[] }
  /** `fn` is a built-in function (count, age) or a source looked up by key: `land(address).owner_id`. */
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly IRExpr[]; readonly member: readonly string[] }
  | { readonly kind: 'unary'; readonly op: 'not' | '-'; readonly operand: IRExpr }
  | { readonly kind: 'binary'; readonly op: IRBinaryOp; readonly left: IRExpr; readonly right: IRExpr }
  | { readonly kind: 'in'; readonly negated: boolean; readonly value: IRExpr; readonly list: IRExpr }
  | { readonly kind: 'list'; readonly items: readonly IRExpr[] };

export type IRBinaryOp = 'or' | 'and' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/';

const BinaryOp = z.enum(['or', 'and', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/']);

export const Expr: z.ZodType<IRExpr> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('lit'),
      type: z.enum(['text', 'number', 'money', 'percent', 'date', 'datetime', 'boolean', 'name']),
      value: z.union([z.string(), z.number(), z.boolean()]),
    }),
    z.object({
      kind: z.literal('ref'),
      scope: z.enum(['form', 'row', 'source', 'builtin', 'value']),
      path: z.array(z.string().min(1)).min(1),
    }),
    z.object({ kind: z.literal('call'), fn: z.string().min(1), args: z.array(Expr), member: z.array(z.string().min(1)) }),
    z.object({ kind: z.literal('unary'), op: z.enum(['not', '-']), operand: Expr }),
    z.object({ kind: z.literal('binary'), op: BinaryOp, left: Expr, right: Expr }),
    z.object({ kind: z.literal('in'), negated: z.boolean(), value: Expr, list: Expr }),
    z.object({ kind: z.literal('list'), items: z.array(Expr) }),
  ]),
);

// ---------------------------------------------------------------------------- shared pieces

const Id = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'không phải tên hợp lệ (identifier)');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày phải có dạng YYYY-MM-DD');

export const Effective = z.object({ from: IsoDate, until: IsoDate.optional() });
export type IREffective = z.infer<typeof Effective>;

export const Duration = z.object({
  amount: z.number().nonnegative(),
  unit: z.enum(['working_days', 'working_hours', 'days']),
});
export type IRDuration = z.infer<typeof Duration>;

/** Legal basis texts (possibly none) and the period a rule applies in (always, if absent). */
const ruleMeta = { basis: z.array(z.string()), effective: Effective.optional() };

export const FieldType = z.enum(['text', 'number', 'money', 'date', 'boolean', 'choice', 'personal_id', 'phone', 'email', 'address']);
export type IRFieldType = z.infer<typeof FieldType>;

/**
 * English texts: every `label` (and `help`, the procedure's `title`, a notification's `message`)
 * may have an English companion, written `en "…"` after the Vietnamese text. Absent when the
 * procedure gives none; pages in English then show the Vietnamese text.
 */
const labelEn = z.string().optional();

/**
 * A procedure's text in `lang`: the English companion when English is asked for and the
 * procedure gives one, else the Vietnamese text. `inLang(lang, f.label, f.labelEn)`,
 * `inLang(lang, ir.title, ir.titleEn)`.
 */
export function inLang(lang: 'vi' | 'en', vi: string, en: string | undefined): string;
export function inLang(lang: 'vi' | 'en', vi: string | undefined, en: string | undefined): string | undefined;
export function inLang(lang: 'vi' | 'en', vi: string | undefined, en: string | undefined): string | undefined {
  return lang === 'en' && en ? en : vi;
}

/** `inLang` for anything with a `label` and its English companion. */
export function labelIn(lang: 'vi' | 'en', x: { readonly label: string; readonly labelEn?: string | undefined }): string {
  return lang === 'en' && x.labelEn ? x.labelEn : x.label;
}

export const ChoiceOption = z.object({ id: Id, label: z.string(), labelEn });
export type IRChoiceOption = z.infer<typeof ChoiceOption>;

// ---------------------------------------------------------------------------- form

/**
 * `source.field` read for the applicant (`key` absent: keyed by the citizen's personal id) or
 * for a key (`land(address).owner_id`); or any other expression (`prefill from citizen`).
 */
export const Prefill = z.union([
  z.object({ source: Id, field: Id, key: Expr.optional() }),
  z.object({ expr: Expr }),
]);
export type IRPrefill = z.infer<typeof Prefill>;

export const Field = z.object({
  id: Id,
  /** Dotted path from the form root: `address`, `applicant.full_name`, `co_owners.relation`. */
  path: z.string().min(1),
  /** Path of the enclosing group, if any. */
  group: z.string().optional(),
  label: z.string(),
  labelEn,
  type: FieldType,
  options: z.array(ChoiceOption).optional(),
  /** `true`/`false`, or required exactly when the condition holds. */
  required: z.union([z.boolean(), Expr]),
  visible: Expr.optional(),
  /** Bounds of number/money/date values and of text lengths. */
  min: Expr.optional(),
  max: Expr.optional(),
  /** A JavaScript regular expression for text values, as written. */
  pattern: z.string().optional(),
  help: z.string().optional(),
  helpEn: z.string().optional(),
  prefill: Prefill.optional(),
  /** The citizen cannot change the value (prefilled from an authoritative source). */
  locked: z.boolean(),
  computed: Expr.optional(),
  default: Expr.optional(),
});
export type IRField = z.infer<typeof Field>;

export const Group = z.object({
  id: Id,
  /** Dotted path from the form root (a group inside an imported fragment nests). */
  path: z.string().min(1),
  parent: z.string().optional(),
  label: z.string(),
  labelEn,
  /** The fragment file the group was imported from (`use applicant from "…"`). */
  fragment: z.string().optional(),
  repeated: z.object({ min: z.number().int().nonnegative().optional(), max: z.number().int().positive().optional() }).optional(),
  visible: Expr.optional(),
});
export type IRGroup = z.infer<typeof Group>;

export const Form = z.object({ groups: z.array(Group), fields: z.array(Field) });
export type IRForm = z.infer<typeof Form>;

// ---------------------------------------------------------------------------- documents

export const Waiver = z.object({ condition: Expr, ...ruleMeta });
export type IRWaiver = z.infer<typeof Waiver>;

export const Document = z.object({
  id: Id,
  label: z.string(),
  labelEn,
  /** Documents are required unless `optional`; `required when …` makes it a condition. */
  required: z.union([z.boolean(), Expr]),
  form: z.enum(['original', 'copy', 'certified_copy', 'electronic']).optional(),
  copies: z.number().int().positive(),
  /** Accepted file formats (lower case); empty = any. */
  formats: z.array(z.string()),
  maxSizeMB: z.number().positive().optional(),
  signed: z.boolean(),
  /** Produced by the system from the form (e.g. the CT01 declaration); never uploaded. */
  generated: z.boolean(),
  waivers: z.array(Waiver),
  /** Data the document evidences, as `source.field`. */
  proves: z.array(z.string()),
  help: z.string().optional(),
  helpEn: z.string().optional(),
  ...ruleMeta,
});
export type IRDocument = z.infer<typeof Document>;

// ---------------------------------------------------------------------------- fees

const lineMeta = { condition: Expr.optional(), ...ruleMeta };

export const Tier = z.object({ upTo: Expr.optional(), amount: Expr });
export type IRTier = z.infer<typeof Tier>;

/** Lines in source order; the LAST line whose condition holds applies. */
export const FeeLine = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), amount: Expr, ...lineMeta }),
  z.object({ kind: z.literal('per_unit'), amount: Expr, per: Expr, ...lineMeta }),
  /** The first tier whose `upTo` is >= the value applies; the tier without `upTo` is `above`. */
  z.object({ kind: z.literal('tiered'), by: Expr, tiers: z.array(Tier), ...lineMeta }),
]);
export type IRFeeLine = z.infer<typeof FeeLine>;

export const Fee = z.object({
  id: Id,
  label: z.string(),
  labelEn,
  lines: z.array(FeeLine),
  /** Discounts do not stack: the largest applicable one applies; rounding half up to whole đồng. */
  discounts: z.array(z.object({ percent: Expr, condition: Expr.optional(), ...ruleMeta })),
  /** The fee is 0 if any exemption holds. */
  exemptions: z.array(z.object({ label: z.string().optional(), labelEn, condition: Expr, ...ruleMeta })),
  cap: z.object({ amount: Expr, ...ruleMeta }).optional(),
  /** `submit` (default), `result`, or `before` the named transition. */
  due: z.object({ on: z.enum(['submit', 'before', 'result']), transition: Id.optional() }),
});
export type IRFee = z.infer<typeof Fee>;

// ---------------------------------------------------------------------------- deadlines

export const Deadline = z.object({
  ...Duration.shape,
  /** `complete` (the receipt is issued), `submission`, or the id of a state entered. */
  from: Id,
  ...ruleMeta,
});
export type IRDeadline = z.infer<typeof Deadline>;

/**
 * The one-time extension (apology letter). Always present: without an `extension` line the
 * law's default still allows one extension (`declared: false`, no maximum).
 */
export const Extension = z.object({ declared: z.boolean(), max: Duration.optional(), ...ruleMeta });
export type IRExtension = z.infer<typeof Extension>;

// ---------------------------------------------------------------------------- workflow

export const Effect = z.discriminatedUnion('type', [
  /** what: receipt | result | supplement_request | refusal; `result` names the result issued. */
  z.object({ type: z.literal('issue'), what: Id, result: Id.optional() }),
  z.object({ type: z.literal('notify'), role: Id, message: z.string().optional(), messageEn: z.string().optional() }),
  z.object({ type: z.literal('handover'), agency: Id }),
  z.object({ type: z.literal('clock'), action: z.enum(['restart', 'stop']) }),
]);
export type IREffect = z.infer<typeof Effect>;

export const Transition = z.object({
  id: Id,
  label: z.string(),
  labelEn,
  target: Id,
  /** Every `requires` of the transition, joined with `and`. */
  guard: Expr.optional(),
  /** What the officer must enter: reason, note, missing, new_date. */
  inputs: z.array(Id),
  /** Effects in the order written. */
  effects: z.array(Effect),
});
export type IRTransition = z.infer<typeof Transition>;

export const State = z.object({
  id: Id,
  label: z.string(),
  labelEn,
  final: z.boolean(),
  role: Id.optional(),
  /** The state's `at` agency, else the procedure's agency (absent on final states). */
  agency: Id.optional(),
  sla: Duration.optional(),
  /** Time spent in this state does not count towards the deadline. */
  pausesClock: z.boolean(),
  transitions: z.array(Transition),
});
export type IRState = z.infer<typeof State>;

export const Workflow = z.object({ initial: Id, states: z.array(State) });
export type IRWorkflow = z.infer<typeof Workflow>;

// ---------------------------------------------------------------------------- results, scenarios

export const Publish = z.object({
  source: Id,
  field: Id,
  value: Expr,
  /** Whose record (a personal id); the applicant when absent. */
  subject: Expr.optional(),
});
export type IRPublish = z.infer<typeof Publish>;

export const Result = z.object({ id: Id, label: z.string(), labelEn, help: z.string().optional(), helpEn: z.string().optional(), publishes: z.array(Publish) });
export type IRResult = z.infer<typeof Result>;

/** `line`: where the step is written in the procedure's file (1-based), for the scenario runner's report. */
const stepLine = { line: z.number().int().positive().optional() };

export const ScenarioStep = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('given'), items: z.array(z.object({ key: z.string().min(1), value: Expr })), ...stepLine }),
  /** `at` is local time in Asia/Ho_Chi_Minh, `YYYY-MM-DDTHH:mm`. */
  z.object({ kind: z.literal('do'), at: z.string(), actions: z.array(Id), ...stepLine }),
  /** The one-time extension sent at `at`: the new due time `to` (local, like `at`) and the apology letter's reason. */
  z.object({ kind: z.literal('extend'), at: z.string(), to: z.string(), reason: z.string().min(1), ...stepLine }),
  z.object({ kind: z.literal('expect'), what: Id, subject: Expr.optional(), value: Expr, ...stepLine }),
]);
export type IRScenarioStep = z.infer<typeof ScenarioStep>;

export const Scenario = z.object({ id: Id, label: z.string(), labelEn, ...stepLine, steps: z.array(ScenarioStep) });
export type IRScenario = z.infer<typeof Scenario>;

// ---------------------------------------------------------------------------- sources, agencies

export const Source = z.object({
  id: Id,
  label: z.string(),
  labelEn,
  kind: z.enum(['national', 'registry', 'results', 'dossiers']),
  key: z.object({ name: Id, type: FieldType }),
  authoritative: z.boolean(),
  fields: z.array(z.object({ id: Id, label: z.string(), labelEn, type: FieldType, options: z.array(ChoiceOption).optional() })),
});
export type IRSource = z.infer<typeof Source>;

export const Agency = z.object({
  id: Id,
  label: z.string(),
  labelEn,
  /** Unit code for dossier codes (Circular 01/2018 Art 19), e.g. `000.00.12.H40`. */
  unit: z.string().optional(),
  level: z.enum(['commune', 'district', 'province', 'ministry']).optional(),
  calendar: z.enum(['national', 'saturday_morning']),
  parent: Id.optional(),
});
export type IRAgency = z.infer<typeof Agency>;

// ---------------------------------------------------------------------------- the procedure

export const ProcedureIR = z.object({
  irVersion: z.literal(1),
  id: Id,
  /** National procedure code (mã TTHC), e.g. `1.004222`. */
  code: z.string(),
  version: z.number().int().positive(),
  title: z.string(),
  titleEn: z.string().optional(),
  /** The agency responsible (the first `agency` name). */
  agency: Id,
  /** The main agency first, then every other agency named (`agency`, `at`, `handover to`) in order. */
  agencies: z.array(Agency).min(1),
  level: z.string().optional(),
  channels: z.array(z.enum(['online', 'in_person', 'postal'])).min(1),
  audience: z.array(z.string()),
  effective: Effective.optional(),
  basis: z.array(z.string()),
  form: Form,
  documents: z.array(Document),
  fees: z.array(Fee),
  deadline: Deadline.optional(),
  warn: Duration.optional(),
  extension: Extension,
  workflow: Workflow,
  results: z.array(Result),
  scenarios: z.array(Scenario),
  /** Every source the procedure reads or publishes to, by id. */
  sources: z.array(Source),
  /**
   * SHA-256 (hex) of the procedure file's text exactly as compiled, computed by the compiler
   * itself (pure TypeScript, so the studio's worker gets the same value). It names the text,
   * not the meaning: reformatting changes it, and it does not cover imported fragments or the
   * shared sources and agencies — the IR carries those resolved.
   */
  sourceHash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ProcedureIR = z.infer<typeof ProcedureIR>;

/** Thrown by `parseIR`: the issues, one per line, each with its path in the IR. */
export class InvalidIRError extends Error {
  readonly issues: readonly z.core.$ZodIssue[];
  constructor(error: z.ZodError) {
    super(`IR không hợp lệ / invalid IR:\n${z.prettifyError(error)}`);
    this.name = 'InvalidIRError';
    this.issues = error.issues;
  }
}

/** The IR from untrusted JSON (a file, a database row); throws `InvalidIRError`. */
export function parseIR(json: unknown): ProcedureIR {
  const r = ProcedureIR.safeParse(json);
  if (!r.success) throw new InvalidIRError(r.error);
  return r.data;
}
