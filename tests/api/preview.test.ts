/** The tab's API: every call authenticated; local preview only from loopback, only without Entra. */
import { isoWeek } from '../../bot/domain/sessions';
import { HEADLINE } from '../../bot/domain/headline';
import { Workbook } from 'exceljs';
import type { OverviewResponse, PilotDetail, SessionPage } from '../../bot/api/contract';
import { strings } from '../../bot/i18n';
import { DEMO_TEAM, DEMO_TEAM_NAME, DEMO_USER_ID, DEMO_USER_NAME } from '../../bot/demo/constants';
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
    expect(await res.json()).toEqual({
      userId: DEMO_USER_ID,
      tenantId: DEMO_TEAM.tenantId,
      preview: true,
      teams: [{ ...DEMO_TEAM, name: DEMO_TEAM_NAME }],
    });
  });

  it("lists the demo team's seed pilots with realised sessions × hours", async () => {
    const res = await fetch(`${polku.url}${teamPath(DEMO_TEAM)}`);
    const body = (await res.json()) as OverviewResponse;
    expect(body.pilots.map((p) => p.name).sort()).toEqual(SEED_PILOTS.map((p) => p.name).sort());
    const parish = body.pilots.find((p) => p.id === 'demo-raisio-parish-dropin')!;
    const seed = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;
    expect(parish.totals.sessions).toBe(seed.sessions.length);
  });

  it('the overview has each pilot on its timeline, with measures from the running totals', async () => {
    const res = await fetch(`${polku.url}${teamPath(DEMO_TEAM)}`);
    // Kept by the browser for this person only, and revalidated by its ETag on every load.
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    const body = (await res.json()) as OverviewResponse;
    expect(body.team).toEqual({ ...DEMO_TEAM, name: DEMO_TEAM_NAME });
    const parish = body.pilots.find((p) => p.id === 'demo-raisio-parish-dropin')!;
    expect(parish).toMatchObject({
      stage: 'end',
      decision: 'continueChanged',
      phases: { start: 'done', midpoint: 'done', end: 'done' },
      mainCount: 'wantedToTalk',
      owners: [{ id: DEMO_USER_ID, name: DEMO_USER_NAME }],
    });
    expect(parish.totals.hours).toBe(20);
    expect(parish.totals.plannedSessions).toBeGreaterThanOrEqual(10);
    expect(parish.totals.lastSessionDate).toMatch(/^2018-/);
    expect(parish.totals.headline).toEqual([
      {
        key: 'wantedToTalkPerHour',
        unit: 'rate',
        value: expect.closeTo((parish.totals.counts.wantedToTalk ?? 0) / 20),
        sessions: parish.totals.sessions,
      },
    ]);
    expect(parish.trend).toHaveLength(8);
    // It ended in 2018: its chart shows its own last weeks, not eight empty weeks before today.
    expect(parish.trend.reduce((n, w) => n + w.sessions, 0)).toBeGreaterThan(0);
    expect(parish.trend.at(-1)!.week <= isoWeek(parish.endDate)).toBe(true);
    // A pilot that never reached its end phase, long past its dates, has it overdue.
    const mylly = body.pilots.find((p) => p.id === 'demo-raisio-mylly-shopping-centre')!;
    expect(mylly.phases.end).toBe('overdue');
  });

  it('every demo pilot has its own kind\'s headline figure, and none reads 0 for "not applicable"', async () => {
    const body = (await (await fetch(`${polku.url}${teamPath(DEMO_TEAM)}`)).json()) as OverviewResponse;
    const phone = body.pilots.find((p) => p.kind === 'phoneAdvisory')!;
    expect(phone.totals.headline.map((h) => h.key)).toEqual(['callsPerHour', 'callsPerDay', 'handledAtOnceShare']);
    expect(phone.totals.headline[0].value).toBeGreaterThan(0);
    for (const p of body.pilots) {
      expect({ pilot: p.id, keys: p.totals.headline.map((h) => h.key) }).toEqual({
        pilot: p.id,
        keys: [...HEADLINE[p.kind]],
      });
      // A figure is a number only when its counts were recorded and there is something to divide by.
      for (const h of p.totals.headline) {
        if (p.totals.sessions === 0)
          expect({ pilot: p.id, figure: h.key, value: h.value }).toEqual({ pilot: p.id, figure: h.key, value: null });
      }
    }
  });

  it('a reload that changed nothing is a 304 (overview and pilot page)', async () => {
    for (const path of [teamPath(DEMO_TEAM), '/api/pilots/demo-raisio-parish-dropin']) {
      const first = await fetch(`${polku.url}${path}`);
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^W\/"/);
      const again = await fetch(`${polku.url}${path}`, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
      expect(await again.text()).toBe('');
      const other = await fetch(`${polku.url}${path}`, { headers: { 'if-none-match': 'W/"something-else"' } });
      expect(other.status).toBe(200);
    }
  });

  it("'my pilots' are the demo user's own, across teams", async () => {
    const body = (await (await fetch(`${polku.url}/api/me/pilots`)).json()) as OverviewResponse;
    expect(body.team).toBeNull();
    expect(body.pilots).toHaveLength(SEED_PILOTS.length);
  });

  it('the pilot page has the three phases with their answers, and the history', async () => {
    const detail = (await (await fetch(`${polku.url}/api/pilots/demo-raisio-parish-dropin`)).json()) as PilotDetail;
    const seed = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;
    expect(detail.phases.start?.answers).toEqual(seed.evaluations.start);
    expect(detail.phases.midpoint?.answers).toEqual(seed.evaluations.midpoint);
    expect(detail.phases.end).toMatchObject({ answers: seed.evaluations.end, decision: 'continueChanged' });
    // "Continue changed": carried on by the three-partner drop-in at the central parish hall.
    const successor = SEED_PILOTS.find((p) => p.key === seed.successorKey)!;
    expect(detail.phases.end?.decisionDetail).toEqual({
      reason: seed.decisionReason,
      date: seed.endDate,
      successor: { id: `demo-${successor.key}`, name: successor.name },
    });
    // Oldest first: the pilot moved to the districts after its midpoint and back with Kela before its end.
    expect(detail.history.map((h) => [h.what, h.phase])).toEqual([
      ['pilotCreated', 'start'],
      ['phaseSaved', 'midpoint'],
      ['pilotEdited', null],
      ['pilotEdited', null],
      ['phaseSaved', 'end'],
    ]);
    expect(detail.history[0].by).toEqual({ id: DEMO_USER_ID, name: DEMO_USER_NAME });
  });

  it('sessions come in pages of at most 100, sorted as asked; bad values are a 400', async () => {
    const page = async (q: string) => fetch(`${polku.url}/api/pilots/demo-raisio-parish-dropin/sessions${q}`);
    const last = (await (await page('?offset=8&limit=4&sort=date')).json()) as SessionPage;
    expect(last).toMatchObject({ total: 10, offset: 8, limit: 4 });
    expect(last.items.map((s) => s.date)).toEqual([...last.items.map((s) => s.date)].sort());
    expect(last.items).toHaveLength(2);
    const first = await page('');
    expect(first.headers.get('cache-control')).toBe('no-store');
    const newest = (await first.json()) as SessionPage;
    expect(newest.items[0].date > newest.items[newest.items.length - 1].date).toBe(true);
    expect(newest.items[0]).toMatchObject({ hours: 2, loggedBy: { id: DEMO_USER_ID } });
    for (const q of ['?limit=101', '?limit=0', '?offset=-1', '?offset=abc', '?sort=name', '?limit=5&limit=6']) {
      const res = await page(q);
      expect([q, res.status]).toEqual([q, 400]);
      expect(await res.json()).toEqual({ error: 'badRequest' });
    }
    expect((await fetch(`${polku.url}/api/pilots/no-such-pilot/sessions`)).status).toBe(404);
  });

  it('the sessions export as CSV opens in Finnish Excel: BOM, `;`, Finnish headers, a safe file name', async () => {
    const res = await fetch(`${polku.url}/api/pilots/demo-raisio-parish-dropin/export?what=sessions&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="Sosiaalityontekijoiden-jalkautuminen-seurakunnan-/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toBe(
      'Sosiaalityöntekijöiden jalkautuminen seurakunnan päivystykseen - sessions.csv',
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    const fi = strings('fi').session;
    expect(lines[0].split(';').slice(0, 3)).toEqual([fi.fields.date, fi.fields.hours, fi.countLabels.visitors]);
    expect(lines[1]).toMatch(/^2017-10-16;2;8;8;1;/);
    expect(lines.filter(Boolean)).toHaveLength(11);
  });

  it('the export follows the language asked (?locale or Accept-Language); an unknown one is a 400', async () => {
    const url = `${polku.url}/api/pilots/demo-raisio-parish-dropin/export?what=sessions&format=csv`;
    const firstLine = async (res: Response) => (await res.text()).replace(/^\uFEFF/, '').split('\r\n')[0];
    expect(await firstLine(await fetch(url, { headers: { 'accept-language': 'sv-FI,sv;q=0.9,fi;q=0.8' } }))).toMatch(
      new RegExp(`^${strings('sv').session.fields.date};`),
    );
    expect(await firstLine(await fetch(`${url}&locale=en`))).toMatch(/^Date;Time spent \(hours\);/);
    for (const q of ['&locale=de', '&format=pdf', '&what=everything']) {
      expect((await fetch(`${url}${q}`)).status).toBe(400);
    }
  });

  it('the Excel exports read back with exceljs: sessions as numbers and dates, evaluations by phase', async () => {
    const base = `${polku.url}/api/pilots/demo-raisio-parish-dropin/export?format=xlsx`;
    const sessions = await fetch(`${base}&what=sessions`);
    expect(sessions.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(sessions.headers.get('content-disposition')).toMatch(/^attachment; filename=".*\.xlsx"/);
    const wb = new Workbook();
    await wb.xlsx.load(await sessions.arrayBuffer());
    const sheet = wb.worksheets[0];
    expect(sheet.rowCount).toBe(11);
    expect(sheet.getRow(1).getCell(1).value).toBe('Päivämäärä');
    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toEqual(new Date(Date.UTC(2017, 9, 16)));
    expect(first.getCell(2).value).toBe(2);
    expect(first.getCell(3).value).toBe(8);

    const evaluations = await fetch(`${base}&what=evaluations&locale=fi`);
    const wb2 = new Workbook();
    await wb2.xlsx.load(await evaluations.arrayBuffer());
    const rows = wb2.worksheets[0].getSheetValues().filter(Boolean) as unknown[][];
    const t = strings('fi');
    expect(rows.map((r) => r[1])).toEqual([t.pilotCard.phase, t.phases.start, t.phases.midpoint, t.phases.end]);
    expect(rows[1][2]).toBe(SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!.evaluations.start!.targetGroup);
  });

  it('a pilot that does not exist is a 404 naming nothing', async () => {
    const res = await fetch(`${polku.url}/api/pilots/no-such-pilot`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'notFound' });
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
