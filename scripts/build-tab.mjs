// Builds the tab into tab/dist: one minified bundle, index.html, the configuration page's two
// addresses (config.html, config/index.html) and build-stats.json. Fails when the JavaScript
// outgrows its budget.
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The tab's JavaScript may be at most this many bytes gzipped (issue 5). */
export const JS_GZIP_BUDGET = 250 * 1024;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'tab', 'dist');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
/** What every bundle of the tab is built with. */
const BUNDLE = {
  bundle: true,
  minify: true,
  target: ['chrome120', 'edge120', 'safari16', 'firefox120'],
  legalComments: 'none',
  logLevel: 'warning',
};
/** A page's own script: React, production mode, with its metafile for the budget. */
const PAGE = {
  ...BUNDLE,
  format: 'iife',
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  metafile: true,
};
const result = await build({
  ...PAGE,
  entryPoints: [path.join(root, 'tab', 'src', 'main.tsx')],
  outfile: path.join(out, 'main.js'),
});
cpSync(path.join(root, 'tab', 'public'), out, { recursive: true });

// MSAL's nestable client, for nested app authentication: a module of its own, loaded by
// tab/src/signin.ts only on a host that recommends NAA, so the main bundle does not carry it.
await build({
  stdin: {
    contents: "export { createNestablePublicClientApplication } from '@azure/msal-browser';",
    resolveDir: root,
  },
  ...BUNDLE,
  format: 'esm',
  outfile: path.join(out, 'msal.js'),
});

// The meeting side panel (the Wednesday consultation): a page and bundle of its own, so that the
// main tab does not carry its code, and the narrow panel loads none of the overview's.
await build({
  ...PAGE,
  entryPoints: [path.join(root, 'tab', 'src', 'sidePanelMain.tsx')],
  outfile: path.join(out, 'sidepanel.js'),
});

// The channel tab's configuration page is the same app reading its path: /tab/config.html, and
// /tab/config/ (whose script is one folder up).
const index = readFileSync(path.join(out, 'index.html'), 'utf8');
writeFileSync(path.join(out, 'config.html'), index);
mkdirSync(path.join(out, 'config'), { recursive: true });
writeFileSync(path.join(out, 'config', 'index.html'), index.replace('src="./main.js"', 'src="../main.js"'));
writeFileSync(path.join(out, 'sidepanel.html'), index.replace('src="./main.js"', 'src="./sidepanel.js"'));
const sidePanelGzip = gzipSync(readFileSync(path.join(out, 'sidepanel.js')), { level: 9 });
writeFileSync(path.join(out, 'sidepanel.js.gz'), sidePanelGzip);

const js = readFileSync(path.join(out, 'main.js'));
const gzipped = gzipSync(js, { level: 9 });
// Served as is to browsers that accept gzip (bot/server.ts), so nothing is compressed per request.
writeFileSync(path.join(out, 'main.js.gz'), gzipped);
const gzip = gzipped.length;
/** The largest inputs, to see at once what a growing bundle is made of. */
const byPackage = {};
for (const [file, info] of Object.entries(
  result.metafile.outputs[path.relative(process.cwd(), path.join(out, 'main.js'))]?.inputs ?? {},
)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  const key = m ? m[1] : file.startsWith('bot/') ? 'bot (shared)' : 'tab';
  byPackage[key] = (byPackage[key] ?? 0) + info.bytesInOutput;
}
const largest = Object.fromEntries(
  Object.entries(byPackage)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12),
);
const stats = {
  jsBytes: js.length,
  jsGzipBytes: gzip,
  budgetGzipBytes: JS_GZIP_BUDGET,
  largestInputs: largest,
  sidePanelGzipBytes: sidePanelGzip.length,
};
writeFileSync(path.join(out, 'build-stats.json'), JSON.stringify(stats, null, 2) + '\n');
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
if (sidePanelGzip.length > JS_GZIP_BUDGET) {
  console.error(`side panel too large: ${kb(sidePanelGzip.length)} gzipped, budget ${kb(JS_GZIP_BUDGET)}`);
  process.exit(1);
}
if (gzip > JS_GZIP_BUDGET) {
  console.error(`tab too large: ${kb(gzip)} gzipped, budget ${kb(JS_GZIP_BUDGET)} (see tab/dist/build-stats.json)`);
  process.exit(1);
}
console.log(
  `tab built: ${kb(gzip)} gzipped of ${kb(JS_GZIP_BUDGET)} (${kb(js.length)} minified); side panel ${kb(sidePanelGzip.length)} gzipped`,
);
