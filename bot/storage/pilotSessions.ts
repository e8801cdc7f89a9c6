/**
 * Sessions and the running totals of a pilot in Table Storage, and its history. Every session
 * write is one transaction in the pilot's partition: the session row, the totals row guarded by
 * its ETag (a concurrent writer makes this one read again and retry), an idempotency marker (a
 * redelivered submit is a no-op) and, for edits and deletes, a history row holding the session
 * before and after. The team's index (teamIndex.ts) gets a copy of the totals afterwards.
 */
import type { TransactionAction } from '@azure/data-tables';
import type { HistoryEntry } from '../domain/history';
import type { Session } from '../domain/sessions';
import { applySession, type Totals } from '../domain/totals';
import { AlreadyExistsError, ConflictError } from './errors';
import { prefixEnd, ROW } from './keys';
import {
  historyEntity,
  historyFrom,
  sessionEntity,
  sessionFrom,
  sessionMarkerEntity,
  totalsEntity,
  totalsFields,
  totalsFrom,
} from './pilotRows';
import { RETRIES, tryTransact } from './pilotTransaction';
import { backoff, KeyedQueue } from './queue';
import type { Table } from './tables';
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

export class PilotSessionStore {
  /** Session writes take turns per pilot within this process (see queue.ts). */
  private readonly writes = new KeyedQueue();

  constructor(
    private readonly pilots: Table,
    private readonly index: TeamIndex,
  ) {}

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
        ['create', sessionMarkerEntity(session.pilotId, idempotencyKey, session.id)],
        [
          'update',
          totalsEntity(session.pilotId, String(totalsRow.teamKey), totals, version),
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
          totalsEntity(pilotId, String(totalsRow.teamKey), totals, version),
          'Replace',
          { etag: totalsRow.etag },
        ],
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
      ];
      const result = await tryTransact(this.pilots, actions);
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

  /** Every change to the pilot's phases and sessions, oldest first. */
  async listHistory(pilotId: string): Promise<HistoryEntry[]> {
    const rows = await this.pilots.range(pilotId, ROW.historyPrefix, prefixEnd(ROW.historyPrefix));
    return rows.map(historyFrom);
  }
}
