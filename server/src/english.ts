// The procedure's English texts on what the engine recorded before it gave them: a supplement
// request's or refusal's documents, stored in an event without `labelEn`, take it from the
// definition version the dossier is pinned to. What the engine returns now (views, assessments)
// carries `titleEn`/`labelEn` itself. Pages pick the text for their language with
// `inLang`/`labelIn` of @motcua/dsl; the API returns both.
import type { ProcedureIR } from '@motcua/dsl';

/** `x` with `labelEn` set to `en` unless it has one already (or there is none to set). */
export function withLabelEn<X extends { readonly labelEn?: string | undefined }>(x: X, en: string | undefined): X {
  return x.labelEn !== undefined || en === undefined ? x : { ...x, labelEn: en };
}

/** A document the engine names by id and label (a supplement request, a refusal): with its English label from `ir` where none came with it. */
export function documentWithEnglish<D extends { readonly id: string; readonly label: string; readonly labelEn?: string | undefined }>(d: D, ir: ProcedureIR | undefined): D {
  return withLabelEn(d, ir?.documents.find((x) => x.id === d.id)?.labelEn);
}
