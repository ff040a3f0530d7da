// The same-run reference of bench/server-http.bench.ts: a bare Hono app on @hono/node-server
// with the officer action's route shape, whose handler parses the JSON body and does one
// better-sqlite3 INSERT of it (prepared statement, autocommit) into a WAL table with the
// engine's pragmas. No auth, no validation, no engine.
//   PORT=… REF_DB=/tmp/x.sqlite node bench/server/reference-app.mjs
// Hono and @hono/node-server are dependencies of @motcua/server, so they are resolved from there.
import { createRequire } from 'node:module';
import Database from 'better-sqlite3';

const fromServer = createRequire(new URL('../../server/package.json', import.meta.url));
const { Hono } = fromServer('hono');
const { serve } = fromServer('@hono/node-server');

const db = new Database(process.env.REF_DB);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.exec('create table if not exists actions (dossier_id text not null, action text not null, body text not null, at integer not null, primary key (dossier_id, action))');
const insert = db.prepare('insert into actions (dossier_id, action, body, at) values (?, ?, ?, ?)');

const app = new Hono();
app.get('/healthz', (c) => c.json({ status: 'ok' }));
app.post('/api/dossiers/:id/actions/:action', async (c) => {
  const body = await c.req.json();
  const id = c.req.param('id');
  const action = c.req.param('action');
  insert.run(id, action, JSON.stringify(body), Date.now());
  return c.json({ id, action, ok: true });
});

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT) });
const stop = () => {
  server.close();
  db.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
