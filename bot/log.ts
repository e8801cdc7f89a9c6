/**
 * Structured logs. One line per request and per turn, with ids and timings; never a name, a
 * free-text answer or a token (the redaction below is the safety net, not the plan).
 */
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'polku' },
      redact: {
        paths: ['req.headers.authorization', '*.authorization', 'token', '*.token', 'text', '*.text'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
