/**
 * Running totals of a pilot, kept beside its sessions so that progress is read in one row.
 * Exact under edit and delete: removing a session gives the totals of the sessions that remain.
 */
import { addDays } from './calendar';
import {
  COUNT_KEYS,
  type CountKey,
  type Counts,
  isoWeek,
  MAIN_COUNT,
  type Session,
  SHARE_BASES,
  staffHoursOf,
} from './sessions';

export interface WeekBucket {
  sessions: number;
  hours: number;
  counts: Counts;
  /** How many of the week's sessions recorded each count, zeros included (see Totals.recorded). */
  recorded?: Counts;
  /**
   * The dates of the week's sessions, one entry a session, sorted: lets a delete recompute the last
   * date. Absent in totals kept before dates were, and in a team index copy (indexTotals).
   */
  dates?: string[];
  /** See Totals.bases. */
  bases?: Counts;
}

export interface Totals {
  sessions: number;
  hours: number;
  counts: Counts;
  /** Keyed by ISO week ("2026-W09"); only weeks that have sessions. */
  weeks: Record<string, WeekBucket>;
  /** How many sessions carry each tag ("topic:housingAllowance": 3). */
  tags: Record<string, number>;
  /**
   * How many sessions recorded each count, zeros included: a count is in `counts` (0 too) while
   * a session holds it, so a pop-up that reached nobody reads "0 kävijää", not nothing.
   */
  recorded?: Counts;
  /**
   * For each count read as a share of another (sessions.ts SHARE_BASES), the other's sum over the
   * sessions that gave the count: social-work matters are a share of those sessions' visitors only.
   * Absent in totals kept before counts could be left empty (every session gave them then).
   */
  bases?: Counts;
  /** How many sessions lasted each length, by hours ("2": 5, "4": 5): the realised volume's true form. */
  hoursMix?: Record<string, number>;
  /** Staff time in all (sessions.ts staffHoursOf); totals kept before it was read it as the hours. */
  staffHours?: number;
  lastSessionDate?: string;
  /**
   * Set on the copy a team index row keeps (indexTotals): `weeks` holds only the weeks from this
   * ISO week on, each with its sessions, hours and main counts (MAIN_COUNT); '' when every week
   * is kept. Absent on a pilot's own totals, which hold every week in full.
   */
  weeksFrom?: string;
}

export function emptyTotals(): Totals {
  return {
    sessions: 0,
    hours: 0,
    counts: {},
    weeks: {},
    tags: {},
    recorded: {},
    bases: {},
    hoursMix: {},
    staffHours: 0,
  };
}

/**
 * The share bases after adding or removing one session (Totals.bases). Totals kept before bases
 * were start from their own counts: every session then gave every main count, so a part's base
 * was the whole's sum.
 */
function addBases(
  t: { bases?: Counts; counts: Counts; recorded?: Counts; sessions: number } | undefined,
  s: Session,
  sign: 1 | -1,
  countsAfter: Counts,
): Counts {
  const out: Counts = { ...(t?.bases ?? {}) };
  for (const [part, whole] of Object.entries(SHARE_BASES) as [CountKey, CountKey][]) {
    if (t && !t.bases && t.counts[part] !== undefined && (t.recorded?.[part] ?? t.sessions) === t.sessions) {
      out[part] = t.counts[whole] ?? 0;
    }
    // Kept while any session gives the part: the whole's sum over the sessions that give both.
    const w = s.counts[part] !== undefined ? (s.counts[whole] ?? 0) : 0;
    if (countsAfter[part] === undefined) delete out[part];
    else out[part] = Math.max(0, (out[part] ?? 0) + sign * w);
  }
  return out;
}

/**
 * Counts after adding or removing one session's, with how many sessions recorded each. Totals
 * saved before `recorded` was kept drop a count that comes back to 0, as they did then.
 */
function addCounts(
  into: Counts,
  from: Counts,
  sign: 1 | -1,
  recordedBefore: Counts | undefined,
): { counts: Counts; recorded: Counts | undefined } {
  const out: Counts = { ...into };
  const recorded: Counts | undefined = recordedBefore ? { ...recordedBefore } : undefined;
  for (const key of COUNT_KEYS) {
    const v = from[key];
    if (v === undefined) continue;
    const next = (out[key] ?? 0) + sign * v;
    if (recorded) {
      const n = (recorded[key] ?? 0) + sign;
      if (n <= 0) {
        delete recorded[key];
        delete out[key];
      } else {
        recorded[key] = n;
        out[key] = next;
      }
    } else if (next === 0) delete out[key];
    else out[key] = next;
  }
  return { counts: out, recorded };
}

