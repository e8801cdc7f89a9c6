/**
 * One Azurite per data folder, whatever the processes do: started at the same moment, while the
 * holder's Azurite restarts, and after the holder is SIGKILLed (its Azurite child first saves and
 * exits, and only then may another process take the folder). Each holder is its own process
 * (tests/harness/azuriteHolder.ts), as a server or a reminder runner is.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import { azuriteConnectionString } from '../../bot/storage/azurite';
import { type ScriptProcess, spawnScript } from '../harness/process';

jest.setTimeout(90_000);

const HOLDER = 'tests/harness/azuriteHolder.ts';
const dirs: string[] = [];
const processes: ScriptProcess[] = [];

afterEach(async () => {
  for (const p of processes.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
    await p.exited;
  }
  // A holder's Azurite child saves and exits after its parent: wait for it before removing the folder.
  for (const d of dirs.splice(0)) {
    for (let waited = 0; azuritesOn(d).length > 0 && waited < 15_000; waited += 100) {
      await new Promise((r) => setTimeout(r, 100));
    }
    fs.rmSync(d, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
});

function dataDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'polku-lock-'));
  dirs.push(d);
  return d;
}

function holder(dir: string): ScriptProcess {
  const p = spawnScript(HOLDER, [dir, 'server']);
  processes.push(p);
  return p;
}

/** The Azurite children running on this folder's database, as the operating system lists them. */
function azuritesOn(dir: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid))
    .filter((pid) => {
      try {
        const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return cmd.includes('azurite-child') && cmd.includes(dir);
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

/** Running, not exited (an orphan that exited may stay a zombie until its new parent reaps it). */
const running = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

const table = (port: number) =>
  TableClient.fromConnectionString(azuriteConnectionString(port), 'locktest', { allowInsecureConnection: true });

describe('the data folder lock', () => {
  it('four processes started at once: exactly one runs Azurite, the others are refused', async () => {
    const dir = dataDir();
    const all = [holder(dir), holder(dir), holder(dir), holder(dir)];
    const answers = await Promise.all(all.map((p) => p.firstJson()));
    expect(answers.filter((a) => a?.started)).toHaveLength(1);
    expect(answers.filter((a) => a?.refused)).toHaveLength(3);
    expect(azuritesOn(dir)).toHaveLength(1);
  });

  it('is held while the holder restarts its Azurite after a SIGKILL', async () => {
    const dir = dataDir();
    const first = holder(dir);
    expect((await first.firstJson())?.started).toBe(true);
    const [child] = azuritesOn(dir);
    process.kill(child, 'SIGKILL');
    const second = holder(dir);
    expect((await second.firstJson())?.refused).toBe(true);
    expect(await second.exited).toBe(3);
    expect(azuritesOn(dir)).toHaveLength(1);
  });

  it('frees after SIGKILL of the holder, once its Azurite has saved and exited; what it acknowledged is kept', async () => {
    const dir = dataDir();
    const first = holder(dir);
    const port = Number((await first.firstJson())?.port);
    const t = table(port);
    await t.createTable();
    await t.createEntity({ partitionKey: 'p', rowKey: 'before-the-kill', n: 1 });
    const [orphan] = azuritesOn(dir);
    first.child.kill('SIGKILL');
    await first.exited;
    // At once, while the orphaned Azurite may still be saving.
    const second = holder(dir);
    const answer = await second.firstJson();
    expect(answer?.started).toBe(true);
    expect(running(orphan)).toBe(false);
    expect(azuritesOn(dir)).toHaveLength(1);
    const row = await table(Number(answer?.port)).getEntity<{ n: number }>('p', 'before-the-kill');
    expect(row.n).toBe(1);
  });

  it('frees at once after SIGKILL of the holder and its Azurite together', async () => {
    const dir = dataDir();
    const first = holder(dir);
    expect((await first.firstJson())?.started).toBe(true);
    const [child] = azuritesOn(dir);
    process.kill(child, 'SIGKILL');
    first.child.kill('SIGKILL');
    await first.exited;
    const second = holder(dir);
    expect((await second.firstJson())?.started).toBe(true);
    expect(azuritesOn(dir)).toHaveLength(1);
  });
});
