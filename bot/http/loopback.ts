/**
 * "This machine" for the local modes (the bot without a bot identity, the tab's preview): the
 * addresses Polku may listen on, the Host a page of this machine sends, the proxies that must not
 * stand between, and the Bot Connector addresses a local bot may answer. One rule in one place,
 * read by the config check, the request guard and the bot adapter.
 */
import net from 'node:net';
import type { Next, Request, Response } from 'restify';

/** True for an address that is this machine only: localhost, 127.0.0.0/8, ::1 (brackets allowed). */
export function isLoopbackAddress(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1') return true;
  return net.isIPv4(h) && h.startsWith('127.');
}

/** The names a page of this machine reaches Polku by, as the Host header spells them. */
const LOOPBACK_HOST_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * True when the Host header names this machine and the port the request arrived on: a page that
 * rebound its own DNS name to 127.0.0.1 still sends its own name, and a forwarder on another port
 * passes the Host of its own port. The port may be left out only on port 80, as browsers do.
 */
export function isLoopbackHostHeader(host: string | undefined, localPort: number | undefined): boolean {
  if (!host || localPort === undefined) return false;
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(host.trim());
  if (!m || !LOOPBACK_HOST_NAMES.has(m[1].toLowerCase())) return false;
  return m[2] === undefined ? localPort === 80 : Number(m[2]) === localPort;
}

/**
 * Headers that proxies, tunnels, CDNs and load balancers add. A request carrying any of them did
 * not come straight from a page or program of this machine, whatever its socket says.
 */
const FORWARDING_HEADERS = new Set([
  'forwarded',
  'via',
  'x-real-ip',
  'true-client-ip',
  'cf-connecting-ip',
  'cf-ipcountry',
  'cdn-loop',
  'x-client-ip',
  'client-ip',
  'x-cluster-client-ip',
  'fastly-client-ip',
  'fly-client-ip',
  'x-proxyuser-ip',
  'x-host',
  'x-envoy-external-address',
  'x-waws-unencoded-url',
]);
/** Header families of the same kind: X-Forwarded-For/-Host/-Proto/…, X-Original-Host/-URL/…, Azure's X-ARR-… and X-Azure-…. */
const FORWARDING_PREFIXES = ['x-forwarded-', 'x-original-', 'x-arr-', 'x-azure-'];

/** The first forwarding header of the request, if any (its name only). */
export function forwardingHeader(headers: Record<string, unknown>): string | undefined {
  return Object.keys(headers).find(
    (name) => FORWARDING_HEADERS.has(name) || FORWARDING_PREFIXES.some((p) => name.startsWith(p)),
  );
}

const LOOPBACK_SOCKETS = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** An Origin of this machine's own pages (any port), or none at all (not a browser, or same-origin GET). */
function isLoopbackOrigin(origin: string | undefined): boolean {
  if (origin === undefined) return true;
  if (!URL.canParse(origin)) return false;
  const url = new URL(origin);
  return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOST_NAMES.has(url.hostname);
}

/** Why a request is not this machine's own, for the log (a name, never a value). */
export type NotLocal = 'remoteAddress' | 'host' | 'forwarded' | 'origin';

/**
 * Judges a request for the local modes: from a loopback socket, a Host of this machine and port,
 * no forwarding header, and (when a browser sends one) an Origin of this machine.
 */
export function notLocal(req: Request): NotLocal | undefined {
  if (!LOOPBACK_SOCKETS.has(req.socket?.remoteAddress ?? '')) return 'remoteAddress';
  if (forwardingHeader(req.headers) !== undefined) return 'forwarded';
  if (!isLoopbackHostHeader(req.headers.host, req.socket?.localPort)) return 'host';
  const origin = req.headers.origin;
  if (!isLoopbackOrigin(typeof origin === 'string' ? origin : undefined)) return 'origin';
  return undefined;
}

/** True for a Bot Connector address on this machine (http or https, host localhost, 127.x or [::1]). */
export function isLoopbackUrl(url: unknown): boolean {
  if (typeof url !== 'string' || !URL.canParse(url)) return false;
  const u = new URL(url);
  return (
    (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password && isLoopbackAddress(u.hostname)
  );
}

/**
 * The middleware (for `server.use`, before the body is read): a request to a guarded route (by
 * the route it was matched to, so no spelling of its path slips by) that is not this machine's
 * own gets `refuse`'s answer, its body unread.
 */
export function localOnly(opts: {
  guards: (req: Request) => boolean;
  refuse: (req: Request, res: Response, why: NotLocal) => void;
}) {
  return (req: Request, res: Response, next: Next): void => {
    if (!opts.guards(req)) return next();
    const why = notLocal(req);
    if (why === undefined) return next();
    opts.refuse(req, res, why);
    return next(false);
  };
}
