/**
 * Request bodies: restify's body parser runs for every routed request other than GET and HEAD
 * (POST /api/messages above all) before any token check, so what it accepts any caller can send.
 * A plain JSON body over 512 KB gets a 413 (tests/bot/http.test.ts); here, the other ways in.
 *
 * Only plain JSON bodies are read: another media type or any content encoding is refused unread
 * (415). restify's full bodyParser inflated a gzip body without counting the inflated bytes, and
 * handed multipart bodies to formidable, which wrote file parts to the temp folder and left them.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import { MAX_BODY_BYTES } from '../../bot/server';
import { startTestPolku, type TestPolku } from '../harness/polku';

let polku: TestPolku;
beforeAll(async () => {
  polku = await startTestPolku();
});
afterAll(() => polku.stop());

/** A request with a body as given (a Buffer, or chunks sent without Content-Length). */
function send(
  path: string,
  method: string,
  headers: Record<string, string>,
  body: Buffer | Buffer[],
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${polku.url}${path}`, { method, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    if (Buffer.isBuffer(body)) {
      req.end(body);
      return;
    }
    void (async () => {
      for (const chunk of body) if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
      req.end();
    })();
  });
}

const overLimit = () => Buffer.from(JSON.stringify({ type: 'message', text: 'x'.repeat(MAX_BODY_BYTES * 2) }));

async function stillServing(): Promise<void> {
  expect((await fetch(`${polku.url}/healthz`)).status).toBe(200);
}

describe('bodies past the limit (512 KB)', () => {
  it('a chunked upload without Content-Length gets a 413', async () => {
    const chunks = Array.from({ length: 20 }, () => Buffer.alloc(64 * 1024, 0x20));
    const res = await send('/api/messages', 'POST', { 'content-type': 'application/json' }, chunks);
    expect(res.status).toBe(413);
    await stillServing();
  });

  it('form-encoded and CSV bodies are refused unread (415)', async () => {
    for (const [type, body] of [
      ['application/x-www-form-urlencoded', `a=${'b'.repeat(MAX_BODY_BYTES * 2)}`],
      ['text/csv', 'a,b\n'.repeat(MAX_BODY_BYTES / 2)],
    ] as const) {
      const res = await send('/api/messages', 'POST', { 'content-type': type }, Buffer.from(body));
      expect({ type, status: res.status }).toEqual({ type, status: 415 });
    }
    await stillServing();
  });

  it('the API takes no body: other methods on its routes get a 405 without the body being read', async () => {
    for (const method of ['POST', 'PUT', 'PATCH']) {
      const res = await send('/api/me', method, { 'content-type': 'application/json' }, overLimit());
      expect({ method, status: res.status }).toEqual({ method, status: 405 });
    }
    await stillServing();
  });

  // 20 KB of gzip inflates to 20 MB; 512 KB of it would be ~500 MB. Compressed bodies are refused.
  it('a gzip body that would inflate past the limit is refused unread (415)', async () => {
    const gz = gzipSync(Buffer.from(JSON.stringify({ type: 'message', text: 'x'.repeat(20 * 1024 * 1024) })));
    expect(gz.length).toBeLessThan(MAX_BODY_BYTES);
    const res = await send(
      '/api/messages',
      'POST',
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      gz,
    );
    expect([413, 415]).toContain(res.status);
  });

  // formidable used to write the file part to the temp folder (up to 200 MB a file) and leave it there.
  it('a multipart body is refused unread and leaves no file in the temp folder', async () => {
    const tmp = os.tmpdir();
    const before = new Set(fs.readdirSync(tmp));
    const boundary = 'polku-test-boundary';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="f"; filename="a.bin"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      Buffer.alloc(MAX_BODY_BYTES * 2, 0x61),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await send(
      '/api/messages',
      'POST',
      { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
    );
    const left = fs.readdirSync(tmp).filter((f) => !before.has(f) && f.startsWith('upload_'));
    // This test's own litter goes, whatever the outcome.
    for (const f of left) fs.rmSync(`${tmp}/${f}`, { force: true });
    expect(left).toEqual([]);
    expect([413, 415]).toContain(res.status);
  });
});
