/** Runs Polku as `npm start` does (a real process on the embedded Azurite) for end-to-end tests. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { serverArgs } from '../../scripts/compiled';

const ROOT = path.resolve(__dirname, '..', '..');

export interface PolkuProcess {
  url: string;
  child: ChildProcess;
  output: string[];
  /** Sends the signal and waits for the process to exit; returns its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

let noted = false;

/**
 * Starts `node dist/bot/index.js` as `npm start` does (`npm test` builds it first); after an edit
 * under bot/ without a build, the source through tsx instead, said once on stderr. `at` runs
 * another copy instead (a staged web app: its folder and node's arguments).
 */
export async function spawnPolku(
  env: Record<string, string>,
  timeoutMs = 30000,
  at?: { cwd: string; args: string[] },
): Promise<PolkuProcess> {
  const server = at ?? serverArgs(ROOT);
  if ('reason' in server && server.reason && !noted) {
    noted = true;
    process.stderr.write(`spawnPolku: ${server.reason}; running bot/index.ts through tsx (npm run build:bot)\n`);
  }
  const child = spawn(process.execPath, server.args, {
    cwd: at?.cwd ?? ROOT,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Polku did not start in time:\n${output.join('\n')}`)), timeoutMs);
    const onLine = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        output.push(line);
        if (line.includes('Polku is listening')) {
          clearTimeout(timer);
          resolve((JSON.parse(line) as { url: string }).url);
        }
      }
    };
    child.stdout!.on('data', onLine);
    child.stderr!.on('data', (c: Buffer) => output.push(c.toString('utf8')));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`Polku exited with ${code}:\n${output.join('\n')}`));
    });
  });
  return {
    url,
    child,
    output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

export interface ScriptProcess {
  child: ChildProcess;
  /** Its standard output and error, line by line, as they come. */
  lines: string[];
  /** Resolves with the first line of standard output that parses as JSON (or undefined if it exits first). */
  firstJson(): Promise<Record<string, unknown> | undefined>;
  exited: Promise<number | null>;
}

/** Runs one of the repository's TypeScript scripts as its own process (`node --import tsx <script> …`). */
export function spawnScript(script: string, args: string[], env: Record<string, string> = {}): ScriptProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let json: Promise<Record<string, unknown> | undefined> | undefined;
  child.stderr!.on('data', (c: Buffer) => lines.push(...c.toString('utf8').split('\n').filter(Boolean)));
  const firstJson = () =>
    (json ??= new Promise((resolve) => {
      let buffered = '';
      child.stdout!.on('data', (c: Buffer) => {
        buffered += c.toString('utf8');
        for (const line of buffered.split('\n').slice(0, -1)) {
          lines.push(line);
          try {
            resolve(JSON.parse(line) as Record<string, unknown>);
          } catch {
            // not JSON: a line of a report, kept in `lines`
          }
        }
        buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
      });
      void exited.then(() => resolve(undefined));
    }));
  void firstJson();
  return { child, lines, firstJson, exited };
}
