import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScenarioDecl } from '../ast.ts';
import { Workspace } from '../workspace.ts';
import { buildReview, renderReview, type ScenarioRunner } from './index.ts';

// The review of a pull request, built from two workspaces (base and head) and a fake scenario
// runner that reports the scenarios each workspace declares, failing the ones it is told to.
const commonDir = join(import.meta.dirname, '..', '..', '..', 'procedures', 'common');
const common = readdirSync(commonDir).map((f) => [`common/${f}`, readFileSync(join(commonDir, f), 'utf8')] as const);
const base = readFileSync(join(import.meta.dirname, '..', 'diff', '__corpus__', 'fee-amount-channel', 'before.proc'), 'utf8');
const PATH = 'xac_nhan/xac_nhan_minh_hoa.proc';
const display = (p: string) => `procedures/${p}`;
const edit = (text: string, ...pairs: Array<[string, string]>) =>
  pairs.reduce((t, [a, b]) => {
    expect(t).toContain(a);
    return t.replace(a, b);
  }, text);
const workspace = (...files: Array<readonly [string, string]>) => Workspace.fromFiles([...common, ...files]);

function fakeRunner(failing: Map<Workspace, Record<string, string>>): ScenarioRunner & { calls: string[] } {
  const calls: string[] = [];
  const run = async (ws: Workspace, id: string) => {
    calls.push(id);
    const proc = ws.procedure(id);
    const scenarios = (proc?.decl.items ?? []).filter((i): i is ScenarioDecl => i.kind === 'Scenario');
    return scenarios.map((s) => {
      const failure = failing.get(ws)?.[s.name.text];
      return { id: s.name.text, label: s.label?.value ?? s.name.text, passed: !failure, ...(failure ? { failure } : {}) };
    });
  };
  return Object.assign(run, { calls });
}

const bumped = edit(
  base,
  ['version 2', 'version 3'],
  ['effective 2025-07-01', 'effective 2026-01-01'],
  ['amount 10_000 VND when channel == online', 'amount 5_000 VND when channel == online'],
  ['    expect fee confirmation = 10_000 VND\n', '    expect fee confirmation = 5_000 VND\n'],
);

