// Fixtures for the services' tests: text with a cursor marker (`$0`, or `|` when the text has
// no other bar), the procedure library, and applying edits.
import { join } from 'node:path';
import { expect } from 'vitest';
import { loadWorkspace } from '../node.ts';
import { Workspace } from '../workspace.ts';
import type { CompletionItem, TextEdit } from './types.ts';

import { COMMON } from '../check/test-support.ts';

export { procedure, COMMON } from '../check/test-support.ts';

/** Text without its marker, and the marker's offset. */
export function cursor(marked: string): { text: string; offset: number } {
  const marker = marked.includes('$0') ? '$0' : '|';
  const offset = marked.indexOf(marker);
  if (offset < 0) throw new Error('fixture has no cursor marker');
  if (marked.indexOf(marker, offset + 1) >= 0) throw new Error(`fixture has two ${marker} markers`);
  return { text: marked.slice(0, offset) + marked.slice(offset + marker.length), offset };
}

const FIXTURE = 'thu_tuc/mau.proc';

/**
 * A workspace of the common files (sources, agencies, applicant fragment) plus `files`, one of
 * which carries the cursor marker; a string is the file `thu_tuc/mau.proc`.
 */
export function marked(files: string | Readonly<Record<string, string>>): { ws: Workspace; path: string; offset: number } {
  const own = Object.entries(typeof files === 'string' ? { [FIXTURE]: files } : files);
  const marker = own.some(([, t]) => t.includes('$0')) ? '$0' : '|';
  const withMarker = own.filter(([, t]) => t.includes(marker));
  if (withMarker.length !== 1) throw new Error(`exactly one file must carry the ${marker} marker`);
  const [path, text] = withMarker[0]!;
  const c = cursor(text);
  const ws = Workspace.fromFiles([...Object.entries(COMMON), ...own.map(([p, t]) => [p, p === path ? c.text : t] as const)]);
  return { ws, path, offset: c.offset };
}

let lib: Workspace | undefined;
/** The procedure library in procedures/. */
export function library(): Workspace {
  return (lib ??= loadWorkspace(join(import.meta.dirname, '..', '..', '..', 'procedures')));
}

export const BIRTH = 'ho_tich/dang_ky_khai_sinh.proc';

const STRING = String.raw`"(?:[^"\\\n]|\\.)*"`;

/**
 * A pattern for `snippet` as the library writes it: each string of the snippet may be followed
 * by its English companion (`"Nộp hồ sơ" en "Submit"`), which the snippets leave out so that
 * they stay true while the library is being translated.
 */
function snippetPattern(snippet: string): string {
  let out = '';
  let last = 0;
  for (const m of snippet.matchAll(new RegExp(STRING, 'g'))) {
    out += escape(snippet.slice(last, m.index)) + escape(m[0]) + `(?: en ${STRING})?`;
    last = m.index + m[0].length;
  }
  return out + escape(snippet.slice(last));
}
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where `snippet` (a part before the cursor and one after) occurs, once, in the file. */
function find(text: string, path: string, before: string, after = ''): { index: number; length: number; cursor: number } {
  const re = new RegExp(`(${snippetPattern(before)})${snippetPattern(after)}`, 'g');
  const found = [...text.matchAll(re)];
  if (found.length === 0) throw new Error(`"${before}${after}" not in ${path}`);
  if (found.length > 1) throw new Error(`"${before}${after}" occurs more than once in ${path}`);
  const m = found[0]!;
  return { index: m.index, length: m[0].length, cursor: m.index + m[1]!.length };
}

/** Offset of the marker in `snippet` (written with `|`), found once in the library file. */
export function at(ws: Workspace, path: string, snippet: string): number {
  const { text: plain, offset } = cursor(snippet);
  return find(ws.file(path)!.text, path, plain.slice(0, offset), plain.slice(offset)).cursor;
}

/** The library with `find` replaced by `replace` (which carries the cursor marker) in one file. */
export function typing(ws: Workspace, path: string, snippet: string, replace: string): { ws: Workspace; path: string; offset: number } {
  const text = ws.file(path)!.text;
  const { index, length } = find(text, path, snippet);
  const c = cursor(replace);
  return { ws: ws.withFile(path, text.slice(0, index) + c.text + text.slice(index + length)), path, offset: index + c.offset };
}

/** `text` without the English companions of its strings (`"Nhãn" en "Label"` → `"Nhãn"`). */
export const vietnameseOnly = (text: string): string => text.replace(new RegExp(`(${STRING}) en ${STRING}`, 'g'), '$1');

export const labels = (items: readonly CompletionItem[], kind?: CompletionItem['kind']) =>
  items.filter((i) => !kind || i.kind === kind).map((i) => i.label);

/** Each file's text after the edits. */
export function applyEdits(ws: Workspace, edits: readonly TextEdit[]): Record<string, string> {
  const out: Record<string, string> = {};
  const byFile = new Map<string, TextEdit[]>();
  for (const e of edits) byFile.set(e.path, [...(byFile.get(e.path) ?? []), e]);
  for (const [path, es] of byFile) {
    let text = ws.file(path)!.text;
    const sorted = [...es].sort((a, b) => b.start - a.start);
    sorted.forEach((e, i) => expect(i === 0 || e.end <= sorted[i - 1]!.start, 'edits overlap').toBe(true));
    for (const e of sorted) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
    out[path] = text;
  }
  return out;
}
