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
import { applySession, emptyTotals, indexTotals, type Totals } from '../bot/domain/totals';
import { startAzurite } from '../bot/storage/azurite';
import { prefixEnd, ROW, teamKey } from '../bot/storage/keys';
import { sessionEntity, sessionMarkerEntity, totalsEntity } from '../bot/storage/pilotRows';
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
/** The overview's first page: what the tab shows first. */
const FIRST_PAGE = 50;
const WARMUP_1000 = 5;
const RUNS_1000 = 60;
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
  /** Bytes of the API's JSON body, and of the storage answer the floor read (the team's partition). */
  response_bytes: number;
  storage_bytes: number;
  /** The same as storage_bytes (its name before issue 19). */
  raw_response_bytes: number;
  /** The first page (`?offset=0&limit=50`): its p50 and p99, over the floor's p50, and its bytes. */
  first_page_pilots: number;
  /** Whether the API answered a page (50 pilots and the total); false: it answered the whole list. */
  first_page_paged: boolean;
  first_page_ms: number;
  first_page_p99_ms: number;
  first_page_ratio: number;
  first_page_bytes: number;
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
 * row but the last with its idempotency marker (transactions of 100 rows) and the totals row of
 * those (version = sessions written); then the last through `PilotStore.recordSession` itself,
 * which leaves the totals row, the team's index row and the people index as the bot leaves them.
 */
async function writeSessions(store: PilotStore, pilots: Table, pilotId: string, sessions: Session[]): Promise<Totals> {
  const direct = sessions.slice(0, -1);
  for (let i = 0; i < direct.length; i += SESSIONS_PER_TRANSACTION) {
    const actions: TransactionAction[] = direct
      .slice(i, i + SESSIONS_PER_TRANSACTION)
      .flatMap((s): TransactionAction[] => [
        ['create', sessionEntity(s)],
        ['create', sessionMarkerEntity(pilotId, randomUUID(), s.id)],
      ]);
    await pilots.transact(actions);
  }
  const before = direct.reduce((t, s) => applySession(t, s), emptyTotals());
  const totalsRow = await pilots.get(pilotId, ROW.totals);
  if (!totalsRow) throw new Error(`pilot ${pilotId} has no totals row`);
  await pilots.replace(
    { ...columnsOf(totalsRow), ...totalsEntity(pilotId, String(totalsRow.teamKey), before, direct.length) },
    totalsRow.etag,
  );
  const last = await store.recordSession(sessions[sessions.length - 1], randomUUID());
  if (!last.recorded) throw new Error(`pilot ${pilotId}: the last session was not recorded`);
  return last.totals;
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
  await writeSessions(store, tables.table('pilots'), twin.id, sessionsOf(twin));

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
    !viaSummary ||
    !sameJson(indexTotals(viaSummary.totals), indexOf(via)) ||
    viaRow.totalsVersion !== twinRow.totalsVersion
  ) {
    throw new Error('big team: totals written directly differ from those recordSession wrote');
  }
}

interface TeamShape {
  pilots: number;
  sessions: number;
  /** The pilots started this many days ago (one session a day, the last some weeks ago). */
  daysAgo: number;
  /** Pilots whose sessions are all read back (listSessions); every pilot's totals are. */
  readBack: number;
  label: string;
}

const BIG_TEAM: TeamShape = {
  pilots: BIG_PILOTS,
  sessions: BIG_SESSIONS,
  daysAgo: DAYS_AGO,
  readBack: BIG_PILOTS,
  label: 'big team',
};

/** The overview of 1,000 pilots × 100 sessions (issue 19); their last sessions 20 days ago as the big team's. */
export const THOUSAND_PILOTS = 1000;
export const THOUSAND_SESSIONS = 100;
const THOUSAND_TEAM: TeamShape = {
  pilots: THOUSAND_PILOTS,
  sessions: THOUSAND_SESSIONS,
  daysAgo: THOUSAND_SESSIONS + 20,
  readBack: 20,
  label: '1,000 pilots',
};

