/**
 * How the three phases' questions line up side by side: the start's expectations beside the
 * midpoint's and the end's findings. Every question of every phase appears in exactly one row.
 */
import type { SessionView } from '../../bot/api/contract';
import type { QuestionKey } from '../../bot/domain/phases';
import type { Phase } from '../../bot/domain/pilots';
import { format, type Formats } from './formats';
import { realisedByPhase, sameVolume, type Volume } from '../../bot/domain/measures';
import { type PhaseDates, phaseDate } from './model';

export interface PhaseRow {
  topic: 'targetGroup' | 'aim' | 'resources' | 'expectations' | 'evaluation' | 'future';
  questions: Record<Phase, QuestionKey[]>;
}

const LATER = (keys: QuestionKey[]) => ({ midpoint: keys, end: keys });

export const PHASE_ROWS: PhaseRow[] = [
  { topic: 'targetGroup', questions: { start: ['targetGroup'], ...LATER(['targetGroupReached', 'reachedInstead']) } },
  { topic: 'aim', questions: { start: ['problem', 'activity'], ...LATER(['overallAssessment']) } },
  { topic: 'resources', questions: { start: ['resources'], ...LATER(['additionalNeeds']) } },
  {
    topic: 'expectations',
    questions: { start: ['expectationsPositive', 'expectationsNegative'], ...LATER(['successesAndFailures']) },
  },
  { topic: 'evaluation', questions: { start: ['evaluationMethod'], ...LATER(['changes']) } },
  { topic: 'future', questions: { start: [], midpoint: [], end: ['future', 'takeaways'] } },
];

/**
 * A phase's heading as in the seeds: "Aloitusvaihe", "Väliarviointivaihe (toteutunut 4 × 2
 * tuntia)": what the session log had realised by the phase's date (the domain's realisedByPhase).
 * Without the sessions (still loading) the phase's name alone.
 */
export function phaseHeading(
  f: Formats,
  pilot: PhaseDates,
  phase: Phase,
  sessions: readonly Pick<SessionView, 'date' | 'hours'>[] | null,
  /** What the saved phase kept (PhaseView.realised): it heads the phase; the current one follows when it differs. */
  kept?: Volume | null,
): string {
  const name = f.t.phases[phase];
  if (phase === 'start') return name;
  const held = sessions ? realisedByPhase(sessions, phaseDate(pilot, phase)) : undefined;
  if (kept && held && !sameVolume(kept, held)) {
    return format(f.t.phaseHeadingNow, { phase: name, realised: f.realised(kept), now: f.realised(held, true) });
  }
  const shown = kept ?? held;
  return shown ? format(f.t.phaseHeading, { phase: name, realised: f.realised(shown) }) : name;
}
