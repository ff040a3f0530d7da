// The officer's queue (their agency's dossiers, soonest due first, with deadline flags), the
// payment callback, public verification of results, and statistics for the centre manager.
import { z } from 'zod';
import type { IRState, ProcedureIR } from '@motcua/dsl';
import { agencyStates, canonicalJson, formatLocal, officerQueue, subtractDuration, type DossierRow } from '@motcua/engine';
import { computeStats } from '../stats.ts';
import { verifyResult } from '../verification.ts';
import type { ServerContext } from '../context.ts';
import { ApiError, problems } from '../http/problem.ts';
import type { Api } from '../http/route.ts';
import { PaymentCallback } from '../payments/gateway.ts';
import type { CatalogEntry } from '../runtime/catalog.ts';

const OFFICERS = ['reception', 'specialist', 'leader'] as const;

export type Flag = 'overdue' | 'due_soon' | 'sla_breached' | 'paused' | 'on_track';

/** What a queue needs to know of the catalog's states, by state id (shared between procedures). */
export interface QueueStates {
  /** The drafts' (a queue never lists them). */
  readonly initial: ReadonlySet<string>;
  /** Those where it is the citizen's turn (a supplement): the clock is paused, nothing is due. */
  readonly citizensTurn: ReadonlySet<string>;
  /** Those a role handles. */
  ofRole(role: string): ReadonlySet<string>;
}

const queueStatesOf = new WeakMap<readonly CatalogEntry[], QueueStates>();

/** The catalog's QueueStates, worked out once per catalog. */
export function queueStates(catalog: readonly CatalogEntry[]): QueueStates {
  let qs = queueStatesOf.get(catalog);
  if (!qs) {
    const all = catalog.flatMap((e) => e.ir.workflow.states);
    const byRole = new Map<string, ReadonlySet<string>>();
    qs = {
      initial: new Set(catalog.map((e) => e.ir.workflow.initial)),
      citizensTurn: new Set(all.filter((st) => st.role === 'citizen' || st.pausesClock).map((st) => st.id)),
      ofRole: (role) => {
        let set = byRole.get(role);
        if (!set) byRole.set(role, (set = new Set(all.filter((st) => st.role === role).map((st) => st.id))));
        return set;
      },
    };
    queueStatesOf.set(catalog, qs);
  }
  return qs;
}

/**
 * A procedure's states over every published version of it (table `definitions`): a dossier stays
 * pinned to the version it was made with, so it may sit in a state the current version (the
 * runtime catalog's) no longer has. `ids` holds every state of every version, `initial` those a
 * version starts in (the drafts, never listed); `byVersion` each version's states by id.
 */
export interface ProcedureStates {
  readonly ids: ReadonlySet<string>;
  readonly initial: ReadonlySet<string>;
  readonly byVersion: ReadonlyMap<number, ReadonlyMap<string, IRState>>;
}

const NO_STATES: ProcedureStates = { ids: new Set(), initial: new Set(), byVersion: new Map() };
const procedureStatesOf = new WeakMap<object, Map<string, { versions: string; states: Promise<ProcedureStates> }>>();

/**
 * The union of a procedure's states over its published versions, worked out once per publication:
 * each call reads only the list of published version numbers (a range of the definitions' primary
 * key, so a version another process publishes is seen too) and rebuilds the union only when that
 * list changed; the IR of each version comes from the engine's cache of definitions.
 */
export async function procedureStates(ctx: ServerContext, procedureId: string): Promise<ProcedureStates> {
  const { storage, engine } = ctx.runtime;
  const rows = await storage.db.selectFrom('definitions').select('version').where('procedure_id', '=', procedureId).orderBy('version').execute();
  if (rows.length === 0) return NO_STATES;
  const versions = rows.map((r) => Number(r.version));
  const key = versions.join(',');
  let cache = procedureStatesOf.get(ctx.runtime);
  if (!cache) procedureStatesOf.set(ctx.runtime, (cache = new Map()));
  const hit = cache.get(procedureId);
  if (hit && hit.versions === key) return hit.states;
  const states = (async (): Promise<ProcedureStates> => {
    const irs = await Promise.all(versions.map(async (v) => [v, (await engine.definition(procedureId, v)).ir] as const));
    const ids = new Set<string>();
    const initial = new Set<string>();
    const byVersion = new Map<number, ReadonlyMap<string, IRState>>();
    for (const [v, ir] of irs) {
      initial.add(ir.workflow.initial);
      for (const st of ir.workflow.states) ids.add(st.id);
      byVersion.set(v, new Map(ir.workflow.states.map((st) => [st.id, st])));
    }
    return { ids, initial, byVersion };
  })();
  cache.set(procedureId, { versions: key, states });
  states.catch(() => cache.delete(procedureId));
  return states;
}

