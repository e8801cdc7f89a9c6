/**
 * The people index: which pilots name a person, so that a person's data request (personal.ts)
 * reads those pilots' partitions and no others. Table `people`:
 * - partition `<tenant>|<person>`, one row per pilot (row key = pilot id), no columns;
 * - partition `<tenant>`, row `complete`: every pilot of the tenant is indexed (written once the
 *   pilots stored before the index were read and indexed, see PersonalData).
 *
 * A transaction stays in one partition, so the index cannot be written with the pilot's rows.
 * It is written before the write that first names the person: the index is always a superset of
 * the pilots that name them. An entry whose pilot no longer names the person is harmless (the
 * request reads that pilot and finds nothing there); removal and deletion prune them.
 */
import { isPseudonym } from '../domain/privacy';
import { WARNING_SENDER } from '../domain/warning';
import { escapeKey, prefixEnd, unescapeKey } from './keys';
import type { PilotRecord } from './pilotPartition';
import type { Entity } from './pilotRows';
import { odata, type Row, type Table } from './tables';

const COMPLETE = 'complete';

const personKey = (tenantId: string, userId: string): string => `${escapeKey(tenantId)}|${escapeKey(userId)}`;

/** The tenant of a team key (keys.ts teamKey: `<tenant>|<team>`, both escaped; escaping keeps '|' out). */
export function tenantOfTeamKey(teamKey: string): string {
  return unescapeKey(teamKey.slice(0, teamKey.indexOf('|')));
}

/**
 * The row of a pilot's partition that lists who the people index lists for the pilot (written in
 * the same transaction as the write that first names them, pilotSessions.ts): a submit by someone
 * listed costs no index request. Row key `indexed`, column `ids` (JSON).
 */
export const INDEXED_ROW = 'indexed';

export function indexedEntity(pilotId: string, ids: readonly string[]): Entity {
  return { partitionKey: pilotId, rowKey: INDEXED_ROW, ids: JSON.stringify(ids) };
}

export function indexedFrom(row: Row | undefined): string[] {
  return typeof row?.ids === 'string' && row.ids ? (JSON.parse(row.ids) as string[]) : [];
}

/** Everyone a pilot's partition names (what personal.ts mentionIn looks for), pseudonyms left out. */
export function peopleIn(record: PilotRecord): Set<string> {
  const { pilot } = record;
  const ids = [
    ...pilot.owners,
    ...Object.keys(pilot.ownerNames ?? {}),
    pilot.createdBy,
    ...record.evaluations.map((e) => e.updatedBy),
    ...record.sessions.map((s) => s.loggedBy),
  ];
  for (const h of record.history) {
    ids.push(h.by);
    if (h.before) ids.push(h.before.loggedBy);
    if (h.after) ids.push(h.after.loggedBy);
    for (const e of h.edits ?? []) {
      if (e.field === 'owners') ids.push(...ownerList(e.from), ...ownerList(e.to));
    }
  }
  return new Set(ids.filter((id) => typeof id === 'string' && id && !isPseudonym(id)));
}

/** An owner list as a pilot edit's history keeps it (JSON of ids); anything else names no one. */
function ownerList(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export class PeopleIndex {
  constructor(private readonly people: Table) {}

  /** Lists the pilot under each person (idempotent): called before the write that names them. */
  async name(tenantId: string, pilotId: string, userIds: Iterable<string>): Promise<void> {
    // Polku itself (the early warning's sender) and pseudonyms are no one to find.
    const ids = [...new Set(userIds)].filter((id) => id && id !== WARNING_SENDER && !isPseudonym(id));
    await Promise.all(ids.map((id) => this.people.upsert({ partitionKey: personKey(tenantId, id), rowKey: pilotId })));
  }

  /** The pilots listed under a person: a superset of those that name them, once the tenant is complete. */
  async pilotsOf(tenantId: string, userId: string): Promise<string[]> {
    return (await this.people.partition(personKey(tenantId, userId))).map((r) => r.rowKey);
  }

  /** True once every pilot of the tenant stored before the index has been indexed. */
  async complete(tenantId: string): Promise<boolean> {
    return (await this.people.get(escapeKey(tenantId), COMPLETE)) !== undefined;
  }

  async markComplete(tenantId: string): Promise<void> {
    await this.people.upsert({ partitionKey: escapeKey(tenantId), rowKey: COMPLETE });
  }

  /** Takes pilots off a person's list (their removal: those pilots name them no more). */
  async forget(tenantId: string, userId: string, pilotIds: string[]): Promise<void> {
    await this.people.deleteAll(personKey(tenantId, userId), pilotIds);
  }

  /** Takes a deleted pilot off everyone's list in its tenant. */
  async forgetPilot(tenantId: string, pilotId: string): Promise<number> {
    const from = `${escapeKey(tenantId)}|`;
    const rows = await this.people.partitions(from, prefixEnd(from), `RowKey eq '${odata(pilotId)}'`);
    await Promise.all(rows.map((r) => this.people.delete(r.partitionKey, r.rowKey)));
    return rows.length;
  }
}
