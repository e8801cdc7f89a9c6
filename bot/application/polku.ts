/**
 * Polku's application as an adapter sees it (TurnHandler): installation, welcome and help, text
 * commands, and card actions dispatched by verb to the actions. It knows Teams only through the
 * Turn; the rules live in bot/domain.
 */
import type { PilotEditor } from './pilotEdit';
import { type AdaptiveCardJson, helpCard, welcomeCard } from '../cards';
import { retryCard } from '../cards/views';
import { cardDate, DATE_INPUTS } from '../domain/cardInput';
import { type Command, commandOf, localeOf, strings } from '../i18n';
import { errorForLog, type Logger } from '../log';
import type { ConversationStore } from '../storage/conversations';
import { ConflictError, StorageUnavailableError } from '../storage/errors';
import type { MemberStore, Standing } from '../storage/members';
import type { PersonalData } from '../storage/personal';
import type { PilotData } from '../storage/pilotData';
import type { PilotStore } from '../storage/pilots';
import type { ReminderStore } from '../storage/reminders';
import { type TeamAccess, turnTeam } from './access';
import { InnokylaActions } from './innokyla';
import type { ChangedMember, SearchQuery, TurnHandler } from './handler';
import { type ActionRequest, type Answer, PilotActions } from './pilots';
import type { CardActionResult, SearchAnswer, Turn } from './port';
import { PrivacyActions } from './privacy';
import { PilotSearch } from './search';
import { ReminderCards } from './reminders/cards';
import { MeetingEnd } from './reminders/meeting';
import type { ReminderSchedule } from './reminders/schedule';
import { ReminderSettingsActions } from './reminders/settings';
import { SessionActions } from './sessions';
import { WarningActions } from './warnings';
import { DigestSettings } from './reminders/digest';

export interface PolkuDeps {
  conversations: ConversationStore;
  pilots: PilotStore;
  members: MemberStore;
  access: TeamAccess;
  reminders: ReminderStore;
  schedule: ReminderSchedule;
  editor: PilotEditor;
  pilotData: PilotData;
  personal: PersonalData;
  log: Logger;
  now: () => Date;
}

type VerbHandler = (turn: Turn, req: ActionRequest) => Promise<Answer>;

/** A card's Input.Date values as "YYYY-MM-DD", however the client sent them (cardInput.ts cardDate). */
function withCardDates(data: Record<string, unknown>, offset: number | undefined): Record<string, unknown> {
  const out = { ...data };
  for (const k of DATE_INPUTS) {
    const v = out[k];
    if (typeof v === 'string') out[k] = cardDate(v, offset);
  }
  return out;
}

/** Failures worth another try with the same data: storage away, or a write that lost every race. */
const retryable = (e: unknown): boolean => e instanceof StorageUnavailableError || e instanceof ConflictError;

/** The actions, built once; the reminder cards use the actions' own forms. */
export function buildActions(deps: PolkuDeps) {
  const pilots = new PilotActions(deps);
  const sessions = new SessionActions(deps, pilots);
  const cards = new ReminderCards({
    phaseForm: (locale, summary, phase, notice, extra) => pilots.phaseFormFor(locale, summary, phase, notice, extra),
    sessionForm: (locale, pilot, values, notice, extra) => sessions.formFor(locale, pilot, values, notice, extra),
  });
  const settings = new ReminderSettingsActions({ ...deps, access: (turn, id) => pilots.access(turn, id) });
  const meeting = new MeetingEnd({ ...deps, cards });
  const privacy = new PrivacyActions(deps, pilots);
  const innokyla = new InnokylaActions(deps, pilots);
  const warnings = new WarningActions(deps, pilots);
  const digest = new DigestSettings(deps);
  return { pilots, sessions, cards, settings, meeting, privacy, innokyla, warnings, digest };
}

export class Polku implements TurnHandler {
  /** One handler a verb. */
  private readonly verbs: Record<string, VerbHandler>;
  /** Text commands, in any of the three languages, mapped to the verb that serves them. */
  private readonly commands: Record<Exclude<Command, 'help'>, string> = {
    newPilot: 'newPilot',
    log: 'logSession',
    status: 'status',
    pilots: 'pilots',
    myData: 'myData',
    digest: 'weeklyDigest',
  };
  private readonly meeting: MeetingEnd;
  private readonly search: PilotSearch;

