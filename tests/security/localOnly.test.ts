/**
 * The local modes answer this machine's own pages and programs only. In preview mode (no
 * AAD_APP_CLIENT_ID) the tab's API lets anyone in as the demo user, and in local mode (no
 * MicrosoftAppId) /api/messages checks no token: a page that rebinds its DNS name to 127.0.0.1
 * must not read, export or delete the demo team's pilots, and nothing that passed a proxy,
 * tunnel or forwarder may get in. A local bot answers a Bot Connector on this machine only.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../bot/config';
import { DEMO_TEAM } from '../../bot/demo/constants';
import { SEED_PILOTS } from '../../bot/demo/seedPilots';
import { FakeConnector } from '../harness/connector';
import { startTestPolku, type TestPolku } from '../harness/polku';
import { TeamsClient } from '../harness/teams';
import { BOT_APP_ID } from './botFrameworkKeys';

const ROOT = path.resolve(__dirname, '..', '..');
const PILOT = 'demo-raisio-parish-dropin';
const PILOT_NAME = SEED_PILOTS.find((p) => `demo-${p.key}` === PILOT)!.name;
const teamPath = `/api/teams/${encodeURIComponent(DEMO_TEAM.tenantId)}/${encodeURIComponent(DEMO_TEAM.teamId)}/pilots`;

/** The tab API's routes a rebinding page would want: the overview, a pilot, its export, its deletion. */
const TAB_ROUTES: { method: string; path: string; body?: unknown }[] = [
  { method: 'GET', path: '/api/me' },
  { method: 'GET', path: teamPath },
  { method: 'GET', path: `/api/pilots/${PILOT}` },
  { method: 'GET', path: `/api/pilots/${PILOT}/export?what=all&format=json` },
  { method: 'DELETE', path: `/api/pilots/${PILOT}`, body: { confirmName: PILOT_NAME } },
];

/** The forwarding headers of proxies, tunnels and CDNs, each with a value they would send. */
const FORWARDING: Record<string, string> = {
  'x-forwarded-for': '203.0.113.7',
  forwarded: 'for=203.0.113.7;host=evil.example',
  'x-original-host': 'evil.example',
  'x-real-ip': '203.0.113.7',
  'x-forwarded-host': 'evil.example',
  'x-forwarded-proto': 'https',
  'x-forwarded-port': '443',
  via: '1.1 proxy.example',
  'true-client-ip': '203.0.113.7',
  'cf-connecting-ip': '203.0.113.7',
  'x-client-ip': '203.0.113.7',
};

interface Answer {
  status: number;
  text: string;
}

