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

/**
 * An error as a log line carries it: its name and the stack's frames, without the message line.
 * A message can hold what a person typed (a parse error quoting its input, a card refusing a
 * field); the frames are code locations only.
 */
export function errorForLog(error: unknown): { name: string; frames: string[] } {
  if (!(error instanceof Error)) return { name: typeof error, frames: [] };
  const stack = error.stack ?? '';
  // The message can span lines, some of which may look like frames: cut it off whole when it leads.
  const header = error.message ? `${error.name}: ${error.message}` : error.name;
  const frames = (stack.startsWith(header) ? stack.slice(header.length) : stack)
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .map((line) => line.trim());
  return { name: error.name, frames };
}
