/**
 * Saving an edit of a pilot: one rule for the bot's edit card and the tab's edit form. The form's
 * inputs are read as a new pilot's details are (domain/forms.ts parsePilotDetails; the kind
 * stays), owners chosen anew are checked against the team by the caller, the change is written
 * with a history entry of what changed (who, when, from → to), unless the pilot changed since the
 * form was opened, and the reminders are planned again when the dates or the plan changed.
 */
import { type FormError, parsePilotDetails } from '../domain/forms';
import { applyEdit, type PilotChange } from '../domain/pilotEdit';
import type { Pilot } from '../domain/pilots';
import type { Logger } from '../log';
import type { PilotStore } from '../storage/pilots';

export interface PilotEditRequest {
  /** The pilot as the caller read it (its owners decide who is new). */
  pilot: Pilot;
  actor: { userId: string; name: string };
  /** The form's inputs, as parsePilotDetails reads them. */
  input: Record<string, unknown>;
  /** The pilot's version the form was opened on; a change since then is a conflict. */
  version: number;
  idempotencyKey: string;
  /** Owners chosen who are not owners now: members of the team, with their names, or an error. */
  checkNewOwners(ids: string[]): Promise<{ errors: FormError[]; names: Record<string, string> }>;
}

export type PilotEditOutcome =
  | { status: 'invalid'; errors: FormError[] }
  | { status: 'notFound' }
  | { status: 'conflict' }
  | { status: 'unchanged' }
  | { status: 'saved'; changes: PilotChange[]; pilot: Pilot }
  /** The same edit (its idempotency key) was saved before. */
  | { status: 'alreadySaved' };

/** The fields whose change moves the reminders. */
const SCHEDULE_FIELDS: readonly string[] = ['plan', 'startDate', 'midpointDate', 'endDate'];

export interface PilotEditorDeps {
  pilots: PilotStore;
  schedule: { replan(pilot: Pilot, now: Date): Promise<void> };
  log: Logger;
  now: () => Date;
}

export class PilotEditor {
  constructor(private readonly deps: PilotEditorDeps) {}

  async save(req: PilotEditRequest): Promise<PilotEditOutcome> {
    const { pilot, actor } = req;
    const parsed = parsePilotDetails({ ...req.input, kind: pilot.kind });
    const chosen = parsed.ok ? parsed.value.owners : [];
    const owners = await req.checkNewOwners(chosen.filter((o) => o !== actor.userId && !pilot.owners.includes(o)));
    const errors = [...(parsed.ok ? [] : parsed.errors), ...owners.errors];
    if (!parsed.ok || errors.length) return { status: 'invalid', errors };
    const d = parsed.value;
    // Whoever edits stays an owner; owners kept keep their names, new ones get theirs from the team.
    const ownerIds = [actor.userId, ...d.owners.filter((o) => o !== actor.userId)];
    const at = this.deps.now().toISOString();
    const result = await this.deps.pilots.editPilot({
      pilotId: pilot.id,
      expectedVersion: req.version,
      change: (current) =>
        applyEdit(
          current,
          {
            name: d.name,
            municipality: d.municipality,
            plan: d.plan,
            startDate: d.startDate,
            midpointDate: d.midpointDate,
            endDate: d.endDate,
            owners: ownerIds,
            baseline: d.baseline,
            targets: d.targets,
            ownerNames: { ...owners.names, [actor.userId]: actor.name || current.ownerNames?.[actor.userId] || '' },
          },
          at,
        ),
      by: actor.userId,
      at,
      idempotencyKey: req.idempotencyKey,
    });
    switch (result.status) {
      case 'notFound':
        return { status: 'notFound' };
      case 'conflict':
        return { status: 'conflict' };
      case 'unchanged':
        return { status: 'unchanged' };
      case 'duplicate':
        return { status: 'alreadySaved' };
      case 'saved':
        this.deps.log.info({ pilotId: pilot.id, fields: result.changes.map((c) => c.field) }, 'pilot edited');
        if (result.changes.some((c) => SCHEDULE_FIELDS.includes(c.field))) {
          await this.deps.schedule.replan(result.pilot, this.deps.now());
        }
        return { status: 'saved', changes: result.changes, pilot: result.pilot };
    }
  }
}
