// The abstract syntax tree of procedure files: immutable nodes, each with a `kind` and the
// source span it came from. The checker, formatter, diff and compilers are passes over it.

/** Half-open range of UTF-16 offsets into the source text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A name written by the designer, with the smallest range to point a diagnostic at. */
export interface Ident {
  readonly text: string;
  readonly span: Span;
}

export interface Comment {
  readonly text: string; // including the leading '#'
  readonly span: Span;
}

// ---------------------------------------------------------------------------- expressions

export type Expr =
  | LiteralExpr
  | PathExpr
  | CallExpr
  | UnaryExpr
  | BinaryExpr
  | InExpr
  | ListExpr;

export type LiteralValue =
  | { readonly type: 'text'; readonly value: string }
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'money'; readonly value: number } // whole đồng
  | { readonly type: 'percent'; readonly value: number } // 40% -> 40
  | { readonly type: 'date'; readonly value: string } // YYYY-MM-DD
  | { readonly type: 'datetime'; readonly value: string } // YYYY-MM-DDTHH:mm (local, Asia/Ho_Chi_Minh)
  | { readonly type: 'boolean'; readonly value: boolean };

export interface LiteralExpr {
  readonly kind: 'Literal';
  readonly span: Span;
  readonly literal: LiteralValue;
  /** The literal as written (formatter keeps `20_000` vs `20000`). */
  readonly raw: string;
}

/** `a.b.c`: a form field, a group field, a data-source field or a built-in (channel, form.valid). */
export interface PathExpr {
  readonly kind: 'Path';
  readonly span: Span;
  readonly segments: readonly Ident[];
}

/** `land(address).owner_id`, `count(members)`: a keyed source lookup or a built-in function. */
export interface CallExpr {
  readonly kind: 'Call';
  readonly span: Span;
  readonly callee: Ident;
  readonly args: readonly Expr[];
  readonly member: readonly Ident[]; // fields selected from the call's result
}

export interface UnaryExpr {
  readonly kind: 'Unary';
  readonly span: Span;
  readonly op: 'not' | '-';
  readonly operand: Expr;
}

export type BinaryOp = 'or' | 'and' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/';

export interface BinaryExpr {
  readonly kind: 'Binary';
  readonly span: Span;
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
}

export interface InExpr {
  readonly kind: 'In';
  readonly span: Span;
  readonly negated: boolean;
  readonly value: Expr;
  readonly list: Expr;
}

export interface ListExpr {
  readonly kind: 'List';
  readonly span: Span;
  readonly items: readonly Expr[];
}

// ---------------------------------------------------------------------------- shared pieces

/** Legal metadata any rule may carry: `basis "..."`, `effective 2024-01-01 until 2025-12-31`. */
export interface RuleMeta {
  readonly basis: readonly StringLit[];
  readonly effective?: DateRange;
}

export interface StringLit {
  readonly value: string;
  readonly span: Span;
}

/*
 * English companions. Every text shown to people — a `label`, a `help`, the procedure's
 * `title`, a notification's `message` — is Vietnamese and may be followed by its English text,
 * `"Địa chỉ" en "Address"`: the node then has `labelEn` (`textEn`, `titleEn`, `messageEn`)
 * beside it, absent when not written.
 */

export interface DateRange {
  readonly from: DateLit;
  readonly until?: DateLit;
  readonly span: Span;
}

export interface DateLit {
  readonly value: string; // YYYY-MM-DD
  readonly span: Span;
}

export type DurationUnit = 'working_days' | 'working_hours' | 'days';

export interface Duration {
  readonly span: Span;
  readonly amount: number;
  readonly unit: DurationUnit;
}

// ---------------------------------------------------------------------------- file

export type Declaration = ProcedureDecl | FragmentDecl | SourceDecl | AgencyDecl;

export interface SourceFile {
  readonly kind: 'File';
  readonly span: Span;
  readonly declarations: readonly Declaration[];
  readonly comments: readonly Comment[];
}

// ---------------------------------------------------------------------------- procedure

export interface ProcedureDecl {
  readonly kind: 'Procedure';
  readonly span: Span;
  readonly name: Ident;
  readonly items: readonly ProcedureItem[];
}

