/**
 * Cards of the session log: the log form (fields follow the pilot's kind), the list of recent
 * sessions, the status with the seeds' measures, and the pilot picker.
 */
import { HOURS, STAFF_HOURS, WORKERS } from '../domain/cardInput';
import { headlineOf, staffFigures } from '../domain/headline';
import { plannedSessions, socialWorkShare, trendEnd, weeklyTrend } from '../domain/measures';
import type { Pilot, PilotKind } from '../domain/pilots';
import { PARTNERS } from '../domain/pilots';
import {
  type CountKey,
  countField,
  MAIN_COUNT,
  MAX_COUNT,
  MAX_NOTE_LENGTH,
  MAX_OTHER_TOPIC_LENGTH,
  MAX_PLACE_LENGTH,
  RULE_KEY_SEPARATOR,
  type Session,
  SESSION_FORMS,
  type SessionFieldError,
} from '../domain/sessions';
import type { Totals } from '../domain/totals';
import { format, formatDate, formatFigure, formatNumber, type Locale, plural, strings, targetLines } from '../i18n';
import { pilotReadings } from '../domain/targets';
import { type AdaptiveCardJson, renderCard } from './index';
import { type ActionView, field, type FieldView, formCard, hiddenField, type NoticeStyle } from './views';

/** The count a pilot of each kind is judged by first (domain/sessions.ts). */
export { MAIN_COUNT };

export function countLabel(locale: Locale, key: string): string {
  return (strings(locale).session.countLabels as Record<string, string>)[key] ?? key;
}

/** A session field's error in the user's language: "Halusi keskustella (5) ei voi olla enemmän kuin Kävijöitä (3)". */
export function sessionErrorText(locale: Locale, e: SessionFieldError): string {
  const t = strings(locale).session;
  const params: Record<string, string | number> = { ...(e.params ?? {}) };
  for (const side of ['parts', 'whole'] as const) {
    if (typeof params[side] === 'string') {
      params[side] = (params[side] as string)
        .split(RULE_KEY_SEPARATOR)
        .map((k) => countLabel(locale, k))
        .join(' + ');
    }
  }
  for (const d of ['startDate', 'today'] as const) {
    if (typeof params[d] === 'string') params[d] = formatDate(locale, params[d] as string);
  }
  for (const n of ['min', 'max'] as const) {
    if (typeof params[n] === 'number') params[n] = formatNumber(locale, params[n] as number);
  }
  return format((t.errors as Record<string, string>)[e.code] ?? t.errors.required, params);
}

export interface SessionFormData {
  pilot: Pilot;
  values: Record<string, string>;
  errors: SessionFieldError[];
  edit: boolean;
  notice?: string;
  noticeStyle?: NoticeStyle;
  save: ActionView;
  others: ActionView[];
  /**
   * The quick log (the prompt after a slot, the `kirjaa` command): the date, the hours and the
   * kind's essential counts, with "Ei ketään tullut" (`empty`) and "Lisää tietoja", which shows
   * the other fields on the same card. A hidden field that holds a value or an error is shown.
   */
  quick?: { empty: ActionView };
  /** On the quick card, a reminder's own buttons (snooze, no more prompts), behind "Muistuta myöhemmin". */
  later?: ActionView[];
}

