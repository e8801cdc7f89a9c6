/**
 * The reminder schedule in Table Storage (table `reminders`).
 *
 * - Due rows, PartitionKey `due|<UTC hour>` (e.g. `due|2026-03-02T07`), RowKey
 *   `<dueAt ISO>|<pilot id>|<reminder key>`: finding what is due reads only the hour partitions
 *   up to now, and within the current hour only the rows whose time has come. A reminder's
 *   time and key are deterministic, so scheduling it twice writes one row.
 * - `sweep|cursor`: the oldest hour that may still hold rows, so a sweep after a pause catches up.
 * - `pilot|<id>` partition: the pilot's reminder settings, and markers such as "the consultation
 *   card was already posted at the meeting's end on this date".
 *
 * A row is claimed before it is sent (an ETag-guarded write of `claimedUntil`), so of several
 * sweeps racing only one sends it; a claim that is not completed (a crash) expires and the row is
 * sent by a later sweep: at least once, never lost. A reminder that could not be built or sent
 * stays in its row with `retryAt` (a sweep before then passes it by); one given up leaves a
 * `failed|<key>` row in the pilot's partition (ids, attempts and the error's name only).
 */
import type { PlannedReminder, ReminderSettings } from '../domain/reminders';
import { Recent } from './recent';
import { AlreadyExistsError, ConflictError } from './errors';
import { escapeKey, prefixEnd, unescapeKey } from './keys';
import { odata, type Row, type Table, type TableStore } from './tables';

/** How long a claim holds before another sweep may take the row over. */
export const CLAIM_MS = 2 * 60 * 1000;

export type { ReminderSettings } from '../domain/reminders';

export interface DueReminder extends PlannedReminder {
  pilotId: string;
  /** Tries so far (a claim counts one). */
  attempts: number;
  /** Set after a failed try: not due again before this instant. */
  retryAt?: Date;
  /** Storage handle: partition, row and ETag of the claimed row. */
  row: { partitionKey: string; rowKey: string; etag: string };
}

const HOUR_MS = 3600 * 1000;

/** The UTC hour an instant falls in, as a partition key. */
export function bucketOf(at: Date): string {
  return `due|${at.toISOString().slice(0, 13)}`;
}

function nextBucket(bucket: string): string {
  const at = new Date(`${bucket.slice(4)}:00:00.000Z`);
  return bucketOf(new Date(at.getTime() + HOUR_MS));
}

const CURSOR = { partitionKey: 'sweep', rowKey: 'cursor' };
const pilotPartition = (pilotId: string) => `pilot|${escapeKey(pilotId)}`;

export interface PilotReminders {
  scheduled: DueReminder[];
  settings: ReminderSettings;
  /** What was marked done, e.g. "consultation|2026-03-04". */
  markers: string[];
  /** Reminders given up after their last try. */
  failed: FailedReminder[];
}

/** A reminder given up: which one, when, after how many tries, and the name of the last error. */
export interface FailedReminder {
  key: string;
  attempts: number;
  error: string;
  at: string;
}

export interface SweepRead {
  due: DueReminder[];
  /** Rows read from storage to find them (for the benchmark: close to the number due). */
  rowsRead: number;
}

/** At most this many early-warning checks are remembered as asked for (one a pilot an hour). */
const WARNINGS_ASKED = 2000;

export class ReminderStore {
  private readonly table: Table;
  /** The early-warning checks this process put on the schedule lately, by row key. */
  private readonly warningsAsked = new Recent<true>(WARNINGS_ASKED);

  constructor(store: TableStore) {
    this.table = store.table('reminders');
  }

  /**
   * Puts a reminder on the schedule, once: the same pilot and key at the same time is one row.
   * A time already past goes into the current hour, which the next sweep reads.
   */
  async schedule(pilotId: string, r: PlannedReminder, now: Date): Promise<boolean> {
    const at = r.dueAt.getTime() < now.getTime() ? now : r.dueAt;
    const bucket = bucketOf(at);
    const rowKey = `${r.dueAt.toISOString()}|${escapeKey(pilotId)}|${escapeKey(r.key)}`;
    // An early-warning check this process put on the schedule already (the sessions of one hour
    // ask for the same one, domain/reminders.ts warningCheckNow) is not asked for again: its row is
    // there, or a sweep has run it since, after the session that asked for it.
    if (r.kind === 'warning' && this.warningsAsked.get(rowKey)) return false;
    try {
      await this.table.create({
        ...reminderColumns(pilotId, r, { partitionKey: bucket, rowKey }),
        claimedUntil: '',
        attempts: 0,
      });
    } catch (e) {
      if (e instanceof AlreadyExistsError) {
        if (r.kind === 'warning') this.warningsAsked.set(rowKey, true);
        return false;
      }
      throw e;
    }
    await this.keepCursorAtOrBefore(bucket);
    if (r.kind === 'warning') this.warningsAsked.set(rowKey, true);
    return true;
  }

