/**
 * What a started server holds in memory: Polku as `npm start` runs it (its own process, the
 * embedded Azurite, no demo data) loads the configured bot SDK and only what that SDK's adapter
 * runs. The other SDK, botbuilder's parts Polku never uses, the token checks of a bot without an
 * identity, a schema library for the configuration and the seed pilots are not loaded; with a bot
 * identity, the token checks are. Each
 * package is megabytes of the server's resident memory (bench/README.md, memory).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serverArgs } from '../../scripts/compiled';
import { spawnPolku } from '../harness/process';

jest.setTimeout(90000);

const ROOT = path.resolve(__dirname, '..', '..');
const PROBE = path.join(__dirname, 'loadedModules.cjs');

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'polku-startup-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The files a server started with `env` had required when it stopped, from the package's root. */
async function loadedBy(env: Record<string, string>): Promise<string[]> {
  const out = path.join(dir, `loaded-${Math.random().toString(36).slice(2)}.json`);
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
  expect(await server.stop()).toBe(0);
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

it('on botbuilder, loads no Teams SDK, none of botbuilder that Polku does not run, and no seed pilots', async () => {
  const files = await loadedBy({ POLKU_BOT_SDK: 'botbuilder' });
  const packages = [...packagesOf(files)];
  expect(packages).toEqual(expect.arrayContaining(['botbuilder', 'botframework-connector', 'restify']));
  expect(packages.filter((p) => TEAMS_SDK.test(p))).toEqual([]);
  // botbuilder's index would load these: the transcript store, the inspection middleware, skills, SharePoint.
  const unused = /node_modules\/botbuilder\/lib\/(fileTranscriptStore|inspectionMiddleware|skills\/|sharepoint\/)/;
  expect(files.filter((f) => unused.test(f))).toEqual([]);
  expect(packages).not.toContain('fs-extra');
  expect(files.filter((f) => /bot\/demo\/(seedPilots|load)\.(js|ts)$/.test(f))).toEqual([]);
});

it('on the Teams SDK without a bot identity, loads no botbuilder, no token checks and no schema library', async () => {
  const packages = [...packagesOf(await loadedBy({ POLKU_BOT_SDK: 'teams' }))];
  expect(packages).toEqual(expect.arrayContaining(['@microsoft/teams.api', '@microsoft/teams.common']));
  expect(packages.filter((p) => BOTBUILDER.test(p))).toEqual([]);
  expect(packages.filter((p) => TOKEN_CHECKS.includes(p))).toEqual([]);
  // The configuration is read once, at start (bot/config.ts), without one. (botbuilder brings its own.)
  expect(packages).not.toContain('zod');
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
