/**
 * Pilots in Table Storage. The pilot's own partition (table `pilots`) holds the pilot row, its
 * running totals, sessions, evaluations and idempotency markers; the team's partition (table
 * `teams`) holds one index row per pilot with a snapshot of its totals, for the overview.
 */
import { randomUUID } from 'node:crypto';
import type { TransactionAction } from '@azure/data-tables';
import type { Evaluation } from '../domain/phases';
import type { Pilot, TeamRef } from '../domain/pilots';
import type { Session } from '../domain/sessions';
import { applySession, emptyTotals, type Totals } from '../domain/totals';
import { AlreadyExistsError, ConflictError } from './errors';
import { prefixEnd, ROW, teamKey } from './keys';
import { columnsOf, type Row, type Table, type TableStore } from './tables';

export interface PilotSummary {
  pilot: Pilot;
  totals: Totals;
}

export type RecordResult = { recorded: true; totals: Totals } | { recorded: false; duplicate: true };

const TOTALS_RETRIES = 20;

function pilotFields(p: Pilot) {
  return {
    tenantId: p.team.tenantId,
    teamId: p.team.teamId,
    name: p.name,
    municipality: p.municipality,
    kind: p.kind,
    plan: JSON.stringify(p.plan),
    startDate: p.startDate,
    midpointDate: p.midpointDate,
    endDate: p.endDate,
    owners: JSON.stringify(p.owners),
    stage: p.stage,
    decision: p.decision ?? '',
    createdBy: p.createdBy,
    createdAt: p.createdAt,
  };
}

function pilotFrom(id: string, r: Row): Pilot {
  return {
    id,
    team: { tenantId: r.tenantId as string, teamId: r.teamId as string },
    name: r.name as string,
    municipality: r.municipality as string,
    kind: r.kind as Pilot['kind'],
    plan: JSON.parse(r.plan as string) as Pilot['plan'],
    startDate: r.startDate as string,
    midpointDate: r.midpointDate as string,
    endDate: r.endDate as string,
    owners: JSON.parse(r.owners as string) as string[],
    stage: r.stage as Pilot['stage'],
    decision: (r.decision as Pilot['decision']) || undefined,
    createdBy: r.createdBy as string,
    createdAt: r.createdAt as string,
  };
}

function totalsFields(t: Totals, version: number) {
  return { totals: JSON.stringify(t), totalsVersion: version };
}

function totalsFrom(r: Row | undefined): Totals {
  return r?.totals ? (JSON.parse(r.totals as string) as Totals) : emptyTotals();
}

export class PilotStore {
  private readonly teams: Table;
  private readonly pilots: Table;

  constructor(store: TableStore) {
    this.teams = store.table('teams');
    this.pilots = store.table('pilots');
  }

  /** Creates the team row once; later calls leave it as it is. */
  async ensureTeam(team: TeamRef, fields: { name?: string } = {}): Promise<void> {
    try {
      await this.teams.create({ partitionKey: teamKey(team), rowKey: ROW.team, ...team, name: fields.name ?? '' });
    } catch (e) {
      if (!(e instanceof AlreadyExistsError)) throw e;
    }
  }

  /** Stores a new pilot: its own partition first, then the team's index row that makes it visible. */
  async createPilot(p: Omit<Pilot, 'id'> & { id?: string }): Promise<Pilot> {
    const pilot: Pilot = { ...p, id: p.id ?? randomUUID() };
    await this.pilots.transact([
      ['create', { partitionKey: pilot.id, rowKey: ROW.pilot, ...pilotFields(pilot) }],
      [
        'create',
        { partitionKey: pilot.id, rowKey: ROW.totals, teamKey: teamKey(pilot.team), ...totalsFields(emptyTotals(), 0) },
      ],
    ]);
    await this.teams.upsert({
      partitionKey: teamKey(pilot.team),
      rowKey: ROW.pilotIndex(pilot.id),
      ...pilotFields(pilot),
      ...totalsFields(emptyTotals(), 0),
    });
    return pilot;
  }

  async getPilot(pilotId: string): Promise<PilotSummary | undefined> {
    const rows = await this.pilots.range(pilotId, ROW.pilot, prefixEnd(ROW.totals));
    const pilotRow = rows.find((r) => r.rowKey === ROW.pilot);
    if (!pilotRow) return undefined;
    return { pilot: pilotFrom(pilotId, pilotRow), totals: totalsFrom(rows.find((r) => r.rowKey === ROW.totals)) };
  }

  /** Every pilot of a team with its totals: one partition query. */
  async listTeamPilots(team: TeamRef): Promise<PilotSummary[]> {
    const prefix = ROW.pilotIndexPrefix;
    const rows = await this.teams.range(teamKey(team), prefix, prefixEnd(prefix));
    return rows.map((r) => ({ pilot: pilotFrom(r.rowKey.slice(prefix.length), r), totals: totalsFrom(r) }));
  }

