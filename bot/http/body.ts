/**
 * Request bodies, read with a limit that is kept while they arrive: a Content-Length past the
 * limit is refused unread, and a body that grows past it (chunked, or longer than it said) is
 * refused as soon as it does, with the connection closed, so that a client streaming megabytes
 * is stopped after about the limit rather than read to its end. restify's own body reader reads
 * everything and only then compares.
 */
import type { Next, Request, Response } from 'restify';

/** A request with a body: a Content-Length above 0, or any Transfer-Encoding. */
export function hasBody(req: Request): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}

/** Answers with a small JSON error and closes the connection (the rest of the body is not read). */
export function refuseUnread(res: Response, status: number, body: Record<string, string>): void {
  res.sendRaw(status, JSON.stringify(body), {
    'Content-Type': 'application/json; charset=utf-8',
    Connection: 'close',
  });
}

/**
 * The middleware (for `server.use`, after routing): reads the body as UTF-8 text into `req.body`
 * for restify's JSON parser (`jsonBodyParser({ bodyReader: true })`), or answers 413.
 */
export function limitedBodyReader(maxBytes: number) {
  return (req: Request, res: Response, next: Next): void => {
    const state = req as Request & { _readBody?: boolean };
    if (state._readBody || !hasBody(req)) return next();
    state._readBody = true;
    const tooLarge = () => refuseUnread(res, 413, { error: 'payloadTooLarge' });
    if (Number(req.headers['content-length'] ?? 0) > maxBytes) {
      tooLarge();
      return next(false);
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const settle = (go: () => void) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
      go();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      settle(() => {
        chunks.length = 0;
        req.pause();
        tooLarge();
        next(false);
      });
    };
    const onEnd = () =>
      settle(() => {
        (req as Request & { body?: unknown }).body = Buffer.concat(chunks).toString('utf8');
        next();
      });
    // A client that went away: nothing to answer; restify's 'after' still logs the request.
    const onError = (e: Error) => settle(() => next(e));
    const onAborted = () => settle(() => next(false));
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    req.once('aborted', onAborted);
    req.resume();
  };
}
