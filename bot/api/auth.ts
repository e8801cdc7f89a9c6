/**
 * Who is calling the tab's API. Fails closed: with an Entra app configured, a request needs a
 * valid Teams SSO token (`Authorization: Bearer …`, verified against the published keys); with
 * none configured, the explicit local preview mode lets in loopback requests only, as the demo
 * user. Tokens and names never reach the log.
 */
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Request } from 'restify';
import type { TeamRef } from '../domain/pilots';
import { DEMO_TEAM, DEMO_USER_ID } from '../demo/constants';

export interface Principal {
  /** Entra object id (`oid`). */
  userId: string;
  /** Entra tenant id (`tid`). */
  tenantId: string;
  /** Display name from the token (`name`), when it has one. Never logged. */
  name?: string;
  preview: boolean;
}

export const DEFAULT_JWKS_URI = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** A request that came straight from this machine, not through a proxy or tunnel. */
export function isDirectLoopback(req: Request): boolean {
  const remote = req.socket?.remoteAddress ?? '';
  const proxied = req.headers['x-forwarded-for'] || req.headers['forwarded'] || req.headers['x-original-host'];
  return LOOPBACK.has(remote) && !proxied;
}

export interface AuthOptions {
  /** Entra app (client) id; when set, preview mode is off. */
  aadAppClientId?: string;
  /** The app's Application ID URI (api://<domain>/<client id>), also accepted as the audience. */
  aadAppIdUri?: string;
  /** The JSON Web Key Set of Entra ID's signing keys. */
  jwksUri?: string;
  /** Seconds of clock skew tolerated on exp and nbf. */
  clockToleranceSeconds?: number;
}

/** Why a request was not let in: 'unauthenticated' → 401; 'unavailable' → 503 (the keys could not be read). */
export type AuthResult =
  { ok: true; principal: Principal } | { ok: false; reason: 'unauthenticated' | 'unavailable'; code?: string };

/** Signing keys could not be fetched: the token was not judged. */
class KeysUnavailable extends Error {
  constructor(readonly code: string) {
    super('signing keys unavailable');
    this.name = 'KeysUnavailable';
  }
}

/** A fetch that failed or answered badly, as opposed to a token whose key is not in the set. */
function isFetchFailure(e: unknown): boolean {
  if (!(e instanceof errors.JOSEError)) return true;
  return e instanceof errors.JWKSTimeout || e instanceof errors.JWKSInvalid || e.code === 'ERR_JOSE_GENERIC';
}

const MAX_TOKEN_LENGTH = 16 * 1024;
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;
const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The token's issuer must be Entra ID's for the token's own tenant (v2.0 or v1.0 form). */
function issuersFor(tid: string): string[] {
  return [`https://login.microsoftonline.com/${tid}/v2.0`, `https://sts.windows.net/${tid}/`];
}

function principalOf(payload: JWTPayload): Principal | undefined {
  const { tid, oid, iss, scp, name } = payload as JWTPayload & Record<string, unknown>;
  if (typeof tid !== 'string' || !TENANT_ID.test(tid)) return undefined;
  if (typeof iss !== 'string' || !issuersFor(tid).includes(iss)) return undefined;
  if (typeof oid !== 'string' || !oid) return undefined;
  // A delegated token (a person signed in): app-only tokens carry no scope.
  if (typeof scp !== 'string' || !scp.trim()) return undefined;
  return { userId: oid, tenantId: tid, name: typeof name === 'string' ? name : undefined, preview: false };
}

export type Authenticator = (req: Request) => Promise<AuthResult>;

/**
 * Builds the request check once (the key set is fetched lazily and cached by jose, refreshed
 * when a token names a key it does not know).
 */
export function createAuthenticator(opts: AuthOptions): Authenticator {
  const clientId = opts.aadAppClientId;
  if (!clientId) {
    return async (req) =>
      isDirectLoopback(req)
        ? { ok: true, principal: { userId: DEMO_USER_ID, tenantId: DEMO_TEAM.tenantId, preview: true } }
        : { ok: false, reason: 'unauthenticated' };
  }
  const remote = createRemoteJWKSet(new URL(opts.jwksUri ?? DEFAULT_JWKS_URI));
  const keys: JWTVerifyGetKey = async (header, token) => {
    try {
      return await remote(header, token);
    } catch (e) {
      if (isFetchFailure(e)) throw new KeysUnavailable(e instanceof errors.JOSEError ? e.code : 'FETCH_FAILED');
      throw e;
    }
  };
  const audience = [clientId, ...(opts.aadAppIdUri ? [opts.aadAppIdUri] : [])];
  const clockTolerance = opts.clockToleranceSeconds ?? 60;
  return async (req) => {
    const header = req.headers.authorization;
    const m = typeof header === 'string' && header.length <= MAX_TOKEN_LENGTH ? BEARER.exec(header.trim()) : null;
    if (!m) return { ok: false, reason: 'unauthenticated', code: header ? 'MALFORMED' : 'NO_TOKEN' };
    try {
      const { payload } = await jwtVerify(m[1], keys, {
        audience,
        algorithms: ['RS256'],
        clockTolerance,
        requiredClaims: ['exp', 'iss', 'tid', 'oid'],
      });
      const principal = principalOf(payload);
      return principal ? { ok: true, principal } : { ok: false, reason: 'unauthenticated', code: 'CLAIMS' };
    } catch (e) {
      if (e instanceof KeysUnavailable) return { ok: false, reason: 'unavailable', code: e.code };
      const code = e instanceof errors.JOSEError ? e.code : 'INVALID';
      return { ok: false, reason: 'unauthenticated', code };
    }
  };
}

/** The teams a principal may see without asking anyone. In preview mode: the demo team. */
export function previewTeams(p: Principal): TeamRef[] {
  return p.preview ? [DEMO_TEAM] : [];
}
