/**
 * Conversation references: where Polku may speak later (reminders). Stored at installation,
 * marked inactive at removal. Holds ids only, never names.
 */
import { AlreadyExistsError, ConflictError } from './errors';
import { escapeKey, unescapeKey } from './keys';
import { columnsOf, type Row, type Table, type TableStore } from './tables';

export type ConversationScope = 'personal' | 'groupChat' | 'channel';

export interface StoredConversation {
  tenantId: string;
  conversationId: string;
  scope: ConversationScope;
  teamId?: string;
  /** Personal chats: the Entra object id of the person, so reminders can find their chat. */
  userId?: string;
  serviceUrl: string;
  /** The Bot Framework conversation reference, as JSON-safe data. */
  reference: Record<string, unknown>;
  active: boolean;
  updatedAt: string;
}

/**
 * A conversation's weekly digest (application/reminders/digest.ts): on or off, where it goes and
 * whose pilots it reports. Ids and the reference only; kept in the tenant's `|digest` partition.
 */
export interface DigestSubscription {
  tenantId: string;
  conversationId: string;
  scope: ConversationScope;
  /** The team whose pilots it reports: the channel's team, or the group chat itself. */
  teamId: string;
  serviceUrl: string;
  reference: Record<string, unknown>;
  on: boolean;
  updatedAt: string;
}

function toEntity(c: StoredConversation) {
  return {
    partitionKey: escapeKey(c.tenantId),
    rowKey: escapeKey(c.conversationId),
    scope: c.scope,
    teamId: c.teamId ?? '',
    userId: c.userId ?? '',
    serviceUrl: c.serviceUrl,
    reference: JSON.stringify(c.reference),
    active: c.active,
    updatedAt: c.updatedAt,
  };
}

export class ConversationStore {
  private readonly table: Table;

  constructor(store: TableStore) {
    this.table = store.table('conversations');
  }

  /**
   * Records that Polku is installed in a conversation. True only for the call that made it
   * active (new, or back after a removal), so a welcome is posted once even when Teams sends
   * both an installation and a members-added event, or redelivers one.
   */
  async activate(c: Omit<StoredConversation, 'active'>): Promise<boolean> {
    await this.indexTeam(c, true);
    await this.indexUser(c, true);
    let entity = toEntity({ ...c, active: true });
    try {
      await this.table.create(entity);
      return true;
    } catch (e) {
      if (!(e instanceof AlreadyExistsError)) throw e;
    }
    const existing = await this.table.get(entity.partitionKey, entity.rowKey);
    if (!existing) return this.activate(c);
    if (existing.active === true) {
      // Teams sends a second install event without a locale: keep the language the first one gave,
      // so reminders speak the installer's language.
      const before = JSON.parse(existing.reference as string) as { locale?: string };
      if (before.locale && !c.reference.locale) {
        entity = toEntity({ ...c, reference: { ...c.reference, locale: before.locale }, active: true });
      }
      // Keep the reference fresh (the service URL can change), but it is not a new installation.
      if (existing.serviceUrl !== c.serviceUrl || existing.reference !== entity.reference) {
        // Merge, so that what was recorded about the conversation (e.g. the welcome) stays.
        await this.table.merge(entity);
      }
      return false;
    }
    try {
      await this.table.replace(entity, existing.etag);
      return true;
    } catch (e) {
      if (e instanceof ConflictError) return false;
      throw e;
    }
  }

  async deactivate(tenantId: string, conversationId: string, at: string): Promise<void> {
    const existing = await this.table.get(escapeKey(tenantId), escapeKey(conversationId));
    if (!existing) return;
    await this.table.upsert({ ...columnsOf(existing), active: false, welcomed: false, updatedAt: at });
    const stored = fromRow(tenantId, existing);
    await this.indexTeam(stored, false);
    await this.indexUser(stored, false);
  }

