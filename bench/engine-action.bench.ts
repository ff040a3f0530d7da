// One officer action on a stored dossier: `DossierEngine.act()` loads the dossier, restores its
// workflow state, assesses it, takes the transition and writes everything in one transaction,
// on a SQLite file in WAL mode (as `openDatabase` sets it up). Procedure:
// procedures/cu_tru/dang_ky_thuong_tru.proc. Two transitions are timed, each on its own set of
// dossiers, every op on a distinct dossier:
//   accept  (submitted → processing): receipt code, clock start, 3 timers, a notification;
//   propose (processing → approval): a new state SLA timer only.
// Same-run reference: raw xstate — `transition()` on createMachine(toXStateConfig(ir)) from the
// same state with the same event, the persisted snapshot as JSON — plus one better-sqlite3
// INSERT of that JSON (prepared statement, autocommit, a WAL file with the same pragmas).
// Target (issue 3): the engine at most 2× the reference.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createMachine, transition, type AnyStateMachine } from 'xstate';
import { toXStateConfig } from '../dsl/src/index.ts';
import { localDateTime } from '../engine/src/calendar/index.ts';
import { DossierEngine } from '../engine/src/dossier/engine.ts';
import type { Actor } from '../engine/src/dossier/types.ts';
import { ProcedureRules } from '../engine/src/rules/procedure-rules.ts';
import type { Registry } from '../engine/src/sources/registry.ts';
import { SampleRegistry } from '../engine/src/sources/sample-registry.ts';
import { BlobStore } from '../engine/src/storage/blob-store.ts';
import { openDatabase } from '../engine/src/storage/open-database.ts';
import { compileLibrary } from '../engine/src/testing/compile.ts';
import { stats, type Stats } from './timing.ts';

const TARGET = 2;
const ROUNDS = 5;
const PER_ROUND = 150; // engine ops per round (each on its own dossier)
const REF_PER_ROUND = 1500;
const WARMUP = 60;
const BREAKDOWN = 60; // dossiers acted on with the SQL/assessment counters on

const OWNER = '001099012345'; // owns Số 5 Lê Lợi (procedures/registries/README.md): no document to attach
const citizen: Actor = { id: OWNER, role: 'citizen' };
const reception: Actor = { id: 'tiep-nhan-1', role: 'reception', agency: 'cong_an_xa' };
const specialist: Actor = { id: 'chuyen-vien-1', role: 'specialist', agency: 'cong_an_xa' };

const us = (ms: number): string => {
  const u = ms * 1000;
  return `${u >= 100 ? u.toFixed(0) : u.toFixed(1)} µs`;
};
const perSecond = (n: number): string => Math.round(n).toLocaleString('en');

/** Time each call of `op(i)` for i in [0, n): per-op samples and the round's throughput. */
async function round(n: number, op: (i: number) => unknown): Promise<{ samples: number[]; opsPerSec: number }> {
  const samples: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await op(i);
    samples.push(performance.now() - s);
  }
  return { samples, opsPerSec: (n * 1000) / (performance.now() - t0) };
}

interface Measured {
  readonly perOp: Stats;
  readonly opsPerSec: Stats;
}

function summary(rounds: Array<{ samples: number[]; opsPerSec: number }>): Measured {
  return { perOp: stats(rounds.flatMap((r) => r.samples)), opsPerSec: stats(rounds.map((r) => r.opsPerSec)) };
}

/** The reference op: xstate's pure transition from `from` on `event`, the snapshot as JSON, one INSERT. */
function referenceOp(machine: AnyStateMachine, insert: Database.Statement, from: string, event: string) {
  let n = 0;
  return {
    op: () => {
      const snapshot = machine.resolveState({ value: from, context: {} });
      const [next] = transition(machine, snapshot, { type: event });
      insert.run(`ref-${event}-${n++}`, String(next.value), JSON.stringify(machine.getPersistedSnapshot(next)));
    },
    xstateOnly: () => {
      const snapshot = machine.resolveState({ value: from, context: {} });
      const [next] = transition(machine, snapshot, { type: event });
      return JSON.stringify(machine.getPersistedSnapshot(next));
    },
  };
}

/** "insert events", "select dossiers", "begin immediate": what a statement does, in two words. */
function statementName(sql: string): string {
  const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toLowerCase() ?? '?';
  const table = /\b(?:into|from|update)\s+"?(\w+)"?/i.exec(sql)?.[1];
  return table ? `${verb} ${table}` : sql.trim().toLowerCase();
}

/**
 * Counts and times every SQL statement better-sqlite3 prepares and runs, while on. Statements
 * share one prototype, so patching it also catches statements the driver prepared (and cached)
 * before the counters were installed.
 */
