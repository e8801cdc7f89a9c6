/**
 * Time as Polku's users live it: Europe/Helsinki, daylight saving included.
 * Working days and hours follow a Finnish municipality: Monday to Friday, 08:00–17:00, not on
 * public holidays nor on Midsummer Eve and Christmas Eve.
 */
import type Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { localDate, TIME_ZONE } from './localDate';
import type { Weekday } from './pilots';

export { localDate, TIME_ZONE };

/** Messages are sent only in working time: on a working day, from WORKDAY_START to WORKDAY_END inclusive. */
export const WORKDAY_START = '08:00';
export const WORKDAY_END = '17:00';

/**
 * Days that date-holidays lists for Finland as type 'bank', not 'public', but on which municipal offices
 * are closed: juhannusaatto ("Midsummer Eve", the Friday of 19–25 June) and jouluaatto ("Christmas Eve").
 * New Year's Eve (uudenvuodenaatto), also 'bank' there, stays a working day.
 */
export const EVES_OFF: readonly string[] = ['Midsummer Eve', 'Christmas Eve'];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const holidaysByYear = new Map<number, ReadonlySet<string>>();
/** date-holidays (every country's rules, some 15 MB once loaded) is required at the first holiday asked. */
let finland: Holidays | undefined;

function holidaysOf(year: number): ReadonlySet<string> {
  let days = holidaysByYear.get(year);
  if (!days) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const HolidaysOf = require('date-holidays') as typeof Holidays;
    finland ??= new HolidaysOf('FI', { languages: ['en'], timezone: TIME_ZONE, types: ['public', 'bank'] });
    days = new Set(
      finland
        .getHolidays(year, 'en')
        .filter((h) => h.type === 'public' || (h.type === 'bank' && EVES_OFF.includes(h.name)))
        .map((h) => h.date.slice(0, 10)),
    );
    holidaysByYear.set(year, days);
  }
  return days;
}

/**
 * UTC midnight of an ISO date, in milliseconds; RangeError for anything else (a day the month
 * lacks too, "2026-02-30"). Plain arithmetic, not luxon nor Date parsing: the overview walks every
 * pilot's plan (plan.ts), and a parse costs microseconds a day.
 */
function utcMidnight(isoDate: string): number {
  if (ISO_DATE.test(isoDate)) {
    const year = Number(isoDate.slice(0, 4));
    const month = Number(isoDate.slice(5, 7));
    const day = Number(isoDate.slice(8, 10));
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) {
      // Date.UTC reads years 0–99 as 1900–1999.
      return year >= 100 ? Date.UTC(year, month - 1, day) : new Date(0).setUTCFullYear(year, month - 1, day);
    }
  }
  throw new RangeError(`not a date "YYYY-MM-DD": ${isoDate}`);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (y: number, m: number): number => (m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1]);

function calendarDay(isoDate: string): DateTime {
  return DateTime.fromMillis(utcMidnight(isoDate), { zone: 'utc' });
}

/** The date `n` calendar days after (or, negative, before) an ISO date. */
export function addDays(isoDate: string, n: number): string {
  return new Date(utcMidnight(isoDate) + n * DAY).toISOString().slice(0, 10);
}

/** ISO weekday of a date: Monday = 1 … Sunday = 7. */
export function weekdayOf(isoDate: string): Weekday {
  return (new Date(utcMidnight(isoDate)).getUTCDay() || 7) as Weekday;
}

/** The ISO dates of a year's holidays (see isHoliday): for a walk over dates made, not read. */
export function holidaysIn(year: number): ReadonlySet<string> {
  return holidaysOf(year);
}

/** A Finnish public holiday (date-holidays 'FI', type 'public'), Midsummer Eve or Christmas Eve. */
export function isHoliday(isoDate: string): boolean {
  utcMidnight(isoDate);
  return holidaysOf(Number(isoDate.slice(0, 4))).has(isoDate);
}

/** No one is at work: Saturday, Sunday or a holiday (see isHoliday). */
export function isDayOff(isoDate: string): boolean {
  return weekdayOf(isoDate) >= 6 || isHoliday(isoDate);
}

/** The first working day after an ISO date. */
export function nextWorkingDay(isoDate: string): string {
  let d = addDays(isoDate, 1);
  while (isDayOff(d)) d = addDays(d, 1);
  return d;
}

const wallClock = (d: DateTime): string => d.toFormat("yyyy-MM-dd'T'HH:mm");

/**
 * The instant of a Helsinki wall-clock time "HH:MM" on a date. In the hour skipped in spring (03:00–04:00
 * on the last Sunday of March) it is the next valid instant, 04:00 summer time; in the hour repeated in
 * autumn, the first of the two.
 */
export function atLocal(isoDate: string, time: string): Date {
  calendarDay(isoDate);
  if (!HH_MM.test(time)) throw new RangeError(`not a time "HH:MM": ${time}`);
  const wanted = `${isoDate}T${time}`;
  const dt = DateTime.fromISO(wanted, { zone: TIME_ZONE });
  if (wallClock(dt) !== wanted) return firstInstantWithOffsetOf(dt);
  const shift = DateTime.fromMillis(dt.toMillis() - DAY, { zone: TIME_ZONE }).offset - dt.offset;
  if (shift > 0) {
    const earlier = dt.minus({ minutes: shift });
    if (wallClock(earlier) === wanted) return earlier.toJSDate();
  }
  return dt.toJSDate();
}

/** The first instant, within the day before `dt`, from which the zone's offset is the one at `dt`. */
function firstInstantWithOffsetOf(dt: DateTime): Date {
  const offsetAt = (ms: number) => DateTime.fromMillis(ms, { zone: TIME_ZONE }).offset;
  let lo = dt.toMillis() - DAY;
  let hi = dt.toMillis();
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (offsetAt(mid) === dt.offset) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

function checkInstant(at: Date): void {
  if (Number.isNaN(at.getTime())) throw new RangeError('not a valid instant');
}

/** True when `at` is on a working day between WORKDAY_START and WORKDAY_END (both included), Helsinki time. */
export function isWorkingTime(at: Date): boolean {
  checkInstant(at);
  const day = localDate(at);
  return !isDayOff(day) && at >= atLocal(day, WORKDAY_START) && at <= atLocal(day, WORKDAY_END);
}

/**
 * When a message meant for `at` may be sent: `at` itself in working time; before WORKDAY_START on a working
 * day, that day's WORKDAY_START; otherwise the next working day's WORKDAY_START.
 */
export function toWorkingTime(at: Date): Date {
  checkInstant(at);
  const day = localDate(at);
  if (!isDayOff(day)) {
    const start = atLocal(day, WORKDAY_START);
    if (at < start) return start;
    if (at <= atLocal(day, WORKDAY_END)) return new Date(at.getTime());
  }
  return atLocal(nextWorkingDay(day), WORKDAY_START);
}
