// The dossier lifecycle: drafts with prefill, form updates, documents, payments, the workflow's
// actions with their guards and effects, the processing clock and its timers. Each action reads
// what it needs (registries included) first, then writes everything it changes — state, clock,
// timers (in the dossier row), events, results, notifications, access log — in ONE transaction
// that commits only if nobody else changed the dossier meanwhile (optimistic concurrency on its revision).
import { exprSource, parseIR, sha256Hex, type IRAgency, type IRExpr, type IRState, type IRTransition, type ProcedureIR } from '@motcua/dsl';
import type { Transaction } from 'kysely';
import { formatLocal, localIsoDate, nationalCalendar, SATURDAY_MORNING, WorkingCalendar, type EpochMs } from '../calendar/index.ts';
import {
  addDuration,
  extendClock,
  NOT_STARTED,
  outcomeOf,
  pauseClock,
  restartClock,
  resumeClock,
  startClock,
  stopClock,
  subtractDuration,
  ClockError,
  deadlineStartWords,
  type ClockState,
} from '../clock/processing-clock.ts';
import { evaluate, holds, type Channel, type FormRow, type FormValues, type Value } from '../rules/evaluate.ts';
import { checkUpdatePaths, writePath, type FieldError, type PrefilledField } from '../rules/form.ts';
import { ProcedureRules, type Assessment } from '../rules/procedure-rules.ts';
import { ReadCache, withReads, type RegistryRead } from '../rules/reads.ts';
import { dongWords, englishLabel, labelWords, unmetWords, type Bilingual } from '../rules/text.ts';
import type { Registry, SourceRecord } from '../sources/registry.ts';
import { BlobStore } from '../storage/blob-store.ts';
import { getDefinition, definitionInEffect } from '../storage/definitions.ts';
import { nextDossierCode, receiptDay } from '../storage/dossier-code.ts';
import {
  createDossier,
  dossierFacts,
  dossierParties,
  dossiersWithTimersDue,
  getDossier,
  listEvents,
  lockDossierUnlessBusy,
  setPendingTimersIfRevision,
  updateDossierIfRevision,
  type NewDossierEvent,
  type TimersCursor,
} from '../storage/dossiers.ts';
import { enqueueOutbox, type NewOutboxMessage } from '../storage/outbox.ts';
import { ConcurrencyConflict } from '../storage/errors.ts';
import { timeOrderedId } from '../storage/ids.ts';
import { decodeJson, encodeJson } from '../storage/json-text.ts';
import { inTransaction, type Storage } from '../storage/open-database.ts';
import { finalStatesOf } from '../storage/stats-counters.ts';
import type { Database, DossierRow, DossierUpdate, EventRow } from '../storage/schema.ts';
import { dueTimers, pendingTimers, replanTimers, timerColumns, type PendingTimer } from '../storage/timers.ts';
import { DossierNotVisible, EngineError } from './errors.ts';
import { resultsAhead, step } from './machine.ts';
import { ResultsStoreRegistry } from './registries.ts';
import { SYSTEM, type Actor, type AvailableAction, type DossierView, type DueExplanation, type Visibility } from './types.ts';

export interface ResultSigner {
  /** A signature (e.g. Ed25519, base64url) over the canonical JSON of a result. */
  sign(payload: string): string;
}

export interface DossierEngineOptions {
  readonly storage: Storage;
  /** National data, land, business… (the embedded samples by default). */
  readonly registry: Registry;
  readonly blobs: BlobStore;
  /** The engine's clock (a virtual one in scenarios and tests). */
  readonly now?: () => EpochMs;
  readonly signer?: ResultSigner;
  /** Calendars by name (`national`, `saturday_morning`), for agencies' `calendar`. */
  readonly calendars?: Readonly<Record<string, WorkingCalendar>>;
}

export interface UploadedFile {
  readonly name: string;
  readonly mime: string;
  readonly bytes: Uint8Array;
}

export interface ActionInputs {
  readonly reason?: string;
  readonly note?: string;
  /** Ids of the documents missing (a supplement request lists them all at once). */
  readonly missing?: readonly string[];
  readonly new_date?: string;
}

interface Loaded {
  readonly row: DossierRow;
  readonly ir: ProcedureIR;
  readonly rules: ProcedureRules;
  readonly clock: ClockState;
  readonly form: FormValues;
  readonly prefilled: PrefilledField[];
  readonly attached: Set<string>;
  readonly paid: number;
}

const bi = (vi: string, en: string): Bilingual => ({ vi, en });

/** NFC-normalises every string of an input (Vietnamese text typed on different keyboards). */
export function normaliseInput<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  if (Array.isArray(value)) return value.map(normaliseInput) as T;
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.normalize('NFC'), normaliseInput(v)])) as T;
  }
  return value;
}