export type ProcedureItem =
  | MetaItem
  | UseDecl
  | FormDecl
  | DocumentsDecl
  | FeeDecl
  | DeadlineDecl
  | WarnDecl
  | ExtensionDecl
  | WorkflowDecl
  | ResultDecl
  | ScenarioDecl;

export type MetaKey = 'code' | 'version' | 'title' | 'agency' | 'level' | 'effective' | 'basis' | 'audience' | 'channels';

/**
 * Procedure metadata, one line each. Values are kept as written; the checker types them
 * (version is a whole number, level a known level, agency a declared agency, …).
 */
export interface MetaItem {
  readonly kind: 'Meta';
  readonly span: Span;
  readonly key: MetaKey;
  readonly keySpan: Span;
  readonly strings: readonly StringLit[]; // code, title, basis, audience
  readonly titleEn?: StringLit; // `title "…" en "…"`
  readonly names: readonly Ident[]; // agency, level, channels
  readonly number?: { readonly value: number; readonly span: Span }; // version
  readonly dates?: DateRange; // effective
}

/** `use applicant from "common/applicant.proc"`: a shared fragment's fields as a form group. */
export interface UseDecl {
  readonly kind: 'Use';
  readonly span: Span;
  readonly name: Ident;
  readonly path: StringLit;
}

// ---------------------------------------------------------------------------- form

export interface FormDecl {
  readonly kind: 'Form';
  readonly span: Span;
  readonly items: readonly FormItem[];
}

export type FormItem = FieldDecl | GroupDecl;

export interface ChoiceOption {
  readonly name: Ident;
  readonly label?: StringLit;
  readonly labelEn?: StringLit;
  readonly span: Span;
}

export interface TypeRef {
  readonly span: Span;
  readonly name: Ident; // text, number, money, date, boolean, personal_id, phone, email, address, choice
  readonly options: readonly ChoiceOption[]; // for choice
}

export type FieldClause =
  | { readonly kind: 'Required'; readonly span: Span; readonly when?: Expr }
  | { readonly kind: 'Optional'; readonly span: Span }
  | { readonly kind: 'Visible'; readonly span: Span; readonly when: Expr }
  | { readonly kind: 'Min'; readonly span: Span; readonly value: Expr }
  | { readonly kind: 'Max'; readonly span: Span; readonly value: Expr }
  | { readonly kind: 'Pattern'; readonly span: Span; readonly pattern: StringLit }
  | { readonly kind: 'Help'; readonly span: Span; readonly text: StringLit; readonly textEn?: StringLit }
  | { readonly kind: 'Prefill'; readonly span: Span; readonly from: Expr }
  | { readonly kind: 'Locked'; readonly span: Span }
  | { readonly kind: 'Computed'; readonly span: Span; readonly value: Expr }
  | { readonly kind: 'Default'; readonly span: Span; readonly value: Expr };

export interface FieldDecl {
  readonly kind: 'Field';
  readonly span: Span;
  readonly name: Ident;
  readonly label?: StringLit;
  readonly labelEn?: StringLit;
  readonly type: TypeRef;
  readonly clauses: readonly FieldClause[];
}

export interface GroupDecl {
  readonly kind: 'Group';
  readonly span: Span;
  readonly name: Ident;
  readonly label?: StringLit;
  readonly labelEn?: StringLit;
  readonly repeated?: { readonly span: Span; readonly min?: number; readonly max?: number };
  readonly visibleWhen?: Expr;
  readonly fields: readonly FieldDecl[];
}

// ---------------------------------------------------------------------------- documents

export type DocClause =
  | { readonly kind: 'Required'; readonly span: Span; readonly when?: Expr }
  | { readonly kind: 'Optional'; readonly span: Span }
  | { readonly kind: 'As'; readonly span: Span; readonly form: Ident } // original | copy | certified_copy | electronic
  | { readonly kind: 'Copies'; readonly span: Span; readonly count: number }
  | { readonly kind: 'Format'; readonly span: Span; readonly formats: readonly Ident[] }
  | { readonly kind: 'MaxSize'; readonly span: Span; readonly megabytes: number }
  | { readonly kind: 'Signed'; readonly span: Span }
  | { readonly kind: 'Generated'; readonly span: Span }
  | { readonly kind: 'Waived'; readonly span: Span; readonly when: Expr; readonly meta: RuleMeta }
  | { readonly kind: 'Proves'; readonly span: Span; readonly paths: readonly PathExpr[] }
  | { readonly kind: 'Help'; readonly span: Span; readonly text: StringLit; readonly textEn?: StringLit }
  | { readonly kind: 'Basis'; readonly span: Span; readonly meta: RuleMeta };

