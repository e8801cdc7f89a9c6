/**
 * Reading what a person typed into a card: the new pilot's details and the answers of a phase.
 * Every problem is reported at once, each with the field it belongs to, so the card can come
 * back with the message beside the field and everything typed still in it.
 */
import { type Answers, type DecisionDetail, MAX_ANSWER_LENGTH, QUESTIONS_BY_PHASE, type QuestionKey } from './phases';
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
import {
  FREQUENCY_KINDS,
  type FrequencyKind,
  frequencyOf,
  MAX_DATES_TEXT,
  MAX_PLAN_DATES,
  MONTH_DAY,
  MONTH_WEEKS,
  WEEKDAY_FREQUENCIES,
  type MonthWeek,
  type PlanFrequency,
  plannedSlotDates,
} from './plan';
import { isHoliday } from './calendar';
import {
  KIND_MEASURES,
  MAX_TARGETS,
  MEASURE_RULES,
  type Target,
  TARGET_MEASURES,
  TARGET_OPS,
  TARGET_VALUE,
  type TargetMeasure,
  type TargetOp,
  TARGET_FIELDS,
  targetFields,
  type TargetField,
} from './targets';

export { targetFields };
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
  | 'notInTeam'
  /** New owners are chosen on the bot's card, where the team's roster is at hand (the tab keeps or removes them). */
  | 'ownersInBot'
  | 'planWeekdays'
  | 'planMonthWeek'
  | 'planMonthDay'
  | 'planDatesRequired'
  | 'planDateFormat'
  | 'planDateOutside'
  | 'planDateHoliday'
  | 'planDatesTooMany'
  | 'planNoSlots'
  /** A target needs both its measure and its value. */
  | 'targetIncomplete'
  /** The measure is not one of the pilot's kind (targets.ts KIND_MEASURES). */
  | 'targetNotForKind'
  /** A target's value: a number within {min}–{max} (a share in per cent, 0–100). */
  | 'targetValue'
  /** A successor pilot is for "continue changed" only. */
  | 'successorOnlyChanged';

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
  | 'name'
  | 'municipality'
  | 'kind'
  | 'plan'
  | 'startDate'
  | 'midpointDate'
  | 'endDate'
  | 'owners'
  | 'baseline'
  | 'targets'
>;

/** A share is typed in per cent ("50") and kept as a fraction (0.5); a rate as it is. */
const isShare = (m: TargetMeasure) => MEASURE_RULES[m].unit === 'share';

/**
 * The targets of the form (rows left empty are skipped): each needs a measure of the pilot's
 * kind (when the kind is known) and a value; a share in per cent, 0–100.
 */
export function parseTargets(input: Record<string, unknown>, kind: string | undefined, errors: FormError[]): Target[] {
  const targets: Target[] = [];
  for (let n = 1; n <= MAX_TARGETS; n++) {
    const f = targetFields(n);
    const measure = textOf(input, f.measure);
    const valueRaw = textOf(input, f.value);
    if (!measure && !valueRaw) continue;
    if (!measure || !valueRaw) {
      errors.push({ field: measure ? f.value : f.measure, code: 'targetIncomplete' });
      continue;
    }
    if (!(TARGET_MEASURES as readonly string[]).includes(measure)) {
      errors.push({ field: f.measure, code: 'unknownChoice' });
      continue;
    }
    const m = measure as TargetMeasure;
    if (kind && (PILOT_KINDS as readonly string[]).includes(kind) && !KIND_MEASURES[kind as PilotKind].includes(m)) {
      errors.push({ field: f.measure, code: 'targetNotForKind' });
      continue;
    }
    const opRaw = textOf(input, f.op) || 'atLeast';
    if (!(TARGET_OPS as readonly string[]).includes(opRaw)) {
      errors.push({ field: f.op, code: 'unknownChoice' });
      continue;
    }
    const max = isShare(m) ? 100 : TARGET_VALUE.max;
    const value = Number(valueRaw.replace(',', '.'));
    if (!/^\d+([.,]\d+)?$/.test(valueRaw) || !(value >= TARGET_VALUE.min && value <= max)) {
      errors.push({ field: f.value, code: 'targetValue', params: { min: TARGET_VALUE.min, max } });
      continue;
    }
    targets.push({ measure: m, op: opRaw as TargetOp, value: isShare(m) ? value / 100 : value });
  }
  return targets;
}

/** Targets as the form's inputs: a share back in per cent. */
export function targetInputsOf(targets: readonly Target[] | undefined): Record<TargetField, string> {
  const out = Object.fromEntries(TARGET_FIELDS.map((f) => [f, ''])) as Record<TargetField, string>;
  (targets ?? []).slice(0, MAX_TARGETS).forEach((t, i) => {
    const f = targetFields(i + 1);
    out[f.measure] = t.measure;
    out[f.op] = t.op;
    // Rounded so that 0.35 × 100 reads 35, not 35.00000000000001.
    out[f.value] = String(isShare(t.measure) ? Math.round(t.value * 10000) / 100 : t.value);
  });
  return out;
}

