/**
 * A person's standing in a team (or group chat), for the bot and the tab's API alike: one
 * service, one fail-closed policy.
 * - Teams is asked: in a bot turn through the turn's conversation, from the API through the
 *   team's stored conversation (when nothing is remembered, or a "not a member" has grown old).
 * - What Teams answers is remembered in `members`, and so are the add and remove events.
 * - When Teams cannot be asked, a remembered standing holds; else writing in the team's own
 *   conversation proves membership (never ownership); else 'none'.
 * The tab's preview user is a plain member of the demo team only.
 */
import { DEMO_TEAM } from '../demo/constants';
import type { TeamRef } from '../domain/pilots';
import type { Logger } from '../log';
import type { ConversationStore } from '../storage/conversations';
import type { Membership, MemberStore, Standing } from '../storage/members';
import type { Messenger, Turn } from './port';
import { ConnectorError } from './port';

/** Someone the tab's API serves: a signed-in person, or the local preview's demo user. */
export interface Principal {
  /** Entra object id (`oid`). */
  userId: string;
  /** Entra tenant id (`tid`). */
  tenantId: string;
  preview: boolean;
}

/** The teams the preview's demo user belongs to. */
export function previewTeams(p: Principal): TeamRef[] {
  return p.preview ? [DEMO_TEAM] : [];
}

export interface AccessDeps {
  members: MemberStore;
  conversations: ConversationStore;
  /** Asks Teams outside a turn; without it (the reminders runner) only what is remembered counts. */
  messenger?: Pick<Messenger, 'memberStanding'>;
  log: Logger;
  now: () => Date;
}

/**
 * A remembered "not a member" is asked again after this long (an add event may have been
 * missed): soon when the person opens that team's tab, rarely when listing all their teams.
 */
export const NOT_MEMBER_TTL_MS = { team: 15 * 60 * 1000, listing: 24 * 60 * 60 * 1000 } as const;
/** How long an answer from Teams may take before the request goes on without it. */
export const CHECK_TIMEOUT_MS = 5000;
/** At most this many teams are asked about at once for one request. */
const CHECK_CONCURRENCY = 4;

const sameTeam = (a: TeamRef, b: TeamRef) => a.tenantId === b.tenantId && a.teamId === b.teamId;

export class TeamAccess {
  /** Checks under way, so that parallel requests ask Teams once. */
  private readonly inFlight = new Map<string, Promise<Standing | undefined>>();

  constructor(private readonly deps: AccessDeps) {}

  /** True when the principal may see the team's pilots. */
  async canSee(p: Principal, team: TeamRef): Promise<boolean> {
    return (await this.standingOf(p, team)) !== 'none';
  }

  /**
   * The principal's standing in a team: 'owner' for a team owner, 'member', or 'none'. The
   * preview's demo user is a plain member of the demo team (the demo pilots name them owner).
   */
  async standingOf(p: Principal, team: TeamRef): Promise<Standing> {
    if (p.preview) return previewTeams(p).some((t) => sameTeam(t, team)) ? 'member' : 'none';
    if (p.tenantId !== team.tenantId) return 'none';
    const known = await this.deps.members.get(p.tenantId, p.userId, team.teamId);
    return this.standing(p, team.teamId, known, NOT_MEMBER_TTL_MS.team);
  }

  /**
   * The teams of the principal's tenant with Polku installed in a channel, and the group chats
   * they are known to be in, where they are a member. Unknown memberships are asked from Teams.
   */
  async visibleTeams(p: Principal): Promise<TeamRef[]> {
    if (p.preview) return previewTeams(p);
    const [channels, known] = await Promise.all([
      this.deps.conversations.listTeamChannels(p.tenantId),
      this.deps.members.listOf(p.tenantId, p.userId),
    ]);
    const byTeam = new Map(known.map((m) => [m.teamId, m]));
    const channelTeams = new Set(channels.map((c) => c.teamId));
    const teamIds = channels.map((c) => c.teamId);
    // Group chats (pilots may belong to one) are listed when the person is known to be in one.
    for (const m of known) if (!channelTeams.has(m.teamId) && m.standing !== 'none') teamIds.push(m.teamId);
    const standings = await mapLimit(teamIds, CHECK_CONCURRENCY, (teamId) =>
      this.standing(p, teamId, byTeam.get(teamId), NOT_MEMBER_TTL_MS.listing),
    );
    const visible = teamIds.filter((_, i) => standings[i] !== 'none');
    // A group chat counts only while Polku is still in it.
    const active = await mapLimit(visible, CHECK_CONCURRENCY, async (teamId) =>
      channelTeams.has(teamId) ? true : (await this.deps.conversations.get(p.tenantId, teamId))?.active === true,
    );
    return visible.filter((_, i) => active[i]).map((teamId) => ({ tenantId: p.tenantId, teamId }));
  }

