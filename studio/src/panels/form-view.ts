// The form preview: the procedure's form as the citizen will see it — labels, types, what is
// required (and when), help, choice options, values prefilled from national data and locked —
// with the simple checks applied as the designer types test values.
import { h, patch, patchable } from '../dom.ts';
import { fieldTypeLabel, lang, ownLabel, ownText, t } from '../i18n.ts';
import { keyOf } from '../preview-delta.ts';
import type { FieldView, GroupView, Phrase, ProcedurePreview } from '../preview-model.ts';
import { validateValue } from './form-validation.ts';

export type FormValues = Map<string, string | boolean>;

const phraseText = (p: Phrase) => (lang() === 'vi' ? p.vi : p.src);
const phraseEl = (p: Phrase) => (lang() === 'vi' ? h('span', { class: 'phrase' }, p.vi) : h('code', {}, p.src));

/** The elements of the last rendering, by what they show: an unchanged field or group is kept as is. */
let shown = new Map<string, HTMLElement>();
/** The language and procedure of the last rendering: the elements above are for them. */
let shownFor = '';

/**
 * The form, updated in place when `previous` (the form rendered before) is given: fields and
 * groups whose content did not change stay the same elements (with what was typed in them), so
 * a keystroke in a large procedure lays out only what it changed.
 */
export function renderForm(procedure: ProcedurePreview, values: FormValues, onChange: () => void, previous?: HTMLElement): HTMLElement {
  const context = `${lang()}|${procedure.id}`;
  if (context !== shownFor) shown = new Map();
  shownFor = context;
  const kept = new Map<string, HTMLElement>();
  const items = procedure.form.map((item) => {
    // An item that did not change is the same object as in the previous preview: its JSON is
    // known, the same string as before, whose hash the map has already computed.
    const key = keyOf(item);
    const el = kept.get(key) ?? shown.get(key) ?? (item.kind === 'field' ? fieldEl(item, values, onChange) : groupEl(item, values, onChange));
    kept.set(key, el);
    return el;
  });
  shown = kept;
  const form = previous?.classList.contains('form-preview') ? previous : patchable(h('div', { class: 'form-preview' }));
  patch(form, [
    patchable(h('p', { class: 'hint' }, t('formNote'))),
    patchable(h('h3', { class: 'form-title' }, ownText(procedure.title, procedure.titleEn).toLocaleUpperCase(lang()))),
    ...items,
  ]);
  return form;
}

function groupEl(g: GroupView, values: FormValues, onChange: () => void): HTMLElement {
  const notes: (HTMLElement | string)[] = [];
  if (g.fragment) notes.push(h('span', { class: 'badge badge-fragment', title: g.fragment }, `${t('fragmentFrom')}: ${g.fragment}`));
  if (g.repeated) {
    const bounds = [
      g.repeated.min !== undefined ? `${t('atLeast')} ${g.repeated.min}` : '',
      g.repeated.max !== undefined ? `${t('atMost')} ${g.repeated.max}` : '',
    ].filter(Boolean);
    notes.push(h('span', { class: 'badge' }, `${t('repeated')}${bounds.length ? ` (${bounds.join(', ')})` : ''}`));
  }
  if (g.visible) notes.push(h('span', { class: 'badge badge-cond' }, `${t('visibleWhen')} `, phraseEl(g.visible)));
  return h(
    'fieldset',
    { class: `group${g.repeated ? ' repeated' : ''}` },
    h('legend', {}, ownLabel(g) || g.id),
    notes.length ? h('div', { class: 'badges' }, notes) : null,
    g.items.map((i) => (i.kind === 'field' ? fieldEl(i, values, onChange) : groupEl(i, values, onChange))),
    g.repeated ? h('button', { class: 'add-row', type: 'button', disabled: true, title: t('addRow') }, `+ ${t('addRow')}`) : null,
  );
}

