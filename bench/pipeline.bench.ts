// Our pipeline (parse → check → compile to IR) on the library's largest procedure and on a
// generated 2,000-line procedure, warm and cold, each beside bpmn-moddle's `fromXML` of a
// BPMN 2.0 file of the same workflow and size, in the same run. Target (issue 2): ours ≤ 1/3
// of bpmn-moddle's time. The outputs made from the IR (xstate config, JSON Schema, card) are
// not part of it; they are timed apart, for information.
//
// Our code is measured twice: as a production build runs it (an esbuild bundle, plain node;
// `pnpm motcua` and the studio run builds) and as the tests run it (TypeScript source under
// tsx). bpmn-moddle is plain JS.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BpmnModdle } from 'bpmn-moddle';
import { parse } from '../dsl/src/syntax/parse.ts';
import type { Workspace } from '../dsl/src/workspace.ts';
import { procedureToBpmn } from './bpmn.ts';
import { buildBundles } from './build.ts';
import type { FixtureInfo } from './make-fixtures.ts';
import { commonFiles, libraryProcedures, makePipeline, repo, type DslModule, type Pipeline } from './pipeline.ts';
import { kb, measureCold, measureWarm, ms, ratioLine, stats, type Stats } from './timing.ts';

const TARGET = 1 / 3;
const COLD_RUNS = 4;
const COLD_RUNS_TSX = 2; // each costs seconds of transpiling; the figure is for information

const fixtures = join(repo, 'bench', 'fixtures');
const read = (f: string) => readFileSync(join(fixtures, f), 'utf8');
const procedures = join(repo, 'procedures');
const entry = join(repo, 'bench', 'pipeline-entry.ts');
const coldPipeline = join(repo, 'bench', 'cold', 'pipeline-once.mjs');
const coldBpmn = join(repo, 'bench', 'cold', 'bpmn-once.mjs');

interface Variant {
  readonly label: string;
  readonly pipeline: Pipeline;
  readonly base: Workspace;
  /** node arguments that load this variant's module in pipeline-once.mjs */
  readonly coldArgs: readonly string[];
  readonly coldRuns: number;
}

async function variant(label: string, module: string, nodeFlags: readonly string[], coldRuns: number): Promise<Variant> {
  const dsl = (await import(pathToFileURL(module).href)) as DslModule & { commonFiles: typeof commonFiles };
  return {
    label,
    pipeline: makePipeline(dsl),
    base: dsl.Workspace.fromFiles(commonFiles()),
    coldArgs: [...nodeFlags, coldPipeline, module, procedures],
    coldRuns,
  };
}

export async function run(): Promise<void> {
  const bundles = await buildBundles();
  const variants = [
    await variant('ours, bundled', bundles.pipeline, [], COLD_RUNS),
    await variant('ours, tsx', entry, ['--import', 'tsx'], COLD_RUNS_TSX),
  ];
  console.log(`stages included: ${variants[0]!.pipeline.stages.join(' → ')}`);
  if (variants[0]!.pipeline.outputStages) console.log(`timed apart, not included: ${variants[0]!.pipeline.outputStages}`);
  for (const m of variants[0]!.pipeline.missing) console.log(`  not included — ${m}`);
  console.log('"bundled" = esbuild bundle of @motcua/dsl run by plain node (as a production build, `pnpm motcua` and the studio run it); "tsx" = the TypeScript source under tsx (as the tests run it)');
  const manifest = JSON.parse(read('fixtures.json')) as Record<string, FixtureInfo>;

  const largest = libraryProcedures()[0];
  const cases = [
    ...(largest
      ? [{ title: `largest library procedure (procedures/${largest.path})`, file: join(procedures, largest.path), text: largest.text, bpmn: 'largest-library.bpmn' }]
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
        (info ? `; carries ${info.items} of the procedure's fees/documents/form items${info.diagram ? ' + diagram' : ', no diagram'}` : ''),
    );
    if (info && info.procBytes !== Buffer.byteLength(c.text)) {
      console.log(`   note: the BPMN was cut for ${info.matches} at ${kb(info.procBytes)}; regenerate with \`npx tsx bench/make-fixtures.ts\``);
    }
    const path = 'bench/input.proc';
    const errors = variants[0]!.pipeline.errors(variants[0]!.base, path, c.text);
    console.log(`   input: ${errors.length} errors${errors.length ? ` (first: ${errors[0]!.code} ${errors[0]!.message.en})` : ''}`);

    // Warm, in this process, after warm-up. bpmn-moddle is measured between our two variants
    // so that drift in the machine's load shows up in the ratios rather than hiding in them.
    const moddle = new BpmnModdle();
    const warm = async (v: Variant) => {
      const perStage: Record<string, number[]> = {};
      const s = await measureWarm(() => {
        for (const [k, t] of Object.entries(v.pipeline.run(v.base, path, c.text))) (perStage[k] ??= []).push(t);
      });
      return { s, perStage };
    };
    const bundled = await warm(variants[0]!);
    const theirs = await measureWarm(() => moddle.fromXML(xml));
    const viaTsx = await warm(variants[1]!);
    for (const [v, r] of [[variants[0]!, bundled], [variants[1]!, viaTsx]] as const) {
      console.log(ratioLine(`   warm  ${v.label}: parse+check+compile`, r.s, 'bpmn-moddle fromXML (same size)', theirs, TARGET));
      console.log(`         stages (median): ${Object.entries(r.perStage).map(([k, t]) => `${k} ${ms(stats(t).median)}`).join(', ')}`);
      const ir = v.pipeline.ir(v.base, path, c.text);
      if (ir !== undefined && v.pipeline.outputStages) {
        const out = await measureWarm(() => v.pipeline.outputs(ir), { budgetMs: 1000 });
        console.log(`         not included, for information — ${v.pipeline.outputStages}: ${ms(out.median)} (p95 ${ms(out.p95)}, n=${out.n})`);
      }
    }

    // Cold: fresh processes. `first` = the first parse+check+compile once the modules are loaded;
    // `total` = module load + first call, what a one-shot command pays.
    const theirsCold = measureCold([coldBpmn, join(fixtures, c.bpmn)], COLD_RUNS, repo);
    for (const v of variants) {
      const oursCold = measureCold([...v.coldArgs, c.file], v.coldRuns, repo);
      const f = (r: Record<string, Stats>, k: string) => r[k]!;
      console.log(ratioLine(`   cold  ${v.label}: first call`, f(oursCold, 'first'), 'bpmn-moddle first fromXML', f(theirsCold, 'first'), TARGET));
      console.log(ratioLine(`   cold  ${v.label}: load + first call`, f(oursCold, 'total'), 'bpmn-moddle load + first fromXML', f(theirsCold, 'total')));
    }
  }

  // For scale: XML carrying everything the 2,000-line procedure says.
  const gen = parse(read('generated-2000.proc')).file.declarations.find((d) => d.kind === 'Procedure');
  if (gen?.kind === 'Procedure') {
    const full = procedureToBpmn(gen);
    const moddle = new BpmnModdle();
    const theirs = await measureWarm(() => moddle.fromXML(full), { budgetMs: 2000 });
    console.log(
      `\n   for scale: bpmn-moddle fromXML of the 2,000-line procedure with ALL its content as BPMN (${kb(Buffer.byteLength(full))}): ${ms(theirs.median)} (p95 ${ms(theirs.p95)}, n=${theirs.n})`,
    );
  }
}
