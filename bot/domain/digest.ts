/**
 * The weekly digest a channel (or group chat) can ask for: on Monday at 08:30 Helsinki time, the
 * team's last week (Monday to Sunday before) in one card. What it holds and when it is due are
 * decided here; storing the opt-in, claiming the week and sending are the caller's work.
 */
import { addDays, atLocal, isDayOff, localDate, weekdayOf } from './calendar';
import { type Pilot, stageRank } from './pilots';
import type { PlannedReminder } from './reminders';
import { emptySlotsInRow, type PilotWarning } from './warning';
import { isoWeek } from './sessions';
import type { Totals } from './totals';

/** Helsinki time of day of the digest. */
export const DIGEST_TIME = '08:30';
/** Evaluations due within this many days from the digest's day (today included) are listed. */
export const EVALUATION_LOOKAHEAD_DAYS = 14;
/** A pilot's empty slots are still news up to this many days after its end date. */
const GAPS_AFTER_END_DAYS = 7;
/** The digest's reminder rows: `digest|<ISO week>`, one a conversation and week. */
export const DIGEST_KEY_PREFIX = 'digest|';

export const digestKey = (week: string): string => `${DIGEST_KEY_PREFIX}${week}`;
export const isDigestKey = (key: string): boolean => key.startsWith(DIGEST_KEY_PREFIX);

/** The Monday of the ISO week a date falls in. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - weekdayOf(date));
}

/**
 * The day of a week's digest: its Monday, or when the Monday is a holiday (Easter Monday, Christmas,
 * New Year, May Day…) the first working day after it, that week's Friday at the latest.
 */
export function digestDay(monday: string): string {
  let d = monday;
  while (isDayOff(d) && weekdayOf(d) < 5) d = addDays(d, 1);
  return isDayOff(d) ? monday : d;
}

/** One week's digest: the ISO week it is sent in, and the instant it is due (its day at DIGEST_TIME, Helsinki). */
export interface DigestWeek {
  /** "2026-W50": the week the digest is sent in (it reports on the week before). */
  week: string;
  monday: string;
  dueAt: Date;
}

export function digestWeek(monday: string): DigestWeek {
  return { week: isoWeek(monday), monday, dueAt: atLocal(digestDay(monday), DIGEST_TIME) };
}

/** A week's digest as a row of the reminder schedule (under its conversation): one a conversation and week. */
export function digestReminder(w: DigestWeek): PlannedReminder {
  return { kind: 'digest', key: digestKey(w.week), dueAt: w.dueAt };
}

/**
 * The digest due at `now`: that of now's Helsinki week once its time has come (a sweep late on Monday,
 * or on Tuesday after downtime, still gets it); undefined before it (Monday before 08:30). A week
 * that has passed is never due any more: its news is stale.
 */
export function dueDigest(now: Date): DigestWeek | undefined {
  const w = digestWeek(mondayOf(localDate(now)));
  return now.getTime() >= w.dueAt.getTime() ? w : undefined;
}

/** The first digest due at or after `now`: this week's when its time is still to come, else next week's. */
export function nextDigest(now: Date): DigestWeek {
  const w = digestWeek(mondayOf(localDate(now)));
  return now.getTime() <= w.dueAt.getTime() ? w : digestWeek(addDays(w.monday, 7));
}

// ---- What the digest says ---------------------------------------------------------------------

export interface DigestSessions {
  pilot: Pilot;
  sessions: number;
  hours: number;
}

export interface DigestEvaluation {
  pilot: Pilot;
  phase: 'midpoint' | 'end';
  date: string;
}

export interface DigestGap {
  pilot: Pilot;
  /** The planned slots with nothing logged, oldest first. */
  dates: string[];
}

export interface DigestWarning {
  pilot: Pilot;
  warning: PilotWarning;
}

export interface WeeklyDigest {
  /** The week reported on: Monday to Sunday before the digest's week. */
  from: string;
  to: string;
  /** "2026-W49", the week reported on. */
  reportedWeek: string;
  /** Pilots with sessions logged in the week reported on. */
  sessions: DigestSessions[];
  /** Midpoint and end evaluations not yet saved whose date is within EVALUATION_LOOKAHEAD_DAYS from today. */
  evaluations: DigestEvaluation[];
  /** Running pilots whose last two planned slots have nothing logged (warning.ts emptySlotsInRow). */
  gaps: DigestGap[];
  /** Early warnings recorded in the week reported on. */
  warnings: DigestWarning[];
}

/** The ISO week a digest sent in the week of `monday` reports on: the week before. */
export function reportedWeekOf(monday: string): string {
  return isoWeek(addDays(monday, -7));
}

const byName = (a: { pilot: Pilot }, b: { pilot: Pilot }) =>
  a.pilot.name.localeCompare(b.pilot.name, 'fi') || a.pilot.id.localeCompare(b.pilot.id);

/**
 * The digest of a team's pilots for the week starting `monday`, read on `today` (the day it is
 * sent, which may be later than the Monday): the week before in sessions and warnings; what is due
 * and what is missing as of today. Each list sorted by pilot name.
 */
export function weeklyDigest(
  pilots: readonly { pilot: Pilot; totals: Totals }[],
  monday: string,
  today: string,
): WeeklyDigest {
  const from = addDays(monday, -7);
  const to = addDays(monday, -1);
  const reportedWeek = reportedWeekOf(monday);
  const horizon = addDays(today, EVALUATION_LOOKAHEAD_DAYS - 1);
  const d: WeeklyDigest = { from, to, reportedWeek, sessions: [], evaluations: [], gaps: [], warnings: [] };
  for (const { pilot, totals } of pilots) {
    const week = totals.weeks[reportedWeek];
    if (week && week.sessions > 0) d.sessions.push({ pilot, sessions: week.sessions, hours: week.hours });
    for (const phase of ['midpoint', 'end'] as const) {
      const date = phase === 'midpoint' ? pilot.midpointDate : pilot.endDate;
      if (stageRank(pilot.stage) < stageRank(phase) && date >= today && date <= horizon) {
        d.evaluations.push({ pilot, phase, date });
      }
    }
    if (pilot.stage !== 'end' && today > pilot.startDate && today <= addDays(pilot.endDate, GAPS_AFTER_END_DAYS)) {
      const dates = emptySlotsInRow(pilot, totals, today);
      if (dates) d.gaps.push({ pilot, dates });
    }
    const w = pilot.warning;
    if (w && w.on >= from && w.on <= to) d.warnings.push({ pilot, warning: w });
  }
  d.sessions.sort(byName);
  d.evaluations.sort((a, b) => a.date.localeCompare(b.date) || byName(a, b));
  d.gaps.sort(byName);
  d.warnings.sort(byName);
  return d;
}

/** Nothing happened and nothing is due: no digest is sent. */
export function isEmptyDigest(d: WeeklyDigest): boolean {
  return !d.sessions.length && !d.evaluations.length && !d.gaps.length && !d.warnings.length;
}
