// What a name in an expression can mean: a form field, a group (declared or imported from a
// fragment), a data source, a built-in. Scopes are built once per procedure and shared by the
// checker passes and the studio (completion, hover).
import type * as A from '../ast.ts';
import type { Workspace } from '../workspace.ts';
import { BOOLEAN, choice, scalar, typeFromRef, UNKNOWN, listOf, type Type } from './types.ts';

export interface FieldEntry {
  readonly kind: 'field';
  readonly name: string;
  /** The declared type (`unknown` when the type name is wrong; reported where declared). */
  readonly type: Type;
  readonly decl: A.FieldDecl;
  /** File the field is declared in: a fragment's fields live in the fragment's file. */
  readonly file: string;
  /** Dotted path from the form root, e.g. `applicant.full_name`. */
  readonly path: string;
}

export interface GroupEntry {
  readonly kind: 'group';
  readonly name: string;
  readonly repeated: boolean;
  /** Undefined when the fields are unknown (a `use` that does not resolve): members are not checked. */
  readonly members?: ReadonlyMap<string, Entry>;
  readonly decl?: A.GroupDecl | A.FragmentDecl;
  /** The import that brought a fragment in as this group. */
  readonly use?: A.UseDecl;
  readonly file: string;
  readonly path: string;
}

export type Entry = FieldEntry | GroupEntry;

export interface SourceFieldInfo {
  readonly name: string;
  readonly type: Type;
  readonly decl: A.SourceField | Extract<A.SourceItem, { kind: 'Key' }>;
  readonly key: boolean;
}

export interface SourceInfo {
  readonly decl: A.SourceDecl;
  readonly file: string;
  readonly kind?: string;
  readonly authoritative: boolean;
  /** The key's type; a source keyed by personal id is read for the applicant without a key. */
  readonly keyType?: Type;
  readonly keyName?: string;
  readonly fields: ReadonlyMap<string, SourceFieldInfo>;
}

/** The named parts of a procedure other passes refer to (scenarios, fees, deadlines). */
export interface ProcedureIndex {
  readonly decl: A.ProcedureDecl;
  readonly docs: ReadonlyMap<string, A.DocDecl>;
  readonly fees: ReadonlyMap<string, A.FeeDecl>;
  readonly results: ReadonlyMap<string, A.ResultDecl>;
  readonly states: ReadonlyMap<string, A.StateDecl>;
  /** Transitions by name, with the state each leaves from (a name may recur in several states). */
  readonly transitions: ReadonlyMap<string, readonly { readonly from: A.StateDecl; readonly transition: A.TransitionDecl }[]>;
  readonly workflow?: A.WorkflowDecl;
  /** The first state of the workflow: where every dossier starts. */
  readonly initial?: A.StateDecl;
}

export interface Scope {
  readonly ws: Workspace;
  /** File whose expressions are checked (for quoting the designer's words). */
  readonly file: string;
  /** That file's text. */
  readonly text: string;
  /** Top-level names: form fields, groups, imported fragment groups. */
  readonly names: ReadonlyMap<string, Entry>;
  /** Inside a group, its own fields resolve by their bare names (one row of a repeated group). */
  readonly row?: GroupEntry;
  /** Names bound by the construct being checked, e.g. `value` inside a fee tier. */
  readonly locals?: ReadonlyMap<string, Type>;
  readonly procedure?: ProcedureIndex;
}

// ------------------------------------------------------------------------------ built-ins

export const CHANNELS = ['online', 'in_person', 'postal'] as const;

/** Built-in values: `channel`, `citizen` (the applicant's personal id), `today`. */
export const BUILTIN_VALUES: ReadonlyMap<string, Type> = new Map<string, Type>([
  ['channel', choice(CHANNELS)],
  ['citizen', scalar('personal_id')],
  ['today', scalar('date')],
]);

/** Built-in groups: `form.valid`, `documents.complete`. */
export const BUILTIN_GROUPS: ReadonlyMap<string, ReadonlyMap<string, Type>> = new Map([
  ['form', new Map([['valid', BOOLEAN]])],
  ['documents', new Map([['complete', BOOLEAN]])],
]);

export const FUNCTIONS = ['count', 'age'] as const;

// ------------------------------------------------------------------------------ building

const fragmentMembers = new WeakMap<A.FragmentDecl, Map<string, Entry>>();
const groupMembers = new WeakMap<A.GroupDecl, Map<string, Entry>>();
const sourceInfos = new WeakMap<A.SourceDecl, SourceInfo>();

function fieldEntry(f: A.FieldDecl, file: string, prefix: string): FieldEntry {
  return { kind: 'field', name: f.name.text, type: typeFromRef(f.type) ?? UNKNOWN, decl: f, file, path: prefix + f.name.text };
}

