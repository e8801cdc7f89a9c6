/**
 * Data protection through the bot, over HTTP as Teams drives it (real Azurite): an owner deletes a
 * pilot after typing its name; a person asks what Polku holds about them and has it removed.
 */
import { randomUUID } from 'node:crypto';
import { pilotFromSeed } from '../../bot/demo/load';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import type { Pilot } from '../../bot/domain/pilots';
import { isPseudonym } from '../../bot/domain/privacy';
import { PilotStore } from '../../bot/storage/pilots';
import { ReminderStore } from '../../bot/storage/reminders';
import { cardProblems, cardText } from '../harness/cards';
import { buttonsOf, type Card, inputsOf, press } from '../harness/cardForm';
import { FakeConnector } from '../harness/connector';
import { startTestPolku, type TestPolku } from '../harness/polku';
import { as, DEACON, OWNER, TEAM, TEAM_OWNER, TeamsClient, TENANT, USER } from '../harness/teams';

let polku: TestPolku;
let connector: FakeConnector;
let pilots: PilotStore;
let reminders: ReminderStore;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  connector.members.set(TEAM.id, [OWNER, DEACON, TEAM_OWNER]);
  polku = await startTestPolku();
  pilots = new PilotStore(polku.store);
  reminders = new ReminderStore(polku.store);
});
afterAll(async () => {
  await polku.stop();
  await connector.stop();
});
beforeEach(() => connector.clear());

const client = (scope: 'channel' | 'personal', locale = 'fi-FI') =>
  new TeamsClient({ botUrl: polku.url, serviceUrl: connector.url, scope, locale });

/** The Raisio parish drop-in, owned by Aino (and Pirjo the deacon when `withDeacon`), with two sessions. */
async function seedPilot(withDeacon = false): Promise<Pilot> {
  const seed = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;
  const pilot: Pilot = {
    ...pilotFromSeed(seed, {
      id: randomUUID(),
      team: { tenantId: TENANT, teamId: TEAM.id },
      owner: USER.aadObjectId,
      at: new Date().toISOString(),
    }),
    name: `Seurakunnan päivystys ${randomUUID().slice(0, 4)}`,
    ownerNames: { [USER.aadObjectId]: USER.name, ...(withDeacon ? { [DEACON.aadObjectId]: DEACON.name } : {}) },
  };
  if (withDeacon) pilot.owners = [USER.aadObjectId, DEACON.aadObjectId];
  const r = await pilots.createPilotWithStart(pilot, {
    answers: seed.evaluations.start ?? {},
    by: USER.aadObjectId,
    at: pilot.createdAt,
  });
  expect(r.created).toBe(true);
  for (const [i, s] of seed.sessions.slice(0, 2).entries()) {
    await pilots.recordSession(
      {
        id: randomUUID(),
        pilotId: pilot.id,
        date: s.date,
        hours: s.hours,
        counts: s.counts,
        loggedBy: i === 0 || !withDeacon ? USER.aadObjectId : DEACON.aadObjectId,
        loggedAt: `${s.date}T12:00:00.000Z`,
      },
      randomUUID(),
    );
  }
  await reminders.schedule(
    pilot.id,
    { key: 'end|before', kind: 'phase', phase: 'end', dueAt: new Date('2030-01-07T07:00:00.000Z') },
    new Date(),
  );
  return pilot;
}

async function execute(c: TeamsClient, verb: string, data: Record<string, unknown> = {}) {
  const res = await c.send(c.execute(verb, data));
  const body = res.body as { statusCode?: number; value?: Card };
  return { status: res.status, body, card: (body?.value ?? {}) as Card };
}

