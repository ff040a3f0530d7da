// Completion: the keywords the grammar accepts at the cursor and the names that make sense
// there — fields and groups in expressions (a group's own fields inside it, `value` in a fee
// tier), a source's fields after `population.`, choice options after `==`/`in` on a choice,
// states after `->`, transitions after `due before`/`do`, roles after `by`, agencies after
// `agency`/`at`/`handover to`, documents in scenario lists. Works on text being typed: the
// syntax comes from the tokens (cursor.ts), the meaning of names from the last parse, and a
// procedure the parser lost is parsed again without the line being typed.
import type { ISyntacticContentAssistPath, IToken } from 'chevrotain';
import { tokenMatcher } from 'chevrotain';
import type * as A from '../ast.ts';
import {
  BUILTIN_GROUPS,
  BUILTIN_VALUES,
  FUNCTIONS,
  fragmentScope,
  procedureScope,
  resolvePath,
  sourceInfo,
  type Scope,
} from '../check/index.ts';
import { AGENCY_LEVELS, CALENDARS, DOC_FORMS, LEVELS, SOURCE_KINDS } from '../check/names.ts';
import { EXPECT_KINDS, GIVEN_KEYS, OUTCOMES } from '../check/scenarios.ts';
import { withLocals, withRow } from '../check/scope.ts';
import { UNKNOWN } from '../check/types.ts';
import { ISSUE_KINDS, ROLES, WITH_INPUTS } from '../check/workflow.ts';
import { parse } from '../syntax/parse.ts';
import { Comma, Dot, EqEq, In, keywords as K, LBracket, LParen, Name, NotEq, RBracket, RParen, Equals, StringLiteral } from '../syntax/tokens.ts';
import type { Workspace } from '../workspace.ts';
import { cursorContext, type Block, type BlockKind, type CursorContext } from './cursor.ts';
import { describe, detailOf } from './describe.ts';
import { agencySymbol, choiceOwner, entrySymbol, sourceFieldSymbol, sourceSymbol, wordSymbol, type SymbolInfo } from './symbols.ts';
import type { CompletionItem, CompletionKind, Lang, ServiceOptions } from './types.ts';
import { FILE_FORMATS, keywordDoc, type WordCategory } from './vocabulary.ts';

/** What kind of name the grammar expects, from the rule and the token occurrence it would consume. */
type NameSlot =
  | 'expr'
  | 'member'
  | 'givenKey'
  | 'givenMember'
  | 'sourcePath'
  | 'sourceMember'
  | 'state'
  | 'transition'
  | 'result'
  | 'agency'
  | 'fragment'
  | { readonly words: WordCategory }
  | { readonly literal: readonly string[]; readonly category?: WordCategory };

function nameSlot(p: ISyntacticContentAssistPath): NameSlot | undefined {
  const rule = p.ruleStack[p.ruleStack.length - 1];
  const occ = p.nextTokenOccurrence;
  const has = (r: string) => p.ruleStack.includes(r);
  switch (rule) {
    case 'pathOrCall':
      return occ === 0 ? 'expr' : 'member';
    case 'path':
      if (has('givenItem')) return occ === 0 ? 'givenKey' : 'givenMember';
      return occ === 0 ? 'sourcePath' : 'sourceMember';
    case 'transition':
      return occ === 2 ? 'state' : undefined;
    case 'state':
      return occ === 2 ? { words: 'role' } : occ === 3 ? 'agency' : undefined;
    case 'transitionClause':
      if (occ === 0 || occ === 2) return { words: 'input' };
      if (occ === 3) return 'result';
      if (occ === 4) return { literal: ISSUE_KINDS.filter((k) => k !== 'result'), category: 'issue' };
      if (occ === 5) return { words: 'role' };
      return occ === 6 ? 'agency' : undefined;
    case 'feeItem':
      return occ === 0 ? { words: 'dueOn' } : occ === 2 ? 'transition' : undefined;
    case 'deadline':
      return occ === 0 ? 'state' : undefined;
    case 'nameList':
      return p.occurrenceStack[p.occurrenceStack.length - 1] === 2 ? { words: 'channel' } : 'agency';
    case 'meta':
      return occ === 3 ? { literal: LEVELS, category: 'level' } : undefined;
    case 'use':
      return occ === 0 ? 'fragment' : undefined;
    case 'docClause':
      if (occ === 0) return { literal: DOC_FORMS, category: 'docForm' };
      if (occ === 2 || occ === 3) return { literal: FILE_FORMATS };
      return occ === 4 ? { literal: ['MB'] } : undefined;
    case 'typeRef':
      return occ === 2 ? { words: 'type' } : undefined;
    case 'scenarioStep':
      return occ === 0 || occ === 2 ? 'transition' : occ === 3 ? { literal: EXPECT_KINDS, category: 'expectKind' } : undefined;
    case 'sourceItem':
      return occ === 0 ? { literal: SOURCE_KINDS, category: 'sourceKind' } : undefined;
    case 'agency':
      if (occ === 2) return { literal: AGENCY_LEVELS, category: 'agencyLevel' };
      if (occ === 3) return { literal: CALENDARS, category: 'calendar' };
      return occ === 4 ? 'agency' : undefined;
    default:
      return undefined;
  }
}

