/**
 * The reminder sweep at scale (issue 6): the reminders of `pilots` pilots on the schedule, 1 % of
 * them due at the sweep's instant, the others later (spread over the next five weeks' working
 * hours, a few in the same hour but after the instant). One `Reminders.sweep(at)` of a Polku
 * server of its own (own table prefix, no reminder timer), timed, with the rows it read beside
 * the rows due; its floor is the read alone, `ReminderStore.due(at)`.
 *
 * Only the due pilots exist (pilot rows, owners with a personal chat with Polku, so the sweep
 * really sends through the stand-in connector); the rows of the others are schedule rows only,
 * which the sweep must not read nor touch. They are written in transactions of up to 100 a
 * partition, exactly as `ReminderStore.schedule` writes them (checked against rows it wrote).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { startPolku } from '../bot/app';
import { loadConfig } from '../bot/config';
import { atLocal, isDayOff, localDate, nextWorkingDay } from '../bot/domain/calendar';
import type { Pilot } from '../bot/domain/pilots';
import { nextSessionPrompt, PHASE_STEPS, phaseReminder, type PlannedReminder } from '../bot/domain/reminders';
import type { Logger } from '../bot/log';
import { escapeKey, prefixEnd } from '../bot/storage/keys';
import { PilotStore } from '../bot/storage/pilots';
import { bucketOf, ReminderStore } from '../bot/storage/reminders';
import { PACED_LIMITS, TEAMS_LIMITS } from '../bot/application/reminders/delivery';
import type { FakeConnector, Member } from '../tests/harness/connector';
import { TEAM, TeamsClient, TENANT } from '../tests/harness/teams';
import { benchPilot, percentile, type PipelinePolicy } from './submit';

/** The sweep's instant: a Monday morning in working time (Helsinki), not a holiday. */
export const SWEEP_AT = new Date('2027-03-15T09:20:00+02:00');
/** When the rows were put on the schedule: the week before (all of them due after it). */
const SCHEDULED_AT = new Date('2027-03-08T09:20:00+02:00');
const DUE_SHARE = 0.01;
/** Rows due later in the sweep's own hour: in the partition it reads, after its instant. */
const LATER_SAME_HOUR = 10;
const WEEKS = 5;
const TRANSACTION_ROWS = 100;
const WRITERS = 4;
const FLOOR_READS = 5;
const HOUR_MS = 3600 * 1000;

export interface SweepPolicy {
  /** Counts the requests the scenario's server sends to storage (transactions included). */
  policy: PipelinePolicy;
  requests: { n: number };
}

export interface SweepResult {
  pilots: number;
  rows_scheduled: number;
  due: number;
  later_same_hour: number;
  at: string;
  setup_seconds: number;
  seconds: number;
  rows_read: number;
  rows_due: number;
  messages_sent: number;
  rows_read_per_due: number;
  /** The read alone, `ReminderStore.due(at)` on the same rows: median of FLOOR_READS. */
  raw_seconds: number;
  raw_rows_read: number;
  ratio: number;
  /** The least time Teams' per-tenant limit (as the pacer keeps it) allows for the messages sent. */
  paced_floor_seconds: number;
  /** The most messages the stand-in connector received in any one second, all to one tenant; and the most to one conversation. */
  sends_peak_per_second: number;
  sends_peak_per_second_one_conversation: number;
  /** `sends_peak_per_second` over Teams' documented per-tenant limit (30 a second): the aim is ≤ 0.8. */
  sends_share_of_teams_limit: number;
  /** Requests the sweep sent to storage, and the read alone (per read). */
  storage_requests: number;
  raw_storage_requests: number;
  storage_requests_per_due: number;
  outcomes: Record<string, number>;
  /** Each due pilot's owner got exactly one message, in their personal chat; nothing else was sent. */
  sent_to_owners: boolean;
  /** Every row not due is still on the schedule as written; every due row is gone. */
  untouched: boolean;
  /** Rows the sweep put on the schedule (the next reminder of each one it sent). */
  successors: number;
}

type Entity = Record<string, unknown> & { partitionKey: string; rowKey: string };

/** The row `ReminderStore.schedule(pilotId, r, now)` writes (bot/storage/reminders.ts). */
function scheduleRow(pilotId: string, r: PlannedReminder, now: Date): Entity {
  const at = r.dueAt.getTime() < now.getTime() ? now : r.dueAt;
  return {
    partitionKey: bucketOf(at),
    rowKey: `${r.dueAt.toISOString()}|${escapeKey(pilotId)}|${escapeKey(r.key)}`,
    pilotId,
    key: r.key,
    kind: r.kind,
    phase: r.phase ?? '',
    step: r.step ?? '',
    slotDate: r.slotDate ?? '',
    dueAt: r.dueAt.toISOString(),
    claimedUntil: '',
    attempts: 0,
  };
}

