/**
 * The Wednesday consultation inside a meeting: which pilot a meeting's chat logs to, and each
 * participant's line of a day. The line's counts, topics and other text are a session of the
 * pilot (table `pilots`, written by pilotSessions.ts, so they count in its totals); this store
 * keeps what a session has no field for: the participant's municipality, and which session is
 * whose, so that a second save replaces the line.
 *
 * Table `consultations`, PartitionKey = tenant + meeting chat id:
 * - `link`: the pilot (id and team), who linked it and when;
 * - `line|<date>|<session id>`: one participant's line of that day. The session id is derived from
 *   the chat, the date and the participant (consultationSessionId), so no person's id is stored here.
 * Holds no names and no free text but the municipality the participant gave.
 */
import { createHash } from 'node:crypto';
import type { TeamRef } from '../domain/pilots';
import { escapeKey, prefixEnd } from './keys';
import type { Row, Table, TableStore } from './tables';

export interface ConsultationLink {
  pilotId: string;
  team: TeamRef;
  /** Entra object id of whoever linked it. */
  by: string;
  at: string;
}

export interface ConsultationLineRow {
  date: string;
  sessionId: string;
  /** The pilot the line's session was recorded in (the meeting may be linked to another later). */
  pilotId: string;
  municipality: string;
  savedAt: string;
}

const partitionOf = (tenantId: string, chatId: string): string => `${escapeKey(tenantId)}|${escapeKey(chatId)}`;
const LINK = 'link';
const linePrefix = (date: string): string => `line|${date}|`;

/**
 * The session id of one participant's line of a day in a meeting: the same for every save, so a
 * second save finds the first. Hex only (the API's id pattern), from ids that never leave the server.
 */
export function consultationSessionId(o: { chatId: string; date: string; tenantId: string; userId: string }): string {
  const digest = createHash('sha256').update([o.chatId, o.date, o.tenantId, o.userId].join('\n')).digest('hex');
  return `mtg${digest.slice(0, 40)}`;
}

function lineFrom(r: Row): ConsultationLineRow {
  return {
    date: String(r.date ?? ''),
    sessionId: String(r.sessionId ?? ''),
    pilotId: String(r.pilotId ?? ''),
    municipality: String(r.municipality ?? ''),
    savedAt: String(r.savedAt ?? ''),
  };
}

export class ConsultationStore {
  private readonly table: Table;

  constructor(store: TableStore) {
    this.table = store.table('consultations');
  }

  async link(tenantId: string, chatId: string): Promise<ConsultationLink | undefined> {
    const r = await this.table.get(partitionOf(tenantId, chatId), LINK);
    if (!r || typeof r.pilotId !== 'string' || !r.pilotId) return undefined;
    return {
      pilotId: r.pilotId,
      team: { tenantId: String(r.teamTenantId ?? ''), teamId: String(r.teamId ?? '') },
      by: String(r.by ?? ''),
      at: String(r.at ?? ''),
    };
  }

  /** Links the meeting's chat to a pilot (a later link replaces it). */
  async setLink(tenantId: string, chatId: string, link: ConsultationLink): Promise<void> {
    await this.table.upsert({
      partitionKey: partitionOf(tenantId, chatId),
      rowKey: LINK,
      pilotId: link.pilotId,
      teamTenantId: link.team.tenantId,
      teamId: link.team.teamId,
      by: link.by,
      at: link.at,
    });
  }

  async line(
    tenantId: string,
    chatId: string,
    date: string,
    sessionId: string,
  ): Promise<ConsultationLineRow | undefined> {
    const r = await this.table.get(partitionOf(tenantId, chatId), `${linePrefix(date)}${sessionId}`);
    return r ? lineFrom(r) : undefined;
  }

  async saveLine(tenantId: string, chatId: string, line: ConsultationLineRow): Promise<void> {
    await this.table.upsert({
      partitionKey: partitionOf(tenantId, chatId),
      rowKey: `${linePrefix(line.date)}${line.sessionId}`,
      date: line.date,
      sessionId: line.sessionId,
      pilotId: line.pilotId,
      municipality: line.municipality,
      savedAt: line.savedAt,
    });
  }

  /** Every participant's line of a day in the meeting: one range query. */
  async lines(tenantId: string, chatId: string, date: string): Promise<ConsultationLineRow[]> {
    const prefix = linePrefix(date);
    const rows = await this.table.range(partitionOf(tenantId, chatId), prefix, prefixEnd(prefix));
    return rows.map(lineFrom);
  }
}
