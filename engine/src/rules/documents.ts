// Which documents a dossier still needs (docs/language.md §4.5, §5.4): a document is required
// (always or when its condition holds), unless a waiver holds — usually because a registry
// already has the data (Resolution 66.7/2025/NQ-CP). Each entry says why, with its basis.
import type { IRDocument, ProcedureIR } from '@motcua/dsl';
import { holds, inEffect, type EvalEnv } from './evaluate.ts';
import { englishLabel, exprWords, ProcedureLabels, type Bilingual, type Labels } from './text.ts';

export type DocumentNeed = 'required' | 'waived' | 'not_required' | 'optional';

export interface DocumentStatus {
  readonly id: string;
  readonly label: string;
  /** The English label, when the procedure gives one. */
  readonly labelEn?: string;
  readonly need: DocumentNeed;
  /** Produced by the system from the form; never uploaded. */
  readonly generated: boolean;
  readonly attached: boolean;
  readonly reason: Bilingual;
  readonly basis: readonly string[];
  readonly document: IRDocument;
}

export function documentChecklist(
  ir: ProcedureIR,
  env: EvalEnv,
  attached: ReadonlySet<string>,
  ix: Labels = new ProcedureLabels(ir),
): DocumentStatus[] {
  const out: DocumentStatus[] = [];
  for (const d of ir.documents) {
    if (!inEffect(d, env.today)) continue;
    const base = { id: d.id, label: d.label, ...englishLabel(d), generated: d.generated, attached: attached.has(d.id), document: d };
    if (d.required === false) {
      out.push({ ...base, need: 'optional', reason: { vi: 'không bắt buộc', en: 'optional' }, basis: d.basis });
      continue;
    }
    if (d.required !== true && !holds(d.required, env)) {
      out.push({
        ...base,
        need: 'not_required',
        reason: { vi: `chỉ yêu cầu khi ${exprWords(d.required, ix).vi}`, en: `required only when ${exprWords(d.required, ix).en}` },
        basis: d.basis,
      });
      continue;
    }
    const waiver = d.waivers.find((w) => inEffect(w, env.today) && holds(w.condition, env));
    if (waiver) {
      out.push({
        ...base,
        need: 'waived',
        reason: {
          vi: `được miễn nộp vì ${exprWords(waiver.condition, ix).vi} (cơ quan tự khai thác dữ liệu)`,
          en: `waived because ${exprWords(waiver.condition, ix).en} (the agency reads the data itself)`,
        },
        basis: waiver.basis,
      });
      continue;
    }
    const why =
      d.required === true
        ? { vi: 'bắt buộc', en: 'required' }
        : { vi: `bắt buộc vì ${exprWords(d.required, ix).vi}`, en: `required because ${exprWords(d.required, ix).en}` };
    out.push({
      ...base,
      need: 'required',
      reason: d.generated ? { vi: `${why.vi}; hệ thống tự tạo từ tờ khai`, en: `${why.en}; generated from the form` } : why,
      basis: d.basis,
    });
  }
  return out;
}

/** Required documents that the citizen must still upload. */
export function missingDocuments(checklist: readonly DocumentStatus[]): DocumentStatus[] {
  return checklist.filter((d) => d.need === 'required' && !d.generated && !d.attached);
}
