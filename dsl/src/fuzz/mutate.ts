// Seeded mutations of procedure text, for fuzzing the parser, checker, formatter and compilers.
// Every mutant is a pure function of (seed text, PRNG state): a failure found by the long run
// replays from its seed and index. Mutations work at three levels: tokens (as the lexer sees
// them, so an edit looks like a designer's), lines, and characters (Unicode the lexer must
// survive: decomposed Vietnamese, emoji, zero-width and bidi controls, NUL, lone surrogates).
import { keywordList, procedureLexer } from '../syntax/tokens.ts';
import { random, type Random } from '../testing/random.ts';

export { random, type Random };

/** A size skewed towards small values: most mutants stay cheap, some are huge. */
function size(r: Random, max: number): number {
  return Math.max(1, Math.floor(Math.exp(r.next() * Math.log(max))));
}

// ------------------------------------------------------------------------------ vocabulary

const PUNCTUATION = ['{', '}', '(', ')', '[', ']', '->', '==', '!=', '<=', '>=', '<', '>', '=', '+', '-', '*', '/', '%', ',', ':', '.'];
const LITERALS = [
  '0', '1', '1_000', '1_000_000 VND', '10.5', '50%', '100 ₫', '2025-01-01', '2025-02-30', '2024-02-29', '0000-00-00',
  '9999-12-31', '2025-07-01 08:30', '2025-07-01T24:60', '""', '"Đăng ký"', '"\\""', '"\\', 'true', 'false', 'citizen',
  'applicant.personal_id', 'population(personal_id).full_name', 'today()', '5 working days', '2 hours', '-1',
  '99999999999999999999999', '1e5', '0x10', '1__0', '1.', '.5',
];
/** Values that sit on an edge: replace a literal with one of these. */
const EDGE_LITERALS = [
  '0', '-0', '00000', '1_', '_1', '9'.repeat(400), `0.${'0'.repeat(300)}1`, '1.7976931348623157e308', '18446744073709551616',
  '2147483648', '-2147483649', '0 VND', '1 VND', '999999999999999999 VND', '0%', '100%', '1000%', '0.5%', '2025-00-00',
  '2025-13-01', '2100-02-29', '2000-02-29', '1900-02-29', '0001-01-01', '2025-12-31 23:59', '2025-12-31 24:00',
  '2025-01-01 00:60', '""', '" "', '"\\u0000"', '"\\n"', `"${'x'.repeat(300)}"`, '"\u0301"', '0 working days',
  '0 days', '100000 working days', '0 hours',
];
/** Text the lexer never sees in the procedure library. */
const UNICODE = [
  'Nguyễn Văn Đức'.normalize('NFD'),
  'họ_tên'.normalize('NFD'),
  'đăng_ký_thường_trú',
  'ĐĂNG KÝ'.normalize('NFD'),
  'Ủy ban',
  '\u0301', // a combining mark with nothing to combine with
  `a${'\u0301'.repeat(200)}`,
  '👩‍👩‍👧‍👦',
  '🇻🇳',
  '😀',
  '\u200b', // zero-width space
  '\u200c\u200d', // zero-width (non-)joiner
  '\u2060', // word joiner
  '\ufeff', // BOM in the middle of the file
  '\u202e', // right-to-left override
  '\u200f', // right-to-left mark
  '\u2066\u2069', // isolates
  'مرحبا',
  'שלום',
  '\0',
  '\x01\x02\x1b[31m',
  '\x7f',
  '\u2028', // line separator
  '\u2029', // paragraph separator
  '\u0085', // next line
  '\u00a0', // no-break space
  '\u3000', // ideographic space
  '\ud800', // lone high surrogate
  '\udc00', // lone low surrogate
  '\udbff\udfff', // the last code point
  '\uffff',
  '\ufffd',
  '１２３', // full-width digits
  'ı', // dotless i
  'ǅ',
  '＂', // full-width quote
  '“quoted”',
  '₫',
  '\\',
  '`',
  "'",
  '\t',
];
const UNBALANCED = ['{', '}', '(', ')', '[', ']', '"', '"\n', '#', '{{', '}}', '((', '))', '->', '"\\'];

