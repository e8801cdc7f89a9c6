/**
 * Cards as data: each card is a JSON template in templates/, filled with adaptivecards-templating.
 * Handlers give data; they never assemble card JSON by hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { strings, type Locale, type Strings } from '../i18n';

export const CARD_NAMES = ['welcome', 'help', 'form', 'pilot', 'list', 'status'] as const;
export type CardName = (typeof CARD_NAMES)[number];

export type AdaptiveCardJson = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

const templates = new Map<CardName, ACData.Template>();

function template(name: CardName): ACData.Template {
  let t = templates.get(name);
  if (!t) {
    const file = path.join(__dirname, 'templates', `${name}.json`);
    t = new ACData.Template(JSON.parse(fs.readFileSync(file, 'utf8')));
    templates.set(name, t);
  }
  return t;
}

export class CardTemplateError extends Error {}

/** Fills a card template; every card gets `t`, the locale's strings. */
export function renderCard(name: CardName, locale: Locale, data: Record<string, unknown> = {}): AdaptiveCardJson {
  const t: Strings = strings(locale);
  const card = template(name).expand({ $root: { ...data, t } }) as AdaptiveCardJson;
  // adaptivecards-templating leaves a missing binding as literal text: refuse such a card.
  const leftover = /\$\{[^}]*\}/.exec(JSON.stringify(card));
  if (leftover) throw new CardTemplateError(`card ${name} has an unfilled binding ${leftover[0]}`);
  return finish(card) as AdaptiveCardJson;
}

/** Keys whose empty value means "not set" and must be left out for the card to be valid. */
const KEEP_EMPTY = new Set(['text', 'title']);

/**
 * Last touches every card gets: empty optional properties are left out (a template cannot omit
 * them), and every Action.Execute carries an Action.Submit fallback with its verb in the data,
 * for clients without Universal Actions.
 */
function finish(node: unknown, inRefresh = false): unknown {
  if (Array.isArray(node)) return node.filter((n) => n !== null).map((n) => finish(n, inRefresh));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (v === null || (v === '' && !KEEP_EMPTY.has(k))) continue;
    out[k] = finish(v, inRefresh || k === 'refresh');
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
    { word: h.commandHelp, text: h.commandHelpText },
  ];
  return renderCard('help', locale, { commands });
}
