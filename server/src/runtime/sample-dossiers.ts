// Sample dossiers for the default set-up: on a database with no dossier at all, `pnpm start`
// makes 47 dossiers of the library's procedures, so that an officer signing in finds a queue with
// every traffic light, the dashboard has early / on-time / late results to count and a sample
// citizen (001099012345 among others) has dossiers to track.
//
// Everything goes through the engine — a second DossierEngine on the runtime's storage, registry
// and blobs whose clock is virtual: it walks forward from about 25 working days ago to now, one
// step of one dossier at a time in the order of their times, so dossier codes (the receipt day),
// event times, due dates, outcomes and the statistics counters are what they would be had the
// dossiers been lived on those days. Deadline timers fire on the way, at the quarter hour they fall
// due; those due between the last step and now are left to the server's scheduler (main.ts starts
// it once the seeding is over).
//
// Who and what: each dossier takes the `given` values of one of its procedure's scenarios — the
// scenario's citizen (a sample citizen of procedures/registries/sample-data.json) owns it, the
// form gets the scenario's values with their dates moved to the day it is made on — and the
// documents the assessment asks for. Its fate (SAMPLE_PLAN) says how far its life goes and when;
// the steps on the way are the workflow's, taken generically over the IR (scenario-lives.ts).
//
// When: never on a database that has a dossier; by default only on SQLite (the default set-up,
// one process); on PostgreSQL only with MOTCUA_SAMPLE_DOSSIERS=1, under an advisory lock so that
// of several processes starting at once one seeds and the others wait for it, then find dossiers;
// MOTCUA_SAMPLE_DOSSIERS=0 turns it off.
import { closeSync, openSync, rmSync, statSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { workingHours, type IRState, type IRTransition, type ProcedureIR } from '@motcua/dsl';
import {
  DossierEngine,
  EngineError,
  localDateTime,
  localIsoDate,
  localParts,
  subtractDuration,
  type ActionInputs,
  type Actor,
  type DossierView,
  type Storage,
  type WorkingCalendar,
} from '@motcua/engine';
import type { Runtime } from './runtime.ts';
import {
  issuesResult,
  rebaseInputs,
  SAMPLE_FILES,
  scenarioInputs,
  stepsToResult,
  supplementOf,
  towardsRefusal,
  towardsResult,
} from './scenario-lives.ts';

/**
 * How far a dossier's life goes:
 * - `submitted`: submitted, waiting for reception (no code yet);
 * - `received`: received (code, due time), with the next officer, due comfortably ahead;
 * - `deciding`: received and examined, waiting for the leader's signature, due ahead;
 * - `due_soon`: running, due within the procedure's warning time from now;
 * - `overdue`: running, past its due time;
 * - `supplement`: received, then a supplement asked for: waiting for the citizen, clock paused;
 * - `refused`: refused at reception, with the reason;
 * - `refused_after_review`: received, refusal proposed by the specialist and confirmed by the leader;
 * - `early` / `on_time` / `late`: the result issued before the due day, on it, after it;
 * - `late_extended`: the one-time extension with its apology letter, the result after the
 *   original due time (late: Decree 61/2018) but before the new one.
 */
export type SampleFate =
  | 'submitted'
  | 'received'
  | 'deciding'
  | 'due_soon'
  | 'overdue'
  | 'supplement'
  | 'refused'
  | 'refused_after_review'
  | 'early'
  | 'on_time'
  | 'late'
  | 'late_extended';

export interface SamplePlan {
  readonly procedure: string;
  /** The scenario whose `given` values fill the form; its citizen owns the dossier. */
  readonly scenario: string;
  readonly fate: SampleFate;
  /**
   * The anchor, in working days before today's (k ≥ 1), at `at` (HH:MM, Vietnam time): the
   * submission (submitted, refused), the receipt (received, deciding, supplement,
   * refused_after_review), the due time (overdue) or the result (early, on_time, late,
   * late_extended). Not used by `due_soon`, nor by `submitted` with `minutesAgo`.
   */
  readonly day?: number;
  readonly at?: string;
  /** `submitted`: this many minutes before now instead. */
  readonly minutesAgo?: number;
  /** `due_soon`: the due time this many working minutes after now (default: half the warning time, at most 4 hours). */
  readonly dueIn?: number;
  /** Open fates (received, due_soon, overdue): officer steps taken after the receipt (default 0). */
  readonly steps?: number;
  /** Transitions to take when the dossier's state offers them (another agency's verification). */
  readonly via?: readonly string[];
  /** Another channel than the scenario's. */
  readonly channel?: 'online' | 'in_person';
  /**
   * Another sample citizen than the scenario's, with the scenario's form (another tenant of the
   * same house): the library's scenarios have fewer citizens than the plan has dossiers.
   */
  readonly citizen?: string;
}

/**
 * Forty-seven dossiers of all fifteen procedures and eight agencies, the commune police's queue
 * the fullest (the README's first officer, reception.cong_an_xa). Days are working days back.
 */
export const SAMPLE_PLAN: readonly SamplePlan[] = [
  // Công an xã — thường trú (7 working days; tenants of Số 12 Trần Hưng Đạo from around the
  // province), tạm trú (3 working days; tenants of Số 21 ngõ 5 Láng Hạ).
  { procedure: 'dang_ky_thuong_tru', scenario: 'online_owner_tet', fate: 'early', day: 19, at: '15:10' },
  { procedure: 'dang_ky_thuong_tru', scenario: 'in_person_tenant', fate: 'refused_after_review', day: 24, at: '08:50' },
  { procedure: 'dang_ky_thuong_tru', scenario: 'late_with_extension', fate: 'late_extended', day: 12, at: '10:20' },
  { procedure: 'dang_ky_thuong_tru', scenario: 'poor_household_exempt', fate: 'on_time', day: 8, at: '14:30' },
  { procedure: 'dang_ky_thuong_tru', scenario: 'in_person_tenant', fate: 'late', day: 5, at: '11:00', citizen: '022076523767' },
  { procedure: 'dang_ky_thuong_tru', scenario: 'supplement_restarts', fate: 'supplement', day: 4, at: '09:40', citizen: '022076251733' },
  { procedure: 'dang_ky_thuong_tru', scenario: 'in_person_tenant', fate: 'overdue', day: 2, at: '10:00', steps: 1, citizen: '022068160083' },
  { procedure: 'dang_ky_thuong_tru', scenario: 'in_person_tenant', fate: 'due_soon', steps: 1, citizen: '022076117537' },
  { procedure: 'dang_ky_thuong_tru', scenario: 'supplement_restarts', fate: 'received', day: 1, at: '14:15', citizen: '022073570832' },
  { procedure: 'dang_ky_thuong_tru', scenario: 'child_exempt', fate: 'submitted', minutesAgo: 35 },
  { procedure: 'dang_ky_tam_tru', scenario: 'online_owner_tet', fate: 'early', day: 16, at: '10:45' },
  { procedure: 'dang_ky_tam_tru', scenario: 'withdrawn_during_supplement', fate: 'refused', day: 14, at: '08:05', citizen: '001086738233' },
  { procedure: 'dang_ky_tam_tru', scenario: 'in_person_tenant', fate: 'late', day: 10, at: '15:20' },
  { procedure: 'dang_ky_tam_tru', scenario: 'elderly_exempt', fate: 'on_time', day: 5, at: '09:30' },
  { procedure: 'dang_ky_tam_tru', scenario: 'in_person_tenant', fate: 'deciding', day: 1, at: '08:10', citizen: '001089570725' },
  { procedure: 'dang_ky_tam_tru', scenario: 'in_person_tenant', fate: 'due_soon', steps: 1, citizen: '001197918654' },
  { procedure: 'dang_ky_tam_tru', scenario: 'supplement_restarts', fate: 'submitted', day: 1, at: '16:40', citizen: '001098216236' },
  // UBND xã — hộ tịch (1 working day), hộ kinh doanh (3), xây dựng (15 days), chứng thực (1), and
  // the interconnected birth → residence → health insurance, now with the commune police.
  { procedure: 'dang_ky_khai_sinh', scenario: 'online_before_holiday', fate: 'early', day: 21, at: '15:30' },
  { procedure: 'dang_ky_khai_tu', scenario: 'online_over_tet_2025', fate: 'early', day: 17, at: '16:00' },
  { procedure: 'dang_ky_khai_tu', scenario: 'supplement_restarts', fate: 'late', day: 7, at: '10:40' },
  { procedure: 'dang_ky_ket_hon', scenario: 'online_before_tet_2026', fate: 'on_time', day: 11, at: '08:40' },
  { procedure: 'dang_ky_thanh_lap_ho_kinh_doanh', scenario: 'individual_online_make_up_day', fate: 'early', day: 15, at: '14:00' },
  { procedure: 'dang_ky_thanh_lap_ho_kinh_doanh', scenario: 'supplement_restarts_tet', fate: 'overdue', day: 1, at: '15:30', steps: 1 },
  { procedure: 'cap_giay_phep_xay_dung_nha_o_rieng_le', scenario: 'not_owner_in_person', fate: 'refused', day: 9, at: '09:00' },
  { procedure: 'cap_giay_phep_xay_dung_nha_o_rieng_le', scenario: 'owner_online_tet', fate: 'received', day: 3, at: '10:10' },
  { procedure: 'chung_thuc_ban_sao', scenario: 'one_page_three_copies', fate: 'early', day: 6, at: '10:30' },
  { procedure: 'chung_thuc_ban_sao', scenario: 'five_pages_two_copies', fate: 'on_time', day: 3, at: '08:30' },
  { procedure: 'cap_ban_sao_trich_luc_ho_tich', scenario: 'parent_for_child', fate: 'early', day: 4, at: '15:45' },
  { procedure: 'cap_ban_sao_trich_luc_ho_tich', scenario: 'grandparent_authorised', fate: 'supplement', day: 1, at: '09:10' },
  { procedure: 'cap_ban_sao_trich_luc_ho_tich', scenario: 'sibling_authorised', fate: 'submitted', minutesAgo: 25, channel: 'online' },
  { procedure: 'lien_thong_khai_sinh_thuong_tru_bhyt', scenario: 'online_over_tet_2026', fate: 'received', day: 1, at: '09:00', steps: 2 },
  // Công an tỉnh — đổi giấy phép lái xe (5 working days).
  { procedure: 'cap_doi_giay_phep_lai_xe', scenario: 'online_health_on_file', fate: 'early', day: 14, at: '09:50' },
  { procedure: 'cap_doi_giay_phep_lai_xe', scenario: 'in_person_full_fee', fate: 'on_time', day: 9, at: '16:00' },
  { procedure: 'cap_doi_giay_phep_lai_xe', scenario: 'motorbike_no_health_check', fate: 'received', day: 1, at: '10:30' },
  { procedure: 'cap_doi_giay_phep_lai_xe', scenario: 'online_after_reduction', fate: 'submitted', day: 1, at: '20:15', citizen: '022079919327' },
  // Quản lý xuất nhập cảnh tỉnh — hộ chiếu (8 working days); the README's sample citizen asks for
  // his first, and has to send his photo again.
  { procedure: 'cap_ho_chieu_pho_thong', scenario: 'online_first_make_up_day', fate: 'early', day: 18, at: '14:40' },
  { procedure: 'cap_ho_chieu_pho_thong', scenario: 'online_renew_tet_2026', fate: 'late', day: 5, at: '11:00' },
  { procedure: 'cap_ho_chieu_pho_thong', scenario: 'in_person_lost_reported', fate: 'deciding', day: 3, at: '08:45' },
  { procedure: 'cap_ho_chieu_pho_thong', scenario: 'online_first_make_up_day', fate: 'supplement', day: 2, at: '15:00', citizen: '001099012345' },
  // Sở Tư pháp — lý lịch tư pháp (10 days): one verified by the provincial police, one the README's
  // sample citizen asked for.
  { procedure: 'cap_phieu_ly_lich_tu_phap', scenario: 'online_over_tet_2025', fate: 'on_time', day: 6, at: '15:00' },
  { procedure: 'cap_phieu_ly_lich_tu_phap', scenario: 'student_four_copies', fate: 'received', day: 1, at: '09:15', steps: 1, via: ['request_verification'] },
  { procedure: 'cap_phieu_ly_lich_tu_phap', scenario: 'supplement_restarts', fate: 'received', day: 1, at: '14:30', citizen: '001099012345' },
  // Sở Nội vụ — giấy phép lao động (5 working days), one employer's two foreign experts.
  { procedure: 'cap_giay_phep_lao_dong', scenario: 'online_contract_tet_2026', fate: 'early', day: 11, at: '10:00' },
  { procedure: 'cap_giay_phep_lao_dong', scenario: 'supplement_restarts', fate: 'due_soon', steps: 1 },
  // Văn phòng đăng ký đất đai — biến động (10 working days; the citizen pays the tax on the way).
  { procedure: 'dang_ky_bien_dong_dat_dai', scenario: 'online_transfer_tax_pause', fate: 'early', day: 3, at: '16:10' },
  { procedure: 'dang_ky_bien_dong_dat_dai', scenario: 'inheritance_two_certificates', fate: 'received', day: 2, at: '08:20' },
  { procedure: 'dang_ky_bien_dong_dat_dai', scenario: 'large_gift_capped', fate: 'overdue', day: 1, at: '14:00', steps: 1 },
];

export interface SampleDossiersOptions {
  /** The instant the walk stops at (default: the real clock). */
  readonly now?: number;
  /** False: make nothing (MOTCUA_SAMPLE_DOSSIERS=0). */
  readonly enabled?: boolean;
  readonly plan?: readonly SamplePlan[];
  /** Stops the walk between two steps (the server shutting down); what was made stays. */
  readonly signal?: AbortSignal;
}

export interface SampleDossiersReport {
  readonly created: number;
  /** Why nothing was made: turned off, the database has dossiers, another seeding holds the SQLite lock. */
  readonly skipped?: 'disabled' | 'not_empty' | 'busy';
  /** Dossiers by `procedure.state` at the end. */
  readonly byState: Readonly<Record<string, number>>;
  /** Dossiers by fate. */
  readonly byFate: Readonly<Record<string, number>>;
  /** Lives that stopped on an error (the dossier stays where it got to). */
  readonly failures: readonly string[];
  readonly ms: number;
}

/**
 * Whether to seed, from MOTCUA_SAMPLE_DOSSIERS and the database: `0` never, `1` always (on
 * PostgreSQL too), unset: on SQLite only — the default set-up, one process.
 */
export function sampleDossiersWanted(setting: string | undefined, dialect: Storage['dialect']): boolean {
  if (setting === '0') return false;
  if (setting === '1') return true;
  return dialect === 'sqlite';
}

type SeedRuntime = Pick<Runtime, 'storage' | 'engine' | 'registry' | 'catalog' | 'keys'>;

export async function seedSampleDossiers(runtime: SeedRuntime, options: SampleDossiersOptions = {}): Promise<SampleDossiersReport> {
  const started = Date.now();
  const none = (skipped: SampleDossiersReport['skipped']): SampleDossiersReport => ({ created: 0, skipped, byState: {}, byFate: {}, failures: [], ms: Date.now() - started });
  if (options.enabled === false) return none('disabled');
  // On PostgreSQL the look is taken under the lock only: a process must not go on (and start its
  // scheduler) while another is still seeding.
  if (runtime.storage.dialect === 'sqlite' && (await hasDossiers(runtime.storage))) return none('not_empty');
  const seeded = await withSeedLock(runtime.storage, async () => {
    // Another process may have seeded between the first look and the lock.
    if (await hasDossiers(runtime.storage)) return none('not_empty');
    return walk(runtime, options.plan ?? SAMPLE_PLAN, Math.floor(options.now ?? Date.now()), started, options.signal);
  });
  return seeded ?? none('busy');
}

async function hasDossiers(storage: Storage): Promise<boolean> {
  return (await storage.db.selectFrom('dossiers').select('id').limit(1).executeTakeFirst()) !== undefined;
}

const LOCK_KEY = 0x6d6f7463; // "motc"
const STALE_LOCK_MS = 10 * 60_000;

/**
 * Runs `work` under a lock that one seeding holds at a time. On PostgreSQL a session advisory lock
 * on a connection of its own, waited for: the other processes go on (and start their schedulers)
 * only once the seeding process is done — their schedulers would otherwise fire the timers of
 * dossiers still being lived in the past — then find dossiers and make none. PostgreSQL drops the
 * lock of a process that dies. On SQLite (one process) a file beside the database created
 * exclusively; when it exists, undefined at once (one left by a process killed while seeding is
 * taken over after ten minutes).
 */
async function withSeedLock<T>(storage: Storage, work: () => Promise<T>): Promise<T | undefined> {
  if (storage.dialect === 'postgres') {
    return storage.db.connection().execute(async (conn) => {
      await conn.selectNoFrom((eb) => eb.fn<unknown>('pg_advisory_lock', [eb.val(LOCK_KEY)]).as('locked')).execute();
      try {
        return await work();
      } finally {
        await conn.selectNoFrom((eb) => eb.fn<boolean>('pg_advisory_unlock', [eb.val(LOCK_KEY)]).as('ok')).execute();
      }
    });
  }
  if (storage.location === ':memory:' || storage.location === '') return work();
  const lock = `${storage.location}.sample-dossiers.lock`;
  let fd: number;
  try {
    fd = openSync(lock, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    let age = 0;
    try {
      age = Date.now() - statSync(lock).mtimeMs;
    } catch {
      /* just removed by its owner */
    }
    if (age < STALE_LOCK_MS) return undefined;
    rmSync(lock, { force: true });
    return withSeedLock(storage, work);
  }
  try {
    return await work();
  } finally {
    closeSync(fd);
    rmSync(lock, { force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// The walk

interface Life {
  readonly plan: SamplePlan;
  readonly order: number;
  readonly steps: AsyncGenerator<number, void, void>;
  /** The instant of its next step. */
  next: number;
}

async function walk(runtime: SeedRuntime, plan: readonly SamplePlan[], now: number, started: number, signal: AbortSignal | undefined): Promise<SampleDossiersReport> {
  let clock = Number.NEGATIVE_INFINITY;
  const engine = new DossierEngine({
    storage: runtime.storage,
    registry: runtime.registry,
    blobs: runtime.engine.blobs,
    now: () => clock,
    signer: { sign: (payload) => runtime.keys.sign(payload) },
  });
  const failures: string[] = [];
  const byFate: Record<string, number> = {};
  const lives: Life[] = [];
  for (const [order, p] of plan.entries()) {
    const ir = runtime.catalog.find((e) => e.id === p.procedure)?.ir;
    if (!ir) continue; // another library (MOTCUA_PROCEDURES): its procedures are not in the plan
    try {
      const steps = live(engine, ir, p, order, now);
      const first = await steps.next();
      if (!first.done) lives.push({ plan: p, order, steps, next: Math.round(first.value) });
      await nextTurn();
    } catch (e) {
      failures.push(describeFailure(p, e));
    }
  }
  // Deadline timers fire on the way at the next tick after they fall due — every quarter hour of
  // office time (07:30–17:00, any day) and every midnight (calendar-day deadlines end then) — as
  // the scheduler would have fired them; then everything due before the step's own instant.
  const fireTimers = async (at: number) => {
    clock = at;
    await engine.runTimers('sample-dossiers', 100);
  };
  const fireTimersUntil = async (until: number) => {
    let ticks = 0;
    for (let tick = nextTick(clock); tick < until; tick = nextTick(tick)) {
      await fireTimers(tick);
      if (++ticks % 40 === 0) await nextTurn();
    }
    // A step taken at the very instant its state's time runs out is in time: fire what was due before it.
    await fireTimers(Math.max(clock, until - 1));
  };
  for (;;) {
    const life = lives.reduce<Life | undefined>((a, b) => (!a || b.next < a.next || (b.next === a.next && b.order < a.order) ? b : a), undefined);
    // What is due by now and not done by then stays undone: the walk ends at now.
    if (!life || life.next >= now || signal?.aborted) break;
    if (clock === Number.NEGATIVE_INFINITY) clock = life.next;
    await fireTimersUntil(life.next);
    clock = Math.max(clock, life.next);
    // The engine's SQLite calls answer without waiting on I/O: let the server's requests in
    // between two steps, or the whole walk would hold the event loop.
    await nextTurn();
    try {
      const r = await life.steps.next();
      if (r.done) lives.splice(lives.indexOf(life), 1);
      else life.next = Math.max(Math.round(r.value), clock); // whole milliseconds: the columns are integers
    } catch (e) {
      failures.push(describeFailure(life.plan, e));
      lives.splice(lives.indexOf(life), 1);
    }
  }
  for (const life of lives) await life.steps.return(undefined);
  const rows = await runtime.storage.db.selectFrom('dossiers').select(['procedure_id', 'state']).execute();
  const byState: Record<string, number> = {};
  for (const r of rows) byState[`${r.procedure_id}.${r.state}`] = (byState[`${r.procedure_id}.${r.state}`] ?? 0) + 1;
  for (const p of plan) if (runtime.catalog.some((e) => e.id === p.procedure)) byFate[p.fate] = (byFate[p.fate] ?? 0) + 1;
  return { created: rows.length, byState, byFate, failures, ms: Date.now() - started };
}

function describeFailure(p: SamplePlan, e: unknown): string {
  const message = e instanceof EngineError ? `${e.code}: ${e.text.en}${Object.keys(e.details).length ? ` ${JSON.stringify(e.details)}` : ''}` : e instanceof Error ? e.message : String(e);
  return `${p.procedure}/${p.scenario} (${p.fate}): ${message}`;
}

// ---------------------------------------------------------------------------------------------
// Times

const MINUTE = 60_000;
const TICK = 15 * MINUTE;

/** The next quarter hour after `t` within 07:30–17:00 local, or the next local midnight if sooner. */
function nextTick(t: number): number {
  let tick = Math.floor(t / TICK) * TICK + TICK;
  for (;;) {
    const p = localParts(tick);
    const minute = p.hour * 60 + p.minute;
    if (minute === 0 || (minute >= 450 && minute <= 1020)) return tick;
    tick = minute < 450 ? localDateTime(p.year, p.month, p.day, 7, 30) : localDateTime(p.year, p.month, p.day + 1);
  }
}

function hhmm(at: string | undefined, fallback = '09:00'): [number, number] {
  const m = /^(\d{2}):(\d{2})$/.exec(at ?? fallback);
  if (!m) throw new Error(`sample dossiers: bad time ${at}`);
  return [Number(m[1]), Number(m[2])];
}

/** `k` working days before the day of `now` (k ≥ 1), at `at`. */
function workingDayBefore(cal: WorkingCalendar, now: number, k: number, at: string | undefined): number {
  const p = localParts(now);
  let day = localDateTime(p.year, p.month, p.day);
  for (let counted = 0; counted < k; ) {
    day -= 86_400_000;
    const d = localParts(day);
    if (cal.isWorkingDay(d.year, d.month, d.day)) counted++;
  }
  const d = localParts(day);
  const [h, m] = hhmm(at);
  return localDateTime(d.year, d.month, d.day, h, m);
}

/** A duration of working minutes (for subtractDuration). */
function workingTime(minutes: number) {
  return { amount: minutes / 60, unit: 'working_hours' as const };
}

/** Working minutes of a duration, roughly, as the checker compares durations (a calendar day counts as 5/7 of a working day). */
const workingMinutesOf = (d: Parameters<typeof workingHours>[0]): number => Math.floor(workingHours(d) * 60);

/** Moves an instant outside working hours back to 15:30 of its day when that gives the same due time (calendar-day deadlines). */
function inOfficeHours(cal: WorkingCalendar, t: number, deadline: NonNullable<ProcedureIR['deadline']>): number {
  if (cal.isWorkingInstant(t)) return t;
  const p = localParts(t);
  for (const [h, m] of [[15, 30], [10, 0]] as const) {
    const c = localDateTime(p.year, p.month, p.day, h, m);
    if (c <= t && cal.isWorkingInstant(c) && cal.add(c, deadline.amount, deadline.unit) === cal.add(t, deadline.amount, deadline.unit)) return c;
  }
  return t;
}

interface Anchors {
  /** The citizen's first step. */
  readonly submit: number;
  /** The receipt, for fates that get one. */
  readonly receipt?: number;
  /** The last step of the life (the result, the refusal). */
  readonly end?: number;
}

/**
 * The instants a life is planned on. Lives that end with a result are anchored at their result
 * and their receipt is worked back from the due time their outcome needs; the others at their
 * receipt or submission.
 */
function anchorsOf(plan: SamplePlan, ir: ProcedureIR, cal: WorkingCalendar, now: number, inPerson: boolean): Anchors {
  const at = (k = plan.day ?? 1) => workingDayBefore(cal, now, k, plan.at);
  // At the counter the receipt follows the submission; online, reception takes it up within half
  // the time its step allows (at most 100 working minutes later).
  const reception = ir.workflow.states.find((s) => s.id === towardsResult(ir, ir.workflow.states.find((x) => x.id === ir.workflow.initial)!)[0]?.target);
  const onlineLead = Math.min(100, reception?.sla ? Math.floor(workingMinutesOf(reception.sla) / 2) : 100);
  const submitBefore = (receipt: number) => (inPerson ? receipt - 12 * MINUTE : Math.min(receipt - 12 * MINUTE, subtractDuration(cal, receipt, workingTime(onlineLead))));
  const fromReceipt = (receipt: number, rest: Omit<Anchors, 'submit' | 'receipt'> = {}): Anchors => ({ submit: submitBefore(receipt), receipt, ...rest });
  const deadline = ir.deadline;
  switch (plan.fate) {
    case 'submitted':
      return { submit: plan.minutesAgo !== undefined ? now - plan.minutesAgo * MINUTE : at() };
    case 'refused': {
      const submit = at();
      return { submit, end: cal.addWorkingMinutes(submit + 20 * MINUTE, 95) };
    }
    case 'received':
    case 'deciding':
    case 'supplement':
    case 'refused_after_review':
      return fromReceipt(at());
    case 'due_soon': {
      if (!deadline) throw new Error(`${ir.id} has no deadline`);
      const warn = ir.warn ? workingMinutesOf(ir.warn) : 240;
      const due = cal.addWorkingMinutes(cal.nextWorkingInstant(now), plan.dueIn ?? Math.min(240, Math.floor(warn / 2)));
      return fromReceipt(inOfficeHours(cal, subtractDuration(cal, due, deadline), deadline));
    }
    case 'overdue': {
      if (!deadline) throw new Error(`${ir.id} has no deadline`);
      return fromReceipt(inOfficeHours(cal, subtractDuration(cal, at(), deadline), deadline));
    }
    case 'early':
    case 'on_time':
    case 'late':
    case 'late_extended': {
      if (!deadline) throw new Error(`${ir.id} has no deadline`);
      const end = at();
      if (plan.fate === 'early') {
        // Received about half the deadline before the result — or, for a deadline of a day, that
        // morning — so that the due time falls on a later day than the result.
        const dueDay = (receipt: number) => localIsoDate(cal.add(receipt, deadline.amount, deadline.unit) - 1);
        const candidates = [
          subtractDuration(cal, end, workingTime(Math.max(120, Math.floor(workingMinutesOf(deadline) / 2)))),
          cal.nextWorkingInstant(localDateTime(localParts(end).year, localParts(end).month, localParts(end).day, 7, 45)),
          end - 30 * MINUTE,
        ].map((r) => inOfficeHours(cal, r, deadline));
        const receipt = candidates.find((r) => r < end - 20 * MINUTE && dueDay(r) > localIsoDate(end)) ?? candidates.at(-1)!;
        return fromReceipt(receipt, { end });
      }
      if (plan.fate === 'on_time') {
        // Due later the same day: 40 minutes after the result, or the day's end (calendar days).
        const p = localParts(end);
        const due = deadline.unit === 'days' ? localDateTime(p.year, p.month, p.day + 1) : end + 40 * MINUTE;
        return fromReceipt(inOfficeHours(cal, subtractDuration(cal, due, deadline), deadline), { end });
      }
      // Late: due five working hours before the result.
      const due = subtractDuration(cal, end, workingTime(300));
      return fromReceipt(inOfficeHours(cal, subtractDuration(cal, due, deadline), deadline), { end });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// A life

const TEXT = {
  refuse: 'Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan; đã hướng dẫn công dân nộp tại cơ quan có thẩm quyền.',
  refuseAfterReview: 'Kết quả kiểm tra, xác minh: thông tin kê khai không khớp với Cơ sở dữ liệu quốc gia về dân cư; hồ sơ không đủ điều kiện giải quyết.',
  supplement: 'Bản chụp giấy tờ không rõ nét, thiếu trang; đề nghị nộp lại bản đầy đủ, rõ nét.',
  note: 'Đã kiểm tra, đối chiếu; chuyển bước tiếp theo.',
  extension: 'Cần xác minh thêm thông tin với cơ quan có liên quan',
};

/** What an officer gives with a transition (a reason, a note, the missing documents). */
function inputsFor(t: IRTransition, goal: 'result' | 'refusal', missing: readonly string[]): ActionInputs {
  const inputs: Record<string, unknown> = {};
  for (const i of t.inputs) {
    if (i === 'missing') inputs['missing'] = [...missing];
    else if (i === 'reason') inputs['reason'] = goal === 'refusal' && t.id === 'refuse' ? TEXT.refuse : goal === 'refusal' ? TEXT.refuseAfterReview : TEXT.note;
    else if (i === 'note') inputs['note'] = t.inputs.includes('missing') ? TEXT.supplement : TEXT.note;
  }
  return inputs as ActionInputs;
}

/**
 * One dossier's life as a sequence of steps: yields the instant of its next step, and takes it
 * when resumed (the walk has set the clock to it by then).
 */
async function* live(engine: DossierEngine, ir: ProcedureIR, plan: SamplePlan, order: number, now: number): AsyncGenerator<number, void, void> {
  const sc = ir.scenarios.find((s) => s.id === plan.scenario);
  if (!sc) throw new Error(`no scenario ${plan.scenario}`);
  const cal = engine.calendarOf(ir, ir.agency);
  const scenario = scenarioInputs(ir, sc);
  const channel = plan.channel ?? (scenario.channel === 'in_person' ? 'in_person' : 'online');
  const inPerson = channel === 'in_person';
  const anchors = anchorsOf(plan, ir, cal, now, inPerson);
  const given = rebaseInputs(scenario, localIsoDate(anchors.submit));
  const citizen: Actor = { id: plan.citizen ?? given.citizen, role: 'citizen' };
  const officer = (state: IRState, d: DossierView): Actor => ({ id: `${state.role}.${d.agency}`, role: state.role ?? 'system', agency: d.agency });
  const stateNamed = (id: string) => ir.workflow.states.find((s) => s.id === id)!;
  let payments = 0;
  const pay = async (d: DossierView, by: Actor) => {
    const a = await engine.assess(d.id, by);
    const paid = (await engine.storage.db.selectFrom('payments').select('amount').where('dossier_id', '=', d.id).execute()).reduce((s, p) => s + Number(p.amount), 0);
    if (a.fees.total > paid) {
      await engine.recordPayment(d.id, { provider: inPerson ? 'counter' : 'embedded', reference: `MAU-${String(order + 1).padStart(3, '0')}-${++payments}`, amount: a.fees.total - paid });
    }
  };
  const attachMissing = async (d: DossierView) => {
    const a = await engine.assess(d.id, citizen);
    for (const docId of a.missing.map((m) => m.id)) {
      const doc = ir.documents.find((x) => x.id === docId);
      if (!doc || doc.generated) continue;
      const ext = doc.formats.find((f) => SAMPLE_FILES[f]) ?? 'pdf';
      const file = SAMPLE_FILES[ext]!;
      await engine.attachDocument(d.id, doc.id, { name: `${doc.id}.${ext}`, mime: file.mime, bytes: file.bytes }, citizen);
    }
  };
  /** Takes one step towards the goal (the first transition the guards allow); the citizen's steps too. */
  const step = async (d: DossierView, goal: 'result' | 'refusal'): Promise<DossierView> => {
    const state = stateNamed(d.state.id);
    const via = state.transitions.find((t) => plan.via?.includes(t.id));
    const candidates = via ? [via] : goal === 'result' ? towardsResult(ir, state) : towardsRefusal(ir, state);
    const actor = state.role === 'citizen' ? { id: d.citizenId, role: 'citizen' } : officer(state, d);
    if (state.role !== 'citizen' && candidates.some(issuesResult)) await pay(d, actor);
    if (state.role !== 'citizen' && inPerson && d.code === null) await pay(d, actor); // at the counter, before the receipt
    const refused: string[] = [];
    for (const t of candidates) {
      try {
        return await engine.act(d.id, t.id, { actor, inputs: inputsFor(t, goal, []) });
      } catch (e) {
        if (e instanceof EngineError && e.code === 'guard_failed') {
          refused.push(`${t.id}: ${e.text.en}`);
          continue;
        }
        throw e;
      }
    }
    throw new Error(`no way on from ${state.id}${refused.length ? `: ${refused.join('; ')}` : ''}`);
  };
  /** The states a dossier passes through from `from` to its result (the first way on from each). */
  const pathAhead = (from: IRState): IRState[] => {
    const path = [from];
    for (let s = from; path.length < 20; ) {
      const t = s.transitions.find((x) => plan.via?.includes(x.id)) ?? towardsResult(ir, s)[0];
      if (!t) break;
      s = stateNamed(t.target);
      if (s.final) break;
      path.push(s);
    }
    return path;
  };
  /** A state's share of the time: its SLA in working minutes, a working day without one. */
  const weightOf = (st: IRState) => (st.sla ? workingMinutesOf(st.sla) : 480);

  // The citizen: draft, form, documents, payment (online), submission.
  yield anchors.submit;
  let d = await engine.createDraft({ procedureId: ir.id, channel, actor: citizen });
  yield anchors.submit + 3 * MINUTE;
  let values: Record<string, unknown> = { ...given.form };
  for (let attempt = 0; ; attempt++) {
    try {
      d = (await engine.updateForm(d.id, values, citizen)).view;
      break;
    } catch (e) {
      // A value the registry locked is kept as the registry says (the citizen may not change it).
      const locked = e instanceof EngineError ? ((e.details['errors'] as Array<{ path: string; code: string }> | undefined) ?? []).filter((x) => x.code === 'locked').map((x) => x.path) : [];
      if (attempt > 0 || locked.length === 0) throw e;
      values = Object.fromEntries(Object.entries(values).filter(([k]) => !locked.includes(k)));
    }
  }
  yield anchors.submit + 6 * MINUTE;
  await attachMissing(d);
  if (!inPerson) {
    yield anchors.submit + 9 * MINUTE;
    await pay(d, citizen);
  }
  yield anchors.submit + 11 * MINUTE;
  d = await step(d, 'result');
  if (plan.fate === 'submitted') return;

  if (plan.fate === 'refused') {
    yield anchors.end!;
    d = await step(d, 'refusal');
    return;
  }

  // Reception: the receipt, with its code and due time.
  yield anchors.receipt!;
  d = await step(d, 'result');
  const due = d.clock.dueAt;

  switch (plan.fate) {
    case 'received':
    case 'due_soon':
    case 'overdue':
    case 'deciding': {
      // Deciding: every step but the last, which issues the result.
      const steps = plan.fate === 'deciding' ? (stepsToResult(ir).get(d.state.id) ?? 1) - 1 : (plan.steps ?? 0);
      // The last step shortly before now — the dossier has just come to the step it waits at, whose
      // own time limit (SLA) runs from there — the others spread evenly since the receipt.
      const recent = Math.max(subtractDuration(cal, now, workingTime(40)), d.updatedAt + steps * 10 * MINUTE);
      for (let i = 0; i < steps; i++) {
        const ahead = pathAhead(stateNamed(d.state.id)).slice(0, steps - i);
        const share = weightOf(ahead[0]!) / ahead.reduce((sum, st) => sum + weightOf(st), 0);
        yield i === steps - 1 ? recent : cal.addWorkingMinutes(d.updatedAt, Math.max(10, Math.round(cal.workingMinutesBetween(d.updatedAt, recent) * share)));
        d = await step(d, 'result');
      }
      return;
    }
    case 'supplement': {
      const state = stateNamed(d.state.id);
      const ask = supplementOf(ir, state);
      if (!ask) throw new Error(`${state.id} asks for no supplement`);
      yield cal.addWorkingMinutes(d.updatedAt, Math.min(150, Math.round(cal.workingMinutesBetween(d.updatedAt, now) / 2)));
      // The officer asks again for a document the citizen uploaded (unreadable, pages missing).
      const a = await engine.assess(d.id, officer(state, d));
      const uploaded = a.documents.filter((x) => x.attached && !x.generated);
      const again = uploaded.find((x) => x.need === 'required') ?? uploaded[0];
      if (!again) throw new Error('nothing uploaded to ask for again');
      const missing = [again.id];
      d = await engine.act(d.id, ask.id, { actor: officer(state, d), inputs: inputsFor(ask, 'result', missing) });
      return;
    }
    case 'refused_after_review': {
      while (!d.state.final) {
        yield cal.addWorkingMinutes(d.updatedAt, 200);
        d = await step(d, 'refusal');
      }
      return;
    }
    case 'early':
    case 'on_time':
    case 'late':
    case 'late_extended': {
      const end = anchors.end!;
      let extended = plan.fate !== 'late_extended';
      while (!d.state.final) {
        if (!extended && due !== undefined) {
          // The apology letter two working days before the due time (at the latest one), with a
          // new date two working days after it.
          const when = Math.max(subtractDuration(cal, due, { amount: 2, unit: 'working_days' }), d.updatedAt + 30 * MINUTE);
          if (when < end) {
            yield when;
            const state = stateNamed(d.state.id);
            const role = state.role && state.role !== 'citizen' ? state.role : 'specialist';
            d = await engine.extend(d.id, { actor: { id: `${role}.${d.agency}`, role, agency: d.agency }, reason: TEXT.extension, newDueAt: cal.add(due, 2, 'working_days') });
          }
          extended = true;
        }
        // The time left is shared among the states still to pass through in proportion to their
        // own time limits: the specialist's days, the leader's hours.
        const ahead = pathAhead(stateNamed(d.state.id));
        const share = ahead.length <= 1 ? 1 : weightOf(ahead[0]!) / ahead.reduce((sum, st) => sum + weightOf(st), 0);
        yield ahead.length <= 1 ? end : cal.addWorkingMinutes(d.updatedAt, Math.max(5, Math.round(cal.workingMinutesBetween(d.updatedAt, end) * share)));
        d = await step(d, 'result');
      }
      return;
    }
  }
}
