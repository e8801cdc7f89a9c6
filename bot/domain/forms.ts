/**
 * Reading what a person typed into a card: the new pilot's details and the answers of a phase.
 * Every problem is reported at once, each with the field it belongs to, so the card can come
 * back with the message beside the field and everything typed still in it.
 */
import { type Answers, MAX_ANSWER_LENGTH, QUESTIONS_BY_PHASE, type QuestionKey } from './phases';
import {
  type Decision,
  DECISIONS,
  type Partner,
  PARTNERS,
  type Phase,
  PHASES,
  type Pilot,
  type PilotKind,
  PILOT_KINDS,
  type PilotStage,
  stageRank,
  type Weekday,
} from './pilots';
import {
  type FieldError,
  HOURS,
  inputText,
  isCalendarDate,
  MAX_NAME_LENGTH,
  MAX_SHORT_TEXT,
  PLANNED_SESSIONS,
  readHours,
} from './cardInput';
import { containsIdentityCode } from './privacy';

export type FormErrorCode =
  | 'required'
  | 'tooLong'
  | 'identityCode'
  | 'unknownChoice'
  | 'dateFormat'
  | 'datesOrder'
  | 'timeFormat'
  | 'hoursRange'
  | 'hoursStep'
  | 'wholeNumber'
  | 'notInTeam';

export type FormError = FieldError<FormErrorCode>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FormError[] };

/** The card input id of a question's answer. */
export const answerField = (key: QuestionKey): string => `q_${key}`;

/** Questions a phase cannot be saved without; the rest may stay empty (e.g. "if not, what?"). */
export const REQUIRED_QUESTIONS: Record<Phase, readonly QuestionKey[]> = {
  start: ['targetGroup', 'problem', 'activity'],
  midpoint: ['targetGroupReached', 'overallAssessment'],
  end: ['targetGroupReached', 'overallAssessment', 'future', 'takeaways'],
};

/** A card input's value as text: Teams sends strings, some clients numbers; absent is empty. */
export function textOf(input: Record<string, unknown>, field: string): string {
  return inputText(input, field) ?? '';
}

/** Free text: length and identity codes. Returns the error, if any. */
export function checkText(field: string, value: string, max: number): FormError | undefined {
  if (value.length > max) return { field, code: 'tooLong', params: { max, length: value.length } };
  if (containsIdentityCode(value)) return { field, code: 'identityCode' };
  return undefined;
}

/** A real calendar date "YYYY-MM-DD" (Input.Date's format), or undefined. */
export function parseIsoDate(s: string): string | undefined {
  return isCalendarDate(s) ? s : undefined;
}

/** Hours of one session: 0.25–12 in quarter hours; a decimal comma is accepted. */
export function parseHours(field: string, raw: string): { value?: number; error?: FormError } {
  const r = readHours(raw);
  if ('value' in r) return { value: r.value };
  const params = r.problem === 'hoursRange' ? { min: HOURS.min, max: HOURS.max } : undefined;
  return { error: params ? { field, code: r.problem, params } : { field, code: r.problem } };
}

