// Deadlines: the total deadline exists, starts somewhere real, leaves room for its warning,
// and is not already exceeded by the states' own SLAs along the longest path.
import type * as A from '../ast.ts';
import { closest, type Localized } from '../diagnostics.ts';
import { renameFix, report } from './catalog.ts';
import { quote } from './expr.ts';
import { reportDuplicates, WHAT, type FileCx } from './names.ts';
import type { ProcedureIndex, Scope } from './scope.ts';
import { issues, successors } from './workflow.ts';

/**
 * A duration in working hours, for comparing durations of different units. Rough by design
 * (the real arithmetic needs the calendar): 1 working day = 8 working hours, and calendar days
 * count as 5/7 of a working day (a working week is 5 days of 7).
 */
export function workingHours(d: Pick<A.Duration, 'amount' | 'unit'>): number {
  if (d.unit === 'working_hours') return d.amount;
  if (d.unit === 'working_days') return d.amount * 8;
  return (d.amount * 8 * 5) / 7;
}

/** `5.5` in English, `5,5` in Vietnamese. */
const num = (x: number) => {
  const r = String(Math.round(x * 10) / 10);
  return { vi: r.replace('.', ','), en: r };
};

function hoursLabel(h: number): Localized {
  if (h % 8 === 0) return { vi: `${h / 8} ngày làm việc`, en: `${h / 8} working days` };
  const [hh, dd] = [num(h), num(h / 8)];
  return { vi: `${hh.vi} giờ làm việc (≈ ${dd.vi} ngày làm việc)`, en: `${hh.en} working hours (≈ ${dd.en} working days)` };
}

function durationLabel(cx: FileCx, d: A.Duration): Localized {
  const written = quote(cx.file.text, d.span);
  if (d.unit === 'working_hours') return { vi: `\`${written}\``, en: `\`${written}\`` };
  const h = num(workingHours(d));
  return { vi: `\`${written}\` (${h.vi} giờ làm việc)`, en: `\`${written}\` (${h.en} working hours)` };
}

/** Every duration the procedure states: deadline, warning, extension and the states' SLAs. */
function durations(decl: A.ProcedureDecl): A.Duration[] {
  const out: A.Duration[] = [];
  for (const item of decl.items) {
    if (item.kind === 'Deadline' || item.kind === 'Warn') out.push(item.duration);
    else if (item.kind === 'Extension' && item.max) out.push(item.max);
    else if (item.kind === 'Workflow') for (const s of item.states) for (const c of s.clauses) if (c.kind === 'Sla') out.push(c.duration);
  }
  return out;
}

/**
 * The calendar counts whole days (Civil Code Art 147: a period in days ends at the end of a day)
 * and working time in minutes: `1.5 working days` has no day it ends on. Say `12 working hours`.
 */
function checkCountable(cx: FileCx, d: A.Duration): void {
  const text = quote(cx.file.text, d.span);
  if (d.unit === 'working_hours') {
    const minutes = d.amount * 60;
    if (Math.abs(minutes - Math.round(minutes)) > 1e-9) {
      report(cx.out, 'MC5005', d.span, { text, why: { vi: 'giờ làm việc được tính đến từng phút; hãy làm tròn đến phút (ví dụ `1.5 working hours` là 90 phút).', en: 'working time is counted in minutes; round to a whole minute (e.g. `1.5 working hours` is 90 minutes).' } });
    }
  } else if (!Number.isInteger(d.amount)) {
    const hours = d.unit === 'working_days' ? d.amount * 8 : undefined;
    const hint = hours !== undefined && Number.isInteger(hours) ? { vi: ` Viết \`${hours} working hours\` nếu muốn tính theo giờ.`, en: ` Write \`${hours} working hours\` to count hours.` } : { vi: '', en: '' };
    report(cx.out, 'MC5005', d.span, { text, why: { vi: `ngày được đếm nguyên ngày, không có nửa ngày.${hint.vi}`, en: `days are counted whole; there is no half day.${hint.en}` } });
  }
}

