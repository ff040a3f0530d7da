// Entry point of the syntax layer: text in, AST + syntax diagnostics out. Never throws.
import { createTokenInstance, type ILexingError, type IToken } from 'chevrotain';
import type { Comment, Expr, SourceFile, Span } from '../ast.ts';
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import { walkExprs } from '../walk.ts';
import { parserInstance } from './parser.ts';
import { recognitionDiagnostics, registerTokenTypes } from './parse-errors.ts';
import { allTokens, Identifier, keywords, LBrace, procedureLexer, RBrace, UnterminatedString } from './tokens.ts';

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

/** Names must be unaccented ASCII (they become ids in URLs, JSON and the database). */
function tokenDiagnostics(tokens: readonly IToken[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const t of tokens) {
    const span = { start: t.startOffset, end: t.startOffset + t.image.length };
    if (t.tokenType === UnterminatedString) out.push(diagnostic('MC1002', span, { text: t.image }));
    else if (t.tokenType === Identifier && /[^\x00-\x7F]/.test(t.image)) {
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

const declarationStarts = new Set([keywords.procedure, keywords.fragment, keywords.source, keywords.agency]);

export function parse(text: string): ParseResult {
  const lexed = procedureLexer.tokenize(text);
  const balanced = closeOpenBlocks(lexed.tokens, text.length);
  const parser = parserInstance();
  parser.textLength = text.length;
  const declarations: SourceFile['declarations'][number][] = [];
  const recognition: Diagnostic[] = [];
  // The parser stops at text it cannot fit into any declaration; resume at the next
  // declaration keyword so that one stray line does not hide the rest of the file.
  let tokens = balanced.tokens;
  while (tokens.length > 0) {
    parser.input = tokens;
    let parsed: SourceFile | undefined;
    try {
      parsed = parser.file();
    } catch {
      parsed = undefined; // recovery failed hard: keep what the other chunks gave
    }
    if (parsed?.declarations) declarations.push(...parsed.declarations.filter(Boolean));
    const errors = parser.errors;
    recognition.push(...recognitionDiagnostics(errors, text.length));
    const stop = errors.find((e) => e.name === 'NotAllInputParsedException');
    if (!stop) break;
    const at = tokens.indexOf(stop.token);
    const next = tokens.findIndex((t, i) => i > at && declarationStarts.has(t.tokenType));
    if (at < 0 || next < 0) break;
    tokens = tokens.slice(next);
  }
  let file: SourceFile = { kind: 'File', span: { start: 0, end: text.length }, declarations, comments: [] };
  const comments: Comment[] = (lexed.groups['comments'] ?? []).map((t) => ({
    text: t.image,
    span: { start: t.startOffset, end: t.startOffset + t.image.length },
  }));
  file = { ...file, comments };
  const diagnostics = [
    ...lexDiagnostics(text, lexed.errors),
    ...tokenDiagnostics(lexed.tokens),
    ...balanced.diagnostics,
    ...recognition,
    ...literalDiagnostics(file),
  ].sort((a, b) => a.span.start - b.span.start);
  return { file, diagnostics };
}
