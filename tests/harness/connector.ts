/**
 * A stand-in for the Bot Connector service: a local HTTP server that records what the bot
 * POSTs to /v3/conversations/... and answers as the real service does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentActivity {
  conversationId: string;
  replyToId?: string;
  activity: {
    type: string;
    text?: string;
    attachments?: { contentType: string; content: Record<string, unknown> }[];
    [k: string]: unknown;
  };
}

/** A member as the Bot Connector's member API returns one. */
export interface Member {
  id: string;
  name: string;
  aadObjectId: string;
  userRole?: 'user' | 'owner' | 'guest';
}

export class FakeConnector {
  readonly sent: SentActivity[] = [];
  /** When each of `sent` arrived (ms since the epoch), in the same order: for the bench's send rate. */
  readonly sentAt: number[] = [];
  /** Activities the bot replaced in place (PUT), e.g. a channel card updated for everyone. */
  readonly updated: SentActivity[] = [];
  /** Members of each team or chat, by its id, as Teams would list them. */
  readonly members = new Map<string, Member[]>();
  /** Every request for a new conversation (a personal chat opened by the bot). */
  readonly opened: Record<string, unknown>[] = [];
  /** Status for new conversations: 200, or e.g. 403 when the app is not installed for the user. */
  openStatus = 403;
  /** Every POST of an activity, answered or not (to count attempts). */
  readonly attempts: { conversationId: string; status: number }[] = [];
  private readonly script = new Map<string, { status: number; headers?: Record<string, string> }[]>();

  /** The next POSTs to a conversation are answered with these statuses, in order, then 200 again. */
  failNext(conversationId: string, ...answers: { status: number; headers?: Record<string, string> }[]): void {
    this.script.set(conversationId, [...(this.script.get(conversationId) ?? []), ...answers]);
  }
  private server?: http.Server;
  private waiters: (() => void)[] = [];
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://connector');
        const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(url.pathname);
        const member = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(url.pathname);
        const paged = /^\/v3\/conversations\/([^/]+)\/pagedmembers$/.exec(url.pathname);
        const json = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (req.method === 'GET' && member) {
          const list = this.members.get(decodeURIComponent(member[1])) ?? [];
          const id = decodeURIComponent(member[2]);
          const found = list.find((x) => x.id === id || x.aadObjectId === id);
          if (found) return json(200, found);
          return json(404, { error: { code: 'MemberNotFoundInConversation', message: 'The member was not found.' } });
        }
        if (req.method === 'GET' && paged) {
          const list = this.members.get(decodeURIComponent(paged[1]));
          if (!list) return json(404, { error: { code: 'ConversationNotFound', message: 'Not found.' } });
          return json(200, { members: list });
        }
        if (req.method === 'PUT' && m && m[2]) {
          this.updated.push({
            conversationId: decodeURIComponent(m[1]),
            replyToId: decodeURIComponent(m[2]),
            activity: JSON.parse(body) as SentActivity['activity'],
          });
          return json(200, { id: decodeURIComponent(m[2]) });
        }
        if (req.method === 'POST' && url.pathname === '/v3/conversations') {
          this.opened.push(JSON.parse(body) as Record<string, unknown>);
          if (this.openStatus !== 200) {
            return json(this.openStatus, {
              error: { code: 'Forbidden', message: 'The bot is not installed for the user.' },
            });
          }
          return json(200, { id: `a:opened-${this.opened.length}` });
        }
        if (req.method === 'POST' && m) {
          const conversationId = decodeURIComponent(m[1]);
          const scripted = this.script.get(conversationId)?.shift();
          this.attempts.push({ conversationId, status: scripted?.status ?? 200 });
          if (scripted && scripted.status !== 200) {
            res.writeHead(scripted.status, { 'content-type': 'application/json', ...(scripted.headers ?? {}) });
            res.end(JSON.stringify({ error: { code: 'Scripted', message: `scripted ${scripted.status}` } }));
            return;
          }
          this.sentAt.push(Date.now());
          this.sent.push({
            conversationId: decodeURIComponent(m[1]),
            replyToId: m[2] ? decodeURIComponent(m[2]) : undefined,
            activity: JSON.parse(body) as SentActivity['activity'],
          });
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: `sent-${this.sent.length}` }));
          this.waiters.splice(0).forEach((w) => w());
          return;
        }
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'NotFound', message: `no route ${req.method} ${req.url}` } }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  /** Adaptive Cards the bot sent, in order. */
  cards(): Record<string, unknown>[] {
    return this.sent.flatMap((s) =>
      (s.activity.attachments ?? [])
        .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
        .map((a) => a.content),
    );
  }

  /** Cards the bot put in place of earlier ones (updates for everyone), in order. */
  updatedCards(): Record<string, unknown>[] {
    return this.updated.flatMap((s) => (s.activity.attachments ?? []).map((a) => a.content));
  }

  clear(): void {
    this.sent.length = 0;
    this.sentAt.length = 0;
    this.updated.length = 0;
    this.opened.length = 0;
    this.attempts.length = 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
