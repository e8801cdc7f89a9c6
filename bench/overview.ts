/**
 * A big team (issue 8): 100 pilots × 300 sessions, served by a Polku server in its own process.
 *
 * 1. load: the pilots through `PilotStore.createPilotWithStart`; their sessions written directly,
 *    each with its idempotency marker, in transactions of up to 100 rows a pilot partition; then
 *    the totals row and the team's index row, with totals computed by the domain's own
 *    `applySession`/`emptyTotals`, in the columns bot/storage/pilots.ts writes; every 10th session
 *    logged by a second member of staff (SECOND_LOGGER, for bench/privacy.ts). Checked: a pilot
 *    written this way and a twin loaded through `PilotStore.recordSession` hold rows of the same
 *    columns and types and the same totals; then `listTeamPilots`, `getPilot` and `listSessions`
 *    read every loaded pilot back with totals equal to the sum over its 300 sessions.
 * 2. overview: a Polku server started as its own process (`node dist/bot/index.js`, built first, no
 *    AAD_APP_CLIENT_ID, so the local preview mode: loopback requests are the demo user, who sees
 *    the demo team, where the pilots are). `GET /api/teams/:tenantId/:teamId/pilots` over HTTP,
 *    timed until the body is read and parsed, interleaved with its floor: one query of the team's
 *    partition in the `teams` table (the 100 index rows and the team row, every column) made
 *    directly with @azure/data-tables against the same Azurite.
 * 3. memory: that server's resident set (VmRSS of /proc/<pid>/status) idle after start, and after
 *    it has served the overview and every pilot's page and all its sessions pages; its peak
 *    (VmHWM) too. Beside it, before it, the same server from the TypeScript through tsx
 *    (`node --import tsx bot/index.ts`), idle only: what compiling saves.
 *
 * `npm run bench` runs it; alone: `node --import tsx bench/overview.ts`.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TableClient, type TransactionAction } from '@azure/data-tables';
import type { OverviewResponse, PilotDetail, SessionPage } from '../bot/api/contract';
import { DEMO_TEAM, DEMO_TEAM_NAME } from '../bot/demo/constants';
import type { Pilot } from '../bot/domain/pilots';
import { COUNT_KEYS, type Session } from '../bot/domain/sessions';
import { applySession, emptyTotals, type Totals } from '../bot/domain/totals';
import { startAzurite } from '../bot/storage/azurite';
import { prefixEnd, ROW, teamKey } from '../bot/storage/keys';
import { sessionEntity, sessionMarkerEntity, totalsEntity, totalsFields } from '../bot/storage/pilotRows';
import { PilotStore } from '../bot/storage/pilots';
import { columnsOf, odata, type Table, TableStore } from '../bot/storage/tables';
import { SERVER_ENTRY } from '../scripts/compiled';
import { FakeConnector } from '../tests/harness/connector';
import { TEAM, TeamsClient, TENANT, USER } from '../tests/harness/teams';
import { benchPilot, percentile, storedSession } from './submit';
import { pool, shapeOf } from './sweep';

const ROOT = path.resolve(__dirname, '..');

export const BIG_PILOTS = 100;
export const BIG_SESSIONS = 300;
/** Sessions a transaction: each comes with its idempotency marker, 100 rows in all. */
const SESSIONS_PER_TRANSACTION = 50;
const WRITERS = 4;
const WARMUP = 10;
const RUNS = 200;
const PAGE = 100;
/** Requests the tab would have under way at once while someone goes through the pilots. */
const PAGE_CONCURRENCY = 4;
/** The pilots started this many days ago: one session a day, the last three weeks ago. */
const DAYS_AGO = 320;
/**
 * A second member of staff who logged every 10th session of every pilot (sessions 9, 19, …): the
 * person whose data request and removal bench/privacy.ts measures. Not an owner of any pilot.
 */
export const SECOND_LOGGER = 'a1b2c3d4-0000-4000-8000-0000000000d2';
export const SECOND_LOGGER_EVERY = 10;
/** Sessions of each big-team pilot that SECOND_LOGGER logged. */
export const SECOND_LOGGER_SESSIONS = Math.floor(BIG_SESSIONS / SECOND_LOGGER_EVERY);

/** The i-th session of a big-team pilot: every 10th logged by SECOND_LOGGER, the rest by the owner. */
function bigTeamSession(p: Pilot, i: number): Session {
  const s = storedSession(p, i);
  return i % SECOND_LOGGER_EVERY === SECOND_LOGGER_EVERY - 1 ? { ...s, loggedBy: SECOND_LOGGER } : s;
}

