/**
 * What a started server holds in memory: Polku as `npm start` runs it (its own process, the
 * embedded Azurite, no demo data). Idle, it has loaded no bot SDK at all: the configured SDK is
 * required by the first bot message (or proactive message) and kept, and that message is answered
 * as before, with a card. The other SDK, botbuilder's parts Polku never uses, the token checks of a
 * bot without an identity, a schema library for the configuration and the seed pilots are never
 * loaded; with a bot identity, the Teams SDK's token checks are, at start. Each package is
 * megabytes of the server's resident memory (bench/README.md, memory).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkIdentity } from '../../bot/adapters/botbuilder/adapter';
import { credentialsOf } from '../../bot/adapters/botbuilder/cloud';
import { createBotAdapter } from '../../bot/adapters/contract';
import { type Config, loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/log';
import { serverArgs } from '../../scripts/compiled';
import { FakeConnector } from '../harness/connector';
import { spawnPolku } from '../harness/process';
import { TeamsClient } from '../harness/teams';

jest.setTimeout(90000);

const ROOT = path.resolve(__dirname, '..', '..');
const PROBE = path.join(__dirname, 'loadedModules.cjs');

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'polku-startup-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * The files a server started with `env` had required when it stopped, from the package's root:
 * idle (one health check answered), or after answering one bot message `ohje` (`message`), whose
 * answer must be a card through the Bot Connector.
 */
async function loadedBy(env: Record<string, string>, o: { message?: boolean } = {}): Promise<string[]> {
  const out = path.join(dir, `loaded-${Math.random().toString(36).slice(2)}.json`);
  const connector = await new FakeConnector().start();
  try {
    const server = await spawnPolku(
      {
        POLKU_DATA_DIR: path.join(dir, 'data'),
        POLKU_DEMO: 'off',
        POLKU_REMINDER_INTERVAL: '0',
        POLKU_LOADED_OUT: out,
        ...env,
      },
      60000,
      { cwd: ROOT, args: ['-r', PROBE, ...serverArgs(ROOT).args] },
    );
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    if (o.message) {
      const client = new TeamsClient({ botUrl: server.url, serviceUrl: connector.url, locale: 'fi-FI' });
      expect((await client.send(client.message('ohje'))).status).toBe(200);
      expect(connector.cards()).toHaveLength(1);
    }
    expect(await server.stop()).toBe(0);
  } finally {
    await connector.stop();
  }
  return (JSON.parse(fs.readFileSync(out, 'utf8')) as string[]).map((f) => path.relative(ROOT, f));
}

/** The packages among those files (the innermost node_modules folder of each). */
function packagesOf(files: string[]): Set<string> {
  const names = new Set<string>();
  for (const f of files) {
    const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*\/node_modules\/)/.exec(f);
    if (m) names.add(m[1]);
  }
  return names;
}

const TEAMS_SDK = /^@microsoft\/teams\./;
const BOTBUILDER = /^(botbuilder|botframework-)/;
/** jsonwebtoken and jwks-rsa (the Teams SDK's JwtValidator), msal-node (its TokenManager). */
const TOKEN_CHECKS = ['jsonwebtoken', 'jwks-rsa', '@azure/msal-node'];
/** What botbuilder brings beside its own packages: its HTTP clients, Entra sign-in, its token checks. */
const BOTBUILDER_DEPENDENCIES = ['@azure/ms-rest-js', '@azure/identity', '@azure/msal-node', 'axios', 'jsonwebtoken'];
/** botbuilder's index would load these: the transcript store, the inspection middleware, skills, SharePoint. */
const BOTBUILDER_UNUSED =
  /node_modules\/botbuilder\/lib\/(fileTranscriptStore|inspectionMiddleware|skills\/|sharepoint\/)/;

it('on botbuilder, an idle server loads no bot SDK, none of what botbuilder brings, and no seed pilots', async () => {
  const files = await loadedBy({ POLKU_BOT_SDK: 'botbuilder' });
  const packages = [...packagesOf(files)];
  expect(packages).toEqual(expect.arrayContaining(['restify', '@azure/data-tables', 'pino']));
  expect(packages.filter((p) => BOTBUILDER.test(p) || TEAMS_SDK.test(p))).toEqual([]);
  expect(packages.filter((p) => BOTBUILDER_DEPENDENCIES.includes(p))).toEqual([]);
  expect(files.filter((f) => /bot\/demo\/(seedPilots|load)\.(js|ts)$/.test(f))).toEqual([]);
});

