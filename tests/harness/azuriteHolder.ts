/**
 * A process that runs the embedded Azurite on a data folder, as a Polku server or a reminder
 * runner does, for the lock tests: `node --import tsx tests/harness/azuriteHolder.ts <dataDir>
 * [server|runner]`. Prints one JSON line, `{"started":true,"port":…}` or `{"refused":true,"pid":…}`
 * (exit 3), and stops gracefully on SIGTERM.
 */
import { DataDirInUseError, type Holder, startAzurite } from '../../bot/storage/azurite';

const [dataDir, holder = 'server'] = process.argv.slice(2);

startAzurite({ dataDir, holder: holder as Holder, lockWaitMs: 20_000 }).then(
  (azurite) => {
    process.stdout.write(`${JSON.stringify({ started: true, port: azurite.port, pid: process.pid })}\n`);
    process.once('SIGTERM', () => {
      void azurite.stop().then(() => process.exit(0));
    });
  },
  (e: unknown) => {
    if (e instanceof DataDirInUseError) {
      process.stdout.write(`${JSON.stringify({ refused: true, pid: e.pid })}\n`);
      process.exit(3);
    }
    process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(1);
  },
);
