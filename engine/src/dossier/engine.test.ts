// The dossier lifecycle through the engine, on SQLite and (when available) PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLocal, localDateTime } from '../calendar/index.ts';
import { SampleRegistry } from '../sources/sample-registry.ts';
import { BlobStore } from '../storage/blob-store.ts';
import { decodeJson } from '../storage/json-text.ts';
import { openDatabase, type Storage } from '../storage/open-database.ts';
import { listEvents } from '../storage/dossiers.ts';
import { pendingTimers, timerColumns } from '../storage/timers.ts';
import { barrierProcess } from '../testing/barrier-process.ts';
import { compileLibrary } from '../testing/compile.ts';
import { DIALECTS, PG_URL, type Harness } from '../testing/databases.ts';
import { checkDossiers } from './doctor.ts';
import { DossierEngine } from './engine.ts';
import type { EngineError } from './errors.ts';
import type { Actor } from './types.ts';
import { refusalOf } from '../testing/refusal.ts';

const OWNER = '001099012345'; // owns Số 5 Lê Lợi, phường Hồng Gai (procedures/registries/README.md)
const TENANT = '001190006789';
const HOST = '001085004321';
const at = (y: number, mo: number, d: number, h = 0, mi = 0) => localDateTime(y, mo, d, h, mi);
const PDF = new TextEncoder().encode('%PDF-1.4\n%test\n');
const reception: Actor = { id: 'tiep-nhan-1', role: 'reception', agency: 'cong_an_xa' };
const specialist: Actor = { id: 'chuyen-vien-1', role: 'specialist', agency: 'cong_an_xa' };
const leader: Actor = { id: 'truong-cax', role: 'leader', agency: 'cong_an_xa' };
const citizen = (id: string): Actor => ({ id, role: 'citizen' });

const FIXTURE = fileURLToPath(new URL('./run-timers.fixture.ts', import.meta.url));

/** A separate Node process firing timers (run-timers.fixture.ts), held at a start barrier; its result is how many fired. */
const timerProcess = (args: object) => barrierProcess<number>(FIXTURE, args);

/**
 * What `work` runs on SQLite, statement by statement, named by verb and table ("update dossiers"):
 * every statement better-sqlite3 runs while it works (they all share one prototype).
 */
async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  const probe = new BetterSqlite3(':memory:');
  type Run = (this: { source: string }, ...args: unknown[]) => unknown;
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<'run' | 'all' | 'get' | 'iterate', Run>;
  probe.close();
  const seen: string[] = [];
  const originals = { run: proto.run, all: proto.all, get: proto.get, iterate: proto.iterate };
  for (const m of ['run', 'all', 'get', 'iterate'] as const) {
    const original = originals[m];
    proto[m] = function (this: { source: string }, ...args: unknown[]) {
      const verb = /^\s*(\w+)/.exec(this.source)?.[1]?.toLowerCase() ?? '?';
      const table = /\b(?:into|from|update)\s+"?(\w+)"?/i.exec(this.source)?.[1];
      seen.push(table ? `${verb} ${table}` : this.source.trim().toLowerCase());
      return original.apply(this, args);
    };
  }
  try {
    await work();
  } finally {
    for (const m of ['run', 'all', 'get', 'iterate'] as const) proto[m] = originals[m];
  }
  return seen;
}

