/**
 * The Bot Connector through the Teams SDK: @microsoft/teams.api's Client (conversations,
 * activities, members, teams) over one @microsoft/teams.common HTTP client, which carries the
 * bot's token from @microsoft/teams.apps' TokenManager when a bot identity is configured (no token
 * at all without one, as botbuilder calls the Agents Playground).
 *
 * What is sent is what botbuilder sends for the same message: the activity of messageActivity()
 * with the conversation reference applied as botbuilder's TurnContext applies it (channelId,
 * locale, serviceUrl, conversation, from = the bot, recipient = the person, replyToId = the
 * activity the reference names), posted to the same paths. Ids in paths are URI-encoded, as
 * botbuilder encodes them (the SDK puts them in as given).
 *
 * The two clients (axios, the SDK's activity and card classes) are required on the first call to
 * the connector, not at start: a started server that has not yet spoken does not hold them
 * (bench/README.md, memory). With a bot identity, the TokenManager is built at start.
 */
import type { Client } from '@microsoft/teams.api';
import type { Client as HttpClient, ILogger } from '@microsoft/teams.common';
import type { TokenManager } from '@microsoft/teams.apps/dist/token-manager';
import type { OutgoingMessage, RosterMember, TeamStanding } from '../../application/port';
import type { Config } from '../../config';
import { isObject, messageActivity } from '../activity';
import { mapped, standingOf } from './errors';

/** The SDK's log lines are not Polku's: they may carry URLs and ids, and are dropped. */
export const silentLogger: ILogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  trace: () => undefined,
  log: () => undefined,
  child: () => silentLogger,
};

/** A conversation reference, as botbuilder's ConversationReference: where and as whom to speak. */
export interface Reference {
  serviceUrl: string;
  channelId?: string;
  locale?: string;
  conversation: Record<string, unknown> & { id: string };
  bot?: Record<string, unknown>;
  user?: Record<string, unknown>;
  /** The activity a message answers: botbuilder then posts it as a reply to that activity. */
  activityId?: string;
}

const ACCOUNT = ['id', 'name', 'aadObjectId', 'role'];
const CONVERSATION = ['id', 'name', 'conversationType', 'tenantId', 'isGroup', 'aadObjectId', 'role'];

/** The fields of `o` that the Bot Framework schema knows (what botbuilder's serializer would send). */
function pick(o: unknown, keys: string[]): Record<string, unknown> | undefined {
  if (!isObject(o)) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** A stored address (addressOf) as a reference; undefined when it lacks where to speak. */
export function referenceOf(address: Record<string, unknown>): Reference | undefined {
  const conversation = address.conversation;
  if (typeof address.serviceUrl !== 'string' || !address.serviceUrl) return undefined;
  if (!isObject(conversation) || typeof conversation.id !== 'string') return undefined;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    serviceUrl: address.serviceUrl,
    channelId: str(address.channelId),
    locale: str(address.locale),
    conversation: conversation as Reference['conversation'],
    bot: isObject(address.bot) ? address.bot : undefined,
    user: isObject(address.user) ? address.user : undefined,
    activityId: str(address.activityId),
  };
}

/** The message as botbuilder's TurnContext sends it in the reference's conversation. */
export function outgoing(activity: Record<string, unknown>, ref: Reference): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...activity,
    channelId: ref.channelId,
    locale: activity.locale ?? ref.locale,
    serviceUrl: ref.serviceUrl,
    conversation: pick(ref.conversation, CONVERSATION),
    from: pick(ref.bot, ACCOUNT),
    recipient: pick(ref.user, ACCOUNT),
  };
  if (ref.activityId) out.replyToId = ref.activityId;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

const enc = encodeURIComponent;
/** The service URL as the SDK's clients prefix their paths with ("…/v3/…"): no trailing slash. */
const baseOf = (serviceUrl: string) => serviceUrl.replace(/\/+$/, '');

export interface ConnectorOptions {
  /**
   * A token source for the bot's outgoing calls instead of the app password (the SDK's
   * TokenManager "token" credentials): for tests, or a host with its own token provider.
   */
  botToken?: (scope: string | string[], tenantId?: string) => Promise<string>;
}

/** The SDK's TokenManager (and msal-node under it), required when a bot identity asks for it. */
function tokenManager(): typeof TokenManager {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('@microsoft/teams.apps/dist/token-manager') as { TokenManager: typeof TokenManager };
  return sdk.TokenManager;
}

interface Clients {
  Client: typeof Client;
  HttpClient: typeof HttpClient;
}
let clients: Clients | undefined;

/** The SDK's API client and HTTP client, required once, by the first call to the connector. */
function sdk(): Clients {
  clients ??= {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    Client: (require('@microsoft/teams.api') as typeof import('@microsoft/teams.api')).Client,
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    HttpClient: (require('@microsoft/teams.common') as typeof import('@microsoft/teams.common')).Client,
  };
  return clients;
}

export class Connector {
  /** The bot's token for the HTTP client, with a bot identity. */
  private readonly token?: () => Promise<string>;
  private client?: HttpClient;

