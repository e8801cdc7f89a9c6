/**
 * The rows of a pilot's partition as Table Storage columns, and back: the pilot row, the totals
 * row, evaluations, sessions and history. The team's index row is the pilot and totals columns
 * side by side, so the index (teamIndex.ts) and the pilot's partition write them through the same
 * functions (the index's totals are the copy `totalsFields` cuts); the bench writes rows through
 * them too.
 *
 * Free-text answers are one column each (`a_<key>`), never one JSON column: a string column holds
 * at most 32K characters.
 */
import type { PhaseFigure } from '../domain/measures';
import type { TableEntity } from '@azure/data-tables';
import type { HistoryEntry } from '../domain/history';
import {
  type Answers,
  END_QUESTIONS,
  type Evaluation,
  type QuestionKey,
  QUESTIONS_BY_PHASE,
  START_QUESTIONS,
} from '../domain/phases';
import type { Decision, Phase, Pilot } from '../domain/pilots';
import type { Session } from '../domain/sessions';
import { emptyTotals, indexTotals, type Totals } from '../domain/totals';
import { ROW } from './keys';
import type { Row } from './tables';

export type Entity = TableEntity<Record<string, unknown>>;

export function pilotFields(p: Pilot, stageVersion: number) {
  return {
    tenantId: p.team.tenantId,
    teamId: p.team.teamId,
    name: p.name,
    municipality: p.municipality,
    kind: p.kind,
    plan: JSON.stringify(p.plan),
    startDate: p.startDate,
    midpointDate: p.midpointDate,
    endDate: p.endDate,
    owners: JSON.stringify(p.owners),
    ownerNames: p.ownerNames ? JSON.stringify(p.ownerNames) : '',
    planEras: p.planEras?.length ? JSON.stringify(p.planEras) : '',
    baseline: p.baseline ?? '',
    targets: p.targets?.length ? JSON.stringify(p.targets) : '',
    warning: p.warning ? JSON.stringify(p.warning) : '',
    stage: p.stage,
    decision: p.decision ?? '',
    stageVersion,
    createdBy: p.createdBy,
    createdAt: p.createdAt,
  };
}

export function pilotFrom(id: string, r: Row): Pilot {
  const pilot: Pilot = {
    id,
    team: { tenantId: r.tenantId as string, teamId: r.teamId as string },
    name: r.name as string,
    municipality: r.municipality as string,
    kind: r.kind as Pilot['kind'],
    plan: JSON.parse(r.plan as string) as Pilot['plan'],
    startDate: r.startDate as string,
    midpointDate: r.midpointDate as string,
    endDate: r.endDate as string,
    owners: JSON.parse(r.owners as string) as string[],
    stage: r.stage as Pilot['stage'],
    decision: (r.decision as Pilot['decision']) || undefined,
    createdBy: r.createdBy as string,
    createdAt: r.createdAt as string,
  };
  if (typeof r.ownerNames === 'string' && r.ownerNames) {
    pilot.ownerNames = JSON.parse(r.ownerNames) as Record<string, string>;
  }
  if (typeof r.planEras === 'string' && r.planEras) pilot.planEras = JSON.parse(r.planEras) as Pilot['planEras'];
  if (typeof r.baseline === 'string' && r.baseline) pilot.baseline = r.baseline;
  if (typeof r.targets === 'string' && r.targets) pilot.targets = JSON.parse(r.targets) as Pilot['targets'];
  if (typeof r.warning === 'string' && r.warning) pilot.warning = JSON.parse(r.warning) as Pilot['warning'];
  return pilot;
}

/**
 * A string column holds at most 32K UTF-16 characters, and a long pilot's weekly totals outgrow
 * that (a phone line logged every weekday passes it in about three years). The JSON is split
 * over `totals`, `totals1`, `totals2`…; `totalsChunks` says how many to read, so columns left
 * over from a longer earlier version are ignored.
 */
const TOTALS_CHUNK = 30000;

function totalsColumns(t: Totals, version: number): Record<string, string | number> {
  const json = JSON.stringify(t);
  const out: Record<string, string | number> = { totalsVersion: version };
  let chunks = 0;
  for (let i = 0; i === 0 || i < json.length; i += TOTALS_CHUNK) {
    out[chunks === 0 ? 'totals' : `totals${chunks}`] = json.slice(i, i + TOTALS_CHUNK);
    chunks++;
  }
  out.totalsChunks = chunks;
  return out;
}