describe('the review report', () => {
  it('shows the changed procedure: semantic changes with locations, impact, checks and scenarios before and after', async () => {
    const before = workspace([PATH, base]);
    const after = workspace([PATH, bumped]);
    const runner = fakeRunner(new Map([[before, { online: 'phí 10.000 ₫, mong đợi 5.000 ₫' }]]));
    const review = await buildReview({ base: 'main', head: 'HEAD', before, after, changed: [PATH], display }, runner);
    expect(review.errors).toBe(0);
    expect(review.failingScenarios).toBe(0);
    expect(runner.calls).toEqual(['xac_nhan_minh_hoa', 'xac_nhan_minh_hoa']);

    const md = renderReview(review, 'vi');
    expect(md).toContain('# Xem xét thay đổi thủ tục\n\nSo sánh `HEAD` với `main`.\n\n✅ Không có lỗi; mọi kịch bản đã chạy đều đạt.');
    expect(md).toContain('| `xac_nhan_minh_hoa` Cấp giấy xác nhận (minh họa) | `procedures/xac_nhan/xac_nhan_minh_hoa.proc` | đã sửa: 4 thay đổi | ✅ | ✅ 2/2 (trước 1/2) |');
    expect(md).toContain('## `xac_nhan_minh_hoa` — Cấp giấy xác nhận (minh họa)\n\n`procedures/xac_nhan/xac_nhan_minh_hoa.proc` · đã sửa · version 2 → 3');
    const line = bumped.split('\n').findIndex((l) => l.includes('amount 5_000 VND')) + 1;
    expect(md).toContain(
      `@@ fee confirmation @@\n~ Lệ phí \`confirmation\` (Lệ phí xác nhận) — số tiền khi channel == online: 10.000 ₫ → 5.000 ₫  (procedures/xac_nhan/xac_nhan_minh_hoa.proc:${line})`,
    );
    expect(md).toContain('### Ảnh hưởng\n\n- Người nộp khi channel == online trả ít hơn (10.000 ₫ → 5.000 ₫)\n');
    expect(md).toContain('- Hồ sơ đang giải quyết giữ phiên bản 2; phiên bản 3 áp dụng cho hồ sơ nộp từ 2026-01-01.');
    expect(md).toContain('### Kiểm tra\n\n✅ Không có lỗi hay cảnh báo.');
    expect(md).toContain('| Kịch bản | Trước | Sau |\n| --- | --- | --- |\n| `online` Nộp trực tuyến | ❌ không đạt: phí 10.000 ₫, mong đợi 5.000 ₫ | ✅ đạt |');
  });

  it('fails on review checks and checker errors of the new version, and lists a new procedure', async () => {
    const before = workspace([PATH, base]);
    const unbumped = edit(base, ['cap 50_000 VND', 'cap 40_000 VND'], ['sla 3 working days', 'sla 3 wrking days']);
    const added = edit(base, ['procedure xac_nhan_minh_hoa', 'procedure xac_nhan_moi'], ['code "9.900001"', 'code "9.900002"'], ['  effective 2025-07-01\n', '']);
    const after = workspace([PATH, unbumped], ['xac_nhan/moi.proc', added]);
    const review = await buildReview({ base: 'main', head: 'cây làm việc', before, after, changed: [PATH, 'xac_nhan/moi.proc'], display }, fakeRunner(new Map()));
    const codes = review.procedures.map((p) => [p.id, p.status, p.findings.map((f) => f.code)]);
    expect(codes).toContainEqual(['xac_nhan_moi', 'added', ['MC9002']]);
    const changed = codes.find((c) => c[0] === 'xac_nhan_minh_hoa')!;
    expect(changed[2]).toContain('MC9001');
    expect((changed[2] as string[]).some((c) => c.startsWith('MC1'))).toBe(true); // the misspelt unit
    expect(review.errors).toBe((changed[2] as string[]).length + 1);
    const md = renderReview(review, 'vi');
    expect(md).toContain(`❌ Cần sửa trước khi hợp nhất: ${review.errors} lỗi, 0 kịch bản không đạt.`);
    expect(md).toMatch(/- ❌ error \*\*MC9001\*\*: Thủ tục `xac_nhan_minh_hoa` thay đổi cách giải quyết hồ sơ nhưng không tăng phiên bản/);
    expect(md).toMatch(/- ❌ error \*\*MC1\d{3}\*\* `procedures\/xac_nhan\/xac_nhan_minh_hoa\.proc:\d+:\d+`/);
    expect(md).toContain('| `xac_nhan_moi` Cấp giấy xác nhận (minh họa) | `procedures/xac_nhan/moi.proc` | thủ tục mới |');
    const en = renderReview(review, 'en');
    expect(en).toContain('# Procedure change review');
    expect(en).toContain('error **MC9002**: New procedure `xac_nhan_moi` has no effective date.');
  });

  it('says the scenarios did not run when no runner is available, or when it fails', async () => {
    const before = workspace([PATH, base]);
    const after = workspace([PATH, bumped]);
    const input = { base: 'main', head: 'HEAD', before, after, changed: [PATH], display };
    const none = renderReview(await buildReview(input, undefined), 'vi');
    expect(none).toContain('### Kịch bản\n\nChưa chạy được kịch bản (scenario runner not available).');
    expect(none).toContain('| ✅ | chưa chạy |');
    const broken = renderReview(await buildReview(input, async () => Promise.reject(new Error('engine chưa sẵn sàng'))), 'vi');
    expect(broken).toContain('❌ Không chạy được kịch bản: engine chưa sẵn sàng');
  });

  it('counts a scenario that fails on the new version against the change', async () => {
    const before = workspace([PATH, base]);
    const after = workspace([PATH, bumped]);
    const review = await buildReview({ base: 'main', head: 'HEAD', before, after, changed: [PATH], display }, fakeRunner(new Map([[after, { poor_household: 'phí 20.000 ₫, mong đợi 0 ₫' }]])));
    expect(review.failingScenarios).toBe(1);
    expect(renderReview(review, 'en')).toContain('| `poor_household` Hộ nghèo được miễn lệ phí xác nhận | ✅ passes | ❌ fails: phí 20.000 ₫, mong đợi 0 ₫ |');
  });

  it('reports a changed shared fragment, field by field, and the procedures that use it', async () => {
    const applicant = common.find(([p]) => p === 'common/applicant.proc')![1];
    // The library's fragment may carry English companions (`"Thư điện tử" en "Email"`): kept as they are.
    const email = /(field email "Thư điện tử"(?: en "[^"]*")?): email optional/;
    expect(applicant).toMatch(email);
    const changedApplicant = applicant.replace(email, '$1: email required');
    const before = workspace([PATH, base]);
    const after = Workspace.fromFiles([...common.filter(([p]) => p !== 'common/applicant.proc'), ['common/applicant.proc', changedApplicant], [PATH, base]]);
    const review = await buildReview({ base: 'main', head: 'HEAD', before, after, changed: ['common/applicant.proc'], display }, undefined);
    expect(review.procedures.map((p) => [p.id, p.status, p.via])).toEqual([['xac_nhan_minh_hoa', 'affected', ['procedures/common/applicant.proc']]]);
    const md = renderReview(review, 'vi');
    expect(md).toContain('## Tệp dùng chung\n\n### `procedures/common/applicant.proc` — đã sửa\n\n```diff\n~ Nhóm dùng chung `applicant` đã sửa');
    expect(md).toContain('  ~ Trường `email` (Thư điện tử) — bắt buộc: không → có  (procedures/common/applicant.proc:');
    expect(md).toContain('Tệp thủ tục không đổi; thủ tục dùng `procedures/common/applicant.proc`.');
  });

  it('says so when no procedure file changed, and reads a pure reformat as no semantic change', async () => {
    const ws = workspace([PATH, base]);
    expect(renderReview(await buildReview({ base: 'main', head: 'HEAD', before: ws, after: ws, changed: [], display }, undefined), 'vi')).toContain(
      'Không có tệp thủ tục nào thay đổi.',
    );
    const relaid = workspace([PATH, base.replace('  fee confirmation', '  # Mức thu.\n  fee confirmation')]);
    const md = renderReview(await buildReview({ base: 'main', head: 'HEAD', before: ws, after: relaid, changed: [PATH], display }, undefined), 'vi');
    expect(md).toContain('| đã sửa: không có thay đổi về nội dung |');
    expect(md).toContain('### Thay đổi về nội dung\n\nKhông có thay đổi về nội dung.');
  });
});
