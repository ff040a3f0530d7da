// Quick fixes: every diagnostic under the range that knows the right spelling ("did you mean
// …": a misspelt keyword, an unknown name, a name with accents) offers to write it.
import { checkFile } from '../check/index.ts';
import { closest, type Diagnostic, type Fix } from '../diagnostics.ts';
import type { ParsedFile, Workspace } from '../workspace.ts';
import { cursorContext, isWord } from './cursor.ts';
import { lexed, tokenAt, tokenEnd } from './tokens.ts';
import type { CodeAction, ServiceOptions } from './types.ts';

// Checking is the expensive part; a Workspace value never changes, so its diagnostics can be kept.
const checked = new WeakMap<Workspace, Map<string, readonly Diagnostic[]>>();

function diagnosticsOf(ws: Workspace, path: string): readonly Diagnostic[] {
  let perFile = checked.get(ws);
  if (!perFile) checked.set(ws, (perFile = new Map()));
  let ds = perFile.get(path);
  if (!ds) perFile.set(path, (ds = checkFile(ws, path)));
  return ds;
}

/**
 * An unexpected word (MC1003) that is a near miss of a keyword the grammar accepts there. The
 * parser reports most of these as misspelt itself (MC1004, with its fix), but it reads only a
 * bounded number of tokens to find out (syntax/blocks.ts); here the whole block is read.
 */
function misspeltKeyword(file: ParsedFile, d: Diagnostic): Fix[] {
  if (d.code !== 'MC1003') return [];
  const token = tokenAt(lexed(file).tokens, d.span.start);
  if (!token || token.startOffset !== d.span.start || !isWord(token)) return [];
  const cx = cursorContext(file, token.startOffset);
  const keywords = (cx?.paths ?? []).map((p) => p.nextTokenType.name).filter((n) => n.startsWith('Kw_')).map((n) => n.slice(3));
  const suggestion = closest(token.image, keywords);
  if (!suggestion) return [];
  const span = { start: token.startOffset, end: tokenEnd(token) };
  return [{ title: { vi: `Đổi thành \`${suggestion}\``, en: `Change to \`${suggestion}\`` }, span, replacement: suggestion }];
}

export function codeActions(ws: Workspace, path: string, start: number, end: number, options: ServiceOptions = {}): CodeAction[] {
  const title = options.lang === 'en' ? (s: string) => `Change to «${s}»` : (s: string) => `Sửa thành «${s}»`;
  const file = ws.file(path);
  if (!file) return [];
  const out: CodeAction[] = [];
  const seen = new Set<string>();
  for (const d of diagnosticsOf(ws, path)) {
    if (d.span.start > end || d.span.end < start) continue;
    for (const fix of d.fixes ?? misspeltKeyword(file, d)) {
      const key = `${fix.span.start}:${fix.span.end}:${fix.replacement}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        title: title(fix.replacement),
        diagnosticCode: d.code,
        edits: [{ path: file.path, start: fix.span.start, end: fix.span.end, newText: fix.replacement }],
      });
    }
  }
  return out;
}