/**
 * The totals columns of a pilot's team index row: the copy domain/totals.ts indexTotals keeps
 * (every whole-pilot figure, and only the weeks the overview's trend and the digest read), given
 * the pilot's own totals. `weeksFrom` (the first week kept) is a column too, so a row written
 * before the copy was cut is found by its absence without reading the totals.
 */
export function totalsFields(t: Totals, version: number): Record<string, string | number> {
  const copy = indexTotals(t);
  return { ...totalsColumns(copy, version), weeksFrom: copy.weeksFrom ?? '' };
}

/** The totals row of a pilot's partition (every week in full); `teamKey` names the partition of its index row. */
export function totalsEntity(pilotId: string, teamKey: string, t: Totals, version: number): Entity {
  return { partitionKey: pilotId, rowKey: ROW.totals, teamKey, ...totalsColumns(t, version) };
}

export function totalsFrom(r: Record<string, unknown> | undefined): Totals {
  if (!r?.totals) return emptyTotals();
  const chunks = Number(r.totalsChunks ?? 1);
  let json = r.totals as string;
  for (let i = 1; i < chunks; i++) json += r[`totals${i}`] as string;
  return JSON.parse(json) as Totals;
}

/**
 * The totals of a team index row, as indexTotals cuts them: a row written before the copy was
 * cut holds every week, and reads as the cut copy it gets when next written.
 */
export function indexTotalsFrom(r: Record<string, unknown> | undefined): Totals {
  return indexTotals(totalsFrom(r));
}

// ---- Answers ---------------------------------------------------------------------------------

/** Table Storage's limit for one string column, in UTF-16 code units (64 KiB). */
const MAX_STRING_COLUMN = 32 * 1024;

const ALL_QUESTIONS: ReadonlySet<string> = new Set<string>([...START_QUESTIONS, ...END_QUESTIONS]);
const ANSWER_PREFIX = 'a_';
const answerColumn = (key: string): string => `${ANSWER_PREFIX}${key}`;

/** Refuses answers the phase does not ask, and text a string column cannot hold. */
export function checkAnswers(phase: Phase, answers: Answers): void {
  const allowed = QUESTIONS_BY_PHASE[phase];
  for (const [key, value] of Object.entries(answers)) {
    if (!allowed.includes(key as QuestionKey)) throw new RangeError(`question ${key} is not asked in phase ${phase}`);
    if (value !== undefined && typeof value !== 'string') throw new TypeError(`answer ${key} is not text`);
    if (value !== undefined && value.length > MAX_STRING_COLUMN) throw new RangeError(`answer ${key} is too long`);
  }
}

/** Only the answered questions, as columns. An empty answer is no answer. */
function answerColumns(answers: Answers, keys: readonly string[] = Object.keys(answers)): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const v = answers[key as QuestionKey];
    if (v) out[answerColumn(key)] = v;
  }
  return out;
}

function answersFrom(r: Row): Answers {
  const out: Answers = {};
  // Rows written before answers had their own columns kept them in one JSON column.
  if (typeof r.answers === 'string' && r.answers) Object.assign(out, JSON.parse(r.answers) as Answers);
  for (const [col, v] of Object.entries(r)) {
    if (!col.startsWith(ANSWER_PREFIX) || typeof v !== 'string') continue;
    const key = col.slice(ANSWER_PREFIX.length);
    if (ALL_QUESTIONS.has(key)) out[key as QuestionKey] = v;
  }
  return out;
}

// ---- Evaluations -----------------------------------------------------------------------------

export function evaluationEntity(e: Evaluation): Entity {
  return {
    partitionKey: e.pilotId,
    rowKey: ROW.evaluation(e.phase),
    ...answerColumns(e.answers),
    decision: e.decision ?? '',
    realised: e.realised ? JSON.stringify(e.realised) : '',
    decisionDetail: e.decisionDetail ? JSON.stringify(e.decisionDetail) : '',
    updatedBy: e.updatedBy,
    updatedAt: e.updatedAt,
  };
}

export function evaluationFrom(pilotId: string, phase: Phase, r: Row): Evaluation {
  const e: Evaluation = {
    pilotId,
    phase,
    answers: answersFrom(r),
    updatedBy: r.updatedBy as string,
    updatedAt: r.updatedAt as string,
  };
  if (r.decision) e.decision = r.decision as Decision;
  if (typeof r.realised === 'string' && r.realised) e.realised = JSON.parse(r.realised) as PhaseFigure;
  if (typeof r.decisionDetail === 'string' && r.decisionDetail)
    e.decisionDetail = JSON.parse(r.decisionDetail) as Evaluation['decisionDetail'];
  return e;
}

