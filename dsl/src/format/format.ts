// The canonical formatter of procedure files, in the manner of gofmt and terraform fmt: no
// options, only whitespace and layout change, idempotent, every comment kept, no column
// alignment. Reviewers then see only real changes in a pull request.
import type { SourceFile } from '../ast.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { parse } from '../syntax/parse.ts';
import { procedureLexer } from '../syntax/tokens.ts';
import { elements, type TokenBefore } from './elements.ts';
import { expressionLayout } from './expressions.ts';
import { parenthesised, print, tokenStream } from './printer.ts';

export interface FormatResult {
  /** The canonical text, or the input itself when it has syntax errors. */
  readonly text: string;
  readonly changed: boolean;
  /** The syntax diagnostics of the input. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Syntax diagnostics after which the tree is still whole (a date that is not in the calendar,
 * an accented name): the file can be laid out safely. Any other error means the parser had to
 * guess, and formatting could move the designer's text around: the input is returned as is.
 */
const TREE_INTACT = new Set(['MC1006', 'MC1007']);

export function format(text: string): FormatResult {
  const { file, diagnostics } = parse(text);
  if (diagnostics.some((d) => d.severity === 'error' && !TREE_INTACT.has(d.code))) {
    return { text, changed: false, diagnostics };
  }
  const formatted = formatFile(file, text);
  return { text: formatted, changed: formatted !== text, diagnostics };
}

/** Lays out `text`, whose syntax tree is `file`, canonically. */
export function formatFile(file: SourceFile, text: string): string {
  const { tokens, groups } = procedureLexer.tokenize(text);
  const stream = tokenStream(text, tokens, groups['comments'] ?? []);
  const tokenBefore: TokenBefore = (offset) => {
    // Binary search: the token starting at `offset`, then the one before it.
    let lo = 0;
    let hi = tokens.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const start = tokens[mid]!.startOffset;
      if (start === offset) {
        const before = tokens[mid - 1];
        return before && { start: before.startOffset, image: before.image };
      }
      if (start < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  };
  return print(stream, elements(file, tokenBefore), expressionLayout(file, parenthesised(stream)));
}
