/**
 * The reminder settings actions: snooze a reminder, turn the session prompts off or on, and the
 * card that says what will be sent when. Built from the schedule the sweep reads, filtered by the
 * sweep's rule (whyNotWanted), so the card lists only what will go out.
 */
import { action, formCard, field, noticeCard } from '../../cards/views';
import { canEditPhases, canLogSession } from '../../domain/access';
import { localDate } from '../../domain/calendar';
import {
  followingSessionPrompt,
  nextSessionPrompt,
  phaseReminder,
  type PlannedReminder,
  promptsSwitchable,
  sessionPromptsOn,
  snoozed,
  whyNotWanted,
} from '../../domain/reminders';
import { format, formatDate, type Locale, strings } from '../../i18n';
import type { Logger } from '../../log';
import type { ReminderStore } from '../../storage/reminders';
import type { Turn } from '../port';
import type { Access, ActionRequest, Answer } from '../pilots';
import { consultationMark, loggedOn } from './runner';
import type { ReminderSchedule } from './schedule';

export interface SettingsDeps {
  reminders: ReminderStore;
  schedule: ReminderSchedule;
  /** The pilot and the actor's role in it (the pilot actions' own check). */
  access: (turn: Turn, pilotId: string) => Promise<Access | undefined>;
  log: Logger;
  now: () => Date;
}

export class ReminderSettingsActions {
  constructor(private readonly deps: SettingsDeps) {}

  /** verb `snooze`: the same reminder again in a day or a week (in working hours), if it is still wanted. */
  async snooze(turn: Turn, req: ActionRequest): Promise<Answer> {
    const t = strings(req.locale);
    const a = await this.deps.access(turn, String(req.data.pilotId ?? ''));
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
  async promptsOff(turn: Turn, req: ActionRequest): Promise<Answer> {
    return this.saveSettingsOf(turn, req, false);
  }

  /**
   * verb `reminderSettings`: what will be sent when, and the prompts switch. Built from the schedule the
   * sweep reads, filtered by the sweep's rule (whyNotWanted), so it lists only what will go out.
   */
  async settingsCard(turn: Turn, req: ActionRequest, notice = ''): Promise<Answer> {
    const t = strings(req.locale);
    const a = await this.deps.access(turn, String(req.data.pilotId ?? ''));
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
  async saveSettings(turn: Turn, req: ActionRequest): Promise<Answer> {
    return this.saveSettingsOf(turn, req, req.data.sessionPrompts !== 'off');
  }

  /**
   * The prompts switch: before the end evaluation it is `sessionPrompts`, after it `promptsAfterEnd`,
   * which only a pilot that continues may turn on. Whatever the rule then no longer wants leaves the schedule.
   */
  private async saveSettingsOf(turn: Turn, req: ActionRequest, on: boolean): Promise<Answer> {
    const t = strings(req.locale);
    const a = await this.deps.access(turn, String(req.data.pilotId ?? ''));
    if (!a) return this.notFound(req.locale);
    const { pilot } = a.summary;
    if (!canEditPhases(a.role)) return { card: noticeCard(req.locale, pilot.name, t.errors.notOwner, 'attention') };
    if (on && !promptsSwitchable(pilot)) return this.settingsCard(turn, req);
    const ended = pilot.stage === 'end';
    const current = await this.deps.reminders.settings(pilot.id);
    const settings = ended ? { ...current, promptsAfterEnd: on } : { ...current, sessionPrompts: on };
    await this.deps.reminders.saveSettings(pilot.id, settings);
    const now = this.deps.now();
    if (sessionPromptsOn({ pilot, settings })) {
      const next = nextSessionPrompt(pilot, now);
      if (next) await this.deps.reminders.schedule(pilot.id, next, now);
    } else {
      await this.deps.schedule.prune(pilot);
    }
    this.deps.log.info({ pilotId: pilot.id, sessionPrompts: on, afterEnd: ended }, 'reminder settings');
    const saved = on ? t.reminders.savedOn : ended ? t.reminders.savedOffEnded : t.reminders.savedOff;
    return this.settingsCard(turn, req, saved);
  }

  private notFound(locale: Locale): Answer {
    const t = strings(locale);
    return { card: noticeCard(locale, t.reminders.titleShort, t.errors.notFound, 'attention') };
  }
}

/** The reminder due first (a retry counts from its retry time). */
function earliest<T extends PlannedReminder & { retryAt?: Date }>(rs: T[]): PlannedReminder | undefined {
  const at = (r: T) => (r.retryAt ?? r.dueAt).getTime();
  const first = rs.reduce<T | undefined>((a, r) => (!a || at(r) < at(a) ? r : a), undefined);
  return first && { ...first, dueAt: first.retryAt ?? first.dueAt };
}
