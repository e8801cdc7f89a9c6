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
 * Finding them reads the pilots the people index (people.ts) lists under them, and those pilots'
 * partitions only. A tenant whose pilots were stored before the index is indexed first, once:
 * every pilot of the tenant read (its team partitions, then each pilot's partition), everyone
 * each names listed, then the tenant marked complete.
 * Removal puts one random pseudonym in place of the id everywhere, so the history still tells one
 * person's changes from another's without saying who, and drops the name; then their index
 * entries go.
 */
import { randomBytes } from 'node:crypto';
import type { PersonalReport, PilotMention, RemovalResult } from '../api/contract';
import { PSEUDONYM_PREFIX } from '../domain/privacy';
import type { ConversationStore } from './conversations';
import type { TeamRef } from '../domain/pilots';
import { escapeKey, prefixEnd, ROW, teamKey } from './keys';
import type { MemberStore } from './members';
import { peopleIn } from './people';
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
    const [{ mentions: pilots }, memberships, chat, references] = await Promise.all([
      this.pilotsMentioning(tenantId, userId),
      this.deps.members.listOf(tenantId, userId),
      this.deps.conversations.keepsPersonalChat(tenantId, userId),
      this.deps.conversations.referencesNaming(tenantId, userId),
    ]);
    return { tenantId, userId, pilots, memberships, personalChat: chat, references: references.length };
  }

  /**
   * Removes a person: a new pseudonym in place of their id in every pilot that names them, their
   * name dropped, their learnt memberships and their personal chat's address forgotten, and the
   * pilots the people index lists under them taken off it.
   */
  async remove(tenantId: string, userId: string): Promise<RemovalResult> {
    const pseudonym = `${PSEUDONYM_PREFIX}${randomBytes(6).toString('hex')}`;
    const { mentions, listed } = await this.pilotsMentioning(tenantId, userId);
    const named = new Set(mentions.map((m) => m.pilotId));
    let rows = 0;
    // Per pilot: off its `indexed` row first (a session of theirs written meanwhile indexes them
    // again), then their id replaced; their index entries go last, so a removal cut short is
    // found and finished by the next.
    await each(listed, async (pilotId) => {
      await this.deps.pilots.unlistPerson(pilotId, userId);
      if (!named.has(pilotId)) return;
      // Awaited first, then added: `rows += await …` would read `rows` before another worker adds.
      const changed = await this.deps.pilots.replacePerson(pilotId, userId, pseudonym);
      rows += changed;
    });
    await this.deps.pilots.people.forget(tenantId, userId, listed);
    const memberships = await this.deps.members.forget(tenantId, userId);
    const { personalChat, references } = await this.deps.conversations.forgetUser(tenantId, userId);
    return { pseudonym, pilots: mentions.length, rows: rows + references, memberships, personalChat, references };
  }

  /** The pilots that name the person, read through the people index, and the pilots it lists under them. */
  private async pilotsMentioning(
    tenantId: string,
    userId: string,
  ): Promise<{ mentions: PilotMention[]; listed: string[] }> {
    const people = this.deps.pilots.people;
    const [complete, listedBefore] = await Promise.all([people.complete(tenantId), people.pilotsOf(tenantId, userId)]);
    if (!complete) await this.indexTenant(tenantId);
    const listed = complete ? listedBefore : await people.pilotsOf(tenantId, userId);
    const teamNames = new Map<string, Promise<string>>();
    const teamName = (team: TeamRef) => {
      const key = teamKey(team);
      if (!teamNames.has(key))
        teamNames.set(
          key,
          this.deps.pilots.teamName(team).then((n) => n ?? ''),
        );
      return teamNames.get(key)!;
    };
    const mentions: PilotMention[] = [];
    await each(listed, async (id) => {
      const record = await this.deps.pilots.pilotRecord(id);
      if (!record || record.pilot.team.tenantId !== tenantId) return;
      const m = mentionIn(record, userId, await teamName(record.pilot.team));
      if (m) mentions.push(m);
    });
    return { mentions: mentions.sort((a, b) => a.pilotName.localeCompare(b.pilotName, 'fi')), listed };
  }

  /**
   * Indexes every pilot of a tenant stored before the people index (its team partitions list
   * them): everyone each pilot names, then the tenant's marker. Run once, by the first request.
   */
  private async indexTenant(tenantId: string): Promise<void> {
    const from = `${escapeKey(tenantId)}|`;
    const prefix = ROW.pilotIndexPrefix;
    const rows = await this.teams.partitions(
      from,
      prefixEnd(from),
      `RowKey ge '${prefix}' and RowKey lt '${prefixEnd(prefix)}'`,
      [],
    );
    const pilotIds = rows.map((r) => r.rowKey.slice(prefix.length));
    await each(pilotIds, async (id) => {
      const record = await this.deps.pilots.pilotRecord(id);
      if (record) await this.deps.pilots.people.name(tenantId, id, peopleIn(record));
    });
    await this.deps.pilots.people.markComplete(tenantId);
  }
}

/** Runs fn over items, CONCURRENCY at a time. */
async function each<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}
