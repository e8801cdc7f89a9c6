/** Editing and deleting logged sessions (real Azurite): totals stay exact, redelivery applies once, history kept. */
import { randomUUID } from 'node:crypto';
import type { Pilot, TeamRef } from '../../bot/domain/pilots';
import type { Session } from '../../bot/domain/sessions';
import { applySession, emptyTotals, indexTotals, type Totals } from '../../bot/domain/totals';
import { PilotStore } from '../../bot/storage/pilots';
import { freshStore } from '../harness/storage';

let pilots: PilotStore;
beforeAll(async () => {
  pilots = new PilotStore(await freshStore());
});

const team = (): TeamRef => ({ tenantId: 'tenant-a', teamId: `19:${randomUUID()}@thread.tacv2` });

async function newPilot(): Promise<Pilot> {
  const p: Pilot = {
    id: randomUUID(),
    team: team(),
    name: 'Sosiaalityöntekijöiden jalkautuminen seurakunnan päivystykseen',
    municipality: 'Raisio',
    kind: 'dropIn',
    plan: { weekdays: [1], startTime: '10:00', hoursPerSession: 2, place: 'Diakonien päivystys', partners: ['parish'] },
    startDate: '2017-10-16',
    midpointDate: '2017-11-13',
    endDate: '2018-01-29',
    owners: ['owner-1', 'owner-2'],
    stage: 'start',
    createdBy: 'owner-1',
    createdAt: '2017-10-01T08:00:00.000Z',
  };
  const r = await pilots.createPilotWithStart(p, { answers: {}, by: 'owner-1', at: p.createdAt });
  if (!r.created) throw new Error('expected a new pilot');
  return r.pilot;
}

const dropIn = (pilotId: string, date: string, wantedToTalk: number, hours = 2): Session => ({
  id: randomUUID(),
  pilotId,
  date,
  hours,
  counts: { visitors: 8, offeredTalk: 7, wantedToTalk, declined: 7 - wantedToTalk },
  partnersPresent: ['parish'],
  loggedBy: 'coworker-1',
  loggedAt: `${date}T12:00:00.000Z`,
});

/** A pilot with four Monday sessions logged. */
async function withSessions(): Promise<{ p: Pilot; sessions: Session[] }> {
  const p = await newPilot();
  const sessions = [
    dropIn(p.id, '2017-10-16', 1),
    dropIn(p.id, '2017-10-23', 0),
    dropIn(p.id, '2017-10-30', 2),
    dropIn(p.id, '2017-11-06', 1),
  ];
  for (const s of sessions) await pilots.recordSession(s, randomUUID());
  return { p, sessions };
}

/** The totals the stored sessions add up to. */
async function recomputed(pilotId: string): Promise<Totals> {
  const stored = await pilots.listSessions(pilotId);
  return [...stored].sort((a, b) => a.date.localeCompare(b.date)).reduce((t, s) => applySession(t, s), emptyTotals());
}

async function totalsOf(p: Pilot): Promise<{ own: Totals; team: Totals }> {
  const own = (await pilots.getPilot(p.id))!.totals;
  const team = (await pilots.listTeamPilots(p.team)).find((s) => s.pilot.id === p.id)!.totals;
  return { own, team };
}

const edit = (p: Pilot, s: Session, next: Partial<Session>, over: { expectedEtag?: string; key?: string } = {}) => ({
  pilotId: p.id,
  sessionId: s.id,
  next: { ...s, ...next },
  by: 'owner-1',
  at: '2017-11-07T08:00:00.000Z',
  idempotencyKey: over.key ?? randomUUID(),
  expectedEtag: over.expectedEtag,
});

