// The HTTP application. For now it publishes the procedure catalog compiled from
// `procedures/` (public cards, IR, form schema); dossiers, portal and console come next.
import { Hono } from 'hono';
import { compileProcedure, toCard, toJsonSchema, type Workspace } from '@motcua/dsl';
import { renderCatalogPage, renderCardPage } from './pages.ts';

export interface CatalogEntry {
  readonly id: string;
  readonly code: string;
  readonly title: string;
  readonly version: number;
  readonly card: string;
  readonly ir: unknown;
  readonly schema: unknown;
}

/** Compile every procedure of the workspace; a procedure with errors is left out and reported. */
export function buildCatalog(ws: Workspace): { entries: CatalogEntry[]; failed: string[] } {
  const entries: CatalogEntry[] = [];
  const failed: string[] = [];
  for (const { decl } of ws.procedures()) {
    const { ir } = compileProcedure(ws, decl.name.text);
    if (!ir) {
      failed.push(decl.name.text);
      continue;
    }
    entries.push({ id: ir.id, code: ir.code, title: ir.title, version: ir.version, card: toCard(ir), ir, schema: toJsonSchema(ir) });
  }
  entries.sort((a, b) => a.title.localeCompare(b.title, 'vi'));
  return { entries, failed };
}

function problem(status: 404, code: string, vi: string, en: string) {
  return new Response(JSON.stringify({ type: `https://motcua.vn/problems/${code}`, title: vi, detail: en, status, code }), {
    status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
  });
}

export function createApp(catalog: readonly CatalogEntry[]): Hono {
  const app = new Hono();
  const byId = new Map(catalog.map((e) => [e.id, e]));
  const notFound = (id: string) =>
    problem(404, 'procedure_not_found', `Không có thủ tục \`${id}\`.`, `No procedure \`${id}\`.`);

  app.get('/healthz', (c) => c.json({ status: 'ok', procedures: catalog.length }));
  app.get('/', (c) => c.html(renderCatalogPage(catalog)));
  app.get('/api/procedures', (c) =>
    c.json(catalog.map(({ id, code, title, version }) => ({ id, code, title, version }))),
  );
  app.get('/api/procedures/:id', (c) => {
    const e = byId.get(c.req.param('id'));
    return e ? c.json(e.ir) : notFound(c.req.param('id'));
  });
  app.get('/api/procedures/:id/form-schema', (c) => {
    const e = byId.get(c.req.param('id'));
    return e ? c.json(e.schema) : notFound(c.req.param('id'));
  });
  app.get('/api/procedures/:id/card.md', (c) => {
    const e = byId.get(c.req.param('id'));
    return e ? c.body(e.card, 200, { 'content-type': 'text/markdown; charset=utf-8' }) : notFound(c.req.param('id'));
  });
  app.get('/procedures/:id', (c) => {
    const e = byId.get(c.req.param('id'));
    return e ? c.html(renderCardPage(e)) : notFound(c.req.param('id'));
  });
  app.notFound(() => problem(404, 'not_found', 'Không tìm thấy trang.', 'Not found.'));
  return app;
}
