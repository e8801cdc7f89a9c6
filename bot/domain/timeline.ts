/**
 * Where each phase of a pilot stands on its timeline (start → midpoint → end) on a given day:
 * done once the pilot's stage has reached the phase; otherwise due from three days before the
 * phase's date up to the date, overdue after it, upcoming before. Days are Finnish calendar days
 * (take today from calendar.ts localDate).
 */
import { addDays } from './calendar';
import { type Phase, PHASES, type Pilot, type PilotStage, stageRank } from './pilots';
import { PHASE_REMINDER_DAYS_BEFORE } from './reminders';

export type PhaseState = 'done' | 'due' | 'overdue' | 'upcoming';

/** A phase is due this many days before its date: the day its first reminder goes out. */
export const DUE_DAYS_BEFORE = PHASE_REMINDER_DAYS_BEFORE;

/** The date each phase belongs to. */
export function phaseDate(pilot: Pick<Pilot, 'startDate' | 'midpointDate' | 'endDate'>, phase: Phase): string {
  return phase === 'start' ? pilot.startDate : phase === 'midpoint' ? pilot.midpointDate : pilot.endDate;
}

/** One phase's state: `date` and `today` are ISO dates "YYYY-MM-DD". */
export function phaseState(stage: PilotStage, phase: Phase, date: string, today: string): PhaseState {
  if (stageRank(stage) >= stageRank(phase)) return 'done';
  if (today > date) return 'overdue';
  if (today >= addDays(date, -DUE_DAYS_BEFORE)) return 'due';
  return 'upcoming';
}

/** The three phases' states on `today`. */
export function timeline(
  pilot: Pick<Pilot, 'stage' | 'startDate' | 'midpointDate' | 'endDate'>,
  today: string,
): Record<Phase, PhaseState> {
  const out = {} as Record<Phase, PhaseState>;
  for (const phase of PHASES) out[phase] = phaseState(pilot.stage, phase, phaseDate(pilot, phase), today);
  return out;
}
