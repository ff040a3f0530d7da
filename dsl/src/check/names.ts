// Names that are not expressions: procedure metadata, imports of shared fragments, type names,
// duplicate declarations (within a scope and across the workspace), sources and agencies.
import type * as A from '../ast.ts';
import { closest, type Localized } from '../diagnostics.ts';
import type { Located, ParsedFile, Workspace } from '../workspace.ts';
import { renameFix, report, type Sink } from './catalog.ts';
import { CHANNELS } from './scope.ts';
import { FIELD_TYPES, typeFromRef } from './types.ts';

export const LEVELS = ['full_online', 'partial', 'information'] as const;
export const SOURCE_KINDS = ['national', 'registry', 'results', 'dossiers'] as const;
export const AGENCY_LEVELS = ['commune', 'district', 'province', 'ministry'] as const;
export const CALENDARS = ['national', 'saturday_morning'] as const;
export const DOC_FORMS = ['original', 'copy', 'certified_copy', 'electronic'] as const;

export const WHAT = {
  field: { vi: 'Trường', en: 'Field' },
  option: { vi: 'Phương án', en: 'Option' },
  doc: { vi: 'Giấy tờ', en: 'Document' },
  fee: { vi: 'Khoản phí', en: 'Fee' },
  state: { vi: 'Bước', en: 'State' },
  transition: { vi: 'Bước chuyển', en: 'Transition' },
  result: { vi: 'Kết quả', en: 'Result' },
  scenario: { vi: 'Kịch bản', en: 'Scenario' },
  line: { vi: 'Dòng', en: 'Line' },
  sourceField: { vi: 'Trường của nguồn', en: 'Source field' },
  declaration: { vi: 'Khai báo', en: 'Declaration' },
  procedure: { vi: 'Thủ tục', en: 'Procedure' },
  source: { vi: 'Nguồn dữ liệu', en: 'Data source' },
  agency: { vi: 'Cơ quan', en: 'Agency' },
} satisfies Record<string, Localized>;

export interface FileCx {
  readonly ws: Workspace;
  readonly file: ParsedFile;
  readonly out: Sink;
}

/** Report every repeat of a name after its first declaration in the same scope. */
export function reportDuplicates(cx: FileCx, what: Localized, names: Iterable<{ readonly text: string; readonly span: A.Span }>): void {
  const seen = new Map<string, A.Span>();
  for (const n of names) {
    if (!n.text) continue;
    const first = seen.get(n.text);
    if (first) report(cx.out, 'MC2008', n.span, { what, name: n.text, line: cx.file.lines.position(first.start).line });
    else seen.set(n.text, n.span);
  }
}

/** A value that must be one of a few words (`as original`, `kind registry`, `due on result`). */
export function checkWord(cx: FileCx, clause: string, ident: A.Ident, allowed: readonly string[]): boolean {
  if (!ident.text || allowed.includes(ident.text)) return true;
  const suggestion = closest(ident.text, allowed);
  report(cx.out, 'MC2015', ident.span, { clause, name: ident.text, allowed, suggestion }, renameFix(ident.span, suggestion));
  return false;
}

export function checkTypeRef(cx: FileCx, ref: A.TypeRef): void {
  if (typeFromRef(ref)) {
    if (ref.name.text === 'choice') reportDuplicates(cx, WHAT.option, ref.options.map((o) => o.name));
    return;
  }
  const name = ref.name.text;
  const suggestion = closest(name, FIELD_TYPES);
  report(cx.out, 'MC2014', ref.name.span, { name, allowed: FIELD_TYPES, suggestion }, renameFix(ref.name.span, suggestion));
}

export function checkAgencyRef(cx: FileCx, ident: A.Ident): void {
  if (!ident.text || cx.ws.agencies.has(ident.text)) return;
  const suggestion = closest(ident.text, cx.ws.agencies.keys());
  report(cx.out, 'MC2004', ident.span, { name: ident.text, suggestion }, renameFix(ident.span, suggestion));
}

// ------------------------------------------------------------------------------ procedure metadata

const REQUIRED_META: ReadonlyArray<readonly [A.MetaKey, string]> = [
  ['code', 'code "1.004222"'],
  ['title', 'title "Đăng ký thường trú"'],
  ['version', 'version 1'],
  ['agency', 'agency cong_an_xa'],
];
const SINGLE_META = new Set<A.MetaKey>(['code', 'version', 'title', 'agency', 'level', 'effective', 'channels']);

