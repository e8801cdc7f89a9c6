/**
 * Pilots and their phases in Table Storage: the team row, a new pilot with its start answers,
 * the pilot reads (one pilot, a team's list from its index) and saving a phase's answers guarded
 * by the ETag the owner's form was built from. Every save is one transaction in the pilot's
 * partition with an idempotency marker (a redelivered card submit is a no-op) and, when an answer
 * changed, a history row; the team's index (teamIndex.ts) gets a copy of the header afterwards.
 */
import type { PilotWarning } from '../domain/warning';
import type { PhaseFigure } from '../domain/measures';
import { type PilotChange, pilotChanges } from '../domain/pilotEdit';
import type { TransactionAction } from '@azure/data-tables';
import {
  type Answers,
  type DecisionDetail,
  type Evaluation,
  QUESTIONS_BY_PHASE,
  START_QUESTIONS,
} from '../domain/phases';
import { type Decision, isAfter, type Phase, type Pilot, type TeamRef } from '../domain/pilots';
import { emptyTotals, type Totals } from '../domain/totals';
import { AlreadyExistsError, ConflictError } from './errors';
import { ROW, teamKey } from './keys';
import {
  checkAnswers,
  evaluationEntity,
  evaluationFrom,
  historyEntity,
  indexTotalsFrom,
  pilotFields,
  pilotFrom,
  totalsEntity,
  totalsFields,
  totalsFrom,
} from './pilotRows';
import { RETRIES, tryTransact } from './pilotTransaction';
import type { Row, Table } from './tables';
import type { TeamIndex } from './teamIndex';

/** A team's name and its pilots' index rows (PilotPhaseStore.teamListing). */
export interface TeamListing {
  /** The name ensureTeam stored; undefined when unknown. */
  name: string | undefined;
  /** Each pilot's index row: its ETag (a new one with every change of the row) and its summary, read when asked. */
  pilots: { pilotId: string; etag: string; summary: () => PilotSummary }[];
}

export interface PilotSummary {
  pilot: Pilot;
  totals: Totals;
  /** The pilot row's version (stageVersion) when read from it: an edit form is built from it. */
  version?: number;
}

export type CreatePilotResult = { created: true; pilot: Pilot } | { created: false; existing: PilotSummary };

export interface StoredPhase {
  evaluation: Evaluation;
  etag: string;
}

export interface SavePhaseRequest {
  pilotId: string;
  phase: Phase;
  answers: Answers;
  /** Only kept for the end phase. */
  decision?: Decision;
  /** The figure the phase heads with (midpoint and end), kept with it. */
  realised?: PhaseFigure;
  /** End phase: the decision's reason, date and successor. */
  decisionDetail?: DecisionDetail;
  by: string;
  at: string;
  /** The ETag the owner's form was built from; undefined when the phase had no answers yet. */
  expectedEtag?: string;
  idempotencyKey: string;
}

export interface EditPilotRequest {
  pilotId: string;
  /** The pilot's stageVersion the form was built from: a change since then is a conflict. */
  expectedVersion: number;
  /** The pilot as edited, from the pilot as stored (pilotEdit.ts applyEdit). */
  change: (current: Pilot) => Pilot;
  by: string;
  at: string;
  idempotencyKey: string;
}

/**
 * An early warning recorded on the pilot (warning.ts), or the owners' answer to it: the pilot
 * row and its index copy carry it, and the history says so. `change` gives the warning from the
 * pilot as stored, or undefined when nothing is to be written (sent already, answered already).
 */
export interface WarningWriteRequest {
  pilotId: string;
  what: 'warningSent' | 'warningAnswered';
  change: (current: Pilot) => PilotWarning | undefined;
  by: string;
  at: string;
  idempotencyKey: string;
}

export type WarningWriteResult =
  | { status: 'saved'; pilot: Pilot }
  | { status: 'unchanged'; pilot: Pilot }
  | { status: 'duplicate' }
  | { status: 'notFound' };

export type EditPilotResult =
  | { status: 'saved'; pilot: Pilot; changes: PilotChange[] }
  | { status: 'unchanged'; pilot: Pilot }
  | { status: 'duplicate' }
  | { status: 'notFound' }
  | { status: 'conflict'; current: Pilot };

export type SavePhaseResult =
  { status: 'saved'; etag: string } | { status: 'duplicate' } | { status: 'conflict'; current?: StoredPhase };

function conflictWith(req: SavePhaseRequest, row: Row | undefined): SavePhaseResult {
  return {
    status: 'conflict',
    current: row ? { evaluation: evaluationFrom(req.pilotId, req.phase, row), etag: row.etag } : undefined,
  };
}

export class PilotPhaseStore {
  constructor(
    private readonly teams: Table,
    private readonly pilots: Table,
    private readonly index: TeamIndex,
  ) {}

