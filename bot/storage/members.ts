/**
 * Who belongs to which team, as far as Polku has learnt it: from installation and member events,
 * and from asking Teams (the bot's standing checks). The tab's API reads it to decide who sees a
 * team's pilots. Ids only, never names.
 *
 * Table `members`, PartitionKey = tenant + person (Entra object id), RowKey = team (or group chat)
 * id: a person's teams are one partition, and one row answers "is this person in that team?".
 */
import { escapeKey, unescapeKey } from './keys';
import type { Row, Table, TableStore } from './tables';

export type Standing = 'owner' | 'member' | 'none';

/** 'event': Teams told the bot (installation, members added or removed); 'teams': the bot asked Teams. */
export type MembershipSource = 'event' | 'teams';

export interface Membership {
  tenantId: string;
  userId: string;
  teamId: string;
  standing: Standing;
  source: MembershipSource;
  /** ISO instant it was learnt. */
  at: string;
}

const STANDINGS: readonly string[] = ['owner', 'member', 'none'];

const partitionOf = (tenantId: string, userId: string): string => `${escapeKey(tenantId)}|${escapeKey(userId)}`;

function fromRow(tenantId: string, userId: string, r: Row): Membership | undefined {
  if (typeof r.standing !== 'string' || !STANDINGS.includes(r.standing)) return undefined;
  return {
    tenantId,
    userId,
    teamId: unescapeKey(r.rowKey),
    standing: r.standing as Standing,
    source: r.source === 'event' ? 'event' : 'teams',
    at: typeof r.at === 'string' ? r.at : '',
  };
}

export class MemberStore {
  private readonly table: Table;

  constructor(store: TableStore) {
    this.table = store.table('members');
  }

  async get(tenantId: string, userId: string, teamId: string): Promise<Membership | undefined> {
    const r = await this.table.get(partitionOf(tenantId, userId), escapeKey(teamId));
    return r ? fromRow(tenantId, userId, r) : undefined;
  }

  /** Every team Polku knows something about for this person: one partition. */
  async listOf(tenantId: string, userId: string): Promise<Membership[]> {
    const rows = await this.table.partition(partitionOf(tenantId, userId));
    return rows.flatMap((r) => fromRow(tenantId, userId, r) ?? []);
  }

  /**
   * Records what was learnt. `roleUnknown`: the event says "member" without saying whether an
   * owner (members added, installation), so a known owner stays an owner.
   */
  async record(m: Membership, opts: { roleUnknown?: boolean } = {}): Promise<void> {
    if (!m.tenantId || !m.userId || !m.teamId) return;
    if (opts.roleUnknown && m.standing === 'member') {
      const known = await this.get(m.tenantId, m.userId, m.teamId);
      if (known?.standing === 'owner') return;
    }
    await this.table.upsert({
      partitionKey: partitionOf(m.tenantId, m.userId),
      rowKey: escapeKey(m.teamId),
      standing: m.standing,
      source: m.source,
      at: m.at,
    });
  }

  /** Forgets every membership learnt for a person (they asked to be removed). Returns how many. */
  async forget(tenantId: string, userId: string): Promise<number> {
    const pk = partitionOf(tenantId, userId);
    const rows = await this.table.partition(pk);
    await this.table.deleteAll(
      pk,
      rows.map((r) => r.rowKey),
    );
    return rows.length;
  }
}
