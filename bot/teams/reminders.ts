/**
 * Reminders and prompts, sent proactively: the midpoint and end evaluations to the owners, the
 * session card after each planned slot, the consultation card after the Wednesday meeting. The
 * schedule is in Table Storage (storage/reminders.ts); when is decided in domain/reminders.ts;
 * this file claims what is due, checks it is still wanted, and delivers it paced and retried.
 */
import { randomUUID } from 'node:crypto';
import { type ConversationReference, MessageFactory, CardFactory, type TurnContext, type Mention } from 'botbuilder';
import type { AdaptiveCardJson } from '../cards';
import { pilotCard } from '../cards/pilots';
import { action, type ActionView, formCard, field, noticeCard } from '../cards/views';
import { canEditPhases, canLogSession } from '../domain/access';
import { localDate } from '../domain/calendar';
import type { Pilot } from '../domain/pilots';
import {
  firstPhaseStep,
  followingSessionPrompt,
  nextPhaseStep,
  nextSessionPrompt,
  phaseReminder,
  type PlannedReminder,
  promptsSwitchable,
  retryTime,
  sessionPromptsOn,
  snoozed,
  whyNotWanted,
} from '../domain/reminders';
import type { Totals } from '../domain/totals';
import { format, formatDate, type Locale, localeOf, strings } from '../i18n';
import type { Logger } from '../log';
import type { ConversationStore, StoredConversation } from '../storage/conversations';
import type { PilotStore } from '../storage/pilots';
import type { DueReminder, ReminderStore } from '../storage/reminders';
import { StorageUnavailableError } from '../storage/errors';
import type { TeamsAdapter } from './adapter';
import { deliver, errorNameOf, type Pacer } from './delivery';
import type { ActionRequest, Answer, PilotActions } from './pilotActions';
import { conversationTeam } from './people';
import type { SessionActions } from './sessionActions';

/** A reminder handled by a sweep, for its report. Ids only. */
export interface SweepLine {
  pilotId: string;
  key: string;
  /**
   * sent; notNeeded (no longer wanted, or the session was logged already); retrying (could not be built
   * or sent: due again later); gaveUp (its last try failed: recorded as failed); failed (not even that
   * could be recorded: the claim expires and a later sweep tries again); takenByAnother.
   */
  outcome: 'sent' | 'notNeeded' | 'retrying' | 'gaveUp' | 'failed' | 'takenByAnother';
  to: string[];
}

export interface SweepCounts {
  sent: number;
  notNeeded: number;
  /** Reminders that could not be built or sent in this sweep: retried + given up + those left to a later sweep. */
  failed: number;
  /** Of the failed, those due again later (backoff). */
  retried: number;
  /** Of the failed, those whose last try it was. */
  gaveUp: number;
  takenByAnother: number;
}

export interface SweepReport {
  at: string;
  rowsRead: number;
  due: number;
  lines: SweepLine[];
  counts: SweepCounts;
}

/** Why a try came to nothing: the error's name (never its message) and the connector's status, if any. */
interface Failure {
  error: string;
  status?: number;
}

/** What a try came to: who got the message, and the failure when it could not be built or sent to all. */
interface Sending {
  sent: string[];
  failure?: Failure;
}

function countsOf(lines: SweepLine[]): SweepCounts {
  const n = (o: SweepLine['outcome']) => lines.filter((l) => l.outcome === o).length;
  const retried = n('retrying');
  const gaveUp = n('gaveUp');
  return {
    sent: n('sent'),
    notNeeded: n('notNeeded'),
    failed: retried + gaveUp + n('failed'),
    retried,
    gaveUp,
    takenByAnother: n('takenByAnother'),
  };
}

const consultationMark = (slotDate: string) => `consultation|${slotDate}`;

export interface ReminderDeps {
  reminders: ReminderStore;
  pilots: PilotStore;
  conversations: ConversationStore;
  adapter: TeamsAdapter;
  pacer: Pacer;
  log: Logger;
  now: () => Date;
}

export class Reminders {
  private readonly instance = randomUUID();
  private pilotActions?: PilotActions;
  private sessionActions?: SessionActions;

  constructor(private readonly deps: ReminderDeps) {}

