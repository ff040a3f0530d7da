// What the fuzzer does with one input: everything the CLI and the studio do with a file the
// designer is typing. Parse it in place in its workspace (imports and sources resolve), check
// it, format it when its tree is whole (formatting is idempotent, reparses cleanly and keeps the
// tree), and compile every procedure of a clean file to IR (which must match its schema) and
// the other targets. Nothing may throw; each step is timed.
import type { Diagnostic } from '../diagnostics.ts';
import { allCodes } from '../diagnostics.ts';
import { checkFile } from '../check/index.ts';
import { compileProcedure, ProcedureIR, toCard, toJsonSchema, toXStateConfig } from '../compile/index.ts';
import { format, formatFile } from '../format/index.ts';
import { parse } from '../syntax/parse.ts';
import { Workspace } from '../workspace.ts';

export const STEPS = ['parse', 'check', 'format', 'reformat', 'compile'] as const;
export type Step = (typeof STEPS)[number];

export interface Failure {
  readonly step: Step;
  /** `throw`: an exception escaped; `invalid`: a result broke a promise (idempotence, spans…); `slow`: over the limit. */
  readonly kind: 'throw' | 'invalid' | 'slow';
  readonly message: string;
  /** Same bug, same signature: used to group failures and name the seed file. */
  readonly signature: string;
}

export interface Outcome {
  readonly failures: Failure[];
  /** Wall-clock milliseconds per step (0 when the step did not run). */
  readonly times: Record<Step, number>;
  /**
   * CPU milliseconds per step, which the limit applies to: on a busy machine (two cores shared
   * by a dozen processes) a step's wall time says more about its neighbours than about it.
   */
  readonly cpu: Record<Step, number>;
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export interface Target {
  /** The workspace the input is placed in (the rest of the library, unchanged). */
  readonly ws: Workspace;
  /** Where the input goes: it replaces the file at this path, or is added there. */
  readonly path: string;
  /** A procedure file that imports or names this one, checked and compiled too (for fragments, sources, agencies). */
  readonly dependent?: string;
}

const knownCodes = new Set(allCodes().map((c) => c.code));

/** Where a tree keeps source positions, not what the file means. */
const LAYOUT_KEYS = new Set(['span', 'keySpan', 'comments']);

/** What JSON.stringify writes for a value: `undefined` for nothing (a member it leaves out). */
function asJson(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  return value;
}

/** Members JSON.stringify writes, in its order, minus the layout. */
function meaningKeys(value: object): string[] {
  return Object.keys(value).filter((k) => !LAYOUT_KEYS.has(k) && asJson((value as Record<string, unknown>)[k]) !== undefined);
}

/**
 * Whether two trees mean the same, whatever their layout: the same JSON once spans and comments
 * are left out. Compared in place: building both JSON texts took longer than formatting.
 */
export function sameMeaning(a: unknown, b: unknown): boolean {
  const x = asJson(a) ?? null;
  const y = asJson(b) ?? null;
  if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return x === y;
  if (Array.isArray(x) || Array.isArray(y)) {
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameMeaning(x[i], y[i])) return false;
    return true;
  }
  const kx = meaningKeys(x);
  const ky = meaningKeys(y);
  if (kx.length !== ky.length) return false;
  for (let i = 0; i < kx.length; i++) {
    if (kx[i] !== ky[i] || !sameMeaning((x as Record<string, unknown>)[kx[i]!], (y as Record<string, unknown>)[ky[i]!])) return false;
  }
  return true;
}

