/**
 * Runs the reminder sweep outside the server, for a scheduler (an Azure Functions timer, cron)
 * or an operator: `npm run reminders -- --once [--now 2026-03-02T10:00:00+02:00]`.
 * Uses the same configuration and store as the server; with the embedded Azurite it works on the
 * same POLKU_DATA_DIR whether or not a server is running: beside a server it uses the server's
 * Azurite, alone it runs its own, and beside another runner it waits (up to a minute) until that
 * one is done, so that two runners never sweep two copies of the folder. Without --once it sweeps
 * every POLKU_REMINDER_INTERVAL seconds until stopped (and holds the folder meanwhile, when it
 * runs the Azurite).
 */
import { parseArgs } from 'node:util';
import { assembleRunner, openStorage } from '../bot/app';
import { ConfigError, loadConfig } from '../bot/config';
import { createLogger } from '../bot/log';
import type { SweepReport } from '../bot/application/reminders/runner';
import { TableStore } from '../bot/storage/tables';

function print(report: SweepReport): void {
  const lines = report.lines.map(
    (l) => `${l.outcome.padEnd(14)} ${l.key.padEnd(28)} pilot ${l.pilotId}  to ${l.to.length}`,
  );
  process.stdout.write(
    `${report.at}: ${report.due} due, ${report.rowsRead} rows read\n${lines.map((l) => `  ${l}\n`).join('')}`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { once: { type: 'boolean' }, now: { type: 'string' } } });
  const at = values.now ? new Date(values.now) : undefined;
  if (at && Number.isNaN(at.getTime())) {
    process.stderr.write(`--now: not a date and time: ${values.now} (e.g. 2026-03-02T10:00:00+02:00)\n`);
    process.exit(2);
  }
  let config;
  try {
    config = loadConfig({ ...process.env, POLKU_DEMO: 'off' });
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const { target, azurite } = await openStorage(config, log, { share: true });
  try {
    const store = new TableStore(target, config.tablePrefix);
    await store.createTables();
    const { reminders } = await assembleRunner(config, log, store);
    if (values.once) {
      print(await reminders.sweep(at ?? new Date()));
      return;
    }
    const seconds = config.reminderIntervalSeconds || 60;
    let stop = false;
    process.once('SIGINT', () => (stop = true));
    process.once('SIGTERM', () => (stop = true));
    while (!stop) {
      print(await reminders.sweep(new Date()));
      for (let waited = 0; waited < seconds && !stop; waited++) await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    if (azurite) await azurite.stop();
  }
}

main().then(
  // Storage clients keep sockets open for reuse; the work is done, so end now.
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`reminders: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
