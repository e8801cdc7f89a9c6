/**
 * Pilots in Table Storage. The pilot's own partition (table `pilots`) holds the pilot row, its
 * running totals, sessions, evaluations, idempotency markers and history; the team's partition
 * (table `teams`) holds one index row per pilot with a snapshot of its header and totals, for the
 * overview.
 *
 * Every change an owner makes is one transaction in the pilot's partition that also writes an
 * idempotency marker (so a redelivered card submit is a no-op) and, for phase answers and session
 * edits and deletes, an append-only history row. Free-text answers are one column each (`a_<key>`),
 * never one JSON column: a string column holds at most 32K characters.
 */
import type { TableEntity, TransactionAction } from '@azure/data-tables';
import type { HistoryEntry } from '../domain/history';
import {
  type Answers,
  END_QUESTIONS,
  type Evaluation,
  type QuestionKey,
  QUESTIONS_BY_PHASE,
  START_QUESTIONS,
} from '../domain/phases';
import { type Decision, isAfter, type Phase, type Pilot, type TeamRef } from '../domain/pilots';
import type { Session } from '../domain/sessions';
import { applySession, emptyTotals, type Totals } from '../domain/totals';
import { AlreadyExistsError, ConflictError, mapStorageError, statusOf } from './errors';
import { backoff, KeyedQueue } from './queue';
import { prefixEnd, ROW, teamKey } from './keys';
import { pilotFields, pilotFrom, totalsFields, totalsFrom } from './pilotRows';
import { columnsOf, type Row, type Table, type TableStore } from './tables';
import { TeamIndex, type TeamIndexOptions } from './teamIndex';

export interface PilotSummary {
  pilot: Pilot;
  totals: Totals;
}

/** Everything a pilot's partition holds, as domain objects. */
export interface PilotRecord extends PilotSummary {
  evaluations: Evaluation[];
  sessions: Session[];
  history: HistoryEntry[];
  /** Idempotency markers of past submits: technical rows that say what was saved and when, nothing more. */
  markers: number;
}

export interface DeletedPilot {
  pilot: Pilot;
  sessions: number;
  evaluations: number;
  history: number;
  /** Every row deleted, the team's index row included. */
  rows: number;
}

export type RecordResult = { recorded: true; totals: Totals } | { recorded: false; duplicate: true };

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
  by: string;
  at: string;
  /** The ETag the owner's form was built from; undefined when the phase had no answers yet. */
  expectedEtag?: string;
  idempotencyKey: string;
}

export type SavePhaseResult =
  { status: 'saved'; etag: string } | { status: 'duplicate' } | { status: 'conflict'; current?: StoredPhase };

export interface UpdateSessionRequest {
  pilotId: string;
  sessionId: string;
  /** The session as edited. Its id, pilotId, loggedBy and loggedAt are kept from the stored one. */
  next: Session;
  by: string;
  at: string;
  idempotencyKey: string;
  /** The ETag the edit form was built from; when given and no longer current → 'conflict'. */
  expectedEtag?: string;
}

export type UpdateSessionResult =
  { status: 'updated'; totals: Totals } | { status: 'duplicate' } | { status: 'notFound' } | { status: 'conflict' };

export interface DeleteSessionRequest {
  pilotId: string;
  sessionId: string;
  by: string;
  at: string;
  idempotencyKey: string;
}

export type DeleteSessionResult =
  { status: 'deleted'; totals: Totals } | { status: 'duplicate' } | { status: 'notFound' };

/** How often a write that lost a race on the totals or the pilot row reads again and retries. */
const RETRIES = 20;

/** Table Storage's limit for one string column, in UTF-16 code units (64 KiB). */
const MAX_STRING_COLUMN = 32 * 1024;

const ALL_QUESTIONS: ReadonlySet<string> = new Set<string>([...START_QUESTIONS, ...END_QUESTIONS]);
const ANSWER_PREFIX = 'a_';
const EVAL_PREFIX = ROW.evaluation('');
const IDEM_PREFIX = ROW.idempotency('');
const answerColumn = (key: string): string => `${ANSWER_PREFIX}${key}`;

type Entity = TableEntity<Record<string, unknown>>;

// ---------------------------------------------------------------------------------------------
// Rows ⇄ domain objects

