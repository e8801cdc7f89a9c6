/**
 * Reading a card's inputs: one reader of text, numbers, hours and dates, one error shape, and the
 * bounds as named constants. The readers of the new-pilot card and phase forms (forms.ts) and of
 * the session card (sessions.ts) check with these, and the card builders put the same bounds on
 * the inputs (min, max, maxLength), so what a card lets a person type and what Polku accepts are
 * the same numbers.
 */
import { localDate } from './localDate';

/** Hours of one session or slot: 0.25–12, in quarter hours. */
export const HOURS = { min: 0.25, max: 12, step: 0.25 } as const;
/** A session's staff time in all (people × hours, preparation, travel and recording included). */
export const STAFF_HOURS = { min: 0.25, max: 100, step: 0.25 } as const;
/** How many people worked a session. */
export const WORKERS = { min: 1, max: 20 } as const;
/** A pilot's name, municipality and place. */
export const MAX_NAME_LENGTH = 200;
export const MAX_SHORT_TEXT = 200;
/** The planned number of sessions, when given. */
export const PLANNED_SESSIONS = { min: 1, max: 1000 } as const;

/** One problem with one card field, with what its message needs (`params`). */
export interface FieldError<C extends string = string> {
  field: string;
  code: C;
  params?: Record<string, string | number>;
}

/**
 * A card input's value as trimmed text, or undefined when not filled. Teams sends strings, some
 * clients numbers, and a multi-select may come as an array (joined with commas, as Teams does).
 */
export function inputText(input: Record<string, unknown>, field: string): string | undefined {
  const raw = input[field];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'number') return Number.isFinite(raw) ? String(raw) : 'NaN';
  if (typeof raw === 'string') return raw.trim() === '' ? undefined : raw.trim();
  if (Array.isArray(raw)) {
    const joined = raw.filter((x): x is string => typeof x === 'string').join(',');
    return joined.trim() === '' ? undefined : joined;
  }
  return String(raw);
}

const DECIMAL = /^[+-]?\d+(?:[.,]\d+)?$/;

/** A number as people type it: a decimal point or a decimal comma; undefined when it is not one. */
export function parseDecimal(s: string): number | undefined {
  return DECIMAL.test(s) ? Number(s.replace(',', '.')) : undefined;
}

/** True for a real calendar date "YYYY-MM-DD" (Input.Date's format). */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** Card inputs of kind Input.Date, on every card Polku sends (session, pilot, decision). */
export const DATE_INPUTS = ['date', 'startDate', 'midpointDate', 'endDate', 'decisionDate'] as const;

const DAY_MS = 86_400_000;
const QUARTER_MS = 900_000;
const OFFSETS = { min: -12 * 60, max: 14 * 60 } as const;
const HELSINKI_OFFSETS = [120, 180];

/**
 * The calendar day an Input.Date value names, as "YYYY-MM-DD". Desktop clients send that form.
 * Some mobile clients send the picked day's local midnight as an instant ("2027-01-31T22:00:00.000Z"
 * from UTC+2, "2027-02-01T05:00:00.000Z" from UTC−5): the day is the one whose midnight that is,
 * at the sender's UTC offset when the activity gave one (its localTimestamp), else at the one
 * offset in −12…+14 h that makes it a midnight, Helsinki's nearest when two do. A value with its own
 * offset ("2027-02-01T00:00:00+02:00") names the day it writes. Anything else comes back as it
 * was, for the form to refuse beside the field with what was typed.
 */
export function cardDate(raw: string, senderOffsetMinutes?: number): string {
  const s = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (!m) return raw;
  const [, day, hh, mm, zone] = m;
  if (!isCalendarDate(day)) return raw;
  // A local time (no zone, or an offset of its own): the day as written.
  if (!zone || zone.toUpperCase() !== 'Z') return day;
  const instant = Date.parse(`${day}T${hh}:${mm}:00Z`);
  const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  if (senderOffsetMinutes !== undefined) return dayOf(instant + senderOffsetMinutes * 60_000);
  const intoDay = instant - Date.parse(`${day}T00:00:00Z`);
  // Not a local midnight anywhere: the day it is in Helsinki.
  if (intoDay % QUARTER_MS !== 0) return localDate(new Date(instant));
  // Offsets that make the instant a local midnight: −(time into the day), or a day minus it.
  const candidates = [-intoDay / 60_000, (DAY_MS - intoDay) / 60_000].filter(
    (o) => o >= OFFSETS.min && o <= OFFSETS.max,
  );
  if (!candidates.length) return localDate(new Date(instant));
  const distance = (o: number) => Math.min(...HELSINKI_OFFSETS.map((h) => Math.abs(o - h)));
  const offset = candidates.sort((a, b) => distance(a) - distance(b))[0];
  return dayOf(instant + offset * 60_000);
}

/** Hours as typed: the value, or what is wrong with it. */
export function readHours(
  raw: string | undefined,
  bounds: { min: number; max: number; step: number } = HOURS,
): { value: number } | { problem: 'required' | 'hoursRange' | 'hoursStep' } {
  if (raw === undefined || raw === '') return { problem: 'required' };
  const n = parseDecimal(raw);
  if (n === undefined || n < bounds.min || n > bounds.max) return { problem: 'hoursRange' };
  if (Math.abs(n / bounds.step - Math.round(n / bounds.step)) > 1e-9) return { problem: 'hoursStep' };
  return { value: n };
}
