// The dossier's form as HTML, generated from the IR: groups as fieldsets, repeated groups as rows,
// each field's type as the right input, required marks, help, prefilled values with the name of
// the database they came from (locked ones read-only), field errors beside their fields. Also
// the reverse: a posted HTML form back into the engine's patch (path → typed value).
import { inLang, labelIn, type IRExpr, type IRField, type IRGroup, type ProcedureIR } from '@motcua/dsl';
import { holds, readPath, type EvalEnv, type FieldError, type FormRow, type FormValues, type PrefilledField, type Value } from '@motcua/engine';
import { html, raw, type Child, type Html } from './html.ts';
import { money, type Lang, type T } from './i18n.ts';

export interface FormRender {
  readonly ir: ProcedureIR;
  readonly values: FormValues;
  readonly prefilled: readonly PrefilledField[];
  readonly errors: readonly FieldError[];
  /** Raw values posted by the citizen (shown again after a refused save), by input name. */
  readonly submitted?: Readonly<Record<string, string>>;
  /** The rules' environment, to decide which conditional fields show (absent: all show). */
  readonly env?: EvalEnv;
  readonly lang: Lang;
  readonly t: T;
}

type Node = { kind: 'field'; field: IRField } | { kind: 'group'; group: IRGroup; children: Node[] };

/** The form as a tree in the IR's order: groups where their first field appears. */
function formTree(ir: ProcedureIR): Node[] {
  const groups = new Map(ir.form.groups.map((g) => [g.path, g]));
  const root: Node[] = [];
  const nodes = new Map<string, Extract<Node, { kind: 'group' }>>();
  const groupNode = (path: string): Node[] => {
    const existing = nodes.get(path);
    if (existing) return existing.children;
    const g = groups.get(path);
    if (!g) return root;
    const node: Extract<Node, { kind: 'group' }> = { kind: 'group', group: g, children: [] };
    nodes.set(path, node);
    (g.parent ? groupNode(g.parent) : root).push(node);
    return node.children;
  };
  for (const f of ir.form.fields) (f.group ? groupNode(f.group) : root).push({ kind: 'field', field: f });
  return root;
}

function repeatedAncestor(ir: ProcedureIR, groupPath: string | undefined): IRGroup | undefined {
  let g = groupPath ? ir.form.groups.find((x) => x.path === groupPath) : undefined;
  while (g) {
    if (g.repeated) return g;
    g = g.parent ? ir.form.groups.find((x) => x.path === g!.parent) : undefined;
  }
  return undefined;
}

/** Fields the citizen may change: not computed, not a locked prefilled value. */
export function editableFields(ir: ProcedureIR, prefilled: readonly PrefilledField[]): IRField[] {
  const locked = new Set(prefilled.filter((p) => p.locked).map((p) => p.path));
  return ir.form.fields.filter((f) => !f.computed && !locked.has(f.path));
}

/** Where a prefilled value came from (`source.field`), named in the page's language. */
export function sourceLabel(ir: ProcedureIR, source: string, lang: Lang, t: T): string {
  const id = source.split('.')[0]!;
  if (id === 'citizen') return t('tài khoản định danh điện tử của bạn', 'your electronic identity account');
  const s = ir.sources.find((x) => x.id === id);
  return s ? labelIn(lang, s) : id;
}