describe('updateSession', () => {
  it('corrects counts, hours and weeks exactly, in the pilot and in the team overview', async () => {
    const { p, sessions } = await withSessions();
    const s = sessions[1];
    const { etag } = (await pilots.getSession(p.id, s.id))!;
    // 2017-10-23 (W43) was in fact 2017-10-31, 1.5 hours, three wanted to talk.
    const r = await pilots.updateSession(
      edit(
        p,
        s,
        { date: '2017-10-31', hours: 1.5, counts: { visitors: 9, offeredTalk: 8, wantedToTalk: 3, declined: 5 } },
        { expectedEtag: etag },
      ),
    );
    if (r.status !== 'updated') throw new Error(`expected updated, got ${r.status}`);
    const { own, team } = await totalsOf(p);
    expect(own).toEqual(await recomputed(p.id));
    expect(team).toEqual(indexTotals(own));
    expect(r.totals).toEqual(own);
    expect(own).toMatchObject({ sessions: 4, hours: 7.5, lastSessionDate: '2017-11-06' });
    expect(own.counts).toMatchObject({ visitors: 33, wantedToTalk: 7, declined: 22 });
    expect(Object.keys(own.weeks).sort()).toEqual(['2017-W42', '2017-W44', '2017-W45']);
    expect(own.weeks['2017-W44']).toMatchObject({ sessions: 2, hours: 3.5 });
  });

  it('keeps who logged the session and when; stores the edited details', async () => {
    const { p, sessions } = await withSessions();
    const s = sessions[0];
    await pilots.updateSession(
      edit(p, s, { loggedBy: 'owner-1', loggedAt: '2020-01-01T00:00:00.000Z', note: 'Kela mukana', tags: ['x:y'] }),
    );
    expect((await pilots.getSession(p.id, s.id))?.session).toEqual({ ...s, note: 'Kela mukana', tags: ['x:y'] });
  });

  it('an edit redelivered, also at the same moment, is applied once', async () => {
    const { p, sessions } = await withSessions();
    const s = sessions[2];
    const r = edit(p, s, { hours: 3 }, { key: 'edit-1' });
    const results = await Promise.all([r, r, r].map((x) => pilots.updateSession(x)));
    expect(results.map((x) => x.status).sort()).toEqual(['duplicate', 'duplicate', 'updated']);
    expect(await pilots.updateSession(r)).toEqual({ status: 'duplicate' });
    const { own } = await totalsOf(p);
    expect(own.hours).toBe(9);
    expect(own).toEqual(await recomputed(p.id));
    expect((await pilots.listHistory(p.id)).filter((h) => h.what === 'sessionEdited')).toHaveLength(1);
  });

  it('an edit from a version that someone else changed meanwhile is a conflict and changes nothing', async () => {
    const { p, sessions } = await withSessions();
    const s = sessions[0];
    const { etag } = (await pilots.getSession(p.id, s.id))!;
    expect((await pilots.updateSession(edit(p, s, { hours: 3 }, { expectedEtag: etag }))).status).toBe('updated');
    expect(await pilots.updateSession(edit(p, s, { hours: 4 }, { expectedEtag: etag }))).toEqual({
      status: 'conflict',
    });
    expect((await pilots.getSession(p.id, s.id))?.session.hours).toBe(3);
    expect((await totalsOf(p)).own.hours).toBe(9);
  });

  it('an edit of a session that is not there is notFound', async () => {
    const { p } = await withSessions();
    const ghost = dropIn(p.id, '2017-10-16', 1);
    expect(await pilots.updateSession(edit(p, ghost, { hours: 3 }))).toEqual({ status: 'notFound' });
    expect((await totalsOf(p)).own.sessions).toBe(4);
  });

  it('edits and new sessions at the same moment: every one kept, totals exact', async () => {
    const { p, sessions } = await withSessions();
    const more = Array.from({ length: 6 }, (_, i) => dropIn(p.id, `2017-11-${String(13 + i).padStart(2, '0')}`, i % 3));
    const results = await Promise.all([
      ...sessions.map((s, i) => pilots.updateSession(edit(p, s, { hours: 2.25 + i * 0.25 }))),
      ...more.map((s) => pilots.recordSession(s, randomUUID())),
    ]);
    expect(results.every((r) => ('status' in r ? r.status === 'updated' : r.recorded))).toBe(true);
    const { own, team } = await totalsOf(p);
    expect(own.sessions).toBe(10);
    expect(own.hours).toBe(2.25 + 2.5 + 2.75 + 3 + 6 * 2);
    expect(own).toEqual(await recomputed(p.id));
    expect(team).toEqual(indexTotals(own));
  });
});

