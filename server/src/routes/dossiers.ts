// Dossiers: the citizen's draft, form, documents, fee, payment, submission and every workflow
// action (citizens and officers alike: the engine checks the state's role and agency), the
// timeline, the due date in words, the one-time extension and the result.
import { z } from 'zod';
import { DossierNotVisible, EngineError, formatLocal, parseLocalDateTime, type DossierView, type FieldError } from '@motcua/engine';
import type { Claims } from '../auth/tokens.ts';
import type { ServerContext } from '../context.ts';
import { ApiError, problems } from '../http/problem.ts';
import type { Api } from '../http/route.ts';

const OFFICERS = ['reception', 'specialist', 'leader'] as const;
const READERS = ['citizen', ...OFFICERS, 'manager', 'admin'] as const;
const IdParam = z.strictObject({ id: z.uuid() });
const Revision = z.number().int().nonnegative().optional();
// A real wall-clock time: "2025-03-32T09:00" or "…T25:00" must be refused, not rolled over into another day.
const LocalDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'YYYY-MM-DDTHH:mm (giờ Việt Nam)')
  .refine((s) => parseLocalDateTime(s) !== undefined, 'Ngày giờ không có thật / not a real date and time');

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;


/** A citizen reads only their own dossiers; an officer their agency's; managers and admins all. */
export function canRead(user: Claims, v: Pick<DossierView, 'citizenId' | 'agency'>): boolean {
  if (user.role === 'citizen') return v.citizenId === user.sub;
  if (user.role === 'manager' || user.role === 'admin') return true;
  return (OFFICERS as readonly string[]).includes(user.role) && user.agency === v.agency;
}

export function actorOf(user: Claims) {
  return { id: user.sub, role: user.role, ...(user.agency ? { agency: user.agency } : {}) };
}

