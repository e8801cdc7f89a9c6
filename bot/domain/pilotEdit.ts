/**
 * Changing a pilot after it was created, as the seed pilots changed while they ran: the parish
 * drop-in moved from the central parish hall to the districts and back, and Kela joined it
 * half-way. What may change: the name and municipality, the plan (its place and partners among
 * it), the dates, the owners and the baseline; never the kind, whose counts the sessions hold. Every change goes
 * into the history (who, when, from → to). Sessions logged before a change keep the place and
 * partners they had (planAt).
 */
import type { Partner, Pilot, PilotPlan } from './pilots';

export const EDITABLE_FIELDS = [
  'name',
  'municipality',
  'plan',
  'startDate',
  'midpointDate',
  'endDate',
  'owners',
  'baseline',
  'targets',
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/** One field's change, its values as JSON text (a plan or a list of owners as they were stored). */
export interface PilotChange {
  field: EditableField;
  from: string;
  to: string;
}

/** What a pilot's sessions had where the plan said nothing else: its place and partners until `until`. */
export interface PlanEra {
  /** ISO instant the change was made: sessions logged before it had these. */
  until: string;
  place: string;
  partners: Partner[];
}

/** A field's value as JSON text; a baseline not given is null. */
const value = (p: Pilot, f: EditableField): string => JSON.stringify(p[f] ?? null);

/** The fields that differ between two versions of a pilot, in EDITABLE_FIELDS order. */
export function pilotChanges(before: Pilot, after: Pilot): PilotChange[] {
  return EDITABLE_FIELDS.filter((f) => value(before, f) !== value(after, f)).map((f) => ({
    field: f,
    from: value(before, f),
    to: value(after, f),
  }));
}

/**
 * The pilot with the edited fields, and, when its place or partners changed, the era that ends
 * now (so that sessions logged before keep what they had). The kind, stage, decision, creator
 * and owners' names of those who stay are kept.
 */
export function applyEdit(
  pilot: Pilot,
  edit: Pick<Pilot, Exclude<EditableField, 'baseline' | 'targets'>> & {
    baseline?: string;
    targets?: Pilot['targets'];
    ownerNames?: Record<string, string>;
  },
  at: string,
): Pilot {
  const placeMoved =
    pilot.plan.place !== edit.plan.place ||
    JSON.stringify([...pilot.plan.partners].sort()) !== JSON.stringify([...edit.plan.partners].sort());
  const eras: PlanEra[] = [
    ...(pilot.planEras ?? []),
    ...(placeMoved ? [{ until: at, place: pilot.plan.place, partners: [...pilot.plan.partners] }] : []),
  ];
  const names: Record<string, string> = {};
  for (const id of edit.owners) {
    const name = edit.ownerNames?.[id] ?? pilot.ownerNames?.[id];
    if (name) names[id] = name;
  }
  const next: Pilot = {
    ...pilot,
    name: edit.name,
    municipality: edit.municipality,
    plan: edit.plan,
    startDate: edit.startDate,
    midpointDate: edit.midpointDate,
    endDate: edit.endDate,
    owners: edit.owners,
    ownerNames: Object.keys(names).length ? names : undefined,
  };
  if (edit.baseline) next.baseline = edit.baseline;
  else delete next.baseline;
  if (edit.targets?.length) next.targets = edit.targets;
  else delete next.targets;
  if (eras.length) next.planEras = eras;
  return next;
}

/** The place and partners in force when a session was logged: the era it fell in, else the plan's now. */
export function planAt(
  pilot: Pick<Pilot, 'plan' | 'planEras'>,
  loggedAt: string,
): Pick<PilotPlan, 'place' | 'partners'> {
  const era = (pilot.planEras ?? []).find((e) => loggedAt < e.until);
  return era
    ? { place: era.place, partners: era.partners }
    : { place: pilot.plan.place, partners: pilot.plan.partners };
}

/**
 * Where a session was held and who was there: what it recorded, else the plan in force when it
 * was logged (so a session logged before the place changed keeps the old place).
 */
export function sessionPlace(
  pilot: Pick<Pilot, 'plan' | 'planEras'>,
  s: { place?: string; partnersPresent?: Partner[]; loggedAt: string },
): { place: string; partners: Partner[] } {
  const planned = planAt(pilot, s.loggedAt);
  return {
    place: s.place || planned.place,
    partners: s.partnersPresent?.length ? s.partnersPresent : planned.partners,
  };
}

/**
 * An edit form brought up to date after the pilot changed meanwhile: the fields the person left
 * as they were (`typed` equals `base`, the inputs the form was opened on) take the pilot's new
 * values (`fresh`); the ones they changed keep what they typed. Saving it then does not undo
 * the other change. The bot's edit card and the tab's form both use it.
 */
export function rebaseEdit(
  base: Record<string, string>,
  typed: Record<string, string>,
  fresh: Record<string, string>,
): Record<string, string> {
  const merged: Record<string, string> = { ...fresh };
  for (const [k, v] of Object.entries(typed)) if (v !== (base[k] ?? '')) merged[k] = v;
  return merged;
}
