// The due-date simulator: pick the instant the clock starts, see the due date, each step's SLA
// end and the holidays in between, on the national working calendar (or the agency's own).
import { formatLocal, localParts, type EpochMs } from '@motcua/engine/calendar';
import { h } from '../dom.ts';
import { durationLabel, lang, loc, ownLabel, roleLabel, t } from '../i18n.ts';
import type { ProcedurePreview } from '../preview-model.ts';
import { parseLocalInput, simulateDueDates } from './due-simulation.ts';

const WEEKDAYS = {
  vi: ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};
const WEEKDAYS_SHORT = {
  vi: ['CN', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};

/** "Thứ Ba 11/02/2025 10:00", or "T3 11/02/2025 10:00" in tables. */
export function instantText(t: EpochMs, short = false): string {
  return `${(short ? WEEKDAYS_SHORT : WEEKDAYS)[lang()][localParts(t).weekday]} ${formatLocal(t)}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function inputValue(t: EpochMs): string {
  const p = localParts(t);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

export interface DueState {
  start: string;
}

export function renderDue(p: ProcedurePreview, state: DueState, rerender: () => void): HTMLElement {
  const input = h('input', {
    type: 'datetime-local',
    value: state.start,
    onchange: (e: Event) => {
      state.start = (e.target as HTMLInputElement).value;
      rerender();
    },
  });
  // The value is taken when clicked: the panel may stay on screen, unchanged, for a long time.
  const example = (label: string, value: () => string) =>
    h('button', { type: 'button', class: 'chip', onclick: () => ((state.start = value()), rerender()) }, label);
  const head = h(
    'div',
    { class: 'due-head' },
    h('label', {}, `${t('startAt')}${p.timing.deadline ? ` (${loc(p.timing.deadline.fromLabel)})` : ''}`, input),
    h(
      'div',
      { class: 'chips' },
      example(lang() === 'vi' ? 'Bây giờ' : 'Now', () => inputValue(Date.now())),
      example(lang() === 'vi' ? 'Trước Tết Ất Tỵ (24/01/2025 10:00)' : 'Before Tết 2025 (24/01/2025 10:00)', () => '2025-01-24T10:00'),
      example(lang() === 'vi' ? 'Trước 30/4 (25/04/2025 14:00)' : 'Before 30 April (25/04/2025 14:00)', () => '2025-04-25T14:00'),
    ),
  );
  const start = parseLocalInput(state.start);
  if (start === undefined) return h('div', { class: 'due' }, h('h3', {}, t('dueTitle')), head);

  const sim = simulateDueDates(p.timing, p.workflow, p.agencies, p.agency, start);
  const d = p.timing.deadline;
  const summary = d
    ? h(
        'div',
        { class: 'due-summary' },
        h('div', { class: 'due-big' }, h('span', {}, `${t('dueAt')}: `), h('strong', {}, sim.deadline ? instantText(sim.deadline.due) : '—')),
        h('div', {}, `${t('deadline')}: ${durationLabel(d)} ${loc(d.fromLabel)}`, d.basis.length ? h('span', { class: 'basis' }, ` — ${d.basis.join('; ')}`) : null),
        sim.deadline ? h('div', { class: 'explain' }, loc(sim.deadline.text)) : null,
        p.timing.warn ? h('div', {}, `${t('warnBefore')}: ${durationLabel(p.timing.warn)}`) : null,
        h('div', {}, `${t('extension')}: ${p.timing.extension.max ? `${t('atMost')} ${durationLabel(p.timing.extension.max)}` : t('extensionDefault')}`),
      )
    : h('div', { class: 'due-summary' }, t('noDeadline'));

  const rows = sim.steps.map((st) =>
    h(
      'tr',
      { class: st.onMainPath ? 'main' : 'off' },
      h('td', {}, ownLabel(st), st.onMainPath ? null : h('sup', { class: 'muted' }, ' *')),
      h('td', {}, roleLabel(st.role)),
      h('td', {}, st.sla ? durationLabel(st.sla) : st.pausesClock ? t('pausesClock') : t('noSla')),
      h('td', { class: 'when' }, instantText(st.enter, true)),
      h('td', { class: `when${sim.deadline && st.end !== undefined && st.end > sim.deadline.due ? ' late' : ''}` }, st.end !== undefined ? instantText(st.end, true) : '—'),
    ),
  );
  const steps = h(
    'div',
    {},
    h('h4', {}, t('stepsTitle')),
    h('table', { class: 'steps' }, h('thead', {}, h('tr', {}, h('th', {}, t('state')), h('th', {}, t('role')), h('th', {}, t('sla')), h('th', {}, t('enter')), h('th', {}, t('end')))), h('tbody', {}, rows)),
    sim.steps.some((st) => !st.onMainPath) ? h('div', { class: 'muted small' }, `* ${t('offPath')}`) : null,
    sim.deadline && sim.mainPathEnd !== undefined
      ? h('div', { class: sim.slasExceedDeadline ? 'warning' : 'ok' }, sim.slasExceedDeadline ? `⚠ ${t('slasExceed')}` : `✓ ${t('slasFit')}`)
      : null,
  );
  const days = h(
    'div',
    {},
    h('h4', {}, t('daysInSpan')),
    sim.days.length
      ? h(
          'ul',
          { class: 'days' },
          sim.days.map((day) => h('li', { class: day.makeUp ? 'makeup' : 'off' }, h('span', { class: 'date' }, day.date.split('-').reverse().join('/')), ' ', loc(day.name))),
        )
      : h('p', { class: 'muted' }, t('noDaysInSpan')),
  );
  return h('div', { class: 'due' }, h('h3', {}, t('dueTitle')), head, summary, steps, days);
}
