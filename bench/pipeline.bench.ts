// Our whole pipeline (parse → check → compile → xstate/JSON Schema/card) on the library's
// largest procedure and on a generated 2,000-line procedure, warm and cold, each beside
// bpmn-moddle's `fromXML` of a BPMN 2.0 file of the same workflow and size, in the same run.
// Target: ours ≤ 1/3 of bpmn-moddle's time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { parse } from '../dsl/src/syntax/parse.ts';
import { Workspace } from '../dsl/src/workspace.ts';
import { procedureToBpmn } from './bpmn.ts';
import type { FixtureInfo } from './make-fixtures.ts';
import { commonFiles, libraryProcedures, loadPipeline, repo } from './pipeline.ts';
import { kb, measureCold, measureWarm, ms, ratioLine, stats, type Stats } from './timing.ts';

const TARGET = 1 / 3;
const COLD_RUNS = 5;

const fixtures = join(repo, 'bench', 'fixtures');
const read = (f: string) => readFileSync(join(fixtures, f), 'utf8');

export async function run(): Promise<void> {
  const pipeline = await loadPipeline();
  console.log(`stages included: ${pipeline.stages.join(' → ')}`);
  for (const m of pipeline.missing) console.log(`  not included — ${m}`);
  const manifest = JSON.parse(read('fixtures.json')) as Record<string, FixtureInfo>;
  const base = Workspace.fromFiles(commonFiles());

  const largest = libraryProcedures()[0];
  const cases = [
    ...(largest
      ? [{ title: `largest library procedure (procedures/${largest.path})`, file: join(repo, 'procedures', largest.path), text: largest.text, bpmn: 'largest-library.bpmn' }]
      : []),
    { title: 'generated procedure (bench/fixtures/generated-2000.proc)', file: join(fixtures, 'generated-2000.proc'), text: read('generated-2000.proc'), bpmn: 'generated-2000.bpmn' },
  ];

  for (const c of cases) {
    const xml = read(c.bpmn);
    const info = manifest[c.bpmn];
    const lines = c.text.split('\n').length - (c.text.endsWith('\n') ? 1 : 0);
    console.log(`\n## ${c.title}: ${lines} lines, ${kb(Buffer.byteLength(c.text))}`);
    console.log(
      `   BPMN reference bench/fixtures/${c.bpmn}: ${xml.split('\n').length - 1} lines, ${kb(Buffer.byteLength(xml))}` +
        (info ? `, carries ${info.items} of the procedure's fees/documents/form items${info.diagram ? ' + diagram' : ', no diagram'}` : ''),
    );
    if (info && info.procBytes !== Buffer.byteLength(c.text)) {
      console.log(`   note: the BPMN was cut for ${info.matches} at ${kb(info.procBytes)}; regenerate with \`npx tsx bench/make-fixtures.ts\``);
    }
    const path = 'bench/input.proc';
    const errors = pipeline.errors(base, path, c.text);
    console.log(`   input check: ${errors.length} errors${errors.length ? ` (first: ${errors[0]!.code} ${errors[0]!.message.en})` : ''}`);

    // Warm: both sides in this process, after warm-up; per-stage medians show where time goes.
    const perStage: Record<string, number[]> = {};
    const ours = await measureWarm(() => {
      for (const [k, v] of Object.entries(pipeline.run(base, path, c.text))) (perStage[k] ??= []).push(v);
    });
    const moddle = new BpmnModdle();
    const theirs = await measureWarm(() => moddle.fromXML(xml));
    console.log(ratioLine('   warm  parse+check+compile', ours, 'bpmn-moddle fromXML (same size)', theirs, TARGET));
    console.log(`         stages (median): ${Object.entries(perStage).map(([k, v]) => `${k} ${ms(stats(v).median)}`).join(', ')}`);

    // Cold: fresh processes; `first` = the first call after the modules are loaded,
    // `total` = module load + first call, i.e. what a one-shot CLI run pays.
    const oursCold = measureCold(join(repo, 'bench', 'cold', 'pipeline-once.ts'), [c.file], COLD_RUNS, repo);
    const theirsCold = measureCold(join(repo, 'bench', 'cold', 'bpmn-once.ts'), [join(fixtures, c.bpmn)], COLD_RUNS, repo);
    const pick = (r: Record<string, Stats>, k: string) => r[k]!;
    console.log(ratioLine('   cold  first call (modules loaded)', pick(oursCold, 'first'), 'bpmn-moddle first fromXML', pick(theirsCold, 'first'), TARGET));
    console.log(ratioLine('   cold  module load + first call', pick(oursCold, 'total'), 'bpmn-moddle load + first fromXML', pick(theirsCold, 'total')));
  }

  // Extra: XML carrying everything the 2,000-line procedure says, to show what "same size" leaves out.
  const gen = parse(read('generated-2000.proc')).file.declarations.find((d) => d.kind === 'Procedure');
  if (gen?.kind === 'Procedure') {
    const full = procedureToBpmn(gen);
    const moddle = new BpmnModdle();
    const theirs = await measureWarm(() => moddle.fromXML(full), { budgetMs: 2000 });
    console.log(`\n   for scale: bpmn-moddle fromXML of the same 2,000-line procedure with ALL its content as BPMN (${kb(Buffer.byteLength(full))}): ${ms(theirs.median)} (p95 ${ms(theirs.p95)})`);
  }
}
