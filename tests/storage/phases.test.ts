/** The three phase forms in Table Storage (real Azurite): redelivery, concurrent owners, stage, history. */
import { randomUUID } from 'node:crypto';
import { type Answers, END_QUESTIONS, MIDPOINT_QUESTIONS } from '../../bot/domain/phases';
import type { Pilot, TeamRef } from '../../bot/domain/pilots';
import { PilotStore, type SavePhaseRequest } from '../../bot/storage/pilots';
import { ROW, teamKey } from '../../bot/storage/keys';
import type { TableStore } from '../../bot/storage/tables';
import { freshStore } from '../harness/storage';

let store: TableStore;
let pilots: PilotStore;
beforeAll(async () => {
  store = await freshStore();
  pilots = new PilotStore(store);
});

const team = (): TeamRef => ({ tenantId: 'tenant-a', teamId: `19:${randomUUID()}@thread.tacv2` });

async function newPilot(): Promise<Pilot> {
  const p: Pilot = {
    id: randomUUID(),
    team: team(),
    name: 'Sosiaalityöntekijä Kelan palvelupisteessä',
    municipality: 'Raisio',
    kind: 'dropIn',
    plan: { weekdays: [1], startTime: '10:00', hoursPerSession: 2, place: 'Kelan palvelupiste', partners: ['kela'] },
    startDate: '2017-10-16',
    midpointDate: '2017-11-06',
    endDate: '2018-01-29',
    owners: ['owner-1', 'owner-2'],
    stage: 'start',
    createdBy: 'owner-1',
    createdAt: '2017-10-01T08:00:00.000Z',
  };
  const r = await pilots.createPilotWithStart(p, {
    answers: { targetGroup: 'Kelan asiakkaat', problem: 'Asiakkaat eivät tule sosiaalitoimistoon.' },
    by: 'owner-1',
    at: p.createdAt,
  });
  if (!r.created) throw new Error('expected a new pilot');
  return r.pilot;
}

const midpoint: Answers = {
  targetGroupReached: 'Ei juurikaan.',
  overallAssessment: 'Asiakkaat eivät olleet kiinnostuneita; odotustila liian pieni keskusteluun.',
};

function req(pilotId: string, over: Partial<SavePhaseRequest> = {}): SavePhaseRequest {
  return {
    pilotId,
    phase: 'midpoint',
    answers: midpoint,
    by: 'owner-1',
    at: '2017-11-06T12:00:00.000Z',
    idempotencyKey: randomUUID(),
    ...over,
  };
}

async function indexRow(p: Pilot) {
  return (await pilots.listTeamPilots(p.team)).find((s) => s.pilot.id === p.id)!.pilot;
}

