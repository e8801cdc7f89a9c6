/**
 * What this process last read or wrote of a few rows, with their ETags, so that the next write
 * can be guarded by the ETag without reading the row first. Never the truth: a write that quotes
 * a remembered ETag fails (412) when anyone changed the row since, and the writer then reads it.
 * Bounded: the least recently used entry goes first.
 */
export class Recent<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    const v = this.entries.get(key);
    if (v === undefined) return undefined;
    // Map keeps insertion order: moving the key to the end makes the first key the least recent.
    this.entries.delete(key);
    this.entries.set(key, v);
    return v;
  }

  set(key: string, v: V): void {
    this.entries.delete(key);
    this.entries.set(key, v);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
