/**
 * /api/messages with a bot identity configured (MicrosoftAppId + MicrosoftAppPassword): only an
 * activity with a valid Bot Connector token is let in. Every other one gets a 401 at once, nothing
 * is sent to the connector and nothing is written to storage. The signing keys come from a local
 * stand-in (botFrameworkKeys.ts), so real signed tokens are judged and no request leaves the machine.
 */
import { MemberStore } from '../../bot/storage/members';
import type { TableStore } from '../../bot/storage/tables';
import { TABLES } from '../../bot/storage/tables';
import { FakeConnector } from '../harness/connector';
import { startTestPolku, type TestPolku } from '../harness/polku';
import { TEAM, TeamsClient, TENANT, USER } from '../harness/teams';
import { BOT_APP_ID, BotFrameworkKeys } from './botFrameworkKeys';

let polku: TestPolku;
let connector: FakeConnector;
let keys: BotFrameworkKeys;
let client: TeamsClient;
/** botbuilder writes token failures to console.error (never the token): kept here, checked, not printed. */
const consoleErrors: string[] = [];

async function rowCount(store: TableStore): Promise<number> {
  let n = 0;
  for (const name of TABLES) {
    for await (const _row of store.table(name).client.listEntities()) n++;
  }
  return n;
}

/** A person added to the team: with a valid token the bot records the membership (a write, no message). */
function memberAdded() {
  const a = client.base({
    type: 'conversationUpdate',
    membersAdded: [{ id: USER.id, aadObjectId: USER.aadObjectId }],
  });
  (a.channelData as Record<string, unknown>).eventType = 'teamMemberAdded';
  return a;
}

/** Sends the activities with the header; each must be a 401 that says nothing, within a second or two. */
async function expectRefused(authorization: string | undefined, what: string): Promise<void> {
  for (const activity of [client.installationUpdate('add'), client.message('ohje'), memberAdded()]) {
    const started = Date.now();
    const res = await client.send(activity, authorization === undefined ? {} : { authorization });
    const ms = Date.now() - started;
    expect({ what, type: activity.type, status: res.status, body: res.body }).toEqual({
      what,
      type: activity.type,
      status: 401,
      body: { error: 'unauthorized' },
    });
    expect({ what, fast: ms < 2000 }).toEqual({ what, fast: true });
  }
  expect(connector.sent).toHaveLength(0);
  expect(connector.attempts).toHaveLength(0);
  expect(connector.opened).toHaveLength(0);
}

beforeAll(async () => {
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    consoleErrors.push(args.map(String).join(' '));
  });
  [connector, keys] = await Promise.all([new FakeConnector().start(), BotFrameworkKeys.start()]);
  polku = await startTestPolku({ MicrosoftAppId: BOT_APP_ID, MicrosoftAppPassword: 'not-a-real-secret' });
  client = new TeamsClient({ botUrl: polku.url, serviceUrl: connector.url, scope: 'channel' });
  expect(await rowCount(polku.store)).toBe(0);
});

afterAll(async () => {
  await polku?.stop();
  await Promise.all([connector?.stop(), keys?.stop()]);
  jest.restoreAllMocks();
});

describe('/api/messages refuses (401), sends nothing, writes nothing', () => {
  afterEach(async () => {
    expect(await rowCount(polku.store)).toBe(0);
  });

  it('without an Authorization header', async () => {
    await expectRefused(undefined, 'no header');
  });

  it('with a malformed Authorization header, without fetching any key', async () => {
    const before = keys.requests.length;
    for (const header of [
      '',
      'Bearer',
      'Bearer abc',
      'Bearer a.b.c',
      'Bearer ...',
      'Bearer eyJhbGciOiJSUzI1NiJ9.bm90LWpzb24.c2ln',
      'Basic Ym90OnBhc3N3b3Jk',
      `Bearer ${'x'.repeat(4096)}`,
    ]) {
      await expectRefused(header, header.slice(0, 40));
    }
    // Junk is turned away before botbuilder goes looking for keys.
    expect(keys.requests.slice(before)).toEqual([]);
  });

  it('with a forged token (a made-up key id and no real signature)', async () => {
    const forged = [
      Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'x' })).toString('base64url'),
      Buffer.from(JSON.stringify({ iss: 'https://api.botframework.com', aud: BOT_APP_ID })).toString('base64url'),
      'c2lnbmF0dXJl',
    ].join('.');
    await expectRefused(`Bearer ${forged}`, 'forged');
  });

  it('with a well-formed token signed by a key that was never published', async () => {
    // Naming the published key's id (the signature does not verify) and naming an unknown id.
    await expectRefused(`Bearer ${await keys.token(connector.url, {}, { signWith: 'unknown' })}`, 'unknown key');
    await expectRefused(
      `Bearer ${await keys.token(connector.url, {}, { signWith: 'unknown', kid: 'someone-else' })}`,
      'unknown key id',
    );
    // The stand-in's key set was read (so the refusal is the signature check's, not a failed fetch).
    expect(keys.requests).toContain('login.botframework.com/v1/.well-known/keys');
  });

  it('with an unsigned token (alg none)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({
      iss: 'https://api.botframework.com',
      aud: BOT_APP_ID,
      serviceurl: connector.url,
      exp: now + 3600,
    })}.`;
    await expectRefused(`Bearer ${unsigned}`, 'alg none');
  });

  it("with an expired token signed by the published key (beyond botbuilder's five-minute tolerance)", async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    await expectRefused(
      `Bearer ${await keys.token(connector.url, { exp: past, nbf: past - 3600, iat: past - 3600 })}`,
      'expired',
    );
    await expectRefused(
      `Bearer ${await keys.token(connector.url, { nbf: Math.floor(Date.now() / 1000) + 3600 })}`,
      'not yet valid',
    );
  });

  it('with a validly signed token meant for another bot, from another issuer, or for another service URL', async () => {
    await expectRefused(
      `Bearer ${await keys.token(connector.url, { aud: '99999999-8888-7777-6666-555555555555' })}`,
      'other audience',
    );
    await expectRefused(`Bearer ${await keys.token(connector.url, { iss: 'https://evil.example' })}`, 'other issuer');
    // A token for another service URL: replies would go where the token's activity did not come from.
    await expectRefused(`Bearer ${await keys.token('https://attacker.example/teams/')}`, 'other service URL');
  });

  it('the log names no token and no detail of one', () => {
    const all = [...polku.logs, ...consoleErrors].join('\n');
    expect(all).toContain('activity refused: not authenticated');
    expect(all).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
  });
});

describe('the same activity with a valid token', () => {
  it('is let in and acted on: the refusals above are the token check at work', async () => {
    const res = await client.send(memberAdded(), { authorization: `Bearer ${await keys.token(connector.url)}` });
    expect(res.status).toBe(200);
    expect(await new MemberStore(polku.store).get(TENANT, USER.aadObjectId, TEAM.id)).toMatchObject({
      standing: 'member',
      source: 'event',
    });
  });
});
