/**
 * The Bot Framework activity as both adapters read it: the protocol's JSON, with no SDK. What is
 * read here is read alike on botbuilder and on the Teams SDK, so that both give the application
 * the same Turn for the same activity.
 */
import type {
  ConversationAddress,
  ConversationScope,
  OutgoingMessage,
  SearchAnswer,
  Turn,
  TurnActor,
  TurnConversation,
} from '../application/port';
import type { ChangedMember, SearchQuery } from '../application/handler';
import { type Locale, localeOf } from '../i18n';

/** The fields of an activity Polku reads. */
export interface ActivityJson {
  type: string;
  id?: string;
  name?: string;
  text?: string;
  locale?: string;
  serviceUrl: string;
  channelId?: string;
  replyToId?: string;
  value?: unknown;
  from: { id: string; name?: string; aadObjectId?: string };
  recipient: { id: string; name?: string };
  conversation: { id: string; conversationType?: string; tenantId?: string; name?: string; isGroup?: boolean };
  channelData?: {
    tenant?: { id?: string };
    team?: { id?: string; name?: string };
    eventType?: string;
    [k: string]: unknown;
  };
  entities?: { type: string; mentioned?: { id: string; name?: string }; text?: string; [k: string]: unknown }[];
  membersAdded?: { id: string; name?: string; aadObjectId?: string }[];
  membersRemoved?: { id: string; name?: string; aadObjectId?: string }[];
  action?: string;
  [k: string]: unknown;
}

export const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The least an activity must carry for Polku to act on it. */
export function isActivity(body: unknown): body is ActivityJson {
  if (!isObject(body)) return false;
  const conversation = body.conversation;
  return (
    typeof body.type === 'string' &&
    body.type.length > 0 &&
    typeof body.serviceUrl === 'string' &&
    isObject(conversation) &&
    typeof conversation.id === 'string'
  );
}

/** An Entra object id (a GUID), or undefined: anything else is not used as an id, nor stored. */
export function entraId(v: unknown): string | undefined {
  return typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)
    ? v
    : undefined;
}

/**
 * Fields Teams always sends in a known shape, made so when a request does not: text, locale and
 * entities of the right type, member lists of objects with ids. Both SDKs then read them as such.
 */
export function normalise(a: ActivityJson): void {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  a.text = text(a.text) ?? '';
  a.locale = text(a.locale)?.slice(0, 20);
  a.entities = Array.isArray(a.entities)
    ? a.entities.filter(
        (e) =>
          isObject(e) &&
          typeof e.type === 'string' &&
          (e.type !== 'mention' ||
            (isObject(e.mentioned) && typeof e.mentioned.id === 'string' && typeof e.text === 'string')),
      )
    : undefined;
  const members = (v: unknown) =>
    Array.isArray(v)
      ? (v.filter((m) => isObject(m) && typeof m.id === 'string') as ActivityJson['membersAdded'])
      : undefined;
  a.membersAdded = members(a.membersAdded);
  a.membersRemoved = members(a.membersRemoved);
  if (!isObject(a.from) || typeof a.from.id !== 'string') a.from = { id: '', name: '' };
  if (!isObject(a.recipient) || typeof a.recipient.id !== 'string') a.recipient = { id: '', name: '' };
  if (!isObject(a.channelData)) a.channelData = undefined;
  if (a.replyToId !== undefined && typeof a.replyToId !== 'string') a.replyToId = undefined;
}

/** The people of a members-added or -removed list other than Polku itself. */
export function changedPeople(list: ActivityJson['membersAdded'], botId: string): ChangedMember[] {
  return (list ?? []).filter((m) => m.id !== botId).map((m) => ({ aadObjectId: entraId(m.aadObjectId) }));
}

export function scopeOf(conversationType: string | undefined): ConversationScope {
  if (conversationType === 'channel') return 'channel';
  if (conversationType === 'groupChat') return 'groupChat';
  return 'personal';
}

