// The workflow diagram: the layout of ./workflow-layout.ts drawn as SVG — a box per state with
// its role and SLA, final states dark with a double border, arrows labelled with the action.
import type { IRWorkflow } from '@motcua/dsl';
import { h, s } from '../dom.ts';
import { durationLabel, lang, roleLabel, t } from '../i18n.ts';
import { labelText, labelWidth, layoutWorkflow, type LayoutNode } from './workflow-layout.ts';

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Break a label into at most `lines` lines of about `width` characters, at spaces. */
function wrap(text: string, width: number, lines: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && `${line} ${word}`.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  if (out.length <= lines) return out;
  return [...out.slice(0, lines - 1), clip(out.slice(lines - 1).join(' '), width)];
}

export function renderWorkflow(workflow: IRWorkflow, agencyLabel: (id: string) => string): HTMLElement {
  const layout = layoutWorkflow(workflow, lang());
  const svg = s(
    'svg',
    {
      class: 'workflow',
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      // Shrinks to the panel's width when wider (never grows): text stays legible down to ~85%.
      style: `width: 100%; max-width: ${layout.width}px; height: auto`,
      role: 'img',
      'aria-label': t('tabWorkflow'),
    },
    s(
      'defs',
      {},
      s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow-head' })),
      s('marker', { id: 'arrow-back', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow-head back' })),
    ),
    layout.edges.map((e) =>
      s('path', { d: e.path, class: `edge ${e.kind}`, 'marker-end': e.kind === 'forward' ? 'url(#arrow)' : 'url(#arrow-back)' }, s('title', {}, `${e.from} → ${e.to}: ${e.label}`)),
    ),
    layout.nodes.map((n) => nodeEl(n, agencyLabel)),
    // Labels last, so they sit above every line.
    layout.edges.map((e) => {
      const text = labelText(e.label);
      const w = labelWidth(e.label);
      return s(
        'g',
        { class: `edge-label ${e.kind}` },
        s('title', {}, `${e.id}: ${e.label}`),
        s('rect', { x: e.labelAt.x - w / 2, y: e.labelAt.y - 8, width: w, height: 15, rx: 3 }),
        s('text', { x: e.labelAt.x, y: e.labelAt.y + 3.5, 'text-anchor': 'middle' }, text),
      );
    }),
  );
  return h(
    'div',
    { class: 'workflow-panel' },
    h(
      'div',
      { class: 'legend' },
      h('span', { class: 'lg lg-initial' }, t('initialState')),
      h('span', { class: 'lg lg-final' }, t('finalState')),
      h('span', { class: 'lg lg-paused' }, t('pausesClock')),
      h('span', { class: 'lg lg-forward' }, `→ ${t('legendForward')}`),
      h('span', { class: 'lg lg-back' }, `↶ ${t('legendBack')}`),
    ),
    h('div', { class: 'workflow-scroll' }, svg),
  );
}

function nodeEl(n: LayoutNode, agencyLabel: (id: string) => string): SVGGElement {
  const classes = ['state', n.final ? 'final' : '', n.initial ? 'initial' : '', n.pausesClock ? 'paused' : '', n.unreachable ? 'unreachable' : ''].filter(Boolean).join(' ');
  const lines: string[] = [];
  if (n.role) lines.push(roleLabel(n.role));
  if (n.sla) lines.push(`◷ ${durationLabel(n.sla)}`);
  else if (n.pausesClock) lines.push(`‖ ${t('pausesClock')}`);
  if (n.final) lines.push(t('finalState'));
  if (n.unreachable) lines.push(`⚠ ${t('unreachable')}`);
  const tooltip = [`${n.id}: ${n.label}`, n.role ? roleLabel(n.role) : '', n.agency ? agencyLabel(n.agency) : '', n.sla ? durationLabel(n.sla) : ''].filter(Boolean).join('\n');
  return s(
    'g',
    { class: classes, transform: `translate(${n.x},${n.y})`, 'data-state': n.id },
    s('title', {}, tooltip),
    s('rect', { width: n.width, height: n.height, rx: n.final ? 18 : 6 }),
    n.final ? s('rect', { class: 'inner', x: 3, y: 3, width: n.width - 6, height: n.height - 6, rx: 15 }) : null,
    wrap(n.label, 20, 2).map((l, i, all) => s('text', { class: 'state-label', x: n.width / 2, y: (all.length === 1 ? 22 : 16) + i * 14, 'text-anchor': 'middle' }, l)),
    lines.slice(0, 2).map((l, i) => s('text', { class: 'state-meta', x: n.width / 2, y: 44 + i * 13, 'text-anchor': 'middle' }, clip(l, 27))),
  );
}
