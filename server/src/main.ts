// `pnpm start`: the whole product on one port (default 8787; PORT to change): the API, the
// citizen portal, the officer console, the dashboard and the studio, on an embedded SQLite file
// (DATABASE_URL=postgres://… to share PostgreSQL between several processes; MOTCUA_DATABASE_SCHEMA
// to work in one schema of it). MOTCUA_DATA_DIR holds uploads, keys and the SQLite file.
// MOTCUA_PROCEDURES: the procedure library loaded and published at start (default procedures/) —
// the studio edits that same library (runtime.proceduresDir, the app's default). A fresh
// database gets sample dossiers (runtime/sample-dossiers.ts; MOTCUA_SAMPLE_DOSSIERS=0 to do without).
import { serve } from '@hono/node-server';
import { hostname } from 'node:os';
import { createApp } from './app.ts';
import { createLogger, installCrashHandlers, routeConsole } from './log.ts';
import { createRuntime } from './runtime/runtime.ts';
import { sampleDossiersWanted, seedSampleDossiers } from './runtime/sample-dossiers.ts';
import { startScheduler } from './runtime/scheduler.ts';

const started = Date.now();
// Every line printed goes through the redacting logger (log.ts): ours, the dependencies', a crash's.
const logger = createLogger();
routeConsole(logger);
installCrashHandlers(logger);
const runtime = await createRuntime({
  ...(process.env['DATABASE_URL'] ? { databaseUrl: process.env['DATABASE_URL'] } : {}),
  ...(process.env['MOTCUA_DATABASE_SCHEMA'] ? { databaseSchema: process.env['MOTCUA_DATABASE_SCHEMA'] } : {}),
  ...(process.env['MOTCUA_DATA_DIR'] ? { dataDir: process.env['MOTCUA_DATA_DIR'] } : {}),
  ...(process.env['MOTCUA_PROCEDURES'] ? { proceduresDir: process.env['MOTCUA_PROCEDURES'] } : {}),
});
logger.addSecret(runtime.secret);
if (runtime.catalogFailures.length) logger.warn(`Bỏ qua thủ tục có lỗi (skipped procedures with errors): ${runtime.catalogFailures.join(', ')}`);
// MOTCUA_TOKEN_CACHE: how many signed-in sessions' tokens are remembered (default 10,000, about 4 MB).
const tokenCache = Number(process.env['MOTCUA_TOKEN_CACHE']);
const { app } = createApp(runtime, Number.isInteger(tokenCache) && tokenCache >= 0 ? { tokenCacheSize: tokenCache } : {});
// Timers are checked every 15 s; MOTCUA_SCHEDULER_MS changes it (tests use a short interval).
const schedulerMs = Number(process.env['MOTCUA_SCHEDULER_MS'] ?? 15_000);
let scheduler: ReturnType<typeof startScheduler> | undefined;
const startTimers = () => {
  scheduler = startScheduler(runtime, `${hostname()}:${process.pid}`, Number.isFinite(schedulerMs) && schedulerMs > 0 ? schedulerMs : 15_000);
};
// Sample dossiers on a database without any (MOTCUA_SAMPLE_DOSSIERS: 0 never, 1 on PostgreSQL too;
// by default on SQLite only), made in the background once the server listens — they take longer
// than the rest of the start. The scheduler starts after them: they walk their own clock up to
// now, and what falls due after their last step is the scheduler's first tick.
const seed = new AbortController();
let seeding: Promise<void> | undefined;
const seedInBackground = async (): Promise<void> => {
  try {
    const r = await seedSampleDossiers(runtime, { signal: seed.signal });
    if (r.created > 0 && !seed.signal.aborted) logger.info(`Đã tạo ${r.created} hồ sơ mẫu (created ${r.created} sample dossiers) trong ${r.ms} ms — MOTCUA_SAMPLE_DOSSIERS=0 để tắt (to turn off)`);
    if (r.failures.length) logger.warn(`Hồ sơ mẫu dừng giữa chừng (sample dossiers stopped on an error): ${r.failures.join('; ')}`);
  } catch (e) {
    if (!seed.signal.aborted) logger.warn(`Không tạo được hồ sơ mẫu (could not create the sample dossiers): ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    if (!seed.signal.aborted) startTimers();
  }
};
const withSamples = sampleDossiersWanted(process.env['MOTCUA_SAMPLE_DOSSIERS'], runtime.storage.dialect);
if (!withSamples) startTimers();
const port = Number(process.env['PORT'] ?? 8787);
const server = serve({ fetch: app.fetch, port }, (info) => {
  logger.info(`Một cửa: http://localhost:${info.port} — ${runtime.catalog.length} thủ tục, CSDL ${runtime.storage.dialect} (${runtime.storage.location}), sẵn sàng sau ${Date.now() - started} ms`);
  if (withSamples) seeding = seedInBackground();
});

async function shutdown(): Promise<void> {
  seed.abort();
  await seeding;
  scheduler?.stop();
  server.close();
  await runtime.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
