/**
 * Reminders with a controlled clock: sweeps run at chosen Helsinki instants against real Azurite,
 * proactive messages arrive at the stand-in Bot Connector.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { PilotStore } from '../../bot/storage/pilots';
import { ReminderStore } from '../../bot/storage/reminders';
import { cardProblems, cardText } from '../harness/cards';
import { buttonsOf, type Card, press } from '../harness/cardForm';
import { FakeConnector } from '../harness/connector';
import { startTestPolku, type TestPolku } from '../harness/polku';
import { cardsIn, createPilotByCards, type ReminderBench, startReminderBench } from '../harness/reminders';
import { DEACON, OWNER, TEAM, TeamsClient, TENANT, USER } from '../harness/teams';
import { testConnectionString, uniquePrefix } from '../harness/storage';

/** The tests' clock: Helsinki wall-clock instants. */
let clock = new Date('2027-02-01T08:00:00+02:00');
const at = (iso: string) => (clock = new Date(iso));

let polku: TestPolku;
let second: TestPolku;
let connector: FakeConnector;
let pilots: PilotStore;
let personal: TeamsClient;
let channel: TeamsClient;
const prefix = uniquePrefix();

let bench: ReminderBench;

beforeAll(async () => {
  bench = await startReminderBench(() => clock, prefix);
  ({ polku, connector, pilots, personal, channel } = bench);
  // A second server on the same tables: sweeps may race.
  second = await startTestPolku({ POLKU_TABLE_PREFIX: prefix }, { now: () => clock });
});
afterAll(async () => {
  await second.stop();
  await bench.stop();
});
beforeEach(() => connector.clear());

const createPilot = (over: Record<string, string> = {}) => createPilotByCards({ channel, connector, pilots }, over);

const toPersonal = () => connector.sent.filter((s) => s.conversationId === personal.conversationId);
const toChannel = () => connector.sent.filter((s) => s.conversationId === channel.conversationId);

describe('evaluation reminders', () => {
  it('the midpoint reminder comes three days before and on the day, once each, with the form ready', async () => {
    at('2027-02-01T10:00:00+02:00');
    const pilot = await createPilot();
    const phaseCards = () => cardsIn(toPersonal()).filter((c) => cardText(c).includes('Väliarviointivaihe'));
    await polku.sweep(new Date('2027-02-26T08:59:00+02:00'));
    expect(phaseCards()).toHaveLength(0);
    // Friday 26 Feb 09:00, three days before Monday's midpoint.
    await polku.sweep(new Date('2027-02-26T09:00:00+02:00'));
    const [before] = phaseCards();
    expect(cardProblems(before)).toEqual([]);
    expect(cardText(before)).toContain('Väliarviointivaihe');
    expect(cardText(before)).toContain('on edessä 1.3.2027');
    expect(buttonsOf(before)).toEqual(expect.arrayContaining(['Tallenna väliarviointi', 'Muistuta huomenna']));
    await polku.sweep(new Date('2027-02-26T09:05:00+02:00'));
    expect(phaseCards()).toHaveLength(1);
    // Two servers sweep at the same moment on the day: one message.
    connector.clear();
    await Promise.all([
      polku.sweep(new Date('2027-03-01T09:00:00+02:00')),
      second.sweep(new Date('2027-03-01T09:00:00+02:00')),
    ]);
    const onDay = cardsIn(toPersonal()).filter((c) => cardText(c).includes('Tänään on kokeilun'));
    expect(onDay).toHaveLength(1);

    // Answered from the reminder card itself: no nudge a week later.
    at('2027-03-01T10:00:00+02:00');
    const answered = await press(personal, onDay[0], 'Tallenna väliarviointi', {
      q_targetGroupReached: 'Osittain.',
      q_overallAssessment: 'Hyvä alku.',
    });
    expect(cardText(answered.card)).toContain('Tallennettu.');
    connector.clear();
    await polku.sweep(new Date('2027-03-08T09:00:00+02:00'));
    expect(cardsIn(toPersonal()).filter((c) => cardText(c).includes('Väliarviointivaihe'))).toHaveLength(0);
    expect((await pilots.getPilot(pilot.id))!.pilot.stage).toBe('midpoint');
  });

  it('unanswered, it nudges once a week three times, then notes it in the channel with the owners mentioned', async () => {
    at('2027-02-01T10:00:00+02:00');
    const pilot = await createPilot({ midpointDate: '2027-03-03', endDate: '2027-06-30' });
    const sweeps = [
      '2027-02-28T09:00',
      '2027-03-03T09:00',
      '2027-03-10T09:00',
      '2027-03-17T09:00',
      '2027-03-24T09:00',
      '2027-03-31T09:00',
    ];
    for (const s of sweeps) await polku.sweep(new Date(`${s}:00+02:00`));
    const mine = cardsIn(toPersonal()).filter(
      (c) => cardText(c).includes(pilot.name) || cardText(c).includes('Väliarviointi'),
    );
    expect(mine.filter((c) => cardText(c).includes('odottaa vielä vastausta'))).toHaveLength(3);
    const note = toChannel().find((s) => cardText(s.activity.attachments?.[0]?.content).includes('on vielä tekemättä'));
    expect(note?.activity.text).toContain('<at>Aino Virtanen</at>');
    expect(note?.activity.entities).toEqual([
      expect.objectContaining({ mentioned: { id: USER.aadObjectId, name: USER.name } }),
    ]);
    connector.clear();
    await polku.sweep(new Date('2027-04-07T09:00:00+03:00'));
    // The chain has ended: no more midpoint reminders (the prompts after its Monday sessions go on).
    expect(cardsIn(connector.sent).filter((c) => /Väliarviointi|tekemättä/.test(cardText(c)))).toHaveLength(0);
  });
});

