/**
 * What one session submit costs in storage requests, counted on the server's own table clients
 * (every request, transactions included, goes through their pipeline) while Teams drives the
 * submit over HTTP against real Azurite. Issue 19: at most 3 for a new session on a pilot whose
 * totals were just read (the pilot row, the transaction, the team index's copy).
 */
import { randomUUID } from 'node:crypto';
import { pilotFromSeed } from '../../bot/demo/load';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import type { Pilot } from '../../bot/domain/pilots';
import { countField, SESSION_FORMS } from '../../bot/domain/sessions';
import { PilotStore } from '../../bot/storage/pilots';
import { TABLES } from '../../bot/storage/tables';
import { cardText } from '../harness/cards';
import type { Card } from '../harness/cardForm';
import { FakeConnector } from '../harness/connector';
import { startTestPolku, type TestPolku } from '../harness/polku';
import { DEACON, OWNER, TEAM, TeamsClient, TENANT, USER } from '../harness/teams';

let polku: TestPolku;
let connector: FakeConnector;
/** A store of its own on the same tables: another server instance, as far as the server can tell. */
let other: PilotStore;
const requests = { n: 0 };

beforeAll(async () => {
  connector = await new FakeConnector().start();
  connector.members.set(TEAM.id, [OWNER, DEACON]);
  polku = await startTestPolku();
  other = new PilotStore(polku.store);
  for (const name of TABLES) {
    polku.store.table(name).client.pipeline.addPolicy({
      name: 'testRequestCounter',
      sendRequest: (request, next) => {
        requests.n++;
        return next(request);
      },
    });
  }
});
afterAll(async () => {
  await polku.stop();
  await connector.stop();
});

const channel = () =>
  new TeamsClient({ botUrl: polku.url, serviceUrl: connector.url, scope: 'channel', locale: 'fi-FI' });

async function newPilot(over: Partial<Pilot> = {}): Promise<Pilot> {
  const seed = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;
  const at = new Date().toISOString();
  const pilot: Pilot = {
    ...pilotFromSeed(seed, {
      id: randomUUID(),
      team: { tenantId: TENANT, teamId: TEAM.id },
      owner: USER.aadObjectId,
      at,
    }),
    ownerNames: { [USER.aadObjectId]: USER.name },
    ...over,
  };
  expect((await other.createPilotWithStart(pilot, { answers: {}, by: USER.aadObjectId, at })).created).toBe(true);
  return pilot;
}

/** The card data of a `saveSession` press: two hours on the pilot's start day, every count 1. */
function sessionData(pilot: Pilot, idem: string): Record<string, unknown> {
  const data: Record<string, unknown> = { pilotId: pilot.id, idem, date: pilot.startDate, hours: '2' };
  for (const k of SESSION_FORMS[pilot.kind].counts) data[countField(k)] = '1';
  return data;
}

/** Submits through HTTP; the card's text and the storage requests the server sent for it. */
async function submit(c: TeamsClient, pilot: Pilot, idem = randomUUID()): Promise<{ text: string; requests: number }> {
  const before = requests.n;
  const res = await c.send(c.execute('saveSession', sessionData(pilot, idem)));
  return { text: cardText((res.body as { value: Card }).value), requests: requests.n - before };
}

describe('a session submit', () => {
  it('makes at most 3 storage requests once the pilot was read, and is saved, once, with exact totals', async () => {
    const pilot = await newPilot();
    const c = channel();
    const first = await submit(c, pilot);
    expect(first.text).toContain('Kirjaus tallennettu');
    // The pilot row, the transaction, the index row's copy (its ETag remembered from the first).
    const idem = randomUUID();
    const second = await submit(c, pilot, idem);
    expect(second.text).toContain('Kirjaus tallennettu');
    expect(second.requests).toBeLessThanOrEqual(3);
    // Teams delivering the same press again: answered as already saved, stored once.
    const again = await submit(c, pilot, idem);
    expect(again.text).not.toContain('Kirjaus tallennettu');
    const stored = await other.getPilot(pilot.id);
    expect(stored?.totals.sessions).toBe(2);
    expect((await other.listSessions(pilot.id)).length).toBe(2);
    const [index] = (await other.listTeamPilots({ tenantId: TENANT, teamId: TEAM.id })).filter(
      (s) => s.pilot.id === pilot.id,
    );
    expect(index.totals.sessions).toBe(2);
  });

  it('below target, each session asks for the early-warning check, yet later ones of the hour cost no more requests', async () => {
    const day = (d: number) => new Date(Date.now() + d * 86400000).toISOString().slice(0, 10);
    // Under way now, with a target no session meets: every session from the 4th on is below it.
    const pilot = await newPilot({
      startDate: day(-30),
      midpointDate: day(10),
      endDate: day(40),
      targets: [{ measure: 'wantedToTalkPerSession', op: 'atLeast', value: 100 }],
    });
    const c = channel();
    const counts: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await submit(c, pilot);
      expect(r.text).toContain('Kirjaus tallennettu');
      counts.push(r.requests);
    }
    // The 5th and the 6th ask for the check the 4th put on the schedule (unless the hour turned meanwhile).
    expect(Math.min(...counts.slice(4))).toBeLessThanOrEqual(3);
  });

  it('written meanwhile by another instance, it still counts every session (the remembered totals were stale)', async () => {
    const pilot = await newPilot();
    const c = channel();
    await submit(c, pilot);
    // Another instance logs a session and copies the totals to the index: the server's remembered ETags are stale.
    const r = await other.recordSession(
      {
        id: randomUUID(),
        pilotId: pilot.id,
        date: pilot.startDate,
        hours: 3,
        counts: { visitors: 5 },
        loggedBy: DEACON.aadObjectId!,
        loggedAt: new Date().toISOString(),
      },
      randomUUID(),
    );
    expect(r.recorded).toBe(true);
    expect((await submit(c, pilot)).text).toContain('Kirjaus tallennettu');
    const totals = (await other.getPilot(pilot.id))!.totals;
    expect(totals).toMatchObject({ sessions: 3, hours: 7 });
    const [index] = (await other.listTeamPilots({ tenantId: TENANT, teamId: TEAM.id })).filter(
      (s) => s.pilot.id === pilot.id,
    );
    expect(index.totals).toMatchObject({ sessions: 3, hours: 7 });
  });
});
