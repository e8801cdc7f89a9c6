/**
 * How often a pilot meets: the plan's frequency, and the dates of its planned slots. The planned
 * count (measures.ts plannedSessions) and the session prompts (reminders.ts) both read the slots
 * from plannedSlotDates, so they always agree. Slots on Finnish public holidays, Midsummer Eve and
 * Christmas Eve (calendar.ts isHoliday) are not planned: nobody is at work.
 */
import { addDays, holidaysIn, isHoliday } from './calendar';
import type { PilotPlan, Weekday } from './pilots';

/** Which of a month's weekdays: the first … fourth, or the last. */
export const MONTH_WEEKS = ['1', '2', '3', '4', 'last'] as const;
export type MonthWeek = (typeof MONTH_WEEKS)[number];

export const FREQUENCY_KINDS = ['weekly', 'everyOtherWeek', 'monthlyWeekday', 'monthlyDay', 'dates'] as const;
export type FrequencyKind = (typeof FREQUENCY_KINDS)[number];

/** The frequencies whose days are the plan's weekdays (the forms ask for weekdays with these only). */
export const WEEKDAY_FREQUENCIES: readonly FrequencyKind[] = ['weekly', 'everyOtherWeek', 'monthlyWeekday'];

/**
 * How often the plan's slots come. The weekday frequencies read their weekdays from the plan's own
 * `weekdays` (monthly: "the first Tuesday" is weekdays [2], week '1'); the others leave it empty.
 * A plan without a frequency is weekly, as every plan was before frequencies.
 */
export type PlanFrequency =
  | { kind: 'weekly' }
  /** Every other week on the plan's weekdays, from the ISO week of the pilot's start date on. */
  | { kind: 'everyOtherWeek' }
  /** Once a month on each of the plan's weekdays: its first … fourth, or its last in the month. */
  | { kind: 'monthlyWeekday'; week: MonthWeek }
  /** On this day of every month, 1–31; a month without the day has no slot. */
  | { kind: 'monthlyDay'; day: number }
  /** On these ISO dates only. */
  | { kind: 'dates'; dates: string[] };

/** The bounds of a day of the month and of a list of dates. */
export const MONTH_DAY = { min: 1, max: 31 } as const;
export const MAX_PLAN_DATES = 100;
/** The dates field as typed: room for MAX_PLAN_DATES dates "d.m.yyyy, ". */
export const MAX_DATES_TEXT = 1200;

export type FrequencyPlan = Pick<PilotPlan, 'weekdays' | 'frequency'>;

/** The plan's frequency; weekly when it has none. */
export function frequencyOf(plan: FrequencyPlan): PlanFrequency {
  return plan.frequency ?? { kind: 'weekly' };
}