/** The session log card: date, hours, and the counts of the pilot's kind, each with a visible label. */
export function sessionFormCard(locale: Locale, d: SessionFormData): AdaptiveCardJson {
  const t = strings(locale);
  const s = t.session;
  const form = SESSION_FORMS[d.pilot.kind];
  const errors = new Map<string, string>();
  for (const e of d.errors) if (!errors.has(e.field)) errors.set(e.field, sessionErrorText(locale, e));
  const base = (id: string, label: string) => ({
    id,
    label,
    value: d.values[id] ?? '',
    error: errors.get(id) ?? '',
    requiredMessage: s.errors.required,
  });
  // On the quick card, the essential counts are checked by Polku, not by the client: "Ei ketään
  // tullut" sends the card with them empty.
  const required = !d.quick;
  const fields: FieldView[] = [
    field({ ...base('date', s.fields.date), kind: 'date', required: true }),
    field({ ...base('hours', s.fields.hours), kind: 'number', required: true, min: HOURS.min, max: HOURS.max }),
    field({ ...base('workers', s.fields.workers), kind: 'number', min: WORKERS.min, max: WORKERS.max }),
    field({ ...base('staffHours', s.fields.staffHours), kind: 'number', min: STAFF_HOURS.min, max: STAFF_HOURS.max }),
  ];
  if (form.askPlace) fields.push(field({ ...base('place', s.fields.place), kind: 'text', max: MAX_PLACE_LENGTH }));
  if (form.askPartners) {
    fields.push(
      field({
        ...base('partnersPresent', s.fields.partnersPresent),
        kind: 'choice',
        multi: true,
        style: 'compact',
        choices: PARTNERS.map((p) => ({ title: t.partners[p], value: p })),
      }),
    );
  }
  for (const key of form.counts) {
    fields.push(
      field({
        ...base(countField(key), countLabel(locale, key)),
        kind: 'number',
        required: required && form.essential.includes(key),
        min: 0,
        max: MAX_COUNT,
      }),
    );
  }
  for (const [i, key] of form.optionalCounts.entries()) {
    const heading = i === 0 ? s.fields.optionalGroup : '';
    fields.push(
      field({ ...base(countField(key), countLabel(locale, key)), heading, kind: 'number', min: 0, max: MAX_COUNT }),
    );
  }
  if (form.tagList) {
    const list = form.tagList;
    const names = (list.field === 'topics' ? s.topics : s.channels) as Record<string, string>;
    fields.push(
      field({
        ...base(list.field, s.fields[list.field]),
        kind: 'choice',
        multi: true,
        style: 'expanded',
        choices: list.values.map((v) => ({ title: names[v] ?? v, value: v })),
      }),
    );
    if (list.other) {
      fields.push(field({ ...base('otherTopic', s.fields.otherTopic), kind: 'text', max: MAX_OTHER_TOPIC_LENGTH }));
    }
  }
  fields.push(field({ ...base('note', s.fields.note), kind: 'text', multiline: true, max: MAX_NOTE_LENGTH }));
  const f = t.sessionForm;
  const notice = d.notice ?? (d.errors.length ? f.fixErrors : '');
  const shown = (v: FieldView) =>
    ['date', 'hours'].includes(v.id) ||
    form.essential.some((k) => countField(k) === v.id) ||
    String(v.value) !== '' ||
    v.error !== '';
  return formCard(locale, {
    title: format(d.edit ? f.titleEdit : f.title, { pilot: d.pilot.name }),
    subtitle: t.kinds[d.pilot.kind],
    notice,
    noticeStyle: d.noticeStyle ?? (notice ? 'attention' : ''),
    intro: d.quick ? s.quick.intro : f.intro,
    fields: d.quick ? fields.map((v) => (shown(v) ? v : hiddenField(v))) : fields,
    actions: d.quick ? [d.save, d.quick.empty, ...d.others] : [d.save, ...d.others, ...(d.later ?? [])],
    moreTitle: s.quick.more,
    later: d.quick ? { title: s.quick.later, actions: d.later ?? [] } : undefined,
  });
}

/**
 * A count in all, as the sessions gave it: "ei kirjattu" when none did (never 0), and how many
 * did when some sessions left it empty ("3 (2/4 kerrasta kirjattu)").
 */
export function givenCount(locale: Locale, t: Pick<Totals, 'sessions' | 'counts' | 'recorded'>, key: CountKey): string {
  const q = strings(locale).session.quick;
  const value = t.counts[key];
  const given = t.recorded ? (t.recorded[key] ?? 0) : value === undefined ? 0 : t.sessions;
  if (value === undefined || given === 0) return q.notGiven;
  const text = formatNumber(locale, value);
  return given < t.sessions ? format(q.partlyGiven, { value: text, recorded: given, sessions: t.sessions }) : text;
}

/** One line about a session's main numbers, e.g. "Kävijöitä: 8 · Halusi keskustella: 2"; a count not given reads so. */
export function sessionSummary(locale: Locale, kind: PilotKind, s: Session): string {
  const q = strings(locale).session.quick;
  return SESSION_FORMS[kind].essential.map((k) => `${countLabel(locale, k)}: ${s.counts[k] ?? q.notGiven}`).join(' · ');
}

export interface ListRow {
  text: string;
  detail: string;
  actions: ActionView[];
}

