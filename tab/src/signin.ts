/**
 * How the tab gets its token for Polku's API inside Teams, as Teams now recommends: nested app
 * authentication (MSAL's nestable client, brokered by the host through teams-js's bridge) where
 * the host recommends it, else, or when it fails, Teams' own `authentication.getAuthToken`. Both
 * give a token for the Entra app's `access_as_user` scope, which the server checks alike
 * (bot/api/auth.ts). teams-js must have finished `app.initialize()` before this runs.
 */
import type { IPublicClientApplication } from '@azure/msal-browser';
import { authentication, nestedAppAuth } from '@microsoft/teams-js';

/** What the server says the tab should ask for itself (GET /api/signin, bot/api/auth.ts signInSettings). */
export interface SignInSettings {
  /** The Entra app's client id. */
  clientId: string;
  /** Its Application ID URI, when the server is told it. */
  appIdUri?: string;
}

/** Which way a token was got. */
export type TokenPath = 'naa' | 'getAuthToken';

export interface TokenSource {
  /** A fresh token for the API. */
  token(): Promise<string>;
  /** The way the last token was got (undefined before the first). */
  readonly path: TokenPath | undefined;
}

/** The nestable client and what the tab asks of it: MSAL's, or a stand-in in unit tests. */
export type NestableClientFactory = (
  clientId: string,
) => Promise<Pick<IPublicClientApplication, 'acquireTokenSilent' | 'acquireTokenPopup'>>;

/**
 * The scope the tab asks for: `access_as_user` on the Application ID URI, which aad.manifest.json
 * makes api://<the tab's domain>/<client id> when the server names none.
 */
export function scopeOf(settings: SignInSettings, host = location.host): string {
  return `${settings.appIdUri ?? `api://${host}/${settings.clientId}`}/access_as_user`;
}

/** MSAL's nestable client for the app, through the host's bridge. */
export const msalNestableClient: NestableClientFactory = async (clientId) => {
  // Not in the tab's first screen (it would double it): the build makes it msal.js, loaded only here.
  const msal = await import('./msal');
  return msal.createNestablePublicClientApplication({
    auth: { clientId, authority: 'https://login.microsoftonline.com/organizations' },
    cache: { cacheLocation: 'sessionStorage' },
  });
};

/** The host's bridge answers within this, or the tab takes Teams' own way. */
const NAA_TIMEOUT_MS = 10000;

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

function isSignInSettings(v: unknown): v is SignInSettings {
  if (typeof v !== 'object' || v === null) return false;
  const { clientId, appIdUri } = v as Record<string, unknown>;
  return (
    typeof clientId === 'string' &&
    /^[0-9a-f-]{36}$/i.test(clientId) &&
    (appIdUri === undefined || (typeof appIdUri === 'string' && appIdUri.length > 0))
  );
}

/** What the server says the tab should ask for, or undefined when it says nothing usable. */
export async function fetchSignInSettings(base = ''): Promise<SignInSettings | undefined> {
  try {
    const res = await fetch(`${base}/api/signin`, {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
    });
    if (!res.ok) return undefined;
    const body: unknown = await res.json();
    return isSignInSettings(body) ? body : undefined;
  } catch {
    return undefined;
  }
}

export interface TokenSourceOptions {
  /** Whether the host recommends nested app authentication (teams-js `nestedAppAuth.isNAAChannelRecommended`). */
  naaRecommended?: () => boolean;
  /** What to ask for; fetched from the server by default. */
  settings?: () => Promise<SignInSettings | undefined>;
  /** The nestable client (MSAL's by default). */
  nestableClient?: NestableClientFactory;
  /** Teams' own token (teams-js `authentication.getAuthToken` by default). */
  teamsToken?: () => Promise<string>;
  timeoutMs?: number;
  /** The tab's host name, for the default Application ID URI (the page's own by default). */
  host?: string;
}

function naaRecommendedByHost(): boolean {
  try {
    return nestedAppAuth.isNAAChannelRecommended();
  } catch {
    return false;
  }
}

/**
 * The tab's token source. The way is chosen at the first call: nested app authentication when the
 * host recommends it and the server names the app, and it stays chosen while it works; any
 * failure on it (no bridge, no answer, a refusal) falls back to getAuthToken from then on.
 */
export function createTokenSource(opts: TokenSourceOptions = {}): TokenSource {
  const naaRecommended = opts.naaRecommended ?? naaRecommendedByHost;
  const settings = opts.settings ?? (() => fetchSignInSettings());
  const nestableClient = opts.nestableClient ?? msalNestableClient;
  const teamsToken = opts.teamsToken ?? (() => authentication.getAuthToken());
  const timeoutMs = opts.timeoutMs ?? NAA_TIMEOUT_MS;
  let path: TokenPath | undefined;
  let naa: Promise<(() => Promise<string>) | undefined> | undefined;

  const startNaa = async (): Promise<(() => Promise<string>) | undefined> => {
    if (!naaRecommended()) return undefined;
    const wanted = await settings();
    if (!wanted) return undefined;
    const client = await within(nestableClient(wanted.clientId), timeoutMs);
    return async () => {
      const request = { scopes: [scopeOf(wanted, opts.host)] };
      try {
        return (await within(client.acquireTokenSilent(request), timeoutMs)).accessToken;
      } catch (e) {
        // Consent or a fresh sign-in is needed: the host shows its own prompt (minutes, not seconds).
        if (!isInteractionRequired(e)) throw e;
        return (await within(client.acquireTokenPopup(request), timeoutMs * 30)).accessToken;
      }
    };
  };

  const source: TokenSource = {
    get path() {
      return path;
    },
    async token() {
      naa ??= startNaa().catch(() => undefined);
      const viaNaa = await naa;
      if (viaNaa) {
        try {
          const token = await viaNaa();
          if (token) {
            path = 'naa';
            return token;
          }
        } catch {
          // Nested app authentication did not give a token: Teams' own way from now on.
        }
        naa = Promise.resolve(undefined);
      }
      const token = await teamsToken();
      path = 'getAuthToken';
      return token;
    },
  };
  return source;
}

/** MSAL's "the user must act" errors, by their code (no MSAL import on the other path). */
function isInteractionRequired(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { errorCode: code, name } = e as { errorCode?: unknown; name?: unknown };
  if (name === 'InteractionRequiredAuthError') return true;
  return (
    typeof code === 'string' &&
    ['interaction_required', 'consent_required', 'login_required', 'no_account_error', 'invalid_grant'].includes(code)
  );
}