/** States where the clock starts for `deadline … from <start>`. */
function clockStarts(index: ProcedureIndex, from: string): A.StateDecl[] {
  const out = new Set<A.StateDecl>();
  if (from === 'complete') {
    for (const s of index.states.values()) for (const e of successors(index, s)) if (issues(e.transition, 'receipt')) out.add(e.target);
  } else if (from === 'submission') {
    if (index.initial) for (const e of successors(index, index.initial)) out.add(e.target);
  } else {
    const s = index.states.get(from);
    if (s) out.add(s);
  }
  return [...out];
}

function slaHours(s: A.StateDecl): number {
  if (s.final || s.clauses.some((c) => c.kind === 'Pauses')) return 0;
  for (const c of s.clauses) if (c.kind === 'Sla') return workingHours(c.duration);
  return 0;
}

/**
 * The longest chain of SLAs from the clock's start. Cycles are cut at their back edge (a path
 * visits a state once), and a transition that restarts or stops the clock ends the chain.
 */
function longestSlaPath(index: ProcedureIndex, starts: readonly A.StateDecl[]): { total: number; path: A.StateDecl[] } {
  const done = new Map<A.StateDecl, { total: number; path: A.StateDecl[] }>();
  const onStack = new Set<A.StateDecl>();
  const best = (s: A.StateDecl): { total: number; path: A.StateDecl[] } => {
    const memo = done.get(s);
    if (memo) return memo;
    onStack.add(s);
    let next: { total: number; path: A.StateDecl[] } = { total: 0, path: [] };
    for (const e of successors(index, s)) {
      if (onStack.has(e.target) || e.transition.clauses.some((c) => c.kind === 'Clock')) continue;
      const r = best(e.target);
      if (r.total > next.total) next = r;
    }
    onStack.delete(s);
    const result = { total: slaHours(s) + next.total, path: [s, ...next.path] };
    done.set(s, result);
    return result;
  };
  let winner: { total: number; path: A.StateDecl[] } = { total: 0, path: [] };
  for (const s of starts) {
    const r = best(s);
    if (r.total > winner.total) winner = r;
  }
  return winner;
}

const keywordSpan = (span: A.Span, word: string): A.Span => ({ start: span.start, end: span.start + word.length });

export function checkDeadlines(cx: FileCx, decl: A.ProcedureDecl, scope: Scope): void {
  const index = scope.procedure!;
  for (const d of durations(decl)) checkCountable(cx, d);
  const deadlines = decl.items.filter((i): i is A.DeadlineDecl => i.kind === 'Deadline');
  const warns = decl.items.filter((i): i is A.WarnDecl => i.kind === 'Warn');
  const extensions = decl.items.filter((i): i is A.ExtensionDecl => i.kind === 'Extension');
  for (const [word, items] of [['deadline', deadlines], ['warn', warns], ['extension', extensions]] as const) {
    reportDuplicates(cx, WHAT.line, items.map((i) => ({ text: word, span: keywordSpan(i.span, word) })));
  }
  const deadline = deadlines[0];
  if (!deadline) {
    if (decl.name.text) report(cx.out, 'MC5003', decl.name.span, { name: decl.name.text });
    return;
  }
  const from = deadline.from.text;
  if (!from) return;
  if (from === 'complete') {
    const receipt = [...index.states.values()].some((s) => s.transitions.some((t) => issues(t, 'receipt')));
    if (index.workflow && !receipt) report(cx.out, 'MC5004', deadline.from.span, undefined);
  } else if (from !== 'submission' && !index.states.has(from)) {
    const suggestion = closest(from, ['complete', 'submission', ...index.states.keys()]);
    report(cx.out, 'MC2006', deadline.from.span, { name: from, suggestion }, renameFix(deadline.from.span, suggestion));
  }

  const total = workingHours(deadline.duration);
  const warn = warns[0];
  if (warn && deadline.duration.amount > 0 && workingHours(warn.duration) >= total) {
    report(cx.out, 'MC5002', warn.duration.span, { warn: durationLabel(cx, warn.duration), deadline: durationLabel(cx, deadline.duration) });
  }

  if (deadline.duration.amount <= 0) return;
  const longest = longestSlaPath(index, clockStarts(index, from));
  if (longest.total > total + 1e-9) {
    report(cx.out, 'MC5001', deadline.duration.span, {
      path: longest.path.filter((s) => slaHours(s) > 0).map((s) => s.name.text),
      total: hoursLabel(longest.total),
      deadline: durationLabel(cx, deadline.duration),
    });
  }
}
