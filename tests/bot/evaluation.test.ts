/**
 * The three-phase evaluation through HTTP, as Teams drives it: cards filled by their input ids,
 * buttons pressed by their titles, answers read back from real Azurite.
 */
import { answersInput } from '../harness/pilots';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { PilotStore } from '../../bot/storage/pilots';
import { cardProblems, cardText } from '../harness/cards';
import { type Card, inputOf, inputsOf, press, buttonsOf } from '../harness/cardForm';
import { FakeConnector, type Member } from '../harness/connector';
import { startTestPolku, type TestPolku } from '../harness/polku';
import { as, DEACON, OWNER, TEAM, TeamsClient, TENANT, USER } from '../harness/teams';

const raisio = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;

const COUNSELLOR: Member = {
  id: '29:user-counsellor',
  name: 'Mikko Ohjaaja',
  aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000003',
  userRole: 'user',
};
const OUTSIDER = {
  id: '29:user-outsider',
  name: 'Ulla Ulkopuolinen',
  aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000009',
};

let polku: TestPolku;
let connector: FakeConnector;
let pilots: PilotStore;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  connector.members.set(TEAM.id, [OWNER, DEACON, COUNSELLOR]);
  polku = await startTestPolku();
  pilots = new PilotStore(polku.store);
});
afterAll(async () => {
  await polku.stop();
  await connector.stop();
});
beforeEach(() => connector.clear());

const channel = (locale = 'fi-FI') =>
  new TeamsClient({ botUrl: polku.url, serviceUrl: connector.url, scope: 'channel', locale });

const details = {
  name: raisio.name,
  municipality: raisio.municipality,
  kind: 'dropIn',
  weekdays: '1',
  startTime: '09:00',
  hoursPerSession: '2',
  place: raisio.plan.place,
  partners: 'parish,kela',
  startDate: raisio.startDate,
  midpointDate: raisio.midpointDate,
  endDate: raisio.endDate,
};

/** "uusi kokeilu" in the channel: the bot posts step 1 of the new-pilot card. */
async function newPilotCard(c: TeamsClient): Promise<Card> {
  connector.clear();
  const res = await c.send(c.message('uusi kokeilu'));
  expect(res.status).toBe(200);
  const cards = connector.cards();
  expect(cards).toHaveLength(1);
  return cards[0];
}

/** Steps 1 and 2 filled with the seed's answers: the pilot card. */
async function createRaisio(
  c: TeamsClient,
  extra: Record<string, string> = {},
): Promise<{ card: Card; pilotId: string }> {
  const step1 = await newPilotCard(c);
  const step2 = await press(c, step1, 'Jatka aloitusvaiheen kysymyksiin', { ...details, ...extra });
  const created = await press(
    c,
    step2.card,
    'Tallenna aloitusvaihe ja luo kokeilu',
    answersInput(raisio.evaluations.start!),
  );
  const refresh = (created.card.refresh as { action: { data: { pilotId: string } } }).action;
  return { card: created.card, pilotId: refresh.data.pilotId };
}

