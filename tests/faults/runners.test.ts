/**
 * Two reminder runners started at the same moment (`npm run reminders -- --once --now <instant>`,
 * each its own process, as two schedulers or an operator beside a scheduler would), on the
 * embedded store's data folder: with no server (one runner runs Azurite, the other waits for it
 * and then uses the folder itself) and beside a running server (both use the server's Azurite).
 * Each due reminder goes out exactly once, through the stand-in connector.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { azuriteConnectionString, findRunningAzurite, startAzurite } from '../../bot/storage/azurite';
import { ReminderStore } from '../../bot/storage/reminders';
import { TableStore } from '../../bot/storage/tables';
import { cardText } from '../harness/cards';
import { FakeConnector } from '../harness/connector';
import { dropInPilot } from '../harness/pilots';
import { startTestPolku } from '../harness/polku';
import { spawnPolku, spawnScript } from '../harness/process';
import { OWNER, TEAM, TeamsClient } from '../harness/teams';

jest.setTimeout(120_000);

const PREFIX = 'runners';
const clock = new Date('2027-03-15T08:00:00+02:00');
const DUE = new Date('2027-03-15T11:00:00+02:00');
const SWEEP_AT = '2027-03-15T11:01:00+02:00';
const PILOTS = 3;

let connector: FakeConnector;
let dataDir: string;
beforeAll(async () => {
  connector = await new FakeConnector().start();
  connector.members.set(TEAM.id, [OWNER]);
});
afterAll(async () => {
  await connector.stop();
});
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'polku-runners-'));
  connector.clear();
});
afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Polku installed in the owner's personal chat, and PILOTS pilots each with a session prompt due at DUE. */
async function seed(botUrl: string, store: TableStore): Promise<string[]> {
  const personal = new TeamsClient({ botUrl, serviceUrl: connector.url, scope: 'personal', locale: 'fi-FI' });
  expect((await personal.send(personal.installationUpdate('add'))).status).toBe(200);
  const ids: string[] = [];
  for (let n = 0; n < PILOTS; n++) {
    const id = await dropInPilot(store, clock);
    await new ReminderStore(store).schedule(
      id,
      { kind: 'session', slotDate: '2027-03-15', key: 'session|2027-03-15', dueAt: DUE },
      clock,
    );
    ids.push(id);
  }
  connector.clear();
  return ids;
}

const env = () => ({ POLKU_DATA_DIR: dataDir, POLKU_TABLE_PREFIX: PREFIX, POLKU_DEMO: 'off', LOG_LEVEL: 'warn' });

/** Two runners at once; both must finish well. */
async function twoRunners(): Promise<string[]> {
  const runners = [0, 1].map(() => spawnScript('scripts/reminders.ts', ['--once', '--now', SWEEP_AT], env()));
  const codes = await Promise.all(runners.map((r) => r.exited));
  const output = runners.flatMap((r) => r.lines);
  expect({ codes, output }).toMatchObject({ codes: [0, 0] });
  return output;
}

/** How many prompts for 15.3.2027 each pilot got. */
const promptsPerPilot = (ids: string[]) =>
  ids.map(
    (id) =>
      connector.sent.filter((s) => {
        const text = cardText(s.activity.attachments?.[0]?.content);
        return text.includes('Kirjataanko 15.3.2027') && text.includes(id.slice(0, 8));
      }).length,
  );

describe('two reminder runners at once', () => {
  it('with no server: one runs Azurite, the other waits; each due reminder is sent once', async () => {
    const azurite = await startAzurite({ dataDir });
    const polku = await startTestPolku(
      { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, POLKU_TABLE_PREFIX: PREFIX },
      { now: () => clock },
    );
    const ids = await seed(polku.url, polku.store);
    await polku.stop();
    await azurite.stop();

    const output = await twoRunners();
    expect(promptsPerPilot(ids)).toEqual(ids.map(() => 1));
    expect(output.filter((l) => /^\s*sent\s+session\|2027-03-15/.test(l))).toHaveLength(PILOTS);
  });

  it('beside a running server: both use its Azurite; each due reminder is sent once', async () => {
    const server = await spawnPolku({ ...env(), POLKU_REMINDER_INTERVAL: '0', LOG_LEVEL: 'info' });
    try {
      const running = await findRunningAzurite(dataDir);
      const store = new TableStore(
        { mode: 'connectionString', connectionString: azuriteConnectionString(running!.port) },
        PREFIX,
      );
      const ids = await seed(server.url, store);
      const output = await twoRunners();
      expect(promptsPerPilot(ids)).toEqual(ids.map(() => 1));
      expect(output.filter((l) => /^\s*sent\s+session\|2027-03-15/.test(l))).toHaveLength(PILOTS);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
  });
});
