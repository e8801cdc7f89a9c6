/**
 * `npm run playground`: Polku in Microsoft 365 Agents Playground, a Teams-like client that runs
 * offline (personal chat, group chat, a team channel, Adaptive Cards rendered as in Teams).
 *
 * Starts Polku as `npm start` does (`node dist/bot/index.js`, which the npm script builds first;
 * embedded Azurite under POLKU_DATA_DIR, demo data unless POLKU_DEMO=off) in local mode, then the Playground pointed at it with the repository's
 * `.m365agentsplayground.yml`, and prints the address to open. PORT and PLAYGROUND_PORT choose
 * the ports (default: any free port). Ctrl-C stops both: Polku gracefully, then each process
 * group is swept so that nothing is left running. No telemetry leaves the machine.
 *
 * The end-to-end tests (tests/e2e/) start both through the functions exported here.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { serverArgs } from './compiled';

export const ROOT = path.resolve(__dirname, '..');
export const PLAYGROUND_CONFIG = path.join(ROOT, '.m365agentsplayground.yml');

/**
 * The Playground's own switches against telemetry: `--disable-telemetry` alone still lets
 * Application Insights try to send; these two stop every outside connection.
 */
export const NO_TELEMETRY_ENV: Record<string, string> = {
  APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
  APPLICATIONINSIGHTS_CONFIGURATION_CONTENT: '{"disableAppInsights":true}',
};

/** Variables that would take Polku out of local mode or onto a real storage account. */
const NOT_FOR_THE_PLAYGROUND = [
  'MicrosoftAppId',
  'MicrosoftAppPassword',
  'MicrosoftAppType',
  'MicrosoftAppTenantId',
  'AZURE_STORAGE_CONNECTION_STRING',
  'AZURE_TABLES_ACCOUNT_URL',
];

export interface Service {
  name: string;
  /** Where it answers: Polku's base URL, or the page of the Playground. */
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code (or the signal) once the process has ended. */
  exited: Promise<number | string | null>;
  /** The last lines it wrote, for error messages. */
  tail(lines?: number): string;
  /** How many lines it has written so far. */
  lineCount(): number;
  /** The lines written as line number `since` or later (of the last 5000). */
  linesSince(since: number): string[];
  /** Resolves with the first line, written as line number `since` or later, that `test` accepts. */
  waitForLine(test: (line: string) => boolean, o?: { since?: number; timeoutMs?: number }): Promise<string>;
  /** SIGTERM to the process, then SIGKILL to whatever is left in its process group. */
  stop(graceMs?: number): Promise<void>;
}

interface SpawnOptions {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Every line the process writes is also appended here. */
  logFile?: string;
  /** Returns the service's URL once a line says it is ready. */
  readyLine: (line: string) => string | undefined;
  timeoutMs: number;
}

const running = new Set<ChildProcess>();

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch (e) {
    // ESRCH: the group is already empty.
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
}

// Last resort (an exception, process.exit elsewhere): nothing started here outlives this process.
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

/**
 * Spawns a node process in its own process group (so that a terminal's Ctrl-C reaches only this
 * script, which then stops the children in order) and waits until `readyLine` finds its URL.
 */
