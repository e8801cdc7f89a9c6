/**
 * Slow and endless clients: a client that trickles its headers, trickles a chunked body that
 * never ends or keeps an idle connection is cut off within seconds (the server's timeouts, set
 * small here through config), and a body past the limit is refused as soon as it passes it, not
 * after the client has sent all of it.
 */
import http from 'node:http';
import net from 'node:net';
import { MAX_BODY_BYTES } from '../../bot/server';
import { startTestPolku, type TestPolku } from '../harness/polku';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A raw connection to Polku: what it answered, and when the server closed it (ms after opening). */
function connect(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  const opened = Date.now();
  let answer = '';
  socket.on('data', (c: Buffer) => (answer += c.toString('latin1')));
  socket.on('error', () => undefined); // a reset after the server's answer is the point of the test
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - opened)));
  return { socket, closed, answer: () => answer };
}

/** Resolves with the value, or with 'still open' once `ms` have passed. */
const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, sleep(ms).then(() => 'still open' as const)]);

/**
 * Writes `next()` every `everyMs` until it gives nothing more or the server closes; resolves
 * with when the server closed (ms after opening), or 'still open' after `capMs`.
 */
async function trickle(c: ReturnType<typeof connect>, next: () => string | undefined, everyMs: number, capMs: number) {
  let stop = false;
  const writing = (async () => {
    for (let piece = next(); piece !== undefined && !stop && !c.socket.destroyed; piece = next()) {
      c.socket.write(piece);
      await sleep(everyMs);
    }
  })();
  const closedAt = await within(c.closed, capMs);
  stop = true;
  c.socket.destroy();
  await writing;
  return closedAt;
}

describe('slow clients are cut off (headers 1 s, whole request 2 s, keep-alive 1 s)', () => {
  let polku: TestPolku;
  beforeAll(async () => {
    polku = await startTestPolku({
      POLKU_HEADERS_TIMEOUT_MS: '1000',
      POLKU_REQUEST_TIMEOUT_MS: '2000',
      POLKU_KEEP_ALIVE_TIMEOUT_MS: '1000',
    });
  });
  afterAll(() => polku.stop());

  it('a client sending its headers one byte a second is closed within a few seconds (408)', async () => {
    const c = connect(polku.port);
    const request = `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${polku.port}\r\nX-Padding: ${'a'.repeat(40)}\r\n\r\n`;
    let i = 0;
    const closedAt = await trickle(c, () => request[i++], 1000, 6000);
    expect(closedAt).not.toBe('still open');
    expect(closedAt).toBeLessThan(4000);
    expect(c.answer()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('an endless chunked body, trickled, is closed within a few seconds', async () => {
    const c = connect(polku.port);
    c.socket.write(
      `POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1:${polku.port}\r\n` +
        'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n[\r\n',
    );
    const closedAt = await trickle(c, () => '2\r\n0,\r\n', 200, 8000);
    expect(closedAt).not.toBe('still open');
    expect(closedAt).toBeLessThan(5000);
  });

  it('an idle keep-alive connection is closed after about the keep-alive timeout', async () => {
    const c = connect(polku.port);
    c.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${polku.port}\r\nConnection: keep-alive\r\n\r\n`);
    const closedAt = await within(c.closed, 6000);
    c.socket.destroy();
    expect(c.answer()).toMatch(/^HTTP\/1\.1 200/);
    expect(closedAt).not.toBe('still open');
    expect(closedAt).toBeLessThan(3000);
  });
});

describe('a body past the limit (512 KB) is refused as soon as it passes it', () => {
  let polku: TestPolku;
  beforeAll(async () => {
    polku = await startTestPolku();
  });
  afterAll(() => polku.stop());

  const TEN_MB = 10 * 1024 * 1024;
  const CHUNK = 64 * 1024;

  /**
   * Streams 10 MB to /api/messages in 64 KB pieces, 10 ms apart (about 1.6 s in all), stopping
   * when the answer comes or the server closes; says how much had been sent by then.
   */
  function streamTenMegabytes(headers: Record<string, string>) {
    return new Promise<{ status: number; sentWhenAnswered: number; sentInAll: number }>((resolve, reject) => {
      let sent = 0;
      let answered: { status: number; sentWhenAnswered: number } | undefined;
      let done = false;
      const req = http.request(
        `${polku.url}/api/messages`,
        { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
        (res) => {
          answered = { status: res.statusCode ?? 0, sentWhenAnswered: sent };
          res.resume();
        },
      );
      const finish = () => {
        if (done) return;
        done = true;
        if (answered) resolve({ ...answered, sentInAll: sent });
        else reject(new Error(`no answer after ${sent} bytes`));
      };
      req.on('error', finish); // EPIPE / ECONNRESET once the server has closed: expected
      req.on('close', finish);
      void (async () => {
        req.write('{"type":"message","text":"');
        while (sent < TEN_MB && !answered && !req.destroyed) {
          req.write(Buffer.alloc(CHUNK, 0x61));
          sent += CHUNK;
          await sleep(10);
        }
        if (answered || req.destroyed) req.destroy();
        else req.end('"}');
      })();
    });
  }

  it('a chunked upload (no Content-Length) gets its 413 after about the limit, not after 10 MB', async () => {
    const r = await streamTenMegabytes({});
    expect(r.status).toBe(413);
    expect(r.sentWhenAnswered).toBeGreaterThanOrEqual(MAX_BODY_BYTES - CHUNK);
    expect(r.sentWhenAnswered).toBeLessThan(4 * MAX_BODY_BYTES);
    expect(r.sentInAll).toBeLessThan(TEN_MB);
    expect((await fetch(`${polku.url}/healthz`)).status).toBe(200);
  });

  it('a Content-Length past the limit gets its 413 before the body is sent', async () => {
    const r = await streamTenMegabytes({ 'content-length': String(TEN_MB + 30) });
    expect(r.status).toBe(413);
    expect(r.sentWhenAnswered).toBeLessThan(MAX_BODY_BYTES);
    expect((await fetch(`${polku.url}/healthz`)).status).toBe(200);
  });

  it('a body within the limit is still read whole', async () => {
    const text = 'x'.repeat(MAX_BODY_BYTES - 1024);
    const res = await fetch(`${polku.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text }),
    });
    // Not an activity (no conversation, no serviceUrl): read, parsed and refused as such.
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'the body is not a Bot Framework activity' });
  });
});
