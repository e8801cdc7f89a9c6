/**
 * A person's own data: what Polku holds about a member of staff (their Entra id, and their name
 * where a pilot's owner list keeps it) and its removal on request.
 *
 * Polku keeps people's ids in: pilots' owner lists (with names), who created a pilot, who saved
 * each evaluation, who logged each session, who made each change in the history (also inside the
 * sessions history keeps), the team memberships the tab's access learnt, and the reference of
 * their personal chat with the bot (and, from older versions, the addresses of channels they
 * installed Polku in). Nothing else: logs never hold names or ids of people.
 *
 * Finding them reads every pilot of the person's tenant (the tenant's team partitions, then each
 * pilot's partition): a rare request, made on purpose, not a path anyone waits on every day.
 * Removal puts one random pseudonym in place of the id everywhere, so the history still tells one
 * person's changes from another's without saying who, and drops the name.
 */
import { randomBytes } from 'node:crypto';
import type { PersonalReport, PilotMention, RemovalResult } from '../api/contract';
import { PSEUDONYM_PREFIX } from '../domain/privacy';
import type { ConversationStore } from './conversations';
import { escapeKey, prefixEnd, ROW } from './keys';
import type { MemberStore } from './members';
import type { PilotRecord } from './pilotPartition';
import type { PilotStore } from './pilots';
import type { Table, TableStore } from './tables';

// The API's answer shapes (GET and DELETE /api/me/data) live in the contract; re-exported for the bot's callers.
export type { PersonalReport, PilotMention, RemovalResult };

/** How many pilots' partitions are read at once. */
const CONCURRENCY = 8;

export function mentionIn(record: PilotRecord, userId: string, teamName: string): PilotMention | undefined {
  const { pilot } = record;
  const m: PilotMention = {
    pilotId: pilot.id,
    pilotName: pilot.name,
    team: pilot.team,
    teamName,
    owner: pilot.owners.includes(userId),
    soleOwner: pilot.owners.length === 1 && pilot.owners[0] === userId,
    name: pilot.ownerNames?.[userId] ?? '',
    created: pilot.createdBy === userId,
    evaluations: record.evaluations.filter((e) => e.updatedBy === userId).map((e) => e.phase),
    sessions: record.sessions.filter((s) => s.loggedBy === userId).length,
    history: record.history.filter(
      (h) =>
        h.by === userId ||
        h.before?.loggedBy === userId ||
        h.after?.loggedBy === userId ||
        // A pilot edit that made them an owner, or took them off.
        (h.edits ?? []).some((e) => e.field === 'owners' && (e.from.includes(userId) || e.to.includes(userId))),
    ).length,
  };
  const found = m.owner || m.name || m.created || m.evaluations.length || m.sessions || m.history;
  return found ? m : undefined;
}

export class PersonalData {
  private readonly teams: Table;

  constructor(
    store: TableStore,
    private readonly deps: { pilots: PilotStore; conversations: ConversationStore; members: MemberStore },
  ) {
    this.teams = store.table('teams');
  }

  /** Everything Polku holds about a person of a tenant. */
  async find(tenantId: string, userId: string): Promise<PersonalReport> {
    const [pilots, memberships, chat, references] = await Promise.all([
      this.pilotsMentioning(tenantId, userId),
      this.deps.members.listOf(tenantId, userId),
      this.deps.conversations.keepsPersonalChat(tenantId, userId),
      this.deps.conversations.referencesNaming(tenantId, userId),
    ]);
    return { tenantId, userId, pilots, memberships, personalChat: chat, references: references.length };
  }

  /**
   * Removes a person: a new pseudonym in place of their id in every pilot that names them, their
   * name dropped, their learnt memberships and their personal chat's address forgotten.
   */
  async remove(tenantId: string, userId: string): Promise<RemovalResult> {
    const pseudonym = `${PSEUDONYM_PREFIX}${randomBytes(6).toString('hex')}`;
    const mentions = await this.pilotsMentioning(tenantId, userId);
    let rows = 0;
    let next = 0;
    const worker = async () => {
      while (next < mentions.length) {
        // Awaited first, then added: `rows += await …` would read `rows` before another worker adds.
        const changed = await this.deps.pilots.replacePerson(mentions[next++].pilotId, userId, pseudonym);
        rows += changed;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const memberships = await this.deps.members.forget(tenantId, userId);
    const { personalChat, references } = await this.deps.conversations.forgetUser(tenantId, userId);
    return { pseudonym, pilots: mentions.length, rows: rows + references, memberships, personalChat, references };
  }

  private async pilotsMentioning(tenantId: string, userId: string): Promise<PilotMention[]> {
    // Every team partition of the tenant: "<tenant>|<team>"; the team rows give the names.
    const from = `${escapeKey(tenantId)}|`;
    const rows = await this.teams.partitions(from, prefixEnd(from));
    const teamNames = new Map<string, string>();
    for (const r of rows) if (r.rowKey === ROW.team) teamNames.set(r.partitionKey, String(r.name ?? ''));
    const pilotIds = rows
      .filter((r) => r.rowKey.startsWith(ROW.pilotIndexPrefix))
      .map((r) => ({ id: r.rowKey.slice(ROW.pilotIndexPrefix.length), team: r.partitionKey }));
    const found: PilotMention[] = [];
    let next = 0;
    const worker = async () => {
      while (next < pilotIds.length) {
        const { id, team } = pilotIds[next++];
        const record = await this.deps.pilots.pilotRecord(id);
        const m = record && mentionIn(record, userId, teamNames.get(team) ?? '');
        if (m) found.push(m);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return found.sort((a, b) => a.pilotName.localeCompare(b.pilotName, 'fi'));
  }
}
