// The officer's queue (their agency's dossiers, soonest due first, with deadline flags), the
// payment callback, public verification of results, and statistics for the centre manager.
import { z } from 'zod';
import { canonicalJson, formatLocal, subtractDuration, type DossierRow } from '@motcua/engine';
import type { ServerContext } from '../context.ts';
import { ApiError, problems } from '../http/problem.ts';
import type { Api } from '../http/route.ts';
import { PaymentCallback } from '../payments/gateway.ts';

const OFFICERS = ['reception', 'specialist', 'leader'] as const;

export type Flag = 'overdue' | 'due_soon' | 'sla_breached' | 'paused' | 'on_track';

export function flagsOf(ctx: ServerContext, row: Pick<DossierRow, 'procedure_id' | 'due_at' | 'state_due_at' | 'clock' | 'agency'>, now: number): Flag[] {
  const flags: Flag[] = [];
  const due = row.due_at === null ? null : Number(row.due_at);
  const entry = ctx.runtime.catalog.find((e) => e.id === row.procedure_id);
  if (due !== null && due < now) flags.push('overdue');
  else if (due !== null && entry?.ir.warn) {
    const warnAt = subtractDuration(ctx.runtime.engine.calendarOf(entry.ir, entry.ir.agency), due, entry.ir.warn);
    if (now >= warnAt) flags.push('due_soon');
  }
  if (row.state_due_at !== null && Number(row.state_due_at) < now) flags.push('sla_breached');
  if ((JSON.parse(row.clock) as { status: string }).status === 'paused') flags.push('paused');
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
      let q = storage.db
        .selectFrom('dossiers')
        .selectAll()
        .where('agency', '=', user!.agency ?? '')
        .where('state', '!=', 'draft');
      if (query.state) q = q.where('state', '=', query.state);
      if (query.procedure) q = q.where('procedure_id', '=', query.procedure);
      // Running dossiers first by due time, then those without a running clock.
      const rows = await q.orderBy('due_at', (ob) => ob.asc().nullsLast()).orderBy('created_at').limit(query.limit).offset(query.offset).execute();
      const byId = new Map(ctx.runtime.catalog.map((e) => [e.id, e]));
      const items = rows
        .map((r) => {
          const ir = byId.get(r.procedure_id)?.ir;
          const state = ir?.workflow.states.find((s) => s.id === r.state);
          return {
            id: r.id,
            code: r.code,
            procedure: r.procedure_id,
            title: ir?.title ?? r.procedure_id,
            state: r.state,
            stateLabel: state?.label ?? r.state,
            role: state?.role ?? null,
            final: state?.final ?? false,
            citizenId: r.citizen_id,
            dueAt: r.due_at === null ? null : Number(r.due_at),
            dueAtLocal: r.due_at === null ? null : formatLocal(Number(r.due_at)),
            stateDueAt: r.state_due_at === null ? null : Number(r.state_due_at),
            flags: flagsOf(ctx, r, now),
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

  const verifyResult = async (code: string) => {
    const row = await storage.db.selectFrom('dossiers').select(['id', 'code', 'procedure_id', 'outcome']).where('code', '=', code).executeTakeFirst();
    if (!row) return { valid: false as const, reason: { vi: 'Không có hồ sơ với mã này', en: 'No dossier with this code' } };
    const results = await storage.db.selectFrom('results').selectAll().where('dossier_id', '=', row.id).execute();
    if (results.length === 0) return { valid: false as const, reason: { vi: 'Hồ sơ chưa có kết quả', en: 'No result yet' } };
    const checked = results.map((r) => {
      const data = JSON.parse(r.data) as Record<string, unknown>;
      return { result: r.result_id, data, valid: r.signature !== null && ctx.runtime.keys.verify(canonicalJson(data), r.signature) };
    });
    return { valid: checked.every((x) => x.valid), code: row.code, procedure: row.procedure_id, results: checked };
  };

  api.route(
    { method: 'get', path: '/api/verify/:code', summary: 'Xác thực kết quả theo mã hồ sơ (công khai) / verify a result by dossier code', tag: 'results', auth: 'public', params: z.strictObject({ code: z.string().min(1).max(100) }) },
    async ({ c, params }) => c.json(await verifyResult(params.code)),
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
      const day = (s: string, end: boolean) => Date.parse(`${s}T${end ? '23:59:59.999' : '00:00:00'}+07:00`);
      const from = query.from ? day(query.from, false) : 0;
      const to = query.to ? day(query.to, true) : Number.MAX_SAFE_INTEGER;
      // A leader sees their own agency only.
      const agency = user!.role === 'leader' ? user!.agency : query.agency;
      let q = storage.db.selectFrom('dossiers').select(['procedure_id', 'agency', 'channel', 'received_at', 'result_at', 'outcome', 'state', 'fee_total', 'id']).where('state', '!=', 'draft');
      if (agency) q = q.where('agency', '=', agency);
      if (query.procedure) q = q.where('procedure_id', '=', query.procedure);
      const rows = await q.execute();
      const paidOnline = new Set(
        (await storage.db.selectFrom('payments').select('dossier_id').where('status', '=', 'paid').where('provider', '!=', 'counter').execute()).map((p) => p.dossier_id),
      );
      const finals = new Map(ctx.runtime.catalog.map((e) => [e.id, new Set(e.ir.workflow.states.filter((s) => s.final).map((s) => s.id))]));
      const groups = new Map<string, { key: string; received: number; early: number; on_time: number; late: number; pending: number; online: number; withFee: number; paidOnline: number }>();
      for (const r of rows) {
        const key = query.by === 'agency' ? r.agency : r.procedure_id;
        const g = groups.get(key) ?? { key, received: 0, early: 0, on_time: 0, late: 0, pending: 0, online: 0, withFee: 0, paidOnline: 0 };
        const received = r.received_at !== null && Number(r.received_at) >= from && Number(r.received_at) <= to;
        if (received) {
          g.received++;
          if (r.channel === 'online') g.online++;
          if (r.fee_total !== null && Number(r.fee_total) > 0) {
            g.withFee++;
            if (paidOnline.has(r.id)) g.paidOnline++;
          }
        }
        if (r.result_at !== null && Number(r.result_at) >= from && Number(r.result_at) <= to && r.outcome) g[r.outcome as 'early' | 'on_time' | 'late']++;
        if (r.received_at !== null && !finals.get(r.procedure_id)?.has(r.state)) g.pending++;
        groups.set(key, g);
      }
      const share = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 10);
      const items = [...groups.values()]
        .map((g) => ({ ...g, onlineShare: share(g.online, g.received), paymentShare: share(g.paidOnline, g.withFee), onTimeShare: share(g.early + g.on_time, g.early + g.on_time + g.late) }))
        .sort((a, b) => b.received - a.received || a.key.localeCompare(b.key));
      return c.json({ from: query.from ?? null, to: query.to ?? null, by: query.by, items });
    },
  );
}