function groupEntry(g: A.GroupDecl, file: string, prefix: string): GroupEntry {
  let members = groupMembers.get(g);
  const path = prefix + g.name.text;
  if (!members) {
    members = new Map();
    for (const f of g.fields) if (f.name.text && !members.has(f.name.text)) members.set(f.name.text, fieldEntry(f, file, `${path}.`));
    groupMembers.set(g, members);
  }
  return { kind: 'group', name: g.name.text, repeated: !!g.repeated, members, decl: g, file, path };
}

function itemEntries(items: readonly A.FormItem[], file: string, prefix: string, into: Map<string, Entry>): void {
  for (const it of items) {
    if (!it.name.text || into.has(it.name.text)) continue; // duplicates are reported where declared
    into.set(it.name.text, it.kind === 'Field' ? fieldEntry(it, file, prefix) : groupEntry(it, file, prefix));
  }
}

/** The group a `use` brings in; its members are unknown when the import does not resolve. */
export function useEntry(ws: Workspace, use: A.UseDecl, file: string): GroupEntry {
  const found = ws.resolveUse(use);
  const name = use.name.text;
  if (!found) return { kind: 'group', name, repeated: false, use, file, path: name };
  let members = fragmentMembers.get(found.decl);
  if (!members) {
    members = new Map();
    itemEntries(found.decl.fields, found.file, `${name}.`, members);
    fragmentMembers.set(found.decl, members);
  }
  return { kind: 'group', name, repeated: false, members, decl: found.decl, use, file: found.file, path: name };
}

/** Index of a procedure's named parts (first declaration wins; duplicates are reported). */
export function procedureIndex(decl: A.ProcedureDecl): ProcedureIndex {
  const docs = new Map<string, A.DocDecl>();
  const fees = new Map<string, A.FeeDecl>();
  const results = new Map<string, A.ResultDecl>();
  const states = new Map<string, A.StateDecl>();
  const transitions = new Map<string, { from: A.StateDecl; transition: A.TransitionDecl }[]>();
  let workflow: A.WorkflowDecl | undefined;
  const put = <T>(m: Map<string, T>, name: string, v: T) => {
    if (name && !m.has(name)) m.set(name, v);
  };
  for (const item of decl.items) {
    if (item.kind === 'Documents') for (const d of item.docs) put(docs, d.name.text, d);
    else if (item.kind === 'Fee') put(fees, item.name.text, item);
    else if (item.kind === 'Result') put(results, item.name.text, item);
    else if (item.kind === 'Workflow') {
      workflow ??= item;
      for (const s of item.states) {
        put(states, s.name.text, s);
        for (const t of s.transitions) {
          if (!t.name.text) continue;
          const list = transitions.get(t.name.text) ?? [];
          list.push({ from: s, transition: t });
          transitions.set(t.name.text, list);
        }
      }
    }
  }
  const initial = workflow?.states.find((s) => s.name.text);
  return { decl, docs, fees, results, states, transitions, ...(workflow ? { workflow } : {}), ...(initial ? { initial } : {}) };
}

/** The names a procedure's expressions can use: its form fields and groups, imported fragments. */
export function procedureScope(ws: Workspace, file: string, decl: A.ProcedureDecl): Scope {
  const names = new Map<string, Entry>();
  for (const item of decl.items) {
    if (item.kind === 'Use' && item.name.text && !names.has(item.name.text)) names.set(item.name.text, useEntry(ws, item, file));
    if (item.kind === 'Form') itemEntries(item.items, file, '', names);
  }
  return { ws, file, text: ws.file(file)?.text ?? '', names, procedure: procedureIndex(decl) };
}

/** Inside a fragment its own fields are top-level names. */
export function fragmentScope(ws: Workspace, file: string, decl: A.FragmentDecl): Scope {
  const names = new Map<string, Entry>();
  itemEntries(decl.fields, file, '', names);
  return { ws, file, text: ws.file(file)?.text ?? '', names };
}

export function withRow(scope: Scope, group: A.GroupDecl): Scope {
  const entry = scope.names.get(group.name.text);
  const row = entry?.kind === 'group' && entry.decl === group ? entry : groupEntry(group, scope.file, '');
  return { ...scope, row };
}

export function withLocals(scope: Scope, locals: ReadonlyMap<string, Type>): Scope {
  return { ...scope, locals };
}

export function sourceInfo(ws: Workspace, name: string): SourceInfo | undefined {
  const located = ws.sources.get(name);
  if (!located) return undefined;
  let info = sourceInfos.get(located.decl);
  if (!info) {
    const fields = new Map<string, SourceFieldInfo>();
    let kind: string | undefined;
    let authoritative = false;
    let keyType: Type | undefined;
    let keyName: string | undefined;
    for (const it of located.decl.items) {
      if (it.kind === 'SourceKind') kind ??= it.value.text || undefined;
      else if (it.kind === 'Authoritative') authoritative = true;
      else if (it.kind === 'Key' || it.kind === 'SourceField') {
        const type = typeFromRef(it.type) ?? UNKNOWN;
        if (it.kind === 'Key') {
          keyType ??= type;
          keyName ??= it.name.text;
        }
        if (it.name.text && !fields.has(it.name.text)) fields.set(it.name.text, { name: it.name.text, type, decl: it, key: it.kind === 'Key' });
      }
    }
    info = {
      decl: located.decl,
      file: located.file,
      authoritative,
      fields,
      ...(kind ? { kind } : {}),
      ...(keyType ? { keyType } : {}),
      ...(keyName ? { keyName } : {}),
    };
    sourceInfos.set(located.decl, info);
  }
  return info;
}

