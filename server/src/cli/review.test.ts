// Procedure changes in a real git repository: two branches editing different elements of one
// procedure merge without conflict, `git diff` shows the semantic diff through the motcua
// driver, and `motcua review` writes the pull-request report. These spawn git and the CLI; the
// repository is made once and the tests run in order on it.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFile, diffText } from '@motcua/dsl';
import { loadWorkspace } from '@motcua/dsl/node';

const root = resolve(import.meta.dirname, '..', '..', '..');
const main = join(root, 'server', 'src', 'cli', 'main.ts');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const FILE = 'procedures/cu_tru/dang_ky_thuong_tru.proc';
const XFUNCNAME = '^[ \\t]*((procedure|fragment|source|agency|form|documents|fee|workflow|state|final|result|scenario|doc|field|group)[ \\t].*)$';

let repo = '';
let initial = '';
let original = '';
const git = (...args: string[]) => execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const motcua = (...args: string[]) => spawnSync(tsx, [main, ...args], { cwd: repo, encoding: 'utf8' });
const read = () => readFileSync(join(repo, FILE), 'utf8');
/** The label the library gives an element (`fee registration "…"`), so tests follow its wording. */
const label = (element: string) => new RegExp(`${element} "([^"]+)"`).exec(original)![1]!;
const write = (text: string) => writeFileSync(join(repo, FILE), text);
const edit = (text: string, ...pairs: Array<[string, string]>) =>
  pairs.reduce((t, [a, b]) => {
    expect(t, `the library procedure should contain ${a}`).toContain(a);
    return t.replace(a, b);
  }, text);
/** Both branches release the changes as version 2 from 2026: identical edits merge cleanly. */
const release: Array<[string, string]> = [
  ['  version 1\n', '  version 2\n'],
  ['  effective 2025-01-10\n', '  effective 2026-01-01\n'],
];

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'motcua-git-'));
  mkdirSync(join(repo, 'procedures', 'cu_tru'), { recursive: true });
  cpSync(join(root, 'procedures', 'common'), join(repo, 'procedures', 'common'), { recursive: true });
  cpSync(join(root, FILE), join(repo, FILE));
  writeFileSync(join(repo, '.gitattributes'), '*.proc diff=motcua\n');
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Người thử');
  git('config', 'user.email', 'thu@example.vn');
  git('add', '.');
  git('commit', '-q', '-m', 'Thư viện thủ tục');
  initial = git('rev-parse', 'HEAD').trim();
  original = read();
});

afterAll(() => {
  if (repo) rmSync(repo, { recursive: true, force: true });
});

