// Runs a procedure's scenarios against the real engine: a fresh in-memory SQLite database per
// scenario, the sample registries, and a virtual clock set by each `at … do …` and `at … extend
// to …`. A scenario passes when every expectation holds; the first one that does not is reported
// with its line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IRExpr, IRScenario, IRScenarioStep, ProcedureIR } from '@motcua/dsl';
import { formatLocal, localIsoDate, parseLocalDateTime, type EpochMs } from '../calendar/index.ts';
import { DossierEngine } from '../dossier/engine.ts';
import { EngineError } from '../dossier/errors.ts';
import type { Actor, DossierView } from '../dossier/types.ts';
import { equal, readPath, type Channel, type Value } from '../rules/evaluate.ts';
import { englishLabel, type Bilingual } from '../rules/text.ts';
import type { Registry } from '../sources/registry.ts';
import { BlobStore } from '../storage/blob-store.ts';
import { openDatabase } from '../storage/open-database.ts';

export interface ScenarioFailure {
  readonly message: Bilingual;
  /** Line of the failing step in the procedure file. */
  readonly line?: number;
  readonly expected?: string;
  readonly actual?: string;
}

export interface ScenarioResult {
  readonly procedure: string;
  readonly id: string;
  readonly label: string;
  /** The scenario's English label, when the procedure gives one. */
  readonly labelEn?: string;
  readonly line?: number;
  readonly passed: boolean;
  readonly failure?: ScenarioFailure;
}

export interface RunOptions {
  readonly registry: Registry;
  /** Other procedures published beside it (none needed today; kept for chains of reuse). */
  readonly alsoPublish?: readonly ProcedureIR[];
}

class StepFailure extends Error {
  constructor(readonly failure: ScenarioFailure) {
    super(failure.message.vi);
  }
}

function parseLocal(s: string): EpochMs {
  const t = parseLocalDateTime(s);
  if (t === undefined) throw new Error(`bad local time ${s}`);
  return t;
}

function literal(e: IRExpr): Value {
  if (e.kind === 'lit') return e.type === 'percent' ? (e.value as number) / 100 : e.value;
  if (e.kind === 'list') return e.items.map(literal);
  if (e.kind === 'unary' && e.op === '-' && e.operand.kind === 'lit') return -(e.operand.value as number);
  if (e.kind === 'ref') return e.path.join('.');
  return undefined;
}

const money = (n: number) => `${n.toLocaleString('vi-VN')} ₫`;
const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

