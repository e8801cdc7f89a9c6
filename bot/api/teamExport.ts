/**
 * A team's pilots side by side, as the development group exports them: one row a pilot (its
 * dates, stage, decision, targets, headline figures, volume and main counts) and one row a
 * session of every pilot. Pure: the caller reads the pilots, totals and sessions; the files are
 * made by export.ts (CSV for Finnish Excel, a workbook with the two sheets).
 *
 * Numbers are cells, never text: a rate (reach per hour) is the number itself, a share (calls
 * handled at once) the fraction, 0.62, which the workbook shows as "62 %" and CSV writes as
 * "0,62". A figure that cannot be computed is an empty cell, never 0; a count a session did not
 * hold is empty, a 0 it recorded stays 0.
 */
import { type Cell, type DataTable, safeFileName, tagLabel, toCsv, toXlsxBook } from './export';
import {
  FIGURE_KEYS,
  type FigureKey,
  figureOf,
  type FigureUnit,
  HEADLINE,
  headlineOf,
  staffFigures,
} from '../domain/headline';
import { plannedSessions } from '../domain/measures';
import { sessionPlace } from '../domain/pilotEdit';
import type { Pilot } from '../domain/pilots';
import { COUNT_KEYS, type CountKey, type Session, SESSION_FORMS } from '../domain/sessions';
import { plannedPeriods, readTargets } from '../domain/targets';
import type { Totals } from '../domain/totals';
import { formatNumber, type Locale, strings } from '../i18n';
import { targetText } from '../i18n/targetLine';

export type TeamExportWhat = 'pilots' | 'sessions';
export const TEAM_EXPORT_WHATS: readonly TeamExportWhat[] = ['pilots', 'sessions'];

/** One pilot of the team with what the export reads of it. */
export interface TeamExportItem {
  pilot: Pilot;
  totals: Totals;
  sessions: Session[];
}

/**
 * Pilots as the team sees them listed: by name as Finnish sorts it (å, ä, ö last), then
 * municipality. The collator is made by the first export, not when the server starts: making it
 * reads ICU's collation data into the server's memory (bench/README.md, memory).
 */
