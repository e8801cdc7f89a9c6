/**
 * The embedded Azurite table service, used when no Azure account is configured. It runs in a
 * child process and keeps its data under the data folder; stop() closes it gracefully so that every
 * write made before the stop is saved. Its address is written to the data folder so that other
 * Polku processes (the reminder runner) can find the running one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fork } from 'node:child_process';

/** Azurite's well-known development account (public, documented; not a secret). */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const LOCK_FILE = 'azurite.json';

export interface EmbeddedAzurite {
  port: number;
  connectionString: string;
  stop(): Promise<void>;
}

export function azuriteConnectionString(port: number, host = '127.0.0.1'): string {
  return `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};TableEndpoint=http://${host}:${port}/${DEV_ACCOUNT};`;
}

interface LockInfo {
  pid: number;
  port: number;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The Azurite another live Polku process runs on this data folder, if any. */
export function findRunningAzurite(dataDir: string): LockInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')) as LockInfo;
    return info.pid !== process.pid && processAlive(info.pid) ? info : undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`another Polku process (pid ${pid}) is using the data folder ${dataDir}`);
    this.name = 'DataDirInUseError';
  }
}

/**
 * Starts Azurite's table service in a child process on a free loopback port. With `dataDir` it
 * persists there; with `inMemory` it keeps nothing.
 */
export async function startAzurite(opts: { dataDir: string } | { inMemory: true }, port = 0): Promise<EmbeddedAzurite> {
  const dataDir = 'dataDir' in opts ? opts.dataDir : undefined;
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    const running = findRunningAzurite(dataDir);
    if (running) throw new DataDirInUseError(dataDir, running.pid);
  }
  const dbPath = dataDir ? path.join(dataDir, '__azurite_db_table__.json') : '__polku_memory__.json';
  const child = fork(path.join(__dirname, 'azurite-child.js'), [dbPath, dataDir ? 'disk' : 'memory', String(port)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: [],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const actualPort = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { ready?: boolean; port?: number }) =>
      m.ready && m.port ? resolve(m.port) : reject(new Error('azurite did not start')),
    );
    void exited.then((code) => reject(new Error(`azurite exited with code ${code} before it was ready`)));
  });
  const lockPath = dataDir ? path.join(dataDir, LOCK_FILE) : undefined;
  if (lockPath) fs.writeFileSync(lockPath, JSON.stringify({ pid: process.pid, port: actualPort }));
  let stopping: Promise<void> | undefined;
  return {
    port: actualPort,
    connectionString: azuriteConnectionString(actualPort),
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null && child.connected) child.send('shutdown');
        await exited;
        if (lockPath) fs.rmSync(lockPath, { force: true });
      })();
      return stopping;
    },
  };
}
