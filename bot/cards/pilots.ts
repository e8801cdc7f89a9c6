/**
 * Cards of a pilot's life: the new-pilot form, the phase forms and the pilot card.
 */
import { frequencyText as sharedFrequencyText, planLine } from '../i18n/planLine';
import type { Role } from '../domain/access';
import { HOURS, MAX_NAME_LENGTH, MAX_SHORT_TEXT, PLANNED_SESSIONS } from '../domain/cardInput';
import {
  answerField,
  DECISION_FIELDS,
  DETAIL_FIELDS,
  type FormError,
  nextPhase,
  REQUIRED_QUESTIONS,
  targetFields,
} from '../domain/forms';
import {
  KIND_MEASURES,
  MAX_TARGETS,
  pilotReadings,
  TARGET_MEASURES,
  TARGET_OPS,
  TARGET_VALUE,
} from '../domain/targets';
import { realisedReading, sameVolume, type Volume } from '../domain/measures';
import { type Answers, MAX_ANSWER_LENGTH, QUESTIONS_BY_PHASE, START_QUESTIONS } from '../domain/phases';
import { DECISIONS, PARTNERS, type Phase, PHASES, type Pilot, type PilotKind, PILOT_KINDS } from '../domain/pilots';
import { FREQUENCY_KINDS, MAX_DATES_TEXT, MONTH_DAY, MONTH_WEEKS } from '../domain/plan';
import type { Totals } from '../domain/totals';
import { format, formatDate, formatNumber, type Locale, plural, strings, targetLines } from '../i18n';
import { type AdaptiveCardJson, renderCard } from './index';
import { action, type ActionView, errorsByField, field, type FieldView, formCard, type NoticeStyle } from './views';

/**
 * "toteutunut 4 × 2 tuntia": as the domain reads it (realisedReading), in the user's words. `short`
 * leaves out the word "toteutunut" (for a line already titled so).
 */
export function realisedText(locale: Locale, totals: Volume, short = false): string {
  const t = strings(locale);
  const r = short ? t.realisedShort : t.realised;
  const hoursUnit = (n: number) => plural(n, t.units.hoursOne, t.units.hoursOther);
  const v = realisedReading(totals);
  if (v.kind === 'none') return r.none;
  if (v.kind === 'uniform') {
    return format(r.uniform, {
      sessions: v.sessions,
      hours: formatNumber(locale, v.hoursPerSession),
      hoursUnit: hoursUnit(v.hoursPerSession),
    });
  }
  const whole = {
    sessions: v.sessions,
    sessionsUnit: plural(v.sessions, t.units.sessionsOne, t.units.sessionsOther),
    hours: formatNumber(locale, v.hours),
    hoursUnit: hoursUnit(v.hours),
  };
  if (v.kind === 'total') return format(r.total, whole);
  const mix = v.mix
    .map((m) => format(r.mixPart, { count: m.sessions, hours: formatNumber(locale, m.hours) }))
    .join(', ');
  return format(r.mixed, { ...whole, mix });
}

/**
 * The heading of a phase form, as in the seeds: "Väliarviointivaihe (toteutunut 4 × 2 tuntia)".
 * A saved phase heads with the figure kept when it was saved; the current one follows when it
 * reads differently ("…; nyt 5 × 2 tuntia").
 */
export function phaseHeading(locale: Locale, phase: Phase, totals: Volume, kept?: Volume): string {
  const t = strings(locale);
  if (phase === 'start') return format(t.phaseForm.heading, { phase: t.phases.start });
  if (kept && !sameVolume(kept, totals)) {
    return format(t.phaseForm.headingRealisedNow, {
      phase: t.phases[phase],
      realised: realisedText(locale, kept),
      now: realisedText(locale, totals, true),
    });
  }
  return format(t.phaseForm.headingRealised, {
    phase: t.phases[phase],
    realised: realisedText(locale, kept ?? totals),
  });
}

