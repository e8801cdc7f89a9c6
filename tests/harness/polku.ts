/** Starts a real Polku server for a test: real HTTP, real Azurite, logs captured for assertions. */
import { Writable } from 'node:stream';
import { startPolku, type RunningPolku } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/log';
import { testConnectionString, uniquePrefix } from './storage';

export interface TestPolku extends RunningPolku {
  logs: string[];
}

export async function startTestPolku(
  env: Record<string, string | undefined> = {},
  opts: { now?: () => Date } = {},
): Promise<TestPolku> {
  const config = loadConfig({
    PORT: '0',
    POLKU_TABLE_PREFIX: uniquePrefix(),
    AZURE_STORAGE_CONNECTION_STRING: testConnectionString(),
    POLKU_DEMO: 'off',
    // Tests sweep at chosen instants themselves.
    POLKU_REMINDER_INTERVAL: '0',
    LOG_LEVEL: 'info',
    // The bot SDK of this run of the suite (jest.config.js runs the bot tests on both).
    POLKU_BOT_SDK: process.env.POLKU_BOT_SDK,
    ...env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  const polku = await startPolku(config, createLogger(config.logLevel, sink), opts);
  return Object.assign(polku, { logs });
}
