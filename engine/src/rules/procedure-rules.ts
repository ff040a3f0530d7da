// One procedure's rules, prepared once per IR: the form model, the labels used in explanations,
// the sources by id; `assess` answers everything a dossier needs to know at one moment.
import type { IRSource, ProcedureIR } from '@motcua/dsl';
import { documentChecklist, missingDocuments, type DocumentStatus } from './documents.ts';
import type { Channel, EvalEnv, FormValues, Lookup } from './evaluate.ts';
import { quoteFees, type FeeQuote } from './fees.ts';
import { completeForm, FormModel, prefillForm, refreshKeyedPrefill, validateForm, type FieldError, type PrefilledField } from './form.ts';
import { ProcedureLabels } from './text.ts';

export interface DossierFacts {
  readonly form: FormValues;
  readonly channel: Channel;
  readonly citizen?: string;
  /** Local date, "YYYY-MM-DD". */
  readonly today: string;
  readonly lookup: Lookup;
  /** Ids of the documents attached. */
  readonly attached: ReadonlySet<string>;
}

export interface Assessment {
  readonly formErrors: readonly FieldError[];
  readonly documents: readonly DocumentStatus[];
  /** Required documents not attached yet (generated ones excluded). */
  readonly missing: readonly DocumentStatus[];
  readonly fees: FeeQuote;
  readonly formValid: boolean;
  readonly documentsComplete: boolean;
  /** The environment the guards of the workflow are evaluated in. */
  readonly env: EvalEnv;
}

export class ProcedureRules {
  readonly model: FormModel;
  /** The labels conditions are said with, in Vietnamese and in English. */
  readonly labels: ProcedureLabels;
  readonly sources: ReadonlyMap<string, IRSource>;

  constructor(readonly ir: ProcedureIR) {
    this.model = new FormModel(ir);
    this.labels = new ProcedureLabels(ir);
    this.sources = new Map(ir.sources.map((s) => [s.id, s]));
  }

  env(facts: Omit<DossierFacts, 'attached'>): EvalEnv {
    return {
      form: facts.form,
      channel: facts.channel,
      ...(facts.citizen !== undefined ? { citizen: facts.citizen } : {}),
      today: facts.today,
      lookup: facts.lookup,
      sources: this.sources,
    };
  }

  prefill(facts: Omit<DossierFacts, 'attached' | 'form'>): { form: FormValues; prefilled: PrefilledField[] } {
    return prefillForm(this.model, this.env({ ...facts, form: {} }));
  }

  /** After an update: keyed prefills follow their keys, then defaults and computed values. */
  complete(form: FormValues, facts: Omit<DossierFacts, 'attached' | 'form'>): { form: FormValues; prefilled: PrefilledField[] } {
    const keyed = refreshKeyedPrefill(this.model, form, this.env({ ...facts, form }));
    return { form: completeForm(this.model, keyed.form, this.env({ ...facts, form: keyed.form })), prefilled: keyed.prefilled };
  }

  /** Every part computed now: plain data. */
  assess(facts: DossierFacts): Assessment {
    const a = this.assessLazily(facts);
    return {
      formErrors: a.formErrors,
      documents: a.documents,
      missing: a.missing,
      fees: a.fees,
      formValid: a.formValid,
      documentsComplete: a.documentsComplete,
      env: a.env,
    };
  }

  /**
   * The same answers, each computed when first read (then kept): an officer's action that only
   * needs the fees does not validate the form or go through the documents. Registry reads happen
   * when a part is computed, so under `withReads` read inside the computation every part the
   * caller will use — a part first read afterwards would miss records not fetched yet.
   */
  assessLazily(facts: DossierFacts): Assessment {
    return new LazyAssessment(this, facts);
  }
}

/**
 * An assessment whose parts are computed on first read. The parts are getters of the class, not
 * of each object: an object literal with getters costs V8 more than the whole fee computation.
 */
class LazyAssessment implements Assessment {
  readonly env: EvalEnv;
  /** The facts alone: the environment of the form rules. */
  readonly #base: EvalEnv;
  /** The environment of the document rules: the form's validity, not the documents' completeness. */
  readonly #withForm: EvalEnv;
  readonly #rules: ProcedureRules;
  readonly #attached: ReadonlySet<string>;
  readonly #today: string;
  #formErrors: readonly FieldError[] | undefined;
  #documents: readonly DocumentStatus[] | undefined;
  #missing: readonly DocumentStatus[] | undefined;
  #fees: FeeQuote | undefined;

  constructor(rules: ProcedureRules, facts: DossierFacts) {
    this.#rules = rules;
    this.#attached = facts.attached;
    this.#today = facts.today;
    this.#base = rules.env(facts);
    this.#withForm = { ...this.#base, formValid: () => this.formValid };
    this.env = { ...this.#withForm, documentsComplete: () => this.documentsComplete };
  }

  get formErrors(): readonly FieldError[] {
    return (this.#formErrors ??= validateForm(this.#rules.model, this.#base));
  }

  get documents(): readonly DocumentStatus[] {
    return (this.#documents ??= documentChecklist(this.#rules.ir, this.#withForm, this.#attached, this.#rules.labels));
  }

  get missing(): readonly DocumentStatus[] {
    return (this.#missing ??= missingDocuments(this.documents));
  }

  get fees(): FeeQuote {
    return (this.#fees ??= quoteFees(this.#rules.ir, this.env, this.#today, this.#rules.labels));
  }

  get formValid(): boolean {
    return this.formErrors.length === 0;
  }

  get documentsComplete(): boolean {
    return this.missing.length === 0;
  }

}
