// Every name written in a file, resolved to what it means: a declaration (field, group, choice
// option, document, fee, state, transition, result, scenario, fragment, source and its fields,
// agency, procedure) or a fixed word of the language. Hover, go-to-definition, references and
// rename are lookups in this index. Names resolve exactly as the checker resolves them
// (procedureScope, resolvePath, options by the type they are compared with).
import type * as A from '../ast.ts';
import { GIVEN_KEYS } from '../check/scenarios.ts';
import {
  fragmentScope,
  procedureScope,
  resolvePath,
  sourceInfo,
  typeOf,
  type Entry,
  type Resolution,
  type Scope,
  type SourceFieldInfo,
  type SourceInfo,
} from '../check/index.ts';
import { withLocals, withRow } from '../check/scope.ts';
import type { Type } from '../check/types.ts';
import type { Workspace } from '../workspace.ts';
import type { WordCategory } from './vocabulary.ts';

export type Target =
  | { readonly kind: 'procedure'; readonly decl: A.ProcedureDecl }
  | { readonly kind: 'fragment'; readonly decl: A.FragmentDecl }
  | { readonly kind: 'field'; readonly decl: A.FieldDecl; readonly container?: string }
  | { readonly kind: 'group'; readonly decl: A.GroupDecl }
  | { readonly kind: 'option'; readonly option: A.ChoiceOption; readonly owner: string; readonly ownerLabel?: string }
  | { readonly kind: 'doc'; readonly decl: A.DocDecl }
  | { readonly kind: 'fee'; readonly decl: A.FeeDecl }
  | { readonly kind: 'result'; readonly decl: A.ResultDecl }
  | { readonly kind: 'state'; readonly decl: A.StateDecl }
  | { readonly kind: 'transition'; readonly decls: readonly { readonly from: A.StateDecl; readonly transition: A.TransitionDecl }[] }
  | { readonly kind: 'scenario'; readonly decl: A.ScenarioDecl }
  | { readonly kind: 'source'; readonly info: SourceInfo }
  | { readonly kind: 'sourceField'; readonly source: SourceInfo; readonly field: SourceFieldInfo }
  | { readonly kind: 'agency'; readonly decl: A.AgencyDecl }
  | { readonly kind: 'word'; readonly category: WordCategory; readonly word: string }
  | { readonly kind: 'local'; readonly name: string; readonly type: Type; readonly by?: A.Expr };

export type SymbolKind = Target['kind'];

export interface SymbolInfo {
  /** Identity: the same declaration always has the same key, in every file's index. */
  readonly key: string;
  readonly name: string;
  readonly target: Target;
  /** The declaring name (absent for the language's own words). */
  readonly def?: { readonly path: string; readonly span: A.Span };
  /** Declared outside a procedure (fragment, source, agency): other files may refer to it. */
  readonly shared: boolean;
}

export interface Occurrence {
  readonly span: A.Span;
  readonly symbol: SymbolInfo;
  /** `def`: the declaration itself; `link`: a mention that is not the name (`use`'s path string). */
  readonly role: 'def' | 'ref' | 'link';
}

export interface FileIndex {
  readonly path: string;
  /** Sorted by start offset. */
  readonly occurrences: readonly Occurrence[];
}

const at = (file: string, span: A.Span) => `${file}:${span.start}`;

// ------------------------------------------------------------------------------ symbol makers

export function procedureSymbol(decl: A.ProcedureDecl, file: string): SymbolInfo {
  return { key: `procedure:${at(file, decl.name.span)}`, name: decl.name.text, target: { kind: 'procedure', decl }, def: { path: file, span: decl.name.span }, shared: false };
}

function fragmentSymbol(decl: A.FragmentDecl, file: string): SymbolInfo {
  return { key: `fragment:${at(file, decl.name.span)}`, name: decl.name.text, target: { kind: 'fragment', decl }, def: { path: file, span: decl.name.span }, shared: true };
}

function fieldSymbol(decl: A.FieldDecl, file: string, shared: boolean, container?: string): SymbolInfo {
  return {
    key: `field:${at(file, decl.name.span)}`,
    name: decl.name.text,
    target: { kind: 'field', decl, ...(container ? { container } : {}) },
    def: { path: file, span: decl.name.span },
    shared,
  };
}

