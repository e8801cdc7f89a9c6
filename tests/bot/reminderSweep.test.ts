/**
 * What a sweep really does, on real Azurite and real HTTP with a controlled clock: one reminder that
 * cannot be built or sent never stops the others, and is tried again later; and the reminders view,
 * the schedule and the sweep agree once a phase is saved. A server of its own (own tables), so that
 * its sweeps meet only this file's pilots.
 */
import type { Pilot } from '../../bot/domain/pilots';
import { ROW } from '../../bot/storage/keys';
import type { PilotStore } from '../../bot/storage/pilots';
import { ReminderStore } from '../../bot/storage/reminders';
import { cardText } from '../harness/cards';
import { buttonsOf, type Card, inputOf, press } from '../harness/cardForm';
import type { FakeConnector } from '../harness/connector';
import type { TestPolku } from '../harness/polku';
import { cardsIn, createPilotByCards, type ReminderBench, startReminderBench } from '../harness/reminders';
import type { TeamsClient } from '../harness/teams';

let clock = new Date('2027-03-15T08:00:00+02:00');
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

const createPilot = (over: Record<string, string> = {}) => createPilotByCards({ channel, connector, pilots }, over);
const sweep = (iso: string) => polku.sweep(new Date(iso));
/** Cards that reached the owner's personal chat and name this pilot. */
const cardsOf = (pilot: Pilot) =>
  cardsIn(connector.sent.filter((s) => s.conversationId === personal.conversationId)).filter((c) =>
    cardText(c).includes(pilot.name),
  );
const promptsOf = (pilot: Pilot, date: string) =>
  cardsOf(pilot).filter((c) => cardText(c).includes(`Kirjataanko ${date}`));
/** The outcomes of the pilot's prompts and phase reminders (the early-warning checks after each slot aside: earlyWarning.test.ts). */
const linesOf = (report: Awaited<ReturnType<typeof sweep>>, pilot: Pilot) =>
  report.lines.filter((l) => l.pilotId === pilot.id && l.key !== 'warning').map((l) => l.outcome);
const logsSince = (n: number) => polku.logs.slice(n);
/** The log line of a reminder that could not be sent and will be tried again, as JSON. */
const retryLogged = (since: number): Record<string, unknown> | undefined => {
  const line = logsSince(since).find((l) => l.includes('tried again later'));
  return line === undefined ? undefined : (JSON.parse(line) as Record<string, unknown>);
};

/** Three Monday pilots of one owner whose prompts are due at 11:00, 11:30 and 12:00 on 15 March 2027. */
async function threeDuePilots(): Promise<Pilot[]> {
  at('2027-03-15T08:00:00+02:00');
  const out: Pilot[] = [];
  for (const startTime of ['09:00', '09:30', '10:00']) {
    out.push(
      await createPilot({ startDate: '2027-03-15', midpointDate: '2027-05-03', endDate: '2027-05-31', startTime }),
    );
  }
  return out;
}

