/**
 * A pilot's sessions and evaluations as files: CSV as Finnish Excel opens it (UTF-8 with a BOM,
 * `;` between fields, decimal comma, CRLF) and Excel workbooks (exceljs: a header row, numbers
 * as numbers, dates as dates). Headers are in the caller's language, from the bot's own strings.
 */
import type { Evaluation, QuestionKey } from '../domain/phases';
import { sessionPlace } from '../domain/pilotEdit';
import { END_QUESTIONS, START_QUESTIONS } from '../domain/phases';
import { type Phase, PHASES, type Pilot } from '../domain/pilots';
import { type CountKey, COUNT_KEYS, type Session, SESSION_FORMS } from '../domain/sessions';
import { type Locale, LOCALES, strings } from '../i18n';

/** `all` is everything Polku holds about the pilot, for its owners, as JSON only. */
export type ExportWhat = 'sessions' | 'evaluations' | 'all';
export type ExportFormat = 'csv' | 'xlsx' | 'json';
export const EXPORT_WHATS: readonly ExportWhat[] = ['sessions', 'evaluations', 'all'];
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx', 'json'];

/**
 * How a column's cells read: an ISO date (a date cell), a number, a rate (a number shown with two
 * decimals), a share (a fraction, 0.62, shown as "62 %" in a workbook; CSV writes the fraction) or text.
 */
export type CellKind = 'date' | 'number' | 'rate' | 'share' | 'text';
export type Cell = string | number | null;

/** One sheet of data: a header row and rows of typed cells. */
export interface DataTable {
  sheet: string;
  columns: { header: string; kind: CellKind; width: number }[];
  rows: Cell[][];
}

// ---------------------------------------------------------------------------------------------
// Language

/** `?locale=` (fi, sv, en, or a tag of one of them: "sv-FI"); undefined when it names none of them. */
export function localeParam(value: string): Locale | undefined {
  const lang = value.trim().toLowerCase().split(/[-_]/)[0];
  return /^[a-z]{2,3}(?:[-_][a-z0-9]{1,8})*$/i.test(value.trim()) && (LOCALES as readonly string[]).includes(lang)
    ? (lang as Locale)
    : undefined;
}

