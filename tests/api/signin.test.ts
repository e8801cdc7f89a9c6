/**
 * Sign-in and who sees what, with an Entra app configured: tokens signed by a test key served
 * from a local JWKS, memberships learnt by the bot through /api/messages or asked from the
 * stand-in Bot Connector. Every refusal is checked for what it must not say: a pilot's name.
 */
import { signInSettings } from '../../bot/api/auth';
import type { MeResponse, OverviewResponse, PilotDetail } from '../../bot/api/contract';
import { pilotFromSeed } from '../../bot/demo/load';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { MemberStore } from '../../bot/storage/members';
import { PilotStore } from '../../bot/storage/pilots';
import { FakeConnector } from '../harness/connector';
import { startTestPolku, type TestPolku } from '../harness/polku';
import { CHANNEL, DEACON, OWNER, TEAM, TeamsClient, TENANT, USER } from '../harness/teams';
import { APP_ID_URI, bearer, CLIENT_ID, TEAMS_WEB_CLIENT_ID, TestIssuer } from './tokens';

const raisio = SEED_PILOTS.find((p) => p.key === 'raisio-parish-dropin')!;
const mylly = SEED_PILOTS.find((p) => p.key === 'raisio-mylly-shopping-centre')!;
const NAMES = [raisio.name, mylly.name];

const TEAM_B = { id: '19:kouvola-team@thread.tacv2', name: 'Kouvolan aikuissosiaalityö', aadGroupId: 'g-kouvola' };
const CHANNEL_B = { id: '19:kouvola-channel@thread.tacv2', name: 'Kokeilut' };
const OTHER_TENANT = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

