/**
 * The overview's regional comparison in real Chromium against a real Polku (its own server,
 * Azurite, the demo team's seed pilots, the local preview): a coordinator opens the overview,
 * follows the view's link and sees the pilots of each kind side by side across municipalities,
 * each by its own kind's figure, with the sessions behind it, its targets read against the actual,
 * and a note in words where few sessions are behind a figure. Axe-clean in the light, dark and
 * high-contrast themes; Swedish too.
 */
import fs from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { demoPilotId } from '../../bot/demo/load';
import { SEED_PILOTS, type SeedPilot } from '../../bot/demo/seedPilots';
import { HEADLINE, headlineOf } from '../../bot/domain/headline';
import type { PilotKind } from '../../bot/domain/pilots';
import { readTargets } from '../../bot/domain/targets';
import { applySession, emptyTotals, type Totals } from '../../bot/domain/totals';
import { WARNING_AFTER_SESSIONS } from '../../bot/domain/warning';
import { formatNumber, strings } from '../../bot/i18n';
import tabFi from '../../tab/src/locales/fi.json';
import en from '../../tab/src/locales/regional.en.json';
import fi from '../../tab/src/locales/regional.fi.json';
import sv from '../../tab/src/locales/regional.sv.json';
import { startTestPolku, type TestPolku } from '../harness/polku';
import {
  ARTIFACTS,
  ensureTabBuilt,
  eventually,
  launchChromium,
  localContext,
  noSeriousViolations,
  screenshot,
  shown,
} from './browser';

jest.setTimeout(60000);

const PARISH = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;
const PHONE = SEED_PILOTS.find((p) => p.key === 'kuusotso-phone-advisory')!;
const DROP_INS = SEED_PILOTS.filter((p) => p.kind === 'dropIn');
const FI = strings('fi');
const PERCENT = new Intl.NumberFormat('fi-FI', { style: 'percent', maximumFractionDigits: 0 });
/** A row's cells: municipality, pilot, the kind's figures, sessions, targets, decision or stage. */
const sessionsColumn = (kind: PilotKind) => 2 + HEADLINE[kind].length;
const THEMES = [
  ['light', 'default'],
  ['dark', 'dark'],
  ['high-contrast', 'contrast'],
] as const;

/** A seed pilot's totals, summed as the server sums its sessions. */
function totalsOf(seed: SeedPilot): Totals {
  return seed.sessions.reduce(
    (t, s, i) =>
      applySession(t, { ...s, id: `s${i}`, pilotId: seed.key, loggedBy: 'u', loggedAt: `${s.date}T12:00:00Z` }),
    emptyTotals(),
  );
}

/** The seed's headline figure as a Finnish reader sees it: "0,5", or "ei laskettavissa". */
function figureText(seed: SeedPilot): string {
  const h = headlineOf(seed.kind, totalsOf(seed))[0];
  if (h.value === undefined) return FI.figures.notComputable;
  return h.unit === 'share' ? PERCENT.format(h.value) : formatNumber('fi', h.value);
}

