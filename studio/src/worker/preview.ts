// Builds the preview panels' data for one file of the workspace: compiles the procedure shown,
// turns its IR into what the panels render (conditions in Vietnamese words with the designer's
// labels, literal bounds the page can check) and the "changes since saved" text.
import {
  compileProcedure,
  diffProcedures,
  exprSource,
  exprText,
  LabelIndex,
  labelIn,
  noSemanticChange,
  parse,
  PERSONAL_ID_PATTERN,
  PHONE_PATTERN,
  renderDiff,
  type Declaration,
  type Diagnostic,
  type IRExpr,
  type IRField,
  type IRGroup,
  type IRTransition,
  type Localized,
  type ParsedFile,
  type ProcedureDecl,
  type ProcedureIR,
  type Workspace,
} from '@motcua/dsl';
import { sameData } from '../preview-delta.ts';
import type {
  DocumentView,
  FeeView,
  FieldView,
  GroupView,
  Phrase,
  PreviewModel,
  ProcedurePreview,
  Requiredness,
  TimingView,
} from '../preview-model.ts';

/** A text's English companion, as an optional property: absent when the procedure gives none. */
const en = <K extends string>(key: K, text: string | undefined): { [P in K]?: string } => (text ? ({ [key]: text } as { [P in K]?: string }) : {});

export const EMAIL_PATTERN = '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$';

export function buildPreview(
  ws: Workspace,
  path: string,
  diagnostics: readonly Diagnostic[],
  savedText: string | undefined,
  wanted?: string,
): PreviewModel {
  return { ...previewPanels(ws, path, diagnostics, wanted), changes: changesSince(savedText, ws.file(path)) };
}

/**
 * The preview without the changes since saved: the procedures of the file, and the panels' data
 * of the one shown. `diagnostics` are the file's, just checked in this same workspace.
 */
export function previewPanels(ws: Workspace, path: string, diagnostics: readonly Diagnostic[], wanted?: string): Omit<PreviewModel, 'changes'> {
  const file = ws.file(path);
  const procedures = (file?.ast.declarations ?? [])
    .filter((d): d is ProcedureDecl => d.kind === 'Procedure' && d.name.text !== '')
    .map((d) => ({ id: d.name.text, ...procedureTitle(d) }));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const selected = procedures.find((p) => p.id === wanted)?.id ?? procedures[0]?.id;
  if (!selected) return { procedures, errors, warnings };
  let ir: ProcedureIR | undefined;
  try {
    // The first procedure of that name in the workspace; two files declaring it is an error anyway.
    // The file was just checked: the compiler does not check it again.
    if (ws.procedure(selected)?.file === file?.path) ir = compileProcedure(ws, selected, { checked: diagnostics }).ir;
  } catch {
    ir = undefined;
  }
  return { procedures, selected, errors, warnings, ...(ir ? { procedure: procedureView(ir) } : {}) };
}

/** The procedure's title as written, and its English companion when it has one. */
function procedureTitle(d: ProcedureDecl): { title: string; titleEn?: string } {
  for (const item of d.items) if (item.kind === 'Meta' && item.key === 'title') return { title: item.strings[0]?.value ?? '', ...en('titleEn', item.titleEn?.value) };
  return { title: '' };
}

/** The procedures of recently saved texts, parsed once: the saved text changes only on save. */
const savedProcedures = new Map<string, Map<string, ProcedureDecl>>();

const proceduresOf = (declarations: readonly Declaration[]): Map<string, ProcedureDecl> =>
  new Map(declarations.filter((d): d is ProcedureDecl => d.kind === 'Procedure').map((d) => [d.name.text, d]));

/** As `diffText(saved, text)`, the text's side from the workspace's parse instead of parsing it again. */
export function changesSince(saved: string | undefined, file: ParsedFile | undefined): PreviewModel['changes'] {
  const text = file?.text ?? '';
  if (saved === undefined || saved === text) return { changed: saved !== undefined && saved !== text, vi: '', en: '' };
  try {
    let before = savedProcedures.get(saved);
    if (!before) {
      before = proceduresOf(parse(saved).file.declarations);
      savedProcedures.set(saved, before);
      if (savedProcedures.size > 8) savedProcedures.delete(savedProcedures.keys().next().value!);
    }
    const after = proceduresOf(file?.ast.declarations ?? []);
    const diffs = [...new Set([...after.keys(), ...before.keys()])].map((n) => diffProcedures(before.get(n), after.get(n)));
    const changed = diffs.some((d) => !noSemanticChange(d));
    return { changed, vi: renderDiff(diffs, 'vi'), en: renderDiff(diffs, 'en') };
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return { changed: true, vi: `Không so sánh được: ${msg}`, en: `Could not compare: ${msg}` };
  }
}

// ---------------------------------------------------------------------------- the procedure

