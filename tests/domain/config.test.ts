import path from 'node:path';
import { ConfigError, loadConfig } from '../../bot/config';

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

  it('bad values are refused by name', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ POLKU_DEMO: 'maybe' })).toThrow(/POLKU_DEMO/);
    expect(() => loadConfig({ POLKU_TABLE_PREFIX: '1bad-prefix' })).toThrow(/POLKU_TABLE_PREFIX/);
  });
});
