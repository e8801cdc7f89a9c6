/**
 * The team index: one row per pilot in its team's partition of table `teams`, a copy of the
 * pilot's header and totals, so that a team's overview is one partition query. The pilot's own
 * partition is the truth and the index follows it; the copy is written after the pilot's
 * transaction, never inside it (a transaction stays in one partition).
 *
 * A copy that could not be written (storage away just after the transaction, or the process
 * stopped between the two) is repaired from the truth, so the overview never waits for the next
 * write to catch up:
 * - at once when the same submit is delivered again (the duplicate path settles the index);
 * - in the background, with backoff, while storage is away;
 * - for every pilot when Polku starts (`reconcile`), which covers a process killed in between.
 */
import type { Logger } from '../log';
import { AlreadyExistsError, ConflictError, statusOf } from './errors';
import { prefixEnd, ROW } from './keys';
import { pilotFields, pilotFrom, totalsFields, totalsFrom } from './pilotRows';
import { backoff } from './queue';
import { Recent } from './recent';
import { columnsOf, type Table } from './tables';

/** How long a background repair waits before each try: quick at first, then once a minute for an hour. */
const REPAIR_DELAYS_MS: readonly number[] = [250, 1000, 2000, 5000, 10000, 30000, ...Array<number>(60).fill(60000)];

/** How often a copy that lost an ETag race to another writer reads again. */
const RACE_RETRIES = 20;

/** How many pilots' index ETags are remembered (a few dozen bytes each). */
const KNOWN_ROWS = 1000;

interface KnownRow {
  pk: string;
  etag: string;
  stageVersion: number;
  totalsVersion: number;
}

export type RepairOutcome = 'current' | 'repaired' | 'gone';

export interface TeamIndexOptions {
  log?: Logger;
  /** Waits before each background repair (tests shorten them). */
  repairDelaysMs?: readonly number[];
}

export class TeamIndex {
  private readonly pending = new Map<string, { create: boolean; timer?: NodeJS.Timeout }>();
  private readonly inFlight = new Set<Promise<void>>();
  /** The index rows this process wrote or read last: their ETags spare a read before the next copy. */
  private readonly known = new Recent<KnownRow>(KNOWN_ROWS);
  private stopped = false;

  constructor(
    private readonly teams: Table,
    private readonly pilots: Table,
    private readonly opts: TeamIndexOptions = {},
  ) {}

  /**
   * Copies fields to the pilot's index row, never moving it back to an older version. Never
   * throws: when storage fails, the copy is left to a background repair and false is returned.
   * When this process wrote or read the row last, the copy is one merge guarded by the ETag it
   * remembers; a 412 (someone else wrote the row since) reads it again, as a first copy does.
   */
  async publish(
    pk: string,
    pilotId: string,
    versionColumn: 'totalsVersion' | 'stageVersion',
    version: number,
    fields: Record<string, unknown>,
  ): Promise<boolean> {
    try {
      const known = this.known.get(pilotId);
      if (known?.pk === pk) {
        if (known[versionColumn] >= version) return true;
        const rowKey = ROW.pilotIndex(pilotId);
        try {
          const etag = await this.teams.merge({ partitionKey: pk, rowKey, ...fields }, known.etag);
          this.known.set(pilotId, { ...known, etag, [versionColumn]: version });
          return true;
        } catch (e) {
          this.known.delete(pilotId);
          // Gone (the pilot deleted): nothing to copy to, as when the read below finds nothing.
          if (statusOf(e) === 404) return true;
          if (!(e instanceof ConflictError)) throw e;
        }
      }
      for (let attempt = 0; attempt < RACE_RETRIES; attempt++) {
        if (attempt > 0) await backoff(attempt);
        const index = await this.teams.get(pk, ROW.pilotIndex(pilotId));
        if (!index) return true;
        if (Number(index[versionColumn] ?? 0) >= version) {
          this.remember(pilotId, index);
          return true;
        }
        try {
          const etag = await this.teams.replace({ ...columnsOf(index), ...fields }, index.etag);
          this.remember(pilotId, { ...index, [versionColumn]: version, etag });
          return true;
        } catch (e) {
          if (!(e instanceof ConflictError)) throw e;
        }
      }
      throw new ConflictError(this.teams.name);
    } catch (e) {
      this.behind(pilotId, e, false);
      return false;
    }
  }

  /** Creates a new pilot's index row; when storage fails, a background repair creates it. */
  async create(pilotId: string, entity: Record<string, unknown> & { partitionKey: string; rowKey: string }) {
    try {
      const etag = await this.teams.upsert(entity);
      this.remember(pilotId, { ...entity, etag });
      return true;
    } catch (e) {
      this.behind(pilotId, e, true);
      return false;
    }
  }

  /**
   * Brings one pilot's index row up to its partition now (used on the duplicate path, where the
   * first delivery may have stopped before its copy). Never throws; a failure is retried later.
   */
  async settle(pilotId: string, create = false): Promise<void> {
    try {
      await this.repair(pilotId, create);
    } catch (e) {
      this.behind(pilotId, e, create);
    }
  }

