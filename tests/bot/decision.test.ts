/**
 * The end decision, as an owner makes it on the end card: the targets against the actuals above
 * the questions, then the decision with its reason, its date (today unless changed) and, for
 * "continue changed", the pilot that carries the activity on. On real Azurite and real HTTP.
 */
import type { PilotDetail } from '../../bot/api/contract';
import { cardText } from '../harness/cards';
import { type Card, inputOf, press } from '../harness/cardForm';
import { cardProblems } from '../harness/cards';
import type { FakeConnector } from '../harness/connector';
import type { PilotStore } from '../../bot/storage/pilots';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { answersInput } from '../harness/pilots';
import { createPilotByCards, type ReminderBench, startReminderBench } from '../harness/reminders';
import type { TeamsClient } from '../harness/teams';
import { phaseViewOf } from '../../bot/api/views';

let clock = new Date('2027-02-01T08:00:00+02:00');
let bench: ReminderBench;
let connector: FakeConnector;
let pilots: PilotStore;
let channel: TeamsClient;

beforeAll(async () => {
  bench = await startReminderBench(() => clock);
  ({ connector, pilots, channel } = bench);
});
afterAll(() => bench.stop());

const seed = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;
const open = async (pilotId: string, phase: 'midpoint' | 'end'): Promise<Card> =>
  ((await channel.send(channel.execute('openPhase', { pilotId, phase }))).body as { value: Card }).value;

describe('the end decision', () => {
  it('keeps its reason, its date and the successor; a successor for "stop" is refused beside the field, with what was typed', async () => {
    clock = new Date('2027-02-01T08:00:00+02:00');
    const successor = await createPilotByCards({ channel, connector, pilots }, { name: 'Kolmen toimijan päivystys' });
    const pilot = await createPilotByCards(
      { channel, connector, pilots },
      { target1: 'wantedToTalkPerSession', target1Value: '1' },
    );
    await press(
      channel,
      await open(pilot.id, 'midpoint'),
      'Tallenna väliarviointi',
      answersInput(seed.evaluations.midpoint),
    );
    clock = new Date('2027-04-26T10:00:00+03:00');
    const card = await open(pilot.id, 'end');
    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card);
    // Before the decision: the target against the actual (nothing logged yet).
    expect(text).toContain('Tavoitteet: Keskustelua haluavat / päivystys');
    expect(text).toContain('ei laskettavissa (tavoite vähintään 1) – ei vielä mitattavissa');
    expect(inputOf(card, 'decisionDate')?.value).toBe('2027-04-26');
    const choices = (inputOf(card, 'successor') as { choices?: { title: string; value: string }[] }).choices ?? [];
    expect(choices.map((c) => c.value)).toContain(successor.id);
    expect(choices.map((c) => c.value)).not.toContain(pilot.id);

    const reason = 'Asiakkaat eivät ole löytäneet päivystykseen; jatketaan kolmen toimijan mallilla.';
    const typed = {
      ...answersInput(seed.evaluations.end),
      decision: 'stop',
      decisionReason: reason,
      successor: successor.id,
    };
    const refused = await press(channel, card, 'Tallenna lopetusvaihe', typed);
    expect(cardText(refused.card)).toContain('Seuraajakokeilun voi nimetä vain, kun toiminta jatkuu muutettuna.');
    expect(inputOf(refused.card, 'decisionReason')?.value).toBe(reason);
    expect(await pilots.getPhase(pilot.id, 'end')).toBeUndefined();

    const saved = await press(channel, refused.card, 'Tallenna lopetusvaihe', {
      ...typed,
      decision: 'continueChanged',
      decisionDate: '2027-04-27',
    });
    expect(cardText(saved.card)).toContain('Jatketaan muutettuna');
    const end = (await pilots.getPhase(pilot.id, 'end'))!.evaluation;
    expect(end.decisionDetail).toEqual({ reason, date: '2027-04-27', successorId: successor.id });
    const view: PilotDetail['phases']['end'] = phaseViewOf(pilot, end, successor.name);
    expect(view?.decisionDetail).toEqual({
      reason,
      date: '2027-04-27',
      successor: { id: successor.id, name: successor.name },
    });
  });
});
