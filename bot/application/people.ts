/**
 * Who is acting in a turn, and where they stand in a pilot's team: read from the Turn, with the
 * standing decided by the access service (access.ts). Nothing here knows an SDK.
 */
import type { Viewer } from '../domain/access';
import type { TeamRef } from '../domain/pilots';
import type { Logger } from '../log';
import { type TeamAccess, turnTeam } from './access';
import { ConnectorError, type Turn } from './port';

export { turnTeam as conversationTeam };

export interface Actor {
  tenantId: string;
  /** Entra object id when Teams gives one (it does for work accounts), else the channel id. */
  userId: string;
  name: string;
}

export function actorOf(turn: Turn): Actor {
  return { tenantId: turn.tenantId, userId: turn.actor.userId, name: turn.actor.name };
}

/** The team's name: from the activity, else as stored at installation, else asked from Teams. */
export async function teamNameOf(
  turn: Turn,
  team: TeamRef & { name?: string },
  stored: (team: TeamRef) => Promise<string | undefined>,
): Promise<string> {
  if (team.name) return team.name;
  const saved = await stored(team);
  if (saved) return saved;
  return (await turn.teams.teamName(team.teamId)) ?? ''; // a group chat has none: the card then names no team
}

/** A viewer of a pilot: the actor with their standing in the pilot's team. */
export async function viewerOf(turn: Turn, team: TeamRef, owners: string[], access: TeamAccess): Promise<Viewer> {
  const actor = actorOf(turn);
  if (actor.tenantId !== team.tenantId) return { tenantId: actor.tenantId, userId: actor.userId, team: 'none' };
  // A listed owner needs no round trip: they were team members when made owners.
  const here = turnTeam(turn);
  if (owners.includes(actor.userId) && here?.teamId === team.teamId) {
    return { tenantId: actor.tenantId, userId: actor.userId, team: 'member' };
  }
  return { tenantId: actor.tenantId, userId: actor.userId, team: await access.inTurn(turn, team) };
}

/** The most members offered as co-owners. */
const ROSTER_MAX = 500;

/** The team's members other than the actor, for choosing co-owners; undefined when Teams does not answer. */
export async function teamMembers(
  turn: Turn,
  team: TeamRef,
  log: Logger,
): Promise<{ id: string; name: string }[] | undefined> {
  const actor = actorOf(turn);
  try {
    const all = await turn.teams.roster(team.teamId, ROSTER_MAX);
    return all.filter((m) => m.id && m.id !== actor.userId).sort((a, b) => a.name.localeCompare(b.name, 'fi'));
  } catch (e) {
    log.warn({ status: e instanceof ConnectorError ? e.statusCode : undefined }, 'team members could not be read');
    return undefined;
  }
}
