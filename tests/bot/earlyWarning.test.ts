/**
 * The early warning, as the owners of the parish drop-in meet it, on real Azurite and real HTTP
 * with a controlled clock: a target of at least 1 wanting to talk per session, set on the
 * new-pilot card; 3 in 4 sessions. One warning card after the 4th session, none a week later;
 * the owners' answer goes into the history and shows at the midpoint. Two empty planned slots warn
 * a pilot without targets.
 */
import type { Pilot } from '../../bot/domain/pilots';
import type { PilotStore } from '../../bot/storage/pilots';
import { ReminderStore } from '../../bot/storage/reminders';
import { cardText } from '../harness/cards';
import { buttonsOf, type Card, press } from '../harness/cardForm';
import { cardProblems } from '../harness/cards';
import type { FakeConnector } from '../harness/connector';
import type { TestPolku } from '../harness/polku';
import { DROP_IN_SESSION } from '../harness/pilots';
import { cardsIn, createPilotByCards, type ReminderBench, startReminderBench } from '../harness/reminders';
import type { TeamsClient } from '../harness/teams';

let clock = new Date('2027-03-01T08:00:00+02:00');
const at = (iso: string) => (clock = new Date(iso));

let bench: ReminderBench;
let polku: TestPolku;
let connector: FakeConnector;
let pilots: PilotStore;
let personal: TeamsClient;
let channel: TeamsClient;

beforeAll(async () => {
  bench = await startReminderBench(() => clock);
  ({ polku, connector, pilots, personal, channel } = bench);
});
afterAll(() => bench.stop());
beforeEach(() => connector.clear());

const sweep = (iso: string) => polku.sweep(new Date(iso));
/** The warning cards that reached the owner's personal chat for this pilot. */
const warningsOf = (pilot: Pilot): Card[] =>
  cardsIn(connector.sent.filter((s) => s.conversationId === personal.conversationId)).filter((c) =>
    cardText(c).includes(`Varhainen varoitus: ${pilot.name}`),
  );

/** The drop-in of spring 2027, with a target of at least 1 wanting to talk per session, set on the new-pilot card. */
const pilotWithTarget = () =>
  createPilotByCards(
    { channel, connector, pilots },
    {
      startDate: '2027-03-01',
      midpointDate: '2027-04-12',
      endDate: '2027-05-31',
      target1: 'wantedToTalkPerSession',
      target1Op: 'atLeast',
      target1Value: '1',
    },
  );

async function logSession(pilot: Pilot, date: string, wantedToTalk: number): Promise<Card> {
  const res = await channel.send(channel.execute('logSession', { pilotId: pilot.id }));
  const form = (res.body as { value: Card }).value;
  const typed = {
    ...DROP_IN_SESSION,
    date,
    c_wantedToTalk: String(wantedToTalk),
    c_declined: String(6 - wantedToTalk),
  };
  return (await press(channel, form, 'Tallenna kirjaus', typed)).card;
}

