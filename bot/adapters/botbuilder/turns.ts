/**
 * botbuilder's TeamsActivityHandler over the application's TurnHandler: each activity is read
 * into a Turn (by the SDK-free readers of ../activity.ts, as the Teams SDK adapter reads it), and
 * what the application asks of Teams is done through the turn's context. Required with botbuilder
 * (./cloud.ts), by the adapter's first call that needs it.
 */
import type {
  AdaptiveCardInvokeResponse,
  AdaptiveCardInvokeValue,
  InvokeResponse,
  MessagingExtensionResponse,
  TurnContext,
} from 'botbuilder';
import type { TurnHandler } from '../../application/handler';
import type { OutgoingMessage, RosterMember, SearchAnswer, TeamStanding, Turn } from '../../application/port';
import {
  type ActivityJson,
  commandText,
  changedPeople,
  isObject,
  linkOf,
  messageActivity,
  normalise,
  searchQueryOf,
  searchResponse,
  turnFields,
} from '../activity';
import { connectorError } from './errors';
import { TeamsActivityHandler, TeamsInfo } from './sdk';

const jsonOf = (ctx: TurnContext) => ctx.activity as unknown as ActivityJson;

/**
 * A person's standing in a team through a turn's connector (the turn's call, and the messenger's):
 * 404 is Teams' "not a member".
 */
export async function memberIn(ctx: TurnContext, teamId: string, userId: string): Promise<TeamStanding> {
  try {
    const member = await TeamsInfo.getTeamMember(ctx, teamId, userId);
    return member.userRole === 'owner' ? 'owner' : 'member';
  } catch (e) {
    const error = connectorError(e);
    if (error.statusCode === 404) return 'none';
    throw error;
  }
}

/** A search refused (an unknown command, or no search served): answered as every refused invoke is. */
class SearchRefused extends Error {
  override name = 'SearchRefused';
}

/** The application's Turn for a botbuilder turn. */
export function turnOf(ctx: TurnContext): Turn {
  const a = jsonOf(ctx);
  return {
    ...turnFields(a),
    teams: {
      member: (teamId, channelUserId) => memberIn(ctx, teamId, channelUserId),
      roster: async (teamId, max) => {
        try {
          const out: RosterMember[] = [];
          let token: string | undefined;
          do {
            const page = await TeamsInfo.getPagedTeamMembers(ctx, teamId, 200, token);
            for (const m of page.members) {
              const id = m.aadObjectId || m.id;
              if (id) out.push({ id, name: m.name || m.givenName || id });
            }
            token = page.continuationToken;
          } while (token && out.length < max);
          return out.slice(0, max);
        } catch (e) {
          throw connectorError(e);
        }
      },
      teamName: async (teamId) => {
        try {
          return (await TeamsInfo.getTeamDetails(ctx, teamId)).name || undefined;
        } catch {
          return undefined; // a group chat has no team details
        }
      },
    },
    reply: async (m: OutgoingMessage) => {
      await ctx.sendActivity(messageActivity(m));
    },
    updateCard: async (card) => {
      const id = a.replyToId;
      if (!id) return;
      await ctx.updateActivity({ ...messageActivity({ card }), id });
    },
  };
}

export class BotbuilderTurns extends TeamsActivityHandler {
  constructor(readonly handler: TurnHandler) {
    super();
    this.onTeamsMeetingEndEvent(async (_meeting, ctx, next) => {
      await handler.meetingEnded(turnOf(ctx));
      await next();
    });
    // The installation event carries the user's locale, so it posts the welcome; the members-added
    // event Teams sends beside it (without a locale) only records the conversation.
    this.onInstallationUpdateAdd(async (ctx, next) => {
      await handler.installed(turnOf(ctx), { welcome: true });
      await next();
    });
    this.onInstallationUpdateRemove(async (ctx, next) => {
      await handler.removed(turnOf(ctx));
      await next();
    });
    this.onMembersAdded(async (ctx, next) => {
      const a = jsonOf(ctx);
      const botId = a.recipient.id;
      if ((a.membersAdded ?? []).some((m) => m.id === botId)) await handler.installed(turnOf(ctx), { welcome: false });
      await handler.membersChanged(turnOf(ctx), { added: changedPeople(a.membersAdded, botId), removed: [] });
      await next();
    });
    this.onMembersRemoved(async (ctx, next) => {
      const a = jsonOf(ctx);
      const botId = a.recipient.id;
      if ((a.membersRemoved ?? []).some((m) => m.id === botId)) await handler.removed(turnOf(ctx));
      await handler.membersChanged(turnOf(ctx), { added: [], removed: changedPeople(a.membersRemoved, botId) });
      await next();
    });
    this.onMessage(async (ctx, next) => {
      const a = jsonOf(ctx);
      await handler.message(turnOf(ctx), { text: commandText(a), value: isObject(a.value) ? a.value : undefined });
      await next();
    });
  }