for (const { dialect, skip, harness: makeHarness } of DIALECTS) {
  describe.skipIf(skip)(`dossier lifecycle on ${dialect}`, () => {
    let harness: Harness;
    let storage: Storage;
    let engine: DossierEngine;
    let now = at(2025, 3, 3, 9);
    let blobDir: string;
    const thuongTru = compileLibrary('dang_ky_thuong_tru');

    beforeAll(async () => {
      harness = makeHarness();
      storage = await openDatabase(harness.freshOptions());
      blobDir = mkdtempSync(join(tmpdir(), 'motcua-blobs-'));
      engine = new DossierEngine({ storage, registry: await SampleRegistry.load(), blobs: new BlobStore(blobDir), now: () => now });
      await engine.publish(thuongTru);
      await engine.publish(compileLibrary('dang_ky_khai_sinh'));
    });
    afterAll(async () => {
      await storage?.close();
      await harness?.cleanup();
      rmSync(blobDir, { recursive: true, force: true });
    });

    /** An online owner's dossier, filled in and submitted, waiting for reception. */
    async function submittedOwnerDossier(): Promise<string> {
      const d = await engine.createDraft({ procedureId: 'dang_ky_thuong_tru', channel: 'online', actor: citizen(OWNER) });
      await engine.updateForm(d.id, { address: 'Số 5 Lê Lợi, phường Hồng Gai', housing: 'owner' }, citizen(OWNER));
      await engine.recordPayment(d.id, { provider: 'test', reference: `pay-${d.id}`, amount: 10_000 });
      await engine.act(d.id, 'submit', { actor: citizen(OWNER) });
      return d.id;
    }

    it('gives dossiers ids that sort in the order they were made (the queue lists the oldest of those without a due time first)', async () => {
      const made: string[] = [];
      for (const [i, minute] of [0, 0, 1, 30].entries()) {
        now = at(2025, 3, 3, 10, minute) + i;
        made.push((await engine.createDraft({ procedureId: 'dang_ky_thuong_tru', channel: 'online', actor: citizen(OWNER) })).id);
      }
      expect([...made].sort()).toEqual(made);
      now = at(2025, 3, 3, 9);
    });

    it('prefills the draft from the population data and keeps locked fields locked', async () => {
      now = at(2025, 3, 3, 9);
      const d = await engine.createDraft({ procedureId: 'dang_ky_thuong_tru', channel: 'online', actor: citizen(OWNER) });
      expect(d.state.id).toBe('draft');
      expect((d.form['applicant'] as Record<string, unknown>)['personal_id']).toBe(OWNER);
      expect(d.prefilled.find((p) => p.path === 'applicant.full_name')).toMatchObject({ source: 'population.full_name', locked: true });
      const e = await refusalOf(engine.updateForm(d.id, { 'applicant.full_name': 'Tên khác' }, citizen(OWNER)));
      expect(e.code).toBe('invalid_input');
      expect(e.details['errors']).toEqual([expect.objectContaining({ path: 'applicant.full_name', code: 'locked' })]);
      const bad = await refusalOf(engine.updateForm(d.id, { housing: 'castle', nonsense: 1 }, citizen(OWNER)));
      expect((bad.details['errors'] as Array<{ path: string }>).map((x) => x.path)).toEqual(['nonsense']);
      const wrongType = await refusalOf(engine.updateForm(d.id, { housing: 'castle' }, citizen(OWNER)));
      expect(wrongType.details['errors']).toEqual([expect.objectContaining({ path: 'housing', code: 'option' })]);
      expect((await engine.view(d.id)).form['housing']).toBeUndefined(); // nothing saved from the bad update
    });

    it('refuses the submission while documents are missing, listing them, and the receipt while the fee is unpaid', async () => {
      const d = await engine.createDraft({ procedureId: 'dang_ky_thuong_tru', channel: 'online', actor: citizen(TENANT) });
      await engine.updateForm(d.id, { address: 'Số 12 Trần Hưng Đạo, phường Hồng Gai', housing: 'tenant', host_id: HOST, owner_consent: true, floor_area: 15 }, citizen(TENANT));
      const e = await refusalOf(engine.act(d.id, 'submit', { actor: citizen(TENANT) }));
      expect(e.code).toBe('guard_failed');
      expect(e.text.vi).toContain('hồ sơ đủ thành phần');
      expect(e.details['missing']).toEqual([
        { id: 'lease', label: 'Văn bản cho thuê, cho mượn, cho ở nhờ chỗ ở hợp pháp', labelEn: 'Written agreement to rent, lend or provide lawful accommodation' },
        { id: 'floor_area_proof', label: 'Giấy tờ, tài liệu chứng minh đủ diện tích nhà ở tối thiểu', labelEn: 'Papers proving the minimum housing area' },
      ]);
      await engine.attachDocument(d.id, 'lease', { name: 'hop-dong.pdf', mime: 'application/pdf', bytes: PDF }, citizen(TENANT));
      await engine.attachDocument(d.id, 'floor_area_proof', { name: 'dien-tich.pdf', mime: 'application/pdf', bytes: PDF }, citizen(TENANT));
      expect((await engine.act(d.id, 'submit', { actor: citizen(TENANT) })).state.id).toBe('submitted');
      // `due before accept`: the reception may not accept an unpaid dossier.
      const unpaid = await refusalOf(engine.act(d.id, 'accept', { actor: reception }));
      expect(unpaid.code).toBe('fee_unpaid');
      expect(unpaid.details).toMatchObject({ due: 10_000, paid: 0 });
      await engine.recordPayment(d.id, { provider: 'test', reference: 'tenant-1', amount: 10_000 });
      expect((await engine.recordPayment(d.id, { provider: 'test', reference: 'tenant-1', amount: 10_000 })).recorded).toBe(false);
      expect((await engine.act(d.id, 'accept', { actor: reception })).state.id).toBe('processing');
    });

    it('hardens uploads: declared type, actual content, size, content-addressed storage', async () => {
      const d = await engine.createDraft({ procedureId: 'dang_ky_thuong_tru', channel: 'online', actor: citizen(TENANT) });
      const fake = await refusalOf(engine.attachDocument(d.id, 'lease', { name: 'x.pdf', mime: 'application/pdf', bytes: new TextEncoder().encode('MZ not a pdf') }, citizen(TENANT)));
      expect(fake.details['status']).toBe(415);
      const exe = await refusalOf(engine.attachDocument(d.id, 'lease', { name: 'x.exe', mime: 'application/octet-stream', bytes: PDF }, citizen(TENANT)));
      expect(exe.details['status']).toBe(415);
      const big = new Uint8Array(5 * 1024 * 1024 + 1);
      big.set(PDF);
      const tooBig = await refusalOf(engine.attachDocument(d.id, 'lease', { name: 'x.pdf', mime: 'application/pdf', bytes: big }, citizen(TENANT)));
      expect(tooBig.details['status']).toBe(413);
      const stored = await engine.attachDocument(d.id, 'lease', { name: '../../etc/passwd.pdf', mime: 'application/pdf', bytes: PDF }, citizen(TENANT));
      expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/);
      const row = await storage.db.selectFrom('documents').selectAll().where('dossier_id', '=', d.id).executeTakeFirstOrThrow();
      expect(row.name).not.toContain('/');
      expect(await engine.blobs.has(stored.sha256)).toBe(true);
    });

    it('issues the receipt with the dossier code and starts the 7-working-day clock', async () => {
      now = at(2025, 1, 24, 10);
      const id = await submittedOwnerDossier();
      const v = await engine.act(id, 'accept', { actor: reception });
      expect(v.code).toMatch(/^000\.21\.30\.H40-250124-\d{4}$/);
      expect(formatLocal(v.dueAt!)).toBe(formatLocal(at(2025, 2, 11, 10)));
      expect(v.state.id).toBe('processing');
      expect(v.stateDueAt).toBe(at(2025, 2, 7, 10)); // specialist SLA: 5 working days, across Tết
      const text = (await engine.explainDue(id)).text.vi;
      expect(text).toContain('7 ngày làm việc');
      expect(text).toMatch(/Tết/);
      const outbox = await storage.db.selectFrom('outbox').selectAll().where('recipient', '=', `citizen:${OWNER}`).execute();
      expect(outbox.map((o) => (decodeJson(o.payload) as { message: string }).message)).toContain('Hồ sơ đã được tiếp nhận.');
    });

    it('asks for a supplement listing exactly what is missing, restarts the clock, and counts it again from the complete dossier', async () => {
      now = at(2025, 4, 21, 9);
      const id = await submittedOwnerDossier();
      await engine.act(id, 'accept', { actor: reception });
      now = at(2025, 4, 23, 9);
      const noList = await refusalOf(engine.act(id, 'ask_supplement', { actor: specialist }));
      expect(noList.details['errors']).toEqual([expect.objectContaining({ path: 'missing', code: 'required' })]);
      const v = await engine.act(id, 'ask_supplement', { actor: specialist, inputs: { missing: ['residence_proof'], note: 'Thiếu giấy tờ chỗ ở' } });
      expect(v.state.id).toBe('supplementing');
      expect(v.clock.status).toBe('not_started');
      const events = await engine.timeline(id);
      expect(decodeJson(events.find((e) => e.type === 'supplement_requested')!.payload)).toEqual({
        missing: [{ id: 'residence_proof', label: 'Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp', labelEn: 'Papers proving lawful residence' }],
        note: 'Thiếu giấy tờ chỗ ở',
      });
      now = at(2025, 4, 25, 14);
      await engine.act(id, 'resubmit', { actor: citizen(OWNER) });
      const again = await engine.act(id, 'accept', { actor: reception });
      expect(formatLocal(again.dueAt!)).toBe('08/05/2025 14:00'); // make-up Saturday 26/4 counts; 30/4–4/5 off
      now = at(2025, 5, 6, 10);
      await engine.act(id, 'propose', { actor: specialist });
      const done = await engine.act(id, 'approve', { actor: leader });
      expect(done.state.id).toBe('done');
      expect(done.outcome).toBe('early');
    });

    it('lets only the role and agency of the state act, and a citizen only on their own dossier', async () => {
      now = at(2025, 3, 3, 9);
      const id = await submittedOwnerDossier();
      expect((await refusalOf(engine.act(id, 'accept', { actor: specialist }))).code).toBe('forbidden');
      expect((await refusalOf(engine.act(id, 'accept', { actor: { id: 'x', role: 'reception', agency: 'ubnd_xa' } }))).code).toBe('forbidden');
      expect((await refusalOf(engine.act(id, 'accept', { actor: citizen(OWNER) }))).code).toBe('forbidden');
      expect((await refusalOf(engine.updateForm(id, { housing: 'tenant' }, citizen(TENANT)))).code).toBe('forbidden');
      expect((await refusalOf(engine.act(id, 'approve', { actor: reception }))).code).toBe('transition_unavailable');
      const refusal = await refusalOf(engine.act(id, 'refuse', { actor: reception }));
      expect(refusal.details['errors']).toEqual([expect.objectContaining({ path: 'reason' })]);
      expect((await engine.act(id, 'refuse', { actor: reception, inputs: { reason: 'Không đủ điều kiện' } })).state.id).toBe('refused');
    });

    it('words its refusals and the due-time explanation with labels and names in both languages, never an id', async () => {
      now = at(2025, 3, 3, 9);
      const id = await submittedOwnerDossier();
      expect((await engine.explainDue(id)).text).toEqual({
        vi: 'Thời hạn 7 ngày làm việc bắt đầu tính khi hồ sơ được tiếp nhận đầy đủ',
        en: 'The time limit of 7 working days starts when the complete dossier is received',
      });
      const role = await refusalOf(engine.act(id, 'accept', { actor: specialist }));
      expect(role.text).toEqual({ vi: 'Bước «Chờ tiếp nhận» do Cán bộ tiếp nhận thực hiện', en: 'The step «Awaiting reception» is for the reception officer' });
      const agencyStep = await refusalOf(engine.act(id, 'accept', { actor: citizen(OWNER) }));
      expect(agencyStep.text).toEqual({ vi: 'Bước «Chờ tiếp nhận» do cơ quan thực hiện', en: 'The step «Awaiting reception» is for the agency' });
      const gone = await refusalOf(engine.act(id, 'approve', { actor: reception }));
      expect(gone.text).toEqual({
        vi: 'Không thực hiện được «Phê duyệt, cập nhật Cơ sở dữ liệu về cư trú»: hồ sơ đang ở bước «Chờ tiếp nhận»',
        en: '«Approve and update the Residence Database» is not possible: the dossier is at the step «Awaiting reception»',
      });
      const unknown = await refusalOf(engine.act(id, 'khong_co', { actor: reception }));
      expect(unknown.text).toEqual({ vi: 'Thủ tục không có thao tác này', en: 'The procedure has no such action' });
      const noReason = await refusalOf(engine.act(id, 'refuse', { actor: reception }));
      expect(noReason.text).toEqual({ vi: 'Chưa đủ thông tin để «Từ chối tiếp nhận»', en: '«Refuse to accept» needs more input' });
      expect(noReason.details['errors']).toEqual([{ path: 'reason', code: 'required', message: { vi: 'Chưa nhập lý do', en: 'Enter the reason' } }]);
      const noList = await refusalOf(engine.act(id, 'ask_supplement', { actor: reception }));
      expect(noList.details['errors']).toEqual([{ path: 'missing', code: 'required', message: { vi: 'Chưa chọn giấy tờ cần bổ sung', en: 'Choose the documents to be supplemented' } }]);
      // A guard that does not hold, said in words in both languages.
      const d = await engine.createDraft({ procedureId: 'dang_ky_thuong_tru', channel: 'online', actor: citizen(TENANT) });
      const guard = await refusalOf(engine.act(d.id, 'submit', { actor: citizen(TENANT) }));
      expect(guard.text).toEqual({
        vi: 'Chưa đủ điều kiện để «Nộp hồ sơ»: tờ khai hợp lệ',
        en: '«Submit the dossier» is not possible yet: the form is not valid',
      });
      // Each failed condition: its source for programs, its words for people, in both languages.
      expect(guard.details['failed']).toEqual([{ condition: 'form.valid', text: { vi: 'tờ khai hợp lệ', en: 'the form is not valid' } }]);
      // The fee still due before the receipt, in đồng in both languages.
      await engine.updateForm(d.id, { address: 'Số 12 Trần Hưng Đạo, phường Hồng Gai', housing: 'tenant', host_id: HOST, owner_consent: true, floor_area: 15 }, citizen(TENANT));
      await engine.attachDocument(d.id, 'lease', { name: 'hop-dong.pdf', mime: 'application/pdf', bytes: PDF }, citizen(TENANT));
      await engine.attachDocument(d.id, 'floor_area_proof', { name: 'dien-tich.pdf', mime: 'application/pdf', bytes: PDF }, citizen(TENANT));
      await engine.act(d.id, 'submit', { actor: citizen(TENANT) });
      const unpaid = await refusalOf(engine.act(d.id, 'accept', { actor: reception }));
      expect(unpaid.text).toEqual({ vi: 'Chưa nộp đủ phí, lệ phí: cần 10.000 ₫, đã nộp 0 ₫', en: 'Fees not paid in full: 10.000 ₫ due, 0 ₫ paid' });
      for (const e of [role, agencyStep, gone, unknown, noReason, guard, unpaid]) {
        expect(`${e.text.vi} ${e.text.en}`).not.toMatch(/\b(approve|khong_co|VND)\b|==|working_day|vai trò [a-z]|the [a-z]+ role/);
      }
    });

    it('answers a repeated action with a conflict (the dossier moved on), not with the next step’s role', async () => {
      now = at(2025, 3, 3, 9);
      const id = await submittedOwnerDossier();
      await engine.act(id, 'accept', { actor: reception });
      // The second click of «accept» finds the dossier with the specialist: the step is gone.
      const again = await refusalOf(engine.act(id, 'accept', { actor: reception }));
      expect(again.code).toBe('transition_unavailable');
      expect(again.details['available']).toEqual(expect.arrayContaining(['propose']));
      // Someone else's dossier is still refused before anything about it is said.
      expect((await refusalOf(engine.act(id, 'accept', { actor: { id: 'x', role: 'reception', agency: 'ubnd_xa' } }))).code).toBe('forbidden');
      expect((await refusalOf(engine.act(id, 'propose', { actor: citizen(TENANT) }))).code).toBe('forbidden');
      // A step that exists here still belongs to its role.
      expect((await refusalOf(engine.act(id, 'propose', { actor: reception }))).code).toBe('forbidden');
    });

    it('answers an action or extension on a dossier the caller may not see as on one that does not exist, before anything else', async () => {
      now = at(2025, 3, 3, 9);
      const id = await submittedOwnerDossier();
      const hidden = () => false;
      const nobody = '00000000-0000-4000-8000-000000000000';
      const missing = await refusalOf(engine.act(nobody, 'accept', { actor: reception }));
      expect(missing.code).toBe('not_found');
      // Not visible: not_found even with a stale revision, a step that is not here, or a role that is not the step's.
      for (const attempt of [
        () => engine.act(id, 'accept', { actor: reception, visibleTo: hidden }),
        () => engine.act(id, 'accept', { actor: reception, expectedRevision: 999, visibleTo: hidden }),
        () => engine.act(id, 'approve', { actor: reception, visibleTo: hidden }),
        () => engine.act(id, 'accept', { actor: specialist, visibleTo: hidden }),
        () => engine.extend(id, { actor: reception, reason: 'x', newDueAt: at(2025, 3, 20), visibleTo: hidden }),
      ]) {
        const e = await refusalOf(attempt());
        expect(e.code).toBe('not_found');
        expect(e.text).toEqual({ vi: missing.text.vi.replace(nobody, id), en: missing.text.en.replace(nobody, id) });
        expect(e.details).toEqual(missing.details);
      }
      // The test is given the dossier's parties; a visible dossier is acted on as before.
      const seen: Array<{ citizenId: string; agency: string }> = [];
      const v = await engine.act(id, 'accept', { actor: reception, visibleTo: (o) => (seen.push(o), true) });
      expect(v.state.id).toBe('processing');
      expect(seen).toEqual([{ citizenId: OWNER, agency: 'cong_an_xa' }]);
    });

    it('lets exactly one of two concurrent actions on a dossier win; the other gets a conflict', async () => {
      now = at(2025, 3, 3, 9);
      const id = await submittedOwnerDossier();
      const results = await Promise.allSettled([
        engine.act(id, 'accept', { actor: reception }),
        engine.act(id, 'refuse', { actor: reception, inputs: { reason: 'trùng' } }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0]!.reason as EngineError).code).toBe('conflict');
      const events = await engine.timeline(id);
      expect(events.filter((e) => e.type === 'transition')).toHaveLength(2); // submit + the winner
    });

    it('gives unique dossier codes to receipts made at the same moment', async () => {
      now = at(2025, 6, 2, 9);
      const ids = [];
      for (let i = 0; i < 8; i++) ids.push(await submittedOwnerDossier());
      const views = await Promise.all(ids.map((id) => engine.act(id, 'accept', { actor: reception })));
      const codes = views.map((v) => v.code);
      expect(new Set(codes).size).toBe(8);
      expect(codes.every((c) => /^000\.21\.30\.H40-250602-\d{4}$/.test(c!))).toBe(true);
    });

    it('extends the due date once, with an apology letter, only until 1 working day before it', async () => {
      now = at(2025, 3, 3, 9);
      const id = await submittedOwnerDossier();
      await engine.act(id, 'accept', { actor: reception }); // due Wed 12/03/2025 09:00
      now = at(2025, 3, 11, 9, 30);
      const late = await refusalOf(engine.extend(id, { actor: specialist, reason: 'Chờ xác minh', newDueAt: at(2025, 3, 14, 9) }));
      expect(late.code).toBe('clock');
      now = at(2025, 3, 10, 16);
      const v = await engine.extend(id, { actor: specialist, reason: 'Chờ xác minh nơi cư trú', newDueAt: at(2025, 3, 14, 9) });
      expect(v.dueAt).toBe(at(2025, 3, 14, 9));
      const noReason = await refusalOf(engine.extend(id, { actor: specialist, reason: ' ', newDueAt: at(2025, 3, 18, 9) }));
      expect(noReason.details['errors']).toEqual([{ path: 'reason', code: 'required', message: { vi: 'Chưa nhập lý do', en: 'Enter the reason' } }]);
      const twice = await refusalOf(engine.extend(id, { actor: specialist, reason: 'Lần hai', newDueAt: at(2025, 3, 18, 9) }));
      expect(twice.text.vi).toContain('một lần');
      const letter = await storage.db.selectFrom('outbox').selectAll().where('kind', '=', 'apology_letter').execute();
      expect(letter.some((l) => (decodeJson(l.payload) as { dossier: string }).dossier === id)).toBe(true);
      expect((await engine.explainDue(id)).text.vi).toContain('thư xin lỗi');
      now = at(2025, 3, 13, 9);
      await engine.act(id, 'propose', { actor: specialist });
      expect((await engine.act(id, 'approve', { actor: leader })).outcome).toBe('late'); // after the original due time
    });

    it('pins a dossier to the version it was created under; a new version applies from its effective date', async () => {
      // Version 2 halves the online fee from 01/06/2025.
      const v1 = thuongTru;
      const v2 = {
        ...v1,
        version: 2,
        effective: { from: '2025-06-01' },
        fees: v1.fees.map((f) => ({ ...f, lines: f.lines.map((l) => (l.condition ? { ...l, amount: { kind: 'lit' as const, type: 'money' as const, value: 5_000 } } : l)) })),
      };
      expect((await engine.publish(v2)).created).toBe(true);
      expect((await engine.publish(v2)).created).toBe(false); // same content: no-op
      expect((await refusalOf(engine.publish({ ...v2, title: 'khác' }))).code).toBe('conflict');
      now = at(2025, 5, 30, 9);
      expect(await engine.versionInEffect('dang_ky_thuong_tru')).toBe(1);
      const old = await engine.createDraft({ procedureId: 'dang_ky_thuong_tru', channel: 'online', actor: citizen(OWNER) });
      await engine.updateForm(old.id, { address: 'Số 5 Lê Lợi, phường Hồng Gai', housing: 'owner' }, citizen(OWNER));
      now = at(2025, 6, 2, 9);
      expect(await engine.versionInEffect('dang_ky_thuong_tru')).toBe(2);
      const fresh = await engine.createDraft({ procedureId: 'dang_ky_thuong_tru', channel: 'online', actor: citizen(OWNER) });
      await engine.updateForm(fresh.id, { address: 'Số 5 Lê Lợi, phường Hồng Gai', housing: 'owner' }, citizen(OWNER));
      expect(fresh.version).toBe(2);
      expect((await engine.view(old.id)).version).toBe(1);
      expect((await engine.assess(old.id)).fees.total).toBe(10_000);
      expect((await engine.assess(fresh.id)).fees.total).toBe(5_000);
    });

    it('logs every registry read for the citizen whose data was read', async () => {
      now = at(2025, 3, 3, 9);
      const d = await engine.createDraft({ procedureId: 'dang_ky_thuong_tru', channel: 'online', actor: citizen(OWNER) });
      const log = await storage.db.selectFrom('access_log').selectAll().where('dossier_id', '=', d.id).execute();
      expect(log.map((l) => [l.citizen_id, l.source, l.actor])).toContainEqual([OWNER, 'population', OWNER]);
      expect(decodeJson(log.find((l) => l.source === 'population')!.fields)).toContain('full_name');
    });

    it("reads no registry for an officer's step that no guard, fee or published result depends on", async () => {
      now = at(2025, 3, 4, 9);
      const id = await submittedOwnerDossier();
      await engine.act(id, 'accept', { actor: reception });
      const reads = async () => (await storage.db.selectFrom('access_log').select('id').where('dossier_id', '=', id).execute()).length;
      const before = await reads();
      const v = await engine.act(id, 'propose', { actor: specialist }); // processing → approval: no guard, no fee, no result
      expect(v.state.id).toBe('approval');
      expect(await reads()).toBe(before);
      // Whenever the rules do run (here: the whole assessment), their reads are logged.
      await engine.assess(id, specialist);
      expect(await reads()).toBeGreaterThan(before);
    });

    it('publishes the birth registration into the results store, and the permanent residence reuses it', async () => {
      // Khai sinh for a newborn of HOST and TENANT; then the child's permanent residence with its
      // father: the relationship proof is waived because the civil-status store now holds it.
      now = at(2025, 7, 7, 9);
      const mother = citizen(TENANT);
      const birth = await engine.createDraft({ procedureId: 'dang_ky_khai_sinh', channel: 'online', actor: mother });
      await engine.updateForm(
        birth.id,
        {
          relation: 'mother',
          'child.full_name': 'Trần Minh Khôi',
          'child.birth_date': '2025-07-01',
          'child.gender': 'nam',
          'child.birth_place': 'Bệnh viện tỉnh',
          'child.ethnicity': 'Kinh',
          'child.nationality': 'Việt Nam',
          // Normally the population database assigns it while the officer records the birth; the
          // language cannot yet say "a value produced during processing", so the test gives it.
          'child.personal_id': '001225009999',
          'mother.personal_id': TENANT,
          father_known: true,
          'father.personal_id': HOST,
          parents_married: true,
          birth_proof: 'birth_certificate',
        },
        mother,
      );
      const checklist = await engine.assess(birth.id);
      for (const doc of checklist.missing) await engine.attachDocument(birth.id, doc.id, { name: `${doc.id}.pdf`, mime: 'application/pdf', bytes: PDF }, mother);
      const ir = compileLibrary('dang_ky_khai_sinh');
      let v = await engine.view(birth.id);
      // Walk the birth registration to its result with whichever officer owns each state.
      for (const t of ['submit', 'accept', 'record', 'sign']) {
        const s = ir.workflow.states.find((x) => x.id === v.state.id)!;
        const actor = s.role === 'citizen' ? mother : { id: `${s.role}-1`, role: s.role!, agency: v.agency };
        v = await engine.act(birth.id, t, { actor });
      }
      expect(ir.workflow.states.find((s) => s.id === v.state.id)!.final).toBe(true);
      const result = await storage.db.selectFrom('results').selectAll().where('dossier_id', '=', birth.id).executeTakeFirstOrThrow();
      const published = (decodeJson(result.data) as { published: Array<{ source: string; field: string; subject: string; value: unknown }> }).published;
      const fatherEntry = published.find((p) => p.source === 'civil_status' && p.field === 'father_id');
      expect(fatherEntry?.value).toBe(HOST);
      const childId = fatherEntry!.subject;
      expect(childId).toBe('001225009999');

      const residence = await engine.createDraft({ procedureId: 'dang_ky_thuong_tru', channel: 'online', actor: citizen(childId) });
      await engine.updateForm(residence.id, { address: 'Số 12 Trần Hưng Đạo, phường Hồng Gai', housing: 'relative', relation: 'parent', host_id: HOST, owner_consent: true }, { id: 'system', role: 'system' });
      const a = await engine.assess(residence.id);
      const proof = a.documents.find((x) => x.id === 'relationship_proof')!;
      expect(proof.need).toBe('waived');
      expect(proof.basis).toContain('Nghị quyết 66.7/2025/NQ-CP');
    });

    it('decides early / on time / late at the result that ends the dossier, not at a result issued on the way', async () => {
      // Liên thông khai sinh – thường trú – BHYT issues three results, one per agency; the birth
      // certificate is early, the health card comes after the due date. Until the card the
      // dossier is pending, and the statistics must not call it decided.
      now = at(2026, 2, 12, 9);
      const ir = compileLibrary('lien_thong_khai_sinh_thuong_tru_bhyt');
      await engine.publish(ir);
      const mother = citizen('001193900009');
      const d = await engine.createDraft({ procedureId: ir.id, channel: 'online', actor: mother });
      await engine.updateForm(
        d.id,
        {
          relation: 'mother',
          'child.full_name': 'Ngô Minh Khôi',
          'child.birth_date': '2026-02-05',
          'child.gender': 'nam',
          'child.personal_id': '001226900011',
          'child.birth_place': 'Bệnh viện Phụ sản Hà Nội',
          'child.ethnicity': 'Kinh',
          'child.nationality': 'Việt Nam',
          'mother.personal_id': '001193900009',
          father_known: true,
          'father.personal_id': '001091900010',
          parents_married: true,
          birth_proof: 'birth_certificate',
          primary_care: 'Trạm y tế phường Cầu Giấy',
        },
        mother,
      );
      for (const doc of (await engine.assess(d.id)).missing) await engine.attachDocument(d.id, doc.id, { name: `${doc.id}.pdf`, mime: 'application/pdf', bytes: PDF }, mother);
      let v = await engine.view(d.id);
      const walk = async (...transitions: string[]) => {
        for (const t of transitions) {
          const s = ir.workflow.states.find((x) => x.id === v.state.id)!;
          v = await engine.act(d.id, t, { actor: s.role === 'citizen' ? mother : { id: `${s.role}-1`, role: s.role!, agency: v.agency } });
        }
      };
      await walk('submit', 'accept', 'record', 'sign');
      expect(v.state.id).toBe('residence_registration');
      const decided = async () =>
        (await storage.db.selectFrom('stats_daily').select(['early', 'on_time', 'late', 'pending']).where('day', '=', '*').where('procedure_id', '=', ir.id).execute()).reduce(
          (s, r) => ({ decided: s.decided + Number(r.early) + Number(r.on_time) + Number(r.late), pending: s.pending + Number(r.pending) }),
          { decided: 0, pending: 0 },
        );
      expect(v.outcome, 'the birth certificate is issued, the dossier is not done').toBeNull();
      expect(v.resultAt).toBeNull();
      expect(await decided()).toEqual({ decided: 0, pending: 1 });
      expect((await engine.timeline(d.id)).filter((e) => e.type === 'result_issued')).toHaveLength(1);
      now = at(2026, 2, 13, 10);
      await walk('register');
      expect(v.outcome).toBeNull();
      now = at(2026, 3, 2, 10); // after the due time, 24/02 09:00
      await walk('issue_card');
      expect(v.state.id).toBe('done');
      expect(v.outcome).toBe('late');
      expect(v.resultAt).toBe(now);
      expect(await decided()).toEqual({ decided: 1, pending: 0 });
      expect((await engine.timeline(d.id)).filter((e) => e.type === 'result_issued')).toHaveLength(3);
    });

    /** The dossier's pending timers as its row holds them, with the soonest instant. */
    async function timersOf(id: string) {
      const row = await storage.db.selectFrom('dossiers').select(['timers', 'next_timer_at', 'revision']).where('id', '=', id).executeTakeFirstOrThrow();
      return { pending: pendingTimers(row.timers), next: row.next_timer_at, revision: row.revision, column: row.timers };
    }
    const timerEvents = async (id: string) => (await engine.timeline(id)).filter((e) => ['due_soon', 'overdue', 'sla_breached'].includes(e.type));
    const timerMessages = async (id: string) =>
      (await storage.db.selectFrom('outbox').select(['kind', 'recipient', 'payload']).where('kind', 'in', ['due_soon', 'overdue', 'sla_breached']).execute())
        .map((o) => ({ kind: o.kind, recipient: o.recipient, payload: decodeJson(o.payload) as { dossier: string; dueAt: number } }))
        .filter((o) => o.payload.dossier === id);

    it('keeps the pending timers in the dossier row, and moves the SLA timer to the new step', async () => {
      now = at(2025, 3, 4, 9);
      const id = await submittedOwnerDossier();
      // Waiting for reception: the SLA of «submitted».
      expect((await timersOf(id)).pending.map((t) => [t.kind, t.state])).toEqual([['sla', 'submitted']]);
      await engine.act(id, 'accept', { actor: reception }); // due 13/03 09:00, warned 12/03; processing: SLA 5 working days → 11/03 09:00
      const accepted = await timersOf(id);
      expect(accepted.pending).toEqual([
        { kind: 'sla', fireAt: at(2025, 3, 11, 9), dueAt: at(2025, 3, 11, 9), state: 'processing' },
        { kind: 'due_soon', fireAt: at(2025, 3, 12, 9), dueAt: at(2025, 3, 13, 9) },
        { kind: 'overdue', fireAt: at(2025, 3, 13, 9), dueAt: at(2025, 3, 13, 9) },
      ]);
      expect(accepted.next).toBe(at(2025, 3, 11, 9));
      now = at(2025, 3, 7, 9);
      await engine.act(id, 'propose', { actor: specialist }); // approval: SLA 1 working day → 10/03 09:00
      const proposed = await timersOf(id);
      expect(proposed.pending).toEqual([
        { kind: 'sla', fireAt: at(2025, 3, 10, 9), dueAt: at(2025, 3, 10, 9), state: 'approval' },
        ...accepted.pending.filter((t) => t.kind !== 'sla'),
      ]);
      expect(proposed.next).toBe(at(2025, 3, 10, 9));
      // The moved timer fires once, for the approval step, when it falls due.
      now = at(2025, 3, 10, 9, 30);
      await engine.runTimers('worker-b', 1000);
      await engine.runTimers('worker-c', 1000);
      const breaches = (await engine.timeline(id)).filter((e) => e.type === 'sla_breached');
      expect(breaches.map((e) => decodeJson(e.payload))).toEqual([{ dueAt: at(2025, 3, 10, 9), state: 'approval' }]);
      // The final step clears them all.
      await engine.act(id, 'approve', { actor: leader });
      expect(await timersOf(id)).toMatchObject({ pending: [], next: null, column: null });
    });

    it('fires a due timer once, with its event and message, and moves next_timer_at to the next one', async () => {
      now = at(2025, 3, 4, 9);
      const id = await submittedOwnerDossier();
      await engine.act(id, 'accept', { actor: reception });
      const before = await timersOf(id);
      now = at(2025, 3, 11, 10); // the SLA (11/03 09:00) is due, the warning (12/03) not yet
      expect(await engine.runTimers('worker-a', 1000)).toBeGreaterThanOrEqual(1);
      const after = await timersOf(id);
      expect(after.pending).toEqual(before.pending.filter((t) => t.kind !== 'sla'));
      expect(after.next).toBe(at(2025, 3, 12, 9));
      expect(after.revision).toBe(before.revision + 1);
      expect((await timerEvents(id)).map((e) => [e.type, e.actor, decodeJson(e.payload)])).toEqual([['sla_breached', 'system', { dueAt: at(2025, 3, 11, 9), state: 'processing' }]]);
      expect(await timerMessages(id)).toEqual([{ kind: 'sla_breached', recipient: 'cong_an_xa:specialist', payload: expect.objectContaining({ dossier: id, dueAt: at(2025, 3, 11, 9) }) }]);
      // Again at the same instant: nothing more is due.
      await engine.runTimers('worker-b', 1000);
      expect(await timersOf(id)).toEqual(after);
      expect(await timerEvents(id)).toHaveLength(1);
      // Past the due time: the warning and the overdue mark, one revision each.
      now = at(2025, 3, 13, 10);
      await engine.runTimers('worker-a', 1000);
      expect((await timerEvents(id)).map((e) => e.type)).toEqual(['sla_breached', 'due_soon', 'overdue']);
      expect((await timerMessages(id)).map((m) => m.kind)).toEqual(['sla_breached', 'due_soon', 'overdue']);
      expect(await timersOf(id)).toMatchObject({ pending: [], next: null, column: null, revision: after.revision + 2 });
    });

    it('fires the other dossiers’ timers when one dossier cannot be fired, and says which and why', async () => {
      now = at(2025, 3, 17, 9);
      await engine.runTimers('worker-a', 1000); // what earlier tests left due
      const broken = await submittedOwnerDossier();
      await engine.act(broken, 'accept', { actor: reception });
      now = at(2025, 3, 17, 9, 5);
      const healthy = await submittedOwnerDossier();
      await engine.act(healthy, 'accept', { actor: reception });
      // A row the engine cannot act on (its timers column damaged), due first.
      const original = await timersOf(broken);
      await storage.db.updateTable('dossiers').set({ timers: '[{"kind":"overdue"}]' as never }).where('id', '=', broken).execute();
      expect((await checkDossiers(storage.db)).findings).toEqual([expect.objectContaining({ dossier: broken, problem: 'timers_unreadable' })]);
      now = at(2025, 3, 27, 10);
      const errors: Array<{ dossier: string; message: string }> = [];
      const fired = await engine.runTimers('worker-a', 1000, (dossier, e) => errors.push({ dossier, message: e instanceof Error ? e.message : String(e) }));
      expect(fired).toBeGreaterThanOrEqual(3);
      expect((await timerEvents(healthy)).map((e) => e.type)).toEqual(['sla_breached', 'due_soon', 'overdue']);
      expect(errors.map((e) => e.dossier)).toEqual([broken]);
      expect(await timerEvents(broken)).toEqual([]);
      // Without someone to tell, the run still fires what it can, then throws.
      const another = await submittedOwnerDossier();
      await engine.act(another, 'accept', { actor: reception });
      now = at(2025, 4, 10, 10);
      await expect(engine.runTimers('worker-a', 1000)).rejects.toThrow();
      expect((await timerEvents(another)).map((e) => e.type)).toEqual(['sla_breached', 'due_soon', 'overdue']);
      // Mended, it fires like the others.
      await storage.db.updateTable('dossiers').set({ timers: original.column, next_timer_at: original.next }).where('id', '=', broken).execute();
      await engine.runTimers('worker-a', 1000);
      expect((await timerEvents(broken)).map((e) => e.type)).toEqual(['sla_breached', 'due_soon', 'overdue']);
    });

    it('has the doctor find pending timers that would let a deadline pass unflagged', async () => {
      now = at(2025, 4, 14, 9);
      await engine.runTimers('worker-a', 1000);
      expect((await checkDossiers(storage.db)).findings).toEqual([]);
      const id = await submittedOwnerDossier();
      await engine.act(id, 'accept', { actor: reception });
      const { column, next } = await timersOf(id);
      const without = (kind: string) => timerColumns(pendingTimers(column).filter((t) => t.kind !== kind));
      await storage.db.updateTable('dossiers').set({ ...without('overdue') }).where('id', '=', id).execute();
      expect((await checkDossiers(storage.db)).findings).toEqual([expect.objectContaining({ dossier: id, problem: 'overdue_timer_missing' })]);
      await storage.db.updateTable('dossiers').set({ timers: column, next_timer_at: next! + 1 }).where('id', '=', id).execute();
      expect((await checkDossiers(storage.db)).findings).toEqual([expect.objectContaining({ dossier: id, problem: 'next_timer_mismatch' })]);
      await storage.db.updateTable('dossiers').set({ timers: column, next_timer_at: next }).where('id', '=', id).execute();
      expect((await checkDossiers(storage.db)).findings).toEqual([]);
      // Fired, the overdue mark is in the log instead: nothing missing.
      now = at(2025, 5, 14, 9);
      await engine.runTimers('worker-a', 1000);
      expect((await timersOf(id)).pending).toEqual([]);
      expect((await checkDossiers(storage.db)).findings).toEqual([]);
    });

    it('fires each timer exactly once when several processes run the timers of one database at once', async () => {
      // Whatever earlier tests left due by then fires first, so that only this test's timers are left.
      now = at(2025, 3, 14, 9);
      await engine.runTimers('before', 1000); // everything due, in one call
      now = at(2025, 3, 4, 9);
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) {
        const id = await submittedOwnerDossier();
        await engine.act(id, 'accept', { actor: reception });
        ids.push(id);
      }
      const accepted = await Promise.all(ids.map(timersOf));
      const planned = accepted.reduce((n, t) => n + t.pending.length, 0);
      expect(planned).toBe(ids.length * 3);
      const target = dialect === 'sqlite' ? { url: storage.location } : { url: PG_URL, schema: storage.location };
      const workers = ['a', 'b', 'c'].map((name) => timerProcess({ ...target, now: at(2025, 3, 14, 9), name }));
      await Promise.all(workers.map((w) => w.ready));
      for (const w of workers) w.go();
      const fired = await Promise.all(workers.map((w) => w.result));
      expect(fired.reduce((a, b) => a + b, 0)).toBe(planned);
      for (const [i, id] of ids.entries()) {
        expect((await timerEvents(id)).map((e) => e.type).sort(), id).toEqual(['due_soon', 'overdue', 'sla_breached']);
        expect((await timerMessages(id)).map((m) => m.kind).sort(), id).toEqual(['due_soon', 'overdue', 'sla_breached']);
        // One revision per timer, each with its event.
        expect(await timersOf(id)).toMatchObject({ pending: [], next: null, revision: accepted[i]!.revision + 3 });
      }
    }, 60_000);

    it('does nothing for a timer of a state the dossier already left, and drops it', async () => {
      now = at(2025, 3, 4, 9);
      const id = await submittedOwnerDossier();
      await engine.act(id, 'accept', { actor: reception });
      const { pending, revision } = await timersOf(id);
      // An SLA timer of «submitted», which the dossier left: written behind the engine's back.
      const stale = { kind: 'sla' as const, fireAt: at(2025, 3, 5, 9), dueAt: at(2025, 3, 5, 9), state: 'submitted' };
      await storage.db.updateTable('dossiers').set(timerColumns([stale, ...pending])).where('id', '=', id).execute();
      now = at(2025, 3, 6, 9);
      await engine.runTimers('worker-a', 1000);
      expect(await timerEvents(id)).toEqual([]);
      expect(await timerMessages(id)).toEqual([]);
      expect(await timersOf(id)).toMatchObject({ pending, next: pending[0]!.fireAt, revision });
    });

    it('numbers every dossier’s events on from its row, as the doctor checks', async () => {
      expect((await checkDossiers(storage.db)).findings).toEqual([]);
      const id = await submittedOwnerDossier();
      await storage.db.updateTable('dossiers').set({ event_seq: 3 }).where('id', '=', id).execute();
      expect((await checkDossiers(storage.db)).findings).toEqual([expect.objectContaining({ dossier: id, problem: 'event_seq_mismatch', detail: expect.stringContaining('event counter 3, last event seq 4') })]);
      await storage.db.updateTable('dossiers').set({ event_seq: 4 }).where('id', '=', id).execute();
      expect((await checkDossiers(storage.db)).findings).toEqual([]);
    });

    it.skipIf(dialect !== 'sqlite')('writes an action in as few statements as it needs: no timer table, no search for the last event', async () => {
      now = at(2025, 3, 4, 9);
      const id = await submittedOwnerDossier();
      const accept = await statementsOf(() => engine.act(id, 'accept', { actor: reception }));
      expect(accept).toEqual([
        'select dossiers',
        'select documents',
        'select payments',
        'begin immediate',
        'insert daily_sequences',
        'insert outbox',
        'update dossiers',
        'insert events',
        'insert stats_daily',
        'commit',
      ]);
      const propose = await statementsOf(() => engine.act(id, 'propose', { actor: specialist }));
      expect(propose).toEqual(['select dossiers', 'begin immediate', 'update dossiers', 'insert events', 'commit']);
      // And the events are numbered on from the row's counter.
      expect((await listEvents(storage.db, id)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(await storage.db.selectFrom('dossiers').select('event_seq').where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ event_seq: 7 });
    });
  });
}