export function tenantOf(a: ActivityJson): string {
  const id = a.channelData?.tenant?.id ?? a.conversation?.tenantId;
  return typeof id === 'string' && id ? id : 'local';
}

export function actorOf(a: ActivityJson): TurnActor {
  const from = a.from;
  const aadObjectId = entraId(from.aadObjectId);
  const name = typeof from.name === 'string' ? from.name : '';
  const raw = typeof from.aadObjectId === 'string' && from.aadObjectId ? from.aadObjectId : from.id;
  return { userId: raw, aadObjectId, channelUserId: from.id, name };
}

export function conversationOf(a: ActivityJson): TurnConversation {
  const team = a.channelData?.team;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    id: a.conversation.id,
    scope: scopeOf(a.conversation.conversationType),
    name: str(a.conversation.name),
    team: team && typeof team.id === 'string' && team.id ? { id: team.id, name: str(team.name) } : undefined,
    serviceUrl: a.serviceUrl,
  };
}

export function turnLocale(a: ActivityJson): Locale {
  return localeOf(a.locale);
}

/** The UTC offset a localTimestamp carries ("2027-02-01T09:12:00.000+02:00" → 120), if it is one. */
export function utcOffsetOf(v: unknown): number | undefined {
  if (typeof v !== 'string' || v.length > 40) return undefined;
  // A "Z" says nothing of where the sender is: only an offset of its own counts.
  const m = /T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?([+-])(\d{2}):?(\d{2})$/.exec(v);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return minutes > 14 * 60 ? undefined : (m[1] === '-' ? -1 : 1) * minutes;
}

/** What a Turn reads of its activity; the adapter adds what it asks of Teams (queries, reply, update). */
export function turnFields(a: ActivityJson): Omit<Turn, 'teams' | 'reply' | 'updateCard'> {
  return {
    tenantId: tenantOf(a),
    actor: actorOf(a),
    conversation: conversationOf(a),
    utcOffsetMinutes: utcOffsetOf(a.localTimestamp),
    rawLocale: a.locale,
    locale: turnLocale(a),
    address: addressOf(a),
    replyToId: a.replyToId,
  };
}

/**
 * The message text without the bot's @mention and markup. The mention of the bot is taken out by
 * its entity (as both SDKs do), then any other <at> markup and tags.
 */
export function commandText(a: ActivityJson): string {
  let text = a.text ?? '';
  for (const e of a.entities ?? []) {
    if (e.type === 'mention' && e.mentioned?.id === a.recipient.id && typeof e.text === 'string') {
      text = text.split(e.text).join(' ');
    }
  }
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .trim();
}

/**
 * The conversation's reference as the Bot Framework defines it, reduced to what is kept: ids and
 * addresses, no names, nothing unbounded. The person is kept only for their own personal chat; a
 * channel or group chat is reached without knowing who installed Polku there.
 */
export function addressOf(a: ActivityJson): ConversationAddress {
  const cut = (v: unknown, n: number) => (typeof v === 'string' ? v.slice(0, n) : undefined);
  const personal = scopeOf(a.conversation.conversationType) === 'personal';
  const { id, conversationType, tenantId, isGroup, name } = a.conversation;
  return {
    activityId: a.id,
    user: personal ? { id: cut(a.from.id, 200), aadObjectId: entraId(a.from.aadObjectId) } : undefined,
    bot: { id: a.recipient.id, name: a.recipient.name },
    conversation: { id, conversationType, tenantId, isGroup, name: cut(name, 256) },
    channelId: a.channelId,
    locale: cut(a.locale, 20),
    serviceUrl: a.serviceUrl,
  };
}