export interface OverviewResult {
  pilots: number;
  sessions_per_pilot: number;
  n: number;
  p50_ms: number;
  p99_ms: number;
  raw_p50_ms: number;
  raw_p99_ms: number;
  /** API p50 / raw p50 (the figure the issue asks ≤ 3 of). */
  ratio: number;
  p99_ratio: number;
  /** Rows the floor's query returned (index rows + the team row). */
  raw_rows: number;
  /** Bytes of the API's JSON body, and of the storage answer the floor read. */
  response_bytes: number;
  raw_response_bytes: number;
}

export interface ServerMemoryResult {
  pilots: number;
  sessions_per_pilot: number;
  sessions_loaded: number;
  load_seconds: number;
  verify_seconds: number;
  /** The server's command line, as App Service and `npm start` run it. */
  server: string;
  /** From spawn until /healthz answers. */
  server_start_seconds: number;
  /** Started, one health check answered, a second later. */
  idle_rss_mb: number;
  /** VmHWM after `requests_served`. */
  peak_rss_mb: number;
  /** The names other tools read: idle, after `requests_served`, peak. */
  server_rss_mb_at_start: number;
  server_rss_mb_after: number;
  server_rss_mb_peak: number;
  /**
   * The compiled server on each bot SDK (POLKU_BOT_SDK), started alone: idle a second after its
   * health check, then after answering one bot message (a help card to a stand-in connector).
   */
  by_sdk: Record<'botbuilder' | 'teams', { idle_rss_mb: number; after_message_rss_mb: number }>;
  /** The same server from the TypeScript through tsx, idle (started alone, before the other). */
  tsx: { server: string; start_seconds: number; idle_rss_mb: number };
  /** Overviews, pilot pages and sessions pages the server answered before `server_rss_mb_after`. */
  requests_served: number;
  pages_seconds: number;
  /** Errors (level ≥ 50) in the server's log, by message. */
  server_errors: Record<string, number>;
  azurite_rss_mb_after_load?: number;
}

const mb = (kb: number): number => Math.round((kb / 1024) * 10) / 10;
const ms = (x: number): number => Math.round(x * 100) / 100;
const round1 = (x: number): number => Math.round(x * 10) / 10;

// ---- Rows as the bot writes them (bot/storage/pilotRows.ts) -------------------------------------

/**
 * Writes `sessions` of one pilot as `recordSession` would have, one after another: each session
 * row with its idempotency marker (transactions of 100 rows), then the totals row (version =
 * sessions written) and the team's index row, as the team index's copy leaves it.
 */
async function writeSessions(pilots: Table, teams: Table, pilotId: string, sessions: Session[]): Promise<Totals> {
  for (let i = 0; i < sessions.length; i += SESSIONS_PER_TRANSACTION) {
    const actions: TransactionAction[] = sessions
      .slice(i, i + SESSIONS_PER_TRANSACTION)
      .flatMap((s): TransactionAction[] => [
        ['create', sessionEntity(s)],
        ['create', sessionMarkerEntity(pilotId, randomUUID(), s.id)],
      ]);
    await pilots.transact(actions);
  }
  const totals = sessions.reduce((t, s) => applySession(t, s), emptyTotals());
  const version = sessions.length;
  const totalsRow = await pilots.get(pilotId, ROW.totals);
  if (!totalsRow) throw new Error(`pilot ${pilotId} has no totals row`);
  await pilots.replace(totalsEntity(pilotId, String(totalsRow.teamKey), totals, version), totalsRow.etag);
  const index = await teams.get(String(totalsRow.teamKey), ROW.pilotIndex(pilotId));
  if (!index) throw new Error(`pilot ${pilotId} has no index row`);
  await teams.replace({ ...columnsOf(index), ...totalsFields(totals, version) }, index.etag);
  return totals;
}