describe('session prompts', () => {
  it('come after the slot ends, not when the session is already logged, not on a holiday', async () => {
    at('2027-03-15T08:00:00+02:00');
    const pilot = await createPilot({ startDate: '2027-03-15', midpointDate: '2027-05-03', endDate: '2027-05-31' });
    // Monday 15 March, 09:00–11:00: the prompt at 11:00 with the session card for that date.
    await polku.sweep(new Date('2027-03-15T10:59:00+02:00'));
    expect(cardsIn(toPersonal())).toHaveLength(0);
    await polku.sweep(new Date('2027-03-15T11:00:00+02:00'));
    const [prompt] = cardsIn(toPersonal());
    expect(cardText(prompt)).toContain('Kirjataanko 15.3.2027 pidetty kerta');
    expect(cardProblems(prompt)).toEqual([]);
    // Logged on the 22nd before the prompt: no prompt for the 22nd.
    at('2027-03-22T10:30:00+02:00');
    const form = (await channel.send(channel.execute('logSession', { pilotId: pilot.id }))).body as { value: Card };
    await press(channel, form.value, 'Tallenna kirjaus', {
      date: '2027-03-22',
      c_visitors: '5',
      c_offeredTalk: '5',
      c_wantedToTalk: '1',
      c_declined: '4',
      c_socialWorkMatters: '1',
      c_moneyOnlyRequests: '0',
      c_referred: '0',
      c_appointmentsBooked: '0',
      c_newClients: '0',
    });
    connector.clear();
    await polku.sweep(new Date('2027-03-22T11:05:00+02:00'));
    expect(cardsIn(toPersonal()).filter((c) => cardText(c).includes('Kirjataanko'))).toHaveLength(0);
    // Easter Monday 29 March is a public holiday: no prompt; the next is for 5 April.
    await polku.sweep(new Date('2027-03-29T11:05:00+03:00'));
    expect(cardsIn(toPersonal()).filter((c) => cardText(c).includes('Kirjataanko'))).toHaveLength(0);
    await polku.sweep(new Date('2027-04-05T11:05:00+03:00'));
    expect(cardsIn(toPersonal()).filter((c) => cardText(c).includes('Kirjataanko 5.4.2027'))).toHaveLength(1);
  });

  it('a slot ending in the evening is prompted the next working morning at 8', async () => {
    at('2027-03-15T08:00:00+02:00');
    await createPilot({
      startDate: '2027-03-19',
      midpointDate: '2027-05-07',
      endDate: '2027-05-28',
      weekdays: '5',
      startTime: '17:00',
    });
    await polku.sweep(new Date('2027-03-19T19:30:00+02:00'));
    await polku.sweep(new Date('2027-03-20T12:00:00+02:00'));
    expect(cardsIn(toPersonal()).filter((c) => cardText(c).includes('Kirjataanko 19.3.2027'))).toHaveLength(0);
    await polku.sweep(new Date('2027-03-22T07:59:00+02:00'));
    expect(cardsIn(toPersonal()).filter((c) => cardText(c).includes('Kirjataanko 19.3.2027'))).toHaveLength(0);
    await polku.sweep(new Date('2027-03-22T08:00:00+02:00'));
    expect(cardsIn(toPersonal()).filter((c) => cardText(c).includes('Kirjataanko 19.3.2027'))).toHaveLength(1);
  });

  it('can be snoozed for a day, and turned off', async () => {
    at('2027-03-15T08:00:00+02:00');
    const pilot = await createPilot({ startDate: '2027-03-15', midpointDate: '2027-05-03', endDate: '2027-05-31' });
    await polku.sweep(new Date('2027-03-15T11:00:00+02:00'));
    const [prompt] = cardsIn(toPersonal()).filter((c) => cardText(c).includes('Kirjataanko'));
    at('2027-03-15T11:10:00+02:00');
    const snoozed = await press(personal, prompt, 'Muistuta huomenna');
    expect(cardText(snoozed.card)).toContain('muistutan uudelleen 16.3.2027');
    connector.clear();
    await polku.sweep(new Date('2027-03-16T11:10:00+02:00'));
    expect(cardsIn(toPersonal()).filter((c) => cardText(c).includes('Kirjataanko 15.3.2027'))).toHaveLength(1);
    const off = await press(personal, prompt, 'Älä kehota kirjaamaan tätä kokeilua');
    expect(cardText(off.card)).toContain('Kirjauskehotteet on poistettu käytöstä');
    expect((await new ReminderStore(polku.store).settings(pilot.id)).sessionPrompts).toBe(false);
    connector.clear();
    await polku.sweep(new Date('2027-03-22T11:05:00+02:00'));
    expect(cardsIn(toPersonal()).filter((c) => cardText(c).includes('Kirjataanko'))).toHaveLength(0);
  });
});

