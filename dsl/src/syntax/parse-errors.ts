// Turns chevrotain's recognition errors into catalog diagnostics. The message provider only
// records *what* was expected (as JSON); wording, codes and "did you mean" are decided here,
// where the whole token stream is known.
import { EOF, type IParserErrorMessageProvider, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import { closest, diagnostic, VALUE, type Diagnostic } from '../diagnostics.ts';
import { Identifier, keywords, tokenWord } from './tokens.ts';

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

/**
 * One diagnostic per recognition error. A word that is not a keyword but is close to one the
 * parser expected is reported as a misspelling, with a quick fix.
 */
export function recognitionDiagnostics(errors: readonly IRecognitionException[], textLength: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  let lastStart = -1;
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
      continue;
    }
    const expectedWords = expectedNames.map((n) => {
      const t = tokenTypeByName.get(n);
      return t ? tokenWord(t) : n;
    });
    const keywordWords = expectedNames.filter((n) => n.startsWith('Kw_')).map((n) => n.slice(3));
    if (token.tokenType === Identifier || token.tokenType.name.startsWith('Kw_')) {
      const suggestion = closest(token.image, keywordWords);
      if (suggestion) {
        out.push(
          diagnostic('MC1004', span, { found: token.image, suggestion }, [
            { title: { vi: `Đổi thành \`${suggestion}\``, en: `Change to \`${suggestion}\`` }, span, replacement: suggestion },
          ]),
        );
        continue;
      }
    }
    const expected = [...new Set(expectedWords)].map((w) => (/^[a-z_]+$/.test(w) ? `\`${w}\`` : w.startsWith('`') ? w : `\`${w}\``));
    if (token.tokenType === EOF && expectedNames.includes('RBrace')) {
      out.push(diagnostic('MC1003', span, { expected: ['`}`'], found: 'hết tệp' }));
      continue;
    }
    out.push(diagnostic('MC1003', span, { expected, found: describeFound(token) }));
  }
  return out;
}
