/**
 * A person's data and a pilot's deletion, on the big team bench/overview.ts loaded (100 pilots ×
 * 300 sessions, every 10th session logged by a second member of staff, SECOND_LOGGER). Runs after
 * the overview and memory measurements (their server is stopped by then), on the same tables:
 *
 * 0. 900 more pilots in 9 other teams of the tenant that do not name the person
 *    (addPilotsNotNaming, through PilotStore.createPilotWithStart): 1,000 pilots in the tenant.
 * 1. find: `PersonalData.find(tenantId, SECOND_LOGGER)`, built as bot/app.ts `assemble` builds it,
 *    one warm-up then FIND_RUNS timed, interleaved with its floor: the partitions of the pilots
 *    that name the person (the big team's 100), one `listEntities` each, 8 at a time as
 *    personal.ts reads them, made directly with @azure/data-tables and the bot's client options.
 *    The warm-up is the tenant's first request: the big team's sessions were written directly,
 *    before any people index, so it indexes all 1,000 pilots first (find_backfill_*). Each answer
 *    is checked: every loaded pilot, with the person's 30 sessions in it.
 * 2. remove: `PersonalData.remove(tenantId, SECOND_LOGGER)` once (it rewrites every row naming
 *    them); then `find` must find them in no pilot, and their sessions must all still be there.
 * 3. delete: `PilotData.delete(pilotId)` (built with `{ pilots, reminders: new ReminderStore }`)
 *    of one loaded pilot, DELETE_RUNS times on distinct pilots, interleaved with its floor on
 *    as many others: the partition's row keys in one query, its rows deleted in transactions of
 *    100, and its index row deleted. After each: the pilot's partition is empty and the team's
 *    index no longer lists it.
 *
 * Destructive: the team is left with 100 − 2 × DELETE_RUNS pilots and the person pseudonymised.
 */
import { performance } from 'node:perf_hooks';
import { TableClient, type TransactionAction } from '@azure/data-tables';
import { DEMO_TEAM } from '../bot/demo/constants';
import { isPseudonym } from '../bot/domain/privacy';
import { ConversationStore } from '../bot/storage/conversations';
import { escapeKey, prefixEnd, ROW, teamKey } from '../bot/storage/keys';
import { MemberStore } from '../bot/storage/members';
import { PersonalData } from '../bot/storage/personal';
import { PilotData } from '../bot/storage/pilotData';
import { PilotStore } from '../bot/storage/pilots';
import { ReminderStore } from '../bot/storage/reminders';
import { odata, TABLES, TableStore } from '../bot/storage/tables';
import { startAzurite } from '../bot/storage/azurite';
import { BIG_PILOTS, BIG_SESSIONS, loadBigTeam, SECOND_LOGGER, SECOND_LOGGER_SESSIONS } from './overview';
import { benchPilot, percentile } from './submit';
import { pool } from './sweep';

/** Timed finds (and floors), after one warm-up of each. */
const FIND_RUNS = 3;
/** Pilots deleted through PilotData.delete, and as many directly (the floor). */
const DELETE_RUNS = 3;
/** personal.ts reads this many pilots' partitions at once (its CONCURRENCY). */
const FIND_CONCURRENCY = 8;
/** Pilots of the tenant that do not name the person (other teams), beside the big team's 100 that do. */
const OTHER_PILOTS = 900;
/** Their teams, and who owns them (someone else). */
const OTHER_TEAMS = 9;
const OTHER_OWNER = 'a1b2c3d4-0000-4000-8000-0000000000e9';

