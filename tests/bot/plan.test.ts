/**
 * Plans by frequency and the baseline through HTTP, as Teams drives them: the new-pilot card
 * filled by its input ids, its buttons pressed by their titles, the pilot read back from real Azurite.
 */
import { answersInput } from '../harness/pilots';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { PilotStore } from '../../bot/storage/pilots';
import { cardProblems, cardText } from '../harness/cards';
import { type Card, inputOf, inputsOf, press } from '../harness/cardForm';
import { FakeConnector } from '../harness/connector';
import { startTestPolku, type TestPolku } from '../harness/polku';
import { DEACON, OWNER, TEAM, TeamsClient } from '../harness/teams';

const mylly = SEED_PILOTS.find((p) => p.key === 'raisio-mylly-shopping-centre')!;

let polku: TestPolku;
let connector: FakeConnector;
let pilots: PilotStore;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  connector.members.set(TEAM.id, [OWNER, DEACON]);
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

/** A monthly drop-in on the first Monday, February–May 2027: 4 planned sessions. */
const monthly = {
  name: 'Jalkautuminen kauppakeskukseen kerran kuussa',
  municipality: 'Raisio',
  kind: 'dropIn',
  frequency: 'monthlyWeekday',
  monthWeek: '1',
  weekdays: '1',
  startTime: '14:00',
  hoursPerSession: '2',
  place: 'Seurakunnan tila, kauppakeskus Mylly',
  partners: 'parish,kela',
  baseline: 'ei aiempaa jalkautumista',
  startDate: '2027-02-01',
  midpointDate: '2027-03-15',
  endDate: '2027-05-31',
};

async function newPilotCard(c: TeamsClient): Promise<Card> {
  connector.clear();
  await c.send(c.message('uusi kokeilu'));
  const [card] = connector.cards();
  return card;
}

