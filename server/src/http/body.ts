// Request bodies without building a WHATWG Request. @hono/node-server hands Hono a lightweight
// request that builds the real one (an undici Request, an AbortController, Headers and two web
// streams over the socket) the first time anything touches its body or its signal, and Hono's
// bodyLimit touches it on every request. For a small JSON action that was about a tenth of the
// server's CPU. So, when the request came through @hono/node-server: the size limit reads the
// Content-Length header, and the JSON is read from Node's IncomingMessage. Chunked bodies (no
// length to check beforehand) and requests made without a socket (app.request() in the tests)
// go Hono's standard way, with the same limits and the same results.
import { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { problems } from './problem.ts';

/** The socket's request, when the app runs on @hono/node-server and it is not consumed yet. */
function incomingOf(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
  return incoming instanceof IncomingMessage ? incoming : undefined;
}

/**
 * Refuses a body over `maxSize` bytes with `onError` (as hono/body-limit: a declared length is
 * checked before reading; a chunked body is read only up to the limit, never whole).
 */
export function limitBody(maxSize: number, onError: (c: Context) => never): MiddlewareHandler {
  const standard = bodyLimit({ maxSize, onError });
  return (c, next) => {
    const incoming = incomingOf(c);
    if (incoming) {
      if (incoming.method === 'GET' || incoming.method === 'HEAD') return next(); // no body (as the standard Request has none)
      const length = incoming.headers['content-length'];
      if (length !== undefined && incoming.headers['transfer-encoding'] === undefined) return parseInt(length, 10) > maxSize ? onError(c) : next();
    }
    return standard(c, next);
  };
}

const utf8 = new TextDecoder(); // as Request.text(): invalid bytes become U+FFFD, a leading BOM goes

/** The body as text (UTF-8), as `c.req.text()` gives it. */
export async function readText(c: Context): Promise<string> {
  const incoming = incomingOf(c);
  // Read from the socket only while nothing else has (a chunked body was read by limitBody).
  if (!incoming || incoming.readableDidRead || incoming.readableEnded || incoming.headers['content-length'] === undefined) return c.req.text();
  const incomplete = () => problems.badRequest('Dữ liệu gửi lên không trọn vẹn', 'Incomplete request body');
  if (incoming.destroyed) throw incomplete(); // the client left before we read
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    const done = (complete: boolean) => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onGone);
      incoming.off('close', onGone);
      // The client went away before sending the whole body ("aborted"): its fault, not a 500.
      if (complete) resolve();
      else reject(incomplete());
    };
    const onData = (b: Buffer) => void chunks.push(b);
    const onEnd = () => done(true);
    const onGone = () => done(false);
    incoming.on('data', onData);
    incoming.once('end', onEnd);
    incoming.once('error', onGone);
    incoming.once('close', onGone);
  });
  return utf8.decode(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
}
