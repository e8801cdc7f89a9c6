/**
 * How one proactive message reaches Teams: paced under Teams' rate limits, retried when Teams
 * asks for it, given up when the app is gone. What is sent, to whom and when is the caller's
 * business (the reminder sweep); this file only keeps the discipline of each send.
 *
 * Plain functions over `send: () => Promise<T>`, so no SDK type is part of the API. The errors
 * read here are the adapters' ConnectorError (application/port.ts), and, for any other caller,
 * the shapes HTTP clients throw: `statusCode` or `response.status`, `code`, and
 * `response.headers` with `retry-after`.
 *
 * The pacing is per process: several server instances sweeping together share Teams' limits
 * without knowing of each other, which is why 429 is still handled here.
 */
import { ConnectorError } from '../port';

/** At most `count` operations in any `ms` milliseconds. */
export interface RateWindow {
  readonly count: number;
  readonly ms: number;
}

export interface RateLimits {
  /** Per bot per conversation (a personal chat, a group chat or a channel). */
  readonly perConversation: readonly RateWindow[];
  /** Per app per tenant, across all its conversations. */
  readonly perTenant: readonly RateWindow[];
}

/**
 * Teams' limits for a bot, from "Optimize your bot with rate limiting in Teams": sending to
 * (and creating) a conversation 7 in 1 s, 8 in 2 s, 60 in 30 s, 1,800 in an hour; the app's
 * global limit per tenant 30 requests a second (earlier versions of the page said 50).
 */
export const TEAMS_LIMITS: RateLimits = {
  perConversation: [
    { count: 7, ms: 1000 },
    { count: 8, ms: 2000 },
    { count: 60, ms: 30_000 },
    { count: 1800, ms: 3_600_000 },
  ],
  perTenant: [{ count: 30, ms: 1000 }],
};

/** The share of Teams' limits Polku's sends use: headroom for the conversations' own replies and Teams' counting. */
export const LIMIT_SHARE = 0.8;

/** Every window of Teams' limits at LIMIT_SHARE (rounded down): what the Pacer keeps to by default. */
export const PACED_LIMITS: RateLimits = {
  perConversation: TEAMS_LIMITS.perConversation.map((w) => ({ count: Math.floor(w.count * LIMIT_SHARE), ms: w.ms })),
  perTenant: TEAMS_LIMITS.perTenant.map((w) => ({ count: Math.floor(w.count * LIMIT_SHARE), ms: w.ms })),
};

/** Time, so that tests can run hours of pacing and backoff without waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/** Sends per key, oldest first; only those still inside the key's longest window are kept. */
type Log = Map<string, number[]>;

/**
 * How long until one more operation at `now` stays within every window, given the times of
 * earlier operations (ascending). A window is full when its `count`-th latest operation is still
 * inside it; the wait is until that one leaves.
 */
function waitFor(times: number[] | undefined, windows: readonly RateWindow[], now: number): number {
  if (!times) return 0;
  let wait = 0;
  for (const { count, ms } of windows) {
    const nth = times[times.length - count];
    if (nth !== undefined && nth > now - ms) wait = Math.max(wait, nth + ms - now);
  }
  return wait;
}

function longest(windows: readonly RateWindow[]): number {
  return windows.reduce((max, w) => Math.max(max, w.ms), 0);
}

/** Drops the times that no window can see any more, and the key when none is left. */
function forget(log: Log, key: string, now: number, horizon: number): void {
  const times = log.get(key);
  if (!times) return;
  let stale = 0;
  while (stale < times.length && times[stale] <= now - horizon) stale++;
  if (stale === times.length) log.delete(key);
  else if (stale > 0) times.splice(0, stale);
}

/**
 * A sliding-window limiter over several windows at once, per conversation and per tenant.
 * Memory: a key is kept only while one of its windows still holds a send (at most an hour for a
 * conversation, a second for a tenant), and at most as many times as its longest window allows.
 */
export class Pacer {
  readonly clock: Clock;
  private readonly limits: RateLimits;
  private readonly conversations: Log = new Map();
  private readonly tenants: Log = new Map();
  private readonly conversationHorizon: number;
  private readonly tenantHorizon: number;
  private readonly pruneEvery: number;
  private lastPrune = -Infinity;

  constructor(options: { clock?: Clock; limits?: RateLimits } = {}) {
    this.clock = options.clock ?? realClock;
    this.limits = options.limits ?? PACED_LIMITS;
    this.conversationHorizon = longest(this.limits.perConversation);
    this.tenantHorizon = longest(this.limits.perTenant);
    const all = [...this.limits.perConversation, ...this.limits.perTenant];
    this.pruneEvery = all.length ? Math.min(...all.map((w) => w.ms)) : 0;
  }