/**
 * The state a listed dossier is in, read from the version it is pinned to: the catalog's when it
 * is that version (no read), else the published one (the engine caches definitions). Undefined
 * for a state no version has.
 */
export async function listedStates(
  ctx: ServerContext,
  rows: ReadonlyArray<Pick<DossierRow, 'procedure_id' | 'definition_version' | 'state'>>,
): Promise<Array<{ state: IRState | undefined; ir: ProcedureIR | undefined }>> {
  const byId = catalogById(ctx.runtime.catalog);
  return Promise.all(
    rows.map(async (r) => {
      const current = byId.get(r.procedure_id)?.ir;
      let ir = current;
      if (!current || current.version !== Number(r.definition_version)) {
        try {
          ir = (await ctx.runtime.engine.definition(r.procedure_id, Number(r.definition_version))).ir;
        } catch {
          ir = current;
        }
      }
      return { state: ir?.workflow.states.find((s) => s.id === r.state), ir };
    }),
  );
}

const catalogsById = new WeakMap<readonly CatalogEntry[], ReadonlyMap<string, CatalogEntry>>();
function catalogById(catalog: readonly CatalogEntry[]): ReadonlyMap<string, CatalogEntry> {
  let m = catalogsById.get(catalog);
  if (!m) catalogsById.set(catalog, (m = new Map(catalog.map((e) => [e.id, e]))));
  return m;
}

/**
 * A dossier's deadline flags. `ir`: the version it is pinned to, when the caller has it (its
 * states say which pause the clock); the catalog's current version otherwise.
 */
export function flagsOf(ctx: ServerContext, row: Pick<DossierRow, 'procedure_id' | 'due_at' | 'state_due_at' | 'state' | 'agency'>, now: number, ir?: ProcedureIR): Flag[] {
  const flags: Flag[] = [];
  const due = row.due_at === null ? null : Number(row.due_at);
  const procedure = ir ?? catalogById(ctx.runtime.catalog).get(row.procedure_id)?.ir;
  if (due !== null && due < now) flags.push('overdue');
  else if (due !== null && procedure?.warn) {
    const warnAt = subtractDuration(ctx.runtime.engine.calendarOf(procedure, procedure.agency), due, procedure.warn);
    if (now >= warnAt) flags.push('due_soon');
  }
  if (row.state_due_at !== null && Number(row.state_due_at) < now) flags.push('sla_breached');
  // The engine clears due_at while the clock is paused, so a pausing state is what says "paused".
  if (procedure?.workflow.states.find((st) => st.id === row.state)?.pausesClock) flags.push('paused');
  if (flags.length === 0) flags.push('on_track');
  return flags;
}

