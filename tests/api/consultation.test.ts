/**
 * The Wednesday consultation inside the meeting, through the tab's API on real Azurite, signed in
 * with test tokens, memberships asked from the connector stand-in: Polku is installed in the
 * meeting's chat, whose roster holds the pilot's owner (a member of the host team) and a Kela
 * adviser (a guest of the host organisation, in no team). Someone outside the chat is refused and
 * shown nothing; the adviser logs a line and is shown nothing of the host's pilot; refused lines
 * write nothing; a second save replaces the line.
 */
import { randomUUID } from 'node:crypto';
import { pilotFromSeed } from '../../bot/demo/load';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { localDate } from '../../bot/domain/calendar';
import { MemberStore } from '../../bot/storage/members';
import { PilotStore } from '../../bot/storage/pilots';
import { DEACON, OWNER, TEAM, TEAM_OWNER, TeamsClient, TENANT, USER } from '../harness/teams';
import type { ConsultationLineBody, ConsultationLineResponse, ConsultationState } from '../../bot/api/contract';
import { type SignedInPolku, startSignedInPolku } from './signedIn';

const seed = SEED_PILOTS.find((p) => p.key === 'kuusotso-kela-consultation')!;
const MEETING = '19:meeting_kuusotso-wednesday@thread.v2';
const KELA = {
  id: '29:user-kela-adviser',
  name: 'Kaisa Kelalainen',
  aadObjectId: 'a1b2c3d4-0000-4000-8000-00000000004e',
  userRole: 'user' as const,
};
const aino = { oid: USER.aadObjectId, tid: TENANT, name: USER.name };
const kaisa = { oid: KELA.aadObjectId, tid: TENANT, name: KELA.name };
/** In the host team, but not in the meeting. */
const pirjo = { oid: DEACON.aadObjectId, tid: TENANT, name: DEACON.name };
/** The host team's owner, in the meeting too (added for the concurrency test). */
const tuula = { oid: TEAM_OWNER.aadObjectId, tid: TENANT, name: TEAM_OWNER.name };
/** A federated participant signed in to their own organisation's tenant. */
const federated = {
  oid: 'b2c3d4e5-0000-4000-8000-0000000000aa',
  tid: '5a6b7c8d-1111-4222-8333-944455556666',
  name: 'Ulla Ulkoinen',
};
/** A team of the adviser's own, with a Kela consultation pilot of its own. */
const KELA_TEAM = { tenantId: TENANT, teamId: '19:kela-own-team@thread.tacv2' };

let api: SignedInPolku;
let pilots: PilotStore;
let pilotId: string;
let pilotName: string;
const today = localDate(new Date());
const base = `/api/meetings/${encodeURIComponent(MEETING)}/consultation`;

const line = (o: Partial<ConsultationLineBody> = {}): ConsultationLineBody => ({
  date: today,
  municipality: 'Seinäjoki',
  counts: { casesConsulted: 2, answered: 1, referred: 1 },
  topics: ['housingAllowance'],
  ...o,
});

async function totals() {
  return (await pilots.getPilot(pilotId))!.totals;
}

beforeAll(async () => {
  api = await startSignedInPolku();
  pilots = new PilotStore(api.polku.store);
  pilotId = randomUUID();
  pilotName = `${seed.name} ${pilotId.slice(0, 8)}`;
  const at = new Date().toISOString();
  await pilots.createPilotWithStart(
    {
      ...pilotFromSeed(seed, { id: pilotId, team: { tenantId: TENANT, teamId: TEAM.id }, owner: USER.aadObjectId, at }),
      name: pilotName,
    },
    { answers: seed.evaluations.start ?? {}, by: USER.aadObjectId, at },
  );
  const meeting = new TeamsClient({
    botUrl: api.polku.url,
    serviceUrl: api.connector.url,
    scope: 'groupChat',
    conversationId: MEETING,
  });
  const installed = await meeting.send(meeting.installationUpdate('add'));
  expect(installed.status).toBe(200);
  api.connector.members.set(MEETING, [OWNER, KELA, TEAM_OWNER]);
});
afterAll(() => api.stop());

