// The little of git the CLI needs: changed paths between revisions (or the working tree), and
// whole trees of files at a revision, read in one `git cat-file --batch` process.
import { execFileSync } from 'node:child_process';
import { CliError } from './args.ts';

export const git = (args: readonly string[], input?: string) =>
  execFileSync('git', args, { encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['pipe', 'pipe', 'pipe'], ...(input === undefined ? {} : { input }) });

export function gitTop(): string {
  try {
    return git(['rev-parse', '--show-toplevel']).trim();
  } catch {
    throw new CliError('không ở trong một kho git (not inside a git repository)');
  }
}

export function verifyRevision(rev: string): void {
  try {
    git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  } catch {
    throw new CliError(`không có phiên bản git \`${rev}\` (unknown revision)`);
  }
}

/** `main..feature` or `main` (against the working tree). */
export function parseRange(range: string): { from: string; to?: string } {
  const [from, to] = range.includes('..') ? (range.split('..', 2) as [string, string]) : [range, undefined];
  verifyRevision(from);
  if (to) verifyRevision(to);
  return to ? { from, to } : { from };
}

/**
 * Top-relative paths of files that differ between `from` and `to` (or the working tree,
 * untracked files included). Renames are a removal and an addition: both sides matter.
 */
export function changedPaths(top: string, from: string, to: string | undefined, pathspecs: readonly string[]): string[] {
  const lines = (s: string) => s.split('\n').filter(Boolean);
  const diffed = lines(git(['-C', top, 'diff', '--no-ext-diff', '--no-renames', '--name-only', ...(to ? [from, to] : [from]), '--', ...pathspecs]));
  const untracked = to ? [] : lines(git(['-C', top, 'ls-files', '--others', '--exclude-standard', '--', ...pathspecs]));
  return [...new Set([...diffed, ...untracked])].sort();
}

/** Every file under `dir` (top-relative) at revision `rev`, as [path relative to dir, text]. */
export function filesAt(top: string, rev: string, dir: string, ext = '.proc'): Array<[string, string]> {
  const names = git(['-C', top, 'ls-tree', '-r', '--name-only', rev, '--', dir])
    .split('\n')
    .filter((n) => n.endsWith(ext));
  if (!names.length) return [];
  const out = execFileSync('git', ['-C', top, 'cat-file', '--batch'], { input: names.map((n) => `${rev}:${n}`).join('\n') + '\n', maxBuffer: 256 << 20 });
  const files: Array<[string, string]> = [];
  let at = 0;
  for (const name of names) {
    const eol = out.indexOf(0x0a, at);
    const header = out.subarray(at, eol).toString('utf8');
    const size = Number(header.split(' ')[2]);
    if (header.endsWith('missing') || Number.isNaN(size)) throw new Error(`git cat-file: ${header}`);
    files.push([name.slice(dir.length + 1), out.subarray(eol + 1, eol + 1 + size).toString('utf8')]);
    at = eol + 1 + size + 1;
  }
  return files;
}

/** The text of one file at a revision, or '' when it does not exist there (added or deleted). */
export function showAt(top: string, rev: string, path: string): string {
  try {
    return git(['-C', top, 'show', `${rev}:${path}`]);
  } catch {
    return '';
  }
}
