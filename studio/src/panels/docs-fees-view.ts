// Documents and fees as declared: each document with its conditions, waivers (data reuse) and
// legal basis; each fee with its lines, discounts, exemptions, cap and when it is payable.
// Live evaluation for the values typed in the form preview is not computed here: it plugs in
// through `setLiveRulesEvaluator` (the engine's rules, `@motcua/engine/rules`, wired later).
import type { Localized, ProcedureIR } from '@motcua/dsl';
import { h } from '../dom.ts';
import { channelLabel, documentFormLabel, lang, loc, ownLabel, ownText, t } from '../i18n.ts';
import type { DocumentView, FeeView, Phrase, ProcedurePreview } from '../preview-model.ts';

export type Channel = 'online' | 'in_person' | 'postal';

export interface LiveRulesInput {
  readonly ir: ProcedureIR;
  readonly channel: Channel;
  /** Form values typed in the form preview, by dotted field path. */
  readonly values: ReadonlyMap<string, string | boolean>;
  /** Local date-time `YYYY-MM-DDTHH:mm` the dossier is taken as submitted at. */
  readonly at: string;
}

export interface LiveRulesResult {
  readonly fees?: readonly { readonly id: string; readonly amount: number; readonly note?: Localized }[];
  readonly total?: number;
  readonly documents?: readonly { readonly id: string; readonly required: boolean; readonly waived?: boolean; readonly reason?: Localized }[];
  readonly error?: Localized;
}

export type LiveRulesEvaluator = (input: LiveRulesInput) => LiveRulesResult | Promise<LiveRulesResult>;

let liveRulesEvaluator: LiveRulesEvaluator | undefined;

/**
 * HOOK for the engine's rule evaluation (fees, required documents, waivers) on the values typed
 * in the form preview. Until it is set, the panel shows the rules as declared only.
 */
export function setLiveRulesEvaluator(evaluator: LiveRulesEvaluator | undefined): void {
  liveRulesEvaluator = evaluator;
}

export interface DocsFeesState {
  channel: Channel;
}

const phraseEl = (p: Phrase) => (lang() === 'vi' ? h('span', { class: 'phrase' }, p.vi) : h('code', {}, p.src));
const basisEl = (basis: readonly string[]) => (basis.length ? h('div', { class: 'basis' }, `${t('basis')}: ${basis.join('; ')}`) : null);
const money = (n: number) => `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đồng`;

export function renderDocsFees(p: ProcedurePreview, state: DocsFeesState, values: ReadonlyMap<string, string | boolean>, at: string, rerender: () => void): HTMLElement {
  const live = h('div', { class: 'live-rules' });
  const channelPicker = h(
    'div',
    { class: 'chips' },
    h('span', {}, `${t('channel')}: `),
    p.channels.map((c) =>
      h('button', { type: 'button', class: `chip${state.channel === c ? ' active' : ''}`, onclick: () => ((state.channel = c as Channel), rerender()) }, channelLabel(c)),
    ),
  );
  void evaluate(p, state, values, at, live);
  return h(
    'div',
    { class: 'docs-fees' },
    h('section', {}, channelPicker, live),
    h('section', {}, h('h3', {}, t('docsTitle')), p.documents.length ? h('ol', { class: 'docs' }, p.documents.map(documentEl)) : h('p', { class: 'muted' }, t('noDocs'))),
    h('section', {}, h('h3', {}, t('feesTitle')), p.fees.length ? p.fees.map(feeEl) : h('p', { class: 'muted' }, t('noFees'))),
  );
}

async function evaluate(p: ProcedurePreview, state: DocsFeesState, values: ReadonlyMap<string, string | boolean>, at: string, into: HTMLElement): Promise<void> {
  if (!liveRulesEvaluator) {
    into.replaceChildren(h('p', { class: 'muted' }, t('liveRulesPending')));
    return;
  }
  try {
    const r = await liveRulesEvaluator({ ir: p.ir, channel: state.channel, values, at });
    if (r.error) {
      into.replaceChildren(h('p', { class: 'warning' }, loc(r.error)));
      return;
    }
    const docs = new Map(p.documents.map((d) => [d.id, ownLabel(d) || d.id]));
    const fees = new Map(p.fees.map((f) => [f.id, ownLabel(f) || f.id]));
    into.replaceChildren(
      r.total !== undefined ? h('div', { class: 'due-big' }, `${t('totalFee')}: `, h('strong', {}, money(r.total))) : '',
      r.fees ? h('ul', {}, r.fees.map((f) => h('li', {}, `${fees.get(f.id) ?? f.id}: ${money(f.amount)}`, f.note ? ` — ${loc(f.note)}` : ''))) : '',
      r.documents
        ? h('div', {}, h('strong', {}, `${t('stillRequired')}: `), r.documents.filter((d) => d.required && !d.waived).map((d) => docs.get(d.id) ?? d.id).join('; ') || '—')
        : '',
    );
  } catch (err) {
    into.replaceChildren(h('p', { class: 'warning' }, err instanceof Error ? err.message : String(err)));
  }
}

