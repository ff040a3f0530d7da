// Where the cursor is, syntactically, in text that is being typed and so rarely parses: the
// blocks open around it (from the braces before it) and what the grammar accepts next
// (../syntax/blocks.ts: content assist over the innermost block only).
import { tokenMatcher, type ISyntacticContentAssistPath, type IToken, type TokenType } from 'chevrotain';
import { assist, blockBody, openBlocks, type Block } from '../syntax/blocks.ts';
import { And, False, In, Name, Not, Or, StringLiteral, True, UnterminatedString } from '../syntax/tokens.ts';
import type { ParsedFile } from '../workspace.ts';
import { inComment, lastTokenBefore, lexed, tokenEnd } from './tokens.ts';

export type { Block, BlockKind } from '../syntax/blocks.ts';

export interface CursorContext {
  readonly tokens: readonly IToken[];
  /** Tokens before the cursor, without the word being typed. */
  readonly before: number;
  /** Open blocks, outermost (the file) first. */
  readonly blocks: readonly Block[];
  /** What the grammar accepts at the cursor. */
  readonly paths: readonly ISyntacticContentAssistPath[];
}

const hardWords = new Set<TokenType>([And, Or, Not, In, True, False]);
export const isWord = (t: IToken) => tokenMatcher(t, Name) || hardWords.has(t.tokenType);

/** The syntactic context at `offset`, or undefined where nothing can be completed (strings, comments, numbers). */
export function cursorContext(file: ParsedFile, offset: number): CursorContext | undefined {
  const { tokens, comments } = lexed(file);
  if (inComment(comments, offset)) return undefined;
  let before = lastTokenBefore(tokens, offset) + 1;
  const t = tokens[before - 1];
  if (t && offset <= tokenEnd(t)) {
    const inside = offset < tokenEnd(t);
    if (tokenMatcher(t, StringLiteral)) {
      if (inside || t.tokenType === UnterminatedString) return undefined;
    } else if (isWord(t)) before--; // the word being typed: complete what may stand in its place
    else if (inside) return undefined;
  }
  const { blocks, openOf } = openBlocks(tokens, before);
  const block = blocks[blocks.length - 1]!;
  if (block.kind === 'choice' || block.kind === 'unknown') return { tokens, before, blocks, paths: [] };
  const paths = assist(block.kind, blockBody(tokens, block, before, openOf));
  return { tokens, before, blocks, paths };
}