/** A multi-select ChoiceSet's value: "a,b,c". */
export function parseList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function pickList<T extends string>(field: string, raw: string, allowed: readonly T[], errors: FormError[]): T[] {
  const values = [...new Set(parseList(raw))];
  const unknown = values.filter((v) => !(allowed as readonly string[]).includes(v));
  if (unknown.length) errors.push({ field, code: 'unknownChoice' });
  return values.filter((v): v is T => (allowed as readonly string[]).includes(v));
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Sensible dates for a new pilot: it starts today, is evaluated midway after six weeks and ends after twelve. */
export function defaultDates(today: string): { startDate: string; midpointDate: string; endDate: string } {
  return { startDate: today, midpointDate: addDays(today, 42), endDate: addDays(today, 84) };
}

/** What the new-pilot card gives; `owners` are the co-owners chosen besides the creator. */
export type PilotDetails = Pick<
  Pilot,
  'name' | 'municipality' | 'kind' | 'plan' | 'startDate' | 'midpointDate' | 'endDate' | 'owners'
>;

/** The input ids of the new-pilot card, in the order the card shows them. */
export const DETAIL_FIELDS = [
  'name',
  'municipality',
  'kind',
  'weekdays',
  'startTime',
  'hoursPerSession',
  'place',
  'partners',
  'plannedSessions',
  'startDate',
  'midpointDate',
  'endDate',
  'owners',
] as const;

/** Reads the new pilot's details. Owners are checked against the team by the caller. */
export function parsePilotDetails(input: Record<string, unknown>): Parsed<PilotDetails> {
  const errors: FormError[] = [];
  const text = (f: string) => textOf(input, f);
  const requiredText = (f: string, max: number): string => {
    const v = text(f);
    if (!v) errors.push({ field: f, code: 'required' });
    else {
      const e = checkText(f, v, max);
      if (e) errors.push(e);
    }
    return v;
  };
  const name = requiredText('name', MAX_NAME_LENGTH);
  const municipality = requiredText('municipality', MAX_SHORT_TEXT);

  const kindRaw = text('kind');
  if (!kindRaw) errors.push({ field: 'kind', code: 'required' });
  else if (!(PILOT_KINDS as readonly string[]).includes(kindRaw)) errors.push({ field: 'kind', code: 'unknownChoice' });

  const weekdays = pickList('weekdays', text('weekdays'), ['1', '2', '3', '4', '5', '6', '7'] as const, errors)
    .map(Number)
    .sort() as Weekday[];

  const startTime = text('startTime');
  if (startTime && !/^([01]\d|2[0-3]):[0-5]\d$/.test(startTime))
    errors.push({ field: 'startTime', code: 'timeFormat' });

  const hours = parseHours('hoursPerSession', text('hoursPerSession'));
  if (hours.error) errors.push(hours.error);

  const place = text('place');
  const placeError = checkText('place', place, MAX_SHORT_TEXT);
  if (placeError) errors.push(placeError);

  const partners = pickList<Partner>('partners', text('partners'), PARTNERS, errors);

  const plannedRaw = text('plannedSessions');
  let plannedSessions: number | undefined;
  if (plannedRaw) {
    const n = Number(plannedRaw);
    if (!Number.isInteger(n) || n < PLANNED_SESSIONS.min || n > PLANNED_SESSIONS.max)
      errors.push({ field: 'plannedSessions', code: 'wholeNumber', params: { ...PLANNED_SESSIONS } });
    else plannedSessions = n;
  }

  const dates: Record<'startDate' | 'midpointDate' | 'endDate', string | undefined> = {
    startDate: undefined,
    midpointDate: undefined,
    endDate: undefined,
  };
  for (const f of ['startDate', 'midpointDate', 'endDate'] as const) {
    const raw = text(f);
    if (!raw) errors.push({ field: f, code: 'required' });
    else if (!(dates[f] = parseIsoDate(raw))) errors.push({ field: f, code: 'dateFormat' });
  }
  const { startDate, midpointDate, endDate } = dates;
  if (startDate && midpointDate && midpointDate < startDate)
    errors.push({ field: 'midpointDate', code: 'datesOrder', params: { after: 'startDate' } });
  if (midpointDate && endDate && endDate < midpointDate)
    errors.push({ field: 'endDate', code: 'datesOrder', params: { after: 'midpointDate' } });
  else if (startDate && endDate && endDate < startDate)
    errors.push({ field: 'endDate', code: 'datesOrder', params: { after: 'startDate' } });

  const owners = parseList(text('owners'));

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name,
      municipality,
      kind: kindRaw as PilotKind,
      plan: {
        weekdays,
        startTime,
        hoursPerSession: hours.value as number,
        place,
        partners,
        ...(plannedSessions ? { plannedSessions } : {}),
      },
      startDate: startDate as string,
      midpointDate: midpointDate as string,
      endDate: endDate as string,
      owners,
    },
  };
}

/** Reads a phase form's answers (and the end phase's decision). Empty answers are left out. */
export function parseAnswers(
  phase: Phase,
  input: Record<string, unknown>,
): Parsed<{ answers: Answers; decision?: Decision }> {
  const errors: FormError[] = [];
  const answers: Answers = {};
  for (const key of QUESTIONS_BY_PHASE[phase]) {
    const field = answerField(key);
    const v = textOf(input, field);
    if (!v) {
      if (REQUIRED_QUESTIONS[phase].includes(key)) errors.push({ field, code: 'required' });
      continue;
    }
    const e = checkText(field, v, MAX_ANSWER_LENGTH);
    if (e) errors.push(e);
    else answers[key] = v;
  }
  let decision: Decision | undefined;
  if (phase === 'end') {
    const raw = textOf(input, 'decision');
    if (!raw) errors.push({ field: 'decision', code: 'required' });
    else if (!(DECISIONS as readonly string[]).includes(raw)) errors.push({ field: 'decision', code: 'unknownChoice' });
    else decision = raw as Decision;
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: decision ? { answers, decision } : { answers } };
}

/** The phase that comes after a stage, if any. */
export function nextPhase(stage: PilotStage): Phase | undefined {
  // PHASES is STAGES without 'planned': a stage's rank is the index of the phase after it.
  return PHASES[stageRank(stage)];
}
