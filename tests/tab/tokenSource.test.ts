/**
 * The tab's choice of sign-in path (tab/src/signin.ts), with the host, the server's settings,
 * MSAL's nestable client and Teams' getAuthToken all given as stand-ins: which token the API
 * gets, and that any failure on the nested app authentication path ends on getAuthToken.
 */
import { createTokenSource, type NestableClientFactory, scopeOf } from '../../tab/src/signin';

const CLIENT_ID = '7d3f9a10-4c2b-4e8d-9f61-2a5b8c0d1e23';
const SETTINGS = { clientId: CLIENT_ID };
const HOST = 'polku.example.org';
const SCOPE = `api://${HOST}/${CLIENT_ID}/access_as_user`;

/** A nestable client answering with `naa-token`, or failing as told; it records what it was asked. */
function fakeClient(
  o: { silent?: 'ok' | 'interaction' | 'fail'; popup?: 'ok' | 'fail'; create?: 'ok' | 'fail' | 'hang' } = {},
) {
  const asked: { how: string; scopes: string[] }[] = [];
  const factory: NestableClientFactory = (clientId) => {
    expect(clientId).toBe(CLIENT_ID);
    if (o.create === 'fail') return Promise.reject(new Error('no bridge'));
    if (o.create === 'hang') return new Promise(() => undefined);
    const answer = (how: string, outcome: string | undefined, scopes: string[]) => {
      asked.push({ how, scopes });
      if (outcome === 'interaction')
        return Promise.reject(Object.assign(new Error('x'), { errorCode: 'interaction_required' }));
      if (outcome === 'fail') return Promise.reject(new Error('broker failed'));
      return Promise.resolve({ accessToken: `naa-token-${how}` } as Awaited<
        ReturnType<Awaited<ReturnType<NestableClientFactory>>['acquireTokenSilent']>
      >);
    };
    return Promise.resolve({
      acquireTokenSilent: (r: { scopes: string[] }) => answer('silent', o.silent, r.scopes),
      acquireTokenPopup: (r: { scopes: string[] }) => answer('popup', o.popup, r.scopes),
    } as Awaited<ReturnType<NestableClientFactory>>);
  };
  return { factory, asked };
}

function source(o: { recommended: boolean; settings?: typeof SETTINGS | undefined; client: NestableClientFactory }) {
  let teamsCalls = 0;
  const s = createTokenSource({
    naaRecommended: () => o.recommended,
    settings: () => Promise.resolve('settings' in o ? o.settings : SETTINGS),
    nestableClient: o.client,
    teamsToken: () => {
      teamsCalls++;
      return Promise.resolve('teams-token');
    },
    host: HOST,
    timeoutMs: 50,
  });
  return { s, teamsCalls: () => teamsCalls };
}

describe('the tab choosing how to get its token', () => {
  it('asks MSAL silently for access_as_user on the app where the host recommends nested app authentication', async () => {
    const client = fakeClient();
    const { s, teamsCalls } = source({ recommended: true, client: client.factory });
    expect(await s.token()).toBe('naa-token-silent');
    expect(s.path).toBe('naa');
    expect(await s.token()).toBe('naa-token-silent');
    expect(client.asked).toEqual([
      { how: 'silent', scopes: [SCOPE] },
      { how: 'silent', scopes: [SCOPE] },
    ]);
    expect(teamsCalls()).toBe(0);
  });

  it('shows the host prompt (popup) when MSAL says the user must act', async () => {
    const client = fakeClient({ silent: 'interaction' });
    const { s } = source({ recommended: true, client: client.factory });
    expect(await s.token()).toBe('naa-token-popup');
    expect(client.asked.map((a) => a.how)).toEqual(['silent', 'popup']);
  });

  it('takes getAuthToken where the host does not recommend it, or the server names no app, without MSAL', async () => {
    for (const o of [{ recommended: false }, { recommended: true, settings: undefined }]) {
      const client = fakeClient();
      const { s, teamsCalls } = source({ ...o, client: client.factory });
      expect(await s.token()).toBe('teams-token');
      expect(s.path).toBe('getAuthToken');
      expect(client.asked).toEqual([]);
      expect(teamsCalls()).toBe(1);
    }
  });

  it('falls back to getAuthToken, for good, when the bridge is missing, never answers, or the broker fails', async () => {
    const cases = [
      [{ create: 'fail' }, []],
      [{ create: 'hang' }, []],
      [{ silent: 'fail' }, ['silent']],
      [{ silent: 'interaction', popup: 'fail' }, ['silent', 'popup']],
    ] as const;
    for (const [o, hows] of cases) {
      const client = fakeClient(o);
      const { s, teamsCalls } = source({ recommended: true, client: client.factory });
      expect(await s.token()).toBe('teams-token');
      expect(await s.token()).toBe('teams-token');
      expect(s.path).toBe('getAuthToken');
      expect(teamsCalls()).toBe(2);
      // Asked once, on the first call only.
      expect(client.asked.map((a) => a.how)).toEqual(hows);
    }
  });

  it("asks for the server's Application ID URI when it names one", () => {
    expect(scopeOf({ clientId: CLIENT_ID, appIdUri: `api://other.example/${CLIENT_ID}` }, HOST)).toBe(
      `api://other.example/${CLIENT_ID}/access_as_user`,
    );
    expect(scopeOf(SETTINGS, HOST)).toBe(SCOPE);
  });
});
