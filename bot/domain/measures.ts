/**
 * The measures the seeds ask for, computed from a pilot's running totals.
 */
import type { PilotPlan } from './pilots';
import { type CountKey, type Counts, isoWeek } from './sessions';
import type { Totals } from './totals';

/**
 * Reach per hour: clients who wanted to talk ÷ staff hours spent
 * ("keskustelua haluavat asiakkaat suhteessa käytettyyn aikaan"). Undefined before any hour.
 */
export function reachPerHour(t: Totals): number | undefined {
  if (t.hours <= 0) return undefined;
  return (t.counts.wantedToTalk ?? 0) / t.hours;
}

/** Share of social-work matters among conversations, versus money-only requests. */
export function socialWorkShare(t: Totals): number | undefined {
  const social = t.counts.socialWorkMatters ?? 0;
  const money = t.counts.moneyOnlyRequests ?? 0;
  if (social + money === 0) return undefined;
  return social / (social + money);
}

/** Sessions and their hours: a pilot's totals, or the part of its session log a phase heading counts. */
export interface Volume {
  sessions: number;
  hours: number;
}

/** "Realised volume": sessions and hours per session, as in "toteutunut 4 × 2 tuntia". */
export function realisedVolume(t: Volume): { sessions: number; hoursPerSession: number } {
  return {
    sessions: t.sessions,
    hoursPerSession: t.sessions === 0 ? 0 : Math.round((t.hours / t.sessions) * 100) / 100,
  };
}

/**
 * How "toteutunut …" reads, the same on the bot's cards, the tab and the printed report:
 * nothing yet; "4 × 2 tuntia" when the hours per session come out a quarter-hour multiple; else
 * the sessions and their total hours ("3 kertaa, 7,3 tuntia").
 */
export type RealisedReading =
  | { kind: 'none' }
  | { kind: 'uniform'; sessions: number; hoursPerSession: number }
  | { kind: 'total'; sessions: number; hours: number };

export function realisedReading(v: Volume): RealisedReading {
  const { sessions, hoursPerSession } = realisedVolume(v);
  if (sessions === 0) return { kind: 'none' };
  if (Number.isInteger(hoursPerSession * 4)) return { kind: 'uniform', sessions, hoursPerSession };
  return { kind: 'total', sessions, hours: Math.round(v.hours * 100) / 100 };
}

/**
 * What a phase's heading says was realised ("Väliarviointivaihe (toteutunut 4 × 2 tuntia)"): the
 * sessions held on or before the phase's planned date. The heading tells what the midpoint (or
 * the end) had behind it, so it does not grow with sessions logged after that date, nor move when
 * the answers are edited later. Sessions are never dated ahead of today, so before the phase's date
 * this is every session logged so far, which is what the bot's phase form shows while it is filled.
 */
export function realisedByPhase(sessions: readonly { date: string; hours: number }[], phaseDate: string): Volume {
  let count = 0;
  let hours = 0;
  for (const s of sessions) {
    if (s.date > phaseDate) continue;
    count++;
    hours += s.hours;
  }
  return { sessions: count, hours: Math.round(hours * 100) / 100 };
}

/** A count per session, e.g. referrals per session. Undefined before any session. */
export function perSession(t: Totals, key: CountKey): number | undefined {
  if (t.sessions <= 0) return undefined;
  return (t.counts[key] ?? 0) / t.sessions;
}

export interface WeekPoint {
  /** ISO week, "2026-W09". */
  week: string;
  sessions: number;
  hours: number;
  counts: Counts;
}

const DAY_MS = 86400000;

function dayNumber(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;
}

function isoDateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The trend across the pilot's weeks: the last `weeks` ISO weeks ending with the week of `today`,
 * oldest first, weeks without sessions as zeros.
 */
export function weeklyTrend(t: Totals, today: string, weeks = 8): WeekPoint[] {
  const points: WeekPoint[] = [];
  const end = dayNumber(today);
  if (Number.isNaN(end)) return points;
  // Stepping back seven days always lands in the previous ISO week, across year ends and W53 alike.
  for (let i = Math.max(0, Math.floor(weeks)) - 1; i >= 0; i--) {
    const week = isoWeek(isoDateOf(end - 7 * i));
    const bucket = t.weeks[week];
    points.push(
      bucket
        ? { week, sessions: bucket.sessions, hours: bucket.hours, counts: { ...bucket.counts } }
        : { week, sessions: 0, hours: 0, counts: {} },
    );
  }
  return points;
}

/**
 * How many sessions the plan foresees between the pilot's start and end dates: the plan's own
 * number when given, otherwise the days (both ends included) that fall on the plan's weekdays.
 */
export function plannedSessions(plan: PilotPlan, startDate: string, endDate: string): number {
  if (plan.plannedSessions !== undefined) return plan.plannedSessions;
  const first = dayNumber(startDate);
  const last = dayNumber(endDate);
  if (Number.isNaN(first) || Number.isNaN(last) || last < first) return 0;
  const weekdays = new Set<number>(plan.weekdays);
  let count = 0;
  for (let day = first; day <= last; day++) {
    // Day 0 (1970-01-01) was a Thursday, ISO weekday 4.
    const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
    if (weekdays.has(weekday)) count++;
  }
  return count;
}
