// `motcua check` of many files, in little memory and on every idle core. Parsing is most of
// the work and is per file, but checking a file may need other files: the sources, agencies
// and fragments declared anywhere, the files it imports, the other files declaring its
// procedures' names (a name declared twice is an error), the list of paths (to suggest one for
// a missing import). Holding every file's syntax tree until all are parsed grows the process
// to 450 MB for 2,000 files (220 MB without them), and the garbage collector's full
// collections with it; instead the files are parsed and checked a batch at a time, then dropped:
//   1. this thread parses and checks the files of `common/` first, where sources, agencies
//      and fragments usually are, and gives their summaries to the workers (check-worker.ts);
//      then each thread takes the next files from a counter the threads share (a thread that
//      starts late or runs slower parses fewer);
//   2. it parses a batch and checks it in a workspace of the batch and of the files it knows
//      declare more than procedures (their summaries: declarations, procedures as their names
//      only), parsed by it or sent by another thread as soon as parsed;
//   3. once every file's summary is known, a file's check stands if its batch's workspace held
//      every file declaring a source, an agency or a fragment and every file declaring a
//      procedure of the same name as its own, and it looked up no file the workspace did not
//      hold (an import): nothing else of another file can change what the check finds. The
//      others (few: a missing import, a procedure declared twice, a source declared after the
//      files using it) are parsed and checked again in the whole workspace.
// The diagnostics are the ones a single check of the whole workspace finds
// (check-shards.test.ts compares them, for many ways of splitting and ordering the files).
import { readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { checkFile, LineMap, normalizePath, parseFile, Workspace, type Declaration, type Diagnostic, type ParsedFile } from '@motcua/dsl';
import { findProcFiles, workspaceRoot } from '@motcua/dsl/node';
import { CliError } from './args.ts';
import type { Lang, Thread } from './check-threads.ts';

export { threadsFor } from './check-threads.ts';

export function formatDiagnostic(d: Diagnostic, display: string, ws: Workspace, lang: Lang): string {
  const file = d.file ? ws.file(d.file) : undefined;
  const pos = file ? file.lines.position(d.span.start) : { line: 1, column: 1 };
  return `${display}:${pos.line}:${pos.column}: ${d.severity} ${d.code} ${d.message[lang]}`;
}

/**
 * The named paths grouped by workspace root (the enclosing `procedures/`): the `.proc` files
 * named, relative to their root. `list` lists the `.proc` files under an absolute path.
 */
export function rootsFor(paths: readonly string[], list: (path: string) => readonly string[] = (p) => findProcFiles([p])): { root: string; selected: string[] }[] {
  const byRoot = new Map<string, string[]>();
  for (const p of paths) {
    try {
      statSync(p);
    } catch {
      throw new CliError(`không tìm thấy ${p} (no such file or directory)`);
    }
    const root = workspaceRoot(p);
    const files = list(resolve(p)).map((f) => relative(root, f).split('\\').join('/'));
    byRoot.set(root, [...(byRoot.get(root) ?? []), ...files]);
  }
  return [...byRoot].map(([root, selected]) => ({ root, selected: [...new Set(selected)] }));
}

/** `findProcFiles` of one absolute path, remembered: a folder named is often the workspace root too. */
export function listOnce(): (path: string) => readonly string[] {
  const listed = new Map<string, readonly string[]>();
  return (path) => {
    let files = listed.get(path);
    if (!files) listed.set(path, (files = findProcFiles([path])));
    return files;
  };
}

/** What the other threads need to know of a file: `paths[index]`'s declarations. */
export interface FileSummary {
  readonly index: number;
  readonly declarations: readonly Declaration[];
}

/** The printed lines and counts of one checked file, `paths[index]`. */
export interface FileReport {
  readonly index: number;
  readonly lines: readonly string[];
  readonly errors: number;
  readonly warnings: number;
}

/** What every thread of one check is given. */
export interface ShardTask {
  readonly root: string;
  /** Every file of the workspace (normalized relative POSIX paths), in the workspace's order. */
  readonly paths: readonly string[];
  /** Per file of `paths`, 1 if it is to be checked (the others are only parsed, for their declarations). */
  readonly checked: Uint8Array;
  /** The order in which the files are taken: indices into `paths`. */
  readonly order: Int32Array;
  /** How many files are parsed and checked together, at most (their trees are held until checked). */
  readonly batch: number;
  readonly cwd: string;
  readonly lang: Lang;
}

/** Files parsed and checked together. */
export const BATCH = 32;

const isCommon = (p: string) => p.startsWith('common/');

/** The order in which to take the files: those of `common/` first, then the others in order. */
export function claimOrder(paths: readonly string[]): Int32Array {
  const order = paths.flatMap((p, i) => (isCommon(p) ? [i] : []));
  for (let i = 0; i < paths.length; i++) if (!isCommon(paths[i]!)) order.push(i);
  return Int32Array.from(order);
}

/** Hands out the index of the next file to parse, or undefined when none is left. */
export type Claim = () => number | undefined;

/** Claims `order`'s files through a counter shared by the threads (an Int32Array over a SharedArrayBuffer). */
export function sharedClaim(counter: Int32Array, order: ArrayLike<number>): Claim {
  return () => {
    const k = Atomics.add(counter, 0, 1);
    return k < order.length ? order[k] : undefined;
  };
}

const declaresMoreThanProcedures = (declarations: readonly Declaration[]) => declarations.some((d) => d.kind !== 'Procedure');

export class Shard {
  /** Each file's declarations, once known (parsed here, or sent by another thread). */
  private readonly known: (readonly Declaration[] | undefined)[];
  /** The files known to declare more than procedures, as a batch's workspace holds them, and the first batch that held each. */
  private readonly others = new Map<number, { readonly stub: ParsedFile; readonly from: number }>();
  /** The batch in which each file parsed here was checked (-1: not parsed here). */
  private readonly batchOf: Int32Array;
  private batches = 0;
  private readonly reports = new Map<number, FileReport>();
  /** The files whose check looked for a file its batch's workspace did not hold. */
  private readonly missed = new Set<number>();
  /** How many files `finish` had to check again. */
  rechecked = 0;

  constructor(
    private readonly task: ShardTask,
    private readonly claim: Claim,
  ) {
    this.known = new Array<undefined>(task.paths.length);
    this.batchOf = new Int32Array(task.paths.length).fill(-1);
  }

  /** What another thread found: the next batches are checked knowing it. */
  learn(summaries: Iterable<FileSummary>): void {
    for (const s of summaries) {
      if (this.known[s.index]) continue;
      this.known[s.index] = s.declarations;
      if (declaresMoreThanProcedures(s.declarations)) {
        this.others.set(s.index, { stub: stub(this.task.root, this.task.paths[s.index]!, s.declarations), from: this.batches });
      }
    }
  }

  /**
   * Parses and checks the next batch (of `size` files). Returns the summaries of its files (but
   * those passed to `announce` as soon as parsed: the ones declaring more than procedures), or
   * undefined when no file is left.
   */
  step(announce?: (s: FileSummary) => void, size = this.task.batch): FileSummary[] | undefined {
    const { root, paths } = this.task;
    const batch = new Map<number, ParsedFile>();
    const out: FileSummary[] = [];
    for (let i: number | undefined; batch.size < size && (i = this.claim()) !== undefined; ) {
      const f = parseFile(paths[i]!, readFileSync(join(root, paths[i]!), 'utf8'));
      batch.set(i, f);
      this.batchOf[i] = this.batches;
      const s = summarize(i, f);
      this.learn([s]);
      if (announce && declaresMoreThanProcedures(s.declarations)) announce(s);
      else out.push(s);
    }
    if (!batch.size) return undefined;
    this.batches++;
    // The workspace of the batch: its files, and those known to declare more than procedures.
    const held = [...new Set([...batch.keys(), ...this.others.keys()])].sort((a, b) => a - b);
    this.check(
      held.map((i) => batch.get(i) ?? this.others.get(i)!.stub),
      batch,
      (i) => this.missed.add(i),
    );
    return out;
  }

  /**
   * Once every file's summary is known (`learn`): the reports of the files checked here, those
   * whose batch's workspace lacked a file that may change what their check finds checked again
   * in the whole workspace.
   */
  finish(): FileReport[] {
    const { root, paths } = this.task;
    const others: number[] = [];
    const byName = new Map<string, number[]>();
    this.known.forEach((declarations, i) => {
      if (!declarations) throw new Error(`check: nothing known of ${paths[i]}`);
      if (declaresMoreThanProcedures(declarations)) others.push(i);
      for (const d of declarations) if (d.kind === 'Procedure' && d.name.text) byName.set(d.name.text, [...(byName.get(d.name.text) ?? []), i]);
    });
    const stale: number[] = [];
    for (const i of this.reports.keys()) {
      const batch = this.batchOf[i]!;
      const held = (j: number) => this.batchOf[j] === batch || (this.others.get(j)?.from ?? Infinity) <= batch;
      const names = this.known[i]!.flatMap((d) => (d.kind === 'Procedure' && d.name.text ? [d.name.text] : []));
      if (this.missed.has(i) || !others.every(held) || !names.every((name) => byName.get(name)!.every(held))) stale.push(i);
    }
    this.rechecked = stale.length;
    if (stale.length) {
      const stubs = paths.map((path, i) => this.others.get(i)?.stub ?? stub(root, path, this.known[i]!));
      for (let k = 0; k < stale.length; k += this.task.batch) {
        const batch = new Map(stale.slice(k, k + this.task.batch).map((i) => [i, parseFile(paths[i]!, readFileSync(join(root, paths[i]!), 'utf8'))] as const));
        this.check(
          stubs.map((f, i) => batch.get(i) ?? f),
          batch,
        );
      }
    }
    return [...this.reports.values()];
  }

  /**
   * Checks the files of `batch` that are to be checked, in a workspace of `files`; `missed`
   * hears of each whose check looked for a file the workspace does not hold.
   */
  private check(files: readonly ParsedFile[], batch: ReadonlyMap<number, ParsedFile>, missed?: (i: number) => void): void {
    const { root, checked, cwd, lang } = this.task;
    const ws = Workspace.fromParsed(files);
    let missing = false;
    if (missed) {
      // Every lookup of another file goes through these two.
      const file = ws.file.bind(ws);
      const resolveUse = ws.resolveUse.bind(ws);
      ws.file = (path) => {
        const f = file(path);
        if (!f) missing = true;
        return f;
      };
      ws.resolveUse = (use) => {
        if (!file(use.path.value)) missing = true;
        return resolveUse(use);
      };
    }
    for (const [index, f] of batch) {
      if (!checked[index]) continue;
      missing = false;
      const lines: string[] = [];
      let errors = 0;
      let warnings = 0;
      for (const d of checkFile(ws, f.path)) {
        const display = relative(cwd, join(root, d.file ?? '')) || (d.file ?? '');
        lines.push(formatDiagnostic(d, display, ws, lang));
        if (d.severity === 'error') errors++;
        else warnings++;
      }
      if (missing) missed?.(index);
      this.reports.set(index, { index, lines, errors, warnings });
    }
  }
}

function summarize(index: number, f: ParsedFile): FileSummary {
  return {
    index,
    declarations: f.ast.declarations.map((d) => (d.kind === 'Procedure' ? { kind: 'Procedure', span: d.span, name: d.name, items: [] } : d)),
  };
}

/**
 * A file another thread parsed, as far as checking this thread's files can tell: its
 * declarations, procedures without their bodies. Its lines are read from disk only if a
 * message must point into it (a procedure name declared there too).
 */
function stub(root: string, path: string, declarations: readonly Declaration[]): ParsedFile {
  let lines: LineMap | undefined;
  const lazyLines = { position: (offset: number) => (lines ??= new LineMap(readFileSync(join(root, path), 'utf8'))).position(offset) };
  return {
    path,
    text: '',
    ast: { kind: 'File', span: { start: 0, end: 0 }, declarations, comments: [] },
    syntax: [],
    lines: lazyLines as unknown as LineMap,
  };
}

/** What the threads of a check send each other (through check-threads.ts's Thread). */
export type Message =
  | { readonly kind: 'summaries'; readonly list: readonly FileSummary[] }
  | { readonly kind: 'done' }
  | { readonly kind: 'final'; readonly list: readonly FileSummary[] }
  | { readonly kind: 'reports'; readonly reports: readonly FileReport[] };

/**
 * Checks `selected` (files of the workspace at `root`, whose files are `all` in the
 * workspace's order) on this thread and on `workers` (started by check-threads.ts, waiting for
 * their task). Reports come back in the order of `selected`; a file named but not in the
 * workspace (under a folder the workspace skips) gets an empty one.
 */
export async function checkInThreads(options: {
  readonly root: string;
  readonly all: readonly string[];
  readonly selected: readonly string[];
  readonly workers: readonly Thread[];
  readonly lang: Lang;
  readonly batch?: number;
}): Promise<FileReport[]> {
  const { root, workers, lang } = options;
  const paths = options.all.map(normalizePath);
  const indexOf = new Map(paths.map((p, i) => [p, i]));
  const checked = new Uint8Array(paths.length);
  for (const p of options.selected) {
    const i = indexOf.get(normalizePath(p));
    if (i !== undefined) checked[i] = 1;
  }
  const task: ShardTask = { root, paths, checked, order: claimOrder(paths), batch: options.batch ?? BATCH, cwd: process.cwd(), lang };
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const here = new Shard(task, sharedClaim(counter, task.order));
  // The files of common/ first, as one batch, here: the workers (loading the language
  // meanwhile) start knowing their sources, agencies and fragments.
  const known = here.step(undefined, paths.filter(isCommon).length) ?? [];
  for (const w of workers) w.start({ task, counter, known });
  let reports: FileReport[];
  if (!workers.length) {
    while (here.step());
    reports = here.finish();
  } else {
    // Who sent which summary: each worker is told at the end those of the other workers.
    const from = new Map<FileSummary, Thread>();
    const done = new Set<Thread>();
    const receive = (w: Thread, m: Message) => {
      if (m.kind === 'done') done.add(w);
      else if (m.kind === 'summaries') {
        here.learn(m.list);
        for (const s of m.list) from.set(s, w);
      } else throw new Error(`check: unexpected ${m.kind} message`);
    };
    const tell = (list: readonly FileSummary[]) => {
      if (list.length) for (const w of workers) w.post({ kind: 'summaries', list });
    };
    for (;;) {
      for (const w of workers) for (let m = w.poll<Message>(); m; m = w.poll<Message>()) receive(w, m);
      const out = here.step((s) => tell([s]));
      if (!out) break;
      tell(out);
    }
    for (const w of workers) while (!done.has(w)) receive(w, await w.next<Message>());
    for (const w of workers) w.post({ kind: 'final', list: [...from].flatMap(([s, origin]) => (origin === w ? [] : [s])) });
    const mine = here.finish();
    const theirs = await Promise.all(
      workers.map(async (w) => {
        const m = await w.next<Message>();
        if (m.kind !== 'reports') throw new Error(`check: unexpected ${m.kind} message`);
        return m.reports;
      }),
    );
    reports = [mine, ...theirs].flat();
  }
  const byIndex = new Map(reports.map((r) => [r.index, r]));
  return options.selected.map((p) => byIndex.get(indexOf.get(normalizePath(p)) ?? -1) ?? { index: -1, lines: [], errors: 0, warnings: 0 });
}
