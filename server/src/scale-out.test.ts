// Several server processes behind one PostgreSQL database (a fresh schema per run) and one shared
// data directory, as README's "several server processes" describes, each started as `pnpm start`
// runs it, each with its scheduler running:
//  - starting all of them at once on an empty schema: migrations and the library's publication
//    race, everyone comes up, with one token secret and one result-signing key between them;
//  - no lost update: read-modify-write form updates racing through every process — each
//    acknowledged one is in the final form, the others were refused 409, revision = acknowledged writes;
//  - dossier codes: every dossier accepted twice at once through two processes — accepted once,
//    codes unique and consecutive per unit and day;
//  - every deadline timer made due fires exactly once (one event, one message) with every
//    process's scheduler polling (each firing holds its dossier's row: FOR UPDATE SKIP LOCKED);
//  - a result signed by one process verifies on the others.
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BlobStore, openDatabase, pendingTimers, storageMigrations, timerColumns, type Storage } from '@motcua/engine';
import { consistencyProblems } from './testing/consistency.ts';
import { call, CITIZENS, Driver, killAllServerProcesses, login, signInAll, startServerProcess, type ServerProcess, type Tokens, type Tracked } from './testing/processes.ts';

const PG_URL = process.env['MOTCUA_TEST_DATABASE_URL'];
const PROCESSES = 3;

