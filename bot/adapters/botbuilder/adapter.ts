/**
 * The botbuilder adapter (botbuilder is archived; the Teams SDK adapter is bot/adapters/teams).
 * Every import of botbuilder stays inside this folder: the route's handling, the token check,
 * the connector calls and the mapping of botbuilder's errors to the port's ConnectorError.
 *
 * Requests are authenticated here before the adapter sees them, so that every failure to
 * authenticate is a 401 (also when the token service's keys cannot be fetched), and no error
 * text reaches the caller.
 */
import {
  type Activity,
  type ConversationParameters,
  type ConversationReference,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';
import type { Request, Response } from 'restify';
import type { TurnHandler } from '../../application/handler';
import { type ConversationAddress, type OutgoingMessage, type TeamStanding } from '../../application/port';
import type { Config } from '../../config';
import { isLoopbackUrl } from '../../http/loopback';
import { errorForLog, type Logger } from '../../log';
import { isActivity, messageActivity } from '../activity';
import type { BotAdapter } from '../contract';
import { connectorError, mapped, memberIn } from './errors';
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

  /** Runs one HTTP request through the bot and logs the turn: ids and timing, no content. */
  async handle(req: Request, res: Response, handler: TurnHandler): Promise<void> {
    const started = process.hrtime.bigint();
    const activity: unknown = req.body;
    const line: Record<string, unknown> = { reqId: req.id() };
    try {
      if (!isActivity(activity)) {
        res.send(400, { error: 'the body is not a Bot Framework activity' });
        return;
      }
      Object.assign(line, {
        activityType: activity.type,
        activityName: activity.name,
        conversationType: activity.conversation.conversationType,
      });
      if (this.localMode && !isLoopbackUrl(activity.serviceUrl)) {
        // Unchecked activities must not make Polku call, or remember, an address off this
        // machine (the Agents Playground's connector is on localhost). Refused before any turn.
        this.log.warn({ reqId: req.id() }, 'activity refused: local mode answers a connector on this machine only');
        res.send(403, { error: 'serviceUrlNotLocal' });
        return;
      }
      let authResult;
      try {
        authResult = await withTimeout(
          this.auth.authenticateRequest(activity as unknown as Activity, req.header('authorization') ?? ''),
          this.authTimeoutMs,
        );
      } catch (e) {
        if (e instanceof AuthTimeout) {
          // botbuilder fetches the token service's keys with no time limit of its own: the
          // activity is refused as "try later" rather than held while the fetch hangs.
          this.log.warn({ reqId: req.id(), ms: this.authTimeoutMs }, 'activity refused: token not checked in time');
          res.send(503, { error: 'unavailable' });
          return;
        }
        this.log.warn({ reqId: req.id(), err: { name: errorInfo(e).name } }, 'activity refused: not authenticated');
        res.send(401, { error: 'unauthorized' });
        return;
      }
      try {
        if (this.turns?.handler !== handler) {
          this.turns = new BotbuilderTurns(handler);
          this.adapter.onTurnError = this.onTurnError(handler);
        }
        const turns = this.turns;
        const invokeResponse = await this.adapter.run(authResult, activity as unknown as Activity, (ctx) =>
          turns.run(ctx),
        );
        res.send(invokeResponse?.status ?? 200, invokeResponse?.body);
      } catch (e) {
        this.log.error({ reqId: req.id(), err: errorInfo(e) }, 'activity failed');
        res.send(500, { error: 'internal error' });
      }
    } finally {
      this.log.info({ ...line, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'turn');
    }
  }
}

class AuthTimeout extends Error {
  override name = 'AuthTimeout';
}

/** The promise's result, or AuthTimeout after `ms` (the promise runs on; its late failure is ignored). */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AuthTimeout()), ms);
  });
  p.catch(() => undefined);
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