export interface DetailsFormData {
  values: Record<string, string>;
  errors: FormError[];
  teamName: string;
  /** Team members other than the creator, to choose co-owners from; undefined when the roster could not be read. */
  members?: { id: string; name: string }[];
  /** Carried through the steps: the idempotency key (also the new pilot's id) and the team. */
  carry: Record<string, unknown>;
  /** Editing a pilot that exists ("Muokkaa kokeilua"): its name for the title, and the card's buttons. */
  edit?: { pilotName: string; actions: ActionView[] };
  /** Why the card came back, when not for field errors (a pilot changed meanwhile). */
  notice?: string;
}

/** Step 1 of a new pilot: its details and plan. */
export function pilotDetailsCard(locale: Locale, d: DetailsFormData): AdaptiveCardJson {
  const t = strings(locale);
  const f = t.pilotForm;
  const errors = errorsByField(locale, d.errors);
  const v = (id: string) => d.values[id] ?? '';
  const labels: Record<(typeof DETAIL_FIELDS)[number], string> = { ...f, ...t.plan.fields, ...t.targets.fields };
  const common = (id: (typeof DETAIL_FIELDS)[number]) => ({
    id,
    label: labels[id],
    value: v(id),
    error: errors.get(id) ?? '',
    requiredMessage: f.requiredMessage,
  });
  const fields: FieldView[] = [
    field({ ...common('name'), kind: 'text', required: true, max: MAX_NAME_LENGTH }),
    field({ ...common('municipality'), kind: 'text', required: true, max: MAX_SHORT_TEXT }),
    field({
      ...common('kind'),
      kind: 'choice',
      required: true,
      style: 'compact',
      choices: PILOT_KINDS.map((k) => ({ title: t.kinds[k], value: k })),
    }),
    field({
      ...common('frequency'),
      value: v('frequency') || 'weekly',
      kind: 'choice',
      style: 'compact',
      choices: FREQUENCY_KINDS.map((k) => ({ title: t.plan.frequencies[k], value: k })),
    }),
    field({
      ...common('weekdays'),
      kind: 'choice',
      multi: true,
      style: 'compact',
      choices: (['1', '2', '3', '4', '5', '6', '7'] as const).map((n) => ({ title: t.weekdays[n], value: n })),
    }),
    field({
      ...common('monthWeek'),
      kind: 'choice',
      style: 'compact',
      choices: MONTH_WEEKS.map((w) => ({ title: t.plan.monthWeeks[w], value: w })),
    }),
    field({ ...common('monthDay'), kind: 'number', ...MONTH_DAY }),
    field({ ...common('planDates'), kind: 'text', multiline: true, max: MAX_DATES_TEXT }),
    field({ ...common('startTime'), kind: 'time' }),
    field({ ...common('hoursPerSession'), kind: 'number', required: true, min: HOURS.min, max: HOURS.max }),
    field({ ...common('place'), kind: 'text', max: MAX_SHORT_TEXT }),
    field({
      ...common('partners'),
      kind: 'choice',
      multi: true,
      style: 'compact',
      choices: PARTNERS.map((p) => ({ title: t.partners[p], value: p })),
    }),
    field({ ...common('plannedSessions'), kind: 'number', ...PLANNED_SESSIONS }),
    field({ ...common('baseline'), kind: 'text', max: MAX_SHORT_TEXT }),
    ...targetRows(t, v('kind'), common),
    field({ ...common('startDate'), kind: 'date', required: true }),
    field({ ...common('midpointDate'), kind: 'date', required: true }),
    field({ ...common('endDate'), kind: 'date', required: true }),
  ];
  if (d.members?.length) {
    fields.push(
      field({
        ...common('owners'),
        kind: 'choice',
        multi: true,
        style: 'compact',
        choices: d.members.map((m) => ({ title: m.name, value: m.id })),
      }),
    );
  }
  const footnote = d.members ? f.ownersNote : `${f.ownersNote} ${f.ownersUnavailable}`;
  return formCard(locale, {
    title: d.edit ? format(f.editTitle, { pilot: d.edit.pilotName }) : f.title,
    subtitle: [d.edit ? '' : f.step1, d.teamName ? format(f.team, { team: d.teamName }) : '']
      .filter(Boolean)
      .join(' · '),
    notice: d.notice || (d.errors.length ? t.phaseForm.fixErrors : ''),
    noticeStyle: d.notice || d.errors.length ? 'attention' : '',
    // The kind stays, and the baseline is what was known at the start.
    fields: d.edit ? fields.filter((x) => x.id !== 'kind' && x.id !== 'baseline') : fields,
    footnote: d.edit ? f.editNote : footnote,
    actions: d.edit
      ? d.edit.actions
      : [
          action(f.continue, 'pilotDetails', d.carry, { style: 'positive' }),
          action(f.cancel, 'cancelNewPilot', {}, { inputs: 'none' }),
        ],
  });
}