function groupSymbol(decl: A.GroupDecl, file: string, shared: boolean): SymbolInfo {
  return { key: `group:${at(file, decl.name.span)}`, name: decl.name.text, target: { kind: 'group', decl }, def: { path: file, span: decl.name.span }, shared };
}

function optionSymbol(option: A.ChoiceOption, owner: string, ownerLabel: string | undefined, file: string, shared: boolean): SymbolInfo {
  return {
    key: `option:${at(file, option.name.span)}`,
    name: option.name.text,
    target: { kind: 'option', option, owner, ...(ownerLabel ? { ownerLabel } : {}) },
    def: { path: file, span: option.name.span },
    shared,
  };
}

type Named = A.DocDecl | A.FeeDecl | A.ResultDecl | A.StateDecl | A.ScenarioDecl;
const namedKinds = { Doc: 'doc', Fee: 'fee', Result: 'result', State: 'state', Scenario: 'scenario' } as const;

function namedSymbol(decl: Named, file: string): SymbolInfo {
  const kind = namedKinds[decl.kind];
  return { key: `${kind}:${at(file, decl.name.span)}`, name: decl.name.text, target: { kind, decl } as Target, def: { path: file, span: decl.name.span }, shared: false };
}

function transitionSymbol(proc: A.ProcedureDecl, name: string, decls: readonly { from: A.StateDecl; transition: A.TransitionDecl }[], file: string): SymbolInfo {
  const first = decls[0]!.transition;
  return {
    key: `transition:${at(file, proc.name.span)}:${name}`,
    name,
    target: { kind: 'transition', decls },
    def: { path: file, span: first.name.span },
    shared: false,
  };
}

export function sourceSymbol(info: SourceInfo): SymbolInfo {
  return { key: `source:${at(info.file, info.decl.name.span)}`, name: info.decl.name.text, target: { kind: 'source', info }, def: { path: info.file, span: info.decl.name.span }, shared: true };
}

export function sourceFieldSymbol(source: SourceInfo, field: SourceFieldInfo): SymbolInfo {
  return {
    key: `sourceField:${at(source.file, field.decl.name.span)}`,
    name: field.name,
    target: { kind: 'sourceField', source, field },
    def: { path: source.file, span: field.decl.name.span },
    shared: true,
  };
}

export function agencySymbol(decl: A.AgencyDecl, file: string): SymbolInfo {
  return { key: `agency:${at(file, decl.name.span)}`, name: decl.name.text, target: { kind: 'agency', decl }, def: { path: file, span: decl.name.span }, shared: true };
}

export function wordSymbol(category: WordCategory, word: string): SymbolInfo {
  return { key: `word:${category}:${word}`, name: word, target: { kind: 'word', category, word }, shared: false };
}

function localSymbol(name: string, type: Type, by: A.Expr | undefined, file: string, span: A.Span): SymbolInfo {
  return { key: `local:${at(file, span)}:${name}`, name, target: { kind: 'local', name, type, ...(by ? { by } : {}) }, shared: false };
}

/** The symbol an entry of a scope stands for (a `use` group stands for its fragment). */
export function entrySymbol(ws: Workspace, entry: Entry): SymbolInfo | undefined {
  const shared = inFragment(ws, entry.decl);
  if (entry.kind === 'field') {
    const container = entry.path.includes('.') ? entry.path.slice(0, entry.path.lastIndexOf('.')) : undefined;
    return fieldSymbol(entry.decl, entry.file, shared, container);
  }
  if (entry.use) return entry.decl?.kind === 'Fragment' ? fragmentSymbol(entry.decl, entry.file) : undefined;
  return entry.decl?.kind === 'Group' ? groupSymbol(entry.decl, entry.file, shared) : undefined;
}

// Fields and groups declared in fragments: other files refer to them through `use`.
const fragmentDecls = new WeakMap<Workspace, WeakSet<object>>();

