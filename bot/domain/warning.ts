/**
 * The early warning: the development groups wanted to give up what does not work quickly
 * ("kyky luopua toimimattomista ratkaisuista", seed 002). A pilot's owners get one card when its
 * figures have stayed below target over its last sessions (default 4, the seeds' midpoint), or
 * when nothing was logged for two planned slots in a row; at most one a pilot every two weeks.
 * The card offers the workshops' remedies for small client numbers (seeds 002, 003).
 */
import { addDays } from './calendar';
import type { Pilot } from './pilots';
import { plannedSlotDates } from './plan';
import type { Totals } from './totals';
import { plannedPeriods, readTargets, type TargetMeasure, type TargetReading } from './targets';
import type { Counts } from './sessions';

export const WARNING_AFTER_SESSIONS = 4;
export const EMPTY_SLOTS_IN_ROW = 2;
export const WARNING_INTERVAL_DAYS = 14;

/** The workshops' remedies, in the order the card lists them (texts in the locales, `remedies`). */
export const REMEDIES = [
  'sameTimeAndPlace',
  'continuousMarketing',
  'deaconInvites',
  'threePartnerDropIn',
  'goWherePeopleAre',
  'giveUp',
] as const;
export type Remedy = (typeof REMEDIES)[number];

export type WarningReason =
  /** The targets below over the last `sessions` sessions (at least WARNING_AFTER_SESSIONS). */
  | { kind: 'belowTarget'; below: TargetReading[]; sessions: number }
  /** The planned slots, oldest first, that passed with nothing logged. */
  | { kind: 'emptySlots'; dates: string[] };

/** The last warning a pilot's owners got: the day (Helsinki), why, and their answer once given. */
export interface PilotWarning {
  on: string;
  kind: WarningReason['kind'];
  /** belowTarget: the measures below target; emptySlots: the slots with nothing logged. */
  measures?: TargetMeasure[];
  dates?: string[];
  /** What the owners said they will try (free text, checked like every free text); who and when are in the history. */
  answer?: string;
}

/** The warning as kept on the pilot. */
export function warningOf(reason: WarningReason, on: string): PilotWarning {
  return reason.kind === 'belowTarget'
    ? { on, kind: reason.kind, measures: reason.below.map((r) => r.target.measure) }
    : { on, kind: reason.kind, dates: reason.dates };
}

/**
 * The figures of the pilot's last sessions, from its weekly buckets: whole weeks, newest first,
 * until they hold at least `n` sessions. Undefined until the pilot has `n` sessions.
 */
export function recentSource(pilot: Pilot, totals: Totals, n: number, today: string) {
  if (totals.sessions < n) return undefined;
  const weeks = Object.keys(totals.weeks).sort().reverse();
  const counts: Counts = {};
  // How many sessions gave each count, and the share bases: only when every week read kept them.
  let recorded: Counts | undefined = {};
  let bases: Counts | undefined = {};
  const add = (into: Counts, from: Counts) => {
    for (const [k, v] of Object.entries(from) as [keyof Counts, number | undefined][]) {
      if (v !== undefined) into[k] = (into[k] ?? 0) + v;
    }
  };
  let sessions = 0;
  let hours = 0;
  let first = '';
  for (const w of weeks) {
    const b = totals.weeks[w];
    sessions += b.sessions;
    hours += b.hours;
    add(counts, b.counts);
    if (recorded && b.recorded) add(recorded, b.recorded);
    else recorded = undefined;
    if (bases && b.bases) add(bases, b.bases);
    else bases = undefined;
    first = b.dates?.[0] ?? first;
    if (sessions >= n) break;
  }
  const last = totals.lastSessionDate ?? today;
  return {
    sessions,
    hours,
    counts,
    ...(recorded ? { recorded } : {}),
    ...(bases ? { bases } : {}),
    ...plannedPeriods(pilot, last < today ? last : today, first || pilot.startDate),
  };
}

/**
 * The last EMPTY_SLOTS_IN_ROW planned slots before today when none of them has a session. The
 * weeks' dates count only in totals without a last session date: every date is on or before it,
 * so a team index copy (totals.ts indexTotals, without dates) answers the same.
 */
export function emptySlotsInRow(pilot: Pilot, totals: Totals, today: string): string[] | undefined {
  const logged = new Set(Object.values(totals.weeks).flatMap((b) => b.dates ?? []));
  const yesterday = addDays(today, -1);
  const slots: string[] = [];
  for (const d of plannedSlotDates(
    pilot.plan,
    pilot.startDate,
    yesterday < pilot.endDate ? yesterday : pilot.endDate,
  )) {
    slots.push(d);
  }
  const lastSlots = slots.slice(-EMPTY_SLOTS_IN_ROW);
  if (lastSlots.length < EMPTY_SLOTS_IN_ROW) return undefined;
  // A session logged on a later day than its slot still counts for the slots before it.
  const latest = totals.lastSessionDate;
  if (latest && latest >= lastSlots[0]) return undefined;
  return lastSlots.some((d) => logged.has(d)) ? undefined : lastSlots;
}

/**
 * Whether the pilot's owners should get a warning today, and why; undefined when not. Only while
 * the pilot runs (from its start to its end date, before its end evaluation), and not within
 * WARNING_INTERVAL_DAYS of the last one.
 */
export function earlyWarning(
  pilot: Pilot,
  totals: Totals,
  today: string,
  lastWarnedOn: string | undefined = pilot.warning?.on,
): WarningReason | undefined {
  if (pilot.stage === 'end' || today < pilot.startDate || today > addDays(pilot.endDate, 1)) return undefined;
  if (lastWarnedOn && today < addDays(lastWarnedOn, WARNING_INTERVAL_DAYS)) return undefined;
  const recent = recentSource(pilot, totals, WARNING_AFTER_SESSIONS, today);
  if (recent && pilot.targets?.length) {
    const below = readTargets(pilot.targets, recent).filter((r) => r.status === 'below');
    if (below.length) return { kind: 'belowTarget', below, sessions: recent.sessions };
  }
  const empty = emptySlotsInRow(pilot, totals, today);
  return empty ? { kind: 'emptySlots', dates: empty } : undefined;
}

/** Who the history names for a warning Polku itself sent. */
export const WARNING_SENDER = 'polku';

/**
 * The reason of the warning recorded on the pilot, for its card: the targets below over the last
 * sessions, or the empty slots it named. Undefined when the pilot has none.
 */
export function reasonOf(pilot: Pilot, totals: Totals, today: string): WarningReason | undefined {
  const w = pilot.warning;
  if (!w) return undefined;
  if (w.kind === 'emptySlots') return { kind: 'emptySlots', dates: w.dates ?? [] };
  const recent = recentSource(pilot, totals, WARNING_AFTER_SESSIONS, today);
  const below = readTargets(
    (pilot.targets ?? []).filter((t) => (w.measures ?? []).includes(t.measure)),
    recent ?? { sessions: totals.sessions, hours: totals.hours, counts: totals.counts },
  );
  return { kind: 'belowTarget', below, sessions: recent?.sessions ?? totals.sessions };
}
