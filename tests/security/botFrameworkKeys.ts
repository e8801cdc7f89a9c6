/**
 * A stand-in for the Bot Framework's token signing keys, so that /api/messages can be tested with
 * real signed tokens and no network: every HTTPS request the test process makes (botbuilder's
 * OpenID metadata fetch is one) is sent to a local HTTP server instead, which serves the
 * metadata and a key set holding a key of the test's own, and records what was asked. Tokens are
 * shaped as the Bot Connector's: iss https://api.botframework.com, aud the bot's app id, and the
 * `serviceurl` claim.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

export const BOT_APP_ID = '00000000-1111-2222-3333-444444444444';
export const BF_ISSUER = 'https://api.botframework.com';
const KID = 'polku-test-bf-key';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

export class BotFrameworkKeys {
  /** Every HTTPS request of the process since start(), as host + path. */
  readonly requests: string[] = [];
  /** While true the key service answers nothing (a network that drops packets); stop() lets go. */
  stall = false;
  private readonly stalled: http.ServerResponse[] = [];
  private server?: http.Server;
  private restore?: () => void;

  private constructor(
    private readonly published: KeyPair,
    /** Never published: a token signed with it must fail. */
    private readonly unknown: KeyPair,
  ) {}

  static async start(): Promise<BotFrameworkKeys> {
    const keys = new BotFrameworkKeys(await generateKeyPair('RS256'), await generateKeyPair('RS256'));
    const jwk = {
      ...(await exportJWK(keys.published.publicKey)),
      kid: KID,
      use: 'sig',
      // As the real key set says: keys endorsed for the channels they may sign for.
      endorsements: ['msteams'],
    };
    keys.server = http.createServer((req, res) => {
      const host = String(req.headers['x-intercepted-host'] ?? '');
      keys.requests.push(`${host}${req.url ?? ''}`);
      if (keys.stall) {
        keys.stalled.push(res);
        return;
      }
      const json = (body: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (host === 'login.botframework.com' && req.url === '/v1/.well-known/openidconfiguration') {
        return json({ issuer: BF_ISSUER, jwks_uri: 'https://login.botframework.com/v1/.well-known/keys' });
      }
      if (host === 'login.botframework.com' && req.url === '/v1/.well-known/keys') return json({ keys: [jwk] });
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((resolve) => keys.server!.listen(0, '127.0.0.1', resolve));
    const port = (keys.server.address() as AddressInfo).port;
    // node-fetch (botbuilder's) looks https.request up on every request: swap it for one to the local server.
    const original = https.request;
    const redirected = (...args: unknown[]) => {
      const first = args[0];
      const target =
        typeof first === 'string' || first instanceof URL
          ? new URL(String(first))
          : (first as { hostname?: string; host?: string; path?: string; method?: string; headers?: object });
      const hostname = target instanceof URL ? target.hostname : (target.hostname ?? target.host ?? '');
      const path = target instanceof URL ? target.pathname + target.search : (target.path ?? '/');
      const headers = target instanceof URL ? {} : (target.headers ?? {});
      const cb = args.find((a) => typeof a === 'function') as ((res: http.IncomingMessage) => void) | undefined;
      return http.request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: target instanceof URL ? 'GET' : (target.method ?? 'GET'),
          headers: { ...headers, 'x-intercepted-host': hostname },
        },
        cb,
      );
    };
    (https as { request: unknown }).request = redirected;
    keys.restore = () => ((https as { request: unknown }).request = original);
    return keys;
  }

  /**
   * A Bot Connector token for the bot, valid for an hour, for activities from `serviceUrl`;
   * `claims` override any claim, `signWith: 'unknown'` signs with the key nobody published
   * (`kid` names the published key unless given).
   */
  async token(
    serviceUrl: string,
    claims: JWTPayload & Record<string, unknown> = {},
    opts: { signWith?: 'published' | 'unknown'; kid?: string } = {},
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      iss: BF_ISSUER,
      aud: BOT_APP_ID,
      serviceurl: serviceUrl,
      nbf: now - 60,
      iat: now - 60,
      exp: now + 3600,
      ...claims,
    };
    const key = opts.signWith === 'unknown' ? this.unknown.privateKey : this.published.privateKey;
    return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? KID, typ: 'JWT' }).sign(key);
  }

  async stop(): Promise<void> {
    this.restore?.();
    for (const res of this.stalled.splice(0)) res.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
