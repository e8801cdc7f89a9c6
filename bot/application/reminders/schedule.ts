/**
 * The reminder schedule as the application changes it: a new pilot's reminders, and those a saved
 * phase or a settings change no longer wants taken off. When is decided in domain/reminders.ts.
 */
import type { Pilot } from '../../domain/pilots';
import { firstPhaseStep, nextSessionPrompt, whyNotWanted } from '../../domain/reminders';
import type { Logger } from '../../log';
import type { ReminderStore } from '../../storage/reminders';
import { errorNameOf } from './delivery';

export class ReminderSchedule {
  constructor(private readonly deps: { reminders: ReminderStore; log: Logger }) {}

  /** Puts a new pilot's reminders on the schedule: both evaluations and the first session prompt. */
  async planFor(pilot: Pilot, now: Date): Promise<void> {
    for (const phase of ['midpoint', 'end'] as const) {
      const r = firstPhaseStep(pilot, phase, now);
      if (r) await this.deps.reminders.schedule(pilot.id, r, now);
    }
    const s = nextSessionPrompt(pilot, now);
    if (s) await this.deps.reminders.schedule(pilot.id, s, now);
  }

  /**
   * A phase was saved: what the rule (whyNotWanted) no longer wants goes off the schedule, so the
   * reminders view and the schedule agree. Never fails the save: should storage refuse here, the
   * sweep asks the same rule before sending, so nothing unwanted goes out; the failure is logged.
   */
  async phaseSaved(pilot: Pilot): Promise<void> {
    try {
      await this.prune(pilot);
    } catch (e) {
      this.deps.log.warn({ pilotId: pilot.id, error: errorNameOf(e) }, 'reminders not tidied after a phase was saved');
    }
  }

  /**
   * The pilot's dates or plan changed: every reminder it has on the schedule goes, and those the
   * rule still wants are planned afresh from the new dates and plan (the next of each chain).
   */
  async replan(pilot: Pilot, now: Date): Promise<void> {
    const own = await this.deps.reminders.ofPilot(pilot.id);
    for (const r of own.scheduled) await this.deps.reminders.cancel(r);
    const state = { pilot, settings: own.settings };
    for (const phase of ['midpoint', 'end'] as const) {
      const r = firstPhaseStep(pilot, phase, now);
      if (r && !whyNotWanted(r, state)) await this.deps.reminders.schedule(pilot.id, r, now);
    }
    const s = nextSessionPrompt(pilot, now);
    if (s && !whyNotWanted(s, state)) await this.deps.reminders.schedule(pilot.id, s, now);
    this.deps.log.info({ pilotId: pilot.id, cancelled: own.scheduled.length }, 'reminders planned again');
  }

  /** Takes off the schedule each of the pilot's reminders the rule no longer wants. */
  async prune(pilot: Pilot): Promise<void> {
    const own = await this.deps.reminders.ofPilot(pilot.id);
    const state = { pilot, settings: own.settings };
    let removed = 0;
    for (const r of own.scheduled) {
      if (whyNotWanted(r, state) && (await this.deps.reminders.cancel(r))) removed++;
    }
    if (removed) this.deps.log.info({ pilotId: pilot.id, removed }, 'reminders no longer wanted: off the schedule');
  }
}