/** The texts of the field that holds this input: its error stands beside it. */
function besideField(card: Card, id: string): string[] {
  let found: string[] | undefined;
  const walk = (n: unknown): void => {
    if (found || !n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    const o = n as Record<string, unknown>;
    const items = o.items;
    if (o.type === 'Container' && Array.isArray(items) && items.some((i) => (i as Record<string, unknown>).id === id)) {
      found = items
        .filter((i) => (i as Record<string, unknown>).type === 'TextBlock')
        .map((i) => String((i as Record<string, unknown>).text));
      return;
    }
    Object.values(o).forEach(walk);
  };
  walk(card);
  return found ?? [];
}

describe('a plan by frequency, from the new-pilot card', () => {
  it('the card offers every frequency and the fields each needs, valid for Teams', async () => {
    const step1 = await newPilotCard(channel());
    expect(cardProblems(step1)).toEqual([]);
    const frequency = inputOf(step1, 'frequency');
    expect(frequency?.label).toBe('Kuinka usein');
    expect(frequency?.value).toBe('weekly');
    expect((frequency?.choices as { value: string }[]).map((x) => x.value)).toEqual([
      'weekly',
      'everyOtherWeek',
      'monthlyWeekday',
      'monthlyDay',
      'dates',
    ]);
    expect(frequency?.style).toBe('compact');
    for (const id of ['monthWeek', 'monthDay', 'planDates', 'baseline']) expect(inputOf(step1, id)?.label).toBeTruthy();
    const en = channel('en-GB');
    const enCard = await newPilotCard(en);
    expect(inputOf(enCard, 'frequency')?.label).toBe('How often');
    const sv = channel('sv-FI');
    expect(inputOf(await newPilotCard(sv), 'monthWeek')?.choices).toContainEqual({ title: 'första', value: '1' });
  });

  it('a monthly pilot in Finnish: the plan line says it, the status counts 4 planned sessions, the baseline stands beside the figures', async () => {
    const c = channel();
    const step2 = await press(c, await newPilotCard(c), 'Jatka aloitusvaiheen kysymyksiin', monthly);
    expect(cardText(step2.card)).toContain('Aloitusvaihe');
    const created = await press(
      c,
      step2.card,
      'Tallenna aloitusvaihe ja luo kokeilu',
      answersInput(mylly.evaluations.start!),
    );
    expect(cardProblems(created.card)).toEqual([]);
    const text = cardText(created.card);
    expect(text).toContain('Kokeilu luotu');
    expect(text).toContain(
      'Suunnitelma\njoka kuun ensimmäinen maanantai klo 14:00, 2 h, Seurakunnan tila, kauppakeskus Mylly',
    );
    const pilotId = (created.card.refresh as { action: { data: { pilotId: string } } }).action.data.pilotId;

    const stored = (await pilots.getPilot(pilotId))!.pilot;
    expect(stored.plan.frequency).toEqual({ kind: 'monthlyWeekday', week: '1' });
    expect(stored.plan.weekdays).toEqual([1]);
    expect(stored.baseline).toBe('ei aiempaa jalkautumista');

    const status = (await c.send(c.execute('status', { pilotId }))).body as { value: Card };
    expect(cardProblems(status.value)).toEqual([]);
    const statusText = cardText(status.value);
    expect(statusText).toContain('0 / 4 kertaa');
    expect(statusText).toContain('Lähtötaso ennen kokeilua\nei aiempaa jalkautumista');

    // In Swedish and English the pilot card says the same plan in their words.
    const en = channel('en-GB');
    const enCard = ((await en.send(en.execute('pilot', { pilotId }))).body as { value: Card }).value;
    expect(cardText(enCard)).toContain('the first Monday of every month at 14:00, 2 h');
    const sv = channel('sv-FI');
    const svCard = ((await sv.send(sv.execute('pilot', { pilotId }))).body as { value: Card }).value;
    expect(cardText(svCard)).toContain('första måndagen i varje månad kl. 14:00, 2 h');
  });

  it('every other week and a list of dates read as the team wrote them', async () => {
    const c = channel();
    const step1 = await newPilotCard(c);
    const other = await press(c, step1, 'Jatka aloitusvaiheen kysymyksiin', {
      ...monthly,
      frequency: 'everyOtherWeek',
      weekdays: '1,3',
    });
    const created = await press(
      c,
      other.card,
      'Tallenna aloitusvaihe ja luo kokeilu',
      answersInput(mylly.evaluations.start!),
    );
    expect(cardText(created.card)).toContain('joka toinen viikko maanantaisin ja keskiviikkoisin klo 14:00');
    const dates = await press(c, await newPilotCard(c), 'Jatka aloitusvaiheen kysymyksiin', {
      ...monthly,
      frequency: 'dates',
      planDates: '1.3.2027, 2027-02-01',
    });
    const withDates = await press(
      c,
      dates.card,
      'Tallenna aloitusvaihe ja luo kokeilu',
      answersInput(mylly.evaluations.start!),
    );
    expect(cardText(withDates.card)).toContain('sovittuina päivinä 1.2.2027, 1.3.2027 klo 14:00');
  });

  it('a bad frequency input comes back with the reason beside the field and everything typed kept', async () => {
    const c = channel();
    const typed = {
      ...monthly,
      frequency: 'dates',
      planDates: '1.2.2027, 29.3.2027',
      baseline: '0–6 puhelua päivässä',
    };
    const back = await press(c, await newPilotCard(c), 'Jatka aloitusvaiheen kysymyksiin', typed);
    expect(back.status).toBe(200);
    expect(cardProblems(back.card)).toEqual([]);
    expect(cardText(back.card)).toContain('Korjaa merkityt kohdat');
    expect(besideField(back.card, 'planDates')).toEqual([
      '29.3.2027 on pyhäpäivä, juhannusaatto tai jouluaatto, eikä silloin ole käyntiä. Valitse toinen päivä.',
    ]);
    const kept = inputsOf(back.card);
    expect(kept.frequency).toBe('dates');
    expect(kept.planDates).toBe('1.2.2027, 29.3.2027');
    expect(kept.baseline).toBe('0–6 puhelua päivässä');
    expect(kept.name).toBe(monthly.name);
    expect(kept.weekdays).toBe('1');

    const noDay = await press(c, back.card, 'Jatka aloitusvaiheen kysymyksiin', {
      frequency: 'monthlyDay',
      monthDay: '',
    });
    expect(besideField(noDay.card, 'monthDay')).toEqual(['Anna kuukauden päivä väliltä 1–31.']);
    expect(inputsOf(noDay.card).frequency).toBe('monthlyDay');

    const en = channel('en-GB');
    const enBack = await press(en, await newPilotCard(en), 'Continue to the start-phase questions', {
      ...monthly,
      frequency: 'monthlyWeekday',
      monthWeek: '',
    });
    expect(besideField(enBack.card, 'monthWeek')).toEqual([
      'Choose which weekday of the month (for example the first).',
    ]);
  });

  it('an identity code in the baseline is refused with the reason, the text kept', async () => {
    const c = channel();
    const back = await press(c, await newPilotCard(c), 'Jatka aloitusvaiheen kysymyksiin', {
      ...monthly,
      baseline: 'Asiakas 131052-308T soitti',
    });
    expect(besideField(back.card, 'baseline')[0]).toContain('Tekstissä on henkilötunnus');
    expect(inputsOf(back.card).baseline).toBe('Asiakas 131052-308T soitti');
  });
});
