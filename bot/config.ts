/**
 * The one place where Polku reads its environment. Checked at start-up; the same names are
 * used locally, in tests and in Azure (infra/ sets exactly these).
 */
import path from 'node:path';
import { isLoopbackAddress } from './http/loopback';

/**
 * How one variable is read: a value (blank counts as unset) becomes the setting, or the reason it
 * is refused. Plain functions rather than a schema library: this runs once, at start, and a
 * validation library would stay in the server's memory for the rest of its life.
 */
type Reader<T> = (raw: string | undefined) => { value: T } | { error: string };

const ok = <T>(value: T) => ({ value });

function int(min: number, max: number, fallback: number): Reader<number> {
  return (raw) => {
    if (raw === undefined) return ok(fallback);
    const n = Number(raw);
    if (!Number.isFinite(n)) return { error: `expected a number, received "${raw}"` };
    if (!Number.isInteger(n)) return { error: 'expected an integer' };
    if (n < min) return { error: `must be at least ${min}` };
    if (n > max) return { error: `must be at most ${max}` };
    return ok(n);
  };
}

function oneOf<const T extends string>(values: readonly T[]): Reader<T | undefined>;
function oneOf<const T extends string>(values: readonly T[], fallback: T): Reader<T>;
function oneOf<const T extends string>(values: readonly T[], fallback?: T): Reader<T | undefined> {
  return (raw) => {
    if (raw === undefined) return ok(fallback);
    return (values as readonly string[]).includes(raw)
      ? ok(raw as T)
      : { error: `expected one of ${values.map((v) => `"${v}"`).join(', ')}` };
  };
}

const text: Reader<string | undefined> = (raw) => ok(raw);

function url(fallback?: string): Reader<string | undefined> {
  return (raw) => {
    if (raw === undefined) return ok(fallback);
    return URL.canParse(raw) ? ok(raw) : { error: 'expected a URL' };
  };
}

function matching(re: RegExp, message: string, fallback: string): Reader<string> {
  return (raw) => (raw === undefined ? ok(fallback) : re.test(raw) ? ok(raw) : { error: message });
}

const variables = {
  PORT: int(0, 65535, 3978),
  /** Address to listen on; loopback by default in local mode, and loopback only while the bot or the tab is local. */
  POLKU_HOST: text,
  MicrosoftAppId: text,
  MicrosoftAppPassword: text,
  MicrosoftAppType: oneOf(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']),
  MicrosoftAppTenantId: text,
  AZURE_STORAGE_CONNECTION_STRING: text,
  /** e.g. https://account.table.core.windows.net, used with a managed identity. */
  AZURE_TABLES_ACCOUNT_URL: url(),
  /** Client id of a user-assigned managed identity, when the account URL is used. */
  AZURE_CLIENT_ID: text,
  POLKU_DATA_DIR: text,
  POLKU_TABLE_PREFIX: matching(/^[A-Za-z][A-Za-z0-9]{0,19}$/, 'letters and digits, starting with a letter', 'polku'),
  POLKU_DEMO: oneOf(['on', 'off'], 'on'),
  /** Entra app (client) id for the tab's single sign-on. Unset = local preview mode. */
  AAD_APP_CLIENT_ID: text,
  /** The SSO app's Application ID URI (api://<tab domain>/<client id>), accepted as a token audience beside the client id. */
  AAD_APP_ID_URI: text,
  /**
   * The tab's local preview (the demo user, no sign-in, this machine's own pages only) while
   * AAD_APP_CLIENT_ID is unset: on by default without MicrosoftAppId, off by default with it.
   */
  POLKU_TAB_PREVIEW: oneOf(['on', 'off']),
  /** Where the signing keys of Entra ID tokens are published. */
  AAD_JWKS_URI: url('https://login.microsoftonline.com/common/discovery/v2.0/keys') as Reader<string>,
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  /** Seconds between reminder sweeps; 0 = no timer (a scheduler runs `npm run reminders -- --once`). */
  POLKU_REMINDER_INTERVAL: int(0, 86400, 60),
  /** The bot SDK: botbuilder (archived, the design's) or the Teams SDK (@microsoft/teams.apps 2.x). */
  POLKU_BOT_SDK: oneOf(['botbuilder', 'teams'], 'botbuilder'),
  /** Milliseconds a Bot Framework token may take to check (its keys fetched) before the activity gets a 503. */
  POLKU_BOT_AUTH_TIMEOUT_MS: int(100, 120000, 10000),
  /** Milliseconds a client has to send a request's headers; then 408 and the connection closed. */
  POLKU_HEADERS_TIMEOUT_MS: int(100, 600000, 10000),
  /** Milliseconds a client has to send a whole request, headers and body; then 408 and closed. */
  POLKU_REQUEST_TIMEOUT_MS: int(100, 600000, 30000),
  /** Milliseconds an idle keep-alive connection stays open between requests. */
  POLKU_KEEP_ALIVE_TIMEOUT_MS: int(100, 600000, 5000),
};

/** The names of the variables Polku reads (infra/ and the Toolkit's settings set only these). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(variables);

type Settings = { [K in keyof typeof variables]: (typeof variables)[K] extends Reader<infer T> ? T : never };

/** The variables read, or the lines naming each refused one ("NAME: why"). */
function readVariables(env: Record<string, string | undefined>): { settings: Settings } | { errors: string[] } {
  const settings: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const [name, read] of Object.entries(variables) as [string, Reader<unknown>][]) {
    const r = read(env[name]);
    if ('error' in r) errors.push(`${name}: ${r.error}`);
    else settings[name] = r.value;
  }
  if (errors.length > 0) return { errors };
  const v = settings as Settings;
  const refuse = (name: string, message: string) => errors.push(`${name}: ${message}`);
  const jwks = URL.canParse(v.AAD_JWKS_URI) ? new URL(v.AAD_JWKS_URI) : undefined;
  if (jwks && jwks.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(jwks.hostname)) {
    refuse('AAD_JWKS_URI', 'must be https (plain http only on loopback)');
  }
  if (v.MicrosoftAppId && !v.MicrosoftAppPassword && v.MicrosoftAppType !== 'UserAssignedMSI') {
    refuse('MicrosoftAppPassword', 'is required when MicrosoftAppId is set (unless MicrosoftAppType=UserAssignedMSI)');
  }
  if (v.POLKU_TAB_PREVIEW === 'on' && v.AAD_APP_CLIENT_ID) {
    refuse('POLKU_TAB_PREVIEW', 'cannot be on while AAD_APP_CLIENT_ID is set (the tab signs in with Teams SSO)');
  }
  // Without a bot identity the bot checks no token, and the preview lets in the demo user: both
  // answer this machine only, so they listen on loopback only.
  const local = !v.MicrosoftAppId || (v.POLKU_TAB_PREVIEW === 'on' && !v.AAD_APP_CLIENT_ID);
  if (local && v.POLKU_HOST !== undefined && !isLoopbackAddress(v.POLKU_HOST)) {
    refuse(
      'POLKU_HOST',
      'must be a loopback address (127.0.0.1, ::1 or localhost) without MicrosoftAppId or with POLKU_TAB_PREVIEW=on: ' +
        'those answer unauthenticated',
    );
  }
  if (v.POLKU_HEADERS_TIMEOUT_MS > v.POLKU_REQUEST_TIMEOUT_MS) {
    refuse('POLKU_HEADERS_TIMEOUT_MS', 'must not be longer than POLKU_REQUEST_TIMEOUT_MS');
  }
  return errors.length > 0 ? { errors } : { settings: v };
}

