/**
 * The weekly digest with a controlled clock, through the HTTP harness on real Azurite: channels and
 * group chats turn it on and off by typing the command, the sweep posts it on Monday at 08:30 Helsinki
 * time, once a week, only where it was asked for and only when there is something to tell.
 */
import { randomUUID } from 'node:crypto';
import { digestCard } from '../../bot/cards/digest';
import type { WeeklyDigest } from '../../bot/domain/digest';
import type { Pilot } from '../../bot/domain/pilots';
import type { PilotStore } from '../../bot/storage/pilots';
import { cardProblems, cardText } from '../harness/cards';
import type { Card } from '../harness/cardForm';
import type { FakeConnector } from '../harness/connector';
import { renderMarkdown } from '../harness/markdown';
import { startTestPolku, type TestPolku } from '../harness/polku';
import { cardsIn, createPilotByCards, type ReminderBench, startReminderBench } from '../harness/reminders';
import { uniquePrefix } from '../harness/storage';
import { as, DEACON, OWNER, TeamsClient } from '../harness/teams';

let clock = new Date('2027-02-01T08:00:00+02:00');
const at = (iso: string) => (clock = new Date(iso));

const prefix = uniquePrefix();
let bench: ReminderBench;
let second: TestPolku;
let connector: FakeConnector;
let pilots: PilotStore;

/** The team's channel "Kokeilut" (the bench's), a second channel of the team, and two group chats. */
let channel: TeamsClient;
let otherChannel: TeamsClient;
let groupFi: TeamsClient;
let groupSv: TeamsClient;
let quietFi: TeamsClient;
let quietEn: TeamsClient;

/** A name with Markdown in it: the card must show it as typed. */
const MARKDOWN_NAME = 'Päivystys *seurakunta* [avaa](https://evil.example)';
let busy: Pilot;
let late: Pilot;
let swedish: Pilot;

const client = (o: { scope: 'channel' | 'groupChat'; locale: string; conversationId?: string }) =>
  new TeamsClient({ botUrl: bench.polku.url, serviceUrl: connector.url, ...o });

async function logSession(pilot: Pilot, date: string, hours: number): Promise<void> {
  const r = await pilots.recordSession(
    {
      id: randomUUID(),
      pilotId: pilot.id,
      date,
      hours,
      counts: { visitors: 5, offeredTalk: 5, wantedToTalk: 2, declined: 3 },
      loggedBy: OWNER.aadObjectId,
      loggedAt: clock.toISOString(),
    },
    randomUUID(),
  );
  expect(r.recorded).toBe(true);
}

/** What Polku answered in a conversation since the last clear: the cards' visible text. */
const answersIn = (c: TeamsClient) =>
  cardsIn(connector.sent.filter((s) => s.conversationId === c.conversationId)).map(cardText);

/** The id of the message that turned the team channel's digest on. */
let commandId = '';

async function type(c: TeamsClient, text: string, sent?: (id: string) => void): Promise<string> {
  connector.clear();
  const message = c.message(text);
  sent?.(String(message.id));
  const res = await c.send(message);
  expect(res.status).toBe(200);
  const answers = answersIn(c);
  expect(answers).toHaveLength(1);
  return answers[0];
}

const DIGEST_TITLES = ['Viikkokooste', 'Veckosammandrag', 'Weekly digest'];
/** The digests posted in a conversation since the last clear. */
const digestsIn = (c: TeamsClient) =>
  connector.sent
    .filter((s) => s.conversationId === c.conversationId)
    .filter((s) => cardsIn([s]).some((card) => DIGEST_TITLES.includes(String((card.body as Card[])[0]?.text))));

async function sweep(iso: string): Promise<void> {
  connector.clear();
  await bench.polku.sweep(new Date(iso));
}

