/**
 * The tab's strings in all three languages at once, synchronously, for tests that hold the tab's
 * wording against the bot's. The tab itself loads only the language it shows (formats.ts
 * loadStrings): it never imports this module.
 */
import { type Locale, type TabStrings } from './formats';
import { strings as en } from './strings/en';
import { strings as fi } from './strings/fi';
import { strings as sv } from './strings/sv';

export * from './formats';

const ALL: Record<Locale, TabStrings> = { fi, sv, en };

export function tabStrings(locale: Locale): TabStrings {
  return ALL[locale];
}
