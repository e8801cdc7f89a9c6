/**
 * Who is acting, and where they stand in a pilot's team, from the activity and the Bot
 * Connector's member API. Nothing about people is kept: each turn asks again.
 */
import { type TeamsChannelAccount, type TeamsChannelData, TeamsInfo, type TurnContext } from 'botbuilder';
import type { Viewer } from '../domain/access';
import type { TeamRef } from '../domain/pilots';
import type { Logger } from '../log';

export interface Actor {
  tenantId: string;
  /** Entra object id when Teams gives one (it does for work accounts), else the channel id. */
  userId: string;
  name: string;
}

export function tenantOf(ctx: TurnContext): string {
  const cd = ctx.activity.channelData as TeamsChannelData | undefined;
  return cd?.tenant?.id ?? ctx.activity.conversation?.tenantId ?? 'local';
}

export function actorOf(ctx: TurnContext): Actor {
  const from = ctx.activity.from ?? { id: '', name: '' };
  return { tenantId: tenantOf(ctx), userId: from.aadObjectId || from.id, name: from.name ?? '' };
}

/** The team this conversation belongs to: the team of a channel, the chat itself for a group chat. */
export function conversationTeam(ctx: TurnContext): (TeamRef & { name: string }) | undefined {
  const cd = ctx.activity.channelData as TeamsChannelData | undefined;
  const tenantId = tenantOf(ctx);
  if (cd?.team?.id) return { tenantId, teamId: cd.team.id, name: cd.team.name ?? '' };
  if (ctx.activity.conversation?.conversationType === 'groupChat') {
    return { tenantId, teamId: ctx.activity.conversation.id, name: ctx.activity.conversation.name ?? '' };
  }
  return undefined;
}

function statusOf(e: unknown): number | undefined {
  const o = e as { statusCode?: number; response?: { status?: number } } | undefined;
  return o?.statusCode ?? o?.response?.status;
}

/**
 * Key in a turn's state of the function that remembers what standingIn learns (the bot sets it,
 * so that the tab's API knows the standing without asking Teams again).
 */
export const STANDING_LEARNT = Symbol.for('polku.standingLearnt');
export type StandingLearnt = (team: TeamRef, userId: string, standing: Viewer['team']) => Promise<void>;

async function learnt(ctx: TurnContext, team: TeamRef, standing: Viewer['team'], log: Logger): Promise<void> {
  const remember = ctx.turnState.get(STANDING_LEARNT) as StandingLearnt | undefined;
  const userId = ctx.activity.from?.aadObjectId;
  if (!remember || !userId) return;
  try {
    await remember(team, userId, standing);
  } catch (e) {
    // The turn goes on: the API asks Teams itself when it knows nothing.
    log.warn({ err: { name: (e as Error).name } }, 'team membership could not be remembered');
  }
}

/** The actor's standing in a team: asked from Teams unless the conversation itself proves membership. */
export async function standingIn(ctx: TurnContext, team: TeamRef, log: Logger): Promise<Viewer['team']> {
  const actor = actorOf(ctx);
  if (actor.tenantId !== team.tenantId) return 'none';
  let member: TeamsChannelAccount;
  try {
    // The conversation-scoped user id ("29:…") is what every Bot Connector accepts.
    member = await TeamsInfo.getTeamMember(ctx, team.teamId, ctx.activity.from?.id ?? actor.userId);
  } catch (e) {
    const status = statusOf(e);
    if (status !== 404 && status !== 403) log.warn({ status }, 'team membership could not be checked');
    // Fail closed. When Teams could not be asked (not when it said "not a member"), someone
    // writing in the team's own conversation is visibly a member.
    const here = conversationTeam(ctx);
    const answered = status === 404 || status === 403;
    const standing = !answered && here && here.teamId === team.teamId ? 'member' : 'none';
    // Only Teams' own "not a member" (404) is an answer worth keeping as 'none'.
    if (standing === 'member' || status === 404) await learnt(ctx, team, standing, log);
    return standing;
  }
  const standing = member.userRole === 'owner' ? 'owner' : 'member';
  await learnt(ctx, team, standing, log);
  return standing;
}

/** The team's name: from the activity, else as stored at installation, else asked from Teams. */
export async function teamNameOf(
  ctx: TurnContext,
  team: TeamRef & { name?: string },
  stored: (team: TeamRef) => Promise<string | undefined>,
): Promise<string> {
  if (team.name) return team.name;
  const saved = await stored(team);
  if (saved) return saved;
  try {
    return (await TeamsInfo.getTeamDetails(ctx, team.teamId)).name ?? '';
  } catch {
    return ''; // a group chat has no team details; the card then names no team
  }
}

/** A viewer of a pilot: the actor with their standing in the pilot's team. */
export async function viewerOf(ctx: TurnContext, team: TeamRef, owners: string[], log: Logger): Promise<Viewer> {
  const actor = actorOf(ctx);
  if (actor.tenantId !== team.tenantId) return { tenantId: actor.tenantId, userId: actor.userId, team: 'none' };
  // A listed owner needs no round trip: they were team members when made owners.
  const here = conversationTeam(ctx);
  if (owners.includes(actor.userId) && here?.teamId === team.teamId) {
    return { tenantId: actor.tenantId, userId: actor.userId, team: 'member' };
  }
  return { tenantId: actor.tenantId, userId: actor.userId, team: await standingIn(ctx, team, log) };
}

/** The team's members other than the actor, for choosing co-owners; undefined when Teams does not answer. */
export async function teamMembers(
  ctx: TurnContext,
  team: TeamRef,
  log: Logger,
): Promise<{ id: string; name: string }[] | undefined> {
  const actor = actorOf(ctx);
  try {
    const out: { id: string; name: string }[] = [];
    let token: string | undefined;
    do {
      const page = await TeamsInfo.getPagedTeamMembers(ctx, team.teamId, 200, token);
      for (const m of page.members) {
        const id = m.aadObjectId || m.id;
        if (id && id !== actor.userId) out.push({ id, name: m.name || m.givenName || id });
      }
      token = page.continuationToken;
    } while (token && out.length < 500);
    return out.sort((a, b) => a.name.localeCompare(b.name, 'fi'));
  } catch (e) {
    log.warn({ status: statusOf(e) }, 'team members could not be read');
    return undefined;
  }
}