function sqlCounters(any: Database.Database) {
  const proto = Database.prototype as unknown as { prepare(sql: string): Database.Statement };
  const originalPrepare = proto.prepare;
  const c = { on: false, prepares: 0, prepareMs: 0, runs: 0, runMs: 0, texts: [] as string[], msByText: new Map<string, number>() };
  type Method = (this: { source: string }, ...args: unknown[]) => unknown;
  proto.prepare = function (this: Database.Database, sql: string) {
    const t0 = performance.now();
    const stmt = originalPrepare.call(this, sql);
    if (c.on) {
      c.prepares++;
      c.prepareMs += performance.now() - t0;
    }
    return stmt;
  } as typeof proto.prepare;
  const statementProto = Object.getPrototypeOf(any.prepare('select 1')) as Record<'run' | 'all' | 'get', Method>;
  const originals: Partial<Record<'run' | 'all' | 'get', Method>> = {};
  for (const m of ['run', 'all', 'get'] as const) {
    const original = statementProto[m];
    originals[m] = original;
    statementProto[m] = function (this: { source: string }, ...args: unknown[]) {
      const s = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        if (c.on) {
          const ms = performance.now() - s;
          c.runs++;
          c.runMs += ms;
          c.texts.push(this.source);
          c.msByText.set(this.source, (c.msByText.get(this.source) ?? 0) + ms);
        }
      }
    };
  }
  return {
    c,
    restore() {
      proto.prepare = originalPrepare;
      for (const m of ['run', 'all', 'get'] as const) statementProto[m] = originals[m]!;
    },
  };
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-action-'));
  try {
    const ir = compileLibrary('dang_ky_thuong_tru');
    const storage = await openDatabase({ url: join(dir, 'engine.sqlite') });
    const now = localDateTime(2025, 3, 4, 9, 0); // a Tuesday, 09:00 in Hà Nội: all receipts that day
    const sample = await SampleRegistry.load();
    const registryReads = { on: false, n: 0, ms: 0 };
    const registry: Registry = {
      read: async (source, key) => {
        const t0 = performance.now();
        try {
          return await sample.read(source, key);
        } finally {
          if (registryReads.on) {
            registryReads.n++;
            registryReads.ms += performance.now() - t0;
          }
        }
      },
    };
    const engine = new DossierEngine({ storage, registry, blobs: new BlobStore(join(dir, 'blobs')), now: () => now });
    await engine.publish(ir);

    // Dossiers waiting for reception, made through the engine as a citizen would.
    const total = WARMUP + ROUNDS * PER_ROUND + BREAKDOWN;
    const t0 = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < total; i++) {
      const d = await engine.createDraft({ procedureId: ir.id, channel: 'online', actor: citizen });
      await engine.updateForm(d.id, { address: 'Số 5 Lê Lợi, phường Hồng Gai', housing: 'owner' }, citizen);
      await engine.recordPayment(d.id, { provider: 'bench', reference: `pay-${d.id}`, amount: 10_000 });
      const v = await engine.act(d.id, 'submit', { actor: citizen });
      if (v.state.id !== 'submitted') throw new Error(`prepared dossier is in ${v.state.id}`);
      ids.push(d.id);
    }
    console.log(
      `${ir.id}: ${total} dossiers made through the engine up to «submitted» (draft, form, payment, submit) in ${((performance.now() - t0) / 1000).toFixed(1)} s; SQLite file ${storage.location} (WAL, synchronous NORMAL)`,
    );

    // The reference: its own file with the engine's pragmas.
    const raw = new Database(join(dir, 'reference.sqlite'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    raw.exec('create table snapshots (dossier_id text primary key, state text not null, snapshot text not null)');
    const insert = raw.prepare('insert into snapshots (dossier_id, state, snapshot) values (?, ?, ?)');
    const machine = createMachine(toXStateConfig(ir) as unknown as Parameters<typeof createMachine>[0]);

    const warm = ids.slice(0, WARMUP);
    const measured = ids.slice(WARMUP, WARMUP + ROUNDS * PER_ROUND);
    const profiled = ids.slice(WARMUP + ROUNDS * PER_ROUND);

    const transitions = [
      { event: 'accept', from: 'submitted', to: 'processing', actor: reception, what: 'receipt code, clock start, 3 timers, a notification' },
      { event: 'propose', from: 'processing', to: 'approval', actor: specialist, what: 'a new state SLA timer' },
    ] as const;
    for (const t of transitions) {
      const act = async (id: string) => {
        const v = await engine.act(id, t.event, { actor: t.actor });
        if (v.state.id !== t.to) throw new Error(`${t.event} led to ${v.state.id}`);
      };
      const ref = referenceOp(machine, insert, t.from, t.event);
      for (const id of warm) await act(id);
      for (let i = 0; i < 500; i++) ref.op();
      const engineRounds: Array<{ samples: number[]; opsPerSec: number }> = [];
      const refRounds: Array<{ samples: number[]; opsPerSec: number }> = [];
      const xstateRounds: Array<{ samples: number[]; opsPerSec: number }> = [];
      for (let r = 0; r < ROUNDS; r++) {
        const slice = measured.slice(r * PER_ROUND, (r + 1) * PER_ROUND);
        engineRounds.push(await round(PER_ROUND, (i) => act(slice[i]!)));
        refRounds.push(await round(REF_PER_ROUND, ref.op));
        xstateRounds.push(await round(REF_PER_ROUND, ref.xstateOnly));
      }
      const e = summary(engineRounds);
      const x = summary(refRounds);
      const xs = summary(xstateRounds);
      const ratio = e.perOp.median / x.perOp.median;
      console.log(`\n${t.event} (${t.from} → ${t.to}: ${t.what}); ${ROUNDS} rounds, alternating engine and reference:`);
      console.log(
        `  engine.act():          ${us(e.perOp.median)}/op (p95 ${us(e.perOp.p95)}, n=${e.perOp.n}) | ${perSecond(e.opsPerSec.median)} ops/s (median of rounds, range ${perSecond(e.opsPerSec.min)}–${perSecond(Math.max(...engineRounds.map((r) => r.opsPerSec)))})`,
      );
      console.log(
        `  reference (xstate transition + INSERT): ${us(x.perOp.median)}/op (p95 ${us(x.perOp.p95)}, n=${x.perOp.n}) | ${perSecond(x.opsPerSec.median)} ops/s; of which xstate transition + JSON alone ${us(xs.perOp.median)}/op`,
      );
      console.log(
        `  ratio ${ratio.toFixed(1)} per op, ${(x.opsPerSec.median / e.opsPerSec.median).toFixed(1)} by throughput (target ≤ ${TARGET}) ${ratio <= TARGET ? 'met' : 'NOT MET'}`,
      );
    }

    // Where an action's time goes: the same two actions on fresh dossiers with counters on.
    const counters = sqlCounters(raw);
    // The rules' time: assessLazily() (which assess() goes through), each part timed when it is computed.
    const originalLazy = ProcedureRules.prototype.assessLazily;
    const assess = { n: 0, ms: 0 };
    const timed = <T>(f: () => T): T => {
      const s = performance.now();
      try {
        return f();
      } finally {
        assess.ms += performance.now() - s;
      }
    };
    ProcedureRules.prototype.assessLazily = function (this: ProcedureRules, ...args: Parameters<typeof originalLazy>) {
      assess.n++;
      const a = timed(() => originalLazy.apply(this, args));
      const out = { env: a.env } as Record<string, unknown>;
      for (const k of ['formErrors', 'documents', 'missing', 'fees', 'formValid', 'documentsComplete'] as const) {
        Object.defineProperty(out, k, { get: () => timed(() => a[k]) });
      }
      return out as unknown as ReturnType<typeof originalLazy>;
    };
    try {
      console.log(`\nwhere the time of one action goes (${profiled.length} dossiers, counters on, so each op is a little slower):`);
      for (const t of transitions) {
        Object.assign(counters.c, { prepares: 0, prepareMs: 0, runs: 0, runMs: 0, texts: [], msByText: new Map() });
        Object.assign(registryReads, { n: 0, ms: 0 });
        Object.assign(assess, { n: 0, ms: 0 });
        counters.c.on = registryReads.on = true;
        const s = performance.now();
        for (const id of profiled) await engine.act(id, t.event, { actor: t.actor });
        const elapsed = performance.now() - s;
        counters.c.on = registryReads.on = false;
        const n = profiled.length;
        const per = (x: number) => us(x / n);
        const sqlMs = counters.c.prepareMs + counters.c.runMs;
        const statements = counters.c.runs / n;
        const other = elapsed - sqlMs - assess.ms - registryReads.ms;
        console.log(
          `  ${t.event}: ${per(elapsed)}/op = SQL ${per(sqlMs)} (${statements.toFixed(1)} statements: ${(counters.c.prepares / n).toFixed(1)} prepared in ${per(counters.c.prepareMs)}, run in ${per(counters.c.runMs)}) + rules ${per(assess.ms)} (${(assess.n / n).toFixed(0)} assessment(s)) + registry ${per(registryReads.ms)} (${(registryReads.n / n).toFixed(0)} read/op) + the rest ${per(other)} (kysely building/compiling queries, JSON, xstate, the engine's own code)`,
        );
        const perAction = counters.c.texts.slice(0, counters.c.texts.length / n);
        console.log(`    statements of one ${t.event} (${perAction.length}): ${perAction.map((sql) => `${statementName(sql)} ${per(counters.c.msByText.get(sql) ?? 0)}`).join(' · ')}`);
      }
    } finally {
      counters.restore();
      ProcedureRules.prototype.assessLazily = originalLazy;
    }
    raw.close();
    await storage.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
