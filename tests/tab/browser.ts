/** Debian's Chromium driven by playwright-core for the tab's browser tests and its bench. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'tab');
const DIST = path.join(ROOT, 'tab', 'dist');

/**
 * Chromium that resolves no name but this machine's: a context without routes (which keeps the
 * browser's HTTP cache, as Playwright's routing turns it off) still cannot leave it.
 */
export const ONLY_LOOPBACK = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1';

export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: the tab's browser tests need it. ` +
        'Install it with `apt-get install -y chromium` (.ci/run does) or point CHROMIUM_PATH at a Chromium.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

function newest(dir: string): number {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

/** Builds the tab when tab/dist is missing or older than its sources (`npm test` has built it already). */
export function ensureTabBuilt(): void {
  const bundle = path.join(DIST, 'main.js');
  const sources = Math.max(
    newest(path.join(ROOT, 'tab', 'src')),
    newest(path.join(ROOT, 'tab', 'public')),
    fs.statSync(path.join(ROOT, 'scripts', 'build-tab.mjs')).mtimeMs,
  );
  if (fs.existsSync(bundle) && fs.statSync(bundle).mtimeMs >= sources) return;
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-tab.mjs')], { cwd: ROOT, stdio: 'pipe' });
}

/**
 * A fresh browser context that never leaves this machine: teams-js's request for its list of
 * valid domains is answered locally, anything else off loopback is refused.
 */
export async function localContext(
  browser: Browser,
  opts: { viewport?: { width: number; height: number }; locale?: string } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    locale: opts.locale ?? 'fi-FI',
    acceptDownloads: true,
    timezoneId: 'Europe/Helsinki',
  });
  await context.route(
    (url) => !['127.0.0.1', 'localhost'].includes(url.hostname),
    (route) =>
      route.request().url().startsWith('https://res.cdn.office.net/')
        ? route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ validOrigins: [] }) })
        : route.abort(),
  );
  return context;
}

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Axe's serious and critical WCAG 2.1 A/AA findings on the page as it is now, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Waits until the first element the locator finds is visible. */
export async function shown(locator: Locator, timeout = 10_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}

/** Reads until the check passes (or throws its last failure after `timeout` ms). */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => void, timeout = 5000): Promise<void> {
  const until = Date.now() + timeout;
  for (;;) {
    try {
      check(await read());
      return;
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/**
 * Axe's serious and critical WCAG 2.1 A/AA findings on the page as it is now. Left out: the empty
 * `<i data-tabster-dummy>` elements Fluent's focus manager (tabster) puts at the page's edges once a
 * dialog has been on the page (the pilot page and the personal view have one, open or not). They
 * are focusable and aria-hidden on purpose, only passing the focus on: a known false positive of
 * aria-hidden-focus (tabster issue #288). Everything else on the page is checked.
 */
export async function noSeriousViolations(page: Page, view: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).exclude('[data-tabster-dummy]').analyze();
  const found = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  expect({ view, violations: found }).toEqual({ view, violations: [] });
}
