/**
 * The demo data as `npm start` loads it, on the real Azurite: the seed pilots as they ran (the
 * parish drop-in's moves and Kela joining it), zero counts kept, and a second load that changes
 * nothing.
 */
import { DEMO_TEAM, DEMO_USER_ID } from '../../bot/demo/constants';
import { demoEditKey, demoPilotId, loadDemoData } from '../../bot/demo/load';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import type { HistoryEntry } from '../../bot/domain/history';
import { sessionPlace } from '../../bot/domain/pilotEdit';
import type { PilotPlan } from '../../bot/domain/pilots';
import { SESSION_FORMS } from '../../bot/domain/sessions';
import { createLogger } from '../../bot/log';
import { PilotStore } from '../../bot/storage/pilots';
import { freshStore } from '../harness/storage';

const log = createLogger('silent');
const now = new Date('2026-03-02T08:00:00.000Z');
const PARISH = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;
const PARISH_ID = demoPilotId(PARISH.key);
const HALL = PARISH.plan.place;
const DISTRICTS = 'Diakonien päivystys, alueiden seurakuntakodit';

let store: PilotStore;
beforeAll(async () => {
  store = new PilotStore(await freshStore());
  expect(await loadDemoData(store, log, now)).toBe(SEED_PILOTS.length);
});

/** Everything a load could add or change: each pilot's version, sessions and history. */
async function snapshot(s: PilotStore) {
  const out: Record<string, unknown> = {};
  for (const seed of SEED_PILOTS) {
    const id = demoPilotId(seed.key);
    const summary = await s.getPilot(id);
    out[id] = {
      version: summary?.version,
      pilot: summary?.pilot,
      totals: summary?.totals,
      sessions: await s.listSessions(id),
      history: await s.listHistory(id),
    };
  }
  return out;
}

const planOf = (json: string) => JSON.parse(json) as PilotPlan;
const edits = (history: HistoryEntry[]) => history.filter((h) => h.what === 'pilotEdited');

describe('the demo data as loaded', () => {
  it('the parish sessions have the place and partners of their era: hall, districts, back at the hall with Kela', async () => {
    const { pilot } = (await store.getPilot(PARISH_ID))!;
    expect(pilot.plan).toMatchObject({ place: HALL, partners: ['parish', 'kela'] });
    const sessions = (await store.listSessions(PARISH_ID)).sort((a, b) => a.date.localeCompare(b.date));
    expect(sessions).toHaveLength(PARISH.sessions.length);
    const eraOf = (date: string) =>
      date < '2017-11-10'
        ? [HALL, ['parish']]
        : date < '2018-01-01'
          ? [DISTRICTS, ['parish']]
          : [HALL, ['parish', 'kela']];
    for (const s of sessions) {
      // Logged on its own day, not on the day of the load.
      expect(s.loggedAt.slice(0, 10)).toBe(s.date);
      const { place, partners } = sessionPlace(pilot, s);
      expect([s.date, place, partners]).toEqual([s.date, ...eraOf(s.date)]);
    }
    expect(sessions.filter((s) => sessionPlace(pilot, s).place === DISTRICTS).map((s) => s.date)).toEqual([
      '2017-11-13',
      '2017-11-20',
      '2017-11-27',
    ]);
  });

  it("the parish drop-in's history has the two edits, from → to, between its phases in date order", async () => {
    const history = await store.listHistory(PARISH_ID);
    expect(history.map((h) => [h.what, h.phase ?? null])).toEqual([
      ['pilotCreated', 'start'],
      ['phaseSaved', 'midpoint'],
      ['pilotEdited', null],
      ['pilotEdited', null],
      ['phaseSaved', 'end'],
    ]);
    expect(history.map((h) => h.at)).toEqual(history.map((h) => h.at).sort());
    const [toDistricts, back] = edits(history);
    expect(toDistricts.at).toBe(PARISH.edits![0].at);
    expect(back.at).toBe(PARISH.edits![1].at);
    for (const e of [toDistricts, back]) expect(e.edits!.map((c) => c.field)).toEqual(['plan']);
    const [d] = toDistricts.edits!;
    expect([planOf(d.from).place, planOf(d.from).partners]).toEqual([HALL, ['parish']]);
    expect([planOf(d.to).place, planOf(d.to).partners]).toEqual([DISTRICTS, ['parish']]);
    const [b] = back.edits!;
    expect([planOf(b.from).place, planOf(b.from).partners]).toEqual([DISTRICTS, ['parish']]);
    expect([planOf(b.to).place, planOf(b.to).partners]).toEqual([HALL, ['parish', 'kela']]);
    // Only the place and partners moved: the rest of the plan is as it was.
    expect({ ...planOf(b.to), place: '', partners: [] }).toEqual({ ...PARISH.plan, place: '', partners: [] });
  });

  it('every pilot is created on its start date, its phases saved on their dates, with its stage and decision', async () => {
    for (const seed of SEED_PILOTS) {
      const id = demoPilotId(seed.key);
      const { pilot, totals } = (await store.getPilot(id))!;
      expect(pilot).toMatchObject({ stage: seed.stage, createdAt: `${seed.startDate}T08:00:00.000Z` });
      expect(pilot.decision).toBe(seed.decision);
      expect(totals.sessions).toBe(seed.sessions.length);
      const history = await store.listHistory(id);
      const phaseDay = { start: seed.startDate, midpoint: seed.midpointDate, end: seed.endDate };
      for (const h of history.filter((x) => x.phase)) expect(h.at.slice(0, 10)).toBe(phaseDay[h.phase!]);
      expect(edits(history)).toHaveLength(seed.edits?.length ?? 0);
    }
  });

  it('the targets are kept, through the edits too', async () => {
    for (const seed of SEED_PILOTS) {
      const { pilot } = (await store.getPilot(demoPilotId(seed.key)))!;
      expect([seed.key, pilot.targets]).toEqual([seed.key, seed.targets]);
    }
  });

  it('the Turku shopping-centre sessions keep their zero counts: 0 present, not absent', async () => {
    const id = demoPilotId('turku-shopping-centre-service-point');
    const sessions = await store.listSessions(id);
    expect(sessions.length).toBeGreaterThanOrEqual(10);
    for (const s of sessions) {
      expect(Object.keys(s.counts)).toEqual(expect.arrayContaining(SESSION_FORMS.dropIn.counts));
      expect(s.counts).toHaveProperty('visitors', 0);
      for (const k of SESSION_FORMS.dropIn.counts) expect(s.counts[k]).toBe(0);
    }
    const { totals } = (await store.getPilot(id))!;
    expect(totals.counts.visitors).toBe(0);
  });

  it('the Kela consultation keeps its topics', async () => {
    const seed = SEED_PILOTS.find((p) => p.kind === 'kelaConsultation')!;
    const sessions = (await store.listSessions(demoPilotId(seed.key))).sort((a, b) => a.date.localeCompare(b.date));
    expect(sessions.map((s) => s.tags ?? [])).toEqual(seed.sessions.map((s) => s.tags ?? []));
  });
});