/** Totals, sessions, hours and every count, against the sum over the sessions. */
export function totalsMatch(totals: Totals, sessions: Session[]): boolean {
  if (totals.sessions !== sessions.length) return false;
  const hours = Math.round(sessions.reduce((h, s) => h + s.hours, 0) * 100) / 100;
  if (totals.hours !== hours) return false;
  for (const k of COUNT_KEYS) {
    const sum = sessions.reduce((n, s) => n + (s.counts[k] ?? 0), 0);
    if ((totals.counts[k] ?? 0) !== sum) return false;
  }
  return true;
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * A pilot loaded through `recordSession` and its twin written by `writeSessions`, the same
 * sessions: their session, marker, totals and index rows must have the same columns and types,
 * and both read back with the same totals. Throws when they differ.
 */
async function checkRowFormat(store: PilotStore, tables: TableStore): Promise<void> {
  const team = { tenantId: TENANT, teamId: TEAM.id };
  const via = { ...benchPilot('Bench big team: recordSession', DAYS_AGO), team };
  const twin: Pilot = { ...via, id: randomUUID(), name: 'Bench big team: written directly' };
  const sessionsOf = (p: Pilot) => Array.from({ length: 3 }, (_, i) => ({ ...storedSession(p, i), hours: 1.75 }));
  for (const p of [via, twin]) {
    const r = await store.createPilotWithStart(p, { answers: {}, by: USER.aadObjectId, at: p.createdAt });
    if (!r.created) throw new Error('big team: reference pilot not created');
  }
  for (const s of sessionsOf(via)) {
    if (!(await store.recordSession(s, randomUUID())).recorded) throw new Error('big team: reference not recorded');
  }
  await writeSessions(tables.table('pilots'), tables.table('teams'), twin.id, sessionsOf(twin));

  const pilotsClient = tables.table('pilots').client;
  const teamsClient = tables.table('teams').client;
  const firstOf = async (p: Pilot, prefix: string) => {
    const rows = await tables.table('pilots').range(p.id, prefix, prefixEnd(prefix));
    if (!rows.length) throw new Error(`big team: no ${prefix} row`);
    return rows[0].rowKey;
  };
  const shapes = async (p: Pilot) => [
    await shapeOf(pilotsClient, p.id, await firstOf(p, ROW.sessionPrefix)),
    await shapeOf(pilotsClient, p.id, await firstOf(p, ROW.idempotency(''))),
    await shapeOf(pilotsClient, p.id, ROW.totals),
    await shapeOf(teamsClient, teamKey(team), ROW.pilotIndex(p.id)),
  ];
  const [a, b] = [await shapes(via), await shapes(twin)];
  const names = ['session', 'marker', 'totals', 'index'];
  a.forEach((shape, i) => {
    if (shape !== b[i]) throw new Error(`big team: ${names[i]} rows differ:\n  bot:   ${shape}\n  bench: ${b[i]}`);
  });
  const [viaSummary, twinSummary] = [await store.getPilot(via.id), await store.getPilot(twin.id)];
  const index = await store.listTeamPilots(team);
  const indexOf = (p: Pilot) => index.find((s) => s.pilot.id === p.id)?.totals;
  const [viaRow, twinRow] = await Promise.all(
    [via, twin].map((p) => pilotsClient.getEntity<Record<string, unknown>>(p.id, ROW.totals)),
  );
  if (
    !sameJson(viaSummary?.totals, twinSummary?.totals) ||
    !sameJson(indexOf(via), indexOf(twin)) ||
    !sameJson(viaSummary?.totals, indexOf(via)) ||
    viaRow.totalsVersion !== twinRow.totalsVersion
  ) {
    throw new Error('big team: totals written directly differ from those recordSession wrote');
  }
}

/** The pilots, loaded and checked; returns them with the time each part took. */
export async function loadBigTeam(o: {
  connectionString: string;
  prefix: string;
  say: (s: string) => void;
}): Promise<{ pilots: Pilot[]; loadSeconds: number; verifySeconds: number }> {
  const tables = new TableStore({ mode: 'connectionString', connectionString: o.connectionString }, o.prefix);
  await tables.createTables();
  const store = new PilotStore(tables);
  await checkRowFormat(store, tables);

  o.say(`big team: ${BIG_PILOTS} pilots × ${BIG_SESSIONS} sessions into the demo team (transactions of 100 rows)`);
  const t = performance.now();
  await store.ensureTeam(DEMO_TEAM, { name: DEMO_TEAM_NAME });
  const pilots = Array.from({ length: BIG_PILOTS }, (_, i) => ({
    ...benchPilot(`Pilotti ${String(i + 1).padStart(3, '0')}`, DAYS_AGO),
    team: DEMO_TEAM,
  }));
  const expected = new Map<string, Totals>();
  await pool(pilots, WRITERS, async (p) => {
    const r = await store.createPilotWithStart(p, { answers: {}, by: USER.aadObjectId, at: p.createdAt });
    if (!r.created) throw new Error('big team: pilot not created');
    const sessions = Array.from({ length: BIG_SESSIONS }, (_, i) => bigTeamSession(p, i));
    expected.set(p.id, await writeSessions(tables.table('pilots'), tables.table('teams'), p.id, sessions));
  });
  const loadSeconds = (performance.now() - t) / 1000;

  // Read back through the bot's own code: a row the bench wrote wrongly fails here.
  o.say('big team: reading every pilot back through PilotStore');
  const v = performance.now();
  const index = await store.listTeamPilots(DEMO_TEAM);
  if (index.length !== BIG_PILOTS) throw new Error(`big team: the index lists ${index.length} pilots`);
  for (const s of index) {
    if (!sameJson(s.totals, expected.get(s.pilot.id))) throw new Error(`big team: index totals of ${s.pilot.name}`);
  }
  await pool(pilots, WRITERS, async (p) => {
    const [summary, sessions] = await Promise.all([store.getPilot(p.id), store.listSessions(p.id)]);
    if (!summary || !sameJson(summary.totals, expected.get(p.id))) throw new Error(`big team: totals of ${p.name}`);
    if (sessions.length !== BIG_SESSIONS || !totalsMatch(summary.totals, sessions)) {
      throw new Error(`big team: ${p.name} reads back ${sessions.length} sessions that do not sum to its totals`);
    }
    const second = sessions.filter((s) => s.loggedBy === SECOND_LOGGER).length;
    if (
      second !== SECOND_LOGGER_SESSIONS ||
      sessions.some((s) => s.loggedBy !== SECOND_LOGGER && s.loggedBy !== USER.aadObjectId)
    ) {
      throw new Error(`big team: ${p.name} reads back ${second} sessions logged by the second person`);
    }
  });
  return { pilots, loadSeconds, verifySeconds: (performance.now() - v) / 1000 };
}

// ---- The server in its own process -----------------------------------------------------------

/** VmRSS and VmHWM of a process, in kB (Linux). */
function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: PAGE_CONCURRENCY });

