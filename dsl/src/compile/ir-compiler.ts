// Compiles one procedure of a workspace into its IR: metadata, the form with imported
// fragments flattened into groups, documents, fees, deadlines, workflow, results and
// scenarios — every default applied, every name resolved. Only a file without errors compiles.
import type * as A from '../ast.ts';
import type { Diagnostic, LineMap } from '../diagnostics.ts';
import type { Workspace } from '../workspace.ts';
import { normalizePath } from '../workspace.ts';
import { checkFile } from '../check/index.ts';
import type {
  ProcedureIR,
  IRAgency,
  IRDocument,
  IRDuration,
  IREffect,
  IREffective,
  IRExpr,
  IRFee,
  IRFeeLine,
  IRField,
  IRGroup,
  IRPrefill,
  IRResult,
  IRScenario,
  IRScenarioStep,
  IRSource,
  IRState,
  IRTransition,
} from './ir.ts';
import { allOf, ExprResolver, type ExprContext, type FieldShape, type LocalNames } from './resolve-expr.ts';
import { sha256Hex } from './sha256.ts';
import { CHANNELS, conventionalStateLabels, conventionalStateLabelsEn, conventionalTransitionLabels, conventionalTransitionLabelsEn } from './vocabulary.ts';

export interface CompileOptions {
  /**
   * What `checkFile(ws, path)` returned for the procedure's file in this same workspace, when
   * the caller has just checked it (the CLI, the studio, the benchmark): the file is then not
   * checked a second time. The files the procedure draws from are still checked here.
   */
  readonly checked?: readonly Diagnostic[];
}

