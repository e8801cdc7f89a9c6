/**
 * Delivery of reminders: where a message goes (an owner's personal chat, one opened for them, or
 * the team's conversation with a mention), paced under Teams' limits and retried (delivery.ts).
 * A conversation Polku was removed from is marked so.
 */
import type { AdaptiveCardJson } from '../../cards';
import type { Pilot } from '../../domain/pilots';
import { type Locale, localeOf } from '../../i18n';
import type { Logger } from '../../log';
import type { ConversationStore, StoredConversation } from '../../storage/conversations';
import type { Messenger, OutgoingMessage } from '../port';
import { deliver, type Pacer } from './delivery';

/** Why a try came to nothing: the error's name (never its message) and the connector's status, if any. */
export interface Failure {
  error: string;
  status?: number;
}

/** What a try came to: who got the message, and the failure when it could not be built or sent to all. */
export interface Sending {
  sent: string[];
  failure?: Failure;
}

/** A message to the team's conversation: sent there, or nowhere (Polku gone from it), or failed. */
export function channelSending(outcome: 'sent' | 'gone' | Failure): Sending {
  if (outcome === 'sent') return { sent: ['channel'] };
  return outcome === 'gone' ? { sent: [] } : { sent: [], failure: outcome };
}

export interface OutboxDeps {
  conversations: ConversationStore;
  messenger: Messenger;
  pacer: Pacer;
  log: Logger;
  now: () => Date;
}

export class Outbox {
  constructor(private readonly deps: OutboxDeps) {}

  /** The conversation where the pilot's team talks: its channel, or the group chat itself. */
  async teamConversation(pilot: Pilot): Promise<StoredConversation | undefined> {
    const { tenantId, teamId } = pilot.team;
    const channels = await this.deps.conversations.listTeamChannels(tenantId);
    const channel = channels.find((c) => c.teamId === teamId);
    const c = await this.deps.conversations.get(tenantId, channel?.conversationId ?? teamId);
    return c?.active ? c : undefined;
  }

  /**
   * Sends a card to each owner: in their personal chat with Polku, else one opened through the
   * connector, else in the team's conversation with a mention. Returns who got it, and the first
   * failure when someone could not be reached for a reason other than Polku being gone there.
   */
  async toOwners(pilot: Pilot, card: (locale: Locale) => AdaptiveCardJson): Promise<Sending> {
    const sent: string[] = [];
    let failure: Failure | undefined;
    const unreachable: string[] = [];
    const team = await this.teamConversation(pilot);
    for (const owner of pilot.owners) {
      const chat = await this.deps.conversations.personalChatOf(pilot.team.tenantId, owner);
      const r = chat
        ? await this.send(chat, (locale) => ({ card: card(locale) }))
        : team
          ? await this.openChat(team, pilot, owner, card)
          : 'gone';
      if (r === 'sent') sent.push(owner);
      else if (r === 'gone') unreachable.push(owner);
      else failure ??= r;
    }
    if (unreachable.length && team) {
      const r = await this.send(team, (locale) => {
        const names = unreachable.map((id) => pilot.ownerNames?.[id] || '').filter(Boolean);
        return mentionMessage(card(locale), unreachable, names);
      });
      if (r === 'sent') sent.push(...unreachable.map((id) => `channel:${id}`));
      else if (r !== 'gone') failure ??= r;
    }
    return failure ? { sent, failure } : { sent };
  }

  private async openChat(
    team: StoredConversation,
    pilot: Pilot,
    owner: string,
    card: (locale: Locale) => AdaptiveCardJson,
  ): Promise<'sent' | 'gone' | Failure> {
    const outcome = await deliver(
      () =>
        this.deps.messenger.openPersonalChat(
          { serviceUrl: team.serviceUrl, tenantId: pilot.team.tenantId, userId: owner },
          { card: card('fi') },
        ),
      { pacer: this.deps.pacer, conversationKey: `new|${owner}`, tenantKey: pilot.team.tenantId, maxAttempts: 3 },
    );
    if (outcome.status === 'failed') return { error: outcome.errorName, status: outcome.httpStatus };
    return outcome.status;
  }

  /** One proactive message, paced and retried; a conversation Polku was removed from is marked so. */
  async send(c: StoredConversation, message: (locale: Locale) => OutgoingMessage): Promise<'sent' | 'gone' | Failure> {
    const reference = c.reference;
    const locale = localeOf(typeof reference.locale === 'string' ? reference.locale : undefined);
    const outcome = await deliver(() => this.deps.messenger.send(reference, message(locale)), {
      pacer: this.deps.pacer,
      conversationKey: c.conversationId,
      tenantKey: c.tenantId,
      maxAttempts: 3,
    });
    if (outcome.status === 'sent') return 'sent';
    if (outcome.status === 'gone') {
      await this.deps.conversations.deactivate(c.tenantId, c.conversationId, this.deps.now().toISOString());
      this.deps.log.warn({ scope: c.scope, status: outcome.httpStatus }, 'conversation gone: marked inactive');
      return 'gone';
    }
    this.deps.log.warn(
      { scope: c.scope, status: outcome.httpStatus, attempts: outcome.attempts, error: outcome.errorName },
      'reminder not delivered',
    );
    return { error: outcome.errorName, status: outcome.httpStatus };
  }
}

/** A card with the people it concerns @mentioned, for the team's conversation (those with a name). */
export function mentionMessage(card: AdaptiveCardJson, ids: string[], names: string[]): OutgoingMessage {
  const mentions = ids.map((id, i) => ({ id, name: names[i] })).filter((m) => !!m.name);
  return { card, mentions };
}
