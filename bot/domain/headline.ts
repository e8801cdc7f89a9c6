/**
 * The headline figure of each kind of pilot: what the seeds judge it by. Defined here once; the
 * bot's status card, the tab (its cards, sort and comparison), the print view and the exports
 * all read it from here. A figure that cannot be computed (no hours yet, no calls yet) is
 * undefined, shown as "ei laskettavissa", never as 0.
 *
 * A session is one slot of the kind's own: a drop-in slot, an appointment day, a phone-line day,
 * an event, a visit of the group outreach, a consultation meeting.
 */
import type { PilotKind } from './pilots';
import type { CountKey } from './sessions';
import type { Volume } from './measures';

export const FIGURE_KEYS = [
  'wantedToTalkPerHour',
  'appointmentsPerDay',
  'callsPerHour',
  'callsPerDay',
  'handledAtOnceShare',
  'contactsPerEvent',
  'contactsPerVisit',
  'casesPerMeeting',
] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];

/** How a figure reads: a rate (a decimal number) or a share (a percentage). */
export type FigureUnit = 'rate' | 'share';

interface FigureRule {
  /** The counts summed above the line. */
  counts: readonly CountKey[];
  /** What they are divided by: the hours, the sessions, or another count. */
  per: 'hour' | 'session' | CountKey;
  unit: FigureUnit;
}

const RULES: Record<FigureKey, FigureRule> = {
  wantedToTalkPerHour: { counts: ['wantedToTalk'], per: 'hour', unit: 'rate' },
  appointmentsPerDay: { counts: ['appointments', 'walkIns'], per: 'session', unit: 'rate' },
  callsPerHour: { counts: ['calls'], per: 'hour', unit: 'rate' },
  callsPerDay: { counts: ['calls'], per: 'session', unit: 'rate' },
  handledAtOnceShare: { counts: ['handledAtOnce'], per: 'calls', unit: 'share' },
  contactsPerEvent: { counts: ['contacts'], per: 'session', unit: 'rate' },
  contactsPerVisit: { counts: ['contacts'], per: 'session', unit: 'rate' },
  casesPerMeeting: { counts: ['casesConsulted'], per: 'session', unit: 'rate' },
};

/** Each kind's figures, the first the one it is sorted and compared by. */
export const HEADLINE: Record<PilotKind, readonly FigureKey[]> = {
  dropIn: ['wantedToTalkPerHour'],
  appointment: ['appointmentsPerDay'],
  phoneAdvisory: ['callsPerHour', 'callsPerDay', 'handledAtOnceShare'],
  popUp: ['contactsPerEvent'],
  groupOutreach: ['contactsPerVisit'],
  kelaConsultation: ['casesPerMeeting'],
};

/** What a figure is computed from: the totals of a pilot (or a part of its log). */
export interface FigureSource extends Volume {
  counts: Partial<Record<CountKey, number>>;
  /** How many sessions gave each count (totals.ts); absent in totals kept before it was, when every session gave them. */
  recorded?: Partial<Record<CountKey, number>>;
  /** For a count read as a share of another (SHARE_BASES), the other's sum over the sessions that gave it. */
  bases?: Partial<Record<CountKey, number>>;
}

/**
 * How many sessions a per-session figure divides by: those that gave its counts. A count left
 * empty on the quick log is not given, so a session without it does not pull the figure down.
 */
export function sessionsGiving(t: FigureSource, counts: readonly CountKey[]): number {
  if (!t.recorded) return t.sessions;
  return Math.max(0, ...counts.map((k) => t.recorded?.[k] ?? 0));
}

/** What a share of `count` divides by: `per` summed over the sessions that gave `count`. */
export function shareBase(t: FigureSource, count: CountKey, per: CountKey): number {
  return t.bases ? (t.bases[count] ?? 0) : (t.counts[per] ?? 0);
}

export interface Figure {
  key: FigureKey;
  unit: FigureUnit;
  /** Undefined when it cannot be computed: nothing to divide by, or none of its counts recorded. */
  value: number | undefined;
  /** The sessions behind it, so that a figure from 2 sessions is not read like one from 30. */
  sessions: number;
}

export function figureOf(key: FigureKey, t: FigureSource): Figure {
  const rule = RULES[key];
  const recorded = rule.counts.filter((k) => t.counts[k] !== undefined);
  const above = recorded.reduce((sum, k) => sum + (t.counts[k] ?? 0), 0);
  const sessions = rule.per === 'session' ? sessionsGiving(t, rule.counts) : t.sessions;
  const below =
    rule.per === 'hour' ? t.hours : rule.per === 'session' ? sessions : shareBase(t, rule.counts[0], rule.per);
  const value = recorded.length === 0 || !(below > 0) ? undefined : above / below;
  return { key, unit: rule.unit, value, sessions };
}

/** A pilot's headline figures, the kind's first one first. */
export function headlineOf(kind: PilotKind, t: FigureSource): Figure[] {
  return HEADLINE[kind].map((key) => figureOf(key, t));
}

/**
 * Pilots ordered by their headline figure, like with like: by kind (in the order of HEADLINE),
 * then by the kind's first figure, highest first, those that cannot be computed last.
 */
export function compareByHeadline(
  a: { kind: PilotKind; totals: FigureSource },
  b: { kind: PilotKind; totals: FigureSource },
): number {
  const kinds = Object.keys(HEADLINE);
  if (a.kind !== b.kind) return kinds.indexOf(a.kind) - kinds.indexOf(b.kind);
  const x = headlineOf(a.kind, a.totals)[0].value;
  const y = headlineOf(b.kind, b.totals)[0].value;
  if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
  return y - x;
}

/** The people each kind meets, for contacts per staff hour: visitors, appointments, calls, contacts, cases. */
export const CONTACTS: Record<PilotKind, readonly CountKey[]> = {
  dropIn: ['visitors'],
  appointment: ['appointments', 'walkIns'],
  phoneAdvisory: ['calls'],
  popUp: ['contacts'],
  groupOutreach: ['contacts'],
  kelaConsultation: ['casesConsulted'],
};

/**
 * Staff time and what it bought: the staff hours in all (preparation, travel and recording when
 * given), and the kind's contacts per staff hour; undefined where nothing can be divided.
 */
export function staffFigures(
  kind: PilotKind,
  t: FigureSource & { staffHours?: number },
): { staffHours: number; contactsPerStaffHour: number | undefined } {
  const staffHours = t.staffHours ?? t.hours;
  const recorded = CONTACTS[kind].filter((k) => t.counts[k] !== undefined);
  const contacts = recorded.reduce((n, k) => n + (t.counts[k] ?? 0), 0);
  return { staffHours, contactsPerStaffHour: recorded.length && staffHours > 0 ? contacts / staffHours : undefined };
}
