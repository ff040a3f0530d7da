// A check done in batches and split into shards (one per thread in the built CLI) reports
// exactly what one check of the whole workspace reports, including what needs other files: a
// procedure name declared in two files, a source declared twice, an import of a missing file
// or fragment. Which thread parses which file, in which order, and when it hears of the other
// threads' files depend on their speed: any of these must give the same report. The shards
// run here in one thread, taking turns.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFile } from '@motcua/dsl';
import { findProcFiles, loadWorkspace } from '@motcua/dsl/node';
import { checkInThreads, claimOrder, formatDiagnostic, listOnce, rootsFor, Shard, sharedClaim, type FileSummary, type ShardTask } from './check-shards.ts';

const repo = join(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'motcua-shards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The library with errors that need other files to be found. */
function workspace(name: string, lateSource: boolean): string {
  const root = join(dir, name, 'procedures');
  cpSync(join(repo, 'procedures'), root, { recursive: true, filter: (p) => !p.includes('generator') && !p.includes('registries') });
  const birth = readFileSync(join(root, 'ho_tich', 'dang_ky_khai_sinh.proc'), 'utf8');
  mkdirSync(join(root, 'zz'), { recursive: true });
  // The same procedure name in a second file, far from the first in file order.
  writeFileSync(join(root, 'zz', 'copy.proc'), birth);
  // Imports of a missing file, of a missing fragment, from a file of procedures only, of a
  // misspelt file (the suggestion is any file of the workspace); a file with syntax errors.
  writeFileSync(
    join(root, 'zz', 'imports.proc'),
    birth.replace(
      'procedure dang_ky_khai_sinh {',
      'procedure imports_missing {\n  use ghost from "common/ghost.proc"\n  use nobody from "common/applicant.proc"\n  use nothing from "ho_tich/dang_ky_khai_sinh.proc"\n  use typo from "ho_tich/dang_ky_khai_sinhh.proc"',
    ),
  );
  writeFileSync(join(root, 'zz', 'broken.proc'), 'procedure broken {\n  code "1\n  form { field a: nonsense }\n');
  // A source and an agency declared again, an unknown parent: after every file in file order,
  // so that no batch before knows of them.
  if (lateSource) writeFileSync(join(root, 'zz', 'zz.proc'), 'source population "again" {\n  kind national\n}\n\nagency lost {\n  parent nowhere\n}\n');
  return root;
}

const roots = { late: workspace('late', true), usual: workspace('usual', false) };
const pathsOf = (root: string) => findProcFiles([root]).map((f) => relative(root, f).split('\\').join('/'));

function serial(root: string, selected: readonly string[]): string[] {
  const ws = loadWorkspace(root);
  return selected.flatMap((p) => checkFile(ws, p).map((d) => formatDiagnostic(d, d.file ?? '', ws, 'en')));
}

interface Split {
  /** How many shards. */
  readonly n: number;
  /** The shard that parses file i. */
  readonly owner: (i: number) => number;
  readonly order?: (paths: readonly string[]) => Int32Array;
  readonly batch: number;
  /** How many turns late a shard hears of another's summaries (Infinity: only at the end). */
  readonly delay: number;
}

/** The check of `selected` by shards taking turns, as threads would; and how many files were checked twice. */
function sharded(root: string, selected: readonly string[], split: Split): { lines: string[]; rechecked: number } {
  const paths = pathsOf(root);
  const wanted = new Set(selected);
  const order = (split.order ?? claimOrder)(paths);
  const task: ShardTask = { root, paths, checked: Uint8Array.from(paths, (p) => (wanted.has(p) ? 1 : 0)), order, batch: split.batch, cwd: root, lang: 'en' };
  const shards = Array.from({ length: split.n }, (_, s) => {
    const mine = [...order].filter((i) => split.owner(i) === s);
    let next = 0;
    return new Shard(structuredClone(task), () => mine[next++]);
  });
  // Summaries sent, with the turn they were sent in; through structured cloning, as between threads.
  const sent: { turn: number; from: number; list: FileSummary[] }[] = [];
  const heard = shards.map(() => 0);
  const active = new Set(shards.keys());
  for (let turn = 0; active.size; turn++) {
    for (const s of active) {
      const from = sent.filter((m, k) => k >= heard[s]! && m.from !== s && m.turn + split.delay <= turn);
      for (const m of from) shards[s]!.learn(m.list);
      if (from.length) heard[s] = sent.indexOf(from.at(-1)!) + 1;
      const out = shards[s]!.step((x) => sent.push({ turn, from: s, list: structuredClone([x]) }));
      if (out) sent.push({ turn, from: s, list: structuredClone(out) });
      else active.delete(s);
    }
  }
  for (const [s, shard] of shards.entries()) shard.learn(sent.filter((m) => m.from !== s).flatMap((m) => m.list));
  const reports = shards.flatMap((s) => s.finish());
  const byIndex = new Map(reports.map((r) => [r.index, r]));
  expect(reports.length, 'one report per file checked').toBe(byIndex.size);
  expect(byIndex.size).toBe(wanted.size);
  return { lines: selected.flatMap((p) => byIndex.get(paths.indexOf(p))?.lines ?? []), rechecked: shards.reduce((n, s) => n + s.rechecked, 0) };
}

/** A reproducible random split. */
const randomOwner = (n: number, seed: number) => {
  const owner = new Map<number, number>();
  return (i: number) => {
    if (!owner.has(i)) owner.set(i, (seed = (seed * 1103515245 + 12345 + i) % 2147483648) % n);
    return owner.get(i)!;
  };
};
const inFileOrder = (paths: readonly string[]) => Int32Array.from(paths.keys());
const reversed = (paths: readonly string[]) => Int32Array.from(paths.keys()).reverse();

describe('a check in batches, split into shards', () => {
  for (const [name, root] of Object.entries(roots)) {
    const paths = pathsOf(root);
    const expected = serial(root, paths);

    it(`finds exactly what one check of the whole workspace finds, however the files are split (${name})`, () => {
      expect(expected.some((l) => l.includes('MC2009') && l.includes('zz/copy.proc'))).toBe(true);
      expect(expected.some((l) => l.startsWith('zz/imports.proc') && l.includes('MC2010'))).toBe(true);
      expect(expected.some((l) => l.startsWith('zz/imports.proc') && l.includes('MC2011') && l.includes('ho_tich/dang_ky_khai_sinh.proc'))).toBe(true);
      expect(expected.some((l) => l.startsWith('zz/imports.proc') && l.includes('MC2010') && l.includes('Did you mean `ho_tich/dang_ky_khai_sinh.proc`'))).toBe(true);
      expect(expected.some((l) => l.startsWith('zz/broken.proc'))).toBe(true);
      expect(expected.some((l) => l.startsWith('zz/zz.proc'))).toBe(name === 'late');
      for (const batch of [1, 3, 16, 1000]) {
        for (const order of [claimOrder, inFileOrder, reversed]) {
          expect(sharded(root, paths, { n: 1, owner: () => 0, order, batch, delay: 0 }).lines, `one shard, batches of ${batch}, ${order.name}`).toEqual(expected);
        }
      }
      for (const n of [2, 3]) {
        for (const delay of [0, 2, Infinity]) {
          const label = `${n} shards, hearing ${delay} turns late`;
          expect(sharded(root, paths, { n, owner: (i) => i % n, batch: 2, delay }).lines, `${label}, every ${n}th file`).toEqual(expected);
          expect(sharded(root, paths, { n, owner: randomOwner(n, 7 * n + Math.min(delay, 99)), batch: 3, delay, order: reversed }).lines, `${label}, at random, reversed`).toEqual(expected);
        }
      }
      // A thread that starts after the others took every file.
      expect(sharded(root, paths, { n: 2, owner: () => 0, batch: 4, delay: 0 }).lines, 'one shard parses nothing').toEqual(expected);
    });

    it(`checks only the files named, still knowing the others (${name})`, () => {
      const selected = paths.filter((p) => p.startsWith('ho_tich/') || p.startsWith('zz/'));
      expect(sharded(root, selected, { n: 2, owner: (i) => i % 2, batch: 2, delay: 1 }).lines).toEqual(serial(root, selected));
      expect(sharded(root, selected, { n: 3, owner: randomOwner(3, 4), batch: 5, delay: 0 }).lines).toEqual(serial(root, selected));
    });
  }

  it('checks a file twice only when a file its batch did not hold may change what it finds', () => {
    const paths = pathsOf(roots.usual);
    // Checked again in the whole workspace: the two files declaring the same procedure (unless
    // in one batch), and the file importing a missing file (it looked for a file its batch did
    // not hold). Sources, agencies and fragments are in common/, taken first: nothing else.
    const again = ['ho_tich/dang_ky_khai_sinh.proc', 'zz/copy.proc', 'zz/imports.proc'];
    expect(again.every((p) => paths.includes(p))).toBe(true);
    expect(sharded(roots.usual, paths, { n: 1, owner: () => 0, batch: 3, delay: 0 }).rechecked).toBe(3);
    expect(sharded(roots.usual, paths, { n: 1, owner: () => 0, batch: 1000, delay: 0 }).rechecked).toBe(1);
    // On two shards, each may check its first batch before the other's part of common/: at
    // most those more.
    expect(sharded(roots.usual, paths, { n: 2, owner: (i) => i % 2, batch: 3, delay: 0 }).rechecked).toBeLessThanOrEqual(3 + 2 * 3);
    // Taken in file order, the files before the last one declaring a source, an agency or a
    // fragment did not know it.
    const declaring = paths.filter((p) => /^(source|agency|fragment) /m.test(readFileSync(join(roots.usual, p), 'utf8')));
    expect(declaring.every((p) => p.startsWith('common/'))).toBe(true);
    const before = paths.indexOf(declaring.at(-1)!);
    expect(paths.findIndex((p) => p.startsWith('common/'))).toBeGreaterThan(0);
    expect(sharded(roots.usual, paths, { n: 1, owner: () => 0, order: inFileOrder, batch: 1, delay: 0 }).rechecked).toBe(before + 3);
    // A source declared after every other file: every batch before it is checked again.
    expect(sharded(roots.late, pathsOf(roots.late), { n: 1, owner: () => 0, batch: 1, delay: 0 }).rechecked).toBe(pathsOf(roots.late).length - 1);
  });

  it('on this thread alone, reports in the order the files were named', async () => {
    const root = roots.late;
    const paths = pathsOf(root);
    const selected = ['zz/imports.proc', ...paths.filter((p) => p !== 'zz/imports.proc')];
    const reports = await checkInThreads({ root, all: paths, selected, workers: [], lang: 'en' });
    expect(reports.map((r) => r.index)).toEqual(selected.map((p) => paths.indexOf(p)));
    const lines = reports.flatMap((r) => r.lines.map((l) => relative(root, l.slice(0, l.indexOf(':'))) + l.slice(l.indexOf(':'))));
    expect(lines).toEqual(serial(root, selected));
  });
});

describe('sharedClaim', () => {
  it('hands out every file once, in the order given, then nothing', () => {
    const counter = new Int32Array(new SharedArrayBuffer(4));
    const order = [3, 0, 4, 1, 2];
    const a = sharedClaim(counter, order);
    const b = sharedClaim(counter, order);
    expect([a(), b(), b(), a(), a(), b(), a()]).toEqual([3, 0, 4, 1, 2, undefined, undefined]);
  });

  it('takes common/ first', () => {
    expect([...claimOrder(['a/x.proc', 'common/s.proc', 'b/y.proc', 'common/t.proc'])]).toEqual([1, 3, 0, 2]);
  });
});

describe('rootsFor', () => {
  it('groups the named paths by workspace, listing a folder named twice once', () => {
    const root = roots.late;
    const paths = pathsOf(root);
    const list = listOnce();
    const groups = rootsFor([root, join(root, 'zz'), join(root, 'zz', 'copy.proc'), root], list);
    expect(groups).toEqual([{ root, selected: paths }]);
    expect(list(root)).toBe(list(root));
    expect(rootsFor([join(root, 'zz'), join(root, 'ho_tich')], list)).toEqual([{ root, selected: [...paths.filter((p) => p.startsWith('zz/')), ...paths.filter((p) => p.startsWith('ho_tich/'))] }]);
  });
});
