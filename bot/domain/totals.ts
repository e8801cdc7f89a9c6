/**
 * Running totals of a pilot, kept beside its sessions so that progress is read in one row.
 * Exact under edit and delete: removing a session gives the totals of the sessions that remain.
 */
import { COUNT_KEYS, type Counts, isoWeek, type Session } from './sessions';

export interface WeekBucket {
  sessions: number;
  hours: number;
  counts: Counts;
  /** The dates of the week's sessions, one entry a session, sorted: lets a delete recompute the last date. */
  dates: string[];
}

export interface Totals {
  sessions: number;
  hours: number;
  counts: Counts;
  /** Keyed by ISO week ("2026-W09"); only weeks that have sessions. */
  weeks: Record<string, WeekBucket>;
  /** How many sessions carry each tag ("topic:housingAllowance": 3). */
  tags: Record<string, number>;
  lastSessionDate?: string;
}

export function emptyTotals(): Totals {
  return { sessions: 0, hours: 0, counts: {}, weeks: {}, tags: {} };
}

function addCounts(into: Counts, from: Counts, sign: 1 | -1): Counts {
  const out: Counts = { ...into };
  for (const key of COUNT_KEYS) {
    const v = from[key];
    if (v === undefined) continue;
    const next = (out[key] ?? 0) + sign * v;
    if (next === 0) delete out[key];
    else out[key] = next;
  }
  return out;
}

function addTags(into: Record<string, number>, tags: string[], sign: 1 | -1): Record<string, number> {
  const out = { ...into };
  for (const tag of new Set(tags)) {
    const next = (out[tag] ?? 0) + sign;
    // Never below zero: totals saved before tags were counted hold none to take away.
    if (next <= 0) delete out[tag];
    else out[tag] = next;
  }
  return out;
}

function addDate(dates: string[], date: string, sign: 1 | -1): string[] {
  if (sign === 1) return [...dates, date].sort();
  const i = dates.indexOf(date);
  return i < 0 ? dates : [...dates.slice(0, i), ...dates.slice(i + 1)];
}

/** Hours are quarter-hour multiples; keep sums exact in binary floating point. */
function roundHours(h: number): number {
  return Math.round(h * 100) / 100;
}

/** The latest session date left after a removal: the newest date of the newest week. */
function lastDateAfterRemoval(
  previous: string | undefined,
  removed: string,
  weeks: Record<string, WeekBucket>,
): string | undefined {
  if (previous !== undefined && removed < previous) return previous;
  const newestWeek = Object.keys(weeks).sort().pop();
  if (newestWeek === undefined) return undefined;
  const bucket = weeks[newestWeek];
  // Totals saved before dates were kept cannot say more; leave the previous date then.
  const dates = bucket.dates ?? [];
  if (dates.length !== bucket.sessions) return previous;
  return dates[dates.length - 1];
}

/**
 * Totals after adding (sign 1) or removing (sign -1) one session. Pure. Totals saved by an
 * older version, without `tags` or week `dates`, are read as having none.
 */
export function applySession(totals: Totals, session: Session, sign: 1 | -1 = 1): Totals {
  const week = isoWeek(session.date);
  const bucket = totals.weeks[week];
  const nextBucket: WeekBucket = {
    sessions: (bucket?.sessions ?? 0) + sign,
    hours: roundHours((bucket?.hours ?? 0) + sign * session.hours),
    counts: addCounts(bucket?.counts ?? {}, session.counts, sign),
    dates: addDate(bucket?.dates ?? [], session.date, sign),
  };
  const weeks = { ...totals.weeks };
  if (nextBucket.sessions <= 0) delete weeks[week];
  else weeks[week] = nextBucket;
  const lastSessionDate =
    sign === 1
      ? [totals.lastSessionDate, session.date]
          .filter((d): d is string => !!d)
          .sort()
          .pop()
      : lastDateAfterRemoval(totals.lastSessionDate, session.date, weeks);
  const next: Totals = {
    sessions: totals.sessions + sign,
    hours: roundHours(totals.hours + sign * session.hours),
    counts: addCounts(totals.counts, session.counts, sign),
    weeks,
    tags: addTags(totals.tags ?? {}, session.tags ?? [], sign),
  };
  if (lastSessionDate !== undefined) next.lastSessionDate = lastSessionDate;
  return next;
}

/** Totals after a session was edited: the old version removed, the new one added. */
export function replaceSession(t: Totals, before: Session, after: Session): Totals {
  return applySession(applySession(t, before, -1), after, 1);
}