beforeAll(async () => {
  bench = await startReminderBench(() => clock, prefix);
  ({ connector, pilots, channel } = bench);
  // A second server on the same tables: two sweeps may race.
  second = await startTestPolku({ POLKU_TABLE_PREFIX: prefix }, { now: () => clock });
  otherChannel = client({ scope: 'channel', locale: 'fi-FI', conversationId: '19:toinen-kanava@thread.tacv2' });
  groupFi = client({ scope: 'groupChat', locale: 'fi-FI' });
  groupSv = client({ scope: 'groupChat', locale: 'sv-FI', conversationId: groupFi.conversationId });
  quietFi = client({ scope: 'groupChat', locale: 'fi-FI' });
  quietEn = client({ scope: 'groupChat', locale: 'en-GB', conversationId: quietFi.conversationId });
  for (const g of [groupFi, quietFi]) {
    connector.members.set(g.conversationId, [OWNER, DEACON]);
    await g.send(g.installationUpdate('add'));
  }

  // Mondays 09:00–11:00 from 1 Feb 2027. In the team: one pilot logs, one has logged nothing and
  // its midpoint is a week after the digest; in the Swedish group chat one that logs; in the quiet
  // chat one that starts in April.
  at('2027-02-01T08:00:00+02:00');
  busy = await createPilotByCards({ channel, connector, pilots }, { name: MARKDOWN_NAME });
  late = await createPilotByCards(
    { channel, connector, pilots },
    { name: 'Kelan odotustila', midpointDate: '2027-02-22' },
  );
  swedish = await createPilotByCards({ channel: groupFi, connector, pilots }, { name: 'Träffpunkt biblioteket' });
  await createPilotByCards(
    { channel: quietFi, connector, pilots },
    { name: 'Kevään pop-up', startDate: '2027-04-05', midpointDate: '2027-05-03', endDate: '2027-06-28' },
  );
  at('2027-02-08T12:00:00+02:00');
  await logSession(busy, '2027-02-08', 2);
  await logSession(swedish, '2027-02-08', 2);
  // Tuesday: the sweeps after Monday's slots; the pilot with nothing logged on two Mondays is warned.
  at('2027-02-09T10:00:00+02:00');
  await sweep('2027-02-09T10:00:00+02:00');
  await sweep('2027-02-09T10:01:00+02:00');
  expect((await pilots.getPilot(late.id))?.pilot.warning?.on).toBe('2027-02-09');
  at('2027-02-10T12:00:00+02:00');
  await logSession(busy, '2027-02-10', 1.5);
}, 120_000);
afterAll(async () => {
  await second.stop();
  await bench.stop();
});

describe('turning the weekly digest on and off', () => {
  it('only a team member may, and a personal chat is told it works in a channel', async () => {
    at('2027-02-10T12:05:00+02:00');
    const stranger = { id: '29:user-stranger', name: 'Ulla Ulkopuolinen', aadObjectId: randomUUID() };
    expect(await type(as(channel, stranger), 'viikkokooste')).toContain(
      'Vain tiimin jäsen voi ottaa viikkokoosteen käyttöön tai lopettaa sen.',
    );
    expect(await type(bench.personal, 'viikkokooste')).toContain('Viikkokooste tulee kanavalle tai ryhmäkeskusteluun.');
  });

  it('the command in Finnish, Swedish and English turns it on, in the language of whoever typed it', async () => {
    at('2027-02-10T12:10:00+02:00');
    const fi = await type(channel, 'viikkokooste', (id) => (commandId = id));
    expect(fi).toContain('Viikkokooste on päällä');
    expect(fi).toContain('Ensimmäinen tulee 15.2.2027 klo 8.30');
    const sv = await type(groupSv, 'Veckosammandrag');
    expect(sv).toContain('Veckosammandraget är på');
    expect(sv).toContain('Det första kommer 15.2.2027 kl. 8.30');
    const en = await type(quietEn, 'weekly digest');
    expect(en).toContain('Weekly digest is on');
    // The help lists the command.
    expect(await type(channel, 'ohje')).toContain('viikkokooste');
  });

  it('a command Teams delivers twice turns it on once', async () => {
    at('2027-02-10T12:20:00+02:00');
    const c = client({ scope: 'channel', locale: 'fi-FI', conversationId: '19:kolmas-kanava@thread.tacv2' });
    const m = c.message('viikkokooste');
    await c.send(m);
    connector.clear();
    await c.send(m);
    expect(answersIn(c).join('\n')).toContain('Viikkokooste on päällä');
    // Off again, so that this channel plays no part below.
    expect(await type(c, 'viikkokooste')).toContain('Viikkokooste on pois päältä');
  });
});

