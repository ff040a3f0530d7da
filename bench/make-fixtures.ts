// Writes the benchmark inputs into bench/fixtures/ (committed, so every run measures the same
// files): a generated procedure of about 2,000 lines, a BPMN 2.0 file of the same workflow cut
// to the same size, and a BPMN file the size of the library's largest procedure.
// Run again when the generator or the library's shared files change:
//   npx tsx bench/make-fixtures.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcedureDecl } from '../dsl/src/ast.ts';
import { parse } from '../dsl/src/syntax/parse.ts';
import { Workspace } from '../dsl/src/workspace.ts';
import { generateProcedure } from '../procedures/generator/generate.ts';
import { vocabularyOf } from '../procedures/generator/vocabulary.ts';
import { bpmnOfSize } from './bpmn.ts';
import { commonFiles, libraryProcedures, repo } from './pipeline.ts';

const fixtures = join(repo, 'bench', 'fixtures');

/** One entry of fixtures.json, which the benchmarks print beside their figures. */
export interface FixtureInfo {
  /** What the BPMN file is size-matched to. */
  readonly matches: string;
  readonly procBytes: number;
  readonly bpmnBytes: number;
  /** Extension items (fees, documents, form items) the BPMN carries, of the procedure's total. */
  readonly items: string;
  readonly diagram: boolean;
}

function procedureIn(text: string): ProcedureDecl {
  const d = parse(text).file.declarations.find((x) => x.kind === 'Procedure');
  if (d?.kind !== 'Procedure') throw new Error('no procedure in the file');
  return d;
}

function sized(name: string, matches: string, text: string): FixtureInfo {
  const b = bpmnOfSize(procedureIn(text), Buffer.byteLength(text));
  writeFileSync(join(fixtures, name), b.xml);
  return { matches, procBytes: Buffer.byteLength(text), bpmnBytes: Buffer.byteLength(b.xml), items: `${b.items}/${b.totalItems}`, diagram: b.diagram };
}

const GENERATED_SEED = 2025;

{
  mkdirSync(fixtures, { recursive: true });
  const vocabulary = vocabularyOf(Workspace.fromFiles(commonFiles()));
  const generated = generateProcedure(GENERATED_SEED, { targetLines: 2000, vocabulary, name: 'generated_2000', code: '9.002000' });
  writeFileSync(join(fixtures, 'generated-2000.proc'), generated);
  const largest = libraryProcedures()[0];
  if (!largest) throw new Error('the library has no procedures yet');
  const manifest: Record<string, FixtureInfo> = {
    'generated-2000.bpmn': sized('generated-2000.bpmn', 'bench/fixtures/generated-2000.proc', generated),
    'largest-library.bpmn': sized('largest-library.bpmn', `procedures/${largest.path}`, largest.text),
  };
  writeFileSync(join(fixtures, 'fixtures.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const [f, info] of Object.entries(manifest)) {
    console.log(`${f}: ${info.bpmnBytes} bytes, matched to ${info.matches} (${info.procBytes} bytes); carries ${info.items} items${info.diagram ? ', with diagram' : ', no diagram'}`);
  }
}