describe('one bad reminder never stops a sweep', () => {
  it('a pilot whose stored row no longer reads: the other two go, it is tried after 5 min, 30 min and 2 h, then given up', async () => {
    const [first, broken, third] = await threeDuePilots();
    // Behind the schedule's back, the middle pilot's row is damaged: its plan is no longer JSON.
    await polku.store.table('pilots').merge({ partitionKey: broken.id, rowKey: ROW.pilot, plan: '{"weekdays":[1],' });
    const logged = polku.logs.length;

    const report = await sweep('2027-03-15T12:00:00+02:00');
    expect(promptsOf(first, '15.3.2027')).toHaveLength(1);
    expect(promptsOf(third, '15.3.2027')).toHaveLength(1);
    expect(linesOf(report, first)).toEqual(['sent']);
    expect(linesOf(report, broken)).toEqual(['retrying']);
    expect(linesOf(report, third)).toEqual(['sent']);
    expect(report.counts).toMatchObject({ sent: 2, failed: 1, retried: 1, gaveUp: 0 });
    // The log says which reminder and why, by ids and the error's name only.
    expect(retryLogged(logged)).toMatchObject({
      pilotId: broken.id,
      key: 'session|2027-03-15',
      attempt: 1,
      error: 'SyntaxError',
      retryAt: new Date('2027-03-15T12:05:00+02:00').toISOString(),
    });
    for (const line of logsSince(logged)) {
      for (const p of [first, broken, third]) expect(line).not.toContain(p.name);
    }

    // Not before its retry time; then at 12:05, 12:35 and 14:35; the last try gives it up.
    expect(linesOf(await sweep('2027-03-15T12:04:00+02:00'), broken)).toEqual([]);
    expect(linesOf(await sweep('2027-03-15T12:05:00+02:00'), broken)).toEqual(['retrying']);
    expect(linesOf(await sweep('2027-03-15T12:34:00+02:00'), broken)).toEqual([]);
    expect(linesOf(await sweep('2027-03-15T12:35:00+02:00'), broken)).toEqual(['retrying']);
    expect(linesOf(await sweep('2027-03-15T14:34:00+02:00'), broken)).toEqual([]);
    const last = await sweep('2027-03-15T14:35:00+02:00');
    expect(linesOf(last, broken)).toEqual(['gaveUp']);
    expect(last.counts).toMatchObject({ failed: 1, retried: 0, gaveUp: 1 });
    expect((await new ReminderStore(polku.store).ofPilot(broken.id)).failed).toEqual([
      expect.objectContaining({ key: 'session|2027-03-15', attempts: 4, error: 'SyntaxError' }),
    ]);
    // Given up: never tried again. The other two were sent once and go on with their next Monday.
    expect(linesOf(await sweep('2027-03-15T16:00:00+02:00'), broken)).toEqual([]);
    const nextWeek = await sweep('2027-03-22T12:00:00+02:00');
    expect(linesOf(nextWeek, first)).toEqual(['sent']);
    expect(linesOf(nextWeek, third)).toEqual(['sent']);
    expect(promptsOf(first, '15.3.2027')).toHaveLength(1);
    expect(promptsOf(third, '15.3.2027')).toHaveLength(1);
  });

  it('a send the connector refuses (400, not worth retrying at once) is tried again at its retry time and delivered', async () => {
    const [first, refused, third] = await threeDuePilots();
    // The owner's chat answers the first prompt and refuses the second; then answers again.
    connector.failNext(personal.conversationId, { status: 200 }, { status: 400 });
    const logged = polku.logs.length;
    const report = await sweep('2027-03-15T12:00:00+02:00');
    expect(promptsOf(first, '15.3.2027')).toHaveLength(1);
    expect(promptsOf(refused, '15.3.2027')).toHaveLength(0);
    expect(promptsOf(third, '15.3.2027')).toHaveLength(1);
    expect(report.counts).toMatchObject({ sent: 2, failed: 1, retried: 1, gaveUp: 0 });
    expect(retryLogged(logged)).toMatchObject({ pilotId: refused.id, key: 'session|2027-03-15', status: 400 });
    // Neither the pilot's name nor the connector's error message.
    expect(JSON.stringify(retryLogged(logged))).not.toMatch(new RegExp(`${refused.name}|scripted`));

    const retry = await sweep('2027-03-15T12:05:00+02:00');
    expect(linesOf(retry, refused)).toEqual(['sent']);
    expect(promptsOf(refused, '15.3.2027')).toHaveLength(1);
    expect(promptsOf(first, '15.3.2027')).toHaveLength(1);
  });
});

// ---- The reminders view, the schedule and the sweep agree -----------------------------------

/** The pilot card, then More actions → Reminders, as an owner in the channel. */
async function remindersView(pilot: Pilot): Promise<Card> {
  const card = (await channel.send(channel.execute('pilot', { pilotId: pilot.id }))).body as { value: Card };
  return (await press(channel, card.value, 'Muistutukset')).card;
}

/** The line of the view under this heading. */
function viewLine(view: Card, heading: string): string {
  const lines = cardText(view).split('\n');
  return lines[lines.indexOf(heading) + 1] ?? '';
}

async function saveMidpoint(pilot: Pilot): Promise<void> {
  const form = (await channel.send(channel.execute('openPhase', { pilotId: pilot.id, phase: 'midpoint' }))).body as {
    value: Card;
  };
  const saved = await press(channel, form.value, 'Tallenna väliarviointi', {
    q_targetGroupReached: 'Osittain.',
    q_overallAssessment: 'Hyvä alku.',
  });
  expect(cardText(saved.card)).toContain('Tallennettu.');
}