  /**
   * Resolves when one more message to this conversation of this tenant, sent now, stays within
   * every window of both; the send is counted from that moment. Checking and counting happen in
   * one synchronous step, so concurrent callers cannot overshoot together.
   *
   * Resolves to `done`, to call when the send has been answered (or failed): the send is then
   * counted from that later moment instead. Teams counts a message when it arrives, which is
   * somewhere between the two; counting it at its answer keeps the windows as Teams sees them
   * within the limits whatever the network's delays (the bench measured 25 arrivals in one second
   * at the stand-in connector when sends were counted at their start only).
   */
  async take(conversationKey: string, tenantKey: string): Promise<() => void> {
    for (;;) {
      const now = this.clock.now();
      this.pruneAll(now);
      const wait = Math.max(
        waitFor(this.conversations.get(conversationKey), this.limits.perConversation, now),
        waitFor(this.tenants.get(tenantKey), this.limits.perTenant, now),
      );
      if (wait <= 0) {
        const inConversation = this.record(this.conversations, conversationKey, now, this.conversationHorizon);
        const inTenant = this.record(this.tenants, tenantKey, now, this.tenantHorizon);
        let counted = false;
        return () => {
          if (counted) return;
          counted = true;
          const end = this.clock.now();
          this.move(this.conversations, conversationKey, inConversation, end);
          this.move(this.tenants, tenantKey, inTenant, end);
        };
      }
      await this.clock.sleep(wait);
    }
  }

  /** Forgets every key whose windows are all empty. Also done by take(), at most once per shortest window. */
  prune(now = this.clock.now()): void {
    for (const key of [...this.conversations.keys()]) forget(this.conversations, key, now, this.conversationHorizon);
    for (const key of [...this.tenants.keys()]) forget(this.tenants, key, now, this.tenantHorizon);
    this.lastPrune = now;
  }

  /** How many keys are remembered (for tests and diagnostics). */
  get size(): { conversations: number; tenants: number } {
    return { conversations: this.conversations.size, tenants: this.tenants.size };
  }

  private pruneAll(now: number): void {
    if (now - this.lastPrune >= this.pruneEvery || now < this.lastPrune) this.prune(now);
  }

  /** Counts a send at `now` (or at the latest time seen, if the clock stepped back); returns the time counted. */
  private record(log: Log, key: string, now: number, horizon: number): number {
    const times = log.get(key);
    if (!times) {
      log.set(key, [now]);
      return now;
    }
    // A wall clock stepped back must not unsort the log: count the send at the latest time seen.
    const at = Math.max(now, times[times.length - 1] ?? now);
    times.push(at);
    forget(log, key, now, horizon);
    return at;
  }

  /** Counts a send that was counted at `from` at `to` instead, when that is later; the log stays sorted. */
  private move(log: Log, key: string, from: number, to: number): void {
    if (to <= from) return;
    let times = log.get(key);
    if (times) {
      const i = times.lastIndexOf(from);
      if (i >= 0) times.splice(i, 1);
    } else {
      times = [];
      log.set(key, times);
    }
    let j = times.length;
    while (j > 0 && times[j - 1] > to) j--;
    times.splice(j, 0, to);
  }
}

// ---- Reading the connector's errors -------------------------------------------------------

type Bag = Record<string, unknown>;

const isBag = (v: unknown): v is Bag => typeof v === 'object' && v !== null;

interface HeaderGetter {
  get(name: string): unknown;
}

const hasGet = (v: Bag): v is Bag & HeaderGetter => typeof v.get === 'function';

/** The HTTP status of a failed call: `statusCode` (RestError), or `response.status`, or `status`. */
export function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof ConnectorError) return error.statusCode;
  if (!isBag(error)) return undefined;
  if (typeof error.statusCode === 'number') return error.statusCode;
  if (isBag(error.response) && typeof error.response.status === 'number') return error.response.status;
  if (typeof error.status === 'number') return error.status;
  return undefined;
}

