// The language worker's state and message handling, free of any worker global so the tests can
// drive it: the workspace (every file the page sent), the version of each file, the files whose
// diagnostics the page shows, and the "saved" baseline of each. Edits are applied lazily and the
// analysis (diagnostics and previews) runs as soon as the worker has handled the messages already
// waiting: keystrokes that arrive while it is busy cost one analysis; requests are answered at once,
// and a request made on a text that has since changed is answered "stale" without computing.
import { checkFile, Workspace, type Diagnostic } from '@motcua/dsl';
import type {
  CodeAction,
  CompletionItem,
  FromWorker,
  HoverResult,
  Location,
  Methods,
  OutlineItem,
  RenameResult,
  TextEdit,
  ToWorker,
  WireDiagnostic,
} from '../protocol.ts';
import { buildPreview } from './preview.ts';

/** The dsl language services (dsl/src/services), as the worker calls them. */
export interface LanguageServices {
  complete(ws: Workspace, path: string, offset: number): readonly CompletionItem[];
  hover(ws: Workspace, path: string, offset: number): HoverResult | undefined;
  definition(ws: Workspace, path: string, offset: number): Location | undefined;
  references(ws: Workspace, path: string, offset: number): readonly Location[];
  rename(ws: Workspace, path: string, offset: number, newName: string): RenameResult;
  outline(ws: Workspace, path: string): readonly OutlineItem[];
  codeActions(ws: Workspace, path: string, start: number, end: number): readonly CodeAction[];
  formatDocument(text: string, path?: string): readonly TextEdit[] | undefined;
}

/** Runs `fn` after `ms` milliseconds; returns a function that cancels it. */
export type Schedule = (fn: () => void, ms: number) => () => void;

/**
 * How long after the last edit the analysis starts. No wait: parsing and checking a library
 * procedure takes a few milliseconds, so each keystroke's markers and previews come at once
 * (bench/studio-keystroke.bench.ts); edits that arrive during an analysis are coalesced anyway,
 * because the timer set by the first of them is reset by every following one.
 */
export const ANALYSIS_DELAY_MS = 0;

export class LanguageSession {
  private ws: Workspace = Workspace.fromFiles([]);
  private readonly versions = new Map<string, number>();
  /** Texts received but not yet parsed: a burst of keystrokes costs one parse. */
  private readonly unparsed = new Map<string, string>();
  private readonly open = new Set<string>();
  private readonly saved = new Map<string, string>();
  private focused: { path: string; procedure?: string } | undefined;
  private cancelAnalysis: (() => void) | undefined;
  /** How long parsing took for the latest parsed version of each file (for the timing message). */
  private readonly parsed = new Map<string, { version: number; ms: number }>();
  /** When the latest version of each file arrived (for the timing message). */
  private readonly received = new Map<string, number>();
  /** How many analyses ran (diagnostics + preview), for the tests. */
  analyses = 0;

  constructor(
    private readonly post: (message: FromWorker) => void,
    private readonly services: LanguageServices,
    private readonly schedule: Schedule,
    private readonly delayMs = ANALYSIS_DELAY_MS,
  ) {}

  handle(message: ToWorker): void {
    switch (message.type) {
      case 'init':
        this.ws = Workspace.fromFiles(message.files.map((f) => [f.path, f.text] as const));
        this.versions.clear();
        this.unparsed.clear();
        this.saved.clear();
        for (const f of message.files) {
          this.versions.set(f.path, f.version);
          this.saved.set(f.path, f.text);
        }
        this.scheduleAnalysis();
        return;
      case 'update': {
        const known = this.versions.get(message.path);
        if (known !== undefined && message.version < known) return; // cannot happen on one channel; be safe
        this.versions.set(message.path, message.version);
        this.received.set(message.path, epochNow());
        this.unparsed.set(message.path, message.text);
        this.open.add(message.path);
        this.scheduleAnalysis();
        return;
      }
      case 'focus':
        this.focused = message.procedure === undefined ? { path: message.path } : { path: message.path, procedure: message.procedure };
        this.open.add(message.path);
        this.scheduleAnalysis();
        return;
      case 'saved':
        this.saved.set(message.path, message.text);
        if (this.focused?.path === message.path) this.scheduleAnalysis();
        return;
      case 'request':
        this.answer(message);
        return;
    }
  }

