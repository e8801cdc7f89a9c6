/**
 * Polku's Teams bot: installation, welcome and help, and card actions dispatched by verb.
 * It adapts Teams events to the stores and cards; the rules live in bot/domain.
 */
import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CardFactory,
  type ChannelAccount,
  MessageFactory,
  TeamsActivityHandler,
  type TeamsChannelData,
  TurnContext,
} from 'botbuilder';
import { type AdaptiveCardJson, helpCard, welcomeCard } from '../cards';
import { type Command, commandOf, localeOf, strings } from '../i18n';
import type { Logger } from '../log';
import type { ConversationScope, ConversationStore } from '../storage/conversations';
import { StorageUnavailableError } from '../storage/errors';
import type { PilotStore } from '../storage/pilots';
import { type ActionRequest, type Answer, PilotActions } from './pilotActions';
import { SessionActions } from './sessionActions';
import type { Reminders } from './reminders';
import { tenantOf } from './people';

export interface BotDeps {
  conversations: ConversationStore;
  pilots: PilotStore;
  log: Logger;
  now: () => Date;
  reminders: Reminders;
}

type VerbHandler = (ctx: TurnContext, req: ActionRequest) => Promise<Answer>;

function scopeOf(conversationType: string | undefined): ConversationScope {
  if (conversationType === 'channel') return 'channel';
  if (conversationType === 'groupChat') return 'groupChat';
  return 'personal';
}

/** The message text without the bot's @mention and markup. */
function commandText(ctx: TurnContext): string {
  const withoutMention = TurnContext.removeRecipientMention(ctx.activity) ?? ctx.activity.text ?? '';
  return withoutMention
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .trim();
}

const cardOf = (card: AdaptiveCardJson) => MessageFactory.attachment(CardFactory.adaptiveCard(card));

export class PolkuBot extends TeamsActivityHandler {
  /** One handler a verb. */
  private readonly verbs: Record<string, VerbHandler>;
  /** Text commands, in any of the three languages, mapped to the verb that serves them. */
  private readonly commands: Record<Exclude<Command, 'help'>, string> = {
    newPilot: 'newPilot',
    log: 'logSession',
    status: 'status',
    pilots: 'pilots',
  };

  constructor(private readonly deps: BotDeps) {
    super();
    const r = deps.reminders;
    const p = new PilotActions({ ...deps, planReminders: (pilot, now) => r.planFor(pilot, now) });
    const s = new SessionActions(deps, p);
    r.useActions(p, s);
    this.verbs = {
      help: async (_ctx, req) => ({ card: helpCard(req.locale) }),
      pilot: (ctx, req) => p.show(ctx, req),
      newPilot: (ctx, req) => p.newPilot(ctx, req),
      pilotDetails: (ctx, req) => p.details(ctx, req),
      pilotBack: (ctx, req) => p.back(ctx, req),
      createPilot: (ctx, req) => p.create(ctx, req),
      cancelNewPilot: async (_ctx, req) => p.cancel(req),
      openPhase: (ctx, req) => p.openPhase(ctx, req),
      savePhase: (ctx, req) => p.savePhase(ctx, req),
      pilots: (ctx, req) => s.pilots(ctx, req),
      logSession: (ctx, req) => s.logSession(ctx, req),
      saveSession: (ctx, req) => s.saveSession(ctx, req),
      sessions: (ctx, req) => s.sessions(ctx, req),
      editSession: (ctx, req) => s.editSession(ctx, req),
      updateSession: (ctx, req) => s.updateSession(ctx, req),
      deleteSession: (ctx, req) => s.deleteSession(ctx, req),
      status: (ctx, req) => s.status(ctx, req),
      snooze: (ctx, req) => r.snooze(ctx, req),
      promptsOff: (ctx, req) => r.promptsOff(ctx, req),
      reminderSettings: (ctx, req) => r.settingsCard(ctx, req),
      saveReminderSettings: (ctx, req) => r.saveSettings(ctx, req),
    };
    this.onTeamsMeetingEndEvent(async (_meeting, ctx, next) => {
      await r.meetingEnded(ctx);
      await next();
    });
    this.onInstallationUpdateAdd(async (ctx, next) => {
      await this.installed(ctx);
      await next();
    });
    this.onInstallationUpdateRemove(async (ctx, next) => {
      await this.removed(ctx);
      await next();
    });
    this.onMembersAdded(async (ctx, next) => {
      const botId = ctx.activity.recipient?.id;
      if ((ctx.activity.membersAdded ?? []).some((m: ChannelAccount) => m.id === botId)) await this.installed(ctx);
      await next();
    });
    this.onMembersRemoved(async (ctx, next) => {
      const botId = ctx.activity.recipient?.id;
      if ((ctx.activity.membersRemoved ?? []).some((m: ChannelAccount) => m.id === botId)) await this.removed(ctx);
      await next();
    });
    this.onMessage(async (ctx, next) => {
      await this.message(ctx);
      await next();
    });
  }

