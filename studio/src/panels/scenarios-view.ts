// The procedure's scenarios, and the outcome of the last run on the server (button in the top bar).
import type { ScenarioOutcome, ScenarioReport } from '../api.ts';
import { h } from '../dom.ts';
import { loc, ownLabel, t } from '../i18n.ts';
import type { ProcedurePreview } from '../preview-model.ts';

/**
 * The outcomes of a run for one procedure: by scenario, and those that belong to no scenario of
 * the list — the server's answer when the procedure does not compile ("Thủ tục có lỗi: …",
 * scenario ''), or a failing scenario the text being edited no longer lists. Those failures
 * must be shown too: they are the only account of why the run did not pass.
 */
export function scenarioOutcomes(
  p: Pick<ProcedurePreview, 'id' | 'scenarios'>,
  report: ScenarioReport | undefined,
): { readonly byScenario: ReadonlyMap<string, ScenarioOutcome>; readonly others: readonly ScenarioOutcome[] } {
  const listed = new Set(p.scenarios.map((s) => s.id));
  const mine = (report?.results ?? []).filter((r) => r.procedure === p.id);
  return {
    byScenario: new Map(mine.filter((r) => listed.has(r.scenario)).map((r) => [r.scenario, r])),
    others: mine.filter((r) => !listed.has(r.scenario) && !r.passed),
  };
}

export function renderScenarios(p: ProcedurePreview, report: ScenarioReport | undefined, status: string, run: () => void): HTMLElement {
  const { byScenario: outcome, others } = scenarioOutcomes(p, report);
  const failures = (r: ScenarioOutcome) => (r.passed ? null : h('ul', {}, r.failures.map((f) => h('li', { class: 'warning' }, loc(f.message)))));
  return h(
    'div',
    { class: 'scenarios' },
    h('div', { class: 'row' }, h('h3', {}, t('scenariosTitle')), h('button', { type: 'button', onclick: run }, `▶ ${t('runScenarios')}`)),
    h('p', { class: 'hint' }, status || t('scenariosHint')),
    others.map((r) =>
      h(
        'div',
        { class: 'run-problem' },
        // No scenario: the run as a whole failed, which the status line above says.
        r.scenario ? [h('strong', {}, `${r.label || r.scenario} `), h('code', { class: 'id' }, r.scenario)] : null,
        failures(r),
      ),
    ),
    p.scenarios.length ? null : h('p', { class: 'muted' }, t('noScenarios')),
    h(
      'ul',
      { class: 'scenario-list' },
      p.scenarios.map((s) => {
        const r = outcome.get(s.id);
        return h(
          'li',
          { class: r ? (r.passed ? 'passed' : 'failed') : '' },
          h('span', { class: 'mark' }, r ? (r.passed ? '✓' : '✗') : '○'),
          ' ',
          h('strong', {}, ownLabel(s) || s.id),
          ' ',
          h('code', { class: 'id' }, s.id),
          r ? h('span', { class: 'muted' }, ` — ${r.passed ? t('passed') : t('failed')}`) : null,
          r ? failures(r) : null,
        );
      }),
    ),
  );
}
