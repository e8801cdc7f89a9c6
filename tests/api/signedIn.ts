/**
 * A Polku whose tab API signs people in with test tokens (tests/api/tokens.ts), installed in the
 * harness team's channel with a roster of owner, deacon and team owner; and a call to its API
 * as one of them.
 */
import { FakeConnector } from '../harness/connector';
import { startTestPolku, type TestPolku } from '../harness/polku';
import { DEACON, OWNER, TEAM, TEAM_OWNER, TeamsClient } from '../harness/teams';
import { APP_ID_URI, bearer, CLIENT_ID, TestIssuer } from './tokens';

export interface Caller {
  oid: string;
  tid: string;
  name: string;
}

export interface SignedInPolku {
  polku: TestPolku;
  connector: FakeConnector;
  issuer: TestIssuer;
  /** The API's answer to `who`: status, headers and body text. */
  call(
    method: string,
    path: string,
    who: Caller,
    body?: unknown,
  ): Promise<{ status: number; headers: Headers; text: string }>;
  stop(): Promise<void>;
}

export async function startSignedInPolku(opts: { now?: () => Date } = {}): Promise<SignedInPolku> {
  const [connector, issuer] = await Promise.all([new FakeConnector().start(), TestIssuer.start()]);
  const polku = await startTestPolku(
    { AAD_APP_CLIENT_ID: CLIENT_ID, AAD_APP_ID_URI: APP_ID_URI, AAD_JWKS_URI: issuer.url },
    opts,
  );
  const channel = new TeamsClient({ botUrl: polku.url, serviceUrl: connector.url, scope: 'channel' });
  const installed = await channel.send(channel.installationUpdate('add'));
  if (installed.status !== 200) throw new Error(`install answered ${installed.status}`);
  connector.members.set(TEAM.id, [OWNER, DEACON, TEAM_OWNER]);
  return {
    polku,
    connector,
    issuer,
    async call(method, path, who, body) {
      const res = await fetch(`${polku.url}${path}`, {
        method,
        headers: {
          ...bearer(await issuer.token(who)),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, headers: res.headers, text: await res.text() };
    },
    async stop() {
      await polku.stop();
      await Promise.all([connector.stop(), issuer.stop()]);
    },
  };
}
