/**
 * The quick log: the prompt after a slot opens a short card (date, hours, the kind's essential
 * counts), "Ei ketään tullut" saves a zero session in one press, "Lisää tietoja" shows the other
 * counts on the same card, and counts nobody opened are stored as not given, not as 0. Also the
 * dates that mobile clients send as instants, read as the day that was picked.
 */
import { PilotStore } from '../../bot/storage/pilots';
import type { Pilot } from '../../bot/domain/pilots';
import { cardProblems, cardText } from '../harness/cards';
import { buttonsOf, type Card, inputOf, inputsOf, press } from '../harness/cardForm';
import { cardsIn, createPilotByCards, type ReminderBench, startReminderBench } from '../harness/reminders';

let clock = new Date('2027-03-15T08:00:00+02:00');
const at = (iso: string) => (clock = new Date(iso));

let bench: ReminderBench;
let pilots: PilotStore;

beforeAll(async () => {
  bench = await startReminderBench(() => clock);
  pilots = bench.pilots;
});
afterAll(() => bench.stop());
beforeEach(() => bench.connector.clear());

const toPersonal = () => bench.connector.sent.filter((s) => s.conversationId === bench.personal.conversationId);

/** Every node of a card, the hidden ones too. */
function nodes(card: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === 'object') {
      out.push(n as Record<string, unknown>);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** The inputs a person sees before pressing "Lisää tietoja": those not inside a hidden container. */
function visibleInputs(card: Card): string[] {
  const out: string[] = [];
  const walk = (n: unknown, hidden: boolean) => {
    if (Array.isArray(n)) return n.forEach((x) => walk(x, hidden));
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    const h = hidden || o.isVisible === false;
    if (typeof o.type === 'string' && o.type.startsWith('Input.') && !h) out.push(String(o.id));
    for (const [k, v] of Object.entries(o)) if (k !== 'fallback' && k !== 'actions') walk(v, h);
  };
  walk(card.body, false);
  return out;
}

async function promptFor(pilot: Pilot, sweepAt: string): Promise<Card> {
  bench.connector.clear();
  await bench.polku.sweep(new Date(sweepAt));
  const prompts = cardsIn(toPersonal()).filter((c) => cardText(c).includes(pilot.name));
  expect(prompts).toHaveLength(1);
  return prompts[0];
}

describe('the quick log from the prompt', () => {
  let pilot: Pilot;
  let firstPrompt: Card;
  beforeAll(async () => {
    at('2027-03-15T08:00:00+02:00');
    pilot = await createPilotByCards(bench, {
      startDate: '2027-03-15',
      midpointDate: '2027-05-03',
      endDate: '2027-05-31',
    });
  });

  it('is short: the date and hours of the slot, the three counts of a drop-in, and three buttons', async () => {
    at('2027-03-15T11:00:00+02:00');
    const prompt = await promptFor(pilot, '2027-03-15T11:00:00+02:00');
    firstPrompt = prompt;
    expect(visibleInputs(prompt)).toEqual(['date', 'hours', 'c_visitors', 'c_wantedToTalk', 'c_referred']);
    expect(inputOf(prompt, 'date')?.value).toBe('2027-03-15');
    expect(inputOf(prompt, 'hours')?.value).toBe(2);
    // The main row: save, nobody came, back; "Lisää tietoja" and the reminder's buttons are one press away.
    const titles = (prompt.actions as { title: string; type: string }[]).map((a) => `${a.type} ${a.title}`);
    expect(titles).toEqual([
      'Action.Execute Tallenna kirjaus',
      'Action.Execute Ei ketään tullut',
      'Action.Execute Takaisin kokeilun korttiin',
      'Action.ToggleVisibility Lisää tietoja',
      'Action.ShowCard Muistuta myöhemmin',
    ]);
    expect(buttonsOf(prompt)).toEqual(
      expect.arrayContaining(['Muistuta huomenna', 'Muistuta viikon päästä', 'Älä kehota kirjaamaan tätä kokeilua']),
    );
    // "Lisää tietoja" shows every other field of the kind on the same card.
    const more = (prompt.actions as { type: string; targetElements?: { elementId: string }[] }[]).find(
      (a) => a.type === 'Action.ToggleVisibility',
    );
    const shown = new Set(more?.targetElements?.map((t) => t.elementId));
    for (const id of Object.keys(inputsOf(prompt))) {
      if (!visibleInputs(prompt).includes(id)) expect(shown).toContain(`more_${id}`);
    }
    expect(cardProblems(prompt)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(prompt))).toBeLessThanOrEqual(28 * 1024);
    // A filtered ChoiceSet renders empty on Teams mobile.
    expect(nodes(prompt).filter((n) => n.type === 'Input.ChoiceSet' && n.style === 'filtered')).toEqual([]);
  });

  it('"Ei ketään tullut" saves one zero session in one press', async () => {
    const prompt = firstPrompt;
    const before = bench.connector.sent.length;
    const done = await press(bench.personal, prompt, 'Ei ketään tullut');
    expect(done.status).toBe(200);
    expect(cardText(done.card)).toContain('Kirjaus tallennettu: 15.3.2027, 2 h, ketään ei tullut.');
    expect(bench.connector.sent.length).toBe(before); // one invoke, nothing else sent
    const sessions = await pilots.listSessions(pilot.id);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ date: '2027-03-15', hours: 2 });
    expect(Object.values(sessions[0].counts).every((v) => v === 0)).toBe(true);
    expect(sessions[0].counts).toMatchObject({ visitors: 0, wantedToTalk: 0, referred: 0, newClients: 0 });
    // A second press of the same card saves nothing twice.
    const again = await press(bench.personal, prompt, 'Ei ketään tullut');
    expect(cardText(again.card)).toContain('jo tallennettu');
    expect(await pilots.listSessions(pilot.id)).toHaveLength(1);
  });

  it('visitors 7, wanted to talk 1, referred 1: saved in one more press, the others not given', async () => {
    at('2027-03-22T11:00:00+02:00');
    const prompt = await promptFor(pilot, '2027-03-22T11:00:00+02:00');
    const done = await press(bench.personal, prompt, 'Tallenna kirjaus', {
      c_visitors: '7',
      c_wantedToTalk: '1',
      c_referred: '1',
    });
    expect(cardText(done.card)).toContain('Kirjaus tallennettu: 22.3.2027, 2 h.');
    const saved = (await pilots.listSessions(pilot.id)).find((s) => s.date === '2027-03-22');
    // Offered a talk follows the visitors; declined is the offered less those who wanted to talk.
    expect(saved?.counts).toEqual({ visitors: 7, offeredTalk: 7, wantedToTalk: 1, declined: 6, referred: 1 });
  });

  it('the status counts both, and does not read the counts nobody opened as zeros', async () => {
    const status = (await bench.personal.send(bench.personal.execute('status', { pilotId: pilot.id }))).body as {
      value: Card;
    };
    const text = cardText(status.value);
    expect(text).toContain('2 / ');
    // 1 wanting to talk over 4 hours.
    expect(text).toMatch(/Tavoittavuus \(keskustelua halunneet \/ tunti\)[^]*0,25/);
    expect(text).toContain('Ohjattu palveluihin');
    // New clients: the empty Monday gave 0, the second left it empty: 0 from one of the two sessions.
    expect(text).toContain('0 (1/2 kerrasta kirjattu)');
    // Social-work matters: given only as 0 of 0 visitors, so the share cannot be computed (not 0 %).
    expect(text).not.toMatch(/Sosiaalityön asioiden osuus keskusteluista[^]{0,5}0 %/);
    expect(cardProblems(status.value)).toEqual([]);
  });

  it('a count typed before pressing "Ei ketään tullut" is refused beside its field and kept', async () => {
    at('2027-04-05T11:00:00+03:00');
    const prompt = await promptFor(pilot, '2027-04-05T11:00:00+03:00');
    const answer = await press(bench.personal, prompt, 'Ei ketään tullut', { c_visitors: '3' });
    expect(cardText(answer.card)).toContain('Valitsit ”Ei ketään tullut”, mutta tähän on kirjoitettu luku.');
    expect(inputOf(answer.card, 'c_visitors')?.value).toBe(3);
    expect((await pilots.listSessions(pilot.id)).filter((s) => s.date === '2027-04-05')).toHaveLength(0);
  });
});

