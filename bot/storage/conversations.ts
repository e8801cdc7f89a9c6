/**
 * Conversation references: where Polku may speak later (reminders). Stored at installation,
 * marked inactive at removal. Holds ids only, never names.
 */
import { AlreadyExistsError, ConflictError } from './errors';
import { escapeKey, prefixEnd, unescapeKey } from './keys';
import { columnsOf, type Row, type Table, type TableStore } from './tables';

export type ConversationScope = 'personal' | 'groupChat' | 'channel';

export interface StoredConversation {
  tenantId: string;
  conversationId: string;
  scope: ConversationScope;
  teamId?: string;
  serviceUrl: string;
  /** The Bot Framework conversation reference, as JSON-safe data. */
  reference: Record<string, unknown>;
  active: boolean;
  updatedAt: string;
}

function toEntity(c: StoredConversation) {
  return {
    partitionKey: escapeKey(c.tenantId),
    rowKey: escapeKey(c.conversationId),
    scope: c.scope,
    teamId: c.teamId ?? '',
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
    const entity = toEntity({ ...c, active: true });
    try {
      await this.table.create(entity);
      return true;
    } catch (e) {
      if (!(e instanceof AlreadyExistsError)) throw e;
    }
    const existing = await this.table.get(entity.partitionKey, entity.rowKey);
    if (!existing) return this.activate(c);
    if (existing.active === true) {
      // Keep the reference fresh (the service URL can change), but it is not a new installation.
      if (existing.serviceUrl !== c.serviceUrl || existing.reference !== entity.reference) {
        await this.table.upsert(entity);
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
    await this.table.upsert({ ...columnsOf(existing), active: false, updatedAt: at });
  }

  async get(tenantId: string, conversationId: string): Promise<StoredConversation | undefined> {
    const row = await this.table.get(escapeKey(tenantId), escapeKey(conversationId));
    return row ? fromRow(tenantId, row) : undefined;
  }

  /**
   * The active team channels of a tenant where Polku is installed, one per team. Channel and
   * group chat ids start with "19:", personal chats with "a:", so the range skips personal ones.
   */
  async listTeamChannels(tenantId: string): Promise<StoredConversation[]> {
    const rows = await this.table.range(escapeKey(tenantId), '19:', prefixEnd('19:'));
    const byTeam = new Map<string, StoredConversation>();
    for (const row of rows) {
      const c = fromRow(tenantId, row);
      if (c.scope === 'channel' && c.active && c.teamId && !byTeam.has(c.teamId)) byTeam.set(c.teamId, c);
    }
    return [...byTeam.values()];
  }
}

function fromRow(tenantId: string, row: Row): StoredConversation {
  return {
    tenantId,
    conversationId: unescapeKey(row.rowKey),
    scope: row.scope as ConversationScope,
    teamId: (row.teamId as string) || undefined,
    serviceUrl: row.serviceUrl as string,
    reference: JSON.parse(row.reference as string) as Record<string, unknown>,
    active: row.active === true,
    updatedAt: row.updatedAt as string,
  };
}