  constructor(
    private readonly deps: PolkuDeps,
    actions: ReturnType<typeof buildActions> = buildActions(deps),
  ) {
    const { pilots: p, sessions: s, settings: r, privacy: d, warnings: w } = actions;
    this.meeting = actions.meeting;
    this.search = new PilotSearch(deps);
    this.verbs = {
      help: async (_turn, req) => ({ card: helpCard(req.locale) }),
      pilot: (turn, req) => p.show(turn, req),
      newPilot: (turn, req) => p.newPilot(turn, req),
      pilotDetails: (turn, req) => p.details(turn, req),
      pilotBack: (turn, req) => p.back(turn, req),
      createPilot: (turn, req) => p.create(turn, req),
      cancelNewPilot: async (_turn, req) => p.cancel(req),
      editPilot: (turn, req) => p.editPilot(turn, req),
      savePilotEdit: (turn, req) => p.savePilotEdit(turn, req),
      openPhase: (turn, req) => p.openPhase(turn, req),
      savePhase: (turn, req) => p.savePhase(turn, req),
      pilots: (turn, req) => s.pilots(turn, req),
      logSession: (turn, req) => s.logSession(turn, req),
      saveSession: (turn, req) => s.saveSession(turn, req),
      sessions: (turn, req) => s.sessions(turn, req),
      editSession: (turn, req) => s.editSession(turn, req),
      updateSession: (turn, req) => s.updateSession(turn, req),
      deleteSession: (turn, req) => s.deleteSession(turn, req),
      status: (turn, req) => s.status(turn, req),
      snooze: (turn, req) => r.snooze(turn, req),
      promptsOff: (turn, req) => r.promptsOff(turn, req),
      reminderSettings: (turn, req) => r.settingsCard(turn, req),
      saveReminderSettings: (turn, req) => r.saveSettings(turn, req),
      deletePilotAsk: (turn, req) => d.askDelete(turn, req),
      deletePilot: (turn, req) => d.delete(turn, req),
      myData: (turn, req) => d.myData(turn, req),
      forgetMeAsk: (turn, req) => d.askForget(turn, req),
      forgetMe: (turn, req) => d.forget(turn, req),
      innokylaDraft: (turn, req) => actions.innokyla.draft(turn, req),
      answerWarning: (turn, req) => w.answer(turn, req),
      weeklyDigest: (turn, req) => actions.digest.toggle(turn, req),
    };
  }

  failureText(locale: string | undefined, error: unknown): string {
    const t = strings(localeOf(locale)).errors;
    return error instanceof StorageUnavailableError ? t.storageUnavailable : t.somethingWentWrong;
  }

  unknownActionText(locale: string | undefined): string {
    return strings(localeOf(locale)).errors.unknownAction;
  }

  async searchQuery(turn: Turn, q: SearchQuery): Promise<SearchAnswer> {
    return this.searching(turn, 'query', () => this.search.query(turn, q));
  }

  async linkQuery(turn: Turn, l: { url: string }): Promise<SearchAnswer> {
    return this.searching(turn, 'queryLink', () => this.search.link(turn, l.url));
  }

  /** A search that failed is worded for the person: Teams shows the sentence in the extension's pane. */
  private async searching(turn: Turn, invoke: string, run: () => Promise<SearchAnswer>): Promise<SearchAnswer> {
    try {
      return await run();
    } catch (e) {
      this.deps.log.error({ err: errorForLog(e), invoke }, 'search failed');
      return { kind: 'failed', message: this.failureText(turn.locale, e) };
    }
  }

  async meetingEnded(turn: Turn): Promise<void> {
    await this.meeting.meetingEnded(turn);
  }

  /** People added to (or removed from) this team or group chat; ids only, and never a failed turn. */
  async membersChanged(turn: Turn, o: { added: ChangedMember[]; removed: ChangedMember[] }): Promise<void> {
    await this.rememberMembers(turn, o.added, 'member');
    await this.rememberMembers(turn, o.removed, 'none');
  }

  private async rememberMembers(turn: Turn, people: ChangedMember[], standing: Standing): Promise<void> {
    const team = turnTeam(turn);
    if (!team || !people.length) return;
    const at = this.deps.now().toISOString();
    try {
      for (const p of people) {
        if (!p.aadObjectId) continue;
        const m = {
          tenantId: team.tenantId,
          teamId: team.teamId,
          userId: p.aadObjectId,
          standing,
          source: 'event' as const,
          at,
        };
        await this.deps.members.record(m, { roleUnknown: true });
      }
    } catch (e) {
      // The tab's API asks Teams itself when it knows nothing.
      this.deps.log.warn({ err: { name: (e as Error).name } }, 'team membership could not be remembered');
    }
  }