// ---- Sessions --------------------------------------------------------------------------------

export function sessionEntity(s: Session): Entity {
  const details: { partnersPresent?: Session['partnersPresent']; tags?: Session['tags'] } = {};
  if (s.partnersPresent) details.partnersPresent = s.partnersPresent;
  if (s.tags) details.tags = s.tags;
  return {
    partitionKey: s.pilotId,
    rowKey: ROW.session(s.id),
    date: s.date,
    hours: s.hours,
    counts: JSON.stringify(s.counts),
    place: s.place ?? '',
    details: JSON.stringify(details),
    otherTopic: s.otherTopic ?? '',
    note: s.note ?? '',
    loggedBy: s.loggedBy,
    loggedAt: s.loggedAt,
  };
}

export function sessionFrom(pilotId: string, r: Row): Session {
  const s: Session = {
    id: r.rowKey.slice(ROW.sessionPrefix.length),
    pilotId,
    date: r.date as string,
    hours: r.hours as number,
    counts: JSON.parse(r.counts as string) as Session['counts'],
    loggedBy: r.loggedBy as string,
    loggedAt: r.loggedAt as string,
  };
  if (r.place) s.place = r.place as string;
  if (typeof r.details === 'string' && r.details) {
    const d = JSON.parse(r.details) as Pick<Session, 'partnersPresent' | 'tags'>;
    if (d.partnersPresent) s.partnersPresent = d.partnersPresent;
    if (d.tags) s.tags = d.tags;
  }
  if (r.otherTopic) s.otherTopic = r.otherTopic as string;
  if (r.note) s.note = r.note as string;
  return s;
}

/** The idempotency marker of a recorded session: what makes a redelivered submit a no-op. */
export function sessionMarkerEntity(pilotId: string, idempotencyKey: string, sessionId: string): Entity {
  return { partitionKey: pilotId, rowKey: ROW.idempotency(idempotencyKey), sessionId };
}

// ---- History ---------------------------------------------------------------------------------

/**
 * A history row, keyed by its time and the change's id. The answers written are those of the
 * changed questions that have text (a changed question without a column was cleared); `decision`
 * is written when the entry has the key, '' for a decision cleared.
 */
export function historyEntity(pilotId: string, id: string, h: HistoryEntry): Entity {
  return {
    partitionKey: pilotId,
    rowKey: ROW.history(h.at, id),
    at: h.at,
    by: h.by,
    what: h.what,
    ...(h.phase ? { phase: h.phase } : {}),
    ...(h.changed ? { changed: JSON.stringify(h.changed), ...answerColumns(h.answers ?? {}, h.changed) } : {}),
    ...('decision' in h ? { decision: h.decision ?? '' } : {}),
    ...(h.sessionId ? { sessionId: h.sessionId } : {}),
    ...(h.before ? { before: JSON.stringify(h.before) } : {}),
    ...(h.after ? { after: JSON.stringify(h.after) } : {}),
    ...(h.edits ? { edits: JSON.stringify(h.edits) } : {}),
    ...(h.warning ? { warning: JSON.stringify(h.warning) } : {}),
  };
}

export function historyFrom(r: Row): HistoryEntry {
  const h: HistoryEntry = { at: r.at as string, by: r.by as string, what: r.what as HistoryEntry['what'] };
  if (r.phase) h.phase = r.phase as Phase;
  if (typeof r.changed === 'string' && r.changed) {
    h.changed = JSON.parse(r.changed) as string[];
    const answers: Answers = {};
    // A changed answer without a column was cleared.
    for (const key of h.changed) answers[key as QuestionKey] = (r[answerColumn(key)] as string | undefined) ?? '';
    h.answers = answers;
  }
  if (r.decision) h.decision = r.decision as Decision;
  if (r.sessionId) h.sessionId = r.sessionId as string;
  if (typeof r.before === 'string' && r.before) h.before = JSON.parse(r.before) as Session;
  if (typeof r.after === 'string' && r.after) h.after = JSON.parse(r.after) as Session;
  if (typeof r.edits === 'string' && r.edits) h.edits = JSON.parse(r.edits) as HistoryEntry['edits'];
  if (typeof r.warning === 'string' && r.warning) h.warning = JSON.parse(r.warning) as HistoryEntry['warning'];
  return h;
}