const DAY_MS = 86_400_000;
const dayNumber = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
/** The ISO date of a day number, by arithmetic (H. Hinnant's civil_from_days): Date's toISOString costs more than the walk. */
function dateOf(day: number): string {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}
/** ISO weekday of a day number (days since Thursday 1 January 1970). */
const weekdayOfDay = (day: number): Weekday => (((((day + 3) % 7) + 7) % 7) + 1) as Weekday;
const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * True when a frequency's rule (holidays and the pilot's dates aside) has a slot on the day (a day
 * number, as the start's): integer arithmetic, as a plan is walked a day at a time.
 */
function onRule(f: PlanFrequency, weekdays: readonly Weekday[], startDay: number, day: number): boolean {
  switch (f.kind) {
    case 'weekly':
      return weekdays.includes(weekdayOfDay(day));
    case 'everyOtherWeek': {
      if (!weekdays.includes(weekdayOfDay(day))) return false;
      const firstMonday = startDay - (weekdayOfDay(startDay) - 1);
      return Math.floor((day - firstMonday) / 7) % 2 === 0;
    }
    case 'monthlyWeekday': {
      if (!weekdays.includes(weekdayOfDay(day))) return false;
      const d = new Date(day * DAY_MS);
      const dayOfMonth = d.getUTCDate();
      if (f.week === 'last') return dayOfMonth + 7 > daysInMonth(d.getUTCFullYear(), d.getUTCMonth() + 1);
      return Math.ceil(dayOfMonth / 7) === Number(f.week);
    }
    case 'monthlyDay':
      return new Date(day * DAY_MS).getUTCDate() === f.day;
    case 'dates':
      return f.dates.includes(dateOf(day));
  }
}

function* days(first: number, last: number): Generator<number> {
  for (let day = first; day <= last; day++) yield day;
}

/** The days from `first` to `last` that fall on the weekdays, in order: a week's days, week by week. */
function* weekdayDays(weekdays: readonly Weekday[], first: number, last: number): Generator<number> {
  const sorted = [...new Set(weekdays)].sort((a, b) => a - b);
  for (let monday = first - (weekdayOfDay(first) - 1); monday <= last; monday += 7) {
    for (const w of sorted) {
      const day = monday + w - 1;
      if (day >= first && day <= last) yield day;
    }
  }
}

/**
 * The planned slot dates from `from` (default: the start date) to the end date, both inclusive, in
 * order: the days the plan's frequency names, without holidays. Lazy, so the first slots of a long
 * pilot cost no more than its first days.
 */
export function* plannedSlotDates(
  plan: FrequencyPlan,
  startDate: string,
  endDate: string,
  from: string = startDate,
): Generator<string> {
  const f = frequencyOf(plan);
  const first = from > startDate ? from : startDate;
  if (f.kind === 'dates') {
    for (const d of [...new Set(f.dates)].sort()) if (d >= first && d <= endDate && !isHoliday(d)) yield d;
    return;
  }
  if (first > endDate) return;
  const startDay = dayNumber(startDate);
  const last = dayNumber(endDate);
  // A first day that is no date is refused (RangeError), as a walk of its dates is.
  const firstDay = dayNumber(addDays(first, 0));
  for (const day of f.kind === 'weekly' || f.kind === 'everyOtherWeek'
    ? weekdayDays(plan.weekdays, firstDay, last)
    : days(firstDay, last)) {
    if (!onRule(f, plan.weekdays, startDay, day)) continue;
    const d = dateOf(day);
    if (d > endDate) return;
    if (!holidaysIn(Number(d.slice(0, 4))).has(d)) yield d;
  }
}

/** True when `date` is one of the plan's slots between the pilot's start and end dates. */
export function isPlannedSlot(plan: FrequencyPlan, startDate: string, endDate: string, date: string): boolean {
  if (date < startDate || date > endDate || isHoliday(date)) return false;
  return onRule(frequencyOf(plan), plan.weekdays, dayNumber(startDate), dayNumber(date));
}

/** True when the plan names any day at all (weekdays, a day of the month, or dates). */
export function namesDays(plan: FrequencyPlan): boolean {
  const f = frequencyOf(plan);
  if (f.kind === 'monthlyDay') return true;
  if (f.kind === 'dates') return f.dates.length > 0;
  return plan.weekdays.length > 0;
}

/** How far back the last slot is looked for: a monthly plan's slot is at most a month and a bit ago. */
const LOOK_BACK_DAYS = 62;

/**
 * The planned slot on or before `date` (within the pilot's dates and the last two months), the day
 * a session card opened then is most likely about: undefined when there is none.
 */
export function lastSlotOnOrBefore(
  plan: FrequencyPlan,
  startDate: string,
  endDate: string,
  date: string,
): string | undefined {
  let d = date > endDate ? endDate : date;
  for (let i = 0; i <= LOOK_BACK_DAYS && d >= startDate; i++, d = addDays(d, -1)) {
    if (isPlannedSlot(plan, startDate, endDate, d)) return d;
  }
  return undefined;
}
