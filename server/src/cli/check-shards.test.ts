// A check split into shards (one per thread in the built CLI) reports exactly what a check of
// the whole workspace reports, including what needs other shards' files: a procedure name
// declared in two files, a source declared twice, an import of a missing file or fragment.
// The shards run here in one thread, one after the other, through the same two steps.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFile } from '@motcua/dsl';
import { findProcFiles, loadWorkspace } from '@motcua/dsl/node';
import { formatDiagnostic, ownedBy, Shard, type FileSummary, type ShardTask } from './check-shards.ts';

const repo = join(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'motcua-shards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const root = join(dir, 'procedures');
cpSync(join(repo, 'procedures'), root, { recursive: true, filter: (p) => !p.includes('generator') && !p.includes('registries') });

const birth = readFileSync(join(root, 'ho_tich', 'dang_ky_khai_sinh.proc'), 'utf8');
mkdirSync(join(root, 'zz'), { recursive: true });
// The same procedure name in a second file, far from the first in file order.
writeFileSync(join(root, 'zz', 'copy.proc'), birth);
// A source and an agency declared again, an unknown parent, an import of a missing file.
writeFileSync(
  join(root, 'zz', 'extra.proc'),
  'source population "again" {\n  kind national\n}\n\nagency lost {\n  parent nowhere\n}\n',
);
writeFileSync(join(root, 'zz', 'imports.proc'), birth.replace('procedure dang_ky_khai_sinh {', 'procedure imports_missing {\n  use ghost from "common/ghost.proc"\n  use nobody from "common/applicant.proc"'));
writeFileSync(join(root, 'zz', 'broken.proc'), 'procedure broken {\n  code "1\n  form { field a: nonsense }\n');

const paths = findProcFiles([root]).map((f) => relative(root, f).split('\\').join('/'));

function serial(selected: readonly string[]): string[] {
  const ws = loadWorkspace(root);
  return selected.flatMap((p) => checkFile(ws, p).map((d) => formatDiagnostic(d, d.file ?? '', ws, 'en')));
}

function sharded(selected: readonly string[], n: number): string[] {
  const wanted = new Set(selected);
  const tasks: ShardTask[] = Array.from({ length: n }, (_, s) => {
    const own = ownedBy(s, n, paths.length);
    return { root, paths, own, selected: own.map((i) => paths[i]!).filter((p) => wanted.has(p)), cwd: root, lang: 'en' };
  });
  const shards = tasks.map((t) => new Shard(t));
  const summaries: FileSummary[] = shards.flatMap((s) => s.parse());
  // Through structured cloning, as between threads.
  const received = structuredClone(summaries);
  const reports = shards.flatMap((s) => s.check(new Map(received.map((x) => [x.path, x]))));
  const byPath = new Map(reports.map((r) => [r.path, r]));
  return selected.flatMap((p) => byPath.get(p)!.lines);
}

describe('a check split into shards', () => {
  it('finds exactly what one check of the whole workspace finds', () => {
    const expected = serial(paths);
    expect(expected.some((l) => l.includes('MC2009') && l.includes('zz/copy.proc'))).toBe(true);
    expect(expected.some((l) => l.startsWith('zz/imports.proc') && l.includes('MC2010'))).toBe(true);
    expect(expected.some((l) => l.startsWith('zz/broken.proc'))).toBe(true);
    for (const n of [2, 3, 5]) expect(sharded(paths, n), `${n} shards`).toEqual(expected);
  });

  it('checks only the files named, still knowing the others', () => {
    const selected = paths.filter((p) => p.startsWith('ho_tich/') || p.startsWith('zz/'));
    expect(sharded(selected, 2)).toEqual(serial(selected));
  });
});