// ------------------------------------------------------------------------------ tokens

/** The text cut at token boundaries: gaps and tokens alternate, so joining gives the text back. */
export interface Pieces {
  readonly parts: readonly string[];
  /** Indices in `parts` of tokens (not gaps). */
  readonly tokens: readonly number[];
  /** Indices of name tokens (identifiers and soft keywords), for renaming. */
  readonly names: readonly number[];
  /** Indices of literal tokens (numbers, dates, strings). */
  readonly literals: readonly number[];
}

const LITERAL_TOKENS = new Set(['Number', 'Date', 'DateTime', 'String', 'UnterminatedString']);

export function pieces(text: string): Pieces {
  const lexed = procedureLexer.tokenize(text);
  const all = [...lexed.tokens, ...(lexed.groups['comments'] ?? [])].sort((a, b) => a.startOffset - b.startOffset);
  const parts: string[] = [];
  const tokens: number[] = [];
  const names: number[] = [];
  const literals: number[] = [];
  let last = 0;
  for (const t of all) {
    if (t.startOffset < last) continue;
    parts.push(text.slice(last, t.startOffset));
    const i = parts.length;
    parts.push(t.image);
    tokens.push(i);
    const kind = t.tokenType.name;
    if (kind === 'Identifier' || kind.startsWith('Kw_')) names.push(i);
    if (LITERAL_TOKENS.has(kind)) literals.push(i);
    last = t.startOffset + t.image.length;
  }
  parts.push(text.slice(last));
  return { parts, tokens, names, literals };
}

// Seeds and donors are cut once; an intermediate mutant is cut when a later mutation needs it.
const seedPieces = new Map<string, Pieces>();
let lastPieces: { text: string; pieces: Pieces } | undefined;
function cachedPieces(text: string): Pieces {
  const known = seedPieces.get(text) ?? (lastPieces?.text === text ? lastPieces.pieces : undefined);
  if (known) return known;
  const p = pieces(text);
  lastPieces = { text, pieces: p };
  return p;
}

/** Cut `texts` into pieces once and keep them (the seeds and donors of a run). */
export function remember(texts: readonly string[]): void {
  for (const t of texts) if (!seedPieces.has(t)) seedPieces.set(t, pieces(t));
}

// ------------------------------------------------------------------------------ mutations

interface Context {
  readonly r: Random;
  /** Other seeds, to splice from. */
  readonly donors: readonly string[];
}

type Mutation = (text: string, cx: Context) => string;

function anyToken(text: string, r: Random): { p: Pieces; i: number } | undefined {
  const p = cachedPieces(text);
  if (p.tokens.length === 0) return undefined;
  return { p, i: p.tokens[r.int(p.tokens.length)]! };
}

function withParts(p: Pieces, edit: (parts: string[]) => void): string {
  const parts = [...p.parts];
  edit(parts);
  return parts.join('');
}

/** Offsets just after an expression-starting keyword, where deep expressions parse furthest. */
function expressionSpot(text: string, r: Random): number {
  const spots: number[] = [];
  for (const m of text.matchAll(/\b(?:when|computed|default|amount|min|max|requires)\b/g)) spots.push(m.index + m[0].length);
  return spots.length > 0 && r.chance(0.8) ? r.pick(spots) : r.int(text.length + 1);
}

function splitLines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

const insertAt = (text: string, at: number, s: string) => text.slice(0, at) + s + text.slice(at);