  /** The cursor never passes a row still on the schedule (a sweep run for a later instant may have moved it on). */
  private async keepCursorAtOrBefore(bucket: string): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const cursor = await this.table.get(CURSOR.partitionKey, CURSOR.rowKey);
      if (!cursor) {
        // No sweep has run yet: the first one starts here, not at its own hour.
        try {
          await this.table.create({ ...CURSOR, bucket });
          return;
        } catch (e) {
          if (!(e instanceof AlreadyExistsError)) throw e;
          continue;
        }
      }
      if (typeof cursor.bucket !== 'string' || cursor.bucket <= bucket) return;
      try {
        await this.table.replace({ ...CURSOR, bucket }, cursor.etag);
        return;
      } catch (e) {
        if (!(e instanceof ConflictError)) throw e;
      }
    }
  }

  /** The rows due at `now`: the hour partitions from the cursor to now, each up to now. */
  async due(now: Date): Promise<SweepRead> {
    const cursorRow = await this.table.get(CURSOR.partitionKey, CURSOR.rowKey);
    const last = bucketOf(now);
    let bucket = typeof cursorRow?.bucket === 'string' && cursorRow.bucket < last ? cursorRow.bucket : last;
    const upTo = `${now.toISOString()}~`;
    const due: DueReminder[] = [];
    let rowsRead = 1;
    let oldestWithRows: string | undefined;
    for (; bucket <= last; bucket = nextBucket(bucket)) {
      const rows = await this.table.range(bucket, '', upTo);
      rowsRead += rows.length;
      if (rows.length && !oldestWithRows) oldestWithRows = bucket;
      for (const r of rows) {
        const claimed = typeof r.claimedUntil === 'string' && r.claimedUntil > now.toISOString();
        const waiting = typeof r.retryAt === 'string' && r.retryAt > now.toISOString();
        if (!claimed && !waiting) due.push(fromRow(r));
      }
    }
    await this.moveCursor(oldestWithRows ?? last, cursorRow);
    return { due, rowsRead };
  }

  private async moveCursor(bucket: string, current: Row | undefined): Promise<void> {
    if (current?.bucket === bucket) return;
    try {
      if (current) await this.table.replace({ ...CURSOR, bucket }, current.etag);
      else await this.table.create({ ...CURSOR, bucket });
    } catch (e) {
      // Another sweep moved it at the same moment; either position is safe.
      if (!(e instanceof ConflictError) && !(e instanceof AlreadyExistsError)) throw e;
    }
  }

  /** Claims a due row for this sweep; false when another sweep claimed it first. */
  async claim(r: DueReminder, now: Date, by: string): Promise<boolean> {
    try {
      const etag = await this.table.replace(
        {
          ...toColumns(r),
          claimedUntil: new Date(now.getTime() + CLAIM_MS).toISOString(),
          claimedBy: by,
          attempts: r.attempts + 1,
        },
        r.row.etag,
      );
      r.row.etag = etag;
      r.attempts += 1;
      return true;
    } catch (e) {
      if (e instanceof ConflictError) return false;
      throw e;
    }
  }

  /** Takes a handled row off the schedule (only if still as claimed). */
  async done(r: DueReminder): Promise<void> {
    await this.table.delete(r.row.partitionKey, r.row.rowKey, r.row.etag);
  }

  /**
   * A claimed row whose try failed: released, not due again before `at`, its tries kept. False when
   * another sweep took the row over meanwhile (this one's claim had expired).
   */
  async retryLater(r: DueReminder, at: Date, error: string): Promise<boolean> {
    try {
      r.row.etag = await this.table.replace(
        { ...toColumns(r), claimedUntil: '', attempts: r.attempts, retryAt: at.toISOString(), lastError: error },
        r.row.etag,
      );
      r.retryAt = at;
      return true;
    } catch (e) {
      if (e instanceof ConflictError) return false;
      throw e;
    }
  }

  /**
   * A claimed row after its last failed try: recorded as failed in the pilot's partition, then off the
   * schedule; false when another sweep took the row over meanwhile (the record is written anyway).
   */
  async giveUp(r: DueReminder, at: Date, error: string): Promise<boolean> {
    await this.table.upsert({
      partitionKey: pilotPartition(r.pilotId),
      rowKey: `failed|${escapeKey(r.key)}`,
      key: r.key,
      attempts: r.attempts,
      error,
      at: at.toISOString(),
    });
    return this.cancel(r);
  }

  /** Takes a row off the schedule unless a sweep has claimed it meanwhile (that sweep checks it again); false then. */
  async cancel(r: DueReminder): Promise<boolean> {
    try {
      await this.table.delete(r.row.partitionKey, r.row.rowKey, r.row.etag);
      return true;
    } catch (e) {
      if (e instanceof ConflictError) return false;
      throw e;
    }
  }

  async settings(pilotId: string): Promise<ReminderSettings> {
    return settingsFrom(await this.table.get(pilotPartition(pilotId), 'settings'));
  }

  async saveSettings(pilotId: string, s: ReminderSettings): Promise<void> {
    await this.table.upsert({
      partitionKey: pilotPartition(pilotId),
      rowKey: 'settings',
      sessionPrompts: s.sessionPrompts,
      promptsAfterEnd: s.promptsAfterEnd === true,
    });
  }

  /** Records a one-off fact about a pilot (e.g. `consultationPosted|2026-03-04`); false when already there. */
  async mark(pilotId: string, what: string): Promise<boolean> {
    try {
      await this.table.create({ partitionKey: pilotPartition(pilotId), rowKey: `mark|${escapeKey(what)}` });
      return true;
    } catch (e) {
      if (e instanceof AlreadyExistsError) return false;
      throw e;
    }
  }

  async marked(pilotId: string, what: string): Promise<boolean> {
    return !!(await this.table.get(pilotPartition(pilotId), `mark|${escapeKey(what)}`));
  }

  /**
   * What the schedule holds for one pilot: its rows still due (found by scanning the due
   * partitions for the pilot's id: a rare request, the reminders view, a phase saved, an owner's
   * export or deletion), its settings, markers and the reminders given up.
   */
  async ofPilot(pilotId: string): Promise<PilotReminders> {
    const { due, own } = await this.rowsOf(pilotId);
    return {
      scheduled: due.map(fromRow),
      settings: settingsFrom(own.find((r) => r.rowKey === 'settings')),
      markers: own.filter((r) => r.rowKey.startsWith('mark|')).map((r) => unescapeKey(r.rowKey.slice(5))),
      failed: own
        .filter((r) => r.rowKey.startsWith('failed|'))
        .map((r) => ({
          key: String(r.key),
          attempts: Number(r.attempts ?? 0),
          error: String(r.error),
          at: String(r.at),
        })),
    };
  }

  /** Deletes every reminder row of a pilot: its scheduled reminders, settings and markers. Returns how many. */
  async forgetPilot(pilotId: string): Promise<number> {
    const { due, own } = await this.rowsOf(pilotId);
    for (const r of due) await this.table.delete(r.partitionKey, r.rowKey);
    await this.table.deleteAll(
      pilotPartition(pilotId),
      own.map((r) => r.rowKey),
    );
    return due.length + own.length;
  }

  /** A pilot's rows: those still due (a scan of the due partitions for its id) and its own partition. */
  private async rowsOf(pilotId: string): Promise<{ due: Row[]; own: Row[] }> {
    const [due, own] = await Promise.all([
      this.table.partitions('due|', prefixEnd('due|'), `pilotId eq '${odata(pilotId)}'`),
      this.table.partition(pilotPartition(pilotId)),
    ]);
    return { due, own };
  }

  /** Every row still on the schedule between two instants (for tests). */
  async scheduled(from: Date, to: Date): Promise<DueReminder[]> {
    const out: DueReminder[] = [];
    for (let b = bucketOf(from); b <= bucketOf(to); b = nextBucket(b)) {
      const rows = await this.table.range(b, '', prefixEnd('~'));
      out.push(...rows.map(fromRow));
    }
    return out;
  }
}

