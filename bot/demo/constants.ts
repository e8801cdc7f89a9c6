/** The demo team that `npm start` fills with the seed pilots, and the local preview user. */
import type { TeamRef } from '../domain/pilots';

export const DEMO_TEAM: TeamRef = {
  tenantId: '6f1d9a52-0c3b-4b8e-9a57-5d0c2f1e7a10',
  teamId: '19:polku-demo-raisio@thread.tacv2',
};
export const DEMO_TEAM_NAME = 'Raision aikuissosiaalityö';
export const DEMO_USER_ID = '3c4f8a1e-2b6d-4e7f-9a0b-1c2d3e4f5a6b';
/** The demo user's display name (a social worker, as in the Playground's demo team). */
export const DEMO_USER_NAME = 'Aino Virtanen';
