// The language worker's state and message handling, free of any worker global so the tests can
// drive it: the workspace (every file the page sent), the version of each file, the files whose
// diagnostics the page shows, and the "saved" baseline of each. Edits are applied lazily and the
// analysis (diagnostics and previews) runs as soon as the worker has handled the messages already
// waiting: keystrokes that arrive while it is busy cost one analysis; requests are answered at once,
// and a request made on a text that has since changed is answered "stale" without computing.
// What the designer looks at comes first: the edited file's markers, then its preview (sent as
// changes to the previous one, ../preview-delta.ts); the other open files' markers and, unless
// the Changes panel is on screen, the changes since saved follow in a task of their own.
import { checkFile, Workspace, type Diagnostic, type ServiceOptions } from '@motcua/dsl';
import { DeltaEncoder, KEEP, type Shape } from '../preview-delta.ts';
import type {
  CodeAction,
  CompletionItem,
  FromWorker,
  HoverResult,
  Location,
  Methods,
  OutlineItem,
  PanelName,
  PendingPart,
  RenameResult,
  TextEdit,
  ToWorker,
  WireDiagnostic,
} from '../protocol.ts';
import { changesSince, previewPanels } from './preview.ts';

/** How a preview is cut into parts for sending (../preview-delta.ts): lists of fields, documents, fees item by item. */
export const PREVIEW_SHAPE: Shape = {
  procedure: {
    form: 'list',
    documents: 'list',
    fees: 'list',
    ir: { form: { fields: 'list', groups: 'list' }, documents: 'list', fees: 'list', scenarios: 'list', sources: 'list' },
  },
};

