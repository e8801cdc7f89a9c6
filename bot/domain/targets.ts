/**
 * Measurable targets, set at the start beside "Miten arvioidaan toimintaa käytännössä?", and the
 * pilot's figures read against them: "vähintään 1 keskustelua haluava per päivystys",
 * "20 puhelua viikossa", "sosiaalityön asioiden osuus ≥ 50 %". Each kind has its own measures,
 * each a sum of counts over a stated period (a session, a week, a month, an hour), or a share of
 * one count in another. The status card, the pilot card, the tab, the overview, the exports and
 * the early warning all read them from here.
 */
import { isoWeek, type CountKey } from './sessions';
import type { PilotKind, PilotPlan } from './pilots';
import { plannedSlotDates } from './plan';
import { type FigureSource, type FigureUnit, sessionsGiving, shareBase } from './headline';

export const TARGET_MEASURES = [
  'wantedToTalkPerSession',
  'visitorsPerSession',
  'wantedToTalkPerHour',
  'socialWorkShare',
  'referredPerSession',
  'appointmentsPerDay',
  'appointmentsPerWeek',
  'jointMeetingsPerWeek',
  'callsPerWeek',
  'callsPerDay',
  'handledAtOnceShare',
  'contactsPerEvent',
  'attendeesPerEvent',
  'contactsPerVisit',
  'participantsPerVisit',
  'casesPerMeeting',
  'casesPerMonth',
] as const;
export type TargetMeasure = (typeof TARGET_MEASURES)[number];

/** What a measure divides by: hours, sessions, the planned weeks or months so far, or another count. */
export type TargetPer = 'hour' | 'session' | 'week' | 'month' | CountKey;

interface MeasureRule {
  counts: readonly CountKey[];
  per: TargetPer;
  unit: FigureUnit;
}

export const MEASURE_RULES: Record<TargetMeasure, MeasureRule> = {
  wantedToTalkPerSession: { counts: ['wantedToTalk'], per: 'session', unit: 'rate' },
  visitorsPerSession: { counts: ['visitors'], per: 'session', unit: 'rate' },
  wantedToTalkPerHour: { counts: ['wantedToTalk'], per: 'hour', unit: 'rate' },
  socialWorkShare: { counts: ['socialWorkMatters'], per: 'visitors', unit: 'share' },
  referredPerSession: { counts: ['referred'], per: 'session', unit: 'rate' },
  appointmentsPerDay: { counts: ['appointments', 'walkIns'], per: 'session', unit: 'rate' },
  appointmentsPerWeek: { counts: ['appointments', 'walkIns'], per: 'week', unit: 'rate' },
  jointMeetingsPerWeek: { counts: ['jointMeetings'], per: 'week', unit: 'rate' },
  callsPerWeek: { counts: ['calls'], per: 'week', unit: 'rate' },
  callsPerDay: { counts: ['calls'], per: 'session', unit: 'rate' },
  handledAtOnceShare: { counts: ['handledAtOnce'], per: 'calls', unit: 'share' },
  contactsPerEvent: { counts: ['contacts'], per: 'session', unit: 'rate' },
  attendeesPerEvent: { counts: ['attendees'], per: 'session', unit: 'rate' },
  contactsPerVisit: { counts: ['contacts'], per: 'session', unit: 'rate' },
  participantsPerVisit: { counts: ['participants'], per: 'session', unit: 'rate' },
  casesPerMeeting: { counts: ['casesConsulted'], per: 'session', unit: 'rate' },
  casesPerMonth: { counts: ['casesConsulted'], per: 'month', unit: 'rate' },
};

/** The measures each kind can set a target on, the kind's headline measure first. */
export const KIND_MEASURES: Record<PilotKind, readonly TargetMeasure[]> = {
  dropIn: [
    'wantedToTalkPerSession',
    'wantedToTalkPerHour',
    'visitorsPerSession',
    'socialWorkShare',
    'referredPerSession',
  ],
  appointment: ['appointmentsPerDay', 'appointmentsPerWeek', 'jointMeetingsPerWeek'],
  phoneAdvisory: ['callsPerWeek', 'callsPerDay', 'handledAtOnceShare'],
  popUp: ['contactsPerEvent', 'attendeesPerEvent'],
  groupOutreach: ['contactsPerVisit', 'participantsPerVisit'],
  kelaConsultation: ['casesPerMeeting', 'casesPerMonth'],
};

export const TARGET_OPS = ['atLeast', 'atMost'] as const;
export type TargetOp = (typeof TARGET_OPS)[number];

/** One target: "at least 1 wanting to talk per session". A share's value is a fraction (0.5 for 50 %). */
export interface Target {
  measure: TargetMeasure;
  op: TargetOp;
  value: number;
}

/** At most this many targets a pilot; a value's bounds (a rate up to MAX, a share 0–100 %). */
export const MAX_TARGETS = 3;
export const TARGET_VALUE = { min: 0, max: 10000 } as const;

/** The sessions' or the pilot's figures, and how many planned weeks and months they span. */
export interface MeasureSource extends FigureSource {
  /** Planned weeks and months up to the day read (plannedPeriods); needed by per-week and per-month measures. */
  plannedWeeks?: number;
  plannedMonths?: number;
}

export interface Actual {
  measure: TargetMeasure;
  unit: FigureUnit;
  /** Undefined when it cannot be computed yet: nothing logged, nothing to divide by. */
  value: number | undefined;
  sessions: number;
}

