// Builds the server into dist/: bot/ as plain JavaScript in dist/bot (what `npm start` and App
// Service run with `node dist/bot/index.js`) and the reminder runner in dist/scripts/reminders.js.
// Each file is transpiled on its own (no bundle), so dist/bot mirrors bot/ file by file, and every
// file of bot/ that is not TypeScript (card templates, locale JSON, the Azurite child) is copied
// beside the code that reads it from __dirname. Types are not checked here (`npm run typecheck`
// does, with isolatedModules so that the source stays fit for a per-file transpiler): the build
// takes a second where tsc takes tens.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist');
const bot = path.join(root, 'bot');

/** Every file under bot/, from the package's root. */
const sources = readdirSync(bot, { recursive: true, encoding: 'utf8' })
  .map((rel) => path.join('bot', rel))
  .filter((file) => statSync(path.join(root, file)).isFile());
const isTypeScript = (file) => file.endsWith('.ts') && !file.endsWith('.d.ts');
const entryPoints = [...sources.filter(isTypeScript), path.join('scripts', 'reminders.ts')].map((f) =>
  path.join(root, f),
);

const result = await build({
  entryPoints,
  outdir: out,
  outbase: root,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  tsconfig: path.join(root, 'tsconfig.json'),
  sourcemap: 'linked',
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
});
const written = new Set(Object.keys(result.metafile.outputs).map((f) => path.resolve(f)));
let assets = 0;
for (const file of sources.filter((f) => !isTypeScript(f))) {
  mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
  cpSync(path.join(root, file), path.join(out, file));
  written.add(path.join(out, file));
  assets += 1;
}
// Files of a module moved or deleted since the last build must not linger in what is run and
// deployed. They are removed after the new files are written, not before, so that a server
// already running from dist/ never misses a file it reads late (a card template).
for (const dir of ['bot', 'scripts'].map((d) => path.join(out, d))) {
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const file = path.join(dir, rel);
    if (statSync(file).isFile() && !written.has(file)) rmSync(file);
  }
}
console.log(`bot built: ${entryPoints.length} modules and ${assets} other files in dist/`);
