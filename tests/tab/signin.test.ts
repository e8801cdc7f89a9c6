/**
 * The tab's sign-in inside Teams, in real Chromium against a real Polku with an Entra app
 * configured (tokens signed by the test's own key, served as a local JWKS): on a host that
 * recommends nested app authentication the tab asks MSAL's nestable client, which asks the host's
 * broker through teams-js's bridge; on a host that does not, or whose broker fails, it takes
 * Teams' `authentication.getAuthToken`. Each shows the pilots the server let that token see.
 *
 * MSAL's module (/tab/msal.js) comes from the tab's build, and the settings from the server's
 * GET /api/signin, as in production.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_TEAM, DEMO_USER_ID, DEMO_USER_NAME } from '../../bot/demo/constants';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { MemberStore } from '../../bot/storage/members';
import { CLIENT_ID, TestIssuer } from '../api/tokens';
import { startTestPolku, type TestPolku } from '../harness/polku';
import { ensureTabBuilt, eventually, launchChromium, localContext, shown } from './browser';
import { type NaaHost, openInTeamsHost, type TeamsCall, unsignedJwt } from './teamsHost';

jest.setTimeout(60000);

const PARISH = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;
const demoUser = { oid: DEMO_USER_ID, tid: DEMO_TEAM.tenantId, name: DEMO_USER_NAME };

let polku: TestPolku;
let issuer: TestIssuer;
let browser: Browser;

beforeAll(async () => {
  ensureTabBuilt();
  issuer = await TestIssuer.start();
  [polku, browser] = await Promise.all([
    startTestPolku({ POLKU_DEMO: 'on', AAD_APP_CLIENT_ID: CLIENT_ID, AAD_JWKS_URI: issuer.url }),
    launchChromium(),
  ]);
  // The demo user owns the demo team (as the bot would have learnt from its installation).
  await new MemberStore(polku.store).record({
    tenantId: DEMO_TEAM.tenantId,
    userId: DEMO_USER_ID,
    teamId: DEMO_TEAM.teamId,
    standing: 'owner',
    source: 'event',
    at: new Date().toISOString(),
  });
});

afterAll(async () => {
  await browser?.close();
  await polku?.stop();
  await issuer?.stop();
});

describe('the tab inside Teams, signing in', () => {
  let context: BrowserContext;
  let page: Page;
  let auth: string[];
  let requested: string[];
  const calls = (p: Page) => p.evaluate(() => (window as unknown as { __teams: { calls: TeamsCall[] } }).__teams.calls);

  beforeEach(async () => {
    context = await localContext(browser);
    page = await context.newPage();
    auth = [];
    requested = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      requested.push(url.pathname);
      if (url.pathname.startsWith('/api/') && url.pathname !== '/api/signin') {
        auth.push(r.headers().authorization ?? '(none)');
      }
    });
  });
  afterEach(() => context?.close());

  async function openIn(host: { token: string; naa?: NaaHost }): Promise<void> {
    await openInTeamsHost(page, polku.url, host);
    await shown(page.frameLocator('#app').getByRole('article', { name: PARISH.name, exact: true }), 15000);
  }

  const naaHost = async (o: { refuse?: boolean } = {}): Promise<NaaHost> => ({
    accessToken: await issuer.naaToken(demoUser),
    idToken: unsignedJwt({
      aud: CLIENT_ID,
      iss: `https://login.microsoftonline.com/${demoUser.tid}/v2.0`,
      iat: Math.floor(Date.now() / 1000) - 60,
      exp: Math.floor(Date.now() / 1000) + 3600,
      oid: demoUser.oid,
      sub: 'demo-user-sub',
      tid: demoUser.tid,
      name: demoUser.name,
      preferred_username: 'demo@example.org',
      ver: '2.0',
    }),
    account: { oid: demoUser.oid, tid: demoUser.tid, username: 'demo@example.org', name: demoUser.name },
    ...o,
  });

  it('on a host that recommends nested app authentication: MSAL asks the broker for access_as_user, and the server lets that token see the pilots', async () => {
    const naa = await naaHost();
    await openIn({ token: await issuer.token(demoUser), naa });
    expect(auth.length).toBeGreaterThanOrEqual(1);
    expect(new Set(auth)).toEqual(new Set([`Bearer ${naa.accessToken}`]));
    const seen = await calls(page);
    expect(seen.map((c) => c.func)).not.toContain('authentication.getAuthToken');
    const brokered = seen.filter((c) => c.func === 'nestedAppAuth.execute').map((c) => c.args[0]) as {
      method: string;
      tokenParams?: { clientId: string; scope: string };
    }[];
    expect(brokered[0]?.method).toBe('GetInitContext');
    const asked = brokered.find((b) => b.method === 'GetToken');
    expect(asked?.tokenParams?.clientId).toBe(CLIENT_ID);
    expect(asked?.tokenParams?.scope.split(' ')).toContain(
      `api://${new URL(polku.url).host}/${CLIENT_ID}/access_as_user`,
    );
    expect(requested).toContain('/tab/msal.js');
  });

  it('on a host that does not: getAuthToken, MSAL never loaded, and the server lets that token see the pilots', async () => {
    const token = await issuer.token(demoUser);
    await openIn({ token });
    expect(new Set(auth)).toEqual(new Set([`Bearer ${token}`]));
    const funcs = (await calls(page)).map((c) => c.func);
    expect(funcs).toContain('authentication.getAuthToken');
    expect(funcs).not.toContain('nestedAppAuth.execute');
    expect(requested).not.toContain('/tab/msal.js');
    expect(requested).not.toContain('/api/signin');
  });

  it("on a host that recommends it but whose broker refuses: falls back to getAuthToken's token", async () => {
    const token = await issuer.token(demoUser);
    await openIn({ token, naa: await naaHost({ refuse: true }) });
    expect(new Set(auth)).toEqual(new Set([`Bearer ${token}`]));
    await eventually(
      async () => (await calls(page)).map((c) => c.func),
      (funcs) =>
        expect(funcs).toEqual(expect.arrayContaining(['nestedAppAuth.execute', 'authentication.getAuthToken'])),
    );
  });
});