const symbolKinds: Partial<Record<SymbolInfo['target']['kind'], CompletionKind>> = {
  field: 'field',
  group: 'group',
  fragment: 'group',
  option: 'option',
  doc: 'document',
  fee: 'fee',
  result: 'result',
  state: 'state',
  transition: 'transition',
  scenario: 'scenario',
  source: 'source',
  sourceField: 'sourceField',
  agency: 'agency',
};

const wordKinds: Partial<Record<WordCategory, CompletionKind>> = { role: 'role', channel: 'option' };

/** A template for a whole item, shown before the bare keyword it starts with. */
interface Snippet {
  readonly detail: { readonly vi: string; readonly en: string };
  readonly text: string;
}

/** Snippets offered where their keyword starts an item; VS Code / Monaco snippet syntax. */
const SNIPPETS: Partial<Record<BlockKind, Readonly<Record<string, Snippet>>>> = {
  file: {
    procedure: {
      detail: { vi: 'Mẫu: thủ tục mới', en: 'Template: a new procedure' },
      text: 'procedure ${1:ten_thu_tuc} {\n  code "${2:1.000000}"\n  version 1\n  title "${3:Tên thủ tục}"\n  agency ${4:ubnd_xa}\n\n  workflow {\n    state draft by citizen { submit -> done }\n    final done\n  }\n}',
    },
  },
  procedure: {
    form: { detail: { vi: 'Mẫu: tờ khai', en: 'Template: the form' }, text: 'form {\n  field ${1:ten} "${2:Nhãn}": ${3:text} required\n}' },
    documents: { detail: { vi: 'Mẫu: thành phần hồ sơ', en: 'Template: the documents' }, text: 'documents {\n  doc ${1:ten} "${2:Nhãn}": required\n}' },
    fee: { detail: { vi: 'Mẫu: phí, lệ phí', en: 'Template: a fee' }, text: 'fee ${1:ten} "${2:Lệ phí}" {\n  amount ${3:0} VND basis "${4:Căn cứ}"\n}' },
    deadline: { detail: { vi: 'Mẫu: thời hạn giải quyết', en: 'Template: the deadline' }, text: 'deadline ${1:7} working days from complete basis "${2:Căn cứ}"' },
    workflow: { detail: { vi: 'Mẫu: quy trình', en: 'Template: the workflow' }, text: 'workflow {\n  state draft by citizen { submit -> done }\n  final done\n}' },
    result: { detail: { vi: 'Mẫu: kết quả', en: 'Template: a result' }, text: 'result ${1:ten} "${2:Nhãn}" {\n  help "${3:Hướng dẫn}"\n}' },
    scenario: {
      detail: { vi: 'Mẫu: kịch bản kiểm thử', en: 'Template: a test scenario' },
      text: 'scenario ${1:ten} "${2:Mô tả}" {\n  given channel online\n  at ${3:2025-01-24 10:00} do ${4:submit}\n}',
    },
  },
  form: {
    field: { detail: { vi: 'Mẫu: trường', en: 'Template: a field' }, text: 'field ${1:ten} "${2:Nhãn}": ${3|text,number,money,date,boolean,personal_id,phone,email,address|} required' },
    group: { detail: { vi: 'Mẫu: nhóm trường', en: 'Template: a group of fields' }, text: 'group ${1:ten} "${2:Nhãn}" {\n  field ${3:ten} "${4:Nhãn}": text required\n}' },
  },
  group: {
    field: { detail: { vi: 'Mẫu: trường', en: 'Template: a field' }, text: 'field ${1:ten} "${2:Nhãn}": ${3|text,number,money,date,boolean,personal_id,phone,email,address|} required' },
  },
  documents: { doc: { detail: { vi: 'Mẫu: giấy tờ', en: 'Template: a document' }, text: 'doc ${1:ten} "${2:Nhãn}": required' } },
  workflow: {
    state: {
      detail: { vi: 'Mẫu: bước', en: 'Template: a step' },
      text: 'state ${1:ten} "${2:Nhãn}" by ${3|citizen,reception,specialist,leader|} {\n  ${4:chuyen} -> ${5:buoc_tiep}\n}',
    },
  },
};
SNIPPETS.fragment = SNIPPETS.form;

