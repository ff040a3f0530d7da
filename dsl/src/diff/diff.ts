// The semantic diff a reviewer reads instead of a line diff: one line per change, in plain
// Vietnamese (English available), old → new, with where it is in the new (or old) file and the
// element that encloses it. A whole element added or removed is one line, not one per property.
import type { ProcedureDecl, Span } from '../ast.ts';
import type { Localized } from '../diagnostics.ts';
import { reviewCodes } from './codes.ts';
import type { ElementKind, Fact } from './facts.ts';
import { procedureFacts } from './facts.ts';
import { impactOf } from './impact.ts';
import { valueText } from './words.ts';

export type ChangeType = 'added' | 'removed' | 'changed';

export interface SemanticChange {
  readonly type: ChangeType;
  /** The fact's key, or the element's key when the whole element was added or removed. */
  readonly key: string;
  readonly element: string;
  /** Undefined when the whole element was added or removed. */
  readonly prop?: string;
  readonly kind: ElementKind;
  /** The enclosing element as written in the file (`fee registration`): the hunk header. */
  readonly path: string;
  readonly name: Localized;
  readonly propName?: Localized;
  readonly old?: string;
  readonly new?: string;
  /** In the new file for added/changed facts, in the old file for removed ones. */
  readonly span: Span;
  readonly side: 'old' | 'new';
  readonly behavioural: boolean;
  readonly text: Localized;
}

export interface ProcedureDiff {
  readonly procedure: string;
  readonly type: ChangeType;
  readonly changes: readonly SemanticChange[];
  readonly impact: readonly Localized[];
  readonly checks: readonly ReviewFinding[];
}

export interface ReviewFinding {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly message: Localized;
}

const L = (f: (lang: 'vi' | 'en') => string): Localized => ({ vi: f('vi'), en: f('en') });
const shown = (f: Pick<Fact, 'element' | 'prop'>, v: string | undefined) => valueText(v, f);

/** "kiểu: email; bắt buộc: có" — an element's non-default properties, its label being in its name. */
function summary(facts: readonly Fact[]): Localized {
  const parts = facts.filter((f) => !f.quiet && f.prop !== 'label');
  return L((lang) => parts.map((f) => (f.propName ? `${f.propName[lang]}: ${shown(f, f.value)[lang]}` : shown(f, f.value)[lang])).join('; '));
}

/** A sub-element (a fee line, a waiver) folded into the summary of its added or removed parent. */
function summaryWithParts(facts: readonly Fact[], parts: ReadonlyArray<readonly Fact[]>): Localized {
  const own = summary(facts);
  const subs = parts.map((p) => {
    const s = summary(p);
    const name = p[0]!.name;
    const parent = facts[0]!.name;
    const short = (lang: 'vi' | 'en') => name[lang].startsWith(`${parent[lang]} — `) ? name[lang].slice(parent[lang].length + 3) : name[lang];
    return L((lang) => `${short(lang)}: ${s[lang]}`);
  });
  return L((lang) => [own[lang], ...subs.map((x) => x[lang])].filter(Boolean).join('; '));
}

/** Only the relative order of the items present on both sides counts; additions are reported as such. */
function reordered(old: readonly string[], now: readonly string[]): boolean {
  const inOld = new Set(old);
  const inNow = new Set(now);
  const a = old.filter((k) => inNow.has(k));
  const b = now.filter((k) => inOld.has(k));
  return a.some((k, i) => b[i] !== k);
}

