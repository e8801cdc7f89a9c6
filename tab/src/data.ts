/** What the overview and the configuration page load: who the caller is and the pilots to show. */
import type { MeResponse, PilotOverview, TeamSummary } from '../../bot/api/contract';
import type { Api } from './api';
import type { Host } from './host';
import type { PageParams } from './route';

export interface Loaded {
  me: MeResponse;
  pilots: PilotOverview[];
  /** The teams asked for. */
  teams: Pick<TeamSummary, 'tenantId' | 'teamId'>[];
  /** The one team shown, when one is. */
  team: TeamSummary | null;
}

/** The team (or group chat) the page is about: the address's ?team=, else the Teams context's; null = none named. */
export function teamIdOf(host: Host, params: PageParams): string | null {
  if (params.team) return params.team;
  if (!host.inTeams) return null;
  return host.context.team?.internalId ?? host.context.chat?.id ?? null;
}

/**
 * The teams to show: the one named, else every team the caller may see. The configuration page
 * is about one team: in Teams the context's; in the local preview the first (the demo team).
 */
function teamsOf(host: Host, params: PageParams, me: MeResponse, forConfig: boolean): Loaded['teams'] {
  const teamId = teamIdOf(host, params);
  if (teamId === null) return forConfig ? (host.inTeams ? [] : me.teams.slice(0, 1)) : me.teams;
  const known = me.teams.find((t) => t.teamId === teamId);
  const tenantId = known?.tenantId ?? (host.inTeams ? host.context.user?.tenant?.id : undefined) ?? me.tenantId;
  return [{ tenantId, teamId }];
}

export async function loadPilots(api: Api, host: Host, params: PageParams, forConfig: boolean): Promise<Loaded> {
  const me = await api.me();
  if (params.personal && !forConfig) {
    const mine = await api.myPilots();
    return { me, pilots: mine.pilots, teams: [], team: null };
  }
  const teams = teamsOf(host, params, me, forConfig);
  const answers = await Promise.all(teams.map((team) => api.teamPilots(team)));
  // The configuration page lists all of the team's pilots, whatever the tab shows now.
  const chosen = params.pilots && !forConfig ? new Set(params.pilots) : null;
  const pilots = answers.flatMap((a) => a.pilots).filter((p) => chosen === null || chosen.has(p.id));
  return { me, pilots, teams, team: answers.length === 1 ? answers[0].team : null };
}