/** The caller's language from Accept-Language, by preference weight; Finnish when none is ours. */
export function localeOfAcceptLanguage(header: string | undefined): Locale {
  const ranked = (header ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: tag.trim().toLowerCase().split('-')[0], q: q ? Number(q.slice(2)) : 1, i };
    })
    .filter((x) => (LOCALES as readonly string[]).includes(x.lang) && Number.isFinite(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return (ranked[0]?.lang as Locale | undefined) ?? 'fi';
}

// ---------------------------------------------------------------------------------------------
// Tables

/** The counts a pilot's sessions show: its form's, then any other a session holds. */
function countColumns(pilot: Pilot, sessions: Session[]): CountKey[] {
  const form = SESSION_FORMS[pilot.kind];
  const keys: CountKey[] = [...form.counts, ...form.optionalCounts];
  const present = new Set(sessions.flatMap((s) => Object.keys(s.counts)));
  for (const key of COUNT_KEYS) if (present.has(key) && !keys.includes(key)) keys.push(key);
  return keys;
}

/** A session's tag in words ("topic:pensions" → "Eläkkeet"); the tag itself when the list has no word for it. */
export function tagLabel(locale: Locale, tag: string): string {
  const t = strings(locale).session;
  const [prefix, value] = tag.split(':', 2);
  const list: Record<string, string> | undefined =
    prefix === 'topic' ? t.topics : prefix === 'channel' ? t.channels : undefined;
  return (value !== undefined && list?.[value]) || tag;
}

/** Sessions oldest first: date, hours, the kind's counts, place, partners, topics or channels, note. */
export function sessionsTable(locale: Locale, pilot: Pilot, sessions: Session[]): DataTable {
  const t = strings(locale);
  const s = t.session;
  const form = SESSION_FORMS[pilot.kind];
  const counts = countColumns(pilot, sessions);
  const withOther = form.tagList?.other || sessions.some((x) => x.otherTopic);
  const columns: DataTable['columns'] = [
    { header: s.fields.date, kind: 'date', width: 12 },
    { header: s.fields.hours, kind: 'number', width: 10 },
    ...counts.map((key) => ({ header: s.countLabels[key], kind: 'number' as const, width: 14 })),
    { header: t.pilotForm.place, kind: 'text', width: 24 },
    { header: s.fields.partnersPresent, kind: 'text', width: 24 },
  ];
  if (form.tagList) columns.push({ header: s.fields[form.tagList.field], kind: 'text', width: 30 });
  if (withOther) columns.push({ header: s.fields.otherTopic, kind: 'text', width: 24 });
  columns.push({ header: s.fields.note, kind: 'text', width: 40 });

  const ordered = [...sessions].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  const rows = ordered.map((x) => {
    // What the session recorded, else the plan in force when it was logged (pilotEdit.ts).
    const where = sessionPlace(pilot, x);
    const row: Cell[] = [
      x.date,
      x.hours,
      ...counts.map((key) => x.counts[key] ?? null),
      where.place || null,
      where.partners.map((p) => s.partners[p] ?? p).join(', ') || null,
    ];
    if (form.tagList) row.push((x.tags ?? []).map((tag) => tagLabel(locale, tag)).join(', ') || null);
    if (withOther) row.push(x.otherTopic ?? null);
    row.push(x.note ?? null);
    return row;
  });
  return { sheet: t.pilotCard.sessions, columns, rows };
}

const ALL_QUESTIONS: readonly QuestionKey[] = [...START_QUESTIONS, ...END_QUESTIONS];

/** One row per saved phase: the phase, each question's answer (blank where the phase does not ask it), the decision. */
export function evaluationsTable(locale: Locale, phases: Partial<Record<Phase, Evaluation>>): DataTable {
  const t = strings(locale);
  const columns: DataTable['columns'] = [
    { header: t.pilotCard.phase, kind: 'text', width: 20 },
    ...ALL_QUESTIONS.map((q) => ({ header: t.questions[q], kind: 'text' as const, width: 40 })),
    { header: t.decisions.label, kind: 'text', width: 24 },
  ];
  const rows = PHASES.flatMap((phase) => {
    const e = phases[phase];
    if (!e) return [];
    return [
      [t.phases[phase], ...ALL_QUESTIONS.map((q) => e.answers[q] || null), e.decision ? t.decisions[e.decision] : null],
    ];
  });
  return { sheet: t.pilotCard.phase, columns, rows };
}

// ---------------------------------------------------------------------------------------------
// Files

/** Text a spreadsheet would run as a formula is kept as text. */
function csvText(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

function csvCell(cell: Cell, kind: CellKind): string {
  if (cell === null || cell === '') return '';
  if (typeof cell === 'number') return String(cell).replace('.', ',');
  const s = kind === 'text' ? csvText(cell) : cell;
  return /[;"\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** UTF-8 with a BOM, `;`-separated, CRLF, decimal comma: what Excel with Finnish settings opens as columns. */
export function toCsv(table: DataTable): Buffer {
  const lines = [
    table.columns.map((c) => csvCell(c.header, 'text')).join(';'),
    ...table.rows.map((row) => row.map((cell, i) => csvCell(cell, table.columns[i].kind)).join(';')),
  ];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** A sheet name Excel accepts: no []:*?/\, no apostrophe at either end, at most 31 characters. */
function sheetName(name: string): string {
  return (
    name
      .replace(/[[\]:*?/\\]/g, ' ')
      .replace(/^['\s]+|['\s]+$/g, '')
      .slice(0, 31)
      .trim() || 'Polku'
  );
}

/** Sheet names, each unique as Excel compares them (case aside): a repeated one gets " (2)", " (3)"… */
function uniqueSheetNames(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((raw) => {
    const base = sheetName(raw);
    let name = base;
    for (let n = 2; used.has(name.toLocaleLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = `${base.slice(0, 31 - suffix.length).trimEnd()}${suffix}`;
    }
    used.add(name.toLocaleLowerCase());
    return name;
  });
}

function dateValue(iso: string): Date | string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : iso;
}

const NUM_FMT: Partial<Record<CellKind, string>> = { date: 'yyyy-mm-dd', rate: '0.00', share: '0 %' };

/**
 * An Excel workbook with one sheet a table, in order, under unique names: on each a bold, frozen
 * header row with a filter, dates as dates, numbers as numbers.
 */
export async function toXlsxBook(tables: DataTable[]): Promise<Buffer> {
  // Loaded on first export only: exceljs is large.
  const { Workbook } = await import('exceljs');
  const wb = new Workbook();
  wb.creator = 'Polku';
  // A workbook without a sheet is one Excel refuses to open.
  const sheets: DataTable[] = tables.length ? tables : [{ sheet: 'Polku', columns: [], rows: [] }];
  const names = uniqueSheetNames(sheets.map((t) => t.sheet));
  for (const [n, table] of sheets.entries()) {
    const ws = wb.addWorksheet(names[n], { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = table.columns.map((c) => {
      const numFmt = NUM_FMT[c.kind];
      return {
        header: c.header,
        width: c.width,
        style: numFmt ? { numFmt } : c.kind === 'text' ? { alignment: { wrapText: true } } : {},
      };
    });
    ws.getRow(1).font = { bold: true };
    for (const row of table.rows) {
      ws.addRow(
        row.map((cell, i) => (cell !== null && table.columns[i].kind === 'date' ? dateValue(String(cell)) : cell)),
      );
    }
    if (table.columns.length)
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** An Excel workbook with the table on one sheet: bold, frozen header row with a filter. */
export async function toXlsx(table: DataTable): Promise<Buffer> {
  return toXlsxBook([table]);
}

/** The pilot's name as a file name: no path or reserved characters, at most 80 characters. */
export function safeFileName(name: string): string {
  const safe = name
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"*/:<>?\\|;,]+/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .slice(0, 80)
    .trim();
  return safe || 'polku';
}

/** `attachment` with an ASCII fallback name and the full name in UTF-8 (RFC 6266, RFC 5987). */
export function contentDisposition(fileName: string): string {
  const ascii =
    fileName
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9 ._-]+/g, '')
      .replace(/\s+/g, '-') || 'polku';
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The media type of each file Polku sends: the exports', and the Innokylä draft's (Word, Markdown). */
export const CONTENT_TYPES: Record<ExportFormat | 'docx' | 'md', string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  md: 'text/markdown; charset=utf-8',
};