/** A request over a plain connection to `port`, with exactly the Host and headers given. */
function request(
  port: number,
  o: { method?: string; path: string; host: string; headers?: Record<string, string>; body?: unknown },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = o.body === undefined ? undefined : JSON.stringify(o.body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: o.method ?? 'GET',
        path: o.path,
        agent: false,
        headers: {
          host: o.host,
          ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}),
          ...o.headers,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A plain TCP forwarder on another port of this machine: bytes through both ways, nothing rewritten. */
async function tcpForwarder(target: { host: string; port: number }, listenOn = '127.0.0.1') {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((client) => {
    connections++;
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, listenOn, resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => connections,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An answer that lets nothing out: a refusal naming no pilot. */
function expectRefused(what: string, a: Answer, status: number): void {
  expect({ what, status: a.status }).toEqual({ what, status });
  expect(a.text).not.toContain(PILOT_NAME);
}

describe('local mode and the tab preview (no MicrosoftAppId, no AAD_APP_CLIENT_ID)', () => {
  let polku: TestPolku;
  let connector: FakeConnector;
  let client: TeamsClient;
  const own = () => `127.0.0.1:${polku.port}`;

  beforeAll(async () => {
    [polku, connector] = await Promise.all([startTestPolku({ POLKU_DEMO: 'on' }), new FakeConnector().start()]);
    client = new TeamsClient({ botUrl: polku.url, serviceUrl: connector.url });
  });
  afterAll(async () => {
    await polku.stop();
    await connector.stop();
  });
  afterEach(async () => {
    // Whatever was tried, the demo pilot is still there.
    expect((await request(polku.port, { path: `/api/pilots/${PILOT}`, host: own() })).status).toBe(200);
  });

  it('the start-up log names the modes: bot local, tab API preview', () => {
    const line = polku.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'modes: bot local, tab API preview');
    expect(line).toMatchObject({ bot: 'local', tabApi: 'preview' });
  });

  it("this machine's own names with the server's port are let in: localhost, 127.0.0.1, [::1]", async () => {
    for (const host of [`localhost:${polku.port}`, own(), `[::1]:${polku.port}`, `LOCALHOST:${polku.port}`]) {
      for (const route of TAB_ROUTES.filter((r) => r.method === 'GET')) {
        const a = await request(polku.port, { ...route, host });
        expect({ host, path: route.path, status: a.status }).toEqual({ host, path: route.path, status: 200 });
      }
      // The deletion gets through to its own check (a name that does not match is a 400).
      const del = await request(polku.port, { ...TAB_ROUTES[4], host, body: { confirmName: 'not the name' } });
      expect({ host, status: del.status }).toEqual({ host, status: 400 });
      const bot = await request(polku.port, {
        method: 'POST',
        path: '/api/messages',
        host,
        body: client.message('ohje'),
      });
      expect({ host, status: bot.status }).toEqual({ host, status: 200 });
    }
    expect(connector.sent.length).toBeGreaterThanOrEqual(4);
    connector.clear();
  });

  /**
   * Every tab route (401, the preview's reason) and /api/messages (403) refused, naming no pilot,
   * for a request sent to `port` with this Host and these headers.
   */
  async function expectAllRefused(what: string, port: number, host: string, headers: Record<string, string> = {}) {
    for (const route of TAB_ROUTES) {
      const a = await request(port, { ...route, host, headers });
      expectRefused(`${route.method} ${route.path} ${what}`, a, 401);
      expect(JSON.parse(a.text)).toEqual({ error: 'unauthenticated', reason: 'previewLocalOnly' });
    }
    const bot = await request(port, {
      method: 'POST',
      path: '/api/messages',
      host,
      headers,
      body: client.message('ohje'),
    });
    expectRefused(`/api/messages ${what}`, bot, 403);
  }

  it('a DNS-rebinding Host (evil.example:PORT, 127.0.0.1.nip.io, another port, no port) is refused on every route', async () => {
    for (const host of [
      `evil.example:${polku.port}`,
      '127.0.0.1.nip.io',
      `127.0.0.1.nip.io:${polku.port}`,
      `localhost.evil.example:${polku.port}`,
      `127.0.0.1:${polku.port + 1}`,
      'localhost',
    ]) {
      await expectAllRefused(`Host ${host}`, polku.port, host);
    }
    expect(connector.attempts).toHaveLength(0);
    expect(polku.logs.join('\n')).not.toContain('evil.example');
  });

  it('each forwarding header is refused, from loopback with a good Host', async () => {
    for (const [name, value] of Object.entries(FORWARDING)) {
      await expectAllRefused(name, polku.port, own(), { [name]: value });
    }
    expect(connector.attempts).toHaveLength(0);
  });

  it('a page of another site (Origin) is refused, a page of this machine is not', async () => {
    const evil = await request(polku.port, {
      path: '/api/me',
      host: own(),
      headers: { origin: 'https://evil.example' },
    });
    expectRefused('Origin evil.example', evil, 401);
    const local = await request(polku.port, { path: '/api/me', host: own(), headers: { origin: `http://${own()}` } });
    expect(local.status).toBe(200);
  });

  it('through a plain TCP forwarder: refused, whether it passes Host evil.example:PORT or rewrites nothing', async () => {
    const forwarder = await tcpForwarder({ host: '127.0.0.1', port: polku.port });
    try {
      for (const host of [
        `evil.example:${forwarder.port}`,
        `127.0.0.1:${forwarder.port}`,
        `localhost:${forwarder.port}`,
      ]) {
        await expectAllRefused(`via ${host}`, forwarder.port, host);
      }
      expect(forwarder.connections()).toBeGreaterThan(0);
      expect(connector.attempts).toHaveLength(0);
    } finally {
      await forwarder.stop();
    }
  });
});

/** An address of this machine that is not loopback (the stand-in connector is made to listen there). */
function outsideAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
}

describe('a local bot answers a Bot Connector on this machine only', () => {
  let polku: TestPolku;
  let connector: FakeConnector;

  beforeAll(async () => {
    [polku, connector] = await Promise.all([startTestPolku(), new FakeConnector().start()]);
  });
  afterAll(async () => {
    await polku.stop();
    await connector.stop();
  });

  it('a serviceUrl off loopback is refused (403) and nothing reaches the connector listening there', async () => {
    const address = outsideAddress();
    const port = Number(new URL(connector.url).port);
    // The stand-in connector, reachable at this machine's outside address too.
    const outside = address ? await tcpForwarder({ host: '127.0.0.1', port }, address) : undefined;
    try {
      const there = outside ? `http://${address}:${outside.port}/` : 'http://127.0.0.1.nip.io:9/';
      for (const serviceUrl of [
        there,
        outside ? `http://localhost@${address}:${outside.port}/` : 'http://localhost@192.0.2.1/',
        'https://smba.trafficmanager.net/emea/',
        'http://127.0.0.1.nip.io/',
        'file:///etc/passwd',
        'not a url',
      ]) {
        const client = new TeamsClient({ botUrl: polku.url, serviceUrl });
        for (const activity of [client.message('ohje'), client.installationUpdate('add')]) {
          const res = await client.send(activity);
          expect({ serviceUrl, status: res.status, body: res.body }).toEqual({
            serviceUrl,
            status: 403,
            body: { error: 'serviceUrlNotLocal' },
          });
        }
      }
      // Nothing was sent anywhere, nor even a connection opened.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(outside?.connections() ?? 0).toBe(0);
      expect(connector.attempts).toHaveLength(0);
      expect(connector.sent).toHaveLength(0);
    } finally {
      await outside?.stop();
    }
  });

  it("the Agents Playground's connector (http://localhost:<port>/_connector) and 127.0.0.1 are answered", async () => {
    const port = new URL(connector.url).port;
    connector.clear();
    for (const serviceUrl of [`http://localhost:${port}/`, `http://127.0.0.1:${port}/`]) {
      const client = new TeamsClient({ botUrl: polku.url, serviceUrl });
      expect((await client.send(client.message('ohje'))).status).toBe(200);
    }
    expect(connector.sent).toHaveLength(2);
  });
});

describe('with a bot identity (MicrosoftAppId) and no AAD_APP_CLIENT_ID', () => {
  const identity = { MicrosoftAppId: BOT_APP_ID, MicrosoftAppPassword: 'not-a-real-secret', POLKU_DEMO: 'on' };

  it('the tab API is off and says why; the start-up log says so', async () => {
    const polku = await startTestPolku(identity);
    try {
      for (const route of TAB_ROUTES) {
        const res = await fetch(`${polku.url}${route.path}`, {
          method: route.method,
          ...(route.body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(route.body) } : {}),
        });
        const text = await res.text();
        expect({ path: route.path, status: res.status }).toEqual({ path: route.path, status: 401 });
        expect(JSON.parse(text)).toEqual({ error: 'unauthenticated', reason: 'previewOff' });
      }
      const line = polku.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.bot !== undefined);
      expect(line).toMatchObject({ msg: 'modes: bot authenticated, tab API off', bot: 'authenticated', tabApi: 'off' });
    } finally {
      await polku.stop();
    }
  });

  it('POLKU_TAB_PREVIEW=on turns the preview on, loopback only, with the same checks', async () => {
    const polku = await startTestPolku({ ...identity, POLKU_TAB_PREVIEW: 'on' });
    try {
      expect((await request(polku.port, { path: teamPath, host: `127.0.0.1:${polku.port}` })).status).toBe(200);
      expectRefused(
        'rebinding',
        await request(polku.port, { path: teamPath, host: `evil.example:${polku.port}` }),
        401,
      );
      expect(polku.logs.some((l) => l.includes('"msg":"modes: bot authenticated, tab API preview"'))).toBe(true);
    } finally {
      await polku.stop();
    }
  });
});