/** The dsl language services (dsl/src/services), as the worker calls them. */
export interface LanguageServices {
  complete(ws: Workspace, path: string, offset: number, options?: ServiceOptions): readonly CompletionItem[];
  hover(ws: Workspace, path: string, offset: number, options?: ServiceOptions): HoverResult | undefined;
  definition(ws: Workspace, path: string, offset: number): Location | undefined;
  references(ws: Workspace, path: string, offset: number): readonly Location[];
  rename(ws: Workspace, path: string, offset: number, newName: string, options?: ServiceOptions): RenameResult;
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
  /** What was last sent of each file's preview: the encoder, the message's `seq`, the keys of the preview and of its procedure, and whether the page has an IR. */
  private readonly sent = new Map<string, Sent>();
  private seq = 0;
  private visible = new Set<PanelName>();
  private cancelFollowUp: (() => void) | undefined;
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
        this.sent.clear(); // the page forgets its previews too: the next ones are sent whole
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
      case 'panels':
        // The changes since saved of a panel just opened come with the next analysis, or with
        // the follow-up already on its way.
        this.visible = new Set(message.visible);
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
    // The language of the texts (hover, completion details, rename refusals): `lang` in the
    // request's parameters, Vietnamese without it.
    const options: ServiceOptions = { lang: (params as { lang?: unknown } | null)?.lang === 'en' ? 'en' : 'vi' };
    switch (method) {
      case 'complete':
        return s.complete(ws, path, (params as Methods['complete']['params']).offset, options);
      case 'hover':
        return s.hover(ws, path, (params as Methods['hover']['params']).offset, options);
      case 'definition':
        return s.definition(ws, path, (params as Methods['definition']['params']).offset);
      case 'references':
        return s.references(ws, path, (params as Methods['references']['params']).offset);
      case 'rename': {
        const p = params as Methods['rename']['params'];
        return s.rename(ws, path, p.offset, p.newName, options);
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

  /**
   * The focused file's diagnostics, then its preview (with the changes since saved when the
   * Changes panel is on screen), for its latest text, and the diagnostics of other files just
   * edited; then, in a task of its own unless another edit comes first, the diagnostics of the
   * other open files and the changes since saved.
   */
  analyse(): void {
    const startedAt = epochNow();
    this.analyses++;
    this.cancelFollowUp?.();
    this.cancelFollowUp = undefined;
    const edited = [...this.unparsed.keys()];
    const ws = this.workspace();
    const f = this.focused;
    let pending: { path: string; version: number; parts: PendingPart[]; ir: unknown } | undefined;
    if (f && ws.file(f.path)) {
      const version = this.versions.get(f.path) ?? 0;
      const t0 = performance.now();
      const diagnostics = safeCheck(ws, f.path);
      const checkMs = performance.now() - t0;
      this.post({ type: 'diagnostics', path: f.path, version, diagnostics: diagnostics.map(toWire) });
      const t1 = performance.now();
      const sent = this.sent.get(f.path);
      // The first preview of a file is whole; later ones leave the parts no panel on screen shows
      // (the changes since saved, the IR) for the follow-up. The page has them, of an earlier version.
      const changesNow = this.visible.has('changes') || !sent?.topKeys;
      const panels = previewPanels(ws, f.path, diagnostics, f.procedure);
      const irLater = !!panels.procedure && !this.visible.has('docs') && !!sent?.irOnPage;
      const parts: PendingPart[] = [];
      if (!changesNow) parts.push('changes');
      if (irLater) parts.push('ir');
      const model = {
        ...panels,
        ...(irLater ? { procedure: { ...panels.procedure!, ir: KEEP } } : {}),
        changes: changesNow ? changesSince(this.saved.get(f.path), ws.file(f.path)) : KEEP,
      };
      this.postPreview(f.path, version, model, parts);
      if (parts.length) pending = { path: f.path, version, parts, ir: panels.procedure?.ir };
      const previewMs = performance.now() - t1;
      const parsed = this.parsed.get(f.path);
      this.post({
        type: 'timing',
        path: f.path,
        version,
        parseMs: parsed?.version === version ? parsed.ms : 0,
        checkMs,
        previewMs,
        receivedAt: this.received.get(f.path) ?? startedAt,
        startedAt,
        endedAt: epochNow(),
      });
    }
    // Other files just edited (a rename, a quick fix across files) now; the rest, whose text did not change, after.
    const others = [...this.open].filter((path) => path !== f?.path && ws.file(path));
    for (const path of others.filter((p) => edited.includes(p)))
      this.post({ type: 'diagnostics', path, version: this.versions.get(path) ?? 0, diagnostics: safeCheck(ws, path).map(toWire) });
    const later = others.filter((p) => !edited.includes(p));
    // One task per step, so that an edit arriving meanwhile waits for one step at most.
    const steps: (() => void)[] = [];
    if (pending) {
      const { path, version, parts, ir } = pending;
      steps.push(() => {
        const sent = this.sent.get(path);
        if (!sent?.topKeys) return;
        // Only what was left: every other part is as just sent.
        const part: Record<string, unknown> = {};
        if (parts.includes('changes')) part['changes'] = changesSince(this.saved.get(path), ws.file(path));
        if (parts.includes('ir') && sent.procedureKeys) part['procedure'] = Object.fromEntries(sent.procedureKeys.map((k) => [k, k === 'ir' ? ir : KEEP]));
        this.postPreview(path, version, Object.fromEntries(sent.topKeys.map((k) => [k, part[k] ?? KEEP])), []);
      });
    }
    for (const path of later)
      steps.push(() => this.post({ type: 'diagnostics', path, version: this.versions.get(path) ?? 0, diagnostics: safeCheck(ws, path).map(toWire) }));
    const next = () => {
      this.cancelFollowUp = this.schedule(() => {
        this.cancelFollowUp = undefined;
        // Another edit came: its analysis will do this again, for the newer text.
        if (this.cancelAnalysis || this.unparsed.size) return;
        steps.shift()?.();
        if (steps.length) next();
      }, 0);
    };
    next();
  }

  /** Sends a file's preview as changes to the one sent before it (KEEP: a part left as it was). */
  private postPreview(path: string, version: number, model: Record<string, unknown>, pending: PendingPart[]): void {
    let sent = this.sent.get(path);
    if (!sent) this.sent.set(path, (sent = { encoder: new DeltaEncoder(), seq: 0, irOnPage: false }));
    const base = sent.encoder.empty ? 0 : sent.seq;
    const keys = Object.keys(model).filter((k) => model[k] !== undefined);
    const delta = sent.encoder.encode(model, PREVIEW_SHAPE) ?? { k: keys, s: {} };
    sent.seq = ++this.seq;
    sent.topKeys = keys;
    const procedure = model['procedure'] as Record<string, unknown> | typeof KEEP | undefined;
    if (procedure !== KEEP) {
      sent.procedureKeys = procedure ? Object.keys(procedure).filter((k) => procedure[k] !== undefined) : undefined;
      sent.irOnPage = !!procedure && (sent.irOnPage || procedure['ir'] !== KEEP);
    }
    this.post({ type: 'preview', path, version, base, seq: sent.seq, delta, pending });
  }
}

interface Sent {
  readonly encoder: DeltaEncoder;
  seq: number;
  topKeys?: readonly string[];
  procedureKeys?: readonly string[] | undefined;
  /** The page has an IR at `procedure.ir` (of this version or an earlier one). */
  irOnPage: boolean;
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