/** Keywords that start a value other than a name. */
const VALUE_KEYWORDS = ['not', 'true', 'false'];

class Items {
  readonly list: CompletionItem[] = [];
  private readonly seen = new Set<string>();
  constructor(readonly lang: Lang) {}
  /** The words of the language asked for. */
  w(vi: string, en: string): string {
    return this.lang === 'en' ? en : vi;
  }
  add(item: CompletionItem): void {
    const key = `${item.kind}:${item.label}`;
    if (this.seen.has(key) || !item.label) return;
    this.seen.add(key);
    this.list.push(item);
  }
}

// ------------------------------------------------------------------------------ the procedure at the cursor

interface Semantic {
  readonly decl?: A.ProcedureDecl | A.FragmentDecl;
  readonly scope?: Scope;
}

function findDecl(ast: A.SourceFile, start: number): A.ProcedureDecl | A.FragmentDecl | undefined {
  return ast.declarations.find((d): d is A.ProcedureDecl | A.FragmentDecl => (d.kind === 'Procedure' || d.kind === 'Fragment') && d.span.start === start);
}

/** The declaration around the cursor; if the parser lost it, parse again without the line being typed. */
function semantic(ws: Workspace, path: string, cx: CursorContext, offset: number): Semantic {
  const file = ws.file(path)!;
  const top = cx.blocks[1];
  if (!top || (top.kind !== 'procedure' && top.kind !== 'fragment')) return {};
  const start = cx.tokens[top.header]!.startOffset;
  let decl = findDecl(file.ast, start);
  if (!decl) {
    const lineStart = file.text.lastIndexOf('\n', offset - 1) + 1;
    const nl = file.text.indexOf('\n', offset);
    const lineEnd = nl < 0 ? file.text.length : nl;
    const blanked = file.text.slice(0, lineStart) + ' '.repeat(lineEnd - lineStart) + file.text.slice(lineEnd);
    decl = findDecl(parse(blanked).file, start);
  }
  if (!decl) return {};
  let scope = decl.kind === 'Procedure' ? procedureScope(ws, file.path, decl) : fragmentScope(ws, file.path, decl);
  const group = groupAround(cx);
  if (group) {
    const items = decl.kind === 'Procedure' ? decl.items.flatMap((i) => (i.kind === 'Form' ? i.items : [])) : decl.fields;
    const g = items.find((i): i is A.GroupDecl => i.kind === 'Group' && i.name.text === group);
    if (g) scope = withRow(scope, g);
  }
  if (cx.blocks.some((b) => b.kind === 'tiers')) scope = withLocals(scope, new Map([['value', UNKNOWN]]));
  return { decl, scope };
}

/** The group whose fields are in scope: the block we are in, or the header being written. */
function groupAround(cx: CursorContext): string | undefined {
  const inner = cx.blocks[cx.blocks.length - 1]!;
  const g = cx.blocks.find((b) => b.kind === 'group');
  if (g) return g.name;
  if (inner.kind !== 'form' && inner.kind !== 'fragment') return undefined;
  const start = itemStart(cx, inner, [K.field, K.group]);
  const t = cx.tokens[start];
  return t?.tokenType === K.group ? cx.tokens[start + 1]?.image : undefined;
}

/** Index of the last token at `block`'s own level that is one of `words` (the current item's start). */
function itemStart(cx: CursorContext, block: Block, words: readonly unknown[]): number {
  let depth = 0;
  for (let i = cx.before - 1; i > block.open; i--) {
    const t = cx.tokens[i]!;
    if (t.tokenType.name === 'RBrace') depth++;
    else if (t.tokenType.name === 'LBrace') depth--;
    else if (depth === 0 && words.includes(t.tokenType)) return i;
  }
  return -1;
}