function fieldEl(f: FieldView, values: FormValues, onChange: () => void): HTMLElement {
  const id = `field-${f.path.replace(/\./g, '-')}`;
  const message = h('div', { class: 'field-error', role: 'alert' });
  const check = (value: string | boolean) => {
    const problem = validateValue(f, value);
    message.textContent = problem ? problem[lang()] : '';
    wrapper.classList.toggle('invalid', problem !== undefined);
  };
  const setValue = (value: string | boolean) => {
    values.set(f.path, value);
    check(value);
    onChange();
  };
  const disabled = f.locked || f.computed !== undefined;
  const current = values.get(f.path);
  const source = f.prefill ? (ownText(f.prefill.sourceLabel, f.prefill.sourceLabelEn) ?? phraseText(f.prefill.text)) : '';
  const placeholder = f.prefill ? `${t('prefilledFrom')} ${source}` : f.computed ? `${t('computed')}: ${phraseText(f.computed)}` : '';
  let input: HTMLElement;
  switch (f.type) {
    case 'boolean': {
      const box = h('input', { type: 'checkbox', id, disabled, onchange: (e: Event) => setValue((e.target as HTMLInputElement).checked) });
      box.checked = current === true;
      input = h('label', { class: 'checkbox' }, box, h('span', {}, ownLabel(f)));
      break;
    }
    case 'choice': {
      const select = h(
        'select',
        { id, disabled, onchange: (e: Event) => setValue((e.target as HTMLSelectElement).value) },
        h('option', { value: '' }, t('chooseOne')),
        (f.options ?? []).map((o) => h('option', { value: o.id }, ownLabel(o))),
      );
      select.value = typeof current === 'string' ? current : '';
      input = select;
      break;
    }
    default: {
      const type = f.type === 'date' ? 'date' : f.type === 'email' ? 'email' : f.type === 'phone' ? 'tel' : 'text';
      const numeric = f.type === 'number' || f.type === 'money' || f.type === 'personal_id';
      const el = h('input', {
        type,
        id,
        disabled,
        placeholder,
        inputmode: numeric ? 'numeric' : undefined,
        maxlength: f.type === 'personal_id' ? 12 : undefined,
        oninput: (e: Event) => setValue((e.target as HTMLInputElement).value),
      });
      el.value = typeof current === 'string' ? current : '';
      input = f.type === 'money' ? h('span', { class: 'money' }, el, h('span', { class: 'unit' }, 'đồng')) : el;
    }
  }

  const badges: HTMLElement[] = [];
  if (f.required !== 'always' && f.required !== 'never') badges.push(h('span', { class: 'badge badge-cond' }, `${t('requiredWhen')} `, phraseEl(f.required)));
  if (f.visible) badges.push(h('span', { class: 'badge badge-cond' }, `${t('visibleWhen')} `, phraseEl(f.visible)));
  if (f.prefill)
    badges.push(
      h(
        'span',
        { class: `badge ${f.locked ? 'badge-locked' : 'badge-prefill'}`, title: f.prefill.text.src },
        f.locked ? '' : '↺ ',
        `${t('prefilledFrom')} `,
        h('strong', {}, source),
        f.prefill.field ? ` (${f.prefill.field})` : '',
        ` — ${f.locked ? t('locked') : t('editable')}`,
      ),
    );
  else if (f.locked) badges.push(h('span', { class: 'badge badge-locked' }, t('locked')));
  if (f.computed) badges.push(h('span', { class: 'badge' }, `${t('computed')}: `, phraseEl(f.computed)));
  if (f.default) badges.push(h('span', { class: 'badge' }, `${t('defaultValue')}: `, phraseEl(f.default)));
  if (f.minText) badges.push(h('span', { class: 'badge' }, '≥ ', phraseEl(f.minText)));
  if (f.maxText) badges.push(h('span', { class: 'badge' }, '≤ ', phraseEl(f.maxText)));

  const wrapper = h(
    'div',
    { class: `field${f.locked ? ' locked' : ''}`, 'data-path': f.path },
    f.type === 'boolean'
      ? null
      : h(
          'label',
          { for: id, class: 'field-label' },
          ownLabel(f) || f.id,
          f.required === 'always' ? h('span', { class: 'req', title: t('required') }, ' *') : null,
          h('span', { class: 'type' }, ` · ${fieldTypeLabel(f.type)}`),
        ),
    input,
    badges.length ? h('div', { class: 'badges' }, badges) : null,
    f.help ? h('div', { class: 'help' }, ownText(f.help, f.helpEn)) : null,
    message,
  );
  if (current !== undefined) check(current);
  return wrapper;
}
