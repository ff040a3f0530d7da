// The officer's queue and the due-soon scan over 1,000,000 dossiers in SQLite, with the SQL the
// engine and server run (engine/src/dossier/queries.ts, through kysely as in production).
// Targets (issue 3): each under 10 ms, served by an index (the query plans are printed), and the
// process's memory does not grow with the number of dossiers. Same-run reference: a
// primary-key lookup of one dossier (`getDossier`), the cheapest read there is.
//
// The rows are synthetic (bench/queue-build.mjs: 20 agencies of very different sizes, 8 states,
// due times from 20 days overdue to 40 days ahead, 30% without one), loaded in a child process
// in one transaction into a fresh file in the temp directory, then ANALYZEd. The queries are
// timed at 100,000 dossiers, then at 1,000,000 in the same file, and memory is compared.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { localDateTime } from '../engine/src/calendar/index.ts';
import { agencyStates, agencyStatesQuery, dueSoon, dueSoonQuery, officerQueue, officerQueueQuery } from '../engine/src/dossier/queries.ts';
import { getDossier } from '../engine/src/storage/dossiers.ts';
import { openDatabase, type Storage } from '../engine/src/storage/open-database.ts';
import { repo } from './pipeline.ts';
import { measureWarm, ms, timeProcess, type Stats } from './timing.ts';

const TARGET_MS = 10;
const NOW = localDateTime(2025, 3, 4, 9, 0);
const HOUR = 3_600_000;
const STEPS = [100_000, 1_000_000];
const RUNS = { warmup: 20, minIterations: 100, maxIterations: 1000, budgetMs: 1500 };

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

function memory() {
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed };
}

async function cacheSize(storage: Storage): Promise<string> {
  const { rows } = await storage.db.executeQuery<{ cache_size: number }>({ sql: 'pragma cache_size', parameters: [] } as never);
  const n = Number(rows[0]?.cache_size);
  return n < 0 ? `at most ${-n} KiB` : `at most ${n} pages`;
}

interface Compilable {
  compile(): { sql: string; parameters: readonly unknown[] };
}

async function plan(storage: Storage, query: Compilable): Promise<string[]> {
  const c = query.compile();
  const { rows } = await storage.db.executeQuery<{ id: number; parent: number; detail: string }>({ ...c, sql: `explain query plan ${c.sql}` } as never);
  // Indent by depth in the plan tree, as the sqlite3 shell does.
  const depth = new Map<number, number>([[0, 0]]);
  return rows.map((r) => {
    const d = (depth.get(r.parent) ?? 0) + 1;
    depth.set(r.id, d);
    return `${'  '.repeat(d)}${r.detail}`;
  });
}

interface Case {
  readonly label: string;
  readonly run: () => Promise<readonly unknown[]>;
  /** The statement(s) to explain. */
  readonly explain: () => Promise<Compilable[]>;
  readonly informational?: boolean;
}