describe('delivery', () => {
  it('a connector answering 429 (Retry-After) then 200 delivers once', async () => {
    at('2027-03-15T08:00:00+02:00');
    await createPilot({ startDate: '2027-03-15', midpointDate: '2027-05-03', endDate: '2027-05-31' });
    connector.failNext(personal.conversationId, { status: 429, headers: { 'retry-after': '1' } });
    await polku.sweep(new Date('2027-03-15T11:00:00+02:00'));
    const attempts = connector.attempts.filter((a) => a.conversationId === personal.conversationId);
    expect(attempts.map((a) => a.status)).toEqual([429, 200]);
    expect(cardsIn(toPersonal()).filter((c) => cardText(c).includes('Kirjataanko'))).toHaveLength(1);
  });

  it('a 403 (the app was removed) stops retries and reaches the owner in the channel instead', async () => {
    at('2027-03-15T08:00:00+02:00');
    const removed = new TeamsClient({
      botUrl: polku.url,
      serviceUrl: connector.url,
      scope: 'personal',
      locale: 'fi-FI',
    });
    const other = { ...DEACON };
    const asDeacon = Object.create(removed) as TeamsClient;
    const base = removed.base.bind(removed);
    asDeacon.base = (extra = {}) => base({ from: other, ...extra });
    await asDeacon.send({ ...asDeacon.installationUpdate('add'), from: other });
    const pilot = await createPilot({
      startDate: '2027-03-15',
      midpointDate: '2027-05-03',
      endDate: '2027-05-31',
      owners: DEACON.aadObjectId,
    });
    connector.failNext(removed.conversationId, { status: 403 }, { status: 403 }, { status: 403 });
    await polku.sweep(new Date('2027-03-15T11:00:00+02:00'));
    expect(connector.attempts.filter((a) => a.conversationId === removed.conversationId)).toEqual([
      { conversationId: removed.conversationId, status: 403 },
    ]);
    const inChannel = toChannel().filter((s) => s.activity.text?.includes('<at>Pirjo Diakoni</at>'));
    expect(inChannel).toHaveLength(1);
    expect(cardText(inChannel[0].activity.attachments?.[0]?.content)).toContain(pilot.name);
    // The removed chat is not tried again.
    connector.clear();
    await polku.sweep(new Date('2027-03-22T11:00:00+02:00'));
    expect(connector.attempts.filter((a) => a.conversationId === removed.conversationId)).toHaveLength(0);
  });
});

