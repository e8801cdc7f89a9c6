/**
 * Table keys. Table Storage forbids / \ # ? and control characters in keys; '%' and '~' are
 * escaped too so that keys survive every URL they travel in. Readable, reversible, ordered.
 *
 * Layout (why: the reads later work needs):
 * - table `teams`, PartitionKey = team key (tenant + team): the team row and one index row per
 *   pilot carrying its header and a snapshot of its totals, so a team's overview is one
 *   partition query;
 * - table `pilots`, PartitionKey = pilot id: the pilot row, its running totals, its sessions,
 *   evaluations, idempotency markers and history, so a session and its totals (or a phase and
 *   its history) are written in one transaction. Row keys: `pilot`, `totals`, `session|<id>`,
 *   `eval|<phase>`, `idem|<idempotency key>`, `history|<UTC ISO time>|<change id>`;
 * - table `conversations`, PartitionKey = tenant: conversation references for proactive sends.
 */
import type { TeamRef } from '../domain/pilots';

export function escapeKey(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[/\\#?%~\u0000-\u001f\u007f-\u009f]/g, (c) => `~${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function unescapeKey(s: string): string {
  return s.replace(/~([0-9a-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

export const teamKey = (t: TeamRef): string => `${escapeKey(t.tenantId)}|${escapeKey(t.teamId)}`;

export const ROW = {
  team: 'team',
  pilotIndex: (pilotId: string) => `pilot|${pilotId}`,
  pilotIndexPrefix: 'pilot|',
  pilot: 'pilot',
  totals: 'totals',
  session: (sessionId: string) => `session|${sessionId}`,
  sessionPrefix: 'session|',
  evaluation: (phase: string) => `eval|${phase}`,
  idempotency: (key: string) => `idem|${escapeKey(key)}`,
  /** Sorts by time (normalised to UTC ISO with milliseconds), then by the unique id of the change. */
  history: (at: string, id: string) => `history|${sortableTime(at)}|${escapeKey(id)}`,
  historyPrefix: 'history|',
} as const;

/** An ISO timestamp in the one fixed-width form that sorts as time does ("…T12:00:00.000Z"). */
export function sortableTime(at: string): string {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? escapeKey(at) : new Date(ms).toISOString();
}

/** The smallest string greater than every string that starts with prefix. */
export function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
