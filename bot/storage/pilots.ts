/**
 * Pilots in Table Storage, as one store for the bot and the API. The pilot's own partition (table
 * `pilots`) holds the pilot row, its running totals, sessions, evaluations, idempotency markers and
 * history; the team's partition (table `teams`) holds one index row per pilot with a snapshot of
 * its header and totals, for the overview; table `people` lists the pilots that name each person
 * (people.ts), written here before each phase write that names someone and by pilotSessions.ts
 * before a session write.
 *
 * The work is done by the parts this composes, each in a file of its own: pilotPhases.ts (pilots
 * and phases), pilotSessions.ts (sessions, totals, history), pilotPartition.ts (the whole
 * partition: export, deletion, a person's id replaced), with the rows in pilotRows.ts, the guarded
 * transaction in pilotTransaction.ts, the team's copy in teamIndex.ts and the people index in
 * people.ts.
 */
import type { HistoryEntry } from '../domain/history';
import type { Answers, Evaluation } from '../domain/phases';
import type { Phase, Pilot, TeamRef } from '../domain/pilots';
import type { Session } from '../domain/sessions';
import { type DeletedPilot, PilotPartitionStore, type PilotRecord } from './pilotPartition';
import {
  type CreatePilotResult,
  type EditPilotRequest,
  type EditPilotResult,
  PilotPhaseStore,
  type PilotSummary,
  type SavePhaseRequest,
  type SavePhaseResult,
  type StoredPhase,
  type TeamListing,
  type WarningWriteRequest,
  type WarningWriteResult,
} from './pilotPhases';
import {
  type DeleteSessionRequest,
  type DeleteSessionResult,
  PilotSessionStore,
  type RecordResult,
  type UpdateSessionRequest,
  type UpdateSessionResult,
} from './pilotSessions';
import { ROW } from './keys';
import { PeopleIndex } from './people';
import { pilotFrom } from './pilotRows';
import type { Table, TableStore } from './tables';
import { TeamIndex, type TeamIndexOptions } from './teamIndex';

export type { DeletedPilot, PilotRecord } from './pilotPartition';
export type {
  CreatePilotResult,
  EditPilotRequest,
  EditPilotResult,
  PilotSummary,
  SavePhaseRequest,
  SavePhaseResult,
  StoredPhase,
  TeamListing,
  WarningWriteRequest,
  WarningWriteResult,
} from './pilotPhases';
export type {
  DeleteSessionRequest,
  DeleteSessionResult,
  RecordResult,
  UpdateSessionRequest,
  UpdateSessionResult,
} from './pilotSessions';

/** The parts behind one face: each method is the part's (see its doc there). */
export class PilotStore {
  /** The team's copy of each pilot's header and totals (see teamIndex.ts). */
  readonly index: TeamIndex;
  /** Which pilots name a person (see people.ts): written before each write that names someone. */
  readonly people: PeopleIndex;
  private readonly pilotsTable: Table;
  private readonly phases: PilotPhaseStore;
  private readonly sessions: PilotSessionStore;
  private readonly partitions: PilotPartitionStore;

  constructor(store: TableStore, opts: TeamIndexOptions = {}) {
    const teams = store.table('teams');
    const pilots = store.table('pilots');
    this.index = new TeamIndex(teams, pilots, opts);
    this.people = new PeopleIndex(store.table('people'));
    this.pilotsTable = pilots;
    this.phases = new PilotPhaseStore(teams, pilots, this.index);
    this.sessions = new PilotSessionStore(pilots, this.index, this.people);
    this.partitions = new PilotPartitionStore(teams, pilots);
  }

  // Teams, pilots and phases (pilotPhases.ts)

  ensureTeam(team: TeamRef, fields: { name?: string } = {}): Promise<void> {
    return this.phases.ensureTeam(team, fields);
  }

  teamName(team: TeamRef): Promise<string | undefined> {
    return this.phases.teamName(team);
  }

  async createPilotWithStart(
    p: Pilot,
    start: { answers: Answers; by: string; at: string },
  ): Promise<CreatePilotResult> {
    await this.people.name(p.team.tenantId, p.id, [
      ...p.owners,
      ...Object.keys(p.ownerNames ?? {}),
      p.createdBy,
      start.by,
    ]);
    return this.phases.createPilotWithStart(p, start);
  }

