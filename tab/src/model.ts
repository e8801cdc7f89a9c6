/**
 * What the tab computes from the API's answers: filters, orderings, the phases' dates and the
 * weekly series. Plain functions, no React.
 */
import { compareByHeadline } from '../../bot/domain/headline';
import type { PilotOverview, SessionView, WeekPointView } from '../../bot/api/contract';
import { type Phase, type PilotStage, STAGES } from '../../bot/domain/pilots';
import { localDate } from '../../bot/domain/localDate';
import { isoWeek } from '../../bot/domain/sessions';

export const SORTS = ['name', 'municipality', 'startDate', 'nextPhase', 'lastSession', 'headline', 'progress'] as const;
export type SortKey = (typeof SORTS)[number];

export interface Filters {
  municipality: string | null;
  kind: string | null;
  stage: PilotStage | null;
  partner: string | null;
  sort: SortKey;
}

export const NO_FILTERS: Filters = { municipality: null, kind: null, stage: null, partner: null, sort: 'name' };

/** The dates a pilot's phases are planned for. */
export type PhaseDates = Pick<PilotOverview, 'startDate' | 'midpointDate' | 'endDate'>;

export function phaseDate(p: PhaseDates, phase: Phase): string {
  return phase === 'start' ? p.startDate : phase === 'midpoint' ? p.midpointDate : p.endDate;
}

/** The date of the first phase not yet done; undefined when all are done. */
export function nextPhaseDate(p: PilotOverview): string | undefined {
  for (const phase of ['start', 'midpoint', 'end'] as const) {
    if (p.phases[phase] !== 'done') return phaseDate(p, phase);
  }
  return undefined;
}

export function progress(p: PilotOverview): number | null {
  const planned = p.totals.plannedSessions;
  return planned > 0 ? p.totals.sessions / planned : null;
}

export function filterOptions(pilots: PilotOverview[], collator: Intl.Collator) {
  const uniq = (values: string[]) => [...new Set(values)].sort(collator.compare);
  return {
    municipalities: uniq(pilots.map((p) => p.municipality)),
    kinds: uniq(pilots.map((p) => p.kind)),
    stages: STAGES.filter((s) => pilots.some((p) => p.stage === s)),
    partners: uniq(pilots.flatMap((p) => p.plan.partners)),
  };
}

/** Higher first, nulls last. */
function desc(a: number | null | undefined, b: number | null | undefined): number {
  const x = a ?? -Infinity;
  const y = b ?? -Infinity;
  return x === y ? 0 : x > y ? -1 : 1;
}

function descText(a: string | null | undefined, b: string | null | undefined): number {
  if (a === b) return 0;
  if (!a) return 1;
  if (!b) return -1;
  return a > b ? -1 : 1;
}

export function applyFilters(pilots: PilotOverview[], f: Filters, collator: Intl.Collator): PilotOverview[] {
  const shown = pilots.filter(
    (p) =>
      (f.municipality === null || p.municipality === f.municipality) &&
      (f.kind === null || p.kind === f.kind) &&
      (f.stage === null || p.stage === f.stage) &&
      (f.partner === null || (p.plan.partners as string[]).includes(f.partner)),
  );
  const byName = (a: PilotOverview, b: PilotOverview) => collator.compare(a.name, b.name);
  const order: Record<SortKey, (a: PilotOverview, b: PilotOverview) => number> = {
    name: byName,
    municipality: (a, b) => collator.compare(a.municipality, b.municipality) || byName(a, b),
    startDate: (a, b) => descText(a.startDate, b.startDate) || byName(a, b),
    nextPhase: (a, b) => {
      const x = nextPhaseDate(a) ?? '9999';
      const y = nextPhaseDate(b) ?? '9999';
      return x === y ? byName(a, b) : x < y ? -1 : 1;
    },
    lastSession: (a, b) => descText(a.totals.lastSessionDate, b.totals.lastSessionDate) || byName(a, b),
    // Like with like: by kind, then the kind's own figure (bot/domain/headline.ts), highest first.
    headline: (a, b) => compareByHeadline(a, b) || byName(a, b),
    progress: (a, b) => desc(progress(a), progress(b)) || byName(a, b),
  };
  return shown.sort(order[f.sort]);
}

const DAY_MS = 86400000;

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Sessions summed by ISO week from the week of `from` to the week of `to` (weeks without sessions
 * as zeros), with the kind's main count. For the pilot page's chart, over the pilot's whole span.
 */
export function weeklySeries(sessions: SessionView[], mainCount: string, from: string, to: string): WeekPointView[] {
  const byWeek = new Map<string, WeekPointView>();
  const add = (week: string) => byWeek.set(week, { week, sessions: 0, hours: 0, main: 0 });
  // Stepping seven days at a time visits every ISO week between the two dates once (ten years at most).
  for (let day = from, i = 0; from <= to && day <= to && i < 520; day = addDays(day, 7), i++) add(isoWeek(day));
  if (from <= to) add(isoWeek(to));
  for (const s of sessions) {
    const week = isoWeek(s.date);
    let point = byWeek.get(week);
    if (!point) byWeek.set(week, (point = { week, sessions: 0, hours: 0, main: 0 }));
    point.sessions += 1;
    point.hours += s.hours;
    point.main += (s.counts as Record<string, number | undefined>)[mainCount] ?? 0;
  }
  return [...byWeek.values()].sort((a, b) => (a.week < b.week ? -1 : a.week > b.week ? 1 : 0));
}

/** Today in Finland, as the server counts it (not the UTC date, a day behind after midnight). */
export function todayIso(): string {
  return localDate(new Date());
}