export function procedureView(ir: ProcedureIR): ProcedurePreview {
  const ix = new LabelIndex(ir);
  const phrase = (e: IRExpr): Phrase => ({ vi: exprText(e, ix), src: exprSource(e) });
  const requiredness = (r: boolean | IRExpr): Requiredness => (r === true ? 'always' : r === false ? 'never' : phrase(r));
  const transition = (id: string | undefined) => {
    for (const s of ir.workflow.states) for (const t of s.transitions) if (t.id === id) return t;
    return undefined;
  };
  const agency = ir.agencies.find((a) => a.id === ir.agency);

  return {
    id: ir.id,
    code: ir.code,
    title: ir.title,
    ...en('titleEn', ir.titleEn),
    version: ir.version,
    agency: ir.agency,
    agencyLabel: agency?.label ?? ir.agency,
    ...en('agencyLabelEn', agency?.labelEn),
    channels: ir.channels,
    form: formView(ir, phrase, requiredness),
    documents: ir.documents.map(
      (d): DocumentView => ({
        id: d.id,
        label: d.label,
        ...en('labelEn', d.labelEn),
        required: requiredness(d.required),
        ...(d.form ? { form: d.form } : {}),
        copies: d.copies,
        formats: d.formats,
        ...(d.maxSizeMB !== undefined ? { maxSizeMB: d.maxSizeMB } : {}),
        signed: d.signed,
        generated: d.generated,
        waivers: d.waivers.map((w) => ({ when: phrase(w.condition), basis: w.basis })),
        proves: d.proves,
        ...(d.help ? { help: d.help, ...en('helpEn', d.helpEn) } : {}),
        basis: d.basis,
      }),
    ),
    fees: ir.fees.map(
      (f): FeeView => ({
        id: f.id,
        label: f.label,
        ...en('labelEn', f.labelEn),
        lines: f.lines.map((l) => ({
          kind: l.kind,
          amount: phrase(l.kind === 'tiered' ? l.by : l.amount),
          ...(l.kind === 'per_unit' ? { per: phrase(l.per) } : {}),
          ...(l.kind === 'tiered' ? { tiers: l.tiers.map((t) => ({ ...(t.upTo ? { upTo: phrase(t.upTo) } : {}), amount: phrase(t.amount) })) } : {}),
          ...(l.condition ? { when: phrase(l.condition) } : {}),
          basis: l.basis,
          ...(l.effective ? { effective: l.effective } : {}),
        })),
        discounts: f.discounts.map((d) => ({ percent: phrase(d.percent), ...(d.condition ? { when: phrase(d.condition) } : {}), basis: d.basis })),
        exemptions: f.exemptions.map((x) => ({ ...(x.label ? { label: x.label, ...en('labelEn', x.labelEn) } : {}), when: phrase(x.condition), basis: x.basis })),
        ...(f.cap ? { cap: phrase(f.cap.amount) } : {}),
        due: { ...f.due, ...dueTransition(transition(f.due.transition)) },
      }),
    ),
    workflow: ir.workflow,
    timing: timingView(ir),
    agencies: ir.agencies.map((a) => ({ id: a.id, label: a.label, ...en('labelEn', a.labelEn), calendar: a.calendar })),
    scenarios: ir.scenarios.map((s) => ({ id: s.id, label: s.label, ...en('labelEn', s.labelEn) })),
    sourceHash: ir.sourceHash,
    ir,
  };
}

/** The transition a fee is payable before, named (the name in English too when it has one). */
function dueTransition(t: IRTransition | undefined): Pick<FeeView['due'], 'transitionLabel' | 'transitionLabelEn'> {
  if (!t) return {};
  return t.label ? { transitionLabel: t.label, ...en('transitionLabelEn', t.labelEn) } : { transitionLabel: t.id };
}

function timingView(ir: ProcedureIR): TimingView {
  const d = ir.deadline;
  let fromLabel: Localized | undefined;
  if (d) {
    const state = ir.workflow.states.find((s) => s.id === d.from);
    const named = (lang: 'vi' | 'en') => (state ? labelIn(lang, state) : '') || d.from;
    if (d.from === 'complete') fromLabel = { vi: 'khi cấp phiếu tiếp nhận hồ sơ đầy đủ', en: 'when the receipt for a complete dossier is issued' };
    else if (d.from === 'submission') fromLabel = { vi: 'khi nộp hồ sơ', en: 'on submission' };
    else fromLabel = { vi: `khi hồ sơ vào bước “${named('vi')}”`, en: `when the dossier enters “${named('en')}”` };
  }
  return {
    ...(d && fromLabel ? { deadline: { amount: d.amount, unit: d.unit, from: d.from, fromLabel, basis: d.basis } } : {}),
    ...(ir.warn ? { warn: ir.warn } : {}),
    extension: { declared: ir.extension.declared, ...(ir.extension.max ? { max: ir.extension.max } : {}) },
  };
}

// ---------------------------------------------------------------------------- the form

const BUILT_IN_PATTERN: Partial<Record<IRField['type'], string>> = {
  personal_id: PERSONAL_ID_PATTERN,
  phone: PHONE_PATTERN,
  email: EMAIL_PATTERN,
};

/** A bound the page can check itself: a number, an amount in đồng, or an ISO date. */
function literalBound(e: IRExpr | undefined): number | string | undefined {
  if (!e || e.kind !== 'lit') return undefined;
  if ((e.type === 'number' || e.type === 'money') && typeof e.value === 'number') return e.value;
  if (e.type === 'date' && typeof e.value === 'string') return e.value;
  return undefined;
}