/** GET on the server; the body read and parsed. */
function getJson<T>(url: string): Promise<{ status: number; body: T; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(raw.toString('utf8')) as T, bytes: raw.length });
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
    });
    req.on('error', reject);
  });
}

interface ServerChild {
  url: string;
  pid: number;
  startSeconds: number;
  errors: Record<string, number>;
  stop(): Promise<void>;
}

/** Node's arguments for the server: compiled (`npm start`, App Service) or through tsx. */
const SERVER_ARGS = { compiled: [SERVER_ENTRY], tsx: ['--import', 'tsx', 'bot/index.ts'] } as const;

/**
 * The server in a process group of its own, on a free port of loopback. At LOG_LEVEL=warn the
 * server does not log its address, so the port is chosen here and the server is ready when
 * /healthz answers 200.
 */
async function startServer(
  connectionString: string,
  prefix: string,
  args: readonly string[],
  extraEnv: Record<string, string> = {},
): Promise<ServerChild> {
  const port = await freePort();
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG'];
  const env: NodeJS.ProcessEnv = Object.fromEntries(keep.filter((k) => process.env[k]).map((k) => [k, process.env[k]]));
  Object.assign(env, {
    PORT: String(port),
    AZURE_STORAGE_CONNECTION_STRING: connectionString,
    POLKU_TABLE_PREFIX: prefix,
    POLKU_DEMO: 'off',
    POLKU_REMINDER_INTERVAL: '0',
    LOG_LEVEL: 'warn',
    ...extraEnv,
  });
  const t = performance.now();
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('big team: the server did not start');
  const errors: Record<string, number> = {};
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n').filter(Boolean)) {
      try {
        const l = JSON.parse(line) as { level?: number; msg?: string };
        if ((l.level ?? 0) >= 50) errors[l.msg ?? '?'] = (errors[l.msg ?? '?'] ?? 0) + 1;
      } catch {
        // not a log line
      }
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      return; // the group is gone already
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`big team: the server exited (${child.exitCode}): ${stderr}`);
      if (performance.now() - t > 60_000) throw new Error(`big team: the server was not ready in 60 s: ${stderr}`);
      const ok = await new Promise<boolean>((resolve) => {
        http
          .get(`${url}/healthz`, (res) => {
            res.resume();
            resolve(res.statusCode === 200);
          })
          .on('error', () => resolve(false));
      });
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, pid, startSeconds: (performance.now() - t) / 1000, errors, stop };
}

