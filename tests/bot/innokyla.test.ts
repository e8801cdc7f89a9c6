/**
 * The Innokylä draft in the bot, through the HTTP harness in Finnish: an owner opens More actions
 * → "Innokylä-kuvauksen luonnos" and gets the draft's sections on a card that Teams renders
 * (Adaptive Cards 1.5, under 28 KB even with long answers, typed Markdown shown as typed) and
 * that points to the Word file on the tab; a member has no such button.
 */
import { randomUUID } from 'node:crypto';
import { pilotFromSeed } from '../../bot/demo/load';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { strings } from '../../bot/i18n';
import { PilotStore } from '../../bot/storage/pilots';
import { cardProblems, cardText } from '../harness/cards';
import { buttonsOf, type Card, press } from '../harness/cardForm';
import { FakeConnector } from '../harness/connector';
import { cardMarkup, shownTexts } from '../harness/markdown';
import { startTestPolku, type TestPolku } from '../harness/polku';
import { as, DEACON, OWNER, TEAM, TeamsClient, TENANT, USER } from '../harness/teams';

const raisio = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;
const ACTION = 'Innokylä-kuvauksen luonnos';
const SECTIONS = Object.values(strings('fi').innokyla.sections);

let polku: TestPolku;
let connector: FakeConnector;
let pilots: PilotStore;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  connector.members.set(TEAM.id, [OWNER, DEACON]);
  polku = await startTestPolku({}, { now: () => new Date('2027-04-20T09:00:00+03:00') });
  pilots = new PilotStore(polku.store);
  const c = channel();
  expect((await c.send(c.installationUpdate('add'))).status).toBe(200);
});
afterAll(async () => {
  await polku.stop();
  await connector.stop();
});

const channel = () =>
  new TeamsClient({ botUrl: polku.url, serviceUrl: connector.url, scope: 'channel', locale: 'fi-FI' });

/** The seeds' parish drop-in owned by Aino, its start phase answered as given. Returns its id and name. */
async function parishPilot(answers = raisio.evaluations.start ?? {}): Promise<{ id: string; name: string }> {
  const id = randomUUID();
  const at = '2027-03-01T10:00:00.000Z';
  const name = `Päivystys ${id.slice(0, 8)}`;
  await pilots.createPilotWithStart(
    {
      ...pilotFromSeed(raisio, { id, team: { tenantId: TENANT, teamId: TEAM.id }, owner: USER.aadObjectId, at }),
      name,
      ownerNames: { [USER.aadObjectId]: USER.name },
    },
    { answers, by: USER.aadObjectId, at },
  );
  return { id, name };
}

async function pilotCardOf(c: TeamsClient, pilotId: string): Promise<Card> {
  return ((await c.send(c.execute('pilot', { pilotId }))).body as { value: Card }).value;
}

describe('"Innokylä-kuvauksen luonnos" on the pilot card', () => {
  it("answers an owner with the draft's sections, the pilot's answers and where the Word file is", async () => {
    const { id, name } = await parishPilot();
    const c = channel();
    const card = await pilotCardOf(c, id);
    expect(buttonsOf(card)).toContain(ACTION);
    const draft = await press(c, card, ACTION);
    expect(draft.status).toBe(200);
    expect(cardProblems(draft.card)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(draft.card))).toBeLessThan(28 * 1024);
    const shown = shownTexts(draft.card);
    expect(shown[0]).toBe(`${ACTION}: ${name}`);
    for (const heading of SECTIONS) expect(shown).toContain(heading);
    const text = shown.join('\n');
    expect(text).toContain(raisio.evaluations.start!.targetGroup!.trim().split('\n')[0]);
    expect(text).toContain('[Täydennä: maakunta tai hyvinvointialue]');
    expect(text).toContain('Word-tiedosto (.docx) ja Markdown-tiedosto ovat välilehden kokeilusivulla');
    // Back to the pilot card from here.
    expect(buttonsOf(draft.card)).toEqual(['Takaisin kokeilun korttiin']);
  });

  it('keeps the card under 28 KB with very long answers, shortened and said so, and shows typed Markdown as typed', async () => {
    const long = 'Asiakkaat kertoivat tilanteestaan pitkästi. '.repeat(400);
    const typed = '# Otsikko *lihava* [avaa tästä](https://evil.example)';
    const start = raisio.evaluations.start ?? {};
    const { id } = await parishPilot({
      ...start,
      targetGroup: `${typed}\n\n${long}`,
      problem: long,
      activity: long,
      expectationsPositive: long,
      expectationsNegative: long,
      evaluationMethod: long,
      resources: long,
    });
    const c = channel();
    const draft = await press(c, await pilotCardOf(c, id), ACTION);
    expect(cardProblems(draft.card)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(draft.card))).toBeLessThanOrEqual(28 * 1024);
    const text = shownTexts(draft.card).join('\n');
    expect(text).toContain(typed);
    expect(text).toContain('Pitkät vastaukset on lyhennetty kortilla.');
    expect(text).toContain('…');
    // No link, heading or emphasis: the card's texts are plain text to a Markdown reader.
    expect(cardMarkup(draft.card)).toEqual([]);
    // Nothing typed reaches the logs.
    expect(polku.logs.join('\n')).not.toContain('Otsikko');
  });

  it('is not offered to a member who owns nothing', async () => {
    const { id } = await parishPilot();
    const deacon = as(channel(), DEACON);
    const card = await pilotCardOf(deacon, id);
    expect(cardText(card)).toContain('Päivystys');
    expect(buttonsOf(card)).not.toContain(ACTION);
  });

  it('answers a pilot that is not there as not found', async () => {
    const c = channel();
    const r = (await c.send(c.execute('innokylaDraft', { pilotId: randomUUID() }))).body as { value: Card };
    expect(cardText(r.value)).toContain(strings('fi').errors.notFound);
  });
});
