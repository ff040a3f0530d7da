// `motcua check [paths…]`: every diagnostic of the named files (default: procedures/), as
// `path:line:col: severity CODE message`, then "N errors, M warnings in K files" on stderr;
// exit 1 on any error. The whole workspace of each file (its `procedures/` folder) is read,
// for its imports, sources and agencies, but only the named files are checked.
//
// A workspace of many files is parsed and checked on every idle core (check-shards.ts). The
// worker threads are started first, before this thread loads the language: they load it at
// the same time, and are told their task once the files are listed.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Args } from './args.ts';
import type { Command } from './commands.ts';
import { canStartWorkers, MIN_FILES_PER_THREAD, startWorkers, threadsFor, type Thread } from './check-threads.ts';

/**
 * How many `.proc` files are under `paths`, counting no further than `limit`: enough to decide
 * on threads before the language is loaded (the files are listed again, exactly, with it).
 */
function countUpTo(paths: readonly string[], limit: number): number {
  let count = 0;
  const visit = (path: string, isDir: boolean) => {
    if (!isDir) {
      if (path.endsWith('.proc')) count++;
      return;
    }
    for (const e of readdirSync(path, { withFileTypes: true })) {
      if (count >= limit) return;
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      visit(join(path, e.name), e.isDirectory() || (e.isSymbolicLink() && statSync(join(path, e.name)).isDirectory()));
    }
  };
  for (const p of paths) {
    try {
      visit(p, statSync(p).isDirectory());
    } catch {
      // a missing path is reported with the others, after the language is loaded
    }
  }
  return count;
}

export const check: Command = {
  flags: {},
  async run({ positional, lang }: Args) {
    const paths = positional.length ? positional : ['procedures'];
    // The threads start first when the files named are enough for them (the whole workspace
    // is parsed, so a few more may be started once it is listed).
    const guess = canStartWorkers() ? threadsFor(countUpTo(paths, 4 * MIN_FILES_PER_THREAD)) : 1;
    const started: Thread[] = guess > 1 ? startWorkers(guess - 1) : [];
    try {
      const { checkInThreads, listOnce, rootsFor } = await import('./check-shards.ts');
      const list = listOnce();
      let errors = 0;
      let warnings = 0;
      let fileCount = 0;
      for (const { root, selected } of rootsFor(paths, list)) {
        fileCount += selected.length;
        const all = list(root).map((f) => relative(root, f).split('\\').join('/'));
        // The whole workspace is parsed: its size decides. Threads started and not needed stop.
        const threads = threadsFor(all.length);
        const workers = started.splice(0, threads - 1);
        for (const w of started.splice(0)) void w.stop();
        if (workers.length < threads - 1 && canStartWorkers()) workers.push(...startWorkers(threads - 1 - workers.length));
        let out = '';
        try {
          for (const r of await checkInThreads({ root, all, selected, workers, lang })) {
            for (const line of r.lines) out += `${line}\n`;
            errors += r.errors;
            warnings += r.warnings;
          }
        } finally {
          await Promise.all(workers.map((w) => w.stop()));
        }
        process.stdout.write(out);
      }
      process.stderr.write(
        lang === 'vi'
          ? `${errors} lỗi, ${warnings} cảnh báo trong ${fileCount} tệp\n`
          : `${errors} errors, ${warnings} warnings in ${fileCount} files\n`,
      );
      return errors > 0 ? 1 : 0;
    } finally {
      await Promise.all(started.map((w) => w.stop()));
    }
  },
};