  /**
   * Rewrites the pilot's index row from its pilot and totals rows when it is older than they
   * are (`create`: also when it is missing). 'gone' when the pilot is not (or no longer) there.
   */
  async repair(pilotId: string, create = false): Promise<RepairOutcome> {
    for (let attempt = 0; attempt < RACE_RETRIES; attempt++) {
      if (attempt > 0) await backoff(attempt);
      const [pilotRow, totalsRow] = await Promise.all([
        this.pilots.get(pilotId, ROW.pilot),
        this.pilots.get(pilotId, ROW.totals),
      ]);
      if (!pilotRow || !totalsRow) return 'gone';
      const pk = String(totalsRow.teamKey);
      const stageVersion = Number(pilotRow.stageVersion ?? 0);
      const totalsVersion = Number(totalsRow.totalsVersion ?? 0);
      const index = await this.teams.get(pk, ROW.pilotIndex(pilotId));
      if (!index && !create) return 'gone';
      if (
        index &&
        Number(index.stageVersion ?? 0) >= stageVersion &&
        Number(index.totalsVersion ?? 0) >= totalsVersion
      ) {
        return 'current';
      }
      const entity = {
        partitionKey: pk,
        rowKey: ROW.pilotIndex(pilotId),
        ...pilotFields(pilotFrom(pilotId, pilotRow), stageVersion),
        ...totalsFields(totalsFrom(totalsRow), totalsVersion),
      };
      try {
        const etag = index ? await this.teams.replace(entity, index.etag) : await this.teams.create(entity);
        this.remember(pilotId, { ...entity, etag });
        return 'repaired';
      } catch (e) {
        if (!(e instanceof ConflictError) && !(e instanceof AlreadyExistsError)) throw e;
      }
    }
    throw new ConflictError(this.teams.name);
  }

  /**
   * Checks every pilot's index row against its partition and repairs those behind: run once
   * in the background when Polku starts, so a copy lost to a crash is back without a new write.
   * Reads only the version columns: two queries of the pilots and one of the index.
   */
  async reconcile(): Promise<{ checked: number; repaired: number }> {
    const own = await this.pilots.partitions('', '\uffff', `RowKey eq '${ROW.pilot}' or RowKey eq '${ROW.totals}'`, [
      'stageVersion',
      'totalsVersion',
      'teamKey',
    ]);
    const prefix = ROW.pilotIndexPrefix;
    const copies = await this.teams.partitions(
      '',
      '\uffff',
      `RowKey ge '${prefix}' and RowKey lt '${prefixEnd(prefix)}'`,
      ['stageVersion', 'totalsVersion'],
    );
    const copyOf = new Map(copies.map((r) => [`${r.partitionKey}\n${r.rowKey}`, r]));
    const truth = new Map<string, { stage?: number; totals?: number; teamKey?: string }>();
    for (const r of own) {
      const t = truth.get(r.partitionKey) ?? {};
      if (r.rowKey === ROW.pilot) t.stage = Number(r.stageVersion ?? 0);
      else {
        t.totals = Number(r.totalsVersion ?? 0);
        t.teamKey = String(r.teamKey);
      }
      truth.set(r.partitionKey, t);
    }
    let repaired = 0;
    for (const [pilotId, t] of truth) {
      if (t.stage === undefined || t.totals === undefined || t.teamKey === undefined) continue;
      const copy = copyOf.get(`${t.teamKey}\n${ROW.pilotIndex(pilotId)}`);
      const behind = !copy || Number(copy.stageVersion ?? 0) < t.stage || Number(copy.totalsVersion ?? 0) < t.totals;
      if (behind && (await this.repair(pilotId, true)) === 'repaired') repaired++;
    }
    if (repaired > 0) this.opts.log?.warn({ repaired }, 'team index rows repaired from their pilots');
    return { checked: truth.size, repaired };
  }

  /** Background repairs still waiting or running (for tests and diagnostics). */
  get backlog(): number {
    return this.pending.size + this.inFlight.size;
  }

  /** Cancels waiting repairs and waits for running ones; reconcile() at the next start picks them up. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    await Promise.all([...this.inFlight]);
  }

  /** Keeps the ETag and versions of the index row as this process last read or wrote it. */
  private remember(pilotId: string, row: Record<string, unknown> & { partitionKey: string; etag: string }): void {
    this.known.set(pilotId, {
      pk: row.partitionKey,
      etag: row.etag,
      stageVersion: Number(row.stageVersion ?? 0),
      totalsVersion: Number(row.totalsVersion ?? 0),
    });
  }

  private behind(pilotId: string, e: unknown, create: boolean): void {
    this.opts.log?.warn({ pilotId, err: { name: (e as Error).name } }, 'team index behind its pilot: repair scheduled');
    this.schedule(pilotId, create, 0);
  }

  private schedule(pilotId: string, create: boolean, attempt: number): void {
    if (this.stopped) return;
    const waiting = this.pending.get(pilotId);
    if (waiting) {
      waiting.create ||= create;
      return;
    }
    const delays = this.opts.repairDelaysMs ?? REPAIR_DELAYS_MS;
    if (attempt >= delays.length) {
      this.opts.log?.error({ pilotId }, 'team index row could not be repaired: the next start repairs it');
      return;
    }
    const entry: { create: boolean; timer?: NodeJS.Timeout } = { create };
    entry.timer = setTimeout(() => {
      this.pending.delete(pilotId);
      const run = this.repair(pilotId, entry.create).then(
        (outcome) => {
          if (outcome === 'repaired') this.opts.log?.info({ pilotId }, 'team index row repaired');
        },
        () => this.schedule(pilotId, entry.create, attempt + 1),
      );
      this.inFlight.add(run);
      void run.then(() => this.inFlight.delete(run));
    }, delays[attempt]);
    entry.timer.unref();
    this.pending.set(pilotId, entry);
  }
}
