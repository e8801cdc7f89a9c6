/**
 * The message extension: "Etsi kokeilu" finds the pilots a person may see by name or municipality,
 * and a pasted link to a pilot's tab page unfurls into the same card. From any chat, so the
 * person's teams are decided as the tab's API decides them (TeamAccess.visibleTeams, standingOf):
 * by their Entra id and tenant, fail-closed. A pilot they may not see is no result, never an error.
 */
import { pilotCard } from '../cards/pilots';
import { canRead, roleOf } from '../domain/access';
import type { Pilot } from '../domain/pilots';
import { type Locale, strings } from '../i18n';
import type { Logger } from '../log';
import type { PilotStore, PilotSummary } from '../storage/pilots';
import type { Principal, TeamAccess } from './access';
import type { SearchQuery } from './handler';
import type { SearchAnswer, SearchResult, Turn } from './port';

/** The manifest's search commands (composeExtensions[0].commands[].id), each served here. */
export const SEARCH_COMMANDS = ['findPilot'] as const;
export type SearchCommand = (typeof SEARCH_COMMANDS)[number];

/** The most results one answer carries: Teams' own page (queryOptions.count 25). */
export const MAX_RESULTS = 25;
/** An empty query (and the command's first run) lists this many of the person's most recent pilots. */
export const RECENT_PILOTS = 10;
/** The longest search text read; the rest is not matched against. */
const MAX_QUERY = 100;

/** Pilot ids are UUIDs (and demo-<slug>): anything else names no pilot, and never reaches storage. */
const PILOT_ID = /^[0-9A-Za-z-]{1,100}$/;

export interface SearchDeps {
  pilots: Pick<PilotStore, 'getPilot' | 'listTeamPilots'>;
  access: Pick<TeamAccess, 'visibleTeams' | 'standingOf'>;
  log: Logger;
}

/** Lower case without accents or extra spaces: "Ähtäri" and "ahtari" match. */
export function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('fi').replace(/\s+/g, ' ').trim();
}

/** True when every word of the query is in the pilot's name or municipality. */
function matches(pilot: Pilot, words: string[]): boolean {
  const haystack = folded(`${pilot.name} ${pilot.municipality}`);
  return words.every((w) => haystack.includes(w));
}

/** The pilot's last activity: its last session, else the day it was created. */
const recency = (s: PilotSummary): string => {
  const created = s.pilot.createdAt.slice(0, 10);
  const last = s.totals.lastSessionDate ?? '';
  return last > created ? last : created;
};

/** Most recent first; the same order at every page, so that paging neither skips nor repeats. */
function byRecency(a: PilotSummary, b: PilotSummary): number {
  return (
    recency(b).localeCompare(recency(a)) ||
    b.pilot.createdAt.localeCompare(a.pilot.createdAt) ||
    a.pilot.name.localeCompare(b.pilot.name, 'fi') ||
    a.pilot.id.localeCompare(b.pilot.id)
  );
}

/** A route of the tab ("#/pilots/<id>", its print view too) to the pilot's id. */
function idOfRoute(route: string): string | undefined {
  const m = /^#?\/?pilots\/([^/?#]+)(?:\/print)?\/?$/.exec(route);
  // The tab writes ids with encodeURIComponent, which leaves an id's characters as they are.
  return m && PILOT_ID.test(m[1]) ? m[1] : undefined;
}

/** An object parsed from JSON text, or undefined for text that is not one. */
function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // not JSON: the link names no pilot
  }
}

/**
 * The pilot a link names: the tab's page (`…/tab/?…#/pilots/<id>`, as tab/src/route.ts hrefOf
 * writes it), or a Teams deep link to the tab (`https://teams.microsoft.com/l/entity/…` whose
 * `context` carries the pilot in `subEntityId`, as `<id>` or `pilots/<id>`). The host is not
 * checked: Teams sends only links on the domains the manifest's messageHandlers name, and
 * whoever may not see the pilot gets nothing from any link.
 */
export function pilotIdOfLink(link: string): string | undefined {
  if (!URL.canParse(link)) return undefined;
  const url = new URL(link);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.hostname === 'teams.microsoft.com' && url.pathname.startsWith('/l/entity/')) {
    const sub = jsonObject(url.searchParams.get('context') ?? '')?.subEntityId;
    if (typeof sub !== 'string') return undefined;
    return PILOT_ID.test(sub) ? sub : idOfRoute(sub);
  }
  if (!/^\/tab\/?(index\.html)?$/.test(url.pathname)) return undefined;
  return idOfRoute(url.hash);
}

