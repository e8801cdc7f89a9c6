/**
 * Security headers on the wire: the tab's (CSP with Teams' hosts as the only foreign frame
 * ancestors, nosniff, Referrer-Policy, HSTS, Permissions-Policy, no X-Frame-Options) on every
 * answer under /tab — pages, the script gzipped and plain, redirects, a missing file — and the
 * API's (no-store, nosniff, a CSP that runs and frames nothing) on the JSON API, its refusals,
 * the bot endpoint and /healthz.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import { TEAMS_FRAME_ANCESTORS } from '../../bot/http/headers';
import { bearer, CLIENT_ID, TestIssuer } from '../api/tokens';
import { startTestPolku, type TestPolku } from '../harness/polku';
import { TENANT } from '../harness/teams';
import { ensureTabBuilt } from '../tab/browser';

type Headers = Record<string, string | string[] | undefined>;

/** One request as it travels (no redirect followed, nothing decompressed). */
function request(
  url: string,
  opts: { method?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
      .on('error', reject)
      .end();
  });
}

/** A CSP as directive → sources. */
function csp(headers: Headers): Map<string, string[]> {
  const value = headers['content-security-policy'];
  expect(typeof value).toBe('string');
  return new Map(
    String(value)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

function expectTabHeaders(what: string, headers: Headers): void {
  const policy = csp(headers);
  expect({ what, ancestors: policy.get('frame-ancestors') }).toEqual({
    what,
    ancestors: expect.arrayContaining(["'self'", ...TEAMS_FRAME_ANCESTORS]),
  });
  // Microsoft's documented hosts, spelt out here too: the list in the module must not lose one.
  for (const host of ['https://teams.microsoft.com', 'https://*.teams.microsoft.com', 'https://*.cloud.microsoft']) {
    expect(policy.get('frame-ancestors')).toContain(host);
  }
  // The test server listens on loopback: pages of other loopback ports may frame it too, nothing else.
  const others = policy
    .get('frame-ancestors')!
    .filter((s) => s !== "'self'" && !(TEAMS_FRAME_ANCESTORS as readonly string[]).includes(s));
  expect(others.every((s) => /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\*$/.test(s))).toBe(true);
  expect(policy.get('default-src')).toEqual(["'none'"]);
  expect(policy.get('script-src')).toEqual(["'self'"]);
  expect(policy.get('object-src')).toEqual(["'none'"]);
  expect(policy.get('base-uri')).toEqual(["'none'"]);
  expect(policy.get('connect-src')).toEqual(["'self'", 'https://res.cdn.office.net']);
  expect(policy.get('style-src')?.[0]).toBe("'self'");
  const all = [...policy.values()].flat();
  // No keyword or scheme that would let in any inline code or any site.
  expect({ what, wide: all.filter((s) => /unsafe|^\*$|^(https?|blob|filesystem):$/.test(s)) }).toEqual({
    what,
    wide: [],
  });
  expect(policy.get('img-src')).toEqual(["'self'", 'data:']);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['strict-transport-security']).toMatch(/^max-age=\d{7,}; includeSubDomains$/);
  expect(headers['permissions-policy']).toMatch(/camera=\(\)/);
  expect(headers['permissions-policy']).toMatch(/geolocation=\(\)/);
  expect(headers['permissions-policy']).toMatch(/microphone=\(\)/);
  // X-Frame-Options cannot name Teams' hosts; any value of it would keep Teams from framing the tab.
  expect({ what, xfo: headers['x-frame-options'] }).toEqual({ what, xfo: undefined });
}

function expectApiHeaders(what: string, headers: Headers, cache = 'no-store'): void {
  expect({ what, csp: headers['content-security-policy'] }).toEqual({
    what,
    csp: "default-src 'none'; frame-ancestors 'none'",
  });
  expect({ what, cache: headers['cache-control'] }).toEqual({ what, cache });
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['strict-transport-security']).toMatch(/^max-age=\d{7,}; includeSubDomains$/);
}

