// The messages between the studio page and its language worker, and the page's side of the
// conversation. Every document update carries the editor's version of the text; anything the
// worker computes is stamped with the version it was computed for, and the page drops whatever
// was computed for an older version than the latest it sent — stale results never reach the
// editor. Plain data and plain classes only (no DOM, no Monaco) so this runs under vitest.
import type { Localized, ProcedureIR } from '@motcua/dsl';
import { applyDelta, type Delta } from './preview-delta.ts';
import type { PreviewModel } from './preview-model.ts';

// ---------------------------------------------------------------------------- language results
// Offsets are 0-based UTF-16 offsets into the file's text, as the dsl language services use.

export interface CompletionItem {
  readonly label: string;
  readonly kind: string;
  readonly detail?: string;
  readonly documentation?: string;
  readonly insertText?: string;
  /** Monaco sorts by this when given (a snippet before the bare keyword of the same name). */
  readonly sortText?: string;
}

export interface HoverResult {
  readonly start: number;
  readonly end: number;
  readonly markdown: string;
}

export interface Location {
  readonly path: string;
  readonly start: number;
  readonly end: number;
}

export interface TextEdit extends Location {
  readonly newText: string;
}

export type RenameResult = { readonly edits: readonly TextEdit[] } | { readonly error: string };

export interface OutlineItem {
  readonly name: string;
  readonly kind: string;
  readonly label?: string;
  readonly start: number;
  readonly end: number;
  readonly children: readonly OutlineItem[];
}

export interface CodeAction {
  /** The services may word a title in both languages; a plain string is shown as is. */
  readonly title: string | Localized;
  readonly diagnosticCode: string;
  readonly edits: readonly TextEdit[];
}

/** A diagnostic as the editor shows it: the checker's, with its quick fixes as plain data. */
export interface WireDiagnostic {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly start: number;
  readonly end: number;
  readonly message: Localized;
}

/** Every request the page can make, with its parameters and its result. */
export interface Methods {
  complete: { params: { offset: number; lang?: 'vi' | 'en' }; result: readonly CompletionItem[] };
  hover: { params: { offset: number; lang?: 'vi' | 'en' }; result: HoverResult | null };
  definition: { params: { offset: number }; result: Location | null };
  references: { params: { offset: number }; result: readonly Location[] };
  rename: { params: { offset: number; newName: string; lang?: 'vi' | 'en' }; result: RenameResult };
  outline: { params: Record<string, never>; result: readonly OutlineItem[] };
  codeActions: { params: { start: number; end: number }; result: readonly CodeAction[] };
  format: { params: Record<string, never>; result: readonly TextEdit[] | null };
}
export type Method = keyof Methods;

// ---------------------------------------------------------------------------- messages

export interface FileText {
  readonly path: string;
  readonly text: string;
  readonly version: number;
}

export type ToWorker =
  /** The whole workspace, once, at start (and again after a reload from the server). */
  | { readonly type: 'init'; readonly files: readonly FileText[] }
  | { readonly type: 'update'; readonly path: string; readonly version: number; readonly text: string }
  /** The file (and, in a file with several, the procedure) the preview panels show. */
  | { readonly type: 'focus'; readonly path: string; readonly procedure?: string }
  /** The text last saved on the server: the baseline of "changes since saved". */
  | { readonly type: 'saved'; readonly path: string; readonly text: string }
  /** The preview panels on screen: what the worker computes first (the others follow after). */
  | { readonly type: 'panels'; readonly visible: readonly PanelName[] }
  | {
      readonly type: 'request';
      readonly id: number;
      readonly method: Method;
      readonly path: string;
      readonly version: number;
      readonly params: unknown;
    };

export type FromWorker =
  | { readonly type: 'ready'; readonly keywords: readonly string[] }
  | {
      readonly type: 'response';
      readonly id: number;
      readonly path: string;
      readonly version: number;
      /** `stale`: the worker already had a newer text when the request arrived, and did not compute. */
      readonly outcome: 'ok' | 'stale' | 'error';
      readonly result?: unknown;
      readonly error?: string;
    }
  | { readonly type: 'diagnostics'; readonly path: string; readonly version: number; readonly diagnostics: readonly WireDiagnostic[] }
  | {
      readonly type: 'preview';
      readonly path: string;
      readonly version: number;
      /** The preview as changes to the one of message `base` for this file (0: to nothing, the preview is whole); this message is `seq` (unique in the worker's life). */
      readonly base: number;
      readonly seq: number;
      readonly delta: Delta;
      /**
       * Parts still those of an earlier version: when their panel is not on screen, the worker
       * leaves them until after this message, and a message with only them follows (for the
       * same version, with nothing pending). `changes`: the changes since saved; `ir`: the
       * compiled procedure (`procedure.ir`, which the Documents and fees panel evaluates).
       */
      readonly pending: readonly PendingPart[];
    }
  /** What one analysis cost the worker, for the file and version it analysed (after its diagnostics and preview). */
  | ({ readonly type: 'timing'; readonly path: string; readonly version: number } & AnalysisTiming);

/**
 * The worker's own time for one version of a file, in milliseconds: parsing its text (whenever
 * that happened: in the analysis, or earlier for a request made on that version), checking it,
 * and building and sending its preview (compiling the procedure, the panels' data, and the
 * changes since saved or the IR when a panel on screen shows them; not what follows later).
 */
export interface AnalysisTiming {
  readonly parseMs: number;
  readonly checkMs: number;
  readonly previewMs: number;
  /** When the worker received that version, and began and ended the analysis: `performance.timeOrigin + performance.now()`. */
  readonly receivedAt: number;
  readonly startedAt: number;
  readonly endedAt: number;
}

