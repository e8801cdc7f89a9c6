/**
 * The port between Teams and Polku's application. An adapter (bot/adapters/<sdk>/) turns each
 * activity into a Turn, calls the application, and carries out what it returns; the application
 * asks Teams for the few things it needs through the Turn and the Messenger below. No file of the
 * application imports an SDK: these types are all it knows of Teams.
 */
import type { AdaptiveCardJson } from '../cards';
import type { Locale } from '../i18n';

export type ConversationScope = 'personal' | 'groupChat' | 'channel';

/** A team member's standing as Teams tells it: 'none' when Teams says they are not a member. */
export type TeamStanding = 'owner' | 'member' | 'none';

/**
 * Where Polku may speak later: the Bot Framework conversation reference, as JSON-safe data
 * ({ channelId, serviceUrl, conversation, bot, user?, locale? }). Both SDKs read and write it.
 */
export type ConversationAddress = Record<string, unknown>;

/** Who acts in a turn. */
export interface TurnActor {
  /** Entra object id when Teams gives one (it does for work accounts), else the channel id. */
  userId: string;
  /** The Entra object id, only when Teams sent one in the shape of a GUID. */
  aadObjectId?: string;
  /** The conversation-scoped id ("29:…"): what every Bot Connector's member API accepts. */
  channelUserId: string;
  name: string;
}

export interface TurnConversation {
  id: string;
  scope: ConversationScope;
  /** A group chat's name, as Teams sent it. */
  name?: string;
  /** The team of a channel conversation, as Teams sent it. */
  team?: { id: string; name?: string };
  serviceUrl: string;
}

/** A person as the roster lists them. */
export interface RosterMember {
  /** Entra object id when known, else the channel id. */
  id: string;
  name: string;
}

/**
 * A failure of a call to Teams, as the adapter read it from its SDK's error: the HTTP status if an
 * answer came, Retry-After when the connector asked to wait, and whether no answer came at all.
 */
export class ConnectorError extends Error {
  override name = 'ConnectorError';
  readonly statusCode: number | undefined;
  /** Retry-After, in ms, when the connector asked to wait. */
  readonly retryAfterMs?: number;
  /** No answer came (connection refused or reset, a timeout): worth another try. */
  readonly transport: boolean;
  /** The SDK error's name, for the log (never its message). */
  readonly errorName: string;
  /** Teams' error code from the answer's body (e.g. ConversationBlockedByUser), or the transport's (ECONNRESET). */
  readonly code?: string;

  constructor(o: {
    statusCode?: number;
    retryAfterMs?: number;
    transport?: boolean;
    errorName?: string;
    code?: string;
  }) {
    super(o.statusCode ? `connector answered ${o.statusCode}` : 'connector not reached');
    this.statusCode = o.statusCode;
    this.retryAfterMs = o.retryAfterMs;
    this.transport = o.transport ?? false;
    this.errorName = o.errorName ?? 'Error';
    this.code = o.code;
  }
}

/** What the application asks Teams during a turn, in the turn's own conversation. */
export interface TeamsQueries {
  /** A person's standing in a team or group chat. Throws ConnectorError when Teams could not be asked. */
  member(teamId: string, channelUserId: string): Promise<TeamStanding>;
  /** The members of a team or group chat, at most `max`. Throws ConnectorError. */
  roster(teamId: string, max: number): Promise<RosterMember[]>;
  /** A team's name, undefined when Teams has none to give (a group chat). */
  teamName(teamId: string): Promise<string | undefined>;
}

/** A message Polku sends: a card, optionally with people @mentioned in its text. */
export interface OutgoingMessage {
  card?: AdaptiveCardJson;
  text?: string;
  /** People to @mention: the text then lists them as <at>name</at>. */
  mentions?: RosterMember[];
}

/** One activity as the application sees it. */
export interface Turn {
  tenantId: string;
  actor: TurnActor;
  conversation: TurnConversation;
  /** The sender's UTC offset in minutes, from the activity's localTimestamp, when it gave one (card dates). */
  utcOffsetMinutes?: number;
  /** The locale as Teams sent it (bounded), and as Polku speaks it. */
  rawLocale?: string;
  locale: Locale;
  /** The conversation's address to keep for proactive messages (ids only; see storedAddress). */
  address: ConversationAddress;
  /** The message that held the pressed card, for updating it for everyone. */
  replyToId?: string;
  teams: TeamsQueries;
  /** Sends a message into the turn's conversation. */
  reply(message: OutgoingMessage): Promise<void>;
  /** Replaces the message that held the pressed card (everyone in the conversation sees it). */
  updateCard(card: AdaptiveCardJson): Promise<void>;
}

/** Proactive messages and questions outside a turn (reminders, the tab's API). */
export interface Messenger {
  /** Speaks in a conversation Polku was installed in. Throws ConnectorError (403/404: gone, 429: wait). */
  send(address: ConversationAddress, message: OutgoingMessage): Promise<void>;
  /** Opens a personal chat with a person of the tenant and speaks there. Throws ConnectorError. */
  openPersonalChat(
    o: { serviceUrl: string; tenantId: string; userId: string },
    message: OutgoingMessage,
  ): Promise<void>;
  /** A person's standing in a team, asked through a conversation of that team. Throws ConnectorError. */
  memberStanding(address: ConversationAddress, teamId: string, userId: string): Promise<TeamStanding>;
}

/** What a card action (Action.Execute) comes to, for the adapter to answer the invoke with. */
export type CardActionResult =
  | { kind: 'card'; card: AdaptiveCardJson }
  | { kind: 'badRequest'; message: string }
  | { kind: 'failed'; message: string };

/** One pilot found by a message-extension search or a pasted link: the card to insert, and its line in the list. */
export interface SearchResult {
  card: AdaptiveCardJson;
  /** The result list's line, as plain text (user text among it: the adapter writes it for Teams). */
  preview: { title: string; text: string };
}

/**
 * What a message-extension query comes to: the results (none at all is an answer too), a refusal
 * of a command Polku does not have, or a failure worded for the person (storage away).
 */
export type SearchAnswer =
  | { kind: 'results'; results: SearchResult[] }
  | { kind: 'badRequest'; message: string }
  | { kind: 'failed'; message: string };