/** Every leaf path of a locale file, with its value. */
function leaves(o: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (o && typeof o === 'object' && !Array.isArray(o)) {
    for (const [k, v] of Object.entries(o))
      for (const [p, x] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(p, x);
  } else out.set(prefix, o);
  return out;
}

describe("the regional view's tab strings", () => {
  it('Swedish and English have every key Finnish has, none empty', () => {
    const keys = [...leaves(fi).keys()].sort();
    for (const other of [sv, en]) {
      const l = leaves(other);
      expect([...l.keys()].sort()).toEqual(keys);
      for (const [key, value] of l) expect({ key, empty: String(value).trim() === '' }).toEqual({ key, empty: false });
    }
  });
});

let polku: TestPolku;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

/** A kind's section (labelled by its heading, the kind's name) and the table in it. */
const section = (kind: PilotKind, kinds = FI.kinds) => page.getByRole('region', { name: kinds[kind], exact: true });
const tableOf = (kind: PilotKind) => section(kind).getByRole('table');
const rowOf = (table: Locator, seed: SeedPilot) =>
  table.getByRole('row').filter({ has: page.getByRole('link', { name: seed.name, exact: true }) });

beforeAll(async () => {
  ensureTabBuilt();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  [polku, browser] = await Promise.all([startTestPolku({ POLKU_DEMO: 'on' }), launchChromium()]);
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

describe('the regional comparison on the overview', () => {
  it("opens by its link and puts each kind's pilots side by side across municipalities", async () => {
    await page.goto(`${polku.url}/tab/`);
    await shown(page.getByRole('article', { name: PARISH.name, exact: true }));
    const link = page.getByRole('navigation', { name: 'Näkymä' }).getByRole('link', { name: fi.view });
    await link.click();
    await shown(page.getByRole('heading', { level: 2, name: fi.view }));
    expect(new URL(page.url()).hash).toBe('#/regional');
    expect(await link.getAttribute('aria-current')).toBe('page');
    await shown(page.getByText(fi.intro));

    // One section a kind, in the order of HEADLINE, each headed by the kind's name.
    const headings = await page.getByRole('heading', { level: 3 }).allInnerTexts();
    const kinds = (Object.keys(HEADLINE) as PilotKind[]).filter((k) => SEED_PILOTS.some((p) => p.kind === k));
    expect(headings).toEqual(kinds.map((k) => FI.kinds[k]));

    // The drop-ins: a row each, with its municipality, its figure and the sessions behind it.
    const dropIns = tableOf('dropIn');
    await shown(dropIns);
    expect(await dropIns.getByRole('row').count()).toBe(DROP_INS.length + 1);
    const municipalities = new Set<string>();
    for (const seed of DROP_INS) {
      const cells = await rowOf(dropIns, seed).getByRole('cell').allInnerTexts();
      expect(cells[0]).toBe(seed.municipality);
      expect(cells[2].split('\n')[0]).toBe(figureText(seed));
      expect(cells[3]).toBe(`${seed.sessions.length} kertaa`);
      municipalities.add(cells[0]);
    }
    for (const m of ['Raisio', 'Turku', 'Lieto', 'Kotka ja Kouvola']) expect(municipalities).toContain(m);
    expect(municipalities.size).toBeGreaterThanOrEqual(3);

    // Highest figure first: the rows in the order of the drop-ins' own figure.
    const byFigure = [...DROP_INS]
      .map((seed) => ({ name: seed.name, value: headlineOf(seed.kind, totalsOf(seed))[0].value ?? -Infinity }))
      .sort((a, b) => b.value - a.value)
      .map((x) => x.name);
    const names = await dropIns
      .getByRole('row')
      .evaluateAll((rows) => rows.slice(1).map((r) => r.querySelector('a')?.textContent ?? ''));
    expect(names).toEqual(byFigure);

    // The parish drop-in's target, read against its actual, and its status in words.
    const parishRow = rowOf(dropIns, PARISH);
    const parish = await parishRow.innerText();
    expect(parish).toContain('Keskustelua haluavat / päivystys: vähintään 1');
    const [reading] = readTargets(PARISH.targets, totalsOf(PARISH));
    expect(parish).toContain(
      `${formatNumber('fi', reading.actual.value!)} (tavoite vähintään 1) – ${FI.targets.status[reading.status]}`,
    );
    expect(parish).toContain(FI.decisions[PARISH.decision!]);
    await expect(parishRow.getByRole('link', { name: PARISH.name }).getAttribute('href')).resolves.toBe(
      `#/pilots/${demoPilotId(PARISH.key)}`,
    );
    // Its ten sessions need no note; a pilot without targets says so with the dash.
    expect(parish).not.toContain(fi.fewSessions);
    const untargeted = DROP_INS.find((p) => !p.targets?.length)!;
    expect((await rowOf(dropIns, untargeted).getByRole('cell').allInnerTexts())[4]).toBe(tabFi.none);

    // A figure behind fewer than 4 sessions says in words that it is only indicative; 4 need no note.
    const few = SEED_PILOTS.filter((p) => p.sessions.length < WARNING_AFTER_SESSIONS);
    expect(few.length).toBeGreaterThan(0);
    for (const seed of few) {
      const row = rowOf(tableOf(seed.kind), seed);
      const cells = await row.getByRole('cell').allInnerTexts();
      expect(cells[2]).toBe(`${figureText(seed)}\n${fi.fewSessions}`);
      expect(cells[sessionsColumn(seed.kind)]).toBe(`${seed.sessions.length} kertaa`);
    }
    const four = SEED_PILOTS.find((p) => p.sessions.length === WARNING_AFTER_SESSIONS);
    if (four) expect(await rowOf(tableOf(four.kind), four).innerText()).not.toContain(fi.fewSessions);

    // The phone line is read by its own figures, in its own section, not among the drop-ins.
    expect(await rowOf(dropIns, PHONE).count()).toBe(0);
    const phones = tableOf('phoneAdvisory');
    const phoneHeaders = await phones.getByRole('columnheader').allInnerTexts();
    for (const key of HEADLINE.phoneAdvisory) expect(phoneHeaders).toContain(FI.figures[key]);
    const phone = await rowOf(phones, PHONE).getByRole('cell').allInnerTexts();
    expect(phone[0]).toBe(PHONE.municipality);
    expect(phone[2]).toBe(figureText(PHONE));
    expect(phone[sessionsColumn('phoneAdvisory')]).toBe(`${PHONE.sessions.length} kertaa`);
    expect(phone[sessionsColumn('phoneAdvisory') + 1]).toContain('Puhelut / viikko: vähintään 20');

    await noSeriousViolations(page, 'regional');
  });

  it('stays in the address: a reload opens it again, and its pilot links open the pilot', async () => {
    await page.reload();
    await shown(tableOf('dropIn'));
    await rowOf(tableOf('dropIn'), PARISH).getByRole('link', { name: PARISH.name }).click();
    await shown(page.getByRole('heading', { level: 1, name: PARISH.name }));
    await page.goBack();
    await shown(tableOf('dropIn'));
  });

  it('can be used by keyboard: Tab reaches the view link and, in the view, a pilot link', async () => {
    await page.goto(`${polku.url}/tab/`);
    await shown(page.getByRole('article', { name: PARISH.name, exact: true }));
    const focusUntil = async (text: string) => {
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          return { text: el?.innerText ?? '', visible: el?.matches(':focus-visible') ?? false };
        });
        expect(focused.visible).toBe(true);
        if (focused.text === text) return;
      }
      throw new Error(`Tab never reached ${text}`);
    };
    await focusUntil(fi.view);
    await page.keyboard.press('Enter');
    await shown(tableOf('dropIn'));
    await focusUntil(PARISH.name);
    await page.keyboard.press('Enter');
    await shown(page.getByRole('heading', { level: 1, name: PARISH.name }));
  });

  it.each(THEMES)('meets WCAG 2.1 AA in the %s theme (axe); screenshot', async (name, theme) => {
    await page.goto(`${polku.url}/tab/?theme=${theme}#/regional`);
    await eventually(
      () => page.locator(`[data-theme="${theme}"]`).count(),
      (n) => expect(n).toBe(1),
    );
    await shown(tableOf('dropIn'));
    await noSeriousViolations(page, `regional, ${name}`);
    await screenshot(page, `regional-${name}`);
  });

  it('works in Swedish', async () => {
    await page.goto(`${polku.url}/tab/?locale=sv#/regional`);
    const SV = strings('sv');
    await shown(page.getByRole('heading', { level: 3, name: 'Jour', exact: true }));
    await shown(page.getByText(sv.intro));
    const dropIns = section('dropIn', SV.kinds).getByRole('table');
    expect((await rowOf(dropIns, PARISH).getByRole('cell').allInnerTexts())[3]).toBe(
      `${PARISH.sessions.length} gånger`,
    );
    await noSeriousViolations(page, 'regional, Swedish');
  });
});
