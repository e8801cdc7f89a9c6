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
  type Activity,
  type ConversationReference,
  type InvokeResponse,
  type TeamsChannelData,
  TurnContext,
} from 'botbuilder';
import { type AdaptiveCardJson, helpCard, welcomeCard } from '../cards';
import { type Command, commandOf, localeOf, strings } from '../i18n';
import { errorForLog, type Logger } from '../log';
import type { ConversationScope, ConversationStore } from '../storage/conversations';
import { ConflictError, StorageUnavailableError } from '../storage/errors';
import { retryCard } from '../cards/views';
import type { MemberStore, Standing } from '../storage/members';
import type { PilotStore } from '../storage/pilots';
import { type ActionRequest, type Answer, PilotActions } from './pilotActions';
import type { PersonalData } from '../storage/personal';
import type { PilotData } from '../storage/pilotData';
import { PrivacyActions } from './privacyActions';
import { SessionActions } from './sessionActions';
import type { Reminders } from './reminders';
import { conversationTeam, STANDING_LEARNT, type StandingLearnt, tenantOf } from './people';

export interface BotDeps {
  conversations: ConversationStore;
  pilots: PilotStore;
  log: Logger;
  now: () => Date;
  reminders: Reminders;
  pilotData: PilotData;
  personal: PersonalData;
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

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** An Entra object id (a GUID), or undefined: anything else is not used as an id, nor stored. */
function entraId(v: unknown): string | undefined {
  return typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)
    ? v
    : undefined;
}

/**
 * Fields Teams always sends in a known shape, made so when a request does not: text, locale and
 * entities of the right type, member lists of objects with ids. The rest of Polku reads them as such.
 */
function normalise(a: Activity): void {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  a.text = text(a.text) ?? '';
  a.locale = text(a.locale)?.slice(0, 20);
  // Entities with a type; a mention only with whom it mentions and its text (botbuilder reads both).
  a.entities = Array.isArray(a.entities)
    ? a.entities.filter(
        (e) =>
          isObject(e) &&
          typeof e.type === 'string' &&
          (e.type !== 'mention' ||
            (isObject(e.mentioned) && typeof e.mentioned.id === 'string' && typeof e.text === 'string')),
      )
    : undefined;
  const members = (v: unknown) =>
    Array.isArray(v) ? (v.filter((m) => isObject(m) && typeof m.id === 'string') as ChannelAccount[]) : undefined;
  a.membersAdded = members(a.membersAdded);
  a.membersRemoved = members(a.membersRemoved);
  if (!isObject(a.from)) a.from = { id: '', name: '' };
  if (!isObject(a.recipient)) a.recipient = { id: '', name: '' };
}

/**
 * What is kept of a conversation reference: ids and addresses, no names, nothing unbounded. The
 * person is kept only for their own personal chat; a channel or group chat is reached without
 * knowing who installed Polku there, so no one's id is kept with it.
 */
function storedReference(r: Partial<ConversationReference>, personal: boolean): Record<string, unknown> {
  const cut = (v: unknown, n: number) => (typeof v === 'string' ? v.slice(0, n) : undefined);
  return {
    ...r,
    user: r.user && personal ? { id: cut(r.user.id, 200), aadObjectId: entraId(r.user.aadObjectId) } : undefined,
    conversation: r.conversation ? { ...r.conversation, name: cut(r.conversation.name, 256) } : r.conversation,
    locale: cut(r.locale, 20),
  };
}