  /** Stores the conversation's address; the installation event posts the welcome, once a conversation. */
  async installed(turn: Turn, o: { welcome: boolean }): Promise<void> {
    const { tenantId, conversation: c } = turn;
    const teamId = c.team?.id;
    if (teamId) await this.deps.pilots.ensureTeam({ tenantId, teamId }, { name: c.team?.name });
    const personal = c.scope === 'personal';
    const isNew = await this.deps.conversations.activate({
      tenantId,
      conversationId: c.id,
      scope: c.scope,
      teamId,
      userId: personal ? turn.actor.aadObjectId : undefined,
      serviceUrl: c.serviceUrl,
      reference: turn.address,
      updatedAt: this.deps.now().toISOString(),
    });
    this.deps.log.info({ scope: c.scope, isNew }, 'installed');
    // Whoever installed Polku in a team or group chat is one of its members.
    if (turn.actor.aadObjectId) await this.rememberMembers(turn, [{ aadObjectId: turn.actor.aadObjectId }], 'member');
    if (o.welcome && (await this.deps.conversations.claimWelcome(tenantId, c.id))) {
      await turn.reply({ card: welcomeCard(turn.locale) });
    }
  }

  async removed(turn: Turn): Promise<void> {
    await this.deps.conversations.deactivate(turn.tenantId, turn.conversation.id, this.deps.now().toISOString());
    this.deps.log.info({ scope: turn.conversation.scope }, 'removed');
  }

  async message(turn: Turn, m: { text: string; value?: Record<string, unknown> }): Promise<void> {
    const { locale } = turn;
    const value = m.value;
    // Action.Submit fallback (clients without Universal Actions): the verb comes in the value.
    if (value && typeof value.verb === 'string') {
      let answer: Answer | undefined;
      try {
        answer = await this.runVerb(turn, { verb: value.verb, data: value, locale });
      } catch (e) {
        if (!retryable(e)) throw e;
        this.deps.log.error({ err: { name: (e as Error).name }, verb: value.verb }, 'card action failed');
        const { verb: _verb, ...rest } = value;
        answer = { card: retryCard(locale, this.failureText(locale, e), value.verb, rest) };
      }
      if (answer) await turn.reply({ card: answer.card });
      else await turn.reply({ text: strings(locale).errors.unknownAction });
      return;
    }
    const command = commandOf(m.text);
    if (command === 'help') return turn.reply({ card: helpCard(locale) });
    if (command) {
      const answer = await this.runVerb(turn, { verb: this.commands[command], data: {}, locale });
      if (answer) await turn.reply({ card: answer.card });
      return;
    }
    await turn.reply({ card: helpCard(locale), text: strings(locale).unknownCommand });
  }

  private async runVerb(turn: Turn, req: ActionRequest): Promise<Answer | undefined> {
    const handler = Object.prototype.hasOwnProperty.call(this.verbs, req.verb) ? this.verbs[req.verb] : undefined;
    return handler ? handler(turn, { ...req, data: withCardDates(req.data, turn.utcOffsetMinutes) }) : undefined;
  }

  /**
   * Everyone else in a channel or group chat sees the card as it now stands: the message that
   * held the pressed card is updated (the presser gets their own view in the invoke answer).
   */
  private async updateForEveryone(turn: Turn, card: () => AdaptiveCardJson): Promise<void> {
    if (!turn.replyToId || turn.conversation.scope === 'personal') return;
    try {
      await turn.updateCard(card());
    } catch (e) {
      // The answer to the presser stands; others see the change at their next refresh.
      this.deps.log.warn({ err: { name: (e as Error).name } }, 'could not update the card for everyone');
    }
  }

  async cardAction(
    turn: Turn,
    a: { verb: string; data: Record<string, unknown>; automatic: boolean },
  ): Promise<CardActionResult> {
    const { locale } = turn;
    const t = strings(locale).errors;
    const { verb, data } = a;
    try {
      const answer = await this.runVerb(turn, { verb, data, locale });
      if (!answer) {
        // The verb came from the caller: its length is logged, never its text.
        this.deps.log.warn({ verbLength: verb.length }, 'unknown card verb');
        return { kind: 'badRequest', message: t.unknownAction };
      }
      if (answer.everyone && !a.automatic) await this.updateForEveryone(turn, answer.everyone);
      return { kind: 'card', card: answer.card };
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      this.deps.log.error({ err: errorForLog(err), verb }, 'card action failed');
      if (retryable(e)) {
        const { verb: _verb, ...rest } = data;
        return { kind: 'card', card: retryCard(locale, this.failureText(locale, e), verb, rest) };
      }
      return { kind: 'failed', message: t.somethingWentWrong };
    }
  }
}
