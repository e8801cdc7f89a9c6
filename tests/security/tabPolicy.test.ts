/**
 * The tab's Content-Security-Policy in real Chromium: the tab works under it, directly and framed
 * by a stand-in Teams client on its own origin, with not one violation in the console (Fluent UI's
 * run-time styles included); the policy is really enforced (an injected inline script is refused);
 * and a page of another origin cannot frame the tab of a server Teams could reach.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_TEAM, DEMO_TEAM_NAME } from '../../bot/demo/constants';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { startTestPolku, type TestPolku } from '../harness/polku';
import { ensureTabBuilt, eventually, launchChromium, localContext, shown } from '../tab/browser';
import { fakeToken, type TeamsCall, teamsHostPage } from '../tab/teamsHost';

jest.setTimeout(60000);

const PARISH = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;

/** Console lines that are Content-Security-Policy (or Permissions-Policy) complaints, from any frame. */
function policyComplaints(page: Page): string[] {
  const found: string[] = [];
  page.on('console', (m) => {
    const text = m.text();
    if (/Content Security Policy|Refused to|Permissions-Policy|Permissions Policy/i.test(text)) {
      found.push(`${m.type()}: ${text}`);
    }
  });
  return found;
}

let polku: TestPolku;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  ensureTabBuilt();
  [polku, browser] = await Promise.all([startTestPolku({ POLKU_DEMO: 'on' }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await polku?.stop();
});
beforeEach(async () => {
  context = await localContext(browser);
});
afterEach(() => context?.close());

describe('the tab under its Content-Security-Policy', () => {
  it('opens in a plain browser with its Fluent UI styles applied and no policy complaint in the console', async () => {
    const page = await context.newPage();
    const complaints = policyComplaints(page);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${polku.url}/tab/`);
    await shown(page.getByRole('heading', { level: 1, name: `Kokeilut: ${DEMO_TEAM_NAME}` }));
    const card = page.getByRole('article', { name: PARISH.name, exact: true });
    await shown(card);
    // Griffel's rules and FluentProvider's theme variables really arrived (they would be missing if refused).
    const styled = await page.evaluate(() => {
      const sheets = [...document.querySelectorAll('style')].map((s) => s.sheet?.cssRules.length ?? 0);
      const provider = document.querySelector('.fui-FluentProvider');
      return {
        rules: sheets.reduce((a, b) => a + b, 0),
        brand: provider ? getComputedStyle(provider).getPropertyValue('--colorBrandBackground').trim() : '',
        inlineBlockHashed: getComputedStyle(document.body).marginTop,
      };
    });
    expect(styled.rules).toBeGreaterThan(100);
    expect(styled.brand).not.toBe('');
    // index.html's own inline <style> (allowed by its hash) sets the body's margin to 0.
    expect(styled.inlineBlockHashed).toBe('0px');
    // The comparison, a pilot's page and the printable report use more components (tables, charts, menus).
    await page.getByRole('link', { name: 'Vertailu' }).click();
    await shown(page.getByRole('table', { name: 'Kokeilut rinnakkain samoilla mittareilla' }));
    await page.goto(`${polku.url}/tab/#/pilots/demo-raisio-parish-dropin`);
    await shown(page.getByRole('heading', { level: 1, name: PARISH.name }));
    await page.getByRole('link', { name: 'Tulostettava raportti' }).click();
    await shown(page.getByRole('button', { name: 'Tulosta tai tallenna PDF:ksi' }));
    expect(errors).toEqual([]);
    expect(complaints).toEqual([]);
  });

  it('is framed by a Teams host page on its own origin, talks to it, and nothing is refused', async () => {
    const page = await context.newPage();
    const complaints = policyComplaints(page);
    await page.route(`${polku.url}/teams-host.html`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: teamsHostPage({
          src: `/tab/?team=${encodeURIComponent(DEMO_TEAM.teamId)}&pilots=all`,
          frameContext: 'content',
          theme: 'dark',
          locale: 'fi-FI',
          tenantId: DEMO_TEAM.tenantId,
          teamId: DEMO_TEAM.teamId,
          teamName: DEMO_TEAM_NAME,
          token: fakeToken(),
        }),
      }),
    );
    await page.goto(`${polku.url}/teams-host.html`);
    const tab = page.frameLocator('#app');
    await shown(tab.getByRole('article', { name: PARISH.name, exact: true }));
    await eventually(
      () =>
        page.evaluate(() =>
          (window as unknown as { __teams: { calls: TeamsCall[] } }).__teams.calls.map((c) => c.func),
        ),
      (funcs) => expect(funcs).toContain('appInitialization.success'),
    );
    expect(complaints).toEqual([]);
  });

  it('is in force: an inline script put into the page is refused and reported', async () => {
    const page = await context.newPage();
    const complaints = policyComplaints(page);
    await page.goto(`${polku.url}/tab/`);
    await shown(page.getByRole('heading', { level: 1 }));
    const outcome = await page.evaluate(
      () =>
        new Promise<{ ran: boolean; violated: string }>((resolve) => {
          document.addEventListener('securitypolicyviolation', (e) =>
            resolve({ ran: Boolean((window as unknown as { __ran?: boolean }).__ran), violated: e.violatedDirective }),
          );
          const s = document.createElement('script');
          s.textContent = 'window.__ran = true;';
          document.body.append(s);
          setTimeout(
            () => resolve({ ran: Boolean((window as unknown as { __ran?: boolean }).__ran), violated: '' }),
            2000,
          );
        }),
    );
    expect(outcome).toEqual({ ran: false, violated: 'script-src-elem' });
    expect(complaints.some((c) => c.includes('script-src'))).toBe(true);
  });
});

describe('framing by a page that is not Teams', () => {
  let reachable: TestPolku;
  let other: http.Server;
  let otherUrl = '';

  beforeAll(async () => {
    // With a bot identity, as every server Teams uses: only 'self' and the Teams hosts may frame it.
    reachable = await startTestPolku({
      POLKU_DEMO: 'on',
      POLKU_HOST: '127.0.0.1',
      MicrosoftAppId: '00000000-1111-2222-3333-444444444444',
      MicrosoftAppPassword: 'not-a-real-secret',
    });
    other = http.createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end(
        `<!doctype html><title>Not Teams</title><iframe id="app" title="Polku" src="${reachable.url}/tab/"></iframe>`,
      );
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise((resolve) => other?.close(resolve));
    await reachable?.stop();
  });

  it('is refused by the browser (frame-ancestors): the tab never loads in it', async () => {
    const page = await context.newPage();
    const complaints = policyComplaints(page);
    await page.goto(otherUrl);
    await eventually(
      async () => complaints,
      (c) => expect(c.some((line) => line.includes('frame-ancestors'))).toBe(true),
    );
    const frame = page.frames().find((f) => f !== page.mainFrame());
    // Chromium leaves the frame on an error page of its own: none of the tab's content or script.
    expect(await frame?.evaluate(() => document.querySelector('#root'))).toBeFalsy();
  });
});
