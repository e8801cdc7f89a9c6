/**
 * The Teams SDK's errors as the port's ConnectorError. The SDK calls the Bot Connector with axios
 * (through @microsoft/teams.common's Client), so a failed call is an AxiosError: the status and
 * headers in `response`, Teams' own error code in the answer's body (`{ error: { code } }`), and
 * Node's code (ECONNREFUSED, ECONNABORTED…) when no answer came.
 */
import { ConnectorError, type TeamStanding } from '../../application/port';
import { readHttpError } from '../../application/reminders/delivery';
import { isObject } from '../activity';

/** Teams' error code from an answer's body, when it looks like one (it goes to the log). */
function teamsCodeOf(e: unknown): string | undefined {
  const data = isObject(e) && isObject(e.response) ? e.response.data : undefined;
  const code = isObject(data) && isObject(data.error) ? data.error.code : undefined;
  return typeof code === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(code) ? code : undefined;
}

/** An SDK (axios) error as the port's ConnectorError; a ConnectorError stays one. */
export function connectorError(e: unknown): ConnectorError {
  if (e instanceof ConnectorError) return e;
  const read = readHttpError(e, Date.now());
  // axios' own code for an answered call (ERR_BAD_REQUEST, ERR_BAD_RESPONSE) says nothing more
  // than the status: Teams' code from the body is kept instead, as botbuilder's RestError keeps it.
  const code = read.statusCode !== undefined ? teamsCodeOf(e) : read.transport ? read.code : undefined;
  return new ConnectorError({ ...read, code });
}

/** Runs a call to the connector, its failure read as a ConnectorError. */
export async function mapped<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw connectorError(e);
  }
}

/** A member's standing from the member API's answer: 404 is Teams' "not a member". */
export async function standingOf(call: () => Promise<{ userRole?: string }>): Promise<TeamStanding> {
  try {
    const member = await call();
    return member.userRole === 'owner' ? 'owner' : 'member';
  } catch (e) {
    const error = connectorError(e);
    if (error.statusCode === 404) return 'none';
    throw error;
  }
}
