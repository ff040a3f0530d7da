// Our pipeline for one procedure file: parse → check → compile (IR), over the public entry of
// @motcua/dsl — what issue 2 compares with bpmn-moddle's parse. The outputs made from the IR
// (xstate config, JSON Schema, public card) are timed apart, for information. The stages are looked up
// on the module at run time, so the benchmark runs while some are still being written and says
// which it could include. The module is passed in: either the TypeScript source (run by tsx)
// or an esbuild bundle of it (as a production build runs) — see build.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../dsl/src/diagnostics.ts';
import type { Workspace } from '../dsl/src/workspace.ts';

export const repo = join(import.meta.dirname, '..');

type AnyFn = (...args: any[]) => any;

/** The parts of @motcua/dsl's public entry the pipeline uses; all but Workspace may be missing. */
export interface DslModule {
  readonly Workspace: { fromFiles(files: Iterable<readonly [string, string]>): Workspace };
  readonly [name: string]: unknown;
}

export interface StageTimes {
  readonly [stage: string]: number;
}

export interface Pipeline {
  /** Stages included, in order, e.g. ['parse', 'check (checkFile)', …]. */
  readonly stages: readonly string[];
  /** The outputs timed apart by `outputs`, if any. */
  readonly outputStages?: string;
  /** What could not be included and why. */
  readonly missing: readonly string[];
  /** Parse, check and compile `text`, added to `base` at `path`, once; returns ms per stage. */
  run(base: Workspace, path: string, text: string): StageTimes;
  /** The IR of `text` (not timed), to time the outputs on. */
  ir(base: Workspace, path: string, text: string): unknown;
  /** Make the outputs (xstate config, JSON Schema, card) of an IR once; ms. */
  outputs(ir: unknown): number;
  /** Errors the checker/compiler report for `path` (not timed; shows the input is valid). */
  errors(base: Workspace, path: string, text: string): Diagnostic[];
}

export function makePipeline(dsl: DslModule): Pipeline {
  const fn = (name: string) => (typeof dsl[name] === 'function' ? (dsl[name] as AnyFn) : undefined);
  const checkFile = fn('checkFile');
  const checkWorkspace = fn('checkWorkspace');
  const compileProcedure = fn('compileProcedure');
  const outputs = (['toXStateConfig', 'toJsonSchema', 'toCard'] as const).map((n) => [n, fn(n)] as const);
  const present = outputs.filter(([, f]) => f).map(([n]) => n);

  const stages = ['parse'];
  const missing: string[] = [];
  if (checkFile) stages.push('check (checkFile)');
  else if (checkWorkspace) stages.push('check (checkWorkspace)');
  else missing.push('check: @motcua/dsl exports neither checkFile nor checkWorkspace');
  if (compileProcedure) stages.push('compile (compileProcedure → IR, given the check)');
  else missing.push('compile: @motcua/dsl does not export compileProcedure');
  const outputStages = compileProcedure && present.length ? `outputs (${present.join(' + ')})` : undefined;
  const absent = outputs.filter(([, f]) => !f).map(([n]) => n);
  if (absent.length) missing.push(`outputs: ${absent.join(', ')} not exported`);
  const nameOf = (ws: Workspace, path: string): string | undefined =>
    ws.procedures().find((p) => p.file === path)?.decl.name.text;

  const runCheck = (ws: Workspace, path: string): readonly Diagnostic[] =>
    checkFile ? checkFile(ws, path) : checkWorkspace ? checkWorkspace(ws) : [];

  return {
    stages,
    ...(outputStages ? { outputStages } : {}),
    missing,
    run(base, path, text) {
      const times: Record<string, number> = {};
      let t = performance.now();
      const lap = (stage: string) => {
        const now = performance.now();
        times[stage] = now - t;
        t = now;
      };
      const ws = base.withFile(path, text); // parses this file only; the shared files keep their parse
      lap('parse');
      let checked: readonly Diagnostic[] | undefined;
      if (checkFile || checkWorkspace) {
        checked = runCheck(ws, path);
        lap('check');
      }
      if (compileProcedure) {
        const name = nameOf(ws, path);
        // The file was just checked: the compiler is told so and does not check it again
        // (it still checks the files the procedure imports from).
        if (name) compileProcedure(ws, name, checkFile && checked ? { checked } : {});
        lap('compile');
      }
      return times;
    },
    ir(base, path, text) {
      const ws = base.withFile(path, text);
      const name = nameOf(ws, path);
      return compileProcedure && name ? (compileProcedure(ws, name) as { ir?: unknown }).ir : undefined;
    },
    outputs(ir) {
      const t0 = performance.now();
      for (const [, f] of outputs) f?.(ir);
      return performance.now() - t0;
    },
    errors(base, path, text) {
      const ws = base.withFile(path, text);
      const out = [...(ws.file(path)?.syntax ?? [])];
      out.push(...runCheck(ws, path).filter((d) => (d.file ?? path) === path));
      const name = nameOf(ws, path);
      if (compileProcedure && name) {
        const r = compileProcedure(ws, name) as { ir?: unknown; diagnostics: readonly Diagnostic[] };
        if (!r.ir && !out.some((d) => d.severity === 'error')) out.push(...r.diagnostics);
      }
      return out.filter((d) => d.severity === 'error');
    },
  };
}

/** The shared files (procedures/common/*.proc) as [workspace path, text]. */
export function commonFiles(root = join(repo, 'procedures')): [string, string][] {
  const dir = join(root, 'common');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.proc'))
    .sort()
    .map((f) => [`common/${f}`, readFileSync(join(dir, f), 'utf8')]);
}

/** The library's procedure files (not common/, not generator/), largest first. */
export function libraryProcedures(root = join(repo, 'procedures')): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const visit = (dir: string, rel: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) {
        if (rel === '' && (e.name === 'common' || e.name === 'generator' || e.name.startsWith('.'))) continue;
        visit(join(dir, e.name), rel ? `${rel}/${e.name}` : e.name);
      } else if (e.name.endsWith('.proc') && rel !== '') {
        out.push({ path: `${rel}/${e.name}`, text: readFileSync(join(dir, e.name), 'utf8') });
      }
    }
  };
  visit(root, '');
  return out.sort((a, b) => Buffer.byteLength(b.text) - Buffer.byteLength(a.text) || a.path.localeCompare(b.path));
}
