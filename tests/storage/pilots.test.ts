/** Pilots, their creation with the start answers, sessions and running totals in Table Storage (real Azurite). */
import { randomUUID } from 'node:crypto';
import { DEMO_TEAM, DEMO_USER_ID } from '../../bot/demo/constants';
import { demoPilotId, pilotFromSeed, loadDemoData } from '../../bot/demo/load';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import type { Pilot, TeamRef } from '../../bot/domain/pilots';
import type { Session } from '../../bot/domain/sessions';
import { emptyTotals, indexTotals } from '../../bot/domain/totals';
import { createLogger } from '../../bot/log';
import { PilotStore } from '../../bot/storage/pilots';
import { freshStore, testConnectionString } from '../harness/storage';
import { TableStore } from '../../bot/storage/tables';

let pilots: PilotStore;
beforeAll(async () => {
  pilots = new PilotStore(await freshStore());
});

const team = (): TeamRef => ({ tenantId: 'tenant-a', teamId: `19:${randomUUID()}@thread.tacv2` });

function parishPilot(t: TeamRef, id: string = randomUUID()): Pilot {
  return {
    id,
    team: t,
    name: 'Sosiaalityöntekijöiden jalkautuminen seurakunnan päivystykseen',
    municipality: 'Raisio',
    kind: 'dropIn',
    plan: { weekdays: [1], startTime: '10:00', hoursPerSession: 2, place: 'Diakonien päivystys', partners: ['parish'] },
    startDate: '2017-10-16',
    midpointDate: '2017-11-13',
    endDate: '2018-01-29',
    owners: ['owner-1'],
    stage: 'start',
    createdBy: 'owner-1',
    createdAt: '2017-10-01T08:00:00.000Z',
  };
}

const startAnswers = {
  targetGroup: 'Diakonien päivystyksessä käyvät aikuiset',
  problem: 'Sosiaalityö ei tavoita asiakkaita, jotka eivät enää asioi sosiaalitoimistossa.',
};

/** Creates a pilot with its start answers, as the start card does. */
async function create(p: Pilot): Promise<Pilot> {
  const r = await pilots.createPilotWithStart(p, { answers: startAnswers, by: p.createdBy, at: p.createdAt });
  if (!r.created) throw new Error('expected a new pilot');
  return r.pilot;
}

const session = (pilotId: string, date: string, wantedToTalk: number): Session => ({
  id: randomUUID(),
  pilotId,
  date,
  hours: 2,
  counts: { visitors: 8, offeredTalk: 7, wantedToTalk, declined: 7 - wantedToTalk },
  loggedBy: 'owner-1',
  loggedAt: `${date}T12:00:00.000Z`,
});

