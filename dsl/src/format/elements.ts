// Where each independent element of a file begins, and where its clauses begin. The canonical
// layout puts every element (declaration, meta line, field, choice option, doc, fee line, tier,
// state, transition, publish, scenario step, source/agency line) on a line of its own, so that
// two edits to different elements touch different lines and merge cleanly in git; an element
// too long for one line puts each clause on a line of its own, for the same reason.
import type * as A from '../ast.ts';

export interface Elements {
  /** Offsets of the first token of every element, at any depth. */
  readonly starts: ReadonlySet<number>;
  /** Offsets of the first token of every clause that may go on a continuation line. */
  readonly clauses: ReadonlySet<number>;
}

/** The token just before the one at `offset`: the keyword that introduces a clause. */
export type TokenBefore = (offset: number) => { readonly start: number; readonly image: string } | undefined;

export function elements(file: A.SourceFile, tokenBefore: TokenBefore): Elements {
  const starts = new Set<number>();
  const clauses = new Set<number>();
  const clause = (node: { readonly span: A.Span }) => clauses.add(node.span.start);
  /** A clause that the tree knows by its value: `when <expr>`, `basis "…"`, `effective <date>`. */
  const keyword = (value: { readonly span: A.Span } | undefined, word: string) => {
    const before = value && tokenBefore(value.span.start);
    if (before?.image === word) clauses.add(before.start);
  };
  const ruleMeta = (meta: A.RuleMeta) => {
    meta.basis.forEach((b) => keyword(b, 'basis'));
    keyword(meta.effective, 'effective');
  };
  const add = (node: { readonly span: A.Span }) => starts.add(node.span.start);
  const options = (type: A.TypeRef) => type.options.forEach(add);
  const fields = (items: readonly A.FormItem[]) => {
    for (const item of items) {
      add(item);
      if (item.kind === 'Field') {
        options(item.type);
        item.clauses.forEach(clause);
      } else fields(item.fields);
    }
  };

  for (const decl of file.declarations) {
    add(decl);
    switch (decl.kind) {
      case 'Procedure':
        decl.items.forEach((item) => procedureItem(item, { add, fields, clause, keyword, ruleMeta }));
        break;
      case 'Fragment':
        fields(decl.fields);
        break;
      case 'Source':
        for (const item of decl.items) {
          add(item);
          if (item.kind === 'Key' || item.kind === 'SourceField') options(item.type);
        }
        break;
      case 'Agency':
        decl.items.forEach(add);
        break;
    }
  }
  return { starts, clauses };
}

interface Marks {
  readonly add: (node: { readonly span: A.Span }) => void;
  readonly fields: (items: readonly A.FormItem[]) => void;
  readonly clause: (node: { readonly span: A.Span }) => void;
  readonly keyword: (value: { readonly span: A.Span } | undefined, word: string) => void;
  readonly ruleMeta: (meta: A.RuleMeta) => void;
}

function procedureItem(item: A.ProcedureItem, { add, fields, clause, keyword, ruleMeta }: Marks): void {
  add(item);
  switch (item.kind) {
    case 'Form':
      fields(item.items);
      break;
    case 'Documents':
      for (const doc of item.docs) {
        add(doc);
        doc.clauses.forEach(clause);
      }
      break;
    case 'Fee':
      for (const line of item.items) {
        add(line);
        if (line.kind === 'Amount' && line.amount.kind === 'Tiered') line.amount.tiers.forEach(add);
        if ('when' in line) keyword(line.when, 'when');
        if ('meta' in line) ruleMeta(line.meta);
      }
      break;
    case 'Workflow':
      for (const state of item.states) {
        add(state);
        for (const transition of state.transitions) {
          add(transition);
          transition.clauses.forEach(clause);
        }
      }
      break;
    case 'Result':
      item.items.forEach(add);
      break;
    case 'Scenario':
      item.steps.forEach(add);
      break;
    // Deadline and extension metadata are never moved to a continuation line: the parser reads
    // `basis`/`effective` as theirs only on their own line.
    default:
      break;
  }
}