/**
 * The field views of the procedure built last, by field path. A field's view depends only on the
 * field, the labels conditions are worded with (those of every field, option, group and source)
 * and the names of the sources: while those labels are the same, a field that did not change
 * keeps its view — the same object, which the worker then sends as "unchanged" at a glance.
 */
let lastFields: { procedure: string; labels: string; fields: Map<string, { ir: IRField; view: FieldView }> } | undefined;

/** Every label a condition or a prefill may be worded with. */
function labelsOf(ir: ProcedureIR): string {
  const options = (o: IRField['options']) => (o ?? []).map((x) => [x.id, x.label]);
  return JSON.stringify([
    ir.form.groups.map((g) => [g.path, g.label]),
    ir.form.fields.map((f) => [f.path, f.label, f.group ?? '', options(f.options)]),
    ir.sources.map((s) => [s.id, s.label, s.labelEn ?? '', s.fields.map((f) => [f.id, f.label, options(f.options)])]),
  ]);
}

function formView(
  ir: ProcedureIR,
  phrase: (e: IRExpr) => Phrase,
  requiredness: (r: boolean | IRExpr) => Requiredness,
): (FieldView | GroupView)[] {
  const sources = new Map(ir.sources.map((s) => [s.id, s]));
  const labels = labelsOf(ir);
  const reusable = lastFields?.procedure === ir.id && lastFields.labels === labels ? lastFields.fields : undefined;
  const built = new Map<string, { ir: IRField; view: FieldView }>();
  lastFields = { procedure: ir.id, labels, fields: built };
  const field = (f: IRField): FieldView => {
    const before = reusable?.get(f.path);
    const view = before && sameData(before.ir, f) ? before.view : fieldView(f);
    built.set(f.path, { ir: f, view });
    return view;
  };
  const fieldView = (f: IRField): FieldView => {
    const min = literalBound(f.min);
    const max = literalBound(f.max);
    const pattern = f.pattern ?? BUILT_IN_PATTERN[f.type];
    let prefill: FieldView['prefill'];
    if (f.prefill && 'source' in f.prefill) {
      const s = sources.get(f.prefill.source);
      const src: IRExpr = f.prefill.key
        ? { kind: 'call', fn: f.prefill.source, args: [f.prefill.key], member: [f.prefill.field] }
        : { kind: 'ref', scope: 'source', path: [f.prefill.source, f.prefill.field] };
      prefill = { source: f.prefill.source, sourceLabel: s?.label ?? f.prefill.source, ...en('sourceLabelEn', s?.labelEn), field: f.prefill.field, text: phrase(src) };
    } else if (f.prefill) {
      prefill = { text: phrase(f.prefill.expr) };
    }
    return {
      kind: 'field',
      id: f.id,
      path: f.path,
      label: f.label,
      ...en('labelEn', f.labelEn),
      type: f.type,
      ...(f.options ? { options: f.options } : {}),
      required: requiredness(f.required),
      ...(f.visible ? { visible: phrase(f.visible) } : {}),
      ...(f.help ? { help: f.help, ...en('helpEn', f.helpEn) } : {}),
      ...(prefill ? { prefill } : {}),
      locked: f.locked,
      ...(f.computed ? { computed: phrase(f.computed) } : {}),
      ...(f.default ? { default: phrase(f.default) } : {}),
      ...(min !== undefined ? { min } : f.min ? { minText: phrase(f.min) } : {}),
      ...(max !== undefined ? { max } : f.max ? { maxText: phrase(f.max) } : {}),
      ...(pattern ? { pattern } : {}),
    };
  };

  // Groups nest by path; fields and groups keep the order in which they were declared.
  const groupViews = new Map<string, { view: IRGroup; items: (FieldView | GroupView)[] }>();
  for (const g of ir.form.groups) groupViews.set(g.path, { view: g, items: [] });
  const root: (FieldView | GroupView)[] = [];
  const placed = new Set<string>();
  const containerOf = (parent: string | undefined) => (parent ? groupViews.get(parent)?.items ?? root : root);
  const placeGroup = (path: string) => {
    if (placed.has(path)) return;
    placed.add(path);
    const g = groupViews.get(path);
    if (!g) return;
    if (g.view.parent) placeGroup(g.view.parent);
    containerOf(g.view.parent).push(groupView(g.view, g.items));
  };
  const groupView = (g: IRGroup, items: (FieldView | GroupView)[]): GroupView => ({
    kind: 'group',
    id: g.id,
    path: g.path,
    label: g.label,
    ...en('labelEn', g.labelEn),
    ...(g.fragment ? { fragment: g.fragment } : {}),
    ...(g.repeated ? { repeated: g.repeated } : {}),
    ...(g.visible ? { visible: phrase(g.visible) } : {}),
    items, // filled in as fields are placed: the array is shared
  });
  for (const f of ir.form.fields) {
    if (f.group) placeGroup(f.group);
    containerOf(f.group).push(field(f));
  }
  for (const g of ir.form.groups) placeGroup(g.path);
  return root;
}
