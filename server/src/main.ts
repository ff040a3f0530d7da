// `pnpm start`: the whole product on one port (default 8787; PORT to change): the API, the
// citizen portal, the officer console, the dashboard and the studio, on an embedded SQLite file
// (DATABASE_URL=postgres://… to share PostgreSQL between several processes).
import { serve } from '@hono/node-server';
import { hostname } from 'node:os';
import { createApp } from './app.ts';
import { createRuntime } from './runtime/runtime.ts';
import { startScheduler } from './runtime/scheduler.ts';

const started = Date.now();
const runtime = await createRuntime({
  ...(process.env['DATABASE_URL'] ? { databaseUrl: process.env['DATABASE_URL'] } : {}),
  ...(process.env['MOTCUA_DATA_DIR'] ? { dataDir: process.env['MOTCUA_DATA_DIR'] } : {}),
  ...(process.env['MOTCUA_PROCEDURES'] ? { proceduresDir: process.env['MOTCUA_PROCEDURES'] } : {}),
});
if (runtime.catalogFailures.length) console.warn(`Bỏ qua thủ tục có lỗi (skipped procedures with errors): ${runtime.catalogFailures.join(', ')}`);
const { app } = createApp(runtime);
const scheduler = startScheduler(runtime, `${hostname()}:${process.pid}`);
const port = Number(process.env['PORT'] ?? 8787);
const server = serve({ fetch: app.fetch, port }, (info) => {
  console.log(`Một cửa: http://localhost:${info.port} — ${runtime.catalog.length} thủ tục, CSDL ${runtime.storage.dialect} (${runtime.storage.location}), sẵn sàng sau ${Date.now() - started} ms`);
});

async function shutdown(): Promise<void> {
  scheduler.stop();
  server.close();
  await runtime.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
