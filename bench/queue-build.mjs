// Bulk-loads synthetic dossiers into an engine database (already migrated) for
// bench/queue-million.bench.ts. Plain JS run in a child process, so the bench process's memory
// reflects only the queries, not the load (SQLite's page cache, the row objects).
// Usage: node bench/queue-build.mjs <file.sqlite> <from> <to> <now-epoch-ms>
// Rows from..to-1 go in ONE transaction through one prepared INSERT; then ANALYZE and a WAL
// checkpoint. Deterministic: row i is the same whatever batches it was loaded in.
import Database from 'better-sqlite3';

const [file, fromArg, toArg, nowArg] = process.argv.slice(2);
const from = Number(fromArg);
const to = Number(toArg);
const NOW = Number(nowArg);
if (!file || !Number.isInteger(from) || !Number.isInteger(to) || !Number.isFinite(NOW)) {
  console.error('usage: node bench/queue-build.mjs <file.sqlite> <from> <to> <now-epoch-ms>');
  process.exit(2);
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Small seeded PRNG (mulberry32), one stream per row. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks from [value, weight] pairs. */
function weighted(pairs) {
  const total = pairs.reduce((s, [, w]) => s + w, 0);
  const cumulative = [];
  let acc = 0;
  for (const [v, w] of pairs) cumulative.push([v, (acc += w / total)]);
  return (r) => cumulative.find(([, c]) => r < c)?.[0] ?? cumulative.at(-1)[0];
}

// 20 agencies, a few large (the commune police and people's committees) and a long tail.
const AGENCIES = [
  'cong_an_xa', 'ubnd_xa', 'so_tu_phap', 'van_phong_dang_ky_dat_dai', 'so_xay_dung', 'thue_co_so', 'bhxh_huyen',
  'qlxnc_tinh', 'cong_an_tinh', 'so_nong_nghiep_moi_truong', 'so_noi_vu', 'ubnd_tinh', 'so_giao_thong', 'so_y_te',
  'so_giao_duc', 'so_cong_thuong', 'so_van_hoa', 'so_tai_chinh', 'so_khoa_hoc', 'ban_quan_ly_kcn',
];
const agencyOf = weighted(AGENCIES.map((a, k) => [a, 1 / (k + 1) ** 0.8]));

// States of a residence-registration-like workflow. The clock runs (due_at set) only in the
// processing states; drafts, dossiers waiting for reception or for the citizen, and closed ones
// have no running clock (due_at NULL), as the engine writes them. One procedure in nine sets no
// time limit, so its dossiers have no due time in any state. In all, about 30% NULL.
const stateOf = weighted([
  ['draft', 5], ['submitted', 6], ['supplementing', 3], ['done', 6], ['refused', 1.25],
  ['processing', 50.75], ['approval', 22.5], ['approval_refusal', 5.5],
]);
const RUNNING = new Set(['processing', 'approval', 'approval_refusal']);
const FINAL = new Set(['done', 'refused']);
const PROCEDURES = ['dang_ky_thuong_tru', 'dang_ky_tam_tru', 'dang_ky_khai_sinh', 'dang_ky_ket_hon', 'cap_ban_sao_trich_luc_ho_tich', 'dang_ky_khai_tu', 'cap_phep_xay_dung', 'dang_ky_ho_kinh_doanh'];
const procedureOf = weighted(PROCEDURES.map((p, k) => [p, 8 - k]));
const NO_DEADLINE = 'cap_ban_sao_trich_luc_ho_tich';
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi'];
const GIVEN = ['Văn An', 'Thị Bình', 'Minh Châu', 'Quốc Dũng', 'Thu Hà', 'Đức Huy', 'Ngọc Lan', 'Thanh Sơn'];

const hex = (r, n) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
const yymmdd = (t) => new Date(t + 7 * HOUR).toISOString().slice(2, 10).replaceAll('-', '');

function row(i) {
  const r = rng(0x9e3779b9 ^ (i * 2654435761));
  const id = `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-${'89ab'[Math.floor(r() * 4)]}${hex(r, 3)}-${hex(r, 12)}`;
  const agency = agencyOf(r());
  const state = stateOf(r());
  const procedure = procedureOf(r());
  const citizen = `0010${String(Math.floor(r() * 1e8)).padStart(8, '0')}`;
  const createdAt = NOW - Math.floor(r() * 90 * DAY);
  const submitted = state !== 'draft';
  const received = submitted && state !== 'submitted';
  const running = RUNNING.has(state) && procedure !== NO_DEADLINE;
  // Due dates spread from 20 days overdue to 40 days ahead.
  const dueAt = running ? NOW - 20 * DAY + Math.floor(r() * 60 * DAY) : null;
  const stateDueAt = !FINAL.has(state) && state !== 'draft' && state !== 'supplementing' ? NOW - 2 * DAY + Math.floor(r() * 7 * DAY) : null;
  const name = `${FAMILY[Math.floor(r() * FAMILY.length)]} ${GIVEN[Math.floor(r() * GIVEN.length)]}`;
  const form = {
    applicant: { personal_id: citizen, full_name: name, date_of_birth: `19${50 + Math.floor(r() * 50)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`, phone: `09${String(Math.floor(r() * 1e8)).padStart(8, '0')}`, email: null },
    address: `Số ${1 + Math.floor(r() * 200)} đường Lê Lợi, phường Hồng Gai, tỉnh Quảng Ninh`,
    housing: r() < 0.6 ? 'owner' : 'tenant',
    relation: null,
    exemption_claim: 'none',
  };
  const clock = running
    ? { status: 'running', startedAt: dueAt - 9 * DAY, dueAt, pausedMs: 0, restarts: 0 }
    : procedure === NO_DEADLINE
      ? { status: 'not_started', pausedMs: 0, restarts: 0 }
      : FINAL.has(state)
      ? { status: 'stopped', startedAt: createdAt + DAY, dueAt: createdAt + 10 * DAY, stoppedAt: createdAt + 8 * DAY, pausedMs: 0, restarts: 0 }
      : { status: state === 'supplementing' ? 'paused' : 'not_started', pausedMs: 0, restarts: 0 };
  return [
    id,
    received ? `000.00.${String(AGENCIES.indexOf(agency)).padStart(2, '0')}.H40-${yymmdd(createdAt)}-${String(i).padStart(7, '0')}` : null,
    procedure,
    1,
    agency,
    citizen,
    state,
    JSON.stringify({ status: FINAL.has(state) ? 'done' : 'active', value: state, historyValue: {}, context: {}, children: {} }),
    JSON.stringify(form),
    r() < 0.7 ? 'online' : 'counter',
    3 + Math.floor(r() * 8),
    dueAt,
    JSON.stringify(clock),
    createdAt,
    createdAt + Math.floor(r() * 5 * DAY),
    state === 'done' ? ['early', 'on_time', 'late'][Math.floor(r() * 3)] : null,
    stateDueAt,
    JSON.stringify([{ path: 'applicant.full_name', source: 'population.full_name', locked: true }, { path: 'applicant.date_of_birth', source: 'population.date_of_birth', locked: true }]),
    submitted ? createdAt + HOUR : null,
    received ? createdAt + 5 * HOUR : null,
    state === 'done' ? createdAt + 8 * DAY : null,
    submitted ? 20_000 : null,
  ];
}

const COLUMNS = [
  'id', 'code', 'procedure_id', 'definition_version', 'agency', 'citizen_id', 'state', 'snapshot', 'form', 'channel', 'revision',
  'due_at', 'clock', 'created_at', 'updated_at', 'outcome', 'state_due_at', 'prefilled', 'submitted_at', 'received_at', 'result_at', 'fee_total',
];

const db = new Database(file);
db.pragma('busy_timeout = 5000');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
// A big page cache for the load only (this process ends right after): random UUID keys touch
// pages all over the primary-key index.
db.pragma('cache_size = -262144');
const t0 = performance.now();
const insertDefinition = db.prepare(
  `insert or ignore into definitions (procedure_id, version, source_hash, ir, effective_from, effective_until, published_at) values (?, 1, ?, '{}', null, null, ?)`,
);
const insert = db.prepare(`insert into dossiers (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`);
db.transaction(() => {
  for (const p of PROCEDURES) insertDefinition.run(p, '0'.repeat(64), NOW - 365 * DAY);
  for (let i = from; i < to; i++) insert.run(row(i));
})();
const loaded = performance.now() - t0;
const t1 = performance.now();
db.exec('analyze');
db.pragma('wal_checkpoint(TRUNCATE)');
const analyzed = performance.now() - t1;
const { n } = db.prepare('select count(*) as n from dossiers').get();
db.close();
console.log(JSON.stringify({ rows: n, loadMs: loaded, analyzeMs: analyzed }));