// ---- The measurement -------------------------------------------------------------------------

/** The compiled server on one bot SDK: RSS idle, and after one message answered with a card. */
async function sdkMemory(
  connectionString: string,
  prefix: string,
  sdk: 'botbuilder' | 'teams',
): Promise<{ idle_rss_mb: number; after_message_rss_mb: number }> {
  const connector = await new FakeConnector().start();
  const server = await startServer(connectionString, prefix, SERVER_ARGS.compiled, { POLKU_BOT_SDK: sdk });
  try {
    await new Promise((r) => setTimeout(r, 1000));
    const idle = memoryOf(server.pid);
    const client = new TeamsClient({
      botUrl: server.url,
      serviceUrl: connector.url,
      scope: 'personal',
      locale: 'fi-FI',
    });
    const res = await client.send(client.message('ohje'));
    if (res.status !== 200 || connector.cards().length !== 1) {
      throw new Error(`big team: the ${sdk} server did not answer a message with a card (${res.status})`);
    }
    await new Promise((r) => setTimeout(r, 1000));
    return { idle_rss_mb: mb(idle.rss), after_message_rss_mb: mb(memoryOf(server.pid).rss) };
  } finally {
    await server.stop();
    await connector.stop();
  }
}

export async function bigTeamBench(o: {
  connectionString: string;
  prefix: string;
  say: (s: string) => void;
  azuriteRssMb?: () => number | undefined;
}): Promise<{ overview: OverviewResult; memory: ServerMemoryResult }> {
  const { pilots, loadSeconds, verifySeconds } = await loadBigTeam(o);
  const azuriteAfterLoad = o.azuriteRssMb?.();

  o.say('big team: the same server from the TypeScript through tsx, idle');
  const viaTsx = await startServer(o.connectionString, o.prefix, SERVER_ARGS.tsx);
  let tsxIdle: { rss: number; hwm: number };
  try {
    await new Promise((r) => setTimeout(r, 1000));
    tsxIdle = memoryOf(viaTsx.pid);
  } finally {
    await viaTsx.stop();
  }

  o.say('big team: building the server and starting it in its own process');
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-bot.mjs')], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const bySdk = {} as ServerMemoryResult['by_sdk'];
  for (const sdk of ['botbuilder', 'teams'] as const) {
    o.say(`big team: the compiled server on POLKU_BOT_SDK=${sdk}, idle and after one bot message`);
    bySdk[sdk] = await sdkMemory(o.connectionString, o.prefix, sdk);
  }
  const server = await startServer(o.connectionString, o.prefix, SERVER_ARGS.compiled);
  try {
    // Idle: started, one health check answered, a second to settle.
    await new Promise((r) => setTimeout(r, 1000));
    const atStart = memoryOf(server.pid);

    // The floor: the team's partition in one query, with the client options the bot uses.
    const raw = TableClient.fromConnectionString(o.connectionString, `${o.prefix}teams`, {
      allowInsecureConnection: true,
      retryOptions: { maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 2000 },
    });
    let rawBytes = 0;
    raw.pipeline.addPolicy({
      name: 'benchResponseBytes',
      sendRequest: async (request, next) => {
        const response = await next(request);
        rawBytes = Buffer.byteLength(response.bodyAsText ?? '');
        return response;
      },
    });
    const filter = `PartitionKey eq '${odata(teamKey(DEMO_TEAM))}'`;
    const readPartition = async () => {
      let rows = 0;
      for await (const page of raw.listEntities<Record<string, unknown>>({ queryOptions: { filter } }).byPage({
        maxPageSize: 1000,
      })) {
        rows += page.length;
      }
      return rows;
    };
    const overviewUrl = `${server.url}/api/teams/${encodeURIComponent(DEMO_TEAM.tenantId)}/${encodeURIComponent(DEMO_TEAM.teamId)}/pilots`;

    o.say(
      `big team: overview of ${BIG_PILOTS} pilots, ${WARMUP} warm-ups + ${RUNS} measured, raw and HTTP interleaved`,
    );
    const apiMs: number[] = [];
    const rawMs: number[] = [];
    let rawRows = 0;
    let apiBytes = 0;
    let requests = 0;
    for (let i = 0; i < WARMUP + RUNS; i++) {
      let t = performance.now();
      rawRows = await readPartition();
      const rawTook = performance.now() - t;
      t = performance.now();
      const res = await getJson<OverviewResponse>(overviewUrl);
      const apiTook = performance.now() - t;
      requests++;
      if (res.status !== 200 || res.body.pilots?.length !== BIG_PILOTS) {
        throw new Error(`big team: overview answered ${res.status} with ${res.body.pilots?.length} pilots`);
      }
      if (res.body.pilots.some((p) => p.totals.sessions !== BIG_SESSIONS)) {
        throw new Error(`big team: the overview shows a pilot without its ${BIG_SESSIONS} sessions`);
      }
      apiBytes = res.bytes;
      if (i >= WARMUP) {
        rawMs.push(rawTook);
        apiMs.push(apiTook);
      }
    }
    if (rawRows !== BIG_PILOTS + 1) throw new Error(`big team: the team's partition holds ${rawRows} rows`);

    o.say(`big team: every pilot's page and sessions pages (${PAGE} a page, ${PAGE_CONCURRENCY} at a time)`);
    const p = performance.now();
    await pool(pilots, PAGE_CONCURRENCY, async (pilot) => {
      const base = `${server.url}/api/pilots/${encodeURIComponent(pilot.id)}`;
      const detail = await getJson<PilotDetail>(base);
      requests++;
      if (detail.status !== 200 || detail.body.overview.totals.sessions !== BIG_SESSIONS) {
        throw new Error(`big team: the page of ${pilot.name} answered ${detail.status}`);
      }
      const ids = new Set<string>();
      for (let offset = 0; offset < BIG_SESSIONS; offset += PAGE) {
        const page = await getJson<SessionPage>(`${base}/sessions?offset=${offset}&limit=${PAGE}`);
        requests++;
        if (page.status !== 200 || page.body.total !== BIG_SESSIONS) {
          throw new Error(`big team: sessions of ${pilot.name} answered ${page.status}, total ${page.body.total}`);
        }
        for (const s of page.body.items) ids.add(s.id);
      }
      if (ids.size !== BIG_SESSIONS) throw new Error(`big team: ${pilot.name}'s pages hold ${ids.size} sessions`);
    });
    const pagesSeconds = (performance.now() - p) / 1000;
    const after = memoryOf(server.pid);

    const p50 = percentile(apiMs, 50);
    const rawP50 = percentile(rawMs, 50);
    return {
      overview: {
        pilots: BIG_PILOTS,
        sessions_per_pilot: BIG_SESSIONS,
        n: RUNS,
        p50_ms: ms(p50),
        p99_ms: ms(percentile(apiMs, 99)),
        raw_p50_ms: ms(rawP50),
        raw_p99_ms: ms(percentile(rawMs, 99)),
        ratio: Math.round((p50 / rawP50) * 100) / 100,
        p99_ratio: Math.round((percentile(apiMs, 99) / percentile(rawMs, 99)) * 100) / 100,
        raw_rows: rawRows,
        response_bytes: apiBytes,
        raw_response_bytes: rawBytes,
      },
      memory: {
        pilots: BIG_PILOTS,
        sessions_per_pilot: BIG_SESSIONS,
        sessions_loaded: BIG_PILOTS * BIG_SESSIONS,
        load_seconds: round1(loadSeconds),
        verify_seconds: round1(verifySeconds),
        server: `node ${SERVER_ARGS.compiled.join(' ')}`,
        server_start_seconds: round1(server.startSeconds),
        idle_rss_mb: mb(atStart.rss),
        peak_rss_mb: mb(after.hwm),
        server_rss_mb_at_start: mb(atStart.rss),
        server_rss_mb_after: mb(after.rss),
        server_rss_mb_peak: mb(after.hwm),
        by_sdk: bySdk,
        tsx: {
          server: `node ${SERVER_ARGS.tsx.join(' ')}`,
          start_seconds: round1(viaTsx.startSeconds),
          idle_rss_mb: mb(tsxIdle.rss),
        },
        requests_served: requests,
        pages_seconds: round1(pagesSeconds),
        server_errors: { ...server.errors },
        azurite_rss_mb_after_load: azuriteAfterLoad,
      },
    };
  } finally {
    await server.stop();
    agent.destroy();
  }
}

if (require.main === module) {
  void (async () => {
    const azurite = await startAzurite({ inMemory: true });
    try {
      const result = await bigTeamBench({
        connectionString: azurite.connectionString,
        prefix: 'benchbig',
        say: (s) => process.stderr.write(`[bench] ${s}\n`),
      });
      console.log(JSON.stringify(result, null, 2));
    } finally {
      await azurite.stop();
    }
  })();
}
