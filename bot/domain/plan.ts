/**
 * How often a pilot meets: the plan's frequency, and the dates of its planned slots. The planned
 * count (measures.ts plannedSessions) and the session prompts (reminders.ts) both read the slots
 * from plannedSlotDates, so they always agree. Slots on Finnish public holidays, Midsummer Eve and
 * Christmas Eve (calendar.ts isHoliday) are not planned: nobody is at work.
 */
import { addDays, isHoliday, weekdayOf } from './calendar';
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

const dayNumber = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** True when a weekday frequency's rule (holidays and the pilot's dates aside) has a slot on `date`. */
function onRule(f: PlanFrequency, weekdays: readonly Weekday[], startDate: string, date: string): boolean {
  switch (f.kind) {
    case 'weekly':
      return weekdays.includes(weekdayOf(date));
    case 'everyOtherWeek': {
      if (!weekdays.includes(weekdayOf(date))) return false;
      const firstMonday = dayNumber(startDate) - (weekdayOf(startDate) - 1);
      return Math.floor((dayNumber(date) - firstMonday) / 7) % 2 === 0;
    }
    case 'monthlyWeekday': {
      if (!weekdays.includes(weekdayOf(date))) return false;
      const [year, month, day] = date.split('-').map(Number) as [number, number, number];
      if (f.week === 'last') return day + 7 > daysInMonth(year, month);
      return Math.ceil(day / 7) === Number(f.week);
    }
    case 'monthlyDay':
      return Number(date.slice(8, 10)) === f.day;
    case 'dates':
      return f.dates.includes(date);
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
  for (let d = first; d <= endDate; d = addDays(d, 1)) {
    if (onRule(f, plan.weekdays, startDate, d) && !isHoliday(d)) yield d;
  }
}

/** True when `date` is one of the plan's slots between the pilot's start and end dates. */
export function isPlannedSlot(plan: FrequencyPlan, startDate: string, endDate: string, date: string): boolean {
  if (date < startDate || date > endDate || isHoliday(date)) return false;
  return onRule(frequencyOf(plan), plan.weekdays, startDate, date);
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
