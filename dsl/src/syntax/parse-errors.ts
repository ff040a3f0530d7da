// Turns chevrotain's recognition errors into catalog diagnostics. The message provider only
// records *what* was expected (as JSON); wording, codes and "did you mean" are decided here,
// where the whole token stream is known.
import { EOF, type IParserErrorMessageProvider, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import type { Span } from '../ast.ts';
import { closest, diagnostic, TOKEN_KINDS, VALUE, type Diagnostic } from '../diagnostics.ts';
import { Identifier, keywordList, keywords, tokenWord } from './tokens.ts';

interface Encoded {
  readonly expected: string[];
}

const encode = (expected: TokenType[]): string =>
  JSON.stringify({ expected: [...new Set(expected.map((t) => t.name))] } satisfies Encoded);

const firstTokens = (paths: TokenType[][][]): TokenType[] =>
  paths.flatMap((alt) => alt.map((path) => path[0]).filter((t): t is TokenType => t !== undefined));

export const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => encode([expected]),
  buildNotAllInputParsedMessage: () => encode([keywords.procedure, keywords.fragment, keywords.source, keywords.agency]),
  buildNoViableAltMessage: ({ expectedPathsPerAlt }) => encode(firstTokens(expectedPathsPerAlt)),
  buildEarlyExitMessage: ({ expectedIterationPaths }) => encode(expectedIterationPaths.map((p) => p[0]).filter((t): t is TokenType => !!t)),
};

const tokenTypeByName = new Map<string, TokenType>();
export function registerTokenTypes(types: readonly TokenType[]): void {
  for (const t of types) tokenTypeByName.set(t.name, t);
}

function decode(message: string): string[] {
  try {
    return (JSON.parse(message) as Encoded).expected;
  } catch {
    return [];
  }
}

function describeFound(token: IToken): string {
  if (token.tokenType === EOF) return 'hết tệp';
  return `\`${token.image}\``;
}

/**
 * The items a block accepts, by the rule that owns the block. When the parser stops at a word
 * it cannot use, chevrotain only knows that `}` would close the block; the designer needs to
 * hear which items could have been written there.
 */
const blockItems: Record<string, readonly string[]> = {
  file: ['procedure', 'fragment', 'source', 'agency'],
  procedure: ['code', 'version', 'title', 'agency', 'level', 'effective', 'basis', 'audience', 'channels', 'use', 'form', 'documents', 'fee', 'deadline', 'warn', 'extension', 'workflow', 'result', 'scenario'],
  form: ['field', 'group'],
  fragment: ['field', 'group'],
  group: ['field'],
  documents: ['doc'],
  fee: ['amount', 'discount', 'exempt', 'cap', 'due'],
  workflow: ['state', 'final'],
  state: ['by', 'at', 'sla', 'pauses'],
  transition: ['requires', 'with', 'issue', 'notify', 'handover', 'restarts', 'stops'],
  result: ['publish', 'help'],
  scenario: ['given', 'at', 'expect'],
  source: ['kind', 'key', 'authoritative', 'basis', 'effective', 'field'],
  agency: ['unit', 'level', 'calendar', 'parent'],
  field: ['required', 'optional', 'visible', 'min', 'max', 'pattern', 'help', 'prefill', 'locked', 'computed', 'default'],
  doc: ['required', 'optional', 'as', 'copies', 'format', 'max_size', 'signed', 'generated', 'waived', 'proves', 'help', 'basis', 'effective'],
};

const EXPRESSION_START = ['Number', 'String', 'Name', 'LParen'];

/** Token kinds an "expected" list names by what they are (worded per language by the catalog). */
const kindPlaceholders: Readonly<Record<string, string>> = {
  Name: '<name>',
  Identifier: '<name>',
  String: '<string>',
  Number: '<number>',
  Date: '<date>',
  DateTime: '<datetime>',
  EOF: '<eof>',
};

/**
 * The keywords the grammar accepts in place of the token at `index` of the parser's input (see
 * blocks.ts). The parser's own "expected" list often misses them: after an item whose clauses
 * are optional (`field a "A": text`), chevrotain reports only what the enclosing block accepts
 * (`field`, `group`, `}`), not the clauses that could still have followed (`required`, `min`…).
 */
export type KeywordsAt = (index: number) => readonly string[];

/** A misspelt keyword: MC1004 at `span`, with the fix that writes `suggestion`. */
function misspelt(span: Span, found: string, suggestion: string): Diagnostic {
  return diagnostic('MC1004', span, { found, suggestion }, [
    { title: { vi: `Đổi thành \`${suggestion}\``, en: `Change to \`${suggestion}\`` }, span, replacement: suggestion },
  ]);
}