/** An outgoing message as a Bot Framework activity: the card as an attachment, mentions as entities. */
export function messageActivity(m: OutgoingMessage): Record<string, unknown> {
  const mentions = (m.mentions ?? [])
    .filter((p) => !!p.name)
    .map((p) => ({ mentioned: { id: p.id, name: p.name }, text: `<at>${p.name}</at>`, type: 'mention' }));
  const text = [m.text ?? '', ...mentions.map((x) => x.text)].filter(Boolean).join(' ');
  return {
    type: 'message',
    ...(text ? { text } : {}),
    ...(mentions.length ? { entities: mentions } : {}),
    ...(m.card
      ? {
          attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: m.card }],
          attachmentLayout: 'list',
        }
      : {}),
    inputHint: 'acceptingInput',
  };
}

/** The HTTP status of an SDK's error, in the shapes both SDKs throw (botbuilder's and axios'). */
export function statusOfError(e: unknown): number | undefined {
  const o = e as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } } | undefined;
  const n = o?.statusCode ?? o?.response?.status ?? o?.status;
  return typeof n === 'number' ? n : undefined;
}

/** The search parameter the manifest's command declares (composeExtensions[0].commands[].parameters[].name). */
export const SEARCH_PARAMETER = 'query';

/** What is read of a search invoke: a command id, a text or a link longer than this is cut. */
const MAX_COMMAND_ID = 64;
const MAX_SEARCH_TEXT = 200;
const MAX_LINK = 2048;

/**
 * A composeExtension/query's value (the protocol's MessagingExtensionQuery) as the application
 * reads it: the command, the text typed in the `query` parameter, Teams' default query (a
 * parameter `initialRun` of "true"), and the page (queryOptions), each bounded.
 */
export function searchQueryOf(value: unknown): SearchQuery {
  const v = isObject(value) ? value : {};
  const params = Array.isArray(v.parameters) ? v.parameters.filter(isObject) : [];
  const param = (name: string) => params.find((p) => p.name === name)?.value;
  const typed = param(SEARCH_PARAMETER);
  const options = isObject(v.queryOptions) ? v.queryOptions : {};
  const whole = (n: unknown, otherwise: number, max: number) =>
    typeof n === 'number' && Number.isInteger(n) && n >= 0 ? Math.min(n, max) : otherwise;
  return {
    commandId: typeof v.commandId === 'string' ? v.commandId.slice(0, MAX_COMMAND_ID) : '',
    text: typeof typed === 'string' ? typed.slice(0, MAX_SEARCH_TEXT) : '',
    initialRun: String(param('initialRun')) === 'true',
    skip: whole(options.skip, 0, 10000),
    count: whole(options.count, 25, 100),
  };
}

/** A composeExtension/queryLink's value (the protocol's AppBasedLinkQuery): the pasted URL, bounded. */
export function linkOf(value: unknown): { url: string } {
  const url = isObject(value) ? value.url : undefined;
  return { url: typeof url === 'string' ? url.slice(0, MAX_LINK) : '' };
}

/** Text for the XML subset Teams renders in a thumbnail card's `text` (its title is shown as it is). */
function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * A search's answer as the invoke response's body (the protocol's MessagingExtensionResponse):
 * the cards in a list, each with a thumbnail preview of plain text, or a failure's sentence as a
 * message. Both SDKs send it as it is, with status 200. A link's answer is not to be cached
 * (`uncached`): Teams keeps an unfurl 30 minutes otherwise, and what a link shows depends on who
 * pastes it and on the pilot as it stands.
 */
export function searchResponse(
  answer: Exclude<SearchAnswer, { kind: 'badRequest' }>,
  o: { uncached?: boolean } = {},
): Record<string, unknown> {
  if (answer.kind === 'failed') return { composeExtension: { type: 'message', text: answer.message } };
  const noCache = { actions: [{ type: 'setCachePolicy', title: 'no-cache', value: '{"type":"no-cache"}' }] };
  return {
    composeExtension: {
      type: 'result',
      attachmentLayout: 'list',
      ...(o.uncached ? { suggestedActions: noCache } : {}),
      attachments: answer.results.map((r) => ({
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: r.card,
        preview: {
          contentType: 'application/vnd.microsoft.card.thumbnail',
          content: { title: r.preview.title, text: xmlText(r.preview.text) },
        },
      })),
    },
  };
}
