// `pnpm start`: compile the procedure library and serve it on PORT (default 8787).
import { serve } from '@hono/node-server';
import { resolve } from 'node:path';
import { loadWorkspace } from '@motcua/dsl/node';
import { buildCatalog, createApp } from './app.ts';

const root = resolve(process.env['MOTCUA_PROCEDURES'] ?? resolve(import.meta.dirname, '..', '..', 'procedures'));
const port = Number(process.env['PORT'] ?? 8787);
const { entries, failed } = buildCatalog(loadWorkspace(root));
if (failed.length) console.warn(`Bỏ qua thủ tục có lỗi (skipped procedures with errors): ${failed.join(', ')}`);

serve({ fetch: createApp(entries).fetch, port }, (info) => {
  console.log(`Một cửa: http://localhost:${info.port} — ${entries.length} thủ tục`);
});
