/**
 * The delivery discipline for proactive messages, on a virtual clock: nothing here really sleeps.
 */
import {
  type Clock,
  deliver,
  httpStatusOf,
  Pacer,
  type RateWindow,
  retryAfterMsOf,
  PACED_LIMITS,
  TEAMS_LIMITS,
} from '../../bot/application/reminders/delivery';

/** Virtual time: sleepers wake in order of their wake-up time, only when the test lets time run. */
class FakeClock implements Clock {
  private sleepers: { at: number; seq: number; wake: () => void }[] = [];
  private seq = 0;
  readonly sleeps: number[] = [];

  constructor(private t = Date.UTC(2026, 2, 2, 8, 0, 0)) {}

  now(): number {
    return this.t;
  }

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((wake) => this.sleepers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, wake }));
  }

  /** Moves time forward, waking every sleeper due by then in order. */
  async advance(ms: number): Promise<void> {
    const until = this.t + ms;
    await settle();
    for (;;) {
      const next = this.earliest();
      if (!next || next.at > until) break;
      this.wakeOne(next);
      await settle();
    }
    this.t = until;
  }

  /** Runs time forward until `work` settles; fails if it waits for nothing. */
  async run<T>(work: Promise<T>): Promise<T> {
    let done = false;
    work.then(
      () => (done = true),
      () => (done = true),
    );
    for (;;) {
      await settle();
      if (done) return work;
      const next = this.earliest();
      if (!next) throw new Error('work is stuck with no sleeper to wake');
      this.wakeOne(next);
    }
  }

  private earliest() {
    return [...this.sleepers].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
  }

  private wakeOne(sleeper: { at: number; wake: () => void }): void {
    this.sleepers = this.sleepers.filter((s) => s !== sleeper);
    this.t = Math.max(this.t, sleeper.at);
    sleeper.wake();
  }
}

/** Lets every pending promise chain run (a real macrotask turn, no real waiting). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A connector error as botbuilder throws it: a RestError with statusCode and response.headers.get(). */
function restError(statusCode: number, headers: Record<string, string> = {}, code?: string): Error {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return Object.assign(new Error(`status ${statusCode}`), {
    name: 'RestError',
    statusCode,
    code,
    response: { status: statusCode, headers: { get: (name: string) => lower.get(name.toLowerCase()) } },
  });
}

