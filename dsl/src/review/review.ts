// What a pull request changes in the procedure library, gathered for the reviewer: the
// procedures whose files changed (and those that use a changed shared file), their semantic
// diff and impact, the review checks and the checker's findings on the new version, and their
// scenarios run before and after. Pure: git and the scenario runner are the caller's.
import type { Declaration, FragmentDecl, ProcedureDecl } from '../ast.ts';
import { checkFile } from '../check/index.ts';
import type { Localized, Severity } from '../diagnostics.ts';
import { diffFacts, diffProcedures, type ProcedureDiff } from '../diff/diff.ts';
import { procedureFacts } from '../diff/facts.ts';
import { normalizePath, type Workspace } from '../workspace.ts';

export interface ScenarioResult {
  readonly id: string;
  readonly label: string;
  readonly passed: boolean;
  readonly failure?: string;
}

/** Runs every scenario of one procedure against a workspace (the engine's `runScenarios`). */
export type ScenarioRunner = (workspace: Workspace, procedureId: string) => Promise<ScenarioResult[]>;

export interface ReviewInput {
  /** The revision compared against, as the reviewer named it (`main`). */
  readonly base: string;
  /** What is reviewed: a revision, or the working tree. */
  readonly head: string;
  readonly before: Workspace;
  readonly after: Workspace;
  /** Workspace-relative paths of the `.proc` files added, removed or modified. */
  readonly changed: readonly string[];
  /** How a workspace path is shown to the reviewer (e.g. `procedures/…`). */
  readonly display?: (path: string) => string;
}

export interface Located {
  readonly text: Localized;
  /** `procedures/cu_tru/x.proc:27`, with `(old)` for a line of the base version. */
  readonly at: string;
  readonly old: boolean;
}

export interface Finding {
  readonly severity: Severity;
  readonly code: string;
  readonly message: Localized;
  /** Where, for checker findings; review checks concern the whole procedure. */
  readonly at?: string;
}

export type ScenarioRun =
  | { readonly state: 'unavailable' }
  | { readonly state: 'failed'; readonly message: string }
  | { readonly state: 'ran'; readonly rows: readonly ScenarioRow[] };

export interface ScenarioRow {
  readonly id: string;
  readonly label: string;
  readonly before?: ScenarioResult;
  readonly after?: ScenarioResult;
}

export interface ProcedureReview {
  readonly id: string;
  readonly title: string;
  /** `affected`: the file did not change, but a shared file it uses did. */
  readonly status: 'added' | 'removed' | 'changed' | 'affected';
  readonly file: { readonly before?: string; readonly after?: string };
  readonly version: { readonly before?: string; readonly after?: string };
  readonly diff?: ProcedureDiff;
  readonly hunks: ReadonlyArray<{ readonly path: string; readonly changes: readonly Located[] }>;
  /** The shared files (changed) this procedure uses, for `affected` procedures. */
  readonly via: readonly string[];
  readonly findings: readonly Finding[];
  readonly scenarios: ScenarioRun;
}

export interface SharedChange {
  readonly file: string;
  readonly status: 'added' | 'removed' | 'changed';
  /** One line per declaration (fragment, source, agency) added, removed or changed. */
  readonly changes: readonly Located[];
  readonly findings: readonly Finding[];
}

export interface Review {
  readonly base: string;
  readonly head: string;
  readonly procedures: readonly ProcedureReview[];
  readonly shared: readonly SharedChange[];
  /** Errors among the review checks and the checker's findings on the new versions. */
  readonly errors: number;
  /** Scenarios that fail on the new versions. */
  readonly failingScenarios: number;
}

const procs = (ws: Workspace, path: string) => (ws.file(path)?.ast.declarations ?? []).filter((d): d is ProcedureDecl => d.kind === 'Procedure');
const metaValue = (d: ProcedureDecl | undefined, key: 'title' | 'version') => {
  const m = d?.items.find((i) => i.kind === 'Meta' && i.key === key);
  if (!m || m.kind !== 'Meta') return undefined;
  return key === 'version' ? (m.number ? String(m.number.value) : undefined) : m.strings[0]?.value;
};

/** A declaration's content without positions, to tell an edit from a move. */
const content = (d: Declaration) => JSON.stringify(d, (k, v: unknown) => (k === 'span' ? undefined : v));

