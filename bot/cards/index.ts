/**
 * Cards as data: each card is a JSON template in templates/, filled with adaptivecards-templating.
 * Handlers give data; they never assemble card JSON by hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { strings, type Locale, type Strings } from '../i18n';

export const CARD_NAMES = ['welcome', 'help'] as const;
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
  return card;
}

export function welcomeCard(locale: Locale): AdaptiveCardJson {
  return renderCard('welcome', locale);
}

export function helpCard(locale: Locale): AdaptiveCardJson {
  const t = strings(locale);
  const commands = [{ word: t.help.commandHelp, text: t.help.commandHelpText }];
  return renderCard('help', locale, { commands });
}
