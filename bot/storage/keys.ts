/**
 * Table keys. Table Storage forbids / \ # ? and control characters in keys; '%' and '~' are
 * escaped too so that keys survive every URL they travel in. Readable, reversible, ordered.
 *
 * Layout (why: the reads later work needs):
 * - table `teams`, PartitionKey = team key (tenant + team): the team row and one index row per
 *   pilot carrying its header and a snapshot of its totals, so a team's overview is one
 *   partition query;
 * - table `pilots`, PartitionKey = pilot id: the pilot row, its running totals, its sessions,
 *   evaluations, idempotency markers and history, so a session and its totals are written in
 *   one transaction;
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
  history: (at: string, id: string) => `history|${at}|${id}`,
} as const;

/** The smallest string greater than every string that starts with prefix. */
export function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
