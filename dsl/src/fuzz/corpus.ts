// The fuzzer's seeds: every procedure of the library (in place, in the library's workspace,
// so imports and sources resolve as they do for `motcua check`), the shared fragments (with a
// procedure that uses them), the 2,000-field benchmark procedure, and the hand-written and
// found inputs of dsl/src/fuzz/seeds/.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWorkspace } from '../node.ts';
import type { Workspace } from '../workspace.ts';
import { mutate, random, remember, type MutateOptions } from './mutate.ts';
import { TARGET_HEADER, type Target } from './pipeline.ts';

export const REPO = join(import.meta.dirname, '..', '..', '..');
export const SEEDS_DIR = join(import.meta.dirname, 'seeds');

export interface Seed {
  /** Where the seed comes from, for reports. */
  readonly name: string;
  readonly text: string;
  /** Where a mutant of it is placed in the workspace. */
  readonly path: string;
  /** Procedure files that depend on this one (for shared fragments, sources and agencies). */
  readonly dependents: readonly string[];
}

export interface Corpus {
  /** The procedure library, unchanged: each input is placed into it. */
  readonly ws: Workspace;
  readonly seeds: readonly Seed[];
}

/** The hand-written and found inputs, each with the path it is placed at. */
export function seedFiles(ws: Workspace): Seed[] {
  if (!existsSync(SEEDS_DIR)) return [];
  return readdirSync(SEEDS_DIR)
    .filter((f) => f.endsWith('.proc'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(SEEDS_DIR, f), 'utf8');
      const header = TARGET_HEADER.exec(text)?.[1];
      const path = header && ws.file(header) ? header : `fuzz/${f}`;
      return { name: `dsl/src/fuzz/seeds/${f}`, text, path, dependents: dependentsOf(ws, path) };
    });
}

function dependentsOf(ws: Workspace, path: string): string[] {
  if (!path.startsWith('common/')) return [];
  const procedures = [...new Set(ws.procedures().map((p) => p.file))].sort();
  const importing = procedures.filter((p) => ws.file(p)!.text.includes(`"${path}"`));
  return importing.length > 0 ? importing : procedures;
}

export function loadCorpus(): Corpus {
  const library = loadWorkspace(join(REPO, 'procedures'));
  const generated = join(REPO, 'bench', 'fixtures', 'generated-2000.proc');
  // The benchmark procedure imports the shared fragments: it lives in the library's workspace.
  const ws = existsSync(generated) ? library.withFile('generated/generated-2000.proc', readFileSync(generated, 'utf8')) : library;
  const seeds: Seed[] = [...ws.files.values()]
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((f) => ({
      name: f.path.startsWith('generated/') ? 'bench/fixtures/generated-2000.proc' : `procedures/${f.path}`,
      text: f.text,
      path: f.path,
      dependents: dependentsOf(ws, f.path),
    }));
  const all = [...seeds, ...seedFiles(ws)];
  remember(all.map((s) => s.text));
  return { ws, seeds: all };
}

export interface PickedMutant {
  readonly seed: Seed;
  readonly text: string;
  readonly ops: readonly string[];
  readonly target: Target;
}

/**
 * Mutant `i` of run `runSeed`: a pure function of the two (and the corpus), so that any one
 * replays alone. Seeds of 50,000 characters or more (the 2,000-field procedure costs as much as
 * fifty small ones) are picked with probability `bigShare`.
 */
export function pickMutant(corpus: Corpus, runSeed: number, i: number, options: MutateOptions & { bigShare?: number } = {}): PickedMutant {
  const r = random(Math.imul(runSeed, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b));
  const big = corpus.seeds.filter((s) => s.text.length >= 50_000);
  const cheap = corpus.seeds.filter((s) => s.text.length < 50_000);
  const seed = big.length > 0 && r.chance(options.bigShare ?? 0.01) ? r.pick(big) : r.pick(cheap);
  const m = mutate(seed.text, r, { donors: options.donors ?? corpus.seeds.map((s) => s.text), ...options });
  const dependent = seed.dependents.length > 0 ? r.pick(seed.dependents) : undefined;
  return { seed, text: m.text, ops: m.ops, target: { ws: corpus.ws, path: seed.path, ...(dependent ? { dependent } : {}) } };
}
