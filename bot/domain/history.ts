/**
 * The append-only history of a pilot: who changed what, and when. Plain data only.
 */
import type { PilotChange } from './pilotEdit';
import type { Answers } from './phases';
import type { Decision, Phase } from './pilots';
import type { Session } from './sessions';
import type { PilotWarning } from './warning';

export type HistoryWhat =
  | 'pilotCreated'
  | 'phaseSaved'
  | 'sessionEdited'
  | 'sessionDeleted'
  | 'pilotEdited'
  /** An early warning went to the owners (warning.ts). */
  | 'warningSent'
  /** The owners said what they will try after a warning. */
  | 'warningAnswered';

export interface HistoryEntry {
  /** ISO timestamp of the change. */
  at: string;
  /** Entra object id of whoever made it. */
  by: string;
  what: HistoryWhat;
  /** pilotCreated (always 'start') and phaseSaved. */
  phase?: Phase;
  /** Question keys whose answer changed (pilotCreated: every answered question). */
  changed?: string[];
  /** The new text of each changed question; '' when an answer was cleared. */
  answers?: Answers;
  /** The end phase's decision, when it changed. */
  decision?: Decision;
  /** sessionEdited and sessionDeleted. */
  sessionId?: string;
  before?: Session;
  /** sessionEdited only. */
  after?: Session;
  /** pilotEdited: each field changed, from → to. */
  edits?: PilotChange[];
  /** warningSent and warningAnswered: the warning (with its answer once given). */
  warning?: PilotWarning;
}