export const mutations: Readonly<Record<string, Mutation>> = {
  'delete-tokens': (text, { r }) => {
    const t = anyToken(text, r);
    if (!t) return text;
    const n = size(r, 12);
    return withParts(t.p, (parts) => parts.splice(t.i, 2 * n - 1));
  },
  'duplicate-tokens': (text, { r }) => {
    const t = anyToken(text, r);
    if (!t) return text;
    const n = size(r, 12);
    return withParts(t.p, (parts) => parts.splice(t.i, 0, ...parts.slice(t.i, t.i + 2 * n), ' '));
  },
  'swap-tokens': (text, { r }) => {
    const a = anyToken(text, r);
    if (!a) return text;
    const b = a.p.tokens[r.int(a.p.tokens.length)]!;
    return withParts(a.p, (parts) => ([parts[a.i], parts[b]] = [parts[b]!, parts[a.i]!]));
  },
  'insert-keyword': (text, { r }) => {
    const p = cachedPieces(text);
    const at = r.int(p.parts.length + 1);
    const word = r.chance(0.6) ? r.pick(keywordList) : r.chance(0.5) ? r.pick(PUNCTUATION) : r.pick(LITERALS);
    return withParts(p, (parts) => parts.splice(at, 0, ` ${word} `));
  },
  'replace-token': (text, { r }) => {
    const t = anyToken(text, r);
    if (!t) return text;
    const word = r.pick([r.pick(keywordList), r.pick(PUNCTUATION), r.pick(LITERALS), r.pick(UNICODE)]);
    return withParts(t.p, (parts) => (parts[t.i] = word));
  },
  'replace-literal': (text, { r }) => {
    const p = cachedPieces(text);
    if (p.literals.length === 0) return text;
    const i = r.pick(p.literals);
    return withParts(p, (parts) => (parts[i] = r.pick(EDGE_LITERALS)));
  },
  'rename': (text, { r }) => {
    // Rename every occurrence of one name, so references stay consistent and the checker goes deep.
    const p = cachedPieces(text);
    if (p.names.length === 0) return text;
    const from = p.parts[r.pick(p.names)]!;
    const to = r.pick([r.pick(keywordList), `${from}_${r.int(3)}`, from.toUpperCase(), 'x', r.pick(UNICODE) + from]);
    return withParts(p, (parts) => {
      for (const i of p.names) if (parts[i] === from) parts[i] = to;
    });
  },
  'truncate': (text, { r }) => {
    if (r.chance(0.5)) return text.slice(0, r.int(text.length));
    const p = cachedPieces(text);
    return p.parts.slice(0, r.int(p.parts.length)).join('');
  },
  'delete-lines': (text, { r }) => {
    const lines = splitLines(text);
    lines.splice(r.int(lines.length), size(r, 20));
    return lines.join('');
  },
  'duplicate-lines': (text, { r }) => {
    const lines = splitLines(text);
    const i = r.int(lines.length);
    lines.splice(i, 0, ...lines.slice(i, i + size(r, 20)));
    return lines.join('');
  },
  'swap-lines': (text, { r }) => {
    const lines = splitLines(text);
    const i = r.int(lines.length);
    const j = r.int(lines.length);
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    return lines.join('');
  },
  'move-block': (text, { r }) => {
    const lines = splitLines(text);
    const i = r.int(lines.length);
    const block = lines.splice(i, size(r, 40));
    lines.splice(r.int(lines.length + 1), 0, ...block);
    return lines.join('');
  },
  'reindent': (text, { r }) => {
    const style = r.int(4);
    return text.replace(/^[ \t]*/gm, (ws) =>
      style === 0 ? '' : style === 1 ? ws.replace(/ {2}/g, '\t') : style === 2 ? ws + ws : ' '.repeat(r.int(9)),
    );
  },
  'join-lines': (text, { r }) => {
    const lines = splitLines(text);
    const i = r.int(lines.length);
    const n = size(r, 30);
    for (let k = i; k < Math.min(lines.length - 1, i + n); k++) lines[k] = lines[k]!.replace(/\r?\n$/, ' ');
    return lines.join('');
  },
  'insert-char': (text, { r }) => insertAt(text, r.int(text.length + 1), r.pick(UNBALANCED)),
  'delete-char': (text, { r }) => {
    const at = r.int(text.length);
    return text.slice(0, at) + text.slice(at + size(r, 4));
  },
  'flip-char': (text, { r }) => {
    const at = r.int(text.length);
    const c = r.chance(0.5) ? String.fromCharCode(32 + r.int(95)) : String.fromCharCode(r.int(0x10000));
    return text.slice(0, at) + c + text.slice(at + 1);
  },
  'unicode': (text, { r }) => {
    let out = text;
    for (let n = size(r, 8); n > 0; n--) out = insertAt(out, r.int(out.length + 1), r.pick(UNICODE));
    return out;
  },
  'nfd': (text) => text.normalize('NFD'),
  'nfc': (text) => text.normalize('NFC'),
  'line-endings': (text, { r }) => {
    const style = r.int(4);
    if (style === 0) return text.replace(/\r?\n/g, '\r\n');
    if (style === 1) return text.replace(/\r?\n/g, '\r');
    if (style === 2) return text.replace(/\r?\n/g, () => r.pick(['\n', '\r\n', '\r', '\n\r', '\u2028']));
    return `\ufeff${text}`;
  },
  'long-identifier': (text, { r }) => {
    const n = size(r, 50_000);
    const name = r.pick(['a'.repeat(n), 'x_'.repeat(n >> 1), 'ư'.repeat(n), `t${'0'.repeat(n)}`, '_'.repeat(n)]);
    const p = cachedPieces(text);
    if (p.names.length === 0 || r.chance(0.3)) return insertAt(text, r.int(text.length + 1), ` ${name} `);
    const i = r.pick(p.names);
    return withParts(p, (parts) => (parts[i] = name));
  },
  'long-number': (text, { r }) => {
    const n = size(r, 20_000);
    const num = r.pick(['9'.repeat(n), '1_'.repeat(n) + '1', `1.${'5'.repeat(n)}`, `${'1'.repeat(n)} VND`, `${'1'.repeat(n)}%`]);
    const p = cachedPieces(text);
    if (p.literals.length === 0 || r.chance(0.3)) return insertAt(text, expressionSpot(text, r), ` ${num} `);
    const i = r.pick(p.literals);
    return withParts(p, (parts) => (parts[i] = num));
  },
  'long-string': (text, { r }) => {
    const n = size(r, 200_000);
    const body = r.pick(['x'.repeat(n), 'Đăng ký '.repeat(Math.ceil(n / 8)), '\\"'.repeat(n >> 1), '\\'.repeat(n)]);
    const s = r.pick([`"${body}"`, `"${body}`, `# ${body}\n`, body]);
    const p = cachedPieces(text);
    if (p.literals.length === 0 || r.chance(0.4)) return insertAt(text, r.int(text.length + 1), s);
    const i = r.pick(p.literals);
    return withParts(p, (parts) => (parts[i] = s));
  },
  'deep-nesting': (text, { r }) => {
    const n = size(r, 5_000);
    const closeAll = r.chance(0.8);
    const shapes: Array<() => string> = [
      () => `${'('.repeat(n)}true${closeAll ? ')'.repeat(n) : ''}`,
      () => `${'['.repeat(n)}1${closeAll ? ']'.repeat(n) : ''}`,
      () => `${'not '.repeat(n)}true`,
      () => `${'- '.repeat(n)}1`,
      () => `${'-'.repeat(n)}1`,
      () => `${'f('.repeat(n)}x${closeAll ? ')'.repeat(n) : ''}`,
      () => `${'(a + '.repeat(n)}1${closeAll ? ')'.repeat(n) : ''}`,
      () => `${'1 in ['.repeat(n)}1${closeAll ? ']'.repeat(n) : ''}`,
    ];
    return insertAt(text, expressionSpot(text, r), ` ${r.pick(shapes)()} `);
  },
  'long-chain': (text, { r }) => {
    const n = size(r, 20_000);
    const op = r.pick(['+', '-', '*', '/', 'and', 'or', '==', '<', 'in']);
    const term = r.pick(['1', 'a', 'applicant.personal_id', 'true', '"x"', '(1)', '[1]']);
    return insertAt(text, expressionSpot(text, r), ` ${Array.from({ length: n }, () => term).join(` ${op} `)} `);
  },
  'deep-blocks': (text, { r }) => {
    const n = size(r, 3_000);
    const open = r.pick(['{', 'group g "G" {', 'form {', 'procedure p {', 'state s {', 'choice {']);
    const closeAll = r.chance(0.5);
    return insertAt(text, r.int(text.length + 1), `${`${open}\n`.repeat(n)}${closeAll ? '}\n'.repeat(n) : ''}`);
  },
  'repeat': (text, { r }) => {
    const what = r.int(3);
    if (what === 0) return text.repeat(2 + r.int(3));
    const lines = splitLines(text);
    const i = r.int(lines.length);
    const chunk = lines.slice(i, i + (what === 1 ? 1 : size(r, 30))).join('');
    const times = size(r, what === 1 ? 5_000 : 300);
    return insertAt(text, lines.slice(0, i).join('').length, chunk.repeat(times));
  },
  'splice': (text, { r, donors }) => {
    if (donors.length === 0) return text;
    const donor = r.pick(donors);
    const d = cachedPieces(donor);
    const from = r.int(d.parts.length);
    const slice = d.parts.slice(from, from + size(r, 200)).join('');
    const p = cachedPieces(text);
    const at = r.int(p.parts.length + 1);
    return withParts(p, (parts) => parts.splice(at, 0, slice));
  },
  'crossover': (text, { r, donors }) => {
    // The head of this file and the tail of another: declarations cut mid-block, names from elsewhere.
    if (donors.length === 0) return text;
    const donor = r.pick(donors);
    return text.slice(0, r.int(text.length + 1)) + donor.slice(r.int(donor.length + 1));
  },
};

