// Prints the source's own tokens in order with canonical whitespace. Working from tokens rather
// than re-rendering the tree keeps every token as the designer wrote it (`20_000`, `working
// day` vs `working days`, `=` vs `computed`, string escapes), and comments are simply tokens
// with a place in the stream. The tree decides the layout: where elements start (a new line),
// where a line too long may break (before a clause), which parentheses precedence needs, and
// which tokens are glued together.
import type { IToken, TokenType } from 'chevrotain';
import * as T from '../syntax/tokens.ts';
import type { BreakLevel, Elements } from './elements.ts';
import { spanKey, type ExpressionLayout } from './expressions.ts';

/** The few token kinds layout cares about, as small integers for the hot loops. */
const enum Kind {
  Comment,
  Other,
  LBrace,
  RBrace,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Colon,
  Dot,
  Percent,
  Date,
}

const kinds = new Map<TokenType, Kind>([
  [T.LBrace, Kind.LBrace],
  [T.RBrace, Kind.RBrace],
  [T.LParen, Kind.LParen],
  [T.RParen, Kind.RParen],
  [T.LBracket, Kind.LBracket],
  [T.RBracket, Kind.RBracket],
  [T.Comma, Kind.Comma],
  [T.Colon, Kind.Colon],
  [T.Dot, Kind.Dot],
  [T.Percent, Kind.Percent],
  [T.DateLiteral, Kind.Date],
]);

const noSpaceBefore = (k: Kind) =>
  k === Kind.Comma || k === Kind.Colon || k === Kind.Dot || k === Kind.Percent || k === Kind.RParen || k === Kind.RBracket;
const noSpaceAfter = (k: Kind) => k === Kind.LParen || k === Kind.LBracket || k === Kind.Dot;

/**
 * Tokens and comments in print order, as parallel arrays (a large file has tens of thousands
 * of tokens; one object each would be most of the formatter's garbage).
 */
export interface TokenStream {
  readonly length: number;
  readonly kind: Uint8Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Line breaks between this piece and the one before it in the source. */
  readonly newlinesBefore: Int32Array;
  readonly image: string[];
}

const indents: string[] = [''];
const indentation = (depth: number): string => (indents[depth] ??= '  '.repeat(depth));

/** Tokens and comments in source order, except that a `{` moves before the comments just ahead of it. */
export function tokenStream(text: string, tokens: readonly IToken[], comments: readonly IToken[]): TokenStream {
  const length = tokens.length + comments.length;
  const s: TokenStream = {
    length,
    kind: new Uint8Array(length),
    start: new Int32Array(length),
    end: new Int32Array(length),
    newlinesBefore: new Int32Array(length),
    image: new Array<string>(length),
  };
  let t = 0;
  let c = 0;
  let prevEnd = 0;
  let lastCode = -1; // index of the last token (not comment) placed
  for (let n = 0; n < length; n++) {
    const takeComment = c < comments.length && (t >= tokens.length || comments[c]!.startOffset < tokens[t]!.startOffset);
    const tok = takeComment ? comments[c++]! : tokens[t++]!;
    const start = tok.startOffset;
    const end = start + tok.image.length;
    let newlines = 0;
    for (let i = prevEnd; i < start; i++) {
      // A line ends at \n, \r\n or a lone \r (the lexer ends a comment at either).
      const ch = text.charCodeAt(i);
      if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) newlines++;
    }
    prevEnd = end;
    const kind = takeComment ? Kind.Comment : (kinds.get(tok.tokenType) ?? Kind.Other);
    // `x # note` + `{` on the next line: the brace joins its element's line and the comment
    // follows it, as it would have been written; a `{` is never left alone on a line.
    let at = n;
    if (kind === Kind.LBrace) {
      at = lastCode + 1;
      for (let i = n; i > at; i--) move(s, i - 1, i);
    }
    s.kind[at] = kind;
    s.start[at] = start;
    s.end[at] = end;
    s.newlinesBefore[at] = newlines;
    s.image[at] = takeComment ? tok.image.trimEnd() : tok.image; // trailing blanks are diff noise
    if (!takeComment) lastCode = at;
  }
  return s;
}