describe('savePhase', () => {
  it('saves the answers, hands back the ETag to edit them with, and raises the stage', async () => {
    const p = await newPilot();
    const first = await pilots.savePhase(req(p.id));
    expect(first.status).toBe('saved');
    const stored = await pilots.getPhase(p.id, 'midpoint');
    expect(stored?.evaluation).toEqual({
      pilotId: p.id,
      phase: 'midpoint',
      answers: midpoint,
      updatedBy: 'owner-1',
      updatedAt: '2017-11-06T12:00:00.000Z',
    });
    expect(first.status === 'saved' && first.etag).toBe(stored?.etag);
    expect((await pilots.getPilot(p.id))?.pilot.stage).toBe('midpoint');
    expect((await indexRow(p)).stage).toBe('midpoint');

    // The ETag of one save is good for the next edit, and the next.
    let etag = stored!.etag;
    for (const text of ['Vähän.', 'Ei lainkaan.']) {
      const r = await pilots.savePhase(
        req(p.id, { answers: { ...midpoint, targetGroupReached: text }, expectedEtag: etag, by: 'owner-2' }),
      );
      if (r.status !== 'saved') throw new Error(`expected saved, got ${r.status}`);
      etag = r.etag;
    }
    expect((await pilots.getPhase(p.id, 'midpoint'))?.evaluation).toMatchObject({
      answers: { ...midpoint, targetGroupReached: 'Ei lainkaan.' },
      updatedBy: 'owner-2',
    });
  });

  it('the same submit delivered twice is saved once and leaves one history entry', async () => {
    const p = await newPilot();
    const r = req(p.id);
    expect((await pilots.savePhase(r)).status).toBe('saved');
    expect(await pilots.savePhase(r)).toEqual({ status: 'duplicate' });
    // Even when the redelivery carries the ETag the first save produced meanwhile.
    const etag = (await pilots.getPhase(p.id, 'midpoint'))!.etag;
    expect(await pilots.savePhase({ ...r, expectedEtag: etag })).toEqual({ status: 'duplicate' });
    expect((await pilots.listHistory(p.id)).filter((h) => h.what === 'phaseSaved')).toHaveLength(1);
  });

  it('the same submit delivered several times at the same moment is saved once', async () => {
    const p = await newPilot();
    const first = req(p.id);
    expect((await pilots.savePhase(first)).status).toBe('saved');
    const etag = (await pilots.getPhase(p.id, 'midpoint'))!.etag;
    const edit = req(p.id, {
      answers: { ...midpoint, changes: 'Siirrytään verkostopalavereihin.' },
      expectedEtag: etag,
      at: '2017-11-07T08:00:00.000Z',
    });
    const results = await Promise.all([edit, edit, edit, edit].map((r) => pilots.savePhase(r)));
    expect(results.map((r) => r.status).sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'saved']);
    const history = (await pilots.listHistory(p.id)).filter((h) => h.what === 'phaseSaved');
    expect(history.map((h) => h.changed)).toEqual([Object.keys(midpoint), ['changes']]);
  });

  it('two owners editing from the same version: the second gets a conflict and sees the first one’s answers', async () => {
    const p = await newPilot();
    await pilots.savePhase(req(p.id));
    const seen = (await pilots.getPhase(p.id, 'midpoint'))!;
    const a = await pilots.savePhase(
      req(p.id, { answers: { ...midpoint, changes: 'A: yhteinen päivystys Kelan kanssa.' }, expectedEtag: seen.etag }),
    );
    const b = await pilots.savePhase(
      req(p.id, {
        answers: { ...midpoint, changes: 'B: lopetetaan.' },
        expectedEtag: seen.etag,
        by: 'owner-2',
      }),
    );
    expect(a.status).toBe('saved');
    if (b.status !== 'conflict') throw new Error(`expected conflict, got ${b.status}`);
    expect(b.current?.evaluation.answers.changes).toBe('A: yhteinen päivystys Kelan kanssa.');
    expect(b.current?.etag).toBe(a.status === 'saved' && a.etag);
    expect((await pilots.getPhase(p.id, 'midpoint'))?.evaluation.answers.changes).toBe(
      'A: yhteinen päivystys Kelan kanssa.',
    );
    // Having seen A's answers, B saves again from the current version.
    const again = await pilots.savePhase(
      req(p.id, { answers: { ...midpoint, changes: 'B: lopetetaan.' }, expectedEtag: b.current!.etag, by: 'owner-2' }),
    );
    expect(again.status).toBe('saved');
    expect((await pilots.getPhase(p.id, 'midpoint'))?.evaluation.answers.changes).toBe('B: lopetetaan.');
  });

  it('two owners answering a phase for the first time at the same moment: one is saved, one gets a conflict', async () => {
    const p = await newPilot();
    const [a, b] = await Promise.all([
      pilots.savePhase(req(p.id, { answers: { targetGroupReached: 'A' } })),
      pilots.savePhase(req(p.id, { answers: { targetGroupReached: 'B' }, by: 'owner-2' })),
    ]);
    expect([a.status, b.status].sort()).toEqual(['conflict', 'saved']);
    const conflict = a.status === 'conflict' ? a : b.status === 'conflict' ? b : undefined;
    const stored = await pilots.getPhase(p.id, 'midpoint');
    expect(conflict?.status === 'conflict' && conflict.current).toEqual(stored);
    expect((await pilots.listHistory(p.id)).filter((h) => h.what === 'phaseSaved')).toHaveLength(1);
  });

  it('an edit of answers that are not there (ETag given, phase never saved) is a conflict', async () => {
    const p = await newPilot();
    expect(await pilots.savePhase(req(p.id, { expectedEtag: 'W/"datetime\'2017-11-06T12%3A00%3A00Z\'"' }))).toEqual({
      status: 'conflict',
      current: undefined,
    });
    expect(await pilots.getPhase(p.id, 'midpoint')).toBeUndefined();
  });

  it('the stage rises with each later phase and never falls; the end phase sets the decision', async () => {
    const p = await newPilot();
    expect(p.stage).toBe('start');
    await pilots.savePhase(req(p.id, { phase: 'end', answers: { future: 'Lopetetaan.' }, decision: 'stop' }));
    expect((await pilots.getPilot(p.id))?.pilot).toMatchObject({ stage: 'end', decision: 'stop' });
    // Answering the midpoint afterwards, or editing the start answers, leaves the stage at the end.
    await pilots.savePhase(req(p.id));
    const start = (await pilots.getPhase(p.id, 'start'))!;
    await pilots.savePhase(
      req(p.id, { phase: 'start', answers: { targetGroup: 'Kaikki aikuiset' }, expectedEtag: start.etag }),
    );
    expect((await pilots.getPilot(p.id))?.pilot).toMatchObject({ stage: 'end', decision: 'stop' });
    expect(await indexRow(p)).toMatchObject({ stage: 'end', decision: 'stop' });
    // Changing the decision reaches the pilot and the team's overview.
    const end = (await pilots.getPhase(p.id, 'end'))!;
    await pilots.savePhase(
      req(p.id, {
        phase: 'end',
        answers: { future: 'Jatketaan muutettuna.' },
        decision: 'continueChanged',
        expectedEtag: end.etag,
      }),
    );
    expect((await pilots.getPilot(p.id))?.pilot).toMatchObject({ stage: 'end', decision: 'continueChanged' });
    expect(await indexRow(p)).toMatchObject({ stage: 'end', decision: 'continueChanged' });
  });

  it('the midpoint and the end saved at the same moment: both kept, the stage ends at the end', async () => {
    for (let round = 0; round < 5; round++) {
      const p = await newPilot();
      const [m, e] = await Promise.all([
        pilots.savePhase(req(p.id)),
        pilots.savePhase(req(p.id, { phase: 'end', answers: { takeaways: 'Yhteistyö.' }, decision: 'continueAsIs' })),
      ]);
      expect([m.status, e.status]).toEqual(['saved', 'saved']);
      expect((await pilots.getPilot(p.id))?.pilot).toMatchObject({ stage: 'end', decision: 'continueAsIs' });
      expect(await indexRow(p)).toMatchObject({ stage: 'end', decision: 'continueAsIs' });
    }
  });

  it('a 4,000-character answer in every end question comes back intact, in the phase and in the history', async () => {
    const p = await newPilot();
    const pieces = ['ä', 'ö', 'å', 'Ä', 'Ö', 'Å', '€', '😀', '👩🏽‍⚕️', ' ', '\n', '"', "'", '\\', '<', '&', 'x'];
    const answers: Answers = {};
    for (const [i, key] of END_QUESTIONS.entries()) {
      const chars = Array.from({ length: 4000 }, (_, j) => pieces[(i + j) % pieces.length]);
      // 4,000 characters as a person counts them (emoji one each, however many UTF-16 units).
      answers[key] = [...chars.join('')].slice(0, 4000).join('');
      expect([...answers[key]!]).toHaveLength(4000);
    }
    const r = await pilots.savePhase(req(p.id, { phase: 'end', answers, decision: 'continueChanged' }));
    expect(r.status).toBe('saved');
    expect((await pilots.getPhase(p.id, 'end'))?.evaluation).toMatchObject({ answers, decision: 'continueChanged' });
    const [saved] = (await pilots.listHistory(p.id)).filter((h) => h.what === 'phaseSaved');
    expect(saved).toEqual({
      at: '2017-11-06T12:00:00.000Z',
      by: 'owner-1',
      what: 'phaseSaved',
      phase: 'end',
      changed: [...END_QUESTIONS],
      answers,
      decision: 'continueChanged',
    });
  });

  it('refuses a question the phase does not ask, storing nothing', async () => {
    const p = await newPilot();
    await expect(pilots.savePhase(req(p.id, { answers: { future: 'Ei kuulu väliarviointiin.' } }))).rejects.toThrow(
      /not asked/,
    );
    expect(await pilots.getPhase(p.id, 'midpoint')).toBeUndefined();
  });
});