describe('loading again', () => {
  it('a second load adds and changes nothing: same pilots, versions, sessions and history', async () => {
    const before = await snapshot(store);
    expect(await loadDemoData(store, log, now)).toBe(0);
    expect(await store.listTeamPilots(DEMO_TEAM)).toHaveLength(SEED_PILOTS.length);
    expect(await snapshot(store)).toEqual(before);
  });

  it('a pilot gone missing is written again; the others are left as they are', async () => {
    const s = new PilotStore(await freshStore());
    expect(await loadDemoData(s, log, now)).toBe(SEED_PILOTS.length);
    const other = SEED_PILOTS.find((p) => p.key === 'turku-advice-chat')!;
    await s.deletePilot(demoPilotId(other.key));
    const before = await snapshot(s);
    expect(await loadDemoData(s, log, new Date('2026-03-03T08:00:00.000Z'))).toBe(1);
    const after = await snapshot(s);
    for (const seed of SEED_PILOTS.filter((p) => p !== other))
      expect(after[demoPilotId(seed.key)]).toEqual(before[demoPilotId(seed.key)]);
    expect((await s.getPilot(demoPilotId(other.key)))!.totals.sessions).toBe(other.sessions.length);
  });

  it("a load that walks the parish drop-in's steps again applies no edit twice and re-adds nothing", async () => {
    const s = new PilotStore(await freshStore());
    await loadDemoData(s, log, now);
    // Someone deleted a district session in the demo team: the parish drop-in no longer shows in
    // full, so the next load goes through its sessions, edits and phases once more.
    const deleted = await s.deleteSession({
      pilotId: PARISH_ID,
      sessionId: `${PARISH.key}-005`,
      by: DEMO_USER_ID,
      at: '2026-03-02T09:00:00.000Z',
      idempotencyKey: 'someone-deletes-a-session',
    });
    expect(deleted.status).toBe('deleted');
    const before = await snapshot(s);
    expect(await loadDemoData(s, log, new Date('2026-03-03T08:00:00.000Z'))).toBe(0);
    expect(await snapshot(s)).toEqual(before);
    expect(edits(await s.listHistory(PARISH_ID))).toHaveLength(2);
    expect((await s.getPilot(PARISH_ID))!.totals.sessions).toBe(PARISH.sessions.length - 1);
  });

  it('an edit whose history entry is there is not applied again, even under a new load', async () => {
    const s = new PilotStore(await freshStore());
    await loadDemoData(s, log, now);
    // The same edit sent again, as a load that lost track of it would: the store calls it a repeat.
    const current = (await s.getPilot(PARISH_ID))!;
    const again = await s.editPilot({
      pilotId: PARISH_ID,
      expectedVersion: current.version!,
      change: (p) => ({ ...p, plan: { ...p.plan, place: DISTRICTS } }),
      by: 'someone',
      at: PARISH.edits![0].at,
      idempotencyKey: demoEditKey(PARISH.key, 1),
    });
    expect(again.status).toBe('duplicate');
    expect((await s.getPilot(PARISH_ID))!.version).toBe(current.version);
  });
});
