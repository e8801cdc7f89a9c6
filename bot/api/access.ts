/**
 * Who sees what through the tab's API: a principal sees a team's pilots only as a member of
 * that team (or group chat). Membership comes from what the bot has learnt (members table);
 * when nothing is known, the bot asks Teams through the team's stored conversation and the
 * answer is remembered. The preview principal sees the demo team only.
 */
import type { TeamRef } from '../domain/pilots';
import type { Logger } from '../log';
import type { ConversationStore } from '../storage/conversations';
import type { Membership, MemberStore, Standing } from '../storage/members';
import type { Principal } from './auth';
import { previewTeams } from './auth';

/** Asks Teams for a person's standing in a team through a conversation Polku is installed in. */
export type MembershipCheck = (reference: Record<string, unknown>, teamId: string, userId: string) => Promise<Standing>;

export interface AccessDeps {
  members: MemberStore;
  conversations: ConversationStore;
  check?: MembershipCheck;
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
    const { check, members, log } = this.deps;
    if (!check) return undefined;
    const reference = await this.referenceOf(p.tenantId, teamId);
    if (!reference) return undefined;
    let timer: NodeJS.Timeout | undefined;
    let standing: Standing;
    try {
      standing = await Promise.race([
        check(reference, teamId, p.userId),
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
