/**
 * Crashes of the embedded store, with Polku run as `npm start` runs it (its own process, the
 * embedded Azurite on a data folder of its own) and 200 session submits posted over HTTP the way
 * Teams posts them, a few at a time. During the submits one of these is SIGKILLed, again and again:
 *
 * 1. the Azurite child: Polku restarts it by itself; /healthz is 200 again within 15 s of each
 *    kill, without restarting Polku;
 * 2. the Polku server: its Azurite child saves and exits; the server is started again;
 * 3. both at once; the server is started again.
 *
 * A submit that fails is pressed again with the same data (the "try again" card does the same)
 * until it is answered "saved" or "already saved". Afterwards every session answered so is stored
 * exactly once, and the pilot's totals and the team index row equal what the stored sessions add
 * up to. POLKU_CRASH_KILLS (default 10) sets the kills of the child; POLKU_CRASH_SERVER_KILLS
 * (default 4: each server start takes seconds) those of the server and of both.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { benchPilot, saveSessionData } from '../../bench/submit';
import { applySession, emptyTotals, indexTotals } from '../../bot/domain/totals';
import { strings } from '../../bot/i18n';
import { azuriteConnectionString, findRunningAzurite } from '../../bot/storage/azurite';
import { PilotStore } from '../../bot/storage/pilots';
import { TableStore } from '../../bot/storage/tables';
import { cardText } from '../harness/cards';
import { FakeConnector } from '../harness/connector';
import { type PolkuProcess, spawnPolku } from '../harness/process';
import { OWNER, TEAM, TeamsClient, TENANT } from '../harness/teams';

jest.setTimeout(240_000);

const SUBMITS = 200;
const KILLS = Number(process.env.POLKU_CRASH_KILLS) || 10;
/** A server restart takes seconds (tsx, then Azurite): fewer of those by default. */
const SERVER_KILLS = Number(process.env.POLKU_CRASH_SERVER_KILLS) || 4;
/** Submits in flight at once. */
const IN_FLIGHT = 4;
/** The child is restarted at once after a life this long (azurite.ts STAYED_UP_MS), so kills wait for it. */
const LIFE_MS = 2200;
const RECOVERY_MS = 15_000;
/** A session still not saved after this long is a failure (the store lost what it needs, e.g. the pilot). */
const SUBMIT_GIVES_UP_MS = 40_000;
const PREFIX = 'crash';
const fi = strings('fi');
const SAVED = fi.sessionForm.saved.split('{')[0];
const DUPLICATE = fi.sessionForm.duplicate;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let connector: FakeConnector;
beforeAll(async () => {
  connector = await new FakeConnector().start();
  connector.members.set(TEAM.id, [OWNER]);
});
afterAll(async () => {
  await connector.stop();
});