/** The input ids of the new-pilot card, in the order the card shows them. */
export const DETAIL_FIELDS = [
  'name',
  'municipality',
  'kind',
  'frequency',
  'weekdays',
  'monthWeek',
  'monthDay',
  'planDates',
  'startTime',
  'hoursPerSession',
  'place',
  'partners',
  'plannedSessions',
  'baseline',
  'target1',
  'target1Op',
  'target1Value',
  'target2',
  'target2Op',
  'target2Value',
  'target3',
  'target3Op',
  'target3Value',
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

  const baseline = text('baseline');
  const baselineError = checkText('baseline', baseline, MAX_SHORT_TEXT);
  if (baselineError) errors.push(baselineError);

  const frequency = parseFrequency(input, weekdays, startDate, endDate, errors);
  const targets = parseTargets(input, kindRaw, errors);

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name,
      municipality,
      kind: kindRaw as PilotKind,
      plan: {
        // Only the weekday frequencies read the weekdays: a monthly date or a list keeps none.
        weekdays: frequency && !WEEKDAY_FREQUENCIES.includes(frequency.kind) ? [] : weekdays,
        startTime,
        hoursPerSession: hours.value as number,
        place,
        partners,
        ...(plannedSessions ? { plannedSessions } : {}),
        ...(frequency ? { frequency } : {}),
      },
      startDate: startDate as string,
      midpointDate: midpointDate as string,
      endDate: endDate as string,
      owners,
      ...(baseline ? { baseline } : {}),
      ...(targets.length ? { targets } : {}),
    },
  };
}

/** "2027-02-01" or "1.2.2027" as an ISO date, or undefined. */
function readPlanDate(token: string): string | undefined {
  const fi = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(token);
  const iso = fi ? `${fi[3]}-${fi[2].padStart(2, '0')}-${fi[1].padStart(2, '0')}` : token;
  return parseIsoDate(iso);
}

/**
 * The plan's frequency from the card (plan.ts): undefined for weekly, as plans were stored before
 * frequencies. Each frequency's own fields are checked; the others are ignored. A plan other than
 * weekly must give at least one slot between the dates (checked once the dates are good).
 */
function parseFrequency(
  input: Record<string, unknown>,
  weekdays: readonly number[],
  startDate: string | undefined,
  endDate: string | undefined,
  errors: FormError[],
): PlanFrequency | undefined {
  const raw = textOf(input, 'frequency') || 'weekly';
  if (!(FREQUENCY_KINDS as readonly string[]).includes(raw)) {
    errors.push({ field: 'frequency', code: 'unknownChoice' });
    return undefined;
  }
  const kind = raw as FrequencyKind;
  const before = errors.length;
  let frequency: PlanFrequency | undefined;
  if (kind !== 'weekly' && WEEKDAY_FREQUENCIES.includes(kind) && !weekdays.length)
    errors.push({ field: 'weekdays', code: 'planWeekdays' });
  if (kind === 'everyOtherWeek') frequency = { kind };
  if (kind === 'monthlyWeekday') {
    const week = textOf(input, 'monthWeek');
    if (!week) errors.push({ field: 'monthWeek', code: 'planMonthWeek' });
    else if (!(MONTH_WEEKS as readonly string[]).includes(week))
      errors.push({ field: 'monthWeek', code: 'unknownChoice' });
    else frequency = { kind, week: week as MonthWeek };
  }
  if (kind === 'monthlyDay') {
    const day = Number(textOf(input, 'monthDay') || 'NaN');
    if (!Number.isInteger(day) || day < MONTH_DAY.min || day > MONTH_DAY.max)
      errors.push({ field: 'monthDay', code: 'planMonthDay', params: { ...MONTH_DAY } });
    else frequency = { kind, day };
  }
  if (kind === 'dates') frequency = parseDateList(textOf(input, 'planDates'), startDate, endDate, errors);
  if (!frequency || errors.length > before || !startDate || !endDate || endDate < startDate) return frequency;
  const slots = plannedSlotDates({ weekdays: weekdays as Weekday[], frequency }, startDate, endDate);
  if (slots.next().done) errors.push({ field: 'frequency', code: 'planNoSlots' });
  return frequency;
}

