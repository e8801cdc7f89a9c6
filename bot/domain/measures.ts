/**
 * The measures the seeds ask for, computed from a pilot's running totals.
 */
import type { PilotPlan } from './pilots';
import { plannedSlotDates } from './plan';
import { type CountKey, type Counts, isoWeekOfDay } from './sessions';
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
  /** How many sessions lasted each length ("2": 5, "4": 5); absent in totals kept before it was. */
  hoursMix?: Record<string, number>;
}

/** What a phase had behind it: its volume and counts, kept with the evaluation when it is saved. */
export interface PhaseFigure extends Volume {
  counts: Counts;
  /** How many of the sessions gave each count (a count left empty is not given); absent in figures kept before. */
  recorded?: Counts;
}

/**
 * How "toteutunut …" reads, the same on the bot's cards, the tab and the printed report, as the
 * seeds write it: nothing yet; "4 × 2 tuntia" when every session had the same length; else the
 * sessions and their total hours, with the lengths when known ("10 kertaa, yhteensä 30 tuntia
 * (5 × 2 h, 5 × 4 h)"). Never an average: 5 × 2 h and 5 × 4 h are not "10 × 3".
 */
export type RealisedReading =
  | { kind: 'none' }
  | { kind: 'uniform'; sessions: number; hoursPerSession: number }
  | { kind: 'total'; sessions: number; hours: number }
  | { kind: 'mixed'; sessions: number; hours: number; mix: { sessions: number; hours: number }[] };

export function realisedReading(v: Volume): RealisedReading {
  if (v.sessions <= 0) return { kind: 'none' };
  const hours = Math.round(v.hours * 100) / 100;
  const mix = Object.entries(v.hoursMix ?? {})
    .map(([h, n]) => ({ sessions: n, hours: Number(h) }))
    .filter((m) => m.sessions > 0 && Number.isFinite(m.hours))
    .sort((a, b) => a.hours - b.hours);
  // The lengths count only when they account for every session (else they are from before).
  const known = mix.reduce((n, m) => n + m.sessions, 0) === v.sessions;
  if (known && mix.length === 1) return { kind: 'uniform', sessions: v.sessions, hoursPerSession: mix[0].hours };
  if (known) return { kind: 'mixed', sessions: v.sessions, hours, mix };
  return { kind: 'total', sessions: v.sessions, hours };
}

/** True when two volumes read differently (a phase's kept figure against its current one). */
export function sameVolume(a: Volume, b: Volume): boolean {
  return JSON.stringify(realisedReading(a)) === JSON.stringify(realisedReading(b));
}

/**
 * What a phase's heading says was realised ("Väliarviointivaihe (toteutunut 4 × 2 tuntia)"): the
 * sessions held on or before the phase's planned date, with their lengths and counts. The heading
 * tells what the midpoint (or the end) had behind it, so it does not grow with sessions logged
 * after that date. Saving the phase keeps this figure with it (Evaluation.realised); the current
 * one is shown beside it when they differ.
 */
export function realisedByPhase(
  sessions: readonly { date: string; hours: number; counts?: Counts }[],
  phaseDate: string,
): PhaseFigure {
  let count = 0;
  let hours = 0;
  const hoursMix: Record<string, number> = {};
  const counts: Counts = {};
  const recorded: Counts = {};
  for (const s of sessions) {
    if (s.date > phaseDate) continue;
    count++;
    hours += s.hours;
    const h = String(Math.round(s.hours * 100) / 100);
    hoursMix[h] = (hoursMix[h] ?? 0) + 1;
    for (const [k, v] of Object.entries(s.counts ?? {}) as [CountKey, number | undefined][]) {
      if (v === undefined) continue;
      counts[k] = (counts[k] ?? 0) + v;
      recorded[k] = (recorded[k] ?? 0) + 1;
    }
  }
  return { sessions: count, hours: Math.round(hours * 100) / 100, hoursMix, counts, recorded };
}

/** A count per session, e.g. referrals per session. Undefined before any session. */
export function perSession(t: Totals, key: CountKey): number | undefined {
  const n = t.recorded ? (t.recorded[key] ?? 0) : t.sessions;
  if (n <= 0) return undefined;
  return (t.counts[key] ?? 0) / n;
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
    const week = isoWeekOfDay(end - 7 * i);
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
 * The day the trend ends: today while the pilot runs; for a pilot past its end date, its end (or
 * its last session, when it went on after the end). So an ended pilot shows its last eight weeks
 * of activity, not eight empty weeks before today.
 */
export function trendEnd(pilot: { endDate: string }, t: Pick<Totals, 'lastSessionDate'>, today: string): string {
  const last = t.lastSessionDate && t.lastSessionDate > pilot.endDate ? t.lastSessionDate : pilot.endDate;
  return last < today ? last : today;
}

/**
 * How many sessions the plan foresees between the pilot's start and end dates: the plan's own
 * number when given, otherwise its planned slots (plan.ts plannedSlotDates: the days its
 * frequency names, both ends included, holidays left out), the same slots the prompts follow.
 */
export function plannedSessions(plan: PilotPlan, startDate: string, endDate: string): number {
  if (plan.plannedSessions !== undefined) return plan.plannedSessions;
  const first = dayNumber(startDate);
  const last = dayNumber(endDate);
  if (Number.isNaN(first) || Number.isNaN(last) || last < first) return 0;
  // A count of calendar days by the only inputs it has: every overview asks it for every pilot.
  const key = `${startDate}|${endDate}|${plan.weekdays.join(',')}|${JSON.stringify(plan.frequency ?? null)}`;
  let n = plannedCounts.get(key);
  if (n === undefined) {
    n = [...plannedSlotDates(plan, startDate, endDate)].length;
    if (plannedCounts.size >= PLANNED_COUNTS_KEPT) plannedCounts.delete(plannedCounts.keys().next().value as string);
    plannedCounts.set(key, n);
  }
  return n;
}

/** Planned counts by their dates and plan (plannedSessions): a pure function's answers, the oldest dropped first. */
const plannedCounts = new Map<string, number>();
const PLANNED_COUNTS_KEPT = 10_000;
