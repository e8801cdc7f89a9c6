/** The regional view's own texts (small: the overview names the view before its code is loaded). */
import type { Locale } from './formats';
import en from './locales/regional.en.json';
import fi from './locales/regional.fi.json';
import sv from './locales/regional.sv.json';

export type RegionalTexts = typeof fi;
const TEXTS: Record<Locale, RegionalTexts> = { fi, sv, en };

/** The regional view's own texts in the tab's language. */
export function regionalTexts(locale: Locale): RegionalTexts {
  return TEXTS[locale];
}