/** Refuses answers the phase does not ask, and text a string column cannot hold. */
function checkAnswers(phase: Phase, answers: Answers): void {
  const allowed = QUESTIONS_BY_PHASE[phase];
  for (const [key, value] of Object.entries(answers)) {
    if (!allowed.includes(key as QuestionKey)) throw new RangeError(`question ${key} is not asked in phase ${phase}`);
    if (value !== undefined && typeof value !== 'string') throw new TypeError(`answer ${key} is not text`);
    if (value !== undefined && value.length > MAX_STRING_COLUMN) throw new RangeError(`answer ${key} is too long`);
  }
}

/** Only the answered questions, as columns. An empty answer is no answer. */
function answerColumns(answers: Answers, keys: readonly string[] = Object.keys(answers)): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const v = answers[key as QuestionKey];
    if (v) out[answerColumn(key)] = v;
  }
  return out;
}

function answersFrom(r: Row): Answers {
  const out: Answers = {};
  // Rows written before answers had their own columns kept them in one JSON column.
  if (typeof r.answers === 'string' && r.answers) Object.assign(out, JSON.parse(r.answers) as Answers);
  for (const [col, v] of Object.entries(r)) {
    if (!col.startsWith(ANSWER_PREFIX) || typeof v !== 'string') continue;
    const key = col.slice(ANSWER_PREFIX.length);
    if (ALL_QUESTIONS.has(key)) out[key as QuestionKey] = v;
  }
  return out;
}

function evaluationFrom(pilotId: string, phase: Phase, r: Row): Evaluation {
  const e: Evaluation = {
    pilotId,
    phase,
    answers: answersFrom(r),
    updatedBy: r.updatedBy as string,
    updatedAt: r.updatedAt as string,
  };
  if (r.decision) e.decision = r.decision as Decision;
  return e;
}

function evaluationEntity(e: Evaluation): Entity {
  return {
    partitionKey: e.pilotId,
    rowKey: ROW.evaluation(e.phase),
    ...answerColumns(e.answers),
    decision: e.decision ?? '',
    updatedBy: e.updatedBy,
    updatedAt: e.updatedAt,
  };
}

function sessionEntity(s: Session): Entity {
  const details: { partnersPresent?: Session['partnersPresent']; tags?: Session['tags'] } = {};
  if (s.partnersPresent) details.partnersPresent = s.partnersPresent;
  if (s.tags) details.tags = s.tags;
  return {
    partitionKey: s.pilotId,
    rowKey: ROW.session(s.id),
    date: s.date,
    hours: s.hours,
    counts: JSON.stringify(s.counts),
    place: s.place ?? '',
    details: JSON.stringify(details),
    otherTopic: s.otherTopic ?? '',
    note: s.note ?? '',
    loggedBy: s.loggedBy,
    loggedAt: s.loggedAt,
  };
}

function sessionFrom(pilotId: string, r: Row): Session {
  const s: Session = {
    id: r.rowKey.slice(ROW.sessionPrefix.length),
    pilotId,
    date: r.date as string,
    hours: r.hours as number,
    counts: JSON.parse(r.counts as string) as Session['counts'],
    loggedBy: r.loggedBy as string,
    loggedAt: r.loggedAt as string,
  };
  if (r.place) s.place = r.place as string;
  if (typeof r.details === 'string' && r.details) {
    const d = JSON.parse(r.details) as Pick<Session, 'partnersPresent' | 'tags'>;
    if (d.partnersPresent) s.partnersPresent = d.partnersPresent;
    if (d.tags) s.tags = d.tags;
  }
  if (r.otherTopic) s.otherTopic = r.otherTopic as string;
  if (r.note) s.note = r.note as string;
  return s;
}

function historyFrom(r: Row): HistoryEntry {
  const h: HistoryEntry = { at: r.at as string, by: r.by as string, what: r.what as HistoryEntry['what'] };
  if (r.phase) h.phase = r.phase as Phase;
  if (typeof r.changed === 'string' && r.changed) {
    h.changed = JSON.parse(r.changed) as string[];
    const answers: Answers = {};
    // A changed answer without a column was cleared.
    for (const key of h.changed) answers[key as QuestionKey] = (r[answerColumn(key)] as string | undefined) ?? '';
    h.answers = answers;
  }
  if (r.decision) h.decision = r.decision as Decision;
  if (r.sessionId) h.sessionId = r.sessionId as string;
  if (typeof r.before === 'string' && r.before) h.before = JSON.parse(r.before) as Session;
  if (typeof r.after === 'string' && r.after) h.after = JSON.parse(r.after) as Session;
  return h;
}

