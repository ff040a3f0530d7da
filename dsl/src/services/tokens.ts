// The token stream of a file, lexed once per parse (the services need positions of words,
// strings and comments, which the AST does not keep).
import type { IToken } from 'chevrotain';
import { procedureLexer } from '../syntax/tokens.ts';
import type { ParsedFile } from '../workspace.ts';

export interface Lexed {
  readonly tokens: readonly IToken[];
  readonly comments: readonly IToken[];
}

const cache = new WeakMap<ParsedFile, Lexed>();

export function lex(text: string): Lexed {
  const r = procedureLexer.tokenize(text);
  return { tokens: r.tokens, comments: r.groups['comments'] ?? [] };
}

export function lexed(file: ParsedFile): Lexed {
  let l = cache.get(file);
  if (!l) cache.set(file, (l = lex(file.text)));
  return l;
}

export const tokenEnd = (t: IToken) => t.startOffset + t.image.length;

/** Index of the last token starting before `offset` (binary search), or -1. */
export function lastTokenBefore(tokens: readonly IToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.startOffset < offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The token under `offset`, or the one just before it when the offset touches its end. */
export function tokenAt(tokens: readonly IToken[], offset: number): IToken | undefined {
  const i = lastTokenBefore(tokens, offset + 1);
  const t = tokens[i];
  return t && offset <= tokenEnd(t) ? t : undefined;
}

/** Is `offset` inside a comment (after its `#`)? */
export function inComment(comments: readonly IToken[], offset: number): boolean {
  const i = lastTokenBefore(comments, offset);
  const c = comments[i];
  return !!c && offset <= tokenEnd(c);
}
