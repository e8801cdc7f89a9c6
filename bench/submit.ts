/**
 * What one session submit is made of, twice: the card data Teams posts for it (the HTTP path),
 * and the one transaction that stores it, issued directly on @azure/data-tables (the floor).
 */
import { randomUUID } from 'node:crypto';
import { TableClient, type TransactionAction } from '@azure/data-tables';
import type { Pilot } from '../bot/domain/pilots';
import { countField, type Counts, type Session, SESSION_FORMS } from '../bot/domain/sessions';
import { applySession, type Totals } from '../bot/domain/totals';
import { ROW } from '../bot/storage/keys';
import { sessionEntity, sessionMarkerEntity, totalsEntity, totalsFrom } from '../bot/storage/pilotRows';
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

/** A policy of the SDK's HTTP pipeline (its type, without importing @azure/core-rest-pipeline directly). */
export type PipelinePolicy = Parameters<TableClient['pipeline']['addPolicy']>[0];

/**
 * The storage floor of one submit: the one transaction that saves it, straight on the SDK with
 * the bot's client options: create the session, create its idempotency marker, replace the
 * totals guarded by their ETag. The ETag and totals come from the previous transaction's answer,
 * so only the first call (a warm-up) reads the totals row. (The bot's first session by a person
 * also writes the pilot's `indexed` row, people.ts; the warm-ups take that too.)
 *
 * The bot's submit also reads the pilot row (access must see who owns it now) and copies the
 * totals to the team's index row: what it costs beyond this floor is those two requests and
 * everything between HTTP and storage.
 */
export class RawFloor {
  private readonly pilots: TableClient;
  private known?: { etag: string; version: number; teamKey: string; totals: Totals };

  constructor(connectionString: string, prefix: string, policy?: PipelinePolicy) {
    // As bot/storage/tables.ts makeClient builds them for a loopback emulator.
    const options = {
      allowInsecureConnection: true,
      retryOptions: { maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 2000 },
    };
    this.pilots = TableClient.fromConnectionString(connectionString, `${prefix}pilots`, options);
    if (policy) this.pilots.pipeline.addPolicy(policy);
  }

  async submit(session: Session, idem: string): Promise<Totals> {
    const pk = session.pilotId;
    if (!this.known) {
      const row = await this.pilots.getEntity<Record<string, unknown>>(pk, ROW.totals);
      this.known = {
        etag: String(row.etag),
        version: Number(row.totalsVersion ?? 0),
        teamKey: String(row.teamKey),
        totals: totalsFrom(row),
      };
    }
    const { etag, teamKey } = this.known;
    const version = this.known.version + 1;
    const totals = applySession(this.known.totals, session);
    const actions: TransactionAction[] = [
      ['create', sessionEntity(session)],
      ['create', sessionMarkerEntity(pk, idem, session.id)],
      ['update', totalsEntity(pk, teamKey, totals, version), 'Replace', { etag }],
    ];
    const r = await this.pilots.submitTransaction(actions);
    const next = r.subResponses[2]?.etag?.trim();
    if (!next) throw new Error('the transaction gave the totals no ETag');
    this.known = { etag: next, version, teamKey, totals };
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
