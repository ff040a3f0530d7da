// Prints the source's own tokens in order with canonical whitespace. Working from tokens rather
// than re-rendering the tree keeps every token as the designer wrote it (`20_000`, `working
// day` vs `working days`, `=` vs `computed`, string escapes), and comments are simply tokens
// with a place in the stream. The tree decides the layout: where elements start (a new line),
// which parentheses precedence needs, and which tokens are glued together.
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

/** A token or a comment, with how many line breaks preceded it in the source. */
export interface Piece {
  readonly image: string;
  readonly start: number;
  readonly end: number;
  readonly kind: Kind;
  readonly newlinesBefore: number;
}

const indents: string[] = [''];
const indentation = (depth: number): string => (indents[depth] ??= '  '.repeat(depth));

/** Tokens and comments in source order, except that a `{` moves before the comments just ahead of it. */
export function tokenStream(text: string, tokens: readonly IToken[], comments: readonly IToken[]): Piece[] {
  const out: Piece[] = [];
  let t = 0;
  let c = 0;
  let prevEnd = 0;
  while (t < tokens.length || c < comments.length) {
    const takeComment = c < comments.length && (t >= tokens.length || comments[c]!.startOffset < tokens[t]!.startOffset);
    const tok = takeComment ? comments[c++]! : tokens[t++]!;
    const start = tok.startOffset;
    let newlines = 0;
    for (let i = prevEnd; i < start; i++) if (text.charCodeAt(i) === 10) newlines++;
    const end = start + tok.image.length;
    out.push({
      // Trailing blanks of a comment are invisible noise in diffs.
      image: takeComment ? tok.image.trimEnd() : tok.image,
      start,
      end,
      kind: takeComment ? Kind.Comment : (kinds.get(tok.tokenType) ?? Kind.Other),
      newlinesBefore: newlines,
    });
    prevEnd = end;
  }
  // `x # note` + `{` on the next line: the brace joins its element's line and the comment
  // follows it, as it would have been written; a `{` is never left alone on a line.
  for (let i = 0; i < out.length; i++) {
    if (out[i]!.kind !== Kind.LBrace) continue;
    let j = i;
    while (j > 0 && out[j - 1]!.kind === Kind.Comment) j--;
    if (j < i) out.splice(j, 0, ...out.splice(i, 1));
  }
  return out;
}

/** Start offsets of the first token inside each `(`: the expressions that may carry parentheses. */
export function parenthesised(ps: readonly Piece[]): Set<number> {
  const starts = new Set<number>();
  for (let i = 0; i < ps.length; i++) {
    if (ps[i]!.kind !== Kind.LParen) continue;
    let j = i + 1;
    while (j < ps.length && ps[j]!.kind === Kind.Comment) j++;
    if (j < ps.length) starts.add(ps[j]!.start);
  }
  return starts;
}

/** Parentheses precedence does not need (the tree is the same without them). */
function droppedParens(ps: readonly Piece[], layout: ExpressionLayout): boolean[] {
  const drop = new Array<boolean>(ps.length).fill(false);
  const callParen = new Set<number>();
  const open: number[] = [];
  const nextCode = (i: number) => {
    while (i < ps.length && ps[i]!.kind === Kind.Comment) i++;
    return i;
  };
  const prevCode = (i: number) => {
    while (i >= 0 && ps[i]!.kind === Kind.Comment) i--;
    return i;
  };
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]!;
    if (p.kind === Kind.Comment) continue;
    if (layout.callees.has(p.start)) callParen.add(nextCode(i + 1));
    if (p.kind === Kind.LParen) open.push(i);
    if (p.kind !== Kind.RParen) continue;
    const o = open.pop();
    if (o === undefined || callParen.has(o)) continue;
    const first = nextCode(o + 1);
    const last = prevCode(i - 1);
    if (first > last) continue;
    const inner = ps[first]!;
    const innerLast = ps[last]!;
    // `((e))`: the inner pair decides. Unknown spans keep their parentheses (never guess).
    const doubled = inner.kind === Kind.LParen && !callParen.has(first) && matches(ps, first, last);
    if (doubled || layout.parens.get(spanKey(inner.start, innerLast.end)) === 'redundant') {
      drop[o] = true;
      drop[i] = true;
    }
  }
  return drop;
}

