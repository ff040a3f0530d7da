// Where each independent element of a file begins, and where its clauses begin. The canonical
// layout puts every element (declaration, meta line, field, choice option, doc, fee line, tier,
// state, transition, publish, scenario step, source/agency line) on a line of its own, so that
// two edits to different elements touch different lines and merge cleanly in git; an element
// too long for one line puts its clauses on continuation lines, for the same reason.
import type * as A from '../ast.ts';

/**
 * Where a too-long line may break: 1 = before a clause of the element (continuation line);
 * 2 = inside a clause, before its own legal metadata (`waived when … ⏎ basis "…"`), one
 * level deeper, used only when the clause alone is still too long.
 */
export type BreakLevel = 1 | 2;

export interface Elements {
  /** Offsets of the first token of every element, at any depth. */
  readonly starts: ReadonlySet<number>;
  /** Offsets of the first token of every clause that may start a continuation line. */
  readonly breaks: ReadonlyMap<number, BreakLevel>;
}

/** The token just before the one at `offset`: the keyword that introduces a clause. */
export type TokenBefore = (offset: number) => { readonly start: number; readonly image: string } | undefined;

type Spanned = { readonly span: A.Span };

export function elements(file: A.SourceFile, tokenBefore: TokenBefore): Elements {
  const starts = new Set<number>();
  const breaks = new Map<number, BreakLevel>();

  const element = (node: Spanned) => starts.add(node.span.start);
  /**
   * The clauses of one element. The first stays on the element's line (`field a: text
   * required`, `} required` after a choice block); `locked` stays with the `prefill` it locks.
   */
  const clauses = (list: readonly (Spanned & { readonly kind: string })[]) =>
    list.forEach((c, i) => {
      if (i === 0 || (c.kind === 'Locked' && list[i - 1]?.kind === 'Prefill')) return;
      breaks.set(c.span.start, 1);
    });
  /** Clauses the tree knows by their value (`when <expr>`, `basis "…"`): they start at the keyword. */
  const keyword = (value: Spanned | undefined, word: string): number[] => {
    const before = value && tokenBefore(value.span.start);
    return before?.image === word ? [before.start] : [];
  };
  const ruleMeta = (meta: A.RuleMeta): number[] => [
    ...meta.basis.flatMap((b) => keyword(b, 'basis')),
    ...keyword(meta.effective, 'effective'),
  ];
  const options = (type: A.TypeRef) => type.options.forEach(element);
  const form = (items: readonly A.FormItem[]) => {
    for (const item of items) {
      element(item);
      if (item.kind === 'Field') {
        options(item.type);
        clauses(item.clauses);
      } else form(item.fields);
    }
  };
  const fee = (line: A.FeeItem) => {
    element(line);
    if (line.kind === 'Amount' && line.amount.kind === 'Tiered') line.amount.tiers.forEach(element);
    if (line.kind === 'Due') return;
    // As for other elements, the first clause stays: `amount 10_000 VND when … ⏎ basis "…"`.
    const offsets = [...keyword(line.kind === 'Cap' ? undefined : line.when, 'when'), ...ruleMeta(line.meta)];
    offsets.sort((a, b) => a - b).slice(1).forEach((offset) => breaks.set(offset, 1));
  };

  const procedureItem = (item: A.ProcedureItem) => {
    element(item);
    switch (item.kind) {
      case 'Form':
        form(item.items);
        break;
      case 'Documents':
        for (const doc of item.docs) {
          element(doc);
          clauses(doc.clauses);
          for (const c of doc.clauses) if (c.kind === 'Waived') ruleMeta(c.meta).forEach((offset) => breaks.set(offset, 2));
        }
        break;
      case 'Fee':
        item.items.forEach(fee);
        break;
      case 'Workflow':
        for (const state of item.states) {
          element(state);
          for (const transition of state.transitions) {
            element(transition);
            clauses(transition.clauses);
          }
        }
        break;
      case 'Result':
        item.items.forEach(element);
        break;
      case 'Scenario':
        item.steps.forEach(element);
        break;
      // Deadline and extension metadata never move to a continuation line: the parser reads
      // `basis`/`effective` as theirs only on their own line.
      default:
        break;
    }
  };

  for (const decl of file.declarations) {
    element(decl);
    switch (decl.kind) {
      case 'Procedure':
        decl.items.forEach(procedureItem);
        break;
      case 'Fragment':
        form(decl.fields);
        break;
      case 'Source':
        for (const item of decl.items) {
          element(item);
          if (item.kind === 'Key' || item.kind === 'SourceField') options(item.type);
        }
        break;
      case 'Agency':
        decl.items.forEach(element);
        break;
    }
  }
  return { starts, breaks };
}
