/**
 * A fault-injecting HTTP proxy in front of the run's real Azurite: requests pass through
 * unchanged, except those a test chooses to fail, which get a 503 (as Table Storage answers
 * when it is overloaded) without reaching Azurite. Used to make one table's writes fail while
 * the other's succeed, which stopping Azurite cannot do.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { azuriteConnectionString } from '../../bot/storage/azurite';
import { testConnectionString } from './storage';

export type RequestMatcher = (method: string, path: string) => boolean;

export class StorageProxy {
  private server?: http.Server;
  private failing?: RequestMatcher;
  /** How many requests were failed on purpose. */
  failed = 0;

  async start(): Promise<this> {
    const target = new URL(/TableEndpoint=([^;]+)/.exec(testConnectionString())![1]);
    this.server = http.createServer((req, res) => {
      const method = req.method ?? 'GET';
      const path = decodeURIComponent(req.url ?? '');
      if (this.failing?.(method, path)) {
        this.failed++;
        req.resume();
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ 'odata.error': { code: 'ServerBusy', message: { value: 'injected' } } }));
        return;
      }
      const upstream = http.request(
        { host: target.hostname, port: target.port, method, path: req.url, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get connectionString(): string {
    return azuriteConnectionString((this.server!.address() as AddressInfo).port);
  }

  /** Fails every request the matcher accepts, until heal(). */
  fail(matcher: RequestMatcher): void {
    this.failing = matcher;
  }

  heal(): void {
    this.failing = undefined;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

/** Writes (anything but a read) to one table, whose name ends with `table`, in a single request or a batch. */
export function writesTo(table: string): RequestMatcher {
  return (method, path) => {
    if (method === 'GET' || method === 'HEAD') return false;
    // Single-entity requests name the table in the path; a batch posts to $batch with the
    // table in its body, which only the pilots table uses (transactions).
    return new RegExp(`/[a-z0-9]*${table}(\\(|$|\\?)`).test(path);
  };
}
