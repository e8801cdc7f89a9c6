/**
 * botbuilder's TeamsActivityHandler over the application's TurnHandler: each activity is read
 * into a Turn (by the SDK-free readers of ../activity.ts, as the Teams SDK adapter reads it), and
 * what the application asks of Teams is done through the turn's context.
 */
import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
  TeamsActivityHandler,
  TeamsInfo,
  type TurnContext,
} from 'botbuilder';
import type { TurnHandler } from '../../application/handler';
import type { OutgoingMessage, RosterMember, Turn } from '../../application/port';
import {
  type ActivityJson,
  commandText,
  changedPeople,
  isObject,
  messageActivity,
  normalise,
  turnFields,
} from '../activity';
import { connectorError, memberIn } from './errors';

const jsonOf = (ctx: TurnContext) => ctx.activity as unknown as ActivityJson;

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
    const badRequest = (): InvokeResponse => ({
      status: 400,
      body: {
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: { code: 'BadRequest', message: this.handler.unknownActionText(a.locale) },
      },
    });
    if (a.name === 'adaptiveCard/action' && !(isObject(value) && isObject(value.action))) return badRequest();
    const answer = await super.onInvokeActivity(ctx);
    return answer.status === 501 ? badRequest() : answer;
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