// ------------------------------------------------------------------------------ expressions before the cursor

/** The path or call that ends just before index `end` (exclusive): `a.b`, `land(address).owner_id`. */
function operandBefore(tokens: readonly IToken[], end: number): A.Expr | undefined {
  const segs: A.Ident[] = [];
  const last = tokens[end - 1];
  const span = (start: number): A.Span => ({ start, end: last ? last.startOffset + last.image.length : start });
  let k = end - 1;
  const ident = (t: IToken): A.Ident => ({ text: t.image, span: { start: t.startOffset, end: t.startOffset + t.image.length } });
  while (k >= 0) {
    const t = tokens[k]!;
    if (tokenMatcher(t, Name)) {
      segs.unshift(ident(t));
      if (tokens[k - 1]?.tokenType === Dot) {
        k -= 2;
        continue;
      }
      return { kind: 'Path', span: span(t.startOffset), segments: segs };
    }
    if (t.tokenType === RParen) {
      let depth = 0;
      let j = k;
      for (; j >= 0; j--) {
        if (tokens[j]!.tokenType === RParen) depth++;
        else if (tokens[j]!.tokenType === LParen && --depth === 0) break;
      }
      const callee = tokens[j - 1];
      if (!callee || !tokenMatcher(callee, Name)) return undefined;
      return { kind: 'Call', span: span(callee.startOffset), callee: ident(callee), args: [], member: segs };
    }
    return undefined;
  }
  return undefined;
}

/** Index of the innermost `[` still open before `end`, or -1. */
function openBracket(tokens: readonly IToken[], end: number, stop: number): number {
  let depth = 0;
  for (let k = end - 1; k > stop; k--) {
    const t = tokens[k]!.tokenType;
    if (t === RBracket) depth++;
    else if (t === LBracket) {
      if (depth === 0) return k;
      depth--;
    } else if (t.name === 'LBrace' || t.name === 'RBrace') return -1;
  }
  return -1;
}

/** The value a bare name at the cursor would be compared with: `x ==`, `x !=`, `x in [`. */
function comparedWith(cx: CursorContext): A.Expr | undefined {
  const { tokens, before } = cx;
  const prev = tokens[before - 1];
  if (prev?.tokenType === EqEq || prev?.tokenType === NotEq) return operandBefore(tokens, before - 1);
  const open = openBracket(tokens, before, cx.blocks[cx.blocks.length - 1]!.open);
  if (open > 0 && tokens[open - 1]?.tokenType === In) {
    // Only directly inside the list: `[a, b, |`.
    for (let k = open + 1; k < before; k++) if (!tokenMatcher(tokens[k]!, Name) && tokens[k]!.tokenType !== Comma) return undefined;
    const end = tokens[open - 2]?.tokenType.name === 'Kw_not' ? open - 2 : open - 1;
    return operandBefore(tokens, end);
  }
  return undefined;
}

// ------------------------------------------------------------------------------ items

function symbolItem(out: Items, ws: Workspace, path: string, symbol: SymbolInfo, label = symbol.name): CompletionItem {
  const kind = symbol.target.kind === 'word' ? (wordKinds[symbol.target.category] ?? 'builtin') : (symbolKinds[symbol.target.kind] ?? 'builtin');
  const detail = detailOf(symbol, out.lang);
  return { label, kind, ...(detail ? { detail } : {}), documentation: describe(ws, symbol, path, out.lang) };
}

function words(out: Items, ws: Workspace, path: string, category: WordCategory, list: readonly string[]): void {
  for (const w of list) out.add(symbolItem(out, ws, path, wordSymbol(category, w)));
}

function addScopeNames(out: Items, ws: Workspace, path: string, scope: Scope, opts: { sources: boolean; builtins: boolean }): void {
  for (const name of scope.locals?.keys() ?? []) out.add({ label: name, kind: 'builtin', detail: out.w('Giá trị tính bậc (trong một bậc phí)', 'The value tiers are counted on (in a fee tier)') });
  for (const e of scope.row?.members?.values() ?? []) {
    const s = entrySymbol(ws, e);
    if (s) out.add(symbolItem(out, ws, path, s));
  }
  for (const e of scope.names.values()) {
    const s = entrySymbol(ws, e);
    if (s) out.add(symbolItem(out, ws, path, s, e.name));
  }
  if (opts.sources) for (const name of ws.sources.keys()) out.add(symbolItem(out, ws, path, sourceSymbol(sourceInfo(ws, name)!)));
  if (!opts.builtins) return;
  words(out, ws, path, 'value', [...BUILTIN_VALUES.keys()]);
  words(out, ws, path, 'group', [...BUILTIN_GROUPS.keys()]);
  for (const f of FUNCTIONS) out.add({ ...symbolItem(out, ws, path, wordSymbol('function', f)), insertText: `${f}(` });
}

