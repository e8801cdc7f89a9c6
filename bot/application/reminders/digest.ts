/**
 * The weekly digest of a channel or group chat (domain/digest.ts). The `viikkokooste` command turns
 * it on or off there (DigestSettings); the reminder sweep sends it (DigestSweep). Each week's digest
 * is a row of the reminder schedule under the conversation (key `digest|<ISO week>`), so it is
 * claimed, retried and caught up after downtime like every reminder, and a mark of the week in the
 * same store keeps it to one a week, whoever sweeps.
 */
import { digestCard } from '../../cards/digest';
import { noticeCard } from '../../cards/views';
import { addDays, localDate } from '../../domain/calendar';
import {
  DIGEST_TIME,
  digestDay,
  digestKey,
  digestReminder,
  digestWeek,
  dueDigest,
  isDigestKey,
  isEmptyDigest,
  mondayOf,
  nextDigest,
  reportedWeekOf,
  weeklyDigest,
} from '../../domain/digest';
import { holdsWeek } from '../../domain/totals';
import type { PlannedReminder } from '../../domain/reminders';
import { format, formatDate, formatTime, strings } from '../../i18n';
import type { Logger } from '../../log';
import type { ConversationStore, DigestSubscription, StoredConversation } from '../../storage/conversations';
import type { PilotStore, PilotSummary } from '../../storage/pilots';
import type { DueReminder, ReminderStore } from '../../storage/reminders';
import { type TeamAccess, turnTeam } from '../access';
import type { ActionRequest, Answer } from '../pilots';
import type { Turn } from '../port';
import { channelSending, type Outbox, type Sending } from './outbox';

const SCHEDULE_PREFIX = 'digest:';

/** The id a conversation's digest rows and marks go under in the reminder schedule (never a pilot's id). */
export function digestScheduleId(tenantId: string, conversationId: string): string {
  return `${SCHEDULE_PREFIX}${tenantId}:${conversationId}`;
}

/** The conversation of a digest's schedule id; undefined for a pilot's. Tenant ids hold no ':'. */
function conversationOf(id: string): { tenantId: string; conversationId: string } | undefined {
  if (!id.startsWith(SCHEDULE_PREFIX)) return undefined;
  const rest = id.slice(SCHEDULE_PREFIX.length);
  const i = rest.indexOf(':');
  return i > 0 ? { tenantId: rest.slice(0, i), conversationId: rest.slice(i + 1) } : undefined;
}

/**
 * A channel's own conversation, not the thread the command was typed in ("…;messageid=…"), and a
 * reference without the command's activity: the digest is a new post, not a reply to the command.
 */
function channelAddress(turn: Turn): { conversationId: string; reference: Record<string, unknown> } {
  const conversationId = turn.conversation.id.split(';messageid=')[0];
  const { activityId: _activityId, ...rest } = turn.address;
  const conversation = rest.conversation;
  const reference =
    conversation && typeof conversation === 'object'
      ? { ...rest, conversation: { ...(conversation as Record<string, unknown>), id: conversationId } }
      : rest;
  return { conversationId, reference };
}

export interface DigestSettingsDeps {
  conversations: ConversationStore;
  reminders: ReminderStore;
  access: TeamAccess;
  log: Logger;
  now: () => Date;
}

/** The command `viikkokooste` / `veckosammandrag` / `weekly digest`: the digest on or off in this conversation. */
export class DigestSettings {
  constructor(private readonly deps: DigestSettingsDeps) {}

  async toggle(turn: Turn, req: ActionRequest): Promise<Answer> {
    const t = strings(req.locale);
    const g = t.digest;
    const command = t.help.commandDigest;
    const team = turnTeam(turn);
    if (!team) return { card: noticeCard(req.locale, g.title, format(g.onlyInChannel, { command }), 'attention') };
    if ((await this.deps.access.inTurn(turn, team)) === 'none') {
      return { card: noticeCard(req.locale, g.title, g.notMember, 'attention') };
    }
    const now = this.deps.now();
    const { conversationId, reference } = channelAddress(turn);
    const activityId = typeof turn.address.activityId === 'string' ? turn.address.activityId : '';
    const on = await this.deps.conversations.toggleDigest(
      {
        tenantId: turn.tenantId,
        conversationId,
        scope: turn.conversation.scope,
        teamId: team.teamId,
        serviceUrl: turn.conversation.serviceUrl,
        reference,
        updatedAt: now.toISOString(),
      },
      activityId,
    );
    this.deps.log.info({ scope: turn.conversation.scope, on }, 'weekly digest toggled');
    if (!on) return { card: noticeCard(req.locale, g.offTitle, format(g.offText, { command }), '') };
    const next = nextDigest(now);
    // Off and on again in one week: the same row (its key is the week's), and the week's mark stops a second digest.
    await this.deps.reminders.schedule(digestScheduleId(turn.tenantId, conversationId), digestReminder(next), now);
    const date = formatDate(req.locale, digestDay(next.monday));
    const time = formatTime(req.locale, DIGEST_TIME);
    return { card: noticeCard(req.locale, g.onTitle, format(g.onText, { time, date }), 'good') };
  }
}

