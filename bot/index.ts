/** Entry point: read the configuration, start Polku, stop it gracefully on SIGINT and SIGTERM. */
import { startPolku } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './log';
import { DataDirInUseError } from './storage/azurite';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger(config.logLevel);
  let polku;
  try {
    polku = await startPolku(config, log);
  } catch (e) {
    if (e instanceof DataDirInUseError) {
      log.fatal(
        { dataDir: e.dataDir, pid: e.pid, holder: e.holder },
        e.holder === 'server'
          ? 'another Polku is already running on this data folder; stop it or set POLKU_DATA_DIR'
          : 'a reminder runner has held this data folder for a minute; stop it or set POLKU_DATA_DIR',
      );
      process.exit(3);
    }
    throw e;
  }
  const running = polku;
  const shutdown = (signal: string) => {
    log.info({ signal }, 'stopping');
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Polku failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
