/**
 * The Teams app package: `npm run package` writes appPackage/build/appPackage.<env>.zip, whose
 * manifest and localisation files pass the official schemas and whose icons have the sizes and
 * transparency Teams asks for (read back from the zip).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { MissingVariablesError, buildAppPackage, placeholdersIn } from '../../scripts/package';
import { drawColorIcon, drawOutlineIcon } from '../../scripts/draw-icons';
import { ROOT, read } from './project';

interface Command {
  title: string;
  description?: string;
}
interface Manifest {
  manifestVersion: string;
  id: string;
  localizationInfo: { defaultLanguageTag: string; additionalLanguages: { languageTag: string; file: string }[] };
  icons: { color: string; outline: string };
  bots: { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: Command[] }[] }[];
  composeExtensions: {
    botId: string;
    commands: { id: string; title: string }[];
    messageHandlers: { type: string; value: { domains: string[] } }[];
  }[];
  configurableTabs: { configurationUrl: string; scopes: string[]; context: string[] }[];
  staticTabs: { entityId: string; name?: string; contentUrl?: string; scopes: string[] }[];
  validDomains: string[];
  webApplicationInfo: { id: string; resource: string };
  authorization: { permissions: { resourceSpecific: { name: string; type: string }[] } };
}

function validator(schemaFile: string) {
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(read(path.join('tests', 'schemas', schemaFile))) as object);
}
const validateManifest = validator('teams-manifest-1.29.json');
const validateLocalization = validator('teams-localization-1.29.json');

const schemaErrors = (v: typeof validateManifest, doc: unknown) =>
  v(doc) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);

/** What the bot understands, from its own locale files. */
const botCommands = (lang: string) =>
  (JSON.parse(read(`bot/i18n/locales/${lang}.json`)) as { commands: Record<string, string[]> }).commands;
const COMMAND_ORDER = ['newPilot', 'log', 'status', 'pilots', 'help'];

/** The full set of values provision writes, for a package that can be installed. */
const PROVISIONED = {
  TEAMS_APP_ID: '11111111-1111-4111-8111-111111111111',
  BOT_ID: '22222222-2222-4222-8222-222222222222',
  AAD_APP_CLIENT_ID: '33333333-3333-4333-8333-333333333333',
  TAB_DOMAIN: 'polku123abc.azurewebsites.net',
  TAB_ENDPOINT: 'https://polku123abc.azurewebsites.net',
  PUBLISHER_NAME: 'Esimerkin hyvinvointialue',
  PUBLISHER_WEBSITE_URL: 'https://hyvinvointialue.example/',
  PUBLISHER_PRIVACY_URL: 'https://hyvinvointialue.example/tietosuoja',
  PUBLISHER_TERMS_URL: 'https://hyvinvointialue.example/kayttoehdot',
};

async function unzip(file: string): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const out = new Map<string, Buffer>();
  for (const name of Object.keys(zip.files)) out.set(name, await zip.files[name].async('nodebuffer'));
  return out;
}

