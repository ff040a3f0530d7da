// Test support: compile procedures against the library's shared declarations (procedures/common).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileProcedure, Workspace, type ProcedureIR } from '@motcua/dsl';
import { loadWorkspace } from '@motcua/dsl/node';

export const PROCEDURES_DIR = join(import.meta.dirname, '..', '..', '..', 'procedures');

function commonFiles(): Map<string, string> {
  const dir = join(PROCEDURES_DIR, 'common');
  return new Map(readdirSync(dir).filter((f) => f.endsWith('.proc')).map((f) => [`common/${f}`, readFileSync(join(dir, f), 'utf8')] as const));
}

/** Compiles one procedure file's text (it may `use applicant from "common/applicant.proc"`). */
export function compileText(text: string, name?: string): ProcedureIR {
  const files = commonFiles();
  files.set('test/test.proc', text);
  const ws = Workspace.fromFiles(files);
  const id = name ?? /procedure\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(text)?.[1];
  if (!id) throw new Error('no procedure in the text');
  const r = compileProcedure(ws, id);
  if (!r.ir) throw new Error(r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`).join('\n'));
  return r.ir;
}

let library: ReturnType<typeof loadWorkspace> | undefined;

/** A procedure of the library in procedures/, compiled. */
export function compileLibrary(name: string): ProcedureIR {
  library ??= loadWorkspace(PROCEDURES_DIR);
  const r = compileProcedure(library, name);
  if (!r.ir) throw new Error(r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`).join('\n'));
  return r.ir;
}

/** The smallest procedure header, around `body`. */
export function procedure(body: string, header = ''): string {
  return `procedure t {
  code "0.000001"
  version 1
  title "Thủ tục thử"
  agency cong_an_xa
${header}
  use applicant from "common/applicant.proc"
${body}
}
`;
}