  /** The card builders live with the bot's actions; they are handed over once both exist. */
  useActions(pilotActions: PilotActions, sessionActions: SessionActions): void {
    this.pilotActions = pilotActions;
    this.sessionActions = sessionActions;
  }

  /** Puts a new pilot's reminders on the schedule: both evaluations and the first session prompt. */
  async planFor(pilot: Pilot, now: Date): Promise<void> {
    for (const phase of ['midpoint', 'end'] as const) {
      const r = firstPhaseStep(pilot, phase, now);
      if (r) await this.deps.reminders.schedule(pilot.id, r, now);
    }
    const s = nextSessionPrompt(pilot, now);
    if (s) await this.deps.reminders.schedule(pilot.id, s, now);
  }

  /**
   * A phase was saved: what the rule (whyNotWanted) no longer wants goes off the schedule, so the
   * reminders view and the schedule agree. Never fails the save: should storage refuse here, the
   * sweep asks the same rule before sending, so nothing unwanted goes out; the failure is logged.
   */
  async phaseSaved(pilot: Pilot): Promise<void> {
    try {
      await this.prune(pilot);
    } catch (e) {
      this.deps.log.warn({ pilotId: pilot.id, error: errorNameOf(e) }, 'reminders not tidied after a phase was saved');
    }
  }

  /** Takes off the schedule each of the pilot's reminders the rule no longer wants. */
  private async prune(pilot: Pilot): Promise<void> {
    const own = await this.deps.reminders.ofPilot(pilot.id);
    const state = { pilot, settings: own.settings };
    let removed = 0;
    for (const r of own.scheduled) {
      if (whyNotWanted(r, state) && (await this.deps.reminders.cancel(r))) removed++;
    }
    if (removed) this.deps.log.info({ pilotId: pilot.id, removed }, 'reminders no longer wanted: off the schedule');
  }

  /**
   * One sweep: everything due at `now`, each claimed before it is handled. A reminder that cannot be
   * built or sent is tried again later and the sweep goes on; only storage being away stops it.
   */
  async sweep(now: Date): Promise<SweepReport> {
    const { due, rowsRead } = await this.deps.reminders.due(now);
    const lines: SweepLine[] = [];
    for (const r of due) lines.push(await this.sweepOne(r, now));
    const report: SweepReport = { at: now.toISOString(), rowsRead, due: due.length, lines, counts: countsOf(lines) };
    if (lines.length) this.deps.log.info({ due: report.due, rowsRead, ...report.counts }, 'reminder sweep');
    return report;
  }

  private async sweepOne(r: DueReminder, now: Date): Promise<SweepLine> {
    const line = (outcome: SweepLine['outcome']): SweepLine => ({ pilotId: r.pilotId, key: r.key, outcome, to: [] });
    try {
      if (!(await this.deps.reminders.claim(r, now, this.instance))) return line('takenByAnother');
      return await this.handle(r, now);
    } catch (e) {
      // Storage away: every other reminder would fail the same way; they all stay due.
      if (e instanceof StorageUnavailableError) throw e;
      this.deps.log.error(
        { pilotId: r.pilotId, key: r.key, attempt: r.attempts, error: errorNameOf(e) },
        'reminder left to a later sweep',
      );
      return line('failed');
    }
  }

  private async handle(r: DueReminder, now: Date): Promise<SweepLine> {
    const line: SweepLine = { pilotId: r.pilotId, key: r.key, outcome: 'notNeeded', to: [] };
    let planned: { sending: Sending; successor?: PlannedReminder } | undefined;
    try {
      planned = await this.attempt(r, now);
    } catch (e) {
      // The pilot or its settings could not be read (storage refused, or a row no longer parses).
      planned = { sending: { sent: [], failure: { error: errorNameOf(e) } } };
    }
    if (!planned) {
      await this.deps.reminders.done(r);
      return line;
    }
    const { sending, successor } = planned;
    if (sending.failure) return this.failed(r, now, sending.failure, sending.sent, successor);
    if (successor) await this.deps.reminders.schedule(r.pilotId, successor, now);
    await this.deps.reminders.done(r);
    return { ...line, outcome: sending.sent.length ? 'sent' : 'notNeeded', to: sending.sent };
  }