describe('a pilot from "uusi kokeilu" to a completed end phase (seed: Raisio parish drop-in)', () => {
  it('walks every phase in Finnish and stores every answer intact', async () => {
    const c = channel();
    const step1 = await newPilotCard(c);
    expect(cardText(step1)).toContain('Uusi kokeilu');
    expect(cardProblems(step1)).toEqual([]);
    for (const id of Object.keys(details)) expect(inputOf(step1, id)?.label).toBeTruthy();
    // The owners can be chosen from the team (not the creator, who is an owner anyway).
    const owners = inputOf(step1, 'owners')?.choices as { title: string; value: string }[];
    expect(owners.map((o) => o.title).sort()).toEqual(['Mikko Ohjaaja', 'Pirjo Diakoni']);

    const step2 = await press(c, step1, 'Jatka aloitusvaiheen kysymyksiin', { ...details, owners: DEACON.aadObjectId });
    expect(step2.status).toBe(200);
    expect(cardProblems(step2.card)).toEqual([]);
    expect(cardText(step2.card)).toContain('Aloitusvaihe');
    expect(cardText(step2.card)).toContain(`Kokeilun nimi: ${raisio.name}`);
    expect(inputOf(step2.card, 'q_problem')?.label).toBe('Mitä halutaan ratkaista?');

    const created = await press(
      c,
      step2.card,
      'Tallenna aloitusvaihe ja luo kokeilu',
      answersInput(raisio.evaluations.start!),
    );
    expect(cardProblems(created.card)).toEqual([]);
    const text = cardText(created.card);
    expect(text).toContain('Kokeilu luotu');
    expect(text).toContain(raisio.name);
    expect(text).toContain('Aloitusvaihe tehty');
    expect(text).toContain('Toteutunut\nei vielä kirjauksia');
    expect(text).toContain('Aino Virtanen, Pirjo Diakoni');
    expect(buttonsOf(created.card)).toContain('Tee väliarviointi');
    // Everyone else in the channel now sees the pilot card, without the owners' buttons.
    const shared = connector.updatedCards().at(-1)!;
    expect(cardText(shared)).toContain(raisio.name);
    expect(buttonsOf(shared)).not.toContain('Tee väliarviointi');
    expect((created.card.refresh as { userIds: string[] }).userIds).toEqual([
      `8:orgid:${USER.aadObjectId}`,
      `8:orgid:${DEACON.aadObjectId}`,
    ]);

    const midForm = await press(c, created.card, 'Tee väliarviointi');
    expect(cardProblems(midForm.card)).toEqual([]);
    expect(cardText(midForm.card)).toContain('Väliarviointivaihe (toteutunut 0 kertaa)');
    // What was expected at the start stands above the midpoint questions.
    expect(cardText(midForm.card)).toContain(raisio.evaluations.start!.expectationsPositive!);
    const afterMid = await press(c, midForm.card, 'Tallenna väliarviointi', answersInput(raisio.evaluations.midpoint!));
    expect(cardText(afterMid.card)).toContain('Väliarviointi tehty');

    const endForm = await press(c, afterMid.card, 'Tee lopetusarviointi');
    expect(cardProblems(endForm.card)).toEqual([]);
    expect(inputOf(endForm.card, 'decision')?.label).toBe('Päätös');
    const afterEnd = await press(c, endForm.card, 'Tallenna lopetusvaihe', {
      ...answersInput(raisio.evaluations.end!),
      decision: 'continueChanged',
    });
    const endText = cardText(afterEnd.card);
    expect(endText).toContain('Päättynyt');
    expect(endText).toContain('Jatketaan muutettuna');
    expect(endText).toContain('Arviointi on valmis.');

    const { pilotId } = {
      pilotId: (afterEnd.card.refresh as { action: { data: { pilotId: string } } }).action.data.pilotId,
    };
    expect((await pilots.getPhase(pilotId, 'start'))?.evaluation.answers).toEqual(raisio.evaluations.start);
    expect((await pilots.getPhase(pilotId, 'midpoint'))?.evaluation.answers).toEqual(raisio.evaluations.midpoint);
    const end = await pilots.getPhase(pilotId, 'end');
    expect(end?.evaluation.answers).toEqual(raisio.evaluations.end);
    expect(end?.evaluation.decision).toBe('continueChanged');
    const stored = await pilots.getPilot(pilotId);
    expect(stored?.pilot).toMatchObject({
      stage: 'end',
      decision: 'continueChanged',
      owners: [USER.aadObjectId, DEACON.aadObjectId],
    });
    const history = await pilots.listHistory(pilotId);
    expect(history.map((h) => [h.what, h.phase, h.by])).toEqual([
      ['pilotCreated', 'start', USER.aadObjectId],
      ['phaseSaved', 'midpoint', USER.aadObjectId],
      ['phaseSaved', 'end', USER.aadObjectId],
    ]);
  });

  it('speaks Swedish and English by the user locale', async () => {
    const sv = channel('sv-FI');
    await sv.send(sv.message('nytt försök'));
    expect(cardText(connector.cards().at(-1))).toContain('Nytt försök');
    const en = channel('en-GB');
    await en.send(en.message('new pilot'));
    const card = connector.cards().at(-1)!;
    expect(cardText(card)).toContain('New pilot');
    expect(inputOf(card, 'name')?.label).toBe('Name of the pilot');
  });
});

