/**
 * A team's overview in pages (issue 19): ?offset&limit give a slice of the pilots in the overview's
 * order (by name) with `total`; without them the whole list, as before; a bad value is a 400; each
 * page has an ETag of its own. Real server, real Azurite, the local preview's demo team.
 */
import type { OverviewResponse } from '../../bot/api/contract';
import { OverviewWriter } from '../../bot/api/overviews';
import { overviewOf } from '../../bot/api/views';
import { DEMO_TEAM } from '../../bot/demo/constants';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { PilotStore } from '../../bot/storage/pilots';
import { seedManyPilots } from '../tab/seed';
import { startTestPolku, type TestPolku } from '../harness/polku';

const path = `/api/teams/${encodeURIComponent(DEMO_TEAM.tenantId)}/${encodeURIComponent(DEMO_TEAM.teamId)}/pilots`;
const EXTRA = 30;

let polku: TestPolku;
let whole: OverviewResponse;

beforeAll(async () => {
  polku = await startTestPolku({ POLKU_DEMO: 'on' });
  await seedManyPilots(new PilotStore(polku.store), DEMO_TEAM, { count: EXTRA, sessions: 1, prefix: 'paging' });
  whole = (await (await fetch(`${polku.url}${path}`)).json()) as OverviewResponse;
});
afterAll(() => polku?.stop());

const names = (r: OverviewResponse) => r.pilots.map((p) => p.name);
const overview = async () => (await (await fetch(`${polku.url}${path}`)).json()) as OverviewResponse;

it('without offset or limit, the whole list by name, and its total', () => {
  expect(whole.pilots).toHaveLength(SEED_PILOTS.length + EXTRA);
  expect(whole.total).toBe(SEED_PILOTS.length + EXTRA);
  expect(names(whole)).toEqual([...names(whole)].sort((a, b) => a.localeCompare(b, 'fi')));
});

it('offset and limit give that slice of the same order, with the total of all pilots', async () => {
  for (const [offset, limit] of [
    [0, 10],
    [10, 10],
    [35, 10],
    [0, 1000],
  ]) {
    const res = await fetch(`${polku.url}${path}?offset=${offset}&limit=${limit}`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as OverviewResponse;
    expect({ offset, limit, names: names(page), total: page.total, team: page.team }).toEqual({
      offset,
      limit,
      names: names(whole).slice(offset, offset + limit),
      total: whole.total,
      team: whole.team,
    });
  }
  // The pages put together are the whole list, each pilot once.
  const first = (await (await fetch(`${polku.url}${path}?offset=0&limit=25`)).json()) as OverviewResponse;
  const rest = (await (await fetch(`${polku.url}${path}?offset=25`)).json()) as OverviewResponse;
  expect([...names(first), ...names(rest)]).toEqual(names(whole));
  // Past the end: no pilots, the total still said.
  const past = (await (await fetch(`${polku.url}${path}?offset=500&limit=10`)).json()) as OverviewResponse;
  expect({ pilots: past.pilots, total: past.total }).toEqual({ pilots: [], total: whole.total });
});

it('a bad offset or limit is a 400 with the error named', async () => {
  for (const q of ['offset=-1', 'offset=x', 'limit=0', 'limit=1001', 'limit=2.5', 'offset=1&offset=2', 'limit=']) {
    const res = await fetch(`${polku.url}${path}?${q}`);
    expect({ q, status: res.status, body: await res.json() }).toEqual({
      q,
      status: 400,
      body: { error: 'badRequest' },
    });
  }
});

it('each page has an ETag of its own, answered 304 when unchanged', async () => {
  const url = (q: string) => `${polku.url}${path}?${q}`;
  const a = await fetch(url('offset=0&limit=10'));
  const b = await fetch(url('offset=10&limit=10'));
  const all = await fetch(`${polku.url}${path}`);
  const tags = [a, b, all].map((r) => r.headers.get('etag'));
  expect(new Set(tags).size).toBe(3);
  const again = await fetch(url('offset=0&limit=10'), { headers: { 'If-None-Match': tags[0]! } });
  expect(again.status).toBe(304);
  // Another page's tag does not answer for this one.
  const other = await fetch(url('offset=0&limit=10'), { headers: { 'If-None-Match': tags[1]! } });
  expect(other.status).toBe(200);
});

it('reads storage once: the team row and the index rows in one query of the team partition', async () => {
  const requests: string[] = [];
  const policy = 'overviewRequestCounter';
  const client = polku.store.table('teams').client;
  client.pipeline.addPolicy({
    name: policy,
    sendRequest: (request, next) => {
      requests.push(request.method);
      return next(request);
    },
  });
  try {
    const res = await fetch(`${polku.url}${path}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as OverviewResponse).team).toEqual(whole.team);
  } finally {
    client.pipeline.removePolicy({ name: policy });
  }
  expect(requests).toEqual(['GET']);
});

it('asked again after a pilot changed, it shows the change, the other pilots as they were', async () => {
  const store = new PilotStore(polku.store);
  const before = await overview();
  const target = before.pilots.find((p) => p.name.endsWith('#1'))!;
  await store.recordSession(
    {
      id: 'paging-again',
      pilotId: target.id,
      date: target.startDate,
      hours: 2,
      counts: {},
      loggedBy: '3c4f8a1e-2b6d-4e7f-9a0b-1c2d3e4f5a6b',
      loggedAt: new Date().toISOString(),
    },
    'paging-again',
  );
  await store.index.settle(target.id);
  const after = await overview();
  const of = (r: OverviewResponse, id: string) => r.pilots.find((p) => p.id === id)!;
  expect(of(after, target.id).totals.sessions).toBe(of(before, target.id).totals.sessions + 1);
  expect(after.pilots.filter((p) => p.id !== target.id)).toEqual(before.pilots.filter((p) => p.id !== target.id));
});

it("a pilot's overview kept from one day is not the next day's: each day's is as made afresh", async () => {
  const listing = await new PilotStore(polku.store).teamListing(DEMO_TEAM);
  const writer = new OverviewWriter();
  const fresh = (today: string) =>
    listing.pilots
      .map((p) => overviewOf(p.summary(), whole.team!, today))
      .sort((a, b) => a.name.localeCompare(b.name, 'fi'));
  for (const today of ['2017-10-02', '2017-10-02', '2027-06-01']) {
    expect(writer.written(listing, whole.team!, today).map((o) => JSON.parse(o.json) as unknown)).toEqual(fresh(today));
  }
  expect(fresh('2017-10-02')).not.toEqual(fresh('2027-06-01'));
});
