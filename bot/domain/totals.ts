/**
 * Running totals of a pilot, kept beside its sessions so that progress is read in one row.
 */
import { COUNT_KEYS, type Counts, isoWeek, type Session } from './sessions';

export interface WeekBucket {
  sessions: number;
  hours: number;
  counts: Counts;
}

export interface Totals {
  sessions: number;
  hours: number;
  counts: Counts;
  weeks: Record<string, WeekBucket>;
  lastSessionDate?: string;
}

export function emptyTotals(): Totals {
  return { sessions: 0, hours: 0, counts: {}, weeks: {} };
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

/** Hours are quarter-hour multiples; keep sums exact in binary floating point. */
function roundHours(h: number): number {
  return Math.round(h * 100) / 100;
}

/** Totals after adding (sign 1) or removing (sign -1) one session. Pure. */
export function applySession(totals: Totals, session: Session, sign: 1 | -1 = 1): Totals {
  const week = isoWeek(session.date);
  const bucket = totals.weeks[week] ?? { sessions: 0, hours: 0, counts: {} };
  const nextBucket: WeekBucket = {
    sessions: bucket.sessions + sign,
    hours: roundHours(bucket.hours + sign * session.hours),
    counts: addCounts(bucket.counts, session.counts, sign),
  };
  const weeks = { ...totals.weeks };
  if (nextBucket.sessions === 0) delete weeks[week];
  else weeks[week] = nextBucket;
  const lastSessionDate =
    sign === 1
      ? [totals.lastSessionDate, session.date]
          .filter((d): d is string => !!d)
          .sort()
          .pop()
      : totals.lastSessionDate;
  return {
    sessions: totals.sessions + sign,
    hours: roundHours(totals.hours + sign * session.hours),
    counts: addCounts(totals.counts, session.counts, sign),
    weeks,
    lastSessionDate,
  };
}
