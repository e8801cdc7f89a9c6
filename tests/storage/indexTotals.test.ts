/**
 * The team index row keeps only what the overview shows (domain/totals.ts indexTotals): a pilot's
 * whole-pilot figures and its last weeks, each with sessions, hours and the main count. On real
 * Azurite: the row written holds only those weeks; the overview, its trend, the team export's
 * pilots sheet and the weekly digest read from it are those read from the pilot's own totals; a
 * row written before the cut is read the same and is cut when next written.
 */
import { randomUUID } from 'node:crypto';
import type { TeamSummary } from '../../bot/api/contract';
import { teamPilotsTable } from '../../bot/api/teamExport';
import { overviewOf } from '../../bot/api/views';
import { withWeek } from '../../bot/application/reminders/digest';
import { addDays } from '../../bot/domain/calendar';
import { reportedWeekOf, weeklyDigest } from '../../bot/domain/digest';
import type { Pilot, TeamRef } from '../../bot/domain/pilots';
import { type Counts, isoWeek, type Session } from '../../bot/domain/sessions';
import { holdsWeek, indexTotals, type Totals } from '../../bot/domain/totals';
import { ROW, teamKey } from '../../bot/storage/keys';
import { PilotStore, type PilotSummary } from '../../bot/storage/pilots';
import { columnsOf, type TableStore } from '../../bot/storage/tables';
import { freshStore } from '../harness/storage';

let store: TableStore;
let pilots: PilotStore;
const team: TeamRef = { tenantId: 'tenant-index', teamId: `19:${randomUUID()}@thread.tacv2` };
const summary: TeamSummary = { ...team, name: 'Raision aikuissosiaalityö' };

const basePilot = (over: Partial<Pilot>): Pilot => ({
  id: randomUUID(),
  team,
  name: 'Sosiaalityöntekijä seurakunnan päivystyksessä',
  municipality: 'Raisio',
  kind: 'dropIn',
  plan: {
    weekdays: [1, 3],
    startTime: '10:00',
    hoursPerSession: 2,
    place: 'Diakonien päivystys',
    partners: ['parish'],
  },
  startDate: '2026-01-05',
  midpointDate: '2026-06-15',
  endDate: '2026-12-18',
  owners: ['owner-1'],
  stage: 'start',
  createdBy: 'owner-1',
  createdAt: '2026-01-02T08:00:00.000Z',
  ...over,
});

/** A drop-in on Mondays and Wednesdays for 40 weeks (weeks 35 and 37 missed), its last session on Wednesday 7 October 2026. */
const dropIn = basePilot({});
/** A phone line on Tuesdays and Thursdays from July, its last session on Monday 12 October 2026, a day ahead of Sunday's readers. */
const phone = basePilot({
  name: 'Puhelinneuvonta',
  municipality: 'Naantali',
  kind: 'phoneAdvisory',
  plan: { weekdays: [2, 4], startTime: '09:00', hoursPerSession: 3, place: '', partners: [] },
  startDate: '2026-07-07',
  midpointDate: '2026-09-01',
  endDate: '2026-11-30',
});

const session = (pilot: Pilot, date: string, i: number): Session => {
  const counts: Counts =
    pilot.kind === 'dropIn'
      ? { visitors: 5 + (i % 9), offeredTalk: 4, wantedToTalk: (i * 7) % 5, declined: 4 - ((i * 7) % 5) }
      : { calls: 10 + (i % 13), handledAtOnce: 6 + (i % 4), passedOn: 4 };
  return {
    id: randomUUID(),
    pilotId: pilot.id,
    date,
    hours: i % 3 === 0 ? 1.5 : 2,
    counts,
    ...(i % 4 === 0 ? { tags: ['topic:housingAllowance'] } : {}),
    loggedBy: 'owner-1',
    loggedAt: `${date}T12:00:00.000Z`,
  };
};

async function record(pilot: Pilot, dates: string[]): Promise<void> {
  for (const [i, date] of dates.entries()) {
    expect((await pilots.recordSession(session(pilot, date, i), randomUUID())).recorded).toBe(true);
  }
}

const own = async (p: Pilot): Promise<PilotSummary> => (await pilots.getPilot(p.id))!;
const indexed = async (p: Pilot): Promise<PilotSummary> =>
  (await pilots.listTeamPilots(team)).find((s) => s.pilot.id === p.id)!;
const indexRow = async (p: Pilot) => (await store.table('teams').get(teamKey(team), ROW.pilotIndex(p.id)))!;

beforeAll(async () => {
  store = await freshStore();
  pilots = new PilotStore(store);
  await pilots.ensureTeam(team, { name: summary.name });
  for (const p of [dropIn, phone]) {
    const r = await pilots.createPilotWithStart(p, { answers: {}, by: 'owner-1', at: p.createdAt });
    expect(r.created).toBe(true);
  }
  const dropInDates = Array.from({ length: 40 }, (_, w) => w)
    .filter((w) => w !== 35 && w !== 37)
    .flatMap((w) => [addDays('2026-01-05', 7 * w), addDays('2026-01-07', 7 * w)]);
  await record(dropIn, dropInDates);
  const phoneDates = Array.from({ length: 14 }, (_, w) => [addDays('2026-07-07', 7 * w), addDays('2026-07-09', 7 * w)])
    .flat()
    .filter((d) => d < '2026-10-12');
  await record(phone, [...phoneDates, '2026-10-12']);
}, 30000);