export interface DigestSweepDeps {
  conversations: ConversationStore;
  pilots: PilotStore;
  reminders: ReminderStore;
  outbox: Outbox;
  log: Logger;
}

/** The digest's part of the reminder sweep: the runner hands it the digest rows it has claimed. */
export class DigestSweep {
  constructor(private readonly deps: DigestSweepDeps) {}

  /** True for a row of the digest (its key), which this class handles rather than the pilots' reminders. */
  handles(r: Pick<DueReminder, 'key' | 'pilotId'>): boolean {
    return isDigestKey(r.key) && !!conversationOf(r.pilotId);
  }

  /**
   * A claimed digest row: the digest of the week due now (this Monday's, also when the sweep is late),
   * unless it was sent already, nothing happened, or the digest was turned off (then its chain ends:
   * undefined). Otherwise what the sending came to and next week's row.
   */
  async attempt(r: DueReminder, now: Date): Promise<{ sending: Sending; successor?: PlannedReminder } | undefined> {
    const where = conversationOf(r.pilotId);
    if (!where) return undefined;
    const { conversations, pilots, reminders, outbox, log } = this.deps;
    const sub = await conversations.digestOf(where.tenantId, where.conversationId);
    if (!sub?.on) return undefined;
    const due = dueDigest(now);
    // A row of a week gone by, found before this week's time (Monday before 08:30): wait for this week's.
    if (!due) return { sending: { sent: [] }, successor: digestReminder(digestWeek(mondayOf(localDate(now)))) };
    const successor = digestReminder(digestWeek(addDays(due.monday, 7)));
    const mark = digestKey(due.week);
    if (await reminders.marked(r.pilotId, mark)) return { sending: { sent: [] }, successor };
    if (!(await this.stillInstalled(sub))) {
      await conversations.stopDigest(sub.tenantId, sub.conversationId, now.toISOString());
      log.info({ scope: sub.scope }, 'weekly digest stopped: Polku is no longer in the conversation');
      return undefined;
    }
    const summaries = await withWeek(
      pilots,
      await pilots.listTeamPilots({ tenantId: sub.tenantId, teamId: sub.teamId }),
      reportedWeekOf(due.monday),
    );
    const digest = weeklyDigest(summaries, due.monday, localDate(now));
    if (isEmptyDigest(digest)) {
      log.info(
        { scope: sub.scope, week: due.week, pilots: summaries.length },
        'weekly digest skipped: nothing to tell',
      );
      return { sending: { sent: [] }, successor };
    }
    const outcome = await outbox.send(addressOf(sub), (locale) => ({ card: digestCard(locale, digest) }));
    if (outcome === 'gone') {
      await conversations.stopDigest(sub.tenantId, sub.conversationId, now.toISOString());
      return undefined;
    }
    if (outcome === 'sent') {
      await reminders.mark(r.pilotId, mark);
      log.info(
        {
          scope: sub.scope,
          week: due.week,
          sessions: digest.sessions.length,
          evaluations: digest.evaluations.length,
          gaps: digest.gaps.length,
          warnings: digest.warnings.length,
        },
        'weekly digest sent',
      );
    }
    return { sending: channelSending(outcome), successor };
  }

  /** Polku is still in the team (installed in one of its channels) or in the group chat. */
  private async stillInstalled(sub: DigestSubscription): Promise<boolean> {
    const { conversations } = this.deps;
    if (sub.scope === 'channel') {
      return (await conversations.listTeamChannels(sub.tenantId)).some((c) => c.teamId === sub.teamId);
    }
    return (await conversations.get(sub.tenantId, sub.conversationId))?.active === true;
  }
}

/**
 * A team's pilots with the week a digest reports on as it is: the team index keeps only a pilot's
 * last weeks (totals.ts indexTotals), so a pilot whose copy starts after that week (its last
 * session dated weeks after it) is read from its own totals.
 */
export async function withWeek(
  pilots: Pick<PilotStore, 'getPilot'>,
  listed: PilotSummary[],
  week: string,
): Promise<PilotSummary[]> {
  return Promise.all(
    listed.map(async (s) => (holdsWeek(s.totals, week) ? s : ((await pilots.getPilot(s.pilot.id)) ?? s))),
  );
}

function addressOf(sub: DigestSubscription): StoredConversation {
  return {
    tenantId: sub.tenantId,
    conversationId: sub.conversationId,
    scope: sub.scope,
    teamId: sub.teamId,
    serviceUrl: sub.serviceUrl,
    reference: sub.reference,
    active: true,
    updatedAt: sub.updatedAt,
  };
}