/** Prompts are on unless turned off; after the end only when turned on again (a key present only then). */
function settingsFrom(row: Row | undefined): ReminderSettings {
  const s: ReminderSettings = { sessionPrompts: row?.sessionPrompts !== false };
  if (row?.promptsAfterEnd === true) s.promptsAfterEnd = true;
  return s;
}

function fromRow(r: Row): DueReminder {
  const retryAt = typeof r.retryAt === 'string' && r.retryAt ? new Date(r.retryAt) : undefined;
  return {
    pilotId: r.pilotId as string,
    key: r.key as string,
    kind: r.kind as PlannedReminder['kind'],
    phase: (r.phase as PlannedReminder['phase']) || undefined,
    step: (r.step as PlannedReminder['step']) || undefined,
    slotDate: (r.slotDate as string) || undefined,
    dueAt: new Date(r.dueAt as string),
    attempts: Number(r.attempts ?? 0),
    ...(retryAt ? { retryAt } : {}),
    row: { partitionKey: r.partitionKey, rowKey: r.rowKey, etag: r.etag },
  };
}

/** A reminder's row as written: its keys and what it is (claim columns come on top). */
function reminderColumns(pilotId: string, r: PlannedReminder, keys: { partitionKey: string; rowKey: string }) {
  return {
    ...keys,
    pilotId,
    key: r.key,
    kind: r.kind,
    phase: r.phase ?? '',
    step: r.step ?? '',
    slotDate: r.slotDate ?? '',
    dueAt: r.dueAt.toISOString(),
  };
}

function toColumns(r: DueReminder) {
  return reminderColumns(r.pilotId, r, { partitionKey: r.row.partitionKey, rowKey: r.row.rowKey });
}
