// `motcua check` of many files on every core. Parsing is most of the work and is per file, but
// checking a file needs a few things from the whole workspace: the sources, agencies and
// fragments declared anywhere, every procedure name (a name declared twice is an error) and
// every path. So the files are split into shards, one per thread, and each thread
//   1. parses its own files and sends a summary of each: its sources, agencies and fragments
//      whole, its procedures as their names only;
//   2. gets everyone's summaries, builds a workspace of its own files plus the summaries (in
//      the workspace's file order, which decides which of two declarations is used), and
//      checks the files it owns.
// The diagnostics are the ones a single thread finds (check-shards.test.ts compares them).
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { checkFile, LineMap, normalizePath, parseFile, Workspace, type Declaration, type Diagnostic, type ParsedFile } from '@motcua/dsl';

export type Lang = 'vi' | 'en';

export function formatDiagnostic(d: Diagnostic, display: string, ws: Workspace, lang: Lang): string {
  const file = d.file ? ws.file(d.file) : undefined;
  const pos = file ? file.lines.position(d.span.start) : { line: 1, column: 1 };
  return `${display}:${pos.line}:${pos.column}: ${d.severity} ${d.code} ${d.message[lang]}`;
}

/** What the other threads need to know of a file. */
export interface FileSummary {
  readonly path: string;
  readonly declarations: readonly Declaration[];
}

/** The printed lines and counts of one checked file. */
export interface FileReport {
  readonly path: string;
  readonly lines: readonly string[];
  readonly errors: number;
  readonly warnings: number;
}

/** What a shard is given: the workspace's files in order, and which of them it owns. */
export interface ShardTask {
  readonly root: string;
  /** Every file of the workspace (relative POSIX paths), in the workspace's order. */
  readonly paths: readonly string[];
  /** Indices into `paths` of the files this shard parses. */
  readonly own: readonly number[];
  /** The owned files to check (the others are only parsed, for their declarations). */
  readonly selected: readonly string[];
  readonly cwd: string;
  readonly lang: Lang;
}

export class Shard {
  private readonly parsed = new Map<string, ParsedFile>();

  constructor(private readonly task: ShardTask) {}

  /** Step 1: parse the files this shard owns. */
  parse(): FileSummary[] {
    const { root, paths, own } = this.task;
    const out: FileSummary[] = [];
    for (const i of own) {
      const path = paths[i]!;
      const f = parseFile(normalizePath(path), readFileSync(join(root, path), 'utf8'));
      this.parsed.set(path, f);
      out.push(summarize(f));
    }
    return out;
  }

  /** Step 2: check the selected files, knowing every file's summary. */
  check(summaries: ReadonlyMap<string, FileSummary>): FileReport[] {
    const { root, paths, selected, cwd, lang } = this.task;
    const files = paths.map((path) => this.parsed.get(path) ?? stub(root, summaries.get(path) ?? { path, declarations: [] }));
    const ws = Workspace.fromParsed(files);
    return selected.map((path) => {
      const lines: string[] = [];
      let errors = 0;
      let warnings = 0;
      for (const d of checkFile(ws, path)) {
        const display = relative(cwd, join(root, d.file ?? '')) || (d.file ?? '');
        lines.push(formatDiagnostic(d, display, ws, lang));
        if (d.severity === 'error') errors++;
        else warnings++;
      }
      return { path, lines, errors, warnings };
    });
  }
}

function summarize(f: ParsedFile): FileSummary {
  return {
    path: f.path,
    declarations: f.ast.declarations.map((d) => (d.kind === 'Procedure' ? { kind: 'Procedure', span: d.span, name: d.name, items: [] } : d)),
  };
}

/**
 * A file another shard parsed, as far as checking this shard's files can tell: its
 * declarations, procedures without their bodies. Its lines are read from disk only if a
 * message must point into it (a procedure name declared there too).
 */