  /**
   * Reads the pilot, asks the rule, and sends. Undefined when the reminder is no longer wanted (its chain
   * ends there); else what the sending came to and the next reminder of the chain.
   */
  private async attempt(
    r: DueReminder,
    now: Date,
  ): Promise<{ sending: Sending; successor?: PlannedReminder } | undefined> {
    const summary = await this.deps.pilots.getPilot(r.pilotId);
    if (!summary) return undefined;
    const { pilot, totals } = summary;
    const settings = await this.deps.reminders.settings(pilot.id);
    if (whyNotWanted(r, { pilot, settings })) return undefined;
    const snoozedOne = r.key.startsWith('snooze|');
    if (r.kind === 'phase' && r.phase && r.step) {
      // After a pause, later steps may be due already: send only the latest of them.
      let step = r.step;
      for (
        let n = nextPhaseStep(step);
        !snoozedOne && n && phaseReminder(pilot, r.phase, n).dueAt <= now;
        n = nextPhaseStep(n)
      ) {
        step = n;
      }
      const next = nextPhaseStep(step);
      const successor = next && !snoozedOne ? phaseReminder(pilot, r.phase, next) : undefined;
      return { successor, sending: await trying(() => this.sendPhase(pilot, totals, { ...r, step })) };
    }
    if (r.kind === 'session' || r.kind === 'consultation') {
      const successor = snoozedOne ? undefined : followingSessionPrompt(pilot, r);
      const covered =
        !!r.slotDate &&
        (loggedOn(totals, r.slotDate) || (await this.deps.reminders.marked(pilot.id, consultationMark(r.slotDate))));
      if (covered) return { successor, sending: { sent: [] } };
      return { successor, sending: await trying(() => this.sendSessionPrompt(pilot, r)) };
    }
    return undefined;
  }

  /**
   * A try that failed: logged with ids only, due again after a backoff (retryTime), or after the last
   * try recorded as failed, and its chain goes on.
   */
  private async failed(
    r: DueReminder,
    now: Date,
    failure: Failure,
    sent: string[],
    successor: PlannedReminder | undefined,
  ): Promise<SweepLine> {
    const { error, status } = failure;
    const ids = { pilotId: r.pilotId, key: r.key, attempt: r.attempts, error, status };
    const line = { pilotId: r.pilotId, key: r.key, to: sent };
    const later = retryTime(r.attempts, now);
    if (later) {
      const kept = await this.deps.reminders.retryLater(r, later, error);
      this.deps.log.warn(
        { ...ids, retryAt: later.toISOString(), takenOver: !kept },
        'reminder not sent: tried again later',
      );
      return { ...line, outcome: 'retrying' };
    }
    await this.deps.reminders.giveUp(r, now, error);
    if (successor) await this.deps.reminders.schedule(r.pilotId, successor, now);
    this.deps.log.error(ids, 'reminder not sent: given up after its last try');
    return { ...line, outcome: 'gaveUp' };
  }

  // ---- Where a message goes -----------------------------------------------------------------

  /** The conversation where the pilot's team talks: its channel, or the group chat itself. */
  private async teamConversation(pilot: Pilot): Promise<StoredConversation | undefined> {
    const { tenantId, teamId } = pilot.team;
    const channels = await this.deps.conversations.listTeamChannels(tenantId);
    const channel = channels.find((c) => c.teamId === teamId);
    const c = await this.deps.conversations.get(tenantId, channel?.conversationId ?? teamId);
    return c?.active ? c : undefined;
  }

