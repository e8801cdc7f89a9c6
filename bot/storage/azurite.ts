/**
 * The embedded Azurite table service, used when no Azure account is configured. It runs in a
 * child process and keeps its data under the data folder.
 *
 * - Durable answers: the child answers a write only once the database file holding it is on
 *   disk (azurite-child.js, group commit), so a write acknowledged survives a kill of either process.
 * - Restart: when the child dies unexpectedly it is started again on the same port and folder, so
 *   the table clients already made keep working; repeated deaths back off.
 * - One Azurite per data folder: a lock taken atomically by binding a socket of the folder's own
 *   name (an abstract Unix socket on Linux, a named pipe on Windows: the kernel frees both when the
 *   last holder dies, SIGKILL included). The parent binds it and hands it to the child, so it is
 *   held while either lives: through a restart, and by a child saving after its parent died.
 *   Whoever connects to it is told who holds it and on which port (findRunningAzurite).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type ChildProcess, fork } from 'node:child_process';
import type { Logger } from '../log';

/** Azurite's well-known development account (public, documented; not a secret). */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const DB_FILE = '__azurite_db_table__.json';

export interface EmbeddedAzurite {
  port: number;
  connectionString: string;
  stop(): Promise<void>;
}

export function azuriteConnectionString(port: number, host = '127.0.0.1'): string {
  return `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};TableEndpoint=http://${host}:${port}/${DEV_ACCOUNT};`;
}

/** Who runs the Azurite of a data folder: the server, or a reminder runner with no server beside it. */
export type Holder = 'server' | 'runner';

/** What the holder of a data folder's lock answers. */
export interface LockInfo {
  /** The Polku process that started the Azurite. */
  pid: number;
  azuritePid: number;
  /** 0 while Azurite is starting. */
  port: number;
  holder: Holder;
  /** True once the holder is stopping (or its parent died): it lets go as soon as it has saved. */
  closing: boolean;
}

/**
 * - `per-write` (the default): a write is answered once it is on disk.
 * - `interval`: Azurite's own behaviour, a save every 5 s; kept only so that the bench can measure
 *   the cost of the other (a kill loses up to 5 s of acknowledged writes).
 */
export type Durability = 'per-write' | 'interval';

/** The data folder's lock is held: by a server (final), or by anyone still after the wait. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number | undefined,
    readonly holder: Holder | undefined,
  ) {
    super(`another Polku process (pid ${pid ?? 'unknown'}) is using the data folder ${dataDir}`);
    this.name = 'DataDirInUseError';
  }
}

/**
 * The lock's address. Linux: an abstract socket (no file; gone with its last holder). Windows: a
 * named pipe (the same). Elsewhere a socket file in the temporary folder, which a SIGKILL leaves
 * behind: a file nobody answers on is taken for stale and replaced (see takeLock).
 */
