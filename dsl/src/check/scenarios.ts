// Scenarios refer only to things that exist: inputs the engine understands, form fields,
// transitions, documents, fees and states of this procedure, with values of the right type.
import type * as A from '../ast.ts';
import { closest, type Localized } from '../diagnostics.ts';
import { renameFix, report } from './catalog.ts';
import { quote } from './expr.ts';
import { reportDuplicates, WHAT, type FileCx } from './names.ts';
import { allFields, CHANNELS, resolvePath, type Scope } from './scope.ts';
import { assignable, isNumberLiteral, isTextLiteral, literalType, typeLabel, type Type } from './types.ts';

export const GIVEN_KEYS = ['channel', 'citizen', 'missing', 'paid'] as const;
export const EXPECT_KINDS = ['fee', 'documents', 'due', 'state', 'outcome', 'field'] as const;
export const OUTCOMES = ['early', 'on_time', 'late'] as const;

const bare = (e: A.Expr): A.Ident | undefined =>
  e.kind === 'Path' && e.segments.length === 1 && e.segments[0]!.text ? e.segments[0] : undefined;

const pathText = (p: A.PathExpr) => p.segments.map((s) => s.text).join('.');

const EXPECTED = {
  channel: { vi: '`online`, `in_person` hoặc `postal`', en: '`online`, `in_person` or `postal`' },
  citizen: { vi: 'số định danh 12 chữ số trong dấu ngoặc kép, ví dụ `"001099012345"`', en: 'a 12-digit personal id in quotes, e.g. `"001099012345"`' },
  missing: { vi: 'danh sách mã giấy tờ, ví dụ `[ct01]`', en: 'a list of document ids, e.g. `[ct01]`' },
  paid: { vi: '`true` hoặc `false`', en: '`true` or `false`' },
  money: { vi: 'số tiền, ví dụ `10_000 VND`', en: 'an amount, e.g. `10_000 VND`' },
  due: { vi: 'thời điểm, ví dụ `2025-02-11 10:00`', en: 'a date and time, e.g. `2025-02-11 10:00`' },
  state: { vi: 'tên một bước của quy trình', en: 'the name of a workflow state' },
  outcome: { vi: '`early`, `on_time` hoặc `late`', en: '`early`, `on_time` or `late`' },
  field: { vi: 'một trường và giá trị, ví dụ `applicant.full_name = "Nguyễn Văn A"`', en: 'a field and a value, e.g. `applicant.full_name = "Nguyễn Văn A"`' },
} satisfies Record<string, Localized>;

/** Does a written value fit a field of type `target`? Choice values are bare option names. */
function valueFits(value: A.Expr, target: Type): { ok: boolean; suggestion?: string } {
  const name = bare(value);
  const element = target.kind === 'list' ? target.of : target;
  if (element.kind === 'unknown') return { ok: true };
  if (element.kind === 'choice') {
    if (!name) return { ok: false };
    return element.options.includes(name.text) ? { ok: true } : { ok: false, ...optional(closest(name.text, element.options)) };
  }
  if (value.kind === 'Literal') {
    const literal = { text: isTextLiteral(value), number: isNumberLiteral(value) };
    return { ok: assignable(literalType(value.literal), element, literal) };
  }
  if (value.kind === 'Unary' && isNumberLiteral(value)) return { ok: assignable(literalType({ type: 'number', value: 0 }), element, { number: true }) };
  return { ok: false };
}

const optional = (s: string | undefined) => (s ? { suggestion: s } : {});

function checkDocList(cx: FileCx, value: A.Expr, scope: Scope, what: () => void): void {
  if (value.kind !== 'List') return what();
  const docs = scope.procedure!.docs;
  for (const item of value.items) {
    const n = bare(item);
    if (!n) {
      if (item.kind === 'Path' && !item.segments.length) continue;
      return what();
    }
    if (docs.has(n.text)) continue;
    const suggestion = closest(n.text, docs.keys());
    report(cx.out, 'MC8004', n.span, { name: n.text, suggestion }, renameFix(n.span, suggestion));
  }
}

function checkGiven(cx: FileCx, item: A.GivenItem, scope: Scope): void {
  const key = item.key;
  if (!key.segments.length || key.segments.some((s) => !s.text)) return;
  const k = pathText(key);
  const value = item.value;
  if (value.kind === 'Path' && !value.segments.length) return;
  const wrong = (expected: Localized, suggestion?: string) => {
    const fix = suggestion ? renameFix(value.span, suggestion) : [];
    report(cx.out, 'MC8002', value.span, { key: k, text: quote(cx.file.text, value.span), expected, suggestion }, fix);
  };
  switch (k) {
    case 'channel': {
      const n = bare(value);
      if (!n || !(CHANNELS as readonly string[]).includes(n.text)) wrong(EXPECTED.channel, n ? closest(n.text, CHANNELS) : undefined);
      return;
    }
    case 'citizen':
      if (!(value.kind === 'Literal' && value.literal.type === 'text' && /^\d{12}$/.test(value.literal.value))) wrong(EXPECTED.citizen);
      return;
    case 'missing':
      checkDocList(cx, value, scope, () => wrong(EXPECTED.missing));
      return;
    case 'paid':
      if (!(value.kind === 'Literal' && value.literal.type === 'boolean')) wrong(EXPECTED.paid);
      return;
  }
  const r = resolvePath(key.segments, scope);
  if (r.kind === 'opaque') return;
  if (r.kind !== 'field') {
    const suggestion = closest(k, [...GIVEN_KEYS, ...allFields(scope).map((f) => f.path)]);
    report(cx.out, 'MC8001', key.span, { name: k, suggestion }, renameFix(key.span, suggestion));
    return;
  }
  const fit = valueFits(value, r.type);
  if (!fit.ok) wrong(typeLabel(r.type.kind === 'list' ? r.type.of : r.type), fit.suggestion);
}

