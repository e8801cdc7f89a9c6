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

export class FakeConnector {
  readonly sent: SentActivity[] = [];
  private server?: http.Server;
  private waiters: (() => void)[] = [];
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(req.url ?? '');
        if (req.method === 'POST' && m) {
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

  clear(): void {
    this.sent.length = 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
