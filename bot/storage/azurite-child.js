// Runs Azurite's table service in its own process. Azurite cannot share a process with restify:
// restify extends http.IncomingMessage, which breaks Azurite's query parsing (a range filter's
// upper bound was ignored). The parent talks to this process over IPC.
'use strict';
const TableConfiguration = require('azurite/dist/src/table/TableConfiguration').default;
const { URL } = require('node:url');
const TableServer = require('azurite/dist/src/table/TableServer').default;

const [dbPath, inMemory, port] = process.argv.slice(2);

async function main() {
  const config = new TableConfiguration(
    '127.0.0.1',
    Number(port || 0),
    undefined, // keep-alive timeout: Azurite's default
    dbPath,
    false, // debug log
    false, // access log
    undefined,
    undefined,
    false, // loose
    true, // skip API version check: the SDK may be newer than the emulator
    '',
    '',
    '',
    undefined,
    false,
    inMemory === 'memory',
  );
  const server = new TableServer(config);
  await server.start();
  const address = new URL(server.getHttpServerAddress());
  let closing;
  const close = () => {
    // close() saves the database file before it resolves.
    closing =
      closing ||
      server.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('message', (m) => m === 'shutdown' && close());
  process.on('disconnect', close);
  process.on('SIGINT', close);
  process.on('SIGTERM', close);
  process.send({ ready: true, port: Number(address.port) });
}

main().catch((e) => {
  process.stderr.write(`azurite failed to start: ${e && e.message}\n`);
  process.exit(1);
});
