/**
 * What Polku asks, and when: the reminders of the midpoint and end evaluations and the prompt after each
 * planned session. Plain data only; storing, claiming and sending them is the caller's work. Every dueAt
 * is in working time (calendar.ts), so nothing goes out at night, at weekends or on holidays.
 */
import { DateTime } from 'luxon';
import { addDays, atLocal, localDate, TIME_ZONE, toWorkingTime } from './calendar';
import { type Decision, type Pilot, stageRank } from './pilots';
import { namesDays, plannedSlotDates } from './plan';

/**
 * 'warning': an early-warning check (warning.ts), due at once, sent by the sweep like the others.
 * 'digest': a conversation's weekly digest (digest.ts), on the schedule under the conversation, not a pilot.
 */
export type ReminderKind = 'phase' | 'session' | 'consultation' | 'warning' | 'digest';
export type PhaseStep = 'before' | 'onDate' | 'nudge1' | 'nudge2' | 'nudge3' | 'channelNote';
export type ReminderPhase = 'midpoint' | 'end';

/** The phase chain in order: a reminder before and on the date, three weekly nudges, then a note in the channel. */
export const PHASE_STEPS: readonly PhaseStep[] = ['before', 'onDate', 'nudge1', 'nudge2', 'nudge3', 'channelNote'];
export const PHASE_REMINDER_DAYS_BEFORE = 3;
export const NUDGE_INTERVAL_DAYS = 7;
/** Helsinki time of day of the phase reminders. */
export const REMINDER_TIME = '09:00';

/** Days from the phase's date to each step. */
export const PHASE_STEP_DAYS: Readonly<Record<PhaseStep, number>> = {
  before: -PHASE_REMINDER_DAYS_BEFORE,
  onDate: 0,
  nudge1: NUDGE_INTERVAL_DAYS,
  nudge2: 2 * NUDGE_INTERVAL_DAYS,
  nudge3: 3 * NUDGE_INTERVAL_DAYS,
  channelNote: 4 * NUDGE_INTERVAL_DAYS,
};

export interface PlannedReminder {
  kind: ReminderKind;
  phase?: ReminderPhase;
  step?: PhaseStep;
  /** The session slot's date, for session and consultation prompts. */
  slotDate?: string;
  dueAt: Date;
  /** deterministic: the same pilot and reminder always give the same key */
  key: string;
}

type PhaseDates = Pick<Pilot, 'id' | 'midpointDate' | 'endDate'>;
type SessionPlan = Pick<Pilot, 'id' | 'kind' | 'plan' | 'startDate' | 'endDate'>;

/** One step of a phase's chain: its date (the phase date + PHASE_STEP_DAYS) at REMINDER_TIME, moved into working time. */
export function phaseReminder(pilot: PhaseDates, phase: ReminderPhase, step: PhaseStep): PlannedReminder {
  const date = phase === 'midpoint' ? pilot.midpointDate : pilot.endDate;
  return {
    kind: 'phase',
    phase,
    step,
    dueAt: toWorkingTime(atLocal(addDays(date, PHASE_STEP_DAYS[step]), REMINDER_TIME)),
    key: `phase|${phase}|${step}`,
  };
}

/** The step after `step` in the chain; undefined after the channel note. */
export function nextPhaseStep(step: PhaseStep): PhaseStep | undefined {
  return PHASE_STEPS[PHASE_STEPS.indexOf(step) + 1];
}

/**
 * The first step of a phase's chain that is not yet past at `now` (due at or after it), so a pilot created
 * the day before its midpoint starts at 'onDate'; undefined when the whole chain is past.
 */
