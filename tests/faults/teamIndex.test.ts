/**
 * The answer tells the truth about a save, and the team's overview catches up on its own.
 * A session's transaction in the pilot's partition is the save; copying its totals to the team
 * index is a second write that can fail on its own. Here it does: a proxy in front of the real
 * Azurite fails every write to the `teams` table while the `pilots` table works.
 */
import { randomUUID } from 'node:crypto';
import type { Session } from '../../bot/domain/sessions';
import { PilotStore } from '../../bot/storage/pilots';
import { TableStore } from '../../bot/storage/tables';
import { cardText } from '../harness/cards';
import { type Card, press } from '../harness/cardForm';
import { FakeConnector } from '../harness/connector';
import { startTestPolku, type TestPolku } from '../harness/polku';
import { DROP_IN_SESSION, dropInPilot } from '../harness/pilots';
import { StorageProxy, writesTo } from '../harness/storageProxy';
import { testConnectionString, uniquePrefix } from '../harness/storage';
import { OWNER, TEAM, TeamsClient, TENANT, USER } from '../harness/teams';

jest.setTimeout(60000);

const team = { tenantId: TENANT, teamId: TEAM.id };
const clock = new Date('2027-03-15T08:00:00+02:00');
let proxy: StorageProxy;
let connector: FakeConnector;

beforeAll(async () => {
  proxy = await new StorageProxy().start();
  connector = await new FakeConnector().start();
  connector.members.set(TEAM.id, [OWNER]);
});
afterAll(async () => {
  await proxy.stop();
  await connector.stop();
});
afterEach(() => proxy.heal());

/** A drop-in pilot written through `pilots` (whose background repairs a test may have turned off). */
const newPilot = (store: TableStore, pilots: PilotStore): Promise<string> => dropInPilot(store, clock, pilots);

/** The pilot's sessions as the team's overview shows them (its index row). */
async function overviewSessions(pilots: PilotStore, pilotId: string): Promise<number | undefined> {
  return (await pilots.listTeamPilots(team)).find((s) => s.pilot.id === pilotId)?.totals.sessions;
}