function move(s: TokenStream, from: number, to: number): void {
  s.kind[to] = s.kind[from]!;
  s.start[to] = s.start[from]!;
  s.end[to] = s.end[from]!;
  s.newlinesBefore[to] = s.newlinesBefore[from]!;
  s.image[to] = s.image[from]!;
}

/** Start offsets of the first token inside each `(`: the expressions that may carry parentheses. */
export function parenthesised(s: TokenStream): Set<number> {
  const starts = new Set<number>();
  for (let i = 0; i < s.length; i++) {
    if (s.kind[i] !== Kind.LParen) continue;
    let j = i + 1;
    while (j < s.length && s.kind[j] === Kind.Comment) j++;
    if (j < s.length) starts.add(s.start[j]!);
  }
  return starts;
}

/** Parentheses precedence does not need (the tree is the same without them). */
function droppedParens(s: TokenStream, layout: ExpressionLayout): Uint8Array {
  const drop = new Uint8Array(s.length);
  const callParen = new Set<number>();
  const open: number[] = [];
  const nextCode = (i: number) => {
    while (i < s.length && s.kind[i] === Kind.Comment) i++;
    return i;
  };
  const prevCode = (i: number) => {
    while (i >= 0 && s.kind[i] === Kind.Comment) i--;
    return i;
  };
  for (let i = 0; i < s.length; i++) {
    const kind = s.kind[i];
    if (kind === Kind.Comment) continue;
    if (layout.callees.has(s.start[i]!)) callParen.add(nextCode(i + 1));
    if (kind === Kind.LParen) open.push(i);
    if (kind !== Kind.RParen) continue;
    const o = open.pop();
    if (o === undefined || callParen.has(o)) continue;
    const first = nextCode(o + 1);
    const last = prevCode(i - 1);
    if (first > last) continue;
    // `((e))`: the inner pair decides. Unknown spans keep their parentheses (never guess).
    const doubled = s.kind[first] === Kind.LParen && !callParen.has(first) && matches(s, first, last);
    if (doubled || layout.parens.get(spanKey(s.start[first]!, s.end[last]!)) === 'redundant') {
      drop[o] = 1;
      drop[i] = 1;
    }
  }
  return drop;
}

/** Does the `(` at `open` close at `close`? */
function matches(s: TokenStream, open: number, close: number): boolean {
  let depth = 0;
  for (let i = open; i <= close; i++) {
    const kind = s.kind[i];
    if (kind === Kind.LParen) depth++;
    else if (kind === Kind.RParen && --depth === 0) return i === close;
  }
  return false;
}

/**
 * Lines longer than this put each clause of their element on a continuation line. Labels are
 * long Vietnamese phrases, so one-line elements stay readable up to about here; beyond it a
 * reviewer scrolls sideways and a change to one clause shows as a change to all of them.
 */
const MAX_WIDTH = 100;

/**
 * The canonical text of a token stream. `elements`: where elements start (each goes on a line
 * of its own) and where their clauses start; `exprs`: parentheses and glued tokens.
 */