export function dossierRoutes(api: Api, ctx: ServerContext): void {
  const { engine } = ctx.runtime;
  const notFound = () => problems.notFound('Không tìm thấy hồ sơ', 'Dossier not found');
  /** Refuses a dossier the user may not see — as "not found": its existence is not disclosed. */
  const readable = async (id: string, user: Claims): Promise<void> => {
    const owner = await engine.whose(id);
    if (!owner || !canRead(user, owner)) throw notFound();
  };
  /**
   * An engine call that loads the dossier itself, told who may see it (as `readable`, without a
   * read of its own): a dossier not found or not the caller's is the same 404 as everywhere.
   */
  const visibly = async <T>(user: Claims, call: (visibleTo: (owner: { citizenId: string; agency: string }) => boolean) => Promise<T>): Promise<T> => {
    try {
      return await call((owner) => canRead(user, owner));
    } catch (e) {
      if (e instanceof DossierNotVisible) throw notFound();
      throw e;
    }
  };
  /** The whole dossier, for the routes that return it. */
  const readView = async (id: string, user: Claims): Promise<DossierView> => {
    await readable(id, user);
    return engine.view(id);
  };
  /** A view as the API returns it: with its revision as an etag (the engine gives the procedure's English texts beside the Vietnamese). */
  const withRevision = (v: DossierView) => ({ ...v, etag: `"${v.revision}"` });

  api.route(
    {
      method: 'post',
      path: '/api/dossiers',
      summary: 'Tạo hồ sơ (điền sẵn từ cơ sở dữ liệu) / create a draft with prefill',
      tag: 'dossiers',
      auth: ['citizen'],
      body: z.strictObject({ procedureId: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).max(100), channel: z.enum(['online', 'in_person', 'postal']).default('online') }),
      responses: { 201: 'Đã tạo', 404: 'Không có thủ tục', 422: 'Không hợp lệ' },
    },
    async ({ c, body, user }) => {
      if (!ctx.runtime.catalog.some((e) => e.id === body.procedureId)) throw problems.notFound(`Không có thủ tục «${body.procedureId}»`, `No procedure «${body.procedureId}»`);
      const v = await engine.createDraft({ procedureId: body.procedureId, channel: body.channel, actor: actorOf(user!) });
      return c.json(withRevision(v), 201);
    },
  );

  api.route(
    {
      method: 'get',
      path: '/api/dossiers',
      summary: 'Hồ sơ của tôi / my dossiers',
      tag: 'dossiers',
      auth: ['citizen'],
      query: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(50), offset: z.coerce.number().int().min(0).default(0) }),
    },
    async ({ c, query, user }) => {
      const rows = await ctx.runtime.storage.db
        .selectFrom('dossiers')
        .select(['id', 'code', 'procedure_id', 'state', 'due_at', 'outcome', 'created_at', 'updated_at'])
        .where('citizen_id', '=', user!.sub)
        .orderBy('updated_at', 'desc')
        .limit(query.limit)
        .offset(query.offset)
        .execute();
      const byId = new Map(ctx.runtime.catalog.map((e) => [e.id, e]));
      return c.json(
        rows.map((r) => {
          const ir = byId.get(r.procedure_id)?.ir;
          return { ...r, title: ir?.title ?? r.procedure_id, ...(ir?.titleEn ? { titleEn: ir.titleEn } : {}), due_at: r.due_at === null ? null : Number(r.due_at) };
        }),
      );
    },
  );

  api.route({ method: 'get', path: '/api/dossiers/:id', summary: 'Chi tiết hồ sơ / dossier', tag: 'dossiers', auth: READERS, params: IdParam, responses: { 404: 'Không tìm thấy' } }, async ({ c, params, user }) => {
    const v = await readView(params.id, user!);
    return c.json(withRevision(v), 200, { etag: `"${v.revision}"` });
  });

  api.route(
    {
      method: 'patch',
      path: '/api/dossiers/:id/form',
      summary: 'Cập nhật tờ khai / update the form',
      tag: 'dossiers',
      auth: ['citizen'],
      params: IdParam,
      body: z.strictObject({ values: z.record(z.string().max(200), z.unknown()).refine((v) => Object.keys(v).length <= 200, 'quá nhiều trường'), revision: Revision }),
      responses: { 409: 'Xung đột phiên bản', 422: 'Trường không hợp lệ' },
    },
    async ({ c, params, body, user }) => {
      await readable(params.id, user!);
      const { view, errors } = await engine.updateForm(params.id, body.values, actorOf(user!), body.revision);
      return c.json({ ...withRevision(view), errors: errors.map((e: FieldError) => ({ path: e.path, code: e.code, message: e.message })) });
    },
  );

  api.route(
    {
      method: 'post',
      path: '/api/dossiers/:id/documents/:docId',
      summary: 'Tải lên giấy tờ (multipart, trường `file`) / upload a document',
      tag: 'dossiers',
      auth: ['citizen'],
      params: z.strictObject({ id: z.uuid(), docId: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).max(100) }),
      body: 'multipart',
      responses: { 201: 'Đã lưu', 413: 'Tệp quá lớn', 415: 'Sai loại tệp', 422: 'Không hợp lệ' },
    },
    async ({ c, params, user }) => {
      await readable(params.id, user!);
      const type = c.req.header('content-type') ?? '';
      if (!type.startsWith('multipart/form-data')) throw problems.unsupportedType('Phải gửi multipart/form-data với trường file', 'Send multipart/form-data with a file field');
      const length = Number(c.req.header('content-length') ?? '0');
      if (length > MAX_UPLOAD_BYTES) throw problems.tooLarge(`Tệp không được lớn hơn ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`, `Files must be at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
      let form: FormData;
      try {
        form = await c.req.formData();
      } catch {
        throw problems.badRequest('Dữ liệu multipart không đọc được', 'Unreadable multipart body');
      }
      const file = form.get('file');
      if (!(file instanceof File)) throw problems.validation([{ path: 'file', code: 'required', message: { vi: 'Chưa chọn tệp', en: 'No file' } }]);
      if (file.size > MAX_UPLOAD_BYTES) throw problems.tooLarge();
      const bytes = new Uint8Array(await file.arrayBuffer());
      let stored: { sha256: string; size: number };
      try {
        stored = await engine.attachDocument(params.id, params.docId, { name: file.name, mime: file.type || 'application/octet-stream', bytes }, actorOf(user!));
      } catch (e) {
        // The engine refuses a generated document (or any document) without naming the field: it is the path's docId.
        if (e instanceof EngineError && e.code === 'invalid_input' && !('errors' in e.details) && !('status' in e.details)) {
          throw new ApiError(422, 'invalid_input', e.text, { errors: [{ path: 'params.docId', code: 'not_uploadable', message: e.text }] });
        }
        throw e;
      }
      return c.json(stored, 201);
    },
  );

  api.route({ method: 'get', path: '/api/dossiers/:id/documents', summary: 'Giấy tờ đã nộp / attached documents', tag: 'dossiers', auth: READERS, params: IdParam }, async ({ c, params, user }) => {
    await readable(params.id, user!);
    const rows = await ctx.runtime.storage.db.selectFrom('documents').select(['doc_id', 'sha256', 'name', 'mime', 'size', 'uploaded_at']).where('dossier_id', '=', params.id).orderBy('id').execute();
    return c.json(rows.map((r) => ({ ...r, size: Number(r.size), uploaded_at: Number(r.uploaded_at) })));
  });

  api.route(
    { method: 'get', path: '/api/dossiers/:id/assessment', summary: 'Phí, lệ phí, giấy tờ còn thiếu, lỗi tờ khai / fee quote, documents, form errors', tag: 'dossiers', auth: READERS, params: IdParam },
    async ({ c, params, user }) => {
      await readable(params.id, user!);
      const a = await engine.assess(params.id, actorOf(user!));
      return c.json({
        fees: a.fees,
        documents: a.documents.map(({ document: _d, ...rest }) => rest),
        missing: a.missing.map((m) => ({ id: m.id, label: m.label, ...(m.labelEn ? { labelEn: m.labelEn } : {}) })),
        formErrors: a.formErrors,
        formValid: a.formValid,
        documentsComplete: a.documentsComplete,
      });
    },
  );

  api.route(
    { method: 'post', path: '/api/dossiers/:id/payments', summary: 'Bắt đầu thanh toán phí, lệ phí / start a payment', tag: 'payments', auth: ['citizen'], params: IdParam, responses: { 409: 'Không còn phải nộp' } },
    async ({ c, params, user }) => {
      await readable(params.id, user!);
      const a = await engine.assess(params.id, actorOf(user!));
      const paid = await ctx.runtime.storage.db.selectFrom('payments').select('amount').where('dossier_id', '=', params.id).where('status', '=', 'paid').execute();
      const due = a.fees.total - paid.reduce((s, p) => s + Number(p.amount), 0);
      if (due <= 0) throw new ApiError(409, 'nothing_to_pay', { vi: 'Hồ sơ không còn khoản phí nào phải nộp', en: 'Nothing left to pay' });
      const started = ctx.gateway.start({ dossierId: params.id, amount: due });
      return c.json({ ...started, amount: due, provider: ctx.gateway.name }, 201);
    },
  );

  api.route(
    {
      method: 'post',
      path: '/api/dossiers/:id/actions/:action',
      summary: 'Thực hiện thao tác của quy trình (nộp, tiếp nhận, yêu cầu bổ sung, từ chối, phê duyệt…) / perform a workflow action',
      tag: 'dossiers',
      auth: ['citizen', ...OFFICERS],
      params: z.strictObject({ id: z.uuid(), action: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).max(100) }),
      body: z.strictObject({
        inputs: z
          .strictObject({
            reason: z.string().max(2000).optional(),
            note: z.string().max(2000).optional(),
            missing: z.array(z.string().max(100)).max(100).optional(),
            new_date: z.string().max(20).optional(),
          })
          .default({}),
        revision: Revision,
      }),
      responses: { 403: 'Không có quyền', 409: 'Không thực hiện được ở bước này / xung đột', 422: 'Chưa đủ điều kiện' },
    },
    async ({ c, params, body, user }) => {
      const v = await visibly(user!, (visibleTo) =>
        engine.act(params.id, params.action, { actor: actorOf(user!), inputs: body.inputs, visibleTo, ...(body.revision !== undefined ? { expectedRevision: body.revision } : {}) }),
      );
      return c.json(withRevision(v));
    },
  );

  api.route(
    {
      method: 'post',
      path: '/api/dossiers/:id/extension',
      summary: 'Gia hạn một lần kèm thư xin lỗi / the one-time extension with an apology letter',
      tag: 'officers',
      auth: [...OFFICERS],
      params: IdParam,
      body: z.strictObject({ reason: z.string().min(1).max(2000), newDueAt: LocalDateTime, revision: Revision }),
      responses: { 409: 'Xung đột', 422: 'Quá hạn gia hạn hoặc đã gia hạn' },
    },
    async ({ c, params, body, user }) => {
      const v = await visibly(user!, (visibleTo) =>
        engine.extend(params.id, { actor: actorOf(user!), reason: body.reason, newDueAt: parseLocalDateTime(body.newDueAt)!, visibleTo, ...(body.revision !== undefined ? { expectedRevision: body.revision } : {}) }),
      );
      return c.json(withRevision(v));
    },
  );

  api.route({ method: 'get', path: '/api/dossiers/:id/timeline', summary: 'Diễn biến hồ sơ / timeline', tag: 'dossiers', auth: READERS, params: IdParam }, async ({ c, params, user }) => {
    await readable(params.id, user!);
    const events = await engine.timeline(params.id);
    return c.json(events.map((e) => ({ seq: e.seq, type: e.type, actor: e.actor, at: Number(e.at), atLocal: formatLocal(Number(e.at)), payload: JSON.parse(e.payload) as unknown })));
  });

  api.route({ method: 'get', path: '/api/dossiers/:id/due', summary: 'Hạn giải quyết và cách tính / due date explained', tag: 'dossiers', auth: READERS, params: IdParam }, async ({ c, params, user }) => {
    await readable(params.id, user!);
    const d = await engine.explainDue(params.id);
    return c.json({ ...d, dueAtLocal: d.dueAt === null ? null : formatLocal(d.dueAt) });
  });

  api.route(
    { method: 'get', path: '/api/dossiers/:id/result', summary: 'Kết quả giải quyết (có chữ ký số) / the signed result', tag: 'results', auth: READERS, params: IdParam, responses: { 404: 'Chưa có kết quả' } },
    async ({ c, params, user }) => {
      const v = await readView(params.id, user!);
      const rows = await ctx.runtime.storage.db.selectFrom('results').selectAll().where('dossier_id', '=', params.id).execute();
      if (rows.length === 0) throw problems.notFound('Hồ sơ chưa có kết quả', 'No result yet');
      return c.json(
        rows.map((r) => ({
          result: r.result_id,
          data: JSON.parse(r.data) as unknown,
          signature: r.signature,
          issuedAt: Number(r.issued_at),
          verifyUrl: v.code ? `/verify/${encodeURIComponent(v.code)}` : null,
        })),
      );
    },
  );

  api.route(
    { method: 'get', path: '/api/me/access-log', summary: 'Ai đã đọc dữ liệu của tôi / who read my data', tag: 'dossiers', auth: ['citizen'], query: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }) },
    async ({ c, query, user }) => {
      const rows = await ctx.runtime.storage.db.selectFrom('access_log').selectAll().where('citizen_id', '=', user!.sub).orderBy('at', 'desc').limit(query.limit).execute();
      return c.json(rows.map((r) => ({ source: r.source, fields: JSON.parse(r.fields) as unknown, dossierId: r.dossier_id, actor: r.actor, at: Number(r.at), atLocal: formatLocal(Number(r.at)) })));
    },
  );
}
