/**
 * Polku as `npm start` runs it, on the embedded Azurite with a data folder: what the bot wrote
 * survives a stop (SIGTERM or SIGINT) and a new start; demo data is loaded once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OverviewResponse } from '../../bot/api/contract';
import { DEMO_TEAM } from '../../bot/demo/constants';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { FakeConnector } from '../harness/connector';
import { spawnPolku } from '../harness/process';
import { TeamsClient } from '../harness/teams';

jest.setTimeout(90000);

let dataDir: string;
let connector: FakeConnector;
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'polku-restart-'));
  connector = await new FakeConnector().start();
});
afterAll(async () => {
  await connector.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function demoPilotCount(url: string): Promise<number> {
  const res = await fetch(
    `${url}/api/teams/${encodeURIComponent(DEMO_TEAM.tenantId)}/${encodeURIComponent(DEMO_TEAM.teamId)}/pilots`,
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as OverviewResponse).pilots.length;
}

it.each(['SIGTERM', 'SIGINT'] as const)(
  'an installation written just before %s is still known after a restart',
  async (signal) => {
    const env = { POLKU_DATA_DIR: dataDir };
    const first = await spawnPolku(env);
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    expect(await demoPilotCount(first.url)).toBe(SEED_PILOTS.length);

    const c = new TeamsClient({ botUrl: first.url, serviceUrl: connector.url, locale: 'fi-FI' });
    connector.clear();
    await c.send(c.installationUpdate('add'));
    expect(connector.cards()).toHaveLength(1); // welcomed: a new installation
    expect(await first.stop(signal)).toBe(0);

    const second = await spawnPolku(env);
    try {
      connector.clear();
      const again = new TeamsClient({
        botUrl: second.url,
        serviceUrl: connector.url,
        locale: 'fi-FI',
        conversationId: c.conversationId,
      });
      await again.send(again.installationUpdate('add'));
      // Known from before the stop: not welcomed a second time.
      expect(connector.cards()).toHaveLength(0);
      // The demo data was not loaded twice.
      expect(await demoPilotCount(second.url)).toBe(SEED_PILOTS.length);
    } finally {
      expect(await second.stop('SIGTERM')).toBe(0);
    }
  },
);

it('a second Polku on the same data folder refuses to start, naming the reason', async () => {
  const first = await spawnPolku({ POLKU_DATA_DIR: dataDir });
  try {
    await expect(spawnPolku({ POLKU_DATA_DIR: dataDir })).rejects.toThrow(/already running on this data folder/);
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
  } finally {
    await first.stop();
  }
});

it('POLKU_DEMO=off starts on an empty store with no pilots', async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'polku-nodemo-'));
  const p = await spawnPolku({ POLKU_DATA_DIR: empty, POLKU_DEMO: 'off' });
  try {
    expect(await demoPilotCount(p.url)).toBe(0);
  } finally {
    await p.stop();
    fs.rmSync(empty, { recursive: true, force: true });
  }
});
