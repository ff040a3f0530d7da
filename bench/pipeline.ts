// Our whole pipeline for one procedure file: parse → check → compile (IR) → xstate config,
// JSON Schema and public card, over the public entry of @motcua/dsl. The stages are looked up
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
  /** What could not be included and why. */
  readonly missing: readonly string[];
  /** Run every stage once on `text`, added to `base` at `path`; returns ms per stage. */
  run(base: Workspace, path: string, text: string): StageTimes;
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
  if (compileProcedure) stages.push('compile (compileProcedure → IR)');
  else missing.push('compile: @motcua/dsl does not export compileProcedure');
  if (compileProcedure && present.length) stages.push(`outputs (${present.join(' + ')})`);
  const absent = outputs.filter(([, f]) => !f).map(([n]) => n);
  if (absent.length) missing.push(`outputs: ${absent.join(', ')} not exported`);
  const nameOf = (ws: Workspace, path: string): string | undefined =>
    ws.procedures().find((p) => p.file === path)?.decl.name.text;

  const runCheck = (ws: Workspace, path: string): readonly Diagnostic[] =>
    checkFile ? checkFile(ws, path) : checkWorkspace ? checkWorkspace(ws) : [];

  return {
    stages,
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
      if (checkFile || checkWorkspace) {
        runCheck(ws, path);
        lap('check');
      }
      if (compileProcedure) {
        const name = nameOf(ws, path);
        const { ir } = name ? compileProcedure(ws, name) : { ir: undefined };
        lap('compile');
        if (ir) {
          for (const [, f] of outputs) f?.(ir);
          lap('outputs');
        }
      }
      return times;
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