  constructor(config: Config, options: ConnectorOptions = {}) {
    const appId = config.bot.appId;
    let token: (() => Promise<string>) | undefined;
    if (appId) {
      const appType = config.bot.appType ?? 'MultiTenant';
      // Every option given, so that the SDK's fallbacks to CLIENT_ID, CLIENT_SECRET, TENANT_ID and
      // MANAGED_IDENTITY_CLIENT_ID in the environment never apply: Polku's config is the only source.
      // Required here, with a bot identity only: without one (local mode) no token is ever asked,
      // and the TokenManager would load msal-node for nothing.
      const tokens = new (tokenManager())(
        {
          clientId: appId,
          // (A token source given replaces the password: the SDK takes a secret first when it has one.)
          clientSecret: appType === 'UserAssignedMSI' || options.botToken ? '' : (config.bot.appPassword ?? ''),
          // Multi-tenant bots get their token from the botframework.com tenant (the SDK's default).
          tenantId: appType === 'SingleTenant' ? (config.bot.tenantId ?? '') : '',
          managedIdentityClientId: appId,
          ...(options.botToken ? { token: options.botToken } : {}),
        },
        silentLogger,
      );
      token = async () => {
        const t = await tokens.getBotToken();
        if (!t) throw new Error('no bot token');
        return t.toString();
      };
    }
    this.token = token;
  }

  /** One HTTP client (one axios instance) for every service URL; it adds the bot's token. Built by the first call. */
  private get http(): HttpClient {
    this.client ??= new (sdk().HttpClient)({
      name: 'polku-connector',
      logger: silentLogger,
      headers: { 'Content-Type': 'application/json' },
      ...(this.token ? { token: this.token } : {}),
    });
    return this.client;
  }

  private api(serviceUrl: string): Client {
    return new (sdk().Client)(baseOf(serviceUrl), this.http);
  }

  /** Sends a message into the reference's conversation (as a reply to its activity, when it names one). */
  async send(ref: Reference, message: OutgoingMessage): Promise<void> {
    const body = outgoing(messageActivity(message), ref);
    const conversationId = enc(ref.conversation.id);
    await mapped(async () => {
      if (typeof body.replyToId === 'string') {
        // The Bot Connector's ReplyToActivity, as botbuilder calls it; the SDK's own reply()
        // posts to …/activities with replyToId in the body instead.
        await this.http.post(
          `${baseOf(ref.serviceUrl)}/v3/conversations/${conversationId}/activities/${enc(body.replyToId)}`,
          body,
        );
      } else {
        await this.api(ref.serviceUrl).conversations.createActivity(conversationId, body as never);
      }
    });
  }

  /** Replaces activity `id` of the reference's conversation with the card. */
  async update(ref: Reference, id: string, message: OutgoingMessage): Promise<void> {
    const body = { ...outgoing(messageActivity(message), ref), id };
    await mapped(() =>
      this.api(ref.serviceUrl).conversations.updateActivity(enc(ref.conversation.id), enc(id), body as never),
    );
  }

  /** A person's standing in a team or group chat: 'none' when Teams says they are not a member. */
  member(serviceUrl: string, teamId: string, userId: string): Promise<TeamStanding> {
    return standingOf(() => this.api(serviceUrl).conversations.getMemberById(enc(teamId), enc(userId)));
  }

  /** The members of a team or group chat, at most `max`, paged 200 at a time. */
  async roster(serviceUrl: string, teamId: string, max: number): Promise<RosterMember[]> {
    return mapped(async () => {
      const out: RosterMember[] = [];
      let continuationToken: string | undefined;
      do {
        // botbuilder's path (…/pagedmembers); the SDK's getPagedMembers spells it …/pagedMembers.
        const res = await this.http.get<{ members?: Record<string, unknown>[]; continuationToken?: string }>(
          `${baseOf(serviceUrl)}/v3/conversations/${enc(teamId)}/pagedmembers`,
          { params: { pageSize: 200, ...(continuationToken ? { continuationToken } : {}) } },
        );
        for (const m of res.data?.members ?? []) {
          const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
          const id = str(m.aadObjectId) ?? str(m.objectId) ?? str(m.id);
          if (id) out.push({ id, name: str(m.name) ?? str(m.givenName) ?? id });
        }
        continuationToken = res.data?.continuationToken || undefined;
      } while (continuationToken && out.length < max);
      return out.slice(0, max);
    });
  }

  /** A team's name; undefined when Teams gives none (a group chat has no team details). */
  async teamName(serviceUrl: string, teamId: string): Promise<string | undefined> {
    try {
      return (await this.api(serviceUrl).teams.getById(enc(teamId))).name || undefined;
    } catch {
      return undefined;
    }
  }

  /** Opens a personal chat with a person of the tenant; the new conversation's id. */
  async createPersonal(serviceUrl: string, tenantId: string, userId: string): Promise<string | undefined> {
    const created = await mapped(() =>
      this.api(serviceUrl).conversations.create({
        isGroup: false,
        members: [{ id: userId }],
        tenantId,
        channelData: { tenant: { id: tenantId } },
      } as never),
    );
    return typeof created?.id === 'string' && created.id ? created.id : undefined;
  }
}