/** Aino (USER, installs Polku in team A), Pirjo (DEACON, in team A, never seen by the bot), Kalle (only in team B). */
const aino = { oid: USER.aadObjectId, tid: TENANT, name: USER.name };
const pirjo = { oid: DEACON.aadObjectId, tid: TENANT, name: DEACON.name };
const KALLE = { id: '29:user-kalle', name: 'Kalle Kouvolalainen', aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000010' };
const kalle = { oid: KALLE.aadObjectId, tid: TENANT, name: KALLE.name };

const PILOT_A = 'pilot-team-a';
const PILOT_B = 'pilot-team-b';

let polku: TestPolku;
let connector: FakeConnector;
let issuer: TestIssuer;
let members: MemberStore;

const teamPath = (tenantId: string, teamId: string) =>
  `/api/teams/${encodeURIComponent(tenantId)}/${encodeURIComponent(teamId)}/pilots`;
const teamA = teamPath(TENANT, TEAM.id);
const teamB = teamPath(TENANT, TEAM_B.id);

async function get(path: string, token?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${polku.url}${path}`, { headers: { ...(token ? bearer(token) : {}), ...headers } });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** What /api/me answers Aino, whichever way her token was asked for. */
const ainoInTeamA = (): MeResponse => ({
  userId: USER.aadObjectId,
  tenantId: TENANT,
  preview: false,
  teams: [{ tenantId: TENANT, teamId: TEAM.id, name: TEAM.name }],
});

function expectNoNames(text: string): void {
  for (const name of NAMES) expect(text).not.toContain(name);
}

beforeAll(async () => {
  [connector, issuer] = await Promise.all([new FakeConnector().start(), TestIssuer.start()]);
  polku = await startTestPolku({
    AAD_APP_CLIENT_ID: CLIENT_ID,
    AAD_APP_ID_URI: APP_ID_URI,
    AAD_JWKS_URI: issuer.url,
  });
  members = new MemberStore(polku.store);
  const pilots = new PilotStore(polku.store);
  const at = new Date().toISOString();
  for (const [seed, id, teamId, owner] of [
    [raisio, PILOT_A, TEAM.id, USER.aadObjectId],
    [mylly, PILOT_B, TEAM_B.id, KALLE.aadObjectId],
  ] as const) {
    await pilots.createPilotWithStart(pilotFromSeed(seed, { id, team: { tenantId: TENANT, teamId }, owner, at }), {
      answers: seed.evaluations.start ?? {},
      by: owner,
      at,
    });
  }
  // Polku is installed in team A by Aino and in team B by Kalle, in each team's channel.
  const channelA = new TeamsClient({ botUrl: polku.url, serviceUrl: connector.url, scope: 'channel' });
  expect((await channelA.send(channelA.installationUpdate('add'))).status).toBe(200);
  const channelB = new TeamsClient({
    botUrl: polku.url,
    serviceUrl: connector.url,
    scope: 'channel',
    conversationId: CHANNEL_B.id,
  });
  const installB = channelB.base({
    type: 'installationUpdate',
    action: 'add',
    from: KALLE,
    channelData: { tenant: { id: TENANT }, team: TEAM_B, channel: CHANNEL_B },
  });
  expect((await channelB.send(installB)).status).toBe(200);
  connector.members.set(TEAM.id, [OWNER]);
  connector.members.set(TEAM_B.id, [KALLE]);
});

afterAll(async () => {
  await polku.stop();
  await Promise.all([connector.stop(), issuer.stop()]);
});

describe('tokens that are refused (401)', () => {
  it('no token, or not a bearer token', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Basic YWlubzpzYWxhaW5lbg==' },
      { authorization: 'Bearer not-a-jwt' },
    ];
    for (const headers of attempts) {
      const res = await get(teamA, undefined, headers);
      expect(res.status).toBe(401);
      expect(JSON.parse(res.text)).toEqual({ error: 'unauthenticated' });
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('a wrong signature (a key that was never published)', async () => {
    const res = await get(teamA, await issuer.token(aino, {}, { signWith: 'other' }));
    expect(res.status).toBe(401);
    expectNoNames(res.text);
  });

  it('a wrong audience (a token meant for another app)', async () => {
    for (const aud of ['00000003-0000-0000-c000-000000000000', 'api://localhost/someone-else']) {
      const res = await get(teamA, await issuer.token(aino, { aud }));
      expect(res.status).toBe(401);
      expectNoNames(res.text);
    }
  });

  it("a wrong issuer (another tenant's, or not Entra ID)", async () => {
    for (const iss of [
      `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0`,
      `https://sts.windows.net/${OTHER_TENANT}/`,
      'https://evil.example/v2.0',
    ]) {
      const res = await get(teamA, await issuer.token(aino, { iss }));
      expect(res.status).toBe(401);
      expectNoNames(res.text);
    }
  });

  it('an expired token (beyond the small clock tolerance)', async () => {
    const past = Math.floor(Date.now() / 1000) - 600;
    const res = await get(teamA, await issuer.token(aino, { exp: past, iat: past - 3600, nbf: past - 3600 }));
    expect(res.status).toBe(401);
    expectNoNames(res.text);
  });

  it('an app-only token (no delegated scope)', async () => {
    const res = await get(teamA, await issuer.token(aino, { scp: undefined }));
    expect(res.status).toBe(401);
  });

  it('the log names the reason, never the token or the name in it', async () => {
    const token = await issuer.token(aino, { exp: Math.floor(Date.now() / 1000) - 600 });
    await get('/api/me', token);
    const logs = polku.logs.join('\n');
    expect(logs).toContain('ERR_JWT_EXPIRED');
    expect(logs).not.toContain(token.split('.')[2]);
    expect(logs).not.toContain(USER.name);
  });
});

