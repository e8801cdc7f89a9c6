/**
 * Demo data: on an empty store, the seed pilots of DOMAIN.md go into a demo team so that a
 * newcomer sees real-looking data at once. Ids are fixed, so a second load changes nothing.
 */
import type { Logger } from '../log';
import type { PilotStore } from '../storage/pilots';
import { DEMO_TEAM, DEMO_TEAM_NAME, DEMO_USER_ID, DEMO_USER_NAME } from './constants';
import { SEED_PILOTS, type SeedPilot } from './seedPilots';
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
    owners: [o.owner],
    stage: 'start',
    createdBy: o.owner,
    createdAt: o.at,
  };
}

export const demoPilotId = (key: string): string => `demo-${key}`;

/**
 * Loads the seed pilots unless the demo team already lists every one of them. Returns how many
 * pilots were added.
 */
export async function loadDemoData(pilots: PilotStore, log: Logger, now: Date): Promise<number> {
  const listed = new Set((await pilots.listTeamPilots(DEMO_TEAM)).map((s) => s.pilot.id));
  if (SEED_PILOTS.every((seed) => listed.has(demoPilotId(seed.key)))) return 0;
  await pilots.ensureTeam(DEMO_TEAM, { name: DEMO_TEAM_NAME });
  const at = now.toISOString();
  // The phases a millisecond apart, so that the history lists them in their order.
  const phaseAt = (i: number) => new Date(now.getTime() + i).toISOString();
  let added = 0;
  for (const seed of SEED_PILOTS) {
    const id = demoPilotId(seed.key);
    // Every write below is keyed, so a load that stopped half-way (or runs beside another
    // process loading the same data) completes what is missing and repeats nothing.
    const created = await pilots.createPilotWithStart(
      {
        ...pilotFromSeed(seed, { id, team: DEMO_TEAM, owner: DEMO_USER_ID, at }),
        ownerNames: { [DEMO_USER_ID]: DEMO_USER_NAME },
      },
      { answers: seed.evaluations.start ?? {}, by: DEMO_USER_ID, at },
    );
    if (created.created) added++;
    for (const [i, s] of seed.sessions.entries()) {
      await pilots.recordSession(
        {
          id: `${seed.key}-${String(i + 1).padStart(3, '0')}`,
          pilotId: id,
          ...s,
          loggedBy: DEMO_USER_ID,
          loggedAt: at,
        },
        `demo-${seed.key}-${i + 1}`,
      );
    }
    for (const [i, phase] of (['midpoint', 'end'] as const).entries()) {
      const answers = seed.evaluations[phase];
      if (!answers) continue;
      await pilots.savePhase({
        pilotId: id,
        phase,
        answers,
        decision: phase === 'end' ? seed.decision : undefined,
        by: DEMO_USER_ID,
        at: phaseAt(i + 1),
        idempotencyKey: `demo-${seed.key}-${phase}`,
      });
    }
  }
  log.info({ pilots: added }, 'demo data loaded');
  return added;
}