function requirednessEl(r: DocumentView['required']): HTMLElement {
  if (r === 'always') return h('span', { class: 'badge badge-req' }, t('required'));
  if (r === 'never') return h('span', { class: 'badge' }, t('optional'));
  return h('span', { class: 'badge badge-cond' }, `${t('requiredWhen')} `, phraseEl(r));
}

function documentEl(d: DocumentView): HTMLElement {
  const facts: string[] = [];
  if (d.form) facts.push(documentFormLabel(d.form));
  if (d.copies > 1) facts.push(`${t('copies')}: ${d.copies}`);
  if (d.formats.length) facts.push(`${t('formats')}: ${d.formats.join(', ')}`);
  if (d.maxSizeMB !== undefined) facts.push(`${t('maxSize')}: ${d.maxSizeMB} MB`);
  if (d.signed) facts.push(t('signed'));
  return h(
    'li',
    { class: 'doc' },
    h('div', { class: 'doc-title' }, h('strong', {}, ownLabel(d) || d.id), ' ', h('code', { class: 'id' }, d.id)),
    h('div', { class: 'badges' }, requirednessEl(d.required), d.generated ? h('span', { class: 'badge badge-gen' }, `⚙ ${t('generated')}`) : null),
    facts.length ? h('div', { class: 'facts' }, facts.join(' · ')) : null,
    d.waivers.map((w) => h('div', { class: 'waiver' }, `♻ ${t('waivedWhen')} `, phraseEl(w.when), basisEl(w.basis))),
    d.proves.length ? h('div', { class: 'facts' }, `${t('proves')}: ${d.proves.join(', ')}`) : null,
    d.help ? h('div', { class: 'help' }, ownText(d.help, d.helpEn)) : null,
    basisEl(d.basis),
  );
}

function feeEl(f: FeeView): HTMLElement {
  const due =
    f.due.on === 'submit' ? t('dueOnSubmit') : f.due.on === 'result' ? t('dueOnResult') : `${t('dueBefore')} “${ownText(f.due.transitionLabel, f.due.transitionLabelEn) ?? f.due.transition ?? ''}”`;
  return h(
    'div',
    { class: 'fee' },
    h('div', { class: 'doc-title' }, h('strong', {}, ownLabel(f) || f.id), ' ', h('code', { class: 'id' }, f.id)),
    h(
      'ul',
      { class: 'fee-lines' },
      f.lines.map((l) =>
        h(
          'li',
          {},
          l.kind === 'tiered'
            ? [
                `${t('tieredBy')} `,
                phraseEl(l.amount),
                h(
                  'ul',
                  {},
                  (l.tiers ?? []).map((tier) => h('li', {}, tier.upTo ? [`${t('upTo')} `, phraseEl(tier.upTo)] : t('above'), ': ', phraseEl(tier.amount))),
                ),
              ]
            : [`${t('amount')}: `, h('strong', {}, phraseEl(l.amount)), l.per ? [` ${t('per')} `, phraseEl(l.per)] : null],
          l.when ? [` — ${t('when')} `, phraseEl(l.when)] : null,
          l.effective ? h('span', { class: 'muted' }, ` (${t('effective')} ${l.effective.from}${l.effective.until ? ` → ${l.effective.until}` : ''})`) : null,
          basisEl(l.basis),
        ),
      ),
      f.discounts.map((d) => h('li', {}, `${t('discount')} `, phraseEl(d.percent), d.when ? [` ${t('when')} `, phraseEl(d.when)] : null, basisEl(d.basis))),
      f.exemptions.map((x) => h('li', { class: 'exempt' }, `${t('exempt')}: `, x.label ? h('strong', {}, ownText(x.label, x.labelEn)) : null, ` — ${t('when')} `, phraseEl(x.when), basisEl(x.basis))),
      f.cap ? h('li', {}, `${t('cap')}: `, phraseEl(f.cap)) : null,
    ),
    h('div', { class: 'facts' }, due),
  );
}
