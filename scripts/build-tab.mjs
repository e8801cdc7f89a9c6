// Builds the tab into tab/dist: one minified bundle plus index.html, served by the bot's server.
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'tab', 'dist');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [path.join(root, 'tab', 'src', 'main.tsx')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome120', 'edge120', 'safari16', 'firefox120'],
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  outfile: path.join(out, 'main.js'),
  logLevel: 'warning',
});
cpSync(path.join(root, 'tab', 'public'), out, { recursive: true });
const js = readFileSync(path.join(out, 'main.js'));
const stats = { jsBytes: js.length, jsGzipBytes: gzipSync(js).length };
writeFileSync(path.join(out, 'build-stats.json'), JSON.stringify(stats, null, 2));
console.log(`tab built: ${(stats.jsGzipBytes / 1024).toFixed(1)} KB gzipped`);