/**
 * The target rows of the details card: a measure (the kind's own once it is known), at least or
 * at most, and a value (a share in per cent).
 */
function targetRows(
  t: ReturnType<typeof strings>,
  kind: string,
  common: (id: (typeof DETAIL_FIELDS)[number]) => {
    id: string;
    label: string;
    value: string;
    error: string;
    requiredMessage: string;
  },
): FieldView[] {
  const measures = (PILOT_KINDS as readonly string[]).includes(kind)
    ? KIND_MEASURES[kind as PilotKind]
    : TARGET_MEASURES;
  return Array.from({ length: MAX_TARGETS }, (_, i) => targetFields(i + 1)).flatMap((tf) => [
    field({
      ...common(tf.measure),
      kind: 'choice',
      style: 'compact',
      choices: measures.map((m) => ({ title: t.targets.measures[m], value: m })),
    }),
    field({
      ...common(tf.op),
      value: common(tf.op).value || 'atLeast',
      kind: 'choice',
      style: 'compact',
      choices: TARGET_OPS.map((o) => ({ title: t.targets.ops[o], value: o })),
    }),
    field({ ...common(tf.value), kind: 'number', min: TARGET_VALUE.min, max: TARGET_VALUE.max }),
  ]);
}

export interface PhaseFormData {
  pilotName: string;
  /** "Step 2 of 2" when the form is part of a new pilot. */
  step?: string;
  phase: Phase;
  /** What the phase's heading counts: the sessions up to its planned date (realisedByPhase). */
  totals: Volume;
  /** The figure the saved phase kept (Evaluation.realised), if it was saved. */
  kept?: Volume;
  /** What the form's fields hold: saved answers, or what the user typed. */
  values: Record<string, string>;
  errors: FormError[];
  /** The start phase's answers, shown above the midpoint and end questions. */
  start?: Answers;
  /** End phase: the team's other pilots, to name the successor of a changed continuation. */
  successors?: { id: string; name: string }[];
  /** Today (Helsinki): the decision's date until another is given. */
  today?: string;
  /** Shown above the start's answers at the midpoint and the end: the targets against the actuals, the warning's answer. */
  context?: { heading: string; text: string }[];
  /** After a concurrent save: the user's own unsaved text, by field. */
  theirs?: Record<string, string>;
  notice?: string;
  noticeStyle?: NoticeStyle;
  save: ActionView;
  others: ActionView[];
}

/** How much of each start answer the later forms quote: enough to answer against, small enough for the card. */
export const EXPECTATION_EXCERPT = 600;

function excerpt(text: string): string {
  return text.length <= EXPECTATION_EXCERPT ? text : `${text.slice(0, EXPECTATION_EXCERPT).trimEnd()} …`;
}