// ------------------------------------------------------------------------------ resolution

export type Resolution =
  | { readonly kind: 'field'; readonly entry: FieldEntry; readonly type: Type }
  | { readonly kind: 'group'; readonly entry: GroupEntry }
  | { readonly kind: 'source'; readonly source: SourceInfo }
  | { readonly kind: 'sourceField'; readonly source: SourceInfo; readonly field: SourceFieldInfo; readonly type: Type }
  | { readonly kind: 'builtin'; readonly name: string; readonly type: Type }
  | { readonly kind: 'builtinGroup'; readonly name: string }
  | { readonly kind: 'local'; readonly name: string; readonly type: Type }
  /** Through a group whose fields are unknown: nothing to check, type unknown. */
  | { readonly kind: 'opaque' }
  | {
      readonly kind: 'error';
      /** Index of the segment that does not resolve. */
      readonly index: number;
      readonly error: 'name' | 'member' | 'sourceField';
      /** The group/source/field the segment was looked up in. */
      readonly container?: string;
      readonly candidates: readonly string[];
    };

/** Every name a bare identifier could mean here (for "did you mean" and completion). */
export function topLevelNames(scope: Scope): string[] {
  return [
    ...(scope.locals?.keys() ?? []),
    ...(scope.row?.members?.keys() ?? []),
    ...scope.names.keys(),
    ...scope.ws.sources.keys(),
    ...BUILTIN_VALUES.keys(),
    ...BUILTIN_GROUPS.keys(),
  ];
}

function walkEntry(entry: Entry, segs: readonly { text: string }[], i: number, many: boolean): Resolution {
  if (entry.kind === 'field') {
    if (i < segs.length) return { kind: 'error', index: i, error: 'member', container: entry.path, candidates: [] };
    return { kind: 'field', entry, type: many ? listOf(entry.type) : entry.type };
  }
  if (i >= segs.length) return { kind: 'group', entry };
  if (!entry.members) return { kind: 'opaque' };
  const next = entry.members.get(segs[i]!.text);
  if (!next) return { kind: 'error', index: i, error: 'member', container: entry.path, candidates: [...entry.members.keys()] };
  return walkEntry(next, segs, i + 1, many || entry.repeated);
}

/** What a dotted path means in a scope. Never throws; empty segments resolve to `opaque`. */
export function resolvePath(segs: readonly { text: string }[], scope: Scope): Resolution {
  const head = segs[0]?.text;
  if (!head || segs.some((s) => !s.text)) return { kind: 'opaque' };
  const local = scope.locals?.get(head);
  if (local && segs.length === 1) return { kind: 'local', name: head, type: local };
  const entry = scope.row?.members?.get(head) ?? scope.names.get(head);
  if (entry) return walkEntry(entry, segs, 1, false);
  const source = sourceInfo(scope.ws, head);
  if (source) {
    if (segs.length === 1) return { kind: 'source', source };
    const field = source.fields.get(segs[1]!.text);
    if (!field) return { kind: 'error', index: 1, error: 'sourceField', container: head, candidates: [...source.fields.keys()] };
    if (segs.length > 2) return { kind: 'error', index: 2, error: 'member', container: `${head}.${field.name}`, candidates: [] };
    return { kind: 'sourceField', source, field, type: field.type };
  }
  const builtin = BUILTIN_VALUES.get(head);
  if (builtin) {
    if (segs.length > 1) return { kind: 'error', index: 1, error: 'member', container: head, candidates: [] };
    return { kind: 'builtin', name: head, type: builtin };
  }
  const group = BUILTIN_GROUPS.get(head);
  if (group) {
    if (segs.length === 1) return { kind: 'builtinGroup', name: head };
    const t = group.get(segs[1]!.text);
    if (!t) return { kind: 'error', index: 1, error: 'member', container: head, candidates: [...group.keys()] };
    if (segs.length > 2) return { kind: 'error', index: 2, error: 'member', container: `${head}.${segs[1]!.text}`, candidates: [] };
    return { kind: 'builtin', name: `${head}.${segs[1]!.text}`, type: t };
  }
  return { kind: 'error', index: 0, error: 'name', candidates: topLevelNames(scope) };
}

/** Every field of the form, flattened with dotted paths (scenario keys, completion). */
export function allFields(scope: Scope): FieldEntry[] {
  const out: FieldEntry[] = [];
  const visit = (e: Entry) => {
    if (e.kind === 'field') out.push(e);
    else e.members?.forEach(visit);
  };
  scope.names.forEach(visit);
  return out;
}
