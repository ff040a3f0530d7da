// The values the editor services exchange with the studio's worker. Positions are 0-based
// UTF-16 offsets into a file's text (what JavaScript strings and Monaco's `getOffsetAt` use);
// a range is `start` inclusive, `end` exclusive.

/** The language of the editor's texts (hover, completion details, quick-fix titles, refusals). */
export type Lang = 'vi' | 'en';

/** Options every service that words something takes; the language defaults to Vietnamese. */
export interface ServiceOptions {
  readonly lang?: Lang;
}

export interface TextEdit {
  readonly path: string;
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

export type CompletionKind =
  | 'keyword'
  | 'field'
  | 'group'
  | 'document'
  | 'fee'
  | 'state'
  | 'transition'
  | 'role'
  | 'agency'
  | 'source'
  | 'sourceField'
  | 'option'
  | 'result'
  | 'scenario'
  | 'snippet'
  | 'builtin';

export interface CompletionItem {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  readonly documentation?: string;
  /**
   * Text to insert when it differs from the label. For `kind: 'snippet'` it is in the
   * VS Code / Monaco snippet syntax (`${1:ten}`); otherwise plain text.
   */
  readonly insertText?: string;
  /**
   * The key the editor sorts equally good matches by, when it differs from the label: a
   * snippet comes before the bare keyword it starts with.
   */
  readonly sortText?: string;
}

export interface HoverInfo {
  readonly start: number;
  readonly end: number;
  readonly markdown: string;
}

export interface Location {
  readonly path: string;
  readonly start: number;
  readonly end: number;
}

export interface OutlineItem {
  readonly name: string;
  readonly kind: string;
  readonly label?: string;
  readonly start: number;
  readonly end: number;
  readonly children: OutlineItem[];
}

export interface CodeAction {
  readonly title: string;
  readonly diagnosticCode: string;
  readonly edits: TextEdit[];
}
