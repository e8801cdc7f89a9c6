/**
 * `npm run bench`: one run, side by side, as ratios. Starts its own in-memory Azurite, a real
 * Polku server and a stand-in Bot Connector, then measures
 *
 * 1. submit: sequential session submits through HTTP (an adaptiveCard/action invoke with the
 *    `saveSession` verb, timed until the answer is read), interleaved with the raw storage floor
 *    of the same submit made directly on @azure/data-tables against the same Azurite; then the
 *    same on the embedded store with a data folder, twice, each with a server of its own: as
 *    Azurite saves by itself (every 5 s: before the durability change) and as Polku runs it
 *    (every write on disk before its answer);
 * 2. concurrent: 200 submits for one fresh pilot sent at once, with 20 re-sends of the same
 *    payloads mixed in: throughput, duplicates stored, and whether the totals are exact;
 * 3. overview and memory (bench/overview.ts): a team of 100 pilots × 300 sessions, served by a
 *    Polku server in its own process: the tab's overview API over HTTP interleaved with one raw
 *    query of the team's partition, and the server's RSS idle and after it has served the overview
 *    and every pilot's pages; then a team of 1,000 pilots × 100 sessions the same way (the whole
 *    list and its first page of 50);
 *    Then privacy (bench/privacy.ts), on that team once the server is stopped: a person's data
 *    request (PersonalData.find) beside reading the same pilots' partitions, their removal
 *    (PersonalData.remove), and deleting a pilot of 300 sessions (PilotData.delete) beside
 *    deleting a like pilot's rows directly;
 * 4. sweep: one reminder sweep over 1,000, 10,000 and 100,000 pilots' reminders with 1 % due,
 *    timed, with the rows it read beside the rows due, against the read alone (ReminderStore.due),
 *    and the most messages sent in any second.
 *
 * Prints the table of figures, then issue 19's aims (bench/report.ts: each key, its aim, met or
 * not) and how the figures grow from 100 to 1,000 pilots (10,000 to 100,000 for the sweep), and
 * writes all of it to bench/results/latest.json. Knobs (environment): BENCH_N (300),
 * BENCH_WARMUP (20), BENCH_BIG_TEAM=off, BENCH_OVERVIEW_1000=off, BENCH_PRIVACY=off, BENCH_TAB=off, BENCH_SWEEP=off.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { isDeepStrictEqual } from 'node:util';
import { type RunningPolku, startPolku } from '../bot/app';
import { loadConfig } from '../bot/config';
import type { Pilot } from '../bot/domain/pilots';
import { indexTotals } from '../bot/domain/totals';
import { strings } from '../bot/i18n';
import { createLogger } from '../bot/log';
import { type Durability, startAzurite } from '../bot/storage/azurite';
import { PilotStore } from '../bot/storage/pilots';
import { TABLES } from '../bot/storage/tables';
import { FakeConnector, type Member } from '../tests/harness/connector';
import { type Activity, TEAM, TeamsClient, TENANT, USER } from '../tests/harness/teams';
import {
  bigTeamBench,
  BIG_PILOTS,
  type Overview1000Result,
  overview1000Bench,
  BIG_SESSIONS,
  type OverviewResult,
  type ServerMemoryResult,
  totalsMatch,
} from './overview';
import { privacyBench, type PrivacyResult } from './privacy';
import { benchPilot, percentile, type PipelinePolicy, RawFloor, saveSessionData, storedSession } from './submit';
import { type SweepResult, sweepAtScale } from './sweep';
import { aimsTable, growth, growthTable, textTable, verdicts } from './report';
import { TAB_PILOTS_LARGE, tabBench, type TabBenchResult } from './tab';

const ROOT = path.resolve(__dirname, '..');
const RESULTS = path.join(__dirname, 'results');

const intEnv = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};
const N = intEnv('BENCH_N', 300);
const WARMUP = intEnv('BENCH_WARMUP', 20);
const CONCURRENT = 200;
const RESENDS = 20;
/** Pilots whose reminders are on the schedule, one sweep each (1 % due). */
const SWEEP_PILOTS = [1000, 10_000, 100_000];

const OWNER: Member = { id: USER.id, name: USER.name, aadObjectId: USER.aadObjectId, userRole: 'user' };
const DEACON: Member = {
  id: '29:user-deacon',
  name: 'Pirjo Diakoni',
  aadObjectId: 'a1b2c3d4-0000-4000-8000-0000000000d2',
};

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
const ms = (x: number): number => Math.round(x * 100) / 100;
const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;

