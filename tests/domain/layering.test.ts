/** The domain reads on its own; botbuilder stays in the adapter layer (bot/teams). */
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

it('botbuilder is imported only inside bot/teams', () => {
  const offending = files(BOT)
    .filter((f) => !f.startsWith(path.join(BOT, 'teams') + path.sep))
    .flatMap((f) =>
      importsOf(f)
        .filter((i) => /^(botbuilder|botframework-)/.test(i))
        .map((i) => `${path.relative(BOT, f)}: ${i}`),
    );
  expect(offending).toEqual([]);
});

it('the stage order is written only in bot/domain (STAGES in pilots.ts)', () => {
  const ROOT = path.resolve(BOT, '..');
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