/** A phase form: the start questions (step 2 of a new pilot, or editing), midpoint or end. */
export function phaseFormCard(locale: Locale, d: PhaseFormData): AdaptiveCardJson {
  const t = strings(locale);
  const errors = errorsByField(locale, d.errors);
  const fields: FieldView[] = QUESTIONS_BY_PHASE[d.phase].map((key) => {
    const id = answerField(key);
    return field({
      kind: 'text',
      id,
      label: t.questions[key],
      value: d.values[id] ?? '',
      multiline: true,
      max: MAX_ANSWER_LENGTH,
      required: REQUIRED_QUESTIONS[d.phase].includes(key),
      requiredMessage: t.validation.required,
      error: errors.get(id) ?? '',
      theirs: d.theirs?.[id] ?? '',
    });
  });
  if (d.phase === 'end') {
    fields.push(
      field({
        kind: 'choice',
        id: 'decision',
        label: t.decisions.label,
        value: d.values.decision ?? '',
        style: 'expanded',
        required: true,
        requiredMessage: t.validation.required,
        choices: DECISIONS.map((x) => ({ title: t.decisions[x], value: x })),
        error: errors.get('decision') ?? '',
        theirs: d.theirs?.decision ? t.decisions[d.theirs.decision as keyof typeof t.decisions] : '',
      }),
      field({
        kind: 'text',
        id: DECISION_FIELDS.reason,
        label: t.decisions.reason,
        value: d.values[DECISION_FIELDS.reason] ?? '',
        multiline: true,
        max: MAX_ANSWER_LENGTH,
        requiredMessage: t.validation.required,
        error: errors.get(DECISION_FIELDS.reason) ?? '',
        theirs: d.theirs?.[DECISION_FIELDS.reason] ?? '',
      }),
      field({
        kind: 'date',
        id: DECISION_FIELDS.date,
        label: t.decisions.date,
        value: d.values[DECISION_FIELDS.date] || d.today || '',
        requiredMessage: t.validation.required,
        error: errors.get(DECISION_FIELDS.date) ?? '',
      }),
    );
    if (d.successors?.length) {
      fields.push(
        field({
          kind: 'choice',
          id: DECISION_FIELDS.successor,
          label: t.decisions.successor,
          value: d.values[DECISION_FIELDS.successor] ?? '',
          style: 'compact',
          requiredMessage: t.validation.required,
          choices: d.successors.map((p) => ({ title: p.name, value: p.id })),
          error: errors.get(DECISION_FIELDS.successor) ?? '',
        }),
      );
    }
  }
  const info = [
    ...(d.context ?? []),
    ...(d.phase !== 'start' && d.start
      ? START_QUESTIONS.filter((k) => d.start?.[k]).map((k) => ({
          heading: `${t.phaseForm.expectedHeading}: ${t.questions[k]}`,
          text: excerpt(d.start?.[k] ?? ''),
        }))
      : []),
  ];
  const notice = d.notice ?? (d.errors.length ? t.phaseForm.fixErrors : '');
  return formCard(locale, {
    title: phaseHeading(locale, d.phase, d.totals, d.kept),
    subtitle: [d.step, `${t.phaseForm.pilotName}: ${d.pilotName}`].filter(Boolean).join(' · '),
    notice,
    noticeStyle: d.noticeStyle ?? (notice ? 'attention' : ''),
    info,
    fields,
    footnote: t.phaseForm.privacy,
    actions: [d.save, ...d.others],
  });
}

/** One line of the pilot's targets against the actuals so far, when it has targets. */
function targetFact(locale: Locale, p: Pilot, totals: Totals): { title: string; value: string }[] {
  // Per-week targets count the planned weeks up to the last session (the card is not dated).
  const readings = pilotReadings(p, totals, totals.lastSessionDate ?? p.startDate);
  if (!readings.length) return [];
  const value = targetLines(locale, readings)
    .map((l) => `${l.title}: ${l.value}`)
    .join('; ');
  return [{ title: strings(locale).targets.heading, value }];
}

export interface PilotCardData {
  pilot: Pilot;
  totals: Totals;
  role: Role;
  notice?: string;
  noticeStyle?: NoticeStyle;
}

/** The actions a viewer gets on the pilot card: owners the phase buttons, every member logging and status. */
function pilotActions(locale: Locale, pilot: Pilot, role: Role): ActionView[] {
  const t = strings(locale);
  const id = { pilotId: pilot.id };
  const out: ActionView[] = [];
  const next = nextPhase(pilot.stage);
  if (role === 'owner' && next)
    out.push(action(t.phaseForm.open[next], 'openPhase', { ...id, phase: next }, { style: 'positive' }));
  if (role !== 'none') {
    out.push(action(t.pilotCard.logSession, 'logSession', id));
    out.push(action(t.pilotCard.status, 'status', id));
    out.push(action(t.pilotCard.sessions, 'sessions', id));
  }
  return out;
}

/**
 * Owners' buttons behind one "more" button, in two rows (Teams shows at most five a row): editing
 * a saved phase; and editing the pilot, its reminder settings and deleting it.
 */