  async get(tenantId: string, conversationId: string): Promise<StoredConversation | undefined> {
    const row = await this.table.get(escapeKey(tenantId), escapeKey(conversationId));
    return row ? fromRow(tenantId, row) : undefined;
  }

  /** The teams of a tenant where Polku is installed in a channel: one row a team, read as one partition. */
  async listTeamChannels(tenantId: string): Promise<{ teamId: string; conversationId: string }[]> {
    const rows = await this.table.partition(teamsPartition(tenantId));
    return rows
      .filter((r) => r.active === true)
      .map((r) => ({ teamId: unescapeKey(r.rowKey), conversationId: r.conversationId as string }));
  }

  /**
   * True for the one call that may post the welcome in an active conversation; false for every
   * later one (Teams sends the installation twice, and redelivers), until Polku is removed.
   */
  async claimWelcome(tenantId: string, conversationId: string): Promise<boolean> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const row = await this.table.get(escapeKey(tenantId), escapeKey(conversationId));
      if (!row || row.active !== true || row.welcomed === true) return false;
      try {
        await this.table.replace({ ...columnsOf(row), welcomed: true }, row.etag);
        return true;
      } catch (e) {
        if (!(e instanceof ConflictError)) throw e;
      }
    }
    return false;
  }

  /** A conversation's weekly digest as last turned on or off; undefined when it never was. */
  async digestOf(tenantId: string, conversationId: string): Promise<DigestSubscription | undefined> {
    const row = await this.table.get(digestPartition(tenantId), escapeKey(conversationId));
    return row ? digestFrom(tenantId, row) : undefined;
  }

  /**
   * Turns a conversation's weekly digest on when it is off (or never was), off when it is on, and
   * says whether it is on now. The same command redelivered by Teams (its activity id) changes
   * nothing; two people at once are serialised by the row's ETag.
   */
  async toggleDigest(s: Omit<DigestSubscription, 'on'>, activityId: string): Promise<boolean> {
    const partitionKey = digestPartition(s.tenantId);
    const rowKey = escapeKey(s.conversationId);
    for (let attempt = 0; attempt < 5; attempt++) {
      const row = await this.table.get(partitionKey, rowKey);
      if (row && activityId && row.toggledBy === activityId) return row.on === true;
      const on = row?.on !== true;
      const entity = { partitionKey, rowKey, ...digestColumns(s), on, toggledBy: activityId };
      try {
        if (row) await this.table.replace(entity, row.etag);
        else await this.table.create(entity);
        return on;
      } catch (e) {
        if (!(e instanceof ConflictError) && !(e instanceof AlreadyExistsError)) throw e;
      }
    }
    throw new ConflictError('conversations');
  }

  /** Turns a conversation's weekly digest off (Polku was removed from it). */
  async stopDigest(tenantId: string, conversationId: string, at: string): Promise<void> {
    const partitionKey = digestPartition(tenantId);
    const rowKey = escapeKey(conversationId);
    if (!(await this.table.get(partitionKey, rowKey))) return;
    await this.table.merge({ partitionKey, rowKey, on: false, updatedAt: at });
  }

  /** The personal chat Polku has with a person, when it is installed for them. */
  async personalChatOf(tenantId: string, userId: string): Promise<StoredConversation | undefined> {
    const row = await this.table.get(usersPartition(tenantId), escapeKey(userId));
    if (!row || row.active !== true) return undefined;
    const c = await this.get(tenantId, row.conversationId as string);
    return c?.active ? c : undefined;
  }

  /** True when Polku keeps a personal chat's address for the person, installed or not. */
  async keepsPersonalChat(tenantId: string, userId: string): Promise<boolean> {
    return !!(await this.table.get(usersPartition(tenantId), escapeKey(userId)));
  }

  /**
   * Conversations other than their personal chat whose stored reference names the person
   * (references of channels and group chats stored by versions that kept the installer in them).
   */
  async referencesNaming(tenantId: string, userId: string): Promise<Row[]> {
    const rows = await this.table.partition(escapeKey(tenantId));
    return rows.filter((r) => r.userId !== userId && namesUser(r.reference, userId));
  }

  /**
   * Forgets a person (they asked to be removed): their personal chat's reference and the row that
   * finds it, and their id in any other stored reference. Reminders then reach them only by a
   * mention in the team's channel. Returns how many rows changed.
   */
  async forgetUser(tenantId: string, userId: string): Promise<{ personalChat: boolean; references: number }> {
    const index = await this.table.get(usersPartition(tenantId), escapeKey(userId));
    if (index && typeof index.conversationId === 'string') {
      await this.table.delete(escapeKey(tenantId), escapeKey(index.conversationId));
    }
    if (index) await this.table.delete(usersPartition(tenantId), escapeKey(userId));
    const others = await this.referencesNaming(tenantId, userId);
    for (const r of others) {
      const { user: _user, ...reference } = JSON.parse(r.reference as string) as Record<string, unknown>;
      await this.table.merge({ partitionKey: r.partitionKey, rowKey: r.rowKey, reference: JSON.stringify(reference) });
    }
    return { personalChat: !!index, references: others.length };
  }

  private async indexUser(
    c: Pick<StoredConversation, 'tenantId' | 'conversationId' | 'userId' | 'scope'>,
    active: boolean,
  ): Promise<void> {
    if (c.scope !== 'personal' || !c.userId) return;
    await this.table.upsert({
      partitionKey: usersPartition(c.tenantId),
      rowKey: escapeKey(c.userId),
      conversationId: c.conversationId,
      active,
    });
  }

  /** Keeps the tenant's list of teams in step with installations in team channels. */
  private async indexTeam(
    c: Pick<StoredConversation, 'tenantId' | 'conversationId' | 'teamId' | 'scope'>,
    active: boolean,
  ) {
    if (c.scope !== 'channel' || !c.teamId) return;
    await this.table.upsert({
      partitionKey: teamsPartition(c.tenantId),
      rowKey: escapeKey(c.teamId),
      conversationId: c.conversationId,
      active,
    });
  }
}