describe('deleting a pilot', () => {
  it('an owner finds it under the pilot card, is told what goes, types the name, and everything is gone', async () => {
    const pilot = await seedPilot();
    const c = client('channel');
    const shown = await execute(c, 'pilot', { pilotId: pilot.id });
    expect(buttonsOf(shown.card)).toContain('Poista kokeilu…');

    const ask = await press(c, shown.card, 'Poista kokeilu…');
    expect(cardProblems(ask.card)).toEqual([]);
    const text = cardText(ask.card);
    expect(text).toContain(`Poistetaanko kokeilu ”${pilot.name}”?`);
    expect(text).toContain('Käyntikertoja: 2. Tallennettuja arviointivaiheita: 1. Historiamerkintöjä: 1.');
    expect(text).toContain('Vie tiedot → Kaikki tiedot (JSON)');

    // A wrong name deletes nothing, says why beside the field, and keeps what was typed.
    const wrong = await press(c, ask.card, 'Poista pysyvästi', { confirmName: 'Seurakunnan päivystys' });
    expect(cardText(wrong.card)).toContain(`Nimi ei vastaa kokeilun nimeä ”${pilot.name}”. Mitään ei poistettu.`);
    expect(inputsOf(wrong.card).confirmName).toBe('Seurakunnan päivystys');
    expect(await pilots.getPilot(pilot.id)).toBeDefined();

    // The name as a person types it: other case, extra spaces.
    const typed = `  ${pilot.name.toUpperCase().replace(' ', '  ')} `;
    const done = await press(c, wrong.card, 'Poista pysyvästi', { confirmName: typed });
    expect(cardText(done.card)).toContain(
      `Kokeilu ”${pilot.name}” poistettiin. Käyntikertoja: 2. Arviointivaiheita: 1. Historiamerkintöjä: 1. Muistutusrivejä: 1.`,
    );
    // Everyone else in the channel sees the card replaced by a notice without the data.
    expect(cardText(connector.updatedCards()[0])).toContain('Kokeilun omistaja poisti tämän kokeilun');

    expect(await pilots.getPilot(pilot.id)).toBeUndefined();
    expect(await polku.store.table('pilots').partition(pilot.id)).toEqual([]);
    expect((await pilots.listTeamPilots(pilot.team)).some((s) => s.pilot.id === pilot.id)).toBe(false);
    expect((await reminders.ofPilot(pilot.id)).scheduled).toEqual([]);
    // The log says what and how much, never the name.
    const line = polku.logs.find((l) => l.includes('"pilot deleted"'));
    expect(line).toContain(pilot.id);
    expect(polku.logs.join('\n')).not.toContain(pilot.name);

    // The old card's buttons now find nothing.
    const again = await execute(c, 'pilot', { pilotId: pilot.id });
    expect(cardText(again.card)).toContain('Kokeilua ei löydy');
  });

  it("the team's owner, who owns no pilot, may delete it too", async () => {
    const pilot = await seedPilot();
    const tuula = as(client('channel'), TEAM_OWNER);
    const shown = await execute(tuula, 'pilot', { pilotId: pilot.id });
    expect(buttonsOf(shown.card)).toContain('Poista kokeilu…');
    const ask = await press(tuula, shown.card, 'Poista kokeilu…');
    const done = await press(tuula, ask.card, 'Poista pysyvästi', { confirmName: pilot.name });
    expect(cardText(done.card)).toContain(`Kokeilu ”${pilot.name}” poistettiin.`);
    expect(await pilots.getPilot(pilot.id)).toBeUndefined();
  });

  it('a member who is not an owner is refused, in their language, and nothing is deleted', async () => {
    const pilot = await seedPilot();
    const deacon = as(client('channel', 'sv-FI'), DEACON);
    const ask = await execute(deacon, 'deletePilotAsk', { pilotId: pilot.id });
    expect(cardText(ask.card)).toContain('Endast försökets ägare och teamets ägare kan radera försöket.');
    const forced = await execute(deacon, 'deletePilot', { pilotId: pilot.id, confirmName: pilot.name });
    expect(cardText(forced.card)).toContain('Endast försökets ägare');
    expect(await pilots.getPilot(pilot.id)).toBeDefined();
  });
});

describe("a person's own data", () => {
  it('"omat tiedot" in a channel points to the personal chat and shows nothing', async () => {
    await seedPilot(true);
    const c = as(client('channel'), DEACON);
    await c.send(c.message('omat tiedot'));
    const card = connector.cards()[0];
    expect(cardText(card)).toContain('Kysy tätä henkilökohtaisessa keskustelussa Polun kanssa');
    expect(cardText(card)).not.toContain(DEACON.aadObjectId);
  });

  it('in the personal chat, lists where they appear; removal replaces them with a pseudonym everywhere', async () => {
    const pilot = await seedPilot(true);
    const me = as(client('personal', 'en-GB'), DEACON);
    await me.send(me.message('my data'));
    const report = connector.cards()[0] as Card;
    expect(cardProblems(report)).toEqual([]);
    const text = cardText(report);
    expect(text).toContain('What Polku holds about you');
    expect(text).toContain(DEACON.aadObjectId);
    expect(text).toContain(pilot.name);
    expect(text).toContain(`owner · name kept: ${DEACON.name} · sessions logged: 1`);

    const ask = await press(me, report, 'Remove my name and id…');
    expect(cardText(ask.card)).toContain('You will no longer be an owner of these pilots');
    const done = await press(me, ask.card, 'Remove');
    expect(cardText(done.card)).toMatch(
      /Your name was removed and your id replaced with a pseudonym. Pilots changed: \d+ \(\d+ rows\)/,
    );

    const after = (await pilots.pilotRecord(pilot.id))!;
    expect(after.pilot.owners[0]).toBe(USER.aadObjectId);
    expect(isPseudonym(after.pilot.owners[1])).toBe(true);
    expect(after.pilot.ownerNames).toEqual({ [USER.aadObjectId]: USER.name });
    expect(after.sessions.filter((s) => isPseudonym(s.loggedBy))).toHaveLength(1);
    expect(after.totals.sessions).toBe(2);
    expect(JSON.stringify(after)).not.toContain(DEACON.aadObjectId);
    expect(polku.logs.join('\n')).not.toContain(DEACON.name);

    // She is now a member like any other: the pilot card gives her no owner's buttons.
    const card = await execute(as(client('channel'), DEACON), 'pilot', { pilotId: pilot.id });
    expect(buttonsOf(card.card)).not.toContain('Poista kokeilu…');

    connector.clear();
    await me.send(me.message('my data'));
    expect(cardText(connector.cards()[0])).not.toContain(pilot.name);
  });
});