/** "thêm: expect state processing; bỏ: …" for a list such as a scenario's steps. */
function listChange(old: readonly string[], now: readonly string[]): Localized {
  const minus = (a: readonly string[], b: readonly string[]) => {
    const rest = [...b];
    return a.filter((x) => {
      const i = rest.indexOf(x);
      if (i < 0) return true;
      rest.splice(i, 1);
      return false;
    });
  };
  const added = minus(now, old);
  const removed = minus(old, now);
  if (!added.length && !removed.length) return { vi: 'đổi thứ tự', en: 'reordered' };
  return L((lang) =>
    [
      added.length ? `${lang === 'vi' ? 'thêm' : 'added'} ${added.map((x) => `\`${x}\``).join(', ')}` : '',
      removed.length ? `${lang === 'vi' ? 'bỏ' : 'removed'} ${removed.map((x) => `\`${x}\``).join(', ')}` : '',
    ].filter(Boolean).join('; '),
  );
}

const groupBy = (facts: readonly Fact[]) => {
  const m = new Map<string, Fact[]>();
  for (const f of facts) {
    const list = m.get(f.element);
    if (list) list.push(f);
    else m.set(f.element, [f]);
  }
  return m;
};

export function diffFacts(before: readonly Fact[], after: readonly Fact[]): SemanticChange[] {
  const oldEls = groupBy(before);
  const newEls = groupBy(after);
  const changes: SemanticChange[] = [];
  /** Whole elements added (or removed) whose parent, in the same hunk, is added (or removed) too. */
  const folded = (els: Map<string, Fact[]>, other: Map<string, Fact[]>, key: string) =>
    [...els].filter(([k, fs]) => k.startsWith(`${key}/`) && !other.has(k) && fs[0]!.path === els.get(key)![0]!.path).map(([, fs]) => fs);
  const isFolded = (els: Map<string, Fact[]>, other: Map<string, Fact[]>, key: string) =>
    [...els.keys()].some((p) => key.startsWith(`${p}/`) && !other.has(p) && els.get(p)![0]!.path === els.get(key)![0]!.path);
  const main = (facts: readonly Fact[]) => facts.find((f) => f.prop === 'value')?.value;

  for (const [key, facts] of newEls) {
    const olds = oldEls.get(key);
    const first = facts[0]!;
    const base = { element: key, kind: first.kind, path: first.path, name: first.name };
    if (!olds) {
      if (isFolded(newEls, oldEls, key)) continue;
      const s = summaryWithParts(facts, folded(newEls, oldEls, key));
      const now = main(facts);
      changes.push({
        ...base, type: 'added', key, ...(now === undefined ? {} : { new: now }), span: first.elementSpan, side: 'new', behavioural: facts.some((f) => f.behavioural),
        text: L((lang) => `+ ${first.name[lang]}${s[lang] ? `: ${s[lang]}` : ''}`),
      });
      continue;
    }
    const oldByProp = new Map(olds.map((f) => [f.prop, f]));
    for (const f of facts) {
      const o = oldByProp.get(f.prop);
      // Most facts are unchanged: nothing is built for them.
      if (o && (f.order && o.order ? !reordered(o.order, f.order) : o.value === f.value)) continue;
      const what = (lang: 'vi' | 'en') => `${f.name[lang]}${f.propName ? ` — ${f.propName[lang]}` : ''}`;
      const common = { ...base, key: f.key, prop: f.prop, ...(f.propName ? { propName: f.propName } : {}), span: f.span, side: 'new' as const, behavioural: f.behavioural };
      if (!o) changes.push({ ...common, type: 'added', new: f.value, text: L((lang) => `+ ${what(lang)}: ${shown(f, f.value)[lang]}`) });
      else if (f.order && o.order ? reordered(o.order, f.order) : o.value !== f.value) {
        const items = f.items && o.items ? listChange(o.items, f.items) : undefined;
        changes.push({
          ...common, type: 'changed', old: o.value, new: f.value,
          text: L((lang) => `~ ${what(lang)}: ${items ? items[lang] : `${shown(o, o.value)[lang]} → ${shown(f, f.value)[lang]}`}`),
        });
      }
    }
    const newProps = new Set(facts.map((f) => f.prop));
    for (const o of olds) {
      if (newProps.has(o.prop) || o.order) continue;
      const what = (lang: 'vi' | 'en') => `${o.name[lang]}${o.propName ? ` — ${o.propName[lang]}` : ''}`;
      changes.push({
        ...base, key: o.key, prop: o.prop, ...(o.propName ? { propName: o.propName } : {}), type: 'removed', old: o.value, span: o.span, side: 'old', behavioural: o.behavioural,
        text: L((lang) => (lang === 'vi' ? `- ${what(lang)}: bỏ (trước: ${shown(o, o.value).vi})` : `- ${what(lang)}: removed (was ${shown(o, o.value).en})`)),
      });
    }
  }
  for (const [key, olds] of oldEls) {
    if (newEls.has(key) || isFolded(oldEls, newEls, key)) continue;
    const first = olds[0]!;
    const s = summaryWithParts(olds, folded(oldEls, newEls, key));
    const was = main(olds);
    changes.push({
      element: key, kind: first.kind, path: first.path, name: first.name, type: 'removed', key, ...(was === undefined ? {} : { old: was }), span: first.elementSpan, side: 'old',
      behavioural: olds.some((f) => f.behavioural),
      text: L((lang) => (lang === 'vi' ? `- ${first.name.vi}: bỏ${s.vi ? ` (trước: ${s.vi})` : ''}` : `- ${first.name.en}: removed${s.en ? ` (was ${s.en})` : ''}`)),
    });
  }
  return inFileOrder(changes, before, after);
}

/**
 * Changes grouped by enclosing element, in the order of the new file; an element only in the
 * old file keeps its place after the element that preceded it there.
 */
function inFileOrder(changes: readonly SemanticChange[], before: readonly Fact[], after: readonly Fact[]): SemanticChange[] {
  // Linear in the number of facts (a Set for membership): files of thousands of lines are diffed as they are typed.
  const order: string[] = [];
  const placed = new Set<string>();
  for (const f of after) if (!placed.has(f.path)) (placed.add(f.path), order.push(f.path));
  let previous: string | undefined;
  for (const f of before) {
    if (!placed.has(f.path)) {
      placed.add(f.path);
      order.splice(previous === undefined ? 0 : order.indexOf(previous) + 1, 0, f.path);
    }
    previous = f.path;
  }
  const rank = new Map(order.map((p, i) => [p, i]));
  return changes
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank.get(a.c.path)! - rank.get(b.c.path)! || a.i - b.i)
    .map(({ c }) => c);
}

const factValue = (facts: readonly Fact[], key: string) => facts.find((f) => f.key === key)?.value;
const versionOf = (facts: readonly Fact[]) => factValue(facts, 'meta:version/value');
const effectiveOf = (facts: readonly Fact[]) => factValue(facts, 'meta:effective/value');
const show = (v: string | undefined) => (v === undefined || v === '' ? '∅' : v);

// A declaration never changes: its facts are computed once (the studio diffs the saved version on every keystroke).
const factsCache = new WeakMap<ProcedureDecl, Fact[]>();
function factsOf(d: ProcedureDecl): Fact[] {
  let facts = factsCache.get(d);
  if (!facts) factsCache.set(d, (facts = procedureFacts(d)));
  return facts;
}

export function diffProcedures(before: ProcedureDecl | undefined, after: ProcedureDecl | undefined): ProcedureDiff {
  const name = (after ?? before)!.name.text;
  const oldFacts = before ? factsOf(before) : [];
  const newFacts = after ? factsOf(after) : [];
  const changes = diffFacts(oldFacts, newFacts);
  const type: ChangeType = !before ? 'added' : !after ? 'removed' : 'changed';
  const checks: ReviewFinding[] = [];
  const finding = <C extends keyof typeof reviewCodes>(code: C, args: Parameters<(typeof reviewCodes)[C]['message']>[0]) =>
    checks.push({ code, severity: reviewCodes[code].severity, message: (reviewCodes[code].message as (a: typeof args) => Localized)(args) });

  const oldVersion = versionOf(oldFacts);
  const newVersion = versionOf(newFacts);
  const bumped = Number(newVersion) > Number(oldVersion);
  const behavioural = changes.some((c) => c.behavioural);
  if (type === 'changed') {
    if (behavioural && !bumped) finding('MC9001', { name, old: show(oldVersion), new: show(newVersion) });
    if (bumped) {
      const was = effectiveOf(oldFacts);
      const now = effectiveOf(newFacts);
      const from = (v: string | undefined) => v?.slice(0, 10) ?? '';
      const problem = !now ? 'missing' : now === was ? 'unchanged' : was && from(now) <= from(was) ? 'not_later' : undefined;
      if (problem) finding('MC9002', { name, version: show(newVersion), problem, previous: show(was) });
    }
  }
  if (type === 'added' && !effectiveOf(newFacts)) finding('MC9002', { name, version: show(newVersion), problem: 'new_procedure', previous: '' });

  // For a whole procedure added or removed, one line says it all.
  const impact = type === 'changed' ? impactOf(changes, oldFacts, newFacts) : [];
  if (type === 'added')
    impact.push({ vi: `Thủ tục mới: nhận hồ sơ từ ${show(effectiveOf(newFacts))} (phiên bản ${show(newVersion)}).`, en: `New procedure: dossiers accepted from ${show(effectiveOf(newFacts))} (version ${show(newVersion)}).` });
  else if (type === 'removed')
    impact.push({ vi: 'Thủ tục bị xoá: không nhận hồ sơ mới; hồ sơ đang giải quyết tiếp tục theo phiên bản đã nộp.', en: 'Procedure removed: no new dossiers; dossiers in progress continue under the version they were submitted with.' });
  else if (behavioural && bumped)
    impact.push({
      vi: `Hồ sơ đang giải quyết giữ phiên bản ${show(oldVersion)}; phiên bản ${show(newVersion)} áp dụng cho hồ sơ nộp từ ${show(effectiveOf(newFacts))}.`,
      en: `Dossiers in progress keep version ${show(oldVersion)}; version ${show(newVersion)} applies to dossiers submitted from ${show(effectiveOf(newFacts))}.`,
    });
  else if (behavioural)
    impact.push(
      oldVersion === newVersion
        ? {
            vi: `Phiên bản vẫn là ${show(newVersion)}: hồ sơ đang giải quyết giữ phiên bản đã nộp, và thay đổi chỉ áp dụng được khi có phiên bản mới.`,
            en: `The version is still ${show(newVersion)}: dossiers in progress keep the version they were submitted with, and the change can only apply as a new version.`,
          }
        : {
            vi: `Phiên bản không tăng (${show(oldVersion)} → ${show(newVersion)}): hồ sơ đang giải quyết giữ phiên bản đã nộp, và thay đổi chỉ áp dụng được khi có phiên bản mới.`,
            en: `The version does not increase (${show(oldVersion)} → ${show(newVersion)}): dossiers in progress keep the version they were submitted with, and the change can only apply as a new version.`,
          },
    );
  else if (changes.length)
    impact.push({
      vi: 'Chỉ đổi thông tin chung, nhãn, hướng dẫn, căn cứ pháp lý hoặc kịch bản: cách giải quyết hồ sơ không đổi.',
      en: 'Only general information, labels, help texts, legal citations or scenarios change: dossiers are processed as before.',
    });
  return { procedure: name, type, changes, impact, checks };
}

/** "Không có thay đổi về nội dung" when only layout, comments or meaningless order changed. */
export function noSemanticChange(d: ProcedureDiff): boolean {
  return d.type === 'changed' && d.changes.length === 0;
}