/** True when a stored reference (JSON) names the person as its user. */
function namesUser(reference: unknown, userId: string): boolean {
  if (typeof reference !== 'string') return false;
  const user = (JSON.parse(reference) as { user?: { id?: string; aadObjectId?: string } }).user;
  return !!user && (user.aadObjectId === userId || user.id === userId);
}

/** The partition that lists a tenant's teams; tenant ids hold no "|", so it meets no tenant's own. */
const teamsPartition = (tenantId: string): string => `${escapeKey(tenantId)}|teams`;
const usersPartition = (tenantId: string): string => `${escapeKey(tenantId)}|users`;
const digestPartition = (tenantId: string): string => `${escapeKey(tenantId)}|digest`;

function digestColumns(s: Omit<DigestSubscription, 'on'>) {
  return {
    scope: s.scope,
    teamId: s.teamId,
    serviceUrl: s.serviceUrl,
    reference: JSON.stringify(s.reference),
    updatedAt: s.updatedAt,
  };
}

function digestFrom(tenantId: string, row: Row): DigestSubscription {
  return {
    tenantId,
    conversationId: unescapeKey(row.rowKey),
    scope: row.scope as ConversationScope,
    teamId: row.teamId as string,
    serviceUrl: row.serviceUrl as string,
    reference: JSON.parse(row.reference as string) as Record<string, unknown>,
    on: row.on === true,
    updatedAt: row.updatedAt as string,
  };
}

function fromRow(tenantId: string, row: Row): StoredConversation {
  return {
    tenantId,
    conversationId: unescapeKey(row.rowKey),
    scope: row.scope as ConversationScope,
    teamId: (row.teamId as string) || undefined,
    userId: (row.userId as string) || undefined,
    serviceUrl: row.serviceUrl as string,
    reference: JSON.parse(row.reference as string) as Record<string, unknown>,
    active: row.active === true,
    updatedAt: row.updatedAt as string,
  };
}