/** A send that answers from a script: an error to throw, or a value to return. */
function scripted<T>(clock: Clock, answers: (Error | T)[]) {
  const calls: number[] = [];
  const send = async (): Promise<T> => {
    calls.push(clock.now());
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { send, calls };
}

/** The largest number of times falling in any half-open span [t, t + ms). */
function busiest(times: number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= ms) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

function expectWithin(times: number[], windows: readonly RateWindow[]): void {
  for (const { count, ms } of windows) expect(busiest(times, ms)).toBeLessThanOrEqual(count);
}

describe('TEAMS_LIMITS', () => {
  it('names Teams’ numbers once', () => {
    expect(TEAMS_LIMITS.perConversation).toEqual([
      { count: 7, ms: 1000 },
      { count: 8, ms: 2000 },
      { count: 60, ms: 30000 },
      { count: 1800, ms: 3600000 },
    ]);
    expect(TEAMS_LIMITS.perTenant).toEqual([{ count: 30, ms: 1000 }]);
  });
});

describe('Pacer', () => {
  it('keeps by default to 80 % of each of Teams’ limits, for one conversation and for a tenant', async () => {
    expect(PACED_LIMITS.perConversation.map((w) => w.count)).toEqual([5, 6, 48, 1440]);
    expect(PACED_LIMITS.perTenant).toEqual([{ count: 24, ms: 1000 }]);
    const clock = new FakeClock();
    const pacer = new Pacer({ clock });
    const one: number[] = [];
    const tenant: number[] = [];
    await clock.run(
      Promise.all([
        ...Array.from({ length: 70 }, () => pacer.take('conv-a', 'tenant-1').then(() => one.push(clock.now()))),
        ...Array.from({ length: 200 }, (_, i) =>
          pacer.take(`conv-${i}`, 'tenant-2').then(() => tenant.push(clock.now())),
        ),
      ]),
    );
    for (const { count, ms } of TEAMS_LIMITS.perConversation) {
      expect(busiest(one, ms)).toBeLessThanOrEqual(Math.floor(count * 0.8));
    }
    for (const { count, ms } of TEAMS_LIMITS.perTenant) {
      expect(busiest(tenant, ms)).toBeLessThanOrEqual(Math.floor(count * 0.8));
    }
  });

  it('counts a send until it is answered, so slow answers cannot crowd more than 24 arrivals into a second', async () => {
    // Teams counts a message when it arrives: anywhere between its send and its answer. The first
    // 24 sends here are answered (and, at worst, arrive) 400 ms late; the later ones arrive at once.
    const clock = new FakeClock();
    const pacer = new Pacer({ clock });
    const arrivals: number[] = [];
    await clock.run(
      Promise.all(
        Array.from({ length: 72 }, (_, i) =>
          deliver(
            async () => {
              if (i < 24) await clock.sleep(400);
              arrivals.push(clock.now());
            },
            { pacer, conversationKey: `conv-${i}`, tenantKey: 'tenant-1' },
          ),
        ),
      ),
    );
    expect(arrivals).toHaveLength(72);
    expect(busiest(arrivals, 1000)).toBeLessThanOrEqual(24);
  });

  it('paces 10 sends to one conversation as the windows imply', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const pacer = new Pacer({ clock, limits: TEAMS_LIMITS });
    const times: number[] = [];
    await clock.run(
      Promise.all(
        Array.from({ length: 10 }, () => pacer.take('conv-a', 'tenant-1').then(() => times.push(clock.now() - start))),
      ),
    );
    times.sort((a, b) => a - b);
    // 7 in the first second; the 8th waits for the 1 s window, the 9th for the 2 s window.
    expect(times.slice(0, 7)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(times[7]).toBeGreaterThanOrEqual(1000);
    expect(times[8]).toBeGreaterThanOrEqual(2000);
    expect(times[9]).toBeGreaterThanOrEqual(2000);
    expectWithin(times, TEAMS_LIMITS.perConversation);
  });

  it('keeps a long run of sends to one conversation within 60 in 30 s', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ clock });
    const times: number[] = [];
    await clock.run(
      Promise.all(Array.from({ length: 130 }, () => pacer.take('conv-a', 't').then(() => times.push(clock.now())))),
    );
    expectWithin(times, TEAMS_LIMITS.perConversation);
    // 60 in the first 30 s, 60 more by 60 s, the last 10 only after that.
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(60_000);
  });

  it('paces two conversations of one tenant apart, both under the tenant’s 30 a second', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ clock, limits: TEAMS_LIMITS });
    const a: number[] = [];
    const b: number[] = [];
    await clock.run(
      Promise.all([
        ...Array.from({ length: 7 }, () => pacer.take('conv-a', 'tenant-1').then(() => a.push(clock.now()))),
        ...Array.from({ length: 7 }, () => pacer.take('conv-b', 'tenant-1').then(() => b.push(clock.now()))),
      ]),
    );
    // Independent: each conversation gets its own 7 in the first second, at once.
    const start = Math.min(...a, ...b);
    expect(a.every((t) => t === start)).toBe(true);
    expect(b.every((t) => t === start)).toBe(true);

    // With a tenant limit lower than the two together, the tenant holds both back.
    const clock2 = new FakeClock();
    const tight = new Pacer({ clock: clock2, limits: { ...TEAMS_LIMITS, perTenant: [{ count: 10, ms: 1000 }] } });
    const both: number[] = [];
    const each = { 'conv-a': [] as number[], 'conv-b': [] as number[] };
    await clock2.run(
      Promise.all(
        (['conv-a', 'conv-b'] as const).flatMap((conv) =>
          Array.from({ length: 7 }, () =>
            tight.take(conv, 'tenant-1').then(() => {
              both.push(clock2.now());
              each[conv].push(clock2.now());
            }),
          ),
        ),
      ),
    );
    expectWithin(both, [{ count: 10, ms: 1000 }]);
    expectWithin(each['conv-a'], TEAMS_LIMITS.perConversation);
    expectWithin(each['conv-b'], TEAMS_LIMITS.perConversation);
    expect(Math.max(...both) - Math.min(...both)).toBe(1000);
  });

  it('holds many conversations of one tenant to 30 a second together, and other tenants apart', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ clock, limits: TEAMS_LIMITS });
    const tenant1: number[] = [];
    const tenant2: number[] = [];
    const takes: Promise<unknown>[] = [];
    for (let c = 0; c < 20; c++) {
      for (let i = 0; i < 5; i++) {
        takes.push(pacer.take(`conv-${c}`, 'tenant-1').then(() => tenant1.push(clock.now())));
      }
    }
    for (let i = 0; i < 7; i++) takes.push(pacer.take('conv-x', 'tenant-2').then(() => tenant2.push(clock.now())));
    const start = clock.now();
    await clock.run(Promise.all(takes));
    expect(tenant1).toHaveLength(100);
    expectWithin(tenant1, TEAMS_LIMITS.perTenant);
    expect(busiest(tenant1, 1000)).toBe(30);
    // 100 sends at 30 a second: the last ones only in the fourth second.
    expect(Math.max(...tenant1) - start).toBeGreaterThanOrEqual(3000);
    // Another tenant is not held up by the first one's queue.
    expect(tenant2.every((t) => t === start)).toBe(true);
  });

  it('forgets keys once their windows are empty', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ clock });
    await clock.run(Promise.all([pacer.take('conv-a', 'tenant-1'), pacer.take('conv-b', 'tenant-2')]));
    expect(pacer.size).toEqual({ conversations: 2, tenants: 2 });

    await clock.advance(1000);
    pacer.prune();
    // The tenants' only window is a second; the conversations' longest is an hour.
    expect(pacer.size).toEqual({ conversations: 2, tenants: 0 });

    await clock.advance(3_600_000 - 1000 - 1);
    pacer.prune();
    expect(pacer.size).toEqual({ conversations: 2, tenants: 0 });

    // take() prunes too (at most once per shortest window): after the hour only the key just used is left.
    await clock.advance(1000);
    await clock.run(pacer.take('conv-c', 'tenant-3'));
    expect(pacer.size).toEqual({ conversations: 1, tenants: 1 });
  });

  it('keeps no more times per conversation than its longest window allows', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ clock, limits: { perConversation: [{ count: 3, ms: 1000 }], perTenant: [] } });
    const times: number[] = [];
    await clock.run(
      Promise.all(Array.from({ length: 30 }, () => pacer.take('conv-a', 't').then(() => times.push(clock.now())))),
    );
    expectWithin(times, [{ count: 3, ms: 1000 }]);
    expect(Math.max(...times) - Math.min(...times)).toBe(9000);
    await clock.advance(1000);
    pacer.prune();
    expect(pacer.size).toEqual({ conversations: 0, tenants: 0 });
  });
});

