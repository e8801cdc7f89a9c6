// Builds the tab into tab/dist: ES modules split into chunks (the overview's first screen loads its
// entry and the chunks it imports statically; the pilot page, the print view, the exports, the
// other views, each language's strings and the Teams host load when asked for), index.html, the
// configuration page's two addresses (config.html, config/index.html), the meeting side panel's
// page, each script gzipped beside it, and build-stats.json. Fails when the first screen's
// JavaScript outgrows its budget.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, rmSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The JavaScript the overview's first screen loads in Teams, in Finnish, may be at most this many
 * bytes gzipped (issue 19 asks for 180 KB; the build measured 170.3 KB when this was set). Outside
 * Teams the same screen loads less (no teams-js): build-stats.json's jsGzipBytes.
 */
export const JS_GZIP_BUDGET = 176 * 1024;
/** The meeting side panel's script, likewise (the build measured 149.4 KB). */
export const SIDE_PANEL_GZIP_BUDGET = 155 * 1024;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'tab', 'dist');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const src = (file) => path.join(root, 'tab', 'src', file);
/** What both builds share: ES modules split into chunks, React in production mode, a metafile for the budgets. */
const MODULES = {
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  // Chunks beside the entries: a chunk's imports are relative to it, so one folder serves every page.
  chunkNames: '[name]-[hash]',
  minify: true,
  target: ['chrome120', 'edge120', 'safari16', 'firefox120'],
  legalComments: 'none',
  logLevel: 'warning',
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  metafile: true,
};
/**
 * Fluent's focus manager (tabster, 46 KB) out of the first screen. With code splitting, esbuild puts
 * a file in the chunks of every page that reaches it, and packages reach each other through their
 * index files: the overview's Button and FluentProvider import two small helpers from
 * @fluentui/react-tabster's index, which also leads to tabster itself (used by the pilot page's
 * dialogs), so all of tabster would load with the overview. An importer that takes only those
 * helpers gets them from their own files instead; every other importer gets the package as it is.
 */