function stub(root: string, summary: FileSummary): ParsedFile {
  let lines: LineMap | undefined;
  const lazyLines = { position: (offset: number) => (lines ??= new LineMap(readFileSync(join(root, summary.path), 'utf8'))).position(offset) };
  return {
    path: summary.path,
    text: '',
    ast: { kind: 'File', span: { start: 0, end: 0 }, declarations: summary.declarations, comments: [] },
    syntax: [],
    lines: lazyLines as unknown as LineMap,
  };
}

/**
 * How many threads to check `files` files with: one per idle core, at most 4, when there are
 * enough files to repay starting a thread (a worker loads the language and warms up its own
 * JIT: about 0.3 s of CPU). On a busy machine a thread only adds that cost, so cores already
 * busy (the load average) do not count. MOTCUA_WORKERS=n overrides (1: no threads).
 */
export function threadsFor(files: number): number {
  const forced = Number(process.env['MOTCUA_WORKERS']);
  if (Number.isInteger(forced) && forced >= 1) return Math.min(forced, Math.max(1, files));
  if (files < 300) return 1;
  const idle = Math.floor(availableParallelism() - loadavg()[0]! + 0.5);
  return Math.max(1, Math.min(4, idle, Math.floor(files / 150)));
}

/** Shard `s` of `n` owns every n-th file: the shards get files of every size and folder. */
export function ownedBy(s: number, n: number, count: number): number[] {
  const out: number[] = [];
  for (let i = s; i < count; i += n) out.push(i);
  return out;
}

/**
 * Checks `selected` (files of the workspace at `root`, whose files are `paths` in the
 * workspace's order) on `threads` threads: this one and `threads - 1` workers running
 * `workerUrl` (check-worker.ts, built). Reports come back in the order of `selected`.
 */
export async function checkInThreads(options: {
  readonly root: string;
  readonly paths: readonly string[];
  readonly selected: readonly string[];
  readonly threads: number;
  readonly workerUrl: URL;
  readonly lang: Lang;
}): Promise<FileReport[]> {
  const { root, paths, threads, workerUrl, lang } = options;
  const selected = new Set(options.selected.map(normalizePath));
  const all = paths.map(normalizePath);
  const tasks: ShardTask[] = Array.from({ length: threads }, (_, s) => {
    const own = ownedBy(s, threads, all.length);
    return { root, paths: all, own, selected: own.map((i) => all[i]!).filter((p) => selected.has(p)), cwd: process.cwd(), lang };
  });
  // Workers start first: loading the language takes them a while, during which this thread parses.
  const workers = tasks.slice(1).map((task) => new Inbox(new Worker(workerUrl, { workerData: task })));
  try {
    const here = new Shard(tasks[0]!);
    const summaries = [here.parse(), ...(await Promise.all(workers.map((w) => w.next<FileSummary[]>())))].flat();
    for (const w of workers) w.worker.postMessage(summaries);
    const reports = [here.check(new Map(summaries.map((s) => [s.path, s]))), ...(await Promise.all(workers.map((w) => w.next<FileReport[]>())))].flat();
    const byPath = new Map(reports.map((r) => [r.path, r]));
    return options.selected.map((p) => byPath.get(normalizePath(p)) ?? { path: p, lines: [], errors: 0, warnings: 0 });
  } finally {
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
}

/** A worker's messages, in order; a worker that fails rejects what is awaited of it. */
class Inbox {
  private readonly queue: unknown[] = [];
  private readonly waiting: { resolve(v: unknown): void; reject(e: unknown): void }[] = [];
  private failure: unknown;

  constructor(readonly worker: Worker) {
    worker.on('message', (m: unknown) => {
      const w = this.waiting.shift();
      if (w) w.resolve(m);
      else this.queue.push(m);
    });
    const fail = (e: unknown) => {
      this.failure ??= e;
      for (const w of this.waiting.splice(0)) w.reject(this.failure);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a check thread stopped (exit ${code})`)));
  }

  next<T>(): Promise<T> {
    if (this.queue.length) return Promise.resolve(this.queue.shift() as T);
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => this.waiting.push({ resolve: resolve as (v: unknown) => void, reject }));
  }
}