export class PilotSearch {
  constructor(private readonly deps: SearchDeps) {}

  /** True for a command the manifest declares and this class serves. */
  static serves(commandId: string): commandId is SearchCommand {
    return (SEARCH_COMMANDS as readonly string[]).includes(commandId);
  }

  /**
   * composeExtension/query: the pilots of the person's teams whose name or municipality holds
   * every word typed, most recent first, one page of them; with nothing typed, their most recent.
   */
  async query(turn: Turn, q: SearchQuery): Promise<SearchAnswer> {
    if (!PilotSearch.serves(q.commandId)) {
      // The id came from the caller: its length is logged, never its text.
      this.deps.log.warn({ commandIdLength: q.commandId.length }, 'unknown search command');
      return { kind: 'badRequest', message: strings(turn.locale).errors.unknownAction };
    }
    const principal = principalOf(turn);
    if (!principal) return this.answer(turn.locale, [], { queryLength: q.text.length, teams: 0 });
    const words = folded(q.text.slice(0, MAX_QUERY)).split(' ').filter(Boolean);
    const teams = await this.deps.access.visibleTeams(principal);
    const all = (await Promise.all(teams.map((t) => this.deps.pilots.listTeamPilots(t)))).flat();
    const found = all.filter((s) => matches(s.pilot, words)).sort(byRecency);
    const pool = words.length ? found : found.slice(0, RECENT_PILOTS);
    const skip = Math.max(0, q.skip);
    const page = pool.slice(skip, skip + Math.min(Math.max(1, q.count), MAX_RESULTS));
    // The card is made from the pilot's own rows, as every other pilot card is (the index only finds it).
    const fresh = await Promise.all(page.map((s) => this.deps.pilots.getPilot(s.pilot.id)));
    const visible = fresh.filter((s): s is PilotSummary => !!s && teams.some((t) => sameTeam(t, s.pilot)));
    return this.answer(turn.locale, visible, {
      queryLength: q.text.length,
      initialRun: q.initialRun,
      teams: teams.length,
      found: pool.length,
    });
  }

  /** composeExtension/queryLink: the card of the pilot a link names, if the person may see it; else nothing. */
  async link(turn: Turn, url: string): Promise<SearchAnswer> {
    const pilotId = pilotIdOfLink(url);
    const principal = principalOf(turn);
    if (!pilotId || !principal) return this.answer(turn.locale, [], { link: pilotId ? 'pilot' : 'other' });
    const summary = await this.deps.pilots.getPilot(pilotId);
    if (!summary) return this.answer(turn.locale, [], { link: 'pilot' });
    const standing = await this.deps.access.standingOf(principal, summary.pilot.team);
    const role = roleOf(summary.pilot, { tenantId: principal.tenantId, userId: principal.userId, team: standing });
    return this.answer(turn.locale, canRead(role) ? [summary] : [], { link: 'pilot' });
  }

  private answer(locale: Locale, found: PilotSummary[], logged: Record<string, unknown>): SearchAnswer {
    this.deps.log.info({ ...logged, results: found.length }, 'pilot search');
    return { kind: 'results', results: found.map((s) => resultOf(locale, s)) };
  }
}

const sameTeam = (t: { tenantId: string; teamId: string }, p: Pilot) =>
  t.tenantId === p.team.tenantId && t.teamId === p.team.teamId;

/**
 * Whom the tab's API would serve: the actor's Entra id in the turn's tenant. Without an Entra id
 * (a guest account Teams sends none for) nobody is known, and nothing is found.
 */
function principalOf(turn: Turn): Principal | undefined {
  const userId = turn.actor.aadObjectId;
  return userId ? { userId, tenantId: turn.tenantId, preview: false } : undefined;
}

/**
 * The pilot's card as everyone in the chat sees it (the shared member view, which refreshes for
 * its owners), and its line in the result list.
 */
function resultOf(locale: Locale, s: PilotSummary): SearchResult {
  const t = strings(locale);
  const { pilot, totals } = s;
  return {
    card: pilotCard(locale, { pilot, totals, role: 'member' }),
    preview: { title: pilot.name, text: `${pilot.municipality} · ${t.kinds[pilot.kind]} · ${t.stages[pilot.stage]}` },
  };
}
