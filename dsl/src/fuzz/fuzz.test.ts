// Fuzzing the language, the short run (the long one is `pnpm fuzz --count 100000`, run.ts):
// every seed (the library, the benchmark procedure, the hand-written and found inputs of
// seeds/) and a few thousand of their mutants go through parse, check, format and compile.
// Nothing throws, the formatter keeps its promises, the compiler's IR matches its schema, and no
// step takes a second of CPU. A failure names the mutant: replay it with
// `npx tsx dsl/src/fuzz/run.ts --seed <seed> --only <i> --print`.
import { describe, expect, it } from 'vitest';
import { loadCorpus, pickMutant, seedFiles } from './corpus.ts';
import { mutate, mutations, random } from './mutate.ts';
import { runWithLimit, STEPS, type Outcome, type Step } from './pipeline.ts';
import { reduce } from './reduce.ts';

const corpus = loadCorpus();
const LIMIT_MS = 1000;
const RUN_SEED = 20251121;
const RUNS = Number(process.env['MOTCUA_DSL_FUZZ_RUNS'] ?? 2000);

const failures = (o: Outcome) => o.failures.map((f) => `${f.signature}\n  ${f.message.split('\n')[0]}`);

describe('the seeds', () => {
  it('include the library, the benchmark procedure and the seeds directory', () => {
    const names = corpus.seeds.map((s) => s.name);
    expect(names.filter((n) => n.startsWith('procedures/')).length).toBeGreaterThanOrEqual(10);
    expect(names).toContain('procedures/common/applicant.proc');
    expect(names).toContain('bench/fixtures/generated-2000.proc');
    expect(names.filter((n) => n.startsWith('dsl/src/fuzz/seeds/')).length).toBeGreaterThanOrEqual(10);
  });

  for (const seed of corpus.seeds) {
    it(`${seed.name} goes through every step`, () => {
      const outcome = runWithLimit({ ws: corpus.ws, path: seed.path, ...(seed.dependents[0] ? { dependent: seed.dependents[0] } : {}) }, seed.text, LIMIT_MS);
      expect(failures(outcome)).toEqual([]);
    });
  }

  it('the inputs kept where they were found (`# fuzz-target:`) also go through every step as a new file', () => {
    const placed = seedFiles(corpus.ws).filter((s) => !s.path.startsWith('fuzz/'));
    for (const s of placed) expect(failures(runWithLimit({ ws: corpus.ws, path: `fuzz/${s.name.split('/').pop()}` }, s.text, LIMIT_MS)), s.name).toEqual([]);
  });
});

describe('inputs a file cannot hold', () => {
  // NUL and lone surrogates do not survive a UTF-8 file in the repository: they live here.
  const valid = corpus.seeds.find((s) => s.name.endsWith('valid-minimal.proc'))!.text;
  const cases: Array<[string, string]> = [
    ['NUL bytes', valid.replace(/ /g, (c, i: number) => (i % 97 === 0 ? '\0' : c))],
    ['a NUL inside a string and a name', valid.replace('"Địa chỉ"', '"Địa\0chỉ"').replace('field address', 'field addr\0ess')],
    ['lone surrogates', valid.replace('"Lệ phí"', '"Lệ \ud800 phí \udc00"').replace('field basis', 'field \ud83d basis')],
    ['a lone surrogate at the very end', `${valid}\ud800`],
    ['the whole file decomposed (NFD)', valid.normalize('NFD')],
    ['control characters everywhere', valid.replace(/\n/g, '\x0b\n\x1b')],
    ['only a BOM', '\ufeff'],
    ['only a NUL', '\0'],
  ];
  for (const [name, text] of cases) {
    it(name, () => {
      expect(failures(runWithLimit({ ws: corpus.ws, path: 'fuzz/inline.proc' }, text, LIMIT_MS))).toEqual([]);
    });
  }
});

describe('the mutator', () => {
  it('is deterministic: the same seed gives the same mutant', () => {
    const text = corpus.seeds[0]!.text;
    for (let s = 0; s < 50; s++) expect(mutate(text, random(s)).text).toBe(mutate(text, random(s)).text);
    expect(pickMutant(corpus, 7, 123).text).toBe(pickMutant(corpus, 7, 123).text);
  });

  it('applies every mutation without throwing, on every seed', () => {
    const r = random(1);
    for (const seed of corpus.seeds) {
      for (const [name, m] of Object.entries(mutations)) {
        expect(() => m(seed.text, { r, donors: [corpus.seeds[0]!.text] }), `${name} on ${seed.name}`).not.toThrow();
      }
    }
  });

  it('reduce keeps a failing input failing while shrinking it', () => {
    const text = 'procedure p {\n  form {\n    field a "A": number min 1\n    field b "B": text\n  }\n}\n';
    expect(reduce(text, (t) => t.includes('min 1'))).toBe('min 1');
  });
});

describe(`${RUNS} mutants (run seed ${RUN_SEED})`, () => {
  it('nothing throws, the formatter and compiler keep their promises, no step takes a second', () => {
    const found: string[] = [];
    const slowest = Object.fromEntries(STEPS.map((s) => [s, { ms: 0, i: -1 }])) as Record<Step, { ms: number; i: number }>;
    const ops = new Set<string>();
    for (let i = 0; i < RUNS; i++) {
      const m = pickMutant(corpus, RUN_SEED, i, { maxLength: 200_000, bigShare: 0.005 });
      m.ops.forEach((o) => ops.add(o));
      const outcome = runWithLimit(m.target, m.text, LIMIT_MS);
      for (const s of STEPS) if (outcome.cpu[s] > slowest[s].ms) slowest[s] = { ms: outcome.cpu[s], i };
      for (const f of failures(outcome)) found.push(`#${i} (${m.seed.name}: ${m.ops.join(' + ')}) ${f}`);
    }
    console.log(`slowest per step (CPU): ${STEPS.map((s) => `${s} ${slowest[s].ms.toFixed(0)} ms (#${slowest[s].i})`).join(', ')}`);
    expect(found).toEqual([]);
    // The run exercised most kinds of mutation (a change to the weights that starves some shows here).
    expect(ops.size).toBeGreaterThanOrEqual(Math.min(Object.keys(mutations).length, RUNS >= 1000 ? Object.keys(mutations).length - 2 : 5));
  }, 600_000);
});