  override async run(ctx: TurnContext): Promise<void> {
    normalise(jsonOf(ctx));
    await super.run(ctx);
  }

  /**
   * Invokes Polku does not serve, and card actions without an action object, get a 400 with a
   * message (botbuilder would answer 501, or fail on the missing action).
   */
  protected override async onInvokeActivity(ctx: TurnContext): Promise<InvokeResponse> {
    const a = jsonOf(ctx);
    const value = a.value as { action?: unknown } | undefined;
    const badRequest = (message = this.handler.unknownActionText(a.locale)): InvokeResponse => ({
      status: 400,
      body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message } },
    });
    if (a.name === 'adaptiveCard/action' && !(isObject(value) && isObject(value.action))) return badRequest();
    let answer: InvokeResponse;
    try {
      answer = await super.onInvokeActivity(ctx);
    } catch (e) {
      if (e instanceof SearchRefused) return badRequest(e.message);
      throw e;
    }
    return answer.status === 501 ? badRequest() : answer;
  }

  /** composeExtension/query: "Etsi kokeilu", from any conversation. */
  protected override async handleTeamsMessagingExtensionQuery(ctx: TurnContext): Promise<MessagingExtensionResponse> {
    const search = this.handler.searchQuery?.bind(this.handler);
    const q = searchQueryOf(jsonOf(ctx).value);
    return this.searchAnswer(ctx, search && ((turn) => search(turn, q)));
  }

  /** composeExtension/queryLink: a link to a pilot's tab page, pasted in a compose box. */
  protected override async handleTeamsAppBasedLinkQuery(ctx: TurnContext): Promise<MessagingExtensionResponse> {
    const link = this.handler.linkQuery?.bind(this.handler);
    const l = linkOf(jsonOf(ctx).value);
    return this.searchAnswer(ctx, link && ((turn) => link(turn, l)), { uncached: true });
  }

  /** The search's answer as the invoke's body; a refusal (or no search served) as the invoke's 400. */
  private async searchAnswer(
    ctx: TurnContext,
    run: ((turn: Turn) => Promise<SearchAnswer>) | undefined,
    o: { uncached?: boolean } = {},
  ): Promise<MessagingExtensionResponse> {
    const answer = run ? await run(turnOf(ctx)) : undefined;
    if (!answer) throw new SearchRefused(this.handler.unknownActionText(jsonOf(ctx).locale));
    if (answer.kind === 'badRequest') throw new SearchRefused(answer.message);
    return searchResponse(answer, o) as MessagingExtensionResponse;
  }

  protected override async onAdaptiveCardInvoke(
    ctx: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const action = invokeValue?.action;
    const verb = typeof action?.verb === 'string' ? action.verb : '';
    const data = isObject(action?.data) ? action.data : {};
    const automatic = (invokeValue as { trigger?: string }).trigger === 'automatic';
    const result = await this.handler.cardAction(turnOf(ctx), { verb, data, automatic });
    if (result.kind === 'card') {
      return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: result.card };
    }
    return result.kind === 'badRequest'
      ? {
          statusCode: 400,
          type: 'application/vnd.microsoft.error',
          value: { code: 'BadRequest', message: result.message },
        }
      : {
          statusCode: 500,
          type: 'application/vnd.microsoft.error',
          value: { code: 'InternalError', message: result.message },
        };
  }
}
