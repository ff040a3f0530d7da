// `pnpm motcua` runs server/bin/motcua.mjs, which runs the esbuild bundle of the CLI
// (server/build-cli.mjs). The other CLI tests run the TypeScript source; these run every kind
// of command through the launcher and the bundle, which must find what the source finds:
// procedures, the engine (scenarios), the native SQLite driver, the repository's sample data.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@motcua/engine';

const root = join(import.meta.dirname, '..', '..', '..');
const launcher = join(root, 'server', 'bin', 'motcua.mjs');
const built = join(root, 'server', 'dist', 'cli', 'motcua.mjs');
const dir = mkdtempSync(join(tmpdir(), 'motcua-built-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The launcher, made to use the build (rebuilding it if a source file changed). */
const motcua = (...args: string[]) => motcuaWith({}, ...args);
const motcuaWith = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, [launcher, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, MOTCUA_CLI: 'built', MOTCUA_LANG: 'en', ...env } });

describe('the built motcua command', () => {
  beforeAll(() => {
    // Builds (or confirms) the bundle once, so that each test below times only its command.
    const r = motcua('help');
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(built)).toBe(true);
  }, 120_000);

  it('checks, formats, compiles and diffs procedures', () => {
    const check = motcua('check', 'procedures/ho_tich');
    expect(check.status, check.stderr).toBe(0);
    expect(check.stderr).toMatch(/0 errors, 0 warnings in \d+ files/);

    const broken = join(dir, 'procedures', 'x', 'broken.proc');
    mkdirSync(join(dir, 'procedures', 'x'), { recursive: true });
    writeFileSync(broken, 'procedure broken {\n  code "1"\n  form { field a: nonsense }\n');
    const bad = motcua('check', broken);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/broken\.proc:\d+:\d+: error MC/);

    expect(motcua('fmt', '--check', 'procedures/ho_tich').status).toBe(0);

    const ir = motcua('compile', 'procedures/ho_tich/dang_ky_khai_sinh.proc', '--target', 'ir');
    expect(ir.status, ir.stderr).toBe(0);
    expect(JSON.parse(ir.stdout)).toMatchObject({ irVersion: 1, id: 'dang_ky_khai_sinh' });
    expect(motcua('compile', 'procedures/ho_tich/dang_ky_khai_sinh.proc', '--target', 'card').stdout).toMatch(/^# /);

    const same = 'procedures/ho_tich/dang_ky_khai_sinh.proc';
    expect(motcua('diff', same, same).status).toBe(0);
  });

  it('checks on several threads with the same output as on one', () => {
    const procedures = join(dir, 'threads', 'procedures');
    cpSync(join(root, 'procedures'), procedures, { recursive: true, filter: (p) => !p.includes('generator') && !p.includes('registries') });
    // A procedure name declared twice: each thread must know the other's files.
    writeFileSync(join(procedures, 'copy.proc'), readFileSync(join(procedures, 'ho_tich', 'dang_ky_khai_sinh.proc'), 'utf8'));
    const one = motcuaWith({ MOTCUA_WORKERS: '1' }, 'check', procedures);
    const two = motcuaWith({ MOTCUA_WORKERS: '2' }, 'check', procedures);
    expect(one.status).toBe(1);
    expect(one.stdout).toMatch(/copy\.proc:\d+:\d+: error MC2009/);
    expect({ status: two.status, stdout: two.stdout, stderr: two.stderr }).toEqual({ status: one.status, stdout: one.stdout, stderr: one.stderr });
  });

  it('loads for `check` neither the engine nor the SQLite driver (each command has its own chunks)', () => {
    // Every module file node loads, logged by a loader hook (in the worker threads too).
    const log = join(dir, 'loaded.txt');
    writeFileSync(join(dir, 'hooks.mjs'), "import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) {\n  if (url.startsWith('file:')) appendFileSync(process.env.LOAD_LOG, url + '\\n');\n  return next(url, context);\n}\n");
    writeFileSync(join(dir, 'register.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
    const loaded = (...args: string[]) => {
      writeFileSync(log, '');
      const r = spawnSync(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, built, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, LOAD_LOG: log, MOTCUA_WORKERS: '2', MOTCUA_LANG: 'en' } });
      expect(r.status, r.stderr).toBe(0);
      return [...new Set(readFileSync(log, 'utf8').trim().split('\n'))].filter((u) => u.includes('/dist/cli/')).map((u) => readFileSync(fileURLToPath(u), 'utf8'));
    };
    const engine = (code: string) => code.includes('"better-sqlite3"');
    const checked = loaded('check', 'procedures/ho_tich');
    expect(checked.length).toBeGreaterThan(1);
    expect(checked.filter(engine).length).toBe(0);
    // A command that needs the engine loads it, and the test above finds it.
    expect(loaded('test', 'procedures/ho_tich/dang_ky_khai_sinh.proc').filter(engine).length).toBe(1);
  });

  it('runs scenarios against the engine', () => {
    const r = motcua('test', 'procedures/ho_tich');
    expect(r.status, r.stderr).toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/\d+ passed, 0 failed/);
  });

  it('backs up, restores and checks an SQLite database (native driver found from the bundle)', async () => {
    const db = join(dir, 'motcua.sqlite');
    const storage = await openDatabase({ url: db });
    await storage.close();
    const backup = motcua('backup', join(dir, 'backup.sqlite'), db);
    expect(backup.status, backup.stderr).toBe(0);
    const restore = motcua('restore', join(dir, 'backup.sqlite'), join(dir, 'restored.sqlite'));
    expect(restore.status, restore.stderr).toBe(0);
    const doctor = motcua('doctor', join(dir, 'restored.sqlite'));
    expect(doctor.status, doctor.stderr).toBe(0);
    expect(doctor.stdout).toMatch(/Checked 0 dossiers: 0 differences/);
  });

  it('rebuilds when a source file is newer than the build', () => {
    const inputs = JSON.parse(readFileSync(join(root, 'server', 'dist', 'cli', 'inputs.json'), 'utf8')) as { builtAt: number; inputs: string[] };
    expect(inputs.inputs).toContain('dsl/src/syntax/parser.ts');
    // Pretend the build is older than it is, rather than touching a source file.
    const stale = { ...inputs, builtAt: 0 };
    writeFileSync(join(root, 'server', 'dist', 'cli', 'inputs.json'), JSON.stringify(stale));
    const r = motcua('codes');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'server', 'dist', 'cli', 'inputs.json'), 'utf8')).builtAt).toBeGreaterThan(0);
  }, 120_000);
});