describe('the Wednesday Kela consultation', () => {
  it('posts its log card when the meeting ends, and the scheduled prompt then stays away', async () => {
    at('2027-03-17T08:00:00+02:00');
    const pilot = await createPilot({
      kind: 'kelaConsultation',
      weekdays: '3',
      startTime: '09:00',
      hoursPerSession: '1',
      startDate: '2027-03-17',
      midpointDate: '2027-05-05',
      endDate: '2027-06-02',
    });
    at('2027-03-17T10:00:00+02:00');
    connector.clear();
    await channel.send(
      channel.base({
        type: 'event',
        name: 'application/vnd.microsoft.meetingEnd',
        value: {
          Id: 'meeting-1',
          JoinUrl: 'https://teams.microsoft.com/l/meetup-join/meeting-1',
          MeetingType: 'Scheduled',
          Title: 'Keskiviikon Kela-konsultaatio',
          EndTime: clock.toISOString(),
        },
      }),
    );
    const posted = cardsIn(toChannel());
    expect(posted).toHaveLength(1);
    expect(cardText(posted[0])).toContain('Kela-konsultaatio päättyi');
    expect(cardText(posted[0])).toContain('Asumistuki');
    connector.clear();
    await polku.sweep(new Date('2027-03-17T10:05:00+02:00'));
    expect(cardsIn(connector.sent).filter((c) => cardText(c).includes(pilot.name))).toHaveLength(0);
    // Without a meeting event the next Wednesday, the scheduled prompt goes to the channel.
    await polku.sweep(new Date('2027-03-24T10:05:00+02:00'));
    expect(cardsIn(toChannel()).filter((c) => cardText(c).includes('Kela-konsultaatio päättyi'))).toHaveLength(1);
  });
});

describe('reaching an owner who never talked to Polku', () => {
  it('opens a personal chat through the connector when Polku is installed for them', async () => {
    at('2027-03-15T08:00:00+02:00');
    const newcomer = { id: '29:user-kela', name: 'Kaisa Kela', aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000004' };
    connector.members.set(TEAM.id, [OWNER, DEACON, { ...newcomer, userRole: 'user' }]);
    await createPilot({
      startDate: '2027-03-15',
      midpointDate: '2027-05-03',
      endDate: '2027-05-31',
      owners: newcomer.aadObjectId,
    });
    connector.openStatus = 200;
    try {
      await polku.sweep(new Date('2027-03-15T11:00:00+02:00'));
    } finally {
      connector.openStatus = 403;
    }
    expect(connector.opened).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ isGroup: false, members: [{ id: newcomer.aadObjectId }], tenantId: TENANT }),
      ]),
    );
    const inNewChat = connector.sent.filter((s) => s.conversationId.startsWith('a:opened-'));
    expect(cardText(inNewChat[0]?.activity.attachments?.[0]?.content)).toContain('Kirjataanko 15.3.2027');
  });
});

/** Runs the reminders script as its own process; asynchronously, as the stand-in connector lives in this one. */
function runReminders(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/reminders.ts', ...args],
      {
        cwd: path.resolve(__dirname, '..', '..'),
        env: { ...process.env, AZURE_STORAGE_CONNECTION_STRING: testConnectionString(), POLKU_TABLE_PREFIX: prefix },
        encoding: 'utf8',
        timeout: 60000,
      },
      (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run reminders -- --once --now', () => {
  it('runs one sweep at the given instant in its own process and prints what it sent', async () => {
    at('2027-03-15T08:00:00+02:00');
    const pilot = await createPilot({ startDate: '2027-03-15', midpointDate: '2027-05-03', endDate: '2027-05-31' });
    const run = await runReminders('--once', '--now', '2027-03-15T11:00:00+02:00');
    expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 });
    expect({ out: run.stdout }).toMatchObject({
      out: expect.stringMatching(new RegExp(`sent\\s+session\\|2027-03-15\\s+pilot ${pilot.id}`)),
    });
    expect(cardsIn(toPersonal()).filter((c) => cardText(c).includes('Kirjataanko 15.3.2027'))).not.toHaveLength(0);
    expect(run.stdout).not.toContain(pilot.name);
  }, 60000);

  it('refuses an instant it cannot read, saying how to write one', async () => {
    const run = await runReminders('--once', '--now', 'maanantaina');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('2026-03-02T10:00:00+02:00');
  }, 60000);
});
