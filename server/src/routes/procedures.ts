// The public catalog: search, a version's card, its form schema and its documents.
import { z } from 'zod';
import { exprText, LabelIndex } from '@motcua/dsl';
import type { ServerContext } from '../context.ts';
import { problems } from '../http/problem.ts';
import type { Api } from '../http/route.ts';
import { searchCatalog, type CatalogEntry } from '../runtime/catalog.ts';

const Id = z.strictObject({ id: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).max(100) });

/** A catalog entry as the API lists it; `titleEn` when the procedure gives an English title. */
export function summary(e: CatalogEntry) {
  return { id: e.id, code: e.code, title: e.title, ...(e.ir.titleEn ? { titleEn: e.ir.titleEn } : {}), version: e.version, agency: e.agency, level: e.level ?? null, channels: e.ir.channels };
}

export function procedureRoutes(api: Api, ctx: ServerContext): void {
  const byId = new Map(ctx.runtime.catalog.map((e) => [e.id, e]));
  const find = (id: string) => {
    const e = byId.get(id);
    if (!e) throw problems.notFound(`Không có thủ tục «${id}»`, `No procedure «${id}»`);
    return e;
  };

  api.route(
    { method: 'get', path: '/api/procedures', summary: 'Danh mục thủ tục, tìm kiếm không dấu / catalog with search', tag: 'procedures', auth: 'public', query: z.strictObject({ q: z.string().max(200).optional(), lang: z.enum(['vi', 'en']).optional() }) },
    ({ c, query }) => c.json(searchCatalog(ctx.runtime.catalog, query.q ?? '').map(summary)),
  );
  api.route(
    { method: 'get', path: '/api/procedures/:id', summary: 'Định nghĩa đã biên dịch (IR) / compiled definition', tag: 'procedures', auth: 'public', params: Id, responses: { 404: 'Không có thủ tục' } },
    ({ c, params }) => c.json(find(params.id).ir),
  );
  api.route(
    { method: 'get', path: '/api/procedures/:id/form-schema', summary: 'JSON Schema của tờ khai / form JSON Schema', tag: 'procedures', auth: 'public', params: Id, responses: { 404: 'Không có thủ tục' } },
    ({ c, params }) => c.json(find(params.id).schema),
  );
  api.route(
    { method: 'get', path: '/api/procedures/:id/card.md', summary: 'Thẻ thủ tục (Markdown) / public card', tag: 'procedures', auth: 'public', params: Id, responses: { 404: 'Không có thủ tục' } },
    ({ c, params }) => c.body(find(params.id).card, 200, { 'content-type': 'text/markdown; charset=utf-8' }),
  );
  api.route(
    { method: 'get', path: '/api/procedures/:id/documents', summary: 'Thành phần hồ sơ và điều kiện / required documents', tag: 'procedures', auth: 'public', params: Id, responses: { 404: 'Không có thủ tục' } },
    ({ c, params }) => {
      const { ir } = find(params.id);
      const ix = new LabelIndex(ir);
      return c.json(
        ir.documents.map((d) => ({
          id: d.id,
          label: d.label,
          ...(d.labelEn ? { labelEn: d.labelEn } : {}),
          required: d.required === true ? 'always' : d.required === false ? 'optional' : `when: ${exprText(d.required, ix)}`,
          form: d.form ?? null,
          formats: d.formats,
          maxSizeMB: d.maxSizeMB ?? null,
          generated: d.generated,
          waivedWhen: d.waivers.map((w) => ({ condition: exprText(w.condition, ix), basis: w.basis })),
          basis: d.basis,
        })),
      );
    },
  );
}