function checkExpect(cx: FileCx, step: Extract<A.ScenarioStep, { kind: 'Expect' }>, scope: Scope): void {
  const what = step.what.text;
  if (!what) return;
  const index = scope.procedure!;
  const value = step.value;
  if (value.kind === 'Path' && !value.segments.length) return;
  const wrong = (expected: Localized) =>
    report(cx.out, 'MC8009', value.span, { what, text: quote(cx.file.text, value.span), expected });
  const name = bare(value);
  switch (what) {
    case 'fee': {
      if (step.subject) {
        const fee = bare(step.subject);
        if (fee && !index.fees.has(fee.text)) {
          const suggestion = closest(fee.text, index.fees.keys());
          report(cx.out, 'MC8005', fee.span, { name: fee.text, suggestion }, renameFix(fee.span, suggestion));
        }
      }
      const isMoney = value.kind === 'Literal' && (value.literal.type === 'money' || (value.literal.type === 'number' && value.literal.value === 0));
      if (!isMoney) wrong(EXPECTED.money);
      return;
    }
    case 'documents':
      checkDocList(cx, value, scope, () => wrong(EXPECTED.missing));
      return;
    case 'due':
      if (!(value.kind === 'Literal' && (value.literal.type === 'datetime' || value.literal.type === 'date'))) wrong(EXPECTED.due);
      return;
    case 'state':
      if (!name) return wrong(EXPECTED.state);
      if (!index.states.has(name.text)) {
        const suggestion = closest(name.text, index.states.keys());
        report(cx.out, 'MC8006', name.span, { name: name.text, suggestion }, renameFix(name.span, suggestion));
      }
      return;
    case 'outcome':
      if (!name) return wrong(EXPECTED.outcome);
      if (!(OUTCOMES as readonly string[]).includes(name.text)) {
        const suggestion = closest(name.text, OUTCOMES);
        report(cx.out, 'MC8007', name.span, { name: name.text, suggestion }, renameFix(name.span, suggestion));
      }
      return;
    case 'field': {
      const subject = step.subject;
      if (!subject || subject.kind !== 'Path') return wrong(EXPECTED.field);
      if (!subject.segments.length || subject.segments.some((s) => !s.text)) return;
      const r = resolvePath(subject.segments, scope);
      if (r.kind === 'opaque') return;
      if (r.kind !== 'field') {
        const k = pathText(subject);
        const suggestion = closest(k, allFields(scope).map((f) => f.path));
        report(cx.out, 'MC8001', subject.span, { name: k, suggestion }, renameFix(subject.span, suggestion));
        return;
      }
      if (!valueFits(value, r.type).ok) wrong(typeLabel(r.type));
      return;
    }
    default: {
      const suggestion = closest(what, EXPECT_KINDS);
      report(cx.out, 'MC8008', step.what.span, { name: what, suggestion }, renameFix(step.what.span, suggestion));
    }
  }
}

/** `at T extend to NEW "lý do"`: the new date comes after the letter, and the letter says why. */
function checkExtend(cx: FileCx, step: Extract<A.ScenarioStep, { kind: 'Extend' }>): void {
  const { at, to, reason } = step;
  // `YYYY-MM-DDTHH:mm` strings of one zone order like the times they name.
  if (at.value && to.value && to.value <= at.value) {
    report(cx.out, 'MC8010', to.span, { at: at.value.replace('T', ' '), to: to.value.replace('T', ' ') });
  }
  if (!reason.value.trim() && reason.span.end > reason.span.start) report(cx.out, 'MC8011', reason.span, {});
}

export function checkScenarios(cx: FileCx, decl: A.ProcedureDecl, scope: Scope): void {
  const scenarios = decl.items.filter((i): i is A.ScenarioDecl => i.kind === 'Scenario');
  reportDuplicates(cx, WHAT.scenario, scenarios.map((s) => s.name));
  const index = scope.procedure!;
  for (const s of scenarios) {
    for (const step of s.steps) {
      if (step.kind === 'Given') step.items.forEach((i) => checkGiven(cx, i, scope));
      else if (step.kind === 'Expect') checkExpect(cx, step, scope);
      else if (step.kind === 'Extend') checkExtend(cx, step);
      else {
        for (const a of step.actions) {
          if (!a.text || index.transitions.has(a.text)) continue;
          const suggestion = closest(a.text, index.transitions.keys());
          report(cx.out, 'MC8003', a.span, { name: a.text, suggestion }, renameFix(a.span, suggestion));
        }
      }
    }
  }
}
