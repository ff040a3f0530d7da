// The outline of a file: its declarations and, inside a procedure, the parts a designer
// navigates by (form fields and groups, documents, fees, deadline, states and transitions,
// results, scenarios). Spans are whole constructs; `name` is the declared name or, for an
// unnamed block, its keyword.
import type * as A from '../ast.ts';
import type { Workspace } from '../workspace.ts';
import type { OutlineItem } from './types.ts';

function item(name: string, kind: string, span: A.Span, label?: A.StringLit, children: OutlineItem[] = []): OutlineItem {
  return { name, kind, ...(label ? { label: label.value } : {}), start: span.start, end: span.end, children };
}

function formItems(items: readonly A.FormItem[]): OutlineItem[] {
  return items
    .filter((i) => i.name.text)
    .map((i) => (i.kind === 'Field' ? item(i.name.text, 'field', i.span, i.label) : item(i.name.text, 'group', i.span, i.label, formItems(i.fields))));
}

function procedureItem(it: A.ProcedureItem): OutlineItem | undefined {
  switch (it.kind) {
    case 'Use':
      return it.name.text ? item(it.name.text, 'use', it.span) : undefined;
    case 'Form':
      return item('form', 'form', it.span, undefined, formItems(it.items));
    case 'Documents':
      return item('documents', 'documents', it.span, undefined, it.docs.filter((d) => d.name.text).map((d) => item(d.name.text, 'doc', d.span, d.label)));
    case 'Fee':
      return it.name.text ? item(it.name.text, 'fee', it.span, it.label) : undefined;
    case 'Deadline':
      return item('deadline', 'deadline', it.span);
    case 'Workflow':
      return item(
        'workflow',
        'workflow',
        it.span,
        undefined,
        it.states
          .filter((s) => s.name.text)
          .map((s) =>
            item(s.name.text, s.final ? 'final' : 'state', s.span, s.label, s.transitions.filter((t) => t.name.text).map((t) => item(t.name.text, 'transition', t.span, t.label))),
          ),
      );
    case 'Result':
      return it.name.text ? item(it.name.text, 'result', it.span, it.label) : undefined;
    case 'Scenario':
      return it.name.text ? item(it.name.text, 'scenario', it.span, it.label) : undefined;
    default:
      return undefined;
  }
}

export function outline(ws: Workspace, path: string): OutlineItem[] {
  const file = ws.file(path);
  if (!file) return [];
  const out: OutlineItem[] = [];
  for (const d of file.ast.declarations) {
    if (!d.name.text) continue;
    switch (d.kind) {
      case 'Procedure': {
        const title = d.items.find((i): i is A.MetaItem => i.kind === 'Meta' && i.key === 'title')?.strings[0];
        const children = d.items.map(procedureItem).filter((x): x is OutlineItem => !!x);
        out.push(item(d.name.text, 'procedure', d.span, title, children));
        break;
      }
      case 'Fragment':
        out.push(item(d.name.text, 'fragment', d.span, d.label, formItems(d.fields)));
        break;
      case 'Source': {
        const fields = d.items.flatMap((i) => (i.kind === 'Key' ? [item(i.name.text, 'key', i.span)] : i.kind === 'SourceField' ? [item(i.name.text, 'sourceField', i.span, i.label)] : []));
        out.push(item(d.name.text, 'source', d.span, d.label, fields.filter((f) => f.name)));
        break;
      }
      case 'Agency':
        out.push(item(d.name.text, 'agency', d.span, d.label));
        break;
    }
  }
  return out;
}