export interface PrivacyResult {
  /** The person looked up: SECOND_LOGGER, who logged every 10th session of every pilot. */
  person: string;
  find_runs: number;
  /** Median seconds of `PersonalData.find`. */
  find_seconds: number;
  /** Median seconds of the floor: the same pilots' partitions, one query each, 8 at a time. */
  find_raw_seconds: number;
  find_ratio: number;
  /** Pilots in the tenant: the big team's, which all name the person, and OTHER_PILOTS that do not. */
  find_tenant_pilots: number;
  /** Pilot partitions one find read (counted on its requests), and the rows the floor read in them. */
  find_pilots_read: number;
  find_rows_read: number;
  /** The first find (the warm-up): the tenant's pilots stored before the people index, indexed once. */
  find_backfill_seconds: number;
  find_backfill_pilots_read: number;
  /** Pilots find reported the person in, and their sessions there. */
  find_pilots_found: number;
  find_sessions_found: number;
  /** Requests find sent (all tables), and the floor's (one query a pilot; pages of 1,000 rows). */
  find_storage_requests: number;
  find_raw_storage_requests: number;
  remove_seconds: number;
  /** Rows `remove` reports changed, and pilots it changed them in. */
  remove_rows: number;
  remove_pilots: number;
  /** Requests remove sent (all tables): reads, and one merge a row changed. */
  remove_storage_requests: number;
  /** Pilots `find` reports the person in after the removal (must be 0). */
  find_after_remove_pilots: number;
  delete_runs: number;
  /** Median seconds of `PilotData.delete` of a pilot of 300 sessions. */
  delete_seconds: number;
  /** Median seconds of the floor: list the partition's keys, delete in 100-row transactions, delete the index row. */
  delete_raw_seconds: number;
  delete_ratio: number;
  /** Rows `PilotData.delete` reports deleted (partition, index row, reminders), per pilot. */
  delete_rows: number;
  /** Rows the floor deleted per pilot (the same rows). */
  delete_raw_rows: number;
  /** Requests one PilotData.delete sent (all tables), and the floor's. */
  delete_storage_requests: number;
  delete_raw_storage_requests: number;
  /** Pilots left in the team after the bench. */
  pilots_left: number;
}

/**
 * OTHER_PILOTS pilots in OTHER_TEAMS other teams of the tenant, owned by OTHER_OWNER, none naming
 * the person: written through PilotStore.createPilotWithStart, as the bot writes a new pilot
 * (its rows, its team index row, its owner in the people index), 8 at a time.
 */
