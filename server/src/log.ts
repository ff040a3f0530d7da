// Every line the server writes to its stdout and stderr goes through here and leaves redacted:
// session tokens (the signed format of auth/tokens.ts, Bearer and Basic credentials, the session
// cookie), the payment gateway's signatures and the MACs inside its references
// (payments/gateway.ts), the server's own secrets (registered with `addSecret`), passwords
// (`password=…`, `"password":"…"`, credentials in URLs) and personal ids — the 12-digit số định
// danh cá nhân (CCCD) and the 9-digit CMND. Long opaque strings (32+ letters and digits) go too.
// Dossier ids (UUIDs), timestamps and amounts below 9 digits stay readable.
//
// `pnpm start` (main.ts) routes console.* through a logger as well, so that what dependencies
// print (@hono/node-server's stream errors, the PostgreSQL pool's warnings) is redacted like the
// rest, and a crash's stack too (installCrashHandlers).
import { formatWithOptions } from 'node:util';

export type Level = 'info' | 'warn' | 'error';
/** Where a finished (already redacted) line goes. */
export type Sink = (level: Level, line: string) => void;

export interface Logger {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  /** A secret never to print (also its hex, base64 and base64url forms). */
  addSecret(secret: string | Buffer): void;
}

/** stdout for information, stderr for warnings and errors — written directly, never via console. */
export const stdSink: Sink = (level, line) => {
  (level === 'info' ? process.stdout : process.stderr).write(`${line}\n`);
};

const UUID = '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}';
const KEYS = 'password|passwd|pwd|passphrase|secret|client_secret|token|access_token|refresh_token|id_token|signature|authorization|cookie|set-cookie|motcua_session|api[_-]?key';

const RULES: ReadonlyArray<readonly [RegExp, string | ((...m: string[]) => string)]> = [
  // Credentials in a URL: postgres://user:pass@host → postgres://user:[password]@host.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@]+):([^\s@/]+)@/gi, '$1:[password]@'],
  // Authorization schemes.
  [/\b(Bearer|Basic)\s+(?!\[)[^\s"',;]+/gi, '$1 [token]'],
  // Session tokens (auth/tokens.ts): base64url(JSON claims) "." base64url(HMAC-SHA256, 43 chars).
  [/[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g, '[token]'],
  // What is left of one cut short: base64url JSON starts with "eyJ" ({").
  [/\beyJ[A-Za-z0-9_-]{8,}/g, '[token]'],
  // The embedded gateway's references carry a MAC: EMB-<nonce>.<mac>.
  [/\b(EMB-[A-Za-z0-9_-]+)\.[A-Za-z0-9_-]+/g, '$1.[signature]'],
  // Dossier ids stay; long opaque strings (hex secrets, signatures, keys) and personal ids go.
  [
    new RegExp(`(${UUID})|(?<![A-Za-z0-9_-])((?=[A-Za-z0-9_-]*\\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{32,})(?![A-Za-z0-9_-])|(?<![A-Za-z0-9])(\\d{12}|\\d{9})(?![A-Za-z0-9])`, 'g'),
    (m, uuid, opaque) => (uuid ? m : opaque ? '[redacted]' : '[personal-id]'),
  ],
];

// key=value, key: value, "key":"value", 'key': 'value', \"key\":\"value\" (JSON, forms,
// util.inspect, cookies, JSON inside a string).
const KEY_VALUE = new RegExp(`\\b(?:${KEYS})(?:\\\\?["'])?\\s*[:=]\\s*(\\\\?["'])?`, 'gi');

function redactKeyValues(text: string): string {
  let out = '';
  let from = 0;
  KEY_VALUE.lastIndex = 0;
  for (let m = KEY_VALUE.exec(text); m; m = KEY_VALUE.exec(text)) {
    const start = m.index + m[0].length;
    const quote = m[1];
    let end = start;
    if (quote) {
      // Up to the same quote (not one escaped inside the value).
      for (; end < text.length && !(text.startsWith(quote, end) && (quote.length === 2 || text[end - 1] !== '\\')); end++);
    } else {
      for (; end < text.length && !/[\s,;&}\]"']/.test(text[end]!); end++);
    }
    if (end === start || text[start] === '[') continue;
    out += text.slice(from, start) + '[redacted]';
    from = end;
    KEY_VALUE.lastIndex = Math.max(end, KEY_VALUE.lastIndex);
  }
  return out + text.slice(from);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The text with everything secret or personal replaced by a bracketed marker. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s.length >= 8) out = out.replace(new RegExp(escape(s), 'g'), '[secret]');
  for (const [i, [re, to]] of RULES.entries()) {
    out = out.replace(re, to as string);
    if (i === 1) out = redactKeyValues(out); // after the schemes, before the formats
  }
  return out;
}

/** The forms a secret may be printed in. */
function forms(secret: string | Buffer): string[] {
  const b = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  const out = new Set([b.toString('hex'), b.toString('base64'), b.toString('base64url')]);
  const text = b.toString('utf8');
  if (!text.includes('\uFFFD')) out.add(text);
  // Longest first, so that a form containing another is replaced whole.
  return [...out].filter((s) => s.length >= 8).sort((x, y) => y.length - x.length);
}

export function createLogger(options: { sink?: Sink; secrets?: ReadonlyArray<string | Buffer> } = {}): Logger {
  const sink = options.sink ?? stdSink;
  let secrets: string[] = [];
  const addSecret = (s: string | Buffer) => {
    secrets = [...new Set([...secrets, ...forms(s)])].sort((x, y) => y.length - x.length);
  };
  for (const s of options.secrets ?? []) addSecret(s);
  const write = (level: Level) => (...args: unknown[]) => {
    const text = args.length === 1 && typeof args[0] === 'string' ? args[0] : formatWithOptions({ colors: false, depth: 4, breakLength: Infinity }, ...args);
    sink(level, redact(text, secrets));
  };
  return { info: write('info'), warn: write('warn'), error: write('error'), addSecret };
}

/** console.* through `logger` (what dependencies print, too); returns the undo. */
export function routeConsole(logger: Logger): () => void {
  const saved = { log: console.log, info: console.info, debug: console.debug, warn: console.warn, error: console.error, trace: console.trace };
  console.log = console.info = console.debug = (...a: unknown[]) => logger.info(...a);
  console.warn = (...a: unknown[]) => logger.warn(...a);
  console.error = (...a: unknown[]) => logger.error(...a);
  console.trace = (...a: unknown[]) => logger.error(formatWithOptions({ colors: false }, ...a), new Error('trace').stack?.replace(/^Error: trace\n/, '\n'));
  return () => Object.assign(console, saved);
}

/**
 * A crash (an uncaught exception, an unhandled rejection) prints its stack through `logger`
 * instead of Node's own printer, then the process exits with status 1 as Node would.
 */
export function installCrashHandlers(logger: Logger): void {
  process.on('uncaughtException', (err, origin) => {
    logger.error(`motcua: lỗi nghiêm trọng, dừng máy chủ (fatal ${origin}): ${err instanceof Error ? (err.stack ?? err.message) : formatWithOptions({ colors: false }, err)}`);
    process.exit(1);
  });
}