/** A team of the shape in the demo team of a table prefix, loaded and checked; with the time each part took. */
async function loadTeam(
  o: { connectionString: string; prefix: string; say: (s: string) => void },
  shape: TeamShape,
): Promise<{ pilots: Pilot[]; loadSeconds: number; verifySeconds: number }> {
  const tables = new TableStore({ mode: 'connectionString', connectionString: o.connectionString }, o.prefix);
  await tables.createTables();
  const store = new PilotStore(tables);
  await checkRowFormat(store, tables);

  o.say(
    `${shape.label}: ${shape.pilots} pilots × ${shape.sessions} sessions into the demo team (transactions of 100 rows)`,
  );
  const t = performance.now();
  await store.ensureTeam(DEMO_TEAM, { name: DEMO_TEAM_NAME });
  const digits = String(shape.pilots).length;
  const pilots = Array.from({ length: shape.pilots }, (_, i) => ({
    ...benchPilot(`Pilotti ${String(i + 1).padStart(digits, '0')}`, shape.daysAgo),
    team: DEMO_TEAM,
  }));
  const expected = new Map<string, Totals>();
  await pool(pilots, WRITERS, async (p) => {
    const r = await store.createPilotWithStart(p, { answers: {}, by: USER.aadObjectId, at: p.createdAt });
    if (!r.created) throw new Error(`${shape.label}: pilot not created`);
    const sessions = Array.from({ length: shape.sessions }, (_, i) => bigTeamSession(p, i));
    expected.set(p.id, await writeSessions(store, tables.table('pilots'), p.id, sessions));
  });
  const loadSeconds = (performance.now() - t) / 1000;

  // Read back through the bot's own code: a row the bench wrote wrongly fails here.
  o.say(`${shape.label}: reading the pilots back through PilotStore`);
  const v = performance.now();
  const index = await store.listTeamPilots(DEMO_TEAM);
  if (index.length !== shape.pilots) throw new Error(`${shape.label}: the index lists ${index.length} pilots`);
  for (const s of index) {
    const full = expected.get(s.pilot.id);
    if (!full || !sameJson(s.totals, indexTotals(full)))
      throw new Error(`${shape.label}: index totals of ${s.pilot.name}`);
  }
  const secondSessions = Math.floor(shape.sessions / SECOND_LOGGER_EVERY);
  await pool(pilots, WRITERS, async (p, i) => {
    const summary = await store.getPilot(p.id);
    if (!summary || !sameJson(summary.totals, expected.get(p.id)))
      throw new Error(`${shape.label}: totals of ${p.name}`);
    if (i >= shape.readBack) return;
    const sessions = await store.listSessions(p.id);
    if (sessions.length !== shape.sessions || !totalsMatch(summary.totals, sessions)) {
      throw new Error(`${shape.label}: ${p.name} reads back ${sessions.length} sessions that do not sum to its totals`);
    }
    const second = sessions.filter((s) => s.loggedBy === SECOND_LOGGER).length;
    if (
      second !== secondSessions ||
      sessions.some((s) => s.loggedBy !== SECOND_LOGGER && s.loggedBy !== USER.aadObjectId)
    ) {
      throw new Error(`${shape.label}: ${p.name} reads back ${second} sessions logged by the second person`);
    }
  });
  return { pilots, loadSeconds, verifySeconds: (performance.now() - v) / 1000 };
}