/** Polku on a data folder of its own, and the test's own view of the same store. */
class Deployment {
  polku!: PolkuProcess;
  store!: TableStore;
  readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'polku-crash-'));
  private readonly env = {
    POLKU_DATA_DIR: this.dataDir,
    POLKU_DEMO: 'off',
    POLKU_TABLE_PREFIX: PREFIX,
    POLKU_REMINDER_INTERVAL: '0',
  };

  async start(): Promise<void> {
    this.polku = await spawnPolku(this.env, 60_000);
    const running = await findRunningAzurite(this.dataDir);
    if (!running) throw new Error('no Azurite holds the data folder');
    this.store = new TableStore(
      { mode: 'connectionString', connectionString: azuriteConnectionString(running.port) },
      PREFIX,
    );
  }

  /** The server's Azurite child, found as the operating system sees it (Linux /proc). */
  azuritePid(): number {
    const server = this.polku.child.pid;
    const tasks = fs.readdirSync(`/proc/${server}/task`);
    const children = tasks.flatMap((t) =>
      fs.readFileSync(`/proc/${server}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean),
    );
    const pid = children.find((c) => fs.readFileSync(`/proc/${c}/cmdline`, 'utf8').includes('azurite-child'));
    if (!pid) throw new Error('the Azurite child is not running');
    return Number(pid);
  }

  async health(): Promise<number> {
    try {
      return (await fetch(`${this.polku.url}/healthz`)).status;
    } catch {
      return 0;
    }
  }

  /** Milliseconds until /healthz answers 200, failing after `within`. */
  async healthyAgain(within: number): Promise<number> {
    const t0 = Date.now();
    while ((await this.health()) !== 200) {
      if (Date.now() - t0 > within) throw new Error(`/healthz not 200 within ${within} ms`);
      await sleep(100);
    }
    return Date.now() - t0;
  }

  async remove(): Promise<void> {
    await this.polku.stop('SIGTERM');
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * Presses "save" for sessions 0..SUBMITS-1 of the pilot, IN_FLIGHT at once, each again (same data,
 * same idempotency key) until the answer says saved or already saved. `client()` is asked anew at
 * every press (a restarted server listens on another port); `gate()` is awaited before each new
 * session, so that the crashes happen while submits remain.
 */
async function submitAll(
  pilot: ReturnType<typeof benchPilot>,
  client: () => TeamsClient,
  gate: () => Promise<void>,
): Promise<{ saved: Set<number>; attempts: number }> {
  const saved = new Set<number>();
  let next = 0;
  let attempts = 0;
  const idem = Array.from({ length: SUBMITS }, () => randomUUID());
  const worker = async () => {
    for (await gate(); next < SUBMITS; await gate()) {
      const i = next++;
      const since = Date.now();
      for (let text = ''; ;) {
        if (Date.now() - since > SUBMIT_GIVES_UP_MS) throw new Error(`session ${i} not saved: ${text.slice(0, 200)}`);
        attempts++;
        const c = client();
        text = await c
          .send(c.execute('saveSession', saveSessionData(pilot, i, idem[i])))
          .then((res) => cardText((res.body as { value?: Record<string, unknown> } | undefined)?.value))
          .catch(() => ''); // the server is down: press again
        if (text.includes(SAVED) || text.includes(DUPLICATE)) break;
        await sleep(150);
      }
      saved.add(i);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return { saved, attempts };
}

/** Every session answered saved is stored once, and the totals and the team index add up. */
async function expectAllStored(d: Deployment, pilot: ReturnType<typeof benchPilot>, saved: Set<number>) {
  const pilots = new PilotStore(d.store);
  const sessions = await pilots.listSessions(pilot.id);
  const dates = sessions.map((s) => s.date).sort();
  const expected = [...saved].map((i) => saveSessionData(pilot, i, '').date as string).sort();
  expect(dates).toEqual(expected);
  expect(sessions).toHaveLength(SUBMITS);
  const summed = sessions.reduce((t, s) => applySession(t, s), emptyTotals());
  const totals = (await pilots.getPilot(pilot.id))!.totals;
  expect(totals).toEqual(summed);
  // The index row may be repaired after a crash between the session and its publishing: give it time.
  let indexed;
  for (let waited = 0; waited < 10_000; waited += 250) {
    indexed = (await pilots.listTeamPilots({ tenantId: TENANT, teamId: TEAM.id })).find((p) => p.pilot.id === pilot.id);
    if (indexed?.totals.sessions === summed.sessions) break;
    await sleep(250);
  }
  expect(indexed?.totals).toEqual(indexTotals(summed));
}

async function newPilot(d: Deployment) {
  const pilots = new PilotStore(d.store);
  const pilot = benchPilot(`Kaatumiskoe ${randomUUID().slice(0, 8)}`);
  await pilots.ensureTeam({ tenantId: TENANT, teamId: TEAM.id }, { name: TEAM.name });
  const created = await pilots.createPilotWithStart(pilot, { answers: {}, by: pilot.createdBy, at: pilot.createdAt });
  expect(created.created).toBe(true);
  return pilot;
}

const channelOf = (d: Deployment) =>
  new TeamsClient({ botUrl: d.polku.url, serviceUrl: connector.url, scope: 'channel', locale: 'fi-FI' });

/**
 * Runs the submits and crashes the store `kills` times among them, each once another
 * 1/(kills+1) of the submits has started: the submits in flight meet the crash and are pressed
 * again. New submits past the next mark wait until the store is back and has been up `lifeMs`.
 */
async function submitsWithCrashes(d: Deployment, kills: number, crash: () => Promise<void>, lifeMs = 0) {
  const pilot = await newPilot(d);
  let client = channelOf(d);
  let done = 0;
  let started = 0;
  let crashing: Promise<void> | undefined;
  let upSince = Date.now();
  const dueAt = (k: number) => Math.round((k * SUBMITS) / (kills + 1));
  const gate = async () => {
    while (done < kills && started >= dueAt(done + 1)) {
      if (crashing || Date.now() - upSince < lifeMs) {
        await (crashing ?? sleep(50));
        continue;
      }
      done++;
      crashing = crash().then(() => {
        client = channelOf(d);
        upSince = Date.now();
        crashing = undefined;
      });
    }
    started++;
  };
  const result = await submitAll(pilot, () => client, gate);
  await crashing;
  expect(done).toBe(kills);
  expect(result.attempts).toBeGreaterThan(SUBMITS); // presses did fail and were pressed again
  return { pilot, saved: result.saved };
}

describe('the embedded store survives SIGKILL', () => {
  it(`of the Azurite child, ${KILLS} times during ${SUBMITS} submits: restarted by Polku, healthy within 15 s, nothing saved is lost`, async () => {
    const d = new Deployment();
    await d.start();
    try {
      const serverPid = d.polku.child.pid;
      const recoveries: number[] = [];
      const { pilot, saved } = await submitsWithCrashes(
        d,
        KILLS,
        async () => {
          process.kill(d.azuritePid(), 'SIGKILL');
          recoveries.push(await d.healthyAgain(RECOVERY_MS));
        },
        LIFE_MS,
      );
      expect(d.polku.child.exitCode).toBeNull();
      expect(d.polku.child.pid).toBe(serverPid);
      expect(Math.max(...recoveries)).toBeLessThan(RECOVERY_MS);
      process.stderr.write(`child recoveries ms: ${recoveries.join(' ')}\n`);
      await expectAllStored(d, pilot, saved);
      expect(await d.health()).toBe(200);
      // The restarts are in the log, with ids only.
      const restarts = d.polku.output.filter((l) => l.includes('embedded Azurite restarted'));
      expect(restarts).toHaveLength(KILLS);
      expect(d.polku.output.join('\n')).not.toContain(pilot.name);
    } finally {
      await d.remove();
    }
  });

  it.each([
    ['the Polku server', false],
    ['both at once', true],
  ])(
    `of %s, ${SERVER_KILLS} times during ${SUBMITS} submits: the server started again, nothing saved is lost`,
    async (_what, withChild) => {
      const d = new Deployment();
      await d.start();
      try {
        const restarts: number[] = [];
        const { pilot, saved } = await submitsWithCrashes(d, SERVER_KILLS, async () => {
          if (withChild) process.kill(d.azuritePid(), 'SIGKILL');
          await d.polku.stop('SIGKILL');
          const t0 = Date.now();
          await d.start();
          await d.healthyAgain(RECOVERY_MS);
          restarts.push(Date.now() - t0);
        });
        process.stderr.write(`server restarts ms: ${restarts.join(' ')}\n`);
        await expectAllStored(d, pilot, saved);
      } finally {
        await d.remove();
      }
    },
  );
});
