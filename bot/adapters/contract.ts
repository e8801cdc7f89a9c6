/**
 * What the server asks of a bot adapter, whichever SDK it is built on: serve the bot's route and
 * send proactively (the Messenger). The SDK is chosen by POLKU_BOT_SDK; its adapter is loaded only
 * when chosen, so the other SDK is never in memory.
 */
import type { Request, Response } from 'restify';
import type { TurnHandler } from '../application/handler';
import type { Messenger } from '../application/port';
import type { Config } from '../config';
import type { Logger } from '../log';

export interface BotAdapter extends Messenger {
  /**
   * Serves one POST to /api/messages: 400 for a body that is not an activity, 403 in local mode for
   * a connector off this machine, 401 for a token that does not pass, 503 when it could not be
   * checked in time, else the turn's answer (the invoke response for invokes, 200 otherwise).
   */
  handle(req: Request, res: Response, handler: TurnHandler): Promise<void>;
}

export type BotSdk = 'botbuilder' | 'teams';

/**
 * The adapter of the configured SDK, required only when chosen. (`require`, not `import()`: the
 * compiled build is CommonJS, where a dynamic import would resolve as ESM, without extensions.)
 */
export function createBotAdapter(config: Config, log: Logger): BotAdapter {
  if (config.bot.sdk === 'teams') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { TeamsSdkAdapter } = require('./teams/adapter') as typeof import('./teams/adapter');
    return new TeamsSdkAdapter(config, log);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { BotbuilderAdapter } = require('./botbuilder/adapter') as typeof import('./botbuilder/adapter');
  return new BotbuilderAdapter(config, log);
}