export function measureOf(measure: TargetMeasure, t: MeasureSource): Actual {
  const rule = MEASURE_RULES[measure];
  const recorded = rule.counts.filter((k) => t.counts[k] !== undefined);
  const above = recorded.reduce((sum, k) => sum + (t.counts[k] ?? 0), 0);
  const sessions = rule.per === 'session' ? sessionsGiving(t, rule.counts) : t.sessions;
  const below =
    rule.per === 'hour'
      ? t.hours
      : rule.per === 'session'
        ? sessions
        : rule.per === 'week'
          ? (t.plannedWeeks ?? 0)
          : rule.per === 'month'
            ? (t.plannedMonths ?? 0)
            : shareBase(t, rule.counts[0], rule.per);
  const value = t.sessions === 0 || recorded.length === 0 || !(below > 0) ? undefined : above / below;
  return { measure, unit: rule.unit, value, sessions };
}

/** 'onTrack' when the actual meets the target, 'below' when not, 'notYet' when it cannot be computed. */
export type TargetStatus = 'onTrack' | 'below' | 'notYet';

/** A small tolerance so that 0.1 + 0.2 meets a target of 0.3. */
const EPSILON = 1e-9;

export function statusOf(target: Target, actual: Actual): TargetStatus {
  if (actual.value === undefined) return 'notYet';
  const meets =
    target.op === 'atLeast' ? actual.value >= target.value - EPSILON : actual.value <= target.value + EPSILON;
  return meets ? 'onTrack' : 'below';
}

export interface TargetReading {
  target: Target;
  actual: Actual;
  status: TargetStatus;
}

export function readTargets(targets: readonly Target[] | undefined, t: MeasureSource): TargetReading[] {
  return (targets ?? []).map((target) => {
    const actual = measureOf(target.measure, t);
    return { target, actual, status: statusOf(target, actual) };
  });
}

/** The overview's one word for a pilot: below when any target is, on track when all are, else not yet. */
export function overallStatus(readings: readonly TargetReading[]): TargetStatus | undefined {
  if (readings.length === 0) return undefined;
  if (readings.some((r) => r.status === 'below')) return 'below';
  if (readings.every((r) => r.status === 'onTrack')) return 'onTrack';
  return 'notYet';
}

/** Planned weeks and months (those with a planned slot) from the start (or `from`) up to `through`, inclusive. */
export function plannedPeriods(
  p: { plan: PilotPlan; startDate: string; endDate: string },
  through: string,
  from: string = p.startDate,
): { plannedWeeks: number; plannedMonths: number } {
  const weeks = new Set<string>();
  const months = new Set<string>();
  const end = through < p.endDate ? through : p.endDate;
  for (const d of plannedSlotDates(p.plan, p.startDate, end, from)) {
    weeks.add(isoWeek(d));
    months.add(d.slice(0, 7));
  }
  return { plannedWeeks: weeks.size, plannedMonths: months.size };
}

/** The input ids of target n (1…MAX_TARGETS): its measure, at least / at most, and its value. */
export const targetFields = (n: number) =>
  ({ measure: `target${n}`, op: `target${n}Op`, value: `target${n}Value` }) as Record<
    'measure' | 'op' | 'value',
    TargetField
  >;

export const TARGET_FIELDS = Array.from({ length: MAX_TARGETS }, (_, i) => targetFields(i + 1)).flatMap((f) => [
  f.measure,
  f.op,
  f.value,
]);
export type TargetField = `target${1 | 2 | 3}` | `target${1 | 2 | 3}Op` | `target${1 | 2 | 3}Value`;

/** The actual of each target as it stood at the end of each week with sessions, oldest first. */
export interface TargetTrendPoint {
  week: string;
  /** One a target, in the pilot's order: the actual over the sessions up to that week; null when not computable. */
  actuals: (number | null)[];
}

/**
 * How each target's actual developed: after each week with sessions, the figure over everything
 * logged so far (per-week and per-month measures over the planned weeks and months so far).
 */
export function targetTrend(
  pilot: { plan: PilotPlan; startDate: string; endDate: string; targets?: Target[] },
  weeks: Record<
    string,
    { sessions: number; hours: number; counts: Partial<Record<CountKey, number>>; dates?: string[] }
  >,
): TargetTrendPoint[] {
  const targets = pilot.targets ?? [];
  if (!targets.length) return [];
  const periods = needsPeriods(targets);
  const sum: FigureSource = { sessions: 0, hours: 0, counts: {} };
  const out: TargetTrendPoint[] = [];
  for (const week of Object.keys(weeks).sort()) {
    const b = weeks[week];
    sum.sessions += b.sessions;
    sum.hours += b.hours;
    for (const [k, v] of Object.entries(b.counts) as [CountKey, number | undefined][]) {
      if (v !== undefined) sum.counts[k] = (sum.counts[k] ?? 0) + v;
    }
    const last = [...(b.dates ?? [])].sort().pop() ?? pilot.startDate;
    const source: MeasureSource = {
      ...sum,
      counts: { ...sum.counts },
      ...(periods ? plannedPeriods(pilot, last) : {}),
    };
    out.push({ week, actuals: targets.map((t) => measureOf(t.measure, source).value ?? null) });
  }
  return out;
}

/** True when a target divides by planned weeks or months, which the plan must be walked for. */
export const needsPeriods = (targets: readonly Target[] | undefined): boolean =>
  (targets ?? []).some((t) => MEASURE_RULES[t.measure].per === 'week' || MEASURE_RULES[t.measure].per === 'month');

/** A pilot's targets read against its totals up to `today` (its planned weeks and months so far). */
export function pilotReadings(
  pilot: { plan: PilotPlan; startDate: string; endDate: string; targets?: Target[] },
  totals: FigureSource,
  today: string,
): TargetReading[] {
  if (!pilot.targets?.length) return [];
  const periods = needsPeriods(pilot.targets) ? plannedPeriods(pilot, today) : {};
  return readTargets(pilot.targets, { ...totals, ...periods });
}
