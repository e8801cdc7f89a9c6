/**
 * Who is calling the tab's API. Fails closed: with an Entra app configured, a request needs a
 * valid Teams SSO token (`Authorization: Bearer …`, verified against the published keys, issued
 * within the last day); with none configured, the explicit local preview mode lets in this
 * machine's own requests only (bot/http/loopback.ts), as the demo user; or, with a bot identity
 * and no Entra app, nobody. Tokens and names never reach the log.
 */
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Request } from 'restify';
import type { TabApiMode } from '../config';
import type { TeamRef } from '../domain/pilots';
import { DEMO_TEAM, DEMO_USER_ID } from '../demo/constants';
import { notLocal } from '../http/loopback';
import type { RefusalReason } from './contract';

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

/** A token issued longer ago than this is refused, even before its `exp`. */
export const MAX_TOKEN_AGE_SECONDS = 24 * 60 * 60;
/**
 * Clock skew tolerated between Entra ID and this server, on exp, nbf and iat: five minutes, as
 * Microsoft's own token libraries allow (Microsoft.IdentityModel's default ClockSkew).
 */
export const CLOCK_SKEW_SECONDS = 5 * 60;

export interface AuthOptions {
  /** How people are let in (config.tabApi); 'sso' needs aadAppClientId. */
  mode: TabApiMode;
  /** Entra app (client) id. */
  aadAppClientId?: string;
  /** The app's Application ID URI (api://<domain>/<client id>), also accepted as the audience. */
  aadAppIdUri?: string;
  /** The JSON Web Key Set of Entra ID's signing keys. */
  jwksUri?: string;
  /** Seconds of clock skew tolerated on exp, nbf and iat. */
  clockToleranceSeconds?: number;
  /** The clock tokens are judged by (the real one by default). */
  now?: () => Date;
}

/**
 * Why a request was not let in: 'unauthenticated' → 401; 'unavailable' → 503 (the keys could
 * not be read). `code` is for the log; `why`, when set, is told to the caller.
 */
export type AuthResult =
  | { ok: true; principal: Principal }
  | { ok: false; reason: 'unauthenticated' | 'unavailable'; code?: string; why?: RefusalReason };

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
  if (opts.mode === 'preview') {
    return async (req) => {
      const why = notLocal(req);
      return why === undefined
        ? { ok: true, principal: { userId: DEMO_USER_ID, tenantId: DEMO_TEAM.tenantId, preview: true } }
        : { ok: false, reason: 'unauthenticated', code: `NOT_LOCAL_${why.toUpperCase()}`, why: 'previewLocalOnly' };
    };
  }
  if (opts.mode === 'off' || !clientId) {
    return async () => ({ ok: false, reason: 'unauthenticated', code: 'PREVIEW_OFF', why: 'previewOff' });
  }
  const now = opts.now ?? (() => new Date());
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
  const clockTolerance = opts.clockToleranceSeconds ?? CLOCK_SKEW_SECONDS;
  return async (req) => {
    const header = req.headers.authorization;
    const m = typeof header === 'string' && header.length <= MAX_TOKEN_LENGTH ? BEARER.exec(header.trim()) : null;
    if (!m) return { ok: false, reason: 'unauthenticated', code: header ? 'MALFORMED' : 'NO_TOKEN' };
    try {
      const { payload } = await jwtVerify(m[1], keys, {
        audience,
        algorithms: ['RS256'],
        clockTolerance,
        currentDate: now(),
        requiredClaims: ['exp', 'iat', 'iss', 'tid', 'oid'],
      });
      // A token lives an hour or so; one issued more than a day ago, or ahead of our clock by
      // more than the skew, was not issued for this sign-in, whatever its exp says.
      const iat = payload.iat ?? Number.NaN;
      const nowSeconds = now().getTime() / 1000;
      if (!(iat >= nowSeconds - MAX_TOKEN_AGE_SECONDS)) {
        return { ok: false, reason: 'unauthenticated', code: 'TOKEN_TOO_OLD', why: 'tokenTooOld' };
      }
      if (iat > nowSeconds + clockTolerance) {
        return { ok: false, reason: 'unauthenticated', code: 'TOKEN_FROM_FUTURE', why: 'tokenIssuedInFuture' };
      }
      const principal = principalOf(payload);
      return principal ? { ok: true, principal } : { ok: false, reason: 'unauthenticated', code: 'CLAIMS' };
    } catch (e) {
      if (e instanceof KeysUnavailable) return { ok: false, reason: 'unavailable', code: e.code };
      const code = e instanceof errors.JOSEError ? e.code : 'INVALID';
      // Not valid yet (nbf, which Entra ID sets to iat) beyond the skew: issued ahead of our clock.
      if (e instanceof errors.JWTClaimValidationFailed && e.claim === 'nbf') {
        return { ok: false, reason: 'unauthenticated', code, why: 'tokenIssuedInFuture' };
      }
      return { ok: false, reason: 'unauthenticated', code };
    }
  };
}

/** The teams a principal may see without asking anyone. In preview mode: the demo team. */
export function previewTeams(p: Principal): TeamRef[] {
  return p.preview ? [DEMO_TEAM] : [];
}