let finnish: Intl.Collator | undefined;
function byName(a: Pilot, b: Pilot): number {
  const collator = (finnish ??= new Intl.Collator('fi'));
  return (
    collator.compare(a.name, b.name) ||
    collator.compare(a.municipality, b.municipality) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Keys in their list's order, those in `present` only. */
function inOrder<K extends string>(all: readonly K[], present: Iterable<K>): K[] {
  const set = new Set(present);
  return all.filter((k) => set.has(k));
}

/** The pilot's name, municipality and kind in words: the first columns of both sheets. */
function pilotColumns(locale: Locale): DataTable['columns'] {
  const t = strings(locale);
  return [
    { header: t.pilotForm.name, kind: 'text', width: 40 },
    { header: t.pilotForm.municipality, kind: 'text', width: 20 },
    { header: t.pilotForm.kind, kind: 'text', width: 24 },
  ];
}

function pilotCells(locale: Locale, pilot: Pilot): Cell[] {
  return [pilot.name, pilot.municipality, strings(locale).kinds[pilot.kind]];
}

/**
 * One row a pilot, by name: name, municipality, kind; start, midpoint and end dates; stage;
 * decision; targets in words ("; " between them) and the status of each in the same order; the
 * headline figures of the kinds present (each pilot's own filled, blank where it cannot be
 * computed); sessions, hours, staff hours, contacts per staff hour, planned sessions; and the
 * totals of the main counts of the kinds present. `today` bounds the planned weeks and months
 * that per-week and per-month targets divide by.
 */
export function teamPilotsTable(
  locale: Locale,
  items: readonly { pilot: Pilot; totals: Totals }[],
  today: string,
): DataTable {
  const t = strings(locale);
  const x = t.teamExport;
  const ordered = [...items].sort((a, b) => byName(a.pilot, b.pilot));
  const figures: FigureKey[] = inOrder(
    FIGURE_KEYS,
    ordered.flatMap((i) => HEADLINE[i.pilot.kind]),
  );
  const counts: CountKey[] = inOrder(
    COUNT_KEYS,
    ordered.flatMap((i) => SESSION_FORMS[i.pilot.kind].counts),
  );
  const texts = { ...t.targets, notComputable: t.figures.notComputable };
  const number = (n: number) => formatNumber(locale, n);

  const columns: DataTable['columns'] = [
    ...pilotColumns(locale),
    { header: t.pilotForm.startDate, kind: 'date', width: 12 },
    { header: t.pilotForm.midpointDate, kind: 'date', width: 12 },
    { header: t.pilotForm.endDate, kind: 'date', width: 12 },
    { header: t.pilotCard.phase, kind: 'text', width: 20 },
    { header: t.decisions.label, kind: 'text', width: 22 },
    { header: t.targets.heading, kind: 'text', width: 40 },
    { header: x.targetStatus, kind: 'text', width: 24 },
    ...figures.map((key) => ({
      header: t.figures[key],
      kind: figureUnit(key) === 'share' ? ('share' as const) : ('rate' as const),
      width: 16,
    })),
    { header: x.sessions, kind: 'number', width: 12 },
    { header: t.session.fields.hours, kind: 'number', width: 12 },
    { header: x.staffHours, kind: 'number', width: 14 },
    { header: t.figures.contactsPerStaffHour, kind: 'rate', width: 14 },
    { header: x.plannedSessions, kind: 'number', width: 14 },
    ...counts.map((key) => ({ header: t.session.countLabels[key], kind: 'number' as const, width: 14 })),
  ];

  const rows = ordered.map(({ pilot, totals }) => {
    const own = new Map(headlineOf(pilot.kind, totals).map((f) => [f.key, f.value]));
    // The planned weeks and months up to today: what per-week and per-month targets divide by.
    const readings = readTargets(pilot.targets, {
      sessions: totals.sessions,
      hours: totals.hours,
      counts: totals.counts,
      ...plannedPeriods(pilot, today),
    });
    const staff = staffFigures(pilot.kind, totals);
    const main = new Set<CountKey>(SESSION_FORMS[pilot.kind].counts);
    const row: Cell[] = [
      ...pilotCells(locale, pilot),
      pilot.startDate,
      pilot.midpointDate,
      pilot.endDate,
      t.stages[pilot.stage],
      pilot.decision ? t.decisions[pilot.decision] : null,
      readings.map((r) => targetText(texts, number, r.target)).join('; ') || null,
      readings.map((r) => t.targets.status[r.status]).join('; ') || null,
      ...figures.map((key) => own.get(key) ?? null),
      totals.sessions,
      totals.hours,
      staff.staffHours,
      staff.contactsPerStaffHour ?? null,
      plannedSessions(pilot.plan, pilot.startDate, pilot.endDate),
      ...counts.map((key) => (main.has(key) ? (totals.counts[key] ?? null) : null)),
    ];
    return row;
  });
  return { sheet: x.pilotsSheet, columns, rows };
}

/** Whether a figure is a rate or a share, as headline.ts defines it. */
function figureUnit(key: FigureKey): FigureUnit {
  return figureOf(key, { sessions: 0, hours: 0, counts: {} }).unit;
}

/**
 * Every session of every pilot, by pilot (as in the pilots sheet) and date: the pilot's name,
 * municipality and kind; date, hours; every count any session holds (blank where this one holds
 * none); place and partners as the pilot's own export words them (the plan in force when the
 * session was logged, unless it recorded its own); topics and channels, and the other topic,
 * when any session has them; the note.
 */
export function teamSessionsTable(
  locale: Locale,
  items: readonly { pilot: Pilot; sessions: readonly Session[] }[],
): DataTable {
  const t = strings(locale);
  const s = t.session;
  const ordered = [...items].sort((a, b) => byName(a.pilot, b.pilot));
  const all = ordered.flatMap(({ pilot, sessions }) =>
    [...sessions]
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((session) => ({ pilot, session })),
  );
  const counts: CountKey[] = inOrder(
    COUNT_KEYS,
    all.flatMap(({ session }) => Object.keys(session.counts) as CountKey[]),
  );
  const tagsOf = (session: Session, prefix: 'topic' | 'channel') =>
    (session.tags ?? []).filter((tag) => tag.startsWith(`${prefix}:`));
  const withTopics = all.some(({ session }) => tagsOf(session, 'topic').length > 0);
  const withChannels = all.some(({ session }) => tagsOf(session, 'channel').length > 0);
  const withOther = all.some(({ session }) => session.otherTopic);

  const columns: DataTable['columns'] = [
    ...pilotColumns(locale),
    { header: s.fields.date, kind: 'date', width: 12 },
    { header: s.fields.hours, kind: 'number', width: 10 },
    ...counts.map((key) => ({ header: s.countLabels[key], kind: 'number' as const, width: 14 })),
    { header: t.pilotForm.place, kind: 'text', width: 24 },
    { header: s.fields.partnersPresent, kind: 'text', width: 24 },
  ];
  if (withTopics) columns.push({ header: s.fields.topics, kind: 'text', width: 30 });
  if (withChannels) columns.push({ header: s.fields.channels, kind: 'text', width: 30 });
  if (withOther) columns.push({ header: s.fields.otherTopic, kind: 'text', width: 24 });
  columns.push({ header: s.fields.note, kind: 'text', width: 40 });

  const words = (tags: string[]) => tags.map((tag) => tagLabel(locale, tag)).join(', ') || null;
  const rows = all.map(({ pilot, session }) => {
    const where = sessionPlace(pilot, session);
    const row: Cell[] = [
      ...pilotCells(locale, pilot),
      session.date,
      session.hours,
      ...counts.map((key) => session.counts[key] ?? null),
      where.place || null,
      where.partners.map((p) => s.partners[p] ?? p).join(', ') || null,
    ];
    if (withTopics) row.push(words(tagsOf(session, 'topic')));
    if (withChannels) row.push(words(tagsOf(session, 'channel')));
    if (withOther) row.push(session.otherTopic ?? null);
    row.push(session.note ?? null);
    return row;
  });
  return { sheet: t.teamExport.sessionsSheet, columns, rows };
}

/** The team export's files, each made when asked for. */
export interface TeamExportFiles {
  /** A workbook with two sheets: the pilots, then the sessions. */
  xlsx(): Promise<Buffer>;
  csvPilots(): Buffer;
  csvSessions(): Buffer;
}

/**
 * The team export as files. The pilots alone need no sessions: `toCsv(teamPilotsTable(…))`
 * serves `what=pilots&format=csv` from the team index without reading a session.
 */
export function teamExportFiles(locale: Locale, items: readonly TeamExportItem[], today: string): TeamExportFiles {
  return {
    xlsx: () => toXlsxBook([teamPilotsTable(locale, items, today), teamSessionsTable(locale, items)]),
    csvPilots: () => toCsv(teamPilotsTable(locale, items, today)),
    csvSessions: () => toCsv(teamSessionsTable(locale, items)),
  };
}

/**
 * The file's name: "<team> - Kokeilut ja käyntikerrat.xlsx" (both sheets), or the sheet's name
 * for a CSV ("<team> - Kokeilut.csv"). Give it to export.ts contentDisposition.
 */
export function teamExportFileName(
  locale: Locale,
  teamName: string,
  format: 'csv' | 'xlsx',
  what: TeamExportWhat,
): string {
  const x = strings(locale).teamExport;
  const part = format === 'xlsx' ? x.workbookFile : what === 'pilots' ? x.pilotsSheet : x.sessionsSheet;
  return `${safeFileName(teamName)} - ${safeFileName(part)}.${format}`;
}