export function firstPhaseStep(pilot: PhaseDates, phase: ReminderPhase, now: Date): PlannedReminder | undefined {
  for (const step of PHASE_STEPS) {
    const r = phaseReminder(pilot, phase, step);
    if (r.dueAt >= now) return r;
  }
  return undefined;
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const HOUR = 3_600_000;

function sessionHoursMs(pilot: SessionPlan): number {
  const h = pilot.plan.hoursPerSession;
  return Number.isFinite(h) && h > 0 ? Math.round(h * HOUR) : 0;
}

function hasSlots(pilot: SessionPlan): boolean {
  return namesDays(pilot.plan) && HH_MM.test(pilot.plan.startTime);
}

/** The prompt after the planned slot on `date` (plan.ts), or undefined when the slot ends before `after`. */
function slotPrompt(pilot: SessionPlan, date: string, after?: Date): PlannedReminder | undefined {
  const end = new Date(atLocal(date, pilot.plan.startTime).getTime() + sessionHoursMs(pilot));
  if (after && end < after) return undefined;
  const kind: ReminderKind = pilot.kind === 'kelaConsultation' ? 'consultation' : 'session';
  return { kind, slotDate: date, dueAt: toWorkingTime(end), key: `${kind}|${date}` };
}

/**
 * The Wednesday Kela consultation's prompt comes at the team's chosen weekday and time (the
 * consultation pilot's plan); a consultation planned without one is prompted on Wednesdays at 10:00.
 */
export const CONSULTATION_DEFAULT = { weekday: 3, promptTime: '10:00' } as const;

function withConsultationDefault(pilot: SessionPlan): SessionPlan {
  if (pilot.kind !== 'kelaConsultation' || hasSlots(pilot)) return pilot;
  const { frequency: _weekly, ...plan } = pilot.plan;
  return {
    ...pilot,
    plan: {
      ...plan,
      weekdays: [CONSULTATION_DEFAULT.weekday],
      startTime: CONSULTATION_DEFAULT.promptTime,
      hoursPerSession: 0,
    },
  };
}

function firstSlotFrom(pilot: SessionPlan, from: string, after?: Date): PlannedReminder | undefined {
  if (!hasSlots(pilot)) return undefined;
  // The same slots as the planned count (measures.ts plannedSessions): plan.ts plannedSlotDates.
  for (const d of plannedSlotDates(pilot.plan, pilot.startDate, pilot.endDate, from)) {
    const r = slotPrompt(pilot, d, after);
    if (r) return r;
  }
  return undefined;
}

/**
 * The prompt after the next planned session slot whose end (startTime + hoursPerSession, on a day the plan's
 * frequency names between the pilot's start and end dates inclusive: plan.ts plannedSlotDates) is at or
 * after `after`. Slots on a holiday (isHoliday: public holidays, Midsummer Eve, Christmas Eve) are not
 * planned and get no prompt; a slot at a weekend that the plan names is prompted for on the next working
 * morning. dueAt is the slot's end moved into working time. kind 'consultation' for a kelaConsultation
 * pilot. undefined when no slot is left or the plan names no days or has no start time.
 */
export function nextSessionPrompt(plan: SessionPlan, after: Date): PlannedReminder | undefined {
  const pilot = withConsultationDefault(plan);
  const spanDays = Math.ceil(sessionHoursMs(pilot) / (24 * HOUR));
  return firstSlotFrom(pilot, addDays(localDate(after), -1 - spanDays), after);
}

/**
 * The prompt for the slot after `previous`'s (by slot date), whatever the time now. Chain prompts with this
 * rather than with nextSessionPrompt(pilot, now): a Friday evening and a Saturday slot are both prompted on
 * Monday morning, and asking at Monday 08:00 for slots ending after it would miss the Saturday one.
 */
export function followingSessionPrompt(plan: SessionPlan, previous: PlannedReminder): PlannedReminder | undefined {
  const pilot = withConsultationDefault(plan);
  if (!previous.slotDate) return undefined;
  return firstSlotFrom(pilot, addDays(previous.slotDate, 1));
}

/**
 * A snoozed copy: due `days` days from `now` (same Helsinki time of day), moved into working time, keyed
 * `snooze|<original key>|<now as ISO>`. Snoozing a snoozed reminder keeps the original key inside, not a
 * growing chain.
 */
export function snoozed(r: PlannedReminder, days: 1 | 7, now: Date): PlannedReminder {
  const original = r.key.startsWith('snooze|') ? r.key.slice('snooze|'.length, r.key.lastIndexOf('|')) : r.key;
  const due = DateTime.fromJSDate(now, { zone: TIME_ZONE }).plus({ days }).toJSDate();
  return { ...r, dueAt: toWorkingTime(due), key: `snooze|${original}|${now.toISOString()}` };
}

// ---- Whether a reminder is still wanted ------------------------------------------------------

/** The owners' switches for a pilot's reminders (kept in the reminder schedule's store). */
export interface ReminderSettings {
  /** Prompts after planned sessions (and consultations) until the end evaluation; phase reminders cannot be turned off. */
  sessionPrompts: boolean;
  /** Prompts after the end evaluation: off unless the owners of a pilot that continues turn them on. */
  promptsAfterEnd?: boolean;
}

/** What the rule looks at: where the pilot stands and what its owners chose. */
export interface ReminderState {
  pilot: Pick<Pilot, 'stage' | 'decision'>;
  settings: ReminderSettings;
}

/** Why a reminder is no longer wanted: its phase is saved, the prompts are off, or the pilot has ended. */
export type NotWanted = 'phaseSaved' | 'promptsOff' | 'pilotEnded';

/** True for the end decisions under which the activity goes on. */
export function continues(decision: Decision | undefined): boolean {
  return decision === 'continueAsIs' || decision === 'continueChanged';
}

/** Whether the owners may turn session prompts on: always before the end, after it only when the pilot continues. */
export function promptsSwitchable(pilot: Pick<Pilot, 'stage' | 'decision'>): boolean {
  return pilot.stage !== 'end' || continues(pilot.decision);
}

/**
 * Whether prompts after planned sessions go out: before the end evaluation unless the owners turned
 * them off; after it only when the decision is to continue and the owners turned them on again.
 */
export function sessionPromptsOn(s: ReminderState): boolean {
  if (s.pilot.stage === 'end') return continues(s.pilot.decision) && s.settings.promptsAfterEnd === true;
  return s.settings.sessionPrompts;
}

/**
 * The one rule for whether a reminder on the schedule is still wanted (the sweep before sending, the
 * schedule after a phase is saved, the reminders view before listing): undefined when it is, else why not.
 * A phase reminder goes until that phase (or a later one) is saved; a session or consultation prompt
 * while sessionPromptsOn.
 */
export function whyNotWanted(r: Pick<PlannedReminder, 'kind' | 'phase'>, s: ReminderState): NotWanted | undefined {
  if (r.kind === 'phase') {
    return stageRank(s.pilot.stage) >= stageRank(r.phase ?? 'planned') ? 'phaseSaved' : undefined;
  }
  if (r.kind === 'warning') return s.pilot.stage === 'end' ? 'pilotEnded' : undefined;
  if (sessionPromptsOn(s)) return undefined;
  return s.pilot.stage === 'end' ? 'pilotEnded' : 'promptsOff';
}

/** The morning after a slot, in working time: when a slot left empty counts (warning.ts emptySlotsInRow). */
export function warningCheckAfter(slotDate: string): Date {
  return toWorkingTime(atLocal(addDays(slotDate, 1), REMINDER_TIME));
}

/** The early-warning check, due at `dueAt` (now, or the morning after a slot): one key a pilot, so that several triggers make one check. */
export function warningCheck(dueAt: Date): PlannedReminder {
  return { kind: 'warning', key: 'warning', dueAt };
}

/**
 * The check a session below target asks for: due at once, timed at the start of its hour, so that
 * the sessions of one hour ask for the same check (one row on the schedule, storage/reminders.ts
 * schedule) rather than one each.
 */
export function warningCheckNow(now: Date): PlannedReminder {
  const hour = 60 * 60 * 1000;
  return warningCheck(new Date(Math.floor(now.getTime() / hour) * hour));
}

// ---- Retries ---------------------------------------------------------------------------------

/** After a reminder could not be built or sent: tried again after 5 min, 30 min and 2 h, then given up. */
export const RETRY_DELAYS_MINUTES: readonly number[] = [5, 30, 120];
/** Tries in all, the first included. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MINUTES.length + 1;

/**
 * When to try again after the `attempts`-th try failed at `now` (the delay, moved into working time);
 * undefined once the last try has failed: give up.
 */
export function retryTime(attempts: number, now: Date): Date | undefined {
  const minutes = RETRY_DELAYS_MINUTES[Math.max(1, attempts) - 1];
  if (minutes === undefined) return undefined;
  return toWorkingTime(new Date(now.getTime() + minutes * 60_000));
}
