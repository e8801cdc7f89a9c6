/**
 * Editing a pilot through the tab's API (PATCH /api/pilots/:id), signed in with test tokens, on
 * real Azurite: the same rule as the bot's edit card (application/pilotEdit.ts). What an owner
 * changes shows on the pilot page and in its history; a refusal says why, field by field, and
 * writes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { ApiError, PilotDetail, PilotEditResponse, SessionPage } from '../../bot/api/contract';
import { pilotFromSeed } from '../../bot/demo/load';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { firstPhaseStep } from '../../bot/domain/reminders';
import { PilotStore } from '../../bot/storage/pilots';
import { ReminderStore } from '../../bot/storage/reminders';
import type { TestPolku } from '../harness/polku';
import { DEACON, TEAM, TEAM_OWNER, TENANT, USER } from '../harness/teams';
import { type Caller, type SignedInPolku, startSignedInPolku } from './signedIn';

const raisio = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;
const aino = { oid: USER.aadObjectId, tid: TENANT, name: USER.name };
const pirjo = { oid: DEACON.aadObjectId, tid: TENANT, name: DEACON.name };
const tuula = { oid: TEAM_OWNER.aadObjectId, tid: TENANT, name: TEAM_OWNER.name };
const stranger = { oid: 'a1b2c3d4-0000-4000-8000-0000000000fe', tid: TENANT, name: 'Ulla Ulkopuolinen' };
const DISTRICTS = 'Alueelliset seurakuntatalot (Kerttula, Vaisaari)';

let api: SignedInPolku;
let polku: TestPolku;
let pilots: PilotStore;
const clock = new Date('2027-04-20T09:00:00+03:00');

async function call(method: string, path: string, who: Caller, body?: unknown) {
  const r = await api.call(method, path, who, body);
  return { ...r, json: r.text ? (JSON.parse(r.text) as unknown) : undefined };
}

const detailOf = async (id: string, who: Caller = aino) => {
  const r = await call('GET', `/api/pilots/${id}`, who);
  expect(r.status).toBe(200);
  return r.json as PilotDetail;
};

/** The edit form as the tab sends it: the pilot's inputs with some changed. */
async function edit(id: string, change: Record<string, string>, who: Caller = aino, opts: { version?: number } = {}) {
  const detail = await detailOf(id, who);
  expect(detail.edit).not.toBeNull();
  return call('PATCH', `/api/pilots/${id}`, who, {
    inputs: { ...detail.edit!.inputs, ...change },
    version: opts.version ?? detail.edit!.version,
    idempotencyKey: randomUUID(),
  });
}

/** The parish drop-in as it began: the parish alone at the central hall, with two sessions logged in March. */
async function parishPilot(): Promise<string> {
  const id = randomUUID();
  const at = '2027-03-01T10:00:00.000Z';
  await pilots.createPilotWithStart(
    {
      ...pilotFromSeed(raisio, { id, team: { tenantId: TENANT, teamId: TEAM.id }, owner: USER.aadObjectId, at }),
      name: `Päivystys ${id.slice(0, 8)}`,
      plan: { ...raisio.plan, partners: ['parish'] },
      startDate: '2027-03-15',
      midpointDate: '2027-05-03',
      endDate: '2027-05-31',
      ownerNames: { [USER.aadObjectId]: USER.name },
    },
    { answers: raisio.evaluations.start ?? {}, by: USER.aadObjectId, at },
  );
  for (const [i, date] of ['2027-03-15', '2027-03-22'].entries()) {
    await pilots.recordSession(
      {
        id: `${id}-s${i}`,
        pilotId: id,
        date,
        hours: 2,
        counts: raisio.sessions[0].counts,
        loggedBy: USER.aadObjectId,
        loggedAt: `${date}T12:00:00.000Z`,
      },
      `${id}-k${i}`,
    );
  }
  return id;
}

beforeAll(async () => {
  api = await startSignedInPolku({ now: () => clock });
  polku = api.polku;
  pilots = new PilotStore(polku.store);
});

afterAll(() => api.stop());