describe('a local mode listens on loopback only', () => {
  it('POLKU_HOST=0.0.0.0 without a bot identity, or with the preview on, stops the start naming POLKU_HOST', () => {
    for (const env of [
      { POLKU_HOST: '0.0.0.0' },
      { POLKU_HOST: '192.0.2.2' },
      { POLKU_HOST: '::' },
      { POLKU_HOST: '0.0.0.0', AAD_APP_CLIENT_ID: '11111111-2222-3333-4444-555555555555' },
      { POLKU_HOST: '0.0.0.0', MicrosoftAppId: BOT_APP_ID, MicrosoftAppPassword: 'x', POLKU_TAB_PREVIEW: 'on' },
    ]) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(/POLKU_HOST: must be a loopback address/);
    }
    for (const host of ['127.0.0.1', '::1', 'localhost']) expect(loadConfig({ POLKU_HOST: host }).host).toBe(host);
    // A bot identity, the preview off: any address (App Service's front end is in between).
    expect(loadConfig({ POLKU_HOST: '0.0.0.0', MicrosoftAppId: BOT_APP_ID, MicrosoftAppPassword: 'x' })).toMatchObject({
      host: '0.0.0.0',
      tabApi: 'off',
    });
  });

  it('npm start with POLKU_HOST=0.0.0.0 and no bot identity exits before listening, saying why', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'polku-localonly-'));
    let r;
    try {
      // Were it to start (as it did before), it would stop at the timeout, its SIGTERM a graceful stop.
      r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bot', 'index.ts')], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, POLKU_HOST: '0.0.0.0', PORT: '0', POLKU_DATA_DIR: dataDir, POLKU_DEMO: 'off' },
        encoding: 'utf8',
        timeout: 20000,
      });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/POLKU_HOST: must be a loopback address/);
    expect(r.stdout).not.toContain('Polku is listening');
  });
});
