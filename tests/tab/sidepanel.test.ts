/**
 * The Wednesday consultation in the meeting's side panel, in Debian's Chromium at the panel's
 * 320 px, inside the stand-in Teams host (frame context sidePanel, the meeting's chat in the
 * context), against a real Polku on Azurite with sign-in by test tokens and memberships asked from
 * the connector stand-in. Polku is installed in the meeting's chat, whose roster holds the pilot's
 * owner (a member of the host team) and a Kela adviser (a guest, in no team).
 *
 * The host sets the meeting up, sees the pilot's name and logs a line; the guest logs their own
 * line, is refused beside the field and keeps what they typed, and never sees the host's pilot;
 * the host then sees two lines, and the pilot's totals count both. Axe runs once per theme, on
 * the page already open (light, dark, high contrast).
 */
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { pilotFromSeed } from '../../bot/demo/load';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { PilotStore } from '../../bot/storage/pilots';
import { type SignedInPolku, startSignedInPolku } from '../api/signedIn';
import { OWNER, TEAM, TeamsClient, TENANT, USER } from '../harness/teams';
import {
  ensureTabBuilt,
  eventually,
  launchChromium,
  localContext,
  noSeriousViolations,
  screenshot,
  shown,
} from './browser';
import { openInTeamsHost, type TeamsCall } from './teamsHost';

jest.setTimeout(120000);

const seed = SEED_PILOTS.find((p) => p.key === 'kuusotso-kela-consultation')!;
const MEETING = '19:meeting_wednesday-kela@thread.v2';
const KELA = {
  id: '29:user-kela-adviser',
  name: 'Kaisa Kelalainen',
  aadObjectId: 'a1b2c3d4-0000-4000-8000-00000000004e',
  userRole: 'user' as const,
};
const aino = { oid: USER.aadObjectId, tid: TENANT, name: USER.name };
const kaisa = { oid: KELA.aadObjectId, tid: TENANT, name: KELA.name };

let api: SignedInPolku;
let pilots: PilotStore;
let browser: Browser;
let pilotId: string;
let pilotName: string;

beforeAll(async () => {
  ensureTabBuilt();
  [api, browser] = await Promise.all([startSignedInPolku(), launchChromium()]);
  pilots = new PilotStore(api.polku.store);
  pilotId = randomUUID();
  pilotName = `${seed.name} ${pilotId.slice(0, 8)}`;
  const at = new Date().toISOString();
  const team = { tenantId: TENANT, teamId: TEAM.id };
  await pilots.createPilotWithStart(
    { ...pilotFromSeed(seed, { id: pilotId, team, owner: USER.aadObjectId, at }), name: pilotName },
    { answers: seed.evaluations.start ?? {}, by: USER.aadObjectId, at },
  );
  const meeting = new TeamsClient({
    botUrl: api.polku.url,
    serviceUrl: api.connector.url,
    scope: 'groupChat',
    conversationId: MEETING,
  });
  expect((await meeting.send(meeting.installationUpdate('add'))).status).toBe(200);
  api.connector.members.set(MEETING, [OWNER, KELA]);
});

afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

