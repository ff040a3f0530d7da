// Crash safety: the real server (a child process, as `pnpm start` runs it) under a concurrent load
// of real requests — drafts, form updates, uploads, payments, submissions, supplement requests,
// acceptances, proposals, approvals — is killed with SIGKILL at three points mid-load and restarted
// on the same data each time. After every kill: every request the server acknowledged is in the
// database at the revision it answered with (and an unanswered one at most once), no dossier is
// half-updated (the doctor finds nothing; documents, blobs, payments, results, notifications,
// timers and dossier codes agree with the event logs), and the restarted server serves again —
// with the sessions issued before the crash. At the end every dossier is carried to its signed
// result, verified publicly, and `motcua doctor` exits 0.
// SQLite always (the default set-up); PostgreSQL too when MOTCUA_TEST_DATABASE_URL is set.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BlobStore, openDatabase } from '@motcua/engine';
import { REPO_ROOT } from './runtime/runtime.ts';
import { acknowledgedProblems, consistencyProblems } from './testing/consistency.ts';
import { call, CITIZENS, Driver, killAllServerProcesses, NoAnswer, signInAll, startServerProcess, type ServerProcess, type Tokens, type Tracked } from './testing/processes.ts';

const PG_URL = process.env['MOTCUA_TEST_DATABASE_URL'];
const WORKERS = 12;
const MAX_DOSSIERS = 48;
/** Kill after this many acknowledged requests in the round: early in a round, mid-way, late. */
const KILL_AFTER = [70, 15, 110];

const DIALECTS = [
  { name: 'SQLite', skip: false, pg: false },
  { name: 'PostgreSQL', skip: !PG_URL, pg: true },
];

afterAll(killAllServerProcesses);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs WORKERS clients, each carrying dossiers (unfinished ones first, then new ones) step by
 * step, and kills the server with SIGKILL once `killAfter` requests were acknowledged (or when
 * the work runs out, with `killAfter` undefined: then the server is left running).
 */
