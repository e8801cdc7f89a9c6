/**
 * A team of 300 pilots in real Chromium against a real Polku (Azurite, the local preview): the
 * overview shows the first page while the rest is still coming, keeps only the cards near the
 * viewport in the DOM, reaches the last pilot by scrolling and by the keyboard, filters the whole
 * list (finding pilots not rendered yet), and stays axe clean in every theme.
 */
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { DEMO_TEAM, DEMO_TEAM_NAME } from '../../bot/demo/constants';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { PilotStore } from '../../bot/storage/pilots';
import { startTestPolku, type TestPolku } from '../harness/polku';
import { ensureTabBuilt, eventually, launchChromium, localContext, noSeriousViolations, shown } from './browser';
import { seedManyPilots } from './seed';

jest.setTimeout(60000);

const COUNT = 300;
/** The names seedManyPilots gives, in the overview's order. */
const NAMES = Array.from({ length: COUNT }, (_, n) => `${SEED_PILOTS[n % SEED_PILOTS.length].name} #${n + 1}`).sort(
  (a, b) => a.localeCompare(b, 'fi'),
);
const card = (page: Page, name: string) => page.getByRole('article', { name, exact: true });
const cardsInDom = (page: Page) => page.locator('article[data-pilot]').count();
const status = (page: Page) => page.getByRole('status').first().innerText();
/** The shared test Azurite scans every table it holds for a query: a load can take seconds on a busy machine. */
const LOAD_MS = 30000;

let polku: TestPolku;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  ensureTabBuilt();
  [polku, browser] = await Promise.all([startTestPolku({ POLKU_DEMO: 'off' }), launchChromium()]);
  const pilots = new PilotStore(polku.store);
  await pilots.ensureTeam(DEMO_TEAM, { name: DEMO_TEAM_NAME });
  await seedManyPilots(pilots, DEMO_TEAM, { count: COUNT, sessions: 0, prefix: 'many', parallel: 16 });
  context = await localContext(browser);
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await polku?.stop();
});

afterEach(() => expect(pageErrors).toEqual([]));

it('shows the first page while the rest is still coming (its first screen only drawn), then the whole list, few cards in the DOM', async () => {
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  const rest = async (route: Route) => {
    await held;
    await route.continue();
  };
  await page.route((url) => url.pathname.endsWith('/pilots') && url.searchParams.get('offset') === '50', rest);
  await page.goto(`${polku.url}/tab/`);
  await shown(card(page, NAMES[0]), LOAD_MS);
  await eventually(
    () => status(page),
    (t) => expect(t).toBe(`Näytetään 50 / 50 kokeilua · ladataan vielä ${COUNT - 50} kokeilua…`),
    LOAD_MS,
  );
  // The first screen draws the cards near it, not all 50 of the first page.
  expect(await cardsInDom(page)).toBeLessThan(50 / 2);
  release();
  await eventually(
    () => status(page),
    (t) => expect(t).toBe(`Näytetään ${COUNT} / ${COUNT} kokeilua`),
    LOAD_MS,
  );
  await page.unroute((url) => url.pathname.endsWith('/pilots') && url.searchParams.get('offset') === '50', rest);
  // One list of all the pilots, each item saying its place in it; only a few of them drawn.
  const list = page.getByRole('list', { name: 'Kokeilut' });
  const first = list.getByRole('listitem').first();
  expect([await first.getAttribute('aria-posinset'), await first.getAttribute('aria-setsize')]).toEqual([
    '1',
    String(COUNT),
  ]);
  const drawn = await cardsInDom(page);
  expect(drawn).toBeGreaterThan(0);
  expect(drawn).toBeLessThan(COUNT / 5);
  await noSeriousViolations(page, 'overview of 300 pilots');
});

it('scrolling to the end shows the last pilot, still with few cards in the DOM', async () => {
  expect(await card(page, NAMES[COUNT - 1]).count()).toBe(0);
  await eventually(
    async () => {
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      return card(page, NAMES[COUNT - 1]).count();
    },
    (n) => expect(n).toBe(1),
  );
  const item = page.locator('li', { has: card(page, NAMES[COUNT - 1]) });
  expect(await item.getAttribute('aria-posinset')).toBe(String(COUNT));
  expect(await cardsInDom(page)).toBeLessThan(COUNT / 5);
  await page.evaluate(() => window.scrollTo(0, 0));
});

it('the keyboard goes on from the last card drawn to the next one', async () => {
  await eventually(
    () => card(page, NAMES[0]).count(),
    (n) => expect(n).toBe(1),
  );
  const lastDrawn = await page
    .locator('li[aria-posinset]')
    .evaluateAll((items) => Math.max(...items.map((li) => Number(li.getAttribute('aria-posinset')))));
  await card(page, NAMES[lastDrawn - 1])
    .getByRole('link')
    .focus();
  // The focused card scrolls into view, and the row after it is drawn.
  await eventually(
    () => card(page, NAMES[lastDrawn]).count(),
    (n) => expect(n).toBe(1),
  );
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(NAMES[lastDrawn]);
  await page.evaluate(() => window.scrollTo(0, 0));
});

it('a filter searches the whole list: it finds pilots that were not drawn', async () => {
  // The seed whose copies sort last: none of them is drawn at the top of the list.
  const lastSeed = SEED_PILOTS.find((p) => NAMES[COUNT - 1].startsWith(`${p.name} #`))!;
  const copies = NAMES.filter((n) => n.startsWith(`${lastSeed.name} #`));
  const sameMunicipality = NAMES.filter((n) =>
    SEED_PILOTS.some((p) => n.startsWith(`${p.name} #`) && p.municipality === lastSeed.municipality),
  );
  expect(await card(page, copies[0]).count()).toBe(0);
  await page.getByRole('combobox', { name: 'Kunta' }).selectOption({ label: lastSeed.municipality });
  await eventually(
    () => status(page),
    (t) => expect(t).toBe(`Näytetään ${sameMunicipality.length} / ${COUNT} kokeilua`),
  );
  await shown(card(page, sameMunicipality[0]));
  const firstItem = page.getByRole('list', { name: 'Kokeilut' }).getByRole('listitem').first();
  expect(await firstItem.getAttribute('aria-setsize')).toBe(String(sameMunicipality.length));
  await page.getByRole('button', { name: 'Poista rajaukset' }).click();
});

it.each([
  ['dark', 'dark'],
  ['high contrast', 'contrast'],
])('is axe clean in the %s theme', async (_name, theme) => {
  await page.goto(`${polku.url}/tab/?theme=${theme}`);
  await shown(card(page, NAMES[0]), LOAD_MS);
  await noSeriousViolations(page, `overview of 300 pilots, ${theme}`);
});