export function inFragment(ws: Workspace, decl: object | undefined): boolean {
  if (!decl) return false;
  let set = fragmentDecls.get(ws);
  if (!set) {
    set = new WeakSet();
    for (const f of ws.files.values())
      for (const d of f.ast.declarations) {
        if (d.kind !== 'Fragment') continue;
        for (const it of d.fields) {
          set.add(it);
          if (it.kind === 'Group') it.fields.forEach((g) => set!.add(g));
        }
      }
    fragmentDecls.set(ws, set);
  }
  return set.has(decl);
}

// ------------------------------------------------------------------------------ choice owners

interface Owner {
  readonly options: readonly A.ChoiceOption[] | readonly string[];
  readonly name: string;
  readonly label?: string;
  readonly file?: string;
  readonly shared: boolean;
}

const CHANNEL_OWNER: Owner = { options: ['online', 'in_person', 'postal'], name: 'channel', shared: false };

function ownerFromRef(ref: A.TypeRef, name: string, label: string | undefined, file: string, shared: boolean): Owner | undefined {
  if (ref.name.text !== 'choice') return undefined;
  return { options: ref.options, name, ...(label ? { label } : {}), file, shared };
}

/** The declaration whose choice options a bare name next to `e` may be (`relation == mother`). */
export function choiceOwner(e: A.Expr, scope: Scope): Owner | undefined {
  if (e.kind === 'Path') {
    if (!e.segments.length) return undefined;
    return ownerOfResolution(resolvePath(e.segments, scope), scope.ws);
  }
  if (e.kind === 'Call') {
    const src = sourceInfo(scope.ws, e.callee.text);
    const member = e.member[0];
    const field = member && src?.fields.get(member.text);
    if (!src || !field) return undefined;
    return ownerFromRef(field.decl.type, `${src.decl.name.text}.${field.name}`, field.decl.kind === 'SourceField' ? field.decl.label?.value : undefined, src.file, true);
  }
  return undefined;
}

export function ownerOfResolution(r: Resolution, ws: Workspace): Owner | undefined {
  if (r.kind === 'field') return ownerFromRef(r.entry.decl.type, r.entry.path, r.entry.decl.label?.value, r.entry.file, inFragment(ws, r.entry.decl));
  if (r.kind === 'sourceField') {
    const label = r.field.decl.kind === 'SourceField' ? r.field.decl.label?.value : undefined;
    return ownerFromRef(r.field.decl.type, `${r.source.decl.name.text}.${r.field.name}`, label, r.source.file, true);
  }
  if (r.kind === 'builtin' && r.name === 'channel') return CHANNEL_OWNER;
  return undefined;
}

function optionOf(owner: Owner | undefined, name: string): SymbolInfo | undefined {
  if (!owner) return undefined;
  for (const o of owner.options) {
    if (typeof o === 'string') {
      if (o === name) return wordSymbol('channel', o);
    } else if (o.name.text === name) {
      return optionSymbol(o, owner.name, owner.label, owner.file!, owner.shared);
    }
  }
  return undefined;
}

// ------------------------------------------------------------------------------ the walk

class Indexer {
  readonly out: Occurrence[] = [];
  constructor(
    readonly ws: Workspace,
    readonly path: string,
  ) {}

  emit(span: A.Span, symbol: SymbolInfo | undefined, role: Occurrence['role'] = 'ref'): void {
    if (!symbol || span.end <= span.start) return;
    this.out.push({ span, symbol, role });
  }

  def(ident: A.Ident, symbol: SymbolInfo): void {
    if (ident.text) this.emit(ident.span, symbol, 'def');
  }

  word(ident: A.Ident | undefined, category: WordCategory): void {
    if (ident?.text) this.emit(ident.span, wordSymbol(category, ident.text));
  }

  agencyRef(ident: A.Ident): void {
    const found = this.ws.agencies.get(ident.text);
    if (found) this.emit(ident.span, agencySymbol(found.decl, found.file));
  }

  // ---------------------------------------------------------------- expressions

