// The semantic checker: every diagnostic of a file or a whole workspace, syntax included.
// Names resolve across files through the Workspace (imported fragments, global sources and
// agencies). Checking one file does not re-check the others, so the studio can call it per
// keystroke.
import type { Diagnostic } from '../diagnostics.ts';
import type { ParsedFile, Workspace } from '../workspace.ts';
import { checkEnglish } from './english.ts';
import { checkFormItems } from './form.ts';
import { checkAgency, checkSource, checkWorkspaceDuplicates, reportDuplicates, WHAT, type FileCx } from './names.ts';
import { checkPrefillable } from './once-only.ts';
import { checkProcedure } from './procedure.ts';
import { fragmentScope } from './scope.ts';

export { checkCodes } from './catalog.ts';
export { typeOf, checkExpr } from './expr.ts';
export {
  procedureScope,
  fragmentScope,
  procedureIndex,
  resolvePath,
  allFields,
  topLevelNames,
  sourceInfo,
  BUILTIN_VALUES,
  BUILTIN_GROUPS,
  FUNCTIONS,
  type Scope,
  type Entry,
  type FieldEntry,
  type GroupEntry,
  type ProcedureIndex,
  type Resolution,
  type SourceInfo,
  type SourceFieldInfo,
} from './scope.ts';
export { typeLabel, assignable, comparable, type Type, type ScalarKind } from './types.ts';
export { workingHours } from './deadlines.ts';

/** Under vitest a checker bug fails the test instead of being swallowed. */
const underTest = typeof process !== 'undefined' && !!process.env?.['VITEST'];

function checkParsed(ws: Workspace, file: ParsedFile): Diagnostic[] {
  const out: Diagnostic[] = [...file.syntax];
  const cx: FileCx = { ws, file, out };
  const ast = file.ast;
  reportDuplicates(
    cx,
    WHAT.declaration,
    ast.declarations.filter((d) => d.kind === 'Fragment').map((d) => d.name),
  );
  for (const decl of ast.declarations) {
    try {
      switch (decl.kind) {
        case 'Procedure':
          checkProcedure(cx, decl);
          break;
        case 'Fragment':
          checkFormItems(cx, decl.fields, fragmentScope(ws, file.path, decl));
          checkPrefillable(cx, decl.fields);
          break;
        case 'Source':
          checkSource(cx, decl);
          break;
        case 'Agency':
          checkAgency(cx, decl);
          break;
      }
      checkWorkspaceDuplicates(cx, decl);
    } catch (err) {
      // A checker bug must not take the studio down with it: report nothing more for this
      // declaration, say so on the console, and let the tests (which run without this net) find it.
      if (underTest) throw err;
      console.error(`motcua: internal checker error in ${file.path} (${decl.kind} ${decl.name.text})`, err);
    }
  }
  try {
    checkEnglish(cx);
  } catch (err) {
    if (underTest) throw err;
    console.error(`motcua: internal checker error in ${file.path} (English texts)`, err);
  }
  return out
    .map((d) => ({ ...d, file: file.path }))
    .sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
}

/** Every diagnostic of one file of the workspace; `file` is set on each. */
export function checkFile(ws: Workspace, path: string): Diagnostic[] {
  const file = ws.file(path);
  return file ? checkParsed(ws, file) : [];
}

/** Every diagnostic of every file, sorted by file then offset. */
export function checkWorkspace(ws: Workspace): Diagnostic[] {
  const paths = [...ws.files.keys()].sort();
  return paths.flatMap((p) => checkParsed(ws, ws.files.get(p)!));
}
