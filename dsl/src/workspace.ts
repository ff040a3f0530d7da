// A workspace is every procedure file a pass may need at once: procedures, the shared
// fragments they import, and the data sources and agencies declared anywhere. Parsing is
// per file and cached, so the studio can replace one file without reparsing the rest.
import type { AgencyDecl, FragmentDecl, ProcedureDecl, SourceDecl, SourceFile, UseDecl } from './ast.ts';
import { LineMap, type Diagnostic } from './diagnostics.ts';
import { parse } from './syntax/parse.ts';

export interface ParsedFile {
  /** Workspace-relative POSIX path, e.g. `cu_tru/dang_ky_thuong_tru.proc`. */
  readonly path: string;
  readonly text: string;
  readonly ast: SourceFile;
  readonly syntax: readonly Diagnostic[];
  readonly lines: LineMap;
}

export interface Located<D> {
  readonly decl: D;
  readonly file: string;
}

export function parseFile(path: string, text: string): ParsedFile {
  const { file, diagnostics } = parse(text);
  return { path, text, ast: file, syntax: diagnostics, lines: new LineMap(text) };
}

export class Workspace {
  readonly sources = new Map<string, Located<SourceDecl>>();
  readonly agencies = new Map<string, Located<AgencyDecl>>();
  /** Every declaration of a source/agency name, to report duplicates. */
  readonly declarations = new Map<string, Located<SourceDecl | AgencyDecl>[]>();

  private constructor(readonly files: ReadonlyMap<string, ParsedFile>) {
    for (const f of files.values()) {
      for (const d of f.ast.declarations) {
        if (d.kind !== 'Source' && d.kind !== 'Agency') continue;
        if (!d.name.text) continue;
        const key = `${d.kind}:${d.name.text}`;
        const list = this.declarations.get(key) ?? [];
        list.push({ decl: d, file: f.path });
        this.declarations.set(key, list);
        if (d.kind === 'Source' && !this.sources.has(d.name.text)) this.sources.set(d.name.text, { decl: d, file: f.path });
        if (d.kind === 'Agency' && !this.agencies.has(d.name.text)) this.agencies.set(d.name.text, { decl: d, file: f.path });
      }
    }
  }

  static fromFiles(files: Iterable<readonly [string, string]>): Workspace {
    const parsed = new Map<string, ParsedFile>();
    for (const [path, text] of files) parsed.set(normalizePath(path), parseFile(normalizePath(path), text));
    return new Workspace(parsed);
  }

  /**
   * A workspace of files parsed elsewhere (another thread), in the given order — the order
   * decides which of two declarations of a name is the one used, as in `fromFiles`.
   */
  static fromParsed(files: Iterable<ParsedFile>): Workspace {
    const map = new Map<string, ParsedFile>();
    for (const f of files) map.set(f.path, f);
    return new Workspace(map);
  }

  /** A new workspace with one file replaced (or added); other files keep their parse. */
  withFile(path: string, text: string): Workspace {
    const files = new Map(this.files);
    const p = normalizePath(path);
    const old = files.get(p);
    if (old?.text !== text) files.set(p, parseFile(p, text));
    return new Workspace(files);
  }

  file(path: string): ParsedFile | undefined {
    return this.files.get(normalizePath(path));
  }

  procedures(): Located<ProcedureDecl>[] {
    const out: Located<ProcedureDecl>[] = [];
    for (const f of this.files.values())
      for (const d of f.ast.declarations) if (d.kind === 'Procedure') out.push({ decl: d, file: f.path });
    return out;
  }

  procedure(name: string): Located<ProcedureDecl> | undefined {
    return this.procedures().find((p) => p.decl.name.text === name);
  }

  /** The fragment a `use` names. Paths are relative to the workspace root. */
  resolveUse(use: UseDecl): Located<FragmentDecl> | undefined {
    const f = this.files.get(normalizePath(use.path.value));
    if (!f) return undefined;
    for (const d of f.ast.declarations)
      if (d.kind === 'Fragment' && d.name.text === use.name.text) return { decl: d, file: f.path };
    return undefined;
  }
}

export function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const seg of path.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}