async function spawnService(o: SpawnOptions): Promise<Service> {
  const child = spawn(process.execPath, o.args, {
    cwd: o.cwd,
    env: o.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  // The last lines written; `written` counts every line, so line n is lines[n - (written - lines.length)].
  const lines: string[] = [];
  let written = 0;
  const watchers = new Set<(line: string, n: number) => void>();
  const log = o.logFile ? fs.createWriteStream(o.logFile, { flags: 'a' }) : undefined;
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => {
      resolve(code ?? signal);
    }),
  );
  // The group may hold children of the process (Polku's Azurite): sweep it once the process ended.
  void exited.then(() => {
    killGroup(child, 'SIGKILL');
    running.delete(child);
    log?.end();
  });
  let onLine: (line: string) => void = () => undefined;
  for (const stream of [child.stdout!, child.stderr!]) {
    let rest = '';
    stream.setEncoding('utf8'); // a character split between two chunks stays whole
    stream.on('data', (chunk: string) => {
      log?.write(chunk);
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (lines.length > 5000) lines.shift();
        const n = written++;
        onLine(line);
        for (const watch of watchers) watch(line, n);
      }
    });
  }
  const tail = (n = 40) => lines.slice(-n).join('\n');
  const linesSince = (since: number) => lines.slice(Math.max(0, since - (written - lines.length)));
  const waitForLine = (test: (line: string) => boolean, w: { since?: number; timeoutMs?: number } = {}) =>
    new Promise<string>((resolve, reject) => {
      const since = w.since ?? 0;
      const found = linesSince(since).find(test);
      if (found !== undefined) return resolve(found);
      const timer = setTimeout(() => {
        watchers.delete(watch);
        reject(new Error(`${o.name} wrote no such line within ${w.timeoutMs ?? 15000} ms:\n${tail(15)}`));
      }, w.timeoutMs ?? 15000);
      const watch = (line: string, n: number) => {
        if (n < since || !test(line)) return;
        clearTimeout(timer);
        watchers.delete(watch);
        resolve(line);
      };
      watchers.add(watch);
    });
  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 10000) =>
    (stopping ??= (async () => {
      if (alive(child)) {
        child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        const graceful = await Promise.race([
          exited.then(() => true),
          new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
        ]);
        clearTimeout(timer);
        if (!graceful) killGroup(child, 'SIGKILL');
      }
      await exited;
      killGroup(child, 'SIGKILL');
    })());
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${o.name} was not ready within ${o.timeoutMs} ms:\n${tail()}`)),
        o.timeoutMs,
      );
      onLine = (line) => {
        const found = o.readyLine(line);
        if (found) {
          clearTimeout(timer);
          onLine = () => undefined;
          resolve(found);
        }
      };
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${o.name} exited (${code}) before it was ready:\n${tail()}`));
      });
    });
    return { name: o.name, url, child, exited, tail, lineCount: () => written, linesSince, waitForLine, stop };
  } catch (e) {
    await stop(2000);
    throw e;
  }
}

export interface PolkuOptions {
  /** Added to (and overriding) this process' environment, after the variables above are removed. */
  env?: Record<string, string>;
  logFile?: string;
  timeoutMs?: number;
}

/**
 * Polku as `npm start` runs it (dist/bot/index.js, or bot/index.ts through tsx when the build is
 * not current: scripts/compiled.ts), in local mode; ready when it logs its address.
 */
export function startPolkuService(o: PolkuOptions = {}): Promise<Service> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: process.env.PORT ?? '0' };
  for (const name of NOT_FOR_THE_PLAYGROUND) delete env[name];
  Object.assign(env, o.env);
  // The address is read from the "listening" line, which is logged at info.
  if (!['info', 'debug', 'trace'].includes(env.LOG_LEVEL ?? 'info')) env.LOG_LEVEL = 'info';
  return spawnService({
    name: 'Polku',
    args: serverArgs(ROOT).args,
    env,
    cwd: ROOT,
    logFile: o.logFile,
    timeoutMs: o.timeoutMs ?? 60000,
    readyLine: (line) => {
      if (!line.includes('Polku is listening')) return undefined;
      try {
        return (JSON.parse(line) as { url?: string }).url;
      } catch {
        return undefined;
      }
    },
  });
}

export interface PlaygroundOptions {
  /** Polku's /api/messages. */
  appEndpoint: string;
  /** 0 (default) = any free port. */
  port?: number;
  configPath?: string;
  /** The Playground writes its log here (default: devTools/ under its working folder). */
  logFile?: string;
  /** Every request and response between the Playground and the bot is written here. */
  recordingFile?: string;
  cwd?: string;
  timeoutMs?: number;
}

