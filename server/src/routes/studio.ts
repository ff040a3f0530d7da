// The studio's server side: the procedure files of the library (list, read, save), running a
// file's scenarios (saved or as typed), and publishing a version — only without errors and with
// every scenario passing. Served at /studio from the Vite build (studio/dist).
import { existsSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import { z } from 'zod';
import { compileProcedure, Workspace } from '@motcua/dsl';
import { findProcFiles } from '@motcua/dsl/node';
import { runProcedureScenarios } from '@motcua/engine';
import type { ServerContext } from '../context.ts';
import { ApiError, problems } from '../http/problem.ts';
import type { Api, AppEnv } from '../http/route.ts';
import { REPO_ROOT } from '../runtime/runtime.ts';

const DESIGNERS = ['designer', 'admin'] as const;

/** `proceduresDir`: the library edited here — by default the one the runtime loaded and publishes. */
export function studioRoutes(api: Api, app: Hono<AppEnv>, ctx: ServerContext, proceduresDir = ctx.runtime.proceduresDir): void {
  const root = resolve(proceduresDir);
  const list = () => findProcFiles([root]).map((f) => relative(root, f).split(sep).join('/')).sort();
  /** The absolute path of a library file, refusing anything outside the library or not a .proc file. */
  const fileOf = (path: string): string => {
    const abs = resolve(root, path);
    if (!abs.startsWith(root + sep) || !abs.endsWith('.proc') || path.includes('\0')) {
      throw new ApiError(400, 'bad_path', { vi: 'Đường dẫn tệp không hợp lệ (chỉ tệp .proc trong thư viện)', en: 'Invalid path (only .proc files of the library)' });
    }
    return abs;
  };
  const workspace = (overlay?: { path: string; text: string }) => {
    const files = new Map(list().map((p) => [p, readFileSync(join(root, p), 'utf8')] as const));
    if (overlay) files.set(overlay.path, overlay.text);
    return Workspace.fromFiles(files);
  };
  const pathOf = (c: { req: { path: string } }) => decodeURIComponent(c.req.path.replace(/^\/api\/studio\/files\//, ''));

  api.route({ method: 'get', path: '/api/studio/files', summary: 'Các tệp thủ tục của thư viện / library files', tag: 'studio', auth: [...DESIGNERS] }, ({ c }) =>
    c.json({ files: list().map((path) => ({ path })) }),
  );

  // File paths contain slashes, so these two take the rest of the path (documented in OpenAPI by the list route).
  app.get('/api/studio/files/*', (c) => {
    const user = c.get('user');
    if (!user) throw problems.unauthorized();
    if (!(DESIGNERS as readonly string[]).includes(user.role)) throw problems.forbidden();
    const abs = fileOf(pathOf(c));
    if (!existsSync(abs)) throw problems.notFound('Không có tệp này', 'No such file');
    return c.body(readFileSync(abs, 'utf8'), 200, { 'content-type': 'text/plain; charset=utf-8' });
  });
  app.put('/api/studio/files/*', async (c) => {
    const user = c.get('user');
    if (!user) throw problems.unauthorized();
    if (!(DESIGNERS as readonly string[]).includes(user.role)) throw problems.forbidden();
    if (!(c.req.header('content-type') ?? '').startsWith('text/plain')) throw problems.unsupportedType('Nội dung phải là text/plain', 'The body must be text/plain');
    const abs = fileOf(pathOf(c));
    const text = (await c.req.text()).normalize('NFC');
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text, 'utf8');
    return c.body(null, 204);
  });

  api.route(
    {
      method: 'post',
      path: '/api/studio/scenarios',
      summary: 'Chạy kịch bản của một tệp (đã lưu hoặc đang soạn) / run a file’s scenarios',
      tag: 'studio',
      auth: [...DESIGNERS],
      body: z.strictObject({ path: z.string().min(1).max(300), text: z.string().max(900_000).optional() }),
    },
    async ({ c, body }) => {
      fileOf(body.path);
      const text = body.text ?? readFileSync(fileOf(body.path), 'utf8');
      // Everything is worked out on the NFC text; spans go back to the editor's text as sent.
      const nfc = text.normalize('NFC');
      const ws = workspace({ path: body.path, text: nfc });
      const toSent = nfc === text ? (offset: number) => offset : offsetsBeforeNfc(text);
      const starts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index! + 1)];
      const results = [];
      for (const { decl, file } of ws.procedures()) {
        if (file !== body.path) continue;
        const compiled = compileProcedure(ws, decl.name.text);
        if (!compiled.ir) {
          const first = compiled.diagnostics.find((d) => d.severity === 'error');
          results.push({ procedure: decl.name.text, scenario: '', passed: false, failures: [{ message: { vi: `Thủ tục có lỗi: ${first?.message.vi ?? ''}`, en: `The procedure has errors: ${first?.message.en ?? ''}` }, ...(first ? { start: toSent(first.span.start), end: toSent(first.span.end) } : {}) }] });
          continue;
        }
        for (const r of await runProcedureScenarios([compiled.ir], { registry: ctx.runtime.registry })) {
          const line = r.failure?.line ?? r.line;
          const span = line !== undefined && line >= 1 && line <= starts.length ? { start: starts[line - 1]!, end: (starts[line] ?? text.length + 1) - 1 } : {};
          results.push({ procedure: r.procedure, scenario: r.id, label: r.label, passed: r.passed, failures: r.failure ? [{ message: r.failure.message, ...span }] : [] });
        }
      }
      return c.json({ results });
    },
  );

  api.route(
    {
      method: 'post',
      path: '/api/studio/publish',
      summary: 'Công bố phiên bản (không lỗi, mọi kịch bản đạt) / publish a version',
      tag: 'studio',
      auth: [...DESIGNERS],
      body: z.strictObject({ procedureId: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).max(100) }),
      responses: { 201: 'Đã công bố', 409: 'Phiên bản đã công bố với nội dung khác', 422: 'Còn lỗi hoặc kịch bản chưa đạt' },
    },
    async ({ c, body }) => {
      const ws = workspace();
      if (!ws.procedure(body.procedureId)) throw problems.notFound(`Không có thủ tục «${body.procedureId}»`, `No procedure «${body.procedureId}»`);
      const compiled = compileProcedure(ws, body.procedureId);
      if (!compiled.ir) {
        const errors = compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ path: d.file ?? '', code: d.code, message: d.message }));
        throw new ApiError(422, 'procedure_has_errors', { vi: 'Thủ tục còn lỗi, chưa công bố được', en: 'The procedure has errors' }, { errors });
      }
      const scenarios = await runProcedureScenarios([compiled.ir], { registry: ctx.runtime.registry });
      const failed = scenarios.filter((s) => !s.passed);
      if (failed.length) {
        throw new ApiError(422, 'scenarios_failed', { vi: `${failed.length} kịch bản chưa đạt, chưa công bố được`, en: `${failed.length} scenarios fail` }, {
          errors: failed.map((f) => ({ path: `scenario ${f.id}`, code: 'scenario_failed', message: f.failure!.message })),
        });
      }
      const published = await ctx.runtime.engine.publish(compiled.ir);
      return c.json({ ...published, publishedAt: Date.now() }, published.created ? 201 : 200);
    },
  );

  // The built studio (pnpm --filter @motcua/studio build → studio/dist, base /studio/).
  const dist = join(REPO_ROOT, 'studio', 'dist');
  app.get('/studio', (c) => c.redirect('/studio/', 301));
  app.use('/studio/*', async (c, next) => {
    if (!existsSync(join(dist, 'index.html'))) {
      return c.html('<!doctype html><meta charset="utf-8"><title>Studio</title><p>Studio chưa được build: chạy <code>pnpm --filter @motcua/studio build</code> (the studio is not built yet).</p>', 503);
    }
    await next();
  });
  app.use('/studio/*', serveStatic({ root: relative(process.cwd(), dist) || '.', rewriteRequestPath: (p) => p.replace(/^\/studio/, '') }));
  app.get('/studio/*', serveStatic({ path: relative(process.cwd(), join(dist, 'index.html')) }));
}

/**
 * Maps an offset in `text.normalize('NFC')` to the offset of the same character in `text`
 * (NFD from some Vietnamese input methods: «ế» as e + ̂ + ́). The text is normalised in runs of one
 * character and the combining marks after it, the unit composition works on; an offset inside a
 * run lands on the run's start.
 */
export function offsetsBeforeNfc(text: string): (nfcOffset: number) => number {
  const runs: Array<{ nfc: number; sent: number; sentLength: number }> = [];
  let nfc = 0;
  for (const m of text.matchAll(/[^\p{M}]?\p{M}*/gsu)) {
    if (m[0] === '') continue;
    runs.push({ nfc, sent: m.index, sentLength: m[0].length });
    nfc += m[0].normalize('NFC').length;
  }
  return (offset) => {
    if (offset >= nfc) return text.length;
    let lo = 0;
    let hi = runs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (runs[mid]!.nfc <= offset) lo = mid;
      else hi = mid - 1;
    }
    const run = runs[lo];
    return run ? run.sent + (offset === run.nfc ? 0 : Math.min(offset - run.nfc, run.sentLength)) : 0;
  };
}
