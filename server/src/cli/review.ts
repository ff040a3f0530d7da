// `motcua review <base>[..<head>] [paths…]`: the Markdown report a reviewer reads in a pull
// request — changed procedures, their semantic changes and impact, the checks, and their
// scenarios run before and after. The report itself is built by @motcua/dsl (pure); this
// module supplies git and, when the engine provides one, the scenario runner.
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { buildReview, renderReview, Workspace, type ScenarioResult, type ScenarioRunner } from '@motcua/dsl';
import { loadWorkspace } from '@motcua/dsl/node';
import { CliError, type Args } from './args.ts';
import { changedPaths, filesAt, gitTop, parseRange } from './git.ts';

/** The engine's `runScenarios`, if this build of the engine has one. */
export async function engineScenarioRunner(): Promise<ScenarioRunner | undefined> {
  let engine: Record<string, unknown>;
  try {
    engine = (await import('@motcua/engine')) as Record<string, unknown>;
  } catch (err) {
    process.stderr.write(`motcua: không tải được @motcua/engine (engine failed to load): ${err instanceof Error ? err.message : String(err)}\n`);
    return undefined;
  }
  const run = engine['runScenarios'];
  if (typeof run !== 'function') return undefined;
  return async (ws, id) => {
    const results: unknown = await (run as (ws: Workspace, id: string) => unknown)(ws, id);
    if (!Array.isArray(results)) throw new Error('runScenarios did not return a list');
    return results.map((r: Partial<ScenarioResult>): ScenarioResult => {
      if (typeof r?.id !== 'string' || typeof r.passed !== 'boolean') throw new Error('runScenarios returned a malformed result');
      return { id: r.id, label: typeof r.label === 'string' ? r.label : r.id, passed: r.passed, ...(typeof r.failure === 'string' ? { failure: r.failure } : {}) };
    });
  };
}

/** `procedures/cu_tru/x.proc` → the workspace root `procedures` (the last `procedures/` segment). */
const rootOf = (path: string) => {
  const parts = path.split('/');
  const i = parts.lastIndexOf('procedures');
  return i >= 0 && i < parts.length - 1 ? parts.slice(0, i + 1).join('/') : undefined;
};

export async function review({ positional, lang }: Args, runner: () => Promise<ScenarioRunner | undefined> = engineScenarioRunner): Promise<number> {
  const [range, ...paths] = positional;
  if (!range) throw new CliError('cách dùng (usage): review <base-rev>[..<rev>] [paths…]');
  const top = gitTop();
  const { from, to } = parseRange(range);
  const pathspecs = (paths.length ? paths : [join(top, 'procedures')]).map((p) => relative(top, resolve(p)).split('\\').join('/') || '.');
  const changed = changedPaths(top, from, to, pathspecs).filter((p) => p.endsWith('.proc') && rootOf(p));

  const roots = [...new Set(changed.map((p) => rootOf(p)!))];
  const run = await runner();
  const head = to ?? (lang === 'vi' ? 'cây làm việc' : 'working tree');
  if (!roots.length) {
    const empty = Workspace.fromFiles([]);
    process.stdout.write(renderReview(await buildReview({ base: from, head, before: empty, after: empty, changed: [] }, run), lang));
    return 0;
  }
  let failed = false;
  for (const root of roots) {
    const before = Workspace.fromFiles(filesAt(top, from, root));
    const after = to ? Workspace.fromFiles(filesAt(top, to, root)) : existsSync(join(top, root)) ? loadWorkspace(join(top, root)) : Workspace.fromFiles([]);
    const result = await buildReview(
      { base: from, head, before, after, changed: changed.filter((p) => rootOf(p) === root).map((p) => p.slice(root.length + 1)), display: (p) => `${root}/${p}` },
      run,
    );
    process.stdout.write(renderReview(result, lang));
    failed ||= result.errors > 0 || result.failingScenarios > 0;
  }
  return failed ? 1 : 0;
}
