/**
 * The weekly digest's card (domain/digest.ts): a section for each list, each pilot a fact with its
 * name as data. Long lists are cut with "and N more", and the card is kept under DIGEST_CARD_BYTES.
 */
import { DIGEST_TIME, type WeeklyDigest } from '../domain/digest';
import type { Pilot } from '../domain/pilots';
import { format, formatDate, formatNumber, formatTime, type Locale, plural, strings } from '../i18n';
import { type AdaptiveCardJson, renderCard } from './index';
import { action } from './views';

/** At most this many pilots a section, then "and N more". */
export const DIGEST_LIST_MAX = 20;
/** Teams takes a card of about 28 KB; the digest stays under it, whatever the names. */
export const DIGEST_CARD_BYTES = 28 * 1024;
/** A pilot's name longer than this is shortened with "…" in the digest (its own card shows it whole). */
const NAME_MAX = 80;

interface Fact {
  title: string;
  value: string;
}

interface Section {
  heading: string;
  facts: Fact[];
  note: string;
}

function shortName(pilot: Pilot): string {
  const chars = Array.from(pilot.name);
  return chars.length > NAME_MAX ? `${chars.slice(0, NAME_MAX - 1).join('')}…` : pilot.name;
}

function section<T extends { pilot: Pilot }>(
  locale: Locale,
  heading: string,
  items: readonly T[],
  value: (item: T) => string,
  max: number,
): Section | undefined {
  if (!items.length) return undefined;
  const shown = items.slice(0, max);
  const rest = items.length - shown.length;
  return {
    heading,
    facts: shown.map((i) => ({ title: shortName(i.pilot), value: value(i) })),
    note: rest > 0 ? format(strings(locale).digest.more, { n: rest }) : '',
  };
}

function render(locale: Locale, d: WeeklyDigest, max: number): AdaptiveCardJson {
  const t = strings(locale);
  const g = t.digest;
  const date = (iso: string) => formatDate(locale, iso);
  const sessions = section(
    locale,
    g.sessionsHeading,
    d.sessions,
    (s) =>
      format(g.sessionsValue, {
        sessions: format(plural(s.sessions, g.sessionOne, g.sessionOther), { n: s.sessions }),
        hours: formatNumber(locale, s.hours),
      }),
    max,
  ) ?? { heading: g.sessionsHeading, facts: [], note: g.noSessions };
  const sections = [
    sessions,
    section(
      locale,
      g.evaluationsHeading,
      d.evaluations,
      (e) => format(g.evaluationValue, { phase: t.phases[e.phase], date: date(e.date) }),
      max,
    ),
    section(locale, g.gapsHeading, d.gaps, (x) => x.dates.map(date).join(', '), max),
    section(
      locale,
      g.warningsHeading,
      d.warnings,
      (w) =>
        format(w.warning.kind === 'belowTarget' ? g.warningBelowTarget : g.warningEmptySlots, {
          date: date(w.warning.on),
        }),
      max,
    ),
  ].filter((s): s is Section => !!s);
  return renderCard('digest', locale, {
    title: g.title,
    period: format(g.period, { week: Number(d.reportedWeek.slice(6)), from: date(d.from), to: date(d.to) }),
    sections,
    footnote: format(g.footnote, { time: formatTime(locale, DIGEST_TIME), command: t.help.commandDigest }),
    actions: [action(t.pilotList.title, 'pilots', {}, { inputs: 'none' })],
  });
}

/** The digest card in a language: each list at most DIGEST_LIST_MAX long, shorter still if the card would pass DIGEST_CARD_BYTES. */
export function digestCard(locale: Locale, d: WeeklyDigest): AdaptiveCardJson {
  let card = render(locale, d, DIGEST_LIST_MAX);
  for (let max = DIGEST_LIST_MAX / 2; max >= 1 && bytesOf(card) > DIGEST_CARD_BYTES; max = Math.floor(max / 2)) {
    card = render(locale, d, max);
  }
  return card;
}

const bytesOf = (card: AdaptiveCardJson): number => Buffer.byteLength(JSON.stringify(card), 'utf8');
