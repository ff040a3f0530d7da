// Format document: the canonical layout (format()) as the few edits that turn the text into
// it. The formatter changes only whitespace, so the edits are the whitespace runs that differ;
// small edits keep the editor's cursor, selections and undo history where the designer left them.
import { format } from '../format/index.ts';
import type { TextEdit } from './types.ts';

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 0xfeff;

/**
 * Edits turning `before` into `after` when the two differ only in whitespace (including
 * whitespace added or removed between two visible characters); undefined otherwise.
 */
export function whitespaceEdits(before: string, after: string, path = ''): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    const i0 = i;
    const j0 = j;
    while (i < before.length && isSpace(before.charCodeAt(i))) i++;
    while (j < after.length && isSpace(after.charCodeAt(j))) j++;
    if (before.slice(i0, i) !== after.slice(j0, j)) edits.push({ path, start: i0, end: i, newText: after.slice(j0, j) });
    if (i < before.length !== j < after.length) return undefined;
    // Then the visible characters, which must be the same, up to whitespace on either side.
    while (i < before.length && j < after.length && !isSpace(before.charCodeAt(i)) && !isSpace(after.charCodeAt(j))) {
      if (before[i] !== after[j]) return undefined;
      i++;
      j++;
    }
  }
  return edits;
}

/**
 * Edits to the canonical format; `undefined` when the file has syntax errors (it is left
 * alone). The edits' `path` is the optional `path` argument (empty by default): they apply to `text`.
 */
export function formatDocument(text: string, path = ''): TextEdit[] | undefined {
  const result = format(text);
  if (!result.changed) return result.diagnostics.some((d) => d.severity === 'error') ? undefined : [];
  // Comments and strings are copied as written, so a non-whitespace difference would be a
  // formatter bug; fall back to one edit rather than lose the designer's text.
  return whitespaceEdits(text, result.text, path) ?? [{ path, start: 0, end: text.length, newText: result.text }];
}
