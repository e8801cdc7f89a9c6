/**
 * The session prompts of a pilot planned by frequency, with a controlled clock against real
 * Azurite: a monthly pilot is prompted after each month's slot, never weekly.
 */
import { cardProblems, cardText } from '../harness/cards';
import { cardsIn, createPilotByCards, type ReminderBench, startReminderBench } from '../harness/reminders';

let clock = new Date('2027-05-03T08:00:00+03:00');
let bench: ReminderBench;

beforeAll(async () => {
  bench = await startReminderBench(() => clock);
});
afterAll(async () => {
  await bench.stop();
});

const prompts = () =>
  cardsIn(bench.connector.sent.filter((s) => s.conversationId === bench.personal.conversationId)).filter((c) =>
    cardText(c).includes('Kirjataanko'),
  );

describe('session prompts of a monthly pilot', () => {
  it('come after the first Monday of each month, and on no other Monday', async () => {
    clock = new Date('2027-05-03T08:00:00+03:00');
    const { polku, connector, pilots, channel } = bench;
    // The first Monday of the month, 09:00–11:00, May–July 2027: 3.5., 7.6. and 5.7.
    await createPilotByCards(
      { channel, connector, pilots },
      {
        frequency: 'monthlyWeekday',
        monthWeek: '1',
        weekdays: '1',
        startDate: '2027-05-03',
        midpointDate: '2027-06-14',
        endDate: '2027-07-31',
      },
    );
    await polku.sweep(new Date('2027-05-03T10:59:00+03:00'));
    expect(prompts()).toHaveLength(0);
    await polku.sweep(new Date('2027-05-03T11:00:00+03:00'));
    const [first] = prompts();
    expect(cardText(first)).toContain('Kirjataanko 3.5.2027 pidetty kerta');
    expect(cardProblems(first)).toEqual([]);
    connector.clear();
    // The Mondays between are not planned: no prompt on any of them.
    for (const monday of ['2027-05-10', '2027-05-17', '2027-05-24', '2027-05-31']) {
      await polku.sweep(new Date(`${monday}T11:05:00+03:00`));
    }
    expect(prompts()).toHaveLength(0);
    await polku.sweep(new Date('2027-06-07T11:05:00+03:00'));
    expect(prompts().map((c) => cardText(c).includes('Kirjataanko 7.6.2027 pidetty kerta'))).toEqual([true]);
  });
});
