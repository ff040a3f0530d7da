// The CLI commands but `check` (check.ts), `test` (test.ts) and the operations (ops.ts). Each
// takes parsed Args and returns the process exit code.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  allCodes,
  diffText,
  LineMap,
  renderDiff,
  compileProcedure,
  format,
  parse,
  toCard,
  toJsonSchema,
  toXStateConfig,
  type Workspace,
} from '@motcua/dsl';
import { findProcFiles, loadWorkspace } from '@motcua/dsl/node';
import { CliError, type Args } from './args.ts';
import { changedPaths, gitTop, parseRange, showAt } from './git.ts';
import { review } from './review.ts';
import { formatDiagnostic, rootsFor } from './check-shards.ts';

export { formatDiagnostic };

export interface Command {
  readonly flags: Readonly<Record<string, boolean>>;
  run(args: Args): Promise<number> | number;
}

interface Loaded {
  readonly root: string;
  readonly ws: Workspace;
  /** Workspace-relative paths of the files the user named. */
  readonly selected: readonly string[];
}

/** Group the named paths by workspace root (the enclosing `procedures/`) and load each once. */
function loadFor(paths: readonly string[]): Loaded[] {
  return rootsFor(paths).map(({ root, selected }) => ({ root, ws: loadWorkspace(root), selected }));
}

const fmt: Command = {
  flags: { check: false },
  run({ positional, flags, lang }) {
    const files = findProcFiles(positional.length ? positional : ['procedures']);
    let unformatted = 0;
    let broken = 0;
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      const result = format(text);
      if (result.diagnostics.some((d) => d.severity === 'error')) {
        broken++;
        process.stderr.write(
          lang === 'vi' ? `${path}: có lỗi cú pháp, không định dạng\n` : `${path}: has syntax errors, not formatted\n`,
        );
        continue;
      }
      if (!result.changed) continue;
      unformatted++;
      if (flags['check']) process.stdout.write(`${path}\n`);
      else writeFileSync(path, result.text);
    }
    if (flags['check'] && unformatted > 0) {
      process.stderr.write(
        lang === 'vi' ? `${unformatted} tệp chưa đúng định dạng chuẩn\n` : `${unformatted} files are not canonically formatted\n`,
      );
      return 1;
    }
    return broken > 0 ? 1 : 0;
  },
};

const targets = ['ir', 'xstate', 'jsonschema', 'card'] as const;

const compile: Command = {
  flags: { target: true, procedure: true },
  run({ positional, flags, lang }) {
    const [file] = positional;
    if (!file || positional.length > 1) throw new CliError('cần đúng một tệp (exactly one file): compile <file> --target …');
    const target = flags['target'];
    if (typeof target !== 'string' || !(targets as readonly string[]).includes(target)) {
      throw new CliError(`--target phải là một trong (must be one of) ${targets.join(', ')}`);
    }
    const [{ root, ws, selected }] = loadFor([file]) as [Loaded];
    const path = selected[0]!;
    const procs = ws.procedures().filter((p) => p.file === path);
    const wanted = typeof flags['procedure'] === 'string' ? flags['procedure'] : undefined;
    const chosen = wanted ? procs.find((p) => p.decl.name.text === wanted) : procs[0];
    if (!chosen) throw new CliError(`${file}: không có thủ tục${wanted ? ` ${wanted}` : ''} (no procedure found)`);
    if (!wanted && procs.length > 1) throw new CliError(`${file}: có nhiều thủ tục, chọn bằng --procedure (several procedures; pick one)`);
    const { ir, diagnostics } = compileProcedure(ws, chosen.decl.name.text);
    for (const d of diagnostics) {
      process.stderr.write(formatDiagnostic(d, relative(process.cwd(), join(root, d.file ?? path)), ws, lang) + '\n');
    }
    if (!ir) return 1;
    const out =
      target === 'ir' ? ir : target === 'xstate' ? toXStateConfig(ir) : target === 'jsonschema' ? toJsonSchema(ir) : undefined;
    process.stdout.write(out === undefined ? toCard(ir) : `${JSON.stringify(out, null, 2)}\n`);
    return 0;
  },
};

const codes: Command = {
  flags: {},
  run({ lang }) {
    for (const c of allCodes()) process.stdout.write(`${c.code}\t${c.severity}\t${c.doc[lang]}\n`);
    return 0;
  },
};

function printFileDiff(display: string, oldText: string, newText: string, lang: 'vi' | 'en'): boolean {
  const diffs = diffText(oldText, newText);
  // A file with syntax errors is read as far as the parser recovers: say so, the diff may be partial.
  if (newText && parse(newText).diagnostics.some((d) => d.severity === 'error'))
    process.stdout.write(lang === 'vi' ? `${display}: bản mới có lỗi cú pháp, so sánh có thể thiếu (chạy motcua check)\n` : `${display}: the new version has syntax errors; the diff may be incomplete (run motcua check)\n`);
  const oldLines = new LineMap(oldText);
  const newLines = new LineMap(newText);
  const where = (_: unknown, side: 'old' | 'new', offset: number) => {
    const p = (side === 'old' ? oldLines : newLines).position(offset);
    return `${display}:${p.line}${side === 'old' ? (lang === 'vi' ? ' (bản cũ)' : ' (old)') : ''}`;
  };
  process.stdout.write(`${display}\n${renderDiff(diffs, lang, where)}`);
  return diffs.some((d) => d.checks.some((c) => c.severity === 'error'));
}

const diff: Command = {
  flags: { git: true },
  run({ positional, flags, lang }) {
    // As git's external diff driver: path old-file old-hex old-mode new-file new-hex new-mode.
    if (positional.length === 7) {
      const [path, oldFile, , , newFile] = positional as [string, string, string, string, string];
      const read = (f: string) => (f === '/dev/null' || !existsSync(f) ? '' : readFileSync(f, 'utf8'));
      printFileDiff(path, read(oldFile), read(newFile), lang);
      return 0;
    }
    if (typeof flags['git'] === 'string') {
      const top = gitTop();
      const { from, to } = parseRange(flags['git']);
      const pathspecs = (positional.length ? positional : ['.']).map((p) => relative(top, resolve(p)).split('\\').join('/') || '.');
      let failed = false;
      for (const name of changedPaths(top, from, to, pathspecs).filter((f) => f.endsWith('.proc'))) {
        const newText = to ? showAt(top, to, name) : existsSync(join(top, name)) ? readFileSync(join(top, name), 'utf8') : '';
        failed = printFileDiff(name, showAt(top, from, name), newText, lang) || failed;
      }
      return failed ? 1 : 0;
    }
    const [oldPath, newPath] = positional;
    if (!oldPath || !newPath || positional.length !== 2) throw new CliError('cách dùng (usage): diff <old> <new> | diff --git <rev>[..<rev>] [paths…]');
    return printFileDiff(newPath, readFileSync(oldPath, 'utf8'), readFileSync(newPath, 'utf8'), lang) ? 1 : 0;
  },
};

const reviewCommand: Command = { flags: {}, run: (args) => review(args) };

export const commands: Readonly<Record<string, Command>> = { fmt, compile, codes, diff, review: reviewCommand };