describe('bad input gets a clear answer and loses nothing', () => {
  it('an empty required field, dates out of order and impossible hours: the card comes back with messages and values', async () => {
    const c = channel();
    const step1 = await newPilotCard(c);
    const back = await press(c, step1, 'Jatka aloitusvaiheen kysymyksiin', {
      ...details,
      name: '',
      midpointDate: '2017-10-01',
      hoursPerSession: '13',
    });
    expect(back.status).toBe(200);
    expect(cardProblems(back.card)).toEqual([]);
    const text = cardText(back.card);
    expect(text).toContain('Korjaa merkityt kohdat');
    expect(text).toContain('Tämä tieto tarvitaan.');
    expect(text).toContain('Päivän pitää olla sama tai myöhempi kuin alkamispäivä.');
    expect(text).toContain('Anna tunnit väliltä 0,25–12.');
    const kept = inputsOf(back.card);
    expect(kept.municipality).toBe('Raisio');
    expect(kept.midpointDate).toBe('2017-10-01');
    expect(kept.place).toBe(raisio.plan.place);
  });

  it('an owner who is not in the team is refused', async () => {
    const c = channel();
    const back = await press(c, await newPilotCard(c), 'Jatka aloitusvaiheen kysymyksiin', {
      ...details,
      owners: 'a1b2c3d4-0000-4000-8000-0000000000ff',
    });
    expect(cardText(back.card)).toContain('Vastuuhenkilön pitää olla tiimin jäsen.');
    expect(inputsOf(back.card).name).toBe(raisio.name);
  });

  it('hours must be quarter hours', async () => {
    const c = channel();
    const back = await press(c, await newPilotCard(c), 'Jatka aloitusvaiheen kysymyksiin', {
      ...details,
      hoursPerSession: '1,3',
    });
    expect(cardText(back.card)).toContain('vartin tarkkuudella');
  });

  it('an identity code in an answer is refused with the reason, the text kept and nothing stored', async () => {
    const c = channel();
    const step2 = await press(c, await newPilotCard(c), 'Jatka aloitusvaiheen kysymyksiin', details);
    const typed = {
      ...answersInput(raisio.evaluations.start!),
      q_targetGroup: 'Asiakas 131052-308T kävi päivystyksessä',
    };
    const before = (await pilots.listTeamPilots({ tenantId: TENANT, teamId: TEAM.id })).length;
    const res = await press(c, step2.card, 'Tallenna aloitusvaihe ja luo kokeilu', typed);
    expect(res.status).toBe(200);
    expect(cardText(res.card)).toContain('Tekstissä on henkilötunnus');
    expect(inputsOf(res.card).q_targetGroup).toBe('Asiakas 131052-308T kävi päivystyksessä');
    expect(inputsOf(res.card).q_problem).toBe(raisio.evaluations.start!.problem);
    expect((await pilots.listTeamPilots({ tenantId: TENANT, teamId: TEAM.id })).length).toBe(before);
    expect(polku.logs.join('\n')).not.toContain('131052-308T');
  });

  it('an answer over 4,000 characters is refused with its length, and kept', async () => {
    const c = channel();
    const step2 = await press(c, await newPilotCard(c), 'Jatka aloitusvaiheen kysymyksiin', details);
    const long = 'ä'.repeat(4001);
    const res = await press(c, step2.card, 'Tallenna aloitusvaihe ja luo kokeilu', {
      ...answersInput(raisio.evaluations.start!),
      q_activity: long,
    });
    expect(cardText(res.card)).toContain('Teksti on liian pitkä (4001 merkkiä, enintään 4000).');
    expect(inputsOf(res.card).q_activity).toBe(long);
  });

  it('going back from the questions keeps the details', async () => {
    const c = channel();
    const step2 = await press(c, await newPilotCard(c), 'Jatka aloitusvaiheen kysymyksiin', details);
    const back = await press(c, step2.card, 'Takaisin perustietoihin');
    expect(inputsOf(back.card)).toMatchObject({
      name: raisio.name,
      startDate: raisio.startDate,
      partners: 'parish,kela',
    });
  });
});