export function listCard(
  locale: Locale,
  d: { title: string; rows: ListRow[]; notice?: string; noticeStyle?: NoticeStyle; actions: ActionView[] },
): AdaptiveCardJson {
  return renderCard('list', locale, { notice: '', noticeStyle: '', ...d });
}

/** The status: realised against the plan, the seeds' measures, and the last eight weeks. */
export function statusCard(
  locale: Locale,
  d: { pilot: Pilot; totals: Totals; today: string; actions: ActionView[]; notice?: string; noticeStyle?: NoticeStyle },
): AdaptiveCardJson {
  const t = strings(locale);
  const st = t.status;
  const { pilot, totals } = d;
  const hours = formatNumber(locale, totals.hours);
  const planned = plannedSessions(pilot.plan, pilot.startDate, pilot.endDate);
  const pct = (x: number | undefined) => (x === undefined ? st.none : `${formatNumber(locale, Math.round(x * 100))} %`);
  const measures = [
    {
      title: st.realised,
      value: planned
        ? format(st.realisedValue, { sessions: totals.sessions, planned, hours })
        : format(st.realisedNoPlan, {
            sessions: totals.sessions,
            sessionsUnit: plural(totals.sessions, t.units.sessionsOne, t.units.sessionsOther),
            hours,
          }),
    },
  ];
  // The kind's headline figures (domain/headline.ts), "ei laskettavissa" where they cannot be computed.
  for (const f of headlineOf(pilot.kind, totals)) {
    measures.push({ title: t.figures[f.key], value: formatFigure(locale, f) });
  }
  // Each target against the actual so far (domain/targets.ts).
  measures.push(...targetLines(locale, pilotReadings(pilot, totals, d.today)));
  // What the figures were before the pilot, beside its own (plan.ts; the team's own words).
  if (pilot.baseline) measures.push({ title: t.plan.baseline, value: pilot.baseline });
  const staff = staffFigures(pilot.kind, totals);
  measures.push(
    {
      title: t.figures.staffHours,
      value: format(t.figures.staffHoursValue, { hours: formatNumber(locale, staff.staffHours) }),
    },
    {
      title: t.figures.contactsPerStaffHour,
      value: formatFigure(locale, { unit: 'rate', value: totals.sessions ? staff.contactsPerStaffHour : undefined }),
    },
  );
  if (pilot.kind === 'dropIn') {
    measures.push(
      { title: st.socialWorkShare, value: pct(socialWorkShare(totals)) },
      { title: st.referred, value: givenCount(locale, totals, 'referred') },
      { title: st.appointmentsBooked, value: givenCount(locale, totals, 'appointmentsBooked') },
      { title: st.newClients, value: givenCount(locale, totals, 'newClients') },
    );
  }
  measures.push({
    title: st.lastSession,
    value: totals.lastSessionDate ? formatDate(locale, totals.lastSessionDate) : st.none,
  });
  const main = MAIN_COUNT[pilot.kind];
  // Weeks without sessions are left out (the week numbers show the gaps), so the card stays short.
  const trend = weeklyTrend(totals, trendEnd(pilot, totals, d.today), 8).filter((w) => w.sessions > 0);
  const weeks = trend.map((w) => ({
    title: format(st.weekLabel, { week: String(Number(w.week.slice(-2))) }),
    value: format(st.weekValue, {
      sessions: w.sessions,
      sessionsUnit: plural(w.sessions, t.units.sessionsOne, t.units.sessionsOther),
      hours: formatNumber(locale, w.hours),
      main: w.counts[main] ?? 0,
      mainLabel: countLabel(locale, main).toLocaleLowerCase(),
    }),
  }));
  if (!weeks.length) weeks.push({ title: st.none, value: st.weekEmpty });
  const form = SESSION_FORMS[pilot.kind];
  const counts = [...form.counts, ...form.optionalCounts]
    .filter((k) => totals.counts[k] !== undefined)
    .map((k) => ({ title: countLabel(locale, k), value: givenCount(locale, totals, k) }));
  return renderCard('status', locale, {
    notice: d.notice ?? '',
    noticeStyle: d.noticeStyle ?? '',
    title: format(st.title, { pilot: pilot.name }),
    measures,
    weeks,
    counts,
    actions: d.actions,
  });
}