describe.skipIf(!PG_URL)('several server processes on one PostgreSQL database', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const dataDir = join(tmpdir(), `motcua-scale-${randomBytes(6).toString('hex')}`); // made by the server: nothing is left behind when skipped
  const env = { DATABASE_URL: PG_URL!, MOTCUA_DATABASE_SCHEMA: schema, MOTCUA_DATA_DIR: dataDir, MOTCUA_SCHEDULER_MS: '100' };
  let servers: ServerProcess[] = [];
  let storage: Storage;
  let tokens: Tokens;
  const at = (i: number) => servers[i % servers.length]!.base;
  const received: Tracked[] = [];

  afterAll(async () => {
    await killAllServerProcesses();
    if (storage) {
      await storage.db.schema.dropSchema(schema).ifExists().cascade().execute();
      await storage.close();
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('start at once on an empty schema and share one token secret and one signing key', async () => {
    const t0 = Date.now();
    servers = await Promise.all(Array.from({ length: PROCESSES }, () => startServerProcess(env)));
    console.log(`scale-out: ${PROCESSES} processes up together in ${Date.now() - t0} ms`);
    storage = await openDatabase({ url: PG_URL!, schema, migrate: false });
    for (const s of servers) {
      const h = await call(s.base, 'GET', '/healthz');
      expect(h.status).toBe(200);
      expect(h.body.skipped).toEqual([]);
    }
    const published = await storage.db.selectFrom('definitions').select(['procedure_id', 'version']).execute();
    expect(published.length).toBe((await call(at(0), 'GET', '/healthz')).body.procedures);
    // Three processes migrating one database at once ran every migration exactly once.
    const migrations = await storage.db.selectFrom('kysely_migration' as never).select('name' as never).execute();
    expect(migrations.map((m) => (m as { name: string }).name).sort()).toEqual(Object.keys(storageMigrations('postgres')).sort());

    // A session from one process is good on every other; so is the key results are signed with.
    tokens = await signInAll(at(0));
    for (let i = 1; i < PROCESSES; i++) expect((await call(at(i), 'GET', '/api/me', { token: await login(at(i), CITIZENS[0]) })).status).toBe(200);
    for (const s of servers) expect((await call(s.base, 'GET', '/api/me', { token: tokens['reception']! })).status).toBe(200);
    const keys = await Promise.all(servers.map((s) => fetch(`${s.base}/api/results/public-key`).then((r) => r.text())));
    expect(new Set(keys).size).toBe(1);
    expect(readdirSync(dataDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 120_000);

  it('loses no update: racing read-modify-write updates through every process are applied or refused 409', async () => {
    const citizen = tokens[CITIZENS[0]]!;
    const DOSSIERS = 6;
    const WRITERS = 6;
    const ROUNDS = 4;
    const base = 'Số 5 Lê Lợi, phường Hồng Gai';
    const dossiers: string[] = [];
    for (let i = 0; i < DOSSIERS; i++) {
      const r = await call(at(i), 'POST', '/api/dossiers', { token: citizen, json: { procedureId: 'dang_ky_thuong_tru', channel: 'online' } });
      expect(r.status).toBe(201);
      const f = await call(at(i + 1), 'PATCH', `/api/dossiers/${r.body.id}/form`, { token: citizen, json: { values: { address: base, housing: 'owner' }, revision: 0 } });
      expect(f.status).toBe(200);
      dossiers.push(r.body.id);
    }
    type Ack = { dossier: string; revision: number; mark?: string; email?: string };
    const acks: Ack[] = [];
    const refused: string[] = [];
    const odd: string[] = [];
    const writer = async (dossier: string, w: number) => {
      for (let round = 0; round < ROUNDS; round++) {
        const mark = `#${w}.${round}`;
        if ((w + round) % 3 === 2) {
          // A blind write (no revision): still all-or-nothing against concurrent writers.
          const email = `w${w}r${round}@example.vn`;
          const r = await call(at(w + round), 'PATCH', `/api/dossiers/${dossier}/form`, { token: citizen, json: { values: { 'applicant.email': email } } });
          if (r.status === 200) acks.push({ dossier, revision: r.body.revision, email });
          else if (r.status === 409 && r.body.code === 'conflict') refused.push(mark);
          else odd.push(`${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
          continue;
        }
        // Read through one process, write through another, with the revision read.
        const v = await call(at(w), 'GET', `/api/dossiers/${dossier}`, { token: citizen });
        const r = await call(at(w + 1 + round), 'PATCH', `/api/dossiers/${dossier}/form`, {
          token: citizen,
          json: { values: { address: `${v.body.form.address} ${mark}` }, revision: v.body.revision },
        });
        if (r.status === 200) acks.push({ dossier, revision: r.body.revision, mark });
        else if (r.status === 409 && r.body.code === 'conflict') refused.push(mark);
        else odd.push(`${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      }
    };
    await Promise.all(dossiers.flatMap((d) => Array.from({ length: WRITERS }, (_, w) => writer(d, w))));
    expect(odd).toEqual([]);
    console.log(`scale-out: ${acks.length} form updates acknowledged, ${refused.length} refused 409`);
    expect(refused.length, 'the writers really raced').toBeGreaterThan(0);

    for (const id of dossiers) {
      const mine = acks.filter((a) => a.dossier === id).sort((a, b) => a.revision - b.revision);
      const row = await storage.db.selectFrom('dossiers').select(['revision', 'form']).where('id', '=', id).executeTakeFirstOrThrow();
      const form = JSON.parse(row.form) as { address: string; applicant: { email?: string } };
      // Revision 1 was the first form; every acknowledged write after it took the next revision.
      expect(mine.map((a) => a.revision)).toEqual(mine.map((_, i) => i + 2));
      expect(row.revision).toBe(mine.length + 1);
      // Each acknowledged read-modify-write is in the address, once, in revision order.
      expect(form.address).toBe([base, ...mine.filter((a) => a.mark).map((a) => a.mark)].join(' '));
      const lastEmail = mine.filter((a) => a.email).at(-1)?.email;
      expect(form.applicant.email).toBe(lastEmail);
      const updates = await storage.db.selectFrom('events').select('seq').where('dossier_id', '=', id).where('type', '=', 'form_updated').execute();
      expect(updates.length).toBe(mine.length + 1);
    }
    expect(await consistencyProblems(storage.db, new BlobStore(join(dataDir, 'blobs')))).toEqual([]);
  }, 120_000);

  it('gives unique, consecutive dossier codes to accepts racing through every process, each dossier accepted once', async () => {
    const N = 36;
    const drivers = servers.map((s) => new Driver(s.base, tokens));
    const pending: Tracked[] = [];
    // Drafts to submission, each step through the next process (uploads land in the shared blob store).
    await Promise.all(
      Array.from({ length: 12 }, async (_, w) => {
        for (let i = w; i < N; i += 12) {
          const d = (await drivers[i % PROCESSES]!.create(CITIZENS[i % CITIZENS.length]!, false))!;
          for (let step = 1; d.state === 'draft'; step++) if (!(await drivers[(i + step) % PROCESSES]!.step(d))) break;
          pending.push(d);
        }
      }),
    );
    expect(drivers.flatMap((d) => d.anomalies)).toEqual([]);
    expect(pending.map((d) => d.state)).toEqual(pending.map(() => 'submitted'));

    // Every dossier accepted twice at the same moment, through two different processes.
    const answers = await Promise.all(
      pending.flatMap((d, i) =>
        [i, i + 1].map(async (p) => ({ d, r: await call(at(p), 'POST', `/api/dossiers/${d.id}/actions/accept`, { token: tokens['reception']!, json: {} }) })),
      ),
    );
    for (const d of pending) {
      const mine = answers.filter((a) => a.d === d).map((a) => a.r);
      const won = mine.filter((r) => r.status === 200);
      expect(won.length, `${d.id}: accepted once`).toBe(1);
      // The other is refused: 409 when it read the dossier before the winner wrote it; read after,
      // the dossier is already at the specialist's step, which reception may not act on (403).
      const lost = mine.find((r) => r.status !== 200)!;
      expect([`409 conflict`, `409 transition_unavailable`, `403 forbidden`]).toContain(`${lost.status} ${lost.body.code}`);
      d.state = won[0]!.body.state.id;
      d.code = won[0]!.body.code;
      received.push(d);
    }
    const codes = received.map((d) => d.code!);
    expect(new Set(codes).size).toBe(N);
    const byDay = new Map<string, number[]>();
    for (const c of codes) {
      const m = /^(.+-\d{6})-(\d{4,})$/.exec(c)!;
      byDay.set(m[1]!, [...(byDay.get(m[1]!) ?? []), Number(m[2])]);
    }
    for (const numbers of byDay.values()) expect(numbers.sort((a, b) => a - b)).toEqual(numbers.map((_, i) => i + 1));
    const receipts = await storage.db.selectFrom('events').select('dossier_id').where('type', '=', 'receipt_issued').execute();
    expect(receipts.length).toBe(N);
    expect(await consistencyProblems(storage.db, new BlobStore(join(dataDir, 'blobs')))).toEqual([]);
  }, 120_000);

  it('fires every due timer exactly once with every process polling', async () => {
    // The pending timers are in the dossier rows (storage/timers.ts): made due within the next
    // 1.5 s, each at its own random instant, so that the schedulers (every 100 ms here) take them a
    // few at a time and a dossier's three timers often fall due in different processes' turns.
    const rows = await storage.db.selectFrom('dossiers').select(['id', 'timers']).where('timers', 'is not', null).execute();
    const timers = rows.flatMap((r) => pendingTimers(r.timers).map((t) => ({ ...t, dossier_id: r.id })));
    expect(timers.length).toBeGreaterThanOrEqual(received.length * 3); // due soon, overdue, SLA of each accepted dossier
    const t0 = Date.now();
    for (const r of rows) {
      const moved = pendingTimers(r.timers).map((t) => ({ ...t, fireAt: t0 + Math.floor(Math.random() * 1500) }));
      await storage.db.updateTable('dossiers').set(timerColumns(moved.sort((a, b) => a.fireAt - b.fireAt))).where('id', '=', r.id).execute();
    }
    const left = async () => Number((await storage.db.selectFrom('dossiers').select((eb) => eb.fn.countAll().as('n')).where('next_timer_at', 'is not', null).executeTakeFirstOrThrow()).n);
    while ((await left()) > 0 && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 100));
    const took = Date.now() - t0;
    expect(await left()).toBe(0);
    console.log(`scale-out: ${timers.length} timers of ${rows.length} dossiers fired in ${took} ms`);

    const events = await storage.db.selectFrom('events').select(['dossier_id', 'type']).where('type', 'in', ['due_soon', 'overdue', 'sla_breached']).execute();
    const outbox = (await storage.db.selectFrom('outbox').select(['kind', 'payload']).where('kind', 'in', ['due_soon', 'overdue', 'sla_breached']).execute()).map((o) => ({
      kind: o.kind,
      dossier: (JSON.parse(o.payload) as { dossier: string }).dossier,
    }));
    const effect: Record<string, string> = { due_soon: 'due_soon', overdue: 'overdue', sla: 'sla_breached' };
    const wrong: string[] = [];
    for (const t of timers) {
      const type = effect[t.kind]!;
      const n = events.filter((e) => e.dossier_id === t.dossier_id && e.type === type).length;
      const m = outbox.filter((o) => o.dossier === t.dossier_id && o.kind === type).length;
      if (n !== 1 || m !== 1) wrong.push(`${t.dossier_id} ${t.kind}: ${n} events, ${m} messages`);
    }
    expect(wrong).toEqual([]);
    expect(events.length).toBe(timers.length);
    expect(outbox.length).toBe(timers.length);
    expect(await consistencyProblems(storage.db, new BlobStore(join(dataDir, 'blobs')))).toEqual([]);
  }, 120_000);

  it('verifies on every process a result signed by another', async () => {
    const drivers = servers.map((s) => new Driver(s.base, tokens));
    const some = received.slice(0, PROCESSES * 2);
    await Promise.all(
      some.map(async (d, i) => {
        d.stale = true;
        for (let step = 0; d.state !== 'done'; step++) if (!(await drivers[(i + step) % PROCESSES]!.step(d))) break;
      }),
    );
    expect(drivers.flatMap((d) => d.anomalies)).toEqual([]);
    for (const d of some) {
      expect(d.state).toBe('done');
      for (const s of servers) {
        const v = await call(s.base, 'GET', `/api/verify/${encodeURIComponent(d.code!)}`);
        expect(v.body.valid, `${d.code} on ${s.base}`).toBe(true);
      }
    }
    expect(await consistencyProblems(storage.db, new BlobStore(join(dataDir, 'blobs')))).toEqual([]);
  }, 120_000);
});
