// Live fees and documents in the studio: the engine's own rules (`@motcua/engine/rules`, pure
// and browser-safe) evaluated on the values typed in the form preview, with the sample registry
// data of the default set-up for lookups (land ownership, civil status…). The same code prices a
// dossier in the server, so what the designer sees is what the citizen will pay.
import type { IRField, ProcedureIR } from '@motcua/dsl';
import { ProcedureRules, writePath, type FormValues, type Value } from '@motcua/engine/rules';
import sample from '../../procedures/registries/sample-data.json';
import type { LiveRulesEvaluator } from './panels/docs-fees-view.ts';

const registry = sample as unknown as Record<string, Record<string, Record<string, unknown>>>;
const rulesOf = new WeakMap<ProcedureIR, ProcedureRules>();

function coerce(field: IRField | undefined, v: string | boolean): Value {
  if (typeof v === 'boolean') return v;
  if (v.trim() === '') return undefined;
  if (field && (field.type === 'number' || field.type === 'money')) {
    const n = Number(v.replace(/[._\s]/g, field.type === 'money' ? '' : '_').replace(/_/g, ''));
    return Number.isFinite(n) ? n : v;
  }
  if (field?.type === 'boolean') return v === 'true';
  return v;
}

export const liveRules: LiveRulesEvaluator = ({ ir, channel, values, at }) => {
  let rules = rulesOf.get(ir);
  if (!rules) rulesOf.set(ir, (rules = new ProcedureRules(ir)));
  const fields = new Map(ir.form.fields.map((f) => [f.path, f]));
  let form: FormValues = {};
  for (const [path, v] of values) form = writePath(form, path.split('.'), coerce(fields.get(path), v));
  const citizen = typeof (form['applicant'] as FormValues | undefined)?.['personal_id'] === 'string' ? String((form['applicant'] as FormValues)['personal_id']) : undefined;
  const lookup = (source: string, key: string) => registry[source]?.[key.normalize('NFC').trim()];
  const facts = { channel, ...(citizen ? { citizen } : {}), today: at.slice(0, 10), lookup };
  form = rules.complete(form, facts).form; // defaults, computed values, keyed prefills
  const a = rules.assess({
    form,
    channel,
    ...(citizen ? { citizen } : {}),
    today: at.slice(0, 10),
    lookup,
    attached: new Set(),
  });
  return {
    total: a.fees.total,
    fees: a.fees.fees.map((f) => ({
      id: f.id,
      amount: f.amount,
      note: { vi: f.steps.map((s) => s.reason.vi).join('; '), en: f.steps.map((s) => s.reason.en).join('; ') },
    })),
    documents: a.documents.map((d) => ({ id: d.id, required: d.need === 'required', waived: d.need === 'waived', reason: d.reason })),
  };
};