export function officerRoutes(api: Api, ctx: ServerContext): void {
  const { storage, engine } = ctx.runtime;

  api.route(
    {
      method: 'get',
      path: '/api/queue',
      summary: 'Hàng đợi hồ sơ của cơ quan, hạn gần nhất trước / agency queue, soonest due first',
      tag: 'officers',
      auth: [...OFFICERS],
      query: z.strictObject({
        state: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional(),
        procedure: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional(),
        mine: z.enum(['true', 'false']).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
        offset: z.coerce.number().int().min(0).default(0),
      }),
    },
    async ({ c, query, user }) => {
      const now = engine.now();
      const agency = user!.agency ?? '';
      // The states to list: one asked for, or those of the officer's role ("mine"), or every
      // state of the agency except the citizens' drafts — then one index-served page (queries.ts),
      // of one procedure's dossiers when asked. With a procedure, only the states some published
      // version of it has (a dossier pinned to an old version may be in a state the current one
      // dropped): the other states' index ranges hold none of its dossiers, and a page would walk
      // every one of their entries to find none.
      const { initial, ofRole } = queueStates(ctx.runtime.catalog);
      const roleStates = ofRole(user!.role);
      const ofProcedure = query.procedure ? await procedureStates(ctx, query.procedure) : undefined;
      const asked = query.state
        ? [query.state]
        : ofProcedure?.ids.size === 0
          ? []
          : (await agencyStates(storage.db, agency)).filter((st) => !initial.has(st) && (query.mine !== 'true' || roleStates.has(st)));
      const states = ofProcedure ? asked.filter((st) => ofProcedure.ids.has(st) && (query.state !== undefined || !ofProcedure.initial.has(st))) : asked;
      const rows = states.length === 0 ? [] : await officerQueue(storage.db, { agency, states, limit: query.limit, offset: query.offset, ...(query.procedure ? { procedureId: query.procedure } : {}) });
      const pinned = await listedStates(ctx, rows);
      const items = rows
        .map((r, i) => {
          const { state, ir } = pinned[i]!;
          return {
            id: r.id,
            code: r.code,
            procedure: r.procedure_id,
            title: ir?.title ?? r.procedure_id,
            ...(ir?.titleEn ? { titleEn: ir.titleEn } : {}),
            state: r.state,
            stateLabel: state?.label ?? r.state,
            ...(state?.labelEn ? { stateLabelEn: state.labelEn } : {}),
            role: state?.role ?? null,
            final: state?.final ?? false,
            citizenId: r.citizen_id,
            dueAt: r.due_at === null ? null : Number(r.due_at),
            dueAtLocal: r.due_at === null ? null : formatLocal(Number(r.due_at)),
            stateDueAt: r.state_due_at === null ? null : Number(r.state_due_at),
            flags: flagsOf(ctx, r, now, ir),
          };
        })
        .filter((i) => query.mine !== 'true' || i.role === user!.role);
      return c.json({ items, limit: query.limit, offset: query.offset });
    },
  );

  api.route(
    {
      method: 'post',
      path: '/api/payments/callback',
      summary: 'Cổng thanh toán báo kết quả (có chữ ký, lặp lại không sao) / signed, idempotent payment callback',
      tag: 'payments',
      auth: 'public',
      body: PaymentCallback,
      responses: { 401: 'Chữ ký không hợp lệ' },
    },
    async ({ c, body }) => {
      if (!ctx.gateway.verify(body)) throw new ApiError(401, 'bad_signature', { vi: 'Chữ ký của cổng thanh toán không hợp lệ', en: 'Invalid payment signature' });
      if (body.status !== 'paid') return c.json({ recorded: false, status: body.status });
      try {
        await engine.view(body.dossierId);
      } catch {
        throw problems.notFound('Không tìm thấy hồ sơ', 'Dossier not found');
      }
      const r = await engine.recordPayment(body.dossierId, { provider: ctx.gateway.name, reference: body.reference, amount: body.amount });
      return c.json({ ...r, status: 'paid' });
    },
  );

  api.route(
    { method: 'get', path: '/api/verify/:code', summary: 'Xác thực kết quả theo mã hồ sơ (công khai) / verify a result by dossier code', tag: 'results', auth: 'public', params: z.strictObject({ code: z.string().min(1).max(100) }) },
    async ({ c, params }) => {
      // The API's answer keeps its original shape (issuedAt is for the page).
      const v = await verifyResult(ctx, params.code);
      return c.json('results' in v ? { ...v, results: v.results.map(({ issuedAt: _i, ...r }) => r) } : v);
    },
  );

  api.route(
    {
      method: 'post',
      path: '/api/verify',
      summary: 'Kiểm tra chữ ký của một kết quả (dữ liệu và chữ ký) / check a presented result and signature',
      tag: 'results',
      auth: 'public',
      body: z.strictObject({ data: z.record(z.string(), z.unknown()), signature: z.string().min(1).max(500) }),
    },
    async ({ c, body }) => {
      const valid = ctx.runtime.keys.verify(canonicalJson(body.data), body.signature);
      return c.json({ valid, ...(valid ? {} : { reason: { vi: 'Chữ ký không khớp: kết quả bị sửa hoặc giả mạo', en: 'Signature mismatch: altered or forged' } }) });
    },
  );

  api.route({ method: 'get', path: '/api/results/public-key', summary: 'Khóa công khai Ed25519 để kiểm tra kết quả / verification key', tag: 'results', auth: 'public' }, ({ c }) =>
    c.body(ctx.runtime.keys.publicKeyPem, 200, { 'content-type': 'application/x-pem-file' }),
  );

  api.route(
    {
      method: 'get',
      path: '/api/stats',
      summary: 'Thống kê: tiếp nhận, trước hạn/đúng hạn/trễ hạn, đang giải quyết, tỷ lệ trực tuyến và thanh toán trực tuyến / statistics',
      tag: 'statistics',
      auth: ['manager', 'admin', 'leader'],
      query: z.strictObject({
        from: z.iso.date().optional(),
        to: z.iso.date().optional(),
        by: z.enum(['procedure', 'agency']).default('procedure'),
        agency: z.string().max(100).optional(),
        procedure: z.string().max(100).optional(),
      }),
    },
    async ({ c, query, user }) => {
      // A leader sees their own agency only.
      const agency = user!.role === 'leader' ? user!.agency : query.agency;
      return c.json(await computeStats(ctx, { ...query, agency }));
    },
  );
}
