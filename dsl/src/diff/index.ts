// Semantic diff between two versions of procedure files, for review in git.
import { parse } from '../syntax/parse.ts';
import type { ProcedureDecl } from '../ast.ts';
import { diffProcedures, noSemanticChange, type ProcedureDiff, type SemanticChange } from './diff.ts';

export { diffProcedures, diffFacts, noSemanticChange } from './diff.ts';
export { valueText, dong } from './words.ts';
export type { ProcedureDiff, SemanticChange, ReviewFinding, ChangeType } from './diff.ts';
export { procedureFacts, elementKinds, type Fact, type ElementKind } from './facts.ts';
export { reviewCodes } from './codes.ts';

const procedures = (text: string): Map<string, ProcedureDecl> =>
  new Map(
    parse(text)
      .file.declarations.filter((d): d is ProcedureDecl => d.kind === 'Procedure')
      .map((d) => [d.name.text, d]),
  );

/**
 * Diff every procedure of two versions of a file (either may be empty: added or deleted file).
 * Each change names its enclosing element (`path`, e.g. `fee registration`).
 */
export function diffText(oldText: string, newText: string): ProcedureDiff[] {
  const before = procedures(oldText);
  const after = procedures(newText);
  const names = [...new Set([...after.keys(), ...before.keys()])];
  return names.map((n) => diffProcedures(before.get(n), after.get(n)));
}

export type Where = (d: ProcedureDiff, side: 'old' | 'new', offset: number) => string;

/** The changes under one hunk header per enclosing element, as git prints `@@ … @@ function`. */
export function hunks(changes: readonly SemanticChange[]): Array<{ path: string; changes: SemanticChange[] }> {
  const out: Array<{ path: string; changes: SemanticChange[] }> = [];
  for (const c of changes) {
    const last = out[out.length - 1];
    if (last?.path === c.path) last.changes.push(c);
    else out.push({ path: c.path, changes: [c] });
  }
  return out;
}

/** Plain-text rendering, one line per change, for the terminal and git's external diff. */
export function renderDiff(diffs: readonly ProcedureDiff[], lang: 'vi' | 'en', where?: Where): string {
  const out: string[] = [];
  for (const d of diffs) {
    const head = lang === 'vi' ? `Thủ tục ${d.procedure}` : `Procedure ${d.procedure}`;
    out.push(d.type === 'added' ? `${head} (${lang === 'vi' ? 'mới' : 'new'})` : d.type === 'removed' ? `${head} (${lang === 'vi' ? 'đã xoá' : 'removed'})` : head);
    if (noSemanticChange(d)) out.push(lang === 'vi' ? '  không có thay đổi về nội dung' : '  no semantic change');
    for (const h of hunks(d.changes)) {
      out.push(`  @@ ${h.path} @@`);
      for (const c of h.changes) out.push(`    ${c.text[lang]}${where ? `  (${where(d, c.side, c.span.start)})` : ''}`);
    }
    for (const i of d.impact) out.push(`  ${lang === 'vi' ? 'Ảnh hưởng' : 'Impact'}: ${i[lang]}`);
    for (const f of d.checks) out.push(`  ${f.severity} ${f.code} ${f.message[lang]}`);
  }
  return out.join('\n') + '\n';
}
