/**
 * Sessions and the running totals of a pilot in Table Storage, and its history. Every session
 * write is one transaction in the pilot's partition: the session row, the totals row guarded by
 * its ETag (a concurrent writer makes this one read again and retry), an idempotency marker (a
 * redelivered submit is a no-op) and, for edits and deletes, a history row holding the session
 * before and after. The team's index (teamIndex.ts) gets a copy of the totals afterwards. Whoever
 * a write names is in the people index (people.ts) before it; the partition's `indexed` row says who is.
 */
import type { TransactionAction } from '@azure/data-tables';
import type { HistoryEntry } from '../domain/history';
import type { Session } from '../domain/sessions';
import { applySession, emptyTotals, type Totals } from '../domain/totals';
import { ConflictError } from './errors';
import { prefixEnd, ROW } from './keys';
import { INDEXED_ROW, indexedEntity, indexedFrom, type PeopleIndex, tenantOfTeamKey } from './people';
import type { PilotSummary } from './pilotPhases';
import {
  historyEntity,
  historyFrom,
  pilotFrom,
  sessionEntity,
  sessionFrom,
  sessionMarkerEntity,
  totalsEntity,
  totalsFields,
  totalsFrom,
} from './pilotRows';
import { RETRIES, tryTransact } from './pilotTransaction';
import { backoff, KeyedQueue } from './queue';
import { Recent } from './recent';
import type { Row, Table } from './tables';
import type { TeamIndex } from './teamIndex';

export type RecordResult = { recorded: true; totals: Totals } | { recorded: false; duplicate: true };

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

/** An edit (with the ETag its form was built from, if any) or a delete. */
type ChangeRequest = DeleteSessionRequest & { expectedEtag?: string };
type ChangeResult =
  { status: 'changed'; totals: Totals } | { status: 'duplicate' } | { status: 'notFound' } | { status: 'conflict' };

/** How many pilots' totals (with their ETags) a store remembers between submits. */
const LATEST_TOTALS = 200;

/** The totals row as this process last read or wrote it: what the next session's transaction guards on. */
interface TotalsBasis {
  etag: string;
  version: number;
  teamKey: string;
  totals: Totals;
  /** Who the people index already lists for this pilot (its `indexed` row, people.ts). */
  people: readonly string[];
}

function basisOf(totalsRow: Row, indexedRow: Row | undefined): TotalsBasis {
  return {
    etag: totalsRow.etag,
    version: Number(totalsRow.totalsVersion ?? 0),
    teamKey: String(totalsRow.teamKey),
    totals: totalsFrom(totalsRow),
    people: indexedFrom(indexedRow),
  };
}

/** The `indexed` row's write when the people listed changed (it goes with the totals, under their ETag). */
function indexedAction(pilotId: string, basis: TotalsBasis, people: readonly string[]): TransactionAction[] {
  return people === basis.people ? [] : [['upsert', indexedEntity(pilotId, people), 'Replace']];
}

export class PilotSessionStore {
  /** Session writes take turns per pilot within this process (see queue.ts). */
  private readonly writes = new KeyedQueue();
  /** Totals this process read or wrote last: a new session's transaction needs no read first. */
  private readonly latest = new Recent<TotalsBasis>(LATEST_TOTALS);

  constructor(
    private readonly pilots: Table,
    private readonly index: TeamIndex,
    private readonly people: PeopleIndex,
  ) {}

  /**
   * The pilot as a session submit checks access with: its row read now (so a removed owner is
   * refused at once), with the totals this process last knew (read only when it knows none).
   * The totals may be behind another instance's write: the transaction is guarded by their
   * ETag, and the card shows the totals the transaction wrote.
   */
  async pilotToLog(pilotId: string): Promise<PilotSummary | undefined> {
    const known = this.latest.get(pilotId);
    const [pilotRow, read] = await Promise.all([
      this.pilots.get(pilotId, ROW.pilot),
      known ? undefined : this.readBasis(pilotId),
    ]);
    if (!pilotRow) {
      this.latest.delete(pilotId);
      return undefined;
    }
    const basis = known ?? read;
    if (basis && !known) this.latest.set(pilotId, basis);
    return {
      pilot: pilotFrom(pilotId, pilotRow),
      totals: basis?.totals ?? emptyTotals(),
      version: Number(pilotRow.stageVersion ?? 0),
    };
  }

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

