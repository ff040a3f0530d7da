// The in-memory workspace the compiler tests use: the shared declarations under common/, the
// design brief's illustrative procedure and a procedure that exercises every construct.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace } from '../../workspace.ts';

const here = import.meta.dirname;
const read = (...p: string[]) => readFileSync(join(here, ...p), 'utf8');

export interface Fixture {
  /** Procedure name, also the golden file stem. */
  readonly name: string;
  /** Workspace-relative path of the procedure file. */
  readonly path: string;
  readonly text: string;
}

export const fixtures: readonly Fixture[] = [
  { name: 'dang_ky_thuong_tru', path: 'cu_tru/dang_ky_thuong_tru.proc', text: read('..', '..', '__fixtures__', 'illustrative.proc') },
  { name: 'cap_phep_xay_dung', path: 'xay_dung/cap_phep_xay_dung.proc', text: read('cap_phep_xay_dung.proc') },
];

export const commonFiles: readonly (readonly [string, string])[] = [
  ['common/sources.proc', read('common', 'sources.proc')],
  ['common/agencies.proc', read('common', 'agencies.proc')],
  ['common/applicant.proc', read('common', 'applicant.proc')],
];

let shared: Workspace | undefined;

/** The common files and both fixtures, with `extra` files added or replacing them. */
export function fixtureWorkspace(extra: Record<string, string> = {}): Workspace {
  // Parsing is the slow part and a Workspace never changes: share the plain one.
  if (Object.keys(extra).length === 0) return (shared ??= build({}));
  return build(extra);
}

function build(extra: Record<string, string>): Workspace {
  const files = new Map<string, string>([...commonFiles, ...fixtures.map((f) => [f.path, f.text] as const)]);
  for (const [path, text] of Object.entries(extra)) files.set(path, text);
  return Workspace.fromFiles(files);
}

/** The smallest procedure header the checker accepts, around `body` (fields, fees, a workflow…). */
export function minimalProcedure(body: string): string {
  return `procedure minimal {
  code "0.000001"
  version 1
  title "Thủ tục tối thiểu"
  agency cong_an_xa
${body}
}
`;
}
