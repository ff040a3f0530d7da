// Editor language services for the studio (run in its web worker; no Node APIs): completion,
// hover, go to definition, references, rename, outline, quick fixes, formatting. Every
// function takes the Workspace holding the file's current text and 0-based UTF-16 offsets.
export type { Lang, ServiceOptions, TextEdit, CompletionItem, CompletionKind, HoverInfo, Location, OutlineItem, CodeAction } from './types.ts';
export { complete } from './complete.ts';
export { hover } from './hover.ts';
export { definition, references } from './navigate.ts';
export { rename } from './rename.ts';
export { outline } from './outline.ts';
export { codeActions } from './code-actions.ts';
export { formatDocument } from './format-document.ts';