/** Column names and storage types of a stored row, for comparing how two rows were written. */
export async function shapeOf(client: TableClient, partitionKey: string, rowKey: string): Promise<string> {
  const e = await client.getEntity<Record<string, unknown>>(partitionKey, rowKey, { disableTypeConversion: true });
  return Object.entries(e)
    .filter(([k]) => !['etag', 'timestamp', 'partitionKey', 'rowKey'].includes(k) && !k.startsWith('odata.'))
    .map(([k, v]) => `${k}:${v && typeof v === 'object' && 'type' in v ? String(v.type) : typeof v}`)
    .sort()
    .join(',');
}

/** Runs `work` over `items`, `width` at a time. */
export async function pool<T>(items: T[], width: number, work: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
}

/** The fractional part of i·x: an even, repeatable spread over [0, 1) (x irrational). */
const spread = (i: number, x: number): number => (i * x) % 1;

/**
 * `count` reminders of pilots that do not exist, at minutes of the working days of the next
 * WEEKS weeks, none before the end of the sweep's hour; one in five a phase reminder.
 */
function laterReminders(count: number): { pilotId: string; r: PlannedReminder }[] {
  const days: string[] = [];
  const last = localDate(new Date(SWEEP_AT.getTime() + WEEKS * 7 * 24 * HOUR_MS));
  for (let d = localDate(SWEEP_AT); d <= last; d = nextWorkingDay(d)) if (!isDayOff(d)) days.push(d);
  const afterHour = Date.parse(`${bucketOf(SWEEP_AT).slice(4)}:00:00.000Z`) + HOUR_MS;
  return Array.from({ length: count }, (_, j) => {
    const minute = 8 * 60 + Math.floor(spread(j, 0.6180339887498949) * 9 * 60);
    const time = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
    let day = days[Math.floor(spread(j, Math.SQRT2) * days.length)];
    if (atLocal(day, time).getTime() < afterHour) day = nextWorkingDay(day);
    const dueAt = atLocal(day, time);
    const r: PlannedReminder =
      j % 5 === 4
        ? {
            kind: 'phase',
            phase: j % 10 === 4 ? 'midpoint' : 'end',
            step: PHASE_STEPS[j % PHASE_STEPS.length],
            dueAt,
            key: `phase|${j % 10 === 4 ? 'midpoint' : 'end'}|${PHASE_STEPS[j % PHASE_STEPS.length]}`,
          }
        : { kind: 'session', slotDate: day, dueAt, key: `session|${day}` };
    return { pilotId: randomUUID(), r };
  });
}

/** The per-tenant limit as the pacer keeps it (80 % of Teams'): the least time `messages` sends to one tenant take, in seconds. */
function pacedFloorSeconds(messages: number): number {
  const ms = PACED_LIMITS.perTenant.reduce((m, w) => Math.max(m, Math.floor((messages - 1) / w.count) * w.ms), 0);
  return messages > 0 ? ms / 1000 : 0;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The most of `times` (ms, any order) that fall within any `windowMs` (a sliding window). */
export function peakInWindow(times: number[], windowMs: number): number {
  const t = [...times].sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; j < t.length; j++) {
    while (t[j] - t[i] >= windowMs) i++;
    peak = Math.max(peak, j - i + 1);
  }
  return peak;
}

/**
 * One scenario: its own server on `prefix` of the bench's Azurite, `pilots` rows on the schedule,
 * the due 1 % from real pilots; one sweep at SWEEP_AT. The server is stopped before returning.
 */
