/**
 * The tab's overview in headless Chromium, in the local preview mode, on a team of 100 pilots (seed
 * pilots copied, six weekly sessions each in the last weeks), then of 1,000 (900 more, one session
 * each). A returning user's loads (one browser context, its HTTP cache kept: the chunks, whose
 * names carry their hash, come from it; the entry is asked again) and first visits' (a fresh
 * context each: nothing cached). Timed from the navigation's start until the first screen's cards are in the DOM: the
 * overview asks for the first 50 pilots, shows them in a virtualised list (only the rows near the
 * viewport are drawn), then fetches the rest. "The last card of the first screen" is the last card
 * added to the DOM before the list goes quiet (no card added for 1 s, the rest of the list in).
 * Beside it the floor: the API calls the first screen needs (`/api/me`, then the first page of the
 * team's overview, `?offset=0&limit=50`), made alone by the same page with `fetch`. On 1,000 pilots
 * also the whole list's arrival and a scroll to the end (time to the last pilot's card, long tasks
 * meanwhile). And the tab's JavaScript gzipped (tab/dist/build-stats.json).
 *
 * `npm run bench` runs it (BENCH_TAB=off skips it); alone: `node --import tsx bench/tab.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import type { Browser, BrowserContext } from 'playwright-core';
import { startPolku } from '../bot/app';
import { loadConfig } from '../bot/config';
import { DEMO_TEAM, DEMO_TEAM_NAME } from '../bot/demo/constants';
import { createLogger } from '../bot/log';
import { startAzurite } from '../bot/storage/azurite';
import { PilotStore } from '../bot/storage/pilots';
import { ensureTabBuilt, launchChromium, ONLY_LOOPBACK, ROOT } from '../tests/tab/browser';
import { seedManyPilots } from '../tests/tab/seed';

export const TAB_PILOTS = 100;
export const TAB_PILOTS_LARGE = 1000;
const RUNS = 7;
const RUNS_LARGE = 3;
/** The overview's first page (tab/src/data.ts FIRST_PAGE). */
const FIRST_PAGE = 50;

export interface TabBenchResult {
  /** The overview's first screen in Finnish (entry, its static imports, the strings), gzipped. */
  js_gzip_bytes: number;
  js_bytes: number;
  /** The same in Teams (with teams-js). */
  js_gzip_bytes_in_teams: number;
  side_panel_gzip_bytes: number;
  /** Every script of the build (all chunks, MSAL), gzipped. */
  total_gzip_bytes: number;
  pilots: number;
  runs: number;
  /** A returning user's loads (the browser's cache kept), median, navigation start → the last card of the first screen in the DOM. */
  overview_ms: number;
  /** Median, the first screen's API calls alone (me + the first page), from the same page. */
  floor_api_ms: number;
  ratio: number;
  /** The same ratio under the name. */
  render_ratio: number;
  /** Median breakdown of a load: the script run (DOMContentLoaded), the first page in, the cards after it. */
  dom_content_loaded_ms: number;
  data_in_ms: number;
  render_after_data_ms: number;
  /** Cards in the DOM once the first screen is drawn (the list is virtualised). */
  first_screen_cards: number;
  overview_runs_ms: number[];
  /** First visits (a fresh browser context each, nothing cached): the same, median. */
  cold_overview_ms: number;
  cold_floor_api_ms: number;
  cold_ratio: number;
  cold_dom_content_loaded_ms: number;
  seed_seconds: number;
  /** 1,000 pilots: navigation → the first screen's cards from the first page of 50 (median). */
  first50_ms_1000: number;
  first50_floor_api_ms_1000: number;
  first50_ratio_1000: number;
  /** 1,000 pilots: navigation → the rest of the list in (the second request's end). */
  whole_list_in_ms_1000: number;
  first_screen_cards_1000: number;
  /** 1,000 pilots: a scroll to the end, a viewport a frame, until the last pilot's card is in the DOM. */
  scroll_to_last_ms_1000: number;
  scroll_long_tasks_1000: number;
  scroll_longest_task_ms_1000: number;
  /** The most cards in the DOM at once during the scroll. */
  scroll_max_cards_1000: number;
  seed_seconds_1000: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

type BenchWindow = Window & { __lastCard?: number; __longTasks?: number[] };

/**
 * A browser context as the local preview's user has: no routes (they would turn the HTTP cache
 * off), the browser launched to resolve only loopback. Records when a pilot card was last added
 * to the DOM, and the page's long tasks.
 */
async function benchContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'fi-FI',
    timezoneId: 'Europe/Helsinki',
  });
  // tsx names the functions it compiles with a helper the page does not have.
  await context.addInitScript({ content: 'window.__name = (f) => f;' });
  await context.addInitScript(() => {
    const w = window as BenchWindow;
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks!.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
    let seen = 0;
    new MutationObserver(() => {
      const n = document.querySelectorAll('article[data-pilot]').length;
      if (n > seen) w.__lastCard = window.performance.now();
      seen = n;
    }).observe(document, { childList: true, subtree: true });
  });
  return context;
}