function addMembers(out: Items, ws: Workspace, path: string, scope: Scope, operand: A.Expr | undefined, fieldsOnly: boolean): void {
  if (!operand) return;
  if (operand.kind === 'Call') {
    const src = sourceInfo(ws, operand.callee.text);
    if (src && !operand.member.length) for (const f of src.fields.values()) if (!f.key) out.add(symbolItem(out, ws, path, sourceFieldSymbol(src, f)));
    return;
  }
  if (operand.kind !== 'Path') return;
  const r = resolvePath(operand.segments, scope);
  if (r.kind === 'group') {
    for (const e of r.entry.members?.values() ?? []) {
      const s = entrySymbol(ws, e);
      if (s) out.add(symbolItem(out, ws, path, s, e.name));
    }
  } else if (r.kind === 'source' && !fieldsOnly) {
    for (const f of r.source.fields.values()) out.add(symbolItem(out, ws, path, sourceFieldSymbol(r.source, f)));
  } else if (r.kind === 'builtinGroup' && !fieldsOnly) {
    for (const m of BUILTIN_GROUPS.get(r.name)?.keys() ?? []) out.add(symbolItem(out, ws, path, wordSymbol('value', `${r.name}.${m}`), m));
  }
}

function addOptions(out: Items, ws: Workspace, path: string, scope: Scope, compared: A.Expr | undefined): boolean {
  if (!compared) return false;
  const owner = choiceOwner(compared, scope);
  if (!owner) return false;
  for (const o of owner.options) {
    if (typeof o === 'string') out.add(symbolItem(out, ws, path, wordSymbol('channel', o)));
    else out.add({ label: o.name.text, kind: 'option', ...labelDetail(out, o), documentation: `${out.w('Phương án của', 'An option of')} ${'`'}${owner.name}${'`'}${owner.label ? ` (${owner.label})` : ''}` });
  }
  return owner.options.length > 0;
}

type Labelled = { readonly label?: A.StringLit | undefined; readonly labelEn?: A.StringLit | undefined };

/** `{ detail }`: the label, its English text when completing in English and one is written. */
function labelDetail(out: Items, x: Labelled): { detail?: string } {
  const text = out.lang === 'en' && x.labelEn ? x.labelEn : x.label;
  return text ? { detail: text.value } : {};
}

function procedureParts(out: Items, ws: Workspace, path: string, decl: A.ProcedureDecl | A.FragmentDecl | undefined, what: 'state' | 'transition' | 'result' | 'doc' | 'fee'): void {
  if (decl?.kind !== 'Procedure') return;
  const index = procedureScope(ws, path, decl).procedure!;
  const add = (name: string, kind: CompletionKind, labelled: Labelled) => out.add({ label: name, kind, ...labelDetail(out, labelled) });
  if (what === 'state') for (const s of index.states.values()) add(s.name.text, 'state', s);
  if (what === 'transition') for (const [name, list] of index.transitions) add(name, 'transition', list[0]!.transition);
  if (what === 'result') for (const r of index.results.values()) add(r.name.text, 'result', r);
  if (what === 'doc') for (const d of index.docs.values()) add(d.name.text, 'document', d);
  if (what === 'fee') for (const f of index.fees.values()) add(f.name.text, 'fee', f);
}

