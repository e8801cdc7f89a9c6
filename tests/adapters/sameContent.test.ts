/**
 * One scenario, two SDKs: the same person installs Polku in a channel, creates the Raisio parish
 * drop-in, logs its four sessions before the midpoint, saves the midpoint and the end, and a
 * sweep sends the owners' reminders. Run once on botbuilder and once on the Teams SDK, each with
 * its own Polku, connector and clock, the two transcripts (every invoke answer, every activity
 * sent to the connector, every card update, every conversation opened) must be the same, ids and
 * timestamps aside.
 */
import { answersInput } from '../harness/pilots';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { countField, SESSION_FORMS } from '../../bot/domain/sessions';
import { cardProblems } from '../harness/cards';
import { type Card, press } from '../harness/cardForm';
import { FakeConnector } from '../harness/connector';
import { startTestPolku } from '../harness/polku';
import { DEACON, OWNER, TEAM, TeamsClient } from '../harness/teams';

const raisio = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;

interface Line {
  what: string;
  content: unknown;
}

/** What the connector got, as content: the activity without the addressing each SDK fills in its own way. */
function contentOf(activity: Record<string, unknown>) {
  const { type, text, attachments, entities, attachmentLayout } = activity;
  return { type, text, attachments, entities, attachmentLayout };
}

/** Ids and times made comparable: each distinct UUID, ETag and timestamp becomes its order of appearance. */
function normalised(lines: Line[]): unknown {
  const seen = new Map<string, string>();
  const name = (kind: string, v: string) => {
    const key = `${kind}:${v}`;
    if (!seen.has(key)) seen.set(key, `<${kind}${seen.size}>`);
    return seen.get(key)!;
  };
  const text = JSON.stringify(lines)
    .replace(/W\/\\"datetime'[^']*'\\"/g, (m) => name('etag', m))
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, (m) => name('time', m))
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (m) =>
      [OWNER.aadObjectId, DEACON.aadObjectId].includes(m) ? m : name('id', m),
    );
  return JSON.parse(text);
}

/** The whole scenario on one SDK, as a transcript. */
async function transcript(sdk: 'botbuilder' | 'teams'): Promise<Line[]> {
  let clock = new Date('2017-09-04T08:00:00+03:00');
  const connector = await new FakeConnector().start();
  connector.members.set(TEAM.id, [OWNER, DEACON]);
  const polku = await startTestPolku({ POLKU_BOT_SDK: sdk }, { now: () => clock });
  const lines: Line[] = [];
  const keep = (what: string, content: unknown) => lines.push({ what, content });
  const drain = () => {
    for (const s of connector.sent) keep('sent', contentOf(s.activity));
    for (const u of connector.updated) keep('updated', contentOf(u.activity));
    for (const o of connector.opened) keep('opened', o);
    connector.clear();
  };
  const c = new TeamsClient({ botUrl: polku.url, serviceUrl: connector.url, scope: 'channel', locale: 'fi-FI' });
  const step = async (p: Promise<{ status: number; card: Card; body?: unknown }>) => {
    const r = await p;
    keep('invoke', { status: r.status, body: r.body });
    expect({ sdk, status: r.status, problems: cardProblems(r.card) }).toEqual({ sdk, status: 200, problems: [] });
    drain();
    return r.card;
  };
  try {
    keep('install', (await c.send(c.installationUpdate('add'))).status);
    drain();
    keep('message', (await c.send(c.message('uusi kokeilu'))).status);
    const step1 = connector.cards()[0] as Card;
    drain();
    const step2 = await step(
      press(c, step1, 'Jatka aloitusvaiheen kysymyksiin', {
        name: raisio.name,
        municipality: raisio.municipality,
        kind: 'dropIn',
        weekdays: '1',
        startTime: '09:00',
        hoursPerSession: '2',
        place: raisio.plan.place,
        partners: 'parish,kela',
        startDate: raisio.startDate,
        midpointDate: raisio.midpointDate,
        endDate: raisio.endDate,
        owners: DEACON.aadObjectId,
      }),
    );
    let card = await step(
      press(c, step2, 'Tallenna aloitusvaihe ja luo kokeilu', answersInput(raisio.evaluations.start)),
    );
    const form = SESSION_FORMS.dropIn;
    // The morning of the midpoint: the four Mondays before it are in the past.
    clock = new Date(`${raisio.midpointDate}T08:00:00+03:00`);
    for (const s of raisio.sessions.filter((x) => x.date < raisio.midpointDate).slice(0, 4)) {
      const log = await step(press(c, card, 'Kirjaa käyntikerta'));
      const typed: Record<string, string> = { date: s.date, hours: String(s.hours) };
      for (const k of form.counts) typed[countField(k)] = String(s.counts[k] ?? 0);
      card = await step(press(c, log, 'Tallenna kirjaus', typed));
    }
    // The midpoint is due: the sweep reminds the owners (no personal chat can be opened: 403,
    // so the channel gets the card with the owners @mentioned).
    clock = new Date(`${raisio.midpointDate}T09:00:00+03:00`);
    keep('sweep', (await polku.sweep(clock)).counts);
    drain();
    const mid = await step(press(c, card, 'Tee väliarviointi'));
    card = await step(press(c, mid, 'Tallenna väliarviointi', answersInput(raisio.evaluations.midpoint)));
    const end = await step(press(c, card, 'Tee lopetusarviointi'));
    await step(
      press(c, end, 'Tallenna lopetusvaihe', { ...answersInput(raisio.evaluations.end), decision: 'continueChanged' }),
    );
    keep('help', (await c.send(c.message('ohje'))).status);
    drain();
  } finally {
    await polku.stop();
    await connector.stop();
  }
  return lines;
}

it('botbuilder and the Teams SDK answer the same scenario with the same content', async () => {
  const botbuilder = await transcript('botbuilder');
  const teams = await transcript('teams');
  // The scenario did what it says on both: cards created, sessions saved, reminders sent.
  const kinds = (t: Line[]) => t.map((l) => l.what);
  expect(kinds(botbuilder).filter((k) => k === 'invoke').length).toBe(14);
  expect(kinds(botbuilder)).toContain('updated');
  expect(kinds(botbuilder).filter((k) => k === 'sent').length).toBeGreaterThanOrEqual(3);
  expect(normalised(teams)).toEqual(normalised(botbuilder));
}, 120000);
