/** What the overview and the configuration page load: who the caller is and the pilots to show. */
import type { MeResponse, PilotOverview, TeamSummary } from '../../bot/api/contract';
import type { Api } from './api';
import type { Host } from './host';
import type { PageParams } from './route';

/** The overview asks for this many pilots first: the first screen's, and more (the rest come after). */
export const FIRST_PAGE = 50;

export interface Loaded {
  me: MeResponse;
  /** The pilots to show first: all of them, or each team's first page when `rest` is not null. */
  pilots: PilotOverview[];
  /** The whole list, when `pilots` is only its first pages: asked for as soon as they came. */
  rest: Promise<PilotOverview[]> | null;
  /** How many pilots the whole list has. */
  total: number;
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
    return { me, pilots: mine.pilots, rest: null, total: mine.pilots.length, teams: [], team: null };
  }
  const teams = teamsOf(host, params, me, forConfig);
  // The configuration page lists all of the team's pilots at once, whatever the tab shows now.
  const answers = await Promise.all(
    teams.map((team) => (forConfig ? api.teamPilots(team) : api.teamPilots(team, { offset: 0, limit: FIRST_PAGE }))),
  );
  const chosen = params.pilots && !forConfig ? new Set(params.pilots) : null;
  const keep = (pilots: PilotOverview[]) => pilots.filter((p) => chosen === null || chosen.has(p.id));
  const pilots = keep(answers.flatMap((a) => a.pilots));
  const partial = answers.some((a) => a.pilots.length < a.total);
  const rest = partial
    ? Promise.all(
        answers.map(async (a, i) =>
          a.pilots.length < a.total
            ? [...a.pilots, ...(await api.teamPilots(teams[i], { offset: a.pilots.length })).pilots]
            : a.pilots,
        ),
      ).then((lists) => keep(lists.flat()))
    : null;
  // Unhandled until the overview takes it is not an error (it reports a failure then).
  rest?.catch(() => undefined);
  const total = chosen ? pilots.length : answers.reduce((n, a) => n + a.total, 0);
  return { me, pilots, rest, total, teams, team: answers.length === 1 ? answers[0].team : null };
}