const SAMPLE_BYTES: Record<string, Uint8Array> = {
  pdf: new TextEncoder().encode('%PDF-1.4\n% Motcua scenario document\n'),
  jpg: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]),
  jpeg: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]),
  png: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
};
const SAMPLE_MIME: Record<string, string> = { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' };

/** When the dossier is created: the first timed step, else the procedure's effective date at 08:00. */
function startTime(ir: ProcedureIR, sc: IRScenario): EpochMs {
  const first = sc.steps.find((s): s is Extract<IRScenarioStep, { kind: 'do' | 'extend' }> => s.kind === 'do' || s.kind === 'extend');
  if (first) return parseLocal(first.at);
  return parseLocal(`${ir.effective?.from ?? '2025-01-02'}T08:00`);
}

export async function runScenario(ir: ProcedureIR, sc: IRScenario, options: RunOptions): Promise<ScenarioResult> {
  const base = { procedure: ir.id, id: sc.id, label: sc.label, ...englishLabel(sc), ...(sc.line ? { line: sc.line } : {}) };
  const storage = await openDatabase({ url: ':memory:' });
  const blobDir = mkdtempSync(join(tmpdir(), 'motcua-scenario-'));
  let now = startTime(ir, sc);
  const engine = new DossierEngine({ storage, registry: options.registry, blobs: new BlobStore(blobDir), now: () => now });
  try {
    for (const other of options.alsoPublish ?? []) await engine.publish(other);
    await engine.publish(ir);
    await new ScenarioRun(engine, ir, sc, (t) => (now = t)).run();
    return { ...base, passed: true };
  } catch (e) {
    if (e instanceof StepFailure) return { ...base, passed: false, failure: e.failure };
    const message = e instanceof Error ? e.message : String(e);
    return { ...base, passed: false, failure: { message: { vi: `Lỗi khi chạy kịch bản: ${message}`, en: `Error running the scenario: ${message}` } } };
  } finally {
    await storage.close();
    rmSync(blobDir, { recursive: true, force: true });
  }
}

class ScenarioRun {
  private channel: Channel;
  private citizen = '001000000000';
  private formGiven: Record<string, unknown> = {};
  private missing = new Set<string>();
  private paid = true;
  private dossier: DossierView | undefined;
  private paymentSeq = 0;

  constructor(
    private readonly engine: DossierEngine,
    private readonly ir: ProcedureIR,
    private readonly sc: IRScenario,
    private readonly setNow: (t: EpochMs) => void,
  ) {
    this.channel = ir.channels[0]!;
  }

  async run(): Promise<void> {
    for (const step of this.sc.steps) {
      const line = step.line;
      try {
        if (step.kind === 'given') await this.given(step);
        else if (step.kind === 'do') await this.doStep(step);
        else if (step.kind === 'extend') await this.extendStep(step);
        else await this.expect(step);
      } catch (e) {
        if (e instanceof StepFailure) throw new StepFailure({ ...e.failure, ...(line ? { line } : {}) });
        if (e instanceof EngineError) {
          const details = JSON.stringify(e.details);
          throw new StepFailure({ message: { vi: e.text.vi, en: e.text.en }, ...(line ? { line } : {}), ...(details !== '{}' ? { actual: details } : {}) });
        }
        throw e;
      }
    }
  }

  private async given(step: Extract<IRScenarioStep, { kind: 'given' }>): Promise<void> {
    const form: Record<string, unknown> = {};
    for (const item of step.items) {
      const v = literal(item.value);
      if (item.key === 'channel') this.channel = v as Channel;
      else if (item.key === 'citizen') this.citizen = String(v);
      else if (item.key === 'missing') this.missing = new Set((Array.isArray(v) ? v : [v]).map(String));
      else if (item.key === 'paid') this.paid = v === true;
      else form[item.key] = v;
    }
    Object.assign(this.formGiven, form);
    // Given after the dossier exists: the citizen changes the form (or attaches less).
    if (this.dossier && Object.keys(form).length) await this.engine.updateForm(this.dossier.id, form, { id: 'scenario', role: 'system' });
  }

  private async ensureDossier(): Promise<DossierView> {
    if (this.dossier) return this.dossier;
    // A dossier can only be made under a version in force that day, as the server would.
    const day = localIsoDate(this.engine.now());
    const eff = this.ir.effective;
    if (eff && (day < eff.from || (eff.until !== undefined && day > eff.until))) {
      throw new StepFailure({
        message: {
          vi: `Kịch bản lập hồ sơ ngày ${day}, ngoài thời gian hiệu lực của phiên bản ${this.ir.version} (${eff.from}${eff.until ? ` – ${eff.until}` : ' trở đi'})`,
          en: `The scenario makes a dossier on ${day}, outside version ${this.ir.version}'s effective period (${eff.from}${eff.until ? ` – ${eff.until}` : ' onwards'})`,
        },
      });
    }
    const citizen: Actor = { id: this.citizen, role: 'citizen' };
    const draft = await this.engine.createDraft({ procedureId: this.ir.id, version: this.ir.version, channel: this.channel, actor: citizen });
    // A system actor may set locked fields: scenarios state facts (`applicant.policy ho_ngheo`).
    if (Object.keys(this.formGiven).length) await this.engine.updateForm(draft.id, this.formGiven, { id: 'scenario', role: 'system' });
    for (const d of this.ir.documents) {
      if (d.generated || this.missing.has(d.id)) continue;
      await this.attach(draft.id, d.id);
    }
    this.dossier = await this.engine.view(draft.id);
    return this.dossier;
  }

  private async attach(id: string, docId: string): Promise<void> {
    const d = this.ir.documents.find((x) => x.id === docId)!;
    const ext = d.formats[0] ?? 'pdf';
    const bytes = SAMPLE_BYTES[ext] ?? SAMPLE_BYTES['pdf']!;
    const mime = SAMPLE_MIME[ext] ?? 'application/octet-stream';
    await this.engine.attachDocument(id, docId, { name: `${docId}.${SAMPLE_BYTES[ext] ? ext : 'pdf'}`, mime, bytes }, { id: 'scenario', role: 'system' });
  }

  private async doStep(step: Extract<IRScenarioStep, { kind: 'do' }>): Promise<void> {
    const at = parseLocal(step.at);
    this.setNow(at);
    let d = await this.ensureDossier();
    await this.engine.runTimers('scenario');
    for (const action of step.actions) {
      d = await this.engine.view(d.id);
      const state = this.ir.workflow.states.find((s) => s.id === d.state.id)!;
      if (state.role === 'citizen' && state.id !== this.ir.workflow.initial) {
        // Back with the citizen (a supplement): they bring everything that was missing.
        const a = await this.engine.assess(d.id);
        for (const m of a.missing) await this.attach(d.id, m.id);
        this.missing.clear();
      }
      if (this.paid) await this.payWhatIsDue(d.id);
      const transition = state.transitions.find((t) => t.id === action);
      const actor: Actor =
        state.role === 'citizen' ? { id: d.citizenId, role: 'citizen' } : { id: `${state.role}@${d.agency}`, role: state.role ?? 'system', agency: d.agency };
      const inputs: Record<string, unknown> = {};
      for (const input of transition?.inputs ?? []) {
        if (input === 'missing') inputs['missing'] = await this.missingForRequest(d.id);
        else if (input === 'new_date') inputs['new_date'] = step.at.slice(0, 10);
        else inputs[input] = `Nội dung ${input} trong kịch bản ${this.sc.id}`;
      }
      d = await this.engine.act(d.id, action, { actor, inputs });
    }
    this.dossier = d;
  }

  /**
   * The one-time extension: at that time an officer of the agency now handling the dossier sends
   * the apology letter with the new date. The engine's refusal (too late, a second time, past
   * `extension max`) fails the scenario with its own message.
   */
  private async extendStep(step: Extract<IRScenarioStep, { kind: 'extend' }>): Promise<void> {
    this.setNow(parseLocal(step.at));
    const d = await this.ensureDossier();
    await this.engine.runTimers('scenario');
    const v = await this.engine.view(d.id);
    const role = this.ir.workflow.states.find((s) => s.id === v.state.id)?.role;
    // While the dossier waits for the citizen, the letter still comes from the agency's officer.
    const officer = role && role !== 'citizen' ? role : 'specialist';
    const actor: Actor = { id: `${officer}@${v.agency}`, role: officer, agency: v.agency };
    this.dossier = await this.engine.extend(d.id, { actor, reason: step.reason, newDueAt: parseLocal(step.to) });
  }

  private async missingForRequest(id: string): Promise<string[]> {
    if (this.missing.size) return [...this.missing];
    const a = await this.engine.assess(id);
    const required = a.documents.filter((x) => x.need === 'required' && !x.generated).map((x) => x.id);
    return a.missing.length ? a.missing.map((m) => m.id) : required.slice(0, 1).length ? required.slice(0, 1) : [this.ir.documents[0]?.id ?? 'document'];
  }

  private async payWhatIsDue(id: string): Promise<void> {
    const a = await this.engine.assess(id);
    const total = a.fees.total;
    const paid = await this.engine.storage.db.selectFrom('payments').select('amount').where('dossier_id', '=', id).execute();
    const have = paid.reduce((s, p) => s + Number(p.amount), 0);
    if (total > have) await this.engine.recordPayment(id, { provider: 'scenario', reference: `scenario-${++this.paymentSeq}-${id}`, amount: total - have });
  }

  private fail(vi: string, en: string, expected: unknown, actual: unknown): never {
    throw new StepFailure({ message: { vi, en }, expected: show(expected), actual: show(actual) });
  }

  private async expect(step: Extract<IRScenarioStep, { kind: 'expect' }>): Promise<void> {
    const d = await this.ensureDossier();
    const expected = literal(step.value);
    switch (step.what) {
      case 'fee': {
        const a = await this.engine.assess(d.id);
        const feeId = step.subject ? String(literal(step.subject)) : undefined;
        const actual = feeId ? a.fees.fees.find((f) => f.id === feeId)?.amount : a.fees.total;
        if (actual !== expected) {
          const steps = (feeId ? a.fees.fees.filter((f) => f.id === feeId) : a.fees.fees).flatMap((f) => f.steps.map((s) => `${f.id}: ${s.reason.vi}`));
          this.fail(
            `Phí${feeId ? ` ${feeId}` : ''}: mong đợi ${money(Number(expected))}, thực tế ${actual === undefined ? '—' : money(actual)} (${steps.join('; ') || 'không có dòng phí nào áp dụng'})`,
            `Fee${feeId ? ` ${feeId}` : ''}: expected ${String(expected)}, got ${String(actual)}`,
            expected,
            actual,
          );
        }
        return;
      }
      case 'documents': {
        const a = await this.engine.assess(d.id);
        const actual = a.documents.filter((x) => x.need === 'required').map((x) => x.id);
        const want = (expected as string[]).map(String);
        if ([...actual].sort().join(',') !== [...want].sort().join(',')) {
          const why = a.documents.map((x) => `${x.id}: ${x.need} (${x.reason.vi})`).join('; ');
          this.fail(`Giấy tờ phải nộp: mong đợi [${want.join(', ')}], thực tế [${actual.join(', ')}] — ${why}`, `Documents: expected [${want.join(', ')}], got [${actual.join(', ')}]`, want, actual);
        }
        return;
      }
      case 'due': {
        const v = await this.engine.view(d.id);
        const actual = v.clock.dueAt;
        const want = parseLocal(String(expected));
        if (actual !== want) {
          const why = (await this.engine.explainDue(d.id)).text.vi;
          this.fail(`Hạn giải quyết: mong đợi ${formatLocal(want)}, thực tế ${actual === undefined ? 'chưa tính' : formatLocal(actual)} — ${why}`, `Due: expected ${formatLocal(want)}, got ${actual === undefined ? 'not started' : formatLocal(actual)}`, formatLocal(want), actual === undefined ? null : formatLocal(actual));
        }
        return;
      }
      case 'state': {
        const v = await this.engine.view(d.id);
        if (v.state.id !== expected) this.fail(`Bước: mong đợi ${String(expected)}, thực tế ${v.state.id}`, `State: expected ${String(expected)}, got ${v.state.id}`, expected, v.state.id);
        return;
      }
      case 'outcome': {
        const v = await this.engine.view(d.id);
        if (v.outcome !== expected) this.fail(`Kết quả giải quyết: mong đợi ${String(expected)}, thực tế ${v.outcome ?? 'chưa có kết quả'}`, `Outcome: expected ${String(expected)}, got ${v.outcome ?? 'none'}`, expected, v.outcome);
        return;
      }
      case 'field': {
        const v = await this.engine.view(d.id);
        const path = step.subject ? String(literal(step.subject)) : '';
        const actual = readPath(v.form, path.split('.'));
        if (!equal(actual, expected)) this.fail(`Trường ${path}: mong đợi ${show(expected)}, thực tế ${show(actual)}`, `Field ${path}: expected ${show(expected)}, got ${show(actual)}`, expected, actual);
        return;
      }
      default:
        this.fail(`Không hiểu kỳ vọng «${step.what}»`, `Unknown expectation «${step.what}»`, step.what, undefined);
    }
  }
}

export async function runProcedureScenarios(irs: readonly ProcedureIR[], options: RunOptions): Promise<ScenarioResult[]> {
  const out: ScenarioResult[] = [];
  for (const ir of irs) for (const sc of ir.scenarios) out.push(await runScenario(ir, sc, options));
  return out;
}
