// Token vocabulary of the procedure language. Most words are *soft* keywords: they belong to
// the `Name` category, so a designer may still call a field `basis` or a state `final_check`;
// the parser treats them as keywords only where a keyword can start a construct.
import { createToken, Lexer, type ILexingResult, type TokenType } from 'chevrotain';

export const Name = createToken({ name: 'Name', pattern: Lexer.NA });
// Vietnamese letters (Latin-1 Supplement to Latin Extended Additional, plus combining marks
// of decomposed text) are lexed as part of a name so that `họ_tên` is ONE mistake, reported
// once with the unaccented spelling, instead of a cascade of bad characters.
export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_\u00C0-\u024F\u1E00-\u1EFF][A-Za-z0-9_\u00C0-\u024F\u1E00-\u1EFF\u0300-\u036F]*/,
  categories: [Name],
});

/** Words that are operators in expressions; never names. */
const hard = (word: string) =>
  createToken({ name: `Kw_${word}`, pattern: new RegExp(`${word}\\b`), longer_alt: Identifier });

export const And = hard('and');
export const Or = hard('or');
export const Not = hard('not');
export const In = hard('in');
export const True = hard('true');
export const False = hard('false');

const softWords = [
  'procedure', 'fragment', 'source', 'agency', 'use', 'from', 'form', 'field', 'group',
  'documents', 'doc', 'fee', 'deadline', 'warn', 'extension', 'workflow', 'state', 'final',
  'result', 'scenario', 'code', 'version', 'title', 'level', 'effective', 'until', 'basis',
  'audience', 'channels', 'required', 'optional', 'visible', 'when', 'min', 'max', 'pattern',
  'help', 'prefill', 'locked', 'computed', 'default', 'repeated', 'choice', 'as', 'format',
  'max_size', 'signed', 'generated', 'copies', 'waived', 'proves', 'amount', 'discount',
  'exempt', 'cap', 'per', 'tiered', 'by', 'up', 'to', 'above', 'due', 'before', 'on',
  'working', 'day', 'days', 'hour', 'hours', 'sla', 'pauses', 'clock', 'restarts', 'stops',
  'requires', 'with', 'issue', 'notify', 'handover', 'publish', 'for', 'valid', 'given',
  'expect', 'at', 'do', 'extend', 'kind', 'key', 'authoritative', 'unit', 'calendar', 'parent',
  // `"Nhãn" en "Label"`: the English companion of a text.
  'en',
] as const;

export type SoftWord = (typeof softWords)[number];

export const keywords: Record<SoftWord, TokenType> = Object.fromEntries(
  softWords.map((word) => [
    word,
    createToken({ name: `Kw_${word}`, pattern: new RegExp(`${word}\\b`), longer_alt: Identifier, categories: [Name] }),
  ]),
) as Record<SoftWord, TokenType>;

export const keywordList: readonly string[] = [...softWords, 'and', 'or', 'not', 'in', 'true', 'false'];

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\uFEFF]+/, group: Lexer.SKIPPED });
/** Comments are kept in their own group: the formatter re-attaches them. */
export const CommentTok = createToken({ name: 'Comment', pattern: /#[^\n\r]*/, group: 'comments' });

export const StringLiteral = createToken({ name: 'String', pattern: /"(?:[^"\\\n\r]|\\.)*"/ });
/** A string missing its closing quote: parsed as a string (so the rest of the file still parses), reported as MC1002. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\n\r]|\\.)*/,
  categories: [StringLiteral],
});
export const DateTime = createToken({ name: 'DateTime', pattern: /\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?!\d)/ });
export const DateLiteral = createToken({ name: 'Date', pattern: /\d{4}-\d{2}-\d{2}(?![\d:])/ });
export const NumberLiteral = createToken({ name: 'Number', pattern: /\d(?:_?\d)*(?:\.\d+)?/ });
export const Currency = createToken({ name: 'Currency', pattern: /VND\b|₫/ });

