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
import type { Phase, Pilot } from '../domain/pilots';
import {
  firstPhaseStep,
  followingSessionPrompt,
  nextPhaseStep,
  nextSessionPrompt,
  phaseReminder,
  type PlannedReminder,
  snoozed,
} from '../domain/reminders';
import type { Totals } from '../domain/totals';
import { format, formatDate, type Locale, localeOf, strings } from '../i18n';
import type { Logger } from '../log';
import type { ConversationStore, StoredConversation } from '../storage/conversations';
import type { PilotStore } from '../storage/pilots';
import type { DueReminder, ReminderStore } from '../storage/reminders';
import type { TeamsAdapter } from './adapter';
import { deliver, type Pacer } from './delivery';
import type { ActionRequest, Answer, PilotActions } from './pilotActions';
import { conversationTeam } from './people';
import type { SessionActions } from './sessionActions';

/** A reminder handled by a sweep, for its report. Ids only. */
export interface SweepLine {
  pilotId: string;
  key: string;
  outcome: 'sent' | 'notNeeded' | 'failed' | 'takenByAnother';
  to: string[];
}

export interface SweepReport {
  at: string;
  rowsRead: number;
  due: number;
  lines: SweepLine[];
}

const MAX_ATTEMPTS = 5;
const PHASE_STAGE: Record<'midpoint' | 'end', Phase> = { midpoint: 'midpoint', end: 'end' };
const STAGE_ORDER = ['planned', 'start', 'midpoint', 'end'];

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

  /** One sweep: everything due at `now`, each claimed before it is handled. */
  async sweep(now: Date): Promise<SweepReport> {
    const { due, rowsRead } = await this.deps.reminders.due(now);
    const report: SweepReport = { at: now.toISOString(), rowsRead, due: due.length, lines: [] };
    for (const r of due) {
      if (!(await this.deps.reminders.claim(r, now, this.instance))) {
        report.lines.push({ pilotId: r.pilotId, key: r.key, outcome: 'takenByAnother', to: [] });
        continue;
      }
      report.lines.push(await this.handle(r, now));
    }
    if (report.lines.length) {
      this.deps.log.info(
        { due: report.due, rowsRead, sent: report.lines.filter((l) => l.outcome === 'sent').length },
        'reminder sweep',
      );
    }
    return report;
  }

  private async handle(r: DueReminder, now: Date): Promise<SweepLine> {
    const line: SweepLine = { pilotId: r.pilotId, key: r.key, outcome: 'notNeeded', to: [] };
    const summary = await this.deps.pilots.getPilot(r.pilotId);
    if (!summary) {
      await this.deps.reminders.done(r);
      return line;
    }
    const { pilot, totals } = summary;
    let result: { sent: string[]; failed: boolean } = { sent: [], failed: false };
    let successor: PlannedReminder | undefined;
    if (r.kind === 'phase' && r.phase && r.step) {
      const answered = STAGE_ORDER.indexOf(pilot.stage) >= STAGE_ORDER.indexOf(PHASE_STAGE[r.phase]);
      if (!answered) {
        const snoozedOne = r.key.startsWith('snooze|');
        // After a pause, later steps may be due already: send only the latest of them.
        let step = r.step;
        for (
          let n = nextPhaseStep(step);
          !snoozedOne && n && phaseReminder(pilot, r.phase, n).dueAt <= now;
          n = nextPhaseStep(n)
        ) {
          step = n;
        }
        result = await this.sendPhase(pilot, totals, { ...r, step });
        const next = nextPhaseStep(step);
        if (next && !snoozedOne) successor = phaseReminder(pilot, r.phase, next);
      }
    } else if (r.kind === 'session' || r.kind === 'consultation') {
      const settings = await this.deps.reminders.settings(pilot.id);
      if (!settings.sessionPrompts) {
        await this.deps.reminders.done(r);
        return line;
      }
      const logged = !!r.slotDate && loggedOn(totals, r.slotDate);
      const postedAtMeeting =
        !!r.slotDate && (await this.deps.reminders.marked(pilot.id, `consultation|${r.slotDate}`));
      if (!logged && !postedAtMeeting) result = await this.sendSessionPrompt(pilot, r);
      if (!r.key.startsWith('snooze|')) successor = followingSessionPrompt(pilot, r);
    }
    if (result.failed && r.attempts < MAX_ATTEMPTS) {
      // Left claimed: the claim expires and a later sweep tries again.
      return { ...line, outcome: 'failed', to: result.sent };
    }
    if (successor) await this.deps.reminders.schedule(pilot.id, successor, now);
    await this.deps.reminders.done(r);
    return { ...line, outcome: result.sent.length ? 'sent' : result.failed ? 'failed' : 'notNeeded', to: result.sent };
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
   * connector, else in the team's conversation with a mention. Returns who got it.
   */
  private async toOwners(
    pilot: Pilot,
    card: (locale: Locale) => AdaptiveCardJson,
  ): Promise<{ sent: string[]; failed: boolean }> {
    const sent: string[] = [];
    let failed = false;
    const unreachable: string[] = [];
    const team = await this.teamConversation(pilot);
    for (const owner of pilot.owners) {
      const chat = await this.deps.conversations.personalChatOf(pilot.team.tenantId, owner);
      if (chat) {
        const r = await this.send(chat, (locale) => cardMessage(card(locale)));
        if (r === 'sent') sent.push(owner);
        else if (r === 'failed') failed = true;
        else unreachable.push(owner);
        continue;
      }
      const opened = team ? await this.openChat(team, pilot, owner, card) : 'gone';
      if (opened === 'sent') sent.push(owner);
      else if (opened === 'failed') failed = true;
      else unreachable.push(owner);
    }
    if (unreachable.length && team) {
      const r = await this.send(team, (locale) => {
        const names = unreachable.map((id) => pilot.ownerNames?.[id] || '').filter(Boolean);
        return mentionMessage(card(locale), unreachable, names);
      });
      if (r === 'sent') sent.push(...unreachable.map((id) => `channel:${id}`));
      else if (r === 'failed') failed = true;
    }
    return { sent, failed };
  }

  private async openChat(
    team: StoredConversation,
    pilot: Pilot,
    owner: string,
    card: (locale: Locale) => AdaptiveCardJson,
  ): Promise<'sent' | 'gone' | 'failed'> {
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
    if (outcome.status === 'sent') return 'sent';
    return outcome.status === 'gone' ? 'gone' : 'failed';
  }

  /** One proactive message, paced and retried; a conversation Polku was removed from is marked so. */
  private async send(
    c: StoredConversation,
    message: (locale: Locale) => Partial<import('botbuilder').Activity>,
  ): Promise<'sent' | 'gone' | 'failed'> {
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
      { scope: c.scope, status: outcome.httpStatus, attempts: outcome.attempts },
      'reminder not delivered',
    );
    return 'failed';
  }

  // ---- What is sent -------------------------------------------------------------------------

  private async sendPhase(pilot: Pilot, totals: Totals, r: DueReminder): Promise<{ sent: string[]; failed: boolean }> {
    const phase = r.phase as 'midpoint' | 'end';
    const date = phase === 'midpoint' ? pilot.midpointDate : pilot.endDate;
    if (r.step === 'channelNote') {
      const team = await this.teamConversation(pilot);
      if (!team) return { sent: [], failed: false };
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
      return { sent: outcome === 'sent' ? ['channel'] : [], failed: outcome === 'failed' };
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

  private async sendSessionPrompt(pilot: Pilot, r: DueReminder): Promise<{ sent: string[]; failed: boolean }> {
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
      const outcome = await this.send(team, (locale) => cardMessage(card(locale)));
      return { sent: outcome === 'sent' ? ['channel'] : [], failed: outcome === 'failed' };
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

  /** verb `snooze`: the same reminder again in a day or a week (in working hours). */
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
    const now = this.deps.now();
    const later = snoozed(original, days, now);
    await this.deps.reminders.schedule(a.summary.pilot.id, later, now);
    const when = formatDate(req.locale, localDate(later.dueAt));
    return { card: noticeCard(req.locale, a.summary.pilot.name, format(t.reminders.snoozed, { date: when }), 'good') };
  }

  /** verb `promptsOff`: no more session prompts for this pilot (owners). */
  async promptsOff(ctx: TurnContext, req: ActionRequest): Promise<Answer> {
    return this.saveSettingsOf(ctx, req, false);
  }

  /** verb `reminderSettings`: what will be sent when, and the prompts switch. */
  async settingsCard(ctx: TurnContext, req: ActionRequest, notice = ''): Promise<Answer> {
    const t = strings(req.locale);
    const a = await this.pilotActions?.access(ctx, String(req.data.pilotId ?? ''));
    if (!a) return this.notFound(req.locale);
    const { pilot } = a.summary;
    const now = this.deps.now();
    const settings = await this.deps.reminders.settings(pilot.id);
    const when = (r: PlannedReminder | undefined) => (r ? formatDate(req.locale, localDate(r.dueAt)) : t.status.none);
    const info = [
      { heading: t.reminders.rules, text: t.reminders.rulesText },
      { heading: t.reminders.nextMidpoint, text: when(firstPhaseStep(pilot, 'midpoint', now)) },
      { heading: t.reminders.nextEnd, text: when(firstPhaseStep(pilot, 'end', now)) },
      {
        heading: t.reminders.nextPrompt,
        text: settings.sessionPrompts ? when(nextSessionPrompt(pilot, now)) : t.reminders.off,
      },
    ];
    const owner = canEditPhases(a.role);
    const fields = owner
      ? [
          field({
            kind: 'choice',
            id: 'sessionPrompts',
            label: t.reminders.promptsLabel,
            value: settings.sessionPrompts ? 'on' : 'off',
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
      ...(owner
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

  private async saveSettingsOf(ctx: TurnContext, req: ActionRequest, on: boolean): Promise<Answer> {
    const t = strings(req.locale);
    const a = await this.pilotActions?.access(ctx, String(req.data.pilotId ?? ''));
    if (!a) return this.notFound(req.locale);
    if (!canEditPhases(a.role))
      return { card: noticeCard(req.locale, a.summary.pilot.name, t.errors.notOwner, 'attention') };
    const { pilot } = a.summary;
    await this.deps.reminders.saveSettings(pilot.id, { sessionPrompts: on });
    const now = this.deps.now();
    if (on) {
      const next = nextSessionPrompt(pilot, now);
      if (next) await this.deps.reminders.schedule(pilot.id, next, now);
    }
    this.deps.log.info({ pilotId: pilot.id, sessionPrompts: on }, 'reminder settings');
    return this.settingsCard(ctx, req, on ? t.reminders.savedOn : t.reminders.savedOff);
  }

  /** The Wednesday consultation's meeting ended: its log card goes to the meeting's chat, once a day. */
  async meetingEnded(ctx: TurnContext): Promise<void> {
    const team = conversationTeam(ctx);
    if (!team || !this.sessionActions) return;
    const today = localDate(this.deps.now());
    const pilots = (await this.deps.pilots.listTeamPilots(team)).filter(
      (p) => p.pilot.kind === 'kelaConsultation' && p.pilot.stage !== 'end',
    );
    const locale = localeOf(ctx.activity.locale);
    for (const { pilot } of pilots) {
      if (!(await this.deps.reminders.mark(pilot.id, `consultation|${today}`))) continue;
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
