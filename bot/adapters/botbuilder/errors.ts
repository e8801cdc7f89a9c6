/**
 * botbuilder's errors as the port's ConnectorError. Nothing of botbuilder is required here, so
 * that ./adapter.ts imports these at start and botbuilder itself (./cloud.ts) on first use.
 */
import { ConnectorError } from '../../application/port';
import { readHttpError } from '../../application/reminders/delivery';

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