  /** The standing as known, asked from Teams when unknown (or a "not a member" has grown old). */
  private async standing(
    p: Principal,
    teamId: string,
    known: Membership | undefined,
    notMemberTtlMs: number,
  ): Promise<Standing> {
    if (known && (known.standing !== 'none' || this.age(known) < notMemberTtlMs)) return known.standing;
    const key = `${p.tenantId}\n${p.userId}\n${teamId}`;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.ask(p, teamId).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    // Could not ask: fail closed (an old "not a member" stays one).
    return (await pending) ?? 'none';
  }

  /** How old what was learnt is, in ms (unreadable = infinitely old). */
  private age(m: Membership): number {
    const at = Date.parse(m.at);
    return Number.isFinite(at) ? this.deps.now().getTime() - at : Infinity;
  }

  /** Asks Teams through the team's channel conversation (or the group chat itself); undefined when it cannot. */
  private async ask(p: Principal, teamId: string): Promise<Standing | undefined> {
    const { messenger, members, log } = this.deps;
    if (!messenger) return undefined;
    const reference = await this.referenceOf(p.tenantId, teamId);
    if (!reference) return undefined;
    let timer: NodeJS.Timeout | undefined;
    let standing: Standing;
    try {
      standing = await Promise.race([
        messenger.memberStanding(reference, teamId, p.userId),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('membership check timed out')), CHECK_TIMEOUT_MS);
        }),
      ]);
    } catch (e) {
      const o = e as { statusCode?: number; name?: string } | undefined;
      log.warn({ status: o?.statusCode, err: { name: o?.name } }, 'team membership could not be checked');
      return undefined;
    } finally {
      clearTimeout(timer);
    }
    // Storage failing here is the request's failure (503), not a "no".
    await members.record({
      tenantId: p.tenantId,
      userId: p.userId,
      teamId,
      standing,
      source: 'teams',
      at: this.deps.now().toISOString(),
    });
    return standing;
  }

  /**
   * The actor's standing in a team during a bot turn: asked from Teams through the turn (so that a
   * team owner's rights are current), remembered, and when Teams cannot be asked, decided by the
   * same fallback as the API's: what is remembered, else the conversation itself, else 'none'.
   */
  async inTurn(turn: Turn, team: TeamRef): Promise<Standing> {
    const { actor } = turn;
    if (turn.tenantId !== team.tenantId) return 'none';
    let answer: Standing;
    try {
      answer = await turn.teams.member(team.teamId, actor.channelUserId || actor.userId);
    } catch (e) {
      const status = e instanceof ConnectorError ? e.statusCode : undefined;
      // Teams refusing to answer about this team (403) is an answer too: no standing there.
      if (status === 403) return 'none';
      this.deps.log.warn({ status }, 'team membership could not be checked');
      return this.fallback(turn, team);
    }
    await this.remember(turn, team, answer);
    return answer;
  }

  /** Teams could not be asked: a remembered standing, else the team's own conversation proves membership. */
  private async fallback(turn: Turn, team: TeamRef): Promise<Standing> {
    const userId = turn.actor.aadObjectId;
    if (userId) {
      try {
        const known = await this.deps.members.get(team.tenantId, userId, team.teamId);
        if (known && known.standing !== 'none') return known.standing;
      } catch {
        // storage away as well: the conversation alone decides
      }
    }
    const here = turnTeam(turn);
    const standing: Standing = here && here.teamId === team.teamId ? 'member' : 'none';
    if (standing === 'member') await this.remember(turn, team, standing);
    return standing;
  }

  /** Keeps what a turn learnt, for the tab's API; a failure to keep it never fails the turn. */
  private async remember(turn: Turn, team: TeamRef, standing: Standing): Promise<void> {
    const userId = turn.actor.aadObjectId;
    if (!userId) return;
    try {
      await this.deps.members.record({ ...team, userId, standing, source: 'teams', at: this.deps.now().toISOString() });
    } catch (e) {
      this.deps.log.warn({ err: { name: (e as Error).name } }, 'team membership could not be remembered');
    }
  }

  private async referenceOf(tenantId: string, teamId: string): Promise<Record<string, unknown> | undefined> {
    const { conversations } = this.deps;
    const channel = (await conversations.listTeamChannels(tenantId)).find((c) => c.teamId === teamId);
    const stored = await conversations.get(tenantId, channel ? channel.conversationId : teamId);
    if (!stored?.active) return undefined;
    if (!channel && stored.scope !== 'groupChat') return undefined;
    return stored.reference;
  }
}

/** Maps with at most `limit` calls under way at once, results in input order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The team a turn's conversation belongs to: the team of a channel, the chat itself for a group chat. */
export function turnTeam(turn: Turn): (TeamRef & { name: string }) | undefined {
  const c = turn.conversation;
  if (c.team) return { tenantId: turn.tenantId, teamId: c.team.id, name: c.team.name ?? '' };
  if (c.scope === 'groupChat') return { tenantId: turn.tenantId, teamId: c.id, name: c.name ?? '' };
  return undefined;
}