export interface DocumentsDecl {
  readonly kind: 'Documents';
  readonly span: Span;
  readonly docs: readonly DocDecl[];
}

export interface DocDecl {
  readonly kind: 'Doc';
  readonly span: Span;
  readonly name: Ident;
  readonly label?: StringLit;
  readonly labelEn?: StringLit;
  readonly clauses: readonly DocClause[];
}

// ---------------------------------------------------------------------------- fees

export interface Tier {
  readonly span: Span;
  /** upper bound inclusive; undefined for `above`. */
  readonly upTo?: Expr;
  readonly amount: Expr;
}

export type FeeAmount =
  | { readonly kind: 'Fixed'; readonly span: Span; readonly value: Expr }
  | { readonly kind: 'PerUnit'; readonly span: Span; readonly value: Expr; readonly per: Expr }
  | { readonly kind: 'Tiered'; readonly span: Span; readonly by: Expr; readonly tiers: readonly Tier[] };

export type FeeItem =
  | { readonly kind: 'Amount'; readonly span: Span; readonly amount: FeeAmount; readonly when?: Expr; readonly meta: RuleMeta }
  | { readonly kind: 'Discount'; readonly span: Span; readonly percent: Expr; readonly when?: Expr; readonly meta: RuleMeta }
  | { readonly kind: 'Exempt'; readonly span: Span; readonly label?: StringLit; readonly labelEn?: StringLit; readonly when: Expr; readonly meta: RuleMeta }
  | { readonly kind: 'Cap'; readonly span: Span; readonly value: Expr; readonly meta: RuleMeta }
  | { readonly kind: 'Due'; readonly span: Span; readonly on: 'submit' | 'result' | 'before'; readonly transition?: Ident };

export interface FeeDecl {
  readonly kind: 'Fee';
  readonly span: Span;
  readonly name: Ident;
  readonly label?: StringLit;
  readonly labelEn?: StringLit;
  readonly items: readonly FeeItem[];
}

// ---------------------------------------------------------------------------- deadlines

export interface DeadlineDecl {
  readonly kind: 'Deadline';
  readonly span: Span;
  readonly duration: Duration;
  /** `complete` (receipt of the complete dossier), `submission`, or a state entered. */
  readonly from: Ident;
  readonly meta: RuleMeta;
}

export interface WarnDecl {
  readonly kind: 'Warn';
  readonly span: Span;
  readonly duration: Duration;
}

/** The one-time extension (apology letter): `extension max 5 working days`. */
export interface ExtensionDecl {
  readonly kind: 'Extension';
  readonly span: Span;
  readonly max?: Duration;
  readonly meta: RuleMeta;
}

// ---------------------------------------------------------------------------- workflow

export interface WorkflowDecl {
  readonly kind: 'Workflow';
  readonly span: Span;
  readonly states: readonly StateDecl[];
}

export type StateClause =
  | { readonly kind: 'By'; readonly span: Span; readonly role: Ident }
  | { readonly kind: 'At'; readonly span: Span; readonly agency: Ident }
  | { readonly kind: 'Sla'; readonly span: Span; readonly duration: Duration }
  | { readonly kind: 'Pauses'; readonly span: Span };

export interface StateDecl {
  readonly kind: 'State';
  readonly span: Span;
  readonly final: boolean;
  readonly name: Ident;
  readonly label?: StringLit;
  readonly labelEn?: StringLit;
  readonly clauses: readonly StateClause[];
  readonly transitions: readonly TransitionDecl[];
}

export type TransitionClause =
  | { readonly kind: 'Requires'; readonly span: Span; readonly guard: Expr }
  | { readonly kind: 'With'; readonly span: Span; readonly inputs: readonly Ident[] } // reason, note, missing, new_date
  | { readonly kind: 'Issue'; readonly span: Span; readonly what: Ident; readonly result?: Ident }
  | { readonly kind: 'Notify'; readonly span: Span; readonly role: Ident; readonly message?: StringLit; readonly messageEn?: StringLit }
  | { readonly kind: 'Handover'; readonly span: Span; readonly agency: Ident }
  | { readonly kind: 'Clock'; readonly span: Span; readonly action: 'restarts' | 'stops' };