describe('retries and concurrent edits', () => {
  it('the same "create" delivered twice, even at once, makes one pilot', async () => {
    const c = channel();
    const team = { tenantId: TENANT, teamId: TEAM.id };
    const before = (await pilots.listTeamPilots(team)).length;
    const step2 = await press(c, await newPilotCard(c), 'Jatka aloitusvaiheen kysymyksiin', {
      ...details,
      name: 'Kahdesti lähetetty',
    });
    const answers = answersInput(raisio.evaluations.start!);
    const [a, b] = await Promise.all([
      press(c, step2.card, 'Tallenna aloitusvaihe ja luo kokeilu', answers),
      press(c, step2.card, 'Tallenna aloitusvaihe ja luo kokeilu', answers),
    ]);
    const third = await press(c, step2.card, 'Tallenna aloitusvaihe ja luo kokeilu', answers);
    expect([a.status, b.status, third.status]).toEqual([200, 200, 200]);
    expect(cardText(third.card)).toContain('Tämä oli jo tallennettu');
    const now = await pilots.listTeamPilots(team);
    expect(now.filter((p) => p.pilot.name === 'Kahdesti lähetetty')).toHaveLength(1);
    expect(now.length).toBe(before + 1);
  });

  it('a redelivered phase save makes one history entry', async () => {
    const c = channel();
    const { card, pilotId } = await createRaisio(c);
    const form = await press(c, card, 'Tee väliarviointi');
    const typed = answersInput(raisio.evaluations.midpoint!);
    await Promise.all([
      press(c, form.card, 'Tallenna väliarviointi', typed),
      press(c, form.card, 'Tallenna väliarviointi', typed),
    ]);
    const again = await press(c, form.card, 'Tallenna väliarviointi', typed);
    expect(cardText(again.card)).toContain('Tämä oli jo tallennettu');
    const saved = (await pilots.listHistory(pilotId)).filter((h) => h.what === 'phaseSaved');
    expect(saved).toHaveLength(1);
  });

  it("two owners editing the same phase: the second gets the first one's answers back with a notice, and keeps their own text", async () => {
    const c = channel();
    const { card, pilotId } = await createRaisio(c, { owners: DEACON.aadObjectId });
    const deacon = as(c, DEACON);
    const mine = await press(c, card, 'Tee väliarviointi');
    const theirs = await press(deacon, card, 'Tee väliarviointi');
    const first = { ...answersInput(raisio.evaluations.midpoint!), q_overallAssessment: 'Aino: tavoittavuus heikko.' };
    const second = {
      ...answersInput(raisio.evaluations.midpoint!),
      q_overallAssessment: 'Pirjo: yhteistyö tiivistyi.',
    };
    await press(c, mine.card, 'Tallenna väliarviointi', first);
    const conflict = await press(deacon, theirs.card, 'Tallenna väliarviointi', second);
    expect(conflict.status).toBe(200);
    const text = cardText(conflict.card);
    expect(text).toContain('Aino Virtanen tallensi tämän vaiheen sillä välin');
    expect(inputsOf(conflict.card).q_overallAssessment).toBe('Aino: tavoittavuus heikko.');
    expect(text).toContain('Pirjo: yhteistyö tiivistyi.');
    expect((await pilots.getPhase(pilotId, 'midpoint'))?.evaluation.answers.overallAssessment).toBe(
      'Aino: tavoittavuus heikko.',
    );
    // Saving again from the refreshed card goes through.
    const merged = await press(deacon, conflict.card, 'Tallenna väliarviointi', {
      q_overallAssessment: 'Aino ja Pirjo: molemmat.',
    });
    expect(cardText(merged.card)).toContain('Tallennettu.');
    expect((await pilots.getPhase(pilotId, 'midpoint'))?.evaluation.answers.overallAssessment).toBe(
      'Aino ja Pirjo: molemmat.',
    );
  });
});