describe('dates from every time zone', () => {
  let pilot: Pilot;
  beforeAll(async () => {
    at('2027-04-01T08:00:00+03:00');
    pilot = await createPilotByCards(bench, {
      startDate: '2027-04-05',
      midpointDate: '2027-05-03',
      endDate: '2027-06-28',
    });
  });

  it.each([
    ['a desktop client', '2027-04-05', undefined, '2027-04-05'],
    ['a phone in Helsinki (UTC+3), midnight as an instant', '2027-04-11T21:00:00.000Z', undefined, '2027-04-12'],
    ['a phone in New York (UTC−4)', '2027-04-19T04:00:00.000Z', '2027-04-19T20:15:00.000-04:00', '2027-04-19'],
    ['a phone in Tokyo (UTC+9)', '2027-04-25T15:00:00.000Z', '2027-04-26T09:00:00.000+09:00', '2027-04-26'],
    [
      'a phone in Hawaii (UTC−10), telling its offset',
      '2027-05-03T10:00:00.000Z',
      '2027-05-03T12:00:00.000-10:00',
      '2027-05-03',
    ],
  ])('%s: %s is the day picked', async (_who, sent, localTimestamp, day) => {
    at('2027-05-10T12:00:00+03:00');
    const card = (await bench.personal.send(bench.personal.execute('logSession', { pilotId: pilot.id }))).body as {
      value: Card;
    };
    const done = await press(
      bench.personal,
      card.value,
      'Tallenna kirjaus',
      { date: sent, c_visitors: '2', c_wantedToTalk: '0', c_referred: '0' },
      localTimestamp ? { localTimestamp } : {},
    );
    expect(done.status).toBe(200);
    const [d, m, y] = [day.slice(8), day.slice(5, 7), day.slice(0, 4)].map(Number);
    expect(cardText(done.card)).toContain(`Kirjaus tallennettu: ${d}.${m}.${y}`);
    expect((await pilots.listSessions(pilot.id)).map((s) => s.date)).toContain(day);
  });
});
