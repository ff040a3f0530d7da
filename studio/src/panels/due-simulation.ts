// The due-date simulator's arithmetic: from the instant the processing clock starts, the
// procedure's deadline and each state's SLA end on the working calendar of the agency that
// handles it, and the public holidays and make-up working days the span crosses.
// States along the main path (from where the clock starts, taking each state's first
// transition forward to a final state) are chained: each begins when the one before it uses up
// its whole SLA, the worst case the deadline must absorb. Other states are shown as if entered
// at the start instant.
import {
  localDateTime,
  nationalCalendar,
  SATURDAY_MORNING,
  WorkingCalendar,
  type EpochMs,
  type SkippedRange,
} from '@motcua/engine/calendar';
import type { IRDuration, IRWorkflow, Localized } from '@motcua/dsl';
import type { TimingView } from '../preview-model.ts';

export interface StepTiming {
  readonly state: string;
  readonly label: string;
  /** The state's English name, when the procedure gives one. */
  readonly labelEn?: string;
  readonly role?: string;
  readonly sla?: IRDuration;
  readonly enter: EpochMs;
  /** Absent when the state has no SLA. */
  readonly end?: EpochMs;
  readonly onMainPath: boolean;
  readonly pausesClock: boolean;
}

export interface CalendarDay {
  readonly date: string;
  readonly name: Localized;
  /** A Saturday or Sunday worked in exchange for a day off. */
  readonly makeUp: boolean;
}

export interface DueSimulation {
  readonly start: EpochMs;
  /** The state the clock starts in (where the main path begins). */
  readonly clockState?: string;
  readonly deadline?: { readonly due: EpochMs; readonly text: Localized; readonly skipped: readonly SkippedRange[] };
  readonly steps: readonly StepTiming[];
  /** When the last state of the main path ends if every state uses its whole SLA. */
  readonly mainPathEnd?: EpochMs;
  /** The main path's SLAs add up to more than the deadline. */
  readonly slasExceedDeadline: boolean;
  readonly days: readonly CalendarDay[];
}

export interface AgencyCalendar {
  readonly id: string;
  readonly calendar: 'national' | 'saturday_morning';
}

const saturdayCalendar = new WorkingCalendar({ week: { sat: SATURDAY_MORNING } });

export function calendarFor(kind: AgencyCalendar['calendar'] | undefined): WorkingCalendar {
  return kind === 'saturday_morning' ? saturdayCalendar : nationalCalendar();
}

/** `2025-01-24T10:00` (an `<input type="datetime-local">` value) as an instant in Vietnam time. */
export function parseLocalInput(value: string): EpochMs | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  return localDateTime(y, mo, d, h, mi);
}

/** Where the processing clock starts: the state entered when the receipt is issued, on submission, or a named state. */
export function clockStartState(workflow: IRWorkflow, from: string | undefined): string | undefined {
  const initial = workflow.states.find((s) => s.id === workflow.initial);
  const submitted = initial?.transitions[0]?.target;
  if (from === 'submission' || from === undefined) return submitted;
  if (from === 'complete') {
    for (const s of workflow.states)
      for (const t of s.transitions) if (t.effects.some((e) => e.type === 'issue' && e.what === 'receipt')) return t.target;
    return submitted;
  }
  return workflow.states.some((s) => s.id === from) ? from : submitted;
}

/** From `first`, each state's first transition to a state not yet visited that does not pause the clock. */
export function mainPath(workflow: IRWorkflow, first: string): string[] {
  const byId = new Map(workflow.states.map((s) => [s.id, s]));
  const path: string[] = [];
  let current = byId.get(first);
  while (current && !path.includes(current.id)) {
    path.push(current.id);
    if (current.final) break;
    const next = current.transitions.map((t) => byId.get(t.target)).find((s) => s && !path.includes(s.id) && !s.pausesClock);
    current = next;
  }
  return path;
}

export function simulateDueDates(
  timing: TimingView,
  workflow: IRWorkflow,
  agencies: readonly AgencyCalendar[],
  mainAgency: string,
  start: EpochMs,
): DueSimulation {
  const calendarOf = (agency: string | undefined) => calendarFor(agencies.find((a) => a.id === (agency ?? mainAgency))?.calendar);
  const main = calendarOf(mainAgency);
  const d = timing.deadline;
  const deadline = d ? main.explain(start, d.amount, d.unit) : undefined;

  const clockState = clockStartState(workflow, d?.from);
  const path = clockState ? mainPath(workflow, clockState) : [];
  const steps: StepTiming[] = [];
  let t = start;
  for (const id of path) {
    const s = workflow.states.find((x) => x.id === id)!;
    if (s.final) break;
    const end = s.sla ? calendarOf(s.agency).add(t, s.sla.amount, s.sla.unit) : undefined;
    steps.push(step(s, t, end, true));
    if (end !== undefined) t = end;
  }
  const mainPathEnd = steps.length ? t : undefined;
  for (const s of workflow.states) {
    if (s.final || path.includes(s.id) || !s.sla) continue;
    steps.push(step(s, start, calendarOf(s.agency).add(start, s.sla.amount, s.sla.unit), false));
  }

  const last = Math.max(start, deadline?.due ?? start, ...steps.map((s) => s.end ?? s.enter));
  return {
    start,
    ...(clockState ? { clockState } : {}),
    ...(deadline ? { deadline: { due: deadline.due, text: deadline.text, skipped: deadline.skipped } } : {}),
    steps,
    ...(mainPathEnd !== undefined ? { mainPathEnd } : {}),
    slasExceedDeadline: deadline !== undefined && mainPathEnd !== undefined && mainPathEnd > deadline.due,
    days: daysBetween(main, start, last),
  };
}

function step(s: IRWorkflow['states'][number], enter: EpochMs, end: EpochMs | undefined, onMainPath: boolean): StepTiming {
  return {
    state: s.id,
    label: s.label || s.id,
    ...(s.labelEn ? { labelEn: s.labelEn } : {}),
    ...(s.role ? { role: s.role } : {}),
    ...(s.sla ? { sla: s.sla } : {}),
    enter,
    ...(end !== undefined ? { end } : {}),
    onMainPath,
    pausesClock: s.pausesClock,
  };
}

const viDate = (iso: string) => iso.split('-').reverse().join('/');
const isoDay = (t: EpochMs) => new Date(t + 7 * 3600_000).toISOString().slice(0, 10);

/** Days off and make-up working days between two instants (inclusive), in date order. */
export function daysBetween(cal: WorkingCalendar, from: EpochMs, to: EpochMs): CalendarDay[] {
  const first = isoDay(from);
  const last = isoDay(to);
  const out: CalendarDay[] = [];
  for (let y = Number(first.slice(0, 4)); y <= Number(last.slice(0, 4)); y++) {
    const { daysOff, makeUpDays } = cal.holidays(y);
    for (const h of daysOff) if (h.date >= first && h.date <= last) out.push({ date: h.date, name: { vi: h.name, en: h.nameEn }, makeUp: false });
    for (const m of makeUpDays)
      if (m.date >= first && m.date <= last)
        out.push({
          date: m.date,
          name: m.swappedFor
            ? { vi: `Làm bù cho ngày nghỉ ${viDate(m.swappedFor)}`, en: `Worked in exchange for ${m.swappedFor}` }
            : { vi: 'Ngày làm bù', en: 'Make-up working day' },
          makeUp: true,
        });
  }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}
