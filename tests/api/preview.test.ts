/** The tab's API: every call authenticated; local preview only from loopback, only without Entra. */
import { DEMO_TEAM } from '../../bot/demo/constants';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { startTestPolku, type TestPolku } from '../harness/polku';

const teamPath = (t: { tenantId: string; teamId: string }) =>
  `/api/teams/${encodeURIComponent(t.tenantId)}/${encodeURIComponent(t.teamId)}/pilots`;

describe('local preview mode (no Entra app configured)', () => {
  let polku: TestPolku;
  beforeAll(async () => {
    polku = await startTestPolku({ POLKU_DEMO: 'on' });
  });
  afterAll(() => polku.stop());

  it('a loopback request is the demo user, in the demo team, and says it is a preview', async () => {
    const res = await fetch(`${polku.url}/api/me`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ preview: true, teams: [DEMO_TEAM] });
  });

  it("lists the demo team's seed pilots with realised sessions × hours", async () => {
    const res = await fetch(`${polku.url}${teamPath(DEMO_TEAM)}`);
    const pilots = (await res.json()) as { id: string; name: string; totals: { realised: { sessions: number } } }[];
    expect(pilots.map((p) => p.name).sort()).toEqual(SEED_PILOTS.map((p) => p.name).sort());
    const parish = pilots.find((p) => p.id === 'demo-raisio-parish-dropin')!;
    const seed = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;
    expect(parish.totals.realised.sessions).toBe(seed.sessions.length);
  });

  it('a request that came through a proxy or tunnel is refused, even from loopback', async () => {
    const res = await fetch(`${polku.url}/api/me`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(res.status).toBe(401);
  });

  it("another team's pilots are refused (403), and the answer names no pilot", async () => {
    const res = await fetch(
      `${polku.url}${teamPath({ tenantId: DEMO_TEAM.tenantId, teamId: '19:other@thread.tacv2' })}`,
    );
    expect(res.status).toBe(403);
    const text = await res.text();
    for (const p of SEED_PILOTS) expect(text).not.toContain(p.name);
  });
});

describe('with an Entra app configured', () => {
  let polku: TestPolku;
  beforeAll(async () => {
    polku = await startTestPolku({ POLKU_DEMO: 'on', AAD_APP_CLIENT_ID: '11111111-2222-3333-4444-555555555555' });
  });
  afterAll(() => polku.stop());

  it('preview mode is off: a request without a token is refused, even from loopback', async () => {
    expect((await fetch(`${polku.url}/api/me`)).status).toBe(401);
    const res = await fetch(`${polku.url}${teamPath(DEMO_TEAM)}`);
    expect(res.status).toBe(401);
    const text = await res.text();
    for (const p of SEED_PILOTS) expect(text).not.toContain(p.name);
  });

  it('the tab page itself is served (it explains that it must be opened in Teams)', async () => {
    const res = await fetch(`${polku.url}/tab/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root">');
  });
});