  pathRefs(segments: readonly A.Ident[], scope: Scope): Resolution | undefined {
    let last: Resolution | undefined;
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i]!;
      if (!seg.text) break;
      const r = resolvePath(segments.slice(0, i + 1), scope);
      last = r;
      const sym = this.resolutionSymbol(r, seg);
      if (!sym) break;
      this.emit(seg.span, sym);
    }
    return last;
  }

  resolutionSymbol(r: Resolution, seg: A.Ident): SymbolInfo | undefined {
    switch (r.kind) {
      case 'field':
      case 'group':
        return entrySymbol(this.ws, r.entry);
      case 'source':
        return sourceSymbol(r.source);
      case 'sourceField':
        return sourceFieldSymbol(r.source, r.field);
      case 'builtin':
        return wordSymbol('value', r.name);
      case 'builtinGroup':
        return wordSymbol('group', r.name);
      case 'local':
        return localSymbol(r.name, r.type, undefined, this.path, seg.span);
      default:
        return undefined;
    }
  }

  expr(e: A.Expr | undefined, scope: Scope): void {
    if (!e) return;
    switch (e.kind) {
      case 'Literal':
        return;
      case 'Path':
        this.pathRefs(e.segments, scope);
        return;
      case 'Call': {
        const name = e.callee.text;
        if (name === 'count' || name === 'age') this.emit(e.callee.span, wordSymbol('function', name));
        const src = sourceInfo(this.ws, name);
        if (src) {
          this.emit(e.callee.span, sourceSymbol(src));
          const member = e.member[0];
          const field = member && src.fields.get(member.text);
          if (member && field) this.emit(member.span, sourceFieldSymbol(src, field));
        }
        e.args.forEach((a) => this.expr(a, scope));
        return;
      }
      case 'Unary':
        this.expr(e.operand, scope);
        return;
      case 'List':
        e.items.forEach((i) => this.expr(i, scope));
        return;
      case 'In':
        this.expr(e.value, scope);
        if (e.list.kind === 'List') {
          const owner = choiceOwner(e.value, scope);
          e.list.items.forEach((i) => this.valueFor(i, owner, scope));
        } else {
          this.valueFor(e.value, choiceOwner(e.list, scope), scope);
          this.expr(e.list, scope);
        }
        return;
      case 'Binary': {
        const comparison = e.op !== 'and' && e.op !== 'or' && e.op !== '+' && e.op !== '-' && e.op !== '*' && e.op !== '/';
        if (comparison) {
          const rightOption = optionOf(choiceOwner(e.left, scope), bareName(e.right)?.text ?? '');
          if (rightOption) {
            this.expr(e.left, scope);
            this.emit(e.right.span, rightOption);
            return;
          }
          const leftOption = optionOf(choiceOwner(e.right, scope), bareName(e.left)?.text ?? '');
          if (leftOption) {
            this.emit(e.left.span, leftOption);
            this.expr(e.right, scope);
            return;
          }
        }
        this.expr(e.left, scope);
        this.expr(e.right, scope);
        return;
      }
    }
  }

  /** A value written for a slot whose options are `owner`'s: a bare name is an option first. */
  valueFor(e: A.Expr, owner: Owner | undefined, scope: Scope): void {
    const option = optionOf(owner, bareName(e)?.text ?? '');
    if (option) this.emit(e.span, option);
    else this.expr(e, scope);
  }

  // ---------------------------------------------------------------- form

  formItems(items: readonly A.FormItem[], scope: Scope, shared: boolean): void {
    for (const it of items) {
      if (it.kind === 'Field') {
        this.field(it, scope, shared);
        continue;
      }
      this.def(it.name, groupSymbol(it, this.path, shared));
      const row = withRow(scope, it);
      this.expr(it.visibleWhen, row);
      for (const f of it.fields) this.field(f, row, shared, it.name.text);
    }
  }

  field(f: A.FieldDecl, scope: Scope, shared: boolean, container?: string): void {
    this.def(f.name, fieldSymbol(f, this.path, shared, container));
    const owner = ownerFromRef(f.type, container ? `${container}.${f.name.text}` : f.name.text, f.label?.value, this.path, shared);
    this.typeRef(f.type, owner);
    for (const c of f.clauses) {
      switch (c.kind) {
        case 'Required':
        case 'Visible':
          this.expr(c.when, scope);
          break;
        case 'Min':
        case 'Max':
          this.expr(c.value, scope);
          break;
        case 'Prefill':
          this.expr(c.from, scope);
          break;
        case 'Computed':
        case 'Default':
          this.valueFor(c.value, owner, scope);
          break;
        default:
          break;
      }
    }
  }

  typeRef(ref: A.TypeRef, owner: Owner | undefined): void {
    if (ref.name.text && ref.name.text !== 'choice') this.word(ref.name, 'type');
    if (!owner) return;
    for (const o of ref.options) {
      const sym = optionOf(owner, o.name.text);
      if (sym) this.def(o.name, sym);
    }
  }

  // ---------------------------------------------------------------- declarations

  procedure(decl: A.ProcedureDecl): void {
    const file = this.path;
    this.def(decl.name, procedureSymbol(decl, file));
    const scope = procedureScope(this.ws, file, decl);
    const index = scope.procedure!;
    const transitionSym = (name: string) => {
      const decls = index.transitions.get(name);
      return decls?.length ? transitionSymbol(decl, name, decls, file) : undefined;
    };
    const stateSym = (name: string) => {
      const s = index.states.get(name);
      return s ? namedSymbol(s, file) : undefined;
    };
    const docSym = (name: string) => {
      const d = index.docs.get(name);
      return d ? namedSymbol(d, file) : undefined;
    };
    const docList = (e: A.Expr) => {
      if (e.kind !== 'List') return;
      for (const item of e.items) {
        const n = bareName(item);
        if (n) this.emit(item.span, docSym(n.text));
      }
    };

    for (const item of decl.items) {
      switch (item.kind) {
        case 'Meta':
          if (item.key === 'agency') item.names.forEach((n) => this.agencyRef(n));
          if (item.key === 'channels') item.names.forEach((n) => this.word(n, 'channel'));
          if (item.key === 'level') item.names.forEach((n) => this.word(n, 'level'));
          break;
        case 'Use': {
          const found = this.ws.resolveUse(item);
          if (found) {
            const sym = fragmentSymbol(found.decl, found.file);
            this.emit(item.name.span, sym);
            this.emit(item.path.span, sym, 'link');
          }
          break;
        }
        case 'Form':
          this.formItems(item.items, scope, false);
          break;
        case 'Documents':
          for (const d of item.docs) {
            this.def(d.name, namedSymbol(d, file));
            for (const c of d.clauses) {
              if (c.kind === 'Required' || c.kind === 'Waived') this.expr(c.when, scope);
              if (c.kind === 'Proves') c.paths.forEach((p) => this.pathRefs(p.segments, scope));
              if (c.kind === 'As') this.word(c.form, 'docForm');
            }
          }
          break;
        case 'Fee':
          this.def(item.name, namedSymbol(item, file));
          this.fee(item, scope, transitionSym);
          break;
        case 'Deadline': {
          const from = item.from;
          if (from.text === 'complete' || from.text === 'submission') this.word(from, 'deadlineStart');
          else this.emit(from.span, stateSym(from.text));
          break;
        }
        case 'Workflow':
          for (const s of item.states) {
            this.def(s.name, namedSymbol(s, file));
            for (const c of s.clauses) {
              if (c.kind === 'By') this.word(c.role, 'role');
              if (c.kind === 'At') this.agencyRef(c.agency);
            }
            for (const t of s.transitions) {
              const sym = transitionSym(t.name.text);
              if (sym) this.def(t.name, sym);
              this.emit(t.target.span, stateSym(t.target.text));
              for (const c of t.clauses) {
                switch (c.kind) {
                  case 'Requires':
                    this.expr(c.guard, scope);
                    break;
                  case 'With':
                    c.inputs.forEach((i) => this.word(i, 'input'));
                    break;
                  case 'Issue':
                    if (c.result) {
                      const r = index.results.get(c.result.text);
                      if (r) this.emit(c.result.span, namedSymbol(r, file));
                    } else this.word(c.what, 'issue');
                    break;
                  case 'Notify':
                    this.word(c.role, 'role');
                    break;
                  case 'Handover':
                    this.agencyRef(c.agency);
                    break;
                  default:
                    break;
                }
              }
            }
          }
          break;
        case 'Result':
          this.def(item.name, namedSymbol(item, file));
          for (const p of item.items) {
            if (p.kind !== 'Publish') continue;
            const target = this.pathRefs(p.target.segments, scope);
            // A bare word published into a choice field is one of its options (`= married`).
            this.valueFor(p.value, target ? ownerOfResolution(target, this.ws) : undefined, scope);
            this.expr(p.subject, scope);
          }
          break;
        case 'Scenario':
          this.def(item.name, namedSymbol(item, file));
          for (const step of item.steps) {
            if (step.kind === 'Do') step.actions.forEach((a) => this.emit(a.span, transitionSym(a.text)));
            else if (step.kind === 'Given') {
              for (const g of step.items) {
                const key = g.key.segments;
                const single = key.length === 1 ? key[0]!.text : undefined;
                if (single && (GIVEN_KEYS as readonly string[]).includes(single)) {
                  this.word(key[0], 'givenKey');
                  if (single === 'channel') this.valueFor(g.value, CHANNEL_OWNER, scope);
                  if (single === 'missing') docList(g.value);
                  continue;
                }
                const r = this.pathRefs(key, scope);
                this.valueFor(g.value, r ? ownerOfResolution(r, this.ws) : undefined, scope);
              }
            } else if (step.kind === 'Expect') {
              this.word(step.what, 'expectKind');
              const value = step.value;
              switch (step.what.text) {
                case 'fee': {
                  const n = step.subject && bareName(step.subject);
                  const fee = n && index.fees.get(n.text);
                  if (n && fee) this.emit(n.span, namedSymbol(fee, file));
                  break;
                }
                case 'documents':
                  docList(value);
                  break;
                case 'state': {
                  const n = bareName(value);
                  if (n) this.emit(n.span, stateSym(n.text));
                  break;
                }
                case 'outcome':
                  this.word(bareName(value), 'outcome');
                  break;
                case 'field': {
                  const subject = step.subject;
                  if (subject?.kind !== 'Path') break;
                  const r = this.pathRefs(subject.segments, scope);
                  this.valueFor(value, r ? ownerOfResolution(r, this.ws) : undefined, scope);
                  break;
                }
                default:
                  break;
              }
            }
          }
          break;
        default:
          break;
      }
    }
  }

  fee(fee: A.FeeDecl, scope: Scope, transitionSym: (name: string) => SymbolInfo | undefined): void {
    for (const it of fee.items) {
      switch (it.kind) {
        case 'Amount': {
          const a = it.amount;
          if (a.kind === 'Tiered') {
            this.expr(a.by, scope);
            const tierScope = withLocals(scope, new Map([['value', typeOf(a.by, scope)]]));
            for (const t of a.tiers) {
              this.expr(t.upTo, scope);
              this.tierAmount(t.amount, tierScope, a.by);
            }
          } else {
            this.expr(a.value, scope);
            if (a.kind === 'PerUnit') this.expr(a.per, scope);
          }
          this.expr(it.when, scope);
          break;
        }
        case 'Discount':
          this.expr(it.percent, scope);
          this.expr(it.when, scope);
          break;
        case 'Exempt':
          this.expr(it.when, scope);
          break;
        case 'Cap':
          this.expr(it.value, scope);
          break;
        case 'Due':
          if (!it.transition) break;
          if (it.on === 'before') this.emit(it.transition.span, transitionSym(it.transition.text));
          else this.word(it.transition, 'dueOn');
          break;
      }
    }
  }

  /** Inside a tier `value` is the tiered value: index it with the expression it stands for. */
  tierAmount(e: A.Expr, scope: Scope, by: A.Expr): void {
    const before = this.out.length;
    this.expr(e, scope);
    for (let i = before; i < this.out.length; i++) {
      const o = this.out[i]!;
      if (o.symbol.target.kind === 'local') {
        this.out[i] = { ...o, symbol: localSymbol(o.symbol.name, o.symbol.target.type, by, this.path, by.span) };
      }
    }
  }

  fragment(decl: A.FragmentDecl): void {
    this.def(decl.name, fragmentSymbol(decl, this.path));
    this.formItems(decl.fields, fragmentScope(this.ws, this.path, decl), true);
  }

  source(decl: A.SourceDecl): void {
    const info = this.ws.sources.get(decl.name.text)?.decl === decl ? sourceInfo(this.ws, decl.name.text) : undefined;
    if (info) this.def(decl.name, sourceSymbol(info));
    for (const it of decl.items) {
      if (it.kind === 'SourceKind') this.word(it.value, 'sourceKind');
      if (it.kind !== 'Key' && it.kind !== 'SourceField') continue;
      const field = info?.fields.get(it.name.text);
      if (info && field?.decl === it) this.def(it.name, sourceFieldSymbol(info, field));
      const label = it.kind === 'SourceField' ? it.label?.value : undefined;
      this.typeRef(it.type, ownerFromRef(it.type, `${decl.name.text}.${it.name.text}`, label, this.path, true));
    }
  }

  agency(decl: A.AgencyDecl): void {
    const found = this.ws.agencies.get(decl.name.text);
    if (found?.decl === decl) this.def(decl.name, agencySymbol(decl, this.path));
    for (const it of decl.items) {
      if (it.kind === 'Parent') this.agencyRef(it.parent);
      if (it.kind === 'AgencyLevel') this.word(it.level, 'agencyLevel');
      if (it.kind === 'Calendar') this.word(it.calendar, 'calendar');
    }
  }
}