  /**
   * Sends a card to each owner: in their personal chat with Polku, else one opened through the
   * connector, else in the team's conversation with a mention. Returns who got it, and the first
   * failure when someone could not be reached for a reason other than Polku being gone there.
   */
  private async toOwners(pilot: Pilot, card: (locale: Locale) => AdaptiveCardJson): Promise<Sending> {
    const sent: string[] = [];
    let failure: Failure | undefined;
    const unreachable: string[] = [];
    const team = await this.teamConversation(pilot);
    for (const owner of pilot.owners) {
      const chat = await this.deps.conversations.personalChatOf(pilot.team.tenantId, owner);
      const r = chat
        ? await this.send(chat, (locale) => cardMessage(card(locale)))
        : team
          ? await this.openChat(team, pilot, owner, card)
          : 'gone';
      if (r === 'sent') sent.push(owner);
      else if (r === 'gone') unreachable.push(owner);
      else failure ??= r;
    }
    if (unreachable.length && team) {
      const r = await this.send(team, (locale) => {
        const names = unreachable.map((id) => pilot.ownerNames?.[id] || '').filter(Boolean);
        return mentionMessage(card(locale), unreachable, names);
      });
      if (r === 'sent') sent.push(...unreachable.map((id) => `channel:${id}`));
      else if (r !== 'gone') failure ??= r;
    }
    return failure ? { sent, failure } : { sent };
  }

  private async openChat(
    team: StoredConversation,
    pilot: Pilot,
    owner: string,
    card: (locale: Locale) => AdaptiveCardJson,
  ): Promise<'sent' | 'gone' | Failure> {
    const outcome = await deliver(
      () =>
        this.deps.adapter.openPersonalChat(
          { serviceUrl: team.serviceUrl, tenantId: pilot.team.tenantId, userId: owner },
          async (ctx) => {
            await ctx.sendActivity(cardMessage(card('fi')));
          },
        ),
      { pacer: this.deps.pacer, conversationKey: `new|${owner}`, tenantKey: pilot.team.tenantId, maxAttempts: 3 },
    );
    if (outcome.status === 'failed') return { error: outcome.errorName, status: outcome.httpStatus };
    return outcome.status;
  }

  /** One proactive message, paced and retried; a conversation Polku was removed from is marked so. */
  private async send(
    c: StoredConversation,
    message: (locale: Locale) => Partial<import('botbuilder').Activity>,
  ): Promise<'sent' | 'gone' | Failure> {
    const reference = c.reference as Partial<ConversationReference> & { locale?: string };
    const locale = localeOf(reference.locale);
    const outcome = await deliver(
      () =>
        this.deps.adapter.continueIn(reference, async (ctx: TurnContext) => {
          await ctx.sendActivity(message(locale));
        }),
      { pacer: this.deps.pacer, conversationKey: c.conversationId, tenantKey: c.tenantId, maxAttempts: 3 },
    );
    if (outcome.status === 'sent') return 'sent';
    if (outcome.status === 'gone') {
      await this.deps.conversations.deactivate(c.tenantId, c.conversationId, this.deps.now().toISOString());
      this.deps.log.warn({ scope: c.scope, status: outcome.httpStatus }, 'conversation gone: marked inactive');
      return 'gone';
    }
    this.deps.log.warn(
      { scope: c.scope, status: outcome.httpStatus, attempts: outcome.attempts, error: outcome.errorName },
      'reminder not delivered',
    );
    return { error: outcome.errorName, status: outcome.httpStatus };
  }

  // ---- What is sent -------------------------------------------------------------------------

  private async sendPhase(pilot: Pilot, totals: Totals, r: DueReminder): Promise<Sending> {
    const phase = r.phase as 'midpoint' | 'end';
    const date = phase === 'midpoint' ? pilot.midpointDate : pilot.endDate;
    if (r.step === 'channelNote') {
      const team = await this.teamConversation(pilot);
      if (!team) return { sent: [] };
      const outcome = await this.send(team, (locale) => {
        const t = strings(locale);
        const text = format(t.reminders.channelNote, {
          phase: t.phases[phase],
          pilot: pilot.name,
          date: formatDate(locale, date),
        });
        const card = pilotCard(locale, { pilot, totals, role: 'member', notice: text, noticeStyle: 'warning' });
        const names = pilot.owners.map((id) => pilot.ownerNames?.[id] || '').filter(Boolean);
        return mentionMessage(card, pilot.owners, names);
      });
      return channelSending(outcome);
    }
    const actions = this.pilotActions;
    if (!actions) throw new Error('reminders need the pilot actions');
    const forms = new Map<Locale, AdaptiveCardJson>();
    for (const locale of ['fi', 'sv', 'en'] as const) {
      const t = strings(locale).reminders;
      const notice = format(r.step === 'before' ? t.phaseBefore : r.step === 'onDate' ? t.phaseOnDate : t.phaseNudge, {
        phase: strings(locale).phases[phase],
        date: formatDate(locale, date),
      });
      forms.set(
        locale,
        await actions.phaseFormFor(locale, { pilot, totals }, phase, notice, this.snoozeActions(locale, pilot, r)),
      );
    }
    return this.toOwners(pilot, (locale) => forms.get(locale) as AdaptiveCardJson);
  }