  /** Stores the conversation reference; the first activation in a conversation posts the welcome. */
  private async installed(ctx: TurnContext): Promise<void> {
    const a = ctx.activity;
    const cd = a.channelData as TeamsChannelData | undefined;
    const tenantId = tenantOf(ctx);
    const teamId = cd?.team?.id;
    if (teamId) await this.deps.pilots.ensureTeam({ tenantId, teamId }, { name: cd?.team?.name });
    const reference = TurnContext.getConversationReference(a) as unknown as Record<string, unknown>;
    const isNew = await this.deps.conversations.activate({
      tenantId,
      conversationId: a.conversation.id,
      scope: scopeOf(a.conversation.conversationType),
      teamId,
      userId: scopeOf(a.conversation.conversationType) === 'personal' ? a.from?.aadObjectId || undefined : undefined,
      serviceUrl: a.serviceUrl,
      reference,
      updatedAt: this.deps.now().toISOString(),
    });
    this.deps.log.info({ scope: scopeOf(a.conversation.conversationType), isNew }, 'installed');
    if (isNew) await ctx.sendActivity(cardOf(welcomeCard(localeOf(a.locale))));
  }

  private async removed(ctx: TurnContext): Promise<void> {
    await this.deps.conversations.deactivate(
      tenantOf(ctx),
      ctx.activity.conversation.id,
      this.deps.now().toISOString(),
    );
    this.deps.log.info({ scope: scopeOf(ctx.activity.conversation.conversationType) }, 'removed');
  }

  private async message(ctx: TurnContext): Promise<void> {
    const locale = localeOf(ctx.activity.locale);
    const value = ctx.activity.value as Record<string, unknown> | undefined;
    // Action.Submit fallback (clients without Universal Actions): the verb comes in the value.
    if (value && typeof value.verb === 'string') {
      const answer = await this.runVerb(ctx, { verb: value.verb, data: value, locale });
      if (answer) await ctx.sendActivity(cardOf(answer.card));
      else await ctx.sendActivity(strings(locale).errors.unknownAction);
      return;
    }
    const command = commandOf(commandText(ctx));
    if (command === 'help') {
      await ctx.sendActivity(cardOf(helpCard(locale)));
      return;
    }
    if (command) {
      const answer = await this.runVerb(ctx, { verb: this.commands[command], data: {}, locale });
      if (answer) await ctx.sendActivity(cardOf(answer.card));
      return;
    }
    await ctx.sendActivity(
      MessageFactory.attachment(CardFactory.adaptiveCard(helpCard(locale)), strings(locale).unknownCommand),
    );
  }

  private async runVerb(ctx: TurnContext, req: ActionRequest): Promise<Answer | undefined> {
    const handler = Object.prototype.hasOwnProperty.call(this.verbs, req.verb) ? this.verbs[req.verb] : undefined;
    return handler ? handler(ctx, req) : undefined;
  }

  /**
   * Everyone else in a channel or group chat sees the card as it now stands: the message that
   * held the pressed card is updated (the presser gets their own view in the invoke answer).
   */
  private async updateForEveryone(ctx: TurnContext, card: () => AdaptiveCardJson): Promise<void> {
    const id = ctx.activity.replyToId;
    if (!id || ctx.activity.conversation?.conversationType === 'personal') return;
    try {
      await ctx.updateActivity({ ...cardOf(card()), id });
    } catch (e) {
      // The answer to the presser stands; others see the change at their next refresh.
      this.deps.log.warn({ err: { name: (e as Error).name } }, 'could not update the card for everyone');
    }
  }

  protected override async onAdaptiveCardInvoke(
    ctx: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const locale = localeOf(ctx.activity.locale);
    const t = strings(locale).errors;
    const action = invokeValue?.action;
    const verb = typeof action?.verb === 'string' ? action.verb : '';
    const data = (action?.data ?? {}) as Record<string, unknown>;
    try {
      const answer = await this.runVerb(ctx, { verb, data, locale });
      if (!answer) {
        this.deps.log.warn({ verb: verb.slice(0, 40) }, 'unknown card verb');
        return {
          statusCode: 400,
          type: 'application/vnd.microsoft.error',
          value: { code: 'BadRequest', message: t.unknownAction },
        };
      }
      if (answer.everyone && (invokeValue as { trigger?: string }).trigger !== 'automatic')
        await this.updateForEveryone(ctx, answer.everyone);
      return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: answer.card };
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      this.deps.log.error({ err: { name: err.name, stack: err.stack }, verb }, 'card action failed');
      const message = e instanceof StorageUnavailableError ? t.storageUnavailable : t.somethingWentWrong;
      return { statusCode: 500, type: 'application/vnd.microsoft.error', value: { code: 'InternalError', message } };
    }
  }
}