/** Failures worth another try with the same data: storage away, or a write that lost every race. */
const retryable = (e: unknown): boolean => e instanceof StorageUnavailableError || e instanceof ConflictError;

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
    myData: 'myData',
  };

  /** Where team memberships learnt from Teams are kept for the tab's API (see useMembers). */
  private members?: MemberStore;

  constructor(private readonly deps: BotDeps) {
    super();
    const r = deps.reminders;
    const p = new PilotActions({ ...deps, planReminders: (pilot, now) => r.planFor(pilot, now) });
    const s = new SessionActions(deps, p);
    r.useActions(p, s);
    const d = new PrivacyActions(deps, p);
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
      deletePilotAsk: (ctx, req) => d.askDelete(ctx, req),
      deletePilot: (ctx, req) => d.delete(ctx, req),
      myData: (ctx, req) => d.myData(ctx, req),
      forgetMeAsk: (ctx, req) => d.askForget(ctx, req),
      forgetMe: (ctx, req) => d.forget(ctx, req),
    };
    this.onTeamsMeetingEndEvent(async (_meeting, ctx, next) => {
      await r.meetingEnded(ctx);
      await next();
    });
    // The installation event carries the user's locale, so it posts the welcome; the members-added
    // event Teams sends beside it (without a locale) only records the conversation.
    this.onInstallationUpdateAdd(async (ctx, next) => {
      await this.installed(ctx, true);
      await next();
    });
    this.onInstallationUpdateRemove(async (ctx, next) => {
      await this.removed(ctx);
      await next();
    });
    this.onMembersAdded(async (ctx, next) => {
      const botId = ctx.activity.recipient?.id;
      const added = ctx.activity.membersAdded ?? [];
      if (added.some((m: ChannelAccount) => m.id === botId)) await this.installed(ctx, false);
      const people = added.filter((m) => m.id !== botId);
      await this.rememberMembers(ctx, people, 'member');
      await next();
    });
    this.onMembersRemoved(async (ctx, next) => {
      const botId = ctx.activity.recipient?.id;
      const removed = ctx.activity.membersRemoved ?? [];
      if (removed.some((m: ChannelAccount) => m.id === botId)) await this.removed(ctx);
      const people = removed.filter((m) => m.id !== botId);
      await this.rememberMembers(ctx, people, 'none');
      await next();
    });
    this.onMessage(async (ctx, next) => {
      await this.message(ctx);
      await next();
    });
  }

  /**
   * From now on, team memberships the bot learns are kept in `members`: the installer of a
   * team or group chat, members added and removed, and every standing asked from Teams.
   */
  useMembers(members: MemberStore): void {
    this.members = members;
  }

  override async run(ctx: TurnContext): Promise<void> {
    normalise(ctx.activity);
    const members = this.members;
    if (members) {
      const remember: StandingLearnt = (team, userId, standing) =>
        members.record({ ...team, userId, standing, source: 'teams', at: this.deps.now().toISOString() });
      ctx.turnState.set(STANDING_LEARNT, remember);
    }
    await super.run(ctx);
  }

  /** People added to (or removed from) this team or group chat; ids only, and never a failed turn. */
  private async rememberMembers(ctx: TurnContext, people: ChannelAccount[], standing: Standing): Promise<void> {
    const team = conversationTeam(ctx);
    if (!this.members || !team) return;
    const at = this.deps.now().toISOString();
    try {
      for (const p of people) {
        const userId = entraId(p.aadObjectId);
        if (!userId) continue;
        const m = {
          tenantId: team.tenantId,
          teamId: team.teamId,
          userId,
          standing,
          source: 'event' as const,
          at,
        };
        await this.members.record(m, { roleUnknown: true });
      }
    } catch (e) {
      // The tab's API asks Teams itself when it knows nothing.
      this.deps.log.warn({ err: { name: (e as Error).name } }, 'team membership could not be remembered');
    }
  }

  /** Stores the conversation reference; the installation event posts the welcome, once a conversation. */
  private async installed(ctx: TurnContext, welcome: boolean): Promise<void> {
    const a = ctx.activity;
    const cd = a.channelData as TeamsChannelData | undefined;
    const tenantId = tenantOf(ctx);
    const teamId = cd?.team?.id;
    if (teamId) await this.deps.pilots.ensureTeam({ tenantId, teamId }, { name: cd?.team?.name });
    const personal = scopeOf(a.conversation.conversationType) === 'personal';
    const reference = storedReference(TurnContext.getConversationReference(a), personal);
    const isNew = await this.deps.conversations.activate({
      tenantId,
      conversationId: a.conversation.id,
      scope: scopeOf(a.conversation.conversationType),
      teamId,
      userId: personal ? entraId(a.from?.aadObjectId) : undefined,
      serviceUrl: a.serviceUrl,
      reference,
      updatedAt: this.deps.now().toISOString(),
    });
    this.deps.log.info({ scope: scopeOf(a.conversation.conversationType), isNew }, 'installed');
    // Whoever installed Polku in a team or group chat is one of its members.
    if (entraId(a.from?.aadObjectId) && a.from.id !== a.recipient?.id)
      await this.rememberMembers(ctx, [a.from], 'member');
    if (welcome && (await this.deps.conversations.claimWelcome(tenantId, a.conversation.id))) {
      await ctx.sendActivity(cardOf(welcomeCard(localeOf(a.locale))));
    }
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
      let answer: Answer | undefined;
      try {
        answer = await this.runVerb(ctx, { verb: value.verb, data: value, locale });
      } catch (e) {
        if (!retryable(e)) throw e;
        this.deps.log.error({ err: { name: (e as Error).name }, verb: value.verb }, 'card action failed');
        const t = strings(locale).errors;
        const { verb: _verb, ...rest } = value;
        const reason = e instanceof StorageUnavailableError ? t.storageUnavailable : t.somethingWentWrong;
        answer = { card: retryCard(locale, reason, value.verb, rest) };
      }
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

  /**
   * Invokes Polku does not serve, and card actions without an action object, get a 400 with a
   * message (botbuilder would answer 501, or fail on the missing action).
   */
  protected override async onInvokeActivity(ctx: TurnContext): Promise<InvokeResponse> {
    const a = ctx.activity;
    const value = a.value as { action?: unknown } | undefined;
    const badRequest = (): InvokeResponse => ({
      status: 400,
      body: {
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: { code: 'BadRequest', message: strings(localeOf(a.locale)).errors.unknownAction },
      },
    });
    if (a.name === 'adaptiveCard/action' && !(isObject(value) && isObject(value.action))) return badRequest();
    const answer = await super.onInvokeActivity(ctx);
    return answer.status === 501 ? badRequest() : answer;
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
        // The verb came from the caller: its length is logged, never its text.
        this.deps.log.warn({ verbLength: verb.length }, 'unknown card verb');
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
      this.deps.log.error({ err: errorForLog(err), verb }, 'card action failed');
      if (retryable(e)) {
        const reason = e instanceof StorageUnavailableError ? t.storageUnavailable : t.somethingWentWrong;
        const { verb: _verb, ...rest } = data;
        return {
          statusCode: 200,
          type: 'application/vnd.microsoft.card.adaptive',
          value: retryCard(locale, reason, verb, rest),
        };
      }
      return {
        statusCode: 500,
        type: 'application/vnd.microsoft.error',
        value: { code: 'InternalError', message: t.somethingWentWrong },
      };
    }
  }
}
