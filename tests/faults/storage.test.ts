/**
 * Storage going away and coming back: Azurite (its own, with a data folder) is stopped in the
 * middle of the work and started again on the same port. The user gets a clear "try again" card
 * that keeps what they entered, nothing half-written exists, reminders are neither lost nor sent
 * twice, and /healthz says 503 while storage is away and 200 after.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type EmbeddedAzurite, startAzurite } from '../../bot/storage/azurite';
import { PilotStore } from '../../bot/storage/pilots';
import { ReminderStore } from '../../bot/storage/reminders';
import { cardText } from '../harness/cards';
import { type Card, buttonsOf, press } from '../harness/cardForm';
import { FakeConnector } from '../harness/connector';
import { DROP_IN_SESSION, dropInPilot } from '../harness/pilots';
import { startTestPolku, type TestPolku } from '../harness/polku';
import { OWNER, TEAM, TeamsClient } from '../harness/teams';

jest.setTimeout(60000);

let dataDir: string;
let azurite: EmbeddedAzurite;
let port: number;
let polku: TestPolku;
let connector: FakeConnector;
const clock = new Date('2027-03-15T08:00:00+02:00');

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'polku-faults-'));
  azurite = await startAzurite({ dataDir });
  port = azurite.port;
  connector = await new FakeConnector().start();
  connector.members.set(TEAM.id, [OWNER]);
  polku = await startTestPolku({ AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString }, { now: () => clock });
});
afterAll(async () => {
  await polku.stop();
  await azurite.stop();
  await connector.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function storageAway(): Promise<void> {
  await azurite.stop();
}
async function storageBack(): Promise<void> {
  azurite = await startAzurite({ dataDir }, port);
}

const health = async () => (await fetch(`${polku.url}/healthz`)).status;

const newPilot = () => dropInPilot(polku.store, clock);

const typed = { ...DROP_IN_SESSION, note: 'Diakoni ohjasi kaksi kävijää juttelemaan.' };

describe('storage away during a session submit', () => {
  it('answers with a try-again card that keeps the entries; nothing half-written; the retry saves once', async () => {
    const channel = new TeamsClient({
      botUrl: polku.url,
      serviceUrl: connector.url,
      scope: 'channel',
      locale: 'fi-FI',
    });
    const pilotId = await newPilot();
    const form = ((await channel.send(channel.execute('logSession', { pilotId }))).body as { value: Card }).value;
    expect(await health()).toBe(200);

    await storageAway();
    expect(await health()).toBe(503);
    const failed = await press(channel, form, 'Tallenna kirjaus', typed);
    expect(failed.status).toBe(200);
    const text = cardText(failed.card);
    expect(text).toContain('Tallennus ei juuri nyt vastaa, eikä mitään tallennettu');
    expect(text).toContain('Kirjoittamasi tiedot ovat tallessa');
    expect(buttonsOf(failed.card)).toEqual(['Yritä uudelleen']);
    expect(polku.logs.join('\n')).not.toContain('Diakoni ohjasi');

    await storageBack();
    expect(await health()).toBe(200);
    const pilots = new PilotStore(polku.store);
    expect(await pilots.listSessions(pilotId)).toHaveLength(0);
    expect((await pilots.getPilot(pilotId))!.totals.sessions).toBe(0);

    const retried = await press(channel, failed.card, 'Yritä uudelleen');
    expect(cardText(retried.card)).toContain('Kirjaus tallennettu');
    const again = await press(channel, failed.card, 'Yritä uudelleen');
    expect(cardText(again.card)).toContain('oli jo tallennettu');
    const sessions = await pilots.listSessions(pilotId);
    expect(sessions).toHaveLength(1);
    expect(sessions[0].note).toBe(typed.note);
    expect((await pilots.getPilot(pilotId))!.totals).toMatchObject({ sessions: 1, hours: 2, counts: { visitors: 6 } });
  });
});

describe('storage away while a pilot is deleted', () => {
  it('answers with a try-again card that keeps the typed name; the retry deletes everything, once', async () => {
    const channel = new TeamsClient({
      botUrl: polku.url,
      serviceUrl: connector.url,
      scope: 'channel',
      locale: 'fi-FI',
    });
    const pilotId = await newPilot();
    const pilots = new PilotStore(polku.store);
    const name = (await pilots.getPilot(pilotId))!.pilot.name;
    const ask = ((await channel.send(channel.execute('deletePilotAsk', { pilotId }))).body as { value: Card }).value;

    await storageAway();
    const failed = await press(channel, ask, 'Poista pysyvästi', { confirmName: name });
    expect(cardText(failed.card)).toContain('Tallennus ei juuri nyt vastaa');
    expect(buttonsOf(failed.card)).toEqual(['Yritä uudelleen']);
    await storageBack();
    expect(await pilots.getPilot(pilotId)).toBeDefined();

    const retried = await press(channel, failed.card, 'Yritä uudelleen');
    expect(cardText(retried.card)).toContain(`Kokeilu ”${name}” poistettiin`);
    expect(await polku.store.table('pilots').partition(pilotId)).toEqual([]);
    expect((await new ReminderStore(polku.store).ofPilot(pilotId)).scheduled).toEqual([]);
    // A second press of the same retry finds nothing left to delete, and says so.
    const again = await press(channel, failed.card, 'Yritä uudelleen');
    expect(cardText(again.card)).toContain('Kokeilua ei löydy');
  });
});

describe('storage away during a reminder sweep', () => {
  it('loses no reminder and sends none twice', async () => {
    const personal = new TeamsClient({
      botUrl: polku.url,
      serviceUrl: connector.url,
      scope: 'personal',
      locale: 'fi-FI',
    });
    await personal.send(personal.installationUpdate('add'));
    const pilotId = await newPilot();
    await new ReminderStore(polku.store).schedule(
      pilotId,
      {
        kind: 'session',
        slotDate: '2027-03-15',
        key: 'session|2027-03-15',
        dueAt: new Date('2027-03-15T11:00:00+02:00'),
      },
      clock,
    );
    connector.clear();
    await storageAway();
    await expect(polku.sweep(new Date('2027-03-15T11:00:00+02:00'))).rejects.toThrow();
    await storageBack();
    const first = await polku.sweep(new Date('2027-03-15T11:01:00+02:00'));
    const second = await polku.sweep(new Date('2027-03-15T11:02:00+02:00'));
    const prompts = connector.sent.filter((s) =>
      cardText(s.activity.attachments?.[0]?.content).includes('Kirjataanko 15.3.2027'),
    );
    expect(prompts).toHaveLength(1);
    expect(first.lines.filter((l) => l.outcome === 'sent')).toHaveLength(1);
    expect(second.lines.filter((l) => l.pilotId === pilotId && l.key === 'session|2027-03-15')).toHaveLength(0);
  });

  it('a sweep that claimed a reminder and stopped before sending: a later sweep sends it once the claim expires', async () => {
    const pilotId = await newPilot();
    const store = new ReminderStore(polku.store);
    const due = new Date('2027-03-22T11:00:00+02:00');
    await store.schedule(
      pilotId,
      { kind: 'session', slotDate: '2027-03-22', key: 'session|2027-03-22', dueAt: due },
      clock,
    );
    // The "crashed" sweep: it claims the row and is never heard of again.
    const { due: rows } = await store.due(due);
    const mine = rows.find((r) => r.pilotId === pilotId)!;
    expect(await store.claim(mine, due, 'crashed-instance')).toBe(true);
    connector.clear();
    const during = await polku.sweep(new Date(due.getTime() + 60 * 1000));
    expect(during.lines.filter((l) => l.pilotId === pilotId)).toHaveLength(0);
    const after = await polku.sweep(new Date(due.getTime() + 3 * 60 * 1000));
    expect(after.lines.filter((l) => l.pilotId === pilotId && l.outcome === 'sent')).toHaveLength(1);
    const prompts = connector.sent
      .map((s) => cardText(s.activity.attachments?.[0]?.content))
      .filter((text) => text.includes('Kirjataanko 22.3.2027') && text.includes(pilotId.slice(0, 8)));
    expect(prompts).toHaveLength(1);
  });
});