const TABSTER_HELPERS = {
  createCustomFocusIndicatorStyle: 'focus/createCustomFocusIndicatorStyle.js',
  useFocusVisible: 'hooks/useFocusVisible.js',
};
const tabsterHelpersOnly = {
  name: 'tabster-helpers-only',
  setup(b) {
    const lib = path.join(root, 'node_modules', '@fluentui', 'react-tabster', 'lib');
    b.onResolve({ filter: /^@fluentui\/react-tabster$/ }, (args) => {
      const source = readFileSync(args.importer, 'utf8');
      const names = [...source.matchAll(/import\s*\{([^}]*)\}\s*from\s*["']@fluentui\/react-tabster["']/g)].flatMap(
        (m) =>
          m[1]
            .split(',')
            .map((n) => n.trim().split(/\s+as\s+/)[0])
            .filter(Boolean),
      );
      if (names.length === 0 || !names.every((n) => n in TABSTER_HELPERS)) return undefined;
      return { path: 'helpers', namespace: 'tabster-helpers' };
    });
    b.onLoad({ filter: /.*/, namespace: 'tabster-helpers' }, () => ({
      contents: Object.entries(TABSTER_HELPERS)
        .map(([n, file]) => `export { ${n} } from ${JSON.stringify(path.join(lib, file))};`)
        .join('\n'),
      resolveDir: lib,
    }));
  },
};
const main = await build({
  ...MODULES,
  plugins: [tabsterHelpersOnly],
  entryPoints: {
    main: src('main.tsx'),
    // MSAL's nestable client, for nested app authentication: loaded by signin.ts only on a host
    // that recommends NAA. An entry of its own so that its address stays /tab/msal.js.
    msal: src('msal.ts'),
  },
});
// The meeting side panel (the Wednesday consultation): a build of its own, one module (it always
// runs in Teams, so its Teams host is in it), holding only what the panel uses (esbuild drops
// unused code over a whole build: a shared build would put the overview's Fluent parts in the
// panel's chunks). Its MSAL is the main build's msal.js.
await build({
  ...MODULES,
  splitting: false,
  entryPoints: { sidepanel: src('sidePanelMain.tsx') },
  plugins: [
    tabsterHelpersOnly,
    {
      name: 'msal-of-the-main-build',
      setup(b) {
        b.onResolve({ filter: /^\.\/msal$/ }, () => ({ path: './msal.js', external: true }));
      },
    },
  ],
});
cpSync(path.join(root, 'tab', 'public'), out, { recursive: true });

// The channel tab's configuration page is the same app reading its path: /tab/config.html, and
// /tab/config/ (whose script is one folder up).
// The main pages name every chunk main.js imports statically (modulepreload), so the browser
// fetches them beside main.js instead of only once it has read it.
const page = readFileSync(path.join(out, 'index.html'), 'utf8');
const firstChunks = [...staticClosureOf(main.metafile.outputs, 'main.js')].filter((f) => f !== 'main.js');
const withPreloads = (html, dir) =>
  html.replace(
    '<script type="module"',
    `${firstChunks.map((f) => `<link rel="modulepreload" href="${dir}${f}" />`).join('\n    ')}\n    <script type="module"`,
  );
const index = withPreloads(page, './');
writeFileSync(path.join(out, 'index.html'), index);
writeFileSync(path.join(out, 'config.html'), index);
mkdirSync(path.join(out, 'config'), { recursive: true });
writeFileSync(
  path.join(out, 'config', 'index.html'),
  withPreloads(page, '../').replace('src="./main.js"', 'src="../main.js"'),
);
writeFileSync(path.join(out, 'sidepanel.html'), page.replace('src="./main.js"', 'src="./sidepanel.js"'));

// Every script gzipped once, served as is to browsers that accept gzip (bot/server.ts).
const gzipBytes = {};
for (const file of readdirSync(out).filter((f) => f.endsWith('.js'))) {
  const gz = gzipSync(readFileSync(path.join(out, file)), { level: 9 });
  writeFileSync(path.join(out, `${file}.gz`), gz);
  gzipBytes[file] = gz.length;
}

const outputs = main.metafile.outputs;
const name = (key) => path.basename(key);
const keyOf = (file) => Object.keys(outputs).find((k) => name(k) === file);
const staticClosure = (file) => staticClosureOf(outputs, file);
/** The chunk (and its static imports) that a source file's dynamic import loads. */
function lazyChunk(source) {
  const key = Object.keys(outputs).find((k) => outputs[k].entryPoint === source);
  if (!key) throw new Error(`no chunk for ${source}`);
  return staticClosure(name(key));
}
const sum = (files) => [...files].reduce((n, f) => n + gzipBytes[f], 0);
const rawSum = (files) => [...files].reduce((n, f) => n + outputs[keyOf(f)].bytes, 0);
const union = (...sets) => new Set(sets.flatMap((s) => [...s]));

const entry = staticClosure('main.js');
// The overview's first screen in the local preview or a plain browser, in Finnish: the entry and
// its static imports, and the Finnish strings. In Teams, the Teams host (teams-js) too.
const firstScreen = union(entry, lazyChunk('tab/src/strings/fi.ts'));
const firstScreenInTeams = union(firstScreen, lazyChunk('tab/src/teams.ts'));

/** The largest inputs of the first screen, to see at once what a growing bundle is made of. */
const byPackage = {};
for (const file of firstScreenInTeams) {
  for (const [input, info] of Object.entries(outputs[keyOf(file)].inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    const key = m ? m[1] : input.startsWith('bot/') ? 'bot (shared)' : 'tab';
    byPackage[key] = (byPackage[key] ?? 0) + info.bytesInOutput;
  }
}
const largest = Object.fromEntries(
  Object.entries(byPackage)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12),
);
/** Each lazily loaded chunk by the source file that asks for it, gzipped (its own bytes only). */
const lazy = {};
for (const [key, info] of Object.entries(outputs)) {
  const file = name(key);
  if (!file.endsWith('.js') || firstScreenInTeams.has(file)) continue;
  const what = info.entryPoint ? path.relative('tab/src', info.entryPoint) : 'shared';
  lazy[file] = { for: what, gzipBytes: gzipBytes[file] };
}
const stats = {
  /** The overview's first screen in Finnish outside Teams (the entry, its static imports, the strings). */
  jsBytes: rawSum(firstScreen),
  jsGzipBytes: sum(firstScreen),
  /** The same in Teams: with the Teams host (teams-js, sign-in). */
  jsGzipBytesInTeams: sum(firstScreenInTeams),
  /** main.js and its static imports alone. */
  entryGzipBytes: sum(entry),
  firstScreenFiles: [...firstScreenInTeams].sort(),
  budgetGzipBytes: JS_GZIP_BUDGET,
  largestInputs: largest,
  sidePanelGzipBytes: gzipBytes['sidepanel.js'],
  sidePanelBudgetGzipBytes: SIDE_PANEL_GZIP_BUDGET,
  /** Every script of the build, gzipped, msal.js included. */
  totalGzipBytes: sum(Object.keys(gzipBytes)),
  lazyChunks: lazy,
};
writeFileSync(path.join(out, 'build-stats.json'), JSON.stringify(stats, null, 2) + '\n');
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
if (stats.sidePanelGzipBytes > SIDE_PANEL_GZIP_BUDGET) {
  console.error(`side panel too large: ${kb(stats.sidePanelGzipBytes)} gzipped, budget ${kb(SIDE_PANEL_GZIP_BUDGET)}`);
  process.exit(1);
}
// The budget holds for the larger of the two: the first screen in Teams.
if (stats.jsGzipBytesInTeams > JS_GZIP_BUDGET) {
  console.error(
    `tab too large: first screen in Teams ${kb(stats.jsGzipBytesInTeams)} gzipped, budget ${kb(JS_GZIP_BUDGET)} (see tab/dist/build-stats.json)`,
  );
  process.exit(1);
}
console.log(
  `tab built: first screen ${kb(stats.jsGzipBytes)} gzipped (${kb(stats.jsGzipBytesInTeams)} in Teams, budget ` +
    `${kb(JS_GZIP_BUDGET)}); side panel ${kb(stats.sidePanelGzipBytes)}; all scripts ${kb(stats.totalGzipBytes)}`,
);

/** A script and every chunk it imports statically, transitively: what the browser loads before it runs. */
function staticClosureOf(outputs, file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const key = Object.keys(outputs).find((k) => path.basename(k) === file);
  for (const i of outputs[key].imports) {
    if (i.kind === 'import-statement') staticClosureOf(outputs, path.basename(i.path), seen);
  }
  return seen;
}
