/**
 * Operations on the whole of a pilot's partition (table `pilots`) and its row in the team's
 * index: read everything for an export, delete the pilot, and put a pseudonym in place of a
 * person's id (pilotData.ts and personal.ts build on them).
 */
import type { PilotChange } from '../domain/pilotEdit';
import type { TransactionAction } from '@azure/data-tables';
import type { HistoryEntry } from '../domain/history';
import type { Evaluation } from '../domain/phases';
import type { Phase, Pilot } from '../domain/pilots';
import type { Session } from '../domain/sessions';
import { ConflictError } from './errors';
import { ROW, teamKey } from './keys';
import { type Entity, evaluationFrom, historyFrom, pilotFrom, sessionFrom, totalsFrom } from './pilotRows';
import type { PilotSummary } from './pilotPhases';
import { RETRIES } from './pilotTransaction';
import { backoff } from './queue';
import { columnsOf, type Table } from './tables';

const EVAL_PREFIX = ROW.evaluation('');
const IDEM_PREFIX = ROW.idempotency('');

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

export class PilotPartitionStore {
  constructor(
    private readonly teams: Table,
    private readonly pilots: Table,
  ) {}

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
        // A pilot edit's owner lists (from → to) name people by id.
        if (typeof r.edits === 'string' && r.edits.includes(JSON.stringify(userId).slice(1, -1))) {
          const edits = JSON.parse(r.edits) as PilotChange[];
          const swapList = (v: string) =>
            JSON.stringify((JSON.parse(v) as unknown[]).map((id) => (id === userId ? pseudonym : id)));
          columns.edits = JSON.stringify(
            edits.map((e) => (e.field === 'owners' ? { ...e, from: swapList(e.from), to: swapList(e.to) } : e)),
          );
        }
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
}