it('on botbuilder, the first message loads botbuilder, answered with a card, without what Polku does not run', async () => {
  const files = await loadedBy({ POLKU_BOT_SDK: 'botbuilder' }, { message: true });
  const packages = [...packagesOf(files)];
  expect(packages).toEqual(expect.arrayContaining(['botbuilder', 'botframework-connector', 'botbuilder-core']));
  expect(packages.filter((p) => TEAMS_SDK.test(p))).toEqual([]);
  expect(files.filter((f) => BOTBUILDER_UNUSED.test(f))).toEqual([]);
  expect(packages).not.toContain('fs-extra');
});

it('on the Teams SDK without a bot identity, an idle server loads no SDK, no token checks, no schema library', async () => {
  const packages = [...packagesOf(await loadedBy({ POLKU_BOT_SDK: 'teams' }))];
  expect(packages).toContain('restify');
  expect(packages.filter((p) => BOTBUILDER.test(p) || TEAMS_SDK.test(p))).toEqual([]);
  expect(packages.filter((p) => TOKEN_CHECKS.includes(p))).toEqual([]);
  expect(packages).not.toContain('axios');
  // The configuration is read once, at start (bot/config.ts), without one. (botbuilder brings its own.)
  expect(packages).not.toContain('zod');
});

it('on the Teams SDK, the first message loads its clients, answered with a card, without botbuilder or token checks', async () => {
  const packages = [...packagesOf(await loadedBy({ POLKU_BOT_SDK: 'teams' }, { message: true }))];
  expect(packages).toEqual(expect.arrayContaining(['@microsoft/teams.api', '@microsoft/teams.common']));
  expect(packages.filter((p) => BOTBUILDER.test(p))).toEqual([]);
  expect(packages.filter((p) => TOKEN_CHECKS.includes(p))).toEqual([]);
});

it('on the Teams SDK with a bot identity, loads the token checks at start', async () => {
  const packages = [
    ...packagesOf(
      await loadedBy({
        POLKU_BOT_SDK: 'teams',
        MicrosoftAppId: '00000000-0000-4000-8000-00000000b075',
        MicrosoftAppPassword: 'not-a-real-secret',
        POLKU_HOST: '127.0.0.1',
      }),
    ),
  ];
  expect(packages).toEqual(expect.arrayContaining(TOKEN_CHECKS));
  expect(packages.filter((p) => BOTBUILDER.test(p))).toEqual([]);
});

describe('a bot identity botbuilder would refuse', () => {
  const bot = (o: Partial<Config['bot']>): Config['bot'] => ({ sdk: 'botbuilder', authTimeoutMs: 1000, ...o });
  /**
   * Identities Polku's configuration lets through, and whether botbuilder's credentials
   * (bot/adapters/botbuilder/cloud.ts) refuse each.
   */
  const identities: [Config['bot'], boolean][] = [
    [bot({}), false],
    [bot({ appId: 'app', appPassword: 'secret' }), false],
    [bot({ appId: 'app', appPassword: 'secret', appType: 'SingleTenant' }), true],
    [bot({ appId: 'app', appPassword: 'secret', appType: 'SingleTenant', tenantId: 'tenant' }), false],
    [bot({ appType: 'SingleTenant' }), true],
    [bot({ appId: 'app', appType: 'UserAssignedMSI' }), true],
    [bot({ appId: 'app', appType: 'UserAssignedMSI', tenantId: 'tenant' }), false],
    [bot({ appId: 'app', appPassword: 'secret', appType: 'UserAssignedMSI', tenantId: 'tenant' }), true],
  ];
  const refusal = (f: () => void) => {
    try {
      f();
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  };

  it.each(identities)('is refused before botbuilder is loaded, in botbuilder’s words: %j', (identity, refused) => {
    const botbuilder = refusal(() => credentialsOf(identity));
    expect(botbuilder !== undefined).toBe(refused);
    expect(refusal(() => checkIdentity(identity))).toBe(botbuilder);
  });

  it('fails when the adapter is built, at start, as botbuilder did when it was built there', () => {
    const config = loadConfig({
      MicrosoftAppId: 'app',
      MicrosoftAppPassword: 'secret',
      MicrosoftAppType: 'SingleTenant',
    });
    expect(() => createBotAdapter(config, createLogger('silent'))).toThrow(
      'MicrosoftAppTenantId is required for SingleTenant in configuration.',
    );
  });
});