describe('an owner edits the pilot from the tab', () => {
  it('moves it to the districts with Kela: the page and the history show it, earlier sessions keep the central hall', async () => {
    const id = await parishPilot();
    const before = await detailOf(id);
    expect(before.edit!.inputs).toMatchObject({ place: raisio.plan.place, partners: 'parish', frequency: 'weekly' });

    const r = await edit(id, { place: DISTRICTS, partners: 'parish,kela' });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: 'saved', changed: ['plan'] } satisfies PilotEditResponse);

    const after = await detailOf(id);
    expect(after.overview.plan.place).toBe(DISTRICTS);
    expect(after.overview.plan.partners).toEqual(['parish', 'kela']);
    expect(after.edit!.version).toBe(before.edit!.version + 1);
    const h = after.history.find((x) => x.what === 'pilotEdited')!;
    expect(h.by.name).toBe(USER.name);
    expect(h.edits).toEqual([
      { field: 'plan.place', from: { text: raisio.plan.place }, to: { text: DISTRICTS } },
      { field: 'plan.partners', from: { partners: ['parish'] }, to: { partners: ['parish', 'kela'] } },
    ]);

    const page = (await call('GET', `/api/pilots/${id}/sessions?sort=date`, aino)).json as SessionPage;
    expect(page.items.map((s) => [s.date, s.place, s.partnersPresent])).toEqual([
      ['2027-03-15', raisio.plan.place, ['parish']],
      ['2027-03-22', raisio.plan.place, ['parish']],
    ]);
  });

  it('a change of the plan to once a month shows in the history as the plan line says it', async () => {
    const id = await parishPilot();
    const r = await edit(id, { frequency: 'monthlyWeekday', monthWeek: '1', weekdays: '1' });
    expect(r.status).toBe(200);
    const h = (await detailOf(id)).history.find((x) => x.what === 'pilotEdited')!;
    expect(h.edits.map((e) => e.field)).toEqual(['plan.schedule']);
    const to = h.edits[0].to as { schedule: { frequency?: unknown } };
    expect(to.schedule.frequency).toEqual({ kind: 'monthlyWeekday', week: '1' });
  });

  it('new dates move the midpoint reminder', async () => {
    const id = await parishPilot();
    const reminders = new ReminderStore(polku.store);
    const r = await edit(id, { midpointDate: '2027-05-17' });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: 'saved', changed: ['midpointDate'] });
    const pilot = (await pilots.getPilot(id))!.pilot;
    const due = (await reminders.ofPilot(id)).scheduled
      .filter((x) => x.kind === 'phase' && x.phase === 'midpoint')
      .map((x) => x.dueAt.toISOString());
    expect(due).toEqual([firstPhaseStep(pilot, 'midpoint', clock)!.dueAt.toISOString()]);
  });

  it('a team owner who owns no pilot may edit it too', async () => {
    const id = await parishPilot();
    const detail = await detailOf(id, tuula);
    expect(detail.youOwn).toBe(true);
    const r = await edit(id, { name: 'Kolmen kumppanin päivystys' }, tuula);
    expect(r.status).toBe(200);
    expect((await detailOf(id)).overview.name).toBe('Kolmen kumppanin päivystys');
    // Whoever edits stays an owner.
    expect((await pilots.getPilot(id))!.pilot.owners).toEqual([TEAM_OWNER.aadObjectId, USER.aadObjectId]);
  });

  it('the same edit sent twice is saved once', async () => {
    const id = await parishPilot();
    const d = await detailOf(id);
    const body = {
      inputs: { ...d.edit!.inputs, place: DISTRICTS },
      version: d.edit!.version,
      idempotencyKey: randomUUID(),
    };
    expect((await call('PATCH', `/api/pilots/${id}`, aino, body)).json).toMatchObject({ status: 'saved' });
    expect((await call('PATCH', `/api/pilots/${id}`, aino, body)).json).toEqual({
      status: 'alreadySaved',
      changed: [],
    });
    expect((await detailOf(id)).history.filter((h) => h.what === 'pilotEdited')).toHaveLength(1);
  });
});

describe('measurable targets', () => {
  it('an owner sets a share target in per cent: the page reads it against the sessions so far, the history says from → to', async () => {
    const id = await parishPilot();
    const before = await detailOf(id);
    // The seed's own target: at least 1 wanting to talk per session; the two sessions had 1 each.
    expect(before.edit!.inputs).toMatchObject({
      target1: 'wantedToTalkPerSession',
      target1Op: 'atLeast',
      target1Value: '1',
    });
    expect(before.overview.targets).toEqual([
      {
        target: { measure: 'wantedToTalkPerSession', op: 'atLeast', value: 1 },
        unit: 'rate',
        actual: raisio.sessions[0].counts.wantedToTalk,
        sessions: 2,
        status: raisio.sessions[0].counts.wantedToTalk! >= 1 ? 'onTrack' : 'below',
      },
    ]);

    const r = await edit(id, { target2: 'socialWorkShare', target2Op: 'atLeast', target2Value: '50' });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: 'saved', changed: ['targets'] } satisfies PilotEditResponse);
    const after = await detailOf(id);
    expect(after.overview.targets[1]).toMatchObject({
      target: { measure: 'socialWorkShare', op: 'atLeast', value: 0.5 },
      unit: 'share',
      status: 'below',
    });
    expect(after.overview.targetStatus).toBe('below');
    expect(after.edit!.inputs).toMatchObject({ target2: 'socialWorkShare', target2Value: '50' });
    const h = after.history.find((x) => x.what === 'pilotEdited')!;
    expect(h.edits).toEqual([
      {
        field: 'targets',
        from: { targets: [{ measure: 'wantedToTalkPerSession', op: 'atLeast', value: 1 }] },
        to: {
          targets: [
            { measure: 'wantedToTalkPerSession', op: 'atLeast', value: 1 },
            { measure: 'socialWorkShare', op: 'atLeast', value: 0.5 },
          ],
        },
      },
    ]);
  });

  it("a phone line's measure on a drop-in, a value without a measure, and 150 %: 422 beside each field, nothing written", async () => {
    const id = await parishPilot();
    const before = await detailOf(id);
    const r = await edit(id, {
      target1: 'callsPerWeek',
      target2Value: '3',
      target3: 'socialWorkShare',
      target3Value: '150',
    });
    expect(r.status).toBe(422);
    expect((r.json as ApiError).fields).toEqual([
      { field: 'target1', code: 'targetNotForKind' },
      { field: 'target2', code: 'targetIncomplete' },
      { field: 'target3Value', code: 'targetValue', params: { min: 0, max: 100 } },
    ]);
    const after = await detailOf(id);
    expect(after.edit!.version).toBe(before.edit!.version);
    expect(after.overview.targets).toEqual(before.overview.targets);
  });
});

