/** botbuilder's errors as the port's ConnectorError, and the one member call both turn and messenger make. */
import type { TurnContext } from 'botbuilder';
import { ConnectorError, type TeamStanding } from '../../application/port';
import { readHttpError } from '../../application/reminders/delivery';
import { TeamsInfo } from './sdk';

/** A botbuilder (or connector) error as the port's ConnectorError; a ConnectorError stays one. */
export function connectorError(e: unknown): ConnectorError {
  if (e instanceof ConnectorError) return e;
  return new ConnectorError(readHttpError(e, Date.now()));
}

/** Runs a call to the connector, its failure read as a ConnectorError. */
export async function mapped<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw connectorError(e);
  }
}

/** A person's standing in a team through a turn's connector: 404 is Teams' "not a member". */
export async function memberIn(ctx: TurnContext, teamId: string, userId: string): Promise<TeamStanding> {
  try {
    const member = await TeamsInfo.getTeamMember(ctx, teamId, userId);
    return member.userRole === 'owner' ? 'owner' : 'member';
  } catch (e) {
    const error = connectorError(e);
    if (error.statusCode === 404) return 'none';
    throw error;
  }
}