/** The dates of a list plan, "1.2.2027, 1.3.2027" or ISO, each a real date within the pilot's dates and not a holiday. */
function parseDateList(
  raw: string,
  startDate: string | undefined,
  endDate: string | undefined,
  errors: FormError[],
): PlanFrequency | undefined {
  const field = 'planDates';
  if (!raw) {
    errors.push({ field, code: 'planDatesRequired' });
    return undefined;
  }
  const tooLong = checkText(field, raw, MAX_DATES_TEXT);
  if (tooLong) {
    errors.push(tooLong);
    return undefined;
  }
  const dates: string[] = [];
  for (const token of raw.split(/[\s,;]+/).filter(Boolean)) {
    const date = readPlanDate(token);
    if (!date) {
      errors.push({ field, code: 'planDateFormat', params: { date: token } });
      return undefined;
    }
    if ((startDate && date < startDate) || (endDate && date > endDate)) {
      errors.push({ field, code: 'planDateOutside', params: { date: token } });
      return undefined;
    }
    if (isHoliday(date)) {
      errors.push({ field, code: 'planDateHoliday', params: { date: token } });
      return undefined;
    }
    if (!dates.includes(date)) dates.push(date);
  }
  if (dates.length > MAX_PLAN_DATES) {
    errors.push({ field, code: 'planDatesTooMany', params: { max: MAX_PLAN_DATES } });
    return undefined;
  }
  return { kind: 'dates', dates: dates.sort() };
}

/** A plan's frequency as the card's inputs, to edit it: the weekdays are the plan's own field. */
export function frequencyValues(
  plan: Pick<Pilot['plan'], 'weekdays' | 'frequency'>,
): Record<'frequency' | 'monthWeek' | 'monthDay' | 'planDates', string> {
  const f = frequencyOf(plan);
  return {
    frequency: f.kind,
    monthWeek: f.kind === 'monthlyWeekday' ? f.week : '',
    monthDay: f.kind === 'monthlyDay' ? String(f.day) : '',
    planDates: f.kind === 'dates' ? f.dates.join(', ') : '',
  };
}

/**
 * A pilot's details as the form's inputs (the bot's edit card, the tab's edit form), which
 * parsePilotDetails reads back: lists comma-separated, numbers and dates as text.
 */
export function detailInputsOf(pilot: Pilot): Record<(typeof DETAIL_FIELDS)[number], string> {
  const p = pilot.plan;
  return {
    name: pilot.name,
    municipality: pilot.municipality,
    kind: pilot.kind,
    ...frequencyValues(p),
    weekdays: p.weekdays.join(','),
    startTime: p.startTime,
    hoursPerSession: String(p.hoursPerSession),
    place: p.place,
    partners: p.partners.join(','),
    plannedSessions: p.plannedSessions === undefined ? '' : String(p.plannedSessions),
    baseline: pilot.baseline ?? '',
    ...targetInputsOf(pilot.targets),
    startDate: pilot.startDate,
    midpointDate: pilot.midpointDate,
    endDate: pilot.endDate,
    owners: pilot.owners.join(','),
  };
}

/** The end form's decision fields besides the decision itself. */
export const DECISION_FIELDS = { reason: 'decisionReason', date: 'decisionDate', successor: 'successor' } as const;

/** Reads a phase form's answers (and the end phase's decision). Empty answers are left out. */
export function parseAnswers(
  phase: Phase,
  input: Record<string, unknown>,
): Parsed<{
  answers: Answers;
  decision?: Decision;
  decisionDetail?: Omit<DecisionDetail, 'date'> & { date?: string };
}> {
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
  let decisionDetail: (Omit<DecisionDetail, 'date'> & { date?: string }) | undefined;
  if (phase === 'end') {
    const raw = textOf(input, 'decision');
    if (!raw) errors.push({ field: 'decision', code: 'required' });
    else if (!(DECISIONS as readonly string[]).includes(raw)) errors.push({ field: 'decision', code: 'unknownChoice' });
    else decision = raw as Decision;
    const reason = textOf(input, DECISION_FIELDS.reason);
    const reasonError = reason ? checkText(DECISION_FIELDS.reason, reason, MAX_ANSWER_LENGTH) : undefined;
    if (reasonError) errors.push(reasonError);
    const dateRaw = textOf(input, DECISION_FIELDS.date);
    const date = dateRaw ? parseIsoDate(dateRaw) : undefined;
    if (dateRaw && !date) errors.push({ field: DECISION_FIELDS.date, code: 'dateFormat' });
    const successorId = textOf(input, DECISION_FIELDS.successor);
    if (successorId && decision && decision !== 'continueChanged')
      errors.push({ field: DECISION_FIELDS.successor, code: 'successorOnlyChanged' });
    if (reason || date || successorId) {
      decisionDetail = {
        ...(reason ? { reason } : {}),
        ...(date ? { date } : {}),
        ...(successorId ? { successorId } : {}),
      };
    }
  }
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: decision ? { answers, decision, ...(decisionDetail ? { decisionDetail } : {}) } : { answers },
  };
}

/** The phase that comes after a stage, if any. */
export function nextPhase(stage: PilotStage): Phase | undefined {
  // PHASES is STAGES without 'planned': a stage's rank is the index of the phase after it.
  return PHASES[stageRank(stage)];
}
