/**
 * The Teams SDK adapter (@microsoft/teams.apps 2.x, @microsoft/teams.api): the botbuilder
 * adapter's twin, loaded only when POLKU_BOT_SDK=teams. Every import of the Teams SDK stays
 * inside this folder.
 *
 * The route is served here rather than by the SDK's App (whose HTTP plugin brings its own express
 * server): the request is checked (./auth.ts, on the SDK's JwtValidator), read into a Turn by the
 * SDK-free readers of ../activity.ts, and dispatched as botbuilder's TeamsActivityHandler
 * dispatches it, with the same answers: status codes, invoke responses, log lines. Every call to
 * the Bot Connector goes through the SDK's API client (./connector.ts).
 */
import type { Request, Response } from 'restify';
import type { TurnHandler } from '../../application/handler';
import type {
  CardActionResult,
  ConversationAddress,
  OutgoingMessage,
  TeamStanding,
  Turn,
} from '../../application/port';
import { ConnectorError } from '../../application/port';
import type { Config } from '../../config';
import { errorForLog, type Logger } from '../../log';
import {
  type ActivityJson,
  commandText,
  changedPeople,
  isObject,
  linkOf,
  normalise,
  searchQueryOf,
  searchResponse,
  turnFields,
} from '../activity';
import type { BotAdapter } from '../contract';
import { serveActivity, type TurnAnswer } from '../route';
import { BotTokenCheck } from './auth';
import { Connector, type ConnectorOptions, type Reference, referenceOf } from './connector';

/** An invoke's answer: the HTTP status and body, as botbuilder's InvokeResponse. */
type InvokeAnswer = TurnAnswer;

const ERROR_TYPE = 'application/vnd.microsoft.error';
const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';

const invokeError = (statusCode: number, code: string, message: string): InvokeAnswer => ({
  status: statusCode,
  body: { statusCode, type: ERROR_TYPE, value: { code, message } },
});

/** The meeting of a meetingEnd event, as botbuilder's TeamsMeetingEndT requires it (else the turn fails). */
function isMeetingEnd(v: unknown): boolean {
  return isObject(v) && ['Id', 'JoinUrl', 'MeetingType', 'Title', 'EndTime'].every((k) => typeof v[k] === 'string');
}

class MeetingEndInvalid extends Error {
  override name = 'ZodError';
}

export class TeamsSdkAdapter implements BotAdapter {
  private readonly connector: Connector;
  private readonly tokens?: BotTokenCheck;
  /** How long a token check may take (see withTimeout). */
  private readonly authTimeoutMs: number;
  /** No bot identity: no token is checked, so replies may go to a connector on this machine only. */
  private readonly localMode: boolean;

  constructor(
    config: Config,
    private readonly log: Logger,
    options: ConnectorOptions = {},
  ) {
    this.connector = new Connector(config, options);
    this.authTimeoutMs = config.bot.authTimeoutMs;
    this.localMode = config.localMode;
    // As botbuilder: without an app id, authentication is off (any header, or none, is let in).
    if (!config.localMode && config.bot.appId) this.tokens = new BotTokenCheck(config.bot.appId);
  }

  // ---- Messenger ----

  /** Speaks in a conversation Polku was installed in earlier (a proactive message). */
  async send(address: ConversationAddress, message: OutgoingMessage): Promise<void> {
    await this.connector.send(this.referenceOf(address), message);
  }

  /** A person's standing in a team, asked through a conversation of that team: 'none' on 404. */
  async memberStanding(address: ConversationAddress, teamId: string, userId: string): Promise<TeamStanding> {
    return this.connector.member(this.referenceOf(address).serviceUrl, teamId, userId);
  }

