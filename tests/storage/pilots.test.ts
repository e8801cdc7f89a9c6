/** Pilots, sessions and running totals in Table Storage (real Azurite). */
import { randomUUID } from 'node:crypto';
import type { Pilot, TeamRef } from '../../bot/domain/pilots';
import type { Session } from '../../bot/domain/sessions';
import { PilotStore } from '../../bot/storage/pilots';
import { freshStore } from '../harness/storage';

let pilots: PilotStore;
beforeAll(async () => {
  pilots = new PilotStore(await freshStore());
});

const team = (): TeamRef => ({ tenantId: 'tenant-a', teamId: `19:${randomUUID()}@thread.tacv2` });

function parishPilot(t: TeamRef): Omit<Pilot, 'id'> {
  return {
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
    const p = await pilots.createPilot(parishPilot(a));
    await pilots.createPilot({ ...parishPilot(b), name: 'Toinen kokeilu' });
    const listed = await pilots.listTeamPilots(a);
    expect(listed.map((s) => s.pilot.name)).toEqual(['Sosiaalityöntekijöiden jalkautuminen seurakunnan päivystykseen']);
    expect(listed[0].pilot).toEqual(p);
    expect((await pilots.getPilot(p.id))?.pilot).toEqual(p);
  });

  it('records the four midpoint sessions and keeps totals: 4 × 2 hours, reach as logged', async () => {
    const t = team();
    const p = await pilots.createPilot(parishPilot(t));
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
    // The team's overview row carries the same totals.
    const [listed] = await pilots.listTeamPilots(t);
    expect(listed.totals).toEqual(totals);
    expect(await pilots.listSessions(p.id)).toHaveLength(4);
  });

  it('a redelivered submit (same idempotency key) records one session', async () => {
    const p = await pilots.createPilot(parishPilot(team()));
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
    const p = await pilots.createPilot(parishPilot(t));
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
    expect((await pilots.listTeamPilots(t))[0].totals).toEqual(totals);
  });

  it('keeps evaluations and the stage', async () => {
    const p = await pilots.createPilot(parishPilot(team()));
    await pilots.saveEvaluation({
      pilotId: p.id,
      phase: 'end',
      answers: { future: 'Päivystystä jatketaan kerran viikossa keskustan seurakuntatalolla.' },
      decision: 'continueChanged',
      updatedBy: 'owner-1',
      updatedAt: '2018-01-29T12:00:00.000Z',
    });
    await pilots.updateStage(p, 'end', 'continueChanged');
    expect((await pilots.getEvaluation(p.id, 'end'))?.answers.future).toContain('seurakuntatalolla');
    expect(await pilots.getEvaluation(p.id, 'midpoint')).toBeUndefined();
    expect((await pilots.getPilot(p.id))?.pilot).toMatchObject({ stage: 'end', decision: 'continueChanged' });
    expect((await pilots.listTeamPilots(p.team))[0].pilot.stage).toBe('end');
  });
});
