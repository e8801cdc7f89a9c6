/**
 * The import rules of ARCHITECTURE.md: the domain reads on its own; the application knows no SDK,
 * no HTTP server and no adapter; each bot SDK is imported only inside its own adapter folder.
 */
import fs from 'node:fs';
import path from 'node:path';

const BOT = path.resolve(__dirname, '..', '..', 'bot');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.(tsx?|js)$/.test(e.name) ? [p] : [];
  });
}

const importsOf = (file: string) =>
  [...fs.readFileSync(file, 'utf8').matchAll(/(?:from\s+|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);

it('bot/domain imports neither botbuilder, restify nor the storage SDK', () => {
  const offending = files(path.join(BOT, 'domain')).flatMap((f) =>
    importsOf(f)
      .filter((i) => /^(botbuilder|botframework-|restify|@azure\/)/.test(i) || i.includes('/storage/'))
      .map((i) => `${path.relative(BOT, f)}: ${i}`),
  );
  expect(offending).toEqual([]);
});

const ROOT = path.resolve(BOT, '..');
const inside = (f: string, dir: string) => f.startsWith(path.join(BOT, dir) + path.sep);
/** Every file of the project's own code, the tab and scripts included. */
const projectFiles = () =>
  ['bot', 'tab/src', 'bench', 'scripts']
    .map((dir) => path.join(ROOT, dir))
    .filter((dir) => fs.existsSync(dir))
    .flatMap(files);

const BOTBUILDER = /^(botbuilder|botframework-)/;
/** The Teams SDK's packages: @microsoft/teams.apps, .api, .common… (the tab's @microsoft/teams-js is not one). */
const TEAMS_SDK = /^@microsoft\/teams\./;

it('botbuilder is imported only inside bot/adapters/botbuilder', () => {
  const offending = projectFiles()
    .filter((f) => !inside(f, 'adapters/botbuilder'))
    .flatMap((f) =>
      importsOf(f)
        .filter((i) => BOTBUILDER.test(i))
        .map((i) => `${path.relative(ROOT, f)}: ${i}`),
    );
  expect(offending).toEqual([]);
});

it('the Teams SDK is imported only inside bot/adapters/teams', () => {
  const offending = projectFiles()
    .filter((f) => !inside(f, 'adapters/teams'))
    .flatMap((f) =>
      importsOf(f)
        .filter((i) => TEAMS_SDK.test(i))
        .map((i) => `${path.relative(ROOT, f)}: ${i}`),
    );
  expect(offending).toEqual([]);
});

it('the application imports no SDK, no HTTP server, no adapter and not the tab API', () => {
  const offending = files(path.join(BOT, 'application')).flatMap((f) =>
    importsOf(f)
      .filter(
        (i) =>
          BOTBUILDER.test(i) ||
          TEAMS_SDK.test(i) ||
          /^restify/.test(i) ||
          /(^|\/)(adapters|api)\//.test(i) ||
          /\/(server|app)$/.test(i),
      )
      .map((i) => `${path.relative(BOT, f)}: ${i}`),
  );
  expect(offending).toEqual([]);
});

it('an adapter imports the other SDK never, and the other adapter never', () => {
  const offending = [
    ...files(path.join(BOT, 'adapters', 'botbuilder')).flatMap((f) =>
      importsOf(f)
        .filter((i) => TEAMS_SDK.test(i) || i.includes('/teams/'))
        .map((i) => `${path.relative(BOT, f)}: ${i}`),
    ),
    ...(fs.existsSync(path.join(BOT, 'adapters', 'teams')) ? files(path.join(BOT, 'adapters', 'teams')) : []).flatMap(
      (f) =>
        importsOf(f)
          .filter((i) => BOTBUILDER.test(i) || i.includes('/botbuilder/'))
          .map((i) => `${path.relative(BOT, f)}: ${i}`),
    ),
  ];
  expect(offending).toEqual([]);
});

it('the rule finds what it looks for: this very test names both SDKs as an import would', () => {
  // A check that the pattern matches real import lines (so the rules above cannot pass vacuously).
  const sample = "import { CloudAdapter } from 'botbuilder';\nimport { App } from '@microsoft/teams.apps';";
  const found = [...sample.matchAll(/(?:from\s+|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
  expect(found.filter((i) => BOTBUILDER.test(i))).toEqual(['botbuilder']);
  expect(found.filter((i) => TEAMS_SDK.test(i))).toEqual(['@microsoft/teams.apps']);
  expect(TEAMS_SDK.test('@microsoft/teams-js')).toBe(false);
});

it('the stage order is written only in bot/domain (STAGES in pilots.ts)', () => {
  const q = `['"\`]`;
  const list = new RegExp(['planned', 'start', 'midpoint', 'end'].map((s) => `${q}${s}${q}`).join('\\s*,\\s*'));
  const ranks = /\bplanned\s*:\s*0\b|\bstart\s*:\s*1\s*,\s*midpoint\s*:\s*2\b/;
  const offending = ['bot', 'tab/src', 'bench', 'scripts']
    .map((dir) => path.join(ROOT, dir))
    .filter((dir) => fs.existsSync(dir))
    .flatMap(files)
    .filter((f) => !f.startsWith(path.join(BOT, 'domain') + path.sep))
    .filter((f) => {
      const text = fs.readFileSync(f, 'utf8');
      return list.test(text) || ranks.test(text);
    })
    .map((f) => path.relative(ROOT, f));
  expect(offending).toEqual([]);
});
