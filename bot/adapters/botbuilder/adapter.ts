/**
 * The botbuilder adapter (botbuilder is archived; the Teams SDK adapter is bot/adapters/teams).
 * Every import of botbuilder stays inside this folder: the route's handling, the token check,
 * the connector calls and the mapping of botbuilder's errors to the port's ConnectorError.
 *
 * Requests are authenticated here before the adapter sees them, so that every failure to
 * authenticate is a 401 (also when the token service's keys cannot be fetched), and no error
 * text reaches the caller.
 *
 * botbuilder itself (./cloud.ts) is required on the adapter's first call that needs it, a turn or
 * a proactive message, and kept: a started server that has not yet spoken does not hold it (some
 * 20 MB of its memory, bench/README.md). What botbuilder would refuse of the bot's identity when
 * it is built is refused here, at start, as before (checkIdentity).
 */
import { ok } from 'node:assert';
import type { Activity, ConversationParameters, ConversationReference, TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';
import type { Request, Response } from 'restify';
import type { TurnHandler } from '../../application/handler';
import { type ConversationAddress, type OutgoingMessage, type TeamStanding } from '../../application/port';
import type { Config } from '../../config';
import { errorForLog, type Logger } from '../../log';
import { messageActivity } from '../activity';
import type { BotAdapter } from '../contract';
import { serveActivity } from '../route';
import type { Cloud } from './cloud';
import { connectorError, mapped } from './errors';
import type { BotbuilderTurns } from './turns';

type Botbuilder = typeof import('./cloud');
let botbuilder: Botbuilder | undefined;

/** ./cloud.ts (botbuilder), required once, by the first call that needs it. */
function sdk(): Botbuilder {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (botbuilder ??= require('./cloud') as Botbuilder);
}

/**
 * What botbuilder's ConfigurationServiceClientCredentialFactory asserts of the identity Polku
 * gives it (./cloud.ts), with its messages: checked when the adapter is built, so that a server
 * (or a reminder runner) with an identity botbuilder would refuse still fails at start.
 */
export function checkIdentity(bot: Config['bot']): void {
  const appId = bot.appId?.trim();
  const tenantId = bot.tenantId?.trim();
  const password = bot.appPassword?.trim();
  switch ((bot.appType ?? 'MultiTenant').trim().toLowerCase()) {
    case 'userassignedmsi':
      ok(appId, 'MicrosoftAppId is required for MSI in configuration.');
      ok(tenantId, 'MicrosoftAppTenantId is required for MSI in configuration.');
      ok(!password, 'MicrosoftAppPassword must not be set for MSI in configuration.');
      break;
    case 'singletenant':
      ok(appId, 'MicrosoftAppId is required for SingleTenant in configuration.');
      ok(tenantId, 'MicrosoftAppTenantId is required for SingleTenant in configuration.');
      ok(password, 'MicrosoftAppPassword is required for SingleTenant in configuration.');
      break;
    default:
    // MultiTenant: nothing is required (no app id is local mode).
  }
}

function errorInfo(error: unknown) {
  return errorForLog(error);
}

/**
 * A proactive turn's error would go to onTurnError, which only logs it; the sender must see it
 * (a 403 means the app was removed, a 429 asks to wait), so it is caught here and thrown again
 * once the turn is over.
 */
function rethrown(logic: (ctx: TurnContext) => Promise<void>, keep: (e: unknown) => void) {
  return async (ctx: TurnContext) => {
    try {
      await logic(ctx);
    } catch (e) {
      keep(e);
    }
  };
}

export class BotbuilderAdapter implements BotAdapter {
  private readonly bot: Config['bot'];
  /** botbuilder's token check and CloudAdapter, built on the first call that needs them. */
  private built?: Cloud;
  private readonly appId: string;
  /** How long a token check may take (see withTimeout). */
  private readonly authTimeoutMs: number;
  /** No bot identity: no token is checked, so replies may go to a connector on this machine only. */
  private readonly localMode: boolean;
  /** The activity handler over the application's TurnHandler (one for the server's life). */
  private turns?: BotbuilderTurns;

  constructor(
    config: Config,
    private readonly log: Logger,
  ) {
    checkIdentity(config.bot);
    this.bot = config.bot;
    this.appId = config.bot.appId ?? '';
    this.authTimeoutMs = config.bot.authTimeoutMs;
    this.localMode = config.localMode;
  }

  /** botbuilder's parts, required and built once, on the first call that needs them. */
  private get cloud(): Cloud {
    return (this.built ??= sdk().connect(this.bot));
  }

  /** The application's handler for this turn's errors: the detail to the log, a plain sentence to the user. */
  private onTurnError(handler: TurnHandler) {
    return async (context: TurnContext, error: unknown) => {
      this.log.error(
        { err: errorInfo(error), activityType: context.activity.type, activityName: context.activity.name },
        'turn failed',
      );
      if (context.activity.type === 'message') {
        await context.sendActivity(messageActivity({ text: handler.failureText(context.activity.locale, error) }));
      }
    };
  }

  /** Speaks in a conversation Polku was installed in earlier (a proactive message). */
  async send(address: ConversationAddress, message: OutgoingMessage): Promise<void> {
    await mapped(() =>
      this.continueIn(address as Partial<ConversationReference>, async (ctx) => {
        await ctx.sendActivity(messageActivity(message));
      }),
    );
  }

  private async continueIn(
    reference: Partial<ConversationReference>,
    logic: (ctx: TurnContext) => Promise<void>,
  ): Promise<void> {
    let failure: unknown;
    await this.cloud.adapter.continueConversationAsync(
      this.appId,
      reference,
      rethrown(logic, (e) => (failure = e)),
    );
    if (failure) throw failure as Error;
  }

  /**
   * A person's standing in a team (or group chat), asked from Teams through the conversation
   * Polku was installed in: 'none' when Teams says they are not a member (404). Any other
   * failure is thrown, so that the caller does not mistake "could not ask" for an answer.
   */
  async memberStanding(address: ConversationAddress, teamId: string, userId: string): Promise<TeamStanding> {
    let standing: TeamStanding = 'none';
    try {
      await this.continueIn(address as Partial<ConversationReference>, async (ctx) => {
        standing = await sdk().memberIn(ctx, teamId, userId);
      });
    } catch (e) {
      throw connectorError(e);
    }
    return standing;
  }

  /**
   * Opens a personal chat with a person of the tenant (Polku must be installed for them) and
   * speaks there. Fails with the connector's status (403) when it is not.
   */
  async openPersonalChat(
    o: { serviceUrl: string; tenantId: string; userId: string },
    message: OutgoingMessage,
  ): Promise<void> {
    const logic = async (ctx: TurnContext) => {
      await ctx.sendActivity(messageActivity(message));
    };
    const parameters = {
      isGroup: false,
      members: [{ id: o.userId }],
      tenantId: o.tenantId,
      channelData: { tenant: { id: o.tenantId } },
    } as unknown as ConversationParameters;
    // No audience: the connector factory then uses the Bot Framework's own (its default).
    const audience = undefined as unknown as string;
    let failure: unknown;
    await mapped(() =>
      this.cloud.adapter.createConversationAsync(
        this.appId,
        'msteams',
        o.serviceUrl,
        audience,
        parameters,
        rethrown(logic, (e) => (failure = e)),
      ),
    );
    if (failure) throw connectorError(failure);
  }

  /** Serves one POST to /api/messages (../route.ts): botbuilder checks the token and runs the turn. */
  async handle(req: Request, res: Response, handler: TurnHandler): Promise<void> {
    await serveActivity<AuthenticateRequestResult | undefined>(req, res, {
      log: this.log,
      localMode: this.localMode,
      authTimeoutMs: this.authTimeoutMs,
      authenticate: (activity, authorization) =>
        this.cloud.auth.authenticateRequest(activity as unknown as Activity, authorization),
      run: async (activity, auth) => {
        const turns = this.turnsOf(handler);
        return this.cloud.adapter.run(auth as AuthenticateRequestResult, activity as unknown as Activity, (ctx) =>
          turns.run(ctx),
        );
      },
    });
  }

  /** The activity handler over the application's handler, and its error handler (one for the server's life). */
  private turnsOf(handler: TurnHandler): BotbuilderTurns {
    if (this.turns?.handler !== handler) {
      this.turns = new (sdk().BotbuilderTurns)(handler);
      this.cloud.adapter.onTurnError = this.onTurnError(handler);
    }
    return this.turns;
  }
}
