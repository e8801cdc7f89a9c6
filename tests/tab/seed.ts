/** Extra pilots for the tab's tests and bench: seed pilots copied into a team, with as many sessions as asked. */
import type { TeamRef } from '../../bot/domain/pilots';
import { pilotFromSeed } from '../../bot/demo/load';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import type { PilotStore } from '../../bot/storage/pilots';

const OWNER = '3c4f8a1e-2b6d-4e7f-9a0b-1c2d3e4f5a6b';

/** One weekday a week from the seed's start date. */
function sessionDate(start: string, i: number): string {
  return new Date(Date.parse(`${start}T00:00:00Z`) + i * 7 * 86400000).toISOString().slice(0, 10);
}

/**
 * Copies seed pilots (round robin) into `team` as `count` new pilots named "<seed name> #n", each
 * with `sessions` weekly sessions of the seed's first session's counts. Writes `parallel` pilots at
 * a time.
 */
export async function seedManyPilots(
  pilots: PilotStore,
  team: TeamRef,
  o: {
    count: number;
    sessions: number;
    prefix: string;
    /** The first session's date (then one a week); the seed's start date when absent. */
    firstDate?: string;
    parallel?: number;
  },
): Promise<string[]> {
  const at = new Date().toISOString();
  const ids: string[] = [];
  const jobs = Array.from({ length: o.count }, (_, n) => async () => {
    const seed = SEED_PILOTS[n % SEED_PILOTS.length];
    const id = `${o.prefix}-${String(n + 1).padStart(3, '0')}`;
    ids.push(id);
    const pilot = pilotFromSeed(seed, { id, team, owner: OWNER, at });
    await pilots.createPilotWithStart(
      { ...pilot, name: `${seed.name} #${n + 1}` },
      { answers: seed.evaluations.start ?? {}, by: OWNER, at },
    );
    const template = seed.sessions[0];
    for (let i = 0; i < o.sessions; i++) {
      await pilots.recordSession(
        {
          id: `${id}-s${i + 1}`,
          pilotId: id,
          date: sessionDate(o.firstDate ?? seed.startDate, i),
          hours: template.hours,
          counts: template.counts,
          loggedBy: OWNER,
          loggedAt: at,
        },
        `${id}-s${i + 1}`,
      );
    }
  });
  const parallel = o.parallel ?? 8;
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < jobs.length) await jobs[next++]();
    }),
  );
  return ids.sort();
}