describe('below target over the last 4 sessions', () => {
  it('one card after the 4th session, with the workshops remedies; none a week later; the answer is kept and shown at the midpoint', async () => {
    at('2027-03-01T08:00:00+02:00');
    const pilot = await pilotWithTarget();
    expect(pilot.targets).toEqual([{ measure: 'wantedToTalkPerSession', op: 'atLeast', value: 1 }]);

    // Mondays 1.3.–22.3.: 1, 0, 1, 1 wanted to talk.
    const days: [string, number][] = [
      ['2027-03-01', 1],
      ['2027-03-08', 0],
      ['2027-03-15', 1],
      ['2027-03-22', 1],
    ];
    for (const [i, [date, wanted]] of days.entries()) {
      at(`${date}T11:30:00+02:00`);
      const saved = await logSession(pilot, date, wanted);
      expect(cardText(saved)).toContain('Tavoitteet');
      await sweep(`${date}T11:31:00+02:00`);
      expect(warningsOf(pilot)).toHaveLength(i < 3 ? 0 : 1);
    }

    const [card] = warningsOf(pilot);
    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toContain('Keskustelua haluavat / päivystys: 0,75 (tavoite vähintään 1) – alle tavoitteen');
    expect(text).toContain('Viimeiset 4 kertaa');
    for (const remedy of [
      'samaan aikaan ja samassa paikassa',
      'puskaradio, Kela, ruoan jakelu',
      'kutsua sosiaalityöntekijän mukaan',
      'Kolmen toimijan päivystys',
      'missä ihmiset jo ovat',
      'Kyky luopua toimimattomista',
    ]) {
      expect(text).toContain(remedy);
    }
    // The status says the same, to everyone in the channel.
    const status = await channel.send(channel.execute('status', { pilotId: pilot.id }));
    expect(cardText((status.body as { value: Card }).value)).toContain('0,75 (tavoite vähintään 1) – alle tavoitteen');

    // A week later, still below: no second warning within two weeks.
    connector.clear();
    at('2027-03-29T11:30:00+02:00');
    await logSession(pilot, '2027-03-29', 0);
    await sweep('2027-03-29T11:31:00+02:00');
    expect(warningsOf(pilot)).toHaveLength(0);

    // An answer with an identity code is refused beside the field, and what was typed stays.
    expect(buttonsOf(card)).toContain('Tallenna vastaus');
    const typed = 'Diakoni kutsuu sosiaalityöntekijän huoneeseen; asiakas 131052-308T';
    const refused = await press(personal, card, 'Tallenna vastaus', { warningAnswer: typed });
    expect(cardText(refused.card)).toContain('henkilötunnus');
    expect(JSON.stringify(refused.card)).toContain('131052-308T');
    expect((await pilots.getPilot(pilot.id))!.pilot.warning?.answer).toBeUndefined();

    const answer = 'Diakoni kutsuu sosiaalityöntekijän mukaan keskusteluun, ja kokeilemme kolmen toimijan päivystystä.';
    const saved = await press(personal, card, 'Tallenna vastaus', { warningAnswer: answer });
    expect(cardText(saved.card)).toContain('Vastaus tallennettiin kokeilun historiaan');
    const history = await pilots.listHistory(pilot.id);
    expect(history.map((h) => h.what)).toEqual(expect.arrayContaining(['warningSent', 'warningAnswered']));
    expect(history.find((h) => h.what === 'warningAnswered')?.warning?.answer).toBe(answer);

    // At the midpoint, the form shows the targets against the actuals and the answer.
    at('2027-04-12T09:00:00+03:00');
    const open = await channel.send(channel.execute('openPhase', { pilotId: pilot.id, phase: 'midpoint' }));
    const midpoint = cardText((open.body as { value: Card }).value);
    expect(midpoint).toContain('Varhainen varoitus 22.3.2027: mitä päätitte kokeilla');
    expect(midpoint).toContain(answer);
    expect(midpoint).toContain('0,6 (tavoite vähintään 1) – alle tavoitteen');
  });
});

describe('two planned slots with nothing logged', () => {
  it('warn the owners of a pilot without targets, once', async () => {
    at('2027-03-01T08:00:00+02:00');
    const pilot = await createPilotByCards(
      { channel, connector, pilots },
      { startDate: '2027-03-01', midpointDate: '2027-04-12', endDate: '2027-05-31' },
    );
    at('2027-03-01T11:30:00+02:00');
    await logSession(pilot, '2027-03-01', 2);
    // The prompts after 8.3. and 15.3. go unanswered.
    await sweep('2027-03-08T12:00:00+02:00');
    await sweep('2027-03-09T09:05:00+02:00');
    // The morning after 8.3.: one slot empty, 1.3. logged.
    expect(warningsOf(pilot)).toHaveLength(0);
    await sweep('2027-03-15T12:00:00+02:00');
    await sweep('2027-03-16T09:05:00+02:00');
    await sweep('2027-03-16T09:10:00+02:00');
    const warnings = warningsOf(pilot);
    expect(warnings).toHaveLength(1);
    expect(cardText(warnings[0])).toContain('8.3.2027, 15.3.2027');
  });
});

describe('sessions below target logged within one hour', () => {
  it('put one early-warning check on the schedule, not one each, and warn once', async () => {
    at('2027-03-01T08:00:00+02:00');
    const pilot = await pilotWithTarget();
    // Five Mondays caught up on one afternoon, ten minutes apart: nobody wanted to talk. The 4th
    // and the 5th are each below target over the last four.
    const dates = ['2027-03-01', '2027-03-08', '2027-03-15', '2027-03-22', '2027-03-29'];
    for (const [i, date] of dates.entries()) {
      at(`2027-03-29T14:${String(5 + i * 10).padStart(2, '0')}:00+03:00`);
      await logSession(pilot, date, 0);
    }
    const checks = (
      await new ReminderStore(polku.store).scheduled(new Date('2027-03-29T11:00:00Z'), new Date('2027-03-29T12:00:00Z'))
    ).filter((r) => r.pilotId === pilot.id && r.kind === 'warning');
    expect(checks).toHaveLength(1);
    await sweep('2027-03-29T14:55:00+03:00');
    expect(warningsOf(pilot)).toHaveLength(1);
  });
});
