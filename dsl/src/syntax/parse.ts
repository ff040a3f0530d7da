// Entry point of the syntax layer: text in, AST + syntax diagnostics out. Never throws.
import { createTokenInstance, type ILexingError, type IToken } from 'chevrotain';
import type { Comment, Expr, FormItem, SourceFile, Span } from '../ast.ts';
import { diagnostic, type Diagnostic, type Localized } from '../diagnostics.ts';
import { walkExprs } from '../walk.ts';
import { keywordsAcceptedAt } from './blocks.ts';
import { MAX_EXPR_DEPTH, parseNumber, parserInstance } from './parser.ts';
import { recognitionDiagnostics, registerTokenTypes } from './parse-errors.ts';
import {
  allTokens,
  Identifier,
  keywords,
  LBrace,
  LBracket,
  LParen,
  Minus,
  Not,
  NumberLiteral,
  procedureLexer,
  RBrace,
  RBracket,
  RParen,
  UnterminatedString,
} from './tokens.ts';

registerTokenTypes(allTokens);

export interface ParseResult {
  readonly file: SourceFile;
  readonly diagnostics: readonly Diagnostic[];
}

function lexDiagnostics(text: string, errors: readonly ILexingError[]): Diagnostic[] {
  return errors.map((e) => {
    const ch = text.slice(e.offset, e.offset + Math.max(1, e.length));
    const span: Span = { start: e.offset, end: e.offset + Math.max(1, e.length) };
    if (text[e.offset] === '"') return diagnostic('MC1002', { start: e.offset, end: lineEnd(text, e.offset) }, { text: ch });
    return diagnostic('MC1001', span, { char: ch.length > 12 ? `${ch.slice(0, 12)}…` : ch });
  });
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})/;

function validDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

/** Literals the lexer accepts but that mean nothing: 2025-02-30, 25:00, 10.5 VND. */
function literalDiagnostics(file: SourceFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const checkDate = (value: string, raw: string, span: Span) => {
    if (!validDate(value)) {
      out.push(diagnostic('MC1006', span, { text: raw, why: { vi: 'ngày này không có trong lịch.', en: 'no such calendar date.' } }));
    }
    if (value.length > 10) {
      const [hh, mm] = value.slice(11).split(':').map(Number);
      if (hh! > 23 || mm! > 59) {
        out.push(diagnostic('MC1006', span, { text: raw, why: { vi: 'giờ phải từ 00:00 đến 23:59.', en: 'time must be between 00:00 and 23:59.' } }));
      }
    }
  };
  const check = (e: Expr) => {
    if (e.kind !== 'Literal') return;
    const l = e.literal;
    if (l.type === 'date' || l.type === 'datetime') checkDate(l.value, e.raw, e.span);
    if (l.type === 'money' && e.raw.includes('.')) {
      // `20.000 VND` is how Vietnamese write twenty thousand, but here `.` is a decimal point:
      // accepting it would silently charge 20 đồng.
      const whole = Number.isInteger(l.value) && /\.\d{3}\b/.test(e.raw);
      out.push(
        diagnostic('MC1006', e.span, {
          text: e.raw,
          why: whole
            ? { vi: `dấu chấm ở đây là dấu thập phân; viết hàng nghìn bằng \`_\`, ví dụ \`${e.raw.split(' ')[0]!.replace(/\./g, '_')} VND\`.`, en: `the dot is a decimal point here; group thousands with \`_\`, e.g. \`${e.raw.split(' ')[0]!.replace(/\./g, '_')} VND\`.` }
            : { vi: 'số tiền tính bằng đồng, không có phần lẻ.', en: 'amounts are whole đồng.' },
        }),
      );
    }
  };
  walkExprs(file, check, (d) => {
    if (d.value) checkDate(d.value, d.value.replace('T', ' '), d.span);
  });
  return out;
}

/**
 * Numbers that count something: a version, copies, a size, how often a group repeats. The IR
 * (and the engine) take whole numbers from 1 there; `version 0` or `copies 1.5` compiled into an
 * IR its own schema refuses.
 */