function header(headers: unknown, name: string): unknown {
  if (!isBag(headers)) return undefined;
  if (hasGet(headers)) return headers.get(name);
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/**
 * How long the server asked us to wait, from `Retry-After` (delay-seconds or an HTTP date,
 * against `now`), in milliseconds; undefined when there is no usable header.
 */
export function retryAfterMsOf(error: unknown, now: number): number | undefined {
  if (error instanceof ConnectorError) return error.retryAfterMs;
  if (!isBag(error) || !isBag(error.response)) return undefined;
  let value = header(error.response.headers, 'retry-after');
  if (Array.isArray(value)) value = value[0];
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** An error's name when it looks like one (`RestError`, `TypeError`); `Error` otherwise. Never the message. */
export function errorNameOf(error: unknown): string {
  const name = error instanceof ConnectorError ? error.errorName : isBag(error) ? error.name : undefined;
  return typeof name === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name) ? name : 'Error';
}

function codeOf(error: unknown): string | undefined {
  return isBag(error) && typeof error.code === 'string' ? error.code : undefined;
}

/** Node's system errors (ECONNRESET, ETIMEDOUT, ENOTFOUND, EAI_AGAIN…), undici's, and the pipeline's own. */
const TRANSPORT_CODE = /^(E(?!RR_)[A-Z0-9_]+|UND_ERR_[A-Z_]+|REQUEST_SEND_ERROR)$/;

/** The request did not get an answer: worth another try. A bug in `send` (a TypeError) is not. */
function isTransportError(error: unknown): boolean {
  if (error instanceof ConnectorError) return error.transport;
  let e: unknown = error;
  for (let depth = 0; depth < 4 && isBag(e); depth++, e = e.cause) {
    const code = codeOf(e);
    if (code !== undefined && TRANSPORT_CODE.test(code)) return true;
  }
  return false;
}

/** What an HTTP client's error says, for an adapter to make its ConnectorError of. */
export function readHttpError(error: unknown, now: number) {
  return {
    statusCode: httpStatusOf(error),
    retryAfterMs: retryAfterMsOf(error, now),
    transport: isTransportError(error),
    errorName: errorNameOf(error),
    code: codeOf(error),
  };
}

/**
 * Statuses Teams asks bots to retry. 412 (PreconditionFailed, concurrent operations on one
 * conversation) is among them per Teams' docs; 429 and every 5xx are retried as the issue asks,
 * though Teams' table says a 500 ServiceError should not be.
 */
function isRetryableStatus(status: number): boolean {
  return status === 412 || status === 429 || (status >= 500 && status <= 599);
}

// ---- Delivery -----------------------------------------------------------------------------

export const DEFAULT_MAX_ATTEMPTS = 5;
/** Exponential backoff: the first retry waits 0.5–1 s, doubling each time, at most 30 s. */
const BACKOFF_BASE_MS = 1000;
const BACKOFF_MAX_MS = 30_000;

/** The pause before retry number `attempt` (1 after the first failure): half fixed, half random. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return ceiling / 2 + (random() * ceiling) / 2;
}

export interface DeliverOptions {
  pacer: Pacer;
  /** The conversation's id (as in the conversation reference). */
  conversationKey: string;
  /** The tenant's id (`conversation.tenantId` of the reference). */
  tenantKey: string;
  /** Defaults to the pacer's clock. */
  clock?: Clock;
  /** Tries in all, the first included; default 5. */
  maxAttempts?: number;
  /**
   * The most deliver() will spend waiting between tries (backoff and Retry-After together,
   * pacing not counted). When the next wait would go past it, deliver() returns 'failed' at once,
   * with the server's retryAfterMs when it gave one, so that the caller can reschedule.
   */
  maxWaitMs?: number;
  /** For tests: the jitter's source; default Math.random. */
  random?: () => number;
}

export type DeliveryResult<T> =
  | { status: 'sent'; value: T; attempts: number }
  /** The app was removed, blocked or the conversation deleted: mark the reference inactive. */
  | { status: 'gone'; httpStatus: 403 | 404; attempts: number; code?: string }
  | {
      status: 'failed';
      httpStatus?: number;
      attempts: number;
      code?: string;
      retryAfterMs?: number;
      /** The last error's name (e.g. `RestError`, `TypeError`), never its message: safe to log. */
      errorName: string;
    };

/**
 * Sends once, paced; retries 412, 429, 5xx and transport errors with exponential backoff and
 * jitter, never sooner than Retry-After; 403/404 end as 'gone' and other statuses as 'failed' at
 * once. Never throws for a failed send (only if the pacer or clock does).
 *
 * A retry after a 5xx or a dropped connection may post a message Teams had already accepted:
 * retried delivery is at least once, not exactly once.
 */
export async function deliver<T>(send: () => Promise<T>, opts: DeliverOptions): Promise<DeliveryResult<T>> {
  const clock = opts.clock ?? opts.pacer.clock;
  const maxAttempts = Math.max(1, Math.floor(opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
  const random = opts.random ?? Math.random;
  let waited = 0;
  for (let attempts = 1; ; attempts++) {
    const answered = await opts.pacer.take(opts.conversationKey, opts.tenantKey);
    let error: unknown;
    try {
      return { status: 'sent', value: await send(), attempts };
    } catch (e) {
      error = e;
    } finally {
      answered();
    }
    const httpStatus = httpStatusOf(error);
    const code = codeOf(error);
    if (httpStatus === 403 || httpStatus === 404) return { status: 'gone', httpStatus, attempts, code };
    const retryable = httpStatus === undefined ? isTransportError(error) : isRetryableStatus(httpStatus);
    const retryAfterMs = retryAfterMsOf(error, clock.now());
    const failed = {
      status: 'failed' as const,
      httpStatus,
      attempts,
      code,
      retryAfterMs,
      errorName: errorNameOf(error),
    };
    if (!retryable || attempts >= maxAttempts) return failed;
    const wait = Math.max(retryAfterMs ?? 0, backoffMs(attempts, random));
    if (opts.maxWaitMs !== undefined && waited + wait > opts.maxWaitMs) return failed;
    waited += wait;
    await clock.sleep(wait);
  }
}