describe('history', () => {
  it('lists who changed what and when, oldest first; a save that changes nothing adds no entry', async () => {
    const p = await newPilot();
    const r1 = await pilots.savePhase(req(p.id, { at: '2017-11-06T12:00:00.000Z' }));
    const etag1 = r1.status === 'saved' ? r1.etag : '';
    // owner-2 changes one answer and clears another.
    const r2 = await pilots.savePhase(
      req(p.id, {
        answers: { targetGroupReached: midpoint.targetGroupReached, changes: 'Verkostopalaverit.' },
        expectedEtag: etag1,
        by: 'owner-2',
        at: '2017-11-07T09:30:00Z',
      }),
    );
    const etag2 = r2.status === 'saved' ? r2.etag : '';
    // Saving the same answers again changes nothing.
    const r3 = await pilots.savePhase(
      req(p.id, {
        answers: { targetGroupReached: midpoint.targetGroupReached, changes: 'Verkostopalaverit.' },
        expectedEtag: etag2,
        at: '2017-11-08T09:30:00.000Z',
      }),
    );
    expect(r3.status).toBe('saved');
    // The end phase's decision alone.
    await pilots.savePhase(req(p.id, { phase: 'end', answers: {}, decision: 'stop', at: '2018-01-29T10:00:00.000Z' }));
    expect(await pilots.listHistory(p.id)).toEqual([
      expect.objectContaining({ what: 'pilotCreated', by: 'owner-1', at: '2017-10-01T08:00:00.000Z' }),
      {
        at: '2017-11-06T12:00:00.000Z',
        by: 'owner-1',
        what: 'phaseSaved',
        phase: 'midpoint',
        changed: MIDPOINT_QUESTIONS.filter((k) => k in midpoint),
        answers: midpoint,
      },
      {
        at: '2017-11-07T09:30:00Z',
        by: 'owner-2',
        what: 'phaseSaved',
        phase: 'midpoint',
        changed: ['overallAssessment', 'changes'],
        answers: { overallAssessment: '', changes: 'Verkostopalaverit.' },
      },
      {
        at: '2018-01-29T10:00:00.000Z',
        by: 'owner-1',
        what: 'phaseSaved',
        phase: 'end',
        changed: [],
        answers: {},
        decision: 'stop',
      },
    ]);
  });

  it('entries saved in the same millisecond are all kept', async () => {
    const p = await newPilot();
    const at = '2017-11-06T12:00:00.000Z';
    await Promise.all(
      (['midpoint', 'end'] as const).map((phase) =>
        pilots.savePhase(req(p.id, { phase, answers: { changes: `${phase}` }, at })),
      ),
    );
    expect((await pilots.listHistory(p.id)).filter((h) => h.at === at && h.what === 'phaseSaved')).toHaveLength(2);
  });
});

describe('createPilotWithStart', () => {
  it('a redelivered create repairs a team index row that the first delivery did not write', async () => {
    const p = await newPilot();
    await store.table('teams').delete(teamKey(p.team), ROW.pilotIndex(p.id));
    expect(await pilots.listTeamPilots(p.team)).toEqual([]);
    const again = await pilots.createPilotWithStart(p, { answers: {}, by: 'owner-1', at: p.createdAt });
    expect(again.created).toBe(false);
    expect((await pilots.listTeamPilots(p.team)).map((s) => s.pilot)).toEqual([p]);
  });
});
