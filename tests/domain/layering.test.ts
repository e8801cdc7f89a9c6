/** The domain reads on its own; botbuilder stays in the adapter layer (bot/teams). */
import fs from 'node:fs';
import path from 'node:path';

const BOT = path.resolve(__dirname, '..', '..', 'bot');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.(ts|js)$/.test(e.name) ? [p] : [];
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
