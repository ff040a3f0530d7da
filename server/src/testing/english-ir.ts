// Test support: the permanent residence registration with English companions of its texts set by
// the test itself (`en "…"` after a Vietnamese text in a procedure's file gives them), whatever
// English the library's own file gives. Some texts are left without English on purpose — the
// e-mail field, the floor-area document, the refusal state — so that a page in English shows each
// of them in Vietnamese, not blank.
import type { ProcedureIR } from '@motcua/dsl';

export const RESIDENCE_EN = {
  title: 'Permanent residence registration',
  groups: { applicant: 'Applicant' } as Record<string, string>,
  fields: {
    'applicant.personal_id': 'Personal id number',
    'applicant.full_name': 'Full name',
    'applicant.birth_date': 'Date of birth',
    'applicant.gender': 'Sex',
    'applicant.permanent_address': 'Permanent address',
    'applicant.phone': 'Phone number',
    'applicant.policy': 'Policy group',
    address: 'Address to register',
    housing: 'Grounds for the registration',
    host_id: 'Personal id of the head of household or owner',
    relation: 'Relation to the head of household',
    owner_consent: 'The head of household or owner agrees',
    floor_area: 'Average floor area (m² per person)',
    exemption_claim: 'Other fee exemption (if any)',
  } as Record<string, string>,
  help: {
    'applicant.phone': 'Used to tell you about the dossier; change it if your number changed.',
    housing: 'Residence Law 2020, Article 20(1), (2), (3).',
  } as Record<string, string>,
  options: {
    'applicant.gender': { nam: 'Male', nu: 'Female' },
    housing: { owner: 'A lawful home I own', relative: 'Living with relatives, with the head of household’s consent', tenant: 'Renting, borrowing or staying in a lawful home' },
    exemption_claim: { none: 'None' },
  } as Record<string, Record<string, string>>,
  documents: {
    ct01: 'Residence information change form (CT01)',
    residence_proof: 'Proof of a lawful home',
    relationship_proof: 'Proof of the relation to the head of household',
    lease: 'Lease or loan of the home',
    exemption_proof: 'Proof of the fee exemption',
  } as Record<string, string>,
  fees: { registration: 'Permanent residence registration fee' } as Record<string, string>,
  states: {
    draft: 'Drafting',
    submitted: 'Awaiting reception',
    supplementing: 'Awaiting the citizen’s supplement',
    processing: 'Review of the dossier',
    approval: 'Approval by the commune police chief',
    approval_refusal: 'The chief considers the refusal',
    done: 'Permanent residence registered',
  } as Record<string, string>,
  transitions: {
    submit: 'Submit the dossier',
    accept: 'Accept and give the appointment slip',
    ask_supplement: 'Ask for a supplement',
    refuse: 'Refuse to accept',
    resubmit: 'Send the supplement',
    propose: 'Propose the registration',
    propose_refusal: 'Propose a refusal',
    approve: 'Approve and update the residence database',
    send_back: 'Send back for review',
    confirm_refusal: 'Refuse the registration',
  } as Record<string, string>,
  sources: { population: 'National population database', residence: 'Residence registration store', land: 'Land database' } as Record<string, string>,
  sourceFields: { 'residence.permanent_address': 'Registered permanent address', 'population.full_name': 'Full name' } as Record<string, string>,
  agencies: { cong_an_xa: 'Commune police' } as Record<string, string>,
  results: { confirmation: 'Notice of the permanent residence registration' } as Record<string, string>,
};

const en = (text: string | undefined) => (text === undefined ? {} : { labelEn: text });

/** `ir` (one without English: withoutEnglish of @motcua/dsl/testing) with the English texts of RESIDENCE_EN, as version `version`. */
export function residenceInEnglish(ir: ProcedureIR, version: number): ProcedureIR {
  const E = RESIDENCE_EN;
  return {
    ...ir,
    version,
    titleEn: E.title,
    form: {
      ...ir.form,
      groups: ir.form.groups.map((g) => ({ ...g, ...en(E.groups[g.path]) })),
      fields: ir.form.fields.map((f) => ({
        ...f,
        ...en(E.fields[f.path]),
        ...(E.help[f.path] ? { helpEn: E.help[f.path] } : {}),
        ...(f.options ? { options: f.options.map((o) => ({ ...o, ...en(E.options[f.path]?.[o.id]) })) } : {}),
      })),
    },
    documents: ir.documents.map((d) => ({ ...d, ...en(E.documents[d.id]) })),
    fees: ir.fees.map((f) => ({ ...f, ...en(E.fees[f.id]) })),
    workflow: {
      ...ir.workflow,
      states: ir.workflow.states.map((s) => ({ ...s, ...en(E.states[s.id]), transitions: s.transitions.map((t) => ({ ...t, ...en(E.transitions[t.id]) })) })),
    },
    sources: ir.sources.map((s) => ({ ...s, ...en(E.sources[s.id]), fields: s.fields.map((f) => ({ ...f, ...en(E.sourceFields[`${s.id}.${f.id}`]) })) })),
    agencies: ir.agencies.map((a) => ({ ...a, ...en(E.agencies[a.id]) })),
    results: ir.results.map((r) => ({ ...r, ...en(E.results[r.id]) })),
  };
}
