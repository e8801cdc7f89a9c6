import path from 'node:path';
import { ConfigError, loadConfig } from '../../bot/config';
import { bicep } from '../app/project';

describe('configuration', () => {
  it('with nothing set: local mode, embedded Azurite under .polku, port 3978, demo on', () => {
    const c = loadConfig({}, '/srv/polku');
    expect(c).toMatchObject({
      port: 3978,
      localMode: true,
      host: '127.0.0.1',
      demo: true,
      storage: { mode: 'embedded', dataDir: path.resolve('/srv/polku', '.polku') },
    });
  });

  it('a connection string selects that account; an account URL a managed identity', () => {
    expect(loadConfig({ AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' }).storage.mode).toBe(
      'connectionString',
    );
    expect(
      loadConfig({ AZURE_TABLES_ACCOUNT_URL: 'https://polku.table.core.windows.net', AZURE_CLIENT_ID: 'id' }).storage,
    ).toEqual({ mode: 'managedIdentity', accountUrl: 'https://polku.table.core.windows.net', clientId: 'id' });
  });

  it('an app id without its password stops the start with a message naming the variable', () => {
    expect(() => loadConfig({ MicrosoftAppId: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ MicrosoftAppId: 'abc' })).toThrow(/MicrosoftAppPassword/);
    expect(loadConfig({ MicrosoftAppId: 'abc', MicrosoftAppPassword: 'x' })).toMatchObject({
      localMode: false,
      host: '0.0.0.0',
    });
  });

  it('the tab API: SSO with an Entra app, else the preview without a bot identity, else off unless POLKU_TAB_PREVIEW=on', () => {
    const identity = { MicrosoftAppId: 'abc', MicrosoftAppPassword: 'x' };
    const aad = { AAD_APP_CLIENT_ID: '11111111-2222-3333-4444-555555555555' };
    expect(loadConfig({}).tabApi).toBe('preview');
    expect(loadConfig({ POLKU_TAB_PREVIEW: 'off' }).tabApi).toBe('off');
    expect(loadConfig(aad).tabApi).toBe('sso');
    expect(loadConfig({ ...identity, ...aad }).tabApi).toBe('sso');
    expect(loadConfig(identity)).toMatchObject({ tabApi: 'off', host: '0.0.0.0' });
    // Turned on beside a bot identity, the preview listens on loopback.
    expect(loadConfig({ ...identity, POLKU_TAB_PREVIEW: 'on' })).toMatchObject({
      tabApi: 'preview',
      host: '127.0.0.1',
    });
    expect(() => loadConfig({ ...aad, POLKU_TAB_PREVIEW: 'on' })).toThrow(/POLKU_TAB_PREVIEW: cannot be on/);
    expect(() => loadConfig({ POLKU_TAB_PREVIEW: 'yes' })).toThrow(/POLKU_TAB_PREVIEW/);
  });

  it("Azure's app settings keep the preview off, whatever AAD_APP_CLIENT_ID is", () => {
    const settings = new Map(bicep('infra/azure.bicep').appSettings.map((s) => [s.name, s.value]));
    expect(settings.get('POLKU_TAB_PREVIEW')).toBe("'off'");
    expect(settings.has('POLKU_HOST')).toBe(false);
  });

  it('server timeouts have defaults of seconds, and the headers may not outlast the whole request', () => {
    expect(loadConfig({}).http).toEqual({ headersTimeoutMs: 10000, requestTimeoutMs: 30000, keepAliveTimeoutMs: 5000 });
    expect(
      loadConfig({
        POLKU_HEADERS_TIMEOUT_MS: '500',
        POLKU_REQUEST_TIMEOUT_MS: '800',
        POLKU_KEEP_ALIVE_TIMEOUT_MS: '300',
      }).http,
    ).toEqual({ headersTimeoutMs: 500, requestTimeoutMs: 800, keepAliveTimeoutMs: 300 });
    expect(() => loadConfig({ POLKU_HEADERS_TIMEOUT_MS: '40000' })).toThrow(/POLKU_HEADERS_TIMEOUT_MS/);
    expect(() => loadConfig({ POLKU_REQUEST_TIMEOUT_MS: '0' })).toThrow(/POLKU_REQUEST_TIMEOUT_MS/);
  });

  it('bad values are refused by name', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ POLKU_DEMO: 'maybe' })).toThrow(/POLKU_DEMO/);
    expect(() => loadConfig({ POLKU_TABLE_PREFIX: '1bad-prefix' })).toThrow(/POLKU_TABLE_PREFIX/);
  });
});