describe('deleteSession', () => {
  it('takes the session out of counts, hours, weeks and the last date', async () => {
    const { p, sessions } = await withSessions();
    const last = sessions[3];
    const del = { pilotId: p.id, sessionId: last.id, by: 'owner-2', at: '2017-11-07T08:00:00.000Z' };
    const r = await pilots.deleteSession({ ...del, idempotencyKey: 'del-1' });
    if (r.status !== 'deleted') throw new Error(`expected deleted, got ${r.status}`);
    const { own, team } = await totalsOf(p);
    expect(own).toEqual(await recomputed(p.id));
    expect(team).toEqual(indexTotals(own));
    expect(own).toMatchObject({ sessions: 3, hours: 6, lastSessionDate: '2017-10-30' });
    expect(own.counts).toMatchObject({ visitors: 24, wantedToTalk: 3 });
    expect(Object.keys(own.weeks).sort()).toEqual(['2017-W42', '2017-W43', '2017-W44']);
    expect(await pilots.getSession(p.id, last.id)).toBeUndefined();
    // Deleting every session leaves empty totals.
    for (const s of sessions.slice(0, 3)) await pilots.deleteSession({ ...del, sessionId: s.id, idempotencyKey: s.id });
    expect((await totalsOf(p)).own).toMatchObject({ sessions: 0, hours: 0, counts: {}, weeks: {} });
  });

  it('a delete redelivered, also at the same moment, is applied once', async () => {
    const { p, sessions } = await withSessions();
    const d = {
      pilotId: p.id,
      sessionId: sessions[0].id,
      by: 'owner-1',
      at: '2017-11-07T08:00:00.000Z',
      idempotencyKey: 'del-x',
    };
    const results = await Promise.all([d, d, d].map((x) => pilots.deleteSession(x)));
    expect(results.map((x) => x.status).sort()).toEqual(['deleted', 'duplicate', 'duplicate']);
    expect(await pilots.deleteSession(d)).toEqual({ status: 'duplicate' });
    // A different delete of the same session finds it gone.
    expect(await pilots.deleteSession({ ...d, idempotencyKey: 'del-y' })).toEqual({ status: 'notFound' });
    const { own } = await totalsOf(p);
    expect(own.sessions).toBe(3);
    expect(own).toEqual(await recomputed(p.id));
    expect((await pilots.listHistory(p.id)).filter((h) => h.what === 'sessionDeleted')).toHaveLength(1);
  });

  it('a delete and an edit of the same session at the same moment leave totals that match the sessions', async () => {
    for (let round = 0; round < 3; round++) {
      const { p, sessions } = await withSessions();
      const s = sessions[1];
      await Promise.all([
        pilots.updateSession(edit(p, s, { hours: 5, date: '2017-12-04' })),
        pilots.deleteSession({
          pilotId: p.id,
          sessionId: s.id,
          by: 'o',
          at: '2017-11-07T08:00:00.000Z',
          idempotencyKey: 'd',
        }),
      ]);
      const { own, team } = await totalsOf(p);
      expect(own).toEqual(await recomputed(p.id));
      expect(team).toEqual(indexTotals(own));
    }
  });
});

describe('session history', () => {
  it('keeps who edited and deleted which session, when, and what it was before and after', async () => {
    const { p, sessions } = await withSessions();
    const [a, b] = sessions;
    await pilots.updateSession({
      ...edit(p, a, { hours: 3, note: 'Päivystys venyi.' }),
      at: '2017-11-07T08:00:00.000Z',
    });
    await pilots.deleteSession({
      pilotId: p.id,
      sessionId: b.id,
      by: 'owner-2',
      at: '2017-11-08T08:00:00.000Z',
      idempotencyKey: randomUUID(),
    });
    const history = (await pilots.listHistory(p.id)).filter((h) => h.what !== 'pilotCreated');
    expect(history).toEqual([
      {
        at: '2017-11-07T08:00:00.000Z',
        by: 'owner-1',
        what: 'sessionEdited',
        sessionId: a.id,
        before: a,
        after: { ...a, hours: 3, note: 'Päivystys venyi.' },
      },
      { at: '2017-11-08T08:00:00.000Z', by: 'owner-2', what: 'sessionDeleted', sessionId: b.id, before: b },
    ]);
  });
});

describe('a long pilot', () => {
  it('keeps exact totals when their JSON outgrows one column (eight years of weekly sessions)', async () => {
    const p = await newPilot();
    const start = Date.UTC(2017, 9, 16);
    let expected: Totals = emptyTotals();
    let last: Totals | undefined;
    for (let week = 0; week < 420; week++) {
      const date = new Date(start + week * 7 * 86400000).toISOString().slice(0, 10);
      const s = dropIn(p.id, date, week % 3);
      s.counts = { ...s.counts, socialWorkMatters: 1, moneyOnlyRequests: week % 2, referred: 1, newClients: 1 };
      const r = await pilots.recordSession(s, randomUUID());
      if (r.recorded) last = r.totals;
      expected = applySession(expected, s);
    }
    expect(JSON.stringify(expected).length).toBeGreaterThan(64000);
    expect(last).toEqual(expected);
    expect((await pilots.getPilot(p.id))?.totals).toEqual(expected);
    const [indexed] = (await pilots.listTeamPilots(p.team)).filter((x) => x.pilot.id === p.id);
    expect(indexed.totals).toEqual(indexTotals(expected));
  }, 60000);
});
