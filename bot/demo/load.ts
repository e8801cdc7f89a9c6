/**
 * Demo data: on an empty store, the seed pilots of DOMAIN.md go into a demo team so that a
 * newcomer sees real-looking data at once. Ids are fixed, so a second load changes nothing.
 */
import type { Logger } from '../log';
import { PHASES } from '../domain/pilots';
import { AlreadyExistsError } from '../storage/errors';
import type { PilotStore } from '../storage/pilots';
import { DEMO_TEAM, DEMO_TEAM_NAME, DEMO_USER_ID } from './constants';
import { SEED_PILOTS } from './seedPilots';

export const demoPilotId = (key: string): string => `demo-${key}`;

/** Loads the seed pilots unless the demo team already has pilots. Returns how many were added. */
export async function loadDemoData(pilots: PilotStore, log: Logger, now: Date): Promise<number> {
  if ((await pilots.listTeamPilots(DEMO_TEAM)).length > 0) return 0;
  await pilots.ensureTeam(DEMO_TEAM, { name: DEMO_TEAM_NAME });
  const at = now.toISOString();
  let added = 0;
  for (const seed of SEED_PILOTS) {
    const id = demoPilotId(seed.key);
    let pilot;
    try {
      pilot = await pilots.createPilot({
        id,
        team: DEMO_TEAM,
        name: seed.name,
        municipality: seed.municipality,
        kind: seed.kind,
        plan: seed.plan,
        startDate: seed.startDate,
        midpointDate: seed.midpointDate,
        endDate: seed.endDate,
        owners: [DEMO_USER_ID],
        stage: 'planned',
        createdBy: DEMO_USER_ID,
        createdAt: at,
      });
    } catch (e) {
      if (e instanceof AlreadyExistsError) continue; // another process loaded it first
      throw e;
    }
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
    for (const phase of PHASES) {
      const answers = seed.evaluations[phase];
      if (!answers) continue;
      await pilots.saveEvaluation({
        pilotId: id,
        phase,
        answers,
        decision: phase === 'end' ? seed.decision : undefined,
        updatedBy: DEMO_USER_ID,
        updatedAt: at,
      });
    }
    await pilots.updateStage(pilot, seed.stage, seed.decision);
    added++;
  }
  log.info({ pilots: added }, 'demo data loaded');
  return added;
}
