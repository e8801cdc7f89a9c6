/**
 * The Vasso PRO SOS three-phase evaluation tool: the same questions for every pilot.
 * Keys are the product's own; the question texts live in the locale files (bot/i18n).
 */
import type { PhaseFigure } from './measures';
import type { Decision, Phase } from './pilots';

export const START_QUESTIONS = [
  'targetGroup',
  'problem',
  'activity',
  'resources',
  'expectationsPositive',
  'expectationsNegative',
  'evaluationMethod',
] as const;

export const MIDPOINT_QUESTIONS = [
  'targetGroupReached',
  'reachedInstead',
  'overallAssessment',
  'additionalNeeds',
  'successesAndFailures',
  'changes',
] as const;

export const END_QUESTIONS = [...MIDPOINT_QUESTIONS, 'future', 'takeaways'] as const;

export type StartQuestion = (typeof START_QUESTIONS)[number];
export type MidpointQuestion = (typeof MIDPOINT_QUESTIONS)[number];
export type EndQuestion = (typeof END_QUESTIONS)[number];
export type QuestionKey = StartQuestion | EndQuestion;

export const QUESTIONS_BY_PHASE: Record<Phase, readonly QuestionKey[]> = {
  start: START_QUESTIONS,
  midpoint: MIDPOINT_QUESTIONS,
  end: END_QUESTIONS,
};

/** Longest free-text answer accepted for one question. */
export const MAX_ANSWER_LENGTH = 4000;

export type Answers = Partial<Record<QuestionKey, string>>;

/** The end decision's reason (free text), its date, and the successor pilot of a changed continuation. */
export interface DecisionDetail {
  reason?: string;
  /** ISO date the decision was made. */
  date: string;
  /** Another pilot of the same team that carries the activity on (decision 'continueChanged' only). */
  successorId?: string;
}

export interface Evaluation {
  pilotId: string;
  phase: Phase;
  answers: Answers;
  /** Only in the end phase. */
  decision?: Decision;
  /**
   * What the phase had behind it when it was saved (midpoint and end): its sessions, hours and
   * counts up to the phase's date. The phase heads with it from then on (measures.ts).
   */
  realised?: PhaseFigure;
  /** End phase: why, when, and for "continue changed" the pilot that carries it on. */
  decisionDetail?: DecisionDetail;
  updatedBy: string;
  updatedAt: string;
}
