/**
 * What an adapter calls: one method per kind of activity Polku serves. The adapter has already
 * checked the token, read the activity into a Turn, and will carry out the answer (the invoke
 * response, replies and card updates go through the Turn).
 */
import type { CardActionResult, SearchAnswer, Turn } from './port';

/** A message-extension search (composeExtension/query), as the adapter read it from the invoke's value. */
export interface SearchQuery {
  /** The manifest command's id (composeExtensions[0].commands[].id). */
  commandId: string;
  /** What the person typed in the search box (user text: never logged); '' for none. */
  text: string;
  /** Teams' default query, sent when the command opens (`initialRun` in the manifest). */
  initialRun: boolean;
  /** Paging as Teams asks for it (queryOptions), bounded by the adapter. */
  skip: number;
  count: number;
}

/** A person added to or removed from a team or group chat, as the activity lists them. */
export interface ChangedMember {
  /** Entra object id, only when it is a GUID. */
  aadObjectId?: string;
}

export interface TurnHandler {
  /** A message: a typed command, or (Action.Submit fallback) a card's data with its verb. */
  message(turn: Turn, m: { text: string; value?: Record<string, unknown> }): Promise<void>;
  /** An Action.Execute invoke (adaptiveCard/action): its verb and data; `automatic` for a refresh. */
  cardAction(
    turn: Turn,
    a: { verb: string; data: Record<string, unknown>; automatic: boolean },
  ): Promise<CardActionResult>;
  /** Polku installed: `welcome` for the installation event (it carries the locale), not members-added. */
  installed(turn: Turn, o: { welcome: boolean }): Promise<void>;
  /** Polku removed from the conversation. */
  removed(turn: Turn): Promise<void>;
  /** People other than Polku added to or removed from the team or group chat. */
  membersChanged(turn: Turn, o: { added: ChangedMember[]; removed: ChangedMember[] }): Promise<void>;
  /** A Teams meeting of this conversation ended. */
  meetingEnded(turn: Turn): Promise<void>;
  /**
   * A message-extension search, from any conversation (a chat that is not the team's too). A
   * handler without it serves no message extension: the invoke is refused as unknown.
   */
  searchQuery?(turn: Turn, q: SearchQuery): Promise<SearchAnswer>;
  /** A link pasted in a compose box (composeExtension/queryLink) on a domain the manifest's messageHandlers name. */
  linkQuery?(turn: Turn, l: { url: string }): Promise<SearchAnswer>;
  /** The sentence a message turn that failed answers with (storage away, or anything else). */
  failureText(locale: string | undefined, error: unknown): string;
  /** The sentence an invoke Polku does not serve is refused with. */
  unknownActionText(locale: string | undefined): string;
}
