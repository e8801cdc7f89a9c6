/** Pilots created straight in a store, for tests that need one without going through the cards. */
import { randomUUID } from 'node:crypto';
import { pilotFromSeed } from '../../bot/demo/load';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { answerField } from '../../bot/domain/forms';
import type { Answers } from '../../bot/domain/phases';
import { PilotStore } from '../../bot/storage/pilots';
import type { TableStore } from '../../bot/storage/tables';
import { TEAM, TENANT, USER } from './teams';

/**
 * The seeds' Raisio drop-in as a pilot of the harness team owned by the harness user, from
 * 15 Mar to 31 May 2027, named after its id (so that its cards can be told from the others').
 * Returns its id.
 */
export async function dropInPilot(store: TableStore, at: Date, pilots = new PilotStore(store)): Promise<string> {
  const seed = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;
  const id = randomUUID();
  const pilot = pilotFromSeed(seed, {
    id,
    team: { tenantId: TENANT, teamId: TEAM.id },
    owner: USER.aadObjectId,
    at: at.toISOString(),
  });
  await pilots.createPilotWithStart(
    {
      ...pilot,
      name: `Päivystys ${id.slice(0, 8)}`,
      startDate: '2027-03-15',
      midpointDate: '2027-05-03',
      endDate: '2027-05-31',
    },
    { answers: seed.evaluations.start ?? {}, by: USER.aadObjectId, at: at.toISOString() },
  );
  return id;
}

/** A typical drop-in session as the session card's inputs, dated on such a pilot's first day. */
export const DROP_IN_SESSION: Record<string, string> = {
  date: '2027-03-15',
  hours: '2',
  c_visitors: '6',
  c_offeredTalk: '6',
  c_wantedToTalk: '2',
  c_declined: '4',
  c_socialWorkMatters: '1',
  c_moneyOnlyRequests: '1',
  c_referred: '0',
  c_appointmentsBooked: '1',
  c_newClients: '0',
};

/** A phase's answers as the phase card's inputs ("q_problem": …), to type them into the card. */
export function answersInput(a: Answers | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(a ?? {}).map(([k, v]) => [answerField(k as keyof Answers), v ?? '']));
}