  /**
   * Opens a personal chat with a person of the tenant (Polku must be installed for them) and
   * speaks there. Fails with the connector's status (403) when it is not.
   */
  async openPersonalChat(
    o: { serviceUrl: string; tenantId: string; userId: string },
    message: OutgoingMessage,
  ): Promise<void> {
    if (typeof o.serviceUrl !== 'string' || !o.serviceUrl) {
      throw new ConnectorError({ errorName: 'TypeError' });
    }
    const id = await this.connector.createPersonal(o.serviceUrl, o.tenantId, o.userId);
    // botbuilder cannot speak in a conversation the connector did not name (its call fails unsent).
    if (!id) throw new ConnectorError({ errorName: 'Error' });
    // As botbuilder's createConversationAsync: the turn's activity is named after the new
    // conversation, so its message is posted as a reply to that id.
    await this.connector.send(
      {
        serviceUrl: o.serviceUrl,
        channelId: 'msteams',
        conversation: { id, isGroup: false, tenantId: o.tenantId },
        activityId: id,
      },
      message,
    );
  }

  private referenceOf(address: ConversationAddress): Reference {
    const ref = referenceOf(address);
    if (!ref) throw new ConnectorError({ errorName: 'TypeError' });
    return ref;
  }

  // ---- The route ----

  /** Serves one POST to /api/messages (../route.ts): the token checked by ./auth.ts, the turn run here. */
  async handle(req: Request, res: Response, handler: TurnHandler): Promise<void> {
    const tokens = this.tokens;
    await serveActivity(req, res, {
      log: this.log,
      localMode: this.localMode,
      authTimeoutMs: this.authTimeoutMs,
      // As botbuilder: without an app id, authentication is off (any header, or none, is let in).
      authenticate: async (activity, authorization) => {
        if (tokens) await tokens.check(authorization, activity.serviceUrl);
      },
      run: (activity) => this.turn(activity, handler),
    });
  }

  /**
   * One turn, as botbuilder's CloudAdapter runs it: the handler's failure is logged and, in a
   * message turn, answered with the failure sentence (a failure of that answer fails the request);
   * an invoke that got no answer is a 501, as botbuilder answers it.
   */
  private async turn(a: ActivityJson, handler: TurnHandler): Promise<InvokeAnswer | undefined> {
    normalise(a);
    const ref = this.turnReference(a);
    try {
      return await this.dispatch(a, handler, ref);
    } catch (error) {
      this.log.error({ err: errorForLog(error), activityType: a.type, activityName: a.name }, 'turn failed');
      if (a.type === 'message') {
        await this.connector.send(ref, { text: handler.failureText(a.locale, error) });
      }
      return a.type === 'invoke' ? { status: 501 } : undefined;
    }
  }

  /** The turn's conversation reference, as botbuilder's TurnContext.getConversationReference. */
  private turnReference(a: ActivityJson): Reference {
    return {
      serviceUrl: a.serviceUrl,
      channelId: a.channelId,
      locale: a.locale,
      conversation: a.conversation,
      bot: a.recipient,
      user: a.from,
      activityId: typeof a.id === 'string' ? a.id : undefined,
    };
  }

  private turnOf(a: ActivityJson, ref: Reference): Turn {
    const serviceUrl = a.serviceUrl;
    return {
      ...turnFields(a),
      teams: {
        member: (teamId, channelUserId) => this.connector.member(serviceUrl, teamId, channelUserId),
        roster: (teamId, max) => this.connector.roster(serviceUrl, teamId, max),
        teamName: (teamId) => this.connector.teamName(serviceUrl, teamId),
      },
      reply: (m) => this.connector.send(ref, m),
      updateCard: async (card) => {
        const id = a.replyToId;
        if (!id) return;
        await this.connector.update(ref, id, { card });
      },
    };
  }

