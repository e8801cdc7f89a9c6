/**
 * The cards reminders send: the phase form with the reminder's notice and snooze buttons, the
 * channel note that @mentions the owners, and the session (or consultation) prompt. The forms
 * themselves are the actions' own (pilots.ts, sessions.ts), handed in when Polku is put together.
 */
import type { AdaptiveCardJson } from '../../cards';
import { pilotCard } from '../../cards/pilots';
import { warningCard } from '../../cards/warning';
import type { WarningReason } from '../../domain/warning';
import { action, type ActionView } from '../../cards/views';
import type { Phase, Pilot } from '../../domain/pilots';
import type { PlannedReminder } from '../../domain/reminders';
import type { Totals } from '../../domain/totals';
import { format, formatDate, type Locale, strings } from '../../i18n';
import type { PilotSummary } from '../../storage/pilots';

/** The forms a reminder opens: built by the actions, so that a reminder shows exactly what the verb would. */
export interface ReminderForms {
  phaseForm(
    locale: Locale,
    summary: PilotSummary,
    phase: Phase,
    notice: string,
    extra: ActionView[],
  ): Promise<AdaptiveCardJson>;
  sessionForm(
    locale: Locale,
    pilot: Pilot,
    values: { date: string },
    notice: string,
    extra: ActionView[],
  ): AdaptiveCardJson;
}

export class ReminderCards {
  constructor(private readonly forms: ReminderForms) {}

  /** The owners' phase form in each language: the step's notice on top, snooze buttons below. */
  async phaseForms(
    pilot: Pilot,
    totals: Totals,
    r: PlannedReminder & { phase: 'midpoint' | 'end' },
  ): Promise<(locale: Locale) => AdaptiveCardJson> {
    const phase = r.phase;
    const date = phase === 'midpoint' ? pilot.midpointDate : pilot.endDate;
    const forms = new Map<Locale, AdaptiveCardJson>();
    for (const locale of ['fi', 'sv', 'en'] as const) {
      const t = strings(locale).reminders;
      const notice = format(r.step === 'before' ? t.phaseBefore : r.step === 'onDate' ? t.phaseOnDate : t.phaseNudge, {
        phase: strings(locale).phases[phase],
        date: formatDate(locale, date),
      });
      forms.set(
        locale,
        await this.forms.phaseForm(locale, { pilot, totals }, phase, notice, this.snoozeActions(locale, pilot, r)),
      );
    }
    return (locale) => forms.get(locale) as AdaptiveCardJson;
  }

  /** The note in the team's conversation that an evaluation is due: the pilot card with a warning. */
  channelNote(locale: Locale, pilot: Pilot, totals: Totals, phase: 'midpoint' | 'end'): AdaptiveCardJson {
    const t = strings(locale);
    const date = phase === 'midpoint' ? pilot.midpointDate : pilot.endDate;
    const text = format(t.reminders.channelNote, {
      phase: t.phases[phase],
      pilot: pilot.name,
      date: formatDate(locale, date),
    });
    return pilotCard(locale, { pilot, totals, role: 'member', notice: text, noticeStyle: 'warning' });
  }

  /** The session log card after a planned slot (or the consultation's), with snooze and "no more prompts". */
  sessionPrompt(locale: Locale, pilot: Pilot, r: PlannedReminder): AdaptiveCardJson {
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
    return this.forms.sessionForm(locale, pilot, { date: r.slotDate ?? '' }, notice, extra);
  }

  /** The consultation's log card posted when its meeting ends. */
  consultationCard(locale: Locale, pilot: Pilot, date: string): AdaptiveCardJson {
    return this.forms.sessionForm(locale, pilot, { date }, strings(locale).reminders.consultationPrompt, []);
  }

  /** The early warning to the owners (cards/warning.ts). */
  warning(locale: Locale, pilot: Pilot, totals: Totals, reason: WarningReason): AdaptiveCardJson {
    return warningCard(locale, pilot, totals, reason);
  }

  snoozeActions(locale: Locale, pilot: Pilot, r: PlannedReminder): ActionView[] {
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
}
