/**
 * /api/messages when the Bot Framework's token service does not answer (a network that drops
 * packets): botbuilder fetches the signing keys with no time limit of its own, so Polku gives the
 * check POLKU_BOT_AUTH_TIMEOUT_MS and then answers 503 instead of holding the request open.
 * A file of its own: botbuilder caches the keys per process (per test file under jest), and here
 * they must never have been fetched.
 */
import { FakeConnector } from '../harness/connector';
import { startTestPolku, type TestPolku } from '../harness/polku';
import { TeamsClient } from '../harness/teams';
import { BOT_APP_ID, BotFrameworkKeys } from './botFrameworkKeys';

let polku: TestPolku;
let connector: FakeConnector;
let keys: BotFrameworkKeys;

beforeAll(async () => {
  // botbuilder reports the failed check on the console; the refusal is what is tested.
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  [connector, keys] = await Promise.all([new FakeConnector().start(), BotFrameworkKeys.start()]);
  keys.stall = true;
  polku = await startTestPolku({
    MicrosoftAppId: BOT_APP_ID,
    MicrosoftAppPassword: 'not-a-real-secret',
    POLKU_BOT_AUTH_TIMEOUT_MS: '500',
  });
});

afterAll(async () => {
  await polku?.stop();
  await Promise.all([connector?.stop(), keys?.stop()]);
  jest.restoreAllMocks();
});

it('a validly signed activity gets a 503 once the check has taken the time allowed, and the server goes on', async () => {
  const c = new TeamsClient({ botUrl: polku.url, serviceUrl: connector.url, scope: 'channel' });
  const token = await keys.token(connector.url);
  const started = Date.now();
  const res = await c.send(c.message('ohje'), { authorization: `Bearer ${token}` });
  expect(res.status).toBe(503);
  expect(Date.now() - started).toBeLessThan(3000);
  // The key service was asked (and hung): the 503 is the time limit's, not a refusal of the token.
  expect(keys.requests.length).toBeGreaterThan(0);
  expect(polku.logs.some((l) => l.includes('token not checked in time'))).toBe(true);
  expect(connector.sent).toEqual([]);
  expect((await fetch(`${polku.url}/healthz`)).status).toBe(200);
});