  getPilot(pilotId: string): Promise<PilotSummary | undefined> {
    return this.phases.getPilot(pilotId);
  }

  /** The pilot as a session submit checks access with (pilotSessions.ts pilotToLog: one read, usually). */
  pilotToLog(pilotId: string): Promise<PilotSummary | undefined> {
    return this.sessions.pilotToLog(pilotId);
  }

  listTeamPilots(team: TeamRef): Promise<PilotSummary[]> {
    return this.phases.listTeamPilots(team);
  }

  /** The team's name and its pilots' index rows, in one query (pilotPhases.ts teamListing). */
  teamListing(team: TeamRef): Promise<TeamListing> {
    return this.phases.teamListing(team);
  }

  getPhase(pilotId: string, phase: Phase): Promise<StoredPhase | undefined> {
    return this.phases.getPhase(pilotId, phase);
  }

  getEvaluation(pilotId: string, phase: Phase): Promise<Evaluation | undefined> {
    return this.phases.getEvaluation(pilotId, phase);
  }

  async savePhase(req: SavePhaseRequest): Promise<SavePhaseResult> {
    await this.nameActor(req.pilotId, req.by);
    return this.phases.savePhase(req);
  }

  /** Changes a pilot's details, with a history entry (pilotPhases.ts editPilot). */
  async editPilot(req: EditPilotRequest): Promise<EditPilotResult> {
    // The owners the edit makes, from the pilot as it stands: if it moves on first, the edit is a conflict.
    const row = await this.pilotsTable.get(req.pilotId, ROW.pilot);
    if (row && Number(row.stageVersion ?? 0) === req.expectedVersion) {
      const after = req.change(pilotFrom(req.pilotId, row));
      await this.people.name(after.team.tenantId, req.pilotId, [
        ...after.owners,
        ...Object.keys(after.ownerNames ?? {}),
        req.by,
      ]);
    }
    return this.phases.editPilot(req);
  }

  /** Records an early warning or its answer, with a history entry (pilotPhases.ts writeWarning). */
  async writeWarning(req: WarningWriteRequest): Promise<WarningWriteResult> {
    await this.nameActor(req.pilotId, req.by);
    return this.phases.writeWarning(req);
  }

  /** Indexes who a phase or warning write names (its history's `by`), unless they own the pilot (indexed already). */
  private async nameActor(pilotId: string, by: string): Promise<void> {
    const row = await this.pilotsTable.get(pilotId, ROW.pilot);
    if (!row) return;
    const pilot = pilotFrom(pilotId, row);
    if (!pilot.owners.includes(by)) await this.people.name(pilot.team.tenantId, pilotId, [by]);
  }

  // Sessions, totals and history (pilotSessions.ts)

  recordSession(session: Session, idempotencyKey: string): Promise<RecordResult> {
    return this.sessions.recordSession(session, idempotencyKey);
  }

  listSessions(pilotId: string): Promise<Session[]> {
    return this.sessions.listSessions(pilotId);
  }

  getSession(pilotId: string, sessionId: string): Promise<{ session: Session; etag: string } | undefined> {
    return this.sessions.getSession(pilotId, sessionId);
  }

  updateSession(req: UpdateSessionRequest): Promise<UpdateSessionResult> {
    return this.sessions.updateSession(req);
  }

  deleteSession(req: DeleteSessionRequest): Promise<DeleteSessionResult> {
    return this.sessions.deleteSession(req);
  }

  listHistory(pilotId: string): Promise<HistoryEntry[]> {
    return this.sessions.listHistory(pilotId);
  }

  // The whole partition (pilotPartition.ts)

  pilotRecord(pilotId: string): Promise<PilotRecord | undefined> {
    return this.partitions.pilotRecord(pilotId);
  }

  deletePilot(pilotId: string): Promise<DeletedPilot | undefined> {
    return this.partitions.deletePilot(pilotId);
  }

  replacePerson(pilotId: string, userId: string, pseudonym: string): Promise<number> {
    return this.partitions.replacePerson(pilotId, userId, pseudonym);
  }

  /** Takes a person off the totals row's list of people indexed (pilotSessions.ts unlist). */
  unlistPerson(pilotId: string, userId: string): Promise<void> {
    return this.sessions.unlist(pilotId, userId);
  }
}
