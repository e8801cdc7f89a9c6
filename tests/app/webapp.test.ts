/**
 * The web app as App Service gets it: `npm run package -- --webapp` staged from this
 * repository's build (`npm test` builds it), given only the production packages of
 * package-lock.json, and started with its own start command: plain node on compiled files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { START_COMMAND, stageWebApp } from '../../scripts/package';
import { FakeConnector } from '../harness/connector';
import { spawnPolku } from '../harness/process';
import { TeamsClient } from '../harness/teams';
import { ROOT, read } from './project';

jest.setTimeout(90000);

interface Lock {
  packages: Record<string, { dev?: boolean }>;
}
interface Pkg {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
}

const pkg = JSON.parse(read('package.json')) as Pkg;
let tmp: string;
let out: string;

/** Every file under a folder, relative to it. */
function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((rel) => fs.statSync(path.join(dir, rel)).isFile());
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'polku-webapp-'));
  out = path.join(tmp, 'webapp');
  stageWebApp({ outDir: out });
  // What `npm install --omit=dev` leaves: the lockfile's top-level packages not marked dev.
  const lock = JSON.parse(read('package-lock.json')) as Lock;
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (entry.dev || !/^node_modules\/(@[^/]+\/)?[^/]+$/.test(key) || !fs.existsSync(path.join(ROOT, key))) continue;
    fs.mkdirSync(path.dirname(path.join(out, key)), { recursive: true });
    fs.symlinkSync(path.join(ROOT, key), path.join(out, key), 'dir');
  }
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

it('holds compiled JavaScript and no TypeScript, and depends on production packages only', () => {
  const files = filesUnder(path.join(out, 'dist'));
  expect(files).toContain(path.join('bot', 'index.js'));
  expect(files).toContain(path.join('scripts', 'reminders.js'));
  expect(files.filter((f) => !/\.(js|js\.map|json)$/.test(f))).toEqual([]);
  expect(filesUnder(out).filter((f) => !f.startsWith('node_modules') && /\.tsx?$/.test(f))).toEqual([]);

  const staged = JSON.parse(fs.readFileSync(path.join(out, 'package.json'), 'utf8')) as Pkg;
  expect(staged.scripts).toEqual({ start: START_COMMAND });
  expect(staged.devDependencies).toBeUndefined();
  const deps = Object.keys(staged.dependencies ?? {});
  expect(deps).toEqual(
    expect.arrayContaining(['azurite', 'botbuilder', '@microsoft/teams.apps', 'restify', '@azure/data-tables']),
  );
  expect(deps.filter((d) => pkg.dependencies?.[d] === undefined)).toEqual([]);
  for (const dev of ['tsx', 'typescript', 'esbuild', 'jest']) {
    expect(fs.existsSync(path.join(out, 'node_modules', dev))).toBe(false);
  }
});

it.each(['botbuilder', 'teams'])(
  'starts with its start command on production packages, serves the tab and answers the bot with a card (POLKU_BOT_SDK=%s)',
  async (sdk) => {
    const dataDir = path.join(tmp, `data-${sdk}`);
    const connector = await new FakeConnector().start();
    const [command, ...args] = START_COMMAND.split(' ');
    expect(command).toBe('node');
    const polku = await spawnPolku({ POLKU_DATA_DIR: dataDir, NODE_OPTIONS: '', POLKU_BOT_SDK: sdk }, 60000, {
      cwd: out,
      args,
    });
    try {
      expect((await fetch(`${polku.url}/healthz`)).status).toBe(200);
      const tab = await fetch(`${polku.url}/tab/`);
      expect(tab.status).toBe(200);
      expect(await tab.text()).toContain('main.js');

      const c = new TeamsClient({ botUrl: polku.url, serviceUrl: connector.url, locale: 'fi-FI' });
      await c.send(c.installationUpdate('add'));
      expect(connector.cards()).toHaveLength(1); // the welcome card, from dist/bot/cards/templates
    } finally {
      expect(await polku.stop('SIGTERM')).toBe(0);
      await connector.stop();
    }
  },
);