/** The big team (100 × 300), loaded and checked; returns its pilots with the time each part took. */
export function loadBigTeam(o: {
  connectionString: string;
  prefix: string;
  say: (s: string) => void;
}): Promise<{ pilots: Pilot[]; loadSeconds: number; verifySeconds: number }> {
  return loadTeam(o, BIG_TEAM);
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

/** The Polku server, compiled by scripts/build-bot.mjs (once a process: both teams' servers run it). */
let built = false;
function buildServer(): void {
  if (built) return;
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-bot.mjs')], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  built = true;
}

interface OverviewTimes {
  api_ms: number[];
  raw_ms: number[];
  page_ms: number[];
  raw_rows: number;
  response_bytes: number;
  storage_bytes: number;
  first_page_bytes: number;
  /** The first page answered 50 pilots of `total` (the API pages); false: it answered the whole list. */
  first_page_paged: boolean;
}

/**
 * The overview of a team on a running server, interleaved with its floor (raw, whole list, raw,
 * first page …): one query of the team's partition in the `teams` table (the index rows and the
 * team row, every column: the rows the handler reads), made with @azure/data-tables and the bot's
 * client options against the same Azurite; the whole list; the first page of FIRST_PAGE.
 */
async function timeOverview(o: {
  connectionString: string;
  prefix: string;
  url: string;
  pilots: number;
  sessions: number;
  warmup: number;
  runs: number;
  /** Time the whole list, the first page, or both (each beside the same floor). */
  whole: boolean;
  page: boolean;
  say: (s: string) => void;
}): Promise<OverviewTimes> {
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
  let storageBytes = 0;
  const readPartition = async () => {
    let rows = 0;
    storageBytes = 0;
    for await (const page of raw.listEntities<Record<string, unknown>>({ queryOptions: { filter } }).byPage({
      maxPageSize: 1000,
    })) {
      rows += page.length;
      storageBytes += rawBytes;
    }
    return rows;
  };
  const base = `${o.url}/api/teams/${encodeURIComponent(DEMO_TEAM.tenantId)}/${encodeURIComponent(DEMO_TEAM.teamId)}/pilots`;
  const firstPage = Math.min(FIRST_PAGE, o.pilots);
  const what = [o.whole ? 'whole list' : '', o.page ? `first page of ${firstPage}` : ''].filter(Boolean).join(', ');
  o.say(`overview of ${o.pilots} pilots: ${o.warmup} warm-ups + ${o.runs} measured, raw and ${what} interleaved`);
  const t: OverviewTimes = {
    api_ms: [],
    raw_ms: [],
    page_ms: [],
    raw_rows: 0,
    response_bytes: 0,
    storage_bytes: 0,
    first_page_bytes: 0,
    first_page_paged: false,
  };
  let whole: OverviewResponse | undefined;
  for (let i = 0; i < o.warmup + o.runs; i++) {
    let start = performance.now();
    t.raw_rows = await readPartition();
    const rawTook = performance.now() - start;
    t.storage_bytes = storageBytes;
    if (i >= o.warmup) t.raw_ms.push(rawTook);
    if (o.whole || !whole) {
      start = performance.now();
      const res = await getJson<OverviewResponse>(base);
      const apiTook = performance.now() - start;
      if (res.status !== 200 || res.body.pilots?.length !== o.pilots) {
        throw new Error(`overview answered ${res.status} with ${res.body.pilots?.length} pilots`);
      }
      if (res.body.pilots.some((p) => p.totals.sessions !== o.sessions)) {
        throw new Error(`the overview shows a pilot without its ${o.sessions} sessions`);
      }
      whole = res.body;
      t.response_bytes = res.bytes;
      if (o.whole && i >= o.warmup) t.api_ms.push(apiTook);
    }
    if (o.page) {
      start = performance.now();
      const page = await getJson<OverviewResponse & { total?: number }>(`${base}?offset=0&limit=${firstPage}`);
      const pageTook = performance.now() - start;
      if (page.status !== 200) throw new Error(`the overview's first page answered ${page.status}`);
      t.first_page_paged = page.body.pilots.length === firstPage && page.body.total === o.pilots;
      if (t.first_page_paged && page.body.pilots.some((p, j) => p.id !== whole?.pilots[j].id)) {
        throw new Error("the overview's first page is not the whole list's first pilots");
      }
      t.first_page_bytes = page.bytes;
      if (i >= o.warmup) t.page_ms.push(pageTook);
    }
  }
  if (t.raw_rows !== o.pilots + 1) throw new Error(`the team's partition holds ${t.raw_rows} rows`);
  return t;
}

/**
 * The overview's figures (OverviewResult) from the times of the whole list, and of the first page
 * (`pages`: a pass of its own, or the same one), each over the p50 of the floor measured beside it.
 */
function overviewResult(shape: TeamShape, t: OverviewTimes, pages: OverviewTimes = t): OverviewResult {
  const p50 = percentile(t.api_ms, 50);
  const p99 = percentile(t.api_ms, 99);
  const rawP50 = percentile(t.raw_ms, 50);
  const rawP99 = percentile(t.raw_ms, 99);
  const pageP50 = percentile(pages.page_ms, 50);
  const pageRawP50 = percentile(pages.raw_ms, 50);
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  return {
    pilots: shape.pilots,
    sessions_per_pilot: shape.sessions,
    n: t.api_ms.length,
    p50_ms: ms(p50),
    p99_ms: ms(p99),
    raw_p50_ms: ms(rawP50),
    raw_p99_ms: ms(rawP99),
    ratio: ratio(p50, rawP50),
    p99_ratio: ratio(p99, rawP99),
    raw_rows: t.raw_rows,
    response_bytes: t.response_bytes,
    storage_bytes: t.storage_bytes,
    raw_response_bytes: t.storage_bytes,
    first_page_pilots: Math.min(FIRST_PAGE, shape.pilots),
    first_page_paged: pages.first_page_paged,
    first_page_ms: ms(pageP50),
    first_page_p99_ms: ms(percentile(pages.page_ms, 99)),
    first_page_ratio: ratio(pageP50, pageRawP50),
    first_page_bytes: pages.first_page_bytes,
  };
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
  buildServer();
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

    const overviewOf = {
      connectionString: o.connectionString,
      prefix: o.prefix,
      url: server.url,
      pilots: BIG_PILOTS,
      sessions: BIG_SESSIONS,
      warmup: WARMUP,
      runs: RUNS,
      say: (s: string) => o.say(`big team: ${s}`),
    };
    const times = await timeOverview({ ...overviewOf, whole: true, page: false });
    let requests = WARMUP + RUNS;

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

    // The first page after the memory figures, which stay those of the same 610 requests.
    const firstPages = await timeOverview({ ...overviewOf, whole: false, page: true });

    return {
      overview: overviewResult(BIG_TEAM, times, firstPages),
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

export interface Overview1000Result extends OverviewResult {
  load_seconds: number;
  verify_seconds: number;
  /** Errors (level ≥ 50) in the server's log, by message. */
  server_errors: Record<string, number>;
}

/**
 * The overview of 1,000 pilots × 100 sessions (issue 19): loaded as the big team is, into the demo
 * team of its own table prefix (give one the big team does not use), served by the compiled
 * server on that prefix, measured as the big team's overview is, with the first page of 50.
 */
export async function overview1000Bench(o: {
  connectionString: string;
  prefix: string;
  say: (s: string) => void;
}): Promise<Overview1000Result> {
  const say = (s: string) => o.say(`1,000 pilots: ${s}`);
  const { loadSeconds, verifySeconds } = await loadTeam(o, THOUSAND_TEAM);
  say('building the server and starting it in its own process');
  buildServer();
  const server = await startServer(o.connectionString, o.prefix, SERVER_ARGS.compiled);
  try {
    const times = await timeOverview({
      connectionString: o.connectionString,
      prefix: o.prefix,
      url: server.url,
      pilots: THOUSAND_PILOTS,
      sessions: THOUSAND_SESSIONS,
      warmup: WARMUP_1000,
      runs: RUNS_1000,
      whole: true,
      page: true,
      say,
    });
    return {
      ...overviewResult(THOUSAND_TEAM, times),
      load_seconds: round1(loadSeconds),
      verify_seconds: round1(verifySeconds),
      server_errors: { ...server.errors },
    };
  } finally {
    await server.stop();
    agent.destroy();
  }
}

if (require.main === module) {
  void (async () => {
    const azurite = await startAzurite({ inMemory: true });
    const say = (s: string) => process.stderr.write(`[bench] ${s}\n`);
    try {
      const big = await bigTeamBench({ connectionString: azurite.connectionString, prefix: 'benchbig', say });
      const overview1000 =
        process.env.BENCH_OVERVIEW_1000 === 'off'
          ? undefined
          : await overview1000Bench({ connectionString: azurite.connectionString, prefix: 'benchbig1000', say });
      console.log(JSON.stringify({ ...big, overview1000 }, null, 2));
    } finally {
      await azurite.stop();
    }
  })();
}