/** In a scenario: `expect KIND …` or `given KEY …` before the cursor. */
function scenarioStep(cx: CursorContext): { kind: 'expect'; what: string; afterEquals: boolean; subject?: A.Expr } | { kind: 'given'; key?: A.Expr; inList: boolean } | undefined {
  const block = cx.blocks[cx.blocks.length - 1]!;
  if (block.kind !== 'scenario') return undefined;
  const start = itemStart(cx, block, [K.given, K.expect, K.at]);
  const first = cx.tokens[start];
  if (!first) return undefined;
  if (first.tokenType === K.expect) {
    const what = cx.tokens[start + 1];
    if (!what || start + 1 >= cx.before) return undefined;
    let eq = -1;
    for (let k = start + 2; k < cx.before; k++) if (cx.tokens[k]!.tokenType === Equals) eq = k;
    const subject = eq > 0 ? operandBefore(cx.tokens, eq) : undefined;
    return { kind: 'expect', what: what.image, afterEquals: eq > 0, ...(subject ? { subject } : {}) };
  }
  if (first.tokenType !== K.given) return undefined;
  const open = openBracket(cx.tokens, cx.before, start);
  const end = open > 0 ? open : cx.before;
  const key = operandBefore(cx.tokens, end);
  const keyStart = key ? cx.tokens.findIndex((t) => t.startOffset === key.span.start) : -1;
  const beforeKey = cx.tokens[keyStart - 1];
  // The key is the path right after `given` or `,`; anything else means the value is not begun.
  const isKey = key && beforeKey && (beforeKey.tokenType === K.given || beforeKey.tokenType === Comma) && keyStart < end;
  return { kind: 'given', ...(isKey ? { key } : {}), inList: open > 0 };
}

/**
 * Names at the start of an expression. In a scenario's `expect state|outcome|documents|fee`
 * and `given channel|missing` only those names fit: returns true, and the caller leaves out
 * the keywords that start other values (`not`, `true`, `false`).
 */
function addExpressionNames(out: Items, ws: Workspace, path: string, cx: CursorContext, sem: Semantic): boolean {
  const scope = sem.scope;
  if (!scope) return false;
  const step = scenarioStep(cx);
  if (step?.kind === 'expect') {
    const part = ({ state: 'state', documents: 'doc', fee: 'fee' } as const)[step.what as 'state' | 'documents' | 'fee'];
    if (part) {
      if (!(part === 'fee' && step.afterEquals)) procedureParts(out, ws, path, sem.decl, part);
      return true;
    }
    if (step.what === 'outcome') {
      words(out, ws, path, 'outcome', OUTCOMES);
      return true;
    }
    if (step.what === 'field') {
      if (step.afterEquals) addOptions(out, ws, path, scope, step.subject);
      else addScopeNames(out, ws, path, scope, { sources: false, builtins: false });
    }
    return false;
  }
  if (step?.kind === 'given') {
    const key = step.key?.kind === 'Path' ? step.key.segments.map((s) => s.text).join('.') : undefined;
    if (key === 'channel') return (words(out, ws, path, 'channel', ['online', 'in_person', 'postal']), true);
    if (key === 'missing') {
      if (step.inList) procedureParts(out, ws, path, sem.decl, 'doc');
      return true;
    }
    if (key !== 'citizen' && key !== 'paid' && step.key) addOptions(out, ws, path, scope, step.key);
    return false;
  }
  // Options of a choice first when comparing with one; any other name may still be compared.
  addOptions(out, ws, path, scope, comparedWith(cx));
  addScopeNames(out, ws, path, scope, { sources: true, builtins: true });
  return false;
}

