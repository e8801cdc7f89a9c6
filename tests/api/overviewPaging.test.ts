/**
 * A team's overview in pages (issue 19): ?offset&limit give a slice of the pilots in the overview's
 * order (by name) with `total`; without them the whole list, as before; a bad value is a 400; each
 * page has an ETag of its own. Real server, real Azurite, the local preview's demo team.
 */
import type { OverviewResponse } from '../../bot/api/contract';
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
