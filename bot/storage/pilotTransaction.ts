/**
 * Guarded writes in a pilot's partition: one transaction that hands back the ETags it gave, and
 * how often a write that lost a race on the totals or the pilot row reads again and retries.
 */
import type { TransactionAction } from '@azure/data-tables';
import { AlreadyExistsError, ConflictError, mapStorageError, statusOf } from './errors';
import type { Table } from './tables';

/** How often a write that lost a race on the totals or the pilot row reads again and retries. */
export const RETRIES = 20;

export type TxResult =
  { ok: true; etags: (string | undefined)[] } | { ok: false; reason: 'conflict' | 'exists' | 'missing' };

/**
 * One transaction in the pilot's partition. Uses the SDK client directly (Table.transact
 * returns nothing) because a saved phase must hand back the ETag the transaction gave it.
 */
export async function tryTransact(pilots: Table, actions: TransactionAction[]): Promise<TxResult> {
  try {
    const r = await pilots.client.submitTransaction(actions);
    // Sub-responses come in the order of the actions; the SDK keeps the header's trailing CR.
    return { ok: true, etags: r.subResponses.map((s) => s.etag?.trim()) };
  } catch (e) {
    if (statusOf(e) === 404) return { ok: false, reason: 'missing' };
    const mapped = mapStorageError(e, pilots.name);
    if (mapped instanceof ConflictError) return { ok: false, reason: 'conflict' };
    if (mapped instanceof AlreadyExistsError) return { ok: false, reason: 'exists' };
    throw mapped;
  }
}