/** The Playground's CLI run directly (not through npx), so that the PID held is the server's. */
export async function startPlaygroundService(o: PlaygroundOptions): Promise<Service> {
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  const args = [cli, '--app-endpoint', o.appEndpoint, '--port', String(o.port ?? 0), '--disable-telemetry'];
  if (o.recordingFile) args.push('--enable-events-recording');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...NO_TELEMETRY_ENV,
    TEAMSAPPTESTER_BROWSER: 'none',
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: o.configPath ?? PLAYGROUND_CONFIG,
  };
  if (o.logFile) env.M365_AGENTS_PLAYGROUND_LOGFILE = o.logFile;
  if (o.recordingFile) env.M365_AGENTS_PLAYGROUND_RECORDING_FILE = o.recordingFile;
  const service = await spawnService({
    name: 'Agents Playground',
    args,
    env,
    cwd: o.cwd ?? ROOT,
    timeoutMs: o.timeoutMs ?? 30000,
    // Its connector's serviceUrl is http://localhost:<port>/_connector: the page uses the same host.
    readyLine: (line) => {
      const port = /^Listening on (\d+)/.exec(line.trim())?.[1];
      return port ? `http://localhost:${port}` : undefined;
    },
  });
  // It says "Listening" from its listen callback; its debug endpoint confirms it answers.
  const deadline = Date.now() + 10000;
  for (;;) {
    const pong = await fetch(`${service.url}/_debug/ping`)
      .then((r) => r.text())
      .catch(() => '');
    if (pong === 'pong') return { ...service, url: `${service.url}/` };
    if (Date.now() > deadline || !alive(service.child)) {
      await service.stop(2000);
      throw new Error(`Agents Playground does not answer at ${service.url}:\n${service.tail()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main(): Promise<void> {
  const dataDir = path.resolve(ROOT, process.env.POLKU_DATA_DIR ?? '.polku');
  fs.mkdirSync(dataDir, { recursive: true });
  const polkuLog = path.join(dataDir, 'polku.log');
  const playgroundLog = path.join(dataDir, 'playground.log');
  const rel = (p: string) => {
    const r = path.relative(process.cwd(), p);
    return r.startsWith('..') || path.isAbsolute(r) ? p : r || '.';
  };
  const dropped = NOT_FOR_THE_PLAYGROUND.filter((n) => process.env[n]);
  if (dropped.length) {
    console.log(`Ignoring ${dropped.join(', ')}: the Playground runs Polku locally, with no bot identity.`);
  }
  const playgroundPort = Number(process.env.PLAYGROUND_PORT ?? 0);
  if (!Number.isInteger(playgroundPort) || playgroundPort < 0 || playgroundPort > 65535) {
    console.error(`PLAYGROUND_PORT must be a port number (0 = any free port), not "${process.env.PLAYGROUND_PORT}"`);
    process.exit(2);
  }

  const services: Service[] = [];
  let shuttingDown = false;
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    // The Playground first (it may still be calling the bot), then Polku, which closes Azurite.
    for (const s of [...services].reverse()) await s.stop();
    process.exit(code);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    // The same Ctrl-C may come twice (from the terminal and forwarded by npm): stopping is already
    // bounded (each process gets 10 s to end gracefully, then its group is killed).
    if (shuttingDown) return;
    console.log(`\n${signal}: stopping the Playground and Polku…`);
    void shutdown(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);

  try {
    console.log('Starting Polku (embedded Azurite)…');
    const polku = await startPolkuService({ logFile: polkuLog });
    services.push(polku);
    const playground = await startPlaygroundService({
      appEndpoint: `${polku.url}/api/messages`,
      port: playgroundPort,
      logFile: playgroundLog,
      cwd: dataDir,
    });
    services.push(playground);
    for (const s of services) {
      void s.exited.then((code) => {
        if (shuttingDown) return;
        console.error(`\n${s.name} stopped unexpectedly (${code}). Its last lines:\n${s.tail()}`);
        void shutdown(1);
      });
    }
    const demo = (process.env.POLKU_DEMO ?? 'on') !== 'off';
    console.log(
      [
        '',
        'Polku is running in Microsoft 365 Agents Playground, offline.',
        '',
        `  Open ${playground.url} in a browser.`,
        '',
        `  Polku       ${polku.url}/api/messages (local mode; data in ${rel(dataDir)}${demo ? ', demo pilots loaded' : ''})`,
        `  Playground  ${rel(PLAYGROUND_CONFIG)}: team "Raision aikuissosiaalityö", channel "Kokeilut", you are Aino Virtanen`,
        `  Logs        ${rel(polkuLog)}, ${rel(playgroundLog)}`,
        '',
        'In the personal chat type "ohje" or "help"; in the channel @mention Polku first (open the',
        'channel once to install Polku in the team). The Playground always sends locale en-US, so',
        'Polku answers in English there; in Teams it follows the user’s language (Finnish by default).',
        '',
        'Press Ctrl-C to stop both.',
      ].join('\n'),
    );
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    await shutdown(1);
  }
}

if (require.main === module) void main();
