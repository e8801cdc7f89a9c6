/**
 * The botbuilder adapter (botbuilder is archived; the Teams SDK adapter is bot/adapters/teams).
 * Every import of botbuilder stays inside this folder: the route's handling, the token check,
 * the connector calls and the mapping of botbuilder's errors to the port's ConnectorError.
 *
 * Requests are authenticated here before the adapter sees them, so that every failure to
 * authenticate is a 401 (also when the token service's keys cannot be fetched), and no error
 * text reaches the caller.
 */
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
import { connectorError, mapped, memberIn } from './errors';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
} from './sdk';
import { BotbuilderTurns } from './turns';

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

/** CloudAdapter with its authenticated entry point opened, so the invoke answer comes back to us. */
class PolkuCloudAdapter extends CloudAdapter {
  run(auth: AuthenticateRequestResult, activity: Activity, logic: (ctx: TurnContext) => Promise<void>) {
    return this.processActivity(auth, activity, logic);
  }
}

export class BotbuilderAdapter implements BotAdapter {
  private readonly auth: ConfigurationBotFrameworkAuthentication;
  private readonly adapter: PolkuCloudAdapter;
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
    const credentials = new ConfigurationServiceClientCredentialFactory({
      MicrosoftAppId: config.bot.appId ?? '',
      MicrosoftAppPassword: config.bot.appPassword ?? '',
      MicrosoftAppType: config.bot.appType ?? 'MultiTenant',
      MicrosoftAppTenantId: config.bot.tenantId ?? '',
    });
    this.appId = config.bot.appId ?? '';
    this.authTimeoutMs = config.bot.authTimeoutMs;
    this.localMode = config.localMode;
    this.auth = new ConfigurationBotFrameworkAuthentication({}, credentials);
    this.adapter = new PolkuCloudAdapter(this.auth);
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
    await this.adapter.continueConversationAsync(
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
        standing = await memberIn(ctx, teamId, userId);
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
      this.adapter.createConversationAsync(
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
    if (this.turns?.handler !== handler) {
      this.turns = new BotbuilderTurns(handler);
      this.adapter.onTurnError = this.onTurnError(handler);
    }
    const turns = this.turns;
    await serveActivity<AuthenticateRequestResult | undefined>(req, res, {
      log: this.log,
      localMode: this.localMode,
      authTimeoutMs: this.authTimeoutMs,
      authenticate: (activity, authorization) =>
        this.auth.authenticateRequest(activity as unknown as Activity, authorization),
      run: async (activity, auth) =>
        this.adapter.run(auth as AuthenticateRequestResult, activity as unknown as Activity, (ctx) => turns.run(ctx)),
    });
  }
}