/** Does the `(` at `open` close at `close`? */
function matches(ps: readonly Piece[], open: number, close: number): boolean {
  let depth = 0;
  for (let i = open; i <= close; i++) {
    const t = ps[i]!.kind;
    if (t === Kind.LParen) depth++;
    else if (t === Kind.RParen && --depth === 0) return i === close;
  }
  return false;
}

/**
 * Lines longer than this put each clause of their element on a continuation line. Labels are
 * long Vietnamese phrases, so one-line elements stay readable up to about here; beyond it a
 * reviewer scrolls sideways and a change to one clause shows as a change to all of them.
 */
export const MAX_WIDTH = 100;

/**
 * The canonical text of a token stream. `elements`: where elements start (each goes on a line
 * of its own) and where their clauses start; `exprs`: parentheses and glued tokens.
 */
export function print(ps: readonly Piece[], elements: Elements, exprs: ExpressionLayout): string {
  const drop = droppedParens(ps, exprs);

  // Index of the next printed token (not a comment, not a dropped parenthesis), or -1.
  const next = new Int32Array(ps.length);
  for (let i = ps.length - 1, n = -1; i >= 0; i--) {
    next[i] = n;
    if (ps[i]!.kind !== Kind.Comment && !drop[i]) n = i;
  }

  let out = '';
  const owners: number[] = []; // for each open block, the depth of the element that opened it
  let depth = 0; // depth of the element being printed
  let prev: Piece | undefined; // last printed token, comments excluded
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

  /** Writes `line[from, to)` indented to `indent`, breaking it at `level` (then deeper) while too long. */
  const write = (from: number, to: number, indent: number, level: BreakLevel) => {
    const visibleEnd = commentAt >= from && commentAt < to ? commentAt : to;
    const cuts = breaks.filter((b) => b.level === level && b.at > from && b.at < to).map((b) => b.at);
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

  for (let i = 0; i < ps.length; i++) {
    if (drop[i]) continue;
    const p = ps[i]!;
    const blockDepth = owners.length ? owners[owners.length - 1]! + 1 : 0;

    if (p.kind === Kind.Comment) {
      if (started && p.newlinesBefore === 0) {
        commentAt = line.length; // trailing: stays at the end of its line
        line += ' ' + p.image;
      } else {
        // On its own line: it leads the next element (or closes the block) at that element's
        // indentation; inside an element it sits on a continuation line.
        const n = next[i]!;
        const np = n < 0 ? undefined : ps[n]!;
        const leads = np === undefined || np.kind === Kind.RBrace || elements.starts.has(np.start);
        newline(leads ? blockDepth : depth + 1, leads && !blockStart && p.newlinesBefore >= 2);
        commentAt = 0;
        line = p.image;
        blockStart = false;
      }
      afterComment = true;
      continue;
    }

    if (p.kind === Kind.RBrace) {
      const owner = owners.pop() ?? 0;
      if (!(prev?.kind === Kind.LBrace && !afterComment)) newline(owner, false); // else `{}`
      depth = owner;
      blockStart = false;
    } else if (p.kind === Kind.LBrace) {
      if (afterComment) newline(depth + 1, false);
      else if (started) line += ' ';
      owners.push(depth);
      blockStart = true;
    } else if (elements.starts.has(p.start)) {
      newline(blockDepth, !blockStart && p.newlinesBefore >= 2);
      depth = blockDepth;
      blockStart = false;
    } else if (afterComment || !started) {
      newline(depth + 1, false);
    } else {
      if (prev && spaced(prev, p, exprs)) line += ' ';
      const level = elements.breaks.get(p.start);
      if (level !== undefined) {
        breaks.push({ at: line.length, level });
        continuation = depth + 1;
      }
    }
    line += p.image;
    afterComment = false;
    prev = p;
  }
  if (started) {
    endLine();
    out += '\n';
  }
  return out;
}

function spaced(prev: Piece, p: Piece, layout: ExpressionLayout): boolean {
  // `2024-01-01:` would lex as numbers and minus signs (a date is never followed by `:`).
  if (prev.kind === Kind.Date && p.kind === Kind.Colon) return true;
  if (noSpaceBefore(p.kind) || noSpaceAfter(prev.kind)) return false;
  return !layout.glued.has(prev.start);
}
