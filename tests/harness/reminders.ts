/** Pilots for the reminder tests, made through the cards as in use, and the cards their reminders send. */
import { randomUUID } from 'node:crypto';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import type { Pilot } from '../../bot/domain/pilots';
import { PilotStore } from '../../bot/storage/pilots';
import { type Card, press } from './cardForm';
import { FakeConnector, type SentActivity } from './connector';
import { startTestPolku, type TestPolku } from './polku';
import { uniquePrefix } from './storage';
import { DEACON, OWNER, TEAM, TeamsClient } from './teams';

/** A server on its own tables with a clock of the test's, the stand-in connector, and Polku installed for the owner and in the channel. */
export interface ReminderBench {
  polku: TestPolku;
  connector: FakeConnector;
  pilots: PilotStore;
  /** The owner's (Aino's) personal chat with Polku. */
  personal: TeamsClient;
  channel: TeamsClient;
  stop(): Promise<void>;
}

export async function startReminderBench(now: () => Date, prefix = uniquePrefix()): Promise<ReminderBench> {
  const connector = await new FakeConnector().start();
  connector.members.set(TEAM.id, [OWNER, DEACON]);
  const polku = await startTestPolku({ POLKU_TABLE_PREFIX: prefix }, { now });
  const client = (scope: 'personal' | 'channel') =>
    new TeamsClient({ botUrl: polku.url, serviceUrl: connector.url, scope, locale: 'fi-FI' });
  const personal = client('personal');
  const channel = client('channel');
  await personal.send(personal.installationUpdate('add'));
  await channel.send(channel.installationUpdate('add'));
  const stop = async () => {
    await polku.stop();
    await connector.stop();
  };
  return { polku, connector, pilots: new PilotStore(polku.store), personal, channel, stop };
}

/**
 * A pilot made in the channel through the two new-pilot cards, so its reminders are planned as in
 * use: Mondays 09:00–11:00 at the parish hall, 1 Feb – 26 Apr 2027, unless `over` says otherwise.
 */
export async function createPilotByCards(
  env: { channel: TeamsClient; connector: FakeConnector; pilots: PilotStore },
  over: Record<string, string> = {},
): Promise<Pilot> {
  const { channel, connector, pilots } = env;
  const seed = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;
  connector.clear();
  await channel.send(channel.message('uusi kokeilu'));
  const step1 = connector.cards()[0];
  const step2 = await press(channel, step1, 'Jatka aloitusvaiheen kysymyksiin', {
    name: `Päivystys ${randomUUID().slice(0, 6)}`,
    municipality: 'Raisio',
    kind: 'dropIn',
    weekdays: '1',
    startTime: '09:00',
    hoursPerSession: '2',
    place: 'Seurakuntatalo',
    startDate: '2027-02-01',
    midpointDate: '2027-03-01',
    endDate: '2027-04-26',
    ...over,
  });
  const done = await press(channel, step2.card, 'Tallenna aloitusvaihe ja luo kokeilu', {
    q_targetGroup: seed.evaluations.start!.targetGroup!,
    q_problem: seed.evaluations.start!.problem!,
    q_activity: seed.evaluations.start!.activity!,
  });
  const id = (done.card.refresh as { action: { data: { pilotId: string } } }).action.data.pilotId;
  connector.clear();
  return (await pilots.getPilot(id))!.pilot;
}

/** The Adaptive Cards in these sent activities. */
export const cardsIn = (sent: SentActivity[]): Card[] =>
  sent.flatMap((s) => (s.activity.attachments ?? []).map((a) => a.content as Card));
