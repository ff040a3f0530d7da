// The schema, as kysely migrations kept in code (no migration folder to ship or to find at run
// time). Tables are written once with the schema builder; only column types differ by dialect.

import { Migrator, sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, type Migration, type MigrationResult } from 'kysely';
import { jsonColumnType } from './json-text.ts';

export type Dialect = 'sqlite' | 'postgres';

function initial(dialect: Dialect): Migration {
  const json = jsonColumnType(dialect);
  const identity = (col: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    dialect === 'postgres' ? col.generatedByDefaultAsIdentity().primaryKey() : col.primaryKey().autoIncrement();
  const dossierRef = (col: ColumnDefinitionBuilder): ColumnDefinitionBuilder => col.references('dossiers.id');

  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('definitions')
        .addColumn('procedure_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('source_hash', 'text', (c) => c.notNull())
        .addColumn('ir', json, (c) => c.notNull())
        .addColumn('effective_from', 'text')
        .addColumn('effective_until', 'text')
        .addColumn('published_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('definitions_pk', ['procedure_id', 'version'])
        .execute();

      await db.schema
        .createTable('dossiers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.unique())
        .addColumn('procedure_id', 'text', (c) => c.notNull())
        .addColumn('definition_version', 'integer', (c) => c.notNull())
        .addColumn('agency', 'text', (c) => c.notNull())
        .addColumn('citizen_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('snapshot', json, (c) => c.notNull())
        .addColumn('form', json, (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('due_at', 'bigint')
        .addColumn('clock', json, (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('outcome', 'text')
        // A dossier stays pinned to the definition version it was submitted under.
        .addForeignKeyConstraint('dossiers_definition_fk', ['procedure_id', 'definition_version'], 'definitions', [
          'procedure_id',
          'version',
        ])
        .execute();
      // The officer's queue: one agency, one state, soonest due first.
      await db.schema.createIndex('dossiers_queue_idx').on('dossiers').columns(['agency', 'state', 'due_at']).execute();
      await db.schema.createIndex('dossiers_citizen_idx').on('dossiers').column('citizen_id').execute();

      await db.schema
        .createTable('events')
        .addColumn('dossier_id', 'text', (c) => dossierRef(c).notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('payload', json, (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('events_pk', ['dossier_id', 'seq'])
        .execute();

      await db.schema
        .createTable('timers')
        .addColumn('id', 'integer', identity)
        .addColumn('dossier_id', 'text', (c) => dossierRef(c).notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('fire_at', 'bigint', (c) => c.notNull())
        .addColumn('payload', json)
        .addColumn('fired_at', 'bigint')
        .addColumn('claimed_by', 'text')
        .addColumn('claimed_until', 'bigint')
        .addCheckConstraint('timers_kind_check', sql`kind in ('due_soon', 'overdue', 'sla')`)
        .execute();
      // Workers only ever look for unfired timers; fired ones stay as history outside the index.
      await db.schema
        .createIndex('timers_due_idx')
        .on('timers')
        .column('fire_at')
        .where(sql.ref('fired_at'), 'is', null)
        .execute();
      await db.schema.createIndex('timers_dossier_idx').on('timers').column('dossier_id').execute();

      await db.schema
        .createTable('documents')
        .addColumn('id', 'integer', identity)
        .addColumn('dossier_id', 'text', (c) => dossierRef(c).notNull())
        .addColumn('doc_id', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('uploaded_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('documents_dossier_idx').on('documents').columns(['dossier_id', 'doc_id']).execute();

      await db.schema
        .createTable('payments')
        .addColumn('id', 'integer', identity)
        .addColumn('dossier_id', 'text', (c) => dossierRef(c).notNull())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull().unique())
        .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount >= 0`))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('paid_at', 'bigint')
        .execute();
      await db.schema.createIndex('payments_dossier_idx').on('payments').column('dossier_id').execute();

      await db.schema
        .createTable('results')
        .addColumn('dossier_id', 'text', (c) => dossierRef(c).notNull())
        .addColumn('result_id', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('data', json, (c) => c.notNull())
        .addColumn('signature', 'text')
        .addColumn('issued_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('results_pk', ['dossier_id', 'result_id'])
        .execute();
      await db.schema.createIndex('results_subject_idx').on('results').column('subject_id').execute();

      await db.schema
        .createTable('results_store')
        .addColumn('id', 'integer', identity)
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('field', 'text', (c) => c.notNull())
        .addColumn('value', json, (c) => c.notNull())
        .addColumn('dossier_id', 'text', dossierRef)
        .addColumn('published_at', 'bigint', (c) => c.notNull())
        .execute();
      // Prefill reads the latest value of one field of one subject.
      await db.schema
        .createIndex('results_store_lookup_idx')
        .on('results_store')
        .columns(['subject_id', 'source', 'field', 'published_at'])
        .execute();

      await db.schema
        .createTable('outbox')
        .addColumn('id', 'integer', identity)
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('payload', json, (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('sent_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('outbox_pending_idx')
        .on('outbox')
        .column('id')
        .where(sql.ref('sent_at'), 'is', null)
        .execute();

      await db.schema
        .createTable('access_log')
        .addColumn('id', 'integer', identity)
        .addColumn('citizen_id', 'text', (c) => c.notNull())
        .addColumn('dossier_id', 'text', dossierRef)
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('fields', json, (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('access_log_citizen_idx').on('access_log').columns(['citizen_id', 'at']).execute();

      await db.schema
        .createTable('daily_sequences')
        .addColumn('unit_code', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('last', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('daily_sequences_pk', ['unit_code', 'day'])
        .execute();

      await protectEventHistory(db, dialect);
    },

    async down(db: Kysely<any>): Promise<void> {
      if (dialect === 'postgres') await sql`drop function if exists motcua_events_append_only() cascade`.execute(db);
      for (const table of [
        'daily_sequences',
        'access_log',
        'outbox',
        'results_store',
        'results',
        'payments',
        'documents',
        'timers',
        'events',
        'dossiers',
        'definitions',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}

/**
 * Every step of a dossier is recorded, and a record is never rewritten: the database itself
 * refuses UPDATE and DELETE on events, whatever code (or officer with a SQL console) tries.
 * Triggers have no dialect-neutral form, hence the two spellings.
 */
async function protectEventHistory(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') {
    await sql`
      create function motcua_events_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'events are append-only (% refused)', tg_op;
      end
      $$`.execute(db);
    await sql`
      create trigger events_append_only before update or delete on events
      for each row execute function motcua_events_append_only()`.execute(db);
    return;
  }
  for (const op of ['update', 'delete'] as const) {
    await sql`
      create trigger ${sql.id(`events_no_${op}`)} before ${sql.raw(op)} on events
      begin select raise(abort, ${sql.lit(`events are append-only (${op.toUpperCase()} refused)`)}); end`.execute(db);
  }
}

/** All migrations, oldest first by name; append new ones, never edit a published one. */
export function storageMigrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_initial': initial(dialect),
    '0002_dossier_lifecycle': lifecycle(dialect),
    '0003_queue_order': queueOrder(),
    '0004_fewer_pages_per_action': fewerPagesPerAction(dialect),
    '0005_statistics_counters': statisticsCounters(dialect),
    '0006_timers_in_dossiers': timersInDossiers(dialect),
  };
}

/** What the lifecycle needs beside the snapshot: per-state SLA due time, prefill provenance, milestones. */
function lifecycle(dialect: Dialect): Migration {
  const json = jsonColumnType(dialect);
  return {
    async up(db: Kysely<any>): Promise<void> {
      // One column per statement: SQLite's ALTER TABLE adds one at a time.
      for (const [column, type] of [
        ['state_due_at', 'bigint'],
        ['prefilled', json],
        ['submitted_at', 'bigint'],
        ['received_at', 'bigint'],
        ['result_at', 'bigint'],
        ['fee_total', 'bigint'],
      ] as const) {
        await db.schema.alterTable('dossiers').addColumn(column, type).execute();
      }
      await db.schema.createIndex('dossiers_state_due_idx').on('dossiers').columns(['agency', 'state_due_at']).execute();
      await db.schema.createIndex('results_dossier_idx').on('results').column('dossier_id').execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropIndex('results_dossier_idx').execute();
      await db.schema.dropIndex('dossiers_state_due_idx').execute();
      for (const column of ['fee_total', 'result_at', 'received_at', 'submitted_at', 'prefilled', 'state_due_at']) {
        await db.schema.alterTable('dossiers').dropColumn(column).execute();
      }
    },
  };
}

/**
 * The officer's queue and the due-soon scan (engine/src/dossier/queries.ts) read in index order,
 * never sorting: the queue index gains `id`, the tie-break that makes pages stable (all the
 * dossiers without a due time tie), and running dossiers get an index by due time alone.
 */
function queueOrder(): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.dropIndex('dossiers_queue_idx').execute();
      await db.schema.createIndex('dossiers_queue_idx').on('dossiers').columns(['agency', 'state', 'due_at', 'id']).execute();
      // Only running dossiers have a due time: the others stay out of the index.
      await db.schema
        .createIndex('dossiers_due_idx')
        .on('dossiers')
        .columns(['due_at', 'id'])
        .where(sql.ref('due_at'), 'is not', null)
        .execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropIndex('dossiers_due_idx').execute();
      await db.schema.dropIndex('dossiers_queue_idx').execute();
      await db.schema.createIndex('dossiers_queue_idx').on('dossiers').columns(['agency', 'state', 'due_at']).execute();
    },
  };
}

/**
 * Every action writes its dossier's row, events, timers and notifications; on SQLite each b-tree
 * page it touches is one more 4 KB frame its commit appends to the WAL (two write calls each).
 * Measured (WAL frames per commit, by b-tree, 40 actions): an officer's accept wrote 22 pages
 * and these two changes take about 3 out (to 19.6); a step with only a state SLA timer wrote
 * 10.4, now 8.2:
 *
 * - `dossiers_state_due_idx` (agency, state_due_at) goes, on both dialects: no query reads
 *   state_due_at through it (EXPLAIN of every query over dossiers, engine and server, on both);
 *   SQLite only picked it for `agency = ?`, which dossiers_queue_idx (agency, state, due_at, id)
 *   answers as well. Every change of state moved an entry in it (two pages on accept).
 * - SQLite: `timers` and `outbox` drop AUTOINCREMENT, whose counter row in sqlite_sequence was
 *   one more page in every action that inserts either. An id is now max(id) + 1, so the id of a
 *   deleted row comes back only if it was the largest: a cancelled timer's id may be reused
 *   (harmless: firing checks the worker's claim, which a new row does not have), and outbox
 *   rows are marked sent, never deleted. PostgreSQL's identity columns stay as they are.
 *
 * The two SQLite tables are rebuilt (new table, copy, drop, rename) in the migration's
 * transaction, keeping their rows and ids.
 */
function fewerPagesPerAction(dialect: Dialect): Migration {
  const json = jsonColumnType(dialect);
  type Define = (table: CreateTableBuilder<string, never>) => CreateTableBuilder<string, never>;
  const id = (autoIncrement: boolean) => (c: ColumnDefinitionBuilder) => (autoIncrement ? c.primaryKey().autoIncrement() : c.primaryKey());
  const timers = (autoIncrement: boolean): Define => (t) =>
    t
      .addColumn('id', 'integer', id(autoIncrement))
      .addColumn('dossier_id', 'text', (c) => c.references('dossiers.id').notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('fire_at', 'bigint', (c) => c.notNull())
      .addColumn('payload', json)
      .addColumn('fired_at', 'bigint')
      .addColumn('claimed_by', 'text')
      .addColumn('claimed_until', 'bigint')
      .addCheckConstraint('timers_kind_check', sql`kind in ('due_soon', 'overdue', 'sla')`);
  const outbox = (autoIncrement: boolean): Define => (t) =>
    t
      .addColumn('id', 'integer', id(autoIncrement))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('recipient', 'text', (c) => c.notNull())
      .addColumn('payload', json, (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('sent_at', 'bigint');
  /** Rebuilds both tables with or without AUTOINCREMENT, and their indexes as 0001 made them. */
  const rebuild = async (db: Kysely<any>, autoIncrement: boolean) => {
    await rebuildSqliteTable(db, 'timers', timers(autoIncrement), ['id', 'dossier_id', 'kind', 'fire_at', 'payload', 'fired_at', 'claimed_by', 'claimed_until']);
    await db.schema.createIndex('timers_due_idx').on('timers').column('fire_at').where(sql.ref('fired_at'), 'is', null).execute();
    await db.schema.createIndex('timers_dossier_idx').on('timers').column('dossier_id').execute();
    await rebuildSqliteTable(db, 'outbox', outbox(autoIncrement), ['id', 'kind', 'recipient', 'payload', 'created_at', 'sent_at']);
    await db.schema.createIndex('outbox_pending_idx').on('outbox').column('id').where(sql.ref('sent_at'), 'is', null).execute();
  };
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.dropIndex('dossiers_state_due_idx').execute();
      if (dialect === 'sqlite') await rebuild(db, false);
    },
    async down(db: Kysely<any>): Promise<void> {
      // Inserting explicit ids into an AUTOINCREMENT table sets its counter to the largest.
      if (dialect === 'sqlite') await rebuild(db, true);
      await db.schema.createIndex('dossiers_state_due_idx').on('dossiers').columns(['agency', 'state_due_at']).execute();
    },
  };
}

/**
 * The statistics (server/src/stats.ts) read counters instead of scanning every dossier: the table
 * `stats_daily` (schema.ts), kept by the transaction of each change it counts
 * (storage/stats-counters.ts), and `dossiers.paid_online`, set when a payment other than at the
 * counter is recorded. Both are filled here from the existing rows, set-based: `paid_online` from
 * `payments`, the counters by one INSERT … SELECT over `dossiers` (three passes over the table) —
 * the same counts as `contribution()` row by row. Which states are final is read from the
 * definitions' IR (a few rows) and handed to that statement as a list of values. Down drops both.
 */
function statisticsCounters(dialect: Dialect): Migration {
  // The local day (UTC+7) of an epoch-ms column, YYYY-MM-DD, as stats-counters.ts localDay().
  const day = (column: string) =>
    dialect === 'postgres'
      ? sql`to_char(date '1970-01-01' + cast(floor((${sql.ref(column)} + 25200000) / 86400000.0) as integer), 'YYYY-MM-DD')`
      : sql`strftime('%Y-%m-%d', (${sql.ref(column)} + 25200000) / 1000.0, 'unixepoch')`;
  const flag = (condition: ReturnType<typeof sql>) => sql`case when ${condition} then 1 else 0 end`;
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('dossiers').addColumn('paid_online', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await sql`update dossiers set paid_online = 1 where exists (select 1 from payments p where p.dossier_id = dossiers.id and p.status = 'paid' and p.provider <> 'counter')`.execute(db);
      await db.schema
        .createTable('stats_daily')
        // Periods are ranges of day keys: byte order on PostgreSQL too, whatever the database's collation.
        .addColumn('day', 'text', (c) => (dialect === 'postgres' ? c.modifyFront(sql`collate "C"`) : c).notNull())
        .addColumn('procedure_id', 'text', (c) => c.notNull())
        .addColumn('agency', 'text', (c) => c.notNull())
        .$call((t) => {
          for (const counter of ['dossiers', 'pending', 'received', 'online', 'with_fee', 'paid_online', 'early', 'on_time', 'late']) {
            t = t.addColumn(counter, 'integer', (c) => c.notNull().defaultTo(0));
          }
          return t;
        })
        .addPrimaryKeyConstraint('stats_daily_pk', ['day', 'procedure_id', 'agency'])
        .execute();

      const definitions = await db.selectFrom('definitions').select(['procedure_id', 'version', 'ir']).execute();
      const finals: Array<ReturnType<typeof sql>> = [];
      for (const d of definitions as Array<{ procedure_id: string; version: number; ir: unknown }>) {
        const ir = (typeof d.ir === 'string' ? JSON.parse(d.ir) : d.ir) as { workflow?: { states?: Array<{ id: string; final?: boolean }> } } | null;
        for (const st of ir?.workflow?.states ?? []) {
          if (st.final === true) finals.push(sql`(${d.procedure_id}, ${sql.lit(Number(d.version))}, ${st.id})`);
        }
      }
      finals.push(sql`('', ${sql.lit(-1)}, '')`); // VALUES needs a row
      const notFinal = sql`not exists (select 1 from finals f where f.procedure_id = d.procedure_id and f.version = d.definition_version and f.state = d.state)`;
      const fee = sql`d.fee_total is not null and d.fee_total > 0`;
      const counters = ['dossiers', 'pending', 'received', 'online', 'with_fee', 'paid_online', 'early', 'on_time', 'late'];
      const list = sql.raw(counters.join(', '));
      const sums = sql.raw(counters.map((c) => `sum(${c})`).join(', '));
      // `shares`: each dossier's all-time row (dossiers, pending) and one row for its receipt day and
      // its result day. Each dated row counts again in its month (`YYYY-MM`) and in all time (`*`).
      await sql`
        with finals (procedure_id, version, state) as (values ${sql.join(finals)}),
        shares (day, procedure_id, agency, ${list}) as (
          select '*', d.procedure_id, d.agency, 1, ${flag(sql`d.received_at is not null and ${notFinal}`)}, 0, 0, 0, 0, 0, 0, 0
          from dossiers d where d.state <> 'draft'
          union all
          select ${day('d.received_at')}, d.procedure_id, d.agency, 0, 0,
            1, ${flag(sql`d.channel = 'online'`)}, ${flag(fee)}, ${flag(sql`${fee} and d.paid_online = 1`)}, 0, 0, 0
          from dossiers d where d.state <> 'draft' and d.received_at is not null
          union all
          select ${day('d.result_at')}, d.procedure_id, d.agency, 0, 0, 0, 0, 0, 0,
            ${flag(sql`d.outcome = 'early'`)}, ${flag(sql`d.outcome = 'on_time'`)}, ${flag(sql`d.outcome = 'late'`)}
          from dossiers d where d.state <> 'draft' and d.result_at is not null and d.outcome in ('early', 'on_time', 'late')
        ),
        grains (n) as (values (10), (7), (0))
        insert into stats_daily (day, procedure_id, agency, ${list})
        select case when g.n = 0 then '*' else substr(s.day, 1, g.n) end, s.procedure_id, s.agency, ${sums}
        from shares s join grains g on (s.day = '*' and g.n = 0) or s.day <> '*'
        group by case when g.n = 0 then '*' else substr(s.day, 1, g.n) end, s.procedure_id, s.agency`.execute(db);
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('stats_daily').execute();
      await db.schema.alterTable('dossiers').dropColumn('paid_online').execute();
    },
  };
}

/**
 * Pending timers move into their dossier's row (storage/timers.ts), and the row numbers its own
 * events. An action used to delete and insert rows of `timers` (a table and two indexes: about a
 * third of the pages an accept wrote) and to look up max(seq) of the events before appending;
 * now its one revision-checked UPDATE of the dossier writes the timers and advances the counter.
 *
 * - `dossiers.timers`: the pending timers, a JSON array of `{ kind, fireAt, …payload }` (the
 *   payload as the timer row had it: `dueAt`, and `state` for an SLA), soonest first; NULL when
 *   none. `dossiers.next_timer_at`: the soonest `fireAt`, in the partial index
 *   `dossiers_timer_idx` that workers read. Both filled from the unfired rows of `timers`.
 * - `dossiers.event_seq`: the seq of the dossier's last event, filled from max(seq).
 * - `timers` goes. Fired timers were history, which the events (`due_soon`, `overdue`,
 *   `sla_breached`) keep; claims (leases) are not needed any more: a worker holds the dossier row.
 *
 * Down recreates `timers` as 0004 left it, with the pending timers (a fired timer's row is not
 * recreated: its event is the record), and drops the columns.
 */
function timersInDossiers(dialect: Dialect): Migration {
  const json = jsonColumnType(dialect);
  const pg = dialect === 'postgres';
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('dossiers').addColumn('timers', json).execute();
      await db.schema.alterTable('dossiers').addColumn('next_timer_at', 'bigint').execute();
      await db.schema.alterTable('dossiers').addColumn('event_seq', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      // Our keys last, so a payload can never override the kind or the time.
      const entry = pg
        ? sql`coalesce(payload, '{}'::jsonb) || jsonb_build_object('kind', kind, 'fireAt', fire_at)`
        : sql`json_patch(coalesce(payload, '{}'), json_object('kind', kind, 'fireAt', fire_at))`;
      const list = pg ? sql`jsonb_agg(${entry} order by fire_at, id)` : sql`json_group_array(json(${entry}) order by fire_at, id)`;
      await sql`
        update dossiers set timers = t.list, next_timer_at = t.next
        from (select dossier_id, ${list} as list, min(fire_at) as next from timers where fired_at is null group by dossier_id) as t
        where dossiers.id = t.dossier_id`.execute(db);
      await sql`
        update dossiers set event_seq = e.last
        from (select dossier_id, max(seq) as last from events group by dossier_id) as e
        where dossiers.id = e.dossier_id`.execute(db);
      await db.schema.createIndex('dossiers_timer_idx').on('dossiers').column('next_timer_at').where(sql.ref('next_timer_at'), 'is not', null).execute();
      await db.schema.dropTable('timers').execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      // As 0004 left it: an identity column on PostgreSQL, a plain INTEGER PRIMARY KEY on SQLite.
      await db.schema
        .createTable('timers')
        .addColumn('id', 'integer', (c) => (pg ? c.generatedByDefaultAsIdentity().primaryKey() : c.primaryKey()))
        .addColumn('dossier_id', 'text', (c) => c.references('dossiers.id').notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('fire_at', 'bigint', (c) => c.notNull())
        .addColumn('payload', json)
        .addColumn('fired_at', 'bigint')
        .addColumn('claimed_by', 'text')
        .addColumn('claimed_until', 'bigint')
        .addCheckConstraint('timers_kind_check', sql`kind in ('due_soon', 'overdue', 'sla')`)
        .execute();
      await db.schema.createIndex('timers_due_idx').on('timers').column('fire_at').where(sql.ref('fired_at'), 'is', null).execute();
      await db.schema.createIndex('timers_dossier_idx').on('timers').column('dossier_id').execute();
      if (pg) {
        await sql`
          insert into timers (dossier_id, kind, fire_at, payload)
          select d.id, j.value ->> 'kind', cast(j.value ->> 'fireAt' as bigint), nullif(j.value - 'kind' - 'fireAt', '{}'::jsonb)
          from dossiers d cross join lateral jsonb_array_elements(d.timers) with ordinality as j(value, n)
          where d.timers is not null
          order by cast(j.value ->> 'fireAt' as bigint), d.id, j.n`.execute(db);
      } else {
        await sql`
          insert into timers (dossier_id, kind, fire_at, payload)
          select d.id, json_extract(j.value, '$.kind'), json_extract(j.value, '$.fireAt'), nullif(json_remove(j.value, '$.kind', '$.fireAt'), '{}')
          from dossiers d, json_each(d.timers) j
          where d.timers is not null
          order by json_extract(j.value, '$.fireAt'), d.id, j.key`.execute(db);
      }
      await db.schema.dropIndex('dossiers_timer_idx').execute();
      for (const column of ['event_seq', 'next_timer_at', 'timers']) await db.schema.alterTable('dossiers').dropColumn(column).execute();
    },
  };
}

/**
 * Replaces a SQLite table by one `define` lays out, keeping every row (all its `columns`, in rowid
 * order): the new table is filled, the old one dropped with its indexes, the new one renamed. No
 * table references the tables rebuilt here, so foreign keys stay on; the caller recreates indexes.
 */
async function rebuildSqliteTable(
  db: Kysely<any>,
  table: string,
  define: (table: CreateTableBuilder<string, never>) => CreateTableBuilder<string, never>,
  columns: readonly string[],
): Promise<void> {
  const rebuilt = `${table}_rebuilt`;
  const list = sql.join(columns.map((c) => sql.ref(c)));
  await define(db.schema.createTable(rebuilt)).execute();
  await sql`insert into ${sql.table(rebuilt)} (${list}) select ${list} from ${sql.table(table)} order by ${sql.ref(columns[0]!)}`.execute(db);
  await db.schema.dropTable(table).execute();
  await db.schema.alterTable(rebuilt).renameTo(table).execute();
}

/**
 * Brings the schema up to date. Safe to run from several processes at once: PostgreSQL takes an
 * advisory lock, SQLite runs it in one BEGIN IMMEDIATE transaction (see sqlite-dialect.ts).
 */
export async function migrateToLatest(
  db: Kysely<any>,
  dialect: Dialect,
  /** PostgreSQL: the schema the tables live in (ignored on SQLite, which has none). */
  options: { schema?: string } = {},
): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => storageMigrations(dialect) },
    // Kysely looks for its bookkeeping table in every schema unless told which one is ours.
    ...(options.schema && dialect === 'postgres' ? { migrationTableSchema: options.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return results ?? [];
}
