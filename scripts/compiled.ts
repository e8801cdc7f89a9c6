/**
 * The compiled server (`npm run build:bot`, scripts/build-bot.mjs) and whether it is current.
 * `npm start`, App Service, `npm run playground` and the tests that start Polku as a process run
 * `node dist/bot/index.js`; the TypeScript through tsx (`node --import tsx bot/index.ts`) is for
 * development, and what those tools fall back to when bot/ has changed since the last build.
 */
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');

/** The compiled server's entry point, from the package's root. */
export const SERVER_ENTRY = 'dist/bot/index.js';

/** The newest modification time (ms) of the files under a folder. */
function newestUnder(dir: string): number {
  let newest = 0;
  for (const rel of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const stat = fs.statSync(path.join(dir, rel));
    if (stat.isFile()) newest = Math.max(newest, stat.mtimeMs);
  }
  return newest;
}

/**
 * Why dist/ is not the build of the current source, or undefined when it is: the entry point
 * must be newer than every file under bot/, scripts/reminders.ts and the build script itself.
 */
export function staleBuild(root = ROOT): string | undefined {
  const entry = path.join(root, SERVER_ENTRY);
  if (!fs.existsSync(entry)) return `${SERVER_ENTRY} is missing`;
  const built = fs.statSync(entry).mtimeMs;
  const sources = Math.max(
    newestUnder(path.join(root, 'bot')),
    ...['scripts/reminders.ts', 'scripts/build-bot.mjs']
      .map((f) => path.join(root, f))
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.statSync(f).mtimeMs),
  );
  return sources > built ? `bot/ has changed since ${SERVER_ENTRY} was built` : undefined;
}

/**
 * Node's arguments to start the server: the compiled build when it is current, else the source
 * through tsx, with the reason (so that a test run after an edit, without a build, still runs the
 * code as edited).
 */
export function serverArgs(root = ROOT): { args: string[]; compiled: boolean; reason?: string } {
  const reason = staleBuild(root);
  if (reason === undefined) return { args: [path.join(root, SERVER_ENTRY)], compiled: true };
  return { args: ['--import', 'tsx', path.join(root, 'bot', 'index.ts')], compiled: false, reason };
}
