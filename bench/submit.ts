/**
 * What one session submit is made of, twice: the card data Teams posts for it (the HTTP path),
 * and the storage calls the bot makes for it, issued directly on @azure/data-tables (the floor).
 */
import { randomUUID } from 'node:crypto';
import { RestError, TableClient, type TransactionAction } from '@azure/data-tables';
import type { Pilot } from '../bot/domain/pilots';
import { countField, type Counts, type Session, SESSION_FORMS } from '../bot/domain/sessions';
import { applySession, type Totals } from '../bot/domain/totals';
import { ROW } from '../bot/storage/keys';
import { sessionEntity, sessionMarkerEntity, totalsEntity, totalsFields, totalsFrom } from '../bot/storage/pilotRows';
import { TEAM, TENANT, USER } from '../tests/harness/teams';

const DAY_MS = 24 * 60 * 60 * 1000;

export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** A drop-in pilot of the harness team, owned by the harness user, started `daysAgo` days ago. */
export function benchPilot(name: string, daysAgo = 400): Pilot {
  const now = Date.now();
  return {
    id: randomUUID(),
    team: { tenantId: TENANT, teamId: TEAM.id },
    name,
    municipality: 'Raisio',
    kind: 'dropIn',
    plan: { weekdays: [1], startTime: '09:00', hoursPerSession: 2, place: 'Seurakuntatalo', partners: ['parish'] },
    startDate: isoDay(now - daysAgo * DAY_MS),
    midpointDate: isoDay(now - (daysAgo / 2) * DAY_MS),
    endDate: isoDay(now + 30 * DAY_MS),
    owners: [USER.aadObjectId],
    ownerNames: { [USER.aadObjectId]: USER.name },
    stage: 'start',
    createdBy: USER.aadObjectId,
    createdAt: new Date(now).toISOString(),
  };
}

/**
 * The i-th session of a series: a date inside the pilot (spread over a year, so the totals'
 * weekly buckets grow as they do in use), two hours, every drop-in count filled and consistent.
 */
export function sessionDraft(pilot: Pilot, i: number): { date: string; hours: number; counts: Counts } {
  const start = Date.parse(`${pilot.startDate}T12:00:00Z`);
  const visitors = 4 + (i % 11);
  const offeredTalk = Math.min(visitors, 2 + (i % 5));
  const wantedToTalk = Math.min(offeredTalk, 1 + (i % 3));
  const counts: Counts = {
    visitors,
    offeredTalk,
    wantedToTalk,
    declined: offeredTalk - wantedToTalk,
    socialWorkMatters: i % 2,
    moneyOnlyRequests: i % 3 === 0 ? 1 : 0,
    referred: i % 4 === 0 ? 1 : 0,
    appointmentsBooked: i % 5 === 0 ? 1 : 0,
    newClients: i % 7 === 0 ? 1 : 0,
  };
  return { date: isoDay(start + (i % 365) * DAY_MS), hours: 2, counts };
}

/** The data of a `saveSession` press, as the session card posts it (counts as the text Teams sends). */
export function saveSessionData(pilot: Pilot, i: number, idem: string): Record<string, unknown> {
  const d = sessionDraft(pilot, i);
  const data: Record<string, unknown> = { pilotId: pilot.id, idem, date: d.date, hours: String(d.hours) };
  for (const k of SESSION_FORMS[pilot.kind].counts) data[countField(k)] = String(d.counts[k] ?? 0);
  return data;
}

/** The session the bot stores for that press (id and time are the bot's own; only their shape matters here). */
export function storedSession(pilot: Pilot, i: number): Session {
  return {
    ...sessionDraft(pilot, i),
    id: randomUUID(),
    pilotId: pilot.id,
    loggedBy: USER.aadObjectId,
    loggedAt: new Date().toISOString(),
  };
}

type Entity = Record<string, unknown> & { partitionKey: string; rowKey: string };

/** An SDK entity as read, without what the SDK adds (ETag, timestamp, metadata): ready to be written back. */
function columnsOf(read: Record<string, unknown>): Entity {
  const { etag: _etag, timestamp: _timestamp, 'odata.metadata': _meta, ...rest } = read;
  return rest as Entity;
}

/** A policy of the SDK's HTTP pipeline (its type, without importing @azure/core-rest-pipeline directly). */
export type PipelinePolicy = Parameters<TableClient['pipeline']['addPolicy']>[0];

const isNotFound = (e: unknown): boolean => e instanceof RestError && e.statusCode === 404;

/**
 * The storage floor of one submit: exactly the calls the bot's path makes, in the same order and
 * with the same concurrency, straight on the SDK with the bot's client options.
 *
 * 1. PilotActions.access → PilotStore.getPilot: pilot row and totals row, two point reads at once.
 * 2. PilotStore.recordSession: the idempotency marker (a point read that finds nothing), then the
 *    totals row again, then one transaction: create session + create marker + replace totals
 *    guarded by the totals' ETag.
 * 3. publishTotals: the team's index row, a point read, then its replace guarded by its ETag.
 */
export class RawFloor {
  private readonly pilots: TableClient;
  private readonly teams: TableClient;

  constructor(connectionString: string, prefix: string, policy?: PipelinePolicy) {
    // As bot/storage/tables.ts makeClient builds them for a loopback emulator.
    const options = {
      allowInsecureConnection: true,
      retryOptions: { maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 2000 },
    };
    this.pilots = TableClient.fromConnectionString(connectionString, `${prefix}pilots`, options);
    this.teams = TableClient.fromConnectionString(connectionString, `${prefix}teams`, options);
    if (policy) for (const c of [this.pilots, this.teams]) c.pipeline.addPolicy(policy);
  }

  async submit(session: Session, idem: string): Promise<Totals> {
    const pk = session.pilotId;
    // 1. access
    const [pilotRow] = await Promise.all([
      this.pilots.getEntity<Record<string, unknown>>(pk, ROW.pilot),
      this.pilots.getEntity<Record<string, unknown>>(pk, ROW.totals),
    ]);
    if (!pilotRow.owners) throw new Error('the pilot row has no owners');
    // 2. recordSession
    try {
      await this.pilots.getEntity(pk, ROW.idempotency(idem));
      throw new Error(`marker ${idem} exists already`);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    const totalsRow = await this.pilots.getEntity<Record<string, unknown>>(pk, ROW.totals);
    const version = Number(totalsRow.totalsVersion ?? 0) + 1;
    const totals = applySession(totalsFrom(totalsRow), session);
    const actions: TransactionAction[] = [
      ['create', sessionEntity(session)],
      ['create', sessionMarkerEntity(pk, idem, session.id)],
      [
        'update',
        totalsEntity(pk, String(totalsRow.teamKey), totals, version),
        'Replace',
        { etag: String(totalsRow.etag) },
      ],
    ];
    await this.pilots.submitTransaction(actions);
    // 3. publishTotals
    const indexKey = String(totalsRow.teamKey);
    const index = await this.teams.getEntity<Record<string, unknown>>(indexKey, ROW.pilotIndex(pk));
    if (Number(index.totalsVersion ?? 0) < version) {
      await this.teams.updateEntity({ ...columnsOf(index), ...totalsFields(totals, version) }, 'Replace', {
        etag: String(index.etag),
      });
    }
    return totals;
  }
}

/** Nearest-rank percentile of unsorted samples. */
export function percentile(samples: number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}
