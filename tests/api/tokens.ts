/**
 * Entra ID stand-in for the API tests: a key pair of the test's own, its public key served as a
 * JSON Web Key Set by a tiny local HTTP server, and tokens signed with it in the two shapes the
 * tab sends: the one Teams asks for it (`authentication.getAuthToken`: `azp` is the Teams client)
 * and the one it asks for itself (nested app authentication: `azp` is the tab's own client id).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

export const CLIENT_ID = '7d3f9a10-4c2b-4e8d-9f61-2a5b8c0d1e23';
export const APP_ID_URI = `api://localhost/${CLIENT_ID}`;
/** Teams web's client id: the `azp` of a getAuthToken token asked in Teams in a browser. */
export const TEAMS_WEB_CLIENT_ID = '5e3ce6c0-2b1f-4285-8d4b-75ee78787346';
const KID = 'polku-test-key';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

export class TestIssuer {
  private server?: http.Server;
  url = '';
  /** Requests for the key set, to show it is fetched once and cached. */
  fetches = 0;

  private constructor(
    private readonly keys: KeyPair,
    /** A key nobody published: tokens signed with it must fail. */
    private readonly otherKeys: KeyPair,
  ) {}

  static async start(): Promise<TestIssuer> {
    const issuer = new TestIssuer(await generateKeyPair('RS256'), await generateKeyPair('RS256'));
    const jwk = { ...(await exportJWK(issuer.keys.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
    issuer.server = http.createServer((_req, res) => {
      issuer.fetches++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => issuer.server!.listen(0, '127.0.0.1', resolve));
    issuer.url = `http://127.0.0.1:${(issuer.server.address() as AddressInfo).port}/discovery/v2.0/keys`;
    return issuer;
  }

  /**
   * A v2.0 Teams SSO token (getAuthToken's) for a person of a tenant, valid for an hour; `claims`
   * override any claim (`exp: <past>` expires it), `signWith: 'other'` signs it with the
   * unpublished key.
   */
  async token(
    who: { oid: string; tid: string; name?: string },
    claims: JWTPayload & Record<string, unknown> = {},
    opts: { signWith?: 'published' | 'other' } = {},
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      aud: CLIENT_ID,
      iss: `https://login.microsoftonline.com/${who.tid}/v2.0`,
      iat: now - 60,
      nbf: now - 60,
      exp: now + 3600,
      tid: who.tid,
      oid: who.oid,
      name: who.name ?? 'Test Person',
      scp: 'access_as_user',
      azp: TEAMS_WEB_CLIENT_ID,
      azpacr: '0',
      ver: '2.0',
      ...claims,
    };
    const key = opts.signWith === 'other' ? this.otherKeys.privateKey : this.keys.privateKey;
    return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' }).sign(key);
  }

  /**
   * A token as nested app authentication gives it to the tab: v2.0, asked by the tab's own client
   * id (`azp`) for its `access_as_user` scope, with the claims MSAL's brokered tokens carry.
   */
  naaToken(
    who: { oid: string; tid: string; name?: string },
    claims: JWTPayload & Record<string, unknown> = {},
    opts: { signWith?: 'published' | 'other' } = {},
  ): Promise<string> {
    return this.token(
      who,
      { azp: CLIENT_ID, scp: 'access_as_user', preferred_username: 'aino@example.org', uti: 'naa-test', ...claims },
      opts,
    );
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
