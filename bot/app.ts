/**
 * Starts Polku: storage (embedded Azurite when no account is configured), tables, demo data,
 * the bot and the HTTP server. Returns a handle that stops everything gracefully.
 */
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Config } from './config';
import { loadDemoData } from './demo/load';
import type { Logger } from './log';
import { createServer } from './server';
import { type EmbeddedAzurite, startAzurite } from './storage/azurite';
import { ConversationStore } from './storage/conversations';
import { PilotStore } from './storage/pilots';
import { type StorageTarget, TableStore } from './storage/tables';
import { TeamsAdapter } from './teams/adapter';
import { PolkuBot } from './teams/bot';

export interface RunningPolku {
  url: string;
  port: number;
  store: TableStore;
  stop(): Promise<void>;
}

export const TAB_DIR = path.resolve(__dirname, '..', 'tab', 'dist');

export async function startPolku(config: Config, log: Logger, opts: { tabDir?: string } = {}): Promise<RunningPolku> {
  let azurite: EmbeddedAzurite | undefined;
  let target: StorageTarget;
  if (config.storage.mode === 'embedded') {
    azurite = await startAzurite({ dataDir: config.storage.dataDir });
    log.info(
      { port: azurite.port, dataDir: config.storage.dataDir },
      'embedded Azurite started (no Azure account configured)',
    );
    target = { mode: 'connectionString', connectionString: azurite.connectionString };
  } else {
    target = config.storage;
    log.info({ mode: config.storage.mode }, 'using Azure Table Storage');
  }
  try {
    const store = new TableStore(target, config.tablePrefix);
    await store.createTables();
    const pilots = new PilotStore(store);
    const conversations = new ConversationStore(store);
    if (config.demo) await loadDemoData(pilots, log, new Date());

    if (config.localMode) {
      log.warn('local mode: no MicrosoftAppId configured, Bot Framework tokens are not checked');
    }
    const adapter = new TeamsAdapter(config, log);
    const bot = new PolkuBot({ conversations, pilots, log, now: () => new Date() });
    const server = createServer({ config, log, store, pilots, adapter, bot, tabDir: opts.tabDir ?? TAB_DIR });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
    log.info({ url, bot: `${url}/api/messages`, tab: `${url}/tab/` }, 'Polku is listening');
    let stopping: Promise<void> | undefined;
    return {
      url,
      port,
      store,
      stop() {
        stopping ??= (async () => {
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
