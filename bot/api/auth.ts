/**
 * Who is calling the tab's API. Fails closed: with an Entra app configured, a request needs a
 * valid token for the app's `access_as_user` scope (`Authorization: Bearer …`, verified against
 * the published keys, issued within the last day), asked either by the tab itself through nested
 * app authentication or by a Teams or Microsoft 365 client for it (`authentication.getAuthToken`);
 * with none configured, the explicit local preview mode lets in this
 * machine's own requests only (bot/http/loopback.ts), as the demo user; or, with a bot identity
 * and no Entra app, nobody. Tokens and names never reach the log.
 */
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Request } from 'restify';
import type { TabApiMode } from '../config';
import type { Principal as AccessPrincipal } from '../application/access';
import { DEMO_TEAM, DEMO_USER_ID } from '../demo/constants';
import { notLocal } from '../http/loopback';
import type { RefusalReason } from './contract';

/** A signed-in person (or the preview's demo user), as the access service knows them, with their name. */
export interface Principal extends AccessPrincipal {
  /** Display name from the token (`name`), when it has one. Never logged. */
  name?: string;
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

/** The delegated scope the tab asks for, and Teams asks for on its behalf (aad.manifest.json). */
export const TAB_SCOPE = 'access_as_user';

/**
 * The Microsoft clients pre-authorised to ask for the tab's scope (aad.manifest.json
 * `preAuthorizedApplications`): Teams desktop and mobile, Teams web, Microsoft 365 web and
 * desktop, Microsoft 365 mobile, Outlook desktop and web. The tab itself (nested app
 * authentication) is the other allowed caller.
 */
export const HOST_CLIENT_IDS: readonly string[] = [
  '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
  '5e3ce6c0-2b1f-4285-8d4b-75ee78787346',
  '4765445b-32c6-49b0-83e6-1d93765276ca',
  '0ec893e0-5785-4de6-99da-4ed124e5296c',
  'd3590ed6-52b3-4102-aeff-aad2292ab01c',
  'bc59ab01-8403-45c6-8796-ac3ef710b3e3',
  '27922004-5251-4030-b22d-91ecd9a37ea4',
];

/**
 * The token's issuer must be Entra ID's for the token's own tenant, in the form its version
 * says: v2.0 tokens (nested app authentication, and getAuthToken with requestedAccessTokenVersion
 * 2) from login.microsoftonline.com/<tid>/v2.0, v1.0 tokens from sts.windows.net/<tid>/.
 */
function issuerFor(tid: string, ver: unknown): string | undefined {
  if (ver === '2.0') return `https://login.microsoftonline.com/${tid}/v2.0`;
  if (ver === '1.0') return `https://sts.windows.net/${tid}/`;
  return undefined;
}

function principalOf(payload: JWTPayload, clientId: string): Principal | undefined {
  const { tid, oid, iss, scp, name, ver, azp, appid } = payload as JWTPayload & Record<string, unknown>;
  if (typeof tid !== 'string' || !TENANT_ID.test(tid)) return undefined;
  if (typeof iss !== 'string' || iss !== issuerFor(tid, ver)) return undefined;
  if (typeof oid !== 'string' || !oid) return undefined;
  // A delegated token (a person signed in) for the tab's own scope: app-only tokens carry none.
  if (typeof scp !== 'string' || !scp.split(' ').includes(TAB_SCOPE)) return undefined;
  // Who asked for it (azp in v2.0, appid in v1.0): the tab itself, or a Microsoft host for it.
  const caller = ver === '2.0' ? azp : appid;
  if (typeof caller !== 'string' || (caller !== clientId && !HOST_CLIENT_IDS.includes(caller))) return undefined;
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
      const principal = principalOf(payload, clientId);
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

/**
 * What the tab needs to ask for its token itself by nested app authentication (the answer of a
 * public GET /api/signin, bot/server.ts): the app's client id and, when configured, its
 * Application ID URI (the tab otherwise asks for api://<its own host>/<client id>, as
 * aad.manifest.json names it). Undefined when the API takes no tokens (preview, off).
 */
export function signInSettings(
  opts: Pick<AuthOptions, 'mode' | 'aadAppClientId' | 'aadAppIdUri'>,
): { clientId: string; appIdUri?: string } | undefined {
  if (opts.mode !== 'sso' || !opts.aadAppClientId) return undefined;
  return { clientId: opts.aadAppClientId, ...(opts.aadAppIdUri ? { appIdUri: opts.aadAppIdUri } : {}) };
}
