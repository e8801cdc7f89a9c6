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
import { commandOf, type Locale, localeOf, strings } from '../i18n';
import type { Logger } from '../log';
import type { ConversationScope, ConversationStore } from '../storage/conversations';
import { StorageUnavailableError } from '../storage/errors';
import type { PilotStore } from '../storage/pilots';

export interface BotDeps {
  conversations: ConversationStore;
  pilots: PilotStore;
  log: Logger;
  now: () => Date;
}

/** What a card action asks for: the verb and the card's data. */
interface ActionRequest {
  verb: string;
  data: Record<string, unknown>;
  locale: Locale;
}

type VerbHandler = (ctx: TurnContext, req: ActionRequest) => Promise<AdaptiveCardJson>;

function scopeOf(conversationType: string | undefined): ConversationScope {
  if (conversationType === 'channel') return 'channel';
  if (conversationType === 'groupChat') return 'groupChat';
  return 'personal';
}

function tenantOf(ctx: TurnContext): string {
  const cd = ctx.activity.channelData as TeamsChannelData | undefined;
  return cd?.tenant?.id ?? ctx.activity.conversation?.tenantId ?? 'local';
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

export class PolkuBot extends TeamsActivityHandler {
  private readonly verbs: Record<string, VerbHandler> = {
    help: async (_ctx, req) => helpCard(req.locale),
  };

  constructor(private readonly deps: BotDeps) {
    super();
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
      serviceUrl: a.serviceUrl,
      reference,
      updatedAt: this.deps.now().toISOString(),
    });
    this.deps.log.info({ scope: scopeOf(a.conversation.conversationType), isNew }, 'installed');
    if (isNew)
      await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(welcomeCard(localeOf(a.locale)))));
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
      const card = await this.runVerb(ctx, { verb: value.verb, data: value, locale });
      if (card) await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
      else await ctx.sendActivity(strings(locale).errors.unknownAction);
      return;
    }
    const command = commandOf(commandText(ctx));
    if (command === 'help') {
      await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(helpCard(locale))));
      return;
    }
    await ctx.sendActivity(
      MessageFactory.attachment(CardFactory.adaptiveCard(helpCard(locale)), strings(locale).unknownCommand),
    );
  }

  private async runVerb(ctx: TurnContext, req: ActionRequest): Promise<AdaptiveCardJson | undefined> {
    const handler = Object.prototype.hasOwnProperty.call(this.verbs, req.verb) ? this.verbs[req.verb] : undefined;
    return handler ? handler(ctx, req) : undefined;
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
      const card = await this.runVerb(ctx, { verb, data, locale });
      if (!card) {
        this.deps.log.warn({ verb: verb.slice(0, 40) }, 'unknown card verb');
        return {
          statusCode: 400,
          type: 'application/vnd.microsoft.error',
          value: { code: 'BadRequest', message: t.unknownAction },
        };
      }
      return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card };
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      this.deps.log.error({ err: { name: err.name, stack: err.stack }, verb }, 'card action failed');
      const message = e instanceof StorageUnavailableError ? t.storageUnavailable : t.somethingWentWrong;
      return { statusCode: 500, type: 'application/vnd.microsoft.error', value: { code: 'InternalError', message } };
    }
  }
}