  /**
   * The transaction creates the idempotency marker: when it is there already (a redelivery,
   * before or after a restart), the create fails with 409 and nothing is written. The totals are
   * those last known (else read), replaced under their ETag: a 412 reads them again and retries.
   */
  private async recordSessionNow(session: Session, idempotencyKey: string): Promise<RecordResult> {
    const { pilotId } = session;
    let basis = this.latest.get(pilotId);
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      // Only a race lost on totals just read waits; totals remembered and found stale are read at once.
      if (!basis) {
        if (attempt > 0) await backoff(attempt);
        basis = await this.readBasis(pilotId);
        if (!basis) throw new Error(`pilot ${pilotId} has no totals row`);
      }
      const version = basis.version + 1;
      const totals = applySession(basis.totals, session);
      const people = await this.listed(basis, pilotId, [session.loggedBy]);
      const result = await tryTransact(this.pilots, [
        ['create', sessionEntity(session)],
        ['create', sessionMarkerEntity(pilotId, idempotencyKey, session.id)],
        ['update', totalsEntity(pilotId, basis.teamKey, totals, version), 'Replace', { etag: basis.etag }],
        ...indexedAction(pilotId, basis, people),
      ]);
      if (result.ok) {
        this.remember(pilotId, result.etags[2], { ...basis, version, totals, people });
        await this.index.publish(basis.teamKey, pilotId, 'totalsVersion', version, totalsFields(totals, version));
        return { recorded: true, totals };
      }
      this.latest.delete(pilotId);
      basis = undefined;
      // The marker already exists: the same submit was saved before (or won a race with this one).
      if (result.reason === 'exists') return { recorded: false, duplicate: true };
      if (result.reason === 'missing') throw new Error(`pilot ${pilotId} has no totals row`);
    }
    throw new ConflictError('pilots');
  }

  /**
   * The totals row, then who the people index lists for the pilot; undefined without totals. In
   * that order: the `indexed` row changes only with the totals, so if it moved on after the
   * totals were read, their ETag is stale and the transaction fails.
   */
  private async readBasis(pilotId: string): Promise<TotalsBasis | undefined> {
    const totalsRow = await this.pilots.get(pilotId, ROW.totals);
    return totalsRow && basisOf(totalsRow, await this.pilots.get(pilotId, INDEXED_ROW));
  }

  /**
   * The people index must list whoever a write names before the write (people.ts): the
   * partition's `indexed` row keeps who it lists, so a person listed already costs no request.
   */
  private async listed(basis: TotalsBasis, pilotId: string, ids: string[]): Promise<readonly string[]> {
    const missing = [...new Set(ids)].filter((id) => id && !basis.people.includes(id));
    if (!missing.length) return basis.people;
    await this.people.name(tenantOfTeamKey(basis.teamKey), pilotId, missing);
    return [...basis.people, ...missing];
  }

  private remember(pilotId: string, etag: string | undefined, basis: TotalsBasis): void {
    if (etag) this.latest.set(pilotId, { ...basis, etag });
    else this.latest.delete(pilotId);
  }

  /**
   * Takes a person off the pilot's `indexed` row (their removal, personal.ts): the row then
   * names them no more, and their next session here indexes them again. Written with the totals
   * under their ETag, as every change of that row is, so no session write can put them back unseen.
   */
  async unlist(pilotId: string, userId: string): Promise<void> {
    await this.writes.run(pilotId, async () => {
      this.latest.delete(pilotId);
      // Most pilots that name someone do not list them (their rows are older than the index): one read.
      if (!indexedFrom(await this.pilots.get(pilotId, INDEXED_ROW)).includes(userId)) return;
      for (let attempt = 0; attempt < RETRIES; attempt++) {
        if (attempt > 0) await backoff(attempt);
        const basis = await this.readBasis(pilotId);
        if (!basis || !basis.people.includes(userId)) return;
        const result = await tryTransact(this.pilots, [
          [
            'update',
            { partitionKey: pilotId, rowKey: ROW.totals, teamKey: basis.teamKey },
            'Merge',
            { etag: basis.etag },
          ],
          [
            'upsert',
            indexedEntity(
              pilotId,
              basis.people.filter((id) => id !== userId),
            ),
            'Replace',
          ],
        ]);
        if (result.ok || result.reason === 'missing') return;
      }
      throw new ConflictError('pilots');
    });
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
  private async changeSession(req: ChangeRequest, edit: ((old: Session) => Session) | null): Promise<ChangeResult> {
    const result = await this.writes.run(req.pilotId, () => this.changeSessionNow(req, edit));
    if (result.status === 'duplicate') await this.index.settle(req.pilotId);
    return result;
  }

  private async changeSessionNow(req: ChangeRequest, edit: ((old: Session) => Session) | null): Promise<ChangeResult> {
    const { pilotId } = req;
    const marker = ROW.idempotency(req.idempotencyKey);
    const sessionKey = ROW.session(req.sessionId);
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      if (attempt > 0) await backoff(attempt);
      if (await this.pilots.get(pilotId, marker)) return { status: 'duplicate' };
      // The totals first: their ETag unchanged at the transaction proves what is read after them current.
      const totalsRow = await this.pilots.get(pilotId, ROW.totals);
      const [sessionRow, indexedRow] = await Promise.all([
        this.pilots.get(pilotId, sessionKey),
        this.pilots.get(pilotId, INDEXED_ROW),
      ]);
      if (!totalsRow || !sessionRow) {
        return (await this.pilots.get(pilotId, marker)) ? { status: 'duplicate' } : { status: 'notFound' };
      }
      if (req.expectedEtag !== undefined && sessionRow.etag !== req.expectedEtag) {
        return (await this.pilots.get(pilotId, marker)) ? { status: 'duplicate' } : { status: 'conflict' };
      }
      const before = sessionFrom(pilotId, sessionRow);
      const after = edit ? edit(before) : undefined;
      const basis = basisOf(totalsRow, indexedRow);
      const people = await this.listed(basis, pilotId, [req.by]);
      let totals = applySession(totalsFrom(totalsRow), before, -1);
      if (after) totals = applySession(totals, after, 1);
      const version = Number(totalsRow.totalsVersion ?? 0) + 1;
      const actions: TransactionAction[] = [
        after
          ? ['update', sessionEntity(after), 'Replace', { etag: sessionRow.etag }]
          : ['delete', { partitionKey: pilotId, rowKey: sessionKey }],
        ['update', totalsEntity(pilotId, basis.teamKey, totals, version), 'Replace', { etag: totalsRow.etag }],
        [
          'create',
          historyEntity(pilotId, req.idempotencyKey, {
            at: req.at,
            by: req.by,
            what: after ? 'sessionEdited' : 'sessionDeleted',
            sessionId: req.sessionId,
            before,
            after,
          }),
        ],
        [
          'create',
          { partitionKey: pilotId, rowKey: marker, what: after ? 'sessionEdited' : 'sessionDeleted', at: req.at },
        ],
        ...indexedAction(pilotId, basis, people),
      ];
      const result = await tryTransact(this.pilots, actions);
      if (result.ok) {
        this.remember(pilotId, result.etags[1], { ...basis, version, totals, people });
        await this.index.publish(basis.teamKey, pilotId, 'totalsVersion', version, totalsFields(totals, version));
        return { status: 'changed', totals };
      }
      this.latest.delete(pilotId);
      // 'exists' is the marker or history row of the same submit; anything else is a race that
      // the next round reads afresh (and answers 'conflict' when the caller's ETag is stale).
      if (result.reason === 'exists') return { status: 'duplicate' };
    }
    throw new ConflictError('pilots');
  }

  /** Every change to the pilot's phases and sessions, oldest first. */
  async listHistory(pilotId: string): Promise<HistoryEntry[]> {
    const rows = await this.pilots.range(pilotId, ROW.historyPrefix, prefixEnd(ROW.historyPrefix));
    return rows.map(historyFrom);
  }
}