describe('who may do what', () => {
  it('a team member who is not an owner reads the card but cannot open or save a phase', async () => {
    const c = channel();
    const { card, pilotId } = await createRaisio(c);
    const counsellor = as(c, COUNSELLOR);
    const view = await press(counsellor, card, 'Päivitä', {}, {}).catch(() => undefined);
    expect(view).toBeUndefined(); // the card has no such button: refresh is automatic
    const refreshed = await counsellor.send({ ...counsellor.execute('pilot', { pilotId }), replyToId: 'x' });
    const memberCard = (refreshed.body as { value: Card }).value;
    expect(cardText(memberCard)).toContain(raisio.name);
    expect(buttonsOf(memberCard)).not.toContain('Tee väliarviointi');
    expect(buttonsOf(memberCard)).toContain('Kirjaa käyntikerta');
    // Pressing the owner's button anyway (an old card, a forged invoke) is refused and changes nothing.
    const denied = await press(counsellor, card, 'Tee väliarviointi');
    expect(cardText(denied.card)).toContain('Vain kokeilun vastuuhenkilöt');
    const forged = await counsellor.send(
      counsellor.execute('savePhase', {
        pilotId,
        phase: 'midpoint',
        etag: '',
        idem: crypto.randomUUID(),
        q_targetGroupReached: 'x',
        q_overallAssessment: 'y',
      }),
    );
    expect(cardText((forged.body as { value: Card }).value)).toContain('Vain kokeilun vastuuhenkilöt');
    expect(await pilots.getPhase(pilotId, 'midpoint')).toBeUndefined();
  });

  it('someone outside the team, or in another tenant, sees nothing of the pilot', async () => {
    const c = channel();
    const { pilotId } = await createRaisio(c);
    const personal = new TeamsClient({
      botUrl: polku.url,
      serviceUrl: connector.url,
      scope: 'personal',
      locale: 'fi-FI',
    });
    const outsider = as(personal, OUTSIDER);
    const res = await outsider.send(outsider.execute('pilot', { pilotId }));
    const card = (res.body as { value: Card }).value;
    expect(cardText(card)).toContain('Kokeilua ei löydy');
    expect(cardText(card)).not.toContain(raisio.name);
    const otherTenant = as(personal, USER);
    const foreign = await otherTenant.send({
      ...otherTenant.execute('pilot', { pilotId }),
      channelData: { tenant: { id: 'another-tenant' } },
      conversation: { id: 'a:1other', conversationType: 'personal', tenantId: 'another-tenant' },
    });
    expect(cardText((foreign.body as { value: Card }).value)).not.toContain(raisio.name);
  });

  it('a client without Universal Actions presses the Action.Submit fallback and gets the card as a message', async () => {
    const c = channel();
    const { card, pilotId } = await createRaisio(c);
    const fallback = (card.actions as { fallback: { data: Record<string, unknown> } }[])[0].fallback;
    expect(fallback.data).toMatchObject({ verb: 'openPhase', pilotId, phase: 'midpoint' });
    connector.clear();
    await c.send(c.submit(fallback.data));
    expect(cardText(connector.cards()[0])).toContain('Väliarviointivaihe');
  });

  it('an unknown verb gets a 400 with a message, not a crash', async () => {
    const c = channel();
    const res = await c.send(c.execute('dropTables', {}));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      value: { message: expect.stringContaining('Tätä toimintoa ei tunnisteta') },
    });
  });
});

describe('the team', () => {
  it('is named on the new-pilot card even when the channel message carries only its id', async () => {
    const c = channel();
    await c.send(c.installationUpdate('add')); // Teams names the team when Polku is added
    const bare = new TeamsClient({ botUrl: polku.url, serviceUrl: connector.url, scope: 'channel', locale: 'fi-FI' });
    const base = bare.base.bind(bare);
    bare.base = (extra = {}) => {
      const a = base(extra);
      (a.channelData as { team: { id: string; name?: string } }).team = { id: TEAM.id };
      return a;
    };
    connector.clear();
    await bare.send(bare.message('uusi kokeilu'));
    expect(cardText(connector.cards()[0])).toContain('Tiimi: Raision aikuissosiaalityö');
  });
});