describe('the consultation in the meeting, through the API', () => {
  it('before a pilot is linked: a participant is told it is not set up, someone outside the chat is refused', async () => {
    const state = await api.call('GET', base, aino);
    expect(state.status).toBe(200);
    expect(JSON.parse(state.text)).toMatchObject({ status: 'notLinked', host: null, mine: null, date: today });
    expect((await api.call('GET', base, pirjo)).status).toBe(403);
    // A chat Polku is not in: nothing is set up there.
    const elsewhere = await api.call(
      'GET',
      `/api/meetings/${encodeURIComponent('19:meeting_other@thread.v2')}/consultation`,
      aino,
    );
    expect(elsewhere.status).toBe(404);
    // A team's id is no meeting, even to the team's members.
    const team = await api.call('GET', `/api/meetings/${encodeURIComponent(TEAM.id)}/consultation`, aino);
    expect(team.status).toBe(404);
  });

  it('only someone who may log sessions of the pilot links it; the guest cannot', async () => {
    const refused = await api.call('PUT', base, kaisa, { pilotId });
    expect(refused.status).toBe(404);
    expect(refused.text).not.toContain(pilotName);
    const linked = await api.call('PUT', base, aino, { pilotId });
    expect(linked.status).toBe(200);
    expect(JSON.parse(linked.text)).toEqual({ pilotId, pilotName });
  });

  it('no membership of the chat: 403 with no host data, and nothing written', async () => {
    const before = await totals();
    const get = await api.call('GET', base, pirjo);
    const put = await api.call('PUT', `${base}/lines/me`, pirjo, line());
    for (const r of [get, put]) {
      expect(r.status).toBe(403);
      expect(JSON.parse(r.text)).toEqual({ error: 'forbidden' });
    }
    expect((await totals()).sessions).toBe(before.sessions);
  });

  it('the host sees the pilot; the guest sees the form and nothing of the pilot', async () => {
    const host = JSON.parse((await api.call('GET', base, aino)).text) as ConsultationState;
    expect(host).toMatchObject({ status: 'ready', host: { pilotId, pilotName, lines: 0 } });
    expect(host.host?.municipalities).toContain(seed.municipality);
    const guest = await api.call('GET', base, kaisa);
    expect(guest.status).toBe(200);
    const state = JSON.parse(guest.text) as ConsultationState;
    expect(state).toMatchObject({ status: 'ready', host: null, mine: null });
    expect(state.topics).toContain('housingAllowance');
    for (const secret of [pilotId, pilotName, seed.municipality, seed.startDate])
      expect(guest.text).not.toContain(secret);
  });

  it('refusals come back beside the field and write nothing: an identity code, parts exceeding the whole, a count over the limit', async () => {
    const before = await totals();
    const code = await api.call('PUT', `${base}/lines/me`, kaisa, line({ otherTopic: 'asiakas 131052-308T' }));
    expect(code.status).toBe(422);
    expect(JSON.parse(code.text)).toEqual({
      error: 'invalid',
      fields: [{ field: 'otherTopic', code: 'identityCode' }],
    });
    const exceeds = await api.call(
      'PUT',
      `${base}/lines/me`,
      kaisa,
      line({ municipality: '', counts: { casesConsulted: 2, answered: 2, referred: 1, kelaAppointments: 20000 } }),
    );
    expect(exceeds.status).toBe(422);
    const fields = (JSON.parse(exceeds.text) as { fields: { field: string; code: string }[] }).fields;
    expect(fields.map((f) => [f.field, f.code])).toEqual([
      ['municipality', 'required'],
      ['c_kelaAppointments', 'tooLarge'],
    ]);
    const parts = await api.call(
      'PUT',
      `${base}/lines/me`,
      kaisa,
      line({ counts: { casesConsulted: 2, answered: 2, referred: 1 } }),
    );
    expect(JSON.parse(parts.text)).toMatchObject({ fields: [{ field: 'c_answered', code: 'exceeds' }] });
    // A date before the pilot's start is refused without naming the start to a guest.
    const early = await api.call('PUT', `${base}/lines/me`, kaisa, line({ date: '2020-01-01' }));
    expect(JSON.parse(early.text)).toEqual({ error: 'invalid', fields: [{ field: 'date', code: 'dateBeforeStart' }] });
    expect(await totals()).toEqual(before);
    const state = JSON.parse((await api.call('GET', base, kaisa)).text) as ConsultationState;
    expect(state.mine).toBeNull();
  });

  it('a line is saved once per participant and day: a second save replaces it, and the totals count it once', async () => {
    const before = await totals();
    const first = await api.call('PUT', `${base}/lines/me`, kaisa, line());
    expect(first.status).toBe(200);
    const saved = JSON.parse(first.text) as ConsultationLineResponse;
    expect(saved).toMatchObject({
      status: 'created',
      host: null,
      line: { municipality: 'Seinäjoki', topics: ['housingAllowance'] },
    });
    expect(first.text).not.toContain(pilotName);

    const second = await api.call(
      'PUT',
      `${base}/lines/me`,
      kaisa,
      line({
        counts: { casesConsulted: 3, answered: 2, referred: 1 },
        topics: ['basicAssistance', 'pensions'],
        otherTopic: 'Toimeentulotuen hakemus',
      }),
    );
    expect(JSON.parse(second.text)).toMatchObject({
      status: 'replaced',
      line: {
        counts: { casesConsulted: 3, answered: 2, referred: 1 },
        topics: ['basicAssistance', 'pensions'],
        otherTopic: 'Toimeentulotuen hakemus',
      },
    });
    const again = await api.call(
      'PUT',
      `${base}/lines/me`,
      kaisa,
      line({
        counts: { casesConsulted: 3, answered: 2, referred: 1 },
        topics: ['basicAssistance', 'pensions'],
        otherTopic: 'Toimeentulotuen hakemus',
      }),
    );
    expect(JSON.parse(again.text)).toMatchObject({ status: 'unchanged' });

    const after = await totals();
    expect(after.sessions).toBe(before.sessions + 1);
    expect(after.counts.casesConsulted ?? 0).toBe((before.counts.casesConsulted ?? 0) + 3);

    const mine = JSON.parse((await api.call('GET', base, kaisa)).text) as ConsultationState;
    expect(mine.mine).toMatchObject({ municipality: 'Seinäjoki', counts: { casesConsulted: 3 } });
    const host = JSON.parse((await api.call('GET', base, aino)).text) as ConsultationState;
    expect(host.host?.lines).toBe(1);
    // The session is the pilot's, logged by the guest.
    const sessions = await pilots.listSessions(pilotId);
    expect(sessions.filter((s) => s.loggedBy === kaisa.oid)).toHaveLength(1);
  });

  it('two first saves of the same line at once make one session', async () => {
    const before = await totals();
    const answers = await Promise.all([
      api.call('PUT', `${base}/lines/me`, tuula, line({ municipality: 'Alavus' })),
      api.call('PUT', `${base}/lines/me`, tuula, line({ municipality: 'Alavus' })),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect((await totals()).sessions).toBe(before.sessions + 1);
    const host = JSON.parse((await api.call('GET', base, aino)).text) as ConsultationState;
    expect(host.host?.lines).toBe(2);
  });

  it("a caller signed in to another tenant finds no such meeting there: 404, nothing of the host's", async () => {
    for (const r of [
      await api.call('GET', base, federated),
      await api.call('PUT', `${base}/lines/me`, federated, line()),
    ]) {
      expect(r.status).toBe(404);
      expect(JSON.parse(r.text)).toEqual({ error: 'notFound' });
    }
  });

  it("a participant from elsewhere cannot move the host's meeting to a pilot of their own", async () => {
    const own = randomUUID();
    const at = new Date().toISOString();
    await pilots.createPilotWithStart(
      { ...pilotFromSeed(seed, { id: own, team: KELA_TEAM, owner: kaisa.oid, at }), name: 'Kelan oma' },
      { answers: seed.evaluations.start ?? {}, by: kaisa.oid, at },
    );
    await new MemberStore(api.polku.store).record({
      ...KELA_TEAM,
      userId: kaisa.oid,
      standing: 'member',
      source: 'event',
      at,
    });
    const moved = await api.call('PUT', base, kaisa, { pilotId: own });
    expect(moved.status).toBe(403);
    const host = JSON.parse((await api.call('GET', base, aino)).text) as ConsultationState;
    expect(host.host?.pilotId).toBe(pilotId);
  });
});