export type { PreviewModel, ProcedureIR };

/** Parts of a preview the worker may send after the rest (see the `preview` message). */
export type PendingPart = 'changes' | 'ir';

/** The preview panels (tabs) of the page. */
export type PanelName = 'form' | 'workflow' | 'due' | 'docs' | 'changes' | 'scenarios';

// ---------------------------------------------------------------------------- versions

/**
 * The latest version of each file, as known to one side. A result is current when it was
 * computed for that version (or later: the worker never knows a newer text than the page sent).
 */
export class VersionBook {
  private readonly latest = new Map<string, number>();

  note(path: string, version: number): void {
    const known = this.latest.get(path);
    if (known === undefined || version > known) this.latest.set(path, version);
  }

  get(path: string): number | undefined {
    return this.latest.get(path);
  }

  isCurrent(path: string, version: number): boolean {
    const known = this.latest.get(path);
    return known === undefined || version >= known;
  }

  forget(): void {
    this.latest.clear();
  }
}

// ---------------------------------------------------------------------------- the page's client

export interface ClientEvents {
  ready?(keywords: readonly string[]): void;
  diagnostics?(path: string, version: number, diagnostics: readonly WireDiagnostic[]): void;
  /** `pending`: parts of `preview` that are of an earlier version, and will follow. */
  preview?(path: string, version: number, preview: PreviewModel, pending: readonly PendingPart[]): void;
  timing?(path: string, version: number, timing: AnalysisTiming): void;
}

interface Pending {
  readonly path: string;
  readonly version: number;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The page's side: sends updates and requests, matches each response to its request by id,
 * and resolves a request whose answer is stale with `undefined` (the editor then shows
 * nothing rather than something computed for text that is no longer there).
 */
export class LanguageClient {
  private readonly versions = new VersionBook();
  private readonly pending = new Map<number, Pending>();
  /** The latest preview of each file, as rebuilt from the worker's changes, and its message's `seq`. */
  private readonly previews = new Map<string, { seq: number; preview: PreviewModel }>();
  private nextId = 1;
  /** Counts of what was dropped, for the status bar and the tests (`unmatched`: a preview's changes to one the page does not have). */
  readonly dropped = { responses: 0, diagnostics: 0, previews: 0, unmatched: 0 };

  constructor(
    private readonly post: (message: ToWorker) => void,
    private readonly events: ClientEvents = {},
  ) {}

  init(files: readonly FileText[]): void {
    this.versions.forget();
    this.previews.clear(); // the worker starts afresh too: its next preview of each file is whole
    for (const f of files) this.versions.note(f.path, f.version);
    this.post({ type: 'init', files });
  }

  update(path: string, version: number, text: string): void {
    this.versions.note(path, version);
    this.post({ type: 'update', path, version, text });
  }

  focus(path: string, procedure?: string): void {
    this.post(procedure === undefined ? { type: 'focus', path } : { type: 'focus', path, procedure });
  }

  saved(path: string, text: string): void {
    this.post({ type: 'saved', path, text });
  }

  panels(visible: readonly PanelName[]): void {
    this.post({ type: 'panels', visible });
  }

  latestVersion(path: string): number | undefined {
    return this.versions.get(path);
  }

  /** The answer, or `undefined` when the text changed before the answer came back. */
  request<M extends Method>(method: M, path: string, version: number, params: Methods[M]['params']): Promise<Methods[M]['result'] | undefined> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { path, version, resolve: resolve as (v: unknown) => void, reject });
      this.post({ type: 'request', id, method, path, version, params });
    });
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  receive(message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        this.events.ready?.(message.keywords);
        return;
      case 'response': {
        const p = this.pending.get(message.id);
        if (!p) return; // answered already, or the client was reset
        this.pending.delete(message.id);
        if (message.outcome === 'error') {
          p.reject(new Error(message.error ?? 'language worker error'));
          return;
        }
        // The response must be for the text the request was made on, and that text must
        // still be the latest; otherwise offsets in the result point into a text that is gone.
        if (message.outcome === 'stale' || message.version !== p.version || !this.versions.isCurrent(p.path, message.version)) {
          this.dropped.responses++;
          p.resolve(undefined);
          return;
        }
        p.resolve(message.result);
        return;
      }
      case 'diagnostics':
        if (!this.versions.isCurrent(message.path, message.version)) {
          this.dropped.diagnostics++;
          return;
        }
        this.events.diagnostics?.(message.path, message.version, message.diagnostics);
        return;
      case 'preview': {
        // Every preview is applied, even a stale one: the next is sent as changes to it.
        const known = this.previews.get(message.path);
        if (message.base !== 0 && known?.seq !== message.base) {
          this.dropped.unmatched++;
          return;
        }
        const preview = applyDelta<PreviewModel>(message.base ? known?.preview : undefined, message.delta);
        this.previews.set(message.path, { seq: message.seq, preview });
        if (!this.versions.isCurrent(message.path, message.version)) {
          this.dropped.previews++;
          return;
        }
        this.events.preview?.(message.path, message.version, preview, message.pending);
        return;
      }
      case 'timing':
        this.events.timing?.(message.path, message.version, {
          parseMs: message.parseMs,
          checkMs: message.checkMs,
          previewMs: message.previewMs,
          receivedAt: message.receivedAt,
          startedAt: message.startedAt,
          endedAt: message.endedAt,
        });
        return;
    }
  }

  /** The worker died or is being replaced: fail every request still waiting. */
  dispose(reason = 'language worker stopped'): void {
    for (const p of this.pending.values()) p.reject(new Error(reason));
    this.pending.clear();
  }
}
