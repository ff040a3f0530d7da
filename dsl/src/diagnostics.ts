// Diagnostics: one catalog of codes (severity + one-line doc + message in Vietnamese and
// English), and the Diagnostic value every pass reports. Messages stand on their own and
// quote the designer's own words.
import type { Span } from './ast.ts';

export type Severity = 'error' | 'warning';

export interface Localized {
  readonly vi: string;
  readonly en: string;
}

export interface Fix {
  /** Short title for a quick fix, e.g. "Đổi thành `field`". */
  readonly title: Localized;
  readonly span: Span;
  readonly replacement: string;
}

export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly span: Span;
  readonly message: Localized;
  /** File the span refers to, when a pass reports across files. */
  readonly file?: string;
  readonly fixes?: readonly Fix[];
}

interface CatalogEntry<A> {
  readonly severity: Severity;
  readonly doc: Localized;
  readonly message: (args: A) => Localized;
}

const entry = <A = void>(severity: Severity, doc: Localized, message: (args: A) => Localized): CatalogEntry<A> => ({
  severity,
  doc,
  message,
});

const q = (s: string) => `\`${s}\``;

/** Placeholder in an "expected …" list for "any value or expression", worded per language. */
export const VALUE = '<value>';

/** Placeholders in an "expected …" list for a kind of token (`<name>`: any name), worded per language. */
export const TOKEN_KINDS: Readonly<Record<string, Localized>> = {
  [VALUE]: { vi: 'một giá trị hoặc biểu thức', en: 'a value or expression' },
  '<name>': { vi: '`tên`', en: 'a name' },
  '<string>': { vi: '`chuỗi "…"`', en: 'a string "…"' },
  '<number>': { vi: '`số`', en: 'a number' },
  '<date>': { vi: '`ngày YYYY-MM-DD`', en: 'a date YYYY-MM-DD' },
  '<datetime>': { vi: '`thời điểm YYYY-MM-DD HH:mm`', en: 'a time YYYY-MM-DD HH:mm' },
  '<eof>': { vi: '`hết tệp`', en: 'the end of the file' },
};

/**
 * Every diagnostic the language reports. Codes are stable: tools and docs refer to them.
 * MC1xxx syntax · MC2xxx names · MC3xxx types · MC4xxx workflow · MC5xxx deadlines ·
 * MC6xxx once-only (data reuse) · MC7xxx fees · MC8xxx scenarios · MC9xxx review.
 */
export const catalog = {
  MC1001: entry<{ char: string }>(
    'error',
    { vi: 'Ký tự không hợp lệ ngoài chuỗi và chú thích.', en: 'Invalid character outside strings and comments.' },
    ({ char }) => ({
      vi: `Ký tự ${q(char)} không dùng được ở đây. Tên chỉ gồm chữ không dấu, chữ số và dấu gạch dưới; chữ có dấu đặt trong dấu ngoặc kép "…".`,
      en: `Character ${q(char)} is not allowed here. Names use unaccented letters, digits and underscores; put Vietnamese text in "…".`,
    }),
  ),
  MC1002: entry<{ text: string }>(
    'error',
    { vi: 'Chuỗi chưa đóng dấu ngoặc kép.', en: 'Unterminated string.' },
    () => ({ vi: 'Chuỗi chưa có dấu ngoặc kép đóng " trên cùng dòng.', en: 'The string has no closing " on the same line.' }),
  ),
  MC1003: entry<{ expected: readonly string[]; found: string }>(
    'error',
    { vi: 'Gặp ký hiệu không mong đợi.', en: 'Unexpected token.' },
    ({ expected, found }) => {
      const say = (lang: 'vi' | 'en') => expected.map((e) => TOKEN_KINDS[e]?.[lang] ?? e);
      const foundEn = found === 'hết tệp' ? 'end of file' : found;
      return {
        vi: `Không mong đợi ${found} ở đây${expected.length ? `; cần ${listOr(say('vi'), 'hoặc')}` : ''}.`,
        en: `Unexpected ${foundEn} here${expected.length ? `; expected ${listOr(say('en'), 'or')}` : ''}.`,
      };
    },
  ),
  MC1004: entry<{ found: string; suggestion: string }>(
    'error',
    { vi: 'Từ khóa viết sai.', en: 'Misspelt keyword.' },
    ({ found, suggestion }) => ({
      vi: `Không hiểu ${q(found)} ở đây. Có phải ý bạn là ${q(suggestion)}?`,
      en: `${q(found)} is not understood here. Did you mean ${q(suggestion)}?`,
    }),
  ),
  MC1005: entry<{ open: string }>(
    'error',
    { vi: 'Thiếu dấu đóng khối.', en: 'Missing closing bracket.' },
    ({ open }) => ({
      vi: `Khối mở bằng ${q(open)} chưa được đóng trước khi hết tệp.`,
      en: `The block opened with ${q(open)} is not closed before the end of the file.`,
    }),
  ),
  MC1006: entry<{ text: string; why: Localized }>(
    'error',
    { vi: 'Giá trị viết sai định dạng (ngày, giờ, số tiền…).', en: 'Malformed literal (date, time, amount…).' },
    ({ text, why }) => ({ vi: `${q(text)}: ${why.vi}`, en: `${q(text)}: ${why.en}` }),
  ),
  MC1007: entry<{ name: string; suggestion: string }>(
    'error',
    { vi: 'Tên có chữ có dấu.', en: 'Name with accented letters.' },
    ({ name, suggestion }) => ({
      vi: `Tên ${q(name)} có chữ có dấu; tên chỉ dùng chữ không dấu, chữ số và \`_\` (ví dụ ${q(suggestion)}). Nhãn tiếng Việt đặt trong dấu ngoặc kép.`,
      en: `Name ${q(name)} has accented letters; names use unaccented letters, digits and \`_\` (e.g. ${q(suggestion)}). Put the Vietnamese label in quotes.`,
    }),
  ),
  MC1008: entry<{ limit: number }>(
    'error',
    { vi: 'Lồng quá sâu (ngoặc, khối hoặc biểu thức).', en: 'Nested too deeply (brackets, blocks or an expression).' },
    ({ limit }) => ({
      vi: `Lồng quá ${limit} mức. Tách biểu thức hoặc khối thành nhiều phần nhỏ hơn.`,
      en: `Nested more than ${limit} levels deep. Split the expression or block into smaller parts.`,
    }),
  ),
  MC1009: entry<{ missing: 'en' | 'vi' }>(
    'error',
    { vi: '`en` thiếu văn bản tiếng Anh sau nó hoặc văn bản tiếng Việt trước nó.', en: '`en` without the English text after it or the Vietnamese text before it.' },
    ({ missing }) =>
      missing === 'en'
        ? {
            vi: 'Sau `en` cần văn bản tiếng Anh trong dấu ngoặc kép, ví dụ `"Địa chỉ" en "Address"`.',
            en: '`en` must be followed by the English text in double quotes, e.g. `"Địa chỉ" en "Address"`.',
          }
        : {
            vi: '`en "…"` là bản tiếng Anh của một văn bản tiếng Việt: viết văn bản tiếng Việt trước, ví dụ `"Địa chỉ" en "Address"`.',
            en: '`en "…"` is the English companion of a Vietnamese text: write the Vietnamese text first, e.g. `"Địa chỉ" en "Address"`.',
          },
  ),
} as const satisfies Record<string, CatalogEntry<never>>;