function countDiagnostics(file: SourceFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const need = (ok: boolean, value: number, span: Span, why: Localized) => {
    if (!ok) out.push(diagnostic('MC1006', span, { text: String(value), why }));
  };
  const whole = (n: number, min: number) => Number.isInteger(n) && n >= min;
  const groups = (items: readonly FormItem[]) => {
    for (const it of items) {
      if (it?.kind !== 'Group' || !it.repeated) continue;
      const { min, max, span } = it.repeated;
      if (min !== undefined) need(whole(min, 0), min, span, { vi: 'số lần lặp tối thiểu là số nguyên từ 0.', en: 'the minimum repeat is a whole number from 0.' });
      if (max !== undefined) need(whole(max, 1), max, span, { vi: 'số lần lặp tối đa là số nguyên từ 1.', en: 'the maximum repeat is a whole number from 1.' });
    }
  };
  for (const d of file.declarations) {
    if (d.kind === 'Fragment') groups(d.fields);
    if (d.kind !== 'Procedure') continue;
    for (const item of d.items) {
      if (item?.kind === 'Meta' && item.number) {
        need(whole(item.number.value, 1), item.number.value, item.number.span, { vi: 'phiên bản là số nguyên từ 1.', en: 'a version is a whole number from 1.' });
      }
      if (item?.kind === 'Form') groups(item.items);
      if (item?.kind !== 'Documents') continue;
      for (const doc of item.docs) {
        for (const c of doc?.clauses ?? []) {
          if (c?.kind === 'Copies') need(whole(c.count, 1), c.count, c.span, { vi: 'số bản là số nguyên từ 1.', en: 'copies are a whole number from 1.' });
          if (c?.kind === 'MaxSize') need(c.megabytes > 0, c.megabytes, c.span, { vi: 'dung lượng tối đa phải lớn hơn 0.', en: 'the maximum size must be more than 0.' });
        }
      }
    }
  }
  return out;
}

/** Names must be unaccented ASCII (they become ids in URLs, JSON and the database). */
function tokenDiagnostics(tokens: readonly IToken[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const t of tokens) {
    const type = t.tokenType;
    if (type !== UnterminatedString && type !== NumberLiteral && type !== Identifier) continue;
    const span = { start: t.startOffset, end: t.startOffset + t.image.length };
    if (type === UnterminatedString) out.push(diagnostic('MC1002', span, { text: t.image }));
    else if (type === NumberLiteral && !(parseNumber(t.image) <= Number.MAX_SAFE_INTEGER)) {
      // Past 2^53 a number is no longer exact (and past ~1e308 it is Infinity, which no IR accepts).
      const text = t.image.length > 24 ? `${t.image.slice(0, 24)}…` : t.image;
      out.push(diagnostic('MC1006', span, { text, why: { vi: 'số quá lớn (tối đa 9_007_199_254_740_991).', en: 'the number is too large (at most 9_007_199_254_740_991).' } }));
    } else if (type === Identifier && /[^\x00-\x7F]/.test(t.image)) {
      const ascii = unaccent(t.image);
      out.push(
        diagnostic('MC1007', span, { name: t.image, suggestion: ascii }, [
          { title: { vi: `Đổi thành \`${ascii}\``, en: `Change to \`${ascii}\`` }, span, replacement: ascii },
        ]),
      );
    }
  }
  return out;
}

export function unaccent(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * Close blocks left open at the end of the file with virtual `}` tokens, so everything written
 * so far is parsed (and previewed) and the one real mistake is reported once, at its `{`.
 */
function closeOpenBlocks(tokens: IToken[], textLength: number): { tokens: IToken[]; diagnostics: Diagnostic[] } {
  const open: IToken[] = [];
  for (const t of tokens) {
    if (t.tokenType === LBrace) open.push(t);
    else if (t.tokenType === RBrace) open.pop();
  }
  if (open.length === 0) return { tokens, diagnostics: [] };
  const first = open[0]!;
  const closing = open.map(() => {
    const tok = createTokenInstance(RBrace, '}', textLength, textLength, NaN, NaN, NaN, NaN);
    return { ...tok, startOffset: textLength, endOffset: textLength - 1 };
  });
  return {
    tokens: [...tokens, ...closing],
    diagnostics: [diagnostic('MC1005', { start: first.startOffset, end: first.startOffset + 1 }, { open: '{' })],
  };
}

/**
 * Brackets, braces and runs of `not`/`-` nested deeper than this are not parsed (MC1008): the
 * parser recurses at each level (and recovers at each, in time that grows with the depth). A
 * procedure needs a handful.
 */
export const MAX_NESTING = 100;
/** After this many syntax errors the rest of the file is not parsed (see errorBudget in the parser). */
export const MAX_SYNTAX_ERRORS = 200;

/** The tokens up to the first one nested deeper than MAX_NESTING, and the diagnostic there. */
function limitNesting(tokens: IToken[]): { tokens: IToken[]; diagnostics: Diagnostic[] } {
  let depth = 0;
  let prefix = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const type = t.tokenType;
    if (type === LBrace || type === LParen || type === LBracket) depth++;
    else if (type === RBrace || type === RParen || type === RBracket) depth = Math.max(0, depth - 1);
    prefix = type === Not || type === Minus ? prefix + 1 : 0;
    if (depth + prefix > MAX_NESTING) {
      const span = { start: t.startOffset, end: t.startOffset + t.image.length };
      return { tokens: tokens.slice(0, i), diagnostics: [diagnostic('MC1008', span, { limit: MAX_NESTING })] };
    }
  }
  return { tokens, diagnostics: [] };
}

