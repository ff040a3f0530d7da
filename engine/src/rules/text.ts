// User-visible text of the rules: Vietnamese first, English beside it.
import { exprSource, exprText, type IRExpr, type LabelIndex } from '@motcua/dsl';

export interface Bilingual {
  readonly vi: string;
  readonly en: string;
}

const texts = new WeakMap<IRExpr, { ix: LabelIndex; text: Bilingual }>();

/**
 * An expression in words (with the procedure's labels) and as written. Both depend only on the
 * expression and the labels, immutable once compiled: put into words once, not on every assessment.
 */
export function exprWords(e: IRExpr, ix: LabelIndex): Bilingual {
  const known = texts.get(e);
  if (known?.ix === ix) return known.text;
  const text = { vi: exprText(e, ix), en: exprSource(e) };
  texts.set(e, { ix, text });
  return text;
}