  /** Creates the team row once; later calls leave it as it is. */
  async ensureTeam(team: TeamRef, fields: { name?: string } = {}): Promise<void> {
    try {
      await this.teams.create({ partitionKey: teamKey(team), rowKey: ROW.team, ...team, name: fields.name ?? '' });
    } catch (e) {
      if (!(e instanceof AlreadyExistsError)) throw e;
    }
  }

  /** The team's display name as stored by ensureTeam; undefined when unknown. */
  async teamName(team: TeamRef): Promise<string | undefined> {
    const r = await this.teams.get(teamKey(team), ROW.team);
    return typeof r?.name === 'string' && r.name ? r.name : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Pilots

  /**
   * Stores a new pilot with its start answers: pilot row (stage 'start'), totals, the start
   * evaluation and a 'pilotCreated' history row in one transaction; then the team's index row
   * that makes it visible. `pilot.id` is the card's idempotency key, so a redelivered submit
   * finds the pilot there and gets it back as `existing` (compare its team and creator before
   * showing it: the id came from a card).
   */
  async createPilotWithStart(
    p: Pilot,
    start: { answers: Answers; by: string; at: string },
  ): Promise<CreatePilotResult> {
    checkAnswers('start', start.answers);
    const pilot: Pilot = { ...p, stage: 'start' };
    const pk = pilot.id;
    const answered = START_QUESTIONS.filter((k) => start.answers[k]);
    const result = await tryTransact(this.pilots, [
      ['create', { partitionKey: pk, rowKey: ROW.pilot, ...pilotFields(pilot, 0) }],
      ['create', totalsEntity(pk, teamKey(pilot.team), emptyTotals(), 0)],
      [
        'create',
        evaluationEntity({
          pilotId: pk,
          phase: 'start',
          answers: start.answers,
          updatedBy: start.by,
          updatedAt: start.at,
        }),
      ],
      [
        'create',
        historyEntity(pk, pilot.id, {
          at: start.at,
          by: start.by,
          what: 'pilotCreated',
          phase: 'start',
          changed: answered,
          answers: start.answers,
        }),
      ],
    ]);
    if (result.ok) {
      // The pilot exists from here on: a failed copy to the index is repaired, not reported.
      await this.index.create(pilot.id, {
        partitionKey: teamKey(pilot.team),
        rowKey: ROW.pilotIndex(pilot.id),
        ...pilotFields(pilot, 0),
        ...totalsFields(emptyTotals(), 0),
      });
      return { created: true, pilot };
    }
    if (result.reason !== 'exists') throw new ConflictError('pilots');
    return { created: false, existing: await this.existingPilot(pk) };
  }

  /**
   * The pilot a redelivered create found. Its index row is created (or brought up to date) if
   * the first delivery stopped before writing it.
   */
  private async existingPilot(pilotId: string): Promise<PilotSummary> {
    const existing = await this.getPilot(pilotId);
    if (!existing) throw new Error(`pilot ${pilotId} exists in part only`);
    await this.index.settle(pilotId, true);
    return existing;
  }

  /** The pilot and its totals: two point reads. */
  async getPilot(pilotId: string): Promise<PilotSummary | undefined> {
    const [pilotRow, totalsRow] = await Promise.all([
      this.pilots.get(pilotId, ROW.pilot),
      this.pilots.get(pilotId, ROW.totals),
    ]);
    if (!pilotRow) return undefined;
    return {
      pilot: pilotFrom(pilotId, pilotRow),
      totals: totalsFrom(totalsRow),
      version: Number(pilotRow.stageVersion ?? 0),
    };
  }

  /**
   * Every pilot of a team with the copy of its totals the team index keeps (domain/totals.ts
   * indexTotals: `weeksFrom` set, only the last weeks, each with its main counts): one partition
   * query. What needs more of a pilot's weeks reads its own totals (getPilot).
   */
  async listTeamPilots(team: TeamRef): Promise<PilotSummary[]> {
    return (await this.teamListing(team)).pilots.map((p) => p.summary());
  }

  /**
   * The team's name and its pilots' index rows, from one query of the team's partition (which
   * holds the team row and the index rows alone). Each row is read into a summary only when asked
   * (`summary()`): a reader that keeps what it made of a row by its ETag need not read it again.
   */
  async teamListing(team: TeamRef): Promise<TeamListing> {
    const prefix = ROW.pilotIndexPrefix;
    const rows = await this.teams.partition(teamKey(team));
    const teamRow = rows.find((r) => r.rowKey === ROW.team);
    return {
      name: typeof teamRow?.name === 'string' && teamRow.name ? teamRow.name : undefined,
      pilots: rows
        .filter((r) => r.rowKey.startsWith(prefix))
        .map((r) => {
          const pilotId = r.rowKey.slice(prefix.length);
          return {
            pilotId,
            etag: r.etag,
            summary: () => ({ pilot: pilotFrom(pilotId, r), totals: indexTotalsFrom(r) }),
          };
        }),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Phases

  /** A phase's answers and the ETag a later save must quote; undefined before the first save. */
  async getPhase(pilotId: string, phase: Phase): Promise<StoredPhase | undefined> {
    const r = await this.pilots.get(pilotId, ROW.evaluation(phase));
    return r ? { evaluation: evaluationFrom(pilotId, phase, r), etag: r.etag } : undefined;
  }

  async getEvaluation(pilotId: string, phase: Phase): Promise<Evaluation | undefined> {
    return (await this.getPhase(pilotId, phase))?.evaluation;
  }

  /**
   * Saves a phase's answers, guarded by the ETag the form was built from. In one transaction:
   * the evaluation row, the idempotency marker, a history row (only when an answer or the
   * decision changed) and, when the stage rises or the decision changes, the pilot row
   * (guarded by its own ETag; a lost race there is retried, it is not the owner's conflict).
   */
  async savePhase(req: SavePhaseRequest): Promise<SavePhaseResult> {
    const result = await this.savePhaseNow(req);
    // A redelivery's first delivery may have stopped before copying the stage to the index.
    if (result.status === 'duplicate') await this.index.settle(req.pilotId);
    return result;
  }

  private async savePhaseNow(req: SavePhaseRequest): Promise<SavePhaseResult> {
    checkAnswers(req.phase, req.answers);
    const { pilotId, phase } = req;
    const marker = ROW.idempotency(req.idempotencyKey);
    const evalKey = ROW.evaluation(phase);
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      if (await this.pilots.get(pilotId, marker)) return { status: 'duplicate' };
      const [pilotRow, evalRow] = await Promise.all([
        this.pilots.get(pilotId, ROW.pilot),
        this.pilots.get(pilotId, evalKey),
      ]);
      if (!pilotRow) throw new Error(`pilot ${pilotId} not found`);
      // A first save that finds answers there, or an edit whose answers are gone, lost already.
      if ((req.expectedEtag === undefined) !== (evalRow === undefined)) return this.phaseConflict(req, marker, evalRow);

      const previous = evalRow ? evaluationFrom(pilotId, phase, evalRow) : undefined;
      const decision = phase === 'end' ? req.decision : undefined;
      const changed = QUESTIONS_BY_PHASE[phase].filter((k) => (previous?.answers[k] ?? '') !== (req.answers[k] ?? ''));
      const detail = phase === 'end' ? req.decisionDetail : undefined;
      const decisionChanged =
        previous?.decision !== decision ||
        JSON.stringify(previous?.decisionDetail ?? null) !== JSON.stringify(detail ?? null);

      const current = pilotFrom(pilotId, pilotRow);
      const stage = isAfter(phase, current.stage) ? phase : current.stage;
      const pilotDecision = phase === 'end' ? decision : current.decision;
      const pilotChanges = stage !== current.stage || pilotDecision !== current.decision;
      const stageVersion = Number(pilotRow.stageVersion ?? 0) + 1;
      const header = { stage, decision: pilotDecision ?? '' };

      const evaluation = evaluationEntity({
        pilotId,
        phase,
        answers: req.answers,
        decision,
        realised: req.realised,
        ...(detail ? { decisionDetail: detail } : {}),
        updatedBy: req.by,
        updatedAt: req.at,
      });
      const actions: TransactionAction[] = [
        req.expectedEtag === undefined
          ? ['create', evaluation]
          : ['update', evaluation, 'Replace', { etag: req.expectedEtag }],
        ['create', { partitionKey: pilotId, rowKey: marker, what: 'phaseSaved', phase, at: req.at }],
      ];
      if (changed.length > 0 || decisionChanged) {
        actions.push([
          'create',
          historyEntity(pilotId, req.idempotencyKey, {
            at: req.at,
            by: req.by,
            what: 'phaseSaved',
            phase,
            changed,
            answers: req.answers,
            ...(decisionChanged ? { decision } : {}),
          }),
        ]);
      }
      if (pilotChanges) {
        actions.push([
          'update',
          { partitionKey: pilotId, rowKey: ROW.pilot, ...header, stageVersion },
          'Merge',
          { etag: pilotRow.etag },
        ]);
      }

      const result = await tryTransact(this.pilots, actions);
      if (result.ok) {
        if (pilotChanges) {
          await this.index.publish(teamKey(current.team), pilotId, 'stageVersion', stageVersion, {
            ...header,
            stageVersion,
          });
        }
        return { status: 'saved', etag: result.etags[0] ?? '' };
      }
      // Lost a race: the same submit delivered twice, another owner's save, or a stage change.
      if (await this.pilots.get(pilotId, marker)) return { status: 'duplicate' };
      const now = await this.pilots.get(pilotId, evalKey);
      const untouched = req.expectedEtag === undefined ? !now : now?.etag === req.expectedEtag;
      if (!untouched) return conflictWith(req, now);
      // Only the pilot row moved on: read again and retry.
    }
    throw new ConflictError('pilots');
  }

  /**
   * Changes a pilot's details (pilotEdit.ts): its row replaced under its ETag with the next
   * stageVersion, an idempotency marker and a history entry of the changes in one transaction,
   * then the team index's copy. 'conflict' when the pilot changed since the form was built
   * (`expectedVersion`), 'duplicate' for a redelivery.
   */
  async editPilot(req: EditPilotRequest): Promise<EditPilotResult> {
    const marker = ROW.idempotency(req.idempotencyKey);
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      if (await this.pilots.get(req.pilotId, marker)) return { status: 'duplicate' };
      const pilotRow = await this.pilots.get(req.pilotId, ROW.pilot);
      if (!pilotRow) return { status: 'notFound' };
      const version = Number(pilotRow.stageVersion ?? 0);
      if (version !== req.expectedVersion) return { status: 'conflict', current: pilotFrom(req.pilotId, pilotRow) };
      const before = pilotFrom(req.pilotId, pilotRow);
      const after = req.change(before);
      const changes = pilotChanges(before, after);
      if (!changes.length) return { status: 'unchanged', pilot: before };
      const stageVersion = version + 1;
      const actions: TransactionAction[] = [
        [
          'update',
          { partitionKey: req.pilotId, rowKey: ROW.pilot, ...pilotFields(after, stageVersion) },
          'Replace',
          { etag: pilotRow.etag },
        ],
        ['create', { partitionKey: req.pilotId, rowKey: marker, what: 'pilotEdited', at: req.at }],
        [
          'create',
          historyEntity(req.pilotId, req.idempotencyKey, {
            at: req.at,
            by: req.by,
            what: 'pilotEdited',
            edits: changes,
          }),
        ],
      ];
      const result = await tryTransact(this.pilots, actions);
      if (result.ok) {
        await this.index.publish(teamKey(after.team), req.pilotId, 'stageVersion', stageVersion, {
          ...pilotFields(after, stageVersion),
        });
        return { status: 'saved', pilot: after, changes };
      }
      if (await this.pilots.get(req.pilotId, marker)) return { status: 'duplicate' };
    }
    throw new ConflictError('pilots');
  }

  /**
   * Writes a warning or its answer (WarningWriteRequest) under the pilot row's ETag with a marker
   * and a history entry in one transaction, then the index copy; a lost race reads again.
   */
  async writeWarning(req: WarningWriteRequest): Promise<WarningWriteResult> {
    const marker = ROW.idempotency(req.idempotencyKey);
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      if (await this.pilots.get(req.pilotId, marker)) return { status: 'duplicate' };
      const pilotRow = await this.pilots.get(req.pilotId, ROW.pilot);
      if (!pilotRow) return { status: 'notFound' };
      const before = pilotFrom(req.pilotId, pilotRow);
      const warning = req.change(before);
      if (!warning) return { status: 'unchanged', pilot: before };
      const after: Pilot = { ...before, warning };
      const stageVersion = Number(pilotRow.stageVersion ?? 0) + 1;
      const actions: TransactionAction[] = [
        [
          'update',
          { partitionKey: req.pilotId, rowKey: ROW.pilot, ...pilotFields(after, stageVersion) },
          'Replace',
          { etag: pilotRow.etag },
        ],
        ['create', { partitionKey: req.pilotId, rowKey: marker, what: req.what, at: req.at }],
        ['create', historyEntity(req.pilotId, req.idempotencyKey, { at: req.at, by: req.by, what: req.what, warning })],
      ];
      const result = await tryTransact(this.pilots, actions);
      if (result.ok) {
        await this.index.publish(teamKey(after.team), req.pilotId, 'stageVersion', stageVersion, {
          ...pilotFields(after, stageVersion),
        });
        return { status: 'saved', pilot: after };
      }
      if (await this.pilots.get(req.pilotId, marker)) return { status: 'duplicate' };
    }
    throw new ConflictError('pilots');
  }

  /** 'duplicate' when the marker appeared meanwhile (a redelivery won), else 'conflict' with the current answers. */
  private async phaseConflict(req: SavePhaseRequest, marker: string, row: Row | undefined): Promise<SavePhaseResult> {
    if (await this.pilots.get(req.pilotId, marker)) return { status: 'duplicate' };
    return conflictWith(req, row);
  }
}