describe('the age of a token', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const refusedFor = async (claims: Record<string, number>) => {
    const res = await get('/api/me', await issuer.token(aino, claims));
    return { status: res.status, body: JSON.parse(res.text) as unknown };
  };

  it('issued more than a day ago is refused, though its exp is still ahead, and says so', async () => {
    const iat = now() - 25 * 3600;
    expect(await refusedFor({ iat, nbf: iat, exp: now() + 3600 })).toEqual({
      status: 401,
      body: { error: 'unauthenticated', reason: 'tokenTooOld' },
    });
    expect(polku.logs.join('\n')).toContain('TOKEN_TOO_OLD');
  });

  it('issued 10 minutes ahead of the server clock is refused (iat alone, or iat and nbf as Entra ID sets them)', async () => {
    const iat = now() + 600;
    for (const claims of [{ iat }, { iat, nbf: iat }] as Record<string, number>[]) {
      expect(await refusedFor({ ...claims, exp: iat + 3600 })).toEqual({
        status: 401,
        body: { error: 'unauthenticated', reason: 'tokenIssuedInFuture' },
      });
    }
  });

  it('issued 2 minutes ahead (a clock skew) is let in', async () => {
    const iat = now() + 120;
    const res = await get('/api/me', await issuer.token(aino, { iat, nbf: iat, exp: iat + 3600 }));
    expect(res.status).toBe(200);
    expect((JSON.parse(res.text) as MeResponse).userId).toBe(aino.oid);
  });
});

describe('a valid token', () => {
  it('of a team member who installed Polku (learnt from the installation event) sees the team', async () => {
    const token = await issuer.token(aino);
    const me = await get('/api/me', token);
    expect(me.status).toBe(200);
    expect(JSON.parse(me.text)).toEqual(ainoInTeamA());
    const res = await get(teamA, token);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as OverviewResponse;
    expect(body.team).toEqual({ tenantId: TENANT, teamId: TEAM.id, name: TEAM.name });
    expect(body.pilots.map((p) => p.name)).toEqual([raisio.name]);
    expect((await members.get(TENANT, USER.aadObjectId, TEAM.id))?.source).toBe('event');
  });

  it('in the v1.0 form (sts.windows.net issuer, the Application ID URI as audience) is accepted too', async () => {
    const token = await issuer.token(aino, {
      iss: `https://sts.windows.net/${TENANT}/`,
      aud: APP_ID_URI,
      ver: '1.0',
      azp: undefined,
      appid: TEAMS_WEB_CLIENT_ID,
    });
    expect((await get(teamA, token)).status).toBe(200);
  });

  it('of a member the bot never saw: asked from Teams through the team channel, then remembered', async () => {
    const token = await issuer.token(pirjo);
    expect(await members.get(TENANT, DEACON.aadObjectId, TEAM.id)).toBeUndefined();
    connector.members.set(TEAM.id, [OWNER, DEACON]);
    const first = await get(teamA, token);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.text)).toMatchObject({ pilots: [{ id: PILOT_A }] });
    expect(await members.get(TENANT, DEACON.aadObjectId, TEAM.id)).toMatchObject({
      standing: 'member',
      source: 'teams',
    });
    // Remembered: Teams is not asked again (it would now say no).
    connector.members.set(TEAM.id, [OWNER]);
    expect((await get(teamA, token)).status).toBe(200);
    const detail = await get(`/api/pilots/${PILOT_A}`, token);
    expect(detail.status).toBe(200);
    expect((JSON.parse(detail.text) as PilotDetail).overview.owners).toEqual([
      { id: USER.aadObjectId, name: USER.aadObjectId.slice(0, 8) },
    ]);
  });

  it('of a member removed from the team (membersRemoved event) is refused from then on', async () => {
    const channelA = new TeamsClient({ botUrl: polku.url, serviceUrl: connector.url, scope: 'channel' });
    const removed = channelA.base({
      type: 'conversationUpdate',
      membersRemoved: [{ id: DEACON.id, aadObjectId: DEACON.aadObjectId }],
      channelData: { tenant: { id: TENANT }, team: TEAM, channel: CHANNEL, eventType: 'teamMemberRemoved' },
    });
    expect((await channelA.send(removed)).status).toBe(200);
    const res = await get(teamA, await issuer.token(pirjo));
    expect(res.status).toBe(403);
    expectNoNames(res.text);
  });
});

