/**
 * Text is data, never template. adaptivecards-templating leaves a missing binding in the card as
 * literal `${…}`, so a filled card is checked for leftovers; for that check to see only the
 * template's own bindings, every `$` in the data is replaced, before expansion, by a private-use
 * escape that no template and no locale string contains, and put back afterwards.
 */

/** Private-use character that starts an escape; followed by `d` it stands for `$`, by `e` for itself. */
export const ESCAPE = '\uE000';

const ENCODE = /[\uE000$]/g;
const DECODE = /\uE000([de])/g;

/** `text` with no `$` left in it; `decodeText` gives it back exactly. */
export function encodeText(text: string): string {
  return text.replace(ENCODE, (c) => (c === '$' ? `${ESCAPE}d` : `${ESCAPE}e`));
}

export function decodeText(text: string): string {
  return text.replace(DECODE, (_, k: string) => (k === 'd' ? '$' : ESCAPE));
}

/**
 * Sets an own property, whatever its name: `out['__proto__'] = v` would set the object's
 * prototype instead, and a key can be anything a person typed.
 */
export function ownProperty(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key !== '__proto__') out[key] = value;
  else Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

function mapStrings(node: unknown, f: (s: string) => string): unknown {
  if (typeof node === 'string') return f(node);
  if (Array.isArray(node)) return node.map((n) => mapStrings(n, f));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) ownProperty(out, f(k), mapStrings(v, f));
  return out;
}

/** The data with every string, and every key, encoded: nothing in it can read as a binding. */
export function encodeData<T>(data: T): T {
  return mapStrings(data, encodeText) as T;
}

/** An expanded card with the data's strings and keys given back as they were. */
export function decodeData<T>(card: T): T {
  return mapStrings(card, decodeText) as T;
}

const LEFTOVER = /\$\{[^}"]*\}?/;

/**
 * The first binding the template left unfilled, e.g. `${subtitle}`, or undefined. Only the
 * template can have put a `$` into an expansion of encoded data. The match stays inside one JSON
 * string and is cut where encoded data would begin, so what it names never carries what a person
 * typed.
 */
export function unfilledBinding(expanded: unknown): string | undefined {
  const m = LEFTOVER.exec(JSON.stringify(expanded));
  if (!m) return undefined;
  return m[0].split(ESCAPE)[0].slice(0, 80);
}