describe('npm run package (buildAppPackage) on this repository', () => {
  let entries: Map<string, Buffer>;
  let manifest: Manifest;

  beforeAll(async () => {
    const result = await buildAppPackage({ env: 'dev' });
    expect(result.zipPath).toBe(path.join(ROOT, 'appPackage', 'build', 'appPackage.dev.zip'));
    entries = await unzip(result.zipPath);
    manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as Manifest;
  });

  it('puts the manifest, the localisation files and both icons at the zip root', () => {
    expect([...entries.keys()].sort()).toEqual(['color.png', 'en.json', 'manifest.json', 'outline.png', 'sv.json']);
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    for (const l of manifest.localizationInfo.additionalLanguages) expect(entries.has(l.file)).toBe(true);
  });

  it('fills every placeholder and passes the official manifest schema (1.29)', () => {
    const text = entries.get('manifest.json')!.toString('utf8');
    expect(placeholdersIn(text)).toEqual([]);
    expect(manifest.manifestVersion).toBe('1.29');
    expect(schemaErrors(validateManifest, manifest)).toEqual([]);
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'appPackage', 'build', 'manifest.dev.json'), 'utf8'))).toEqual(
      manifest,
    );
  });

  it.each(['sv.json', 'en.json'])('%s passes the official localisation schema and names only real fields', (file) => {
    const text = entries.get(file)!.toString('utf8');
    expect(placeholdersIn(text)).toEqual([]);
    const loc = JSON.parse(text) as Record<string, string>;
    expect(schemaErrors(validateLocalization, loc)).toEqual([]);
    for (const key of Object.keys(loc).filter((k) => k !== '$schema')) {
      // e.g. bots[0].commandLists[0].commands[1].title → the manifest has that field
      const value = key
        .split(/\.(?![^[]*\])/)
        .flatMap((part) => part.split(/\[(\d+)\]/).filter(Boolean))
        .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], manifest);
      expect(`${key}: ${typeof value}`).toBe(`${key}: string`);
    }
  });

  it('has a colour icon of 192×192 that fills the square', () => {
    const png = PNG.sync.read(entries.get('color.png')!);
    expect([png.width, png.height]).toEqual([192, 192]);
    for (let i = 3; i < png.data.length; i += 4) if (png.data[i] !== 255) throw new Error(`pixel ${i >> 2} not opaque`);
  });

  it('has an outline icon of 32×32, white on a transparent background', () => {
    const png = PNG.sync.read(entries.get('outline.png')!);
    expect([png.width, png.height]).toEqual([32, 32]);
    let opaque = 0;
    let transparent = 0;
    for (let p = 0; p < 32 * 32; p++) {
      const [r, g, b, a] = png.data.subarray(p * 4, p * 4 + 4);
      if (a > 0 && (r !== 255 || g !== 255 || b !== 255)) throw new Error(`pixel ${p} is not white`);
      if (a === 255) opaque++;
      if (a === 0) transparent++;
    }
    expect(opaque).toBeGreaterThan(100);
    expect(transparent).toBeGreaterThan(500);
    for (const corner of [0, 31, 32 * 31, 32 * 32 - 1]) expect(png.data[corner * 4 + 3]).toBe(0);
  });

  it('ships the icons scripts/draw-icons.ts draws', () => {
    expect(PNG.sync.read(entries.get('color.png')!).data.equals(drawColorIcon().data)).toBe(true);
    expect(PNG.sync.read(entries.get('outline.png')!).data.equals(drawOutlineIcon().data)).toBe(true);
  });

  it('offers the bot in every scope with the commands it understands, in Finnish, Swedish and English', () => {
    const [bot] = manifest.bots;
    expect(bot.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(manifest.localizationInfo.defaultLanguageTag).toBe('fi');
    const titles = { fi: bot.commandLists[0].commands.map((c) => c.title) } as Record<string, string[]>;
    for (const lang of ['sv', 'en']) {
      const loc = JSON.parse(entries.get(`${lang}.json`)!.toString('utf8')) as Record<string, string>;
      titles[lang] = titles.fi.map((_t, i) => loc[`bots[0].commandLists[0].commands[${i}].title`]);
    }
    for (const lang of ['fi', 'sv', 'en']) {
      const commands = botCommands(lang);
      expect(titles[lang]).toHaveLength(COMMAND_ORDER.length);
      COMMAND_ORDER.forEach((key, i) => expect(commands[key]).toContain(titles[lang][i]));
    }
    for (const c of bot.commandLists[0].commands) {
      expect(c.title.length).toBeLessThanOrEqual(32);
      expect((c.description ?? '').length).toBeLessThanOrEqual(128);
    }
  });

  it('declares the meeting RSC permissions the meeting-end prompt needs', () => {
    const rsc = manifest.authorization.permissions.resourceSpecific;
    expect(rsc).toEqual(
      expect.arrayContaining([
        { name: 'OnlineMeeting.ReadBasic.Chat', type: 'Application' },
        { name: 'ChannelMeeting.ReadBasic.Group', type: 'Application' },
      ]),
    );
  });

  it("offers the tab as a meeting side panel, with the RSC permissions to read the meeting's participants", () => {
    expect(manifest.configurableTabs[0].context).toContain('meetingSidePanel');
    expect(manifest.authorization.permissions.resourceSpecific).toEqual(
      expect.arrayContaining([
        { name: 'OnlineMeetingParticipant.Read.Chat', type: 'Application' },
        { name: 'ChannelMeetingParticipant.Read.Group', type: 'Application' },
      ]),
    );
  });

  it('offers "Etsi kokeilu" as a search in the compose box and the command box, in Finnish, Swedish and English', () => {
    const [extension] = manifest.composeExtensions;
    expect(extension.commands.map((c) => [c.id, c.title])).toEqual([['findPilot', 'Etsi kokeilu']]);
    const title = (lang: string) =>
      (JSON.parse(entries.get(`${lang}.json`)!.toString('utf8')) as Record<string, string>)[
        'composeExtensions[0].commands[0].title'
      ];
    expect([title('sv'), title('en')]).toEqual(['Sök försök', 'Find a pilot']);
  });
});

