// One procedure's rules, prepared once per IR: the form model, the labels used in explanations,
// the sources by id; `assess` answers everything a dossier needs to know at one moment.
import { LabelIndex, type IRSource, type ProcedureIR } from '@motcua/dsl';
import { documentChecklist, missingDocuments, type DocumentStatus } from './documents.ts';
import type { Channel, EvalEnv, FormValues, Lookup } from './evaluate.ts';
import { quoteFees, type FeeQuote } from './fees.ts';
import { completeForm, FormModel, prefillForm, refreshKeyedPrefill, validateForm, type FieldError, type PrefilledField } from './form.ts';

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
  readonly labels: LabelIndex;
  readonly sources: ReadonlyMap<string, IRSource>;

  constructor(readonly ir: ProcedureIR) {
    this.model = new FormModel(ir);
    this.labels = new LabelIndex(ir);
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

  assess(facts: DossierFacts): Assessment {
    const a = this.assessLazily(facts);
    void a.formErrors;
    void a.documents;
    void a.fees;
    return a;
  }

  /**
   * The same answers, each computed when first read (then kept): an officer's action that only
   * needs the fees does not validate the form or go through the documents. Registry reads happen
   * when a part is computed, so under `withReads` read inside the computation every part the
   * caller will use — a part first read afterwards would miss records not fetched yet.
   */
  assessLazily(facts: DossierFacts): Assessment {
    const base = this.env(facts);
    const once = <T>(f: () => T): (() => T) => {
      let done = false;
      let value: T;
      return () => {
        if (!done) {
          value = f();
          done = true;
        }
        return value;
      };
    };
    const formErrors = once(() => validateForm(this.model, base));
    const withForm: EvalEnv = { ...base, formValid: () => formErrors().length === 0 };
    const documents = once(() => documentChecklist(this.ir, withForm, facts.attached, this.labels));
    const missing = once(() => missingDocuments(documents()));
    const env: EvalEnv = { ...withForm, documentsComplete: () => missing().length === 0 };
    const fees = once(() => quoteFees(this.ir, env, facts.today, this.labels));
    return {
      get formErrors() {
        return formErrors();
      },
      get documents() {
        return documents();
      },
      get missing() {
        return missing();
      },
      get fees() {
        return fees();
      },
      get formValid() {
        return formErrors().length === 0;
      },
      get documentsComplete() {
        return missing().length === 0;
      },
      env,
    };
  }
}