/** A fragment's fields read as a form, so the semantic diff of fields applies to it. */
const asProcedure = (f: FragmentDecl): ProcedureDecl => ({ kind: 'Procedure', span: f.span, name: f.name, items: [{ kind: 'Form', span: f.span, items: f.fields }] });

export async function buildReview(input: ReviewInput, runScenarios: ScenarioRunner | undefined): Promise<Review> {
  const { before, after } = input;
  const display = input.display ?? ((p: string) => p);
  const changed = [...new Set(input.changed.map(normalizePath))].sort();
  const where = (side: 'old' | 'new', path: string, offset: number) => {
    const file = (side === 'old' ? before : after).file(path);
    return `${display(path)}:${file ? file.lines.position(offset).line : 1}`;
  };

  // Procedures declared in the changed files, by id (a procedure may move between files).
  const found = new Map<string, { before?: { decl: ProcedureDecl; path: string }; after?: { decl: ProcedureDecl; path: string } }>();
  for (const path of changed) {
    for (const decl of procs(before, path)) found.set(decl.name.text, { ...found.get(decl.name.text), before: { decl, path } });
    for (const decl of procs(after, path)) found.set(decl.name.text, { ...found.get(decl.name.text), after: { decl, path } });
  }

  // Shared files: fragments, sources and agencies.
  const shared: SharedChange[] = [];
  const changedShared: Array<{ path: string; names: string[]; fragments: string[] }> = [];
  for (const path of changed) {
    const decls = (ws: Workspace) => (ws.file(path)?.ast.declarations ?? []).filter((d) => d.kind !== 'Procedure');
    const old = new Map(decls(before).map((d) => [`${d.kind}:${d.name.text}`, d]));
    const now = new Map(decls(after).map((d) => [`${d.kind}:${d.name.text}`, d]));
    if (!old.size && !now.size) continue;
    const lines: Located[] = [];
    const names: string[] = [];
    const fragments: string[] = [];
    for (const key of [...new Set([...now.keys(), ...old.keys()])]) {
      const o = old.get(key);
      const n = now.get(key);
      if (o && n && content(o) === content(n)) continue;
      const d = (n ?? o)!;
      names.push(d.name.text);
      if (d.kind === 'Fragment') fragments.push(d.name.text);
      const kind = d.kind === 'Fragment' ? { vi: 'Nhóm dùng chung', en: 'Shared fragment' } : d.kind === 'Source' ? { vi: 'Nguồn dữ liệu', en: 'Data source' } : { vi: 'Cơ quan', en: 'Agency' };
      const what = !o ? { vi: 'mới', en: 'added' } : !n ? { vi: 'đã xoá', en: 'removed' } : { vi: 'đã sửa', en: 'changed' };
      lines.push({ text: { vi: `${!o ? '+' : !n ? '-' : '~'} ${kind.vi} \`${d.name.text}\` ${what.vi}`, en: `${!o ? '+' : !n ? '-' : '~'} ${kind.en} \`${d.name.text}\` ${what.en}` }, at: where(n ? 'new' : 'old', path, d.span.start), old: !n });
      if (o?.kind === 'Fragment' && n?.kind === 'Fragment')
        for (const c of diffFacts(procedureFacts(asProcedure(o)), procedureFacts(asProcedure(n))))
          lines.push({ text: { vi: `  ${c.text.vi}`, en: `  ${c.text.en}` }, at: where(c.side, path, c.span.start), old: c.side === 'old' });
    }
    if (!lines.length) continue;
    changedShared.push({ path, names, fragments });
    shared.push({
      file: display(path),
      status: !before.file(path) ? 'added' : !after.file(path) ? 'removed' : 'changed',
      changes: lines,
      findings: after.file(path) ? checkFile(after, path).map((d) => ({ severity: d.severity, code: d.code, message: d.message, at: `${where('new', path, d.span.start)}:${after.file(path)!.lines.position(d.span.start).column}` })) : [],
    });
  }

  // Procedures whose own file is unchanged but which use a changed shared declaration.
  const affected = new Map<string, { decl: ProcedureDecl; path: string; via: string[] }>();
  for (const { decl, file } of after.procedures()) {
    if (found.has(decl.name.text)) continue;
    const text = after.file(file)?.text ?? '';
    const via = changedShared
      .filter(({ path, names, fragments }) =>
        decl.items.some((i) => i.kind === 'Use' && normalizePath(i.path.value) === path && fragments.includes(i.name.text)) ||
        names.filter((n) => !fragments.includes(n)).some((n) => new RegExp(`\\b${n}\\b`).test(text)),
      )
      .map(({ path }) => display(path));
    if (via.length) affected.set(decl.name.text, { decl, path: file, via });
  }

  const scenarioRun = async (id: string, hasBefore: boolean, hasAfter: boolean): Promise<ScenarioRun> => {
    if (!runScenarios) return { state: 'unavailable' };
    try {
      const old = hasBefore ? await runScenarios(before, id) : [];
      const now = hasAfter ? await runScenarios(after, id) : [];
      const rows = new Map<string, { id: string; label: string; before?: ScenarioResult; after?: ScenarioResult }>();
      for (const r of now) rows.set(r.id, { id: r.id, label: r.label, after: r });
      for (const r of old) rows.set(r.id, { ...(rows.get(r.id) ?? { id: r.id, label: r.label }), before: r });
      return { state: 'ran', rows: [...rows.values()] };
    } catch (err) {
      return { state: 'failed', message: err instanceof Error ? err.message : String(err) };
    }
  };

  const findingsOf = (decl: ProcedureDecl, path: string, diff: ProcedureDiff | undefined): Finding[] => {
    const file = after.file(path);
    const own = (file ? checkFile(after, path) : []).filter((d) => {
      const inside = (p: ProcedureDecl) => d.span.start >= p.span.start && d.span.start < p.span.end;
      // Findings outside every procedure of the file (a stray token) go to its first procedure.
      return inside(decl) || (!procs(after, path).some(inside) && procs(after, path)[0] === decl);
    });
    return [
      ...(diff?.checks ?? []).map((c) => ({ severity: c.severity, code: c.code, message: c.message })),
      ...own.map((d) => ({ severity: d.severity, code: d.code, message: d.message, at: `${where('new', path, d.span.start)}:${file!.lines.position(d.span.start).column}` })),
    ];
  };

  const reviews: ProcedureReview[] = [];
  for (const [id, { before: b, after: a }] of found) {
    const diff = diffProcedures(b?.decl, a?.decl);
    const status = !b ? 'added' : !a ? 'removed' : 'changed';
    const hunks: Array<{ path: string; changes: Located[] }> = [];
    for (const c of diff.changes) {
      const path = c.side === 'old' ? b!.path : a!.path;
      const located = { text: c.text, at: where(c.side, path, c.span.start), old: c.side === 'old' };
      const last = hunks[hunks.length - 1];
      if (last?.path === c.path) last.changes.push(located);
      else hunks.push({ path: c.path, changes: [located] });
    }
    reviews.push({
      id,
      title: metaValue(a?.decl ?? b?.decl, 'title') ?? id,
      status,
      file: { ...(b ? { before: display(b.path) } : {}), ...(a ? { after: display(a.path) } : {}) },
      version: { ...(metaValue(b?.decl, 'version') ? { before: metaValue(b?.decl, 'version')! } : {}), ...(metaValue(a?.decl, 'version') ? { after: metaValue(a?.decl, 'version')! } : {}) },
      diff,
      hunks,
      via: [],
      findings: a ? findingsOf(a.decl, a.path, diff) : diff.checks.map((c) => ({ severity: c.severity, code: c.code, message: c.message })),
      scenarios: await scenarioRun(id, Boolean(b), Boolean(a)),
    });
  }
  for (const [id, { decl, path, via }] of affected) {
    const version = metaValue(decl, 'version');
    reviews.push({
      id,
      title: metaValue(decl, 'title') ?? id,
      status: 'affected',
      file: { before: display(path), after: display(path) },
      version: version ? { before: version, after: version } : {},
      hunks: [],
      via,
      findings: findingsOf(decl, path, undefined),
      scenarios: await scenarioRun(id, before.procedure(id) !== undefined, true),
    });
  }

  const allFindings = [...reviews.flatMap((r) => r.findings), ...shared.flatMap((s) => s.findings)];
  return {
    base: input.base,
    head: input.head,
    procedures: reviews,
    shared,
    errors: allFindings.filter((f) => f.severity === 'error').length,
    failingScenarios: reviews.reduce((n, r) => n + (r.scenarios.state === 'ran' ? r.scenarios.rows.filter((x) => x.after && !x.after.passed).length : 0), 0),
  };
}