/** A value in words (choice label in the page's language, yes/no, money). */
export function valueText(f: IRField | undefined, v: Value, lang: Lang, t: T): string {
  if (v === undefined || v === null || v === '') return '—';
  if (f?.type === 'choice') {
    const option = f.options?.find((o) => o.id === v);
    return option ? labelIn(lang, option) : String(v);
  }
  if (typeof v === 'boolean') return v ? t('Có', 'Yes') : t('Không', 'No');
  if (f?.type === 'money' && typeof v === 'number') return money(v);
  if (f?.type === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return v.split('-').reverse().join('/');
  if (Array.isArray(v)) return v.map((x) => valueText(undefined, x as Value, lang, t)).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function visibleIn(expr: IRExpr | undefined, env: EvalEnv | undefined): boolean {
  if (!expr || !env) return true;
  try {
    return holds(expr, env);
  } catch {
    return true;
  }
}

function requiredIn(f: IRField, env: EvalEnv | undefined): boolean | 'maybe' {
  if (f.required === true || f.required === false) return f.required;
  if (!env) return 'maybe';
  try {
    return holds(f.required, env);
  } catch {
    return 'maybe';
  }
}

/** A small padlock (inline SVG: no emoji font is needed on the citizen's phone). */
export const LOCK = raw('<svg class="icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true"><path fill="currentColor" d="M4 7V5a4 4 0 0 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 0 0-4 0v2z"/></svg>');

const rawText = (v: Value): string => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

// ------------------------------------------------------------------ editable form

export function renderEditableForm(r: FormRender): Html {
  const { t, lang } = r;
  const prefilledBy = new Map(r.prefilled.map((p) => [p.path, p]));
  const errorsBy = new Map<string, FieldError[]>();
  for (const e of r.errors) errorsBy.set(e.path, [...(errorsBy.get(e.path) ?? []), e]);

  const fieldInput = (f: IRField, name: string, value: Value, env: EvalEnv | undefined): Html => {
    const pre = name === f.path ? prefilledBy.get(f.path) : undefined;
    const locked = pre?.locked === true || f.computed !== undefined;
    const errs = errorsBy.get(name) ?? [];
    const id = `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
    const req = requiredIn(f, env);
    const shown = r.submitted && name in r.submitted ? r.submitted[name]! : rawText(value);
    const help = inLang(lang, f.help, f.helpEn);
    const describe = [help ? `${id}-help` : '', errs.length ? `${id}-err` : ''].filter(Boolean).join(' ');
    const aria = html`${describe ? html` aria-describedby="${describe}"` : ''}${errs.length ? html` aria-invalid="true"` : ''}`;
    let control: Html;
    if (locked) {
      // Shown as text that wraps (a long address must stay readable on a phone), not as an input.
      control = html`<div id="${id}" class="readonly" role="textbox" aria-readonly="true" aria-labelledby="${id}-label"${aria}>${valueText(f, value, lang, t) === '—' ? html`<span class="muted">${t('(không có dữ liệu)', '(no data)')}</span>` : valueText(f, value, lang, t)}</div>`;
    } else if (f.type === 'choice') {
      control = html`<select id="${id}" name="${name}"${aria}><option value="">${t('— Chọn —', '— Choose —')}</option>${(f.options ?? []).map(
        (o) => html`<option value="${o.id}"${shown === o.id ? html` selected` : ''}>${labelIn(lang, o)}</option>`,
      )}</select>`;
    } else if (f.type === 'boolean') {
      control = html`<div role="radiogroup" aria-labelledby="${id}-label">${[
        ['true', t('Có', 'Yes')],
        ['false', t('Không', 'No')],
      ].map(([v, label]) => html`<label class="choice"><input type="radio" name="${name}" value="${v!}"${shown === v ? html` checked` : ''}>${label!}</label>`)}</div>`;
    } else {
      const type =
        f.type === 'number' || f.type === 'money' ? 'number' : f.type === 'date' ? 'date' : f.type === 'email' ? 'email' : f.type === 'phone' ? 'tel' : 'text';
      const extra =
        f.type === 'money'
          ? html` step="1" min="0" inputmode="numeric"`
          : f.type === 'number'
            ? html` step="any" inputmode="decimal"`
            : f.type === 'personal_id'
              ? html` inputmode="numeric" maxlength="12" autocomplete="off"`
              : f.type === 'phone'
                ? html` autocomplete="tel"`
                : f.type === 'email'
                  ? html` autocomplete="email"`
                  : f.type === 'address'
                    ? html` autocomplete="street-address"`
                    : '';
      control = html`<input id="${id}" type="${type}" name="${name}" value="${shown}"${extra}${aria}>`;
    }
    const badge = pre
      ? html` <span class="source${pre.locked ? ' locked' : ''}">${pre.locked ? LOCK : ''}${t('Từ', 'From')} ${sourceLabel(r.ir, pre.source, lang, t)}</span>`
      : f.computed
        ? html` <span class="source locked">${LOCK}${t('Tự động tính', 'Computed')}</span>`
        : '';
    const visible = name === f.path ? visibleIn(f.visible, env) : true;
    return html`<div class="field${errs.length ? ' invalid' : ''}" data-path="${name}"${locked ? html` data-value="${JSON.stringify(value ?? null)}"` : ''}${
      f.visible && name === f.path ? html` data-visible="${JSON.stringify(f.visible)}"` : ''
    }${visible ? '' : html` hidden`}>
<label${locked ? '' : html` for="${id}"`} id="${id}-label">${labelIn(lang, f)}${req === true ? html` <span class="req" title="${t('Bắt buộc', 'Required')}">*</span>` : ''}${f.type === 'money' ? html` <span class="muted">(₫)</span>` : ''}${badge}</label>
${control}${help ? html`<div class="help" id="${id}-help">${help}</div>` : ''}${errs.length ? html`<div class="err" id="${id}-err">${errs.map((e) => html`<div>${e.message[r.lang]}</div>`)}</div>` : ''}</div>`;
  };

  const renderNodes = (nodes: readonly Node[]): Child[] =>
    nodes.map((n) => {
      if (n.kind === 'field') return fieldInput(n.field, n.field.path, readPath(r.values, n.field.path.split('.')), r.env);
      const g = n.group;
      const visible = visibleIn(g.visible, r.env);
      const groupErrs = errorsBy.get(g.path) ?? [];
      const attrs = html`${g.visible ? html` data-visible="${JSON.stringify(g.visible)}"` : ''}${visible ? '' : html` hidden`}`;
      if (!g.repeated) return html`<fieldset${attrs}><legend>${labelIn(lang, g)}</legend>${renderNodes(n.children)}</fieldset>`;
      const rows = readPath(r.values, g.path.split('.'));
      const list = Array.isArray(rows) ? (rows as FormRow[]) : [];
      const submittedRows = r.submitted ? Math.max(-1, ...Object.keys(r.submitted).map((k) => (k.startsWith(`${g.path}.`) ? Number(k.slice(g.path.length + 1).split('.')[0]) : -1))) + 1 : 0;
      const count = Math.min(Math.max(list.length, submittedRows) + 1, g.repeated.max ?? 50);
      const members = r.ir.form.fields.filter((f) => repeatedAncestor(r.ir, f.group)?.path === g.path);
      const bounds = [g.repeated.min !== undefined ? t(`ít nhất ${g.repeated.min} dòng`, `at least ${g.repeated.min} rows`) : '', g.repeated.max !== undefined ? t(`nhiều nhất ${g.repeated.max} dòng`, `at most ${g.repeated.max} rows`) : '']
        .filter(Boolean)
        .join(', ');
      return html`<fieldset${attrs}><legend>${labelIn(lang, g)}</legend><input type="hidden" name="__rows" value="${g.path}">
${bounds ? html`<p class="meta">${bounds.charAt(0).toUpperCase()}${bounds.slice(1)}. ${t('Dòng để trống sẽ được bỏ qua.', 'Empty rows are ignored.')}</p>` : ''}${groupErrs.map((e) => html`<div class="err">${e.message[r.lang]}</div>`)}
${Array.from({ length: count }, (_, i) => {
  const row = list[i] ?? {};
  const rowEnv = r.env ? { ...r.env, row: { group: g.path, values: row } } : undefined;
  return html`<fieldset><legend>${t('Dòng', 'Row')} ${i + 1}${i >= list.length ? html` <span class="muted">(${t('thêm mới', 'new')})</span>` : ''}</legend>${members.map((f) => {
    const rel = f.path.slice(g.path.length + 1);
    return fieldInput(f, `${g.path}.${i}.${rel}`, readPath(row, rel.split('.')), rowEnv);
  })}${i < list.length ? html`<label class="choice"><input type="checkbox" name="${g.path}.${i}.__delete" value="1">${t('Xóa dòng này', 'Delete this row')}</label>` : ''}</fieldset>`;
})}</fieldset>`;
    });

  return html`${renderNodes(formTree(r.ir))}`;
}

// ------------------------------------------------------------------ read-only form

export function renderReadonlyForm(r: FormRender): Html {
  const { t, lang } = r;
  const prefilledBy = new Map(r.prefilled.map((p) => [p.path, p]));
  const row = (f: IRField, v: Value) => {
    const pre = prefilledBy.get(f.path);
    return html`<dt>${labelIn(lang, f)}</dt><dd>${valueText(f, v, lang, t)}${pre ? html` <span class="source${pre.locked ? ' locked' : ''}">${t('Từ', 'From')} ${sourceLabel(r.ir, pre.source, lang, t)}</span>` : ''}</dd>`;
  };
  const renderNodes = (nodes: readonly Node[]): Child[] =>
    nodes.map((n) => {
      if (n.kind === 'field') {
        const v = readPath(r.values, n.field.path.split('.'));
        if ((v === undefined || v === null) && !visibleIn(n.field.visible, r.env)) return '';
        return html`<dl class="kv">${row(n.field, v)}</dl>`;
      }
      const g = n.group;
      if (!visibleIn(g.visible, r.env)) return '';
      if (!g.repeated) return html`<fieldset><legend>${labelIn(lang, g)}</legend>${renderNodes(n.children)}</fieldset>`;
      const rows = readPath(r.values, g.path.split('.'));
      const list = Array.isArray(rows) ? (rows as FormRow[]) : [];
      const members = r.ir.form.fields.filter((f) => repeatedAncestor(r.ir, f.group)?.path === g.path);
      return html`<fieldset><legend>${labelIn(lang, g)}</legend>${
        list.length === 0
          ? html`<p class="muted">${t('Không có dòng nào', 'No rows')}</p>`
          : html`<div class="scroll"><table><thead><tr><th>#</th>${members.map((f) => html`<th>${labelIn(lang, f)}</th>`)}</tr></thead><tbody>${list.map(
              (rowValues, i) =>
                html`<tr><td>${i + 1}</td>${members.map((f) => html`<td>${valueText(f, readPath(rowValues, f.path.slice(g.path.length + 1).split('.')), lang, t)}</td>`)}</tr>`,
            )}</tbody></table></div>`
      }</fieldset>`;
    });
  return html`${renderNodes(formTree(r.ir))}`;
}

// ------------------------------------------------------------------ posted form → patch

function typed(f: IRField, s: string): Value | null {
  const v = s.normalize('NFC').trim();
  if (v === '') return null;
  if (f.type === 'number' || f.type === 'money') {
    const n = Number(v.replace(/\s/g, ''));
    return Number.isFinite(n) ? n : v; // not a number: the engine says so, in words
  }
  if (f.type === 'boolean') return v === 'true' ? true : v === 'false' ? false : v;
  return v;
}

/**
 * The engine's patch from a posted form: only the fields the page showed as editable, and only
 * those posted (a hidden, disabled field keeps its value); repeated groups as lists of rows,
 * blank and deleted rows dropped.
 */
export function patchFromPost(ir: ProcedureIR, prefilled: readonly PrefilledField[], body: Readonly<Record<string, string | string[]>>): Record<string, unknown> {
  const one = (k: string): string | undefined => {
    const v = body[k];
    return Array.isArray(v) ? v[0] : v;
  };
  const patch: Record<string, unknown> = {};
  const editable = editableFields(ir, prefilled);
  for (const f of editable) {
    if (repeatedAncestor(ir, f.group)) continue;
    const v = one(f.path);
    if (v !== undefined) patch[f.path] = typed(f, v);
  }
  const rowsPosted = new Set([body['__rows'] ?? []].flat());
  for (const g of ir.form.groups) {
    if (!g.repeated || !rowsPosted.has(g.path)) continue;
    const members = ir.form.fields.filter((f) => repeatedAncestor(ir, f.group)?.path === g.path);
    const indexes = new Set<number>();
    for (const k of Object.keys(body)) {
      const m = k.startsWith(`${g.path}.`) ? /^(\d+)\./.exec(k.slice(g.path.length + 1)) : null;
      if (m) indexes.add(Number(m[1]));
    }
    const rows: FormRow[] = [];
    for (const i of [...indexes].sort((a, b) => a - b)) {
      if (one(`${g.path}.${i}.__delete`)) continue;
      let row: Record<string, Value> = {};
      let filled = false;
      for (const f of members) {
        const rel = f.path.slice(g.path.length + 1);
        const v = one(`${g.path}.${i}.${rel}`);
        const value = v === undefined ? null : typed(f, v);
        if (value !== null) {
          filled = true;
          row = setRel(row, rel.split('.'), value);
        }
      }
      if (filled) rows.push(row);
    }
    patch[g.path] = rows;
  }
  return patch;
}

function setRel(row: Record<string, Value>, path: readonly string[], value: Value): Record<string, Value> {
  const [head, ...rest] = path;
  if (head === undefined) return row;
  if (rest.length === 0) return { ...row, [head]: value };
  const child = row[head];
  return { ...row, [head]: setRel(child && typeof child === 'object' && !Array.isArray(child) ? (child as Record<string, Value>) : {}, rest, value) };
}

/**
 * Shows and hides conditional fields as the citizen types, for the simple conditions forms use
 * (comparisons of form fields with options, and/or/not, in). Anything else is left as the
 * server rendered it; without JavaScript the server's decision after each save stands.
 * And keeps what was typed but not saved: an upload, the payment or a step posted from the page
 * carries the form's fields along (as `__form.<name>`; the server saves them first), and leaving
 * the page otherwise asks first. A form rendered with `data-unsaved` (a refused save) starts so.
 */
export const FORM_SCRIPT = `(function(){
var form=document.querySelector('form[data-dossier-form]');if(!form)return;
function val(p){var w=form.querySelector('[data-path="'+p.replace(/"/g,'')+'"]');if(!w)return undefined;
if(w.hasAttribute('data-value'))return JSON.parse(w.getAttribute('data-value'));
var radios=w.querySelectorAll('input[type=radio]');if(radios.length){for(var i=0;i<radios.length;i++)if(radios[i].checked)return radios[i].value==='true';return undefined;}
var el=w.querySelector('input,select,textarea');if(!el||el.value==='')return undefined;return el.type==='number'?Number(el.value):el.value;}
function ev(e){switch(e.kind){
case 'lit':return e.value;
case 'ref':if(e.scope!=='form')throw 0;return val(e.path.join('.'));
case 'list':return e.items.map(ev);
case 'unary':if(e.op==='not'){var o=ev(e.operand);return o===undefined?undefined:o!==true;}return -ev(e.operand);
case 'in':var v=ev(e.value),l=ev(e.list);if(v===undefined||!Array.isArray(l))return false;var r=l.indexOf(v)>=0;return e.negated?!r:r;
case 'binary':var a=ev(e.left),b;
if(e.op==='and'){if(a!==true)return false;return ev(e.right)===true;}
if(e.op==='or'){if(a===true)return true;return ev(e.right)===true;}
b=ev(e.right);if(a===undefined||b===undefined)return e.op==='=='||e.op==='!='?false:undefined;
if(e.op==='==')return a===b;if(e.op==='!=')return a!==b;
if(e.op==='<')return a<b;if(e.op==='<=')return a<=b;if(e.op==='>')return a>b;if(e.op==='>=')return a>=b;throw 0;
default:throw 0;}}
function update(){var ws=form.querySelectorAll('[data-visible]');for(var i=0;i<ws.length;i++){var w=ws[i],show;
try{show=ev(JSON.parse(w.getAttribute('data-visible')))===true;}catch(x){continue;}
w.hidden=!show;var els=w.querySelectorAll('input,select,textarea');for(var j=0;j<els.length;j++)els[j].disabled=!show;}}
form.addEventListener('change',update);form.addEventListener('input',update);update();
var dirty=form.hasAttribute('data-unsaved'),own=form.getAttribute('action')||'',base=own.slice(0,own.lastIndexOf('/')+1);
function touch(){dirty=true;}
form.addEventListener('input',touch);form.addEventListener('change',touch);form.addEventListener('submit',function(){dirty=false;});
document.addEventListener('submit',function(e){var f=e.target;if(f===form||!dirty||(f.getAttribute('action')||'').indexOf(base)!==0)return;
var old=f.querySelectorAll('input[data-carried]');for(var i=0;i<old.length;i++)f.removeChild(old[i]);
new FormData(form).forEach(function(v,k){if(typeof v!=='string')return;var h=document.createElement('input');h.type='hidden';h.name='__form.'+k;h.value=v;h.setAttribute('data-carried','');f.appendChild(h);});
dirty=false;},true);
window.addEventListener('beforeunload',function(e){if(dirty){e.preventDefault();e.returnValue='';}});})();`;