async function eventually(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

const typed = DROP_IN_SESSION;

describe('the team index fails while the session saves', () => {
  let polku: TestPolku;
  beforeAll(async () => {
    polku = await startTestPolku({ AZURE_STORAGE_CONNECTION_STRING: proxy.connectionString }, { now: () => clock });
  });
  afterAll(() => polku.stop());

  it('the user is told it was saved, a retry says already saved, and the overview catches up without another write', async () => {
    const pilots = new PilotStore(polku.store);
    const pilotId = await newPilot(polku.store, pilots);
    const channel = new TeamsClient({
      botUrl: polku.url,
      serviceUrl: connector.url,
      scope: 'channel',
      locale: 'fi-FI',
    });
    const form = ((await channel.send(channel.execute('logSession', { pilotId }))).body as { value: Card }).value;

    proxy.fail(writesTo('teams'));
    const saved = await press(channel, form, 'Tallenna kirjaus', typed);
    expect(proxy.failed).toBeGreaterThan(0);
    expect(saved.status).toBe(200);
    const text = cardText(saved.card);
    expect(text).toContain('Kirjaus tallennettu');
    expect(text).not.toContain('eikä mitään tallennettu');
    expect(await pilots.listSessions(pilotId)).toHaveLength(1);
    // While the index cannot be written, the overview still shows the old count…
    expect(await overviewSessions(pilots, pilotId)).toBe(0);

    const again = await press(channel, form, 'Tallenna kirjaus', typed);
    expect(cardText(again.card)).toContain('oli jo tallennettu');
    expect(await pilots.listSessions(pilotId)).toHaveLength(1);

    // …and once it can, it catches up by itself: no new session, no retry by the user.
    proxy.heal();
    expect(await eventually(async () => (await overviewSessions(pilots, pilotId)) === 1, 10000)).toBe(true);
    expect((await pilots.listTeamPilots(team)).find((s) => s.pilot.id === pilotId)!.totals).toMatchObject({
      sessions: 1,
      hours: 2,
      counts: { visitors: 6, wantedToTalk: 2 },
    });
    expect(polku.logs.some((l) => l.includes('team index behind its pilot'))).toBe(true);
  });

  it('a phase saved while the index fails is reported saved, and the overview shows the new stage', async () => {
    const pilots = new PilotStore(polku.store);
    const pilotId = await newPilot(polku.store, pilots);
    proxy.fail(writesTo('teams'));
    const answers = { targetGroupReached: 'Osittain', overallAssessment: 'Hyvä' };
    const r = await pilots.savePhase({
      pilotId,
      phase: 'midpoint',
      answers,
      by: USER.aadObjectId,
      at: clock.toISOString(),
      idempotencyKey: randomUUID(),
    });
    expect(r.status).toBe('saved');
    proxy.heal();
    expect(
      await eventually(
        async () => (await pilots.listTeamPilots(team)).find((s) => s.pilot.id === pilotId)?.pilot.stage === 'midpoint',
        10000,
      ),
    ).toBe(true);
  });
});

describe('a process that stopped between the save and the copy', () => {
  const session = (pilotId: string): Session => ({
    id: randomUUID(),
    pilotId,
    date: '2027-03-15',
    hours: 2,
    counts: { visitors: 3, wantedToTalk: 1 },
    loggedBy: USER.aadObjectId,
    loggedAt: clock.toISOString(),
  });

  it('the retried submit ("already saved") brings the overview up to date at once', async () => {
    const prefix = uniquePrefix();
    const broken = new TableStore({ mode: 'connectionString', connectionString: proxy.connectionString }, prefix);
    await broken.createTables();
    const first = new PilotStore(broken, { repairDelaysMs: [] });
    const pilotId = await newPilot(broken, first);
    const idem = randomUUID();
    proxy.fail(writesTo('teams'));
    expect(await first.recordSession(session(pilotId), idem)).toMatchObject({ recorded: true });
    await first.index.stop(); // the process is gone: nothing repairs in its background
    proxy.heal();

    const next = new PilotStore(
      new TableStore({ mode: 'connectionString', connectionString: testConnectionString() }, prefix),
    );
    expect(await overviewSessions(next, pilotId)).toBe(0);
    expect(await next.recordSession(session(pilotId), idem)).toEqual({ recorded: false, duplicate: true });
    expect(await overviewSessions(next, pilotId)).toBe(1);
  });

  it('a new start repairs every index row left behind, a missing one included', async () => {
    const prefix = uniquePrefix();
    const broken = new TableStore({ mode: 'connectionString', connectionString: proxy.connectionString }, prefix);
    await broken.createTables();
    const first = new PilotStore(broken, { repairDelaysMs: [] });
    const behind = await newPilot(broken, first);
    proxy.fail(writesTo('teams'));
    await first.recordSession(session(behind), randomUUID());
    await first.recordSession(session(behind), randomUUID());
    const unlisted = await newPilot(broken, first); // created, but its index row never written
    await first.index.stop();
    proxy.heal();

    const check = new PilotStore(
      new TableStore({ mode: 'connectionString', connectionString: testConnectionString() }, prefix),
    );
    expect(await overviewSessions(check, behind)).toBe(0);
    expect(await overviewSessions(check, unlisted)).toBeUndefined();

    const polku = await startTestPolku({ POLKU_TABLE_PREFIX: prefix }, { now: () => clock });
    try {
      const ok = await eventually(async () => (await overviewSessions(check, behind)) === 2, 10000);
      if (!ok) console.log(polku.logs.filter((l) => /index|warn|error/.test(l)).join('\n'));
      expect(ok).toBe(true);
      expect(await overviewSessions(check, unlisted)).toBe(0);
      expect(polku.logs.some((l) => l.includes('team index rows repaired'))).toBe(true);
    } finally {
      await polku.stop();
    }
  });
});
