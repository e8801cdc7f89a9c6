/**
 * Pilots (kokeilut): what a development group tries, where, when and by whom.
 * Plain data and rules only; no Teams, no HTTP, no storage SDK.
 */
import type { PlanEra } from './pilotEdit';
import type { PlanFrequency } from './plan';

import type { Target } from './targets';
import type { PilotWarning } from './warning';

export const PILOT_KINDS = [
  'dropIn',
  'appointment',
  'phoneAdvisory',
  'popUp',
  'groupOutreach',
  'kelaConsultation',
] as const;
export type PilotKind = (typeof PILOT_KINDS)[number];

export const PARTNERS = [
  'parish',
  'kela',
  'library',
  'healthCentre',
  'housingCompany',
  'thirdSector',
  'school',
  'other',
] as const;
export type Partner = (typeof PARTNERS)[number];

/** ISO weekday numbers, Monday = 1 … Sunday = 7. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const PHASES = ['start', 'midpoint', 'end'] as const;
export type Phase = (typeof PHASES)[number];

/** Where a pilot stands: the last phase whose evaluation has been saved, or none yet. In order. */
export const STAGES = ['planned', ...PHASES] as const;
export type PilotStage = (typeof STAGES)[number];

/** A stage's place in STAGES: planned 0 … end 3. */
export function stageRank(stage: PilotStage): number {
  return STAGES.indexOf(stage);
}

/** True when stage `a` comes after stage `b`. */
export function isAfter(a: PilotStage, b: PilotStage): boolean {
  return stageRank(a) > stageRank(b);
}

export const DECISIONS = ['continueAsIs', 'continueChanged', 'stop'] as const;
export type Decision = (typeof DECISIONS)[number];

export interface PilotPlan {
  weekdays: Weekday[];
  /** Local time of day in Europe/Helsinki, "HH:MM". */
  startTime: string;
  hoursPerSession: number;
  place: string;
  partners: Partner[];
  /** How many sessions the plan foresees over the whole pilot, when known. */
  plannedSessions?: number;
  /** How often the slots come (plan.ts); absent: weekly on `weekdays`. */
  frequency?: PlanFrequency;
}

/** Identifies a team within a tenant: the unit that sees and owns pilots. */
export interface TeamRef {
  tenantId: string;
  teamId: string;
}

export interface Pilot {
  id: string;
  team: TeamRef;
  name: string;
  municipality: string;
  kind: PilotKind;
  plan: PilotPlan;
  /** ISO dates, YYYY-MM-DD. */
  startDate: string;
  midpointDate: string;
  endDate: string;
  /** Entra object ids of the owners: who may edit the pilot's phases and sessions. */
  owners: string[];
  /** Display names of the owners (staff, never clients), for cards; keyed by Entra object id. */
  ownerNames?: Record<string, string>;
  stage: PilotStage;
  decision?: Decision;
  createdBy: string;
  createdAt: string;
  /** What the figures were before the pilot, in the team's words ("0–6 puhelua päivässä"), when known. */
  baseline?: string;
  /** Place and partners before each change of them (pilotEdit.ts): what earlier sessions had. */
  planEras?: PlanEra[];
  /** Measurable targets on the kind's measures (targets.ts), set at the start and editable. */
  targets?: Target[];
  /** The last early warning the owners were sent (warning.ts), and what they said they will try. */
  warning?: PilotWarning;
}

/** True when a, b, c are ISO dates in order a ≤ b ≤ c. */
export function datesInOrder(a: string, b: string, c: string): boolean {
  return a <= b && b <= c;
}

/** True when a typed name confirms the pilot's: case, surrounding and repeated spaces aside. */
export function confirmsName(typed: string, name: string): boolean {
  const norm = (x: string) => x.trim().replace(/\s+/g, ' ').toLocaleLowerCase('fi');
  return norm(typed) === norm(name);
}
