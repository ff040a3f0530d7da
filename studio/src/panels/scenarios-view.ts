// The procedure's scenarios, and the outcome of the last run on the server (button in the top bar).
import type { ScenarioReport } from '../api.ts';
import { h } from '../dom.ts';
import { loc, t } from '../i18n.ts';
import type { ProcedurePreview } from '../preview-model.ts';

export function renderScenarios(p: ProcedurePreview, report: ScenarioReport | undefined, status: string, run: () => void): HTMLElement {
  const outcome = new Map((report?.results ?? []).filter((r) => r.procedure === p.id).map((r) => [r.scenario, r]));
  return h(
    'div',
    { class: 'scenarios' },
    h('div', { class: 'row' }, h('h3', {}, t('scenariosTitle')), h('button', { type: 'button', onclick: run }, `▶ ${t('runScenarios')}`)),
    h('p', { class: 'hint' }, status || t('scenariosHint')),
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
          h('strong', {}, s.label || s.id),
          ' ',
          h('code', { class: 'id' }, s.id),
          r ? h('span', { class: 'muted' }, ` — ${r.passed ? t('passed') : t('failed')}`) : null,
          r && !r.passed ? h('ul', {}, r.failures.map((f) => h('li', { class: 'warning' }, loc(f.message)))) : null,
        );
      }),
    ),
  );
}