export function lockAddress(dataDir: string): string {
  const hash = createHash('sha256').update(fs.realpathSync(dataDir)).digest('hex');
  if (process.platform === 'linux') return `\0polku-azurite-${hash}`;
  if (process.platform === 'win32') return `\\\\?\\pipe\\polku-azurite-${hash}`;
  return path.join(os.tmpdir(), `polku-azurite-${hash.slice(0, 32)}.sock`);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Asks the lock's holder who it is: `refused` when nobody listens, `undefined` when it does not answer in time. */
function askHolder(address: string, timeoutMs = 1000): Promise<LockInfo | 'refused' | undefined> {
  return new Promise((resolve) => {
    let text = '';
    const socket = net.connect({ path: address });
    const done = (v: LockInfo | 'refused' | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.on('data', (c: Buffer) => (text += c.toString('utf8')));
    socket.on('end', () => {
      try {
        done(JSON.parse(text) as LockInfo);
      } catch {
        done(undefined); // a holder that went away mid-answer: treat as busy, ask again later
      }
    });
    socket.on('error', (e: NodeJS.ErrnoException) =>
      done(e.code === 'ECONNREFUSED' || e.code === 'ENOENT' ? 'refused' : undefined),
    );
  });
}

/** The Azurite a live Polku process runs on this data folder, if any (its lock's holder answers). */
export async function findRunningAzurite(dataDir: string): Promise<LockInfo | undefined> {
  if (!fs.existsSync(dataDir)) return undefined;
  const info = await askHolder(lockAddress(dataDir));
  return typeof info === 'object' ? info : undefined;
}

function listen(server: net.Server, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ path: address, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Takes the folder's lock, atomically: binding fails when anyone holds it. A server holding it is
 * final (DataDirInUseError at once); a runner holding it, or a holder that is stopping or starting,
 * is waited for, up to `waitMs`.
 */
async function takeLock(dataDir: string, waitMs: number, log?: Logger): Promise<net.Server> {
  const address = lockAddress(dataDir);
  const deadline = Date.now() + waitMs;
  let waited = false;
  for (;;) {
    const server = net.createServer();
    try {
      await listen(server, address);
      return server;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    }
    const info = await askHolder(address);
    if (info === 'refused') {
      // Only a socket file can be left with nobody behind it (see lockAddress).
      if (!address.startsWith('\0') && !address.startsWith('\\\\')) fs.rmSync(address, { force: true });
      continue;
    }
    if (info?.holder === 'server' && !info.closing && info.port > 0)
      throw new DataDirInUseError(dataDir, info.pid, 'server');
    if (Date.now() >= deadline) throw new DataDirInUseError(dataDir, info?.pid, info?.holder);
    if (!waited) {
      log?.info({ pid: info?.pid, holder: info?.holder, closing: info?.closing }, 'waiting for the data folder lock');
      waited = true;
    }
    await sleep(200);
  }
}

interface Child {
  process: ChildProcess;
  port: number;
  exited: Promise<void>;
}

/** Forks the child and waits until it serves (or fails to). */
async function spawnChild(
  args: { dbPath: string; mode: 'disk' | 'memory'; port: number; durability: Durability },
  lock?: { server: net.Server; info: Omit<LockInfo, 'azuritePid' | 'port' | 'closing'> },
): Promise<Child> {
  const child = fork(
    path.join(__dirname, 'azurite-child.js'),
    [args.dbPath, args.mode, String(args.port), args.durability],
    { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (lock) child.send({ lock: lock.info }, lock.server);
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { ready?: boolean; port?: number }) =>
      m.ready && m.port ? resolve(m.port) : reject(new Error('azurite did not start')),
    );
    void exited.then(() => reject(new Error(`azurite exited with code ${child.exitCode} before it was ready`)));
  });
  return { process: child, port, exited };
}

export interface DiskOptions {
  dataDir: string;
  /** Who runs it (told to anyone who asks the lock); a server's lock is never waited for. */
  holder?: Holder;
  /** How long to wait for a lock held by a runner or a stopping holder (default 60 s). */
  lockWaitMs?: number;
  durability?: Durability;
  /** Restarts and lock waits are logged here (ids only). */
  log?: Logger;
}

/** Restart delay after the n-th death in a row of a child that did not stay up (ms). */
const backoff = (n: number): number => (n <= 1 ? 0 : Math.min(10_000, 250 * 2 ** (n - 2)));
/** A child that served this long before it died is restarted at once, and the count starts again. */
const STAYED_UP_MS = 2000;

/**
 * Starts Azurite's table service in a child process on a free loopback port (or `port`). With
 * `dataDir` it persists there, under the folder's lock (DataDirInUseError when a server holds
 * it), and is restarted when it dies; with `inMemory` it keeps nothing and is not restarted.
 */
export async function startAzurite(opts: DiskOptions | { inMemory: true }, port = 0): Promise<EmbeddedAzurite> {
  if ('inMemory' in opts) {
    const child = await spawnChild({ dbPath: '__polku_memory__.json', mode: 'memory', port, durability: 'interval' });
    return embedded(child.port, async () => {
      if (child.process.exitCode === null && child.process.connected) child.process.send('shutdown');
      await child.exited;
    });
  }
  const { dataDir, log } = opts;
  fs.mkdirSync(dataDir, { recursive: true });
  const lockServer = await takeLock(dataDir, opts.lockWaitMs ?? 60_000, log);
  const info: LockInfo = {
    pid: process.pid,
    azuritePid: 0,
    port: 0,
    holder: opts.holder ?? 'server',
    closing: false,
  };
  // The parent answers too: while the child restarts, and before it has taken over.
  lockServer.on('connection', (socket) => {
    socket.on('error', () => socket.destroy());
    socket.end(`${JSON.stringify(info)}\n`);
  });
  lockServer.unref();
  const args = {
    dbPath: path.join(dataDir, DB_FILE),
    mode: 'disk' as const,
    port,
    durability: opts.durability ?? 'per-write',
  };
  const lock = { server: lockServer, info: { pid: info.pid, holder: info.holder } };
  let child: Child;
  try {
    child = await spawnChild(args, lock);
  } catch (e) {
    lockServer.close();
    throw e;
  }
  args.port = info.port = child.port;
  info.azuritePid = child.process.pid ?? 0;

  let stopping = false;
  let deaths = 0;
  let timer: NodeJS.Timeout | undefined;
  let restarting: Promise<void> | undefined;
  const supervise = (c: Child) => {
    const readyAt = Date.now();
    void c.exited.then(() => {
      if (stopping) return;
      info.azuritePid = 0;
      deaths = Date.now() - readyAt >= STAYED_UP_MS ? 1 : deaths + 1;
      scheduleRestart({ code: c.process.exitCode, signal: c.process.signalCode });
    });
  };
  const scheduleRestart = (why: { code: number | null; signal: NodeJS.Signals | null }) => {
    const delayMs = backoff(deaths);
    log?.warn({ ...why, pid: info.azuritePid || undefined, deaths, delayMs }, 'embedded Azurite stopped; restarting');
    timer = setTimeout(() => {
      timer = undefined;
      restarting = (async () => {
        try {
          const next = await spawnChild(args, lock);
          if (stopping) {
            next.process.send('shutdown');
            await next.exited;
            return;
          }
          child = next;
          info.azuritePid = next.process.pid ?? 0;
          log?.info({ port: next.port, pid: info.azuritePid, deaths }, 'embedded Azurite restarted');
          supervise(next);
        } catch (e) {
          if (stopping) return;
          deaths++;
          log?.error({ err: { name: (e as Error).name }, deaths }, 'embedded Azurite did not restart');
          scheduleRestart({ code: null, signal: null });
        } finally {
          restarting = undefined;
        }
      })();
    }, delayMs);
  };
  supervise(child);

  let stopped: Promise<void> | undefined;
  return embedded(child.port, () => {
    stopped ??= (async () => {
      stopping = true;
      info.closing = true;
      if (timer) clearTimeout(timer);
      await restarting;
      const c = child.process;
      if (c.exitCode === null && c.signalCode === null && c.connected) c.send('shutdown');
      await child.exited;
      await new Promise<void>((resolve) => lockServer.close(() => resolve()));
    })();
    return stopped;
  });
}

function embedded(port: number, stop: () => Promise<void>): EmbeddedAzurite {
  return { port, connectionString: azuriteConnectionString(port), stop };
}
