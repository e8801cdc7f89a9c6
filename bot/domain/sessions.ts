/**
 * Sessions: one logged drop-in slot, appointment day, phone-line day, event or meeting.
 * A session holds counts of activity, never anything about a client.
 */
import type { Partner } from './pilots';

/** Every count a session of any kind may hold. Whole numbers ≥ 0. */
export const COUNT_KEYS = [
  // drop-in
  'visitors',
  'offeredTalk',
  'wantedToTalk',
  'declined',
  'socialWorkMatters',
  'moneyOnlyRequests',
  'referred',
  'appointmentsBooked',
  'newClients',
  'guidanceSupport',
  'intensifiedSupport',
  'rehabilitativeSupport',
  'employmentPromotion',
  // appointment service
  'appointments',
  'walkIns',
  'jointMeetings',
  // phone advisory
  'calls',
  'adultServices',
  'familyServices',
  'handledAtOnce',
  'passedOn',
  // pop-up / event, group outreach
  'attendees',
  'contacts',
  'participants',
  // Kela consultation: cases, and the outcome of each (answered / referred / Kela appointment)
  'casesConsulted',
  'answered',
  'kelaAppointments',
] as const;
export type CountKey = (typeof COUNT_KEYS)[number];
export type Counts = Partial<Record<CountKey, number>>;

export interface Session {
  id: string;
  pilotId: string;
  /** ISO date, YYYY-MM-DD, local (Europe/Helsinki). */
  date: string;
  hours: number;
  counts: Counts;
  /** Where it was held, when it differs from the plan's place. */
  place?: string;
  /** Who was there besides the social worker. */
  partnersPresent?: Partner[];
  /** Chosen list values: Kela consultation topics ("topic:housingAllowance"), pop-up marketing channels ("channel:library"). */
  tags?: string[];
  /** Free text: a consultation topic not in the list. Checked for identity codes like every free text. */
  otherTopic?: string;
  /** A short note about the session, never about a client. */
  note?: string;
  /** Entra object id of whoever logged it. */
  loggedBy: string;
  loggedAt: string;
}

/** Monday-based ISO week of an ISO date, as "2026-W09". */
export function isoWeek(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86400000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
