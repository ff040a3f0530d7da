// What the preview panels show, computed in the language worker from the compiled procedure
// and sent as plain data: the page renders it without parsing or compiling anything itself.
// The procedure's own texts keep their English companions beside them as the IR does (`labelEn`
// beside `label`, `helpEn`, `titleEn`): the page picks one when it renders (`ownLabel`,
// `ownText` in ../i18n.ts), so switching the language needs nothing from the worker.
import type { IRDuration, IRWorkflow, Localized, ProcedureIR } from '@motcua/dsl';

/** A condition or amount: Vietnamese words with the designer's labels, and the source text. */
export interface Phrase {
  readonly vi: string;
  readonly src: string;
}

export type Requiredness = 'always' | 'never' | Phrase;

export interface FieldView {
  readonly kind: 'field';
  readonly id: string;
  readonly path: string;
  readonly label: string;
  readonly labelEn?: string;
  readonly type: 'text' | 'number' | 'money' | 'date' | 'boolean' | 'choice' | 'personal_id' | 'phone' | 'email' | 'address';
  readonly options?: readonly { readonly id: string; readonly label: string; readonly labelEn?: string }[];
  readonly required: Requiredness;
  readonly visible?: Phrase;
  readonly help?: string;
  readonly helpEn?: string;
  /** Where the value comes from before the citizen types anything. */
  readonly prefill?: { readonly source?: string; readonly sourceLabel?: string; readonly sourceLabelEn?: string; readonly field?: string; readonly text: Phrase };
  readonly locked: boolean;
  readonly computed?: Phrase;
  readonly default?: Phrase;
  /** Literal bounds the page can check as the designer types; others are only described. */
  readonly min?: number | string;
  readonly max?: number | string;
  readonly minText?: Phrase;
  readonly maxText?: Phrase;
  /** JavaScript regular expression from `pattern`, or the built-in one of the type. */
  readonly pattern?: string;
}

export interface GroupView {
  readonly kind: 'group';
  readonly id: string;
  readonly path: string;
  readonly label: string;
  readonly labelEn?: string;
  readonly fragment?: string;
  readonly repeated?: { readonly min?: number; readonly max?: number };
  readonly visible?: Phrase;
  readonly items: readonly (FieldView | GroupView)[];
}

export interface DocumentView {
  readonly id: string;
  readonly label: string;
  readonly labelEn?: string;
  readonly required: Requiredness;
  readonly form?: 'original' | 'copy' | 'certified_copy' | 'electronic';
  readonly copies: number;
  readonly formats: readonly string[];
  readonly maxSizeMB?: number;
  readonly signed: boolean;
  readonly generated: boolean;
  readonly waivers: readonly { readonly when: Phrase; readonly basis: readonly string[] }[];
  readonly proves: readonly string[];
  readonly help?: string;
  readonly helpEn?: string;
  readonly basis: readonly string[];
}

export interface FeeLineView {
  readonly kind: 'fixed' | 'per_unit' | 'tiered';
  /** fixed and per_unit: the amount; tiered: the value the tiers are chosen by. */
  readonly amount: Phrase;
  readonly per?: Phrase;
  readonly tiers?: readonly { readonly upTo?: Phrase; readonly amount: Phrase }[];
  readonly when?: Phrase;
  readonly basis: readonly string[];
  readonly effective?: { readonly from: string; readonly until?: string };
}

export interface FeeView {
  readonly id: string;
  readonly label: string;
  readonly labelEn?: string;
  readonly lines: readonly FeeLineView[];
  readonly discounts: readonly { readonly percent: Phrase; readonly when?: Phrase; readonly basis: readonly string[] }[];
  readonly exemptions: readonly { readonly label?: string; readonly labelEn?: string; readonly when: Phrase; readonly basis: readonly string[] }[];
  readonly cap?: Phrase;
  readonly due: {
    readonly on: 'submit' | 'before' | 'result';
    readonly transition?: string;
    readonly transitionLabel?: string;
    readonly transitionLabelEn?: string;
  };
}

export interface TimingView {
  readonly deadline?: IRDuration & { readonly from: string; readonly fromLabel: Localized; readonly basis: readonly string[] };
  readonly warn?: IRDuration;
  readonly extension: { readonly declared: boolean; readonly max?: IRDuration };
}

export interface ProcedurePreview {
  readonly id: string;
  readonly code: string;
  readonly title: string;
  readonly titleEn?: string;
  readonly version: number;
  /** The agency that handles the procedure (its id), and its name. */
  readonly agency: string;
  readonly agencyLabel: string;
  readonly agencyLabelEn?: string;
  readonly channels: readonly string[];
  readonly form: readonly (FieldView | GroupView)[];
  readonly documents: readonly DocumentView[];
  readonly fees: readonly FeeView[];
  readonly workflow: IRWorkflow;
  readonly timing: TimingView;
  readonly agencies: readonly { readonly id: string; readonly label: string; readonly labelEn?: string; readonly calendar: 'national' | 'saturday_morning' }[];
  readonly scenarios: readonly { readonly id: string; readonly label: string; readonly labelEn?: string }[];
  readonly sourceHash: string;
  /**
   * The compiled procedure itself, for the live fee and document rules of the Documents and
   * fees panel. While that panel is not on screen it may be the one of an earlier version for a
   * moment: the worker sends it after the rest (`pending: ['ir']`, protocol.ts).
   */
  readonly ir: ProcedureIR;
}

export interface PreviewModel {
  /** Every procedure declared in the file, in order. */
  readonly procedures: readonly { readonly id: string; readonly title: string; readonly titleEn?: string }[];
  /** The procedure shown; absent when the file declares none (a fragment or sources file). */
  readonly selected?: string;
  /** Absent when the procedure has errors: the page keeps showing the last good one, marked stale. */
  readonly procedure?: ProcedurePreview;
  readonly errors: number;
  readonly warnings: number;
  /** "Changes since saved" as the reviewer will read them (`renderDiff`). */
  readonly changes: { readonly changed: boolean; readonly vi: string; readonly en: string };
}