/** Index of the token starting at `offset` in `tokens` (sorted by offset), or -1. */
function indexAt(tokens: readonly IToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = tokens[mid]!.startOffset;
    if (s === offset) return mid;
    if (s < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

const isWordToken = (t: IToken | undefined): t is IToken => !!t && (t.tokenType === Identifier || t.tokenType.name.startsWith('Kw_'));

/**
 * One diagnostic per recognition error. A word that is not a keyword but is close to one the
 * grammar accepts there is reported as a misspelling (MC1004), with a quick fix: close to a
 * keyword the parser expected, or to one the grammar accepts at that point (`keywordsAt`, given
 * the parser's input `tokens`). A misspelt clause keyword the parser took for a name (a new
 * transition `requies`, which then lacks its `->`) is reported at that word.
 */
export function recognitionDiagnostics(
  errors: readonly IRecognitionException[],
  textLength: number,
  tokens: readonly IToken[] = [],
  keywordsAt?: KeywordsAt,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  let lastStart = -1;
  /** End of the last diagnostic's span: a word before it was already reported on. */
  let lastEnd = -1;
  // A cheap first test: is the word close to any keyword at all?
  const nearKeyword = (word: string) => closest(word, keywordList) !== undefined;
  for (const err of errors) {
    const token = err.token;
    const start = Number.isNaN(token.startOffset) ? textLength : token.startOffset;
    // Recovery can report the same token twice (mismatch, then re-sync); once is enough.
    if (start === lastStart) continue;
    lastStart = start;
    // Lexer tokens have no endOffset (offsets-only lexing); the virtual `}` at the end has one.
    const span = { start, end: Number.isNaN(token.startOffset) ? textLength : token.endOffset === undefined ? start + token.image.length : token.endOffset + 1 };
    let expectedNames = decode(err.message);
    const rule = err.context?.ruleStack?.[err.context.ruleStack.length - 1] ?? '';
    if (expectedNames.length === 1 && expectedNames[0] === 'RBrace' && blockItems[rule]) {
      expectedNames = [...blockItems[rule]!.map((w) => `Kw_${w}`), 'RBrace'];
    }
    if (err.name === 'NotAllInputParsedException' || (expectedNames.length === 1 && expectedNames[0] === 'EOF')) {
      expectedNames = blockItems['file']!.map((w) => `Kw_${w}`);
    }
    if (EXPRESSION_START.every((n) => expectedNames.includes(n))) {
      out.push(diagnostic('MC1003', span, { expected: [VALUE], found: describeFound(token) }));
      lastEnd = span.end;
      continue;
    }
    const expectedWords = expectedNames.map((n) => {
      const t = tokenTypeByName.get(n);
      return kindPlaceholders[n] ?? (t ? tokenWord(t) : n);
    });
    const keywordWords = expectedNames.filter((n) => n.startsWith('Kw_')).map((n) => n.slice(3));
    const index = keywordsAt && !Number.isNaN(token.startOffset) ? indexAt(tokens, token.startOffset) : -1;
    if (isWordToken(token)) {
      let suggestion = closest(token.image, keywordWords);
      if (!suggestion && index >= 0 && nearKeyword(token.image)) suggestion = closest(token.image, [...keywordWords, ...keywordsAt!(index)]);
      if (suggestion) {
        out.push(misspelt(span, token.image, suggestion));
        lastEnd = span.end;
        continue;
      }
    }
    // The word before the unexpected token, if it is a misspelt keyword the parser read as a name.
    const prev = index > 0 ? tokens[index - 1] : undefined;
    if (prev?.tokenType === Identifier && prev.startOffset >= lastEnd && nearKeyword(prev.image)) {
      const suggestion = closest(prev.image, keywordsAt!(index - 1));
      if (suggestion) {
        const prevSpan = { start: prev.startOffset, end: prev.startOffset + prev.image.length };
        out.push(misspelt(prevSpan, prev.image, suggestion));
        lastEnd = prevSpan.end;
        continue;
      }
    }
    const expected = [...new Set(expectedWords)].map((w) => (w in TOKEN_KINDS ? w : /^[a-z_]+$/.test(w) ? `\`${w}\`` : w.startsWith('`') ? w : `\`${w}\``));
    if (token.tokenType === EOF && expectedNames.includes('RBrace')) {
      out.push(diagnostic('MC1003', span, { expected: ['`}`'], found: 'hết tệp' }));
      lastEnd = span.end;
      continue;
    }
    out.push(diagnostic('MC1003', span, { expected, found: describeFound(token) }));
    lastEnd = span.end;
  }
  return out;
}