/** The number of sessions of each length after adding or removing one. */
function addHours(mix: Record<string, number>, hours: number, sign: 1 | -1): Record<string, number> {
  const out = { ...mix };
  const key = String(roundHours(hours));
  const n = (out[key] ?? 0) + sign;
  if (n <= 0) delete out[key];
  else out[key] = n;
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
  const weekCounts = addCounts(bucket?.counts ?? {}, session.counts, sign, bucket ? bucket.recorded : {});
  const nextBucket: WeekBucket = {
    sessions: (bucket?.sessions ?? 0) + sign,
    hours: roundHours((bucket?.hours ?? 0) + sign * session.hours),
    counts: weekCounts.counts,
    dates: addDate(bucket?.dates ?? [], session.date, sign),
  };
  if (weekCounts.recorded) nextBucket.recorded = weekCounts.recorded;
  nextBucket.bases = addBases(bucket, session, sign, weekCounts.counts);
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
  const counts = addCounts(totals.counts, session.counts, sign, totals.sessions === 0 ? {} : totals.recorded);
  const next: Totals = {
    sessions: totals.sessions + sign,
    hours: roundHours(totals.hours + sign * session.hours),
    counts: counts.counts,
    weeks,
    tags: addTags(totals.tags ?? {}, session.tags ?? [], sign),
    staffHours: roundHours((totals.staffHours ?? totals.hours) + sign * staffHoursOf(session)),
  };
  if (counts.recorded) next.recorded = counts.recorded;
  next.bases = addBases(totals, session, sign, counts.counts);
  // The lengths are known only when every session was counted in them (totals from before: not).
  if (totals.hoursMix && (sign === 1 || totals.hoursMix[String(roundHours(session.hours))])) {
    next.hoursMix = addHours(totals.hoursMix, session.hours, sign);
  } else if (totals.sessions === 0 && sign === 1) {
    next.hoursMix = addHours({}, session.hours, 1);
  }
  if (lastSessionDate !== undefined) next.lastSessionDate = lastSessionDate;
  return next;
}

/** Totals after a session was edited: the old version removed, the new one added. */
export function replaceSession(t: Totals, before: Session, after: Session): Totals {
  return applySession(applySession(t, before, -1), after, 1);
}

/**
 * How many ISO weeks before the week of the last session a team index row keeps: the trend's
 * eight end in that week or later (measures.ts trendEnd, weeklyTrend), and one more keeps it exact
 * when the last session is dated in the week after the reader's day (sent from a time zone ahead).
 */
export const INDEX_WEEKS_BEFORE_LAST = 8;

const TREND_COUNTS: ReadonlySet<CountKey> = new Set(Object.values(MAIN_COUNT));

/**
 * The copy of a pilot's totals its team index row keeps: every whole-pilot figure as it is, and
 * of its weeks only those the overview's trend and the digest can read, each with its sessions,
 * hours and main count. Lossless for them: the trend's eight weeks end with the week of
 * min(today, max(end date, last session)), which is at most a week before the last session's
 * when no session lies more than a week ahead; the digest reads last week (holdsWeek says when a
 * week was cut). Totals without a last session date (kept before it was) are copied whole.
 */
export function indexTotals(t: Totals): Totals {
  if (t.weeksFrom !== undefined) return t;
  if (t.lastSessionDate === undefined) return { ...t, weeksFrom: '' };
  const from = isoWeek(addDays(t.lastSessionDate, -7 * INDEX_WEEKS_BEFORE_LAST));
  const weeks: Record<string, WeekBucket> = {};
  for (const [week, b] of Object.entries(t.weeks)) {
    if (week < from) continue;
    const counts: Counts = {};
    for (const key of TREND_COUNTS) if (b.counts[key] !== undefined) counts[key] = b.counts[key];
    weeks[week] = { sessions: b.sessions, hours: b.hours, counts };
  }
  return { ...t, weeks, weeksFrom: from };
}

/** Whether the totals hold the ISO week as it is (a pilot's own totals hold every week). */
export function holdsWeek(t: Pick<Totals, 'weeksFrom'>, week: string): boolean {
  return !t.weeksFrom || week >= t.weeksFrom;
}
