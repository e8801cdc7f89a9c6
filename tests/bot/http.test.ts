/** Bad requests get a 4xx and a log line; the server keeps serving. */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startTestPolku, type TestPolku } from '../harness/polku';

describe('bad requests to /api/messages', () => {
  let polku: TestPolku;
  beforeAll(async () => {
    polku = await startTestPolku();
  });
  afterAll(() => polku.stop());

  const post = (body: string, contentType = 'application/json') =>
    fetch(`${polku.url}/api/messages`, { method: 'POST', headers: { 'content-type': contentType }, body });

  it('answers a HEAD probe of the bot endpoint (as the Agents Playground sends) with 204 and no warning', async () => {
    const res = await fetch(`${polku.url}/api/messages`, { method: 'HEAD' });
    expect(res.status).toBe(204);
    expect(polku.logs.filter((l) => l.includes('"level":40') && l.includes('/api/messages'))).toEqual([]);
  });

  it('malformed JSON gets a 400 and a log line, and the server keeps serving', async () => {
    const res = await post('{"type": "message", "text": ');
    expect(res.status).toBe(400);
    expect(polku.logs.some((l) => l.includes('"status":400') && l.includes('/api/messages'))).toBe(true);
    expect((await fetch(`${polku.url}/healthz`)).status).toBe(200);
  });

  it('a 2 MB body gets a 413 unread, and the server keeps serving', async () => {
    const big = JSON.stringify({ type: 'message', text: 'x'.repeat(2 * 1024 * 1024) });
    const res = await post(big);
    expect(res.status).toBe(413);
    expect(polku.logs.some((l) => l.includes('"status":413'))).toBe(true);
    expect((await fetch(`${polku.url}/healthz`)).status).toBe(200);
  });

  it('a JSON body that is not an activity gets a 4xx', async () => {
    for (const body of ['[]', '"text"', '{}', 'null']) {
      const res = await post(body);
      expect({ body, status: res.status >= 400 && res.status < 500 }).toEqual({ body, status: true });
    }
    expect((await fetch(`${polku.url}/healthz`)).status).toBe(200);
  });

  it('healthz answers 200 while storage answers', async () => {
    const res = await fetch(`${polku.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

// With a bot identity configured (no token, forged or expired tokens…): tests/security/botAuth.test.ts.

describe('the tab files', () => {
  let polku: TestPolku;
  beforeAll(async () => {
    polku = await startTestPolku();
  });
  afterAll(() => polku.stop());

  it('the configuration page named in the app manifest opens, keeping its query', async () => {
    const res = await fetch(`${polku.url}/tab/config?theme=dark`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/tab/config/?theme=dark');
    expect((await fetch(`${polku.url}/tab/config/`)).status).toBe(200);
  });

  it('the script goes compressed to a browser that accepts gzip, and plain to one that does not', async () => {
    // Raw bytes as they travel (fetch would decompress on its own).
    const raw = (encoding: string) =>
      new Promise<{ encoding?: string; bytes: Buffer }>((resolve, reject) => {
        http
          .get(`${polku.url}/tab/main.js`, { headers: { 'accept-encoding': encoding } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ encoding: res.headers['content-encoding'], bytes: Buffer.concat(chunks) }));
          })
          .on('error', reject);
      });
    const gz = await raw('gzip');
    const plain = await raw('identity');
    expect(gz.encoding).toBe('gzip');
    expect(plain.encoding).toBeUndefined();
    expect(gunzipSync(gz.bytes).equals(plain.bytes)).toBe(true);
    expect(gz.bytes.length * 2).toBeLessThan(plain.bytes.length);
  });

  it('a chunk is kept by the browser (its name changes with its content); an entry is asked again and answers 304 while unchanged', async () => {
    const chunk = fs.readdirSync(path.join(__dirname, '..', '..', 'tab', 'dist')).find((f) => /^chunk-.*\.js$/.test(f));
    expect(chunk).toBeDefined();
    for (const encoding of ['gzip', 'identity']) {
      const res = await fetch(`${polku.url}/tab/${chunk}`, { headers: { 'accept-encoding': encoding } });
      expect({ encoding, status: res.status, cache: res.headers.get('cache-control') }).toEqual({
        encoding,
        status: 200,
        cache: 'public, max-age=31536000, immutable',
      });
    }
    for (const encoding of ['gzip', 'identity']) {
      const first = await fetch(`${polku.url}/tab/main.js`, { headers: { 'accept-encoding': encoding } });
      expect(first.headers.get('cache-control')).not.toContain('immutable');
      const etag = first.headers.get('etag');
      expect(etag).toBeTruthy();
      // As a browser revalidates its copy (fetch itself would add Cache-Control: no-cache).
      const again = await new Promise<{ status?: number; body: number }>((resolve, reject) => {
        http
          .get(
            `${polku.url}/tab/main.js`,
            { headers: { 'accept-encoding': encoding, 'if-none-match': etag! } },
            (res) => {
              let body = 0;
              res.on('data', (c: Buffer) => (body += c.length));
              res.on('end', () => resolve({ status: res.statusCode, body }));
            },
          )
          .on('error', reject);
      });
      expect({ encoding, status: again.status, body: again.body }).toEqual({
        encoding,
        status: 304,
        body: 0,
      });
    }
  });
});