  private async sendSessionPrompt(pilot: Pilot, r: DueReminder): Promise<Sending> {
    const sessions = this.sessionActions;
    if (!sessions) throw new Error('reminders need the session actions');
    const card = (locale: Locale) => {
      const t = strings(locale);
      const notice =
        r.kind === 'consultation'
          ? t.reminders.consultationPrompt
          : format(t.reminders.sessionPrompt, {
              date: formatDate(locale, r.slotDate ?? ''),
              kind: t.kinds[pilot.kind],
            });
      const extra = [
        ...this.snoozeActions(locale, pilot, r),
        action(t.reminders.promptsOff, 'promptsOff', { pilotId: pilot.id }, { inputs: 'none' }),
      ];
      return sessions.formFor(locale, pilot, { date: r.slotDate ?? '' }, notice, extra);
    };
    if (r.kind === 'consultation') {
      // Every participant logs their own cases: the prompt goes to the consultation's channel.
      const team = await this.teamConversation(pilot);
      if (!team) return this.toOwners(pilot, card);
      return channelSending(await this.send(team, (locale) => cardMessage(card(locale))));
    }
    return this.toOwners(pilot, card);
  }

  private snoozeActions(locale: Locale, pilot: Pilot, r: PlannedReminder): ActionView[] {
    const t = strings(locale).reminders;
    const data = (days: 1 | 7) => ({
      pilotId: pilot.id,
      days,
      kind: r.kind,
      phase: r.phase ?? '',
      step: r.step ?? '',
      slotDate: r.slotDate ?? '',
      key: r.key,
    });
    return [
      action(t.snoozeDay, 'snooze', data(1), { inputs: 'none' }),
      action(t.snoozeWeek, 'snooze', data(7), { inputs: 'none' }),
    ];
  }

  // ---- Card actions -------------------------------------------------------------------------

  /** verb `snooze`: the same reminder again in a day or a week (in working hours), if it is still wanted. */
  async snooze(ctx: TurnContext, req: ActionRequest): Promise<Answer> {
    const t = strings(req.locale);
    const a = await this.pilotActions?.access(ctx, String(req.data.pilotId ?? ''));
    if (!a || !canLogSession(a.role)) return this.notFound(req.locale);
    const days = req.data.days === 7 || req.data.days === '7' ? 7 : 1;
    const kind = String(req.data.kind ?? '');
    const original: PlannedReminder | undefined =
      kind === 'phase' && (req.data.phase === 'midpoint' || req.data.phase === 'end')
        ? phaseReminder(a.summary.pilot, req.data.phase, 'onDate')
        : kind === 'session' || kind === 'consultation'
          ? {
              kind,
              slotDate: typeof req.data.slotDate === 'string' ? req.data.slotDate : undefined,
              key: `${kind}|${String(req.data.slotDate ?? '')}`,
              dueAt: this.deps.now(),
            }
          : undefined;
    if (!original) return this.notFound(req.locale);
    const { pilot } = a.summary;
    const settings = await this.deps.reminders.settings(pilot.id);
    if (whyNotWanted(original, { pilot, settings })) {
      return { card: noticeCard(req.locale, pilot.name, t.reminders.notNeeded, '') };
    }
    const now = this.deps.now();
    const later = snoozed(original, days, now);
    await this.deps.reminders.schedule(pilot.id, later, now);
    const when = formatDate(req.locale, localDate(later.dueAt));
    return { card: noticeCard(req.locale, pilot.name, format(t.reminders.snoozed, { date: when }), 'good') };
  }

  /** verb `promptsOff`: no more session prompts for this pilot (owners). */
  async promptsOff(ctx: TurnContext, req: ActionRequest): Promise<Answer> {
    return this.saveSettingsOf(ctx, req, false);
  }

