/**
 * The API's answers built from what storage holds: the contract's shapes (contract.ts), the
 * measures computed from running totals, the phases placed on the timeline. Names of people
 * come only from a pilot's owner list; anyone else is shown by the short form of their id.
 */
import { type PilotChange, sessionPlace } from '../domain/pilotEdit';
import { overallStatus, pilotReadings, type Target } from '../domain/targets';
import type { HistoryEntry } from '../domain/history';
import { headlineOf, staffFigures } from '../domain/headline';
import { plannedSessions, socialWorkShare, trendEnd, weeklyTrend } from '../domain/measures';
import type { Evaluation } from '../domain/phases';
import type { Pilot, PilotPlan } from '../domain/pilots';
import { isPseudonym } from '../domain/privacy';
import { WARNING_SENDER } from '../domain/warning';
import { COUNT_KEYS, MAIN_COUNT, type Session } from '../domain/sessions';
import { timeline } from '../domain/timeline';
import type { PilotSummary } from '../storage/pilots';
import type {
  EditValue,
  EditView,
  HistoryView,
  PersonView,
  PhaseView,
  PilotOverview,
  SessionView,
  TeamSummary,
} from './contract';

/** "29:1AbC…" or an Entra object id, as its first eight characters: enough to tell people apart. */
export function shortId(id: string): string {
  return id.replace(/^\d+:/, '').slice(0, 8);
}

/** A person as the tab shows them: the name the pilot's owner list gives, else the short id. */
export function personOf(pilot: Pilot, id: string): PersonView {
  if (isPseudonym(id)) return { id, name: '', removed: true };
  // The early warnings Polku itself sends.
  if (id === WARNING_SENDER) return { id, name: 'Polku' };
  return { id, name: pilot.ownerNames?.[id] || shortId(id) };
}

export function overviewOf({ pilot, totals }: PilotSummary, team: TeamSummary, today: string): PilotOverview {
  const main = MAIN_COUNT[pilot.kind];
  const staff = staffFigures(pilot.kind, totals);
  const readings = pilotReadings(pilot, totals, today);
  return {
    id: pilot.id,
    team,
    name: pilot.name,
    municipality: pilot.municipality,
    kind: pilot.kind,
    stage: pilot.stage,
    decision: pilot.decision ?? null,
    plan: pilot.plan,
    startDate: pilot.startDate,
    midpointDate: pilot.midpointDate,
    endDate: pilot.endDate,
    baseline: pilot.baseline ?? null,
    owners: pilot.owners.map((id) => personOf(pilot, id)),
    phases: timeline(pilot, today),
    mainCount: main,
    totals: {
      sessions: totals.sessions,
      hours: totals.hours,
      ...(totals.hoursMix ? { hoursMix: totals.hoursMix } : {}),
      plannedSessions: plannedSessions(pilot.plan, pilot.startDate, pilot.endDate),
      lastSessionDate: totals.lastSessionDate ?? null,
      headline: headlineOf(pilot.kind, totals).map((f) => ({ ...f, value: f.value ?? null })),
      staffHours: staff.staffHours,
      contactsPerStaffHour: staff.contactsPerStaffHour ?? null,
      socialWorkShare: socialWorkShare(totals) ?? null,
      counts: totals.counts,
    },
    targets: readings.map((r) => ({
      target: r.target,
      unit: r.actual.unit,
      actual: r.actual.value ?? null,
      sessions: r.actual.sessions,
      status: r.status,
    })),
    targetStatus: overallStatus(readings) ?? null,
    warning: pilot.warning ?? null,
    trend: weeklyTrend(totals, trendEnd(pilot, totals, today), 8).map((w) => ({
      week: w.week,
      sessions: w.sessions,
      hours: w.hours,
      main: w.counts[main] ?? 0,
    })),
  };
}

/** A phase as the tab shows it; `successorName` names the successor pilot when the caller may see it. */
export function phaseViewOf(pilot: Pilot, e: Evaluation, successorName?: string): PhaseView {
  const d = e.decisionDetail;
  return {
    answers: e.answers,
    decision: e.decision ?? null,
    realised: e.realised ?? null,
    decisionDetail: d
      ? {
          reason: d.reason ?? null,
          date: d.date,
          successor: d.successorId && successorName ? { id: d.successorId, name: successorName } : null,
        }
      : null,
    updatedBy: personOf(pilot, e.updatedBy),
    updatedAt: e.updatedAt,
  };
}

const SESSION_FIELDS = ['date', 'hours', 'place', 'partnersPresent', 'tags', 'otherTopic', 'note'] as const;