describe('a token the tab asked for itself (nested app authentication)', () => {
  const me = async (token: string) => {
    const res = await get('/api/me', token);
    return { status: res.status, body: JSON.parse(res.text) as unknown };
  };

  it('for the client id or the Application ID URI, with access_as_user among its scopes: the same person, the same team', async () => {
    for (const claims of [{}, { aud: APP_ID_URI }, { scp: 'openid profile access_as_user' }]) {
      const token = await issuer.naaToken(aino, claims);
      expect(await me(token)).toEqual({
        status: 200,
        body: ainoInTeamA(),
      });
      const overview = await get(teamA, token);
      expect(overview.status).toBe(200);
      expect((JSON.parse(overview.text) as OverviewResponse).pilots.map((p) => p.name)).toEqual([raisio.name]);
    }
  });

  it('refuses near misses: another scope, another audience, another caller, an issuer of the wrong shape', async () => {
    const nearMisses: Record<string, unknown>[] = [
      // Scopes: a Graph scope, look-alikes, none that is the tab's.
      { scp: 'User.Read' },
      { scp: 'access_as_user_admin' },
      { scp: 'Access_As_User' },
      { scp: 'openid,access_as_user' },
      { scp: '' },
      { scp: ['access_as_user'] },
      // Audiences: the scope's full name, another app's URI, Graph.
      { aud: `${APP_ID_URI}/access_as_user` },
      { aud: `api://evil.example/${CLIENT_ID}` },
      { aud: '00000003-0000-0000-c000-000000000000' },
      // Callers: an app that is neither the tab nor a Microsoft host; none named.
      { azp: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9' },
      { azp: undefined },
      { azp: undefined, appid: CLIENT_ID },
      // Issuers: not the v2.0 endpoint of the token's tenant, or not in the form its version says.
      { iss: `https://login.microsoftonline.com/${TENANT}/` },
      { iss: `https://login.microsoftonline.com/${TENANT}/v2.0/` },
      { iss: 'https://login.microsoftonline.com/common/v2.0' },
      { iss: `https://login.microsoftonline.com/${TENANT.toUpperCase()}/v2.0` },
      { iss: `https://sts.windows.net/${TENANT}/` },
      { ver: '1.0' },
      { ver: undefined },
      { ver: 2 },
    ];
    for (const claims of nearMisses) {
      const res = await get(teamA, await issuer.naaToken(aino, claims));
      expect({ claims, status: res.status }).toEqual({ claims, status: 401 });
      expectNoNames(res.text);
    }
  });

  it('a getAuthToken token asked by a client that is not a Microsoft host is refused too', async () => {
    for (const claims of [{ azp: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9' }, { azp: undefined }]) {
      expect((await get(teamA, await issuer.token(aino, claims))).status).toBe(401);
    }
    const v1 = { iss: `https://sts.windows.net/${TENANT}/`, aud: APP_ID_URI, ver: '1.0', azp: undefined };
    for (const appid of ['0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9', undefined]) {
      expect((await get(teamA, await issuer.token(aino, { ...v1, appid }))).status).toBe(401);
    }
  });

  it('refuses one signed with a key that was never published, expired, or issued more than a day ago', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await me(await issuer.naaToken(aino, {}, { signWith: 'other' }))).status).toBe(401);
    expect((await me(await issuer.naaToken(aino, { exp: now - 600, iat: now - 4200, nbf: now - 4200 }))).status).toBe(
      401,
    );
    expect(await me(await issuer.naaToken(aino, { iat: now - 25 * 3600, nbf: now - 25 * 3600 }))).toEqual({
      status: 401,
      body: { error: 'unauthenticated', reason: 'tokenTooOld' },
    });
  });
});

