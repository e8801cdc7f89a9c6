/**
 * Starts Polku: storage (embedded Azurite when no account is configured), tables, demo data,
 * the bot and the HTTP server. Returns a handle that stops everything gracefully.
 */
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Config } from './config';
import { loadDemoData } from './demo/load';
import { errorForLog, type Logger } from './log';
import { createServer } from './server';
import {
  azuriteConnectionString,
  DataDirInUseError,
  type EmbeddedAzurite,
  findRunningAzurite,
  startAzurite,
} from './storage/azurite';
import { ConversationStore } from './storage/conversations';
import { PilotStore } from './storage/pilots';
import { MemberStore } from './storage/members';
import { PersonalData } from './storage/personal';
import { PilotData } from './storage/pilotData';
import { type StorageTarget, TableStore } from './storage/tables';
import { TeamsAdapter } from './teams/adapter';
import { PolkuBot } from './teams/bot';
import { Pacer } from './teams/delivery';
import { Reminders, type SweepReport } from './teams/reminders';
import { ReminderStore } from './storage/reminders';

/**
 * Sweeps the reminder schedule every `seconds` (0 = never: a scheduler runs
 * `npm run reminders -- --once` instead). A sweep never overlaps the previous one; a failed sweep
 * is logged and the next one tries again.
 */
function startReminderTimer(reminders: Reminders, seconds: number, log: Logger): { stop(): Promise<void> } {
  if (seconds <= 0) return { stop: async () => undefined };
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(async () => {
      try {
        await reminders.sweep(new Date());
      } catch (e) {
        log.error({ err: errorForLog(e) }, 'reminder sweep failed');
      }
    });
  }, seconds * 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

export interface RunningPolku {
  url: string;
  port: number;
  store: TableStore;
  /** Runs one reminder sweep now (or at a chosen instant); the timer does the same on its own. */
  sweep(at?: Date): Promise<SweepReport>;
  stop(): Promise<void>;
}

/** The built tab, tab/dist at the package's root: one folder up from bot/, two from dist/bot/ (compiled). */
export const TAB_DIR = path.resolve(
  __dirname,
  path.basename(path.dirname(__dirname)) === 'dist' ? '../..' : '..',
  'tab',
  'dist',
);

/**
 * Storage as configured: an Azure account, or the embedded Azurite. Only one Azurite ever runs on
 * a data folder (its lock, see storage/azurite.ts). With `share` (the reminder runner) a running
 * server's Azurite is used; another runner's is waited for rather than shared, so that no runner
 * loses its storage mid-sweep when the other one stops.
 */
export async function openStorage(
  config: Config,
  log: Logger,
  opts: { share?: boolean } = {},
): Promise<{ target: StorageTarget; azurite?: EmbeddedAzurite }> {
  if (config.storage.mode !== 'embedded') {
    log.info({ mode: config.storage.mode }, 'using Azure Table Storage');
    return { target: config.storage };
  }
  const { dataDir } = config.storage;
  for (;;) {
    const running = opts.share ? await findRunningAzurite(dataDir) : undefined;
    if (running?.holder === 'server' && !running.closing && running.port > 0) {
      log.info({ port: running.port, pid: running.pid }, "using the running Polku's embedded Azurite");
      return { target: { mode: 'connectionString', connectionString: azuriteConnectionString(running.port) } };
    }
    try {
      const holder = opts.share ? 'runner' : 'server';
      const azurite = await startAzurite({ dataDir, holder, log });
      log.info(
        { port: azurite.port, dataDir, holder, durability: 'per-write' },
        'embedded Azurite started (no Azure account configured)',
      );
      return { target: { mode: 'connectionString', connectionString: azurite.connectionString }, azurite };
    } catch (e) {
      // A server took the folder while this runner waited for it: use that server's Azurite.
      if (opts.share && e instanceof DataDirInUseError && e.holder === 'server') continue;
      throw e;
    }
  }
}

/** The parts of Polku around one store: stores, adapter, reminders and the bot. */
export function assemble(config: Config, log: Logger, store: TableStore, now: () => Date = () => new Date()) {
  const pilots = new PilotStore(store, { log });
  const conversations = new ConversationStore(store);
  const adapter = new TeamsAdapter(config, log);
  const reminderStore = new ReminderStore(store);
  const reminders = new Reminders({
    reminders: reminderStore,
    pilots,
    conversations,
    adapter,
    pacer: new Pacer(),
    log,
    now,
  });
  const pilotData = new PilotData({ pilots, reminders: reminderStore });
  const personal = new PersonalData(store, { pilots, conversations, members: new MemberStore(store) });
  const bot = new PolkuBot({ conversations, pilots, log, now, reminders, pilotData, personal });
  return { pilots, conversations, adapter, reminders, bot, pilotData, personal };
}

export async function startPolku(
  config: Config,
  log: Logger,
  opts: { tabDir?: string; /** a clock of the tests' own */ now?: () => Date } = {},
): Promise<RunningPolku> {
  const { target, azurite } = await openStorage(config, log);
  try {
    const store = new TableStore(target, config.tablePrefix);
    await store.createTables();
    const { pilots, adapter, reminders, bot, pilotData, personal } = assemble(config, log, store, opts.now);
    if (config.demo) await loadDemoData(pilots, log, new Date());
    if (config.localMode) {
      log.warn('local mode: no MicrosoftAppId configured, Bot Framework tokens are not checked');
    }
    const server = createServer({
      config,
      log,
      store,
      pilots,
      adapter,
      bot,
      pilotData,
      personal,
      tabDir: opts.tabDir ?? TAB_DIR,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
    log.info({ url, bot: `${url}/api/messages`, tab: `${url}/tab/` }, 'Polku is listening');
    const timer = startReminderTimer(reminders, config.reminderIntervalSeconds, log);
    // Index rows a crash left behind their pilots are repaired in the background.
    const reconciled = pilots.index.reconcile().then(
      () => undefined,
      (e: unknown) =>
        log.warn({ err: { name: (e as Error).name } }, 'team index check failed: repairs wait for writes'),
    );
    let stopping: Promise<void> | undefined;
    return {
      url,
      port,
      store,
      sweep: (at = new Date()) => reminders.sweep(at),
      stop() {
        stopping ??= (async () => {
          await timer.stop();
          await reconciled;
          await pilots.index.stop();
          await new Promise<void>((resolve) => server.close(() => resolve()));
          if (azurite) await azurite.stop();
          log.info('Polku stopped');
        })();
        return stopping;
      },
    };
  } catch (e) {
    if (azurite) await azurite.stop();
    throw e;
  }
}
