/**
 * Starts Polku: storage (embedded Azurite when no account is configured), tables, demo data,
 * the bot and the HTTP server. Returns a handle that stops everything gracefully.
 */
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Config } from './config';
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
import { type BotAdapter, createBotAdapter } from './adapters/contract';
import { TeamAccess } from './application/access';
import type { Messenger } from './application/port';
import { PilotActions } from './application/pilots';
import { buildActions, Polku, type PolkuDeps } from './application/polku';
import { ReminderCards } from './application/reminders/cards';
import { Pacer } from './application/reminders/delivery';
import { DigestSweep } from './application/reminders/digest';
import { Outbox } from './application/reminders/outbox';
import { ReminderRunner, type SweepReport } from './application/reminders/runner';
import { ReminderSchedule } from './application/reminders/schedule';
import { PilotEditor } from './application/pilotEdit';
import { SessionActions } from './application/sessions';
import { ReminderStore } from './storage/reminders';

/**
 * Sweeps the reminder schedule every `seconds` (0 = never: a scheduler runs
 * `npm run reminders -- --once` instead). A sweep never overlaps the previous one; a failed sweep
 * is logged and the next one tries again.
 */
function startReminderTimer(reminders: ReminderRunner, seconds: number, log: Logger): { stop(): Promise<void> } {
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

/** The stores and services of the application over one store: no adapter, no bot. */
function core(log: Logger, store: TableStore, now: () => Date, messenger?: Messenger): PolkuDeps {
  const pilots = new PilotStore(store, { log });
  const conversations = new ConversationStore(store);
  const members = new MemberStore(store);
  const reminders = new ReminderStore(store);
  const schedule = new ReminderSchedule({ reminders, log });
  return {
    pilots,
    conversations,
    members,
    reminders,
    access: new TeamAccess({ members, conversations, messenger, log, now }),
    schedule,
    editor: new PilotEditor({ pilots, schedule, log, now }),
    pilotData: new PilotData({ pilots, reminders }),
    personal: new PersonalData(store, { pilots, conversations, members }),
    log,
    now,
  };
}

/** The sweep over a Messenger: what the reminders runner needs, and no more (no bot, no server). */
function runnerOf(deps: PolkuDeps, messenger: Messenger, cards: ReminderCards): ReminderRunner {
  const { conversations, reminders, pilots, log, now } = deps;
  const outbox = new Outbox({ conversations, messenger, pacer: new Pacer(), log, now });
  const digest = new DigestSweep({ conversations, pilots, reminders, outbox, log });
  return new ReminderRunner({ reminders, pilots, cards, outbox, digest, log });
}

/** The reminders runner's Polku: the stores, the configured SDK's Messenger, the reminder cards and the sweep. */
export async function assembleRunner(
  config: Config,
  log: Logger,
  store: TableStore,
  now: () => Date = () => new Date(),
) {
  const messenger = createBotAdapter(config, log);
  const deps = core(log, store, now, messenger);
  const pilots = new PilotActions(deps);
  const sessions = new SessionActions(deps, pilots);
  const cards = new ReminderCards({
    phaseForm: (locale, summary, phase, notice, extra) => pilots.phaseFormFor(locale, summary, phase, notice, extra),
    sessionForm: (locale, pilot, values, notice, extra) => sessions.formFor(locale, pilot, values, notice, extra),
  });
  return { pilots: deps.pilots, reminders: runnerOf(deps, messenger, cards) };
}

/** The parts of Polku around one store: stores, the adapter of the configured SDK, the application. */
export async function assemble(config: Config, log: Logger, store: TableStore, now: () => Date = () => new Date()) {
  const adapter: BotAdapter = createBotAdapter(config, log);
  const deps = core(log, store, now, adapter);
  const actions = buildActions(deps);
  const reminders = runnerOf(deps, adapter, actions.cards);
  const polku = new Polku(deps, actions);
  return { ...deps, adapter, reminders, polku };
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
    const { pilots, adapter, reminders, polku, pilotData, personal, access, editor } = await assemble(
      config,
      log,
      store,
      opts.now,
    );
    if (config.demo) {
      // The seed pilots are required only when they are loaded (POLKU_DEMO=on).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { loadDemoData } = require('./demo/load') as typeof import('./demo/load');
      await loadDemoData(pilots, log, new Date());
    }
    if (config.localMode) {
      log.warn('local mode: no MicrosoftAppId configured, Bot Framework tokens are not checked');
    }
    const server = createServer({
      config,
      log,
      store,
      pilots,
      adapter,
      polku,
      access,
      editor,
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