export async function sweepAtScale(opts: {
  connectionString: string;
  prefix: string;
  pilots: number;
  connector: FakeConnector;
  log: Logger;
  count: SweepPolicy;
  say: (s: string) => void;
}): Promise<SweepResult> {
  const { connector, count } = opts;
  const started = performance.now();
  const config = loadConfig({
    PORT: '0',
    AZURE_STORAGE_CONNECTION_STRING: opts.connectionString,
    POLKU_TABLE_PREFIX: opts.prefix,
    POLKU_DEMO: 'off',
    LOG_LEVEL: 'warn',
    // No timer: the only sweep is the one measured.
    POLKU_REMINDER_INTERVAL: '0',
  });
  const polku = await startPolku(config, opts.log);
  try {
    for (const name of ['pilots', 'teams', 'conversations', 'reminders'] as const) {
      polku.store.table(name).client.pipeline.addPolicy(count.policy);
    }
    const store = new PilotStore(polku.store);
    const reminders = new ReminderStore(polku.store);
    const schedule = polku.store.table('reminders').client;
    const due = Math.max(1, Math.round(opts.pilots * DUE_SHARE));

    // ---- The due 1 %: real pilots, each with its own owner reachable in a personal chat ----
    opts.say(`sweep n=${opts.pilots}: ${due} due pilots with their owners' personal chats`);
    await store.ensureTeam({ tenantId: TENANT, teamId: TEAM.id }, { name: TEAM.name });
    const chatOf = new Map<string, string>();
    const dueKeys = new Set<string>();
    await pool(
      Array.from({ length: due }, (_, i) => i),
      8,
      async (i) => {
        const owner: Member = { id: `29:bench-owner-${i}`, name: `Omistaja ${i}`, aadObjectId: randomUUID() };
        // One in five a midpoint reminder on the day (09:00), the others the prompt after a Monday
        // session ending between 09:00 and 09:19, Helsinki time.
        const phase = i % 5 === 4;
        const pilot: Pilot = {
          ...benchPilot(`Bench sweep ${i}`),
          plan: {
            weekdays: [1],
            startTime: `07:${String(i % 20).padStart(2, '0')}`,
            hoursPerSession: 2,
            place: 'Seurakuntatalo',
            partners: ['parish'],
          },
          startDate: '2027-03-01',
          midpointDate: phase ? localDate(SWEEP_AT) : '2027-04-26',
          endDate: '2027-06-28',
          owners: [owner.aadObjectId],
          ownerNames: { [owner.aadObjectId]: owner.name },
          createdBy: owner.aadObjectId,
          createdAt: '2027-02-22T08:00:00.000Z',
        };
        const created = await store.createPilotWithStart(pilot, {
          answers: {},
          by: owner.aadObjectId,
          at: pilot.createdAt,
        });
        if (!created.created) throw new Error('sweep: pilot not created');
        const chat = new TeamsClient({ botUrl: polku.url, serviceUrl: connector.url, scope: 'personal' });
        const res = await chat.send(chat.base({ type: 'installationUpdate', action: 'add', from: owner }));
        if (res.status !== 200) throw new Error(`sweep: installation answered ${res.status}`);
        chatOf.set(chat.conversationId, owner.aadObjectId);
        const r = phase
          ? phaseReminder(pilot, 'midpoint', 'onDate')
          : nextSessionPrompt(pilot, atLocal(localDate(SWEEP_AT), '00:00'));
        if (!r || r.dueAt > SWEEP_AT || bucketOf(r.dueAt) !== bucketOf(SWEEP_AT)) {
          throw new Error(`sweep: pilot ${i}'s reminder is not due in the sweep's hour: ${r?.dueAt.toISOString()}`);
        }
        if (!(await reminders.schedule(pilot.id, r, SCHEDULED_AT))) throw new Error('sweep: reminder scheduled twice');
        dueKeys.add(scheduleRow(pilot.id, r, SCHEDULED_AT).rowKey);
      },
    );

    // ---- The other 99 %: later in the sweep's hour (through schedule()), then in bulk -------
    const laterCount = opts.pilots - due - LATER_SAME_HOUR;
    opts.say(`sweep n=${opts.pilots}: ${LATER_SAME_HOUR} later in the hour, ${laterCount} over ${WEEKS} weeks`);
    const notDue = new Map<string, Entity>();
    const hourLeft = Date.parse(`${bucketOf(SWEEP_AT).slice(4)}:59:59.999Z`) - SWEEP_AT.getTime();
    const step = Math.floor(hourLeft / (LATER_SAME_HOUR + 1));
    for (let k = 0; k < LATER_SAME_HOUR; k++) {
      const dueAt = new Date(SWEEP_AT.getTime() + (k + 1) * step);
      const r: PlannedReminder = {
        kind: 'session',
        slotDate: localDate(dueAt),
        dueAt,
        key: `session|${localDate(dueAt)}`,
      };
      const pilotId = randomUUID();
      if (!(await reminders.schedule(pilotId, r, SCHEDULED_AT))) throw new Error('sweep: reminder scheduled twice');
      const row = scheduleRow(pilotId, r, SCHEDULED_AT);
      notDue.set(row.rowKey, row);
    }
    // No sweep has run on these tables, so there is no cursor: schedule() would not have moved it either.
    const byPartition = new Map<string, Entity[]>();
    for (const { pilotId, r } of laterReminders(laterCount)) {
      const row = scheduleRow(pilotId, r, SCHEDULED_AT);
      notDue.set(row.rowKey, row);
      byPartition.set(row.partitionKey, [...(byPartition.get(row.partitionKey) ?? []), row]);
    }
    const batches: Entity[][] = [];
    for (const rows of byPartition.values()) {
      for (let i = 0; i < rows.length; i += TRANSACTION_ROWS) batches.push(rows.slice(i, i + TRANSACTION_ROWS));
    }
    await pool(batches, WRITERS, async (rows) => {
      await schedule.submitTransaction(rows.map((row): TransactionAction => ['create', row]));
    });
    const viaSchedule = [...notDue.values()][0];
    const viaBatch = batches[0][0];
    const [a, b] = await Promise.all([
      shapeOf(schedule, viaSchedule.partitionKey, viaSchedule.rowKey),
      shapeOf(schedule, viaBatch.partitionKey, viaBatch.rowKey),
    ]);
    if (a !== b) throw new Error(`sweep: rows written in bulk differ from schedule()'s: ${b} vs ${a}`);
    const setupS = (performance.now() - started) / 1000;

    // ---- The read alone (floor), then the sweep ----------------------------------------------
    // A first read as the previous sweep's would be; it also leaves the cursor at the sweep's hour.
    // The read changes nothing after that, so its floor is the median of a few.
    await reminders.due(SWEEP_AT);
    let requestsBefore = count.requests.n;
    const rawMs: number[] = [];
    let floor = { due: [] as unknown[], rowsRead: 0 };
    for (let i = 0; i < FLOOR_READS; i++) {
      const t = performance.now();
      floor = await reminders.due(SWEEP_AT);
      rawMs.push(performance.now() - t);
    }
    const rawS = percentile(rawMs, 50) / 1000;
    const rawRequests = (count.requests.n - requestsBefore) / FLOOR_READS;
    if (floor.due.length !== due) throw new Error(`sweep: ${floor.due.length} rows due, not ${due}`);

    opts.say(`sweep n=${opts.pilots}: one sweep at ${SWEEP_AT.toISOString()}`);
    const sentBefore = connector.sent.length;
    requestsBefore = count.requests.n;
    const t = performance.now();
    const report = await polku.sweep(SWEEP_AT);
    const seconds = (performance.now() - t) / 1000;
    const requests = count.requests.n - requestsBefore;
    const sent = connector.sent.slice(sentBefore);
    const sentAt = connector.sentAt.slice(sentBefore);
    const byConversation = new Map<string, number[]>();
    sent.forEach((m, i) =>
      byConversation.set(m.conversationId, [...(byConversation.get(m.conversationId) ?? []), sentAt[i]]),
    );
    const peak = peakInWindow(sentAt, 1000);
    const teamsPerSecond = TEAMS_LIMITS.perTenant.find((w) => w.ms === 1000)?.count ?? NaN;

    // ---- What the sweep left: the rows not due as written, the due ones gone ------------------
    const left = new Map<string, Record<string, unknown>>();
    for await (const e of schedule.listEntities<Record<string, unknown>>({
      queryOptions: { filter: `PartitionKey ge 'due|' and PartitionKey lt '${prefixEnd('due|')}'` },
    })) {
      left.set(e.rowKey ?? '', e);
    }
    const asWritten = [...notDue.values()].every((row) => {
      const got = left.get(row.rowKey);
      return !!got && Object.entries(row).every(([k, v]) => got[k] === v);
    });
    const dueGone = [...dueKeys].every((k) => !left.has(k));
    const successors = [...left.keys()].filter((k) => !notDue.has(k)).length;
    const perChat = new Map<string, number>();
    for (const s of sent) perChat.set(s.conversationId, (perChat.get(s.conversationId) ?? 0) + 1);
    const outcomes: Record<string, number> = {};
    for (const l of report.lines) outcomes[l.outcome] = (outcomes[l.outcome] ?? 0) + 1;

    return {
      pilots: opts.pilots,
      rows_scheduled: dueKeys.size + notDue.size,
      due,
      later_same_hour: LATER_SAME_HOUR,
      at: SWEEP_AT.toISOString(),
      setup_seconds: Math.round(setupS * 10) / 10,
      seconds: round3(seconds),
      rows_read: report.rowsRead,
      rows_due: report.due,
      messages_sent: sent.length,
      rows_read_per_due: Math.round((report.rowsRead / report.due) * 1000) / 1000,
      raw_seconds: round3(rawS),
      raw_rows_read: floor.rowsRead,
      ratio: Math.round((seconds / rawS) * 10) / 10,
      paced_floor_seconds: pacedFloorSeconds(sent.length),
      sends_peak_per_second: peak,
      sends_peak_per_second_one_conversation: Math.max(
        0,
        ...[...byConversation.values()].map((t) => peakInWindow(t, 1000)),
      ),
      sends_share_of_teams_limit: Math.round((peak / teamsPerSecond) * 100) / 100,
      storage_requests: requests,
      raw_storage_requests: rawRequests,
      storage_requests_per_due: Math.round((requests / report.due) * 10) / 10,
      outcomes,
      sent_to_owners: perChat.size === due && [...perChat].every(([c, n]) => n === 1 && chatOf.has(c)),
      untouched: asWritten && dueGone,
      successors,
    };
  } finally {
    await polku.stop();
  }
}