/** Adds the names that fit `slot`; true when nothing but those names fits there. */
function addNames(out: Items, ws: Workspace, path: string, cx: CursorContext, sem: Semantic, slot: NameSlot): boolean | void {
  if (typeof slot === 'object') {
    if ('words' in slot) return words(out, ws, path, slot.words, wordsFor(slot.words));
    for (const w of slot.literal) out.add(slot.category ? symbolItem(out, ws, path, wordSymbol(slot.category, w)) : { label: w, kind: 'builtin' });
    return;
  }
  switch (slot) {
    case 'expr':
      return addExpressionNames(out, ws, path, cx, sem);
    case 'member':
      if (sem.scope) addMembers(out, ws, path, sem.scope, operandBefore(cx.tokens, cx.before - 1), false);
      return;
    case 'givenKey':
      words(out, ws, path, 'givenKey', GIVEN_KEYS);
      if (sem.scope) addScopeNames(out, ws, path, sem.scope, { sources: false, builtins: false });
      return;
    case 'givenMember':
      if (sem.scope) addMembers(out, ws, path, sem.scope, operandBefore(cx.tokens, cx.before - 1), true);
      return;
    case 'sourcePath': {
      // `publish` writes only to a results store; `proves` names data read for the applicant.
      const publish = cx.paths.some((p) => p.ruleStack.includes('result'));
      for (const name of ws.sources.keys()) {
        const info = sourceInfo(ws, name)!;
        const fits = publish ? info.kind === 'results' : info.keyType?.kind === 'personal_id';
        if (fits) out.add(symbolItem(out, ws, path, sourceSymbol(info)));
      }
      return;
    }
    case 'sourceMember': {
      const operand = operandBefore(cx.tokens, cx.before - 1);
      const info = operand?.kind === 'Path' && operand.segments.length === 1 ? sourceInfo(ws, operand.segments[0]!.text) : undefined;
      if (info) for (const f of info.fields.values()) if (!f.key) out.add(symbolItem(out, ws, path, sourceFieldSymbol(info, f)));
      return;
    }
    case 'state': {
      const deadline = cx.paths.some((p) => p.ruleStack[p.ruleStack.length - 1] === 'deadline');
      if (deadline) words(out, ws, path, 'deadlineStart', ['complete', 'submission']);
      return procedureParts(out, ws, path, sem.decl, 'state');
    }
    case 'transition':
    case 'result':
      return procedureParts(out, ws, path, sem.decl, slot);
    case 'agency':
      for (const a of ws.agencies.values()) out.add(symbolItem(out, ws, path, agencySymbol(a.decl, a.file)));
      return;
    case 'fragment':
      for (const f of ws.files.values())
        for (const d of f.ast.declarations)
          if (d.kind === 'Fragment' && d.name.text) {
            out.add({
              label: d.name.text,
              kind: 'group',
              detail: `${d.label?.value ?? out.w('Khối dùng chung', 'Shared fragment')} · ${f.path}`,
              insertText: `${d.name.text} from ${JSON.stringify(f.path)}`,
            });
          }
      return;
  }
}

function wordsFor(category: WordCategory): readonly string[] {
  switch (category) {
    case 'role':
      return ROLES;
    case 'input':
      return WITH_INPUTS;
    case 'dueOn':
      return ['submit', 'result'];
    case 'channel':
      return ['online', 'in_person', 'postal'];
    case 'type':
      return ['text', 'number', 'money', 'date', 'boolean', 'personal_id', 'phone', 'email', 'address'];
    default:
      return [];
  }
}

export function complete(ws: Workspace, path: string, offset: number, options: ServiceOptions = {}): CompletionItem[] {
  const file = ws.file(path);
  if (!file) return [];
  const cx = cursorContext(file, Math.max(0, Math.min(offset, file.text.length)));
  if (!cx || !cx.paths.length) return [];
  const out = new Items(options.lang ?? 'vi');
  const sem = semantic(ws, path, cx, offset);
  const block = cx.blocks[cx.blocks.length - 1]!;
  const keywords = new Set<string>();
  const slots: NameSlot[] = [];
  for (const p of cx.paths) {
    const t = p.nextTokenType;
    if (t.name.startsWith('Kw_')) keywords.add(t.name.slice(3));
    else if (t === Name) {
      const slot = nameSlot(p);
      if (slot && !slots.some((s) => JSON.stringify(s) === JSON.stringify(slot))) slots.push(slot);
    }
  }
  // `en "…"` follows a Vietnamese text; the grammar also reads it without one, only to report it.
  const previous = cx.tokens[cx.before - 1];
  if (!previous || !tokenMatcher(previous, StringLiteral)) keywords.delete('en');
  let namesOnly = false;
  for (const slot of slots) if (addNames(out, ws, path, cx, sem, slot)) namesOnly = true;
  if (namesOnly) for (const k of VALUE_KEYWORDS) keywords.delete(k);
  // A keyword that starts a snippet is offered twice: the snippet (labelled `procedure …`) sorts
  // first, so that accepting the first match writes the whole item, not the bare word.
  const snippets = Object.entries(SNIPPETS[block.kind] ?? {}).filter(([k]) => keywords.has(k));
  const snippetOf = new Map(snippets);
  for (const [k, s] of snippets) out.add({ label: `${k} …`, kind: 'snippet', detail: s.detail[out.lang], insertText: s.text, sortText: k });
  for (const k of keywords) {
    const doc = keywordDoc(k, out.lang);
    const detail = doc && snippetOf.has(k) ? `${out.w('Từ khóa', 'Keyword')} — ${doc}` : doc;
    out.add({ label: k, kind: 'keyword', ...(detail ? { detail } : {}), ...(snippetOf.has(k) ? { sortText: `${k} ` } : {}) });
  }
  return out.list;
}
