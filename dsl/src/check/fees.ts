// Fees: amounts are money, tiers increase, discounts are percentages, every condition can
// hold and every amount line can apply, exemptions cite their legal basis, and the fee is
// due before a transition that exists.
import type * as A from '../ast.ts';
import { closest } from '../diagnostics.ts';
import { renameFix, report } from './catalog.ts';
import { checkCondition, checkExpr, quote } from './expr.ts';
import { checkWord, reportDuplicates, WHAT, type FileCx } from './names.ts';
import { neverHolds } from './never-holds.ts';
import { withLocals, type Scope } from './scope.ts';
import { typeLabel, type Type } from './types.ts';

function expectMoney(cx: FileCx, e: A.Expr, clause: string, scope: Scope): void {
  const t = checkExpr(e, scope, cx.out);
  if (t.kind !== 'money' && t.kind !== 'unknown') {
    report(cx.out, 'MC3002', e.span, { clause, found: typeLabel(t), text: quote(cx.file.text, e.span) });
  }
}

function condition(cx: FileCx, when: A.Expr | undefined, clause: string, scope: Scope): void {
  if (!when) return;
  checkCondition(when, clause, scope, cx.out);
  const why = neverHolds(when, scope, cx.file.text);
  if (why) report(cx.out, 'MC7001', when.span, { text: quote(cx.file.text, when.span), why });
}

/** Literal value of a tier bound, for ordering (`100`, `500_000_000 VND`). */
function boundValue(e: A.Expr): number | undefined {
  return e.kind === 'Literal' && typeof e.literal.value === 'number' ? e.literal.value : undefined;
}

function checkTiers(cx: FileCx, a: Extract<A.FeeAmount, { kind: 'Tiered' }>, scope: Scope): void {
  const by = checkExpr(a.by, scope, cx.out);
  const tierScope = withLocals(scope, new Map<string, Type>([['value', by]]));
  let previous: { tier: A.Tier; value: number | undefined } | undefined;
  for (const tier of a.tiers) {
    if (tier.upTo) {
      const t = checkExpr(tier.upTo, scope, cx.out);
      if (t.kind !== 'unknown' && by.kind !== 'unknown' && (t.kind !== by.kind || (t.kind !== 'number' && t.kind !== 'money'))) {
        report(cx.out, 'MC3003', tier.upTo.span, { text: quote(cx.file.text, tier.upTo.span), found: typeLabel(t), by: typeLabel(by) });
      }
    }
    expectMoney(cx, tier.amount, tier.upTo ? `up to ${quote(cx.file.text, tier.upTo.span)}:` : 'above:', tierScope);
    const value = tier.upTo ? boundValue(tier.upTo) : undefined;
    if (previous) {
      const afterAbove = !previous.tier.upTo;
      const notIncreasing = value !== undefined && previous.value !== undefined && value <= previous.value;
      if (afterAbove || notIncreasing) {
        const span = tier.upTo?.span ?? { start: tier.span.start, end: tier.span.start + 'above'.length };
        const prevSpan = previous.tier.upTo?.span ?? { start: previous.tier.span.start, end: previous.tier.span.start + 'above'.length };
        report(cx.out, 'MC7005', span, {
          text: tier.upTo ? `up to ${quote(cx.file.text, tier.upTo.span)}` : 'above',
          previous: previous.tier.upTo ? `up to ${quote(cx.file.text, prevSpan)}` : 'above',
        });
      }
    }
    previous = { tier, value };
  }
}

const keyword = (span: A.Span, word: string): A.Span => ({ start: span.start, end: span.start + word.length });

export function checkFees(cx: FileCx, decl: A.ProcedureDecl, scope: Scope): void {
  const fees = decl.items.filter((i): i is A.FeeDecl => i.kind === 'Fee');
  reportDuplicates(cx, WHAT.fee, fees.map((f) => f.name));
  for (const fee of fees) checkFee(cx, fee, scope);
}

function checkFee(cx: FileCx, fee: A.FeeDecl, scope: Scope): void {
  const index = scope.procedure!;
  const amounts = fee.items.filter((i) => i.kind === 'Amount');
  if (!amounts.length && fee.name.text) report(cx.out, 'MC7004', fee.name.span, { name: fee.name.text });
  for (const item of fee.items) {
    switch (item.kind) {
      case 'Amount': {
        const a = item.amount;
        if (a.kind === 'Tiered') checkTiers(cx, a, scope);
        else {
          expectMoney(cx, a.value, 'amount', scope);
          if (a.kind === 'PerUnit') {
            const t = checkExpr(a.per, scope, cx.out);
            if (t.kind !== 'number' && t.kind !== 'unknown') {
              report(cx.out, 'MC3005', a.per.span, { text: quote(cx.file.text, a.per.span), found: typeLabel(t) });
            }
          }
        }
        condition(cx, item.when, 'when', scope);
        break;
      }
      case 'Discount': {
        const t = checkExpr(item.percent, scope, cx.out);
        const v = item.percent.kind === 'Literal' ? item.percent.literal.value : undefined;
        const outOfRange = typeof v === 'number' && (v < 0 || v > 100);
        if ((t.kind !== 'percent' && t.kind !== 'unknown') || outOfRange) {
          report(cx.out, 'MC3004', item.percent.span, { text: quote(cx.file.text, item.percent.span), found: typeLabel(t) });
        }
        condition(cx, item.when, 'when', scope);
        if (!item.meta.basis.length) report(cx.out, 'MC7003', keyword(item.span, 'discount'), { clause: 'discount' });
        break;
      }
      case 'Exempt':
        condition(cx, item.when, 'exempt when', scope);
        if (!item.meta.basis.length) report(cx.out, 'MC7003', keyword(item.span, 'exempt'), { clause: 'exempt' });
        break;
      case 'Cap':
        expectMoney(cx, item.value, 'cap', scope);
        break;
      case 'Due': {
        const t = item.transition;
        if (!t?.text) break;
        if (item.on !== 'before') {
          checkWord(cx, 'due on', t, ['submit', 'result']);
          break;
        }
        if (index.transitions.has(t.text)) break;
        const state = index.states.get(t.text);
        const into = state ? [...index.transitions.values()].flat().find((x) => x.transition.target.text === t.text) : undefined;
        const suggestion = into?.transition.name.text ?? closest(t.text, index.transitions.keys());
        report(cx.out, 'MC7006', t.span, { name: t.text, state: !!state, suggestion }, renameFix(t.span, suggestion));
        break;
      }
    }
  }
  // The last amount line whose condition holds applies: an unconditional line in force at all
  // times hides every line before it.
  const lines = fee.items.filter((i): i is Extract<A.FeeItem, { kind: 'Amount' }> => i.kind === 'Amount');
  const lastAlways = lines.findLastIndex((l) => !l.when && !l.meta.effective);
  for (let i = 0; i < lastAlways; i++) {
    const l = lines[i]!;
    report(cx.out, 'MC7002', l.amount.span, {
      text: quote(cx.file.text, l.amount.span),
      line: cx.file.lines.position(lines[lastAlways]!.span.start).line,
    });
  }
}