export function checkMetadata(cx: FileCx, decl: A.ProcedureDecl): void {
  const metas = decl.items.filter((i): i is A.MetaItem => i.kind === 'Meta');
  const keys = new Set(metas.map((m) => m.key));
  if (decl.name.text) {
    for (const [key, example] of REQUIRED_META) if (!keys.has(key)) report(cx.out, 'MC2013', decl.name.span, { key, example });
  }
  reportDuplicates(
    cx,
    WHAT.line,
    metas.filter((m) => SINGLE_META.has(m.key)).map((m) => ({ text: m.key, span: m.keySpan })),
  );
  for (const m of metas) {
    if (m.key === 'agency') m.names.forEach((n) => checkAgencyRef(cx, n));
    if (m.key === 'level' || m.key === 'channels') {
      const allowed: readonly string[] = m.key === 'level' ? LEVELS : CHANNELS;
      for (const n of m.names) {
        if (!n.text || allowed.includes(n.text)) continue;
        const suggestion = closest(n.text, allowed);
        report(cx.out, 'MC2012', n.span, { key: m.key, name: n.text, allowed, suggestion }, renameFix(n.span, suggestion));
      }
      if (m.key === 'channels') reportDuplicates(cx, WHAT.line, m.names);
    }
  }
}

// ------------------------------------------------------------------------------ imports

export function checkUse(cx: FileCx, use: A.UseDecl): void {
  const path = use.path.value;
  if (!use.name.text) return;
  const target = cx.ws.file(path);
  const index = workspaceIndex(cx.ws);
  if (!target) {
    const suggestion = closest(path, index.paths);
    report(cx.out, 'MC2010', use.path.span, { path, suggestion }, renameFix(use.path.span, suggestion ? JSON.stringify(suggestion) : undefined));
    return;
  }
  if (cx.ws.resolveUse(use)) return;
  const here = target.ast.declarations.filter((d) => d.kind === 'Fragment').map((d) => d.name.text);
  const elsewhere = index.fragments.find((f) => f.decl.name.text === use.name.text)?.file;
  const suggestion = elsewhere ? undefined : closest(use.name.text, here);
  report(cx.out, 'MC2011', use.name.span, { name: use.name.text, path, suggestion, elsewhere }, renameFix(use.name.span, suggestion));
}

// ------------------------------------------------------------------------------ sources, agencies

export function checkSource(cx: FileCx, decl: A.SourceDecl): void {
  reportDuplicates(
    cx,
    WHAT.sourceField,
    decl.items.flatMap((i) => (i.kind === 'Key' || i.kind === 'SourceField' ? [i.name] : [])),
  );
  for (const it of decl.items) {
    if (it.kind === 'SourceKind') checkWord(cx, 'kind', it.value, SOURCE_KINDS);
    if (it.kind === 'Key' || it.kind === 'SourceField') checkTypeRef(cx, it.type);
  }
}

export function checkAgency(cx: FileCx, decl: A.AgencyDecl): void {
  for (const it of decl.items) {
    if (it.kind === 'AgencyLevel') checkWord(cx, 'level', it.level, AGENCY_LEVELS);
    if (it.kind === 'Calendar') checkWord(cx, 'calendar', it.calendar, CALENDARS);
    if (it.kind === 'Parent') checkAgencyRef(cx, it.parent);
  }
}

// ------------------------------------------------------------------------------ across the workspace

interface WorkspaceIndex {
  readonly procedures: ReadonlyMap<string, Located<A.ProcedureDecl>[]>;
  readonly fragments: readonly Located<A.FragmentDecl>[];
  readonly paths: readonly string[];
}

// Built once per workspace value (the studio makes a new Workspace per edit; the map lets go of old ones).
const indexes = new WeakMap<Workspace, WorkspaceIndex>();

function workspaceIndex(ws: Workspace): WorkspaceIndex {
  let index = indexes.get(ws);
  if (!index) {
    const procedures = new Map<string, Located<A.ProcedureDecl>[]>();
    const fragments: Located<A.FragmentDecl>[] = [];
    for (const f of ws.files.values()) {
      for (const d of f.ast.declarations) {
        if (!d.name.text) continue;
        if (d.kind === 'Procedure') {
          const same = procedures.get(d.name.text);
          if (same) same.push({ decl: d, file: f.path });
          else procedures.set(d.name.text, [{ decl: d, file: f.path }]);
        }
        if (d.kind === 'Fragment') fragments.push({ decl: d, file: f.path });
      }
    }
    index = { procedures, fragments, paths: [...ws.files.keys()] };
    indexes.set(ws, index);
  }
  return index;
}

/** Procedures, sources and agencies are global: a name declared twice is reported at each place. */
export function checkWorkspaceDuplicates(cx: FileCx, decl: A.Declaration): void {
  if (decl.kind === 'Fragment' || !decl.name.text) return;
  const others: readonly Located<A.Declaration>[] =
    decl.kind === 'Procedure'
      ? (workspaceIndex(cx.ws).procedures.get(decl.name.text) ?? [])
      : (cx.ws.declarations.get(`${decl.kind}:${decl.name.text}`) ?? []);
  const other = others.find((o) => o.decl !== decl);
  if (!other) return;
  const line = cx.ws.file(other.file)?.lines.position(other.decl.name.span.start).line ?? 1;
  const what = decl.kind === 'Procedure' ? WHAT.procedure : decl.kind === 'Source' ? WHAT.source : WHAT.agency;
  report(cx.out, 'MC2009', decl.name.span, { what, name: decl.name.text, where: `${other.file}:${line}` });
}