function phaseActions(locale: Locale, pilot: Pilot, role: Role): ActionView[] {
  if (role !== 'owner') return [];
  const t = strings(locale);
  const done = PHASES.slice(0, PHASES.indexOf(pilot.stage as Phase) + 1);
  return done.map((p) => action(t.phaseForm.edit[p], 'openPhase', { pilotId: pilot.id, phase: p }));
}

function editActions(locale: Locale, pilot: Pilot, role: Role): ActionView[] {
  if (role !== 'owner') return [];
  const t = strings(locale);
  return [
    action(t.pilotCard.edit, 'editPilot', { pilotId: pilot.id }),
    action(t.innokyla.action, 'innokylaDraft', { pilotId: pilot.id }),
    action(t.reminders.settings, 'reminderSettings', { pilotId: pilot.id }),
    action(t.privacy.deleteButton, 'deletePilotAsk', { pilotId: pilot.id }, { style: 'destructive' }),
  ];
}

/** The plan's frequency in words (i18n/planLine.ts); undefined when weekly. */
export function frequencyText(locale: Locale, plan: Pilot['plan']): string | undefined {
  return sharedFrequencyText(strings(locale), planFormats(locale), plan);
}

const planFormats = (locale: Locale) => ({
  number: (n: number) => formatNumber(locale, n),
  date: (iso: string) => formatDate(locale, iso),
});

/** The plan line, as the tab's pilot page writes it too (i18n/planLine.ts). */
function planText(locale: Locale, pilot: Pilot): string {
  return planLine(strings(locale), planFormats(locale), pilot.plan);
}

function nextStepText(locale: Locale, pilot: Pilot): string {
  const t = strings(locale);
  const next = nextPhase(pilot.stage);
  if (next === 'start') return t.pilotCard.nextStart;
  if (next === 'midpoint') return format(t.pilotCard.nextMidpoint, { date: formatDate(locale, pilot.midpointDate) });
  if (next === 'end') return format(t.pilotCard.nextEnd, { date: formatDate(locale, pilot.endDate) });
  return t.pilotCard.nextDone;
}

/** Teams refreshes the card automatically for these users (at most 60): the owners, as "8:orgid:<Entra id>". */
export function refreshUserIds(pilot: Pilot): string[] {
  return pilot.owners.slice(0, 60).map((id) => `8:orgid:${id}`);
}

/** The pilot card: where it stands, what was realised, who owns it and what comes next. */
export function pilotCard(locale: Locale, d: PilotCardData): AdaptiveCardJson {
  const t = strings(locale);
  const c = t.pilotCard;
  const p = d.pilot;
  const names = p.owners.map((id) => p.ownerNames?.[id]).filter((n): n is string => !!n);
  const facts = [
    { title: c.phase, value: t.stages[p.stage] },
    {
      title: c.dates,
      value: format(c.datesValue, {
        start: formatDate(locale, p.startDate),
        midpoint: formatDate(locale, p.midpointDate),
        end: formatDate(locale, p.endDate),
      }),
    },
    { title: c.plan, value: planText(locale, p) },
    { title: c.realised, value: realisedText(locale, d.totals, true) },
    ...targetFact(locale, p, d.totals),
    {
      title: c.owners,
      value: names.length === p.owners.length ? names.join(', ') : format(c.ownersCount, { count: p.owners.length }),
    },
    ...(p.decision ? [{ title: c.decision, value: t.decisions[p.decision] }] : []),
    { title: c.next, value: nextStepText(locale, p) },
  ];
  return renderCard('pilot', locale, {
    pilotId: p.id,
    refreshUserIds: refreshUserIds(p),
    notice: d.notice ?? '',
    noticeStyle: d.noticeStyle ?? '',
    name: p.name,
    subtitle: `${p.municipality} · ${t.kinds[p.kind]}`,
    facts,
    footnote: d.role === 'member' ? c.readOnly : '',
    actions: pilotActions(locale, p, d.role),
    phaseActions: phaseActions(locale, p, d.role),
    editActions: editActions(locale, p, d.role),
  });
}