const MAGIC: Record<string, (b: Uint8Array) => boolean> = {
  pdf: (b) => b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46,
  jpg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  jpeg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  png: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47,
};
const MIME: Record<string, string> = { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' };

export class DossierEngine {
  readonly storage: Storage;
  readonly registry: Registry;
  readonly blobs: BlobStore;
  readonly now: () => EpochMs;
  private readonly signer: ResultSigner | undefined;
  private readonly calendars: Readonly<Record<string, WorkingCalendar>>;
  private readonly definitions = new Map<string, { ir: ProcedureIR; rules: ProcedureRules }>();

  constructor(options: DossierEngineOptions) {
    this.storage = options.storage;
    this.registry = new ResultsStoreRegistry(options.storage.db, options.registry);
    this.blobs = options.blobs;
    this.now = options.now ?? Date.now;
    this.signer = options.signer;
    this.calendars = options.calendars ?? {
      national: nationalCalendar(),
      saturday_morning: new WorkingCalendar({ week: { sat: SATURDAY_MORNING } }),
    };
  }

  private get db() {
    return this.storage.db;
  }

  // ------------------------------------------------------------------------------ definitions

  /** Publishes a compiled procedure as a new version; publishing the same version again with the same IR is a no-op. */
  async publish(irJson: unknown): Promise<{ procedureId: string; version: number; created: boolean }> {
    const ir = parseIR(irJson);
    const sameAsPublished = async (): Promise<boolean> => {
      const existing = await getDefinition(this.db, ir.id, ir.version);
      if (!existing) return false;
      // Compared in canonical form: PostgreSQL's jsonb does not keep key order.
      const same = sha256Hex(canonicalJson(parseIR(decodeJson(existing.ir)))) === sha256Hex(canonicalJson(ir));
      if (!same) {
        throw new EngineError('conflict', bi(`Phiên bản ${ir.version} của thủ tục ${ir.id} đã được công bố với nội dung khác; hãy tăng số phiên bản`, `Version ${ir.version} of ${ir.id} was already published with different content; bump the version`));
      }
      return true;
    };
    if (await sameAsPublished()) return { procedureId: ir.id, version: ir.version, created: false };
    // Several server processes starting at once publish the same library: the loser of the race
    // inserts nothing and compares with the winner's row instead of failing on the primary key.
    const inserted = await this.db
      .insertInto('definitions')
      .values({
        procedure_id: ir.id,
        version: ir.version,
        source_hash: ir.sourceHash,
        ir: encodeJson(ir),
        effective_from: ir.effective?.from ?? null,
        effective_until: ir.effective?.until ?? null,
        published_at: this.now(),
      })
      .onConflict((oc) => oc.columns(['procedure_id', 'version']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) {
      await sameAsPublished();
      return { procedureId: ir.id, version: ir.version, created: false };
    }
    return { procedureId: ir.id, version: ir.version, created: true };
  }

  /** A published version (cached: versions are immutable). */
  async definition(procedureId: string, version: number): Promise<{ ir: ProcedureIR; rules: ProcedureRules }> {
    const key = `${procedureId}@${version}`;
    let d = this.definitions.get(key);
    if (!d) {
      const row = await getDefinition(this.db, procedureId, version);
      if (!row) throw new EngineError('not_found', bi(`Không có thủ tục ${procedureId} phiên bản ${version}`, `No procedure ${procedureId} version ${version}`));
      const ir = parseIR(decodeJson(row.ir));
      d = { ir, rules: new ProcedureRules(ir) };
      this.definitions.set(key, d);
    }
    return d;
  }

  /** The version in force on a day (default: today, Vietnam time). */
  async versionInEffect(procedureId: string, day = localIsoDate(this.now())): Promise<number> {
    const row = await definitionInEffect(this.db, procedureId, day);
    if (!row) throw new EngineError('not_published', bi(`Thủ tục ${procedureId} chưa có phiên bản có hiệu lực ngày ${day}`, `Procedure ${procedureId} has no version in force on ${day}`));
    return row.version;
  }

  calendarOf(ir: ProcedureIR, agencyId: string | undefined): WorkingCalendar {
    const agency = ir.agencies.find((a) => a.id === (agencyId ?? ir.agency));
    return this.calendars[agency?.calendar ?? 'national'] ?? nationalCalendar();
  }

  // ------------------------------------------------------------------------------ reading

  /**
   * The dossier with its definition; with `facts` (the default) also the documents attached and
   * the amount paid, which only the rules and the fee check read — an action whose transition has
   * neither guards nor fees nor a result to publish skips those two reads.
   */
  private async load(id: string, facts = true, visibleTo?: Visibility): Promise<Loaded> {
    const row = await getDossier(this.db, id);
    // A dossier the caller may not see is answered exactly as one that does not exist.
    if (!row || (visibleTo && !visibleTo({ citizenId: row.citizen_id, agency: row.agency }))) {
      throw new DossierNotVisible(id);
    }
    const { ir, rules } = this.definitions.get(`${row.procedure_id}@${row.definition_version}`) ?? (await this.definition(row.procedure_id, row.definition_version));
    const d: Loaded = {
      row,
      ir,
      rules,
      clock: decodeJson(row.clock) as ClockState,
      form: decodeJson(row.form) as FormValues,
      prefilled: row.prefilled ? (decodeJson(row.prefilled) as PrefilledField[]) : [],
      attached: new Set(),
      paid: 0,
    };
    return facts ? this.withFacts(d) : d;
  }

  private async withFacts(d: Loaded): Promise<Loaded> {
    return { ...d, ...(await dossierFacts(this.db, d.row.id)) };
  }

  /** Runs rules with registry reads loaded as needed; returns the reads made, for the access log. */
  private async withRegistry<T>(ir: ProcedureIR, compute: (lookup: ReadCache['lookup']) => T): Promise<{ result: T; reads: Array<RegistryRead & { record: SourceRecord }> }> {
    const cache = new ReadCache();
    const result = await withReads(
      cache,
      async (misses) => {
        const records = await Promise.all(
          misses.map((m) => {
            const source = ir.sources.find((s) => s.id === m.source);
            return source?.kind === 'dossiers' ? this.earlierDossiers(m.key, source.fields.map((f) => f.id)) : this.registry.read(m.source, m.key);
          }),
        );
        misses.forEach((m, i) => cache.set(m.source, m.key, records[i]));
      },
      compute,
    );
    return { result, reads: cache.records() };
  }

  /**
   * A `kind dossiers` source: for each of its fields, the latest value the citizen gave for a
   * form field of that id (top level or in a group, not in repeated rows) in an earlier dossier
   * that left the draft — so what they told the state once is offered again, not asked again.
   */
  private async earlierDossiers(citizenId: string, fields: readonly string[]): Promise<SourceRecord | undefined> {
    const rows = await this.db
      .selectFrom('dossiers')
      .select(['form'])
      .where('citizen_id', '=', citizenId)
      .where('submitted_at', 'is not', null)
      .orderBy('submitted_at', 'desc')
      .limit(20)
      .execute();
    const record: Record<string, unknown> = {};
    const visit = (node: unknown) => {
      if (!node || typeof node !== 'object' || Array.isArray(node)) return;
      for (const [k, v] of Object.entries(node)) {
        if (v && typeof v === 'object') visit(v);
        else if (fields.includes(k) && !(k in record) && v !== null && v !== undefined && v !== '') record[k] = v;
      }
    };
    for (const r of rows) visit(decodeJson(r.form));
    return Object.keys(record).length ? record : undefined;
  }

  /**
   * The dossier's assessment with the registry records it needs. `fees` computes only the fees
   * (and what the state's guards and results read) — enough for an action without a guard; every
   * other caller gets the whole assessment, computed while the records are fetched.
   */
  private async assessLoaded(d: Loaded, at: EpochMs, only?: 'fees'): Promise<{ assessment: Assessment; reads: Array<RegistryRead & { record: SourceRecord }> }> {
    const state = stateOf(d.ir, d.row.state);
    const { result, reads } = await this.withRegistry(d.ir, (lookup) => {
      const a = d.rules[only ? 'assessLazily' : 'assess']({
        form: d.form,
        channel: d.row.channel as Channel,
        citizen: d.row.citizen_id,
        today: localIsoDate(at),
        lookup,
        attached: d.attached,
      });
      if (only === 'fees') void a.fees;
      // Guards and published values may read registries that no form, document or fee rule reads:
      // evaluate them here too, so those records are fetched before the action decides.
      for (const t of state.transitions) {
        if (t.guard) evaluate(t.guard, a.env);
        for (const e of t.effects) {
          if (e.type !== 'issue' || !e.result) continue;
          for (const p of d.ir.results.find((r) => r.id === e.result)?.publishes ?? []) {
            evaluate(p.value, a.env);
            if (p.subject) evaluate(p.subject, a.env);
          }
        }
      }
      return a;
    });
    return { assessment: result, reads };
  }

  private accessLogRows(ir: ProcedureIR, dossierId: string, citizenId: string, actor: Actor, at: EpochMs, reads: ReadonlyArray<RegistryRead & { record: SourceRecord }>) {
    return reads.map((r) => {
      const source = ir.sources.find((s) => s.id === r.source);
      return {
        citizen_id: source?.key.type === 'personal_id' ? r.key : citizenId,
        dossier_id: dossierId,
        source: r.source,
        fields: encodeJson(Object.keys(r.record).sort()),
        actor: actor.id,
        at,
      };
    });
  }

  /** Fees, documents and form errors of a dossier now (registry reads are logged). */
  async assess(id: string, actor: Actor = SYSTEM): Promise<Assessment> {
    const d = await this.load(id);
    const at = this.now();
    const { assessment, reads } = await this.assessLoaded(d, at);
    const logs = this.accessLogRows(d.ir, id, d.row.citizen_id, actor, at, reads);
    if (logs.length) await this.db.insertInto('access_log').values(logs).execute();
    return assessment;
  }

  /** Whose dossier it is and which agency holds it — what access checks need, in one indexed read. */
  async whose(id: string): Promise<{ citizenId: string; agency: string } | undefined> {
    return dossierParties(this.db, id);
  }

  async view(id: string): Promise<DossierView> {
    const d = await this.load(id, false);
    return this.toView(d.row, d.ir, d);
  }

  /**
   * What callers see of a row. `decoded`: the dossier as loaded before a change, whose decoded
   * JSON columns are taken as they are where the row's text is still the same.
   */
  toView(row: DossierRow, ir: ProcedureIR, decoded?: Pick<Loaded, 'row' | 'form' | 'prefilled' | 'clock'>): DossierView {
    const state = stateOf(ir, row.state);
    const same = (column: 'form' | 'prefilled' | 'clock') => decoded !== undefined && row[column] === decoded.row[column];
    return {
      id: row.id,
      code: row.code,
      procedureId: row.procedure_id,
      version: row.definition_version,
      title: ir.title,
      ...(ir.titleEn ? { titleEn: ir.titleEn } : {}),
      agency: row.agency,
      citizenId: row.citizen_id,
      channel: row.channel as Channel,
      state: { id: state.id, label: state.label, ...englishLabel(state), ...(state.role ? { role: state.role } : {}), final: state.final, pausesClock: state.pausesClock },
      revision: row.revision,
      form: same('form') ? decoded!.form : (decodeJson(row.form) as FormValues),
      prefilled: same('prefilled') ? decoded!.prefilled : row.prefilled ? (decodeJson(row.prefilled) as PrefilledField[]) : [],
      clock: same('clock') ? decoded!.clock : (decodeJson(row.clock) as ClockState),
      dueAt: numOrNull(row.due_at),
      stateDueAt: numOrNull(row.state_due_at),
      outcome: (row.outcome as DossierView['outcome']) ?? null,
      feeTotal: numOrNull(row.fee_total),
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
      submittedAt: numOrNull(row.submitted_at),
      receivedAt: numOrNull(row.received_at),
      resultAt: numOrNull(row.result_at),
      actions: uniqueActions(state),
    };
  }

  async timeline(id: string): Promise<EventRow[]> {
    await this.load(id, false);
    return listEvents(this.db, id);
  }

  /** The due time in words: how it was computed, which holidays it skipped, pauses, the extension. */
  async explainDue(id: string): Promise<DueExplanation> {
    const d = await this.load(id, false);
    const c = d.clock;
    if (!d.ir.deadline) return { dueAt: null, status: c.status, text: bi('Thủ tục không quy định thời hạn giải quyết', 'The procedure sets no time limit') };
    if (c.status === 'not_started' || c.startedAt === undefined) {
      return {
        dueAt: null,
        status: c.status,
        text: deadlineStartWords(d.ir.deadline, stepWords(d.ir, d.ir.deadline.from)),
      };
    }
    const cal = this.calendarOf(d.ir, d.ir.agency);
    const base = cal.explain(c.startedAt, d.ir.deadline.amount, d.ir.deadline.unit);
    const vi = [base.text.vi];
    const en = [base.text.en];
    const expected = c.extension ? c.extension.previousDueAt : c.dueAt;
    if (expected !== undefined && expected !== base.due) {
      vi.push(`Hạn được lùi đến ${formatLocal(expected)} vì thời gian hồ sơ chờ tổ chức, cá nhân (bổ sung, nộp nghĩa vụ tài chính…) không tính vào thời hạn.`);
      en.push(`Moved to ${formatLocal(expected)}: time waiting for the applicant (supplements, tax payment…) does not count.`);
    }
    if (c.extension) {
      vi.push(`Cơ quan đã gửi thư xin lỗi ngày ${formatLocal(c.extension.at)} và hẹn lại ngày trả kết quả ${formatLocal(c.extension.newDueAt)} (lý do: ${c.extension.reason}).`);
      en.push(`The agency apologised on ${formatLocal(c.extension.at)} and set a new date ${formatLocal(c.extension.newDueAt)} (reason: ${c.extension.reason}).`);
    }
    if (c.status === 'paused') {
      vi.push('Đang tạm dừng tính thời hạn trong khi chờ tổ chức, cá nhân.');
      en.push('The clock is paused while waiting for the citizen.');
    }
    return { dueAt: c.dueAt ?? null, status: c.status, text: { vi: vi.join(' '), en: en.join(' ') } };
  }

  // ------------------------------------------------------------------------------ citizen actions

  async createDraft(request: { procedureId: string; version?: number; channel: Channel; actor: Actor; citizenId?: string }): Promise<DossierView> {
    const at = this.now();
    const version = request.version ?? (await this.versionInEffect(request.procedureId, localIsoDate(at)));
    const { ir, rules } = await this.definition(request.procedureId, version);
    if (!ir.channels.includes(request.channel)) {
      const said = channelWords(request.channel);
      const accepted = ir.channels.map(channelWords);
      throw new EngineError('invalid_input', bi(`Thủ tục không nhận hồ sơ ${said.vi}`, `The procedure does not accept dossiers submitted ${said.en}`), {
        errors: [{ path: 'channel', code: 'option', message: bi(`Chỉ nhận hồ sơ ${accepted.map((c) => c.vi).join(' hoặc ')}`, `Dossiers are accepted only ${accepted.map((c) => c.en).join(' or ')}`) }],
      });
    }
    const citizen = request.actor.role === 'citizen' ? request.actor.id : request.citizenId;
    if (!citizen) throw new EngineError('invalid_input', bi('Thiếu số định danh của người nộp hồ sơ', 'The applicant personal id is missing'));
    const { result, reads } = await this.withRegistry(ir, (lookup) => rules.prefill({ channel: request.channel, citizen, today: localIsoDate(at), lookup }));
    const initial = stateOf(ir, ir.workflow.initial);
    const id = timeOrderedId(at);
    const row = await inTransaction(this.db, async (trx) => {
      const created = await createDossier(
        trx,
        {
          id,
          code: null,
          procedure_id: ir.id,
          definition_version: ir.version,
          agency: initial.agency ?? ir.agency,
          citizen_id: citizen,
          state: initial.id,
          snapshot: encodeJson({ status: 'active', value: initial.id, context: {} }),
          form: encodeJson(result.form),
          channel: request.channel,
          due_at: null,
          clock: encodeJson(NOT_STARTED),
          created_at: at,
          updated_at: at,
          outcome: null,
          state_due_at: null,
          prefilled: encodeJson(result.prefilled),
          submitted_at: null,
          received_at: null,
          result_at: null,
          fee_total: null,
        },
        [{ type: 'created', actor: request.actor.id, payload: encodeJson({ version: ir.version, state: initial.id, channel: request.channel, prefilled: result.prefilled.map((p) => p.path) }) }],
      );
      const logs = this.accessLogRows(ir, id, citizen, request.actor, at, reads);
      if (logs.length) await trx.insertInto('access_log').values(logs).execute();
      return created;
    });
    return this.toView(row, ir);
  }

  /**
   * Merges form values (path → value; a repeated group takes its list of rows). Unknown fields,
   * changes to locked prefilled values and values of the wrong type are refused as a whole —
   * nothing is saved — with an error per field; missing required values are fine in a draft.
   */
  async updateForm(id: string, patch: Readonly<Record<string, unknown>>, actor: Actor, expectedRevision?: number): Promise<{ view: DossierView; errors: readonly FieldError[] }> {
    const d = await this.load(id);
    this.checkRevision(d, expectedRevision);
    const state = stateOf(d.ir, d.row.state);
    this.authorize(actor, d.row, state);
    if (state.role !== 'citizen') {
      throw new EngineError('conflict', bi('Hồ sơ đã nộp, không sửa được tờ khai ở bước này', 'The dossier has been submitted; the form cannot be changed at this step'));
    }
    const clean = normaliseInput(patch);
    const pathErrors = checkUpdatePaths(d.rules.model, clean, d.form, actor.role === 'system' ? [] : d.prefilled);
    if (pathErrors.length) throw new EngineError('invalid_input', bi('Tờ khai có trường không hợp lệ', 'The form has invalid fields'), { errors: pathErrors });
    let form: FormRow = d.form;
    for (const [path, value] of Object.entries(clean)) form = writePath(form, path.split('.'), (value === null ? undefined : value) as Value);
    const at = this.now();
    const facts = { channel: d.row.channel as Channel, citizen: d.row.citizen_id, today: localIsoDate(at) };
    const { result, reads } = await this.withRegistry(d.ir, (lookup) => {
      const completed = d.rules.complete(form, { ...facts, lookup });
      return { form: completed.form, keyed: completed.prefilled, assessment: d.rules.assess({ ...facts, form: completed.form, lookup, attached: d.attached }) };
    });
    const touched = Object.keys(clean);
    const typeErrors = result.assessment.formErrors.filter(
      (e) => e.code !== 'required' && touched.some((p) => e.path === p || e.path.startsWith(`${p}.`)),
    );
    if (typeErrors.length) throw new EngineError('invalid_input', bi('Tờ khai có giá trị không hợp lệ', 'The form has invalid values'), { errors: typeErrors });
    const row = await this.commit(d, at, actor, reads, async () => ({
      set: { form: encodeJson(result.form), prefilled: encodeJson(mergePrefilled(d.prefilled, d.rules, result.keyed)) },
      events: [{ type: 'form_updated', actor: actor.id, payload: encodeJson({ fields: touched }) }],
    }));
    return { view: this.toView(row, d.ir, d), errors: result.assessment.formErrors };
  }

  async attachDocument(id: string, docId: string, file: UploadedFile, actor: Actor): Promise<{ sha256: string; size: number }> {
    const d = await this.load(id, false);
    const state = stateOf(d.ir, d.row.state);
    this.authorize(actor, d.row, state);
    if (state.role !== 'citizen') throw new EngineError('conflict', bi('Không nộp thêm giấy tờ ở bước này', 'Documents cannot be added at this step'));
    const doc = d.ir.documents.find((x) => x.id === docId);
    if (!doc) throw new EngineError('not_found', bi(`Thủ tục không có giấy tờ «${docId}»`, `The procedure has no document «${docId}»`));
    const label = labelWords(doc);
    if (doc.generated) throw new EngineError('invalid_input', bi(`«${label.vi}» do hệ thống tự tạo từ tờ khai, không cần tải lên`, `«${label.en}» is generated from the form`));
    const name = file.name.normalize('NFC').replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200);
    const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
    if (doc.formats.length && !doc.formats.includes(ext)) {
      throw new EngineError('invalid_input', bi(`«${label.vi}» chỉ nhận tệp ${doc.formats.join(', ')}`, `«${label.en}» accepts only ${doc.formats.join(', ')}`), { status: 415 });
    }
    const magic = MAGIC[ext];
    if (magic && !magic(file.bytes)) {
      throw new EngineError('invalid_input', bi(`Nội dung tệp không phải định dạng ${ext.toUpperCase()}`, `The file's content is not ${ext.toUpperCase()}`), { status: 415 });
    }
    if (MIME[ext] && file.mime !== MIME[ext]) {
      throw new EngineError('invalid_input', bi(`Kiểu tệp khai báo (${file.mime}) không khớp phần mở rộng .${ext}`, `The declared type (${file.mime}) does not match .${ext}`), { status: 415 });
    }
    if (doc.maxSizeMB !== undefined && file.bytes.byteLength > doc.maxSizeMB * 1024 * 1024) {
      throw new EngineError('invalid_input', bi(`«${label.vi}» không được lớn hơn ${doc.maxSizeMB} MB`, `«${label.en}» must be at most ${doc.maxSizeMB} MB`), { status: 413 });
    }
    const sha256 = await this.blobs.put(file.bytes);
    const at = this.now();
    await this.commit(d, at, actor, [], async (trx) => {
      await trx
        .insertInto('documents')
        .values({ dossier_id: id, doc_id: docId, sha256, name, mime: file.mime, size: file.bytes.byteLength, uploaded_at: at })
        .execute();
      return { events: [{ type: 'document_attached', actor: actor.id, payload: encodeJson({ doc: docId, sha256, name, size: file.bytes.byteLength }) }] };
    });
    return { sha256, size: file.bytes.byteLength };
  }

  /** Records a payment; the same provider reference twice records it once (idempotent callbacks). */
  async recordPayment(id: string, payment: { provider: string; reference: string; amount: number }, actor: Actor = SYSTEM): Promise<{ recorded: boolean }> {
    if (!Number.isInteger(payment.amount) || payment.amount < 0) {
      throw new EngineError('invalid_input', bi('Số tiền phải là số đồng nguyên không âm', 'The amount must be whole đồng, not negative'));
    }
    const d = await this.load(id, false);
    const known = await this.db.selectFrom('payments').select('dossier_id').where('reference', '=', payment.reference).executeTakeFirst();
    if (known) return { recorded: false };
    const at = this.now();
    await this.commit(d, at, actor, [], async (trx) => {
      await trx
        .insertInto('payments')
        .values({ dossier_id: id, provider: payment.provider, reference: payment.reference, amount: payment.amount, status: 'paid', paid_at: at })
        .execute();
      // Paid other than at the counter: the statistics' "paid online" (storage/stats-counters.ts).
      const online = payment.provider !== 'counter';
      return { ...(online ? { set: { paid_online: 1 } } : {}), events: [{ type: 'payment_received', actor: actor.id, payload: encodeJson(payment) }] };
    });
    return { recorded: true };
  }

  // ------------------------------------------------------------------------------ workflow actions

  /** Performs a transition of the current state for an actor who holds its role. */
  async act(id: string, transitionId: string, options: { actor: Actor; inputs?: ActionInputs; expectedRevision?: number; visibleTo?: Visibility }): Promise<DossierView> {
    const base = await this.load(id, false, options.visibleTo);
    this.checkRevision(base, options.expectedRevision);
    const { ir } = base;
    const from = stateOf(ir, base.row.state);
    // Whose dossier first, then whether the step exists here (a repeated action finds the dossier
    // moved on: a conflict, not a question of role), then whose step it is.
    this.authorizeParty(options.actor, base.row, from);
    const candidates = from.transitions.filter((t) => t.id === transitionId);
    if (candidates.length === 0) {
      // A step of another state (the dossier moved on) by its label; an action the procedure does not have, as such.
      const other = ir.workflow.states.flatMap((st) => st.transitions).find((t) => t.id === transitionId);
      const [label, step] = [other && labelWords(other), labelWords(from)];
      throw new EngineError(
        'transition_unavailable',
        label
          ? bi(`Không thực hiện được «${label.vi}»: hồ sơ đang ở bước «${step.vi}»`, `«${label.en}» is not possible: the dossier is at the step «${step.en}»`)
          : bi('Thủ tục không có thao tác này', 'The procedure has no such action'),
        { available: uniqueActions(from).map((a) => a.id) },
      );
    }
    this.authorizeRole(options.actor, from);
    const at = this.now();
    // The rules (fees, documents, form, registry reads) run only when this transition reads them:
    // a guard, a fee due before it, leaving the draft, or a result that publishes values.
    const readsRules = needsRules(ir, from, candidates);
    const d = readsRules ? await this.withFacts(base) : base;
    const guarded = candidates.some((t) => t.guard);
    const { assessment, reads } = readsRules ? await this.assessLoaded(d, at, guarded ? undefined : 'fees') : { assessment: undefined, reads: [] };
    const assessed = (): Assessment => assessment ?? unreachable('the rules were not run for a transition that reads them');
    const chosen = candidates.find((t) => !t.guard || holds(t.guard, assessed().env));
    if (!chosen) throw this.guardError(candidates[0]!, assessed(), d.rules);
    const inputs = normaliseInput(options.inputs ?? {});
    this.checkInputs(chosen, inputs, ir);
    if (assessment) this.checkFeesPaid(d, from, chosen, assessment);
    const next = step(ir, from.id, { type: transitionId, ...(assessment ? { env: assessment.env } : {}) });
    if (!next) throw this.guardError(chosen, assessed(), d.rules);
    const to = stateOf(ir, next.state);

    const row = await this.commit(d, at, options.actor, reads, async (trx) => {
      let clock = d.clock;
      let code = d.row.code;
      let agency = d.row.agency;
      let outcome = d.row.outcome;
      let resultAt = numOrNull(d.row.result_at);
      let receivedAt = numOrNull(d.row.received_at);
      const events: NewDossierEvent[] = [
        { type: 'transition', actor: options.actor.id, payload: encodeJson({ transition: chosen.id, from: from.id, to: to.id, inputs }) },
      ];
      const outbox: Array<{ kind: string; recipient: string; payload: unknown }> = [];
      const calFor = (agencyId: string | undefined) => this.calendarOf(ir, agencyId);
      const stateAgency = from.agency ?? ir.agency;

      for (const action of next.actions) {
        const p = action.params ?? {};
        switch (action.type) {
          case 'issue': {
            const what = String(p['what']);
            if (what === 'receipt') {
              if (!code) code = await nextDossierCode(trx, unitOf(ir, stateAgency), receiptDay(at));
              receivedAt = at;
              if (ir.deadline?.from === 'complete' && clock.status === 'not_started') clock = startClock(clock, at, ir.deadline, calFor(ir.agency));
              events.push({ type: 'receipt_issued', actor: options.actor.id, payload: encodeJson({ code, dueAt: clock.dueAt ?? null }) });
            } else if (what === 'supplement_request') {
              const missing = (inputs.missing ?? []).map((m) => {
                const doc = ir.documents.find((x) => x.id === m);
                return { id: m, label: doc?.label ?? m, ...(doc ? englishLabel(doc) : {}) };
              });
              events.push({ type: 'supplement_requested', actor: options.actor.id, payload: encodeJson({ missing, note: inputs.note ?? null }) });
            } else if (what === 'refusal') {
              events.push({ type: 'refused', actor: options.actor.id, payload: encodeJson({ reason: inputs.reason ?? null }) });
            } else if (what === 'result') {
              const resultId = String(p['result'] ?? ir.results[0]?.id ?? 'result');
              const issued = await this.issueResult(trx, d, resultId, assessed(), at, code);
              // The dossier is decided by its last result; one issued on the way (a liên thông
              // chain) is recorded and published, and the dossier stays pending.
              if (!resultsAhead(ir, to.id)) {
                resultAt = at;
                outcome = outcomeOf(clock, at) ?? null;
              }
              events.push({ type: 'result_issued', actor: options.actor.id, payload: encodeJson({ result: resultId, data: issued.data, outcome }) });
            } else {
              events.push({ type: 'issued', actor: options.actor.id, payload: encodeJson({ what }) });
            }
            break;
          }
          case 'notify': {
            const role = String(p['role']);
            outbox.push({
              kind: 'notification',
              recipient: role === 'citizen' ? `citizen:${d.row.citizen_id}` : `${to.agency ?? agency}:${role}`,
              payload: { dossier: id, code, ...notifyMessage(p, to), transition: chosen.id },
            });
            break;
          }
          case 'handover': {
            const target = String(p['agency']);
            events.push({ type: 'handed_over', actor: options.actor.id, payload: encodeJson({ from: agency, to: target }) });
            outbox.push({ kind: 'handover', recipient: `${target}:reception`, payload: { dossier: id, code, from: agency } });
            agency = target;
            break;
          }
          case 'clock.restart':
            clock = restartClock(clock);
            events.push({ type: 'clock_restarted', actor: options.actor.id, payload: encodeJson({}) });
            break;
          case 'clock.stop':
            clock = stopClock(clock);
            events.push({ type: 'clock_stopped', actor: options.actor.id, payload: encodeJson({}) });
            break;
        }
      }

      const leavingDraft = from.id === ir.workflow.initial;
      if (leavingDraft && ir.deadline?.from === 'submission' && clock.status === 'not_started') clock = startClock(clock, at, ir.deadline, calFor(ir.agency));
      if (from.pausesClock && !to.pausesClock) clock = resumeClock(clock, at, calFor(ir.agency));
      if (!from.pausesClock && to.pausesClock) clock = pauseClock(clock, at, calFor(ir.agency));
      if (ir.deadline?.from === to.id && clock.status === 'not_started') clock = startClock(clock, at, ir.deadline, calFor(ir.agency));
      if (to.final && clock.status !== 'not_started') clock = stopClock(clock);
      if (!to.final && to.agency) agency = to.agency;

      const stateDueAt = to.sla && !to.final ? addDuration(calFor(to.agency), at, to.sla) : null;
      await enqueueOutbox(trx, outbox.map((o) => ({ kind: o.kind, recipient: o.recipient, payload: encodeJson(o.payload) })), at);
      return {
        set: {
          state: to.id,
          snapshot: next.snapshotText,
          clock: encodeJson(clock),
          due_at: clock.status === 'running' ? (clock.dueAt ?? null) : null,
          state_due_at: from.id !== to.id ? stateDueAt : numOrNull(d.row.state_due_at),
          code,
          agency,
          outcome,
          result_at: resultAt,
          received_at: receivedAt,
          ...(leavingDraft ? { submitted_at: at, fee_total: assessed().fees.total } : {}),
          ...this.replannedTimers(d, clock, from.id !== to.id ? { state: to.id, dueAt: stateDueAt } : undefined, at),
        },
        events,
      };
    });
    return this.toView(row, ir, d);
  }

  /** The one-time extension: an apology letter with the reason and the new date (Decree 61/2018). */
  async extend(id: string, request: { actor: Actor; reason: string; newDueAt: EpochMs; expectedRevision?: number; visibleTo?: Visibility }): Promise<DossierView> {
    const d = await this.load(id, false, request.visibleTo);
    this.checkRevision(d, request.expectedRevision);
    const state = stateOf(d.ir, d.row.state);
    if (request.actor.role === 'citizen' || (request.actor.role !== 'system' && request.actor.agency !== d.row.agency)) {
      throw new EngineError('forbidden', bi('Chỉ cơ quan đang giải quyết hồ sơ được gia hạn', 'Only the agency handling the dossier may extend it'));
    }
    if (!request.reason?.trim()) {
      throw new EngineError('invalid_input', bi('Thư xin lỗi phải nêu lý do', 'The apology letter must give a reason'), {
        errors: [{ path: 'reason', code: 'required', message: inputMissing('reason') }],
      });
    }
    if (state.final) throw new EngineError('conflict', bi('Hồ sơ đã kết thúc', 'The dossier is closed'));
    const at = this.now();
    let clock: ClockState;
    try {
      clock = extendClock(d.clock, { at, newDueAt: request.newDueAt, reason: request.reason.normalize('NFC'), by: request.actor.id }, this.calendarOf(d.ir, d.ir.agency), d.ir.extension.max);
    } catch (e) {
      if (e instanceof ClockError) throw new EngineError('clock', e.text, { reason: e.code });
      throw e;
    }
    const row = await this.commit(d, at, request.actor, [], async (trx) => {
      const letter = {
        dossier: id,
        code: d.row.code,
        reason: clock.extension!.reason,
        previousDueAt: clock.extension!.previousDueAt,
        newDueAt: clock.extension!.newDueAt,
        text: `Cơ quan xin lỗi vì hồ sơ ${d.row.code ?? id} chưa giải quyết được đúng hạn (${formatLocal(clock.extension!.previousDueAt)}). Lý do: ${clock.extension!.reason}. Hẹn trả kết quả: ${formatLocal(clock.extension!.newDueAt)}.`,
      };
      await enqueueOutbox(trx, [{ kind: 'apology_letter', recipient: `citizen:${d.row.citizen_id}`, payload: encodeJson(letter) }], at);
      return {
        set: { clock: encodeJson(clock), due_at: clock.status === 'running' ? (clock.dueAt ?? null) : null, ...this.replannedTimers(d, clock, undefined, at) },
        events: [{ type: 'extended', actor: request.actor.id, payload: encodeJson(letter) }],
      };
    });
    return this.toView(row, d.ir, d);
  }

  // ------------------------------------------------------------------------------ timers

  /**
   * Fires every timer due by `now`: warnings before the due time, overdue marks and SLA breaches.
   * The dossiers with a timer due are read `limit` at a time, soonest first (then by id), each
   * batch after the last dossier of the one before, until a batch comes back short: each dossier
   * is tried once per run, whatever came of it, so one that keeps failing or that another worker
   * holds cannot keep the run going (it is tried again on the next run).
   * Each dossier is taken in a transaction of its own that reads its row (on PostgreSQL locked, or
   * passed by when another worker or an action holds it), acts on each timer due — one revision
   * each, with its event and its message — and writes back the timers left through the revision
   * check: of two workers (processes) on the same dossier one commits, and the other, reading
   * again, finds nothing due. So each timer acts exactly once, with no lease to wait for when a
   * worker dies: its transaction rolls back and the timer stays due.
   * Returns how many timers fired (those that found their dossier moved on included, which act
   * not) — not how many dossiers: callers need not call again. `workerId` names the worker in
   * nothing stored any more; it stays for the callers' logs.
   */
  async runTimers(workerId: string, limit = 100, onError?: (dossierId: string, error: unknown) => void): Promise<number> {
    const now = this.now();
    let fired = 0;
    // One dossier that cannot be fired (its definition gone, its row damaged) must not hold up the
    // others, which come after it in due order on every run: each is tried, and what failed is
    // told to `onError`, or thrown once the others are done when nobody listens.
    const failed: unknown[] = [];
    let after: TimersCursor | undefined;
    for (;;) {
      const batch = await dossiersWithTimersDue(this.db, now, limit, after);
      for (const d of batch) {
        try {
          // The definition first: inside the transaction, a read outside it would wait for it on SQLite's one connection.
          const { ir } = await this.definition(d.procedure_id, d.definition_version);
          fired += await this.fireTimersOf(d.id, ir, now);
        } catch (e) {
          if (onError) onError(d.id, e);
          else failed.push(e);
        }
      }
      if (batch.length === 0 || batch.length < limit) break; // (a limit of 0 reads nothing: done too)
      const last = batch[batch.length - 1]!;
      after = { at: last.next_timer_at, id: last.id };
    }
    if (failed.length === 1) throw failed[0];
    if (failed.length > 1) throw new AggregateError(failed, `motcua: ${failed.length} dossiers' timers could not be fired`);
    return fired;
  }

  /** Fires the timers of one dossier due by `now`; returns how many. */
  private async fireTimersOf(id: string, ir: ProcedureIR, now: EpochMs): Promise<number> {
    // A conflict means something changed the dossier between this transaction's read and its
    // write (not possible while the row or the SQLite write lock is held, but cheap to survive):
    // read again.
    for (let attempt = 1; ; attempt++) {
      try {
        return await inTransaction(this.db, async (trx) => {
          const row = await lockDossierUnlessBusy(trx, id);
          if (!row) return 0; // gone, or another worker is at it
          const pending = pendingTimers(row.timers);
          const { due, rest } = dueTimers(pending, now);
          if (due.length === 0) return 0;
          // The due time a timer watches must still be the dossier's: rescheduling replaces a
          // timer whenever its due time or state changes, so only a row changed behind the
          // engine's back fails this — then the timer leaves without a word.
          const current = (t: PendingTimer) =>
            t.dueAt !== null && (t.kind === 'sla' ? t.state === row.state && t.dueAt === numOrNull(row.state_due_at) : t.dueAt === numOrNull(row.due_at));
          const acting = due.filter(current);
          if (acting.length === 0) return (await setPendingTimersIfRevision(trx, id, row.revision, timerColumns(rest))) ? due.length : 0;
          const recipient = `${row.agency}:${stateRoleOf(row.state, ir)}`;
          const messages: NewOutboxMessage[] = [];
          let left = pending.filter((t) => !due.includes(t) || acting.includes(t));
          let loaded = row;
          for (const t of acting) {
            left = left.filter((x) => x !== t);
            const type = t.kind === 'due_soon' ? 'due_soon' : t.kind === 'overdue' ? 'overdue' : 'sla_breached';
            // One revision per timer, as every change of a dossier: its event opens it.
            ({ row: loaded } = await updateDossierIfRevision(trx, id, loaded.revision, {
              at: now,
              set: timerColumns(left),
              events: [{ type, actor: 'system', payload: encodeJson({ dueAt: t.dueAt, state: row.state }) }],
              loaded,
            }));
            messages.push({ kind: type, recipient, payload: encodeJson({ dossier: row.id, code: row.code, dueAt: t.dueAt }) });
          }
          await enqueueOutbox(trx, messages, now);
          return due.length;
        });
      } catch (e) {
        if (!(e instanceof ConcurrencyConflict)) throw e;
        if (attempt === 3) return 0; // still moving: the timers stay due for the next run
      }
    }
  }

  /**
   * The timers' columns after a change of the clock (from the dossier's as loaded to `clock`) and
   * maybe of the state (`sla`: the state entered and its SLA due time), for the change's own
   * UPDATE; nothing when neither the due time nor the state changes (storage/timers.ts).
   */
  private replannedTimers(d: Loaded, clock: ClockState, sla: { state: string; dueAt: number | null } | undefined, at: EpochMs): Pick<DossierUpdate, 'timers' | 'next_timer_at'> {
    const pending = pendingTimers(d.row.timers);
    const warn = d.ir.warn;
    const planned = replanTimers(pending, {
      before: d.clock,
      after: clock,
      ...(sla ? { sla } : {}),
      ...(warn ? { warnAt: (dueAt: EpochMs) => subtractDuration(this.calendarOf(d.ir, d.ir.agency), dueAt, warn) } : {}),
      now: at,
    });
    return planned === pending ? {} : timerColumns(planned);
  }

  // ------------------------------------------------------------------------------ helpers

  private async issueResult(trx: Transaction<Database>, d: Loaded, resultId: string, assessment: Assessment, at: EpochMs, code: string | null) {
    const result = d.ir.results.find((r) => r.id === resultId);
    const published: Array<{ source: string; field: string; subject: string; value: unknown }> = [];
    for (const p of result?.publishes ?? []) {
      const value = evaluate(p.value, assessment.env);
      const subject = p.subject ? evaluate(p.subject, assessment.env) : d.row.citizen_id;
      if (value === undefined || typeof subject !== 'string' || subject === '') continue;
      published.push({ source: p.source, field: p.field, subject, value });
    }
    const data = {
      result: resultId,
      label: result?.label ?? resultId,
      ...(result ? englishLabel(result) : {}),
      dossier: d.row.id,
      code,
      procedure: d.ir.id,
      version: d.ir.version,
      citizen: d.row.citizen_id,
      issuedAt: at,
      published,
    };
    const signature = this.signer ? this.signer.sign(canonicalJson(data)) : null;
    await trx.insertInto('results').values({ dossier_id: d.row.id, result_id: resultId, subject_id: d.row.citizen_id, data: encodeJson(data), signature, issued_at: at }).execute();
    if (published.length) {
      await trx
        .insertInto('results_store')
        .values(published.map((p) => ({ source: p.source, subject_id: p.subject, field: p.field, value: encodeJson(p.value), dossier_id: d.row.id, published_at: at })))
        .execute();
    }
    return { data, signature };
  }

  /** One transaction: the caller's writes, the dossier's revision check and update, the access log. */
  private async commit(
    d: Loaded,
    at: EpochMs,
    actor: Actor,
    reads: ReadonlyArray<RegistryRead & { record: SourceRecord }>,
    work: (trx: Transaction<Database>) => Promise<{ set?: Parameters<typeof updateDossierIfRevision>[3]['set']; events?: NewDossierEvent[] }>,
  ): Promise<DossierRow> {
    try {
      return await inTransaction(this.db, async (trx) => {
        const change = await work(trx);
        const set = change.set && changedColumns(d.row, change.set);
        const { row } = await updateDossierIfRevision(trx, d.row.id, d.row.revision, { at, ...(set ? { set } : {}), events: change.events ?? [], loaded: d.row, finalStates: finalStatesOf(d.ir) });
        const logs = this.accessLogRows(d.ir, d.row.id, d.row.citizen_id, actor, at, reads);
        if (logs.length) await trx.insertInto('access_log').values(logs).execute();
        return row;
      });
    } catch (e) {
      if (e instanceof ConcurrencyConflict) {
        throw new EngineError('conflict', bi('Hồ sơ vừa được người khác cập nhật; hãy tải lại và thử lại', 'The dossier was just changed by someone else; reload and try again'), { revision: e.actualRevision });
      }
      throw e;
    }
  }

  private checkRevision(d: Loaded, expected: number | undefined): void {
    if (expected !== undefined && expected !== d.row.revision) {
      throw new EngineError('conflict', bi('Hồ sơ vừa được người khác cập nhật; hãy tải lại và thử lại', 'The dossier was just changed by someone else; reload and try again'), { revision: d.row.revision });
    }
  }

  /** A citizen acts only on their own dossier in the citizen's states; an officer only in their agency and role. */
  /** The actor may act on this dossier in this state: their own (citizen) or their agency's, and their role's step. */
  private authorize(actor: Actor, row: DossierRow, state: IRState): void {
    this.authorizeParty(actor, row, state);
    this.authorizeRole(actor, state);
  }

  /** The citizen who owns the dossier, or an officer of the agency that holds it or its state. */
  private authorizeParty(actor: Actor, row: DossierRow, state: IRState): void {
    if (actor.role === 'system') return;
    if (actor.role === 'citizen') {
      if (actor.id !== row.citizen_id) throw forbidden('Bạn không có quyền với hồ sơ này', 'You may not act on this dossier');
      return;
    }
    const agency = state.agency ?? row.agency;
    if (actor.agency !== row.agency && actor.agency !== agency) throw forbidden('Hồ sơ không thuộc cơ quan của bạn', "The dossier is not your agency's");
  }

  /** The state's step is the actor's role's. */
  private authorizeRole(actor: Actor, state: IRState): void {
    if (actor.role === 'system') return;
    const step = labelWords(state);
    if (actor.role === 'citizen') {
      if (state.role !== 'citizen') throw forbidden(`Bước «${step.vi}» do cơ quan thực hiện`, `The step «${step.en}» is for the agency`);
      return;
    }
    if (state.role !== actor.role) {
      if (!state.role) throw forbidden(`Bước «${step.vi}» không có thao tác nào`, `The step «${step.en}» has no actions`);
      const role = roleWords(state.role);
      throw forbidden(`Bước «${step.vi}» do ${role.vi} thực hiện`, `The step «${step.en}» is for the ${role.en}`);
    }
  }

  private checkInputs(t: IRTransition, inputs: ActionInputs, ir: ProcedureIR): void {
    const errors: FieldError[] = [];
    for (const name of t.inputs) {
      const v = (inputs as Record<string, unknown>)[name];
      const empty = v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
      if (empty) errors.push({ path: name, code: 'required', message: inputMissing(name) });
    }
    for (const m of inputs.missing ?? []) {
      if (!ir.documents.some((x) => x.id === m)) errors.push({ path: 'missing', code: 'option', message: bi(`Thủ tục không có giấy tờ «${m}»`, `No document «${m}» in the procedure`) });
    }
    if (errors.length) {
      const action = labelWords(t);
      throw new EngineError('invalid_input', bi(`Chưa đủ thông tin để «${action.vi}»`, `«${action.en}» needs more input`), { errors });
    }
  }

  private checkFeesPaid(d: Loaded, from: IRState, t: IRTransition, a: Assessment): void {
    const leavingDraft = from.id === d.ir.workflow.initial;
    let due = 0;
    for (const f of a.fees.fees) {
      const now = (f.due.on === 'before' && f.due.transition === t.id) || (f.due.on === 'submit' && leavingDraft && d.row.channel === 'online');
      if (now) due += f.amount;
    }
    if (due > d.paid) {
      const [owed, paid] = [dongWords(due), dongWords(d.paid)];
      throw new EngineError('fee_unpaid', bi(`Chưa nộp đủ phí, lệ phí: cần ${owed.vi}, đã nộp ${paid.vi}`, `Fees not paid in full: ${owed.en} due, ${paid.en} paid`), { due, paid: d.paid });
    }
  }

  private guardError(t: IRTransition, a: Assessment, rules: ProcedureRules): EngineError {
    const failed: Array<{ condition: string; text: Bilingual }> = [];
    const words: Bilingual[] = [];
    const walk = (e: IRExpr): void => {
      if (e.kind === 'binary' && e.op === 'and') {
        walk(e.left);
        walk(e.right);
        return;
      }
      if (holds(e, a.env)) return;
      const said = unmetWords(e, rules.labels);
      // `condition` is the source (what programs test, e.g. `form.valid`); `text` is for people.
      failed.push({ condition: exprSource(e), text: said });
      words.push(said);
    };
    if (t.guard) walk(t.guard);
    const said = (lang: 'vi' | 'en') => words.map((w) => w[lang]).join('; ');
    const action = labelWords(t);
    return new EngineError('guard_failed', bi(`Chưa đủ điều kiện để «${action.vi}»: ${said('vi')}`, `«${action.en}» is not possible yet: ${said('en')}`), {
      failed,
      ...(failed.some((f) => f.condition === 'form.valid') ? { errors: a.formErrors } : {}),
      ...(failed.some((f) => f.condition === 'documents.complete') ? { missing: a.missing.map((m) => ({ id: m.id, label: m.label, ...englishLabel(m) })) } : {}),
    });
  }
}

// ------------------------------------------------------------------------------ small helpers

/**
 * Whether taking one of `candidates` reads the rules' results: a guard, a fee due before the
 * transition, leaving the draft (the submit fee and the fee total), or a result whose published
 * values are computed from the dossier.
 */
export function needsRules(ir: ProcedureIR, from: IRState, candidates: readonly IRTransition[]): boolean {
  if (from.id === ir.workflow.initial) return true;
  return candidates.some(
    (t) =>
      t.guard !== undefined ||
      t.effects.some((e) => e.type === 'issue' && e.what === 'result') ||
      ir.fees.some((f) => f.due.on === 'before' && f.due.transition === t.id),
  );
}

/**
 * Only the columns whose value changes: SQLite rewrites an index entry for every indexed column an
 * UPDATE names, changed or not (the queue index holds agency, state and due time).
 */
function changedColumns<T extends object>(row: DossierRow, set: T): Partial<T> {
  const current = row as unknown as Record<string, unknown>;
  const changed: Record<string, unknown> = {};
  for (const k in set) {
    const v = set[k];
    if (current[k] !== v) changed[k] = v;
  }
  return changed as Partial<T>;
}

function unreachable(why: string): never {
  throw new Error(`motcua: internal error: ${why}`);
}

/** The prefilled list after keyed prefills were refreshed: keyed entries replaced by the new ones. */
function mergePrefilled(old: readonly PrefilledField[], rules: ProcedureRules, keyed: readonly PrefilledField[]): PrefilledField[] {
  const keyedPaths = new Set(rules.model.plainFields().filter((f) => f.prefill && 'source' in f.prefill && f.prefill.key).map((f) => f.path));
  return [...old.filter((p) => !keyedPaths.has(p.path)), ...keyed];
}

function numOrNull(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

export function stateOf(ir: ProcedureIR, id: string): IRState {
  const s = ir.workflow.states.find((x) => x.id === id);
  if (!s) throw new EngineError('not_found', bi(`Quy trình không có bước ${id}`, `The workflow has no state ${id}`));
  return s;
}

function stateRoleOf(stateId: string, ir: ProcedureIR): string {
  return ir.workflow.states.find((s) => s.id === stateId)?.role ?? 'reception';
}

/** A step of the workflow named by its label in both languages; its id when the workflow has no such state. */
function stepWords(ir: ProcedureIR, stateId: string): Bilingual | string {
  const state = ir.workflow.states.find((s) => s.id === stateId);
  return state ? labelWords(state) : stateId;
}

/**
 * What a notification says: the machine's notify action's own message and its English, else the
 * label of the step the dossier reached — each with its English companion when the procedure
 * gives one.
 */
function notifyMessage(params: Readonly<Record<string, unknown>>, to: IRState): { message: string; messageEn?: string } {
  const { message, messageEn } = params;
  if (typeof message !== 'string') return { message: to.label, ...(to.labelEn ? { messageEn: to.labelEn } : {}) };
  return { message, ...(typeof messageEn === 'string' ? { messageEn } : {}) };
}

function forbidden(vi: string, en: string): EngineError {
  return new EngineError('forbidden', bi(vi, en));
}

function uniqueActions(state: IRState): AvailableAction[] {
  const seen = new Set<string>();
  const out: AvailableAction[] = [];
  for (const t of state.transitions) {
    if (seen.has(t.id)) continue;
    seen.add(t.id);
    out.push({ id: t.id, label: t.label, ...englishLabel(t), target: t.target, inputs: t.inputs });
  }
  return out;
}

function unitOf(ir: ProcedureIR, agencyId: string): string {
  const a: IRAgency | undefined = ir.agencies.find((x) => x.id === agencyId) ?? ir.agencies[0];
  return a?.unit ?? a?.id ?? 'MOTCUA';
}

/** What an officer still has to enter for an action, as a sentence. */
const INPUT_MISSING: Readonly<Record<string, Bilingual>> = {
  reason: bi('Chưa nhập lý do', 'Enter the reason'),
  note: bi('Chưa nhập ghi chú', 'Enter a note'),
  missing: bi('Chưa chọn giấy tờ cần bổ sung', 'Choose the documents to be supplemented'),
  new_date: bi('Chưa nhập ngày hẹn mới', 'Enter the new date'),
};

function inputMissing(name: string): Bilingual {
  return INPUT_MISSING[name] ?? bi(`Chưa nhập ${name.replace(/_/g, ' ')}`, `Enter the ${name.replace(/_/g, ' ')}`);
}

/**
 * The workflow's roles (dsl check/workflow.ts ROLES) as officers know them — the console's words
 * (server/src/pages/i18n.ts roleName), kept here so the engine's refusals need no rewording.
 */
const ROLE_WORDS: Readonly<Record<string, Bilingual>> = {
  citizen: bi('Công dân', 'citizen'),
  reception: bi('Cán bộ tiếp nhận', 'reception officer'),
  specialist: bi('Chuyên viên xử lý', 'specialist'),
  leader: bi('Lãnh đạo', 'leader'),
};

function roleWords(role: string): Bilingual {
  return ROLE_WORDS[role] ?? bi(role.replace(/_/g, ' '), role.replace(/_/g, ' '));
}

/** How a channel reads after "hồ sơ" / "submitted". */
function channelWords(channel: string): Bilingual {
  switch (channel) {
    case 'online': return bi('nộp trực tuyến', 'online');
    case 'in_person': return bi('nộp trực tiếp', 'in person');
    case 'postal': return bi('nộp qua dịch vụ bưu chính', 'by post');
    default: return bi(`qua kênh «${channel}»`, `through «${channel}»`);
  }
}

/** JSON with object keys sorted, so a signature covers the meaning, not the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
