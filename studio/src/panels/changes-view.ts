// "Changes since saved": the semantic diff of the editor text against the saved file, as the
// reviewer will read it in the pull request, and a button opening Monaco's side-by-side diff.
import { h } from '../dom.ts';
import { lang, t } from '../i18n.ts';
import type { PreviewModel } from '../preview-model.ts';

function lineClass(line: string): string {
  const s = line.trim();
  if (s.startsWith('@@')) return 'hunk';
  if (s.startsWith('+')) return 'add';
  if (s.startsWith('-')) return 'del';
  if (s.startsWith('~')) return 'chg';
  if (/^error\b/.test(s)) return 'err';
  if (/^warning\b/.test(s)) return 'warn';
  if (/^(Ảnh hưởng|Impact):/.test(s)) return 'impact';
  return '';
}

export function renderChanges(changes: PreviewModel['changes'], dirty: boolean, openDiff: () => void): HTMLElement {
  const text = changes[lang()];
  const body = !dirty
    ? h('p', { class: 'muted' }, t('noChanges'))
    : !changes.changed
      ? h('p', { class: 'muted' }, t('onlyLayout'))
      : h('pre', { class: 'semantic-diff' }, text.split('\n').map((l) => h('div', { class: lineClass(l) }, l || ' ')));
  return h(
    'div',
    { class: 'changes' },
    h('div', { class: 'row' }, h('h3', {}, t('changesTitle')), h('button', { type: 'button', onclick: openDiff, disabled: !dirty }, `⇄ ${t('compare')}`)),
    body,
  );
}