// Each test spawns git and the CLI (tsx, and the engine for scenarios): seconds, not milliseconds.
describe('procedures in git', { timeout: 120_000 }, () => {
  it('merges two branches that edit different elements of one procedure, and the result checks clean', () => {
    git('checkout', '-q', '-b', 'online-fee');
    write(edit(original, ...release, ['amount 10_000 VND when channel == online', 'amount 5_000 VND when channel == online'], ['    expect fee 10_000 VND\n', '    expect fee 5_000 VND\n']));
    git('commit', '-q', '-am', 'Giảm lệ phí trực tuyến');

    git('checkout', '-q', 'main');
    git('checkout', '-q', '-b', 'photo');
    write(edit(original, ...release, ['  documents {\n', '  documents {\n    doc photo "Ảnh chân dung 4x6" en "Portrait photo 4x6": optional as electronic format jpg, png max_size 2 MB\n']));
    git('commit', '-q', '-am', 'Thêm ảnh chân dung');

    git('checkout', '-q', 'main');
    git('merge', '-q', '--no-edit', 'online-fee');
    git('merge', '-q', '--no-edit', 'photo'); // throws on a conflict
    const merged = read();
    expect(merged).not.toContain('<<<<<<<');
    expect(merged).toContain('amount 5_000 VND when channel == online');
    expect(merged).toContain('doc photo "Ảnh chân dung 4x6"');

    const ws = loadWorkspace(join(repo, 'procedures'));
    expect(checkFile(ws, 'cu_tru/dang_ky_thuong_tru.proc').filter((d) => d.severity === 'error')).toEqual([]);
    const [d] = diffText(original, merged);
    expect(d!.checks).toEqual([]);
    expect(d!.changes.map((c) => c.path)).toEqual(['procedure dang_ky_thuong_tru', 'procedure dang_ky_thuong_tru', 'doc photo', 'fee registration', 'scenario online_owner_tet']);
  });

  it('shows the semantic diff in `git diff` through the motcua driver, and element names in line-diff hunk headers', () => {
    git('config', 'diff.motcua.command', `${tsx} ${main} diff`);
    git('config', 'diff.motcua.xfuncname', XFUNCNAME);
    const semantic = git('diff', initial, 'main');
    const line = (text: string) => read().split('\n').findIndex((l) => l.includes(text)) + 1;
    expect(semantic).toContain(`${FILE}\nThủ tục dang_ky_thuong_tru\n  @@ procedure dang_ky_thuong_tru @@\n    ~ Phiên bản: 1 → 2  (${FILE}:${line('version 2')})\n`);
    expect(semantic).toContain(`  @@ fee registration @@\n    ~ Lệ phí \`registration\` (${label('fee registration')}) — số tiền khi channel == online: 10.000 ₫ → 5.000 ₫  (${FILE}:${line('amount 5_000 VND')})\n`);
    expect(semantic).toContain('  @@ doc photo @@\n    + Giấy tờ `photo` (Ảnh chân dung 4x6): nhãn tiếng Anh: Portrait photo 4x6; loại bản: bản điện tử; định dạng: jpg, png; dung lượng tối đa: 2 MB; bắt buộc: không');
    expect(semantic).toContain('  Ảnh hưởng: Người nộp khi channel == online trả ít hơn (10.000 ₫ → 5.000 ₫)\n');
    expect(semantic).not.toContain('MC9001');

    // Git cuts a hunk header at 80 characters: the English label may end it early.
    const lines = git('diff', '--no-ext-diff', '-U0', initial, 'main');
    expect(lines).toMatch(/^@@ [^@]+ @@ fee registration "[^"]+".*\n-    amount 10_000 VND when channel == online$/m);
    expect(lines).toMatch(/^@@ [^@]+ @@ procedure dang_ky_thuong_tru \{\n-  version 1$/m);
  });

  it('writes the review report of a branch as Markdown, and fails a behaviour change without a version bump', () => {
    const clean = motcua('review', `${initial}..main`);
    const md = clean.stdout;
    expect(md).toContain(`# Xem xét thay đổi thủ tục\n\nSo sánh \`main\` với \`${initial}\`.`);
    expect(md).toContain('## Tóm tắt\n\n| Thủ tục | Tệp | Thay đổi | Kiểm tra | Kịch bản |');
    expect(md).toContain(`| \`dang_ky_thuong_tru\` Đăng ký thường trú | \`${FILE}\` | đã sửa: 5 thay đổi | ✅ |`);
    expect(md).toContain(`## \`dang_ky_thuong_tru\` — Đăng ký thường trú\n\n\`${FILE}\` · đã sửa · version 1 → 2`);
    expect(md).toContain('### Thay đổi về nội dung\n\n```diff\n@@ procedure dang_ky_thuong_tru @@\n~ Phiên bản: 1 → 2');
    expect(md).toContain('### Ảnh hưởng\n\n');
    expect(md).toContain('- Hồ sơ đang giải quyết giữ phiên bản 1; phiên bản 2 áp dụng cho hồ sơ nộp từ 2026-01-01.');
    expect(md).toContain('### Kiểm tra\n\n✅ Không có lỗi hay cảnh báo.');
    // The scenario section: the engine's results before and after, or a note while it has no runner.
    const scenarios = md.slice(md.lastIndexOf('### Kịch bản'));
    if (scenarios.includes('scenario runner not available')) expect(scenarios).toContain('Chưa chạy được kịch bản (scenario runner not available).');
    else expect(scenarios).toContain('| Kịch bản | Trước | Sau |\n| --- | --- | --- |\n| `online_owner_tet` ');
    expect(clean.status).toBe(scenarios.includes('❌') ? 1 : 0);

    write(edit(read(), ['by specialist sla 5 working days', 'by specialist sla 4 working days']));
    const dirty = motcua('review', 'main', '--lang', 'en');
    expect(dirty.stdout).toContain('Comparing `working tree` with `main`.');
    expect(dirty.stdout).toContain(`~ State \`processing\` (${label('state processing')}) — step SLA: 5 working days → 4 working days`);
    expect(dirty.stdout).toContain('- ❌ error **MC9001**: Procedure `dang_ky_thuong_tru` changes behaviour without a version bump (version 2).');
    expect(dirty.status).toBe(1);
  });
});