export type StorageConfig =
  | { mode: 'connectionString'; connectionString: string }
  | { mode: 'managedIdentity'; accountUrl: string; clientId?: string }
  | { mode: 'embedded'; dataDir: string };

/**
 * How the tab's API lets people in: Teams SSO tokens; the local preview (the demo user, this
 * machine's own pages only); or nobody (a bot identity is set and SSO is not configured).
 */
export type TabApiMode = 'sso' | 'preview' | 'off';

export interface Config {
  port: number;
  host: string;
  bot: {
    sdk: 'botbuilder' | 'teams';
    appId?: string;
    appPassword?: string;
    appType?: string;
    tenantId?: string;
    authTimeoutMs: number;
  };
  /** True when no bot identity is configured: no Bot Framework tokens are checked. */
  localMode: boolean;
  storage: StorageConfig;
  tablePrefix: string;
  demo: boolean;
  aadAppClientId?: string;
  /** Accepted as the tab token's audience beside aadAppClientId. */
  aadAppIdUri?: string;
  /** The JSON Web Key Set the tab's tokens are verified with. */
  aadJwksUri: string;
  tabApi: TabApiMode;
  /** Server timeouts against slow clients (ms). */
  http: { headersTimeoutMs: number; requestTimeoutMs: number; keepAliveTimeoutMs: number };
  logLevel: string;
  /** Seconds between reminder sweeps; 0 = none in this process. */
  reminderIntervalSeconds: number;
}

export class ConfigError extends Error {}

/** Reads and checks the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, projectDir = process.cwd()): Config {
  const blank = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : s);
  const cleaned = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, blank(v)]));
  const read = readVariables(cleaned);
  if ('errors' in read) throw new ConfigError(`Invalid configuration:\n  ${read.errors.join('\n  ')}`);
  const v = read.settings;
  const storage: StorageConfig = v.AZURE_STORAGE_CONNECTION_STRING
    ? { mode: 'connectionString', connectionString: v.AZURE_STORAGE_CONNECTION_STRING }
    : v.AZURE_TABLES_ACCOUNT_URL
      ? { mode: 'managedIdentity', accountUrl: v.AZURE_TABLES_ACCOUNT_URL, clientId: v.AZURE_CLIENT_ID }
      : { mode: 'embedded', dataDir: path.resolve(projectDir, v.POLKU_DATA_DIR ?? '.polku') };
  const localMode = !v.MicrosoftAppId;
  const tabApi: TabApiMode = v.AAD_APP_CLIENT_ID
    ? 'sso'
    : (v.POLKU_TAB_PREVIEW ?? (localMode ? 'on' : 'off')) === 'on'
      ? 'preview'
      : 'off';
  return {
    port: v.PORT,
    host: v.POLKU_HOST ?? (localMode || tabApi === 'preview' ? '127.0.0.1' : '0.0.0.0'),
    bot: {
      sdk: v.POLKU_BOT_SDK,
      appId: v.MicrosoftAppId,
      appPassword: v.MicrosoftAppPassword,
      appType: v.MicrosoftAppType,
      tenantId: v.MicrosoftAppTenantId,
      authTimeoutMs: v.POLKU_BOT_AUTH_TIMEOUT_MS,
    },
    localMode,
    storage,
    tablePrefix: v.POLKU_TABLE_PREFIX,
    demo: v.POLKU_DEMO === 'on',
    aadAppClientId: v.AAD_APP_CLIENT_ID,
    aadAppIdUri: v.AAD_APP_ID_URI,
    aadJwksUri: v.AAD_JWKS_URI,
    tabApi,
    http: {
      headersTimeoutMs: v.POLKU_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: v.POLKU_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: v.POLKU_KEEP_ALIVE_TIMEOUT_MS,
    },
    logLevel: v.LOG_LEVEL,
    reminderIntervalSeconds: v.POLKU_REMINDER_INTERVAL,
  };
}