describe('refusals say why and write nothing', () => {
  it('a plain member of the team sees the pilot without the form, and a PATCH is 403', async () => {
    const id = await parishPilot();
    const detail = await detailOf(id, pirjo);
    expect(detail.youOwn).toBe(false);
    expect(detail.edit).toBeNull();
    const r = await call('PATCH', `/api/pilots/${id}`, pirjo, {
      inputs: { name: 'Toinen' },
      version: 1,
      idempotencyKey: randomUUID(),
    });
    expect(r.status).toBe(403);
    expect((await pilots.getPilot(id))!.pilot.name).toBe(`Päivystys ${id.slice(0, 8)}`);
  });

  it('someone outside the team gets 404, naming nothing', async () => {
    const id = await parishPilot();
    const r = await call('PATCH', `/api/pilots/${id}`, stranger, {
      inputs: { name: 'Toinen' },
      version: 1,
      idempotencyKey: randomUUID(),
    });
    expect(r.status).toBe(404);
    expect(r.text).not.toContain('Päivystys');
  });

  it('an identity code in the place, and a midpoint before the start: 422 with each field and why, nothing written', async () => {
    const id = await parishPilot();
    const before = await detailOf(id);
    const r = await edit(id, { place: 'Asiakas 131052–308T käy täällä', midpointDate: '2027-03-01' });
    expect(r.status).toBe(422);
    const body = r.json as ApiError;
    expect(body.error).toBe('invalid');
    expect(body.fields).toEqual(
      expect.arrayContaining([
        { field: 'place', code: 'identityCode' },
        expect.objectContaining({ field: 'midpointDate', code: 'datesOrder' }),
      ]),
    );
    // The typed text is not echoed back: the tab keeps it in its own fields.
    expect(r.text).not.toContain('131052');
    const after = await detailOf(id);
    expect(after.overview.plan.place).toBe(raisio.plan.place);
    expect(after.history).toEqual(before.history);
    expect(after.edit!.version).toBe(before.edit!.version);
  });

  it('an owner id that is not an owner now is refused: new owners are chosen on the bot card', async () => {
    const id = await parishPilot();
    const r = await edit(id, { owners: `${USER.aadObjectId},${DEACON.aadObjectId}` });
    expect(r.status).toBe(422);
    expect((r.json as ApiError).fields).toEqual([{ field: 'owners', code: 'ownersInBot' }]);
    expect((await pilots.getPilot(id))!.pilot.owners).toEqual([USER.aadObjectId]);
  });

  it('a form opened before someone else saved is a 409: the other change stays', async () => {
    const id = await parishPilot();
    const stale = await detailOf(id);
    expect((await edit(id, { name: 'Ensimmäinen muutos' })).status).toBe(200);
    const r = await call('PATCH', `/api/pilots/${id}`, aino, {
      inputs: { ...stale.edit!.inputs, place: DISTRICTS },
      version: stale.edit!.version,
      idempotencyKey: randomUUID(),
    });
    expect(r.status).toBe(409);
    expect((r.json as ApiError).error).toBe('conflict');
    const now = await detailOf(id);
    expect(now.overview.name).toBe('Ensimmäinen muutos');
    expect(now.overview.plan.place).toBe(raisio.plan.place);
  });

  it.each([
    ['no inputs', { version: 1, idempotencyKey: randomUUID() }],
    ['a field the form does not have', { inputs: { stage: 'end' }, version: 1, idempotencyKey: randomUUID() }],
    ['a number where text goes', { inputs: { name: 5 }, version: 1, idempotencyKey: randomUUID() }],
    ['no idempotency key', { inputs: { name: 'x' }, version: 1 }],
  ])('a malformed body (%s) is a 400', async (_what, body) => {
    const id = await parishPilot();
    const r = await call('PATCH', `/api/pilots/${id}`, aino, body);
    expect(r.status).toBe(400);
    expect((await pilots.getPilot(id))!.pilot.kind).toBe('dropIn');
  });
});