/** The first line of the message and the first frame inside the repository: stable across inputs. */
function signatureOf(step: Step, kind: Failure['kind'], err: unknown): string {
  const e = err instanceof Error ? err : new Error(String(err));
  const frame = (e.stack ?? '')
    .split('\n')
    .slice(1)
    .find((l) => /\/(dsl|engine)\/src\//.test(l) && !l.includes('/fuzz/'));
  const where = frame?.match(/\/((?:dsl|engine)\/src\/[^:)]+)(?::(\d+))?/);
  const message = `${e.name}: ${e.message.split('\n')[0]!.slice(0, 120)}`.replace(/\d+/g, 'N').replace(/`[^`]*`/g, '`…`');
  return `${step} ${kind} ${message}${where ? ` @ ${where[1]}:${where[2] ?? ''}` : ''}`;
}

function badDiagnostics(diagnostics: readonly Diagnostic[], text: string, path: string): string | undefined {
  for (const d of diagnostics) {
    if (d.file !== undefined && d.file !== path) continue;
    const { start, end } = d.span;
    if (!knownCodes.has(d.code)) return `unknown code ${d.code}`;
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= text.length)) {
      return `${d.code} span ${start}..${end} outside 0..${text.length}`;
    }
    if (!d.message.vi || !d.message.en) return `${d.code} without a message`;
  }
  return undefined;
}

const errors = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity === 'error');
/** Syntax errors after which the formatter still lays the file out (see TREE_INTACT in format.ts). */
const FORMATS_DESPITE = new Set(['MC1006', 'MC1007']);

export function runPipeline(target: Target, text: string): Outcome {
  const times: Record<Step, number> = { parse: 0, check: 0, format: 0, reformat: 0, compile: 0 };
  const cpu: Record<Step, number> = { parse: 0, check: 0, format: 0, reformat: 0, compile: 0 };
  const failures: Failure[] = [];
  const fail = (step: Step, kind: Failure['kind'], err: unknown) => {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    failures.push({ step, kind, message: message.slice(0, 500), signature: signatureOf(step, kind, err) });
  };
  const timed = <T>(step: Step, fn: () => T): T | undefined => {
    const t0 = performance.now();
    const c0 = cpuMs();
    try {
      return fn();
    } catch (err) {
      fail(step, 'throw', err);
      return undefined;
    } finally {
      times[step] += performance.now() - t0;
      cpu[step] += cpuMs() - c0;
    }
  };
  const invalid = (step: Step, what: string) => fail(step, 'invalid', new Error(what));

  // parse: in place, as the studio does when a file changes
  const ws = timed('parse', () => target.ws.withFile(target.path, text));
  if (!ws) return { failures, times, cpu };
  const file = ws.file(target.path)!;
  const syntaxErrors = errors(file.syntax);
  const badSyntax = badDiagnostics(file.syntax, text, target.path);
  if (badSyntax) invalid('parse', `syntax diagnostic: ${badSyntax}`);

  // check: the file itself, and a procedure that depends on it
  const diagnostics = timed('check', () => checkFile(ws, target.path));
  const dependentDiagnostics = target.dependent ? timed('check', () => checkFile(ws, target.dependent!)) : undefined;
  if (diagnostics) {
    const bad = badDiagnostics(diagnostics, text, target.path);
    if (bad) invalid('check', `diagnostic: ${bad}`);
  }

  // format: only a file whose tree is whole (no syntax error, or only the two the formatter lays
  // out anyway: an impossible date, an accented name); it must be a fixed point, reparse
  // cleanly (or with the same errors) and mean the same
  const formattable = syntaxErrors.every((d) => FORMATS_DESPITE.has(d.code));
  const formatted = formattable ? timed('format', () => format(text)) : undefined;
  if (formatted) {
    if (!formatted.changed && formatted.text !== text) invalid('format', 'changed is false but the text differs');
    if (formatted.changed) {
      timed('reformat', () => {
        const after = parse(formatted.text);
        if (formatFile(after.file, formatted.text) !== formatted.text) {
          invalid('reformat', 'not idempotent: formatting the formatted text changes it');
        }
        const codes = (ds: readonly Diagnostic[]) => errors(ds).map((d) => d.code).join(',');
        if (syntaxErrors.length === 0 && errors(after.diagnostics).length > 0) {
          invalid('reformat', `the formatted text has syntax errors: ${codes(after.diagnostics)}`);
        } else if (codes(file.syntax) !== codes(after.diagnostics)) {
          invalid('reformat', `syntax errors changed from [${codes(file.syntax)}] to [${codes(after.diagnostics)}]`);
        }
        if (!sameMeaning(file.ast, after.file)) {
          invalid('reformat', 'the formatted text parses to a different tree');
        }
        const comments = (f: typeof after.file) => f.comments.map((c) => c.text.trimEnd()).join('\n');
        if (comments(file.ast) !== comments(after.file)) invalid('reformat', 'a comment was lost, changed or merged with another');
      });
    }
  }

  // compile: every procedure of a clean file (and the dependent, when it is clean)
  const compileAll = (path: string, ds: readonly Diagnostic[] | undefined) => {
    if (!ds || errors(ds).length > 0) return;
    for (const p of ws.procedures().filter((x) => x.file === path)) {
      timed('compile', () => {
        const { ir, diagnostics: cds } = compileProcedure(ws, p.decl.name.text);
        if (!ir) {
          if (errors(cds).length === 0) invalid('compile', 'no IR and no error');
          return;
        }
        // The compiler no longer validates its own output; the engine does, when it publishes.
        const valid = ProcedureIR.safeParse(ir);
        if (!valid.success) {
          const issue = valid.error.issues[0]!;
          invalid('compile', `the IR does not match its schema: ${issue.path.join('.')}: ${issue.message}`);
        }
        toXStateConfig(ir);
        toJsonSchema(ir);
        toCard(ir);
      });
    }
  };
  compileAll(target.path, diagnostics);
  if (target.dependent) compileAll(target.dependent, dependentDiagnostics);
  return { failures, times, cpu };
}

/** Runs twice when a step's CPU time is over `limitMs` (a collection, a cold path), and reports it slow only if it stays slow. */
export function runWithLimit(target: Target, text: string, limitMs = 1000): Outcome {
  const first = runPipeline(target, text);
  const over = (o: Outcome) => STEPS.filter((s) => o.cpu[s] > limitMs);
  if (over(first).length === 0) return first;
  const second = runPipeline(target, text);
  const times = { ...second.times };
  const cpu = { ...second.cpu };
  for (const s of STEPS) {
    times[s] = Math.min(first.times[s], second.times[s]);
    cpu[s] = Math.min(first.cpu[s], second.cpu[s]);
  }
  const failures = [...second.failures];
  for (const s of STEPS.filter((x) => cpu[x] > limitMs)) {
    failures.push({
      step: s,
      kind: 'slow',
      message: `${s} took ${cpu[s].toFixed(0)} ms of CPU (${times[s].toFixed(0)} ms wall; limit ${limitMs} ms)`,
      signature: `${s} slow`,
    });
  }
  return { failures, times, cpu };
}

/**
 * A failing input is kept with the placement that made it fail, as a first-line comment:
 * `# fuzz-target: ho_tich/dang_ky_khai_sinh.proc`. Without it the input is added as a new file.
 */
export const TARGET_HEADER = /^# fuzz-target: (\S+)\r?\n/;
