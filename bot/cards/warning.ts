/**
 * The early warning's card (domain/warning.ts): what is low, the workshops' remedies for small
 * client numbers (seeds 002, 003), and a field for what the owners will try.
 */
import type { Pilot } from '../domain/pilots';
import type { Totals } from '../domain/totals';
import { MAX_ANSWER_LENGTH } from '../domain/phases';
import { REMEDIES, type WarningReason } from '../domain/warning';
import { format, formatDate, type Locale, strings, targetLines } from '../i18n';
import type { AdaptiveCardJson } from './index';
import { action, field, formCard } from './views';

/** The field of the owners' answer. */
export const WARNING_ANSWER_FIELD = 'warningAnswer';

export function warningCard(
  locale: Locale,
  pilot: Pilot,
  _totals: Totals,
  reason: WarningReason,
  d: { value?: string; error?: string; notice?: string } = {},
): AdaptiveCardJson {
  const t = strings(locale);
  const w = t.warning;
  const low =
    reason.kind === 'belowTarget'
      ? {
          heading: w.lowHeading,
          text: [
            format(w.lowSessions, { sessions: reason.sessions }),
            ...targetLines(locale, reason.below).map((l) => `${l.title}: ${l.value}`),
          ].join('\n\n'),
        }
      : { heading: w.emptyHeading, text: reason.dates.map((x) => formatDate(locale, x)).join(', ') };
  return formCard(locale, {
    title: format(w.title, { pilot: pilot.name }),
    subtitle: `${pilot.municipality} · ${t.kinds[pilot.kind]}`,
    intro: reason.kind === 'belowTarget' ? w.intro : w.introEmpty,
    notice: d.notice ?? '',
    noticeStyle: d.notice ? 'attention' : '',
    info: [low, { heading: w.remediesHeading, text: REMEDIES.map((r) => `• ${w.remedies[r]}`).join('\n\n') }],
    fields: [
      field({
        id: WARNING_ANSWER_FIELD,
        label: w.answerLabel,
        value: d.value ?? '',
        error: d.error ?? '',
        requiredMessage: t.pilotForm.requiredMessage,
        kind: 'text',
        multiline: true,
        required: true,
        max: MAX_ANSWER_LENGTH,
      }),
    ],
    actions: [
      action(w.answer, 'answerWarning', { pilotId: pilot.id, on: pilot.warning?.on ?? '' }, { style: 'positive' }),
      action(t.pilotCard.status, 'status', { pilotId: pilot.id }, { inputs: 'none' }),
    ],
  });
}