describe('a package built with the values provision writes', () => {
  let manifest: Manifest;
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'polku-package-'));
  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

  beforeAll(async () => {
    const result = await buildAppPackage({ env: 'dev', strict: true, overrides: PROVISIONED, outDir });
    expect(result.missing).toEqual([]);
    manifest = JSON.parse((await unzip(result.zipPath)).get('manifest.json')!.toString('utf8')) as Manifest;
  });

  it('puts the ids, the tab URLs, the SSO resource and the domain in their places', () => {
    expect(manifest.id).toBe(PROVISIONED.TEAMS_APP_ID);
    expect(manifest.bots[0].botId).toBe(PROVISIONED.BOT_ID);
    expect(manifest.configurableTabs[0].configurationUrl).toBe(`${PROVISIONED.TAB_ENDPOINT}/tab/config`);
    expect(manifest.configurableTabs[0].scopes).toEqual(['team', 'groupChat']);
    const personal = manifest.staticTabs.find((t) => t.contentUrl);
    expect(personal?.contentUrl).toBe(`${PROVISIONED.TAB_ENDPOINT}/tab/?view=personal`);
    expect(manifest.webApplicationInfo).toEqual({
      id: PROVISIONED.AAD_APP_CLIENT_ID,
      resource: `api://${PROVISIONED.TAB_DOMAIN}/${PROVISIONED.AAD_APP_CLIENT_ID}`,
    });
    expect(manifest.validDomains).toEqual([PROVISIONED.TAB_DOMAIN]);
    // The message extension runs on the bot, and unfurls the tab's own links.
    expect(manifest.composeExtensions[0].botId).toBe(PROVISIONED.BOT_ID);
    expect(manifest.composeExtensions[0].messageHandlers).toEqual([
      { type: 'link', value: { domains: [PROVISIONED.TAB_DOMAIN] } },
    ]);
    expect(schemaErrors(validateManifest, manifest)).toEqual([]);
  });

  it('matches the identifier URI aad.manifest.json gives the Entra app', () => {
    const aad = read('aad.manifest.json')
      .replace(/\$\{\{TAB_DOMAIN\}\}/g, PROVISIONED.TAB_DOMAIN)
      .replace(/\$\{\{AAD_APP_CLIENT_ID\}\}/g, PROVISIONED.AAD_APP_CLIENT_ID);
    expect((JSON.parse(aad) as { identifierUris: string[] }).identifierUris).toEqual([
      manifest.webApplicationInfo.resource,
    ]);
  });
});

describe('strict packaging', () => {
  it('refuses to fill what is not set, naming it', async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'polku-package-'));
    try {
      const { BOT_ID: _bot, ...withoutBot } = PROVISIONED;
      await expect(buildAppPackage({ env: 'dev', strict: true, overrides: withoutBot, outDir })).rejects.toThrow(
        MissingVariablesError,
      );
      const envWithBot = { ...withoutBot, BOT_ID: PROVISIONED.BOT_ID };
      await expect(buildAppPackage({ env: 'dev', strict: true, overrides: envWithBot, outDir })).resolves.toBeDefined();
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });
});

describe('the npm run package command', () => {
  it('writes the zip for the environment asked for and warns about a preview package', () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'polku-package-'));
    try {
      const env = { ...process.env };
      for (const k of Object.keys(PROVISIONED)) delete env[k];
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'scripts/package.ts', '--env', 'local', '--out', outDir],
        { cwd: ROOT, encoding: 'utf8', env },
      );
      expect(r.stderr).toMatch(/preview package/);
      expect(r.status).toBe(0);
      expect(fs.existsSync(path.join(outDir, 'appPackage.local.zip'))).toBe(true);
      expect(fs.existsSync(path.join(outDir, 'manifest.local.json'))).toBe(true);
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });
});
