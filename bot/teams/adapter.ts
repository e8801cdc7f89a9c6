/**
 * The Bot Framework adapter. With botbuilder archived (successor: @microsoft/agents-hosting),
 * every import of botbuilder stays inside bot/teams/ so that a move touches these files only.
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
  TeamsInfo,
  type TurnContext,
} from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';
import type { Request, Response } from 'restify';
import type { Config } from '../config';
import { isLoopbackUrl } from '../http/loopback';
import { localeOf, strings } from '../i18n';
import { errorForLog, type Logger } from '../log';
import { StorageUnavailableError } from '../storage/errors';

/** The least an activity must carry for Polku to act on it. */
function isActivity(body: unknown): body is Activity {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const a = body as Record<string, unknown>;
  const conversation = a.conversation as Record<string, unknown> | undefined;
  return (
    typeof a.type === 'string' &&
    a.type.length > 0 &&
    typeof a.serviceUrl === 'string' &&
    typeof conversation === 'object' &&
    conversation !== null &&
    typeof conversation.id === 'string'
  );
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

/** CloudAdapter with its authenticated entry point opened, so the invoke answer comes back to us. */
class PolkuCloudAdapter extends CloudAdapter {
  run(auth: AuthenticateRequestResult, activity: Activity, logic: (ctx: TurnContext) => Promise<void>) {
    return this.processActivity(auth, activity, logic);
  }
}

export class TeamsAdapter {
  private readonly auth: ConfigurationBotFrameworkAuthentication;
  private readonly adapter: PolkuCloudAdapter;
  private readonly appId: string;
  /** How long a token check may take (see withTimeout). */
  private readonly authTimeoutMs: number;
  /** No bot identity: no token is checked, so replies may go to a connector on this machine only. */
  private readonly localMode: boolean;

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
    this.adapter.onTurnError = async (context: TurnContext, error: unknown) => {
      // The detail goes to the log (no user text in it); the user gets a plain sentence.
      log.error(
        { err: errorInfo(error), activityType: context.activity.type, activityName: context.activity.name },
        'turn failed',
      );
      if (context.activity.type === 'message') {
        const t = strings(localeOf(context.activity.locale)).errors;
        await context.sendActivity(
          error instanceof StorageUnavailableError ? t.storageUnavailable : t.somethingWentWrong,
        );
      }
    };
  }

  /** Speaks in a conversation Polku was installed in earlier (a proactive message). */
  async continueIn(
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
  async memberStanding(
    reference: Partial<ConversationReference>,
    teamId: string,
    userId: string,
  ): Promise<'owner' | 'member' | 'none'> {
    let standing: 'owner' | 'member' | 'none' = 'none';
    try {
      await this.continueIn(reference, async (ctx) => {
        const member = await TeamsInfo.getTeamMember(ctx, teamId, userId);
        standing = member.userRole === 'owner' ? 'owner' : 'member';
      });
    } catch (e) {
      const o = e as { statusCode?: number; response?: { status?: number } } | undefined;
      if ((o?.statusCode ?? o?.response?.status) === 404) return 'none';
      throw e;
    }
    return standing;
  }

  /**
   * Opens a personal chat with a person of the tenant (Polku must be installed for them) and
   * speaks there. Fails with the connector's status (403) when it is not.
   */
  async openPersonalChat(
    o: { serviceUrl: string; tenantId: string; userId: string },
    logic: (ctx: TurnContext) => Promise<void>,
  ): Promise<void> {
    const parameters = {
      isGroup: false,
      members: [{ id: o.userId }],
      tenantId: o.tenantId,
      channelData: { tenant: { id: o.tenantId } },
    } as unknown as ConversationParameters;
    // No audience: the connector factory then uses the Bot Framework's own (its default).
    const audience = undefined as unknown as string;
    let failure: unknown;
    await this.adapter.createConversationAsync(
      this.appId,
      'msteams',
      o.serviceUrl,
      audience,
      parameters,
      rethrown(logic, (e) => (failure = e)),
    );
    if (failure) throw failure as Error;
  }

  /** Runs one HTTP request through the bot and logs the turn: ids and timing, no content. */
  async handle(req: Request, res: Response, logic: (ctx: TurnContext) => Promise<void>): Promise<void> {
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
          this.auth.authenticateRequest(activity, req.header('authorization') ?? ''),
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
        const invokeResponse = await this.adapter.run(authResult, activity, logic);
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