describe('the Monday digest', () => {
  it('nothing before Monday 08:30; at 08:30 one digest in each channel that asked, none in the others', async () => {
    at('2027-02-15T08:29:00+02:00');
    await sweep('2027-02-15T08:29:00+02:00');
    expect([...digestsIn(channel), ...digestsIn(groupFi)]).toEqual([]);

    // Two servers sweep at the same moment: still one digest a channel.
    at('2027-02-15T08:30:00+02:00');
    connector.clear();
    await Promise.all([bench.polku.sweep(clock), second.sweep(clock)]);
    const [fi] = digestsIn(channel);
    const [sv] = digestsIn(groupFi);
    expect(digestsIn(channel)).toHaveLength(1);
    expect(digestsIn(groupFi)).toHaveLength(1);
    // The channel that never asked, and the chat whose week had nothing in it, get nothing at all.
    expect(connector.sent.filter((s) => s.conversationId === otherChannel.conversationId)).toEqual([]);
    expect(connector.sent.filter((s) => s.conversationId === quietFi.conversationId)).toEqual([]);

    // A post of its own in the channel, not a reply to the command.
    expect(commandId).not.toBe('');
    expect(fi.replyToId).not.toBe(commandId);
    const card = cardsIn([fi])[0];
    expect(cardProblems(card)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(28 * 1024);
    const text = cardText(card);
    expect(text).toContain('Viikko 6: 8.2.2027–14.2.2027');
    expect(text).toContain('Kirjatut kerrat viime viikolla');
    expect(text).toContain('2 kertaa, 3,5 h');
    expect(text).toContain('Väliarviointivaihe: 22.2.2027');
    expect(text).toContain('Kahdelta viimeiseltä suunnitellulta kerralta ei kirjauksia');
    expect(text).toContain('1.2.2027, 8.2.2027');
    expect(text).toContain('Suunnitelluilta kerroilta puuttui kirjaukset (9.2.2027)');
    // The name is shown as typed, no link nor emphasis; the pilot of the other chat is not there.
    const facts = (card.body as Card[]).flatMap((b) =>
      ((b.items as Card[] | undefined) ?? []).flatMap((i) => (i.facts as Card[] | undefined) ?? []),
    );
    const busyFact = facts.find((f) => renderMarkdown(String(f.title)).text === MARKDOWN_NAME);
    expect(busyFact?.value).toBe('2 kertaa, 3,5 h');
    expect(renderMarkdown(String(busyFact?.title)).markup).toEqual([]);
    expect(facts.filter((f) => f.title === 'Kelan odotustila').map((f) => f.value)).toEqual([
      'Väliarviointivaihe: 22.2.2027',
      '1.2.2027, 8.2.2027',
      'Suunnitelluilta kerroilta puuttui kirjaukset (9.2.2027)',
    ]);
    expect(text).not.toContain('Träffpunkt biblioteket');

    const svText = cardText(cardsIn([sv])[0]);
    expect(cardProblems(cardsIn([sv])[0])).toEqual([]);
    expect(svText).toContain('Vecka 6: 8.2.2027–14.2.2027');
    expect(svText).toContain('Loggade tillfällen förra veckan');
    expect(svText).toContain('Träffpunkt biblioteket');
    expect(svText).toContain('1 tillfälle, 2 h');
    expect(svText).not.toContain('Kelan odotustila');
  });

  it('a second sweep that Monday, or later that week, sends nothing', async () => {
    for (const iso of ['2027-02-15T08:31:00+02:00', '2027-02-15T09:10:00+02:00', '2027-02-17T10:00:00+02:00']) {
      at(iso);
      await sweep(iso);
      expect([...digestsIn(channel), ...digestsIn(groupFi), ...digestsIn(quietFi)]).toEqual([]);
    }
  });

  it('turned off, it stops; a sweep that comes only on Tuesday still sends the week’s digest, once', async () => {
    at('2027-02-17T12:00:00+02:00');
    expect(await type(channel, 'viikkokooste')).toContain('Viikkokooste on pois päältä');
    at('2027-02-17T12:05:00+02:00');
    await logSession(swedish, '2027-02-17', 3);
    // No sweep on Monday 22 Feb (downtime): the next one is on Tuesday, and Teams first asks it to wait.
    connector.failNext(groupFi.conversationId, { status: 429, headers: { 'Retry-After': '0' } });
    at('2027-02-23T10:00:00+02:00');
    await sweep('2027-02-23T10:00:00+02:00');
    expect(digestsIn(channel)).toEqual([]);
    expect(digestsIn(groupFi)).toHaveLength(1);
    expect(connector.attempts.filter((a) => a.conversationId === groupFi.conversationId).map((a) => a.status)).toEqual([
      429, 200,
    ]);
    expect(cardText(cardsIn(digestsIn(groupFi))[0])).toContain('Vecka 7: 15.2.2027–21.2.2027');
    expect(cardText(cardsIn(digestsIn(groupFi))[0])).toContain('1 tillfälle, 3 h');
    at('2027-02-23T10:30:00+02:00');
    await sweep('2027-02-23T10:30:00+02:00');
    expect(digestsIn(groupFi)).toEqual([]);
  });
});

describe('the digest card', () => {
  const pilotNamed = (i: number, name: string): Pilot => ({
    ...busy,
    id: `p${i}`,
    name,
    warning: { on: '2027-02-10', kind: 'belowTarget', measures: [] },
  });
  const digestOf = (ps: Pilot[]): WeeklyDigest => ({
    from: '2027-02-08',
    to: '2027-02-14',
    reportedWeek: '2027-W06',
    sessions: ps.map((pilot) => ({ pilot, sessions: 1, hours: 2 })),
    evaluations: ps.map((pilot) => ({ pilot, phase: 'midpoint' as const, date: '2027-02-22' })),
    gaps: ps.map((pilot) => ({ pilot, dates: ['2027-02-01', '2027-02-08'] })),
    warnings: ps.map((pilot) => ({ pilot, warning: pilot.warning! })),
  });
  const factsOf = (card: Card) =>
    (card.body as Card[]).flatMap((b) =>
      ((b.items as Card[] | undefined) ?? []).flatMap((i) => (i.facts as Card[] | undefined) ?? []),
    );

  it.each(['fi', 'sv', 'en'] as const)('in %s lists 20 pilots a section, then says how many more', (locale) => {
    const card = digestCard(locale, digestOf(Array.from({ length: 45 }, (_, i) => pilotNamed(i, `Kokeilu ${i + 1}`))));
    expect(cardProblems(card)).toEqual([]);
    expect(factsOf(card)).toHaveLength(4 * 20);
    const more = { fi: '… ja 25 muuta', sv: '… och 25 till', en: '… and 25 more' }[locale];
    expect(cardText(card).split(more)).toHaveLength(5);
  });

  it('stays under 28 KB with the longest names full of Markdown, and still counts what it leaves out', () => {
    const name = '*_[x](y)`#|~'.repeat(17).slice(0, 200);
    const card = digestCard('fi', digestOf(Array.from({ length: 45 }, (_, i) => pilotNamed(i, `${i} ${name}`))));
    expect(cardProblems(card)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(28 * 1024);
    const shown = factsOf(card).length / 4;
    expect(shown).toBeGreaterThan(0);
    expect(cardText(card)).toContain(`… ja ${45 - shown} muuta`);
    // Each name is shown as typed (shortened), never as Markdown.
    for (const f of factsOf(card)) expect(renderMarkdown(String(f.title)).markup).toEqual([]);
  });
});
