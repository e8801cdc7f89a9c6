/**
 * Who may do what with a pilot. Owners (the pilot's own, and the team's owners) edit; other
 * members of the pilot's team read and log sessions they ran; anyone else sees nothing.
 */
import type { Pilot } from './pilots';

export type Role = 'owner' | 'member' | 'none';

/** What the caller knows of the viewer: tenant, Entra id, and their standing in the pilot's team. */
export interface Viewer {
  tenantId: string;
  userId: string;
  /** 'owner' for a team owner, 'member' for any other member, 'none' when not in the team. */
  team: 'owner' | 'member' | 'none';
}

export function roleOf(pilot: Pilot, viewer: Viewer): Role {
  if (viewer.tenantId !== pilot.team.tenantId || viewer.team === 'none') return 'none';
  if (viewer.team === 'owner' || pilot.owners.includes(viewer.userId)) return 'owner';
  return 'member';
}

export const canRead = (r: Role): boolean => r !== 'none';
export const canEditPhases = (r: Role): boolean => r === 'owner';
export const canLogSession = (r: Role): boolean => r !== 'none';

/** A session is corrected by whoever logged it, or by an owner. */
export function canChangeSession(r: Role, session: { loggedBy: string }, userId: string): boolean {
  return r === 'owner' || (r === 'member' && session.loggedBy === userId);
}