  /**
   * verb `reminderSettings`: what will be sent when, and the prompts switch. Built from the schedule the
   * sweep reads, filtered by the sweep's rule (whyNotWanted), so it lists only what will go out.
   */
  async settingsCard(ctx: TurnContext, req: ActionRequest, notice = ''): Promise<Answer> {
    const t = strings(req.locale);
    const a = await this.pilotActions?.access(ctx, String(req.data.pilotId ?? ''));
    if (!a) return this.notFound(req.locale);
    const { pilot, totals } = a.summary;
    const own = await this.deps.reminders.ofPilot(pilot.id);
    const state = { pilot, settings: own.settings };
    const wanted = own.scheduled.filter((r) => !whyNotWanted(r, state));
    const when = (r: PlannedReminder | undefined) => (r ? formatDate(req.locale, localDate(r.dueAt)) : t.status.none);
    const phaseText = (phase: 'midpoint' | 'end') =>
      whyNotWanted({ kind: 'phase', phase }, state)
        ? t.reminders.answered
        : when(earliest(wanted.filter((r) => r.kind === 'phase' && r.phase === phase)));
    const promptsOn = sessionPromptsOn(state);
    let prompt = earliest(wanted.filter((r) => r.kind === 'session' || r.kind === 'consultation'));
    // A slot already logged (or posted at the meeting's end) is passed by: the sweep goes on to the next one.
    const covered = (d: string) => loggedOn(totals, d) || own.markers.includes(consultationMark(d));
    while (prompt?.slotDate && covered(prompt.slotDate)) prompt = followingSessionPrompt(pilot, prompt);
    const promptText = promptsOn
      ? when(prompt)
      : pilot.stage !== 'end'
        ? t.reminders.off
        : promptsSwitchable(pilot)
          ? t.reminders.offAfterEnd
          : t.reminders.promptsEnded;
    const info = [
      { heading: t.reminders.rules, text: t.reminders.rulesText },
      { heading: t.reminders.nextMidpoint, text: phaseText('midpoint') },
      { heading: t.reminders.nextEnd, text: phaseText('end') },
      { heading: t.reminders.nextPrompt, text: promptText },
    ];
    const owner = canEditPhases(a.role);
    const switchable = owner && promptsSwitchable(pilot);
    const fields = switchable
      ? [
          field({
            kind: 'choice',
            id: 'sessionPrompts',
            label: t.reminders.promptsLabel,
            value: promptsOn ? 'on' : 'off',
            style: 'expanded',
            required: true,
            requiredMessage: t.validation.required,
            choices: [
              { title: t.reminders.on, value: 'on' },
              { title: t.reminders.off, value: 'off' },
            ],
          }),
        ]
      : [];
    const actions = [
      ...(switchable
        ? [action(t.reminders.save, 'saveReminderSettings', { pilotId: pilot.id }, { style: 'positive' })]
        : []),
      action(t.phaseForm.cancel, 'pilot', { pilotId: pilot.id }, { inputs: 'none' }),
    ];
    return {
      card: formCard(req.locale, {
        title: format(t.reminders.title, { pilot: pilot.name }),
        notice,
        noticeStyle: notice ? 'good' : '',
        info,
        fields,
        actions,
      }),
    };
  }

  /** verb `saveReminderSettings`. */
  async saveSettings(ctx: TurnContext, req: ActionRequest): Promise<Answer> {
    return this.saveSettingsOf(ctx, req, req.data.sessionPrompts !== 'off');
  }

