/**
 * Cards as data: each card is a JSON template in templates/, filled with adaptivecards-templating.
 * Handlers give data; they never assemble card JSON by hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import type * as ACData from 'adaptivecards-templating';
import { strings, type Locale, type Strings } from '../i18n';
import { escapeMarkdown } from './markdown';
import { decodeData, encodeData, ownProperty, unfilledBinding } from './templateData';

export const CARD_NAMES = ['welcome', 'help', 'form', 'pilot', 'list', 'status', 'digest'] as const;
export type CardName = (typeof CARD_NAMES)[number];

export type AdaptiveCardJson = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

const templates = new Map<CardName, ACData.Template>();

/**
 * adaptivecards-templating, with the expression engine under it (adaptive-expressions, antlr4ts,
 * lodash: some 20 MB once loaded), is required when the first card is filled, not at start.
 */
let templating: typeof ACData | undefined;

function template(name: CardName): ACData.Template {
  let t = templates.get(name);
  if (!t) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    templating ??= require('adaptivecards-templating') as typeof ACData;
    const file = path.join(__dirname, 'templates', `${name}.json`);
    t = new templating.Template(JSON.parse(fs.readFileSync(file, 'utf8')));
    templates.set(name, t);
  }
  return t;
}

/** A template binding the data did not fill; its message names the binding, never the data. */
export class CardTemplateError extends Error {}

/**
 * Fills a card template; every card gets `t`, the locale's strings. What the data hold is shown
 * as written: it is never read as a binding (templateData.ts) nor as Markdown (markdown.ts).
 */
export function renderCard(name: CardName, locale: Locale, data: Record<string, unknown> = {}): AdaptiveCardJson {
  const t: Strings = strings(locale);
  const expanded: unknown = template(name).expand({ $root: encodeData({ ...data, t }) });
  // adaptivecards-templating leaves a missing binding as literal text: refuse such a card.
  const binding = unfilledBinding(expanded);
  if (binding !== undefined) throw new CardTemplateError(`card ${name} has an unfilled binding ${binding}`);
  return finish(decodeData(expanded)) as AdaptiveCardJson;
}

/** Keys whose empty value means "not set" and must be left out for the card to be valid. */
const KEEP_EMPTY = new Set(['text', 'title']);

/**
 * Last touches every card gets: empty optional properties are left out (a template cannot omit
 * them); the text of TextBlocks and facts, which Teams reads as Markdown, is escaped to show as
 * written; and every Action.Execute carries an Action.Submit fallback with its verb in the data,
 * for clients without Universal Actions. Input values and action data are never escaped: they go
 * back to the bot as they are.
 */
function finish(node: unknown, inRefresh = false, inFacts = false): unknown {
  if (Array.isArray(node)) return node.filter((n) => n !== null).map((n) => finish(n, inRefresh, inFacts));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (v === null || (v === '' && !KEEP_EMPTY.has(k))) continue;
    ownProperty(
      out,
      k,
      finish(v, inRefresh || k === 'refresh', k === 'facts' && (node as { type?: unknown }).type === 'FactSet'),
    );
  }
  if (out.type === 'TextBlock' && typeof out.text === 'string') out.text = escapeMarkdown(out.text);
  if (inFacts) {
    for (const k of ['title', 'value'] as const) if (typeof out[k] === 'string') out[k] = escapeMarkdown(out[k]);
  }
  if (out.type === 'Action.Execute' && !out.fallback && !inRefresh) {
    const data = { ...((out.data as Record<string, unknown> | undefined) ?? {}), verb: out.verb };
    out.data = data;
    out.fallback = { type: 'Action.Submit', title: out.title, data, ...(out.style ? { style: out.style } : {}) };
    if (out.associatedInputs) (out.fallback as Record<string, unknown>).associatedInputs = out.associatedInputs;
  }
  return out;
}

export function welcomeCard(locale: Locale): AdaptiveCardJson {
  return renderCard('welcome', locale);
}

export function helpCard(locale: Locale): AdaptiveCardJson {
  const t = strings(locale);
  const h = t.help;
  const commands = [
    { word: h.commandNewPilot, text: h.commandNewPilotText },
    { word: h.commandLog, text: h.commandLogText },
    { word: h.commandStatus, text: h.commandStatusText },
    { word: h.commandPilots, text: h.commandPilotsText },
    { word: h.commandMyData, text: h.commandMyDataText },
    { word: h.commandDigest, text: h.commandDigestText },
    { word: h.commandHelp, text: h.commandHelpText },
  ];
  return renderCard('help', locale, { commands });
}