export type CatalogCode = keyof typeof catalog;
type ArgsOf<C extends CatalogCode> = Parameters<(typeof catalog)[C]['message']>[0];

/** Additional catalogs registered by passes (checker, review); one namespace of codes. */
const extra = new Map<string, CatalogEntry<any>>();

export function registerCodes(entries: Record<string, CatalogEntry<any>>): void {
  for (const [code, e] of Object.entries(entries)) {
    if (code in catalog || extra.has(code)) throw new Error(`diagnostic code ${code} registered twice`);
    extra.set(code, e);
  }
}

export { entry as defineCode };

export function allCodes(): Array<{ code: string; severity: Severity; doc: Localized }> {
  const rows = [
    ...Object.entries(catalog).map(([code, e]) => ({ code, severity: e.severity, doc: e.doc })),
    ...[...extra].map(([code, e]) => ({ code, severity: e.severity, doc: e.doc })),
  ];
  return rows.sort((a, b) => a.code.localeCompare(b.code));
}

export function diagnostic<C extends CatalogCode>(
  code: C,
  span: Span,
  args: ArgsOf<C>,
  fixes?: readonly Fix[],
): Diagnostic;
export function diagnostic(code: string, span: Span, args: unknown, fixes?: readonly Fix[]): Diagnostic;
export function diagnostic(code: string, span: Span, args: unknown, fixes?: readonly Fix[]): Diagnostic {
  const e = (catalog as Record<string, CatalogEntry<unknown>>)[code] ?? extra.get(code);
  if (!e) throw new Error(`unknown diagnostic code ${code}`);
  const d: Diagnostic = { code, severity: e.severity, span, message: e.message(args) };
  return fixes && fixes.length ? { ...d, fixes } : d;
}

export function listOr(items: readonly string[], word: string): string {
  const shown = items.slice(0, 6);
  const more = items.length > shown.length ? `, …` : '';
  if (shown.length <= 1) return shown.join('') + more;
  return `${shown.slice(0, -1).join(', ')} ${word} ${shown[shown.length - 1]}${more}`;
}

/** Levenshtein distance, bounded: used for "did you mean …". */
export function editDistance(a: string, b: string, limit = 3): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** The closest candidate to `word`, if it is close enough to be a plausible typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = word.length <= 3 ? 1 : word.length <= 6 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    if (c === word) continue;
    const d = editDistance(word.toLowerCase(), c.toLowerCase(), limit);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Line and column (1-based) of an offset, for `path:line:col` output. */
export class LineMap {
  /** Offsets where lines start, found on the first `position` (most files never need one). */
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}
  position(offset: number): { line: number; column: number } {
    const starts = (this.starts ??= lineStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) starts.push(nl + 1);
  return starts;
}