export interface CompileResult {
  /** Present only when the procedure file (and the fragments it imports) has no errors. */
  readonly ir?: ProcedureIR;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Compile procedure `name` of the workspace. Diagnostics are the checker's for the procedure's
 * file, plus the errors of every file the IR draws from (imported fragments, the declarations
 * of the sources and agencies it names); any error means no IR.
 * Throws only when the workspace has no procedure of that name (a caller's mistake).
 */
export function compileProcedure(ws: Workspace, name: string, options: CompileOptions = {}): CompileResult {
  const located = ws.procedure(name);
  if (!located) {
    const known = ws.procedures().map((p) => p.decl.name.text).sort();
    throw new Error(`Không có thủ tục \`${name}\` trong kho / no procedure \`${name}\` in the workspace (có / have: ${known.join(', ') || '—'})`);
  }
  const file = ws.file(located.file)!;
  const diagnostics: Diagnostic[] = options.checked ? [...options.checked] : checkFile(ws, file.path);
  const hasError = () => diagnostics.some((d) => d.severity === 'error');
  if (hasError()) return { diagnostics };

  const ir = new ProcedureCompiler(ws, located.decl, file.lines).compile(sha256Hex(file.text));
  // A mistake in a fragment, source or agency declaration changes the IR as much as one here.
  const dependencies = new Set<string>();
  for (const item of located.decl.items) if (item.kind === 'Use') dependencies.add(normalizePath(item.path.value));
  for (const s of ir.sources) dependencies.add(ws.sources.get(s.id)?.file ?? '');
  for (const a of ir.agencies) dependencies.add(ws.agencies.get(a.id)?.file ?? '');
  dependencies.delete(file.path);
  dependencies.delete('');
  for (const path of [...dependencies].sort()) diagnostics.push(...checkFile(ws, path).filter((d) => d.severity === 'error'));
  if (hasError()) return { diagnostics };
  // The compiler writes every object's keys in the schema's order (stable JSON) and only values
  // the schema accepts; the tests hold it to that (ir-schema.test.ts). Validating our own
  // output here would cost a third of the compile: the engine validates at its boundary
  // (`parseIR` on publish and on every read).
  return { ir, diagnostics };
}

// ---------------------------------------------------------------------------- form structure

interface PendingField {
  readonly decl: A.FieldDecl;
  readonly path: readonly string[];
  readonly group?: string;
  readonly locals: readonly LocalNames[];
}

interface PendingGroup {
  readonly id: string;
  readonly label: string;
  readonly labelEn?: string;
  readonly path: readonly string[];
  readonly parent?: string;
  readonly fragment?: string;
  readonly repeated?: { readonly min?: number; readonly max?: number };
  readonly visibleWhen?: A.Expr;
  /** Scope of the group's own `visible when`: the scope it is declared in. */
  readonly outerLocals: readonly LocalNames[];
}

const named = (i: { text: string }) => i.text !== '';

/** `{ labelEn }` when the English companion is written, else nothing (the key is absent). */
const labelEn = (x: { readonly labelEn?: A.StringLit | undefined }): { labelEn?: string } => (x.labelEn ? { labelEn: x.labelEn.value } : {});
/** A state or transition without a written label reads by its conventional name in both languages (vocabulary.ts). */
const conventionalEn = (labels: Readonly<Record<string, string>>, id: string): { labelEn?: string } =>
  Object.prototype.hasOwnProperty.call(labels, id) ? { labelEn: labels[id]! } : {};

function meta(m: A.RuleMeta | undefined): { basis: string[]; effective?: IREffective } {
  const basis = (m?.basis ?? []).map((b) => b.value);
  const eff = m?.effective;
  if (!eff || !eff.from.value) return { basis };
  return { basis, effective: { from: eff.from.value, ...(eff.until ? { until: eff.until.value } : {}) } };
}

const duration = (d: A.Duration): IRDuration => ({ amount: d.amount, unit: d.unit });

class ProcedureCompiler {
  private readonly fields: PendingField[] = [];
  private readonly groups: PendingGroup[] = [];
  private readonly shapes = new Map<string, FieldShape>();
  private readonly topNames = new Set<string>();
  private readonly resolver: ExprResolver;
  private readonly top: ExprContext = { locals: [] };

  constructor(
    private readonly ws: Workspace,
    private readonly proc: A.ProcedureDecl,
    /** Lines of the procedure's file, so scenario steps can say where they are written. */
    private readonly lines?: LineMap,
  ) {
    // Pass 1: the form's structure, so expressions may name fields declared further down.
    for (const item of proc.items) {
      if (item.kind === 'Use') this.collectUse(item);
      if (item.kind === 'Form') this.collectItems(item.items, [], undefined, []);
    }
    const sources = new Map<string, A.SourceDecl>();
    for (const [id, s] of ws.sources) sources.set(id, s.decl);
    this.resolver = new ExprResolver(this.shapes, this.topNames, sources);
  }

  private collectUse(use: A.UseDecl): void {
    if (!named(use.name)) return;
    const fragment = this.ws.resolveUse(use)?.decl;
    const local: LocalNames = {
      prefix: [use.name.text],
      names: new Set((fragment?.fields ?? []).map((f) => f.name.text).filter(Boolean)),
    };
    this.topNames.add(use.name.text);
    this.groups.push({
      id: use.name.text,
      label: fragment?.label?.value ?? use.name.text,
      ...(fragment ? labelEn(fragment) : {}),
      path: [use.name.text],
      fragment: normalizePath(use.path.value),
      outerLocals: [],
    });
    this.collectItems(fragment?.fields ?? [], [use.name.text], use.name.text, [local]);
  }

  private collectItems(items: readonly A.FormItem[], prefix: readonly string[], group: string | undefined, locals: readonly LocalNames[]): void {
    for (const it of items) {
      if (!named(it.name)) continue;
      const path = [...prefix, it.name.text];
      if (prefix.length === 0) this.topNames.add(it.name.text);
      if (it.kind === 'Field') {
        this.fields.push({ decl: it, path, ...(group ? { group } : {}), locals });
        this.shapes.set(path.join('.'), { type: it.type.name.text, options: it.type.options.map((o) => o.name.text) });
        continue;
      }
      const inner: LocalNames = { prefix: path, names: new Set(it.fields.map((f) => f.name.text).filter(Boolean)), row: !!it.repeated };
      this.groups.push({
        id: it.name.text,
        label: it.label?.value ?? it.name.text,
        ...labelEn(it),
        path,
        ...(group ? { parent: group } : {}),
        ...(it.repeated ? { repeated: { ...(it.repeated.min !== undefined ? { min: it.repeated.min } : {}), ...(it.repeated.max !== undefined ? { max: it.repeated.max } : {}) } } : {}),
        ...(it.visibleWhen ? { visibleWhen: it.visibleWhen } : {}),
        outerLocals: locals,
      });
      this.collectItems(it.fields, path, path.join('.'), [inner, ...locals]);
    }
  }

  private expr(e: A.Expr, ctx: ExprContext = this.top, hint?: ReadonlySet<string>): IRExpr {
    return this.resolver.convert(e, ctx, hint);
  }

  private itemsOf<K extends A.ProcedureItem['kind']>(kind: K): Extract<A.ProcedureItem, { kind: K }>[] {
    return this.proc.items.filter((i): i is Extract<A.ProcedureItem, { kind: K }> => i.kind === kind);
  }

  // ------------------------------------------------------------------------- the procedure

  /** The IR, every object's keys in the order of the schema in ir.ts. */
  compile(sourceHash: string): ProcedureIR {
    const metas = this.itemsOf('Meta');
    const strings = (key: A.MetaKey) => metas.filter((m) => m.key === key).flatMap((m) => m.strings.map((s) => s.value));
    const titleEn = metas.find((m) => m.key === 'title')?.titleEn?.value;
    const names = (key: A.MetaKey) => metas.filter((m) => m.key === key).flatMap((m) => m.names.filter(named).map((n) => n.text));
    const version = metas.find((m) => m.key === 'version')?.number?.value;
    const dates = metas.find((m) => m.key === 'effective')?.dates;
    const agencyNames = names('agency');
    const channels = names('channels');

    // Keys in the schema's order: the IR's JSON is stable.
    const form = { groups: this.groups.map((g) => this.group(g)), fields: this.fields.map((f) => this.field(f)) };
    const documents = this.itemsOf('Documents').flatMap((d) => d.docs.filter((doc) => named(doc.name)).map((doc) => this.document(doc)));
    const fees = this.itemsOf('Fee').filter((f) => named(f.name)).map((f) => this.fee(f));
    const deadline = this.itemsOf('Deadline')[0];
    const warn = this.itemsOf('Warn')[0];
    const extension = this.itemsOf('Extension')[0];
    const states = this.itemsOf('Workflow').flatMap((w) => w.states.filter((s) => named(s.name)));
    const workflow = { initial: states[0]?.name.text ?? '', states: states.map((s) => this.state(s, agencyNames[0] ?? '')) };
    const results = this.itemsOf('Result').filter((r) => named(r.name)).map((r) => this.result(r));
    const scenarios = this.itemsOf('Scenario').filter((s) => named(s.name)).map((s) => this.scenario(s));

    return {
      irVersion: 1,
      id: this.proc.name.text,
      code: strings('code')[0] ?? '',
      version: version ?? 1,
      title: strings('title')[0] ?? this.proc.name.text,
      ...(titleEn !== undefined ? { titleEn } : {}),
      agency: agencyNames[0] ?? '',
      agencies: this.agencies(agencyNames, states),
      ...(names('level')[0] ? { level: names('level')[0] } : {}),
      channels: channels.length ? CHANNELS.filter((c) => channels.includes(c)) : [...CHANNELS],
      audience: strings('audience'),
      ...(dates?.from.value ? { effective: { from: dates.from.value, ...(dates.until ? { until: dates.until.value } : {}) } } : {}),
      basis: strings('basis'),
      form,
      documents,
      fees,
      ...(deadline ? { deadline: { ...duration(deadline.duration), from: deadline.from.text, ...meta(deadline.meta) } } : {}),
      ...(warn ? { warn: duration(warn.duration) } : {}),
      extension: extension
        ? { declared: true, ...(extension.max ? { max: duration(extension.max) } : {}), ...meta(extension.meta) }
        : { declared: false, basis: [] },
      workflow,
      results,
      scenarios,
      // Last: every expression above has been converted, so every source read is known.
      sources: this.sources(),
      sourceHash,
    };
  }

  // ------------------------------------------------------------------------- form

  private group(g: PendingGroup): IRGroup {
    return {
      id: g.id,
      path: g.path.join('.'),
      ...(g.parent ? { parent: g.parent } : {}),
      label: g.label,
      ...(g.labelEn !== undefined ? { labelEn: g.labelEn } : {}),
      ...(g.fragment ? { fragment: g.fragment } : {}),
      ...(g.repeated ? { repeated: g.repeated } : {}),
      ...(g.visibleWhen ? { visible: this.expr(g.visibleWhen, { locals: g.outerLocals }) } : {}),
    };
  }

  private field(f: PendingField): IRField {
    const d = f.decl;
    const ctx: ExprContext = { locals: f.locals };
    const own = this.resolver.fieldOptions(f.path.join('.'));
    let required: boolean | IRExpr = false;
    let locked = false;
    let visible: IRExpr | undefined;
    let min: IRExpr | undefined;
    let max: IRExpr | undefined;
    let pattern: string | undefined;
    let help: string | undefined;
    let helpEn: string | undefined;
    let prefill: IRPrefill | undefined;
    let computed: IRExpr | undefined;
    let dflt: IRExpr | undefined;
    for (const c of d.clauses) {
      switch (c.kind) {
        case 'Required':
          required = c.when ? this.expr(c.when, ctx) : true;
          break;
        case 'Optional':
          required = false;
          break;
        case 'Visible':
          visible = this.expr(c.when, ctx);
          break;
        case 'Min':
          min = this.expr(c.value, ctx);
          break;
        case 'Max':
          max = this.expr(c.value, ctx);
          break;
        case 'Pattern':
          pattern = c.pattern.value;
          break;
        case 'Help':
          help = c.text.value;
          helpEn = c.textEn?.value;
          break;
        case 'Prefill':
          prefill = this.prefill(this.expr(c.from, ctx));
          break;
        case 'Locked':
          locked = true;
          break;
        case 'Computed':
          computed = this.expr(c.value, ctx, own);
          break;
        case 'Default':
          dflt = this.expr(c.value, ctx, own);
          break;
      }
    }
    const type = d.type.name.text as IRField['type'];
    // Keys in the schema's order (ir.ts `Field`), whatever the order of the clauses.
    return {
      id: d.name.text,
      path: f.path.join('.'),
      ...(f.group ? { group: f.group } : {}),
      label: d.label?.value ?? d.name.text,
      ...labelEn(d),
      type,
      ...(type === 'choice' ? { options: options(d.type) } : {}),
      required,
      ...(visible ? { visible } : {}),
      ...(min ? { min } : {}),
      ...(max ? { max } : {}),
      ...(pattern !== undefined ? { pattern } : {}),
      ...(help !== undefined ? { help } : {}),
      ...(helpEn !== undefined ? { helpEn } : {}),
      ...(prefill ? { prefill } : {}),
      locked,
      ...(computed ? { computed } : {}),
      ...(dflt ? { default: dflt } : {}),
    };
  }

  /** A registry read becomes `{source, field, key?}`; anything else stays an expression. */
  private prefill(e: IRExpr): IRPrefill {
    if (e.kind === 'ref' && e.scope === 'source' && e.path.length === 2) return { source: e.path[0]!, field: e.path[1]! };
    if (e.kind === 'call' && this.resolver.isSource(e.fn) && e.member.length === 1 && e.args.length === 1)
      return { source: e.fn, field: e.member[0]!, key: e.args[0]! };
    return { expr: e };
  }

  // ------------------------------------------------------------------------- documents

  private document(doc: A.DocDecl): IRDocument {
    let required: boolean | IRExpr = true;
    let form: IRDocument['form'];
    let copies = 1;
    let formats: string[] = [];
    let maxSizeMB: number | undefined;
    let signed = false;
    let generated = false;
    let help: string | undefined;
    let helpEn: string | undefined;
    const waivers: IRDocument['waivers'] = [];
    const proves: string[] = [];
    const basis: string[] = [];
    let effective: IREffective | undefined;
    for (const c of doc.clauses) {
      switch (c.kind) {
        case 'Required':
          required = c.when ? this.expr(c.when) : true;
          break;
        case 'Optional':
          required = false;
          break;
        case 'As':
          form = c.form.text as IRDocument['form'];
          break;
        case 'Copies':
          copies = c.count;
          break;
        case 'Format':
          formats = c.formats.filter(named).map((f) => f.text.toLowerCase());
          break;
        case 'MaxSize':
          maxSizeMB = c.megabytes;
          break;
        case 'Signed':
          signed = true;
          break;
        case 'Generated':
          generated = true;
          break;
        case 'Waived':
          waivers.push({ condition: this.expr(c.when), ...meta(c.meta) });
          break;
        case 'Proves':
          for (const p of c.paths) {
            const segs = p.segments.map((s) => s.text);
            if (segs.length === 0) continue;
            if (this.resolver.isSource(segs[0]!)) this.resolver.sourcesUsed.add(segs[0]!);
            proves.push(segs.join('.'));
          }
          break;
        case 'Help':
          help = c.text.value;
          helpEn = c.textEn?.value;
          break;
        case 'Basis': {
          const m = meta(c.meta);
          basis.push(...m.basis);
          if (m.effective) effective = m.effective;
          break;
        }
      }
    }
    return {
      id: doc.name.text,
      label: doc.label?.value ?? doc.name.text,
      ...labelEn(doc),
      required,
      ...(form ? { form } : {}),
      copies,
      formats,
      ...(maxSizeMB !== undefined ? { maxSizeMB } : {}),
      signed,
      generated,
      waivers,
      proves,
      ...(help !== undefined ? { help } : {}),
      ...(helpEn !== undefined ? { helpEn } : {}),
      basis,
      ...(effective ? { effective } : {}),
    };
  }

  // ------------------------------------------------------------------------- fees

  private fee(f: A.FeeDecl): IRFee {
    const lines: IRFeeLine[] = [];
    const discounts: IRFee['discounts'] = [];
    const exemptions: IRFee['exemptions'] = [];
    let cap: IRFee['cap'];
    let due: IRFee['due'] = { on: 'submit' };
    for (const it of f.items) {
      switch (it.kind) {
        case 'Amount': {
          const condition = it.when ? { condition: this.expr(it.when) } : {};
          const a = it.amount;
          if (a.kind === 'Fixed') lines.push({ kind: 'fixed', amount: this.expr(a.value), ...condition, ...meta(it.meta) });
          else if (a.kind === 'PerUnit') lines.push({ kind: 'per_unit', amount: this.expr(a.value), per: this.expr(a.per), ...condition, ...meta(it.meta) });
          else {
            const inTier: ExprContext = { ...this.top, tierValue: true };
            const tiers = a.tiers.map((t) => ({ ...(t.upTo ? { upTo: this.expr(t.upTo, inTier) } : {}), amount: this.expr(t.amount, inTier) }));
            lines.push({ kind: 'tiered', by: this.expr(a.by), tiers, ...condition, ...meta(it.meta) });
          }
          break;
        }
        case 'Discount':
          discounts.push({ percent: this.expr(it.percent), ...(it.when ? { condition: this.expr(it.when) } : {}), ...meta(it.meta) });
          break;
        case 'Exempt':
          exemptions.push({ ...(it.label ? { label: it.label.value } : {}), ...labelEn(it), condition: this.expr(it.when), ...meta(it.meta) });
          break;
        case 'Cap':
          cap = { amount: this.expr(it.value), ...meta(it.meta) };
          break;
        case 'Due':
          due = it.on === 'before' && it.transition ? { on: 'before', transition: it.transition.text } : { on: it.on === 'result' ? 'result' : 'submit' };
          break;
      }
    }
    return { id: f.name.text, label: f.label?.value ?? f.name.text, ...labelEn(f), lines, discounts, exemptions, ...(cap ? { cap } : {}), due };
  }

  // ------------------------------------------------------------------------- workflow

  private state(s: A.StateDecl, mainAgency: string): IRState {
    let role: string | undefined;
    let agency: string | undefined;
    let sla: IRDuration | undefined;
    let pausesClock = false;
    for (const c of s.clauses) {
      if (c.kind === 'By' && named(c.role)) role = c.role.text;
      if (c.kind === 'At' && named(c.agency)) agency = c.agency.text;
      if (c.kind === 'Sla') sla = duration(c.duration);
      if (c.kind === 'Pauses') pausesClock = true;
    }
    const id = s.name.text;
    return {
      id,
      label: s.label?.value ?? conventionalStateLabels[id] ?? id,
      ...(s.label ? labelEn(s) : conventionalEn(conventionalStateLabelsEn, id)),
      final: s.final,
      ...(role ? { role } : {}),
      ...(s.final ? {} : { agency: agency ?? mainAgency }),
      ...(sla ? { sla } : {}),
      pausesClock,
      transitions: s.transitions.filter((t) => named(t.name) && named(t.target)).map((t) => this.transition(t)),
    };
  }

  private transition(t: A.TransitionDecl): IRTransition {
    const guards: IRExpr[] = [];
    const inputs: string[] = [];
    const effects: IREffect[] = [];
    for (const c of t.clauses) {
      switch (c.kind) {
        case 'Requires':
          guards.push(this.expr(c.guard));
          break;
        case 'With':
          inputs.push(...c.inputs.filter(named).map((i) => i.text));
          break;
        case 'Issue':
          effects.push({ type: 'issue', what: c.what.text, ...(c.result && named(c.result) ? { result: c.result.text } : {}) });
          break;
        case 'Notify':
          effects.push({
            type: 'notify',
            role: c.role.text,
            ...(c.message ? { message: c.message.value } : {}),
            ...(c.messageEn ? { messageEn: c.messageEn.value } : {}),
          });
          break;
        case 'Handover':
          effects.push({ type: 'handover', agency: c.agency.text });
          break;
        case 'Clock':
          effects.push({ type: 'clock', action: c.action === 'restarts' ? 'restart' : 'stop' });
          break;
      }
    }
    const guard = allOf(guards);
    const id = t.name.text;
    return {
      id,
      label: t.label?.value ?? conventionalTransitionLabels[id] ?? id,
      ...(t.label ? labelEn(t) : conventionalEn(conventionalTransitionLabelsEn, id)),
      target: t.target.text,
      ...(guard ? { guard } : {}),
      inputs,
      effects,
    };
  }

  // ------------------------------------------------------------------------- results, scenarios

  private result(r: A.ResultDecl): IRResult {
    let help: string | undefined;
    let helpEn: string | undefined;
    const publishes: IRResult['publishes'] = [];
    for (const it of r.items) {
      if (it.kind === 'Help') {
        help = it.text.value;
        helpEn = it.textEn?.value;
        continue;
      }
      const [source, field] = it.target.segments.map((s) => s.text);
      if (!source || !field) continue;
      if (this.resolver.isSource(source)) this.resolver.sourcesUsed.add(source);
      // A bare word published into a choice field is one of its options (`= married`).
      const options = this.resolver.optionsOf({ kind: 'ref', scope: 'source', path: [source, field] });
      publishes.push({ source, field, value: this.expr(it.value, this.top, options), ...(it.subject ? { subject: this.expr(it.subject) } : {}) });
    }
    return {
      id: r.name.text,
      label: r.label?.value ?? r.name.text,
      ...labelEn(r),
      ...(help !== undefined ? { help } : {}),
      ...(helpEn !== undefined ? { helpEn } : {}),
      publishes,
    };
  }

  private scenario(s: A.ScenarioDecl): IRScenario {
    const names: ExprContext = { ...this.top, names: true };
    const at = (span: { start: number }) => (this.lines ? { line: this.lines.position(span.start).line } : {});
    const steps = s.steps.map((step): IRScenarioStep => ({ ...this.scenarioStep(step, names), ...at(step.span) }));
    return { id: s.name.text, label: s.label?.value ?? s.name.text, ...labelEn(s), ...at(s.span), steps };
  }

  private scenarioStep(step: A.ScenarioStep, names: ExprContext): IRScenarioStep {
    {
      switch (step.kind) {
        case 'Given':
          return {
            kind: 'given',
            items: step.items.map((g) => {
              const key = g.key.segments.map((x) => x.text).join('.');
              // `missing [doc, …]` lists document ids; other keys take a value of their field.
              if (key === 'missing') return { key, value: this.expr(g.value, names) };
              const hint = key === 'channel' ? new Set<string>(CHANNELS) : this.resolver.fieldOptions(key);
              return { key, value: this.expr(g.value, this.top, hint) };
            }),
          };
        case 'Do':
          return { kind: 'do', at: step.at.value, actions: step.actions.filter(named).map((a) => a.text) };
        case 'Extend':
          return { kind: 'extend', at: step.at.value, to: step.to.value, reason: step.reason.value };
        case 'Expect': {
          const what = step.what.text;
          // `expect field <path> = v` names a form field; other subjects are ids (`expect fee permit = …`).
          const subject = step.subject ? { subject: this.expr(step.subject, what === 'field' ? this.top : names) } : {};
          const hint = what === 'field' && step.subject?.kind === 'Path' ? this.resolver.fieldOptions(step.subject.segments.map((x) => x.text).join('.')) : undefined;
          const valueCtx = ['documents', 'state', 'outcome'].includes(what) ? names : this.top;
          return { kind: 'expect', what, ...subject, value: this.expr(step.value, valueCtx, hint) };
        }
      }
    }
  }

  // ------------------------------------------------------------------------- sources, agencies

  private sources(): IRSource[] {
    return [...this.resolver.sourcesUsed]
      .sort()
      .flatMap((id) => {
        const decl = this.ws.sources.get(id)?.decl;
        return decl ? [sourceIR(decl)] : [];
      });
  }

  private agencies(main: readonly string[], states: readonly A.StateDecl[]): IRAgency[] {
    const ids: string[] = [...main];
    for (const s of states) {
      for (const c of s.clauses) if (c.kind === 'At' && named(c.agency)) ids.push(c.agency.text);
      for (const t of s.transitions) for (const c of t.clauses) if (c.kind === 'Handover' && named(c.agency)) ids.push(c.agency.text);
    }
    return [...new Set(ids)].map((id) => agencyIR(id, this.ws.agencies.get(id)?.decl));
  }
}

/** A choice's options, each with its label (the option's name when it has none) and its English companion. */
function options(t: A.TypeRef): { id: string; label: string; labelEn?: string }[] {
  return t.options.filter((o) => named(o.name)).map((o) => ({ id: o.name.text, label: o.label?.value ?? o.name.text, ...labelEn(o) }));
}

function typeShape(t: A.TypeRef): { type: IRField['type']; options?: { id: string; label: string; labelEn?: string }[] } {
  const type = t.name.text as IRField['type'];
  return type === 'choice' ? { type, options: options(t) } : { type };
}

function sourceIR(d: A.SourceDecl): IRSource {
  let kind = 'registry';
  let key: IRSource['key'] = { name: 'personal_id', type: 'personal_id' };
  let authoritative = false;
  const fields: IRSource['fields'] = [];
  for (const it of d.items) {
    if (it.kind === 'SourceKind') kind = it.value.text;
    if (it.kind === 'Key') key = { name: it.name.text, type: it.type.name.text as IRField['type'] };
    if (it.kind === 'Authoritative') authoritative = true;
    if (it.kind === 'SourceField' && named(it.name)) fields.push({ id: it.name.text, label: it.label?.value ?? it.name.text, ...labelEn(it), ...typeShape(it.type) });
  }
  return { id: d.name.text, label: d.label?.value ?? d.name.text, ...labelEn(d), kind: kind as IRSource['kind'], key, authoritative, fields };
}

function agencyIR(id: string, d: A.AgencyDecl | undefined): IRAgency {
  let unit: string | undefined;
  let level: string | undefined;
  let calendar = 'national';
  let parent: string | undefined;
  for (const it of d?.items ?? []) {
    if (it.kind === 'Unit') unit = it.code.value;
    if (it.kind === 'AgencyLevel') level = it.level.text;
    if (it.kind === 'Calendar') calendar = it.calendar.text;
    if (it.kind === 'Parent') parent = it.parent.text;
  }
  return {
    id,
    label: d?.label?.value ?? id,
    ...(d ? labelEn(d) : {}),
    ...(unit !== undefined ? { unit } : {}),
    ...(level ? { level: level as IRAgency['level'] } : {}),
    calendar: calendar as IRAgency['calendar'],
    ...(parent ? { parent } : {}),
  };
}