describe('deliver', () => {
  const setup = () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ clock });
    return { clock, pacer, opts: { pacer, conversationKey: 'conv-a', tenantKey: 'tenant-1' } };
  };

  it('sends once when the connector answers', async () => {
    const { clock, opts } = setup();
    const { send, calls } = scripted(clock, [{ id: 'activity-1' }]);
    await expect(clock.run(deliver(send, opts))).resolves.toEqual({
      status: 'sent',
      value: { id: 'activity-1' },
      attempts: 1,
    });
    expect(calls).toHaveLength(1);
  });

  it('waits at least Retry-After (seconds) after a 429, then sends once', async () => {
    const { clock, opts } = setup();
    const { send, calls } = scripted(clock, [restError(429, { 'Retry-After': '2' }, 'Throttled'), 'ok']);
    const result = await clock.run(deliver(send, { ...opts, random: () => 0 }));
    expect(result).toEqual({ status: 'sent', value: 'ok', attempts: 2 });
    expect(calls).toHaveLength(2);
    expect(calls[1] - calls[0]).toBeGreaterThanOrEqual(2000);
  });

  it('honours Retry-After given as an HTTP date, and as a plain header object', async () => {
    const { clock, opts } = setup();
    const at = new Date(clock.now() + 5000).toUTCString();
    const plain = Object.assign(new Error('throttled'), {
      statusCode: 429,
      response: { status: 429, headers: { 'Retry-After': at } },
    });
    const { send, calls } = scripted(clock, [plain, 'ok']);
    const result = await clock.run(deliver(send, opts));
    expect(result).toMatchObject({ status: 'sent', attempts: 2 });
    expect(calls[1] - calls[0]).toBeGreaterThanOrEqual(5000);
  });

  it('retries 503, 503 and sends on the third try', async () => {
    const { clock, opts } = setup();
    const { send, calls } = scripted(clock, [restError(503), restError(503), 'ok']);
    const result = await clock.run(deliver(send, opts));
    expect(result).toEqual({ status: 'sent', value: 'ok', attempts: 3 });
    expect(calls).toHaveLength(3);
    // Backoff grows: at least 0.5 s before the second try, 1 s before the third.
    expect(calls[1] - calls[0]).toBeGreaterThanOrEqual(500);
    expect(calls[2] - calls[1]).toBeGreaterThanOrEqual(1000);
  });

  it('gives up on 403 at once: gone, one try', async () => {
    const { clock, opts } = setup();
    const { send, calls } = scripted<string>(clock, [restError(403, {}, 'BotNotInConversationRoster')]);
    const result = await clock.run(deliver(send, opts));
    expect(result).toEqual({ status: 'gone', httpStatus: 403, attempts: 1, code: 'BotNotInConversationRoster' });
    expect(calls).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('gives up on 404 at once: gone', async () => {
    const { clock, opts } = setup();
    const { send, calls } = scripted<string>(clock, [restError(404, {}, 'ConversationNotFound')]);
    await expect(clock.run(deliver(send, opts))).resolves.toMatchObject({ status: 'gone', httpStatus: 404 });
    expect(calls).toHaveLength(1);
  });

  it('fails on 400 at once', async () => {
    const { clock, opts } = setup();
    const { send, calls } = scripted<string>(clock, [restError(400, {}, 'BadArgument')]);
    const result = await clock.run(deliver(send, opts));
    expect(result).toMatchObject({ status: 'failed', httpStatus: 400, attempts: 1 });
    expect(calls).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('fails after 5 tries of 500', async () => {
    const { clock, opts } = setup();
    const { send, calls } = scripted<string>(clock, [restError(500)]);
    const result = await clock.run(deliver(send, opts));
    expect(result).toMatchObject({ status: 'failed', httpStatus: 500, attempts: 5 });
    expect(calls).toHaveLength(5);
  });

  it('keeps to maxAttempts', async () => {
    const { clock, opts } = setup();
    const { send, calls } = scripted<string>(clock, [restError(502)]);
    const result = await clock.run(deliver(send, { ...opts, maxAttempts: 2 }));
    expect(result).toMatchObject({ status: 'failed', httpStatus: 502, attempts: 2 });
    expect(calls).toHaveLength(2);
  });

  it('stops when Retry-After is longer than maxWaitMs, and says how long the server asked for', async () => {
    const { clock, opts } = setup();
    const { send, calls } = scripted<string>(clock, [restError(429, { 'retry-after': '120' })]);
    const result = await clock.run(deliver(send, { ...opts, maxWaitMs: 60_000 }));
    expect(result).toMatchObject({ status: 'failed', httpStatus: 429, attempts: 1, retryAfterMs: 120_000 });
    expect(calls).toHaveLength(1);
  });

  it('retries a dropped connection, but not a bug in send', async () => {
    const { clock, opts } = setup();
    const reset = Object.assign(new Error('socket hang up'), { name: 'RestError', code: 'ECONNRESET' });
    const dropped = scripted(clock, [reset, 'ok']);
    await expect(clock.run(deliver(dropped.send, opts))).resolves.toMatchObject({ status: 'sent', attempts: 2 });

    const bug = scripted<string>(clock, [new TypeError('cannot read properties of undefined')]);
    const result = await clock.run(deliver(bug.send, opts));
    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    expect(result).not.toHaveProperty('httpStatus', expect.anything());
    expect(bug.calls).toHaveLength(1);
  });

  it('a failure names the error for the log, never its message (which may quote what a person typed)', async () => {
    const { clock, opts } = setup();
    const refused = scripted<string>(clock, [restError(400, {}, 'BadArgument')]);
    await expect(clock.run(deliver(refused.send, opts))).resolves.toMatchObject({ errorName: 'RestError' });
    const card = scripted<string>(clock, [new TypeError('no binding for Päivystys 131052-308T')]);
    const result = await clock.run(deliver(card.send, opts));
    expect(result).toMatchObject({ status: 'failed', errorName: 'TypeError' });
    expect(JSON.stringify(result)).not.toContain('Päivystys');
    const odd = scripted<string>(clock, [Object.assign(new Error('x'), { name: 'Päivystys 131052-308T' })]);
    await expect(clock.run(deliver(odd.send, opts))).resolves.toMatchObject({ errorName: 'Error' });
  });

  it('paces retries too: every try of every delivery to one conversation stays within its windows', async () => {
    const { clock, pacer } = setup();
    const all: number[] = [];
    const deliveries = Array.from({ length: 12 }, (_, i) => {
      const { send, calls } = scripted(clock, i % 3 === 0 ? [restError(503), 'ok'] : ['ok']);
      return deliver(
        async () => {
          all.push(clock.now());
          return send();
        },
        { pacer, conversationKey: 'conv-a', tenantKey: 'tenant-1' },
      ).then((r) => ({ r, calls }));
    });
    const results = await clock.run(Promise.all(deliveries));
    expect(results.every(({ r }) => r.status === 'sent')).toBe(true);
    expect(all).toHaveLength(16);
    expectWithin(all, TEAMS_LIMITS.perConversation);
  });
});

describe('reading connector errors', () => {
  it('reads the status from statusCode, or from response.status', () => {
    expect(httpStatusOf(restError(429))).toBe(429);
    expect(httpStatusOf({ response: { status: 503 } })).toBe(503);
    expect(httpStatusOf(new Error('plain'))).toBeUndefined();
    expect(httpStatusOf('not an error')).toBeUndefined();
  });

  it('reads Retry-After as seconds or an HTTP date, never negative', () => {
    const now = Date.UTC(2026, 2, 2, 8, 0, 0);
    expect(retryAfterMsOf(restError(429, { 'Retry-After': '3' }), now)).toBe(3000);
    expect(retryAfterMsOf(restError(429, { 'Retry-After': new Date(now + 7000).toUTCString() }), now)).toBe(7000);
    expect(retryAfterMsOf(restError(429, { 'Retry-After': new Date(now - 7000).toUTCString() }), now)).toBe(0);
    expect(retryAfterMsOf({ response: { headers: { 'retry-after': ['4'] } } }, now)).toBe(4000);
    expect(retryAfterMsOf(restError(429, { 'Retry-After': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMsOf(restError(429), now)).toBeUndefined();
  });
});
