/**
 * Fills a card as a person in Teams would: finds inputs by id and buttons by their titles, and
 * sends what Teams sends when a button is pressed (the action's data merged with every input's
 * current value, unless the button takes no inputs).
 */
import type { TeamsClient } from './teams';

export type Card = Record<string, unknown>;

interface Node {
  type?: string;
  id?: string;
  value?: unknown;
  title?: string;
  verb?: string;
  data?: Record<string, unknown>;
  associatedInputs?: string;
  [k: string]: unknown;
}

function walk(n: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(n)) return n.forEach((x) => walk(x, visit));
  if (n && typeof n === 'object') {
    visit(n as Node);
    for (const [k, v] of Object.entries(n)) if (k !== 'fallback' && k !== 'refresh') walk(v, visit);
  }
}

/** Every input of a card with its current value, as Teams would send it (strings). */
export function inputsOf(card: Card): Record<string, string> {
  const out: Record<string, string> = {};
  walk(card, (n) => {
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string') {
      out[n.id] = n.value === undefined || n.value === null ? '' : String(n.value);
    }
  });
  return out;
}

/** The input with this id, to read its label, value or choices. */
export function inputOf(card: Card, id: string): Node | undefined {
  let found: Node | undefined;
  walk(card, (n) => {
    if (!found && typeof n.type === 'string' && n.type.startsWith('Input.') && n.id === id) found = n;
  });
  return found;
}

/** Titles of the card's buttons, in order. */
export function buttonsOf(card: Card): string[] {
  const out: string[] = [];
  walk(card, (n) => {
    if (n.type === 'Action.Execute' && typeof n.title === 'string') out.push(n.title);
  });
  return out;
}

export function actionOf(card: Card, title: string): Node {
  let found: Node | undefined;
  walk(card, (n) => {
    if (!found && n.type === 'Action.Execute' && n.title === title) found = n;
  });
  if (!found) throw new Error(`no button "${title}" on the card; it has: ${buttonsOf(card).join(' | ')}`);
  return found;
}

/** What Teams posts for a press: the action's data and (unless the button takes none) the inputs. */
export function pressData(
  card: Card,
  title: string,
  typed: Record<string, string> = {},
): { verb: string; data: Record<string, unknown> } {
  const a = actionOf(card, title);
  const inputs = a.associatedInputs === 'none' ? {} : { ...inputsOf(card), ...typed };
  return { verb: String(a.verb), data: { ...(a.data ?? {}), ...inputs } };
}

export interface Pressed {
  status: number;
  card: Card;
  body: unknown;
}

/** Presses a button: an adaptiveCard/action invoke, answered with the next card. */
export async function press(
  client: TeamsClient,
  card: Card,
  title: string,
  typed: Record<string, string> = {},
  extra: Record<string, unknown> = {},
): Promise<Pressed> {
  const { verb, data } = pressData(card, title, typed);
  const res = await client.send({ ...client.execute(verb, data), replyToId: 'card-message-1', ...extra });
  const body = res.body as { statusCode?: number; value?: Card } | undefined;
  return { status: res.status, card: (body?.value ?? {}) as Card, body };
}
