// Rename: every place a name is written, in every file, changes together. Refused (with a
// reason, in Vietnamese or English) when the cursor is not on a name the designer declared, when the new name
// is not a valid name, when it is already taken where the old one lives, or when the renamed
// workspace would have errors it did not have before (a name that now hides another one).
import type * as A from '../ast.ts';
import { checkFile, procedureScope, BUILTIN_GROUPS, BUILTIN_VALUES, FUNCTIONS } from '../check/index.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { unaccent } from '../syntax/parse.ts';
import type { Workspace } from '../workspace.ts';
import { occurrenceAt, occurrencesOf, type SymbolInfo } from './symbols.ts';
import type { Lang, ServiceOptions, TextEdit } from './types.ts';

const HARD_KEYWORDS = new Set(['and', 'or', 'not', 'in', 'true', 'false']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const q = (s: string) => `«${s}»`;

const nouns: Record<Lang, Record<string, string>> = {
  vi: {
    procedure: 'thủ tục',
    fragment: 'khối dùng chung',
    field: 'trường',
    group: 'nhóm',
    option: 'phương án',
    doc: 'giấy tờ',
    fee: 'khoản phí',
    result: 'kết quả',
    state: 'bước',
    transition: 'bước chuyển',
    scenario: 'kịch bản',
    source: 'nguồn dữ liệu',
    sourceField: 'trường của nguồn',
    agency: 'cơ quan',
  },
  en: {
    procedure: 'procedure',
    fragment: 'shared fragment',
    field: 'field',
    group: 'group',
    option: 'option',
    doc: 'document',
    fee: 'fee',
    result: 'result',
    state: 'step',
    transition: 'transition',
    scenario: 'scenario',
    source: 'data source',
    sourceField: 'source field',
    agency: 'agency',
  },
};

/** Why `name` cannot be a name, or undefined when it can. */
export function validName(name: string, lang: Lang = 'vi'): string | undefined {
  const en = lang === 'en';
  if (!name) return en ? 'The new name cannot be empty.' : 'Tên mới không được để trống.';
  if (/[^\x00-\x7F]/.test(name)) {
    return en
      ? `The name ${q(name)} has accented letters; names use unaccented letters, digits and underscores (e.g. ${q(unaccent(name))}). Put the Vietnamese label in quotes.`
      : `Tên ${q(name)} có chữ có dấu; tên chỉ dùng chữ không dấu, chữ số và dấu gạch dưới (ví dụ ${q(unaccent(name))}). Nhãn tiếng Việt đặt trong dấu ngoặc kép.`;
  }
  if (!NAME.test(name)) {
    return en
      ? `The name ${q(name)} is not valid: a name starts with a letter or an underscore, followed by unaccented letters, digits or underscores.`
      : `Tên ${q(name)} không hợp lệ: tên bắt đầu bằng chữ cái hoặc dấu gạch dưới, tiếp theo là chữ không dấu, chữ số hoặc dấu gạch dưới.`;
  }
  if (HARD_KEYWORDS.has(name)) return en ? `${q(name)} is a keyword of the language and cannot be a name.` : `${q(name)} là từ khóa của ngôn ngữ, không dùng làm tên được.`;
  return undefined;
}

/** Names already used where the symbol lives: a rename onto one of them would merge two things. */
function takenNames(ws: Workspace, path: string, symbol: SymbolInfo): Iterable<string> {
  const t = symbol.target;
  const procedureOf = (file: string, offset: number) =>
    ws.file(file)?.ast.declarations.find((d): d is A.ProcedureDecl => d.kind === 'Procedure' && d.span.start <= offset && offset <= d.span.end);
  const def = symbol.def!;
  const builtins = [...BUILTIN_VALUES.keys(), ...BUILTIN_GROUPS.keys(), ...FUNCTIONS, ...ws.sources.keys()];
  switch (t.kind) {
    case 'procedure':
      return ws.procedures().map((p) => p.decl.name.text);
    case 'fragment': {
      const here = ws.file(def.path)?.ast.declarations.filter((d) => d.kind === 'Fragment').map((d) => d.name.text) ?? [];
      return [...here, ...builtins];
    }
    case 'source':
      return [...ws.sources.keys(), ...BUILTIN_VALUES.keys(), ...BUILTIN_GROUPS.keys(), ...FUNCTIONS];
    case 'sourceField':
      return t.source.fields.keys();
    case 'agency':
      return ws.agencies.keys();
    case 'option':
      return findOptions(ws, def) ?? [];
    case 'field':
    case 'group': {
      const proc = procedureOf(def.path, def.span.start);
      const fragment = ws.file(def.path)?.ast.declarations.find((d): d is A.FragmentDecl => d.kind === 'Fragment' && d.span.start <= def.span.start && def.span.start <= d.span.end);
      const top = proc ? [...procedureScope(ws, def.path, proc).names.keys()] : fragment ? fragment.fields.map((f) => f.name.text) : [];
      const items = proc?.items.flatMap((i) => (i.kind === 'Form' ? i.items : [])) ?? fragment?.fields ?? [];
      // A group's own fields hide top-level names inside the group: keep the two namespaces apart.
      const group = t.kind === 'field' && t.container ? containerFields(items, def) : items.flatMap((i) => (i.kind === 'Group' ? i.fields.map((f) => f.name.text) : []));
      return [...top, ...group, ...builtins];
    }
    default: {
      const proc = procedureOf(path, def.span.start) ?? procedureOf(def.path, def.span.start);
      if (!proc) return [];
      const index = procedureScope(ws, def.path, proc).procedure!;
      const byKind = { doc: index.docs, fee: index.fees, result: index.results, state: index.states, transition: index.transitions } as const;
      if (t.kind === 'scenario') return proc.items.filter((i) => i.kind === 'Scenario').map((i) => i.name.text);
      return t.kind in byKind ? byKind[t.kind as keyof typeof byKind].keys() : [];
    }
  }
}

function containerFields(items: readonly A.FormItem[], def: { span: A.Span }): string[] {
  for (const it of items) if (it.kind === 'Group' && it.fields.some((f) => f.name.span.start === def.span.start)) return it.fields.map((f) => f.name.text);
  return [];
}

function findOptions(ws: Workspace, def: { path: string; span: A.Span }): string[] | undefined {
  const text = ws.file(def.path);
  if (!text) return undefined;
  let found: string[] | undefined;
  const visitRef = (ref: A.TypeRef) => {
    if (ref.options.some((o) => o.name.span.start === def.span.start)) found = ref.options.map((o) => o.name.text);
  };
  const visitItems = (items: readonly A.FormItem[]) => {
    for (const it of items) {
      if (it.kind === 'Field') visitRef(it.type);
      else it.fields.forEach((f) => visitRef(f.type));
    }
  };
  for (const d of text.ast.declarations) {
    if (d.kind === 'Fragment') visitItems(d.fields);
    if (d.kind === 'Source') for (const it of d.items) if (it.kind === 'Key' || it.kind === 'SourceField') visitRef(it.type);
    if (d.kind === 'Procedure') for (const it of d.items) if (it.kind === 'Form') visitItems(it.items);
  }
  return found;
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

function errorCounts(diagnostics: readonly Diagnostic[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of diagnostics) if (d.severity === 'error') m.set(d.code, (m.get(d.code) ?? 0) + 1);
  return m;
}

export function rename(ws: Workspace, path: string, offset: number, newName: string, options: ServiceOptions = {}): { edits: TextEdit[] } | { error: string } {
  const lang = options.lang ?? 'vi';
  const en = lang === 'en';
  const occurrence = occurrenceAt(ws, path, offset);
  if (!occurrence) return { error: en ? 'There is no name here to rename.' : 'Không có tên nào ở vị trí này để đổi.' };
  const symbol = occurrence.symbol;
  if (!symbol.def) return { error: en ? `${q(symbol.name)} is a built-in name of the language and cannot be renamed.` : `${q(symbol.name)} là tên có sẵn của ngôn ngữ, không đổi được.` };
  const invalid = validName(newName, lang);
  if (invalid) return { error: invalid };
  if (newName === symbol.name) return { edits: [] };
  const noun = nouns[lang][symbol.target.kind] ?? (en ? 'name' : 'tên');
  for (const taken of takenNames(ws, path, symbol)) {
    if (taken === newName) {
      return {
        error: en
          ? `The name ${q(newName)} is already used where the ${noun} ${q(symbol.name)} is declared; renaming to it would give two things the same name.`
          : `Đã có tên ${q(newName)} ở nơi khai báo ${noun} ${q(symbol.name)}; đổi sang tên đó sẽ làm hai thứ trùng tên.`,
      };
    }
  }

  const edits: TextEdit[] = occurrencesOf(ws, symbol, path)
    .filter((o) => o.occurrence.role !== 'link')
    .map((o) => ({ path: o.path, start: o.occurrence.span.start, end: o.occurrence.span.end, newText: newName }));

  // The rename must not change what any other name means: the renamed files check with no new errors.
  const byFile = new Map<string, TextEdit[]>();
  for (const e of edits) byFile.set(e.path, [...(byFile.get(e.path) ?? []), e]);
  let after = ws;
  for (const [p, es] of byFile) after = after.withFile(p, applyEdits(ws.file(p)!.text, es));
  // A shared declaration may matter to files that do not spell the renamed reference (a
  // fragment prefilled from a source field whose options change): check every file naming it.
  const affected = new Set(byFile.keys());
  if (symbol.shared) for (const f of ws.files.values()) if (f.text.includes(symbol.name)) affected.add(f.path);
  for (const p of [...affected].sort()) {
    const before = errorCounts(checkFile(ws, p));
    const now = checkFile(after, p);
    const counts = errorCounts(now);
    for (const [codeName, n] of counts) {
      if (n <= (before.get(codeName) ?? 0)) continue;
      const first = now.find((d) => d.code === codeName)!;
      const line = after.file(p)?.lines.position(first.span.start).line;
      return {
        error: en
          ? `Cannot rename to ${q(newName)}: the file ${p}${line ? ` (line ${line})` : ''} would have the error ${codeName}: ${first.message.en}`
          : `Không đổi được thành ${q(newName)}: tệp ${p}${line ? ` (dòng ${line})` : ''} sẽ có lỗi ${codeName}: ${first.message.vi}`,
      };
    }
  }
  return { edits };
}