function bareName(e: A.Expr): A.Ident | undefined {
  return e.kind === 'Path' && e.segments.length === 1 && e.segments[0]!.text ? e.segments[0] : undefined;
}

// Built once per workspace value and file: the studio makes a new Workspace per edit, and the
// WeakMap lets the old indexes go with it.
const indexes = new WeakMap<Workspace, Map<string, FileIndex>>();

export function fileIndex(ws: Workspace, path: string): FileIndex | undefined {
  const file = ws.file(path);
  if (!file) return undefined;
  let perFile = indexes.get(ws);
  if (!perFile) indexes.set(ws, (perFile = new Map()));
  let index = perFile.get(file.path);
  if (!index) {
    const ix = new Indexer(ws, file.path);
    for (const d of file.ast.declarations) {
      if (d.kind === 'Procedure') ix.procedure(d);
      else if (d.kind === 'Fragment') ix.fragment(d);
      else if (d.kind === 'Source') ix.source(d);
      else ix.agency(d);
    }
    const occurrences = ix.out.sort((a, b) => a.span.start - b.span.start);
    index = { path: file.path, occurrences };
    perFile.set(file.path, index);
  }
  return index;
}

/** The name at `offset` (touching its end counts, so a cursor just after a word finds it). */
export function occurrenceAt(ws: Workspace, path: string, offset: number): Occurrence | undefined {
  const index = fileIndex(ws, path);
  if (!index) return undefined;
  let touching: Occurrence | undefined;
  for (const o of index.occurrences) {
    if (o.span.start > offset) break;
    if (offset < o.span.end) return o;
    if (offset === o.span.end) touching = o;
  }
  return touching;
}

/** Every occurrence of a symbol: in its own file, or across the workspace for shared ones. */
export function occurrencesOf(ws: Workspace, symbol: SymbolInfo, fromPath: string): { path: string; occurrence: Occurrence }[] {
  const paths = symbol.shared || (symbol.def && symbol.def.path !== ws.file(fromPath)?.path) ? [...ws.files.keys()].sort() : [ws.file(fromPath)?.path ?? fromPath];
  const out: { path: string; occurrence: Occurrence }[] = [];
  for (const p of paths) {
    // Cheap filter first: a file that never spells the name cannot refer to it.
    if (!ws.files.get(p)?.text.includes(symbol.name)) continue;
    for (const o of fileIndex(ws, p)?.occurrences ?? []) if (o.symbol.key === symbol.key) out.push({ path: p, occurrence: o });
  }
  return out;
}