export interface TransitionDecl {
  readonly kind: 'Transition';
  readonly span: Span;
  readonly name: Ident;
  readonly label?: StringLit;
  readonly labelEn?: StringLit;
  readonly target: Ident;
  readonly clauses: readonly TransitionClause[];
}

// ---------------------------------------------------------------------------- results

export interface PublishDecl {
  readonly kind: 'Publish';
  readonly span: Span;
  readonly target: PathExpr; // source.field in the results store
  readonly value: Expr;
  readonly subject?: Expr; // `for child.personal_id`; the applicant by default
}

export interface ResultDecl {
  readonly kind: 'Result';
  readonly span: Span;
  readonly name: Ident;
  readonly label?: StringLit;
  readonly labelEn?: StringLit;
  readonly items: readonly (PublishDecl | { readonly kind: 'Help'; readonly span: Span; readonly text: StringLit; readonly textEn?: StringLit })[];
}

// ---------------------------------------------------------------------------- scenarios

export interface GivenItem {
  readonly span: Span;
  readonly key: PathExpr;
  readonly value: Expr;
}

export interface DateTimeLit {
  readonly span: Span;
  readonly value: string; // YYYY-MM-DDTHH:mm
}

export type ScenarioStep =
  | { readonly kind: 'Given'; readonly span: Span; readonly items: readonly GivenItem[] }
  | { readonly kind: 'Do'; readonly span: Span; readonly at: DateTimeLit; readonly actions: readonly Ident[] }
  /** `at T extend to NEW "lý do"`: the one-time extension (apology letter) sent at T. */
  | { readonly kind: 'Extend'; readonly span: Span; readonly at: DateTimeLit; readonly to: DateTimeLit; readonly reason: StringLit }
  | { readonly kind: 'Expect'; readonly span: Span; readonly what: Ident; readonly subject?: Expr; readonly value: Expr };

export interface ScenarioDecl {
  readonly kind: 'Scenario';
  readonly span: Span;
  readonly name: Ident;
  readonly label?: StringLit;
  readonly labelEn?: StringLit;
  readonly steps: readonly ScenarioStep[];
}

// ---------------------------------------------------------------------------- shared declarations

/** A field group shared by many procedures, e.g. the applicant block. */
export interface FragmentDecl {
  readonly kind: 'Fragment';
  readonly span: Span;
  readonly name: Ident;
  readonly label?: StringLit;
  readonly labelEn?: StringLit;
  readonly fields: readonly FormItem[];
}

export type SourceItem =
  | { readonly kind: 'SourceKind'; readonly span: Span; readonly value: Ident } // national | registry | results | dossiers
  | { readonly kind: 'Key'; readonly span: Span; readonly name: Ident; readonly type: TypeRef }
  | { readonly kind: 'Authoritative'; readonly span: Span }
  | { readonly kind: 'Basis'; readonly span: Span; readonly meta: RuleMeta }
  | SourceField;

export interface SourceField {
  readonly kind: 'SourceField';
  readonly span: Span;
  readonly name: Ident;
  readonly label?: StringLit;
  readonly labelEn?: StringLit;
  readonly type: TypeRef;
}

/** A registry the engine can read from (population, land, business, results store, …). */
export interface SourceDecl {
  readonly kind: 'Source';
  readonly span: Span;
  readonly name: Ident;
  readonly label?: StringLit;
  readonly labelEn?: StringLit;
  readonly items: readonly SourceItem[];
}

export type AgencyItem =
  | { readonly kind: 'Unit'; readonly span: Span; readonly code: StringLit }
  | { readonly kind: 'AgencyLevel'; readonly span: Span; readonly level: Ident }
  | { readonly kind: 'Calendar'; readonly span: Span; readonly calendar: Ident }
  | { readonly kind: 'Parent'; readonly span: Span; readonly parent: Ident };

export interface AgencyDecl {
  readonly kind: 'Agency';
  readonly span: Span;
  readonly name: Ident;
  readonly label?: StringLit;
  readonly labelEn?: StringLit;
  readonly items: readonly AgencyItem[];
}
