/**
 * Demo data: on an empty store, the seed pilots of DOMAIN.md go into a demo team so that a
 * newcomer sees real-looking data at once. Each pilot is written as it ran: created on its start
 * date, then its sessions (each logged on its own day), the changes of its plan and its midpoint
 * and end forms, in date order, so that a session keeps the place and partners of its time
 * (pilotEdit.ts sessionPlace) and the history reads in the order things happened. Every write
 * is keyed, so a second load changes nothing.
 */
import type { Logger } from '../log';
import type { PilotStore, PilotSummary } from '../storage/pilots';
import { DEMO_TEAM, DEMO_TEAM_NAME, DEMO_USER_ID, DEMO_USER_NAME } from './constants';
import { SEED_PILOTS, type SeedEdit, type SeedPilot } from './seedPilots';
import { applyEdit } from '../domain/pilotEdit';
import type { Pilot, TeamRef } from '../domain/pilots';

/** A seed pilot as a new pilot of a team, owned by one person, at its start phase. */
export function pilotFromSeed(seed: SeedPilot, o: { id: string; team: TeamRef; owner: string; at: string }): Pilot {
  return {
    id: o.id,
    team: o.team,
    name: seed.name,
    municipality: seed.municipality,
    kind: seed.kind,
    plan: seed.plan,
    startDate: seed.startDate,
    midpointDate: seed.midpointDate,
    endDate: seed.endDate,
    ...(seed.baseline ? { baseline: seed.baseline } : {}),
    ...(seed.targets ? { targets: seed.targets.map((t) => ({ ...t })) } : {}),
    owners: [o.owner],
    stage: 'start',
    createdBy: o.owner,
    createdAt: o.at,
  };
}

export const demoPilotId = (key: string): string => `demo-${key}`;

/** The idempotency key of a seed pilot's n-th edit (1-based). */
export const demoEditKey = (key: string, n: number): string => `demo-${key}-edit-${n}`;

/** When the demo pilot was created and its start form saved: its start date (assumed 8.00 UTC). */
const createdAtOf = (seed: SeedPilot): string => `${seed.startDate}T08:00:00.000Z`;
/** A session is logged on its own day (assumed noon UTC, after a morning slot). */
const loggedAtOf = (date: string): string => `${date}T12:00:00.000Z`;
/** A phase form is saved on its phase date (assumed 15.00 UTC, after that day's session). */
const phaseAtOf = (date: string): string => `${date}T15:00:00.000Z`;

/**
 * True when the team's list shows the seed pilot as loaded in full: its stage, every session
 * and every change of its plan (each seed edit moves the place or the partners, so it leaves
 * one plan era).
 */
function loaded(seed: SeedPilot, s: PilotSummary | undefined): boolean {
  return (
    s !== undefined &&
    s.pilot.stage === seed.stage &&
    s.totals.sessions === seed.sessions.length &&
    (s.pilot.planEras?.length ?? 0) >= (seed.edits?.length ?? 0)
  );
}

/**
 * Loads the seed pilots the demo team does not yet show in full. Returns how many pilots were
 * added.
 */
export async function loadDemoData(pilots: PilotStore, log: Logger, now: Date): Promise<number> {
  const listed = new Map((await pilots.listTeamPilots(DEMO_TEAM)).map((s) => [s.pilot.id, s]));
  const todo = SEED_PILOTS.filter((seed) => !loaded(seed, listed.get(demoPilotId(seed.key))));
  if (todo.length === 0) return 0;
  await pilots.ensureTeam(DEMO_TEAM, { name: DEMO_TEAM_NAME });
  // Nothing is stamped later than now, should a seed date ever lie ahead.
  const nowIso = now.toISOString();
  const stamp = (iso: string): string => (iso < nowIso ? iso : nowIso);
  let added = 0;
  for (const seed of todo) {
    if (await loadSeed(pilots, seed, stamp)) added++;
  }
  log.info({ pilots: added }, 'demo data loaded');
  return added;
}

/** One step of a seed pilot's story, at its instant. */
interface Step {
  at: string;
  run: () => Promise<unknown>;
}