async function measureAt(storage: Storage, rows: number, showPlans: boolean): Promise<void> {
  const before = memory();
  const db = storage.db;
  const states = await agencyStates(db, 'cong_an_xa');
  const first = await officerQueue(db, { agency: 'cong_an_xa', states: ['processing'] });
  const soon = await dueSoon(db, { now: NOW, within: 24 * HOUR });
  const last = soon.at(-1)!;
  const cases: Case[] = [
    {
      label: 'queue cong_an_xa [processing], page 1 of 50',
      run: () => officerQueue(db, { agency: 'cong_an_xa', states: ['processing'] }),
      explain: async () => [officerQueueQuery(db, { agency: 'cong_an_xa', states: ['processing'] })],
    },
    {
      label: 'queue cong_an_xa [approval, approval_refusal] (leader), page 1',
      run: () => officerQueue(db, { agency: 'cong_an_xa', states: ['approval', 'approval_refusal'] }),
      explain: async () => [officerQueueQuery(db, { agency: 'cong_an_xa', states: ['approval', 'approval_refusal'] })],
    },
    {
      label: 'queue cong_an_xa [submitted] (reception: no due times), page 1',
      run: () => officerQueue(db, { agency: 'cong_an_xa', states: ['submitted'] }),
      explain: async () => [officerQueueQuery(db, { agency: 'cong_an_xa', states: ['submitted'] })],
    },
    {
      label: `queue cong_an_xa, every state (${states.length}: found by index skip), page 1`,
      run: () => officerQueue(db, { agency: 'cong_an_xa' }),
      explain: async () => [{ compile: () => agencyStatesQuery('cong_an_xa').compile(db) }, officerQueueQuery(db, { agency: 'cong_an_xa', states })],
    },
    {
      // The procedure is not in the index: each arm tests the row of every entry it reads, about
      // 36 per dossier listed for the rarest procedure of queue-build.mjs (1 in 36).
      label: 'queue cong_an_xa, every state, procedure dang_ky_ho_kinh_doanh (rarest: 1 dossier in 36), page 1',
      run: () => officerQueue(db, { agency: 'cong_an_xa', procedureId: 'dang_ky_ho_kinh_doanh' }),
      explain: async () => [officerQueueQuery(db, { agency: 'cong_an_xa', states, procedureId: 'dang_ky_ho_kinh_doanh' })],
    },
    {
      label: 'queue cong_an_xa, every state, page 21 (offset 1,000)',
      run: () => officerQueue(db, { agency: 'cong_an_xa', offset: 1000 }),
      explain: async () => [],
    },
    {
      label: 'queue cong_an_xa, every state, page 201 (offset 10,000)',
      run: () => officerQueue(db, { agency: 'cong_an_xa', offset: 10_000 }),
      explain: async () => [],
    },
    {
      label: 'queue ban_quan_ly_kcn (smallest agency) [processing], page 1',
      run: () => officerQueue(db, { agency: 'ban_quan_ly_kcn', states: ['processing'] }),
      explain: async () => [],
    },
    {
      label: 'due soon: next 24 h, first 50',
      run: () => dueSoon(db, { now: NOW, within: 24 * HOUR }),
      explain: async () => [dueSoonQuery(db, { now: NOW, within: 24 * HOUR })],
    },
    {
      label: 'due soon: next 24 h, the 50 after the first 50 (cursor)',
      run: () => dueSoon(db, { now: NOW, within: 24 * HOUR, after: { dueAt: last.due_at!, id: last.id } }),
      explain: async () => [dueSoonQuery(db, { now: NOW, within: 24 * HOUR, after: { dueAt: last.due_at!, id: last.id } })],
    },
    {
      label: 'due soon: next 72 h, first 500',
      run: () => dueSoon(db, { now: NOW, within: 72 * HOUR, limit: 500 }),
      explain: async () => [],
    },
    {
      // What the console page ran until session 7, for comparison: it and GET /api/queue now both read officerQueue.
      label: "for comparison, the unindexed order the console used until session 7 (agency, state != 'draft', NULLS LAST, created_at; all columns)",
      run: () =>
        db
          .selectFrom('dossiers')
          .selectAll()
          .where('agency', '=', 'cong_an_xa')
          .where('state', '!=', 'draft')
          .orderBy('due_at', (ob) => ob.asc().nullsLast())
          .orderBy('created_at')
          .limit(50)
          .offset(0)
          .execute(),
      explain: async () => [
        db
          .selectFrom('dossiers')
          .selectAll()
          .where('agency', '=', 'cong_an_xa')
          .where('state', '!=', 'draft')
          .orderBy('due_at', (ob) => ob.asc().nullsLast())
          .orderBy('created_at')
          .limit(50)
          .offset(0),
      ],
      informational: true,
    },
  ];

  // Reference: open one of the dossiers on the first page, by primary key, round robin.
  let k = 0;
  const pk = await measureWarm(() => getDossier(db, first[k++ % first.length]!.id), RUNS);
  console.log(`\n${rows.toLocaleString('en')} dossiers — reference, primary-key lookup of one dossier (getDossier): ${ms(pk.median)} (p95 ${ms(pk.p95)}, n=${pk.n})`);
  const results: Array<{ c: Case; s: Stats; n: number }> = [];
  let after: ReturnType<typeof memory> | undefined;
  let queries = pk.n;
  for (const c of cases) {
    // Memory is read once the queries under test are done: the comparison query sorts in memory.
    if (c.informational && !after) after = memory();
    const n = (await c.run()).length;
    const s = await measureWarm(c.run, c.informational ? { warmup: 2, minIterations: 5, maxIterations: 50, budgetMs: 1500 } : RUNS);
    results.push({ c, s, n });
    if (!c.informational) queries += s.n + RUNS.warmup + 1;
    const verdict = c.informational ? '' : `  | target < ${TARGET_MS} ms: ${s.median < TARGET_MS ? 'met' : 'NOT MET'}`;
    console.log(`  ${c.label}: ${ms(s.median)} (p95 ${ms(s.p95)}, n=${s.n}) → ${n} rows  | ratio to the primary-key lookup ${(s.median / pk.median).toFixed(1)}${verdict}`);
  }
  after ??= memory();
  console.log(
    `  memory (after gc): before the queries rss ${mb(before.rss)}, heapUsed ${mb(before.heapUsed)}; after ${queries.toLocaleString('en')} queries and lookups rss ${mb(after.rss)}, heapUsed ${mb(after.heapUsed)} (SQLite's page cache: ${await cacheSize(storage)})`,
  );
  if (showPlans) {
    console.log('\n  query plans (EXPLAIN QUERY PLAN):');
    for (const { c } of results) {
      for (const q of await c.explain()) {
        console.log(`  ${c.label}:\n    ${q.compile().sql}`);
        for (const line of await plan(storage, q)) console.log(`    ${line}`);
      }
    }
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-queue-'));
  const file = join(dir, 'queue.sqlite');
  try {
    await (await openDatabase({ url: file })).close(); // the engine's schema, every migration applied
    console.log(`SQLite ${file}; ${process.version}; queries through kysely as the engine runs them; "now" = ${new Date(NOW).toISOString()}`);
    let loaded = 0;
    for (const [i, rows] of STEPS.entries()) {
      const r = timeProcess(process.execPath, [join(repo, 'bench', 'queue-build.mjs'), file, String(loaded), String(rows), String(NOW)], repo);
      if (r.status !== 0) throw new Error(`queue-build.mjs failed (exit ${r.status}):\n${r.stderr}`);
      const built = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { rows: number; loadMs: number; analyzeMs: number };
      console.log(
        `\nloaded dossiers ${loaded.toLocaleString('en')}–${(rows - 1).toLocaleString('en')} in one transaction in ${(built.loadMs / 1000).toFixed(1)} s, ANALYZE ${(built.analyzeMs / 1000).toFixed(1)} s (child process); file ${mb(statSync(file).size)}, ${built.rows.toLocaleString('en')} rows`,
      );
      loaded = rows;
      const storage = await openDatabase({ url: file });
      try {
        const stat = await storage.db
          .selectFrom('dossiers')
          .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('due_at').as('due')])
          .executeTakeFirstOrThrow();
        console.log(`  ${Number(stat.n).toLocaleString('en')} dossiers, ${((1 - Number(stat.due) / Number(stat.n)) * 100).toFixed(1)}% without a due time`);
        await measureAt(storage, rows, i === STEPS.length - 1);
      } finally {
        await storage.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
