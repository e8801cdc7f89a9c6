/**
 * How the tab's API answers: errors as `{ error }` with the contract's codes only; data never
 * stored by a cache (`no-store`), except the answers that carry an ETag (overviews, the pilot
 * page): those the browser may keep for itself only and must revalidate every time
 * (`private, no-cache`), so that a reload that changed nothing is a 304 — `no-store` would keep
 * the browser from ever sending If-None-Match.
 */
import { createHash } from 'node:crypto';
import type { Request, Response } from 'restify';
import type { FormError } from '../domain/forms';
import type { ApiError, RefusalReason } from './contract';

export type ErrorCode = ApiError['error'];

const STATUS: Record<ErrorCode, number> = {
  badRequest: 400,
  unauthenticated: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  invalid: 422,
  internal: 500,
  unavailable: 503,
};

/** Thrown by a handler to answer with an error code (and, for a refused form, its fields' errors). */
export class ApiFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly fields?: FormError[],
  ) {
    super(code);
    this.name = 'ApiFailure';
  }
}

export const badRequest = () => new ApiFailure('badRequest');
export const forbidden = () => new ApiFailure('forbidden');
export const notFound = () => new ApiFailure('notFound');
export const conflict = () => new ApiFailure('conflict');
export const invalid = (fields: FormError[]) => new ApiFailure('invalid', fields);

const BASE_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

/** An error answer: the code, and the reason or the fields' errors when the caller can act on them. */
export function sendError(res: Response, code: ErrorCode, reason?: RefusalReason, fields?: FormError[]): void {
  const body: ApiError = { error: code, ...(reason ? { reason } : {}), ...(fields ? { fields } : {}) };
  res.sendRaw(STATUS[code], JSON.stringify(body), {
    ...BASE_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
  });
}

/** A weak ETag of some data: the same data, the same tag. */
export function weakEtag(data: unknown): string {
  return weakEtagOfText(JSON.stringify(data));
}

/** A weak ETag of some text (an answer's JSON without what changes with every answer): the same text, the same tag. */
export function weakEtagOfText(text: string): string {
  return `W/"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
}

/** True when the request's If-None-Match names this ETag (compared weakly) or is `*`. */
export function notModified(req: Request, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (typeof header !== 'string' || !header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/**
 * Sends JSON. With `etagOf` (the part of the body that identifies its content, e.g. without
 * the instant it was generated), an ETag is set and a matching If-None-Match gets a 304.
 */
export function sendJson(req: Request, res: Response, body: unknown, opts: { etagOf?: unknown } = {}): void {
  if (opts.etagOf === undefined) sendJsonText(req, res, () => JSON.stringify(body));
  else sendJsonText(req, res, () => JSON.stringify(body), { etagOfText: JSON.stringify(opts.etagOf) });
}

/**
 * Sends JSON already written (`json`, made only when the answer is not a 304). With `etagOfText`
 * (text that identifies the content), an ETag is set and a matching If-None-Match gets a 304.
 */
export function sendJsonText(
  req: Request,
  res: Response,
  json: () => string,
  opts: { etagOfText?: string } = {},
): void {
  const headers: Record<string, string> = { ...BASE_HEADERS };
  if (opts.etagOfText !== undefined) {
    const etag = weakEtagOfText(opts.etagOfText);
    headers.ETag = etag;
    headers['Cache-Control'] = 'private, no-cache';
    // Another signed-in person's answer is never served from this one's cache entry.
    headers.Vary = 'Authorization';
    if (notModified(req, etag)) {
      res.sendRaw(304, '', headers);
      return;
    }
  }
  res.sendRaw(200, json(), { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
}

export function sendFile(res: Response, body: Buffer, contentType: string, disposition: string): void {
  res.sendRaw(200, body, {
    ...BASE_HEADERS,
    'Content-Type': contentType,
    'Content-Disposition': disposition,
    'Content-Length': String(body.length),
  });
}

/** One query value as a string: absent → undefined; repeated or not text → badRequest. */
export function queryString(req: Request, name: string): string | undefined {
  const q = (req.query ?? {}) as Record<string, unknown>;
  const v = q[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badRequest();
  return v;
}

/** A whole number in [min, max]; `fallback` when absent; badRequest otherwise. */
export function queryInt(req: Request, name: string, min: number, max: number, fallback: number): number {
  const v = queryString(req, name);
  if (v === undefined) return fallback;
  if (!/^\d{1,9}$/.test(v)) throw badRequest();
  const n = Number(v);
  if (n < min || n > max) throw badRequest();
  return n;
}

/** One of the allowed values; `fallback` when absent; badRequest otherwise. */
export function queryEnum<T extends string>(req: Request, name: string, allowed: readonly T[], fallback: T): T {
  const v = queryString(req, name);
  if (v === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(v)) throw badRequest();
  return v as T;
}