/** The fields of a session an edit changed: its own fields by name, counts by their count key. */
export function sessionChanges(before: Session | undefined, after: Session | undefined): string[] {
  if (!before || !after) return [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const fields: string[] = SESSION_FIELDS.filter((f) => !same(before[f], after[f]));
  for (const key of COUNT_KEYS) if (!same(before.counts[key], after.counts[key])) fields.push(key);
  return fields;
}

export function historyViewOf(pilot: Pilot, h: HistoryEntry): HistoryView {
  const edits = h.what === 'pilotEdited' ? editViews(pilot, h.edits ?? []) : [];
  const changed =
    h.what === 'sessionEdited'
      ? sessionChanges(h.before, h.after)
      : h.what === 'pilotEdited'
        ? edits.map((e) => e.field)
        : (h.changed ?? []);
  return {
    at: h.at,
    by: personOf(pilot, h.by),
    what: h.what,
    phase: h.phase ?? null,
    changed,
    edits,
    warning: h.warning ?? null,
  };
}

/** The plan's parts that say when (written together as the plan line writes them). */
const SCHEDULE_PARTS = ['frequency', 'weekdays', 'startTime'] as const;

/**
 * A pilot edit's changes as values the tab puts in words: the plan by its parts (its when as one
 * schedule, then place, partners, hours and planned count), owners by their names, dates as dates.
 */
function editViews(pilot: Pilot, edits: PilotChange[]): EditView[] {
  const out: EditView[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  for (const e of edits) {
    const from = JSON.parse(e.from) as unknown;
    const to = JSON.parse(e.to) as unknown;
    if (e.field === 'plan') {
      const a = from as PilotPlan | null;
      const b = to as PilotPlan | null;
      const part = <K extends keyof PilotPlan>(k: K, v: (x: NonNullable<PilotPlan[K]>) => EditValue) => {
        const x = a?.[k];
        const y = b?.[k];
        if (!same(x, y))
          out.push({
            field: `plan.${k}`,
            from: x === undefined || x === null ? null : v(x as NonNullable<PilotPlan[K]>),
            to: y === undefined || y === null ? null : v(y as NonNullable<PilotPlan[K]>),
          });
      };
      if (SCHEDULE_PARTS.some((k) => !same(a?.[k], b?.[k])))
        out.push({ field: 'plan.schedule', from: a ? { schedule: a } : null, to: b ? { schedule: b } : null });
      part('place', (x) => ({ text: x }));
      part('partners', (x) => ({ partners: x }));
      part('hoursPerSession', (x) => ({ number: x }));
      part('plannedSessions', (x) => ({ number: x }));
    } else if (e.field === 'targets') {
      const targets = (v: unknown): EditValue | null => (Array.isArray(v) ? { targets: v as Target[] } : null);
      out.push({ field: e.field, from: targets(from), to: targets(to) });
    } else if (e.field === 'owners') {
      const people = (v: unknown): EditValue | null =>
        Array.isArray(v) ? { people: v.map((id) => personOf(pilot, String(id))) } : null;
      out.push({ field: e.field, from: people(from), to: people(to) });
    } else {
      const value = (v: unknown): EditValue | null =>
        typeof v !== 'string' || v === ''
          ? null
          : e.field === 'startDate' || e.field === 'midpointDate' || e.field === 'endDate'
            ? { date: v }
            : { text: v };
      out.push({ field: e.field, from: value(from), to: value(to) });
    }
  }
  return out;
}

export function sessionViewOf(pilot: Pilot, s: Session): SessionView {
  const where = sessionPlace(pilot, s);
  return {
    id: s.id,
    date: s.date,
    hours: s.hours,
    counts: s.counts,
    place: where.place || null,
    partnersPresent: where.partners,
    tags: s.tags ?? [],
    note: s.note ?? null,
    loggedBy: personOf(pilot, s.loggedBy),
  };
}

export type SessionSort = 'date' | '-date' | 'hours' | '-hours';
export const SESSION_SORTS: readonly SessionSort[] = ['date', '-date', 'hours', '-hours'];

/** Sessions in the requested order; ties by date, then id, so pages never overlap. */
export function sortSessions(sessions: Session[], sort: SessionSort): Session[] {
  const byDate = (a: Session, b: Session) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id);
  const cmp: Record<SessionSort, (a: Session, b: Session) => number> = {
    date: byDate,
    '-date': (a, b) => -byDate(a, b),
    hours: (a, b) => a.hours - b.hours || byDate(a, b),
    '-hours': (a, b) => b.hours - a.hours || -byDate(a, b),
  };
  return [...sessions].sort(cmp[sort]);
}