  async saveEvaluation(e: Evaluation): Promise<void> {
    await this.pilots.upsert({
      partitionKey: e.pilotId,
      rowKey: ROW.evaluation(e.phase),
      answers: JSON.stringify(e.answers),
      decision: e.decision ?? '',
      updatedBy: e.updatedBy,
      updatedAt: e.updatedAt,
    });
  }

  async getEvaluation(pilotId: string, phase: Evaluation['phase']): Promise<Evaluation | undefined> {
    const r = await this.pilots.get(pilotId, ROW.evaluation(phase));
    if (!r) return undefined;
    return {
      pilotId,
      phase,
      answers: JSON.parse(r.answers as string) as Evaluation['answers'],
      decision: (r.decision as Evaluation['decision']) || undefined,
      updatedBy: r.updatedBy as string,
      updatedAt: r.updatedAt as string,
    };
  }

  async updateStage(pilot: Pilot, stage: Pilot['stage'], decision?: Pilot['decision']): Promise<void> {
    const fields = { stage, decision: decision ?? '' };
    await this.pilots.merge({ partitionKey: pilot.id, rowKey: ROW.pilot, ...fields });
    await this.teams.merge({ partitionKey: teamKey(pilot.team), rowKey: ROW.pilotIndex(pilot.id), ...fields });
  }

  /**
   * Records a session and its effect on the totals in one transaction in the pilot's partition.
   * The idempotency key makes a redelivered submit a no-op; a concurrent writer of the totals
   * makes this one read again and retry.
   */
  async recordSession(session: Session, idempotencyKey: string): Promise<RecordResult> {
    for (let attempt = 0; attempt < TOTALS_RETRIES; attempt++) {
      if (await this.pilots.get(session.pilotId, ROW.idempotency(idempotencyKey))) {
        return { recorded: false, duplicate: true };
      }
      const totalsRow = await this.pilots.get(session.pilotId, ROW.totals);
      if (!totalsRow) throw new Error(`pilot ${session.pilotId} has no totals row`);
      const version = Number(totalsRow.totalsVersion ?? 0) + 1;
      const totals = applySession(totalsFrom(totalsRow), session);
      const actions: TransactionAction[] = [
        [
          'create',
          {
            partitionKey: session.pilotId,
            rowKey: ROW.session(session.id),
            date: session.date,
            hours: session.hours,
            counts: JSON.stringify(session.counts),
            loggedBy: session.loggedBy,
            loggedAt: session.loggedAt,
          },
        ],
        ['create', { partitionKey: session.pilotId, rowKey: ROW.idempotency(idempotencyKey), sessionId: session.id }],
        [
          'update',
          {
            partitionKey: session.pilotId,
            rowKey: ROW.totals,
            teamKey: totalsRow.teamKey,
            ...totalsFields(totals, version),
          },
          'Replace',
          { etag: totalsRow.etag },
        ],
      ];
      try {
        await this.pilots.transact(actions);
      } catch (e) {
        if (e instanceof ConflictError) continue;
        // The marker already exists: the same submit won a race with this one.
        if (e instanceof AlreadyExistsError) return { recorded: false, duplicate: true };
        throw e;
      }
      await this.publishTotals(String(totalsRow.teamKey), session.pilotId, totals, version);
      return { recorded: true, totals };
    }
    throw new ConflictError('pilots');
  }

  async listSessions(pilotId: string): Promise<Session[]> {
    const rows = await this.pilots.range(pilotId, ROW.sessionPrefix, prefixEnd(ROW.sessionPrefix));
    return rows.map((r) => ({
      id: r.rowKey.slice(ROW.sessionPrefix.length),
      pilotId,
      date: r.date as string,
      hours: r.hours as number,
      counts: JSON.parse(r.counts as string) as Session['counts'],
      loggedBy: r.loggedBy as string,
      loggedAt: r.loggedAt as string,
    }));
  }

  /**
   * Copies totals to the team's index row (the totals row carries the team's key, so no extra
   * read), never moving it back to an older version.
   */
  private async publishTotals(pk: string, pilotId: string, totals: Totals, version: number): Promise<void> {
    for (let attempt = 0; attempt < TOTALS_RETRIES; attempt++) {
      const index = await this.teams.get(pk, ROW.pilotIndex(pilotId));
      if (!index || Number(index.totalsVersion ?? 0) >= version) return;
      try {
        await this.teams.replace({ ...columnsOf(index), ...totalsFields(totals, version) }, index.etag);
        return;
      } catch (e) {
        if (!(e instanceof ConflictError)) throw e;
      }
    }
  }
}
