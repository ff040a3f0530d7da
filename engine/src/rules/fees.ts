// Fee evaluation (docs/language.md §5.3): for each fee, the lines in effect on the assessment
// date; the LAST amount line whose condition holds; the largest discount; rounding half up to
// whole đồng; the cap; any exemption makes it 0. Every figure comes with why and its legal basis.
import { inLang, type IRExpr, type IRFee, type IRFeeLine, type ProcedureIR } from '@motcua/dsl';
import { evaluate, holds, inEffect, type EvalEnv } from './evaluate.ts';
import { englishLabel, exprWords, formatDong, formatNumber, ProcedureLabels, valueWords, type Bilingual, type Labels } from './text.ts';

export interface FeeStep {
  readonly kind: 'amount' | 'discount' | 'cap' | 'exemption' | 'rounding';
  /** The amount after this step, whole đồng. */
  readonly amount: number;
  readonly reason: Bilingual;
  readonly basis: readonly string[];
}

export interface FeeResult {
  readonly id: string;
  readonly label: string;
  /** The English label, when the procedure gives one. */
  readonly labelEn?: string;
  /** Whole đồng after discount, rounding, cap and exemption. */
  readonly amount: number;
  readonly exempt: boolean;
  /** How the amount came about, in order. */
  readonly steps: readonly FeeStep[];
  readonly due: IRFee['due'];
}

export interface FeeQuote {
  readonly total: number;
  readonly fees: readonly FeeResult[];
}

const roundHalfUp = (x: number): number => Math.floor(x + 0.5);

function when(cond: IRExpr | undefined, ix: Labels): Bilingual | undefined {
  return cond ? exprWords(cond, ix) : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function lineAmount(line: IRFeeLine, env: EvalEnv, ix: Labels): { amount: number; detail: Bilingual } | undefined {
  switch (line.kind) {
    case 'fixed': {
      const a = num(evaluate(line.amount, env));
      return a === undefined ? undefined : { amount: a, detail: { vi: 'mức thu cố định', en: 'fixed amount' } };
    }
    case 'per_unit': {
      const a = num(evaluate(line.amount, env));
      const n = num(evaluate(line.per, env)) ?? 0;
      if (a === undefined) return undefined;
      return {
        amount: a * n,
        detail: { vi: `${fmt(a)} × ${fmt(n)} (${valueWords(line.per, ix).vi})`, en: `${fmt(a)} × ${fmtEn(n)} (${valueWords(line.per, ix).en})` },
      };
    }
    case 'tiered': {
      const value = evaluate(line.by, env);
      if (typeof value !== 'number') return undefined;
      for (const tier of line.tiers) {
        const upTo = tier.upTo ? num(evaluate(tier.upTo, env)) : undefined;
        if (tier.upTo && (upTo === undefined || value > upTo)) continue;
        const a = num(evaluate(tier.amount, { ...env, value }));
        if (a === undefined) return undefined;
        const bound = upTo === undefined ? { vi: 'bậc cao nhất', en: 'top tier' } : { vi: `bậc đến ${fmt(upTo)}`, en: `tier up to ${fmtEn(upTo)}` };
        const by = valueWords(line.by, ix);
        return { amount: a, detail: { vi: `${bound.vi} (${by.vi}: ${fmt(value)})`, en: `${bound.en} (${by.en}: ${fmtEn(value)})` } };
      }
      return undefined;
    }
  }
}

const fmt = (n: number): string => formatNumber(n, 'vi');
const fmtEn = (n: number): string => formatNumber(n, 'en');
const money = formatDong;

/** The breakdown of one fee for a dossier (env) assessed on `day` ("YYYY-MM-DD"). */
export function evaluateFee(fee: IRFee, env: EvalEnv, ix: Labels, day: string): FeeResult {
  const steps: FeeStep[] = [];
  let amount = 0;
  let applied: IRFeeLine | undefined;
  for (const line of fee.lines) if (inEffect(line, day) && holds(line.condition, env)) applied = line;
  if (applied) {
    const r = lineAmount(applied, env, ix);
    amount = r?.amount ?? 0;
    const cond = when(applied.condition, ix);
    steps.push({
      kind: 'amount',
      amount,
      reason: {
        vi: `${money(amount)}: ${r?.detail.vi ?? 'không tính được mức thu'}${cond ? `, vì ${cond.vi}` : ''}`,
        en: `${money(amount)}: ${r?.detail.en ?? 'the amount could not be computed'}${cond ? `, because ${cond.en}` : ''}`,
      },
      basis: applied.basis,
    });
  }
  let best: { percent: number; basis: readonly string[]; cond: Bilingual | undefined } | undefined;
  for (const d of fee.discounts) {
    if (!inEffect(d, day) || !holds(d.condition, env)) continue;
    const p = num(evaluate(d.percent, env));
    if (p !== undefined && (!best || p > best.percent)) best = { percent: p, basis: d.basis, cond: when(d.condition, ix) };
  }
  if (best && amount > 0) {
    amount = amount * (1 - best.percent);
    const pct = { vi: fmt(best.percent * 100), en: fmtEn(best.percent * 100) };
    steps.push({
      kind: 'discount',
      amount,
      reason: {
        vi: `giảm ${pct.vi}%${best.cond ? ` khi ${best.cond.vi}` : ''}`,
        en: `${pct.en}% off${best.cond ? ` when ${best.cond.en}` : ''}`,
      },
      basis: best.basis,
    });
  }
  const rounded = roundHalfUp(amount);
  if (rounded !== amount) {
    steps.push({ kind: 'rounding', amount: rounded, reason: { vi: 'làm tròn đến đồng', en: 'rounded to whole đồng' }, basis: [] });
  }
  amount = rounded;
  if (fee.cap && inEffect(fee.cap, day)) {
    const cap = num(evaluate(fee.cap.amount, env));
    if (cap !== undefined && amount > cap) {
      amount = roundHalfUp(cap);
      steps.push({ kind: 'cap', amount, reason: { vi: `mức thu tối đa ${money(amount)}`, en: `capped at ${money(amount)}` }, basis: fee.cap.basis });
    }
  }
  let exempt = false;
  for (const x of fee.exemptions) {
    if (!inEffect(x, day) || !holds(x.condition, env)) continue;
    exempt = true;
    amount = 0;
    const cond = when(x.condition, ix)!;
    // The exemption's own name when it has one, its condition in brackets; else the condition.
    const said = (name: string | undefined, why: string) => (name ? `${name} (${why})` : why);
    steps.push({
      kind: 'exemption',
      amount: 0,
      reason: { vi: `miễn: ${said(x.label, cond.vi)}`, en: `exempt: ${said(inLang('en', x.label, x.labelEn), cond.en)}` },
      basis: x.basis,
    });
    break;
  }
  return { id: fee.id, label: fee.label, ...englishLabel(fee), amount, exempt, steps, due: fee.due };
}

export function quoteFees(ir: ProcedureIR, env: EvalEnv, day: string, ix: Labels = new ProcedureLabels(ir)): FeeQuote {
  const fees = ir.fees.map((f) => evaluateFee(f, env, ix, day));
  return { total: fees.reduce((s, f) => s + f.amount, 0), fees };
}