export const Arrow = createToken({ name: 'Arrow', pattern: /->/ });
export const EqEq = createToken({ name: 'EqEq', pattern: /==/ });
export const NotEq = createToken({ name: 'NotEq', pattern: /!=/ });
export const LtEq = createToken({ name: 'LtEq', pattern: /<=/ });
export const GtEq = createToken({ name: 'GtEq', pattern: />=/ });
export const Lt = createToken({ name: 'Lt', pattern: /</ });
export const Gt = createToken({ name: 'Gt', pattern: />/ });
export const Equals = createToken({ name: 'Equals', pattern: /=/ });
export const Plus = createToken({ name: 'Plus', pattern: /\+/ });
export const Minus = createToken({ name: 'Minus', pattern: /-/ });
export const Star = createToken({ name: 'Star', pattern: /\*/ });
export const Slash = createToken({ name: 'Slash', pattern: /\// });
export const Percent = createToken({ name: 'Percent', pattern: /%/ });
export const LParen = createToken({ name: 'LParen', pattern: /\(/ });
export const RParen = createToken({ name: 'RParen', pattern: /\)/ });
export const LBrace = createToken({ name: 'LBrace', pattern: /\{/ });
export const RBrace = createToken({ name: 'RBrace', pattern: /\}/ });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/ });
export const RBracket = createToken({ name: 'RBracket', pattern: /\]/ });
export const Comma = createToken({ name: 'Comma', pattern: /,/ });
export const Colon = createToken({ name: 'Colon', pattern: /:/ });
export const Dot = createToken({ name: 'Dot', pattern: /\./ });

// Order matters: longer and more specific patterns first (DateTime before Date before Number,
// `->` before `-`, keywords before Identifier).
export const allTokens: TokenType[] = [
  WhiteSpace,
  CommentTok,
  StringLiteral,
  UnterminatedString,
  DateTime,
  DateLiteral,
  NumberLiteral,
  Currency,
  Arrow,
  EqEq,
  NotEq,
  LtEq,
  GtEq,
  Lt,
  Gt,
  Equals,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  LParen,
  RParen,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  Comma,
  Colon,
  Dot,
  And,
  Or,
  Not,
  In,
  True,
  False,
  ...Object.values(keywords),
  Name,
  Identifier,
];

/** Every keyword, soft or hard, by the word it stands for. */
const keywordByWord: ReadonlyMap<string, TokenType> = new Map(
  [And, Or, Not, In, True, False, ...Object.values(keywords)].map((t) => [t.name.slice(3), t]),
);

// One lexer instance, reused: building it validates every pattern, which is too slow per file.
// It has no keyword patterns: every word is lexed as an Identifier, then a word that is a
// keyword gets the keyword's type. That is what the keyword patterns (`word\b`, longer_alt
// Identifier) decide too — a keyword is a whole word equal to it — in one Map lookup instead of
// trying every keyword that starts with the word's first letter (up to ten regular expressions
// per word). Positions are offsets only (no line/column bookkeeping): the parser finds line
// breaks in the text itself, and everything else works in offsets. Tokens have no
// `endOffset`: the end is `startOffset + image.length`.
const wordLexer = new Lexer(
  allTokens.filter((t) => keywordByWord.get(t.name.slice(3)) !== t),
  { positionTracking: 'onlyOffset', ensureOptimizations: false },
);

/** The tokens of a text, keywords typed as such; comments in the `comments` group. */
export const procedureLexer: { tokenize(text: string): ILexingResult } = {
  tokenize(text: string): ILexingResult {
    const lexed = wordLexer.tokenize(text);
    for (const t of lexed.tokens) {
      if (t.tokenType !== Identifier) continue;
      const keyword = keywordByWord.get(t.image);
      if (keyword) {
        t.tokenType = keyword;
        t.tokenTypeIdx = keyword.tokenTypeIdx!;
      }
    }
    return lexed;
  },
};

/** The word a token type stands for, for messages ("expected `field`"). */
export function tokenWord(type: TokenType): string {
  if (type.name.startsWith('Kw_')) return type.name.slice(3);
  const punct: Record<string, string> = {
    Arrow: '->', EqEq: '==', NotEq: '!=', LtEq: '<=', GtEq: '>=', Lt: '<', Gt: '>', Equals: '=',
    Plus: '+', Minus: '-', Star: '*', Slash: '/', Percent: '%', LParen: '(', RParen: ')',
    LBrace: '{', RBrace: '}', LBracket: '[', RBracket: ']', Comma: ',', Colon: ':', Dot: '.',
  };
  const described: Record<string, string> = {
    Name: 'tên', Identifier: 'tên', String: 'chuỗi "…"', Number: 'số', Date: 'ngày YYYY-MM-DD',
    DateTime: 'thời điểm YYYY-MM-DD HH:mm', Currency: 'VND', EOF: 'hết tệp',
  };
  return punct[type.name] ?? described[type.name] ?? type.name;
}
