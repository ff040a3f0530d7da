// Entry point of the syntax layer: text in, AST + syntax diagnostics out. Never throws.
import type { ILexingError } from 'chevrotain';
import type { Comment, Expr, SourceFile, Span } from '../ast.ts';
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import { walkExprs } from '../walk.ts';
import { parserInstance } from './parser.ts';
import { recognitionDiagnostics, registerTokenTypes } from './parse-errors.ts';
import { allTokens, procedureLexer } from './tokens.ts';

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
  const check = (e: Expr) => {
    if (e.kind !== 'Literal') return;
    const l = e.literal;
    if ((l.type === 'date' || l.type === 'datetime') && !validDate(l.value)) {
      out.push(diagnostic('MC1006', e.span, { text: e.raw, why: { vi: 'ngày này không có trong lịch.', en: 'no such calendar date.' } }));
    }
    if (l.type === 'datetime') {
      const [hh, mm] = l.value.slice(11).split(':').map(Number);
      if (hh! > 23 || mm! > 59) {
        out.push(diagnostic('MC1006', e.span, { text: e.raw, why: { vi: 'giờ phải từ 00:00 đến 23:59.', en: 'time must be between 00:00 and 23:59.' } }));
      }
    }
    if (l.type === 'money' && !Number.isInteger(l.value)) {
      out.push(diagnostic('MC1006', e.span, { text: e.raw, why: { vi: 'số tiền tính bằng đồng, không có phần lẻ.', en: 'amounts are whole đồng.' } }));
    }
  };
  walkExprs(file, check, (d) => {
    if (!validDate(d.value)) {
      out.push(diagnostic('MC1006', d.span, { text: d.value, why: { vi: 'ngày này không có trong lịch.', en: 'no such calendar date.' } }));
    }
  });
  return out;
}

export function parse(text: string): ParseResult {
  const lexed = procedureLexer.tokenize(text);
  const parser = parserInstance();
  parser.textLength = text.length;
  parser.input = lexed.tokens;
  let file: SourceFile;
  try {
    file = parser.file();
  } catch {
    // Recovery failed hard (should not happen); report what we have instead of throwing.
    file = { kind: 'File', span: { start: 0, end: text.length }, declarations: [], comments: [] };
  }
  const comments: Comment[] = (lexed.groups['comments'] ?? []).map((t) => ({
    text: t.image,
    span: { start: t.startOffset, end: t.startOffset + t.image.length },
  }));
  file = { ...file, comments };
  const diagnostics = [
    ...lexDiagnostics(text, lexed.errors),
    ...recognitionDiagnostics(parser.errors, text.length),
    ...literalDiagnostics(file),
  ].sort((a, b) => a.span.start - b.span.start);
  return { file, diagnostics };
}