describe('the tab (local preview server)', () => {
  let polku: TestPolku;
  beforeAll(async () => {
    ensureTabBuilt();
    polku = await startTestPolku({ POLKU_DEMO: 'on' });
  });
  afterAll(() => polku.stop());

  it('/tab/ and the configuration page: the tab headers, and the inline <style> allowed by its hash', async () => {
    for (const path of ['/tab/', '/tab/index.html', '/tab/config/', '/tab/config.html']) {
      const res = await request(`${polku.url}${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expectTabHeaders(path, res.headers);
      const style = /<style>([\s\S]*?)<\/style>/.exec(res.body.toString('utf8'))?.[1];
      expect(style).toBeDefined();
      const hash = `'sha256-${createHash('sha256').update(style!, 'utf8').digest('base64')}'`;
      expect(csp(res.headers).get('style-src')).toContain(hash);
    }
  });

  it('/tab/main.js, gzipped and plain: the tab headers and a JavaScript type', async () => {
    const gz = await request(`${polku.url}/tab/main.js`, { headers: { 'accept-encoding': 'gzip' } });
    const plain = await request(`${polku.url}/tab/main.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    for (const [what, res] of [
      ['gzip', gz],
      ['plain', plain],
    ] as const) {
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/javascript/);
      expectTabHeaders(`main.js ${what}`, res.headers);
    }
  });

  it('the redirects into the tab, and a file that is not there, carry the headers too', async () => {
    for (const [path, status] of [
      ['/tab', 301],
      ['/tab/config?theme=dark', 302],
      ['/tab/no-such-file.js', 404],
    ] as const) {
      const res = await request(`${polku.url}${path}`);
      expect({ path, status: res.status }).toEqual({ path, status });
      expectTabHeaders(path, res.headers);
    }
    // The site root only redirects to the tab: it is not the tab, and gets the strict set.
    const root = await request(`${polku.url}/`);
    expect(root.status).toBe(302);
    expectApiHeaders('/', root.headers);
  });
});

describe('the API, the bot endpoint and /healthz', () => {
  let preview: TestPolku;
  let signedIn: TestPolku;
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await TestIssuer.start();
    [preview, signedIn] = await Promise.all([
      startTestPolku({ POLKU_DEMO: 'on' }),
      startTestPolku({ AAD_APP_CLIENT_ID: CLIENT_ID, AAD_JWKS_URI: issuer.url }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([preview?.stop(), signedIn?.stop()]);
    await issuer?.stop();
  });

  it('a JSON answer (200): no-store, nosniff, and a CSP that runs nothing and cannot be framed', async () => {
    const res = await request(`${preview.url}/api/me`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expectApiHeaders('/api/me', res.headers);
  });

  it("an overview (ETag): the browser's own cache only, revalidated (private, no-cache); the rest as any answer", async () => {
    const me = JSON.parse((await request(`${preview.url}/api/me`)).body.toString('utf8')) as {
      teams: { tenantId: string; teamId: string }[];
    };
    const team = me.teams[0];
    const path = `/api/teams/${encodeURIComponent(team.tenantId)}/${encodeURIComponent(team.teamId)}/pilots`;
    const res = await request(`${preview.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBeDefined();
    expectApiHeaders(path, res.headers, 'private, no-cache');
    const again = await request(`${preview.url}${path}`, { headers: { 'if-none-match': String(res.headers.etag) } });
    expect(again.status).toBe(304);
    expectApiHeaders(`${path} 304`, again.headers, 'private, no-cache');
  });

  it('refusals: a 401 without a token or with an expired one, a 404, a 405', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    const expired = await issuer.token(
      { oid: 'a1b2c3d4-0000-4000-8000-000000000001', tid: TENANT },
      { exp: past, iat: past - 60, nbf: past - 60 },
    );
    for (const [what, res, status] of [
      ['no token', await request(`${signedIn.url}/api/me`), 401],
      ['expired', await request(`${signedIn.url}/api/me`, { headers: bearer(expired) }), 401],
      ['no pilot', await request(`${preview.url}/api/pilots/no-such-pilot`), 404],
      ['no route', await request(`${preview.url}/api/no-such-thing`), 404],
      ['POST', await request(`${preview.url}/api/me`, { method: 'POST' }), 405],
    ] as const) {
      expect({ what, status: res.status }).toEqual({ what, status });
      expectApiHeaders(what, res.headers);
    }
  });

  it('/api/messages (HEAD probe, a refused body) and /healthz', async () => {
    const head = await request(`${preview.url}/api/messages`, { method: 'HEAD' });
    expect(head.status).toBe(204);
    expectApiHeaders('HEAD /api/messages', head.headers);
    const bad = await fetch(`${preview.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(bad.status).toBe(400);
    expectApiHeaders('POST /api/messages', Object.fromEntries(bad.headers));
    const health = await request(`${preview.url}/healthz`);
    expect(health.status).toBe(200);
    expectApiHeaders('/healthz', health.headers);
  });
});
