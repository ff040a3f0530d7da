// The CLI as a designer runs it: output format, exit codes, languages.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..', '..');
const main = join(root, 'server', 'src', 'cli', 'main.ts');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const run = (args: string[], cwd = root) => spawnSync(tsx, [main, ...args], { cwd, encoding: 'utf8' });

function workspaceWith(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-cli-'));
  const procs = join(dir, 'procedures');
  cpSync(join(root, 'procedures', 'common'), join(procs, 'common'), { recursive: true });
  mkdirSync(join(procs, 'x'), { recursive: true });
  writeFileSync(join(procs, 'x', name), text);
  return dir;
}

describe('motcua check', () => {
  it('is clean on the procedure library', () => {
    const r = run(['check', 'procedures']);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });

  it('prints path:line:col: severity CODE message and exits 1 on an error', () => {
    const dir = workspaceWith('bad.proc', 'procedure bad {\n  titel "A"\n}\n');
    const r = run(['check', 'procedures/x/bad.proc'], dir);
    expect(r.status).toBe(1);
    const lines = r.stdout.trim().split('\n');
    for (const line of lines) expect(line).toMatch(/^procedures\/x\/bad\.proc:\d+:\d+: (error|warning) MC\d{4} \S/);
    expect(lines).toContain('procedures/x/bad.proc:2:3: error MC1004 Không hiểu `titel` ở đây. Có phải ý bạn là `title`?');
    const en = run(['check', '--lang', 'en', 'procedures/x/bad.proc'], dir);
    expect(en.stdout).toContain('Did you mean `title`?');
  });
});

describe('motcua fmt and compile', () => {
  it('fmt --check lists a file that is not canonical, and fmt fixes it', () => {
    const dir = workspaceWith('messy.proc', 'procedure   messy {   title "A"\n\n\n\n code "1"   }\n');
    const file = join('procedures', 'x', 'messy.proc');
    const check = run(['fmt', '--check', file], dir);
    expect(check.status).toBe(1);
    expect(check.stdout.trim()).toBe(file);
    expect(run(['fmt', file], dir).status).toBe(0);
    expect(run(['fmt', '--check', file], dir).status).toBe(0);
    expect(readFileSync(join(dir, file), 'utf8')).toBe('procedure messy {\n  title "A"\n\n  code "1"\n}\n');
  });

  it('compiles a library procedure to each target', () => {
    const file = 'procedures/cu_tru/dang_ky_thuong_tru.proc';
    const ir = JSON.parse(execFileSync(tsx, [main, 'compile', file, '--target', 'ir'], { cwd: root, encoding: 'utf8' }));
    expect(ir).toMatchObject({ irVersion: 1, id: 'dang_ky_thuong_tru' });
    const machine = JSON.parse(execFileSync(tsx, [main, 'compile', file, '--target', 'xstate'], { cwd: root, encoding: 'utf8' }));
    expect(machine.id).toBe('dang_ky_thuong_tru');
    const schema = JSON.parse(execFileSync(tsx, [main, 'compile', file, '--target', 'jsonschema'], { cwd: root, encoding: 'utf8' }));
    expect(schema.type).toBe('object');
    const card = execFileSync(tsx, [main, 'compile', file, '--target', 'card'], { cwd: root, encoding: 'utf8' });
    expect(card).toContain('## Thành phần hồ sơ');
  });

  it('refuses an unknown target with a usage error (exit 2)', () => {
    const r = run(['compile', 'procedures/cu_tru/dang_ky_thuong_tru.proc', '--target', 'pdf']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--target');
  });
});