describe('who may not see (403 for a team, 404 for a pilot), naming nothing', () => {
  it('a member of another team: refused for team A and its pilot, sees their own', async () => {
    const token = await issuer.token(kalle);
    const overview = await get(teamA, token);
    expect(overview.status).toBe(403);
    expect(JSON.parse(overview.text)).toEqual({ error: 'forbidden' });
    for (const path of [
      `/api/pilots/${PILOT_A}`,
      `/api/pilots/${PILOT_A}/sessions`,
      `/api/pilots/${PILOT_A}/export?what=sessions&format=csv`,
      `/api/pilots/${PILOT_A}/export?what=evaluations&format=xlsx`,
    ]) {
      const res = await get(path, token);
      expect(res.status).toBe(404);
      expect(JSON.parse(res.text)).toEqual({ error: 'notFound' });
    }
    // Exactly as a pilot that does not exist.
    const missing = await get('/api/pilots/no-such-pilot', token);
    expect(missing.status).toBe(404);
    expect(missing.text).toBe(JSON.stringify({ error: 'notFound' }));
    // Teams was asked (Kalle is not in team A) and the "no" is remembered.
    expect(await members.get(TENANT, KALLE.aadObjectId, TEAM.id)).toMatchObject({ standing: 'none' });
    const own = await get(teamB, token);
    expect(own.status).toBe(200);
    expect(own.text).toContain(mylly.name);
    expectNoNames(own.text.replace(mylly.name, ''));
    const me = JSON.parse((await get('/api/me', token)).text) as MeResponse;
    expect(me.teams.map((t) => t.teamId)).toEqual([TEAM_B.id]);
    const mine = JSON.parse((await get('/api/me/pilots', token)).text) as OverviewResponse;
    expect(mine.pilots.map((p) => p.id)).toEqual([PILOT_B]);
  });

  it("another tenant's token, even with a team member's object id", async () => {
    const token = await issuer.token({ ...aino, tid: OTHER_TENANT });
    const overview = await get(teamA, token);
    expect(overview.status).toBe(403);
    expectNoNames(overview.text);
    const detail = await get(`/api/pilots/${PILOT_A}`, token);
    expect(detail.status).toBe(404);
    expectNoNames(detail.text);
    const me = JSON.parse((await get('/api/me', token)).text) as MeResponse;
    expect(me.teams).toEqual([]);
    expect((await get('/api/me/pilots', token)).text).not.toContain(raisio.name);
  });

  it('the preview mode is off: the demo user has no way in', async () => {
    const res = await get(teamPath('6f1d9a52-0c3b-4b8e-9a57-5d0c2f1e7a10', '19:polku-demo-raisio@thread.tacv2'));
    expect(res.status).toBe(401);
  });

  it('the signing keys were fetched once and kept', () => {
    expect(issuer.fetches).toBe(1);
  });
});

describe('when the signing keys cannot be fetched', () => {
  it('answers 503 unavailable, not 401', async () => {
    const down = await startTestPolku({ AAD_APP_CLIENT_ID: CLIENT_ID, AAD_JWKS_URI: 'http://127.0.0.1:9/keys' });
    try {
      const res = await fetch(`${down.url}/api/me`, { headers: bearer(await issuer.token(aino)) });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: 'unavailable' });
    } finally {
      await down.stop();
    }
  });
});

describe('what the tab is told to ask for itself (signInSettings)', () => {
  it('names the client id, and the Application ID URI when configured; nothing when the API takes no tokens', () => {
    expect(signInSettings({ mode: 'sso', aadAppClientId: CLIENT_ID, aadAppIdUri: APP_ID_URI })).toEqual({
      clientId: CLIENT_ID,
      appIdUri: APP_ID_URI,
    });
    expect(signInSettings({ mode: 'sso', aadAppClientId: CLIENT_ID })).toEqual({ clientId: CLIENT_ID });
    expect(signInSettings({ mode: 'preview', aadAppClientId: CLIENT_ID })).toBeUndefined();
    expect(signInSettings({ mode: 'off' })).toBeUndefined();
  });
});
