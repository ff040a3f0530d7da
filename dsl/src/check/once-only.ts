// Once-only (Resolution 66.7/2025/NQ-CP): the citizen is not asked again for data the state
// already holds — required fields that an authoritative source has should be prefilled, and
// documents proving such data should be waived.
import type * as A from '../ast.ts';
import { report } from './catalog.ts';
import type { FileCx } from './names.ts';
import { resolvePath, sourceInfo, type Scope } from './scope.ts';
import { sameType, typeFromRef } from './types.ts';

/**
 * Top-level fields only: they describe the applicant, whose record a source returns. Fields in
 * groups describe someone else (a child, a member) and cannot be prefilled from it.
 */
export function checkPrefillable(cx: FileCx, items: readonly A.FormItem[]): void {
  const authoritative = [...cx.ws.sources.keys()].map((n) => sourceInfo(cx.ws, n)!).filter((s) => s.authoritative);
  if (!authoritative.length) return;
  for (const f of items) {
    if (f.kind !== 'Field' || !f.name.text) continue;
    if (!f.clauses.some((c) => c.kind === 'Required')) continue;
    if (f.clauses.some((c) => c.kind === 'Prefill' || c.kind === 'Computed')) continue;
    const type = typeFromRef(f.type);
    if (!type || type.kind === 'unknown') continue;
    for (const src of authoritative) {
      const field = src.fields.get(f.name.text);
      if (!field || field.key || !sameType(field.type, type)) continue;
      const from = `${src.decl.name.text}.${field.name}`;
      report(cx.out, 'MC6001', f.name.span, { field: f.name.text, from }, [
        {
          title: { vi: `Điền sẵn từ \`${from}\``, en: `Prefill from \`${from}\`` },
          span: { start: f.span.end, end: f.span.end },
          replacement: ` prefill from ${from} locked`,
        },
      ]);
      break;
    }
  }
}

/** Does a declared source provide the data at `path` (directly, or through a prefilled field)? */
function providedBySource(path: A.PathExpr, scope: Scope): boolean {
  const r = resolvePath(path.segments, scope);
  if (r.kind === 'sourceField') return true;
  if (r.kind !== 'field') return false;
  return r.entry.decl.clauses.some((c) => {
    if (c.kind !== 'Prefill' || c.from.kind !== 'Path') return false;
    return resolvePath(c.from.segments, scope).kind === 'sourceField';
  });
}

export function checkDocumentOnceOnly(cx: FileCx, doc: A.DocDecl, scope: Scope): void {
  if (!doc.clauses.some((c) => c.kind === 'Required')) return;
  if (doc.clauses.some((c) => c.kind === 'Waived')) return;
  for (const c of doc.clauses) {
    if (c.kind !== 'Proves') continue;
    const path = c.paths.find((p) => p.segments.length && providedBySource(p, scope));
    if (path) {
      const data = path.segments.map((s) => s.text).join('.');
      report(cx.out, 'MC6002', path.span, { doc: doc.name.text, data });
      return;
    }
  }
}
