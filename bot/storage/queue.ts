/**
 * Writes to one pilot's totals, queued within this process. Table Storage's ETags already make
 * concurrent writers safe (across server instances too), but two hundred writers racing for one
 * row mostly lose and retry; taking turns here leaves the ETag retry for the rare cross-instance
 * race. Only promises are kept, and only while writes are waiting: no data, nothing to lose.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs fn after every earlier fn of the same key has settled. */
  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(fn, fn);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** How many keys have writes waiting (for tests and diagnostics). */
  get size(): number {
    return this.tails.size;
  }
}

/** A pause before retrying a lost race: random, growing with each attempt, at most a second. */
export function backoff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(1000, 5 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