describe('PilotStore', () => {
  it("lists a team's pilots, and only that team's", async () => {
    const a = team();
    const b = team();
    const p = await create(parishPilot(a));
    await create({ ...parishPilot(b), name: 'Toinen kokeilu' });
    const listed = await pilots.listTeamPilots(a);
    expect(listed.map((s) => s.pilot.name)).toEqual(['Sosiaalityöntekijöiden jalkautuminen seurakunnan päivystykseen']);
    expect(listed[0].pilot).toEqual(p);
    expect((await pilots.getPilot(p.id))?.pilot).toEqual(p);
  });

  it('records the four midpoint sessions and keeps totals: 4 × 2 hours, reach as logged', async () => {
    const t = team();
    const p = await create(parishPilot(t));
    const dates = ['2017-10-16', '2017-10-23', '2017-10-30', '2017-11-06'];
    const talks = [1, 0, 2, 1];
    for (const [i, d] of dates.entries()) {
      const r = await pilots.recordSession(session(p.id, d, talks[i]), `key-${i}`);
      expect(r.recorded).toBe(true);
    }
    const { totals } = (await pilots.getPilot(p.id))!;
    expect(totals).toMatchObject({ sessions: 4, hours: 8, lastSessionDate: '2017-11-06' });
    expect(totals.counts).toMatchObject({ wantedToTalk: 4, visitors: 32, declined: 24 });
    expect(Object.keys(totals.weeks)).toEqual(['2017-W42', '2017-W43', '2017-W44', '2017-W45']);
    // The team's overview row carries the same totals, its weeks with their main counts only.
    const [listed] = await pilots.listTeamPilots(t);
    expect(listed.totals).toEqual(indexTotals(totals));
    expect(await pilots.listSessions(p.id)).toHaveLength(4);
  });

  it('a redelivered submit (same idempotency key) records one session', async () => {
    const p = await create(parishPilot(team()));
    const s = session(p.id, '2017-10-16', 1);
    expect((await pilots.recordSession(s, 'same')).recorded).toBe(true);
    expect(await pilots.recordSession({ ...s, id: randomUUID() }, 'same')).toEqual({
      recorded: false,
      duplicate: true,
    });
    expect((await pilots.getPilot(p.id))!.totals.sessions).toBe(1);
    expect(await pilots.listSessions(p.id)).toHaveLength(1);
  });

  it('concurrent submits for one pilot: each recorded once, duplicates dropped, totals exact', async () => {
    const t = team();
    const p = await create(parishPilot(t));
    const keys = Array.from({ length: 12 }, (_, i) => `k${i}`);
    // Every key is delivered twice at the same moment.
    const results = await Promise.all(
      [...keys, ...keys].map((k, i) => pilots.recordSession(session(p.id, '2017-10-16', i % 2), k)),
    );
    expect(results.filter((r) => r.recorded)).toHaveLength(12);
    const stored = await pilots.listSessions(p.id);
    expect(stored).toHaveLength(12);
    const { totals } = (await pilots.getPilot(p.id))!;
    expect(totals.sessions).toBe(12);
    expect(totals.hours).toBe(24);
    expect(totals.counts.wantedToTalk).toBe(stored.reduce((sum, s) => sum + (s.counts.wantedToTalk ?? 0), 0));
    expect((await pilots.listTeamPilots(t))[0].totals).toEqual(indexTotals(totals));
  });

  it('the same create sent twice stores the pilot once and answers with it the second time', async () => {
    const t = team();
    const p = { ...parishPilot(t), ownerNames: { 'owner-1': 'Sosiaalityöntekijä Ö' } };
    const first = await pilots.createPilotWithStart(p, { answers: startAnswers, by: 'owner-1', at: p.createdAt });
    expect(first).toEqual({ created: true, pilot: { ...p, stage: 'start' } });
    const again = await pilots.createPilotWithStart(
      { ...p, name: 'Muutettu nimi' },
      { answers: { targetGroup: 'toinen' }, by: 'owner-1', at: '2017-10-01T08:00:05.000Z' },
    );
    expect(again).toEqual({
      created: false,
      existing: { pilot: { ...p, stage: 'start' }, totals: emptyTotals(), version: 0 },
    });
    expect(await pilots.listTeamPilots(t)).toHaveLength(1);
    expect((await pilots.getPhase(p.id, 'start'))?.evaluation.answers).toEqual(startAnswers);
    expect(await pilots.listHistory(p.id)).toEqual([
      {
        at: p.createdAt,
        by: 'owner-1',
        what: 'pilotCreated',
        phase: 'start',
        changed: ['targetGroup', 'problem'],
        answers: startAnswers,
      },
    ]);
  });

  it('the same create delivered twice at the same moment stores the pilot once', async () => {
    const t = team();
    const p = parishPilot(t);
    const results = await Promise.all(
      [0, 1, 2].map(() => pilots.createPilotWithStart(p, { answers: startAnswers, by: 'owner-1', at: p.createdAt })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    for (const r of results) {
      const pilot = r.created ? r.pilot : r.existing.pilot;
      expect(pilot).toEqual({ ...p, stage: 'start' });
    }
    expect(await pilots.listTeamPilots(t)).toHaveLength(1);
    expect(await pilots.listHistory(p.id)).toHaveLength(1);
  });

  it('a new pilot is at the start stage with its start answers; the owners keep their display names', async () => {
    const p = await create({
      ...parishPilot(team()),
      stage: 'planned',
      owners: ['owner-1', 'owner-2'],
      ownerNames: { 'owner-1': 'Aino Ääninen', 'owner-2': 'Åsa Öberg' },
    });
    expect(p.stage).toBe('start');
    expect((await pilots.getPilot(p.id))?.pilot).toEqual(p);
    expect((await pilots.listTeamPilots(p.team))[0].pilot.ownerNames).toEqual({
      'owner-1': 'Aino Ääninen',
      'owner-2': 'Åsa Öberg',
    });
    const start = await pilots.getPhase(p.id, 'start');
    expect(start?.evaluation).toMatchObject({ answers: startAnswers, updatedBy: 'owner-1', phase: 'start' });
    expect(await pilots.getPhase(p.id, 'midpoint')).toBeUndefined();
  });

  it('sessions keep their place, partners present, tags, other topic and note', async () => {
    const p = await create(parishPilot(team()));
    const s: Session = {
      ...session(p.id, '2017-10-16', 1),
      place: 'Keskustan seurakuntatalo',
      partnersPresent: ['parish', 'kela'],
      tags: ['topic:housingAllowance', 'channel:library'],
      otherTopic: 'Toimeentulotuen käsittelyajat',
      note: 'Kela mukana ensimmäistä kertaa — hyvä ☕',
    };
    await pilots.recordSession(s, 'details');
    expect(await pilots.listSessions(p.id)).toEqual([s]);
    expect((await pilots.getSession(p.id, s.id))?.session).toEqual(s);
    expect(await pilots.getSession(p.id, 'missing')).toBeUndefined();
  });
});

describe('teams', () => {
  it('keep the name they were first stored with', async () => {
    const t = team();
    expect(await pilots.teamName(t)).toBeUndefined();
    await pilots.ensureTeam(t, { name: 'Raision aikuissosiaalityö' });
    await pilots.ensureTeam(t, { name: 'Toinen nimi' });
    expect(await pilots.teamName(t)).toBe('Raision aikuissosiaalityö');
  });
});

describe('demo data', () => {
  it('loads every seed pilot with its phases, and a second load adds nothing', async () => {
    const store = new PilotStore(await freshStore());
    const log = createLogger('silent');
    const now = new Date('2026-03-02T08:00:00.000Z');
    expect(await loadDemoData(store, log, now)).toBe(SEED_PILOTS.length);
    expect(await loadDemoData(store, log, now)).toBe(0);
    const listed = await store.listTeamPilots(DEMO_TEAM);
    expect(listed).toHaveLength(SEED_PILOTS.length);
    for (const seed of SEED_PILOTS) {
      const { pilot, totals } = listed.find((s) => s.pilot.id === demoPilotId(seed.key))!;
      expect(pilot).toMatchObject({ stage: seed.stage, decision: seed.decision });
      expect(totals.sessions).toBe(seed.sessions.length);
      const history = await store.listHistory(pilot.id);
      expect(history.filter((h) => h.what !== 'pilotEdited').map((h) => h.phase)).toEqual(
        (['start', 'midpoint', 'end'] as const).filter((ph) => seed.evaluations[ph]),
      );
      expect(history.filter((h) => h.what === 'pilotEdited')).toHaveLength(seed.edits?.length ?? 0);
    }
  });

  it('a load that stopped half-way is completed by the next one, without repeating anything', async () => {
    const store = new PilotStore(await freshStore());
    const log = createLogger('silent');
    const seed = SEED_PILOTS[0];
    const now = new Date('2026-03-02T08:00:00.000Z');
    // The first run created one pilot and logged one session, then stopped before the team index row.
    await store.createPilotWithStart(
      pilotFromSeed(seed, { id: demoPilotId(seed.key), team: DEMO_TEAM, owner: DEMO_USER_ID, at: now.toISOString() }),
      { answers: seed.evaluations.start ?? {}, by: DEMO_USER_ID, at: now.toISOString() },
    );
    await store.recordSession(
      {
        id: `${seed.key}-001`,
        pilotId: demoPilotId(seed.key),
        ...seed.sessions[0],
        loggedBy: DEMO_USER_ID,
        loggedAt: now.toISOString(),
      },
      `demo-${seed.key}-1`,
    );
    expect(await loadDemoData(store, log, now)).toBe(SEED_PILOTS.length - 1);
    const summary = await store.getPilot(demoPilotId(seed.key));
    expect(summary?.totals.sessions).toBe(seed.sessions.length);
    expect(summary?.pilot.stage).toBe(seed.stage);
  });
});

describe('two server instances logging sessions for one pilot at once', () => {
  it('200 submits (and 20 redeliveries) end in 200 sessions with exact totals', async () => {
    const store = await freshStore();
    // Two PilotStores on the same tables: two servers, each with its own in-process queue.
    const a = new PilotStore(store);
    const b = new PilotStore(
      new TableStore({ mode: 'connectionString', connectionString: testConnectionString() }, store.prefix),
    );
    const created = await a.createPilotWithStart(
      { ...parishPilot(team()), id: randomUUID() },
      { answers: {}, by: 'owner-1', at: '2017-10-01T08:00:00.000Z' },
    );
    if (!created.created) throw new Error('expected a new pilot');
    const id = created.pilot.id;
    const submits = Array.from({ length: 200 }, (_, i) => ({ s: session(id, '2017-10-16', i % 3), key: randomUUID() }));
    const redelivered = submits.slice(0, 20);
    const results = await Promise.all(
      [...submits, ...redelivered].map(({ s, key }, i) => (i % 2 ? b : a).recordSession(s, key)),
    );
    expect(results.filter((r) => r.recorded)).toHaveLength(200);
    const stored = await a.listSessions(id);
    expect(stored).toHaveLength(200);
    const { totals } = (await a.getPilot(id))!;
    expect(totals.sessions).toBe(200);
    expect(totals.hours).toBe(400);
    expect(totals.counts.wantedToTalk).toBe(submits.reduce((n, x) => n + (x.s.counts.wantedToTalk ?? 0), 0));
    const [indexed] = await a.listTeamPilots(created.pilot.team);
    expect(indexed.totals).toEqual(indexTotals(totals));
  }, 60000);
});
