// Hover: what the name under the cursor means (label, type, prefill source, lock, legal
// basis…), or what a keyword of the language does; in Vietnamese unless asked for English.
import type { Workspace } from '../workspace.ts';
import { describe, keywordHover } from './describe.ts';
import { occurrenceAt } from './symbols.ts';
import { lexed, tokenAt, tokenEnd } from './tokens.ts';
import type { HoverInfo, ServiceOptions } from './types.ts';

export function hover(ws: Workspace, path: string, offset: number, options: ServiceOptions = {}): HoverInfo | undefined {
  const lang = options.lang ?? 'vi';
  const file = ws.file(path);
  if (!file) return undefined;
  const occurrence = occurrenceAt(ws, path, offset);
  if (occurrence) {
    const { start, end } = occurrence.span;
    return { start, end, markdown: describe(ws, occurrence.symbol, path, lang) };
  }
  const token = tokenAt(lexed(file).tokens, offset);
  if (!token || !token.tokenType.name.startsWith('Kw_')) return undefined;
  const markdown = keywordHover(token.image, lang);
  return markdown ? { start: token.startOffset, end: tokenEnd(token), markdown } : undefined;
}