  /** botbuilder's TeamsActivityHandler dispatch, reduced to what Polku handles. */
  private async dispatch(a: ActivityJson, handler: TurnHandler, ref: Reference): Promise<InvokeAnswer | undefined> {
    const turn = () => this.turnOf(a, ref);
    const teams = a.channelId === 'msteams';
    switch (a.type) {
      case 'message':
        await handler.message(turn(), { text: commandText(a), value: isObject(a.value) ? a.value : undefined });
        return undefined;
      case 'invoke':
        return this.invoke(a, handler, turn);
      case 'installationUpdate':
        if (a.action === 'add' || a.action === 'add-upgrade') await handler.installed(turn(), { welcome: true });
        else if (a.action === 'remove' || a.action === 'remove-upgrade') await handler.removed(turn());
        return undefined;
      case 'conversationUpdate': {
        // Teams or not, members added come first, and only then members removed.
        const botId = a.recipient.id;
        if (a.membersAdded?.length) {
          if (a.membersAdded.some((m) => m.id === botId)) await handler.installed(turn(), { welcome: false });
          await handler.membersChanged(turn(), { added: changedPeople(a.membersAdded, botId), removed: [] });
        } else if (a.membersRemoved?.length) {
          if (a.membersRemoved.some((m) => m.id === botId)) await handler.removed(turn());
          await handler.membersChanged(turn(), { added: [], removed: changedPeople(a.membersRemoved, botId) });
        }
        return undefined;
      }
      case 'event':
        if (teams && a.name === 'application/vnd.microsoft.meetingEnd') {
          if (!isMeetingEnd(a.value)) throw new MeetingEndInvalid('meeting end without its meeting');
          await handler.meetingEnded(turn());
        }
        return undefined;
      default:
        return undefined;
    }
  }

  /**
   * Invokes: Action.Execute to the handler, answered as botbuilder answers it (the HTTP status is
   * the response's statusCode); every other invoke, and a card action without an action object,
   * the 400 with Polku's sentence (botbuilder's 501, as the botbuilder adapter turns it).
   */
  private async invoke(a: ActivityJson, handler: TurnHandler, turn: () => Turn): Promise<InvokeAnswer> {
    const badRequest = () => invokeError(400, 'BadRequest', handler.unknownActionText(a.locale));
    const value = a.value;
    if (a.name === 'adaptiveCard/action') {
      if (!(isObject(value) && isObject(value.action))) return badRequest();
      const action = value.action;
      if (action.type !== 'Action.Execute') {
        // botbuilder's getAdaptiveCardInvokeValue, word for word.
        return invokeError(400, 'NotSupported', `The action '${String(action.type)}' is not supported.`);
      }
      const verb = typeof action.verb === 'string' ? action.verb : '';
      const data = isObject(action.data) ? action.data : {};
      const automatic = value.trigger === 'automatic';
      const result: CardActionResult = await handler.cardAction(turn(), { verb, data, automatic });
      if (result.kind === 'card') {
        return { status: 200, body: { statusCode: 200, type: CARD_TYPE, value: result.card } };
      }
      return result.kind === 'badRequest'
        ? invokeError(400, 'BadRequest', result.message)
        : invokeError(500, 'InternalError', result.message);
    }
    if (a.name === 'composeExtension/query' || a.name === 'composeExtension/queryLink') {
      return this.search(a, handler, turn);
    }
    if (a.name === 'application/search' && !value) {
      return invokeError(400, 'BadRequest', 'Missing value property for search');
    }
    // TeamsActivityHandler's "BadRequest" (a bare 400): a file consent or message preview
    // answer it does not know.
    if (a.name === 'fileConsent/invoke' && isObject(value) && value.action !== 'accept' && value.action !== 'decline') {
      return { status: 400 };
    }
    if (
      a.name === 'composeExtension/submitAction' &&
      isObject(value) &&
      value.botMessagePreviewAction &&
      value.botMessagePreviewAction !== 'edit' &&
      value.botMessagePreviewAction !== 'send'
    ) {
      return { status: 400 };
    }
    return badRequest();
  }

  /**
   * composeExtension/query and /queryLink, as botbuilder's handleTeamsMessagingExtensionQuery and
   * handleTeamsAppBasedLinkQuery answer them: the MessagingExtensionResponse with status 200; a
   * refused command, or a handler that serves no search, the 400 with Polku's sentence.
   */
  private async search(a: ActivityJson, handler: TurnHandler, turn: () => Turn): Promise<InvokeAnswer> {
    const answer =
      a.name === 'composeExtension/query'
        ? await handler.searchQuery?.(turn(), searchQueryOf(a.value))
        : await handler.linkQuery?.(turn(), linkOf(a.value));
    if (!answer) return invokeError(400, 'BadRequest', handler.unknownActionText(a.locale));
    if (answer.kind === 'badRequest') return invokeError(400, 'BadRequest', answer.message);
    return { status: 200, body: searchResponse(answer, { uncached: a.name === 'composeExtension/queryLink' }) };
  }
}
