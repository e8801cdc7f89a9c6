/**
 * Editing a pilot on the tab's pilot page, in real Chromium against a real Polku (its own
 * server, Azurite, the demo team's seed pilots, the local preview: the demo user owns them): the
 * form with the pilot as it is, a refusal beside its field keeping what was typed, the change
 * shown on the page and in the history, a pilot changed meanwhile not overwritten, axe clean.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { PilotDetail } from '../../bot/api/contract';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { startTestPolku, type TestPolku } from '../harness/polku';
import {
  ensureTabBuilt,
  eventually,
  launchChromium,
  localContext,
  noSeriousViolations,
  screenshot,
  shown,
} from './browser';

jest.setTimeout(60000);

const KELA = SEED_PILOTS.find((p) => p.key === 'raisio-kela-service-point')!;
const KELA_ID = 'demo-raisio-kela-service-point';
const NEW_PLACE = 'Kelan Raision palvelupiste, 2. kerroksen neuvotteluhuone';

let polku: TestPolku;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

const detail = async () => (await (await fetch(`${polku.url}/api/pilots/${KELA_ID}`)).json()) as PilotDetail;

beforeAll(async () => {
  ensureTabBuilt();
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

describe("an owner edits a pilot on the tab's pilot page", () => {
  it('refuses an identity code beside the field keeping what was typed, then saves the new place and partner', async () => {
    await page.goto(`${polku.url}/tab/#/pilots/${KELA_ID}`);
    const section = page.getByRole('region', { name: 'Muokkaa kokeilua' });
    await shown(section);
    await section.getByRole('button', { name: 'Muokkaa kokeilua' }).click();
    const place = section.getByRole('textbox', { name: 'Paikka' });
    await shown(place);
    // The form holds the pilot as it is.
    expect(await section.getByRole('textbox', { name: /Kokeilun nimi/ }).inputValue()).toBe(KELA.name);
    expect(await place.inputValue()).toBe(KELA.plan.place);
    expect(await section.getByRole('checkbox', { name: 'Kela' }).isChecked()).toBe(true);
    expect(await section.getByRole('checkbox', { name: 'Seurakunta' }).isChecked()).toBe(false);
    await noSeriousViolations(page, 'edit form');

    const typed = 'Asiakas 131052-308T odotustilassa';
    await place.fill(typed);
    await section.getByRole('checkbox', { name: 'Seurakunta' }).check();
    await section.getByRole('button', { name: 'Tallenna muutokset' }).click();
    const alert = section.getByRole('alert').filter({ hasText: 'Muutoksia ei tallennettu' });
    await shown(alert);
    expect(await alert.innerText()).toContain('Tekstissä on henkilötunnus');
    // Beside the field too, and what was typed is still there.
    await shown(section.getByText('Tekstissä on henkilötunnus').first());
    expect(await place.inputValue()).toBe(typed);
    expect(await section.getByRole('checkbox', { name: 'Seurakunta' }).isChecked()).toBe(true);
    expect((await detail()).overview.plan.place).toBe(KELA.plan.place);
    await noSeriousViolations(page, 'edit form with an error');
    await screenshot(page, 'edit-pilot-refused');

    await place.fill(NEW_PLACE);
    await section.getByRole('button', { name: 'Tallenna muutokset' }).click();
    const saved = page.getByRole('status').filter({ hasText: 'Muutokset tallennettu: suunnitelma.' });
    await shown(saved);
    await eventually(
      () => page.getByText(NEW_PLACE).first().count(),
      (n) => expect(n).toBeGreaterThan(0),
    );
    const history = page.getByRole('region', { name: 'Kokeilun muutokset, uusin ensin' });
    await eventually(
      () => history.innerText(),
      (t) => {
        expect(t).toContain(`Paikka: ${KELA.plan.place} → ${NEW_PLACE}`);
        expect(t).toContain('Kumppanit: Kela → Kela, Seurakunta');
      },
    );
    const now = await detail();
    expect(now.overview.plan.place).toBe(NEW_PLACE);
    expect(now.overview.plan.partners).toEqual(['kela', 'parish']);
    await noSeriousViolations(page, 'pilot page after an edit');
    await screenshot(page, 'edit-pilot-saved');
  });

  it('does not overwrite a change made meanwhile: it says so, keeps what was typed, and saves on the second try', async () => {
    await page.goto(`${polku.url}/tab/#/pilots/${KELA_ID}`);
    const section = page.getByRole('region', { name: 'Muokkaa kokeilua' });
    await section.getByRole('button', { name: 'Muokkaa kokeilua' }).click();
    const municipality = section.getByRole('textbox', { name: /Kunta tai alue/ });
    await shown(municipality);
    // Someone else saves a new name while the form is open.
    const d = await detail();
    const other = await fetch(`${polku.url}/api/pilots/${KELA_ID}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        inputs: { ...d.edit!.inputs, name: 'Kela-palvelupisteen päivystys' },
        version: d.edit!.version,
        idempotencyKey: randomUUID(),
      }),
    });
    expect(other.status).toBe(200);

    await municipality.fill('Raisio ja Naantali');
    await section.getByRole('button', { name: 'Tallenna muutokset' }).click();
    await shown(section.getByRole('alert').filter({ hasText: 'Kokeilua muutettiin sillä välin' }));
    expect(await municipality.inputValue()).toBe('Raisio ja Naantali');
    expect((await detail()).overview.municipality).toBe(KELA.municipality);

    await section.getByRole('button', { name: 'Tallenna muutokset' }).click();
    // The save re-reads, rebases and plans the reminders again: on a loaded 2-core CI run it took over 5 s.
    await shown(page.getByRole('status').filter({ hasText: 'Muutokset tallennettu: kunta' }), 20_000);
    const now = await detail();
    expect(now.overview.municipality).toBe('Raisio ja Naantali');
    // The fields left alone took up the other person's change: saving again did not undo it.
    expect(now.overview.name).toBe('Kela-palvelupisteen päivystys');
    expect(now.history.filter((h) => h.what === 'pilotEdited').map((h) => h.edits.map((e) => e.field))).toEqual(
      expect.arrayContaining([['name'], ['municipality']]),
    );
  });
});