it("the index row keeps the pilot's last nine weeks, each with its sessions, hours and main count only", async () => {
  const full = (await own(dropIn)).totals;
  expect(full.lastSessionDate).toBe('2026-10-07');
  expect(Object.keys(full.weeks)).toHaveLength(38);
  const row = await indexRow(dropIn);
  const stored = JSON.parse(String(row.totals)) as Totals;
  // From the week eight weeks before the last session's (W33) to that week (W41); W37 and W39 had none.
  expect(Object.keys(stored.weeks).sort()).toEqual([
    '2026-W33',
    '2026-W34',
    '2026-W35',
    '2026-W36',
    '2026-W38',
    '2026-W40',
    '2026-W41',
  ]);
  expect(row.weeksFrom).toBe('2026-W33');
  for (const [week, bucket] of Object.entries(stored.weeks)) {
    expect(bucket).toEqual({
      sessions: full.weeks[week].sessions,
      hours: full.weeks[week].hours,
      counts: { wantedToTalk: full.weeks[week].counts.wantedToTalk },
    });
  }
  // The whole-pilot figures stay whole.
  const { weeks: _w, ...figures } = full;
  expect(stored).toMatchObject(figures);
  expect(String(row.totals).length).toBeLessThan(JSON.stringify(full).length / 3);
});

it("the overview, its trend and the team export's pilots sheet read the same from the index as from the pilot's own totals", async () => {
  const fromIndex = await Promise.all([dropIn, phone].map(indexed));
  const fromOwn = await Promise.all([dropIn, phone].map(own));
  // Sunday 11 October: the phone line's last session is dated the next day (a sender's day ahead).
  for (const today of ['2026-10-11', '2026-10-12', '2026-11-09', '2026-12-31']) {
    fromIndex.forEach((s, i) => {
      const overview = overviewOf(s, summary, today);
      expect(overview).toEqual(overviewOf(fromOwn[i], summary, today));
      expect(overview.trend.some((w) => w.sessions > 0) || today > '2026-12-01').toBe(true);
    });
    expect(teamPilotsTable('fi', fromIndex, today)).toEqual(teamPilotsTable('fi', fromOwn, today));
  }
});

it('the weekly digest reads the same, and a week the index no longer holds is read from the pilot', async () => {
  const fromOwn = await Promise.all([dropIn, phone].map(own));
  const fromIndex = (await pilots.listTeamPilots(team)).filter((s) => [dropIn.id, phone.id].includes(s.pilot.id));
  for (const monday of ['2026-10-12', '2026-10-19', '2026-10-26', '2026-11-30', '2026-12-21', '2027-01-04']) {
    const listed = await withWeek(pilots, fromIndex, reportedWeekOf(monday));
    expect(listed).toEqual(fromIndex);
    expect(weeklyDigest(listed, monday, monday)).toEqual(weeklyDigest(fromOwn, monday, monday));
  }
  // Read in March (as a late sweep of an old row would), the drop-in's week is long cut from its index copy.
  const monday = '2026-03-02';
  expect(holdsWeek((await indexed(dropIn)).totals, reportedWeekOf(monday))).toBe(false);
  const expected = weeklyDigest(fromOwn, monday, monday);
  expect(expected.sessions.map((s) => s.pilot.id)).toEqual([dropIn.id]);
  const listed = await withWeek(pilots, fromIndex, reportedWeekOf(monday));
  expect(weeklyDigest(listed, monday, monday)).toEqual(expected);
});

it('an index row written before the cut reads as the cut copy, and is cut when next written', async () => {
  const p = basePilot({ name: 'Vanha rivi' });
  expect((await pilots.createPilotWithStart(p, { answers: {}, by: 'owner-1', at: p.createdAt })).created).toBe(true);
  await record(
    p,
    Array.from({ length: 20 }, (_, w) => addDays('2026-01-05', 7 * w)),
  );
  const full = (await own(p)).totals;
  // The row as Polku wrote it before: every week in full, no weeksFrom column.
  const row = await indexRow(p);
  const { weeksFrom: _cut, ...before } = columnsOf(row);
  await store.table('teams').replace({ ...before, totals: JSON.stringify(full), totalsChunks: 1 }, row.etag);
  expect(JSON.parse(String((await indexRow(p)).totals))).toEqual(full);

  const read = await indexed(p);
  expect(read.totals).toEqual(indexTotals(full));
  for (const today of ['2026-05-18', '2026-06-01']) {
    expect(overviewOf(read, summary, today)).toEqual(overviewOf(await own(p), summary, today));
  }

  await record(p, ['2026-05-20']);
  const after = await indexRow(p);
  expect(after.weeksFrom).toBe(isoWeek(addDays('2026-05-20', -56)));
  expect(Object.keys((JSON.parse(String(after.totals)) as Totals).weeks)).toHaveLength(9);
  expect((await indexed(p)).totals).toEqual(indexTotals((await own(p)).totals));
});
