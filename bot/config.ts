/**
 * The one place where Polku reads its environment. Checked at start-up; the same names are
 * used locally, in tests and in Azure (infra/ sets exactly these).
 */
import path from 'node:path';
import { z } from 'zod';
import { isLoopbackAddress } from './http/loopback';

const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    /** Address to listen on; loopback by default in local mode, and loopback only while the bot or the tab is local. */
    POLKU_HOST: z.string().optional(),
    MicrosoftAppId: z.string().optional(),
    MicrosoftAppPassword: z.string().optional(),
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
    MicrosoftAppTenantId: z.string().optional(),
    AZURE_STORAGE_CONNECTION_STRING: z.string().optional(),
    /** e.g. https://account.table.core.windows.net, used with a managed identity. */
    AZURE_TABLES_ACCOUNT_URL: z.string().url().optional(),
    /** Client id of a user-assigned managed identity, when the account URL is used. */
    AZURE_CLIENT_ID: z.string().optional(),
    POLKU_DATA_DIR: z.string().optional(),
    POLKU_TABLE_PREFIX: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9]{0,19}$/, 'letters and digits, starting with a letter')
      .default('polku'),
    POLKU_DEMO: z.enum(['on', 'off']).default('on'),
    /** Entra app (client) id for the tab's single sign-on. Unset = local preview mode. */
    AAD_APP_CLIENT_ID: z.string().optional(),
    /** The SSO app's Application ID URI (api://<tab domain>/<client id>), accepted as a token audience beside the client id. */
    AAD_APP_ID_URI: z.string().optional(),
    /**
     * The tab's local preview (the demo user, no sign-in, this machine's own pages only) while
     * AAD_APP_CLIENT_ID is unset: on by default without MicrosoftAppId, off by default with it.
     */
    POLKU_TAB_PREVIEW: z.enum(['on', 'off']).optional(),
    /** Where the signing keys of Entra ID tokens are published. */
    AAD_JWKS_URI: z.string().url().default('https://login.microsoftonline.com/common/discovery/v2.0/keys'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Seconds between reminder sweeps inside the server; 0 = no timer (a scheduler runs `npm run reminders -- --once`). */
    POLKU_REMINDER_INTERVAL: z.coerce.number().int().min(0).max(86400).default(60),
    /** Milliseconds a Bot Framework token may take to check (its keys fetched) before the activity gets a 503. */
    /** The bot SDK: botbuilder (archived, the design's) or the Teams SDK (@microsoft/teams.apps 2.x). */
    POLKU_BOT_SDK: z.enum(['botbuilder', 'teams']).default('botbuilder'),
    POLKU_BOT_AUTH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(10000),
    /** Milliseconds a client has to send a request's headers; then 408 and the connection closed. */
    POLKU_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600000).default(10000),
    /** Milliseconds a client has to send a whole request, headers and body; then 408 and closed. */
    POLKU_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600000).default(30000),
    /** Milliseconds an idle keep-alive connection stays open between requests. */
    POLKU_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600000).default(5000),
  })
  .superRefine((v, ctx) => {
    const jwks = URL.canParse(v.AAD_JWKS_URI) ? new URL(v.AAD_JWKS_URI) : undefined;
    if (jwks && jwks.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(jwks.hostname)) {
      ctx.addIssue({ code: 'custom', path: ['AAD_JWKS_URI'], message: 'must be https (plain http only on loopback)' });
    }
    if (v.MicrosoftAppId && !v.MicrosoftAppPassword && v.MicrosoftAppType !== 'UserAssignedMSI') {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppPassword'],
        message: 'is required when MicrosoftAppId is set (unless MicrosoftAppType=UserAssignedMSI)',
      });
    }
    if (v.POLKU_TAB_PREVIEW === 'on' && v.AAD_APP_CLIENT_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['POLKU_TAB_PREVIEW'],
        message: 'cannot be on while AAD_APP_CLIENT_ID is set (the tab signs in with Teams SSO)',
      });
    }
    // Without a bot identity the bot checks no token, and the preview lets in the demo user: both
    // answer this machine only, so they listen on loopback only.
    const local = !v.MicrosoftAppId || (v.POLKU_TAB_PREVIEW === 'on' && !v.AAD_APP_CLIENT_ID);
    if (local && v.POLKU_HOST !== undefined && !isLoopbackAddress(v.POLKU_HOST)) {
      ctx.addIssue({
        code: 'custom',
        path: ['POLKU_HOST'],
        message:
          'must be a loopback address (127.0.0.1, ::1 or localhost) without MicrosoftAppId or with POLKU_TAB_PREVIEW=on: ' +
          'those answer unauthenticated',
      });
    }
    if (v.POLKU_HEADERS_TIMEOUT_MS > v.POLKU_REQUEST_TIMEOUT_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['POLKU_HEADERS_TIMEOUT_MS'],
        message: 'must not be longer than POLKU_REQUEST_TIMEOUT_MS',
      });
    }
  });

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
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const v = parsed.data;
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