function conflictWith(req: SavePhaseRequest, row: Row | undefined): SavePhaseResult {
  return {
    status: 'conflict',
    current: row ? { evaluation: evaluationFrom(req.pilotId, req.phase, row), etag: row.etag } : undefined,
  };
}

type TxResult = { ok: true; etags: (string | undefined)[] } | { ok: false; reason: 'conflict' | 'exists' | 'missing' };

export class PilotStore {
  private readonly teams: Table;
  private readonly pilots: Table;
  /** Session writes take turns per pilot within this process (see queue.ts). */
  private readonly writes = new KeyedQueue();
  /** The team's copy of each pilot's header and totals (see teamIndex.ts). */
  readonly index: TeamIndex;

  constructor(store: TableStore, opts: TeamIndexOptions = {}) {
    this.teams = store.table('teams');
    this.pilots = store.table('pilots');
    this.index = new TeamIndex(this.teams, this.pilots, opts);
  }

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
    const result = await this.tryTransact([
      ['create', { partitionKey: pk, rowKey: ROW.pilot, ...pilotFields(pilot, 0) }],
      [
        'create',
        { partitionKey: pk, rowKey: ROW.totals, teamKey: teamKey(pilot.team), ...totalsFields(emptyTotals(), 0) },
      ],
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
        {
          partitionKey: pk,
          rowKey: ROW.history(start.at, pilot.id),
          at: start.at,
          by: start.by,
          what: 'pilotCreated',
          phase: 'start',
          changed: JSON.stringify(answered),
          ...answerColumns(start.answers, answered),
        },
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
    const [pilotRow, totalsRow] = await Promise.all([
      this.pilots.get(pilotId, ROW.pilot),
      this.pilots.get(pilotId, ROW.totals),
    ]);
    if (!pilotRow) throw new Error(`pilot ${pilotId} exists in part only`);
    const existing = { pilot: pilotFrom(pilotId, pilotRow), totals: totalsFrom(totalsRow) };
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
    return { pilot: pilotFrom(pilotId, pilotRow), totals: totalsFrom(totalsRow) };
  }

  /** Every pilot of a team with its totals: one partition query. */
  async listTeamPilots(team: TeamRef): Promise<PilotSummary[]> {
    const prefix = ROW.pilotIndexPrefix;
    const rows = await this.teams.range(teamKey(team), prefix, prefixEnd(prefix));
    return rows.map((r) => ({ pilot: pilotFrom(r.rowKey.slice(prefix.length), r), totals: totalsFrom(r) }));
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
      const decisionChanged = previous?.decision !== decision;

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
          {
            partitionKey: pilotId,
            rowKey: ROW.history(req.at, req.idempotencyKey),
            at: req.at,
            by: req.by,
            what: 'phaseSaved',
            phase,
            changed: JSON.stringify(changed),
            ...answerColumns(req.answers, changed),
            ...(decisionChanged ? { decision: decision ?? '' } : {}),
          },
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

      const result = await this.tryTransact(actions);
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

  /** 'duplicate' when the marker appeared meanwhile (a redelivery won), else 'conflict' with the current answers. */
  private async phaseConflict(req: SavePhaseRequest, marker: string, row: Row | undefined): Promise<SavePhaseResult> {
    if (await this.pilots.get(req.pilotId, marker)) return { status: 'duplicate' };
    return conflictWith(req, row);
  }

  // -------------------------------------------------------------------------------------------
  // Sessions

  /**
   * Records a session and its effect on the totals in one transaction in the pilot's partition.
   * The idempotency key makes a redelivered submit a no-op; a concurrent writer of the totals
   * makes this one read again and retry.
   */
  async recordSession(session: Session, idempotencyKey: string): Promise<RecordResult> {
    const result = await this.writes.run(session.pilotId, () => this.recordSessionNow(session, idempotencyKey));
    // "Already saved": the first delivery may have stopped before copying the totals to the index.
    if (!result.recorded) await this.index.settle(session.pilotId);
    return result;
  }

  private async recordSessionNow(session: Session, idempotencyKey: string): Promise<RecordResult> {
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      if (attempt > 0) await backoff(attempt);
      if (await this.pilots.get(session.pilotId, ROW.idempotency(idempotencyKey))) {
        return { recorded: false, duplicate: true };
      }
      const totalsRow = await this.pilots.get(session.pilotId, ROW.totals);
      if (!totalsRow) throw new Error(`pilot ${session.pilotId} has no totals row`);
      const version = Number(totalsRow.totalsVersion ?? 0) + 1;
      const totals = applySession(totalsFrom(totalsRow), session);
      const actions: TransactionAction[] = [
        ['create', sessionEntity(session)],
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
      await this.index.publish(
        String(totalsRow.teamKey),
        session.pilotId,
        'totalsVersion',
        version,
        totalsFields(totals, version),
      );
      return { recorded: true, totals };
    }
    throw new ConflictError('pilots');
  }

  async listSessions(pilotId: string): Promise<Session[]> {
    const rows = await this.pilots.range(pilotId, ROW.sessionPrefix, prefixEnd(ROW.sessionPrefix));
    return rows.map((r) => sessionFrom(pilotId, r));
  }

  /** One session and the ETag an edit must quote. */
  async getSession(pilotId: string, sessionId: string): Promise<{ session: Session; etag: string } | undefined> {
    const r = await this.pilots.get(pilotId, ROW.session(sessionId));
    return r ? { session: sessionFrom(pilotId, r), etag: r.etag } : undefined;
  }

  /**
   * Edits a session and corrects the totals in one transaction, with a 'sessionEdited' history
   * row holding the session before and after. Who logged it, and when, stay as they were.
   */
  async updateSession(req: UpdateSessionRequest): Promise<UpdateSessionResult> {
    const r = await this.changeSession(req, (old) => ({
      ...req.next,
      id: old.id,
      pilotId: old.pilotId,
      loggedBy: old.loggedBy,
      loggedAt: old.loggedAt,
    }));
    return r.status === 'changed' ? { status: 'updated', totals: r.totals } : r;
  }

  /** Deletes a session and corrects the totals in one transaction, with a 'sessionDeleted' history row. */
  async deleteSession(req: DeleteSessionRequest): Promise<DeleteSessionResult> {
    const r = await this.changeSession(req, null);
    if (r.status === 'conflict') throw new Error('unreachable: a delete names no ETag');
    return r.status === 'changed' ? { status: 'deleted', totals: r.totals } : r;
  }

  /**
   * Edit (edit given) or delete (edit null). The totals row is read first and guarded by its
   * ETag: every session write also rewrites the totals, so an unchanged totals ETag proves that
   * the session read after it is still current, which lets the delete (which the SDK cannot
   * guard by ETag inside a transaction) stay exact.
   */
  private async changeSession(
    req: DeleteSessionRequest & { expectedEtag?: string },
    edit: ((old: Session) => Session) | null,
  ): Promise<
    { status: 'changed'; totals: Totals } | { status: 'duplicate' } | { status: 'notFound' } | { status: 'conflict' }
  > {
    const result = await this.writes.run(req.pilotId, () => this.changeSessionNow(req, edit));
    if (result.status === 'duplicate') await this.index.settle(req.pilotId);
    return result;
  }

  private async changeSessionNow(
    req: DeleteSessionRequest & { expectedEtag?: string },
    edit: ((old: Session) => Session) | null,
  ): Promise<
    { status: 'changed'; totals: Totals } | { status: 'duplicate' } | { status: 'notFound' } | { status: 'conflict' }
  > {
    const { pilotId } = req;
    const marker = ROW.idempotency(req.idempotencyKey);
    const sessionKey = ROW.session(req.sessionId);
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      if (attempt > 0) await backoff(attempt);
      if (await this.pilots.get(pilotId, marker)) return { status: 'duplicate' };
      const totalsRow = await this.pilots.get(pilotId, ROW.totals);
      const sessionRow = await this.pilots.get(pilotId, sessionKey);
      if (!totalsRow || !sessionRow) {
        return (await this.pilots.get(pilotId, marker)) ? { status: 'duplicate' } : { status: 'notFound' };
      }
      if (req.expectedEtag !== undefined && sessionRow.etag !== req.expectedEtag) {
        return (await this.pilots.get(pilotId, marker)) ? { status: 'duplicate' } : { status: 'conflict' };
      }
      const before = sessionFrom(pilotId, sessionRow);
      const after = edit ? edit(before) : undefined;
      let totals = applySession(totalsFrom(totalsRow), before, -1);
      if (after) totals = applySession(totals, after, 1);
      const version = Number(totalsRow.totalsVersion ?? 0) + 1;
      const actions: TransactionAction[] = [
        after
          ? ['update', sessionEntity(after), 'Replace', { etag: sessionRow.etag }]
          : ['delete', { partitionKey: pilotId, rowKey: sessionKey }],
        [
          'update',
          { partitionKey: pilotId, rowKey: ROW.totals, teamKey: totalsRow.teamKey, ...totalsFields(totals, version) },
          'Replace',
          { etag: totalsRow.etag },
        ],
        [
          'create',
          {
            partitionKey: pilotId,
            rowKey: ROW.history(req.at, req.idempotencyKey),
            at: req.at,
            by: req.by,
            what: after ? 'sessionEdited' : 'sessionDeleted',
            sessionId: req.sessionId,
            before: JSON.stringify(before),
            ...(after ? { after: JSON.stringify(after) } : {}),
          },
        ],
        [
          'create',
          { partitionKey: pilotId, rowKey: marker, what: after ? 'sessionEdited' : 'sessionDeleted', at: req.at },
        ],
      ];
      const result = await this.tryTransact(actions);
      if (result.ok) {
        await this.index.publish(
          String(totalsRow.teamKey),
          pilotId,
          'totalsVersion',
          version,
          totalsFields(totals, version),
        );
        return { status: 'changed', totals };
      }
      // 'exists' is the marker or history row of the same submit; anything else is a race that
      // the next round reads afresh (and answers 'conflict' when the caller's ETag is stale).
      if (result.reason === 'exists') return { status: 'duplicate' };
    }
    throw new ConflictError('pilots');
  }

  // -------------------------------------------------------------------------------------------
  // History

  /** Every change to the pilot's phases and sessions, oldest first. */
  async listHistory(pilotId: string): Promise<HistoryEntry[]> {
    const rows = await this.pilots.range(pilotId, ROW.historyPrefix, prefixEnd(ROW.historyPrefix));
    return rows.map(historyFrom);
  }

  // -------------------------------------------------------------------------------------------
  // Everything about one pilot: export, deletion, people's ids

  /** Everything the pilot's partition holds, read as one partition query; undefined when there is no pilot. */
  async pilotRecord(pilotId: string): Promise<PilotRecord | undefined> {
    const rows = await this.pilots.partition(pilotId);
    const pilotRow = rows.find((r) => r.rowKey === ROW.pilot);
    if (!pilotRow) return undefined;
    const record: PilotRecord = {
      pilot: pilotFrom(pilotId, pilotRow),
      totals: totalsFrom(rows.find((r) => r.rowKey === ROW.totals)),
      evaluations: [],
      sessions: [],
      history: [],
      markers: 0,
    };
    for (const r of rows) {
      if (r.rowKey.startsWith(ROW.sessionPrefix)) record.sessions.push(sessionFrom(pilotId, r));
      else if (r.rowKey.startsWith(ROW.historyPrefix)) record.history.push(historyFrom(r));
      else if (r.rowKey.startsWith(EVAL_PREFIX)) {
        record.evaluations.push(evaluationFrom(pilotId, r.rowKey.slice(EVAL_PREFIX.length) as Phase, r));
      } else if (r.rowKey.startsWith(IDEM_PREFIX)) record.markers++;
    }
    return record;
  }

  /**
   * Deletes a pilot and every row of its partition (sessions, evaluations, totals, history,
   * markers), and its row in the team's index. The index row goes first, so the pilot leaves the
   * overview at once; the pilot row goes last, so a deletion cut short can be run again.
   */
  async deletePilot(pilotId: string): Promise<DeletedPilot | undefined> {
    const rows = await this.pilots.partition(pilotId);
    const pilotRow = rows.find((r) => r.rowKey === ROW.pilot);
    if (!pilotRow) return undefined;
    const pilot = pilotFrom(pilotId, pilotRow);
    await this.teams.delete(teamKey(pilot.team), ROW.pilotIndex(pilotId));
    const rest = rows.filter((r) => r.rowKey !== ROW.pilot);
    await this.pilots.deleteAll(
      pilotId,
      rest.map((r) => r.rowKey),
    );
    await this.pilots.delete(pilotId, ROW.pilot);
    const count = (prefix: string) => rest.filter((r) => r.rowKey.startsWith(prefix)).length;
    return {
      pilot,
      sessions: count(ROW.sessionPrefix),
      evaluations: count(EVAL_PREFIX),
      history: count(ROW.historyPrefix),
      rows: rows.length + 1,
    };
  }

  /**
   * Puts `pseudonym` in place of a person's id wherever the pilot holds it (owners, creator,
   * who saved an evaluation, logged a session or made a change, also inside the sessions kept
   * in history) and drops their name from the owner list, in the pilot's partition and its index
   * row. Returns how many rows changed (0 when the pilot holds nothing of them).
   */
  async replacePerson(pilotId: string, userId: string, pseudonym: string): Promise<number> {
    const swap = (id: string) => (id === userId ? pseudonym : id);
    const swapSession = (json: unknown): string | undefined => {
      if (typeof json !== 'string' || !json) return undefined;
      const s = JSON.parse(json) as Session;
      return s.loggedBy === userId ? JSON.stringify({ ...s, loggedBy: pseudonym }) : undefined;
    };
    let changed = 0;
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      if (attempt > 0) await backoff(attempt);
      const pilotRow = await this.pilots.get(pilotId, ROW.pilot);
      if (!pilotRow) return changed;
      const pilot = pilotFrom(pilotId, pilotRow);
      if (!pilot.owners.includes(userId) && pilot.createdBy !== userId && !pilot.ownerNames?.[userId]) break;
      const names = { ...(pilot.ownerNames ?? {}) };
      delete names[userId];
      const people = {
        owners: JSON.stringify(pilot.owners.map(swap)),
        ownerNames: Object.keys(names).length ? JSON.stringify(names) : '',
        createdBy: swap(pilot.createdBy),
      };
      try {
        await this.pilots.replace({ ...columnsOf(pilotRow), ...people }, pilotRow.etag);
      } catch (e) {
        if (e instanceof ConflictError) continue;
        throw e;
      }
      changed++;
      const index = await this.teams.get(teamKey(pilot.team), ROW.pilotIndex(pilotId));
      if (index) await this.teams.merge({ partitionKey: index.partitionKey, rowKey: index.rowKey, ...people });
      break;
    }
    const merges: Entity[] = [];
    for (const r of await this.pilots.partition(pilotId)) {
      const columns: Record<string, string> = {};
      if (r.rowKey.startsWith(EVAL_PREFIX) && r.updatedBy === userId) columns.updatedBy = pseudonym;
      if (r.rowKey.startsWith(ROW.sessionPrefix) && r.loggedBy === userId) columns.loggedBy = pseudonym;
      if (r.rowKey.startsWith(ROW.historyPrefix)) {
        if (r.by === userId) columns.by = pseudonym;
        const before = swapSession(r.before);
        const after = swapSession(r.after);
        if (before) columns.before = before;
        if (after) columns.after = after;
      }
      if (Object.keys(columns).length) merges.push({ partitionKey: pilotId, rowKey: r.rowKey, ...columns });
    }
    // Up to 100 rows a transaction; a batch that meets a row deleted meanwhile goes row by row.
    for (let i = 0; i < merges.length; i += 100) {
      const batch = merges.slice(i, i + 100);
      try {
        await this.pilots.transact(batch.map((e): TransactionAction => ['update', e, 'Merge']));
      } catch {
        for (const e of batch) {
          try {
            await this.pilots.merge(e);
          } catch (err) {
            if (await this.pilots.get(pilotId, e.rowKey)) throw err;
          }
        }
      }
      changed += batch.length;
    }
    return changed;
  }

  // -------------------------------------------------------------------------------------------
  // Internals

  /**
   * One transaction in the pilot's partition. Uses the SDK client directly (Table.transact
   * returns nothing) because a saved phase must hand back the ETag the transaction gave it.
   */
  private async tryTransact(actions: TransactionAction[]): Promise<TxResult> {
    try {
      const r = await this.pilots.client.submitTransaction(actions);
      // Sub-responses come in the order of the actions; the SDK keeps the header's trailing CR.
      return { ok: true, etags: r.subResponses.map((s) => s.etag?.trim()) };
    } catch (e) {
      if (statusOf(e) === 404) return { ok: false, reason: 'missing' };
      const mapped = mapStorageError(e, this.pilots.name);
      if (mapped instanceof ConflictError) return { ok: false, reason: 'conflict' };
      if (mapped instanceof AlreadyExistsError) return { ok: false, reason: 'exists' };
      throw mapped;
    }
  }
}