/** How often each mutation is chosen: cheap local edits most, huge inputs rarely. */
const WEIGHTS: Readonly<Record<keyof typeof mutations & string, number>> = {
  'delete-tokens': 12,
  'duplicate-tokens': 8,
  'swap-tokens': 8,
  'insert-keyword': 12,
  'replace-token': 10,
  'replace-literal': 6,
  'rename': 5,
  'truncate': 4,
  'delete-lines': 5,
  'duplicate-lines': 4,
  'swap-lines': 4,
  'move-block': 3,
  'reindent': 2,
  'join-lines': 3,
  'insert-char': 8,
  'delete-char': 5,
  'flip-char': 5,
  'unicode': 6,
  'nfd': 1,
  'nfc': 1,
  'line-endings': 2,
  'long-identifier': 1,
  'long-number': 1,
  'long-string': 1,
  'deep-nesting': 2,
  'long-chain': 1,
  'deep-blocks': 1,
  'repeat': 1,
  'splice': 4,
  'crossover': 2,
};

const table: Array<[string, number]> = [];
let total = 0;
for (const [name, w] of Object.entries(WEIGHTS)) table.push([name, (total += w)]);

function chooseMutation(r: Random): string {
  const x = r.next() * total;
  return table.find(([, upto]) => x < upto)![0];
}

export interface MutateOptions {
  /** Other texts that `splice` and `crossover` draw from. */
  readonly donors?: readonly string[];
  /** At most this many mutations are stacked (at least one is applied). */
  readonly maxOps?: number;
  /** A mutation that would make the text longer than this is skipped. */
  readonly maxLength?: number;
}

export interface Mutant {
  readonly text: string;
  /** The mutations applied, in order. */
  readonly ops: readonly string[];
}

/** One mutant of `text`: one to `maxOps` stacked mutations, chosen and placed by `r`. */
export function mutate(text: string, r: Random, options: MutateOptions = {}): Mutant {
  const cx: Context = { r, donors: options.donors ?? [] };
  const maxLength = options.maxLength ?? 600_000;
  const count = 1 + Math.min(r.int(options.maxOps ?? 4), r.int(options.maxOps ?? 4));
  const ops: string[] = [];
  let out = text;
  for (let k = 0; k < count; k++) {
    const op = chooseMutation(r);
    const next = mutations[op]!(out, cx);
    if (next.length > maxLength) continue;
    ops.push(op);
    out = next;
  }
  return { text: out, ops };
}
