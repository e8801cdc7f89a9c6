/**
 * The tab's overview of 100 pilots in headless Chromium: a team of 100 pilots (seed pilots copied,
 * six weekly sessions each in the last weeks) in the local preview mode, the tab opened, timed from
 * the navigation's start until the 100th pilot card is in the DOM. Beside it the floor: the two API
 * calls the page needs (`/api/me`, then the team's overview), made alone by the same page with
 * `fetch`. Also the tab's JavaScript size gzipped (from the build's tab/dist/build-stats.json).
 *
 * `npm run bench` runs it (BENCH_TAB=off skips it); alone: `node --import tsx bench/tab.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { startPolku } from '../bot/app';
import { loadConfig } from '../bot/config';
import { DEMO_TEAM, DEMO_TEAM_NAME } from '../bot/demo/constants';
import { createLogger } from '../bot/log';
import { startAzurite } from '../bot/storage/azurite';
import { PilotStore } from '../bot/storage/pilots';
import { ensureTabBuilt, launchChromium, localContext, ROOT } from '../tests/tab/browser';
import { seedManyPilots } from '../tests/tab/seed';

export const TAB_PILOTS = 100;
const RUNS = 7;

export interface TabBenchResult {
  js_gzip_bytes: number;
  js_bytes: number;
  pilots: number;
  runs: number;
  /** Median, navigation start → the last pilot card in the DOM. */
  overview_ms: number;
  /** Median, the API calls alone (me + the team's overview), from the same page. */
  floor_api_ms: number;
  ratio: number;
  /** Median breakdown of a load: the script run (DOMContentLoaded), the data in, the cards rendered after it. */
  dom_content_loaded_ms: number;
  data_in_ms: number;
  render_after_data_ms: number;
  overview_runs_ms: number[];
  seed_seconds: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

type BenchWindow = Window & { __lastCard?: number };

export async function tabBench(o: {
  connectionString: string;
  prefix: string;
  say: (s: string) => void;
}): Promise<TabBenchResult> {
  ensureTabBuilt();
  const stats = JSON.parse(fs.readFileSync(path.join(ROOT, 'tab', 'dist', 'build-stats.json'), 'utf8')) as {
    jsBytes: number;
    jsGzipBytes: number;
  };
  const config = loadConfig({
    PORT: '0',
    POLKU_TABLE_PREFIX: o.prefix,
    AZURE_STORAGE_CONNECTION_STRING: o.connectionString,
    POLKU_DEMO: 'off',
    POLKU_REMINDER_INTERVAL: '0',
    LOG_LEVEL: 'warn',
  });
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const polku = await startPolku(config, createLogger(config.logLevel, sink));
  const browser = await launchChromium();
  try {
    o.say(`tab: ${TAB_PILOTS} pilots into the demo team`);
    const t = performance.now();
    const pilots = new PilotStore(polku.store);
    await pilots.ensureTeam(DEMO_TEAM, { name: DEMO_TEAM_NAME });
    const firstDate = new Date(Date.now() - 6 * 7 * 86400000).toISOString().slice(0, 10);
    await seedManyPilots(pilots, DEMO_TEAM, { count: TAB_PILOTS, sessions: 6, prefix: 'bench-tab', firstDate });
    const seedSeconds = (performance.now() - t) / 1000;

    const context = await localContext(browser);
    await context.addInitScript((n: number) => {
      const observer = new MutationObserver(() => {
        if (document.querySelectorAll('article[data-pilot]').length >= n) {
          (window as BenchWindow).__lastCard = window.performance.now();
          observer.disconnect();
        }
      });
      observer.observe(document, { childList: true, subtree: true });
    }, TAB_PILOTS);
    const teamPath = `/api/teams/${encodeURIComponent(DEMO_TEAM.tenantId)}/${encodeURIComponent(DEMO_TEAM.teamId)}/pilots`;
    const loads: { total: number; dcl: number; dataIn: number }[] = [];
    const floors: number[] = [];
    o.say(`tab: ${RUNS} loads of the overview (+1 warm-up), each beside its API floor`);
    for (let run = 0; run <= RUNS; run++) {
      const page = await context.newPage();
      await page.goto(`${polku.url}/tab/`);
      await page.waitForFunction(() => (window as BenchWindow).__lastCard !== undefined, undefined, { timeout: 30000 });
      const load = await page.evaluate(() => {
        const nav = window.performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const api = window.performance
          .getEntriesByType('resource')
          .filter((r) => new URL(r.name).pathname.startsWith('/api/')) as PerformanceResourceTiming[];
        return {
          total: (window as BenchWindow).__lastCard ?? NaN,
          dcl: nav.domContentLoadedEventEnd,
          dataIn: Math.max(...api.map((r) => r.responseEnd)),
        };
      });
      const cards = await page.locator('article[data-pilot]').count();
      if (cards !== TAB_PILOTS) throw new Error(`tab bench: ${cards} cards on the overview, expected ${TAB_PILOTS}`);
      const floor = await page.evaluate(async (teamUrl: string) => {
        const start = window.performance.now();
        const me = await fetch('/api/me', { cache: 'no-store' });
        await me.json();
        const overview = await fetch(teamUrl, { cache: 'no-store' });
        await overview.json();
        return window.performance.now() - start;
      }, teamPath);
      await page.close();
      if (run === 0) continue;
      loads.push(load);
      floors.push(floor);
    }
    const overview = median(loads.map((l) => l.total));
    const floor = median(floors);
    return {
      js_gzip_bytes: stats.jsGzipBytes,
      js_bytes: stats.jsBytes,
      pilots: TAB_PILOTS,
      runs: RUNS,
      overview_ms: round(overview),
      floor_api_ms: round(floor),
      ratio: round(overview / floor, 2),
      dom_content_loaded_ms: round(median(loads.map((l) => l.dcl))),
      data_in_ms: round(median(loads.map((l) => l.dataIn))),
      render_after_data_ms: round(median(loads.map((l) => l.total - l.dataIn))),
      overview_runs_ms: loads.map((l) => round(l.total)),
      seed_seconds: round(seedSeconds),
    };
  } finally {
    await browser.close();
    await polku.stop();
  }
}

if (require.main === module) {
  void (async () => {
    const azurite = await startAzurite({ inMemory: true });
    try {
      const result = await tabBench({
        connectionString: azurite.connectionString,
        prefix: 'benchtab',
        say: (s) => process.stderr.write(`[bench] ${s}\n`),
      });
      console.log(JSON.stringify({ tab: result }, null, 2));
    } finally {
      await azurite.stop();
    }
  })();
}