async function addPilotsNotNaming(pilots: PilotStore, tenantId: string): Promise<void> {
  const teams = Array.from({ length: OTHER_TEAMS }, (_, i) => ({
    tenantId,
    teamId: `19:bench-other-${i}@thread.tacv2`,
  }));
  for (const [i, team] of teams.entries()) await pilots.ensureTeam(team, { name: `Muu tiimi ${i + 1}` });
  const others = Array.from({ length: OTHER_PILOTS }, (_, i) => ({
    ...benchPilot(`Muu pilotti ${i + 1}`),
    team: teams[i % OTHER_TEAMS],
    owners: [OTHER_OWNER],
    ownerNames: { [OTHER_OWNER]: 'Muu Omistaja' },
    createdBy: OTHER_OWNER,
  }));
  await pool(others, FIND_CONCURRENCY, async (p) => {
    const r = await pilots.createPilotWithStart(p, { answers: {}, by: OTHER_OWNER, at: p.createdAt });
    if (!r.created) throw new Error('privacy: a pilot not naming the person was not created');
  });
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
const ratioOf = (a: number, b: number): number => Math.round((a / b) * 100) / 100;
const median = (xs: number[]): number => percentile(xs, 50);

export async function privacyBench(o: {
  connectionString: string;
  prefix: string;
  say: (s: string) => void;
}): Promise<PrivacyResult> {
  // As bot/app.ts `assemble` builds them.
  const store = new TableStore({ mode: 'connectionString', connectionString: o.connectionString }, o.prefix);
  const pilots = new PilotStore(store);
  const personal = new PersonalData(store, {
    pilots,
    conversations: new ConversationStore(store),
    members: new MemberStore(store),
  });
  const pilotData = new PilotData({ pilots, reminders: new ReminderStore(store) });
  const tenantId = DEMO_TEAM.tenantId;
  await addPilotsNotNaming(pilots, tenantId);
  // Every request the bot's code sends, in all its tables (transactions count one), and the pilot
  // partitions it reads whole (a query of one partition key).
  const requests = { n: 0 };
  const partitionsRead = new Set<string>();
  for (const name of TABLES) {
    store.table(name).client.pipeline.addPolicy({
      name: 'benchRequestCounter',
      sendRequest: (request, next) => {
        requests.n++;
        const filter = new URL(request.url).searchParams.get('$filter') ?? '';
        const whole = name === 'pilots' && /^PartitionKey eq '([^']+)'$/.exec(filter);
        if (whole) partitionsRead.add(whole[1]);
        return next(request);
      },
    });
  }

  // The floor's clients: the bot's client options, straight on the SDK.
  const options = {
    allowInsecureConnection: true,
    retryOptions: { maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 2000 },
  };
  const rawPilots = TableClient.fromConnectionString(o.connectionString, `${o.prefix}pilots`, options);
  const rawTeams = TableClient.fromConnectionString(o.connectionString, `${o.prefix}teams`, options);
  const rawRequests = { n: 0 };
  rawPilots.pipeline.addPolicy({
    name: 'benchRequestCounter',
    sendRequest: (request, next) => {
      rawRequests.n++;
      return next(request);
    },
  });
  const query = async (client: TableClient, filter: string, select?: string[]) => {
    const rows: Record<string, unknown>[] = [];
    for await (const page of client
      .listEntities<Record<string, unknown>>({ queryOptions: { filter, select } })
      .byPage({ maxPageSize: 1000 })) {
      rows.push(...page);
    }
    return rows;
  };

  // The tenant's pilots (the index rows of its team partitions), and those that name the person:
  // the big team's. The floor reads exactly those.
  const from = `${escapeKey(tenantId)}|`;
  const teamQuery = `PartitionKey ge '${odata(from)}' and PartitionKey lt '${odata(prefixEnd(from))}'`;
  const tenantPilots = (await query(rawTeams, teamQuery)).filter((r) =>
    String(r.rowKey).startsWith(ROW.pilotIndexPrefix),
  ).length;
  if (tenantPilots !== BIG_PILOTS + OTHER_PILOTS) throw new Error(`privacy: the tenant holds ${tenantPilots} pilots`);
  const indexRows = (await query(rawTeams, `PartitionKey eq '${odata(teamKey(DEMO_TEAM))}'`)).filter((r) =>
    String(r.rowKey).startsWith(ROW.pilotIndexPrefix),
  );
  const pilotIds = indexRows.map((r) => String(r.rowKey).slice(ROW.pilotIndexPrefix.length));
  if (pilotIds.length !== BIG_PILOTS) throw new Error(`privacy: the big team holds ${pilotIds.length} pilots`);

  const readPartitions = async () => {
    let rows = 0;
    await pool(pilotIds, FIND_CONCURRENCY, async (id) => {
      const read = await query(rawPilots, `PartitionKey eq '${odata(id)}'`);
      rows += read.length;
    });
    return rows;
  };

  // ---- 1. find, interleaved with its floor -------------------------------------------------
  o.say(`privacy: PersonalData.find over ${BIG_PILOTS} pilots, 1 warm-up + ${FIND_RUNS}, floor interleaved`);
  const findS: number[] = [];
  const rawS: number[] = [];
  let rowsRead = 0;
  let found = { pilots: 0, sessions: 0 };
  let findRequests = 0;
  let findRawRequests = 0;
  let backfill = { seconds: 0, pilots: 0 };
  let pilotsRead = 0;
  for (let i = 0; i <= FIND_RUNS; i++) {
    const rawBefore = rawRequests.n;
    let t = performance.now();
    rowsRead = await readPartitions();
    const rawTook = (performance.now() - t) / 1000;
    findRawRequests = rawRequests.n - rawBefore;
    const before = requests.n;
    partitionsRead.clear();
    t = performance.now();
    const report = await personal.find(tenantId, SECOND_LOGGER);
    const findTook = (performance.now() - t) / 1000;
    findRequests = requests.n - before;
    if (i === 0) backfill = { seconds: findTook, pilots: partitionsRead.size };
    else pilotsRead = partitionsRead.size;
    const sessions = report.pilots.reduce((n, m) => n + m.sessions, 0);
    if (
      report.pilots.length !== BIG_PILOTS ||
      report.pilots.some((m) => m.sessions !== SECOND_LOGGER_SESSIONS || m.owner || m.created)
    ) {
      throw new Error(`privacy: find reported the person in ${report.pilots.length} pilots, ${sessions} sessions`);
    }
    found = { pilots: report.pilots.length, sessions };
    if (i > 0) {
      findS.push(findTook);
      rawS.push(rawTook);
    }
  }

  // ---- 2. remove once, then find must come back empty -------------------------------------
  o.say('privacy: PersonalData.remove of that person');
  let before = requests.n;
  let t = performance.now();
  const removal = await personal.remove(tenantId, SECOND_LOGGER);
  const removeSeconds = (performance.now() - t) / 1000;
  const removeRequests = requests.n - before;
  const after = await personal.find(tenantId, SECOND_LOGGER);
  if (after.pilots.length !== 0) {
    throw new Error(`privacy: after remove, find still reports the person in ${after.pilots.length} pilots`);
  }
  const sample = await pilots.listSessions(pilotIds[0]);
  const renamed = sample.filter((s) => isPseudonym(s.loggedBy)).length;
  if (sample.length !== BIG_SESSIONS || renamed !== SECOND_LOGGER_SESSIONS) {
    throw new Error(`privacy: after remove, a pilot holds ${sample.length} sessions, ${renamed} under a pseudonym`);
  }

  // ---- 3. delete a pilot, interleaved with the floor on another ----------------------------
  o.say(`privacy: PilotData.delete of ${DELETE_RUNS} pilots of ${BIG_SESSIONS} sessions, floor on as many others`);
  const victims = pilotIds.slice(-2 * DELETE_RUNS);
  const deleteS: number[] = [];
  const deleteRawS: number[] = [];
  let deleteRows = 0;
  let deleteRawRows = 0;
  let deleteRequests = 0;
  let deleteRawRequests = 0;
  const team = teamKey(DEMO_TEAM);
  for (let i = 0; i < DELETE_RUNS; i++) {
    const [viaBot, direct] = [victims[2 * i], victims[2 * i + 1]];

    const rawBefore = rawRequests.n;
    t = performance.now();
    const keys = (await query(rawPilots, `PartitionKey eq '${odata(direct)}'`, ['RowKey'])).map((r) =>
      String(r.rowKey),
    );
    for (let k = 0; k < keys.length; k += 100) {
      await rawPilots.submitTransaction(
        keys.slice(k, k + 100).map((rowKey): TransactionAction => ['delete', { partitionKey: direct, rowKey }]),
      );
    }
    await rawTeams.deleteEntity(team, ROW.pilotIndex(direct));
    deleteRawS.push((performance.now() - t) / 1000);
    deleteRawRows = keys.length + 1;
    deleteRawRequests = rawRequests.n - rawBefore + 1; // + the index row's delete, in the teams table

    before = requests.n;
    t = performance.now();
    const deleted = await pilotData.delete(viaBot);
    deleteS.push((performance.now() - t) / 1000);
    deleteRequests = requests.n - before;
    if (!deleted || deleted.sessions !== BIG_SESSIONS) {
      throw new Error(`privacy: PilotData.delete answered ${JSON.stringify(deleted && { ...deleted, pilot: 0 })}`);
    }
    deleteRows = deleted.rows + deleted.reminders;
    if (deleteRows !== deleteRawRows) {
      throw new Error(`privacy: PilotData.delete deleted ${deleteRows} rows, the floor ${deleteRawRows}`);
    }

    for (const id of [viaBot, direct]) {
      const left = await query(rawPilots, `PartitionKey eq '${odata(id)}'`);
      if (left.length) throw new Error(`privacy: a deleted pilot's partition still holds ${left.length} rows`);
    }
  }
  const index = await pilots.listTeamPilots(DEMO_TEAM);
  const gone = new Set(victims);
  if (index.some((s) => gone.has(s.pilot.id)) || index.length !== BIG_PILOTS - victims.length) {
    throw new Error(`privacy: the team's index still lists a deleted pilot (${index.length} pilots)`);
  }

  return {
    person: SECOND_LOGGER,
    find_runs: FIND_RUNS,
    find_seconds: round3(median(findS)),
    find_raw_seconds: round3(median(rawS)),
    find_ratio: ratioOf(median(findS), median(rawS)),
    find_tenant_pilots: tenantPilots,
    find_pilots_read: pilotsRead,
    find_rows_read: rowsRead,
    find_backfill_seconds: round3(backfill.seconds),
    find_backfill_pilots_read: backfill.pilots,
    find_pilots_found: found.pilots,
    find_sessions_found: found.sessions,
    find_storage_requests: findRequests,
    find_raw_storage_requests: findRawRequests,
    remove_seconds: round3(removeSeconds),
    remove_rows: removal.rows,
    remove_pilots: removal.pilots,
    remove_storage_requests: removeRequests,
    find_after_remove_pilots: after.pilots.length,
    delete_runs: DELETE_RUNS,
    delete_seconds: round3(median(deleteS)),
    delete_raw_seconds: round3(median(deleteRawS)),
    delete_ratio: ratioOf(median(deleteS), median(deleteRawS)),
    delete_rows: deleteRows,
    delete_raw_rows: deleteRawRows,
    delete_storage_requests: deleteRequests,
    delete_raw_storage_requests: deleteRawRequests,
    pilots_left: index.length,
  };
}

if (require.main === module) {
  void (async () => {
    const azurite = await startAzurite({ inMemory: true });
    try {
      const say = (s: string) => process.stderr.write(`[bench] ${s}\n`);
      await loadBigTeam({ connectionString: azurite.connectionString, prefix: 'benchbig', say });
      const result = await privacyBench({ connectionString: azurite.connectionString, prefix: 'benchbig', say });
      console.log(JSON.stringify(result, null, 2));
    } finally {
      await azurite.stop();
    }
  })();
}