describe('the consultation in the meeting side panel', () => {
  let context: BrowserContext;
  let page: Page;

  beforeEach(async () => {
    context = await localContext(browser, { viewport: { width: 320, height: 1400 } });
    page = await context.newPage();
  });
  afterEach(() => context?.close());

  async function openPanel(
    who: { oid: string; tid: string; name: string },
    o: { theme: 'default' | 'dark' | 'contrast'; locale: string; src?: string; frameContext?: 'settings' },
  ): Promise<FrameLocator> {
    await openInTeamsHost(page, api.polku.url, {
      src: '/tab/sidepanel.html',
      frameContext: 'sidePanel',
      chatId: MEETING,
      meetingId: 'MCMxOTptZWV0aW5nX3dlZG5lc2RheQ==',
      teamId: undefined,
      teamName: undefined,
      tenantId: TENANT,
      userObjectId: who.oid,
      token: await api.issuer.token(who),
      ...o,
    });
    return page.frameLocator('#app');
  }

  const pageText = (panel: FrameLocator) => panel.locator('body').innerText();

  it('a host-team member sets the meeting up, sees the pilot and logs a line (light theme)', async () => {
    const panel = await openPanel(aino, { theme: 'default', locale: 'fi-FI' });
    await shown(panel.getByText('Konsultaatiota ei ole vielä otettu käyttöön tässä kokouksessa.'), 15000);
    const choice = panel.getByLabel('Kokeilu, johon kokouksen rivit kirjataan');
    await shown(choice, 10000);
    await choice.selectOption(pilotId);
    await panel.getByRole('button', { name: 'Ota käyttöön' }).click();

    await shown(panel.getByText(`Kokeilu: ${pilotName}`), 10000);
    await shown(panel.getByText('Tänään kirjattu 0 riviä.'));
    await panel.getByLabel('Kuntasi').fill('Alavus');
    await panel.getByLabel('Konsultoituja asiakastapauksia').fill('3');
    await panel.getByLabel('Vastaus saatiin heti').fill('2');
    await panel.getByLabel('Ohjattu eteenpäin palveluihin').fill('1');
    await panel.getByRole('checkbox', { name: 'Asumistuki' }).check();
    await panel.getByRole('checkbox', { name: 'Perustoimeentulotuki' }).check();
    await panel.getByRole('button', { name: 'Tallenna rivi' }).click();
    await shown(panel.getByRole('status').getByText('Rivisi on tallennettu.'), 10000);
    await shown(panel.getByText('Tänään kirjattu 1 rivi.'));
    await screenshot(page, 'sidepanel-host');
    await noSeriousViolations(page, 'side panel, host, light');
  });

  it('a participant from another organisation logs their own line and sees nothing of the host team (dark theme)', async () => {
    const panel = await openPanel(kaisa, { theme: 'dark', locale: 'sv-FI' });
    const cases = panel.getByLabel('Konsulterade klientfall');
    await shown(cases, 15000);
    await panel.getByLabel('Din kommun').fill('Seinäjoki');
    await cases.fill('2');
    await panel.getByLabel('Besvarades direkt').fill('3');
    await panel.getByLabel('Hänvisades vidare till tjänster').fill('0');
    await panel.getByLabel('Annat ämne').fill('klient 131052-308T');
    await panel.getByRole('button', { name: 'Spara raden' }).click();
    // Refused beside the fields, in Swedish, keeping what was typed.
    await shown(
      panel.getByText('Besvarade, hänvisade vidare och FPA-tidsbokningar är sammanlagt 3', { exact: false }),
      10000,
    );
    await shown(panel.getByText('Texten verkar innehålla en personbeteckning', { exact: false }));
    expect(await panel.getByLabel('Besvarades direkt').inputValue()).toBe('3');
    expect(await panel.getByLabel('Annat ämne').inputValue()).toBe('klient 131052-308T');
    expect((await pilots.getPilot(pilotId))!.totals.sessions).toBe(1);
    await noSeriousViolations(page, 'side panel, guest, refused, dark');

    await panel.getByLabel('Besvarades direkt').fill('1');
    await panel.getByLabel('Annat ämne').fill('Ansökan om utkomststöd');
    await panel.getByRole('checkbox', { name: 'Bostadsbidrag' }).check();
    await panel.getByRole('button', { name: 'Spara raden' }).click();
    await shown(panel.getByRole('status').getByText('Din rad har sparats.'), 10000);

    const text = await pageText(panel);
    for (const secret of [pilotName, seed.name, seed.municipality, 'Försök:', 'Alavus'])
      expect(text).not.toContain(secret);
    await screenshot(page, 'sidepanel-guest');
  });

  it("the host's view then counts two lines, keeps the host's own line, and the pilot's totals hold both (high contrast)", async () => {
    const panel = await openPanel(aino, { theme: 'contrast', locale: 'fi-FI' });
    await shown(panel.getByText('Tänään kirjattu 2 riviä.'), 15000);
    expect(await panel.getByLabel('Kuntasi').inputValue()).toBe('Alavus');
    expect(await panel.getByLabel('Konsultoituja asiakastapauksia').inputValue()).toBe('3');
    await noSeriousViolations(page, 'side panel, host, high contrast');

    const { totals } = (await pilots.getPilot(pilotId))!;
    expect(totals.sessions).toBe(2);
    expect(totals.counts).toMatchObject({ casesConsulted: 5, answered: 3, referred: 1 });
  });

  it("in a meeting, the configuration page offers the consultation form first and saves the side panel's page", async () => {
    const config = await openPanel(aino, {
      theme: 'default',
      locale: 'en-GB',
      src: '/tab/config/',
      frameContext: 'settings',
    });
    const form = config.getByRole('radio', { name: 'The Kela consultation form' });
    await shown(form, 15000);
    expect(await form.isChecked()).toBe(true);
    const calls = () => page.evaluate(() => (window as unknown as { __teams: { calls: TeamsCall[] } }).__teams.calls);
    await eventually(
      async () =>
        (await calls())
          .filter((c) => c.func === 'settings.setValidityState')
          .map((c) => c.args[0])
          .at(-1),
      (v) => expect(v).toBe(true),
    );
    await page.evaluate(() =>
      (window as unknown as { __teams: { sendToApp(f: string, a: unknown[]): void } }).__teams.sendToApp(
        'settings.save',
        [{}],
      ),
    );
    await eventually(
      async () => (await calls()).map((c) => c.func),
      (v) => expect(v).toContain('settings.save.success'),
    );
    const saved = (await calls()).find((c) => c.func === 'settings.setSettings')!.args[0] as {
      contentUrl: string;
      entityId: string;
      suggestedDisplayName: string;
    };
    expect(saved).toMatchObject({
      contentUrl: `${api.polku.url}/tab/sidepanel.html`,
      entityId: 'polku-consultation',
      suggestedDisplayName: 'Consultation',
    });
  });
});