export function print(s: TokenStream, elements: Elements, exprs: ExpressionLayout): string {
  const drop = droppedParens(s, exprs);

  // Index of the next printed token (not a comment, not a dropped parenthesis), or -1.
  const next = new Int32Array(s.length);
  for (let i = s.length - 1, n = -1; i >= 0; i--) {
    next[i] = n;
    if (s.kind[i] !== Kind.Comment && !drop[i]) n = i;
  }

  let out = '';
  const owners: number[] = []; // for each open block, the depth of the element that opened it
  let depth = 0; // depth of the element being printed
  let prev = -1; // index of the last printed token, comments excluded
  let afterComment = false; // the line ends with a comment: the next token starts a new line
  let blockStart = false; // nothing but a trailing comment since the last `{`

  // The line being built: its text (without indentation), where it may break (offsets into
  // `line`), and where its trailing comment starts (comments do not count towards the width).
  let started = false;
  let line = '';
  let lineDepth = 0;
  let breaks: Array<{ at: number; level: BreakLevel }> = [];
  let continuation = 0; // depth of the continuation lines of the element on this line
  let commentAt = -1;

  /**
   * Writes `line[from, to)` indented to `indent`, breaking it at `level` (then deeper) while too
   * long. `breaks` is in line order: only those inside the range are looked at (filtering them
   * all for each clause was quadratic on a line of thousands of clauses).
   */
  const write = (from: number, to: number, indent: number, level: BreakLevel) => {
    const visibleEnd = commentAt >= from && commentAt < to ? commentAt : to;
    const cuts: number[] = [];
    for (let k = firstBreakAfter(from); k < breaks.length && breaks[k]!.at < to; k++) {
      if (breaks[k]!.level === level) cuts.push(breaks[k]!.at);
    }
    if (indentation(indent).length + visibleEnd - from <= MAX_WIDTH || (level === 2 && cuts.length === 0)) {
      out += indentation(indent) + line.slice(from, to).trimEnd();
      return;
    }
    const bounds = [from, ...cuts, to];
    for (let k = 0; k + 1 < bounds.length; k++) {
      if (k > 0) out += '\n';
      const a = bounds[k]!;
      const b = bounds[k + 1]!;
      // A clause still too long breaks before its own metadata, one level deeper.
      if (level === 1) write(a, b, k === 0 ? indent : continuation, 2);
      else out += indentation(k === 0 ? indent : continuation + 1) + line.slice(a, b).trimEnd();
    }
  };
  /** Index of the first break after offset `from` (binary search: their offsets only grow along the line). */
  const firstBreakAfter = (from: number): number => {
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (breaks[mid]!.at <= from) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const endLine = () => write(0, line.length, lineDepth, 1);
  const newline = (indent: number, blank: boolean) => {
    if (started) {
      endLine();
      out += blank ? '\n\n' : '\n';
    }
    started = true;
    line = '';
    lineDepth = indent;
    breaks = [];
    commentAt = -1;
  };

  for (let i = 0; i < s.length; i++) {
    if (drop[i]) continue;
    const kind = s.kind[i]!;
    const image = s.image[i]!;
    const blockDepth = owners.length ? owners[owners.length - 1]! + 1 : 0;

    if (kind === Kind.Comment) {
      if (started && s.newlinesBefore[i] === 0) {
        commentAt = line.length; // trailing: stays at the end of its line
        line += ' ' + image;
      } else {
        // On its own line: it leads the next element (or closes the block) at that element's
        // indentation; inside an element it sits on a continuation line.
        const n = next[i]!;
        const leads = n < 0 || s.kind[n] === Kind.RBrace || elements.starts.has(s.start[n]!);
        newline(leads ? blockDepth : depth + 1, leads && !blockStart && s.newlinesBefore[i]! >= 2);
        commentAt = 0;
        line = image;
        blockStart = false;
      }
      afterComment = true;
      continue;
    }

    if (kind === Kind.RBrace) {
      const owner = owners.pop() ?? 0;
      if (!(prev >= 0 && s.kind[prev] === Kind.LBrace && !afterComment)) newline(owner, false); // else `{}`
      depth = owner;
      blockStart = false;
    } else if (kind === Kind.LBrace) {
      if (afterComment) newline(depth + 1, false);
      else if (started) line += ' ';
      owners.push(depth);
      blockStart = true;
    } else if (elements.starts.has(s.start[i]!)) {
      newline(blockDepth, !blockStart && s.newlinesBefore[i]! >= 2);
      depth = blockDepth;
      blockStart = false;
    } else if (afterComment || !started) {
      newline(depth + 1, false);
    } else {
      if (prev >= 0 && spaced(s, prev, i, exprs)) line += ' ';
      const level = elements.breaks.get(s.start[i]!);
      if (level !== undefined) {
        breaks.push({ at: line.length, level });
        continuation = depth + 1;
      }
    }
    line += image;
    afterComment = false;
    prev = i;
  }
  if (started) {
    endLine();
    out += '\n';
  }
  return out;
}

function spaced(s: TokenStream, prev: number, i: number, layout: ExpressionLayout): boolean {
  const before = s.kind[prev]!;
  const kind = s.kind[i]!;
  // `2024-01-01:` would lex as numbers and minus signs (a date is never followed by `:`).
  if (before === Kind.Date && kind === Kind.Colon) return true;
  if (noSpaceBefore(kind) || noSpaceAfter(before)) return false;
  return !layout.glued.has(s.start[prev]!);
}
