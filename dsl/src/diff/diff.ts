// The semantic diff a reviewer reads instead of a line diff: one line per changed fact, in
// plain Vietnamese (English available), old → new, with where it is in the new (or old) file.
import type { ProcedureDecl, Span } from '../ast.ts';
import type { Localized } from '../diagnostics.ts';
import { procedureFacts, type ElementKind, type Fact } from './facts.ts';

export type ChangeType = 'added' | 'removed' | 'changed';

export interface SemanticChange {
  readonly type: ChangeType;
  readonly key: string;
  readonly kind: ElementKind;
  readonly element: Localized;
  readonly old?: string;
  readonly new?: string;
  /** In the new file for added/changed facts, in the old file for removed ones. */
  readonly span: Span;
  readonly side: 'old' | 'new';
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

const show = (v: string | undefined) => (v === undefined || v === '' ? '∅' : v);

function describe(type: ChangeType, el: Localized, old?: string, now?: string): Localized {
  if (type === 'added') return { vi: `+ ${el.vi}: ${show(now)}`, en: `+ ${el.en}: ${show(now)}` };
  if (type === 'removed') return { vi: `- ${el.vi}: bỏ (trước: ${show(old)})`, en: `- ${el.en}: removed (was ${show(old)})` };
  return { vi: `~ ${el.vi}: ${show(old)} → ${show(now)}`, en: `~ ${el.en}: ${show(old)} → ${show(now)}` };
}

export function diffFacts(before: readonly Fact[], after: readonly Fact[]): SemanticChange[] {
  const old = new Map(before.map((f) => [f.key, f]));
  const now = new Map(after.map((f) => [f.key, f]));
  const changes: SemanticChange[] = [];
  for (const f of after) {
    const o = old.get(f.key);
    if (!o) changes.push({ type: 'added', key: f.key, kind: f.kind, element: f.element, new: f.value, span: f.span, side: 'new', text: describe('added', f.element, undefined, f.value) });
    else if (o.value !== f.value)
      changes.push({ type: 'changed', key: f.key, kind: f.kind, element: f.element, old: o.value, new: f.value, span: f.span, side: 'new', text: describe('changed', f.element, o.value, f.value) });
  }
  for (const o of before) {
    if (!now.has(o.key))
      changes.push({ type: 'removed', key: o.key, kind: o.kind, element: o.element, old: o.value, span: o.span, side: 'old', text: describe('removed', o.element, o.value) });
  }
  return changes;
}

const moneyValue = (v: string | undefined): number | undefined => {
  const m = v ? /^([\d_]+)\s*(?:VND|₫)/.exec(v) : null;
  return m ? Number(m[1]!.replace(/_/g, '')) : undefined;
};

/** What a reviewer must know about who is affected. */
function impactOf(changes: readonly SemanticChange[]): Localized[] {
  const out: Localized[] = [];
  for (const c of changes) {
    const condition = /\[(.*)\]$/.exec(c.key)?.[1] ?? '';
    const who = condition ? { vi: `người nộp khi ${condition}`, en: `applicants when ${condition}` } : { vi: 'mọi người nộp', en: 'all applicants' };
    if (c.key.includes('/amount[')) {
      const a = moneyValue(c.old);
      const b = moneyValue(c.new);
      if (a !== undefined && b !== undefined && a !== b)
        out.push(b < a ? { vi: `${who.vi} trả ít hơn (${a} → ${b} đồng)`, en: `${who.en} pay less (${a} → ${b} đồng)` } : { vi: `${who.vi} trả nhiều hơn (${a} → ${b} đồng)`, en: `${who.en} pay more (${a} → ${b} đồng)` });
    }
    if (c.kind === 'document' && c.key.endsWith('/required')) {
      const name = c.key.slice(4, -'/required'.length);
      if (c.new && c.new !== 'false') out.push({ vi: `giấy tờ \`${name}\` nay bắt buộc${c.new === 'true' ? '' : ` ${c.new.replace(/^when/, 'khi')}`}`, en: `document \`${name}\` is now required${c.new === 'true' ? '' : ` ${c.new}`}` });
      else if (c.type !== 'added') out.push({ vi: `giấy tờ \`${name}\` không còn bắt buộc`, en: `document \`${name}\` is no longer required` });
    }
    if (c.key.includes('/waived[')) {
      const name = c.key.slice(4, c.key.indexOf('/'));
      out.push(c.type === 'removed' ? { vi: `giấy tờ \`${name}\` không còn được miễn khi ${condition}`, en: `document \`${name}\` is no longer waived when ${condition}` } : { vi: `giấy tờ \`${name}\` được miễn khi ${condition}`, en: `document \`${name}\` is waived when ${condition}` });
    }
    if (c.key === 'deadline') out.push({ vi: `thời hạn giải quyết: ${show(c.old)} → ${show(c.new)}`, en: `processing deadline: ${show(c.old)} → ${show(c.new)}` });
    if (c.kind === 'field' && c.key.endsWith('/required') && c.new === 'true' && c.type === 'added')
      out.push({ vi: `người nộp phải khai thêm trường \`${c.key.slice(6, -9)}\``, en: `applicants must fill in the new field \`${c.key.slice(6, -9)}\`` });
  }
  return out;
}

/** Facts whose change alters what a dossier experiences (everything but labels, help and scenarios). */
const behavioural = (c: SemanticChange) =>
  c.kind !== 'scenario' && !c.key.endsWith('/label') && !c.key.endsWith('/help') && !c.key.startsWith('meta/');

export function diffProcedures(before: ProcedureDecl | undefined, after: ProcedureDecl | undefined): ProcedureDiff {
  const name = (after ?? before)!.name.text;
  const oldFacts = before ? procedureFacts(before) : [];
  const newFacts = after ? procedureFacts(after) : [];
  const changes = diffFacts(oldFacts, newFacts);
  const type: ChangeType = !before ? 'added' : !after ? 'removed' : 'changed';
  const checks: ReviewFinding[] = [];
  const versionOf = (facts: readonly Fact[]) => facts.find((f) => f.key === 'meta/version')?.value;
  const effectiveOf = (facts: readonly Fact[]) => facts.find((f) => f.key === 'meta/effective')?.value;
  if (type === 'changed') {
    const bumped = versionOf(oldFacts) !== versionOf(newFacts);
    if (!bumped && changes.some(behavioural))
      checks.push({
        code: 'MC9001',
        severity: 'error',
        message: {
          vi: `Thủ tục \`${name}\` thay đổi cách giải quyết hồ sơ nhưng không tăng phiên bản (version ${show(versionOf(newFacts))}).`,
          en: `Procedure \`${name}\` changes behaviour without a version bump (version ${show(versionOf(newFacts))}).`,
        },
      });
    if (bumped && (!effectiveOf(newFacts) || effectiveOf(newFacts) === effectiveOf(oldFacts)))
      checks.push({
        code: 'MC9002',
        severity: 'error',
        message: {
          vi: `Phiên bản mới ${show(versionOf(newFacts))} của \`${name}\` chưa có ngày hiệu lực mới (effective).`,
          en: `New version ${show(versionOf(newFacts))} of \`${name}\` has no new effective date.`,
        },
      });
  }
  if (type === 'added' && !effectiveOf(newFacts))
    checks.push({ code: 'MC9002', severity: 'error', message: { vi: `Thủ tục mới \`${name}\` chưa có ngày hiệu lực (effective).`, en: `New procedure \`${name}\` has no effective date.` } });
  const impact = impactOf(changes);
  if (type === 'changed' && changes.some(behavioural))
    impact.push({
      vi: `Hồ sơ đang giải quyết giữ phiên bản ${show(versionOf(oldFacts))}; phiên bản ${show(versionOf(newFacts))} áp dụng cho hồ sơ nộp từ ${show(effectiveOf(newFacts))}.`,
      en: `Dossiers in progress keep version ${show(versionOf(oldFacts))}; version ${show(versionOf(newFacts))} applies to dossiers submitted from ${show(effectiveOf(newFacts))}.`,
    });
  return { procedure: name, type, changes, impact, checks };
}

/** "Không có thay đổi về nội dung" when only layout, comments or meaningless order changed. */
export function noSemanticChange(d: ProcedureDiff): boolean {
  return d.type === 'changed' && d.changes.length === 0;
}