/**
 * How many tokens the search for misspelt keywords may read per file (content assist, about
 * 20 µs a token: 0.2 s at most), so that pasted garbage full of near-keywords stays fast.
 */
const KEYWORD_SEARCH_TOKENS = 10_000;

const declarationStarts = new Set([keywords.procedure, keywords.fragment, keywords.source, keywords.agency]);

export function parse(text: string): ParseResult {
  const lexed = procedureLexer.tokenize(text);
  const nesting = limitNesting(lexed.tokens);
  const balanced = closeOpenBlocks(nesting.tokens, text.length);
  const parser = parserInstance();
  parser.textLength = text.length;
  parser.text = text;
  parser.tooDeep = [];
  parser.englishMistakes = [];
  parser.resetDepths();
  const declarations: SourceFile['declarations'][number][] = [];
  const recognition: Diagnostic[] = [];
  // The parser stops at text it cannot fit into any declaration; resume at the next
  // declaration keyword so that one stray line does not hide the rest of the file.
  let tokens = balanced.tokens;
  // Which keyword a misspelt word was meant to be: a few blocks' worth of content assist per file.
  const budget = { tokens: KEYWORD_SEARCH_TOKENS };
  const keywordsAt = (index: number) => keywordsAcceptedAt(balanced.tokens, index, budget);
  while (tokens.length > 0 && recognition.length < MAX_SYNTAX_ERRORS) {
    parser.input = tokens;
    parser.errorBudget = MAX_SYNTAX_ERRORS - recognition.length;
    let parsed: SourceFile | undefined;
    try {
      parsed = parser.file();
    } catch {
      parsed = undefined; // recovery failed hard: keep what the other chunks gave
    }
    if (parsed?.declarations) declarations.push(...parsed.declarations.filter(Boolean));
    const errors = parser.errors;
    recognition.push(...recognitionDiagnostics(errors, text.length, balanced.tokens, keywordsAt));
    const stop = errors.find((e) => e.name === 'NotAllInputParsedException');
    if (!stop) break;
    const at = tokens.indexOf(stop.token);
    const next = tokens.findIndex((t, i) => i > at && declarationStarts.has(t.tokenType));
    if (at < 0 || next < 0) break;
    tokens = tokens.slice(next);
  }
  parser.resetDepths();
  let file: SourceFile = { kind: 'File', span: { start: 0, end: text.length }, declarations, comments: [] };
  const comments: Comment[] = (lexed.groups['comments'] ?? []).map((t) => ({
    text: t.image,
    span: { start: t.startOffset, end: t.startOffset + t.image.length },
  }));
  file = { ...file, comments };
  const tooDeep = new Map(parser.tooDeep.map((span) => [span.start, span] as const));
  const english = new Map(parser.englishMistakes.map((m) => [m.span.start, m] as const));
  parser.englishMistakes = [];
  const diagnostics = [
    ...lexDiagnostics(text, lexed.errors),
    ...tokenDiagnostics(lexed.tokens),
    ...nesting.diagnostics,
    ...[...tooDeep.values()].map((span) => diagnostic('MC1008', span, { limit: MAX_EXPR_DEPTH })),
    ...[...english.values()].map((m) => diagnostic('MC1009', m.span, { missing: m.missing })),
    ...balanced.diagnostics,
    ...recognition,
    ...literalDiagnostics(file),
    ...countDiagnostics(file),
  ].sort((a, b) => a.span.start - b.span.start);
  return { file, diagnostics };
}
