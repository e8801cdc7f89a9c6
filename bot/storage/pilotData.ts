/**
 * Everything Polku holds about one pilot, across its tables: for the owner's full export and for
 * deleting the pilot. The pilot's partition (pilot, totals, evaluations, sessions, history,
 * markers), its row in the team's index, and its reminders (scheduled rows, settings, markers).
 */
import type { HistoryEntry } from '../domain/history';
import type { Evaluation } from '../domain/phases';
import type { Pilot } from '../domain/pilots';
import type { Session } from '../domain/sessions';
import type { Totals } from '../domain/totals';
import type { DeletedPilot } from './pilotPartition';
import type { PilotStore } from './pilots';
import type { ReminderSettings, ReminderStore } from './reminders';

export const PILOT_EXPORT_FORMAT = 'polku-pilot-export';
export const PILOT_EXPORT_VERSION = 1;

export interface PilotExport {
  format: typeof PILOT_EXPORT_FORMAT;
  version: typeof PILOT_EXPORT_VERSION;
  exportedAt: string;
  pilot: Pilot;
  teamName: string;
  totals: Totals;
  evaluations: Evaluation[];
  sessions: Session[];
  history: HistoryEntry[];
  reminders: {
    settings: ReminderSettings;
    scheduled: { key: string; kind: string; phase?: string; step?: string; slotDate?: string; dueAt: string }[];
    markers: string[];
  };
  /** Rows that only make retries safe: how many, nothing in them is about the pilot's work. */
  idempotencyMarkers: number;
}

export interface PilotDeletion extends DeletedPilot {
  reminders: number;
}

export class PilotData {
  constructor(private readonly deps: { pilots: PilotStore; reminders: ReminderStore }) {}

  async export(pilotId: string, at: Date): Promise<PilotExport | undefined> {
    const [record, reminders] = await Promise.all([
      this.deps.pilots.pilotRecord(pilotId),
      this.deps.reminders.ofPilot(pilotId),
    ]);
    if (!record) return undefined;
    const teamName = (await this.deps.pilots.teamName(record.pilot.team)) ?? '';
    return {
      format: PILOT_EXPORT_FORMAT,
      version: PILOT_EXPORT_VERSION,
      exportedAt: at.toISOString(),
      pilot: record.pilot,
      teamName,
      totals: record.totals,
      evaluations: record.evaluations,
      sessions: record.sessions.sort((a, b) => a.date.localeCompare(b.date) || a.loggedAt.localeCompare(b.loggedAt)),
      history: record.history,
      reminders: {
        settings: reminders.settings,
        scheduled: reminders.scheduled
          .map((r) => ({
            key: r.key,
            kind: r.kind,
            phase: r.phase,
            step: r.step,
            slotDate: r.slotDate,
            dueAt: r.dueAt.toISOString(),
          }))
          .sort((a, b) => a.dueAt.localeCompare(b.dueAt)),
        markers: reminders.markers,
      },
      idempotencyMarkers: record.markers,
    };
  }

  /**
   * Deletes the pilot everywhere. Reminders go before the pilot's own rows, whose pilot row goes
   * last: a deletion cut short (storage away) finds the pilot again and finishes when repeated.
   * Then the people index's entries of the pilot.
   * Callers have checked the pilot exists and who asks; an id with no pilot deletes nothing.
   */
  async delete(pilotId: string): Promise<PilotDeletion | undefined> {
    const reminders = await this.deps.reminders.forgetPilot(pilotId);
    const deleted = await this.deps.pilots.deletePilot(pilotId);
    if (!deleted) return undefined;
    // Last: an entry left by a deletion cut short names a pilot that names no one (harmless).
    await this.deps.pilots.people.forgetPilot(deleted.pilot.team.tenantId, pilotId);
    return { ...deleted, reminders };
  }
}