  /**
   * The prompts switch: before the end evaluation it is `sessionPrompts`, after it `promptsAfterEnd`,
   * which only a pilot that continues may turn on. Whatever the rule then no longer wants leaves the schedule.
   */
  private async saveSettingsOf(ctx: TurnContext, req: ActionRequest, on: boolean): Promise<Answer> {
    const t = strings(req.locale);
    const a = await this.pilotActions?.access(ctx, String(req.data.pilotId ?? ''));
    if (!a) return this.notFound(req.locale);
    const { pilot } = a.summary;
    if (!canEditPhases(a.role)) return { card: noticeCard(req.locale, pilot.name, t.errors.notOwner, 'attention') };
    if (on && !promptsSwitchable(pilot)) return this.settingsCard(ctx, req);
    const ended = pilot.stage === 'end';
    const current = await this.deps.reminders.settings(pilot.id);
    const settings = ended ? { ...current, promptsAfterEnd: on } : { ...current, sessionPrompts: on };
    await this.deps.reminders.saveSettings(pilot.id, settings);
    const now = this.deps.now();
    if (sessionPromptsOn({ pilot, settings })) {
      const next = nextSessionPrompt(pilot, now);
      if (next) await this.deps.reminders.schedule(pilot.id, next, now);
    } else {
      await this.prune(pilot);
    }
    this.deps.log.info({ pilotId: pilot.id, sessionPrompts: on, afterEnd: ended }, 'reminder settings');
    const saved = on ? t.reminders.savedOn : ended ? t.reminders.savedOffEnded : t.reminders.savedOff;
    return this.settingsCard(ctx, req, saved);
  }

  /** The Wednesday consultation's meeting ended: its log card goes to the meeting's chat, once a day. */
  async meetingEnded(ctx: TurnContext): Promise<void> {
    const team = conversationTeam(ctx);
    if (!team || !this.sessionActions) return;
    const today = localDate(this.deps.now());
    const consultations = (await this.deps.pilots.listTeamPilots(team)).filter(
      (p) => p.pilot.kind === 'kelaConsultation',
    );
    const locale = localeOf(ctx.activity.locale);
    for (const { pilot } of consultations) {
      const settings = await this.deps.reminders.settings(pilot.id);
      if (!sessionPromptsOn({ pilot, settings })) continue;
      if (!(await this.deps.reminders.mark(pilot.id, consultationMark(today)))) continue;
      const notice = strings(locale).reminders.consultationPrompt;
      await ctx.sendActivity(cardMessage(this.sessionActions.formFor(locale, pilot, { date: today }, notice, [])));
      this.deps.log.info({ pilotId: pilot.id }, 'consultation card posted at meeting end');
    }
  }

  private notFound(locale: Locale): Answer {
    const t = strings(locale);
    return { card: noticeCard(locale, t.reminders.titleShort, t.errors.notFound, 'attention') };
  }
}

/** A message to the team's conversation: sent there, or nowhere (Polku gone from it), or failed. */
function channelSending(outcome: 'sent' | 'gone' | Failure): Sending {
  if (outcome === 'sent') return { sent: ['channel'] };
  return outcome === 'gone' ? { sent: [] } : { sent: [], failure: outcome };
}

/** Runs a build-and-send; an error thrown on the way (a card that cannot be built) is a failed try, by name. */
async function trying(send: () => Promise<Sending>): Promise<Sending> {
  try {
    return await send();
  } catch (e) {
    return { sent: [], failure: { error: errorNameOf(e) } };
  }
}

/** The reminder due first (a retry counts from its retry time). */
function earliest<T extends PlannedReminder & { retryAt?: Date }>(rs: T[]): PlannedReminder | undefined {
  const at = (r: T) => (r.retryAt ?? r.dueAt).getTime();
  const first = rs.reduce<T | undefined>((a, r) => (!a || at(r) < at(a) ? r : a), undefined);
  return first && { ...first, dueAt: first.retryAt ?? first.dueAt };
}

/** True when the totals hold a session on this date (week buckets keep their dates). */
function loggedOn(totals: Totals, date: string): boolean {
  return Object.values(totals.weeks).some((w) => (w.dates ?? []).includes(date));
}

function cardMessage(card: AdaptiveCardJson) {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

/** A card with the people it concerns @mentioned, for the team's conversation. */
function mentionMessage(card: AdaptiveCardJson, ids: string[], names: string[]) {
  const message = cardMessage(card);
  const mentions: Mention[] = ids
    .map((id, i) => ({ id, name: names[i] }))
    .filter((m) => !!m.name)
    .map((m) => ({ mentioned: { id: m.id, name: m.name }, text: `<at>${m.name}</at>`, type: 'mention' }));
  message.text = mentions.map((m) => m.text).join(' ');
  message.entities = mentions as unknown as typeof message.entities;
  return message;
}