async function load(server: ServerProcess, tokens: Tokens, tracked: Tracked[], killAfter: number | undefined) {
  const driver = new Driver(server.base, tokens);
  let killed = false;
  let acked = 0;
  const ackCount = () => tracked.reduce((n, d) => n + d.ops.filter((o) => o.acked).length, 0);
  const before = ackCount();
  const busy = new Set<Tracked>();
  const next = (): Tracked | 'new' | undefined => {
    const open = tracked.find((d) => !busy.has(d) && d.state !== 'done');
    if (open) return open;
    return killAfter !== undefined && tracked.length < MAX_DOSSIERS ? 'new' : undefined;
  };
  const worker = async (w: number) => {
    for (let n = 0; !killed && driver.anomalies.length === 0; n++) {
      let d = next();
      if (d === undefined) return;
      try {
        if (d === 'new') {
          const made = await driver.create(CITIZENS[(w + n) % CITIZENS.length]!, (tracked.length + w) % 3 === 0);
          if (!made) return;
          tracked.push(made);
          d = made;
        }
        busy.add(d);
        try {
          while (!killed && (await driver.step(d))) {
            // one step at a time per dossier, as a person would
          }
        } finally {
          busy.delete(d);
        }
      } catch (e) {
        if (!(e instanceof NoAnswer)) throw e;
        if (!killed) driver.anomalies.push(`no answer before the kill: ${e.message}`);
        return;
      }
    }
  };
  const workers = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
  if (killAfter !== undefined) {
    let done = false;
    void workers.finally(() => (done = true));
    while (!done && ackCount() - before < killAfter) await sleep(2);
    await sleep(Math.floor(Math.random() * 15));
    killed = true;
    acked = ackCount() - before;
    await server.kill('SIGKILL');
  }
  await workers;
  if (killAfter === undefined) acked = ackCount() - before;
  return { driver, acked };
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip)(`kill -9 mid-load and restart (${dialect.name})`, () => {
    const dataDir = join(tmpdir(), `motcua-crash-${randomBytes(6).toString('hex')}`); // made by the server: nothing is left behind when skipped
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const env: Record<string, string> = { MOTCUA_DATA_DIR: dataDir, MOTCUA_SAMPLE_DOSSIERS: '0', ...(dialect.pg ? { DATABASE_URL: PG_URL!, MOTCUA_DATABASE_SCHEMA: schema } : {}) };
    const sqliteFile = join(dataDir, 'motcua.sqlite');
    const open = () => openDatabase(dialect.pg ? { url: PG_URL!, schema, migrate: false } : { url: sqliteFile, migrate: false });
    const blobs = new BlobStore(join(dataDir, 'blobs'));

    afterAll(async () => {
      await killAllServerProcesses();
      if (dialect.pg) {
        const s = await open();
        await s.db.schema.dropSchema(schema).ifExists().cascade().execute();
        await s.close();
      }
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('keeps every acknowledged request and no half-updated dossier across three kills, then serves and finishes every dossier', async () => {
      const t0 = Date.now();
      const tracked: Tracked[] = [];
      let unansweredCreates = 0;
      let unansweredBefore = 0;
      const timings: string[] = [];
      let server = await startServerProcess(env);
      timings.push(`start ${Date.now() - t0} ms`);
      const tokens = await signInAll(server.base);

      for (const [round, killAfter] of KILL_AFTER.entries()) {
        const { driver, acked } = await load(server, tokens, tracked, killAfter);
        unansweredCreates += driver.unansweredCreates;
        expect(driver.anomalies, `round ${round + 1}: unexpected answers`).toEqual([]);
        expect(server.child.signalCode).toBe('SIGKILL');
        const unanswered = tracked.reduce((n, d) => n + d.ops.filter((o) => !o.acked).length, 0) - unansweredBefore;
        unansweredBefore += unanswered;

        // The data as the killed process left it.
        const storage = await open();
        try {
          expect(await acknowledgedProblems(storage.db, tracked, unansweredCreates), `round ${round + 1}: acknowledged requests`).toEqual([]);
          expect(await consistencyProblems(storage.db, blobs), `round ${round + 1}: consistency`).toEqual([]);
        } finally {
          await storage.close();
        }

        // Restarted on the same data, it serves again, sessions from before the crash included.
        const restart = Date.now();
        server = await startServerProcess(env);
        timings.push(`kill ${round + 1} after ${acked} acknowledged and ${unanswered} unanswered requests (${tracked.length} dossiers), restart ${Date.now() - restart} ms`);
        expect((await call(server.base, 'GET', '/healthz')).status).toBe(200);
        for (const user of [CITIZENS[0], 'reception']) expect((await call(server.base, 'GET', '/api/me', { token: tokens[user]! })).status).toBe(200);
        for (const d of tracked) d.stale = true;
      }

      // Every dossier carried to its result on the restarted server.
      const { driver } = await load(server, tokens, tracked, undefined);
      expect(driver.anomalies).toEqual([]);
      expect(tracked.filter((d) => d.state !== 'done').map((d) => `${d.id}: ${d.state}`)).toEqual([]);
      expect(tracked.length).toBeGreaterThanOrEqual(WORKERS);
      expect(tracked.some((d) => d.supplemented)).toBe(true);
      // Results signed before and after the crashes verify with the key that survived them.
      const verified = await Promise.all(tracked.map((d) => call(server.base, 'GET', `/api/verify/${encodeURIComponent(d.code!)}`)));
      expect(verified.filter((v) => v.status !== 200 || !v.body.valid).map((v) => JSON.stringify(v.body).slice(0, 200))).toEqual([]);

      await server.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      const storage = await open();
      try {
        expect(await acknowledgedProblems(storage.db, tracked, unansweredCreates)).toEqual([]);
        expect(await consistencyProblems(storage.db, blobs)).toEqual([]);
      } finally {
        await storage.close();
      }
      if (!dialect.pg) {
        // The operator's own check, as documented: `motcua doctor <db>`.
        const doctor = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'server', 'src', 'cli', 'main.ts'), 'doctor', sqliteFile, '--lang', 'en'], { cwd: REPO_ROOT, encoding: 'utf8' });
        expect(doctor.stdout + doctor.stderr).toMatch(new RegExp(`Checked \\d+ dossiers: 0 differences`));
        expect(doctor.status).toBe(0);
      }
      timings.push(`total ${Date.now() - t0} ms`);
      console.log(`crash test (${dialect.name}): ${timings.join('; ')}`);
    }, 180_000);
  });
}