async function saveEnd(pilot: Pilot, decision: string): Promise<void> {
  const form = (await channel.send(channel.execute('openPhase', { pilotId: pilot.id, phase: 'end' }))).body as {
    value: Card;
  };
  const saved = await press(channel, form.value, 'Tallenna lopetusvaihe', {
    q_targetGroupReached: 'Osittain.',
    q_overallAssessment: 'Arvioitu.',
    q_future: 'Päätös kirjattu.',
    q_takeaways: 'Yhteistyö diakonien kanssa.',
    decision,
  });
  expect(cardText(saved.card)).toContain('Tallennettu.');
}

const MIDPOINT = 'Väliarvioinnin muistutus';
const END = 'Lopetusarvioinnin muistutus';
const PROMPT = 'Seuraava kirjauskehote';

describe('the reminders view shows what will really be sent', () => {
  it('after the midpoint is saved, its reminders leave the view and the schedule, and no sweep sends them', async () => {
    at('2027-02-01T10:00:00+02:00');
    const pilot = await createPilot();
    // Friday 26 Feb, three days before Monday's midpoint; the end's Friday 23 Apr.
    expect(viewLine(await remindersView(pilot), MIDPOINT)).toBe('26.2.2027');
    at('2027-02-10T10:00:00+02:00');
    await saveMidpoint(pilot);

    const view = await remindersView(pilot);
    expect(viewLine(view, MIDPOINT)).toBe('Vastattu – ei enää muistutuksia');
    expect(cardText(view)).not.toContain('26.2.2027');
    expect(viewLine(view, END)).toBe('23.4.2027');
    expect(
      (await new ReminderStore(polku.store).ofPilot(pilot.id)).scheduled.map((r) => r.phase ?? r.kind),
    ).not.toContain('midpoint');
    for (const when of ['2027-02-26T09:00:00+02:00', '2027-03-01T09:00:00+02:00', '2027-03-08T09:00:00+02:00']) {
      const report = await sweep(when);
      expect(report.lines.filter((l) => l.pilotId === pilot.id && l.key.includes('midpoint'))).toEqual([]);
    }
    expect(cardsOf(pilot).filter((c) => cardText(c).includes('Väliarviointivaihe'))).toEqual([]);
  });

  it('after the end with decision stop: no session prompts in the view, no switch, and none sent at the next slot', async () => {
    at('2027-03-02T10:00:00+02:00');
    const pilot = await createPilot({ startDate: '2027-03-01', midpointDate: '2027-03-22', endDate: '2027-05-31' });
    expect(viewLine(await remindersView(pilot), PROMPT)).toBe('8.3.2027');
    await saveMidpoint(pilot);
    await saveEnd(pilot, 'stop');

    const view = await remindersView(pilot);
    expect(viewLine(view, PROMPT)).toBe('Kokeilu on päättynyt: kirjauskehotteita ei lähetetä.');
    expect(viewLine(view, END)).toBe('Vastattu – ei enää muistutuksia');
    expect(inputOf(view, 'sessionPrompts')).toBeUndefined();
    expect(buttonsOf(view)).not.toContain('Tallenna muistutusasetukset');
    const report = await sweep('2027-03-08T11:00:00+02:00');
    expect(report.lines.filter((l) => l.pilotId === pilot.id)).toEqual([]);
    expect(promptsOf(pilot, '8.3.2027')).toEqual([]);
  });

  it('after the end with decision continue: prompts are off until the owners turn them on, then the sweep sends them', async () => {
    at('2027-03-02T10:00:00+02:00');
    const pilot = await createPilot({ startDate: '2027-03-01', midpointDate: '2027-03-22', endDate: '2027-05-31' });
    await saveMidpoint(pilot);
    await saveEnd(pilot, 'continueAsIs');

    const view = await remindersView(pilot);
    expect(viewLine(view, PROMPT)).toBe(
      'Pois: lopetusarvioinnin jälkeen kehotteet tulevat vain, jos ne kytketään päälle.',
    );
    expect(inputOf(view, 'sessionPrompts')?.value).toBe('off');
    await sweep('2027-03-08T11:00:00+02:00');
    expect(promptsOf(pilot, '8.3.2027')).toEqual([]);

    at('2027-03-08T11:05:00+02:00');
    const turnedOn = await press(channel, view, 'Tallenna muistutusasetukset', { sessionPrompts: 'on' });
    expect(cardText(turnedOn.card)).toContain('Kirjauskehotteet ovat käytössä.');
    expect(viewLine(turnedOn.card, PROMPT)).toBe('15.3.2027');
    await sweep('2027-03-15T11:00:00+02:00');
    expect(promptsOf(pilot, '15.3.2027')).toHaveLength(1);
  });
});
