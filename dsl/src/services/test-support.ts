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

/** Offset of the marker in `snippet` (written with `|`), found once in the library file. */
export function at(ws: Workspace, path: string, snippet: string): number {
  const { text: plain, offset } = cursor(snippet);
  const text = ws.file(path)!.text;
  const i = text.indexOf(plain);
  if (i < 0) throw new Error(`"${plain}" not in ${path}`);
  if (text.indexOf(plain, i + 1) >= 0) throw new Error(`"${plain}" occurs more than once in ${path}`);
  return i + offset;
}

/** The library with `find` replaced by `replace` (which carries the cursor marker) in one file. */
export function typing(ws: Workspace, path: string, find: string, replace: string): { ws: Workspace; path: string; offset: number } {
  const text = ws.file(path)!.text;
  const i = text.indexOf(find);
  if (i < 0) throw new Error(`"${find}" not in ${path}`);
  const c = cursor(replace);
  return { ws: ws.withFile(path, text.slice(0, i) + c.text + text.slice(i + find.length)), path, offset: i + c.offset };
}

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