/**
 * Writes one seed pilot: created (true) or found, then whatever of its sessions, edits and
 * phases is missing. Every write below is keyed, so a load that stopped half-way (or runs beside
 * another process loading the same data) completes what is missing and repeats nothing.
 */
async function loadSeed(pilots: PilotStore, seed: SeedPilot, stamp: (iso: string) => string): Promise<boolean> {
  const id = demoPilotId(seed.key);
  const createdAt = stamp(createdAtOf(seed));
  const created = await pilots.createPilotWithStart(
    {
      ...pilotFromSeed(seed, { id, team: DEMO_TEAM, owner: DEMO_USER_ID, at: createdAt }),
      ownerNames: { [DEMO_USER_ID]: DEMO_USER_NAME },
    },
    { answers: seed.evaluations.start ?? {}, by: DEMO_USER_ID, at: createdAt },
  );

  const steps: Step[] = [];
  for (const [i, s] of seed.sessions.entries()) {
    const at = stamp(loggedAtOf(s.date));
    steps.push({
      at,
      run: () =>
        pilots.recordSession(
          {
            id: `${seed.key}-${String(i + 1).padStart(3, '0')}`,
            pilotId: id,
            ...s,
            loggedBy: DEMO_USER_ID,
            loggedAt: at,
          },
          `demo-${seed.key}-${i + 1}`,
        ),
    });
  }
  for (const [i, edit] of (seed.edits ?? []).entries()) {
    const at = stamp(edit.at);
    steps.push({ at, run: () => applySeedEdit(pilots, id, edit, at, demoEditKey(seed.key, i + 1)) });
  }
  for (const phase of ['midpoint', 'end'] as const) {
    const answers = seed.evaluations[phase];
    if (!answers) continue;
    const at = stamp(phaseAtOf(phase === 'midpoint' ? seed.midpointDate : seed.endDate));
    steps.push({
      at,
      run: () =>
        pilots.savePhase({
          pilotId: id,
          phase,
          answers,
          decision: phase === 'end' ? seed.decision : undefined,
          ...(phase === 'end' && seed.decision
            ? {
                decisionDetail: {
                  ...(seed.decisionReason ? { reason: seed.decisionReason } : {}),
                  date: seed.endDate,
                  ...(seed.successorKey ? { successorId: demoPilotId(seed.successorKey) } : {}),
                },
              }
            : {}),
          by: DEMO_USER_ID,
          at,
          idempotencyKey: `demo-${seed.key}-${phase}`,
        }),
    });
  }
  // In date order (a stable sort: steps at the same instant keep the order above).
  steps.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const step of steps) await step.run();
  return created.created;
}

/** How often an edit is tried again when the pilot changed between reading it and saving. */
const EDIT_ATTEMPTS = 3;

/**
 * Applies one seed edit to the pilot as stored, unless its history already has it. Its
 * idempotency key makes a repeat a no-op in the store as well.
 */
async function applySeedEdit(pilots: PilotStore, id: string, edit: SeedEdit, at: string, key: string): Promise<void> {
  for (let attempt = 0; attempt < EDIT_ATTEMPTS; attempt++) {
    const history = await pilots.listHistory(id);
    if (history.some((h) => h.what === 'pilotEdited' && h.at === at)) return;
    const current = await pilots.getPilot(id);
    if (!current) throw new Error(`demo pilot ${id} not found`);
    const result = await pilots.editPilot({
      pilotId: id,
      expectedVersion: current.version ?? 0,
      // Every field as it is (the owners' names, the baseline, the targets among them) but the plan's.
      change: (cur) => applyEdit(cur, { ...cur, plan: { ...cur.plan, ...edit.plan } }, at),
      by: DEMO_USER_ID,
      at,
      idempotencyKey: key,
    });
    if (result.status === 'notFound') throw new Error(`demo pilot ${id} not found`);
    if (result.status !== 'conflict') return;
  }
  throw new Error(`demo edit ${key} of ${id}: the pilot kept changing`);
}