  /** The workspace with every received edit applied. */
  workspace(): Workspace {
    for (const [path, text] of this.unparsed) {
      const t0 = performance.now();
      this.ws = this.ws.withFile(path, text);
      this.ws.file(path); // parsed now, whether or not withFile parses eagerly
      this.parsed.set(path, { version: this.versions.get(path) ?? 0, ms: performance.now() - t0 });
    }
    this.unparsed.clear();
    return this.ws;
  }

  private answer(message: Extract<ToWorker, { type: 'request' }>): void {
    const { id, path, version } = message;
    const known = this.versions.get(path);
    if (known !== undefined && version < known) {
      this.post({ type: 'response', id, path, version, outcome: 'stale' });
      return;
    }
    try {
      const result = this.compute(message.method, path, message.params);
      this.post({ type: 'response', id, path, version, outcome: 'ok', result: result ?? null });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      this.post({ type: 'response', id, path, version, outcome: 'error', error });
    }
  }

  private compute(method: keyof Methods, path: string, params: unknown): unknown {
    const ws = this.workspace();
    const s = this.services;
    switch (method) {
      case 'complete':
        return s.complete(ws, path, (params as Methods['complete']['params']).offset);
      case 'hover':
        return s.hover(ws, path, (params as Methods['hover']['params']).offset);
      case 'definition':
        return s.definition(ws, path, (params as Methods['definition']['params']).offset);
      case 'references':
        return s.references(ws, path, (params as Methods['references']['params']).offset);
      case 'rename': {
        const p = params as Methods['rename']['params'];
        return s.rename(ws, path, p.offset, p.newName);
      }
      case 'outline':
        return s.outline(ws, path);
      case 'codeActions': {
        const p = params as Methods['codeActions']['params'];
        return s.codeActions(ws, path, p.start, p.end);
      }
      case 'format': {
        const text = ws.file(path)?.text;
        if (text === undefined) return null;
        // The formatter sees only the text; the edits are for this file.
        return s.formatDocument(text, path)?.map((e) => ({ ...e, path })) ?? null;
      }
    }
  }

  private scheduleAnalysis(): void {
    this.cancelAnalysis?.();
    this.cancelAnalysis = this.schedule(() => {
      this.cancelAnalysis = undefined;
      this.analyse();
    }, this.delayMs);
  }

  /** Diagnostics of every open file and the preview of the focused one, for their latest texts. */
  analyse(): void {
    const startedAt = epochNow();
    this.analyses++;
    const ws = this.workspace();
    let focusedDiagnostics: Diagnostic[] = [];
    let focusedCheckMs = 0;
    for (const path of this.open) {
      if (!ws.file(path)) continue;
      const t0 = performance.now();
      const diagnostics = safeCheck(ws, path);
      if (path === this.focused?.path) {
        focusedDiagnostics = diagnostics;
        focusedCheckMs = performance.now() - t0;
      }
      this.post({ type: 'diagnostics', path, version: this.versions.get(path) ?? 0, diagnostics: diagnostics.map(toWire) });
    }
    const f = this.focused;
    if (f && ws.file(f.path)) {
      const version = this.versions.get(f.path) ?? 0;
      const t0 = performance.now();
      const preview = buildPreview(ws, f.path, focusedDiagnostics, this.saved.get(f.path), f.procedure);
      const previewMs = performance.now() - t0;
      this.post({ type: 'preview', path: f.path, version, preview });
      const parsed = this.parsed.get(f.path);
      this.post({
        type: 'timing',
        path: f.path,
        version,
        parseMs: parsed?.version === version ? parsed.ms : 0,
        checkMs: focusedCheckMs,
        previewMs,
        receivedAt: this.received.get(f.path) ?? startedAt,
        startedAt,
        endedAt: epochNow(),
      });
    }
  }
}

/** A time comparable between the page and the worker (each has its own `performance.now()` origin). */
const epochNow = () => performance.timeOrigin + performance.now();

function safeCheck(ws: Workspace, path: string): Diagnostic[] {
  try {
    return checkFile(ws, path);
  } catch (err) {
    console.error('motcua studio: checker failed', err);
    return [];
  }
}

export function toWire(d: Diagnostic): WireDiagnostic {
  return { code: d.code, severity: d.severity, start: d.span.start, end: d.span.end, message: d.message };
}