interface Load {
  total: number;
  dcl: number;
  dataIn: number;
  restIn: number;
  cards: number;
}

/** One load of the overview: until the first screen is drawn, the whole list is in and no card came for 1 s. */
async function loadOnce(
  context: BrowserContext,
  url: string,
  floorPath: string,
): Promise<{ load: Load; floor: number }> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(
    () => {
      const w = window as BenchWindow;
      const status = document.querySelector('[role="status"]')?.textContent ?? '';
      return w.__lastCard !== undefined && window.performance.now() - w.__lastCard > 1000 && !status.includes('·');
    },
    undefined,
    { timeout: 120000, polling: 100 },
  );
  const load = await page.evaluate(() => {
    const nav = window.performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const pages = (window.performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((r) =>
      new URL(r.name).pathname.endsWith('/pilots'),
    );
    const first = pages.find((r) => new URL(r.name).searchParams.get('offset') === '0');
    const rest = pages.find((r) => new URL(r.name).searchParams.get('offset') !== '0');
    return {
      total: (window as BenchWindow).__lastCard ?? NaN,
      dcl: nav.domContentLoadedEventEnd,
      dataIn: first?.responseEnd ?? NaN,
      restIn: rest?.responseEnd ?? first?.responseEnd ?? NaN,
      cards: document.querySelectorAll('article[data-pilot]').length,
    };
  });
  if (!(load.cards > 0)) throw new Error('tab bench: no pilot card on the overview');
  const floor = await page.evaluate(async (teamUrl: string) => {
    const start = window.performance.now();
    const me = await fetch('/api/me', { cache: 'no-store' });
    await me.json();
    const overview = await fetch(teamUrl, { cache: 'no-store' });
    await overview.json();
    return window.performance.now() - start;
  }, floorPath);
  await page.close();
  return { load, floor };
}