interface InvokeBody {
  statusCode?: number;
  type?: string;
  value?: unknown;
}

/** True when the bot answered the invoke with a card (not an error). */
function answeredWithCard(res: { status: number; body: unknown }): boolean {
  const b = res.body as InvokeBody | undefined;
  return res.status === 200 && b?.statusCode === 200 && b.type === 'application/vnd.microsoft.card.adaptive';
}

/** Counts the requests a table client sends (transactions included: they go through the same pipeline). */
function countingPolicy(counter: { n: number }): PipelinePolicy {
  return {
    name: 'benchRequestCounter',
    sendRequest: (request, next) => {
      counter.n++;
      return next(request);
    },
  };
}

/** The resident set of the Azurite child process, in MB (Linux only; undefined elsewhere). */
function azuriteRssMb(): number | undefined {
  try {
    const tasks = fs.readdirSync(`/proc/${process.pid}/task`);
    const children = tasks.flatMap((t) =>
      fs.readFileSync(`/proc/${process.pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean),
    );
    for (const pid of children) {
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('azurite-child')) continue;
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? mb(Number(m[1]) * 1024) : undefined;
    }
    return undefined;
  } catch {
    return undefined;
  }
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

function table(rows: [string, string, string, string][]): string {
  return textTable(['measure', 'value', 'floor', 'ratio'], rows);
}

type SubmitSeries = {
  p50_ms: number;
  p99_ms: number;
  raw_p50_ms: number;
  raw_p99_ms: number;
  p50_ratio: number;
  p99_ratio: number;
  storage_requests: { http: number; raw: number };
};

const pilotMaker = (store: PilotStore) => async (p: Pilot) => {
  const r = await store.createPilotWithStart(p, { answers: {}, by: USER.aadObjectId, at: p.createdAt });
  if (!r.created) throw new Error('pilot not created');
  return p;
};

/**
 * WARMUP + N sequential submits through the server's HTTP, each after the same submit made
 * directly on the storage the server uses (the raw floor), on two pilots of the team that grow alike.
 */
async function submitSeries(
  polku: RunningPolku,
  connectionString: string,
  prefix: string,
  client: TeamsClient,
): Promise<SubmitSeries> {
  const store = new PilotStore(polku.store);
  const create = pilotMaker(store);
  const httpRequests = { n: 0 };
  const rawRequests = { n: 0 };
  // Every table's requests: the reminders' too (the early-warning check a session below target asks for).
  for (const name of TABLES) polku.store.table(name).client.pipeline.addPolicy(countingPolicy(httpRequests));
  const raw = new RawFloor(connectionString, prefix, countingPolicy(rawRequests));
  const savedNotice = strings('fi').sessionForm.saved.split('{')[0];
  const httpPilot = await create(benchPilot('Bench HTTP'));
  const rawPilot = await create(benchPilot('Bench raw floor'));
  const httpMs: number[] = [];
  const rawMs: number[] = [];
  let httpCalls = 0;
  let rawCalls = 0;
  for (let i = 0; i < WARMUP + N; i++) {
    const session = storedSession(rawPilot, i);
    const rawIdem = randomUUID();
    const activity: Activity = client.execute('saveSession', saveSessionData(httpPilot, i, randomUUID()));

    const rawBefore = rawRequests.n;
    let t = performance.now();
    await raw.submit(session, rawIdem);
    const rawTook = performance.now() - t;
    rawCalls = rawRequests.n - rawBefore;

    const httpBefore = httpRequests.n;
    t = performance.now();
    const res = await client.send(activity);
    const httpTook = performance.now() - t;
    httpCalls = httpRequests.n - httpBefore;
    if (!answeredWithCard(res) || !JSON.stringify((res.body as InvokeBody).value).includes(savedNotice)) {
      throw new Error(`submit ${i} was not saved: ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    if (i >= WARMUP) {
      rawMs.push(rawTook);
      httpMs.push(httpTook);
    }
  }
  for (const p of [httpPilot, rawPilot]) {
    const got = (await store.getPilot(p.id))?.totals.sessions;
    if (got !== WARMUP + N) throw new Error(`pilot ${p.name} holds ${got} sessions, not ${WARMUP + N}`);
  }
  return {
    p50_ms: ms(percentile(httpMs, 50)),
    p99_ms: ms(percentile(httpMs, 99)),
    raw_p50_ms: ms(percentile(rawMs, 50)),
    raw_p99_ms: ms(percentile(rawMs, 99)),
    p50_ratio: ratio(percentile(httpMs, 50), percentile(rawMs, 50)),
    p99_ratio: ratio(percentile(httpMs, 99), percentile(rawMs, 99)),
    storage_requests: { http: httpCalls, raw: rawCalls },
  };
}

/** A Polku server on an embedded Azurite with a fresh data folder, for `use`; all removed after. */
async function withDiskPolku<T>(
  durability: Durability,
  logs: Writable,
  use: (polku: RunningPolku, connectionString: string, prefix: string) => Promise<T>,
): Promise<T> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'polku-bench-disk-'));
  try {
    const azurite = await startAzurite({ dataDir, durability });
    try {
      const config = loadConfig({
        PORT: '0',
        AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
        POLKU_DEMO: 'off',
        LOG_LEVEL: 'warn',
      });
      const polku = await startPolku(config, createLogger(config.logLevel, logs));
      try {
        return await use(polku, azurite.connectionString, config.tablePrefix);
      } finally {
        await polku.stop();
      }
    } finally {
      await azurite.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const elapsedS = () => (performance.now() - started) / 1000;
  const say = (s: string) => process.stderr.write(`[bench ${elapsedS().toFixed(1)}s] ${s}\n`);

  // Everything started is stopped at the end, last first, also when the run fails half-way.
  const stops: (() => Promise<void>)[] = [];
  try {
    await run(stops, elapsedS, say);
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

async function run(stops: (() => Promise<void>)[], elapsedS: () => number, say: (s: string) => void): Promise<void> {
  // The code measured is the code on disk now: name its commit before anything else can change.
  const commit = git(['rev-parse', 'HEAD']);
  const dirty = git(['status', '--porcelain', '--untracked-files=no']) !== '';
  const azurite = await startAzurite({ inMemory: true });
  stops.push(() => azurite.stop());
  const connector = await new FakeConnector().start();
  stops.push(() => connector.stop());
  connector.members.set(TEAM.id, [OWNER, DEACON]);
  const config = loadConfig({
    PORT: '0',
    AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
    POLKU_DEMO: 'off',
    LOG_LEVEL: 'warn',
  });
  // Logs go nowhere; only the names of the errors the server logs are counted, to explain failed answers.
  const serverErrors: Record<string, number> = {};
  const nullStream = new Writable({
    write: (chunk: Buffer, _enc, cb) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        let l: { level?: number; msg?: string; err?: { name?: string } };
        try {
          l = JSON.parse(line) as typeof l;
        } catch {
          continue; // not a log line of ours
        }
        if ((l.level ?? 0) >= 50 && l.err) {
          const key = `${l.msg ?? '?'}: ${l.err?.name ?? '?'}`;
          serverErrors[key] = (serverErrors[key] ?? 0) + 1;
        }
      }
      cb();
    },
  });
  const polku = await startPolku(config, createLogger(config.logLevel, nullStream));
  stops.push(() => polku.stop());
  const store = new PilotStore(polku.store);
  const client = new TeamsClient({ botUrl: polku.url, serviceUrl: connector.url, scope: 'channel', locale: 'fi-FI' });
  const create = pilotMaker(store);
  await store.ensureTeam({ tenantId: TENANT, teamId: TEAM.id }, { name: TEAM.name });

  // ---- 1. submit: HTTP and raw floor, interleaved -----------------------------------------
  // On the in-memory Azurite, then on the embedded store with a data folder: as Azurite saves by
  // itself (every 5 s) and as Polku runs it (every write on disk before its answer).
  say(`submit: ${WARMUP} warm-ups + ${N} measured, raw and HTTP interleaved, in memory`);
  const inMemory = await submitSeries(polku, azurite.connectionString, config.tablePrefix, client);
  const onDisk: Partial<Record<Durability, SubmitSeries>> = {};
  for (const durability of ['interval', 'per-write'] as const) {
    say(`submit: the same on a data folder, durability ${durability}`);
    onDisk[durability] = await withDiskPolku(durability, nullStream, async (disk, connectionString, prefix) => {
      const diskStore = new PilotStore(disk.store);
      await diskStore.ensureTeam({ tenantId: TENANT, teamId: TEAM.id }, { name: TEAM.name });
      const diskClient = new TeamsClient({
        botUrl: disk.url,
        serviceUrl: connector.url,
        scope: 'channel',
        locale: 'fi-FI',
      });
      return submitSeries(disk, connectionString, prefix, diskClient);
    });
  }
  const interval = onDisk.interval!;
  const durable = onDisk['per-write']!;
  const submit = {
    n: N,
    ...inMemory,
    /** The embedded store as Polku runs it: every write on disk before it is answered. */
    durable_p50_ms: durable.p50_ms,
    durable_p99_ms: durable.p99_ms,
    durable_raw_p50_ms: durable.raw_p50_ms,
    durable_raw_p99_ms: durable.raw_p99_ms,
    durable_p50_ratio: durable.p50_ratio,
    durable_p99_ratio: durable.p99_ratio,
    /** The same data folder as Azurite saves it by itself (every 5 s), before the durability change. */
    interval_p50_ms: interval.p50_ms,
    interval_p99_ms: interval.p99_ms,
    interval_raw_p50_ms: interval.raw_p50_ms,
    interval_p50_ratio: interval.p50_ratio,
    /** Absolute submit p50 after the change over before it (on disk), and over the in-memory store. */
    durable_vs_interval_p50: ratio(durable.p50_ms, interval.p50_ms),
    durable_vs_memory_p50: ratio(durable.p50_ms, inMemory.p50_ms),
  };

  // ---- 2. concurrent: 200 at once for one fresh pilot, 20 re-sends mixed in --------------
  say(`concurrent: ${CONCURRENT} submits + ${RESENDS} re-sends at once`);
  const freshPilot = await create(benchPilot('Bench concurrent'));
  const originals = Array.from({ length: CONCURRENT }, (_, i) =>
    client.execute('saveSession', saveSessionData(freshPilot, i, randomUUID())),
  );
  const batch: Activity[] = [];
  const every = Math.floor(CONCURRENT / RESENDS);
  originals.forEach((a, i) => {
    batch.push(a);
    // A redelivery: the same payload (same idempotency key) as a new activity, a few places later.
    if (i % every === every - 1) batch.push({ ...a, id: randomUUID() });
  });
  const t = performance.now();
  const answers = await Promise.all(
    batch.map((a) => client.send(a).catch((e: unknown) => ({ status: 0, body: String(e) }))),
  );
  const seconds = (performance.now() - t) / 1000;
  const failed = answers.filter((a) => !answeredWithCard(a)).length;
  const errorsLogged = { ...serverErrors };
  const sessions = await store.listSessions(freshPilot.id);
  const distinct = new Set(sessions.map((s) => s.date)).size;
  const summary = await store.getPilot(freshPilot.id);
  const indexRow = (await store.listTeamPilots(freshPilot.team)).find((p) => p.pilot.id === freshPilot.id);
  const concurrent = {
    submits: CONCURRENT,
    resends: RESENDS,
    seconds: Math.round(seconds * 1000) / 1000,
    per_second: Math.round((CONCURRENT / seconds) * 10) / 10,
    stored: sessions.length,
    duplicates: sessions.length - CONCURRENT,
    // Each payload has its own date, so the stored dates tell duplicates from lost submits.
    distinct_stored: distinct,
    lost: CONCURRENT - distinct,
    failed_answers: failed,
    server_errors: errorsLogged,
    totals_exact: !!summary && totalsMatch(summary.totals, sessions),
    // The index row holds the overview's cut of the totals (domain/totals.ts indexTotals), not all of them.
    index_exact: !!summary && isDeepStrictEqual(indexRow?.totals, indexTotals(summary.totals)),
  };

  // ---- tab: the overview of 100 pilots in headless Chromium (bench/tab.ts) ------------------
  let tab: TabBenchResult | { skipped: true; note: string } = { skipped: true, note: 'BENCH_TAB=off' };
  if (process.env.BENCH_TAB !== 'off') {
    tab = await tabBench({ connectionString: azurite.connectionString, prefix: `${config.tablePrefix}tab`, say });
  }

  // ---- 3. overview and memory: 100 pilots × 300 sessions, a server in its own process ------
  let overview: OverviewResult | { skipped: true; note: string } = { skipped: true, note: 'BENCH_BIG_TEAM=off' };
  let memory: ServerMemoryResult | { skipped: true; note: string } = overview;
  let privacy: PrivacyResult | { skipped: true; note: string } = overview;
  if (process.env.BENCH_BIG_TEAM !== 'off') {
    ({ overview, memory } = await bigTeamBench({
      connectionString: azurite.connectionString,
      prefix: `${config.tablePrefix}big`,
      say,
      azuriteRssMb,
    }));
    // After overview and memory (their server stopped), on the same team: it rewrites and deletes rows.
    privacy =
      process.env.BENCH_PRIVACY === 'off'
        ? { skipped: true, note: 'BENCH_PRIVACY=off' }
        : await privacyBench({ connectionString: azurite.connectionString, prefix: `${config.tablePrefix}big`, say });
  }

  // ---- 3b. the overview of 1,000 pilots × 100 sessions, a team of its own ------------------
  let overview1000: Overview1000Result | { skipped: true; note: string } = {
    skipped: true,
    note: 'BENCH_BIG_TEAM=off or BENCH_OVERVIEW_1000=off',
  };
  if (process.env.BENCH_BIG_TEAM !== 'off' && process.env.BENCH_OVERVIEW_1000 !== 'off') {
    overview1000 = await overview1000Bench({
      connectionString: azurite.connectionString,
      prefix: `${config.tablePrefix}big1000`,
      say,
    });
  }

  // ---- 4. sweep: 1,000, 10,000 and 100,000 pilots' reminders, 1 % due --------------------------------
  let sweep: Record<string, unknown> | undefined;
  if (process.env.BENCH_SWEEP === 'off') {
    sweep = { skipped: true, note: 'BENCH_SWEEP=off' };
  } else {
    const runs: Record<string, SweepResult> = {};
    for (const pilots of SWEEP_PILOTS) {
      const sweepRequests = { n: 0 };
      runs[`n${pilots}`] = await sweepAtScale({
        connectionString: azurite.connectionString,
        prefix: `${config.tablePrefix}sweep${pilots}`,
        pilots,
        connector,
        log: createLogger(config.logLevel, nullStream),
        count: { policy: countingPolicy(sweepRequests), requests: sweepRequests },
        say,
      });
    }
    sweep = { ...runs, rows_read_per_due: runs[`n${SWEEP_PILOTS[SWEEP_PILOTS.length - 1]}`].rows_read_per_due };
  }

  // ---- Report ------------------------------------------------------------------------------
  const cpus = os.cpus();
  const result = {
    commit,
    commit_dirty: dirty,
    machine: {
      cpus: cpus.length,
      model: cpus[0]?.model ?? 'unknown',
      totalMemMb: mb(os.totalmem()),
      node: process.version,
    },
    at: new Date().toISOString(),
    seconds: Math.round(elapsedS() * 10) / 10,
    submit,
    concurrent,
    overview,
    overview1000,
    memory,
    privacy,
    ...(sweep ? { sweep } : {}),
    tab,
  };
  const rows: [string, string, string, string][] = [
    [
      `submit p50 ms (n=${N}, HTTP vs raw floor)`,
      String(submit.p50_ms),
      String(submit.raw_p50_ms),
      String(submit.p50_ratio),
    ],
    ['submit p99 ms', String(submit.p99_ms), String(submit.raw_p99_ms), String(submit.p99_ratio)],
    ['submit storage requests', String(submit.storage_requests.http), String(submit.storage_requests.raw), ''],
    [
      'submit p50 ms, data folder, every write on disk first',
      String(submit.durable_p50_ms),
      String(submit.durable_raw_p50_ms),
      String(submit.durable_p50_ratio),
    ],
    [
      'submit p99 ms, same',
      String(submit.durable_p99_ms),
      String(submit.durable_raw_p99_ms),
      String(submit.durable_p99_ratio),
    ],
    [
      'submit p50 ms, data folder, Azurite saving every 5 s',
      String(submit.interval_p50_ms),
      String(submit.interval_raw_p50_ms),
      String(submit.interval_p50_ratio),
    ],
    ['submit p50 durable / every 5 s (absolute)', String(submit.durable_vs_interval_p50), '', ''],
    ['submit p50 durable / in memory (absolute)', String(submit.durable_vs_memory_p50), '', ''],
    [`concurrent seconds (${CONCURRENT} + ${RESENDS} re-sends)`, String(concurrent.seconds), '', ''],
    ['concurrent submits/s', String(concurrent.per_second), '', ''],
    ['concurrent duplicates (stored − 200)', String(concurrent.duplicates), '0', ''],
    ['concurrent stored twice', String(concurrent.stored - concurrent.distinct_stored), '0', ''],
    ['concurrent lost (error answer, not stored)', String(concurrent.lost), '0', ''],
    [`concurrent failed answers (of ${CONCURRENT + RESENDS})`, String(concurrent.failed_answers), '0', ''],
    ['concurrent totals_exact', String(concurrent.totals_exact), 'true', ''],
    ['concurrent index_exact', String(concurrent.index_exact), 'true', ''],
  ];
  if ('ratio' in overview) {
    rows.push(
      [
        `overview p50 ms (${BIG_PILOTS} pilots × ${BIG_SESSIONS} sessions, HTTP vs raw partition query)`,
        String(overview.p50_ms),
        String(overview.raw_p50_ms),
        String(overview.ratio),
      ],
      ['overview p99 ms', String(overview.p99_ms), String(overview.raw_p99_ms), String(overview.p99_ratio)],
      [
        'overview bytes (API JSON vs the storage answer)',
        String(overview.response_bytes),
        String(overview.raw_response_bytes),
        '',
      ],
    );
  }
  if ('ratio' in overview) {
    rows.push(
      [
        'overview first page of 50 ms (HTTP vs raw partition query)',
        String(overview.first_page_ms),
        String(overview.raw_p50_ms),
        String(overview.first_page_ratio),
      ],
      ['overview team partition bytes (storage_bytes)', String(overview.storage_bytes), '', ''],
    );
  }
  if ('ratio' in overview1000) {
    rows.push(
      [
        `overview p50 ms (${overview1000.pilots} pilots × ${overview1000.sessions_per_pilot} sessions, whole list)`,
        String(overview1000.p50_ms),
        String(overview1000.raw_p50_ms),
        String(overview1000.ratio),
      ],
      [
        `overview p99 ms (${overview1000.pilots} pilots)`,
        String(overview1000.p99_ms),
        String(overview1000.raw_p99_ms),
        String(overview1000.p99_ratio),
      ],
      [
        `overview first page of 50 ms (${overview1000.pilots} pilots)`,
        String(overview1000.first_page_ms),
        String(overview1000.raw_p50_ms),
        String(overview1000.first_page_ratio),
      ],
      [
        `overview bytes (${overview1000.pilots} pilots: API JSON vs team partition)`,
        String(overview1000.response_bytes),
        String(overview1000.storage_bytes),
        '',
      ],
    );
  }
  if ('idle_rss_mb' in memory) {
    rows.push(
      [
        `memory load seconds (${memory.sessions_loaded} sessions, read back and checked)`,
        String(memory.load_seconds),
        '',
        '',
      ],
      [
        'memory server rss MB idle after start (own process; compiled vs through tsx)',
        String(memory.idle_rss_mb),
        String(memory.tsx.idle_rss_mb),
        String(Math.round((memory.idle_rss_mb / memory.tsx.idle_rss_mb) * 100) / 100),
      ],
      ...(['botbuilder', 'teams'] as const).map((sdk): [string, string, string, string] => [
        `memory server rss MB on POLKU_BOT_SDK=${sdk}: idle; after one bot message (compiled, started alone)`,
        String(memory.by_sdk[sdk].idle_rss_mb),
        String(memory.by_sdk[sdk].after_message_rss_mb),
        '',
      ]),
      [
        'memory server start seconds (compiled vs through tsx)',
        String(memory.server_start_seconds),
        String(memory.tsx.start_seconds),
        '',
      ],
      [
        `memory server rss MB after ${memory.requests_served} requests (overview, pilot and sessions pages)`,
        String(memory.server_rss_mb_after),
        '',
        '',
      ],
      ['memory server peak rss MB (VmHWM)', String(memory.peak_rss_mb), '', ''],
      ['memory Azurite rss MB after load', String(memory.azurite_rss_mb_after_load ?? 'n/a'), '', ''],
    );
  }
  if ('find_ratio' in privacy) {
    const n = (x: number) => x.toLocaleString('en');
    rows.push(
      [
        `privacy find s (a person in ${privacy.find_pilots_found} pilots; floor: the partitions, 8 at a time)`,
        String(privacy.find_seconds),
        String(privacy.find_raw_seconds),
        String(privacy.find_ratio),
      ],
      [
        `privacy find pilots read (${n(privacy.find_rows_read)} rows; ${n(privacy.find_sessions_found)} sessions found)`,
        String(privacy.find_pilots_read),
        String(privacy.find_pilots_read),
        '',
      ],
      [
        `privacy remove s (${privacy.remove_pilots} pilots, ${n(privacy.remove_storage_requests)} storage requests)`,
        String(privacy.remove_seconds),
        '',
        '',
      ],
      ['privacy remove rows changed', String(privacy.remove_rows), '', ''],
      ['privacy find after remove: pilots naming the person', String(privacy.find_after_remove_pilots), '0', ''],
      [
        `privacy delete s (a pilot of ${BIG_SESSIONS} sessions; floor: its rows in 100-row transactions)`,
        String(privacy.delete_seconds),
        String(privacy.delete_raw_seconds),
        String(privacy.delete_ratio),
      ],
      ['privacy delete rows deleted', String(privacy.delete_rows), String(privacy.delete_raw_rows), ''],
    );
  }
  for (const pilots of SWEEP_PILOTS) {
    const s = sweep?.[`n${pilots}`] as SweepResult | undefined;
    if (!s) continue;
    const n = pilots.toLocaleString('en');
    rows.push(
      [
        `sweep seconds (${n} pilots, ${s.due} due; floor: due() alone)`,
        String(s.seconds),
        String(s.raw_seconds),
        String(s.ratio),
      ],
      [
        `sweep rows read (${n} pilots) beside rows due`,
        String(s.rows_read),
        String(s.rows_due),
        String(s.rows_read_per_due),
      ],
      [`sweep messages sent (${n} pilots) beside rows due`, String(s.messages_sent), String(s.due), ''],
      [
        `sweep most sends in a second (${n} pilots; floor: Teams' 30 a tenant; ratio: share)`,
        String(s.sends_peak_per_second),
        '30',
        String(s.sends_share_of_teams_limit),
      ],
    );
  }
  if ('overview_ms' in tab) {
    rows.push(
      [
        `tab overview ms (${tab.pilots} pilots, load → the first screen's last card; floor: its API calls)`,
        String(tab.overview_ms),
        String(tab.floor_api_ms),
        String(tab.render_ratio),
      ],
      [
        'tab: of that, the script run (DOMContentLoaded); the first page in; the cards after it',
        `${tab.dom_content_loaded_ms}; ${tab.data_in_ms}; ${tab.render_after_data_ms}`,
        '',
        '',
      ],
      [
        `tab ${TAB_PILOTS_LARGE} pilots: ms to the first screen (floor: its API calls); the whole list in`,
        String(tab.first50_ms_1000),
        String(tab.first50_floor_api_ms_1000),
        String(tab.first50_ratio_1000),
      ],
      [`tab ${TAB_PILOTS_LARGE} pilots: the whole list in, ms`, String(tab.whole_list_in_ms_1000), '', ''],
      [
        `tab ${TAB_PILOTS_LARGE} pilots: scroll to the last pilot ms (long tasks; the most cards in the DOM)`,
        String(tab.scroll_to_last_ms_1000),
        `${tab.scroll_long_tasks_1000} long tasks`,
        `${tab.scroll_max_cards_1000} cards`,
      ],
      [
        "tab JavaScript gzipped: the first screen's (in Teams; all scripts)",
        String(tab.js_gzip_bytes),
        String(tab.js_gzip_bytes_in_teams),
        String(tab.total_gzip_bytes),
      ],
    );
  }
  const aims = verdicts(result);
  const grows = growth(result);
  process.stdout.write(`${table(rows)}\n\n${aimsTable(aims)}\n\n${growthTable(grows)}\n`);

  fs.mkdirSync(RESULTS, { recursive: true });
  const tmp = path.join(RESULTS, 'latest.json.tmp');
  fs.writeFileSync(tmp, `${JSON.stringify({ ...result, aims, growth: grows }, null, 2)}\n`);
  fs.renameSync(tmp, path.join(RESULTS, 'latest.json'));
  say(`wrote ${path.relative(ROOT, path.join(RESULTS, 'latest.json'))}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
