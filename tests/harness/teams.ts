/**
 * Plays the Teams client: builds Teams-shaped activities (channelId "msteams", tenant, team and
 * channel in channelData, serviceUrl pointing at the fake connector) and POSTs them to the bot.
 */
import { randomUUID } from 'node:crypto';

export const TENANT = '0f2e8c1a-7d4b-4c3e-9b5a-2e1f0d9c8b7a';
export const BOT = { id: '28:polku-bot-id', name: 'Polku' };
export const USER = { id: '29:user-aino', name: 'Aino Virtanen', aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000001' };
export const TEAM = { id: '19:raisio-team@thread.tacv2', name: 'Raision aikuissosiaalityö', aadGroupId: 'g-raisio' };
export const CHANNEL = { id: '19:kokeilut-channel@thread.tacv2', name: 'Kokeilut' };

/** Colleagues in the team, as the Bot Connector's member API lists them (see connector.ts). */
export const OWNER = { id: USER.id, name: USER.name, aadObjectId: USER.aadObjectId, userRole: 'user' as const };
export const DEACON = {
  id: '29:user-deacon',
  name: 'Pirjo Diakoni',
  aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000002',
  userRole: 'user' as const,
};

/** An owner of the team who owns no pilot: Teams reports her as the team's owner. */
export const TEAM_OWNER = {
  id: '29:user-team-owner',
  name: 'Tuula Tiiminvetäjä',
  aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000004',
  userRole: 'owner' as const,
};

export type Scope = 'personal' | 'groupChat' | 'channel';

export interface TeamsClientOptions {
  botUrl: string;
  serviceUrl: string;
  scope?: Scope;
  locale?: string;
  conversationId?: string;
}

export type Activity = Record<string, unknown>;

export class TeamsClient {
  readonly scope: Scope;
  readonly conversationId: string;

  constructor(private readonly o: TeamsClientOptions) {
    this.scope = o.scope ?? 'personal';
    this.conversationId =
      o.conversationId ??
      (this.scope === 'personal'
        ? `a:1personal-${randomUUID()}`
        : this.scope === 'groupChat'
          ? `19:group-${randomUUID()}@thread.v2`
          : CHANNEL.id);
  }

  /** The common envelope of every activity in this conversation. */
  base(extra: Activity = {}): Activity {
    const channelData: Activity = { tenant: { id: TENANT } };
    if (this.scope === 'channel') {
      channelData.team = TEAM;
      channelData.channel = CHANNEL;
    }
    return {
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      serviceUrl: this.o.serviceUrl,
      channelId: 'msteams',
      from: USER,
      recipient: BOT,
      conversation: {
        id: this.conversationId,
        conversationType: this.scope,
        tenantId: TENANT,
        isGroup: this.scope !== 'personal',
      },
      ...(this.o.locale ? { locale: this.o.locale } : {}),
      channelData,
      ...extra,
    };
  }

  installationUpdate(action: 'add' | 'remove' = 'add'): Activity {
    return this.base({ type: 'installationUpdate', action, from: USER });
  }

  botAdded(): Activity {
    const a = this.base({ type: 'conversationUpdate', membersAdded: [{ id: BOT.id }] });
    (a.channelData as Activity).eventType = this.scope === 'channel' ? 'teamMemberAdded' : undefined;
    return a;
  }

  message(text: string, extra: Activity = {}): Activity {
    if (this.scope === 'personal') return this.base({ type: 'message', text, ...extra });
    // In channels and group chats people @mention the bot, as Teams requires.
    const mention = `<at>${BOT.name}</at>`;
    return this.base({
      type: 'message',
      text: `${mention} ${text}`,
      entities: [{ type: 'mention', mentioned: BOT, text: mention }],
      ...extra,
    });
  }

  /** An Action.Execute press: Teams sends it as an adaptiveCard/action invoke. */
  execute(verb: string, data: Record<string, unknown> = {}): Activity {
    return this.base({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    });
  }

  /** Any invoke, as Teams sends it: its name and value (a message extension's search, a pasted link). */
  invoke(name: string, value?: unknown): Activity {
    return this.base({ type: 'invoke', name, ...(value === undefined ? {} : { value }) });
  }

  /**
   * A message-extension search as Teams sends it from a compose box: the typed text in the
   * command's `query` parameter, or Teams' default query when the command opens (initialRun).
   */
  search(commandId: string, text: string | { initialRun: true }, queryOptions = { skip: 0, count: 25 }): Activity {
    const parameters =
      typeof text === 'string' ? [{ name: 'query', value: text }] : [{ name: 'initialRun', value: 'true' }];
    return this.invoke('composeExtension/query', { commandId, parameters, queryOptions });
  }

  /** A link pasted in a compose box, on a domain the manifest's messageHandlers name (composeExtension/queryLink). */
  pasteLink(url: string): Activity {
    return this.invoke('composeExtension/queryLink', { url });
  }

  /** An Action.Submit press (clients without Universal Actions): a message with a value. */
  submit(data: Record<string, unknown>): Activity {
    return this.base({ type: 'message', value: data });
  }

  async send(activity: Activity, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.o.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: keep the raw text for the assertion that reads it.
    }
    return { status: res.status, body };
  }
}

/** The same conversation, with another person acting. */
export function as(client: TeamsClient, who: { id: string; name: string; aadObjectId: string }): TeamsClient {
  const original = client.base.bind(client);
  const other = Object.create(client) as TeamsClient;
  other.base = (extra = {}) => original({ from: who, ...extra });
  return other;
}
