/**
 * A pilot's plan in words, the same on the bot's pilot card and on the tab's pilot page:
 * "maanantaisin klo 9:00, 2 h, Seurakuntatalo" or "joka kuun ensimmäinen torstai klo 14:00, …".
 * Pure: the caller gives its texts (the bot's locale JSON, which the tab imports too) and its
 * number and date formats, so the tab does not load the bot's other strings.
 */
import type { PilotPlan, Weekday } from '../domain/pilots';
import { frequencyOf } from '../domain/plan';
import type fi from './locales/fi.json';

export interface PlanTexts {
  weekdays: typeof fi.weekdays;
  pilotCard: Pick<typeof fi.pilotCard, 'planValue' | 'planNoTime' | 'noPlace'>;
  plan: typeof fi.plan;
}

export interface PlanFormats {
  number(n: number): string;
  date(iso: string): string;
}

/** How many dates of a list plan the line names before "and N more". */
const DATES_SHOWN = 6;

const fill = (template: string, params: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));

/** "a, b ja c" in the texts' language. */
function listText(t: PlanTexts, items: string[]): string {
  if (items.length < 2) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${t.plan.and} ${items[items.length - 1]}`;
}

/** The plan's frequency in words: "joka kuun ensimmäinen tiistai", "joka toinen viikko maanantaisin"; undefined when weekly. */
export function frequencyText(t: PlanTexts, fmt: PlanFormats, plan: PilotPlan): string | undefined {
  const p = t.plan;
  const f = frequencyOf(plan);
  const day = (d: Weekday) => String(d) as keyof typeof p.weekdaysOn;
  switch (f.kind) {
    case 'weekly':
      return undefined;
    case 'everyOtherWeek':
      return plan.weekdays.length
        ? fill(p.text.everyOtherWeek, {
            weekdays: listText(
              t,
              plan.weekdays.map((d) => p.weekdaysOn[day(d)]),
            ),
          })
        : p.text.noDays;
    case 'monthlyWeekday':
      return plan.weekdays.length
        ? fill(p.text.monthlyWeekday, {
            week: p.monthWeeks[f.week],
            weekdays: listText(
              t,
              plan.weekdays.map((d) => p.monthWeekdays[day(d)]),
            ),
          })
        : p.text.noDays;
    case 'monthlyDay':
      return fill(p.text.monthlyDay, { day: f.day });
    case 'dates': {
      if (!f.dates.length) return p.text.noDays;
      const shown = f.dates.slice(0, DATES_SHOWN).map((d) => fmt.date(d));
      const more = f.dates.length - shown.length;
      const dates = more > 0 ? fill(p.text.datesMore, { dates: shown.join(', '), more }) : shown.join(', ');
      return fill(p.text.dates, { dates });
    }
  }
}

/** The whole plan line: when, how long, where. */
export function planLine(t: PlanTexts, fmt: PlanFormats, plan: PilotPlan): string {
  const hours = fmt.number(plan.hoursPerSession);
  const place = plan.place || t.pilotCard.noPlace;
  const frequency = frequencyText(t, fmt, plan);
  if (frequency !== undefined) {
    const template = plan.startTime ? t.plan.planValue : t.plan.planNoTime;
    return fill(template, { frequency, time: plan.startTime, hours, place });
  }
  if (!plan.weekdays.length || !plan.startTime) return fill(t.pilotCard.planNoTime, { hours, place });
  const weekdays = plan.weekdays.map((d) => t.weekdays[String(d) as keyof typeof t.weekdays]).join(', ');
  return fill(t.pilotCard.planValue, { weekdays, time: plan.startTime, hours, place });
}

/** The plan's when only (its frequency or weekdays, and its time): "maanantaisin klo 9:00". */
export function scheduleText(t: PlanTexts, fmt: PlanFormats, plan: PilotPlan): string {
  const when =
    frequencyText(t, fmt, plan) ??
    (plan.weekdays.length
      ? plan.weekdays.map((d) => t.weekdays[String(d) as keyof typeof t.weekdays]).join(', ')
      : t.plan.text.noDays);
  return plan.startTime ? fill(t.plan.scheduleValue, { when, time: plan.startTime }) : when;
}