export async function tabBench(o: {
  connectionString: string;
  prefix: string;
  say: (s: string) => void;
}): Promise<TabBenchResult> {
  ensureTabBuilt();
  const stats = JSON.parse(fs.readFileSync(path.join(ROOT, 'tab', 'dist', 'build-stats.json'), 'utf8')) as {
    jsBytes: number;
    jsGzipBytes: number;
    jsGzipBytesInTeams: number;
    sidePanelGzipBytes: number;
    totalGzipBytes: number;
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
  const browser = await launchChromium([ONLY_LOOPBACK]);
  try {
    o.say(`tab: ${TAB_PILOTS} pilots into the demo team`);
    let t = performance.now();
    const pilots = new PilotStore(polku.store);
    await pilots.ensureTeam(DEMO_TEAM, { name: DEMO_TEAM_NAME });
    const firstDate = new Date(Date.now() - 6 * 7 * 86400000).toISOString().slice(0, 10);
    await seedManyPilots(pilots, DEMO_TEAM, { count: TAB_PILOTS, sessions: 6, prefix: 'bench-tab', firstDate });
    const seedSeconds = (performance.now() - t) / 1000;

    const context = await benchContext(browser);
    const teamPath = `/api/teams/${encodeURIComponent(DEMO_TEAM.tenantId)}/${encodeURIComponent(DEMO_TEAM.teamId)}/pilots`;
    const floorPath = `${teamPath}?offset=0&limit=${FIRST_PAGE}`;
    const series = async (runs: number) => {
      const loads: Load[] = [];
      const floors: number[] = [];
      for (let run = 0; run <= runs; run++) {
        const { load, floor } = await loadOnce(context, `${polku.url}/tab/`, floorPath);
        if (run === 0) continue;
        loads.push(load);
        floors.push(floor);
      }
      return { loads, floors };
    };
    o.say(`tab: ${RUNS} loads of the overview (+1 warm-up), each beside its API floor`);
    const small = await series(RUNS);
    const overview = median(small.loads.map((l) => l.total));
    const floor = median(small.floors);
    o.say(`tab: ${RUNS} first visits of the overview (a fresh browser context each)`);
    const cold: { loads: Load[]; floors: number[] } = { loads: [], floors: [] };
    for (let run = 0; run < RUNS; run++) {
      const fresh = await benchContext(browser);
      const { load, floor: f } = await loadOnce(fresh, `${polku.url}/tab/`, floorPath);
      await fresh.close();
      cold.loads.push(load);
      cold.floors.push(f);
    }
    const coldOverview = median(cold.loads.map((l) => l.total));
    const coldFloor = median(cold.floors);

    o.say(`tab: ${TAB_PILOTS_LARGE - TAB_PILOTS} more pilots (one session each)`);
    t = performance.now();
    await seedManyPilots(pilots, DEMO_TEAM, {
      count: TAB_PILOTS_LARGE - TAB_PILOTS,
      sessions: 1,
      prefix: 'bench-tab-k',
      firstDate,
      parallel: 16,
    });
    const seedSecondsLarge = (performance.now() - t) / 1000;
    o.say(`tab: ${RUNS_LARGE} loads of the overview of ${TAB_PILOTS_LARGE} (+1 warm-up), then a scroll to the end`);
    const large = await series(RUNS_LARGE);
    const first50 = median(large.loads.map((l) => l.total));
    const floorLarge = median(large.floors);
    const scroll = await scrollToEnd(context, `${polku.url}/tab/`, TAB_PILOTS_LARGE);
    return {
      js_gzip_bytes: stats.jsGzipBytes,
      js_bytes: stats.jsBytes,
      js_gzip_bytes_in_teams: stats.jsGzipBytesInTeams,
      side_panel_gzip_bytes: stats.sidePanelGzipBytes,
      total_gzip_bytes: stats.totalGzipBytes,
      pilots: TAB_PILOTS,
      runs: RUNS,
      overview_ms: round(overview),
      floor_api_ms: round(floor),
      ratio: round(overview / floor, 2),
      render_ratio: round(overview / floor, 2),
      dom_content_loaded_ms: round(median(small.loads.map((l) => l.dcl))),
      data_in_ms: round(median(small.loads.map((l) => l.dataIn))),
      render_after_data_ms: round(median(small.loads.map((l) => l.total - l.dataIn))),
      first_screen_cards: median(small.loads.map((l) => l.cards)),
      overview_runs_ms: small.loads.map((l) => round(l.total)),
      cold_overview_ms: round(coldOverview),
      cold_floor_api_ms: round(coldFloor),
      cold_ratio: round(coldOverview / coldFloor, 2),
      cold_dom_content_loaded_ms: round(median(cold.loads.map((l) => l.dcl))),
      seed_seconds: round(seedSeconds),
      first50_ms_1000: round(first50),
      first50_floor_api_ms_1000: round(floorLarge),
      first50_ratio_1000: round(first50 / floorLarge, 2),
      whole_list_in_ms_1000: round(median(large.loads.map((l) => l.restIn))),
      first_screen_cards_1000: median(large.loads.map((l) => l.cards)),
      ...scroll,
      seed_seconds_1000: round(seedSecondsLarge),
    };
  } finally {
    await browser.close();
    await polku.stop();
  }
}

/** Opens the overview, waits for the whole list, then scrolls a viewport a frame to the end until the last card is drawn. */
async function scrollToEnd(
  context: BrowserContext,
  url: string,
  count: number,
): Promise<
  Pick<
    TabBenchResult,
    'scroll_to_last_ms_1000' | 'scroll_long_tasks_1000' | 'scroll_longest_task_ms_1000' | 'scroll_max_cards_1000'
  >
> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(
    // The list's items say the size of the whole list once it is in.
    (n: number) => document.querySelector(`li[aria-setsize="${n}"]`) !== null,
    count,
    { timeout: 120000, polling: 100 },
  );
  const result = await page.evaluate(
    (n: number) =>
      new Promise<{ ms: number; tasks: number[]; maxCards: number }>((resolve) => {
        const w = window as BenchWindow;
        const before = w.__longTasks!.length;
        const start = window.performance.now();
        let maxCards = 0;
        const step = () => {
          maxCards = Math.max(maxCards, document.querySelectorAll('article[data-pilot]').length);
          if (document.querySelector(`li[aria-posinset="${n}"]`)) {
            // Long tasks are reported after they end: give the last one a frame to come in.
            requestAnimationFrame(() =>
              resolve({ ms: window.performance.now() - start, tasks: w.__longTasks!.slice(before), maxCards }),
            );
            return;
          }
          window.scrollBy(0, window.innerHeight);
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
    count,
  );
  await page.close();
  return {
    scroll_to_last_ms_1000: round(result.ms),
    scroll_long_tasks_1000: result.tasks.length,
    scroll_longest_task_ms_1000: round(Math.max(0, ...result.tasks)),
    scroll_max_cards_1000: result.maxCards,
  };
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
